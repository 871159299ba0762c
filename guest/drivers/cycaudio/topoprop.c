/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio topology filter's property handlers, on an adapter Common the
 * caller names: volume and mute (the device's master register), the capture
 * mux, the generator and the MIDI loop. The C miniport (mintopo.c) and the C++
 * one (drivers/cycaudiocxx/mintopo.cpp, its own copy) call them from their
 * table handlers. PASSIVE_LEVEL.
 */
#include "common.h"
#include "topoprop.h"

/*
 * BASICSUPPORT for a LONG/ULONG-valued control (the audio basic-support
 * protocol): a ULONG-sized buffer gets the access flags; a
 * KSPROPERTY_DESCRIPTION-sized one the description header; a larger one the
 * header, one members header and a stepped range.
 */
NTSTATUS CycTopoBasicSupport(PPCPROPERTY_REQUEST PropertyRequest,
                                    ULONG VariantType, LONG Minimum,
                                    LONG Maximum, ULONG Step, BOOLEAN HasRange)
{
    typedef struct {
        KSPROPERTY_DESCRIPTION Description;
        KSPROPERTY_MEMBERSHEADER Members;
        KSPROPERTY_STEPPING_LONG Range;
    } CYC_BASIC_SUPPORT;
    ULONG access = KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET |
                   KSPROPERTY_TYPE_BASICSUPPORT;
    ULONG full =
        HasRange ? sizeof(CYC_BASIC_SUPPORT) : sizeof(KSPROPERTY_DESCRIPTION);
    CYC_BASIC_SUPPORT *support = PropertyRequest->Value;
    ULONG size = PropertyRequest->ValueSize;

    if (size >= sizeof(KSPROPERTY_DESCRIPTION)) {
        RtlZeroMemory(support,
                      size >= full ? full : sizeof(KSPROPERTY_DESCRIPTION));
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
        *(PULONG)PropertyRequest->Value = access;
        PropertyRequest->ValueSize = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    return STATUS_BUFFER_TOO_SMALL;
}

/* GET/SET need a value of Size bytes; a zero-sized GET asks for the size. */
static NTSTATUS CycTopoCheckValue(PPCPROPERTY_REQUEST PropertyRequest,
                                  ULONG Size)
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

/*
 * Channel instance: master (-1) or a channel of the device (0..7); all of them
 * are the one master register. Deviation: Windows exposes a per-channel volume;
 * the device has a single attenuator, so setting one channel sets them all.
 */
static NTSTATUS CycTopoCheckChannel(PPCPROPERTY_REQUEST PropertyRequest)
{
    LONG channel;

    if (PropertyRequest->InstanceSize < sizeof(LONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    channel = *(PLONG)PropertyRequest->Instance;
    if (channel < -1 || channel >= (LONG)CYC_CHANNELS_MAX) {
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

/* 1/65536 dB <-> device attenuation steps of 0.5 dB; SET clamps and rounds. */
static ULONG CycTopoLevelToAttenuation(LONG Level)
{
    LONGLONG steps;

    if (Level >= CYC_VOLUME_MAX) {
        return 0;
    }
    if (Level <= CYC_VOLUME_MIN) {
        return CYC_ATT_MAX;
    }
    steps = ((LONGLONG)-Level + CYC_VOLUME_STEP / 2) / CYC_VOLUME_STEP;
    return (ULONG)steps;
}

/*
 * Volume (1/65536 dB) and mute: the two halves of the device's master register.
 */
NTSTATUS CycTopoMaster(PPCPROPERTY_REQUEST PropertyRequest,
                       PADAPTERCOMMON Common)
{
    BOOLEAN volume =
        PropertyRequest->PropertyItem->Id == KSPROPERTY_AUDIO_VOLUMELEVEL;
    ULONG size = volume ? sizeof(LONG) : sizeof(BOOL);
    ULONG attenuation;
    BOOLEAN mute;
    NTSTATUS status;

    PAGED_CODE();
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        if (volume) {
            return CycTopoBasicSupport(PropertyRequest, VT_I4, CYC_VOLUME_MIN,
                                       CYC_VOLUME_MAX, CYC_VOLUME_STEP, TRUE);
        }
        return CycTopoBasicSupport(PropertyRequest, VT_BOOL, 0, 1, 1, FALSE);
    }
    status = CycTopoCheckChannel(PropertyRequest);
    if (NT_SUCCESS(status)) {
        status = CycTopoCheckValue(PropertyRequest, size);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    COM_CALL(Common, GetMaster, &attenuation, &mute);
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        if (volume) {
            *(PLONG)PropertyRequest->Value =
                -(LONG)attenuation * CYC_VOLUME_STEP;
        } else {
            *(BOOL *)PropertyRequest->Value = mute ? TRUE : FALSE;
        }
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        if (volume) {
            attenuation =
                CycTopoLevelToAttenuation(*(PLONG)PropertyRequest->Value);
        } else {
            mute = *(BOOL *)PropertyRequest->Value ? TRUE : FALSE;
        }
        COM_CALL(Common, SetMaster, attenuation, mute);
    } else {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PropertyRequest->ValueSize = size;
    return STATUS_SUCCESS;
}

/* Mux source pins <-> the device's CYC_SRC_* selectors. */
static const struct {
    ULONG Pin;
    ULONG Source;
} CycTopoMuxSources[] = {
    { KSPIN_TOPO_GENERATOR_SOURCE, CYC_SRC_GENERATOR },
    { KSPIN_TOPO_LOOPBACK_SOURCE, CYC_SRC_LOOPBACK },
    { KSPIN_TOPO_LINEIN_SOURCE, CYC_SRC_AUDIODEV },
};

/*
 * Deviation: Windows switches the source at once; the device latches SRC when a
 * capture stream starts, so a new source reaches running captures at their next
 * STOP/RUN.
 */
NTSTATUS CycTopoMuxSource(PPCPROPERTY_REQUEST PropertyRequest,
                          PADAPTERCOMMON Common)
{
    ULONG source;
    ULONG i;
    NTSTATUS status;

    PAGED_CODE();
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        return CycTopoBasicSupport(PropertyRequest, VT_UI4, 0, 0, 0, FALSE);
    }
    status = CycTopoCheckValue(PropertyRequest, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        source = COM_CALL(Common, GetCaptureSource);
        for (i = 0; i < SIZEOF_ARRAY(CycTopoMuxSources); i++) {
            if (CycTopoMuxSources[i].Source == source) {
                *(PULONG)PropertyRequest->Value = CycTopoMuxSources[i].Pin;
            }
        }
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        for (i = 0; i < SIZEOF_ARRAY(CycTopoMuxSources); i++) {
            if (CycTopoMuxSources[i].Pin == *(PULONG)PropertyRequest->Value) {
                break;
            }
        }
        if (i == SIZEOF_ARRAY(CycTopoMuxSources)) {
            return STATUS_INVALID_PARAMETER;
        }
        if (!CycHwHasSource(COM_CALL(Common, GetHw),
                            CycTopoMuxSources[i].Source)) {
            return STATUS_NOT_SUPPORTED;
        }
        COM_CALL(Common, SetCaptureSource, CycTopoMuxSources[i].Source);
    } else {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PropertyRequest->ValueSize = sizeof(ULONG);
    return STATUS_SUCCESS;
}

/* Private: the generator's mode (CYC_GEN_MODE_*) and sine frequency (Hz). */
NTSTATUS CycTopoGenerator(PPCPROPERTY_REQUEST PropertyRequest,
                          PADAPTERCOMMON Common)
{
    ULONG id = PropertyRequest->PropertyItem->Id;
    ULONG mode;
    ULONG frequency;
    ULONG value;
    NTSTATUS status;

    PAGED_CODE();
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        return CycTopoBasicSupport(PropertyRequest, VT_UI4, 0,
                                   id == KSPROPERTY_CYCAUDIO_GENERATOR_MODE
                                       ? CYC_GEN_MODE_SILENCE
                                       : CYC_GEN_FREQ_MAX,
                                   1, TRUE);
    }
    status = CycTopoCheckValue(PropertyRequest, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    COM_CALL(Common, GetGenerator, &mode, &frequency);
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        *(PULONG)PropertyRequest->Value =
            id == KSPROPERTY_CYCAUDIO_GENERATOR_MODE ? mode : frequency;
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        value = *(PULONG)PropertyRequest->Value;
        if (id == KSPROPERTY_CYCAUDIO_GENERATOR_MODE) {
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
        COM_CALL(Common, SetGenerator, mode, frequency);
    } else {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    PropertyRequest->ValueSize = sizeof(ULONG);
    return STATUS_SUCCESS;
}

/* KSPROPERTY_CYC_MIDI_LOOP: a filter property, 0 or 1. */
NTSTATUS CycTopoMidiLoop(PPCPROPERTY_REQUEST PropertyRequest,
                         PADAPTERCOMMON Common)
{
    PCYC_HW hw = COM_CALL(Common, GetHw);
    ULONG value;
    NTSTATUS status;

    PAGED_CODE();
    if (CYC_GET(hw->Caps, CYC_CAPS_MIDI) == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        return CycTopoBasicSupport(PropertyRequest, VT_UI4, 0, 1, 1, TRUE);
    }
    status = CycTopoCheckValue(PropertyRequest, sizeof(ULONG));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_GET) {
        *(PULONG)PropertyRequest->Value = CycHwGetMidiLoop(hw) ? 1 : 0;
    } else if (PropertyRequest->Verb & KSPROPERTY_TYPE_SET) {
        value = *(PULONG)PropertyRequest->Value;
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
