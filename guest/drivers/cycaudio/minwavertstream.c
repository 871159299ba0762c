/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveRTStream: one WaveRT render or capture stream on one device
 * stream block. The buffer comes from the port's IPortWaveRTStream (one
 * contiguous run the device DMAs cyclically); the client reads the block's
 * POS register (the position register) and the global WALL_LO (the clock
 * register) itself. With notification the device raises its period
 * interrupt NotificationCount times per buffer; the ISR queues the stream's
 * DPC, which signals every registered event. The block's position
 * write-back record (CTL.POSWB) gives each transfer's position with its
 * exact WALL time: presentation positions and packet times come from it.
 *
 * SetState/SetFormat/buffer and event calls run at PASSIVE_LEVEL, serialised
 * by the port; GetPosition and the packet calls at <= DISPATCH_LEVEL; the ISR
 * routine at DIRQL.
 */
#include "minwavert.h"
#include "rtpower.h"

#define CYC_RT_MAX_EVENTS 4

typedef struct CMiniportWaveRTStream {
    IMiniportWaveRTStreamNotification Iface;  /* also IMiniportWaveRTStream */
    IMiniportWaveRTOutputStream OutputIface;
    IMiniportWaveRTInputStream InputIface;
    COM_REF Ref;
    CMiniportWaveRT *Miniport;          /* referenced */
    PPORTWAVERTSTREAM PortStream;       /* referenced */
    PCYC_HW Hw;
    ULONG Block;
    BOOLEAN BlockClaimed;
    BOOLEAN Capture;
    CYC_WAVE_FORMAT Format;
    KSSTATE State;

    PMDL Mdl;                           /* NULL: no buffer */
    PUCHAR Buffer;                      /* mapped */
    ULONG BufferBytes;
    ULONG PeriodBytes;                  /* BufferBytes / NotificationCount */
    ULONG NotificationCount;            /* 0: no notification */

    KSPIN_LOCK EventLock;
    PKEVENT Events[CYC_RT_MAX_EVENTS];
    KDPC Dpc;

    /* QPC minus WALL, ns, sampled when the stream last started */
    LONGLONG QpcOffset;
    /* packet mode */
    ULONG ReadPacket;                   /* capture: next packet to report */
    BOOLEAN EndOfStream;                /* render: the EOS packet was set */

    volatile LONG Interrupts;
    volatile LONG Errors;

    /* power (CMiniportWaveRTStream_PowerChange) */
    LIST_ENTRY MiniportLink;            /* CMiniportWaveRT.Streams */
    CYC_RT_RESUME Resume;               /* frames and place across D3 */
} CMiniportWaveRTStream;

/* The buffer as rtpower.c walks it. */
static CYC_RT_LAYOUT CycRtLayout(const CMiniportWaveRTStream *Stream)
{
    CYC_RT_LAYOUT layout = { Stream->Format.BlockAlign, Stream->BufferBytes,
                             Stream->PeriodBytes };

    return layout;
}

static CMiniportWaveRTStream *CycRt(PVOID Iface)
{
    return CONTAINING_RECORD((IMiniportWaveRTStreamNotification *)Iface,
                             CMiniportWaveRTStream, Iface);
}

static CMiniportWaveRTStream *CycRtFromOutput(IMiniportWaveRTOutputStream *I)
{
    return CONTAINING_RECORD(I, CMiniportWaveRTStream, OutputIface);
}

static CMiniportWaveRTStream *CycRtFromInput(IMiniportWaveRTInputStream *I)
{
    return CONTAINING_RECORD(I, CMiniportWaveRTStream, InputIface);
}

/* The record the device writes for this block (CTL.POSWB). */
typedef struct CYC_RT_RECORD {
    ULONG Position;
    ULONG Periods;
    ULONGLONG Wall;
} CYC_RT_RECORD;

/*
 * Reads the record as one consistent set: the device writes it while the
 * vCPU is stopped (a DMA between instructions), so two equal reads of WALL
 * around the others suffice.
 */
