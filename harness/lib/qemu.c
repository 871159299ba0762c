/* SPDX-License-Identifier: MIT */
/*
 * QEMU process lifecycle. Sockets are bound and listening before QEMU is
 * spawned (QEMU connects as a client), so there is no start-up race. QEMU
 * stays in the test's process group and dies with its parent
 * (PR_SET_PDEATHSIG), so libcheck's killpg and meson's timeout reach it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "qemu.h"
#include "tap.h"

#define QEMU_POLL_US        (20 * 1000)
#define QEMU_QUIT_GRACE_S   2.0
#define QEMU_REAP_GRACE_US  (2 * G_USEC_PER_SEC)

struct CycQemu {
    GPid pid;
    int status;             /* wait status once reaped, else -1 */
    gboolean failed;
    gboolean keep;          /* artifact_dir given explicitly */
    gint64 deadline;        /* monotonic us; shared with qmp and qtest */
    char *art;
    char *sockdir;
    char *console_path;
    int console_fd;         /* read side of console.log, opened lazily */
    goffset console_off;
    CycConsoleFunc console_fn;
    gpointer console_data;
    CycQmp *qmp;
    CycQtest *qtest;
};

void cyc_qemu_opts_init(CycQemuOpts *opts, const char *name)
{
    memset(opts, 0, sizeof(*opts));
    opts->name = name;
    opts->machine = "pc";
    opts->accel = "tcg";
    opts->icount_shift = -1;
    opts->deadline_s = CYC_QEMU_DEFAULT_DEADLINE_S;
}

void cyc_remove_tree(const char *path)
{
    g_autoptr(GDir) dir = NULL;
    const char *entry;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR) ||
        g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        g_unlink(path);
        return;
    }
    dir = g_dir_open(path, 0, NULL);
    while (dir && (entry = g_dir_read_name(dir))) {
        g_autofree char *child = g_build_filename(path, entry, NULL);

        cyc_remove_tree(child);
    }
    g_rmdir(path);
}

static char *artifact_path(const CycQemuOpts *opts, GError **error)
{
    const char *base = g_getenv("CYC_ARTIFACTS");

    if (opts->artifact_dir) {
        return g_strdup(opts->artifact_dir);
    }
    if (!opts->name || !*opts->name || strstr(opts->name, "..")) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "CycQemuOpts.name must be a relative folder name, got '%s'",
                    opts->name ? opts->name : "(null)");
        return NULL;
    }
    if (!base || !*base) {
        base = "cyc-artifacts";
    }
    return g_build_filename(base, opts->name, NULL);
}

