/* SPDX-License-Identifier: MIT */
/*
 * Tools suite: the gdb workflow of docs/debugging.md run for real. cyc-boot
 * boots the melody scenario under icount with its gdbstub on a unix socket,
 * gdb (batch, bounded by timeout(1)) stops on the adapter's ISR, runs the
 * cycaudio commands and continues to the verdict; the device trace of the same
 * run tells what the registers must have held at that virtual time, and a boot
 * of the same scenario without gdb tells what a stop must not have changed.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cyc.h"
#include <cycaudio/regs.h>

#define TOOLS_GDB_TIMEOUT_S 90
#define TOOLS_BOOT_TIMEOUT_S 120
/* stop at the 10th interrupt: steady state */
#define TOOLS_ISR_SKIP 9
/* melody renders on block 0 */
#define TOOLS_STREAM 0u
/* ISR hits 1..4 skipped by ignore (gdb continues itself) */
#define TOOLS_KEEP_SKIP 4
/* then stops at hits 5..10, cycregs at each */
#define TOOLS_KEEP_STOPS 6
/* ISR entry to its INTSTS read: a few dozen instructions */
#define TOOLS_ISR_PROLOGUE_MAX_NS 2000

/* Value after the word @key in the space-separated @words, or FALSE. */
static gboolean tools_field(char **words, const char *key, gint64 *value)
{
    guint i;

    for (i = 0; words[i] && words[i + 1]; i++) {
        if (strcmp(words[i], key) == 0) {
            *value = g_ascii_strtoll(words[i + 1], NULL, 0);
            return TRUE;
        }
    }
    return FALSE;
}

/* Group 1 of every match of @pattern in @out, in order, read in @base. */
static GArray *tools_numbers(const char *out, const char *pattern, guint base)
{
    g_autoptr(GRegex) re = g_regex_new(pattern, 0, 0, NULL);
    g_autoptr(GMatchInfo) m = NULL;
    GArray *values = g_array_new(FALSE, FALSE, sizeof(gint64));

    g_regex_match(re, out, 0, &m);
    while (g_match_info_matches(m)) {
        g_autofree char *n = g_match_info_fetch(m, 1);
        gint64 v = g_ascii_strtoll(n, NULL, base);

        g_array_append_val(values, v);
        g_match_info_next(m, NULL);
    }
    return values;
}

/* Every register value cycregs printed on a line naming @name, in order. */
static GArray *tools_printed_all(const char *out, const char *name)
{
    g_autofree char *pattern =
        g_strdup_printf("\\s%s\\s+(0x[0-9a-f]{8})\\s", name);

    return tools_numbers(out, pattern, 16);
}

/* The register value cycregs printed on the first line naming @name, or -1. */
static gint64 tools_printed(const char *out, const char *name)
{
    g_autoptr(GArray) values = tools_printed_all(out, name);

    return values->len ? g_array_index(values, gint64, 0) : -1;
}

/* What the device promises at one virtual time (docs/cycaudio.rst "Timing"). */
typedef struct ToolsExpect {
    gint64 stop_ns;
    gint64 wall_ns;
    guint32 pos;
    guint32 pcount;
} ToolsExpect;

/*
 * Virtual time of the WALL_LO read in @trace that returned @wall_lo
 * (gdb's, at a stop), or -1.
 */
static gint64 tools_stop_ns(const char *trace, gint64 wall_lo)
{
    g_auto(GStrv) lines = g_strsplit(trace, "\n", -1);
    guint i;

    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) w = g_strsplit(g_strstrip(lines[i]), " ", -1);
        gint64 now, addr = -1, val = -1;

        if (w[0] && strcmp(w[0], "cycaudio_mmio_read") == 0 &&
            tools_field(w, "now", &now) &&
            tools_field(w, "addr", &addr) && tools_field(w, "val", &val) &&
            addr == CYC_REG_WALL_LO && val == wall_lo) {
            return now;
        }
    }
    return -1;
}

/*
 * What the device promises at virtual time @stop_ns according to the
 * events of @trace before it.
 */
static gboolean tools_expect_at(const char *trace, gint64 stop_ns,
                                ToolsExpect *e, char **why)
{
    g_auto(GStrv) lines = g_strsplit(trace, "\n", -1);
    gint64 base = 0, run_t = -1, frames = 0, rate = 0, fb = 0, bsize = 0;
    gint64 psize = 0;
    guint i;

    e->stop_ns = stop_ns;
    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) w = g_strsplit(g_strstrip(lines[i]), " ", -1);
        gint64 now, stream = -1, addr = -1, val = 0, fmt = 0, state = 0;

        if (!w[0] || !tools_field(w, "now", &now)) {
            continue;
        }
        if (now >= stop_ns) {
            break;
        }
        tools_field(w, "stream", &stream);
        tools_field(w, "addr", &addr);
        tools_field(w, "val", &val);
        if (strcmp(w[0], "cycaudio_reset") == 0 ||
            (strcmp(w[0], "cycaudio_mmio_write") == 0 && addr == CYC_REG_GCTL &&
             (val & CYC_GCTL_GRST_MASK))) {
            base = now;
        } else if (stream != TOOLS_STREAM) {
            continue;
        } else if (strcmp(w[0], "cycaudio_stream_start") == 0) {
            tools_field(w, "fmt", &fmt);
            tools_field(w, "state", &state);
            tools_field(w, "bsize", &bsize);
            tools_field(w, "psize", &psize);
            rate = CYC_GET(fmt, CYC_FMT_RATE);
            fb = CYC_GET(fmt, CYC_FMT_CHANNELS) *
                 cyc_sfmt_bytes(CYC_GET(fmt, CYC_FMT_SFMT));
            frames = 0;
            run_t = state == CYC_STATE_RUN ? now : -1;
        } else if (strcmp(w[0], "cycaudio_stream_resume") == 0) {
            run_t = now;
        } else if (strcmp(w[0], "cycaudio_stream_pause") == 0 ||
                   strcmp(w[0], "cycaudio_stream_stop") == 0) {
            if (run_t >= 0) {
                frames += (now - run_t) * rate / (gint64)CYC_NS_PER_SEC;
            }
            run_t = -1;
        }
    }
    e->wall_ns = stop_ns - base;
    if (run_t < 0 || !fb || !bsize || !psize) {
        *why = g_strdup_printf("stream %u not running at %" G_GINT64_FORMAT
                               " ns", TOOLS_STREAM, stop_ns);
        return FALSE;
    }
    frames += (stop_ns - run_t) * rate / (gint64)CYC_NS_PER_SEC;
    e->pos = (guint32)(frames % (bsize / fb) * fb);
    e->pcount = (guint32)(frames / (psize / fb));
    return TRUE;
}

