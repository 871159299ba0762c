/* SPDX-License-Identifier: MIT */
/*
 * The power manager's idle detection (PoRegisterDeviceForIdleDetection):
 * every second of the deterministic clock each registered device that is
 * not busy (PoStartDeviceBusy without its PoEndDeviceBusy) counts one more
 * idle second; PoSetDeviceBusy(Ex) puts the count back to 0. A count that
 * reaches the timeout while the device is in D0 (as its PoSetPowerState
 * calls tell) sends the registered IRP_MN_SET_POWER, once, from a work item
 * at PASSIVE_LEVEL (Windows sends it from a worker thread). Registration at
 * PASSIVE_LEVEL; the busy calls at any IRQL. PoSetPowerState, the drivers'
 * report of their device state, is here for it.
 */
#include "ki.h"

#define POP_IDLE_TAG 'ldIP'     /* "PIdl" */
#define POP_IDLE_TICK_MS 1000
#define POP_IDLE_TICK_100NS (POP_IDLE_TICK_MS * 10000ull)

typedef struct _POP_IDLE {
    LIST_ENTRY Link;
    PDEVICE_OBJECT Device;
    ULONG IdleCount;            /* seconds idle: the pointer handed out */
    ULONG Timeout;              /* seconds */
    LONG BusyCount;
    DEVICE_POWER_STATE State;
    DEVICE_POWER_STATE Current; /* as the driver last told PoSetPowerState */
    BOOLEAN Requested;          /* sent, the driver has not changed state */
    PIO_WORKITEM WorkItem;
} POP_IDLE;

static LIST_ENTRY PopIdleList;
static KTIMER PopIdleTimer;
static KDPC PopIdleDpc;
static ULONGLONG PopIdleLastTick;   /* interrupt time of the last tick */

/*
 * Deviation: the runtime keeps no power state per device object (only idle
 * detection hears of device states); the state given is returned as the
 * previous one.
 */
POWER_STATE NTAPI PoSetPowerState(PDEVICE_OBJECT DeviceObject,
                                  POWER_STATE_TYPE Type, POWER_STATE State)
{
    DPF(D_VERBOSE, "po: %p %s state %u", DeviceObject,
        Type == DevicePowerState ? "device" : "system",
        (unsigned)State.DeviceState);
    if (Type == DevicePowerState) {
        PopIdleNoteState(DeviceObject, State.DeviceState);
    }
    return State;
}

static VOID NTAPI PopIdleWork(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    POP_IDLE *idle = Context;
    POWER_STATE ps = { .DeviceState = idle->State };

    UNREFERENCED_PARAMETER(DeviceObject);
    DPF(D_TERSE, "po: idle for %u s: D%u requested", (unsigned)idle->Timeout,
        (unsigned)(idle->State - PowerDeviceD0));
    PoRequestPowerIrp(idle->Device, IRP_MN_SET_POWER, ps, NULL, NULL, NULL);
}

/* One DPC may stand for several ticks (a late one): each counts. */
static VOID NTAPI PopIdleTick(PKDPC Dpc, PVOID Context, PVOID Arg1,
                              PVOID Arg2)
{
    ULONGLONG ticks = ((ULONGLONG)KeQueryInterruptTime() - PopIdleLastTick) /
                      POP_IDLE_TICK_100NS;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    PopIdleLastTick += ticks * POP_IDLE_TICK_100NS;
    for (PLIST_ENTRY e = PopIdleList.Flink; e != &PopIdleList; e = e->Flink) {
        POP_IDLE *idle = CONTAINING_RECORD(e, POP_IDLE, Link);

        if (idle->BusyCount != 0) {
            continue;
        }
        idle->IdleCount += (ULONG)ticks;
        if (idle->IdleCount >= idle->Timeout && !idle->Requested &&
            idle->Current == PowerDeviceD0) {
            idle->Requested = TRUE;
            IoQueueWorkItem(idle->WorkItem, PopIdleWork, DelayedWorkQueue,
                            idle);
        }
    }
}

