/* SPDX-License-Identifier: MIT */
/*
 * Shared code of the audio scenarios (see audio.h). The render and capture
 * loops keep a fixed ring of overlapped requests in flight, as a Windows client
 * of a KS pin would; every wait is bounded by virtual time so a stuck stack
 * fails the run.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>
#include <ntrt.h>
#include <string.h>

#define AUDIO_POOLTAG \
    ((ULONG)'A' | ((ULONG)'u' << 8) | ((ULONG)'d' << 16) | ((ULONG)'S' << 24))
#define AUDIO_MAX_IOS           32u
/* client data kept queued ahead of the port */
#define AUDIO_QUEUE_MS          120u
#define AUDIO_DRAIN_POLL_MS     1u
#define AUDIO_DRAIN_LIMIT_MS    3000u

uint32_t audio_param_u32(const char *key, uint32_t fallback, bool *ok)
{
    const char *text = scenario_param(key, NULL);
    uint32_t value = 0;

    if (text == NULL) {
        return fallback;
    }
    if (*text == '\0') {
        *ok = false;
        return fallback;
    }
    for (; *text; text++) {
        if (*text < '0' || *text > '9' || value > 100000000u) {
            *ok = false;
            return fallback;
        }
        value = value * 10u + (uint32_t)(*text - '0');
    }
    return value;
}

bool audio_params_read(audio_params *p, uint32_t default_duration_ms)
{
    const char *format = scenario_param("format", NULL);
    bool ok = true;
    int fmt;

    p->rate = audio_param_u32("rate", 48000, &ok);
    p->channels = audio_param_u32("channels", 2, &ok);
    p->period_ms = audio_param_u32("period_ms", 10, &ok);
    p->duration_ms = audio_param_u32("duration_ms", default_duration_ms, &ok);
    p->seed = audio_param_u32("seed", 1, &ok);
    p->port = audio_port_name();
    fmt = audiogen_format_parse(format == NULL ? "s16" : format);
    p->format = fmt < 0 ? AUDIOGEN_S16 : (AudioGenFormat)fmt;
    if (!ok || fmt < 0 || p->rate < CYC_RATE_MIN || p->rate > CYC_RATE_MAX ||
        p->channels < CYC_CHANNELS_MIN || p->channels > CYC_CHANNELS_MAX ||
        p->period_ms == 0 || p->period_ms > 1000 || p->duration_ms == 0) {
        tap_ok(false, "parameters: rate=%u channels=%u format=%s period_ms=%u "
               "duration_ms=%u", p->rate, p->channels,
               format == NULL ? "s16" : format, p->period_ms, p->duration_ms);
        return false;
    }
    return true;
}

uint32_t audio_frame_bytes(const audio_params *p)
{
    return p->channels * audiogen_format_bytes(p->format);
}

uint64_t audio_total_frames(const audio_params *p)
{
    return (uint64_t)p->rate * p->duration_ms / 1000u;
}

uint32_t audio_packet_frames(const audio_params *p)
{
    uint32_t frames = (uint32_t)((uint64_t)p->rate * p->period_ms / 1000u);

    return frames ? frames : 1;
}

void audio_build_format(const audio_params *p, KSC_WAVE_FORMAT *format)
{
    switch (p->format) {
    case AUDIOGEN_U8:
        KscBuildWaveFormat(format, p->rate, p->channels, 8, 8, FALSE);
        break;
    case AUDIOGEN_S24:
        KscBuildWaveFormat(format, p->rate, p->channels, 32, 24, FALSE);
        break;
    case AUDIOGEN_S32:
        KscBuildWaveFormat(format, p->rate, p->channels, 32, 32, FALSE);
        break;
    case AUDIOGEN_F32:
        KscBuildWaveFormat(format, p->rate, p->channels, 32, 32, TRUE);
        break;
    default:
        KscBuildWaveFormat(format, p->rate, p->channels, 16, 16, FALSE);
        break;
    }
}

const char *audio_port_name(void)
{
    const char *port = scenario_param("port", NULL);

    return port == NULL ? "wavecyclic" : port;
}

/*
 * driver=c|cxx (default c): the adapter driver of the cycaudio device, the C
 * one or the C++ one (guest/drivers/cycaudiocxx, the same subdevices under
 * the same names).
 * NULL for another value.
 */
const char *audio_driver_name(const char *driver)
{
    const char *which = scenario_param("driver", "c");

    if (strcmp(driver, "cycaudio") != 0 || strcmp(which, "c") == 0) {
        return driver;
    }
    return strcmp(which, "cxx") == 0 ? "cycaudiocxx" : NULL;
}

