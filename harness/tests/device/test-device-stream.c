/* SPDX-License-Identifier: MIT */
/*
 * Device suite, stream engine: positions, period deadlines, pause/stop,
 * bit-exact render (wav backend and dump), generator and loopback capture,
 * mixer, INTx and MSI. The test owns the virtual clock; every expected value
 * is computed here from regs.h and docs/cycaudio.rst, never read back.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 120.0
#define AUDIODEV_NONE   "none,id=snd0,timer-period=2000"
#define AUDIODEV_WAV    "wav,id=snd0,path=%d/out.wav,out.frequency=48000," \
                        "out.channels=2,out.format=s16"
#define R0              CYC_RENDER_BLOCK(0)
#define C0              CYC_CAPTURE_BLOCK(0)
#define INTCTL_S(b)     (CYC_INTCTL_GIE_MASK | (1u << (b)))

/* A stereo S16 ramp whose frames are all distinct: L = 13 i, R = ~i. */
static guint8 *ramp_s16(guint frames)
{
    guint8 *buf = g_malloc(frames * 4u);
    guint i;

    for (i = 0; i < frames; i++) {
        guint16 l = (guint16)(i * 13u);
        guint16 r = (guint16)~i;

        memcpy(buf + i * 4u, &l, 2);
        memcpy(buf + i * 4u + 2, &r, 2);
    }
    return buf;
}

/* POS and FRAMES equal floor((now - start) * rate / 1e9) at every read. */
START_TEST(test_timing_position_is_exact)
{
    const guint rate = 44100;
    const guint32 fmt = dev_fmt(rate, 2, CYC_SFMT_S16);
    const guint bufn = 4410;
    g_autoptr(Dev) d = dev_launch("device/timing-position", AUDIODEV_NONE,
                                  NULL, NULL);
    guint32 seed = 12345;
    gint64 t0;
    guint i;

    dev_program(d, R0, fmt, DEV_BUF_A, bufn * 4, 400 * 4);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    t0 = dev_now(d);
    for (i = 0; i < 300; i++) {
        guint64 want;
        guint32 pos;
        guint64 frames;
        gint64 now;

        seed = seed * 1103515245u + 12345u;
        now = dev_step(d, 1 + (seed >> 8) % 3000000);
        want = dev_ns_to_frames(now - t0, rate);
        pos = dev_srd(d, R0, CYC_SD_POS);
        frames = dev_frames(d, R0);
        ck_assert_msg(frames == want && pos == (want % bufn) * 4,
                      "t=%" G_GINT64_FORMAT " ns: FRAMES %" G_GUINT64_FORMAT
                      " POS %u, want %" G_GUINT64_FORMAT " and %"
                      G_GUINT64_FORMAT,
                      now - t0, frames, pos, want, (want % bufn) * 4);
    }
}
END_TEST

/* PERIOD and INTx: clear 1 ns before ceil(k P 1e9 / rate), set at it; W1C. */
START_TEST(test_timing_period_irq_at_deadline)
{
    const guint rate = 44100;
    const guint period = 400;   /* 9070294.78 ns: the ceil matters */
    g_autoptr(Dev) d = dev_launch("device/timing-period", AUDIODEV_NONE,
                                  NULL, NULL);
    g_autoptr(GError) err = NULL;
    gint64 t0;
    guint k;

    ck_assert(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ, &err));
    ck_assert(cyc_qtest_irq_intercept(d->qt, "ioapic", &err));
    dev_program(d, R0, dev_fmt(rate, 2, CYC_SFMT_S16), DEV_BUF_A, 4410 * 4,
                period * 4);
    dev_wr(d, CYC_REG_INTCTL, INTCTL_S(R0));
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    t0 = dev_now(d);
    for (k = 1; k <= 12; k++) {
        gint64 dl = t0 + dev_frames_to_ns_ceil((guint64)k * period, rate);
        guint32 sts;

        dev_step(d, dl - 1 - dev_now(d));
        sts = dev_srd(d, R0, CYC_SD_STS);
        ck_assert_msg(!(sts & CYC_STS_PERIOD_MASK) &&
                      !cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                      "period %u: STS 0x%x / IRQ %d 1 ns before %"
                      G_GINT64_FORMAT,
                      k, sts, cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ), dl - t0);
        ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), k - 1);
        dev_step(d, 1);
        ck_assert_msg(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                      "period %u: INTx low at its deadline %" G_GINT64_FORMAT,
                      k, dl - t0);
        sts = dev_srd(d, R0, CYC_SD_STS);
        ck_assert_msg(sts & CYC_STS_PERIOD_MASK, "period %u: STS 0x%x", k, sts);
        ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), k);
        ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS),
                          (1u << R0) | CYC_INTSTS_GIS_MASK);
        dev_swr(d, R0, CYC_SD_STS, CYC_STS_PERIOD_MASK);
        ck_assert_msg(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                      "period %u: INTx still high after W1C", k);
    }
    /* Masking: pending status without SIE or without GIE keeps INTx low. */
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK);
    dev_step(d, 30000000);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_PERIOD_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS), 1u << R0);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    dev_wr(d, CYC_REG_INTCTL, 1u << R0);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    dev_wr(d, CYC_REG_INTCTL, INTCTL_S(R0));
    ck_assert(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    dev_set_state(d, R0, 0, CYC_STATE_RUN);     /* PIE off: source gone */
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
}
END_TEST

