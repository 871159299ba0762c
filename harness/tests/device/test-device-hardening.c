/* SPDX-License-Identifier: MIT */
/*
 * Device suite, hardening: every documented validation error, a DMA fault
 * while running, a seeded random-register soak, and migration in the middle
 * of a stream. QEMU must keep running through all of it.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 120.0
#define SOAK_TIMEOUT_S  400.0
#define AUDIODEV_NONE   "none,id=snd0"
#define AUDIODEV_WAV    "wav,id=snd0,path=%d/out.wav,out.frequency=48000," \
                        "out.channels=2,out.format=s16"
#define R0              CYC_RENDER_BLOCK(0)
#define C0              CYC_CAPTURE_BLOCK(0)
#define FMT_OK          (CYC_SET(CYC_SET(CYC_SET(0u, CYC_FMT_RATE, 48000), \
                                         CYC_FMT_CHANNELS, 2), \
                                 CYC_FMT_SFMT, CYC_SFMT_S16))
#define SOAK_OPS        100000u
#define SOAK_SEED       0x5eed1234u

/* QEMU is alive: the ID register reads back and QMP reports "running". */
static void assert_alive(Dev *d, const char *what)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) st = cyc_qemu_qmp(d->q, "query-status", NULL, &err);

    ck_assert_msg(st, "%s: query-status failed: %s", what,
                  err ? err->message : "?");
    ck_assert_msg(g_strcmp0(json_object_get_string_member_with_default(
                                json_node_get_object(st), "status", ""),
                            "running") == 0, "%s: QEMU not running", what);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
}

typedef enum {
    ADDR_RAM,           /* DEV_BUF_A */
    ADDR_BAR,           /* the device's own BAR0 */
    ADDR_BAR_STRADDLE,  /* 16 bytes below BAR0, 64 bytes long */
    ADDR_BEYOND_RAM,    /* 512 MiB, above the 128 MiB of RAM */
    ADDR_WRAP,          /* wraps the 64-bit address space */
    ADDR_IOAPIC,        /* inside another device's MMIO: the IOAPIC, */
    ADDR_HPET,          /* the HPET */
    ADDR_LAPIC,         /* and the local APIC */
    ADDR_RAM_END,       /* starts in RAM, ends beyond it */
    ADDR_BIOS_ROM,      /* the BIOS ROM: readable, not writable */
} AddrKind;

typedef struct ErrCase {
    const char *name;
    guint block;
    guint32 fmt;
    AddrKind addr;
    guint32 bsize;
    guint32 psize;
    guint32 ctl;        /* extra CTL bits (MODE, POSWB) */
    guint32 src;        /* capture SRC */
    guint state;        /* STATE written */
    gboolean fmt_while_running;
    guint32 want_sts;
    guint32 want_err;
} ErrCase;

#define BAD_FMT(rate, ch, sf) \
    (CYC_SET(CYC_SET(CYC_SET(0u, CYC_FMT_RATE, rate), CYC_FMT_CHANNELS, ch), \
             CYC_FMT_SFMT, sf))
#define DMAERR CYC_STS_DMAERR_MASK
#define FMTERR CYC_STS_FMTERR_MASK