static gboolean make_artifact_dir(const char *art, gboolean fresh,
                                  GError **error)
{
    if (fresh) {
        cyc_remove_tree(art);
    }
    if (g_mkdir_with_parents(art, 0755) < 0) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "cannot create artifact folder %s: %s", art,
                    g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

static void add(GPtrArray *argv, const char *arg)
{
    g_ptr_array_add(argv, g_strdup(arg));
}

static void addf(GPtrArray *argv, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void addf(GPtrArray *argv, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(argv, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/*
 * The firmware a boot gets, NULL for QEMU's default (SeaBIOS). A pc boots on
 * qboot (Debian's qemu-system-data): SeaBIOS's POST is some 40 ms of host
 * time per boot, about a third of a short run; qboot assigns no BARs, so the
 * guest does what SeaBIOS would have (guest/arch/x86_64/pcifw.c, the same
 * addresses and IRQ lines). q35 keeps SeaBIOS: its root ports need bus
 * numbers and windows the guest does not assign. CYC_BIOS names another
 * firmware for every machine ("bios-256k.bin": SeaBIOS on pc as well).
 */
static const char *boot_firmware(const CycQemuOpts *opts)
{
    const char *bios = g_getenv("CYC_BIOS");
    const char *machine = opts->machine ? opts->machine : "pc";
    size_t len = strcspn(machine, ",");

    if (bios && *bios) {
        return bios;
    }
    if ((len == 2 && strncmp(machine, "pc", 2) == 0) ||
        g_str_has_prefix(machine, "pc-i440fx")) {
        return "qboot.rom";
    }
    return NULL;
}

/*
 * The command line shared by launch and run; @qmp_sock and @qtest_sock
 * may be NULL. Returns a NULL-terminated array.
 */
static GPtrArray *build_argv(const CycQemuOpts *opts, const char *art,
                             const char *qmp_sock, const char *qtest_sock,
                             GError **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    const char *qemu = opts->qemu ? opts->qemu : g_getenv("CYC_QEMU");
    const char *fw = g_getenv("CYC_FIRMWARE");
    const char *accel = opts->accel ? opts->accel : "tcg";
    const char *trace;
    const char *bios;
    g_auto(GStrv) dirs = NULL;
    guint i;

    if (!qemu || !*qemu) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "no QEMU binary: set CYC_QEMU (meson test does)");
        return NULL;
    }
    add(argv, qemu);
    add(argv, "-S");
    add(argv, "-nodefaults");
    add(argv, "-no-user-config");
    add(argv, "-display");
    add(argv, "none");
    add(argv, "-no-reboot");
    add(argv, "-machine");
    add(argv, opts->machine ? opts->machine : "pc");
    add(argv, "-accel");
    add(argv, accel);
    dirs = g_strsplit(fw && *fw ? fw : "/usr/share/seabios:/usr/share/qemu",
                      ":", -1);
    for (i = 0; dirs[i]; i++) {
        if (*dirs[i]) {
            add(argv, "-L");
            add(argv, dirs[i]);
        }
    }
    bios = boot_firmware(opts);
    if (bios) {
        add(argv, "-bios");
        add(argv, bios);
    }
    if (qmp_sock) {
        add(argv, "-chardev");
        addf(argv, "socket,id=cyc-qmp,path=%s", qmp_sock);
        add(argv, "-mon");
        add(argv, "chardev=cyc-qmp,mode=control");
    }
    if (qtest_sock) {
        add(argv, "-qtest");
        addf(argv, "unix:%s", qtest_sock);
        /* QEMU would echo the traffic to stderr; qtest.log has it already. */
        add(argv, "-qtest-log");
        add(argv, "none");
    }
    if (opts->kernel) {
        add(argv, "-kernel");
        add(argv, opts->kernel);
        if (opts->append) {
            add(argv, "-append");
            add(argv, opts->append);
        }
        add(argv, "-chardev");
        addf(argv, "file,id=cyc-con,path=%s/console.log", art);
        add(argv, "-device");
        add(argv, "isa-debugcon,iobase=0xe9,chardev=cyc-con");
        add(argv, "-device");
        add(argv, "isa-debug-exit,iobase=0xf4,iosize=4");
        /* The guest's drive C: its file records leave on COM2
         * (guest/nt/README.md "Files"); nt_files() makes them files. */
        add(argv, "-chardev");
        addf(argv, "file,id=cyc-files,path=%s/nt-files.bin", art);
        add(argv, "-device");
        add(argv, "isa-serial,index=1,chardev=cyc-files");
    }
    trace = opts->trace ? opts->trace : g_getenv("CYC_TRACE");
    if (trace && *trace) {
        g_auto(GStrv) patterns = g_strsplit(trace, ",", -1);

        /* a comma separates patterns: one -trace each */
        for (guint i = 0; patterns[i]; i++) {
            add(argv, "-trace");
            addf(argv, "enable=%s", patterns[i]);
        }
        add(argv, "-D");
        addf(argv, "%s/trace.log", art);
    }
    if (opts->gdb) {
        add(argv, "-chardev");
        addf(argv, "socket,id=cyc-gdb,path=%s,server=on,wait=off", opts->gdb);
        add(argv, "-gdb");
        add(argv, "chardev:cyc-gdb");
    }
    if (opts->icount_shift >= 0) {
        add(argv, "-icount");
        addf(argv, "shift=%d,sleep=off", opts->icount_shift);
        add(argv, "-rtc");
        add(argv, "clock=vm");
    }
    for (i = 0; opts->extra && opts->extra[i]; i++) {
        g_auto(GStrv) parts = g_strsplit(opts->extra[i], "@ART@", -1);

        g_ptr_array_add(argv, g_strjoinv(art, parts));
    }
    g_ptr_array_add(argv, NULL);
    return g_steal_pointer(&argv);
}

static gboolean write_cmdline(const char *art, GPtrArray *argv,
                              GError **error)
{
    g_autoptr(GString) text = g_string_new(NULL);
    g_autofree char *path = g_build_filename(art, "cmdline.txt", NULL);
    guint i;

    for (i = 0; i < argv->len && argv->pdata[i]; i++) {
        g_autofree char *quoted = g_shell_quote(argv->pdata[i]);

        g_string_append(text, i ? " \\\n    " : "");
        g_string_append(text, quoted);
    }
    g_string_append_c(text, '\n');
    return g_file_set_contents(path, text->str, text->len, error);
}

static void child_setup(gpointer data)
{
    pid_t parent = GPOINTER_TO_INT(data);

    /* Dies with the test; if the test is already gone, do not start. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        _exit(127);
    }
}

/*
 * QEMU's environment: malloc on transparent huge pages (glibc >= 2.35
 * tunable) halves the page faults of its start-up, which on this project's
 * VMs cost more than anything else in it (-machine pc to -S: 3133 -> 1551
 * faults, 72 -> 47 ms of CPU). A GLIBC_TUNABLES of the caller's stays.
 */
static char **qemu_environ(void)
{
    return g_environ_setenv(g_get_environ(), "GLIBC_TUNABLES",
                            "glibc.malloc.hugetlb=1", FALSE);
}

static gboolean spawn(GPtrArray *argv, const char *art, GPid *pid,
                      GError **error)
{
    g_autofree char *log = g_build_filename(art, "stderr.log", NULL);
    g_auto(GStrv) envp = qemu_environ();
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    gboolean ok;

    if (fd < 0) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED, "cannot open %s: %s",
                    log, g_strerror(errno));
        return FALSE;
    }
    ok = g_spawn_async_with_pipes_and_fds(
        NULL, (const char *const *)argv->pdata, (const char *const *)envp,
        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
        child_setup, GINT_TO_POINTER(getpid()), -1, fd, fd, NULL, NULL, 0,
        pid, NULL, NULL, NULL, error);
    close(fd);
    return ok;
}

static GSocket *listen_unix(const char *path, GError **error)
{
    g_autoptr(GSocket) sock = NULL;
    g_autoptr(GSocketAddress) addr = NULL;

    sock = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                        G_SOCKET_PROTOCOL_DEFAULT, error);
    if (!sock) {
        return NULL;
    }
    addr = g_unix_socket_address_new(path);
    if (!g_socket_bind(sock, addr, FALSE, error) ||
        !g_socket_listen(sock, error)) {
        return NULL;
    }
    g_socket_set_blocking(sock, FALSE);
    return g_steal_pointer(&sock);
}