/* PAUSE freezes POS and FRAMES, RUN continues, STOP resets POS only. */
START_TEST(test_timing_pause_resume_stop)
{
    const guint rate = 48000;
    const guint bufn = 4800;
    g_autoptr(Dev) d = dev_launch("device/timing-pause", AUDIODEV_NONE, NULL,
                                  NULL);
    guint64 f1, f2, want;
    guint32 p1;
    gint64 t;

    dev_program(d, R0, dev_fmt(rate, 2, CYC_SFMT_S16), DEV_BUF_A, bufn * 4,
                480 * 4);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 10500001);
    dev_set_state(d, R0, 0, CYC_STATE_PAUSE);
    f1 = dev_frames(d, R0);
    p1 = dev_srd(d, R0, CYC_SD_POS);
    ck_assert_uint_eq(f1, dev_ns_to_frames(10500001, rate));
    ck_assert_uint_eq(p1, (f1 % bufn) * 4);
    dev_step(d, 50000000);
    ck_assert_uint_eq(dev_frames(d, R0), f1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), p1);
    ck_assert_uint_eq(CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_PAUSE);
    ck_assert(!(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_RUNNING_MASK));

    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    t = 7777777;
    dev_step(d, t);
    want = f1 + dev_ns_to_frames(t, rate);
    ck_assert_uint_eq(dev_frames(d, R0), want);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), (want % bufn) * 4);

    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    f2 = dev_frames(d, R0);
    ck_assert_uint_eq(f2, want);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 0);
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_frames(d, R0), f2);

    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    t = 123456789;
    dev_step(d, t);
    want = dev_ns_to_frames(t, rate);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), (want % bufn) * 4);
    ck_assert_uint_eq(dev_frames(d, R0), f2 + want);
}
END_TEST

/*
 * A ramp comes out of -audiodev wav byte-identical, and STOP drains: the WAV
 * ends with the last frame fetched (intel-hda + hda-output drops 1440).
 */
START_TEST(test_render_wav_bit_exact_and_drained)
{
    const guint bufn = 4800;
    g_autoptr(Dev) d = dev_launch("device/render-wav", AUDIODEV_WAV,
                                  "dump=%d/dump.wav", NULL);
    g_autofree guint8 *ramp = ramp_s16(bufn);
    g_autofree guint8 *want = NULL;
    g_autofree char *wav_path = dev_path(d, "out.wav");
    g_autofree char *dump_path = dev_path(d, "dump.wav");
    g_autoptr(CycWav) wav = NULL;
    g_autoptr(CycWav) dump = NULL;
    g_autoptr(GError) err = NULL;
    guint64 fetched;
    gint64 diff;

    dev_memwrite(d, DEV_BUF_A, ramp, bufn * 4);
    dev_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), DEV_BUF_A, bufn * 4,
                1200 * 4);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 253300007);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    fetched = dev_frames(d, R0);
    ck_assert_uint_eq(fetched, dev_ns_to_frames(253300007, 48000));
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_DRAINING_MASK);
    dev_step(d, 100000000);
    ck_assert_msg(!(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_DRAINING_MASK),
                  "still draining 100 ms after STOP");
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_OVERRUNS), 0);
    dev_quit(d);

    want = dev_cyclic_expect(ramp, bufn, 4, 0, fetched);
    wav = cyc_wav_load(wav_path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(wav->channels, 2);
    ck_assert_uint_eq(wav->bits, 16);
    ck_assert_uint_eq(wav->rate, 48000);
    ck_assert_msg(wav->frames == fetched,
                  "WAV holds %" G_GUINT64_FORMAT " frames, the engine fetched %"
                  G_GUINT64_FORMAT " (lost %" G_GINT64_FORMAT ")", wav->frames,
                  fetched, (gint64)fetched - (gint64)wav->frames);
    diff = dev_first_diff(wav->data, want, fetched, 4);
    ck_assert_msg(diff < 0, "WAV frame %" G_GINT64_FORMAT " differs", diff);
    ck_assert_msg(!memcmp(wav->data + (fetched - 1) * 4,
                          ramp + ((fetched - 1) % bufn) * 4, 4),
                  "WAV does not end with the last frame of the stream");

    dump = cyc_wav_load(dump_path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dump->format_tag, CYC_WAVE_FORMAT_EXTENSIBLE);
    ck_assert_uint_eq(dump->frames, fetched);
    ck_assert_msg(dev_first_diff(dump->data, want, fetched, 4) < 0,
                  "dump differs from the buffer");
}
END_TEST

/*
 * A backend slower than the stream (none at 10 ms ticks takes <= 1024 frames
 * per tick, 192 kHz needs 1920) overflows the FIFO: OVERRUN is counted and
 * interrupts, but DMA timing is untouched.
 */
START_TEST(test_render_overrun_never_stalls)
{
    const guint rate = 192000;
    g_autoptr(Dev) d = dev_launch("device/render-overrun", "none,id=snd0",
                                  "fifo-frames=1024", NULL);
    guint i;

    dev_program(d, R0, dev_fmt(rate, 2, CYC_SFMT_S16), DEV_BUF_A, 19200 * 4,
                1920 * 4);
    dev_wr(d, CYC_REG_INTCTL, INTCTL_S(R0));
    dev_set_state(d, R0, CYC_CTL_XIE_MASK, CYC_STATE_RUN);
    for (i = 1; i <= 20; i++) {
        guint64 want = dev_ns_to_frames((guint64)i * 10000001, rate);

        dev_step(d, 10000001);
        ck_assert_uint_eq(dev_frames(d, R0), want);
        ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), (want % 19200) * 4);
    }
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_OVERRUN_MASK);
    ck_assert_uint_gt(dev_srd(d, R0, CYC_SD_OVERRUNS), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS),
                      (1u << R0) | CYC_INTSTS_GIS_MASK);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_RUNNING_MASK);
}
END_TEST

typedef struct FmtCase {
    guint sfmt;
    guint channels;
    guint rate;
} FmtCase;

