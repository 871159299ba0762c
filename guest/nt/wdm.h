/* SPDX-License-Identifier: MIT */
/*
 * The WDM subset of the nt-lite runtime: IRQL, spin locks, DPCs, timers,
 * events, interrupts, pool, contiguous memory, IRPs, device and driver objects,
 * PnP resources. Names, parameters and values follow Microsoft's wdm.h DDI
 * pages; one processor, so "another processor" never holds a lock. Each
 * routine's IRQL rule is the documented one and is checked: breaking it
 * bugchecks like Driver Verifier would (codes in bugcodes.h). Non-Windows
 * runtime services (driver registration, PnP start for scenarios) live in
 * ntrt.h.
 */
#ifndef WDM_H
#define WDM_H

#include "ntdef.h"
#include "ntstatus.h"
#include "bugcodes.h"

EXTERN_C_START

/* ---- IRQL ------------------------------------------------------------- */

typedef UCHAR KIRQL, *PKIRQL;

/* The IRQL is the processor's task priority (CR8): vector >> 4 of a device. */
#define PASSIVE_LEVEL 0
#define LOW_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define CMCI_LEVEL 5
#define CLOCK_LEVEL 13
#define IPI_LEVEL 14
#define POWER_LEVEL 14
#define PROFILE_LEVEL 15
#define HIGH_LEVEL 15

NTSYSAPI KIRQL NTAPI KeGetCurrentIrql(VOID);
/* NewIrql >= current, else IRQL_NOT_GREATER_OR_EQUAL. Returns the old IRQL. */
NTSYSAPI KIRQL NTAPI KfRaiseIrql(KIRQL NewIrql);
/* NewIrql <= current, else IRQL_NOT_LESS_OR_EQUAL. Dropping below
 * DISPATCH_LEVEL runs the queued DPCs first. */
NTSYSAPI VOID NTAPI KeLowerIrql(KIRQL NewIrql);
NTSYSAPI KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID);
#define KeRaiseIrql(NewIrql, OldIrql) (*(OldIrql) = KfRaiseIrql(NewIrql))

typedef CCHAR KPROCESSOR_MODE;
typedef enum _MODE { KernelMode, UserMode, MaximumMode } MODE;

#define KeGetCurrentProcessorNumber() 0u
#define KeGetCurrentProcessorNumberEx(ProcNumber) 0u
#define KeQueryActiveProcessorCount(ActiveProcessors) 1u
#define KeEnterCriticalRegion() ((void)0)
#define KeLeaveCriticalRegion() ((void)0)

/* ---- Bugchecks, assertions, tracing ----------------------------------- */

/* Prints "*** STOP: 0x%08X (p1, p2, p3, p4)" and fails the run. */
NTSYSAPI DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(ULONG BugCheckCode,
    ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2,
    ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4);
NTSYSAPI DECLSPEC_NORETURN VOID NTAPI KeBugCheck(ULONG BugCheckCode);

/* Deviation: assertions are always on (the runtime is a checked build) and
 * RtlAssert does not return: it prints the failure and bugchecks 0x1E with
 * STATUS_ASSERTION_FAILURE, file, line, expression. */
NTSYSAPI DECLSPEC_NORETURN VOID NTAPI RtlAssert(PVOID VoidFailedAssertion,
                                                PVOID VoidFileName,
                                                ULONG LineNumber,
                                                PSTR MutableMessage);
#define ASSERT(exp)                                                        \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__, NULL), \
                 FALSE)                                                    \
              : TRUE)
#define ASSERTMSG(msg, exp)                                               \
    ((!(exp)) ? (RtlAssert((PVOID)#exp, (PVOID)__FILE__, __LINE__,        \
                           (PSTR)(msg)),                                  \
                 FALSE)                                                   \
              : TRUE)
/* Deviation: NT_ASSERT is ASSERT (Windows raises int 2c for the debugger). */
#define NT_ASSERT(exp) ASSERT(exp)

/* First statement of routines that run only at PASSIVE/APC level. Violations
 * bugcheck DRIVER_IRQL_NOT_LESS_OR_EQUAL (0, irql, 0, caller). Deviation:
 * always checked (Windows checks only in checked builds), through the
 * runtime's KiCheckPagedCode. */
VOID NTAPI KiCheckPagedCode(PCSTR Function);
#define PAGED_CODE() KiCheckPagedCode(__func__)
#define PAGED_CODE_LOCKED() ((void)0)

#include "dbgprint.h"
VOID NTAPI DbgBreakPoint(VOID);

/* ---- Lists and interlocked operations --------------------------------- */

FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead)
{
    ListHead->Flink = ListHead->Blink = ListHead;
}

FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead)
{
    return ListHead->Flink == ListHead;
}

FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry)
{
    PLIST_ENTRY flink = Entry->Flink;
    PLIST_ENTRY blink = Entry->Blink;

    if (flink->Blink != Entry || blink->Flink != Entry) {
        KeBugCheckEx(KERNEL_SECURITY_CHECK_FAILURE, 3, (ULONG_PTR)Entry,
                     (ULONG_PTR)flink, (ULONG_PTR)blink);
    }
    blink->Flink = flink;
    flink->Blink = blink;
    return flink == blink;
}

FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Flink;

    RemoveEntryList(entry);
    return entry;
}

FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Blink;

    RemoveEntryList(entry);
    return entry;
}

FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY blink = ListHead->Blink;

    Entry->Flink = ListHead;
    Entry->Blink = blink;
    blink->Flink = Entry;
    ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry)
{
    PLIST_ENTRY flink = ListHead->Flink;

    Entry->Flink = flink;
    Entry->Blink = ListHead;
    flink->Blink = Entry;
    ListHead->Flink = Entry;
}

FORCEINLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead,
                               PSINGLE_LIST_ENTRY Entry)
{
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead)
{
    PSINGLE_LIST_ENTRY first = ListHead->Next;

    if (first) {
        ListHead->Next = first->Next;
    }
    return first;
}

#define InterlockedIncrement(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedDecrement(p) __atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedExchange(p, v) \
    __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchangeAdd(p, v) \
    __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAdd(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedOr(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAnd(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedIncrement64 InterlockedIncrement
#define InterlockedDecrement64 InterlockedDecrement
#define InterlockedExchange64 InterlockedExchange
#define InterlockedExchangeAdd64 InterlockedExchangeAdd
#define InterlockedAdd64 InterlockedAdd
/* Returns the initial value, like Windows; stores Exchange if that was
 * Comparand. */
#define InterlockedCompareExchange(p, Exchange, Comparand) \
    __sync_val_compare_and_swap((p), (Comparand), (Exchange))
#define InterlockedCompareExchange64 InterlockedCompareExchange
#define InterlockedCompareExchangePointer(p, Exchange, Comparand) \
    ((PVOID)__sync_val_compare_and_swap((PVOID *)(p), (PVOID)(Comparand), \
                                        (PVOID)(Exchange)))
#define InterlockedExchangePointer(p, v) \
    ((PVOID)__atomic_exchange_n((PVOID *)(p), (PVOID)(v), __ATOMIC_SEQ_CST))
#define KeMemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define _ReadWriteBarrier() __asm__ __volatile__("" ::: "memory")
#define YieldProcessor() __builtin_ia32_pause()

/* ---- Rtl ------------------------------------------------------------- */

#define RtlCopyMemory(Destination, Source, Length) \
    ((void)__builtin_memcpy((Destination), (Source), (Length)))
#define RtlMoveMemory(Destination, Source, Length) \
    ((void)__builtin_memmove((Destination), (Source), (Length)))
#define RtlFillMemory(Destination, Length, Fill) \
    ((void)__builtin_memset((Destination), (Fill), (Length)))
#define RtlZeroMemory(Destination, Length) \
    ((void)__builtin_memset((Destination), 0, (Length)))
#define RtlEqualMemory(Source1, Source2, Length) \
    (__builtin_memcmp((Source1), (Source2), (Length)) == 0)
/* Number of leading bytes that match. */
NTSYSAPI SIZE_T NTAPI RtlCompareMemory(const VOID *Source1,
                                       const VOID *Source2, SIZE_T Length);
NTSYSAPI VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString,
                                         PCWSTR SourceString);
NTSYSAPI VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString,
                                      PCSTR SourceString);
NTSYSAPI VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
                                         PCUNICODE_STRING SourceString);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination,
                                                 PCWSTR Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeStringToString(
    PUNICODE_STRING Destination, PCUNICODE_STRING Source);
NTSYSAPI LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1,
                                            PCUNICODE_STRING String2,
                                            BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1,
                                             PCUNICODE_STRING String2,
                                             BOOLEAN CaseInSensitive);
/* Allocates String->Buffer from pool (tag 'GUID'); free with
 * RtlFreeUnicodeString. Format {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}. */
NTSYSAPI NTSTATUS NTAPI RtlStringFromGUID(REFGUID Guid,
                                          PUNICODE_STRING GuidString);
NTSYSAPI NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING GuidString,
                                          GUID *Guid);
NTSYSAPI VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString);
/*
 * Deviation: Windows' wdm.h leaves the ntstrsafe family to <ntstrsafe.h>,
 * which a driver includes itself (it works the same here); wdm.h includes it
 * so that the runtime and code written before the header existed compile.
 */
#include "ntstrsafe.h"

/* ---- Spin locks ------------------------------------------------------- */

/* Zero when free; the holder's return address (for the dump) when held. */
typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;

typedef struct _KLOCK_QUEUE_HANDLE {
    PKSPIN_LOCK Lock;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

NTSYSAPI VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock);
/* IRQL <= DISPATCH_LEVEL; raises to DISPATCH_LEVEL. A lock the processor
 * already holds bugchecks SPIN_LOCK_ALREADY_OWNED (it would spin forever). */
NTSYSAPI VOID NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock,
                                                PKIRQL OldIrql);
#define KeAcquireSpinLock(SpinLock, OldIrql) \
    KeAcquireSpinLockRaiseToDpc((SpinLock), (OldIrql))
/* Releasing a free lock bugchecks SPIN_LOCK_NOT_OWNED. */
NTSYSAPI VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
/* IRQL >= DISPATCH_LEVEL, else IRQL_NOT_GREATER_OR_EQUAL. */
NTSYSAPI VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
NTSYSAPI VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
NTSYSAPI BOOLEAN NTAPI KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
NTSYSAPI BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock);
NTSYSAPI VOID NTAPI KeAcquireInStackQueuedSpinLock(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
NTSYSAPI VOID NTAPI KeReleaseInStackQueuedSpinLock(
    PKLOCK_QUEUE_HANDLE LockHandle);
NTSYSAPI VOID NTAPI KeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle);
NTSYSAPI VOID NTAPI KeReleaseInStackQueuedSpinLockFromDpcLevel(
    PKLOCK_QUEUE_HANDLE LockHandle);

/* ---- Dispatcher objects: events, timers, mutexes ---------------------- */

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
typedef enum _KWAIT_REASON {
    Executive, FreePage, PageIn, PoolAllocation, DelayExecution, Suspended,
    UserRequest, WrExecutive
} KWAIT_REASON;
typedef enum _WAIT_TYPE { WaitAll, WaitAny } WAIT_TYPE;

/* Deviation: the dispatcher objects (DISPATCHER_HEADER, KEVENT, KMUTEX,
 * KSEMAPHORE, FAST_MUTEX, KDPC, KTIMER) have the runtime's own fields and
 * sizes; drivers allocate them and pass them to the Ke routines only, which
 * is all the DDI pages allow (the fields are opaque). KOBJ_* are the
 * runtime's type tags of DISPATCHER_HEADER.Type. */
