/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of the KS headers against Microsoft's declarations: the
 * x64 size and key offsets of every KS/ksmedia/mmreg structure, every GUID
 * value, the constants audio miniports use, and the byte counts the default
 * PCM intersection and format checks work with (KSDATAFORMAT_WAVEFORMATEX
 * is byte-packed: 82 bytes).
 */
#include <stdio.h>
#include <string.h>

#include <ks.h>
#include <ksmedia.h>
#include <ksp.h>
#include "runner.h"

/* Layouts ------------------------------------------------------------------ */

typedef struct {
    const char *What;
    size_t Have;
    size_t Want;
} LAYOUT_ROW;

#define SIZE_ROW(T, S) { "sizeof(" #T ")", sizeof(T), (S) }
#define OFF_ROW(T, F, O) { #T "." #F, offsetof(T, F), (O) }

static const LAYOUT_ROW Layouts[] = {
    /* ks.h */
    SIZE_ROW(KSIDENTIFIER, 24),
    OFF_ROW(KSIDENTIFIER, Id, 16),
    OFF_ROW(KSIDENTIFIER, Flags, 20),
    SIZE_ROW(KSPROPERTY, 24),
    SIZE_ROW(KSP_NODE, 32),
    OFF_ROW(KSP_NODE, NodeId, 24),
    SIZE_ROW(KSM_NODE, 32),
    SIZE_ROW(KSE_NODE, 32),
    SIZE_ROW(KSP_PIN, 32),
    OFF_ROW(KSP_PIN, PinId, 24),
    OFF_ROW(KSP_PIN, Reserved, 28),
    OFF_ROW(KSP_PIN, Flags, 28),
    SIZE_ROW(KSMULTIPLE_ITEM, 8),
    SIZE_ROW(KSPROPERTY_DESCRIPTION, 40),
    OFF_ROW(KSPROPERTY_DESCRIPTION, PropTypeSet, 8),
    OFF_ROW(KSPROPERTY_DESCRIPTION, MembersListCount, 32),
    SIZE_ROW(KSPROPERTY_MEMBERSHEADER, 16),
    SIZE_ROW(KSPROPERTY_BOUNDS_LONG, 8),
    SIZE_ROW(KSPROPERTY_BOUNDS_LONGLONG, 16),
    SIZE_ROW(KSPROPERTY_STEPPING_LONG, 16),
    OFF_ROW(KSPROPERTY_STEPPING_LONG, Bounds, 8),
    SIZE_ROW(KSPROPERTY_STEPPING_LONGLONG, 24),
    SIZE_ROW(KSCOMPONENTID, 72),
    OFF_ROW(KSCOMPONENTID, Version, 64),
    SIZE_ROW(KSPIN_CINSTANCES, 8),
    SIZE_ROW(KSPIN_PHYSICALCONNECTION, 12),
    SIZE_ROW(KSDATAFORMAT, 64),
    OFF_ROW(KSDATAFORMAT, MajorFormat, 16),
    OFF_ROW(KSDATAFORMAT, Specifier, 48),
    SIZE_ROW(KSDATARANGE, 64),
    SIZE_ROW(KSPRIORITY, 8),
    SIZE_ROW(KSPIN_CONNECT, 72),
    OFF_ROW(KSPIN_CONNECT, PinId, 48),
    OFF_ROW(KSPIN_CONNECT, PinToHandle, 56),
    OFF_ROW(KSPIN_CONNECT, Priority, 64),
    SIZE_ROW(KSPIN_DESCRIPTOR, 88),
    OFF_ROW(KSPIN_DESCRIPTOR, DataFlow, 48),
    OFF_ROW(KSPIN_DESCRIPTOR, ConstrainedDataRanges, 80),
    SIZE_ROW(KSTOPOLOGY_CONNECTION, 16),
    SIZE_ROW(KSALLOCATOR_FRAMING, 24),
    OFF_ROW(KSALLOCATOR_FRAMING, FileAlignment, 16),
    SIZE_ROW(KSTIME, 16),
    SIZE_ROW(KSSTREAM_HEADER, 56),
    OFF_ROW(KSSTREAM_HEADER, Duration, 24),
    OFF_ROW(KSSTREAM_HEADER, DataUsed, 36),
    OFF_ROW(KSSTREAM_HEADER, Data, 40),
    OFF_ROW(KSSTREAM_HEADER, OptionsFlags, 48),
    SIZE_ROW(KSEVENTDATA, 32),
    OFF_ROW(KSEVENTDATA, EventHandle.Event, 8),
    OFF_ROW(KSEVENTDATA, SemaphoreHandle.Adjustment, 20),
    OFF_ROW(KSEVENTDATA, EventObject.Increment, 16),
    OFF_ROW(KSEVENTDATA, WorkItem.WorkQueueType, 16),
    OFF_ROW(KSEVENTDATA, KsWorkItem.KsWorkerObject, 16),
    OFF_ROW(KSEVENTDATA, Alignment.Alignment, 16),
    SIZE_ROW(KSEVENT_ITEM, 40),
    OFF_ROW(KSEVENT_ITEM, AddHandler, 16),
    SIZE_ROW(KSEVENT_SET, 24),
    SIZE_ROW(KSEVENT_ENTRY, 88),
    OFF_ROW(KSEVENT_ENTRY, Object, 16),
    OFF_ROW(KSEVENT_ENTRY, DpcItem, 24),
    OFF_ROW(KSEVENT_ENTRY, BufferItem, 24),
    OFF_ROW(KSEVENT_ENTRY, EventData, 32),
    OFF_ROW(KSEVENT_ENTRY, NotificationType, 40),
    OFF_ROW(KSEVENT_ENTRY, EventSet, 48),
    OFF_ROW(KSEVENT_ENTRY, EventItem, 56),
    OFF_ROW(KSEVENT_ENTRY, FileObject, 64),
    OFF_ROW(KSEVENT_ENTRY, SemaphoreAdjustment, 72),
    OFF_ROW(KSEVENT_ENTRY, Reserved, 76),
    OFF_ROW(KSEVENT_ENTRY, Flags, 80),
    /* mmreg.h */
    SIZE_ROW(WAVEFORMAT, 14),
    SIZE_ROW(PCMWAVEFORMAT, 16),
    OFF_ROW(PCMWAVEFORMAT, wBitsPerSample, 14),
    SIZE_ROW(WAVEFORMATEX, 18),
    OFF_ROW(WAVEFORMATEX, nSamplesPerSec, 4),
    OFF_ROW(WAVEFORMATEX, cbSize, 16),
    SIZE_ROW(WAVEFORMATEXTENSIBLE, 40),
    SIZE_ROW(WAVEFORMATPCMEX, 40),
    OFF_ROW(WAVEFORMATEXTENSIBLE, Samples, 18),
    OFF_ROW(WAVEFORMATEXTENSIBLE, dwChannelMask, 20),
    OFF_ROW(WAVEFORMATEXTENSIBLE, SubFormat, 24),
    /* ksmedia.h */
    SIZE_ROW(KSDATAFORMAT_WAVEFORMATEX, 82),
    OFF_ROW(KSDATAFORMAT_WAVEFORMATEX, WaveFormatEx, 64),
    SIZE_ROW(KSDATAFORMAT_WAVEFORMATEXTENSIBLE, 104),
    SIZE_ROW(KSDATARANGE_AUDIO, 88),
    OFF_ROW(KSDATARANGE_AUDIO, MaximumChannels, 64),
    OFF_ROW(KSDATARANGE_AUDIO, MaximumSampleFrequency, 80),
    SIZE_ROW(KSAUDIO_POSITION, 16),
    SIZE_ROW(KSAUDIO_CHANNEL_CONFIG, 4),
    SIZE_ROW(KSAUDIO_MIXLEVEL, 8),
    SIZE_ROW(KSAUDIO_MIX_CAPS, 16),
    OFF_ROW(KSAUDIO_MIX_CAPS, Resolution, 12),
    SIZE_ROW(KSAUDIO_MIXCAP_TABLE, 24),
    OFF_ROW(KSAUDIO_MIXCAP_TABLE, Capabilities, 8),
    SIZE_ROW(KSNODEPROPERTY, 32),
    SIZE_ROW(KSNODEPROPERTY_AUDIO_CHANNEL, 40),
    OFF_ROW(KSNODEPROPERTY_AUDIO_CHANNEL, Channel, 32),
    SIZE_ROW(KSJACK_DESCRIPTION, 28),
    OFF_ROW(KSJACK_DESCRIPTION, IsConnected, 24),
    SIZE_ROW(KSJACK_DESCRIPTION2, 8),
    SIZE_ROW(LOOPEDSTREAMING_POSITION_EVENT_DATA, 40),
    OFF_ROW(LOOPEDSTREAMING_POSITION_EVENT_DATA, Position, 32),
};

