/* SPDX-License-Identifier: MIT */
/*
 * Device suite, the sequencer and synthesiser (docs/cycaudio.rst
 * "Sequencer"): an event at wall time T sounds from run frame
 * ceil((T - t_run) * rate / 1e9) of the synth stream at its pitch, note-off
 * ends through the release, voice stealing, the interrupts for a drained
 * ring and a late event, and a hostile ring (bad base, count not 2^n, tail
 * beyond count, events out of order): documented errors, QEMU alive.
 */
#include <math.h>
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S     120.0
#define AUDIODEV_NONE       "none,id=snd0,timer-period=2000"
#define R0                  CYC_RENDER_BLOCK(0)
#define RATE                48000u
#define BUF_FRAMES          4800u
#define FB                  4u
#define RING                DEV_BUF_B
#define RING_COUNT          64u
#define MS                  1000000ull

typedef struct SeqEvent {
    guint64 ns;             /* after the stream's start */
    guint32 msg;
} SeqEvent;

static guint32 midi3(guint status, guint d1, guint d2)
{
    return status | (d1 << 8) | (d2 << 16);
}

/* Frames of the stream an event at @ns after START acts from. */
static guint64 seq_frame(guint64 ns)
{
    return (ns * RATE + DEV_NS - 1) / DEV_NS;
}

static void seq_put(Dev *d, guint idx, guint64 wall, guint32 msg)
{
    guint8 ev[CYC_SEQ_EVENT_SIZE] = { 0 };
    guint i;

    for (i = 0; i < 8; i++) {
        ev[CYC_SEQ_EV_TIME + i] = wall >> (8 * i);
    }
    for (i = 0; i < 4; i++) {
        ev[CYC_SEQ_EV_MSG + i] = msg >> (8 * i);
    }
    dev_memwrite(d, RING + (guint64)idx * CYC_SEQ_EVENT_SIZE, ev, sizeof(ev));
}

static guint64 seq_wall(Dev *d)
{
    guint64 w = dev_rd(d, CYC_REG_WALL_LO);

    return w | (guint64)dev_rd(d, CYC_REG_WALL_HI) << 32;
}

/*
 * Launches with a dump, a silent stereo S16 buffer on render stream 0 and
 * the ring programmed; returns the wall time the stream will start at.
 */
static Dev *seq_setup(Dev *d)
{
    g_autofree guint8 *zero = g_malloc0(BUF_FRAMES * FB);

    dev_memwrite(d, DEV_BUF_A, zero, BUF_FRAMES * FB);
    dev_program(d, R0, dev_fmt(RATE, 2, CYC_SFMT_S16), DEV_BUF_A,
                BUF_FRAMES * FB, 1200 * FB);
    dev_wr(d, CYC_SEQ_RING_LO, RING);
    dev_wr(d, CYC_SEQ_RING_HI, 0);
    dev_wr(d, CYC_SEQ_RING_COUNT, RING_COUNT);
    dev_wr(d, CYC_SEQ_SYNTH, CYC_SET(0, CYC_SEQ_SYNTH_STREAM, 0));
    return d;
}

static Dev *seq_launch(const char *name)
{
    return seq_setup(dev_launch(name, AUDIODEV_NONE, "dump=%d/dump.wav",
                                NULL));
}

/* Queues @n events relative to @t0 (wall), enables, starts the stream. */
static void seq_play(Dev *d, guint64 t0, const SeqEvent *ev, guint n)
{
    guint i;

    for (i = 0; i < n; i++) {
        seq_put(d, i, t0 + ev[i].ns, ev[i].msg);
    }
    dev_wr(d, CYC_SEQ_TAIL, n);
    dev_wr(d, CYC_SEQ_CTL, CYC_SEQ_CTL_EN_MASK | CYC_SEQ_CTL_DIE_MASK |
           CYC_SEQ_CTL_LIE_MASK | CYC_SEQ_CTL_EIE_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ERR), CYC_SEQ_ERR_NONE);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
}

