/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWavePci, the cycaudio WavePci miniport: the wave filter of the
 * WaveCyclic miniport (same pins, ranges and nodes) whose streams run the
 * device's scatter-gather ring with the port's mappings. The filter object
 * owns the port and adapter references; each stream (minwavepcistream.c)
 * holds a reference on its miniport.
 */
#ifndef CYCAUDIO_MINWAVEPCI_H
#define CYCAUDIO_MINWAVEPCI_H

#include "common.h"
#include "waveformat.h"

typedef struct CMiniportWavePci {
    IMiniportWavePci Iface;
    COM_REF Ref;
    PPORTWAVEPCI Port;
    PADAPTERCOMMON AdapterCommon;
    PCYC_HW Hw;
    /* the WaveCyclic filter, never Init'ed: it intersects formats for us */
    PMINIPORTWAVECYCLIC Formats;
} CMiniportWavePci;

/* Descriptors in a stream's ring (the device takes 2..CYC_SG_MAX_DESC). */
#define CYC_WAVEPCI_RING        32u

/*
 * PASSIVE_LEVEL. The new stream holds references on Miniport and PortStream;
 * STOP, ring empty.
 */
NTSTATUS CMiniportWavePciStream_Create(CMiniportWavePci *Miniport, ULONG Pin,
                                       BOOLEAN Capture,
                                       const CYC_WAVE_FORMAT *Format,
                                       PPORTWAVEPCISTREAM PortStream,
                                       PMINIPORTWAVEPCISTREAM *Stream,
                                       PDMACHANNEL *DmaChannel,
                                       PSERVICEGROUP *ServiceGroup);

/* Any IRQL: the statistics of a stream this miniport created. */
VOID CMiniportWavePciStream_GetStatistics(PMINIPORTWAVEPCISTREAM Stream,
                                          PCYC_STREAM_STATISTICS Statistics);

#endif /* CYCAUDIO_MINWAVEPCI_H */
