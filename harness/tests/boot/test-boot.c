/* SPDX-License-Identifier: MIT */
/*
 * Boot suite: the guest platform booted for real under icount. Scenarios
 * that must pass, scenarios that must fail with a given bugcheck (the
 * expected outcome), the scenario list, and byte-identical consoles across
 * two runs. One QEMU per test, artifacts kept for failed runs.
 */
#include <string.h>

#include "cyc.h"

#define BOOT_ICOUNT_SHIFT 4
#define BOOT_DEADLINE_S 60.0

/* Boots the guest with @append on @machine (NULL: pc) with the cycaudio
 * device, waits for the exit status and keeps the console. */
static CycBoot *boot_run(const char *name, const char *machine,
                         const char *append)
{
    static const char *const extra[] = {
        "-audiodev", "none,id=snd0", "-device", "cycaudio,audiodev=snd0",
        "-rtc", "clock=vm", NULL,
    };
    g_autoptr(GError) err = NULL;
    CycBoot *run;
    CycQemuOpts o;

    cyc_assert_ok(cyc_boot_opts_init(&o, name, append, &err), err);
    o.machine = machine;
    o.icount_shift = BOOT_ICOUNT_SHIFT;
    o.extra = extra;
    o.deadline_s = BOOT_DEADLINE_S;
    run = cyc_boot_run(&o, &err);
    ck_assert_msg(run, "%s: %s", append, err ? err->message : "");
    return run;
}

typedef struct BootPassCase {
    const char *name;
    const char *machine;
    const char *append;
    guint min_tests;
} BootPassCase;

static const BootPassCase boot_pass_cases[] = {
    { "boot-hello-pc", "pc", "scenario=hello", 5 },
    { "boot-hello-q35", "q35", "scenario=hello", 5 },
    { "boot-pci-pc", "pc", "scenario=pci", 7 },
    { "boot-pci-q35", "q35", "scenario=pci", 7 },
    { "boot-timer", "pc", "scenario=timer", 12 },
    { "boot-irq-msi", "pc", "scenario=irq irq=msi", 7 },
    { "boot-irq-intx", "pc", "scenario=irq irq=intx", 7 },
    { "boot-irq-msi-q35", "q35", "scenario=irq irq=msi", 7 },
    { "boot-irq-intx-q35", "q35", "scenario=irq irq=intx", 7 },
    { "boot-fault-resume", "pc", "scenario=fault-resume", 1 },
    /* C++ compiled as a Windows x64 driver (issue 14). */
    { "boot-cxx-runtime", "pc", "scenario=cxx-runtime", 14 },
};

/* The platform's own scenarios pass on both machines and every test in
 * their plan reports ok. */
START_TEST(test_boot_scenario_passes)
{
    const BootPassCase *c = &boot_pass_cases[_i];
    g_autoptr(CycBoot) run = boot_run(c->name, c->machine, c->append);
    g_autoptr(CycTap) tap = cyc_tap_parse(run->console);
    g_autoptr(GError) err = NULL;

    if (run->status != CYC_BOOT_PASS_STATUS || !cyc_tap_all_passed(tap, &err) ||
        tap->planned < c->min_tests) {
        cyc_qemu_fail(run->q);
    }
    ck_assert_msg(run->status == CYC_BOOT_PASS_STATUS,
                  "%s on %s: QEMU exit %d (want %d); artifacts in %s",
                  c->append, c->machine, run->status, CYC_BOOT_PASS_STATUS,
                  cyc_qemu_artifact_dir(run->q));
    ck_assert_msg(err == NULL, "%s on %s: %s (artifacts in %s)", c->append,
                  c->machine, err ? err->message : "",
                  cyc_qemu_artifact_dir(run->q));
    ck_assert_msg(tap->planned >= c->min_tests,
                  "%s: plan 1..%u, want at least %u", c->append, tap->planned,
                  c->min_tests);
}
END_TEST

typedef struct BootStopCase {
    const char *name;
    const char *append;
    const char *stop;     /* expected prefix of the STOP line */
    const char *detail;   /* another line the report must contain, or NULL */
    const char *stop_alt; /* an equally right STOP prefix, or NULL */
} BootStopCase;

