/* SPDX-License-Identifier: MIT */
/*
 * Foundation suite: the harness can start the real QEMU, see the cycaudio
 * device over QMP and qtest, catch start-up errors, and read WAV files.
 * Expected values come from include/cycaudio/regs.h, never from the device.
 */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cyc.h"

#define DEADLINE_S      20.0
#define TCASE_TIMEOUT_S 40.0
#define AUDIODEV        "none,id=snd0"

static void opts_for(CycQemuOpts *o, const char *name, const char *accel,
                     const char *const *extra)
{
    cyc_qemu_opts_init(o, name);
    o->accel = accel;
    o->extra = extra;
    o->deadline_s = DEADLINE_S;
}

static gint64 member_int(JsonObject *o, const char *name)
{
    return json_object_get_int_member_with_default(o, name, -1);
}

/* The query-pci entry of the device whose qdev id is @id, or NULL. */
static JsonObject *find_pci_device(JsonNode *reply, const char *id)
{
    JsonArray *buses = json_node_get_array(reply);
    guint b;
    guint d;

    for (b = 0; b < json_array_get_length(buses); b++) {
        JsonObject *bus = json_array_get_object_element(buses, b);
        JsonArray *devs = json_object_get_array_member(bus, "devices");

        for (d = 0; devs && d < json_array_get_length(devs); d++) {
            JsonObject *dev = json_array_get_object_element(devs, d);

            if (g_strcmp0(json_object_get_string_member_with_default(
                              dev, "qdev_id", ""), id) == 0) {
                return dev;
            }
        }
    }
    return NULL;
}

/* PCI identity and BAR0 (DESIGN decision 3; CYC_PCI_*, CYC_BAR0_SIZE). */
START_TEST(test_foundation_query_pci_identity)
{
    static const char *const extra[] = {
        "-audiodev", AUDIODEV, "-device", "cycaudio,id=snd,audiodev=snd0",
        NULL,
    };
    CycQemuOpts o;
    g_autoptr(GError) err = NULL;
    g_autoptr(CycQemu) q = NULL;
    g_autoptr(JsonNode) reply = NULL;
    JsonObject *dev;
    JsonObject *id;
    JsonObject *cls;
    JsonArray *regions;
    JsonObject *bar0 = NULL;
    guint i;

    opts_for(&o, "foundation/query-pci", "tcg", extra);
    q = cyc_qemu_launch(&o, &err);
    cyc_assert_no_error(err);
    reply = cyc_qemu_qmp(q, "query-pci", NULL, &err);
    cyc_assert_no_error(err);

    dev = find_pci_device(reply, "snd");
    ck_assert_msg(dev, "no device with qdev_id \"snd\" in query-pci "
                  "(artifacts %s)", cyc_qemu_artifact_dir(q));
    id = json_object_get_object_member(dev, "id");
    cls = json_object_get_object_member(dev, "class_info");
    ck_assert_ptr_nonnull(id);
    ck_assert_ptr_nonnull(cls);
    ck_assert_int_eq(member_int(id, "vendor"), CYC_PCI_VENDOR_ID);
    ck_assert_int_eq(member_int(id, "device"), CYC_PCI_DEVICE_ID);
    ck_assert_int_eq(member_int(cls, "class"), CYC_PCI_CLASS);

    regions = json_object_get_array_member(dev, "regions");
    for (i = 0; regions && i < json_array_get_length(regions); i++) {
        JsonObject *r = json_array_get_object_element(regions, i);

        if (member_int(r, "bar") == 0) {
            bar0 = r;
        }
    }
    ck_assert_msg(bar0, "query-pci lists no BAR0 for cycaudio (artifacts %s)",
                  cyc_qemu_artifact_dir(q));
    ck_assert_msg(g_strcmp0(json_object_get_string_member_with_default(
                                bar0, "type", ""), "memory") == 0,
                  "BAR0 type \"%s\", want \"memory\"",
                  json_object_get_string_member_with_default(bar0, "type",
                                                             "(none)"));
    ck_assert_int_eq(member_int(bar0, "size"), CYC_BAR0_SIZE);
}
END_TEST

