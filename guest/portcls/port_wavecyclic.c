/* SPDX-License-Identifier: MIT */
/*
 * The WaveCyclic port: binds an IMiniportWaveCyclic, hands it DMA channels
 * and forwards its Notify calls (ISR or timer DPC, any IRQL) to the service
 * group. Streams live in pin_wavecyclic; IUnknown/IPort behaviour and the
 * miniport reference (until unregistration) live in the shared PCP_PORT.
 */
#include "private.h"

typedef struct CPortWaveCyclic {
    IPortWaveCyclic Iface;    /* first: PCP_PORT.Outer */
    PCP_PORT Port;
} CPortWaveCyclic;
_Static_assert(0 == offsetof(CPortWaveCyclic, Iface), "freed through Outer");

/* The miniport creates its DMA channels inside Init. */
static NTSTATUS CPortWaveCyclic_InitMiniport(PCP_PORT *Port,
                                             PMINIPORT Miniport,
                                             PUNKNOWN UnknownAdapter,
                                             PRESOURCELIST ResourceList)
{
    CPortWaveCyclic *port = CONTAINING_RECORD(Port, CPortWaveCyclic, Port);

    return COM_CALL((PMINIPORTWAVECYCLIC)Miniport, Init, UnknownAdapter,
                    ResourceList, &port->Iface);
}

static const GUID *const PcpWaveCyclicCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE,
};

static const PCP_PORT_OPS PcpWaveCyclicOps = {
    .Name = "WaveCyclic",
    .MiniportIid = &IID_IMiniportWaveCyclic,
    .InitMiniport = CPortWaveCyclic_InitMiniport,
    .NewPin = PcpNewPinWaveCyclic,
    .DefaultCategories = PcpWaveCyclicCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpWaveCyclicCategories),
};

static PCP_PORT *CPortWaveCyclic_From(IPortWaveCyclic *This)
{
    return &CONTAINING_RECORD(This, CPortWaveCyclic, Iface)->Port;
}

PMINIPORTWAVECYCLIC PcpPortWaveCyclicMiniport(PCP_PORT *Port)
{
    return (PMINIPORTWAVECYCLIC)Port->MiniportIface;
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

/* The IPort slots: thunks with this vtable's This type into port.c. */
static NTSTATUS NTAPI CPortWaveCyclic_QueryInterface(IPortWaveCyclic *This,
                                                     REFIID Iid,
                                                     PVOID *Object)
{
    return ComQueryInterface(CONTAINING_RECORD(This, CPortWaveCyclic, Iface),
                             CPortWaveCyclic_Qi,
                             COM_ARRAY_SIZE(CPortWaveCyclic_Qi), Iid, Object);
}

static ULONG NTAPI CPortWaveCyclic_AddRef(IPortWaveCyclic *This)
{
    return PcpPortAddRef(CPortWaveCyclic_From(This));
}

static ULONG NTAPI CPortWaveCyclic_Release(IPortWaveCyclic *This)
{
    return PcpPortRelease(CPortWaveCyclic_From(This));
}

static NTSTATUS NTAPI CPortWaveCyclic_Init(IPortWaveCyclic *This,
                                           PDEVICE_OBJECT DeviceObject,
                                           PIRP Irp, PUNKNOWN UnknownMiniport,
                                           PUNKNOWN UnknownAdapter,
                                           PRESOURCELIST ResourceList)
{
    UNREFERENCED_PARAMETER(Irp);
    return PcpPortInit(CPortWaveCyclic_From(This), DeviceObject,
                       UnknownMiniport, UnknownAdapter, ResourceList);
}

static NTSTATUS NTAPI CPortWaveCyclic_GetDeviceProperty(
    IPortWaveCyclic *This, DEVICE_REGISTRY_PROPERTY DeviceProperty,
    ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength)
{
    return PcpPortGetDeviceProperty(CPortWaveCyclic_From(This),
                                    DeviceProperty, BufferLength,
                                    PropertyBuffer, ResultLength);
}

static NTSTATUS NTAPI CPortWaveCyclic_NewRegistryKey(
    IPortWaveCyclic *This, PREGISTRYKEY *OutRegistryKey,
    PUNKNOWN OuterUnknown, ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions,
    PULONG Disposition)
{
    return PcpPortNewRegistryKey(CPortWaveCyclic_From(This), OutRegistryKey,
                                 OuterUnknown, RegistryKeyType,
                                 DesiredAccess, ObjectAttributes,
                                 CreateOptions, Disposition);
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
    PCP_PORT *port = CPortWaveCyclic_From(This);

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
    return PcpNewDmaChannel(DmaChannel, TRUE, port->DeviceObject,
                            MaximumLength, FALSE, FALSE);
}

static NTSTATUS NTAPI CPortWaveCyclic_NewMasterDmaChannel(
    IPortWaveCyclic *This, PDMACHANNEL *DmaChannel, PUNKNOWN OuterUnknown,
    PRESOURCELIST ResourceList, ULONG MaximumLength,
    BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses, DMA_WIDTH DmaWidth,
    DMA_SPEED DmaSpeed)
{
    PCP_PORT *port = CPortWaveCyclic_From(This);

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
                            port->DeviceObject, MaximumLength,
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
    PcpPortConstruct(&port->Port, (PUNKNOWN)&port->Iface, &PcpWaveCyclicOps);
    *OutPort = (PPORT)&port->Iface;
    return STATUS_SUCCESS;
}