/* Non-blocking reap; TRUE once QEMU has exited (q->status is set). */
static gboolean reap(CycQemu *q)
{
    int st;
    pid_t r;

    if (q->status >= 0) {
        return TRUE;
    }
    if (q->pid <= 0) {
        return FALSE;
    }
    do {
        r = waitpid(q->pid, &st, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == q->pid) {
        q->status = st;
        g_spawn_close_pid(q->pid);
        return TRUE;
    }
    return FALSE;
}

/*
 * Sleeps up to @us, less when QEMU exits first: its pidfd turns readable at
 * the exit, so the end of a run is seen at once rather than up to a poll
 * interval later (10 ms on average, a fifth of a short boot).
 */
static void wait_child(CycQemu *q, gint64 us)
{
#ifdef SYS_pidfd_open
    int fd = q->pid > 0 ? (int)syscall(SYS_pidfd_open, q->pid, 0) : -1;

    if (fd >= 0) {
        struct pollfd p = { .fd = fd, .events = POLLIN };

        (void)poll(&p, 1, (int)((us + 999) / 1000));
        close(fd);
        return;
    }
#endif
    g_usleep(us);
}

static int decode_status(int st)
{
    if (WIFEXITED(st)) {
        return WEXITSTATUS(st);
    }
    if (WIFSIGNALED(st)) {
        return 128 + WTERMSIG(st);
    }
    return 255;
}

static char *read_artifact(const char *art, const char *file)
{
    g_autofree char *path = g_build_filename(art, file, NULL);
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return g_strdup("");
    }
    return text;
}