static const FmtCase dump_cases[] = {
    { CYC_SFMT_U8, 1, 8000 },
    { CYC_SFMT_S16, 2, 44100 },
    { CYC_SFMT_S24_32, 3, 48000 },
    { CYC_SFMT_S32, 4, 96000 },
    { CYC_SFMT_F32, 5, 22050 },
    { CYC_SFMT_S16, 6, 48000 },
    { CYC_SFMT_S24_32, 7, 32000 },
    { CYC_SFMT_F32, 8, 192000 },
    { CYC_SFMT_U8, 8, 11025 },
    { CYC_SFMT_S32, 1, 16000 },
};

/* The dump records every fetched frame bit-exact, in every format, 1-8 ch. */
START_TEST(test_render_dump_every_format)
{
    const FmtCase *c = &dump_cases[_i];
    const guint32 fmt = dev_fmt(c->rate, c->channels, c->sfmt);
    const guint fb = dev_frame_bytes(fmt);
    const guint bufn = c->rate / 20;
    g_autofree char *name = g_strdup_printf("device/dump-%d", _i);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, "dump=%d/dump.wav",
                                  NULL);
    g_autofree char *path = dev_path(d, "dump.wav");
    g_autofree guint8 *buf = g_malloc(bufn * fb);
    g_autofree guint8 *want = NULL;
    g_autoptr(CycWav) dump = NULL;
    g_autoptr(GError) err = NULL;
    guint64 fetched;
    gint64 diff;

    dev_fill_random(buf, bufn * fb, 0x1000 + _i);
    dev_memwrite(d, DEV_BUF_A, buf, bufn * fb);
    dev_program(d, R0, fmt, DEV_BUF_A, bufn * fb, bufn / 2 * fb);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 123456789);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    fetched = dev_frames(d, R0);
    ck_assert_uint_eq(fetched, dev_ns_to_frames(123456789, c->rate));

    dump = cyc_wav_load(path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dump->format_tag, CYC_WAVE_FORMAT_EXTENSIBLE);
    ck_assert_uint_eq(dump->format, c->sfmt == CYC_SFMT_F32 ? CYC_WAV_FLOAT :
                                                              CYC_WAV_PCM);
    ck_assert_uint_eq(dump->channels, c->channels);
    ck_assert_uint_eq(dump->rate, c->rate);
    ck_assert_uint_eq(dump->bits, cyc_sfmt_bytes(c->sfmt) * 8);
    ck_assert_uint_eq(dump->valid_bits,
                      c->sfmt == CYC_SFMT_S24_32 ? 24 : dump->bits);
    ck_assert_uint_eq(dump->block_align, fb);
    ck_assert_msg(dump->frames == fetched, "case %d: dump %" G_GUINT64_FORMAT
                  " frames, fetched %" G_GUINT64_FORMAT, _i, dump->frames,
                  fetched);
    want = dev_cyclic_expect(buf, bufn, fb, 0, fetched);
    diff = dev_first_diff(dump->data, want, fetched, fb);
    ck_assert_msg(diff < 0, "case %d: dump frame %" G_GINT64_FORMAT " differs",
                  _i, diff);
}
END_TEST

typedef struct GenCase {
    guint mode;
    guint sfmt;
    guint channels;
    guint rate;
    guint freq;
} GenCase;

static const GenCase gen_cases[] = {
    { CYC_GEN_MODE_SINE, CYC_SFMT_S16, 2, 48000, 1000 },
    { CYC_GEN_MODE_SINE, CYC_SFMT_F32, 1, 44100, 997 },
    { CYC_GEN_MODE_RAMP, CYC_SFMT_S24_32, 3, 32000, 0 },
    { CYC_GEN_MODE_RAMP, CYC_SFMT_U8, 4, 8000, 0 },
    { CYC_GEN_MODE_SINE, CYC_SFMT_S32, 8, 96000, 12345 },
    { CYC_GEN_MODE_RAMP, CYC_SFMT_S16, 8, 192000, 0 },
};

/* Expected generator frame @n in the case's format. */
static void gen_frame(const GenCase *c, guint64 n, guint8 *out)
{
    guint sb = cyc_sfmt_bytes(c->sfmt);
    guint ch;

    for (ch = 0; ch < c->channels; ch++) {
        dev_gen_sample(out + ch * sb, c->sfmt,
                       cyc_gen_s32(c->mode, n, ch, c->freq, c->rate));
    }
}

/* Generator capture lands in guest memory exactly as the ABI formula says. */
START_TEST(test_capture_generator_exact)
{
    const GenCase *c = &gen_cases[_i];
    const guint32 fmt = dev_fmt(c->rate, c->channels, c->sfmt);
    const guint fb = dev_frame_bytes(fmt);
    const guint bufn = c->rate / 10;
    g_autofree char *name = g_strdup_printf("device/capture-gen-%d", _i);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    g_autofree guint8 *mem = g_malloc(bufn * fb);
    guint8 frame[CYC_FRAME_BYTES_MAX];
    guint64 fetched, j;

    memset(mem, 0xa5, bufn * fb);
    dev_memwrite(d, DEV_BUF_B, mem, bufn * fb);
    dev_wr(d, CYC_REG_GEN_CTL, CYC_SET(0u, CYC_GEN_CTL_MODE, c->mode));
    dev_wr(d, CYC_REG_GEN_FREQ, c->freq);
    dev_program(d, C0, fmt, DEV_BUF_B, bufn * fb, bufn / 4 * fb);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SET(0u, CYC_SRC_SEL, CYC_SRC_GENERATOR));
    dev_set_state(d, C0, 0, CYC_STATE_RUN);

    /* Less than a buffer: frames [0, F) written, the rest untouched. */
    dev_step(d, 61200001);
    fetched = dev_frames(d, C0);
    ck_assert_uint_eq(fetched, dev_ns_to_frames(61200001, c->rate));
    dev_memread(d, DEV_BUF_B, mem, bufn * fb);
    for (j = 0; j < bufn; j++) {
        guint8 untouched[CYC_FRAME_BYTES_MAX];

        memset(untouched, 0xa5, sizeof(untouched));
        gen_frame(c, j, frame);
        ck_assert_msg(!memcmp(mem + j * fb, j < fetched ? frame : untouched,
                              fb),
                      "case %d: frame %" G_GUINT64_FORMAT " of %"
                      G_GUINT64_FORMAT " %s", _i, j, fetched,
                      j < fetched ? "differs from the generator" :
                                    "was written ahead of the position");
    }

    /* Wrapped: the buffer holds the last bufn frames, each at n % bufn. */
    dev_step(d, 150000000);
    fetched = dev_frames(d, C0);
    dev_memread(d, DEV_BUF_B, mem, bufn * fb);
    for (j = fetched - bufn; j < fetched; j++) {
        gen_frame(c, j, frame);
        ck_assert_msg(!memcmp(mem + (j % bufn) * fb, frame, fb),
                      "case %d: wrapped frame %" G_GUINT64_FORMAT " differs",
                      _i, j);
    }
}
END_TEST

