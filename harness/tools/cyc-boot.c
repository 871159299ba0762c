/* SPDX-License-Identifier: MIT */
/*
 * cyc-boot: boots a guest ELF on QEMU with the cycaudio device, copies the
 * guest console to stdout as it appears and turns the guest's verdict into
 * an exit status: 0 pass (QEMU 33), 1 fail (QEMU 35), 2 anything else.
 * Artifacts (cmdline, console, QMP transcript, stderr, trace, result) go
 * to --out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cyc.h"

#define BOOT_DEFAULT_ICOUNT 5
#define BOOT_DEFAULT_TIMEOUT_S 120.0

enum {
    EXIT_PASS = 0,
    EXIT_FAIL = 1,
    EXIT_OTHER = 2,
};

static char *opt_kernel;
static char *opt_append;
static char *opt_out;
static char *opt_machine;
static int opt_icount = BOOT_DEFAULT_ICOUNT;
static gboolean opt_no_icount;
static char *opt_audiodev;
static char *opt_device_opts;
static double opt_timeout = -1.0;
static char *opt_gdb;
static char *opt_qemu;
static char *opt_trace;
static char **opt_rest;

static const GOptionEntry entries[] = {
    { "kernel", 0, 0, G_OPTION_ARG_FILENAME, &opt_kernel,
      "guest ELF (PVH)", "ELF" },
    { "append", 0, 0, G_OPTION_ARG_STRING, &opt_append,
      "kernel command line, e.g. 'scenario=NAME key=value'", "STR" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &opt_out,
      "artifact folder (created, kept)", "DIR" },
    { "machine", 0, 0, G_OPTION_ARG_STRING, &opt_machine,
      "pc (default) or q35", "M" },
    { "icount", 0, 0, G_OPTION_ARG_INT, &opt_icount,
      "-icount shift=N,sleep=off -rtc clock=vm (default 5)", "N" },
    { "no-icount", 0, 0, G_OPTION_ARG_NONE, &opt_no_icount,
      "run without icount (not deterministic)", NULL },
    { "audiodev", 0, 0, G_OPTION_ARG_STRING, &opt_audiodev,
      "wav:PATH, none (default), pa or alsa; ,OPTS appended", "DRV" },
    { "device-opts", 0, 0, G_OPTION_ARG_STRING, &opt_device_opts,
      "appended to -device cycaudio,audiodev=snd0,", "STR" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &opt_timeout,
      "wall-clock limit in seconds (default 120; none with --gdb)", "S" },
    { "gdb", 0, 0, G_OPTION_ARG_FILENAME, &opt_gdb,
      "gdbstub on this unix socket; the VM waits for gdb's continue",
      "SOCKET" },
    { "qemu", 0, 0, G_OPTION_ARG_FILENAME, &opt_qemu,
      "QEMU binary (default $CYC_QEMU, else next to the build tree)", "BIN" },
    { "trace", 0, 0, G_OPTION_ARG_STRING, &opt_trace,
      "trace events into DIR/trace.log, e.g. 'cycaudio_*'", "PATTERN" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_rest,
      "extra QEMU arguments after --", NULL },
    { NULL },
};

static void echo_console(const char *text, gsize len,
                         G_GNUC_UNUSED gpointer data)
{
    fwrite(text, 1, len, stdout);
    fflush(stdout);
}

/* build/harness/tools/cyc-boot -> build/qemu-system-x86_64 */
static char *default_qemu(void)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *tools = NULL;

    if (g_getenv("CYC_QEMU")) {
        return g_strdup(g_getenv("CYC_QEMU"));
    }
    if (!self) {
        return NULL;
    }
    tools = g_path_get_dirname(self);
    return g_build_filename(tools, "..", "..", "qemu-system-x86_64", NULL);
}

/*
 * DRV[,OPTS] with DRV wav:PATH, none, pa or alsa; OPTS go to -audiodev as
 * they are (e.g. "wav:out.wav,out.frequency=48000").
 */
static char *audiodev_arg(const char *spec, char **wav_path, GError **error)
{
    g_autofree char *drv = NULL;
    const char *comma;
    const char *opts;

    if (!spec) {
        spec = "none";
    }
    comma = strchr(spec, ',');
    drv = comma ? g_strndup(spec, comma - spec) : g_strdup(spec);
    opts = comma ? comma : "";
    if (g_str_has_prefix(drv, "wav:") && drv[4]) {
        *wav_path = g_strdup(drv + 4);
        return g_strdup_printf("wav,id=snd0,path=%s%s", drv + 4, opts);
    }
    if (strcmp(drv, "none") == 0 || strcmp(drv, "pa") == 0 ||
        strcmp(drv, "alsa") == 0) {
        return g_strdup_printf("%s,id=snd0%s", drv, opts);
    }
    g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                "--audiodev %s: want wav:PATH, none, pa or alsa, then "
                "optional ,OPTS", spec);
    return NULL;
}

static void write_result(const char *dir, int status, const char *verdict,
                         double elapsed)
{
    g_autofree char *path = g_build_filename(dir, "result.txt", NULL);
    g_autofree char *text = g_strdup_printf(
        "qemu_status=%d\nverdict=%s\nwall_seconds=%.3f\n", status, verdict,
        elapsed);

    g_file_set_contents(path, text, -1, NULL);
}

