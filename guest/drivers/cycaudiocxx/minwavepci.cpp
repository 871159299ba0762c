// SPDX-License-Identifier: MIT
// CMiniportWavePci: the wave filter (wavtable.h) over the WavePci port, on
// the device's scatter-gather ring (CAPS.SG). It describes the filter,
// intersects and validates formats and makes streams
// (minwavepcistream.cpp); the streams do the rest. PASSIVE_LEVEL, except
// Service and the statistics GET (<= DISPATCH_LEVEL).
#include "minwavepci.h"
#include "wavtable.h"

namespace cycaudiocxx {

#define POOLTAG_WAVEPCI 'PxyC'
#define POOLTAG_WAVEPCISTREAM 'pxyC'

STDMETHODIMP_(NTSTATUS)
CMiniportWavePci::NonDelegatingQueryInterface(REFIID Interface, PVOID *Object)
{
    PUNKNOWN found = NULL;

    if (IsMiniportInterface(Interface, IID_IMiniportWavePci)) {
        found = PMINIPORTWAVEPCI(this);
    } else if (IsEqualGUIDAligned(Interface, IID_IPowerNotify)) {
        found = PPOWERNOTIFY(this);
    }
    return AnswerQuery(found, Object);
}

IMP_WAVE_FILTER_IMINIPORT(CMiniportWavePci)

STDMETHODIMP_(NTSTATUS)
CMiniportWavePci::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                       PPORTWAVEPCI Port, PSERVICEGROUP *ServiceGroup)
{
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    *ServiceGroup = NULL;
    status = TakeReferences(UnknownAdapter, Port);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_Hw = m_AdapterCommon->GetHw();
    if (CYC_GET(m_Hw->Caps, CYC_CAPS_SG) == 0) {
        DPF(D_ERROR, "WavePci: the device has no scatter-gather ring");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportWavePci::NewStream(PMINIPORTWAVEPCISTREAM *Stream,
                            PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                            PPORTWAVEPCISTREAM PortStream, ULONG Pin,
                            BOOLEAN Capture, PKSDATAFORMAT DataFormat,
                            PDMACHANNEL *DmaChannel,
                            PSERVICEGROUP *ServiceGroup)
{
    CYC_WAVE_FORMAT format;
    CMiniportWavePciStream *stream;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(PoolType);
    *Stream = NULL;
    if (OuterUnknown != NULL || PortStream == NULL ||
        Pin != (Capture ? KSPIN_WAVE_CAPTURE_SOURCE
                        : KSPIN_WAVE_RENDER_SINK)) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    stream = new (NonPagedPoolNx, POOLTAG_WAVEPCISTREAM)
        CMiniportWavePciStream(NULL);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->AddRef();
    status = stream->Init(this, Capture, &format, PortStream, DmaChannel,
                          ServiceGroup);
    if (!NT_SUCCESS(status)) {
        stream->Release();
        return status;
    }
    *Stream = PMINIPORTWAVEPCISTREAM(stream);
    return STATUS_SUCCESS;
}

// Every stream has its own service group; nothing to do for the filter.
STDMETHODIMP_(void) CMiniportWavePci::Service(void)
{
}

// Pin property; MinorTarget is the stream NewStream made.
static NTSTATUS PropertyHandlerStatistics(PPCPROPERTY_REQUEST PropertyRequest)
{
    BOOLEAN basic = (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) != 0;
    ULONG size = basic ? sizeof(ULONG) : sizeof(CYC_STREAM_STATISTICS);

    if (!basic && (!(PropertyRequest->Verb & KSPROPERTY_TYPE_GET) ||
                   PropertyRequest->MinorTarget == NULL)) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (PropertyRequest->ValueSize == 0 && !basic) {
        PropertyRequest->ValueSize = size;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (PropertyRequest->ValueSize < size) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    PropertyRequest->ValueSize = size;
    if (basic) {
        *PULONG(PropertyRequest->Value) =
            KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_BASICSUPPORT;
    } else {
        static_cast<CMiniportWavePciStream *>(
            PMINIPORTWAVEPCISTREAM(PropertyRequest->MinorTarget))
            ->GetStatistics(PCYC_STREAM_STATISTICS(PropertyRequest->Value));
    }
    return STATUS_SUCCESS;
}

NTSTATUS CreateMiniportWavePciCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                  PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    STD_CREATE_BODY_WITH_TAG_(CMiniportWavePci, Unknown, UnknownOuter,
                              PoolType, POOLTAG_WAVEPCI, PMINIPORTWAVEPCI);
}

} // namespace cycaudiocxx
