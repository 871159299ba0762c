/* SPDX-License-Identifier: MIT */
/*
 * The system-supplied DMus UART miniport (CLSID_MiniportDriverDMusUART): an
 * IMiniportDMus over the system UART miniport (miniport_uart.c), which it
 * owns and drives through its IMiniportMidi as a MIDI port would. Render:
 * the port hands events over at their presentation time (SchedulePreFetch
 * 0); their bytes go to the UART's Write at once, what it cannot take yet
 * waits in a buffer drained every millisecond. Capture: the UART's ISR
 * notifies the group; the service reads its bytes and sends them to the
 * capture sink as raw events (DMUS_KEF_EVENT_INCOMPLETE, up to sizeof(PBYTE)
 * bytes each, stamped with the master clock when read).
 *
 * Filter: the UART's: pin 0 render stream, 1 its bridge, 2 capture stream,
 * 3 its bridge; the ranges are KSDATAFORMAT_SUBTYPE_DIRECTMUSIC.
 */
#include "private.h"

#define DMUART_PIN_RENDER      0        /* the UART's pin numbers */
#define DMUART_PIN_CAPTURE     2
#define DMUART_PIN_COUNT       4
#define DMUART_PENDING         1024u    /* render bytes not yet taken */
#define DMUART_RETRY_100NS     10000    /* 1 ms */
#define DMUART_READ            64u

typedef struct PCP_DMUART PCP_DMUART;

typedef struct PCP_DMUART_STREAM {
    IMXF Iface;
    COM_REF Ref;
    PCP_DMUART *Owner;              /* referenced */
    PMINIPORTMIDISTREAM Inner;      /* the UART's stream, referenced */
    BOOLEAN Capture;
    PAllocatorMXF Allocator;        /* referenced */
    PMASTERCLOCK Clock;
    PMXF Sink;                      /* capture output, referenced */
    KSSTATE State;
    KTIMER Timer;
    KDPC Dpc;
    KSPIN_LOCK Lock;                /* Pending, Sink */
    UCHAR Pending[DMUART_PENDING];
    ULONG PendingHead;
    ULONG PendingCount;
    ULONG Dropped;                  /* render bytes lost: Pending full */
} PCP_DMUART_STREAM;

struct PCP_DMUART {
    IMiniportDMus Iface;
    IPortMidi PortMidiIface;        /* the UART's view of its port */
    COM_REF Ref;
    PMINIPORTMIDI Uart;             /* referenced */
    PPORTDMUS Port;                 /* referenced */
    PSERVICEGROUP ServiceGroup;     /* the UART's, referenced */
    PCP_DMUART_STREAM *Capture;     /* not referenced: cleared at close */
    KSDATARANGE_MUSIC Range;
    PKSDATARANGE Ranges[1];
    PCPIN_DESCRIPTOR Pins[DMUART_PIN_COUNT];
    PCCONNECTION_DESCRIPTOR Connections[2];
    PCFILTER_DESCRIPTOR Descriptor;
};

static PCP_DMUART *PcpDMUart(IMiniportDMus *This)
{
    return CONTAINING_RECORD(This, PCP_DMUART, Iface);
}

static PCP_DMUART *PcpDMUartFromPortMidi(IPortMidi *This)
{
    return CONTAINING_RECORD(This, PCP_DMUART, PortMidiIface);
}

static PCP_DMUART_STREAM *PcpDMUartStream(IMXF *This)
{
    return CONTAINING_RECORD(This, PCP_DMUART_STREAM, Iface);
}

/* The UART's port: only Notify matters, the rest is never called. ------- */

