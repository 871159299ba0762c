/* SPDX-License-Identifier: MIT */
/*
 * QMP client on a connected socket: synchronous commands, asynchronous
 * events queued in arrival order until a test pops them. All waits are
 * bounded by the owner's deadline.
 */
#ifndef CYC_QMP_H
#define CYC_QMP_H

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct CycQmp CycQmp;

/* @art names the artifact folder in errors; @art and @log_path may be NULL. */
CycQmp *cyc_qmp_new(GSocket *sock, const gint64 *deadline,
                    const char *art, const char *log_path,
                    GError **error);
void cyc_qmp_free(CycQmp *qmp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CycQmp, cyc_qmp_free)

/* Reads the greeting and negotiates capabilities. */
gboolean cyc_qmp_handshake(CycQmp *qmp, GError **error);

/*
 * Runs @command with @args (an object node or NULL; not consumed) and
 * returns a new node holding the reply's "return" member. An "error" reply
 * becomes CYC_ERROR_QMP with "<class>: <desc>" as the message.
 */
JsonNode *cyc_qmp_execute(CycQmp *qmp, const char *command,
                          JsonNode *args, GError **error);

/* As cyc_qmp_execute, with @args_json a JSON object text or NULL. */
JsonNode *cyc_qmp_execute_json(CycQmp *qmp, const char *command,
                               const char *args_json, GError **error);

/* HMP passthrough; returns the monitor's text output. */
char *cyc_qmp_hmp(CycQmp *qmp, const char *command_line, GError **error);

/*
 * Oldest queued event named @name (any event when NULL), removed from the
 * queue; a new reference to the whole event object, or NULL.
 */
JsonObject *cyc_qmp_pop_event(CycQmp *qmp, const char *name);

/* As cyc_qmp_pop_event, waiting (bounded) until one arrives. */
JsonObject *cyc_qmp_wait_event(CycQmp *qmp, const char *name,
                               GError **error);

/* Reads what is available without blocking; returns FALSE once at EOF. */
gboolean cyc_qmp_pump(CycQmp *qmp);

gboolean cyc_qmp_is_eof(const CycQmp *qmp);
int cyc_qmp_fd(const CycQmp *qmp);

G_END_DECLS

#endif /* CYC_QMP_H */