/*
 * What the guest saw of the device in @trace: its register accesses and the
 * interrupt line, one line each with the virtual time, minus the accesses at
 * the @n virtual times @skip_ns (gdb's own reads while the VM was stopped). DMA
 * events are left out: a gdb read of POS at a stop fetches early what the
 * guest's next read would have fetched, which splits a fetch in two.
 */
static GPtrArray *tools_guest_events(const char *trace, const gint64 *skip_ns,
                                     guint n)
{
    g_auto(GStrv) lines = g_strsplit(trace, "\n", -1);
    GPtrArray *events = g_ptr_array_new_with_free_func(g_free);
    guint i, k;

    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) w = g_strsplit(lines[i], " ", -1);
        gint64 now;

        if (!w[0] || (strcmp(w[0], "cycaudio_mmio_read") != 0 &&
                      strcmp(w[0], "cycaudio_mmio_write") != 0 &&
                      strcmp(w[0], "cycaudio_irq_update") != 0) ||
            !tools_field(w, "now", &now)) {
            continue;
        }
        for (k = 0; k < n && skip_ns[k] != now; k++) {
        }
        if (k == n) {
            g_ptr_array_add(events, g_strdup(lines[i]));
        }
    }
    return events;
}

/*
 * Index in @events of the first guest INTSTS read (the ISR's first
 * access) after @after_ns, or -1.
 */
static gint tools_next_isr(GPtrArray *events, gint64 after_ns, gint64 *at_ns)
{
    guint i;

    for (i = 0; i < events->len; i++) {
        g_auto(GStrv) w = g_strsplit(g_ptr_array_index(events, i), " ", -1);
        gint64 now, addr = -1;

        if (strcmp(w[0], "cycaudio_mmio_read") == 0 &&
            tools_field(w, "addr", &addr) &&
            addr == CYC_REG_INTSTS && tools_field(w, "now", &now) &&
            now > after_ns) {
            *at_ns = now;
            return (gint)i;
        }
    }
    return -1;
}

/* The "# summary ..." line of a scenario's console, or NULL. */
static char *tools_summary(const char *console)
{
    const char *line = strstr(console, "# summary ");

    return line ? g_strndup(line, strcspn(line, "\n")) : NULL;
}

/* The value of @key=N in the summary line @summary, or -1. */
static gint64 tools_summary_field(const char *summary, const char *key)
{
    g_autofree char *needle = g_strdup_printf(" %s=", key);
    const char *at = strstr(summary, needle);

    return at ? g_ascii_strtoll(at + strlen(needle), NULL, 10) : -1;
}

/*
 * What the device promised at the gdb stop, from trace.log: the stop time is
 * that of the WALL_LO read returning what gdb printed, the wall clock's base
 * the last reset or GRST before it, and the stream's frames follow
 * docs/cycaudio.rst "Timing": F = F0 + floor((now - t) * rate / 1e9) over its
 * RUN intervals since START.
 */
static gboolean tools_expect(const char *trace, gint64 wall_lo, ToolsExpect *e,
                             char **why)
{
    gint64 stop_ns = tools_stop_ns(trace, wall_lo);

    if (stop_ns < 0) {
        *why = g_strdup_printf("no WALL_LO read of 0x%" G_GINT64_MODIFIER "x "
                               "in trace.log", wall_lo);
        return FALSE;
    }
    return tools_expect_at(trace, stop_ns, e, why);
}

/* Reaps @p within @seconds; FALSE (and kills it) past the deadline. */
static gboolean tools_wait(GSubprocess *p, double seconds)
{
    gint64 end = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);

    while (g_subprocess_get_identifier(p) != NULL) {
        if (g_get_monotonic_time() > end) {
            g_subprocess_force_exit(p);
            g_subprocess_wait(p, NULL, NULL);
            return FALSE;
        }
        g_usleep(20000);
    }
    return g_subprocess_wait(p, NULL, NULL);
}

/*
 * One gdb session against one boot: what gdb printed
 * and the run's device trace.
 */
typedef struct ToolsSession {
    /* artifact folder, removed when the test passes */
    char *dir;
    char *gdb_log;
    /* gdb's stdout + stderr */
    char *out;
    /* trace.log of the same run */
    char *trace;
    /* console.log of the same run (the guest's TAP) */
    char *console;
} ToolsSession;

static void tools_session_free(ToolsSession *t)
{
    if (t->dir && g_strcmp0(g_getenv("CYC_KEEP_ARTIFACTS"), "1") != 0) {
        cyc_remove_tree(t->dir);
    }
    g_free(t->dir);
    g_free(t->gdb_log);
    g_free(t->out);
    g_free(t->trace);
    g_free(t->console);
    g_free(t);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ToolsSession, tools_session_free)

/*
 * The melody boot every test runs, into @dir; with @sock (not
 * NULL) waiting for gdb there.
 */
static GSubprocess *tools_boot(const char *dir, const char *sock,
                               GError **error)
{
    const char *boot = g_getenv("CYC_BOOT");
    const char *guest = g_getenv("CYC_GUEST");
    g_autofree char *boot_timeout = g_strdup_printf("%d", TOOLS_BOOT_TIMEOUT_S);
    const char *argv[] = {
        boot, "--kernel", guest, "--out", dir, "--icount", "3",
        "--append", "scenario=melody duration_ms=400", "--trace", "cycaudio_*",
        "--timeout", boot_timeout, sock ? "--gdb" : NULL, sock, NULL,
    };

    return g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, error);
}

/* Reads @dir/@file into *@text (asserts it exists). */
static void tools_read(const char *dir, const char *file, char **text)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);

    ck_assert_msg(g_file_get_contents(path, text, NULL, NULL), "no %s", path);
}

