/* SPDX-License-Identifier: MIT */
/*
 * describe-filters: what a graph builder asks before it streams. The wave and
 * topology filters must describe exactly the tables in wavtable.h/toptable.h:
 * pins, data flow, data ranges, the miniport's data intersection (and a pin
 * opened with its answer), the physical connections StartDevice registered, the
 * topology nodes and connections, and the volume node's basic-support range.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>

#define DESCRIBE_BUFFER 512

typedef struct describe_range_request {
    KSP_PIN pin;
    KSMULTIPLE_ITEM items;
    KSDATARANGE_AUDIO range;
} describe_range_request;

static void describe_wave_pins(audio_device *d)
{
    static const struct {
        ULONG pin;
        KSPIN_DATAFLOW flow;
        KSPIN_COMMUNICATION communication;
    } pins[] = {
        { KSPIN_WAVE_RENDER_SINK, KSPIN_DATAFLOW_IN,
          KSPIN_COMMUNICATION_SINK },
        { KSPIN_WAVE_RENDER_SOURCE, KSPIN_DATAFLOW_OUT,
          KSPIN_COMMUNICATION_NONE },
        { KSPIN_WAVE_CAPTURE_SINK, KSPIN_DATAFLOW_IN,
          KSPIN_COMMUNICATION_NONE },
        { KSPIN_WAVE_CAPTURE_SOURCE, KSPIN_DATAFLOW_OUT,
          KSPIN_COMMUNICATION_SINK },
    };
    ULONG count = 0;
    ULONG flow;
    ULONG communication;
    size_t i;

    KscGetPinCount(d->wave, &count);
    tap_ok(count == KSPIN_WAVE_COUNT,
           "wave filter has %u pin factories (want %u)", count,
           KSPIN_WAVE_COUNT);
    for (i = 0; i < sizeof(pins) / sizeof(pins[0]); i++) {
        flow = 0;
        communication = 99;
        KscPinProperty(d->wave, pins[i].pin, KSPROPERTY_PIN_DATAFLOW, &flow,
                       sizeof(flow), NULL);
        KscPinProperty(d->wave, pins[i].pin, KSPROPERTY_PIN_COMMUNICATION,
                       &communication, sizeof(communication), NULL);
        tap_ok(flow == (ULONG)pins[i].flow &&
               communication == (ULONG)pins[i].communication,
               "wave pin %u: dataflow %u communication %u (want %u %u)",
               pins[i].pin, flow, communication, pins[i].flow,
               pins[i].communication);
    }
}

static void describe_ranges(audio_device *d)
{
    ULONG buffer[DESCRIBE_BUFFER / sizeof(ULONG)];
    PKSMULTIPLE_ITEM items = (PKSMULTIPLE_ITEM)buffer;
    const KSDATARANGE_AUDIO *pcm = (const KSDATARANGE_AUDIO *)(items + 1);
    NTSTATUS status;

    status = KscPinProperty(d->wave, KSPIN_WAVE_RENDER_SINK,
                            KSPROPERTY_PIN_DATARANGES, buffer, sizeof(buffer),
                            NULL);
    tap_ok(NT_SUCCESS(status) && items->Count == 2 &&
           IsEqualGUIDAligned(&pcm->DataRange.SubFormat,
                              &KSDATAFORMAT_SUBTYPE_PCM) &&
           pcm->MaximumChannels == CYC_CHANNELS_MAX &&
           pcm->MinimumSampleFrequency == CYC_RATE_MIN &&
           pcm->MaximumSampleFrequency == CYC_RATE_MAX,
           "render data ranges: %u (PCM 1-%u ch, %u-%u Hz, %u-%u bits), float: "
           "%s", items->Count, pcm->MaximumChannels,
           pcm->MinimumSampleFrequency, pcm->MaximumSampleFrequency,
           pcm->MinimumBitsPerSample, pcm->MaximumBitsPerSample,
           audio_status_name(status));
}

/*
 * Asks the wave filter's render pin for the best format inside a client range.
 */
