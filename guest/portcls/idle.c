/* SPDX-License-Identifier: MIT */
/*
 * Idle power-down as "Audio Device Class Inactivity Timer Implementation"
 * and "PortCls Registry Power Settings" describe it: at START PortCls reads
 * the REG_BINARY values ConservationIdleTime and PerformanceIdleTime
 * (seconds, default 0: no timer) and IdlePowerState (default 3: D3) under
 * the driver key's PowerSettings and registers the FDO for idle detection.
 * Every create and device control marks the device busy, a running pin
 * holds it busy, and a request that arrives while the timer has powered
 * the device down brings it back to D0 first (pin.c holds it busy while a
 * pin runs). PASSIVE_LEVEL.
 */
#include "private.h"

#define PCP_IDLE_DEFAULT_STATE 3u

/*
 * The three values are 4-byte REG_BINARY: a direct query copies each into
 * its ULONG; a missing key or value leaves the default.
 */
VOID PcpIdleRegister(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext)
{
    ULONG conservation = 0;
    ULONG performance = 0;
    ULONG state = PCP_IDLE_DEFAULT_STATE;
    RTL_QUERY_REGISTRY_TABLE table[] = {
        { .Flags = RTL_QUERY_REGISTRY_SUBKEY, .Name = L"PowerSettings" },
        { .Flags = RTL_QUERY_REGISTRY_DIRECT,
          .Name = L"ConservationIdleTime", .EntryContext = &conservation },
        { .Flags = RTL_QUERY_REGISTRY_DIRECT,
          .Name = L"PerformanceIdleTime", .EntryContext = &performance },
        { .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"IdlePowerState",
          .EntryContext = &state },
        { .Flags = 0 },
    };
    PREGISTRYKEY driverKey = NULL;

    PAGED_CODE();
    if (NT_SUCCESS(PcNewRegistryKey(&driverKey, NULL, DriverRegistryKey,
                                    KEY_READ, DeviceObject, NULL, NULL, 0,
                                    NULL))) {
        COM_CALL(driverKey, QueryRegistryValues, table, NULL);
        COM_CALL(driverKey, Release);
    }
    if (state < 1 || state > 3) {
        state = PCP_IDLE_DEFAULT_STATE;
    }
    Ext->IdleState = PowerDeviceD0 + state;
    Ext->IdleCounter = PoRegisterDeviceForIdleDetection(
        DeviceObject, conservation, performance, Ext->IdleState);
    if (Ext->IdleCounter != NULL) {
        DPF(D_TERSE, "idle: D%u after %u s", state, (unsigned)performance);
    }
}

/* STOP and REMOVE: no idle IRP for a device that is not started. */
VOID PcpIdleUnregister(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext)
{
    PAGED_CODE();
    if (Ext->IdleCounter != NULL) {
        PoRegisterDeviceForIdleDetection(DeviceObject, 0, 0, PowerDeviceD0);
        Ext->IdleCounter = NULL;
    }
}

/*
 * A request for the device: the countdown starts again, and a device the
 * timer powered down (the system itself is working) comes back to D0
 * before the request goes on.
 */
VOID PcpIdleAccess(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext)
{
    PAGED_CODE();
    if (Ext->IdleCounter == NULL) {
        return;
    }
    PoSetDeviceBusyEx(Ext->IdleCounter);
    if (Ext->PowerState != PowerDeviceD0 &&
        Ext->SystemState == PowerSystemWorking) {
        DPF(D_TERSE, "idle: a request powers the device up");
        PcRequestNewPowerState(DeviceObject, PowerDeviceD0);
    }
}
