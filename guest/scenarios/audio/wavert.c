/* SPDX-License-Identifier: MIT */
/*
 * WaveRT scenarios (wavert.h is the client):
 *   wavert-render   the test pattern (seed=) through the WaveRT filter;
 *                   mode=event (default; two periods, NotificationCount 2),
 *                   poll (four periods, no notification, a timer) or packet
 *                   (events plus SETWRITEPACKET); period_ms= 10, 3, 1 ...
 *   wavert-capture  the device generator's ramp through a WaveRT capture pin,
 *                   every sample checked against cyc_gen_s32 (same modes)
 *   wavert-bad-requests  each documented refusal of the port and miniport
 *   wavert-open-close    iterations= rounds of open, buffer, event, stream,
 *                   close; the pool (MDLs included) must come back
 *   wavert-loopback the pattern from a WaveRT render buffer, recorded from
 *                   the loopback source by an event-driven WaveRT capture
 * Each prints the summary line and a '# wavert' line with the glitches, the
 * event latency and the position checks.
 */
#include "wavert.h"
#include "../scenario.h"
#include <platform.h>
#include <string.h>
#include <ntifs.h>
#include <ntrt.h>
#include <cycaudio/reference.h>

#define WAVERT_TAIL_MS 50u
/* Short names of the longest RtAudio ids, for the request tables below. */
#define WAVERT_BUFFER_EVENTS KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION

static wavert_mode wavert_mode_param(void)
{
    const char *mode = scenario_param("mode", "event");

    if (strcmp(mode, "poll") == 0) {
        return WAVERT_POLL;
    }
    return strcmp(mode, "packet") == 0 ? WAVERT_PACKET : WAVERT_EVENT;
}

/* Opens in the mode's shape: two periods with events, or four polled. */
static NTSTATUS wavert_open_mode(audio_device *d, bool capture,
                                 const audio_params *p, wavert_mode mode,
                                 wavert_stream *s)
{
    bool poll = mode == WAVERT_POLL;

    return wavert_open(d->pdo, capture, p, audio_packet_frames(p),
                       poll ? 4 : 2, !poll, s);
}

/* The stream checks every WaveRT scenario makes. */
static void wavert_report(const char *name, const audio_params *p,
                          wavert_mode mode, uint64_t total,
                          const audio_result *r, const wavert_stats *st)
{
    tap_ok(NT_SUCCESS(r->status) && r->frames == total,
           "%s: %llu of %llu frames: %s", name, (unsigned long long)r->frames,
           (unsigned long long)total, audio_status_name(r->status));
    tap_ok(st->glitches == 0 && st->late_packets == 0,
           "%s: %u glitches, %u late packets (want 0)", name, st->glitches,
           st->late_packets);
    tap_ok(st->position_bad == 0 && st->clock_bad == 0,
           "%s: %u position reads, %u outside the POS formula, %u clock or "
           "presentation mismatches", name, st->position_reads,
           st->position_bad, st->clock_bad);
    if (mode != WAVERT_POLL) {
        tap_ok(r->have_stats && st->wakes == r->stats.Periods,
               "%s: one event per period (%u events, %u periods)", name,
               st->wakes, r->stats.Periods);
    }
    audio_print_summary(name, p, r);
    wavert_print_stats(name, audio_packet_frames(p), st);
}

void wavert_play(audio_device *d, const char *name, const audio_params *p,
                 audio_fill_fn fill, void *ctx, uint32_t tail_ms)
{
    wavert_mode mode = wavert_mode_param();
    uint64_t total = audio_total_frames(p);
    audio_result r;
    wavert_stats st;
    wavert_stream s;
    NTSTATUS status;

    status = wavert_open_mode(d, false, p, mode, &s);
    if (tap_ok(NT_SUCCESS(status), "WaveRT render pin %s %u Hz %u ch, "
               "%u-frame periods: %s", audiogen_format_name(p->format),
               p->rate, p->channels, audio_packet_frames(p),
               audio_status_name(status))) {
        wavert_render(&s, mode, total, fill, ctx, tail_ms, &r, &st);
        wavert_report(name, p, mode, total, &r, &st);
        wavert_close(&s);
    }
}

