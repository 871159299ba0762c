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
 * Each prints the summary line and a '# wavert' line with the glitches, the
 * event latency and the position checks.
 */
#include "wavert.h"
#include "../scenario.h"
#include <platform.h>
#include <string.h>
#include <ntrt.h>
#include <cycaudio/reference.h>

#define WAVERT_TAIL_MS 50u

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
