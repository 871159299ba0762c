/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveRT, the cycaudio WaveRT miniport (filter object, minwavert.c),
 * and its streams (minwavertstream.c). The filter owns the position
 * write-back area every WaveRT stream of the device reports through; each
 * stream holds a reference on its miniport and one device stream block.
 */
#ifndef CYCAUDIO_MINWAVERT_H
#define CYCAUDIO_MINWAVERT_H
#include "common.h"
#include "waveformat.h"

typedef struct CMiniportWaveRT {
    IMiniportWaveRT Iface;
    IPowerNotify PowerIface;
    COM_REF Ref;
    PPORTWAVERT Port;
    PADAPTERCOMMON AdapterCommon;
    PCYC_HW Hw;
    /* CYC_MAX_STREAMS position records the device writes (CTL.POSWB) */
    volatile UCHAR *Records;
    /* the streams it created (PowerChangeNotify reaches them), PASSIVE */
    LIST_ENTRY Streams;
} CMiniportWaveRT;

/* PASSIVE_LEVEL. The new stream references Miniport and PortStream. */
NTSTATUS CMiniportWaveRTStream_Create(CMiniportWaveRT *Miniport,
                                      PPORTWAVERTSTREAM PortStream,
                                      BOOLEAN Capture,
                                      const CYC_WAVE_FORMAT *Format,
                                      PMINIPORTWAVERTSTREAM *Stream);
/* Any IRQL: the statistics of a stream this miniport created. */
VOID CMiniportWaveRTStream_GetStatistics(PMINIPORTWAVERTSTREAM Stream,
                                         PCYC_STREAM_STATISTICS Statistics);
/*
 * PASSIVE_LEVEL, from the miniport's IPowerNotify: before D3 a stream the
 * port paused keeps its position and stops its block (a render block
 * drains); after D0 it programs the block again to start at that offset
 * (SOFF, ABI 1.6) and pauses there, so the port's RUN continues the buffer
 * where it stopped.
 */
VOID CMiniportWaveRTStream_PowerChange(PLIST_ENTRY Link,
                                       DEVICE_POWER_STATE State);
#endif /* CYCAUDIO_MINWAVERT_H */