static void wavert_render_run(void)
{
    audio_params p;
    audio_device d;

    if (!audio_params_read(&p, 1000) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", false))) {
        return;
    }
    p.port = "wavert";
    wavert_play(&d, "wavert-render", &p, audio_fill_pattern, &p,
                WAVERT_TAIL_MS);
    audio_device_close(&d);
}

/* Capture check: the generator's ramp in integer formats. */
static bool wavert_check_ramp(void *ctx, const void *buf, uint64_t first_frame,
                              size_t frames)
{
    const audio_params *p = ctx;
    uint32_t sfmt = p->format == AUDIOGEN_U8 ? CYC_SFMT_U8 :
                    p->format == AUDIOGEN_S32 ? CYC_SFMT_S32 : CYC_SFMT_S16;
    uint32_t width = cyc_sfmt_bytes(sfmt);
    const uint8_t *in = buf;
    uint32_t want;
    uint32_t got;
    size_t f;
    uint32_t ch;
    uint32_t i;

    for (f = 0; f < frames; f++) {
        for (ch = 0; ch < p->channels; ch++) {
            want = cyc_s32_to_sfmt(cyc_gen_s32(CYC_GEN_MODE_RAMP,
                                               first_frame + f, ch, 1000,
                                               p->rate), sfmt);
            got = 0;
            for (i = 0; i < width; i++) {
                got |= (uint32_t)in[i] << (8 * i);
            }
            in += width;
            if (got != want) {
                tap_diag("capture frame %llu ch %u: 0x%x, want 0x%x",
                         (unsigned long long)(first_frame + f), ch, got, want);
                return false;
            }
        }
    }
    return true;
}

static void wavert_capture_run(void)
{
    wavert_mode mode = wavert_mode_param();
    audio_params p;
    audio_device d;
    audio_result r;
    wavert_stats st;
    wavert_stream s;
    uint64_t total;
    NTSTATUS status;

    if (!audio_params_read(&p, 500) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    p.port = "wavert";
    if (p.format != AUDIOGEN_S16 && p.format != AUDIOGEN_S32 &&
        p.format != AUDIOGEN_U8) {
        tap_skip("wavert-capture checks u8, s16 and s32 only");
        audio_device_close(&d);
        return;
    }
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_CycAudioGenerator,
                             KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
                             KSNODE_TOPO_WAVEIN_MUX, CYC_GEN_MODE_RAMP);
    tap_ok(NT_SUCCESS(status), "generator ramp: %s",
           audio_status_name(status));
    total = audio_total_frames(&p);
    status = wavert_open_mode(&d, true, &p, mode, &s);
    if (tap_ok(NT_SUCCESS(status), "WaveRT capture pin, %u-frame periods: %s",
               audio_packet_frames(&p), audio_status_name(status))) {
        wavert_capture(&s, mode, total, wavert_check_ramp, &p, &r, &st);
        tap_ok(r.mismatches == 0,
               "every captured sample equals cyc_gen_s32 (%u bad periods)",
               r.mismatches);
        wavert_report("wavert-capture", &p, mode, total, &r, &st);
        wavert_close(&s);
    }
    audio_device_close(&d);
}

SCENARIO("wavert-render",
         "plays the test pattern through the WaveRT filter (mode=event|poll|"
         "packet, period_ms=)", wavert_render_run);
SCENARIO("wavert-capture",
         "records the generator's ramp through the WaveRT filter and checks "
         "every sample", wavert_capture_run);

/* Bad requests ------------------------------------------------------------ */

static void wavert_expect(const char *what, NTSTATUS got, NTSTATUS want)
{
    tap_ok(got == want, "%s: %s (want %s)", what, audio_status_name(got),
           audio_status_name(want));
}

