/* SPDX-License-Identifier: MIT */
/*
 * The DMus client of dmus.c, shared with the power scenarios: the
 * DMusSynth filter and pin, RUN, one IRP of DMUS_EVENTHEADER events, and
 * the test tune.
 */
#ifndef AUDIO_DMUS_H
#define AUDIO_DMUS_H

#include "audio.h"
#include <dmusicks.h>

#define DMUS_BUFFER      8192       /* bytes of one IRP of events */
#define DMUS_TAIL_MS     400u       /* after the tune's last note-off */

/* The cycaudio driver's DMusSynth filter (its device opened in d). */
NTSTATUS dmus_open(audio_device *d, KSC_FILE **Filter);
/* Its DirectMusic-format render pin. */
NTSTATUS dmus_pin(KSC_FILE *Filter, KSC_FILE **Pin);
/* PAUSE, RUN; returns the master time right after RUN. */
REFERENCE_TIME dmus_run(KSC_FILE *Pin, const char *Tag);
/* Sends Used bytes as one IRP and waits; returns its status. */
NTSTATUS dmus_send(KSC_FILE *Pin, PUCHAR Buffer, ULONG Used);
/*
 * The tune's events from Start in master time (a note every StepMs, each
 * ending 100 ms before the next step) into Buffer (DMUS_BUFFER bytes);
 * Print: a '# dmus-tune note' line per note. Returns the bytes used.
 */
ULONG dmus_build_tune(PUCHAR Buffer, REFERENCE_TIME Start, uint32_t StepMs,
                      bool Print);

/*
 * RUN, then the tune LeadMs after it as one IRP (a TAP line with Tag);
 * returns the tune's start in master time.
 */
REFERENCE_TIME dmus_play_tune(KSC_FILE *Pin, const char *Tag,
                              uint32_t LeadMs, uint32_t StepMs);

#endif /* AUDIO_DMUS_H */
