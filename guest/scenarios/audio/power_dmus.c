/* SPDX-License-Identifier: MIT */
/*
 * power-dmus-sleep (issue 11): the DMus test tune (dmus.h, lead_ms 100,
 * step_ms 250) into the DMusSynth pin as one IRP of events right after RUN;
 * at sleep_at_ms (default 590: between note 1's release and note 2) the
 * system goes S0 -> S3 for sleep_ms (default 200) and back. The synth
 * miniport keeps the events the device had not consumed (note 2's and
 * later, some due inside the sleep), the device loses its ring and voices
 * in D3hot, and at the RUN after the wake the events go back into the ring
 * with the stream's time continuing from the pause: each plays the time
 * asleep later than its master time. The host checks every note's onset
 * frame in the dump against the miniport's clock anchors and the device's
 * trace.
 */
#include "dmus.h"
#include "power.h"
#include "../scenario.h"
#include <platform.h>

#define POWER_DMUS_LEAD_MS      100u
#define POWER_DMUS_STEP_MS      250u
#define POWER_DMUS_STEPS        11u     /* the chord's note-off */
#define POWER_DMUS_SLEEP_AT_MS  590u
#define POWER_DMUS_SLEEP_MS     200u

static void power_dmus_run(void)
{
    bool ok = true;
    uint32_t at = audio_param_u32("sleep_at_ms", POWER_DMUS_SLEEP_AT_MS, &ok);
    uint32_t asleep = audio_param_u32("sleep_ms", POWER_DMUS_SLEEP_MS, &ok);
    uint32_t end = POWER_DMUS_LEAD_MS + POWER_DMUS_STEPS * POWER_DMUS_STEP_MS +
                   DMUS_TAIL_MS;
    audio_device d;
    KSC_FILE *filter = NULL;
    KSC_FILE *pin = NULL;
    REFERENCE_TIME start;
    NTSTATUS status;

    if (!tap_ok(ok && at < end, "sleep_at_ms=%u sleep_ms=%u", at, asleep) ||
        !NT_SUCCESS(dmus_open(&d, &filter))) {
        audio_device_close(&d);
        return;
    }
    status = dmus_pin(filter, &pin);
    tap_ok(NT_SUCCESS(status), "power-dmus-sleep: DirectMusic render pin: %s",
           audio_status_name(status));
    if (NT_SUCCESS(status)) {
        start = dmus_play_tune(pin, "power-dmus-sleep", POWER_DMUS_LEAD_MS,
                               POWER_DMUS_STEP_MS);
        KscSleep(at);
        power_system(pin, PowerSystemSleeping3, KSSTATE_PAUSE);
        KscSleep(asleep);
        power_system(pin, PowerSystemWorking, KSSTATE_RUN);
        con_printf("# power dmus sleep_at_ms=%u sleep_ms=%u start=%lld\n", at,
                   asleep, (long long)start);
        KscSleep(end - at);
    }
    power_finish(&d, filter, pin, "power-dmus-sleep", NT_SUCCESS(status));
}

SCENARIO("power-dmus-sleep",
         "the DMus tune with the system asleep (S3, D3hot) for sleep_ms at "
         "sleep_at_ms; the events after the pause play shifted by the sleep",
         power_dmus_run);
