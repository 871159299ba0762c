/* SPDX-License-Identifier: MIT */
/*
 * CMiniportDMusCyc, the cycaudio DMus miniport: the device's sequencer and
 * synthesiser (docs/cycaudio.rst "Sequencer and synthesiser") behind
 * IMiniportDMus. NewStream gives a render IMXF that splits each event's
 * MIDI bytes into channel messages and queues them in the device's event
 * ring at their time, converted from the master clock to the device's WALL;
 * the synthesiser plays into a render stream block of its own, running on a
 * buffer of silence. One synth stream at a time; no interrupt is used (the
 * ring is large and events go back to the allocator as soon as queued).
 */
#include "common.h"
#include "seqring.h"

typedef struct CMiniportDMusCycStream CMiniportDMusCycStream;

typedef struct CMiniportDMusCyc {
    IMiniportDMus Iface;
    IPowerNotify PowerIface;
    COM_REF Ref;
    PADAPTERCOMMON AdapterCommon;   /* referenced */
    PCYC_HW Hw;
    PPORTDMUS Port;                 /* referenced */
    LONG StreamOpen;                /* one synth stream */
    CMiniportDMusCycStream *Stream; /* it (not referenced), or NULL */
    KSDATARANGE_MUSIC Ranges[2];    /* DirectMusic, MIDI */
    PKSDATARANGE RangePointers[2];
    PKSDATARANGE BridgeRange[1];
    PCPIN_DESCRIPTOR Pins[KSPIN_DMUS_COUNT];
    PCCONNECTION_DESCRIPTOR Connections[1];
    PCFILTER_DESCRIPTOR Descriptor;
} CMiniportDMusCyc;

struct CMiniportDMusCycStream {
    IMXF Iface;
    COM_REF Ref;
    CMiniportDMusCyc *Miniport;     /* referenced */
    PCYC_HW Hw;
    PAllocatorMXF Allocator;        /* referenced */
    PMASTERCLOCK Clock;
    ULONG Block;                    /* the synth's render stream block */
    BOOLEAN Claimed;
    PVOID Silence;
    PUCHAR Ring;                    /* DMUS_RING_EVENTS events */
    KSSTATE State;

    KSPIN_LOCK Lock;                /* the fields below: PutMessage */
    ULONG Tail;
    ULONG HeadSeen;                 /* HEAD as last read */
    LONGLONG AnchorWall;            /* WALL (ns) at the RUN write ... */
    REFERENCE_TIME AnchorMaster;    /* ... and the master clock then */
    CYC_MIDI_PARSER Midi;
    ULONGLONG Queued;               /* channel messages put in the ring */
    ULONG Dropped;                  /* ring full */

    /* power (CDMusStream_PowerDown/Up), PASSIVE_LEVEL */
    REFERENCE_TIME PausedMaster;    /* master time of the last RUN -> PAUSE */
    BOOLEAN PoweredDown;            /* the device lost the ring in D3 */
    BOOLEAN Resend;                 /* Saved go back in at the next RUN */
    CYC_SEQ_SAVED_EVENT *Saved;       /* the ring's unconsumed events */
    ULONG SavedCount;
};

static CMiniportDMusCyc *CMiniportDMusCyc_From(IMiniportDMus *This)
{
    return CONTAINING_RECORD(This, CMiniportDMusCyc, Iface);
}

static CMiniportDMusCycStream *CDMusStream_From(IMXF *This)
{
    return CONTAINING_RECORD(This, CMiniportDMusCycStream, Iface);
}

/* The stream --------------------------------------------------------------- */

static const COM_QI_ENTRY CDMusStream_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportDMusCycStream, Iface) },
    { &IID_IMXF, offsetof(CMiniportDMusCycStream, Iface) },
};

static NTSTATUS NTAPI CDMusStream_QueryInterface(IMXF *This, REFIID Iid,
                                                 PVOID *Object)
{
    return ComQueryInterface(CDMusStream_From(This), CDMusStream_Qi,
                             COM_ARRAY_SIZE(CDMusStream_Qi), Iid, Object);
}

