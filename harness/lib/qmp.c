/* SPDX-License-Identifier: MIT */
/*
 * QMP client. One command in flight at a time, tagged with an id; events
 * that arrive meanwhile are queued, never dropped. QEMU closing the socket
 * (guest exit through isa-debug-exit) is reported as CYC_ERROR_EXITED.
 */
#include <string.h>

#include "errors.h"
#include "linechan.h"
#include "qmp.h"

struct CycQmp {
    CycChan *ch;
    GQueue events;      /* JsonObject *, oldest first */
    guint next_id;
};

CycQmp *cyc_qmp_new(GSocket *sock, const gint64 *deadline,
                    const char *art, const char *log_path,
                    GError **error)
{
    g_autoptr(CycQmp) qmp = g_new0(CycQmp, 1);

    g_queue_init(&qmp->events);
    qmp->ch = cyc_chan_new(sock, deadline, art, log_path, error);
    if (!qmp->ch) {
        return NULL;
    }
    return g_steal_pointer(&qmp);
}

void cyc_qmp_free(CycQmp *qmp)
{
    if (!qmp) {
        return;
    }
    g_queue_clear_full(&qmp->events, (GDestroyNotify)json_object_unref);
    cyc_chan_free(qmp->ch);
    g_free(qmp);
}

gboolean cyc_qmp_is_eof(const CycQmp *qmp)
{
    return cyc_chan_is_eof(qmp->ch);
}

int cyc_qmp_fd(const CycQmp *qmp)
{
    return cyc_chan_fd(qmp->ch);
}

/* Parses one line into a new object reference, or NULL with an error. */
static JsonObject *qmp_parse(const char *line, GError **error)
{
    g_autoptr(JsonParser) parser = json_parser_new_immutable();
    JsonNode *root;

    if (!json_parser_load_from_data(parser, line, -1, error)) {
        return NULL;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_PROTOCOL,
                    "QMP sent a non-object: %s", line);
        return NULL;
    }
    return json_object_ref(json_node_get_object(root));
}

/*
 * Next object that is not an event (events are queued); blocking.
 */
static JsonObject *qmp_read_reply(CycQmp *qmp, GError **error)
{
    for (;;) {
        g_autofree char *line = cyc_chan_read_line(qmp->ch, error);
        JsonObject *obj;

        if (!line) {
            return NULL;
        }
        if (line[0] == '\0') {
            continue;
        }
        obj = qmp_parse(line, error);
        if (!obj) {
            return NULL;
        }
        if (json_object_has_member(obj, "event")) {
            g_queue_push_tail(&qmp->events, obj);
            continue;
        }
        return obj;
    }
}

gboolean cyc_qmp_pump(CycQmp *qmp)
{
    for (;;) {
        gboolean eof = FALSE;
        g_autofree char *line = cyc_chan_poll_line(qmp->ch, &eof);
        JsonObject *obj;

        if (!line) {
            return !eof;
        }
        obj = qmp_parse(line, NULL);
        if (!obj) {
            continue;
        }
        if (json_object_has_member(obj, "event")) {
            g_queue_push_tail(&qmp->events, obj);
        } else {
            /* A reply nobody waits for (e.g. after a timed-out command). */
            json_object_unref(obj);
        }
    }
}

gboolean cyc_qmp_handshake(CycQmp *qmp, GError **error)
{
    g_autoptr(JsonObject) greeting = qmp_read_reply(qmp, error);
    g_autoptr(JsonNode) ret = NULL;

    if (!greeting) {
        g_prefix_error(error, "QMP greeting: ");
        return FALSE;
    }
    if (!json_object_has_member(greeting, "QMP")) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_PROTOCOL,
                    "QMP greeting lacks the \"QMP\" member");
        return FALSE;
    }
    ret = cyc_qmp_execute(qmp, "qmp_capabilities", NULL, error);
    return ret != NULL;
}

