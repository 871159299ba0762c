/* SPDX-License-Identifier: MIT */
/*
 * PcNewPort and PcNewMiniport: tables of {class id, constructor}. A port
 * type is one row here and its own file(s) with its PCP_PORT_OPS; a port
 * type not in the table answers STATUS_NOT_SUPPORTED.
 */
#include "private.h"

typedef struct PCP_PORT_CLASS {
    const CLSID *ClassId;
    const PCP_PORT_OPS *Ops;          /* PcpPortCreate(Ops, ...) */
} PCP_PORT_CLASS;

static const PCP_PORT_CLASS PcpPortClasses[] = {
    { &CLSID_PortWaveCyclic, &PcpPortWaveCyclicOps },
    { &CLSID_PortTopology, &PcpPortTopologyOps },
    { &CLSID_PortMidi, &PcpPortMidiOps },
    { &CLSID_PortWaveRT, &PcpPortWaveRTOps },
    { &CLSID_PortDMus, &PcpPortDMusOps },
    { &CLSID_PortWavePci, &PcpPortWavePciOps },
};

typedef struct PCP_MINIPORT_CLASS {
    const CLSID *ClassId;
    NTSTATUS (*Create)(PMINIPORT *OutMiniport);
} PCP_MINIPORT_CLASS;

/* PortCls' own miniports (the UART, later the DMus synthesizer ...); the
 * table ends in a NULL row. */
static const PCP_MINIPORT_CLASS PcpMiniportClasses[] = {
    { &CLSID_MiniportDriverUart, PcpNewMiniportUart },
    { &CLSID_MiniportDriverDMusUART, PcpNewMiniportDMusUart },
    { NULL, NULL },
};

NTSTATUS NTAPI PcNewPort(PPORT *OutPort, REFCLSID ClassId)
{
    ULONG i;

    if (OutPort == NULL || ClassId == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutPort = NULL;
    for (i = 0; i < COM_ARRAY_SIZE(PcpPortClasses); i++) {
        if (IsEqualGUIDAligned(ClassId, PcpPortClasses[i].ClassId)) {
            return PcpPortCreate(PcpPortClasses[i].Ops, OutPort);
        }
    }
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS NTAPI PcNewMiniport(PMINIPORT *OutMiniport, REFCLSID ClassId)
{
    ULONG i;

    if (OutMiniport != NULL) {
        *OutMiniport = NULL;
    }
    if (OutMiniport == NULL || ClassId == NULL) {
        return STATUS_NOT_SUPPORTED;
    }
    for (i = 0; PcpMiniportClasses[i].ClassId != NULL; i++) {
        if (IsEqualGUIDAligned(ClassId, PcpMiniportClasses[i].ClassId)) {
            return PcpMiniportClasses[i].Create(OutMiniport);
        }
    }
    return STATUS_NOT_SUPPORTED;
}
