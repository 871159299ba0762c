/* SPDX-License-Identifier: MIT */
/*
 * Deterministic audio generators shared by the guest scenarios and the host e2e
 * tests. Integer arithmetic only (the guest has no FPU state to rely on), no
 * libc beyond <stdint.h>/<stddef.h>: the same source compiled on both sides
 * yields the same bytes.
 */
#ifndef AUDIOGEN_H
#define AUDIOGEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sample encodings the generators can pack into (little-endian, interleaved).
 */
typedef enum AudioGenFormat {
    AUDIOGEN_U8,            /* 8-bit unsigned PCM, 0x80 = silence */
    AUDIOGEN_S16,           /* 16-bit signed PCM */
    AUDIOGEN_S24,           /* 24 valid bits MSB-aligned in 32, low byte 0 */
    AUDIOGEN_S32,           /* 32-bit signed PCM */
    AUDIOGEN_F32,           /* IEEE-754 single, full scale = 1.0 */
    AUDIOGEN_FORMAT_COUNT
} AudioGenFormat;

/* "u8", "s16", "s24", "s32", "f32" <-> AudioGenFormat; -1 when unknown. */
int audiogen_format_parse(const char *name);
const char *audiogen_format_name(AudioGenFormat fmt);
unsigned audiogen_format_bytes(AudioGenFormat fmt);

/*
 * Test pattern: sample (frame, channel) is a pure function of its index, so a
 * checker can start anywhere and pauses/drops/repeats show up as a wrong index.
 * The raw 32-bit value is lowbias32((frame * channels + channel) * 0x9e3779b9 +
 * seed), all mod 2^32; a sample of width w bytes is its low w bytes (f32 too:
 * the device moves bytes, never reads them) except s24, whose low byte is 0 as
 * the format requires.
 */
uint32_t audiogen_pattern_word(uint32_t seed, uint64_t frame, unsigned channels,
                               unsigned channel);
void audiogen_pattern_fill(void *buf, AudioGenFormat fmt, unsigned channels,
                           uint32_t seed, uint64_t first_frame, size_t frames);

/*
 * The melody: the opening of Beethoven's "Ode to Joy" (public domain), one note
 * per beat of AUDIOGEN_BEAT_MS, sine plus 2nd and 3rd harmonics under an
 * attack/decay/release envelope, looping after AUDIOGEN_MELODY_BEATS beats.
 * Channel 0 and all even channels carry the tune; odd channels carry it an
 * octave lower at half amplitude, so the stereo image is not mono. Sample
 * values are Q15 (int16 range) before packing.
 */
#define AUDIOGEN_BEAT_MS        250u
#define AUDIOGEN_MELODY_BEATS   32u

int16_t audiogen_melody_sample(uint32_t rate, uint64_t frame, unsigned channel);
void audiogen_melody_fill(void *buf, AudioGenFormat fmt, unsigned channels,
                          uint32_t rate, uint64_t first_frame, size_t frames);

/*
 * The melody for a stream: every note of one pitch starts its phase afresh,
 * so each voice before the envelope is one sequence per pitch, whichever note
 * and loop it plays in. With a memo each is synthesised once (as far as the
 * longest note of its pitch) and a later note only applies its envelope;
 * without one (memo NULL) every frame is synthesised, as audiogen_melody_fill
 * does. The bytes are those of audiogen_melody_sample() either way. The memo
 * is audiogen_melody_memo_bytes(rate) bytes, 2-byte aligned, needs no
 * initialising and belongs to the generator until the caller frees it.
 */
#define AUDIOGEN_MELODY_PITCHES 5u

typedef struct AudioGenMelody {
    uint32_t Rate;
    int16_t *Tone[AUDIOGEN_MELODY_PITCHES];     /* voice pairs, or NULL */
    uint32_t Frames[AUDIOGEN_MELODY_PITCHES];   /* longest note of the pitch */
    uint32_t Done[AUDIOGEN_MELODY_PITCHES];     /* frames of Tone synthesised */
} AudioGenMelody;

size_t audiogen_melody_memo_bytes(uint32_t rate);
void audiogen_melody_init(AudioGenMelody *m, uint32_t rate, void *memo);
void audiogen_melody_render(AudioGenMelody *m, void *buf, AudioGenFormat fmt,
                            unsigned channels, uint64_t first_frame,
                            size_t frames);

/* Q15 sample -> one packed sample of fmt at dst (exact for every format). */
void audiogen_pack_q15(void *dst, AudioGenFormat fmt, int16_t value);

/* Q30 sine of a 32-bit phase (2^32 = one turn); max error about 2e-4. */
int32_t audiogen_sin_q30(uint32_t phase);

#endif /* AUDIOGEN_H */