#define KOBJ_EVENT_NOTIFICATION 0
#define KOBJ_EVENT_SYNCHRONIZATION 1
#define KOBJ_MUTANT 2
#define KOBJ_SEMAPHORE 5
#define KOBJ_TIMER_NOTIFICATION 8
#define KOBJ_TIMER_SYNCHRONIZATION 9

typedef struct _DISPATCHER_HEADER {
    UCHAR Type;
    UCHAR Inserted;  /* timers: in the timer queue */
    UCHAR Size;
    UCHAR Reserved;
    LONG SignalState;
} DISPATCHER_HEADER;

typedef struct _KEVENT {
    DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _KMUTEX {
    DISPATCHER_HEADER Header;
    ULONG Recursion;
} KMUTEX, *PKMUTEX, *PRKMUTEX, KMUTANT, *PKMUTANT;

typedef struct _KSEMAPHORE {
    DISPATCHER_HEADER Header;
    LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

typedef struct _FAST_MUTEX {
    LONG Count;  /* 1 free, 0 owned */
    KIRQL OldIrql;
} FAST_MUTEX, *PFAST_MUTEX;

struct _KDPC;
typedef VOID NTAPI KDEFERRED_ROUTINE(struct _KDPC *Dpc, PVOID DeferredContext,
                                     PVOID SystemArgument1,
                                     PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

typedef enum _KDPC_IMPORTANCE {
    LowImportance,
    MediumImportance,
    HighImportance,
    MediumHighImportance
} KDPC_IMPORTANCE;

typedef struct _KDPC {
    UCHAR Type;
    UCHAR Importance;
    USHORT Number;
    LIST_ENTRY DpcListEntry;
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    PVOID DpcData;  /* non-NULL while queued */
} KDPC, *PKDPC, *PRKDPC;

typedef struct _KTIMER {
    DISPATCHER_HEADER Header;
    ULARGE_INTEGER DueTime;  /* absolute interrupt time, 100 ns */
    LIST_ENTRY TimerListEntry;
    PKDPC Dpc;
    ULONG Period;            /* ms, 0 = one-shot */
    ULONGLONG PeriodBase;    /* due time of expiry number 0 */
    ULONGLONG Expiries;      /* DueTime = PeriodBase + Expiries * Period */
} KTIMER, *PKTIMER, *PRKTIMER;

NTSYSAPI VOID NTAPI KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type,
                                      BOOLEAN State);
/* Any IRQL <= DISPATCH_LEVEL. Returns the previous state. Deviation: Wait is
 * ignored (one processor, no threads). */
NTSYSAPI LONG NTAPI KeSetEvent(PRKEVENT Event, LONG Increment, BOOLEAN Wait);
NTSYSAPI LONG NTAPI KeResetEvent(PRKEVENT Event);
NTSYSAPI VOID NTAPI KeClearEvent(PRKEVENT Event);
NTSYSAPI LONG NTAPI KeReadStateEvent(PRKEVENT Event);

NTSYSAPI VOID NTAPI KeInitializeMutex(PRKMUTEX Mutex, ULONG Level);
NTSYSAPI LONG NTAPI KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait);
NTSYSAPI LONG NTAPI KeReadStateMutex(PRKMUTEX Mutex);
NTSYSAPI VOID NTAPI KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count,
                                          LONG Limit);
NTSYSAPI LONG NTAPI KeReleaseSemaphore(PRKSEMAPHORE Semaphore, LONG Increment,
                                       LONG Adjustment, BOOLEAN Wait);
NTSYSAPI VOID NTAPI ExInitializeFastMutex(PFAST_MUTEX FastMutex);
NTSYSAPI VOID NTAPI ExAcquireFastMutex(PFAST_MUTEX FastMutex);
NTSYSAPI VOID NTAPI ExReleaseFastMutex(PFAST_MUTEX FastMutex);

/*
 * Object is a KEVENT, KTIMER, KMUTEX or KSEMAPHORE. Timeout: NULL = forever,
 * negative = relative 100 ns, positive = absolute system time, zero = poll.
 * A non-zero wait needs IRQL <= APC_LEVEL; at DISPATCH_LEVEL only a zero
 * timeout is legal (else IRQL_NOT_LESS_OR_EQUAL). The processor idles with
 * hlt until an interrupt (or its DPC) satisfies the wait.
 * Returns STATUS_SUCCESS or STATUS_TIMEOUT.
 */
NTSYSAPI NTSTATUS NTAPI KeWaitForSingleObject(PVOID Object,
                                              KWAIT_REASON WaitReason,
                                              KPROCESSOR_MODE WaitMode,
                                              BOOLEAN Alertable,
                                              PLARGE_INTEGER Timeout);
#define KeWaitForMutexObject KeWaitForSingleObject
NTSYSAPI NTSTATUS NTAPI KeDelayExecutionThread(KPROCESSOR_MODE WaitMode,
                                               BOOLEAN Alertable,
                                               PLARGE_INTEGER Interval);

/* ---- DPCs ------------------------------------------------------------ */

NTSYSAPI VOID NTAPI KeInitializeDpc(PRKDPC Dpc,
                                    PKDEFERRED_ROUTINE DeferredRoutine,
                                    PVOID DeferredContext);
NTSYSAPI VOID NTAPI KeInitializeThreadedDpc(PRKDPC Dpc,
                                            PKDEFERRED_ROUTINE DeferredRoutine,
                                            PVOID DeferredContext);
/* Any IRQL. FALSE if already queued (arguments unchanged). DPCs run in FIFO
 * order (HighImportance ones at the head) at DISPATCH_LEVEL as soon as the
 * IRQL falls below DISPATCH_LEVEL. */
NTSYSAPI BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1,
                                        PVOID SystemArgument2);
NTSYSAPI BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc);
NTSYSAPI VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance);
NTSYSAPI VOID NTAPI KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number);
/* PASSIVE_LEVEL: returns once every queued DPC has run. */
NTSYSAPI VOID NTAPI KeFlushQueuedDpcs(VOID);

/* ---- Timers and time -------------------------------------------------- */

NTSYSAPI VOID NTAPI KeInitializeTimer(PKTIMER Timer);
NTSYSAPI VOID NTAPI KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type);
/* DueTime: negative = relative 100 ns, positive = absolute system time.
 * Period in ms (0 = one-shot). Expiry queues Dpc (if any) with
 * SystemArgument1/2 = low/high ULONG of the expiry's interrupt time.
 * Returns TRUE if the timer was already set (it is re-set).
 * IRQL <= DISPATCH_LEVEL. */
NTSYSAPI BOOLEAN NTAPI KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime,
                                    LONG Period, PKDPC Dpc);
NTSYSAPI BOOLEAN NTAPI KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime,
                                  PKDPC Dpc);
/* TRUE if the timer was set. Its DPC may still be queued: KeFlushQueuedDpcs. */
NTSYSAPI BOOLEAN NTAPI KeCancelTimer(PKTIMER Timer);
NTSYSAPI BOOLEAN NTAPI KeReadStateTimer(PKTIMER Timer);

/* 100 ns units since boot, from the deterministic clock (see arch.h). */
NTSYSAPI ULONGLONG NTAPI KeQueryInterruptTime(VOID);
NTSYSAPI ULONGLONG NTAPI KeQueryUnbiasedInterruptTime(VOID);
/* Interrupt time plus a boot epoch. Deviation: the epoch is fixed
 * (2026-01-01T00:00:00Z) so that runs are reproducible. */
NTSYSAPI VOID NTAPI KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
/* Nanosecond counter; *PerformanceFrequency = 1e9 when given. */
NTSYSAPI LARGE_INTEGER NTAPI KeQueryPerformanceCounter(
    PLARGE_INTEGER PerformanceFrequency);
NTSYSAPI ULONG NTAPI KeQueryTimeIncrement(VOID);
NTSYSAPI VOID NTAPI KeStallExecutionProcessor(ULONG MicroSeconds);

/* ---- Pool and memory -------------------------------------------------- */

typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    NonPagedPoolExecute = 0,
    PagedPool = 1,
    NonPagedPoolMustSucceed = 2,
    DontUseThisType = 3,
    NonPagedPoolCacheAligned = 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolCacheAlignedMustS = 6,
    NonPagedPoolNx = 512,
    NonPagedPoolNxCacheAligned = 516,
} POOL_TYPE;

typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ull
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000004ull
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ull
#define POOL_FLAG_NON_PAGED 0x0000000000000040ull
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ull
#define POOL_FLAG_PAGED 0x0000000000000100ull

/*
 * Paged pool needs IRQL <= APC_LEVEL, non-paged IRQL <= DISPATCH_LEVEL (else
 * BAD_POOL_CALLER 0x8). Tag must be non-zero. Every block is counted per tag,
 * filled with 0xCD when allocated without zeroing, guarded by a trailing
 * pattern and poisoned with 0xDD when freed. Freeing twice bugchecks
 * BAD_POOL_CALLER 0x7; a freed tag that differs BAD_POOL_CALLER 0xA; a
 * smashed guard SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION; blocks still
 * allocated when a scenario ends DRIVER_VERIFIER_DETECTED_VIOLATION 0x62.
 */
NTSYSAPI PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType,
                                           SIZE_T NumberOfBytes, ULONG Tag);
NTSYSAPI PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes,
                                     ULONG Tag);  /* zeroed */
NTSYSAPI PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType,
                                        SIZE_T NumberOfBytes, ULONG Tag);
NTSYSAPI VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag);
NTSYSAPI VOID NTAPI ExFreePool(PVOID P);
#define ExAllocatePool(PoolType, NumberOfBytes) \
    ExAllocatePoolWithTag((PoolType), (NumberOfBytes), 'enoN')

#define PAGE_SIZE 0x1000u
#define PAGE_SHIFT 12
#define BYTE_OFFSET(Va) ((ULONG)((ULONG_PTR)(Va) & (PAGE_SIZE - 1)))
#define PAGE_ALIGN(Va) ((PVOID)((ULONG_PTR)(Va) & ~((ULONG_PTR)PAGE_SIZE - 1)))
#define ROUND_TO_PAGES(Size) \
    (((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~((ULONG_PTR)PAGE_SIZE - 1))
#define BYTES_TO_PAGES(Size) \
    (((ULONG_PTR)(Size) >> PAGE_SHIFT) + \
     (((ULONG_PTR)(Size) & (PAGE_SIZE - 1)) != 0))
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size) \
    ((ULONG)((((ULONG_PTR)(Size) - 1) >> PAGE_SHIFT) + \
             (((((ULONG)((Size) - 1)) & (PAGE_SIZE - 1)) + \
               BYTE_OFFSET(Va)) >> PAGE_SHIFT) + 1))

typedef enum _MEMORY_CACHING_TYPE {
    MmNonCached = 0,
    MmCached = 1,
    MmWriteCombined = 2,
    MmHardwareCoherentCached,
    MmNonCachedUnordered,
    MmUSWCCached,
    MmMaximumCacheType,
    MmNotMapped = -1
} MEMORY_CACHING_TYPE;

/*
 * Physically contiguous, page aligned, within [Lowest, Highest], not crossing
 * a BoundaryAddressMultiple (0 = any). PASSIVE_LEVEL. NULL when it does not
 * fit. Counted by the pool tracker under tag 'Mmcm' (leaks are reported).
 * The guest is identity mapped, so the physical address equals the virtual one.
 */
NTSYSAPI PVOID NTAPI MmAllocateContiguousMemorySpecifyCache(
    SIZE_T NumberOfBytes, PHYSICAL_ADDRESS LowestAcceptableAddress,
    PHYSICAL_ADDRESS HighestAcceptableAddress,
    PHYSICAL_ADDRESS BoundaryAddressMultiple, MEMORY_CACHING_TYPE CacheType);
NTSYSAPI PVOID NTAPI MmAllocateContiguousMemory(
    SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress);
NTSYSAPI VOID NTAPI MmFreeContiguousMemory(PVOID BaseAddress);
NTSYSAPI VOID NTAPI MmFreeContiguousMemorySpecifyCache(
    PVOID BaseAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType);
NTSYSAPI PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress);
/* Identity map: returns the address itself (the BAR is mapped uncached). */
NTSYSAPI PVOID NTAPI MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress,
                                  SIZE_T NumberOfBytes,
                                  MEMORY_CACHING_TYPE CacheType);
