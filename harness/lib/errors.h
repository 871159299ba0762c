/* SPDX-License-Identifier: MIT */
/*
 * The harness error domain. Library functions set a CYC_ERROR (or a GLib
 * domain error passed up unchanged) only when they fail; the caller owns it.
 */
#ifndef CYC_ERRORS_H
#define CYC_ERRORS_H

#include <glib.h>

G_BEGIN_DECLS

#define CYC_ERROR (cyc_error_quark())

typedef enum {
    CYC_ERROR_FAILED,       /* anything without a better code */
    CYC_ERROR_TIMEOUT,      /* the run's wall-clock deadline passed */
    CYC_ERROR_EXITED,       /* QEMU exited (or closed a socket) unexpectedly */
    CYC_ERROR_PROTOCOL,     /* malformed QMP/qtest traffic */
    CYC_ERROR_QMP,          /* QMP answered with an "error" object */
    CYC_ERROR_NOT_FOUND,    /* PCI device, file, ... not present */
    CYC_ERROR_FORMAT,       /* unsupported or corrupt WAV */
} CycErrorCode;

GQuark cyc_error_quark(void);

/*
 * Wall-clock helpers shared by the clients. A deadline is a
 * g_get_monotonic_time() value in microseconds; G_MAXINT64 means none.
 */
#define CYC_NO_DEADLINE G_MAXINT64

gint64 cyc_deadline_from_seconds(double seconds);
double cyc_timeout_multiplier(void);

G_END_DECLS

#endif /* CYC_ERRORS_H */
