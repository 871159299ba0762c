/* SPDX-License-Identifier: MIT */
/*
 * Device suite, position write-back (CTL.POSWB, ABI 1.2): the 16-byte record
 * of every stream equals the POS, PCOUNT and WALL formulas of
 * docs/cycaudio.rst after every transfer (timer-driven and register-driven),
 * at 8000, 44100, 48000 and 192000 Hz; a bad base is CYC_ERR_POSWB_ADDR at
 * START and a base turned bad while running is DMA_FAULT, QEMU alive.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 200.0
/* A long backend tick keeps the clock steps on the stream's own timer. */
#define AUDIODEV_NONE   "none,id=snd0,timer-period=50000"
#define R0              CYC_RENDER_BLOCK(0)
#define C0              CYC_CAPTURE_BLOCK(0)
#define POSWB_BASE      DEV_BUF_C
#define RUN_NS          G_GINT64_CONSTANT(400000000)

typedef struct Record {
    guint32 pos;
    guint32 pcount;
    guint64 wall;
} Record;

static Record read_record(Dev *d, guint64 base, guint block)
{
    guint8 raw[CYC_POSWB_ENTRY_SIZE];
    Record r;

    dev_memread(d, base + block * CYC_POSWB_ENTRY_SIZE, raw, sizeof(raw));
    memcpy(&r.pos, raw + CYC_POSWB_POS, sizeof(r.pos));
    memcpy(&r.pcount, raw + CYC_POSWB_PCOUNT, sizeof(r.pcount));
    memcpy(&r.wall, raw + CYC_POSWB_WALL, sizeof(r.wall));
    r.pos = GUINT32_FROM_LE(r.pos);
    r.pcount = GUINT32_FROM_LE(r.pcount);
    r.wall = GUINT64_FROM_LE(r.wall);
    return r;
}

/* The record of @frames transferred since a START at @t0 (WALL base @wb). */
static Record want_record(guint64 frames, guint rate, guint bufn, guint pern,
                          guint fb, gint64 t0, gint64 wb)
{
    Record r = {
        .pos = (guint32)((frames % bufn) * fb),
        .pcount = (guint32)(frames / pern),
        .wall = (guint64)(t0 - wb) + dev_frames_to_ns_ceil(frames, rate),
    };

    return r;
}

static void assert_record(const Record *got, const Record *want,
                          const char *what, gint64 t)
{
    ck_assert_msg(got->pos == want->pos && got->pcount == want->pcount &&
                  got->wall == want->wall,
                  "%s at t=%" G_GINT64_FORMAT ": record POS %u PCOUNT %u "
                  "WALL %" G_GUINT64_FORMAT ", want %u %u %" G_GUINT64_FORMAT,
                  what, t, got->pos, got->pcount, got->wall, want->pos,
                  want->pcount, want->wall);
}

static const guint rates[] = { 8000, 44100, 48000, 192000 };

/*
 * Render 0 and generator capture 0 run with POSWB; the clock moves from
 * deadline to deadline (every stream-timer transfer, each period boundary
 * among them) and after each the record must be the formula's for the
 * frames due then; a POS read in between (a register-driven transfer) must
 * leave the formula's record for that instant too.
 */
