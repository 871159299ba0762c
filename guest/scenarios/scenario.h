/* SPDX-License-Identifier: MIT */
/*
 * Scenarios are the programs the harness boots. Each .c registers itself
 * with SCENARIO(name, description, fn) (a linker-section table: no central
 * list), runs at PASSIVE_LEVEL with interrupts on, and reports TAP through
 * tap_ok/tap_skip/tap_diag. The runner prints "TAP version 13" before and
 * "1..N" after, removes every PnP device, checks the pool for leaks and
 * exits 33 (pass: no failures) or 35.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

typedef struct scenario {
    const char *name;
    const char *description;
    void (*run)(void);
} scenario;

#define SCENARIO(name_, description_, fn_)                            \
    static const scenario scenario_entry_##fn_                        \
        __attribute__((used, section("scenarios"), aligned(8))) = {   \
        .name = (name_), .description = (description_), .run = (fn_) }

/* "ok N - message" or "not ok N - message"; returns pass. */
bool tap_ok(bool pass, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "ok N - message # SKIP" */
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A time-stamped TAP comment line (a newline is added). */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "Bail out! message" and a failed run. */
__attribute__((noreturn)) void tap_bail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
unsigned tap_failures(void);

/* Command-line parameters (key=value), with defaults. */
const char *scenario_param(const char *key, const char *def);
uint64_t scenario_param_u64(const char *key, uint64_t def);

#endif /* SCENARIO_H */
