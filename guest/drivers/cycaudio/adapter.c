/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio adapter driver: DriverEntry, AddDevice and StartDevice.
 * StartDevice builds the adapter common object (hardware + interrupt), installs
 * the Wave and Topology subdevices and wires their bridge pins together. All of
 * it runs at PASSIVE_LEVEL.
 */
#include "common.h"
#include <ntrt.h>

typedef NTSTATUS (*PCYC_CREATE_MINIPORT)(PUNKNOWN *Unknown, REFCLSID ClassId,
                                         PUNKNOWN UnknownOuter,
                                         POOL_TYPE PoolType);

/*
 * One subdevice: a port of PortClassId driven by the miniport Create makes,
 * registered under Name. On success *OutPort holds a reference for the caller
 * (for the physical connections); the registration keeps its own.
 */
static NTSTATUS InstallSubdevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                 PWCHAR Name, REFCLSID PortClassId,
                                 PCYC_CREATE_MINIPORT Create,
                                 PUNKNOWN UnknownAdapter,
                                 PRESOURCELIST ResourceList, PUNKNOWN *OutPort)
{
    PPORT port = NULL;
    PUNKNOWN miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    *OutPort = NULL;
    status = PcNewPort(&port, PortClassId);
    if (NT_SUCCESS(status)) {
        status = Create(&miniport, NULL, NULL, NonPagedPool);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(port, Init, DeviceObject, Irp, miniport,
                          UnknownAdapter, ResourceList);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, Name, (PUNKNOWN)port);
    }
    if (NT_SUCCESS(status)) {
        *OutPort = (PUNKNOWN)port;
        port = NULL;
    } else {
        DPF(D_ERROR, "subdevice %ls: 0x%08x", Name, status);
    }
    COM_SAFE_RELEASE(&miniport);
    COM_SAFE_RELEASE(&port);
    return status;
}

static NTSTATUS StartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                            PRESOURCELIST ResourceList)
{
    PUNKNOWN unknownCommon = NULL;
    PADAPTERCOMMON adapterCommon = NULL;
    PUNKNOWN wavePort = NULL;
    PUNKNOWN topologyPort = NULL;
    NTSTATUS status;

    PAGED_CODE();
    status = NewAdapterCommon(&unknownCommon, &IID_IAdapterCommon, NULL,
                              NonPagedPool);
    if (NT_SUCCESS(status)) {
        status = COM_CALL(unknownCommon, QueryInterface, &IID_IAdapterCommon,
                          (PVOID *)&adapterCommon);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(adapterCommon, Init, ResourceList, DeviceObject);
    }
    if (NT_SUCCESS(status)) {
        status = InstallSubdevice(DeviceObject, Irp, CYC_TOPOLOGY_NAME,
                                  &CLSID_PortTopology,
                                  CreateMiniportTopologyCyc, unknownCommon,
                                  ResourceList, &topologyPort);
    }
    if (NT_SUCCESS(status)) {
        status = InstallSubdevice(DeviceObject, Irp, CYC_WAVE_NAME,
                                  &CLSID_PortWaveCyclic,
                                  CreateMiniportWaveCyclicCyc, unknownCommon,
                                  ResourceList, &wavePort);
    }
    /*
     * The analog paths: wave render bridge -> topology,
     * topology -> wave capture bridge.
     */
    if (NT_SUCCESS(status)) {
        status = PcRegisterPhysicalConnection(DeviceObject, wavePort,
                                              KSPIN_WAVE_RENDER_SOURCE,
                                              topologyPort,
                                              KSPIN_TOPO_WAVEOUT_SOURCE);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterPhysicalConnection(DeviceObject, topologyPort,
                                              KSPIN_TOPO_WAVEIN_DEST, wavePort,
                                              KSPIN_WAVE_CAPTURE_SINK);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "StartDevice failed: 0x%08x", status);
    }
    /* Ports, miniports and the registrations hold what they need; drop ours. */
    COM_SAFE_RELEASE(&wavePort);
    COM_SAFE_RELEASE(&topologyPort);
    COM_SAFE_RELEASE(&adapterCommon);
    COM_SAFE_RELEASE(&unknownCommon);
    return status;
}

static NTSTATUS NTAPI AddDevice(PDRIVER_OBJECT DriverObject,
                                PDEVICE_OBJECT PhysicalDeviceObject)
{
    PAGED_CODE();
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject, StartDevice,
                              CYC_MAX_MINIPORTS, 0);
}

NTSTATUS NTAPI CycAudioDriverEntry(PDRIVER_OBJECT DriverObject,
                                   PUNICODE_STRING RegistryPath)
{
    PAGED_CODE();
    return PcInitializeAdapterDriver(DriverObject, RegistryPath, AddDevice);
}

NT_REGISTER_DRIVER("cycaudio", CycAudioDriverEntry, CYC_PCI_VENDOR_ID,
                   CYC_PCI_DEVICE_ID);