PCWSTR audio_wave_filter(const char *driver)
{
    const char *port = audio_port_name();

    /* A WaveRT client opens the WaveRT filter itself (wavert_client.c). */
    if (strcmp(driver, "cycaudio") != 0 || strcmp(port, "wavecyclic") == 0 ||
        strcmp(port, "wavert") == 0) {
        return CYC_WAVE_NAME;
    }
    if (strcmp(port, "wavepci") == 0) {
        return CYC_WAVEPCI_NAME;
    }
    return NULL;
}

NTSTATUS audio_device_open(audio_device *d, const char *driver, bool topology)
{
    PCWSTR wave = audio_wave_filter(driver);
    NTSTATUS status;

    RtlZeroMemory(d, sizeof(*d));
    if (audio_driver_name(driver) == NULL) {
        tap_ok(false, "driver=%s is not c or cxx",
               scenario_param("driver", "c"));
        return STATUS_INVALID_PARAMETER;
    }
    if (wave == NULL) {
        tap_ok(false, "port=%s is not wavecyclic, wavert or wavepci",
               audio_port_name());
        return STATUS_INVALID_PARAMETER;
    }
    driver = audio_driver_name(driver);
    status = PnpStartDevice(driver, 0, &d->pdo);
    if (!NT_SUCCESS(status)) {
        tap_ok(false, "start %s device: %s", driver, audio_status_name(status));
        return status;
    }
    status = KscOpenFilter(d->pdo, wave, &d->wave);
    if (NT_SUCCESS(status) && topology) {
        status = KscOpenFilter(d->pdo, CYC_TOPOLOGY_NAME, &d->topology);
    }
    if (!NT_SUCCESS(status)) {
        tap_ok(false, "open %s filters: %s", driver, audio_status_name(status));
        audio_device_close(d);
    }
    return status;
}

void audio_device_close(audio_device *d)
{
    KscClose(d->topology);
    KscClose(d->wave);
    d->topology = NULL;
    d->wave = NULL;
}

NTSTATUS audio_pin_create(audio_device *d, ULONG pin_id, const audio_params *p,
                          KSC_FILE **pin)
{
    KSPIN_CONNECT connect;
    KSC_WAVE_FORMAT format;

    KscBuildConnect(&connect, pin_id);
    audio_build_format(p, &format);
    return KscCreatePin(d->wave, &connect, &format.Format.DataFormat, pin);
}

void audio_fill_pattern(void *ctx, void *buf, uint64_t first_frame,
                        size_t frames)
{
    const audio_params *p = ctx;

    audiogen_pattern_fill(buf, p->format, p->channels, p->seed, first_frame,
                          frames);
}

static uint64_t audio_now_ns(void)
{
    return KeQueryInterruptTime() * 100u;
}

/*
 * Requests in flight: enough packets to cover AUDIO_QUEUE_MS, within the ring.
 */
static uint32_t audio_depth(const audio_params *p)
{
    uint32_t depth = (AUDIO_QUEUE_MS + p->period_ms - 1) / p->period_ms;

    if (depth < 3) {
        depth = 3;
    }
    return depth > AUDIO_MAX_IOS ? AUDIO_MAX_IOS : depth;
}

void audio_read_stats(KSC_FILE *pin, audio_result *r)
{
    ULONG bytes = 0;

    r->have_stats =
        NT_SUCCESS(KscProperty(pin, &KSPROPSETID_CycAudioStream,
                               KSPROPERTY_CYCAUDIO_STREAM_STATISTICS,
                               KSPROPERTY_TYPE_GET, &r->stats,
                               sizeof(r->stats), &bytes)) &&
        bytes == sizeof(r->stats);
}

/*
 * Render: waits until the device has played the client's last byte and
 * reads the driver's counters then, before the client frees anything (a
 * WavePci request completes only when played, so time the client spends
 * after it would count as silence).
 */
static void audio_drain(KSC_FILE *pin, const audio_params *p,
                        uint64_t total_frames, audio_result *r)
{
    uint64_t target = total_frames * audio_frame_bytes(p);
    KSAUDIO_POSITION position = { 0 };
    NTSTATUS status = STATUS_SUCCESS;
    uint32_t polls;

    /* PlayOffset stops at the client's last byte once the device played it. */
    for (polls = 0; polls <
         AUDIO_DRAIN_LIMIT_MS / AUDIO_DRAIN_POLL_MS; polls++) {
        status = KscGetPosition(pin, &position);
        if (!NT_SUCCESS(status) || position.PlayOffset >= target) {
            break;
        }
        KscSleep(AUDIO_DRAIN_POLL_MS);
    }
    if (!NT_SUCCESS(status) || position.PlayOffset < target) {
        tap_ok(false, "drain: played %llu of %llu bytes: %s",
               (unsigned long long)position.PlayOffset,
               (unsigned long long)target, audio_status_name(status));
    }
    /*
     * The device moved exactly one frame per client frame unless the port had
     * to play silence in between (an underrun the polling above may have missed
     * when the client itself was late): anything beyond the drain's polling
     * slack counts.
     */
    audio_read_stats(pin, r);
    if (r->have_stats &&
        r->stats.Frames > total_frames +
                          (uint64_t)p->rate * (2 * AUDIO_DRAIN_POLL_MS + 1) /
                          1000u) {
        r->late_frames = r->stats.Frames - total_frames;
        if (r->underruns == 0) {
            r->underruns = 1;
        }
    }
}

