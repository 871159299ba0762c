/* SPDX-License-Identifier: MIT */
/*
 * One QEMU run: argv, artifact folder, QMP (and qtest) sockets, exit status.
 * The test owns the CycQemu and nothing outlives it: freeing quits QEMU (or
 * kills it after 2 s), reaps it, and deletes the artifact folder unless the
 * run failed. Every wait is bounded by the run's wall-clock deadline.
 */
#ifndef CYC_QEMU_H
#define CYC_QEMU_H

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "errors.h"
#include "qmp.h"
#include "qtest.h"

G_BEGIN_DECLS

#define CYC_QEMU_DEFAULT_DEADLINE_S 60.0

/* Receives console bytes as they appear (during cyc_qemu_wait_exit). */
typedef void (*CycConsoleFunc)(const char *text, gsize len,
                               gpointer user_data);

typedef struct CycQemuOpts {
    const char *name;          /* artifact folder $CYC_ARTIFACTS/<name> */
    const char *artifact_dir;  /* exact folder instead of name; always kept */
    const char *qemu;          /* binary; NULL: $CYC_QEMU */
    const char *machine;       /* NULL: "pc" */
    const char *accel;         /* NULL: "tcg"; "qtest" adds the qtest socket */
    int icount_shift;          /* -1: none; N: -icount shift=N,sleep=off */
    const char *kernel;        /* guest ELF: adds debugcon and debug-exit */
    const char *append;
    const char *const *extra;  /* more QEMU arguments, NULL-terminated;
                                * "@ART@" stands for the artifact folder */
    double deadline_s;         /* whole run; 0: CYC_QEMU_DEFAULT_DEADLINE_S */
    CycConsoleFunc console_fn;
    gpointer console_data;
    /*
     * Trace events to log into <artifacts>/trace.log, e.g. "cycaudio_*"
     * (several patterns separated by commas); NULL: $CYC_TRACE if set.
     */
    const char *trace;
    /* gdbstub on this unix socket (QEMU listens, does not wait), or NULL */
    const char *gdb;
} CycQemuOpts;

typedef struct CycQemu CycQemu;

/*
 * Fills @opts with the defaults (pc, tcg, no icount, default deadline). A
 * literal initialiser must set icount_shift = -1 itself: 0 means shift=0.
 */
void cyc_qemu_opts_init(CycQemuOpts *opts, const char *name);

/*
 * Starts QEMU paused (-S) with QMP negotiated. With accel "qtest" the qtest
 * socket is connected too and the VM is already continued (the clock only
 * moves through cyc_qtest_clock_*). QEMU exiting during start-up is
 * CYC_ERROR_EXITED, with its stderr in the message.
 */
CycQemu *cyc_qemu_launch(const CycQemuOpts *opts, GError **error);
void cyc_qemu_free(CycQemu *q);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CycQemu, cyc_qemu_free)

/*
 * Resumes the VM; TRUE too when QEMU exited before QMP answered (a guest
 * that ends at once), whose status cyc_qemu_wait_exit then returns.
 */
gboolean cyc_qemu_cont(CycQemu *q, GError **error);

/*
 * Waits for QEMU to exit, streaming the console to console_fn, and returns
 * its exit status (128 + N when killed by signal N). Past the deadline it
 * saves a state dump (state-at-deadline.txt), marks the run failed and
 * returns -1 with CYC_ERROR_TIMEOUT; QEMU is left to cyc_qemu_free.
 */
int cyc_qemu_wait_exit(CycQemu *q, GError **error);

/* Exit status if QEMU has already exited, else -1; never blocks. */
int cyc_qemu_exit_status(CycQemu *q);

/* Whole isa-debugcon log so far ("" without a kernel). */
char *cyc_qemu_console(CycQemu *q);
/* QEMU's stdout and stderr so far. */
char *cyc_qemu_stderr(CycQemu *q);
const char *cyc_qemu_artifact_dir(CycQemu *q);
/* Keeps the artifact folder when the CycQemu is freed. */
void cyc_qemu_fail(CycQemu *q);
/* Moves the deadline to @seconds from now (scaled like deadline_s). */
void cyc_qemu_set_deadline(CycQemu *q, double seconds);
GPid cyc_qemu_pid(CycQemu *q);

/* QMP command with @args_json (an object text or NULL); see qmp.h. */
JsonNode *cyc_qemu_qmp(CycQemu *q, const char *command,
                       const char *args_json, GError **error);
char *cyc_qemu_hmp(CycQemu *q, const char *command_line, GError **error);
JsonObject *cyc_qemu_wait_event(CycQemu *q, const char *name,
                                GError **error);
/* Borrowed clients; cyc_qemu_qtest is NULL unless accel is "qtest". */
CycQmp *cyc_qemu_get_qmp(CycQemu *q);
CycQtest *cyc_qemu_qtest(CycQemu *q);

/*
 * Runs QEMU without QMP until it exits (help output, start-up errors) and
 * returns its status with stdout+stderr in *@output. A QEMU that is still
 * running at the deadline is killed: -1 and CYC_ERROR_TIMEOUT. The
 * artifact folder is kept only on error.
 */
int cyc_qemu_run(const CycQemuOpts *opts, char **output, GError **error);

/*
 * A guest boot run to its end: the guest's verdict is QEMU's exit status;
 * every other outcome (no start, deadline) is an error that keeps the
 * artifact folder.
 */
#define CYC_BOOT_PASS_STATUS 33 /* guest wrote 0x10 to isa-debug-exit */
#define CYC_BOOT_FAIL_STATUS 35 /* guest wrote 0x11 */

typedef struct CycBoot {
    CycQemu *q;         /* exited; its artifact folder and accessors */
    int status;         /* QEMU's exit status */
    char *console;      /* the whole isa-debugcon log */
} CycBoot;

/*
 * Boots @opts->kernel and waits until QEMU exits. With @opts->gdb the VM is
 * not continued: gdb's "continue" starts it. NULL with @error (naming the
 * artifact folder, which is kept) when QEMU did not start or was still
 * running at the deadline (CYC_ERROR_TIMEOUT, state-at-deadline.txt saved).
 */
CycBoot *cyc_boot_run(const CycQemuOpts *opts, GError **error);

/*
 * cyc_qemu_opts_init for a boot of the project's guest, $CYC_GUEST (set by
 * meson once the guest is built), with command line @append. FALSE when
 * CYC_GUEST is not set.
 */
gboolean cyc_boot_opts_init(CycQemuOpts *opts, const char *name,
                            const char *append, GError **error);
void cyc_boot_free(CycBoot *boot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CycBoot, cyc_boot_free)

/*
 * TRUE when the guest passed: exit status CYC_BOOT_PASS_STATUS and every
 * test of its console TAP ok. Else FALSE with the reason and the artifact
 * folder in @error, and the folder is kept.
 */
gboolean cyc_boot_passed(CycBoot *boot, GError **error);

/* rm -rf @path, tolerant of what is already gone (test scratch folders). */
void cyc_remove_tree(const char *path);

G_END_DECLS

#endif /* CYC_QEMU_H */