VOID PopInitializeIdle(VOID)
{
    InitializeListHead(&PopIdleList);
    KeInitializeTimerEx(&PopIdleTimer, NotificationTimer);
    KeInitializeDpc(&PopIdleDpc, PopIdleTick, NULL);
}

static POP_IDLE *PopFindIdle(PDEVICE_OBJECT DeviceObject)
{
    for (PLIST_ENTRY e = PopIdleList.Flink; e != &PopIdleList; e = e->Flink) {
        POP_IDLE *idle = CONTAINING_RECORD(e, POP_IDLE, Link);

        if (idle->Device == DeviceObject) {
            return idle;
        }
    }
    return NULL;
}

VOID PopIdleNoteState(PDEVICE_OBJECT DeviceObject, DEVICE_POWER_STATE State)
{
    POP_IDLE *idle = PopFindIdle(DeviceObject);

    if (idle != NULL) {
        idle->Current = State;
        idle->Requested = FALSE;
    }
}

static VOID PopCancelIdle(POP_IDLE *Idle)
{
    KIRQL oldIrql;

    KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
    RemoveEntryList(&Idle->Link);
    if (IsListEmpty(&PopIdleList)) {
        KeCancelTimer(&PopIdleTimer);
    }
    KeLowerIrql(oldIrql);
    /* a request already queued runs before the registration goes */
    KiRunWorkItems();
    IoFreeWorkItem(Idle->WorkItem);
    ExFreePoolWithTag(Idle, POP_IDLE_TAG);
}

/*
 * Deviation: the runtime's machine runs on AC power, so the performance
 * policy is in effect: PerformanceIdleTime applies, ConservationIdleTime is
 * kept by nobody; -1 (the device class's standard timeout) is not known
 * here and answers NULL, as an invalid timeout does.
 */
PULONG NTAPI PoRegisterDeviceForIdleDetection(PDEVICE_OBJECT DeviceObject,
                                              ULONG ConservationIdleTime,
                                              ULONG PerformanceIdleTime,
                                              DEVICE_POWER_STATE State)
{
    POP_IDLE *idle;
    LARGE_INTEGER due;
    KIRQL oldIrql;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ConservationIdleTime);
    idle = PopFindIdle(DeviceObject);
    if (PerformanceIdleTime == 0 || PerformanceIdleTime == (ULONG)-1 ||
        State <= PowerDeviceD0 || State >= PowerDeviceMaximum) {
        if (idle != NULL) {
            PopCancelIdle(idle);
        }
        return NULL;
    }
    if (idle == NULL) {
        idle = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*idle),
                                  POP_IDLE_TAG);
        if (idle == NULL) {
            return NULL;
        }
        idle->WorkItem = IoAllocateWorkItem(DeviceObject);
        if (idle->WorkItem == NULL) {
            ExFreePoolWithTag(idle, POP_IDLE_TAG);
            return NULL;
        }
        idle->Device = DeviceObject;
        idle->Current = PowerDeviceD0;
        KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
        if (IsListEmpty(&PopIdleList)) {
            PopIdleLastTick = (ULONGLONG)KeQueryInterruptTime();
            due.QuadPart = -(LONGLONG)POP_IDLE_TICK_100NS;
            KeSetTimerEx(&PopIdleTimer, due, POP_IDLE_TICK_MS, &PopIdleDpc);
        }
        InsertTailList(&PopIdleList, &idle->Link);
        KeLowerIrql(oldIrql);
    }
    idle->Timeout = PerformanceIdleTime;
    idle->State = State;
    idle->IdleCount = 0;
    return &idle->IdleCount;
}

VOID NTAPI PoSetDeviceBusyEx(PULONG IdlePointer)
{
    *(volatile ULONG *)IdlePointer = 0;
}

VOID NTAPI PoStartDeviceBusy(PULONG IdlePointer)
{
    CONTAINING_RECORD(IdlePointer, POP_IDLE, IdleCount)->BusyCount++;
}

VOID NTAPI PoEndDeviceBusy(PULONG IdlePointer)
{
    POP_IDLE *idle = CONTAINING_RECORD(IdlePointer, POP_IDLE, IdleCount);

    if (--idle->BusyCount == 0) {
        idle->IdleCount = 0;
    }
}
