/* SPDX-License-Identifier: MIT */
/*
 * open-close: iterations= times (default 100) open the wave filter (port=
 * chooses WaveCyclic or WavePci), create a
 * render pin and a capture pin, stream a short burst through each, close the
 * pins and the filter. The pool must hold exactly
 * what it held before the first round: no allocation of the client, the port,
 * the miniport or the runtime may outlive its round.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>
#include <ntrt.h>

static void open_close_run(void)
{
    audio_params p;
    audio_device d;
    audio_result r;
    KSC_FILE *wave = NULL;
    KSC_FILE *pin = NULL;
    KSC_FILE *capture = NULL;
    SIZE_T bytes_before = 0;
    SIZE_T bytes_after = 0;
    ULONG blocks_before;
    ULONG blocks_after;
    const char *text = scenario_param("iterations", NULL);
    uint32_t iterations = 0;
    uint32_t done = 0;
    uint32_t i;
    NTSTATUS status = STATUS_SUCCESS;

    for (; text != NULL && *text >= '0' && *text <= '9'; text++) {
        iterations = iterations * 10 + (uint32_t)(*text - '0');
    }
    if (iterations == 0) {
        iterations = 100;
    }
    if (!audio_params_read(&p, 20) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", false))) {
        return;
    }
    audio_device_close(&d);
    blocks_before = ExpPoolOutstanding(0, &bytes_before);
    for (i = 0; i < iterations; i++) {
        status = KscOpenFilter(d.pdo, audio_wave_filter("cycaudio"), &wave);
        if (NT_SUCCESS(status)) {
            d.wave = wave;
            status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &p, &pin);
        }
        if (NT_SUCCESS(status)) {
            status = audio_render(pin, &p, audio_total_frames(&p),
                                  audio_fill_pattern, NULL, &p, 0, &r);
        }
        if (NT_SUCCESS(status)) {
            status =
                audio_pin_create(&d, KSPIN_WAVE_CAPTURE_SOURCE, &p, &capture);
        }
        if (NT_SUCCESS(status)) {
            status = audio_capture(capture, &p, audio_total_frames(&p), NULL,
                                   NULL, &r);
        }
        KscClose(capture);
        KscClose(pin);
        KscClose(wave);
        capture = NULL;
        pin = NULL;
        wave = NULL;
        d.wave = NULL;
        if (!NT_SUCCESS(status)) {
            break;
        }
        done++;
    }
    blocks_after = ExpPoolOutstanding(0, &bytes_after);
    tap_ok(done == iterations, "%u of %u open/render/capture/close rounds: %s",
           done, iterations, audio_status_name(status));
    tap_ok(blocks_after == blocks_before && bytes_after == bytes_before,
           "pool after the rounds: %u blocks %llu bytes (before: %u blocks "
           "%llu bytes)", blocks_after, (unsigned long long)bytes_after,
           blocks_before, (unsigned long long)bytes_before);
    con_printf("# leak rounds=%u blocks_before=%u blocks_after=%u "
               "bytes_before=%llu bytes_after=%llu\n", done, blocks_before,
               blocks_after, (unsigned long long)bytes_before,
               (unsigned long long)bytes_after);
}

SCENARIO("open-close",
         "open, stream and close render and capture pins 100 times without "
         "leaking pool", open_close_run);
