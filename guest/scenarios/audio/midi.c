/* SPDX-License-Identifier: MIT */
/*
 * MIDI scenarios: a client of the cycaudio Midi subdevice (the MIDI port over
 * the system UART miniport), through ksclient.h only.
 *
 * midi-render: plays a short melody (note on, running status, a SysEx, note
 *   offs by running status with velocity 0) as KSMUSICFORMAT records in one
 *   IRP; step_ms= (default 100) is the time between notes. Prints every
 *   record (its offset from RUN in ms and its bytes) and the IRP's status.
 * midi-capture: reads for duration_ms= (default 500) and prints every
 *   record it got: its time from RUN in ms and its bytes. Bytes that arrive
 *   before its pin runs are dropped, as a MIDI input nobody records is.
 * midi-loopback: the device's LOOP (TX back into RX) on, the melody played
 *   on the render pin, and the capture pin must get the same bytes.
 * midi-bad-requests: a wave format on a MIDI pin, a ByteCount running past
 *   DataUsed, a write in STOP, a read on the render pin, a state above RUN,
 *   a second render pin; then the pool must hold what it held before.
 */
#include "midi.h"
#include "../scenario.h"
#include <platform.h>
#include <ntrt.h>

#define MIDI_BUFFER      256
#define MIDI_POLL_MS     5

typedef struct midi_event {
    uint32_t step;              /* steps of step_ms after the previous one */
    uint8_t bytes[8];
    uint32_t count;
} midi_event;

/* C4 E4 G4 with running status, a SysEx, the chord released by running
 * status note-ons of velocity 0. */
static const midi_event midi_melody[] = {
    { 0, { 0x90, 0x3c, 0x64 }, 3 },
    { 1, { 0x40, 0x64 }, 2 },
    { 1, { 0x43, 0x64 }, 2 },
    { 1, { 0xf0, 0x7d, 0x01, 0x02, 0x03, 0xf7 }, 6 },
    { 2, { 0x90, 0x3c, 0x00, 0x40, 0x00, 0x43, 0x00 }, 7 },
};

/* A decimal parameter; a malformed one fails the run rather than pass
 * silently with the default. */
static uint32_t midi_param_u32(const char *key, uint32_t fallback)
{
    bool ok = true;
    uint32_t value = audio_param_u32(key, fallback, &ok);

    if (!ok) {
        tap_ok(false, "parameter %s= is not a decimal number", key);
    }
    return value;
}

static uint64_t midi_now_ms(void)
{
    return KeQueryInterruptTime() / 10000u;
}

/* "90 3c 64" into Out (3 characters a byte). */
static const char *midi_hex(const UCHAR *Bytes, ULONG Count, char *Out,
                            size_t Size)
{
    static const char digits[] = "0123456789abcdef";
    size_t at = 0;
    ULONG i;

    for (i = 0; i < Count && at + 4 <= Size; i++) {
        if (i != 0) {
            Out[at++] = ' ';
        }
        Out[at++] = digits[Bytes[i] >> 4];
        Out[at++] = digits[Bytes[i] & 0xf];
    }
    Out[at] = '\0';
    return Out;
}

NTSTATUS midi_open(audio_device *d, KSC_FILE **midi)
{
    NTSTATUS status = audio_device_open(d, "cycaudio", false);

    *midi = NULL;
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = KscOpenFilter(d->pdo, CYC_MIDI_NAME, midi);
    tap_ok(NT_SUCCESS(status), "open the Midi filter: %s",
           audio_status_name(status));
    return status;
}

NTSTATUS midi_pin(KSC_FILE *Filter, ULONG PinId, KSC_FILE **Pin)
{
    KSPIN_CONNECT connect;
    KSDATAFORMAT format;

    KscBuildConnect(&connect, PinId);
    KscBuildMidiFormat(&format);
    return KscCreatePin(Filter, &connect, &format, Pin);
}

/* The melody as records; returns the bytes used. */
static ULONG midi_build_melody(PUCHAR Buffer, uint32_t StepMs, bool Print)
{
    char hex[32];
    ULONG used = 0;
    uint32_t at = 0;
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(midi_melody); i++) {
        const midi_event *e = &midi_melody[i];

        at += e->step * StepMs;
        KscMusicAppend(Buffer, MIDI_BUFFER, &used, e->step * StepMs,
                       e->bytes, e->count);
        if (Print) {
            tap_diag("midi-render record %u at +%u ms: %s", (unsigned)i,
                     (unsigned)at, midi_hex(e->bytes, e->count, hex,
                                            sizeof(hex)));
        }
    }
    return used;
}