NTSYSAPI VOID NTAPI MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes);
NTSYSAPI BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress);

/* Deviation: no Process field (one address space). */
typedef struct _MDL {
    struct _MDL *Next;
    CSHORT Size;
    CSHORT MdlFlags;
    PVOID MappedSystemVa;
    PVOID StartVa;
    ULONG ByteCount;
    ULONG ByteOffset;
} MDL, *PMDL;

#define MDL_MAPPED_TO_SYSTEM_VA 0x0001
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_PAGES_LOCKED 0x0002
typedef enum _MM_PAGE_PRIORITY { LowPagePriority, NormalPagePriority = 16,
                                 HighPagePriority = 32 } MM_PAGE_PRIORITY;
#define MdlMappingNoExecute 0x40000000

/* In integers: an MDL of MmAllocatePagesForMdl has a null StartVa. */
#define MmGetMdlVirtualAddress(Mdl) \
    ((PVOID)((ULONG_PTR)(Mdl)->StartVa + (Mdl)->ByteOffset))
#define MmGetMdlByteCount(Mdl) ((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl) ((Mdl)->ByteOffset)
#define MmGetSystemAddressForMdlSafe(Mdl, Priority) \
    ((Mdl)->MappedSystemVa)

/*
 * Pages for an MDL (guest/nt/mdl.c): the MDL is followed by its PFN array.
 * Deviation: one physically contiguous run per allocation (identity map).
 */
typedef ULONG_PTR PFN_NUMBER, *PPFN_NUMBER;
#define MmGetMdlPfnArray(Mdl) ((PPFN_NUMBER)((Mdl) + 1))
#define MM_DONT_ZERO_ALLOCATION 0x00000001
#define MM_ALLOCATE_FROM_LOCAL_NODE_ONLY 0x00000002
#define MM_ALLOCATE_FULLY_REQUIRED 0x00000004
#define MM_ALLOCATE_NO_WAIT 0x00000008
#define MM_ALLOCATE_PREFER_CONTIGUOUS 0x00000010
#define MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS 0x00000020
NTSYSAPI PMDL NTAPI MmAllocatePagesForMdl(PHYSICAL_ADDRESS LowAddress,
                                          PHYSICAL_ADDRESS HighAddress,
                                          PHYSICAL_ADDRESS SkipBytes,
                                          SIZE_T TotalBytes);
NTSYSAPI PMDL NTAPI MmAllocatePagesForMdlEx(PHYSICAL_ADDRESS LowAddress,
                                            PHYSICAL_ADDRESS HighAddress,
                                            PHYSICAL_ADDRESS SkipBytes,
                                            SIZE_T TotalBytes,
                                            MEMORY_CACHING_TYPE CacheType,
                                            ULONG Flags);
NTSYSAPI PVOID NTAPI MmMapLockedPagesSpecifyCache(
    PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
    MEMORY_CACHING_TYPE CacheType, PVOID RequestedAddress,
    ULONG BugCheckOnFailure, ULONG Priority);
NTSYSAPI VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress,
                                       PMDL MemoryDescriptorList);
/* Frees the pages only; the MDL itself goes with ExFreePool or IoFreeMdl. */
NTSYSAPI VOID NTAPI MmFreePagesFromMdl(PMDL MemoryDescriptorList);
NTSYSAPI VOID NTAPI IoFreeMdl(PMDL Mdl);

/* ---- Register and port access ----------------------------------------- */

FORCEINLINE ULONG READ_REGISTER_ULONG(volatile ULONG *Register)
{
    return *Register;
}

FORCEINLINE VOID WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value)
{
    *Register = Value;
}

FORCEINLINE USHORT READ_REGISTER_USHORT(volatile USHORT *Register)
{
    return *Register;
}

FORCEINLINE VOID WRITE_REGISTER_USHORT(volatile USHORT *Register, USHORT Value)
{
    *Register = Value;
}

FORCEINLINE UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register)
{
    return *Register;
}

FORCEINLINE VOID WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value)
{
    *Register = Value;
}

NTSYSAPI UCHAR NTAPI READ_PORT_UCHAR(PUCHAR Port);
NTSYSAPI USHORT NTAPI READ_PORT_USHORT(PUSHORT Port);
NTSYSAPI ULONG NTAPI READ_PORT_ULONG(PULONG Port);
NTSYSAPI VOID NTAPI WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value);
NTSYSAPI VOID NTAPI WRITE_PORT_USHORT(PUSHORT Port, USHORT Value);
NTSYSAPI VOID NTAPI WRITE_PORT_ULONG(PULONG Port, ULONG Value);

/* ---- Resources -------------------------------------------------------- */

typedef enum _INTERFACE_TYPE {
    InterfaceTypeUndefined = -1,
    Internal = 0, Isa, Eisa, MicroChannel, TurboChannel, PCIBus, VMEBus,
    NuBus, PCMCIABus, CBus, MPIBus, MPSABus, ProcessorInternal,
    InternalPowerBus, PNPISABus, PNPBus, Vmcs, ACPIBus, MaximumInterfaceType
} INTERFACE_TYPE, *PINTERFACE_TYPE;

typedef enum _KINTERRUPT_MODE { LevelSensitive, Latched } KINTERRUPT_MODE;
typedef enum _KINTERRUPT_POLARITY {
    InterruptPolarityUnknown, InterruptActiveHigh, InterruptActiveLow
} KINTERRUPT_POLARITY;

#define CmResourceTypeNull 0
#define CmResourceTypePort 1
#define CmResourceTypeInterrupt 2
#define CmResourceTypeMemory 3
#define CmResourceTypeDma 4
#define CmResourceTypeDeviceSpecific 5
#define CmResourceTypeBusNumber 6
#define CmResourceTypeMemoryLarge 7
#define CmResourceTypeConfigData 128
#define CmResourceTypeDevicePrivate 129
#define CmResourceTypePcCardConfig 130
#define CmResourceTypeMfCardConfig 131
#define CmResourceTypeConnection 132

typedef enum _CM_SHARE_DISPOSITION {
    CmResourceShareUndetermined = 0,
    CmResourceShareDeviceExclusive,
    CmResourceShareDriverExclusive,
    CmResourceShareShared
} CM_SHARE_DISPOSITION;

#define CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE 0x0000
#define CM_RESOURCE_INTERRUPT_LATCHED 0x0001
#define CM_RESOURCE_INTERRUPT_MESSAGE 0x0002
#define CM_RESOURCE_INTERRUPT_POLICY_INCLUDED 0x0004
#define CM_RESOURCE_MEMORY_READ_WRITE 0x0000
#define CM_RESOURCE_MEMORY_READ_ONLY 0x0001
#define CM_RESOURCE_MEMORY_WRITE_ONLY 0x0002
#define CM_RESOURCE_MEMORY_PREFETCHABLE 0x0004
#define CM_RESOURCE_MEMORY_COMBINEDWRITE 0x0008
#define CM_RESOURCE_PORT_MEMORY 0x0000
#define CM_RESOURCE_PORT_IO 0x0001
#define CM_RESOURCE_DMA_8 0x0000
#define CM_RESOURCE_DMA_16 0x0001
#define CM_RESOURCE_DMA_32 0x0002
#define CM_RESOURCE_DMA_BUS_MASTER 0x0008
#define CM_RESOURCE_DMA_TYPE_A 0x0010
#define CM_RESOURCE_DMA_TYPE_B 0x0020
#define CM_RESOURCE_DMA_TYPE_F 0x0040

#pragma pack(push, 4)
typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
    UCHAR Type;
    UCHAR ShareDisposition;
    USHORT Flags;
    union {
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length;
        } Generic;
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length;
        } Port;
        struct {
            ULONG Level;     /* translated: IRQL; raw: IOAPIC input */
            ULONG Vector;    /* translated: IDT vector; raw: IOAPIC input */
            KAFFINITY Affinity;
        } Interrupt;
        struct {
            union {
                struct {
                    USHORT Reserved;
                    USHORT MessageCount;
                    ULONG Vector;  /* MSI data */
                    KAFFINITY Affinity;
                } Raw;
                struct {
                    ULONG Level;
                    ULONG Vector;
                    KAFFINITY Affinity;
                } Translated;
            };
        } MessageInterrupt;
        struct {
            PHYSICAL_ADDRESS Start;
            ULONG Length;
        } Memory;
        struct {
            ULONG Channel;
            ULONG Port;
            ULONG Reserved1;
        } Dma;
        struct {
            ULONG Data[3];
        } DevicePrivate;
        struct {
            ULONG Start;
            ULONG Length;
            ULONG Reserved;
        } BusNumber;
        struct {
            ULONG DataSize;
            ULONG Reserved1;
            ULONG Reserved2;
        } DeviceSpecificData;
    } u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;

typedef struct _CM_PARTIAL_RESOURCE_LIST {
    USHORT Version;
    USHORT Revision;
    ULONG Count;
    CM_PARTIAL_RESOURCE_DESCRIPTOR PartialDescriptors[1];
} CM_PARTIAL_RESOURCE_LIST, *PCM_PARTIAL_RESOURCE_LIST;

typedef struct _CM_FULL_RESOURCE_DESCRIPTOR {
    INTERFACE_TYPE InterfaceType;
    ULONG BusNumber;
    CM_PARTIAL_RESOURCE_LIST PartialResourceList;
} CM_FULL_RESOURCE_DESCRIPTOR, *PCM_FULL_RESOURCE_DESCRIPTOR;

typedef struct _CM_RESOURCE_LIST {
    ULONG Count;
    CM_FULL_RESOURCE_DESCRIPTOR List[1];
} CM_RESOURCE_LIST, *PCM_RESOURCE_LIST;
#pragma pack(pop)

/* ---- Interrupt objects ------------------------------------------------ */

struct _KINTERRUPT;
typedef BOOLEAN NTAPI KSERVICE_ROUTINE(struct _KINTERRUPT *Interrupt,
                                       PVOID ServiceContext);
typedef KSERVICE_ROUTINE *PKSERVICE_ROUTINE;
typedef BOOLEAN NTAPI KSYNCHRONIZE_ROUTINE(PVOID SynchronizeContext);
typedef KSYNCHRONIZE_ROUTINE *PKSYNCHRONIZE_ROUTINE;

/* Deviation: Windows keeps KINTERRUPT opaque; here its fields are visible. */
typedef struct _KINTERRUPT {
    CSHORT Type;
    CSHORT Size;
    LIST_ENTRY InterruptListEntry;  /* chain of ISRs sharing Vector */
    PKSERVICE_ROUTINE ServiceRoutine;
    PVOID ServiceContext;
    KSPIN_LOCK SpinLock;            /* used when the caller gave none */
    PKSPIN_LOCK ActualLock;
    ULONG Vector;
    KIRQL Irql;
    KIRQL SynchronizeIrql;
    KINTERRUPT_MODE Mode;
    BOOLEAN ShareVector;
    BOOLEAN Connected;
    ULONG ServiceCount;             /* ISR calls that returned TRUE */
} KINTERRUPT, *PKINTERRUPT, *PRKINTERRUPT;