static NTSTATUS describe_intersect(audio_device *d, ULONG channels,
                                   ULONG min_bits, ULONG max_bits, ULONG rate,
                                   KSC_WAVE_FORMAT *result, PULONG bytes)
{
    describe_range_request request = {
        .pin = {
            .Property = { .Set = KSPROPSETID_Pin,
                          .Id = KSPROPERTY_PIN_DATAINTERSECTION,
                          .Flags = KSPROPERTY_TYPE_GET },
            .PinId = KSPIN_WAVE_RENDER_SINK,
        },
        .items = { .Size = sizeof(KSMULTIPLE_ITEM) + sizeof(KSDATARANGE_AUDIO),
                   .Count = 1 },
        .range = {
            .DataRange = {
                .FormatSize = sizeof(KSDATARANGE_AUDIO),
                .MajorFormat = STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
                .SubFormat = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM),
                .Specifier = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX),
            },
            .MaximumChannels = channels,
            .MinimumBitsPerSample = min_bits,
            .MaximumBitsPerSample = max_bits,
            .MinimumSampleFrequency = rate,
            .MaximumSampleFrequency = rate,
        },
    };

    RtlZeroMemory(result, sizeof(*result));
    return KscDeviceIoControl(d->wave, IOCTL_KS_PROPERTY, &request,
                              sizeof(request), result, sizeof(*result), bytes);
}

static void describe_intersection(audio_device *d)
{
    KSC_WAVE_FORMAT result;
    const WAVEFORMATEX *wave = &result.Format.WaveFormatExt.Format;
    KSPIN_CONNECT connect;
    KSC_FILE *pin = NULL;
    ULONG bytes = 0;
    NTSTATUS status;

    status = describe_intersect(d, 2, 8, 16, 44100, &result, &bytes);
    tap_ok(NT_SUCCESS(status) && bytes == sizeof(KSDATAFORMAT_WAVEFORMATEX) &&
           wave->wFormatTag == WAVE_FORMAT_PCM && wave->nChannels == 2 &&
           wave->wBitsPerSample == 16 && wave->nSamplesPerSec == 44100,
           "intersection of stereo 8-16 bit 44.1 kHz: tag 0x%x %u ch %u bit %u "
           "Hz (%u bytes)", wave->wFormatTag, wave->nChannels,
           wave->wBitsPerSample, wave->nSamplesPerSec, bytes);
    KscBuildConnect(&connect, KSPIN_WAVE_RENDER_SINK);
    status = KscCreatePin(d->wave, &connect, &result.Format.DataFormat, &pin);
    tap_ok(NT_SUCCESS(status), "a render pin opens with that format: %s",
           audio_status_name(status));
    KscClose(pin);

    status = describe_intersect(d, 6, 24, 24, 96000, &result, &bytes);
    tap_ok(NT_SUCCESS(status) &&
           bytes == sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) &&
           wave->wFormatTag == WAVE_FORMAT_EXTENSIBLE && wave->nChannels == 6 &&
           wave->wBitsPerSample == 32 &&
           result.Format.WaveFormatExt.Samples.wValidBitsPerSample == 24 &&
           result.Format.WaveFormatExt.dwChannelMask == 0x3f,
           "intersection of 6 ch 24 bit 96 kHz: EXTENSIBLE %u ch %u/%u bit "
           "mask 0x%x", wave->nChannels,
           result.Format.WaveFormatExt.Samples.wValidBitsPerSample,
           wave->wBitsPerSample, result.Format.WaveFormatExt.dwChannelMask);

    status = describe_intersect(d, 2, 16, 16, 4000, &result, &bytes);
    tap_ok(status == STATUS_NO_MATCH,
           "intersection at 4000 Hz: %s (want STATUS_NO_MATCH)",
           audio_status_name(status));
}

/* The reference string at the end of a symbolic link ("...\Topology"). */
static bool describe_link_ends_with(const WCHAR *link, const WCHAR *tail)
{
    size_t n = 0;
    size_t m = 0;

    while (link[n]) {
        n++;
    }
    while (tail[m]) {
        m++;
    }
    if (m > n) {
        return false;
    }
    for (size_t i = 0; i < m; i++) {
        if (link[n - m + i] != tail[i]) {
            return false;
        }
    }
    return true;
}

