/* SPDX-License-Identifier: MIT */
/*
 * What every port shares: PcNewPort, the IPort methods, the PCP_PORT part
 * (count, miniport, descriptor, instance counts, events), the private
 * subdevice interface and IPortEvents / IUnregisterSubdevice, which all
 * forward their references to the port.
 */
#include "private.h"

/* Private interfaces living in PCP_PORT forward IUnknown to the port. */
static PCP_PORT *PcpPortFromSubdevice(IPcpSubdevice *This)
{
    return CONTAINING_RECORD(This, PCP_PORT, SubdeviceIface);
}

static NTSTATUS NTAPI PcpSubdevice_QueryInterface(IPcpSubdevice *This,
                                                  REFIID Iid, PVOID *Object)
{
    PUNKNOWN outer = PcpPortFromSubdevice(This)->Outer;

    return COM_CALL(outer, QueryInterface, Iid, Object);
}

static ULONG NTAPI PcpSubdevice_AddRef(IPcpSubdevice *This)
{
    return COM_CALL(PcpPortFromSubdevice(This)->Outer, AddRef);
}

static ULONG NTAPI PcpSubdevice_Release(IPcpSubdevice *This)
{
    return COM_CALL(PcpPortFromSubdevice(This)->Outer, Release);
}

const IPcpSubdeviceVtbl PcpSubdeviceVtbl = {
    .QueryInterface = PcpSubdevice_QueryInterface,
    .AddRef = PcpSubdevice_AddRef,
    .Release = PcpSubdevice_Release,
};

static PCP_PORT *PcpPortFromEvents(IPortEvents *This)
{
    return CONTAINING_RECORD(This, PCP_PORT, EventsIface);
}

static NTSTATUS NTAPI PcpPortEvents_QueryInterface(IPortEvents *This,
                                                   REFIID Iid, PVOID *Object)
{
    return COM_CALL(PcpPortFromEvents(This)->Outer, QueryInterface, Iid,
                    Object);
}

static ULONG NTAPI PcpPortEvents_AddRef(IPortEvents *This)
{
    return COM_CALL(PcpPortFromEvents(This)->Outer, AddRef);
}

static ULONG NTAPI PcpPortEvents_Release(IPortEvents *This)
{
    return COM_CALL(PcpPortFromEvents(This)->Outer, Release);
}

/* Any IRQL <= DISPATCH_LEVEL (called from a miniport's event handler). */
static VOID NTAPI PcpPortEvents_AddEventToEventList(IPortEvents *This,
                                                    PKSEVENT_ENTRY EventEntry)
{
    PCP_PORT *port = PcpPortFromEvents(This);
    KIRQL oldIrql;

    if (NULL == EventEntry) {
        return;
    }
    KeAcquireSpinLock(&port->Lock, &oldIrql);
    InsertTailList(&port->EventList, &EventEntry->ListEntry);
    KeReleaseSpinLock(&port->Lock, oldIrql);
}

/*
 * Deviation: entries carry no pin/node identity here (no
 * IOCTL_KS_ENABLE_EVENT path yet), so matching is by event id only; the
 * set, pin and node arguments are accepted and ignored. Callable at
 * IRQL <= DISPATCH_LEVEL only (Windows queues a DPC above that).
 */
static VOID NTAPI PcpPortEvents_GenerateEventList(IPortEvents *This,
                                                  GUID *Set, ULONG EventId,
                                                  BOOL PinEvent, ULONG PinId,
                                                  BOOL NodeEvent, ULONG NodeId)
{
    PCP_PORT *port = PcpPortFromEvents(This);
    PLIST_ENTRY entry;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(Set);
    UNREFERENCED_PARAMETER(PinEvent);
    UNREFERENCED_PARAMETER(PinId);
    UNREFERENCED_PARAMETER(NodeEvent);
    UNREFERENCED_PARAMETER(NodeId);
    KeAcquireSpinLock(&port->Lock, &oldIrql);
    for (entry = port->EventList.Flink; entry != &port->EventList;
         entry = entry->Flink) {
        PKSEVENT_ENTRY ev = CONTAINING_RECORD(entry, KSEVENT_ENTRY, ListEntry);

        if (NULL != ev->EventItem && ev->EventItem->EventId != EventId) {
            continue;
        }
        if (NULL != ev->EventData &&
            KSEVENTF_EVENT_OBJECT == ev->NotificationType) {
            KeSetEvent(ev->EventData->EventObject.Event, 0, FALSE);
        }
    }
    KeReleaseSpinLock(&port->Lock, oldIrql);
}

const IPortEventsVtbl PcpPortEventsVtbl = {
    .QueryInterface = PcpPortEvents_QueryInterface,
    .AddRef = PcpPortEvents_AddRef,
    .Release = PcpPortEvents_Release,
    .AddEventToEventList = PcpPortEvents_AddEventToEventList,
    .GenerateEventList = PcpPortEvents_GenerateEventList,
};

static PCP_PORT *PcpPortFromUnregister(IUnregisterSubdevice *This)
{
    return CONTAINING_RECORD(This, PCP_PORT, UnregisterIface);
}

