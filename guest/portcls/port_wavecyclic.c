/* SPDX-License-Identifier: MIT */
/*
 * The WaveCyclic port: binds an IMiniportWaveCyclic, hands it DMA channels
 * and forwards its Notify calls (ISR or timer DPC, any IRQL) to the service
 * group. Streams live in pin_wavecyclic; IUnknown/IPort behaviour and the
 * miniport reference (until unregistration) live in the frame (port.c).
 */
#include "private.h"

PCP_IPORT_THUNKS(IPortWaveCyclic)

/* Any IRQL: the miniport's ISR or timer DPC after clearing its source. */
static VOID NTAPI CPortWaveCyclic_Notify(IPortWaveCyclic *This,
                                         PSERVICEGROUP ServiceGroup)
{
    UNREFERENCED_PARAMETER(This);
    if (ServiceGroup != NULL) {
        COM_CALL(ServiceGroup, RequestService);
    }
}

static NTSTATUS NTAPI CPortWaveCyclic_NewSlaveDmaChannel(
    IPortWaveCyclic *This, PDMACHANNELSLAVE *DmaChannel,
    PUNKNOWN OuterUnknown, PRESOURCELIST ResourceList, ULONG DmaIndex,
    ULONG MaximumLength, BOOLEAN DemandMode, DMA_SPEED DmaSpeed)
{
    PCP_PORT *port = PCP_PORT_FROM_IFACE(This);

    PAGED_CODE();
    UNREFERENCED_PARAMETER(DemandMode);
    UNREFERENCED_PARAMETER(DmaSpeed);
    if (DmaChannel == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *DmaChannel = NULL;
    if (OuterUnknown != NULL || ResourceList == NULL ||
        COM_CALL(ResourceList, FindTranslatedEntry, CmResourceTypeDma,
                 DmaIndex) == NULL) {
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
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(DmaWidth);
    UNREFERENCED_PARAMETER(DmaSpeed);
    return PcpPortNewMasterDma(PCP_PORT_FROM_IFACE(This), DmaChannel,
                               OuterUnknown, MaximumLength,
                               Dma32BitAddresses, Dma64BitAddresses);
}

static const IPortWaveCyclicVtbl CPortWaveCyclic_Vtbl = {
    PCP_IPORT_SLOTS(IPortWaveCyclic),
    .Notify = CPortWaveCyclic_Notify,
    .NewSlaveDmaChannel = CPortWaveCyclic_NewSlaveDmaChannel,
    .NewMasterDmaChannel = CPortWaveCyclic_NewMasterDmaChannel,
};

/* The miniport creates its DMA channels inside Init. */
static NTSTATUS CPortWaveCyclic_InitMiniport(PCP_PORT *Port,
                                             PMINIPORT Miniport,
                                             PUNKNOWN UnknownAdapter,
                                             PRESOURCELIST ResourceList)
{
    return COM_CALL((PMINIPORTWAVECYCLIC)Miniport, Init, UnknownAdapter,
                    ResourceList, (PPORTWAVECYCLIC)&Port->Iface);
}

static const GUID *const PcpWaveCyclicCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE,
};

const PCP_PORT_OPS PcpPortWaveCyclicOps = {
    .Name = "WaveCyclic",
    .PortIid = &IID_IPortWaveCyclic,
    .MiniportIid = &IID_IMiniportWaveCyclic,
    .Vtbl = &CPortWaveCyclic_Vtbl,
    .ObjectSize = sizeof(PCP_PORT),
    .InitMiniport = CPortWaveCyclic_InitMiniport,
    .NewPin = PcpNewPinWaveCyclic,
    .DefaultCategories = PcpWaveCyclicCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpWaveCyclicCategories),
};
