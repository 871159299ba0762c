/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio WaveCyclic miniport (filter object) and its stream objects. The
 * miniport owns the port and adapter references; each stream holds a reference
 * on its miniport, one stream block of the device, its DMA channel and service
 * group.
 */
#ifndef CYCAUDIO_MINWAVE_H
#define CYCAUDIO_MINWAVE_H

#include "common.h"

/*
 * Cyclic buffer: at least CYC_WAVE_PERIODS notification periods of
 * CYC_WAVE_PERIOD_MS and at least CYC_WAVE_BUFFER_MIN bytes, rounded up to
 * CYC_WAVE_BUFFER_ALIGN, the least common multiple of every frame size (1..8
 * channels x 1, 2, 4 bytes), so a later SetFormat finds a buffer its frames
 * tile. The port keeps its lead (40 ms) behind the play position whatever the
 * buffer size, so a larger buffer adds no latency.
 */
#define CYC_WAVE_PERIOD_MS      10u
#define CYC_WAVE_PERIODS        8u
#define CYC_WAVE_BUFFER_MIN     0x10000u
#define CYC_WAVE_BUFFER_ALIGN   3360u
/* SetFormat needs room for this many periods of the new format. */
#define CYC_WAVE_MIN_PERIODS    4u

typedef struct CMiniportWaveCyclic {
    IMiniportWaveCyclic Iface;
    /* instance limits from the device's stream counts */
    IPinCount PinCountIface;
    COM_REF Ref;
    PPORTWAVECYCLIC Port;
    PADAPTERCOMMON AdapterCommon;
    PCYC_HW Hw;
} CMiniportWaveCyclic;

/*
 * A validated stream format, everything the stream and the device need from it.
 */
typedef struct CYC_WAVE_FORMAT {
    CYC_HW_FORMAT Hw;
    ULONG BlockAlign;           /* bytes per frame */
    ULONG BitsPerSample;        /* container bits */
} CYC_WAVE_FORMAT, *PCYC_WAVE_FORMAT;

/*
 * STATUS_INVALID_PARAMETER unless DataFormat is a
 * format the device plays as is.
 */
NTSTATUS CycWaveParseFormat(const KSDATAFORMAT *DataFormat,
                            PCYC_WAVE_FORMAT Format);

/*
 * PASSIVE_LEVEL. The new stream holds a reference on Miniport;
 * STOP, position 0.
 */
NTSTATUS CMiniportWaveCyclicStream_Create(CMiniportWaveCyclic *Miniport,
                                          ULONG Pin, BOOLEAN Capture,
                                          const CYC_WAVE_FORMAT *Format,
                                          PMINIPORTWAVECYCLICSTREAM *Stream,
                                          PDMACHANNEL *DmaChannel,
                                          PSERVICEGROUP *ServiceGroup);

/* Any IRQL: the statistics of a stream this miniport created. */
VOID CMiniportWaveCyclicStream_GetStatistics(PMINIPORTWAVECYCLICSTREAM Stream,
                                             PCYC_STREAM_STATISTICS Statistics);

#endif /* CYCAUDIO_MINWAVE_H */
