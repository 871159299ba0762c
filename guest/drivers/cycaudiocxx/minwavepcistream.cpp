// SPDX-License-Identifier: MIT
// CMiniportWavePciStream: one render or capture stream on one device block
// in scatter-gather mode. Each mapping the port hands out becomes one
// descriptor of the ring (IOC set) and SGLVI moves onto it; each descriptor
// the device completes (PCOUNT) gives its mapping back, oldest first. The
// ISR only Notifies; Service and MappingAvailable (the port's DPC) and
// SetState/RevokeMappings (PASSIVE) share the ring under m_Lock, which is
// dropped before ReleaseMapping (PortCls forbids a held spin lock there).
#include "minwavepci.h"

namespace cycaudiocxx {

#define RING_BYTES (WAVEPCI_RING * CYC_SG_DESC_SIZE)

NTSTATUS CMiniportWavePciStream::Init(CMiniportWavePci *Miniport,
                                      BOOLEAN Capture,
                                      const CYC_WAVE_FORMAT *Format,
                                      PPORTWAVEPCISTREAM PortStream,
                                      PDMACHANNEL *DmaChannel,
                                      PSERVICEGROUP *ServiceGroup)
{
    NTSTATUS status;

    PAGED_CODE();
    m_Miniport = Miniport;
    PMINIPORTWAVEPCI(m_Miniport)->AddRef();
    m_PortStream = PortStream;
    m_PortStream->AddRef();
    m_Hw = Miniport->m_Hw;
    m_Capture = Capture;
    m_Format = *Format;
    m_State = KSSTATE_STOP;
    KeInitializeSpinLock(&m_Lock);
    status = Miniport->m_AdapterCommon->ClaimStream(Capture, &m_Block);
    if (NT_SUCCESS(status)) {
        m_BlockClaimed = TRUE;
        status = Miniport->m_Port->NewMasterDmaChannel(
            &m_DmaChannel, NULL, NonPagedPool, NULL, TRUE, TRUE, FALSE, FALSE,
            Width32Bits, Compatible, RING_BYTES, 0);
    }
    if (NT_SUCCESS(status)) {
        status = m_DmaChannel->AllocateBuffer(RING_BYTES, NULL);
    }
    if (NT_SUCCESS(status)) {
        m_Ring = static_cast<PUCHAR>(m_DmaChannel->SystemAddress());
        status = PcNewServiceGroup(&m_ServiceGroup, NULL);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "WavePci NewStream(%s): 0x%08x",
            Capture ? "capture" : "render", status);
        return status;
    }
    RestartRing();
    Miniport->m_AdapterCommon->SetStreamIsr(m_Block, Isr, this);
    DPF(D_TERSE, "WavePci %s stream on block %u: %u Hz, %u ch, sfmt %u, "
        "ring %u", Capture ? "capture" : "render", m_Block, Format->Hw.Rate,
        Format->Hw.Channels, Format->Hw.SampleFormat, WAVEPCI_RING);
    m_DmaChannel->AddRef();
    *DmaChannel = m_DmaChannel;
    m_ServiceGroup->AddRef();
    *ServiceGroup = m_ServiceGroup;
    return STATUS_SUCCESS;
}

CMiniportWavePciStream::~CMiniportWavePciStream()
{
    if (m_BlockClaimed) {
        m_Miniport->m_AdapterCommon->FreeStream(m_Block);
    }
    if (m_DmaChannel) {
        m_DmaChannel->FreeBuffer();
    }
    ReleaseIf(m_DmaChannel);
    ReleaseIf(m_ServiceGroup);
    ReleaseIf(m_PortStream);
    ReleaseIf(PMINIPORTWAVEPCI(m_Miniport));
}

STDMETHODIMP_(NTSTATUS)
CMiniportWavePciStream::NonDelegatingQueryInterface(REFIID Interface,
                                                    PVOID *Object)
{
    BOOLEAN known = IsEqualGUIDAligned(Interface, IID_IUnknown) ||
                    IsEqualGUIDAligned(Interface, IID_IMiniportWavePciStream);

    return AnswerQuery(known ? PMINIPORTWAVEPCISTREAM(this) : NULL, Object);
}

// DIRQL, interrupt sync held: a descriptor completed or the ring ran dry.
void CMiniportWavePciStream::Isr(PVOID Context, ULONG Events)
{
    CMiniportWavePciStream *that =
        static_cast<CMiniportWavePciStream *>(Context);

    InterlockedIncrement(&that->m_Interrupts);
    if (Events & (CYC_STS_DMAERR_MASK | CYC_STS_FMTERR_MASK)) {
        InterlockedIncrement(&that->m_Errors);
    }
    if (Events & CYC_STS_UNDERRUN_MASK) {
        InterlockedIncrement(&that->m_Underruns);
    }
    that->m_Miniport->m_Port->Notify(that->m_ServiceGroup);
}

