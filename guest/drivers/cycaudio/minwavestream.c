/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveCyclicStream: one render or capture stream on one device stream
 * block. The device runs the clock: it reads (render) or writes (capture) the
 * cyclic buffer and raises a period interrupt every PeriodBytes; the ISR
 * acknowledges it (in the adapter common, under the interrupt sync) and this
 * stream calls Port->Notify. SetState/SetFormat/SetNotificationFreq run at
 * PASSIVE_LEVEL, serialised by the port; GetPosition at <= DISPATCH_LEVEL; the
 * ISR routine at DIRQL.
 */
#include "minwavestream.h"

typedef struct CMiniportWaveCyclicStream {
    IMiniportWaveCyclicStream Iface;
    COM_REF Ref;
    CMiniportWaveCyclic *Miniport;      /* referenced */
    PCYC_HW Hw;
    /* device stream block, claimed from common */
    ULONG Block;
    BOOLEAN Capture;
    BOOLEAN BlockClaimed;
    ULONG Pin;
    PDMACHANNEL DmaChannel;             /* the cyclic buffer */
    PSERVICEGROUP ServiceGroup;         /* what Notify services */
    CYC_WAVE_FORMAT Format;
    ULONG BufferBytes;
    ULONG PeriodBytes;
    KSSTATE State;
    /* ISR calls with events for this block */
    volatile LONG Interrupts;
    volatile LONG Errors;               /* DMAERR/FMTERR events */
} CMiniportWaveCyclicStream;

static CMiniportWaveCyclicStream *CMiniportWaveCyclicStream_From(
    IMiniportWaveCyclicStream *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportWaveCyclicStream, Iface);
}

/* Frames in Milliseconds of audio at Rate (floor, at least one). */
static ULONG CycWaveMsToFrames(ULONG Rate, ULONG Milliseconds)
{
    ULONG frames = (ULONG)(((ULONGLONG)Rate * Milliseconds) / 1000u);

    return frames ? frames : 1;
}

static const COM_QI_ENTRY CMiniportWaveCyclicStream_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportWaveCyclicStream, Iface) },
    { &IID_IMiniportWaveCyclicStream,
      offsetof(CMiniportWaveCyclicStream, Iface) },
};

static NTSTATUS NTAPI CMiniportWaveCyclicStream_QueryInterface(
    IMiniportWaveCyclicStream *This, REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CMiniportWaveCyclicStream_From(This),
                             CMiniportWaveCyclicStream_Qi,
                             COM_ARRAY_SIZE(CMiniportWaveCyclicStream_Qi),
                             Iid, Object);
}

static ULONG NTAPI CMiniportWaveCyclicStream_AddRef(
    IMiniportWaveCyclicStream *This)
{
    return ComRefAddRef(&CMiniportWaveCyclicStream_From(This)->Ref);
}

static VOID CMiniportWaveCyclicStream_Destroy(CMiniportWaveCyclicStream *Stream)
{
    PADAPTERCOMMON common = Stream->Miniport->AdapterCommon;

    /* Detach from the ISR and stop the block before its buffer goes away. */
    if (Stream->BlockClaimed) {
        COM_CALL(common, FreeStream, Stream->Block);
    }
    if (Stream->DmaChannel != NULL) {
        COM_CALL(Stream->DmaChannel, FreeBuffer);
        COM_SAFE_RELEASE(&Stream->DmaChannel);
    }
    COM_SAFE_RELEASE(&Stream->ServiceGroup);
    COM_CALL(&Stream->Miniport->Iface, Release);
    ExFreePoolWithTag(Stream, CYC_POOLTAG_STREAM);
}

static ULONG NTAPI CMiniportWaveCyclicStream_Release(
    IMiniportWaveCyclicStream *This)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(This);
    ULONG count = ComRefRelease(&stream->Ref);

    if (count == 0) {
        CMiniportWaveCyclicStream_Destroy(stream);
    }
    return count;
}

/* DIRQL, interrupt sync held: the block's events are already acknowledged. */
static VOID CMiniportWaveCyclicStream_Isr(PVOID Context, ULONG Events)
{
    CMiniportWaveCyclicStream *stream = Context;

    InterlockedIncrement(&stream->Interrupts);
    if (Events & (CYC_STS_DMAERR_MASK | CYC_STS_FMTERR_MASK)) {
        InterlockedIncrement(&stream->Errors);
    }
    COM_CALL(stream->Miniport->Port, Notify, stream->ServiceGroup);
}

/*
 * The routine NewStream registers for its block. A variable only so that the
 * glitch-* guided example can put its deliberately late copy in front
 * (glitchisr.c); loading it is one instruction, as the constant address was,
 * so every other run executes exactly what it did before.
 */
PCYC_STREAM_ISR CycWaveStreamIsr = CMiniportWaveCyclicStream_Isr;