START_TEST(test_poswb_record_is_exact)
{
    const guint rate = rates[_i];
    const guint32 fmt = dev_fmt(rate, 2, CYC_SFMT_S16);
    const guint fb = 4;
    const guint pern = rate / 100 + 7;  /* need not divide the buffer */
    const guint bufn = pern * 3 + 5;
    const guint blocks[] = { R0, C0 };
    g_autofree char *name = g_strdup_printf("device/poswb-%u", rate);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    g_autoptr(GError) err = NULL;
    guint transfers[2] = { 0, 0 };
    Record last[2];
    gint64 t0, wb, now;
    guint64 wall;
    guint b;

    wall = dev_rd(d, CYC_REG_WALL_LO);
    wall |= (guint64)dev_rd(d, CYC_REG_WALL_HI) << 32;
    wb = dev_now(d) - (gint64)wall;
    dev_wr(d, CYC_REG_POSWB_LO, POSWB_BASE);
    dev_wr(d, CYC_REG_POSWB_HI, 0);
    for (b = 0; b < G_N_ELEMENTS(blocks); b++) {
        dev_program(d, blocks[b], fmt, b ? DEV_BUF_B : DEV_BUF_A,
                    bufn * fb, pern * fb);
    }
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_GENERATOR);
    for (b = 0; b < G_N_ELEMENTS(blocks); b++) {
        Record junk = { 0xdeadbeef, 0xdeadbeef, G_MAXUINT64 };

        dev_memwrite(d, POSWB_BASE + blocks[b] * CYC_POSWB_ENTRY_SIZE, &junk,
                     sizeof(junk));
        dev_swr(d, blocks[b], CYC_SD_CTL,
                CYC_SET(CYC_CTL_POSWB_MASK, CYC_CTL_STATE, CYC_STATE_RUN));
    }
    t0 = dev_now(d);
    for (b = 0; b < G_N_ELEMENTS(blocks); b++) {
        Record w = want_record(0, rate, bufn, pern, fb, t0, wb);

        /* START stores the record of position 0. */
        last[b] = read_record(d, POSWB_BASE, blocks[b]);
        assert_record(&last[b], &w, "START", t0);
    }
    do {
        now = cyc_qtest_clock_step_next(d->qt, &err);
        cyc_assert_no_error(err);
        for (b = 0; b < G_N_ELEMENTS(blocks); b++) {
            guint64 due = dev_ns_to_frames(now - t0, rate);
            Record got = read_record(d, POSWB_BASE, blocks[b]);
            Record w = want_record(due, rate, bufn, pern, fb, t0, wb);

            /* Another device's timer moves the clock without a transfer. */
            if (memcmp(&got, &last[b], sizeof(got))) {
                assert_record(&got, &w, "timer transfer", now - t0);
                transfers[b]++;
            }
            if (transfers[b] % 5 == 4) {
                ck_assert_uint_eq(dev_srd(d, blocks[b], CYC_SD_POS), w.pos);
                got = read_record(d, POSWB_BASE, blocks[b]);
                assert_record(&got, &w, "POS read", now - t0);
            }
            last[b] = got;
        }
    } while (now - t0 < RUN_NS);
    /* At least one transfer per period boundary, each checked. */
    for (b = 0; b < G_N_ELEMENTS(blocks); b++) {
        ck_assert_uint_ge(transfers[b],
                          dev_ns_to_frames(RUN_NS, rate) / pern);
        ck_assert_uint_eq(dev_srd(d, blocks[b], CYC_SD_ERR), CYC_ERR_NONE);
    }
}
END_TEST

/* Without CTL.POSWB nothing is written. */
START_TEST(test_poswb_off_writes_nothing)
{
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S16);
    g_autoptr(Dev) d = dev_launch("device/poswb-off", AUDIODEV_NONE, NULL,
                                  NULL);
    Record junk = { 0xdeadbeef, 0xdeadbeef, G_MAXUINT64 };
    Record got;

    dev_wr(d, CYC_REG_POSWB_LO, POSWB_BASE);
    dev_memwrite(d, POSWB_BASE, &junk, sizeof(junk));
    dev_program(d, R0, fmt, DEV_BUF_A, 4800 * 4, 480 * 4);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, 30000000);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 3);
    got = read_record(d, POSWB_BASE, R0);
    ck_assert(memcmp(&got, &junk, sizeof(got)) == 0);
}
END_TEST

typedef enum {
    BASE_UNALIGNED,     /* bits 3:0 not zero */
    BASE_BEYOND_RAM,    /* 512 MiB, above the 128 MiB of RAM */
    BASE_BAR,           /* the device's own BAR0 */
    BASE_WRAP,          /* the record of block n wraps 2^64 */
    BASE_ROM,           /* the BIOS ROM: not writable */
} BaseKind;

static const struct {
    const char *name;
    BaseKind kind;
    guint block;
} bad_bases[] = {
    { "unaligned", BASE_UNALIGNED, R0 },
    { "beyond-ram", BASE_BEYOND_RAM, C0 },
    { "bar", BASE_BAR, R0 },
    { "wrap", BASE_WRAP, C0 },
    { "rom", BASE_ROM, R0 },
};

