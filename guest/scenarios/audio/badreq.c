/* SPDX-License-Identifier: MIT */
/*
 * bad-requests: a client that gets things wrong. Each request must fail with
 * the status the KS/PortCls documentation gives, and afterwards the same filter
 * must still stream: a pattern render at the end proves the stack was left
 * working.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>

#define BADREQ_MAX_PINS 8

static bool badreq_expect(NTSTATUS got, NTSTATUS want, const char *what)
{
    return tap_ok(got == want, "%s: %s (want %s)", what, audio_status_name(got),
                  audio_status_name(want));
}

static NTSTATUS badreq_create(audio_device *d, ULONG pin_id,
                              KSC_WAVE_FORMAT *format, KSC_FILE **pin)
{
    KSPIN_CONNECT connect;

    KscBuildConnect(&connect, pin_id);
    return KscCreatePin(d->wave, &connect, &format->Format.DataFormat, pin);
}

static void badreq_formats(audio_device *d, const audio_params *p)
{
    KSC_WAVE_FORMAT format;
    KSC_FILE *pin = NULL;

    /*
     * Well formed but outside every data range of the pin: the port checks
     * the GUIDs only, the miniport's NewStream refuses the rest.
     */
    KscBuildWaveFormat(&format, 4000, 2, 16, 16, FALSE);
    badreq_expect(badreq_create(d, KSPIN_WAVE_RENDER_SINK, &format, &pin),
                  STATUS_INVALID_PARAMETER, "render pin at 4000 Hz");
    KscClose(pin);
    pin = NULL;
    KscBuildWaveFormat(&format, p->rate, 9, 16, 16, FALSE);
    badreq_expect(badreq_create(d, KSPIN_WAVE_RENDER_SINK, &format, &pin),
                  STATUS_INVALID_PARAMETER, "render pin with 9 channels");
    KscClose(pin);
    pin = NULL;
    /* Malformed: nBlockAlign disagrees with channels x bits. */
    KscBuildWaveFormat(&format, p->rate, 2, 16, 16, FALSE);
    format.Format.WaveFormatExt.Format.nBlockAlign = 3;
    badreq_expect(badreq_create(d, KSPIN_WAVE_RENDER_SINK, &format, &pin),
                  STATUS_INVALID_PARAMETER, "render pin with nBlockAlign 3");
    KscClose(pin);
    pin = NULL;
    /* A pin id the filter does not have. */
    audio_build_format(p, &format);
    badreq_expect(badreq_create(d, KSPIN_WAVE_COUNT + 5, &format, &pin),
                  STATUS_INVALID_PARAMETER, "pin id out of range");
    KscClose(pin);
}

static void badreq_instances(audio_device *d, const audio_params *p)
{
    KSC_FILE *pins[BADREQ_MAX_PINS] = { NULL };
    KSPIN_CINSTANCES instances = { 0 };
    ULONG opened = 0;
    ULONG i;
    NTSTATUS status;

    status = KscPinProperty(d->wave, KSPIN_WAVE_RENDER_SINK,
                            KSPROPERTY_PIN_CINSTANCES, &instances,
                            sizeof(instances), NULL);
    tap_ok(NT_SUCCESS(status) && instances.PossibleCount > 0 &&
           instances.PossibleCount < BADREQ_MAX_PINS,
           "render pin instances: possible %u current %u: %s",
           instances.PossibleCount, instances.CurrentCount,
           audio_status_name(status));
    for (i = 0; i < BADREQ_MAX_PINS; i++) {
        status = audio_pin_create(d, KSPIN_WAVE_RENDER_SINK, p, &pins[i]);
        if (!NT_SUCCESS(status)) {
            break;
        }
        opened++;
    }
    tap_ok(opened == instances.PossibleCount,
           "%u render pins open at once (possible %u)", opened,
           instances.PossibleCount);
    badreq_expect(status, STATUS_INSUFFICIENT_RESOURCES,
                  "one render pin too many");
    for (i = 0; i < opened; i++) {
        KscClose(pins[i]);
    }
}

