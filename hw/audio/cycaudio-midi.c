/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio MIDI UART: an MPU-401 in UART mode on I/O BAR1, its control side
 * in the MMIO block at CYC_MIDI_BASE, bytes to and from the 'midi' chardev.
 * Programming model: docs/cycaudio.rst "MIDI UART". The wire runs on
 * QEMU_CLOCK_VIRTUAL: byte k of a burst crosses it at start + (k + 1) *
 * CYC_MIDI_BYTE_NS, computed from the burst's start, never accumulated. The
 * host chardev never steers guest-visible time: it only feeds the RX wire
 * queue and takes TX bytes as they depart.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/pci/pci.h"
#include "migration/vmstate.h"
#include "cycaudio-state.h"
#include "trace.h"

#define MIDI_BYTE_NS        ((int64_t)CYC_MIDI_BYTE_NS)
#define MIDI_CTL_MASK \
    (CYC_MIDI_CTL_EN_MASK | CYC_MIDI_CTL_RXIE_MASK | CYC_MIDI_CTL_LOOP_MASK)
/* Burst start times a migration may carry: deadlines cannot overflow. */
#define MIDI_START_MAX      (INT64_C(1) << 62)

static int64_t midi_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static bool midi_push(CycMidiQueue *q, uint8_t *buf, uint32_t size, uint8_t b)
{
    if (q->level >= size) {
        return false;
    }
    buf[(q->rd + q->level) % size] = b;
    q->level++;
    return true;
}

static uint8_t midi_pop(CycMidiQueue *q, const uint8_t *buf, uint32_t size)
{
    uint8_t b = buf[q->rd];

    q->rd = (q->rd + 1) % size;
    q->level--;
    return b;
}

static void midi_clear(CycMidiQueue *q)
{
    q->rd = 0;
    q->level = 0;
}

static int64_t midi_due(int64_t start_ns, uint32_t done)
{
    return start_ns + ((int64_t)done + 1) * MIDI_BYTE_NS;
}

/* Counts a byte of a burst; rebasing keeps the formula's terms small. */
static void midi_advance(int64_t *start_ns, uint32_t *done)
{
    (*done)++;
    if (*done >= CYC_MIDI_REBASE) {
        *start_ns += (int64_t)*done * MIDI_BYTE_NS;
        *done = 0;
    }
}

/* The chardev may feed the RX wire: enabled, not looped back. */
static bool midi_accepting(CycMidi *m)
{
    return (m->ctl & CYC_MIDI_CTL_EN_MASK) &&
           !(m->ctl & CYC_MIDI_CTL_LOOP_MASK);
}

/* A byte enters the RX FIFO at @when, or is lost with RXOVR if it is full. */
static void midi_rx_put(CycAudioState *s, uint8_t b, int64_t when)
{
    CycMidi *m = &s->midi;

    if (!midi_push(&m->rx, m->rxbuf, CYC_MIDI_FIFO_DEPTH, b)) {
        m->ovr = true;
        if (m->ovrcnt != UINT32_MAX) {
            m->ovrcnt++;
        }
        trace_cycaudio_midi_overrun(b, m->ovrcnt, when);
        return;
    }
    trace_cycaudio_midi_rx(b, when);
}

/* The TX FIFO's head byte has crossed the wire at @when. */
static void midi_depart(CycAudioState *s, int64_t when)
{
    CycMidi *m = &s->midi;
    uint8_t b = midi_pop(&m->tx, m->txbuf, CYC_MIDI_FIFO_DEPTH);

    midi_advance(&m->tx_start_ns, &m->tx_done);
    trace_cycaudio_midi_tx(b, when);
    if (m->ctl & CYC_MIDI_CTL_LOOP_MASK) {
        midi_rx_put(s, b, when);
        return;
    }
    /*
     * Never block the main loop: a chardev that takes nothing now (a full
     * socket or pipe) loses the byte, counted for the host only.
     */
    if (qemu_chr_fe_backend_connected(&s->midi_chr) &&
        qemu_chr_fe_write(&s->midi_chr, &b, 1) != 1) {
        m->tx_lost++;
        trace_cycaudio_midi_tx_lost(b, m->tx_lost);
    }
}