/*
 * PASSIVE_LEVEL. Vector and Irql come from the translated
 * CmResourceTypeInterrupt descriptor (Vector = IDT vector, Irql = Level).
 * The ISR runs at SynchronizeIrql with the interrupt spin lock held; it must
 * return TRUE only for its own device (level-triggered lines are offered to
 * each ISR in the chain until one claims). Unmasks the line when the first
 * ISR connects. Allocates the KINTERRUPT (tag 'IntO').
 */
NTSYSAPI NTSTATUS NTAPI IoConnectInterrupt(
    PKINTERRUPT *InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql,
    KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
    KAFFINITY ProcessorEnableMask, BOOLEAN FloatingSave);
NTSYSAPI VOID NTAPI IoDisconnectInterrupt(PKINTERRUPT InterruptObject);
/* IRQL <= SynchronizeIrql. Runs the routine at the interrupt's
 * SynchronizeIrql holding its spin lock, so it excludes the ISR. */
NTSYSAPI BOOLEAN NTAPI KeSynchronizeExecution(
    PKINTERRUPT Interrupt, PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
    PVOID SynchronizeContext);
NTSYSAPI KIRQL NTAPI KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt);
NTSYSAPI VOID NTAPI KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt,
                                               KIRQL OldIrql);

/* ---- I/O manager ------------------------------------------------------ */

#define IO_TYPE_ADAPTER 1
#define IO_TYPE_DEVICE 3
#define IO_TYPE_DRIVER 4
#define IO_TYPE_FILE 5
#define IO_TYPE_IRP 6

#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CREATE_NAMED_PIPE 0x01
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_QUERY_INFORMATION 0x05
#define IRP_MJ_SET_INFORMATION 0x06
#define IRP_MJ_QUERY_EA 0x07
#define IRP_MJ_SET_EA 0x08
#define IRP_MJ_FLUSH_BUFFERS 0x09
#define IRP_MJ_QUERY_VOLUME_INFORMATION 0x0a
#define IRP_MJ_SET_VOLUME_INFORMATION 0x0b
#define IRP_MJ_DIRECTORY_CONTROL 0x0c
#define IRP_MJ_FILE_SYSTEM_CONTROL 0x0d
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f
#define IRP_MJ_SHUTDOWN 0x10
#define IRP_MJ_LOCK_CONTROL 0x11
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_CREATE_MAILSLOT 0x13
#define IRP_MJ_QUERY_SECURITY 0x14
#define IRP_MJ_SET_SECURITY 0x15
#define IRP_MJ_POWER 0x16
#define IRP_MJ_SYSTEM_CONTROL 0x17
#define IRP_MJ_DEVICE_CHANGE 0x18
#define IRP_MJ_QUERY_QUOTA 0x19
#define IRP_MJ_SET_QUOTA 0x1a
#define IRP_MJ_PNP 0x1b
#define IRP_MJ_PNP_POWER IRP_MJ_PNP
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

#define IRP_MN_START_DEVICE 0x00
#define IRP_MN_QUERY_REMOVE_DEVICE 0x01
#define IRP_MN_REMOVE_DEVICE 0x02
#define IRP_MN_CANCEL_REMOVE_DEVICE 0x03
#define IRP_MN_STOP_DEVICE 0x04
#define IRP_MN_QUERY_STOP_DEVICE 0x05
#define IRP_MN_CANCEL_STOP_DEVICE 0x06
#define IRP_MN_QUERY_DEVICE_RELATIONS 0x07
#define IRP_MN_QUERY_INTERFACE 0x08
#define IRP_MN_QUERY_CAPABILITIES 0x09
#define IRP_MN_QUERY_RESOURCES 0x0A
#define IRP_MN_QUERY_RESOURCE_REQUIREMENTS 0x0B
#define IRP_MN_QUERY_DEVICE_TEXT 0x0C
#define IRP_MN_FILTER_RESOURCE_REQUIREMENTS 0x0D
#define IRP_MN_READ_CONFIG 0x0F
#define IRP_MN_WRITE_CONFIG 0x10
#define IRP_MN_EJECT 0x11
#define IRP_MN_SET_LOCK 0x12
#define IRP_MN_QUERY_ID 0x13
#define IRP_MN_QUERY_PNP_DEVICE_STATE 0x14
#define IRP_MN_QUERY_BUS_INFORMATION 0x15
#define IRP_MN_DEVICE_USAGE_NOTIFICATION 0x16
#define IRP_MN_SURPRISE_REMOVAL 0x17

#define IRP_MN_WAIT_WAKE 0x00
#define IRP_MN_POWER_SEQUENCE 0x01
#define IRP_MN_SET_POWER 0x02
#define IRP_MN_QUERY_POWER 0x03

#define IO_NO_INCREMENT 0
#define IO_SOUND_INCREMENT 8
#define EVENT_INCREMENT 1

/* IO_STACK_LOCATION.Control */
#define SL_PENDING_RETURNED 0x01
#define SL_ERROR_RETURNED 0x02
#define SL_INVOKE_ON_CANCEL 0x20
#define SL_INVOKE_ON_SUCCESS 0x40
#define SL_INVOKE_ON_ERROR 0x80

#define FILE_DEVICE_CONTROLLER 0x00000004
#define FILE_DEVICE_SOUND 0x0000001d
#define FILE_DEVICE_UNKNOWN 0x00000022
#define FILE_DEVICE_BUS_EXTENDER 0x0000002a
#define FILE_DEVICE_KS 0x0000002f
#define FILE_DEVICE_SECURE_OPEN 0x00000100
#define FILE_AUTOGENERATED_DEVICE_NAME 0x00000080

#define METHOD_BUFFERED 0
#define METHOD_IN_DIRECT 1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER 3
#define FILE_ANY_ACCESS 0
#define FILE_READ_ACCESS 0x0001
#define FILE_WRITE_ACCESS 0x0002
#define CTL_CODE(DeviceType, Function, Method, Access) \
    (((ULONG)(DeviceType) << 16) | ((ULONG)(Access) << 14) | \
     ((ULONG)(Function) << 2) | (ULONG)(Method))
#define METHOD_FROM_CTL_CODE(ctrlCode) ((ULONG)((ctrlCode) & 3))

#define DO_VERIFY_VOLUME 0x00000002
#define DO_BUFFERED_IO 0x00000004
#define DO_EXCLUSIVE 0x00000008
#define DO_DIRECT_IO 0x00000010
#define DO_DEVICE_HAS_NAME 0x00000040
#define DO_DEVICE_INITIALIZING 0x00000080
#define DO_POWER_PAGABLE 0x00002000
#define DO_POWER_INRUSH 0x00004000

typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef enum _SYSTEM_POWER_STATE {
    PowerSystemUnspecified = 0, PowerSystemWorking, PowerSystemSleeping1,
    PowerSystemSleeping2, PowerSystemSleeping3, PowerSystemHibernate,
    PowerSystemShutdown, PowerSystemMaximum
} SYSTEM_POWER_STATE, *PSYSTEM_POWER_STATE;

typedef enum _DEVICE_POWER_STATE {
    PowerDeviceUnspecified = 0, PowerDeviceD0, PowerDeviceD1, PowerDeviceD2,
    PowerDeviceD3, PowerDeviceMaximum
} DEVICE_POWER_STATE, *PDEVICE_POWER_STATE;

typedef union _POWER_STATE {
    SYSTEM_POWER_STATE SystemState;
    DEVICE_POWER_STATE DeviceState;
} POWER_STATE, *PPOWER_STATE;

typedef enum _POWER_STATE_TYPE { SystemPowerState = 0, DevicePowerState }
    POWER_STATE_TYPE, *PPOWER_STATE_TYPE;

typedef enum _POWER_ACTION {
    PowerActionNone = 0, PowerActionReserved, PowerActionSleep,
    PowerActionHibernate, PowerActionShutdown, PowerActionShutdownReset,
    PowerActionShutdownOff, PowerActionWarmEject
} POWER_ACTION;

typedef enum _DEVICE_RELATION_TYPE {
    BusRelations, EjectionRelations, PowerRelations, RemovalRelations,
    TargetDeviceRelation, SingleBusRelations, TransportRelations
} DEVICE_RELATION_TYPE;

typedef enum _BUS_QUERY_ID_TYPE {
    BusQueryDeviceID = 0, BusQueryHardwareIDs, BusQueryCompatibleIDs,
    BusQueryInstanceID, BusQueryDeviceSerialNumber, BusQueryContainerID
} BUS_QUERY_ID_TYPE;

typedef enum _DEVICE_REGISTRY_PROPERTY {
    DevicePropertyDeviceDescription = 0,
    DevicePropertyHardwareID = 1,
    DevicePropertyCompatibleIDs = 2,
    DevicePropertyBootConfiguration = 3,
    DevicePropertyBootConfigurationTranslated = 4,
    DevicePropertyClassName = 5,
    DevicePropertyClassGuid = 6,
    DevicePropertyDriverKeyName = 7,
    DevicePropertyManufacturer = 8,
    DevicePropertyFriendlyName = 9,
    DevicePropertyLocationInformation = 10,
    DevicePropertyPhysicalDeviceObjectName = 11,
    DevicePropertyBusTypeGuid = 12,
    DevicePropertyLegacyBusType = 13,
    DevicePropertyBusNumber = 14,
    DevicePropertyEnumeratorName = 15,
    DevicePropertyAddress = 16,
    DevicePropertyUINumber = 17,
    DevicePropertyInstallState = 18,
    DevicePropertyRemovalPolicy = 19,
    DevicePropertyResourceRequirements = 20,
    DevicePropertyAllocatedResources = 21,
    DevicePropertyContainerID = 22
} DEVICE_REGISTRY_PROPERTY;

struct _DEVICE_OBJECT;
struct _DRIVER_OBJECT;
struct _IRP;
struct _FILE_OBJECT;