static char *qmp_status(CycQemu *q, GError **error)
{
    g_autoptr(JsonNode) ret = cyc_qemu_qmp(q, "query-status", NULL, error);

    if (!ret) {
        return NULL;
    }
    return g_strdup(json_object_get_string_member_with_default(
                        json_node_get_object(ret), "status", "?"));
}

/* QEMU starts paused (-S); events are queued in order until popped. */
START_TEST(test_foundation_qmp_start_paused_and_events)
{
    CycQemuOpts o;
    g_autoptr(GError) err = NULL;
    g_autoptr(CycQemu) q = NULL;
    g_autoptr(JsonObject) resume = NULL;
    g_autoptr(JsonObject) stop = NULL;
    g_autoptr(JsonNode) stopped = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *hmp = NULL;

    opts_for(&o, "foundation/qmp-events", "tcg", NULL);
    q = cyc_qemu_launch(&o, &err);
    cyc_assert_no_error(err);
    before = qmp_status(q, &err);
    cyc_assert_no_error(err);
    ck_assert_str_eq(before, "prelaunch");

    cyc_assert_ok(cyc_qemu_cont(q, &err), err);
    stopped = cyc_qemu_qmp(q, "stop", NULL, &err);
    cyc_assert_no_error(err);
    resume = cyc_qmp_pop_event(cyc_qemu_get_qmp(q), NULL);
    ck_assert_ptr_nonnull(resume);
    ck_assert_str_eq(json_object_get_string_member(resume, "event"), "RESUME");
    stop = cyc_qemu_wait_event(q, "STOP", &err);
    cyc_assert_no_error(err);
    after = qmp_status(q, &err);
    cyc_assert_no_error(err);
    ck_assert_str_eq(after, "paused");
    hmp = cyc_qemu_hmp(q, "info status", &err);
    cyc_assert_no_error(err);
    ck_assert_msg(strstr(hmp, "paused"), "info status: %s", hmp);
}
END_TEST

