/* SPDX-License-Identifier: MIT */
/*
 * Kernel timers on the one-shot clock interrupt. Set timers sit in one list
 * sorted by due time (absolute interrupt time, 100 ns); the clock is always
 * armed for the head. Periodic due times are derived, never accumulated:
 * expiry k is PeriodBase + k * Period. The list is touched with interrupts
 * disabled; the clock handler runs at CLOCK_LEVEL and only queues DPCs.
 */
#include "ki.h"

static LIST_ENTRY KiTimerList;
static ULONGLONG KiClockInterrupts;

VOID KiInitializeTimers(VOID)
{
    InitializeListHead(&KiTimerList);
    KiClockInterrupts = 0;
    arch_clock_set_deadline(UINT64_MAX);
}

BOOLEAN KiTimersPending(VOID)
{
    return !IsListEmpty(&KiTimerList);
}

ULONGLONG NTAPI KeQueryInterruptTime(VOID)
{
    return arch_time_ns() / KI_NS_PER_100NS;
}

ULONGLONG NTAPI KeQueryUnbiasedInterruptTime(VOID)
{
    return KeQueryInterruptTime();
}

VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    CurrentTime->QuadPart =
        (LONGLONG)(KI_BOOT_SYSTEM_TIME + KeQueryInterruptTime());
}

LARGE_INTEGER NTAPI KeQueryPerformanceCounter(
    PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER now;

    if (PerformanceFrequency) {
        PerformanceFrequency->QuadPart = 1000000000;
    }
    now.QuadPart = (LONGLONG)arch_time_ns();
    return now;
}

/* There is no periodic tick; report the 100 ns resolution of the clock. */
ULONG NTAPI KeQueryTimeIncrement(VOID)
{
    return 1;
}

VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds)
{
    uint64_t end = arch_time_ns() + (uint64_t)MicroSeconds * 1000u;

    while (arch_time_ns() < end) {
        __asm__ __volatile__("" ::: "memory");
    }
}

ULONGLONG KiDueTime(LONGLONG Value)
{
    ULONGLONG now = KeQueryInterruptTime();

    if (Value < 0) {
        return now + (ULONGLONG)(-Value);
    }
    if ((ULONGLONG)Value <= KI_BOOT_SYSTEM_TIME) {
        return now;
    }
    return (ULONGLONG)Value - KI_BOOT_SYSTEM_TIME;
}

static void KiArmClock(void)
{
    PKTIMER head;

    if (IsListEmpty(&KiTimerList)) {
        arch_clock_set_deadline(UINT64_MAX);
        return;
    }
    head = CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry);
    arch_clock_set_deadline(head->DueTime.QuadPart * KI_NS_PER_100NS);
}

/* Inserts after every timer due at or before it: equal due times fire in
 * the order they were set. */
static void KiInsertTimer(PKTIMER Timer)
{
    PLIST_ENTRY e = KiTimerList.Flink;

    while (e != &KiTimerList) {
        PKTIMER t = CONTAINING_RECORD(e, KTIMER, TimerListEntry);

        if (t->DueTime.QuadPart > Timer->DueTime.QuadPart) {
            break;
        }
        e = e->Flink;
    }
    InsertTailList(e, &Timer->TimerListEntry);
    Timer->Header.Inserted = TRUE;
}

VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
    RtlZeroMemory(Timer, sizeof(*Timer));
    Timer->Header.Type = Type == SynchronizationTimer
                             ? KOBJ_TIMER_SYNCHRONIZATION
                             : KOBJ_TIMER_NOTIFICATION;
    InitializeListHead(&Timer->TimerListEntry);
}

VOID NTAPI KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, NotificationTimer);
}

BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period,
                           PKDPC Dpc)
{
    unsigned long flags;
    BOOLEAN wasSet;

    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Timer, KiIrql, 0,
                     KiCaller());
    }
    if (Period < 0 || (Timer->Header.Type != KOBJ_TIMER_NOTIFICATION &&
                       Timer->Header.Type != KOBJ_TIMER_SYNCHRONIZATION)) {
        KeBugCheckEx(TIMER_OR_DPC_INVALID, 1, (ULONG_PTR)Timer,
                     (ULONG_PTR)Period, KiCaller());
    }
    flags = arch_intr_save();
    wasSet = Timer->Header.Inserted;
    if (wasSet) {
        RemoveEntryList(&Timer->TimerListEntry);
        Timer->Header.Inserted = FALSE;
    }
    Timer->Header.SignalState = 0;
    Timer->Dpc = Dpc;
    Timer->Period = (ULONG)Period;
    Timer->DueTime.QuadPart = KiDueTime(DueTime.QuadPart);
    Timer->PeriodBase = Timer->DueTime.QuadPart;
    Timer->Expiries = 0;
    KiInsertTimer(Timer);
    KiArmClock();
    arch_intr_restore(flags);
    return wasSet;
}

BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer)
{
    unsigned long flags = arch_intr_save();
    BOOLEAN wasSet = Timer->Header.Inserted;

    if (wasSet) {
        RemoveEntryList(&Timer->TimerListEntry);
        Timer->Header.Inserted = FALSE;
        KiArmClock();
    }
    arch_intr_restore(flags);
    return wasSet;
}

BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer)
{
    return Timer->Header.SignalState != 0;
}

/* CLOCK_LEVEL, interrupts disabled. A periodic timer that fell behind skips
 * the expiries it missed (one DPC, like Windows) and stays on its grid. */
VOID KiClockInterrupt(VOID)
{
    ULONGLONG now = KeQueryInterruptTime();

    KiClockInterrupts++;
    while (!IsListEmpty(&KiTimerList)) {
        PKTIMER t =
            CONTAINING_RECORD(KiTimerList.Flink, KTIMER, TimerListEntry);
        ULONGLONG due = t->DueTime.QuadPart;

        if (due > now) {
            break;
        }
        RemoveEntryList(&t->TimerListEntry);
        t->Header.Inserted = FALSE;
        t->Header.SignalState = 1;
        if (t->Period) {
            ULONGLONG period = t->Period * KI_100NS_PER_MS;

            t->Expiries = (now - t->PeriodBase) / period + 1;
            t->DueTime.QuadPart = t->PeriodBase + t->Expiries * period;
            KiInsertTimer(t);
        }
        if (t->Dpc) {
            KeInsertQueueDpc(t->Dpc, (PVOID)(ULONG_PTR)(ULONG)due,
                             (PVOID)(ULONG_PTR)(ULONG)(due >> 32));
        }
    }
    KiArmClock();
}
