/* SPDX-License-Identifier: MIT */
/*
 * The scenario runner: starts the nt runtime, runs the scenario the command
 * line names ("scenario=list" prints name<TAB>description lines), then tears
 * down like an unload (PnP remove, pool leak check) and leaves the verdict
 * through isa-debug-exit.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "ntrt.h"
#include "platform.h"
#include "scenario.h"

extern const scenario __start_scenarios[];
extern const scenario __stop_scenarios[];

static unsigned tap_count;
static unsigned tap_failed;

static void tap_line(const char *prefix, const char *fmt, va_list ap,
                     const char *suffix)
{
    char buf[400];

    fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    con_printf("%s %u - %s%s\n", prefix, ++tap_count, buf, suffix);
}

bool tap_ok(bool pass, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_line(pass ? "ok" : "not ok", fmt, ap, "");
    va_end(ap);
    if (!pass) {
        tap_failed++;
    }
    return pass;
}

void tap_skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_line("ok", fmt, ap, " # SKIP");
    va_end(ap);
}

void tap_diag(const char *fmt, ...)
{
    char buf[400];
    va_list ap;

    va_start(ap, fmt);
    fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    DbgPrint("%s\n", buf);
}

void tap_bail(const char *fmt, ...)
{
    char buf[400];
    va_list ap;

    va_start(ap, fmt);
    fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    con_printf("Bail out! %s\n", buf);
    arch_exit(false);
}

unsigned tap_failures(void)
{
    return tap_failed;
}

const char *scenario_param(const char *key, const char *def)
{
    const char *v = arch_cmdline_get(key);

    return v ? v : def;
}

uint64_t scenario_param_u64(const char *key, uint64_t def)
{
    const char *v = arch_cmdline_get(key);

    return (v && *v) ? strtoul(v, NULL, 0) : def;
}

#define SCENARIO_LIST_MAX 256

/* Alphabetical: the section holds them in link order, reversed per file. */
static void scenario_list(void)
{
    const scenario *sorted[SCENARIO_LIST_MAX];
    unsigned n = 0;

    for (const scenario *s = __start_scenarios;
         s < __stop_scenarios && n < SCENARIO_LIST_MAX; s++) {
        unsigned i = n++;

        while (i > 0 && strcmp(sorted[i - 1]->name, s->name) > 0) {
            sorted[i] = sorted[i - 1];
            i--;
        }
        sorted[i] = s;
    }
    for (unsigned i = 0; i < n; i++) {
        con_printf("%s\t%s\n", sorted[i]->name, sorted[i]->description);
    }
}

void guest_main(void)
{
    const char *name = arch_cmdline_get("scenario");
    const scenario *found = NULL;
    uint64_t ns;

    KiInitializeRuntime();
    arch_intr_enable();
    if (!name || strcmp(name, "list") == 0) {
        scenario_list();
        if (!name) {
            tap_bail("no scenario=NAME on the kernel command line");
        }
        arch_exit(true);
    }
    for (const scenario *s = __start_scenarios; s < __stop_scenarios; s++) {
        if (strcmp(s->name, name) == 0) {
            found = s;
            break;
        }
    }
    if (!found) {
        tap_bail("unknown scenario '%s' (scenario=list lists them)", name);
    }
    con_puts("TAP version 13\n");
    tap_diag("scenario %s: %s", found->name, found->description);
    found->run();
    if (KeGetCurrentIrql() != PASSIVE_LEVEL) {
        KeBugCheckEx(IRQL_UNEXPECTED_VALUE, KeGetCurrentIrql(), PASSIVE_LEVEL,
                     (ULONG_PTR)found->run, 0);
    }
    PnpRemoveAllDevices();
    KeFlushQueuedDpcs();
    ExpCheckLeaks();
    con_printf("1..%u\n", tap_count);
    ns = arch_time_ns();
    tap_diag("%s: %u tests, %u failed, virtual time %llu.%06llu s", found->name,
             tap_count, tap_failed, (unsigned long long)(ns / 1000000000u),
             (unsigned long long)(ns / 1000u % 1000000u));
    arch_exit(tap_failed == 0 && tap_count > 0);
}
