/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveRT (minwavert.cpp) and its streams (minwavertstream.cpp): the
 * WaveRT subdevice of the C++ driver, the same filter as the C driver's
 * (CYC_WAVERT_NAME). The filter owns the page of position write-back records
 * every WaveRT stream of the device reports through; a stream holds a
 * reference on its miniport and one device stream block. IPowerNotify takes
 * the streams across D3 as the C driver's do (rtpower.c, shared).
 */
#ifndef CXXAUDIO_MINWAVERT_H
#define CXXAUDIO_MINWAVERT_H

#include "cxxaudio.h"
extern "C" {
#include "rtpower.h"
}

namespace cycaudiocxx {

class CMiniportWaveRTStream;

class CMiniportWaveRT : public IMiniportWaveRT,
                        public IPowerNotify,
                        public CUnknown,
                        public CMiniportReferences<PPORTWAVERT>
{
public:
    PCYC_HW m_Hw;
    /* CYC_MAX_STREAMS position records the device writes (CTL.POSWB) */
    volatile UCHAR *m_Records;
    /* the streams it made (PowerChangeNotify reaches them), PASSIVE */
    LIST_ENTRY m_Streams;

    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportWaveRT);
    ~CMiniportWaveRT();

    IMP_IMiniportWaveRT;
    IMP_IPowerNotify;
};

/* The record the device writes for one block (CTL.POSWB), as read. */
struct RT_RECORD {
    ULONG Position;
    ULONG Periods;
    ULONGLONG Wall;
};

/*
 * A stream's place on CMiniportWaveRT::m_Streams: a base of its own, so that
 * CONTAINING_RECORD takes offsetof of a plain struct, not of the class.
 */
struct RT_STREAM_LINK {
    LIST_ENTRY m_MiniportLink;
};

#define RT_MAX_EVENTS 4

class CMiniportWaveRTStream : public IMiniportWaveRTStreamNotification,
                              public IMiniportWaveRTOutputStream,
                              public IMiniportWaveRTInputStream,
                              public CUnknown,
                              public RT_STREAM_LINK
{
private:
    CMiniportWaveRT *m_Miniport;        /* referenced */
    PPORTWAVERTSTREAM m_PortStream;     /* referenced */
    PCYC_HW m_Hw;
    ULONG m_Block;
    BOOLEAN m_BlockClaimed;
    BOOLEAN m_Capture;
    CYC_WAVE_FORMAT m_Format;
    KSSTATE m_State;

    PMDL m_Mdl;                         /* NULL: no buffer */
    PUCHAR m_Buffer;                    /* mapped */
    ULONG m_BufferBytes;
    ULONG m_PeriodBytes;                /* m_BufferBytes / notifications */
    ULONG m_NotificationCount;          /* 0: no notification */

    KSPIN_LOCK m_EventLock;
    PKEVENT m_Events[RT_MAX_EVENTS];
    KDPC m_Dpc;

    LONGLONG m_QpcOffset;               /* QPC - WALL (ns) at the last RUN */
    ULONG m_ReadPacket;                 /* capture: next packet to report */
    BOOLEAN m_EndOfStream;              /* render: the EOS packet was set */

    volatile LONG m_Interrupts;
    volatile LONG m_Errors;

    CYC_RT_RESUME m_Resume;             /* frames and place across D3 */

    static void Isr(PVOID Context, ULONG Events);
    static VOID NTAPI Dpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2);
    void ReadRecord(RT_RECORD *Record);
    CYC_RT_LAYOUT Layout(void);
    ULONGLONG RecordFrames(const RT_RECORD *Record);
    ULONG Packets(void);
    LONGLONG FrameQpc(ULONGLONG Frames);
    LONGLONG QpcOffset(void);
    void Program(void);
    void FreeBuffer(void);
    NTSTATUS Allocate(ULONG NotificationCount, ULONG RequestedSize,
                      PMDL *AudioBufferMdl, ULONG *ActualSize,
                      ULONG *OffsetFromFirstPage,
                      MEMORY_CACHING_TYPE *CacheType);

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportWaveRTStream);
    ~CMiniportWaveRTStream();

    NTSTATUS Init(CMiniportWaveRT *Miniport, PPORTWAVERTSTREAM PortStream,
                  BOOLEAN Capture, const CYC_WAVE_FORMAT *Format);
    void GetStatistics(PCYC_STREAM_STATISTICS Statistics);
    void PowerChange(DEVICE_POWER_STATE State);
    static CMiniportWaveRTStream *FromLink(PLIST_ENTRY Link)
    {
        return static_cast<CMiniportWaveRTStream *>(
            CONTAINING_RECORD(Link, RT_STREAM_LINK, m_MiniportLink));
    }

    IMP_IMiniportWaveRTStream;
    IMP_IMiniportWaveRTStreamNotification;
    /* IMiniportWaveRTOutputStream */
    STDMETHODIMP_(NTSTATUS) SetWritePacket(ULONG PacketNumber, DWORD Flags,
                                           ULONG EosPacketLength);
    STDMETHODIMP_(NTSTATUS) GetOutputStreamPresentationPosition(
        KSAUDIO_PRESENTATION_POSITION *PresentationPosition);
    STDMETHODIMP_(NTSTATUS) GetPacketCount(ULONG *PacketCount);
    /* IMiniportWaveRTInputStream */
    STDMETHODIMP_(NTSTATUS) GetReadPacket(ULONG *PacketNumber, DWORD *Flags,
        ULONG64 *PerformanceCounterValue, BOOL *MoreData);
};

} /* namespace cycaudiocxx */

#endif /* CXXAUDIO_MINWAVERT_H */
