/* SPDX-License-Identifier: MIT */
/*
 * PcDispatchIrp, the target of every major function: create of filters and
 * pins, close, device controls to the file object's target; PnP and power
 * go to their own files.
 */
#include "private.h"

/* Filter create names the subdevice ("\Wave"); pin create comes relative to
 * a filter's file object. */
static NTSTATUS PcpDispatchCreate(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PFILE_OBJECT parent;
    UNICODE_STRING name;
    ULONG i;

    if (file == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    parent = file->RelatedFileObject;
    if (parent != NULL && parent->FsContext != NULL) {
        PCP_IRP_TARGET *target = parent->FsContext;

        if (PcpTargetFilter != target->Kind ||
            !KspIsPinCreateName(&file->FileName)) {
            return STATUS_INVALID_DEVICE_REQUEST;
        }
        return PcpFilterCreatePin(CONTAINING_RECORD(target, PCP_FILTER,
                                                    Target), file);
    }
    name = file->FileName;
    if (name.Length != 0 && name.Buffer[0] == L'\\') {
        name.Buffer++;
        name.Length -= sizeof(WCHAR);
        name.MaximumLength -= sizeof(WCHAR);
    }
    for (i = 0; i < Ext->SubdeviceCount; i++) {
        UNICODE_STRING have;

        RtlInitUnicodeString(&have, Ext->Subdevices[i].Name);
        if (RtlEqualUnicodeString(&have, &name, TRUE)) {
            return PcpFilterCreate(Ext->Subdevices[i].Common, file);
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS NTAPI PcDispatchIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PCP_IRP_TARGET *target = NULL;
    NTSTATUS status;

    if (stack->FileObject != NULL) {
        target = stack->FileObject->FsContext;
    }
    if (ext == NULL && !(stack->MajorFunction == IRP_MJ_CLOSE &&
                         target != NULL)) {
        /* a file object may outlive the device's removal: let it close */
        status = STATUS_INVALID_DEVICE_REQUEST;
        goto complete;
    }
    Irp->IoStatus.Information = 0;
    if (ext != NULL && ext->Removed &&
        (stack->MajorFunction == IRP_MJ_CREATE ||
         stack->MajorFunction == IRP_MJ_DEVICE_CONTROL)) {
        status = STATUS_DEVICE_REMOVED;
        goto complete;
    }
    switch (stack->MajorFunction) {
    case IRP_MJ_PNP:
        return PcpDispatchPnp(DeviceObject, ext, Irp);
    case IRP_MJ_POWER:
        return PcpDispatchPower(ext, Irp);
    case IRP_MJ_SYSTEM_CONTROL:
        return PcpForwardAndForget(ext, Irp);
    case IRP_MJ_CREATE:
        PcpIdleAccess(DeviceObject, ext);
        status = PcpDispatchCreate(ext, Irp);
        break;
    case IRP_MJ_CLOSE:
        if (target != NULL) {
            stack->FileObject->FsContext = NULL;
            target->Ops->Close(target);
        }
        status = STATUS_SUCCESS;
        break;
    case IRP_MJ_CLEANUP:
    case IRP_MJ_FLUSH_BUFFERS:
        status = STATUS_SUCCESS;
        break;
    case IRP_MJ_DEVICE_CONTROL:
        if (target == NULL) {
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
        PcpIdleAccess(DeviceObject, ext);
        status = target->Ops->DeviceIoControl(target, Irp);
        if (status == STATUS_PENDING) {
            return status;
        }
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
complete:
    if (!NT_SUCCESS(status) && status != STATUS_BUFFER_OVERFLOW) {
        Irp->IoStatus.Information = 0;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
