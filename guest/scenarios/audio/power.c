/* SPDX-License-Identifier: MIT */
/*
 * Power scenarios: the client plays the test pattern while the system
 * sleeps and wakes under it.
 *   power-sleep  S0 -> S3 at 1/3 of the stream, sleep_ms asleep, S3 -> S0:
 *                PortCls pauses the pin, the device goes to D3hot and loses
 *                its registers, and after D0 the pin runs on from the same
 *                frame. Repeated and out-of-order power requests are checked
 *                on the way.
 *   power-capture the same with a capture pin recording the device's ramp
 *                generator: before the sleep frame n of the stream is
 *                generator frame n; the device restarts the stream (and its
 *                generator) after D0, so from the first frame after the
 *                wake, at stream frame k, frame n is generator frame n - k.
 *   power-idle   with idle_s= (the driver writes it to PowerSettings, as
 *                an INF would) PortCls' idle timer: the pattern plays,
 *                the pin stops and stays open, the device goes to D3 after
 *                idle_s of no request, and the next request (the second
 *                stream, pattern of seed + 1) brings it back to D0 first.
 * The host (e2e) compares the WAV with the pattern: every frame once, in
 * order; the console gives the virtual times of the transitions.
 */
#include "power.h"
#include "../scenario.h"
#include <platform.h>
#include <ntrt.h>
#include <cycaudio/reference.h>

#define POWER_SLEEP_MS_DEFAULT  200u
#define POWER_TAIL_MS           100u

/* params first: audio_fill_pattern takes the context as audio_params. */
typedef struct power_ctx {
    audio_params params;
    uint64_t total;
    uint32_t sleep_ms;
    bool slept;
} power_ctx;

static uint64_t power_now_ns(void)
{
    return (uint64_t)KeQueryInterruptTime() * 100u;
}

void power_system(KSC_FILE *pin, SYSTEM_POWER_STATE State,
                         KSSTATE Want)
{
    KSSTATE state = KSSTATE_STOP;

    for (int i = 0; i < 2; i++) {
        NTSTATUS status = PnpSetSystemPowerState(State);

        tap_ok(NT_SUCCESS(status), "%s S%u: %s", i ? "again" : "to",
               (unsigned)(State - PowerSystemWorking),
               audio_status_name(status));
        KscGetState(pin, &state);
        tap_ok(state == Want, "the pin reads %d (want %d)", state, Want);
    }
}

void power_finish(audio_device *d, KSC_FILE *Filter, KSC_FILE *Pin,
                  const char *Tag, bool Stop)
{
    if (Stop) {
        NTSTATUS status = KscSetState(Pin, KSSTATE_STOP);

        tap_ok(NT_SUCCESS(status), "%s: STOP: %s", Tag,
               audio_status_name(status));
    }
    KscClose(Pin);
    KscClose(Filter);
    audio_device_close(d);
}

static void power_sleep_hook(void *ctx, KSC_FILE *pin, uint64_t frames_queued)
{
    power_ctx *c = ctx;
    KSAUDIO_POSITION before = { 0, 0 };
    KSAUDIO_POSITION after = { 0, 0 };
    uint64_t t_sleep;
    uint64_t t_wake;

    if (c->slept || frames_queued < c->total / 3) {
        return;
    }
    c->slept = true;
    t_sleep = power_now_ns();
    power_system(pin, PowerSystemSleeping3, KSSTATE_PAUSE);
    KscGetPosition(pin, &before);
    KscSleep(c->sleep_ms);
    KscGetPosition(pin, &after);
    tap_ok(before.PlayOffset == after.PlayOffset,
           "position frozen asleep: %llu then %llu after %u ms",
           (unsigned long long)before.PlayOffset,
           (unsigned long long)after.PlayOffset, c->sleep_ms);
    t_wake = power_now_ns();
    power_system(pin, PowerSystemWorking, KSSTATE_RUN);
    con_printf("# power sleep frame=%llu play=%llu sleep_ns=%llu "
               "wake_ns=%llu\n", (unsigned long long)frames_queued,
               (unsigned long long)(before.PlayOffset /
                                    audio_frame_bytes(&c->params)),
               (unsigned long long)t_sleep, (unsigned long long)t_wake);
}

