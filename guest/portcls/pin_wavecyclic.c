/* SPDX-License-Identifier: MIT */
/*
 * A WaveCyclic pin: one miniport stream, its cyclic DMA buffer and the
 * queue of client stream IRPs. The service sink runs at DISPATCH_LEVEL from
 * the service group; it and the IOCTL paths share Lock, which guards the
 * queue and every cursor below. Miniport stream calls that the DDI says are
 * PASSIVE (SetState, SetFormat) are made without the lock.
 *
 * Cursors are stream-linear byte counts (never wrapped), the buffer offset
 * is the count modulo BufferSize. Render: Played (device) <= Written (end of
 * client data in the buffer) <= Played + LeadBytes, and everything from
 * Written up to SilenceEnd is silence, so an underrun plays silence, never
 * data from the previous lap. Capture: Read <= Played (device).
 */
#include "private.h"

#define PCP_FILE_64_BYTE_ALIGNMENT 0x0000003f

typedef struct CPortPinWaveCyclic {
    PCP_IRP_TARGET Target;
    IServiceSink SinkIface;
    COM_REF Ref;                    /* the file object, + the group member */
    PCP_PORT *Port;
    PCP_FILTER *Filter;             /* referenced (instance slot) */
    ULONG PinId;
    BOOLEAN Capture;
    PMINIPORTWAVECYCLICSTREAM Stream;
    PDMACHANNEL Dma;
    PSERVICEGROUP ServiceGroup;
    PKSDATAFORMAT Format;           /* pool copy */
    ULONG FormatSize;
    KSALLOCATOR_FRAMING Framing;

    KSPIN_LOCK Lock;
    KSSTATE State;
    BOOLEAN Resetting;
    PUCHAR Buffer;
    ULONG BufferSize;               /* the channel's BufferSize() */
    ULONG FrameSize;                /* bytes per notification (10 ms) */
    ULONG BlockAlign;
    ULONG LeadBytes;                /* render data kept ahead (40 ms) */
    ULONG LastPosition;             /* last GetPosition, buffer offset */
    ULONGLONG Played;               /* device cursor */
    ULONGLONG Written;              /* render: end of client data;
                                     * capture: read cursor */
    ULONGLONG SilenceEnd;           /* render: silence up to here */
    ULONGLONG ClientBytes;          /* bytes moved to or from the client */
    ULONG Underruns;                /* starvation episodes */
    BOOLEAN Starved;                /* the device is past the client data */
    KSP_STREAM_QUEUE Queue;
} CPortPinWaveCyclic;

static CPortPinWaveCyclic *PcpPinFromSink(IServiceSink *This)
{
    return CONTAINING_RECORD(This, CPortPinWaveCyclic, SinkIface);
}

static VOID PcpPinFree(CPortPinWaveCyclic *Pin)
{
    if (NULL != Pin->Format) {
        ExFreePoolWithTag(Pin->Format, PCP_TAG_PIN);
    }
    ExFreePoolWithTag(Pin, PCP_TAG_PIN);
}

static const COM_QI_ENTRY PcpPinSink_Qi[] = {
    { &IID_IUnknown, offsetof(CPortPinWaveCyclic, SinkIface) },
    { &IID_IServiceSink, offsetof(CPortPinWaveCyclic, SinkIface) },
};

static NTSTATUS NTAPI PcpPinSink_QueryInterface(IServiceSink *This,
                                                REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(PcpPinFromSink(This), PcpPinSink_Qi,
                             COM_ARRAY_SIZE(PcpPinSink_Qi), Iid, Object);
}

static ULONG NTAPI PcpPinSink_AddRef(IServiceSink *This)
{
    return ComRefAddRef(&PcpPinFromSink(This)->Ref);
}

static ULONG NTAPI PcpPinSink_Release(IServiceSink *This)
{
    CPortPinWaveCyclic *pin = PcpPinFromSink(This);
    ULONG count = ComRefRelease(&pin->Ref);

    if (0 == count) {
        PcpPinFree(pin);
    }
    return count;
}

/* The copy engine ---------------------------------------------------------- */