/*
 * Loopback capture frame n is render frame R0 + n, where R0 is the render
 * FRAMES count when the capture started (post-mixer, 0 dB here). Loop 1
 * first runs the capture from the audiodev: its input voice must not feed
 * the loopback FIFO afterwards (regression, fixed in 1d08ef3).
 */
START_TEST(test_capture_loopback_exact)
{
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S16);
    const guint rn = 4800;
    const guint cn = 2400;
    g_autofree char *name = g_strdup_printf("device/capture-loopback-%d", _i);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    g_autofree guint8 *ramp = ramp_s16(rn);
    g_autofree guint8 *mem = g_malloc(cn * 4);
    g_autofree guint8 *want = NULL;
    guint64 r0, fetched, c_before;
    gint64 diff;

    dev_memwrite(d, DEV_BUF_A, ramp, rn * 4);
    memset(mem, 0xa5, cn * 4);
    dev_memwrite(d, DEV_BUF_B, mem, cn * 4);
    dev_program(d, R0, fmt, DEV_BUF_A, rn * 4, 480 * 4);
    dev_program(d, C0, fmt, DEV_BUF_B, cn * 4, 480 * 4);
    if (_i == 1) {
        dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_AUDIODEV);
        dev_set_state(d, C0, 0, CYC_STATE_RUN);
        dev_step(d, 20000000);
        dev_set_state(d, C0, 0, CYC_STATE_STOP);
        dev_memwrite(d, DEV_BUF_B, mem, cn * 4);
    }
    dev_swr(d, C0, CYC_SD_SRC, CYC_SET(CYC_SET(0u, CYC_SRC_SEL,
                                               CYC_SRC_LOOPBACK),
                                       CYC_SRC_LOOP, 0));
    c_before = dev_frames(d, C0);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 7300003);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    r0 = dev_frames(d, R0);
    ck_assert_uint_eq(r0, dev_ns_to_frames(7300003, 48000));
    dev_step(d, 45678901);
    fetched = dev_frames(d, C0) - c_before;
    ck_assert_uint_eq(fetched, dev_ns_to_frames(45678901, 48000));
    dev_memread(d, DEV_BUF_B, mem, cn * 4);
    want = dev_cyclic_expect(ramp, rn, 4, r0, fetched);
    diff = dev_first_diff(mem, want, fetched, 4);
    ck_assert_msg(diff < 0, "loopback frame %" G_GINT64_FORMAT
                  " (render frame %"
                  G_GUINT64_FORMAT ") differs", diff, r0 + diff);
}
END_TEST


static gint16 scale_s16(gint16 x, guint att)
{
    return (gint16)(((gint64)x * cyc_vol_gain_q16(att)) >> 16);
}

static gint16 sat16(gint32 v)
{
    return (gint16)MIN(MAX(v, G_MININT16), G_MAXINT16);
}

/*
 * SRC.MIX: capture frame n is the saturated sum of every render stream that
 * ran with the capture's FMT at its START, each from its FRAMES at that
 * START, post-mixer; a source that stops contributes what it fetched, then
 * silence.
 */
START_TEST(test_capture_loopback_mix)
{
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S16);
    const guint an = 4800, bn = 3000, cn = 4800;
    const guint batt = 12;
    g_autoptr(Dev) d = dev_launch("device/capture-loopback-mix",
                                  AUDIODEV_NONE, NULL, NULL);
    g_autofree guint8 *a = ramp_s16(an);
    g_autofree guint8 *b = g_malloc(bn * 4);
    g_autofree guint8 *mem = g_malloc(cn * 4);
    guint64 a0, b0, b_end, fetched, n;

    dev_fill_random(b, bn * 4, 4242);
    dev_memwrite(d, DEV_BUF_A, a, an * 4);
    dev_memwrite(d, DEV_BUF_B, b, bn * 4);
    dev_program(d, CYC_RENDER_BLOCK(0), fmt, DEV_BUF_A, an * 4, 480 * 4);
    dev_program(d, CYC_RENDER_BLOCK(1), fmt, DEV_BUF_B, bn * 4, 480 * 4);
    dev_swr(d, CYC_RENDER_BLOCK(1), CYC_SD_VOL,
            CYC_SET(0u, CYC_VOL_ATT, batt));
    dev_program(d, C0, fmt, DEV_BUF_C, cn * 4, 480 * 4);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK | CYC_SRC_MIX_MASK |
                               CYC_SET(0u, CYC_SRC_LOOP, 3));
    dev_set_state(d, CYC_RENDER_BLOCK(0), 0, CYC_STATE_RUN);
    dev_step(d, 3333333);
    dev_set_state(d, CYC_RENDER_BLOCK(1), 0, CYC_STATE_RUN);
    dev_step(d, 5555555);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    a0 = dev_frames(d, CYC_RENDER_BLOCK(0));
    b0 = dev_frames(d, CYC_RENDER_BLOCK(1));
    dev_step(d, 31234567);
    dev_set_state(d, CYC_RENDER_BLOCK(1), 0, CYC_STATE_STOP);
    b_end = dev_frames(d, CYC_RENDER_BLOCK(1));
    dev_step(d, 40000001);
    fetched = dev_frames(d, C0);
    ck_assert_uint_eq(fetched, dev_ns_to_frames(71234568, 48000));
    ck_assert_uint_lt(fetched, cn);
    ck_assert_uint_lt(b_end - b0, fetched);
    dev_memread(d, DEV_BUF_C, mem, cn * 4);
    for (n = 0; n < fetched; n++) {
        gint16 av[2], bv[2], got[2];
        guint ch;

        memcpy(av, a + ((a0 + n) % an) * 4, 4);
        memcpy(bv, b + ((b0 + n) % bn) * 4, 4);
        memcpy(got, mem + n * 4, 4);
        for (ch = 0; ch < 2; ch++) {
            gint32 want = av[ch];

            if (b0 + n < b_end) {
                want += scale_s16(bv[ch], batt);
            }
            ck_assert_msg(got[ch] == sat16(want), "frame %" G_GUINT64_FORMAT
                          " ch %u: %d, want %d", n, ch, got[ch], sat16(want));
        }
    }
}
END_TEST

