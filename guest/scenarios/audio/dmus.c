/* SPDX-License-Identifier: MIT */
/*
 * DMus scenarios: a client of the cycaudio DMusSynth subdevice (the DMus port
 * over the cycaudio synth miniport), through ksclient.h and the
 * DMUS_EVENTHEADER format of dmusicks.h only.
 *
 * dmus-tune: plays a short tune (a melody on channel 0 in program 0, sine,
 *   then a chord on channel 1 in program 1, square) as one IRP of
 *   DMUS_EVENTHEADER events stamped in master-clock time (rtDelta from a
 *   PresentationTime of 0), lead_ms= (default 100) after RUN, step_ms=
 *   (default 250) between notes. Prints every note (channel, key, velocity,
 *   on and off in master time) for the e2e test and the piano roll.
 * dmus-bad: a truncated header and a cbEvent that runs past DataUsed (their
 *   IRPs fail with STATUS_INVALID_PARAMETER, the events before them play),
 *   events out of time order, 40 notes at once on 32 voices, all ended by
 *   note-offs; then 100 open/RUN/send/STOP/close rounds with events still
 *   waiting at STOP; the pool must hold what it held before.
 * dmus-uart: a few events (notes, a SysEx) through the DMusUART subdevice
 *   (the system DMus UART miniport on the MPU-401): they leave the MIDI
 *   chardev byte for byte at their times; prints each event's offset.
 * dmus-burst: events= (default 20000) note-ons and note-offs on 16 channels,
 *   all due at once, in IRPs of 256; prints the virtual time the path took
 *   and the events per second it sustained.
 */
#include "dmus.h"
#include "../scenario.h"
#include <platform.h>
#include <ntrt.h>

#define DMUS_100NS_MS    10000LL
/* note-off this long before the next step: the release (80 ms) ends first */
#define DMUS_GAP_MS      100LL
#define DMUS_ROUNDS      100u

typedef struct dmus_note {
    uint8_t channel;
    uint8_t key;
    uint8_t velocity;
    uint8_t start;              /* steps from the first note */
    uint8_t length;             /* steps; the note-off DMUS_GAP_MS earlier */
} dmus_note;

/* Frere Jacques' first bar twice, then a C major chord. */
static const dmus_note dmus_tune[] = {
    { 0, 72, 100, 0, 1 }, { 0, 74, 80, 1, 1 }, { 0, 76, 100, 2, 1 },
    { 0, 72, 64, 3, 1 }, { 0, 72, 100, 4, 1 }, { 0, 74, 80, 5, 1 },
    { 0, 76, 100, 6, 1 }, { 0, 72, 64, 7, 1 },
    { 1, 60, 90, 8, 3 }, { 1, 64, 90, 8, 3 }, { 1, 67, 90, 8, 3 },
};

static uint32_t dmus_param_u32(const char *key, uint32_t fallback)
{
    bool ok = true;
    uint32_t value = audio_param_u32(key, fallback, &ok);

    if (!ok) {
        tap_ok(false, "parameter %s= is not a decimal number", key);
    }
    return value;
}

/* One event at *Used: header, Count bytes, padding to a quadword. */
static bool dmus_append(PUCHAR Buffer, ULONG *Used, REFERENCE_TIME Time,
                        const UCHAR *Bytes, ULONG Count)
{
    DMUS_EVENTHEADER header = { Count, 1, Time, DMUS_EVENT_STRUCTURED };
    ULONG size = DMUS_EVENT_SIZE(Count);

    if (*Used + size > DMUS_BUFFER) {
        return false;
    }
    RtlZeroMemory(Buffer + *Used, size);
    RtlCopyMemory(Buffer + *Used, &header, sizeof(header));
    RtlCopyMemory(Buffer + *Used + sizeof(header), Bytes, Count);
    *Used += size;
    return true;
}

static bool dmus_append3(PUCHAR Buffer, ULONG *Used, REFERENCE_TIME Time,
                         UCHAR Status, UCHAR Data1, UCHAR Data2)
{
    UCHAR bytes[3] = { Status, Data1, Data2 };

    return dmus_append(Buffer, Used, Time, bytes, 3);
}

NTSTATUS dmus_open(audio_device *d, KSC_FILE **Filter)
{
    NTSTATUS status = audio_device_open(d, "cycaudio", false);

    *Filter = NULL;
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = KscOpenFilter(d->pdo, CYC_DMUS_NAME, Filter);
    tap_ok(NT_SUCCESS(status), "open the DMusSynth filter: %s",
           audio_status_name(status));
    return status;
}