static ULONG NTAPI CDMusStream_AddRef(IMXF *This)
{
    return ComRefAddRef(&CDMusStream_From(This)->Ref);
}

/* PASSIVE_LEVEL (the pin's close): the device is stopped first. */
static ULONG NTAPI CDMusStream_Release(IMXF *This)
{
    CMiniportDMusCycStream *stream = CDMusStream_From(This);
    ULONG count = ComRefRelease(&stream->Ref);

    if (count != 0) {
        return count;
    }
    (void)InterlockedCompareExchangePointer(
        (PVOID *)&stream->Miniport->Stream, NULL, stream);
    if (stream->Saved != NULL) {
        ExFreePoolWithTag(stream->Saved, CYC_POOLTAG_DMUS);
    }
    if (stream->Claimed) {
        CycHwWrite(stream->Hw, CYC_SEQ_CTL, 0);
        CycHwStreamReset(stream->Hw, stream->Block);
        COM_CALL(stream->Miniport->AdapterCommon, FreeStream, stream->Block);
    }
    if (stream->Silence != NULL) {
        MmFreeContiguousMemory(stream->Silence);
    }
    if (stream->Ring != NULL) {
        MmFreeContiguousMemory(stream->Ring);
    }
    COM_SAFE_RELEASE(&stream->Allocator);
    InterlockedExchange(&stream->Miniport->StreamOpen, 0);
    COM_CALL(&stream->Miniport->Iface, Release);
    ExFreePoolWithTag(stream, CYC_POOLTAG_DMUS);
    return 0;
}

/* The synth's block, an empty ring, voices off; the block in PAUSE. */
static NTSTATUS CDMusStream_Program(CMiniportDMusCycStream *Stream)
{
    NTSTATUS status = CycSeqProgram(Stream->Hw, Stream->Block,
                                    Stream->Silence, Stream->Ring);
    KIRQL oldIrql;

    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeAcquireSpinLock(&Stream->Lock, &oldIrql);
    Stream->Tail = 0;
    Stream->HeadSeen = 0;
    KeReleaseSpinLock(&Stream->Lock, oldIrql);
    CycHwStreamSetState(Stream->Hw, Stream->Block, CYC_STATE_PAUSE);
    return STATUS_SUCCESS;
}

static VOID CDMusStream_Queue(CMiniportDMusCycStream *Stream, ULONG Message,
                              REFERENCE_TIME Time);

static VOID CDMusStream_ForgetSaved(CMiniportDMusCycStream *Stream)
{
    if (Stream->Saved != NULL) {
        ExFreePoolWithTag(Stream->Saved, CYC_POOLTAG_DMUS);
    }
    Stream->Saved = NULL;
    Stream->SavedCount = 0;
    Stream->Resend = FALSE;
    Stream->PoweredDown = FALSE;
}

/* PAUSE sets up the stream and the ring; RUN anchors the clocks, starts. */
static NTSTATUS NTAPI CDMusStream_SetState(IMXF *This, KSSTATE State)
{
    CMiniportDMusCycStream *stream = CDMusStream_From(This);
    PCYC_HW hw = stream->Hw;
    KIRQL oldIrql;
    NTSTATUS status;

    if (State == KSSTATE_STOP) {
        CycHwStreamSetState(hw, stream->Block, CYC_STATE_STOP);
        CycHwWrite(hw, CYC_SEQ_CTL, 0);
        CDMusStream_ForgetSaved(stream);
        DPF(D_TERSE, "dmus: stream stopped: %llu messages queued, %u dropped",
            stream->Queued, (unsigned)stream->Dropped);
    } else if (State == KSSTATE_PAUSE && stream->State != KSSTATE_RUN) {
        status = CDMusStream_Program(stream);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    } else if (State == KSSTATE_PAUSE) {
        COM_CALL(stream->Clock, GetTime, &stream->PausedMaster);
        CycHwStreamSetState(hw, stream->Block, CYC_STATE_PAUSE);
    } else if (State == KSSTATE_RUN) {
        /*
         * Both clocks are read just before the RUN write, WALL last: the
         * anchor is at or before the stream's frame 0 by a few
         * instructions, so an event at the anchor's master time acts from
         * frame 0. After D3 the stream's time goes on from the pause: the
         * master anchor is the pause's, and the events the ring held go
         * back in, shifted by the time asleep.
         */
        KeAcquireSpinLock(&stream->Lock, &oldIrql);
        COM_CALL(stream->Clock, GetTime, &stream->AnchorMaster);
        if (stream->Resend) {
            stream->AnchorMaster = stream->PausedMaster;
        }
        stream->AnchorWall = CycSeqWall(stream->Hw);
        for (ULONG i = 0; stream->Resend && i < stream->SavedCount; i++) {
            CDMusStream_Queue(stream, stream->Saved[i].Message,
                              stream->Saved[i].Time);
        }
        CycHwStreamSetState(hw, stream->Block, CYC_STATE_RUN);
        KeReleaseSpinLock(&stream->Lock, oldIrql);
        DPF(D_TERSE, "dmus: stream %u run: anchor wall %lld ns master %lld",
            (unsigned)stream->Block, stream->AnchorWall,
            stream->AnchorMaster);
        if (stream->Resend) {
            DPF(D_TERSE, "dmus: %u events back in the ring after D3",
                (unsigned)stream->SavedCount);
            CDMusStream_ForgetSaved(stream);
        }
    }
    stream->State = State;
    return STATUS_SUCCESS;
}