static NTSTATUS NTAPI PcpDMUartPort_QueryInterface(IPortMidi *This,
                                                   REFIID Iid, PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IPortMidi)) {
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

/* Not counted: the UART is released before its owner goes. */
static ULONG NTAPI PcpDMUartPort_AddRef(IPortMidi *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static ULONG NTAPI PcpDMUartPort_Release(IPortMidi *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static NTSTATUS NTAPI PcpDMUartPort_Init(IPortMidi *This,
                                         PDEVICE_OBJECT DeviceObject,
                                         PIRP Irp, PUNKNOWN Miniport,
                                         PUNKNOWN Adapter,
                                         PRESOURCELIST ResourceList)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    UNREFERENCED_PARAMETER(Miniport);
    UNREFERENCED_PARAMETER(Adapter);
    UNREFERENCED_PARAMETER(ResourceList);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI PcpDMUartPort_GetDeviceProperty(
    IPortMidi *This, DEVICE_REGISTRY_PROPERTY DeviceProperty,
    ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(DeviceProperty);
    UNREFERENCED_PARAMETER(BufferLength);
    UNREFERENCED_PARAMETER(PropertyBuffer);
    UNREFERENCED_PARAMETER(ResultLength);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI PcpDMUartPort_NewRegistryKey(
    IPortMidi *This, PREGISTRYKEY *OutRegistryKey, PUNKNOWN OuterUnknown,
    ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions,
    PULONG Disposition)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(OuterUnknown);
    UNREFERENCED_PARAMETER(RegistryKeyType);
    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(ObjectAttributes);
    UNREFERENCED_PARAMETER(CreateOptions);
    UNREFERENCED_PARAMETER(Disposition);
    *OutRegistryKey = NULL;
    return STATUS_NOT_IMPLEMENTED;
}

/* DIRQL, the UART's ISR: the DMus port's Notify of the same group. */
static VOID NTAPI PcpDMUartPort_Notify(IPortMidi *This,
                                       PSERVICEGROUP ServiceGroup)
{
    PCP_DMUART *owner = PcpDMUartFromPortMidi(This);

    COM_CALL(owner->Port, Notify, ServiceGroup);
}

static VOID NTAPI PcpDMUartPort_RegisterServiceGroup(IPortMidi *This,
                                                     PSERVICEGROUP Group)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Group);
}

static const IPortMidiVtbl PcpDMUartPort_Vtbl = {
    .QueryInterface = PcpDMUartPort_QueryInterface,
    .AddRef = PcpDMUartPort_AddRef,
    .Release = PcpDMUartPort_Release,
    .Init = PcpDMUartPort_Init,
    .GetDeviceProperty = PcpDMUartPort_GetDeviceProperty,
    .NewRegistryKey = PcpDMUartPort_NewRegistryKey,
    .Notify = PcpDMUartPort_Notify,
    .RegisterServiceGroup = PcpDMUartPort_RegisterServiceGroup,
};

/* The stream --------------------------------------------------------------- */

static const COM_QI_ENTRY PcpDMUartStream_Qi[] = {
    { &IID_IUnknown, offsetof(PCP_DMUART_STREAM, Iface) },
    { &IID_IMXF, offsetof(PCP_DMUART_STREAM, Iface) },
};

static NTSTATUS NTAPI PcpDMUartStream_QueryInterface(IMXF *This, REFIID Iid,
                                                     PVOID *Object)
{
    return ComQueryInterface(PcpDMUartStream(This), PcpDMUartStream_Qi,
                             COM_ARRAY_SIZE(PcpDMUartStream_Qi), Iid,
                             Object);
}

static ULONG NTAPI PcpDMUartStream_AddRef(IMXF *This)
{
    return ComRefAddRef(&PcpDMUartStream(This)->Ref);
}

/* PASSIVE_LEVEL (the pin's close): the timer and its DPC go first. */
static ULONG NTAPI PcpDMUartStream_Release(IMXF *This)
{
    PCP_DMUART_STREAM *stream = PcpDMUartStream(This);
    ULONG count = ComRefRelease(&stream->Ref);

    if (count != 0) {
        return count;
    }
    KeCancelTimer(&stream->Timer);
    KeRemoveQueueDpc(&stream->Dpc);
    if (stream->Capture) {
        stream->Owner->Capture = NULL;
    }
    COM_SAFE_RELEASE(&stream->Sink);
    COM_SAFE_RELEASE(&stream->Inner);
    COM_SAFE_RELEASE(&stream->Allocator);
    COM_CALL(&stream->Owner->Iface, Release);
    ExFreePoolWithTag(stream, PCP_TAG_DMUS);
    return 0;
}

/* Lock held. Writes what the UART takes; a rest re-arms the timer. */
static VOID PcpDMUartFlush(PCP_DMUART_STREAM *Stream)
{
    while (Stream->PendingCount != 0) {
        ULONG run = min(Stream->PendingCount,
                        DMUART_PENDING - Stream->PendingHead);
        ULONG written = 0;

        if (!NT_SUCCESS(COM_CALL(Stream->Inner, Write,
                                 Stream->Pending + Stream->PendingHead, run,
                                 &written)) || written == 0) {
            LARGE_INTEGER due;

            due.QuadPart = -DMUART_RETRY_100NS;
            KeSetTimer(&Stream->Timer, due, &Stream->Dpc);
            return;
        }
        written = min(written, run);
        Stream->PendingHead = (Stream->PendingHead + written) %
                              DMUART_PENDING;
        Stream->PendingCount -= written;
    }
}

static VOID NTAPI PcpDMUartTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1,
                                    PVOID Arg2)
{
    PCP_DMUART_STREAM *stream = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&stream->Lock);
    if (stream->State == KSSTATE_RUN) {
        PcpDMUartFlush(stream);
    }
    KeReleaseSpinLockFromDpcLevel(&stream->Lock);
}

