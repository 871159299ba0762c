/* SPDX-License-Identifier: MIT */
/*
 * cycaudio reference formulas: the generator, the sample conversion, the
 * mixer gain and each format's silence. They define the device's output;
 * the device, the harness and the guests all call these, so a test or a
 * guest reproduces a capture sample for sample. Integer only (guests may
 * lack floating point). Needs <stdint.h> (or the guest's equivalent) first.
 */
#ifndef CYCAUDIO_REFERENCE_H
#define CYCAUDIO_REFERENCE_H

#include "regs.h"

/*
 * Volume gain in Q16 for an attenuation of att half-decibels (0..255):
 * g(0) = 65536, g(a) = (g(a-1) * 61870 + 32768) >> 16, where
 * 61870 = round(65536 * 10^(-1/40)). A sample x is scaled to
 * (x * g) >> 16 (arithmetic shift; U8 around 128; F32 x * g / 65536).
 */
static inline uint32_t cyc_vol_gain_q16(uint32_t att)
{
    uint32_t g = 65536;
    uint32_t i;

    if (att > CYC_ATT_MAX) {
        att = CYC_ATT_MAX;
    }
    for (i = 0; i < att; i++) {
        g = (g * 61870u + 32768u) >> 16;
    }
    return g;
}

/* Generator phase of frame n (0 = first after START), freq Hz at rate Hz. */
static inline uint32_t cyc_gen_phase(uint64_t n, uint32_t freq, uint32_t rate)
{
    uint64_t cyc = ((n % rate) * (uint64_t)freq) % rate;

    return (uint32_t)((cyc << 32) / rate);
}

/*
 * Sine of a 32-bit phase (2^32 = one turn) in Q16, -65536..65536:
 * quarter-wave odd polynomial s(x) = (102944 x - 42037 x^3 + 4628 x^5)
 * with x in Q16 on [0, 1].
 */
static inline int32_t cyc_gen_sine_q16(uint32_t phase)
{
    uint32_t quadrant = phase >> 30;
    int64_t x = (int64_t)((phase >> 14) & 0xffffu);
    int64_t x2, x3, x5, s;

    if (quadrant & 1u) {
        x = 65536 - x;
    }
    x2 = (x * x) >> 16;
    x3 = (x2 * x) >> 16;
    x5 = (x3 * x2) >> 16;
    s = (102944 * x - 42037 * x3 + 4628 * x5) >> 16;
    if (s > 65536) {
        s = 65536;
    }
    return (quadrant & 2u) ? (int32_t)-s : (int32_t)s;
}

/*
 * Generator value of frame n, channel c as a signed 32-bit full-scale
 * sample, before conversion to the stream's format: sine = sine_q16 * 32767
 * on every channel; ramp = (n << 16) + (c << 24) modulo 2^32 (an S16 stream
 * sees n + 256 c); silence (and the reserved mode 3) 0.
 */
static inline int32_t cyc_gen_s32(uint32_t mode, uint64_t n, uint32_t c,
                                  uint32_t freq, uint32_t rate)
{
    switch (mode) {
    case CYC_GEN_MODE_SINE:
        return cyc_gen_sine_q16(cyc_gen_phase(n, freq, rate)) * 32767;
    case CYC_GEN_MODE_RAMP:
        return (int32_t)(((uint32_t)n << 16) + (c << 24));
    default:
        return 0;
    }
}

/*
 * A full-scale s32 value in an integer sample format, as the little-endian
 * value of cyc_sfmt_bytes(sfmt) bytes: U8 (v >> 24) + 128, S16 v >> 16,
 * S24_32 v & ~0xff, S32 v. F32 is (float)v / 2^31 and is not given here.
 */
static inline uint32_t cyc_s32_to_sfmt(int32_t v, uint32_t sfmt)
{
    switch (sfmt) {
    case CYC_SFMT_U8:
        return (uint32_t)((v >> 24) + 128) & 0xffu;
    case CYC_SFMT_S16:
        return (uint32_t)(v >> 16) & 0xffffu;
    case CYC_SFMT_S24_32:
        return (uint32_t)v & 0xffffff00u;
    default:
        return (uint32_t)v;
    }
}

/*
 * Digital silence of a sample format as the little-endian value of one
 * sample: 0x80 for U8, 0 (F32: +0.0) for the others. Muted, missing and
 * unfed frames carry exactly this value.
 */
static inline uint32_t cyc_sfmt_silence(uint32_t sfmt)
{
    return sfmt == CYC_SFMT_U8 ? 0x80u : 0u;
}

#endif /* CYCAUDIO_REFERENCE_H */