static void midi_arm(CycAudioState *s)
{
    CycMidi *m = &s->midi;
    int64_t deadline = INT64_MAX;

    if (m->tx.level) {
        deadline = midi_due(m->tx_start_ns, m->tx_done);
    }
    if (m->wire.level) {
        deadline = MIN(deadline, midi_due(m->rx_start_ns, m->rx_done));
    }
    if (deadline == INT64_MAX) {
        timer_del(&m->timer);
    } else {
        timer_mod(&m->timer, deadline);
    }
}

/*
 * Moves every byte due by @now across the wire, in time order (TX first at
 * equal times, so a looped byte is in RX before a wire byte of the same
 * instant). Each turn takes one byte out of a bounded queue.
 */
static void midi_run(CycAudioState *s, int64_t now)
{
    CycMidi *m = &s->midi;
    bool freed = false;

    for (;;) {
        int64_t tx = m->tx.level ? midi_due(m->tx_start_ns, m->tx_done) :
                                   INT64_MAX;
        int64_t rx = m->wire.level ? midi_due(m->rx_start_ns, m->rx_done) :
                                     INT64_MAX;

        if (tx <= now && tx <= rx) {
            midi_depart(s, tx);
        } else if (rx <= now) {
            uint8_t b = midi_pop(&m->wire, m->wirebuf, CYC_MIDI_WIRE_BYTES);

            midi_advance(&m->rx_start_ns, &m->rx_done);
            midi_rx_put(s, b, rx);
            freed = true;
        } else {
            break;
        }
    }
    midi_arm(s);
    cycaudio_update_irq(s);
    if (freed && midi_accepting(m)) {
        qemu_chr_fe_accept_input(&s->midi_chr);
    }
}

/* Brings the UART to now and updates the interrupt (INTSTS reads). */
void cycaudio_midi_catch_up(CycAudioState *s)
{
    midi_run(s, midi_now());
}

static void midi_timer(void *opaque)
{
    midi_run(opaque, midi_now());
}

/* ---- the MPU-401 ports --------------------------------------------------- */

static uint8_t midi_data_read(CycAudioState *s)
{
    CycMidi *m = &s->midi;
    uint8_t b;

    midi_run(s, midi_now());
    if (!m->rx.level) {
        return 0;
    }
    b = midi_pop(&m->rx, m->rxbuf, CYC_MIDI_FIFO_DEPTH);
    cycaudio_update_irq(s);
    return b;
}

static uint8_t midi_status(CycAudioState *s)
{
    CycMidi *m = &s->midi;

    midi_run(s, midi_now());
    return (m->rx.level ? 0 : CYC_MPU_STATUS_DSR_MASK) |
           (m->tx.level >= CYC_MIDI_FIFO_DEPTH ? CYC_MPU_STATUS_DRR_MASK : 0);
}

static void midi_data_write(CycAudioState *s, uint8_t b)
{
    CycMidi *m = &s->midi;
    int64_t now = midi_now();

    midi_run(s, now);
    if (!m->uart) {
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: MIDI data 0x%02x written "
                      "outside UART mode dropped\n", b);
        return;
    }
    if (!m->tx.level) {
        m->tx_start_ns = now;
        m->tx_done = 0;
    }
    if (!midi_push(&m->tx, m->txbuf, CYC_MIDI_FIFO_DEPTH, b)) {
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: MIDI data 0x%02x written "
                      "with the TX FIFO full (DRR) dropped\n", b);
        return;
    }
    midi_arm(s);
}

static void midi_command(CycAudioState *s, uint8_t cmd)
{
    CycMidi *m = &s->midi;
    int64_t now = midi_now();

    midi_run(s, now);
    if (cmd == CYC_MPU_CMD_RESET) {
        /* The byte on the wire and those behind it never leave. */
        m->uart = false;
        midi_clear(&m->tx);
        m->tx_done = 0;
        midi_clear(&m->rx);
    } else if (m->uart) {
        trace_cycaudio_midi_command(cmd, m->uart, now);
        return;
    } else if (cmd == CYC_MPU_CMD_UART) {
        m->uart = true;
    } else {
        qemu_log_mask(LOG_UNIMP, "cycaudio: MPU-401 command 0x%02x of the "
                      "intelligent mode acknowledged and ignored\n", cmd);
    }
    trace_cycaudio_midi_command(cmd, m->uart, now);
    midi_rx_put(s, CYC_MPU_ACK, now);
    midi_arm(s);
    cycaudio_update_irq(s);
}

