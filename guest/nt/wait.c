/* SPDX-License-Identifier: MIT */
/*
 * Dispatcher objects and waiting. There is one thread of execution, so a
 * wait idles the processor (hlt) until an interrupt or the DPCs it queues
 * make the object signaled, or the timeout's clock interrupt arrives. Object
 * state changes happen with interrupts disabled.
 */
#include "ki.h"

VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    Event->Header.Type = Type == SynchronizationEvent
                             ? KOBJ_EVENT_SYNCHRONIZATION
                             : KOBJ_EVENT_NOTIFICATION;
    Event->Header.Inserted = 0;
    Event->Header.Size = sizeof(KEVENT) / sizeof(LONG);
    Event->Header.SignalState = State ? 1 : 0;
}

static void KiCheckDispatchOrBelow(PVOID Object)
{
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Object, KiIrql, 0,
                     KiCaller());
    }
}

LONG NTAPI KeSetEvent(PRKEVENT Event, LONG Increment, BOOLEAN Wait)
{
    LONG old;

    UNREFERENCED_PARAMETER(Increment);
    UNREFERENCED_PARAMETER(Wait);
    KiCheckDispatchOrBelow(Event);
    old = __atomic_exchange_n(&Event->Header.SignalState, 1, __ATOMIC_SEQ_CST);
    return old;
}

LONG NTAPI KeResetEvent(PRKEVENT Event)
{
    KiCheckDispatchOrBelow(Event);
    return __atomic_exchange_n(&Event->Header.SignalState, 0, __ATOMIC_SEQ_CST);
}

VOID NTAPI KeClearEvent(PRKEVENT Event)
{
    Event->Header.SignalState = 0;
}

LONG NTAPI KeReadStateEvent(PRKEVENT Event)
{
    return Event->Header.SignalState;
}

VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
    UNREFERENCED_PARAMETER(Level);
    Mutex->Header.Type = KOBJ_MUTANT;
    Mutex->Header.SignalState = 1;
    Mutex->Recursion = 0;
}

LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex)
{
    return Mutex->Header.SignalState;
}

LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
    LONG old = Mutex->Header.SignalState;

    UNREFERENCED_PARAMETER(Wait);
    if (Mutex->Recursion == 0) {
        /* Windows raises STATUS_MUTANT_NOT_OWNED; unhandled in a driver. */
        KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, 0xC0000046, KiCaller(),
                     (ULONG_PTR)Mutex, 0);
    }
    if (--Mutex->Recursion == 0) {
        Mutex->Header.SignalState = 1;
    }
    return old;
}

VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
    Semaphore->Header.Type = KOBJ_SEMAPHORE;
    Semaphore->Header.SignalState = Count;
    Semaphore->Limit = Limit;
}

LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, LONG Increment,
                              LONG Adjustment, BOOLEAN Wait)
{
    unsigned long flags;
    LONG old;

    UNREFERENCED_PARAMETER(Increment);
    UNREFERENCED_PARAMETER(Wait);
    KiCheckDispatchOrBelow(Semaphore);
    flags = arch_intr_save();
    old = Semaphore->Header.SignalState;
    if (Adjustment <= 0 || old + Adjustment > Semaphore->Limit) {
        arch_intr_restore(flags);
        /* STATUS_SEMAPHORE_LIMIT_EXCEEDED, raised as an exception. */
        KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, 0xC0000047, KiCaller(),
                     (ULONG_PTR)Semaphore, (ULONG_PTR)Adjustment);
    }
    Semaphore->Header.SignalState = old + Adjustment;
    arch_intr_restore(flags);
    return old;
}

VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
    FastMutex->Count = 1;
    FastMutex->OldIrql = PASSIVE_LEVEL;
}

/* One thread: a fast mutex that is already owned was taken by this same
 * thread, which deadlocks on Windows (fast mutexes are not recursive). */
