/* SPDX-License-Identifier: MIT */
/*
 * The WavePci port: binds an IMiniportWavePci, keeps the service group its
 * Init returns and joins it with a sink that calls the miniport's Service,
 * hands the miniport master DMA channels and forwards Notify (any IRQL) to
 * a group. Streams and their mappings live in pin_wavepci.c; IUnknown/IPort
 * are the frame's (port.c).
 */
#include "private.h"

typedef struct PCP_PORT_WAVEPCI {
    PCP_PORT Port;                  /* first: the frame */
    IServiceSink SinkIface;         /* member of ServiceGroup */
    PSERVICEGROUP ServiceGroup;     /* from the miniport's Init, referenced */
} PCP_PORT_WAVEPCI;

static PCP_PORT_WAVEPCI *PcpPortWavePci(PCP_PORT *Port)
{
    return CONTAINING_RECORD(Port, PCP_PORT_WAVEPCI, Port);
}

/* The port's sink: IMiniportWavePci::Service ------------------------------- */

static PCP_PORT_WAVEPCI *PcpWavePciPortFromSink(IServiceSink *This)
{
    return CONTAINING_RECORD(This, PCP_PORT_WAVEPCI, SinkIface);
}

static NTSTATUS NTAPI PcpWavePciPortSink_QueryInterface(IServiceSink *This,
                                                        REFIID Iid,
                                                        PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IServiceSink)) {
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

/*
 * Not counted: the port leaves the group in Destroy, so the sink never
 * outlives the port and the group keeps no cycle through the miniport.
 */
static ULONG NTAPI PcpWavePciPortSink_Ref(IServiceSink *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

/* DISPATCH_LEVEL, from the group's DPC. */
static VOID NTAPI PcpWavePciPortSink_RequestService(IServiceSink *This)
{
    PCP_PORT_WAVEPCI *pci = PcpWavePciPortFromSink(This);
    PMINIPORTWAVEPCI miniport = (PMINIPORTWAVEPCI)pci->Port.MiniportIface;

    if (miniport != NULL) {
        COM_CALL(miniport, Service);
    }
}

static const IServiceSinkVtbl PcpWavePciPortSink_Vtbl = {
    .QueryInterface = PcpWavePciPortSink_QueryInterface,
    .AddRef = PcpWavePciPortSink_Ref,
    .Release = PcpWavePciPortSink_Ref,
    .RequestService = PcpWavePciPortSink_RequestService,
};

/* IPortWavePci ------------------------------------------------------------- */

PCP_IPORT_THUNKS(IPortWavePci)

/* Any IRQL: the miniport's ISR after clearing its source. */
static VOID NTAPI CPortWavePci_Notify(IPortWavePci *This,
                                      PSERVICEGROUP ServiceGroup)
{
    UNREFERENCED_PARAMETER(This);
    if (ServiceGroup != NULL) {
        COM_CALL(ServiceGroup, RequestService);
    }
}

/*
 * PASSIVE_LEVEL. A bus-master channel: ScatterGather, IgnoreCount and the
 * ISA-only DmaPort, width and speed describe hardware this stack has no
 * choice about; the buffer comes from AllocateBuffer as for WaveCyclic.
 */
static NTSTATUS NTAPI CPortWavePci_NewMasterDmaChannel(
    IPortWavePci *This, PDMACHANNEL *DmaChannel, PUNKNOWN OuterUnknown,
    POOL_TYPE PoolType, PRESOURCELIST ResourceList, BOOLEAN ScatterGather,
    BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses,
    BOOLEAN IgnoreCount, DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed,
    ULONG MaximumLength, ULONG DmaPort)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(PoolType);
    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ScatterGather);
    UNREFERENCED_PARAMETER(IgnoreCount);
    UNREFERENCED_PARAMETER(DmaWidth);
    UNREFERENCED_PARAMETER(DmaSpeed);
    UNREFERENCED_PARAMETER(DmaPort);
    return PcpPortNewMasterDma(PCP_PORT_FROM_IFACE(This), DmaChannel,
                               OuterUnknown, MaximumLength,
                               Dma32BitAddresses, Dma64BitAddresses);
}

static const IPortWavePciVtbl CPortWavePci_Vtbl = {
    PCP_IPORT_SLOTS(IPortWavePci),
    .Notify = CPortWavePci_Notify,
    .NewMasterDmaChannel = CPortWavePci_NewMasterDmaChannel,
};

/* The miniport's Init hands back the group whose service runs its Service. */
static NTSTATUS CPortWavePci_InitMiniport(PCP_PORT *Port, PMINIPORT Miniport,
                                          PUNKNOWN UnknownAdapter,
                                          PRESOURCELIST ResourceList)
{
    PCP_PORT_WAVEPCI *pci = PcpPortWavePci(Port);
    PSERVICEGROUP group = NULL;
    NTSTATUS status;

    pci->SinkIface.lpVtbl = &PcpWavePciPortSink_Vtbl;
    status = COM_CALL((PMINIPORTWAVEPCI)Miniport, Init, UnknownAdapter,
                      ResourceList, (PPORTWAVEPCI)&Port->Iface, &group);
    if (group != NULL) {
        if (NT_SUCCESS(status)) {
            pci->ServiceGroup = group;
            COM_CALL(group, AddMember, &pci->SinkIface);
        } else {
            COM_CALL(group, Release);
        }
    }
    return status;
}

static VOID CPortWavePci_Destroy(PCP_PORT *Port)
{
    PCP_PORT_WAVEPCI *pci = PcpPortWavePci(Port);

    if (pci->ServiceGroup != NULL) {
        COM_CALL(pci->ServiceGroup, RemoveMember, &pci->SinkIface);
        COM_SAFE_RELEASE(&pci->ServiceGroup);
    }
}

PSERVICEGROUP PcpPortWavePciServiceGroup(PCP_PORT *Port)
{
    return PcpPortWavePci(Port)->ServiceGroup;
}

static const GUID *const PcpWavePciCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE,
};

const PCP_PORT_OPS PcpPortWavePciOps = {
    .Name = "WavePci",
    .PortIid = &IID_IPortWavePci,
    .MiniportIid = &IID_IMiniportWavePci,
    .Vtbl = &CPortWavePci_Vtbl,
    .ObjectSize = sizeof(PCP_PORT_WAVEPCI),
    .InitMiniport = CPortWavePci_InitMiniport,
    .NewPin = PcpNewPinWavePci,
    .Destroy = CPortWavePci_Destroy,
    .DefaultCategories = PcpWavePciCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpWavePciCategories),
};
