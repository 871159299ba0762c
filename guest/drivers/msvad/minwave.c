/* SPDX-License-Identifier: MIT */
/*
 * msvad's WaveCyclic miniport and stream, written as a Windows C driver would
 * write them: lpVtbl calls, interlocked reference counts, static descriptors. A
 * stream's timer DPC stands in for the interrupt (Port->Notify); its position
 * is derived from KeQueryInterruptTime since RUN, and the frames between the
 * last position and the new one are consumed (render) or synthesised (capture)
 * when the position is read. Lock: Stream->Lock guards the clock and buffer
 * cursor (timer DPC vs port DPC).
 */
#include "msvad.h"

/* Descriptors ------------------------------------------------------------- */

static const KSDATARANGE_AUDIO MsvadRangePcm = {
    .DataRange = {
        .FormatSize = sizeof(KSDATARANGE_AUDIO),
        .MajorFormat = STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        .SubFormat = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM),
        .Specifier = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX),
    },
    .MaximumChannels = MSVAD_MAX_CHANNELS,
    .MinimumBitsPerSample = MSVAD_BITS_PER_SAMPLE,
    .MaximumBitsPerSample = MSVAD_BITS_PER_SAMPLE,
    .MinimumSampleFrequency = MSVAD_MIN_RATE,
    .MaximumSampleFrequency = MSVAD_MAX_RATE,
};

static const PKSDATARANGE MsvadStreamRanges[] = {
    (PKSDATARANGE)&MsvadRangePcm
};

static const KSDATARANGE MsvadBridgeRange = {
    .FormatSize = sizeof(KSDATARANGE),
    .MajorFormat = STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
    .SubFormat = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
    .Specifier = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE),
};

static const PKSDATARANGE MsvadBridgeRanges[] = {
    (PKSDATARANGE)&MsvadBridgeRange
};

static const PCPIN_DESCRIPTOR MsvadPins[KSPIN_MSVAD_COUNT] = {
    [KSPIN_MSVAD_RENDER_SINK] = {
        1, 1, 0, NULL,
        {
            .DataRangesCount = SIZEOF_ARRAY(MsvadStreamRanges),
            .DataRanges = MsvadStreamRanges,
            .DataFlow = KSPIN_DATAFLOW_IN,
            .Communication = KSPIN_COMMUNICATION_SINK,
            .Category = &KSCATEGORY_AUDIO,
        },
    },
    [KSPIN_MSVAD_RENDER_SOURCE] = {
        0, 0, 0, NULL,
        {
            .DataRangesCount = SIZEOF_ARRAY(MsvadBridgeRanges),
            .DataRanges = MsvadBridgeRanges,
            .DataFlow = KSPIN_DATAFLOW_OUT,
            .Communication = KSPIN_COMMUNICATION_NONE,
            .Category = &KSNODETYPE_SPEAKER,
        },
    },
    [KSPIN_MSVAD_CAPTURE_SINK] = {
        0, 0, 0, NULL,
        {
            .DataRangesCount = SIZEOF_ARRAY(MsvadBridgeRanges),
            .DataRanges = MsvadBridgeRanges,
            .DataFlow = KSPIN_DATAFLOW_IN,
            .Communication = KSPIN_COMMUNICATION_NONE,
            .Category = &KSNODETYPE_MICROPHONE,
        },
    },
    [KSPIN_MSVAD_CAPTURE_SOURCE] = {
        1, 1, 0, NULL,
        {
            .DataRangesCount = SIZEOF_ARRAY(MsvadStreamRanges),
            .DataRanges = MsvadStreamRanges,
            .DataFlow = KSPIN_DATAFLOW_OUT,
            .Communication = KSPIN_COMMUNICATION_SINK,
            .Category = &KSCATEGORY_AUDIO,
        },
    },
};

static const PCNODE_DESCRIPTOR MsvadNodes[KSNODE_MSVAD_COUNT] = {
    [KSNODE_MSVAD_DAC] = { 0, NULL, &KSNODETYPE_DAC, NULL },
    [KSNODE_MSVAD_ADC] = { 0, NULL, &KSNODETYPE_ADC, NULL },
};