/*
 * Moves up to Count bytes between the client queue and the cyclic buffer,
 * starting at stream position Linear, wrapping at BufferSize. Render copies
 * client -> buffer (CopyTo), capture buffer -> client (CopyFrom). Returns the
 * bytes moved; fewer than Count means the client ran out of buffers. Lock held.
 */
static ULONG PcpCopyToCyclic(CPortPinWaveCyclic *Pin, ULONGLONG Linear,
                             ULONG Count, PLIST_ENTRY Done)
{
    ULONG moved = 0;

    while (moved < Count) {
        ULONG offset = (ULONG)((Linear + moved) % Pin->BufferSize);
        PUCHAR client;
        ULONG length;
        ULONG n;

        if (!KspQueueGetChunk(&Pin->Queue, &client, &length)) {
            break;
        }
        n = min(length, Count - moved);
        n = min(n, Pin->BufferSize - offset);
        if (Pin->Capture) {
            COM_CALL(Pin->Dma, CopyFrom, client, Pin->Buffer + offset, n);
        } else {
            COM_CALL(Pin->Dma, CopyTo, Pin->Buffer + offset, client, n);
        }
        KspQueueAdvance(&Pin->Queue, n, Done);
        moved += n;
    }
    return moved;
}

/* Silences Count bytes from stream position Linear, wrapping. Lock held. */
static VOID PcpSilenceCyclic(CPortPinWaveCyclic *Pin, ULONGLONG Linear,
                             ULONG Count)
{
    while (0 != Count) {
        ULONG offset = (ULONG)(Linear % Pin->BufferSize);
        ULONG n = min(Count, Pin->BufferSize - offset);

        COM_CALL(Pin->Stream, Silence, Pin->Buffer + offset, n);
        Linear += n;
        Count -= n;
    }
}

/* Folds the miniport's buffer offset into Played. Lock held. */
static VOID PcpUpdatePosition(CPortPinWaveCyclic *Pin)
{
    ULONG position = 0;

    if (!NT_SUCCESS(COM_CALL(Pin->Stream, GetPosition, &position)) ||
        position >= Pin->BufferSize) {
        return;
    }
    position -= position % Pin->BlockAlign;
    Pin->Played += (position + Pin->BufferSize - Pin->LastPosition) %
                   Pin->BufferSize;
    Pin->LastPosition = position;
}

static VOID PcpServiceRender(CPortPinWaveCyclic *Pin, PLIST_ENTRY Done)
{
    ULONGLONG horizon;
    ULONG moved;

    if (Pin->Written < Pin->Played) {
        /* underrun: the device played our silence; restart at its cursor */
        if (!Pin->Starved) {
            Pin->Underruns++;
            DPF(D_VERBOSE, "pin %u underrun %u at %llu",
                (unsigned)Pin->PinId, (unsigned)Pin->Underruns, Pin->Played);
        }
        Pin->Starved = TRUE;
        Pin->Written = Pin->Played;
    }
    if (Pin->Written < Pin->Played + Pin->LeadBytes) {
        moved = PcpCopyToCyclic(Pin, Pin->Written,
                                (ULONG)(Pin->Played + Pin->LeadBytes -
                                        Pin->Written), Done);
        Pin->Written += moved;
        Pin->ClientBytes += moved;
        if (0 != moved) {
            Pin->Starved = FALSE;
        }
    }
    if (Pin->SilenceEnd < Pin->Written) {
        Pin->SilenceEnd = Pin->Written;
    }
    /* all but the frame just played, which may still sit in device FIFOs */
    horizon = Pin->Played + Pin->BufferSize - Pin->FrameSize;
    if (horizon > Pin->SilenceEnd) {
        PcpSilenceCyclic(Pin, Pin->SilenceEnd,
                         (ULONG)(horizon - Pin->SilenceEnd));
        Pin->SilenceEnd = horizon;
    }
}