static uint64_t cycaudio_mpu_read(void *opaque, hwaddr addr, unsigned size)
{
    CycAudioState *s = opaque;

    if (cycaudio_pm_blocks(s, addr, false)) {
        return 0xff;
    }
    switch (addr) {
    case CYC_MPU_DATA:
        return midi_data_read(s);
    case CYC_MPU_STATUS:
        return midi_status(s);
    default:
        return 0;
    }
}

static void cycaudio_mpu_write(void *opaque, hwaddr addr, uint64_t data,
                               unsigned size)
{
    CycAudioState *s = opaque;

    if (cycaudio_pm_blocks(s, addr, true)) {
        return;
    }
    switch (addr) {
    case CYC_MPU_DATA:
        midi_data_write(s, data);
        break;
    case CYC_MPU_COMMAND:
        midi_command(s, data);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: write to reserved MPU-401 "
                      "port +%" HWADDR_PRIx "\n", addr);
        break;
    }
}

/* Wider port accesses arrive as byte accesses, lowest port first. */
const MemoryRegionOps cycaudio_mpu_ops = {
    .read = cycaudio_mpu_read,
    .write = cycaudio_mpu_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 1,
    },
};

/* ---- MMIO control block -------------------------------------------------- */

bool cycaudio_midi_decode(hwaddr addr)
{
    return addr >= CYC_MIDI_BASE && addr <= CYC_MIDI_OVRCNT && !(addr & 3);
}

uint32_t cycaudio_midi_mmio_read(CycAudioState *s, hwaddr addr)
{
    CycMidi *m = &s->midi;

    /* Every register shows the UART as of now, however late the timer. */
    midi_run(s, midi_now());
    switch (addr) {
    case CYC_MIDI_DATA:
        return midi_data_read(s);
    case CYC_MIDI_STS:
        return CYC_SET(0, CYC_MIDI_STS_RXLVL, m->rx.level) |
               CYC_SET(0, CYC_MIDI_STS_TXLVL, m->tx.level) |
               CYC_SET(0, CYC_MIDI_STS_RXOVR, m->ovr) |
               CYC_SET(0, CYC_MIDI_STS_UART, m->uart);
    case CYC_MIDI_CTL:
        return m->ctl;
    default:
        return m->ovrcnt;
    }
}

void cycaudio_midi_mmio_write(CycAudioState *s, hwaddr addr, uint32_t val)
{
    CycMidi *m = &s->midi;
    bool was;

    /* Bytes due so far cross under the old settings (CTL.LOOP, RXOVR). */
    midi_run(s, midi_now());
    switch (addr) {
    case CYC_MIDI_DATA:
        midi_data_write(s, val);
        break;
    case CYC_MIDI_STS:
        if (val & CYC_MIDI_STS_RXOVR_MASK) {
            m->ovr = false;
        }
        break;
    case CYC_MIDI_CTL:
        was = midi_accepting(m);
        m->ctl = val & MIDI_CTL_MASK;
        cycaudio_update_irq(s);
        if (!was && midi_accepting(m)) {
            qemu_chr_fe_accept_input(&s->midi_chr);
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: write to read-only "
                      "MIDI_OVRCNT ignored\n");
        break;
    }
}

/* ---- chardev ------------------------------------------------------------- */

static int midi_can_receive(void *opaque)
{
    CycAudioState *s = opaque;
    CycMidi *m = &s->midi;

    if (!midi_accepting(m)) {
        return 0;
    }
    return CYC_MIDI_WIRE_BYTES - m->wire.level;
}

static void midi_receive(void *opaque, const uint8_t *buf, int size)
{
    CycAudioState *s = opaque;
    CycMidi *m = &s->midi;
    int64_t now = midi_now();
    int i;

    midi_run(s, now);
    for (i = 0; i < size; i++) {
        if (!m->wire.level) {
            m->rx_start_ns = now;
            m->rx_done = 0;
        }
        if (!midi_push(&m->wire, m->wirebuf, CYC_MIDI_WIRE_BYTES, buf[i])) {
            /* can_receive bounds size; nothing reaches here */
            break;
        }
    }
    midi_arm(s);
}

/* ---- lifecycle ----------------------------------------------------------- */

