/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio wave format check, shared by the miniport (NewStream, data
 * range intersection) and its streams (SetFormat): which KSDATAFORMATs the
 * device plays as is, and what the stream and the device need from them; and
 * the wave filter's data range intersection. The C++ driver
 * (drivers/cycaudiocxx) links its own copy.
 */
#include "waveformat.h"

static BOOLEAN CycWaveIsSubFormat(const GUID *SubFormat, const GUID *Wanted)
{
    return IsEqualGUIDAligned(SubFormat, Wanted);
}

NTSTATUS CycWaveParseFormat(const KSDATAFORMAT *DataFormat,
                            PCYC_WAVE_FORMAT Format)
{
    const WAVEFORMATEX *wave;
    const WAVEFORMATEXTENSIBLE *extensible = NULL;
    const GUID *subFormat = &DataFormat->SubFormat;
    ULONG validBits;
    ULONG sampleFormat;

    if (DataFormat->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEX) ||
        !IsEqualGUIDAligned(&DataFormat->MajorFormat,
                            &KSDATAFORMAT_TYPE_AUDIO) ||
        !IsEqualGUIDAligned(&DataFormat->Specifier,
                            &KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        return STATUS_INVALID_PARAMETER;
    }
    wave = &((const KSDATAFORMAT_WAVEFORMATEX *)DataFormat)->WaveFormatEx;
    validBits = wave->wBitsPerSample;
    if (wave->wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        if (DataFormat->FormatSize <
                sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) ||
            wave->cbSize <
                sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX)) {
            return STATUS_INVALID_PARAMETER;
        }
        extensible = (const WAVEFORMATEXTENSIBLE *)wave;
        validBits = extensible->Samples.wValidBitsPerSample;
        if (!IsEqualGUIDAligned(&extensible->SubFormat, subFormat)) {
            return STATUS_INVALID_PARAMETER;
        }
    } else if ((wave->wFormatTag == WAVE_FORMAT_PCM &&
                !CycWaveIsSubFormat(subFormat, &KSDATAFORMAT_SUBTYPE_PCM)) ||
               (wave->wFormatTag == WAVE_FORMAT_IEEE_FLOAT &&
                !CycWaveIsSubFormat(subFormat,
                                    &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)) ||
               (wave->wFormatTag != WAVE_FORMAT_PCM &&
                wave->wFormatTag != WAVE_FORMAT_IEEE_FLOAT)) {
        return STATUS_INVALID_PARAMETER;
    }

    if (CycWaveIsSubFormat(subFormat, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)) {
        if (wave->wBitsPerSample != 32 || validBits != 32) {
            return STATUS_INVALID_PARAMETER;
        }
        sampleFormat = CYC_SFMT_F32;
    } else if (wave->wBitsPerSample == 8 && validBits == 8) {
        sampleFormat = CYC_SFMT_U8;
    } else if (wave->wBitsPerSample == 16 && validBits == 16) {
        sampleFormat = CYC_SFMT_S16;
    } else if (wave->wBitsPerSample == 32 && validBits == 24 &&
               extensible != NULL) {
        sampleFormat = CYC_SFMT_S24_32;
    } else if (wave->wBitsPerSample == 32 && validBits == 32) {
        sampleFormat = CYC_SFMT_S32;
    } else {
        return STATUS_INVALID_PARAMETER;
    }

    if (wave->nChannels < CYC_CHANNELS_MIN ||
        wave->nChannels > CYC_CHANNELS_MAX ||
        wave->nSamplesPerSec < CYC_RATE_MIN ||
        wave->nSamplesPerSec > CYC_RATE_MAX ||
        wave->nBlockAlign != wave->nChannels * cyc_sfmt_bytes(sampleFormat) ||
        wave->nAvgBytesPerSec != wave->nSamplesPerSec * wave->nBlockAlign) {
        return STATUS_INVALID_PARAMETER;
    }
    Format->Hw.Rate = wave->nSamplesPerSec;
    Format->Hw.Channels = wave->nChannels;
    Format->Hw.SampleFormat = sampleFormat;
    Format->BlockAlign = wave->nBlockAlign;
    Format->BitsPerSample = wave->wBitsPerSample;
    return STATUS_SUCCESS;
}

/* The channel masks Windows uses for 1..8 speakers (mono, stereo, ..., 7.1). */
static const ULONG CycWaveChannelMasks[CYC_CHANNELS_MAX + 1] = {
    [1] = KSAUDIO_SPEAKER_MONO,
    [2] = KSAUDIO_SPEAKER_STEREO,
    [3] = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER,
    [4] = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_BACK_LEFT |
          SPEAKER_BACK_RIGHT,
    [5] = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
          SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT,
    [6] = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
          SPEAKER_LOW_FREQUENCY | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT,
    [7] = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
          SPEAKER_LOW_FREQUENCY | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT |
          SPEAKER_BACK_CENTER,
    [8] = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER |
          SPEAKER_LOW_FREQUENCY | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT |
          SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT,
};

static BOOLEAN CycWaveGuidMatches(const GUID *Client, const GUID *Mine)
{
    return IsEqualGUIDAligned(Client, Mine) ||
           IsEqualGUIDAligned(Client, &GUID_NULL);
}

