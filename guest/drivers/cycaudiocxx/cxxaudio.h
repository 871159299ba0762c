// SPDX-License-Identifier: MIT
// The C++ cycaudio adapter driver (issue 14), written as Windows audio
// samples are: CUnknown objects, a CAdapterCommon behind IAdapterCommon, a
// minipairs table, DPF tracing, a pool tag per file, PAGED_CODE(). Built as a
// Windows x64 driver (-mabi=ms, guest/nt/README.md). It programs the device
// through the C driver's register layer (hw.c, waveformat.c), compiled a
// second time for this driver in its convention and renamed (Cxx prefix) so
// both drivers live in one image; IAdapterCommon is the same declaration in
// both languages (common.h).
#ifndef CXXAUDIO_H
#define CXXAUDIO_H

// The C driver's headers first: cycaudio.h sets DPF_MODULE before wdm.h.
extern "C" {
#include "common.h"
#include "waveformat.h"
}
#include <stdunk.h>

// Every trace line of this driver starts with it (cycaudio.h set the C
// driver's).
#undef DPF_MODULE
#define DPF_MODULE "cycaudiocxx: "

// The name scenarios start this driver by (driver=cxx on the command line).
#define CXXAUDIO_DRIVER_NAME "cycaudiocxx"

// Subdevices the adapter registers (PcAddAdapterDevice's MaxObjects).
#define CXXAUDIO_MAX_MINIPORTS 2

// Factories, one per minipair entry: a new object with one reference.
NTSTATUS CreateAdapterCommon(PUNKNOWN *Unknown, REFCLSID ClassId,
                             PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportWaveCyclicCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                     PUNKNOWN UnknownOuter,
                                     POOL_TYPE PoolType);
NTSTATUS CreateMiniportTopologyCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                   PUNKNOWN UnknownOuter, POOL_TYPE PoolType);

// The BASICSUPPORT answer of a LONG/ULONG control and the value-size check,
// shared by the property handlers (mintopo.cpp).
NTSTATUS PropertyBasicSupport(PPCPROPERTY_REQUEST PropertyRequest,
                              ULONG VariantType, LONG Minimum, LONG Maximum,
                              ULONG Step, BOOLEAN HasRange);
NTSTATUS PropertyCheckValue(PPCPROPERTY_REQUEST PropertyRequest, ULONG Size);

#endif // CXXAUDIO_H
