/* SPDX-License-Identifier: MIT */
/*
 * Static KS description of the cycaudio topology filter: the render path goes
 * through the device's master volume and mute to the audio backend; the capture
 * path picks one of three sources (generator, loopback, backend input) in a
 * mux. Included once, by mintopo.c; the property handlers named here live
 * there.
 */
#ifndef CYCAUDIO_TOPTABLE_H
#define CYCAUDIO_TOPTABLE_H

#include "cycaudio.h"

static const KSDATARANGE CycTopoBridgeRange = {
    .FormatSize = sizeof(KSDATARANGE),
    .MajorFormat = STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
    .SubFormat = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
    .Specifier = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE),
};

static const PKSDATARANGE CycTopoBridgeRanges[] = {
    (PKSDATARANGE)&CycTopoBridgeRange,
};

#define CYC_TOPO_BRIDGE_PIN(Flow, Cat, PinName) \
    { \
        .KsPinDescriptor = { \
            .DataRangesCount = SIZEOF_ARRAY(CycTopoBridgeRanges), \
            .DataRanges = CycTopoBridgeRanges, \
            .DataFlow = (Flow), \
            .Communication = KSPIN_COMMUNICATION_NONE, \
            .Category = (Cat), \
            .Name = (PinName), \
        }, \
    }

static const PCPIN_DESCRIPTOR CycTopoPins[KSPIN_TOPO_COUNT] = {
    [KSPIN_TOPO_WAVEOUT_SOURCE] =
        CYC_TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSCATEGORY_AUDIO, NULL),
    [KSPIN_TOPO_LINEOUT_DEST] =
        CYC_TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_OUT, &KSNODETYPE_SPEAKER, NULL),
    [KSPIN_TOPO_GENERATOR_SOURCE] =
        CYC_TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSNODETYPE_LINE_CONNECTOR,
                            &CYC_PINNAME_GENERATOR),
    [KSPIN_TOPO_LOOPBACK_SOURCE] =
        CYC_TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSNODETYPE_LINE_CONNECTOR,
                            &CYC_PINNAME_LOOPBACK),
    [KSPIN_TOPO_LINEIN_SOURCE] =
        CYC_TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSNODETYPE_MICROPHONE, NULL),
    [KSPIN_TOPO_WAVEIN_DEST] =
        CYC_TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_OUT, &KSCATEGORY_AUDIO, NULL),
};

static NTSTATUS NTAPI CycTopoPropertyMaster(
    PPCPROPERTY_REQUEST PropertyRequest);
static NTSTATUS NTAPI CycTopoPropertyMuxSource(
    PPCPROPERTY_REQUEST PropertyRequest);
static NTSTATUS NTAPI CycTopoPropertyGenerator(
    PPCPROPERTY_REQUEST PropertyRequest);
static NTSTATUS NTAPI CycTopoPropertyMidiLoop(
    PPCPROPERTY_REQUEST PropertyRequest);

#define CYC_PROPERTY_GET_SET_BASIC \
    (PCPROPERTY_ITEM_FLAG_GET | PCPROPERTY_ITEM_FLAG_SET | \
     PCPROPERTY_ITEM_FLAG_BASICSUPPORT)

static const PCPROPERTY_ITEM CycTopoVolumeProperties[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_VOLUMELEVEL,
      CYC_PROPERTY_GET_SET_BASIC, CycTopoPropertyMaster },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(CycTopoVolumeAutomation,
                                      CycTopoVolumeProperties);

static const PCPROPERTY_ITEM CycTopoMuteProperties[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUTE, CYC_PROPERTY_GET_SET_BASIC,
      CycTopoPropertyMaster },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(CycTopoMuteAutomation,
                                      CycTopoMuteProperties);

