/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio sequencer: a guest-memory ring of timestamped MIDI events played
 * into the synthesiser (cycaudio-synth.c) as render stream SYNTH.STREAM
 * fetches frames. Programming model: docs/cycaudio.rst "Sequencer". An event
 * at wall time T acts from the stream frame whose time is the first >= T,
 * base + ceil((T - t_run) * rate / 1e9), where t_run is the wall time the
 * stream's clock last (re)started at frame base; the ring is read only here,
 * event by event, and every guest value is checked before use.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/pci/pci.h"
#include "migration/vmstate.h"
#include "cycaudio-state.h"
#include "trace.h"

#define SEQ_CTL_ENABLES \
    (CYC_SEQ_CTL_DIE_MASK | CYC_SEQ_CTL_LIE_MASK | CYC_SEQ_CTL_EIE_MASK)
#define SEQ_STS_EVENTS \
    (CYC_SEQ_STS_DRAINED_MASK | CYC_SEQ_STS_LATE_MASK | \
     CYC_SEQ_STS_ERROR_MASK)

static const MemTxAttrs cycaudio_seq_attrs = { .memory = 1 };

static int64_t seq_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static CycAudioStream *seq_stream(CycAudioState *s)
{
    return &s->st[CYC_RENDER_BLOCK(s->seq.stream)];
}

static uint32_t seq_rate(CycAudioState *s)
{
    return cycaudio_fmt_rate(seq_stream(s)->cfg.fmt);
}

/* Moves the synth stream (and with it the ring) up to now. */
static void seq_catch_up(CycAudioState *s)
{
    cycaudio_stream_catch_up(seq_stream(s));
}

static void seq_stop(CycAudioState *s)
{
    CycSeq *q = &s->seq;

    q->running = false;
    q->ctl &= ~CYC_SEQ_CTL_EN_MASK;
    timer_del(&q->timer);
    /* Nothing may stay stuck once no event can end it. */
    cycaudio_synth_release_all(&q->synth, seq_rate(s));
}

static void seq_error(CycAudioState *s, uint32_t code)
{
    CycSeq *q = &s->seq;

    qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: sequencer error %u\n", code);
    trace_cycaudio_seq_error(code, seq_now());
    q->err = code;
    q->sts |= CYC_SEQ_STS_ERROR_MASK;
    seq_stop(s);
    cycaudio_update_irq(s);
}

/*
 * Stream frame (run frames) where an event at wall time ns acts; false when
 * it lies before the stream's clock last started (the event is late).
 */
static bool seq_event_frame(CycAudioState *s, uint64_t wall, uint64_t *frame)
{
    CycAudioStream *st = seq_stream(s);
    uint32_t rate = cycaudio_fmt_rate(st->cfg.fmt);
    int64_t run_wall = st->start_ns - s->wall_base_ns;
    uint64_t d, q, r;

    if (wall > INT64_MAX || (int64_t)wall < run_wall) {
        /* Beyond any clock: never due. */
        *frame = wall > INT64_MAX ? UINT64_MAX : 0;
        return wall > INT64_MAX;
    }
    d = wall - run_wall;
    q = d / NANOSECONDS_PER_SECOND;
    r = d % NANOSECONDS_PER_SECOND;
    *frame = st->base_frames + q * rate +
             DIV_ROUND_UP(r * rate, NANOSECONDS_PER_SECOND);
    return true;
}

/* Reads ring entry idx; false (and the sequencer stopped) on a DMA fault. */
static bool seq_read_event(CycAudioState *s, uint32_t idx, uint64_t *wall,
                           uint32_t *msg)
{
    uint8_t ev[CYC_SEQ_EVENT_SIZE];
    dma_addr_t addr = s->seq.ring + (uint64_t)idx * CYC_SEQ_EVENT_SIZE;
    MemTxResult r;

    r = pci_dma_rw(PCI_DEVICE(s), addr, ev, sizeof(ev),
                   DMA_DIRECTION_TO_DEVICE, cycaudio_seq_attrs);
    if (r != MEMTX_OK) {
        seq_error(s, CYC_SEQ_ERR_DMA_FAULT);
        return false;
    }
    *wall = ldq_le_p(ev + CYC_SEQ_EV_TIME);
    *msg = ldl_le_p(ev + CYC_SEQ_EV_MSG);
    return true;
}

/*
 * Arms the timer for the instant the stream fetches the head event's frame,
 * so HEAD and DRAINED move then, not at the stream's next wake-up.
 */