static VOID CycRtReadRecord(CMiniportWaveRTStream *Stream,
                            CYC_RT_RECORD *Record)
{
    volatile UCHAR *rec = Stream->Miniport->Records +
                          Stream->Block * CYC_POSWB_ENTRY_SIZE;
    ULONGLONG wall;

    do {
        wall = *(volatile ULONGLONG *)(rec + CYC_POSWB_WALL);
        Record->Position = *(volatile ULONG *)(rec + CYC_POSWB_POS);
        Record->Periods = *(volatile ULONG *)(rec + CYC_POSWB_PCOUNT);
        Record->Wall = *(volatile ULONGLONG *)(rec + CYC_POSWB_WALL);
    } while (wall != Record->Wall);
}

/* Frames since the stream left STOP of a record (rtpower.c). */
static ULONGLONG CycRtRecordFrames(CMiniportWaveRTStream *Stream,
                                   const CYC_RT_RECORD *Record)
{
    CYC_RT_LAYOUT layout = CycRtLayout(Stream);

    return CycRtFrames(&Stream->Resume, &layout, Record->Position,
                       Record->Periods);
}

/*
 * QPC of the instant the device reaches Frames in this run: the record's
 * WALL is exact for its own frame count, and both follow the device's
 * formula from the same start (a PAUSE in between shifts it; not corrected).
 */
static LONGLONG CycRtFrameQpc(CMiniportWaveRTStream *Stream, ULONGLONG Frames)
{
    ULONG rate = Stream->Format.Hw.Rate;
    CYC_RT_RECORD record;

    CycRtReadRecord(Stream, &record);
    return Stream->QpcOffset + (LONGLONG)record.Wall -
           (LONGLONG)CycRtFramesToNs(CycRtRecordFrames(Stream, &record),
                                     rate) +
           (LONGLONG)CycRtFramesToNs(Frames, rate);
}

/*
 * QPC minus WALL (LO latches HI). The WALL_LO read is the sample; QPC is
 * read just before and just after it and the midpoint taken, so the error
 * is the difference of two instruction sequences, not the length of one (a
 * one-sided sample put every t_run a read's length late: a position read
 * just past a frame boundary then looked a frame early).
 */
static LONGLONG CycRtQpcOffset(CMiniportWaveRTStream *Stream)
{
    LONGLONG before = KeQueryPerformanceCounter(NULL).QuadPart;
    ULONG lo = READ_REGISTER_ULONG(CycHwRegister(Stream->Hw,
                                                 CYC_REG_WALL_LO));
    LONGLONG after = KeQueryPerformanceCounter(NULL).QuadPart;
    ULONG hi = READ_REGISTER_ULONG(CycHwRegister(Stream->Hw,
                                                 CYC_REG_WALL_HI));

    return before + (after - before) / 2 -
           (LONGLONG)(((ULONGLONG)hi << 32) | lo);
}

/* IUnknown ---------------------------------------------------------------- */

static const COM_QI_ENTRY CycRt_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportWaveRTStream, Iface) },
    { &IID_IMiniportWaveRTStream, offsetof(CMiniportWaveRTStream, Iface) },
    { &IID_IMiniportWaveRTStreamNotification,
      offsetof(CMiniportWaveRTStream, Iface) },
};

static NTSTATUS CycRtQueryInterface(CMiniportWaveRTStream *Stream,
                                    REFIID Iid, PVOID *Object)
{
    /* Packet mode is per direction, as Windows' streams expose it. */
    if (!Stream->Capture &&
        IsEqualGUIDAligned(Iid, &IID_IMiniportWaveRTOutputStream)) {
        *Object = &Stream->OutputIface;
        ComRefAddRef(&Stream->Ref);
        return STATUS_SUCCESS;
    }
    if (Stream->Capture &&
        IsEqualGUIDAligned(Iid, &IID_IMiniportWaveRTInputStream)) {
        *Object = &Stream->InputIface;
        ComRefAddRef(&Stream->Ref);
        return STATUS_SUCCESS;
    }
    return ComQueryInterface(Stream, CycRt_Qi, COM_ARRAY_SIZE(CycRt_Qi), Iid,
                             Object);
}

static NTSTATUS NTAPI CycRt_QueryInterface(
    IMiniportWaveRTStreamNotification *This, REFIID Iid, PVOID *Object)
{
    return CycRtQueryInterface(CycRt(This), Iid, Object);
}

static ULONG NTAPI CycRt_AddRef(IMiniportWaveRTStreamNotification *This)
{
    return ComRefAddRef(&CycRt(This)->Ref);
}

