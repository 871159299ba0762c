/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio adapter driver: DriverEntry, AddDevice and StartDevice.
 * StartDevice builds the adapter common object (hardware + interrupt), installs
 * the Wave and Topology subdevices and wires their bridge pins together, and,
 * when the device has its MPU-401 (CAPS.MIDI and an I/O BAR), a Midi
 * subdevice: the MIDI port over the system-supplied UART miniport. All of it
 * runs at PASSIVE_LEVEL. The WaveRT and WavePci subdevices (their ports over
 * the same pins as Wave) follow, each under its own name.
 */
#include "common.h"
#include "power.h"
#include "sublist.h"
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

/*
 * The DMusUART subdevice: PcNewPort(CLSID_PortDMus) over
 * PcNewMiniport(CLSID_MiniportDriverDMusUART), a second UART miniport on the
 * same MPU-401. Installed before the MIDI interrupt is enabled, so its reset
 * handshake is not taken by the Midi ISR. Deviation: both ISRs share the
 * MPU-401 and the Midi one, connected first, takes every received byte:
 * DMusUART capture gets none; its render works beside Midi's. Optional.
 */
static VOID InstallDMusUart(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                            PRESOURCELIST Sublist)
{
    PPORT port = NULL;
    PMINIPORT miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    status = PcNewPort(&port, &CLSID_PortDMus);
    if (NT_SUCCESS(status)) {
        status = PcNewMiniport(&miniport, &CLSID_MiniportDriverDMusUART);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(port, Init, DeviceObject, Irp, (PUNKNOWN)miniport,
                          NULL, Sublist);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, CYC_DMUS_UART_NAME,
                                     (PUNKNOWN)port);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "subdevice DMusUART: 0x%08x (the others stay)", status);
    }
    COM_SAFE_RELEASE(&miniport);
    COM_SAFE_RELEASE(&port);
}

/*
 * The Midi subdevice: PcNewPort(CLSID_PortMidi) over
 * PcNewMiniport(CLSID_MiniportDriverUart), which takes the MPU-401 base from
 * the first port entry and the interrupt from the first interrupt entry.
 * Optional: a device without the UART, or one that does not answer, keeps
 * its wave subdevices (the failure is logged).
 */
static VOID InstallMidi(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                        PADAPTERCOMMON AdapterCommon,
                        PRESOURCELIST ResourceList)
{
    PRESOURCELIST sublist = NULL;
    PPORT port = NULL;
    PMINIPORT miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    if (CYC_GET(COM_CALL(AdapterCommon, GetHw)->Caps, CYC_CAPS_MIDI) == 0) {
        return;
    }
    status = CycNewSharedSublist(ResourceList, CmResourceTypePort, &sublist);
    if (NT_SUCCESS(status)) {
        status = PcNewPort(&port, &CLSID_PortMidi);
    }
    if (NT_SUCCESS(status)) {
        status = PcNewMiniport(&miniport, &CLSID_MiniportDriverUart);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(port, Init, DeviceObject, Irp, (PUNKNOWN)miniport,
                          NULL, sublist);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, CYC_MIDI_NAME,
                                     (PUNKNOWN)port);
    }
    if (NT_SUCCESS(status)) {
        InstallDMusUart(DeviceObject, Irp, sublist);
        CycHwEnableMidi(COM_CALL(AdapterCommon, GetHw));
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "subdevice Midi: 0x%08x (wave subdevices stay)",
            status);
    }
    COM_SAFE_RELEASE(&miniport);
    COM_SAFE_RELEASE(&port);
    COM_SAFE_RELEASE(&sublist);
}

/*
 * The WaveRT subdevice: the same pins over the WaveRT port, its buffers
 * mapped to the client. Optional like Midi: a device without position
 * write-back keeps its other subdevices.
 */
static VOID InstallWaveRT(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                          PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList)
{
    PUNKNOWN port = NULL;

    PAGED_CODE();
    if (NT_SUCCESS(InstallSubdevice(DeviceObject, Irp, CYC_WAVERT_NAME,
                                    &CLSID_PortWaveRT,
                                    CreateMiniportWaveRTCyc, UnknownAdapter,
                                    ResourceList, &port))) {
        COM_SAFE_RELEASE(&port);
    }
}

/*
 * The WavePci subdevice: the same wave filter over the device's
 * scatter-gather ring, chosen by clients by its name. Optional like Midi:
 * a device without CAPS.SG keeps its other subdevices.
 */