static void set_exited_error(CycQemu *q, GError **error, const char *when)
{
    g_autofree char *err = read_artifact(q->art, "stderr.log");

    g_set_error(error, CYC_ERROR, CYC_ERROR_EXITED,
                "QEMU exited with status %d %s (artifacts %s); stderr:\n%s",
                decode_status(q->status), when, q->art, err);
}

/* Accepts one connection on @listener, watching for QEMU's early exit. */
static GSocket *accept_bounded(CycQemu *q, GSocket *listener,
                               const char *what, GError **error)
{
    for (;;) {
        g_autoptr(GError) local = NULL;
        GSocket *conn = g_socket_accept(listener, NULL, &local);

        if (conn) {
            return conn;
        }
        if (!g_error_matches(local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
            g_propagate_prefixed_error(error, g_steal_pointer(&local),
                                       "accepting the %s socket: ", what);
            return NULL;
        }
        if (reap(q)) {
            set_exited_error(q, error, "during start-up");
            return NULL;
        }
        if (g_get_monotonic_time() >= q->deadline) {
            g_set_error(error, CYC_ERROR, CYC_ERROR_TIMEOUT,
                        "QEMU did not connect its %s socket before the "
                        "deadline (artifacts %s)", what, q->art);
            return NULL;
        }
        g_socket_condition_timed_wait(listener, G_IO_IN, QEMU_POLL_US, NULL,
                                      NULL);
    }
}

static gboolean reap_until(CycQemu *q, gint64 until);

static CycQemu *qemu_new(const CycQemuOpts *opts, GError **error)
{
    g_autoptr(CycQemu) q = g_new0(CycQemu, 1);

    q->status = -1;
    q->console_fd = -1;
    q->keep = opts->artifact_dir != NULL;
    q->deadline = cyc_deadline_from_seconds(
        opts->deadline_s > 0 ? opts->deadline_s : CYC_QEMU_DEFAULT_DEADLINE_S);
    q->console_fn = opts->console_fn;
    q->console_data = opts->console_data;
    q->art = artifact_path(opts, error);
    if (!q->art || !make_artifact_dir(q->art, !q->keep, error)) {
        q->failed = TRUE;
        return NULL;
    }
    q->console_path = g_build_filename(q->art, "console.log", NULL);
    return g_steal_pointer(&q);
}

CycQemu *cyc_qemu_launch(const CycQemuOpts *opts, GError **error)
{
    g_autoptr(CycQemu) q = qemu_new(opts, error);
    g_autoptr(GPtrArray) argv = NULL;
    g_autoptr(GSocket) qmp_listen = NULL;
    g_autoptr(GSocket) qtest_listen = NULL;
    g_autoptr(GSocket) qmp_conn = NULL;
    g_autoptr(GSocket) qtest_conn = NULL;
    g_autofree char *qmp_path = NULL;
    g_autofree char *qtest_path = NULL;
    g_autofree char *qmp_log = NULL;
    g_autofree char *qtest_log = NULL;
    g_autoptr(GError) local = NULL;
    gboolean want_qtest = g_strcmp0(opts->accel, "qtest") == 0;

    if (!q) {
        return NULL;
    }
    q->failed = TRUE;   /* until start-up completes */
    /* Short paths: sun_path holds 108 bytes, the build tree may be deep. */
    q->sockdir = g_dir_make_tmp("cyc-XXXXXX", error);
    if (!q->sockdir) {
        return NULL;
    }
    qmp_path = g_build_filename(q->sockdir, "qmp.sock", NULL);
    qmp_listen = listen_unix(qmp_path, error);
    if (!qmp_listen) {
        return NULL;
    }
    if (want_qtest) {
        qtest_path = g_build_filename(q->sockdir, "qtest.sock", NULL);
        qtest_listen = listen_unix(qtest_path, error);
        if (!qtest_listen) {
            return NULL;
        }
    }
    argv = build_argv(opts, q->art, qmp_path, qtest_path, error);
    if (!argv || !write_cmdline(q->art, argv, error) ||
        !spawn(argv, q->art, &q->pid, error)) {
        return NULL;
    }

    qmp_conn = accept_bounded(q, qmp_listen, "QMP", error);
    if (!qmp_conn) {
        return NULL;
    }
    qmp_log = g_build_filename(q->art, "qmp.log", NULL);
    q->qmp = cyc_qmp_new(qmp_conn, &q->deadline, q->art, qmp_log, error);
    if (!q->qmp) {
        return NULL;
    }
    if (want_qtest) {
        qtest_conn = accept_bounded(q, qtest_listen, "qtest", error);
        if (!qtest_conn) {
            return NULL;
        }
        qtest_log = g_build_filename(q->art, "qtest.log", NULL);
        q->qtest = cyc_qtest_new(qtest_conn, &q->deadline, q->art, qtest_log,
                                 error);
        if (!q->qtest) {
            return NULL;
        }
    }
    if (!cyc_qmp_handshake(q->qmp, &local)) {
        if (g_error_matches(local, CYC_ERROR, CYC_ERROR_EXITED) &&
            reap_until(q, MIN(q->deadline, g_get_monotonic_time() +
                                               QEMU_REAP_GRACE_US))) {
            set_exited_error(q, error, "during the QMP handshake");
        } else {
            g_propagate_error(error, g_steal_pointer(&local));
        }
        return NULL;
    }
    if (want_qtest && !cyc_qemu_cont(q, error)) {
        return NULL;
    }
    q->failed = FALSE;
    return g_steal_pointer(&q);
}

/*
 * A guest that ends at once (a tiny test guest runs for 1 ms) can make QEMU
 * exit before QMP answers "cont": that is a run, not an error, and its exit
 * status is the verdict.
 */
gboolean cyc_qemu_cont(CycQemu *q, GError **error)
{
    g_autoptr(GError) local = NULL;
    g_autoptr(JsonNode) ret = cyc_qemu_qmp(q, "cont", NULL, &local);

    if (ret || reap_until(q, g_get_monotonic_time() + QEMU_REAP_GRACE_US)) {
        return TRUE;
    }
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
}

/* Hands newly written console bytes to the callback. */
static void console_tail(CycQemu *q)
{
    char buf[4096];
    ssize_t n;

    if (!q->console_fn) {
        return;
    }
    if (q->console_fd < 0) {
        q->console_fd = open(q->console_path, O_RDONLY | O_CLOEXEC);
        if (q->console_fd < 0) {
            return;
        }
    }
    while ((n = pread(q->console_fd, buf, sizeof(buf), q->console_off)) > 0) {
        q->console_fn(buf, n, q->console_data);
        q->console_off += n;
    }
}

static void dump_state(CycQemu *q)
{
    static const char *const cmds[] = {
        "info status", "info registers", "info pic", "info lapic",
        "info irq", "info pci", "info qtree",
    };
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree char *path = g_build_filename(q->art, "state-at-deadline.txt",
                                             NULL);
    gint64 saved = q->deadline;
    guint i;

    if (!q->qmp || cyc_qmp_is_eof(q->qmp)) {
        return;
    }
    /* A bounded extension just for the dump. */
    q->deadline = g_get_monotonic_time() + QEMU_QUIT_GRACE_S * G_USEC_PER_SEC;
    for (i = 0; i < G_N_ELEMENTS(cmds); i++) {
        g_autoptr(GError) local = NULL;
        g_autofree char *text = cyc_qmp_hmp(q->qmp, cmds[i], &local);

        g_string_append_printf(out, "=== %s\n%s\n", cmds[i],
                               text ? text : local->message);
        if (!text && g_error_matches(local, CYC_ERROR, CYC_ERROR_TIMEOUT)) {
            break;
        }
    }
    q->deadline = saved;
    g_file_set_contents(path, out->str, out->len, NULL);
}

/* The files the guest wrote into <art>/C/ through scripts/nt-files (with
 * CYC_SOURCE_ROOT set, as meson test does); nothing if it wrote none. */
static void nt_files(CycQemu *q)
{
    g_autofree char *records = g_build_filename(q->art, "nt-files.bin", NULL);
    g_autofree char *drive = g_build_filename(q->art, "C", NULL);
    g_autofree char *script = NULL;
    const char *root = g_getenv("CYC_SOURCE_ROOT");
    GStatBuf st;

    if (!root || g_stat(records, &st) != 0 || st.st_size == 0) {
        return;
    }
    script = g_build_filename(root, "scripts", "nt-files", NULL);
    {
        char *argv[] = { (char *)"python3", script, records, drive, NULL };

        g_spawn_sync(NULL, argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                     NULL, NULL, NULL, NULL, NULL);
    }
}

int cyc_qemu_wait_exit(CycQemu *q, GError **error)
{
    for (;;) {
        if (q->qmp) {
            cyc_qmp_pump(q->qmp);
        }
        if (reap(q)) {
            console_tail(q);
            if (WIFSIGNALED(q->status)) {
                q->failed = TRUE;
            }
            nt_files(q);
            return decode_status(q->status);
        }
        console_tail(q);
        if (g_get_monotonic_time() >= q->deadline) {
            q->failed = TRUE;
            dump_state(q);
            g_set_error(error, CYC_ERROR, CYC_ERROR_TIMEOUT,
                        "QEMU still running at the deadline (artifacts %s)",
                        q->art);
            return -1;
        }
        wait_child(q, QEMU_POLL_US);
    }
}

int cyc_qemu_exit_status(CycQemu *q)
{
    return reap(q) ? decode_status(q->status) : -1;
}

char *cyc_qemu_console(CycQemu *q)
{
    return read_artifact(q->art, "console.log");
}

char *cyc_qemu_stderr(CycQemu *q)
{
    return read_artifact(q->art, "stderr.log");
}

const char *cyc_qemu_artifact_dir(CycQemu *q)
{
    return q->art;
}

void cyc_qemu_fail(CycQemu *q)
{
    q->failed = TRUE;
}

void cyc_qemu_set_deadline(CycQemu *q, double seconds)
{
    q->deadline = cyc_deadline_from_seconds(seconds);
}

GPid cyc_qemu_pid(CycQemu *q)
{
    return q->pid;
}

CycQmp *cyc_qemu_get_qmp(CycQemu *q)
{
    return q->qmp;
}

CycQtest *cyc_qemu_qtest(CycQemu *q)
{
    return q->qtest;
}

JsonNode *cyc_qemu_qmp(CycQemu *q, const char *command,
                       const char *args_json, GError **error)
{
    if (!q->qmp) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED, "no QMP connection");
        return NULL;
    }
    return cyc_qmp_execute_json(q->qmp, command, args_json, error);
}