void cycaudio_midi_reset(CycAudioState *s)
{
    CycMidi *m = &s->midi;

    m->uart = false;
    m->ctl = 0;
    m->ovr = false;
    m->ovrcnt = 0;
    midi_clear(&m->tx);
    midi_clear(&m->rx);
    midi_clear(&m->wire);
    m->tx_start_ns = 0;
    m->tx_done = 0;
    m->rx_start_ns = 0;
    m->rx_done = 0;
    timer_del(&m->timer);
}

void cycaudio_midi_init(CycAudioState *s)
{
    timer_init_ns(&s->midi.timer, QEMU_CLOCK_VIRTUAL, midi_timer, s);
    qemu_chr_fe_set_handlers(&s->midi_chr, midi_can_receive, midi_receive,
                             NULL, NULL, s, NULL, true);
    /* Host-side counts for tests: bytes on the RX wire, TX bytes lost. */
    object_property_add_uint32_ptr(OBJECT(s), "x-midi-wire-level",
                                   &s->midi.wire.level, OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(OBJECT(s), "x-midi-tx-lost",
                                   &s->midi.tx_lost, OBJ_PROP_FLAG_READ);
}

void cycaudio_midi_exit(CycAudioState *s)
{
    timer_del(&s->midi.timer);
    qemu_chr_fe_deinit(&s->midi_chr, false);
}

/* ---- migration ----------------------------------------------------------- */

static bool midi_queue_ok(const CycMidiQueue *q, uint32_t size)
{
    return q->rd < size && q->level <= size;
}

static int cycaudio_midi_post_load(void *opaque, int version_id)
{
    CycAudioState *s = opaque;
    CycMidi *m = &s->midi;

    if (!midi_queue_ok(&m->tx, CYC_MIDI_FIFO_DEPTH) ||
        !midi_queue_ok(&m->rx, CYC_MIDI_FIFO_DEPTH) ||
        !midi_queue_ok(&m->wire, CYC_MIDI_WIRE_BYTES) ||
        (m->ctl & ~MIDI_CTL_MASK) ||
        m->tx_done >= CYC_MIDI_REBASE || m->rx_done >= CYC_MIDI_REBASE ||
        m->tx_start_ns < 0 || m->tx_start_ns > MIDI_START_MAX ||
        m->rx_start_ns < 0 || m->rx_start_ns > MIDI_START_MAX) {
        trace_cycaudio_post_load(UINT32_MAX, -EINVAL);
        return -EINVAL;
    }
    /* Deadlines follow from the bursts; the timer is not migrated. */
    midi_arm(s);
    if (midi_accepting(m)) {
        qemu_chr_fe_accept_input(&s->midi_chr);
    }
    return 0;
}

static bool cycaudio_midi_needed(void *opaque)
{
    return true;
}

const VMStateDescription vmstate_cycaudio_midi = {
    .name = "cycaudio/midi",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = cycaudio_midi_needed,
    .post_load = cycaudio_midi_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_BOOL(midi.uart, CycAudioState),
        VMSTATE_UINT32(midi.ctl, CycAudioState),
        VMSTATE_BOOL(midi.ovr, CycAudioState),
        VMSTATE_UINT32(midi.ovrcnt, CycAudioState),
        VMSTATE_UINT32(midi.tx.rd, CycAudioState),
        VMSTATE_UINT32(midi.tx.level, CycAudioState),
        VMSTATE_UINT8_ARRAY(midi.txbuf, CycAudioState, CYC_MIDI_FIFO_DEPTH),
        VMSTATE_UINT32(midi.rx.rd, CycAudioState),
        VMSTATE_UINT32(midi.rx.level, CycAudioState),
        VMSTATE_UINT8_ARRAY(midi.rxbuf, CycAudioState, CYC_MIDI_FIFO_DEPTH),
        VMSTATE_UINT32(midi.wire.rd, CycAudioState),
        VMSTATE_UINT32(midi.wire.level, CycAudioState),
        VMSTATE_UINT8_ARRAY(midi.wirebuf, CycAudioState, CYC_MIDI_WIRE_BYTES),
        VMSTATE_INT64(midi.tx_start_ns, CycAudioState),
        VMSTATE_UINT32(midi.tx_done, CycAudioState),
        VMSTATE_INT64(midi.rx_start_ns, CycAudioState),
        VMSTATE_UINT32(midi.rx_done, CycAudioState),
        VMSTATE_END_OF_LIST()
    },
};