static VOID InstallWavePci(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                           PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList)
{
    PUNKNOWN port = NULL;

    PAGED_CODE();
    if (NT_SUCCESS(InstallSubdevice(DeviceObject, Irp, CYC_WAVEPCI_NAME,
                                    &CLSID_PortWavePci,
                                    CreateMiniportWavePciCyc, UnknownAdapter,
                                    ResourceList, &port))) {
        COM_SAFE_RELEASE(&port);
    }
}

/*
 * The power object (power.c) answers both power and PnP management; PortCls
 * keeps its own references.
 */
static NTSTATUS RegisterAdapterPower(PDEVICE_OBJECT DeviceObject,
                                     PADAPTERCOMMON AdapterCommon)
{
    PUNKNOWN power = NULL;
    NTSTATUS status = NewAdapterPower(&power, AdapterCommon);

    if (NT_SUCCESS(status)) {
        status = PcRegisterAdapterPowerManagement(power, DeviceObject);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterAdapterPnpManagement(power, DeviceObject);
    }
    COM_SAFE_RELEASE(&power);
    return status;
}

static NTSTATUS NTAPI StartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                  PRESOURCELIST ResourceList)
{
    PUNKNOWN unknownCommon = NULL;
    PADAPTERCOMMON adapterCommon = NULL;
    PUNKNOWN wavePort = NULL;
    PUNKNOWN topologyPort = NULL;
    PRESOURCELIST commonResources = NULL;
    NTSTATUS status;

    PAGED_CODE();
    status = NewAdapterCommon(&unknownCommon, &IID_IAdapterCommon, NULL,
                              NonPagedPool);
    if (NT_SUCCESS(status)) {
        status = COM_CALL(unknownCommon, QueryInterface, &IID_IAdapterCommon,
                          (PVOID *)&adapterCommon);
    }
    if (NT_SUCCESS(status)) {
        status = CycNewSharedSublist(ResourceList, CmResourceTypeMemory,
                                  &commonResources);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(adapterCommon, Init, commonResources, DeviceObject);
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
    if (NT_SUCCESS(status)) {
        InstallMidi(DeviceObject, Irp, adapterCommon, ResourceList);
        status = RegisterAdapterPower(DeviceObject, adapterCommon);
    }
    if (NT_SUCCESS(status)) {
        InstallWaveRT(DeviceObject, Irp, unknownCommon, ResourceList);
        InstallWavePci(DeviceObject, Irp, unknownCommon, ResourceList);
    }
    if (NT_SUCCESS(status) &&
        CYC_GET(COM_CALL(adapterCommon, GetHw)->Caps, CYC_CAPS_SEQ) != 0) {
        PUNKNOWN dmusPort = NULL;

        /* Optional like Midi: a failure leaves the wave subdevices. */
        InstallSubdevice(DeviceObject, Irp, CYC_DMUS_NAME, &CLSID_PortDMus,
                         CreateMiniportDMusCyc, unknownCommon, ResourceList,
                         &dmusPort);
        COM_SAFE_RELEASE(&dmusPort);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "StartDevice failed: 0x%08x", status);
    }
    /* Ports, miniports and the registrations hold what they need; drop ours. */
    COM_SAFE_RELEASE(&wavePort);
    COM_SAFE_RELEASE(&topologyPort);
    COM_SAFE_RELEASE(&adapterCommon);
    COM_SAFE_RELEASE(&unknownCommon);
    COM_SAFE_RELEASE(&commonResources);
    return status;
}

static NTSTATUS NTAPI AddDevice(PDRIVER_OBJECT DriverObject,
                                PDEVICE_OBJECT PhysicalDeviceObject)
{
    NTSTATUS status;

    PAGED_CODE();
    status = PcAddAdapterDevice(DriverObject, PhysicalDeviceObject,
                                StartDevice, CYC_MAX_MINIPORTS, 0);
    if (NT_SUCCESS(status)) {
        CycWriteIdleSettings(IoGetAttachedDevice(PhysicalDeviceObject));
    }
    return status;
}

NTSTATUS NTAPI CycAudioDriverEntry(PDRIVER_OBJECT DriverObject,
                                   PUNICODE_STRING RegistryPath)
{
    PAGED_CODE();
    return PcInitializeAdapterDriver(DriverObject, RegistryPath, AddDevice);
}

NT_REGISTER_DRIVER("cycaudio", CycAudioDriverEntry, CYC_PCI_VENDOR_ID,
                   CYC_PCI_DEVICE_ID);