static void describe_physical(audio_device *d)
{
    ULONG buffer[DESCRIBE_BUFFER / sizeof(ULONG)];
    PKSPIN_PHYSICALCONNECTION connection = (PKSPIN_PHYSICALCONNECTION)buffer;
    NTSTATUS status;

    RtlZeroMemory(buffer, sizeof(buffer));
    status = KscPinProperty(d->wave, KSPIN_WAVE_RENDER_SOURCE,
                            KSPROPERTY_PIN_PHYSICALCONNECTION, buffer,
                            sizeof(buffer) - 2, NULL);
    tap_ok(NT_SUCCESS(status) && connection->Pin == KSPIN_TOPO_WAVEOUT_SOURCE &&
           describe_link_ends_with(connection->SymbolicLinkName,
                                   L"\\" CYC_TOPOLOGY_NAME),
           "wave render bridge is wired to topology pin %u (want %u, link "
           "%ls): %s", connection->Pin, KSPIN_TOPO_WAVEOUT_SOURCE,
           connection->SymbolicLinkName, audio_status_name(status));
    RtlZeroMemory(buffer, sizeof(buffer));
    status = KscPinProperty(d->topology, KSPIN_TOPO_WAVEIN_DEST,
                            KSPROPERTY_PIN_PHYSICALCONNECTION, buffer,
                            sizeof(buffer) - 2, NULL);
    tap_ok(NT_SUCCESS(status) && connection->Pin == KSPIN_WAVE_CAPTURE_SINK &&
           describe_link_ends_with(connection->SymbolicLinkName,
                                   L"\\" CYC_WAVE_NAME),
           "topology capture output is wired to wave pin %u (want %u, link "
           "%ls): %s", connection->Pin, KSPIN_WAVE_CAPTURE_SINK,
           connection->SymbolicLinkName, audio_status_name(status));
}

static void describe_topology(audio_device *d)
{
    ULONG buffer[DESCRIBE_BUFFER / sizeof(ULONG)];
    PKSMULTIPLE_ITEM items = (PKSMULTIPLE_ITEM)buffer;
    const GUID *nodes = (const GUID *)(items + 1);
    const KSTOPOLOGY_CONNECTION *connections =
        (const KSTOPOLOGY_CONNECTION *)(items + 1);
    struct {
        KSPROPERTY_DESCRIPTION description;
        KSPROPERTY_MEMBERSHEADER members;
        KSPROPERTY_STEPPING_LONG range;
    } support;
    NTSTATUS status;

    status = KscProperty(d->topology, &KSPROPSETID_Topology,
                         KSPROPERTY_TOPOLOGY_NODES, KSPROPERTY_TYPE_GET, buffer,
                         sizeof(buffer), NULL);
    tap_ok(NT_SUCCESS(status) && items->Count == KSNODE_TOPO_COUNT &&
           IsEqualGUIDAligned(&nodes[KSNODE_TOPO_LINEOUT_VOLUME],
                              &KSNODETYPE_VOLUME) &&
           IsEqualGUIDAligned(&nodes[KSNODE_TOPO_LINEOUT_MUTE],
                              &KSNODETYPE_MUTE) &&
           IsEqualGUIDAligned(&nodes[KSNODE_TOPO_WAVEIN_MUX], &KSNODETYPE_MUX),
           "topology nodes: %u (volume, mute, mux): %s", items->Count,
           audio_status_name(status));
    status = KscProperty(d->topology, &KSPROPSETID_Topology,
                         KSPROPERTY_TOPOLOGY_CONNECTIONS, KSPROPERTY_TYPE_GET,
                         buffer, sizeof(buffer), NULL);
    tap_ok(NT_SUCCESS(status) && items->Count == 7 &&
           connections[0].FromNode == KSFILTER_NODE &&
           connections[0].FromNodePin == KSPIN_TOPO_WAVEOUT_SOURCE &&
           connections[0].ToNode == KSNODE_TOPO_LINEOUT_VOLUME,
           "topology connections: %u, the first from pin %u to node %u: %s",
           items->Count, connections[0].FromNodePin, connections[0].ToNode,
           audio_status_name(status));

    RtlZeroMemory(&support, sizeof(support));
    status = KscNodeProperty(d->topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_VOLUMELEVEL,
                             KSPROPERTY_TYPE_BASICSUPPORT,
                             KSNODE_TOPO_LINEOUT_VOLUME, -1, &support,
                             sizeof(support), NULL);
    tap_ok(NT_SUCCESS(status) && support.description.MembersListCount == 1 &&
           support.members.MembersFlags == KSPROPERTY_MEMBER_STEPPEDRANGES &&
           support.range.Bounds.SignedMinimum == CYC_VOLUME_MIN &&
           support.range.Bounds.SignedMaximum == CYC_VOLUME_MAX &&
           support.range.SteppingDelta == (ULONG)CYC_VOLUME_STEP,
           "volume range %d..%d step %u (1/65536 dB): %s",
           support.range.Bounds.SignedMinimum,
           support.range.Bounds.SignedMaximum, support.range.SteppingDelta,
           audio_status_name(status));
}

static void describe_run(void)
{
    audio_device d;

    if (!NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    describe_wave_pins(&d);
    describe_ranges(&d);
    describe_intersection(&d);
    describe_physical(&d);
    describe_topology(&d);
    audio_device_close(&d);
}

SCENARIO("describe-filters",
         "pins, ranges, intersection, physical connections and topology of the "
         "cycaudio filters", describe_run);
