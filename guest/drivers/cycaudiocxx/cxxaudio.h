/* SPDX-License-Identifier: MIT */
/*
 * The C++ cycaudio adapter driver (issue 14), written as Windows audio
 * samples are: CUnknown objects, a CAdapterCommon behind IAdapterCommon, a
 * minipairs table, DPF tracing, a pool tag per file, PAGED_CODE(). Built as a
 * Windows x64 driver (-mabi=ms, guest/nt/README.md). It programs the device
 * through the C driver's register layer and the logic both drivers share
 * (hw.c, waveformat.c, topoprop.c, rtpower.c, seqring.c, idleset.c,
 * sublist.c), compiled a second time for this driver in its convention and
 * renamed (Cxx prefix) so both live in one image;
 * IAdapterCommon is the same declaration in both languages (common.h). Its
 * own names are in namespace cycaudiocxx, so that the C driver's type names
 * (CAdapterCommon, CMiniportWaveCyclicStream, ...) stay unique for gdb
 * (scripts/cycaudio-gdb.py).
 */
#ifndef CXXAUDIO_H
#define CXXAUDIO_H

/* The C driver's headers first: cycaudio.h sets DPF_MODULE before wdm.h. */
extern "C" {
#include "common.h"
#include "waveformat.h"
#include "topoprop.h"
#include "idleset.h"
#include "sublist.h"
}
#include <stdunk.h>

namespace cycaudiocxx {

/*
 * Every trace line of this driver starts with it (cycaudio.h set the C
 * driver's).
 */
#undef DPF_MODULE
#define DPF_MODULE "cycaudiocxx: "

/* The name scenarios start this driver by (driver=cxx on the command line). */
#define CXXAUDIO_DRIVER_NAME "cycaudiocxx"

/* Subdevices the adapter registers (PcAddAdapterDevice's MaxObjects). */
#define CXXAUDIO_MAX_MINIPORTS 7

/*
 * NonDelegatingQueryInterface's answer: Found, the object as the interface
 * asked for (NULL: it has none), referenced into *Object.
 */
inline NTSTATUS AnswerQuery(PUNKNOWN Found, PVOID *Object)
{
    *Object = PVOID(Found);
    if (Found == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    Found->AddRef();
    return STATUS_SUCCESS;
}

/* A miniport's own interface answers IID_IUnknown and IID_IMiniport too. */
inline BOOLEAN IsMiniportInterface(REFIID Interface, REFIID Own)
{
    return IsEqualGUIDAligned(Interface, IID_IUnknown) ||
           IsEqualGUIDAligned(Interface, IID_IMiniport) ||
           IsEqualGUIDAligned(Interface, Own);
}

/* Drops the reference a member holds, if it holds one. */
template <typename T> inline void ReleaseIf(T *Object)
{
    if (Object) {
        Object->Release();
    }
}

/*
 * What each miniport of this driver holds: its port and the adapter common,
 * taken by Init and released with the miniport.
 */
template <typename PORT> class CMiniportReferences
{
public:
    PORT m_Port;
    PADAPTERCOMMON m_AdapterCommon;

    CMiniportReferences() : m_Port(NULL), m_AdapterCommon(NULL) {}

    ~CMiniportReferences()
    {
        ReleaseIf(m_Port);
        ReleaseIf(m_AdapterCommon);
    }

    NTSTATUS TakeReferences(PUNKNOWN UnknownAdapter, PORT Port)
    {
        NTSTATUS status;

        if (UnknownAdapter == NULL) {
            return STATUS_INVALID_PARAMETER;
        }
        status = UnknownAdapter->QueryInterface(IID_IAdapterCommon,
                                                (PVOID *)&m_AdapterCommon);
        if (NT_SUCCESS(status)) {
            m_Port = Port;
            m_Port->AddRef();
        }
        return status;
    }
};

/*
 * IPowerNotify of a miniport: PortCls tells it every device power state
 * change before the adapter's power object runs (D3) or after it (D0). The
 * WaveCyclic and WavePci streams need nothing from it: the adapter
 * quiesces and restores the device (power.cpp) and a stream programs its
 * block again when it leaves STOP; the state is kept for the debugger and
 * traced. A miniport derives from it and answers IID_IPowerNotify with
 * PPOWERNOTIFY(this). The WaveRT and DMus miniports implement IPowerNotify
 * themselves: PortCls keeps their streams paused across D3 and they keep
 * and restore the streams' place, as the C driver's do (rtpower.c,
 * seqring.c).
 */
class CMiniportPowerNotify : public IPowerNotify
{
public:
    DEVICE_POWER_STATE m_PowerState;

    CMiniportPowerNotify() : m_PowerState(PowerDeviceD0) {}

    STDMETHODIMP_(void) PowerChangeNotify(POWER_STATE PowerState)
    {
        DPF(D_VERBOSE, "miniport power: D%u -> D%u",
            unsigned(m_PowerState - PowerDeviceD0),
            unsigned(PowerState.DeviceState - PowerDeviceD0));
        m_PowerState = PowerState.DeviceState;
    }
};

/* Factories, one per minipair entry: a new object with one reference. */
NTSTATUS CreateAdapterCommon(PUNKNOWN *Unknown, REFCLSID ClassId,
                             PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportWaveCyclicCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                     PUNKNOWN UnknownOuter,
                                     POOL_TYPE PoolType);
NTSTATUS CreateMiniportTopologyCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                   PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportWaveRTCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                 PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportWavePciCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                  PUNKNOWN UnknownOuter, POOL_TYPE PoolType);
NTSTATUS CreateMiniportDMusCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                               PUNKNOWN UnknownOuter, POOL_TYPE PoolType);

/*
 * power.cpp: the adapter's power and PnP management object (a new object
 * with one reference, holding one on AdapterCommon). The PowerSettings
 * AddDevice writes for PortCls' idle power-down are the C driver's
 * (idleset.c, shared).
 */
NTSTATUS CreateAdapterPowerManagement(PUNKNOWN *Unknown,
                                      PADAPTERCOMMON AdapterCommon);

} /* namespace cycaudiocxx */

#endif /* CXXAUDIO_H */
