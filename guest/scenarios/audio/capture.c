/* SPDX-License-Identifier: MIT */
/*
 * capture-generator: the topology mux selects the device's generator, the
 * private generator properties pick ramp then sine mode, and a capture pin
 * records duration_ms of each. Every sample the client receives is compared
 * with the reference formula in regs.h (cyc_gen_s32, frame 0 = first frame
 * after START). Last the mux selects the line input, which must record silence
 * when the audiodev has no input (none, wav).
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>
#include <cycaudio/reference.h>

#define CAPTURE_SINE_HZ     1000u

typedef struct capture_ctx {
    audio_params params;
    uint32_t mode;              /* CYC_GEN_MODE_* */
    /* frame of the first mismatch, UINT64_MAX if none */
    uint64_t first_bad;
    uint32_t got;               /* its sample as received */
    uint32_t want;              /* and as expected */
} capture_ctx;

/* A full-scale s32 value v as the IEEE single v / 2^31, rounded to nearest even
 * as the device's float conversion does (integer-only: the guest keeps no FPU
 * state). */
static uint32_t capture_s32_to_f32_bits(int32_t v)
{
    uint64_t magnitude;
    uint64_t rest;
    uint64_t half;
    unsigned msb;
    unsigned shift;
    uint64_t mantissa;

    if (v == 0) {
        return 0;
    }
    magnitude = v < 0 ? (uint64_t)(-(int64_t)v) : (uint64_t)v;
    msb = 63 - (unsigned)__builtin_clzll(magnitude);
    if (msb > 23) {
        shift = msb - 23;
        mantissa = magnitude >> shift;
        rest = magnitude & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
        if (rest > half || (rest == half && (mantissa & 1))) {
            mantissa++;
            if (mantissa >> 24) {
                mantissa >>= 1;
                msb++;
            }
        }
    } else {
        mantissa = magnitude << (23 - msb);
    }
    return (v < 0 ? 0x80000000u : 0) | ((127u + msb - 31u) << 23) |
           ((uint32_t)mantissa & 0x7fffffu);
}

static uint32_t capture_sfmt(AudioGenFormat format)
{
    switch (format) {
    case AUDIOGEN_U8:
        return CYC_SFMT_U8;
    case AUDIOGEN_S24:
        return CYC_SFMT_S24_32;
    case AUDIOGEN_S32:
        return CYC_SFMT_S32;
    case AUDIOGEN_F32:
        return CYC_SFMT_F32;
    default:
        return CYC_SFMT_S16;
    }
}

static bool capture_check(void *ctx, const void *buf, uint64_t first_frame,
                          size_t frames)
{
    capture_ctx *c = ctx;
    const uint8_t *in = buf;
    uint32_t sfmt = capture_sfmt(c->params.format);
    uint32_t width = cyc_sfmt_bytes(sfmt);
    uint32_t got;
    uint32_t want;
    int32_t v;
    size_t f;
    uint32_t ch;
    uint32_t i;
    bool ok = true;

    for (f = 0; f < frames; f++) {
        for (ch = 0; ch < c->params.channels; ch++) {
            v = cyc_gen_s32(c->mode, first_frame + f, ch, CAPTURE_SINE_HZ,
                            c->params.rate);
            want = sfmt == CYC_SFMT_F32 ? capture_s32_to_f32_bits(v) :
                   cyc_s32_to_sfmt(v, sfmt);
            got = 0;
            for (i = 0; i < width; i++) {
                got |= (uint32_t)in[i] << (8 * i);
            }
            in += width;
            /* QEMU's audio layer hands a silent input over as 0x7f in u8. */
            if (c->mode == CYC_GEN_MODE_SILENCE && sfmt == CYC_SFMT_U8 &&
                got == 0x7f) {
                got = want;
            }
            if (got != want && ok && c->first_bad == UINT64_MAX) {
                c->first_bad = first_frame + f;
                c->got = got;
                c->want = want;
            }
            ok = ok && got == want;
        }
    }
    return ok;
}