static const ErrCase err_cases[] = {
    { "bsize-zero", R0, FMT_OK, ADDR_RAM, 0, 1200, 0, 0, CYC_STATE_RUN,
      FALSE, DMAERR, CYC_ERR_BSIZE_ZERO },
    { "psize-zero", R0, FMT_OK, ADDR_RAM, 4800, 0, 0, 0, CYC_STATE_RUN,
      FALSE, DMAERR, CYC_ERR_PSIZE_ZERO },
    { "period-gt-buffer", R0, FMT_OK, ADDR_RAM, 4800, 9600, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_PERIOD_GT_BUFFER },
    { "bsize-unaligned", R0, FMT_OK, ADDR_RAM, 4802, 1200, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_UNALIGNED },
    { "psize-unaligned", C0, FMT_OK, ADDR_RAM, 4800, 1202, 0,
      CYC_SRC_GENERATOR, CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_UNALIGNED },
    { "bsize-too-big", R0, FMT_OK, ADDR_RAM, CYC_BUFFER_MAX + 4, 1200, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_BSIZE_TOO_BIG },
    { "rate-low", R0, BAD_FMT(CYC_RATE_MIN - 1, 2, CYC_SFMT_S16), ADDR_RAM,
      4800, 1200, 0, 0, CYC_STATE_RUN, FALSE, FMTERR, CYC_ERR_BAD_RATE },
    { "rate-high", C0, BAD_FMT(CYC_RATE_MAX + 1, 2, CYC_SFMT_S16), ADDR_RAM,
      4800, 1200, 0, CYC_SRC_GENERATOR, CYC_STATE_RUN, FALSE, FMTERR,
      CYC_ERR_BAD_RATE },
    { "channels-zero", R0, BAD_FMT(48000, 0, CYC_SFMT_S16), ADDR_RAM, 4800,
      1200, 0, 0, CYC_STATE_RUN, FALSE, FMTERR, CYC_ERR_BAD_CHANNELS },
    { "channels-nine", R0, BAD_FMT(48000, 9, CYC_SFMT_S16), ADDR_RAM, 4800,
      1200, 0, 0, CYC_STATE_PAUSE, FALSE, FMTERR, CYC_ERR_BAD_CHANNELS },
    { "sfmt-5", R0, BAD_FMT(48000, 2, 5), ADDR_RAM, 4800, 1200, 0, 0,
      CYC_STATE_RUN, FALSE, FMTERR, CYC_ERR_BAD_SFMT },
    { "sfmt-7", C0, BAD_FMT(48000, 2, 7), ADDR_RAM, 4800, 1200, 0,
      CYC_SRC_GENERATOR, CYC_STATE_RUN, FALSE, FMTERR, CYC_ERR_BAD_SFMT },
    { "addr-own-bar", R0, FMT_OK, ADDR_BAR, 256, 64, 0, 0, CYC_STATE_RUN,
      FALSE, DMAERR, CYC_ERR_ADDR_SELF },
    { "addr-straddles-bar", C0, FMT_OK, ADDR_BAR_STRADDLE, 64, 16, 0,
      CYC_SRC_GENERATOR, CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_SELF },
    { "addr-beyond-ram", R0, FMT_OK, ADDR_BEYOND_RAM, 4800, 1200, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    { "addr-wraps", C0, FMT_OK, ADDR_WRAP, 4800, 1200, 0, CYC_SRC_GENERATOR,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    { "mode-reserved", R0, FMT_OK, ADDR_RAM, 4800, 1200,
      CYC_SET(0u, CYC_CTL_MODE, 2u), 0, CYC_STATE_RUN, FALSE,
      DMAERR, CYC_ERR_UNSUPPORTED },
    { "mode-sg-no-ring", R0, FMT_OK, ADDR_RAM, 4800, 1200,
      CYC_SET(0u, CYC_CTL_MODE, CYC_MODE_SG), 0, CYC_STATE_RUN, FALSE,
      DMAERR, CYC_ERR_SG_RING },
    { "source-reserved", C0, FMT_OK, ADDR_RAM, 4800, 1200, 0, 3,
      CYC_STATE_RUN, FALSE, FMTERR, CYC_ERR_BAD_SOURCE },
    { "loopback-absent-stream", C0, FMT_OK, ADDR_RAM, 4800, 1200, 0,
      CYC_SRC_LOOPBACK | CYC_SET(0u, CYC_SRC_LOOP, 3), CYC_STATE_RUN, FALSE,
      FMTERR, CYC_ERR_BAD_SOURCE },
    { "loopback-format-mismatch", C0, BAD_FMT(44100, 2, CYC_SFMT_S16),
      ADDR_RAM, 4800, 1200, 0, CYC_SRC_LOOPBACK, CYC_STATE_RUN, FALSE,
      FMTERR, CYC_ERR_LOOP_MISMATCH },
    { "state-reserved", R0, FMT_OK, ADDR_RAM, 4800, 1200, 0, 0, 3, FALSE,
      DMAERR, CYC_ERR_BAD_STATE },
    { "fmt-while-running", R0, FMT_OK, ADDR_RAM, 4800, 1200, 0, 0,
      CYC_STATE_RUN, TRUE, FMTERR, CYC_ERR_FMT_BUSY },
    /* Not entirely RAM (issue 8: these started, then failed with DMA_FAULT) */
    { "addr-ioapic", R0, FMT_OK, ADDR_IOAPIC, 1024, 256, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    { "addr-hpet", C0, FMT_OK, ADDR_HPET, 1024, 256, 0, CYC_SRC_GENERATOR,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    { "addr-lapic", R0, FMT_OK, ADDR_LAPIC, 1024, 256, 0, 0,
      CYC_STATE_PAUSE, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    { "addr-ram-end", R0, FMT_OK, ADDR_RAM_END, 4800, 1200, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    { "addr-rom-capture", C0, FMT_OK, ADDR_BIOS_ROM, 4800, 1200, 0,
      CYC_SRC_GENERATOR, CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    /* Several errors at once: the first in the documented order wins. */
    { "first-rate-before-bsize", R0, BAD_FMT(7999, 0, 7), ADDR_RAM, 0, 0, 0,
      0, CYC_STATE_RUN, FALSE, FMTERR, CYC_ERR_BAD_RATE },
    { "first-channels-before-sfmt", R0, BAD_FMT(48000, 0, 7), ADDR_RAM, 0, 0,
      0, 0, CYC_STATE_RUN, FALSE, FMTERR, CYC_ERR_BAD_CHANNELS },
    /* POSWB is cyclic-mode only: with SG it is UNSUPPORTED, first. */
    { "first-mode-before-sizes", R0, FMT_OK, ADDR_BAR, 0, 0,
      CYC_SET(0u, CYC_CTL_MODE, CYC_MODE_SG) | CYC_CTL_POSWB_MASK, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_UNSUPPORTED },
    { "first-bsize-zero-before-psize", R0, FMT_OK, ADDR_BAR, 0, 0, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_BSIZE_ZERO },
    { "first-psize-zero-before-too-big", R0, FMT_OK, ADDR_RAM,
      CYC_BUFFER_MAX + 2, 0, 0, 0, CYC_STATE_RUN, FALSE, DMAERR,
      CYC_ERR_PSIZE_ZERO },
    { "first-too-big-before-unaligned", R0, FMT_OK, ADDR_RAM,
      CYC_BUFFER_MAX + 2, 1202, 0, 0, CYC_STATE_RUN, FALSE, DMAERR,
      CYC_ERR_BSIZE_TOO_BIG },
    { "first-unaligned-before-period", R0, FMT_OK, ADDR_RAM, 4802, 9600, 0,
      0, CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_UNALIGNED },
    { "first-period-before-addr", R0, FMT_OK, ADDR_BAR, 64, 128, 0, 0,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_PERIOD_GT_BUFFER },
    { "first-wrap-before-self", C0, FMT_OK, ADDR_WRAP, 4800, 1200, 0, 3,
      CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
    { "first-self-before-invalid", C0, FMT_OK, ADDR_BAR_STRADDLE, 64, 16, 0,
      3, CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_SELF },
    { "first-invalid-before-source", C0, FMT_OK, ADDR_IOAPIC, 1024, 256, 0,
      3, CYC_STATE_RUN, FALSE, DMAERR, CYC_ERR_ADDR_INVALID },
};

static guint64 err_case_addr(const Dev *d, AddrKind kind)
{
    switch (kind) {
    case ADDR_BAR:
        return d->bar;
    case ADDR_BAR_STRADDLE:
        return d->bar - 16;
    case ADDR_BEYOND_RAM:
        return 0x20000000u;
    case ADDR_WRAP:
        return G_GUINT64_CONSTANT(0xfffffffffffff000);
    case ADDR_IOAPIC:
        return 0xfec00000u;
    case ADDR_HPET:
        return 0xfed00000u;
    case ADDR_LAPIC:
        return 0xfee00000u;
    case ADDR_RAM_END:
        return DEV_RAM_MB * 0x100000u - 2400;
    case ADDR_BIOS_ROM:
        return 0xfffc0000u;
    default:
        return DEV_BUF_A;
    }
}

/* Each bad program: documented STS bit and ERR code, INTx, STOP, alive. */
START_TEST(test_errors_documented_status)
{
    const ErrCase *c = &err_cases[_i];
    g_autofree char *name = g_strdup_printf("device/error-%s", c->name);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE, NULL, NULL);
    g_autoptr(GError) err = NULL;
    guint32 enables = CYC_CTL_EIE_MASK | c->ctl;
    guint32 sts;

    ck_assert(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ, &err));
    ck_assert(cyc_qtest_irq_intercept(d->qt, "ioapic", &err));
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK | (1u << c->block));
    dev_swr(d, R0, CYC_SD_FMT, FMT_OK);
    dev_program(d, c->block, c->fmt, err_case_addr(d, c->addr), c->bsize,
                c->psize);
    if (c->block == C0) {
        dev_swr(d, C0, CYC_SD_SRC, c->src);
    }
    dev_set_state(d, c->block, enables, c->state);
    if (c->fmt_while_running) {
        ck_assert_uint_eq(dev_srd(d, c->block, CYC_SD_ERR), CYC_ERR_NONE);
        dev_step(d, 1000000);
        dev_swr(d, c->block, CYC_SD_FMT, dev_fmt(44100, 2, CYC_SFMT_S16));
        ck_assert_uint_eq(dev_srd(d, c->block, CYC_SD_FMT), FMT_OK);
    }
    sts = dev_srd(d, c->block, CYC_SD_STS);
    ck_assert_msg((sts & CYC_STS_W1C_MASK) == c->want_sts,
                  "%s: STS 0x%x, want 0x%x", c->name, sts, c->want_sts);
    ck_assert_msg(dev_srd(d, c->block, CYC_SD_ERR) == c->want_err,
                  "%s: ERR %u, want %u", c->name,
                  dev_srd(d, c->block, CYC_SD_ERR), c->want_err);
    ck_assert_msg(CYC_GET(dev_srd(d, c->block, CYC_SD_CTL), CYC_CTL_STATE) ==
                  CYC_STATE_STOP, "%s: stream not stopped", c->name);
    ck_assert_msg(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                  "%s: no interrupt for the error", c->name);
    dev_swr(d, c->block, CYC_SD_STS, c->want_sts);
    ck_assert_msg(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                  "%s: interrupt stays after W1C", c->name);
    dev_step(d, 50000000);
    ck_assert_uint_eq(dev_srd(d, c->block, CYC_SD_POS), 0);
    assert_alive(d, c->name);
}
END_TEST

/* A DMA failure while running (bus mastering turned off): DMA_FAULT, STOP. */
START_TEST(test_errors_dma_fault_while_running)
{
    g_autoptr(Dev) d = dev_launch("device/error-dma-fault", AUDIODEV_NONE,
                                  NULL, NULL);
    g_autoptr(GError) err = NULL;
    guint16 cmd;

    dev_program(d, R0, FMT_OK, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_set_state(d, R0, CYC_CTL_EIE_MASK, CYC_STATE_RUN);
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_W1C_MASK, 0);
    cmd = cyc_qtest_pci_cfg_readw(d->qt, d->devfn, PCI_CFG_COMMAND, &err);
    cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PCI_CFG_COMMAND,
                             cmd & ~PCI_CMD_MASTER, &err);
    cyc_assert_no_error(err);
    dev_step(d, 30000000);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_STS) & CYC_STS_W1C_MASK,
                      CYC_STS_DMAERR_MASK);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_ERR), CYC_ERR_DMA_FAULT);
    ck_assert_uint_eq(CYC_GET(dev_srd(d, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_STOP);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS) & CYC_INTSTS_SIS_MASK,
                      1u << R0);
    assert_alive(d, "dma-fault");
}
END_TEST

