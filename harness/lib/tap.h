/* SPDX-License-Identifier: MIT */
/*
 * Reads the TAP a guest scenario prints on its console, so boot tests can
 * assert on it: plan, ok/not ok counts, the failing lines and a bugcheck.
 * Only top-level lines count; indented subtests are the guest's business.
 */
#ifndef CYC_TAP_H
#define CYC_TAP_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct CycTap {
    gboolean has_plan;
    guint planned;          /* N of "1..N" */
    guint passed;           /* "ok", including "# SKIP" and "# TODO" */
    guint failed;           /* "not ok" without "# TODO" */
    guint skipped;
    gboolean bail_out;      /* "Bail out!" seen */
    GPtrArray *failures;    /* char *: the "not ok" and "Bail out!" lines */
    char *stop;             /* the "*** STOP: ..." bugcheck line, or NULL */
} CycTap;

CycTap *cyc_tap_parse(const char *text);
void cyc_tap_free(CycTap *tap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CycTap, cyc_tap_free)

/*
 * TRUE when there is a plan, every planned test reported, nothing failed,
 * no bail-out and no bugcheck; else FALSE with a message listing why.
 */
gboolean cyc_tap_all_passed(const CycTap *tap, GError **error);

G_END_DECLS

#endif /* CYC_TAP_H */
