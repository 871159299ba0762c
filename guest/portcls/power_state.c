/* SPDX-License-Identifier: MIT */
/*
 * The device power state and what it does to open pins. Before the device
 * leaves D0 each running pin pauses, its miniport stream stops (the device
 * loses its context in D3) and the pin type lays its buffer out for a stream
 * restarting at position 0 (a WaveRT stream stays paused: its miniport
 * restores its position, PCP_PIN_OPS.PowerKeepsStream); after D0 each pin
 * walks back to the KS state it had. Ports hear of it through IPowerNotify,
 * the adapter through IAdapterPowerManagement(2). PASSIVE_LEVEL, one power
 * IRP at a time.
 */
#include "private.h"

/* REMOVE: pins still open outlive the extension's list. */
VOID PcpPowerForgetPins(PCP_DEVICE_EXTENSION *Ext)
{
    while (!IsListEmpty(&Ext->OpenPins)) {
        InitializeListHead(RemoveHeadList(&Ext->OpenPins));
    }
}

VOID PcpStopAllPins(PCP_DEVICE_EXTENSION *Ext, NTSTATUS Status)
{
    PLIST_ENTRY e;

    PAGED_CODE();
    for (e = Ext->OpenPins.Flink; e != &Ext->OpenPins; e = e->Flink) {
        PCP_PIN *pin = CONTAINING_RECORD(e, PCP_PIN, DeviceLink);
        LIST_ENTRY done;
        KIRQL oldIrql;

        InitializeListHead(&done);
        KeAcquireSpinLock(&pin->Lock, &oldIrql);
        KspQueueFlush(&pin->Queue, Status, &done);
        KeReleaseSpinLock(&pin->Lock, oldIrql);
        KspCompleteIrpList(&done);
        PcpPinSetState(pin, KSSTATE_STOP);
        pin->PowerState = KSSTATE_STOP;
    }
}

/*
 * Whether the miniport stream stays paused across D3: the pin type allows
 * it and the miniport hears of power changes (IPowerNotify) to restore its
 * streams; otherwise the stream is stopped and restarted.
 */
static BOOLEAN PcpPowerKeepsStream(PCP_PIN *Pin)
{
    return Pin->Ops->PowerKeepsStream && Pin->Port->PowerNotify != NULL;
}

/*
 * RUN pauses through the KS walk (the client sees PAUSE while the device is
 * down); the miniport stream then goes on to STOP without the port's STOP
 * processing, so queued IRPs and the cursors stay.
 */
static VOID PcpPowerPausePin(PCP_PIN *Pin)
{
    KIRQL oldIrql;

    Pin->PowerState = Pin->State;
    if (Pin->State == KSSTATE_RUN) {
        PcpPinSetState(Pin, KSSTATE_PAUSE);
    }
    if (Pin->State == KSSTATE_STOP || PcpPowerKeepsStream(Pin)) {
        return;
    }
    if (Pin->Ops->PowerSave != NULL) {
        KeAcquireSpinLock(&Pin->Lock, &oldIrql);
        Pin->Ops->PowerSave(Pin);
        KeReleaseSpinLock(&Pin->Lock, oldIrql);
    }
    if (Pin->State == KSSTATE_PAUSE) {
        Pin->Ops->SetStreamState(Pin, KSSTATE_ACQUIRE);
    }
    Pin->Ops->SetStreamState(Pin, KSSTATE_STOP);
    if (Pin->Ops->PowerRebase != NULL) {
        Pin->Ops->PowerRebase(Pin);
    }
    DPF(D_TERSE, "pin %u paused for power (was %u)", (unsigned)Pin->PinId,
        (unsigned)Pin->PowerState);
}

/* A pin the client stopped or opened meanwhile stays in STOP. */
static VOID PcpPowerResumePin(PCP_PIN *Pin)
{
    KSSTATE saved = Pin->PowerState;

    Pin->PowerState = KSSTATE_STOP;
    if (Pin->State == KSSTATE_STOP) {
        return;
    }
    if (!PcpPowerKeepsStream(Pin)) {
        Pin->Ops->SetStreamState(Pin, KSSTATE_ACQUIRE);
        if (Pin->State == KSSTATE_PAUSE) {
            Pin->Ops->SetStreamState(Pin, KSSTATE_PAUSE);
        }
    }
    if (saved == KSSTATE_RUN) {
        PcpPinSetState(Pin, KSSTATE_RUN);
    }
    DPF(D_TERSE, "pin %u resumed in state %u", (unsigned)Pin->PinId,
        (unsigned)Pin->State);
}

