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

typedef struct _IO_WORKITEM {
    LIST_ENTRY Link;
    PDEVICE_OBJECT DeviceObject;
    PIO_WORKITEM_ROUTINE Routine;
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

PIO_WORKITEM NTAPI IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
    PIO_WORKITEM item = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*item),
                                           IOP_WORKITEM_TAG);

    if (item != NULL) {
        item->DeviceObject = DeviceObject;
    }
    return item;
}

VOID NTAPI IoQueueWorkItem(PIO_WORKITEM IoWorkItem,
                           PIO_WORKITEM_ROUTINE WorkerRoutine,
                           WORK_QUEUE_TYPE QueueType, PVOID Context)
{
    unsigned long flags;

    UNREFERENCED_PARAMETER(QueueType);
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)IoWorkItem, KiIrql,
                     0, KiCaller());
    }
    if (IoWorkItem->Queued) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_WORKITEM_MISUSE, (ULONG_PTR)IoWorkItem,
                     (ULONG_PTR)WorkerRoutine, KiCaller());
    }
    ObReferenceObject(IoWorkItem->DeviceObject);
    IoWorkItem->Routine = WorkerRoutine;
    IoWorkItem->Context = Context;
    IoWorkItem->Queued = TRUE;
    flags = arch_intr_save();
    InsertTailList(&IopWorkQueue, &IoWorkItem->Link);
    arch_intr_restore(flags);
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
        PIO_WORKITEM item = NULL;
        PDEVICE_OBJECT device;
        PIO_WORKITEM_ROUTINE routine;
        PVOID context;

        if (!IsListEmpty(&IopWorkQueue)) {
            item = CONTAINING_RECORD(RemoveHeadList(&IopWorkQueue),
                                     IO_WORKITEM, Link);
            item->Queued = FALSE;
        }
        arch_intr_restore(flags);
        if (item == NULL) {
            break;
        }
        device = item->DeviceObject;
        routine = item->Routine;
        context = item->Context;
        routine(device, context);
        if (KiIrql != PASSIVE_LEVEL) {
            KeBugCheckEx(WORKER_THREAD_RETURNED_AT_BAD_IRQL,
                         (ULONG_PTR)routine, KiIrql, (ULONG_PTR)item,
                         (ULONG_PTR)context);
        }
        ObDereferenceObject(device);
    }
    IopWorkRunning = FALSE;
}

BOOLEAN NTAPI IoIsWdmVersionAvailable(UCHAR MajorVersion, UCHAR MinorVersion)
{
    return MajorVersion < WDM_MAJORVERSION ||
           (MajorVersion == WDM_MAJORVERSION &&
            MinorVersion <= WDM_MINORVERSION);
}
