/* SPDX-License-Identifier: MIT */
/*
 * msvad adapter: DriverEntry, AddDevice and a StartDevice that installs one
 * Wave subdevice. A virtual device needs none of the resources PnP hands it.
 */
#include "msvad.h"

static NTSTATUS NTAPI MsvadStartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                       PRESOURCELIST ResourceList)
{
    PPORT port = NULL;
    PUNKNOWN miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    status = PcNewPort(&port, &CLSID_PortWaveCyclic);
    if (NT_SUCCESS(status)) {
        status =
            CreateMiniportWaveCyclicMSVAD(&miniport, NULL, NULL, NonPagedPool);
    }
    if (NT_SUCCESS(status)) {
        status = port->lpVtbl->Init(port, DeviceObject, Irp, miniport, NULL,
                                    ResourceList);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, L"Wave", (PUNKNOWN)port);
    }
    if (miniport != NULL) {
        miniport->lpVtbl->Release(miniport);
    }
    if (port != NULL) {
        port->lpVtbl->Release(port);
    }
    return status;
}

static NTSTATUS NTAPI MsvadAddDevice(PDRIVER_OBJECT DriverObject,
                                     PDEVICE_OBJECT PhysicalDeviceObject)
{
    PAGED_CODE();
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject,
                              MsvadStartDevice, 1, 0);
}

NTSTATUS NTAPI MsvadDriverEntry(PDRIVER_OBJECT DriverObject,
                                PUNICODE_STRING RegistryPath)
{
    PAGED_CODE();
    return PcInitializeAdapterDriver(DriverObject, RegistryPath,
                                     MsvadAddDevice);
}
