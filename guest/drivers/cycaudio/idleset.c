/* SPDX-License-Identifier: MIT */
/*
 * The adapter's idle power settings (see idleset.h), for both drivers'
 * AddDevice.
 */
#include "idleset.h"

/*
 * The kernel command line, which only the (System V) runtime reads: the
 * attribute keeps the call right where this file is compiled in the Windows
 * convention (the C++ driver's copy).
 */
__attribute__((sysv_abi)) const char *arch_cmdline_get(const char *key);

/*
 * What the device's INF would add under the driver key (HKR, PowerSettings,
 * REG_BINARY) for PortCls' idle power-down: PerformanceIdleTime and
 * ConservationIdleTime of idle_s seconds, IdlePowerState 3 (D3).
 * Deviation: there is no installer; the value comes from the kernel command
 * line (idle_s=, absent or 0: no values, PortCls' defaults: no timer).
 */
VOID CycWriteIdleSettings(PDEVICE_OBJECT DeviceObject)
{
    static const PCWSTR names[] = {
        L"ConservationIdleTime", L"PerformanceIdleTime", L"IdlePowerState",
    };
    UNICODE_STRING sub = RTL_CONSTANT_STRING(L"PowerSettings");
    const char *text = arch_cmdline_get("idle_s");
    PREGISTRYKEY key = NULL;
    PREGISTRYKEY settings = NULL;
    ULONG values[3] = { 0, 0, 3 };

    PAGED_CODE();
    while (text != NULL && *text >= '0' && *text <= '9') {
        values[0] = values[0] * 10 + (ULONG)(*text++ - '0');
    }
    values[1] = values[0];
    if (values[0] == 0 ||
        !NT_SUCCESS(PcNewRegistryKey(&key, NULL, DriverRegistryKey,
                                     KEY_ALL_ACCESS, DeviceObject, NULL, NULL,
                                     0, NULL))) {
        return;
    }
    if (NT_SUCCESS(COM_CALL(key, NewSubKey, &settings, NULL, KEY_ALL_ACCESS,
                            &sub, REG_OPTION_NON_VOLATILE, NULL))) {
        for (ULONG i = 0; i < RTL_NUMBER_OF(names); i++) {
            UNICODE_STRING name;

            RtlInitUnicodeString(&name, names[i]);
            COM_CALL(settings, SetValueKey, &name, REG_BINARY, &values[i],
                     sizeof(ULONG));
        }
        COM_CALL(settings, Release);
    }
    COM_CALL(key, Release);
}
