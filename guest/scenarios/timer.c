/* SPDX-License-Identifier: MIT */
/*
 * Kernel timers and DPCs against virtual time: a one-shot timer's DPC runs
 * at its due time, a periodic timer stays on its grid, DPCs drain in queue
 * order when the IRQL drops, and a wait times out on time. Every time is
 * printed, so two runs under icount can be compared byte for byte.
 */
#include "ntrt.h"
#include "platform.h"
#include "scenario.h"

#define TIMER_TAG 'mitT'
#define TIMER_PERIODS 5
#define TIMER_LATENCY_MAX_100NS 200   /* 20 us from due time to DPC */

typedef struct timer_ctx {
    KEVENT Done;
    ULONG Count;
    ULONG Want;
    ULONGLONG Due[TIMER_PERIODS];
    ULONGLONG Ran[TIMER_PERIODS];
} timer_ctx;

static VOID NTAPI timer_dpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    timer_ctx *c = Context;

    UNREFERENCED_PARAMETER(Dpc);
    if (c->Count < TIMER_PERIODS) {
        c->Due[c->Count] = (ULONG_PTR)Arg1 | ((ULONGLONG)(ULONG_PTR)Arg2 << 32);
        c->Ran[c->Count] = KeQueryInterruptTime();
    }
    if (++c->Count == c->Want) {
        KeSetEvent(&c->Done, IO_NO_INCREMENT, FALSE);
    }
}

static void timer_one_shot(void)
{
    timer_ctx c = { .Want = 1 };
    KTIMER t;
    KDPC dpc;
    LARGE_INTEGER due = {
        .QuadPart = -(LONGLONG)scenario_param_u64("oneshot_us", 2500) * 10
    };
    LARGE_INTEGER limit = { .QuadPart = -10000000 };
    ULONGLONG set;
    NTSTATUS st;

    KeInitializeEvent(&c.Done, NotificationEvent, FALSE);
    KeInitializeTimer(&t);
    KeInitializeDpc(&dpc, timer_dpc, &c);
    set = KeQueryInterruptTime();
    KeSetTimer(&t, due, &dpc);
    st = KeWaitForSingleObject(&c.Done, Executive, KernelMode, FALSE, &limit);
    tap_ok(st == STATUS_SUCCESS,
           "one-shot DPC signalled its event (status 0x%08x)", (unsigned)st);
    tap_ok(c.Due[0] >= set - due.QuadPart &&
           c.Due[0] - (set - due.QuadPart) <= TIMER_LATENCY_MAX_100NS,
           "expiry due at %llu (set at %llu + %lld)", c.Due[0], set,
           -due.QuadPart);
    tap_ok(c.Ran[0] >= c.Due[0] &&
           c.Ran[0] - c.Due[0] <= TIMER_LATENCY_MAX_100NS,
           "DPC ran at %llu, %llu x 100 ns after its due time", c.Ran[0],
           c.Ran[0] - c.Due[0]);
    tap_ok(!KeCancelTimer(&t), "a fired one-shot timer is no longer set");
}

static void timer_periodic(void)
{
    timer_ctx c = { .Want = TIMER_PERIODS };
    KTIMER t;
    KDPC dpc;
    LARGE_INTEGER due = { .QuadPart = -10000 };
    LARGE_INTEGER limit = { .QuadPart = -10000000 };
    LONG period_ms = 2;
    BOOLEAN grid = TRUE;
    BOOLEAN prompt = TRUE;
    NTSTATUS st;

    KeInitializeEvent(&c.Done, NotificationEvent, FALSE);
    KeInitializeTimerEx(&t, SynchronizationTimer);
    KeInitializeDpc(&dpc, timer_dpc, &c);
    KeSetTimerEx(&t, due, period_ms, &dpc);
    st = KeWaitForSingleObject(&c.Done, Executive, KernelMode, FALSE, &limit);
    tap_ok(st == STATUS_SUCCESS, "periodic timer fired %u times", c.Count);
    tap_ok(KeCancelTimer(&t), "periodic timer still set until cancelled");
    KeFlushQueuedDpcs();
    for (ULONG k = 0; k < TIMER_PERIODS; k++) {
        tap_diag("period %u: due %llu ran %llu", k, c.Due[k], c.Ran[k]);
        grid = grid && c.Due[k] == c.Due[0] + k * (ULONGLONG)period_ms * 10000;
        prompt = prompt && c.Ran[k] - c.Due[k] <= TIMER_LATENCY_MAX_100NS;
    }
    tap_ok(grid, "expiries lie on the %d ms grid from %llu", period_ms,
           c.Due[0]);
    tap_ok(prompt, "every DPC ran within %u x 100 ns of its expiry",
           TIMER_LATENCY_MAX_100NS);
}

static char order_log[8];
static ULONG order_len;

static VOID NTAPI order_dpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    if (order_len < sizeof(order_log) - 1) {
        order_log[order_len++] = (char)(ULONG_PTR)Context;
    }
}

static void timer_dpc_order(void)
{
    KDPC a, b, c;
    KIRQL old;

    KeInitializeDpc(&a, order_dpc, (PVOID)'a');
    KeInitializeDpc(&b, order_dpc, (PVOID)'b');
    KeInitializeDpc(&c, order_dpc, (PVOID)'c');
    KeSetImportanceDpc(&c, HighImportance);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeInsertQueueDpc(&a, NULL, NULL);
    KeInsertQueueDpc(&b, NULL, NULL);
    tap_ok(!KeInsertQueueDpc(&a, NULL, NULL),
           "a queued DPC is not queued twice");
    KeInsertQueueDpc(&c, NULL, NULL);
    tap_ok(order_len == 0, "no DPC runs while at DISPATCH_LEVEL");
    KeLowerIrql(old);
    tap_ok(order_len == 3 && order_log[0] == 'c' && order_log[1] == 'a' &&
           order_log[2] == 'b', "DPCs ran in order '%s' (want 'cab')",
           order_log);
}

static void timer_wait_timeout(void)
{
    KEVENT e;
    LARGE_INTEGER timeout = { .QuadPart = -30000 };  /* 3 ms */
    ULONGLONG t0, t1;
    NTSTATUS st;

    KeInitializeEvent(&e, SynchronizationEvent, FALSE);
    t0 = KeQueryInterruptTime();
    st = KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout);
    t1 = KeQueryInterruptTime();
    tap_ok(st == STATUS_TIMEOUT && t1 - t0 >= 30000 &&
           t1 - t0 <= 30000 + TIMER_LATENCY_MAX_100NS,
           "unsignalled wait timed out after %llu x 100 ns (status 0x%08x)",
           t1 - t0, (unsigned)st);
}

static void timer_run(void)
{
    timer_one_shot();
    timer_periodic();
    timer_dpc_order();
    timer_wait_timeout();
}

SCENARIO("timer", "kernel timers, DPC order and waits against virtual time",
         timer_run);
