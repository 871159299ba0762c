/* SPDX-License-Identifier: MIT */
/*
 * IRP_MJ_PNP: START_DEVICE builds the resource list and calls the adapter's
 * StartDevice, REMOVE_DEVICE unregisters every subdevice and deletes the
 * FDO; the rest goes down the stack. PASSIVE_LEVEL.
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
        } else {
            COM_CALL(resources, Release);
        }
    }
    DPF(D_TERSE, "StartDevice 0x%08x", (unsigned)status);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS PcpRemoveDevice(PDEVICE_OBJECT DeviceObject,
                                PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PDEVICE_OBJECT lower = Ext->LowerDeviceObject;
    NTSTATUS status;

    while (Ext->SubdeviceCount != 0) {
        PcpUnregisterSubdevice(DeviceObject,
                               Ext->Subdevices[Ext->SubdeviceCount - 1].Port);
    }
    COM_SAFE_RELEASE(&Ext->ResourceList);
    COM_SAFE_RELEASE(&Ext->PowerManagement);
    COM_SAFE_RELEASE(&Ext->PowerManagement2);
    PcpPowerForgetPins(Ext);
    PcpRegistryFree(Ext);
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
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return PcpForwardAndForget(Ext, Irp);
    default:
        return PcpForwardAndForget(Ext, Irp);
    }
}
