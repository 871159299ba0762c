/* SPDX-License-Identifier: MIT */
/*
 * Device suite, scatter-gather mode (docs/cycaudio.rst "Scatter-gather
 * mode"): descriptors read when due and played bit-exact in every format,
 * IOC and PCOUNT at the exact instant, starvation as exact silence with no
 * frame lost or repeated, capture, PAUSE/STOP, and hostile rings (zero
 * length, unaligned, beyond RAM, the BAR, a ring rewritten under the
 * device) ending in the documented ERR code with QEMU alive.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 120.0
#define AUDIODEV_NONE   "none,id=snd0,timer-period=2000"
#define R0              CYC_RENDER_BLOCK(0)
#define C0              CYC_CAPTURE_BLOCK(0)
#define RING            DEV_BUF_C
#define NDESC           16u
#define SG_CTL(extra)   (CYC_SET(0u, CYC_CTL_MODE, CYC_MODE_SG) | (extra))

static void sg_desc(Dev *d, guint i, guint64 addr, guint32 len, guint32 flags)
{
    guint8 b[CYC_SG_DESC_SIZE];

    memcpy(b + CYC_SG_DESC_ADDR, &addr, 8);
    memcpy(b + CYC_SG_DESC_LEN, &len, 4);
    memcpy(b + CYC_SG_DESC_FLAGS, &flags, 4);
    dev_memwrite(d, RING + (guint64)i * CYC_SG_DESC_SIZE, b, sizeof(b));
}

/* A block in SG mode over RING of NDESC, SGLVI = @lvi (NDESC - 1: empty). */
static void sg_program(Dev *d, guint block, guint32 fmt, guint lvi)
{
    dev_program(d, block, fmt, RING, 0, 0);
    dev_swr(d, block, CYC_SD_SGCOUNT, NDESC);
    dev_swr(d, block, CYC_SD_SGLVI, lvi);
}

static void sg_state(Dev *d, guint block, guint32 enables, guint state)
{
    dev_swr(d, block, CYC_SD_CTL,
            SG_CTL(CYC_SET(enables, CYC_CTL_STATE, state)));
}

static void assert_alive(Dev *d, const char *what)
{
    ck_assert_msg(dev_rd(d, CYC_REG_ID) == CYC_ID_VALUE, "%s: dead", what);
}

typedef struct SgFmt {
    guint sfmt;
    guint channels;
    guint rate;
} SgFmt;

static const SgFmt sg_fmts[] = {
    { CYC_SFMT_U8, 1, 8000 },
    { CYC_SFMT_S16, 2, 48000 },
    { CYC_SFMT_S24_32, 3, 44100 },
    { CYC_SFMT_S32, 6, 96000 },
    { CYC_SFMT_F32, 8, 22050 },
};

/* Frames of each descriptor: one frame, odd sizes, a page and more. */
static const guint sg_lens[] = { 1, 37, 1024, 5, 333, 2048, 7 };

/*
 * Render: the dump is the descriptors' data in ring order, then exactly
 * the silence of the frames due after the last one (starved); PCOUNT
 * counts the descriptors, POS their bytes.
 */
START_TEST(test_sg_render_every_format)
{
    const SgFmt *c = &sg_fmts[_i];
    const guint32 fmt = dev_fmt(c->rate, c->channels, c->sfmt);
    const guint fb = dev_frame_bytes(fmt);
    const guint n = G_N_ELEMENTS(sg_lens);
    g_autofree char *name = g_strdup_printf("device/sg-render-%d", _i);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, "dump=%d/dump.wav",
                                  NULL);
    g_autofree char *path = dev_path(d, "dump.wav");
    g_autoptr(CycWav) dump = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree guint8 *buf = g_malloc(0x40000);
    g_autofree guint8 *want = NULL;
    guint64 data = 0, total, fetched, at = 0, i;
    guint8 silence = c->sfmt == CYC_SFMT_U8 ? 0x80 : 0;

    dev_fill_random(buf, 0x40000, 0x5600 + _i);
    dev_memwrite(d, DEV_BUF_A, buf, 0x40000);
    want = g_malloc0(0x80000);
    for (i = 0; i < n; i++) {
        /* scattered, odd byte offsets: any alignment is allowed */
        guint64 off = (i * 0x4321u + 3) % (0x40000 - sg_lens[i] * fb);

        sg_desc(d, i, DEV_BUF_A + off, sg_lens[i] * fb, CYC_SG_FLAGS_IOC_MASK);
        memcpy(want + data * fb, buf + off, sg_lens[i] * fb);
        data += sg_lens[i];
    }
    sg_program(d, R0, fmt, n - 1);
    sg_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, dev_frames_to_ns_ceil(data + 100, c->rate));
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), n);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), data * fb);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SGCUR), n);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_STARVED_MASK);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_UNDERRUN_MASK);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    fetched = dev_frames(d, R0);
    total = data + 100;
    ck_assert_uint_eq(fetched, total);
    memset(want + data * fb, silence, (total - data) * fb);
    dump = cyc_wav_load(path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dump->frames, total);
    at = dev_first_diff(dump->data, want, total, fb);
    ck_assert_msg((gint64)at < 0, "case %d: frame %" G_GINT64_FORMAT
                  " differs", _i, (gint64)at);
}
END_TEST

