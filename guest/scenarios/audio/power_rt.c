/* SPDX-License-Identifier: MIT */
/*
 * WaveRT across a system sleep (issue 11). An event-driven WaveRT client
 * (wavert.h's stream, the loop below) runs; once the device's position has
 * passed 1/3 of the stream the system goes S0 -> S3 -> S0 under it. PortCls
 * pauses the pin, the WaveRT miniport keeps the block's position and stops
 * it, the device goes to D3hot and loses every register; after D0 the
 * miniport starts the block again at the saved offset (SOFF, ABI 1.6) in
 * PAUSE, and the pin runs on.
 *   power-wavert-sleep    the test pattern (seed=); the host compares the
 *                         dump with it: every frame once, in order
 *   power-wavert-capture  the device's ramp generator (format=s16): before
 *                         the sleep stream frame n is generator frame n,
 *                         from the pause frame k on generator frame n - k
 *                         (the device restarts its generator, not the
 *                         client's stream)
 * Both check that KSPROPERTY_AUDIO_POSITION stays frozen while the device is
 * down, at the frame the stream paused at (less than a period after the
 * last position read), that the position register continues from there
 * (not from the buffer's start) and that no period is late or lost, and print
 * '# power wavert' with the pause frame and the virtual times.
 */
#include "power.h"
#include "wavert.h"
#include "../scenario.h"
#include <platform.h>

#define POWER_RT_SLEEP_MS_DEFAULT 200u
#define POWER_RT_TAIL_MS          50u
#define POWER_RT_PERIODS          2u
#define POWER_RT_WAIT_PERIODS     50u   /* an event later than this: fail */

typedef struct power_rt {
    wavert_stream s;
    audio_params p;
    const char *name;
    uint32_t P;                 /* frames per period */
    uint32_t B;                 /* frames in the buffer */
    uint64_t D;                 /* device frames, unwrapped */
    uint32_t last;              /* the last position read, frames */
    uint32_t sleep_ms;
    bool slept;
    uint64_t pause;             /* D at the pause for the sleep */
    uint32_t wakes;
    uint32_t glitches;
    uint64_t first_bad;         /* capture: UINT64_MAX when none */
} power_rt;

static uint64_t power_rt_now_ns(void)
{
    return (uint64_t)KeQueryInterruptTime() * 100u;
}

/* Unwraps the position register: right while reads are < a buffer apart. */
static void power_rt_read(power_rt *rt, uint32_t frames)
{
    rt->D += (frames + rt->B - rt->last) % rt->B;
    rt->last = frames;
}

static NTSTATUS power_rt_wait(power_rt *rt)
{
    LARGE_INTEGER timeout;
    uint32_t ms = (uint32_t)(rt->P * 1000ull / rt->p.rate) + 1;

    timeout.QuadPart = -(LONGLONG)ms * POWER_RT_WAIT_PERIODS * 10000;
    if (KeWaitForSingleObject(rt->s.event, Executive, KernelMode, FALSE,
                              &timeout) == STATUS_TIMEOUT) {
        tap_diag("%s: no event for %u periods at frame %llu", rt->name,
                 POWER_RT_WAIT_PERIODS, (unsigned long long)rt->D);
        return STATUS_IO_TIMEOUT;
    }
    rt->wakes++;
    power_rt_read(rt, READ_REGISTER_ULONG(rt->s.position) / rt->s.fb);
    return STATUS_SUCCESS;
}

/*
 * The sleep, from inside the client's loop: the pin reads PAUSE asleep, its
 * position frozen at the pause; after the wake it reads RUN and the position
 * register continues from there.
 */
static void power_rt_sleep(power_rt *rt)
{
    KSAUDIO_POSITION before = { 0, 0 };
    KSAUDIO_POSITION after = { 0, 0 };
    uint64_t t_sleep = power_rt_now_ns();
    uint64_t last = rt->D;
    uint64_t t_wake;
    uint64_t resumed;

    rt->slept = true;
    power_system(rt->s.pin, PowerSystemSleeping3, KSSTATE_PAUSE);
    KscGetPosition(rt->s.pin, &before);
    KscSleep(rt->sleep_ms);
    KscGetPosition(rt->s.pin, &after);
    tap_ok(before.PlayOffset == after.PlayOffset &&
           before.PlayOffset % rt->s.fb == 0,
           "%s: position frozen asleep at byte %llu (%llu after %u ms)",
           rt->name, (unsigned long long)before.PlayOffset,
           (unsigned long long)after.PlayOffset, rt->sleep_ms);
    power_rt_read(rt, (uint32_t)(before.PlayOffset / rt->s.fb));
    rt->pause = rt->D;
    tap_ok(rt->pause - last < rt->P,
           "%s: paused at frame %llu, %llu after the last position read",
           rt->name, (unsigned long long)rt->pause,
           (unsigned long long)(rt->pause - last));
    t_wake = power_rt_now_ns();
    power_system(rt->s.pin, PowerSystemWorking, KSSTATE_RUN);
    power_rt_read(rt, READ_REGISTER_ULONG(rt->s.position) / rt->s.fb);
    resumed = rt->D;
    tap_ok(resumed >= rt->pause && resumed - rt->pause < rt->P,
           "%s: the position register continues from frame %llu (%llu)",
           rt->name, (unsigned long long)rt->pause,
           (unsigned long long)resumed);
    con_printf("# power wavert scenario=%s pause=%llu sleep_ns=%llu "
               "wake_ns=%llu\n", rt->name, (unsigned long long)rt->pause,
               (unsigned long long)t_sleep, (unsigned long long)t_wake);
}