/*
 * The same boot without gdb: the run a gdb session must not change. Its verdict
 * must be pass; trace.log and console.log are kept in the session.
 */
static ToolsSession *tools_reference(const char *name)
{
    const char *arts = g_getenv("CYC_ARTIFACTS");
    g_autoptr(GSubprocess) qemu = NULL;
    g_autoptr(GError) err = NULL;
    ToolsSession *t = g_new0(ToolsSession, 1);

    ck_assert_msg(arts, "CYC_ARTIFACTS unset");
    t->dir = g_build_filename(arts, "tools", name, NULL);
    cyc_remove_tree(t->dir);
    g_mkdir_with_parents(t->dir, 0755);
    qemu = tools_boot(t->dir, NULL, &err);
    cyc_assert_no_error(err);
    ck_assert_msg(tools_wait(qemu, TOOLS_BOOT_TIMEOUT_S + 10),
                  "reference boot did not finish; see %s", t->dir);
    ck_assert_msg(g_subprocess_get_if_exited(qemu) &&
                  g_subprocess_get_exit_status(qemu) == 0,
                  "reference run without gdb does not pass (cyc-boot status "
                  "%d); see %s", g_subprocess_get_status(qemu), t->dir);
    tools_read(t->dir, "trace.log", &t->trace);
    tools_read(t->dir, "console.log", &t->console);
    return t;
}

/*
 * Boots melody under cyc-boot --gdb, runs gdb -batch: the cycaudio commands are
 * sourced, an hbreak on the adapter's ISR is hit (after @skip ignored hits),
 * then @cmds run; that repeats for @stops consecutive hits, the breakpoint goes
 * and the guest continues to its verdict, which must be pass. A failed
 * assertion leaves the process before the cleanup, so the artifact folder
 * (gdb.log, trace.log, console) stays.
 */
static ToolsSession *tools_session(const char *name, int skip, int stops,
                                   const char *const *cmds)
{
    const char *root = g_getenv("CYC_SOURCE_ROOT");
    const char *boot = g_getenv("CYC_BOOT");
    const char *guest = g_getenv("CYC_GUEST");
    const char *arts = g_getenv("CYC_ARTIFACTS");
    g_autofree char *sock = NULL, *gdb = NULL, *err_text = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GSubprocess) qemu = NULL;
    g_autoptr(GError) err = NULL;
    ToolsSession *t = g_new0(ToolsSession, 1);
    gint status = -1;
    int i, stop;

    ck_assert_msg(root && boot && guest && arts,
                  "CYC_SOURCE_ROOT/BOOT/GUEST/ARTIFACTS unset");
    gdb = g_find_program_in_path("gdb");
    ck_assert_msg(gdb, "gdb is not installed (scripts/deps installs it)");
    t->dir = g_build_filename(arts, "tools", name, NULL);
    cyc_remove_tree(t->dir);
    g_mkdir_with_parents(t->dir, 0755);
    /*
     * sun_path is 108 bytes: keep the socket short, in the
     * artifact folder if it fits.
     */
    sock = g_build_filename(t->dir, "gdb.sock", NULL);
    if (strlen(sock) >= 100) {
        g_free(sock);
        sock = g_strdup_printf("/tmp/cyc-tools-%d.sock", (int)getpid());
    }
    qemu = tools_boot(t->dir, sock, &err);
    cyc_assert_no_error(err);
    for (i = 0; i < 500 && !g_file_test(sock, G_FILE_TEST_EXISTS); i++) {
        g_usleep(20000);
    }
    ck_assert_msg(g_file_test(sock, G_FILE_TEST_EXISTS),
                  "no gdb socket %s after 10 s", sock);

    g_ptr_array_add(argv, g_strdup("timeout"));
    g_ptr_array_add(argv, g_strdup("-k"));
    g_ptr_array_add(argv, g_strdup("5"));
    g_ptr_array_add(argv, g_strdup_printf("%d", TOOLS_GDB_TIMEOUT_S));
    g_ptr_array_add(argv, g_strdup(gdb));
    g_ptr_array_add(argv, g_strdup("-q"));
    g_ptr_array_add(argv, g_strdup("-nx"));
    g_ptr_array_add(argv, g_strdup("-batch"));
    g_ptr_array_add(argv, g_strdup(guest));
#define TOOLS_EX(...) do { \
        g_ptr_array_add(argv, g_strdup("-ex")); \
        g_ptr_array_add(argv, g_strdup_printf(__VA_ARGS__)); \
    } while (0)
    TOOLS_EX("set pagination off");
    TOOLS_EX("set confirm off");
    TOOLS_EX("source %s/scripts/cycaudio-gdb.py", root);
    TOOLS_EX("target remote %s", sock);
    TOOLS_EX("hbreak CAdapterCommon_InterruptServiceRoutine");
    TOOLS_EX("ignore 1 %d", skip);
    for (stop = 0; stop < stops; stop++) {
        TOOLS_EX("continue");
        TOOLS_EX("info symbol $pc");
        for (i = 0; cmds[i]; i++) {
            TOOLS_EX("%s", cmds[i]);
        }
    }
    TOOLS_EX("delete");
    TOOLS_EX("continue");
#undef TOOLS_EX
    g_ptr_array_add(argv, NULL);
    g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                 NULL, &t->out, &err_text, &status, &err);
    cyc_assert_no_error(err);
    t->gdb_log = g_build_filename(t->dir, "gdb.log", NULL);
    g_file_set_contents(t->gdb_log, t->out, -1, NULL);
    ck_assert_msg(tools_wait(qemu, TOOLS_BOOT_TIMEOUT_S + 10),
                  "cyc-boot did not finish; see %s", t->dir);
    ck_assert_msg(g_subprocess_get_if_exited(qemu) &&
                  g_subprocess_get_exit_status(qemu) == 0,
                  "verdict after gdb continue is not pass (cyc-boot status "
                  "%d); see %s", g_subprocess_get_status(qemu), t->dir);
    /*
     * gdb -batch exits 1 when the final continue loses the target: QEMU exited.
     */
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) <= 1,
                  "gdb failed or timed out (wait status 0x%x); see %s", status,
                  t->gdb_log);
    ck_assert_msg(strstr(t->out, "Breakpoint 1, "
                                 "CAdapterCommon_InterruptServiceRoutine") &&
                  strstr(t->out, "CAdapterCommon_InterruptServiceRoutine "
                                 "in section .text"),
                  "gdb did not stop on the ISR; see %s", t->gdb_log);
    ck_assert_msg(!strstr(t->out, "Python Exception") &&
                  !strstr(t->out, "Error occurred"),
                  "a cycaudio command failed; see %s", t->gdb_log);
    tools_read(t->dir, "trace.log", &t->trace);
    tools_read(t->dir, "console.log", &t->console);
    return t;
}

