// SPDX-License-Identifier: MIT
// CMiniportWaveRTStream: one WaveRT render or capture stream on one device
// stream block. The buffer comes from the port's IPortWaveRTStream (one
// contiguous run the device DMAs cyclically); the client reads the block's
// POS register and the global WALL_LO itself. With notification the device
// raises its period interrupt NotificationCount times per buffer; the ISR
// queues the stream's DPC, which signals every registered event. The block's
// position write-back record (CTL.POSWB) gives each transfer's position with
// its exact WALL time: presentation positions and packet times come from it.
// Packet mode (IMiniportWaveRTOutputStream/InputStream, one per direction):
// a packet is one notification period. Across D3 (PowerChange, from the
// miniport's IPowerNotify) the stream keeps its place and restarts there
// (rtpower.c, shared with the C driver).
//
// SetState/SetFormat/buffer and event calls at PASSIVE_LEVEL, serialised by
// the port; GetPosition and the packet calls at <= DISPATCH_LEVEL; Isr at
// DIRQL.
#include "minwavert.h"

namespace cycaudiocxx {

static UCHAR SilenceByte(const CYC_WAVE_FORMAT *Format)
{
    return Format->Hw.SampleFormat == CYC_SFMT_U8 ? 0x80 : 0x00;
}

NTSTATUS CMiniportWaveRTStream::Init(CMiniportWaveRT *Miniport,
                                     PPORTWAVERTSTREAM PortStream,
                                     BOOLEAN Capture,
                                     const CYC_WAVE_FORMAT *Format)
{
    NTSTATUS status;

    PAGED_CODE();
    InsertTailList(&Miniport->m_Streams, &m_MiniportLink);
    m_Miniport = Miniport;
    PMINIPORTWAVERT(m_Miniport)->AddRef();
    m_PortStream = PortStream;
    m_PortStream->AddRef();
    m_Hw = Miniport->m_Hw;
    m_Capture = Capture;
    m_Format = *Format;
    m_State = KSSTATE_STOP;
    KeInitializeSpinLock(&m_EventLock);
    KeInitializeDpc(&m_Dpc, Dpc, this);
    status = Miniport->m_AdapterCommon->ClaimStream(Capture, &m_Block);
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "WaveRT NewStream(%s): 0x%08x",
            Capture ? "capture" : "render", status);
        return status;
    }
    m_BlockClaimed = TRUE;
    CycHwStreamSetPositionWriteBack(m_Hw, m_Block, TRUE);
    Miniport->m_AdapterCommon->SetStreamIsr(m_Block, Isr, this);
    return STATUS_SUCCESS;
}