typedef NTSTATUS NTAPI DRIVER_INITIALIZE(struct _DRIVER_OBJECT *DriverObject,
                                         PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;
typedef NTSTATUS NTAPI DRIVER_ADD_DEVICE(
    struct _DRIVER_OBJECT *DriverObject,
    struct _DEVICE_OBJECT *PhysicalDeviceObject);
typedef DRIVER_ADD_DEVICE *PDRIVER_ADD_DEVICE;
typedef NTSTATUS NTAPI DRIVER_DISPATCH(struct _DEVICE_OBJECT *DeviceObject,
                                       struct _IRP *Irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;
typedef VOID NTAPI DRIVER_UNLOAD(struct _DRIVER_OBJECT *DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;
typedef VOID NTAPI DRIVER_STARTIO(struct _DEVICE_OBJECT *DeviceObject,
                                  struct _IRP *Irp);
typedef DRIVER_STARTIO *PDRIVER_STARTIO;
typedef NTSTATUS NTAPI IO_COMPLETION_ROUTINE(
    struct _DEVICE_OBJECT *DeviceObject, struct _IRP *Irp, PVOID Context);
typedef IO_COMPLETION_ROUTINE *PIO_COMPLETION_ROUTINE;
typedef VOID NTAPI DRIVER_CANCEL(struct _DEVICE_OBJECT *DeviceObject,
                                 struct _IRP *Irp);
typedef DRIVER_CANCEL *PDRIVER_CANCEL;

typedef struct _DRIVER_EXTENSION {
    struct _DRIVER_OBJECT *DriverObject;
    PDRIVER_ADD_DEVICE AddDevice;
    ULONG Count;
    UNICODE_STRING ServiceKeyName;
} DRIVER_EXTENSION, *PDRIVER_EXTENSION;

typedef struct _DRIVER_OBJECT {
    CSHORT Type;
    CSHORT Size;
    struct _DEVICE_OBJECT *DeviceObject;  /* devices this driver created */
    ULONG Flags;
    PVOID DriverStart;
    ULONG DriverSize;
    PVOID DriverSection;
    PDRIVER_EXTENSION DriverExtension;
    UNICODE_STRING DriverName;
    PUNICODE_STRING HardwareDatabase;
    PVOID FastIoDispatch;
    PDRIVER_INITIALIZE DriverInit;
    PDRIVER_STARTIO DriverStartIo;
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

/* Deviation: DEVICE_OBJECT, FILE_OBJECT, IRP and IO_STACK_LOCATION carry the
 * fields drivers and the runtime use, in Windows' order, but not all of them
 * (no Timer, Queue, Vpb, DeviceLock...), so sizes and later offsets differ;
 * IO_STACK_LOCATION.Parameters has only the members listed. */
typedef struct _DEVICE_OBJECT {
    CSHORT Type;
    USHORT Size;
    LONG ReferenceCount;
    struct _DRIVER_OBJECT *DriverObject;
    struct _DEVICE_OBJECT *NextDevice;      /* next of the same driver */
    struct _DEVICE_OBJECT *AttachedDevice;  /* the one above in the stack */
    struct _IRP *CurrentIrp;
    ULONG Flags;
    ULONG Characteristics;
    PVOID DeviceExtension;
    ULONG DeviceType;
    CCHAR StackSize;
    ULONG AlignmentRequirement;
    UNICODE_STRING DeviceName;              /* empty if unnamed */
    struct _DEVICE_OBJECT *AttachedTo;      /* Deviation: the one below */
    PVOID DeviceNode;                       /* PDOs: the runtime's PnP node */
} DEVICE_OBJECT, *PDEVICE_OBJECT;

typedef struct _FILE_OBJECT {
    CSHORT Type;
    CSHORT Size;
    PDEVICE_OBJECT DeviceObject;
    PVOID Vpb;
    PVOID FsContext;
    PVOID FsContext2;
    PVOID SectionObjectPointer;
    PVOID PrivateCacheMap;
    NTSTATUS FinalStatus;
    struct _FILE_OBJECT *RelatedFileObject;
    BOOLEAN LockOperation;
    BOOLEAN DeletePending;
    BOOLEAN ReadAccess;
    BOOLEAN WriteAccess;
    BOOLEAN DeleteAccess;
    ULONG Flags;
    UNICODE_STRING FileName;
    LARGE_INTEGER CurrentByteOffset;
    KEVENT Event;
} FILE_OBJECT, *PFILE_OBJECT;

typedef struct _DEVICE_RELATIONS {
    ULONG Count;
    PDEVICE_OBJECT Objects[1];
} DEVICE_RELATIONS, *PDEVICE_RELATIONS;

typedef struct _DEVICE_CAPABILITIES {
    USHORT Size;
    USHORT Version;
    ULONG DeviceD1 : 1, DeviceD2 : 1, LockSupported : 1, EjectSupported : 1,
          Removable : 1, DockDevice : 1, UniqueID : 1, SilentInstall : 1,
          RawDeviceOK : 1, SurpriseRemovalOK : 1, WakeFromD0 : 1,
          WakeFromD1 : 1, WakeFromD2 : 1, WakeFromD3 : 1, HardwareDisabled : 1,
          NonDynamic : 1, WarmEjectSupported : 1, NoDisplayInUI : 1,
          Reserved1 : 1, WakeFromInterrupt : 1, SecureDevice : 1,
          ChildOfVgaEnabledBridge : 1, DecodeIoOnBoot : 1, Reserved : 9;
    ULONG Address;
    ULONG UINumber;
    DEVICE_POWER_STATE DeviceState[PowerSystemMaximum];
    SYSTEM_POWER_STATE SystemWake;
    DEVICE_POWER_STATE DeviceWake;
    ULONG D1Latency;
    ULONG D2Latency;
    ULONG D3Latency;
} DEVICE_CAPABILITIES, *PDEVICE_CAPABILITIES;

typedef struct _INTERFACE {
    USHORT Size;
    USHORT Version;
    PVOID Context;
    VOID (NTAPI *InterfaceReference)(PVOID Context);
    VOID (NTAPI *InterfaceDereference)(PVOID Context);
} INTERFACE, *PINTERFACE;

#pragma pack(push, 8)
typedef struct _IO_STACK_LOCATION {
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    UCHAR Flags;
    UCHAR Control;
    union {
        struct {
            PVOID SecurityContext;
            ULONG Options;
            USHORT FileAttributes;
            USHORT ShareAccess;
            ULONG EaLength;
        } Create;
        struct {
            ULONG Length;
            ULONG Key;
            LARGE_INTEGER ByteOffset;
        } Read;
        struct {
            ULONG Length;
            ULONG Key;
            LARGE_INTEGER ByteOffset;
        } Write;
        struct {
            ULONG OutputBufferLength;
            ULONG InputBufferLength;
            ULONG IoControlCode;
            PVOID Type3InputBuffer;
        } DeviceIoControl;
        struct {
            DEVICE_RELATION_TYPE Type;
        } QueryDeviceRelations;
        struct {
            const GUID *InterfaceType;
            USHORT Size;
            USHORT Version;
            PINTERFACE Interface;
            PVOID InterfaceSpecificData;
        } QueryInterface;
        struct {
            PDEVICE_CAPABILITIES Capabilities;
        } DeviceCapabilities;
        struct {
            BUS_QUERY_ID_TYPE IdType;
        } QueryId;
        struct {
            ULONG SystemContext;
            POWER_STATE_TYPE Type;
            POWER_STATE State;
            POWER_ACTION ShutdownType;
        } Power;
        struct {
            PCM_RESOURCE_LIST AllocatedResources;
            PCM_RESOURCE_LIST AllocatedResourcesTranslated;
        } StartDevice;
        struct {
            PVOID Argument1;
            PVOID Argument2;
            PVOID Argument3;
            PVOID Argument4;
        } Others;
    } Parameters;
    PDEVICE_OBJECT DeviceObject;
    PFILE_OBJECT FileObject;
    PIO_COMPLETION_ROUTINE CompletionRoutine;
    PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;
#pragma pack(pop)

typedef struct _IRP {
    CSHORT Type;
    USHORT Size;              /* bytes including the stack locations */
    PMDL MdlAddress;
    ULONG Flags;
    union {
        struct _IRP *MasterIrp;
        LONG IrpCount;
        PVOID SystemBuffer;   /* METHOD_BUFFERED data */
    } AssociatedIrp;
    LIST_ENTRY ThreadListEntry;
    IO_STATUS_BLOCK IoStatus;
    KPROCESSOR_MODE RequestorMode;
    BOOLEAN PendingReturned;
    CHAR StackCount;
    CHAR CurrentLocation;     /* StackCount + 1 before IoCallDriver */
    BOOLEAN Cancel;
    KIRQL CancelIrql;
    CCHAR ApcEnvironment;
    UCHAR AllocationFlags;
    PIO_STATUS_BLOCK UserIosb;
    PKEVENT UserEvent;
    volatile PDRIVER_CANCEL CancelRoutine;
    PVOID UserBuffer;
    union {
        struct {
            PVOID DriverContext[4];
            PVOID Thread;
            PCHAR AuxiliaryBuffer;
            LIST_ENTRY ListEntry;
            PIO_STACK_LOCATION CurrentStackLocation;
            PFILE_OBJECT OriginalFileObject;
        } Overlay;
        PVOID CompletionKey;
    } Tail;
} IRP, *PIRP;

/* IRP.Flags */
#define IRP_NOCACHE 0x00000001
#define IRP_PAGING_IO 0x00000002
#define IRP_BUFFERED_IO 0x00000010
#define IRP_DEALLOCATE_BUFFER 0x00000020
#define IRP_INPUT_OPERATION 0x00000040
#define IRP_SYNCHRONOUS_API 0x00000004
/* IRP.AllocationFlags: freed by the I/O manager once completed. */
#define IRP_ALLOCATION_FREE_ON_COMPLETION 0x80

FORCEINLINE PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP Irp)
{
    return Irp->Tail.Overlay.CurrentStackLocation;
}

FORCEINLINE PIO_STACK_LOCATION IoGetNextIrpStackLocation(PIRP Irp)
{
    return Irp->Tail.Overlay.CurrentStackLocation - 1;
}

FORCEINLINE VOID IoSetNextIrpStackLocation(PIRP Irp)
{
    Irp->CurrentLocation--;
    Irp->Tail.Overlay.CurrentStackLocation--;
}

FORCEINLINE VOID IoSkipCurrentIrpStackLocation(PIRP Irp)
{
    Irp->CurrentLocation++;
    Irp->Tail.Overlay.CurrentStackLocation++;
}

FORCEINLINE VOID IoCopyCurrentIrpStackLocationToNext(PIRP Irp)
{
    PIO_STACK_LOCATION cur = IoGetCurrentIrpStackLocation(Irp);
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);

    RtlCopyMemory(next, cur,
                  FIELD_OFFSET(IO_STACK_LOCATION, CompletionRoutine));
    next->Control = 0;
}

FORCEINLINE VOID IoMarkIrpPending(PIRP Irp)
{
    IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
}

FORCEINLINE VOID IoSetCompletionRoutine(
    PIRP Irp, PIO_COMPLETION_ROUTINE CompletionRoutine, PVOID Context,
    BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError, BOOLEAN InvokeOnCancel)
{
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);

    next->CompletionRoutine = CompletionRoutine;
    next->Context = Context;
    next->Control = 0;
    if (InvokeOnSuccess) {
        next->Control |= SL_INVOKE_ON_SUCCESS;
    }
    if (InvokeOnError) {
        next->Control |= SL_INVOKE_ON_ERROR;
    }
    if (InvokeOnCancel) {
        next->Control |= SL_INVOKE_ON_CANCEL;
    }
}

FORCEINLINE PDRIVER_CANCEL IoSetCancelRoutine(PIRP Irp,
                                              PDRIVER_CANCEL CancelRoutine)
{
    return (PDRIVER_CANCEL)InterlockedExchangePointer(&Irp->CancelRoutine,
                                                      CancelRoutine);
}

#define IoSizeOfIrp(StackSize) \
    ((USHORT)(sizeof(IRP) + ((StackSize) * sizeof(IO_STACK_LOCATION))))

/* Any IRQL <= DISPATCH_LEVEL. Tag 'Irp '. */
NTSYSAPI PIRP NTAPI IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota);
NTSYSAPI VOID NTAPI IoFreeIrp(PIRP Irp);
NTSYSAPI VOID NTAPI IoInitializeIrp(PIRP Irp, USHORT PacketSize,
                                    CCHAR StackSize);
NTSYSAPI VOID NTAPI IoReuseIrp(PIRP Irp, NTSTATUS Iostatus);
/* Moves to the next stack location (NO_MORE_IRP_STACK_LOCATIONS if none),
 * fills its DeviceObject and calls the driver's MajorFunction entry. */
NTSYSAPI NTSTATUS NTAPI IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);
#define IoCallDriver(DeviceObject, Irp) IofCallDriver((DeviceObject), (Irp))
/*
 * IRQL <= DISPATCH_LEVEL. Walks the stack upwards calling completion routines
 * (by SL_INVOKE_* and the final status); STATUS_MORE_PROCESSING_REQUIRED
 * stops the walk and hands the IRP back to that routine's owner. Then
 * copies IoStatus to UserIosb, signals UserEvent and frees IRPs built by
 * IoBuildDeviceIoControlRequest. Completing an IRP that is already complete
 * bugchecks MULTIPLE_IRP_COMPLETE_REQUESTS (Irp). Completing with
 * STATUS_PENDING bugchecks DRIVER_VERIFIER_IOMANAGER_VIOLATION.
 */