static NTSTATUS NTAPI PcpUnregister_QueryInterface(IUnregisterSubdevice *This,
                                                   REFIID Iid, PVOID *Object)
{
    return COM_CALL(PcpPortFromUnregister(This)->Outer, QueryInterface, Iid,
                    Object);
}

static ULONG NTAPI PcpUnregister_AddRef(IUnregisterSubdevice *This)
{
    return COM_CALL(PcpPortFromUnregister(This)->Outer, AddRef);
}

static ULONG NTAPI PcpUnregister_Release(IUnregisterSubdevice *This)
{
    return COM_CALL(PcpPortFromUnregister(This)->Outer, Release);
}

static NTSTATUS NTAPI PcpUnregister_UnregisterSubdevice(
    IUnregisterSubdevice *This, PDEVICE_OBJECT DeviceObject, PUNKNOWN Unknown)
{
    UNREFERENCED_PARAMETER(This);
    return PcpUnregisterSubdevice(DeviceObject, Unknown);
}

const IUnregisterSubdeviceVtbl PcpUnregisterSubdeviceVtbl = {
    .QueryInterface = PcpUnregister_QueryInterface,
    .AddRef = PcpUnregister_AddRef,
    .Release = PcpUnregister_Release,
    .UnregisterSubdevice = PcpUnregister_UnregisterSubdevice,
};

VOID PcpPortConstruct(PCP_PORT *Port, PUNKNOWN Outer, const PCP_PORT_OPS *Ops)
{
    RtlZeroMemory(Port, sizeof(*Port));
    Port->Outer = Outer;
    ComRefInit(&Port->Ref);
    Port->Ops = Ops;
    Port->SubdeviceIface.lpVtbl = &PcpSubdeviceVtbl;
    Port->EventsIface.lpVtbl = &PcpPortEventsVtbl;
    Port->UnregisterIface.lpVtbl = &PcpUnregisterSubdeviceVtbl;
    KeInitializeSpinLock(&Port->Lock);
    InitializeListHead(&Port->EventList);
}

/* Pins and nodes may carry a driver tail: walk by PinSize/NodeSize. */
const PCPIN_DESCRIPTOR *PcpPinDescriptor(const PCP_PORT *Port, ULONG PinId)
{
    const PCFILTER_DESCRIPTOR *d = Port->Descriptor;

    if (NULL == d || PinId >= d->PinCount) {
        return NULL;
    }
    return (const PCPIN_DESCRIPTOR *)((const UCHAR *)d->Pins +
                                      (SIZE_T)PinId * d->PinSize);
}

const PCNODE_DESCRIPTOR *PcpNodeDescriptor(const PCP_PORT *Port, ULONG NodeId)
{
    const PCFILTER_DESCRIPTOR *d = Port->Descriptor;

    if (NULL == d || NodeId >= d->NodeCount) {
        return NULL;
    }
    return (const PCNODE_DESCRIPTOR *)((const UCHAR *)d->Nodes +
                                       (SIZE_T)NodeId * d->NodeSize);
}

/* After the miniport's Init: GetDescription, optional interfaces. Takes a
 * reference on Miniport. PASSIVE_LEVEL. */
static NTSTATUS PcpPortBind(PCP_PORT *Port, PDEVICE_OBJECT DeviceObject,
                            PUNKNOWN Miniport, PMINIPORT MiniportIface)
{
    PPCFILTER_DESCRIPTOR desc = NULL;
    NTSTATUS status;

    PAGED_CODE();
    status = COM_CALL(MiniportIface, GetDescription, &desc);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (NULL == desc ||
        (0 != desc->PinCount &&
         (NULL == desc->Pins || desc->PinSize < sizeof(PCPIN_DESCRIPTOR))) ||
        (0 != desc->NodeCount &&
         (NULL == desc->Nodes || desc->NodeSize < sizeof(PCNODE_DESCRIPTOR))) ||
        (0 != desc->ConnectionCount && NULL == desc->Connections)) {
        DPF(D_ERROR, "miniport filter descriptor is malformed");
        return STATUS_INVALID_PARAMETER;
    }
    if (NULL != Port->GlobalInstances) {
        /* bound again after an unregistration */
        ExFreePoolWithTag(Port->GlobalInstances, PCP_TAG_PORT);
    }
    Port->GlobalInstances = ExAllocatePoolZero(
        NonPagedPoolNx, sizeof(ULONG) * (desc->PinCount + 1), PCP_TAG_PORT);
    if (NULL == Port->GlobalInstances) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Port->DeviceObject = DeviceObject;
    Port->Descriptor = desc;
    COM_CALL(Miniport, AddRef);
    Port->Miniport = Miniport;
    if (!NT_SUCCESS(COM_CALL(Miniport, QueryInterface, &IID_IPinCount,
                             (PVOID *)&Port->PinCount))) {
        Port->PinCount = NULL;
    }
    if (!NT_SUCCESS(COM_CALL(Miniport, QueryInterface, &IID_IPowerNotify,
                             (PVOID *)&Port->PowerNotify))) {
        Port->PowerNotify = NULL;
    }
    Port->Initialized = TRUE;
    return STATUS_SUCCESS;
}

