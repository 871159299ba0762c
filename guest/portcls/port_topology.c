/* SPDX-License-Identifier: MIT */
/*
 * The Topology port: a filter whose pins are bridges and whose controls
 * (volume, mute, ...) are node properties answered by the miniport's
 * automation tables. It streams nothing, so pins cannot be instantiated.
 */
#include "private.h"

typedef struct CPortTopology {
    IPortTopology Iface;
    COM_REF Ref;
    PCP_PORT Port;
    PMINIPORTTOPOLOGY Miniport;   /* referenced while bound */
} CPortTopology;

static NTSTATUS CPortTopology_NewPin(PCP_PORT *Port, PCP_FILTER *Filter,
                                     PFILE_OBJECT FileObject,
                                     const KSPIN_CONNECT *Connect,
                                     PKSDATAFORMAT Format, ULONG FormatSize)
{
    UNREFERENCED_PARAMETER(Port);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FileObject);
    UNREFERENCED_PARAMETER(Connect);
    UNREFERENCED_PARAMETER(Format);
    UNREFERENCED_PARAMETER(FormatSize);
    return STATUS_NOT_SUPPORTED;
}

static VOID CPortTopology_ReleaseChildren(PCP_PORT *Port, BOOLEAN Final)
{
    CPortTopology *port = CONTAINING_RECORD(Port, CPortTopology, Port);

    PcpPortDestruct(&port->Port, Final);
    COM_SAFE_RELEASE(&port->Miniport);
}

static const GUID *const PcpTopologyCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_TOPOLOGY,
};

static const PCP_PORT_OPS PcpTopologyOps = {
    .NewPin = CPortTopology_NewPin,
    .ReleaseChildren = CPortTopology_ReleaseChildren,
    .DefaultCategories = PcpTopologyCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpTopologyCategories),
};

static CPortTopology *CPortTopology_From(IPortTopology *This)
{
    return CONTAINING_RECORD(This, CPortTopology, Iface);
}

static const COM_QI_ENTRY CPortTopology_Qi[] = {
    { &IID_IUnknown, offsetof(CPortTopology, Iface) },
    { &IID_IPort, offsetof(CPortTopology, Iface) },
    { &IID_IPortTopology, offsetof(CPortTopology, Iface) },
    { &IID_IPortEvents, offsetof(CPortTopology, Port.EventsIface) },
    { &IID_IUnregisterSubdevice,
      offsetof(CPortTopology, Port.UnregisterIface) },
    { &IID_IPcpSubdevice, offsetof(CPortTopology, Port.SubdeviceIface) },
};

static NTSTATUS NTAPI CPortTopology_QueryInterface(IPortTopology *This,
                                                   REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CPortTopology_From(This), CPortTopology_Qi,
                             COM_ARRAY_SIZE(CPortTopology_Qi), Iid, Object);
}

static ULONG NTAPI CPortTopology_AddRef(IPortTopology *This)
{
    return ComRefAddRef(&CPortTopology_From(This)->Ref);
}

static ULONG NTAPI CPortTopology_Release(IPortTopology *This)
{
    CPortTopology *port = CPortTopology_From(This);
    ULONG count = ComRefRelease(&port->Ref);

    if (0 == count) {
        CPortTopology_ReleaseChildren(&port->Port, TRUE);
        ExFreePoolWithTag(port, PCP_TAG_PORT);
    }
    return count;
}

/* PASSIVE_LEVEL, from the adapter's StartDevice. */
static NTSTATUS NTAPI CPortTopology_Init(IPortTopology *This,
                                         PDEVICE_OBJECT DeviceObject,
                                         PIRP Irp, PUNKNOWN UnknownMiniport,
                                         PUNKNOWN UnknownAdapter,
                                         PRESOURCELIST ResourceList)
{
    CPortTopology *port = CPortTopology_From(This);
    PMINIPORTTOPOLOGY miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Irp);
    if (port->Port.Initialized || NULL != port->Miniport) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (NULL == DeviceObject || NULL == UnknownMiniport ||
        !NT_SUCCESS(COM_CALL(UnknownMiniport, QueryInterface,
                             &IID_IMiniportTopology, (PVOID *)&miniport))) {
        return STATUS_INVALID_PARAMETER;
    }
    port->Port.DeviceObject = DeviceObject;
    status = COM_CALL(miniport, Init, UnknownAdapter, ResourceList, This);
    if (NT_SUCCESS(status)) {
        status = PcpPortBind(&port->Port, DeviceObject, UnknownMiniport,
                             (PMINIPORT)miniport);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "Topology Init failed 0x%08x", (unsigned)status);
        port->Port.DeviceObject = NULL;
        COM_CALL(miniport, Release);
        return status;
    }
    port->Miniport = miniport;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CPortTopology_GetDeviceProperty(
    IPortTopology *This, DEVICE_REGISTRY_PROPERTY DeviceProperty,
    ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength)
{
    return PcpPortGetDeviceProperty(&CPortTopology_From(This)->Port,
                                    DeviceProperty, BufferLength,
                                    PropertyBuffer, ResultLength);
}

static NTSTATUS NTAPI CPortTopology_NewRegistryKey(
    IPortTopology *This, PREGISTRYKEY *OutRegistryKey, PUNKNOWN OuterUnknown,
    ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions,
    PULONG Disposition)
{
    return PcpPortNewRegistryKey(&CPortTopology_From(This)->Port,
                                 OutRegistryKey, OuterUnknown,
                                 RegistryKeyType, DesiredAccess,
                                 ObjectAttributes, CreateOptions,
                                 Disposition);
}

static const IPortTopologyVtbl CPortTopology_Vtbl = {
    .QueryInterface = CPortTopology_QueryInterface,
    .AddRef = CPortTopology_AddRef,
    .Release = CPortTopology_Release,
    .Init = CPortTopology_Init,
    .GetDeviceProperty = CPortTopology_GetDeviceProperty,
    .NewRegistryKey = CPortTopology_NewRegistryKey,
};

NTSTATUS PcpNewPortTopology(PPORT *OutPort)
{
    CPortTopology *port;

    port = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*port), PCP_TAG_PORT);
    if (NULL == port) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    port->Iface.lpVtbl = &CPortTopology_Vtbl;
    ComRefInit(&port->Ref);
    PcpPortConstruct(&port->Port, (PUNKNOWN)&port->Iface, &PcpTopologyOps);
    *OutPort = (PPORT)&port->Iface;
    return STATUS_SUCCESS;
}