START_TEST(test_layout)
{
    const LAYOUT_ROW *row = &Layouts[_i];

    ck_assert_msg(row->Have == row->Want, "%s is %zu, Microsoft's is %zu",
                  row->What, row->Have, row->Want);
}
END_TEST

/* GUIDs -------------------------------------------------------------------- */

typedef struct {
    const char *Name;
    const GUID *Object;
    GUID Initialiser;
    const char *Text;
} GUID_ROW;

#define GUID_ROW(N, S) { #N, &N, STATICGUIDOF(N), S }

static const GUID_ROW Guids[] = {
    GUID_ROW(KSPROPTYPESETID_General, "97E99BA0-BDEA-11CF-A5D6-28DB04C10000"),
    GUID_ROW(KSNAME_Filter, "9B365890-165F-11D0-A195-0020AFD156E4"),
    GUID_ROW(KSNAME_Pin, "146F1A80-4791-11D0-A5D6-28DB04C10000"),
    GUID_ROW(KSINTERFACESETID_Standard, "1A8766A0-62CE-11CF-A5D6-28DB04C10000"),
    GUID_ROW(KSMEDIUMSETID_Standard, "4747B320-62CE-11CF-A5D6-28DB04C10000"),
    GUID_ROW(KSPROPSETID_General, "1464EDA5-6A8F-11D1-9AA7-00A0C9223196"),
    GUID_ROW(KSPROPSETID_Pin, "8C134960-51AD-11CF-878A-94F801C10000"),
    GUID_ROW(KSDATAFORMAT_SUBTYPE_NONE, "E436EB8E-524F-11CE-9F53-0020AF0BA770"),
    GUID_ROW(KSDATAFORMAT_SPECIFIER_NONE,
             "0F6417D6-C318-11D0-A43F-00A0C9223196"),
    GUID_ROW(KSPROPSETID_Topology, "720D4AC0-7533-11D0-A5D6-28DB04C10000"),
    GUID_ROW(KSPROPSETID_Connection, "1D58C920-AC9B-11CF-A5D6-28DB04C10000"),
    GUID_ROW(KSPROPSETID_Stream, "65AABA60-98AE-11CF-A10D-0020AFD156E4"),
    GUID_ROW(KSCATEGORY_BRIDGE, "085AFF00-62CE-11CF-A5D6-28DB04C10000"),
    GUID_ROW(KSDATAFORMAT_TYPE_AUDIO, "73647561-0000-0010-8000-00AA00389B71"),
    GUID_ROW(KSDATAFORMAT_SUBTYPE_PCM, "00000001-0000-0010-8000-00AA00389B71"),
    GUID_ROW(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT,
             "00000003-0000-0010-8000-00AA00389B71"),
    GUID_ROW(KSDATAFORMAT_SUBTYPE_ANALOG,
             "6DBA3190-67BD-11CF-A0F7-0020AFD156E4"),
    GUID_ROW(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX,
             "05589F81-C356-11CE-BF01-00AA0055595A"),
    GUID_ROW(KSDATAFORMAT_SPECIFIER_DSOUND,
             "518590A2-A184-11D0-8522-00C04FD9BAF3"),
    GUID_ROW(KSCATEGORY_AUDIO, "6994AD04-93EF-11D0-A3CC-00A0C9223196"),
    GUID_ROW(KSCATEGORY_RENDER, "65E8773E-8F56-11D0-A3B9-00A0C9223196"),
    GUID_ROW(KSCATEGORY_CAPTURE, "65E8773D-8F56-11D0-A3B9-00A0C9223196"),
    GUID_ROW(KSCATEGORY_MIXER, "AD809C00-7B88-11D0-A5D6-28DB04C10000"),
    GUID_ROW(KSCATEGORY_TOPOLOGY, "DDA54A40-1E4C-11D1-A050-405705C10000"),
    GUID_ROW(KSCATEGORY_REALTIME, "EB115FFC-10C8-4964-831D-6DCB02E6F23F"),
    GUID_ROW(KSCATEGORY_AUDIO_DEVICE, "FBF6F530-07B9-11D2-A71E-0000F8004788"),
    GUID_ROW(KSCATEGORY_WDMAUD_USE_PIN_NAME,
             "47A4FA20-A251-11D1-A050-0000F8004788"),
    GUID_ROW(KSNODETYPE_DAC, "507AE360-C554-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_ADC, "4D837FE0-C555-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_SUM, "DA441A60-C556-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_VOLUME, "3A5ACC00-C557-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_MUTE, "02B223C0-C557-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_MUX, "2CEAF780-C556-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_SPEAKER, "DFF21CE1-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_HEADPHONES, "DFF21CE2-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_MICROPHONE, "DFF21BE1-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_LINE_CONNECTOR, "DFF21FE3-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_SUPERMIX, "E573ADC0-C555-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_TONE, "7607E580-C557-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_AGC, "E88C9BA0-C557-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_DEV_SPECIFIC, "941C7AC0-C559-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_LEGACY_AUDIO_CONNECTOR,
             "DFF21FE4-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_CD_PLAYER, "DFF220E3-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_SYNTHESIZER, "DFF220F3-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_SRC, "9DB7B9E0-C555-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_DEMUX, "C0EB67D4-E807-11D0-958A-00C04FB925D3"),
    GUID_ROW(KSNODETYPE_EQUALIZER, "9D41B4A0-C557-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_DELAY, "144981E0-C558-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_LOUDNESS, "41887440-C558-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_PROLOGIC_DECODER,
             "831C2C80-C558-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_STEREO_WIDE, "A9E69800-C558-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_REVERB, "EF0328E0-C558-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_CHORUS, "20173F20-C559-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_3D_EFFECTS, "55515860-C559-11D0-8A2B-00A0C9255AC1"),
    GUID_ROW(KSNODETYPE_PEAKMETER, "A085651E-5F0D-4B36-A869-D195D6AB4B9E"),
    GUID_ROW(KSNODETYPE_SPDIF_INTERFACE,
             "DFF21FE5-F70F-11D0-B917-00A0C9223196"),
    GUID_ROW(KSNODETYPE_HDMI_INTERFACE, "D1B9CC2A-F519-417F-91C9-55FA65481001"),
    GUID_ROW(KSAUDFNAME_BASS, "185FEDE0-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_TREBLE, "185FEDE1-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIDRANGE, "A2CBE478-AE84-49A1-8B72-4AD09B78ED34"),
    GUID_ROW(KSAUDFNAME_3D_STEREO, "185FEDE2-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MASTER_VOLUME, "185FEDE3-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MASTER_MUTE, "185FEDE4-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_WAVE_VOLUME, "185FEDE5-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_WAVE_MUTE, "185FEDE6-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIDI_VOLUME, "185FEDE7-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIDI_MUTE, "185FEDE8-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_CD_VOLUME, "185FEDE9-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_CD_MUTE, "185FEDEA-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_LINE_VOLUME, "185FEDEB-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_LINE_MUTE, "185FEDEC-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIC_VOLUME, "185FEDED-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIC_MUTE, "185FEDEE-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_RECORDING_SOURCE,
             "185FEDEF-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_PC_SPEAKER_VOLUME,
             "185FEDF0-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_PC_SPEAKER_MUTE,
             "185FEDF1-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIDI_IN_VOLUME, "185FEDF2-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_CD_IN_VOLUME, "185FEDF3-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_LINE_IN_VOLUME, "185FEDF4-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIC_IN_VOLUME, "185FEDF5-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_WAVE_IN_VOLUME, "185FEDF6-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_VOLUME_CONTROL, "185FEDF7-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MIDI, "185FEDF8-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_LINE_IN, "185FEDF9-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_RECORDING_CONTROL,
             "185FEDFA-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_CD_AUDIO, "185FEDFB-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_AUX_VOLUME, "185FEDFC-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_AUX_MUTE, "185FEDFD-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_AUX, "185FEDFE-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_PC_SPEAKER, "185FEDFF-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_WAVE_OUT_MIX, "185FEE00-9905-11D1-95A9-00C04FB925D3"),
    GUID_ROW(KSAUDFNAME_MONO_OUT, "F9B41DC3-96E2-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_STEREO_MIX, "00DFF077-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_MONO_MIX, "00DFF078-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_MONO_OUT_VOLUME,
             "1AD247EB-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_MONO_OUT_MUTE, "1AD247EC-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_STEREO_MIX_VOLUME,
             "1AD247ED-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_STEREO_MIX_MUTE,
             "22B0EAFD-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_MONO_MIX_VOLUME,
             "22B0EAFE-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_MONO_MIX_MUTE, "2BC31D69-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_MICROPHONE_BOOST,
             "2BC31D6A-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_ALTERNATE_MICROPHONE,
             "2BC31D6B-96E3-11D2-AC4C-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_3D_DEPTH, "63FF5747-991F-11D2-AC4D-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_3D_CENTER, "9F0670B4-991F-11D2-AC4D-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_VIDEO_VOLUME, "9B46E708-992A-11D2-AC4D-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_VIDEO_MUTE, "9B46E709-992A-11D2-AC4D-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_VIDEO, "915DAEC4-A434-11D2-AC52-00C04F8EFB68"),
    GUID_ROW(KSAUDFNAME_PEAKMETER, "57E24340-FC5B-4612-A562-72B11A29DFAE"),
    GUID_ROW(KSPROPSETID_Audio, "45FFAAA0-6E1B-11D0-BCF2-444553540000"),
    GUID_ROW(KSPROPSETID_Jack, "4509F757-2D46-4637-8E62-CE7DB944F57B"),
    GUID_ROW(KSEVENTSETID_AudioControlChange,
             "E85E9698-FA2F-11D1-95BD-00C04FB925D3"),
    GUID_ROW(KSEVENTSETID_LoopedStreaming,
             "4682B940-C6EF-11D0-96D8-00AA0051E51D"),
    GUID_ROW(KSCATEGORY_SYNTHESIZER, "DFF220F3-F70F-11D0-B917-00A0C9223196"),
};

static void ParseGuid(const char *Text, GUID *Out)
{
    unsigned int l, w1, w2, b[8];
    int i;

    ck_assert_int_eq(sscanf(Text, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x",
                            &l, &w1, &w2, &b[0], &b[1], &b[2], &b[3],
                            &b[4], &b[5], &b[6], &b[7]), 11);
    Out->Data1 = l;
    Out->Data2 = (USHORT)w1;
    Out->Data3 = (USHORT)w2;
    for (i = 0; i < 8; i++) {
        Out->Data4[i] = (UCHAR)b[i];
    }
}

START_TEST(test_guid_value)
{
    const GUID_ROW *row = &Guids[_i];
    GUID want;

    ParseGuid(row->Text, &want);
    ck_assert_msg(memcmp(row->Object, &want, sizeof(GUID)) == 0,
                  "%s object is not {%s}", row->Name, row->Text);
    ck_assert_msg(memcmp(&row->Initialiser, &want, sizeof(GUID)) == 0,
                  "STATIC_%s is not {%s}", row->Name, row->Text);
}
END_TEST

/* Constants ---------------------------------------------------------------- */

START_TEST(test_constants)
{
    ck_assert_int_eq(_100NS_UNITS_PER_SECOND, 10000000);
    ck_assert_int_eq(KSPROPERTY_GENERAL_COMPONENTID, 0);
    ck_assert_uint_eq(KSAUDIO_CPU_RESOURCES_NOT_HOST_CPU, 0x00000000);
    ck_assert_uint_eq(KSAUDIO_CPU_RESOURCES_HOST_CPU, 0x7FFFFFFF);

    ck_assert_uint_eq(SPEAKER_FRONT_LEFT, 0x1);
    ck_assert_uint_eq(SPEAKER_LOW_FREQUENCY, 0x8);
    ck_assert_uint_eq(SPEAKER_BACK_CENTER, 0x100);
    ck_assert_uint_eq(SPEAKER_SIDE_RIGHT, 0x400);
    ck_assert_uint_eq(SPEAKER_TOP_BACK_RIGHT, 0x20000);
    ck_assert_uint_eq(SPEAKER_RESERVED, 0x7FFC0000);
    ck_assert_uint_eq(SPEAKER_ALL, 0x80000000);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_DIRECTOUT, 0);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_MONO, 0x4);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_STEREO, 0x3);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_QUAD, 0x33);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_SURROUND, 0x107);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_5POINT1, 0x3F);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_7POINT1, 0xFF);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_5POINT1_SURROUND, 0x60F);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_7POINT1_SURROUND, 0x63F);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_5POINT1_BACK, 0x3F);
    ck_assert_uint_eq(KSAUDIO_SPEAKER_7POINT1_WIDE, 0xFF);

    ck_assert_int_eq(KSPROPERTY_JACK_DESCRIPTION, 1);
    ck_assert_int_eq(KSPROPERTY_JACK_DESCRIPTION2, 2);
    ck_assert_int_eq(KSPROPERTY_JACK_SINK_INFO, 3);
    ck_assert_int_eq(KSPROPERTY_JACK_CONTAINERID, 4);
    ck_assert_int_eq(KSPROPERTY_JACK_DESCRIPTION3, 5);
    ck_assert_int_eq(eConnTypeUnknown, 0);
    ck_assert_int_eq(eConnTypeXlrProfessional, 9);
    ck_assert_int_eq(eConnTypeCombination, 11);
    ck_assert_int_eq(eGeoLocRear, 1);
    ck_assert_int_eq(eGeoLocHDMI, 11);
    ck_assert_int_eq(eGeoLocReserved6, 15);
    ck_assert_int_eq(eGenLocPrimaryBox, 0);
    ck_assert_int_eq(eGenLocOther, 3);
    ck_assert_int_eq(ePortConnJack, 0);
    ck_assert_int_eq(ePortConnUnknown, 3);
    ck_assert_uint_eq(JACKDESC2_PRESENCE_DETECT_CAPABILITY, 0x1);
    ck_assert_uint_eq(JACKDESC2_DYNAMIC_FORMAT_CHANGE_CAPABILITY, 0x2);

    ck_assert_uint_eq(IOCTL_KS_PROPERTY, 0x002F0003);
    ck_assert_uint_eq(IOCTL_KS_ENABLE_EVENT, 0x002F0007);
    ck_assert_uint_eq(IOCTL_KS_DISABLE_EVENT, 0x002F000B);
    ck_assert_uint_eq(IOCTL_KS_METHOD, 0x002F000F);
    ck_assert_uint_eq(IOCTL_KS_WRITE_STREAM, 0x002F8013);
    ck_assert_uint_eq(IOCTL_KS_READ_STREAM, 0x002F4017);
    ck_assert_uint_eq(IOCTL_KS_RESET_STATE, 0x002F001B);
    ck_assert_int_eq(KSPROPERTY_PIN_NAME, 12);
    ck_assert_int_eq(KSPROPERTY_PIN_PROPOSEDATAFORMAT, 14);
    ck_assert_int_eq(KSPROPERTY_PIN_PROPOSEDATAFORMAT2, 15);
    ck_assert_int_eq(KSPROPERTY_PIN_MODEDATAFORMATS, 16);
    ck_assert_int_eq(KSPROPERTY_CONNECTION_STARTAT, 7);
    ck_assert_int_eq(KSPROPERTY_TOPOLOGY_NAME, 3);
    ck_assert_int_eq(KSSTATE_RUN, 3);
    ck_assert_int_eq(KSPIN_DATAFLOW_IN, 1);
    ck_assert_int_eq(KSPIN_DATAFLOW_OUT, 2);
    ck_assert_int_eq(KSPIN_COMMUNICATION_BRIDGE, 4);
    ck_assert_int_eq(KSRESET_END, 1);
    ck_assert_int_eq(KSINTERFACE_STANDARD_CONTROL, 2);
    ck_assert_uint_eq(KSEVENTF_KSWORKITEM, 0x80);
    ck_assert_uint_eq(KSEVENT_ENTRY_BUFFERED, 4);
    ck_assert_int_eq(KSPROPERTY_AUDIO_LATENCY, 1);
    ck_assert_int_eq(KSPROPERTY_AUDIO_VOLUMELEVEL, 4);
    ck_assert_int_eq(KSPROPERTY_AUDIO_POSITION, 5);
    ck_assert_int_eq(KSPROPERTY_AUDIO_MUTE, 13);
    ck_assert_int_eq(KSPROPERTY_AUDIO_CPU_RESOURCES, 33);
    ck_assert_int_eq(KSPROPERTY_AUDIO_PREFERRED_STATUS, 40);
    ck_assert_int_eq(KSPROPERTY_AUDIO_PEQ_MAX_BANDS, 41);
    ck_assert_int_eq(KSPROPERTY_AUDIO_POSITIONEX, 50);
    ck_assert_int_eq(KSPROPERTY_AUDIO_LINEAR_BUFFER_POSITION, 54);
    ck_assert_int_eq(KSPROPERTY_AUDIO_MIC_SENSITIVITY2, 60);

    ck_assert_uint_eq(WAVE_FORMAT_PCM, 0x0001);
    ck_assert_uint_eq(WAVE_FORMAT_IEEE_FLOAT, 0x0003);
    ck_assert_uint_eq(WAVE_FORMAT_EXTENSIBLE, 0xFFFE);
}
END_TEST

