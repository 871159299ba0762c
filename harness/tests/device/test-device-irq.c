/* SPDX-License-Identifier: MIT */
/*
 * Device suite, period interrupts as an ISR sees them: one interrupt per
 * period, at the period's ceil deadline, acknowledged by write-1-to-clear
 * before the next one, for capture and render, over MSI and INTx. The qtest
 * cases observe the interrupt before touching any register (a register read
 * brings the engine up to date and would hide a late interrupt). qtest never
 * jumps the clock by itself, so only the guest case, the real driver under
 * icount sleep=off with its vCPU halted between periods, can see an interrupt
 * raised after the device re-armed its timer arrive a period late.
 */
#include <stdio.h>
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S     120.0
#define BOOT_DEADLINE_S     120.0
#define AUDIODEV_NONE       "none,id=snd0,timer-period=2000"
#define MSI_DATA            0x4a
#define RATE                44100u
#define PERIOD_FRAMES       400u    /* 9070294.78 ns: the ceil matters */
#define BUF_FRAMES          4410u   /* periods do not divide the buffer */
#define NPERIODS            12u

typedef struct IrqCase {
    const char *name;
    gboolean capture;
    gboolean msi;
} IrqCase;

static const IrqCase irq_cases[] = {
    { "capture-generator-msi", TRUE, TRUE },
    { "capture-generator-intx", TRUE, FALSE },
    { "render-msi", FALSE, TRUE },
    { "render-intx", FALSE, FALSE },
};

/* The generator's ramp frame n in S16 stereo, little-endian. */
static void ramp_frame(guint64 n, guint8 out[4])
{
    guint c;

    for (c = 0; c < 2; c++) {
        guint32 v = cyc_s32_to_sfmt(cyc_gen_s32(CYC_GEN_MODE_RAMP, n, c, 0,
                                                RATE), CYC_SFMT_S16);

        out[c * 2] = (guint8)v;
        out[c * 2 + 1] = (guint8)(v >> 8);
    }
}

/*
 * Period k completes at t0 + ceil(k * P * 1e9 / rate): one ns earlier there
 * is no interrupt, at the deadline exactly one, and the ISR's W1C of
 * STS.PERIOD takes it back without sending another.
 */
