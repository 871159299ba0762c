/* SPDX-License-Identifier: MIT */
/*
 * The device extension's accessors, the bottom of PortCls: every other file
 * may call them and they call nothing of PortCls. The first
 * PORT_CLASS_DEVICE_EXTENSION_SIZE bytes of an adapter FDO's extension are
 * ours; Magic tells a PortCls FDO from any other device.
 */
#include "private.h"

PCP_DEVICE_EXTENSION *PcpGetExtension(PDEVICE_OBJECT DeviceObject)
{
    PCP_DEVICE_EXTENSION *ext;

    if (DeviceObject == NULL || DeviceObject->DeviceExtension == NULL) {
        return NULL;
    }
    ext = DeviceObject->DeviceExtension;
    return ext->Magic == PCP_EXTENSION_MAGIC ? ext : NULL;
}

PCP_SUBDEVICE *PcpFindSubdevice(PCP_DEVICE_EXTENSION *Extension,
                                PCP_PORT *Port)
{
    ULONG i;

    for (i = 0; i < Extension->SubdeviceCount; i++) {
        if (Extension->Subdevices[i].Common == Port) {
            return &Extension->Subdevices[i];
        }
    }
    return NULL;
}
