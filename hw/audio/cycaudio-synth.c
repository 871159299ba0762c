/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio synthesiser: CYC_SEQ_VOICES_MAX voices played by the sequencer's
 * MIDI events and added to a render stream's frames. Programming model:
 * docs/cycaudio.rst "Synthesiser". Integer arithmetic only, every value a
 * function of the events and the frames rendered, so runs are bit-identical;
 * nothing here reads the clock or guest memory.
 */

#include "qemu/osdep.h"
#include "cycaudio-state.h"

#define Q16_ONE         65536u
#define CENTS_PER_OCT   1200u
#define MIDI_CHANNELS   16u
#define BEND_CENTRE     8192u
#define VOLUME_RESET    100u
/* Note 0 (C-1) is 440 Hz * 2^(-69/12) = 8.1758 Hz, in Q24. */
#define NOTE0_HZ_Q24    UINT64_C(137167144)
/* round(2^30 * 2^(1/1200)): one cent in Q30. */
#define CENT_Q30        UINT64_C(1074362221)

/* MIDI status and controller numbers the synthesiser acts on. */
#define MIDI_NOTE_OFF       0x80u
#define MIDI_NOTE_ON        0x90u
#define MIDI_CONTROL        0xb0u
#define MIDI_PROGRAM        0xc0u
#define MIDI_BEND           0xe0u
#define MIDI_CC_VOLUME      7u
#define MIDI_CC_SUSTAIN     64u
#define MIDI_CC_SOUND_OFF   120u
#define MIDI_CC_RESET_CTRL  121u
#define MIDI_CC_NOTES_OFF   123u

typedef struct CycTimbre {
    uint32_t attack_ms;
    uint32_t decay_ms;
    uint32_t sustain_q16;
    uint32_t release_ms;
} CycTimbre;

/* Indexed by program % CYC_SYNTH_TIMBRES: sine, square, saw, triangle. */
static const CycTimbre cycaudio_timbres[CYC_SYNTH_TIMBRES] = {
    { 5, 200, 49152, 80 },
    { 2, 100, 32768, 40 },
    { 10, 300, 45875, 120 },
    { 3, 150, 52428, 60 },
};

/* 2^(c/1200) in Q30 for c in 0..1199, built once by integer steps. */
static uint32_t cycaudio_cent_q30[CENTS_PER_OCT];

static void cycaudio_synth_tables(void)
{
    uint32_t i;

    if (cycaudio_cent_q30[0]) {
        return;
    }
    cycaudio_cent_q30[0] = 1u << 30;
    for (i = 1; i < CENTS_PER_OCT; i++) {
        cycaudio_cent_q30[i] = (cycaudio_cent_q30[i - 1] * CENT_Q30 +
                                (UINT64_C(1) << 29)) >> 30;
    }
}

/* Stage length in frames at rate, at least one. */
static uint32_t cycaudio_ms_frames(uint32_t ms, uint32_t rate)
{
    return MAX((uint64_t)ms * rate / 1000u, 1u);
}

/*
 * Phase step of note at the channel's bend: 2^32 * f / rate with
 * f = f(note 0) * 2^(cents / 1200), cents = 100 note + bend.
 */
static uint32_t cycaudio_synth_incr(uint32_t note, uint32_t bend,
                                    uint32_t rate)
{
    int32_t cents = (int32_t)note * 100 +
                    ((int32_t)bend - (int32_t)BEND_CENTRE) *
                    CYC_SYNTH_BEND_CENTS / (int32_t)BEND_CENTRE;
    uint64_t hz_q24, incr;

    if (cents < 0) {
        cents = 0;
    }
    cycaudio_synth_tables();
    hz_q24 = (NOTE0_HZ_Q24 * cycaudio_cent_q30[cents % CENTS_PER_OCT]) >> 30;
    hz_q24 <<= cents / CENTS_PER_OCT;
    incr = (hz_q24 << 8) / rate;
    /* Above Nyquist: held at half a cycle per frame. */
    return MIN(incr, UINT64_C(1) << 31);
}

/* Oscillator value in Q16, +-65536; every wave is non-zero at phase 0. */
CYC_PER_FRAME
static int32_t cycaudio_synth_wave(uint32_t timbre, uint32_t phase)
{
    uint32_t t = phase >> 15;

    switch (timbre) {
    case 0:
        return cyc_gen_sine_q16(phase + 0x40000000u);
    case 1:
        return phase < 0x80000000u ? 32768 : -32768;
    case 2:
        return (int32_t)(phase >> 16) - 32768;
    default:
        return t < 65536u ? 65536 - 2 * (int32_t)t : 2 * (int32_t)t - 196608;
    }
}

