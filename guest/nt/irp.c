/* SPDX-License-Identifier: MIT */
/*
 * IRPs: allocation, IoCallDriver, IoCompleteRequest with completion routines
 * and pending propagation, cancellation, and synchronous device-control
 * requests. An IRP belongs to whoever holds its current stack location;
 * completing one that no driver holds any more is a double completion.
 */
#include "ki.h"

#define IOP_IRP_TAG ' prI'      /* "Irp " */
#define IOP_BUFFER_TAG 'fBoI'   /* "IoBf" */
#define IOP_MDL_TAG ' ldM'      /* "Mdl " */

static KSPIN_LOCK IopCancelSpinLock;

VOID NTAPI IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
    RtlZeroMemory(Irp, PacketSize);
    Irp->Type = IO_TYPE_IRP;
    Irp->Size = PacketSize;
    Irp->StackCount = StackSize;
    Irp->CurrentLocation = (CHAR)(StackSize + 1);
    Irp->Tail.Overlay.CurrentStackLocation =
        (PIO_STACK_LOCATION)(Irp + 1) + StackSize;
    InitializeListHead(&Irp->ThreadListEntry);
}

PIRP NTAPI IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
    USHORT size;
    PIRP irp;

    UNREFERENCED_PARAMETER(ChargeQuota);
    if (StackSize < 1) {
        StackSize = 1;
    }
    size = IoSizeOfIrp(StackSize);
    irp = ExpAllocateTracked(NonPagedPoolNx, size, IOP_IRP_TAG, 16, KiCaller());
    if (irp) {
        IoInitializeIrp(irp, size, StackSize);
    }
    return irp;
}

VOID NTAPI IoReuseIrp(PIRP Irp, NTSTATUS Iostatus)
{
    UCHAR flags = Irp->AllocationFlags;

    IoInitializeIrp(Irp, Irp->Size, Irp->StackCount);
    Irp->AllocationFlags = flags;
    Irp->IoStatus.Status = Iostatus;
}

VOID NTAPI IoFreeIrp(PIRP Irp)
{
    if (Irp->Type != IO_TYPE_IRP) {
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp, 0, 0,
                     KiCaller());
    }
    Irp->Type = 0;
    ExpFreeTracked(Irp, IOP_IRP_TAG, KiCaller());
}

NTSTATUS NTAPI IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack;
    PDRIVER_DISPATCH dispatch;

    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Irp, KiIrql, 0,
                     KiCaller());
    }
    if (Irp->Type != IO_TYPE_IRP) {
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x1, (ULONG_PTR)Irp,
                     KiCaller(), 0);
    }
    if (Irp->CurrentLocation <= 1) {
        KeBugCheckEx(NO_MORE_IRP_STACK_LOCATIONS, (ULONG_PTR)Irp, 0, 0, 0);
    }
    IoSetNextIrpStackLocation(Irp);
    stack = IoGetCurrentIrpStackLocation(Irp);
    stack->DeviceObject = DeviceObject;
    dispatch = DeviceObject->DriverObject->MajorFunction[stack->MajorFunction];
    return dispatch(DeviceObject, Irp);
}

/* The I/O manager's part once every stack location is done. */
static VOID IopCompleteIrp(PIRP Irp)
{
    if ((Irp->Flags & IRP_BUFFERED_IO) && Irp->AssociatedIrp.SystemBuffer) {
        if ((Irp->Flags & IRP_INPUT_OPERATION) && Irp->UserBuffer &&
            NT_SUCCESS(Irp->IoStatus.Status) && Irp->IoStatus.Information) {
            RtlCopyMemory(Irp->UserBuffer, Irp->AssociatedIrp.SystemBuffer,
                          Irp->IoStatus.Information);
        }
        if (Irp->Flags & IRP_DEALLOCATE_BUFFER) {
            ExpFreeTracked(Irp->AssociatedIrp.SystemBuffer, IOP_BUFFER_TAG,
                           KiCaller());
            Irp->AssociatedIrp.SystemBuffer = NULL;
        }
    }
    if (Irp->MdlAddress &&
        (Irp->AllocationFlags & IRP_ALLOCATION_FREE_ON_COMPLETION)) {
        ExpFreeTracked(Irp->MdlAddress, IOP_MDL_TAG, KiCaller());
        Irp->MdlAddress = NULL;
    }
    if (Irp->UserIosb) {
        *Irp->UserIosb = Irp->IoStatus;
    }
    if (Irp->UserEvent) {
        KeSetEvent(Irp->UserEvent, IO_NO_INCREMENT, FALSE);
    }
    if (Irp->AllocationFlags & IRP_ALLOCATION_FREE_ON_COMPLETION) {
        IoFreeIrp(Irp);
    }
}