START_TEST(test_irq_one_per_period_acked)
{
    const IrqCase *c = &irq_cases[_i];
    const guint block = c->capture ? CYC_CAPTURE_BLOCK(0) :
                                     CYC_RENDER_BLOCK(0);
    const guint32 fmt = dev_fmt(RATE, 2, CYC_SFMT_S16);
    g_autofree char *name = g_strdup_printf("device/irq-per-period-%s",
                                            c->name);
    g_autoptr(Dev) d = dev_launch(name, AUDIODEV_NONE,
                                  c->msi ? "msi=on" : "msi=off", NULL);
    g_autoptr(GError) err = NULL;
    g_autofree guint8 *fill = g_malloc(BUF_FRAMES * 4u);
    guint msis = 0;
    gint64 t0;
    guint k;

    ck_assert(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ, &err));
    ck_assert(cyc_qtest_irq_intercept(d->qt, "ioapic", &err));
    if (c->msi) {
        ck_assert_msg(cyc_qtest_pci_msi_enable(d->qt, d->devfn, DEV_MSI_ADDR,
                                               MSI_DATA, &err), "%s",
                      err ? err->message : "");
    }
    dev_ram_writel(d, DEV_MSI_ADDR, 0);
    memset(fill, 0xa5, BUF_FRAMES * 4u);
    dev_memwrite(d, DEV_BUF_A, fill, BUF_FRAMES * 4u);
    dev_program(d, block, fmt, DEV_BUF_A, BUF_FRAMES * 4u, PERIOD_FRAMES * 4u);
    if (c->capture) {
        dev_wr(d, CYC_REG_GEN_CTL,
               CYC_SET(0u, CYC_GEN_CTL_MODE, CYC_GEN_MODE_RAMP));
        dev_swr(d, block, CYC_SD_SRC,
                CYC_SET(0u, CYC_SRC_SEL, CYC_SRC_GENERATOR));
    }
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK | (1u << block));
    dev_set_state(d, block, CYC_CTL_PIE_MASK | CYC_CTL_EIE_MASK,
                  CYC_STATE_RUN);
    t0 = dev_now(d);

    for (k = 1; k <= NPERIODS; k++) {
        gint64 dl = t0 + dev_frames_to_ns_ceil((guint64)k * PERIOD_FRAMES,
                                               RATE);
        guint intx_before = cyc_qtest_irq_raise_count(d->qt, DEV_INTX_IRQ);
        gboolean fired;
        guint32 sts;

        dev_step(d, dl - 1 - dev_now(d));
        fired = c->msi ? dev_ram_readl(d, DEV_MSI_ADDR) == MSI_DATA :
                         cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ);
        ck_assert_msg(!fired, "%s period %u: interrupt 1 ns before its "
                      "deadline %" G_GINT64_FORMAT " ns", c->name, k, dl - t0);

        dev_step(d, 1);
        if (c->msi) {
            fired = dev_ram_readl(d, DEV_MSI_ADDR) == MSI_DATA;
            msis += fired;
            ck_assert_msg(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                          "%s period %u: INTA# asserted with MSI on", c->name,
                          k);
        } else {
            fired = cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ) &&
                    cyc_qtest_irq_raise_count(d->qt, DEV_INTX_IRQ) ==
                    intx_before + 1;
        }
        ck_assert_msg(fired, "%s period %u: no interrupt at its deadline %"
                      G_GINT64_FORMAT " ns (%u MSIs, %u INTx edges so far)",
                      c->name, k, dl - t0, msis,
                      cyc_qtest_irq_raise_count(d->qt, DEV_INTX_IRQ));
        if (c->capture) {
            /* The period's last frame is in memory when its interrupt is. */
            guint64 last = (guint64)k * PERIOD_FRAMES - 1;
            guint8 want[4], got[4];

            ramp_frame(last, want);
            dev_memread(d, DEV_BUF_A + (last % BUF_FRAMES) * 4u, got, 4);
            ck_assert_msg(!memcmp(want, got, 4), "%s period %u: frame %"
                          G_GUINT64_FORMAT " not captured at the interrupt",
                          c->name, k, last);
        }

        /* The ISR: INTSTS, then the block's STS written back, then PCOUNT. */
        ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS),
                          (1u << block) | CYC_INTSTS_GIS_MASK);
        sts = dev_srd(d, block, CYC_SD_STS);
        ck_assert_msg((sts & CYC_STS_W1C_MASK) == CYC_STS_PERIOD_MASK,
                      "%s period %u: STS 0x%x", c->name, k, sts);
        dev_swr(d, block, CYC_SD_STS, sts & CYC_STS_W1C_MASK);
        ck_assert_uint_eq(dev_srd(d, block, CYC_SD_PCOUNT), k);
        ck_assert_msg(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                      "%s period %u: INTx still high after W1C", c->name, k);
        if (c->msi) {
            ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), MSI_DATA);
            dev_ram_writel(d, DEV_MSI_ADDR, 0);
        }
        ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS), 0);
        if (c->msi) {
            ck_assert_msg(dev_ram_readl(d, DEV_MSI_ADDR) == 0,
                          "%s period %u: a second MSI after the W1C", c->name,
                          k);
        }
    }
    ck_assert_uint_eq(c->msi ? msis :
                      cyc_qtest_irq_raise_count(d->qt, DEV_INTX_IRQ),
                      NPERIODS);
    if (c->msi) {
        ck_assert_uint_eq(cyc_qtest_irq_raise_count(d->qt, DEV_INTX_IRQ), 0);
    }
}
END_TEST

/*
 * A guest masks INTx with the command register's Interrupt Disable (bit 10)
 * while the device asserts it, then unmasks it with a byte write to the
 * register's high byte (port 0xcfd): the line must rise then, and a system
 * reset must bring it down. QEMU 7.2 recounted the line only for writes that
 * cover the low byte, so it stayed low, and the reset found the bus's count
 * at -1 and aborted QEMU (device fuzz finding 1; QEMU patch 0010).
 */
