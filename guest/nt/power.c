/* SPDX-License-Identifier: MIT */
/*
 * The power calls a function driver makes. No policy: the state is recorded,
 * IRPs pass straight on.
 */
#include "ki.h"

POWER_STATE NTAPI PoSetPowerState(PDEVICE_OBJECT DeviceObject,
                                  POWER_STATE_TYPE Type, POWER_STATE State)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return State;
}

VOID NTAPI PoStartNextPowerIrp(PIRP Irp)
{
    UNREFERENCED_PARAMETER(Irp);
}

NTSTATUS NTAPI PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return IofCallDriver(DeviceObject, Irp);
}