/*
 * Queues the melody on Pin in PAUSE, then RUN: the stream clock starts with
 * the first record, so every record leaves at RUN + its offset exactly.
 */
static NTSTATUS midi_play(KSC_FILE *Pin, uint32_t StepMs, bool Print)
{
    static UCHAR buffer[MIDI_BUFFER];
    ULONG used = midi_build_melody(buffer, StepMs, Print);
    uint64_t start;
    KSC_IO io;
    NTSTATUS status;

    status = KscSetState(Pin, KSSTATE_PAUSE);
    if (NT_SUCCESS(status)) {
        status = KscStreamIo(Pin, &io, TRUE, buffer, used);
    }
    if (status != STATUS_PENDING) {
        tap_ok(false, "midi-render: queue the melody: %s",
               audio_status_name(status));
        return status;
    }
    start = midi_now_ms();
    status = KscSetState(Pin, KSSTATE_RUN);
    tap_ok(NT_SUCCESS(status), "midi-render: RUN at %llu ms: %s",
           (unsigned long long)start, audio_status_name(status));
    status = KscWaitIo(&io);
    tap_ok(status == STATUS_SUCCESS && io.IoStatus.Information == used,
           "midi-render: IRP of %u bytes in %u records: %s, %u bytes, done "
           "+%u ms after it was sent", (unsigned)used,
           (unsigned)RTL_NUMBER_OF(midi_melody), audio_status_name(status),
           (unsigned)io.IoStatus.Information,
           (unsigned)(midi_now_ms() - start));
    return status;
}

static void midi_render_run(void)
{
    uint32_t step = midi_param_u32("step_ms", 100);
    audio_device d;
    KSC_FILE *midi = NULL;
    KSC_FILE *pin = NULL;
    NTSTATUS status;

    if (!NT_SUCCESS(midi_open(&d, &midi))) {
        audio_device_close(&d);
        return;
    }
    status = midi_pin(midi, KSPIN_MIDI_RENDER_SINK, &pin);
    tap_ok(NT_SUCCESS(status), "midi-render: render pin: %s",
           audio_status_name(status));
    if (NT_SUCCESS(status)) {
        midi_play(pin, step, true);
        /* the last bytes leave the UART at 320 us a byte */
        KscSleep(10);
    }
    KscClose(pin);
    KscClose(midi);
    audio_device_close(&d);
}

/*
 * Reads records for DurationMs; prints each (time from RUN, bytes) and
 * copies up to Size bytes of MIDI data into Got (if not NULL).
 */
static ULONG midi_record(KSC_FILE *Pin, uint32_t DurationMs, const char *Tag,
                         UCHAR *Got, ULONG Size)
{
    static UCHAR buffer[MIDI_BUFFER];
    uint64_t run = midi_now_ms();
    uint64_t end = run + DurationMs;
    uint64_t stamp = 0;
    ULONG total = 0;
    char hex[64];
    KSC_IO io;

    KscStreamIo(Pin, &io, FALSE, buffer, sizeof(buffer));
    for (;;) {
        if (KscIoDone(&io)) {
            ULONG used = io.Header.DataUsed;
            ULONG offset = 0;
            KSMUSICFORMAT record;
            const UCHAR *bytes;

            KscWaitIo(&io);
            /* the first record counts from the header's PresentationTime */
            stamp = (uint64_t)io.Header.PresentationTime.Time / 10000u;
            while (KscMusicNext(buffer, used, &offset, &record, &bytes)) {
                stamp += record.TimeDeltaMs;
                tap_diag("%s record at +%llu ms: %s", Tag,
                         (unsigned long long)stamp,
                         midi_hex(bytes, min(record.ByteCount, 16u), hex,
                                  sizeof(hex)));
                if (Got != NULL && total + record.ByteCount <= Size) {
                    RtlCopyMemory(Got + total, bytes, record.ByteCount);
                }
                total += record.ByteCount;
            }
            if (midi_now_ms() >= end) {
                break;
            }
            KscStreamIo(Pin, &io, FALSE, buffer, sizeof(buffer));
            continue;
        }
        if (midi_now_ms() >= end) {
            break;
        }
        KscSleep(MIDI_POLL_MS);
    }
    /* STOP cancels a read still waiting */
    KscSetState(Pin, KSSTATE_STOP);
    KscWaitIo(&io);
    return total;
}

