// SPDX-License-Identifier: MIT
// CMiniportDMus: the device's sequencer and synthesiser (docs/cycaudio.rst
// "Sequencer and synthesiser") behind IMiniportDMus, the DMus subdevice of
// the C++ driver (CYC_DMUS_NAME). NewStream gives a render IMXF
// (CMiniportDMusStream) that splits each event's MIDI bytes into channel
// messages and queues them in the device's event ring at their time,
// converted from the master clock to the device's WALL; the synthesiser
// plays into a render stream block of its own, running on a buffer of
// silence. One synth stream at a time; no interrupt (the ring is large and
// events go back to the allocator as soon as queued). IPowerNotify keeps the
// ring's unconsumed events across D3 and resends them after the wake, as the
// C driver's miniport does (seqring.c, shared).
#include "cxxaudio.h"
extern "C" {
#include "seqring.h"
}

namespace cycaudiocxx {

#define POOLTAG_DMUS 'DxyC'
#define POOLTAG_DMUSSTREAM 'dxyC'

class CMiniportDMusStream;

class CMiniportDMus : public IMiniportDMus,
                      public IPowerNotify,
                      public CUnknown,
                      public CMiniportReferences<PPORTDMUS>
{
public:
    PCYC_HW m_Hw;
    LONG m_StreamOpen;                  // one synth stream
    CMiniportDMusStream *m_Stream;      // it (not referenced), or NULL

    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportDMus);

    IMP_IMiniportDMus;
    IMP_IPowerNotify;
};

class CMiniportDMusStream : public IMXF, public CUnknown
{
private:
    CMiniportDMus *m_Miniport;          // referenced
    PCYC_HW m_Hw;
    PAllocatorMXF m_Allocator;          // referenced
    PMASTERCLOCK m_Clock;
    ULONG m_Block;                      // the synth's render stream block
    BOOLEAN m_Claimed;
    PVOID m_Silence;
    PUCHAR m_Ring;                      // DMUS_RING_EVENTS events
    KSSTATE m_State;

    KSPIN_LOCK m_Lock;                  // the fields below: PutMessage
    ULONG m_Tail;
    ULONG m_HeadSeen;                   // HEAD as last read
    LONGLONG m_AnchorWall;              // WALL (ns) at the RUN write ...
    REFERENCE_TIME m_AnchorMaster;      // ... and the master clock then
    CYC_MIDI_PARSER m_Midi;
    ULONGLONG m_Queued;                 // channel messages put in the ring
    ULONG m_Dropped;                    // ring full

    // power (PowerDown/PowerUp), PASSIVE_LEVEL
    REFERENCE_TIME m_PausedMaster;      // master time of the last RUN->PAUSE
    BOOLEAN m_PoweredDown;              // the device lost the ring in D3
    BOOLEAN m_Resend;                   // m_Saved go back in at the next RUN
    CYC_SEQ_SAVED_EVENT *m_Saved;       // the ring's unconsumed events
    ULONG m_SavedCount;

    NTSTATUS Program(void);
    void ForgetSaved(void);
    void Queue(ULONG Message, REFERENCE_TIME Time);
    void Parse(const UCHAR *Bytes, ULONG Count, REFERENCE_TIME Time);

public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportDMusStream);
    ~CMiniportDMusStream();

    NTSTATUS Init(CMiniportDMus *Miniport, PAllocatorMXF Allocator,
                  PMASTERCLOCK Clock);

    void PowerDown(void);
    void PowerUp(void);

    STDMETHODIMP_(NTSTATUS) SetState(KSSTATE State);
    STDMETHODIMP_(NTSTATUS) PutMessage(PDMUS_KERNEL_EVENT Event);
    STDMETHODIMP_(NTSTATUS) ConnectOutput(PMXF SinkMXF);
    STDMETHODIMP_(NTSTATUS) DisconnectOutput(PMXF SinkMXF);
};

// The filter ---------------------------------------------------------------

// DirectMusic and MIDI, as the synthesiser plays them.
#define DMUS_MUSIC_RANGE(SubFormat) \
    { { sizeof(KSDATARANGE_MUSIC), 0, 0, 0, \
        STATICGUIDOF(KSDATAFORMAT_TYPE_MUSIC), SubFormat, \
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE) }, \
      STATICGUIDOF(KSMUSIC_TECHNOLOGY_PORT), 16, CYC_SEQ_VOICES_MAX, 0xffff }

