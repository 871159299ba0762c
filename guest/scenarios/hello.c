/* SPDX-License-Identifier: MIT */
/*
 * The smallest boot check: C runs in long mode, the command line arrived,
 * the clock advances, the pool works, and DbgPrint stamps lines.
 */
#include "ntrt.h"
#include "platform.h"
#include "scenario.h"

static void hello_run(void)
{
    ULONGLONG t0 = KeQueryInterruptTime();
    PVOID p;
    LARGE_INTEGER delay = { .QuadPart = -10000 }; /* 1 ms */

    tap_ok(true, "reached C in long mode");
    tap_ok(arch_cmdline_get("scenario") != NULL,
           "command line parsed (scenario=%s)", arch_cmdline_get("scenario"));
    tap_ok(KeGetCurrentIrql() == PASSIVE_LEVEL,
           "scenario runs at PASSIVE_LEVEL");
    p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'oleH');
    tap_ok(p != NULL, "pool allocation %p", p);
    if (p) {
        ExFreePoolWithTag(p, 'oleH');
    }
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
    tap_ok(KeQueryInterruptTime() - t0 >= 10000,
           "KeDelayExecutionThread(1 ms) waited %llu x 100 ns",
           (unsigned long long)(KeQueryInterruptTime() - t0));
    tap_diag("TSC runs at %llu kHz", (unsigned long long)time_tsc_khz());
}

SCENARIO("hello", "boot, command line, clock, pool, console", hello_run);