static void badreq_states(audio_device *d, const audio_params *p)
{
    KSC_FILE *pin = NULL;
    KSC_IO io;
    uint8_t data[64] = { 0 };
    KSC_WAVE_FORMAT format;
    KSAUDIO_POSITION position;
    ULONG bytes = 0;
    ULONG bad_state = 7;

    if (!NT_SUCCESS(audio_pin_create(d, KSPIN_WAVE_RENDER_SINK, p, &pin))) {
        tap_ok(false, "render pin for the state checks");
        return;
    }
    badreq_expect(KscProperty(pin, &KSPROPSETID_Connection,
                              KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_SET,
                              &bad_state, sizeof(bad_state), NULL),
                  STATUS_INVALID_PARAMETER, "KSSTATE 7");
    KscStreamIo(pin, &io, TRUE, data,
                sizeof(data) - sizeof(data) % audio_frame_bytes(p));
    badreq_expect(KscWaitIo(&io), STATUS_INVALID_DEVICE_STATE,
                  "write to a stopped pin");
    KscSetState(pin, KSSTATE_PAUSE);
    KscStreamIo(pin, &io, FALSE, data,
                sizeof(data) - sizeof(data) % audio_frame_bytes(p));
    badreq_expect(KscWaitIo(&io), STATUS_INVALID_DEVICE_REQUEST,
                  "read from a render pin");
    KscSetState(pin, KSSTATE_RUN);
    audio_build_format(p, &format);
    badreq_expect(KscProperty(pin, &KSPROPSETID_Connection,
                              KSPROPERTY_CONNECTION_DATAFORMAT,
                              KSPROPERTY_TYPE_SET, &format,
                              format.Format.DataFormat.FormatSize, NULL),
                  STATUS_INVALID_DEVICE_STATE, "format change while running");
    badreq_expect(KscProperty(pin, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_POSITION, KSPROPERTY_TYPE_GET,
                              &position, 8, NULL),
                  STATUS_BUFFER_TOO_SMALL, "position into 8 bytes");
    badreq_expect(KscProperty(pin, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_POSITION, KSPROPERTY_TYPE_GET,
                              NULL, 0, &bytes),
                  STATUS_BUFFER_OVERFLOW, "position size query");
    tap_ok(bytes == sizeof(KSAUDIO_POSITION), "size query answers %u (want %u)",
           bytes, (ULONG)sizeof(KSAUDIO_POSITION));
    KscSetState(pin, KSSTATE_STOP);
    KscClose(pin);
}

static void badreq_topology(audio_device *d)
{
    LONG level = 1;
    USHORT tiny = 0;

    badreq_expect(KscSetNodeUlong(d->topology, &KSPROPSETID_Audio,
                                  KSPROPERTY_AUDIO_MUX_SOURCE,
                                  KSNODE_TOPO_WAVEIN_MUX,
                                  KSPIN_TOPO_LINEOUT_DEST),
                  STATUS_INVALID_PARAMETER, "mux source = an output pin");
    badreq_expect(KscNodeProperty(d->topology, &KSPROPSETID_Audio,
                                  KSPROPERTY_AUDIO_VOLUMELEVEL,
                                  KSPROPERTY_TYPE_GET,
                                  KSNODE_TOPO_LINEOUT_VOLUME, -1, &tiny,
                                  sizeof(tiny), NULL),
                  STATUS_BUFFER_TOO_SMALL, "volume into 2 bytes");
    /* Out of range is clamped, not refused. */
    badreq_expect(KscSetVolume(d->topology, KSNODE_TOPO_LINEOUT_VOLUME, -1,
                               20 * 65536),
                  STATUS_SUCCESS, "volume +20 dB");
    KscGetVolume(d->topology, KSNODE_TOPO_LINEOUT_VOLUME, -1, &level);
    tap_ok(level == 0, "+20 dB reads back as the maximum 0 dB (%d)", level);
    badreq_expect(KscSetVolume(d->topology, KSNODE_TOPO_LINEOUT_VOLUME, 9, 0),
                  STATUS_INVALID_PARAMETER, "volume of channel 9");
}

static void badreq_run(void)
{
    audio_params p;
    audio_device d;
    audio_result r;
    KSC_FILE *pin = NULL;
    NTSTATUS status;

    if (!audio_params_read(&p, 200) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    badreq_formats(&d, &p);
    badreq_instances(&d, &p);
    badreq_states(&d, &p);
    badreq_topology(&d);

    status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &p, &pin);
    if (tap_ok(NT_SUCCESS(status), "render pin after the bad requests: %s",
               audio_status_name(status))) {
        audio_render(pin, &p, audio_total_frames(&p), audio_fill_pattern, NULL,
                     &p, 0, &r);
        tap_ok(NT_SUCCESS(r.status) && r.frames == audio_total_frames(&p),
               "the stack still streams: %llu frames, %u interrupts",
               (unsigned long long)r.frames, r.stats.Interrupts);
        KscClose(pin);
    }
    audio_device_close(&d);
}

SCENARIO("bad-requests",
         "wrong formats, pin ids, instance counts, states and buffer sizes "
         "fail with the documented status", badreq_run);
