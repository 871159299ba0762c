/* SPDX-License-Identifier: MIT */
/*
 * The power manager: the power IRPs the runtime sends (PoRequestPowerIrp and
 * the system transitions pnp.c drives) and Driver Verifier's check that every
 * driver a power IRP reached through PoCallDriver called PoStartNextPowerIrp
 * before the IRP completed (DRIVER_POWER_STATE_FAILURE 0x9F, 0x500). Callers
 * at PASSIVE_LEVEL; completion at <= DISPATCH_LEVEL.
 */
#include "ki.h"

#define POP_MAX_IRPS 4
#define POP_MAX_DRIVERS 8
#define POP_NO_POWER_START 0x500

typedef struct _POP_IRP {
    PIRP Irp;                       /* NULL: free */
    PDEVICE_OBJECT Target;          /* as given to PoRequestPowerIrp */
    UCHAR MinorFunction;
    POWER_STATE State;
    PREQUEST_POWER_COMPLETE Complete;
    PVOID Context;
    PKEVENT Done;                   /* a synchronous send waits on it */
    PIO_STATUS_BLOCK UserIosb;      /* ... and finds the status here */
    IO_STATUS_BLOCK IoStatus;
    ULONG Count;                    /* drivers PoCallDriver reached */
    PDEVICE_OBJECT Called[POP_MAX_DRIVERS];
    BOOLEAN Started[POP_MAX_DRIVERS];
} POP_IRP;

static POP_IRP PopIrps[POP_MAX_IRPS];

VOID PoInitialize(VOID)
{
    RtlZeroMemory(PopIrps, sizeof(PopIrps));
}

static POP_IRP *PopFind(PIRP Irp)
{
    for (ULONG i = 0; i < POP_MAX_IRPS; i++) {
        if (PopIrps[i].Irp == Irp) {
            return &PopIrps[i];
        }
    }
    return NULL;
}

/* Marks the driver holding the current stack location. */
VOID NTAPI PoStartNextPowerIrp(PIRP Irp)
{
    POP_IRP *p = PopFind(Irp);
    PDEVICE_OBJECT dev = IoGetCurrentIrpStackLocation(Irp)->DeviceObject;

    if (!p) {
        return;
    }
    for (ULONG i = 0; i < p->Count; i++) {
        if (p->Called[i] == dev) {
            p->Started[i] = TRUE;
        }
    }
}

NTSTATUS NTAPI PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    POP_IRP *p = PopFind(Irp);

    if (p && p->Count < POP_MAX_DRIVERS) {
        p->Started[p->Count] = FALSE;
        p->Called[p->Count++] = DeviceObject;
    }
    return IofCallDriver(DeviceObject, Irp);
}

static NTSTATUS NTAPI PopIrpCompleted(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                      PVOID Context)
{
    POP_IRP *p = Context;
    POP_IRP done;

    UNREFERENCED_PARAMETER(DeviceObject);
    for (ULONG i = 0; i < p->Count; i++) {
        if (!p->Started[i]) {
            KeBugCheckEx(DRIVER_POWER_STATE_FAILURE, POP_NO_POWER_START, 0,
                         (ULONG_PTR)p->Target, (ULONG_PTR)p->Called[i]);
        }
    }
    p->IoStatus = Irp->IoStatus;
    done = *p;
    RtlZeroMemory(p, sizeof(*p));
    IoFreeIrp(Irp);
    if (done.Complete) {
        done.Complete(done.Target, done.MinorFunction, done.State,
                      done.Context, &done.IoStatus);
    }
    if (done.UserIosb) {
        *done.UserIosb = done.IoStatus;
    }
    if (done.Done) {
        KeSetEvent(done.Done, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static POWER_ACTION PopAction(POWER_STATE_TYPE Type, POWER_STATE State)
{
    if (Type == DevicePowerState) {
        return PowerActionNone;
    }
    switch (State.SystemState) {
    case PowerSystemSleeping1:
    case PowerSystemSleeping2:
    case PowerSystemSleeping3:
        return PowerActionSleep;
    case PowerSystemHibernate:
        return PowerActionHibernate;
    case PowerSystemShutdown:
        return PowerActionShutdown;
    default:
        return PowerActionNone;
    }
}

/*
 * Sends a power IRP to the top of Target's stack; when it completes, Complete
 * runs, then IoStatus (optional) is filled and Done (optional) set.
 */
NTSTATUS PopSendPowerIrp(PDEVICE_OBJECT Target, UCHAR MinorFunction,
                         POWER_STATE_TYPE Type, POWER_STATE State,
                         PREQUEST_POWER_COMPLETE Complete, PVOID Context,
                         PKEVENT Done, PIO_STATUS_BLOCK IoStatus)
{
    PDEVICE_OBJECT top;
    PIO_STACK_LOCATION stack;
    POP_IRP *p = PopFind(NULL);
    PIRP irp;

    if (!p) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    top = IoGetAttachedDeviceReference(Target);
    irp = IoAllocateIrp(top->StackSize, FALSE);
    if (!irp) {
        ObDereferenceObject(top);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    p->Irp = irp;
    p->Target = Target;
    p->MinorFunction = MinorFunction;
    p->State = State;
    p->Complete = Complete;
    p->Context = Context;
    p->Done = Done;
    p->UserIosb = IoStatus;
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_POWER;
    stack->MinorFunction = MinorFunction;
    stack->Parameters.Power.Type = Type;
    stack->Parameters.Power.State = State;
    stack->Parameters.Power.ShutdownType = PopAction(Type, State);
    IoSetCompletionRoutine(irp, PopIrpCompleted, p, TRUE, TRUE, TRUE);
    PoCallDriver(top, irp);
    ObDereferenceObject(top);
    return STATUS_PENDING;
}

NTSTATUS NTAPI PoRequestPowerIrp(PDEVICE_OBJECT DeviceObject,
                                 UCHAR MinorFunction, POWER_STATE PowerState,
                                 PREQUEST_POWER_COMPLETE CompletionFunction,
                                 PVOID Context, PIRP *Irp)
{
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, 0, KiIrql, 0, KiCaller());
    }
    if (Irp) {
        *Irp = NULL;
    }
    if (MinorFunction != IRP_MN_SET_POWER &&
        MinorFunction != IRP_MN_QUERY_POWER) {
        return STATUS_INVALID_PARAMETER_2;
    }
    if (PowerState.DeviceState <= PowerDeviceUnspecified ||
        PowerState.DeviceState >= PowerDeviceMaximum) {
        return STATUS_INVALID_PARAMETER;
    }
    return PopSendPowerIrp(DeviceObject, MinorFunction, DevicePowerState,
                           PowerState, CompletionFunction, Context, NULL,
                           NULL);
}