/*
 * IOC: PERIOD and PCOUNT at the ceil instant of the descriptor's last
 * frame, not a nanosecond earlier; a descriptor without IOC counts in
 * PCOUNT but raises nothing. SGPOS counts inside the descriptor.
 */
START_TEST(test_sg_ioc_exact)
{
    const guint rate = 44100;
    const guint32 fmt = dev_fmt(rate, 2, CYC_SFMT_S16);
    g_autoptr(Dev) d = dev_launch("device/sg-ioc", AUDIODEV_NONE, NULL, NULL);
    gint64 t0, t1;

    sg_desc(d, 0, DEV_BUF_A, 441 * 4, 0);
    sg_desc(d, 1, DEV_BUF_A, 300 * 4, CYC_SG_FLAGS_IOC_MASK);
    sg_program(d, R0, fmt, 1);
    sg_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    t0 = dev_frames_to_ns_ceil(441, rate);
    t1 = dev_frames_to_ns_ceil(741, rate);
    dev_step(d, t0 - 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SGPOS), 440 * 4);
    dev_step(d, 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SGCUR), 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SGPOS), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_PERIOD_MASK, 0);
    dev_step(d, t1 - t0 - 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_PERIOD_MASK, 0);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_INTSTS), CYC_INTSTS_SIS), 0);
    dev_step(d, 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 2);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_PERIOD_MASK);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_INTSTS), CYC_INTSTS_SIS),
                      1u << R0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), 741 * 4);
}
END_TEST

/*
 * Starvation: after the last valid descriptor the device plays silence
 * (UNDERRUN once, STARVED), a later SGLVI write resumes with the next
 * frame due: the dump is d0, exactly the silence of the frames due until
 * the write, then d1; nothing repeated, nothing lost.
 */
START_TEST(test_sg_starve_resume)
{
    const guint rate = 48000;
    const guint32 fmt = dev_fmt(rate, 2, CYC_SFMT_S16);
    g_autoptr(Dev) d = dev_launch("device/sg-starve", AUDIODEV_NONE,
                                  "dump=%d/dump.wav", NULL);
    g_autofree char *path = dev_path(d, "dump.wav");
    g_autoptr(CycWav) dump = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree guint8 *buf = g_malloc(8000 * 4);
    g_autofree guint8 *want = g_malloc0(20000 * 4);
    const gint64 twrite = 123456789;
    guint64 gap, total;

    dev_fill_random(buf, 8000 * 4, 77);
    dev_memwrite(d, DEV_BUF_A, buf, 8000 * 4);
    sg_desc(d, 0, DEV_BUF_A, 1000 * 4, CYC_SG_FLAGS_IOC_MASK);
    sg_program(d, R0, fmt, 0);
    sg_state(d, R0, CYC_CTL_UIE_MASK, CYC_STATE_RUN);
    dev_step(d, twrite);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_STARVED_MASK);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_UNDERRUN_MASK);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_INTSTS), CYC_INTSTS_SIS),
                      1u << R0);
    dev_swr(d, R0, CYC_SD_STS, CYC_STS_UNDERRUN_MASK);
    sg_desc(d, 1, DEV_BUF_A + 4000 * 4, 3000 * 4, CYC_SG_FLAGS_IOC_MASK);
    dev_swr(d, R0, CYC_SD_SGLVI, 1);
    gap = dev_ns_to_frames(twrite, rate) - 1000;
    total = 1000 + gap + 3000 + 10;
    dev_step(d, dev_frames_to_ns_ceil(total, rate) - twrite);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 2);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), 4000 * 4);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    ck_assert_uint_eq(dev_frames(d, R0), total);
    memcpy(want, buf, 1000 * 4);
    memcpy(want + (1000 + gap) * 4, buf + 4000 * 4, 3000 * 4);
    dump = cyc_wav_load(path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dump->frames, total);
    ck_assert_int_lt(dev_first_diff(dump->data, want, total, 4), 0);
}
END_TEST

/*
 * Capture from the generator ramp: each descriptor holds the frames of its
 * instants; frames due while the ring is empty are produced and dropped.
 */