/*
 * ABI promise: POS at any virtual time is the docs' formula; gdb
 * sees it with regs.h names.
 */
START_TEST(test_tools_gdb_isr_cycregs)
{
    static const char *const cmds[] = {
        "cycregs -s 0", "cycstreams --no-mmio", NULL
    };
    g_autoptr(ToolsSession) t =
        tools_session("gdb-isr-cycregs", TOOLS_ISR_SKIP, 1, cmds);
    g_autofree char *why = NULL;
    ToolsExpect e = { 0 };
    gint64 pos, pcount, wall_lo, wall_hi;
    const char *out = t->out;

    ck_assert_msg(strstr(out, "CYC_REG_ID           0x43594341  CYC_ID_VALUE"),
                  "no decoded ID; see %s", t->gdb_log);
    ck_assert_msg(strstr(out, "CYC_SD_CTL") && strstr(out, "STATE=RUN PIE EIE"),
                  "stream 0 CTL not decoded as running; see %s", t->gdb_log);
    ck_assert_msg(strstr(out, "PERIOD RUNNING"),
                  "the period event is not pending at the ISR; see %s",
                  t->gdb_log);
    ck_assert_msg(strstr(out, "block 0 render KSSTATE_RUN"),
                  "cycstreams did not find the running render stream; see %s",
                  t->gdb_log);

    /*
     * The values equal docs/cycaudio.rst's formula at the stop's virtual time.
     */
    wall_lo = tools_printed(out, "CYC_REG_WALL_LO");
    wall_hi = tools_printed(out, "CYC_REG_WALL_HI");
    pos = tools_printed(out, "CYC_SD_POS");
    pcount = tools_printed(out, "CYC_SD_PCOUNT");
    ck_assert_msg(wall_lo >= 0 && wall_hi >= 0 && pos >= 0 && pcount >= 0,
                  "cycregs did not print WALL/POS/PCOUNT; see %s", t->gdb_log);
    ck_assert_msg(tools_expect(t->trace, wall_lo, &e, &why), "%s (see %s)", why,
                  t->dir);
    ck_assert_msg((wall_hi << 32 | wall_lo) == e.wall_ns,
                  "WALL 0x%" G_GINT64_MODIFIER "x, trace says %"
                  G_GINT64_FORMAT " ns", wall_hi << 32 | wall_lo, e.wall_ns);
    ck_assert_msg(pos == e.pos,
                  "POS 0x%" G_GINT64_MODIFIER "x at %" G_GINT64_FORMAT
                  " ns, formula gives 0x%x (see %s)", pos, e.stop_ns, e.pos,
                  t->dir);
    ck_assert_msg(pcount == e.pcount,
                  "PCOUNT %" G_GINT64_FORMAT ", formula gives %u", pcount,
                  e.pcount);
    ck_assert_uint_ge(e.pcount, TOOLS_ISR_SKIP);
}
END_TEST

/*
 * Device reads at @now_ns of BAR offset @addr in @trace (gdb's,
 * while the VM is stopped).
 */
static guint tools_reads_at(const char *trace, gint64 now_ns, guint32 addr)
{
    g_autofree char *needle = g_strdup_printf(" addr 0x%x val ", addr);
    g_autofree char *tail =
        g_strdup_printf(" now %" G_GINT64_FORMAT "\n", now_ns);
    g_auto(GStrv) lines = g_strsplit(trace, "\n", -1);
    guint i, n = 0;

    for (i = 0; lines[i]; i++) {
        g_autofree char *line = g_strconcat(lines[i], "\n", NULL);

        if (g_str_has_prefix(line, "cycaudio_mmio_read ") &&
            strstr(line, needle) && g_str_has_suffix(line, tail)) {
            n++;
        }
    }
    return n;
}

/*
 * cycregs --safe and cycstreams --no-mmio never read a register whose read acts
 * (catch-up DMA, latches): at the stop's virtual time those registers are read
 * once, by the full cycregs that follows, while plain ones are read twice.
 */
START_TEST(test_tools_gdb_safe_reads_have_no_side_effects)
{
    static const char *const cmds[] = {
        "cycregs --safe -a", "cycstreams --no-mmio", "cycregs -s 0", NULL,
    };
    static const guint32 acting[] = {
        CYC_REG_INTSTS, CYC_REG_WALL_LO, CYC_STREAM_BASE + CYC_SD_STS,
        CYC_STREAM_BASE + CYC_SD_POS, CYC_STREAM_BASE + CYC_SD_PCOUNT,
        CYC_STREAM_BASE + CYC_SD_FRAMES_LO,
    };
    static const guint32 plain[] = {
        CYC_REG_ID, CYC_REG_CAPS, CYC_REG_INTCTL, CYC_STREAM_BASE + CYC_SD_CTL,
        CYC_STREAM_BASE + CYC_SD_FMT, CYC_STREAM_BASE + CYC_SD_BSIZE,
    };
    g_autoptr(ToolsSession) t = tools_session("gdb-safe", 0, 1, cmds);
    g_autofree char *why = NULL;
    ToolsExpect e = { 0 };
    gint64 wall_lo = tools_printed(t->out, "CYC_REG_WALL_LO");
    guint i;

    ck_assert_msg(strstr(t->out, "CYC_SD_POS           (not read: catchup)") &&
                  strstr(t->out, "CYC_REG_WALL_LO      (not read: latch)"),
                  "--safe did not skip POS and WALL_LO; see %s", t->gdb_log);
    ck_assert_msg(wall_lo >= 0, "the full cycregs printed no WALL_LO; see %s",
                  t->gdb_log);
    ck_assert_msg(tools_expect(t->trace, wall_lo, &e, &why), "%s (see %s)", why,
                  t->dir);
    for (i = 0; i < G_N_ELEMENTS(acting); i++) {
        ck_assert_msg(tools_reads_at(t->trace, e.stop_ns, acting[i]) == 1,
                      "BAR +0x%x read %u times at the stop (%" G_GINT64_FORMAT
                      " ns), want 1 (see %s)", acting[i],
                      tools_reads_at(t->trace, e.stop_ns, acting[i]), e.stop_ns,
                      t->dir);
    }
    for (i = 0; i < G_N_ELEMENTS(plain); i++) {
        ck_assert_msg(tools_reads_at(t->trace, e.stop_ns, plain[i]) == 2,
                      "BAR +0x%x read %u times at the stop, want 2 (see %s)",
                      plain[i], tools_reads_at(t->trace, e.stop_ns, plain[i]),
                      t->dir);
    }
}
END_TEST