/* Full-scale random samples; F32 ones finite, within +-1.5. */
static guint8 *mix_source(guint sfmt, guint bytes, guint32 seed)
{
    guint8 *buf = g_malloc(bytes);
    guint i;

    dev_fill_random(buf, bytes, seed);
    for (i = 0; sfmt == CYC_SFMT_F32 && i + 4 <= bytes; i += 4) {
        gint32 x;
        float f;

        memcpy(&x, buf + i, 4);
        f = (float)GINT32_FROM_LE(x) / 1431655765.0f;
        memcpy(buf + i, &f, 4);
    }
    return buf;
}

static gint64 mix_load32(const guint8 *p, guint32 mask)
{
    guint32 v;

    memcpy(&v, p, 4);
    return (gint32)(GUINT32_FROM_LE(v) & mask);
}

/* One sample of SRC.MIX over the samples src[0..n-1] of format sfmt. */
static void mix_expect(guint sfmt, const guint8 *const *src, guint n,
                       guint8 *out)
{
    const guint32 mask = sfmt == CYC_SFMT_S24_32 ? 0xffffff00u : 0xffffffffu;
    gint64 v = 0;
    double fsum = 0;
    float f;
    guint k;

    for (k = 0; k < n; k++) {
        switch (sfmt) {
        case CYC_SFMT_U8:
            v += (gint64)src[k][0] - 128;
            break;
        case CYC_SFMT_F32:
            memcpy(&f, src[k], 4);
            fsum += f;
            break;
        default:
            /* S24_32 sources leave the mixer with bits 7:0 zero. */
            v += mix_load32(src[k], mask);
            break;
        }
    }
    switch (sfmt) {
    case CYC_SFMT_U8:
        out[0] = (guint8)(CLAMP(v, -128, 127) + 128);
        break;
    case CYC_SFMT_F32:
        f = (float)fsum;
        memcpy(out, &f, 4);
        break;
    default:
        dev_gen_sample(out, sfmt, (gint32)CLAMP(v, G_MININT32, G_MAXINT32));
        break;
    }
}

#define MIX_SOURCES 3

static const guint mix_sfmts[] = {
    CYC_SFMT_U8, CYC_SFMT_S24_32, CYC_SFMT_S32, CYC_SFMT_F32,
};

/*
 * SRC.MIX in the other sample formats: three full-scale sources at 0 dB,
 * added exactly (int64, double for F32: three floats summed in float round
 * differently) and saturated to the format, so sums overflow both ways.
 */
START_TEST(test_capture_loopback_mix_formats)
{
    const guint sfmt = mix_sfmts[_i];
    const guint32 fmt = dev_fmt(48000, 2, sfmt);
    const guint fb = dev_frame_bytes(fmt);
    const guint sb = fb / 2;
    const guint len[MIX_SOURCES] = { 4800, 3000, 2000 };
    const guint32 at[MIX_SOURCES] = { DEV_BUF_A, DEV_BUF_B, DEV_BUF_C };
    const guint cn = 4800;
    const guint32 cbuf = DEV_BUF_C + 0x100000;
    g_autofree char *name = g_strdup_printf("device/capture-mix-format-%d",
                                            _i);
    g_autofree char *props = g_strdup_printf("render-streams=%u",
                                             MIX_SOURCES);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, props, NULL);
    g_autofree guint8 *mem = g_malloc(cn * fb);
    g_autoptr(GPtrArray) src = g_ptr_array_new_with_free_func(g_free);
    const guint8 *at_n[MIX_SOURCES];
    guint64 r0[MIX_SOURCES], fetched, n;
    guint8 want[4];
    guint i, k;

    for (k = 0; k < MIX_SOURCES; k++) {
        g_ptr_array_add(src, mix_source(sfmt, len[k] * fb,
                                        0x5151 + 16 * _i + k));
        dev_memwrite(d, at[k], src->pdata[k], len[k] * fb);
        dev_program(d, CYC_RENDER_BLOCK(k), fmt, at[k], len[k] * fb,
                    480 * fb);
    }
    dev_program(d, C0, fmt, cbuf, cn * fb, 480 * fb);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK | CYC_SRC_MIX_MASK);
    for (k = 0; k < MIX_SOURCES; k++) {
        dev_set_state(d, CYC_RENDER_BLOCK(k), 0, CYC_STATE_RUN);
    }
    dev_step(d, 4444444);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    for (k = 0; k < MIX_SOURCES; k++) {
        r0[k] = dev_frames(d, CYC_RENDER_BLOCK(k));
    }
    dev_step(d, 45678901);
    fetched = dev_frames(d, C0);
    ck_assert_uint_eq(fetched, dev_ns_to_frames(45678901, 48000));
    dev_memread(d, cbuf, mem, cn * fb);
    for (n = 0; n < fetched; n++) {
        for (i = 0; i < fb; i += sb) {
            for (k = 0; k < MIX_SOURCES; k++) {
                at_n[k] = (const guint8 *)src->pdata[k] +
                          (r0[k] + n) % len[k] * fb + i;
            }
            mix_expect(sfmt, at_n, MIX_SOURCES, want);
            ck_assert_msg(!memcmp(mem + n * fb + i, want, sb),
                          "format %u frame %" G_GUINT64_FORMAT " sample %u "
                          "differs", sfmt, n, i / sb);
        }
    }
}
END_TEST

