/* SPDX-License-Identifier: MIT */
/*
 * Device suite, the device against docs/cycaudio.rst alone (issue 8): what
 * reserved bits read back, what a non-4-byte access does, that a forced stop
 * moves the frames due, exact capture silence per format, S24_32 low bytes
 * at 0 dB and loopback across a capture PAUSE. Expected values come from
 * regs.h, reference.h and the text, never from the device.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 120.0
#define AUDIODEV_NONE   "none,id=snd0,timer-period=2000"
#define R0              CYC_RENDER_BLOCK(0)
#define C0              CYC_CAPTURE_BLOCK(0)
#define GLOBAL          UINT32_MAX
#define ALL             0xffffffffu

typedef struct RegCase {
    const char *name;
    guint block;        /* GLOBAL or a stream block */
    guint32 reg;
    guint32 write;
    guint32 want;
} RegCase;

/*
 * Every RW register written with all ones (STATE and SRST left 0 in CTL,
 * GRST in GCTL): the listed fields read back, reserved bits read 0.
 */
static const RegCase reg_cases[] = {
    { "intctl", GLOBAL, CYC_REG_INTCTL, ALL,
      CYC_INTCTL_SIE_MASK | CYC_INTCTL_MIDI_MASK | CYC_INTCTL_SEQ_MASK |
      CYC_INTCTL_GIE_MASK },
    { "intctl-midi", GLOBAL, CYC_REG_INTCTL, CYC_INTCTL_MIDI_MASK,
      CYC_INTCTL_MIDI_MASK },
    { "intctl-seq", GLOBAL, CYC_REG_INTCTL, CYC_INTCTL_SEQ_MASK,
      CYC_INTCTL_SEQ_MASK },
    { "gctl-write-only", GLOBAL, CYC_REG_GCTL, ALL & ~CYC_GCTL_GRST_MASK, 0 },
    { "master", GLOBAL, CYC_REG_MASTER, ALL,
      CYC_VOL_ATT_MASK | CYC_VOL_MUTE_MASK },
    { "gen-ctl", GLOBAL, CYC_REG_GEN_CTL, ALL, CYC_GEN_CTL_MODE_MASK },
    { "gen-freq", GLOBAL, CYC_REG_GEN_FREQ, ALL, CYC_GEN_FREQ_MAX },
    { "poswb-lo", GLOBAL, CYC_REG_POSWB_LO, ALL, ALL },
    { "poswb-hi", GLOBAL, CYC_REG_POSWB_HI, ALL, ALL },
    { "ctl", R0, CYC_SD_CTL, ALL & ~(CYC_CTL_STATE_MASK | CYC_CTL_SRST_MASK),
      CYC_CTL_PIE_MASK | CYC_CTL_EIE_MASK | CYC_CTL_XIE_MASK |
      CYC_CTL_UIE_MASK | CYC_CTL_MODE_MASK | CYC_CTL_POSWB_MASK },
    { "fmt", R0, CYC_SD_FMT, ALL,
      CYC_FMT_RATE_MASK | CYC_FMT_CHANNELS_MASK | CYC_FMT_SFMT_MASK },
    { "buf-lo", R0, CYC_SD_BUF_LO, ALL, ALL },
    { "buf-hi", R0, CYC_SD_BUF_HI, ALL, ALL },
    { "bsize", R0, CYC_SD_BSIZE, ALL, ALL },
    { "psize", R0, CYC_SD_PSIZE, ALL, ALL },
    { "vol", R0, CYC_SD_VOL, ALL, CYC_VOL_ATT_MASK | CYC_VOL_MUTE_MASK },
    { "sgcount", R0, CYC_SD_SGCOUNT, ALL, ALL },
    { "sglvi", R0, CYC_SD_SGLVI, ALL, ALL },
    { "src-capture", C0, CYC_SD_SRC, ALL,
      CYC_SRC_SEL_MASK | CYC_SRC_LOOP_MASK | CYC_SRC_MIX_MASK },
    { "src-render", R0, CYC_SD_SRC, ALL, 0 },
};

static guint32 reg_off(const RegCase *c)
{
    return c->block == GLOBAL ? c->reg : CYC_STREAM_OFF(c->block) + c->reg;
}

/* Reserved bits of RW registers read 0; INTCTL.MIDI/SEQ are stored. */
START_TEST(test_abi_rw_reserved_bits)
{
    const RegCase *c = &reg_cases[_i];
    g_autofree char *name = g_strdup_printf("device/abi-rw-%s", c->name);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    guint32 got;

    dev_wr(d, reg_off(c), c->write);
    got = dev_rd(d, reg_off(c));
    ck_assert_msg(got == c->want, "%s: wrote 0x%08x, read 0x%08x, want 0x%08x",
                  c->name, c->write, got, c->want);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_ERR), CYC_ERR_NONE);
}
END_TEST