/*
 * DESIGN decision 4 under gdb: with -icount shift=3,sleep=off a run with ISR
 * breakpoints (4 hits skipped by ignore, then 6 stops with cycregs at each) is
 * the run without gdb. Each stop's WALL, POS and PCOUNT are the reference run's
 * at that point of the guest's execution: the reference's matching ISR entered
 * its INTSTS read the same prologue (constant, measured in the gdb run) after
 * the entry. Then every register access and interrupt the guest saw is the
 * reference's at the same virtual time, the driver took one interrupt per
 * period, and the console (virtual-time stamps included) is byte-identical.
 * QEMU 7.2 failed this: each hit jumped virtual time to the next timer
 * deadline (scripts/qemu-patches/0001-icount-no-warp-over-debug-stop.patch).
 */
START_TEST(test_tools_gdb_stops_keep_virtual_time)
{
    static const char *const cmds[] = { "cycregs -s 0", NULL };
    g_autoptr(ToolsSession) ref = tools_reference("gdb-stops-reference");
    g_autoptr(ToolsSession) t = tools_session("gdb-stops", TOOLS_KEEP_SKIP,
                                              TOOLS_KEEP_STOPS, cmds);
    g_autoptr(GArray) lo = tools_printed_all(t->out, "CYC_REG_WALL_LO");
    g_autoptr(GArray) hi = tools_printed_all(t->out, "CYC_REG_WALL_HI");
    g_autoptr(GArray) pos = tools_printed_all(t->out, "CYC_SD_POS");
    g_autoptr(GArray) pcount = tools_printed_all(t->out, "CYC_SD_PCOUNT");
    g_autoptr(GPtrArray) want = tools_guest_events(ref->trace, NULL, 0);
    g_autoptr(GPtrArray) got = NULL;
    g_autofree char *summary = tools_summary(t->console);
    g_autofree char *ref_summary = tools_summary(ref->console);
    gint64 stop_ns[TOOLS_KEEP_STOPS], prologue_ns = -1;
    guint k, i;

    ck_assert_msg(lo->len == TOOLS_KEEP_STOPS && hi->len == TOOLS_KEEP_STOPS &&
                  pos->len == TOOLS_KEEP_STOPS &&
                  pcount->len == TOOLS_KEEP_STOPS,
                  "cycregs printed %u WALL_LO, %u POS at %d stops; see %s",
                  lo->len, pos->len, TOOLS_KEEP_STOPS, t->gdb_log);
    for (k = 0; k < TOOLS_KEEP_STOPS; k++) {
        stop_ns[k] = tools_stop_ns(t->trace, g_array_index(lo, gint64, k));
        ck_assert_msg(stop_ns[k] >= 0,
                      "stop %u: no WALL_LO read in trace.log; see %s", k + 1,
                      t->dir);
    }
    got = tools_guest_events(t->trace, stop_ns, TOOLS_KEEP_STOPS);

    for (k = 0; k < TOOLS_KEEP_STOPS; k++) {
        guint hit = TOOLS_KEEP_SKIP + 1 + k;
        gint64 isr_ns = -1, ref_isr_ns = -1, wall;
        gint idx = tools_next_isr(got, stop_ns[k], &isr_ns);
        g_autofree char *why = NULL;
        ToolsExpect e = { 0 };

        ck_assert_msg(idx >= 0,
                      "stop %u (ISR hit %u): the ISR never read INTSTS; see %s",
                      k + 1, hit, t->dir);
        if (prologue_ns < 0) {
            prologue_ns = isr_ns - stop_ns[k];
            ck_assert_msg(prologue_ns > 0 &&
                          prologue_ns <= TOOLS_ISR_PROLOGUE_MAX_NS,
                          "ISR entry to INTSTS read took %" G_GINT64_FORMAT
                          " ns; see %s", prologue_ns, t->dir);
        }
        ck_assert_msg(isr_ns - stop_ns[k] == prologue_ns,
                      "stop %u: ISR entry to INTSTS read %" G_GINT64_FORMAT
                      " ns, at stop 1 %" G_GINT64_FORMAT " ns; see %s", k + 1,
                      isr_ns - stop_ns[k], prologue_ns, t->dir);
        /*
         * The same guest access in the run without gdb (same index:
         * nothing before differs).
         */
        ck_assert_msg((guint)idx < want->len,
                      "the run without gdb has no access %d; see %s", idx,
                      ref->dir);
        {
            g_auto(GStrv) w = g_strsplit(g_ptr_array_index(want, idx), " ", -1);

            ck_assert_msg(tools_field(w, "now", &ref_isr_ns),
                          "bad reference line");
        }
        ck_assert_msg(tools_expect_at(ref->trace, ref_isr_ns - prologue_ns,
                                      &e, &why),
                      "%s (see %s)", why, ref->dir);
        wall =
            g_array_index(hi, gint64, k) << 32 | g_array_index(lo, gint64, k);
        ck_assert_msg(wall == e.wall_ns,
                      "stop %u (ISR hit %u): WALL %" G_GINT64_FORMAT
                      " ns under gdb, %" G_GINT64_FORMAT
                      " ns at that ISR entry without gdb (%+" G_GINT64_FORMAT
                      " ns); see %s and %s", k + 1, hit, wall, e.wall_ns,
                      wall - e.wall_ns, t->dir, ref->dir);
        ck_assert_msg(g_array_index(pos, gint64, k) == e.pos &&
                      g_array_index(pcount, gint64, k) == e.pcount,
                      "stop %u: POS 0x%" G_GINT64_MODIFIER "x PCOUNT %"
                      G_GINT64_FORMAT ", without gdb 0x%x %u", k + 1,
                      g_array_index(pos, gint64, k),
                      g_array_index(pcount, gint64, k), e.pos, e.pcount);
    }

    /* Everything the guest saw of the device, at the same virtual times. */
    for (i = 0;
         i < got->len && i < want->len &&
         strcmp(g_ptr_array_index(got, i), g_ptr_array_index(want, i)) == 0;
         i++) {
    }
    ck_assert_msg(i == got->len && i == want->len,
                  "device event %u of %u differs: under gdb '%s', without gdb "
                  "'%s' (see %s)", i, want->len,
                  i < got->len ? (char *)g_ptr_array_index(got, i) : "(end)",
                  i < want->len ? (char *)g_ptr_array_index(want, i) : "(end)",
                  t->dir);

    ck_assert_msg(summary && ref_summary,
                  "no summary line in console.log; see %s", t->dir);
    ck_assert_msg(tools_summary_field(summary, "interrupts") ==
                  tools_summary_field(summary, "periods") &&
                  tools_summary_field(summary, "underruns") == 0,
                  "driver under gdb: %s", summary);
    ck_assert_str_eq(summary, ref_summary);
    ck_assert_msg(strcmp(t->console, ref->console) == 0,
                  "console.log under gdb differs from the run without gdb (see "
                  "%s, %s)", t->dir, ref->dir);
}
END_TEST

