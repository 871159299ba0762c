/* SPDX-License-Identifier: MIT */
/*
 * Device suite, start offset (SOFF, ABI 1.6): START at a byte offset of the
 * cyclic buffer. POS, PCOUNT, the period deadline and the write-back record
 * follow the formulas of docs/cycaudio.rst "Start offset"; render fetches
 * from SOFF on and capture writes there; a stream paused, taken through
 * D3hot (which resets the block) and started again at its saved POS fetches
 * every frame of the buffer once, in order; bad offsets are CYC_ERR_SOFF;
 * a migration carries the offset.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 200.0
#define AUDIODEV_NONE   "none,id=snd0,timer-period=50000"
#define R0              CYC_RENDER_BLOCK(0)
#define C0              CYC_CAPTURE_BLOCK(0)
#define RATE            48000u
#define FB              4u              /* S16 stereo */
#define PERN            480u            /* 10 ms periods */
#define BUFN            4800u           /* 100 ms buffer */
#define SOFF_FRAMES     1000u           /* inside period 2 */
#define POSWB_BASE      DEV_BUF_C
#define PMCSR           (CYC_PCI_PM_CAP + CYC_PCI_PM_PMCSR)

static guint32 fmt48(void)
{
    return dev_fmt(RATE, 2, CYC_SFMT_S16);
}

static void record_read(Dev *d, guint block, guint32 *pos, guint32 *pcount,
                        guint64 *wall)
{
    guint8 raw[CYC_POSWB_ENTRY_SIZE];

    dev_memread(d, POSWB_BASE + block * CYC_POSWB_ENTRY_SIZE, raw,
                sizeof(raw));
    memcpy(pos, raw + CYC_POSWB_POS, sizeof(*pos));
    memcpy(pcount, raw + CYC_POSWB_PCOUNT, sizeof(*pcount));
    memcpy(wall, raw + CYC_POSWB_WALL, sizeof(*wall));
    *pos = GUINT32_FROM_LE(*pos);
    *pcount = GUINT32_FROM_LE(*pcount);
    *wall = GUINT64_FROM_LE(*wall);
}

static guint64 wall_now(Dev *d)
{
    guint64 wall = dev_rd(d, CYC_REG_WALL_LO);

    return wall | (guint64)dev_rd(d, CYC_REG_WALL_HI) << 32;
}

/*
 * A device with a dump of render block 0 and BUFN random frames (@seed) at
 * DEV_BUF_A, which the caller frees; the dump's path in *@path.
 */
static Dev *launch_with_buffer(const char *name, guint32 seed, guint8 **buf,
                               char **path)
{
    Dev *d = dev_launch(name, AUDIODEV_NONE, "dump=%d/dump.wav", NULL);

    *buf = g_malloc(BUFN * FB);
    *path = dev_path(d, "dump.wav");
    dev_fill_random(*buf, BUFN * FB, seed);
    dev_memwrite(d, DEV_BUF_A, *buf, BUFN * FB);
    return d;
}

/*
 * Once the FIFO has drained: the dump is @n frames of the cyclic buffer
 * @buf from frame @first on, wrapping.
 */
static void assert_dump_is_buffer(Dev *d, const char *path, const guint8 *buf,
                                  guint64 first, guint64 n)
{
    g_autoptr(CycWav) dump = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree guint8 *want = NULL;

    dev_step(d, 200000000);
    dump = cyc_wav_load(path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dump->frames, n);
    want = dev_cyclic_expect(buf, BUFN, FB, first, n);
    ck_assert_int_lt(dev_first_diff(dump->data, want, n, FB), 0);
}

/* The capability and the version this suite is written against. */
START_TEST(test_soff_abi)
{
    g_autoptr(Dev) d = dev_launch("device/soff-abi", AUDIODEV_NONE, NULL,
                                  NULL);

    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_VERSION), CYC_VERSION_MINOR),
                      CYC_ABI_MINOR);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_CAPS), CYC_CAPS_SOFF), 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SOFF), 0);
    dev_swr(d, R0, CYC_SD_SOFF, 0xfffffffdu);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SOFF), 0xfffffffdu);
    /* SRST returns it to 0 */
    dev_swr(d, R0, CYC_SD_CTL, CYC_CTL_SRST_MASK);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SOFF), 0);
}
END_TEST

/*
 * Render from SOFF = 1000 frames with 480-frame periods: POS, PCOUNT and
 * the record of START say 1000 frames and 2 periods; the next PERIOD comes
 * at frame 1440, exactly ceil(440 / 48000 s) after START and not 1 ns
 * earlier; POS follows ((S + F) mod B) at every step; the dump is the
 * buffer from frame 1000 on, wrapping.
 */