VOID NTAPI ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    KIRQL old;

    if (KiIrql > APC_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)FastMutex, KiIrql, 0,
                     KiCaller());
    }
    old = KfRaiseIrql(APC_LEVEL);
    if (FastMutex->Count != 1) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_FAST_MUTEX_RECURSION, (ULONG_PTR)FastMutex,
                     KiCaller(), 0);
    }
    FastMutex->Count = 0;
    FastMutex->OldIrql = old;
}

VOID NTAPI ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
    if (FastMutex->Count != 0) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_FAST_MUTEX_RECURSION, (ULONG_PTR)FastMutex,
                     KiCaller(), 1);
    }
    FastMutex->Count = 1;
    KeLowerIrql(FastMutex->OldIrql);
}

/* Consumes the object's signal if it has one. Interrupts are disabled. */
static BOOLEAN KiTrySatisfy(DISPATCHER_HEADER *h)
{
    switch (h->Type) {
    case KOBJ_EVENT_NOTIFICATION:
    case KOBJ_TIMER_NOTIFICATION:
        return h->SignalState != 0;
    case KOBJ_EVENT_SYNCHRONIZATION:
    case KOBJ_TIMER_SYNCHRONIZATION:
        if (h->SignalState) {
            h->SignalState = 0;
            return TRUE;
        }
        return FALSE;
    case KOBJ_MUTANT:
        /* Owned only ever by this thread: acquiring again is recursion. */
        h->SignalState = 0;
        ((PKMUTEX)h)->Recursion++;
        return TRUE;
    case KOBJ_SEMAPHORE:
        if (h->SignalState > 0) {
            h->SignalState--;
            return TRUE;
        }
        return FALSE;
    default:
        KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_INVALID_HANDLE,
                     (ULONG_PTR)h, h->Type, 0);
    }
}

NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason,
                                     KPROCESSOR_MODE WaitMode,
                                     BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    DISPATCHER_HEADER *h = Object;
    BOOLEAN poll = Timeout && Timeout->QuadPart == 0;
    KTIMER wake;
    unsigned long flags;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(WaitReason);
    UNREFERENCED_PARAMETER(WaitMode);
    UNREFERENCED_PARAMETER(Alertable);
    if (KiIrql > DISPATCH_LEVEL || (KiIrql == DISPATCH_LEVEL && !poll)) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Object, KiIrql, 0,
                     KiCaller());
    }
    KeInitializeTimer(&wake);
    if (Timeout && !poll) {
        KeSetTimer(&wake, *Timeout, NULL);
    }
    flags = arch_intr_save();
    for (;;) {
        if (KiTrySatisfy(h)) {
            status = STATUS_SUCCESS;
            break;
        }
        if (poll || (Timeout && wake.Header.SignalState)) {
            status = STATUS_TIMEOUT;
            break;
        }
        if (KiIrql == PASSIVE_LEVEL && KiWorkItemsPending()) {
            arch_intr_restore(flags);
            KiRunWorkItems();
            flags = arch_intr_save();
            continue;
        }
        /* Nothing armed and no ISR connected: no interrupt, hence nothing,
         * can ever signal the object. Fail now instead of hanging. */
        if (!KiTimersPending() && KiConnectedInterrupts() == 0 &&
            !KiDpcPending()) {
            DbgPrint("wait on %p can never be satisfied: no timer set, no ISR "
                     "connected\n", Object);
            KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, VERIFIER_DEADLOCK,
                         (ULONG_PTR)Object, h->Type, KiCaller());
        }
        arch_idle();
    }
    arch_intr_restore(flags);
    KeCancelTimer(&wake);
    return status;
}

NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode,
                                      BOOLEAN Alertable,
                                      PLARGE_INTEGER Interval)
{
    KTIMER t;

    KeInitializeTimer(&t);
    if (Interval->QuadPart == 0) {
        return STATUS_SUCCESS;
    }
    KeSetTimer(&t, *Interval, NULL);
    KeWaitForSingleObject(&t, DelayExecution, WaitMode, Alertable, NULL);
    return STATUS_SUCCESS;
}