static NTSTATUS NTAPI CMiniportWaveCyclicStream_SetFormat(
    IMiniportWaveCyclicStream *This, PKSDATAFORMAT DataFormat)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(This);
    CYC_WAVE_FORMAT format;
    NTSTATUS status;
    ULONG periodFrames;

    PAGED_CODE();
    if (stream->State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    /*
     * The port keeps the buffer it was given at pin creation, so the new format
     * must tile it and fit CYC_WAVE_MIN_PERIODS of its notification periods.
     */
    periodFrames = CycWaveMsToFrames(format.Hw.Rate, CYC_WAVE_PERIOD_MS);
    if (stream->BufferBytes % format.BlockAlign != 0 ||
        (ULONGLONG)periodFrames * format.BlockAlign * CYC_WAVE_MIN_PERIODS >
            stream->BufferBytes) {
        return STATUS_INVALID_PARAMETER;
    }
    stream->Format = format;
    stream->PeriodBytes = periodFrames * format.BlockAlign;
    CycHwStreamProgram(stream->Hw, stream->Block, &stream->Format.Hw,
                       COM_CALL(stream->DmaChannel, PhysicalAddress),
                       stream->BufferBytes, stream->PeriodBytes);
    return STATUS_SUCCESS;
}

static ULONG NTAPI CMiniportWaveCyclicStream_SetNotificationFreq(
    IMiniportWaveCyclicStream *This, ULONG Interval, PULONG FrameSize)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(This);
    ULONG frames = CycWaveMsToFrames(stream->Format.Hw.Rate, Interval);
    ULONG maxFrames = stream->BufferBytes / stream->Format.BlockAlign;

    PAGED_CODE();
    if (frames > maxFrames) {
        frames = maxFrames;
    }
    stream->PeriodBytes = frames * stream->Format.BlockAlign;
    if (stream->State == KSSTATE_STOP) {
        CycHwStreamSetPeriod(stream->Hw, stream->Block, stream->PeriodBytes);
    }
    *FrameSize = stream->PeriodBytes;
    return Interval;
}

/*
 * The device's state for State (CycWaveDeviceState). The port steps through
 * every state in order.
 */
static NTSTATUS NTAPI CMiniportWaveCyclicStream_SetState(
    IMiniportWaveCyclicStream *This, KSSTATE State)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(This);
    ULONG deviceState;
    ULONG error;

    PAGED_CODE();
    if (!NT_SUCCESS(CycWaveDeviceState(State, &deviceState))) {
        return STATUS_INVALID_PARAMETER;
    }
    /* the block may have lost its program in D3 (power.c): program again */
    if (stream->State == KSSTATE_STOP && State != KSSTATE_STOP) {
        CycHwStreamProgram(stream->Hw, stream->Block, &stream->Format.Hw,
                           COM_CALL(stream->DmaChannel, PhysicalAddress),
                           stream->BufferBytes, stream->PeriodBytes);
    }
    CycHwStreamSetState(stream->Hw, stream->Block, deviceState);
    /*
     * Leaving STOP is when the device validates the
     * program: report what it refused.
     */
    error = CycHwStreamError(stream->Hw, stream->Block);
    if (error != CYC_ERR_NONE && State != KSSTATE_STOP) {
        DPF(D_ERROR, "stream block %u refused state %d: error %u",
            stream->Block, State, error);
        CycHwStreamReset(stream->Hw, stream->Block);
        CycHwStreamProgram(stream->Hw, stream->Block, &stream->Format.Hw,
                           COM_CALL(stream->DmaChannel, PhysicalAddress),
                           stream->BufferBytes, stream->PeriodBytes);
        stream->State = KSSTATE_STOP;
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    DPF(D_VERBOSE, "stream block %u: state %d -> %d", stream->Block,
        stream->State, State);
    stream->State = State;
    return STATUS_SUCCESS;
}

/*
 * <= DISPATCH_LEVEL. The device's POS is exact at every read (it transfers what
 * is due first): everything behind it has been fetched (render) or written
 * (capture). Frames still in the device FIFO on their way to the backend are
 * not subtracted.
 */
static NTSTATUS NTAPI CMiniportWaveCyclicStream_GetPosition(
    IMiniportWaveCyclicStream *This, PULONG Position)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(This);
    ULONG position = CycHwStreamPosition(stream->Hw, stream->Block);

    /*
     * The device wraps at BufferBytes; a reading past it would be a device bug.
     */
    *Position = position < stream->BufferBytes ? position : 0;
    return STATUS_SUCCESS;
}

/* Bytes in, 100 ns units out. */
static NTSTATUS NTAPI CMiniportWaveCyclicStream_NormalizePhysicalPosition(
    IMiniportWaveCyclicStream *This, PLONGLONG PhysicalPosition)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(This);

    *PhysicalPosition = CycWaveBytesTo100ns(&stream->Format,
                                            *PhysicalPosition);
    return STATUS_SUCCESS;
}

static VOID NTAPI CMiniportWaveCyclicStream_Silence(
    IMiniportWaveCyclicStream *This, PVOID Buffer, ULONG ByteCount)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(This);

    RtlFillMemory(Buffer, ByteCount,
                  stream->Format.Hw.SampleFormat == CYC_SFMT_U8 ? 0x80 : 0x00);
}