START_TEST(test_soff_render_timing)
{
    g_autofree char *path = NULL;
    g_autofree guint8 *buf = NULL;
    g_autoptr(Dev) d = launch_with_buffer("device/soff-render", 0x50ff, &buf,
                                          &path);
    const gint64 first_period = dev_frames_to_ns_ceil(3 * PERN - SOFF_FRAMES,
                                                      RATE);
    guint32 pos, pcount;
    guint64 wall, wb, fetched;
    gint64 t0, t;

    dev_wr(d, CYC_REG_POSWB_LO, POSWB_BASE);
    dev_program(d, R0, fmt48(), DEV_BUF_A, BUFN * FB, PERN * FB);
    dev_swr(d, R0, CYC_SD_SOFF, SOFF_FRAMES * FB);
    wb = wall_now(d);
    t0 = dev_now(d);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK | CYC_CTL_POSWB_MASK,
                  CYC_STATE_RUN);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_ERR), CYC_ERR_NONE);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), SOFF_FRAMES * FB);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), SOFF_FRAMES / PERN);
    ck_assert_uint_eq(dev_frames(d, R0), 0);
    record_read(d, R0, &pos, &pcount, &wall);
    ck_assert_uint_eq(pos, SOFF_FRAMES * FB);
    ck_assert_uint_eq(pcount, SOFF_FRAMES / PERN);
    ck_assert_uint_eq(wall, wb + (guint64)(dev_now(d) - t0));

    dev_step(d, first_period - 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_PERIOD_MASK, 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), SOFF_FRAMES / PERN);
    dev_step(d, 1);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_PERIOD_MASK,
                      CYC_STS_PERIOD_MASK);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 3);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), 3 * PERN * FB);
    record_read(d, R0, &pos, &pcount, &wall);
    ck_assert_uint_eq(pos, 3 * PERN * FB);
    ck_assert_uint_eq(pcount, 3);

    /* Through a wrap of the buffer: POS and PCOUNT stay on the formula. */
    for (t = 7777777; t < 250000000; t += 7777777) {
        guint64 f;

        dev_step(d, t0 + t - dev_now(d));
        f = dev_ns_to_frames(dev_now(d) - t0, RATE);
        ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS),
                          (SOFF_FRAMES + f) % BUFN * FB);
        ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT),
                          (SOFF_FRAMES + f) / PERN);
        ck_assert_uint_eq(dev_frames(d, R0), f);
    }
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    fetched = dev_frames(d, R0);
    assert_dump_is_buffer(d, path, buf, SOFF_FRAMES, fetched);
}
END_TEST

/*
 * Capture from SOFF: the generator's frames 0.. land at SOFF.., the frames
 * before it are untouched.
 */
START_TEST(test_soff_capture_lands_at_offset)
{
    g_autoptr(Dev) d = dev_launch("device/soff-capture", AUDIODEV_NONE, NULL,
                                  NULL);
    g_autofree guint8 *mem = g_malloc(BUFN * FB);
    const guint64 n = 2000;
    guint64 j;

    memset(mem, 0xa5, BUFN * FB);
    dev_memwrite(d, DEV_BUF_B, mem, BUFN * FB);
    dev_wr(d, CYC_REG_GEN_CTL, CYC_SET(0u, CYC_GEN_CTL_MODE,
                                       CYC_GEN_MODE_RAMP));
    dev_program(d, C0, fmt48(), DEV_BUF_B, BUFN * FB, PERN * FB);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_GENERATOR);
    dev_swr(d, C0, CYC_SD_SOFF, SOFF_FRAMES * FB);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    dev_step(d, dev_frames_to_ns_ceil(n, RATE));
    ck_assert_uint_eq(dev_frames(d, C0), n);
    ck_assert_uint_eq(dev_srd(d, C0, CYC_SD_POS), (SOFF_FRAMES + n) * FB);
    dev_memread(d, DEV_BUF_B, mem, BUFN * FB);
    for (j = 0; j < BUFN; j++) {
        guint8 want[FB];

        if (j >= SOFF_FRAMES && j < SOFF_FRAMES + n) {
            for (guint ch = 0; ch < 2; ch++) {
                dev_gen_sample(want + 2 * ch, CYC_SFMT_S16,
                               cyc_gen_s32(CYC_GEN_MODE_RAMP,
                                           j - SOFF_FRAMES, ch, 0, RATE));
            }
        } else {
            memset(want, 0xa5, FB);
        }
        ck_assert_msg(!memcmp(mem + j * FB, want, FB),
                      "buffer frame %" G_GUINT64_FORMAT, j);
    }
}
END_TEST

/*
 * What a WaveRT driver does across D3hot: pause at an arbitrary frame, read
 * POS, STOP (the FIFO drains), D3hot, D0 (every register reset), program the
 * block again with SOFF = that POS, RUN. The dump is the buffer from frame 0,
 * every frame once, across the gap.
 */