/*
 * Envelope level in Q16 of the frame about to be rendered, at most Q16_ONE
 * whatever pos holds (a migrated one is not trusted).
 */
CYC_PER_FRAME
static uint32_t cycaudio_synth_level(const CycSynthVoice *v, uint32_t rate)
{
    const CycTimbre *tb = &cycaudio_timbres[v->timbre];
    uint32_t len;

    switch (v->stage) {
    case CYC_SYNTH_ATTACK:
        len = cycaudio_ms_frames(tb->attack_ms, rate);
        return (uint64_t)MIN(v->pos + 1ull, len) * Q16_ONE / len;
    case CYC_SYNTH_DECAY:
        len = cycaudio_ms_frames(tb->decay_ms, rate);
        return Q16_ONE - (uint64_t)(Q16_ONE - tb->sustain_q16) *
                         MIN(v->pos + 1ull, len) / len;
    case CYC_SYNTH_SUSTAIN:
        return tb->sustain_q16;
    case CYC_SYNTH_RELEASE:
        len = cycaudio_ms_frames(tb->release_ms, rate);
        return (uint64_t)v->rel_level * (len - MIN(v->pos + 1ull, len)) / len;
    default:
        return 0;
    }
}

/* Moves the envelope one frame on. */
CYC_PER_FRAME
static void cycaudio_synth_advance(CycSynthVoice *v, uint32_t rate)
{
    const CycTimbre *tb = &cycaudio_timbres[v->timbre];
    uint32_t len;

    v->phase += v->incr;
    v->pos++;
    switch (v->stage) {
    case CYC_SYNTH_ATTACK:
        len = cycaudio_ms_frames(tb->attack_ms, rate);
        break;
    case CYC_SYNTH_DECAY:
        len = cycaudio_ms_frames(tb->decay_ms, rate);
        break;
    case CYC_SYNTH_RELEASE:
        len = cycaudio_ms_frames(tb->release_ms, rate);
        break;
    default:
        return;
    }
    if (v->pos >= len) {
        v->stage = v->stage == CYC_SYNTH_RELEASE ? CYC_SYNTH_OFF :
                   v->stage + 1;
        v->pos = 0;
    }
}

static void cycaudio_synth_release(CycSynthVoice *v, uint32_t rate)
{
    if (v->stage == CYC_SYNTH_OFF || v->stage == CYC_SYNTH_RELEASE) {
        return;
    }
    v->rel_level = cycaudio_synth_level(v, rate);
    v->stage = CYC_SYNTH_RELEASE;
    v->pos = 0;
    v->held_by_pedal = false;
}

/*
 * A free voice, else the quietest one releasing, else the oldest: a note-on
 * always sounds.
 */
static CycSynthVoice *cycaudio_synth_alloc(CycSynth *sy, uint32_t rate)
{
    CycSynthVoice *best = NULL;
    uint32_t best_level = UINT32_MAX;
    uint32_t i;

    for (i = 0; i < CYC_SEQ_VOICES_MAX; i++) {
        CycSynthVoice *v = &sy->voice[i];

        if (v->stage == CYC_SYNTH_OFF) {
            return v;
        }
        if (v->stage == CYC_SYNTH_RELEASE &&
            cycaudio_synth_level(v, rate) < best_level) {
            best = v;
            best_level = cycaudio_synth_level(v, rate);
        }
    }
    if (best) {
        return best;
    }
    best = &sy->voice[0];
    for (i = 1; i < CYC_SEQ_VOICES_MAX; i++) {
        if (sy->serial - sy->voice[i].serial > sy->serial - best->serial) {
            best = &sy->voice[i];
        }
    }
    return best;
}

static void cycaudio_synth_note_on(CycSynth *sy, uint32_t ch, uint32_t note,
                                   uint32_t vel, uint32_t rate)
{
    CycSynthVoice *v = cycaudio_synth_alloc(sy, rate);

    *v = (CycSynthVoice) {
        .stage = CYC_SYNTH_ATTACK,
        .incr = cycaudio_synth_incr(note, sy->chan[ch].bend, rate),
        .serial = ++sy->serial,
        .chan = ch,
        .note = note,
        .vel = vel,
        .timbre = sy->chan[ch].program % CYC_SYNTH_TIMBRES,
    };
}

