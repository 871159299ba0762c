/* SPDX-License-Identifier: MIT */
/*
 * The MIDI port: binds an IMiniportMidi, keeps the service group the
 * miniport registers (from Init or RegisterServiceGroup) and joins it with
 * its own sink, which calls the miniport's Service; the pins join the same
 * group (or their stream's), so one Notify from the miniport's ISR runs
 * the miniport's Service and then the pins' Read/Write loops. Streams live
 * in pin_midi.c; IUnknown/IPort are the frame's (port.c).
 */
#include "private.h"

typedef struct PCP_PORT_MIDI {
    PCP_PORT Port;                  /* first: the frame */
    IServiceSink SinkIface;         /* member of ServiceGroup */
    PSERVICEGROUP ServiceGroup;     /* referenced */
} PCP_PORT_MIDI;

static PCP_PORT_MIDI *PcpPortMidi(PCP_PORT *Port)
{
    return CONTAINING_RECORD(Port, PCP_PORT_MIDI, Port);
}

static PCP_PORT_MIDI *PcpPortMidiFromSink(IServiceSink *This)
{
    return CONTAINING_RECORD(This, PCP_PORT_MIDI, SinkIface);
}

/* The port's sink --------------------------------------------------------- */

static NTSTATUS NTAPI PcpMidiSink_QueryInterface(IServiceSink *This,
                                                 REFIID Iid, PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IServiceSink)) {
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

/*
 * The group's reference on the sink is not counted: the port holds the
 * group and leaves it in Destroy, so the sink never outlives the port and
 * the group does not keep the port alive (no cycle through the miniport).
 */
static ULONG NTAPI PcpMidiSink_AddRef(IServiceSink *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static ULONG NTAPI PcpMidiSink_Release(IServiceSink *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

/* DISPATCH_LEVEL, from the group's DPC. */
static VOID NTAPI PcpMidiSink_RequestService(IServiceSink *This)
{
    PCP_PORT_MIDI *midi = PcpPortMidiFromSink(This);
    PMINIPORTMIDI miniport = (PMINIPORTMIDI)midi->Port.MiniportIface;

    if (miniport != NULL) {
        COM_CALL(miniport, Service);
    }
}

static const IServiceSinkVtbl PcpMidiSink_Vtbl = {
    .QueryInterface = PcpMidiSink_QueryInterface,
    .AddRef = PcpMidiSink_AddRef,
    .Release = PcpMidiSink_Release,
    .RequestService = PcpMidiSink_RequestService,
};

/* IPortMidi --------------------------------------------------------------- */

PCP_IPORT_THUNKS(IPortMidi)

/* Any IRQL: the miniport's ISR after taking its bytes. */
static VOID NTAPI CPortMidi_Notify(IPortMidi *This,
                                   PSERVICEGROUP ServiceGroup)
{
    UNREFERENCED_PARAMETER(This);
    if (ServiceGroup != NULL) {
        COM_CALL(ServiceGroup, RequestService);
    }
}

/*
 * PASSIVE_LEVEL, normally inside the miniport's Init: the port joins the
 * group at once, so a Notify the miniport raises before Init returns
 * already reaches its Service. A second group replaces the first.
 */
static VOID NTAPI CPortMidi_RegisterServiceGroup(IPortMidi *This,
                                                 PSERVICEGROUP ServiceGroup)
{
    PCP_PORT_MIDI *midi = PcpPortMidi(PCP_PORT_FROM_IFACE(This));

    PAGED_CODE();
    if (ServiceGroup == NULL || ServiceGroup == midi->ServiceGroup) {
        return;
    }
    if (midi->ServiceGroup != NULL) {
        COM_CALL(midi->ServiceGroup, RemoveMember, &midi->SinkIface);
        COM_SAFE_RELEASE(&midi->ServiceGroup);
    }
    COM_CALL(ServiceGroup, AddRef);
    midi->ServiceGroup = ServiceGroup;
    COM_CALL(ServiceGroup, AddMember, &midi->SinkIface);
}

static const IPortMidiVtbl CPortMidi_Vtbl = {
    PCP_IPORT_SLOTS(IPortMidi),
    .Notify = CPortMidi_Notify,
    .RegisterServiceGroup = CPortMidi_RegisterServiceGroup,
};

/* The group Init hands back is registered like RegisterServiceGroup's. */
static NTSTATUS CPortMidi_InitMiniport(PCP_PORT *Port, PMINIPORT Miniport,
                                       PUNKNOWN UnknownAdapter,
                                       PRESOURCELIST ResourceList)
{
    PCP_PORT_MIDI *midi = PcpPortMidi(Port);
    PSERVICEGROUP group = NULL;
    NTSTATUS status;

    midi->SinkIface.lpVtbl = &PcpMidiSink_Vtbl;
    status = COM_CALL((PMINIPORTMIDI)Miniport, Init, UnknownAdapter,
                      ResourceList, (PPORTMIDI)&Port->Iface, &group);
    if (group != NULL) {
        if (NT_SUCCESS(status)) {
            CPortMidi_RegisterServiceGroup((PPORTMIDI)&Port->Iface, group);
        }
        COM_CALL(group, Release);
    }
    return status;
}

static VOID CPortMidi_Destroy(PCP_PORT *Port)
{
    PCP_PORT_MIDI *midi = PcpPortMidi(Port);

    if (midi->ServiceGroup != NULL) {
        COM_CALL(midi->ServiceGroup, RemoveMember, &midi->SinkIface);
        COM_SAFE_RELEASE(&midi->ServiceGroup);
    }
}

PSERVICEGROUP PcpPortMidiServiceGroup(PCP_PORT *Port)
{
    return PcpPortMidi(Port)->ServiceGroup;
}

static const GUID *const PcpMidiCategories[] = {
    &KSCATEGORY_AUDIO, &KSCATEGORY_RENDER, &KSCATEGORY_CAPTURE,
};

const PCP_PORT_OPS PcpPortMidiOps = {
    .Name = "Midi",
    .PortIid = &IID_IPortMidi,
    .MiniportIid = &IID_IMiniportMidi,
    .Vtbl = &CPortMidi_Vtbl,
    .ObjectSize = sizeof(PCP_PORT_MIDI),
    .InitMiniport = CPortMidi_InitMiniport,
    .NewPin = PcpNewPinMidi,
    .Destroy = CPortMidi_Destroy,
    .DefaultCategories = PcpMidiCategories,
    .DefaultCategoryCount = COM_ARRAY_SIZE(PcpMidiCategories),
};