void CMiniportWavePciStream::WriteDescriptor(ULONG Index,
                                             PHYSICAL_ADDRESS Address,
                                             ULONG Bytes)
{
    PUCHAR d = m_Ring + Index * CYC_SG_DESC_SIZE;

    *reinterpret_cast<volatile ULONGLONG *>(d + CYC_SG_DESC_ADDR) =
        ULONGLONG(Address.QuadPart);
    *reinterpret_cast<volatile ULONG *>(d + CYC_SG_DESC_LEN) = Bytes;
    *reinterpret_cast<volatile ULONG *>(d + CYC_SG_DESC_FLAGS) =
        CYC_SET(0, CYC_SG_FLAGS_IOC, 1);
}

// <= DISPATCH_LEVEL, m_Lock not held. Appends mappings until the ring is
// full or the port has none (it then calls MappingAvailable).
void CMiniportWavePciStream::Fill(void)
{
    PHYSICAL_ADDRESS physical;
    PVOID virtualAddress;
    ULONG bytes;
    ULONG flags;
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    while (m_State != KSSTATE_STOP && m_Pending < WAVEPCI_RING - 1) {
        PVOID tag = PVOID(++m_NextTag);
        ULONG index;

        if (!NT_SUCCESS(m_PortStream->GetMapping(tag, &physical,
                                                 &virtualAddress, &bytes,
                                                 &flags))) {
            break;
        }
        index = (m_Head + m_Pending) % WAVEPCI_RING;
        m_Slots[index].Tag = tag;
        m_Slots[index].Bytes = bytes;
        WriteDescriptor(index, physical, bytes);
        m_Pending++;
        CycHwSgSetLastValid(m_Hw, m_Block, index);
    }
    KeReleaseSpinLock(&m_Lock, oldIrql);
}

// <= DISPATCH_LEVEL, m_Lock not held. Gives back the mappings of the
// descriptors the device completed since the last call, oldest first.
void CMiniportWavePciStream::Reclaim(void)
{
    PVOID tags[WAVEPCI_RING];
    ULONG count = 0;
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    if (m_State != KSSTATE_STOP) {
        ULONG done = CycHwStreamPeriods(m_Hw, m_Block) - m_Completed;

        done = min(done, m_Pending);
        for (; count < done; count++) {
            tags[count] = m_Slots[m_Head].Tag;
            m_Head = (m_Head + 1) % WAVEPCI_RING;
        }
        m_Pending -= count;
        m_Completed += count;
    }
    KeReleaseSpinLock(&m_Lock, oldIrql);
    for (ULONG i = 0; i < count; i++) {
        m_PortStream->ReleaseMapping(tags[i]);
    }
}