static void cycaudio_synth_note_off(CycSynth *sy, uint32_t ch, uint32_t note,
                                    uint32_t rate)
{
    uint32_t i;

    for (i = 0; i < CYC_SEQ_VOICES_MAX; i++) {
        CycSynthVoice *v = &sy->voice[i];

        if (v->stage == CYC_SYNTH_OFF || v->stage == CYC_SYNTH_RELEASE ||
            v->chan != ch || v->note != note) {
            continue;
        }
        if (sy->chan[ch].sustain) {
            v->held_by_pedal = true;
        } else {
            cycaudio_synth_release(v, rate);
        }
    }
}

/* Releases (or, for sound-off, silences) every voice of channel ch. */
static void cycaudio_synth_channel_off(CycSynth *sy, uint32_t ch, bool pedal,
                                       bool now, uint32_t rate)
{
    uint32_t i;

    for (i = 0; i < CYC_SEQ_VOICES_MAX; i++) {
        CycSynthVoice *v = &sy->voice[i];

        if (v->chan != ch || (pedal && !v->held_by_pedal)) {
            continue;
        }
        if (now) {
            v->stage = CYC_SYNTH_OFF;
        } else {
            cycaudio_synth_release(v, rate);
        }
    }
}

static void cycaudio_synth_controller(CycSynth *sy, uint32_t ch, uint32_t cc,
                                      uint32_t val, uint32_t rate)
{
    CycSynthChannel *c = &sy->chan[ch];

    switch (cc) {
    case MIDI_CC_VOLUME:
        c->volume = val;
        break;
    case MIDI_CC_SUSTAIN:
        c->sustain = val >= 64;
        if (!c->sustain) {
            cycaudio_synth_channel_off(sy, ch, true, false, rate);
        }
        break;
    case MIDI_CC_SOUND_OFF:
        cycaudio_synth_channel_off(sy, ch, false, true, rate);
        break;
    case MIDI_CC_RESET_CTRL:
        c->sustain = false;
        c->bend = BEND_CENTRE;
        cycaudio_synth_channel_off(sy, ch, true, false, rate);
        break;
    case MIDI_CC_NOTES_OFF:
        /* Also ends pedal-held notes: all-notes-off leaves nothing stuck. */
        cycaudio_synth_channel_off(sy, ch, false, false, rate);
        break;
    default:
        break;
    }
}

static void cycaudio_synth_bend(CycSynth *sy, uint32_t ch, uint32_t bend,
                                uint32_t rate)
{
    uint32_t i;

    sy->chan[ch].bend = bend;
    for (i = 0; i < CYC_SEQ_VOICES_MAX; i++) {
        CycSynthVoice *v = &sy->voice[i];

        if (v->stage != CYC_SYNTH_OFF && v->chan == ch) {
            v->incr = cycaudio_synth_incr(v->note, bend, rate);
        }
    }
}

void cycaudio_synth_reset(CycSynth *sy)
{
    uint32_t ch;

    memset(sy, 0, sizeof(*sy));
    for (ch = 0; ch < MIDI_CHANNELS; ch++) {
        sy->chan[ch].volume = VOLUME_RESET;
        sy->chan[ch].bend = BEND_CENTRE;
    }
}

/*
 * One channel message: byte 0 status, bytes 1 and 2 data. Anything else
 * (system messages, data bytes as status) is ignored.
 */
void cycaudio_synth_event(CycSynth *sy, uint32_t msg, uint32_t rate)
{
    uint32_t status = msg & 0xffu;
    uint32_t ch = status & 0xfu;
    uint32_t d1 = (msg >> 8) & 0x7fu;
    uint32_t d2 = (msg >> 16) & 0x7fu;

    switch (status & 0xf0u) {
    case MIDI_NOTE_ON:
        if (d2) {
            cycaudio_synth_note_on(sy, ch, d1, d2, rate);
            break;
        }
        /* velocity 0 is note-off */
        cycaudio_synth_note_off(sy, ch, d1, rate);
        break;
    case MIDI_NOTE_OFF:
        cycaudio_synth_note_off(sy, ch, d1, rate);
        break;
    case MIDI_CONTROL:
        cycaudio_synth_controller(sy, ch, d1, d2, rate);
        break;
    case MIDI_PROGRAM:
        sy->chan[ch].program = d1;
        break;
    case MIDI_BEND:
        cycaudio_synth_bend(sy, ch, d1 | (d2 << 7), rate);
        break;
    default:
        break;
    }
}

