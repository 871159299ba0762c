/* SPDX-License-Identifier: MIT */
/*
 * Deterministic audio generators (test pattern and melody), shared by guest and
 * host. Every sample is derived from its frame index, never from a running
 * accumulator, so any chunking of the stream produces the same bytes on both
 * sides.
 */
#include "audiogen.h"

static const char *const AudioGenFormatNames[AUDIOGEN_FORMAT_COUNT] = {
    [AUDIOGEN_U8] = "u8",
    [AUDIOGEN_S16] = "s16",
    [AUDIOGEN_S24] = "s24",
    [AUDIOGEN_S32] = "s32",
    [AUDIOGEN_F32] = "f32",
};

static const unsigned AudioGenFormatBytes[AUDIOGEN_FORMAT_COUNT] = {
    [AUDIOGEN_U8] = 1,
    [AUDIOGEN_S16] = 2,
    [AUDIOGEN_S24] = 4,
    [AUDIOGEN_S32] = 4,
    [AUDIOGEN_F32] = 4,
};

static int audiogen_streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

int audiogen_format_parse(const char *name)
{
    int i;

    for (i = 0; i < AUDIOGEN_FORMAT_COUNT; i++) {
        if (audiogen_streq(name, AudioGenFormatNames[i])) {
            return i;
        }
    }
    return -1;
}

const char *audiogen_format_name(AudioGenFormat fmt)
{
    return fmt < AUDIOGEN_FORMAT_COUNT ? AudioGenFormatNames[fmt] : "?";
}

unsigned audiogen_format_bytes(AudioGenFormat fmt)
{
    return fmt < AUDIOGEN_FORMAT_COUNT ? AudioGenFormatBytes[fmt] : 0;
}

