/* SPDX-License-Identifier: MIT */
/*
 * Render scenarios for the e2e tests: the client plays the frame-indexed test
 * pattern (audiogen.h, seed=) and the host compares the device's WAV and dump
 * with it. The variants interfere with the stream at fixed points of the
 * pattern so that the host knows exactly what must come out:
 *   render-pattern  plain playback, then tail_ms of silence
 *   render-pause PAUSE at 1/3 for 100 ms (position frozen), resume; STOP resets
 *   it render-gap the client stops writing at 1/2 for 250 ms, then continues
 *   render-volume   -6 dB at 1/3, mute at 2/3 (master volume and mute nodes)
 *   render-setformat the pin opens at 48 kHz s16 stereo, then the client sets
 *   the format
 *                   from the command line (KSPROPERTY_CONNECTION_DATAFORMAT)
 *                   and plays
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>

#define RENDER_TAIL_MS      100u
#define RENDER_PAUSE_MS     100u
#define RENDER_GAP_MS       250u
/* -6 dB: 12 device steps of 0.5 dB */
#define RENDER_VOLUME_STEP  (-6 * 65536)

typedef enum render_variant {
    RENDER_PLAIN,
    RENDER_PAUSE,
    RENDER_GAP,
    RENDER_VOLUME,
    RENDER_SETFORMAT,
} render_variant;

typedef struct render_ctx {
    audio_params params;
    render_variant variant;
    uint64_t total;
    KSC_FILE *topology;
    bool did_first;             /* the event at 1/3 (or 1/2) happened */
    bool did_second;            /* the event at 2/3 happened */
} render_ctx;

static void render_fill(void *ctx, void *buf, uint64_t first_frame,
                        size_t frames)
{
    render_ctx *c = ctx;

    audiogen_pattern_fill(buf, c->params.format, c->params.channels,
                          c->params.seed, first_frame, frames);
}

static void render_pause_hook(KSC_FILE *pin)
{
    KSAUDIO_POSITION before;
    KSAUDIO_POSITION after;
    KSSTATE state = KSSTATE_STOP;
    NTSTATUS status;

    status = KscSetState(pin, KSSTATE_PAUSE);
    tap_ok(NT_SUCCESS(status), "RUN -> PAUSE: %s", audio_status_name(status));
    KscGetPosition(pin, &before);
    KscSleep(RENDER_PAUSE_MS);
    KscGetPosition(pin, &after);
    tap_ok(before.PlayOffset == after.PlayOffset,
           "position frozen in PAUSE: %llu then %llu after %u ms",
           (unsigned long long)before.PlayOffset,
           (unsigned long long)after.PlayOffset, RENDER_PAUSE_MS);
    KscGetState(pin, &state);
    tap_ok(state == KSSTATE_PAUSE, "state reads PAUSE (%d)", state);
    status = KscSetState(pin, KSSTATE_RUN);
    tap_ok(NT_SUCCESS(status), "PAUSE -> RUN: %s", audio_status_name(status));
}

static void render_hook(void *ctx, KSC_FILE *pin, uint64_t frames_queued)
{
    render_ctx *c = ctx;
    NTSTATUS status;

    switch (c->variant) {
    case RENDER_PAUSE:
        if (!c->did_first && frames_queued >= c->total / 3) {
            c->did_first = true;
            render_pause_hook(pin);
        }
        break;
    case RENDER_GAP:
        if (!c->did_first && frames_queued >= c->total / 2) {
            c->did_first = true;
            /* Everything queued drains, then the device must play silence. */
            con_printf("# gap frame=%llu\n", (unsigned long long)frames_queued);
            KscSleep(RENDER_GAP_MS);
        }
        break;
    case RENDER_VOLUME:
        if (!c->did_first && frames_queued >= c->total / 3) {
            c->did_first = true;
            status = KscSetVolume(c->topology, KSNODE_TOPO_LINEOUT_VOLUME, -1,
                                  RENDER_VOLUME_STEP);
            tap_ok(NT_SUCCESS(status), "volume -6 dB: %s",
                   audio_status_name(status));
        } else if (!c->did_second && frames_queued >= c->total * 2 / 3) {
            c->did_second = true;
            status =
                KscSetMute(c->topology, KSNODE_TOPO_LINEOUT_MUTE, -1, TRUE);
            tap_ok(NT_SUCCESS(status), "mute: %s", audio_status_name(status));
        }
        break;
    default:
        break;
    }
}

/*
 * Opens the pin at 48 kHz s16 stereo, then switches it to the requested format.
 */