static const KSDATARANGE_MUSIC DMusRanges[] = {
    DMUS_MUSIC_RANGE(STATICGUIDOF(KSDATAFORMAT_SUBTYPE_DIRECTMUSIC)),
    DMUS_MUSIC_RANGE(STATICGUIDOF(KSDATAFORMAT_SUBTYPE_MIDI)),
};

static const PKSDATARANGE DMusStreamRanges[] = {
    PKSDATARANGE(&DMusRanges[0]),
    PKSDATARANGE(&DMusRanges[1]),
};

static const PKSDATARANGE DMusBridgeRanges[] = {
    PKSDATARANGE(&DMusRanges[0]),
};

// In KSPIN_DMUS_* order.
static const PCPIN_DESCRIPTOR DMusPins[] = {
    { 1, 1, 0, NULL,
      { 0, NULL, 0, NULL, SIZEOF_ARRAY(DMusStreamRanges), DMusStreamRanges,
        KSPIN_DATAFLOW_IN, KSPIN_COMMUNICATION_SINK, NULL, NULL, { 0 } } },
    { 0, 0, 0, NULL,
      { 0, NULL, 0, NULL, SIZEOF_ARRAY(DMusBridgeRanges), DMusBridgeRanges,
        KSPIN_DATAFLOW_OUT, KSPIN_COMMUNICATION_NONE, &KSNODETYPE_SYNTHESIZER,
        NULL, { 0 } } },
};
C_ASSERT(SIZEOF_ARRAY(DMusPins) == KSPIN_DMUS_COUNT);

static const PCCONNECTION_DESCRIPTOR DMusConnections[] = {
    { PCFILTER_NODE, KSPIN_DMUS_RENDER_SINK, PCFILTER_NODE,
      KSPIN_DMUS_RENDER_BRIDGE },
};

static const PCFILTER_DESCRIPTOR DMusFilterDescriptor = {
    0, NULL,
    sizeof(PCPIN_DESCRIPTOR), SIZEOF_ARRAY(DMusPins), DMusPins,
    sizeof(PCNODE_DESCRIPTOR), 0, NULL,
    SIZEOF_ARRAY(DMusConnections), DMusConnections,
    0, NULL,
};

STDMETHODIMP_(NTSTATUS)
CMiniportDMus::NonDelegatingQueryInterface(REFIID Interface, PVOID *Object)
{
    PUNKNOWN found = NULL;

    if (IsMiniportInterface(Interface, IID_IMiniportDMus)) {
        found = PMINIPORTDMUS(this);
    } else if (IsEqualGUIDAligned(Interface, IID_IPowerNotify)) {
        found = PPOWERNOTIFY(this);
    }
    return AnswerQuery(found, Object);
}

STDMETHODIMP_(NTSTATUS)
CMiniportDMus::GetDescription(PPCFILTER_DESCRIPTOR *Description)
{
    *Description = PPCFILTER_DESCRIPTOR(&DMusFilterDescriptor);
    return STATUS_SUCCESS;
}

// The port's generic intersection answers for music ranges.
STDMETHODIMP_(NTSTATUS)
CMiniportDMus::DataRangeIntersection(ULONG PinId, PKSDATARANGE DataRange,
                                     PKSDATARANGE MatchingDataRange,
                                     ULONG OutputBufferLength,
                                     PVOID ResultantFormat,
                                     PULONG ResultantFormatLength)
{
    UNREFERENCED_PARAMETER(PinId);
    UNREFERENCED_PARAMETER(DataRange);
    UNREFERENCED_PARAMETER(MatchingDataRange);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(ResultantFormat);
    UNREFERENCED_PARAMETER(ResultantFormatLength);
    return STATUS_NOT_IMPLEMENTED;
}