/* Formats ------------------------------------------------------------------ */

static void MakeRange(KSDATARANGE_AUDIO *Range, ULONG Channels, ULONG MinBits,
                      ULONG MaxBits, ULONG MinRate, ULONG MaxRate)
{
    memset(Range, 0, sizeof(*Range));
    Range->DataRange.FormatSize = sizeof(*Range);
    Range->DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    Range->DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    Range->DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    Range->MaximumChannels = Channels;
    Range->MinimumBitsPerSample = MinBits;
    Range->MaximumBitsPerSample = MaxBits;
    Range->MinimumSampleFrequency = MinRate;
    Range->MaximumSampleFrequency = MaxRate;
}

/* The default intersection answers with exactly 82 bytes, as on Windows. */
START_TEST(test_default_intersection_is_82_bytes)
{
    KSDATARANGE_AUDIO pin;
    KSDATARANGE_AUDIO client;
    UCHAR buffer[128];
    const KSDATAFORMAT_WAVEFORMATEX *out =
        (const KSDATAFORMAT_WAVEFORMATEX *)buffer;
    ULONG length = 0;
    ULONG i;

    MakeRange(&pin, 2, 16, 16, 8000, 48000);
    MakeRange(&client, 8, 8, 32, 8000, 192000);

    ck_assert_int_eq(KspDefaultAudioIntersection(&client.DataRange,
                                                 &pin.DataRange, 0, NULL,
                                                 &length),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(length, 82);

    length = 0;
    ck_assert_int_eq(KspDefaultAudioIntersection(&client.DataRange,
                                                 &pin.DataRange, 81, buffer,
                                                 &length),
                     STATUS_BUFFER_TOO_SMALL);

    memset(buffer, 0xA5, sizeof(buffer));
    length = 0;
    ck_assert_int_eq(KspDefaultAudioIntersection(&client.DataRange,
                                                 &pin.DataRange, 82, buffer,
                                                 &length),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(length, 82);
    ck_assert_uint_eq(out->DataFormat.FormatSize, 82);
    ck_assert_uint_eq(out->DataFormat.SampleSize, 4);
    ck_assert(IsEqualGUIDAligned(&out->DataFormat.Specifier,
                                 &KSDATAFORMAT_SPECIFIER_WAVEFORMATEX));
    /* the WAVEFORMATEX starts right after the KSDATAFORMAT */
    ck_assert_uint_eq(buffer[64] | (buffer[65] << 8), WAVE_FORMAT_PCM);
    ck_assert_uint_eq(out->WaveFormatEx.nChannels, 2);
    ck_assert_uint_eq(out->WaveFormatEx.nSamplesPerSec, 48000);
    ck_assert_uint_eq(out->WaveFormatEx.nAvgBytesPerSec, 192000);
    ck_assert_uint_eq(out->WaveFormatEx.nBlockAlign, 4);
    ck_assert_uint_eq(out->WaveFormatEx.wBitsPerSample, 16);
    ck_assert_uint_eq(out->WaveFormatEx.cbSize, 0);
    /* nothing written past the 82 bytes */
    for (i = 82; i < sizeof(buffer); i++) {
        ck_assert_uint_eq(buffer[i], 0xA5);
    }
}
END_TEST

static void MakeFormat(UCHAR *Buffer, ULONG FormatSize)
{
    PKSDATAFORMAT_WAVEFORMATEX f = (PKSDATAFORMAT_WAVEFORMATEX)Buffer;

    memset(Buffer, 0, sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE));
    f->DataFormat.FormatSize = FormatSize;
    f->DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    f->DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    f->DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    f->WaveFormatEx.wFormatTag = WAVE_FORMAT_PCM;
    f->WaveFormatEx.nChannels = 2;
    f->WaveFormatEx.nSamplesPerSec = 48000;
    f->WaveFormatEx.wBitsPerSample = 16;
    f->WaveFormatEx.nBlockAlign = 4;
    f->WaveFormatEx.nAvgBytesPerSec = 192000;
}

/* An 82-byte client format is whole; one byte less is not. */
START_TEST(test_82_byte_format_accepted)
{
    UCHAR buffer[sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE)];
    const KSDATAFORMAT *format = (const KSDATAFORMAT *)buffer;
    KSDATARANGE_AUDIO pin;

    MakeRange(&pin, 2, 16, 16, 8000, 48000);
    MakeFormat(buffer, 82);
    ck_assert_ptr_eq(KspWaveFormat(format, 82),
                     (const WAVEFORMATEX *)(buffer + 64));
    ck_assert_int_eq(KspFormatMatchesRange(format, 82, &pin.DataRange),
                     STATUS_SUCCESS);

    MakeFormat(buffer, 81);
    ck_assert_ptr_null(KspWaveFormat(format, 81));
    ck_assert_int_eq(KspFormatMatchesRange(format, 81, &pin.DataRange),
                     STATUS_INVALID_PARAMETER);
}
END_TEST

static Suite *ks_suite(void)
{
    Suite *s = suite_create("unit-ks");
    TCase *tc;

    tc = cyc_tcase_new("layout", 30);
    tcase_add_loop_test(tc, test_layout, 0, G_N_ELEMENTS(Layouts));
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("names", 30);
    tcase_add_loop_test(tc, test_guid_value, 0, G_N_ELEMENTS(Guids));
    tcase_add_test(tc, test_constants);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("formats", 30);
    tcase_add_test(tc, test_default_intersection_is_82_bytes);
    tcase_add_test(tc, test_82_byte_format_accepted);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(ks_suite());
}
