/* SPDX-License-Identifier: MIT */
/*
 * The CYC_ERROR domain and the wall-clock deadline helpers.
 * CYC_TIMEOUT_MULTIPLIER scales every deadline; 0 disables them (gdb setup).
 */
#include <stdlib.h>

#include "errors.h"

G_DEFINE_QUARK(cyc-error-quark, cyc_error)

double cyc_timeout_multiplier(void)
{
    const char *env = g_getenv("CYC_TIMEOUT_MULTIPLIER");
    double m;

    if (!env || !*env) {
        return 1.0;
    }
    m = g_ascii_strtod(env, NULL);
    return m >= 0.0 ? m : 1.0;
}

gint64 cyc_deadline_from_seconds(double seconds)
{
    double m = cyc_timeout_multiplier();

    if (seconds <= 0.0 || m == 0.0) {
        return CYC_NO_DEADLINE;
    }
    return g_get_monotonic_time() + (gint64)(seconds * m * G_USEC_PER_SEC);
}