/*
 * Record, replay, step back (docs/debugging.md): scripts/run --record keeps
 * QEMU's record/replay log and its 'init' snapshot, scripts/run --replay DIR
 * runs the same command line with rr=replay. Every scripts/run and gdb is
 * bounded by timeout(1).
 */
#define TOOLS_RR_TIMEOUT_S 60
/* WaveCyclic's 10 ms notification: 480 frames at 48 kHz */
#define TOOLS_RR_PERIOD_NS 10000000
/* stop at the 10th ISR, then step back to the 9th */
#define TOOLS_RR_ISR_HIT 10

/*
 * A short directory for @name (the gdb socket goes in
 * it: sun_path is 108 bytes).
 */
static char *tools_rr_dir(const char *name)
{
    const char *arts = g_getenv("CYC_ARTIFACTS");
    char *dir;

    ck_assert_msg(arts, "CYC_ARTIFACTS unset");
    dir = g_build_filename(arts, "tools", name, NULL);
    if (strlen(dir) + strlen("/gdb.sock") >= 100) {
        g_free(dir);
        dir = g_strdup_printf("/tmp/cyc-tools-%s-%d", name, (int)getpid());
    }
    cyc_remove_tree(dir);
    g_mkdir_with_parents(dir, 0755);
    return dir;
}

/* argv for scripts/run @args... under timeout(1) (NULL-terminated @args). */
static GPtrArray *tools_run_argv(const char *first, ...)
{
    const char *root = g_getenv("CYC_SOURCE_ROOT");
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    const char *a;
    va_list ap;

    ck_assert_msg(root, "CYC_SOURCE_ROOT unset");
    g_ptr_array_add(argv, g_strdup("timeout"));
    g_ptr_array_add(argv, g_strdup("-k"));
    g_ptr_array_add(argv, g_strdup("5"));
    g_ptr_array_add(argv, g_strdup_printf("%d", TOOLS_RR_TIMEOUT_S + 30));
    g_ptr_array_add(argv, g_build_filename(root, "scripts", "run", NULL));
    va_start(ap, first);
    for (a = first; a; a = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, g_strdup(a));
    }
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    return argv;
}

/* Runs scripts/run with @argv to its end; its output goes to @dir/@log. */
static void tools_run_sync(GPtrArray *argv, const char *dir, const char *log)
{
    g_autofree char *out = NULL, *err_text = NULL,
                           *path = g_build_filename(dir, log, NULL);
    g_autofree char *all = NULL;
    g_autoptr(GError) err = NULL;
    gint status = -1;

    g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                 NULL, &out, &err_text, &status, &err);
    cyc_assert_no_error(err);
    all = g_strconcat(out, err_text, NULL);
    g_file_set_contents(path, all, -1, NULL);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "%s did not pass (wait status 0x%x); see %s",
                  (char *)argv->pdata[4], status, path);
}

/*
 * scripts/run --record of a short melody into @dir,
 * without plots, audiodev none.
 */
static void tools_record(const char *dir)
{
    g_autofree char *timeout = g_strdup_printf("%d", TOOLS_RR_TIMEOUT_S);
    g_autoptr(GPtrArray) argv = tools_run_argv(
        "--record", "--no-build", "--no-plots", "--audiodev", "none",
        "--duration", "200", "--timeout", timeout, "--out", dir, NULL);
    const char *files[] = { "replay.bin", "rr.qcow2", "rr.conf", "guest.elf",
                            "melody-console.log" };
    guint i;

    tools_run_sync(argv, dir, "record.out");
    for (i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *path = g_build_filename(dir, files[i], NULL);

        ck_assert_msg(g_file_test(path, G_FILE_TEST_IS_REGULAR),
                      "--record left no %s", path);
    }
}

/*
 * The replay of a recording reproduces the run: the
 * console, time stamps included.
 */
START_TEST(test_tools_replay_reproduces_console)
{
    g_autofree char *dir = tools_rr_dir("rr-replay");
    g_autofree char *timeout = g_strdup_printf("%d", TOOLS_RR_TIMEOUT_S);
    g_autoptr(GPtrArray) argv =
        tools_run_argv("--replay", dir, "--timeout", timeout, NULL);
    g_autofree char *rec = NULL, *rep = NULL,
                           *rep_dir = g_build_filename(dir, "replay", NULL);

    tools_record(dir);
    tools_run_sync(argv, dir, "replay.out");
    tools_read(dir, "melody-console.log", &rec);
    tools_read(rep_dir, "melody-console.log", &rep);
    ck_assert_msg(strstr(rec, "# summary ") && strstr(rec, "1..4"),
                  "the recorded melody did not finish; see %s", dir);
    ck_assert_msg(strcmp(rec, rep) == 0,
                  "the replay's console (%zu bytes) is not the recording's "
                  "(%zu bytes); see %s", strlen(rep), strlen(rec), dir);
    if (g_strcmp0(g_getenv("CYC_KEEP_ARTIFACTS"), "1") != 0) {
        cyc_remove_tree(dir);
    }
}
END_TEST