static CycWav *seq_dump(Dev *d)
{
    g_autofree char *path = dev_path(d, "dump.wav");
    g_autoptr(GError) err = NULL;
    CycWav *w;

    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    dev_quit(d);
    w = cyc_wav_load(path, &err);
    cyc_assert_no_error(err);
    return w;
}

/* First frame at or after @from whose left sample is not 0, or -1. */
static gint64 first_sound(const CycWav *w, guint64 from)
{
    guint64 f;

    for (f = from; f < w->frames; f++) {
        if (cyc_wav_sample(w, f, 0) != 0.0) {
            return f;
        }
    }
    return -1;
}

typedef struct OnsetCase {
    guint program;
    guint note;
    guint64 ns;
} OnsetCase;

static const OnsetCase onset_cases[] = {
    { 0, 69, 10 * MS + 7 },         /* sine A4, between two frames */
    { 1, 57, 20833 * 1000 + 1 },    /* square A3 */
    { 2, 81, 25 * MS },             /* saw A5, exactly on a frame */
    { 3, 64, 30 * MS + 20833 },     /* triangle E4 */
};

/*
 * A note-on at T sounds from frame ceil(T * rate), silent before, at
 * 440 * 2^((n - 69) / 12) Hz, in every timbre.
 */
START_TEST(test_seq_note_onset_and_pitch)
{
    const OnsetCase *c = &onset_cases[_i];
    g_autofree char *name = g_strdup_printf("device/seq-onset-%d", _i);
    g_autoptr(Dev) d = seq_launch(name);
    g_autoptr(CycWav) w = NULL;
    SeqEvent ev[] = {
        { 0, midi3(0xc0, c->program, 0) },
        { c->ns, midi3(0x90, c->note, 127) },
    };
    guint64 want = seq_frame(c->ns);
    double hz = 440.0 * pow(2.0, ((double)c->note - 69.0) / 12.0);
    double got_hz;
    gint64 on;

    seq_play(d, seq_wall(d), ev, G_N_ELEMENTS(ev));
    dev_step(d, 400 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_HEAD), 2);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 1);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_EVCNT), 2);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_LATECNT), 0);
    w = seq_dump(d);
    on = first_sound(w, 0);
    ck_assert_msg(on == (gint64)want, "case %d: sound from frame %"
                  G_GINT64_FORMAT ", want %" G_GUINT64_FORMAT, _i, on, want);
    got_hz = cyc_wav_peak_hz(w, 0, want + RATE / 10, RATE / 4);
    ck_assert_msg(fabs(got_hz - hz) < hz * 0.005, "case %d: %.2f Hz, want "
                  "%.2f", _i, got_hz, hz);
}
END_TEST

/*
 * Note-off releases through the envelope: sound goes on after it and ends
 * within the release; velocity scales the level; the sustain pedal holds a
 * note past its note-off until the pedal lifts.
 */