/* Chris Wellons' "lowbias32" integer hash: a bijection with good avalanche. */
static uint32_t audiogen_hash32(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

uint32_t audiogen_pattern_word(uint32_t seed, uint64_t frame, unsigned channels,
                               unsigned channel)
{
    return audiogen_hash32((uint32_t)(frame * channels + channel) *
                           0x9e3779b9u + seed);
}

/*
 * Little-endian store of the low bytes of word; both sides
 * are x86, so a plain store.
 */
static void audiogen_store_le(uint8_t *dst, uint32_t word, unsigned bytes)
{
    uint16_t half = (uint16_t)word;

    switch (bytes) {
    case 1:
        *dst = (uint8_t)word;
        break;
    case 2:
        __builtin_memcpy(dst, &half, 2);
        break;
    default:
        __builtin_memcpy(dst, &word, 4);
        break;
    }
}

void audiogen_pattern_fill(void *buf, AudioGenFormat fmt, unsigned channels,
                           uint32_t seed, uint64_t first_frame, size_t frames)
{
    unsigned width = audiogen_format_bytes(fmt);
    uint8_t *out = buf;
    size_t f;
    unsigned c;
    uint32_t word;

    for (f = 0; f < frames; f++) {
        for (c = 0; c < channels; c++) {
            word = audiogen_pattern_word(seed, first_frame + f, channels, c);
            if (fmt == AUDIOGEN_S24) {
                word &= 0xffffff00u;
            }
            audiogen_store_le(out, word, width);
            out += width;
        }
    }
}

/* Taylor coefficients of sin(pi/2 * y), Q30. */
#define SIN_C1 1686629713LL
#define SIN_C3 693598668LL
#define SIN_C5 85569306LL
#define SIN_C7 5026995LL
#define SIN_C9 172272LL
#define Q30_ONE (1LL << 30)

int32_t audiogen_sin_q30(uint32_t phase)
{
    unsigned quadrant = phase >> 30;
    int64_t y = phase & 0x3fffffffu;
    int64_t y2;
    int64_t r;

    if (quadrant & 1) {
        y = Q30_ONE - y;
    }
    y2 = (y * y) >> 30;
    r = SIN_C9;
    r = SIN_C7 - ((r * y2) >> 30);
    r = SIN_C5 - ((r * y2) >> 30);
    r = SIN_C3 - ((r * y2) >> 30);
    r = SIN_C1 - ((r * y2) >> 30);
    r = (r * y) >> 30;
    if (r > Q30_ONE) {
        r = Q30_ONE;
    }
    return (int32_t)((quadrant & 2) ? -r : r);
}

/*
 * The melody's oscillator: a 4096-step table of audiogen_sin_q30 with linear
 * interpolation, built on first use by the same integer code on guest and host,
 * so both sides produce the same samples at a fraction of the polynomial's
 * cost.
 */
#define SIN_TABLE_BITS 12
#define SIN_TABLE_SIZE (1u << SIN_TABLE_BITS)
#define SIN_FRAC_BITS (32 - SIN_TABLE_BITS)

static int32_t AudioGenSinTable[SIN_TABLE_SIZE + 1];
static int AudioGenSinTableReady;

static int32_t audiogen_sin_fast(uint32_t phase)
{
    uint32_t i = phase >> SIN_FRAC_BITS;
    int64_t frac = phase & ((1u << SIN_FRAC_BITS) - 1);
    int64_t a;
    int64_t b;
    uint32_t k;

    if (!AudioGenSinTableReady) {
        for (k = 0; k <= SIN_TABLE_SIZE; k++) {
            AudioGenSinTable[k] = audiogen_sin_q30(k << SIN_FRAC_BITS);
        }
        AudioGenSinTableReady = 1;
    }
    a = AudioGenSinTable[i];
    b = AudioGenSinTable[i + 1];
    return (int32_t)(a + (((b - a) * frac) >> SIN_FRAC_BITS));
}

/*
 * Q15 value -> the packed little-endian word of fmt (exact for every format).
 */
static uint32_t audiogen_q15_word(AudioGenFormat fmt, int16_t value)
{
    uint32_t magnitude;
    unsigned msb;

    switch (fmt) {
    case AUDIOGEN_U8:
        return (uint8_t)((value >> 8) + 128);
    case AUDIOGEN_S16:
        return (uint16_t)value;
    case AUDIOGEN_S24:
    case AUDIOGEN_S32:
        return (uint32_t)(int32_t)value << 16;
    case AUDIOGEN_F32:
        /*
         * value / 32768 is exact in binary32: build sign,
         * exponent and mantissa by hand.
         */
        if (value == 0) {
            return 0;
        }
        magnitude = value < 0 ? (uint32_t)(-(int32_t)value) : (uint32_t)value;
        msb = 31 - (unsigned)__builtin_clz(magnitude);
        return (value < 0 ? 0x80000000u : 0) | ((127u + msb - 15u) << 23) |
               ((magnitude << (23 - msb)) & 0x7fffffu);
    default:
        return 0;
    }
}

void audiogen_pack_q15(void *dst, AudioGenFormat fmt, int16_t value)
{
    audiogen_store_le(dst, audiogen_q15_word(fmt, value),
                      audiogen_format_bytes(fmt));
}

/* Notes in milli-hertz (equal temperament, A4 = 440 Hz). */
#define NOTE_C4 261626u
#define NOTE_D4 293665u
#define NOTE_E4 329628u
#define NOTE_F4 349228u
#define NOTE_G4 391995u

typedef struct AudioGenNote {
    uint32_t MilliHz;
    uint32_t HalfBeats;
} AudioGenNote;

/* "Ode to Joy", first two phrases: 64 half-beats in all. */
static const AudioGenNote AudioGenOdeToJoy[] = {
    { NOTE_E4, 2 }, { NOTE_E4, 2 }, { NOTE_F4, 2 }, { NOTE_G4, 2 },
    { NOTE_G4, 2 }, { NOTE_F4, 2 }, { NOTE_E4, 2 }, { NOTE_D4, 2 },
    { NOTE_C4, 2 }, { NOTE_C4, 2 }, { NOTE_D4, 2 }, { NOTE_E4, 2 },
    { NOTE_E4, 3 }, { NOTE_D4, 1 }, { NOTE_D4, 4 },
    { NOTE_E4, 2 }, { NOTE_E4, 2 }, { NOTE_F4, 2 }, { NOTE_G4, 2 },
    { NOTE_G4, 2 }, { NOTE_F4, 2 }, { NOTE_E4, 2 }, { NOTE_D4, 2 },
    { NOTE_C4, 2 }, { NOTE_C4, 2 }, { NOTE_D4, 2 }, { NOTE_E4, 2 },
    { NOTE_D4, 3 }, { NOTE_C4, 1 }, { NOTE_C4, 4 },
};

#define MELODY_NOTES (sizeof(AudioGenOdeToJoy) / sizeof(AudioGenOdeToJoy[0]))

/* Frame at which half-beat number u starts (derived, floor). */
static uint64_t audiogen_halfbeat_frame(uint32_t rate, uint64_t halfbeat)
{
    return halfbeat * rate * AUDIOGEN_BEAT_MS / 2000u;
}

/* Envelope gain in Q15 for frame t of a note lasting len frames. */
static int32_t audiogen_envelope_q15(uint32_t rate, uint64_t t, uint64_t len)
{
    uint64_t attack = rate / 100u;          /* 10 ms */
    uint64_t decay = rate * 12u / 100u;     /* 120 ms from 1.0 down to 0.6 */
    /* 40 ms to zero, leaves a gap between notes */
    uint64_t release = rate * 4u / 100u;
    int64_t gain;

    if (t < attack) {
        gain = (int64_t)(t * 32768u / attack);
    } else if (t < attack + decay) {
        gain = 32768 - (int64_t)((t - attack) * 13107u / decay);
    } else {
        gain = 19661;
    }
    if (len > release && t + release >= len) {
        gain = gain * (int64_t)(len - t) / (int64_t)release;
    } else if (len <= release) {
        gain = 0;
    }
    return (int32_t)gain;
}

/* Phase of a tone of milli_hz at frame t, derived exactly from t. */
static uint32_t audiogen_phase(uint32_t rate, uint32_t milli_hz, uint64_t t)
{
    uint64_t period = (uint64_t)rate * 1000u;
    uint64_t cycles = t * milli_hz;

    return (uint32_t)(((cycles % period) << 32) / period);
}

/*
 * Where frame f (within one loop of the tune) falls: its
 * note and that note's span.
 */
typedef struct AudioGenNoteSpan {
    const AudioGenNote *Note;
    uint64_t Start;
    uint64_t End;
} AudioGenNoteSpan;

static void audiogen_note_at(uint32_t rate, uint64_t f, AudioGenNoteSpan *span)
{
    uint64_t halfbeat = 0;
    size_t i;

    for (i = 0; i < MELODY_NOTES; i++) {
        span->Note = &AudioGenOdeToJoy[i];
        span->Start = audiogen_halfbeat_frame(rate, halfbeat);
        halfbeat += span->Note->HalfBeats;
        span->End = audiogen_halfbeat_frame(rate, halfbeat);
        if (f < span->End) {
            return;
        }
    }
}

static int16_t audiogen_note_sample(uint32_t rate, const AudioGenNoteSpan *span,
                                    uint64_t f, unsigned channel)
{
    uint32_t milli_hz = span->Note->MilliHz;
    int64_t amplitude = 22938;              /* 0.7 of full scale */
    uint32_t phase;
    int64_t tone;

    if (channel & 1) {
        milli_hz /= 2;
        amplitude /= 2;
    }
    phase = audiogen_phase(rate, milli_hz, f - span->Start);
    /*
     * 1 : 0.3 : 0.15 harmonic mix, scaled by 1/1.45 so it peaks at 1.0 (Q30).
     */
    tone = ((int64_t)audiogen_sin_fast(phase) * 20 +
            (int64_t)audiogen_sin_fast(phase * 2u) * 6 +
            (int64_t)audiogen_sin_fast(phase * 3u) * 3) / 29;
    tone = (tone * amplitude) >> 30;
    tone = (tone * audiogen_envelope_q15(rate, f - span->Start,
                                         span->End - span->Start)) >> 15;
    return (int16_t)tone;
}

static uint64_t audiogen_loop_frames(uint32_t rate)
{
    return audiogen_halfbeat_frame(rate, AUDIOGEN_MELODY_BEATS * 2u);
}

int16_t audiogen_melody_sample(uint32_t rate, uint64_t frame, unsigned channel)
{
    uint64_t f = frame % audiogen_loop_frames(rate);
    AudioGenNoteSpan span;

    audiogen_note_at(rate, f, &span);
    return audiogen_note_sample(rate, &span, f, channel);
}

void audiogen_melody_fill(void *buf, AudioGenFormat fmt, unsigned channels,
                          uint32_t rate, uint64_t first_frame, size_t frames)
{
    unsigned width = audiogen_format_bytes(fmt);
    uint64_t loop = audiogen_loop_frames(rate);
    uint8_t *out = buf;
    AudioGenNoteSpan span = { 0 };
    uint32_t voice[2];
    uint64_t f;
    size_t i;
    unsigned c;

    for (i = 0; i < frames; i++) {
        f = (first_frame + i) % loop;
        if (span.Note == NULL || f < span.Start || f >= span.End) {
            audiogen_note_at(rate, f, &span);
        }
        /*
         * Even channels carry the tune, odd ones the lower
         * octave: two voices a frame.
         */
        voice[0] =
            audiogen_q15_word(fmt, audiogen_note_sample(rate, &span, f, 0));
        voice[1] = channels > 1 ?
                   audiogen_q15_word(fmt,
                                     audiogen_note_sample(rate, &span, f, 1)) :
                   0;
        for (c = 0; c < channels; c++) {
            audiogen_store_le(out, voice[c & 1], width);
            out += width;
        }
    }
}