START_TEST(test_irq_intx_unmasked_by_high_byte_then_reset)
{
    static const char *const reboot[] = { "-action", "reboot=reset", NULL };
    const guint block = CYC_RENDER_BLOCK(0);
    g_autoptr(Dev) d = dev_launch("device/irq-intx-high-byte", AUDIODEV_NONE,
                                  "msi=off", reboot);
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) ret = NULL;
    g_autoptr(JsonObject) ev = NULL;
    guint16 cmd;

    ck_assert(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ, &err));
    ck_assert(cyc_qtest_irq_intercept(d->qt, "ioapic", &err));
    cmd = cyc_qtest_pci_cfg_readw(d->qt, d->devfn, PCI_CFG_COMMAND, &err);
    ck_assert(cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PCI_CFG_COMMAND,
                                       cmd | PCI_CMD_INTX_DISABLE, &err));
    dev_program(d, block, dev_fmt(RATE, 2, CYC_SFMT_S16), DEV_BUF_A,
                BUF_FRAMES * 4u, PERIOD_FRAMES * 4u);
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK | (1u << block));
    dev_set_state(d, block, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, dev_frames_to_ns_ceil(PERIOD_FRAMES, RATE));
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS),
                      (1u << block) | CYC_INTSTS_GIS_MASK);
    ck_assert_msg(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                  "INTA# high with Interrupt Disable set");

    ck_assert(cyc_qtest_pci_cfg_writeb(d->qt, d->devfn, PCI_CFG_COMMAND + 1,
                                       cmd >> 8, &err));
    ck_assert_msg(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                  "INTA# still low after Interrupt Disable was cleared");

    ret = cyc_qemu_qmp(d->q, "system_reset", NULL, &err);
    ck_assert_msg(ret, "system_reset: %s", err->message);
    ev = cyc_qemu_wait_event(d->q, "RESET", &err);
    ck_assert_msg(ev, "no RESET event (QEMU died in the reset?): %s (%s)",
                  err->message, d->dir);
    ck_assert_msg(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ),
                  "INTA# high after the reset");
    d->bar = cyc_qtest_pci_map_bar0(d->qt, d->devfn, &err);
    ck_assert_msg(!err, "map BAR0 after the reset: %s", err->message);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
    dev_quit(d);
}
END_TEST

/*
 * The driver's ISR runs once per period of a generator capture. The guest
 * halts between periods; an interrupt raised after the device re-armed its
 * timer arrived one period late, merged with the next (6 ISRs for 11
 * periods). Each scenario summary line must show interrupts == periods.
 */
START_TEST(test_irq_guest_capture_generator_isr_per_period)
{
    static const char *const extra[] = {
        "-audiodev", "none,id=snd0",
        "-device", "cycaudio,audiodev=snd0",
        "-rtc", "clock=vm",
        NULL,
    };
    g_autoptr(GError) err = NULL;
    g_autoptr(CycBoot) run = NULL;
    g_auto(GStrv) lines = NULL;
    CycQemuOpts o;
    guint summaries = 0;
    guint i;

    cyc_assert_ok(cyc_boot_opts_init(&o,
                                     "device/irq-guest-capture-generator",
                                     "scenario=capture-generator "
                                     "duration_ms=100", &err), err);
    o.icount_shift = 5;
    o.extra = extra;
    o.deadline_s = BOOT_DEADLINE_S;
    run = cyc_boot_run(&o, &err);
    cyc_assert_no_error(err);
    cyc_assert_ok(cyc_boot_passed(run, &err), err);

    lines = g_strsplit(run->console, "\n", -1);
    for (i = 0; lines[i]; i++) {
        const char *p = strstr(lines[i], " periods=");
        const char *n = strstr(lines[i], " interrupts=");
        guint periods, interrupts;

        if (!g_str_has_prefix(lines[i], "# summary scenario=")) {
            continue;
        }
        ck_assert_msg(p && n && sscanf(p, " periods=%u", &periods) == 1 &&
                      sscanf(n, " interrupts=%u", &interrupts) == 1,
                      "summary without periods/interrupts: %s", lines[i]);
        if (interrupts != periods) {
            cyc_qemu_fail(run->q);
        }
        ck_assert_msg(interrupts == periods, "%u interrupts for %u periods: "
                      "%s (artifacts in %s)", interrupts, periods, lines[i],
                      cyc_qemu_artifact_dir(run->q));
        summaries++;
    }
    ck_assert_uint_eq(summaries, 3);
}
END_TEST

static Suite *device_irq_suite(void)
{
    Suite *s = suite_create("device-irq");
    TCase *tc;

    tc = cyc_tcase_new("per-period", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_irq_one_per_period_acked, 0,
                        G_N_ELEMENTS(irq_cases));
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("intx-disable", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_irq_intx_unmasked_by_high_byte_then_reset);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("guest", BOOT_DEADLINE_S + 30.0);
    tcase_add_test(tc, test_irq_guest_capture_generator_isr_per_period);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_irq_suite());
}