static guint32 soak_next(guint32 *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* A value a confused or hostile driver might write to stream register @reg. */
static guint32 soak_stream_value(guint32 *x, guint32 reg, guint64 bar)
{
    static const guint rates[] = { 0, 1, 7999, 8000, 44100, 48000, 192000,
                                   192001, 0x3ffff };
    guint32 r = soak_next(x);

    if (r & 1) {
        return soak_next(x);
    }
    switch (reg) {
    case CYC_SD_CTL:
        return CYC_SET(soak_next(x) & ((r >> 16) % 16 ? 0x0070u : 0x7070u),
                       CYC_CTL_STATE, (r >> 20) % 16 ? (r >> 8) % 3 : 3) |
               ((r >> 12) % 64 ? 0 : CYC_CTL_SRST_MASK);
    case CYC_SD_FMT:
        return BAD_FMT(rates[(r >> 4) % G_N_ELEMENTS(rates)], (r >> 12) % 10,
                       (r >> 16) % 8);
    case CYC_SD_BUF_LO:
        return (r >> 8) % 8 ? DEV_BUF_A + (soak_next(x) & 0xffffc) :
                              (guint32)bar + (r >> 16) % 0x1000;
    case CYC_SD_BUF_HI:
        return (r >> 8) % 8 ? 0 : soak_next(x);
    case CYC_SD_BSIZE:
    case CYC_SD_PSIZE:
        return (r >> 4) % 4 ? (soak_next(x) % 4096) * 4 : soak_next(x) % 64;
    case CYC_SD_SRC:
        return soak_next(x) & 0x7f;
    case CYC_SD_SGLVI:
        return (r >> 4) % 8 ? soak_next(x) % 32 : soak_next(x);
    default:
        return soak_next(x);
    }
}

/*
 * A scatter-gather ring at DEV_BUF_B for @block: mostly valid descriptors
 * into the noise at DEV_BUF_A, some random (any length, address, the BAR);
 * SGCOUNT usually valid, SGLVI anywhere in it. Returns CTL's MODE bits.
 */
static guint32 soak_ring(Dev *d, guint32 *x, guint block)
{
    guint8 ring[CYC_SG_DESC_SIZE * 32];
    guint32 count = soak_next(x) % 8 ? 2 + soak_next(x) % 31 :
                                       soak_next(x) % 300;
    guint i;

    dev_fill_random(ring, sizeof(ring), soak_next(x));
    for (i = 0; i < 32; i++) {
        guint8 *e = ring + i * CYC_SG_DESC_SIZE;
        guint64 a = DEV_BUF_A + soak_next(x) % 0xf0000;
        guint32 l = (1 + soak_next(x) % 1024) * 4;

        if (soak_next(x) % 8) {
            memcpy(e + CYC_SG_DESC_ADDR, &a, 8);
            memcpy(e + CYC_SG_DESC_LEN, &l, 4);
        } else if (soak_next(x) % 2) {
            a = d->bar;
            memcpy(e + CYC_SG_DESC_ADDR, &a, 8);
        }
    }
    dev_memwrite(d, DEV_BUF_B, ring, sizeof(ring));
    dev_swr(d, block, CYC_SD_BUF_LO, DEV_BUF_B);
    dev_swr(d, block, CYC_SD_SGCOUNT, count);
    dev_swr(d, block, CYC_SD_SGLVI, count ? soak_next(x) % count : 0);
    return CYC_SET(0u, CYC_CTL_MODE, CYC_MODE_SG);
}

/*
 * A coherent, valid program of a random block (absent ones included) that
 * ends in RUN or PAUSE, so the soak exercises running engines too; one in
 * three runs a scatter-gather ring instead of a cyclic buffer.
 */
static void soak_program(Dev *d, guint32 *x)
{
    static const guint rates[] = { 8000, 11025, 22050, 44100, 48000, 96000,
                                   192000 };
    guint block = soak_next(x) % CYC_MAX_STREAMS;
    guint32 fmt = BAD_FMT(rates[soak_next(x) % G_N_ELEMENTS(rates)],
                          1 + soak_next(x) % CYC_CHANNELS_MAX,
                          soak_next(x) % CYC_SFMT_COUNT);
    guint fb = CYC_GET(fmt, CYC_FMT_CHANNELS) *
               cyc_sfmt_bytes(CYC_GET(fmt, CYC_FMT_SFMT));
    guint bufn = 1 + soak_next(x) % 4096;
    guint pn = 1 + soak_next(x) % bufn;
    guint32 r = soak_next(x);
    guint32 mode;

    if (CYC_GET(dev_srd(d, block, CYC_SD_CTL), CYC_CTL_STATE)) {
        dev_set_state(d, block, 0, CYC_STATE_STOP);
    }
    dev_program(d, block, fmt, DEV_BUF_A + (soak_next(x) % 0x80000) * 4,
                bufn * fb, pn * fb);
    dev_swr(d, block, CYC_SD_SRC, soak_next(x) % 3 |
                                  CYC_SET(0u, CYC_SRC_LOOP, r % 2) |
                                  ((r >> 12) % 2 ? CYC_SRC_MIX_MASK : 0));
    dev_swr(d, block, CYC_SD_VOL, (r >> 8) % 4 ? 0 : soak_next(x));
    mode = (r >> 20) % 3 ? 0 : soak_ring(d, x, block);
    dev_set_state(d, block, (r & 0xf0u) | mode,
                  (r >> 4) % 4 ? CYC_STATE_RUN : CYC_STATE_PAUSE);
}

/* Config-space traffic: bus mastering on/off, MSI on/off (BAR kept). */
static void soak_config(Dev *d, guint32 r)
{
    g_autoptr(GError) err = NULL;
    guint16 cmd = cyc_qtest_pci_cfg_readw(d->qt, d->devfn, PCI_CFG_COMMAND,
                                          &err);

    if (r % 2) {
        cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PCI_CFG_COMMAND,
                                 cmd ^ PCI_CMD_MASTER, &err);
    } else if ((r >> 1) % 2) {
        cyc_qtest_pci_msi_enable(d->qt, d->devfn, DEV_MSI_ADDR, r >> 16, &err);
    } else {
        guint8 cap = cyc_qtest_pci_find_cap(d->qt, d->devfn, 0x05, &err);

        if (cap) {
            cyc_qtest_pci_cfg_writew(d->qt, d->devfn, cap + 2, 0, &err);
        }
    }
    cyc_assert_no_error(err);
}

/*
 * Seeded random register traffic and clock steps: QEMU stays alive.
 * CYC_SOAK_OPS, CYC_SOAK_SEED override; CYC_SOAK_TRACE=1 keeps a stream
 * trace (with CYC_KEEP_ARTIFACTS=1) to measure what the soak reached.
 */