static const PCCONNECTION_DESCRIPTOR MsvadConnections[] = {
    { PCFILTER_NODE, KSPIN_MSVAD_RENDER_SINK, KSNODE_MSVAD_DAC, 1 },
    { KSNODE_MSVAD_DAC, 0, PCFILTER_NODE, KSPIN_MSVAD_RENDER_SOURCE },
    { PCFILTER_NODE, KSPIN_MSVAD_CAPTURE_SINK, KSNODE_MSVAD_ADC, 1 },
    { KSNODE_MSVAD_ADC, 0, PCFILTER_NODE, KSPIN_MSVAD_CAPTURE_SOURCE },
};

static const PCFILTER_DESCRIPTOR MsvadFilterDescriptor = {
    0, NULL,
    sizeof(PCPIN_DESCRIPTOR), SIZEOF_ARRAY(MsvadPins), MsvadPins,
    sizeof(PCNODE_DESCRIPTOR), SIZEOF_ARRAY(MsvadNodes), MsvadNodes,
    SIZEOF_ARRAY(MsvadConnections), MsvadConnections,
    0, NULL,
};

/* Objects ------------------------------------------------------------------ */

typedef struct CMiniportWaveCyclicMSVAD {
    IMiniportWaveCyclic Iface;
    LONG RefCount;
    PPORTWAVECYCLIC Port;
    BOOLEAN RenderAllocated;
    BOOLEAN CaptureAllocated;
    KSPIN_LOCK Lock;            /* the two flags */
} CMiniportWaveCyclicMSVAD;

typedef struct CMiniportWaveCyclicStreamMSVAD {
    IMiniportWaveCyclicStream Iface;
    LONG RefCount;
    CMiniportWaveCyclicMSVAD *Miniport;
    BOOLEAN Capture;
    PDMACHANNEL DmaChannel;
    PSERVICEGROUP ServiceGroup;
    ULONG Rate;
    ULONG Channels;
    ULONG BlockAlign;
    ULONG BufferFrames;
    ULONG IntervalMs;
    KSSTATE State;
    KSPIN_LOCK Lock;
    ULONGLONG RunStart;         /* interrupt time (100 ns) of the last RUN */
    ULONGLONG FramesBeforeRun;  /* frames elapsed in earlier RUN periods */
    ULONGLONG FramesDone;       /* frames consumed/synthesised so far */
    ULONG Checksum;             /* of every rendered frame, in order */
    KTIMER Timer;
    KDPC Dpc;
} CMiniportWaveCyclicStreamMSVAD;

#define MSVAD_FROM(Interface, Type) CONTAINING_RECORD((Interface), Type, Iface)

static BOOLEAN MsvadIsIid(REFIID Iid, const GUID *Wanted)
{
    return IsEqualGUIDAligned(Iid, Wanted);
}

/* Stream ------------------------------------------------------------------- */

/* Frames the virtual clock has produced since the first RUN; lock held. */
static ULONGLONG MsvadElapsedFrames(CMiniportWaveCyclicStreamMSVAD *Stream)
{
    ULONGLONG frames = Stream->FramesBeforeRun;

    if (Stream->State == KSSTATE_RUN) {
        frames += (KeQueryInterruptTime() - Stream->RunStart) * Stream->Rate /
                  10000000ull;
    }
    return frames;
}

/* Moves the buffer cursor up to the clock: consume or synthesise; lock held. */
static VOID MsvadCatchUp(CMiniportWaveCyclicStreamMSVAD *Stream)
{
    ULONGLONG target = MsvadElapsedFrames(Stream);
    PUCHAR buffer =
        Stream->DmaChannel->lpVtbl->SystemAddress(Stream->DmaChannel);
    SHORT *frame;
    ULONG c;

    if (target - Stream->FramesDone > Stream->BufferFrames) {
        /*
         * The DPC was starved for more than a buffer: what was there is gone.
         */
        Stream->FramesDone = target - Stream->BufferFrames;
    }
    while (Stream->FramesDone < target) {
        frame = (SHORT *)(buffer + (Stream->FramesDone % Stream->BufferFrames) *
                                       Stream->BlockAlign);
        for (c = 0; c < Stream->Channels; c++) {
            if (Stream->Capture) {
                frame[c] = MSVAD_RAMP_SAMPLE(Stream->FramesDone, c);
            } else {
                Stream->Checksum = Stream->Checksum * 31u + (USHORT)frame[c];
            }
        }
        Stream->FramesDone++;
    }
}