CMiniportWaveRTStream::~CMiniportWaveRTStream()
{
    if (m_Miniport) {
        RemoveEntryList(&m_MiniportLink);
    }
    // Off the ISR and stopped before the buffer goes away.
    if (m_BlockClaimed) {
        CycHwStreamSetPositionWriteBack(m_Hw, m_Block, FALSE);
        m_Miniport->m_AdapterCommon->FreeStream(m_Block);
    }
    KeRemoveQueueDpc(&m_Dpc);
    FreeBuffer();
    ReleaseIf(m_PortStream);
    ReleaseIf(PMINIPORTWAVERT(m_Miniport));
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::NonDelegatingQueryInterface(REFIID Interface,
                                                   PVOID *Object)
{
    PUNKNOWN found = NULL;

    if (IsEqualGUIDAligned(Interface, IID_IUnknown) ||
        IsEqualGUIDAligned(Interface, IID_IMiniportWaveRTStream) ||
        IsEqualGUIDAligned(Interface,
                           IID_IMiniportWaveRTStreamNotification)) {
        found = PMINIPORTWAVERTSTREAMNOTIFICATION(this);
    } else if (!m_Capture &&
               IsEqualGUIDAligned(Interface, IID_IMiniportWaveRTOutputStream)) {
        // Packet mode is per direction, as Windows' streams expose it.
        found = PMINIPORTWAVERTOUTPUTSTREAM(this);
    } else if (m_Capture &&
               IsEqualGUIDAligned(Interface, IID_IMiniportWaveRTInputStream)) {
        found = PMINIPORTWAVERTINPUTSTREAM(this);
    }
    return AnswerQuery(found, Object);
}

// The record as one consistent set: the device writes it while the vCPU is
// stopped (a DMA between instructions), so two equal reads of WALL around
// the others suffice.
void CMiniportWaveRTStream::ReadRecord(RT_RECORD *Record)
{
    volatile UCHAR *rec = m_Miniport->m_Records +
                          m_Block * CYC_POSWB_ENTRY_SIZE;
    ULONGLONG wall;

    do {
        wall = *reinterpret_cast<volatile ULONGLONG *>(rec + CYC_POSWB_WALL);
        Record->Position =
            *reinterpret_cast<volatile ULONG *>(rec + CYC_POSWB_POS);
        Record->Periods =
            *reinterpret_cast<volatile ULONG *>(rec + CYC_POSWB_PCOUNT);
        Record->Wall =
            *reinterpret_cast<volatile ULONGLONG *>(rec + CYC_POSWB_WALL);
    } while (wall != Record->Wall);
}

// The buffer as rtpower.c walks it.
CYC_RT_LAYOUT CMiniportWaveRTStream::Layout(void)
{
    CYC_RT_LAYOUT layout = { m_Format.BlockAlign, m_BufferBytes,
                             m_PeriodBytes };

    return layout;
}

// Frames since the stream left STOP of a record (rtpower.c).
ULONGLONG CMiniportWaveRTStream::RecordFrames(const RT_RECORD *Record)
{
    CYC_RT_LAYOUT layout = Layout();

    return CycRtFrames(&m_Resume, &layout, Record->Position,
                       Record->Periods);
}

// Periods completed since the stream left STOP: PCOUNT (exact at every
// read) plus the periods before a restart after D3.
ULONG CMiniportWaveRTStream::Packets(void)
{
    CYC_RT_LAYOUT layout = Layout();

    return CycRtPackets(&m_Resume, &layout, m_Hw, m_Block);
}

// QPC of the instant the device reaches Frames in this run: the record's
// WALL is exact for its own frame count, and both follow the device's
// formula from the same start (a PAUSE in between shifts it; not corrected).
LONGLONG CMiniportWaveRTStream::FrameQpc(ULONGLONG Frames)
{
    ULONG rate = m_Format.Hw.Rate;
    RT_RECORD record;

    ReadRecord(&record);
    return m_QpcOffset + LONGLONG(record.Wall) -
           LONGLONG(CycRtFramesToNs(RecordFrames(&record), rate)) +
           LONGLONG(CycRtFramesToNs(Frames, rate));
}

// QPC minus WALL (LO latches HI): QPC read just before and just after the
// WALL_LO read, the midpoint taken, so the error is the difference of two
// instruction sequences rather than the length of one.
LONGLONG CMiniportWaveRTStream::QpcOffset(void)
{
    LONGLONG before = KeQueryPerformanceCounter(NULL).QuadPart;
    ULONG lo = READ_REGISTER_ULONG(CycHwRegister(m_Hw, CYC_REG_WALL_LO));
    LONGLONG after = KeQueryPerformanceCounter(NULL).QuadPart;
    ULONG hi = READ_REGISTER_ULONG(CycHwRegister(m_Hw, CYC_REG_WALL_HI));

    return before + (after - before) / 2 -
           LONGLONG((ULONGLONG(hi) << 32) | lo);
}

// DISPATCH_LEVEL: one period boundary (or more) passed; wake the client.
VOID NTAPI CMiniportWaveRTStream::Dpc(PKDPC Dpc, PVOID Context, PVOID Arg1,
                                      PVOID Arg2)
{
    CMiniportWaveRTStream *that = static_cast<CMiniportWaveRTStream *>(Context);

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&that->m_EventLock);
    for (ULONG i = 0; i < RT_MAX_EVENTS; i++) {
        if (that->m_Events[i]) {
            KeSetEvent(that->m_Events[i], 0, FALSE);
        }
    }
    KeReleaseSpinLockFromDpcLevel(&that->m_EventLock);
}

