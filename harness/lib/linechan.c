/* SPDX-License-Identifier: MIT */
/*
 * Line channel over a connected unix socket (non-blocking; waits use
 * g_socket_condition_timed_wait against the owner's deadline). The
 * transcript keeps at most CHAN_LOG_MAX bytes of each line.
 */
#include <errno.h>
#include <string.h>

#include "errors.h"
#include "linechan.h"

#define CHAN_LOG_MAX 512
#define CHAN_READ_CHUNK 65536
#define CHAN_STDERR_TAIL 2000

struct CycChan {
    GSocket *sock;
    GString *in;
    gsize scanned;          /* bytes of @in known to hold no newline */
    char *art;              /* artifact folder named in errors, or NULL */
    const gint64 *deadline;
    FILE *log;
    gint64 t0;
    gboolean eof;
};

CycChan *cyc_chan_new(GSocket *sock, const gint64 *deadline,
                      const char *art, const char *log_path, GError **error)
{
    g_autoptr(CycChan) ch = g_new0(CycChan, 1);

    ch->sock = g_object_ref(sock);
    ch->in = g_string_new(NULL);
    ch->deadline = deadline;
    ch->art = g_strdup(art);
    ch->t0 = g_get_monotonic_time();
    g_socket_set_blocking(sock, FALSE);
    if (log_path) {
        ch->log = fopen(log_path, "a");
        if (!ch->log) {
            g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                        "cannot open %s: %s", log_path, g_strerror(errno));
            return NULL;
        }
        setvbuf(ch->log, NULL, _IOLBF, 0);
    }
    return g_steal_pointer(&ch);
}

void cyc_chan_free(CycChan *ch)
{
    if (!ch) {
        return;
    }
    if (ch->sock) {
        g_socket_close(ch->sock, NULL);
        g_object_unref(ch->sock);
    }
    if (ch->log) {
        fclose(ch->log);
    }
    g_string_free(ch->in, TRUE);
    g_free(ch->art);
    g_free(ch);
}

static void chan_log(CycChan *ch, const char *dir, const char *text)
{
    gsize len;
    double t;

    if (!ch->log) {
        return;
    }
    len = strlen(text);
    t = (g_get_monotonic_time() - ch->t0) / (double)G_USEC_PER_SEC;
    if (len > CHAN_LOG_MAX) {
        fprintf(ch->log, "[%10.6f] %s %.*s... (%zu bytes)\n", t, dir,
                CHAN_LOG_MAX, text, len);
    } else {
        fprintf(ch->log, "[%10.6f] %s %s\n", t, dir, text);
    }
}

void cyc_chan_note(CycChan *ch, const char *fmt, ...)
{
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    chan_log(ch, "#", text);
}

gboolean cyc_chan_is_eof(const CycChan *ch)
{
    return ch->eof;
}

int cyc_chan_fd(const CycChan *ch)
{
    return g_socket_get_fd(ch->sock);
}

/* Sets @code with the artifact folder and, once QEMU is gone, its stderr. */
static void chan_error(CycChan *ch, GError **error, CycErrorCode code,
                       const char *what)
{
    g_autofree char *path = NULL;
    g_autofree char *err = NULL;
    gsize len = 0;
    const char *tail = "";

    if (ch->art && code == CYC_ERROR_EXITED) {
        path = g_build_filename(ch->art, "stderr.log", NULL);
        if (g_file_get_contents(path, &err, &len, NULL)) {
            tail = len > CHAN_STDERR_TAIL ? err + len - CHAN_STDERR_TAIL : err;
        }
    }
    g_set_error(error, CYC_ERROR, code, "%s (artifacts %s)%s%s", what,
                ch->art ? ch->art : "-", *tail ? "; QEMU stderr:\n" : "",
                tail);
}

/*
 * Waits for @cond until the deadline. Returns FALSE with CYC_ERROR_TIMEOUT
 * when it passes, or another error from the socket.
 */
