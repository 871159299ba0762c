/* SPDX-License-Identifier: MIT */
/*
 * The topology filter's description (pins, nodes and connections of
 * cycprop.h, the same filter as the C driver's): the render path goes
 * through the master volume and mute to the line out, the capture path picks
 * generator, loopback or line in in a mux. Included once, by mintopo.cpp,
 * which has the property handlers.
 */
#ifndef CXXAUDIO_TOPTABLE_H
#define CXXAUDIO_TOPTABLE_H

#include "cxxaudio.h"

namespace cycaudiocxx {

static const KSDATARANGE TopoBridgeRange = {
    { sizeof(KSDATARANGE), 0, 0, 0, STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
      STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
      STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE) }
};

static const PKSDATARANGE TopoBridgeRanges[] = {
    PKSDATARANGE(&TopoBridgeRange),
};

#define TOPO_BRIDGE_PIN(Flow, Category, Name) \
    { 0, 0, 0, NULL, \
      { 0, NULL, 0, NULL, SIZEOF_ARRAY(TopoBridgeRanges), TopoBridgeRanges, \
        (Flow), KSPIN_COMMUNICATION_NONE, (Category), (Name), { 0 } } }

/* In KSPIN_TOPO_* order. */
static const PCPIN_DESCRIPTOR TopoPins[] = {
    TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSCATEGORY_AUDIO, NULL),
    TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_OUT, &KSNODETYPE_SPEAKER, NULL),
    TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSNODETYPE_LINE_CONNECTOR,
                    &CYC_PINNAME_GENERATOR),
    TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSNODETYPE_LINE_CONNECTOR,
                    &CYC_PINNAME_LOOPBACK),
    TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_IN, &KSNODETYPE_MICROPHONE, NULL),
    TOPO_BRIDGE_PIN(KSPIN_DATAFLOW_OUT, &KSCATEGORY_AUDIO, NULL),
};
C_ASSERT(SIZEOF_ARRAY(TopoPins) == KSPIN_TOPO_COUNT);

#define PROPERTY_GET_SET_BASIC \
    (PCPROPERTY_ITEM_FLAG_GET | PCPROPERTY_ITEM_FLAG_SET | \
     PCPROPERTY_ITEM_FLAG_BASICSUPPORT)

static NTSTATUS PropertyHandlerMaster(PPCPROPERTY_REQUEST PropertyRequest);
static NTSTATUS PropertyHandlerMuxSource(PPCPROPERTY_REQUEST PropertyRequest);
static NTSTATUS PropertyHandlerGenerator(PPCPROPERTY_REQUEST PropertyRequest);
static NTSTATUS PropertyHandlerMidiLoop(PPCPROPERTY_REQUEST PropertyRequest);

static const PCPROPERTY_ITEM TopoVolumeProperties[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_VOLUMELEVEL,
      PROPERTY_GET_SET_BASIC, PropertyHandlerMaster },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(TopoVolumeAutomation,
                                      TopoVolumeProperties);

static const PCPROPERTY_ITEM TopoMuteProperties[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUTE, PROPERTY_GET_SET_BASIC,
      PropertyHandlerMaster },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(TopoMuteAutomation, TopoMuteProperties);

static const PCPROPERTY_ITEM TopoMuxProperties[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUX_SOURCE, PROPERTY_GET_SET_BASIC,
      PropertyHandlerMuxSource },
    { &KSPROPSETID_CycAudioGenerator, KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
      PROPERTY_GET_SET_BASIC, PropertyHandlerGenerator },
    { &KSPROPSETID_CycAudioGenerator, KSPROPERTY_CYCAUDIO_GENERATOR_FREQUENCY,
      PROPERTY_GET_SET_BASIC, PropertyHandlerGenerator },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(TopoMuxAutomation, TopoMuxProperties);

static const PCPROPERTY_ITEM TopoFilterProperties[] = {
    { &KSPROPSETID_CycMidi, KSPROPERTY_CYC_MIDI_LOOP, PROPERTY_GET_SET_BASIC,
      PropertyHandlerMidiLoop },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(TopoFilterAutomation,
                                      TopoFilterProperties);

/* In KSNODE_TOPO_* order. */
static const PCNODE_DESCRIPTOR TopoNodes[] = {
    { 0, &TopoVolumeAutomation, &KSNODETYPE_VOLUME, NULL },
    { 0, &TopoMuteAutomation, &KSNODETYPE_MUTE, NULL },
    { 0, &TopoMuxAutomation, &KSNODETYPE_MUX, NULL },
};
C_ASSERT(SIZEOF_ARRAY(TopoNodes) == KSNODE_TOPO_COUNT);

/*
 * Node pin 1.. are a node's inputs, pin 0 its output; the mux inputs are in
 * source-pin order.
 */
static const PCCONNECTION_DESCRIPTOR TopoConnections[] = {
    { PCFILTER_NODE, KSPIN_TOPO_WAVEOUT_SOURCE, KSNODE_TOPO_LINEOUT_VOLUME, 1 },
    { KSNODE_TOPO_LINEOUT_VOLUME, 0, KSNODE_TOPO_LINEOUT_MUTE, 1 },
    { KSNODE_TOPO_LINEOUT_MUTE, 0, PCFILTER_NODE, KSPIN_TOPO_LINEOUT_DEST },
    { PCFILTER_NODE, KSPIN_TOPO_GENERATOR_SOURCE, KSNODE_TOPO_WAVEIN_MUX, 1 },
    { PCFILTER_NODE, KSPIN_TOPO_LOOPBACK_SOURCE, KSNODE_TOPO_WAVEIN_MUX, 2 },
    { PCFILTER_NODE, KSPIN_TOPO_LINEIN_SOURCE, KSNODE_TOPO_WAVEIN_MUX, 3 },
    { KSNODE_TOPO_WAVEIN_MUX, 0, PCFILTER_NODE, KSPIN_TOPO_WAVEIN_DEST },
};

static const GUID TopoCategories[] = {
    STATICGUIDOF(KSCATEGORY_AUDIO),
    STATICGUIDOF(KSCATEGORY_TOPOLOGY),
};

static const PCFILTER_DESCRIPTOR TopoFilterDescriptor = {
    0, &TopoFilterAutomation,
    sizeof(PCPIN_DESCRIPTOR), SIZEOF_ARRAY(TopoPins), TopoPins,
    sizeof(PCNODE_DESCRIPTOR), SIZEOF_ARRAY(TopoNodes), TopoNodes,
    SIZEOF_ARRAY(TopoConnections), TopoConnections,
    SIZEOF_ARRAY(TopoCategories), TopoCategories,
};

} /* namespace cycaudiocxx */

#endif /* CXXAUDIO_TOPTABLE_H */