/*
 * The device time (WALL, ns) of master time Time (100 ns units). A client
 * may date an event centuries away: beyond a quarter of the range either
 * way it stays there (never reached, or long past) instead of overflowing.
 */
static LONGLONG CDMusStream_Wall(const CMiniportDMusCycStream *Stream,
                                 REFERENCE_TIME Time)
{
    const LONGLONG limit = MAXLONGLONG / (4 * DMUS_NS_PER_100NS);
    LONGLONG ahead;

    /* the anchor is a clock reading, far from either end of the range */
    if (Time > Stream->AnchorMaster + limit) {
        ahead = limit;
    } else if (Time < Stream->AnchorMaster - limit) {
        ahead = -limit;
    } else {
        ahead = Time - Stream->AnchorMaster;
    }
    return Stream->AnchorWall + ahead * DMUS_NS_PER_100NS;
}

/* Lock held. One channel message into the ring at master time Time. */
static VOID CDMusStream_Queue(CMiniportDMusCycStream *Stream, ULONG Message,
                              REFERENCE_TIME Time)
{
    LONGLONG wall = CDMusStream_Wall(Stream, Time);

    if (CycSeqPut(Stream->Hw, Stream->Ring, &Stream->Tail, &Stream->HeadSeen,
                  wall, Message)) {
        Stream->Queued++;
    } else {
        Stream->Dropped++;
    }
}

/* Lock held. MIDI bytes as channel messages into the ring (seqring.c). */
static VOID CDMusStream_Parse(CMiniportDMusCycStream *Stream,
                              const UCHAR *Bytes, ULONG Count,
                              REFERENCE_TIME Time)
{
    ULONG message;

    for (ULONG i = 0; i < Count; i++) {
        if (CycMidiParse(&Stream->Midi, Bytes[i], &message)) {
            CDMusStream_Queue(Stream, message, Time);
        }
    }
}

/*
 * <= DISPATCH_LEVEL, from the port's sequencer. Every event of the chain is
 * queued (a package's inner chain too) and the chain goes back to the
 * allocator at once.
 */
static NTSTATUS NTAPI CDMusStream_PutMessage(IMXF *This,
                                             PDMUS_KERNEL_EVENT Event)
{
    CMiniportDMusCycStream *stream = CDMusStream_From(This);
    PDMUS_KERNEL_EVENT event;
    KIRQL oldIrql;

    if (Event == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    for (event = Event; event != NULL; event = event->pNextEvt) {
        PDMUS_KERNEL_EVENT inner = PACKAGE_EVT(event) ?
                                   event->uData.pPackageEvt : event;

        for (; inner != NULL; inner = inner == event ? NULL :
                                      inner->pNextEvt) {
            const UCHAR *bytes = SHORT_EVT(inner) ? inner->uData.abData :
                                 inner->uData.pbData;

            if (inner->usChannelGroup <= DMUS_CHANNEL_GROUPS &&
                bytes != NULL) {
                CDMusStream_Parse(stream, bytes, inner->cbEvent,
                                  inner->ullPresTime100ns);
            }
        }
    }
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    return COM_CALL(stream->Allocator, PutMessage, Event);
}

/* A render stream has no output: the device is its end. */
static NTSTATUS NTAPI CDMusStream_ConnectOutput(IMXF *This, PMXF SinkMXF)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(SinkMXF);
    return STATUS_NOT_IMPLEMENTED;
}