static NTSTATUS NTAPI PcpDMUartStream_SetState(IMXF *This, KSSTATE State)
{
    PCP_DMUART_STREAM *stream = PcpDMUartStream(This);
    NTSTATUS status = COM_CALL(stream->Inner, SetState, State);
    KIRQL oldIrql;

    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    stream->State = State;
    if (State == KSSTATE_STOP) {
        /* unsent bytes of a stopped stream are dropped, as a port's are */
        stream->PendingHead = 0;
        stream->PendingCount = 0;
    }
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    if (State == KSSTATE_STOP) {
        KeCancelTimer(&stream->Timer);
    }
    return STATUS_SUCCESS;
}

/* <= DISPATCH_LEVEL: the due events' bytes, then the chain goes back. */
static NTSTATUS NTAPI PcpDMUartStream_PutMessage(IMXF *This,
                                                 PDMUS_KERNEL_EVENT Event)
{
    PCP_DMUART_STREAM *stream = PcpDMUartStream(This);
    PDMUS_KERNEL_EVENT event;
    KIRQL oldIrql;

    if (Event == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (stream->Capture) {
        return COM_CALL(stream->Allocator, PutMessage, Event);
    }
    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    for (event = Event; event != NULL; event = event->pNextEvt) {
        const UCHAR *bytes = SHORT_EVT(event) ? event->uData.abData :
                             event->uData.pbData;
        ULONG i;

        if (PACKAGE_EVT(event) || bytes == NULL) {
            continue;
        }
        for (i = 0; i < event->cbEvent; i++) {
            if (stream->PendingCount == DMUART_PENDING) {
                stream->Dropped++;
                continue;
            }
            stream->Pending[(stream->PendingHead + stream->PendingCount) %
                            DMUART_PENDING] = bytes[i];
            stream->PendingCount++;
        }
    }
    if (stream->State == KSSTATE_RUN) {
        PcpDMUartFlush(stream);
    }
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    return COM_CALL(stream->Allocator, PutMessage, Event);
}

static NTSTATUS NTAPI PcpDMUartStream_ConnectOutput(IMXF *This, PMXF Sink)
{
    PCP_DMUART_STREAM *stream = PcpDMUartStream(This);
    KIRQL oldIrql;

    if (!stream->Capture || Sink == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    COM_CALL(Sink, AddRef);
    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    if (stream->Sink != NULL) {
        KeReleaseSpinLock(&stream->Lock, oldIrql);
        COM_CALL(Sink, Release);
        return STATUS_DEVICE_BUSY;
    }
    stream->Sink = Sink;
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI PcpDMUartStream_DisconnectOutput(IMXF *This, PMXF Sink)
{
    PCP_DMUART_STREAM *stream = PcpDMUartStream(This);
    PMXF old = NULL;
    KIRQL oldIrql;

    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    if (stream->Sink == Sink) {
        old = stream->Sink;
        stream->Sink = NULL;
    }
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    if (old == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    COM_CALL(old, Release);
    return STATUS_SUCCESS;
}

static const IMXFVtbl PcpDMUartStream_Vtbl = {
    .QueryInterface = PcpDMUartStream_QueryInterface,
    .AddRef = PcpDMUartStream_AddRef,
    .Release = PcpDMUartStream_Release,
    .SetState = PcpDMUartStream_SetState,
    .PutMessage = PcpDMUartStream_PutMessage,
    .ConnectOutput = PcpDMUartStream_ConnectOutput,
    .DisconnectOutput = PcpDMUartStream_DisconnectOutput,
};

/* IMiniportDMus ------------------------------------------------------------ */

static const COM_QI_ENTRY PcpDMUart_Qi[] = {
    { &IID_IUnknown, offsetof(PCP_DMUART, Iface) },
    { &IID_IMiniport, offsetof(PCP_DMUART, Iface) },
    { &IID_IMiniportDMus, offsetof(PCP_DMUART, Iface) },
};

static NTSTATUS NTAPI PcpDMUart_QueryInterface(IMiniportDMus *This,
                                               REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(PcpDMUart(This), PcpDMUart_Qi,
                             COM_ARRAY_SIZE(PcpDMUart_Qi), Iid, Object);
}

static ULONG NTAPI PcpDMUart_AddRef(IMiniportDMus *This)
{
    return ComRefAddRef(&PcpDMUart(This)->Ref);
}

static ULONG NTAPI PcpDMUart_Release(IMiniportDMus *This)
{
    PCP_DMUART *owner = PcpDMUart(This);
    ULONG count = ComRefRelease(&owner->Ref);

    if (count != 0) {
        return count;
    }
    COM_SAFE_RELEASE(&owner->Uart);
    COM_SAFE_RELEASE(&owner->ServiceGroup);
    COM_SAFE_RELEASE(&owner->Port);
    ExFreePoolWithTag(owner, PCP_TAG_DMUS);
    return 0;
}

static NTSTATUS NTAPI PcpDMUart_GetDescription(
    IMiniportDMus *This, PPCFILTER_DESCRIPTOR *Description)
{
    *Description = &PcpDMUart(This)->Descriptor;
    return STATUS_SUCCESS;
}

/* The UART answers: its ranges have the same shape. */
static NTSTATUS NTAPI PcpDMUart_DataRangeIntersection(
    IMiniportDMus *This, ULONG PinId, PKSDATARANGE DataRange,
    PKSDATARANGE MatchingDataRange, ULONG OutputBufferLength,
    PVOID ResultantFormat, PULONG ResultantFormatLength)
{
    return COM_CALL(PcpDMUart(This)->Uart, DataRangeIntersection, PinId,
                    DataRange, MatchingDataRange, OutputBufferLength,
                    ResultantFormat, ResultantFormatLength);
}

/* The UART's resources and answers are its own (miniport_uart.c). */
static NTSTATUS NTAPI PcpDMUart_Init(IMiniportDMus *This,
                                     PUNKNOWN UnknownAdapter,
                                     PRESOURCELIST ResourceList,
                                     PPORTDMUS Port,
                                     PSERVICEGROUP *ServiceGroup)
{
    PCP_DMUART *owner = PcpDMUart(This);
    NTSTATUS status;

    PAGED_CODE();
    if (ServiceGroup == NULL || Port == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *ServiceGroup = NULL;
    if (owner->Port != NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = COM_CALL(owner->Uart, Init, UnknownAdapter, ResourceList,
                      &owner->PortMidiIface, &owner->ServiceGroup);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    COM_CALL(Port, AddRef);
    owner->Port = Port;
    if (owner->ServiceGroup != NULL) {
        COM_CALL(owner->ServiceGroup, AddRef);
        *ServiceGroup = owner->ServiceGroup;
    }
    return STATUS_SUCCESS;
}

/* DISPATCH_LEVEL, from the group: the capture stream's bytes out. */
static VOID NTAPI PcpDMUart_Service(IMiniportDMus *This)
{
    PCP_DMUART_STREAM *stream = PcpDMUart(This)->Capture;
    UCHAR buffer[DMUART_READ];
    ULONG read = 0;
    ULONG i;

    if (stream == NULL || stream->State != KSSTATE_RUN ||
        stream->Sink == NULL) {
        return;
    }
    while (NT_SUCCESS(COM_CALL(stream->Inner, Read, buffer, sizeof(buffer),
                               &read)) && read != 0) {
        REFERENCE_TIME now = 0;

        read = min(read, DMUART_READ);
        COM_CALL(stream->Clock, GetTime, &now);
        for (i = 0; i < read; i += sizeof(PBYTE)) {
            PDMUS_KERNEL_EVENT event;

            if (!NT_SUCCESS(COM_CALL(stream->Allocator, GetMessage,
                                     &event))) {
                DPF(D_ERROR, "DMus UART capture: pool empty, bytes lost");
                break;
            }
            event->cbEvent = (USHORT)min(read - i, (ULONG)sizeof(PBYTE));
            event->usChannelGroup = 1;
            event->ullPresTime100ns = now;
            SET_INCOMPLETE_EVT(event);
            RtlCopyMemory(event->uData.abData, buffer + i, event->cbEvent);
            COM_CALL(stream->Sink, PutMessage, event);
        }
    }
}

static NTSTATUS NTAPI PcpDMUart_NewStream(
    IMiniportDMus *This, PMXF *MXF, PUNKNOWN OuterUnknown,
    POOL_TYPE PoolType, ULONG PinID, DMUS_STREAM_TYPE StreamType,
    PKSDATAFORMAT DataFormat, PSERVICEGROUP *ServiceGroup,
    PAllocatorMXF AllocatorMXF, PMASTERCLOCK MasterClock,
    PULONGLONG SchedulePreFetch)
{
    PCP_DMUART *owner = PcpDMUart(This);
    BOOLEAN capture = StreamType == DMUS_STREAM_MIDI_CAPTURE;
    PSERVICEGROUP innerGroup = NULL;
    PCP_DMUART_STREAM *stream;
    NTSTATUS status;

    PAGED_CODE();
    *MXF = NULL;
    *ServiceGroup = NULL;
    if (OuterUnknown != NULL || AllocatorMXF == NULL || MasterClock == NULL ||
        (StreamType != DMUS_STREAM_MIDI_RENDER && !capture) ||
        PinID != (capture ? DMUART_PIN_CAPTURE : DMUART_PIN_RENDER)) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (owner->Port == NULL) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    stream = ExAllocatePoolZero(PoolType, sizeof(*stream), PCP_TAG_DMUS);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = COM_CALL(owner->Uart, NewStream, &stream->Inner, NULL,
                      NonPagedPool, PinID, capture, DataFormat, &innerGroup);
    COM_SAFE_RELEASE(&innerGroup);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(stream, PCP_TAG_DMUS);
        return status;
    }
    stream->Iface.lpVtbl = &PcpDMUartStream_Vtbl;
    ComRefInit(&stream->Ref);
    stream->Owner = owner;
    COM_CALL(This, AddRef);
    stream->Capture = capture;
    stream->Allocator = AllocatorMXF;
    COM_CALL(AllocatorMXF, AddRef);
    stream->Clock = MasterClock;
    stream->State = KSSTATE_STOP;
    KeInitializeSpinLock(&stream->Lock);
    KeInitializeTimer(&stream->Timer);
    KeInitializeDpc(&stream->Dpc, PcpDMUartTimerDpc, stream);
    if (capture) {
        owner->Capture = stream;
    }
    *SchedulePreFetch = 0;
    *MXF = &stream->Iface;
    return STATUS_SUCCESS;
}

static const IMiniportDMusVtbl PcpDMUart_Vtbl = {
    .QueryInterface = PcpDMUart_QueryInterface,
    .AddRef = PcpDMUart_AddRef,
    .Release = PcpDMUart_Release,
    .GetDescription = PcpDMUart_GetDescription,
    .DataRangeIntersection = PcpDMUart_DataRangeIntersection,
    .Init = PcpDMUart_Init,
    .Service = PcpDMUart_Service,
    .NewStream = PcpDMUart_NewStream,
};

/* Creation ----------------------------------------------------------------- */

/*
 * The UART is made here, initialised by Init; the filter is its filter
 * with the DirectMusic range in place of its MIDI range.
 */
NTSTATUS PcpNewMiniportDMusUart(PMINIPORT *OutMiniport)
{
    static const GUID music = STATICGUIDOF(KSDATAFORMAT_TYPE_MUSIC);
    static const GUID none = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE);
    static const GUID port = STATICGUIDOF(KSMUSIC_TECHNOLOGY_PORT);
    PPCFILTER_DESCRIPTOR uart = NULL;
    PMINIPORT miniport = NULL;
    PCP_DMUART *owner;
    NTSTATUS status;
    ULONG i;

    *OutMiniport = NULL;
    owner = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*owner), PCP_TAG_DMUS);
    if (owner == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    owner->Iface.lpVtbl = &PcpDMUart_Vtbl;
    owner->PortMidiIface.lpVtbl = &PcpDMUartPort_Vtbl;
    ComRefInit(&owner->Ref);
    status = PcpNewMiniportUart(&miniport);
    if (NT_SUCCESS(status)) {
        status = COM_CALL(miniport, QueryInterface, &IID_IMiniportMidi,
                          (PVOID *)&owner->Uart);
        COM_CALL(miniport, Release);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(owner->Uart, GetDescription, &uart);
    }
    if (!NT_SUCCESS(status) || uart->PinCount != DMUART_PIN_COUNT ||
        uart->ConnectionCount > COM_ARRAY_SIZE(owner->Connections)) {
        COM_CALL(&owner->Iface, Release);
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }
    owner->Range.DataRange.FormatSize = sizeof(KSDATARANGE_MUSIC);
    owner->Range.DataRange.MajorFormat = music;
    owner->Range.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_DIRECTMUSIC;
    owner->Range.DataRange.Specifier = none;
    owner->Range.Technology = port;
    owner->Range.ChannelMask = 0xffff;
    owner->Ranges[0] = &owner->Range.DataRange;
    RtlCopyMemory(owner->Pins, uart->Pins, sizeof(owner->Pins));
    for (i = 0; i < DMUART_PIN_COUNT; i++) {
        owner->Pins[i].KsPinDescriptor.DataRangesCount = 1;
        owner->Pins[i].KsPinDescriptor.DataRanges = owner->Ranges;
    }
    RtlCopyMemory(owner->Connections, uart->Connections,
                  uart->ConnectionCount * sizeof(owner->Connections[0]));
    owner->Descriptor = *uart;
    owner->Descriptor.Pins = owner->Pins;
    owner->Descriptor.Connections = owner->Connections;
    *OutMiniport = (PMINIPORT)&owner->Iface;
    return STATUS_SUCCESS;
}
