// SPDX-License-Identifier: MIT
// The C++ cycaudio adapter: its DriverEntry, AddDevice and StartDevice.
// StartDevice makes the adapter common (hardware and interrupt), installs the
// subdevices of the minipairs table (every port type: Topology, WaveCyclic,
// WaveRT, WavePci, DMus) and the system UART's Midi and DMusUART, wires the
// analog paths (wave render bridge -> topology, topology -> wave capture
// bridge) and registers the power object. All at PASSIVE_LEVEL.
#include "cxxaudio.h"

#include <ntrt.h>

namespace cycaudiocxx {

typedef NTSTATUS (*PFNCREATEMINIPORT)(PUNKNOWN *Unknown, REFCLSID ClassId,
                                      PUNKNOWN UnknownOuter,
                                      POOL_TYPE PoolType);

// One subdevice: a port of PortClassId over the miniport Create makes,
// registered under Name. An optional one is installed only when the device
// has RequiredCaps (CAPS bits, 0: none), and its failure leaves the others.
struct MINIPAIR {
    PCWSTR Name;
    const GUID *PortClassId;
    PFNCREATEMINIPORT Create;
    BOOLEAN Optional;
    ULONG RequiredCaps;
};

enum {
    MINIPAIR_TOPOLOGY,
    MINIPAIR_WAVE,
    MINIPAIR_WAVERT,
    MINIPAIR_WAVEPCI,
    MINIPAIR_DMUS,
    MINIPAIR_COUNT
};

// The C driver's subdevices, under the same names; Midi and DMusUART (the
// system's UART miniports) are installed by InstallMidi.
static const MINIPAIR MiniportPairs[] = {
    { CYC_TOPOLOGY_NAME, &CLSID_PortTopology, CreateMiniportTopologyCxx,
      FALSE, 0 },
    { CYC_WAVE_NAME, &CLSID_PortWaveCyclic, CreateMiniportWaveCyclicCxx,
      FALSE, 0 },
    { CYC_WAVERT_NAME, &CLSID_PortWaveRT, CreateMiniportWaveRTCxx, TRUE, 0 },
    { CYC_WAVEPCI_NAME, &CLSID_PortWavePci, CreateMiniportWavePciCxx, TRUE,
      0 },
    { CYC_DMUS_NAME, &CLSID_PortDMus, CreateMiniportDMusCxx, TRUE,
      CYC_CAPS_SEQ_MASK },
};
C_ASSERT(SIZEOF_ARRAY(MiniportPairs) == MINIPAIR_COUNT);
// The pairs plus Midi and DMusUART.
C_ASSERT(MINIPAIR_COUNT + 2 == CXXAUDIO_MAX_MINIPORTS);

// The analog paths between the subdevices' bridge pins.
static const struct {
    ULONG FromPair;
    ULONG FromPin;
    ULONG ToPair;
    ULONG ToPin;
} PhysicalConnections[] = {
    { MINIPAIR_WAVE, KSPIN_WAVE_RENDER_SOURCE, MINIPAIR_TOPOLOGY,
      KSPIN_TOPO_WAVEOUT_SOURCE },
    { MINIPAIR_TOPOLOGY, KSPIN_TOPO_WAVEIN_DEST, MINIPAIR_WAVE,
      KSPIN_WAVE_CAPTURE_SINK },
};

// On success *Port holds a reference for the caller; the registration keeps
// its own.
static NTSTATUS InstallSubdevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                 const MINIPAIR *Pair,
                                 PUNKNOWN UnknownAdapter,
                                 PRESOURCELIST ResourceList, PUNKNOWN *Port)
{
    PPORT port = NULL;
    PUNKNOWN miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    *Port = NULL;
    status = PcNewPort(&port, *Pair->PortClassId);
    if (NT_SUCCESS(status)) {
        status = Pair->Create(&miniport, GUID_NULL, NULL, NonPagedPoolNx);
    }
    if (NT_SUCCESS(status)) {
        status = port->Init(DeviceObject, Irp, miniport, UnknownAdapter,
                            ResourceList);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, PWCHAR(Pair->Name), port);
    }
    if (NT_SUCCESS(status)) {
        *Port = port;
        port = NULL;
    } else {
        DPF(D_ERROR, "subdevice %ls: 0x%08x", Pair->Name, status);
    }
    ReleaseIf(miniport);
    ReleaseIf(port);
    return status;
}