NTSYSAPI VOID NTAPI IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost);
#define IoCompleteRequest(Irp, PriorityBoost) \
    IofCompleteRequest((Irp), (PriorityBoost))
NTSYSAPI BOOLEAN NTAPI IoCancelIrp(PIRP Irp);
NTSYSAPI VOID NTAPI IoAcquireCancelSpinLock(PKIRQL Irql);
NTSYSAPI VOID NTAPI IoReleaseCancelSpinLock(KIRQL Irql);
/* METHOD_BUFFERED/NEITHER only. The IRP is freed after completion; Event
 * (optional) is set and IoStatusBlock filled then. PASSIVE_LEVEL. */
NTSYSAPI PIRP NTAPI IoBuildDeviceIoControlRequest(
    ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
    ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
    BOOLEAN InternalDeviceIoControl, PKEVENT Event,
    PIO_STATUS_BLOCK IoStatusBlock);

/* PASSIVE_LEVEL. Extension zeroed; DO_DEVICE_INITIALIZING set; StackSize 1.
 * DeviceName may be NULL. Tag 'DevO'. */
NTSYSAPI NTSTATUS NTAPI IoCreateDevice(PDRIVER_OBJECT DriverObject,
                                       ULONG DeviceExtensionSize,
                                       PUNICODE_STRING DeviceName,
                                       ULONG DeviceType,
                                       ULONG DeviceCharacteristics,
                                       BOOLEAN Exclusive,
                                       PDEVICE_OBJECT *DeviceObject);
NTSYSAPI VOID NTAPI IoDeleteDevice(PDEVICE_OBJECT DeviceObject);
/* Returns the device that was on top (the one to forward IRPs to). */
NTSYSAPI PDEVICE_OBJECT NTAPI IoAttachDeviceToDeviceStack(
    PDEVICE_OBJECT SourceDevice, PDEVICE_OBJECT TargetDevice);
NTSYSAPI VOID NTAPI IoDetachDevice(PDEVICE_OBJECT TargetDevice);
NTSYSAPI PDEVICE_OBJECT NTAPI IoGetAttachedDeviceReference(
    PDEVICE_OBJECT DeviceObject);
NTSYSAPI PDEVICE_OBJECT NTAPI IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject);
NTSYSAPI PDRIVER_EXTENSION NTAPI IoGetDriverExtension(PDRIVER_OBJECT Driver);
/* PDOs only. Deviation: supports DeviceDescription, FriendlyName, HardwareID,
 * BusNumber, Address, LegacyBusType, PhysicalDeviceObjectName,
 * EnumeratorName, Manufacturer; others STATUS_INVALID_PARAMETER_2-like
 * STATUS_INVALID_PARAMETER. Short buffer: STATUS_BUFFER_TOO_SMALL and the
 * needed size in ResultLength. Strings are WCHAR with terminator. */
NTSYSAPI NTSTATUS NTAPI IoGetDeviceProperty(
    PDEVICE_OBJECT DeviceObject, DEVICE_REGISTRY_PROPERTY DeviceProperty,
    ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength);
/* Device interfaces: a table of (class GUID, PDO, reference string) with an
 * enabled flag. SymbolicLinkName receives Windows' form
 * "\??\<device instance path, '\' as '#'>#{guid, lower case}\<ref>", e.g.
 * \??\PCI#VEN_1AF4&DEV_10F0&SUBSYS_11001AF4&REV_01#3&267A616A&0&20#{...}\Wave
 * (pool, free with RtlFreeUnicodeString). */
NTSYSAPI NTSTATUS NTAPI IoRegisterDeviceInterface(
    PDEVICE_OBJECT PhysicalDeviceObject, const GUID *InterfaceClassGuid,
    PUNICODE_STRING ReferenceString, PUNICODE_STRING SymbolicLinkName);
NTSYSAPI NTSTATUS NTAPI IoSetDeviceInterfaceState(
    PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable);
/* REG_MULTI_SZ-style list of enabled links (pool tag 'DevI', ExFreePool). */
NTSYSAPI NTSTATUS NTAPI IoGetDeviceInterfaces(
    const GUID *InterfaceClassGuid, PDEVICE_OBJECT PhysicalDeviceObject,
    ULONG Flags, PZZWSTR *SymbolicLinkList);
#define DEVICE_INTERFACE_INCLUDE_NONACTIVE 0x00000001

/* Deviation: the object manager counts references on device objects and on
 * the events of ZwCreateEvent only (other objects answer 1 and are never
 * freed through it). */
NTSYSAPI LONG_PTR NTAPI ObfReferenceObject(PVOID Object);
NTSYSAPI LONG_PTR NTAPI ObfDereferenceObject(PVOID Object);
#define ObReferenceObject(Object) ObfReferenceObject(Object)
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)

typedef struct _OBJECT_TYPE *POBJECT_TYPE;
typedef struct _OBJECT_HANDLE_INFORMATION {
    ULONG HandleAttributes;
    ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;
/* Deviation: events are the only object type a driver can name. */
extern POBJECT_TYPE *ExEventObjectType;
/* STATUS_INVALID_HANDLE for a handle not open, or any handle from
 * UserMode (all handles are kernel handles); STATUS_OBJECT_TYPE_MISMATCH
 * when ObjectType is not NULL and the object is of another type.
 * Deviation: with a NULL ObjectType a file or key handle gives the runtime's
 * own handle object, not a FILE_OBJECT or key object. */
NTSYSAPI NTSTATUS NTAPI ObReferenceObjectByHandle(
    HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
    KPROCESSOR_MODE AccessMode, PVOID *Object,
    POBJECT_HANDLE_INFORMATION HandleInformation);

/* ---- Power ------------------------------------------------------------ */

NTSYSAPI POWER_STATE NTAPI PoSetPowerState(PDEVICE_OBJECT DeviceObject,
                                           POWER_STATE_TYPE Type,
                                           POWER_STATE State);
NTSYSAPI VOID NTAPI PoStartNextPowerIrp(PIRP Irp);
NTSYSAPI NTSTATUS NTAPI PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp);

typedef VOID (NTAPI *PREQUEST_POWER_COMPLETE)(
    PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState,
    PVOID Context, PIO_STATUS_BLOCK IoStatus);

/*
 * Deviation: IRP_MN_WAIT_WAKE is refused (STATUS_INVALID_PARAMETER_2): no
 * device of the runtime signals PME.
 */
NTSYSAPI NTSTATUS NTAPI PoRequestPowerIrp(
    PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState,
    PREQUEST_POWER_COMPLETE CompletionFunction, PVOID Context, PIRP *Irp);

/*
 * Idle detection: timeouts in seconds; NULL when detection is off (a zero
 * timeout for the policy in effect), else the idle counter the busy calls
 * take. PoSetDeviceBusy restarts the countdown; a PoStartDeviceBusy without
 * its PoEndDeviceBusy holds it.
 */
NTSYSAPI PULONG NTAPI PoRegisterDeviceForIdleDetection(
    PDEVICE_OBJECT DeviceObject, ULONG ConservationIdleTime,
    ULONG PerformanceIdleTime, DEVICE_POWER_STATE State);
NTSYSAPI VOID NTAPI PoSetDeviceBusyEx(PULONG IdlePointer);
NTSYSAPI VOID NTAPI PoStartDeviceBusy(PULONG IdlePointer);
NTSYSAPI VOID NTAPI PoEndDeviceBusy(PULONG IdlePointer);
#define PoSetDeviceBusy(IdlePointer) \
    ((void)(*(volatile ULONG *)(IdlePointer) = 0))

/* ---- DMA adapters (bus-master common buffers only) --------------------- */

#define DEVICE_DESCRIPTION_VERSION 0
#define DEVICE_DESCRIPTION_VERSION1 1
#define DEVICE_DESCRIPTION_VERSION2 2

typedef enum _DMA_WIDTH { Width8Bits, Width16Bits, Width32Bits, Width64Bits,
                          WidthNoWrap, MaximumDmaWidth } DMA_WIDTH;
typedef enum _DMA_SPEED { Compatible, TypeA, TypeB, TypeC, TypeF,
                          MaximumDmaSpeed } DMA_SPEED;

typedef struct _DEVICE_DESCRIPTION {
    ULONG Version;
    BOOLEAN Master;
    BOOLEAN ScatterGather;
    BOOLEAN DemandMode;
    BOOLEAN AutoInitialize;
    BOOLEAN Dma32BitAddresses;
    BOOLEAN IgnoreCount;
    BOOLEAN Reserved1;
    BOOLEAN Dma64BitAddresses;
    ULONG BusNumber;
    ULONG DmaChannel;
    INTERFACE_TYPE InterfaceType;
    DMA_WIDTH DmaWidth;
    DMA_SPEED DmaSpeed;
    ULONG MaximumLength;
    ULONG DmaPort;
    ULONG DmaAddressWidth;
    ULONG DmaControllerInstance;
    ULONG DmaRequestLine;
    PHYSICAL_ADDRESS DeviceAddress;
} DEVICE_DESCRIPTION, *PDEVICE_DESCRIPTION;

struct _DMA_ADAPTER;
typedef VOID NTAPI PUT_DMA_ADAPTER(struct _DMA_ADAPTER *DmaAdapter);
typedef PVOID NTAPI ALLOCATE_COMMON_BUFFER(struct _DMA_ADAPTER *DmaAdapter,
                                           ULONG Length,
                                           PPHYSICAL_ADDRESS LogicalAddress,
                                           BOOLEAN CacheEnabled);
typedef VOID NTAPI FREE_COMMON_BUFFER(struct _DMA_ADAPTER *DmaAdapter,
                                      ULONG Length,
                                      PHYSICAL_ADDRESS LogicalAddress,
                                      PVOID VirtualAddress,
                                      BOOLEAN CacheEnabled);
typedef ULONG NTAPI GET_DMA_ALIGNMENT(struct _DMA_ADAPTER *DmaAdapter);

/* Deviation: bus-master common buffers only; the slots of the other
 * operations are NULL and the list ends at GetDmaAlignment. */
typedef struct _DMA_OPERATIONS {
    ULONG Size;
    PUT_DMA_ADAPTER *PutDmaAdapter;
    ALLOCATE_COMMON_BUFFER *AllocateCommonBuffer;
    FREE_COMMON_BUFFER *FreeCommonBuffer;
    PVOID AllocateAdapterChannel;   /* not implemented: NULL */
    PVOID FlushAdapterBuffers;      /* not implemented: NULL */
    PVOID FreeAdapterChannel;       /* not implemented: NULL */
    PVOID FreeMapRegisters;         /* not implemented: NULL */
    PVOID MapTransfer;              /* not implemented: NULL */
    GET_DMA_ALIGNMENT *GetDmaAlignment;
} DMA_OPERATIONS, *PDMA_OPERATIONS;

typedef struct _DMA_ADAPTER {
    USHORT Version;
    USHORT Size;
    const DMA_OPERATIONS *DmaOperations;
} DMA_ADAPTER, *PDMA_ADAPTER;

/*
 * PASSIVE_LEVEL. Bus-master only (Master must be TRUE, else NULL). The
 * adapter's common buffers are MmAllocateContiguousMemory blocks limited by
 * Dma32BitAddresses/Dma64BitAddresses; LogicalAddress is the bus address
 * (equal to the physical address: no IOMMU). Tag 'DmaA'; PutDmaAdapter frees.
 */