static const IMXFVtbl CDMusStream_Vtbl = {
    .QueryInterface = CDMusStream_QueryInterface,
    .AddRef = CDMusStream_AddRef,
    .Release = CDMusStream_Release,
    .SetState = CDMusStream_SetState,
    .PutMessage = CDMusStream_PutMessage,
    .ConnectOutput = CDMusStream_ConnectOutput,
    .DisconnectOutput = CDMusStream_ConnectOutput,
};

/* Power ------------------------------------------------------------------- */

/*
 * Before D3 (the port paused the stream, so the device consumes nothing):
 * the events the device has not consumed are kept with their master times
 * (seqring.c), after those an earlier D3 kept if no RUN resent them yet;
 * then the block and the sequencer stop. The ring's memory
 * survives, its registers do not.
 */
static VOID CDMusStream_PowerDown(CMiniportDMusCycStream *Stream)
{
    ULONG tail;
    KIRQL oldIrql;

    if (Stream->State == KSSTATE_STOP || Stream->PoweredDown) {
        return;
    }
    KeAcquireSpinLock(&Stream->Lock, &oldIrql);
    tail = Stream->Tail;
    KeReleaseSpinLock(&Stream->Lock, oldIrql);
    Stream->Saved = CycSeqKeep(Stream->Hw, Stream->Ring, tail,
                               Stream->AnchorWall, Stream->AnchorMaster,
                               CYC_POOLTAG_DMUS, Stream->Saved,
                               &Stream->SavedCount);
    CycHwStreamSetState(Stream->Hw, Stream->Block, CYC_STATE_STOP);
    CycHwWrite(Stream->Hw, CYC_SEQ_CTL, 0);
    Stream->PoweredDown = TRUE;
    DPF(D_TERSE, "dmus: power down: %u events kept, paused at master %lld",
        (unsigned)Stream->SavedCount, Stream->PausedMaster);
}

/* After D0: the block and an empty ring again, in PAUSE; RUN resends. */
static VOID CDMusStream_PowerUp(CMiniportDMusCycStream *Stream)
{
    if (!Stream->PoweredDown) {
        return;
    }
    Stream->PoweredDown = FALSE;
    if (!NT_SUCCESS(CDMusStream_Program(Stream))) {
        return;
    }
    Stream->Resend = TRUE;
}

/* IMiniportDMus ------------------------------------------------------------ */

static const COM_QI_ENTRY CMiniportDMusCyc_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportDMusCyc, Iface) },
    { &IID_IMiniport, offsetof(CMiniportDMusCyc, Iface) },
    { &IID_IMiniportDMus, offsetof(CMiniportDMusCyc, Iface) },
    { &IID_IPowerNotify, offsetof(CMiniportDMusCyc, PowerIface) },
};

static NTSTATUS NTAPI CMiniportDMusCyc_QueryInterface(IMiniportDMus *This,
                                                      REFIID Iid,
                                                      PVOID *Object)
{
    return ComQueryInterface(CMiniportDMusCyc_From(This), CMiniportDMusCyc_Qi,
                             COM_ARRAY_SIZE(CMiniportDMusCyc_Qi), Iid,
                             Object);
}

static ULONG NTAPI CMiniportDMusCyc_AddRef(IMiniportDMus *This)
{
    return ComRefAddRef(&CMiniportDMusCyc_From(This)->Ref);
}