// A port of PortClassId over the system miniport MiniportClassId on
// Sublist, registered under Name.
static NTSTATUS InstallSystemSubdevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                       PCWSTR Name, REFCLSID PortClassId,
                                       REFCLSID MiniportClassId,
                                       PRESOURCELIST Sublist)
{
    PPORT port = NULL;
    PMINIPORT miniport = NULL;
    NTSTATUS status;

    PAGED_CODE();
    status = PcNewPort(&port, PortClassId);
    if (NT_SUCCESS(status)) {
        status = PcNewMiniport(&miniport, MiniportClassId);
    }
    if (NT_SUCCESS(status)) {
        status = port->Init(DeviceObject, Irp, miniport, NULL, Sublist);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, PWCHAR(Name), port);
    }
    ReleaseIf(miniport);
    ReleaseIf(port);
    return status;
}

// Midi: the MIDI port over the system UART miniport (the MPU-401 base from
// the first port entry, the interrupt from the first interrupt entry), then
// DMusUART, a second UART miniport on the same MPU-401, installed before the
// MIDI interrupt is enabled so that its reset handshake is not taken by the
// Midi ISR. Deviation: both ISRs share the MPU-401 and the Midi one,
// connected first, takes every received byte: DMusUART capture gets none.
// Optional: a device without the UART keeps its other subdevices.
static void InstallMidi(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                        PADAPTERCOMMON AdapterCommon,
                        PRESOURCELIST ResourceList)
{
    PRESOURCELIST sublist = NULL;
    NTSTATUS status;

    PAGED_CODE();
    if (CYC_GET(AdapterCommon->GetHw()->Caps, CYC_CAPS_MIDI) == 0) {
        return;
    }
    status = CycNewSharedSublist(ResourceList, CmResourceTypePort, &sublist);
    if (NT_SUCCESS(status)) {
        status = InstallSystemSubdevice(DeviceObject, Irp, CYC_MIDI_NAME,
                                        CLSID_PortMidi,
                                        CLSID_MiniportDriverUart, sublist);
    }
    if (NT_SUCCESS(status)) {
        NTSTATUS dmus = InstallSystemSubdevice(
            DeviceObject, Irp, CYC_DMUS_UART_NAME, CLSID_PortDMus,
            CLSID_MiniportDriverDMusUART, sublist);

        if (!NT_SUCCESS(dmus)) {
            DPF(D_ERROR, "subdevice DMusUART: 0x%08x (the others stay)",
                dmus);
        }
        CycHwEnableMidi(AdapterCommon->GetHw());
    } else {
        DPF(D_ERROR, "subdevice Midi: 0x%08x (wave subdevices stay)",
            status);
    }
    ReleaseIf(sublist);
}

// The power object answers both power and PnP management; PortCls keeps its
// own references.
static NTSTATUS RegisterAdapterPower(PDEVICE_OBJECT DeviceObject,
                                     PADAPTERCOMMON AdapterCommon)
{
    PUNKNOWN power = NULL;
    NTSTATUS status = CreateAdapterPowerManagement(&power, AdapterCommon);

    PAGED_CODE();
    if (NT_SUCCESS(status)) {
        status = PcRegisterAdapterPowerManagement(power, DeviceObject);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterAdapterPnpManagement(power, DeviceObject);
    }
    ReleaseIf(power);
    return status;
}