static NTSTATUS render_set_format(audio_device *d, const audio_params *p,
                                  KSC_FILE **pin)
{
    audio_params initial = *p;
    KSC_WAVE_FORMAT format;
    KSC_WAVE_FORMAT readback;
    ULONG bytes = 0;
    NTSTATUS status;

    initial.rate = 48000;
    initial.channels = 2;
    initial.format = AUDIOGEN_S16;
    status = audio_pin_create(d, KSPIN_WAVE_RENDER_SINK, &initial, pin);
    if (!tap_ok(NT_SUCCESS(status), "render pin at 48000 Hz s16 stereo: %s",
                audio_status_name(status))) {
        return status;
    }
    audio_build_format(p, &format);
    status = KscProperty(*pin, &KSPROPSETID_Connection,
                         KSPROPERTY_CONNECTION_DATAFORMAT, KSPROPERTY_TYPE_SET,
                         &format, format.Format.DataFormat.FormatSize, NULL);
    tap_ok(NT_SUCCESS(status),
           "set format %s %u Hz %u ch on the stopped pin: %s",
           audiogen_format_name(p->format), p->rate, p->channels,
           audio_status_name(status));
    RtlZeroMemory(&readback, sizeof(readback));
    KscProperty(*pin, &KSPROPSETID_Connection, KSPROPERTY_CONNECTION_DATAFORMAT,
                KSPROPERTY_TYPE_GET, &readback, sizeof(readback), &bytes);
    tap_ok(bytes == format.Format.DataFormat.FormatSize &&
           RtlCompareMemory(&readback, &format, bytes) == bytes,
           "the pin reports the new format (%u bytes)", bytes);
    return status;
}

static void render_run(render_variant variant, const char *name)
{
    render_ctx c = { .variant = variant };
    audio_device d;
    audio_result r;
    KSC_FILE *pin = NULL;
    KSAUDIO_POSITION position = { 1, 1 };
    LONG level = 1;
    NTSTATUS status;

    if (!audio_params_read(&c.params, 1000) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    c.total = audio_total_frames(&c.params);
    c.topology = d.topology;
    if (variant == RENDER_SETFORMAT) {
        status = render_set_format(&d, &c.params, &pin);
    } else {
        status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &c.params, &pin);
    }
    if (tap_ok(NT_SUCCESS(status), "render pin %s %u Hz %u ch: %s",
               audiogen_format_name(c.params.format), c.params.rate,
               c.params.channels, audio_status_name(status))) {
        audio_render(pin, &c.params, c.total, render_fill, render_hook, &c,
                     RENDER_TAIL_MS, &r);
        tap_ok(NT_SUCCESS(r.status) && r.frames == c.total,
               "played %llu of %llu frames: %s", (unsigned long long)r.frames,
               (unsigned long long)c.total, audio_status_name(r.status));
        status = KscGetPosition(pin, &position);
        tap_ok(NT_SUCCESS(status) && position.PlayOffset == 0 &&
               position.WriteOffset == 0,
               "position after STOP: play %llu write %llu (want 0 0)",
               (unsigned long long)position.PlayOffset,
               (unsigned long long)position.WriteOffset);
        if (variant == RENDER_GAP) {
            tap_ok(r.underruns > 0,
                   "the client's gap was seen as an underrun (%u)",
                   r.underruns);
        } else {
            tap_ok(r.underruns == 0, "underruns %u (want 0)", r.underruns);
        }
        audio_print_summary(name, &c.params, &r);
        KscClose(pin);
    }
    if (variant == RENDER_VOLUME) {
        KscSetMute(d.topology, KSNODE_TOPO_LINEOUT_MUTE, -1, FALSE);
        KscSetVolume(d.topology, KSNODE_TOPO_LINEOUT_VOLUME, -1, 0);
        status =
            KscGetVolume(d.topology, KSNODE_TOPO_LINEOUT_VOLUME, -1, &level);
        tap_ok(NT_SUCCESS(status) && level == 0, "volume back to 0 dB (%d)",
               level);
    }
    audio_device_close(&d);
}

static void render_pattern_run(void)
{
    render_run(RENDER_PLAIN, "render-pattern");
}

static void render_pause_run(void)
{
    render_run(RENDER_PAUSE, "render-pause");
}

static void render_gap_run(void)
{
    render_run(RENDER_GAP, "render-gap");
}

static void render_volume_run(void)
{
    render_run(RENDER_VOLUME, "render-volume");
}

static void render_setformat_run(void)
{
    render_run(RENDER_SETFORMAT, "render-setformat");
}

SCENARIO("render-pattern",
         "plays the test pattern (seed=) for the WAV/dump comparison",
         render_pattern_run);
SCENARIO("render-pause",
         "test pattern with a 100 ms PAUSE at 1/3; STOP resets the position",
         render_pause_run);
SCENARIO("render-gap", "test pattern with the client silent for 250 ms at 1/2",
         render_gap_run);
SCENARIO("render-volume",
         "test pattern at 0 dB, -6 dB from 1/3, muted from 2/3",
         render_volume_run);
SCENARIO("render-setformat",
         "opens at 48 kHz s16 stereo, sets the command line's format, plays "
         "the pattern", render_setformat_run);
