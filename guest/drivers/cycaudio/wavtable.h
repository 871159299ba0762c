/* SPDX-License-Identifier: MIT */
/*
 * Static KS description of the cycaudio wave filter: data ranges of everything
 * the device plays and records, the four pins (render and capture, each a
 * streaming pin plus a bridge to the topology filter), the DAC/ADC nodes and
 * their connections. Included once, by minwave.c; the property handler named
 * here lives there.
 */
#ifndef CYCAUDIO_WAVTABLE_H
#define CYCAUDIO_WAVTABLE_H

#include "cycaudio.h"

/* Integer PCM: u8, s16, s24 in 32 (EXTENSIBLE only), s32; 1-8 channels. */
static const KSDATARANGE_AUDIO CycWaveRangePcm = {
    .DataRange = {
        .FormatSize = sizeof(KSDATARANGE_AUDIO),
        .MajorFormat = STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        .SubFormat = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM),
        .Specifier = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX),
    },
    .MaximumChannels = CYC_CHANNELS_MAX,
    .MinimumBitsPerSample = 8,
    .MaximumBitsPerSample = 32,
    .MinimumSampleFrequency = CYC_RATE_MIN,
    .MaximumSampleFrequency = CYC_RATE_MAX,
};

/* IEEE float, 32-bit. */
static const KSDATARANGE_AUDIO CycWaveRangeFloat = {
    .DataRange = {
        .FormatSize = sizeof(KSDATARANGE_AUDIO),
        .MajorFormat = STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        .SubFormat = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT),
        .Specifier = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX),
    },
    .MaximumChannels = CYC_CHANNELS_MAX,
    .MinimumBitsPerSample = 32,
    .MaximumBitsPerSample = 32,
    .MinimumSampleFrequency = CYC_RATE_MIN,
    .MaximumSampleFrequency = CYC_RATE_MAX,
};

static const PKSDATARANGE CycWaveStreamRanges[] = {
    (PKSDATARANGE)&CycWaveRangePcm,
    (PKSDATARANGE)&CycWaveRangeFloat,
};

/* The analog side of the bridge pins. */
static const KSDATARANGE CycWaveBridgeRange = {
    .FormatSize = sizeof(KSDATARANGE),
    .MajorFormat = STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
    .SubFormat = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
    .Specifier = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE),
};

static const PKSDATARANGE CycWaveBridgeRanges[] = {
    (PKSDATARANGE)&CycWaveBridgeRange,
};

static NTSTATUS NTAPI CycWavePropertyStatistics(
    PPCPROPERTY_REQUEST PropertyRequest);

static const PCPROPERTY_ITEM CycWaveStreamProperties[] = {
    {
        .Set = &KSPROPSETID_CycAudioStream,
        .Id = KSPROPERTY_CYCAUDIO_STREAM_STATISTICS,
        .Flags = PCPROPERTY_ITEM_FLAG_GET | PCPROPERTY_ITEM_FLAG_BASICSUPPORT,
        .Handler = CycWavePropertyStatistics,
    },
};

static DEFINE_PCAUTOMATION_TABLE_PROP(CycWaveStreamAutomation,
                                      CycWaveStreamProperties);

/*
 * Each streaming pin allows as many instances as the device has streams of that
 * direction (NewStream still refuses when CAPS reports fewer).
 */
#define CYC_WAVE_STREAM_PIN(Flow, MaxInstances) \
    { \
        .MaxGlobalInstanceCount = (MaxInstances), \
        .MaxFilterInstanceCount = (MaxInstances), \
        .MinFilterInstanceCount = 0, \
        .AutomationTable = &CycWaveStreamAutomation, \
        .KsPinDescriptor = { \
            .DataRangesCount = SIZEOF_ARRAY(CycWaveStreamRanges), \
            .DataRanges = CycWaveStreamRanges, \
            .DataFlow = (Flow), \
            .Communication = KSPIN_COMMUNICATION_SINK, \
            .Category = &KSCATEGORY_AUDIO, \
        }, \
    }

#define CYC_WAVE_BRIDGE_PIN(Flow) \
    { \
        .KsPinDescriptor = { \
            .DataRangesCount = SIZEOF_ARRAY(CycWaveBridgeRanges), \
            .DataRanges = CycWaveBridgeRanges, \
            .DataFlow = (Flow), \
            .Communication = KSPIN_COMMUNICATION_NONE, \
            .Category = &KSCATEGORY_AUDIO, \
        }, \
    }

static const PCPIN_DESCRIPTOR CycWavePins[KSPIN_WAVE_COUNT] = {
    [KSPIN_WAVE_RENDER_SINK] =
        CYC_WAVE_STREAM_PIN(KSPIN_DATAFLOW_IN, CYC_MAX_RENDER),
    [KSPIN_WAVE_RENDER_SOURCE] = CYC_WAVE_BRIDGE_PIN(KSPIN_DATAFLOW_OUT),
    [KSPIN_WAVE_CAPTURE_SINK] = CYC_WAVE_BRIDGE_PIN(KSPIN_DATAFLOW_IN),
    [KSPIN_WAVE_CAPTURE_SOURCE] =
        CYC_WAVE_STREAM_PIN(KSPIN_DATAFLOW_OUT, CYC_MAX_CAPTURE),
};

static const PCNODE_DESCRIPTOR CycWaveNodes[KSNODE_WAVE_COUNT] = {
    [KSNODE_WAVE_DAC] = { .Type = &KSNODETYPE_DAC },
    [KSNODE_WAVE_ADC] = { .Type = &KSNODETYPE_ADC },
};

/* Node pin 1 is a node's input, pin 0 its output (the KS convention). */
static const PCCONNECTION_DESCRIPTOR CycWaveConnections[] = {
    { PCFILTER_NODE, KSPIN_WAVE_RENDER_SINK, KSNODE_WAVE_DAC, 1 },
    { KSNODE_WAVE_DAC, 0, PCFILTER_NODE, KSPIN_WAVE_RENDER_SOURCE },
    { PCFILTER_NODE, KSPIN_WAVE_CAPTURE_SINK, KSNODE_WAVE_ADC, 1 },
    { KSNODE_WAVE_ADC, 0, PCFILTER_NODE, KSPIN_WAVE_CAPTURE_SOURCE },
};

static const GUID CycWaveCategories[] = {
    STATICGUIDOF(KSCATEGORY_AUDIO),
    STATICGUIDOF(KSCATEGORY_RENDER),
    STATICGUIDOF(KSCATEGORY_CAPTURE),
};

static const PCFILTER_DESCRIPTOR CycWaveFilterDescriptor = {
    .Version = 0,
    .AutomationTable = NULL,
    .PinSize = sizeof(PCPIN_DESCRIPTOR),
    .PinCount = SIZEOF_ARRAY(CycWavePins),
    .Pins = CycWavePins,
    .NodeSize = sizeof(PCNODE_DESCRIPTOR),
    .NodeCount = SIZEOF_ARRAY(CycWaveNodes),
    .Nodes = CycWaveNodes,
    .ConnectionCount = SIZEOF_ARRAY(CycWaveConnections),
    .Connections = CycWaveConnections,
    .CategoryCount = SIZEOF_ARRAY(CycWaveCategories),
    .Categories = CycWaveCategories,
};

#endif /* CYCAUDIO_WAVTABLE_H */
