/* SPDX-License-Identifier: MIT */
/*
 * The WaveCyclic port: binds an IMiniportWaveCyclic, hands it DMA channels
 * and forwards its Notify calls (ISR or timer DPC, any IRQL) to the service
 * group. Streams live in pin_wavecyclic; this object only owns the miniport
 * until PortCls releases its children at unregistration.
 */
#include "private.h"

struct CPortWaveCyclic {
    IPortWaveCyclic Iface;
    COM_REF Ref;
    PCP_PORT Port;
    PMINIPORTWAVECYCLIC Miniport;   /* referenced while bound */
};

static VOID CPortWaveCyclic_ReleaseChildren(PCP_PORT *Port, BOOLEAN Final);

static const GUID *const PcpWaveCyclicCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE,
};

static const PCP_PORT_OPS PcpWaveCyclicOps = {
    .NewPin = PcpNewPinWaveCyclic,
    .ReleaseChildren = CPortWaveCyclic_ReleaseChildren,
    .DefaultCategories = PcpWaveCyclicCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpWaveCyclicCategories),
};

static CPortWaveCyclic *CPortWaveCyclic_From(IPortWaveCyclic *This)
{
    return CONTAINING_RECORD(This, CPortWaveCyclic, Iface);
}

PMINIPORTWAVECYCLIC PcpPortWaveCyclicMiniport(PCP_PORT *Port)
{
    return CONTAINING_RECORD(Port, CPortWaveCyclic, Port)->Miniport;
}

static const COM_QI_ENTRY CPortWaveCyclic_Qi[] = {
    { &IID_IUnknown, offsetof(CPortWaveCyclic, Iface) },
    { &IID_IPort, offsetof(CPortWaveCyclic, Iface) },
    { &IID_IPortWaveCyclic, offsetof(CPortWaveCyclic, Iface) },
    { &IID_IPortEvents, offsetof(CPortWaveCyclic, Port.EventsIface) },
    { &IID_IUnregisterSubdevice,
      offsetof(CPortWaveCyclic, Port.UnregisterIface) },
    { &IID_IPcpSubdevice, offsetof(CPortWaveCyclic, Port.SubdeviceIface) },
};

static NTSTATUS NTAPI CPortWaveCyclic_QueryInterface(IPortWaveCyclic *This,
                                                     REFIID Iid,
                                                     PVOID *Object)
{
    return ComQueryInterface(CPortWaveCyclic_From(This), CPortWaveCyclic_Qi,
                             COM_ARRAY_SIZE(CPortWaveCyclic_Qi), Iid, Object);
}

static ULONG NTAPI CPortWaveCyclic_AddRef(IPortWaveCyclic *This)
{
    return ComRefAddRef(&CPortWaveCyclic_From(This)->Ref);
}

static VOID CPortWaveCyclic_ReleaseChildren(PCP_PORT *Port, BOOLEAN Final)
{
    CPortWaveCyclic *port = CONTAINING_RECORD(Port, CPortWaveCyclic, Port);

    PcpPortDestruct(&port->Port, Final);
    COM_SAFE_RELEASE(&port->Miniport);
}

static ULONG NTAPI CPortWaveCyclic_Release(IPortWaveCyclic *This)
{
    CPortWaveCyclic *port = CPortWaveCyclic_From(This);
    ULONG count = ComRefRelease(&port->Ref);

    if (0 == count) {
        CPortWaveCyclic_ReleaseChildren(&port->Port, TRUE);
        ExFreePoolWithTag(port, PCP_TAG_PORT);
    }
    return count;
}

/* PASSIVE_LEVEL, from the adapter's StartDevice. */
static NTSTATUS NTAPI CPortWaveCyclic_Init(IPortWaveCyclic *This,
                                           PDEVICE_OBJECT DeviceObject,
                                           PIRP Irp, PUNKNOWN UnknownMiniport,
                                           PUNKNOWN UnknownAdapter,
                                           PRESOURCELIST ResourceList)
{
    CPortWaveCyclic *port = CPortWaveCyclic_From(This);
    PMINIPORTWAVECYCLIC miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Irp);
    if (port->Port.Initialized || NULL != port->Miniport) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (NULL == DeviceObject || NULL == UnknownMiniport ||
        !NT_SUCCESS(COM_CALL(UnknownMiniport, QueryInterface,
                             &IID_IMiniportWaveCyclic, (PVOID *)&miniport))) {
        return STATUS_INVALID_PARAMETER;
    }
    /* the miniport creates its DMA channels inside Init */
    port->Port.DeviceObject = DeviceObject;
    status = COM_CALL(miniport, Init, UnknownAdapter, ResourceList, This);
    if (NT_SUCCESS(status)) {
        status = PcpPortBind(&port->Port, DeviceObject, UnknownMiniport,
                             (PMINIPORT)miniport);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "WaveCyclic Init failed 0x%08x", (unsigned)status);
        port->Port.DeviceObject = NULL;
        COM_CALL(miniport, Release);
        return status;
    }
    port->Miniport = miniport;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CPortWaveCyclic_GetDeviceProperty(
    IPortWaveCyclic *This, DEVICE_REGISTRY_PROPERTY DeviceProperty,
    ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength)
{
    return PcpPortGetDeviceProperty(&CPortWaveCyclic_From(This)->Port,
                                    DeviceProperty, BufferLength,
                                    PropertyBuffer, ResultLength);
}