/* A DirectMusic-format pin PinId of Filter. */
static NTSTATUS dmus_pin_on(KSC_FILE *Filter, ULONG PinId, KSC_FILE **Pin)
{
    KSPIN_CONNECT connect;
    KSDATAFORMAT format;

    KscBuildConnect(&connect, PinId);
    KscBuildMidiFormat(&format);
    format.SubFormat = KSDATAFORMAT_SUBTYPE_DIRECTMUSIC;
    return KscCreatePin(Filter, &connect, &format, Pin);
}

NTSTATUS dmus_pin(KSC_FILE *Filter, KSC_FILE **Pin)
{
    return dmus_pin_on(Filter, KSPIN_DMUS_RENDER_SINK, Pin);
}

REFERENCE_TIME dmus_run(KSC_FILE *Pin, const char *Tag)
{
    NTSTATUS status = KscSetState(Pin, KSSTATE_PAUSE);

    if (NT_SUCCESS(status)) {
        status = KscSetState(Pin, KSSTATE_RUN);
    }
    tap_ok(NT_SUCCESS(status), "%s: RUN: %s", Tag, audio_status_name(status));
    return (REFERENCE_TIME)KeQueryInterruptTime();
}

NTSTATUS dmus_send(KSC_FILE *Pin, PUCHAR Buffer, ULONG Used)
{
    KSC_IO io;
    NTSTATUS status = KscStreamIo(Pin, &io, TRUE, Buffer, Used);

    if (status == STATUS_PENDING) {
        status = KscWaitIo(&io);
    }
    return status;
}

ULONG dmus_build_tune(PUCHAR Buffer, REFERENCE_TIME Start,
                             uint32_t StepMs, bool Print)
{
    static const UCHAR programs[2][2] = { { 0xc0, 0 }, { 0xc1, 1 } };
    REFERENCE_TIME step = (REFERENCE_TIME)StepMs * DMUS_100NS_MS;
    ULONG used = 0;
    ULONG i;

    dmus_append(Buffer, &used, Start, programs[0], 2);
    dmus_append(Buffer, &used, Start, programs[1], 2);
    for (i = 0; i < RTL_NUMBER_OF(dmus_tune); i++) {
        const dmus_note *n = &dmus_tune[i];
        REFERENCE_TIME on = Start + n->start * step;
        REFERENCE_TIME off = on + n->length * step -
                             DMUS_GAP_MS * DMUS_100NS_MS;

        dmus_append3(Buffer, &used, on, 0x90 | n->channel, n->key,
                     n->velocity);
        if (Print) {
            tap_diag("dmus-tune note %u: channel %u key %u velocity %u on %lld "
                     "off %lld", (unsigned)i, n->channel, n->key, n->velocity,
                     (long long)on, (long long)off);
        }
    }
    /* the note-offs after every note-on: out of time order is allowed */
    for (i = 0; i < RTL_NUMBER_OF(dmus_tune); i++) {
        const dmus_note *n = &dmus_tune[i];
        REFERENCE_TIME off = Start + (n->start + n->length) * step -
                             DMUS_GAP_MS * DMUS_100NS_MS;

        dmus_append3(Buffer, &used, off, 0x80 | n->channel, n->key, 0);
    }
    return used;
}

REFERENCE_TIME dmus_play_tune(KSC_FILE *Pin, const char *Tag,
                              uint32_t LeadMs, uint32_t StepMs)
{
    static UCHAR buffer[DMUS_BUFFER];
    REFERENCE_TIME start = dmus_run(Pin, Tag) + (REFERENCE_TIME)LeadMs *
                           DMUS_100NS_MS;
    ULONG used = dmus_build_tune(buffer, start, StepMs, true);
    NTSTATUS status = dmus_send(Pin, buffer, used);

    tap_ok(status == STATUS_SUCCESS, "%s: IRP of %u bytes: %s", Tag,
           (unsigned)used, audio_status_name(status));
    return start;
}

static void dmus_tune_run(void)
{
    uint32_t lead = dmus_param_u32("lead_ms", 100);
    uint32_t step = dmus_param_u32("step_ms", 250);
    audio_device d;
    KSC_FILE *filter = NULL;
    KSC_FILE *pin = NULL;
    REFERENCE_TIME start;
    NTSTATUS status;

    if (!NT_SUCCESS(dmus_open(&d, &filter))) {
        audio_device_close(&d);
        return;
    }
    status = dmus_pin(filter, &pin);
    tap_ok(NT_SUCCESS(status), "dmus-tune: DirectMusic render pin: %s",
           audio_status_name(status));
    if (NT_SUCCESS(status)) {
        start = dmus_play_tune(pin, "dmus-tune", lead, step);
        /* the chord ends at step 11, then its release */
        KscSleep(lead + 11 * step + DMUS_TAIL_MS);
        status = KscSetState(pin, KSSTATE_STOP);
        tap_ok(NT_SUCCESS(status), "dmus-tune: STOP: %s",
               audio_status_name(status));
        tap_diag("dmus-tune summary: notes %u step_ms %u start %lld",
                 (unsigned)RTL_NUMBER_OF(dmus_tune), (unsigned)step,
                 (long long)start);
    }
    KscClose(pin);
    KscClose(filter);
    audio_device_close(&d);
}

