// SPDX-License-Identifier: MIT
// CMiniportWaveCyclic: the wave filter of the C++ driver. It describes the
// filter, intersects and validates formats, creates streams and limits pin
// instances to the device's streams; it touches no register itself. All of
// it at PASSIVE_LEVEL except the statistics GET (<= DISPATCH_LEVEL).
#include "minwave.h"
#include "wavtable.h"

namespace cycaudiocxx {

#define POOLTAG_WAVE 'WxyC'
#define POOLTAG_STREAM 'SxyC'

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclic::NonDelegatingQueryInterface(REFIID Interface,
                                                 PVOID *Object)
{
    PUNKNOWN found = NULL;

    if (IsMiniportInterface(Interface, IID_IMiniportWaveCyclic)) {
        found = PMINIPORTWAVECYCLIC(this);
    } else if (IsEqualGUIDAligned(Interface, IID_IPinCount)) {
        found = PPINCOUNT(this);
    } else if (IsEqualGUIDAligned(Interface, IID_IPowerNotify)) {
        found = PPOWERNOTIFY(this);
    }
    return AnswerQuery(found, Object);
}

IMP_WAVE_FILTER_IMINIPORT(CMiniportWaveCyclic)

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclic::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                          PPORTWAVECYCLIC Port)
{
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    status = TakeReferences(UnknownAdapter, Port);
    if (NT_SUCCESS(status)) {
        m_Hw = m_AdapterCommon->GetHw();
    }
    return status;
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclic::NewStream(PMINIPORTWAVECYCLICSTREAM *Stream,
                               PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                               ULONG Pin, BOOLEAN Capture,
                               PKSDATAFORMAT DataFormat,
                               PDMACHANNEL *DmaChannel,
                               PSERVICEGROUP *ServiceGroup)
{
    CYC_WAVE_FORMAT format;
    CMiniportWaveCyclicStream *stream;
    NTSTATUS status;

    PAGED_CODE();
    *Stream = NULL;
    if (OuterUnknown != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveStreamFormat(Pin, Capture, DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    stream = new (PoolType, POOLTAG_STREAM) CMiniportWaveCyclicStream(NULL);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->AddRef();
    status = stream->Init(this, Capture, &format, DmaChannel, ServiceGroup);
    if (!NT_SUCCESS(status)) {
        stream->Release();
        return status;
    }
    *Stream = PMINIPORTWAVECYCLICSTREAM(stream);
    return STATUS_SUCCESS;
}

// The descriptor allows CYC_MAX_RENDER/CAPTURE instances; the device may
// have fewer streams (CAPS). The port asks before every pin creation.
STDMETHODIMP_(void)
CMiniportWaveCyclic::PinCount(ULONG PinId, PULONG FilterNecessary,
                              PULONG FilterCurrent, PULONG FilterPossible,
                              PULONG GlobalCurrent, PULONG GlobalPossible)
{
    UNREFERENCED_PARAMETER(FilterNecessary);
    UNREFERENCED_PARAMETER(FilterCurrent);
    UNREFERENCED_PARAMETER(GlobalCurrent);
    if (m_Hw == NULL ||
        (PinId != KSPIN_WAVE_RENDER_SINK &&
         PinId != KSPIN_WAVE_CAPTURE_SOURCE)) {
        return;
    }
    ULONG streams = CycHwStreamCount(m_Hw, PinId == KSPIN_WAVE_CAPTURE_SOURCE);
    *FilterPossible = min(*FilterPossible, streams);
    *GlobalPossible = min(*GlobalPossible, streams);
}

// Pin property; MinorTarget is the stream NewStream made.
static NTSTATUS PropertyHandlerStatistics(PPCPROPERTY_REQUEST PropertyRequest)
{
    PCYC_STREAM_STATISTICS statistics =
        static_cast<PCYC_STREAM_STATISTICS>(PropertyRequest->Value);

    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        if (PropertyRequest->ValueSize < sizeof(ULONG)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        *PULONG(PropertyRequest->Value) =
            KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_BASICSUPPORT;
        PropertyRequest->ValueSize = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    if (!(PropertyRequest->Verb & KSPROPERTY_TYPE_GET) ||
        PropertyRequest->MinorTarget == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (PropertyRequest->ValueSize == 0) {
        PropertyRequest->ValueSize = sizeof(*statistics);
        return STATUS_BUFFER_OVERFLOW;
    }
    if (PropertyRequest->ValueSize < sizeof(*statistics)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    static_cast<CMiniportWaveCyclicStream *>(
        PMINIPORTWAVECYCLICSTREAM(PropertyRequest->MinorTarget))
        ->GetStatistics(statistics);
    PropertyRequest->ValueSize = sizeof(*statistics);
    return STATUS_SUCCESS;
}

NTSTATUS CreateMiniportWaveCyclicCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                     PUNKNOWN UnknownOuter,
                                     POOL_TYPE PoolType)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    STD_CREATE_BODY_WITH_TAG_(CMiniportWaveCyclic, Unknown, UnknownOuter,
                              PoolType, POOLTAG_WAVE, PMINIPORTWAVECYCLIC);
}

} // namespace cycaudiocxx