static NTSTATUS NTAPI CPortWaveCyclic_NewRegistryKey(
    IPortWaveCyclic *This, PREGISTRYKEY *OutRegistryKey,
    PUNKNOWN OuterUnknown, ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions,
    PULONG Disposition)
{
    return PcpPortNewRegistryKey(&CPortWaveCyclic_From(This)->Port,
                                 OutRegistryKey, OuterUnknown,
                                 RegistryKeyType, DesiredAccess,
                                 ObjectAttributes, CreateOptions,
                                 Disposition);
}

/* Any IRQL: the miniport's ISR or timer DPC after clearing its source. */
static VOID NTAPI CPortWaveCyclic_Notify(IPortWaveCyclic *This,
                                         PSERVICEGROUP ServiceGroup)
{
    UNREFERENCED_PARAMETER(This);
    if (NULL != ServiceGroup) {
        COM_CALL(ServiceGroup, RequestService);
    }
}

static NTSTATUS NTAPI CPortWaveCyclic_NewSlaveDmaChannel(
    IPortWaveCyclic *This, PDMACHANNELSLAVE *DmaChannel,
    PUNKNOWN OuterUnknown, PRESOURCELIST ResourceList, ULONG DmaIndex,
    ULONG MaximumLength, BOOLEAN DemandMode, DMA_SPEED DmaSpeed)
{
    CPortWaveCyclic *port = CPortWaveCyclic_From(This);

    PAGED_CODE();
    UNREFERENCED_PARAMETER(DemandMode);
    UNREFERENCED_PARAMETER(DmaSpeed);
    if (NULL == DmaChannel) {
        return STATUS_INVALID_PARAMETER;
    }
    *DmaChannel = NULL;
    if (NULL != OuterUnknown || NULL == ResourceList ||
        NULL == COM_CALL(ResourceList, FindTranslatedEntry,
                         CmResourceTypeDma, DmaIndex)) {
        return STATUS_INVALID_PARAMETER;
    }
    return PcpNewDmaChannel(DmaChannel, TRUE, port->Port.DeviceObject,
                            MaximumLength, FALSE, FALSE);
}

static NTSTATUS NTAPI CPortWaveCyclic_NewMasterDmaChannel(
    IPortWaveCyclic *This, PDMACHANNEL *DmaChannel, PUNKNOWN OuterUnknown,
    PRESOURCELIST ResourceList, ULONG MaximumLength,
    BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses, DMA_WIDTH DmaWidth,
    DMA_SPEED DmaSpeed)
{
    CPortWaveCyclic *port = CPortWaveCyclic_From(This);

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(DmaWidth);
    UNREFERENCED_PARAMETER(DmaSpeed);
    if (NULL == DmaChannel) {
        return STATUS_INVALID_PARAMETER;
    }
    *DmaChannel = NULL;
    if (NULL != OuterUnknown) {
        return STATUS_INVALID_PARAMETER;
    }
    return PcpNewDmaChannel((PDMACHANNELSLAVE *)DmaChannel, FALSE,
                            port->Port.DeviceObject, MaximumLength,
                            Dma32BitAddresses, Dma64BitAddresses);
}

static const IPortWaveCyclicVtbl CPortWaveCyclic_Vtbl = {
    .QueryInterface = CPortWaveCyclic_QueryInterface,
    .AddRef = CPortWaveCyclic_AddRef,
    .Release = CPortWaveCyclic_Release,
    .Init = CPortWaveCyclic_Init,
    .GetDeviceProperty = CPortWaveCyclic_GetDeviceProperty,
    .NewRegistryKey = CPortWaveCyclic_NewRegistryKey,
    .Notify = CPortWaveCyclic_Notify,
    .NewSlaveDmaChannel = CPortWaveCyclic_NewSlaveDmaChannel,
    .NewMasterDmaChannel = CPortWaveCyclic_NewMasterDmaChannel,
};

NTSTATUS PcpNewPortWaveCyclic(PPORT *OutPort)
{
    CPortWaveCyclic *port;

    port = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*port), PCP_TAG_PORT);
    if (NULL == port) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    port->Iface.lpVtbl = &CPortWaveCyclic_Vtbl;
    ComRefInit(&port->Ref);
    PcpPortConstruct(&port->Port, (PUNKNOWN)&port->Iface, &PcpWaveCyclicOps);
    *OutPort = (PPORT)&port->Iface;
    return STATUS_SUCCESS;
}