START_TEST(test_seq_release_velocity_sustain)
{
    g_autoptr(Dev) d = seq_launch("device/seq-release");
    g_autoptr(CycWav) w = NULL;
    SeqEvent ev[] = {
        { 10 * MS, midi3(0x90, 69, 127) },
        { 100 * MS, midi3(0x80, 69, 0) },
        { 200 * MS, midi3(0x90, 69, 64) },
        { 290 * MS, midi3(0x80, 69, 0) },
        { 300 * MS, midi3(0xb1, 64, 127) },
        { 310 * MS, midi3(0x91, 72, 100) },
        { 320 * MS, midi3(0x81, 72, 0) },
        { 400 * MS, midi3(0xb1, 64, 0) },
    };
    guint64 off = seq_frame(100 * MS);
    double loud, soft;

    seq_play(d, seq_wall(d), ev, G_N_ELEMENTS(ev));
    dev_step(d, 380 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 1);
    dev_step(d, 200 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 0);
    w = seq_dump(d);
    ck_assert(cyc_wav_sample(w, off + 10, 0) != 0.0);
    ck_assert_msg(first_sound(w, off + RATE * 80 / 1000) >=
                  (gint64)seq_frame(200 * MS), "sound after the release");
    loud = cyc_wav_rms_dbfs(w, 0, seq_frame(50 * MS), RATE / 25);
    soft = cyc_wav_rms_dbfs(w, 0, seq_frame(240 * MS), RATE / 25);
    ck_assert_msg(fabs(loud - soft - 20.0 * log10(127.0 / 64.0)) < 0.2,
                  "velocity 127 vs 64: %.2f dB", loud - soft);
    /* held by the pedal past 320 ms, released from 400 ms */
    ck_assert(cyc_wav_sample(w, seq_frame(390 * MS), 0) != 0.0);
    ck_assert_msg(first_sound(w, seq_frame(400 * MS) + RATE * 80 / 1000) < 0,
                  "pedal note still sounding after its release");
}
END_TEST

typedef struct FormatCase {
    guint rate;
    guint channels;
    guint sfmt;
} FormatCase;

static const FormatCase format_cases[] = {
    { 44100, 1, CYC_SFMT_S32 },
    { 96000, 2, CYC_SFMT_F32 },
    { 8000, 1, CYC_SFMT_S24_32 },
};

/*
 * In another rate and format: the onset at ceil(T * rate) of every channel,
 * A4 at 440 Hz, then a pitch bend to the top (+200 cents) at 493.88 Hz.
 */
START_TEST(test_seq_bend_in_other_formats)
{
    const FormatCase *c = &format_cases[_i];
    g_autofree char *name = g_strdup_printf("device/seq-format-%d", _i);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, "dump=%d/dump.wav",
                                  NULL);
    guint32 fmt = dev_fmt(c->rate, c->channels, c->sfmt);
    guint fb = dev_frame_bytes(fmt);
    guint frames = c->rate / 10;
    g_autofree guint8 *silence = g_malloc(frames * fb);
    g_autoptr(CycWav) w = NULL;
    guint64 on = (10 * MS * c->rate + DEV_NS - 1) / DEV_NS;
    guint64 bend = (200 * MS * c->rate + DEV_NS - 1) / DEV_NS;
    double hz;
    guint ch;
    SeqEvent ev[] = {
        { 10 * MS, midi3(0x90, 69, 127) },
        { 200 * MS, midi3(0xe0, 0x7f, 0x7f) },
    };

    for (guint i = 0; i < frames * fb; i++) {
        silence[i] = c->sfmt == CYC_SFMT_U8 ? 0x80 : 0;
    }
    dev_memwrite(d, DEV_BUF_A, silence, frames * fb);
    dev_program(d, R0, fmt, DEV_BUF_A, frames * fb, frames / 4 * fb);
    dev_wr(d, CYC_SEQ_RING_LO, RING);
    dev_wr(d, CYC_SEQ_RING_COUNT, RING_COUNT);
    seq_play(d, seq_wall(d), ev, G_N_ELEMENTS(ev));
    dev_step(d, 450 * MS);
    w = seq_dump(d);
    for (ch = 0; ch < c->channels; ch++) {
        ck_assert_msg(cyc_wav_sample(w, on - 1, ch) == 0.0 &&
                      cyc_wav_sample(w, on, ch) != 0.0, "case %d ch %u: "
                      "silent to frame %" G_GUINT64_FORMAT, _i, ch, on - 1);
    }
    hz = cyc_wav_peak_hz(w, 0, on + c->rate / 20, c->rate / 8);
    ck_assert_msg(fabs(hz - 440.0) < 2.2, "case %d: %.2f Hz before the bend",
                  _i, hz);
    hz = cyc_wav_peak_hz(w, 0, bend + c->rate / 50, c->rate / 5);
    ck_assert_msg(fabs(hz - 493.88) < 2.5, "case %d: %.2f Hz after the bend "
                  "(want 493.88)", _i, hz);
}
END_TEST