/* Global registers read back the ABI values over a BAR the test maps. */
START_TEST(test_foundation_global_regs_over_qtest)
{
    static const char *const extra[] = {
        "-audiodev", AUDIODEV,
        "-device", "cycaudio,audiodev=snd0,render-streams=3,capture-streams=1",
        NULL,
    };
    const guint32 want_version =
        CYC_SET(0u, CYC_VERSION_MAJOR, CYC_ABI_MAJOR) |
        CYC_SET(0u, CYC_VERSION_MINOR, CYC_ABI_MINOR);
    CycQemuOpts o;
    g_autoptr(GError) err = NULL;
    g_autoptr(CycQemu) q = NULL;
    CycQtest *qt;
    guint devfn = 0;
    guint64 size;
    guint64 bar;
    guint32 caps;
    gint64 now;

    opts_for(&o, "foundation/qtest-regs", "qtest", extra);
    q = cyc_qemu_launch(&o, &err);
    cyc_assert_no_error(err);
    qt = cyc_qemu_qtest(q);
    ck_assert_ptr_nonnull(qt);

    cyc_assert_ok(cyc_qtest_pci_find(qt, CYC_PCI_VENDOR_ID, CYC_PCI_DEVICE_ID,
                                     &devfn, &err), err);
    size = cyc_qtest_pci_bar_size(qt, devfn, 0, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(size, CYC_BAR0_SIZE);
    bar = cyc_qtest_pci_map_bar0(qt, devfn, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(bar, CYC_QTEST_BAR0_ADDR);

    ck_assert_uint_eq(cyc_qtest_readl(qt, bar + CYC_REG_ID, &err),
                      CYC_ID_VALUE);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(cyc_qtest_readl(qt, bar + CYC_REG_VERSION, &err),
                      want_version);
    cyc_assert_no_error(err);
    /* The test owns virtual time: nothing moves it but clock_step. */
    now = cyc_qtest_clock_get(qt, &err);
    cyc_assert_no_error(err);
    ck_assert_int_eq(cyc_qtest_clock_step(qt, 1000, &err), now + 1000);
    ck_assert_int_eq(cyc_qtest_clock_get(qt, &err), now + 1000);

    caps = cyc_qtest_readl(qt, bar + CYC_REG_CAPS, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_NRENDER), 3);
    ck_assert_uint_eq(CYC_GET(caps, CYC_CAPS_NCAPTURE), 1);
}
END_TEST

/* QEMU's edu device: raise/ack registers that drive INTx or MSI. */
#define EDU_VENDOR_ID   0x1234u
#define EDU_DEVICE_ID   0x11e8u
#define EDU_REG_RAISE   0x60u
#define EDU_REG_ACK     0x64u
#define INTX_IRQ        10u     /* an ISA IRQ PIIX3 can route PIRQs to */
#define MSI_DATA        0x004au

/*
 * The qtest plumbing device tests rely on, shown on a known device: INTx
 * level changes reach cyc_qtest_get_irq, and an MSI aimed at RAM is a
 * write cyc_qtest_readl can see (qtest has no CPU to take it).
 */
START_TEST(test_foundation_qtest_sees_intx_and_msi)
{
    static const char *const extra[] = { "-device", "edu", NULL };
    CycQemuOpts o;
    g_autoptr(GError) err = NULL;
    g_autoptr(CycQemu) q = NULL;
    CycQtest *qt;
    guint devfn = 0;
    guint64 bar;
    guint64 sink;

    opts_for(&o, "foundation/qtest-irq", "qtest", extra);
    q = cyc_qemu_launch(&o, &err);
    cyc_assert_no_error(err);
    qt = cyc_qemu_qtest(q);
    cyc_assert_ok(cyc_qtest_pci_find(qt, EDU_VENDOR_ID, EDU_DEVICE_ID, &devfn,
                                     &err), err);
    bar = cyc_qtest_pci_map_bar0(qt, devfn, &err);
    cyc_assert_no_error(err);
    cyc_assert_ok(cyc_qtest_pci_route_intx(qt, devfn, INTX_IRQ, &err), err);
    cyc_assert_ok(cyc_qtest_irq_intercept(qt, "ioapic", &err), err);

    ck_assert_int_eq(cyc_qtest_get_irq(qt, INTX_IRQ), FALSE);
    cyc_assert_ok(cyc_qtest_writel(qt, bar + EDU_REG_RAISE, 1, &err), err);
    ck_assert_int_eq(cyc_qtest_get_irq(qt, INTX_IRQ), TRUE);
    cyc_assert_ok(cyc_qtest_writel(qt, bar + EDU_REG_ACK, 1, &err), err);
    ck_assert_int_eq(cyc_qtest_get_irq(qt, INTX_IRQ), FALSE);
    ck_assert_uint_eq(cyc_qtest_irq_raise_count(qt, INTX_IRQ), 1);

    /* The MSI message lands in a RAM word instead of the APIC. */
    sink = cyc_qtest_alloc(qt, 4, 4);
    ck_assert_uint_ne(sink, 0);
    cyc_assert_ok(cyc_qtest_memset(qt, sink, 0, 4, &err), err);
    cyc_assert_ok(cyc_qtest_pci_msi_enable(qt, devfn, sink, MSI_DATA, &err),
                  err);
    cyc_assert_ok(cyc_qtest_writel(qt, bar + EDU_REG_RAISE, 1, &err), err);
    ck_assert_uint_eq(cyc_qtest_readl(qt, sink, &err), MSI_DATA);
    ck_assert_int_eq(cyc_qtest_get_irq(qt, INTX_IRQ), FALSE);
    cyc_assert_no_error(err);
}
END_TEST

typedef struct BadProp {
    const char *property;   /* set one above its limit; named in the message */
    guint max;              /* the message gives the range as "0..max" */
} BadProp;

static const BadProp bad_props[] = {
    { "render-streams", CYC_MAX_RENDER },
    { "capture-streams", CYC_MAX_CAPTURE },
};

/* An out-of-range property stops QEMU at start-up with a useful message. */
START_TEST(test_foundation_bad_property_fails_startup)
{
    const BadProp *c = &bad_props[_i];
    g_autofree char *device = g_strdup_printf("cycaudio,audiodev=snd0,%s=%u",
                                              c->property, c->max + 1);
    const char *const extra[] = {
        "-audiodev", AUDIODEV, "-device", device, NULL,
    };
    g_autofree char *name = g_strdup_printf("foundation/bad-property-%d", _i);
    g_autofree char *range = g_strdup_printf("0..%u", c->max);
    g_autofree char *out = NULL;
    g_autoptr(GError) err = NULL;
    CycQemuOpts o;
    int status;

    opts_for(&o, name, "qtest", extra);
    status = cyc_qemu_run(&o, &out, &err);
    cyc_assert_no_error(err);
    ck_assert_msg(status != 0, "-device %s: QEMU exited %d, want non-zero",
                  device, status);
    ck_assert_msg(strstr(out, c->property) && strstr(out, range),
                  "-device %s: stderr lacks \"%s\" and \"%s\": %s", device,
                  c->property, range, out);
}
END_TEST

typedef struct HelpCase {
    const char *device;     /* -device argument */
    const char *want[4];    /* substrings of the output, NULL-terminated */
} HelpCase;

static const HelpCase help_cases[] = {
    { "help", { "name \"cycaudio\"", NULL } },
    { "cycaudio,help",
      { "render-streams", "capture-streams", "audiodev", NULL } },
};

/* The device is registered and documents its properties. */
START_TEST(test_foundation_device_help)
{
    const HelpCase *c = &help_cases[_i];
    const char *const extra[] = { "-device", c->device, NULL };
    g_autofree char *name = g_strdup_printf("foundation/help-%d", _i);
    g_autofree char *out = NULL;
    g_autoptr(GError) err = NULL;
    CycQemuOpts o;
    int status;
    guint i;

    opts_for(&o, name, "qtest", extra);
    status = cyc_qemu_run(&o, &out, &err);
    cyc_assert_no_error(err);
    ck_assert_msg(status == 0, "-device %s: QEMU exited %d, want 0: %s",
                  c->device, status, out);
    for (i = 0; c->want[i]; i++) {
        ck_assert_msg(strstr(out, c->want[i]),
                      "-device %s: output lacks \"%s\": %s", c->device,
                      c->want[i], out);
    }
}
END_TEST

/*
 * A guest verdict through isa-debug-exit ends QEMU with exit(), and the wav
 * backend still patches its RIFF/data sizes (audio_cleanup runs atexit).
 * AC97 stands in for cycaudio: it opens its voice at reset, cycaudio only
 * when a stream runs.
 */
START_TEST(test_foundation_wav_header_patched_on_debug_exit)
{
    static const char *const extra[] = {
        "-audiodev", "wav,id=snd0,path=@ART@/out.wav",
        "-device", "AC97,audiodev=snd0",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
        NULL,
    };
    CycQemuOpts o;
    g_autoptr(GError) err = NULL;
    g_autoptr(CycQemu) q = NULL;
    g_autoptr(CycWav) w = NULL;
    g_autofree char *path = NULL;
    int status;

    opts_for(&o, "foundation/wav-debug-exit", "qtest", extra);
    q = cyc_qemu_launch(&o, &err);
    cyc_assert_no_error(err);
    /* QEMU exits inside this command: no reply is expected. */
    cyc_qtest_outl(cyc_qemu_qtest(q), 0xf4, 0x10, NULL);
    status = cyc_qemu_wait_exit(q, &err);
    cyc_assert_no_error(err);
    ck_assert_int_eq(status, 33);

    path = g_build_filename(cyc_qemu_artifact_dir(q), "out.wav", NULL);
    w = cyc_wav_load(path, &err);
    cyc_assert_no_error(err);
    ck_assert_msg(w->sizes_patched, "%s: RIFF/data sizes not patched "
                  "(artifacts %s)", path, cyc_qemu_artifact_dir(q));
}
END_TEST

#define TINY_MESSAGE "TAP version 13\nok 1 - tiny guest\n1..1\n"

typedef struct BootCase {
    guint32 exit_value;     /* written to isa-debug-exit */
    int want_status;        /* QEMU's exit status */
    const char *machine;
    int icount_shift;
} BootCase;

static const BootCase boot_cases[] = {
    { 0x10, 33, "pc", -1 },
    { 0x11, 35, "pc", 5 },
    { 0x10, 33, "q35", 3 },
};

static void collect(const char *text, gsize len, gpointer data)
{
    g_string_append_len(data, text, len);
}

/*
 * The boot path every guest test uses: -kernel with a PVH ELF, console
 * from isa-debugcon (streamed and in the log), verdict as exit status.
 */
START_TEST(test_foundation_boot_console_and_verdict)
{
    const BootCase *c = &boot_cases[_i];
    g_autofree char *dir = g_dir_make_tmp("cyc-tiny-XXXXXX", NULL);
    g_autofree char *elf = g_build_filename(dir, "tiny.elf", NULL);
    g_autofree char *name = g_strdup_printf("foundation/boot-%d", _i);
    g_autoptr(GString) streamed = g_string_new(NULL);
    g_autoptr(GError) err = NULL;
    g_autoptr(CycBoot) run = NULL;
    g_autoptr(CycTap) tap = NULL;
    CycQemuOpts o;

    cyc_assert_ok(cyc_tiny_guest_write(elf, c->exit_value, TINY_MESSAGE,
                                       &err), err);
    opts_for(&o, name, "tcg", NULL);
    o.machine = c->machine;
    o.icount_shift = c->icount_shift;
    o.kernel = elf;
    o.append = "scenario=tiny seed=1";
    o.console_fn = collect;
    o.console_data = streamed;
    run = cyc_boot_run(&o, &err);
    cyc_assert_no_error(err);
    ck_assert_int_eq(run->status, c->want_status);

    ck_assert_str_eq(run->console, TINY_MESSAGE);
    ck_assert_str_eq(streamed->str, TINY_MESSAGE);
    tap = cyc_tap_parse(run->console);
    cyc_assert_ok(cyc_tap_all_passed(tap, &err), err);
    cyc_remove_tree(dir);
}
END_TEST

/* Runs @argv with stdout to @out_path; bounded, killed at the deadline. */
static int spawn_bounded(const char *const *argv, const char *out_path,
                         double seconds, GError **error)
{
    gint64 deadline = g_get_monotonic_time() + seconds * G_USEC_PER_SEC;
    int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    GPid pid = 0;
    int st;

    if (fd < 0 ||
        !g_spawn_async_with_pipes_and_fds(NULL, argv, NULL,
                                          G_SPAWN_DO_NOT_REAP_CHILD |
                                          G_SPAWN_STDIN_FROM_DEV_NULL,
                                          NULL, NULL, -1, fd, -1, NULL, NULL,
                                          0, &pid, NULL, NULL, NULL, error)) {
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    close(fd);
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (g_get_monotonic_time() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            g_set_error(error, CYC_ERROR, CYC_ERROR_TIMEOUT,
                        "%s still running after %.0f s", argv[0], seconds);
            return -1;
        }
        g_usleep(20 * 1000);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

typedef struct CycBootCase {
    guint32 exit_value;
    int want_rc;            /* cyc-boot: 0 pass, 1 fail, 2 anything else */
    const char *verdict;    /* in result.txt */
    const char *timeout;
} CycBootCase;

static const CycBootCase cyc_boot_cases[] = {
    { 0x10, 0, "verdict=pass", "20" },
    { 0x11, 1, "verdict=fail", "20" },
    { 0x00, 2, "verdict=error", "20" },
    { CYC_TINY_GUEST_HANG, 2, "verdict=timeout", "1" },
};

/* scripts/run's contract with cyc-boot: exit status, console, result. */
START_TEST(test_foundation_cyc_boot_exit_status)
{
    const CycBootCase *c = &cyc_boot_cases[_i];
    const char *tool = g_getenv("CYC_BOOT");
    g_autofree char *dir = g_dir_make_tmp("cyc-boot-XXXXXX", NULL);
    g_autofree char *elf = g_build_filename(dir, "tiny.elf", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *stdout_path = g_build_filename(dir, "stdout", NULL);
    g_autofree char *result_path = g_build_filename(out, "result.txt", NULL);
    g_autofree char *printed = NULL;
    g_autofree char *result = NULL;
    g_autoptr(GError) err = NULL;
    const char *argv[] = {
        tool, "--kernel", elf, "--append", "scenario=tiny", "--out", out,
        "--timeout", c->timeout, NULL,
    };
    int rc;

    ck_assert_msg(tool, "CYC_BOOT is not set (run through meson test)");
    cyc_assert_ok(cyc_tiny_guest_write(elf, c->exit_value, TINY_MESSAGE,
                                       &err), err);
    rc = spawn_bounded(argv, stdout_path, 30.0, &err);
    cyc_assert_no_error(err);
    ck_assert_msg(rc == c->want_rc, "cyc-boot exit value 0x%x: rc %d, want %d "
                  "(artifacts %s)", c->exit_value, rc, c->want_rc, out);
    cyc_assert_ok(g_file_get_contents(stdout_path, &printed, NULL, &err),
                  err);
    ck_assert_str_eq(printed, TINY_MESSAGE);
    cyc_assert_ok(g_file_get_contents(result_path, &result, NULL, &err),
                  err);
    ck_assert_msg(strstr(result, c->verdict), "result.txt lacks %s: %s",
                  c->verdict, result);
    cyc_remove_tree(dir);
}
END_TEST

typedef struct WavCase {
    CycWavFormat format;
    guint bits;
    guint valid_bits;
    gboolean extensible;
    double lsb;             /* quantisation step, as a normalised value */
} WavCase;

static const WavCase wav_cases[] = {
    { CYC_WAV_PCM, 16, 16, FALSE, 1.0 / 32768 },
    { CYC_WAV_PCM, 8, 8, FALSE, 1.0 / 128 },
    { CYC_WAV_PCM, 24, 24, TRUE, 1.0 / 8388608 },
    { CYC_WAV_PCM, 32, 24, TRUE, 1.0 / 2147483648.0 },
    { CYC_WAV_FLOAT, 32, 32, FALSE, 1e-7 },
    { CYC_WAV_FLOAT, 32, 32, TRUE, 1e-7 },
    { CYC_WAV_FLOAT, 64, 64, TRUE, 1e-15 },
};

/* WAV writer and parser agree; peak and RMS measure a known sine. */
START_TEST(test_foundation_wav_round_trip)
{
    const WavCase *c = &wav_cases[_i];
    const guint rate = 48000;
    const guint64 frames = rate / 2;
    const double hz = 997.0;
    const double amp = 0.5;
    /* 20*log10(amp) for the level, -3.01 dB for a sine's RMS. */
    const double want_dbfs = 20.0 * log10(amp) - 10.0 * log10(2.0);
    g_autofree char *dir = g_dir_make_tmp("cyc-wav-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "tone.wav", NULL);
    g_autoptr(CycWav) out = cyc_wav_new(c->format, 2, rate, c->bits, frames);
    g_autoptr(CycWav) in = NULL;
    g_autoptr(CycWav) delayed = NULL;
    g_autoptr(CycWav) needle = NULL;
    g_autoptr(CycWav) head = NULL;
    g_autoptr(GError) err = NULL;
    g_autofree char *bytes = NULL;
    guint64 i;
    guint ch;
    gsize len = 0;
    double peak;
    double rms;
    gint64 diff;

    ck_assert_ptr_nonnull(dir);
    out->valid_bits = c->valid_bits;
    cyc_wav_fill_sine(out, 0, hz, amp);
    cyc_wav_fill_sine(out, 1, 3 * hz, amp / 4);
    cyc_assert_ok(cyc_wav_save(out, path, c->extensible, &err), err);
    in = cyc_wav_load(path, &err);
    cyc_assert_no_error(err);

    ck_assert_uint_eq(in->format_tag, c->extensible ?
                      CYC_WAVE_FORMAT_EXTENSIBLE : (guint)c->format);
    ck_assert_uint_eq(in->format, c->format);
    ck_assert_uint_eq(in->channels, 2);
    ck_assert_uint_eq(in->rate, rate);
    ck_assert_uint_eq(in->bits, c->bits);
    ck_assert_uint_eq(in->valid_bits, c->extensible ? c->valid_bits : c->bits);
    ck_assert_uint_eq(in->frames, frames);
    ck_assert_msg(in->sizes_patched, "sizes_patched is FALSE for a whole file");
    /* The header alone says the same, without the samples. */
    head = cyc_wav_load_header(path, &err);
    cyc_assert_no_error(err);
    ck_assert_uint_eq(head->format_tag, in->format_tag);
    ck_assert_uint_eq(head->channels, 2);
    ck_assert_uint_eq(head->rate, rate);
    ck_assert_uint_eq(head->block_align, in->block_align);
    ck_assert_uint_eq(head->frames, frames);
    ck_assert_msg(head->sizes_patched && head->data == NULL,
                  "header: sizes_patched %d, data %p", head->sizes_patched,
                  (void *)head->data);
    diff = cyc_wav_first_difference(in, out, c->lsb);
    ck_assert_msg(diff == -1, "frame %" G_GINT64_FORMAT " differs: %g vs %g",
                  diff, diff >= 0 ? cyc_wav_sample(in, diff, 0) : 0.0,
                  diff >= 0 ? cyc_wav_sample(out, diff, 0) : 0.0);

    peak = cyc_wav_peak_hz(in, 0, 0, 0);
    ck_assert_msg(fabs(peak - hz) < 1.0, "left peak %.3f Hz, want %.3f Hz",
                  peak, hz);
    peak = cyc_wav_peak_hz(in, 1, 0, 0);
    ck_assert_msg(fabs(peak - 3 * hz) < 1.0, "right peak %.3f Hz, want %.3f Hz",
                  peak, 3 * hz);
    rms = cyc_wav_rms_dbfs(in, 0, 0, 0);
    ck_assert_msg(fabs(rms - want_dbfs) < 0.1, "RMS %.3f dBFS, want %.3f dBFS",
                  rms, want_dbfs);

    /* The same tone found again behind 300 frames of silence. */
    delayed = cyc_wav_new(c->format, 2, rate, c->bits, 300 + 256);
    needle = cyc_wav_new(c->format, 2, rate, c->bits, 256);
    for (i = 0; i < 256; i++) {
        for (ch = 0; ch < 2; ch++) {
            cyc_wav_set_sample(needle, i, ch, cyc_wav_sample(out, i, ch));
            cyc_wav_set_sample(delayed, 300 + i, ch,
                               cyc_wav_sample(out, i, ch));
        }
    }
    ck_assert_int_eq(cyc_wav_find(delayed, needle, c->lsb), 300);
    ck_assert_uint_eq(cyc_wav_leading_silence(delayed, c->lsb),
                      300 + cyc_wav_leading_silence(needle, c->lsb));

    /* A writer killed before patching leaves both sizes 0. */
    cyc_assert_ok(g_file_get_contents(path, &bytes, &len, &err), err);
    memset(bytes + 4, 0, 4);
    memset(bytes + len - in->data_len - 4, 0, 4);
    g_clear_pointer(&in, cyc_wav_free);
    in = cyc_wav_parse((const guint8 *)bytes, len, &err);
    cyc_assert_no_error(err);
    ck_assert_msg(!in->sizes_patched, "sizes_patched is TRUE for zero sizes");
    ck_assert_uint_eq(in->frames, frames);
    cyc_assert_ok(g_file_set_contents(path, bytes, len, &err), err);
    g_clear_pointer(&head, cyc_wav_free);
    head = cyc_wav_load_header(path, &err);
    cyc_assert_no_error(err);
    ck_assert_msg(!head->sizes_patched, "header: sizes_patched is TRUE for "
                  "zero sizes");
    ck_assert_uint_eq(head->frames, frames);

    g_unlink(path);
    g_rmdir(dir);
}
END_TEST

/* Garbage is an error, not a crash or a huge allocation. */
START_TEST(test_foundation_wav_rejects_garbage)
{
    static const guint8 junk[] = "RIFF\xff\xff\xff\x7fWAVEfmt \xff\xff\xff\x7f";
    g_autoptr(GError) err = NULL;
    g_autoptr(CycWav) w = cyc_wav_parse(junk, sizeof(junk) - 1, &err);

    ck_assert_ptr_null(w);
    ck_assert_msg(g_error_matches(err, CYC_ERROR, CYC_ERROR_FORMAT),
                  "error %s, want CYC_ERROR_FORMAT",
                  err ? err->message : "(none)");
}
END_TEST

typedef struct TapCase {
    const char *text;
    gboolean want_pass;
    guint passed;
    guint failed;
} TapCase;

static const TapCase tap_cases[] = {
    { "TAP version 13\nok 1 - a\nok 2 - b # SKIP no MSI\n1..2\n", TRUE, 2, 0 },
    { "boot trace\nok 1 - a\nnot ok 2 - b\n1..2\n", FALSE, 1, 1 },
    { "ok 1 - a\nnot ok 2 - b # TODO later\n1..2\n", TRUE, 2, 0 },
    { "ok 1 - a\n", FALSE, 1, 0 },
    { "ok 1 - a\n1..3\n", FALSE, 1, 0 },
    { "ok 1 - a\n*** STOP: 0x000000D1 (0x0, 0x2, 0x0, 0x0)\n1..1\n",
      FALSE, 1, 0 },
    { "ok 1 - a\nBail out! no device\n", FALSE, 1, 0 },
};

/* Guest TAP: one verdict from plan, not-ok lines, bail-outs and bugchecks. */
START_TEST(test_foundation_tap_reader)
{
    const TapCase *c = &tap_cases[_i];
    g_autoptr(CycTap) tap = cyc_tap_parse(c->text);
    g_autoptr(GError) err = NULL;
    gboolean pass = cyc_tap_all_passed(tap, &err);

    ck_assert_msg(pass == c->want_pass, "case %d: verdict %d, want %d (%s)",
                  _i, pass, c->want_pass, err ? err->message : "no error");
    ck_assert_uint_eq(tap->passed, c->passed);
    ck_assert_uint_eq(tap->failed, c->failed);
}
END_TEST

static Suite *foundation_suite(void)
{
    Suite *s = suite_create("foundation");
    TCase *tc;

    tc = cyc_tcase_new("qmp", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_foundation_query_pci_identity);
    tcase_add_test(tc, test_foundation_qmp_start_paused_and_events);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("qtest", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_foundation_global_regs_over_qtest);
    tcase_add_test(tc, test_foundation_qtest_sees_intx_and_msi);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("startup", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_foundation_bad_property_fails_startup, 0,
                        G_N_ELEMENTS(bad_props));
    tcase_add_loop_test(tc, test_foundation_device_help, 0,
                        G_N_ELEMENTS(help_cases));
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("boot", TCASE_TIMEOUT_S);
    tcase_add_loop_test(tc, test_foundation_boot_console_and_verdict, 0,
                        G_N_ELEMENTS(boot_cases));
    tcase_add_loop_test(tc, test_foundation_cyc_boot_exit_status, 0,
                        G_N_ELEMENTS(cyc_boot_cases));
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("host", 10.0);
    tcase_add_loop_test(tc, test_foundation_wav_round_trip, 0,
                        G_N_ELEMENTS(wav_cases));
    tcase_add_test(tc, test_foundation_wav_rejects_garbage);
    tcase_add_loop_test(tc, test_foundation_tap_reader, 0,
                        G_N_ELEMENTS(tap_cases));
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("wav-backend", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_foundation_wav_header_patched_on_debug_exit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(foundation_suite());
}
