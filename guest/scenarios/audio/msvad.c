/* SPDX-License-Identifier: MIT */
/*
 * msvad-stream: the second miniport. Starts the virtual msvad adapter
 * (timer-driven, built from the public headers only), plays duration_ms of the
 * test pattern through its render pin and records duration_ms from its capture
 * pin, whose ramp is checked sample for sample (MSVAD_RAMP_SAMPLE). Parameters
 * as the other audio scenarios, but msvad takes 16-bit PCM in mono or stereo up
 * to 48 kHz only.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>
#include <msvadprop.h>

static bool msvad_check(void *ctx, const void *buf, uint64_t first_frame,
                        size_t frames)
{
    const audio_params *p = ctx;
    const int16_t *in = buf;
    size_t f;
    uint32_t c;

    for (f = 0; f < frames; f++) {
        for (c = 0; c < p->channels; c++) {
            if (*in++ != MSVAD_RAMP_SAMPLE(first_frame + f, c)) {
                return false;
            }
        }
    }
    return true;
}

static void msvad_run(void)
{
    audio_params p;
    audio_device d;
    audio_result r;
    KSC_FILE *pin = NULL;
    uint64_t total;
    NTSTATUS status;

    if (!audio_params_read(&p, 300)) {
        return;
    }
    if (!tap_ok(p.format == AUDIOGEN_S16 && p.channels <= MSVAD_MAX_CHANNELS &&
                p.rate <= MSVAD_MAX_RATE,
                "msvad plays s16, 1-2 channels, <= 48 kHz") ||
        !NT_SUCCESS(audio_device_open(&d, "msvad", false))) {
        return;
    }
    total = audio_total_frames(&p);

    status = audio_pin_create(&d, KSPIN_MSVAD_RENDER_SINK, &p, &pin);
    if (tap_ok(NT_SUCCESS(status), "msvad render pin: %s",
               audio_status_name(status))) {
        audio_render(pin, &p, total, audio_fill_pattern, NULL, &p, 0, &r);
        tap_ok(NT_SUCCESS(r.status) && r.frames == total,
               "msvad played %llu of %llu frames in %u packets",
               (unsigned long long)r.frames, (unsigned long long)total,
               r.packets);
        tap_ok(!r.have_stats, "msvad has no cycaudio statistics property");
        audio_print_summary("msvad-render", &p, &r);
        KscClose(pin);
        pin = NULL;
    }

    status = audio_pin_create(&d, KSPIN_MSVAD_CAPTURE_SOURCE, &p, &pin);
    if (tap_ok(NT_SUCCESS(status), "msvad capture pin: %s",
               audio_status_name(status))) {
        audio_capture(pin, &p, total, msvad_check, &p, &r);
        tap_ok(NT_SUCCESS(r.status) && r.frames == total,
               "msvad captured %llu of %llu frames",
               (unsigned long long)r.frames, (unsigned long long)total);
        tap_ok(r.mismatches == 0, "msvad capture is the ramp sample for sample "
               "(%u bad packets)", r.mismatches);
        audio_print_summary("msvad-capture", &p, &r);
        KscClose(pin);
    }
    audio_device_close(&d);
}

SCENARIO("msvad-stream",
         "streams through the virtual MSVAD-style miniport "
         "(render and capture)", msvad_run);
