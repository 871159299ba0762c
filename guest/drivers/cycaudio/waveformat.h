/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio wave formats and cyclic buffer sizes, shared by the WaveCyclic
 * miniport and its streams.
 */
#ifndef CYCAUDIO_WAVEFORMAT_H
#define CYCAUDIO_WAVEFORMAT_H

#include "common.h"

/*
 * Cyclic buffer: at least CYC_WAVE_PERIODS notification periods of
 * CYC_WAVE_PERIOD_MS and at least CYC_WAVE_BUFFER_MIN bytes, rounded up to
 * CYC_WAVE_BUFFER_ALIGN, the least common multiple of every frame size (1..8
 * channels x 1, 2, 4 bytes), so a later SetFormat finds a buffer its frames
 * tile. The port keeps its lead (40 ms) behind the play position whatever the
 * buffer size, so a larger buffer adds no latency.
 */
#define CYC_WAVE_PERIOD_MS      10u
#define CYC_WAVE_PERIODS        8u
#define CYC_WAVE_BUFFER_MIN     0x10000u
#define CYC_WAVE_BUFFER_ALIGN   3360u
/* SetFormat needs room for this many periods of the new format. */
#define CYC_WAVE_MIN_PERIODS    4u

/*
 * A validated stream format, everything the stream and the device need from it.
 */
typedef struct CYC_WAVE_FORMAT {
    CYC_HW_FORMAT Hw;
    ULONG BlockAlign;           /* bytes per frame */
    ULONG BitsPerSample;        /* container bits */
} CYC_WAVE_FORMAT, *PCYC_WAVE_FORMAT;

/*
 * STATUS_INVALID_PARAMETER unless DataFormat is a
 * format the device plays as is.
 */
NTSTATUS CycWaveParseFormat(const KSDATAFORMAT *DataFormat,
                            PCYC_WAVE_FORMAT Format);
/*
 * NewStream's checks, shared by the WaveCyclic and WaveRT miniports (and
 * the C++ driver's): Pin is the direction's streaming pin (render sink,
 * capture source), else STATUS_INVALID_PARAMETER, and DataFormat a format
 * the device plays (CycWaveParseFormat).
 */
NTSTATUS CycWaveStreamFormat(ULONG Pin, BOOLEAN Capture,
                             const KSDATAFORMAT *DataFormat,
                             PCYC_WAVE_FORMAT Format);
/*
 * The wave filter's DataRangeIntersection, shared by the WaveCyclic and
 * WaveRT miniports (and the C++ driver's): the best format inside both
 * ranges.
 */
NTSTATUS CycWaveDataRangeIntersection(ULONG PinId, PKSDATARANGE DataRange,
                                      PKSDATARANGE MatchingDataRange,
                                      ULONG OutputBufferLength,
                                      PVOID ResultantFormat,
                                      PULONG ResultantFormatLength);

/*
 * A stream's KSSTATE as the device's block state: ACQUIRE and PAUSE are
 * the device's PAUSE (voice open, clock frozen), STOP returns the block to
 * position 0. STATUS_INVALID_PARAMETER for a state past RUN.
 */
NTSTATUS CycWaveDeviceState(KSSTATE State, PULONG DeviceState);

/* Bytes of Format played, in 100 ns units (NormalizePhysicalPosition). */
LONGLONG CycWaveBytesTo100ns(const CYC_WAVE_FORMAT *Format, LONGLONG Bytes);

#endif /* CYCAUDIO_WAVEFORMAT_H */