/* 40 notes on 32 voices: the oldest are stolen, ACTIVE stays 32. */
START_TEST(test_seq_voice_stealing)
{
    g_autoptr(Dev) d = seq_launch("device/seq-steal");
    SeqEvent ev[41];
    guint i;

    for (i = 0; i < 40; i++) {
        ev[i] = (SeqEvent) { MS * (i + 1), midi3(0x90, 40 + i, 100) };
    }
    ev[40] = (SeqEvent) { 100 * MS, midi3(0xb0, 123, 0) };
    seq_play(d, seq_wall(d), ev, G_N_ELEMENTS(ev));
    dev_step(d, 60 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), CYC_SEQ_VOICES_MAX);
    dev_step(d, 200 * MS);
    /* all-notes-off: nothing stuck, whatever was stolen */
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 0);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_SEQ_SYNTH), CYC_SEQ_SYNTH_VOICES),
                      CYC_SEQ_VOICES_MAX);
}
END_TEST

/*
 * HEAD passes an event the instant the stream fetches its frame; the drained
 * interrupt comes then; an event queued after its time, or before an earlier
 * one, is late: it plays at once and raises LATE.
 */
START_TEST(test_seq_drained_and_late)
{
    g_autoptr(Dev) d = seq_launch("device/seq-late");
    guint64 t0 = seq_wall(d);
    SeqEvent ev[] = { { 10 * MS, midi3(0x90, 60, 100) } };
    guint64 due = dev_frames_to_ns_ceil(seq_frame(10 * MS) + 1, RATE);

    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_SEQ_MASK | CYC_INTCTL_GIE_MASK);
    seq_play(d, t0, ev, G_N_ELEMENTS(ev));
    dev_step(d, due - 1);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_HEAD), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS) & CYC_INTSTS_SEQ_MASK, 0);
    dev_step(d, 1);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_HEAD), 1);
    ck_assert(dev_rd(d, CYC_SEQ_STS) & CYC_SEQ_STS_DRAINED_MASK);
    ck_assert(dev_rd(d, CYC_REG_INTSTS) & CYC_INTSTS_SEQ_MASK);
    dev_wr(d, CYC_SEQ_STS, CYC_SEQ_STS_DRAINED_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS) & CYC_INTSTS_SEQ_MASK, 0);

    /* at 20 ms: an event for 5 ms, then one for 15 ms after one for 30 ms */
    dev_step(d, 20 * MS - due);
    seq_put(d, 1, t0 + 5 * MS, midi3(0x80, 60, 0));
    seq_put(d, 2, t0 + 30 * MS, midi3(0x90, 62, 100));
    seq_put(d, 3, t0 + 15 * MS, midi3(0x80, 62, 0));
    dev_wr(d, CYC_SEQ_TAIL, 4);
    dev_step(d, MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_HEAD), 2);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_LATECNT), 1);
    ck_assert(dev_rd(d, CYC_SEQ_STS) & CYC_SEQ_STS_LATE_MASK);
    ck_assert(dev_rd(d, CYC_REG_INTSTS) & CYC_INTSTS_SEQ_MASK);
    dev_step(d, 20 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_HEAD), 4);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_LATECNT), 2);
    dev_step(d, 200 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 0);
}
END_TEST

/*
 * Migration in the middle of a note, with events still in the ring: the
 * source's dump and the destination's, joined, are bit for bit the dump of a
 * run that never migrated (voices, envelopes, bend and ring all carried).
 */
