/* SPDX-License-Identifier: MIT */
/*
 * The Topology port: a filter whose pins are bridges and whose controls
 * (volume, mute, ...) are node properties answered by the miniport's
 * automation tables. It streams nothing, so pins cannot be instantiated.
 */
#include "private.h"

typedef struct CPortTopology {
    IPortTopology Iface;    /* first: PCP_PORT.Outer */
    PCP_PORT Port;
} CPortTopology;
_Static_assert(0 == offsetof(CPortTopology, Iface), "freed through Outer");

static NTSTATUS CPortTopology_InitMiniport(PCP_PORT *Port,
                                           PMINIPORT Miniport,
                                           PUNKNOWN UnknownAdapter,
                                           PRESOURCELIST ResourceList)
{
    CPortTopology *port = CONTAINING_RECORD(Port, CPortTopology, Port);

    return COM_CALL((PMINIPORTTOPOLOGY)Miniport, Init, UnknownAdapter,
                    ResourceList, &port->Iface);
}

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

static const GUID *const PcpTopologyCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_TOPOLOGY,
};

static const PCP_PORT_OPS PcpTopologyOps = {
    .Name = "Topology",
    .MiniportIid = &IID_IMiniportTopology,
    .InitMiniport = CPortTopology_InitMiniport,
    .NewPin = CPortTopology_NewPin,
    .DefaultCategories = PcpTopologyCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpTopologyCategories),
};

static PCP_PORT *CPortTopology_From(IPortTopology *This)
{
    return &CONTAINING_RECORD(This, CPortTopology, Iface)->Port;
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

/* The IPort slots: thunks with this vtable's This type into port.c. */
static NTSTATUS NTAPI CPortTopology_QueryInterface(IPortTopology *This,
                                                   REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CONTAINING_RECORD(This, CPortTopology, Iface),
                             CPortTopology_Qi,
                             COM_ARRAY_SIZE(CPortTopology_Qi), Iid, Object);
}

static ULONG NTAPI CPortTopology_AddRef(IPortTopology *This)
{
    return PcpPortAddRef(CPortTopology_From(This));
}

static ULONG NTAPI CPortTopology_Release(IPortTopology *This)
{
    return PcpPortRelease(CPortTopology_From(This));
}

static NTSTATUS NTAPI CPortTopology_Init(IPortTopology *This,
                                         PDEVICE_OBJECT DeviceObject,
                                         PIRP Irp, PUNKNOWN UnknownMiniport,
                                         PUNKNOWN UnknownAdapter,
                                         PRESOURCELIST ResourceList)
{
    UNREFERENCED_PARAMETER(Irp);
    return PcpPortInit(CPortTopology_From(This), DeviceObject,
                       UnknownMiniport, UnknownAdapter, ResourceList);
}

static NTSTATUS NTAPI CPortTopology_GetDeviceProperty(
    IPortTopology *This, DEVICE_REGISTRY_PROPERTY DeviceProperty,
    ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength)
{
    return PcpPortGetDeviceProperty(CPortTopology_From(This), DeviceProperty,
                                    BufferLength, PropertyBuffer,
                                    ResultLength);
}

static NTSTATUS NTAPI CPortTopology_NewRegistryKey(
    IPortTopology *This, PREGISTRYKEY *OutRegistryKey, PUNKNOWN OuterUnknown,
    ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions,
    PULONG Disposition)
{
    return PcpPortNewRegistryKey(CPortTopology_From(This), OutRegistryKey,
                                 OuterUnknown, RegistryKeyType,
                                 DesiredAccess, ObjectAttributes,
                                 CreateOptions, Disposition);
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
    PcpPortConstruct(&port->Port, (PUNKNOWN)&port->Iface, &PcpTopologyOps);
    *OutPort = (PPORT)&port->Iface;
    return STATUS_SUCCESS;
}
