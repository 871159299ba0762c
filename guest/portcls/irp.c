/* SPDX-License-Identifier: MIT */
/*
 * IRP helpers shared by the dispatch paths: completion, synchronous and
 * fire-and-forget forwarding to the lower device.
 */
#include "private.h"

NTSTATUS NTAPI PcCompleteIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                             NTSTATUS Status)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (Status == STATUS_PENDING) {
        return STATUS_INVALID_PARAMETER;
    }
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS NTAPI PcpSyncCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                        PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent(Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS NTAPI PcForwardIrpSynchronous(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    KEVENT event;
    NTSTATUS status;

    PAGED_CODE();
    if (ext == NULL || ext->LowerDeviceObject == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, PcpSyncCompletion, &event, TRUE, TRUE, TRUE);
    status = IoCallDriver(ext->LowerDeviceObject, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }
    return status;
}

NTSTATUS PcpForwardAndForget(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    NTSTATUS status;

    if (Ext->LowerDeviceObject == NULL) {
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Ext->LowerDeviceObject, Irp);
}