/*
 * The one streaming loop of both directions: PAUSE (a stopped pin refuses
 * data), fill the ring of requests, RUN, then keep the ring full, each
 * completion handed to the direction's bookkeeping. On failure the pin is
 * stopped (which cancels what is still queued) and every request is reaped
 * before the ring is freed.
 */
static NTSTATUS audio_loop(KSC_FILE *pin, const audio_params *p,
                           uint64_t total_frames, bool capture,
                           audio_fill_fn fill, audio_hook_fn hook,
                           audio_check_fn check, void *ctx, audio_result *r)
{
    const char *what = capture ? "read" : "write";
    uint32_t fb = audio_frame_bytes(p);
    uint32_t packet = audio_packet_frames(p);
    uint32_t depth = audio_depth(p);
    size_t packet_bytes = (size_t)packet * fb;
    KSC_IO *ios;
    uint8_t *buffers;
    uint64_t queued = 0;
    uint32_t inflight = 0;
    uint32_t slot = 0;
    uint32_t oldest = 0;
    bool starved = false;
    KSAUDIO_POSITION position;
    NTSTATUS status;
    size_t n;

    ios = ExAllocatePoolWithTag(NonPagedPool, depth * sizeof(*ios),
                                AUDIO_POOLTAG);
    buffers = ExAllocatePoolWithTag(NonPagedPool, depth * packet_bytes,
                                    AUDIO_POOLTAG);
    if (ios == NULL || buffers == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    RtlZeroMemory(ios, depth * sizeof(*ios));
    status = KscSetState(pin, KSSTATE_PAUSE);
    if (!NT_SUCCESS(status)) {
        tap_ok(false, "set state PAUSE: %s", audio_status_name(status));
        goto out;
    }
    for (;;) {
        while (inflight < depth && queued < total_frames) {
            n = total_frames - queued < packet ?
                (size_t)(total_frames - queued) : packet;
            if (!capture) {
                fill(ctx, buffers + slot * packet_bytes, queued, n);
            }
            status = KscStreamIo(pin, &ios[slot], !capture,
                                 buffers + slot * packet_bytes,
                                 (ULONG)(n * fb));
            if (!NT_SUCCESS(status)) {
                tap_ok(false, "%s stream at frame %llu: %s", what,
                       (unsigned long long)queued, audio_status_name(status));
                goto reap;
            }
            queued += n;
            inflight++;
            slot = (slot + 1) % depth;
            if (hook != NULL) {
                hook(ctx, pin, queued);
            }
        }
        if (r->start_ns == 0) {
            status = KscSetState(pin, KSSTATE_RUN);
            if (!NT_SUCCESS(status)) {
                tap_ok(false, "set state RUN: %s", audio_status_name(status));
                goto reap;
            }
            r->start_ns = audio_now_ns();
        }
        if (inflight == 0) {
            if (!capture) {
                audio_drain(pin, p, total_frames, r);
            }
            break;
        }
        status = KscWaitIo(&ios[oldest]);
        inflight--;
        if (!NT_SUCCESS(status)) {
            tap_ok(false, "%s stream request %u: %s", what, r->packets,
                   audio_status_name(status));
            oldest = (oldest + 1) % depth;
            goto reap;
        }
        n = ios[oldest].Header.DataUsed / fb;
        if (capture && check != NULL &&
            !check(ctx, buffers + oldest * packet_bytes, r->frames, n)) {
            r->mismatches++;
        }
        r->frames += n;
        r->packets++;
        oldest = (oldest + 1) % depth;
        if (!capture && queued < total_frames &&
            NT_SUCCESS(KscGetPosition(pin, &position))) {
            /*
             * The device caught up with everything we
             * gave the port: an underrun.
             */
            if (position.PlayOffset >= position.WriteOffset) {
                r->underruns += starved ? 0 : 1;
                starved = true;
            } else {
                starved = false;
            }
        }
    }
    goto out;

reap:
    KscSetState(pin, KSSTATE_STOP);
    while (inflight > 0) {
        KscWaitIo(&ios[oldest]);
        oldest = (oldest + 1) % depth;
        inflight--;
    }
out:
    if (buffers != NULL) {
        ExFreePoolWithTag(buffers, AUDIO_POOLTAG);
    }
    if (ios != NULL) {
        ExFreePoolWithTag(ios, AUDIO_POOLTAG);
    }
    return status;
}

NTSTATUS audio_render(KSC_FILE *pin, const audio_params *p,
                      uint64_t total_frames, audio_fill_fn fill,
                      audio_hook_fn hook, void *ctx, uint32_t tail_ms,
                      audio_result *r)
{
    NTSTATUS status;

    RtlZeroMemory(r, sizeof(*r));
    status = audio_loop(pin, p, total_frames, false, fill, hook, NULL, ctx, r);
    if (!NT_SUCCESS(status)) {
        r->status = status;
        return status;
    }
    if (tail_ms != 0) {
        KscSleep(tail_ms);
    }
    audio_read_stats(pin, r);
    status = KscSetState(pin, KSSTATE_STOP);
    if (!NT_SUCCESS(status)) {
        tap_ok(false, "set state STOP: %s", audio_status_name(status));
    }
    r->end_ns = audio_now_ns();
    r->status = status;
    return status;
}

NTSTATUS audio_capture(KSC_FILE *pin, const audio_params *p,
                       uint64_t total_frames, audio_check_fn check, void *ctx,
                       audio_result *r)
{
    NTSTATUS status;

    RtlZeroMemory(r, sizeof(*r));
    status = audio_loop(pin, p, total_frames, true, NULL, NULL, check, ctx, r);
    if (NT_SUCCESS(status)) {
        audio_read_stats(pin, r);
        status = KscSetState(pin, KSSTATE_STOP);
        r->end_ns = audio_now_ns();
    }
    r->status = status;
    return status;
}

void audio_print_summary(const char *scenario, const audio_params *p,
                         const audio_result *r)
{
    uint64_t audio_ms = p->rate ? r->frames * 1000u / p->rate : 0;

    con_printf("# summary scenario=%s port=%s format=%s rate=%u channels=%u "
               "frames=%llu periods=%u interrupts=%u underruns=%u "
               "late_frames=%llu packets=%u overruns=%u audio_ms=%llu "
               "virtual_ms=%llu\n", scenario, p->port,
               audiogen_format_name(p->format),
               p->rate, p->channels, (unsigned long long)r->frames,
               r->stats.Periods, r->stats.Interrupts, r->underruns,
               (unsigned long long)r->late_frames, r->packets,
               r->stats.Overruns, (unsigned long long)audio_ms,
               (unsigned long long)((r->end_ns - r->start_ns) / 1000000u));
}

const char *audio_status_name(NTSTATUS status)
{
    static const struct {
        NTSTATUS status;
        const char *name;
    } names[] = {
        { STATUS_SUCCESS, "STATUS_SUCCESS" },
        { STATUS_PENDING, "STATUS_PENDING" },
        { STATUS_BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW" },
        { STATUS_UNSUCCESSFUL, "STATUS_UNSUCCESSFUL" },
        { STATUS_NOT_IMPLEMENTED, "STATUS_NOT_IMPLEMENTED" },
        { STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER" },
        { STATUS_INVALID_DEVICE_REQUEST, "STATUS_INVALID_DEVICE_REQUEST" },
        { STATUS_BUFFER_TOO_SMALL, "STATUS_BUFFER_TOO_SMALL" },
        { STATUS_OBJECT_NAME_NOT_FOUND, "STATUS_OBJECT_NAME_NOT_FOUND" },
        { STATUS_INSUFFICIENT_RESOURCES, "STATUS_INSUFFICIENT_RESOURCES" },
        { STATUS_NOT_SUPPORTED, "STATUS_NOT_SUPPORTED" },
        { STATUS_CANCELLED, "STATUS_CANCELLED" },
        { STATUS_DEVICE_NOT_READY, "STATUS_DEVICE_NOT_READY" },
        { STATUS_DEVICE_CONFIGURATION_ERROR,
          "STATUS_DEVICE_CONFIGURATION_ERROR" },
        { STATUS_INVALID_DEVICE_STATE, "STATUS_INVALID_DEVICE_STATE" },
        { STATUS_NO_MATCH, "STATUS_NO_MATCH" },
        { STATUS_NOT_FOUND, "STATUS_NOT_FOUND" },
        { STATUS_PROPSET_NOT_FOUND, "STATUS_PROPSET_NOT_FOUND" },
        { STATUS_DATA_LATE_ERROR, "STATUS_DATA_LATE_ERROR" },
        { STATUS_DATA_OVERRUN, "STATUS_DATA_OVERRUN" },
        { STATUS_DEVICE_REMOVED, "STATUS_DEVICE_REMOVED" },
    };
    static char other[] = "0x00000000";
    static const char hex[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].status == status) {
            return names[i].name;
        }
    }
    for (i = 0; i < 8; i++) {
        other[2 + i] = hex[((ULONG)status >> (28 - 4 * i)) & 0xf];
    }
    return other;
}