/* The device's LOOP (TX back into RX), a property of the topology filter. */
static NTSTATUS midi_set_loop(audio_device *d, ULONG On)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (d->topology == NULL) {
        status = KscOpenFilter(d->pdo, CYC_TOPOLOGY_NAME, &d->topology);
    }
    if (NT_SUCCESS(status)) {
        status = KscProperty(d->topology, &KSPROPSETID_CycMidi,
                             KSPROPERTY_CYC_MIDI_LOOP, KSPROPERTY_TYPE_SET,
                             &On, sizeof(On), NULL);
    }
    return status;
}

static void midi_capture_run(void)
{
    uint32_t duration = midi_param_u32("duration_ms", 500);
    audio_device d;
    KSC_FILE *midi = NULL;
    KSC_FILE *pin = NULL;
    NTSTATUS status;
    ULONG total;

    if (!NT_SUCCESS(midi_open(&d, &midi))) {
        audio_device_close(&d);
        return;
    }
    status = midi_pin(midi, KSPIN_MIDI_CAPTURE_SOURCE, &pin);
    tap_ok(NT_SUCCESS(status), "midi-capture: capture pin: %s",
           audio_status_name(status));
    if (NT_SUCCESS(status)) {
        status = KscSetState(pin, KSSTATE_RUN);
        tap_ok(NT_SUCCESS(status), "midi-capture: RUN at %llu ms: %s",
               (unsigned long long)midi_now_ms(), audio_status_name(status));
    }
    if (NT_SUCCESS(status)) {
        total = midi_record(pin, duration, "midi-capture", NULL, 0);
        tap_ok(true, "midi-capture: %u bytes in %u ms", (unsigned)total,
               (unsigned)duration);
    }
    KscClose(pin);
    KscClose(midi);
    audio_device_close(&d);
}

static void midi_loopback_run(void)
{
    uint32_t step = midi_param_u32("step_ms", 20);
    audio_device d;
    KSC_FILE *midi = NULL;
    KSC_FILE *render = NULL;
    KSC_FILE *capture = NULL;
    UCHAR want[64];
    UCHAR got[64];
    ULONG count = 0;
    ULONG total = 0;
    NTSTATUS status;
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(midi_melody); i++) {
        RtlCopyMemory(want + count, midi_melody[i].bytes,
                      midi_melody[i].count);
        count += midi_melody[i].count;
    }
    if (!NT_SUCCESS(midi_open(&d, &midi))) {
        audio_device_close(&d);
        return;
    }
    status = midi_set_loop(&d, 1);
    tap_ok(NT_SUCCESS(status), "midi-loopback: LOOP on: %s",
           audio_status_name(status));
    if (NT_SUCCESS(status)) {
        status = midi_pin(midi, KSPIN_MIDI_CAPTURE_SOURCE, &capture);
    }
    if (NT_SUCCESS(status)) {
        status = midi_pin(midi, KSPIN_MIDI_RENDER_SINK, &render);
    }
    if (NT_SUCCESS(status)) {
        status = KscSetState(capture, KSSTATE_RUN);
    }
    if (NT_SUCCESS(status)) {
        static UCHAR buffer[MIDI_BUFFER];
        ULONG used = midi_build_melody(buffer, step, true);
        KSC_IO io;

        status = KscSetState(render, KSSTATE_PAUSE);
        if (NT_SUCCESS(status)) {
            status = KscStreamIo(render, &io, TRUE, buffer, used);
        }
        if (status == STATUS_PENDING) {
            status = KscSetState(render, KSSTATE_RUN);
            total = midi_record(capture, 5 * step + 50, "midi-loopback", got,
                                sizeof(got));
            if (NT_SUCCESS(status)) {
                status = KscWaitIo(&io);
            }
        }
    }
    tap_ok(NT_SUCCESS(status) && total == count &&
           RtlCompareMemory(got, want, count) == count,
           "midi-loopback: %u of %u bytes came back in order: %s",
           (unsigned)total, (unsigned)count, audio_status_name(status));
    KscClose(render);
    KscClose(capture);
    KscClose(midi);
    audio_device_close(&d);
}