VOID NTAPI IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    PIO_STACK_LOCATION stack;

    UNREFERENCED_PARAMETER(PriorityBoost);
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)Irp, KiIrql, 0,
                     KiCaller());
    }
    if (Irp->Type != IO_TYPE_IRP || Irp->CurrentLocation > Irp->StackCount) {
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)Irp,
                     (ULONG_PTR)Irp->CurrentLocation, KiCaller(), 0);
    }
    if (Irp->IoStatus.Status == STATUS_PENDING) {
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION,
                     VERIFIER_IO_COMPLETE_PENDING, (ULONG_PTR)Irp, KiCaller(),
                     0);
    }
    if (Irp->CancelRoutine) {
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION, 0x26, (ULONG_PTR)Irp,
                     KiCaller(), (ULONG_PTR)Irp->CancelRoutine);
    }
    for (stack = IoGetCurrentIrpStackLocation(Irp);
         Irp->CurrentLocation <= Irp->StackCount; stack++) {
        NTSTATUS status = Irp->IoStatus.Status;
        UCHAR control = stack->Control;
        PIO_COMPLETION_ROUTINE routine = stack->CompletionRoutine;
        PVOID context = stack->Context;

        IoSkipCurrentIrpStackLocation(Irp);
        Irp->PendingReturned = (control & SL_PENDING_RETURNED) != 0;
        RtlZeroMemory(stack, sizeof(*stack));
        if (routine &&
            ((NT_SUCCESS(status) && (control & SL_INVOKE_ON_SUCCESS)) ||
             (!NT_SUCCESS(status) && (control & SL_INVOKE_ON_ERROR)) ||
             (Irp->Cancel && (control & SL_INVOKE_ON_CANCEL)))) {
            PDEVICE_OBJECT upper =
                Irp->CurrentLocation > Irp->StackCount
                    ? NULL
                    : IoGetCurrentIrpStackLocation(Irp)->DeviceObject;

            if (routine(upper, Irp, context) ==
                STATUS_MORE_PROCESSING_REQUIRED) {
                return;
            }
        } else if (Irp->PendingReturned &&
                   Irp->CurrentLocation <= Irp->StackCount) {
            IoMarkIrpPending(Irp);
        }
    }
    IopCompleteIrp(Irp);
}

VOID NTAPI IoAcquireCancelSpinLock(PKIRQL Irql)
{
    KeAcquireSpinLock(&IopCancelSpinLock, Irql);
}

VOID NTAPI IoReleaseCancelSpinLock(KIRQL Irql)
{
    KeReleaseSpinLock(&IopCancelSpinLock, Irql);
}

/* The cancel routine is called holding the cancel spin lock and must
 * release it (IoReleaseCancelSpinLock(Irp->CancelIrql)). */
BOOLEAN NTAPI IoCancelIrp(PIRP Irp)
{
    PDRIVER_CANCEL routine;
    KIRQL irql;

    IoAcquireCancelSpinLock(&irql);
    Irp->Cancel = TRUE;
    routine = IoSetCancelRoutine(Irp, NULL);
    if (!routine) {
        IoReleaseCancelSpinLock(irql);
        return FALSE;
    }
    Irp->CancelIrql = irql;
    routine(IoGetCurrentIrpStackLocation(Irp)->DeviceObject, Irp);
    return TRUE;
}

PIRP NTAPI IoBuildDeviceIoControlRequest(
    ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
    ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
    BOOLEAN InternalDeviceIoControl, PKEVENT Event,
    PIO_STATUS_BLOCK IoStatusBlock)
{
    PIRP irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);
    PIO_STACK_LOCATION next;
    ULONG method = METHOD_FROM_CTL_CODE(IoControlCode);

    if (!irp) {
        return NULL;
    }
    irp->AllocationFlags |= IRP_ALLOCATION_FREE_ON_COMPLETION;
    irp->RequestorMode = KernelMode;
    irp->UserIosb = IoStatusBlock;
    irp->UserEvent = Event;
    irp->UserBuffer = OutputBuffer;
    next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = InternalDeviceIoControl
                              ? IRP_MJ_INTERNAL_DEVICE_CONTROL
                              : IRP_MJ_DEVICE_CONTROL;
    next->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
    next->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
    next->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
    if (method == METHOD_NEITHER) {
        next->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
        return irp;
    }
    if (InputBufferLength ||
        (method == METHOD_BUFFERED && OutputBufferLength)) {
        ULONG len = method == METHOD_BUFFERED ? max(InputBufferLength,
                                                    OutputBufferLength)
                                              : InputBufferLength;
        PVOID buf = ExpAllocateTracked(NonPagedPoolNx, len, IOP_BUFFER_TAG, 16,
                                       KiCaller());

        if (!buf) {
            IoFreeIrp(irp);
            return NULL;
        }
        if (InputBuffer && InputBufferLength) {
            RtlCopyMemory(buf, InputBuffer, InputBufferLength);
        }
        irp->AssociatedIrp.SystemBuffer = buf;
        irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
        if (method == METHOD_BUFFERED && OutputBufferLength) {
            irp->Flags |= IRP_INPUT_OPERATION;
        }
    }
    if (method != METHOD_BUFFERED && OutputBuffer && OutputBufferLength) {
        PMDL mdl = ExpAllocateTracked(NonPagedPoolNx, sizeof(MDL), IOP_MDL_TAG,
                                      16, KiCaller());

        if (!mdl) {
            if (irp->AssociatedIrp.SystemBuffer) {
                ExpFreeTracked(irp->AssociatedIrp.SystemBuffer, IOP_BUFFER_TAG,
                               KiCaller());
            }
            IoFreeIrp(irp);
            return NULL;
        }
        RtlZeroMemory(mdl, sizeof(*mdl));
        mdl->Size = sizeof(MDL);
        mdl->MdlFlags = MDL_MAPPED_TO_SYSTEM_VA | MDL_PAGES_LOCKED;
        mdl->StartVa = PAGE_ALIGN(OutputBuffer);
        mdl->ByteOffset = BYTE_OFFSET(OutputBuffer);
        mdl->ByteCount = OutputBufferLength;
        mdl->MappedSystemVa = OutputBuffer;
        irp->MdlAddress = mdl;
    }
    return irp;
}