START_TEST(test_seq_migration_mid_note)
{
    const gint64 t_mig = 100 * MS + 12345;
    g_autoptr(Dev) ref = seq_setup(dev_launch("device/seq-migration-ref",
                                              AUDIODEV_NONE,
                                              "id=cyc,dump=%d/dump.wav",
                                              NULL));
    g_autoptr(Dev) src = seq_setup(dev_launch("device/seq-migration-src",
                                              AUDIODEV_NONE,
                                              "id=cyc,dump=%d/dump.wav",
                                              NULL));
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("{\"uri\": \"exec:cat > '%s'\"}",
                                           state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    g_autoptr(CycWav) want = NULL, a = NULL, b = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(Dev) dst = NULL;
    gint64 t0 = dev_now(src), stop;
    SeqEvent ev[] = {
        { 10 * MS, midi3(0xc0, 2, 0) },
        { 10 * MS, midi3(0x90, 57, 110) },
        { 60 * MS, midi3(0xe0, 0x00, 0x50) },
        { 80 * MS, midi3(0x90, 64, 90) },
        { 150 * MS, midi3(0x80, 57, 0) },
        { 220 * MS, midi3(0xb0, 123, 0) },
    };

    ck_assert_int_eq(dev_now(ref), t0);
    seq_play(ref, seq_wall(ref), ev, G_N_ELEMENTS(ev));
    seq_play(src, seq_wall(src), ev, G_N_ELEMENTS(ev));
    stop = t0 + 400 * MS;
    dev_step(ref, stop - dev_now(ref));
    want = seq_dump(ref);

    dev_step(src, t_mig - dev_now(src));
    ck_assert_uint_eq(dev_rd(src, CYC_SEQ_HEAD), 4);
    r = cyc_qemu_qmp(src->q, "migrate", uri, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    dev_wait_migrated(src, NULL);
    a = seq_dump(src);

    dst = dev_start("device/seq-migration-dst", AUDIODEV_NONE,
                    "id=cyc,dump=%d/dump.wav", in_extra);
    dst->bar = CYC_QTEST_BAR0_ADDR;
    dev_wait_migrated(NULL, dst);
    ck_assert(cyc_qtest_clock_set(dst->qt, t_mig, &err) >= t_mig);
    ck_assert_uint_eq(dev_rd(dst, CYC_SEQ_HEAD), 4);
    ck_assert_uint_eq(dev_rd(dst, CYC_SEQ_ACTIVE), 2);
    dev_step(dst, stop - dev_now(dst));
    ck_assert_uint_eq(dev_rd(dst, CYC_SEQ_HEAD), G_N_ELEMENTS(ev));
    b = seq_dump(dst);
    ck_assert_uint_eq(a->frames + b->frames, want->frames);
    ck_assert_msg(memcmp(a->data, want->data, a->data_len) == 0 &&
                  memcmp(b->data, want->data + a->data_len, b->data_len) == 0,
                  "joined dumps differ from the run without migration (%"
                  G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT " frames)",
                  a->frames, b->frames);
}
END_TEST

typedef struct HostileCase {
    const char *what;
    guint64 ring;
    guint32 count;
    guint32 tail;
    guint32 stream;
    guint32 err;
} HostileCase;

static const HostileCase hostile_cases[] = {
    { "unaligned base", RING + 8, 64, 0, 0, CYC_SEQ_ERR_RING_ALIGN },
    { "count not 2^n", RING, 48, 0, 0, CYC_SEQ_ERR_RING_COUNT },
    { "count 0", RING, 0, 0, 0, CYC_SEQ_ERR_RING_COUNT },
    { "count too big", RING, CYC_SEQ_RING_MAX * 2, 0, 0,
      CYC_SEQ_ERR_RING_COUNT },
    { "base beyond RAM", 0x40000000ull, 64, 0, 0, CYC_SEQ_ERR_RING_ADDR },
    { "base wraps", 0xfffffffffffffff0ull, 64, 0, 0, CYC_SEQ_ERR_RING_ADDR },
    { "tail beyond count", RING, 64, 64, 0, CYC_SEQ_ERR_BAD_TAIL },
    { "absent stream", RING, 64, 0, 3, CYC_SEQ_ERR_BAD_STREAM },
};

/* Each bad ring refuses EN with its code and ERROR; QEMU stays alive. */
START_TEST(test_seq_hostile_ring)
{
    const HostileCase *c = &hostile_cases[_i];
    g_autofree char *name = g_strdup_printf("device/seq-hostile-%d", _i);
    g_autoptr(Dev) d = seq_launch(name);

    dev_wr(d, CYC_SEQ_RING_LO, (guint32)c->ring);
    dev_wr(d, CYC_SEQ_RING_HI, (guint32)(c->ring >> 32));
    dev_wr(d, CYC_SEQ_RING_COUNT, c->count);
    dev_wr(d, CYC_SEQ_TAIL, c->tail);
    dev_wr(d, CYC_SEQ_SYNTH, c->stream);
    dev_wr(d, CYC_SEQ_CTL, CYC_SEQ_CTL_EN_MASK | CYC_SEQ_CTL_EIE_MASK);
    ck_assert_msg(dev_rd(d, CYC_SEQ_ERR) == c->err, "%s: ERR %u, want %u",
                  c->what, dev_rd(d, CYC_SEQ_ERR), c->err);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_STS),
                      CYC_SEQ_STS_ERROR_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_CTL) & CYC_SEQ_CTL_EN_MASK, 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
}
END_TEST

