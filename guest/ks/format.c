/* SPDX-License-Identifier: MIT */
/*
 * Audio formats against data ranges: validation at pin creation and the
 * default PCM data intersection. Formats come from clients, so every size
 * is checked before a field behind it is read.
 */
#include "ksp.h"

static BOOLEAN KspGuidMatches(const GUID *Want, const GUID *Have)
{
    return IsEqualGUIDAligned(Want, &GUID_NULL) ||
           IsEqualGUIDAligned(Have, &GUID_NULL) ||
           IsEqualGUIDAligned(Want, Have);
}

ULONG KspBytesPerFrame(const WAVEFORMATEX *Wave)
{
    return Wave->nBlockAlign;
}

/* 82: the struct is byte-packed, as in Microsoft's ksmedia.h. */
#define KSP_WAVE_FORMAT_BYTES sizeof(KSDATAFORMAT_WAVEFORMATEX)

const WAVEFORMATEX *KspWaveFormat(const KSDATAFORMAT *Format, ULONG Size)
{
    if (Size < KSP_WAVE_FORMAT_BYTES ||
        Format->FormatSize < KSP_WAVE_FORMAT_BYTES ||
        !IsEqualGUIDAligned(&Format->Specifier,
                            &KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        return NULL;
    }
    return &((const KSDATAFORMAT_WAVEFORMATEX *)Format)->WaveFormatEx;
}

/* Well-formedness of a WAVEFORMATEX(TENSIBLE) that Size bytes hold. */
static NTSTATUS KspCheckWave(const KSDATAFORMAT *Format, ULONG Size,
                             const WAVEFORMATEX *Wave, GUID *SubFormat)
{
    ULONG extra = Size - KSP_WAVE_FORMAT_BYTES;

    *SubFormat = Format->SubFormat;
    if (Wave->cbSize > extra || Wave->nChannels == 0 ||
        Wave->nSamplesPerSec == 0 || Wave->wBitsPerSample == 0 ||
        (Wave->wBitsPerSample % 8) != 0 ||
        Wave->nBlockAlign != Wave->nChannels * (Wave->wBitsPerSample / 8) ||
        Wave->nAvgBytesPerSec !=
            Wave->nSamplesPerSec * (ULONG)Wave->nBlockAlign) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Wave->wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        const WAVEFORMATEXTENSIBLE *ext = (const WAVEFORMATEXTENSIBLE *)Wave;

        if (Wave->cbSize < sizeof(WAVEFORMATEXTENSIBLE) -
                               sizeof(WAVEFORMATEX) ||
            ext->Samples.wValidBitsPerSample > Wave->wBitsPerSample ||
            ext->Samples.wValidBitsPerSample == 0) {
            return STATUS_INVALID_PARAMETER;
        }
        RtlCopyMemory(SubFormat, &ext->SubFormat, sizeof(GUID));
    } else if (Wave->wFormatTag == WAVE_FORMAT_PCM) {
        *SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    } else if (Wave->wFormatTag == WAVE_FORMAT_IEEE_FLOAT) {
        *SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    }
    return STATUS_SUCCESS;
}