static VOID PcpServiceCapture(CPortPinWaveCyclic *Pin, PLIST_ENTRY Done)
{
    ULONG keep = Pin->BufferSize - Pin->FrameSize;
    ULONG moved;

    if (Pin->Played - Pin->Written > keep) {
        /* the client fell a whole buffer behind: the oldest data is gone */
        Pin->Written = Pin->Played - keep;
    }
    moved = PcpCopyToCyclic(Pin, Pin->Written,
                            (ULONG)(Pin->Played - Pin->Written), Done);
    Pin->Written += moved;
    Pin->ClientBytes += moved;
}

/* Lock held. Position first, then the direction's copy step. */
static VOID PcpServicePin(CPortPinWaveCyclic *Pin, PLIST_ENTRY Done)
{
    PcpUpdatePosition(Pin);
    if (Pin->Capture) {
        PcpServiceCapture(Pin, Done);
    } else {
        PcpServiceRender(Pin, Done);
    }
}

/* DISPATCH_LEVEL, from the service group's DPC. */
static VOID NTAPI PcpPinSink_RequestService(IServiceSink *This)
{
    CPortPinWaveCyclic *pin = PcpPinFromSink(This);
    LIST_ENTRY done;

    InitializeListHead(&done);
    KeAcquireSpinLockAtDpcLevel(&pin->Lock);
    if (KSSTATE_RUN == pin->State && !pin->Resetting) {
        PcpServicePin(pin, &done);
    }
    KeReleaseSpinLockFromDpcLevel(&pin->Lock);
    KspCompleteIrpList(&done);
}

static const IServiceSinkVtbl PcpPinSink_Vtbl = {
    .QueryInterface = PcpPinSink_QueryInterface,
    .AddRef = PcpPinSink_AddRef,
    .Release = PcpPinSink_Release,
    .RequestService = PcpPinSink_RequestService,
};

/* State -------------------------------------------------------------------- */

/* Back to a silent buffer and zero cursors; stream IRPs are cancelled. */
static VOID PcpPinResetStream(CPortPinWaveCyclic *Pin, PLIST_ENTRY Done)
{
    KspQueueFlush(&Pin->Queue, STATUS_CANCELLED, Done);
    COM_CALL(Pin->Stream, Silence, Pin->Buffer, Pin->BufferSize);
    Pin->LastPosition = 0;
    Pin->Played = 0;
    Pin->Written = 0;
    Pin->SilenceEnd = Pin->BufferSize;
    Pin->ClientBytes = 0;
    Pin->Starved = FALSE;
}

/*
 * PASSIVE_LEVEL. Walks the stream to Target one KS step at a time, the
 * order KS promises miniports; stops at the first step the miniport
 * refuses and returns its status.
 */
static NTSTATUS PcpPinSetState(CPortPinWaveCyclic *Pin, KSSTATE Target)
{
    LIST_ENTRY done;
    KIRQL oldIrql;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();
    InitializeListHead(&done);
    while (Pin->State != Target) {
        KSSTATE next = KspNextState(Pin->State, Target);

        status = COM_CALL(Pin->Stream, SetState, next);
        if (!NT_SUCCESS(status)) {
            DPF(D_ERROR, "pin %u SetState %u -> %u refused 0x%08x",
                (unsigned)Pin->PinId, (unsigned)Pin->State, (unsigned)next,
                (unsigned)status);
            break;
        }
        DPF(D_TERSE, "pin %u state %u -> %u", (unsigned)Pin->PinId,
            (unsigned)Pin->State, (unsigned)next);
        KeAcquireSpinLock(&Pin->Lock, &oldIrql);
        Pin->State = next;
        if (KSSTATE_STOP == next) {
            DPF(D_TERSE, "pin %u stopped: %llu bytes moved, %u underruns",
                (unsigned)Pin->PinId, Pin->ClientBytes,
                (unsigned)Pin->Underruns);
            Pin->Underruns = 0;
            PcpPinResetStream(Pin, &done);
        } else if (next >= KSSTATE_PAUSE && !Pin->Resetting) {
            /* prefill before RUN so the first period is not silence */
            PcpServicePin(Pin, &done);
        }
        KeReleaseSpinLock(&Pin->Lock, oldIrql);
    }
    KspCompleteIrpList(&done);
    return status;
}

/* Properties --------------------------------------------------------------- */

