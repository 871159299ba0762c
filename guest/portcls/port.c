/* SPDX-License-Identifier: MIT */
/*
 * The port frame every port type shares: IUnknown and the IPort methods
 * (written once; a type's vtable reaches them through PCP_IPORT_THUNKS),
 * IPort::Init's documented sequence, the private subdevice interface,
 * IPortEvents and IUnregisterSubdevice, which all forward their references
 * to the port. A type adds only its PCP_PORT_OPS.
 */
#include "private.h"

/* Private interfaces living in PCP_PORT forward IUnknown to the port. */
static NTSTATUS NTAPI PcpSubdevice_QueryInterface(IPcpSubdevice *This,
                                                  REFIID Iid, PVOID *Object)
{
    PUNKNOWN outer = PCP_PORT_FROM_SUBDEVICE(This)->Outer;

    return COM_CALL(outer, QueryInterface, Iid, Object);
}

static ULONG NTAPI PcpSubdevice_AddRef(IPcpSubdevice *This)
{
    return COM_CALL(PCP_PORT_FROM_SUBDEVICE(This)->Outer, AddRef);
}

static ULONG NTAPI PcpSubdevice_Release(IPcpSubdevice *This)
{
    return COM_CALL(PCP_PORT_FROM_SUBDEVICE(This)->Outer, Release);
}

static const IPcpSubdeviceVtbl PcpSubdeviceVtbl = {
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

    if (EventEntry == NULL) {
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

        if (ev->EventItem != NULL && ev->EventItem->EventId != EventId) {
            continue;
        }
        if (ev->EventData != NULL &&
            ev->NotificationType == KSEVENTF_EVENT_OBJECT) {
            KeSetEvent(ev->EventData->EventObject.Event, 0, FALSE);
        }
    }
    KeReleaseSpinLock(&port->Lock, oldIrql);
}