static bool midi_expect(NTSTATUS got, NTSTATUS want, const char *what)
{
    return tap_ok(got == want, "midi-bad-requests: %s: %s (want %s)", what,
                  audio_status_name(got), audio_status_name(want));
}

static void midi_bad_requests(KSC_FILE *Midi)
{
    static UCHAR buffer[MIDI_BUFFER];
    static const UCHAR on[] = { 0x90, 0x3c, 0x64 };
    KSPIN_CONNECT connect;
    KSC_WAVE_FORMAT wave;
    KSC_FILE *pin = NULL;
    KSC_FILE *other = NULL;
    ULONG used = 0;
    KSC_IO io;

    KscBuildConnect(&connect, KSPIN_MIDI_RENDER_SINK);
    KscBuildWaveFormat(&wave, 48000, 2, 16, 16, FALSE);
    midi_expect(KscCreatePin(Midi, &connect, &wave.Format.DataFormat, &pin),
                STATUS_NO_MATCH, "a wave format on the MIDI render pin");
    KscClose(pin);
    pin = NULL;
    if (!NT_SUCCESS(midi_pin(Midi, KSPIN_MIDI_RENDER_SINK, &pin))) {
        tap_ok(false, "midi-bad-requests: render pin");
        return;
    }
    midi_expect(midi_pin(Midi, KSPIN_MIDI_RENDER_SINK, &other),
                STATUS_INSUFFICIENT_RESOURCES, "a second render pin");
    KscClose(other);
    KscMusicAppend(buffer, sizeof(buffer), &used, 0, on, sizeof(on));
    midi_expect(KscStreamIo(pin, &io, TRUE, buffer, used),
                STATUS_INVALID_DEVICE_STATE, "a write in STOP");
    midi_expect(KscStreamIo(pin, &io, FALSE, buffer, sizeof(buffer)),
                STATUS_INVALID_DEVICE_REQUEST, "a read on the render pin");
    midi_expect(KscSetState(pin, (KSSTATE)(KSSTATE_RUN + 1)),
                STATUS_INVALID_PARAMETER, "a state above RUN");
    midi_expect(KscSetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS, "PAUSE");
    /* ByteCount 4 with 3 bytes of data left in DataUsed (12 bytes) */
    ((PKSMUSICFORMAT)buffer)->ByteCount = 5;
    midi_expect(KscStreamIo(pin, &io, TRUE, buffer, used),
                STATUS_INVALID_PARAMETER, "a ByteCount past DataUsed");
    ((PKSMUSICFORMAT)buffer)->ByteCount = sizeof(on);
    KscSetState(pin, KSSTATE_RUN);
    midi_expect(KscStreamIo(pin, &io, TRUE, buffer, used) == STATUS_PENDING ?
                KscWaitIo(&io) : io.Status, STATUS_SUCCESS,
                "the pin still plays afterwards");
    KscClose(pin);
}

static void midi_bad_requests_run(void)
{
    audio_device d;
    KSC_FILE *midi = NULL;
    SIZE_T before = 0;
    SIZE_T after = 0;
    ULONG blocks_before;
    ULONG blocks_after;

    if (!NT_SUCCESS(midi_open(&d, &midi))) {
        audio_device_close(&d);
        return;
    }
    blocks_before = ExpPoolOutstanding(0, &before);
    midi_bad_requests(midi);
    blocks_after = ExpPoolOutstanding(0, &after);
    tap_ok(blocks_after == blocks_before && after == before,
           "midi-bad-requests: pool %u blocks %llu bytes after, %u blocks "
           "%llu bytes before", (unsigned)blocks_after,
           (unsigned long long)after, (unsigned)blocks_before,
           (unsigned long long)before);
    KscClose(midi);
    audio_device_close(&d);
}

SCENARIO("midi-render", "play a melody (running status, SysEx) on the MIDI "
         "render pin at its scheduled times", midi_render_run);
SCENARIO("midi-capture", "record MIDI input with the time of each byte",
         midi_capture_run);
SCENARIO("midi-loopback", "the UART's LOOP: render pin bytes come back on "
         "the capture pin", midi_loopback_run);
SCENARIO("midi-bad-requests", "wrong format, ByteCount overrun, state "
         "errors on MIDI pins: documented NTSTATUS, nothing leaked",
         midi_bad_requests_run);
