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

/*
 * Sample s = frame * channels + channel hashes s * 0x9e3779b9 + seed: one
 * addition on from its predecessor, all mod 2^32. One loop per width, so a
 * sample costs the hash and a store.
 */
void audiogen_pattern_fill(void *buf, AudioGenFormat fmt, unsigned channels,
                           uint32_t seed, uint64_t first_frame, size_t frames)
{
    uint32_t x = (uint32_t)(first_frame * channels) * 0x9e3779b9u + seed;
    size_t n = frames * channels;
    uint8_t *out = buf;
    uint32_t word;
    size_t i;

    switch (audiogen_format_bytes(fmt)) {
    case 1:
        for (i = 0; i < n; i++, x += 0x9e3779b9u) {
            out[i] = (uint8_t)audiogen_hash32(x);
        }
        break;
    case 2:
        for (i = 0; i < n; i++, x += 0x9e3779b9u) {
            audiogen_store_le(out + 2 * i, audiogen_hash32(x), 2);
        }
        break;
    case 4:
        for (i = 0; i < n; i++, x += 0x9e3779b9u) {
            word = audiogen_hash32(x);
            if (fmt == AUDIOGEN_S24) {
                word &= 0xffffff00u;
            }
            audiogen_store_le(out + 4 * i, word, 4);
        }
        break;
    default:
        break;
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

/* The tune's pitches; each has a slot of its own in AudioGenMelody. */
enum {
    NOTE_C4,
    NOTE_D4,
    NOTE_E4,
    NOTE_F4,
    NOTE_G4,
};

/* Milli-hertz of each pitch (equal temperament, A4 = 440 Hz). */
static const uint32_t AudioGenPitchMilliHz[AUDIOGEN_MELODY_PITCHES] = {
    [NOTE_C4] = 261626u,
    [NOTE_D4] = 293665u,
    [NOTE_E4] = 329628u,
    [NOTE_F4] = 349228u,
    [NOTE_G4] = 391995u,
};

typedef struct AudioGenNote {
    uint8_t Pitch;
    uint8_t HalfBeats;
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
    uint32_t milli_hz = AudioGenPitchMilliHz[span->Note->Pitch];
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
 * 64-bit division (a helper call under TCG). Exact while num stays >= 0. The
 * step's remainder is kept in [0, div) (a negative step borrows one from its
 * quotient), so a frame wraps the remainder at most once, upwards, and the
 * wrap is an addition, not a branch: under TCG a branch in the loop splits
 * each frame into more translated blocks.
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
    if (r->StepRem < 0) {
        r->StepRem += div;
        r->StepQ--;
    }
}

static inline void audiogen_ramp_next(AudioGenRamp *r)
{
    int64_t wrap;

    r->Rem += r->StepRem;
    wrap = r->Rem >= r->Div;
    r->Q += r->StepQ + wrap;
    r->Rem -= r->Div & -wrap;
}

/*
 * Frames of the longest note of each pitch at rate: what the memo keeps of
 * that pitch's two voices.
 */
static void audiogen_pitch_frames(uint32_t rate,
                                  uint32_t frames[AUDIOGEN_MELODY_PITCHES])
{
    uint64_t halfbeat = 0;
    uint64_t start;
    uint64_t len;
    size_t i;

    for (i = 0; i < AUDIOGEN_MELODY_PITCHES; i++) {
        frames[i] = 0;
    }
    for (i = 0; i < MELODY_NOTES; i++) {
        start = audiogen_halfbeat_frame(rate, halfbeat);
        halfbeat += AudioGenOdeToJoy[i].HalfBeats;
        len = audiogen_halfbeat_frame(rate, halfbeat) - start;
        if (len > frames[AudioGenOdeToJoy[i].Pitch]) {
            frames[AudioGenOdeToJoy[i].Pitch] = (uint32_t)len;
        }
    }
}

size_t audiogen_melody_memo_bytes(uint32_t rate)
{
    uint32_t frames[AUDIOGEN_MELODY_PITCHES];
    size_t total = 0;
    size_t i;

    audiogen_pitch_frames(rate, frames);
    for (i = 0; i < AUDIOGEN_MELODY_PITCHES; i++) {
        total += (size_t)frames[i] * 2u * sizeof(int16_t);
    }
    return total;
}

void audiogen_melody_init(AudioGenMelody *m, uint32_t rate, void *memo)
{
    int16_t *next = memo;
    size_t i;

    m->Rate = rate;
    audiogen_pitch_frames(rate, m->Frames);
    for (i = 0; i < AUDIOGEN_MELODY_PITCHES; i++) {
        m->Tone[i] = next;
        m->Done[i] = 0;
        if (next != NULL) {
            next += 2u * m->Frames[i];
        }
    }
}

/*
 * Frames t .. t + n - 1 of voice v of a note (0: the tune, 1: the octave
 * below at half amplitude), before the envelope: the tone of
 * audiogen_note_sample() times the voice's amplitude (Q15, within int16), at
 * dst[2 * i + v]. The phase is the ramp floor((r << 32) / P) with
 * r = t * mhz mod P, P = rate * 1000: its low 32 bits, r passing a multiple
 * of P adding exactly 2^32.
 */
static void audiogen_tone_synth(int16_t *dst, uint32_t rate, unsigned pitch,
                                unsigned v, uint64_t t, size_t n)
{
    uint32_t milli_hz = AudioGenPitchMilliHz[pitch] >> v;
    int64_t amplitude = 22938 >> v;         /* 0.7 of full scale */
    uint64_t period = (uint64_t)rate * 1000u;
    AudioGenRamp r;
    uint32_t phase;
    int64_t tone;
    size_t i;

    audiogen_ramp_init(&r, (int64_t)(((t * milli_hz) % period) << 32),
                       (int64_t)((milli_hz % period) << 32), (int64_t)period);
    for (i = 0; i < n; i++) {
        phase = (uint32_t)r.Q;
        tone = ((int64_t)audiogen_sin_table(phase) * 20 +
                (int64_t)audiogen_sin_table(phase * 2u) * 6 +
                (int64_t)audiogen_sin_table(phase * 3u) * 3) / 29;
        dst[2 * i + v] = (int16_t)((tone * amplitude) >> 30);
        audiogen_ramp_next(&r);
    }
}

/*
 * Both voices of pitch p for frames t .. t + n - 1 of a note, as pairs: from
 * the memo, synthesising what it lacks, or into scratch without one (the
 * second voice only for more than one channel).
 */
static const int16_t *audiogen_melody_tone(AudioGenMelody *m, unsigned p,
                                           unsigned channels, uint64_t t,
                                           size_t n, int16_t *scratch)
{
    int16_t *memo = m->Tone[p];
    uint32_t done = m->Done[p];

    if (memo == NULL) {
        audiogen_tone_synth(scratch, m->Rate, p, 0, t, n);
        if (channels > 1) {
            audiogen_tone_synth(scratch, m->Rate, p, 1, t, n);
        }
        return scratch;
    }
    if (t + n > done) {
        audiogen_tone_synth(memo + 2 * done, m->Rate, p, 0, done,
                            t + n - done);
        audiogen_tone_synth(memo + 2 * done, m->Rate, p, 1, done,
                            t + n - done);
        m->Done[p] = (uint32_t)(t + n);
    }
    return memo + 2 * t;
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

/*
 * The common case, 16-bit stereo on a ramp piece of the envelope: one load of
 * the voices' pair and one store a frame. The gain is at most 32768 and a
 * tone at most 22938 in magnitude, so their product fits in 32 bits.
 */
static void audiogen_melody_out_s16x2(uint8_t *out, const int16_t *q,
                                      AudioGenEnvelope *e, size_t n)
{
    AudioGenRamp r = e->Ramp;
    int32_t off = (int32_t)e->Off;
    int32_t sign = (int32_t)e->Sign;
    int32_t gain;
    uint32_t pair;
    uint32_t word;
    size_t i;

    for (i = 0; i < n; i++) {
        gain = off + sign * (int32_t)r.Q;
        __builtin_memcpy(&pair, q + 2 * i, 4);
        word = (uint16_t)(((int16_t)pair * gain) >> 15) |
               (uint32_t)(uint16_t)(((int16_t)(pair >> 16) * gain) >> 15) <<
               16;
        __builtin_memcpy(out + 4 * i, &word, 4);
        audiogen_ramp_next(&r);
    }
    e->Ramp = r;
}

/*
 * Frames t .. t + n - 1 of a note of len frames, within one envelope piece,
 * from the voices' pairs q (the second voice unused in mono).
 */
static void audiogen_melody_out(uint8_t *out, AudioGenFormat fmt,
                                unsigned channels, const int16_t *q,
                                AudioGenEnvelope *e, uint32_t rate,
                                uint64_t t, uint64_t len, size_t n)
{
    unsigned width = audiogen_format_bytes(fmt);
    uint32_t word[2] = { 0, 0 };
    int32_t gain;
    size_t i;
    unsigned c;

    if (fmt == AUDIOGEN_S16 && channels == 2 && !e->Exact) {
        audiogen_melody_out_s16x2(out, q, e, n);
        return;
    }
    for (i = 0; i < n; i++) {
        gain = e->Exact ? audiogen_envelope_q15(rate, t + i, len) :
               (int32_t)(e->Off + e->Sign * e->Ramp.Q);
        word[0] = audiogen_q15_word(fmt,
                                    (int16_t)((q[2 * i] * gain) >> 15));
        if (channels > 1) {
            word[1] = audiogen_q15_word(fmt,
                                        (int16_t)((q[2 * i + 1] * gain) >>
                                                  15));
        }
        for (c = 0; c < channels; c++) {
            audiogen_store_le(out, word[c & 1], width);
            out += width;
        }
        audiogen_ramp_next(&e->Ramp);
    }
}

/* Without a memo the voices are synthesised this many frames at a time. */
#define AUDIOGEN_SCRATCH_FRAMES 128u

/* Frames t .. t + n - 1 of the note span (n within the note). */
static void audiogen_melody_note(AudioGenMelody *m, uint8_t *out,
                                 AudioGenFormat fmt, unsigned channels,
                                 const AudioGenNoteSpan *span, uint64_t t,
                                 size_t n)
{
    int16_t scratch[2 * AUDIOGEN_SCRATCH_FRAMES];
    size_t stride = (size_t)channels * audiogen_format_bytes(fmt);
    uint64_t len = span->End - span->Start;
    unsigned p = span->Note->Pitch;
    AudioGenEnvelope env = { 0 };
    const int16_t *q;
    size_t run;

    while (n > 0) {
        if (t >= env.End) {
            audiogen_envelope_init(&env, m->Rate, t, len);
        }
        run = env.End - t < n ? (size_t)(env.End - t) : n;
        if (m->Tone[p] == NULL && run > AUDIOGEN_SCRATCH_FRAMES) {
            run = AUDIOGEN_SCRATCH_FRAMES;
        }
        q = audiogen_melody_tone(m, p, channels, t, run, scratch);
        audiogen_melody_out(out, fmt, channels, q, &env, m->Rate, t, len,
                            run);
        out += run * stride;
        t += run;
        n -= run;
    }
}

void audiogen_melody_render(AudioGenMelody *m, void *buf, AudioGenFormat fmt,
                            unsigned channels, uint64_t first_frame,
                            size_t frames)
{
    size_t stride = (size_t)channels * audiogen_format_bytes(fmt);
    uint64_t loop = audiogen_loop_frames(m->Rate);
    uint64_t f = first_frame % loop;
    uint8_t *out = buf;
    AudioGenNoteSpan span;
    size_t n;

    audiogen_sin_table_build();
    while (frames > 0) {
        if (f >= loop) {
            f = 0;
        }
        audiogen_note_at(m->Rate, f, &span);
        n = span.End - f < frames ? (size_t)(span.End - f) : frames;
        audiogen_melody_note(m, out, fmt, channels, &span, f - span.Start, n);
        out += n * stride;
        f += n;
        frames -= n;
    }
}

void audiogen_melody_fill(void *buf, AudioGenFormat fmt, unsigned channels,
                          uint32_t rate, uint64_t first_frame, size_t frames)
{
    AudioGenMelody m;

    audiogen_melody_init(&m, rate, NULL);
    audiogen_melody_render(&m, buf, fmt, channels, first_frame, frames);
}
