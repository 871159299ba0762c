/* SPDX-License-Identifier: MIT */
/*
 * msvad: a virtual WaveCyclic adapter in the style of the WDK's MSVAD sample.
 * No hardware: a kernel timer plays the interrupt, the position is derived from
 * the interrupt-time clock, render data is consumed (checksummed) and capture
 * data is a ramp. It includes only the public headers (portcls.h, ks.h,
 * ksmedia.h, wdm.h, ntstatus.h) to show that a miniport written for Windows'
 * DDI builds against ours.
 */
#ifndef MSVAD_H
#define MSVAD_H

#include <wdm.h>
#include <ntstatus.h>
#include <portcls.h>
#include <ks.h>
#include <ksmedia.h>
#include <msvadprop.h>

#define MSVAD_POOLTAG \
    ((ULONG)'M' | ((ULONG)'s' << 8) | ((ULONG)'v' << 16) | ((ULONG)'d' << 24))

NTSTATUS CreateMiniportWaveCyclicMSVAD(PUNKNOWN *Unknown, REFCLSID ClassId,
                                       PUNKNOWN UnknownOuter,
                                       POOL_TYPE PoolType);

NTSTATUS NTAPI MsvadDriverEntry(PDRIVER_OBJECT DriverObject,
                                PUNICODE_STRING RegistryPath);

#endif /* MSVAD_H */
