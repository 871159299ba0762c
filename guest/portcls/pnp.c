/* SPDX-License-Identifier: MIT */
/*
 * IRP_MJ_PNP: START_DEVICE builds the resource list and calls the adapter's
 * StartDevice, REMOVE_DEVICE unregisters every subdevice and deletes the
 * FDO; the rest goes down the stack. Rebalance follows Microsoft's
 * "Implement PnP Rebalance for PortCls Audio Drivers": QUERY_STOP succeeds
 * only for an adapter whose IAdapterPnpManagement answers
 * PcRebalanceRemoveSubdevices; STOP stops every stream, calls PnpStop and
 * drops the subdevices; the next START is a fresh StartDevice. PASSIVE_LEVEL.
 */
#include "private.h"

static NTSTATUS PcpStartDevice(PDEVICE_OBJECT DeviceObject,
                               PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PRESOURCELIST resources = NULL;
    NTSTATUS status;

    status = PcForwardIrpSynchronous(DeviceObject, Irp);
    if (NT_SUCCESS(status)) {
        status = PcNewResourceList(
            &resources, NULL, NonPagedPoolNx,
            stack->Parameters.StartDevice.AllocatedResourcesTranslated,
            stack->Parameters.StartDevice.AllocatedResources);
    }
    if (NT_SUCCESS(status)) {
        status = Ext->StartDevice(DeviceObject, Irp, resources);
        if (NT_SUCCESS(status)) {
            COM_SAFE_RELEASE(&Ext->ResourceList);
            Ext->ResourceList = resources;
            Ext->PowerState = PowerDeviceD0;
            PcpQueryCapabilities(DeviceObject, Ext);
            PcpIdleRegister(DeviceObject, Ext);
        } else {
            COM_CALL(resources, Release);
        }
    }
    DPF(D_TERSE, "StartDevice 0x%08x", (unsigned)status);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS NTAPI PcRegisterAdapterPnpManagement(PUNKNOWN Unknown,
                                              PDEVICE_OBJECT DeviceObject)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);

    PAGED_CODE();
    if (ext == NULL || Unknown == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    return PcpReplaceAdapterInterface(Unknown, &IID_IAdapterPnpManagement,
                                      (PUNKNOWN *)&ext->PnpManagement);
}

NTSTATUS NTAPI PcUnregisterAdapterPnpManagement(PDEVICE_OBJECT DeviceObject)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);

    PAGED_CODE();
    if (ext == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    COM_SAFE_RELEASE(&ext->PnpManagement);
    return STATUS_SUCCESS;
}

static VOID PcpDropSubdevices(PDEVICE_OBJECT DeviceObject,
                              PCP_DEVICE_EXTENSION *Ext)
{
    while (Ext->SubdeviceCount != 0) {
        PcpUnregisterSubdevice(DeviceObject,
                               Ext->Subdevices[Ext->SubdeviceCount - 1].Port);
    }
}

/* Deviation: the status of a refused QUERY_STOP is not documented. */
static NTSTATUS PcpQueryStop(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    if (Ext->PnpManagement == NULL ||
        COM_CALL(Ext->PnpManagement, GetSupportedRebalanceType) !=
            PcRebalanceRemoveSubdevices) {
        DPF(D_TERSE, "QUERY_STOP refused: the adapter does not rebalance");
        Irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_UNSUCCESSFUL;
    }
    COM_CALL(Ext->PnpManagement, PnpQueryStop);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return PcpForwardAndForget(Ext, Irp);
}

/*
 * Streams stop (their queued IRPs are cancelled, as at any STOP, and they
 * are not restarted), the adapter releases its hardware in PnpStop, and
 * what it left registered goes: open pins answer STATUS_DEVICE_NOT_READY
 * until their clients close them.
 */
static NTSTATUS PcpStopDevice(PDEVICE_OBJECT DeviceObject,
                              PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PcpIdleUnregister(DeviceObject, Ext);
    PcpStopAllPins(Ext, STATUS_CANCELLED);
    if (Ext->PnpManagement != NULL) {
        COM_CALL(Ext->PnpManagement, PnpStop);
    }
    PcpDropSubdevices(DeviceObject, Ext);
    COM_SAFE_RELEASE(&Ext->ResourceList);
    DPF(D_TERSE, "stopped");
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return PcpForwardAndForget(Ext, Irp);
}

/*
 * The hardware is gone: streams stop, their queued IRPs complete with
 * STATUS_DEVICE_REMOVED, and every later create or request on the device's
 * files gets the same status (dispatch.c) until REMOVE.
 */
static NTSTATUS PcpSurpriseRemoval(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    Ext->Removed = TRUE;
    PcpStopAllPins(Ext, STATUS_DEVICE_REMOVED);
    DPF(D_TERSE, "surprise removal");
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return PcpForwardAndForget(Ext, Irp);
}

static NTSTATUS PcpRemoveDevice(PDEVICE_OBJECT DeviceObject,
                                PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PDEVICE_OBJECT lower = Ext->LowerDeviceObject;
    NTSTATUS status;

    PcpIdleUnregister(DeviceObject, Ext);
    PcpDropSubdevices(DeviceObject, Ext);
    COM_SAFE_RELEASE(&Ext->ResourceList);
    COM_SAFE_RELEASE(&Ext->PowerManagement);
    COM_SAFE_RELEASE(&Ext->PowerManagement2);
    COM_SAFE_RELEASE(&Ext->PnpManagement);
    PcpPowerForgetPins(Ext);
    ExFreePoolWithTag(Ext->Subdevices, PCP_TAG_ADAPTER);
    ExFreePoolWithTag(Ext->Connections, PCP_TAG_ADAPTER);
    Ext->Subdevices = NULL;
    Ext->Connections = NULL;
    Ext->Magic = 0;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);
    IoDetachDevice(lower);
    IoDeleteDevice(DeviceObject);
    return status;
}

NTSTATUS PcpDispatchPnp(PDEVICE_OBJECT DeviceObject,
                               PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
    case IRP_MN_START_DEVICE:
        return PcpStartDevice(DeviceObject, Ext, Irp);
    case IRP_MN_REMOVE_DEVICE:
        return PcpRemoveDevice(DeviceObject, Ext, Irp);
    case IRP_MN_QUERY_STOP_DEVICE:
        return PcpQueryStop(Ext, Irp);
    case IRP_MN_CANCEL_STOP_DEVICE:
        if (Ext->PnpManagement != NULL) {
            COM_CALL(Ext->PnpManagement, PnpCancelStop);
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return PcpForwardAndForget(Ext, Irp);
    case IRP_MN_STOP_DEVICE:
        return PcpStopDevice(DeviceObject, Ext, Irp);
    case IRP_MN_SURPRISE_REMOVAL:
        PcpIdleUnregister(DeviceObject, Ext);
        return PcpSurpriseRemoval(Ext, Irp);
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return PcpForwardAndForget(Ext, Irp);
    default:
        return PcpForwardAndForget(Ext, Irp);
    }
}
