/* SPDX-License-Identifier: MIT */
/*
 * The wave filter's description (cycprop.h, the same filter as the C
 * driver's): what the device plays and records, a streaming pin and a bridge
 * pin per direction, the DAC and ADC nodes. Included once by each wave
 * filter (minwave.cpp, minwavert.cpp, minwavepci.cpp), each with its own
 * PropertyHandlerStatistics for its own streams.
 */
#ifndef CXXAUDIO_WAVTABLE_H
#define CXXAUDIO_WAVTABLE_H

#include "cxxaudio.h"

namespace cycaudiocxx {

/* Integer PCM: u8, s16, s24 in 32 (EXTENSIBLE only), s32; 1-8 channels. */
static const KSDATARANGE_AUDIO WaveRangePcm = {
    { { sizeof(KSDATARANGE_AUDIO), 0, 0, 0,
        STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM),
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX) } },
    CYC_CHANNELS_MAX, 8, 32, CYC_RATE_MIN, CYC_RATE_MAX
};

/* IEEE float, 32-bit. */
static const KSDATARANGE_AUDIO WaveRangeFloat = {
    { { sizeof(KSDATARANGE_AUDIO), 0, 0, 0,
        STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        STATICGUIDOF(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT),
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX) } },
    CYC_CHANNELS_MAX, 32, 32, CYC_RATE_MIN, CYC_RATE_MAX
};

static const PKSDATARANGE WaveStreamRanges[] = {
    PKSDATARANGE(&WaveRangePcm),
    PKSDATARANGE(&WaveRangeFloat),
};

/* The analog side of the bridge pins. */
static const KSDATARANGE WaveBridgeRange = {
    { sizeof(KSDATARANGE), 0, 0, 0, STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
      STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
      STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE) }
};

static const PKSDATARANGE WaveBridgeRanges[] = {
    PKSDATARANGE(&WaveBridgeRange),
};

static NTSTATUS PropertyHandlerStatistics(PPCPROPERTY_REQUEST PropertyRequest);

static const PCPROPERTY_ITEM WaveStreamProperties[] = {
    { &KSPROPSETID_CycAudioStream, KSPROPERTY_CYCAUDIO_STREAM_STATISTICS,
      PCPROPERTY_ITEM_FLAG_GET | PCPROPERTY_ITEM_FLAG_BASICSUPPORT,
      PropertyHandlerStatistics },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(WaveStreamAutomation,
                                      WaveStreamProperties);

/*
 * A streaming pin allows as many instances as the device can have streams
 * of its direction (IPinCount lowers it to what CAPS reports).
 */
#define WAVE_STREAM_PIN(Flow, MaxInstances) \
    { (MaxInstances), (MaxInstances), 0, &WaveStreamAutomation, \
      { 0, NULL, 0, NULL, SIZEOF_ARRAY(WaveStreamRanges), WaveStreamRanges, \
        (Flow), KSPIN_COMMUNICATION_SINK, &KSCATEGORY_AUDIO, NULL, { 0 } } }
#define WAVE_BRIDGE_PIN(Flow) \
    { 0, 0, 0, NULL, \
      { 0, NULL, 0, NULL, SIZEOF_ARRAY(WaveBridgeRanges), WaveBridgeRanges, \
        (Flow), KSPIN_COMMUNICATION_NONE, &KSCATEGORY_AUDIO, NULL, { 0 } } }

/* In KSPIN_WAVE_* order. */
static const PCPIN_DESCRIPTOR WavePins[] = {
    WAVE_STREAM_PIN(KSPIN_DATAFLOW_IN, CYC_MAX_RENDER),
    WAVE_BRIDGE_PIN(KSPIN_DATAFLOW_OUT),
    WAVE_BRIDGE_PIN(KSPIN_DATAFLOW_IN),
    WAVE_STREAM_PIN(KSPIN_DATAFLOW_OUT, CYC_MAX_CAPTURE),
};
C_ASSERT(SIZEOF_ARRAY(WavePins) == KSPIN_WAVE_COUNT);

/* In KSNODE_WAVE_* order. */
static const PCNODE_DESCRIPTOR WaveNodes[] = {
    { 0, NULL, &KSNODETYPE_DAC, NULL },
    { 0, NULL, &KSNODETYPE_ADC, NULL },
};
C_ASSERT(SIZEOF_ARRAY(WaveNodes) == KSNODE_WAVE_COUNT);

/* Node pin 1 is a node's input, pin 0 its output. */
static const PCCONNECTION_DESCRIPTOR WaveConnections[] = {
    { PCFILTER_NODE, KSPIN_WAVE_RENDER_SINK, KSNODE_WAVE_DAC, 1 },
    { KSNODE_WAVE_DAC, 0, PCFILTER_NODE, KSPIN_WAVE_RENDER_SOURCE },
    { PCFILTER_NODE, KSPIN_WAVE_CAPTURE_SINK, KSNODE_WAVE_ADC, 1 },
    { KSNODE_WAVE_ADC, 0, PCFILTER_NODE, KSPIN_WAVE_CAPTURE_SOURCE },
};

static const GUID WaveCategories[] = {
    STATICGUIDOF(KSCATEGORY_AUDIO),
    STATICGUIDOF(KSCATEGORY_RENDER),
    STATICGUIDOF(KSCATEGORY_CAPTURE),
};

static const PCFILTER_DESCRIPTOR WaveFilterDescriptor = {
    0, NULL,
    sizeof(PCPIN_DESCRIPTOR), SIZEOF_ARRAY(WavePins), WavePins,
    sizeof(PCNODE_DESCRIPTOR), SIZEOF_ARRAY(WaveNodes), WaveNodes,
    SIZEOF_ARRAY(WaveConnections), WaveConnections,
    SIZEOF_ARRAY(WaveCategories), WaveCategories,
};

/*
 * IMiniport of a wave filter of this driver (every port type the same):
 * this description, and the best format inside both ranges (waveformat.c,
 * shared with the C driver).
 */
#define IMP_WAVE_FILTER_IMINIPORT(Class) \
    STDMETHODIMP_(NTSTATUS) \
    Class::GetDescription(PPCFILTER_DESCRIPTOR *Description) \
    { \
        PAGED_CODE(); \
        *Description = PPCFILTER_DESCRIPTOR(&WaveFilterDescriptor); \
        return STATUS_SUCCESS; \
    } \
    STDMETHODIMP_(NTSTATUS) \
    Class::DataRangeIntersection(ULONG PinId, PKSDATARANGE DataRange, \
                                 PKSDATARANGE MatchingDataRange, \
                                 ULONG OutputBufferLength, \
                                 PVOID ResultantFormat, \
                                 PULONG ResultantFormatLength) \
    { \
        PAGED_CODE(); \
        return CycWaveDataRangeIntersection( \
            PinId, DataRange, MatchingDataRange, OutputBufferLength, \
            ResultantFormat, ResultantFormatLength); \
    }

} /* namespace cycaudiocxx */

#endif /* CXXAUDIO_WAVTABLE_H */