STDMETHODIMP_(NTSTATUS)
CMiniportDMus::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                    PPORTDMUS Port, PSERVICEGROUP *ServiceGroup)
{
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    *ServiceGroup = NULL;
    if (Port == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = TakeReferences(UnknownAdapter, Port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_Hw = m_AdapterCommon->GetHw();
    if (CYC_GET(m_Hw->Caps, CYC_CAPS_SEQ) == 0) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

// Nothing to service: the device needs no interrupt.
STDMETHODIMP_(void) CMiniportDMus::Service(void)
{
}

STDMETHODIMP_(NTSTATUS)
CMiniportDMus::NewStream(PMXF *MXF, PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                         ULONG PinID, DMUS_STREAM_TYPE StreamType,
                         PKSDATAFORMAT DataFormat, PSERVICEGROUP *ServiceGroup,
                         PAllocatorMXF AllocatorMXF, PMASTERCLOCK MasterClock,
                         PULONGLONG SchedulePreFetch)
{
    CMiniportDMusStream *stream;
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
    if (InterlockedCompareExchange(&m_StreamOpen, 1, 0) != 0) {
        return STATUS_DEVICE_BUSY;
    }
    stream = new (PoolType, POOLTAG_DMUSSTREAM) CMiniportDMusStream(NULL);
    if (stream == NULL) {
        InterlockedExchange(&m_StreamOpen, 0);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->AddRef();
    status = stream->Init(this, AllocatorMXF, MasterClock);
    if (!NT_SUCCESS(status)) {
        stream->Release();
        return status;
    }
    *SchedulePreFetch = DMUS_PREFETCH;
    m_Stream = stream;
    *MXF = PMXF(stream);
    return STATUS_SUCCESS;
}

// The synth stream's events across D3 (PASSIVE_LEVEL).
STDMETHODIMP_(void) CMiniportDMus::PowerChangeNotify(POWER_STATE PowerState)
{
    CMiniportDMusStream *stream = m_Stream;

    PAGED_CODE();
    if (stream == NULL) {
        return;
    }
    if (PowerState.DeviceState == PowerDeviceD0) {
        stream->PowerUp();
    } else {
        stream->PowerDown();
    }
}

// The stream ---------------------------------------------------------------

NTSTATUS CMiniportDMusStream::Init(CMiniportDMus *Miniport,
                                   PAllocatorMXF Allocator,
                                   PMASTERCLOCK Clock)
{
    PHYSICAL_ADDRESS highest;
    NTSTATUS status;

    PAGED_CODE();
    KeInitializeSpinLock(&m_Lock);
    m_Miniport = Miniport;
    PMINIPORTDMUS(m_Miniport)->AddRef();
    m_Hw = Miniport->m_Hw;
    m_Allocator = Allocator;
    m_Allocator->AddRef();
    m_Clock = Clock;
    m_State = KSSTATE_STOP;
    highest.QuadPart = -1;
    m_Silence = MmAllocateContiguousMemory(
        DMUS_BUFFER_FRAMES * DMUS_FRAME_BYTES, highest);
    m_Ring = static_cast<PUCHAR>(MmAllocateContiguousMemory(
        DMUS_RING_EVENTS * CYC_SEQ_EVENT_SIZE, highest));
    if (m_Silence == NULL || m_Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(m_Silence, DMUS_BUFFER_FRAMES * DMUS_FRAME_BYTES);
    RtlZeroMemory(m_Ring, DMUS_RING_EVENTS * CYC_SEQ_EVENT_SIZE);
    status = Miniport->m_AdapterCommon->ClaimStream(FALSE, &m_Block);
    m_Claimed = NT_SUCCESS(status);
    if (m_Claimed) {
        DPF(D_TERSE, "dmus: synth stream on render block %u",
            unsigned(m_Block));
    }
    return status;
}

// PASSIVE_LEVEL (the pin's close): the device is stopped first.
CMiniportDMusStream::~CMiniportDMusStream()
{
    if (m_Miniport) {
        (void)InterlockedCompareExchangePointer(
            reinterpret_cast<PVOID *>(&m_Miniport->m_Stream), NULL, this);
    }
    if (m_Saved) {
        ExFreePoolWithTag(m_Saved, POOLTAG_DMUSSTREAM);
    }
    if (m_Claimed) {
        CycHwWrite(m_Hw, CYC_SEQ_CTL, 0);
        CycHwStreamReset(m_Hw, m_Block);
        m_Miniport->m_AdapterCommon->FreeStream(m_Block);
    }
    if (m_Silence) {
        MmFreeContiguousMemory(m_Silence);
    }
    if (m_Ring) {
        MmFreeContiguousMemory(m_Ring);
    }
    ReleaseIf(m_Allocator);
    if (m_Miniport) {
        InterlockedExchange(&m_Miniport->m_StreamOpen, 0);
        PMINIPORTDMUS(m_Miniport)->Release();
    }
}

STDMETHODIMP_(NTSTATUS)
CMiniportDMusStream::NonDelegatingQueryInterface(REFIID Interface,
                                                 PVOID *Object)
{
    BOOLEAN known = IsEqualGUIDAligned(Interface, IID_IUnknown) ||
                    IsEqualGUIDAligned(Interface, IID_IMXF);

    return AnswerQuery(known ? PMXF(this) : NULL, Object);
}

// The synth's block, an empty ring, voices off; the block in PAUSE.
NTSTATUS CMiniportDMusStream::Program(void)
{
    NTSTATUS status = CycSeqProgram(m_Hw, m_Block, m_Silence, m_Ring);
    KIRQL oldIrql;

    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeAcquireSpinLock(&m_Lock, &oldIrql);
    m_Tail = 0;
    m_HeadSeen = 0;
    KeReleaseSpinLock(&m_Lock, oldIrql);
    CycHwStreamSetState(m_Hw, m_Block, CYC_STATE_PAUSE);
    return STATUS_SUCCESS;
}

void CMiniportDMusStream::ForgetSaved(void)
{
    if (m_Saved) {
        ExFreePoolWithTag(m_Saved, POOLTAG_DMUSSTREAM);
    }
    m_Saved = NULL;
    m_SavedCount = 0;
    m_Resend = FALSE;
    m_PoweredDown = FALSE;
}

// PAUSE sets up the stream and the ring; RUN anchors the clocks, starts.
STDMETHODIMP_(NTSTATUS) CMiniportDMusStream::SetState(KSSTATE State)
{
    KIRQL oldIrql;
    NTSTATUS status;

    if (State == KSSTATE_STOP) {
        CycHwStreamSetState(m_Hw, m_Block, CYC_STATE_STOP);
        CycHwWrite(m_Hw, CYC_SEQ_CTL, 0);
        ForgetSaved();
        DPF(D_TERSE, "dmus: stream stopped: %llu messages queued, %u dropped",
            m_Queued, unsigned(m_Dropped));
    } else if (State == KSSTATE_PAUSE && m_State != KSSTATE_RUN) {
        status = Program();
        if (!NT_SUCCESS(status)) {
            return status;
        }
    } else if (State == KSSTATE_PAUSE) {
        m_Clock->GetTime(&m_PausedMaster);
        CycHwStreamSetState(m_Hw, m_Block, CYC_STATE_PAUSE);
    } else if (State == KSSTATE_RUN) {
        // Both clocks are read just before the RUN write, WALL last: the
        // anchor is at or before the stream's frame 0 by a few
        // instructions, so an event at the anchor's master time acts from
        // frame 0. After D3 the stream's time goes on from the pause: the
        // master anchor is the pause's, and the events the ring held go
        // back in, shifted by the time asleep.
        KeAcquireSpinLock(&m_Lock, &oldIrql);
        m_Clock->GetTime(&m_AnchorMaster);
        if (m_Resend) {
            m_AnchorMaster = m_PausedMaster;
        }
        m_AnchorWall = CycSeqWall(m_Hw);
        for (ULONG i = 0; m_Resend && i < m_SavedCount; i++) {
            Queue(m_Saved[i].Message, m_Saved[i].Time);
        }
        CycHwStreamSetState(m_Hw, m_Block, CYC_STATE_RUN);
        KeReleaseSpinLock(&m_Lock, oldIrql);
        DPF(D_TERSE, "dmus: stream %u run: anchor wall %lld ns master %lld",
            unsigned(m_Block), m_AnchorWall, m_AnchorMaster);
        if (m_Resend) {
            DPF(D_TERSE, "dmus: %u events back in the ring after D3",
                unsigned(m_SavedCount));
            ForgetSaved();
        }
    }
    m_State = State;
    return STATUS_SUCCESS;
}

// Before D3 (the port paused the stream, so the device consumes nothing):
// the events the device has not consumed are kept with their master times
// (seqring.c), after those an earlier D3 kept if no RUN resent them yet;
// then the block and the sequencer stop. The ring's memory
// survives, its registers do not.
void CMiniportDMusStream::PowerDown(void)
{
    ULONG tail;
    KIRQL oldIrql;

    if (m_State == KSSTATE_STOP || m_PoweredDown) {
        return;
    }
    KeAcquireSpinLock(&m_Lock, &oldIrql);
    tail = m_Tail;
    KeReleaseSpinLock(&m_Lock, oldIrql);
    m_Saved = CycSeqKeep(m_Hw, m_Ring, tail, m_AnchorWall, m_AnchorMaster,
                         POOLTAG_DMUSSTREAM, m_Saved, &m_SavedCount);
    CycHwStreamSetState(m_Hw, m_Block, CYC_STATE_STOP);
    CycHwWrite(m_Hw, CYC_SEQ_CTL, 0);
    m_PoweredDown = TRUE;
    DPF(D_TERSE, "dmus: power down: %u events kept, paused at master %lld",
        unsigned(m_SavedCount), m_PausedMaster);
}

// After D0: the block and an empty ring again, in PAUSE; RUN resends.
void CMiniportDMusStream::PowerUp(void)
{
    if (!m_PoweredDown) {
        return;
    }
    m_PoweredDown = FALSE;
    if (!NT_SUCCESS(Program())) {
        return;
    }
    m_Resend = TRUE;
}

// m_Lock held. One channel message into the ring at master time Time.
void CMiniportDMusStream::Queue(ULONG Message, REFERENCE_TIME Time)
{
    LONGLONG wall = m_AnchorWall + (Time - m_AnchorMaster) * DMUS_NS_PER_100NS;

    if (CycSeqPut(m_Hw, m_Ring, &m_Tail, &m_HeadSeen, wall, Message)) {
        m_Queued++;
    } else {
        m_Dropped++;
    }
}

// m_Lock held. MIDI bytes as channel messages into the ring (seqring.c,
// shared with the C driver).
void CMiniportDMusStream::Parse(const UCHAR *Bytes, ULONG Count,
                                REFERENCE_TIME Time)
{
    ULONG message;

    for (ULONG i = 0; i < Count; i++) {
        if (CycMidiParse(&m_Midi, Bytes[i], &message)) {
            Queue(message, Time);
        }
    }
}

// <= DISPATCH_LEVEL, from the port's sequencer. Every event of the chain is
// queued (a package's inner chain too) and the chain goes back to the
// allocator at once.
STDMETHODIMP_(NTSTATUS)
CMiniportDMusStream::PutMessage(PDMUS_KERNEL_EVENT Event)
{
    KIRQL oldIrql;

    if (Event == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&m_Lock, &oldIrql);
    for (PDMUS_KERNEL_EVENT event = Event; event; event = event->pNextEvt) {
        PDMUS_KERNEL_EVENT inner =
            PACKAGE_EVT(event) ? event->uData.pPackageEvt : event;

        for (; inner; inner = inner == event ? NULL : inner->pNextEvt) {
            const UCHAR *bytes =
                SHORT_EVT(inner) ? inner->uData.abData : inner->uData.pbData;

            if (inner->usChannelGroup <= DMUS_CHANNEL_GROUPS && bytes) {
                Parse(bytes, inner->cbEvent, inner->ullPresTime100ns);
            }
        }
    }
    KeReleaseSpinLock(&m_Lock, oldIrql);
    return m_Allocator->PutMessage(Event);
}

// A render stream has no output: the device is its end.
STDMETHODIMP_(NTSTATUS) CMiniportDMusStream::ConnectOutput(PMXF SinkMXF)
{
    UNREFERENCED_PARAMETER(SinkMXF);
    return STATUS_NOT_IMPLEMENTED;
}

STDMETHODIMP_(NTSTATUS) CMiniportDMusStream::DisconnectOutput(PMXF SinkMXF)
{
    UNREFERENCED_PARAMETER(SinkMXF);
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS CreateMiniportDMusCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                               PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    STD_CREATE_BODY_WITH_TAG_(CMiniportDMus, Unknown, UnknownOuter, PoolType,
                              POOLTAG_DMUS, PMINIPORTDMUS);
}

} // namespace cycaudiocxx
