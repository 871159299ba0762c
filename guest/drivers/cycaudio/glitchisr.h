/* SPDX-License-Identifier: MIT */
/*
 * The deliberate timing bug of the guided example in docs/debugging.md
 * ("From a glitch in the WAV to the line of code"): a copy of the WaveCyclic
 * stream's interrupt path that, at one period, busy-waits before it notifies
 * the port. Only the glitch-* scenarios arm it.
 */
#ifndef CYCAUDIO_GLITCHISR_H
#define CYCAUDIO_GLITCHISR_H

/*
 * PASSIVE_LEVEL, before the render pin is created: the next stream's ISR call
 * number Period (1 = the first period) stalls StallUs microseconds at DIRQL.
 */
VOID CycGlitchIsrArm(ULONG Period, ULONG StallUs);
/* PASSIVE_LEVEL, after the pin is closed: streams get the plain ISR again. */
VOID CycGlitchIsrDisarm(VOID);

#endif /* CYCAUDIO_GLITCHISR_H */