#define TOOLS_I64(a, i) g_array_index((a), gint64, (i))

/*
 * Reverse debugging on the replay: stop at the 10th ISR entry, reverse-continue
 * to the 9th (WALL exactly one period earlier, PCOUNT and the driver's ISR
 * count one less, fewer instructions), reverse-stepi one instruction before it
 * (out of the ISR, one instruction less), then forward again: the 9th, then the
 * 10th with the very WALL, PCOUNT and instruction count of the first stop. The
 * guest's verdict is still pass, and the last pass of the replay (each reverse
 * step replays from the snapshot and prints the console again) is the
 * recording's console.
 */
START_TEST(test_tools_replay_reverse_continue)
{
    const char *root = g_getenv("CYC_SOURCE_ROOT");
    g_autofree char *dir = tools_rr_dir("rr-gdb");
    g_autofree char *timeout = g_strdup_printf("%d", TOOLS_RR_TIMEOUT_S);
    g_autofree char *sock = g_build_filename(dir, "gdb.sock", NULL);
    g_autofree char *rep_dir = g_build_filename(dir, "replay", NULL);
    g_autofree char *gdb_log = g_build_filename(dir, "gdb.log", NULL);
    g_autofree char *gdb = g_find_program_in_path("gdb");
    g_autofree char *out = NULL, *err_text = NULL, *all = NULL, *rec = NULL,
                           *rep = NULL;
    g_autoptr(GPtrArray) run = tools_run_argv("--replay", dir, "--gdb",
                                              "--timeout", timeout, NULL);
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) lo = NULL, hi = NULL, pcount = NULL, icount = NULL,
                           isr = NULL;
    g_autoptr(GSubprocess) replay = NULL;
    g_autoptr(GError) err = NULL;
    const char *last;
    gint status = -1;
    gint64 w10, w9;
    int i;

    ck_assert_msg(root && gdb,
                  "CYC_SOURCE_ROOT unset or gdb missing (scripts/deps)");
    tools_record(dir);
    replay = g_subprocess_newv((const char *const *)run->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE, &err);
    cyc_assert_no_error(err);
    for (i = 0; i < 500 && !g_file_test(sock, G_FILE_TEST_EXISTS); i++) {
        g_usleep(20000);
    }
    ck_assert_msg(g_file_test(sock, G_FILE_TEST_EXISTS),
                  "no gdb socket %s after 10 s", sock);

    g_ptr_array_add(argv, g_strdup("timeout"));
    g_ptr_array_add(argv, g_strdup("-k"));
    g_ptr_array_add(argv, g_strdup("5"));
    g_ptr_array_add(argv, g_strdup_printf("%d", TOOLS_GDB_TIMEOUT_S));
    g_ptr_array_add(argv, g_strdup(gdb));
    g_ptr_array_add(argv, g_strdup("-q"));
    g_ptr_array_add(argv, g_strdup("-nx"));
    g_ptr_array_add(argv, g_strdup("-batch"));
    g_ptr_array_add(argv, g_build_filename(dir, "guest.elf", NULL));
#define TOOLS_EX(...) do { \
        g_ptr_array_add(argv, g_strdup("-ex")); \
        g_ptr_array_add(argv, g_strdup_printf(__VA_ARGS__)); \
    } while (0)
    TOOLS_EX("set pagination off");
    TOOLS_EX("set confirm off");
    /*
     * a reverse step replays from the snapshot: longer than
     * gdb's 2 s on a loaded machine
     */
    TOOLS_EX("set remotetimeout %d", TOOLS_GDB_TIMEOUT_S);
    TOOLS_EX("source %s/scripts/cycaudio-gdb.py", root);
    TOOLS_EX("target remote %s", sock);
    TOOLS_EX("hbreak CAdapterCommon_InterruptServiceRoutine");
    TOOLS_EX("ignore 1 %d", TOOLS_RR_ISR_HIT - 1);
    TOOLS_EX("continue");                       /* ISR hit 10 */
    TOOLS_EX("cycregs -s 0");
    TOOLS_EX("cycstreams --no-mmio");
    TOOLS_EX("monitor info replay");
    TOOLS_EX("reverse-continue");               /* back to ISR hit 9 */
    TOOLS_EX("cycregs -s 0");
    TOOLS_EX("cycstreams --no-mmio");
    TOOLS_EX("monitor info replay");
    /* the instruction before the ISR */
    TOOLS_EX("reverse-stepi");
    TOOLS_EX("info symbol $pc");
    TOOLS_EX("monitor info replay");
    TOOLS_EX("continue");                       /* ISR hit 9 again */
    TOOLS_EX("monitor info replay");
    TOOLS_EX("continue");                       /* ISR hit 10 again */
    TOOLS_EX("cycregs -s 0");
    TOOLS_EX("monitor info replay");
    TOOLS_EX("delete");
    TOOLS_EX("continue");
