/* SPDX-License-Identifier: MIT */
/*
 * Device-level DDI that only reads the extension: device properties of the
 * PDO, the physical device object, the time base.
 */
#include "private.h"

NTSTATUS NTAPI PcGetDeviceProperty(PVOID DeviceObject,
                                   DEVICE_REGISTRY_PROPERTY DeviceProperty,
                                   ULONG BufferLength, PVOID PropertyBuffer,
                                   PULONG ResultLength)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);

    PAGED_CODE();
    if (ext == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    return IoGetDeviceProperty(ext->PhysicalDeviceObject, DeviceProperty,
                               BufferLength, PropertyBuffer, ResultLength);
}

ULONGLONG NTAPI PcGetTimeInterval(ULONGLONG Since)
{
    LARGE_INTEGER now;

    KeQuerySystemTime(&now);
    return (ULONGLONG)now.QuadPart - Since;
}

NTSTATUS NTAPI PcGetPhysicalDeviceObject(PDEVICE_OBJECT pDeviceObject,
                                         PDEVICE_OBJECT *ppPhysicalObject)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(pDeviceObject);

    if (ppPhysicalObject == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *ppPhysicalObject = NULL;
    if (ext == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *ppPhysicalObject = ext->PhysicalDeviceObject;
    return STATUS_SUCCESS;
}
