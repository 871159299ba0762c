/* SPDX-License-Identifier: MIT */
/*
 * Shared test runner. The parent stays single-threaded: GLib threads and
 * sockets are only created inside forked tests (fork copies one thread).
 */
#include <signal.h>
#include <stdio.h>

#include "errors.h"
#include "runner.h"

TCase *cyc_tcase_new(const char *name, double timeout_s)
{
    TCase *tc = tcase_create(name);
    double m = cyc_timeout_multiplier();

    /* Check's own timer; CK_TIMEOUT_MULTIPLIER still applies on top. */
    tcase_set_timeout(tc, m == 0.0 ? 0.0 : timeout_s * m);
    return tc;
}

int cyc_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);

    /* A write to a QEMU that just exited must fail, not kill the test. */
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    srunner_set_tap(sr, "-");
    srunner_run_all(sr, CK_SILENT);
    fflush(stdout);
    srunner_free(sr);
    return 0;
}