char *cyc_qemu_hmp(CycQemu *q, const char *command_line, GError **error)
{
    if (!q->qmp) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED, "no QMP connection");
        return NULL;
    }
    return cyc_qmp_hmp(q->qmp, command_line, error);
}

JsonObject *cyc_qemu_wait_event(CycQemu *q, const char *name, GError **error)
{
    if (!q->qmp) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED, "no QMP connection");
        return NULL;
    }
    return cyc_qmp_wait_event(q->qmp, name, error);
}

/* Polls for exit until @until (monotonic us). */
static gboolean reap_until(CycQemu *q, gint64 until)
{
    while (!reap(q)) {
        if (g_get_monotonic_time() >= until) {
            return FALSE;
        }
        wait_child(q, QEMU_POLL_US / 4);
    }
    return TRUE;
}

/* Quit over QMP (or SIGTERM), SIGKILL after 2 s; always reaps. */
static void stop_qemu(CycQemu *q)
{
    if (q->pid <= 0 || reap(q)) {
        return;
    }
    if (q->qmp && !cyc_qmp_is_eof(q->qmp)) {
        g_autoptr(JsonNode) ret = NULL;

        q->deadline = g_get_monotonic_time() +
                      QEMU_QUIT_GRACE_S * G_USEC_PER_SEC;
        ret = cyc_qmp_execute(q->qmp, "quit", NULL, NULL);
    } else {
        /* No monitor (cyc_qemu_run): QEMU shuts down cleanly on SIGTERM. */
        kill(q->pid, SIGTERM);
    }
    if (reap_until(q, g_get_monotonic_time() +
                      QEMU_QUIT_GRACE_S * G_USEC_PER_SEC)) {
        return;
    }
    q->failed = TRUE;
    kill(q->pid, SIGKILL);
    if (!reap_until(q, g_get_monotonic_time() + QEMU_REAP_GRACE_US)) {
        g_printerr("# cyc: QEMU pid %d did not die after SIGKILL\n", q->pid);
    }
}