static void power_sleep_run(void)
{
    power_ctx c = { .slept = false };
    audio_device d;
    audio_result r;
    KSC_FILE *pin = NULL;
    bool ok = true;
    NTSTATUS status;

    c.sleep_ms = audio_param_u32("sleep_ms", POWER_SLEEP_MS_DEFAULT, &ok);
    if (!ok || !audio_params_read(&c.params, 600) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    c.total = audio_total_frames(&c.params);
    status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &c.params, &pin);
    if (tap_ok(NT_SUCCESS(status), "render pin %s %u Hz %u ch: %s",
               audiogen_format_name(c.params.format), c.params.rate,
               c.params.channels, audio_status_name(status))) {
        audio_render(pin, &c.params, c.total, audio_fill_pattern,
                     power_sleep_hook,
                     &c, POWER_TAIL_MS, &r);
        tap_ok(c.slept, "the system slept during the stream");
        tap_ok(NT_SUCCESS(r.status) && r.frames == c.total,
               "played %llu of %llu frames: %s", (unsigned long long)r.frames,
               (unsigned long long)c.total, audio_status_name(r.status));
        tap_ok(r.underruns == 0, "underruns %u (want 0)", r.underruns);
        audio_print_summary("power-sleep", &c.params, &r);
        KscClose(pin);
    }
    audio_device_close(&d);
}

SCENARIO("power-sleep",
         "test pattern with the system asleep (S3, device D3hot) for "
         "sleep_ms at 1/3",
         power_sleep_run);

/* params first, as in power_ctx. */
typedef struct power_capture_ctx {
    audio_params params;
    KSC_FILE *pin;
    uint64_t total;
    uint32_t sleep_ms;
    bool slept;
    uint64_t restart;           /* stream frame of generator frame 0 again */
    uint64_t first_bad;         /* UINT64_MAX: none */
} power_capture_ctx;

bool power_ramp_frame_is(const audio_params *p, const uint8_t *in, uint64_t n)
{
    for (uint32_t ch = 0; ch < p->channels; ch++) {
        int32_t v = cyc_gen_s32(CYC_GEN_MODE_RAMP, n, ch, 0, p->rate);
        uint16_t want = (uint16_t)cyc_s32_to_sfmt(v, CYC_SFMT_S16);

        if ((uint16_t)(in[2 * ch] | in[2 * ch + 1] << 8) != want) {
            return false;
        }
    }
    return true;
}

/*
 * Each packet as it arrives: the ramp, restarting once after the wake. The
 * sleep itself happens here, after the packet that reaches 1/3.
 */
static bool power_capture_check(void *ctx, const void *buf,
                                uint64_t first_frame, size_t frames)
{
    power_capture_ctx *c = ctx;
    const uint8_t *in = buf;
    uint32_t bytes = audio_frame_bytes(&c->params);
    bool ok = true;

    for (size_t f = 0; f < frames; f++, in += bytes) {
        uint64_t frame = first_frame + f;

        if (power_ramp_frame_is(&c->params, in, frame - c->restart)) {
            continue;
        }
        if (c->slept && c->restart == 0 &&
            power_ramp_frame_is(&c->params, in, 0)) {
            c->restart = frame;
            continue;
        }
        if (c->first_bad == UINT64_MAX) {
            c->first_bad = frame;
        }
        ok = false;
    }
    if (!c->slept && first_frame + frames >= c->total / 3) {
        c->slept = true;
        power_system(c->pin, PowerSystemSleeping3, KSSTATE_PAUSE);
        KscSleep(c->sleep_ms);
        power_system(c->pin, PowerSystemWorking, KSSTATE_RUN);
        con_printf("# power capture sleep after=%llu\n",
                   (unsigned long long)(first_frame + frames));
    }
    return ok;
}