static void power_rt_write(power_rt *rt, uint64_t w, uint64_t total)
{
    uint8_t *dst = rt->s.buffer + (w % rt->B) * rt->s.fb;
    uint32_t data = w >= total ? 0 : (uint32_t)min(rt->P, total - w);

    if (data != 0) {
        audio_fill_pattern(&rt->p, dst, w, data);
    }
    RtlZeroMemory(dst + data * rt->s.fb, (rt->P - data) * rt->s.fb);
}

/* Render: every period but the device's own written ahead, the sleep at 1/3. */
static NTSTATUS power_rt_render(power_rt *rt, uint64_t total)
{
    uint64_t end = total + (uint64_t)rt->p.rate * POWER_RT_TAIL_MS / 1000;
    uint64_t w;
    NTSTATUS status;

    for (w = 0; w < rt->B; w += rt->P) {
        power_rt_write(rt, w, total);
    }
    status = KscSetState(rt->s.pin, KSSTATE_RUN);
    while (NT_SUCCESS(status) && rt->D < end) {
        status = power_rt_wait(rt);
        if (rt->D >= w) {
            rt->glitches++;
        }
        for (; w + rt->P <= rt->D / rt->P * rt->P + rt->B; w += rt->P) {
            power_rt_write(rt, w, total);
        }
        if (!rt->slept && rt->D >= total / 3) {
            power_rt_sleep(rt);
        }
    }
    KscSetState(rt->s.pin, KSSTATE_STOP);
    return status;
}

/* Capture: every whole period behind the position checked once. */
static NTSTATUS power_rt_capture(power_rt *rt, uint64_t total)
{
    uint64_t done = 0;
    NTSTATUS status = KscSetState(rt->s.pin, KSSTATE_RUN);

    while (NT_SUCCESS(status) && done < total) {
        uint64_t ready;

        status = power_rt_wait(rt);
        ready = min(rt->D / rt->P * rt->P, total);
        if (ready - done > rt->B) {
            rt->glitches++;
            done = ready - rt->B;
        }
        for (; done < ready; done++) {
            const uint8_t *in = rt->s.buffer + (done % rt->B) * rt->s.fb;
            uint64_t n = rt->slept && done >= rt->pause ? done - rt->pause :
                                                          done;

            if (!power_ramp_frame_is(&rt->p, in, n) &&
                rt->first_bad == UINT64_MAX) {
                rt->first_bad = done;
            }
        }
        if (!rt->slept && done >= total / 3) {
            power_rt_sleep(rt);
        }
    }
    KscSetState(rt->s.pin, KSSTATE_STOP);
    return status;
}

static void power_rt_run(const char *name, bool capture)
{
    power_rt rt = { .name = name, .first_bad = UINT64_MAX };
    audio_device d;
    uint64_t total;
    bool ok = true;
    NTSTATUS status;

    rt.sleep_ms = audio_param_u32("sleep_ms", POWER_RT_SLEEP_MS_DEFAULT, &ok);
    if (!ok || !audio_params_read(&rt.p, 600) ||
        !tap_ok(!capture || rt.p.format == AUDIOGEN_S16,
                "%s: format %s", name, audiogen_format_name(rt.p.format)) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    rt.p.port = "wavert";
    total = audio_total_frames(&rt.p);
    status = STATUS_SUCCESS;
    if (capture) {
        status = KscSetNodeUlong(d.topology, &KSPROPSETID_CycAudioGenerator,
                                 KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
                                 KSNODE_TOPO_WAVEIN_MUX, CYC_GEN_MODE_RAMP);
    }
    if (NT_SUCCESS(status)) {
        status = wavert_open(d.pdo, capture, &rt.p, audio_packet_frames(&rt.p),
                             POWER_RT_PERIODS, true, &rt.s);
    }
    if (tap_ok(NT_SUCCESS(status), "%s: WaveRT %s pin, %u-frame periods: %s",
               name, capture ? "capture" : "render",
               audio_packet_frames(&rt.p), audio_status_name(status))) {
        rt.P = rt.s.period / rt.s.fb;
        rt.B = rt.s.size / rt.s.fb;
        status = capture ? power_rt_capture(&rt, total) :
                           power_rt_render(&rt, total);
        tap_ok(NT_SUCCESS(status) && rt.slept,
               "%s: slept during the stream, %u events: %s", name, rt.wakes,
               audio_status_name(status));
        tap_ok(rt.glitches == 0, "%s: %u periods late or lost (want 0)",
               name, rt.glitches);
        if (capture) {
            tap_ok(rt.first_bad == UINT64_MAX,
                   "%s: %llu frames, generator frame n to %llu, n - %llu "
                   "after (first bad: %lld)", name, (unsigned long long)total,
                   (unsigned long long)rt.pause, (unsigned long long)rt.pause,
                   rt.first_bad == UINT64_MAX ? -1LL :
                   (long long)rt.first_bad);
        }
        con_printf("# power wavert scenario=%s frames=%llu wakes=%u "
                   "glitches=%u pause=%llu\n", name,
                   (unsigned long long)total, rt.wakes, rt.glitches,
                   (unsigned long long)rt.pause);
        wavert_close(&rt.s);
    }
    audio_device_close(&d);
}

static void power_rt_sleep_run(void)
{
    power_rt_run("power-wavert-sleep", false);
}

static void power_rt_capture_run(void)
{
    power_rt_run("power-wavert-capture", true);
}

SCENARIO("power-wavert-sleep",
         "WaveRT render of the test pattern with the system asleep (S3, "
         "D3hot) for sleep_ms at 1/3; the stream resumes at its offset",
         power_rt_sleep_run);
SCENARIO("power-wavert-capture",
         "WaveRT capture of the ramp generator with the system asleep (S3, "
         "D3hot) for sleep_ms at 1/3",
         power_rt_capture_run);
