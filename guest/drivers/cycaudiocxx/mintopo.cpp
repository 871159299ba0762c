// SPDX-License-Identifier: MIT
// CMiniportTopology: the device's mixer as a KS topology filter. Volume and
// mute are the master register (one gain for every channel), the mux picks
// the capture source of every capture stream, a private set drives the
// generator. The state lives in CAdapterCommon; handlers run at
// PASSIVE_LEVEL.
#include "cxxaudio.h"
#include "toptable.h"

#define POOLTAG_TOPOLOGY 'TxyC'

class CMiniportTopology : public IMiniportTopology, public CUnknown
{
public:
    PPORTTOPOLOGY m_Port;
    PADAPTERCOMMON m_AdapterCommon;

    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportTopology);
    ~CMiniportTopology();

    STDMETHODIMP_(NTSTATUS) GetDescription(PPCFILTER_DESCRIPTOR *Description);
    STDMETHODIMP_(NTSTATUS) DataRangeIntersection(ULONG PinId,
        PKSDATARANGE DataRange, PKSDATARANGE MatchingDataRange,
        ULONG OutputBufferLength, PVOID ResultantFormat,
        PULONG ResultantFormatLength);
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter,
                                 PRESOURCELIST ResourceList,
                                 PPORTTOPOLOGY Port);

    // The miniport a property request is addressed to (MajorTarget).
    static CMiniportTopology *From(PPCPROPERTY_REQUEST PropertyRequest)
    {
        return static_cast<CMiniportTopology *>(
            PMINIPORTTOPOLOGY(PropertyRequest->MajorTarget));
    }
};