static const PCPROPERTY_ITEM CycTopoMuxProperties[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUX_SOURCE,
      CYC_PROPERTY_GET_SET_BASIC, CycTopoPropertyMuxSource },
    { &KSPROPSETID_CycAudioGenerator, KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
      CYC_PROPERTY_GET_SET_BASIC, CycTopoPropertyGenerator },
    { &KSPROPSETID_CycAudioGenerator, KSPROPERTY_CYCAUDIO_GENERATOR_FREQUENCY,
      CYC_PROPERTY_GET_SET_BASIC, CycTopoPropertyGenerator },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(CycTopoMuxAutomation,
                                      CycTopoMuxProperties);

static const PCPROPERTY_ITEM CycTopoFilterProperties[] = {
    { &KSPROPSETID_CycMidi, KSPROPERTY_CYC_MIDI_LOOP,
      CYC_PROPERTY_GET_SET_BASIC, CycTopoPropertyMidiLoop },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(CycTopoFilterAutomation,
                                      CycTopoFilterProperties);

static const PCNODE_DESCRIPTOR CycTopoNodes[KSNODE_TOPO_COUNT] = {
    [KSNODE_TOPO_LINEOUT_VOLUME] = {
        .AutomationTable = &CycTopoVolumeAutomation,
        .Type = &KSNODETYPE_VOLUME,
    },
    [KSNODE_TOPO_LINEOUT_MUTE] = {
        .AutomationTable = &CycTopoMuteAutomation,
        .Type = &KSNODETYPE_MUTE,
    },
    [KSNODE_TOPO_WAVEIN_MUX] = {
        .AutomationTable = &CycTopoMuxAutomation,
        .Type = &KSNODETYPE_MUX,
    },
};

/*
 * Mux inputs are node pins 1..3 in source-pin order; the mux output is pin 0.
 */
static const PCCONNECTION_DESCRIPTOR CycTopoConnections[] = {
    { PCFILTER_NODE, KSPIN_TOPO_WAVEOUT_SOURCE, KSNODE_TOPO_LINEOUT_VOLUME, 1 },
    { KSNODE_TOPO_LINEOUT_VOLUME, 0, KSNODE_TOPO_LINEOUT_MUTE, 1 },
    { KSNODE_TOPO_LINEOUT_MUTE, 0, PCFILTER_NODE, KSPIN_TOPO_LINEOUT_DEST },
    { PCFILTER_NODE, KSPIN_TOPO_GENERATOR_SOURCE, KSNODE_TOPO_WAVEIN_MUX, 1 },
    { PCFILTER_NODE, KSPIN_TOPO_LOOPBACK_SOURCE, KSNODE_TOPO_WAVEIN_MUX, 2 },
    { PCFILTER_NODE, KSPIN_TOPO_LINEIN_SOURCE, KSNODE_TOPO_WAVEIN_MUX, 3 },
    { KSNODE_TOPO_WAVEIN_MUX, 0, PCFILTER_NODE, KSPIN_TOPO_WAVEIN_DEST },
};

static const GUID CycTopoCategories[] = {
    STATICGUIDOF(KSCATEGORY_AUDIO),
    STATICGUIDOF(KSCATEGORY_TOPOLOGY),
};

static const PCFILTER_DESCRIPTOR CycTopoFilterDescriptor = {
    .Version = 0,
    .AutomationTable = &CycTopoFilterAutomation,
    .PinSize = sizeof(PCPIN_DESCRIPTOR),
    .PinCount = SIZEOF_ARRAY(CycTopoPins),
    .Pins = CycTopoPins,
    .NodeSize = sizeof(PCNODE_DESCRIPTOR),
    .NodeCount = SIZEOF_ARRAY(CycTopoNodes),
    .Nodes = CycTopoNodes,
    .ConnectionCount = SIZEOF_ARRAY(CycTopoConnections),
    .Connections = CycTopoConnections,
    .CategoryCount = SIZEOF_ARRAY(CycTopoCategories),
    .Categories = CycTopoCategories,
};

#endif /* CYCAUDIO_TOPTABLE_H */