void cyc_qemu_free(CycQemu *q)
{
    if (!q) {
        return;
    }
    stop_qemu(q);
    cyc_qtest_free(q->qtest);
    cyc_qmp_free(q->qmp);
    if (q->sockdir) {
        cyc_remove_tree(q->sockdir);
    }
    if (q->art) {
        if (q->failed) {
            g_printerr("# artifacts kept: %s\n", q->art);
        } else if (!q->keep && !g_getenv("CYC_KEEP_ARTIFACTS")) {
            cyc_remove_tree(q->art);
        }
    }
    if (q->console_fd >= 0) {
        close(q->console_fd);
    }
    g_free(q->art);
    g_free(q->sockdir);
    g_free(q->console_path);
    g_free(q);
}

int cyc_qemu_run(const CycQemuOpts *opts, char **output, GError **error)
{
    g_autoptr(CycQemu) q = qemu_new(opts, error);
    g_autoptr(GPtrArray) argv = NULL;
    int status;

    if (output) {
        *output = NULL;
    }
    if (!q) {
        return -1;
    }
    argv = build_argv(opts, q->art, NULL, NULL, error);
    if (!argv || !write_cmdline(q->art, argv, error) ||
        !spawn(argv, q->art, &q->pid, error)) {
        q->failed = TRUE;
        return -1;
    }
    status = cyc_qemu_wait_exit(q, error);
    if (output) {
        *output = cyc_qemu_stderr(q);
    }
    return status;
}