/* One IRP of Used bytes; its status must be Want. */
static void dmus_expect(KSC_FILE *Pin, PUCHAR Buffer, ULONG Used,
                        NTSTATUS Want, const char *What)
{
    NTSTATUS status = dmus_send(Pin, Buffer, Used);

    tap_ok(status == Want, "dmus-bad: %s: %s (want %s)", What,
           audio_status_name(status), audio_status_name(Want));
}

static void dmus_bad_run(void)
{
    static UCHAR buffer[DMUS_BUFFER];
    audio_device d;
    KSC_FILE *filter = NULL;
    KSC_FILE *pin = NULL;
    REFERENCE_TIME now;
    SIZE_T bytes_before, bytes_after;
    ULONG blocks_before, blocks_after;
    ULONG used = 0;
    ULONG i, done = 0;
    NTSTATUS status;

    if (!NT_SUCCESS(dmus_open(&d, &filter)) ||
        !NT_SUCCESS(dmus_pin(filter, &pin))) {
        tap_ok(false, "dmus-bad: render pin");
        goto out;
    }
    now = dmus_run(pin, "dmus-bad");
    dmus_append3(buffer, &used, now, 0x90, 60, 100);
    dmus_expect(pin, buffer, used + 12, STATUS_INVALID_PARAMETER,
                "a header cut short after a good event");
    used = 0;
    dmus_append3(buffer, &used, now, 0x80, 60, 0);
    ((LPDMUS_EVENTHEADER)buffer)->cbEvent = 200;
    dmus_expect(pin, buffer, used, STATUS_INVALID_PARAMETER,
                "cbEvent past DataUsed");
    ((LPDMUS_EVENTHEADER)buffer)->cbEvent = 3;
    dmus_expect(pin, buffer, used, STATUS_SUCCESS, "the same, length right");
    /* 40 notes at once, their note-offs first in the IRP but later in time */
    used = 0;
    for (i = 0; i < 40; i++) {
        dmus_append3(buffer, &used, now + 1000 * DMUS_100NS_MS, 0x80 | i % 16,
                     40 + i, 0);
    }
    for (i = 0; i < 40; i++) {
        dmus_append3(buffer, &used, now + 200 * DMUS_100NS_MS, 0x90 | i % 16,
                     40 + i, 100);
    }
    dmus_expect(pin, buffer, used, STATUS_SUCCESS,
                "40 notes on 32 voices, note-offs out of order");
    KscSleep(1300);
    KscClose(pin);
    pin = NULL;

    blocks_before = ExpPoolOutstanding(0, &bytes_before);
    for (i = 0; i < DMUS_ROUNDS; i++) {
        status = dmus_pin(filter, &pin);
        if (!NT_SUCCESS(status)) {
            break;
        }
        now = dmus_run(pin, "dmus-bad round");
        used = 0;
        dmus_append3(buffer, &used, now + 10 * DMUS_100NS_MS, 0x91, 70, 90);
        dmus_append3(buffer, &used, now + 20 * DMUS_100NS_MS, 0x81, 70, 0);
        status = dmus_send(pin, buffer, used);
        KscSetState(pin, KSSTATE_STOP);
        KscClose(pin);
        pin = NULL;
        if (!NT_SUCCESS(status)) {
            break;
        }
        done++;
    }
    blocks_after = ExpPoolOutstanding(0, &bytes_after);
    tap_ok(done == DMUS_ROUNDS, "dmus-bad: %u of %u open/RUN/send/STOP/close "
           "rounds", (unsigned)done, (unsigned)DMUS_ROUNDS);
    tap_ok(blocks_after == blocks_before && bytes_after == bytes_before,
           "dmus-bad: pool after the rounds: %u blocks %llu bytes (before: %u "
           "blocks %llu bytes)", (unsigned)blocks_after,
           (unsigned long long)bytes_after, (unsigned)blocks_before,
           (unsigned long long)bytes_before);
out:
    KscClose(pin);
    KscClose(filter);
    audio_device_close(&d);
}