START_TEST(test_soak_random_registers)
{
    const char *env_ops = g_getenv("CYC_SOAK_OPS");
    const char *env_seed = g_getenv("CYC_SOAK_SEED");
    guint32 ops = env_ops ? (guint32)g_ascii_strtoull(env_ops, NULL, 0) :
                            SOAK_OPS;
    guint32 seed = env_seed ? (guint32)g_ascii_strtoull(env_seed, NULL, 0) :
                              SOAK_SEED;
    static const char *const trace[] = {
        "-trace", "cycaudio_stream_*", "-D", "%d/trace.log", NULL,
    };
    g_autoptr(Dev) d = dev_launch("device/soak", AUDIODEV_NONE,
                                  "render-streams=2,capture-streams=2,"
                                  "fifo-frames=1024",
                                  g_getenv("CYC_SOAK_TRACE") ? trace : NULL);
    g_autofree guint8 *noise = g_malloc(1u << 20);
    guint32 x = seed;
    guint64 stepped = 0;
    guint32 i;

    dev_fill_random(noise, 1u << 20, seed);
    dev_memwrite(d, DEV_BUF_A, noise, 1u << 20);
    for (i = 0; i < ops; i++) {
        guint32 r = soak_next(&x);
        guint32 kind = r % 100;

        if (kind < 8) {
            soak_program(d, &x);
        } else if (kind < 55) {
            guint block = (r >> 8) % CYC_MAX_STREAMS;
            guint32 reg = ((r >> 12) % (CYC_STREAM_STRIDE / 4)) * 4;

            if ((r >> 20) % 2) {
                reg = (r >> 21) % 2 ? CYC_SD_CTL : CYC_SD_FMT;
            }
            dev_wr(d, CYC_STREAM_OFF(block) + reg,
                   soak_stream_value(&x, reg, d->bar));
        } else if (kind < 75) {
            dev_rd(d, ((r >> 8) % (CYC_BAR0_SIZE / 4)) * 4);
        } else if (kind < 85) {
            guint32 off = ((r >> 8) % (CYC_GLOBAL_END / 4)) * 4;

            if (off == CYC_REG_GCTL && (r >> 20) % 16) {
                continue;   /* keep global resets rare */
            }
            dev_wr(d, off, soak_next(&x));
        } else if (kind < 97) {
            gint64 ns = soak_next(&x) % 5000000;

            dev_step(d, ns);
            stepped += ns;
        } else if (kind < 99) {
            dev_wr(d, ((r >> 8) % (CYC_BAR0_SIZE / 4)) * 4, soak_next(&x));
        } else {
            soak_config(d, r >> 8);
        }
        if (i % 10000 == 0) {
            ck_assert_msg(dev_rd(d, CYC_REG_ID) == CYC_ID_VALUE,
                          "seed 0x%x: ID wrong after %u operations", seed, i);
        }
    }
    assert_alive(d, "soak");
    g_printerr("# soak: %u operations, seed 0x%x, %" G_GUINT64_FORMAT
               " ns of virtual time\n", ops, seed, stepped);
}
END_TEST

static void wait_migration(Dev *d)
{
    gint64 until = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

    while (g_get_monotonic_time() < until) {
        g_autoptr(GError) err = NULL;
        g_autoptr(JsonNode) r = cyc_qemu_qmp(d->q, "query-migrate", NULL,
                                             &err);
        const char *st;

        ck_assert_msg(r, "query-migrate: %s", err ? err->message : "?");
        st = json_object_get_string_member_with_default(
            json_node_get_object(r), "status", "");
        if (g_strcmp0(st, "completed") == 0) {
            return;
        }
        ck_assert_msg(g_strcmp0(st, "failed") && g_strcmp0(st, "cancelled"),
                      "migration %s (artifacts %s)", st, d->dir);
        g_usleep(10000);
    }
    ck_abort_msg("migration did not complete in 30 s");
}

static void wait_running(CycQemu *q)
{
    gint64 until = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

    while (g_get_monotonic_time() < until) {
        g_autoptr(GError) err = NULL;
        g_autoptr(JsonNode) r = cyc_qemu_qmp(q, "query-status", NULL, &err);

        ck_assert_msg(r, "query-status: %s", err ? err->message : "?");
        if (g_strcmp0(json_object_get_string_member_with_default(
                          json_node_get_object(r), "status", ""),
                      "running") == 0) {
            return;
        }
        g_usleep(10000);
    }
    ck_abort_msg("incoming migration did not finish in 30 s");
}

/*
 * Save to a file in the middle of a stream, restore into a new QEMU: the two
 * dumps concatenated are every frame exactly once; the two WAVs have no
 * repeated frame (frames still inside the source's audio mixer are lost,
 * measured and printed).
 */