NTSYSAPI PDMA_ADAPTER NTAPI IoGetDmaAdapter(
    PDEVICE_OBJECT PhysicalDeviceObject, PDEVICE_DESCRIPTION DeviceDescription,
    PULONG NumberOfMapRegisters);

/* ---- Object attributes and registry types --------------------------------
 * For the Zw routines (end of this file) and PortCls' registry objects; the
 * values are Windows'. */

typedef int CM_RESOURCE_TYPE;
/* Deviation: Windows' ADAPTER_OBJECT is opaque; here it is the DMA_ADAPTER. */
typedef struct _DMA_ADAPTER *PADAPTER_OBJECT;

#define OBJ_INHERIT             0x00000002
#define OBJ_CASE_INSENSITIVE    0x00000040
#define OBJ_OPENIF              0x00000080
#define OBJ_KERNEL_HANDLE       0x00000200
typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
#define InitializeObjectAttributes(p, n, a, r, s) \
    do { \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES); \
        (p)->RootDirectory = (r); \
        (p)->Attributes = (a); \
        (p)->ObjectName = (n); \
        (p)->SecurityDescriptor = (s); \
        (p)->SecurityQualityOfService = NULL; \
    } while (0)

#define REG_NONE        0
#define REG_SZ          1
#define REG_EXPAND_SZ   2
#define REG_BINARY      3
#define REG_DWORD       4
#define REG_MULTI_SZ    7
#define REG_QWORD       11
#define REG_OPTION_NON_VOLATILE 0x00000000
#define REG_OPTION_VOLATILE     0x00000001
#define REG_CREATED_NEW_KEY     0x00000001
#define REG_OPENED_EXISTING_KEY 0x00000002
#define KEY_QUERY_VALUE         0x0001
#define KEY_SET_VALUE           0x0002
#define KEY_CREATE_SUB_KEY      0x0004
#define KEY_ENUMERATE_SUB_KEYS  0x0008
#define KEY_READ                0x20019
#define KEY_WRITE               0x20006
#define KEY_ALL_ACCESS          0xF003F
typedef enum _KEY_INFORMATION_CLASS {
    KeyBasicInformation,
    KeyNodeInformation,
    KeyFullInformation
} KEY_INFORMATION_CLASS;
typedef struct _KEY_BASIC_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_BASIC_INFORMATION, *PKEY_BASIC_INFORMATION;
typedef struct _KEY_NODE_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;                  /* 0xFFFFFFFF: the key has no class */
    ULONG ClassLength;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_NODE_INFORMATION, *PKEY_NODE_INFORMATION;
typedef struct _KEY_FULL_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG TitleIndex;
    ULONG ClassOffset;
    ULONG ClassLength;
    ULONG SubKeys;
    ULONG MaxNameLen;
    ULONG MaxClassLen;
    ULONG Values;
    ULONG MaxValueNameLen;
    ULONG MaxValueDataLen;
    WCHAR Class[1];
} KEY_FULL_INFORMATION, *PKEY_FULL_INFORMATION;
C_ASSERT(FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) == 16);
C_ASSERT(FIELD_OFFSET(KEY_NODE_INFORMATION, Name) == 24);
C_ASSERT(FIELD_OFFSET(KEY_FULL_INFORMATION, Class) == 44);
typedef enum _KEY_VALUE_INFORMATION_CLASS {
    KeyValueBasicInformation,
    KeyValueFullInformation,
    KeyValuePartialInformation
} KEY_VALUE_INFORMATION_CLASS;
typedef struct _KEY_VALUE_BASIC_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_VALUE_BASIC_INFORMATION, *PKEY_VALUE_BASIC_INFORMATION;
typedef struct _KEY_VALUE_FULL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataOffset;
    ULONG DataLength;
    ULONG NameLength;
    WCHAR Name[1];
} KEY_VALUE_FULL_INFORMATION, *PKEY_VALUE_FULL_INFORMATION;
typedef struct _KEY_VALUE_PARTIAL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION, *PKEY_VALUE_PARTIAL_INFORMATION;

/* RtlQueryRegistryValues: RelativeTo and RTL_QUERY_REGISTRY_TABLE.Flags. */
#define RTL_REGISTRY_ABSOLUTE 0
#define RTL_REGISTRY_SERVICES 1
#define RTL_REGISTRY_CONTROL 2
#define RTL_REGISTRY_WINDOWS_NT 3
#define RTL_REGISTRY_DEVICEMAP 4
#define RTL_REGISTRY_USER 5
#define RTL_REGISTRY_MAXIMUM 6
#define RTL_REGISTRY_HANDLE 0x40000000
#define RTL_REGISTRY_OPTIONAL 0x80000000

#define RTL_QUERY_REGISTRY_SUBKEY 0x00000001
#define RTL_QUERY_REGISTRY_TOPKEY 0x00000002
#define RTL_QUERY_REGISTRY_REQUIRED 0x00000004
#define RTL_QUERY_REGISTRY_NOVALUE 0x00000008
#define RTL_QUERY_REGISTRY_NOEXPAND 0x00000010
#define RTL_QUERY_REGISTRY_DIRECT 0x00000020
#define RTL_QUERY_REGISTRY_DELETE 0x00000040
#define RTL_QUERY_REGISTRY_NOSTRING 0x00000080
#define RTL_QUERY_REGISTRY_TYPECHECK 0x00000100
#define RTL_QUERY_REGISTRY_TYPECHECK_SHIFT 24
#define RTL_QUERY_REGISTRY_TYPECHECK_MASK \
    (0xffu << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT)

typedef NTSTATUS NTAPI RTL_QUERY_REGISTRY_ROUTINE(PWSTR ValueName,
                                                  ULONG ValueType,
                                                  PVOID ValueData,
                                                  ULONG ValueLength,
                                                  PVOID Context,
                                                  PVOID EntryContext);
typedef RTL_QUERY_REGISTRY_ROUTINE *PRTL_QUERY_REGISTRY_ROUTINE;

/* A table ends with an entry whose QueryRoutine and Name are both NULL. */
typedef struct _RTL_QUERY_REGISTRY_TABLE {
    PRTL_QUERY_REGISTRY_ROUTINE QueryRoutine;
    ULONG Flags;
    PWSTR Name;
    PVOID EntryContext;
    ULONG DefaultType;
    PVOID DefaultData;
    ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE, *PRTL_QUERY_REGISTRY_TABLE;

/*
 * PASSIVE_LEVEL. As the DDI page: SUBKEY/TOPKEY move the current key,
 * DIRECT stores into EntryContext (a UNICODE_STRING for strings, allocated
 * from paged pool when its Buffer is NULL; the value itself up to a ULONG;
 * else a buffer led by its signed size), defaults apply when a value is
 * absent, REQUIRED without one is STATUS_OBJECT_NAME_NOT_FOUND, DELETE
 * removes the value after the query. Path is a key handle with
 * RTL_REGISTRY_HANDLE, else a path below the RelativeTo root of the
 * runtime's registry; a missing key is STATUS_OBJECT_NAME_NOT_FOUND, or
 * STATUS_SUCCESS with RTL_REGISTRY_OPTIONAL. Deviation: Environment is
 * ignored and REG_EXPAND_SZ data is passed unexpanded.
 */
NTSYSAPI NTSTATUS NTAPI RtlQueryRegistryValues(
    ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable,
    PVOID Context, PVOID Environment);

/* ---- Work items and versions ----------------------------------------- */

typedef enum _WORK_QUEUE_TYPE {
    CriticalWorkQueue,
    DelayedWorkQueue,
    HyperCriticalWorkQueue,
    NormalWorkQueue,
    BackgroundWorkQueue,
    RealTimeWorkQueue,
    SuperCriticalWorkQueue,
    MaximumWorkQueue,
    CustomPriorityWorkQueue = 32
} WORK_QUEUE_TYPE;

typedef struct _IO_WORKITEM *PIO_WORKITEM;
typedef VOID NTAPI IO_WORKITEM_ROUTINE(PDEVICE_OBJECT DeviceObject,
                                       PVOID Context);
typedef IO_WORKITEM_ROUTINE *PIO_WORKITEM_ROUTINE;

/*
 * IRQL <= DISPATCH_LEVEL. A queued item holds a reference on its device
 * object until its routine returns. Routines run one at a time in queue
 * order at PASSIVE_LEVEL, whenever the processor is at PASSIVE_LEVEL with
 * nothing else to do: when the IRQL drops to PASSIVE_LEVEL (after the DPCs),
 * while a passive-level wait idles and before PnP removes the devices at the
 * end of a scenario. Deviation: there is no worker
 * thread, so QueueType does not order items. Queuing an item that is still
 * queued, or freeing one, bugchecks DRIVER_VERIFIER_DETECTED_VIOLATION
 * (0x1002, item); a routine returning above PASSIVE_LEVEL bugchecks
 * WORKER_THREAD_RETURNED_AT_BAD_IRQL (routine, IRQL, item, context).
 */
NTSYSAPI PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject);
NTSYSAPI VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem,
                                    PIO_WORKITEM_ROUTINE WorkerRoutine,
                                    WORK_QUEUE_TYPE QueueType,
                                    PVOID Context);
NTSYSAPI VOID NTAPI IoFreeWorkItem(PIO_WORKITEM IoWorkItem);

/* The WDM version of current Windows (Windows 7 and later report 6.00). */
#define WDM_MAJORVERSION 0x06
#define WDM_MINORVERSION 0x00
NTSYSAPI BOOLEAN NTAPI IoIsWdmVersionAvailable(UCHAR MajorVersion,
                                               UCHAR MinorVersion);

/* ---- Kernel services drivers lean on -----------------------------------
 * Executive work items, files, registry keys and the wide-string helpers
 * (guest/nt/README.md "Kernel services"). Zw routines and
 * IoOpenDeviceRegistryKey need PASSIVE_LEVEL. */

#include <stdarg.h>

/* An executive work item: routine at PASSIVE_LEVEL, as the I/O ones. */
typedef VOID NTAPI WORKER_THREAD_ROUTINE(PVOID Parameter);
typedef WORKER_THREAD_ROUTINE *PWORKER_THREAD_ROUTINE;
typedef struct _WORK_QUEUE_ITEM {
    LIST_ENTRY List;
    PWORKER_THREAD_ROUTINE WorkerRoutine;
    volatile PVOID Parameter;
} WORK_QUEUE_ITEM, *PWORK_QUEUE_ITEM;
#define ExInitializeWorkItem(Item, Routine, Context) \
    do { \
        (Item)->WorkerRoutine = (Routine); \
        (Item)->Parameter = (Context); \
        (Item)->List.Flink = NULL; \
    } while (0)
/* IRQL <= DISPATCH_LEVEL; the same queue as IoQueueWorkItem. Queuing an
 * item that is still queued bugchecks WORKER_INVALID (1, item, type, 0). */
NTSYSAPI VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem,
                                    WORK_QUEUE_TYPE QueueType);
typedef VOID NTAPI IO_WORKITEM_ROUTINE_EX(PVOID IoObject, PVOID Context,
                                          PIO_WORKITEM IoWorkItem);
typedef IO_WORKITEM_ROUTINE_EX *PIO_WORKITEM_ROUTINE_EX;
/* A driver-allocated IO_WORKITEM of IoSizeofWorkItem() bytes; IoObject is
 * a device or driver object, referenced while the item is queued. */
NTSYSAPI ULONG NTAPI IoSizeofWorkItem(VOID);
NTSYSAPI VOID NTAPI IoInitializeWorkItem(PVOID IoObject,
                                         PIO_WORKITEM IoWorkItem);
NTSYSAPI VOID NTAPI IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem);
NTSYSAPI VOID NTAPI IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem,
                                      PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
                                      WORK_QUEUE_TYPE QueueType,
                                      PVOID Context);

