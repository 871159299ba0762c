/* SPDX-License-Identifier: MIT */
/*
 * Private declarations of the cycaudio adapter driver: pool tags, the trace
 * prefix and the miniport factories. The pin and node numbering shared with
 * clients is cycprop.h.
 */
#ifndef CYCAUDIO_H
#define CYCAUDIO_H

/* wdm.h's DPF prefixes every trace line of this driver with it. */
#define DPF_MODULE "cycaudio: "

#include <portcls.h>
#include <dmusicks.h>
#include <ksmedia.h>
#include <cycprop.h>

/*
 * Pool tags read as text in a pool dump: 'CycA', 'CycW', ... (little-endian).
 */
#define CYC_POOLTAG(a, b, c, d) \
    ((ULONG)(a) | ((ULONG)(b) << 8) | ((ULONG)(c) << 16) | ((ULONG)(d) << 24))
#define CYC_POOLTAG_ADAPTER     CYC_POOLTAG('C', 'y', 'c', 'A')
#define CYC_POOLTAG_WAVE        CYC_POOLTAG('C', 'y', 'c', 'W')
#define CYC_POOLTAG_STREAM      CYC_POOLTAG('C', 'y', 'c', 'S')
#define CYC_POOLTAG_TOPOLOGY    CYC_POOLTAG('C', 'y', 'c', 'T')
#define CYC_POOLTAG_DMUS        CYC_POOLTAG('C', 'y', 'c', 'D')

/* Subdevices the adapter registers (PcAddAdapterDevice's MaxObjects). */
#define CYC_MAX_MINIPORTS       7

/*
 * Factories (sysvad's CreateMiniport* shape): a new object with one reference.
 */
NTSTATUS CreateMiniportWaveCyclicCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                     PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportWaveRTCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                 PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportTopologyCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                   PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportDMusCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                               PUNKNOWN UnknownOuter, POOL_TYPE PoolType);

/* WavePci (CYC_WAVEPCI_NAME): the wave filter on the scatter-gather ring. */
#define CYC_POOLTAG_WAVEPCI     CYC_POOLTAG('C', 'y', 'c', 'P')
NTSTATUS CreateMiniportWavePciCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                  PUNKNOWN UnknownOuter, POOL_TYPE PoolType);

#endif /* CYCAUDIO_H */