static void capture_one(audio_device *d, capture_ctx *c, const char *mode_name)
{
    KSC_FILE *pin = NULL;
    audio_result r;
    NTSTATUS status;
    uint64_t total = audio_total_frames(&c->params);

    status = KscSetNodeUlong(d->topology, &KSPROPSETID_CycAudioGenerator,
                             KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
                             KSNODE_TOPO_WAVEIN_MUX, c->mode);
    tap_ok(NT_SUCCESS(status), "generator mode %s: %s", mode_name,
           audio_status_name(status));
    status = audio_pin_create(d, KSPIN_WAVE_CAPTURE_SOURCE, &c->params, &pin);
    if (!tap_ok(NT_SUCCESS(status), "capture pin %s %u Hz %u ch: %s",
                audiogen_format_name(c->params.format), c->params.rate,
                c->params.channels, audio_status_name(status))) {
        return;
    }
    c->first_bad = UINT64_MAX;
    audio_capture(pin, &c->params, total, capture_check, c, &r);
    tap_ok(NT_SUCCESS(r.status) && r.frames == total,
           "%s: captured %llu of %llu frames: %s", mode_name,
           (unsigned long long)r.frames, (unsigned long long)total,
           audio_status_name(r.status));
    tap_ok(r.mismatches == 0,
           "%s: every sample equals cyc_gen_s32 (%u bad packets, first at "
           "frame %lld: got 0x%x want 0x%x)", mode_name, r.mismatches,
           c->first_bad == UINT64_MAX ? -1LL : (long long)c->first_bad, c->got,
           c->want);
    tap_ok(r.have_stats && r.stats.Interrupts > 0 && r.stats.Errors == 0,
           "%s: %u interrupts, %u errors", mode_name, r.stats.Interrupts,
           r.stats.Errors);
    audio_print_summary("capture-generator", &c->params, &r);
    KscClose(pin);
}

static void capture_generator_run(void)
{
    capture_ctx c = { 0 };
    audio_device d;
    ULONG source = 0;
    NTSTATUS status;

    if (!audio_params_read(&c.params, 500) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_MUX_SOURCE,
                             KSNODE_TOPO_WAVEIN_MUX,
                             KSPIN_TOPO_GENERATOR_SOURCE);
    tap_ok(NT_SUCCESS(status), "mux source = generator pin: %s",
           audio_status_name(status));
    status = KscGetNodeUlong(d.topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_MUX_SOURCE,
                             KSNODE_TOPO_WAVEIN_MUX, &source);
    tap_ok(NT_SUCCESS(status) && source == KSPIN_TOPO_GENERATOR_SOURCE,
           "mux source reads back %u (want %u)", source,
           KSPIN_TOPO_GENERATOR_SOURCE);
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_CycAudioGenerator,
                             KSPROPERTY_CYCAUDIO_GENERATOR_FREQUENCY,
                             KSNODE_TOPO_WAVEIN_MUX, CAPTURE_SINE_HZ);
    tap_ok(NT_SUCCESS(status), "generator %u Hz: %s", CAPTURE_SINE_HZ,
           audio_status_name(status));

    c.mode = CYC_GEN_MODE_RAMP;
    capture_one(&d, &c, "ramp");
    c.mode = CYC_GEN_MODE_SINE;
    capture_one(&d, &c, "sine");

    /*
     * The third mux input: the audiodev's input voice, silent
     * under -audiodev none/wav.
     */
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_MUX_SOURCE,
                             KSNODE_TOPO_WAVEIN_MUX, KSPIN_TOPO_LINEIN_SOURCE);
    tap_ok(NT_SUCCESS(status), "mux source = line-in pin: %s",
           audio_status_name(status));
    c.mode = CYC_GEN_MODE_SILENCE;
    capture_one(&d, &c, "line-in");
    audio_device_close(&d);
}

SCENARIO("capture-generator",
         "records the device generator (ramp, sine) and checks every sample "
         "against regs.h", capture_generator_run);