static const IPortEventsVtbl PcpPortEventsVtbl = {
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

static const IUnregisterSubdeviceVtbl PcpUnregisterSubdeviceVtbl = {
    .QueryInterface = PcpUnregister_QueryInterface,
    .AddRef = PcpUnregister_AddRef,
    .Release = PcpUnregister_Release,
    .UnregisterSubdevice = PcpUnregister_UnregisterSubdevice,
};

static const COM_QI_ENTRY PcpPortQi[] = {
    { &IID_IUnknown, offsetof(PCP_PORT, Iface) },
    { &IID_IPort, offsetof(PCP_PORT, Iface) },
    { &IID_IPortEvents, offsetof(PCP_PORT, EventsIface) },
    { &IID_IUnregisterSubdevice, offsetof(PCP_PORT, UnregisterIface) },
    { &IID_IPcpSubdevice, offsetof(PCP_PORT, SubdeviceIface) },
};

NTSTATUS NTAPI PcpPort_QueryInterface(PPORT This, REFIID Iid, PVOID *Object)
{
    PCP_PORT *port = PCP_PORT_FROM_IFACE(This);

    if (Object != NULL && Iid != NULL &&
        IsEqualGUIDAligned(Iid, port->Ops->PortIid)) {
        COM_CALL(This, AddRef);
        *Object = This;
        return STATUS_SUCCESS;
    }
    return ComQueryInterface(port, PcpPortQi, COM_ARRAY_SIZE(PcpPortQi),
                             Iid, Object);
}

ULONG NTAPI PcpPort_AddRef(PPORT This)
{
    return ComRefAddRef(&PCP_PORT_FROM_IFACE(This)->Ref);
}

ULONG NTAPI PcpPort_Release(PPORT This)
{
    PCP_PORT *port = PCP_PORT_FROM_IFACE(This);
    ULONG count = ComRefRelease(&port->Ref);

    if (count == 0) {
        PcpPortUnbind(port, TRUE);
        if (port->Ops->Destroy != NULL) {
            port->Ops->Destroy(port);
        }
        ExFreePoolWithTag(port->Outer, PCP_TAG_PORT);
    }
    return count;
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
    if (desc == NULL ||
        (desc->PinCount != 0 &&
         (desc->Pins == NULL || desc->PinSize < sizeof(PCPIN_DESCRIPTOR))) ||
        (desc->NodeCount != 0 &&
         (desc->Nodes == NULL || desc->NodeSize < sizeof(PCNODE_DESCRIPTOR))) ||
        (desc->ConnectionCount != 0 && desc->Connections == NULL)) {
        DPF(D_ERROR, "miniport filter descriptor is malformed");
        return STATUS_INVALID_PARAMETER;
    }
    if (Port->GlobalInstances != NULL) {
        /* bound again after an unregistration */
        ExFreePoolWithTag(Port->GlobalInstances, PCP_TAG_PORT);
    }
    Port->GlobalInstances = ExAllocatePoolZero(
        NonPagedPoolNx, sizeof(ULONG) * (desc->PinCount + 1), PCP_TAG_PORT);
    if (Port->GlobalInstances == NULL) {
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
 * IPort::Init as documented: QI the miniport for the type's interface, call
 * its Init with the port, then GetDescription, the subdevice descriptor's
 * instance counts and the optional IPinCount/IPowerNotify (PcpPortBind).
 */
NTSTATUS NTAPI PcpPort_Init(PPORT This, PDEVICE_OBJECT DeviceObject,
                            PIRP Irp, PUNKNOWN UnknownMiniport,
                            PUNKNOWN UnknownAdapter,
                            PRESOURCELIST ResourceList)
{
    PCP_PORT *port = PCP_PORT_FROM_IFACE(This);
    PMINIPORT miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Irp);
    if (port->Initialized || port->MiniportIface != NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (DeviceObject == NULL || UnknownMiniport == NULL ||
        !NT_SUCCESS(COM_CALL(UnknownMiniport, QueryInterface,
                             port->Ops->MiniportIid, (PVOID *)&miniport))) {
        return STATUS_INVALID_PARAMETER;
    }
    port->DeviceObject = DeviceObject;
    status = port->Ops->InitMiniport(port, miniport, UnknownAdapter,
                                     ResourceList);
    if (NT_SUCCESS(status)) {
        status = PcpPortBind(port, DeviceObject, UnknownMiniport, miniport);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "%s Init failed 0x%08x", port->Ops->Name,
            (unsigned)status);
        port->DeviceObject = NULL;
        COM_CALL(miniport, Release);
        return status;
    }
    port->MiniportIface = miniport;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PcpPort_GetDeviceProperty(
    PPORT This, DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength,
    PVOID PropertyBuffer, PULONG ResultLength)
{
    PCP_PORT *port = PCP_PORT_FROM_IFACE(This);

    if (port->DeviceObject == NULL) {
        return STATUS_DEVICE_NOT_READY;
    }
    return PcGetDeviceProperty(port->DeviceObject, DeviceProperty,
                               BufferLength, PropertyBuffer, ResultLength);
}

NTSTATUS NTAPI PcpPort_NewRegistryKey(
    PPORT This, PREGISTRYKEY *OutRegistryKey, PUNKNOWN OuterUnknown,
    ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions,
    PULONG Disposition)
{
    PCP_PORT *port = PCP_PORT_FROM_IFACE(This);

    if (port->DeviceObject == NULL) {
        return STATUS_DEVICE_NOT_READY;
    }
    return PcNewRegistryKey(OutRegistryKey, OuterUnknown, RegistryKeyType,
                            DesiredAccess, port->DeviceObject, NULL,
                            ObjectAttributes, CreateOptions, Disposition);
}

/* Pool object of Ops->ObjectSize, PCP_PORT first; the count starts at one. */
NTSTATUS PcpPortCreate(const PCP_PORT_OPS *Ops, PPORT *OutPort)
{
    PCP_PORT *port;

    port = ExAllocatePoolZero(NonPagedPoolNx, Ops->ObjectSize, PCP_TAG_PORT);
    if (port == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    port->Iface.lpVtbl = Ops->Vtbl;
    port->Outer = (PUNKNOWN)&port->Iface;
    ComRefInit(&port->Ref);
    port->Ops = Ops;
    port->SubdeviceIface.lpVtbl = &PcpSubdeviceVtbl;
    port->EventsIface.lpVtbl = &PcpPortEventsVtbl;
    port->UnregisterIface.lpVtbl = &PcpUnregisterSubdeviceVtbl;
    KeInitializeSpinLock(&port->Lock);
    InitializeListHead(&port->EventList);
    *OutPort = &port->Iface;
    return STATUS_SUCCESS;
}
