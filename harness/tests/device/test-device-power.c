/* SPDX-License-Identifier: MIT */
/*
 * Device suite, power management (issue 11): the PCI PM capability with D0
 * and D3hot only, the BAR dead outside D0, D3hot -> D0 resetting every BAR
 * register while configuration space survives, and a migration in D3hot.
 */
#include <string.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S 120.0
#define AUDIODEV_NONE   "none,id=snd0,timer-period=2000"
#define R0              CYC_RENDER_BLOCK(0)
#define PM_ID           0x01    /* PCI capability ID of power management */
#define PMCSR           (CYC_PCI_PM_CAP + CYC_PCI_PM_PMCSR)
#define BUF_FRAMES      4800u

static guint16 pm_read(Dev *d, guint off)
{
    g_autoptr(GError) err = NULL;
    guint16 v = cyc_qtest_pci_cfg_readw(d->qt, d->devfn, off, &err);

    cyc_assert_no_error(err);
    return v;
}

static void pm_set(Dev *d, guint state)
{
    g_autoptr(GError) err = NULL;

    cyc_assert_ok(cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PMCSR,
                                           CYC_SET(0u, CYC_PMCSR_STATE,
                                                   state), &err), err);
}

static guint32 cfg_readl(Dev *d, guint off)
{
    g_autoptr(GError) err = NULL;
    guint32 v = cyc_qtest_pci_cfg_readl(d->qt, d->devfn, off, &err);

    cyc_assert_no_error(err);
    return v;
}

/* A running 48 kHz S16 stereo stream on R0, MASTER and INTCTL set. */
static void run_render(Dev *d)
{
    dev_program(d, R0, dev_fmt(48000, 2, CYC_SFMT_S16), DEV_BUF_A,
                BUF_FRAMES * 4, 480 * 4);
    dev_wr(d, CYC_REG_MASTER, CYC_SET(0u, CYC_VOL_ATT, 12));
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK | 1u);
    dev_set_state(d, R0, CYC_CTL_PIE_MASK, CYC_STATE_RUN);
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_frames(d, R0), 480);
}

/* The capability as the ABI documents it, in the capability list. */
START_TEST(test_power_capability)
{
    g_autoptr(Dev) d = dev_launch("device/power-capability", AUDIODEV_NONE,
                                  "", NULL);
    g_autoptr(GError) err = NULL;

    ck_assert_uint_eq(cyc_qtest_pci_find_cap(d->qt, d->devfn, PM_ID, &err),
                      CYC_PCI_PM_CAP);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(pm_read(d, CYC_PCI_PM_CAP + CYC_PCI_PM_PMC),
                      CYC_PCI_PM_PMC_VALUE);
    ck_assert_uint_eq(pm_read(d, PMCSR), 0);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_CAPS), CYC_CAPS_PM), 1);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_VERSION), CYC_VERSION_MINOR),
                      CYC_ABI_MINOR);
    /* No_Soft_Reset and the reserved bits are read-only 0 */
    cyc_assert_ok(cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PMCSR, 0xfffc,
                                           &err), err);
    ck_assert_uint_eq(pm_read(d, PMCSR), 0);
}
END_TEST

/*
 * D3hot: the BAR reads all ones and drops writes, the stream stops at once;
 * back in D0 every BAR register has its reset value (No_Soft_Reset = 0)
 * while the configuration space (BAR, command, PMCSR) kept its values.
 */
START_TEST(test_power_d3_loses_register_context)
{
    g_autoptr(Dev) d = dev_launch("device/power-d3", AUDIODEV_NONE, "", NULL);
    guint32 bar0 = cfg_readl(d, PCI_CFG_BAR0);
    guint32 cmd = cfg_readl(d, PCI_CFG_COMMAND) & 0xffff;

    run_render(d);
    pm_set(d, CYC_PM_D3HOT);
    ck_assert_uint_eq(CYC_GET(pm_read(d, PMCSR), CYC_PMCSR_STATE),
                      CYC_PM_D3HOT);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_PM_OFF_READ);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_CTL), CYC_PM_OFF_READ);
    dev_wr(d, CYC_REG_MASTER, 0);
    dev_swr(d, R0, CYC_SD_CTL, CYC_SET(0u, CYC_CTL_STATE, CYC_STATE_RUN));
    dev_step(d, 50000000);
    pm_set(d, CYC_PM_D0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_MASTER), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTCTL), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_GEN_FREQ), CYC_GEN_FREQ_RESET);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_CTL), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_FMT), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_BSIZE), 0);
    ck_assert_uint_eq(dev_srd(d, R0, CYC_SD_BUF_LO), 0);
    ck_assert_uint_eq(dev_frames(d, R0), 0);
    ck_assert_uint_lt(dev_rd(d, CYC_REG_WALL_LO), 1000000);
    ck_assert_uint_eq(cfg_readl(d, PCI_CFG_BAR0), bar0);
    ck_assert_uint_eq(cfg_readl(d, PCI_CFG_COMMAND) & 0xffff, cmd);
    /* the stream programs and runs again as after power-on */
    run_render(d);
}
END_TEST

/* D1 and D2 are not supported: the write is discarded, nothing stops. */
START_TEST(test_power_d1_d2_ignored)
{
    g_autoptr(Dev) d = dev_launch("device/power-d1-d2", AUDIODEV_NONE, "",
                                  NULL);

    run_render(d);
    pm_set(d, 1);
    ck_assert_uint_eq(pm_read(d, PMCSR), 0);
    pm_set(d, 2);
    ck_assert_uint_eq(pm_read(d, PMCSR), 0);
    dev_step(d, 10000000);
    ck_assert_uint_eq(dev_frames(d, R0), 960);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_MASTER), CYC_SET(0u, CYC_VOL_ATT, 12));
}
END_TEST

/* The interrupt a running stream raised drops when the device enters D3. */
START_TEST(test_power_d3_lowers_intx)
{
    g_autoptr(Dev) d = dev_launch("device/power-intx", AUDIODEV_NONE,
                                  "msi=off", NULL);
    g_autoptr(GError) err = NULL;

    cyc_assert_ok(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ,
                                           &err), err);
    cyc_assert_ok(cyc_qtest_irq_intercept(d->qt, "ioapic", &err), err);
    run_render(d);
    ck_assert(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    pm_set(d, CYC_PM_D3HOT);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    dev_step(d, 50000000);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
}
END_TEST

static Suite *power_suite(void)
{
    Suite *s = suite_create("device-power");
    TCase *tc = cyc_tcase_new("power", TCASE_TIMEOUT_S);

    tcase_add_test(tc, test_power_capability);
    tcase_add_test(tc, test_power_d3_loses_register_context);
    tcase_add_test(tc, test_power_d1_d2_ignored);
    tcase_add_test(tc, test_power_d3_lowers_intx);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(power_suite());
}
