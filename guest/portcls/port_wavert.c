/* SPDX-License-Identifier: MIT */
/*
 * The WaveRT port: binds an IMiniportWaveRT. IPortWaveRT adds nothing to
 * IPort; the streams (pin_wavert.c) hand each miniport stream an
 * IPortWaveRTStream for its buffer pages and map that buffer to the client.
 * IUnknown/IPort behaviour and the miniport reference live in the frame
 * (port.c).
 */
#include "private.h"

PCP_IPORT_THUNKS(IPortWaveRT)

static const IPortWaveRTVtbl CPortWaveRT_Vtbl = {
    PCP_IPORT_SLOTS(IPortWaveRT),
};

static NTSTATUS CPortWaveRT_InitMiniport(PCP_PORT *Port, PMINIPORT Miniport,
                                         PUNKNOWN UnknownAdapter,
                                         PRESOURCELIST ResourceList)
{
    return COM_CALL((PMINIPORTWAVERT)Miniport, Init, UnknownAdapter,
                    ResourceList, (PPORTWAVERT)&Port->Iface);
}

static const GUID *const PcpWaveRTCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE,
    &KSCATEGORY_REALTIME,
};

const PCP_PORT_OPS PcpPortWaveRTOps = {
    .Name = "WaveRT",
    .PortIid = &IID_IPortWaveRT,
    .MiniportIid = &IID_IMiniportWaveRT,
    .Vtbl = &CPortWaveRT_Vtbl,
    .ObjectSize = sizeof(PCP_PORT),
    .InitMiniport = CPortWaveRT_InitMiniport,
    .NewPin = PcpNewPinWaveRT,
    .DefaultCategories = PcpWaveRTCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpWaveRTCategories),
};
