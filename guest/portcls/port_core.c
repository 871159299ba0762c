/* SPDX-License-Identifier: MIT */
/*
 * What the rest of PortCls asks of any port: the PCP_PORT behind a port's
 * IUnknown, its pin and node descriptors, unbinding its miniport (at
 * unregistration or the last Release) and the bus-master DMA channel every
 * port type hands out. It calls nothing above it (dma_channel.c is below).
 */
#include "private.h"

/* Pins and nodes may carry a driver tail: walk by PinSize/NodeSize. */
const PCPIN_DESCRIPTOR *PcpPinDescriptor(const PCP_PORT *Port, ULONG PinId)
{
    const PCFILTER_DESCRIPTOR *d = Port->Descriptor;

    if (d == NULL || PinId >= d->PinCount) {
        return NULL;
    }
    return (const PCPIN_DESCRIPTOR *)((const UCHAR *)d->Pins +
                                      (SIZE_T)PinId * d->PinSize);
}

const PCNODE_DESCRIPTOR *PcpNodeDescriptor(const PCP_PORT *Port, ULONG NodeId)
{
    const PCFILTER_DESCRIPTOR *d = Port->Descriptor;

    if (d == NULL || NodeId >= d->NodeCount) {
        return NULL;
    }
    return (const PCNODE_DESCRIPTOR *)((const UCHAR *)d->Nodes +
                                       (SIZE_T)NodeId * d->NodeSize);
}

/*
 * Releases the miniport side; the miniport's own reference on the port goes
 * with it, which is what lets a registered port be freed at all. Filters and
 * pins still open keep the port (and its instance counts, freed only when
 * Final) but see it uninitialised.
 */
VOID PcpPortUnbind(PCP_PORT *Port, BOOLEAN Final)
{
    COM_SAFE_RELEASE(&Port->PinCount);
    COM_SAFE_RELEASE(&Port->PowerNotify);
    COM_SAFE_RELEASE(&Port->Miniport);
    Port->Initialized = FALSE;
    Port->Descriptor = NULL;
    if (Final && Port->GlobalInstances != NULL) {
        ExFreePoolWithTag(Port->GlobalInstances, PCP_TAG_PORT);
        Port->GlobalInstances = NULL;
    }
    COM_SAFE_RELEASE(&Port->MiniportIface);
}

PCP_PORT *PcpPortFromUnknown(PUNKNOWN Unknown)
{
    IPcpSubdevice *sub = NULL;
    PCP_PORT *port;

    if (Unknown == NULL ||
        !NT_SUCCESS(COM_CALL(Unknown, QueryInterface, &IID_IPcpSubdevice,
                             (PVOID *)&sub))) {
        return NULL;
    }
    port = PCP_PORT_FROM_SUBDEVICE(sub);
    COM_CALL(sub, Release);
    return port;
}

NTSTATUS PcpPortNewMasterDma(PCP_PORT *Port, PDMACHANNEL *DmaChannel,
                             PUNKNOWN OuterUnknown, ULONG MaximumLength,
                             BOOLEAN Dma32BitAddresses,
                             BOOLEAN Dma64BitAddresses)
{
    PAGED_CODE();
    if (DmaChannel == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *DmaChannel = NULL;
    if (OuterUnknown != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    return PcpNewDmaChannel((PDMACHANNELSLAVE *)DmaChannel, FALSE,
                            Port->DeviceObject, MaximumLength,
                            Dma32BitAddresses, Dma64BitAddresses);
}