static VOID CycRtFreeBuffer(CMiniportWaveRTStream *Stream);

static VOID CycRtDestroy(CMiniportWaveRTStream *Stream)
{
    RemoveEntryList(&Stream->MiniportLink);
    /* Detach from the ISR and stop the block before its buffer goes. */
    if (Stream->BlockClaimed) {
        CycHwStreamSetPositionWriteBack(Stream->Hw, Stream->Block, FALSE);
        COM_CALL(Stream->Miniport->AdapterCommon, FreeStream, Stream->Block);
    }
    KeRemoveQueueDpc(&Stream->Dpc);
    CycRtFreeBuffer(Stream);
    COM_SAFE_RELEASE(&Stream->PortStream);
    COM_CALL(&Stream->Miniport->Iface, Release);
    ExFreePoolWithTag(Stream, CYC_POOLTAG_STREAM);
}

static ULONG NTAPI CycRt_Release(IMiniportWaveRTStreamNotification *This)
{
    CMiniportWaveRTStream *stream = CycRt(This);
    ULONG count = ComRefRelease(&stream->Ref);

    if (count == 0) {
        CycRtDestroy(stream);
    }
    return count;
}

/* Interrupt and events ---------------------------------------------------- */

/* DISPATCH_LEVEL: one period boundary (or more) passed; wake the client. */
static VOID NTAPI CycRtDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    CMiniportWaveRTStream *stream = Context;
    ULONG i;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&stream->EventLock);
    for (i = 0; i < CYC_RT_MAX_EVENTS; i++) {
        if (stream->Events[i] != NULL) {
            KeSetEvent(stream->Events[i], 0, FALSE);
        }
    }
    KeReleaseSpinLockFromDpcLevel(&stream->EventLock);
}

/* DIRQL, interrupt sync held: the block's events are acknowledged. */
static VOID CycRtIsr(PVOID Context, ULONG Events)
{
    CMiniportWaveRTStream *stream = Context;

    InterlockedIncrement(&stream->Interrupts);
    if (Events & (CYC_STS_DMAERR_MASK | CYC_STS_FMTERR_MASK)) {
        InterlockedIncrement(&stream->Errors);
    }
    if ((Events & CYC_STS_PERIOD_MASK) && stream->NotificationCount != 0) {
        KeInsertQueueDpc(&stream->Dpc, NULL, NULL);
    }
}

