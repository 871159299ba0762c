// SPDX-License-Identifier: MIT
// The C++ cycaudio adapter: its DriverEntry, AddDevice and StartDevice.
// StartDevice makes the adapter common (hardware and interrupt), installs the
// subdevices of the minipairs table and wires the analog paths between them:
// wave render bridge -> topology, topology -> wave capture bridge. All at
// PASSIVE_LEVEL.
#include "cxxaudio.h"

#include <ntrt.h>

namespace cycaudiocxx {

typedef NTSTATUS (*PFNCREATEMINIPORT)(PUNKNOWN *Unknown, REFCLSID ClassId,
                                      PUNKNOWN UnknownOuter,
                                      POOL_TYPE PoolType);

// One subdevice: a port of PortClassId over the miniport Create makes,
// registered under Name.
struct MINIPAIR {
    PCWSTR Name;
    const GUID *PortClassId;
    PFNCREATEMINIPORT Create;
};

enum { MINIPAIR_TOPOLOGY, MINIPAIR_WAVE, MINIPAIR_COUNT };

static const MINIPAIR MiniportPairs[] = {
    { CYC_TOPOLOGY_NAME, &CLSID_PortTopology, CreateMiniportTopologyCxx },
    { CYC_WAVE_NAME, &CLSID_PortWaveCyclic, CreateMiniportWaveCyclicCxx },
};
C_ASSERT(SIZEOF_ARRAY(MiniportPairs) == MINIPAIR_COUNT);
C_ASSERT(MINIPAIR_COUNT <= CXXAUDIO_MAX_MINIPORTS);

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
    if (miniport) {
        miniport->Release();
    }
    if (port) {
        port->Release();
    }
    return status;
}

static NTSTATUS CxxAudioStartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                    PRESOURCELIST ResourceList)
{
    PUNKNOWN unknownCommon = NULL;
    PADAPTERCOMMON adapterCommon = NULL;
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
        status = adapterCommon->Init(ResourceList, DeviceObject);
    }
    for (i = 0; NT_SUCCESS(status) && i < MINIPAIR_COUNT; i++) {
        status = InstallSubdevice(DeviceObject, Irp, &MiniportPairs[i],
                                  unknownCommon, ResourceList, &ports[i]);
    }
    for (i = 0; NT_SUCCESS(status) && i < SIZEOF_ARRAY(PhysicalConnections);
         i++) {
        status = PcRegisterPhysicalConnection(
            DeviceObject, ports[PhysicalConnections[i].FromPair],
            PhysicalConnections[i].FromPin,
            ports[PhysicalConnections[i].ToPair],
            PhysicalConnections[i].ToPin);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "StartDevice failed: 0x%08x", status);
    }
    // Ports, miniports and registrations hold what they need; drop ours.
    for (i = 0; i < MINIPAIR_COUNT; i++) {
        if (ports[i]) {
            ports[i]->Release();
        }
    }
    if (adapterCommon) {
        adapterCommon->Release();
    }
    if (unknownCommon) {
        unknownCommon->Release();
    }
    return status;
}

static NTSTATUS CxxAudioAddDevice(PDRIVER_OBJECT DriverObject,
                                  PDEVICE_OBJECT PhysicalDeviceObject)
{
    PAGED_CODE();
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject,
                              CxxAudioStartDevice, CXXAUDIO_MAX_MINIPORTS, 0);
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