static VOID PcpPowerNotifyPorts(PCP_DEVICE_EXTENSION *Ext,
                                DEVICE_POWER_STATE State)
{
    POWER_STATE ps = { .DeviceState = State };

    for (ULONG i = 0; i < Ext->SubdeviceCount; i++) {
        PCP_PORT *port = Ext->Subdevices[i].Common;

        if (port != NULL && port->PowerNotify != NULL) {
            COM_CALL(port->PowerNotify, PowerChangeNotify, ps);
        }
    }
}

static VOID PcpPowerTellAdapter(PCP_DEVICE_EXTENSION *Ext,
                                DEVICE_POWER_STATE State)
{
    POWER_STATE ps = { .DeviceState = State };

    if (Ext->PowerManagement2 != NULL) {
        COM_CALL(Ext->PowerManagement2, PowerChangeState2, State,
                 Ext->SystemState);
    } else if (Ext->PowerManagement != NULL) {
        COM_CALL(Ext->PowerManagement, PowerChangeState, ps);
    }
}

/*
 * Before the bus takes the device to State: pins first (they still need
 * the hardware), then the miniports, then the adapter saves its context.
 */
VOID PcpPowerDown(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext,
                  DEVICE_POWER_STATE State)
{
    POWER_STATE ps = { .DeviceState = State };
    PLIST_ENTRY e;

    PAGED_CODE();
    for (e = Ext->OpenPins.Flink; e != &Ext->OpenPins; e = e->Flink) {
        PcpPowerPausePin(CONTAINING_RECORD(e, PCP_PIN, DeviceLink));
    }
    PcpPowerNotifyPorts(Ext, State);
    PcpPowerTellAdapter(Ext, State);
    Ext->PowerState = State;
    PoSetPowerState(DeviceObject, DevicePowerState, ps);
    DPF(D_TERSE, "device power D%u", (unsigned)(State - PowerDeviceD0));
}

/* After the bus returned the device to D0: the reverse order. */
VOID PcpPowerUp(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext)
{
    POWER_STATE ps = { .DeviceState = PowerDeviceD0 };
    PLIST_ENTRY e;

    PAGED_CODE();
    Ext->PowerState = PowerDeviceD0;
    PoSetPowerState(DeviceObject, DevicePowerState, ps);
    PcpPowerTellAdapter(Ext, PowerDeviceD0);
    PcpPowerNotifyPorts(Ext, PowerDeviceD0);
    for (e = Ext->OpenPins.Flink; e != &Ext->OpenPins; e = e->Flink) {
        PcpPowerResumePin(CONTAINING_RECORD(e, PCP_PIN, DeviceLink));
    }
    DPF(D_TERSE, "device power D0");
}

static NTSTATUS NTAPI PcpCapabilitiesDone(PDEVICE_OBJECT DeviceObject,
                                           PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * At START: the bus's capabilities (the S -> D map), which the adapter may
 * adjust through QueryDeviceCapabilities.
 */
NTSTATUS PcpQueryCapabilities(PDEVICE_OBJECT DeviceObject,
                              PCP_DEVICE_EXTENSION *Ext)
{
    PDEVICE_OBJECT lower = Ext->LowerDeviceObject;
    PIO_STACK_LOCATION stack;
    KEVENT done;
    PIRP irp;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);
    RtlZeroMemory(&Ext->Capabilities, sizeof(Ext->Capabilities));
    Ext->Capabilities.Size = sizeof(Ext->Capabilities);
    Ext->Capabilities.Version = 1;
    Ext->Capabilities.Address = ~0u;
    Ext->Capabilities.UINumber = ~0u;
    Ext->SystemState = PowerSystemWorking;
    if (lower == NULL) {
        return STATUS_SUCCESS;
    }
    irp = IoAllocateIrp(lower->StackSize, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_PNP;
    stack->MinorFunction = IRP_MN_QUERY_CAPABILITIES;
    stack->Parameters.DeviceCapabilities.Capabilities = &Ext->Capabilities;
    IoSetCompletionRoutine(irp, PcpCapabilitiesDone, &done, TRUE, TRUE, TRUE);
    if (IoCallDriver(lower, irp) == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    }
    status = irp->IoStatus.Status;
    IoFreeIrp(irp);
    if (NT_SUCCESS(status) && Ext->PowerManagement != NULL) {
        status = COM_CALL(Ext->PowerManagement, QueryDeviceCapabilities,
                          &Ext->Capabilities);
    }
    return status;
}