JsonNode *cyc_qmp_execute(CycQmp *qmp, const char *command,
                          JsonNode *args, GError **error)
{
    g_autoptr(JsonBuilder) b = json_builder_new_immutable();
    g_autoptr(JsonNode) req = NULL;
    g_autofree char *text = NULL;
    guint id = ++qmp->next_id;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "execute");
    json_builder_add_string_value(b, command);
    if (args) {
        json_builder_set_member_name(b, "arguments");
        json_builder_add_value(b, json_node_copy(args));
    }
    json_builder_set_member_name(b, "id");
    json_builder_add_int_value(b, id);
    json_builder_end_object(b);
    req = json_builder_get_root(b);
    text = json_to_string(req, FALSE);

    if (!cyc_chan_send_line(qmp->ch, text, error)) {
        g_prefix_error(error, "QMP %s: ", command);
        return NULL;
    }
    for (;;) {
        g_autoptr(JsonObject) reply = qmp_read_reply(qmp, error);
        JsonObject *err;

        if (!reply) {
            g_prefix_error(error, "QMP %s: ", command);
            return NULL;
        }
        if (!json_object_has_member(reply, "id") ||
            json_object_get_int_member(reply, "id") != id) {
            continue;
        }
        if (json_object_has_member(reply, "return")) {
            return json_node_copy(json_object_get_member(reply, "return"));
        }
        err = json_object_get_object_member(reply, "error");
        g_set_error(error, CYC_ERROR, CYC_ERROR_QMP, "QMP %s: %s: %s",
                    command,
                    err ? json_object_get_string_member_with_default(
                              err, "class", "?") : "?",
                    err ? json_object_get_string_member_with_default(
                              err, "desc", "?") : "malformed reply");
        return NULL;
    }
}

JsonNode *cyc_qmp_execute_json(CycQmp *qmp, const char *command,
                               const char *args_json, GError **error)
{
    g_autoptr(JsonNode) args = NULL;

    if (args_json) {
        args = json_from_string(args_json, error);
        if (!args) {
            g_prefix_error(error, "QMP %s arguments: ", command);
            return NULL;
        }
    }
    return cyc_qmp_execute(qmp, command, args, error);
}

char *cyc_qmp_hmp(CycQmp *qmp, const char *command_line, GError **error)
{
    g_autoptr(JsonBuilder) b = json_builder_new_immutable();
    g_autoptr(JsonNode) args = NULL;
    g_autoptr(JsonNode) ret = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "command-line");
    json_builder_add_string_value(b, command_line);
    json_builder_end_object(b);
    args = json_builder_get_root(b);
    ret = cyc_qmp_execute(qmp, "human-monitor-command", args, error);
    if (!ret) {
        return NULL;
    }
    return g_strdup(JSON_NODE_HOLDS_VALUE(ret) ?
                    json_node_get_string(ret) : "");
}

JsonObject *cyc_qmp_pop_event(CycQmp *qmp, const char *name)
{
    GList *l;

    for (l = qmp->events.head; l; l = l->next) {
        JsonObject *ev = l->data;

        if (!name ||
            g_strcmp0(json_object_get_string_member_with_default(
                          ev, "event", ""), name) == 0) {
            g_queue_delete_link(&qmp->events, l);
            return ev;
        }
    }
    return NULL;
}

JsonObject *cyc_qmp_wait_event(CycQmp *qmp, const char *name,
                               GError **error)
{
    for (;;) {
        JsonObject *ev = cyc_qmp_pop_event(qmp, name);
        g_autofree char *line = NULL;
        JsonObject *obj;

        if (ev) {
            return ev;
        }
        line = cyc_chan_read_line(qmp->ch, error);
        if (!line) {
            g_prefix_error(error, "waiting for QMP event %s: ",
                           name ? name : "(any)");
            return NULL;
        }
        obj = qmp_parse(line, NULL);
        if (obj && json_object_has_member(obj, "event")) {
            g_queue_push_tail(&qmp->events, obj);
        } else if (obj) {
            json_object_unref(obj);
        }
    }
}
