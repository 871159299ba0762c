/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio wave format check, shared by the miniport (NewStream, data
 * range intersection) and its streams (SetFormat): which KSDATAFORMATs the
 * device plays as is, and what the stream and the device need from them.
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

LONGLONG CycWaveBytesTo100ns(const CYC_WAVE_FORMAT *Format, LONGLONG Bytes)
{
    ULONGLONG frames = (ULONGLONG)Bytes / Format->BlockAlign;

    return (LONGLONG)(frames * _100NS_UNITS_PER_SECOND / Format->Hw.Rate);
}
