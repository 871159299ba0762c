/* SPDX-License-Identifier: MIT */
/*
 * CAdapterPower: the adapter's answer to PortCls' power callbacks. The device
 * loses every register in D3hot (docs/cycaudio.rst, "Power management"), so
 * the driver keeps its context in software: the common's mixer and generator
 * settings, the INTCTL mirror, each stream's program. Saving is quiescing:
 * before D3 every render block has played what it fetched (its FIFO drained)
 * so no fetched frame is lost. Restoring writes the mirror and the mixer
 * back; a stream programs its block again when it leaves STOP. The same
 * object is the adapter's IAdapterPnpManagement: it supports rebalance by
 * removing the subdevices (PortCls drops them after PnpStop), releasing the
 * hardware in PnpStop; the next StartDevice builds everything again at the
 * new address. PASSIVE_LEVEL.
 */
#include "power.h"

#define CYC_POOLTAG_POWER       CYC_POOLTAG('C', 'y', 'c', 'P')
/* Longest a render FIFO may take to drain (16384 frames at 8 kHz, and more). */
#define CYC_POWER_DRAIN_US      3000000u
#define CYC_POWER_POLL_US       100u

typedef struct CAdapterPower {
    IAdapterPowerManagement2 Iface;
    IAdapterPnpManagement PnpIface;
    COM_REF Ref;
    PADAPTERCOMMON Common;              /* referenced */
    DEVICE_POWER_STATE State;
} CAdapterPower;

static CAdapterPower *CAdapterPower_From(IAdapterPowerManagement2 *Iface)
{
    return CONTAINING_RECORD(Iface, CAdapterPower, Iface);
}

static const COM_QI_ENTRY CAdapterPower_Qi[] = {
    { &IID_IUnknown, offsetof(CAdapterPower, Iface) },
    { &IID_IAdapterPowerManagement, offsetof(CAdapterPower, Iface) },
    { &IID_IAdapterPowerManagement2, offsetof(CAdapterPower, Iface) },
    { &IID_IAdapterPnpManagement, offsetof(CAdapterPower, PnpIface) },
};

static NTSTATUS NTAPI CAdapterPower_QueryInterface(
    IAdapterPowerManagement2 *This, REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CAdapterPower_From(This), CAdapterPower_Qi,
                             COM_ARRAY_SIZE(CAdapterPower_Qi), Iid, Object);
}

static ULONG NTAPI CAdapterPower_AddRef(IAdapterPowerManagement2 *This)
{
    return ComRefAddRef(&CAdapterPower_From(This)->Ref);
}

static ULONG NTAPI CAdapterPower_Release(IAdapterPowerManagement2 *This)
{
    CAdapterPower *power = CAdapterPower_From(This);
    ULONG ref = ComRefRelease(&power->Ref);

    if (ref == 0) {
        COM_SAFE_RELEASE(&power->Common);
        ExFreePoolWithTag(power, CYC_POOLTAG_POWER);
    }
    return ref;
}

/* The device's FIFOs empty before D3 (CycHwDrainForD3), or the deadline. */
static VOID CAdapterPower_Drain(CAdapterPower *Power)
{
    ULONG waited = CycHwDrainForD3(COM_CALL(Power->Common, GetHw),
                                   CYC_POWER_DRAIN_US, CYC_POWER_POLL_US);

    if (waited >= CYC_POWER_DRAIN_US) {
        DPF(D_ERROR, "power: render FIFOs still draining after %u us",
            waited);
    }
}

static VOID CAdapterPower_Restore(CAdapterPower *Power)
{
    PADAPTERCOMMON common = Power->Common;
    ULONG attenuation;
    BOOLEAN mute;
    ULONG mode;
    ULONG frequency;
    ULONG source;

    if (!CycHwResume(COM_CALL(common, GetHw))) {
        DPF(D_ERROR, "power: the device does not answer after D0");
        return;
    }
    COM_CALL(common, GetMaster, &attenuation, &mute);
    COM_CALL(common, SetMaster, attenuation, mute);
    COM_CALL(common, GetGenerator, &mode, &frequency);
    COM_CALL(common, SetGenerator, mode, frequency);
    source = COM_CALL(common, GetCaptureSource);
    COM_CALL(common, SetCaptureSource, source);
}

static VOID NTAPI CAdapterPower_PowerChangeState2(
    IAdapterPowerManagement2 *This, DEVICE_POWER_STATE NewDeviceState,
    SYSTEM_POWER_STATE NewSystemState)
{
    CAdapterPower *power = CAdapterPower_From(This);

    PAGED_CODE();
    DPF(D_TERSE, "power: D%u -> D%u (S%u)",
        (unsigned)(power->State - PowerDeviceD0),
        (unsigned)(NewDeviceState - PowerDeviceD0),
        (unsigned)(NewSystemState - PowerSystemWorking));
    if (NewDeviceState == power->State) {
        return;
    }
    if (NewDeviceState == PowerDeviceD0) {
        CAdapterPower_Restore(power);
    } else if (power->State == PowerDeviceD0) {
        CAdapterPower_Drain(power);
    }
    power->State = NewDeviceState;
}

