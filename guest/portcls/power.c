/* SPDX-License-Identifier: MIT */
/*
 * Power: the adapter's IAdapterPowerManagement(2) and IRP_MJ_POWER. PortCls
 * is the power policy owner of the adapter's stack: a system SET_POWER
 * becomes a device power IRP for the state the capabilities map it to,
 * requested with PoRequestPowerIrp, and the system IRP goes down when that
 * one is done. What a device power change does to pins and miniports is in
 * power_state.c. PASSIVE_LEVEL.
 */
#include "private.h"

/*
 * PASSIVE_LEVEL. Unknown's Iid (AddRef'd) replaces *Slot; the adapter
 * interfaces of power.c and pnp.c register through it.
 */
NTSTATUS PcpReplaceAdapterInterface(PUNKNOWN Unknown, REFIID Iid,
                                    PUNKNOWN *Slot)
{
    PUNKNOWN iface = NULL;
    NTSTATUS status;

    PAGED_CODE();
    status = COM_CALL(Unknown, QueryInterface, Iid, (PVOID *)&iface);
    if (NT_SUCCESS(status)) {
        COM_SAFE_RELEASE(Slot);
        *Slot = iface;
    }
    return status;
}

NTSTATUS NTAPI PcRegisterAdapterPowerManagement(PUNKNOWN Unknown,
                                                PVOID PvContext)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(PvContext);

    PAGED_CODE();
    if (ext == NULL || Unknown == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    /*
     * An adapter without the interface simply gets no power callbacks; the
     * second interface, when offered, replaces PowerChangeState.
     */
    PcpReplaceAdapterInterface(Unknown, &IID_IAdapterPowerManagement,
                               (PUNKNOWN *)&ext->PowerManagement);
    PcpReplaceAdapterInterface(Unknown, &IID_IAdapterPowerManagement2,
                               (PUNKNOWN *)&ext->PowerManagement2);
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
    COM_SAFE_RELEASE(&ext->PowerManagement2);
    return STATUS_SUCCESS;
}

static NTSTATUS PcpPowerPassDown(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PoStartNextPowerIrp(Irp);
    if (Ext->LowerDeviceObject == NULL) {
        NTSTATUS status = Irp->IoStatus.Status;

        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(Ext->LowerDeviceObject, Irp);
}

static NTSTATUS PcpPowerFail(PIRP Irp, NTSTATUS Status)
{
    PoStartNextPowerIrp(Irp);
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* The device state a system state maps to (D3 where the bus left none). */
static DEVICE_POWER_STATE PcpMapSystemState(PCP_DEVICE_EXTENSION *Ext,
                                            SYSTEM_POWER_STATE State)
{
    DEVICE_POWER_STATE d;

    if (State == PowerSystemWorking) {
        return PowerDeviceD0;
    }
    d = State < PowerSystemMaximum ? Ext->Capabilities.DeviceState[State] :
                                     PowerDeviceUnspecified;
    return d == PowerDeviceUnspecified ? PowerDeviceD3 : d;
}

/*
 * Down: pins and the adapter first, then the bus. Up: the bus first (the
 * device must be in D0 before anyone touches it), then the adapter and pins.
 * A change to the current state is passed down with no callbacks.
 */
static NTSTATUS PcpSetDevicePower(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT fdo = stack->DeviceObject;
    DEVICE_POWER_STATE d = stack->Parameters.Power.State.DeviceState;
    NTSTATUS status;

    if (d == Ext->PowerState || Ext->Removed) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return PcpPowerPassDown(Ext, Irp);
    }
    if (d == PowerDeviceD3) {
        PcpPowerDown(fdo, Ext, d);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return PcpPowerPassDown(Ext, Irp);
    }
    if (d != PowerDeviceD0) {
        /* D1/D2: not in the capabilities; the bus refuses it */
        return PcpPowerPassDown(Ext, Irp);
    }
    status = Ext->LowerDeviceObject == NULL ?
             STATUS_SUCCESS : PcForwardIrpSynchronous(fdo, Irp);
    if (NT_SUCCESS(status)) {
        PcpPowerUp(fdo, Ext);
    }
    return PcpPowerFail(Irp, status);
}

static VOID NTAPI PcpSystemPowerDeviceDone(PDEVICE_OBJECT DeviceObject,
                                           UCHAR MinorFunction,
                                           POWER_STATE PowerState,
                                           PVOID Context,
                                           PIO_STATUS_BLOCK IoStatus)
{
    PIRP systemIrp = Context;
    PCP_DEVICE_EXTENSION *ext =
        PcpGetExtension(IoGetCurrentIrpStackLocation(systemIrp)->DeviceObject);

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(MinorFunction);
    UNREFERENCED_PARAMETER(PowerState);
    if (!NT_SUCCESS(IoStatus->Status)) {
        PcpPowerFail(systemIrp, IoStatus->Status);
        return;
    }
    systemIrp->IoStatus.Status = STATUS_SUCCESS;
    PcpPowerPassDown(ext, systemIrp);
}

static NTSTATUS PcpSetSystemPower(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    SYSTEM_POWER_STATE s = stack->Parameters.Power.State.SystemState;
    POWER_STATE d = { .DeviceState = PcpMapSystemState(Ext, s) };
    NTSTATUS status;

    Ext->SystemState = s;
    if (d.DeviceState == Ext->PowerState || Ext->Removed) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return PcpPowerPassDown(Ext, Irp);
    }
    IoMarkIrpPending(Irp);
    status = PoRequestPowerIrp(Ext->PhysicalDeviceObject, IRP_MN_SET_POWER,
                               d, PcpSystemPowerDeviceDone, Irp, NULL);
    if (!NT_SUCCESS(status)) {
        PcpPowerFail(Irp, status);
    }
    return STATUS_PENDING;
}