/*
 * Sizes other than 4 reaching the region as one access are rejected by the
 * memory core (read 0, write dropped); qtest goes through the address space,
 * which splits an aligned 8-byte access into two, lower address first.
 */
START_TEST(test_abi_access_sizes)
{
    g_autoptr(Dev) d = dev_launch("device/abi-access-sizes", AUDIODEV_NONE,
                                  NULL, NULL);
    g_autoptr(GError) err = NULL;
    guint64 v, wall;
    gint64 now;

    ck_assert_uint_eq(cyc_qtest_readw(d->qt, d->bar + CYC_REG_ID, &err), 0);
    ck_assert_uint_eq(cyc_qtest_readb(d->qt, d->bar + CYC_REG_ID, &err), 0);
    cyc_qtest_writew(d->qt, d->bar + CYC_REG_MASTER, 0x1234, &err);
    cyc_qtest_writeb(d->qt, d->bar + CYC_REG_MASTER, 0x12, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_MASTER), 0);

    now = dev_step(d, G_GINT64_CONSTANT(7000000000) + 5);
    wall = cyc_qtest_readq(d->qt, d->bar + CYC_REG_WALL_LO, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(wall, (guint64)now);

    cyc_qtest_writeq(d->qt, d->bar + CYC_STREAM_OFF(R0) + CYC_SD_BUF_LO,
                     G_GUINT64_CONSTANT(0x0000000100200040), &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_BUF_LO), 0x00200040);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_BUF_HI), 0x1);
    v = cyc_qtest_readq(d->qt, d->bar + CYC_STREAM_OFF(R0) + CYC_SD_BUF_LO,
                        &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(v, G_GUINT64_CONSTANT(0x0000000100200040));
}
END_TEST

/*
 * "Any state -> STOP first transfers every frame due up to that instant":
 * also a stop forced by FMT written in RUN or CTL.STATE = 3 (issue 8).
 */
START_TEST(test_abi_forced_stop_moves_due_frames)
{
    static const char *const names[] = { "fmt-busy", "bad-state" };
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S16);
    const gint64 ran = 10000007;
    g_autofree char *name = g_strdup_printf("device/abi-forced-stop-%s",
                                            names[_i]);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    guint64 want = dev_ns_to_frames(ran, 48000);

    dev_program(d, R0, fmt, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, ran);
    if (_i == 0) {
        dev_swr(d, R0, CYC_SD_FMT, dev_fmt(44100, 2, CYC_SFMT_S16));
    } else {
        dev_set_state(d, R0, 0, 3);
    }
    ck_assert_uint_eq(CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_STOP);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_ERR),
                      _i == 0 ? CYC_ERR_FMT_BUSY : CYC_ERR_BAD_STATE);
    ck_assert_msg(dev_frames(d, R0) == want,
                  "%s: FRAMES %" G_GUINT64_FORMAT ", want %" G_GUINT64_FORMAT,
                  names[_i], dev_frames(d, R0), want);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_FMT), fmt);
}
END_TEST

/*
 * -audiodev none captures the exact documented silence of every format,
 * resampled (44.1 kHz mono) or not, on channels from the voice and beyond.
 */
START_TEST(test_abi_capture_silence_every_format)
{
    const gboolean native = (guint)_i < CYC_SFMT_COUNT;
    const guint sfmt = (guint)_i % CYC_SFMT_COUNT;
    const guint rate = native ? 48000 : 44100;
    const guint32 fmt = dev_fmt(rate, native ? 3 : 1, sfmt);
    const guint fb = dev_frame_bytes(fmt);
    const guint sb = cyc_sfmt_bytes(sfmt);
    const guint bufn = 4800;
    const guint32 silence = cyc_sfmt_silence(sfmt);
    g_autofree char *name = g_strdup_printf("device/abi-silence-%d", _i);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    g_autofree guint8 *mem = g_malloc(bufn * fb);
    guint64 fetched, j;

    memset(mem, 0xa5, bufn * fb);
    dev_memwrite(d, DEV_BUF_B, mem, bufn * fb);
    dev_program(d, C0, fmt, DEV_BUF_B, bufn * fb, 480 * fb);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_AUDIODEV);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    dev_step(d, 80000001);
    fetched = dev_frames(d, C0);
    ck_assert_uint_eq(fetched, dev_ns_to_frames(80000001, rate));
    dev_memread(d, DEV_BUF_B, mem, bufn * fb);
    for (j = 0; j < fetched * fb / sb; j++) {
        guint32 v = 0;

        memcpy(&v, mem + j * sb, sb);      /* host is little-endian */
        ck_assert_msg(v == silence, "case %d: sample %" G_GUINT64_FORMAT
                      " (frame %" G_GUINT64_FORMAT ") is 0x%x, want 0x%x",
                      _i, j, j * sb / fb, v, silence);
    }
    ck_assert_uint_eq(mem[fetched * fb], 0xa5);
}
END_TEST