/* Buffer requests on a stopped render pin with no buffer yet. */
static void wavert_bad_buffers(KSC_FILE *pin, uint32_t fb)
{
    KSRTAUDIO_BUFFER_PROPERTY_WITH_NOTIFICATION in = { .BaseAddress = NULL };
    KSRTAUDIO_SETWRITEPACKET_INFO packet = { .PacketNumber = 0 };
    KSRTAUDIO_BUFFER out;
    ULONG count = 0;

    wavert_expect("REGISTER_NOTIFICATION_EVENT without a buffer",
                  wavert_event_property(pin, NULL, true),
                  STATUS_NOT_SUPPORTED);
    wavert_expect("RUN without a buffer", KscSetState(pin, KSSTATE_RUN),
                  STATUS_INVALID_DEVICE_STATE);
    in.RequestedBufferSize = 0;
    wavert_expect("BUFFER of 0 bytes",
                  wavert_property(pin, &in, sizeof(KSRTAUDIO_BUFFER_PROPERTY),
                                  KSPROPERTY_RTAUDIO_BUFFER,
                                  KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                  STATUS_INVALID_PARAMETER);
    in.RequestedBufferSize = CYC_BUFFER_MAX + 480 * fb;
    wavert_expect("BUFFER larger than the device allows",
                  wavert_property(pin, &in, sizeof(KSRTAUDIO_BUFFER_PROPERTY),
                                  KSPROPERTY_RTAUDIO_BUFFER,
                                  KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                  STATUS_INSUFFICIENT_RESOURCES);
    in.RequestedBufferSize = 960 * fb;
    for (in.NotificationCount = 0; in.NotificationCount < 4;
         in.NotificationCount += 3) {
        wavert_expect(in.NotificationCount ? "NotificationCount 3" :
                                             "NotificationCount 0",
                      wavert_property(pin, &in, sizeof(in),
                                      WAVERT_BUFFER_EVENTS,
                                      KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                      STATUS_INVALID_PARAMETER);
    }
    wavert_expect("BUFFER as SET",
                  wavert_property(pin, &in, sizeof(KSRTAUDIO_BUFFER_PROPERTY),
                                  KSPROPERTY_RTAUDIO_BUFFER,
                                  KSPROPERTY_TYPE_SET, &out, sizeof(out)),
                  STATUS_INVALID_DEVICE_REQUEST);
    wavert_expect("BUFFER with a short input",
                  wavert_property(pin, &in, sizeof(KSPROPERTY),
                                  KSPROPERTY_RTAUDIO_BUFFER,
                                  KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                  STATUS_BUFFER_TOO_SMALL);
    wavert_expect("BUFFER with a short value",
                  wavert_property(pin, &in, sizeof(KSRTAUDIO_BUFFER_PROPERTY),
                                  KSPROPERTY_RTAUDIO_BUFFER,
                                  KSPROPERTY_TYPE_GET, &out, 4),
                  STATUS_BUFFER_TOO_SMALL);
    wavert_expect("GETPOSITIONFUNCTION (kernel clients only)",
                  wavert_property(pin, &in, sizeof(KSPROPERTY),
                                  KSPROPERTY_RTAUDIO_GETPOSITIONFUNCTION,
                                  KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                  STATUS_NOT_FOUND);
    wavert_expect("plain BUFFER of 960 frames",
                  wavert_property(pin, &in, sizeof(KSRTAUDIO_BUFFER_PROPERTY),
                                  KSPROPERTY_RTAUDIO_BUFFER,
                                  KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                  STATUS_SUCCESS);
    wavert_expect("REGISTER_NOTIFICATION_EVENT on a buffer without",
                  wavert_event_property(pin, NULL, true),
                  STATUS_NOT_SUPPORTED);
    wavert_expect("PACKETCOUNT on a buffer without notification",
                  wavert_property(pin, &in, sizeof(KSPROPERTY),
                                  KSPROPERTY_RTAUDIO_PACKETCOUNT,
                                  KSPROPERTY_TYPE_GET, &count, sizeof(count)),
                  STATUS_INVALID_DEVICE_STATE);
    wavert_expect("SETWRITEPACKET on a buffer without notification",
                  wavert_property(pin, &in, sizeof(KSPROPERTY),
                                  KSPROPERTY_RTAUDIO_SETWRITEPACKET,
                                  KSPROPERTY_TYPE_SET, &packet, sizeof(packet)),
                  STATUS_INVALID_DEVICE_STATE);
    wavert_expect("GETREADPACKET on a render pin",
                  wavert_property(pin, &in, sizeof(KSPROPERTY),
                                  KSPROPERTY_RTAUDIO_GETREADPACKET,
                                  KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                  STATUS_NOT_SUPPORTED);
    wavert_expect("RUN with the buffer", KscSetState(pin, KSSTATE_RUN),
                  STATUS_SUCCESS);
    wavert_expect("BUFFER while running",
                  wavert_property(pin, &in, sizeof(KSRTAUDIO_BUFFER_PROPERTY),
                                  KSPROPERTY_RTAUDIO_BUFFER,
                                  KSPROPERTY_TYPE_GET, &out, sizeof(out)),
                  STATUS_INVALID_DEVICE_STATE);
    KscSetState(pin, KSSTATE_STOP);
}

static NTSTATUS wavert_write_packet(KSC_FILE *pin, ULONG number, DWORD flags,
                                    ULONG eos)
{
    KSPROPERTY prop;
    KSRTAUDIO_SETWRITEPACKET_INFO info = {
        .PacketNumber = number,
        .Flags = flags,
        .EosPacketLength = eos,
    };

    return wavert_property(pin, &prop, sizeof(prop),
                           KSPROPERTY_RTAUDIO_SETWRITEPACKET,
                           KSPROPERTY_TYPE_SET, &info, sizeof(info));
}

/*
 * Packet and event refusals on an event-driven render stream. The event is
 * a handle: a value that is none (a pointer, as a client holding a PKEVENT
 * would send) is STATUS_INVALID_HANDLE, and an event whose handle the
 * client closed after registering is still signalled (the port holds it).
 */
static void wavert_bad_packets(wavert_stream *s)
{
    HANDLE other_handle;
    PKEVENT other = NULL;

    wavert_expect("REGISTER of an event pointer instead of its handle",
                  wavert_event_property(s->pin, (HANDLE)s->event, true),
                  STATUS_INVALID_HANDLE);
    wavert_expect("a second event", wavert_event_create(&other_handle, &other),
                  STATUS_SUCCESS);
    if (other == NULL) {
        return;
    }
    wavert_expect("UNREGISTER of an event never registered",
                  wavert_event_property(s->pin, other_handle, false),
                  STATUS_INVALID_PARAMETER);
    wavert_expect("REGISTER of the second event",
                  wavert_event_property(s->pin, other_handle, true),
                  STATUS_SUCCESS);
    ObReferenceObject(other);
    wavert_event_close(other_handle, other);
    wavert_expect("REGISTER of the same event twice",
                  wavert_event_property(s->pin, s->event_handle, true),
                  STATUS_INVALID_PARAMETER);
    wavert_expect("SETWRITEPACKET with unknown flags",
                  wavert_write_packet(s->pin, 0, 0x1, 0),
                  STATUS_INVALID_PARAMETER);
    wavert_expect("SETWRITEPACKET beyond the buffer",
                  wavert_write_packet(s->pin, 2, 0, 0), STATUS_DATA_OVERRUN);
    wavert_expect("RUN", KscSetState(s->pin, KSSTATE_RUN), STATUS_SUCCESS);
    KeWaitForSingleObject(s->event, Executive, KernelMode, FALSE, NULL);
    wavert_expect("the second event, its handle closed, signalled",
                  KeWaitForSingleObject(other, Executive, KernelMode, FALSE,
                                        NULL), STATUS_SUCCESS);
    ObDereferenceObject(other);
    wavert_expect("SETWRITEPACKET of a packet already played",
                  wavert_write_packet(s->pin, 0, 0, 0),
                  STATUS_DATA_LATE_ERROR);
    wavert_expect("SETWRITEPACKET with EOS",
                  wavert_write_packet(s->pin, 2,
                                      KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM,
                                      16), STATUS_SUCCESS);
    wavert_expect("SETWRITEPACKET after EOS",
                  wavert_write_packet(s->pin, 3, 0, 0),
                  STATUS_INVALID_DEVICE_STATE);
    KscSetState(s->pin, KSSTATE_STOP);
}

static void wavert_bad_requests_run(void)
{
    audio_params p;
    audio_device d;
    wavert_stream s;
    KSC_FILE *filter = NULL;
    KSC_FILE *pin = NULL;
    KSPIN_CONNECT connect;
    KSC_WAVE_FORMAT format;
    NTSTATUS status;

    if (!audio_params_read(&p, 100) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", false))) {
        return;
    }
    status = KscOpenFilter(d.pdo, CYC_WAVERT_NAME, &filter);
    if (NT_SUCCESS(status)) {
        KscBuildConnect(&connect, KSPIN_WAVE_RENDER_SINK);
        audio_build_format(&p, &format);
        status = KscCreatePin(filter, &connect, &format.Format.DataFormat,
                              &pin);
    }
    if (tap_ok(NT_SUCCESS(status), "WaveRT render pin: %s",
               audio_status_name(status))) {
        wavert_bad_buffers(pin, audio_frame_bytes(&p));
    }
    KscClose(pin);
    KscClose(filter);
    status = wavert_open(d.pdo, false, &p, 480, 2, true, &s);
    if (tap_ok(NT_SUCCESS(status), "event-driven WaveRT render pin: %s",
               audio_status_name(status))) {
        wavert_bad_packets(&s);
        wavert_close(&s);
    }
    audio_device_close(&d);
}

/*
 * iterations= rounds (default 100) of an event-driven render and capture
 * stream through the WaveRT filter; the pool, MDLs and pages included, ends
 * where it began.
 */
static void wavert_open_close_run(void)
{
    uint32_t iterations = (uint32_t)scenario_param_u64("iterations", 100);
    SIZE_T bytes_before = 0;
    SIZE_T bytes_after = 0;
    ULONG blocks_before;
    ULONG blocks_after;
    audio_params p;
    audio_device d;
    audio_result r;
    wavert_stats st;
    wavert_stream s;
    uint32_t done;
    NTSTATUS status = STATUS_SUCCESS;

    if (!audio_params_read(&p, 20) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", false))) {
        return;
    }
    audio_device_close(&d);
    blocks_before = ExpPoolOutstanding(0, &bytes_before);
    for (done = 0; done < iterations && NT_SUCCESS(status); done++) {
        status = wavert_open(d.pdo, false, &p, audio_packet_frames(&p), 2,
                             true, &s);
        if (NT_SUCCESS(status)) {
            status = wavert_render(&s, WAVERT_EVENT, audio_total_frames(&p),
                                   audio_fill_pattern, &p, 0, &r, &st);
            wavert_close(&s);
        }
        if (NT_SUCCESS(status)) {
            status = wavert_open(d.pdo, true, &p, audio_packet_frames(&p), 2,
                                 true, &s);
        }
        if (NT_SUCCESS(status)) {
            status = wavert_capture(&s, WAVERT_PACKET, audio_total_frames(&p),
                                    NULL, NULL, &r, &st);
            wavert_close(&s);
        }
    }
    blocks_after = ExpPoolOutstanding(0, &bytes_after);
    tap_ok(NT_SUCCESS(status) && done == iterations,
           "%u of %u WaveRT open/render/capture/close rounds: %s", done,
           iterations, audio_status_name(status));
    tap_ok(blocks_after == blocks_before && bytes_after == bytes_before,
           "pool after the rounds: %u blocks %llu bytes (before: %u blocks "
           "%llu bytes)", blocks_after, (unsigned long long)bytes_after,
           blocks_before, (unsigned long long)bytes_before);
}

SCENARIO("wavert-bad-requests",
         "KSPROPSETID_RtAudio requests the port or miniport must refuse, each "
         "with its documented status", wavert_bad_requests_run);
SCENARIO("wavert-open-close",
         "iterations= WaveRT render and capture rounds; the pool must come "
         "back", wavert_open_close_run);

/* Loopback ---------------------------------------------------------------- */

typedef struct wavert_recording {
    uint8_t *data;
    uint32_t fb;
    uint64_t frames;
} wavert_recording;

static bool wavert_record(void *ctx, const void *buf, uint64_t first_frame,
                          size_t frames)
{
    wavert_recording *rec = ctx;

    RtlCopyMemory(rec->data + first_frame * rec->fb, buf, frames * rec->fb);
    rec->frames = first_frame + frames;
    return true;
}

static bool wavert_silent(const uint8_t *frame, uint32_t fb,
                          AudioGenFormat format)
{
    uint8_t silence = format == AUDIOGEN_U8 ? 0x80 : 0x00;
    uint32_t i;

    for (i = 0; i < fb; i++) {
        if (frame[i] != silence) {
            return false;
        }
    }
    return true;
}

/*
 * The render buffer holds the whole pattern (then silence) and is never
 * refilled; the event-driven capture of the loopback source records while
 * it plays. The recording must be one contiguous slice of the pattern, frame
 * n = render frame R + n, then silence.
 */
static void wavert_loopback_check(const audio_params *p,
                                  const wavert_recording *rec, uint64_t total)
{
    uint32_t fb = rec->fb;
    uint8_t *want = ExAllocatePoolWithTag(NonPagedPool, (size_t)total * fb,
                                          'tRvW');
    uint64_t r = 0;
    uint64_t n;
    uint64_t bad = 0;

    if (want == NULL) {
        tap_ok(false, "loopback: no memory for the reference");
        return;
    }
    audiogen_pattern_fill(want, p->format, p->channels, p->seed, 0, total);
    /* R: where the render stream was when the capture started. */
    while (r < total / 2 &&
           RtlCompareMemory(rec->data, want + r * fb, 32 * fb) != 32 * fb) {
        r++;
    }
    for (n = 0; n < rec->frames; n++) {
        const uint8_t *got = rec->data + n * fb;
        bool ok = r + n < total ?
                  RtlCompareMemory(got, want + (r + n) * fb, fb) == fb :
                  wavert_silent(got, fb, p->format);

        bad += ok ? 0 : 1;
    }
    tap_ok(r < total / 2 && bad == 0,
           "loopback: %llu frames = render frames %llu.. then silence "
           "(%llu frames differ)", (unsigned long long)rec->frames,
           (unsigned long long)r, (unsigned long long)bad);
    ExFreePoolWithTag(want, 'tRvW');
}

static void wavert_loopback_run(void)
{
    audio_params p;
    audio_device d;
    audio_result r;
    wavert_stats st;
    wavert_stream render;
    wavert_stream capture;
    wavert_recording rec = { .frames = 0 };
    uint64_t total;
    uint32_t size;
    NTSTATUS status;

    if (!audio_params_read(&p, 300) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    p.port = "wavert";
    total = audio_total_frames(&p);
    rec.fb = audio_frame_bytes(&p);
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_MUX_SOURCE,
                             KSNODE_TOPO_WAVEIN_MUX,
                             KSPIN_TOPO_LOOPBACK_SOURCE);
    tap_ok(NT_SUCCESS(status), "mux source = loopback: %s",
           audio_status_name(status));
    /* 200 ms more than the pattern: the capture ends before it wraps. */
    size = (uint32_t)(total + p.rate / 5);
    status = wavert_open(d.pdo, false, &p, size, 1, false, &render);
    if (!tap_ok(NT_SUCCESS(status), "WaveRT render pin, %u-frame buffer: %s",
                size, audio_status_name(status))) {
        audio_device_close(&d);
        return;
    }
    audio_fill_pattern(&p, render.buffer, 0, total);
    RtlZeroMemory(render.buffer + total * rec.fb, (size - total) * rec.fb);
    rec.data = ExAllocatePoolWithTag(NonPagedPool, (size_t)total * rec.fb,
                                     'tRvW');
    status = rec.data == NULL ? STATUS_INSUFFICIENT_RESOURCES :
             wavert_open(d.pdo, true, &p, audio_packet_frames(&p), 2, true,
                         &capture);
    if (tap_ok(NT_SUCCESS(status), "WaveRT capture pin: %s",
               audio_status_name(status))) {
        KscSetState(render.pin, KSSTATE_RUN);
        wavert_capture(&capture, WAVERT_EVENT, total, wavert_record, &rec,
                       &r, &st);
        KscSetState(render.pin, KSSTATE_STOP);
        wavert_loopback_check(&p, &rec, total);
        wavert_report("wavert-loopback", &p, WAVERT_EVENT, total, &r, &st);
        wavert_close(&capture);
    }
    if (rec.data != NULL) {
        ExFreePoolWithTag(rec.data, 'tRvW');
    }
    wavert_close(&render);
    audio_device_close(&d);
}

SCENARIO("wavert-loopback",
         "the pattern from a WaveRT render buffer recorded by a WaveRT "
         "capture pin on the loopback source", wavert_loopback_run);