STDMETHODIMP_(NTSTATUS)
CMiniportWavePciStream::SetFormat(PKSDATAFORMAT DataFormat)
{
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    if (m_State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (NT_SUCCESS(status)) {
        m_Format = format;
    }
    return status;
}

// m_Lock held: the block back to STOP with an empty ring at SGCUR 0.
void CMiniportWavePciStream::RestartRing(void)
{
    CycHwSgSetState(m_Hw, m_Block, CYC_STATE_STOP);
    CycHwSgProgram(m_Hw, m_Block, &m_Format.Hw,
                   m_DmaChannel->PhysicalAddress(), WAVEPCI_RING);
    m_Head = 0;
    m_Pending = 0;
    m_Completed = 0;
    m_LastPosition = 0;
}

// PASSIVE_LEVEL. STOP -> ACQUIRE programs the empty ring; PAUSE prefetches
// mappings into it; RUN starts the clock. STOP leaves the mappings to the
// port, which revokes them.
STDMETHODIMP_(NTSTATUS) CMiniportWavePciStream::SetState(KSSTATE State)
{
    ULONG deviceState = State == KSSTATE_RUN    ? CYC_STATE_RUN
                        : State == KSSTATE_STOP ? CYC_STATE_STOP
                                                : CYC_STATE_PAUSE;
    KIRQL oldIrql;

    PAGED_CODE();
    KeAcquireSpinLock(&m_Lock, &oldIrql);
    if (m_State == KSSTATE_STOP && State != KSSTATE_STOP) {
        RestartRing();
        m_Position = 0;
    }
    CycHwSgSetState(m_Hw, m_Block, deviceState);
    if (State != KSSTATE_STOP &&
        CycHwStreamError(m_Hw, m_Block) != CYC_ERR_NONE) {
        DPF(D_ERROR, "WavePci block %u refused state %d: error %u", m_Block,
            State, CycHwStreamError(m_Hw, m_Block));
        CycHwStreamReset(m_Hw, m_Block);
        m_State = KSSTATE_STOP;
        KeReleaseSpinLock(&m_Lock, oldIrql);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    m_State = State;
    KeReleaseSpinLock(&m_Lock, oldIrql);
    if (State == KSSTATE_PAUSE) {
        Fill();
    }
    return STATUS_SUCCESS;
}

// <= DISPATCH_LEVEL: data bytes the device moved since the stream left STOP
// (POS counts them mod 2^32; the difference since the last reading is
// added, so reading at least every 2^32 bytes keeps it exact).
STDMETHODIMP_(NTSTATUS) CMiniportWavePciStream::GetPosition(
    PULONGLONG Position)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    if (m_State != KSSTATE_STOP) {
        ULONG pos = CycHwStreamPosition(m_Hw, m_Block);

        m_Position += ULONG(pos - m_LastPosition);
        m_LastPosition = pos;
    }
    *Position = m_Position;
    KeReleaseSpinLock(&m_Lock, oldIrql);
    return STATUS_SUCCESS;
}

// Bytes in, 100 ns units out.
STDMETHODIMP_(NTSTATUS)
CMiniportWavePciStream::NormalizePhysicalPosition(PLONGLONG PhysicalPosition)
{
    *PhysicalPosition = CycWaveBytesTo100ns(&m_Format, *PhysicalPosition);
    return STATUS_SUCCESS;
}

// Client buffers in pages of whole frames, frame aligned: a page-cut
// mapping then keeps whole frames (the device's descriptors must).
STDMETHODIMP_(NTSTATUS)
CMiniportWavePciStream::GetAllocatorFraming(
    PKSALLOCATOR_FRAMING AllocatorFraming)
{
    AllocatorFraming->RequirementsFlags =
        KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    AllocatorFraming->PoolType = NonPagedPool;
    AllocatorFraming->Frames = 8;
    AllocatorFraming->FrameSize = PAGE_SIZE - PAGE_SIZE % m_Format.BlockAlign;
    AllocatorFraming->FileAlignment = sizeof(ULONG) - 1;
    AllocatorFraming->Reserved = 0;
    return STATUS_SUCCESS;
}

// PASSIVE_LEVEL. The device may still be in a descriptor of the range: it is
// stopped and restarted (same state) on an empty ring, so nothing of the
// revoked buffers is touched again. Counts FirstTag..LastTag in ring order.
STDMETHODIMP_(NTSTATUS)
CMiniportWavePciStream::RevokeMappings(PVOID FirstTag, PVOID LastTag,
                                       PULONG MappingsRevoked)
{
    ULONG revoked = 0;
    BOOLEAN inRange = FALSE;
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    for (ULONG i = 0; i < m_Pending; i++) {
        PVOID tag = m_Slots[(m_Head + i) % WAVEPCI_RING].Tag;

        inRange = inRange || tag == FirstTag;
        if (inRange) {
            revoked++;
        }
        if (tag == LastTag) {
            break;
        }
    }
    if (m_State != KSSTATE_STOP) {
        ULONG deviceState =
            m_State == KSSTATE_RUN ? CYC_STATE_RUN : CYC_STATE_PAUSE;

        m_Position +=
            ULONG(CycHwStreamPosition(m_Hw, m_Block) - m_LastPosition);
        RestartRing();
        CycHwSgSetState(m_Hw, m_Block, deviceState);
    } else {
        m_Head = 0;
        m_Pending = 0;
        m_Completed = 0;
    }
    KeReleaseSpinLock(&m_Lock, oldIrql);
    if (MappingsRevoked != NULL) {
        *MappingsRevoked = revoked;
    }
    return STATUS_SUCCESS;
}

// The port's DPC: data arrived after a GetMapping found none.
STDMETHODIMP_(void) CMiniportWavePciStream::MappingAvailable(void)
{
    Fill();
}

// The port's DPC after our Notify: give back what completed, then refill.
STDMETHODIMP_(void) CMiniportWavePciStream::Service(void)
{
    Reclaim();
    Fill();
}

// Any IRQL: the device's counters of the block, the rest as kept here.
void CMiniportWavePciStream::GetStatistics(PCYC_STREAM_STATISTICS Statistics)
{
    RtlZeroMemory(Statistics, sizeof(*Statistics));
    Statistics->Interrupts = ULONG(m_Interrupts);
    Statistics->Periods = CycHwStreamPeriods(m_Hw, m_Block);
    Statistics->Overruns = CycHwStreamOverruns(m_Hw, m_Block);
    Statistics->Errors = ULONG(m_Errors);
    Statistics->LastError = CycHwStreamError(m_Hw, m_Block);
    Statistics->BufferBytes = RING_BYTES;
    Statistics->Frames = CycHwStreamFrames(m_Hw, m_Block);
}

} // namespace cycaudiocxx