/*
 * Picks the best format inside both ranges: most channels, widest sample,
 * highest rate (what the default PortCls handler prefers). A plain WAVEFORMATEX
 * is produced for 8/16-bit PCM in mono or stereo, WAVEFORMATEXTENSIBLE
 * otherwise.
 */
NTSTATUS CycWaveDataRangeIntersection(ULONG PinId, PKSDATARANGE DataRange,
                                      PKSDATARANGE MatchingDataRange,
                                      ULONG OutputBufferLength,
                                      PVOID ResultantFormat,
                                      PULONG ResultantFormatLength)
{
    const KSDATARANGE_AUDIO *mine =
        (const KSDATARANGE_AUDIO *)MatchingDataRange;
    const KSDATARANGE_AUDIO *client = (const KSDATARANGE_AUDIO *)DataRange;
    BOOLEAN isFloat;
    ULONG channels = mine->MaximumChannels;
    ULONG loBits = mine->MinimumBitsPerSample;
    ULONG hiBits = mine->MaximumBitsPerSample;
    ULONG loRate = mine->MinimumSampleFrequency;
    ULONG hiRate = mine->MaximumSampleFrequency;
    ULONG bits;
    ULONG validBits;
    BOOLEAN extensible;
    ULONG size;
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE *result = ResultantFormat;
    WAVEFORMATEX *wave;

    PAGED_CODE();
    if (PinId != KSPIN_WAVE_RENDER_SINK && PinId != KSPIN_WAVE_CAPTURE_SOURCE) {
        return STATUS_NOT_IMPLEMENTED;
    }
    if (DataRange->FormatSize < sizeof(KSDATARANGE) ||
        !CycWaveGuidMatches(&DataRange->MajorFormat,
                            &MatchingDataRange->MajorFormat) ||
        !CycWaveGuidMatches(&DataRange->SubFormat,
                            &MatchingDataRange->SubFormat) ||
        !CycWaveGuidMatches(&DataRange->Specifier,
                            &MatchingDataRange->Specifier)) {
        return STATUS_NO_MATCH;
    }
    isFloat = IsEqualGUIDAligned(&MatchingDataRange->SubFormat,
                                 &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    if (DataRange->FormatSize >= sizeof(KSDATARANGE_AUDIO)) {
        if (client->MaximumChannels < channels) {
            channels = client->MaximumChannels;
        }
        if (client->MinimumBitsPerSample > loBits) {
            loBits = client->MinimumBitsPerSample;
        }
        if (client->MaximumBitsPerSample < hiBits) {
            hiBits = client->MaximumBitsPerSample;
        }
        if (client->MinimumSampleFrequency > loRate) {
            loRate = client->MinimumSampleFrequency;
        }
        if (client->MaximumSampleFrequency < hiRate) {
            hiRate = client->MaximumSampleFrequency;
        }
    }
    if (channels == 0 || loBits > hiBits || loRate > hiRate) {
        return STATUS_NO_MATCH;
    }
    /* The containers the device has, widest first; 24 valid bits ride in 32. */
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
    wave = &result->WaveFormatExt.Format;
    wave->wFormatTag = extensible ? WAVE_FORMAT_EXTENSIBLE : WAVE_FORMAT_PCM;
    wave->nChannels = (WORD)channels;
    wave->nSamplesPerSec = hiRate;
    wave->wBitsPerSample = (WORD)bits;
    wave->nBlockAlign = (WORD)(channels * bits / 8);
    wave->nAvgBytesPerSec = hiRate * wave->nBlockAlign;
    result->DataFormat.SampleSize = wave->nBlockAlign;
    if (extensible) {
        wave->cbSize = sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX);
        result->WaveFormatExt.Samples.wValidBitsPerSample = (WORD)validBits;
        result->WaveFormatExt.dwChannelMask = CycWaveChannelMasks[channels];
        result->WaveFormatExt.SubFormat = MatchingDataRange->SubFormat;
    }
    *ResultantFormatLength = size;
    return STATUS_SUCCESS;
}

LONGLONG CycWaveBytesTo100ns(const CYC_WAVE_FORMAT *Format, LONGLONG Bytes)
{
    ULONGLONG frames = (ULONGLONG)Bytes / Format->BlockAlign;

    return (LONGLONG)(frames * _100NS_UNITS_PER_SECOND / Format->Hw.Rate);
}

NTSTATUS CycWaveDeviceState(KSSTATE State, PULONG DeviceState)
{
    switch (State) {
    case KSSTATE_STOP:
        *DeviceState = CYC_STATE_STOP;
        return STATUS_SUCCESS;
    case KSSTATE_ACQUIRE:
    case KSSTATE_PAUSE:
        *DeviceState = CYC_STATE_PAUSE;
        return STATUS_SUCCESS;
    case KSSTATE_RUN:
        *DeviceState = CYC_STATE_RUN;
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS CycWaveStreamFormat(ULONG Pin, BOOLEAN Capture,
                             const KSDATAFORMAT *DataFormat,
                             PCYC_WAVE_FORMAT Format)
{
    NTSTATUS status;

    if ((Capture && Pin != KSPIN_WAVE_CAPTURE_SOURCE) ||
        (!Capture && Pin != KSPIN_WAVE_RENDER_SINK)) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveParseFormat(DataFormat, Format);
    if (!NT_SUCCESS(status)) {
        DPF(D_TERSE, "NewStream(%s): format refused",
            Capture ? "capture" : "render");
    }
    return status;
}
