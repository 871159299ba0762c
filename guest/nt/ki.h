/* SPDX-License-Identifier: MIT */
/*
 * Private state and helpers shared by the runtime's files (Ki = kernel core,
 * Exp = pool, Iop = I/O manager, Pnp = PnP manager). One processor: shared
 * state is guarded by disabling interrupts, never by spinning.
 */
#ifndef KI_H
#define KI_H

#include "arch.h"
#include "ntrt.h"

/* 2026-01-01 in 100 ns since 1601. */
#define KI_BOOT_SYSTEM_TIME 134116992000000000ull
#define KI_100NS_PER_MS 10000ull
#define KI_NS_PER_100NS 100ull

/* Driver Verifier subcodes of DRIVER_VERIFIER_DETECTED_VIOLATION (0xC4). */
#define VERIFIER_RAISE_IRQL_INVALID 0x30
#define VERIFIER_LOWER_IRQL_INVALID 0x31
#define VERIFIER_POOL_LEAK_ON_UNLOAD 0x62
#define VERIFIER_FAST_MUTEX_RECURSION 0x3c
#define VERIFIER_DEADLOCK 0x1001
/* DRIVER_VERIFIER_IOMANAGER_VIOLATION (0xC9) subcodes. */
#define VERIFIER_IO_COMPLETE_PENDING 0x0e
#define VERIFIER_IO_PENDING_NOT_MARKED 0x0a
/* BAD_POOL_CALLER (0xC2) subcodes. */
#define POOL_CALLER_DOUBLE_FREE 0x07
#define POOL_CALLER_ALLOC_IRQL 0x08
#define POOL_CALLER_FREE_IRQL 0x09
#define POOL_CALLER_WRONG_TAG 0x0a
#define POOL_CALLER_ZERO_TAG 0x9b
#define POOL_CALLER_BAD_ADDRESS 0x46

extern volatile KIRQL KiIrql;

static inline ULONG_PTR KiCaller(void)
{
    return (ULONG_PTR)__builtin_return_address(0);
}

/* Drains the DPC queue; caller is at DISPATCH_LEVEL. Runs each routine with
 * interrupts enabled. */
VOID KiRetireDpcList(VOID);
BOOLEAN KiDpcPending(VOID);
VOID KiInitializeDpcs(VOID);

VOID KiInitializeTimers(VOID);
BOOLEAN KiTimersPending(VOID);
VOID KiClockInterrupt(VOID);
/* Absolute interrupt time (100 ns) from a KeSetTimer/KeWait-style value. */
ULONGLONG KiDueTime(LONGLONG Value);

VOID KiInitializeInterrupts(VOID);
ULONG KiConnectedInterrupts(VOID);
VOID KiDispatchInterrupt(ULONG Vector);

VOID ExpInitializePool(VOID);
/* Raw heap (no tracking); Align is a power of two >= 16. */
PVOID ExpHeapAllocate(SIZE_T Size, SIZE_T Align);
VOID ExpHeapFree(PVOID P);
/* Tracked allocation with the given alignment of the returned pointer. */
PVOID ExpAllocateTracked(POOL_TYPE PoolType, SIZE_T Size, ULONG Tag,
                         SIZE_T Align, ULONG_PTR Caller);
VOID ExpFreeTracked(PVOID P, ULONG Tag, ULONG_PTR Caller);

VOID IopInitialize(VOID);
/* A NUL-terminated NonPagedPoolNx copy of Src, freed with the name tag. */
NTSTATUS IopCopyName(PUNICODE_STRING Dest, PCUNICODE_STRING Src);
VOID PnpInitialize(VOID);
VOID PoInitialize(VOID);
VOID PopInitializeIdle(VOID);
VOID PopIdleNoteState(PDEVICE_OBJECT DeviceObject, DEVICE_POWER_STATE State);
NTSTATUS PopSendPowerIrp(PDEVICE_OBJECT Target, UCHAR MinorFunction,
                         POWER_STATE_TYPE Type, POWER_STATE State,
                         PREQUEST_POWER_COMPLETE Complete, PVOID Context,
                         PKEVENT Done, PIO_STATUS_BLOCK IoStatus);
/* The PnP node behind a PDO, NULL for other devices. */
struct _PNP_DEVICE_NODE *PnpNodeFromPdo(PDEVICE_OBJECT Pdo);
NTSTATUS PnpQueryProperty(PDEVICE_OBJECT Pdo, DEVICE_REGISTRY_PROPERTY Property,
                          ULONG BufferLength, PVOID PropertyBuffer,
                          PULONG ResultLength);
/* "PCI\VEN_…\<instance>" of a PDO into Buffer; -1 if not a PDO. */
int PnpDeviceInstancePath(PDEVICE_OBJECT Pdo, PCHAR Buffer, SIZE_T Size);

VOID KiInitializeBugCheck(VOID);
/* Work items queued and not being run (the runner is not re-entered). */
BOOLEAN KiWorkItemsPending(VOID);
/* Runs the queued work items; returns at once above PASSIVE_LEVEL or when
 * already running them further up the stack. */
VOID KiRunWorkItems(VOID);
/* ctors.c: the static constructors of C++ drivers, once. */
VOID KiRunDriverConstructors(VOID);
VOID IopInitializeWorkItems(VOID);
/* Files (file.c): start-up, and forgetting the names seen at the end. */
VOID IopInitializeFiles(VOID);
VOID IopFreeFileNodes(VOID);

/* Console output with the virtual-time prefix, at any IRQL. */
VOID KiPrint(PCSTR Text, SIZE_T Length);
ULONG KiVPrint(PCSTR Format, va_list Args);
/* Writes a line break unless the console is at the start of a line. */
VOID KiPrintEndLine(VOID);
VOID KiInitializeDebugPrint(VOID);

#endif /* KI_H */