static gboolean chan_wait(CycChan *ch, GIOCondition cond, GError **error)
{
    gint64 deadline = *ch->deadline;
    gint64 timeout_us = -1;
    g_autoptr(GError) local = NULL;

    if (deadline != CYC_NO_DEADLINE) {
        timeout_us = deadline - g_get_monotonic_time();
        if (timeout_us <= 0) {
            chan_error(ch, error, CYC_ERROR_TIMEOUT,
                       "deadline passed while waiting for QEMU");
            return FALSE;
        }
    }
    if (!g_socket_condition_timed_wait(ch->sock, cond, timeout_us, NULL,
                                       &local)) {
        if (g_error_matches(local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)) {
            chan_error(ch, error, CYC_ERROR_TIMEOUT,
                       "deadline passed while waiting for QEMU");
        } else {
            g_propagate_error(error, g_steal_pointer(&local));
        }
        return FALSE;
    }
    return TRUE;
}

gboolean cyc_chan_send_line(CycChan *ch, const char *text, GError **error)
{
    g_autofree char *line = g_strconcat(text, "\n", NULL);
    gsize len = strlen(line);
    gsize done = 0;

    chan_log(ch, ">", text);
    while (done < len) {
        g_autoptr(GError) local = NULL;
        gssize n = g_socket_send(ch->sock, line + done, len - done, NULL,
                                 &local);

        if (n >= 0) {
            done += n;
            continue;
        }
        if (!g_error_matches(local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
            g_autofree char *what = g_strdup_printf("send failed: %s",
                                                    local->message);

            chan_error(ch, error, CYC_ERROR_EXITED, what);
            return FALSE;
        }
        if (!chan_wait(ch, G_IO_OUT, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Moves one complete line out of the buffer, or returns NULL. */
static char *chan_take_line(CycChan *ch)
{
    char *nl = memchr(ch->in->str + ch->scanned, '\n',
                      ch->in->len - ch->scanned);
    gsize n;
    char *line;

    if (!nl) {
        ch->scanned = ch->in->len;
        return NULL;
    }
    n = nl - ch->in->str;
    line = g_strndup(ch->in->str, n);
    g_string_erase(ch->in, 0, n + 1);
    ch->scanned = 0;
    if (n > 0 && line[n - 1] == '\r') {
        line[n - 1] = '\0';
    }
    chan_log(ch, "<", line);
    return line;
}

/* One non-blocking read into the buffer: TRUE if bytes (or EOF) arrived. */
static gboolean chan_fill(CycChan *ch, GError **error)
{
    char buf[CHAN_READ_CHUNK];
    g_autoptr(GError) local = NULL;
    gssize n;

    if (ch->eof) {
        return FALSE;
    }
    n = g_socket_receive(ch->sock, buf, sizeof(buf), NULL, &local);
    if (n > 0) {
        g_string_append_len(ch->in, buf, n);
        return TRUE;
    }
    if (n == 0) {
        ch->eof = TRUE;
        chan_log(ch, "#", "EOF");
        return TRUE;
    }
    if (g_error_matches(local, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
        return FALSE;
    }
    ch->eof = TRUE;
    chan_log(ch, "#", local->message);
    g_propagate_error(error, g_steal_pointer(&local));
    return TRUE;
}

char *cyc_chan_poll_line(CycChan *ch, gboolean *eof)
{
    char *line = chan_take_line(ch);

    while (!line && chan_fill(ch, NULL)) {
        line = chan_take_line(ch);
        if (ch->eof) {
            break;
        }
    }
    if (eof) {
        *eof = ch->eof && !line;
    }
    return line;
}

char *cyc_chan_read_line(CycChan *ch, GError **error)
{
    for (;;) {
        char *line = chan_take_line(ch);

        if (line) {
            return line;
        }
        if (ch->eof) {
            chan_error(ch, error, CYC_ERROR_EXITED,
                       "connection closed by QEMU");
            return NULL;
        }
        if (!chan_fill(ch, NULL)) {
            if (!chan_wait(ch, G_IO_IN, error)) {
                return NULL;
            }
        }
    }
}
