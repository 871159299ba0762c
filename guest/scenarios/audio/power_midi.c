/* SPDX-License-Identifier: MIT */
/*
 * power-midi-sleep (issue 11): eight MIDI records, a note on or off every
 * step_ms (default 100) from 0 ms, queued in one IRP on the Midi render
 * pin (the MIDI port over the system UART miniport) in PAUSE, then RUN; at
 * sleep_at_ms (default 350: between records 3 and 4) the system goes
 * S0 -> S3 for sleep_ms (default 200) and back. The pin is paused across
 * the sleep and its stream time stands still, so the records due inside
 * the sleep (4 and 5) and after it leave after the wake, in order, each
 * the pause's length later than its time without the sleep; the device
 * loses its MPU-401 mode in D3hot and the UART miniport enters UART mode
 * again after D0. The host checks the chardev's bytes and their times.
 */
#include "midi.h"
#include "power.h"
#include "../scenario.h"
#include <platform.h>

#define POWER_MIDI_BUFFER       256
#define POWER_MIDI_STEP_MS      100u
#define POWER_MIDI_SLEEP_AT_MS  350u
#define POWER_MIDI_SLEEP_MS     200u
#define POWER_MIDI_TAIL_MS      20u     /* the last bytes on the wire */

/* C4 D4 E4 G4, each on one step and off the next, explicit status. */
static const UCHAR power_midi_tune[][3] = {
    { 0x90, 0x3c, 0x64 }, { 0x80, 0x3c, 0x40 },
    { 0x90, 0x3e, 0x64 }, { 0x80, 0x3e, 0x40 },
    { 0x90, 0x40, 0x64 }, { 0x80, 0x40, 0x40 },
    { 0x90, 0x43, 0x64 }, { 0x80, 0x43, 0x40 },
};

static void power_midi_run(void)
{
    static UCHAR buffer[POWER_MIDI_BUFFER];
    bool ok = true;
    uint32_t step = audio_param_u32("step_ms", POWER_MIDI_STEP_MS, &ok);
    uint32_t at = audio_param_u32("sleep_at_ms", POWER_MIDI_SLEEP_AT_MS, &ok);
    uint32_t asleep = audio_param_u32("sleep_ms", POWER_MIDI_SLEEP_MS, &ok);
    ULONG count = RTL_NUMBER_OF(power_midi_tune);
    ULONG used = 0;
    bool ran;
    KSC_IO io;
    NTSTATUS status;
    audio_device d;
    KSC_FILE *filter = NULL;
    KSC_FILE *pin = NULL;

    if (!tap_ok(ok && at < step * (count - 1), "sleep_at_ms=%u sleep_ms=%u "
                "step_ms=%u", at, asleep, step) ||
        !NT_SUCCESS(midi_open(&d, &filter))) {
        audio_device_close(&d);
        return;
    }
    status = midi_pin(filter, KSPIN_MIDI_RENDER_SINK, &pin);
    tap_ok(NT_SUCCESS(status), "power-midi-sleep: render pin: %s",
           audio_status_name(status));
    for (ULONG i = 0; NT_SUCCESS(status) && i < count; i++) {
        KscMusicAppend(buffer, sizeof(buffer), &used, i == 0 ? 0 : step,
                       power_midi_tune[i], sizeof(power_midi_tune[i]));
    }
    if (NT_SUCCESS(status)) {
        status = KscSetState(pin, KSSTATE_PAUSE);
    }
    if (NT_SUCCESS(status)) {
        status = KscStreamIo(pin, &io, TRUE, buffer, used);
        tap_ok(status == STATUS_PENDING, "power-midi-sleep: %u records "
               "queued: %s", (unsigned)count, audio_status_name(status));
    }
    ran = status == STATUS_PENDING;
    if (ran) {
        status = KscSetState(pin, KSSTATE_RUN);
        tap_ok(NT_SUCCESS(status), "power-midi-sleep: RUN: %s",
               audio_status_name(status));
        KscSleep(at);
        power_system(pin, PowerSystemSleeping3, KSSTATE_PAUSE);
        KscSleep(asleep);
        power_system(pin, PowerSystemWorking, KSSTATE_RUN);
        status = KscWaitIo(&io);
        tap_ok(status == STATUS_SUCCESS && io.IoStatus.Information == used,
               "power-midi-sleep: IRP of %u bytes: %s, %u bytes",
               (unsigned)used, audio_status_name(status),
               (unsigned)io.IoStatus.Information);
        con_printf("# power midi sleep_at_ms=%u sleep_ms=%u step_ms=%u "
                   "records=%u\n", at, asleep, step, (unsigned)count);
        KscSleep(POWER_MIDI_TAIL_MS);
    }
    power_finish(&d, filter, pin, "power-midi-sleep", ran);
}

SCENARIO("power-midi-sleep",
         "eight MIDI records step_ms apart with the system asleep (S3, "
         "D3hot) for sleep_ms at sleep_at_ms; the records due after the "
         "pause leave shifted by it, none lost or doubled",
         power_midi_run);
