// SPDX-License-Identifier: MIT
// CMiniportWaveRT: the WaveRT filter of the C++ driver, the wave filter's
// pins, nodes and formats (wavtable.h) over the WaveRT port. Init points the
// device's position write-back at a page of records the streams read;
// NewStream validates the format and makes the stream (minwavertstream.cpp);
// IPowerNotify takes the streams across D3. PASSIVE_LEVEL, except the
// statistics GET (<= DISPATCH_LEVEL).
#include "minwavert.h"
#include "wavtable.h"

namespace cycaudiocxx {

#define POOLTAG_WAVERT 'RxyC'
#define POOLTAG_WAVERTSTREAM 'rxyC'

CMiniportWaveRT::~CMiniportWaveRT()
{
    if (m_Records) {
        PHYSICAL_ADDRESS none;

        // No stream is left to write a record; forget the page.
        none.QuadPart = 0;
        CycHwSetPositionWriteBack(m_Hw, none);
        MmFreeContiguousMemory(PVOID(m_Records));
    }
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRT::NonDelegatingQueryInterface(REFIID Interface, PVOID *Object)
{
    PUNKNOWN found = NULL;

    if (IsMiniportInterface(Interface, IID_IMiniportWaveRT)) {
        found = PMINIPORTWAVERT(this);
    } else if (IsEqualGUIDAligned(Interface, IID_IPowerNotify)) {
        found = PPOWERNOTIFY(this);
    }
    return AnswerQuery(found, Object);
}

IMP_WAVE_FILTER_IMINIPORT(CMiniportWaveRT)

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRT::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                      PPORTWAVERT Port)
{
    PHYSICAL_ADDRESS high;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    InitializeListHead(&m_Streams);
    status = TakeReferences(UnknownAdapter, Port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_Hw = m_AdapterCommon->GetHw();
    if (CYC_GET(m_Hw->Caps, CYC_CAPS_POSWB) == 0) {
        DPF(D_ERROR, "WaveRT: the device has no position write-back");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    high.QuadPart = MAXULONG;
    m_Records = static_cast<volatile UCHAR *>(
        MmAllocateContiguousMemory(PAGE_SIZE, high));
    if (m_Records == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(PVOID(m_Records), PAGE_SIZE);
    CycHwSetPositionWriteBack(m_Hw, MmGetPhysicalAddress(PVOID(m_Records)));
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveRT::NewStream(PMINIPORTWAVERTSTREAM *Stream,
                           PPORTWAVERTSTREAM PortStream, ULONG Pin,
                           BOOLEAN Capture, PKSDATAFORMAT DataFormat)
{
    CYC_WAVE_FORMAT format;
    CMiniportWaveRTStream *stream;
    NTSTATUS status;

    PAGED_CODE();
    *Stream = NULL;
    if (PortStream == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveStreamFormat(Pin, Capture, DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    stream = new (NonPagedPoolNx, POOLTAG_WAVERTSTREAM)
        CMiniportWaveRTStream(NULL);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->AddRef();
    status = stream->Init(this, PortStream, Capture, &format);
    if (!NT_SUCCESS(status)) {
        stream->Release();
        return status;
    }
    *Stream = PMINIPORTWAVERTSTREAM(stream);
    return STATUS_SUCCESS;
}

// PortCls has paused every running stream before D3 and resumes them after
// this D0 call ("Implementing IPowerNotify"). The device lost its registers
// in D3: after D0 the write-back base is set again before any stream
// restarts (the adapter restored INTCTL and the mixer already).
STDMETHODIMP_(void) CMiniportWaveRT::PowerChangeNotify(POWER_STATE PowerState)
{
    PAGED_CODE();
    if (m_Streams.Flink == NULL) {
        return;     // Init did not run
    }
    if (PowerState.DeviceState == PowerDeviceD0 && m_Records) {
        CycHwSetPositionWriteBack(m_Hw,
                                  MmGetPhysicalAddress(PVOID(m_Records)));
    }
    for (PLIST_ENTRY e = m_Streams.Flink; e != &m_Streams; e = e->Flink) {
        CMiniportWaveRTStream::FromLink(e)->PowerChange(
            PowerState.DeviceState);
    }
}

// The device is a bus master of its own; no system DMA adapter.
STDMETHODIMP_(NTSTATUS)
CMiniportWaveRT::GetDeviceDescription(PDEVICE_DESCRIPTION DeviceDescription)
{
    CycHwDeviceDescription(DeviceDescription);
    return STATUS_SUCCESS;
}

// Pin property of a WaveRT pin; MinorTarget is the stream NewStream made.
// GET only, with the size rules of the port.
static NTSTATUS PropertyHandlerStatistics(PPCPROPERTY_REQUEST PropertyRequest)
{
    const ULONG size = sizeof(CYC_STREAM_STATISTICS);

    if (!(PropertyRequest->Verb & KSPROPERTY_TYPE_GET) ||
        PropertyRequest->MinorTarget == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (PropertyRequest->ValueSize < size) {
        NTSTATUS status = PropertyRequest->ValueSize == 0
                              ? STATUS_BUFFER_OVERFLOW
                              : STATUS_BUFFER_TOO_SMALL;

        PropertyRequest->ValueSize = size;
        return status;
    }
    static_cast<CMiniportWaveRTStream *>(
        PMINIPORTWAVERTSTREAM(PropertyRequest->MinorTarget))
        ->GetStatistics(PCYC_STREAM_STATISTICS(PropertyRequest->Value));
    PropertyRequest->ValueSize = size;
    return STATUS_SUCCESS;
}

NTSTATUS CreateMiniportWaveRTCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                 PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    STD_CREATE_BODY_WITH_TAG_(CMiniportWaveRT, Unknown, UnknownOuter,
                              PoolType, POOLTAG_WAVERT, PMINIPORTWAVERT);
}

} // namespace cycaudiocxx