static NTSTATUS PcpPinPosition(CPortPinWaveCyclic *Pin,
                               KSP_PROPERTY_REQUEST *Request)
{
    PKSAUDIO_POSITION out = Request->Value;
    NTSTATUS status = KspCheckValueSize(Request, sizeof(KSAUDIO_POSITION));
    KIRQL oldIrql;

    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    if (KSSTATE_STOP != Pin->State) {
        PcpUpdatePosition(Pin);
    }
    if (Pin->Capture) {
        out->PlayOffset = Pin->Played;
        out->WriteOffset = Pin->ClientBytes;
    } else {
        ULONGLONG ahead = Pin->Written > Pin->Played ?
                          Pin->Written - Pin->Played : 0;

        out->WriteOffset = Pin->ClientBytes;
        out->PlayOffset = Pin->ClientBytes - min(ahead, Pin->ClientBytes);
    }
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
    Request->Irp->IoStatus.Information = sizeof(KSAUDIO_POSITION);
    return STATUS_SUCCESS;
}

/* Buffer geometry from the current format and the miniport's frame size. */
static VOID PcpPinGeometry(CPortPinWaveCyclic *Pin)
{
    const WAVEFORMATEX *wave = KspWaveFormat(Pin->Format, Pin->FormatSize);
    ULONG bytesPerSecond = NULL == wave ? 0 : wave->nAvgBytesPerSec;
    ULONG maxLead;

    Pin->BlockAlign = NULL == wave || 0 == wave->nBlockAlign ?
                      1 : wave->nBlockAlign;
    Pin->FrameSize = 0;
    COM_CALL(Pin->Stream, SetNotificationFreq, PCP_NOTIFICATION_MS,
             &Pin->FrameSize);
    /* miniports may size the cyclic buffer to the period they just set */
    if (0 != COM_CALL(Pin->Dma, BufferSize)) {
        Pin->BufferSize = COM_CALL(Pin->Dma, BufferSize);
    }
    if (0 == Pin->FrameSize || Pin->FrameSize >= Pin->BufferSize) {
        Pin->FrameSize = PcpMsToBytes(PCP_NOTIFICATION_MS, bytesPerSecond,
                                      Pin->BlockAlign);
    }
    Pin->FrameSize = min(Pin->FrameSize, Pin->BufferSize / 4);
    Pin->LeadBytes = PcpMsToBytes(PCP_LEAD_MS, bytesPerSecond,
                                  Pin->BlockAlign);
    maxLead = Pin->BufferSize - 2 * Pin->FrameSize;
    maxLead -= maxLead % Pin->BlockAlign;
    Pin->LeadBytes = min(Pin->LeadBytes, maxLead);
    Pin->Framing.RequirementsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    Pin->Framing.PoolType = NonPagedPool;
    Pin->Framing.Frames = 8;
    Pin->Framing.FrameSize = Pin->FrameSize;
    Pin->Framing.FileAlignment = PCP_FILE_64_BYTE_ALIGNMENT;
}

/* KSPROPERTY_CONNECTION_DATAFORMAT set: not while running. PASSIVE_LEVEL. */
static NTSTATUS PcpPinSetFormat(CPortPinWaveCyclic *Pin,
                                KSP_PROPERTY_REQUEST *Request)
{
    PKSDATAFORMAT format = Request->Value;
    PKSDATAFORMAT copy;
    NTSTATUS status;

    if (Request->ValueLength < sizeof(KSDATAFORMAT)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (KSSTATE_RUN == Pin->State) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (format->FormatSize == Pin->FormatSize &&
        Request->ValueLength >= Pin->FormatSize &&
        RtlEqualMemory(format, Pin->Format, Pin->FormatSize)) {
        return STATUS_SUCCESS;
    }
    status = PcpFilterMatchFormat(Pin->Port, Pin->PinId, format,
                                  Request->ValueLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    copy = ExAllocatePoolWithTag(NonPagedPoolNx, format->FormatSize,
                                 PCP_TAG_PIN);
    if (NULL == copy) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, format, format->FormatSize);
    status = COM_CALL(Pin->Stream, SetFormat, copy);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(copy, PCP_TAG_PIN);
        return status;
    }
    ExFreePoolWithTag(Pin->Format, PCP_TAG_PIN);
    Pin->Format = copy;
    Pin->FormatSize = copy->FormatSize;
    PcpPinGeometry(Pin);
    return STATUS_SUCCESS;
}