START_TEST(test_migration_mid_stream)
{
    const guint bufn = 4800;
    const guint capn = 12000;
    const gint64 t_mig = 123456789;
    g_autoptr(Dev) src = dev_launch("device/migration-src", AUDIODEV_WAV,
                                    "dump=%d/dump.wav", NULL);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("exec:cat > '%s'", state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    g_autofree char *args = NULL;
    g_autofree guint8 *ramp = g_malloc(bufn * 4);
    g_autofree guint8 *want = NULL;
    g_autofree guint8 *joined = NULL;
    g_autoptr(CycWav) sdump = NULL, ddump = NULL, swav = NULL, dwav = NULL;
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autofree char *sdump_path = dev_path(src, "dump.wav");
    g_autofree char *swav_path = dev_path(src, "out.wav");
    g_autofree char *ddump_path = NULL;
    g_autofree char *dwav_path = NULL;
    g_autoptr(Dev) dst = NULL;
    g_autofree guint8 *cap = NULL;
    guint64 total, r0, captured;
    gint64 diff;

    dev_fill_random(ramp, bufn * 4, 77);
    dev_memwrite(src, DEV_BUF_A, ramp, bufn * 4);
    dev_program(src, R0, FMT_OK, DEV_BUF_A, bufn * 4, 1200 * 4);
    dev_program(src, C0, FMT_OK, DEV_BUF_B, capn * 4, 1000 * 4);
    dev_swr(src, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK);
    dev_set_state(src, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(src, 10000007);
    dev_set_state(src, C0, 0, CYC_STATE_RUN);
    r0 = dev_frames(src, R0);
    dev_step(src, t_mig - 10000007);
    args = g_strdup_printf("{\"uri\": \"%s\"}", uri);
    r = cyc_qemu_qmp(src->q, "migrate", args, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    wait_migration(src);
    sdump = cyc_wav_load(sdump_path, &err);
    cyc_assert_no_error(err);
    dev_quit(src);
    swav = cyc_wav_load(swav_path, &err);
    cyc_assert_no_error(err);

    /* The destination: same device, its own output files. */
    dst = dev_start("device/migration-dst", AUDIODEV_WAV, "dump=%d/dump.wav",
                    in_extra);
    dst->bar = CYC_QTEST_BAR0_ADDR;  /* restored from the source's config */
    wait_running(dst->q);
    /* qtest's clock counter is not migrated (a real vCPU clock is). */
    ck_assert(cyc_qtest_clock_set(dst->qt, t_mig, &err) >= t_mig);
    ck_assert_uint_eq(CYC_GET(dev_srd(dst, R0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_RUN);
    dev_step(dst, 100000003);
    dev_set_state(dst, C0, 0, CYC_STATE_STOP);
    captured = dev_frames(dst, C0);
    ck_assert_uint_eq(captured,
                      dev_ns_to_frames(t_mig + 100000003 - 10000007, 48000));
    cap = g_malloc(captured * 4);
    dev_memread(dst, DEV_BUF_B, cap, captured * 4);
    dev_set_state(dst, R0, 0, CYC_STATE_STOP);
    total = dev_frames(dst, R0);
    ck_assert_uint_eq(total, dev_ns_to_frames(t_mig + 100000003, 48000));
    dev_step(dst, 100000000);
    ddump_path = dev_path(dst, "dump.wav");
    dwav_path = dev_path(dst, "out.wav");
    ddump = cyc_wav_load(ddump_path, &err);
    cyc_assert_no_error(err);
    dev_quit(dst);
    dwav = cyc_wav_load(dwav_path, &err);
    cyc_assert_no_error(err);

    want = dev_cyclic_expect(ramp, bufn, 4, 0, total);
    ck_assert_msg(sdump->frames + ddump->frames == total,
                  "dumps hold %" G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT
                  " frames, stream fetched %" G_GUINT64_FORMAT, sdump->frames,
                  ddump->frames, total);
    joined = g_malloc(total * 4);
    memcpy(joined, sdump->data, sdump->frames * 4);
    memcpy(joined + sdump->frames * 4, ddump->data, ddump->frames * 4);
    diff = dev_first_diff(joined, want, total, 4);
    ck_assert_msg(diff < 0, "dumps differ at frame %" G_GINT64_FORMAT, diff);
    /* The loopback capture ran across the migration: frame n = R0 + n. */
    diff = dev_first_diff(cap, want + r0 * 4, captured, 4);
    ck_assert_msg(diff < 0, "loopback capture differs at frame %"
                  G_GINT64_FORMAT " (render frame %" G_GUINT64_FORMAT ")",
                  diff, r0 + diff);

    /* WAV: source output is a prefix, destination output a suffix. */
    ck_assert(swav->frames + dwav->frames <= total);
    ck_assert_msg(!memcmp(swav->data, want, swav->frames * 4),
                  "source WAV is not a prefix of the stream");
    ck_assert_msg(!memcmp(dwav->data, want + (total - dwav->frames) * 4,
                          dwav->frames * 4),
                  "destination WAV is not a suffix of the stream");
    g_printerr("# migration: %" G_GUINT64_FORMAT " frames; dumps %"
               G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT "; WAVs %"
               G_GUINT64_FORMAT " + %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT
               " frames left in the source's audio mixer)\n", total,
               sdump->frames, ddump->frames, swav->frames, dwav->frames,
               total - swav->frames - dwav->frames);
}
END_TEST

/*
 * Issue 11: a device saved in D3hot comes back in D3hot (PMCSR migrates with
 * configuration space): its BAR still reads all ones, and D0 gives the
 * power-on registers.
 */
START_TEST(test_migration_in_d3hot)
{
    g_autoptr(Dev) src = dev_launch("device/migration-d3-src", AUDIODEV_NONE,
                                    "", NULL);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("exec:cat > '%s'", state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    g_autofree char *args = g_strdup_printf("{\"uri\": \"%s\"}", uri);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(Dev) dst = NULL;
    guint8 pm;

    dev_program(src, R0, FMT_OK, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_set_state(src, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(src, 10000000);
    pm = cyc_qtest_pci_find_cap(src->qt, src->devfn, 0x01, &err);
    ck_assert_uint_eq(pm, CYC_PCI_PM_CAP);
    cyc_qtest_pci_cfg_writew(src->qt, src->devfn, pm + CYC_PCI_PM_PMCSR,
                             CYC_PM_D3HOT, &err);
    cyc_assert_no_error(err);
    r = cyc_qemu_qmp(src->q, "migrate", args, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    wait_migration(src);
    dev_quit(src);

    dst = dev_start("device/migration-d3-dst", AUDIODEV_NONE, "", in_extra);
    dst->bar = CYC_QTEST_BAR0_ADDR;
    dst->devfn = src->devfn;
    wait_running(dst->q);
    ck_assert_uint_eq(cyc_qtest_pci_cfg_readw(dst->qt, dst->devfn, pm +
                                              CYC_PCI_PM_PMCSR, &err),
                      CYC_PM_D3HOT);
    ck_assert_uint_eq(dev_rd(dst, CYC_REG_ID), CYC_PM_OFF_READ);
    dev_step(dst, 10000000);
    cyc_qtest_pci_cfg_writew(dst->qt, dst->devfn, pm + CYC_PCI_PM_PMCSR,
                             CYC_PM_D0,
                             &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dev_rd(dst, CYC_REG_ID), CYC_ID_VALUE);
    ck_assert_uint_eq(dev_srd(dst, R0, CYC_SD_CTL), 0);
    ck_assert_uint_eq(dev_frames(dst, R0), 0);
}
END_TEST

/*
 * The guest aims MSI at the device's own CTL with SRST as the data: each
 * interrupt the timer raises would write into the device from inside its own
 * engine (the 7.2 reentrancy guard covers MMIO dispatch, not timers or audio
 * callbacks). The write must be ignored: the stream keeps running.
 */
START_TEST(test_reentrancy_msi_to_own_bar_ignored)
{
    g_autoptr(Dev) d = dev_launch("device/msi-self", AUDIODEV_NONE, "msi=on",
                                  NULL);
    g_autoptr(GError) err = NULL;
    guint64 target = d->bar + CYC_STREAM_OFF(R0) + CYC_SD_CTL;
    guint32 ctl;

    ck_assert_msg(cyc_qtest_pci_msi_enable(d->qt, d->devfn, target,
                                           CYC_CTL_SRST_MASK, &err), "%s",
                  err ? err->message : "");
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK | CYC_INTCTL_SIE_MASK);
    dev_program(d, R0, FMT_OK, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, 30000000);      /* 1440 frames: one period boundary */
    ctl = dev_srd(d, R0, CYC_SD_CTL);
    ck_assert_msg(CYC_GET(ctl, CYC_CTL_STATE) == CYC_STATE_RUN &&
                  (ctl & CYC_CTL_PIE_MASK),
                  "MSI to 0x%" G_GINT64_MODIFIER "x (data 0x%x) reset stream "
                  "0 from its own timer: CTL 0x%x", target, CYC_CTL_SRST_MASK,
                  ctl);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_PCOUNT), 1);
    ck_assert_uint_eq(dev_frames(d, R0), 1440);
    assert_alive(d, "msi-self");
}
END_TEST

/*
 * Capture from the audiodev in S32: the audio core's AUD_read stores int32_t
 * samples into the device's bounce buffer, which must be sample-aligned
 * (scripts/sanitize's UBSan build reported a misaligned store here).
 */
START_TEST(test_capture_audiodev_s32_aligned)
{
    g_autoptr(Dev) d = dev_launch("device/capture-s32", AUDIODEV_NONE, NULL,
                                  NULL);
    const guint32 fmt = dev_fmt(48000, 2, CYC_SFMT_S32);

    dev_program(d, C0, fmt, DEV_BUF_B, 4800 * 8, 1200 * 8);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_AUDIODEV);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    dev_step(d, 200000000);
    ck_assert_uint_eq(dev_frames(d, C0), 9600);
    assert_alive(d, "capture S32 from the audiodev");
}
END_TEST

/* A dump path in a missing folder: realize fails, QEMU says why and exits. */
START_TEST(test_dump_missing_folder_refused)
{
    const char *path = "/nonexistent-cycaudio-dir/dump.wav";
    g_autofree char *props = g_strdup_printf("dump=%s", path);
    g_autoptr(GError) err = NULL;
    g_autoptr(Dev) d = dev_try_start("device/dump-missing-folder",
                                     AUDIODEV_NONE, props, NULL, &err);

    ck_assert_msg(!d, "QEMU started with dump=%s", path);
    ck_assert_msg(g_error_matches(err, CYC_ERROR, CYC_ERROR_EXITED) &&
                  strstr(err->message, "cannot open dump file") &&
                  !strstr(err->message, "Sanitizer"),
                  "dump=%s: %s", path, err->message);
}
END_TEST

/*
 * A full disk (/dev/full): the first write fails, the dump stops with one
 * error, CAPS.DUMP clears, and the stream runs on.
 */
START_TEST(test_dump_full_disk_stops_dump)
{
    g_autoptr(Dev) d = dev_launch("device/dump-full", AUDIODEV_NONE,
                                  "dump=/dev/full", NULL);
    g_autofree char *log = NULL;
    guint32 caps;

    ck_assert(CYC_GET(dev_rd(d, CYC_REG_CAPS), CYC_CAPS_DUMP));
    dev_program(d, R0, FMT_OK, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_frames(d, R0), 480);
    dev_step(d, 100000000);
    ck_assert_uint_eq(dev_frames(d, R0), 5280);
    caps = dev_rd(d, CYC_REG_CAPS);
    ck_assert_msg(!CYC_GET(caps, CYC_CAPS_DUMP), "CAPS 0x%x: dump still on "
                  "after writes to /dev/full failed", caps);
    assert_alive(d, "dump to /dev/full");
    log = cyc_qemu_stderr(d->q);
    ck_assert_msg(strstr(log, "writing dump file '/dev/full' failed") &&
                  strstr(log, "failed") == g_strrstr(log, "failed"),
                  "want one dump error in: %s", log);
}
END_TEST

/* Migration torture: the same streams with and without a hop every N ms. */
#define TORTURE_HOPS    8u
#define TORTURE_HOP_NS  25000000    /* virtual time between two migrations */
#define TORTURE_BUFN    4800u       /* render buffer, frames */
#define TORTURE_CAPN    48000u      /* capture buffer, frames: never wraps */

typedef struct TortureRun {
    GByteArray *dump;       /* every instance's dump, in order */
    GPtrArray *wavs;        /* every instance's WAV (CycWav), in order */
    guint8 *cap;            /* the capture buffer, captured frames */
    guint64 captured, total;
    guint hops;
} TortureRun;

/* Quits @d and appends its dump and WAV to @out (migrated or finished). */
static void torture_collect(Dev *d, TortureRun *out)
{
    g_autofree char *dump_path = dev_path(d, "dump.wav");
    g_autofree char *wav_path = dev_path(d, "out.wav");
    g_autoptr(CycWav) dump = NULL;
    g_autoptr(GError) err = NULL;
    CycWav *wav;

    dump = cyc_wav_load(dump_path, &err);
    cyc_assert_no_error(err);
    g_byte_array_append(out->dump, dump->data, dump->frames * 4);
    dev_quit(d);
    wav = cyc_wav_load(wav_path, &err);
    cyc_assert_no_error(err);
    g_ptr_array_add(out->wavs, wav);
}

/* Migrates @src to a file and into a new QEMU at virtual time @now. */
static Dev *torture_hop(Dev *src, guint hop, gint64 now, TortureRun *out)
{
    g_autofree char *name = g_strdup_printf("device/migration-torture-%u",
                                            hop);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *args = g_strdup_printf(
        "{\"uri\": \"exec:cat > '%s'\"}", state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = cyc_qemu_qmp(src->q, "migrate", args, &err);
    Dev *dst;

    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    wait_migration(src);
    torture_collect(src, out);
    dst = dev_start(name, AUDIODEV_WAV, "dump=%d/dump.wav", in_extra);
    dst->bar = CYC_QTEST_BAR0_ADDR;
    wait_running(dst->q);
    ck_assert(cyc_qtest_clock_set(dst->qt, now, &err) >= now);
    dev_free(src);      /* its folder held the state file until now */
    out->hops++;
    return dst;
}

/*
 * Render stream 0 (random data) and its loopback capture for 200 ms, plus
 * a drain; with @migrate the VM moves to a file and back every
 * TORTURE_HOP_NS of virtual time.
 */
static void torture_run(gboolean migrate, const guint8 *ramp, TortureRun *out)
{
    Dev *d = dev_launch(migrate ? "device/migration-torture-0" :
                        "device/migration-torture-ref", AUDIODEV_WAV,
                        "dump=%d/dump.wav", NULL);
    gint64 now = 10000007;
    guint hop;

    out->dump = g_byte_array_new();
    out->wavs = g_ptr_array_new_with_free_func((GDestroyNotify)cyc_wav_free);
    out->hops = 0;
    dev_memwrite(d, DEV_BUF_A, ramp, TORTURE_BUFN * 4);
    dev_program(d, R0, FMT_OK, DEV_BUF_A, TORTURE_BUFN * 4, 1200 * 4);
    dev_program(d, C0, FMT_OK, DEV_BUF_B, TORTURE_CAPN * 4, 1000 * 4);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, now);
    dev_set_state(d, C0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    for (hop = 1; hop <= TORTURE_HOPS; hop++) {
        dev_step(d, TORTURE_HOP_NS);
        now += TORTURE_HOP_NS;
        if (migrate) {
            d = torture_hop(d, hop, now, out);
        }
    }
    dev_step(d, 3000001);
    dev_set_state(d, C0, 0, CYC_STATE_STOP);
    out->captured = dev_frames(d, C0);
    out->cap = g_malloc(out->captured * 4);
    dev_memread(d, DEV_BUF_B, out->cap, out->captured * 4);
    dev_set_state(d, R0, 0, CYC_STATE_STOP);
    out->total = dev_frames(d, R0);
    dev_step(d, 100000000);     /* the backend plays what was fetched */
    torture_collect(d, out);
    dev_free(d);
}

static void torture_free(TortureRun *r)
{
    g_byte_array_unref(r->dump);
    g_ptr_array_unref(r->wavs);
    g_free(r->cap);
}

/*
 * Migration torture: the dump, the captured data and the WAV output
 * (every instance's, joined) of a run that hops to a file and back every
 * 25 ms of virtual time are bit-identical to an unmigrated run's.
 */
START_TEST(test_migration_torture)
{
    g_autofree guint8 *ramp = g_malloc(TORTURE_BUFN * 4);
    g_autofree guint8 *want = NULL;
    TortureRun ref = { 0 };
    TortureRun tor = { 0 };
    guint64 at = 0;
    guint64 played = 0;
    gint64 diff;
    guint i;

    dev_fill_random(ramp, TORTURE_BUFN * 4, 91);
    torture_run(FALSE, ramp, &ref);
    torture_run(TRUE, ramp, &tor);
    ck_assert_uint_eq(tor.hops, TORTURE_HOPS);
    ck_assert_uint_eq(tor.total, ref.total);
    ck_assert_uint_eq(tor.dump->len, ref.total * 4);
    ck_assert_uint_eq(ref.dump->len, ref.total * 4);
    diff = dev_first_diff(tor.dump->data, ref.dump->data, ref.total, 4);
    ck_assert_msg(diff < 0, "dump differs from the unmigrated run at frame %"
                  G_GINT64_FORMAT, diff);
    ck_assert_uint_eq(tor.captured, ref.captured);
    diff = dev_first_diff(tor.cap, ref.cap, ref.captured, 4);
    ck_assert_msg(diff < 0, "capture differs from the unmigrated run at "
                  "frame %" G_GINT64_FORMAT, diff);

    /* WAV: the instances' outputs, joined, are the unmigrated output. */
    played = ((CycWav *)ref.wavs->pdata[0])->frames;
    want = dev_cyclic_expect(ramp, TORTURE_BUFN, 4, 0, ref.total);
    ck_assert(played <= ref.total);
    ck_assert(!memcmp(((CycWav *)ref.wavs->pdata[0])->data, want,
                      played * 4));
    ck_assert_uint_eq(tor.wavs->len, TORTURE_HOPS + 1);
    for (i = 0; i < tor.wavs->len; i++) {
        const CycWav *w = tor.wavs->pdata[i];

        ck_assert_msg(at + w->frames <= played &&
                      !memcmp(want + at * 4, w->data, w->frames * 4),
                      "WAV of instance %u (%" G_GUINT64_FORMAT " frames) "
                      "differs from the unmigrated output at frame %"
                      G_GUINT64_FORMAT, i, w->frames, at);
        at += w->frames;
    }
    ck_assert_uint_eq(at, played);
    g_printerr("# migration torture: %u migrations, %" G_GUINT64_FORMAT
               " frames rendered, dumped and played, %" G_GUINT64_FORMAT
               " captured, all bit-identical to the unmigrated run\n",
               tor.hops, ref.total, ref.captured);
    torture_free(&ref);
    torture_free(&tor);
}
END_TEST

/*
 * A hostile migration stream: one field of render stream 0 overwritten in a
 * saved state. QEMU must refuse the load cleanly (exit status 1, "load of
 * migration failed") or come up running and survive a second of virtual time;
 * never crash or hang. Offsets are from the latched cfg.addr (big-endian), the
 * field layout of vmstate_cycaudio_stream.
 */
typedef struct CorruptCase {
    const char *name;
    gint off;
    guint len;
    guint64 val;
    gboolean accept;
} CorruptCase;

#define MIG_BSIZE   (4800u * 4)
#define MIG_PSIZE   (1200u * 4)
#define MIG_T       10000007

static const CorruptCase corrupt_cases[] = {
    { "state_7", -4, 4, 7, FALSE },
    { "cfg_bsize_0", 8, 4, 0, FALSE },
    { "cfg_psize_over_bsize", 12, 4, MIG_BSIZE * 2, FALSE },
    { "cfg_fmt_rate_0", 16, 4, CYC_SET(0u, CYC_FMT_CHANNELS, 2), FALSE },
    { "start_ns_negative", 24, 8, G_GUINT64_CONSTANT(0x8000000000000000),
      FALSE },
    { "start_ns_far_future", 24, 8, G_MAXINT64, TRUE },
    { "base_after_run", 32, 8, G_MAXUINT64, FALSE },
    { "periods_huge", 56, 8, G_MAXUINT64, FALSE },
    { "fifo_cap_over_size", 77, 4, G_MAXUINT32, FALSE },
    { "fifo_rd_over_cap", 81, 4, G_MAXUINT32 - 3, FALSE },
    { "fifo_level_over_cap", 85, 4, G_MAXUINT32 - 3, FALSE },
};

static void put_be(guint8 *p, guint64 val, guint len)
{
    guint i;

    for (i = 0; i < len; i++) {
        p[i] = val >> (8 * (len - 1 - i));
    }
}

/* Offset of render stream 0's cfg.addr in a saved state, or -1. */
static gssize find_cfg(const guint8 *p, gsize len)
{
    guint8 pat[24];
    gsize i;

    put_be(pat, DEV_BUF_A, 8);
    put_be(pat + 8, MIG_BSIZE, 4);
    put_be(pat + 12, MIG_PSIZE, 4);
    put_be(pat + 16, FMT_OK, 4);
    put_be(pat + 20, 0, 4);
    for (i = 0; i + sizeof(pat) <= len; i++) {
        if (!memcmp(p + i, pat, sizeof(pat))) {
            return i;
        }
    }
    return -1;
}

/*
 * Starts a QEMU restoring a saved state and waits until it runs or exits.
 * Returns -1 with *dst running, or QEMU's exit status with *dst NULL when it
 * exited while starting; *log gets QEMU's stderr.
 */
static int load_state(const char *name, const char *const *in_extra,
                      Dev **dst, char **log)
{
    g_autoptr(GError) err = NULL;
    gint64 until = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    gboolean running = FALSE;
    int status = -1;

    *dst = dev_try_start(name, AUDIODEV_NONE, NULL, in_extra, &err);
    if (!*dst) {
        /* It exited while starting: the message carries its stderr. */
        ck_assert_msg(g_error_matches(err, CYC_ERROR, CYC_ERROR_EXITED),
                      "%s: %s", name, err->message);
        *log = g_strdup(err->message);
        return 1;
    }
    while (g_get_monotonic_time() < until) {
        g_autoptr(GError) qerr = NULL;
        g_autoptr(JsonNode) st = NULL;

        status = cyc_qemu_exit_status((*dst)->q);
        if (status >= 0) {
            break;
        }
        st = cyc_qemu_qmp((*dst)->q, "query-status", NULL, &qerr);
        if (st && !g_strcmp0(json_object_get_string_member_with_default(
                                 json_node_get_object(st), "status", ""),
                             "running")) {
            running = TRUE;
            break;
        }
        g_usleep(10000);
    }
    *log = cyc_qemu_stderr((*dst)->q);
    status = cyc_qemu_exit_status((*dst)->q);
    ck_assert_msg(running || status >= 0, "%s: neither running nor exited "
                  "30 s after the load: %s", name, *log);
    (*dst)->bar = CYC_QTEST_BAR0_ADDR;  /* restored from the source's config */
    return status;
}

START_TEST(test_migration_corrupt_stream_refused)
{
    const CorruptCase *c = &corrupt_cases[_i];
    g_autofree char *name = g_strdup_printf("device/corrupt-%s", c->name);
    g_autofree char *src_name = g_strconcat(name, "-src", NULL);
    g_autoptr(Dev) src = dev_launch(src_name, AUDIODEV_NONE, NULL, NULL);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("{\"uri\": \"exec:cat > '%s'\"}",
                                           state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(Dev) dst = NULL;
    g_autofree guint8 *buf = NULL;
    g_autofree char *log = NULL;
    gsize len;
    gssize at;
    int status;

    dev_program(src, R0, FMT_OK, DEV_BUF_A, MIG_BSIZE, MIG_PSIZE);
    dev_set_state(src, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(src, MIG_T);
    r = cyc_qemu_qmp(src->q, "migrate", uri, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    wait_migration(src);
    dev_quit(src);

    ck_assert(g_file_get_contents(state, (char **)&buf, &len, &err));
    at = find_cfg(buf, len);
    ck_assert_msg(at >= 0, "%s: stream 0's cfg not found in %zu bytes",
                  c->name, len);
    at += c->off;
    ck_assert(at >= 0 && (gsize)at + c->len <= len);
    put_be(buf + at, c->val, c->len);
    ck_assert(g_file_set_contents(state, (char *)buf, len, &err));

    status = load_state(name, in_extra, &dst, &log);
    if (status >= 0) {
        ck_assert_msg(!c->accept, "%s = 0x%" G_GINT64_MODIFIER "x: load "
                      "refused (exit %d): %s", c->name, c->val, status, log);
        ck_assert_msg(status == 1, "%s: QEMU exit status %d, "
                      "want 1: %s", c->name, status, log);
        ck_assert_msg(strstr(log, "load of migration failed") &&
                      !strstr(log, "Sanitizer") &&
                      !strstr(log, "runtime error"),
                      "%s: not a clean refusal: %s", c->name, log);
        return;
    }
    ck_assert_msg(c->accept, "%s = 0x%" G_GINT64_MODIFIER "x: QEMU accepted "
                  "the load (stream 0 state %u)", c->name, c->val,
                  CYC_GET(dev_srd(dst, R0, CYC_SD_CTL), CYC_CTL_STATE));
    ck_assert(cyc_qtest_clock_set(dst->qt, MIG_T, &err) >= MIG_T);
    dev_step(dst, DEV_NS);
    dev_srd(dst, R0, CYC_SD_POS);
    assert_alive(dst, c->name);
}
END_TEST

/*
 * A legitimate state the START checks would reject: the render stream a
 * loopback capture takes from was stopped and given another FMT while the
 * capture kept running. post_load must accept it (the capture's latched FMT
 * is what counts) and the capture keeps running.
 */
START_TEST(test_migration_loopback_source_reformatted_loads)
{
    g_autoptr(Dev) src = dev_launch("device/migration-refmt-src",
                                    AUDIODEV_NONE, NULL, NULL);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("{\"uri\": \"exec:cat > '%s'\"}",
                                           state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    const guint32 fmt2 = dev_fmt(44100, 2, CYC_SFMT_S16);
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(Dev) dst = NULL;
    g_autofree char *log = NULL;
    guint64 frames;
    int status;

    dev_program(src, R0, FMT_OK, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_program(src, C0, FMT_OK, DEV_BUF_B, 4800 * 4, 1200 * 4);
    dev_swr(src, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK);
    dev_set_state(src, R0, 0, CYC_STATE_RUN);
    dev_set_state(src, C0, 0, CYC_STATE_RUN);
    dev_step(src, MIG_T);
    dev_set_state(src, R0, 0, CYC_STATE_STOP);
    dev_swr(src, R0, CYC_SD_FMT, fmt2);
    /* MODE and POSWB may be written while running; START checked them. */
    dev_swr(src, C0, CYC_SD_CTL, CYC_SET(CYC_CTL_POSWB_MASK, CYC_CTL_STATE,
                                         CYC_STATE_RUN));
    frames = dev_frames(src, C0);
    r = cyc_qemu_qmp(src->q, "migrate", uri, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    wait_migration(src);
    dev_quit(src);

    status = load_state("device/migration-refmt-dst", in_extra, &dst, &log);
    ck_assert_msg(status < 0, "render 0 FMT 0x%x, capture 0 FMT 0x%x: load "
                  "refused (exit %d): %s", fmt2, FMT_OK, status, log);
    ck_assert(cyc_qtest_clock_set(dst->qt, MIG_T, &err) >= MIG_T);
    ck_assert_uint_eq(CYC_GET(dev_srd(dst, C0, CYC_SD_CTL), CYC_CTL_STATE),
                      CYC_STATE_RUN);
    dev_step(dst, 10000000);
    ck_assert_uint_eq(dev_frames(dst, C0), frames + 480);
    assert_alive(dst, "refmt");
}
END_TEST

/* ACPI PCI hotplug ports of the pc machine (the guest's eject, done here). */
#define ACPI_PCIHP_EJ   0xae08u
#define UNPLUG_SLOT     5u

/*
 * Unplug with streams running (render, draining, capture) releases timers,
 * voices and the card: the clock keeps running without the device, and a
 * new device plugged into the same slot works.
 */
START_TEST(test_unplug_releases_everything)
{
    g_autoptr(Dev) d = dev_launch("device/unplug", AUDIODEV_NONE,
                                  "id=snd,addr=0x5,dump=%d/dump.wav", NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(JsonNode) r2 = NULL;
    g_autoptr(JsonObject) ev = NULL;
    guint devfn = 0;

    ck_assert_uint_eq(d->devfn, UNPLUG_SLOT << 3);
    dev_program(d, R0, FMT_OK, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_program(d, CYC_RENDER_BLOCK(1), FMT_OK, DEV_BUF_B, 4800 * 4, 1200 * 4);
    dev_program(d, C0, FMT_OK, DEV_BUF_C, 4800 * 4, 1200 * 4);
    dev_swr(d, C0, CYC_SD_SRC, CYC_SRC_LOOPBACK);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_set_state(d, CYC_RENDER_BLOCK(1), 0, CYC_STATE_RUN);
    dev_set_state(d, C0, 0, CYC_STATE_RUN);
    dev_step(d, 20000000);
    dev_set_state(d, CYC_RENDER_BLOCK(1), 0, CYC_STATE_STOP);

    r = cyc_qemu_qmp(d->q, "device_del", "{\"id\": \"snd\"}", &err);
    ck_assert_msg(r, "device_del: %s", err ? err->message : "?");
    ck_assert(cyc_qtest_outl(d->qt, ACPI_PCIHP_EJ, 1u << UNPLUG_SLOT, &err));
    ev = cyc_qemu_wait_event(d->q, "DEVICE_DELETED", &err);
    ck_assert_msg(ev, "no DEVICE_DELETED: %s", err ? err->message : "?");
    dev_step(d, 200000000);
    ck_assert(!cyc_qtest_pci_find(d->qt, CYC_PCI_VENDOR_ID, CYC_PCI_DEVICE_ID,
                                  &devfn, NULL));

    r2 = cyc_qemu_qmp(d->q, "device_add",
                      "{\"driver\": \"cycaudio\", \"id\": \"snd2\", "
                      "\"audiodev\": \"snd0\", \"addr\": \"0x5\"}", &err);
    ck_assert_msg(r2, "device_add: %s", err ? err->message : "?");
    ck_assert(cyc_qtest_pci_find(d->qt, CYC_PCI_VENDOR_ID, CYC_PCI_DEVICE_ID,
                                 &devfn, &err));
    d->bar = cyc_qtest_pci_map_bar0(d->qt, devfn, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_CTL), 0);
    dev_program(d, R0, FMT_OK, DEV_BUF_A, 4800 * 4, 1200 * 4);
    dev_set_state(d, R0, 0, CYC_STATE_RUN);
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_frames(d, R0), 480);
    assert_alive(d, "unplug");
}
END_TEST

static Suite *device_hardening_suite(void)
{
    Suite *s = suite_create("device-hardening");
    TCase *tc;

    tc = cyc_tcase_new("errors", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_errors_documented_status, 0,
                        G_N_ELEMENTS(err_cases));
    tcase_add_test(tc, test_errors_dma_fault_while_running);
    tcase_add_test(tc, test_reentrancy_msi_to_own_bar_ignored);
    tcase_add_test(tc, test_capture_audiodev_s32_aligned);
    tcase_add_test(tc, test_dump_missing_folder_refused);
    tcase_add_test(tc, test_dump_full_disk_stops_dump);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("soak", SOAK_TIMEOUT_S);
    tcase_add_test(tc, test_soak_random_registers);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("unplug", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_unplug_releases_everything);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("migration", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_migration_mid_stream);
    tcase_add_test(tc, test_migration_in_d3hot);
    tcase_add_test(tc, test_migration_torture);
    tcase_add_test(tc, test_migration_loopback_source_reformatted_loads);
    tcase_add_loop_test(tc, test_migration_corrupt_stream_refused, 0,
                        G_N_ELEMENTS(corrupt_cases));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_hardening_suite());
}
