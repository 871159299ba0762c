/* SPDX-License-Identifier: MIT */
/*
 * The MIDI client of midi.c, shared with the power scenarios: the cycaudio
 * driver's Midi filter and its pins.
 */
#ifndef AUDIO_MIDI_H
#define AUDIO_MIDI_H

#include "audio.h"

/* The Midi filter of the cycaudio device (opened in d). */
NTSTATUS midi_open(audio_device *d, KSC_FILE **midi);
/* A MIDI-format pin PinId of Filter. */
NTSTATUS midi_pin(KSC_FILE *Filter, ULONG PinId, KSC_FILE **Pin);

#endif /* AUDIO_MIDI_H */