static NTSTATUS PcpPinConnectionProperty(CPortPinWaveCyclic *Pin,
                                         KSP_PROPERTY_REQUEST *Request)
{
    ULONG verb = Request->Property->Flags;
    NTSTATUS status;

    switch (Request->Property->Id) {
    case KSPROPERTY_CONNECTION_STATE:
        if (KSPROPERTY_TYPE_SET == verb) {
            ULONG state;

            if (Request->ValueLength < sizeof(KSSTATE)) {
                return STATUS_BUFFER_TOO_SMALL;
            }
            state = *(PULONG)Request->Value;
            if (!KspIsValidState(state)) {
                return STATUS_INVALID_PARAMETER;
            }
            return PcpPinSetState(Pin, (KSSTATE)state);
        }
        if (KSPROPERTY_TYPE_GET != verb) {
            return STATUS_NOT_SUPPORTED;
        }
        status = KspCheckValueSize(Request, sizeof(KSSTATE));
        if (NT_SUCCESS(status)) {
            *(PKSSTATE)Request->Value = Pin->State;
            Request->Irp->IoStatus.Information = sizeof(KSSTATE);
        }
        return status;
    case KSPROPERTY_CONNECTION_DATAFORMAT:
        if (KSPROPERTY_TYPE_SET == verb) {
            return PcpPinSetFormat(Pin, Request);
        }
        if (KSPROPERTY_TYPE_GET != verb) {
            return STATUS_NOT_SUPPORTED;
        }
        status = KspCheckValueSize(Request, Pin->FormatSize);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(Request->Value, Pin->Format, Pin->FormatSize);
            Request->Irp->IoStatus.Information = Pin->FormatSize;
        }
        return status;
    case KSPROPERTY_CONNECTION_ALLOCATORFRAMING:
        if (KSPROPERTY_TYPE_GET != verb) {
            return STATUS_NOT_SUPPORTED;
        }
        status = KspCheckValueSize(Request, sizeof(KSALLOCATOR_FRAMING));
        if (NT_SUCCESS(status)) {
            *(PKSALLOCATOR_FRAMING)Request->Value = Pin->Framing;
            Request->Irp->IoStatus.Information = sizeof(KSALLOCATOR_FRAMING);
        }
        return status;
    default:
        return STATUS_NOT_FOUND;
    }
}

static NTSTATUS PcpPinProperty(CPortPinWaveCyclic *Pin,
                               KSP_PROPERTY_REQUEST *Request)
{
    PKSPROPERTY prop = Request->Property;
    const PCPIN_DESCRIPTOR *desc;
    NTSTATUS status;

    if (0 != (prop->Flags & KSPROPERTY_TYPE_TOPOLOGY)) {
        const PCNODE_DESCRIPTOR *node;

        if (Request->InputLength < sizeof(KSP_NODE)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        node = PcpNodeDescriptor(Pin->Port, ((PKSP_NODE)prop)->NodeId);
        if (NULL == node) {
            return STATUS_INVALID_PARAMETER;
        }
        return PcpAutomationProperty(Pin->Port, node->AutomationTable,
                                     (PUNKNOWN)Pin->Stream, Request);
    }
    if (IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Connection)) {
        return PcpPinConnectionProperty(Pin, Request);
    }
    if (IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Audio) &&
        KSPROPERTY_AUDIO_POSITION == prop->Id &&
        KSPROPERTY_TYPE_GET == prop->Flags) {
        return PcpPinPosition(Pin, Request);
    }
    desc = PcpPinDescriptor(Pin->Port, Pin->PinId);
    if (NULL == desc) {
        return STATUS_DEVICE_NOT_READY;     /* subdevice unregistered */
    }
    status = PcpAutomationProperty(Pin->Port, desc->AutomationTable,
                                   (PUNKNOWN)Pin->Stream, Request);
    if (STATUS_PROPSET_NOT_FOUND == status &&
        IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Audio)) {
        status = STATUS_NOT_FOUND;          /* the pin knows POSITION */
    }
    return status;
}