/* DISPATCH_LEVEL: the simulated interrupt. */
static VOID NTAPI MsvadTimerDpc(PKDPC Dpc, PVOID DeferredContext,
                                PVOID SystemArgument1, PVOID SystemArgument2)
{
    CMiniportWaveCyclicStreamMSVAD *stream = DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    stream->Miniport->Port->lpVtbl->Notify(stream->Miniport->Port,
                                           stream->ServiceGroup);
}

static NTSTATUS NTAPI MsvadStream_QueryInterface(
    IMiniportWaveCyclicStream *This, REFIID Iid, PVOID *Object)
{
    if (MsvadIsIid(Iid, &IID_IUnknown) ||
        MsvadIsIid(Iid, &IID_IMiniportWaveCyclicStream)) {
        *Object = This;
        This->lpVtbl->AddRef(This);
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI MsvadStream_AddRef(IMiniportWaveCyclicStream *This)
{
    return (ULONG)InterlockedIncrement(
        &MSVAD_FROM(This, CMiniportWaveCyclicStreamMSVAD)->RefCount);
}

static ULONG NTAPI MsvadStream_Release(IMiniportWaveCyclicStream *This)
{
    CMiniportWaveCyclicStreamMSVAD *stream =
        MSVAD_FROM(This, CMiniportWaveCyclicStreamMSVAD);
    CMiniportWaveCyclicMSVAD *miniport = stream->Miniport;
    LONG count = InterlockedDecrement(&stream->RefCount);
    KIRQL oldIrql;

    if (count != 0) {
        return (ULONG)count;
    }
    /*
     * As sysvad: cancel the timer, then flush so no DPC
     * still runs on this stream.
     */
    KeCancelTimer(&stream->Timer);
    KeFlushQueuedDpcs();
    if (stream->DmaChannel != NULL) {
        stream->DmaChannel->lpVtbl->FreeBuffer(stream->DmaChannel);
        stream->DmaChannel->lpVtbl->Release(stream->DmaChannel);
    }
    if (stream->ServiceGroup != NULL) {
        stream->ServiceGroup->lpVtbl->Release(stream->ServiceGroup);
    }
    KeAcquireSpinLock(&miniport->Lock, &oldIrql);
    if (stream->Capture) {
        miniport->CaptureAllocated = FALSE;
    } else {
        miniport->RenderAllocated = FALSE;
    }
    KeReleaseSpinLock(&miniport->Lock, oldIrql);
    miniport->Iface.lpVtbl->Release(&miniport->Iface);
    ExFreePoolWithTag(stream, MSVAD_POOLTAG);
    return 0;
}

static BOOLEAN MsvadFormatOk(PKSDATAFORMAT Format, const WAVEFORMATEX **Wave)
{
    const WAVEFORMATEX *wave;

    if (Format->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEX) ||
        !IsEqualGUIDAligned(&Format->MajorFormat, &KSDATAFORMAT_TYPE_AUDIO) ||
        !IsEqualGUIDAligned(&Format->SubFormat, &KSDATAFORMAT_SUBTYPE_PCM) ||
        !IsEqualGUIDAligned(&Format->Specifier,
                            &KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        return FALSE;
    }
    wave = &((PKSDATAFORMAT_WAVEFORMATEX)Format)->WaveFormatEx;
    if ((wave->wFormatTag != WAVE_FORMAT_PCM &&
         wave->wFormatTag != WAVE_FORMAT_EXTENSIBLE) ||
        wave->wBitsPerSample != MSVAD_BITS_PER_SAMPLE ||
        wave->nChannels < 1 || wave->nChannels > MSVAD_MAX_CHANNELS ||
        wave->nSamplesPerSec < MSVAD_MIN_RATE ||
        wave->nSamplesPerSec > MSVAD_MAX_RATE ||
        wave->nBlockAlign != wave->nChannels * 2) {
        return FALSE;
    }
    *Wave = wave;
    return TRUE;
}

static NTSTATUS NTAPI MsvadStream_SetFormat(IMiniportWaveCyclicStream *This,
                                            PKSDATAFORMAT DataFormat)
{
    CMiniportWaveCyclicStreamMSVAD *stream =
        MSVAD_FROM(This, CMiniportWaveCyclicStreamMSVAD);
    const WAVEFORMATEX *wave;

    PAGED_CODE();
    if (stream->State == KSSTATE_RUN) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (!MsvadFormatOk(DataFormat, &wave) ||
        wave->nChannels != stream->Channels) {
        return STATUS_INVALID_PARAMETER;
    }
    stream->Rate = wave->nSamplesPerSec;
    return STATUS_SUCCESS;
}

static ULONG NTAPI MsvadStream_SetNotificationFreq(
    IMiniportWaveCyclicStream *This, ULONG Interval, PULONG FrameSize)
{
    CMiniportWaveCyclicStreamMSVAD *stream =
        MSVAD_FROM(This, CMiniportWaveCyclicStreamMSVAD);

    stream->IntervalMs = Interval;
    *FrameSize = stream->BlockAlign * (stream->Rate * Interval / 1000);
    return Interval;
}

static NTSTATUS NTAPI MsvadStream_SetState(IMiniportWaveCyclicStream *This,
                                           KSSTATE State)
{
    CMiniportWaveCyclicStreamMSVAD *stream =
        MSVAD_FROM(This, CMiniportWaveCyclicStreamMSVAD);
    LARGE_INTEGER due;
    KIRQL oldIrql;

    PAGED_CODE();
    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    if (State == KSSTATE_RUN && stream->State != KSSTATE_RUN) {
        stream->RunStart = KeQueryInterruptTime();
        stream->State = KSSTATE_RUN;
        KeReleaseSpinLock(&stream->Lock, oldIrql);
        due.QuadPart = -(LONGLONG)stream->IntervalMs * 10000;
        KeSetTimerEx(&stream->Timer, due, (LONG)stream->IntervalMs,
                     &stream->Dpc);
        return STATUS_SUCCESS;
    }
    if (stream->State == KSSTATE_RUN && State != KSSTATE_RUN) {
        MsvadCatchUp(stream);
        stream->FramesBeforeRun = MsvadElapsedFrames(stream);
    }
    stream->State = State;
    if (State == KSSTATE_STOP) {
        stream->FramesBeforeRun = 0;
        stream->FramesDone = 0;
    }
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    if (State != KSSTATE_RUN) {
        KeCancelTimer(&stream->Timer);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI MsvadStream_GetPosition(IMiniportWaveCyclicStream *This,
                                              PULONG Position)
{
    CMiniportWaveCyclicStreamMSVAD *stream =
        MSVAD_FROM(This, CMiniportWaveCyclicStreamMSVAD);
    KIRQL oldIrql;

    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    MsvadCatchUp(stream);
    *Position =
        (ULONG)(stream->FramesDone % stream->BufferFrames) * stream->BlockAlign;
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI MsvadStream_NormalizePhysicalPosition(
    IMiniportWaveCyclicStream *This, PLONGLONG PhysicalPosition)
{
    CMiniportWaveCyclicStreamMSVAD *stream =
        MSVAD_FROM(This, CMiniportWaveCyclicStreamMSVAD);

    *PhysicalPosition =
        *PhysicalPosition / stream->BlockAlign * 10000000 / stream->Rate;
    return STATUS_SUCCESS;
}

static VOID NTAPI MsvadStream_Silence(IMiniportWaveCyclicStream *This,
                                      PVOID Buffer, ULONG ByteCount)
{
    UNREFERENCED_PARAMETER(This);
    RtlFillMemory(Buffer, ByteCount, 0);
}

static const IMiniportWaveCyclicStreamVtbl MsvadStreamVtbl = {
    MsvadStream_QueryInterface,
    MsvadStream_AddRef,
    MsvadStream_Release,
    MsvadStream_SetFormat,
    MsvadStream_SetNotificationFreq,
    MsvadStream_SetState,
    MsvadStream_GetPosition,
    MsvadStream_NormalizePhysicalPosition,
    MsvadStream_Silence,
};

/* Miniport ----------------------------------------------------------------- */

static NTSTATUS NTAPI MsvadMiniport_QueryInterface(IMiniportWaveCyclic *This,
                                                   REFIID Iid, PVOID *Object)
{
    if (MsvadIsIid(Iid, &IID_IUnknown) || MsvadIsIid(Iid, &IID_IMiniport) ||
        MsvadIsIid(Iid, &IID_IMiniportWaveCyclic)) {
        *Object = This;
        This->lpVtbl->AddRef(This);
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI MsvadMiniport_AddRef(IMiniportWaveCyclic *This)
{
    return (ULONG)InterlockedIncrement(
        &MSVAD_FROM(This, CMiniportWaveCyclicMSVAD)->RefCount);
}

static ULONG NTAPI MsvadMiniport_Release(IMiniportWaveCyclic *This)
{
    CMiniportWaveCyclicMSVAD *miniport =
        MSVAD_FROM(This, CMiniportWaveCyclicMSVAD);
    LONG count = InterlockedDecrement(&miniport->RefCount);

    if (count != 0) {
        return (ULONG)count;
    }
    if (miniport->Port != NULL) {
        miniport->Port->lpVtbl->Release(miniport->Port);
    }
    ExFreePoolWithTag(miniport, MSVAD_POOLTAG);
    return 0;
}

static NTSTATUS NTAPI MsvadMiniport_GetDescription(
    IMiniportWaveCyclic *This, PPCFILTER_DESCRIPTOR *Description)
{
    UNREFERENCED_PARAMETER(This);
    *Description = (PPCFILTER_DESCRIPTOR)&MsvadFilterDescriptor;
    return STATUS_SUCCESS;
}

/* As MSVAD's simple sample: the port's default PCM handler does the work. */
static NTSTATUS NTAPI MsvadMiniport_DataRangeIntersection(
    IMiniportWaveCyclic *This, ULONG PinId, PKSDATARANGE DataRange,
    PKSDATARANGE MatchingDataRange, ULONG OutputBufferLength,
    PVOID ResultantFormat, PULONG ResultantFormatLength)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(PinId);
    UNREFERENCED_PARAMETER(DataRange);
    UNREFERENCED_PARAMETER(MatchingDataRange);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(ResultantFormat);
    UNREFERENCED_PARAMETER(ResultantFormatLength);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI MsvadMiniport_Init(IMiniportWaveCyclic *This,
                                         PUNKNOWN UnknownAdapter,
                                         PRESOURCELIST ResourceList,
                                         PPORTWAVECYCLIC Port)
{
    CMiniportWaveCyclicMSVAD *miniport =
        MSVAD_FROM(This, CMiniportWaveCyclicMSVAD);

    PAGED_CODE();
    UNREFERENCED_PARAMETER(UnknownAdapter);
    UNREFERENCED_PARAMETER(ResourceList);
    miniport->Port = Port;
    Port->lpVtbl->AddRef(Port);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI MsvadMiniport_NewStream(IMiniportWaveCyclic *This,
                                              PMINIPORTWAVECYCLICSTREAM *Stream,
                                              PUNKNOWN OuterUnknown,
                                              POOL_TYPE PoolType, ULONG Pin,
                                              BOOLEAN Capture,
                                              PKSDATAFORMAT DataFormat,
                                              PDMACHANNEL *DmaChannel,
                                              PSERVICEGROUP *ServiceGroup)
{
    CMiniportWaveCyclicMSVAD *miniport =
        MSVAD_FROM(This, CMiniportWaveCyclicMSVAD);
    CMiniportWaveCyclicStreamMSVAD *stream;
    const WAVEFORMATEX *wave;
    PBOOLEAN allocated =
        Capture ? &miniport->CaptureAllocated : &miniport->RenderAllocated;
    ULONG bufferBytes;
    NTSTATUS status;
    KIRQL oldIrql;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Pin);
    *Stream = NULL;
    if (OuterUnknown != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!MsvadFormatOk(DataFormat, &wave)) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&miniport->Lock, &oldIrql);
    if (*allocated) {
        KeReleaseSpinLock(&miniport->Lock, oldIrql);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    *allocated = TRUE;
    KeReleaseSpinLock(&miniport->Lock, oldIrql);

    stream = ExAllocatePoolWithTag(PoolType, sizeof(*stream), MSVAD_POOLTAG);
    if (stream == NULL) {
        *allocated = FALSE;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(stream, sizeof(*stream));
    stream->Iface.lpVtbl = &MsvadStreamVtbl;
    stream->RefCount = 1;
    stream->Miniport = miniport;
    This->lpVtbl->AddRef(This);
    stream->Capture = Capture;
    stream->Rate = wave->nSamplesPerSec;
    stream->Channels = wave->nChannels;
    stream->BlockAlign = wave->nBlockAlign;
    stream->BufferFrames = stream->Rate * MSVAD_BUFFER_MS / 1000;
    stream->IntervalMs = MSVAD_DEFAULT_INTERVAL_MS;
    stream->State = KSSTATE_STOP;
    KeInitializeSpinLock(&stream->Lock);
    KeInitializeTimerEx(&stream->Timer, NotificationTimer);
    KeInitializeDpc(&stream->Dpc, MsvadTimerDpc, stream);
    bufferBytes = stream->BufferFrames * stream->BlockAlign;

    status = miniport->Port->lpVtbl->NewMasterDmaChannel(
        miniport->Port, &stream->DmaChannel, NULL, NULL, bufferBytes, TRUE,
        FALSE, Width32Bits, Compatible);
    if (NT_SUCCESS(status)) {
        status = stream->DmaChannel->lpVtbl->AllocateBuffer(stream->DmaChannel,
                                                            bufferBytes, NULL);
    }
    if (NT_SUCCESS(status)) {
        status = PcNewServiceGroup(&stream->ServiceGroup, NULL);
    }
    if (!NT_SUCCESS(status)) {
        stream->Iface.lpVtbl->Release(&stream->Iface);
        return status;
    }
    stream->DmaChannel->lpVtbl->AddRef(stream->DmaChannel);
    *DmaChannel = stream->DmaChannel;
    stream->ServiceGroup->lpVtbl->AddRef(stream->ServiceGroup);
    *ServiceGroup = stream->ServiceGroup;
    *Stream = &stream->Iface;
    return STATUS_SUCCESS;
}

static const IMiniportWaveCyclicVtbl MsvadMiniportVtbl = {
    MsvadMiniport_QueryInterface,
    MsvadMiniport_AddRef,
    MsvadMiniport_Release,
    MsvadMiniport_GetDescription,
    MsvadMiniport_DataRangeIntersection,
    MsvadMiniport_Init,
    MsvadMiniport_NewStream,
};

NTSTATUS CreateMiniportWaveCyclicMSVAD(PUNKNOWN *Unknown, REFCLSID ClassId,
                                       PUNKNOWN UnknownOuter,
                                       POOL_TYPE PoolType)
{
    CMiniportWaveCyclicMSVAD *miniport;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    *Unknown = NULL;
    if (UnknownOuter != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    miniport =
        ExAllocatePoolWithTag(PoolType, sizeof(*miniport), MSVAD_POOLTAG);
    if (miniport == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(miniport, sizeof(*miniport));
    miniport->Iface.lpVtbl = &MsvadMiniportVtbl;
    miniport->RefCount = 1;
    KeInitializeSpinLock(&miniport->Lock);
    *Unknown = (PUNKNOWN)&miniport->Iface;
    return STATUS_SUCCESS;
}
