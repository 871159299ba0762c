/* SPDX-License-Identifier: MIT */
/*
 * What every KS pin of every port type shares: the connection properties
 * (state, data format, allocator framing), the state walk STOP -> ACQUIRE
 * -> PAUSE -> RUN and back, reset, close, the IOCTL dispatch, the stream
 * IRP queue, the service sink and the pin's instance slot in its filter.
 * The type's PCP_PIN_OPS move the data. Lock guards the state, the queue
 * and the type's cursors; miniport stream calls the DDI says are PASSIVE
 * (SetState, SetFormat) are made without it.
 */
#include "private.h"

ULONG PcpMsToBytes(ULONG Ms, ULONG BytesPerSecond, ULONG BlockAlign)
{
    ULONGLONG bytes = (ULONGLONG)BytesPerSecond * Ms / 1000;

    if (BlockAlign == 0) {
        return (ULONG)bytes;
    }
    return (ULONG)(bytes - bytes % BlockAlign);
}

/* The service sink --------------------------------------------------------- */

static PCP_PIN *PcpPinFromSink(IServiceSink *This)
{
    return CONTAINING_RECORD(This, PCP_PIN, SinkIface);
}

static VOID PcpPinFree(PCP_PIN *Pin)
{
    if (Pin->Ops->Free != NULL) {
        Pin->Ops->Free(Pin);
    }
    if (Pin->Format != NULL) {
        ExFreePoolWithTag(Pin->Format, PCP_TAG_PIN);
    }
    ExFreePoolWithTag(Pin, PCP_TAG_PIN);
}

static const COM_QI_ENTRY PcpPinSink_Qi[] = {
    { &IID_IUnknown, offsetof(PCP_PIN, SinkIface) },
    { &IID_IServiceSink, offsetof(PCP_PIN, SinkIface) },
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
    PCP_PIN *pin = PcpPinFromSink(This);
    ULONG count = ComRefRelease(&pin->Ref);

    if (count == 0) {
        PcpPinFree(pin);
    }
    return count;
}