// DIRQL, interrupt sync held; the block's events are acknowledged.
void CMiniportWaveRTStream::Isr(PVOID Context, ULONG Events)
{
    CMiniportWaveRTStream *that = static_cast<CMiniportWaveRTStream *>(Context);

    InterlockedIncrement(&that->m_Interrupts);
    if (Events & (CYC_STS_DMAERR_MASK | CYC_STS_FMTERR_MASK)) {
        InterlockedIncrement(&that->m_Errors);
    }
    if ((Events & CYC_STS_PERIOD_MASK) && that->m_NotificationCount != 0) {
        KeInsertQueueDpc(&that->m_Dpc, NULL, NULL);
    }
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::RegisterNotificationEvent(PKEVENT NotificationEvent)
{
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    PKEVENT *slot = NULL;
    KIRQL oldIrql;

    if (m_NotificationCount == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    KeAcquireSpinLock(&m_EventLock, &oldIrql);
    for (ULONG i = 0; i < RT_MAX_EVENTS; i++) {
        if (m_Events[i] == NotificationEvent) {
            status = STATUS_INVALID_PARAMETER;  // already registered
            break;
        }
        if (m_Events[i] == NULL && !NT_SUCCESS(status)) {
            slot = &m_Events[i];
            status = STATUS_SUCCESS;
        }
    }
    if (NT_SUCCESS(status)) {
        *slot = NotificationEvent;
    }
    KeReleaseSpinLock(&m_EventLock, oldIrql);
    return status;
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::UnregisterNotificationEvent(PKEVENT NotificationEvent)
{
    NTSTATUS status = STATUS_NOT_FOUND;
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_EventLock, &oldIrql);
    for (ULONG i = 0; i < RT_MAX_EVENTS; i++) {
        if (m_Events[i] == NotificationEvent) {
            m_Events[i] = NULL;
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&m_EventLock, oldIrql);
    return status;
}

// The block's program for the current format and buffer (STOP only).
void CMiniportWaveRTStream::Program(void)
{
    PHYSICAL_ADDRESS pa = m_PortStream->GetPhysicalPageAddress(m_Mdl, 0);

    CycHwStreamProgram(m_Hw, m_Block, &m_Format.Hw, pa, m_BufferBytes,
                       m_PeriodBytes);
}

void CMiniportWaveRTStream::FreeBuffer(void)
{
    if (m_Mdl == NULL) {
        return;
    }
    m_PortStream->UnmapAllocatedPages(m_Buffer, m_Mdl);
    m_PortStream->FreePagesFromMdl(m_Mdl);
    m_Mdl = NULL;
    m_Buffer = NULL;
    m_BufferBytes = 0;
    m_NotificationCount = 0;
}

// RequestedSize rounded down to whole frames, NotificationCount whole
// periods of equal size; STOP only. Too big for the device:
// STATUS_INSUFFICIENT_RESOURCES (as an allocation that cannot be met).
NTSTATUS CMiniportWaveRTStream::Allocate(ULONG NotificationCount,
                                         ULONG RequestedSize,
                                         PMDL *AudioBufferMdl,
                                         ULONG *ActualSize,
                                         ULONG *OffsetFromFirstPage,
                                         MEMORY_CACHING_TYPE *CacheType)
{
    PHYSICAL_ADDRESS low;
    PHYSICAL_ADDRESS high;
    ULONG periods = NotificationCount ? NotificationCount : 1;
    ULONG unit = m_Format.BlockAlign * periods;
    ULONG bytes = RequestedSize - RequestedSize % unit;

    PAGED_CODE();
    if (m_State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (bytes == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    if (bytes > CYC_BUFFER_MAX) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    FreeBuffer();
    low.QuadPart = 0;
    high.QuadPart = MAXULONG;
    m_Mdl = m_PortStream->AllocateContiguousPagesForMdl(low, high, bytes);
    if (m_Mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_Buffer = static_cast<PUCHAR>(
        m_PortStream->MapAllocatedPages(m_Mdl, MmCached));
    if (m_Buffer == NULL) {
        m_PortStream->FreePagesFromMdl(m_Mdl);
        m_Mdl = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlFillMemory(m_Buffer, bytes, SilenceByte(&m_Format));
    m_BufferBytes = bytes;
    m_NotificationCount = NotificationCount;
    m_PeriodBytes = bytes / periods;
    Program();
    *AudioBufferMdl = m_Mdl;
    *ActualSize = bytes;
    *OffsetFromFirstPage = 0;
    *CacheType = MmCached;
    DPF(D_TERSE, "WaveRT %s block %u: buffer %u, period %u, %u events",
        m_Capture ? "capture" : "render", m_Block, bytes, m_PeriodBytes,
        NotificationCount);
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::AllocateAudioBuffer(ULONG RequestedSize,
                                           PMDL *AudioBufferMdl,
                                           ULONG *ActualSize,
                                           ULONG *OffsetFromFirstPage,
                                           MEMORY_CACHING_TYPE *CacheType)
{
    return Allocate(0, RequestedSize, AudioBufferMdl, ActualSize,
                    OffsetFromFirstPage, CacheType);
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::AllocateBufferWithNotification(
    ULONG NotificationCount, ULONG RequestedSize, PMDL *AudioBufferMdl,
    ULONG *ActualSize, ULONG *OffsetFromFirstPage,
    MEMORY_CACHING_TYPE *CacheType)
{
    if (NotificationCount != 1 && NotificationCount != 2) {
        return STATUS_INVALID_PARAMETER;
    }
    return Allocate(NotificationCount, RequestedSize, AudioBufferMdl,
                    ActualSize, OffsetFromFirstPage, CacheType);
}

STDMETHODIMP_(void)
CMiniportWaveRTStream::FreeAudioBuffer(PMDL AudioBufferMdl, ULONG BufferSize)
{
    UNREFERENCED_PARAMETER(BufferSize);
    if (AudioBufferMdl == m_Mdl) {
        CycHwStreamReset(m_Hw, m_Block);
        FreeBuffer();
    }
}

STDMETHODIMP_(void)
CMiniportWaveRTStream::FreeBufferWithNotification(PMDL AudioBufferMdl,
                                                  ULONG BufferSize)
{
    FreeAudioBuffer(AudioBufferMdl, BufferSize);
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::SetFormat(PKSDATAFORMAT DataFormat)
{
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    if (m_State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (NT_SUCCESS(status) && m_Mdl != NULL &&
        m_PeriodBytes % format.BlockAlign != 0) {
        status = STATUS_INVALID_PARAMETER;  // the buffer must tile
    }
    if (NT_SUCCESS(status)) {
        m_Format = format;
        if (m_Mdl != NULL) {
            Program();
        }
    }
    return status;
}

// ACQUIRE and PAUSE are the device's PAUSE; leaving STOP needs a buffer.
// Entering RUN samples QPC against WALL for presentation positions.
STDMETHODIMP_(NTSTATUS) CMiniportWaveRTStream::SetState(KSSTATE State)
{
    ULONG deviceState;
    ULONG error;

    PAGED_CODE();
    if (!NT_SUCCESS(CycWaveDeviceState(State, &deviceState))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (State != KSSTATE_STOP && m_Mdl == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (m_State == KSSTATE_STOP && State != KSSTATE_STOP) {
        m_ReadPacket = 0;
        m_EndOfStream = FALSE;
    }
    CycRtResumeSetState(&m_Resume, m_Hw, m_Block, m_State, State);
    if (State == KSSTATE_RUN) {
        m_QpcOffset = QpcOffset();
    }
    CycHwStreamSetState(m_Hw, m_Block, deviceState);
    error = CycHwStreamError(m_Hw, m_Block);
    if (error != CYC_ERR_NONE && State != KSSTATE_STOP) {
        DPF(D_ERROR, "WaveRT block %u refused state %d: error %u", m_Block,
            State, error);
        CycHwStreamReset(m_Hw, m_Block);
        Program();
        m_State = KSSTATE_STOP;
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    m_State = State;
    return STATUS_SUCCESS;
}

// Byte offsets within the buffer: the device's POS, exact at every read
// (while the device is down, the offset kept at the power-down).
STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::GetPosition(PKSAUDIO_POSITION Position)
{
    ULONG pos = m_Mdl == NULL ? 0 : CycRtPosition(&m_Resume, m_Hw, m_Block);

    Position->PlayOffset = pos < m_BufferBytes ? pos : 0;
    Position->WriteOffset = Position->PlayOffset;
    return STATUS_SUCCESS;
}

// The device moves frames between the buffer and its FIFO exactly at POS;
// the FIFO drains into the host backend outside guest time, so the guest
// sees no hardware delay.
STDMETHODIMP_(void)
CMiniportWaveRTStream::GetHWLatency(KSRTAUDIO_HWLATENCY *HwLatency)
{
    HwLatency->FifoSize = 0;
    HwLatency->ChipsetDelay = 0;
    HwLatency->CodecDelay = 0;
}

// The block's POS register: bytes in the buffer, whole frames.
STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::GetPositionRegister(KSRTAUDIO_HWREGISTER *Register)
{
    Register->Register =
        PVOID(CycHwStreamRegister(m_Hw, m_Block, CYC_SD_POS));
    Register->Width = 32;
    Register->Numerator = 0;
    Register->Denominator = 0;
    Register->Accuracy = m_Format.BlockAlign;
    return STATUS_SUCCESS;
}

// WALL_LO: the low 32 bits of the device's nanosecond clock (1 GHz).
STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::GetClockRegister(KSRTAUDIO_HWREGISTER *Register)
{
    Register->Register = PVOID(CycHwRegister(m_Hw, CYC_REG_WALL_LO));
    Register->Width = 32;
    Register->Numerator = 1000000000ull;
    Register->Denominator = 1;
    Register->Accuracy = 1;
    return STATUS_SUCCESS;
}

// Packet c = PCOUNT is being transferred in RUN: c and earlier are late,
// c + NotificationCount and later do not fit the buffer yet.
STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::SetWritePacket(ULONG PacketNumber, DWORD Flags,
                                      ULONG EosPacketLength)
{
    ULONG current = Packets();
    BOOLEAN eos = (Flags & KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0;

    if ((Flags & ~DWORD(KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM)) != 0 ||
        (eos && EosPacketLength > m_PeriodBytes)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (m_EndOfStream) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (m_State == KSSTATE_RUN && LONG(PacketNumber - current) <= 0) {
        return STATUS_DATA_LATE_ERROR;
    }
    if (PacketNumber - current >= m_NotificationCount) {
        return STATUS_DATA_OVERRUN;
    }
    if (eos) {
        // Silence after the EOS data so the device plays no stale lap.
        ULONG offset = (PacketNumber % m_NotificationCount) * m_PeriodBytes;

        RtlFillMemory(m_Buffer + offset + EosPacketLength,
                      m_PeriodBytes - EosPacketLength,
                      SilenceByte(&m_Format));
        m_EndOfStream = TRUE;
    }
    return STATUS_SUCCESS;
}

// The last transfer's frames and QPC time, from the write-back record.
STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::GetOutputStreamPresentationPosition(
    KSAUDIO_PRESENTATION_POSITION *PresentationPosition)
{
    RT_RECORD record;

    ReadRecord(&record);
    PresentationPosition->u64PositionInBlocks = RecordFrames(&record);
    PresentationPosition->u64QPCPosition.QuadPart =
        LONGLONG(record.Wall) + m_QpcOffset;
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS) CMiniportWaveRTStream::GetPacketCount(
    ULONG *PacketCount)
{
    *PacketCount = Packets();
    return STATUS_SUCCESS;
}

// The oldest complete packet not yet reported (the OS has read the earlier
// ones); packets the device is overwriting are skipped. Its time is the QPC
// of its first frame by the device's formula.
STDMETHODIMP_(NTSTATUS)
CMiniportWaveRTStream::GetReadPacket(ULONG *PacketNumber, DWORD *Flags,
                                     ULONG64 *PerformanceCounterValue,
                                     BOOL *MoreData)
{
    ULONG done = Packets();
    ULONG keep = m_NotificationCount > 1 ? m_NotificationCount - 1 : 1;
    ULONGLONG first;

    if (LONG(done - m_ReadPacket) > LONG(keep)) {
        m_ReadPacket = done - keep;
    }
    if (LONG(done - m_ReadPacket) <= 0) {
        return STATUS_DEVICE_NOT_READY;
    }
    first = ULONGLONG(m_ReadPacket) * (m_PeriodBytes / m_Format.BlockAlign);
    *PacketNumber = m_ReadPacket;
    *Flags = 0;
    *PerformanceCounterValue = ULONG64(FrameQpc(first));
    m_ReadPacket++;
    *MoreData = LONG(done - m_ReadPacket) > 0;
    return STATUS_SUCCESS;
}

// PASSIVE_LEVEL, from the miniport's IPowerNotify. Before D3 the port
// paused the stream: rtpower.c keeps its place and stops the block. After
// D0: the block again, from that offset, in PAUSE; the port's RUN continues
// the buffer where it stopped.
void CMiniportWaveRTStream::PowerChange(DEVICE_POWER_STATE State)
{
    CYC_RT_LAYOUT layout = Layout();

    PAGED_CODE();
    if (State != PowerDeviceD0) {
        if (m_State != KSSTATE_STOP) {
            CycRtPowerDown(&m_Resume, &layout, m_Hw, m_Block);
        }
        return;
    }
    if (!m_Resume.PoweredDown) {
        return;
    }
    Program();
    if (CycRtPowerUp(&m_Resume, &layout, m_Hw, m_Block) != CYC_ERR_NONE) {
        InterlockedIncrement(&m_Errors);
    }
}

// Any IRQL: the device's counters of the block, the rest as kept here.
void CMiniportWaveRTStream::GetStatistics(PCYC_STREAM_STATISTICS Statistics)
{
    CycStreamStatistics(m_Hw, m_Block, ULONG(m_Interrupts), ULONG(m_Errors),
                        m_PeriodBytes, m_BufferBytes, Statistics);
}

} // namespace cycaudiocxx
