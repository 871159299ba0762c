/* SPDX-License-Identifier: MIT */
/*
 * melody: the main job. Plays the opening of "Ode to Joy" (audiogen.h) through
 * the whole IPort path — client library, PortCls WaveCyclic port, cycaudio
 * miniport, device DMA — and prints the summary line scripts/run reports.
 * Parameters: rate= channels= format= duration_ms= period_ms= (defaults 48000,
 * 2, s16, 8000, 10). period_ms is the length of each client write; the
 * WaveCyclic port's notification period (the device's PSIZE, one interrupt
 * each) is always 10 ms, as on Windows. port=wavert plays it through the
 * WaveRT filter instead (wavert.c: event-driven, period_ms periods).
 */
#include "wavert.h"
#include "../scenario.h"
#include <platform.h>
#include <string.h>

#define MELODY_DEFAULT_MS   (AUDIOGEN_MELODY_BEATS * AUDIOGEN_BEAT_MS)
#define MELODY_TAIL_MS      50u
#define MELODY_POOLTAG \
    ((ULONG)'M' | ((ULONG)'e' << 8) | ((ULONG)'l' << 16) | ((ULONG)'o' << 24))

/*
 * The generator and its memo of the tune's voices (audiogen.h): with it each
 * pitch is synthesised once and every later note, loop after loop, costs only
 * its envelope. Without the memory it synthesises every frame, the same bytes.
 */
typedef struct melody_ctx {
    const audio_params *params;
    AudioGenMelody gen;
    void *memo;
} melody_ctx;

static void melody_fill(void *ctx, void *buf, uint64_t first_frame,
                        size_t frames)
{
    melody_ctx *m = ctx;

    audiogen_melody_render(&m->gen, buf, m->params->format,
                           m->params->channels, first_frame, frames);
}

static void melody_play(audio_device *d, const audio_params *p,
                        melody_ctx *m)
{
    uint64_t total = audio_total_frames(p);
    KSC_FILE *pin = NULL;
    audio_result r;
    NTSTATUS status;

    if (strcmp(p->port, "wavert") == 0) {
        wavert_play(d, "melody", p, melody_fill, m, MELODY_TAIL_MS);
        return;
    }
    status = audio_pin_create(d, KSPIN_WAVE_RENDER_SINK, p, &pin);
    if (tap_ok(NT_SUCCESS(status), "render pin %s %u Hz %u ch: %s",
               audiogen_format_name(p->format), p->rate, p->channels,
               audio_status_name(status))) {
        audio_render(pin, p, total, melody_fill, NULL, m, MELODY_TAIL_MS, &r);
        tap_ok(NT_SUCCESS(r.status) && r.frames == total,
               "played %llu of %llu frames in %u packets: %s",
               (unsigned long long)r.frames, (unsigned long long)total,
               r.packets, audio_status_name(r.status));
        tap_ok(r.underruns == 0, "underruns %u (want 0)", r.underruns);
        tap_ok(r.have_stats && r.stats.Interrupts > 0 && r.stats.Errors == 0,
               "driver statistics: %u interrupts, %u periods, %u errors",
               r.stats.Interrupts, r.stats.Periods, r.stats.Errors);
        audio_print_summary("melody", p, &r);
        KscClose(pin);
    }
}

static void melody_run(void)
{
    audio_params p;
    audio_device d;
    melody_ctx m = { .params = &p };

    if (!audio_params_read(&p, MELODY_DEFAULT_MS) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    m.memo = ExAllocatePoolWithTag(NonPagedPool,
                                   audiogen_melody_memo_bytes(p.rate),
                                   MELODY_POOLTAG);
    audiogen_melody_init(&m.gen, p.rate, m.memo);
    melody_play(&d, &p, &m);
    if (m.memo != NULL) {
        ExFreePoolWithTag(m.memo, MELODY_POOLTAG);
    }
    audio_device_close(&d);
}

SCENARIO("melody",
         "plays Ode to Joy through PortCls WaveCyclic into the cycaudio device",
         melody_run);