static void power_capture_run(void)
{
    power_capture_ctx c = { .first_bad = UINT64_MAX };
    audio_device d;
    audio_result r;
    bool ok = true;
    NTSTATUS status;

    c.sleep_ms = audio_param_u32("sleep_ms", POWER_SLEEP_MS_DEFAULT, &ok);
    if (!ok || !audio_params_read(&c.params, 600)) {
        return;
    }
    if (!tap_ok(c.params.format == AUDIOGEN_S16, "format=s16 (the check's)")
        || !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    c.total = audio_total_frames(&c.params);
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_MUX_SOURCE,
                             KSNODE_TOPO_WAVEIN_MUX,
                             KSPIN_TOPO_GENERATOR_SOURCE);
    if (NT_SUCCESS(status)) {
        status = KscSetNodeUlong(d.topology, &KSPROPSETID_CycAudioGenerator,
                                 KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
                                 KSNODE_TOPO_WAVEIN_MUX, CYC_GEN_MODE_RAMP);
    }
    if (NT_SUCCESS(status)) {
        status = audio_pin_create(&d, KSPIN_WAVE_CAPTURE_SOURCE, &c.params,
                                  &c.pin);
    }
    if (tap_ok(NT_SUCCESS(status), "generator ramp, capture pin: %s",
               audio_status_name(status))) {
        audio_capture(c.pin, &c.params, c.total, power_capture_check, &c, &r);
        tap_ok(c.slept && NT_SUCCESS(r.status) && r.frames == c.total,
               "slept; captured %llu of %llu frames: %s",
               (unsigned long long)r.frames, (unsigned long long)c.total,
               audio_status_name(r.status));
        tap_ok(c.restart > 0 && r.mismatches == 0,
               "generator frame 0 again at stream frame %llu, every other "
               "frame the next (first bad: %lld)",
               (unsigned long long)c.restart,
               c.first_bad == UINT64_MAX ? -1LL : (long long)c.first_bad);
        con_printf("# power capture restart=%llu frames=%llu\n",
                   (unsigned long long)c.restart,
                   (unsigned long long)r.frames);
        KscClose(c.pin);
    }
    audio_device_close(&d);
}

SCENARIO("power-capture",
         "ramp generator captured with the system asleep (S3, device D3hot) "
         "for sleep_ms at 1/3; the generator restarts after the wake",
         power_capture_run);

static void power_idle_run(void)
{
    audio_params p;
    audio_params second;
    audio_device d;
    audio_result r;
    KSC_FILE *pin = NULL;
    bool ok = true;
    uint32_t idle_s = audio_param_u32("idle_s", 0, &ok);
    NTSTATUS status;

    if (!tap_ok(ok && idle_s > 0, "idle_s=%u (> 0)", idle_s) ||
        !audio_params_read(&p, 200) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    second = p;
    second.seed = p.seed + 1;
    status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &p, &pin);
    if (tap_ok(NT_SUCCESS(status), "render pin: %s",
               audio_status_name(status))) {
        audio_render(pin, &p, audio_total_frames(&p), audio_fill_pattern,
                     NULL, &p, POWER_TAIL_MS, &r);
        tap_ok(NT_SUCCESS(r.status), "first stream: %llu frames: %s",
               (unsigned long long)r.frames, audio_status_name(r.status));
        con_printf("# power idle stopped_ns=%llu\n",
                   (unsigned long long)power_now_ns());
        /* no request for longer than the timeout and its tick */
        KscSleep((idle_s + 1) * 1000u + 500u);
        audio_render(pin, &second, audio_total_frames(&second),
                     audio_fill_pattern, NULL, &second, POWER_TAIL_MS, &r);
        tap_ok(NT_SUCCESS(r.status) &&
               r.frames == audio_total_frames(&second) && r.underruns == 0,
               "second stream after the idle D3: %llu frames, %u underruns: "
               "%s", (unsigned long long)r.frames, r.underruns,
               audio_status_name(r.status));
        KscClose(pin);
    }
    audio_device_close(&d);
}

SCENARIO("power-idle",
         "PortCls idle power-down: pattern, idle_s of no request (D3), "
         "pattern of seed + 1 (D0 first)",
         power_idle_run);
