/* SPDX-License-Identifier: MIT */
/*
 * What the power scenarios share (power.c, power_rt.c): the system sleep
 * driven from a scenario and the check of the device's ramp generator.
 */
#ifndef AUDIO_POWER_H
#define AUDIO_POWER_H

#include "audio.h"

/*
 * The system goes to State twice (the second request must change nothing);
 * the pin then reads Want. Each step is a TAP line.
 */
void power_system(KSC_FILE *pin, SYSTEM_POWER_STATE State, KSSTATE Want);

/*
 * The end of a power scenario: Pin to STOP (a TAP line naming Tag) when
 * Stop, then Pin, Filter and d closed.
 */
void power_finish(audio_device *d, KSC_FILE *Filter, KSC_FILE *Pin,
                  const char *Tag, bool Stop);

/* Whether the S16 frame at in is generator frame n of the ramp (p's rate,
 * channels). */
bool power_ramp_frame_is(const audio_params *p, const uint8_t *in, uint64_t n);

#endif /* AUDIO_POWER_H */