static void dmus_burst_run(void)
{
    static UCHAR buffer[DMUS_BUFFER];
    uint32_t events = dmus_param_u32("events", 20000);
    audio_device d;
    KSC_FILE *filter = NULL;
    KSC_FILE *pin = NULL;
    uint64_t start, elapsed;
    uint32_t sent = 0;
    NTSTATUS status = STATUS_SUCCESS;

    if (!NT_SUCCESS(dmus_open(&d, &filter)) ||
        !NT_SUCCESS(dmus_pin(filter, &pin))) {
        tap_ok(false, "dmus-burst: render pin");
        goto out;
    }
    dmus_run(pin, "dmus-burst");
    start = KeQueryInterruptTime();
    while (sent < events && NT_SUCCESS(status)) {
        ULONG used = 0;

        /* time 0: every event is due at once */
        for (; sent < events && used + DMUS_EVENT_SIZE(3) <= DMUS_BUFFER &&
               used < 256 * DMUS_EVENT_SIZE(3); sent++) {
            dmus_append3(buffer, &used, 0, (sent & 1 ? 0x80 : 0x90) |
                         (sent / 2) % 16, 36 + (sent / 2) % 48, 80);
        }
        status = dmus_send(pin, buffer, used);
    }
    elapsed = KeQueryInterruptTime() - start;
    tap_ok(NT_SUCCESS(status) && sent == events, "dmus-burst: %u events "
           "sent: %s", (unsigned)sent, audio_status_name(status));
    tap_diag("dmus-burst summary: events %u virtual_us %llu events_per_s %llu",
             (unsigned)sent, (unsigned long long)(elapsed / 10),
             (unsigned long long)(elapsed ? (uint64_t)sent * 10000000u /
                                  elapsed : 0));
    /* the last notes' releases, then STOP: the miniport reports drops */
    KscSleep(200);
    KscSetState(pin, KSSTATE_STOP);
out:
    KscClose(pin);
    KscClose(filter);
    audio_device_close(&d);
}

/* Event times after the first (us) and their bytes. */
static const struct {
    uint32_t at_us;
    UCHAR bytes[8];
    ULONG count;
} dmus_uart_events[] = {
    { 0, { 0x90, 0x3c, 0x64 }, 3 },
    { 20000, { 0x90, 0x40, 0x64 }, 3 },
    { 45000, { 0xf0, 0x7d, 0x01, 0x02, 0xf7 }, 5 },
    { 70000, { 0x80, 0x3c, 0x00 }, 3 },
    { 90000, { 0x80, 0x40, 0x00 }, 3 },
};

static void dmus_uart_run(void)
{
    static UCHAR buffer[DMUS_BUFFER];
    audio_device d;
    KSC_FILE *filter = NULL;
    KSC_FILE *pin = NULL;
    REFERENCE_TIME start;
    ULONG used = 0;
    ULONG i;
    NTSTATUS status;

    status = audio_device_open(&d, "cycaudio", false);
    if (NT_SUCCESS(status)) {
        status = KscOpenFilter(d.pdo, CYC_DMUS_UART_NAME, &filter);
        tap_ok(NT_SUCCESS(status), "open the DMusUART filter: %s",
               audio_status_name(status));
    }
    if (NT_SUCCESS(status)) {
        status = dmus_pin_on(filter, KSPIN_MIDI_RENDER_SINK, &pin);
        tap_ok(NT_SUCCESS(status), "dmus-uart: render pin: %s",
               audio_status_name(status));
    }
    if (NT_SUCCESS(status)) {
        start = dmus_run(pin, "dmus-uart") + 10 * DMUS_100NS_MS;
        for (i = 0; i < RTL_NUMBER_OF(dmus_uart_events); i++) {
            dmus_append(buffer, &used, start +
                        dmus_uart_events[i].at_us * 10LL,
                        dmus_uart_events[i].bytes, dmus_uart_events[i].count);
            tap_diag("dmus-uart event %u at +%u us: %u bytes", (unsigned)i,
                     (unsigned)dmus_uart_events[i].at_us,
                     (unsigned)dmus_uart_events[i].count);
        }
        status = dmus_send(pin, buffer, used);
        tap_ok(status == STATUS_SUCCESS, "dmus-uart: IRP of %u bytes: %s",
               (unsigned)used, audio_status_name(status));
        /* the last event, then its bytes on the wire */
        KscSleep(130);
        KscSetState(pin, KSSTATE_STOP);
    }
    KscClose(pin);
    KscClose(filter);
    audio_device_close(&d);
}

SCENARIO("dmus-uart",
         "DMus events through the system DMus UART miniport to the MPU-401",
         dmus_uart_run);
SCENARIO("dmus-bad",
         "bad DMus input: cut headers, lying lengths, disorder, too many "
         "notes, 100 rounds",
         dmus_bad_run);
SCENARIO("dmus-burst",
         "events= DMus events as fast as the path takes them",
         dmus_burst_run);
SCENARIO("dmus-tune",
         "plays a short tune through the DMus port into the device's synth",
         dmus_tune_run);