START_TEST(test_soff_resume_after_d3)
{
    g_autofree char *path = NULL;
    g_autofree guint8 *buf = NULL;
    g_autoptr(Dev) d = launch_with_buffer("device/soff-d3", 0xd3d3, &buf,
                                          &path);
    g_autoptr(GError) err = NULL;
    guint64 before, after;
    guint32 pos;

    dev_program(d, R0, fmt48(), DEV_BUF_A, BUFN * FB, PERN * FB);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, 123456789);                 /* 5925 frames: one wrap */
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_PAUSE);
    pos = dev_srd(d, R0, CYC_SD_POS);
    before = dev_frames(d, R0);
    ck_assert_uint_eq(pos, before % BUFN * FB);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    dev_step(d, 200000000);                 /* the FIFO drains */
    cyc_assert_ok(cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PMCSR,
                                           CYC_PM_D3HOT, &err), err);
    dev_step(d, 50000000);
    cyc_assert_ok(cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PMCSR,
                                           CYC_PM_D0, &err), err);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_SOFF), 0);

    dev_program(d, R0, fmt48(), DEV_BUF_A, BUFN * FB, PERN * FB);
    dev_swr(d, R0, CYC_SD_SOFF, pos);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), pos);
    dev_step(d, 98765432);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    after = dev_frames(d, R0);
    ck_assert_uint_eq(after, dev_ns_to_frames(98765432, RATE));
    assert_dump_is_buffer(d, path, buf, 0, before + after);
}
END_TEST

static const struct {
    const char *name;
    guint32 soff;
} bad_offsets[] = {
    { "unaligned", 2 },                 /* half a frame */
    { "buffer-size", BUFN * FB },
    { "beyond", BUFN * FB + FB },
    { "all-ones", 0xffffffffu },
    { "high-aligned", 0xfffffffcu },
};

/*
 * A bad SOFF is DMAERR CYC_ERR_SOFF at START: the stream stays in STOP and
 * moves nothing; with the error cleared and a good SOFF it starts there.
 * SG mode ignores SOFF.
 */
START_TEST(test_soff_bad_values)
{
    g_autofree char *name = g_strdup_printf("device/soff-bad-%s",
                                            bad_offsets[_i].name);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    guint32 sts;

    dev_program(d, R0, fmt48(), DEV_BUF_A, BUFN * FB, PERN * FB);
    dev_swr(d, R0, CYC_SD_SOFF, bad_offsets[_i].soff);
    dev_set_state(d, R0, CYC_CTL_EIE_MASK, CYC_STATE_RUN);
    sts = dev_srd(d, R0, CYC_SD_STS);
    ck_assert_uint_eq(sts & CYC_STS_DMAERR_MASK, CYC_STS_DMAERR_MASK);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_ERR), CYC_ERR_SOFF);
    ck_assert_uint_eq(CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_STOP);
    dev_step(d, 20000000);
    ck_assert_uint_eq(dev_frames(d, R0), 0);

    dev_swr(d, R0, CYC_SD_STS, sts);
    dev_swr(d, R0, CYC_SD_SOFF, (BUFN - 1) * FB);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), (BUFN - 1) * FB);
    dev_step(d, dev_frames_to_ns_ceil(2, RATE));
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_POS), FB);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
}
END_TEST

/*
 * Migration of a stream started at SOFF: the destination's POS and PCOUNT
 * continue on the formula from the offset.
 */
START_TEST(test_soff_migration)
{
    const gint64 t_mig = 33333333;
    g_autoptr(Dev) src = dev_launch("device/soff-migration-src",
                                    AUDIODEV_NONE, "id=cyc", NULL);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("{\"uri\": \"exec:cat > '%s'\"}",
                                           state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(Dev) dst = NULL;
    gint64 t0;
    guint64 f;

    dev_program(src, R0, fmt48(), DEV_BUF_A, BUFN * FB, PERN * FB);
    dev_swr(src, R0, CYC_SD_SOFF, SOFF_FRAMES * FB);
    t0 = dev_now(src);
    dev_set_state(src, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(src, t0 + t_mig - dev_now(src));
    r = cyc_qemu_qmp(src->q, "migrate", uri, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    dev_wait_migrated(src, NULL);

    dst = dev_start("device/soff-migration-dst", AUDIODEV_NONE, "id=cyc",
                    in_extra);
    dst->bar = CYC_QTEST_BAR0_ADDR;
    dev_wait_migrated(NULL, dst);
    ck_assert(cyc_qtest_clock_set(dst->qt, t0 + t_mig, &err) >= t0 + t_mig);
    ck_assert_uint_eq(dev_srd(dst, R0, CYC_SD_SOFF), SOFF_FRAMES * FB);
    dev_step(dst, 144444444);
    f = dev_ns_to_frames(dev_now(dst) - t0, RATE);
    ck_assert_uint_eq(dev_srd(dst, R0, CYC_SD_POS),
                      (SOFF_FRAMES + f) % BUFN * FB);
    ck_assert_uint_eq(dev_srd(dst, R0, CYC_SD_PCOUNT),
                      (SOFF_FRAMES + f) / PERN);
    ck_assert_uint_eq(dev_frames(dst, R0), f);
}
END_TEST

static Suite *device_soff_suite(void)
{
    Suite *s = suite_create("device-soff");
    TCase *tc;

    tc = cyc_tcase_new("offset", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_soff_abi);
    tcase_add_test(tc, test_soff_render_timing);
    tcase_add_test(tc, test_soff_capture_lands_at_offset);
    tcase_add_test(tc, test_soff_resume_after_d3);
    tcase_add_test(tc, test_soff_migration);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("errors", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_soff_bad_values, 0,
                        G_N_ELEMENTS(bad_offsets));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_soff_suite());
}