/* Stream IOCTLs ------------------------------------------------------------ */

static NTSTATUS PcpPinStreamIo(CPortPinWaveCyclic *Pin, PIRP Irp,
                               BOOLEAN Read)
{
    ULONGLONG bytes;
    LIST_ENTRY done;
    KIRQL oldIrql;
    NTSTATUS status;

    if (Read != Pin->Capture) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (KSSTATE_STOP == Pin->State) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (Pin->Resetting) {
        return STATUS_DEVICE_NOT_READY;
    }
    status = KspQueueValidate(Irp, Pin->Capture, &bytes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (0 == bytes) {
        Irp->IoStatus.Information = Pin->Capture ?
            IoGetCurrentIrpStackLocation(Irp)->
                Parameters.DeviceIoControl.OutputBufferLength : 0;
        return STATUS_SUCCESS;
    }
    InitializeListHead(&done);
    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    KspQueueAdd(&Pin->Queue, Irp);
    if (Pin->State >= KSSTATE_PAUSE) {
        /* a client that wrote late catches up now, not at the next period */
        PcpServicePin(Pin, &done);
    }
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
    KspCompleteIrpList(&done);
    return STATUS_PENDING;
}

static NTSTATUS PcpPinReset(CPortPinWaveCyclic *Pin, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PULONG value = stack->Parameters.DeviceIoControl.Type3InputBuffer;
    LIST_ENTRY done;
    KIRQL oldIrql;

    if (NULL == value ||
        stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (KSRESET_BEGIN != *value && KSRESET_END != *value) {
        return STATUS_INVALID_PARAMETER;
    }
    InitializeListHead(&done);
    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    Pin->Resetting = KSRESET_BEGIN == *value;
    if (Pin->Resetting) {
        KspQueueFlush(&Pin->Queue, STATUS_CANCELLED, &done);
    }
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
    KspCompleteIrpList(&done);
    return STATUS_SUCCESS;
}

static NTSTATUS PcpPinIoControl(PCP_IRP_TARGET *Target, PIRP Irp)
{
    CPortPinWaveCyclic *pin = CONTAINING_RECORD(Target, CPortPinWaveCyclic,
                                                Target);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KSP_PROPERTY_REQUEST request;
    NTSTATUS status;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KS_PROPERTY:
        status = KspGetPropertyRequest(Irp, &request);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        return PcpPinProperty(pin, &request);
    case IOCTL_KS_WRITE_STREAM:
        return PcpPinStreamIo(pin, Irp, FALSE);
    case IOCTL_KS_READ_STREAM:
        return PcpPinStreamIo(pin, Irp, TRUE);
    case IOCTL_KS_RESET_STATE:
        return PcpPinReset(pin, Irp);
    case IOCTL_KS_ENABLE_EVENT:
    case IOCTL_KS_DISABLE_EVENT:
    case IOCTL_KS_METHOD:
        return STATUS_NOT_FOUND;
    default:
        return STATUS_INVALID_DEVICE_REQUEST;
    }
}

/* PASSIVE_LEVEL: STOP in steps, cancel IRPs, then undo NewStream. */
static VOID PcpPinClose(PCP_IRP_TARGET *Target)
{
    CPortPinWaveCyclic *pin = CONTAINING_RECORD(Target, CPortPinWaveCyclic,
                                                Target);
    PCP_FILTER *filter = pin->Filter;
    ULONG pinId = pin->PinId;
    LIST_ENTRY done;
    KIRQL oldIrql;

    PAGED_CODE();
    PcpPinSetState(pin, KSSTATE_STOP);
    InitializeListHead(&done);
    KeAcquireSpinLock(&pin->Lock, &oldIrql);
    KspQueueFlush(&pin->Queue, STATUS_CANCELLED, &done);
    KeReleaseSpinLock(&pin->Lock, oldIrql);
    KspCompleteIrpList(&done);
    if (NULL != pin->ServiceGroup) {
        COM_CALL(pin->ServiceGroup, RemoveMember, &pin->SinkIface);
    }
    COM_SAFE_RELEASE(&pin->ServiceGroup);
    COM_SAFE_RELEASE(&pin->Dma);
    COM_SAFE_RELEASE(&pin->Stream);
    COM_CALL(&pin->SinkIface, Release);
    PcpFilterPinClosed(filter, pinId);
}

static const PCP_IRP_TARGET_OPS PcpPinOps = {
    .DeviceIoControl = PcpPinIoControl,
    .Close = PcpPinClose,
};

NTSTATUS PcpNewPinWaveCyclic(PCP_PORT *Port, PCP_FILTER *Filter,
                             PFILE_OBJECT FileObject,
                             const KSPIN_CONNECT *Connect,
                             PKSDATAFORMAT Format, ULONG FormatSize)
{
    PMINIPORTWAVECYCLIC miniport = PcpPortWaveCyclicMiniport(Port);
    const PCPIN_DESCRIPTOR *desc = PcpPinDescriptor(Port, Connect->PinId);
    CPortPinWaveCyclic *pin;
    LIST_ENTRY done;
    NTSTATUS status;

    PAGED_CODE();
    if (NULL == miniport) {
        return STATUS_DEVICE_NOT_READY;
    }
    if (KSPIN_COMMUNICATION_SINK != desc->KsPinDescriptor.Communication &&
        KSPIN_COMMUNICATION_BOTH != desc->KsPinDescriptor.Communication) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    pin = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*pin), PCP_TAG_PIN);
    if (NULL == pin) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pin->Format = ExAllocatePoolWithTag(NonPagedPoolNx, FormatSize,
                                        PCP_TAG_PIN);
    if (NULL == pin->Format) {
        PcpPinFree(pin);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(pin->Format, Format, FormatSize);
    pin->FormatSize = FormatSize;
    pin->Target.Ops = &PcpPinOps;
    pin->Target.Kind = PcpTargetPin;
    pin->SinkIface.lpVtbl = &PcpPinSink_Vtbl;
    ComRefInit(&pin->Ref);
    pin->Port = Port;
    pin->Filter = Filter;
    pin->PinId = Connect->PinId;
    pin->Capture = KSPIN_DATAFLOW_OUT == desc->KsPinDescriptor.DataFlow;
    pin->State = KSSTATE_STOP;
    KeInitializeSpinLock(&pin->Lock);
    KspQueueInit(&pin->Queue, pin->Capture);

    status = COM_CALL(miniport, NewStream, &pin->Stream, NULL, NonPagedPool,
                      pin->PinId, pin->Capture, pin->Format, &pin->Dma,
                      &pin->ServiceGroup);
    if (NT_SUCCESS(status) && (NULL == pin->Stream || NULL == pin->Dma)) {
        status = STATUS_UNSUCCESSFUL;
    }
    if (NT_SUCCESS(status)) {
        pin->Buffer = COM_CALL(pin->Dma, SystemAddress);
        pin->BufferSize = COM_CALL(pin->Dma, BufferSize);
        if (NULL == pin->Buffer || pin->BufferSize < 4 * 8) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    if (NT_SUCCESS(status) && NULL != pin->ServiceGroup) {
        status = COM_CALL(pin->ServiceGroup, AddMember, &pin->SinkIface);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream for pin %u failed 0x%08x",
            (unsigned)pin->PinId, (unsigned)status);
        COM_SAFE_RELEASE(&pin->ServiceGroup);
        COM_SAFE_RELEASE(&pin->Dma);
        COM_SAFE_RELEASE(&pin->Stream);
        PcpPinFree(pin);
        return status;
    }
    PcpPinGeometry(pin);
    InitializeListHead(&done);
    PcpPinResetStream(pin, &done);
    DPF(D_TERSE, "pin %u open: %s, buffer %u, frame %u, lead %u",
        (unsigned)pin->PinId, pin->Capture ? "capture" : "render",
        (unsigned)pin->BufferSize, (unsigned)pin->FrameSize,
        (unsigned)pin->LeadBytes);
    FileObject->FsContext = &pin->Target;
    return STATUS_SUCCESS;
}
