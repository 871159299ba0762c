/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWavePci (minwavepci.cpp) and its streams (minwavepcistream.cpp):
 * the WavePci subdevice of the C++ driver (CYC_WAVEPCI_NAME), the wave
 * filter over the device's scatter-gather descriptor ring.
 */
#ifndef CXXAUDIO_MINWAVEPCI_H
#define CXXAUDIO_MINWAVEPCI_H

#include "cxxaudio.h"

namespace cycaudiocxx {

/* Descriptors in a stream's ring; one stays free (full vs empty). */
#define WAVEPCI_RING 32u

class CMiniportWavePci : public IMiniportWavePci,
                         public CMiniportPowerNotify,
                         public CUnknown,
                         public CMiniportReferences<PPORTWAVEPCI>
{
public:
    PCYC_HW m_Hw;

    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportWavePci);

    IMP_IMiniportWavePci;
};

class CMiniportWavePciStream : public IMiniportWavePciStream, public CUnknown
{
private:
    struct SLOT {
        PVOID Tag;
        ULONG Bytes;
    };

    CMiniportWavePci *m_Miniport;       /* referenced */
    PPORTWAVEPCISTREAM m_PortStream;    /* referenced */
    PCYC_HW m_Hw;
    ULONG m_Block;
    BOOLEAN m_BlockClaimed;
    BOOLEAN m_Capture;
    PDMACHANNEL m_DmaChannel;           /* the descriptor ring */
    PUCHAR m_Ring;
    PSERVICEGROUP m_ServiceGroup;
    CYC_WAVE_FORMAT m_Format;
    KSSTATE m_State;

    KSPIN_LOCK m_Lock;                  /* everything below */
    SLOT m_Slots[WAVEPCI_RING];
    ULONG m_Head;                       /* oldest descriptor in the ring */
    ULONG m_Pending;                    /* descriptors handed to the device */
    ULONG m_Completed;                  /* PCOUNT already accounted */
    ULONG_PTR m_NextTag;
    ULONG m_LastPosition;               /* POS at the last reading */
    ULONGLONG m_Position;               /* data bytes since RUN, 64-bit */
    volatile LONG m_Interrupts;
    volatile LONG m_Errors;
    volatile LONG m_Underruns;          /* UNDERRUN: the ring ran dry */

    static void Isr(PVOID Context, ULONG Events);
    void WriteDescriptor(ULONG Index, PHYSICAL_ADDRESS Address, ULONG Bytes);
    void Fill(void);
    void Reclaim(void);
    void RestartRing(void);

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportWavePciStream);
    ~CMiniportWavePciStream();

    NTSTATUS Init(CMiniportWavePci *Miniport, BOOLEAN Capture,
                  const CYC_WAVE_FORMAT *Format,
                  PPORTWAVEPCISTREAM PortStream, PDMACHANNEL *DmaChannel,
                  PSERVICEGROUP *ServiceGroup);
    void GetStatistics(PCYC_STREAM_STATISTICS Statistics);

    STDMETHODIMP_(NTSTATUS) SetFormat(PKSDATAFORMAT DataFormat);
    STDMETHODIMP_(NTSTATUS) SetState(KSSTATE State);
    STDMETHODIMP_(NTSTATUS) GetPosition(PULONGLONG Position);
    STDMETHODIMP_(NTSTATUS) NormalizePhysicalPosition(
        PLONGLONG PhysicalPosition);
    STDMETHODIMP_(NTSTATUS) GetAllocatorFraming(
        PKSALLOCATOR_FRAMING AllocatorFraming);
    STDMETHODIMP_(NTSTATUS) RevokeMappings(PVOID FirstTag, PVOID LastTag,
                                           PULONG MappingsRevoked);
    STDMETHODIMP_(void) MappingAvailable(void);
    STDMETHODIMP_(void) Service(void);
};

} /* namespace cycaudiocxx */

#endif /* CXXAUDIO_MINWAVEPCI_H */