static guint64 bad_base(Dev *d, BaseKind kind)
{
    switch (kind) {
    case BASE_UNALIGNED:
        return POSWB_BASE + 8;
    case BASE_BEYOND_RAM:
        return 0x20000000u;
    case BASE_BAR:
        return d->bar;
    case BASE_WRAP:
        return G_GUINT64_CONSTANT(0xfffffffffffffff0);
    default:
        return 0xfffc0000u;
    }
}

/*
 * START with CTL.POSWB and a bad base: STS.DMAERR, CYC_ERR_POSWB_ADDR, the
 * stream in STOP and nothing written; the device goes on working.
 */
START_TEST(test_poswb_bad_base)
{
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S16);
    g_autofree char *name = g_strdup_printf("device/poswb-bad-%s",
                                            bad_bases[_i].name);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    const guint block = bad_bases[_i].block;
    guint64 base = bad_base(d, bad_bases[_i].kind);
    guint32 sts;

    dev_wr(d, CYC_REG_POSWB_LO, (guint32)base);
    dev_wr(d, CYC_REG_POSWB_HI, (guint32)(base >> 32));
    ck_assert_uint_eq(dev_rd(d, CYC_REG_POSWB_LO), (guint32)base);
    dev_program(d, block, fmt, DEV_BUF_A, 4800 * 4, 480 * 4);
    dev_swr(d, block, CYC_SD_SRC, CYC_SRC_GENERATOR);
    dev_swr(d, block, CYC_SD_CTL,
            CYC_SET(CYC_CTL_POSWB_MASK, CYC_CTL_STATE, CYC_STATE_RUN));
    sts = dev_srd(d, block, CYC_SD_STS);
    ck_assert_uint_eq(sts & CYC_STS_DMAERR_MASK, CYC_STS_DMAERR_MASK);
    ck_assert_uint_eq(dev_srd(d, block, CYC_SD_ERR), CYC_ERR_POSWB_ADDR);
    ck_assert_uint_eq(CYC_GET(dev_srd(d, block, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_STOP);
    dev_step(d, 20000000);
    ck_assert_uint_eq(dev_frames(d, block), 0);

    /* Recovery: a good base starts the stream; QEMU answers. */
    dev_swr(d, block, CYC_SD_STS, sts);
    dev_wr(d, CYC_REG_POSWB_LO, POSWB_BASE);
    dev_wr(d, CYC_REG_POSWB_HI, 0);
    dev_swr(d, block, CYC_SD_CTL,
            CYC_SET(CYC_CTL_POSWB_MASK, CYC_CTL_STATE, CYC_STATE_RUN));
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_frames(d, block), 480);
    ck_assert_uint_eq(read_record(d, POSWB_BASE, block).pcount, 1);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
}
END_TEST

/*
 * The base is read at every transfer: moved onto the BAR while running, the
 * next record fails as a .memory DMA and the stream stops with DMA_FAULT.
 */
START_TEST(test_poswb_base_moved_onto_bar)
{
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S16);
    g_autoptr(Dev) d = dev_launch("device/poswb-moved", AUDIODEV_NONE, NULL,
                                  NULL);

    dev_wr(d, CYC_REG_POSWB_LO, POSWB_BASE);
    dev_program(d, R0, fmt, DEV_BUF_A, 4800 * 4, 480 * 4);
    dev_swr(d, R0, CYC_SD_CTL,
            CYC_SET(CYC_CTL_POSWB_MASK, CYC_CTL_STATE, CYC_STATE_RUN));
    dev_step(d, 10000000);
    ck_assert_uint_eq(read_record(d, POSWB_BASE, R0).pcount, 1);
    dev_wr(d, CYC_REG_POSWB_LO, (guint32)d->bar);
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_ERR), CYC_ERR_DMA_FAULT);
    ck_assert_uint_eq(CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_STOP);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
}
END_TEST

static Suite *device_poswb_suite(void)
{
    Suite *s = suite_create("device-poswb");
    TCase *tc;

    tc = cyc_tcase_new("record", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_poswb_record_is_exact, 0,
                        G_N_ELEMENTS(rates));
    tcase_add_test(tc, test_poswb_off_writes_nothing);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("errors", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_poswb_bad_base, 0, G_N_ELEMENTS(bad_bases));
    tcase_add_test(tc, test_poswb_base_moved_onto_bar);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_poswb_suite());
}