static const BootStopCase boot_stop_cases[] = {
    { .name = "boot-fault-divide", .append = "scenario=fault-divide",
      .stop = "*** STOP: 0x0000001E (0x00000000C0000094,",
      .detail = "*** EXCEPTION 0 (#DE divide error)" },
    { .name = "boot-fault-page", .append = "scenario=fault-page addr=0x8",
      .stop = "*** STOP: 0x00000050 (0x0000000000000008,",
      .detail = "*** EXCEPTION 14 (#PF page fault)" },
    /* The #PF either finds stack below the guard (0x50) or faults again while
     * pushing its frame and becomes a double fault on IST1 (0x7F, 8): the
     * image layout decides, both are caught. */
    { .name = "boot-fault-stack", .append = "scenario=fault-stack",
      .stop = "*** STOP: 0x00000050 (", .detail = "*** EXCEPTION ",
      .stop_alt = "*** STOP: 0x0000007F (0x0000000000000008," },
    { .name = "boot-pool-leak", .append = "scenario=pool-leak",
      .stop = "*** STOP: 0x000000C4 (0x0000000000000062, 0x0000000000000001, "
              "0x000000000000007B,",
      .detail = "pool leak: tag 'Leak' 123 bytes" },
    { .name = "boot-pool-overrun", .append = "scenario=pool-overrun",
      .stop = "*** STOP: 0x000000C1 (",
      .detail = "tag 'Ovrn' size 64 overrun at +64" },
    { .name = "boot-irql-violation", .append = "scenario=irql-violation",
      .stop = "*** STOP: 0x000000D1 (0x0000000000000000, 0x0000000000000002,",
      .detail = "*** DRIVER_IRQL_NOT_LESS_OR_EQUAL at IRQL 2" },
    { .name = "boot-spinlock-recursion",
      .append = "scenario=spinlock-recursion",
      .stop = "*** STOP: 0x0000000F (",
      .detail = "*** SPIN_LOCK_ALREADY_OWNED" },
    { .name = "boot-irp-double-complete",
      .append = "scenario=irp-double-complete",
      .stop = "*** STOP: 0x00000044 (",
      .detail = "*** MULTIPLE_IRP_COMPLETE_REQUESTS" },
    { .name = "boot-cxx-pure-virtual", .append = "scenario=cxx-pure-virtual",
      .stop = "*** STOP: 0x000000C4 (0x0000000000005002,",
      .detail = "*** pure virtual function call" },
};

/* A driver-stack bug is caught, reported with its Windows bugcheck code and
 * fails the run (exit 35): that failure is the expected outcome here. */
START_TEST(test_boot_bugcheck_expected)
{
    const BootStopCase *c = &boot_stop_cases[_i];
    g_autoptr(CycBoot) run = boot_run(c->name, "pc", c->append);
    g_autoptr(CycTap) tap = cyc_tap_parse(run->console);
    gboolean stop_ok =
        tap->stop &&
        (g_str_has_prefix(tap->stop, c->stop) ||
         (c->stop_alt && g_str_has_prefix(tap->stop, c->stop_alt)));
    gboolean ok = run->status == CYC_BOOT_FAIL_STATUS && stop_ok &&
                  tap->bail_out &&
                  (!c->detail || strstr(run->console, c->detail));

    if (!ok) {
        cyc_qemu_fail(run->q);
    }
    ck_assert_msg(run->status == CYC_BOOT_FAIL_STATUS,
                  "%s: QEMU exit %d (want %d); artifacts in %s", c->append,
                  run->status, CYC_BOOT_FAIL_STATUS,
                  cyc_qemu_artifact_dir(run->q));
    ck_assert_msg(stop_ok,
                  "%s: STOP line '%s', want prefix '%s' (artifacts in %s)",
                  c->append, tap->stop ? tap->stop : "(none)", c->stop,
                  cyc_qemu_artifact_dir(run->q));
    ck_assert_msg(tap->bail_out, "%s: no 'Bail out!' after the bugcheck",
                  c->append);
    ck_assert_msg(!c->detail || strstr(run->console, c->detail),
                  "%s: report lacks '%s' (artifacts in %s)", c->append,
                  c->detail, cyc_qemu_artifact_dir(run->q));
}
END_TEST

/* scenario=list prints one name<TAB>description line per scenario (what
 * scripts/run --list shows) and passes. */
START_TEST(test_boot_list_scenarios)
{
    static const char *const names[] = {
        "hello", "pci", "timer", "irq", "fault-divide", "fault-page",
        "pool-leak", "irql-violation",
    };
    g_autoptr(CycBoot) run = boot_run("boot-list", "pc", "scenario=list");

    ck_assert_int_eq(run->status, CYC_BOOT_PASS_STATUS);
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *line = g_strdup_printf("\n%s\t", names[i]);

        ck_assert_msg(g_str_has_prefix(run->console, line + 1) ||
                      strstr(run->console, line),
                      "scenario list lacks '%s'", names[i]);
    }
}
END_TEST

