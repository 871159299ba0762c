/* SPDX-License-Identifier: MIT */
/*
 * I/O work items. There is no worker thread: the queue is drained at
 * PASSIVE_LEVEL whenever the processor gets there with nothing else to do
 * (lowerirql.c after the DPCs, wait.c before it idles), one item at a time in
 * queue order. The queue is guarded by disabling interrupts, so items may
 * be queued from DPCs.
 */
#include "ki.h"

#define IOP_WORKITEM_TAG 'IWoI'  /* "IoWI" */
/* DRIVER_VERIFIER_DETECTED_VIOLATION subcode: the runtime's own. */
#define VERIFIER_WORKITEM_MISUSE 0x1002

/* As on Windows, an I/O work item is an executive one (WorkItem) whose
 * routine calls the driver's and then drops the object reference. */
typedef struct _IO_WORKITEM {
    WORK_QUEUE_ITEM WorkItem;
    PVOID IoObject;
    PIO_WORKITEM_ROUTINE Routine;
    PIO_WORKITEM_ROUTINE_EX RoutineEx;
    PVOID Context;
    BOOLEAN Queued;
} IO_WORKITEM;

static LIST_ENTRY IopWorkQueue;
static BOOLEAN IopWorkRunning;

VOID IopInitializeWorkItems(VOID)
{
    InitializeListHead(&IopWorkQueue);
    IopWorkRunning = FALSE;
}

/* Any IRQL <= DISPATCH_LEVEL. List.Flink is NULL whenever the item is not
 * queued (ExInitializeWorkItem, and the runner before the routine). */
VOID NTAPI ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem,
                           WORK_QUEUE_TYPE QueueType)
{
    unsigned long flags;

    UNREFERENCED_PARAMETER(QueueType);
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)WorkItem, KiIrql,
                     0, KiCaller());
    }
    if (WorkItem->List.Flink != NULL) {
        KeBugCheckEx(WORKER_INVALID, 1, (ULONG_PTR)WorkItem,
                     (ULONG_PTR)QueueType, 0);
    }
    flags = arch_intr_save();
    InsertTailList(&IopWorkQueue, &WorkItem->List);
    arch_intr_restore(flags);
}

ULONG NTAPI IoSizeofWorkItem(VOID)
{
    return sizeof(IO_WORKITEM);
}

VOID NTAPI IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem)
{
    RtlZeroMemory(IoWorkItem, sizeof(*IoWorkItem));
    IoWorkItem->IoObject = IoObject;
}

VOID NTAPI IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem)
{
    if (IoWorkItem->Queued) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_WORKITEM_MISUSE, (ULONG_PTR)IoWorkItem, 0,
                     KiCaller());
    }
}

PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
    PIO_WORKITEM item = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*item),
                                           IOP_WORKITEM_TAG);

    if (item != NULL) {
        IoInitializeWorkItem(DeviceObject, item);
    }
    return item;
}

static VOID NTAPI IopProcessWorkItem(PVOID Parameter)
{
    PIO_WORKITEM item = Parameter;
    PVOID object = item->IoObject;
    PIO_WORKITEM_ROUTINE routine = item->Routine;
    PIO_WORKITEM_ROUTINE_EX routineEx = item->RoutineEx;
    PVOID context = item->Context;

    /* The routine may free or re-queue its item: nothing of it is read
     * after the call. */
    item->Queued = FALSE;
    if (routineEx != NULL) {
        routineEx(object, context, item);
    } else {
        routine(object, context);
    }
    if (KiIrql != PASSIVE_LEVEL) {
        KeBugCheckEx(WORKER_THREAD_RETURNED_AT_BAD_IRQL,
                     routineEx != NULL ? (ULONG_PTR)routineEx
                                       : (ULONG_PTR)routine,
                     KiIrql, (ULONG_PTR)item, (ULONG_PTR)context);
    }
    ObDereferenceObject(object);
}

static VOID IopQueue(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE Routine,
                     PIO_WORKITEM_ROUTINE_EX RoutineEx,
                     WORK_QUEUE_TYPE QueueType, PVOID Context,
                     ULONG_PTR Caller)
{
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)IoWorkItem, KiIrql,
                     0, Caller);
    }
    if (IoWorkItem->Queued) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_WORKITEM_MISUSE, (ULONG_PTR)IoWorkItem,
                     (ULONG_PTR)(Routine != NULL ? (PVOID)Routine
                                                 : (PVOID)RoutineEx),
                     Caller);
    }
    ObReferenceObject(IoWorkItem->IoObject);
    IoWorkItem->Routine = Routine;
    IoWorkItem->RoutineEx = RoutineEx;
    IoWorkItem->Context = Context;
    IoWorkItem->Queued = TRUE;
    ExInitializeWorkItem(&IoWorkItem->WorkItem, IopProcessWorkItem,
                         IoWorkItem);
    ExQueueWorkItem(&IoWorkItem->WorkItem, QueueType);
}

VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem,
                           PIO_WORKITEM_ROUTINE WorkerRoutine,
                           WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueue(IoWorkItem, WorkerRoutine, NULL, QueueType, Context,
             KiCaller());
}

VOID NTAPI IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem,
                             PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
                             WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    IopQueue(IoWorkItem, NULL, WorkerRoutine, QueueType, Context,
             KiCaller());
}

VOID NTAPI IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
    if (IoWorkItem->Queued) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_WORKITEM_MISUSE, (ULONG_PTR)IoWorkItem, 0,
                     KiCaller());
    }
    ExFreePoolWithTag(IoWorkItem, IOP_WORKITEM_TAG);
}

BOOLEAN KiWorkItemsPending(VOID)
{
    return !IsListEmpty(&IopWorkQueue) && !IopWorkRunning;
}

/* The routine may free or re-queue its item, so nothing of the item is
 * touched after the call. */
VOID KiRunWorkItems(VOID)
{
    if (KiIrql != PASSIVE_LEVEL || IopWorkRunning) {
        return;
    }
    IopWorkRunning = TRUE;
    for (;;) {
        unsigned long flags = arch_intr_save();
        PWORK_QUEUE_ITEM item = NULL;
        PWORKER_THREAD_ROUTINE routine;
        PVOID parameter;

        if (!IsListEmpty(&IopWorkQueue)) {
            item = CONTAINING_RECORD(RemoveHeadList(&IopWorkQueue),
                                     WORK_QUEUE_ITEM, List);
            item->List.Flink = NULL;
        }
        arch_intr_restore(flags);
        if (item == NULL) {
            break;
        }
        routine = item->WorkerRoutine;
        parameter = item->Parameter;
        routine(parameter);
        if (KiIrql != PASSIVE_LEVEL) {
            KeBugCheckEx(WORKER_THREAD_RETURNED_AT_BAD_IRQL,
                         (ULONG_PTR)routine, KiIrql, (ULONG_PTR)item,
                         (ULONG_PTR)parameter);
        }
    }
    IopWorkRunning = FALSE;
}

BOOLEAN NTAPI IoIsWdmVersionAvailable(UCHAR MajorVersion, UCHAR MinorVersion)
{
    return MajorVersion < WDM_MAJORVERSION ||
           (MajorVersion == WDM_MAJORVERSION &&
            MinorVersion <= WDM_MINORVERSION);
}
