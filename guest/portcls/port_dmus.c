/* SPDX-License-Identifier: MIT */
/*
 * The DMus port: binds an IMiniportDMus, keeps the service group it
 * registers (Init or RegisterServiceGroup) and owns the master clock its
 * streams get. The pins (pin_dmus.c) join the group: one Notify from the
 * miniport's ISR runs each pin's service, which calls the miniport's
 * Service first. IUnknown/IPort are the frame's (port.c).
 */
#include "private.h"

typedef struct PCP_PORT_DMUS {
    PCP_PORT Port;                  /* first: the frame */
    IMasterClock ClockIface;        /* lives as long as the port */
    PSERVICEGROUP ServiceGroup;     /* referenced */
} PCP_PORT_DMUS;

static PCP_PORT_DMUS *PcpPortDMus(PCP_PORT *Port)
{
    return CONTAINING_RECORD(Port, PCP_PORT_DMUS, Port);
}

/* The master clock --------------------------------------------------------- */

static NTSTATUS NTAPI PcpMasterClock_QueryInterface(IMasterClock *This,
                                                    REFIID Iid,
                                                    PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown)) {
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

/*
 * Not counted: a stream that keeps the clock is closed (its pin holds the
 * port) before the port can go.
 */
static ULONG NTAPI PcpMasterClock_AddRef(IMasterClock *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static ULONG NTAPI PcpMasterClock_Release(IMasterClock *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

/*
 * Any IRQL. Deviation: the master clock is the interrupt time (100 ns since
 * boot), not a KS clock chosen by the graph; clients stamp events in it.
 */
static NTSTATUS NTAPI PcpMasterClock_GetTime(IMasterClock *This,
                                             REFERENCE_TIME *Time)
{
    UNREFERENCED_PARAMETER(This);
    if (Time == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *Time = (REFERENCE_TIME)KeQueryInterruptTime();
    return STATUS_SUCCESS;
}

static const IMasterClockVtbl PcpMasterClock_Vtbl = {
    .QueryInterface = PcpMasterClock_QueryInterface,
    .AddRef = PcpMasterClock_AddRef,
    .Release = PcpMasterClock_Release,
    .GetTime = PcpMasterClock_GetTime,
};

/* IPortDMus ---------------------------------------------------------------- */

PCP_IPORT_THUNKS(IPortDMus)

/* Any IRQL: the miniport's ISR. */
static VOID NTAPI CPortDMus_Notify(IPortDMus *This,
                                   PSERVICEGROUP ServiceGroup)
{
    UNREFERENCED_PARAMETER(This);
    if (ServiceGroup != NULL) {
        COM_CALL(ServiceGroup, RequestService);
    }
}

/*
 * PASSIVE_LEVEL. Pins opened later join this group when the miniport's
 * NewStream gives them none of their own; a second group replaces the
 * first for them.
 */
static VOID NTAPI CPortDMus_RegisterServiceGroup(IPortDMus *This,
                                                 PSERVICEGROUP ServiceGroup)
{
    PCP_PORT_DMUS *dmus = PcpPortDMus(PCP_PORT_FROM_IFACE(This));

    PAGED_CODE();
    if (ServiceGroup == NULL || ServiceGroup == dmus->ServiceGroup) {
        return;
    }
    COM_CALL(ServiceGroup, AddRef);
    COM_SAFE_RELEASE(&dmus->ServiceGroup);
    dmus->ServiceGroup = ServiceGroup;
}

static const IPortDMusVtbl CPortDMus_Vtbl = {
    PCP_IPORT_SLOTS(IPortDMus),
    .Notify = CPortDMus_Notify,
    .RegisterServiceGroup = CPortDMus_RegisterServiceGroup,
};

static NTSTATUS CPortDMus_InitMiniport(PCP_PORT *Port, PMINIPORT Miniport,
                                       PUNKNOWN UnknownAdapter,
                                       PRESOURCELIST ResourceList)
{
    PCP_PORT_DMUS *dmus = PcpPortDMus(Port);
    PSERVICEGROUP group = NULL;
    NTSTATUS status;

    dmus->ClockIface.lpVtbl = &PcpMasterClock_Vtbl;
    status = COM_CALL((PMINIPORTDMUS)Miniport, Init, UnknownAdapter,
                      ResourceList, (PPORTDMUS)&Port->Iface, &group);
    if (group != NULL) {
        if (NT_SUCCESS(status)) {
            CPortDMus_RegisterServiceGroup((PPORTDMUS)&Port->Iface, group);
        }
        COM_CALL(group, Release);
    }
    return status;
}

static VOID CPortDMus_Destroy(PCP_PORT *Port)
{
    COM_SAFE_RELEASE(&PcpPortDMus(Port)->ServiceGroup);
}

PSERVICEGROUP PcpPortDMusServiceGroup(PCP_PORT *Port)
{
    return PcpPortDMus(Port)->ServiceGroup;
}

PMASTERCLOCK PcpPortDMusMasterClock(PCP_PORT *Port)
{
    return &PcpPortDMus(Port)->ClockIface;
}

static const GUID *const PcpDMusCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE,
};

const PCP_PORT_OPS PcpPortDMusOps = {
    .Name = "DMus",
    .PortIid = &IID_IPortDMus,
    .MiniportIid = &IID_IMiniportDMus,
    .Vtbl = &CPortDMus_Vtbl,
    .ObjectSize = sizeof(PCP_PORT_DMUS),
    .InitMiniport = CPortDMus_InitMiniport,
    .NewPin = PcpNewPinDMus,
    .Destroy = CPortDMus_Destroy,
    .DefaultCategories = PcpDMusCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpDMusCategories),
};