static void seq_arm(CycAudioState *s)
{
    CycSeq *q = &s->seq;
    CycAudioStream *st = seq_stream(s);
    uint64_t wall, frame;
    uint32_t msg;
    int64_t ns;

    timer_del(&q->timer);
    if (!q->running || q->head == q->tail || st->state != CYC_STATE_RUN ||
        !seq_read_event(s, q->head, &wall, &msg)) {
        return;
    }
    if (!seq_event_frame(s, wall, &frame) || frame < st->run_frames) {
        frame = st->run_frames;
    }
    if (frame == UINT64_MAX) {
        return;
    }
    ns = cycaudio_frames_to_ns_ceil(frame + 1 - st->base_frames,
                                    cycaudio_fmt_rate(st->cfg.fmt));
    timer_mod_ns(&q->timer, ns > INT64_MAX - st->start_ns ? INT64_MAX :
                                                           st->start_ns + ns);
}

static void seq_timer(void *opaque)
{
    CycAudioState *s = opaque;

    seq_catch_up(s);
    seq_arm(s);
}

/*
 * Hook of the render engine: n frames of stream st were fetched into buf, the
 * first being run frame st->run_frames. Plays the events due in them at their
 * frames. Runs inside the engine (MMIO fenced).
 */
static void seq_render(CycAudioStream *st, uint8_t *buf, uint32_t n)
{
    CycAudioState *s = st->s;
    CycSeq *q = &s->seq;
    uint32_t rate = cycaudio_fmt_rate(st->cfg.fmt);
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);
    uint64_t first = st->run_frames;
    uint64_t cur = first;
    bool consumed = false;

    if (st->id != CYC_RENDER_BLOCK(q->stream)) {
        return;
    }
    /* Bounded: each turn consumes an event, at most RING_COUNT of them. */
    while (q->running && q->head != q->tail) {
        uint64_t wall, frame;
        uint32_t msg;
        bool late;

        if (!seq_read_event(s, q->head, &wall, &msg)) {
            break;
        }
        late = !seq_event_frame(s, wall, &frame) || frame < cur;
        if (!late && frame >= first + n) {
            break;
        }
        if (!late) {
            cycaudio_synth_render(&q->synth, rate, st->cfg.fmt,
                                  buf + (cur - first) * fb, frame - cur);
            cur = frame;
        }
        trace_cycaudio_seq_event(q->head, msg, wall, cur, late, seq_now());
        cycaudio_synth_event(&q->synth, msg, rate);
        q->head = (q->head + 1) & (q->count - 1);
        q->evcnt++;
        consumed = true;
        if (late) {
            q->sts |= CYC_SEQ_STS_LATE_MASK;
            q->latecnt += q->latecnt != UINT32_MAX;
        }
        if (q->head == q->tail) {
            q->sts |= CYC_SEQ_STS_DRAINED_MASK;
        }
    }
    cycaudio_synth_render(&q->synth, rate, st->cfg.fmt,
                          buf + (cur - first) * fb, first + n - cur);
    if (consumed) {
        cycaudio_update_irq(s);
    }
}

/* Hook: stream st's clock (re)started; the head event's deadline moved. */
static void seq_stream_running(CycAudioStream *st)
{
    CycAudioState *s = st->s;

    if (s->seq.running && st->id == CYC_RENDER_BLOCK(s->seq.stream)) {
        trace_cycaudio_seq_clock(st->id, st->start_ns - s->wall_base_ns,
                                 st->base_frames, seq_now());
        seq_arm(s);
    }
}

/* EN 0 -> 1: the checks in the documented order, then latch. */
static void seq_enable(CycAudioState *s)
{
    CycSeq *q = &s->seq;
    uint32_t stream = CYC_GET(q->synth_reg, CYC_SEQ_SYNTH_STREAM);
    uint64_t ring = deposit64(q->ring_lo, 32, 32, q->ring_hi);
    uint32_t count = q->ring_count;
    uint32_t bytes = count * CYC_SEQ_EVENT_SIZE;

    if (stream >= s->render_streams) {
        seq_error(s, CYC_SEQ_ERR_BAD_STREAM);
        return;
    }
    q->stream = stream;
    if (ring % CYC_SEQ_RING_ALIGN) {
        seq_error(s, CYC_SEQ_ERR_RING_ALIGN);
        return;
    }
    if (!count || count > CYC_SEQ_RING_MAX || (count & (count - 1))) {
        seq_error(s, CYC_SEQ_ERR_RING_COUNT);
        return;
    }
    if (ring > UINT64_MAX - bytes + 1 ||
        !cycaudio_range_is_ram(PCI_DEVICE(s), ring, bytes, false)) {
        seq_error(s, CYC_SEQ_ERR_RING_ADDR);
        return;
    }
    if (q->tail >= count) {
        seq_error(s, CYC_SEQ_ERR_BAD_TAIL);
        return;
    }
    q->ring = ring;
    q->count = count;
    q->head = 0;
    q->running = true;
    q->ctl |= CYC_SEQ_CTL_EN_MASK;
    trace_cycaudio_seq_enable(ring, count, stream, seq_now());
    seq_catch_up(s);
    seq_arm(s);
}

