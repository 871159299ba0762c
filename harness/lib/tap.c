/* SPDX-License-Identifier: MIT */
/*
 * TAP reader for guest consoles: tolerant of other text between TAP lines
 * (the guest's own traces), strict about what it counts.
 */
#include <string.h>

#include "errors.h"
#include "tap.h"

static gboolean directive(const char *line, const char *word)
{
    const char *hash = strchr(line, '#');

    while (hash) {
        const char *p = hash + 1;

        while (*p == ' ') {
            p++;
        }
        if (g_ascii_strncasecmp(p, word, strlen(word)) == 0) {
            return TRUE;
        }
        hash = strchr(p, '#');
    }
    return FALSE;
}

CycTap *cyc_tap_parse(const char *text)
{
    CycTap *tap = g_new0(CycTap, 1);
    g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
    guint i;

    tap->failures = g_ptr_array_new_with_free_func(g_free);
    for (i = 0; lines[i]; i++) {
        char *l = g_strchomp(lines[i]);
        const char *stop = strstr(l, "*** STOP:");

        if (stop && !tap->stop) {
            tap->stop = g_strdup(stop);
        }
        if (g_str_has_prefix(l, "not ok")) {
            if (directive(l, "TODO")) {
                tap->passed++;
            } else {
                tap->failed++;
                g_ptr_array_add(tap->failures, g_strdup(l));
            }
        } else if (g_str_has_prefix(l, "ok")) {
            tap->passed++;
            if (directive(l, "SKIP")) {
                tap->skipped++;
            }
        } else if (g_str_has_prefix(l, "1..")) {
            tap->has_plan = TRUE;
            tap->planned = (guint)g_ascii_strtoull(l + 3, NULL, 10);
        } else if (g_str_has_prefix(l, "Bail out!")) {
            tap->bail_out = TRUE;
            g_ptr_array_add(tap->failures, g_strdup(l));
        }
    }
    return tap;
}

void cyc_tap_free(CycTap *tap)
{
    if (!tap) {
        return;
    }
    g_ptr_array_unref(tap->failures);
    g_free(tap->stop);
    g_free(tap);
}

gboolean cyc_tap_all_passed(const CycTap *tap, GError **error)
{
    g_autoptr(GString) why = g_string_new(NULL);
    guint i;

    if (!tap->has_plan) {
        g_string_append(why, "no plan line; ");
    } else if (tap->passed + tap->failed != tap->planned) {
        g_string_append_printf(why, "planned %u, reported %u; ", tap->planned,
                               tap->passed + tap->failed);
    }
    if (tap->stop) {
        g_string_append_printf(why, "bugcheck: %s; ", tap->stop);
    }
    for (i = 0; i < tap->failures->len; i++) {
        g_string_append_printf(why, "%s; ",
                               (const char *)tap->failures->pdata[i]);
    }
    if (why->len == 0) {
        return TRUE;
    }
    g_string_truncate(why, why->len - 2);
    g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED, "guest TAP: %s", why->str);
    return FALSE;
}
