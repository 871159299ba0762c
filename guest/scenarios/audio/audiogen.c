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

static void audiogen_sin_table_build(void)
{
    uint32_t k;

    if (!AudioGenSinTableReady) {
        for (k = 0; k <= SIN_TABLE_SIZE; k++) {
            AudioGenSinTable[k] = audiogen_sin_q30(k << SIN_FRAC_BITS);
        }
        AudioGenSinTableReady = 1;
    }
}

static inline int32_t audiogen_sin_table(uint32_t phase)
{
    uint32_t i = phase >> SIN_FRAC_BITS;
    int64_t frac = phase & ((1u << SIN_FRAC_BITS) - 1);
    int64_t a = AudioGenSinTable[i];
    int64_t b = AudioGenSinTable[i + 1];

    return (int32_t)(a + (((b - a) * frac) >> SIN_FRAC_BITS));
}

static int32_t audiogen_sin_fast(uint32_t phase)
{
    audiogen_sin_table_build();
    return audiogen_sin_table(phase);
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

/*
 * floor(num / div) of a numerator that moves by a fixed step each frame, kept
 * as quotient and remainder so that a frame costs additions instead of a
 * 64-bit division (a helper call under TCG). Exact while num stays >= 0.
 */
typedef struct AudioGenRamp {
    int64_t Q;
    int64_t Rem;
    int64_t StepQ;
    int64_t StepRem;
    int64_t Div;
} AudioGenRamp;

static void audiogen_ramp_init(AudioGenRamp *r, int64_t num, int64_t step,
                               int64_t div)
{
    r->Q = num / div;
    r->Rem = num % div;
    r->StepQ = step / div;
    r->StepRem = step % div;
    r->Div = div;
}

static inline void audiogen_ramp_next(AudioGenRamp *r)
{
    r->Q += r->StepQ;
    r->Rem += r->StepRem;
    if (r->Rem >= r->Div) {
        r->Rem -= r->Div;
        r->Q++;
    } else if (r->Rem < 0) {
        r->Rem += r->Div;
        r->Q--;
    }
}

/*
 * One voice of a note, frame by frame: its amplitude and audiogen_phase() as
 * the ramp floor((r << 32) / P) with r = t * mhz, P = rate * 1000. The phase
 * is the ramp's low 32 bits: r passing a multiple of P adds exactly 2^32.
 */
typedef struct AudioGenVoice {
    AudioGenRamp Phase;
    int64_t Amplitude;
} AudioGenVoice;

static void audiogen_voice_init(AudioGenVoice *v, uint32_t rate,
                                uint32_t milli_hz, int64_t amplitude,
                                uint64_t t)
{
    uint64_t period = (uint64_t)rate * 1000u;

    audiogen_ramp_init(&v->Phase, (int64_t)(((t * milli_hz) % period) << 32),
                       (int64_t)((milli_hz % period) << 32), (int64_t)period);
    v->Amplitude = amplitude;
}

/* audiogen_note_sample() of a voice at gain, table already built. */
static inline int16_t audiogen_voice_sample(const AudioGenVoice *v,
                                            int64_t gain)
{
    uint32_t phase = (uint32_t)v->Phase.Q;
    int64_t tone = ((int64_t)audiogen_sin_table(phase) * 20 +
                    (int64_t)audiogen_sin_table(phase * 2u) * 6 +
                    (int64_t)audiogen_sin_table(phase * 3u) * 3) / 29;

    tone = (tone * v->Amplitude) >> 30;
    return (int16_t)((tone * gain) >> 15);
}

/*
 * The envelope of audiogen_envelope_q15() piece by piece: Off + Sign * Ramp.Q
 * until frame End of the note, then the next piece. Where the release
 * overlaps the attack or decay (notes shorter than 170 ms) the product of two
 * ramps is not one ramp: Exact evaluates the formula each frame.
 */
typedef struct AudioGenEnvelope {
    AudioGenRamp Ramp;
    int64_t Off;
    int64_t Sign;
    uint64_t End;
    int Exact;
} AudioGenEnvelope;

static void audiogen_envelope_init(AudioGenEnvelope *e, uint32_t rate,
                                   uint64_t t, uint64_t len)
{
    uint64_t attack = rate / 100u;
    uint64_t decay = rate * 12u / 100u;
    uint64_t release = rate * 4u / 100u;
    uint64_t rel_start = len > release ? len - release : 0;

    e->Off = 0;
    e->Sign = 1;
    e->Exact = 0;
    audiogen_ramp_init(&e->Ramp, 0, 0, 1);
    if (len <= release) {
        e->End = len;
    } else if (t >= rel_start && t >= attack + decay) {
        audiogen_ramp_init(&e->Ramp, 19661 * (int64_t)(len - t), -19661,
                           (int64_t)release);
        e->End = len;
    } else if (t >= rel_start) {
        e->Exact = 1;
        e->End = attack + decay;
    } else if (t < attack) {
        audiogen_ramp_init(&e->Ramp, (int64_t)(t * 32768u), 32768,
                           (int64_t)attack);
        e->End = attack < rel_start ? attack : rel_start;
    } else if (t < attack + decay) {
        audiogen_ramp_init(&e->Ramp, (int64_t)((t - attack) * 13107u), 13107,
                           (int64_t)decay);
        e->Off = 32768;
        e->Sign = -1;
        e->End = attack + decay < rel_start ? attack + decay : rel_start;
    } else {
        e->Off = 19661;
        e->End = rel_start;
    }
}

void audiogen_melody_fill(void *buf, AudioGenFormat fmt, unsigned channels,
                          uint32_t rate, uint64_t first_frame, size_t frames)
{
    unsigned width = audiogen_format_bytes(fmt);
    uint64_t loop = audiogen_loop_frames(rate);
    uint8_t *out = buf;
    AudioGenNoteSpan span = { 0 };
    AudioGenVoice voices[2];
    AudioGenEnvelope env = { 0 };
    uint32_t word[2];
    int64_t gain;
    uint64_t f = first_frame % loop;
    uint64_t t = 0;
    size_t i;
    unsigned c;
    int fresh = 1;

    audiogen_sin_table_build();
    for (i = 0; i < frames; i++) {
        if (span.Note == NULL || f >= span.End) {
            if (f >= loop) {
                f = 0;
            }
            audiogen_note_at(rate, f, &span);
            fresh = 1;
        }
        t = f - span.Start;
        if (fresh) {
            /* Odd channels: the octave below at half amplitude. */
            audiogen_voice_init(&voices[0], rate, span.Note->MilliHz, 22938,
                                t);
            audiogen_voice_init(&voices[1], rate, span.Note->MilliHz / 2,
                                22938 / 2, t);
            fresh = 0;
            env.End = 0;
        }
        if (t >= env.End) {
            audiogen_envelope_init(&env, rate, t, span.End - span.Start);
        }
        gain = env.Exact ?
               audiogen_envelope_q15(rate, t, span.End - span.Start) :
               env.Off + env.Sign * env.Ramp.Q;
        /*
         * Even channels carry the tune, odd ones the lower
         * octave: two voices a frame.
         */
        word[0] = audiogen_q15_word(fmt, audiogen_voice_sample(&voices[0],
                                                               gain));
        word[1] = channels > 1 ?
                  audiogen_q15_word(fmt, audiogen_voice_sample(&voices[1],
                                                               gain)) :
                  0;
        for (c = 0; c < channels; c++) {
            audiogen_store_le(out, word[c & 1], width);
            out += width;
        }
        audiogen_ramp_next(&voices[0].Phase);
        audiogen_ramp_next(&voices[1].Phase);
        audiogen_ramp_next(&env.Ramp);
        f++;
    }
}