/*
 * Stream and master attenuation scale by cyc_vol_gain_q16 in turn; stream
 * mute and master mute give digital silence. Checked in the WAV.
 */
START_TEST(test_mixer_volume_and_mute)
{
    const guint bufn = 4800;
    const guint satt = 12, matt = 7;    /* -6 dB and -3.5 dB */
    g_autoptr(Dev) d = dev_launch("device/mixer", AUDIODEV_WAV, NULL, NULL);
    g_autofree guint8 *ramp = ramp_s16(bufn);
    g_autofree char *wav_path = dev_path(d, "out.wav");
    g_autoptr(CycWav) wav = NULL;
    g_autoptr(GError) err = NULL;
    guint64 f1, f2, f3, i;

    dev_memwrite(d, DEV_BUF_A, ramp, bufn * 4);
    dev_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), DEV_BUF_A, bufn * 4,
                1200 * 4);
    dev_swr(d, R0, CYC_SD_VOL, CYC_SET(0u, CYC_VOL_ATT, satt));
    dev_wr(d, CYC_REG_MASTER, CYC_SET(0u, CYC_VOL_ATT, matt));
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 150000000);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    f1 = dev_frames(d, R0);
    dev_step(d, 50000000);

    dev_swr(d, R0, CYC_SD_VOL, CYC_VOL_MUTE_MASK);
    dev_wr(d, CYC_REG_MASTER, 0);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 50000000);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    f2 = dev_frames(d, R0) - f1;
    dev_step(d, 50000000);

    dev_swr(d, R0, CYC_SD_VOL, 0);
    dev_wr(d, CYC_REG_MASTER, CYC_VOL_MUTE_MASK | 3);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 50000000);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    f3 = dev_frames(d, R0) - f1 - f2;
    dev_step(d, 50000000);
    dev_quit(d);

    wav = cyc_wav_load(wav_path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(wav->frames, f1 + f2 + f3);
    for (i = 0; i < f1; i++) {
        gint16 in[2], out[2];
        guint ch;

        memcpy(in, ramp + (i % bufn) * 4, 4);
        memcpy(out, wav->data + i * 4, 4);
        for (ch = 0; ch < 2; ch++) {
            gint16 want = scale_s16(scale_s16(in[ch], satt), matt);

            ck_assert_msg(out[ch] == want, "frame %" G_GUINT64_FORMAT
                          " ch %u: %d, want %d (from %d)", i, ch, out[ch],
                          want, in[ch]);
        }
    }
    for (; i < f1 + f2 + f3; i++) {
        ck_assert_msg(memcmp(wav->data + i * 4, "\0\0\0\0", 4) == 0,
                      "muted frame %" G_GUINT64_FORMAT " not silent", i);
    }
}
END_TEST

/*
 * MSI goes to the programmed address at the period deadline, once per newly
 * pending source; SIE masks it, unmasking a pending source sends it; INTx
 * stays low while MSI is enabled.
 */
START_TEST(test_irq_msi_delivery_and_mask)
{
    const guint rate = 48000;
    const guint16 data = 0x4d2;
    g_autoptr(Dev) d = dev_launch("device/irq-msi", AUDIODEV_NONE, "msi=on",
                                  NULL);
    g_autoptr(GError) err = NULL;
    gint64 t0, dl;

    ck_assert(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ, &err));
    ck_assert(cyc_qtest_irq_intercept(d->qt, "ioapic", &err));
    ck_assert_msg(cyc_qtest_pci_msi_enable(d->qt, d->devfn, DEV_MSI_ADDR, data,
                                           &err), "%s",
                  err ? err->message : "");
    ck_assert(CYC_GET(dev_rd(d, CYC_REG_CAPS), CYC_CAPS_MSI));
    dev_ram_writel(d, DEV_MSI_ADDR, 0);
    dev_program(d, R0, dev_fmt(rate, 2, CYC_SFMT_S16), DEV_BUF_A, 4800 * 4,
                1000 * 4);
    dev_wr(d, CYC_REG_INTCTL, INTCTL_S(R0));
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    t0 = dev_now(d);

    dl = t0 + dev_frames_to_ns_ceil(1000, rate);
    dev_step(d, dl - 1 - dev_now(d));
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), 0);
    dev_step(d, 1);
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), data);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    dev_ram_writel(d, DEV_MSI_ADDR, 0);
    dev_swr(d, R0, CYC_SD_STS, CYC_STS_PERIOD_MASK);

    /* Masked by SIE: no message at period 2 though the status is set. */
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK);
    dl = t0 + dev_frames_to_ns_ceil(2000, rate);
    dev_step(d, dl - dev_now(d));
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_PERIOD_MASK);
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), 0);
    dev_wr(d, CYC_REG_INTCTL, INTCTL_S(R0));
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), data);
    dev_ram_writel(d, DEV_MSI_ADDR, 0);

    /* Not acknowledged: period 3 sends nothing new (source already pending). */
    dl = t0 + dev_frames_to_ns_ceil(3000, rate);
    dev_step(d, dl - dev_now(d));
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), 0);
    dev_swr(d, R0, CYC_SD_STS, CYC_STS_PERIOD_MASK);
    dl = t0 + dev_frames_to_ns_ceil(4000, rate);
    dev_step(d, dl - dev_now(d));
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), data);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
}
END_TEST

