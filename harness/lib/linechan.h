/* SPDX-License-Identifier: MIT */
/*
 * Private to the harness library: a line-oriented socket shared by the QMP
 * and qtest clients. Every blocking call is bounded by *deadline, which the
 * owning CycQemu may move; every line in both directions goes to the log.
 */
#ifndef CYC_LINECHAN_H
#define CYC_LINECHAN_H

#include <stdio.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct CycChan CycChan;

/*
 * Takes a reference on @sock. @art (the artifact folder, named in errors)
 * and @log_path (the transcript) may be NULL.
 */
CycChan *cyc_chan_new(GSocket *sock, const gint64 *deadline,
                      const char *art, const char *log_path, GError **error);
void cyc_chan_free(CycChan *ch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CycChan, cyc_chan_free)

/* @text is one line without its newline; the newline is added here. */
gboolean cyc_chan_send_line(CycChan *ch, const char *text, GError **error);

/* The next line without "\n"/"\r\n", waiting until the deadline. */
char *cyc_chan_read_line(CycChan *ch, GError **error);

/*
 * A line that is already complete in the buffer or readable without
 * blocking, else NULL. Sets *eof when the peer has closed the socket.
 */
char *cyc_chan_poll_line(CycChan *ch, gboolean *eof);

/* Adds a free-form note to the transcript. */
void cyc_chan_note(CycChan *ch, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

gboolean cyc_chan_is_eof(const CycChan *ch);
int cyc_chan_fd(const CycChan *ch);

G_END_DECLS

#endif /* CYC_LINECHAN_H */
