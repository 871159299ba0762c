/* SPDX-License-Identifier: MIT */
/*
 * Device suite, fuzz findings: one qtest reproducer per finding of
 * scripts/fuzz device, named for what the fuzzer found, asserting the
 * behaviour the fix gives.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 120.0
#define AUDIODEV_WAV    "wav,id=snd0,path=%d/out.wav,out.frequency=48000," \
                        "out.channels=2,out.format=s16"
#define R0              CYC_RENDER_BLOCK(0)

/*
 * device finding 1: F32 samples far outside [-1, 1] and NaN went to QEMU's
 * mixer, whose float-to-integer conversion is undefined out of range (UBSan
 * in audio/mixeng.c; on x86 +1e30 played as full negative scale). They are
 * clipped: +1e30 plays +full scale, -1e30 -full scale, NaN silence.
 */
START_TEST(test_fuzz_f32_out_of_range_clipped)
{
    const guint bufn = 4800;
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_F32);
    const float big = 1e30f;
    const float nan = __builtin_nanf("");
    g_autoptr(Dev) d = dev_launch("device/fuzz-f32-range", AUDIODEV_WAV, NULL,
                                  NULL);
    g_autofree char *wav_path = dev_path(d, "out.wav");
    g_autofree guint8 *buf = g_malloc(bufn * 8);
    g_autoptr(CycWav) wav = NULL;
    g_autoptr(GError) err = NULL;
    guint64 i;

    for (i = 0; i < bufn; i++) {
        float l = (i % 2) ? -big : big;

        memcpy(buf + i * 8, &l, 4);
        memcpy(buf + i * 8 + 4, &nan, 4);
    }
    dev_memwrite(d, DEV_BUF_A, buf, bufn * 8);
    dev_program(d, R0, fmt, DEV_BUF_A, bufn * 8, 1200 * 8);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 100000000);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    dev_step(d, 100000000);
    dev_quit(d);
    wav = cyc_wav_load(wav_path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_ge(wav->frames, 1000);
    for (i = 0; i < wav->frames; i++) {
        gint16 l = (gint16)(wav->data[i * 4] | wav->data[i * 4 + 1] << 8);
        gint16 r = (gint16)(wav->data[i * 4 + 2] | wav->data[i * 4 + 3] << 8);

        ck_assert_msg(l == ((i % 2) ? G_MININT16 : G_MAXINT16) && r == 0,
                      "frame %" G_GUINT64_FORMAT ": %d %d", i, l, r);
    }
}
END_TEST

static Suite *fuzz_suite(void)
{
    Suite *s = suite_create("device-fuzz");
    TCase *tc = cyc_tcase_new("findings", TCASE_TIMEOUT_S);

    tcase_add_test(tc, test_fuzz_f32_out_of_range_clipped);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(fuzz_suite());
}