/*
 * Running: TAIL beyond the count stops the sequencer (BAD_TAIL), sounding
 * notes are released, not stuck; a ring that stops being RAM is DMA_FAULT.
 */
START_TEST(test_seq_hostile_running)
{
    g_autoptr(Dev) d = seq_launch("device/seq-hostile-run");
    SeqEvent ev[] = { { MS, midi3(0x90, 60, 100) } };

    seq_play(d, seq_wall(d), ev, G_N_ELEMENTS(ev));
    dev_step(d, 20 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 1);
    dev_wr(d, CYC_SEQ_TAIL, RING_COUNT + 5);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ERR), CYC_SEQ_ERR_BAD_TAIL);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_STS) & CYC_SEQ_STS_RUNNING_MASK, 0);
    dev_step(d, 200 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 0);
    /* a data byte as status, a SysEx status, junk flags: ignored */
    dev_wr(d, CYC_SEQ_STS, CYC_SEQ_STS_ERROR_MASK);
    dev_wr(d, CYC_SEQ_TAIL, 0);
    dev_wr(d, CYC_SEQ_CTL, CYC_SEQ_CTL_EN_MASK);
    seq_put(d, 0, 0, 0x7f7f7f);
    seq_put(d, 1, 0, 0xf0);
    seq_put(d, 2, ~0ull, midi3(0x90, 60, 100));
    dev_wr(d, CYC_SEQ_TAIL, 3);
    dev_step(d, 10 * MS);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_HEAD), 2);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ACTIVE), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_SEQ_ERR), CYC_SEQ_ERR_BAD_TAIL);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
}
END_TEST

static Suite *device_seq_suite(void)
{
    Suite *s = suite_create("device-seq");
    TCase *tc;

    tc = cyc_tcase_new("seq", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_seq_note_onset_and_pitch, 0,
                        G_N_ELEMENTS(onset_cases));
    tcase_add_test(tc, test_seq_release_velocity_sustain);
    tcase_add_loop_test(tc, test_seq_bend_in_other_formats, 0,
                        G_N_ELEMENTS(format_cases));
    tcase_add_test(tc, test_seq_voice_stealing);
    tcase_add_test(tc, test_seq_drained_and_late);
    tcase_add_loop_test(tc, test_seq_hostile_ring, 0,
                        G_N_ELEMENTS(hostile_cases));
    tcase_add_test(tc, test_seq_hostile_running);
    tcase_add_test(tc, test_seq_migration_mid_note);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_seq_suite());
}