/* An unknown scenario is a failed run with a reason, never a pass. */
START_TEST(test_boot_unknown_scenario_fails)
{
    g_autoptr(CycBoot) run =
        boot_run("boot-unknown", "pc", "scenario=no-such-thing");
    g_autoptr(CycTap) tap = cyc_tap_parse(run->console);

    ck_assert_int_eq(run->status, CYC_BOOT_FAIL_STATUS);
    ck_assert_msg(tap->bail_out &&
                  strstr(run->console, "unknown scenario 'no-such-thing'"),
                  "console: %s", run->console);
}
END_TEST

/* The same two consoles, byte for byte, time stamps included. */
static void boot_assert_same_console(CycBoot *a, CycBoot *b, const char *what)
{
    gsize la = strlen(a->console), lb = strlen(b->console);
    gsize i = 0;

    while (i < la && i < lb && a->console[i] == b->console[i]) {
        i++;
    }
    if (i != la || la != lb) {
        cyc_qemu_fail(a->q);
        cyc_qemu_fail(b->q);
    }
    ck_assert_msg(la > 200, "%s: console too short to compare (%zu bytes)",
                  what, la);
    ck_assert_msg(i == la && la == lb,
                  "%s: consoles differ at byte %zu (%zu vs %zu bytes); "
                  "artifacts in %s, %s", what, i, la, lb,
                  cyc_qemu_artifact_dir(a->q), cyc_qemu_artifact_dir(b->q));
    ck_assert_int_eq(a->status, b->status);
}

typedef struct BootTwiceCase {
    const char *append;
    const char *machine;
} BootTwiceCase;

static const BootTwiceCase boot_twice_cases[] = {
    { "scenario=timer", "pc" },
    { "scenario=irq irq=msi", "pc" },
    { "scenario=irq irq=intx", "q35" },
};

/* Under icount the console, time stamps included, is byte-identical
 * between two runs of the same scenario. */
START_TEST(test_boot_console_deterministic)
{
    const BootTwiceCase *c = &boot_twice_cases[_i];
    g_autoptr(CycBoot) a = boot_run("boot-twice-a", c->machine, c->append);
    g_autoptr(CycBoot) b = boot_run("boot-twice-b", c->machine, c->append);

    boot_assert_same_console(a, b, c->append);
}
END_TEST

static const char *const boot_firmware_cases[] = {
    "scenario=pci", "scenario=irq irq=intx",
};

/*
 * A pc boots on qboot and the guest does SeaBIOS's PCI set-up itself
 * (guest/arch/x86_64/pcifw.c): every BAR, IRQ line and time stamp the
 * console shows is the one SeaBIOS's boot shows (CYC_BIOS=bios-256k.bin).
 */
START_TEST(test_boot_qboot_as_seabios)
{
    const char *append = boot_firmware_cases[_i];
    g_autoptr(CycBoot) a = boot_run("boot-qboot", "pc", append);
    g_autoptr(CycBoot) b = NULL;
    g_autofree char *cmdline = NULL;
    g_autofree char *path = g_build_filename(cyc_qemu_artifact_dir(a->q),
                                             "cmdline.txt", NULL);

    ck_assert(g_file_get_contents(path, &cmdline, NULL, NULL));
    ck_assert_msg(strstr(cmdline, "'qboot.rom'"), "pc did not boot on qboot");
    g_setenv("CYC_BIOS", "bios-256k.bin", TRUE);
    b = boot_run("boot-seabios", "pc", append);
    g_unsetenv("CYC_BIOS");
    boot_assert_same_console(a, b, append);
}
END_TEST

static Suite *boot_suite(void)
{
    Suite *s = suite_create("boot");
    TCase *tc = cyc_tcase_new("scenarios", 120);

    tcase_add_loop_test(tc, test_boot_scenario_passes, 0,
                        G_N_ELEMENTS(boot_pass_cases));
    tcase_add_test(tc, test_boot_list_scenarios);
    tcase_add_test(tc, test_boot_unknown_scenario_fails);
    suite_add_tcase(s, tc);
    tc = cyc_tcase_new("bugchecks", 120);
    tcase_add_loop_test(tc, test_boot_bugcheck_expected, 0,
                        G_N_ELEMENTS(boot_stop_cases));
    suite_add_tcase(s, tc);
    tc = cyc_tcase_new("determinism", 240);
    tcase_add_loop_test(tc, test_boot_console_deterministic, 0,
                        G_N_ELEMENTS(boot_twice_cases));
    tcase_add_loop_test(tc, test_boot_qboot_as_seabios, 0,
                        G_N_ELEMENTS(boot_firmware_cases));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(boot_suite());
}