/*
 * S24_32 leaves the mixer with bits 7:0 zero at 0 dB too: a loopback capture
 * of samples written with a non-zero low byte reads them cleared.
 */
START_TEST(test_abi_s24_low_byte_cleared_at_0db)
{
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S24_32);
    const guint rn = 4800, cn = 4800;
    g_autoptr(Dev) d = dev_launch("device/abi-s24-low-byte", AUDIODEV_NONE,
                                  NULL, NULL);
    g_autofree guint8 *src = g_malloc(rn * 8);
    g_autofree guint8 *mem = g_malloc(cn * 8);
    guint64 r0, fetched, i;

    dev_fill_random(src, rn * 8, 2424);
    dev_memwrite(d, DEV_BUF_A, src, rn * 8);
    dev_program(d, R0, fmt, DEV_BUF_A, rn * 8, 480 * 8);
    dev_program(d, C0, fmt, DEV_BUF_B, cn * 8, 480 * 8);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 1000003);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    r0 = dev_frames(d, R0);
    dev_step(d, 30000001);
    fetched = dev_frames(d, C0);
    ck_assert_uint_gt(fetched, 0);
    dev_memread(d, DEV_BUF_B, mem, cn * 8);
    for (i = 0; i < fetched * 2; i++) {
        guint32 in, got;

        memcpy(&in, src + ((r0 * 2 + i) % (rn * 2)) * 4, 4);
        memcpy(&got, mem + i * 4, 4);
        ck_assert_msg(got == (in & 0xffffff00u),
                      "sample %" G_GUINT64_FORMAT ": 0x%08x, want 0x%08x", i,
                      got, in & 0xffffff00u);
    }
}
END_TEST

/*
 * Capture PAUSE discards what the sources fetch and what they fetched ahead;
 * RUN re-aligns: capture frame m after the resume is the source's
 * (FRAMES at the resume + m)-th frame. The pause falls where the render
 * stream has fetched one frame the capture has not taken yet.
 */
START_TEST(test_abi_loopback_capture_pause_realigns)
{
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S16);
    const guint rn = 4800, cn = 4800;
    const gint64 t_c = 7300003, run1 = 10015000, paused = 5000001;
    const gint64 run2 = 20000003;
    g_autoptr(Dev) d = dev_launch("device/abi-loopback-pause", AUDIODEV_NONE,
                                  NULL, NULL);
    g_autofree guint8 *src = g_malloc(rn * 4);
    g_autofree guint8 *mem = g_malloc(cn * 4);
    g_autofree guint8 *want1 = NULL;
    g_autofree guint8 *want2 = NULL;
    guint64 r0, r1, c1, c2;
    gint64 diff;

    dev_fill_random(src, rn * 4, 777);
    dev_memwrite(d, DEV_BUF_A, src, rn * 4);
    dev_program(d, R0, fmt, DEV_BUF_A, rn * 4, 480 * 4);
    dev_program(d, C0, fmt, DEV_BUF_B, cn * 4, 480 * 4);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, t_c);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    r0 = dev_frames(d, R0);
    dev_step(d, run1);
    dev_set_state(d, C0, 0, CYC_STATE_PAUSE);
    c1 = dev_frames(d, C0);
    ck_assert_uint_eq(dev_frames(d, R0) - r0, c1 + 1);
    dev_step(d, paused);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    r1 = dev_frames(d, R0);
    dev_step(d, run2);
    c2 = dev_frames(d, C0) - c1;
    ck_assert_uint_eq(c2, dev_ns_to_frames(run2, 48000));
    dev_memread(d, DEV_BUF_B, mem, cn * 4);
    want1 = dev_cyclic_expect(src, rn, 4, r0, c1);
    diff = dev_first_diff(mem, want1, c1, 4);
    ck_assert_msg(diff < 0, "before PAUSE: frame %" G_GINT64_FORMAT
                  " differs", diff);
    want2 = dev_cyclic_expect(src, rn, 4, r1, c2);
    diff = dev_first_diff(mem + c1 * 4, want2, c2, 4);
    ck_assert_msg(diff < 0, "after RUN: frame %" G_GINT64_FORMAT
                  " differs (render frame %" G_GUINT64_FORMAT ")", diff,
                  r1 + diff);
}
END_TEST

static Suite *device_abi_suite(void)
{
    Suite *s = suite_create("device-abi");
    TCase *tc;

    tc = cyc_tcase_new("registers", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_abi_rw_reserved_bits, 0,
                        G_N_ELEMENTS(reg_cases));
    tcase_add_test(tc, test_abi_access_sizes);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("state", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_abi_forced_stop_moves_due_frames, 0, 2);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("data", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_abi_capture_silence_every_format, 0,
                        2 * CYC_SFMT_COUNT);
    tcase_add_test(tc, test_abi_s24_low_byte_cleared_at_0db);
    tcase_add_test(tc, test_abi_loopback_capture_pause_realigns);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_abi_suite());
}