NTSTATUS KspFormatMatchesRange(const KSDATAFORMAT *Format, ULONG Size,
                               const KSDATARANGE *Range)
{
    const KSDATARANGE_AUDIO *audio = (const KSDATARANGE_AUDIO *)Range;
    const WAVEFORMATEX *wave;
    GUID subFormat;
    NTSTATUS status;

    if (Size < sizeof(KSDATAFORMAT) || Format->FormatSize > Size ||
        Format->FormatSize < sizeof(KSDATAFORMAT)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!KspGuidMatches(&Range->MajorFormat, &Format->MajorFormat) ||
        !KspGuidMatches(&Range->SubFormat, &Format->SubFormat) ||
        !KspGuidMatches(&Range->Specifier, &Format->Specifier)) {
        return STATUS_NO_MATCH;
    }
    if (!IsEqualGUIDAligned(&Format->Specifier,
                            &KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)) {
        return STATUS_SUCCESS;
    }
    wave = KspWaveFormat(Format, Format->FormatSize);
    if (wave == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = KspCheckWave(Format, Format->FormatSize, wave, &subFormat);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (!KspGuidMatches(&Range->SubFormat, &subFormat)) {
        return STATUS_NO_MATCH;
    }
    if (Range->FormatSize < sizeof(KSDATARANGE_AUDIO) ||
        !IsEqualGUIDAligned(&Range->MajorFormat, &KSDATAFORMAT_TYPE_AUDIO)) {
        return STATUS_SUCCESS;
    }
    if (wave->nChannels > audio->MaximumChannels ||
        wave->wBitsPerSample < audio->MinimumBitsPerSample ||
        wave->wBitsPerSample > audio->MaximumBitsPerSample ||
        wave->nSamplesPerSec < audio->MinimumSampleFrequency ||
        wave->nSamplesPerSec > audio->MaximumSampleFrequency) {
        return STATUS_NO_MATCH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS KspDefaultAudioIntersection(const KSDATARANGE *ClientRange,
                                     const KSDATARANGE *PinRange,
                                     ULONG OutputLength, PVOID Result,
                                     PULONG ResultLength)
{
    const KSDATARANGE_AUDIO *client = (const KSDATARANGE_AUDIO *)ClientRange;
    const KSDATARANGE_AUDIO *pin = (const KSDATARANGE_AUDIO *)PinRange;
    PKSDATAFORMAT_WAVEFORMATEX out = Result;
    ULONG channels;
    ULONG bits;
    ULONG rate;

    if (PinRange->FormatSize < sizeof(KSDATARANGE_AUDIO) ||
        !IsEqualGUIDAligned(&PinRange->MajorFormat, &KSDATAFORMAT_TYPE_AUDIO) ||
        !IsEqualGUIDAligned(&PinRange->SubFormat, &KSDATAFORMAT_SUBTYPE_PCM) ||
        !KspGuidMatches(&ClientRange->MajorFormat, &PinRange->MajorFormat) ||
        !KspGuidMatches(&ClientRange->SubFormat, &PinRange->SubFormat) ||
        !KspGuidMatches(&ClientRange->Specifier, &PinRange->Specifier)) {
        return STATUS_NO_MATCH;
    }
    channels = min(pin->MaximumChannels, 2u);
    bits = pin->MaximumBitsPerSample;
    rate = pin->MaximumSampleFrequency;
    if (ClientRange->FormatSize >= sizeof(KSDATARANGE_AUDIO)) {
        channels = min(channels, client->MaximumChannels);
        bits = min(bits, client->MaximumBitsPerSample);
        rate = min(rate, client->MaximumSampleFrequency);
        if (bits < max(pin->MinimumBitsPerSample,
                       client->MinimumBitsPerSample) ||
            rate < max(pin->MinimumSampleFrequency,
                       client->MinimumSampleFrequency)) {
            return STATUS_NO_MATCH;
        }
    }
    if (channels == 0 || bits == 0 || bits % 8 != 0 || rate == 0) {
        return STATUS_NO_MATCH;
    }
    *ResultLength = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    if (OutputLength == 0) {
        return STATUS_BUFFER_OVERFLOW;
    }
    if (OutputLength < sizeof(KSDATAFORMAT_WAVEFORMATEX)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlZeroMemory(out, sizeof(*out));
    out->DataFormat.FormatSize = sizeof(KSDATAFORMAT_WAVEFORMATEX);
    out->DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    out->DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    out->DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    out->WaveFormatEx.wFormatTag = WAVE_FORMAT_PCM;
    out->WaveFormatEx.nChannels = (WORD)channels;
    out->WaveFormatEx.nSamplesPerSec = rate;
    out->WaveFormatEx.wBitsPerSample = (WORD)bits;
    out->WaveFormatEx.nBlockAlign = (WORD)(channels * bits / 8);
    out->WaveFormatEx.nAvgBytesPerSec = rate * out->WaveFormatEx.nBlockAlign;
    out->DataFormat.SampleSize = out->WaveFormatEx.nBlockAlign;
    return STATUS_SUCCESS;
}