/* QEMU patches the WAV sizes at exit (audio_cleanup runs from atexit). */
static void check_wav(const char *path)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(CycWav) w = NULL;

    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_printerr("cyc-boot: no WAV at %s (the device never opened a "
                   "voice)\n", path);
        return;
    }
    w = cyc_wav_load_header(path, &err);
    if (!w) {
        g_printerr("cyc-boot: %s\n", err->message);
    } else if (!w->sizes_patched) {
        g_printerr("cyc-boot: %s: RIFF/data sizes not patched; %"
                   G_GUINT64_FORMAT " frames recovered from the file length\n",
                   path, w->frames);
    } else {
        g_printerr("cyc-boot: %s: %" G_GUINT64_FORMAT " frames, %u ch, %u Hz\n",
                   path, w->frames, w->channels, w->rate);
    }
}

int main(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new("-- [QEMU ARGS]");
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(CycBoot) boot = NULL;
    g_autofree char *qemu = NULL;
    g_autofree char *wav_path = NULL;
    g_autofree char *audiodev = NULL;
    g_autoptr(GTimer) timer = NULL;
    CycQemuOpts o;
    const char *verdict;
    int status;
    int rc;
    guint i;

    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(ctx,
        "Boots a cycaudio guest; exit 0 = pass (QEMU 33), 1 = fail (35), "
        "2 = anything else.");
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        g_printerr("cyc-boot: %s\n", err->message);
        return EXIT_OTHER;
    }
    if (!opt_kernel || !opt_out) {
        g_printerr("cyc-boot: --kernel and --out are required (see --help)\n");
        return EXIT_OTHER;
    }
    audiodev = audiodev_arg(opt_audiodev, &wav_path, &err);
    if (!audiodev) {
        g_printerr("cyc-boot: %s\n", err->message);
        return EXIT_OTHER;
    }
    qemu = opt_qemu ? g_strdup(opt_qemu) : default_qemu();

    g_ptr_array_add(extra, g_strdup("-audiodev"));
    g_ptr_array_add(extra, g_strdup(audiodev));
    g_ptr_array_add(extra, g_strdup("-device"));
    g_ptr_array_add(extra, g_strdup_printf(
        "cycaudio,id=snd,audiodev=snd0%s%s", opt_device_opts ? "," : "",
        opt_device_opts ? opt_device_opts : ""));
    for (i = 0; opt_rest && opt_rest[i]; i++) {
        g_ptr_array_add(extra, g_strdup(opt_rest[i]));
    }
    g_ptr_array_add(extra, NULL);

    cyc_qemu_opts_init(&o, NULL);
    o.artifact_dir = opt_out;
    o.qemu = qemu;
    o.machine = opt_machine ? opt_machine : "pc";
    o.icount_shift = opt_no_icount ? -1 : opt_icount;
    o.kernel = opt_kernel;
    o.append = opt_append;
    o.extra = (const char *const *)extra->pdata;
    o.deadline_s = opt_timeout > 0 ? opt_timeout :
                   opt_gdb ? 0.0 : BOOT_DEFAULT_TIMEOUT_S;
    if (opt_gdb && opt_timeout <= 0) {
        /* Waiting on a human: no deadline at all. */
        g_setenv("CYC_TIMEOUT_MULTIPLIER", "0", TRUE);
    }
    o.console_fn = echo_console;
    o.trace = opt_trace;
    o.gdb = opt_gdb;

    if (opt_gdb) {
        g_printerr("cyc-boot: the VM waits for gdb: target remote %s, then "
                   "continue\n", opt_gdb);
    }
    timer = g_timer_new();
    boot = cyc_boot_run(&o, &err);
    if (!boot && !g_error_matches(err, CYC_ERROR, CYC_ERROR_TIMEOUT)) {
        g_printerr("cyc-boot: %s\n", err->message);
        write_result(opt_out, -1, "error", g_timer_elapsed(timer, NULL));
        return EXIT_OTHER;
    }
    status = boot ? boot->status : -1;
    if (status < 0) {
        g_printerr("\ncyc-boot: timeout after %.1f s: %s\n",
                   g_timer_elapsed(timer, NULL), err->message);
        verdict = "timeout";
        rc = EXIT_OTHER;
    } else if (status == CYC_BOOT_PASS_STATUS) {
        verdict = "pass";
        rc = EXIT_PASS;
    } else if (status == CYC_BOOT_FAIL_STATUS) {
        verdict = "fail";
        rc = EXIT_FAIL;
    } else {
        g_printerr("\ncyc-boot: QEMU exited with status %d, which is no guest "
                   "verdict (33 pass, 35 fail); see %s/stderr.log\n", status,
                   opt_out);
        verdict = "error";
        rc = EXIT_OTHER;
    }
    if (status >= 0) {
        g_printerr("cyc-boot: verdict %s (QEMU status %d) after %.2f s\n",
                   verdict, status, g_timer_elapsed(timer, NULL));
    }
    write_result(opt_out, status, verdict, g_timer_elapsed(timer, NULL));
    /* QEMU has exited: on timeout cyc_boot_run quit it over QMP. */
    g_clear_pointer(&boot, cyc_boot_free);
    if (wav_path) {
        check_wav(wav_path);
    }
    return rc;
}
