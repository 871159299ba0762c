/* SPDX-License-Identifier: MIT */
/*
 * The Topology port: a filter whose pins are bridges and whose controls
 * (volume, mute, ...) are node properties answered by the miniport's
 * automation tables. It streams nothing, so pins cannot be instantiated.
 * IUnknown and IPort are the frame's (port.c).
 */
#include "private.h"

PCP_IPORT_THUNKS(IPortTopology)

static const IPortTopologyVtbl CPortTopology_Vtbl = {
    PCP_IPORT_SLOTS(IPortTopology),
};

static NTSTATUS CPortTopology_InitMiniport(PCP_PORT *Port,
                                           PMINIPORT Miniport,
                                           PUNKNOWN UnknownAdapter,
                                           PRESOURCELIST ResourceList)
{
    return COM_CALL((PMINIPORTTOPOLOGY)Miniport, Init, UnknownAdapter,
                    ResourceList, (PPORTTOPOLOGY)&Port->Iface);
}

static const GUID *const PcpTopologyCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_TOPOLOGY,
};

const PCP_PORT_OPS PcpPortTopologyOps = {
    .Name = "Topology",
    .PortIid = &IID_IPortTopology,
    .MiniportIid = &IID_IMiniportTopology,
    .Vtbl = &CPortTopology_Vtbl,
    .ObjectSize = sizeof(PCP_PORT),
    .InitMiniport = CPortTopology_InitMiniport,
    .NewPin = NULL,
    .DefaultCategories = PcpTopologyCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpTopologyCategories),
};