/* CAPS, FIFOSZ and the latched 64-bit wall clock (ns since reset). */
START_TEST(test_global_caps_and_wall_clock)
{
    g_autoptr(Dev) d = dev_launch("device/global-caps", AUDIODEV_NONE,
                                  "render-streams=3,capture-streams=1,"
                                  "fifo-frames=4096,msi=off", NULL);
    guint32 caps = dev_rd(d, CYC_REG_CAPS);
    guint64 wall;
    gint64 now;

    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_NRENDER), 3);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_NCAPTURE), 1);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_MSI), 0);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_GEN), 1);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_LOOPBACK), 1);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_DUMP), 0);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_MIDI), 1);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_POSWB), 1);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_SEQ), 1);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_SG), 1);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_FIFOSZ), 4096);
    /* Absent blocks and later-issue blocks read 0 and ignore writes. */
    dev_swr(d, CYC_RENDER_BLOCK(3), CYC_SD_BSIZE, 0x1234);
    ck_assert_uint_eq(dev_srd(d, CYC_RENDER_BLOCK(3), CYC_SD_BSIZE), 0);
    dev_swr(d, CYC_CAPTURE_BLOCK(1), CYC_SD_BSIZE, 0x1234);
    ck_assert_uint_eq(dev_srd(d, CYC_CAPTURE_BLOCK(1), CYC_SD_BSIZE), 0);

    now = dev_step(d, G_GINT64_CONSTANT(5000000000) + 123);
    wall = dev_rd(d, CYC_REG_WALL_LO);
    wall |= (guint64)dev_rd(d, CYC_REG_WALL_HI) << 32;
    ck_assert_uint_eq(wall, (guint64)now);
}
END_TEST

/* GRST and SRST return registers, counters and the wall clock to reset. */
START_TEST(test_global_resets)
{
    g_autoptr(Dev) d = dev_launch("device/global-resets", AUDIODEV_NONE,
                                  NULL, NULL);
    guint64 wall;
    gint64 t;

    dev_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), DEV_BUF_A, 4800 * 4,
                1200 * 4);
    dev_swr(d, R0, CYC_SD_VOL, 5);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, 30000000);
    ck_assert_uint_eq(dev_frames(d, R0), 1440);
    dev_swr(d, R0, CYC_SD_CTL, CYC_CTL_SRST_MASK);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_CTL), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_STS), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_FMT), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_BSIZE), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_VOL), 0);
    ck_assert_uint_eq(dev_frames(d, R0), 0);

    dev_program(d, C0, dev_fmt(8000, 1, CYC_SFMT_U8), DEV_BUF_B, 800, 80);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_GENERATOR);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK | 0xff);
    dev_wr(d, CYC_REG_MASTER, CYC_VOL_MUTE_MASK | 9);
    dev_wr(d, CYC_REG_GEN_CTL, CYC_GEN_MODE_RAMP);
    dev_wr(d, CYC_REG_GEN_FREQ, CYC_GEN_FREQ_HZ_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_GEN_FREQ), CYC_GEN_FREQ_MAX);
    t = dev_step(d, 10000000);
    dev_wr(d, CYC_REG_GCTL, CYC_GCTL_GRST_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTCTL), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_MASTER), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_GEN_CTL), CYC_GEN_MODE_SINE);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_GEN_FREQ), 1000);
    ck_assert_uint_eq(dev_srd(d, C0, CYC_SD_CTL), 0);
    ck_assert_uint_eq(dev_srd(d, C0, CYC_SD_SRC), 0);
    ck_assert_uint_eq(dev_frames(d, C0), 0);
    dev_step(d, 777);
    wall = dev_rd(d, CYC_REG_WALL_LO);
    ck_assert_uint_eq(wall, 777);
    ck_assert_int_eq(dev_now(d) - t, 777);
}
END_TEST

/* The audiodev source with -audiodev none captures exact-length silence. */
START_TEST(test_capture_audiodev_silence)
{
    const guint32 fmt = dev_fmt(48000, 4, CYC_SFMT_S16);
    const guint bufn = 4800;
    g_autoptr(Dev) d = dev_launch("device/capture-audiodev", AUDIODEV_NONE,
                                  NULL, NULL);
    g_autofree guint8 *mem = g_malloc(bufn * 8);
    guint64 fetched, j;

    memset(mem, 0xa5, bufn * 8);
    dev_memwrite(d, DEV_BUF_B, mem, bufn * 8);
    dev_program(d, C0, fmt, DEV_BUF_B, bufn * 8, 480 * 8);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_AUDIODEV);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    dev_step(d, 50000001);
    fetched = dev_frames(d, C0);
    ck_assert_uint_eq(fetched, dev_ns_to_frames(50000001, 48000));
    dev_memread(d, DEV_BUF_B, mem, bufn * 8);
    for (j = 0; j < bufn * 8; j++) {
        ck_assert_msg(mem[j] == (j < fetched * 8 ? 0 : 0xa5),
                      "byte %" G_GUINT64_FORMAT " is 0x%02x", j, mem[j]);
    }
}
END_TEST