CMiniportTopology::~CMiniportTopology()
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
CMiniportTopology::NonDelegatingQueryInterface(REFIID Interface,
                                               PVOID *Object)
{
    PAGED_CODE();
    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PMINIPORTTOPOLOGY(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniport)) {
        *Object = PVOID(PMINIPORT(this));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniportTopology)) {
        *Object = PVOID(PMINIPORTTOPOLOGY(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopology::GetDescription(PPCFILTER_DESCRIPTOR *Description)
{
    PAGED_CODE();
    *Description = PPCFILTER_DESCRIPTOR(&TopoFilterDescriptor);
    return STATUS_SUCCESS;
}

// Bridge pins only: the port's default handler is right for them.
STDMETHODIMP_(NTSTATUS)
CMiniportTopology::DataRangeIntersection(ULONG, PKSDATARANGE, PKSDATARANGE,
                                         ULONG, PVOID, PULONG)
{
    return STATUS_NOT_IMPLEMENTED;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopology::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                        PPORTTOPOLOGY Port)
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
    m_Port = Port;
    m_Port->AddRef();
    return STATUS_SUCCESS;
}

// BASICSUPPORT of a LONG/ULONG control (the audio basic-support protocol):
// a ULONG buffer gets the access flags, a KSPROPERTY_DESCRIPTION the header,
// a larger one the header, one members header and a stepped range.
NTSTATUS PropertyBasicSupport(PPCPROPERTY_REQUEST PropertyRequest,
                              ULONG VariantType, LONG Minimum, LONG Maximum,
                              ULONG Step, BOOLEAN HasRange)
{
    struct BASIC_SUPPORT {
        KSPROPERTY_DESCRIPTION Description;
        KSPROPERTY_MEMBERSHEADER Members;
        KSPROPERTY_STEPPING_LONG Range;
    };
    ULONG access = KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET |
                   KSPROPERTY_TYPE_BASICSUPPORT;
    ULONG full = HasRange ? sizeof(BASIC_SUPPORT)
                          : sizeof(KSPROPERTY_DESCRIPTION);
    BASIC_SUPPORT *support = static_cast<BASIC_SUPPORT *>(
        PropertyRequest->Value);
    ULONG size = PropertyRequest->ValueSize;

    if (size >= sizeof(KSPROPERTY_DESCRIPTION)) {
        RtlZeroMemory(support, size >= full ? full
                                            : sizeof(KSPROPERTY_DESCRIPTION));
        support->Description.AccessFlags = access;
        support->Description.DescriptionSize = full;
        support->Description.PropTypeSet.Set = KSPROPTYPESETID_General;
        support->Description.PropTypeSet.Id = VariantType;
        support->Description.MembersListCount = HasRange ? 1 : 0;
        PropertyRequest->ValueSize = sizeof(KSPROPERTY_DESCRIPTION);
        if (HasRange && size >= full) {
            support->Members.MembersFlags = KSPROPERTY_MEMBER_STEPPEDRANGES;
            support->Members.MembersSize = sizeof(KSPROPERTY_STEPPING_LONG);
            support->Members.MembersCount = 1;
            support->Members.Flags =
                KSPROPERTY_MEMBER_FLAG_BASICSUPPORT_UNIFORM;
            support->Range.SteppingDelta = Step;
            support->Range.Bounds.SignedMinimum = Minimum;
            support->Range.Bounds.SignedMaximum = Maximum;
            PropertyRequest->ValueSize = full;
        }
        return STATUS_SUCCESS;
    }
    if (size >= sizeof(ULONG)) {
        *PULONG(PropertyRequest->Value) = access;
        PropertyRequest->ValueSize = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    return STATUS_BUFFER_TOO_SMALL;
}

// GET and SET need Size bytes of value; a GET without a buffer asks for it.
NTSTATUS PropertyCheckValue(PPCPROPERTY_REQUEST PropertyRequest, ULONG Size)
{
    if (PropertyRequest->ValueSize == 0 &&
        (PropertyRequest->Verb & KSPROPERTY_TYPE_GET)) {
        PropertyRequest->ValueSize = Size;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (PropertyRequest->ValueSize < Size) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    return STATUS_SUCCESS;
}

// Channel instance: master (-1) or a channel (0..7), all the one master
// register. Deviation: Windows has a gain per channel; the device has one
// attenuator, so setting a channel sets them all.
static NTSTATUS CheckChannel(PPCPROPERTY_REQUEST PropertyRequest)
{
    LONG channel;

    if (PropertyRequest->InstanceSize < sizeof(LONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    channel = *PLONG(PropertyRequest->Instance);
    if (channel < -1 || channel >= LONG(CYC_CHANNELS_MAX)) {
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

// 1/65536 dB to the device's 0.5 dB attenuation steps, clamped and rounded.
static ULONG LevelToAttenuation(LONG Level)
{
    if (Level >= CYC_VOLUME_MAX) {
        return 0;
    }
    if (Level <= CYC_VOLUME_MIN) {
        return CYC_ATT_MAX;
    }
    return ULONG((-LONGLONG(Level) + CYC_VOLUME_STEP / 2) / CYC_VOLUME_STEP);
}

// KSPROPERTY_AUDIO_VOLUMELEVEL (1/65536 dB) and KSPROPERTY_AUDIO_MUTE: the
// two halves of the master register.
static NTSTATUS PropertyHandlerMaster(PPCPROPERTY_REQUEST PropertyRequest)
{
    PADAPTERCOMMON common = CMiniportTopology::From(PropertyRequest)
                                ->m_AdapterCommon;
    BOOLEAN volume =
        PropertyRequest->PropertyItem->Id == KSPROPERTY_AUDIO_VOLUMELEVEL;
    ULONG size = volume ? sizeof(LONG) : sizeof(BOOL);
    ULONG attenuation;
    BOOLEAN mute;
    NTSTATUS status;

    PAGED_CODE();
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        if (volume) {
            return PropertyBasicSupport(PropertyRequest, VT_I4,
                                        CYC_VOLUME_MIN, CYC_VOLUME_MAX,
                                        CYC_VOLUME_STEP, TRUE);
        }
        return PropertyBasicSupport(PropertyRequest, VT_BOOL, 0, 1, 1, FALSE);
    }
    status = CheckChannel(PropertyRequest);
    if (NT_SUCCESS(status)) {
        status = PropertyCheckValue(PropertyRequest, size);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    common->GetMaster(&attenuation, &mute);
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        if (volume) {
            *PLONG(PropertyRequest->Value) =
                -LONG(attenuation) * CYC_VOLUME_STEP;
        } else {
            *static_cast<BOOL *>(PropertyRequest->Value) = mute ? TRUE : FALSE;
        }
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        if (volume) {
            attenuation = LevelToAttenuation(*PLONG(PropertyRequest->Value));
        } else {
            mute = *static_cast<BOOL *>(PropertyRequest->Value) ? TRUE : FALSE;
        }
        common->SetMaster(attenuation, mute);
    } else {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PropertyRequest->ValueSize = size;
    return STATUS_SUCCESS;
}

// Mux source pins and the device's CYC_SRC_* selectors.
static const struct {
    ULONG Pin;
    ULONG Source;
} MuxSources[] = {
    { KSPIN_TOPO_GENERATOR_SOURCE, CYC_SRC_GENERATOR },
    { KSPIN_TOPO_LOOPBACK_SOURCE, CYC_SRC_LOOPBACK },
    { KSPIN_TOPO_LINEIN_SOURCE, CYC_SRC_AUDIODEV },
};

// Deviation: Windows switches at once; the device latches the source when a
// capture stream starts, so running captures take it at their next RUN.
static NTSTATUS PropertyHandlerMuxSource(PPCPROPERTY_REQUEST PropertyRequest)
{
    PADAPTERCOMMON common = CMiniportTopology::From(PropertyRequest)
                                ->m_AdapterCommon;
    ULONG i;
    NTSTATUS status;

    PAGED_CODE();
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        return PropertyBasicSupport(PropertyRequest, VT_UI4, 0, 0, 0, FALSE);
    }
    status = PropertyCheckValue(PropertyRequest, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        ULONG source = common->GetCaptureSource();

        for (i = 0; i < SIZEOF_ARRAY(MuxSources); i++) {
            if (MuxSources[i].Source == source) {
                *PULONG(PropertyRequest->Value) = MuxSources[i].Pin;
            }
        }
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        for (i = 0; i < SIZEOF_ARRAY(MuxSources); i++) {
            if (MuxSources[i].Pin == *PULONG(PropertyRequest->Value)) {
                break;
            }
        }
        if (i == SIZEOF_ARRAY(MuxSources)) {
            return STATUS_INVALID_PARAMETER;
        }
        if (!CycHwHasSource(common->GetHw(), MuxSources[i].Source)) {
            return STATUS_NOT_SUPPORTED;
        }
        common->SetCaptureSource(MuxSources[i].Source);
    } else {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PropertyRequest->ValueSize = sizeof(ULONG);
    return STATUS_SUCCESS;
}

// Private: the generator's mode (CYC_GEN_MODE_*) and sine frequency (Hz).
static NTSTATUS PropertyHandlerGenerator(PPCPROPERTY_REQUEST PropertyRequest)
{
    PADAPTERCOMMON common = CMiniportTopology::From(PropertyRequest)
                                ->m_AdapterCommon;
    BOOLEAN isMode =
        PropertyRequest->PropertyItem->Id == KSPROPERTY_CYCAUDIO_GENERATOR_MODE;
    ULONG mode;
    ULONG frequency;
    NTSTATUS status;

    PAGED_CODE();
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        return PropertyBasicSupport(PropertyRequest, VT_UI4, 0,
                                    isMode ? CYC_GEN_MODE_SILENCE
                                           : CYC_GEN_FREQ_MAX,
                                    1, TRUE);
    }
    status = PropertyCheckValue(PropertyRequest, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    common->GetGenerator(&mode, &frequency);
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        *PULONG(PropertyRequest->Value) = isMode ? mode : frequency;
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        ULONG value = *PULONG(PropertyRequest->Value);

        if (isMode) {
            if (value > CYC_GEN_MODE_SILENCE) {
                return STATUS_INVALID_PARAMETER;
            }
            mode = value;
        } else {
            if (value == 0 || value > CYC_GEN_FREQ_MAX) {
                return STATUS_INVALID_PARAMETER;
            }
            frequency = value;
        }
        common->SetGenerator(mode, frequency);
    } else {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PropertyRequest->ValueSize = sizeof(ULONG);
    return STATUS_SUCCESS;
}

// KSPROPERTY_CYC_MIDI_LOOP, a filter property: 0 or 1.
static NTSTATUS PropertyHandlerMidiLoop(PPCPROPERTY_REQUEST PropertyRequest)
{
    PCYC_HW hw = CMiniportTopology::From(PropertyRequest)
                     ->m_AdapterCommon->GetHw();
    NTSTATUS status;

    PAGED_CODE();
    if (CYC_GET(hw->Caps, CYC_CAPS_MIDI) == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        return PropertyBasicSupport(PropertyRequest, VT_UI4, 0, 1, 1, TRUE);
    }
    status = PropertyCheckValue(PropertyRequest, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        *PULONG(PropertyRequest->Value) = CycHwGetMidiLoop(hw) ? 1 : 0;
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        ULONG value = *PULONG(PropertyRequest->Value);

        if (value > 1) {
            return STATUS_INVALID_PARAMETER;
        }
        CycHwSetMidiLoop(hw, value == 1);
    } else {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PropertyRequest->ValueSize = sizeof(ULONG);
    return STATUS_SUCCESS;
}

NTSTATUS CreateMiniportTopologyCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                   PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    STD_CREATE_BODY_WITH_TAG_(CMiniportTopology, Unknown, UnknownOuter,
                              PoolType, POOLTAG_TOPOLOGY, PMINIPORTTOPOLOGY);
}