/*
 * Releases the miniport side; the miniport's own reference on the port goes
 * with it, which is what lets a registered port be freed at all. Filters and
 * pins still open keep the port (and its instance counts, freed only when
 * Final) but see it uninitialised.
 */
VOID PcpPortDestruct(PCP_PORT *Port, BOOLEAN Final)
{
    COM_SAFE_RELEASE(&Port->PinCount);
    COM_SAFE_RELEASE(&Port->PowerNotify);
    COM_SAFE_RELEASE(&Port->Miniport);
    Port->Initialized = FALSE;
    Port->Descriptor = NULL;
    if (Final && NULL != Port->GlobalInstances) {
        ExFreePoolWithTag(Port->GlobalInstances, PCP_TAG_PORT);
        Port->GlobalInstances = NULL;
    }
    COM_SAFE_RELEASE(&Port->MiniportIface);
}

ULONG PcpPortAddRef(PCP_PORT *Port)
{
    return ComRefAddRef(&Port->Ref);
}

ULONG PcpPortRelease(PCP_PORT *Port)
{
    ULONG count = ComRefRelease(&Port->Ref);

    if (0 == count) {
        PcpPortDestruct(Port, TRUE);
        ExFreePoolWithTag(Port->Outer, PCP_TAG_PORT);
    }
    return count;
}

NTSTATUS PcpPortInit(PCP_PORT *Port, PDEVICE_OBJECT DeviceObject,
                     PUNKNOWN UnknownMiniport, PUNKNOWN UnknownAdapter,
                     PRESOURCELIST ResourceList)
{
    PMINIPORT miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    if (Port->Initialized || NULL != Port->MiniportIface) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (NULL == DeviceObject || NULL == UnknownMiniport ||
        !NT_SUCCESS(COM_CALL(UnknownMiniport, QueryInterface,
                             Port->Ops->MiniportIid, (PVOID *)&miniport))) {
        return STATUS_INVALID_PARAMETER;
    }
    Port->DeviceObject = DeviceObject;
    status = Port->Ops->InitMiniport(Port, miniport, UnknownAdapter,
                                     ResourceList);
    if (NT_SUCCESS(status)) {
        status = PcpPortBind(Port, DeviceObject, UnknownMiniport, miniport);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "%s Init failed 0x%08x", Port->Ops->Name,
            (unsigned)status);
        Port->DeviceObject = NULL;
        COM_CALL(miniport, Release);
        return status;
    }
    Port->MiniportIface = miniport;
    return STATUS_SUCCESS;
}

PCP_PORT *PcpPortFromUnknown(PUNKNOWN Unknown)
{
    IPcpSubdevice *sub = NULL;
    PCP_PORT *port;

    if (NULL == Unknown ||
        !NT_SUCCESS(COM_CALL(Unknown, QueryInterface, &IID_IPcpSubdevice,
                             (PVOID *)&sub))) {
        return NULL;
    }
    port = PcpPortFromSubdevice(sub);
    COM_CALL(sub, Release);
    return port;
}

NTSTATUS PcpPortGetDeviceProperty(PCP_PORT *Port,
                                  DEVICE_REGISTRY_PROPERTY DeviceProperty,
                                  ULONG BufferLength, PVOID PropertyBuffer,
                                  PULONG ResultLength)
{
    if (NULL == Port->DeviceObject) {
        return STATUS_DEVICE_NOT_READY;
    }
    return PcGetDeviceProperty(Port->DeviceObject, DeviceProperty,
                               BufferLength, PropertyBuffer, ResultLength);
}

NTSTATUS PcpPortNewRegistryKey(PCP_PORT *Port, PREGISTRYKEY *OutRegistryKey,
                               PUNKNOWN OuterUnknown, ULONG RegistryKeyType,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               ULONG CreateOptions, PULONG Disposition)
{
    if (NULL == Port->DeviceObject) {
        return STATUS_DEVICE_NOT_READY;
    }
    return PcNewRegistryKey(OutRegistryKey, OuterUnknown, RegistryKeyType,
                            DesiredAccess, Port->DeviceObject, NULL,
                            ObjectAttributes, CreateOptions, Disposition);
}

NTSTATUS NTAPI PcNewPort(PPORT *OutPort, REFCLSID ClassId)
{
    if (NULL == OutPort || NULL == ClassId) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutPort = NULL;
    if (IsEqualGUIDAligned(ClassId, &CLSID_PortWaveCyclic)) {
        return PcpNewPortWaveCyclic(OutPort);
    }
    if (IsEqualGUIDAligned(ClassId, &CLSID_PortTopology)) {
        return PcpNewPortTopology(OutPort);
    }
    /* WavePci, WaveRT, Midi and DMus come with their own issues. */
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS NTAPI PcNewMiniport(PMINIPORT *OutMiniport, REFCLSID ClassId)
{
    UNREFERENCED_PARAMETER(ClassId);
    if (NULL != OutMiniport) {
        *OutMiniport = NULL;
    }
    return STATUS_NOT_SUPPORTED;
}
