/* SPDX-License-Identifier: MIT */
/*
 * Power: the adapter's IAdapterPowerManagement and IRP_MJ_POWER, which
 * forwards device power changes to it.
 */
#include "private.h"

NTSTATUS NTAPI PcRegisterAdapterPowerManagement(PUNKNOWN Unknown,
                                                PVOID PvContext)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(PvContext);
    PADAPTERPOWERMANAGEMENT pm = NULL;

    PAGED_CODE();
    if (ext == NULL || Unknown == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    /* an adapter without the interface simply gets no power callbacks */
    if (NT_SUCCESS(COM_CALL(Unknown, QueryInterface,
                            &IID_IAdapterPowerManagement, (PVOID *)&pm))) {
        COM_SAFE_RELEASE(&ext->PowerManagement);
        ext->PowerManagement = pm;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PcUnregisterAdapterPowerManagement(PDEVICE_OBJECT DeviceObject)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);

    PAGED_CODE();
    if (ext == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    COM_SAFE_RELEASE(&ext->PowerManagement);
    return STATUS_SUCCESS;
}

NTSTATUS PcpDispatchPower(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    if (stack->MinorFunction == IRP_MN_SET_POWER &&
        DevicePowerState == stack->Parameters.Power.Type) {
        if (Ext->PowerManagement != NULL) {
            COM_CALL(Ext->PowerManagement, PowerChangeState,
                     stack->Parameters.Power.State);
        }
        Ext->PowerState = stack->Parameters.Power.State.DeviceState;
    }
    if (stack->MinorFunction == IRP_MN_QUERY_POWER &&
        DevicePowerState == stack->Parameters.Power.Type &&
        Ext->PowerManagement != NULL) {
        NTSTATUS status = COM_CALL(Ext->PowerManagement,
                                   QueryPowerChangeState,
                                   stack->Parameters.Power.State);

        if (!NT_SUCCESS(status)) {
            Irp->IoStatus.Status = status;
            PoStartNextPowerIrp(Irp);
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return status;
        }
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    PoStartNextPowerIrp(Irp);
    if (Ext->LowerDeviceObject == NULL) {
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(Ext->LowerDeviceObject, Irp);
}