static ULONG NTAPI CMiniportDMusCyc_Release(IMiniportDMus *This)
{
    CMiniportDMusCyc *miniport = CMiniportDMusCyc_From(This);
    ULONG count = ComRefRelease(&miniport->Ref);

    if (count != 0) {
        return count;
    }
    COM_SAFE_RELEASE(&miniport->Port);
    COM_SAFE_RELEASE(&miniport->AdapterCommon);
    ExFreePoolWithTag(miniport, CYC_POOLTAG_DMUS);
    return 0;
}

static NTSTATUS NTAPI CMiniportDMusCyc_GetDescription(
    IMiniportDMus *This, PPCFILTER_DESCRIPTOR *Description)
{
    *Description = &CMiniportDMusCyc_From(This)->Descriptor;
    return STATUS_SUCCESS;
}

/* The port's generic intersection answers for music ranges. */
static NTSTATUS NTAPI CMiniportDMusCyc_DataRangeIntersection(
    IMiniportDMus *This, ULONG PinId, PKSDATARANGE DataRange,
    PKSDATARANGE MatchingDataRange, ULONG OutputBufferLength,
    PVOID ResultantFormat, PULONG ResultantFormatLength)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(PinId);
    UNREFERENCED_PARAMETER(DataRange);
    UNREFERENCED_PARAMETER(MatchingDataRange);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(ResultantFormat);
    UNREFERENCED_PARAMETER(ResultantFormatLength);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI CMiniportDMusCyc_Init(IMiniportDMus *This,
                                            PUNKNOWN UnknownAdapter,
                                            PRESOURCELIST ResourceList,
                                            PPORTDMUS Port,
                                            PSERVICEGROUP *ServiceGroup)
{
    CMiniportDMusCyc *miniport = CMiniportDMusCyc_From(This);
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    *ServiceGroup = NULL;
    if (UnknownAdapter == NULL || Port == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = COM_CALL(UnknownAdapter, QueryInterface, &IID_IAdapterCommon,
                      (PVOID *)&miniport->AdapterCommon);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    miniport->Hw = COM_CALL(miniport->AdapterCommon, GetHw);
    if (CYC_GET(miniport->Hw->Caps, CYC_CAPS_SEQ) == 0) {
        COM_SAFE_RELEASE(&miniport->AdapterCommon);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    miniport->Port = Port;
    COM_CALL(Port, AddRef);
    return STATUS_SUCCESS;
}

/* Nothing to service: the device needs no interrupt. */
static VOID NTAPI CMiniportDMusCyc_Service(IMiniportDMus *This)
{
    UNREFERENCED_PARAMETER(This);
}

static NTSTATUS CDMusStream_Setup(CMiniportDMusCycStream *Stream)
{
    PHYSICAL_ADDRESS highest;
    NTSTATUS status;

    highest.QuadPart = -1;
    Stream->Silence = MmAllocateContiguousMemory(
        DMUS_BUFFER_FRAMES * DMUS_FRAME_BYTES, highest);
    Stream->Ring = MmAllocateContiguousMemory(
        DMUS_RING_EVENTS * CYC_SEQ_EVENT_SIZE, highest);
    if (Stream->Silence == NULL || Stream->Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(Stream->Silence, DMUS_BUFFER_FRAMES * DMUS_FRAME_BYTES);
    RtlZeroMemory(Stream->Ring, DMUS_RING_EVENTS * CYC_SEQ_EVENT_SIZE);
    status = COM_CALL(Stream->Miniport->AdapterCommon, ClaimStream, FALSE,
                      &Stream->Block);
    Stream->Claimed = NT_SUCCESS(status);
    return status;
}

static NTSTATUS NTAPI CMiniportDMusCyc_NewStream(
    IMiniportDMus *This, PMXF *MXF, PUNKNOWN OuterUnknown,
    POOL_TYPE PoolType, ULONG PinID, DMUS_STREAM_TYPE StreamType,
    PKSDATAFORMAT DataFormat, PSERVICEGROUP *ServiceGroup,
    PAllocatorMXF AllocatorMXF, PMASTERCLOCK MasterClock,
    PULONGLONG SchedulePreFetch)
{
    CMiniportDMusCyc *miniport = CMiniportDMusCyc_From(This);
    CMiniportDMusCycStream *stream;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(DataFormat);
    *MXF = NULL;
    *ServiceGroup = NULL;
    if (OuterUnknown != NULL || PinID != KSPIN_DMUS_RENDER_SINK ||
        StreamType != DMUS_STREAM_MIDI_RENDER || AllocatorMXF == NULL ||
        MasterClock == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (InterlockedCompareExchange(&miniport->StreamOpen, 1, 0) != 0) {
        return STATUS_DEVICE_BUSY;
    }
    stream = ExAllocatePoolZero(PoolType, sizeof(*stream), CYC_POOLTAG_DMUS);
    if (stream == NULL) {
        InterlockedExchange(&miniport->StreamOpen, 0);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->Iface.lpVtbl = &CDMusStream_Vtbl;
    ComRefInit(&stream->Ref);
    KeInitializeSpinLock(&stream->Lock);
    stream->Miniport = miniport;
    COM_CALL(This, AddRef);
    stream->Hw = miniport->Hw;
    stream->Allocator = AllocatorMXF;
    COM_CALL(AllocatorMXF, AddRef);
    stream->Clock = MasterClock;
    stream->State = KSSTATE_STOP;
    status = CDMusStream_Setup(stream);
    if (!NT_SUCCESS(status)) {
        COM_CALL(&stream->Iface, Release);
        return status;
    }
    *SchedulePreFetch = DMUS_PREFETCH;
    miniport->Stream = stream;
    *MXF = &stream->Iface;
    DPF(D_TERSE, "dmus: synth stream on render block %u",
        (unsigned)stream->Block);
    return STATUS_SUCCESS;
}

/* IPowerNotify: the synth stream's events across D3 (PASSIVE_LEVEL). */
static CMiniportDMusCyc *CMiniportDMusCyc_FromPower(IPowerNotify *This)
{
    return CONTAINING_RECORD(This, CMiniportDMusCyc, PowerIface);
}

static NTSTATUS NTAPI CMiniportDMusCycPower_QueryInterface(IPowerNotify *This,
                                                           REFIID Iid,
                                                           PVOID *Object)
{
    return CMiniportDMusCyc_QueryInterface(
        &CMiniportDMusCyc_FromPower(This)->Iface, Iid, Object);
}

static ULONG NTAPI CMiniportDMusCycPower_AddRef(IPowerNotify *This)
{
    return CMiniportDMusCyc_AddRef(&CMiniportDMusCyc_FromPower(This)->Iface);
}

static ULONG NTAPI CMiniportDMusCycPower_Release(IPowerNotify *This)
{
    return CMiniportDMusCyc_Release(
        &CMiniportDMusCyc_FromPower(This)->Iface);
}

static VOID NTAPI CMiniportDMusCycPower_PowerChangeNotify(IPowerNotify *This,
                                                          POWER_STATE State)
{
    CMiniportDMusCycStream *stream = CMiniportDMusCyc_FromPower(This)->Stream;

    PAGED_CODE();
    if (stream == NULL) {
        return;
    }
    if (State.DeviceState == PowerDeviceD0) {
        CDMusStream_PowerUp(stream);
    } else {
        CDMusStream_PowerDown(stream);
    }
}

static const IPowerNotifyVtbl CMiniportDMusCycPower_Vtbl = {
    .QueryInterface = CMiniportDMusCycPower_QueryInterface,
    .AddRef = CMiniportDMusCycPower_AddRef,
    .Release = CMiniportDMusCycPower_Release,
    .PowerChangeNotify = CMiniportDMusCycPower_PowerChangeNotify,
};

static const IMiniportDMusVtbl CMiniportDMusCyc_Vtbl = {
    .QueryInterface = CMiniportDMusCyc_QueryInterface,
    .AddRef = CMiniportDMusCyc_AddRef,
    .Release = CMiniportDMusCyc_Release,
    .GetDescription = CMiniportDMusCyc_GetDescription,
    .DataRangeIntersection = CMiniportDMusCyc_DataRangeIntersection,
    .Init = CMiniportDMusCyc_Init,
    .Service = CMiniportDMusCyc_Service,
    .NewStream = CMiniportDMusCyc_NewStream,
};

/* Creation ----------------------------------------------------------------- */

static VOID CMiniportDMusCyc_Describe(CMiniportDMusCyc *Miniport)
{
    static const GUID music = STATICGUIDOF(KSDATAFORMAT_TYPE_MUSIC);
    static const GUID midi = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_MIDI);
    static const GUID none = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE);
    static const GUID synth = STATICGUIDOF(KSMUSIC_TECHNOLOGY_PORT);
    PCPIN_DESCRIPTOR *render = &Miniport->Pins[KSPIN_DMUS_RENDER_SINK];
    PCPIN_DESCRIPTOR *bridge = &Miniport->Pins[KSPIN_DMUS_RENDER_BRIDGE];
    ULONG i;

    for (i = 0; i < COM_ARRAY_SIZE(Miniport->Ranges); i++) {
        KSDATARANGE_MUSIC *range = &Miniport->Ranges[i];

        range->DataRange.FormatSize = sizeof(KSDATARANGE_MUSIC);
        range->DataRange.MajorFormat = music;
        range->DataRange.SubFormat = i == 0 ?
                                     KSDATAFORMAT_SUBTYPE_DIRECTMUSIC : midi;
        range->DataRange.Specifier = none;
        range->Technology = synth;
        range->Channels = 16;
        range->Notes = CYC_SEQ_VOICES_MAX;
        range->ChannelMask = 0xffff;
        Miniport->RangePointers[i] = &range->DataRange;
    }
    Miniport->BridgeRange[0] = &Miniport->Ranges[0].DataRange;
    render->MaxGlobalInstanceCount = 1;
    render->MaxFilterInstanceCount = 1;
    render->KsPinDescriptor.DataRangesCount = COM_ARRAY_SIZE(Miniport->Ranges);
    render->KsPinDescriptor.DataRanges = Miniport->RangePointers;
    render->KsPinDescriptor.DataFlow = KSPIN_DATAFLOW_IN;
    render->KsPinDescriptor.Communication = KSPIN_COMMUNICATION_SINK;
    bridge->KsPinDescriptor.DataRangesCount = 1;
    bridge->KsPinDescriptor.DataRanges = Miniport->BridgeRange;
    bridge->KsPinDescriptor.DataFlow = KSPIN_DATAFLOW_OUT;
    bridge->KsPinDescriptor.Communication = KSPIN_COMMUNICATION_NONE;
    bridge->KsPinDescriptor.Category = &KSNODETYPE_SYNTHESIZER;
    Miniport->Connections[0].FromNode = PCFILTER_NODE;
    Miniport->Connections[0].FromNodePin = KSPIN_DMUS_RENDER_SINK;
    Miniport->Connections[0].ToNode = PCFILTER_NODE;
    Miniport->Connections[0].ToNodePin = KSPIN_DMUS_RENDER_BRIDGE;
    Miniport->Descriptor.PinSize = sizeof(PCPIN_DESCRIPTOR);
    Miniport->Descriptor.PinCount = KSPIN_DMUS_COUNT;
    Miniport->Descriptor.Pins = Miniport->Pins;
    Miniport->Descriptor.NodeSize = sizeof(PCNODE_DESCRIPTOR);
    Miniport->Descriptor.ConnectionCount = 1;
    Miniport->Descriptor.Connections = Miniport->Connections;
}

NTSTATUS CreateMiniportDMusCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                               PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    CMiniportDMusCyc *miniport;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    *Unknown = NULL;
    if (UnknownOuter != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    miniport = ExAllocatePoolZero(PoolType, sizeof(*miniport),
                                  CYC_POOLTAG_DMUS);
    if (miniport == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    miniport->Iface.lpVtbl = &CMiniportDMusCyc_Vtbl;
    miniport->PowerIface.lpVtbl = &CMiniportDMusCycPower_Vtbl;
    ComRefInit(&miniport->Ref);
    CMiniportDMusCyc_Describe(miniport);
    *Unknown = (PUNKNOWN)&miniport->Iface;
    return STATUS_SUCCESS;
}