static void seq_write_ctl(CycAudioState *s, uint32_t val)
{
    CycSeq *q = &s->seq;
    bool en = val & CYC_SEQ_CTL_EN_MASK;

    seq_catch_up(s);
    q->ctl = (q->ctl & CYC_SEQ_CTL_EN_MASK) | (val & SEQ_CTL_ENABLES);
    if (val & CYC_SEQ_CTL_RST_MASK) {
        cycaudio_synth_reset(&q->synth);
    }
    if (en && !q->running) {
        seq_enable(s);
    } else if (!en && q->running) {
        seq_stop(s);
    }
}

static void seq_write_tail(CycAudioState *s, uint32_t val)
{
    CycSeq *q = &s->seq;

    if (!q->running) {
        q->tail = val;
        return;
    }
    /* Frames due before this write are fetched: later events are late. */
    seq_catch_up(s);
    if (!q->running) {
        return;
    }
    if (val >= q->count) {
        seq_error(s, CYC_SEQ_ERR_BAD_TAIL);
        return;
    }
    q->tail = val;
    seq_arm(s);
}

bool cycaudio_seq_decode(hwaddr addr)
{
    return addr >= CYC_SEQ_BASE && addr < CYC_SEQ_END && !(addr & 3);
}

uint32_t cycaudio_seq_mmio_read(CycAudioState *s, hwaddr addr)
{
    CycSeq *q = &s->seq;

    /* Every register shows the sequencer as of now. */
    seq_catch_up(s);
    switch (addr) {
    case CYC_SEQ_RING_LO:
        return q->ring_lo;
    case CYC_SEQ_RING_HI:
        return q->ring_hi;
    case CYC_SEQ_RING_COUNT:
        return q->ring_count;
    case CYC_SEQ_HEAD:
        return q->head;
    case CYC_SEQ_TAIL:
        return q->tail;
    case CYC_SEQ_CTL:
        return q->ctl;
    case CYC_SEQ_STS:
        return q->sts | (q->running ? CYC_SEQ_STS_RUNNING_MASK : 0);
    case CYC_SEQ_SYNTH:
        return q->synth_reg |
               CYC_SET(0, CYC_SEQ_SYNTH_VOICES, CYC_SEQ_VOICES_MAX);
    case CYC_SEQ_ERR:
        return q->err;
    case CYC_SEQ_ACTIVE:
        return cycaudio_synth_active(&q->synth);
    case CYC_SEQ_LATECNT:
        return q->latecnt;
    case CYC_SEQ_EVCNT:
        return q->evcnt;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: read of absent sequencer "
                      "register 0x%" HWADDR_PRIx "\n", addr);
        return 0;
    }
}

void cycaudio_seq_mmio_write(CycAudioState *s, hwaddr addr, uint32_t val)
{
    CycSeq *q = &s->seq;

    switch (addr) {
    case CYC_SEQ_RING_LO:
        q->ring_lo = val;
        break;
    case CYC_SEQ_RING_HI:
        q->ring_hi = val;
        break;
    case CYC_SEQ_RING_COUNT:
        q->ring_count = val;
        break;
    case CYC_SEQ_TAIL:
        seq_write_tail(s, val);
        break;
    case CYC_SEQ_CTL:
        seq_write_ctl(s, val);
        break;
    case CYC_SEQ_STS:
        seq_catch_up(s);
        q->sts &= ~(val & SEQ_STS_EVENTS);
        break;
    case CYC_SEQ_SYNTH:
        q->synth_reg = val & CYC_SEQ_SYNTH_STREAM_MASK;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: write to read-only or "
                      "absent sequencer register 0x%" HWADDR_PRIx "\n", addr);
        return;
    }
    cycaudio_update_irq(s);
}