/* A scripted run: render ramp, generator capture, reads between steps. */
static GString *scripted_run(const char *name, GBytes **wav, GBytes **dump)
{
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_WAV, "dump=%d/dump.wav",
                                  NULL);
    g_autofree guint8 *ramp = ramp_s16(4800);
    g_autofree char *wav_path = dev_path(d, "out.wav");
    g_autofree char *dump_path = dev_path(d, "dump.wav");
    g_autofree guint8 *cap = g_malloc(4410 * 4);
    GString *log = g_string_new(NULL);
    guint32 x = 99;
    gchar *data;
    gsize len;
    guint i;

    dev_memwrite(d, DEV_BUF_A, ramp, 4800 * 4);
    dev_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), DEV_BUF_A, 4800 * 4,
                1000 * 4);
    dev_program(d, C0, dev_fmt(44100, 2, CYC_SFMT_S16), DEV_BUF_B, 4410 * 4,
                441 * 4);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_GENERATOR);
    dev_wr(d, CYC_REG_GEN_FREQ, 440);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_set_state(d, C0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    for (i = 0; i < 200; i++) {
        x = x * 1103515245u + 12345u;
        dev_step(d, (x >> 8) % 4000000);
        g_string_append_printf(log, "%u %u %u %u %u\n",
                               dev_srd(d, R0, CYC_SD_POS),
                               dev_srd(d, R0, CYC_SD_STS),
                               dev_srd(d, C0, CYC_SD_POS),
                               dev_srd(d, C0, CYC_SD_PCOUNT),
                               dev_rd(d, CYC_REG_WALL_LO));
        if (i % 7 == 0) {
            dev_swr(d, R0, CYC_SD_STS, CYC_STS_W1C_MASK);
        }
    }
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    dev_set_state(d, C0, 0, CYC_STATE_STOP);
    dev_memread(d, DEV_BUF_B, cap, 4410 * 4);
    g_string_append_len(log, (const char *)cap, 4410 * 4);
    dev_step(d, 100000000);
    dev_quit(d);
    ck_assert(g_file_get_contents(wav_path, &data, &len, NULL));
    *wav = g_bytes_new_take(data, len);
    ck_assert(g_file_get_contents(dump_path, &data, &len, NULL));
    *dump = g_bytes_new_take(data, len);
    return log;
}

/* Two identical scripts give byte-identical registers, capture, WAV, dump. */
START_TEST(test_determinism_two_runs_identical)
{
    g_autoptr(GBytes) wav1 = NULL, wav2 = NULL, dump1 = NULL, dump2 = NULL;
    g_autoptr(GString) log1 = scripted_run("device/determinism-1", &wav1,
                                           &dump1);
    g_autoptr(GString) log2 = scripted_run("device/determinism-2", &wav2,
                                           &dump2);

    ck_assert_msg(log1->len == log2->len &&
                  !memcmp(log1->str, log2->str, log1->len),
                  "register reads or captured data differ between runs");
    ck_assert_msg(g_bytes_equal(wav1, wav2), "WAV files differ (%zu/%zu)",
                  g_bytes_get_size(wav1), g_bytes_get_size(wav2));
    ck_assert_msg(g_bytes_equal(dump1, dump2), "dump files differ");
    ck_assert_uint_gt(g_bytes_get_size(wav1), 44 + 4 * 10000);
}
END_TEST

/*
 * Enabling MSI with a source pending drops INTx and sends the message;
 * disabling it brings the pending source back on INTx.
 */
START_TEST(test_irq_switch_intx_msi)
{
    g_autoptr(Dev) d = dev_launch("device/irq-switch", AUDIODEV_NONE,
                                  "msi=on", NULL);
    g_autoptr(GError) err = NULL;
    guint8 cap;
    guint16 flags;

    ck_assert(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ, &err));
    ck_assert(cyc_qtest_irq_intercept(d->qt, "ioapic", &err));
    dev_ram_writel(d, DEV_MSI_ADDR, 0);
    dev_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), DEV_BUF_A, 4800 * 4,
                480 * 4);
    dev_wr(d, CYC_REG_INTCTL, INTCTL_S(R0));
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, 10000000);
    ck_assert(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));

    ck_assert(cyc_qtest_pci_msi_enable(d->qt, d->devfn, DEV_MSI_ADDR, 0x77,
                                       &err));
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), 0x77);

    cap = cyc_qtest_pci_find_cap(d->qt, d->devfn, 0x05, &err);
    ck_assert_uint_ne(cap, 0);
    flags = cyc_qtest_pci_cfg_readw(d->qt, d->devfn, cap + 2, &err);
    cyc_qtest_pci_cfg_writew(d->qt, d->devfn, cap + 2, flags & ~1u, &err);
    cyc_assert_no_error(err);
    ck_assert(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    dev_swr(d, R0, CYC_SD_STS, CYC_STS_PERIOD_MASK);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
}
END_TEST

static Suite *device_stream_suite(void)
{
    Suite *s = suite_create("device-stream");
    TCase *tc;

    tc = cyc_tcase_new("global", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_global_caps_and_wall_clock);
    tcase_add_test(tc, test_global_resets);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("timing", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_timing_position_is_exact);
    tcase_add_test(tc, test_timing_period_irq_at_deadline);
    tcase_add_test(tc, test_timing_pause_resume_stop);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("render", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_render_wav_bit_exact_and_drained);
    tcase_add_test(tc, test_render_overrun_never_stalls);
    tcase_add_loop_test(tc, test_render_dump_every_format, 0,
                        G_N_ELEMENTS(dump_cases));
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("capture", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_capture_generator_exact, 0,
                        G_N_ELEMENTS(gen_cases));
    tcase_add_loop_test(tc, test_capture_loopback_exact, 0, 2);
    tcase_add_test(tc, test_capture_audiodev_silence);
    tcase_add_test(tc, test_capture_loopback_mix);
    tcase_add_loop_test(tc, test_capture_loopback_mix_formats, 0,
                        G_N_ELEMENTS(mix_sfmts));
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("mixer", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_mixer_volume_and_mute);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("determinism", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_determinism_two_runs_identical);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("irq", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_irq_msi_delivery_and_mask);
    tcase_add_test(tc, test_irq_switch_intx_msi);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_stream_suite());
}