static const IMiniportWaveCyclicStreamVtbl CMiniportWaveCyclicStream_Vtbl = {
    .QueryInterface = CMiniportWaveCyclicStream_QueryInterface,
    .AddRef = CMiniportWaveCyclicStream_AddRef,
    .Release = CMiniportWaveCyclicStream_Release,
    .SetFormat = CMiniportWaveCyclicStream_SetFormat,
    .SetNotificationFreq = CMiniportWaveCyclicStream_SetNotificationFreq,
    .SetState = CMiniportWaveCyclicStream_SetState,
    .GetPosition = CMiniportWaveCyclicStream_GetPosition,
    .NormalizePhysicalPosition =
        CMiniportWaveCyclicStream_NormalizePhysicalPosition,
    .Silence = CMiniportWaveCyclicStream_Silence,
};

VOID CMiniportWaveCyclicStream_GetStatistics(PMINIPORTWAVECYCLICSTREAM Stream,
                                             PCYC_STREAM_STATISTICS Statistics)
{
    CMiniportWaveCyclicStream *stream = CMiniportWaveCyclicStream_From(Stream);

    CycStreamStatistics(stream->Hw, stream->Block, (ULONG)stream->Interrupts,
                        (ULONG)stream->Errors, stream->PeriodBytes,
                        stream->BufferBytes, Statistics);
}

NTSTATUS CMiniportWaveCyclicStream_Create(CMiniportWaveCyclic *Miniport,
                                          ULONG Pin, BOOLEAN Capture,
                                          const CYC_WAVE_FORMAT *Format,
                                          PMINIPORTWAVECYCLICSTREAM *Stream,
                                          PDMACHANNEL *DmaChannel,
                                          PSERVICEGROUP *ServiceGroup)
{
    CMiniportWaveCyclicStream *stream;
    ULONG periodFrames = CycWaveMsToFrames(Format->Hw.Rate, CYC_WAVE_PERIOD_MS);
    NTSTATUS status;

    PAGED_CODE();
    *Stream = NULL;
    stream = ExAllocatePoolWithTag(NonPagedPool, sizeof(*stream),
                                   CYC_POOLTAG_STREAM);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(stream, sizeof(*stream));
    stream->Iface.lpVtbl = &CMiniportWaveCyclicStream_Vtbl;
    ComRefInit(&stream->Ref);
    stream->Miniport = Miniport;
    COM_CALL(&Miniport->Iface, AddRef);
    stream->Hw = Miniport->Hw;
    stream->Capture = Capture;
    stream->Pin = Pin;
    stream->Format = *Format;
    stream->State = KSSTATE_STOP;
    stream->PeriodBytes = periodFrames * Format->BlockAlign;
    stream->BufferBytes = stream->PeriodBytes * CYC_WAVE_PERIODS;
    if (stream->BufferBytes < CYC_WAVE_BUFFER_MIN) {
        stream->BufferBytes = CYC_WAVE_BUFFER_MIN;
    }
    stream->BufferBytes += CYC_WAVE_BUFFER_ALIGN - 1;
    stream->BufferBytes -= stream->BufferBytes % CYC_WAVE_BUFFER_ALIGN;

    status =
        COM_CALL(Miniport->AdapterCommon, ClaimStream, Capture, &stream->Block);
    if (NT_SUCCESS(status)) {
        stream->BlockClaimed = TRUE;
        status = COM_CALL(Miniport->Port, NewMasterDmaChannel,
                          &stream->DmaChannel, NULL, NULL, stream->BufferBytes,
                          TRUE, FALSE, Width32Bits, Compatible);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(stream->DmaChannel, AllocateBuffer,
                          stream->BufferBytes, NULL);
    }
    if (NT_SUCCESS(status)) {
        status = PcNewServiceGroup(&stream->ServiceGroup, NULL);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream(%s): 0x%08x", Capture ? "capture" : "render",
            status);
        CMiniportWaveCyclicStream_Release(&stream->Iface);
        return status;
    }
    CycHwStreamProgram(stream->Hw, stream->Block, &stream->Format.Hw,
                       COM_CALL(stream->DmaChannel, PhysicalAddress),
                       stream->BufferBytes, stream->PeriodBytes);
    COM_CALL(Miniport->AdapterCommon, SetStreamIsr, stream->Block,
             CycWaveStreamIsr, stream);
    DPF(D_TERSE,
        "%s stream on block %u: %u Hz, %u ch, sfmt %u, buffer %u, period %u",
        Capture ? "capture" : "render", stream->Block, Format->Hw.Rate,
        Format->Hw.Channels, Format->Hw.SampleFormat, stream->BufferBytes,
        stream->PeriodBytes);

    COM_CALL(stream->DmaChannel, AddRef);
    *DmaChannel = stream->DmaChannel;
    COM_CALL(stream->ServiceGroup, AddRef);
    *ServiceGroup = stream->ServiceGroup;
    *Stream = &stream->Iface;
    return STATUS_SUCCESS;
}