// In the C driver's order: topology and wave, their paths, Midi, power,
// then the optional pairs.
static NTSTATUS CxxAudioStartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                    PRESOURCELIST ResourceList)
{
    PUNKNOWN unknownCommon = NULL;
    PADAPTERCOMMON adapterCommon = NULL;
    PRESOURCELIST commonResources = NULL;
    PUNKNOWN ports[MINIPAIR_COUNT] = {};
    NTSTATUS status;
    ULONG i;

    PAGED_CODE();
    status = CreateAdapterCommon(&unknownCommon, IID_IAdapterCommon, NULL,
                                 NonPagedPoolNx);
    if (NT_SUCCESS(status)) {
        status = unknownCommon->QueryInterface(IID_IAdapterCommon,
                                               (PVOID *)&adapterCommon);
    }
    if (NT_SUCCESS(status)) {
        status = CycNewSharedSublist(ResourceList, CmResourceTypeMemory,
                                  &commonResources);
    }
    if (NT_SUCCESS(status)) {
        status = adapterCommon->Init(commonResources, DeviceObject);
    }
    for (i = 0; NT_SUCCESS(status) && i < MINIPAIR_COUNT; i++) {
        if (!MiniportPairs[i].Optional) {
            status = InstallSubdevice(DeviceObject, Irp, &MiniportPairs[i],
                                      unknownCommon, ResourceList, &ports[i]);
        }
    }
    for (i = 0; NT_SUCCESS(status) && i < SIZEOF_ARRAY(PhysicalConnections);
         i++) {
        status = PcRegisterPhysicalConnection(
            DeviceObject, ports[PhysicalConnections[i].FromPair],
            PhysicalConnections[i].FromPin,
            ports[PhysicalConnections[i].ToPair],
            PhysicalConnections[i].ToPin);
    }
    if (NT_SUCCESS(status)) {
        InstallMidi(DeviceObject, Irp, adapterCommon, ResourceList);
        status = RegisterAdapterPower(DeviceObject, adapterCommon);
    }
    for (i = 0; NT_SUCCESS(status) && i < MINIPAIR_COUNT; i++) {
        const MINIPAIR *pair = &MiniportPairs[i];

        if (pair->Optional &&
            (adapterCommon->GetHw()->Caps & pair->RequiredCaps) ==
                pair->RequiredCaps) {
            // A failure is logged and leaves the other subdevices.
            InstallSubdevice(DeviceObject, Irp, pair, unknownCommon,
                             ResourceList, &ports[i]);
        }
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "StartDevice failed: 0x%08x", status);
    }
    // Ports, miniports and registrations hold what they need; drop ours.
    for (i = 0; i < MINIPAIR_COUNT; i++) {
        ReleaseIf(ports[i]);
    }
    ReleaseIf(adapterCommon);
    ReleaseIf(unknownCommon);
    ReleaseIf(commonResources);
    return status;
}

static NTSTATUS CxxAudioAddDevice(PDRIVER_OBJECT DriverObject,
                                  PDEVICE_OBJECT PhysicalDeviceObject)
{
    NTSTATUS status;

    PAGED_CODE();
    status = PcAddAdapterDevice(DriverObject, PhysicalDeviceObject,
                                CxxAudioStartDevice, CXXAUDIO_MAX_MINIPORTS,
                                0);
    if (NT_SUCCESS(status)) {
        CycWriteIdleSettings(IoGetAttachedDevice(PhysicalDeviceObject));
    }
    return status;
}

// Named as the C driver names its entry: one image holds both drivers, and
// the registration, not the name, makes it the entry point.
extern "C" DRIVER_INITIALIZE CxxAudioDriverEntry;

extern "C" NTSTATUS CxxAudioDriverEntry(PDRIVER_OBJECT DriverObject,
                                        PUNICODE_STRING RegistryPathName)
{
    PAGED_CODE();
    DPF(D_VERBOSE, "DriverEntry");
    return PcInitializeAdapterDriver(DriverObject, RegistryPathName,
                                     CxxAudioAddDevice);
}

NT_REGISTER_DRIVER(CXXAUDIO_DRIVER_NAME, CxxAudioDriverEntry,
                   CYC_PCI_VENDOR_ID, CYC_PCI_DEVICE_ID);

} // namespace cycaudiocxx