/* DISPATCH_LEVEL, from the service group's DPC. */
static VOID NTAPI PcpPinSink_RequestService(IServiceSink *This)
{
    PCP_PIN *pin = PcpPinFromSink(This);
    LIST_ENTRY done;

    InitializeListHead(&done);
    KeAcquireSpinLockAtDpcLevel(&pin->Lock);
    if (pin->State == KSSTATE_RUN && !pin->Resetting &&
        pin->Ops->Service != NULL) {
        pin->Ops->Service(pin, &done);
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

/* Any IRQL: a pin entering RUN holds the device busy for idle detection
 * (idle.c) until it leaves RUN. */
static VOID PcpPinIdleBusy(PCP_PIN *Pin, KSSTATE From, KSSTATE To)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(Pin->Port->DeviceObject);

    if (ext == NULL || ext->IdleCounter == NULL || From == To) {
        return;
    }
    if (To == KSSTATE_RUN) {
        PoStartDeviceBusy(ext->IdleCounter);
    } else if (From == KSSTATE_RUN) {
        PoEndDeviceBusy(ext->IdleCounter);
    }
}

/*
 * PASSIVE_LEVEL. Walks the stream to Target one KS step at a time, the
 * order KS promises miniports; stops at the first step the miniport
 * refuses and returns its status. A pin whose subdevice was unregistered
 * (IUnregisterSubdevice, or a rebalance's STOP, after which the adapter
 * has released its hardware) may only go down towards STOP: a step up is
 * STATUS_DEVICE_NOT_READY, as its other requests are.
 */
NTSTATUS PcpPinSetState(PCP_PIN *Pin, KSSTATE Target)
{
    LIST_ENTRY done;
    KIRQL oldIrql;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();
    if (Target > Pin->State && Pin->Port->MiniportIface == NULL) {
        return STATUS_DEVICE_NOT_READY;
    }
    InitializeListHead(&done);
    while (Pin->State != Target) {
        KSSTATE next = KspNextState(Pin->State, Target);

        status = Pin->Ops->SetStreamState(Pin, next);
        if (!NT_SUCCESS(status)) {
            DPF(D_ERROR, "pin %u SetState %u -> %u refused 0x%08x",
                (unsigned)Pin->PinId, (unsigned)Pin->State, (unsigned)next,
                (unsigned)status);
            break;
        }
        DPF(D_TERSE, "pin %u state %u -> %u", (unsigned)Pin->PinId,
            (unsigned)Pin->State, (unsigned)next);
        KeAcquireSpinLock(&Pin->Lock, &oldIrql);
        PcpPinIdleBusy(Pin, Pin->State, next);
        Pin->State = next;
        if (next == KSSTATE_STOP) {
            Pin->Ops->Stopped(Pin, &done);
        } else if (next >= KSSTATE_PAUSE && !Pin->Resetting &&
                   Pin->Ops->Service != NULL) {
            /* prefill before RUN so the first period is not silence */
            Pin->Ops->Service(Pin, &done);
        }
        KeReleaseSpinLock(&Pin->Lock, oldIrql);
    }
    KspCompleteIrpList(&done);
    return status;
}

/* Properties --------------------------------------------------------------- */

/* KSPROPERTY_CONNECTION_DATAFORMAT set: not while running. PASSIVE_LEVEL. */
static NTSTATUS PcpPinSetFormat(PCP_PIN *Pin, KSP_PROPERTY_REQUEST *Request)
{
    PKSDATAFORMAT format = Request->Value;
    PKSDATAFORMAT copy;
    NTSTATUS status;

    if (Request->ValueLength < sizeof(KSDATAFORMAT)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (Pin->State == KSSTATE_RUN) {
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
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, format, format->FormatSize);
    status = Pin->Ops->SetStreamFormat(Pin, copy);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(copy, PCP_TAG_PIN);
        return status;
    }
    ExFreePoolWithTag(Pin->Format, PCP_TAG_PIN);
    Pin->Format = copy;
    Pin->FormatSize = copy->FormatSize;
    Pin->Ops->FormatChanged(Pin);
    return STATUS_SUCCESS;
}

static NTSTATUS PcpPinConnectionProperty(PCP_PIN *Pin,
                                         KSP_PROPERTY_REQUEST *Request)
{
    ULONG verb = Request->Property->Flags;
    NTSTATUS status;

    switch (Request->Property->Id) {
    case KSPROPERTY_CONNECTION_STATE:
        if (verb == KSPROPERTY_TYPE_SET) {
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
        if (verb != KSPROPERTY_TYPE_GET) {
            return STATUS_NOT_SUPPORTED;
        }
        status = KspCheckValueSize(Request, sizeof(KSSTATE));
        if (NT_SUCCESS(status)) {
            *(PKSSTATE)Request->Value = Pin->State;
            Request->Irp->IoStatus.Information = sizeof(KSSTATE);
        }
        return status;
    case KSPROPERTY_CONNECTION_DATAFORMAT:
        if (verb == KSPROPERTY_TYPE_SET) {
            return PcpPinSetFormat(Pin, Request);
        }
        if (verb != KSPROPERTY_TYPE_GET) {
            return STATUS_NOT_SUPPORTED;
        }
        status = KspCheckValueSize(Request, Pin->FormatSize);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(Request->Value, Pin->Format, Pin->FormatSize);
            Request->Irp->IoStatus.Information = Pin->FormatSize;
        }
        return status;
    case KSPROPERTY_CONNECTION_ALLOCATORFRAMING:
        if (verb != KSPROPERTY_TYPE_GET) {
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

/* Node requests, then connection, then the type's own, then the pin's
 * automation table. */
static NTSTATUS PcpPinProperty(PCP_PIN *Pin, KSP_PROPERTY_REQUEST *Request)
{
    PKSPROPERTY prop = Request->Property;
    const PCPIN_DESCRIPTOR *desc;
    NTSTATUS status;

    if ((prop->Flags & KSPROPERTY_TYPE_TOPOLOGY) != 0) {
        const PCNODE_DESCRIPTOR *node;

        if (Request->InputLength < sizeof(KSP_NODE)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        node = PcpNodeDescriptor(Pin->Port, ((PKSP_NODE)prop)->NodeId);
        if (node == NULL) {
            return STATUS_INVALID_PARAMETER;
        }
        return PcpAutomationProperty(Pin->Port, node->AutomationTable,
                                     Pin->Stream, Request);
    }
    if (IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Connection)) {
        return PcpPinConnectionProperty(Pin, Request);
    }
    if (Pin->Ops->Property != NULL &&
        Pin->Ops->Property(Pin, Request, &status)) {
        return status;
    }
    desc = PcpPinDescriptor(Pin->Port, Pin->PinId);
    if (desc == NULL) {
        return STATUS_DEVICE_NOT_READY;     /* subdevice unregistered */
    }
    status = PcpAutomationProperty(Pin->Port, desc->AutomationTable,
                                   Pin->Stream, Request);
    if (status == STATUS_PROPSET_NOT_FOUND &&
        IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Audio)) {
        status = STATUS_NOT_FOUND;          /* the pin knows POSITION */
    }
    return status;
}

/* Stream IOCTLs ------------------------------------------------------------ */

static NTSTATUS PcpPinStreamIo(PCP_PIN *Pin, PIRP Irp, BOOLEAN Read)
{
    ULONGLONG bytes;
    LIST_ENTRY done;
    KIRQL oldIrql;
    NTSTATUS status;

    if (Read != Pin->Capture || Pin->Ops->Service == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (Pin->State == KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (Pin->Resetting) {
        return STATUS_DEVICE_NOT_READY;
    }
    status = KspQueueValidate(Irp, Pin->Capture, &bytes);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Pin->Ops->ValidateStream != NULL) {
        status = Pin->Ops->ValidateStream(Pin, Irp);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    if (bytes == 0) {
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
        Pin->Ops->Service(Pin, &done);
    }
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
    KspCompleteIrpList(&done);
    return STATUS_PENDING;
}

static NTSTATUS PcpPinReset(PCP_PIN *Pin, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PULONG value = stack->Parameters.DeviceIoControl.Type3InputBuffer;
    LIST_ENTRY done;
    KIRQL oldIrql;

    if (value == NULL ||
        stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (*value != KSRESET_BEGIN && *value != KSRESET_END) {
        return STATUS_INVALID_PARAMETER;
    }
    if (*value == KSRESET_BEGIN && Pin->Ops->Cancel != NULL) {
        Pin->Ops->Cancel(Pin);
    }
    InitializeListHead(&done);
    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    Pin->Resetting = *value == KSRESET_BEGIN;
    if (Pin->Resetting) {
        KspQueueFlush(&Pin->Queue, STATUS_CANCELLED, &done);
    }
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
    KspCompleteIrpList(&done);
    return STATUS_SUCCESS;
}

static NTSTATUS PcpPinIoControl(PCP_IRP_TARGET *Target, PIRP Irp)
{
    PCP_PIN *pin = CONTAINING_RECORD(Target, PCP_PIN, Target);
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

/*
 * PASSIVE_LEVEL. A closing pin reaches STOP whatever its miniport answers:
 * the stream is released right after, so a refused step leaves the pin
 * where it was only in the log. What the miniport still holds (WavePci's
 * mappings) is revoked and its IRPs complete before STOP's bookkeeping.
 */
static VOID PcpPinCloseStop(PCP_PIN *Pin)
{
    LIST_ENTRY done;
    KIRQL oldIrql;

    if (NT_SUCCESS(PcpPinSetState(Pin, KSSTATE_STOP))) {
        return;
    }
    DPF(D_ERROR, "pin %u closes in state %u: stopped without its miniport",
        (unsigned)Pin->PinId, (unsigned)Pin->State);
    if (Pin->Ops->Cancel != NULL) {
        Pin->Ops->Cancel(Pin);
    }
    InitializeListHead(&done);
    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    PcpPinIdleBusy(Pin, Pin->State, KSSTATE_STOP);
    Pin->State = KSSTATE_STOP;
    Pin->Ops->Stopped(Pin, &done);
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
    KspCompleteIrpList(&done);
}

/* PASSIVE_LEVEL: STOP in steps, cancel IRPs, then undo NewStream. */
static VOID PcpPinClose(PCP_IRP_TARGET *Target)
{
    PCP_PIN *pin = CONTAINING_RECORD(Target, PCP_PIN, Target);
    PCP_FILTER *filter = pin->Filter;
    ULONG pinId = pin->PinId;
    LIST_ENTRY done;
    KIRQL oldIrql;

    PAGED_CODE();
    RemoveEntryList(&pin->DeviceLink);
    InitializeListHead(&pin->DeviceLink);
    PcpPinCloseStop(pin);
    InitializeListHead(&done);
    KeAcquireSpinLock(&pin->Lock, &oldIrql);
    KspQueueFlush(&pin->Queue, STATUS_CANCELLED, &done);
    KeReleaseSpinLock(&pin->Lock, oldIrql);
    KspCompleteIrpList(&done);
    pin->Ops->Close(pin);
    COM_CALL(&pin->SinkIface, Release);
    PcpFilterPinClosed(filter, pinId);
}

static const PCP_IRP_TARGET_OPS PcpPinTargetOps = {
    .DeviceIoControl = PcpPinIoControl,
    .Close = PcpPinClose,
};

/* Creation ----------------------------------------------------------------- */

NTSTATUS PcpPinCreate(const PCP_PIN_OPS *Ops, SIZE_T ObjectSize,
                      PCP_PORT *Port, PCP_FILTER *Filter,
                      const KSPIN_CONNECT *Connect, PKSDATAFORMAT Format,
                      ULONG FormatSize, PCP_PIN **OutPin)
{
    const PCPIN_DESCRIPTOR *desc = PcpPinDescriptor(Port, Connect->PinId);
    PCP_PIN *pin;

    PAGED_CODE();
    *OutPin = NULL;
    if (Port->MiniportIface == NULL) {
        return STATUS_DEVICE_NOT_READY;     /* unregistered meanwhile */
    }
    if (desc->KsPinDescriptor.Communication != KSPIN_COMMUNICATION_SINK &&
        desc->KsPinDescriptor.Communication != KSPIN_COMMUNICATION_BOTH) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    pin = ExAllocatePoolZero(NonPagedPoolNx, ObjectSize, PCP_TAG_PIN);
    if (pin == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pin->Format = ExAllocatePoolWithTag(NonPagedPoolNx, FormatSize,
                                        PCP_TAG_PIN);
    if (pin->Format == NULL) {
        PcpPinFree(pin);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(pin->Format, Format, FormatSize);
    pin->FormatSize = FormatSize;
    pin->Target.Ops = &PcpPinTargetOps;
    pin->Target.Kind = PcpTargetPin;
    pin->Ops = Ops;
    pin->SinkIface.lpVtbl = &PcpPinSink_Vtbl;
    ComRefInit(&pin->Ref);
    pin->Port = Port;
    pin->Filter = Filter;
    pin->PinId = Connect->PinId;
    pin->Capture = desc->KsPinDescriptor.DataFlow == KSPIN_DATAFLOW_OUT;
    pin->State = KSSTATE_STOP;
    KeInitializeSpinLock(&pin->Lock);
    KspQueueInit(&pin->Queue, pin->Capture);
    *OutPin = pin;
    return STATUS_SUCCESS;
}

VOID PcpPinAttach(PCP_PIN *Pin, PFILE_OBJECT FileObject)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(Pin->Port->DeviceObject);

    FileObject->FsContext = &Pin->Target;
    /* power_state.c walks the device's open pins */
    Pin->PowerState = KSSTATE_STOP;
    InitializeListHead(&Pin->DeviceLink);
    if (ext != NULL) {
        InsertTailList(&ext->OpenPins, &Pin->DeviceLink);
    }
}

VOID PcpPinDelete(PCP_PIN *Pin)
{
    PcpPinFree(Pin);
}

BOOLEAN PcpPinIsPositionGet(const KSP_PROPERTY_REQUEST *Request)
{
    const KSPROPERTY *prop = Request->Property;

    return IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Audio) &&
           prop->Id == KSPROPERTY_AUDIO_POSITION &&
           prop->Flags == KSPROPERTY_TYPE_GET;
}

VOID PcpPinReleaseStream(PCP_PIN *Pin, PSERVICESINK Sink,
                         PSERVICEGROUP *Group, PDMACHANNEL *Dma,
                         PUNKNOWN *Stream)
{
    if (Sink != NULL && *Group != NULL) {
        COM_CALL(*Group, RemoveMember, Sink);
    }
    COM_SAFE_RELEASE(Group);
    COM_SAFE_RELEASE(Dma);
    COM_SAFE_RELEASE(Stream);
    Pin->Stream = NULL;
}
