// SPDX-License-Identifier: MIT
// CMiniportWaveCyclicStream: one render or capture stream on one stream
// block of the device. The device runs the clock: it reads (render) or
// writes (capture) the cyclic buffer and interrupts every m_PeriodBytes; the
// adapter's ISR acknowledges the block and calls Isr, which tells the port.
// SetState/SetFormat/SetNotificationFreq at PASSIVE_LEVEL (the port
// serialises them), GetPosition at <= DISPATCH_LEVEL, Isr at DIRQL.
#include "minwave.h"

namespace cycaudiocxx {

// Frames in Milliseconds of audio at Rate (floor, at least one).
static ULONG MsToFrames(ULONG Rate, ULONG Milliseconds)
{
    ULONG frames = ULONG(ULONGLONG(Rate) * Milliseconds / 1000u);

    return frames ? frames : 1;
}

CMiniportWaveCyclicStream::~CMiniportWaveCyclicStream()
{
    PAGED_CODE();
    // Off the ISR and stopped before the buffer goes away.
    if (m_BlockClaimed) {
        m_Miniport->m_AdapterCommon->FreeStream(m_Block);
    }
    if (m_DmaChannel) {
        m_DmaChannel->FreeBuffer();
        m_DmaChannel->Release();
    }
    if (m_ServiceGroup) {
        m_ServiceGroup->Release();
    }
    if (m_Miniport) {
        PMINIPORTWAVECYCLIC(m_Miniport)->Release();
    }
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclicStream::NonDelegatingQueryInterface(REFIID Interface,
                                                       PVOID *Object)
{
    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PMINIPORTWAVECYCLICSTREAM(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniportWaveCyclicStream)) {
        *Object = PVOID(PMINIPORTWAVECYCLICSTREAM(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

// The block's program: format, buffer and period (again after a power loss
// or a refused start).
void CMiniportWaveCyclicStream::Program(void)
{
    CycHwStreamProgram(m_Hw, m_Block, &m_Format.Hw,
                       m_DmaChannel->PhysicalAddress(), m_BufferBytes,
                       m_PeriodBytes);
}

NTSTATUS CMiniportWaveCyclicStream::Init(CMiniportWaveCyclic *Miniport,
                                         BOOLEAN Capture,
                                         const CYC_WAVE_FORMAT *Format,
                                         PDMACHANNEL *DmaChannel,
                                         PSERVICEGROUP *ServiceGroup)
{
    ULONG periodFrames = MsToFrames(Format->Hw.Rate, CYC_WAVE_PERIOD_MS);
    NTSTATUS status;

    PAGED_CODE();
    m_Miniport = Miniport;
    PMINIPORTWAVECYCLIC(m_Miniport)->AddRef();
    m_Hw = Miniport->m_Hw;
    m_Capture = Capture;
    m_Format = *Format;
    m_State = KSSTATE_STOP;
    m_PeriodBytes = periodFrames * Format->BlockAlign;
    // Room for CYC_WAVE_PERIODS periods, at least CYC_WAVE_BUFFER_MIN, a
    // multiple of every frame size (waveformat.h).
    m_BufferBytes = max(m_PeriodBytes * CYC_WAVE_PERIODS, CYC_WAVE_BUFFER_MIN);
    m_BufferBytes += CYC_WAVE_BUFFER_ALIGN - 1;
    m_BufferBytes -= m_BufferBytes % CYC_WAVE_BUFFER_ALIGN;

    status = Miniport->m_AdapterCommon->ClaimStream(Capture, &m_Block);
    if (NT_SUCCESS(status)) {
        m_BlockClaimed = TRUE;
        status = Miniport->m_Port->NewMasterDmaChannel(
            &m_DmaChannel, NULL, NULL, m_BufferBytes, TRUE, FALSE,
            Width32Bits, Compatible);
    }
    if (NT_SUCCESS(status)) {
        status = m_DmaChannel->AllocateBuffer(m_BufferBytes, NULL);
    }
    if (NT_SUCCESS(status)) {
        status = PcNewServiceGroup(&m_ServiceGroup, NULL);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream(%s): 0x%08x", Capture ? "capture" : "render",
            status);
        return status;
    }
    Program();
    Miniport->m_AdapterCommon->SetStreamIsr(m_Block, Isr, this);
    DPF(D_TERSE,
        "%s stream on block %u: %u Hz, %u ch, sfmt %u, buffer %u, period %u",
        Capture ? "capture" : "render", m_Block, Format->Hw.Rate,
        Format->Hw.Channels, Format->Hw.SampleFormat, m_BufferBytes,
        m_PeriodBytes);
    m_DmaChannel->AddRef();
    *DmaChannel = m_DmaChannel;
    m_ServiceGroup->AddRef();
    *ServiceGroup = m_ServiceGroup;
    return STATUS_SUCCESS;
}

// DIRQL, interrupt sync held; the block's events are acknowledged.
void CMiniportWaveCyclicStream::Isr(PVOID Context, ULONG Events)
{
    CMiniportWaveCyclicStream *that =
        static_cast<CMiniportWaveCyclicStream *>(Context);

    InterlockedIncrement(&that->m_Interrupts);
    if (Events & (CYC_STS_DMAERR_MASK | CYC_STS_FMTERR_MASK)) {
        InterlockedIncrement(&that->m_Errors);
    }
    that->m_Miniport->m_Port->Notify(that->m_ServiceGroup);
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclicStream::SetFormat(PKSDATAFORMAT DataFormat)
{
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    if (m_State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    // The port keeps the buffer of pin creation: the new format must tile
    // it and fit CYC_WAVE_MIN_PERIODS of its periods.
    ULONG periodFrames = MsToFrames(format.Hw.Rate, CYC_WAVE_PERIOD_MS);
    if (m_BufferBytes % format.BlockAlign != 0 ||
        ULONGLONG(periodFrames) * format.BlockAlign * CYC_WAVE_MIN_PERIODS >
            m_BufferBytes) {
        return STATUS_INVALID_PARAMETER;
    }
    m_Format = format;
    m_PeriodBytes = periodFrames * format.BlockAlign;
    Program();
    return STATUS_SUCCESS;
}

STDMETHODIMP_(ULONG)
CMiniportWaveCyclicStream::SetNotificationFreq(ULONG Interval,
                                               PULONG FramingSize)
{
    ULONG frames = MsToFrames(m_Format.Hw.Rate, Interval);

    PAGED_CODE();
    frames = min(frames, m_BufferBytes / m_Format.BlockAlign);
    m_PeriodBytes = frames * m_Format.BlockAlign;
    if (m_State == KSSTATE_STOP) {
        CycHwStreamSetPeriod(m_Hw, m_Block, m_PeriodBytes);
    }
    *FramingSize = m_PeriodBytes;
    return Interval;
}

// The device's state for State (CycWaveDeviceState, shared with the C
// driver). The port steps through every state.
STDMETHODIMP_(NTSTATUS) CMiniportWaveCyclicStream::SetState(KSSTATE State)
{
    ULONG deviceState;
    ULONG error;

    PAGED_CODE();
    if (!NT_SUCCESS(CycWaveDeviceState(State, &deviceState))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (m_State == KSSTATE_STOP && State != KSSTATE_STOP) {
        Program();
    }
    CycHwStreamSetState(m_Hw, m_Block, deviceState);
    // Leaving STOP is when the device checks the program.
    error = CycHwStreamError(m_Hw, m_Block);
    if (error != CYC_ERR_NONE && State != KSSTATE_STOP) {
        DPF(D_ERROR, "stream block %u refused state %d: error %u", m_Block,
            State, error);
        CycHwStreamReset(m_Hw, m_Block);
        Program();
        m_State = KSSTATE_STOP;
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    DPF(D_VERBOSE, "stream block %u: state %d -> %d", m_Block, m_State,
        State);
    m_State = State;
    return STATUS_SUCCESS;
}

// <= DISPATCH_LEVEL. The device's POS is exact at every read; it wraps at
// the buffer size (a reading past it would be a device bug).
STDMETHODIMP_(NTSTATUS) CMiniportWaveCyclicStream::GetPosition(PULONG Position)
{
    ULONG position = CycHwStreamPosition(m_Hw, m_Block);

    *Position = position < m_BufferBytes ? position : 0;
    return STATUS_SUCCESS;
}

// Bytes in, 100 ns units out.
STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclicStream::NormalizePhysicalPosition(
    PLONGLONG PhysicalPosition)
{
    *PhysicalPosition = CycWaveBytesTo100ns(&m_Format, *PhysicalPosition);
    return STATUS_SUCCESS;
}

STDMETHODIMP_(void) CMiniportWaveCyclicStream::Silence(PVOID Buffer,
                                                       ULONG ByteCount)
{
    RtlFillMemory(Buffer, ByteCount,
                  m_Format.Hw.SampleFormat == CYC_SFMT_U8 ? 0x80 : 0x00);
}

// Any IRQL: the device's counters of the block, the rest as kept here.
void CMiniportWaveCyclicStream::GetStatistics(
    PCYC_STREAM_STATISTICS Statistics)
{
    CycStreamStatistics(m_Hw, m_Block, ULONG(m_Interrupts), ULONG(m_Errors),
                        m_PeriodBytes, m_BufferBytes, Statistics);
}

} // namespace cycaudiocxx
