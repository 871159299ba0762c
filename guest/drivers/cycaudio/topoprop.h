/* SPDX-License-Identifier: MIT */
/*
 * The topology property handlers shared by the C and C++ cycaudio drivers
 * (topoprop.c): each answers one PCPROPERTY_REQUEST on Common.
 */
#ifndef CYCAUDIO_TOPOPROP_H
#define CYCAUDIO_TOPOPROP_H

#include "common.h"

/*
 * BASICSUPPORT of a LONG/ULONG-valued control (the audio basic-support
 * protocol), with a stepped range [Minimum, Maximum] when HasRange.
 */
NTSTATUS CycTopoBasicSupport(PPCPROPERTY_REQUEST PropertyRequest,
                             ULONG VariantType, LONG Minimum, LONG Maximum,
                             ULONG Step, BOOLEAN HasRange);
/* KSPROPERTY_AUDIO_VOLUMELEVEL and KSPROPERTY_AUDIO_MUTE. */
NTSTATUS CycTopoMaster(PPCPROPERTY_REQUEST PropertyRequest,
                       PADAPTERCOMMON Common);
/* KSPROPERTY_AUDIO_MUX_SOURCE. */
NTSTATUS CycTopoMuxSource(PPCPROPERTY_REQUEST PropertyRequest,
                          PADAPTERCOMMON Common);
/* KSPROPSETID_CycAudioGenerator. */
NTSTATUS CycTopoGenerator(PPCPROPERTY_REQUEST PropertyRequest,
                          PADAPTERCOMMON Common);
/* KSPROPERTY_CYC_MIDI_LOOP. */
NTSTATUS CycTopoMidiLoop(PPCPROPERTY_REQUEST PropertyRequest,
                         PADAPTERCOMMON Common);

#endif /* CYCAUDIO_TOPOPROP_H */