static VOID NTAPI CAdapterPower_PowerChangeState(
    IAdapterPowerManagement2 *This, POWER_STATE NewState)
{
    CAdapterPower_PowerChangeState2(This, NewState.DeviceState,
                                    PowerSystemUnspecified);
}

/* D1 and D2 are not in the device's capability: only D0 and D3. */
static NTSTATUS NTAPI CAdapterPower_QueryPowerChangeState(
    IAdapterPowerManagement2 *This, POWER_STATE NewStateQuery)
{
    UNREFERENCED_PARAMETER(This);
    PAGED_CODE();
    if (NewStateQuery.DeviceState != PowerDeviceD0 &&
        NewStateQuery.DeviceState != PowerDeviceD3) {
        return STATUS_NOT_SUPPORTED;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CAdapterPower_QueryDeviceCapabilities(
    IAdapterPowerManagement2 *This, PDEVICE_CAPABILITIES PowerDeviceCaps)
{
    UNREFERENCED_PARAMETER(This);
    PAGED_CODE();
    PowerDeviceCaps->DeviceD1 = FALSE;
    PowerDeviceCaps->DeviceD2 = FALSE;
    return STATUS_SUCCESS;
}

static const IAdapterPowerManagement2Vtbl CAdapterPower_Vtbl = {
    .QueryInterface = CAdapterPower_QueryInterface,
    .AddRef = CAdapterPower_AddRef,
    .Release = CAdapterPower_Release,
    .PowerChangeState = CAdapterPower_PowerChangeState,
    .QueryPowerChangeState = CAdapterPower_QueryPowerChangeState,
    .QueryDeviceCapabilities = CAdapterPower_QueryDeviceCapabilities,
    .PowerChangeState2 = CAdapterPower_PowerChangeState2,
};

/* IAdapterPnpManagement ---------------------------------------------------- */

static CAdapterPower *CAdapterPower_FromPnp(IAdapterPnpManagement *Iface)
{
    return CONTAINING_RECORD(Iface, CAdapterPower, PnpIface);
}

static NTSTATUS NTAPI CAdapterPnp_QueryInterface(IAdapterPnpManagement *This,
                                                 REFIID Iid, PVOID *Object)
{
    return CAdapterPower_QueryInterface(&CAdapterPower_FromPnp(This)->Iface,
                                        Iid, Object);
}

static ULONG NTAPI CAdapterPnp_AddRef(IAdapterPnpManagement *This)
{
    return CAdapterPower_AddRef(&CAdapterPower_FromPnp(This)->Iface);
}

static ULONG NTAPI CAdapterPnp_Release(IAdapterPnpManagement *This)
{
    return CAdapterPower_Release(&CAdapterPower_FromPnp(This)->Iface);
}

static PC_REBALANCE_TYPE NTAPI CAdapterPnp_GetSupportedRebalanceType(
    IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    return PcRebalanceRemoveSubdevices;
}

static VOID NTAPI CAdapterPnp_PnpQueryStop(IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    DPF(D_TERSE, "pnp: query stop");
}

static VOID NTAPI CAdapterPnp_PnpCancelStop(IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    DPF(D_TERSE, "pnp: stop cancelled");
}

/*
 * Every stream is stopped: once the render FIFOs have played what was
 * fetched (the reset of the release would drop it), the BAR and the
 * interrupt go.
 */
static VOID NTAPI CAdapterPnp_PnpStop(IAdapterPnpManagement *This)
{
    CAdapterPower *power = CAdapterPower_FromPnp(This);

    PAGED_CODE();
    CAdapterPower_Drain(power);
    COM_CALL(power->Common, ReleaseHardware);
    DPF(D_TERSE, "pnp: stopped, hardware released");
}

static const IAdapterPnpManagementVtbl CAdapterPnp_Vtbl = {
    .QueryInterface = CAdapterPnp_QueryInterface,
    .AddRef = CAdapterPnp_AddRef,
    .Release = CAdapterPnp_Release,
    .GetSupportedRebalanceType = CAdapterPnp_GetSupportedRebalanceType,
    .PnpQueryStop = CAdapterPnp_PnpQueryStop,
    .PnpCancelStop = CAdapterPnp_PnpCancelStop,
    .PnpStop = CAdapterPnp_PnpStop,
};

NTSTATUS NewAdapterPower(PUNKNOWN *Unknown, PADAPTERCOMMON Common)
{
    CAdapterPower *power;

    PAGED_CODE();
    *Unknown = NULL;
    power = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*power),
                               CYC_POOLTAG_POWER);
    if (power == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    power->Iface.lpVtbl = &CAdapterPower_Vtbl;
    power->PnpIface.lpVtbl = &CAdapterPnp_Vtbl;
    ComRefInit(&power->Ref);
    power->Common = Common;
    COM_CALL(Common, AddRef);
    power->State = PowerDeviceD0;
    *Unknown = (PUNKNOWN)&power->Iface;
    return STATUS_SUCCESS;
}
