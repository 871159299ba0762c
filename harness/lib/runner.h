/* SPDX-License-Identifier: MIT */
/*
 * The one main() of every harness test binary: TAP on stdout for meson,
 * each test forked (CK_FORK=no under the gdb setup), failures carried by
 * "not ok" lines rather than the exit status.
 */
#ifndef CYC_RUNNER_H
#define CYC_RUNNER_H

#include <check.h>
#include <glib.h>

G_BEGIN_DECLS

/* Runs and frees @s; returns 0 (meson 1.0 reads failures from TAP). */
int cyc_run_suite(Suite *s);

/*
 * A test case with a per-test timeout of @timeout_s seconds. Each test
 * gets its own forked process, so it can launch QEMU freely.
 */
TCase *cyc_tcase_new(const char *name, double timeout_s);

/* Fails the test with @error's message; artifacts of failed runs stay. */
#define cyc_assert_no_error(error)                                          \
    ck_assert_msg((error) == NULL, "unexpected error: %s",                 \
                  (error) ? (error)->message : "")

/* Asserts a gboolean library call, printing the call and its GError. */
#define cyc_assert_ok(call, error)                                          \
    ck_assert_msg((call), "%s failed: %s", #call,                          \
                  (error) ? (error)->message : "(no GError)")

G_END_DECLS

#endif /* CYC_RUNNER_H */