/* Access rights (files, keys and events). */
#define DELETE                  0x00010000
#define READ_CONTROL            0x00020000
#define SYNCHRONIZE             0x00100000
#define STANDARD_RIGHTS_READ    READ_CONTROL
#define STANDARD_RIGHTS_WRITE   READ_CONTROL
#define STANDARD_RIGHTS_REQUIRED 0x000F0000
#define MAXIMUM_ALLOWED         0x02000000
#define EVENT_QUERY_STATE       0x0001
#define EVENT_MODIFY_STATE      0x0002
#define EVENT_ALL_ACCESS        (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)
#define GENERIC_READ            0x80000000u
#define GENERIC_WRITE           0x40000000
#define GENERIC_EXECUTE         0x20000000
#define GENERIC_ALL             0x10000000
#define FILE_READ_DATA          0x0001
#define FILE_LIST_DIRECTORY     0x0001
#define FILE_WRITE_DATA         0x0002
#define FILE_ADD_FILE           0x0002
#define FILE_APPEND_DATA        0x0004
#define FILE_READ_EA            0x0008
#define FILE_WRITE_EA           0x0010
#define FILE_EXECUTE            0x0020
#define FILE_READ_ATTRIBUTES    0x0080
#define FILE_WRITE_ATTRIBUTES   0x0100
#define FILE_ALL_ACCESS         (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF)
#define FILE_GENERIC_READ       (STANDARD_RIGHTS_READ | FILE_READ_DATA | \
                                 FILE_READ_ATTRIBUTES | FILE_READ_EA | \
                                 SYNCHRONIZE)
#define FILE_GENERIC_WRITE      (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | \
                                 FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                                 FILE_APPEND_DATA | SYNCHRONIZE)

#define FILE_SHARE_READ         0x00000001
#define FILE_SHARE_WRITE        0x00000002
#define FILE_SHARE_DELETE       0x00000004
#define FILE_ATTRIBUTE_READONLY 0x00000001
#define FILE_ATTRIBUTE_HIDDEN   0x00000002
#define FILE_ATTRIBUTE_DIRECTORY 0x00000010
#define FILE_ATTRIBUTE_ARCHIVE  0x00000020
#define FILE_ATTRIBUTE_NORMAL   0x00000080

/* CreateDisposition, and the IO_STATUS_BLOCK.Information it yields. */
#define FILE_SUPERSEDE          0x00000000
#define FILE_OPEN               0x00000001
#define FILE_CREATE             0x00000002
#define FILE_OPEN_IF            0x00000003
#define FILE_OVERWRITE          0x00000004
#define FILE_OVERWRITE_IF       0x00000005
#define FILE_MAXIMUM_DISPOSITION 0x00000005
#define FILE_SUPERSEDED         0x00000000
#define FILE_OPENED             0x00000001
#define FILE_CREATED            0x00000002
#define FILE_OVERWRITTEN        0x00000003
#define FILE_EXISTS             0x00000004
#define FILE_DOES_NOT_EXIST     0x00000005

/* CreateOptions. */
#define FILE_DIRECTORY_FILE             0x00000001
#define FILE_WRITE_THROUGH              0x00000002
#define FILE_SEQUENTIAL_ONLY            0x00000004
#define FILE_NO_INTERMEDIATE_BUFFERING  0x00000008
#define FILE_SYNCHRONOUS_IO_ALERT       0x00000010
#define FILE_SYNCHRONOUS_IO_NONALERT    0x00000020
#define FILE_NON_DIRECTORY_FILE         0x00000040
#define FILE_RANDOM_ACCESS              0x00000800
#define FILE_DELETE_ON_CLOSE            0x00001000

/* ByteOffset.LowPart values with HighPart -1. */
#define FILE_WRITE_TO_END_OF_FILE       0xffffffffu
#define FILE_USE_FILE_POINTER_POSITION  0xfffffffeu

typedef enum _FILE_INFORMATION_CLASS {
    FileDirectoryInformation = 1,
    FileBasicInformation = 4,
    FileStandardInformation = 5,
    FilePositionInformation = 14,
    FileEndOfFileInformation = 20,
    FileMaximumInformation = 80
} FILE_INFORMATION_CLASS, *PFILE_INFORMATION_CLASS;
typedef struct _FILE_STANDARD_INFORMATION {
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG NumberOfLinks;
    BOOLEAN DeletePending;
    BOOLEAN Directory;
} FILE_STANDARD_INFORMATION, *PFILE_STANDARD_INFORMATION;
typedef struct _FILE_POSITION_INFORMATION {
    LARGE_INTEGER CurrentByteOffset;
} FILE_POSITION_INFORMATION, *PFILE_POSITION_INFORMATION;
typedef struct _FILE_END_OF_FILE_INFORMATION {
    LARGE_INTEGER EndOfFile;
} FILE_END_OF_FILE_INFORMATION, *PFILE_END_OF_FILE_INFORMATION;
C_ASSERT(sizeof(FILE_STANDARD_INFORMATION) == 24);

typedef VOID NTAPI IO_APC_ROUTINE(PVOID ApcContext,
                                  PIO_STATUS_BLOCK IoStatusBlock,
                                  ULONG Reserved);
typedef IO_APC_ROUTINE *PIO_APC_ROUTINE;

/*
 * Files on drive C:, which is a folder of the host (guest/nt/README.md
 * "Files"): \SystemRoot\ is C:\Windows\, \??\C:\ and \DosDevices\C:\ name
 * C:\ itself. A file the guest writes lands in the run's output folder, a
 * file the host provides is read in place. Deviation: I/O is synchronous
 * (Event, ApcRoutine and Key are ignored), the host's files are read-only,
 * a file written in this run cannot be read back (STATUS_ACCESS_DENIED),
 * directories exist once named, names are printable ASCII.
 */
NTSYSAPI NTSTATUS NTAPI ZwCreateFile(PHANDLE FileHandle,
    ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
    PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER AllocationSize,
    ULONG FileAttributes, ULONG ShareAccess, ULONG CreateDisposition,
    ULONG CreateOptions, PVOID EaBuffer, ULONG EaLength);
NTSYSAPI NTSTATUS NTAPI ZwOpenFile(PHANDLE FileHandle,
    ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
    PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess, ULONG OpenOptions);
NTSYSAPI NTSTATUS NTAPI ZwReadFile(HANDLE FileHandle, HANDLE Event,
    PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
    PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
    PLARGE_INTEGER ByteOffset, PULONG Key);
NTSYSAPI NTSTATUS NTAPI ZwWriteFile(HANDLE FileHandle, HANDLE Event,
    PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
    PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer, ULONG Length,
    PLARGE_INTEGER ByteOffset, PULONG Key);
/* FileStandardInformation and FilePositionInformation; setting also
 * FileEndOfFileInformation. */
NTSYSAPI NTSTATUS NTAPI ZwQueryInformationFile(HANDLE FileHandle,
    PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
    FILE_INFORMATION_CLASS FileInformationClass);
NTSYSAPI NTSTATUS NTAPI ZwSetInformationFile(HANDLE FileHandle,
    PIO_STATUS_BLOCK IoStatusBlock, PVOID FileInformation, ULONG Length,
    FILE_INFORMATION_CLASS FileInformationClass);
/* Files and keys; STATUS_INVALID_HANDLE for anything else. */
NTSYSAPI NTSTATUS NTAPI ZwClose(HANDLE Handle);

/*
 * The registry: one in-memory tree from \Registry, shared with PortCls'
 * IRegistryKey. Deviation: it lives until the devices are removed at the
 * end of a scenario (nothing is saved), a device's keys go with its PDO.
 */
#define PLUGPLAY_REGKEY_DEVICE  1
#define PLUGPLAY_REGKEY_DRIVER  2
#define PLUGPLAY_REGKEY_CURRENT_HWPROFILE 4
#define REG_DWORD_LITTLE_ENDIAN 4
#define REG_DWORD_BIG_ENDIAN    5
#define REG_LINK                6
#define REG_QWORD_LITTLE_ENDIAN 11
#define KEY_NOTIFY              0x0010
#define KEY_CREATE_LINK         0x0020
#define KEY_EXECUTE             KEY_READ
NTSYSAPI NTSTATUS NTAPI IoOpenDeviceRegistryKey(PDEVICE_OBJECT DeviceObject,
    ULONG DevInstKeyType, ACCESS_MASK DesiredAccess, PHANDLE DeviceRegKey);
NTSYSAPI NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle,
    ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes);
NTSYSAPI NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle,
    ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes,
    ULONG TitleIndex, PUNICODE_STRING Class, ULONG CreateOptions,
    PULONG Disposition);
/* Too small for the fixed part: STATUS_BUFFER_TOO_SMALL, nothing written;
 * for the rest: STATUS_BUFFER_OVERFLOW, the fixed part and as much as fits.
 * *ResultLength is the size needed either way. */
NTSYSAPI NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle,
    PUNICODE_STRING ValueName,
    KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
    PVOID KeyValueInformation, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
    KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
    PVOID KeyValueInformation, ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle,
    PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type, PVOID Data,
    ULONG DataSize);
NTSYSAPI NTSTATUS NTAPI ZwDeleteValueKey(HANDLE KeyHandle,
                                         PUNICODE_STRING ValueName);
NTSYSAPI NTSTATUS NTAPI ZwQueryKey(HANDLE KeyHandle,
    KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
    ULONG Length, PULONG ResultLength);
NTSYSAPI NTSTATUS NTAPI ZwEnumerateKey(HANDLE KeyHandle, ULONG Index,
    KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation,
    ULONG Length, PULONG ResultLength);
/* A key with sub-keys: STATUS_CANNOT_DELETE. Handles still open on a
 * deleted key get STATUS_KEY_DELETED. */
NTSYSAPI NTSTATUS NTAPI ZwDeleteKey(HANDLE KeyHandle);
NTSYSAPI NTSTATUS NTAPI ZwFlushKey(HANDLE KeyHandle);

/* The C library's wide-string routines (WCHAR is wchar_t here). */
size_t wcslen(const wchar_t *s);
size_t wcsnlen(const wchar_t *s, size_t maxlen);
wchar_t *wcscpy(wchar_t *dest, const wchar_t *src);
wchar_t *wcsncpy(wchar_t *dest, const wchar_t *src, size_t n);
wchar_t *wcscat(wchar_t *dest, const wchar_t *src);
wchar_t *wcsncat(wchar_t *dest, const wchar_t *src, size_t n);
int wcscmp(const wchar_t *s1, const wchar_t *s2);
int wcsncmp(const wchar_t *s1, const wchar_t *s2, size_t n);
int _wcsicmp(const wchar_t *s1, const wchar_t *s2);
int _wcsnicmp(const wchar_t *s1, const wchar_t *s2, size_t n);
wchar_t *wcschr(const wchar_t *s, wchar_t c);
wchar_t *wcsrchr(const wchar_t *s, wchar_t c);
wchar_t *wcsstr(const wchar_t *haystack, const wchar_t *needle);

/* Base 0 reads a 0x, 0o or 0b prefix (else decimal); 2, 8, 10, 16 are the
 * others. STATUS_INVALID_PARAMETER for another base. */
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String,
                                                  ULONG Base, PULONG Value);
/* STATUS_BUFFER_OVERFLOW when the digits do not fit MaximumLength. */
NTSYSAPI NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base,
                                                  PUNICODE_STRING String);
NTSYSAPI BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1,
                                              PCUNICODE_STRING String2,
                                              BOOLEAN CaseInSensitive);
NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter);

EXTERN_C_END

#endif /* WDM_H */