void cycaudio_seq_reset(CycAudioState *s)
{
    CycSeq *q = &s->seq;

    timer_del(&q->timer);
    q->ring_lo = q->ring_hi = q->ring_count = 0;
    q->head = q->tail = 0;
    q->ctl = q->sts = q->synth_reg = q->err = 0;
    q->latecnt = q->evcnt = 0;
    q->running = false;
    q->ring = 0;
    q->count = 0;
    q->stream = 0;
    cycaudio_synth_reset(&q->synth);
}

void cycaudio_seq_init(CycAudioState *s)
{
    timer_init_ns(&s->seq.timer, QEMU_CLOCK_VIRTUAL, seq_timer, s);
    s->render_hook = seq_render;
    s->run_hook = seq_stream_running;
    cycaudio_seq_reset(s);
}

void cycaudio_seq_exit(CycAudioState *s)
{
    timer_del(&s->seq.timer);
}

static int cycaudio_seq_post_load(void *opaque, int version_id)
{
    CycAudioState *s = opaque;
    CycSeq *q = &s->seq;

    if (q->stream >= s->render_streams || !cycaudio_synth_valid(&q->synth)) {
        return -EINVAL;
    }
    if (q->running && (!q->count || q->count > CYC_SEQ_RING_MAX ||
                       (q->count & (q->count - 1)) || q->head >= q->count ||
                       q->tail >= q->count)) {
        return -EINVAL;
    }
    q->ctl &= CYC_SEQ_CTL_EN_MASK | SEQ_CTL_ENABLES;
    q->sts &= SEQ_STS_EVENTS;
    q->synth_reg &= CYC_SEQ_SYNTH_STREAM_MASK;
    seq_arm(s);
    return 0;
}

static const VMStateDescription vmstate_cycaudio_synth_voice = {
    .name = "cycaudio/synth-voice",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(stage, CycSynthVoice),
        VMSTATE_UINT32(pos, CycSynthVoice),
        VMSTATE_UINT32(rel_level, CycSynthVoice),
        VMSTATE_UINT32(phase, CycSynthVoice),
        VMSTATE_UINT32(incr, CycSynthVoice),
        VMSTATE_UINT32(serial, CycSynthVoice),
        VMSTATE_UINT8(chan, CycSynthVoice),
        VMSTATE_UINT8(note, CycSynthVoice),
        VMSTATE_UINT8(vel, CycSynthVoice),
        VMSTATE_UINT8(timbre, CycSynthVoice),
        VMSTATE_BOOL(held_by_pedal, CycSynthVoice),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_cycaudio_synth_channel = {
    .name = "cycaudio/synth-channel",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT8(program, CycSynthChannel),
        VMSTATE_UINT8(volume, CycSynthChannel),
        VMSTATE_BOOL(sustain, CycSynthChannel),
        VMSTATE_UINT16(bend, CycSynthChannel),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_cycaudio_seq = {
    .name = "cycaudio/seq",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = cycaudio_seq_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(seq.ring_lo, CycAudioState),
        VMSTATE_UINT32(seq.ring_hi, CycAudioState),
        VMSTATE_UINT32(seq.ring_count, CycAudioState),
        VMSTATE_UINT32(seq.head, CycAudioState),
        VMSTATE_UINT32(seq.tail, CycAudioState),
        VMSTATE_UINT32(seq.ctl, CycAudioState),
        VMSTATE_UINT32(seq.sts, CycAudioState),
        VMSTATE_UINT32(seq.synth_reg, CycAudioState),
        VMSTATE_UINT32(seq.err, CycAudioState),
        VMSTATE_UINT32(seq.latecnt, CycAudioState),
        VMSTATE_UINT32(seq.evcnt, CycAudioState),
        VMSTATE_BOOL(seq.running, CycAudioState),
        VMSTATE_UINT64(seq.ring, CycAudioState),
        VMSTATE_UINT32(seq.count, CycAudioState),
        VMSTATE_UINT32(seq.stream, CycAudioState),
        VMSTATE_STRUCT_ARRAY(seq.synth.voice, CycAudioState,
                             CYC_SEQ_VOICES_MAX, 1,
                             vmstate_cycaudio_synth_voice, CycSynthVoice),
        VMSTATE_STRUCT_ARRAY(seq.synth.chan, CycAudioState, 16, 1,
                             vmstate_cycaudio_synth_channel, CycSynthChannel),
        VMSTATE_UINT32(seq.synth.serial, CycAudioState),
        VMSTATE_UINT32(seq.synth.rate, CycAudioState),
        VMSTATE_END_OF_LIST()
    },
};
