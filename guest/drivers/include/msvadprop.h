/* SPDX-License-Identifier: MIT */
/*
 * The msvad driver's public interface, what a client may rely on: pin and
 * node ids of its wave filter, the formats it plays and records, and the
 * capture ramp it produces. Clients include it next to ks.h/ksmedia.h.
 */
#ifndef MSVADPROP_H
#define MSVADPROP_H

/* Wave filter pins and nodes. */
enum {
    KSPIN_MSVAD_RENDER_SINK = 0,
    KSPIN_MSVAD_RENDER_SOURCE,
    KSPIN_MSVAD_CAPTURE_SINK,
    KSPIN_MSVAD_CAPTURE_SOURCE,
    KSPIN_MSVAD_COUNT
};
enum {
    KSNODE_MSVAD_DAC = 0,
    KSNODE_MSVAD_ADC,
    KSNODE_MSVAD_COUNT
};

/* What the virtual device plays and records: 16-bit PCM, mono or stereo. */
#define MSVAD_MAX_CHANNELS      2
#define MSVAD_BITS_PER_SAMPLE   16
#define MSVAD_MIN_RATE          8000
#define MSVAD_MAX_RATE          48000
/* Cyclic buffer in milliseconds of audio, and the timer period. */
#define MSVAD_BUFFER_MS         100
#define MSVAD_DEFAULT_INTERVAL_MS 10

/*
 * Capture ramp: sample (frame n, channel c) = (n + 256 c) mod 2^16 as a
 * signed 16-bit value, n counted from the first RUN (pauses keep it), like
 * the cycaudio generator.
 */
#define MSVAD_RAMP_SAMPLE(n, c) ((SHORT)(USHORT)((n) + 256u * (c)))

#endif /* MSVADPROP_H */
