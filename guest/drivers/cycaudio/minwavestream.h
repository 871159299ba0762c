/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveCyclicStream, the stream objects of the cycaudio WaveCyclic
 * miniport: each holds a reference on its miniport, one stream block of the
 * device, its DMA channel and service group.
 */
#ifndef CYCAUDIO_MINWAVESTREAM_H
#define CYCAUDIO_MINWAVESTREAM_H

#include "minwavefilter.h"
#include "waveformat.h"

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

/* The stream ISR NewStream registers (glitchisr.c may wrap it). */
extern PCYC_STREAM_ISR CycWaveStreamIsr;

#endif /* CYCAUDIO_MINWAVESTREAM_H */
