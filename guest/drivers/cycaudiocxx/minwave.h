/* SPDX-License-Identifier: MIT */
/* CMiniportWaveCyclic (minwave.cpp) and its streams (minwavestream.cpp). */
#ifndef CXXAUDIO_MINWAVE_H
#define CXXAUDIO_MINWAVE_H

#include "cxxaudio.h"

namespace cycaudiocxx {

class CMiniportWaveCyclicStream;

class CMiniportWaveCyclic : public IMiniportWaveCyclic,
                            public IPinCount,
                            public CMiniportPowerNotify,
                            public CUnknown,
                            public CMiniportReferences<PPORTWAVECYCLIC>
{
public:
    PCYC_HW m_Hw;

    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportWaveCyclic);

    IMP_IMiniportWaveCyclic;
    /* IPinCount */
    STDMETHODIMP_(void) PinCount(ULONG PinId, PULONG FilterNecessary,
        PULONG FilterCurrent, PULONG FilterPossible, PULONG GlobalCurrent,
        PULONG GlobalPossible);
};

class CMiniportWaveCyclicStream : public IMiniportWaveCyclicStream,
                                  public CUnknown
{
private:
    CMiniportWaveCyclic *m_Miniport; /* referenced */
    PCYC_HW m_Hw;
    ULONG m_Block; /* the device stream block, claimed */
    BOOLEAN m_BlockClaimed;
    BOOLEAN m_Capture;
    PDMACHANNEL m_DmaChannel; /* the cyclic buffer */
    PSERVICEGROUP m_ServiceGroup; /* what Notify services */
    CYC_WAVE_FORMAT m_Format;
    ULONG m_BufferBytes;
    ULONG m_PeriodBytes;
    KSSTATE m_State;
    volatile LONG m_Interrupts; /* ISR calls with events for us */
    volatile LONG m_Errors; /* DMAERR/FMTERR events */

    static void Isr(PVOID Context, ULONG Events);
    void Program(void);

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportWaveCyclicStream);
    ~CMiniportWaveCyclicStream();

    NTSTATUS Init(CMiniportWaveCyclic *Miniport, BOOLEAN Capture,
                  const CYC_WAVE_FORMAT *Format, PDMACHANNEL *DmaChannel,
                  PSERVICEGROUP *ServiceGroup);
    void GetStatistics(PCYC_STREAM_STATISTICS Statistics);

    STDMETHODIMP_(NTSTATUS) SetFormat(PKSDATAFORMAT DataFormat);
    STDMETHODIMP_(ULONG) SetNotificationFreq(ULONG Interval,
                                             PULONG FramingSize);
    STDMETHODIMP_(NTSTATUS) SetState(KSSTATE State);
    STDMETHODIMP_(NTSTATUS) GetPosition(PULONG Position);
    STDMETHODIMP_(NTSTATUS) NormalizePhysicalPosition(
        PLONGLONG PhysicalPosition);
    STDMETHODIMP_(void) Silence(PVOID Buffer, ULONG ByteCount);
};

} /* namespace cycaudiocxx */

#endif /* CXXAUDIO_MINWAVE_H */