/* A query the adapter refuses fails with the adapter's status. */
static NTSTATUS PcpQueryPower(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    POWER_STATE d = stack->Parameters.Power.State;

    if (stack->Parameters.Power.Type == SystemPowerState) {
        d.DeviceState = PcpMapSystemState(Ext, d.SystemState);
    }
    if (d.DeviceState != Ext->PowerState && !Ext->Removed &&
        Ext->PowerManagement != NULL) {
        NTSTATUS status = COM_CALL(Ext->PowerManagement,
                                   QueryPowerChangeState, d);

        if (!NT_SUCCESS(status)) {
            DPF(D_TERSE, "adapter refused D%u: 0x%08x",
                (unsigned)(d.DeviceState - PowerDeviceD0), (unsigned)status);
            return PcpPowerFail(Irp, status);
        }
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    return PcpPowerPassDown(Ext, Irp);
}

NTSTATUS PcpDispatchPower(PCP_DEVICE_EXTENSION *Ext, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    PAGED_CODE();
    switch (stack->MinorFunction) {
    case IRP_MN_SET_POWER:
        if (stack->Parameters.Power.Type == SystemPowerState) {
            return PcpSetSystemPower(Ext, Irp);
        }
        return PcpSetDevicePower(Ext, Irp);
    case IRP_MN_QUERY_POWER:
        return PcpQueryPower(Ext, Irp);
    default:
        return PcpPowerPassDown(Ext, Irp);
    }
}

typedef struct PCP_POWER_WAIT {
    KEVENT Done;
    NTSTATUS Status;
} PCP_POWER_WAIT;

static VOID NTAPI PcpRequestedPowerDone(PDEVICE_OBJECT DeviceObject,
                                        UCHAR MinorFunction,
                                        POWER_STATE PowerState, PVOID Context,
                                        PIO_STATUS_BLOCK IoStatus)
{
    PCP_POWER_WAIT *wait = Context;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(MinorFunction);
    UNREFERENCED_PARAMETER(PowerState);
    wait->Status = IoStatus->Status;
    KeSetEvent(&wait->Done, IO_NO_INCREMENT, FALSE);
}

NTSTATUS NTAPI PcRequestNewPowerState(PDEVICE_OBJECT DeviceObject,
                                      DEVICE_POWER_STATE RequestedNewState)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    POWER_STATE ps = { .DeviceState = RequestedNewState };
    PCP_POWER_WAIT wait;
    NTSTATUS status;

    PAGED_CODE();
    if (ext == NULL || RequestedNewState <= PowerDeviceUnspecified ||
        RequestedNewState >= PowerDeviceMaximum) {
        return STATUS_INVALID_PARAMETER;
    }
    if (ext->PowerState == RequestedNewState) {
        return STATUS_SUCCESS;
    }
    KeInitializeEvent(&wait.Done, NotificationEvent, FALSE);
    wait.Status = STATUS_PENDING;
    status = PoRequestPowerIrp(ext->PhysicalDeviceObject, IRP_MN_SET_POWER,
                               ps, PcpRequestedPowerDone, &wait, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeWaitForSingleObject(&wait.Done, Executive, KernelMode, FALSE, NULL);
    return wait.Status;
}