static NTSTATUS NTAPI CycRt_RegisterNotificationEvent(
    IMiniportWaveRTStreamNotification *This, PKEVENT NotificationEvent)
{
    CMiniportWaveRTStream *stream = CycRt(This);
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    PKEVENT *slot = NULL;
    KIRQL oldIrql;
    ULONG i;

    if (stream->NotificationCount == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    KeAcquireSpinLock(&stream->EventLock, &oldIrql);
    for (i = 0; i < CYC_RT_MAX_EVENTS; i++) {
        if (stream->Events[i] == NotificationEvent) {
            status = STATUS_INVALID_PARAMETER;      /* already registered */
            break;
        }
        if (stream->Events[i] == NULL && !NT_SUCCESS(status)) {
            slot = &stream->Events[i];
            status = STATUS_SUCCESS;
        }
    }
    if (NT_SUCCESS(status)) {
        *slot = NotificationEvent;
    }
    KeReleaseSpinLock(&stream->EventLock, oldIrql);
    return status;
}

static NTSTATUS NTAPI CycRt_UnregisterNotificationEvent(
    IMiniportWaveRTStreamNotification *This, PKEVENT NotificationEvent)
{
    CMiniportWaveRTStream *stream = CycRt(This);
    NTSTATUS status = STATUS_NOT_FOUND;
    KIRQL oldIrql;
    ULONG i;

    KeAcquireSpinLock(&stream->EventLock, &oldIrql);
    for (i = 0; i < CYC_RT_MAX_EVENTS; i++) {
        if (stream->Events[i] == NotificationEvent) {
            stream->Events[i] = NULL;
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&stream->EventLock, oldIrql);
    return status;
}

/* The buffer --------------------------------------------------------------- */

/* Block programming for the current format and buffer (STOP only). */
static VOID CycRtProgram(CMiniportWaveRTStream *Stream)
{
    PHYSICAL_ADDRESS pa = COM_CALL(Stream->PortStream, GetPhysicalPageAddress,
                                   Stream->Mdl, 0);

    CycHwStreamProgram(Stream->Hw, Stream->Block, &Stream->Format.Hw, pa,
                       Stream->BufferBytes, Stream->PeriodBytes);
}

static VOID CycRtFreeBuffer(CMiniportWaveRTStream *Stream)
{
    if (Stream->Mdl == NULL) {
        return;
    }
    COM_CALL(Stream->PortStream, UnmapAllocatedPages, Stream->Buffer,
             Stream->Mdl);
    COM_CALL(Stream->PortStream, FreePagesFromMdl, Stream->Mdl);
    Stream->Mdl = NULL;
    Stream->Buffer = NULL;
    Stream->BufferBytes = 0;
    Stream->NotificationCount = 0;
}

/*
 * RequestedSize rounded down to whole frames, NotificationCount whole
 * periods of equal size; STOP only. Too big for the device:
 * STATUS_INSUFFICIENT_RESOURCES (as an allocation that cannot be met).
 */
static NTSTATUS CycRtAllocate(CMiniportWaveRTStream *Stream,
                              ULONG NotificationCount, ULONG RequestedSize,
                              PMDL *AudioBufferMdl, ULONG *ActualSize,
                              ULONG *OffsetFromFirstPage,
                              MEMORY_CACHING_TYPE *CacheType)
{
    PHYSICAL_ADDRESS low = { .QuadPart = 0 };
    PHYSICAL_ADDRESS high = { .QuadPart = MAXULONG };
    ULONG unit = Stream->Format.BlockAlign * (NotificationCount ?
                                              NotificationCount : 1);
    ULONG bytes = RequestedSize - RequestedSize % unit;

    PAGED_CODE();
    if (Stream->State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (bytes == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    if (bytes > CYC_BUFFER_MAX) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    CycRtFreeBuffer(Stream);
    Stream->Mdl = COM_CALL(Stream->PortStream, AllocateContiguousPagesForMdl,
                           low, high, bytes);
    if (Stream->Mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Stream->Buffer = COM_CALL(Stream->PortStream, MapAllocatedPages,
                              Stream->Mdl, MmCached);
    if (Stream->Buffer == NULL) {
        COM_CALL(Stream->PortStream, FreePagesFromMdl, Stream->Mdl);
        Stream->Mdl = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlFillMemory(Stream->Buffer, bytes,
                  Stream->Format.Hw.SampleFormat == CYC_SFMT_U8 ? 0x80 : 0);
    Stream->BufferBytes = bytes;
    Stream->NotificationCount = NotificationCount;
    Stream->PeriodBytes = bytes / (NotificationCount ? NotificationCount : 1);
    CycRtProgram(Stream);
    *AudioBufferMdl = Stream->Mdl;
    *ActualSize = bytes;
    *OffsetFromFirstPage = 0;
    *CacheType = MmCached;
    DPF(D_TERSE, "WaveRT %s block %u: buffer %u, period %u, %u events",
        Stream->Capture ? "capture" : "render", Stream->Block, bytes,
        Stream->PeriodBytes, NotificationCount);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CycRt_AllocateAudioBuffer(
    IMiniportWaveRTStreamNotification *This, ULONG RequestedSize,
    PMDL *AudioBufferMdl, ULONG *ActualSize, ULONG *OffsetFromFirstPage,
    MEMORY_CACHING_TYPE *CacheType)
{
    return CycRtAllocate(CycRt(This), 0, RequestedSize, AudioBufferMdl,
                         ActualSize, OffsetFromFirstPage, CacheType);
}

static NTSTATUS NTAPI CycRt_AllocateBufferWithNotification(
    IMiniportWaveRTStreamNotification *This, ULONG NotificationCount,
    ULONG RequestedSize, PMDL *AudioBufferMdl, ULONG *ActualSize,
    ULONG *OffsetFromFirstPage, MEMORY_CACHING_TYPE *CacheType)
{
    if (NotificationCount != 1 && NotificationCount != 2) {
        return STATUS_INVALID_PARAMETER;
    }
    return CycRtAllocate(CycRt(This), NotificationCount, RequestedSize,
                         AudioBufferMdl, ActualSize, OffsetFromFirstPage,
                         CacheType);
}

static VOID NTAPI CycRt_FreeAudioBuffer(
    IMiniportWaveRTStreamNotification *This, PMDL AudioBufferMdl,
    ULONG BufferSize)
{
    CMiniportWaveRTStream *stream = CycRt(This);

    UNREFERENCED_PARAMETER(BufferSize);
    if (AudioBufferMdl == stream->Mdl) {
        CycHwStreamReset(stream->Hw, stream->Block);
        CycRtFreeBuffer(stream);
    }
}

/* The stream --------------------------------------------------------------- */

static NTSTATUS NTAPI CycRt_SetFormat(IMiniportWaveRTStreamNotification *This,
                                      PKSDATAFORMAT DataFormat)
{
    CMiniportWaveRTStream *stream = CycRt(This);
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    if (stream->State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (NT_SUCCESS(status) && stream->Mdl != NULL &&
        stream->PeriodBytes % format.BlockAlign != 0) {
        status = STATUS_INVALID_PARAMETER;  /* the buffer must tile */
    }
    if (NT_SUCCESS(status)) {
        stream->Format = format;
        if (stream->Mdl != NULL) {
            CycRtProgram(stream);
        }
    }
    return status;
}

/*
 * ACQUIRE and PAUSE are the device's PAUSE; leaving STOP needs a buffer.
 * Entering RUN samples QPC against WALL for presentation positions.
 */
static NTSTATUS NTAPI CycRt_SetState(IMiniportWaveRTStreamNotification *This,
                                     KSSTATE State)
{
    CMiniportWaveRTStream *stream = CycRt(This);
    ULONG deviceState;
    ULONG error;

    PAGED_CODE();
    if (!NT_SUCCESS(CycWaveDeviceState(State, &deviceState))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (State != KSSTATE_STOP && stream->Mdl == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (stream->State == KSSTATE_STOP && State != KSSTATE_STOP) {
        stream->ReadPacket = 0;
        stream->EndOfStream = FALSE;
    }
    CycRtResumeSetState(&stream->Resume, stream->Hw, stream->Block,
                        stream->State, State);
    if (State == KSSTATE_RUN) {
        stream->QpcOffset = CycRtQpcOffset(stream);
    }
    CycHwStreamSetState(stream->Hw, stream->Block, deviceState);
    error = CycHwStreamError(stream->Hw, stream->Block);
    if (error != CYC_ERR_NONE && State != KSSTATE_STOP) {
        DPF(D_ERROR, "WaveRT block %u refused state %d: error %u",
            stream->Block, State, error);
        CycHwStreamReset(stream->Hw, stream->Block);
        CycRtProgram(stream);
        stream->State = KSSTATE_STOP;
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    stream->State = State;
    return STATUS_SUCCESS;
}

/* Byte offsets within the buffer: the device's POS, exact at every read. */
static NTSTATUS NTAPI CycRt_GetPosition(
    IMiniportWaveRTStreamNotification *This, PKSAUDIO_POSITION Position)
{
    CMiniportWaveRTStream *stream = CycRt(This);
    ULONG pos = stream->Mdl == NULL ? 0 :
                CycRtPosition(&stream->Resume, stream->Hw, stream->Block);

    Position->PlayOffset = pos < stream->BufferBytes ? pos : 0;
    Position->WriteOffset = Position->PlayOffset;
    return STATUS_SUCCESS;
}

/*
 * The device moves frames between the buffer and its FIFO exactly at POS;
 * the FIFO drains into the host backend outside guest time, so the guest
 * sees no hardware delay.
 */
static VOID NTAPI CycRt_GetHWLatency(IMiniportWaveRTStreamNotification *This,
                                     KSRTAUDIO_HWLATENCY *HwLatency)
{
    UNREFERENCED_PARAMETER(This);
    HwLatency->FifoSize = 0;
    HwLatency->ChipsetDelay = 0;
    HwLatency->CodecDelay = 0;
}

/* The block's POS register: bytes in the buffer, whole frames. */
static NTSTATUS NTAPI CycRt_GetPositionRegister(
    IMiniportWaveRTStreamNotification *This, KSRTAUDIO_HWREGISTER *Register)
{
    CMiniportWaveRTStream *stream = CycRt(This);

    Register->Register = (PVOID)CycHwStreamRegister(stream->Hw, stream->Block,
                                                    CYC_SD_POS);
    Register->Width = 32;
    Register->Numerator = 0;
    Register->Denominator = 0;
    Register->Accuracy = stream->Format.BlockAlign;
    return STATUS_SUCCESS;
}

/* WALL_LO: the low 32 bits of the device's nanosecond clock (1 GHz). */
static NTSTATUS NTAPI CycRt_GetClockRegister(
    IMiniportWaveRTStreamNotification *This, KSRTAUDIO_HWREGISTER *Register)
{
    CMiniportWaveRTStream *stream = CycRt(This);

    Register->Register = (PVOID)CycHwRegister(stream->Hw, CYC_REG_WALL_LO);
    Register->Width = 32;
    Register->Numerator = 1000000000ull;
    Register->Denominator = 1;
    Register->Accuracy = 1;
    return STATUS_SUCCESS;
}

static VOID NTAPI CycRt_FreeBufferWithNotification(
    IMiniportWaveRTStreamNotification *This, PMDL AudioBufferMdl,
    ULONG BufferSize)
{
    CycRt_FreeAudioBuffer(This, AudioBufferMdl, BufferSize);
}

static const IMiniportWaveRTStreamNotificationVtbl CycRt_Vtbl = {
    .QueryInterface = CycRt_QueryInterface,
    .AddRef = CycRt_AddRef,
    .Release = CycRt_Release,
    .SetFormat = CycRt_SetFormat,
    .SetState = CycRt_SetState,
    .GetPosition = CycRt_GetPosition,
    .AllocateAudioBuffer = CycRt_AllocateAudioBuffer,
    .FreeAudioBuffer = CycRt_FreeAudioBuffer,
    .GetHWLatency = CycRt_GetHWLatency,
    .GetPositionRegister = CycRt_GetPositionRegister,
    .GetClockRegister = CycRt_GetClockRegister,
    .AllocateBufferWithNotification = CycRt_AllocateBufferWithNotification,
    .FreeBufferWithNotification = CycRt_FreeBufferWithNotification,
    .RegisterNotificationEvent = CycRt_RegisterNotificationEvent,
    .UnregisterNotificationEvent = CycRt_UnregisterNotificationEvent,
};

/* Packet mode: a packet is one notification period ------------------------ */

/*
 * Periods completed since the stream left STOP: PCOUNT (exact at every
 * read) plus the periods before a restart after D3.
 */
static ULONG CycRtStreamPackets(CMiniportWaveRTStream *Stream)
{
    CYC_RT_LAYOUT layout = CycRtLayout(Stream);

    return CycRtPackets(&Stream->Resume, &layout, Stream->Hw, Stream->Block);
}

static NTSTATUS NTAPI CycRtOut_QueryInterface(
    IMiniportWaveRTOutputStream *This, REFIID Iid, PVOID *Object)
{
    return CycRtQueryInterface(CycRtFromOutput(This), Iid, Object);
}

static ULONG NTAPI CycRtOut_AddRef(IMiniportWaveRTOutputStream *This)
{
    return CycRt_AddRef(&CycRtFromOutput(This)->Iface);
}

static ULONG NTAPI CycRtOut_Release(IMiniportWaveRTOutputStream *This)
{
    return CycRt_Release(&CycRtFromOutput(This)->Iface);
}

/*
 * Packet c = PCOUNT is being transferred in RUN: c and earlier are late,
 * c + NotificationCount and later do not fit the buffer yet.
 */
static NTSTATUS NTAPI CycRtOut_SetWritePacket(
    IMiniportWaveRTOutputStream *This, ULONG PacketNumber, DWORD Flags,
    ULONG EosPacketLength)
{
    CMiniportWaveRTStream *stream = CycRtFromOutput(This);
    ULONG current = CycRtStreamPackets(stream);
    BOOLEAN eos = (Flags & KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0;

    if ((Flags & ~(DWORD)KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM) != 0 ||
        (eos && EosPacketLength > stream->PeriodBytes)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (stream->EndOfStream) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (stream->State == KSSTATE_RUN && (LONG)(PacketNumber - current) <= 0) {
        return STATUS_DATA_LATE_ERROR;
    }
    if (PacketNumber - current >= stream->NotificationCount) {
        return STATUS_DATA_OVERRUN;
    }
    if (eos) {
        /* Silence after the EOS data so the device plays no stale lap. */
        ULONG offset = (PacketNumber % stream->NotificationCount) *
                       stream->PeriodBytes;

        RtlFillMemory(stream->Buffer + offset + EosPacketLength,
                      stream->PeriodBytes - EosPacketLength,
                      stream->Format.Hw.SampleFormat == CYC_SFMT_U8 ?
                      0x80 : 0);
        stream->EndOfStream = TRUE;
    }
    return STATUS_SUCCESS;
}

/* The last transfer's frames and QPC time, from the write-back record. */
static NTSTATUS NTAPI CycRtOut_GetPresentationPosition(
    IMiniportWaveRTOutputStream *This,
    KSAUDIO_PRESENTATION_POSITION *PresentationPosition)
{
    CMiniportWaveRTStream *stream = CycRtFromOutput(This);
    CYC_RT_RECORD record;

    CycRtReadRecord(stream, &record);
    PresentationPosition->u64PositionInBlocks =
        CycRtRecordFrames(stream, &record);
    PresentationPosition->u64QPCPosition.QuadPart =
        (LONGLONG)record.Wall + stream->QpcOffset;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CycRtOut_GetPacketCount(
    IMiniportWaveRTOutputStream *This, ULONG *PacketCount)
{
    *PacketCount = CycRtStreamPackets(CycRtFromOutput(This));
    return STATUS_SUCCESS;
}

static const IMiniportWaveRTOutputStreamVtbl CycRtOut_Vtbl = {
    .QueryInterface = CycRtOut_QueryInterface,
    .AddRef = CycRtOut_AddRef,
    .Release = CycRtOut_Release,
    .SetWritePacket = CycRtOut_SetWritePacket,
    .GetOutputStreamPresentationPosition = CycRtOut_GetPresentationPosition,
    .GetPacketCount = CycRtOut_GetPacketCount,
};

static NTSTATUS NTAPI CycRtIn_QueryInterface(IMiniportWaveRTInputStream *This,
                                             REFIID Iid, PVOID *Object)
{
    return CycRtQueryInterface(CycRtFromInput(This), Iid, Object);
}

static ULONG NTAPI CycRtIn_AddRef(IMiniportWaveRTInputStream *This)
{
    return CycRt_AddRef(&CycRtFromInput(This)->Iface);
}

static ULONG NTAPI CycRtIn_Release(IMiniportWaveRTInputStream *This)
{
    return CycRt_Release(&CycRtFromInput(This)->Iface);
}

/*
 * The oldest complete packet not yet reported (the OS has read the earlier
 * ones); packets the device is overwriting are skipped. Its time is the
 * QPC of its first frame by the device's formula.
 */
static NTSTATUS NTAPI CycRtIn_GetReadPacket(IMiniportWaveRTInputStream *This,
                                            ULONG *PacketNumber, DWORD *Flags,
                                            ULONG64 *PerformanceCounterValue,
                                            BOOL *MoreData)
{
    CMiniportWaveRTStream *stream = CycRtFromInput(This);
    ULONG done = CycRtStreamPackets(stream);
    ULONG keep = stream->NotificationCount > 1 ?
                 stream->NotificationCount - 1 : 1;
    ULONGLONG first;

    if ((LONG)(done - stream->ReadPacket) > (LONG)keep) {
        stream->ReadPacket = done - keep;
    }
    if ((LONG)(done - stream->ReadPacket) <= 0) {
        return STATUS_DEVICE_NOT_READY;
    }
    first = (ULONGLONG)stream->ReadPacket *
            (stream->PeriodBytes / stream->Format.BlockAlign);
    *PacketNumber = stream->ReadPacket;
    *Flags = 0;
    *PerformanceCounterValue = (ULONG64)CycRtFrameQpc(stream, first);
    stream->ReadPacket++;
    *MoreData = (LONG)(done - stream->ReadPacket) > 0;
    return STATUS_SUCCESS;
}

static const IMiniportWaveRTInputStreamVtbl CycRtIn_Vtbl = {
    .QueryInterface = CycRtIn_QueryInterface,
    .AddRef = CycRtIn_AddRef,
    .Release = CycRtIn_Release,
    .GetReadPacket = CycRtIn_GetReadPacket,
};

/* Power ------------------------------------------------------------------- */

/*
 * Before D3 the port paused the stream: rtpower.c keeps its place and stops
 * the block. After D0: the block again, from that offset, in PAUSE. The
 * client sees a pause: the position frozen at the offset (GetPosition
 * answers it while the device is down), then RUN continuing from it.
 */
static VOID CycRtPowerUpStream(CMiniportWaveRTStream *Stream)
{
    CYC_RT_LAYOUT layout = CycRtLayout(Stream);

    if (!Stream->Resume.PoweredDown) {
        return;
    }
    CycRtProgram(Stream);
    if (CycRtPowerUp(&Stream->Resume, &layout, Stream->Hw, Stream->Block) !=
        CYC_ERR_NONE) {
        InterlockedIncrement(&Stream->Errors);
    }
}

VOID CMiniportWaveRTStream_PowerChange(PLIST_ENTRY Link,
                                       DEVICE_POWER_STATE State)
{
    CMiniportWaveRTStream *stream = CONTAINING_RECORD(Link,
                                                      CMiniportWaveRTStream,
                                                      MiniportLink);

    CYC_RT_LAYOUT layout = CycRtLayout(stream);

    PAGED_CODE();
    if (State == PowerDeviceD0) {
        CycRtPowerUpStream(stream);
    } else if (stream->State != KSSTATE_STOP) {
        CycRtPowerDown(&stream->Resume, &layout, stream->Hw, stream->Block);
    }
}

VOID CMiniportWaveRTStream_GetStatistics(PMINIPORTWAVERTSTREAM Stream,
                                         PCYC_STREAM_STATISTICS Statistics)
{
    CMiniportWaveRTStream *stream = CycRt(Stream);

    CycStreamStatistics(stream->Hw, stream->Block, (ULONG)stream->Interrupts,
                        (ULONG)stream->Errors, stream->PeriodBytes,
                        stream->BufferBytes, Statistics);
}

NTSTATUS CMiniportWaveRTStream_Create(CMiniportWaveRT *Miniport,
                                      PPORTWAVERTSTREAM PortStream,
                                      BOOLEAN Capture,
                                      const CYC_WAVE_FORMAT *Format,
                                      PMINIPORTWAVERTSTREAM *Stream)
{
    CMiniportWaveRTStream *stream;
    NTSTATUS status;

    PAGED_CODE();
    *Stream = NULL;
    stream = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*stream),
                                CYC_POOLTAG_STREAM);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->Iface.lpVtbl = &CycRt_Vtbl;
    stream->OutputIface.lpVtbl = &CycRtOut_Vtbl;
    stream->InputIface.lpVtbl = &CycRtIn_Vtbl;
    ComRefInit(&stream->Ref);
    stream->Miniport = Miniport;
    COM_CALL(&Miniport->Iface, AddRef);
    stream->PortStream = PortStream;
    COM_CALL(PortStream, AddRef);
    stream->Hw = Miniport->Hw;
    stream->Capture = Capture;
    stream->Format = *Format;
    stream->State = KSSTATE_STOP;
    KeInitializeSpinLock(&stream->EventLock);
    KeInitializeDpc(&stream->Dpc, CycRtDpc, stream);
    InsertTailList(&Miniport->Streams, &stream->MiniportLink);
    status = COM_CALL(Miniport->AdapterCommon, ClaimStream, Capture,
                      &stream->Block);
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "WaveRT NewStream(%s): 0x%08x",
            Capture ? "capture" : "render", status);
        CycRt_Release(&stream->Iface);
        return status;
    }
    stream->BlockClaimed = TRUE;
    CycHwStreamSetPositionWriteBack(stream->Hw, stream->Block, TRUE);
    COM_CALL(Miniport->AdapterCommon, SetStreamIsr, stream->Block, CycRtIsr,
             stream);
    *Stream = (PMINIPORTWAVERTSTREAM)&stream->Iface;
    return STATUS_SUCCESS;
}
