/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveCyclic, the cycaudio WaveCyclic miniport (filter object),
 * defined in minwave.c. It owns the port and adapter references; each stream
 * (minwavestream.c) holds a reference on its miniport and reads its hardware
 * handle.
 */
#ifndef CYCAUDIO_MINWAVEFILTER_H
#define CYCAUDIO_MINWAVEFILTER_H

#include "common.h"

typedef struct CMiniportWaveCyclic {
    IMiniportWaveCyclic Iface;
    /* instance limits from the device's stream counts */
    IPinCount PinCountIface;
    COM_REF Ref;
    PPORTWAVECYCLIC Port;
    PADAPTERCOMMON AdapterCommon;
    PCYC_HW Hw;
} CMiniportWaveCyclic;

#endif /* CYCAUDIO_MINWAVEFILTER_H */