START_TEST(test_sg_capture_generator)
{
    const guint rate = 32000;
    const guint32 fmt = dev_fmt(rate, 2, CYC_SFMT_S16);
    g_autoptr(Dev) d = dev_launch("device/sg-capture", AUDIODEV_NONE, NULL,
                                  NULL);
    g_autofree guint8 *got = g_malloc(900 * 4);
    g_autofree guint8 *want = g_malloc(900 * 4);
    const gint64 twrite = 50000000;
    guint64 first, i;
    guint ch;

    dev_wr(d, CYC_REG_GEN_CTL, CYC_GEN_MODE_RAMP);
    sg_desc(d, 0, DEV_BUF_B, 500 * 4, 0);
    sg_program(d, C0, fmt, 0);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_GENERATOR);
    sg_state(d, C0, 0, CYC_STATE_RUN);
    dev_step(d, twrite);
    sg_desc(d, 1, DEV_BUF_B + 0x10000, 400 * 4, 0);
    dev_swr(d, C0, CYC_SD_SGLVI, 1);
    dev_step(d, 20000000);
    ck_assert_uint_eq(dev_srd(d, C0, CYC_SD_PCOUNT), 2);
    first = dev_ns_to_frames(twrite, rate);
    for (i = 0; i < 900; i++) {
        guint64 n = i < 500 ? i : first + i - 500;

        for (ch = 0; ch < 2; ch++) {
            dev_gen_sample(want + i * 4 + ch * 2, CYC_SFMT_S16,
                           cyc_gen_s32(CYC_GEN_MODE_RAMP, n, ch, 1000, rate));
        }
    }
    dev_memread(d, DEV_BUF_B, got, 500 * 4);
    dev_memread(d, DEV_BUF_B + 0x10000, got + 500 * 4, 400 * 4);
    ck_assert_int_lt(dev_first_diff(got, want, 900, 4), 0);
}
END_TEST

/* PAUSE freezes the ring where it is; STOP returns SGCUR, PCOUNT, POS to 0. */
START_TEST(test_sg_pause_stop)
{
    const guint rate = 48000;
    const guint32 fmt = dev_fmt(rate, 2, CYC_SFMT_S16);
    g_autoptr(Dev) d = dev_launch("device/sg-pause", AUDIODEV_NONE, NULL,
                                  NULL);
    guint i;

    for (i = 0; i < 4; i++) {
        sg_desc(d, i, DEV_BUF_A + i * 0x1000, 480 * 4, 0);
    }
    sg_program(d, R0, fmt, 3);
    sg_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 25000000);              /* 1200 frames: in descriptor 2 */
    sg_state(d, R0, 0, CYC_STATE_PAUSE);
    dev_step(d, 50000000);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SGCUR), 2);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SGPOS), 240 * 4);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 2);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), 1200 * 4);
    sg_state(d, R0, 0, CYC_STATE_STOP);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SGCUR), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), 0);
}
END_TEST

typedef struct SgBad {
    const char *name;
    guint32 count;          /* SGCOUNT */
    guint32 ring_off;       /* added to RING */
    gboolean bar_ring;      /* the ring in BAR0 */
    guint64 addr;           /* descriptor 0; ~0: the BAR */
    guint32 len;
    guint32 want;
} SgBad;

#define SG_BEYOND_RAM   ((guint64)DEV_RAM_MB << 20)
#define SG_AT_BAR       (~(guint64)0)

static const SgBad sg_bad[] = {
    { "desc-len-zero", NDESC, 0, FALSE, DEV_BUF_A, 0, CYC_ERR_SG_DESC_LEN },
    { "desc-len-unaligned", NDESC, 0, FALSE, DEV_BUF_A, 6,
      CYC_ERR_SG_DESC_LEN },
    { "desc-len-too-big", NDESC, 0, FALSE, DEV_BUF_A,
      CYC_SG_DESC_LEN_MAX + 4, CYC_ERR_SG_DESC_LEN },
    { "desc-beyond-ram", NDESC, 0, FALSE, SG_BEYOND_RAM, 4096,
      CYC_ERR_SG_DESC_ADDR },
    { "desc-wraps", NDESC, 0, FALSE, ~(guint64)0 - 3, 8,
      CYC_ERR_SG_DESC_ADDR },
    { "desc-own-bar", NDESC, 0, FALSE, SG_AT_BAR, 64, CYC_ERR_SG_DESC_SELF },
    { "ring-count-1", 1, 0, FALSE, DEV_BUF_A, 64, CYC_ERR_SG_RING },
    { "ring-count-257", CYC_SG_MAX_DESC + 1, 0, FALSE, DEV_BUF_A, 64,
      CYC_ERR_SG_RING },
    { "ring-unaligned", NDESC, 8, FALSE, DEV_BUF_A, 64, CYC_ERR_SG_RING },
    { "ring-in-bar", NDESC, 0, TRUE, DEV_BUF_A, 64, CYC_ERR_ADDR_SELF },
};

