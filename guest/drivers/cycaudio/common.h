/* SPDX-License-Identifier: MIT */
/*
 * CAdapterCommon: the one object that owns the cycaudio hardware. It maps the
 * BAR, owns the IInterruptSync, hands out stream blocks, routes each block's
 * interrupt to the stream that claimed it, and keeps the mixer state the
 * topology miniport exposes. Miniports reach it by
 * QueryInterface(IID_IAdapterCommon) on their UnknownAdapter.
 */
#ifndef CYCAUDIO_COMMON_H
#define CYCAUDIO_COMMON_H

#include "cycaudio.h"
#include "hw.h"

/* {6B1F3E2F-7C1D-4A5E-9D0A-434F4D4D4F4E} */
#define STATIC_IID_IAdapterCommon \
    0x6b1f3e2fL, 0x7c1d, 0x4a5e, 0x9d, 0x0a, 0x43, 0x4f, 0x4d, 0x4d, 0x4f, 0x4e
DEFINE_GUIDSTRUCT("6B1F3E2F-7C1D-4A5E-9D0A-434F4D4D4F4E", IID_IAdapterCommon);
#define IID_IAdapterCommon DEFINE_GUIDNAMED(IID_IAdapterCommon)

/*
 * A stream's interrupt routine: called from the ISR at DIRQL with the interrupt
 * sync held, after the block's events (CYC_STS_*) were acknowledged in the
 * device.
 */
typedef VOID (*PCYC_STREAM_ISR)(PVOID Context, ULONG Events);

COM_INTERFACE(IAdapterCommon);
typedef IAdapterCommon *PADAPTERCOMMON;
#undef INTERFACE
#define INTERFACE IAdapterCommon
DECLARE_INTERFACE_(IAdapterCommon, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IAdapterCommon);
    /* PASSIVE_LEVEL, once, from StartDevice. */
    STDMETHOD_(NTSTATUS, Init)(THIS_ PRESOURCELIST ResourceList,
                               PDEVICE_OBJECT DeviceObject) PURE;
    /* The register block; valid for the life of the object. */
    STDMETHOD_(PCYC_HW, GetHw)(THIS) PURE;
    /* PASSIVE_LEVEL: claims a free stream block of one direction. */
    STDMETHOD_(NTSTATUS, ClaimStream)(THIS_ BOOLEAN Capture,
                                      PULONG Block) PURE;
    /* PASSIVE_LEVEL: detaches the routine (if any) and frees the block. */
    STDMETHOD_(VOID, FreeStream)(THIS_ ULONG Block) PURE;
    /*
     * <= DISPATCH_LEVEL: attaches Routine to a claimed block and enables its
     * interrupt (NULL detaches and disables). Once it returns the old routine
     * is no longer running.
     */
    STDMETHOD_(VOID, SetStreamIsr)(THIS_ ULONG Block,
                                   PCYC_STREAM_ISR Routine, PVOID Context) PURE;
    /*
     * Mixer: attenuation in CYC_VOL_ATT steps, mute, and the
     * capture source (CYC_SRC_*).
     */
    STDMETHOD_(VOID, SetMaster)(THIS_ ULONG Attenuation,
                                BOOLEAN Mute) PURE;
    STDMETHOD_(VOID, GetMaster)(THIS_ PULONG Attenuation,
                                PBOOLEAN Mute) PURE;
    STDMETHOD_(VOID, SetCaptureSource)(THIS_ ULONG Source) PURE;
    STDMETHOD_(ULONG, GetCaptureSource)(THIS) PURE;
    STDMETHOD_(VOID, SetGenerator)(THIS_ ULONG Mode,
                                   ULONG FrequencyHz) PURE;
    STDMETHOD_(VOID, GetGenerator)(THIS_ PULONG Mode,
                                   PULONG FrequencyHz) PURE;
    /*
     * PASSIVE_LEVEL, PnP stop (power.c): disconnects the interrupt and
     * unmaps the BAR; register accesses then read all ones and do nothing,
     * and the interrupt sync runs routines under its spin lock only.
     */
    STDMETHOD_(VOID, ReleaseHardware)(THIS) PURE;
};
#undef INTERFACE
COM_SLOT(IAdapterCommonVtbl, Init, 3);
COM_SLOT(IAdapterCommonVtbl, GetGenerator, 13);
COM_SLOT(IAdapterCommonVtbl, ReleaseHardware, 14);

NTSTATUS NewAdapterCommon(PUNKNOWN *Unknown, REFCLSID ClassId,
                          PUNKNOWN UnknownOuter, POOL_TYPE PoolType);

#endif /* CYCAUDIO_COMMON_H */
