// SPDX-License-Identifier: MIT
// CMiniportWaveCyclic: the wave filter of the C++ driver. It describes the
// filter, intersects and validates formats, creates streams and limits pin
// instances to the device's streams; it touches no register itself. All of
// it at PASSIVE_LEVEL except the statistics GET (<= DISPATCH_LEVEL).
#include "minwave.h"
#include "wavtable.h"

#define POOLTAG_WAVE 'WxyC'
#define POOLTAG_STREAM 'SxyC'

CMiniportWaveCyclic::~CMiniportWaveCyclic()
{
    PAGED_CODE();
    if (m_Port) {
        m_Port->Release();
    }
    if (m_AdapterCommon) {
        m_AdapterCommon->Release();
    }
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclic::NonDelegatingQueryInterface(REFIID Interface,
                                                 PVOID *Object)
{
    PAGED_CODE();
    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PMINIPORTWAVECYCLIC(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniport)) {
        *Object = PVOID(PMINIPORT(this));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniportWaveCyclic)) {
        *Object = PVOID(PMINIPORTWAVECYCLIC(this));
    } else if (IsEqualGUIDAligned(Interface, IID_IPinCount)) {
        *Object = PVOID(PPINCOUNT(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclic::GetDescription(PPCFILTER_DESCRIPTOR *Description)
{
    PAGED_CODE();
    *Description = PPCFILTER_DESCRIPTOR(&WaveFilterDescriptor);
    return STATUS_SUCCESS;
}

// The channel masks Windows uses for 1..8 speakers (mono ... 7.1).
static const ULONG ChannelMasks[CYC_CHANNELS_MAX + 1] = {
    0,
    KSAUDIO_SPEAKER_MONO,
    KSAUDIO_SPEAKER_STEREO,
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER,
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_BACK_LEFT |
        SPEAKER_BACK_RIGHT,
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
        SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT,
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
        SPEAKER_LOW_FREQUENCY | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT,
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
        SPEAKER_LOW_FREQUENCY | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT |
        SPEAKER_BACK_CENTER,
    SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
        SPEAKER_LOW_FREQUENCY | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT |
        SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT,
};

static BOOLEAN GuidMatches(REFGUID Client, REFGUID Mine)
{
    return IsEqualGUIDAligned(Client, Mine) ||
           IsEqualGUIDAligned(Client, GUID_NULL);
}

// The best format inside both ranges: most channels, widest sample, highest
// rate. WAVEFORMATEX for 8/16-bit PCM in mono or stereo, else
// WAVEFORMATEXTENSIBLE.
STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclic::DataRangeIntersection(ULONG PinId,
                                           PKSDATARANGE DataRange,
                                           PKSDATARANGE MatchingDataRange,
                                           ULONG OutputBufferLength,
                                           PVOID ResultantFormat,
                                           PULONG ResultantFormatLength)
{
    const KSDATARANGE_AUDIO *mine =
        reinterpret_cast<const KSDATARANGE_AUDIO *>(MatchingDataRange);
    const KSDATARANGE_AUDIO *client =
        reinterpret_cast<const KSDATARANGE_AUDIO *>(DataRange);
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE *result =
        static_cast<KSDATAFORMAT_WAVEFORMATEXTENSIBLE *>(ResultantFormat);
    ULONG channels = mine->MaximumChannels;
    ULONG loBits = mine->MinimumBitsPerSample;
    ULONG hiBits = mine->MaximumBitsPerSample;
    ULONG loRate = mine->MinimumSampleFrequency;
    ULONG hiRate = mine->MaximumSampleFrequency;
    ULONG bits;
    ULONG validBits;
    BOOLEAN isFloat;
    BOOLEAN extensible;
    ULONG size;

    PAGED_CODE();
    if (PinId != KSPIN_WAVE_RENDER_SINK && PinId != KSPIN_WAVE_CAPTURE_SOURCE) {
        return STATUS_NOT_IMPLEMENTED;
    }
    if (DataRange->FormatSize < sizeof(KSDATARANGE) ||
        !GuidMatches(DataRange->MajorFormat, MatchingDataRange->MajorFormat) ||
        !GuidMatches(DataRange->SubFormat, MatchingDataRange->SubFormat) ||
        !GuidMatches(DataRange->Specifier, MatchingDataRange->Specifier)) {
        return STATUS_NO_MATCH;
    }
    isFloat = IsEqualGUIDAligned(MatchingDataRange->SubFormat,
                                 KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    if (DataRange->FormatSize >= sizeof(KSDATARANGE_AUDIO)) {
        channels = min(channels, client->MaximumChannels);
        loBits = max(loBits, client->MinimumBitsPerSample);
        hiBits = min(hiBits, client->MaximumBitsPerSample);
        loRate = max(loRate, client->MinimumSampleFrequency);
        hiRate = min(hiRate, client->MaximumSampleFrequency);
    }
    if (channels == 0 || loBits > hiBits || loRate > hiRate) {
        return STATUS_NO_MATCH;
    }
    // The device's containers, widest first; 24 valid bits ride in 32.
    if (hiBits >= 32) {
        bits = 32;
        validBits = 32;
    } else if (hiBits >= 24 && loBits <= 24 && !isFloat) {
        bits = 32;
        validBits = 24;
    } else if (hiBits >= 16 && loBits <= 16 && !isFloat) {
        bits = 16;
        validBits = 16;
    } else if (loBits <= 8 && !isFloat) {
        bits = 8;
        validBits = 8;
    } else {
        return STATUS_NO_MATCH;
    }
    extensible = isFloat || channels > 2 || bits > 16;
    size = extensible ? sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE)
                      : sizeof(KSDATAFORMAT_WAVEFORMATEX);
    if (OutputBufferLength == 0) {
        *ResultantFormatLength = size;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (OutputBufferLength < size) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    RtlZeroMemory(result, size);
    result->DataFormat.FormatSize = size;
    result->DataFormat.MajorFormat = MatchingDataRange->MajorFormat;
    result->DataFormat.SubFormat = MatchingDataRange->SubFormat;
    result->DataFormat.Specifier = MatchingDataRange->Specifier;
    WAVEFORMATEX *wave = &result->WaveFormatExt.Format;
    wave->wFormatTag = extensible ? WAVE_FORMAT_EXTENSIBLE : WAVE_FORMAT_PCM;
    wave->nChannels = WORD(channels);
    wave->nSamplesPerSec = hiRate;
    wave->wBitsPerSample = WORD(bits);
    wave->nBlockAlign = WORD(channels * bits / 8);
    wave->nAvgBytesPerSec = hiRate * wave->nBlockAlign;
    result->DataFormat.SampleSize = wave->nBlockAlign;
    if (extensible) {
        wave->cbSize = sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX);
        result->WaveFormatExt.Samples.wValidBitsPerSample = WORD(validBits);
        result->WaveFormatExt.dwChannelMask = ChannelMasks[channels];
        result->WaveFormatExt.SubFormat = MatchingDataRange->SubFormat;
    }
    *ResultantFormatLength = size;
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportWaveCyclic::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                          PPORTWAVECYCLIC Port)
{
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    if (UnknownAdapter == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = UnknownAdapter->QueryInterface(IID_IAdapterCommon,
                                            (PVOID *)&m_AdapterCommon);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_Hw = m_AdapterCommon->GetHw();
    m_Port = Port;
    m_Port->AddRef();
    return STATUS_SUCCESS;
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
    if ((Capture && Pin != KSPIN_WAVE_CAPTURE_SOURCE) ||
        (!Capture && Pin != KSPIN_WAVE_RENDER_SINK)) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        DPF(D_TERSE, "NewStream: format refused");
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