/* Each hostile ring: the documented ERR, DMAERR, STOP, QEMU alive. */
START_TEST(test_sg_hostile_ring)
{
    const SgBad *c = &sg_bad[_i];
    g_autofree char *name = g_strdup_printf("device/sg-bad-%s", c->name);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    guint64 ring = c->bar_ring ? d->bar : RING + c->ring_off;
    guint64 addr = c->addr == SG_AT_BAR ? d->bar : c->addr;
    guint8 b[CYC_SG_DESC_SIZE];

    memcpy(b + CYC_SG_DESC_ADDR, &addr, 8);
    memcpy(b + CYC_SG_DESC_LEN, &c->len, 4);
    memset(b + CYC_SG_DESC_FLAGS, 0, 4);
    if (!c->bar_ring) {
        dev_memwrite(d, ring, b, sizeof(b));
    }
    dev_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), ring, 0, 0);
    dev_swr(d, R0, CYC_SD_SGCOUNT, c->count);
    dev_swr(d, R0, CYC_SD_SGLVI, 0);
    sg_state(d, R0, CYC_CTL_EIE_MASK, CYC_STATE_RUN);
    dev_step(d, 10000000);
    ck_assert_msg(dev_srd(d, R0, CYC_SD_ERR) == c->want, "%s: ERR %u, want %u",
                  c->name, dev_srd(d, R0, CYC_SD_ERR), c->want);
    ck_assert(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_DMAERR_MASK);
    ck_assert_uint_eq(CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_STOP);
    assert_alive(d, c->name);
}
END_TEST

/* SGLVI beyond the ring written while running: SG_RING, stream stopped. */
START_TEST(test_sg_lvi_out_of_ring)
{
    g_autoptr(Dev) d = dev_launch("device/sg-lvi", AUDIODEV_NONE, NULL, NULL);

    sg_desc(d, 0, DEV_BUF_A, 4800, 0);
    sg_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), 0);
    sg_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 1000000);
    dev_swr(d, R0, CYC_SD_SGLVI, NDESC);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_ERR), CYC_ERR_SG_RING);
    ck_assert_uint_eq(CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_STOP);
    assert_alive(d, "lvi");
}
END_TEST

/*
 * A ring rewritten under the device with random descriptors while SGLVI
 * moves: every stop is a documented SG or DMA error, QEMU stays alive.
 */
START_TEST(test_sg_ring_changing)
{
    g_autoptr(Dev) d = dev_launch("device/sg-churn", AUDIODEV_NONE, NULL,
                                  NULL);
    guint32 x = 0x51c0ffeeu;
    guint i, stops = 0;

    for (i = 0; i < 3000; i++) {
        guint8 b[CYC_SG_DESC_SIZE];
        guint32 err;

        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        dev_fill_random(b, sizeof(b), x);
        if (x % 4) {
            guint64 a = DEV_BUF_A + (x % 0x100000);
            guint32 l = 4 * (1 + (x >> 8) % 2048);

            memcpy(b + CYC_SG_DESC_ADDR, &a, 8);
            memcpy(b + CYC_SG_DESC_LEN, &l, 4);
        }
        dev_memwrite(d, RING + (x >> 4) % NDESC * CYC_SG_DESC_SIZE, b,
                     sizeof(b));
        if (CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE) ==
            CYC_STATE_STOP) {
            err = dev_srd(d, R0, CYC_SD_ERR);
            ck_assert_msg(err == CYC_ERR_NONE || err == CYC_ERR_DMA_FAULT ||
                          (err >= CYC_ERR_SG_RING &&
                           err <= CYC_ERR_SG_RING_FAULT), "ERR %u", err);
            stops += err != CYC_ERR_NONE;
            sg_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), NDESC - 1);
            sg_state(d, R0, 0, CYC_STATE_RUN);
        }
        dev_swr(d, R0, CYC_SD_SGLVI, (x >> 12) % (NDESC + (x % 64 ? 0 : 4)));
        dev_step(d, (x >> 16) % 3000000);
    }
    ck_assert_uint_gt(stops, 0);
    assert_alive(d, "churn");
}
END_TEST

static Suite *device_sg_suite(void)
{
    Suite *s = suite_create("device-sg");
    TCase *tc;

    tc = cyc_tcase_new("sg", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_sg_render_every_format, 0,
                        G_N_ELEMENTS(sg_fmts));
    tcase_add_test(tc, test_sg_ioc_exact);
    tcase_add_test(tc, test_sg_starve_resume);
    tcase_add_test(tc, test_sg_capture_generator);
    tcase_add_test(tc, test_sg_pause_stop);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("sg-hostile", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_sg_hostile_ring, 0, G_N_ELEMENTS(sg_bad));
    tcase_add_test(tc, test_sg_lvi_out_of_ring);
    tcase_add_test(tc, test_sg_ring_changing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_sg_suite());
}