/* The one boot sequence the boot tests and cyc-boot share. */
CycBoot *cyc_boot_run(const CycQemuOpts *opts, GError **error)
{
    g_autoptr(CycBoot) boot = g_new0(CycBoot, 1);

    boot->q = cyc_qemu_launch(opts, error);
    if (!boot->q) {
        return NULL;
    }
    if (!opts->gdb && !cyc_qemu_cont(boot->q, error)) {
        cyc_qemu_fail(boot->q);
        g_prefix_error(error, "artifacts in %s: ",
                       cyc_qemu_artifact_dir(boot->q));
        return NULL;
    }
    boot->status = cyc_qemu_wait_exit(boot->q, error);
    if (boot->status < 0) {
        return NULL;
    }
    boot->console = cyc_qemu_console(boot->q);
    return g_steal_pointer(&boot);
}

gboolean cyc_boot_opts_init(CycQemuOpts *opts, const char *name,
                            const char *append, GError **error)
{
    const char *guest = g_getenv("CYC_GUEST");

    cyc_qemu_opts_init(opts, name);
    if (!guest || !*guest) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_NOT_FOUND,
                    "CYC_GUEST is not set (guest not built?)");
        return FALSE;
    }
    opts->kernel = guest;
    opts->append = append;
    return TRUE;
}

void cyc_boot_free(CycBoot *boot)
{
    if (boot->q) {
        cyc_qemu_free(boot->q);
    }
    g_free(boot->console);
    g_free(boot);
}

gboolean cyc_boot_passed(CycBoot *boot, GError **error)
{
    g_autoptr(CycTap) tap = NULL;
    g_autoptr(GError) local = NULL;

    if (boot->status != CYC_BOOT_PASS_STATUS) {
        cyc_qemu_fail(boot->q);
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "QEMU exit %d (want %d, pass); artifacts in %s",
                    boot->status, CYC_BOOT_PASS_STATUS,
                    cyc_qemu_artifact_dir(boot->q));
        return FALSE;
    }
    tap = cyc_tap_parse(boot->console);
    if (!cyc_tap_all_passed(tap, &local)) {
        cyc_qemu_fail(boot->q);
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED, "%s (artifacts in %s)",
                    local->message, cyc_qemu_artifact_dir(boot->q));
        return FALSE;
    }
    return TRUE;
}