#undef TOOLS_EX
    g_ptr_array_add(argv, NULL);
    g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                 NULL, &out, &err_text, &status, &err);
    cyc_assert_no_error(err);
    /*
     * gdb prints 'monitor' replies on stderr: parse both
     * (each kind stays in order).
     */
    all = g_strconcat(out, err_text, NULL);
    g_file_set_contents(gdb_log, all, -1, NULL);
    ck_assert_msg(tools_wait(replay, TOOLS_RR_TIMEOUT_S + 40),
                  "scripts/run --replay --gdb did not finish; see %s", dir);
    ck_assert_msg(g_subprocess_get_if_exited(replay) &&
                  g_subprocess_get_exit_status(replay) == 0,
                  "the replay's verdict after reverse debugging is not pass "
                  "(status %d); see %s", g_subprocess_get_status(replay), dir);
    /*
     * gdb -batch exits 1 when the final continue loses the target: QEMU exited.
     */
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) <= 1,
                  "gdb failed or timed out (wait status 0x%x); see %s", status,
                  gdb_log);
    ck_assert_msg(!strstr(all, "Python Exception") &&
                  !strstr(all, "Error occurred") &&
                  !strstr(all, "Target does not support"),
                  "a command failed under replay; see %s", gdb_log);

    lo = tools_printed_all(all, "CYC_REG_WALL_LO");
    hi = tools_printed_all(all, "CYC_REG_WALL_HI");
    pcount = tools_printed_all(all, "CYC_SD_PCOUNT");
    icount = tools_numbers(all, "instruction count = ([0-9]+)", 10);
    isr = tools_numbers(all, "driver: +([0-9]+) ISR calls", 10);
    ck_assert_msg(lo->len == 3 && hi->len == 3 && pcount->len == 3 &&
                  icount->len == 5 && isr->len == 2,
                  "gdb printed %u WALL, %u PCOUNT, %u instruction counts, %u "
                  "ISR counts (want 3, 3, 5, 2): a stop is missing; see %s",
                  lo->len, pcount->len, icount->len, isr->len, gdb_log);
    w10 = TOOLS_I64(hi, 0) << 32 | TOOLS_I64(lo, 0);
    w9 = TOOLS_I64(hi, 1) << 32 | TOOLS_I64(lo, 1);
    /* Back one interrupt = back one period, to the nanosecond. */
    ck_assert_msg(w10 - w9 == TOOLS_RR_PERIOD_NS,
                  "reverse-continue went from WALL %" G_GINT64_FORMAT
                  " ns to %" G_GINT64_FORMAT " ns (%" G_GINT64_FORMAT
                  " ns), want one period (%d ns); see %s", w10, w9, w10 - w9,
                  TOOLS_RR_PERIOD_NS, gdb_log);
    ck_assert_msg(TOOLS_I64(pcount, 0) == TOOLS_RR_ISR_HIT &&
                  TOOLS_I64(pcount, 1) == TOOLS_RR_ISR_HIT - 1,
                  "PCOUNT %" G_GINT64_FORMAT " at ISR hit %d, %"
                  G_GINT64_FORMAT " after reverse-continue; see %s",
                  TOOLS_I64(pcount, 0), TOOLS_RR_ISR_HIT, TOOLS_I64(pcount, 1),
                  gdb_log);
    ck_assert_msg(TOOLS_I64(isr, 0) == TOOLS_RR_ISR_HIT - 1 &&
                  TOOLS_I64(isr, 1) == TOOLS_RR_ISR_HIT - 2,
                  "the driver's ISR count %" G_GINT64_FORMAT " then %"
                  G_GINT64_FORMAT " (want %d then %d); see %s",
                  TOOLS_I64(isr, 0), TOOLS_I64(isr, 1), TOOLS_RR_ISR_HIT - 1,
                  TOOLS_RR_ISR_HIT - 2, gdb_log);
    ck_assert_msg(TOOLS_I64(icount, 1) < TOOLS_I64(icount, 0) &&
                  TOOLS_I64(icount, 2) == TOOLS_I64(icount, 1) - 1,
                  "instruction counts %" G_GINT64_FORMAT ", reverse-continue %"
                  G_GINT64_FORMAT ", reverse-stepi %" G_GINT64_FORMAT
                  "; see %s", TOOLS_I64(icount, 0), TOOLS_I64(icount, 1),
                  TOOLS_I64(icount, 2), gdb_log);
    ck_assert_msg(strstr(all, "PcpInterruptSyncIsr") != NULL,
                  "reverse-stepi did not leave the ISR for its caller; see %s",
                  gdb_log);
    /* Forward again: the same two stops, the same state. */
    ck_assert_msg(TOOLS_I64(icount, 3) == TOOLS_I64(icount, 1) &&
                  TOOLS_I64(icount, 4) == TOOLS_I64(icount, 0) &&
                  TOOLS_I64(lo, 2) == TOOLS_I64(lo, 0) &&
                  TOOLS_I64(hi, 2) == TOOLS_I64(hi, 0) &&
                  TOOLS_I64(pcount, 2) == TOOLS_I64(pcount, 0),
                  "forward after reverse: instruction counts %" G_GINT64_FORMAT
                  "/%" G_GINT64_FORMAT ", WALL_LO 0x%" G_GINT64_MODIFIER
                  "x (first stop 0x%" G_GINT64_MODIFIER "x); see %s",
                  TOOLS_I64(icount, 3), TOOLS_I64(icount, 4), TOOLS_I64(lo, 2),
                  TOOLS_I64(lo, 0), gdb_log);

    /*
     * The console of the last replay pass (the one that ran to the
     * verdict) is the recording's.
     */
    tools_read(dir, "melody-console.log", &rec);
    tools_read(rep_dir, "melody-console.log", &rep);
    last = g_strrstr(rep, "TAP version 13");
    ck_assert_msg(last && g_str_has_prefix(rec, "TAP version 13") &&
                  strcmp(last, rec) == 0,
                  "the replay's last pass is not the recorded console; see %s",
                  dir);
    if (g_strcmp0(g_getenv("CYC_KEEP_ARTIFACTS"), "1") != 0) {
        cyc_remove_tree(dir);
    }
}
END_TEST

static Suite *tools_suite(void)
{
    Suite *s = suite_create("tools");
    TCase *tc =
        cyc_tcase_new("gdb", TOOLS_BOOT_TIMEOUT_S + TOOLS_GDB_TIMEOUT_S + 30);

    tcase_add_test(tc, test_tools_gdb_isr_cycregs);
    tcase_add_test(tc, test_tools_gdb_safe_reads_have_no_side_effects);
    tcase_add_test(tc, test_tools_gdb_stops_keep_virtual_time);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("replay", 3 * TOOLS_RR_TIMEOUT_S + TOOLS_GDB_TIMEOUT_S);
    tcase_add_test(tc, test_tools_replay_reproduces_console);
    tcase_add_test(tc, test_tools_replay_reverse_continue);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(tools_suite());
}
