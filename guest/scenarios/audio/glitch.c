/* SPDX-License-Identifier: MIT */
/*
 * glitch-late-isr: the guided example of docs/debugging.md ("From a glitch in
 * the WAV to the line of code"). The client plays the test pattern (seed=,
 * audiogen.h) like render-pattern, so scripts/glitch can recompute every frame
 * it sent. late_period=N (default 0: off) arms the cycaudio miniport's
 * deliberately buggy ISR copy (drivers/cycaudio/glitchisr.c): at its N-th
 * call it busy-waits late_ms= (default 60) at DIRQL before notifying the
 * port, longer than the port's 40 ms lead, so the device plays silence until
 * the late service catches up. Off, the run is an ordinary pattern render.
 */
#include "audio.h"
#include "../scenario.h"
#include "../../drivers/cycaudio/glitchisr.h"
#include <platform.h>

#define GLITCH_DEFAULT_MS   500u
#define GLITCH_STALL_MS     60u
#define GLITCH_TAIL_MS      100u
#define GLITCH_US_PER_MS    1000u

static void glitch_late_isr_run(void)
{
    audio_params p;
    audio_device d;
    audio_result r;
    KSC_FILE *pin = NULL;
    uint64_t total;
    uint32_t late_period;
    uint32_t late_ms;
    bool ok = true;
    NTSTATUS status;

    late_period = audio_param_u32("late_period", 0, &ok);
    late_ms = audio_param_u32("late_ms", GLITCH_STALL_MS, &ok);
    if (!tap_ok(ok, "late_period=%u late_ms=%u", late_period, late_ms) ||
        !audio_params_read(&p, GLITCH_DEFAULT_MS) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    total = audio_total_frames(&p);
    if (late_period != 0) {
        con_printf("# glitch: ISR call %u stalls %u ms before Notify\n",
                   late_period, late_ms);
        CycGlitchIsrArm(late_period, late_ms * GLITCH_US_PER_MS);
    }
    status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &p, &pin);
    if (tap_ok(NT_SUCCESS(status), "render pin %s %u Hz %u ch: %s",
               audiogen_format_name(p.format), p.rate, p.channels,
               audio_status_name(status))) {
        audio_render(pin, &p, total, audio_fill_pattern, NULL, &p,
                     GLITCH_TAIL_MS, &r);
        tap_ok(NT_SUCCESS(r.status) && r.frames == total,
               "played %llu of %llu frames: %s", (unsigned long long)r.frames,
               (unsigned long long)total, audio_status_name(r.status));
        tap_ok(r.underruns == (late_period != 0 ? 1u : 0u),
               "underruns %u (want %u: the bug is %s)", r.underruns,
               late_period != 0 ? 1u : 0u, late_period != 0 ? "on" : "off");
        audio_print_summary("glitch-late-isr", &p, &r);
        KscClose(pin);
    }
    CycGlitchIsrDisarm();
    audio_device_close(&d);
}

SCENARIO("glitch-late-isr",
         "test pattern; late_period=N makes the miniport ISR stall late_ms "
         "(guided example of docs/debugging.md)",
         glitch_late_isr_run);