/* Every sounding voice into its release: nothing stays stuck. */
void cycaudio_synth_release_all(CycSynth *sy, uint32_t rate)
{
    uint32_t i;

    for (i = 0; i < CYC_SEQ_VOICES_MAX; i++) {
        cycaudio_synth_release(&sy->voice[i], rate);
    }
}

uint32_t cycaudio_synth_active(const CycSynth *sy)
{
    uint32_t i, n = 0;

    for (i = 0; i < CYC_SEQ_VOICES_MAX; i++) {
        n += sy->voice[i].stage != CYC_SYNTH_OFF;
    }
    return n;
}

/* A migrated synthesiser the renderer can run without reading out of range. */
bool cycaudio_synth_valid(const CycSynth *sy)
{
    uint32_t i;

    for (i = 0; i < CYC_SEQ_VOICES_MAX; i++) {
        const CycSynthVoice *v = &sy->voice[i];

        if (v->stage > CYC_SYNTH_RELEASE || v->timbre >= CYC_SYNTH_TIMBRES ||
            v->chan >= MIDI_CHANNELS || v->rel_level > Q16_ONE) {
            return false;
        }
    }
    return true;
}

/* A frame's sample on one channel as a full-scale s32 value. */
CYC_PER_FRAME
static int64_t cycaudio_get_sample(const uint8_t *p, uint32_t sfmt)
{
    float f;
    uint32_t bits;

    switch (sfmt) {
    case CYC_SFMT_U8:
        return ((int64_t)*p - 128) << 24;
    case CYC_SFMT_S16:
        return (int64_t)(int16_t)lduw_le_p(p) << 16;
    case CYC_SFMT_F32:
        bits = ldl_le_p(p);
        memcpy(&f, &bits, sizeof(f));
        /* NaN and out-of-range floats saturate below, never reach a cast */
        if (!(f > -1.0f)) {
            return INT32_MIN;
        }
        if (!(f < 1.0f)) {
            return INT32_MAX;
        }
        return (int64_t)(f * 2147483648.0f);
    default:
        return (int32_t)ldl_le_p(p);
    }
}

/*
 * Renders n frames of every sounding voice and adds the mono sum to every
 * channel of the frames in buf (stream format fmt), saturating.
 */
CYC_PER_FRAME
void cycaudio_synth_render(CycSynth *sy, uint32_t rate, uint32_t fmt,
                           uint8_t *buf, uint32_t n)
{
    uint32_t sfmt = cycaudio_fmt_sfmt(fmt);
    uint32_t sb = cyc_sfmt_bytes(sfmt);
    uint32_t ch = cycaudio_fmt_channels(fmt);
    uint8_t on[CYC_SEQ_VOICES_MAX];
    uint32_t i, k, c, non = 0;

    if (sy->rate != rate) {
        for (k = 0; k < CYC_SEQ_VOICES_MAX; k++) {
            CycSynthVoice *v = &sy->voice[k];

            v->incr = cycaudio_synth_incr(v->note, sy->chan[v->chan].bend,
                                          rate);
        }
        sy->rate = rate;
    }
    /*
     * Only events start voices, so the voices sounding now are all that can
     * sound in this run of frames: a silent synthesiser (every stream that
     * plays no DMus) costs one scan, not 32 voices per frame.
     */
    for (k = 0; k < CYC_SEQ_VOICES_MAX; k++) {
        if (sy->voice[k].stage != CYC_SYNTH_OFF) {
            on[non++] = k;
        }
    }
    if (!non) {
        return;
    }
    for (i = 0; i < n; i++) {
        int64_t sum = 0;

        for (k = 0; k < non; k++) {
            CycSynthVoice *v = &sy->voice[on[k]];
            const CycSynthChannel *cc = &sy->chan[v->chan];
            int64_t amp;

            if (v->stage == CYC_SYNTH_OFF) {
                continue;
            }
            amp = (int64_t)cycaudio_synth_level(v, rate) * v->vel *
                  cc->volume / (127 * 127);
            sum += ((cycaudio_synth_wave(v->timbre, v->phase) * amp) >> 16) <<
                   CYC_SYNTH_VOICE_SHIFT;
            cycaudio_synth_advance(v, rate);
        }
        if (!sum) {
            continue;
        }
        for (c = 0; c < ch; c++) {
            uint8_t *p = buf + ((size_t)i * ch + c) * sb;
            int64_t x = cycaudio_get_sample(p, sfmt) + sum;

            cycaudio_put_sample(p, sfmt, MIN(MAX(x, INT32_MIN), INT32_MAX));
        }
    }
}
