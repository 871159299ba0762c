/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of PortCls and KS: the WaveCyclic copy algorithm, state
 * stepping, KS request validation, support objects and reference/pool
 * hygiene, driven through IRPs like a client (ksuser) would, against the
 * in-process fake miniports of fake-miniport.c.
 */
#include <stdio.h>
#include <string.h>

#include <portcls.h>
#include <dmusicks.h>
#include <ntrt.h>
#include "fake-miniport.h"
#include "host_arch.h"
#include "runner.h"

/* Private PortCls hook (interrupt_sync.c): runs the ISR list. */
BOOLEAN PcpInterruptSyncSimulate(PINTERRUPTSYNC InterruptSync);

#define TAG(a, b, c, d) \
    ((ULONG)(a) | ((ULONG)(b) << 8) | ((ULONG)(c) << 16) | ((ULONG)(d) << 24))

static const ULONG PortclsTags[] = {
    TAG('P', 'c', 'P', 't'), TAG('P', 'c', 'F', 't'), TAG('P', 'c', 'P', 'n'),
    TAG('P', 'c', 'S', 'g'), TAG('P', 'c', 'D', 'm'), TAG('P', 'c', 'R', 's'),
    TAG('P', 'c', 'I', 's'), TAG('P', 'c', 'R', 'g'), TAG('P', 'c', 'P', 'r'),
    TAG('P', 'c', 'A', 'd'), TAG('K', 's', 'p', ' '),
};

/* The device under test ---------------------------------------------------- */

static DRIVER_EXTENSION AdapterExtension;
static DRIVER_OBJECT AdapterDriver;
static DRIVER_EXTENSION BusExtension;
static DRIVER_OBJECT BusDriver;
static PDEVICE_OBJECT Pdo;
static PDEVICE_OBJECT Fdo;
static SIZE_T BaselineBytes;
static PPORT WavePort;      /* borrowed: valid while registered */
static ULONG BaselineBlocks;

static NTSTATUS NTAPI BusDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = Irp->IoStatus.Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (stack->MajorFunction == IRP_MJ_PNP &&
        (stack->MinorFunction == IRP_MN_START_DEVICE ||
         stack->MinorFunction == IRP_MN_REMOVE_DEVICE)) {
        status = STATUS_SUCCESS;
    }
    if (stack->MajorFunction == IRP_MJ_POWER) {
        PoStartNextPowerIrp(Irp);
        status = STATUS_SUCCESS;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/*
 * The adapter's IAdapterPowerManagement2: a static object recording what
 * PortCls tells it; QueryPowerChangeState answers TestPowerVeto.
 */
typedef struct TestPowerLog {
    ULONG Changes;
    DEVICE_POWER_STATE Device;
    SYSTEM_POWER_STATE System;
    ULONG Queries;
    NTSTATUS Veto;
} TestPowerLog;
static TestPowerLog TestPower;

static NTSTATUS NTAPI TestPower_QueryInterface(IAdapterPowerManagement2 *This,
                                               REFIID Iid, PVOID *Object)
{
    if (IsEqualGUID(Iid, &IID_IUnknown) ||
        IsEqualGUID(Iid, &IID_IAdapterPowerManagement) ||
        IsEqualGUID(Iid, &IID_IAdapterPowerManagement2)) {
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_NOINTERFACE;
}

static ULONG NTAPI TestPower_AddRef(IAdapterPowerManagement2 *This)
{
    UNREFERENCED_PARAMETER(This);
    return 2;
}

static ULONG NTAPI TestPower_Release(IAdapterPowerManagement2 *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

/* Only through PowerChangeState2 when the adapter has it. */
static VOID NTAPI TestPower_PowerChangeState(IAdapterPowerManagement2 *This,
                                             POWER_STATE NewState)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(NewState);
    ck_abort_msg("PowerChangeState called on an IAdapterPowerManagement2");
}

static NTSTATUS NTAPI TestPower_QueryPowerChangeState(
    IAdapterPowerManagement2 *This, POWER_STATE NewStateQuery)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(NewStateQuery);
    TestPower.Queries++;
    return TestPower.Veto;
}

static NTSTATUS NTAPI TestPower_QueryDeviceCapabilities(
    IAdapterPowerManagement2 *This, PDEVICE_CAPABILITIES PowerDeviceCaps)
{
    UNREFERENCED_PARAMETER(This);
    PowerDeviceCaps->DeviceState[PowerSystemSleeping1] = PowerDeviceD3;
    return STATUS_SUCCESS;
}

static VOID NTAPI TestPower_PowerChangeState2(IAdapterPowerManagement2 *This,
                                              DEVICE_POWER_STATE NewDeviceState,
                                              SYSTEM_POWER_STATE NewSystemState)
{
    UNREFERENCED_PARAMETER(This);
    TestPower.Changes++;
    TestPower.Device = NewDeviceState;
    TestPower.System = NewSystemState;
}

static const IAdapterPowerManagement2Vtbl TestPower_Vtbl = {
    .QueryInterface = TestPower_QueryInterface,
    .AddRef = TestPower_AddRef,
    .Release = TestPower_Release,
    .PowerChangeState = TestPower_PowerChangeState,
    .QueryPowerChangeState = TestPower_QueryPowerChangeState,
    .QueryDeviceCapabilities = TestPower_QueryDeviceCapabilities,
    .PowerChangeState2 = TestPower_PowerChangeState2,
};
static IAdapterPowerManagement2 TestPowerObject = { &TestPower_Vtbl };

/* The adapter's IAdapterPnpManagement: counts its notifications. */
typedef struct TestPnpLog {
    PC_REBALANCE_TYPE Type;
    ULONG QueryStops;
    ULONG CancelStops;
    ULONG Stops;
} TestPnpLog;
static TestPnpLog TestPnp;

static NTSTATUS NTAPI TestPnp_QueryInterface(IAdapterPnpManagement *This,
                                             REFIID Iid, PVOID *Object)
{
    if (IsEqualGUID(Iid, &IID_IUnknown) ||
        IsEqualGUID(Iid, &IID_IAdapterPnpManagement)) {
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_NOINTERFACE;
}

static ULONG NTAPI TestPnp_AddRef(IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    return 2;
}

static ULONG NTAPI TestPnp_Release(IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static PC_REBALANCE_TYPE NTAPI TestPnp_GetSupportedRebalanceType(
    IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    return TestPnp.Type;
}

static VOID NTAPI TestPnp_PnpQueryStop(IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    TestPnp.QueryStops++;
}

static VOID NTAPI TestPnp_PnpCancelStop(IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    TestPnp.CancelStops++;
}

static VOID NTAPI TestPnp_PnpStop(IAdapterPnpManagement *This)
{
    UNREFERENCED_PARAMETER(This);
    TestPnp.Stops++;
}

static const IAdapterPnpManagementVtbl TestPnp_Vtbl = {
    .QueryInterface = TestPnp_QueryInterface,
    .AddRef = TestPnp_AddRef,
    .Release = TestPnp_Release,
    .GetSupportedRebalanceType = TestPnp_GetSupportedRebalanceType,
    .PnpQueryStop = TestPnp_PnpQueryStop,
    .PnpCancelStop = TestPnp_PnpCancelStop,
    .PnpStop = TestPnp_PnpStop,
};
static IAdapterPnpManagement TestPnpObject = { &TestPnp_Vtbl };

/* What the last StartDevice was given. */
static PDEVICE_OBJECT StartedDevice;
static PRESOURCELIST StartedResources;

/* A plain C function, as Microsoft's samples write it: PCPFNSTARTDEVICE has
 * no calling convention. */
static NTSTATUS NTAPI TestStartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                      PRESOURCELIST ResourceList)
{
    StartedDevice = DeviceObject;
    StartedResources = ResourceList;
    RtlZeroMemory(&TestPower, sizeof(TestPower));
    RtlZeroMemory(&TestPnp, sizeof(TestPnp));
    TestPnp.Type = PcRebalanceRemoveSubdevices;
    ck_assert_int_eq(PcRegisterAdapterPowerManagement(
                         (PUNKNOWN)&TestPowerObject, DeviceObject),
                     STATUS_SUCCESS);
    ck_assert_int_eq(PcRegisterAdapterPnpManagement(
                         (PUNKNOWN)&TestPnpObject, DeviceObject),
                     STATUS_SUCCESS);
    ck_assert_int_eq(FakeStartDevice(DeviceObject, Irp, ResourceList,
                                     &WavePort), STATUS_SUCCESS);
    return STATUS_SUCCESS;
}

/* PerformanceIdleTime the next AddDevice writes (0: no PowerSettings). */
static ULONG TestIdleSeconds;

/* What the INF's AddReg would have written under PowerSettings. */
static VOID TestWriteIdleSettings(PDEVICE_OBJECT Fdo_, ULONG Seconds)
{
    static const PCWSTR names[] = {
        L"ConservationIdleTime", L"PerformanceIdleTime", L"IdlePowerState",
    };
    ULONG values[] = { 0, Seconds, 3 };
    UNICODE_STRING sub = RTL_CONSTANT_STRING(L"PowerSettings");
    PREGISTRYKEY key = NULL;
    PREGISTRYKEY settings = NULL;

    ck_assert_int_eq(PcNewRegistryKey(&key, NULL, DriverRegistryKey,
                                      KEY_ALL_ACCESS, Fdo_, NULL, NULL, 0,
                                      NULL), STATUS_SUCCESS);
    ck_assert_int_eq(COM_CALL(key, NewSubKey, &settings, NULL, KEY_ALL_ACCESS,
                              &sub, REG_OPTION_NON_VOLATILE, NULL),
                     STATUS_SUCCESS);
    for (ULONG i = 0; i < RTL_NUMBER_OF(names); i++) {
        UNICODE_STRING name;

        RtlInitUnicodeString(&name, names[i]);
        ck_assert_int_eq(COM_CALL(settings, SetValueKey, &name, REG_BINARY,
                                  &values[i], sizeof(ULONG)), STATUS_SUCCESS);
    }
    COM_CALL(settings, Release);
    COM_CALL(key, Release);
}

static NTSTATUS NTAPI TestAddDevice(PDRIVER_OBJECT DriverObject,
                                    PDEVICE_OBJECT PhysicalDeviceObject)
{
    NTSTATUS status = PcAddAdapterDevice(DriverObject, PhysicalDeviceObject,
                                         TestStartDevice, 4, 0);

    if (NT_SUCCESS(status) && TestIdleSeconds != 0) {
        TestWriteIdleSettings(PhysicalDeviceObject->AttachedDevice,
                              TestIdleSeconds);
    }
    return status;
}

static NTSTATUS SendPnp(UCHAR Minor, PCM_RESOURCE_LIST Raw,
                        PCM_RESOURCE_LIST Translated)
{
    PIRP irp = IoAllocateIrp(Fdo->StackSize, FALSE);
    PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
    NTSTATUS status;

    stack->MajorFunction = IRP_MJ_PNP;
    stack->MinorFunction = Minor;
    stack->Parameters.StartDevice.AllocatedResources = Raw;
    stack->Parameters.StartDevice.AllocatedResourcesTranslated = Translated;
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    status = IoCallDriver(Fdo, irp);
    IoFreeIrp(irp);
    return status;
}

/* START with one interrupt resource, as DeviceSetup's first. */
static NTSTATUS SendStart(VOID)
{
    CM_RESOURCE_LIST list;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR d =
        &list.List[0].PartialResourceList.PartialDescriptors[0];

    RtlZeroMemory(&list, sizeof(list));
    list.Count = 1;
    list.List[0].InterfaceType = PCIBus;
    list.List[0].PartialResourceList.Count = 1;
    d->Type = CmResourceTypeInterrupt;
    d->u.Interrupt.Vector = 0x51;
    d->u.Interrupt.Level = 5;
    return SendPnp(IRP_MN_START_DEVICE, &list, &list);
}

static VOID DeviceSetup(VOID)
{
    NTSTATUS status;
    ULONG i;

    host_reset(NULL);
    FakeReset();
    BaselineBlocks = ExpPoolOutstanding(0, &BaselineBytes);
    RtlZeroMemory(&AdapterDriver, sizeof(AdapterDriver));
    RtlZeroMemory(&BusDriver, sizeof(BusDriver));
    AdapterDriver.DriverExtension = &AdapterExtension;
    BusDriver.DriverExtension = &BusExtension;
    AdapterDriver.Type = IO_TYPE_DRIVER;
    BusDriver.Type = IO_TYPE_DRIVER;
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        BusDriver.MajorFunction[i] = BusDispatch;
    }
    status = PcInitializeAdapterDriver(&AdapterDriver, NULL, TestAddDevice);
    ck_assert_int_eq(status, STATUS_SUCCESS);
    status = IoCreateDevice(&BusDriver, 0, NULL, FILE_DEVICE_BUS_EXTENDER, 0,
                            FALSE, &Pdo);
    ck_assert_int_eq(status, STATUS_SUCCESS);
    Pdo->Flags &= ~DO_DEVICE_INITIALIZING;
    status = AdapterExtension.AddDevice(&AdapterDriver, Pdo);
    ck_assert_int_eq(status, STATUS_SUCCESS);
    Fdo = Pdo->AttachedDevice;
    ck_assert_ptr_nonnull(Fdo);
    ck_assert_int_eq(SendStart(), STATUS_SUCCESS);
    ck_assert_int_eq(Fake.LiveObjects, 2);
}

/* REMOVE, then everything PortCls and the fakes allocated must be gone. */
static VOID DeviceTeardown(VOID)
{
    SIZE_T bytes = 0;
    ULONG blocks;

    ck_assert_int_eq(SendPnp(IRP_MN_REMOVE_DEVICE, NULL, NULL),
                     STATUS_SUCCESS);
    IoDeleteDevice(Pdo);
    KeFlushQueuedDpcs();
    ck_assert_msg(Fake.LiveObjects == 0, "%d fake objects still referenced",
                  (int)Fake.LiveObjects);
    blocks = ExpPoolOutstanding(0, &bytes);
    ck_assert_msg(blocks == BaselineBlocks && bytes == BaselineBytes,
                  "pool: %u blocks / %zu bytes outstanding, baseline %u / %zu",
                  (unsigned)blocks, (size_t)bytes, (unsigned)BaselineBlocks,
                  (size_t)BaselineBytes);
}

/* A client: file objects and IRPs ------------------------------------------ */

static PFILE_OBJECT NewFile(PFILE_OBJECT Related)
{
    PFILE_OBJECT fo = g_new0(FILE_OBJECT, 1);

    fo->Type = IO_TYPE_FILE;
    fo->Size = sizeof(FILE_OBJECT);
    fo->DeviceObject = Fdo;
    fo->RelatedFileObject = Related;
    return fo;
}

/* Sends one IRP; a pending one is returned in *Pending (caller frees). */
static NTSTATUS SendIrp(PFILE_OBJECT File, UCHAR Major, ULONG Ioctl,
                        PVOID In, ULONG InLength, PVOID Out, ULONG OutLength,
                        ULONG_PTR *Information, PIRP *Pending)
{
    PIRP irp = IoAllocateIrp(Fdo->StackSize, FALSE);
    PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
    NTSTATUS status;

    stack->MajorFunction = Major;
    stack->FileObject = File;
    stack->Parameters.DeviceIoControl.IoControlCode = Ioctl;
    stack->Parameters.DeviceIoControl.InputBufferLength = InLength;
    stack->Parameters.DeviceIoControl.OutputBufferLength = OutLength;
    stack->Parameters.DeviceIoControl.Type3InputBuffer = In;
    irp->UserBuffer = Out;
    irp->IoStatus.Status = STATUS_PENDING;
    status = IoCallDriver(Fdo, irp);
    if (status == STATUS_PENDING && Pending != NULL) {
        *Pending = irp;
        return status;
    }
    ck_assert_int_ne(status, STATUS_PENDING);
    ck_assert_int_eq(irp->IoStatus.Status, status);
    if (Information != NULL) {
        *Information = irp->IoStatus.Information;
    }
    IoFreeIrp(irp);
    return status;
}

static NTSTATUS OpenFilter(PCWSTR Name, PFILE_OBJECT *Out)
{
    PFILE_OBJECT fo = NewFile(NULL);
    NTSTATUS status;

    RtlInitUnicodeString(&fo->FileName, Name);
    status = SendIrp(fo, IRP_MJ_CREATE, 0, NULL, 0, NULL, 0, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        g_free(fo);
        fo = NULL;
    }
    *Out = fo;
    return status;
}

static VOID CloseFile(PFILE_OBJECT File)
{
    ck_assert_int_eq(SendIrp(File, IRP_MJ_CLOSE, 0, NULL, 0, NULL, 0, NULL,
                             NULL), STATUS_SUCCESS);
    g_free(File);
}

static VOID MakeFormat(KSDATAFORMAT_WAVEFORMATEXTENSIBLE *F, ULONG Rate,
                       USHORT Bits, USHORT Channels, BOOLEAN Extensible)
{
    WAVEFORMATEX *w = &F->WaveFormatExt.Format;

    RtlZeroMemory(F, sizeof(*F));
    F->DataFormat.FormatSize = Extensible ?
        sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE) :
        sizeof(KSDATAFORMAT_WAVEFORMATEX);
    F->DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    F->DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    F->DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    w->wFormatTag = Extensible ? WAVE_FORMAT_EXTENSIBLE : WAVE_FORMAT_PCM;
    w->nChannels = Channels;
    w->nSamplesPerSec = Rate;
    w->wBitsPerSample = Bits;
    w->nBlockAlign = (WORD)(Channels * Bits / 8);
    w->nAvgBytesPerSec = Rate * w->nBlockAlign;
    if (Extensible) {
        w->cbSize = sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX);
        F->WaveFormatExt.Samples.wValidBitsPerSample = Bits;
        F->WaveFormatExt.dwChannelMask = KSAUDIO_SPEAKER_STEREO;
        F->WaveFormatExt.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    }
}

/* KSSTRING_Pin, '\', KSPIN_CONNECT, format: what ksuser's KsCreatePin sends. */
static NTSTATUS OpenPinWith(PFILE_OBJECT Filter, ULONG PinId,
                            const KSDATAFORMAT *Format, PFILE_OBJECT *Out)
{
    static const WCHAR prefix[] = KSSTRING_Pin L"\\";
    KSPIN_CONNECT connect;
    ULONG bytes = sizeof(prefix) - sizeof(WCHAR) + sizeof(connect) +
                  Format->FormatSize;
    PUCHAR name = g_malloc0(bytes + sizeof(WCHAR));
    PFILE_OBJECT fo = NewFile(Filter);
    NTSTATUS status;

    RtlZeroMemory(&connect, sizeof(connect));
    connect.Interface.Set = KSINTERFACESETID_Standard;
    connect.Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    connect.Medium.Set = KSMEDIUMSETID_Standard;
    connect.PinId = PinId;
    connect.Priority.PriorityClass = KSPRIORITY_NORMAL;
    connect.Priority.PrioritySubClass = 1;
    RtlCopyMemory(name, prefix, sizeof(prefix) - sizeof(WCHAR));
    RtlCopyMemory(name + sizeof(prefix) - sizeof(WCHAR), &connect,
                  sizeof(connect));
    RtlCopyMemory(name + sizeof(prefix) - sizeof(WCHAR) + sizeof(connect),
                  Format, Format->FormatSize);
    fo->FileName.Buffer = (PWSTR)name;
    fo->FileName.Length = (USHORT)bytes;
    fo->FileName.MaximumLength = (USHORT)bytes;
    status = SendIrp(fo, IRP_MJ_CREATE, 0, NULL, 0, NULL, 0, NULL, NULL);
    fo->FileName.Buffer = NULL;
    g_free(name);
    if (!NT_SUCCESS(status)) {
        g_free(fo);
        fo = NULL;
    }
    *Out = fo;
    return status;
}

static NTSTATUS OpenPin(PFILE_OBJECT Filter, ULONG PinId, ULONG Rate,
                        USHORT Bits, USHORT Channels, PFILE_OBJECT *Out)
{
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE format;

    MakeFormat(&format, Rate, Bits, Channels, FALSE);
    return OpenPinWith(Filter, PinId, &format.DataFormat, Out);
}

static NTSTATUS Property(PFILE_OBJECT File, const GUID *Set, ULONG Id,
                         ULONG Flags, const VOID *Extra, ULONG ExtraLength,
                         PVOID Value, ULONG ValueLength, ULONG_PTR *Info)
{
    UCHAR in[512];
    PKSPROPERTY prop = (PKSPROPERTY)in;

    ck_assert_uint_le(sizeof(KSPROPERTY) + ExtraLength, sizeof(in));
    RtlZeroMemory(in, sizeof(in));
    prop->Set = *Set;
    prop->Id = Id;
    prop->Flags = Flags;
    if (ExtraLength != 0) {
        RtlCopyMemory(in + sizeof(KSPROPERTY), Extra, ExtraLength);
    }
    return SendIrp(File, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_PROPERTY, in,
                   sizeof(KSPROPERTY) + ExtraLength, Value, ValueLength,
                   Info, NULL);
}

static NTSTATUS PinProperty(PFILE_OBJECT Filter, ULONG Id, ULONG PinId,
                            PVOID Value, ULONG ValueLength, ULONG_PTR *Info)
{
    ULONG extra[2] = { PinId, 0 };

    return Property(Filter, &KSPROPSETID_Pin, Id, KSPROPERTY_TYPE_GET, extra,
                    sizeof(extra), Value, ValueLength, Info);
}

static NTSTATUS SetState(PFILE_OBJECT Pin, KSSTATE State)
{
    return Property(Pin, &KSPROPSETID_Connection,
                    KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_SET, NULL, 0,
                    &State, sizeof(State), NULL);
}

static KSSTATE GetState(PFILE_OBJECT Pin)
{
    KSSTATE state = (KSSTATE)-1;

    ck_assert_int_eq(Property(Pin, &KSPROPSETID_Connection,
                              KSPROPERTY_CONNECTION_STATE,
                              KSPROPERTY_TYPE_GET, NULL, 0, &state,
                              sizeof(state), NULL), STATUS_SUCCESS);
    return state;
}

static KSAUDIO_POSITION GetPosition(PFILE_OBJECT Pin)
{
    KSAUDIO_POSITION pos;

    ck_assert_int_eq(Property(Pin, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_POSITION, KSPROPERTY_TYPE_GET,
                              NULL, 0, &pos, sizeof(pos), NULL),
                     STATUS_SUCCESS);
    return pos;
}

typedef struct Packet {
    KSSTREAM_HEADER Header;
    PIRP Irp;
    NTSTATUS Status;   /* of the IOCTL call itself */
} Packet;

/* Queues Length bytes at Data (render: DataUsed, capture: FrameExtent). */
static VOID StreamIo(PFILE_OBJECT Pin, BOOLEAN Read, Packet *P, PVOID Data,
                     ULONG Length)
{
    RtlZeroMemory(P, sizeof(*P));
    P->Header.Size = sizeof(KSSTREAM_HEADER);
    P->Header.Data = Data;
    P->Header.FrameExtent = Length;
    P->Header.DataUsed = Read ? 0 : Length;
    P->Status = SendIrp(Pin, IRP_MJ_DEVICE_CONTROL,
                        Read ? IOCTL_KS_READ_STREAM : IOCTL_KS_WRITE_STREAM,
                        NULL, 0, &P->Header, sizeof(P->Header), NULL,
                        &P->Irp);
}

static BOOLEAN PacketDone(const Packet *P)
{
    return P->Irp != NULL && P->Irp->IoStatus.Status != STATUS_PENDING;
}

static VOID PacketFree(Packet *P)
{
    ck_assert_msg(PacketDone(P), "freeing a packet still queued");
    IoFreeIrp(P->Irp);
    P->Irp = NULL;
}

/* P was cancelled (STOP, reset or close); frees it. */
static VOID PacketCancelled(Packet *P)
{
    ck_assert(PacketDone(P));
    ck_assert_int_eq(P->Irp->IoStatus.Status, STATUS_CANCELLED);
    PacketFree(P);
}

/* A set-up device, its wave filter and a 48 kHz 16-bit stereo pin PinId. */
static VOID OpenStream(ULONG PinId, PFILE_OBJECT *Filter, PFILE_OBJECT *Pin)
{
    DeviceSetup();
    ck_assert_int_eq(OpenFilter(L"\\Wave", Filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenPin(*Filter, PinId, 48000, 16, 2, Pin),
                     STATUS_SUCCESS);
}

static VOID CloseStream(PFILE_OBJECT Filter, PFILE_OBJECT Pin)
{
    CloseFile(Pin);
    CloseFile(Filter);
    DeviceTeardown();
}

/* The device moved Bytes further; its interrupt notifies the port. */
static VOID DeviceAdvance(ULONG Direction, ULONG Bytes)
{
    Fake.Position[Direction] += Bytes;
    FakeNotify();
    KeFlushQueuedDpcs();
}

static PUCHAR Pattern(ULONG Length, ULONG Seed)
{
    PUCHAR p = g_malloc(Length);
    ULONG i;

    for (i = 0; i < Length; i++) {
        /* never 0, so silence is told apart from data */
        p[i] = (UCHAR)(1 + (i * 7 + Seed) % 251);
    }
    return p;
}

/* Cyclic buffer bytes [Linear, Linear + Length) equal Expect? */
static BOOLEAN CyclicEquals(ULONG Direction, ULONGLONG Linear,
                            const UCHAR *Expect, ULONG Length)
{
    ULONG i;

    for (i = 0; i < Length; i++) {
        if (Fake.Buffer[Direction][(Linear + i) % FAKE_BUFFER_SIZE] !=
            Expect[i]) {
            return FALSE;
        }
    }
    return TRUE;
}

static BOOLEAN CyclicSilent(ULONG Direction, ULONGLONG Linear, ULONG Length)
{
    ULONG i;

    for (i = 0; i < Length; i++) {
        if (Fake.Buffer[Direction][(Linear + i) % FAKE_BUFFER_SIZE] != 0) {
            return FALSE;
        }
    }
    return TRUE;
}

#define LEAD_BYTES 7680u   /* 40 ms of 48 kHz 16-bit stereo */

/* Tests: the render copy --------------------------------------------------- */

/* 40 ms ahead of the position, wrap-around, IRP completion when copied. */
START_TEST(test_render_lead_and_wrap)
{
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    const ULONG total = 96000;
    PUCHAR data = Pattern(total, 3);
    KSAUDIO_POSITION pos;
    Packet packet;
    ULONG step;

    OpenStream(FAKE_PIN_RENDER, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    StreamIo(pin, FALSE, &packet, data, total);
    ck_assert_int_eq(packet.Status, STATUS_PENDING);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);

    pos = GetPosition(pin);
    ck_assert_uint_eq(pos.WriteOffset, LEAD_BYTES);
    ck_assert_uint_eq(pos.PlayOffset, 0);
    ck_assert(CyclicEquals(0, 0, data, LEAD_BYTES));
    ck_assert(CyclicSilent(0, LEAD_BYTES, FAKE_BUFFER_SIZE - LEAD_BYTES));

    for (step = 1; step * FAKE_FRAME_SIZE + LEAD_BYTES <= total; step++) {
        ULONGLONG played = (ULONGLONG)step * FAKE_FRAME_SIZE;

        DeviceAdvance(0, FAKE_FRAME_SIZE);
        pos = GetPosition(pin);
        ck_assert_msg(pos.PlayOffset == played &&
                      pos.WriteOffset == played + LEAD_BYTES,
                      "step %u: play %llu write %llu (want %llu, %llu)",
                      step, pos.PlayOffset, pos.WriteOffset, played,
                      played + LEAD_BYTES);
        ck_assert_msg(CyclicEquals(0, played, data + played, LEAD_BYTES),
                      "step %u: the 40 ms ahead of %llu are not the client's",
                      step, played);
    }
    /* the last byte went into the buffer: the IRP is complete */
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
    ck_assert_uint_eq(packet.Irp->IoStatus.Information, total);
    PacketFree(&packet);
    CloseStream(filter, pin);
    g_free(data);
}
END_TEST

/* A late service (the device moved up to 40 ms, or by an amount that is
 * not a whole period) is caught up in one call: the lead is restored. */
START_TEST(test_render_late_service_catches_up)
{
    /* each at most the 40 ms lead: further would be an underrun */
    static const ULONG moves[] = { 3 * FAKE_FRAME_SIZE, 4, 1000, 17,
                                   2 * FAKE_FRAME_SIZE + 8,
                                   4 * FAKE_FRAME_SIZE };
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    const ULONG total = 96000;
    PUCHAR data = Pattern(total, 7);
    KSAUDIO_POSITION pos;
    Packet packet;
    ULONGLONG played = 0;
    ULONG i;

    OpenStream(FAKE_PIN_RENDER, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    StreamIo(pin, FALSE, &packet, data, total);
    for (i = 0; i < G_N_ELEMENTS(moves); i++) {
        DeviceAdvance(0, moves[i]);
        /* the port counts whole frames (4 bytes) of the position */
        played = (Fake.Position[0] / 4) * 4;
        pos = GetPosition(pin);
        ck_assert_msg(pos.PlayOffset == played &&
                      pos.WriteOffset == played + LEAD_BYTES,
                      "move %u: play %llu write %llu (want %llu, %llu)", i,
                      pos.PlayOffset, pos.WriteOffset, played,
                      played + LEAD_BYTES);
        ck_assert(CyclicEquals(0, played, data + played, LEAD_BYTES));
    }
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    PacketCancelled(&packet);
    CloseStream(filter, pin);
    g_free(data);
}
END_TEST

/* After the client runs dry the device plays silence, never the last lap. */
START_TEST(test_render_underrun_plays_silence)
{
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    const ULONG total = 2 * FAKE_BUFFER_SIZE;
    PUCHAR data = Pattern(total, 11);
    PUCHAR fresh = Pattern(6 * FAKE_FRAME_SIZE, 101);
    KSAUDIO_POSITION pos;
    Packet packet;
    Packet more;
    ULONG step;

    OpenStream(FAKE_PIN_RENDER, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    StreamIo(pin, FALSE, &packet, data, total);
    ck_assert_int_eq(packet.Status, STATUS_PENDING);
    /* play it all and then 30 ms more than there was */
    for (step = 0; step < total / FAKE_FRAME_SIZE + 3; step++) {
        DeviceAdvance(0, FAKE_FRAME_SIZE);
    }
    ck_assert(PacketDone(&packet));
    PacketFree(&packet);
    pos = GetPosition(pin);
    ck_assert_uint_eq(pos.WriteOffset, total);
    ck_assert_uint_eq(pos.PlayOffset, total);
    /* every byte the device can reach before the next lap is silence */
    ck_assert_msg(CyclicSilent(0, Fake.Position[0],
                               FAKE_BUFFER_SIZE - FAKE_FRAME_SIZE),
                  "stale data left in the buffer after an underrun");
    for (step = 0; step < 12; step++) {
        DeviceAdvance(0, FAKE_FRAME_SIZE);
        ck_assert(CyclicSilent(0, Fake.Position[0],
                               FAKE_BUFFER_SIZE - FAKE_FRAME_SIZE));
    }
    /* new data restarts at the device's cursor */
    StreamIo(pin, FALSE, &more, fresh, 6 * FAKE_FRAME_SIZE);
    ck_assert(CyclicEquals(0, Fake.Position[0], fresh, LEAD_BYTES));
    pos = GetPosition(pin);
    ck_assert_uint_eq(pos.WriteOffset, total + LEAD_BYTES);
    ck_assert_uint_eq(pos.PlayOffset, total);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    PacketCancelled(&more);
    CloseStream(filter, pin);
    g_free(data);
    g_free(fresh);
}
END_TEST

/* Capture: everything the device recorded up to its position reaches the
 * client, in order, across IRP boundaries and the buffer wrap. */
START_TEST(test_capture_copies_up_to_position)
{
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    PUCHAR device = Pattern(3 * FAKE_BUFFER_SIZE, 29);
    PUCHAR got = g_malloc0(3 * FAKE_BUFFER_SIZE);
    ULONG recorded = 0;
    ULONG received = 0;
    KSAUDIO_POSITION pos;
    Packet packet;
    ULONG chunk = 4000;

    OpenStream(FAKE_PIN_CAPTURE, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    StreamIo(pin, TRUE, &packet, got, chunk);
    while (recorded < 2 * FAKE_BUFFER_SIZE) {
        ULONG i;

        /* the device writes one period, then interrupts */
        for (i = 0; i < FAKE_FRAME_SIZE; i++) {
            Fake.Buffer[1][(recorded + i) % FAKE_BUFFER_SIZE] =
                device[recorded + i];
        }
        recorded += FAKE_FRAME_SIZE;
        DeviceAdvance(1, FAKE_FRAME_SIZE);
        if (PacketDone(&packet)) {
            ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
            ck_assert_uint_eq(packet.Header.DataUsed, chunk);
            received += chunk;
            PacketFree(&packet);
            StreamIo(pin, TRUE, &packet, got + received, chunk);
        }
        ck_assert_uint_le(received, recorded);
    }
    pos = GetPosition(pin);
    ck_assert_uint_eq(pos.PlayOffset, recorded);
    /* the open packet already holds what was recorded beyond `received` */
    ck_assert_uint_eq(pos.WriteOffset, recorded);
    ck_assert(memcmp(got, device, recorded) == 0);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    PacketCancelled(&packet);
    CloseStream(filter, pin);
    g_free(device);
    g_free(got);
}
END_TEST

/* Tests: states ------------------------------------------------------------ */

static VOID ExpectLog(const KSSTATE *Want, ULONG Count)
{
    ULONG i;

    ck_assert_msg(Fake.LogCount == Count, "%u transitions, want %u",
                  (unsigned)Fake.LogCount, (unsigned)Count);
    for (i = 0; i < Count; i++) {
        ck_assert_msg(Fake.Log[i] == Want[i], "transition %u: %d, want %d",
                      (unsigned)i, (int)Fake.Log[i], (int)Want[i]);
    }
    Fake.LogCount = 0;
}

START_TEST(test_state_steps_and_refusals)
{
    static const KSSTATE up[] = { KSSTATE_ACQUIRE, KSSTATE_PAUSE,
                                  KSSTATE_RUN };
    static const KSSTATE down[] = { KSSTATE_PAUSE, KSSTATE_ACQUIRE,
                                    KSSTATE_STOP };
    static const KSSTATE upToAcquire[] = { KSSTATE_ACQUIRE };
    static const KSSTATE toStop[] = { KSSTATE_STOP };
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE format;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    UCHAR data[64] = { 1 };
    ULONG reset;
    Packet packet;

    OpenStream(FAKE_PIN_RENDER, &filter, &pin);
    ck_assert_int_eq(GetState(pin), KSSTATE_STOP);
    /* stream IRPs are refused in STOP */
    StreamIo(pin, FALSE, &packet, data, sizeof(data));
    ck_assert_int_eq(packet.Status, STATUS_INVALID_DEVICE_STATE);

    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    ExpectLog(up, 3);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    /* the format does not change under a running stream */
    MakeFormat(&format, 44100, 16, 2, FALSE);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_Connection,
                              KSPROPERTY_CONNECTION_DATAFORMAT,
                              KSPROPERTY_TYPE_SET, NULL, 0, &format,
                              format.DataFormat.FormatSize, NULL),
                     STATUS_INVALID_DEVICE_STATE);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    ExpectLog(down, 3);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_Connection,
                              KSPROPERTY_CONNECTION_DATAFORMAT,
                              KSPROPERTY_TYPE_SET, NULL, 0, &format,
                              format.DataFormat.FormatSize, NULL),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(Fake.SetFormatCalls, 1);

    /* KSSTATE has four values */
    ck_assert_int_eq(SetState(pin, (KSSTATE)4), STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(Fake.LogCount, 0);

    /* a miniport refusing PAUSE leaves the pin in ACQUIRE with its status */
    Fake.RefuseValid = TRUE;
    Fake.Refuse = KSSTATE_PAUSE;
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_UNSUCCESSFUL);
    ExpectLog(upToAcquire, 1);
    ck_assert_int_eq(GetState(pin), KSSTATE_ACQUIRE);
    Fake.RefuseValid = FALSE;

    /* reset cancels queued data and refuses more until it ends */
    StreamIo(pin, FALSE, &packet, data, sizeof(data));
    ck_assert_int_eq(packet.Status, STATUS_PENDING);
    reset = KSRESET_BEGIN;
    ck_assert_int_eq(SendIrp(pin, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_RESET_STATE,
                             &reset, sizeof(reset), NULL, 0, NULL, NULL),
                     STATUS_SUCCESS);
    PacketCancelled(&packet);
    StreamIo(pin, FALSE, &packet, data, sizeof(data));
    ck_assert_int_eq(packet.Status, STATUS_DEVICE_NOT_READY);
    reset = KSRESET_END;
    ck_assert_int_eq(SendIrp(pin, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_RESET_STATE,
                             &reset, sizeof(reset), NULL, 0, NULL, NULL),
                     STATUS_SUCCESS);
    /* an empty packet completes at once instead of blocking the queue */
    StreamIo(pin, FALSE, &packet, data, 0);
    ck_assert_int_eq(packet.Status, STATUS_SUCCESS);
    StreamIo(pin, FALSE, &packet, data, sizeof(data));
    ck_assert_int_eq(packet.Status, STATUS_PENDING);
    /* closing a pin with queued data cancels it and steps down to STOP */
    CloseFile(pin);
    PacketCancelled(&packet);
    ExpectLog(toStop, 1);
    CloseFile(filter);
    DeviceTeardown();
}
END_TEST

/* Tests: bad requests ------------------------------------------------------ */

START_TEST(test_bad_requests)
{
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE format;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    PFILE_OBJECT other;
    ULONG value = 0;
    UCHAR small[2];
    ULONG_PTR info = 0;

    DeviceSetup();
    ck_assert_int_eq(OpenFilter(L"\\NoSuchFilter", &other),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(OpenFilter(L"\\Wave", &filter), STATUS_SUCCESS);
    /* rate, bits and channels outside the pin's data range: the port checks
     * only the GUIDs (KsValidateConnectRequest); the miniport's NewStream
     * refuses, and the client gets its status */
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 96000, 16, 2, &other),
                     STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(Fake.FormatsRefused, 1);
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 48000, 24, 2, &other),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 48000, 16, 6, &other),
                     STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(Fake.FormatsRefused, 3);
    /* a malformed format is the miniport's to refuse as well */
    MakeFormat(&format, 48000, 16, 2, FALSE);
    format.WaveFormatExt.Format.nBlockAlign = 3;
    ck_assert_int_eq(OpenPinWith(filter, FAKE_PIN_RENDER, &format.DataFormat,
                                 &other), STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(Fake.FormatsRefused, 4);
    /* GUIDs no range of the pin has are the port's STATUS_NO_MATCH, before
     * any miniport call */
    MakeFormat(&format, 48000, 16, 2, FALSE);
    format.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    ck_assert_int_eq(OpenPinWith(filter, FAKE_PIN_RENDER, &format.DataFormat,
                                 &other), STATUS_NO_MATCH);
    MakeFormat(&format, 48000, 16, 2, FALSE);
    format.DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    ck_assert_int_eq(OpenPinWith(filter, FAKE_PIN_RENDER, &format.DataFormat,
                                 &other), STATUS_NO_MATCH);
    ck_assert_uint_eq(Fake.FormatsRefused, 4);
    /* a range's KSDATAFORMAT_SUBTYPE_WILDCARD fits any subformat: the
     * miniport judges (and here refuses 8-bit) */
    FakeSetStreamSubFormat(&KSDATAFORMAT_SUBTYPE_WILDCARD);
    MakeFormat(&format, 48000, 8, 2, FALSE);
    format.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    ck_assert_int_eq(OpenPinWith(filter, FAKE_PIN_RENDER, &format.DataFormat,
                                 &other), STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(Fake.FormatsRefused, 5);
    FakeSetStreamSubFormat(&KSDATAFORMAT_SUBTYPE_PCM);
    /* WAVEFORMATEXTENSIBLE is accepted like WAVEFORMATEX */
    MakeFormat(&format, 48000, 16, 2, TRUE);
    ck_assert_int_eq(OpenPinWith(filter, FAKE_PIN_RENDER, &format.DataFormat,
                                 &pin), STATUS_SUCCESS);
    /* pin factory id out of range */
    ck_assert_int_eq(OpenPin(filter, 9, 48000, 16, 2, &other),
                     STATUS_INVALID_PARAMETER);
    /* one render instance per filter; bridge pins have none */
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 48000, 16, 2, &other),
                     STATUS_INSUFFICIENT_RESOURCES);
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_SPEAKER, 48000, 16, 2, &other),
                     STATUS_NO_MATCH);
    /* property buffers */
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES,
                              KSPROPERTY_TYPE_GET, NULL, 0, small,
                              sizeof(small), NULL), STATUS_BUFFER_TOO_SMALL);
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES,
                              KSPROPERTY_TYPE_GET, NULL, 0, NULL, 0, &info),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(info, sizeof(ULONG));
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_DATAFLOW, 9, &value,
                                 sizeof(value), NULL),
                     STATUS_INVALID_PARAMETER);
    /* a set nobody implements, an id the Pin set does not have */
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Stream, 0,
                              KSPROPERTY_TYPE_GET, NULL, 0, &value,
                              sizeof(value), NULL), STATUS_PROPSET_NOT_FOUND);
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_NAME,
                                 FAKE_PIN_RENDER, &value, sizeof(value),
                                 NULL), STATUS_NOT_FOUND);
    /* a KSPROPERTY shorter than itself */
    ck_assert_int_eq(SendIrp(filter, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_PROPERTY,
                             &value, sizeof(value), &value, sizeof(value),
                             NULL, NULL), STATUS_BUFFER_TOO_SMALL);
    /* stream IOCTLs on a filter, reads on a render pin */
    ck_assert_int_eq(SendIrp(filter, IRP_MJ_DEVICE_CONTROL,
                             IOCTL_KS_WRITE_STREAM, NULL, 0, NULL, 0, NULL,
                             NULL), STATUS_INVALID_DEVICE_REQUEST);
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    {
        Packet packet;
        UCHAR data[16];

        StreamIo(pin, TRUE, &packet, data, sizeof(data));
        ck_assert_int_eq(packet.Status, STATUS_INVALID_DEVICE_REQUEST);
    }
    CloseStream(filter, pin);
}
END_TEST

/* Tests: filter properties ------------------------------------------------- */

START_TEST(test_pin_and_topology_properties)
{
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    ULONG value = 0;
    KSPIN_CINSTANCES instances;
    UCHAR buffer[512];
    PKSMULTIPLE_ITEM items = (PKSMULTIPLE_ITEM)buffer;
    ULONG_PTR info = 0;
    GUID guid;
    struct {
        ULONG PinId;
        ULONG Reserved;
        KSMULTIPLE_ITEM Items;
        KSDATARANGE_AUDIO Range;
    } intersect;
    PKSDATAFORMAT_WAVEFORMATEX result = (PKSDATAFORMAT_WAVEFORMATEX)buffer;

    DeviceSetup();
    ck_assert_int_eq(OpenFilter(L"\\Wave", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES,
                              KSPROPERTY_TYPE_GET, NULL, 0, &value,
                              sizeof(value), NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(value, 4);
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_DATAFLOW,
                                 FAKE_PIN_CAPTURE, &value, sizeof(value),
                                 NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(value, KSPIN_DATAFLOW_OUT);
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_COMMUNICATION,
                                 FAKE_PIN_SPEAKER, &value, sizeof(value),
                                 NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(value, KSPIN_COMMUNICATION_NONE);
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_CATEGORY,
                                 FAKE_PIN_SPEAKER, &guid, sizeof(guid),
                                 NULL), STATUS_SUCCESS);
    ck_assert(IsEqualGUIDAligned(&guid, &KSNODETYPE_SPEAKER));
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_CINSTANCES,
                                 FAKE_PIN_RENDER, &instances,
                                 sizeof(instances), NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(instances.PossibleCount, 1);
    ck_assert_uint_eq(instances.CurrentCount, 0);
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 48000, 16, 2, &pin),
                     STATUS_SUCCESS);
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_CINSTANCES,
                                 FAKE_PIN_RENDER, &instances,
                                 sizeof(instances), NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(instances.CurrentCount, 1);
    CloseFile(pin);

    /* data ranges: size query, header only, full */
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_DATARANGES,
                                 FAKE_PIN_RENDER, NULL, 0, &info),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(info, sizeof(KSMULTIPLE_ITEM) +
                      sizeof(KSDATARANGE_AUDIO));
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_DATARANGES,
                                 FAKE_PIN_RENDER, buffer, sizeof(buffer),
                                 &info), STATUS_SUCCESS);
    ck_assert_uint_eq(items->Count, 1);
    ck_assert_uint_eq(((PKSDATARANGE_AUDIO)(items + 1))->MaximumSampleFrequency,
                      48000);

    /* intersection: the port's default PCM handler picks the best format */
    RtlZeroMemory(&intersect, sizeof(intersect));
    intersect.PinId = FAKE_PIN_RENDER;
    intersect.Items.Size = sizeof(KSMULTIPLE_ITEM) + sizeof(KSDATARANGE_AUDIO);
    intersect.Items.Count = 1;
    intersect.Range.DataRange.FormatSize = sizeof(KSDATARANGE_AUDIO);
    intersect.Range.DataRange.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    intersect.Range.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    intersect.Range.DataRange.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    intersect.Range.MaximumChannels = 8;
    intersect.Range.MinimumBitsPerSample = 8;
    intersect.Range.MaximumBitsPerSample = 32;
    intersect.Range.MinimumSampleFrequency = 8000;
    intersect.Range.MaximumSampleFrequency = 192000;
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin,
                              KSPROPERTY_PIN_DATAINTERSECTION,
                              KSPROPERTY_TYPE_GET, &intersect,
                              sizeof(intersect), NULL, 0, &info),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(info, sizeof(KSDATAFORMAT_WAVEFORMATEX));
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin,
                              KSPROPERTY_PIN_DATAINTERSECTION,
                              KSPROPERTY_TYPE_GET, &intersect,
                              sizeof(intersect), buffer, sizeof(buffer),
                              &info), STATUS_SUCCESS);
    ck_assert_uint_eq(result->WaveFormatEx.nSamplesPerSec, 48000);
    ck_assert_uint_eq(result->WaveFormatEx.wBitsPerSample, 16);
    ck_assert_uint_eq(result->WaveFormatEx.nChannels, 2);
    ck_assert_uint_eq(result->WaveFormatEx.nBlockAlign, 4);
    intersect.Range.MinimumSampleFrequency = 96000;
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin,
                              KSPROPERTY_PIN_DATAINTERSECTION,
                              KSPROPERTY_TYPE_GET, &intersect,
                              sizeof(intersect), buffer, sizeof(buffer),
                              NULL), STATUS_NO_MATCH);

    /* a proposed format is checked like a pin create would */
    {
        ULONG pinExtra[2] = { FAKE_PIN_RENDER, 0 };
        KSDATAFORMAT_WAVEFORMATEXTENSIBLE proposed;

        MakeFormat(&proposed, 44100, 16, 1, FALSE);
        ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin,
                                  KSPROPERTY_PIN_PROPOSEDATAFORMAT,
                                  KSPROPERTY_TYPE_SET, pinExtra,
                                  sizeof(pinExtra), &proposed,
                                  proposed.DataFormat.FormatSize, NULL),
                         STATUS_SUCCESS);
        MakeFormat(&proposed, 44100, 8, 1, FALSE);
        ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin,
                                  KSPROPERTY_PIN_PROPOSEDATAFORMAT,
                                  KSPROPERTY_TYPE_SET, pinExtra,
                                  sizeof(pinExtra), &proposed,
                                  proposed.DataFormat.FormatSize, NULL),
                         STATUS_NO_MATCH);
    }

    /* topology of the wave filter */
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Topology,
                              KSPROPERTY_TOPOLOGY_NODES, KSPROPERTY_TYPE_GET,
                              NULL, 0, buffer, sizeof(buffer), NULL),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(items->Count, 1);
    ck_assert(IsEqualGUIDAligned((GUID *)(items + 1), &KSNODETYPE_VOLUME));
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Topology,
                              KSPROPERTY_TOPOLOGY_CONNECTIONS,
                              KSPROPERTY_TYPE_GET, NULL, 0, buffer,
                              sizeof(KSMULTIPLE_ITEM), NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(items->Count, 3);
    ck_assert_uint_eq(items->Size, sizeof(KSMULTIPLE_ITEM) +
                      3 * sizeof(KSTOPOLOGY_CONNECTION));
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Topology,
                              KSPROPERTY_TOPOLOGY_CATEGORIES,
                              KSPROPERTY_TYPE_GET, NULL, 0, buffer,
                              sizeof(buffer), NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(items->Count, 3);
    ck_assert(IsEqualGUIDAligned((GUID *)(items + 1) + 1,
                                 &KSCATEGORY_RENDER));
    CloseFile(filter);
    DeviceTeardown();
}
END_TEST

/* Volume and mute on the topology filter reach the miniport's handlers. */
START_TEST(test_topology_node_properties)
{
    PFILE_OBJECT topo;
    PFILE_OBJECT pin;
    struct {
        ULONG NodeId;
        ULONG Reserved;
        LONG Channel;
        ULONG Reserved2;
    } node = { FAKE_TOPO_NODE_VOLUME, 0, 1, 0 };
    LONG level = -6 * 65536;
    BOOL mute = TRUE;
    ULONG access = 0;
    ULONG flags = KSPROPERTY_TYPE_TOPOLOGY;

    DeviceSetup();
    ck_assert_int_eq(OpenFilter(L"\\Topology", &topo), STATUS_SUCCESS);
    ck_assert_int_eq(Property(topo, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_VOLUMELEVEL,
                              flags | KSPROPERTY_TYPE_SET, &node,
                              sizeof(node), &level, sizeof(level), NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(Fake.Volume[1], -6 * 65536);
    level = 10 * 65536;
    ck_assert_int_eq(Property(topo, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_VOLUMELEVEL,
                              flags | KSPROPERTY_TYPE_SET, &node,
                              sizeof(node), &level, sizeof(level), NULL),
                     STATUS_SUCCESS);
    level = 1;
    ck_assert_int_eq(Property(topo, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_VOLUMELEVEL,
                              flags | KSPROPERTY_TYPE_GET, &node,
                              sizeof(node), &level, sizeof(level), NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(level, 0);   /* clamped to the maximum */
    ck_assert_int_eq(Property(topo, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_VOLUMELEVEL,
                              flags | KSPROPERTY_TYPE_BASICSUPPORT, &node,
                              sizeof(node), &access, sizeof(access), NULL),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(access & (KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET),
                      KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET);
    node.NodeId = FAKE_TOPO_NODE_MUTE;
    ck_assert_int_eq(Property(topo, &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUTE,
                              flags | KSPROPERTY_TYPE_SET, &node,
                              sizeof(node), &mute, sizeof(mute), NULL),
                     STATUS_SUCCESS);
    ck_assert(Fake.Mute);
    /* volume is not a property of the mute node, node 7 does not exist */
    ck_assert_int_eq(Property(topo, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_VOLUMELEVEL,
                              flags | KSPROPERTY_TYPE_GET, &node,
                              sizeof(node), &level, sizeof(level), NULL),
                     STATUS_NOT_FOUND);
    node.NodeId = 7;
    ck_assert_int_eq(Property(topo, &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUTE,
                              flags | KSPROPERTY_TYPE_GET, &node,
                              sizeof(node), &mute, sizeof(mute), NULL),
                     STATUS_INVALID_PARAMETER);
    /* bridge pins cannot be instantiated */
    ck_assert_int_eq(OpenPin(topo, FAKE_TOPO_PIN_IN, 48000, 16, 2, &pin),
                     STATUS_NO_MATCH);
    /* a handler may answer later; the IRP pends until it does */
    {
        UCHAR in[sizeof(KSPROPERTY)];
        PKSPROPERTY prop = (PKSPROPERTY)in;
        ULONG answer = 0;
        PIRP irp = NULL;

        prop->Set = KSPROPSETID_Audio;
        prop->Id = KSPROPERTY_AUDIO_DEV_SPECIFIC;
        prop->Flags = KSPROPERTY_TYPE_GET;
        ck_assert_int_eq(SendIrp(topo, IRP_MJ_DEVICE_CONTROL,
                                 IOCTL_KS_PROPERTY, in, sizeof(in), &answer,
                                 sizeof(answer), NULL, &irp), STATUS_PENDING);
        ck_assert_ptr_nonnull(Fake.Pending);
        ck_assert_int_eq(irp->IoStatus.Status, STATUS_PENDING);
        *(PULONG)Fake.Pending->Value = 0xfeed;
        Fake.Pending->ValueSize = sizeof(ULONG);
        ck_assert_int_eq(PcCompletePendingPropertyRequest(Fake.Pending,
                                                          STATUS_SUCCESS),
                         STATUS_SUCCESS);
        ck_assert_int_eq(irp->IoStatus.Status, STATUS_SUCCESS);
        ck_assert_uint_eq(irp->IoStatus.Information, sizeof(ULONG));
        ck_assert_uint_eq(answer, 0xfeed);
        IoFreeIrp(irp);
    }
    CloseFile(topo);
    DeviceTeardown();
}
END_TEST

/* Tests: hygiene ----------------------------------------------------------- */

static ULONG PortclsBlocks(VOID)
{
    ULONG total = 0;
    ULONG i;

    for (i = 0; i < G_N_ELEMENTS(PortclsTags); i++) {
        SIZE_T bytes;

        total += ExpPoolOutstanding(PortclsTags[i], &bytes);
    }
    return total;
}

/* Open, stream, close a hundred times: no object or pool block survives. */
START_TEST(test_open_stream_close_100_times)
{
    PUCHAR data = Pattern(4 * FAKE_FRAME_SIZE, 5);
    ULONG before;
    ULONG round;

    DeviceSetup();
    before = PortclsBlocks();
    for (round = 0; round < 100; round++) {
        PFILE_OBJECT filter;
        PFILE_OBJECT pin;
        Packet a;
        Packet b;

        ck_assert_int_eq(OpenFilter(L"\\Wave", &filter), STATUS_SUCCESS);
        ck_assert_int_eq(OpenPin(filter, round % 2 ? FAKE_PIN_CAPTURE :
                                 FAKE_PIN_RENDER, 48000, 16, 2, &pin),
                         STATUS_SUCCESS);
        ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
        StreamIo(pin, round % 2, &a, data, FAKE_FRAME_SIZE);
        StreamIo(pin, round % 2, &b, data, 4 * FAKE_FRAME_SIZE);
        DeviceAdvance(round % 2, FAKE_FRAME_SIZE);
        DeviceAdvance(round % 2, FAKE_FRAME_SIZE);
        ck_assert_int_eq(Fake.LiveObjects, 3);
        CloseFile(pin);
        CloseFile(filter);
        ck_assert(PacketDone(&a) && PacketDone(&b));
        PacketFree(&a);
        PacketFree(&b);
        ck_assert_msg(PortclsBlocks() == before,
                      "round %u: %u PortCls blocks, %u before", round,
                      (unsigned)PortclsBlocks(), (unsigned)before);
        ck_assert_int_eq(Fake.LiveObjects, 2);
    }
    g_free(data);
    DeviceTeardown();
}
END_TEST

/* IUnregisterSubdevice with a pin still open: the miniport goes at once,
 * the pin and filter fail politely (the pin may stop, not start again), and
 * closing them frees the rest. */
START_TEST(test_unregister_with_open_pin)
{
    PUNREGISTERSUBDEVICE unregister = NULL;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    PFILE_OBJECT again;
    ULONG value;
    KSSTATE state = KSSTATE_RUN;

    OpenStream(FAKE_PIN_RENDER, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    ck_assert_int_eq(WavePort->lpVtbl->QueryInterface(
                         WavePort, &IID_IUnregisterSubdevice,
                         (PVOID *)&unregister), STATUS_SUCCESS);
    ck_assert_int_eq(unregister->lpVtbl->UnregisterSubdevice(
                         unregister, Fdo, (PUNKNOWN)WavePort),
                     STATUS_SUCCESS);
    ck_assert_int_eq(unregister->lpVtbl->UnregisterSubdevice(
                         unregister, Fdo, (PUNKNOWN)WavePort),
                     STATUS_NOT_FOUND);
    unregister->lpVtbl->Release(unregister);
    /* the stream (and through it the miniport) lives until the pin closes */
    ck_assert_int_eq(Fake.LiveObjects, 3);
    ck_assert_int_eq(OpenFilter(L"\\Wave", &again),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(Property(filter, &KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES,
                              KSPROPERTY_TYPE_GET, NULL, 0, &value,
                              sizeof(value), NULL), STATUS_DEVICE_NOT_READY);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_VOLUMELEVEL,
                              KSPROPERTY_TYPE_GET, NULL, 0, &value,
                              sizeof(value), NULL), STATUS_DEVICE_NOT_READY);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    ck_assert_int_eq(SetState(pin, state), STATUS_DEVICE_NOT_READY);
    ck_assert_int_eq(GetState(pin), KSSTATE_STOP);
    CloseFile(pin);
    CloseFile(filter);
    ck_assert_int_eq(Fake.LiveObjects, 1);
    DeviceTeardown();
}
END_TEST

/* Tests: power (issue 11) ------------------------------------------------ */

/* A system power IRP as the power manager sends it; its status. */
static NTSTATUS SendSystemPower(UCHAR Minor, SYSTEM_POWER_STATE State)
{
    PIRP irp = IoAllocateIrp(Fdo->StackSize, FALSE);
    PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
    NTSTATUS status;

    stack->MajorFunction = IRP_MJ_POWER;
    stack->MinorFunction = Minor;
    stack->Parameters.Power.Type = SystemPowerState;
    stack->Parameters.Power.State.SystemState = State;
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    IoCallDriver(Fdo, irp);
    status = irp->IoStatus.Status;
    IoFreeIrp(irp);
    return status;
}

#define PLAY_BYTES 96000u   /* 500 ms: more than the tests play */

/* A render pin running with one packet of PLAY_BYTES of Data queued. */
static VOID OpenPlaying(PUCHAR Data, PFILE_OBJECT *Filter, PFILE_OBJECT *Pin,
                        Packet *P)
{
    OpenStream(FAKE_PIN_RENDER, Filter, Pin);
    ck_assert_int_eq(SetState(*Pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    StreamIo(*Pin, FALSE, P, Data, PLAY_BYTES);
    ck_assert_int_eq(SetState(*Pin, KSSTATE_RUN), STATUS_SUCCESS);
}

/*
 * D3 pauses a running render pin and stops its miniport stream (the device
 * loses its position); the buffer turns so the unplayed data starts at
 * offset 0. D0 walks the stream back to RUN and it continues from the same
 * byte. The miniport hears both through IPowerNotify, the adapter through
 * PowerChangeState2; a repeated request changes nothing.
 */
START_TEST(test_power_pauses_and_resumes_render)
{
    static const KSSTATE want[] = {
        KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN,
        KSSTATE_PAUSE, KSSTATE_ACQUIRE, KSSTATE_STOP,
        KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN,
    };
    const ULONG played = 3 * FAKE_FRAME_SIZE;
    PUCHAR data = Pattern(PLAY_BYTES, 5);
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    KSAUDIO_POSITION pos;
    Packet packet;

    OpenPlaying(data, &filter, &pin, &packet);
    DeviceAdvance(0, played);

    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceD3),
                     STATUS_SUCCESS);
    ck_assert_int_eq(GetState(pin), KSSTATE_PAUSE);
    ck_assert_uint_eq(TestPower.Changes, 1);
    ck_assert_uint_eq(TestPower.Device, PowerDeviceD3);
    ck_assert_uint_eq(Fake.PowerNotifies, 1);
    ck_assert_uint_eq(Fake.PowerNotified, PowerDeviceD3);
    ck_assert(CyclicEquals(0, 0, data + played, LEAD_BYTES));
    pos = GetPosition(pin);
    ck_assert_uint_eq(pos.PlayOffset, played);
    ck_assert_uint_eq(pos.WriteOffset, played + LEAD_BYTES);
    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceD3),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(TestPower.Changes, 1);

    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceD0),
                     STATUS_SUCCESS);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    ck_assert_uint_eq(TestPower.Changes, 2);
    ck_assert_uint_eq(TestPower.Device, PowerDeviceD0);
    ck_assert_uint_eq(Fake.PowerNotified, PowerDeviceD0);
    ck_assert_uint_eq(Fake.LogCount, RTL_NUMBER_OF(want));
    ck_assert(memcmp(Fake.Log, want, sizeof(want)) == 0);
    DeviceAdvance(0, FAKE_FRAME_SIZE);
    pos = GetPosition(pin);
    ck_assert_uint_eq(pos.PlayOffset, played + FAKE_FRAME_SIZE);
    ck_assert(CyclicEquals(0, FAKE_FRAME_SIZE,
                           data + played + FAKE_FRAME_SIZE, LEAD_BYTES));
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    PacketCancelled(&packet);
    CloseStream(filter, pin);
    g_free(data);
}
END_TEST

/*
 * Advances the host clock to T ns after Base, then passes a passive point
 * (the IRQL drops to PASSIVE_LEVEL) where queued work items run, as they do
 * in a guest thread's wait.
 */
static VOID AdvanceTo(uint64_t Base, uint64_t T)
{
    KIRQL oldIrql;

    host_advance_ns(Base + T - host_now_ns());
    KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
    KeLowerIrql(oldIrql);
}

#define IDLE_S 2u
#define NS_PER_S 1000000000ull

/*
 * Idle power-down: PowerSettings' PerformanceIdleTime (2 s) and
 * IdlePowerState (D3) registered at START; the power manager counts idle
 * seconds on its 1 s tick from the registration, so with nothing open the
 * device goes to D3 at exactly 2 s. A create brings it back to D0 first; a
 * running pin holds it busy (nothing for 5 s); after the pin stops at
 * 7.5 s the count starts again: D3 at the tick of 9 s.
 */
START_TEST(test_power_idle_detection)
{
    PUCHAR data = Pattern(PLAY_BYTES, 5);
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;
    uint64_t t0;

    TestIdleSeconds = IDLE_S;
    DeviceSetup();
    TestIdleSeconds = 0;
    t0 = host_now_ns();
    AdvanceTo(t0, IDLE_S * NS_PER_S - 1);
    ck_assert_uint_eq(TestPower.Changes, 0);
    AdvanceTo(t0, IDLE_S * NS_PER_S);
    ck_assert_uint_eq(TestPower.Changes, 1);
    ck_assert_uint_eq(TestPower.Device, PowerDeviceD3);
    ck_assert_uint_eq(TestPower.System, PowerSystemWorking);
    AdvanceTo(t0, 4 * NS_PER_S);
    ck_assert_uint_eq(TestPower.Changes, 1);

    ck_assert_int_eq(OpenFilter(L"\\Wave", &filter), STATUS_SUCCESS);
    ck_assert_uint_eq(TestPower.Changes, 2);
    ck_assert_uint_eq(TestPower.Device, PowerDeviceD0);
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 48000, 16, 2, &pin),
                     STATUS_SUCCESS);
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    StreamIo(pin, FALSE, &packet, data, PLAY_BYTES);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    AdvanceTo(t0, 7 * NS_PER_S + NS_PER_S / 2);
    ck_assert_uint_eq(TestPower.Changes, 2);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    PacketCancelled(&packet);
    AdvanceTo(t0, 9 * NS_PER_S - 1);
    ck_assert_uint_eq(TestPower.Changes, 2);
    AdvanceTo(t0, 9 * NS_PER_S);
    ck_assert_uint_eq(TestPower.Changes, 3);
    ck_assert_uint_eq(TestPower.Device, PowerDeviceD3);
    CloseStream(filter, pin);
    g_free(data);
}
END_TEST

/* The fake device writes Periods periods of Source at buffer offset At. */
static VOID CaptureDeviceWrites(const UCHAR *Source, ULONG At, ULONG Periods)
{
    ULONG i;

    for (i = 0; i < Periods * FAKE_FRAME_SIZE; i++) {
        Fake.Buffer[1][(At + i) % FAKE_BUFFER_SIZE] = Source[i];
    }
    for (i = 0; i < Periods; i++) {
        DeviceAdvance(1, FAKE_FRAME_SIZE);
    }
}

/*
 * Capture across D3: what the device wrote before the power-down and the
 * client had not collected stays in the buffer (turned to the lap boundary);
 * after D0 the device writes again from offset 0, and the client reads both,
 * every byte once, in order.
 */
START_TEST(test_power_capture_keeps_uncollected_data)
{
    const ULONG before = 3 * FAKE_FRAME_SIZE;
    const ULONG after = 2 * FAKE_FRAME_SIZE;
    PUCHAR device = Pattern(before + after, 31);
    PUCHAR got = g_malloc0(before + after);
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;

    OpenStream(FAKE_PIN_CAPTURE, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    CaptureDeviceWrites(device, 0, 3);
    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceD3),
                     STATUS_SUCCESS);
    ck_assert_int_eq(GetState(pin), KSSTATE_PAUSE);
    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceD0),
                     STATUS_SUCCESS);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    CaptureDeviceWrites(device + before, 0, 2);
    StreamIo(pin, TRUE, &packet, got, before + after);
    FakeNotify();
    KeFlushQueuedDpcs();
    ck_assert(PacketDone(&packet));
    ck_assert_uint_eq(packet.Header.DataUsed, before + after);
    ck_assert(memcmp(got, device, before + after) == 0);
    PacketFree(&packet);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    CloseStream(filter, pin);
    g_free(device);
    g_free(got);
}
END_TEST

/*
 * System IRPs: S3 maps to D3 through the capabilities (the adapter's
 * QueryDeviceCapabilities may change the map) and reaches the adapter with
 * the system state; a query the adapter refuses fails with its status and
 * changes nothing; S0 returns to D0.
 */
START_TEST(test_power_system_irps)
{
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;

    OpenStream(FAKE_PIN_RENDER, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    TestPower.Veto = STATUS_DEVICE_BUSY;
    ck_assert_int_eq(SendSystemPower(IRP_MN_QUERY_POWER, PowerSystemSleeping3),
                     STATUS_DEVICE_BUSY);
    ck_assert_uint_eq(TestPower.Queries, 1);
    ck_assert_uint_eq(TestPower.Changes, 0);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    TestPower.Veto = STATUS_SUCCESS;
    ck_assert_int_eq(SendSystemPower(IRP_MN_QUERY_POWER, PowerSystemSleeping1),
                     STATUS_SUCCESS);
    ck_assert_int_eq(SendSystemPower(IRP_MN_SET_POWER, PowerSystemSleeping1),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(TestPower.Device, PowerDeviceD3);
    ck_assert_uint_eq(TestPower.System, PowerSystemSleeping1);
    ck_assert_int_eq(GetState(pin), KSSTATE_PAUSE);
    ck_assert_int_eq(SendSystemPower(IRP_MN_SET_POWER, PowerSystemWorking),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(TestPower.Device, PowerDeviceD0);
    ck_assert_uint_eq(TestPower.System, PowerSystemWorking);
    ck_assert_uint_eq(TestPower.Changes, 2);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceMaximum),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    CloseStream(filter, pin);
}
END_TEST

/*
 * Rebalance as Microsoft documents it for PortCls: QUERY_STOP fails unless
 * the adapter supports PcRebalanceRemoveSubdevices; STOP stops the running
 * stream (its queued IRP is cancelled), calls PnpStop and drops the
 * subdevices (the open pin answers STATUS_DEVICE_NOT_READY); the next START
 * is a fresh StartDevice, and nothing leaks.
 */
START_TEST(test_pnp_rebalance_stop_and_restart)
{
    PUCHAR data = Pattern(PLAY_BYTES, 9);
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    PFILE_OBJECT again;
    ULONG value;
    Packet packet;

    OpenPlaying(data, &filter, &pin, &packet);
    TestPnp.Type = PcRebalanceNotSupported;
    ck_assert_int_eq(SendPnp(IRP_MN_QUERY_STOP_DEVICE, NULL, NULL),
                     STATUS_UNSUCCESSFUL);
    ck_assert_int_eq(SendPnp(IRP_MN_CANCEL_STOP_DEVICE, NULL, NULL),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(TestPnp.QueryStops, 0);
    ck_assert_uint_eq(TestPnp.CancelStops, 1);
    TestPnp.Type = PcRebalanceRemoveSubdevices;
    ck_assert_int_eq(SendPnp(IRP_MN_QUERY_STOP_DEVICE, NULL, NULL),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(TestPnp.QueryStops, 1);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    ck_assert_int_eq(SendPnp(IRP_MN_STOP_DEVICE, NULL, NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(TestPnp.Stops, 1);
    PacketCancelled(&packet);
    ck_assert_int_eq(GetState(pin), KSSTATE_STOP);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_Audio,
                              KSPROPERTY_AUDIO_VOLUMELEVEL,
                              KSPROPERTY_TYPE_GET, NULL, 0, &value,
                              sizeof(value), NULL), STATUS_DEVICE_NOT_READY);
    ck_assert_int_eq(OpenFilter(L"\\Wave", &again),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(SendStart(), STATUS_SUCCESS);
    ck_assert_int_eq(OpenFilter(L"\\Wave", &again), STATUS_SUCCESS);
    CloseFile(again);
    CloseFile(pin);
    CloseFile(filter);
    DeviceTeardown();
    g_free(data);
}
END_TEST

/*
 * Surprise removal: the running stream stops and its queued IRP completes
 * with STATUS_DEVICE_REMOVED; every later create or request gets the same
 * status; the handles still close and REMOVE frees everything.
 */
START_TEST(test_pnp_surprise_removal)
{
    PUCHAR data = Pattern(PLAY_BYTES, 11);
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    PFILE_OBJECT again;
    Packet packet;
    Packet late;

    OpenPlaying(data, &filter, &pin, &packet);
    DeviceAdvance(0, FAKE_FRAME_SIZE);
    ck_assert_int_eq(SendPnp(IRP_MN_SURPRISE_REMOVAL, NULL, NULL),
                     STATUS_SUCCESS);
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_DEVICE_REMOVED);
    PacketFree(&packet);
    ck_assert_int_eq(Fake.Log[Fake.LogCount - 1], KSSTATE_STOP);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_DEVICE_REMOVED);
    StreamIo(pin, FALSE, &late, data, FAKE_FRAME_SIZE);
    ck_assert_int_eq(late.Status, STATUS_DEVICE_REMOVED);
    ck_assert_ptr_null(late.Irp);
    ck_assert_int_eq(OpenFilter(L"\\Wave", &again), STATUS_DEVICE_REMOVED);
    CloseFile(pin);
    CloseFile(filter);
    DeviceTeardown();
    g_free(data);
}
END_TEST

/* Every vtable slot is filled; COM_SLOT already pins their order. */
static VOID AssertSlots(const VOID *Vtbl, SIZE_T Bytes, const char *Name)
{
    const PVOID *slot = Vtbl;
    SIZE_T i;

    for (i = 0; i < Bytes / sizeof(PVOID); i++) {
        ck_assert_msg(slot[i] != NULL, "%s slot %zu is NULL", Name, i);
    }
}

#define ASSERT_SLOTS(P, Vtbl) AssertSlots((P)->lpVtbl, sizeof(Vtbl), #Vtbl)

COM_SLOT(IPortWaveCyclicVtbl, QueryInterface, 0);
COM_SLOT(IPortWaveCyclicVtbl, GetDeviceProperty, 4);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, Silence, 8);
COM_SLOT(IServiceGroupVtbl, CancelDelayedService, 8);
COM_SLOT(IDmaChannelVtbl, CopyFrom, 14);
COM_SLOT(IResourceListVtbl, UntranslatedList, 10);

START_TEST(test_vtables_and_references)
{
    PPORT wave = NULL;
    PPORT topo = NULL;
    PPORT none = (PPORT)1;
    PSERVICEGROUP group = NULL;
    PRESOURCELIST list = NULL;
    PPORTEVENTS events = NULL;
    PUNREGISTERSUBDEVICE unregister = NULL;
    PVOID nothing = (PVOID)1;
    PREGISTRYKEY key = NULL;

    DeviceSetup();
    ck_assert_int_eq(PcNewPort(&wave, &CLSID_PortWaveCyclic), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewPort(&topo, &CLSID_PortTopology), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewMiniport((PMINIPORT *)&none, &CLSID_PortTopology),
                     STATUS_NOT_SUPPORTED);
    ck_assert_ptr_null(none);
    /* one frame, each type answering its own port interface only */
    ck_assert_int_eq(wave->lpVtbl->QueryInterface(wave, &IID_IPortWaveCyclic,
                                                  (PVOID *)&none),
                     STATUS_SUCCESS);
    ck_assert_ptr_eq(none, wave);
    ck_assert_uint_eq(none->lpVtbl->Release(none), 1);
    ck_assert_int_eq(topo->lpVtbl->QueryInterface(topo, &IID_IPortWaveCyclic,
                                                  (PVOID *)&none),
                     STATUS_INVALID_PARAMETER);
    ck_assert_ptr_null(none);
    ck_assert_int_eq(topo->lpVtbl->QueryInterface(topo, &IID_IPortTopology,
                                                  (PVOID *)&none),
                     STATUS_SUCCESS);
    ck_assert_ptr_eq(none, topo);
    ck_assert_uint_eq(none->lpVtbl->Release(none), 1);
    ck_assert_int_eq(wave->lpVtbl->QueryInterface(wave, &IID_IPort,
                                                  (PVOID *)&none),
                     STATUS_SUCCESS);
    ck_assert_ptr_eq(none, wave);
    ck_assert_uint_eq(none->lpVtbl->Release(none), 1);
    ck_assert_int_eq(PcNewServiceGroup(&group, NULL), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewResourceList(&list, NULL, NonPagedPoolNx, NULL,
                                       NULL), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewRegistryKey(&key, NULL, DriverRegistryKey,
                                      KEY_ALL_ACCESS, Fdo, NULL, NULL, 0,
                                      NULL), STATUS_SUCCESS);
    ASSERT_SLOTS((PPORTWAVECYCLIC)wave, IPortWaveCyclicVtbl);
    ASSERT_SLOTS((PPORTTOPOLOGY)topo, IPortTopologyVtbl);
    ASSERT_SLOTS(group, IServiceGroupVtbl);
    ASSERT_SLOTS(list, IResourceListVtbl);
    ASSERT_SLOTS(key, IRegistryKeyVtbl);
    ck_assert_int_eq(wave->lpVtbl->QueryInterface(wave, &IID_IPortEvents,
                                                  (PVOID *)&events),
                     STATUS_SUCCESS);
    ASSERT_SLOTS(events, IPortEventsVtbl);
    ck_assert_int_eq(wave->lpVtbl->QueryInterface(
                         wave, &IID_IUnregisterSubdevice,
                         (PVOID *)&unregister), STATUS_SUCCESS);
    ASSERT_SLOTS(unregister, IUnregisterSubdeviceVtbl);
    /* QI failure clears the out pointer; interfaces share one count */
    ck_assert_int_ne(wave->lpVtbl->QueryInterface(wave, &IID_IDmaChannel,
                                                  &nothing), STATUS_SUCCESS);
    ck_assert_ptr_null(nothing);
    ck_assert_uint_eq(wave->lpVtbl->AddRef(wave), 4);
    ck_assert_uint_eq(events->lpVtbl->Release(events), 3);
    ck_assert_uint_eq(unregister->lpVtbl->Release(unregister), 2);
    ck_assert_uint_eq(wave->lpVtbl->Release(wave), 1);
    ck_assert_uint_eq(wave->lpVtbl->Release(wave), 0);
    ck_assert_uint_eq(topo->lpVtbl->Release(topo), 0);
    ck_assert_uint_eq(group->lpVtbl->Release(group), 0);
    ck_assert_uint_eq(list->lpVtbl->Release(list), 0);
    ck_assert_uint_eq(key->lpVtbl->Release(key), 0);
    DeviceTeardown();
}
END_TEST

/* Tests: support objects --------------------------------------------------- */

typedef struct CountingSink {
    IServiceSink Iface;
    LONG Ref;
    ULONG Calls;
} CountingSink;

static NTSTATUS NTAPI CountingSink_QueryInterface(IServiceSink *This,
                                                  REFIID Iid, PVOID *Object)
{
    UNREFERENCED_PARAMETER(Iid);
    *Object = This;
    This->lpVtbl->AddRef(This);
    return STATUS_SUCCESS;
}

static ULONG NTAPI CountingSink_AddRef(IServiceSink *This)
{
    return (ULONG)++CONTAINING_RECORD(This, CountingSink, Iface)->Ref;
}

static ULONG NTAPI CountingSink_Release(IServiceSink *This)
{
    return (ULONG)--CONTAINING_RECORD(This, CountingSink, Iface)->Ref;
}

static VOID NTAPI CountingSink_RequestService(IServiceSink *This)
{
    CONTAINING_RECORD(This, CountingSink, Iface)->Calls++;
}

static const IServiceSinkVtbl CountingSink_Vtbl = {
    .QueryInterface = CountingSink_QueryInterface,
    .AddRef = CountingSink_AddRef,
    .Release = CountingSink_Release,
    .RequestService = CountingSink_RequestService,
};

START_TEST(test_service_group)
{
    CountingSink sink = { { &CountingSink_Vtbl }, 1, 0 };
    PSERVICEGROUP group = NULL;
    KIRQL oldIrql;

    host_reset(NULL);
    ck_assert_int_eq(PcNewServiceGroup(&group, NULL), STATUS_SUCCESS);
    ck_assert_int_eq(group->lpVtbl->AddMember(group, &sink.Iface),
                     STATUS_SUCCESS);
    ck_assert_int_eq(sink.Ref, 2);
    /* two requests before the DPC runs are one service */
    KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
    group->lpVtbl->RequestService(group);
    group->lpVtbl->RequestService(group);
    KeLowerIrql(oldIrql);
    KeFlushQueuedDpcs();
    ck_assert_uint_eq(sink.Calls, 1);
    group->lpVtbl->RemoveMember(group, &sink.Iface);
    ck_assert_int_eq(sink.Ref, 1);
    group->lpVtbl->RequestService(group);
    KeFlushQueuedDpcs();
    ck_assert_uint_eq(sink.Calls, 1);
    ck_assert_uint_eq(group->lpVtbl->Release(group), 0);
}
END_TEST

static ULONG IsrCalls[2];
static ULONG IsrClaims[2];

/* Context is the routine's index into IsrCalls/IsrClaims. */
static NTSTATUS NTAPI TestIsr(PINTERRUPTSYNC Sync, PVOID Context)
{
    ULONG i = (ULONG)(ULONG_PTR)Context;

    UNREFERENCED_PARAMETER(Sync);
    IsrCalls[i]++;
    if (IsrClaims[i] != 0) {
        IsrClaims[i]--;
        return STATUS_SUCCESS;
    }
    return STATUS_UNSUCCESSFUL;
}

static NTSTATUS NTAPI TestSyncRoutine(PINTERRUPTSYNC Sync, PVOID Context)
{
    UNREFERENCED_PARAMETER(Sync);
    return *(NTSTATUS *)Context;
}

/* One row per INTERRUPTSYNCMODE: claims each ISR makes, calls expected. */
static const struct {
    INTERRUPTSYNCMODE Mode;
    ULONG Claims[2];
    ULONG Calls[2];
    BOOLEAN Claimed;
} SyncCases[] = {
    { InterruptSyncModeNormal, { 1, 1 }, { 1, 0 }, TRUE },
    { InterruptSyncModeNormal, { 0, 1 }, { 1, 1 }, TRUE },
    { InterruptSyncModeAll, { 1, 1 }, { 1, 1 }, TRUE },
    { InterruptSyncModeAll, { 0, 0 }, { 1, 1 }, FALSE },
    { InterruptSyncModeRepeat, { 3, 1 }, { 4, 4 }, TRUE },
    { InterruptSyncModeRepeat, { 0, 0 }, { 1, 1 }, FALSE },
};

START_TEST(test_interrupt_sync_modes)
{
    CM_RESOURCE_LIST raw;
    PRESOURCELIST list = NULL;
    PINTERRUPTSYNC sync = NULL;
    NTSTATUS expect = STATUS_DEVICE_NOT_READY;

    host_reset(NULL);
    RtlZeroMemory(&raw, sizeof(raw));
    raw.Count = 1;
    raw.List[0].PartialResourceList.Count = 1;
    raw.List[0].PartialResourceList.PartialDescriptors[0].Type =
        CmResourceTypeInterrupt;
    ck_assert_int_eq(PcNewResourceList(&list, NULL, NonPagedPoolNx, &raw,
                                       &raw), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewInterruptSync(&sync, NULL, list, 1,
                                        InterruptSyncModeNormal),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(PcNewInterruptSync(&sync, NULL, list, 0,
                                        (INTERRUPTSYNCMODE)0),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(PcNewInterruptSync(&sync, NULL, list, 0,
                                        SyncCases[_i].Mode), STATUS_SUCCESS);
    ck_assert_int_eq(sync->lpVtbl->RegisterServiceRoutine(sync, TestIsr,
                                                          (PVOID)1, FALSE),
                     STATUS_SUCCESS);
    /* First = TRUE goes ahead of the routine already registered */
    ck_assert_int_eq(sync->lpVtbl->RegisterServiceRoutine(sync, TestIsr,
                                                          (PVOID)0, TRUE),
                     STATUS_SUCCESS);
    IsrClaims[0] = SyncCases[_i].Claims[0];
    IsrClaims[1] = SyncCases[_i].Claims[1];
    IsrCalls[0] = IsrCalls[1] = 0;
    ck_assert_int_eq(PcpInterruptSyncSimulate(sync), SyncCases[_i].Claimed);
    ck_assert_msg(IsrCalls[0] == SyncCases[_i].Calls[0] &&
                  IsrCalls[1] == SyncCases[_i].Calls[1],
                  "case %d: calls %u/%u, want %u/%u", _i, IsrCalls[0],
                  IsrCalls[1], SyncCases[_i].Calls[0], SyncCases[_i].Calls[1]);
    ck_assert_int_eq(sync->lpVtbl->CallSynchronizedRoutine(sync,
                                                           TestSyncRoutine,
                                                           &expect),
                     STATUS_DEVICE_NOT_READY);
    ck_assert_uint_eq(sync->lpVtbl->Release(sync), 0);
    ck_assert_uint_eq(list->lpVtbl->Release(list), 0);
}
END_TEST

static ULONG CountOf(PRESOURCELIST List, CM_RESOURCE_TYPE Type)
{
    return List->lpVtbl->NumberOfEntriesOfType(List, Type);
}

static NTSTATUS FromParent(PRESOURCELIST Sub, PRESOURCELIST Parent,
                           CM_RESOURCE_TYPE Type)
{
    return Sub->lpVtbl->AddEntryFromParent(Sub, Parent, Type, 0);
}

START_TEST(test_resource_lists)
{
    struct {
        CM_RESOURCE_LIST List;
        CM_PARTIAL_RESOURCE_DESCRIPTOR More[1];
    } raw;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR d =
        raw.List.List[0].PartialResourceList.PartialDescriptors;
    PRESOURCELIST list = NULL;
    PRESOURCELIST sub = NULL;

    host_reset(NULL);
    RtlZeroMemory(&raw, sizeof(raw));
    raw.List.Count = 1;
    raw.List.List[0].PartialResourceList.Count = 2;
    d[0].Type = CmResourceTypeMemory;
    d[0].u.Memory.Start.QuadPart = 0xfebf0000;
    d[0].u.Memory.Length = 0x1000;
    d[1].Type = CmResourceTypeInterrupt;
    d[1].u.Interrupt.Vector = 0x41;
    ck_assert_int_eq(PcNewResourceList(&list, NULL, NonPagedPoolNx, &raw.List,
                                       NULL), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(PcNewResourceList(&list, NULL, NonPagedPoolNx, &raw.List,
                                       &raw.List), STATUS_SUCCESS);
    ck_assert_uint_eq(list->lpVtbl->NumberOfEntries(list), 2);
    ck_assert_uint_eq(CountOf(list, CmResourceTypeMemory), 1);
    ck_assert_uint_eq(list->lpVtbl->FindTranslatedEntry(
                          list, CmResourceTypeMemory, 0)->u.Memory.Length,
                      0x1000);
    ck_assert_ptr_null(list->lpVtbl->FindTranslatedEntry(
                           list, CmResourceTypeMemory, 1));
    ck_assert_uint_eq(list->lpVtbl->FindUntranslatedEntry(
                          list, CmResourceTypeInterrupt, 0)->
                      u.Interrupt.Vector, 0x41);
    ck_assert_int_eq(PcNewResourceSublist(&sub, NULL, NonPagedPoolNx, list,
                                          1), STATUS_SUCCESS);
    ck_assert_int_eq(FromParent(sub, list, CmResourceTypeInterrupt),
                     STATUS_SUCCESS);
    ck_assert_int_eq(FromParent(sub, list, CmResourceTypeMemory),
                     STATUS_INSUFFICIENT_RESOURCES);
    ck_assert_int_eq(FromParent(sub, list, CmResourceTypeDma),
                     STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(CountOf(sub, CmResourceTypeInterrupt), 1);
    ck_assert_uint_eq(CountOf(sub, CmResourceTypeMemory), 0);
    ck_assert_uint_eq(sub->lpVtbl->Release(sub), 0);
    ck_assert_uint_eq(list->lpVtbl->Release(list), 0);
}
END_TEST

START_TEST(test_dma_channel_and_registry)
{
    PDMACHANNEL dma = NULL;
    PREGISTRYKEY key = NULL;
    PREGISTRYKEY subKey = NULL;
    PPORTWAVECYCLIC port = NULL;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Gain");
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"Settings\\Mixer");
    ULONG gain = 0x1234;
    UCHAR buffer[64];
    PKEY_VALUE_PARTIAL_INFORMATION info =
        (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length = 0;
    ULONG disposition = 0;

    DeviceSetup();
    ck_assert_int_eq(PcNewPort((PPORT *)&port, &CLSID_PortWaveCyclic),
                     STATUS_SUCCESS);
    ck_assert_int_eq(port->lpVtbl->NewMasterDmaChannel(
                         port, &dma, NULL, NULL, 4096, TRUE, TRUE,
                         (DMA_WIDTH)-1, (DMA_SPEED)-1), STATUS_SUCCESS);
    ASSERT_SLOTS(dma, IDmaChannelVtbl);
    ck_assert_int_eq(dma->lpVtbl->AllocateBuffer(dma, 8192, NULL),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(dma->lpVtbl->AllocateBuffer(dma, 4096, NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(dma->lpVtbl->AllocateBuffer(dma, 4096, NULL),
                     STATUS_UNSUCCESSFUL);
    ck_assert_ptr_nonnull(dma->lpVtbl->SystemAddress(dma));
    ck_assert_int_ne(dma->lpVtbl->PhysicalAddress(dma).QuadPart, 0);
    dma->lpVtbl->SetBufferSize(dma, 1000);
    ck_assert_uint_eq(dma->lpVtbl->BufferSize(dma), 1000);
    ck_assert_uint_eq(dma->lpVtbl->AllocatedBufferSize(dma), 4096);
    dma->lpVtbl->SetBufferSize(dma, 5000);
    ck_assert_uint_eq(dma->lpVtbl->BufferSize(dma), 4096);
    ck_assert_uint_eq(dma->lpVtbl->Release(dma), 0);
    ck_assert_uint_eq(port->lpVtbl->Release(port), 0);

    ck_assert_int_eq(PcNewRegistryKey(&key, NULL, DriverRegistryKey,
                                      KEY_ALL_ACCESS, Fdo, NULL, NULL, 0,
                                      &disposition), STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->SetValueKey(key, &name, REG_DWORD, &gain,
                                              sizeof(gain)), STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->QueryValueKey(key, &name,
                                                KeyValuePartialInformation,
                                                info, 4, &length),
                     STATUS_BUFFER_TOO_SMALL);
    ck_assert_int_eq(key->lpVtbl->QueryValueKey(key, &name,
                                                KeyValuePartialInformation,
                                                info, 14, &length),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(length, FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION,
                                           Data) + sizeof(ULONG));
    ck_assert_int_eq(key->lpVtbl->QueryValueKey(key, &name,
                                                KeyValuePartialInformation,
                                                info, sizeof(buffer),
                                                &length), STATUS_SUCCESS);
    ck_assert_uint_eq(info->Type, REG_DWORD);
    ck_assert_uint_eq(*(PULONG)info->Data, 0x1234);
    ck_assert_int_eq(key->lpVtbl->EnumerateValueKey(key, 1,
                                                    KeyValuePartialInformation,
                                                    info, sizeof(buffer),
                                                    &length),
                     STATUS_NO_MORE_ENTRIES);
    ck_assert_int_eq(key->lpVtbl->NewSubKey(key, &subKey, NULL,
                                            KEY_ALL_ACCESS, &path, 0,
                                            &disposition), STATUS_SUCCESS);
    ck_assert_uint_eq(disposition, REG_CREATED_NEW_KEY);
    ck_assert_uint_eq(subKey->lpVtbl->Release(subKey), 0);
    ck_assert_int_eq(key->lpVtbl->NewSubKey(key, &subKey, NULL,
                                            KEY_ALL_ACCESS, &path, 0,
                                            &disposition), STATUS_SUCCESS);
    ck_assert_uint_eq(disposition, REG_OPENED_EXISTING_KEY);
    ck_assert_uint_eq(subKey->lpVtbl->Release(subKey), 0);
    ck_assert_uint_eq(key->lpVtbl->Release(key), 0);
    /* the value outlives the key object */
    ck_assert_int_eq(PcNewRegistryKey(&key, NULL, DriverRegistryKey,
                                      KEY_ALL_ACCESS, Fdo, NULL, NULL, 0,
                                      &disposition), STATUS_SUCCESS);
    ck_assert_uint_eq(disposition, REG_OPENED_EXISTING_KEY);
    ck_assert_int_eq(key->lpVtbl->QueryValueKey(key, &name,
                                                KeyValuePartialInformation,
                                                info, sizeof(buffer),
                                                &length), STATUS_SUCCESS);
    ck_assert_uint_eq(key->lpVtbl->Release(key), 0);
    DeviceTeardown();
}
END_TEST

/* IRegistryKey::QueryKey and EnumerateKey with ZwQueryKey's semantics
 * (issue 8: they were STATUS_NOT_IMPLEMENTED). */
START_TEST(test_registry_query_and_enumerate_keys)
{
    PREGISTRYKEY key = NULL;
    PREGISTRYKEY sub = NULL;
    UNICODE_STRING alpha = RTL_CONSTANT_STRING(L"Alpha");
    UNICODE_STRING beta = RTL_CONSTANT_STRING(L"Be");
    UNICODE_STRING gain = RTL_CONSTANT_STRING(L"Gain");
    UCHAR data[12] = { 0 };
    ULONG buffer[32];
    PKEY_BASIC_INFORMATION basic = (PKEY_BASIC_INFORMATION)buffer;
    PKEY_NODE_INFORMATION node = (PKEY_NODE_INFORMATION)buffer;
    PKEY_FULL_INFORMATION full = (PKEY_FULL_INFORMATION)buffer;
    ULONG length = 0;
    ULONG disposition = 0;

    DeviceSetup();
    ck_assert_int_eq(PcNewRegistryKey(&key, NULL, DriverRegistryKey,
                                      KEY_ALL_ACCESS, Fdo, NULL, NULL, 0,
                                      &disposition), STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->NewSubKey(key, &sub, NULL, KEY_ALL_ACCESS,
                                            &alpha, 0, &disposition),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(sub->lpVtbl->Release(sub), 0);
    ck_assert_int_eq(key->lpVtbl->NewSubKey(key, &sub, NULL, KEY_ALL_ACCESS,
                                            &beta, 0, &disposition),
                     STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->SetValueKey(key, &gain, REG_BINARY, data,
                                              sizeof(data)), STATUS_SUCCESS);

    ck_assert_int_eq(key->lpVtbl->QueryKey(key, KeyFullInformation, full,
                                           sizeof(buffer), &length),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(length, FIELD_OFFSET(KEY_FULL_INFORMATION, Class));
    ck_assert_uint_eq(full->SubKeys, 2);
    ck_assert_uint_eq(full->MaxNameLen, 10);
    ck_assert_uint_eq(full->Values, 1);
    ck_assert_uint_eq(full->MaxValueNameLen, 8);
    ck_assert_uint_eq(full->MaxValueDataLen, 12);
    ck_assert_uint_eq(full->ClassLength, 0);

    ck_assert_int_eq(key->lpVtbl->EnumerateKey(key, 0, KeyBasicInformation,
                                               basic, sizeof(buffer),
                                               &length), STATUS_SUCCESS);
    ck_assert_uint_eq(length, FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 10);
    ck_assert_uint_eq(basic->NameLength, 10);
    ck_assert_int_eq(memcmp(basic->Name, L"Alpha", 10), 0);
    ck_assert_int_eq(key->lpVtbl->EnumerateKey(key, 1, KeyNodeInformation,
                                               node, sizeof(buffer),
                                               &length), STATUS_SUCCESS);
    ck_assert_uint_eq(node->ClassOffset, 0xFFFFFFFFu);
    ck_assert_uint_eq(node->NameLength, 4);
    ck_assert_int_eq(memcmp(node->Name, L"Be", 4), 0);
    ck_assert_int_eq(key->lpVtbl->EnumerateKey(key, 2, KeyBasicInformation,
                                               basic, sizeof(buffer),
                                               &length),
                     STATUS_NO_MORE_ENTRIES);
    /* a short buffer: the size in ResultLength, then a partial name */
    ck_assert_int_eq(key->lpVtbl->EnumerateKey(key, 0, KeyBasicInformation,
                                               basic, 8, &length),
                     STATUS_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(length, FIELD_OFFSET(KEY_BASIC_INFORMATION, Name) + 10);
    memset(buffer, 0xff, sizeof(buffer));
    ck_assert_int_eq(key->lpVtbl->EnumerateKey(key, 0, KeyBasicInformation,
                                               basic, 20, &length),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_int_eq(memcmp(basic->Name, L"Al", 4), 0);
    ck_assert_uint_eq(basic->Name[2], 0xffff);
    ck_assert_int_eq(sub->lpVtbl->QueryKey(sub, KeyBasicInformation, basic,
                                           sizeof(buffer), &length),
                     STATUS_SUCCESS);
    ck_assert_int_eq(memcmp(basic->Name, L"Be", 4), 0);
    ck_assert_int_eq(sub->lpVtbl->QueryKey(sub, (KEY_INFORMATION_CLASS)7,
                                           basic, sizeof(buffer), &length),
                     STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(sub->lpVtbl->Release(sub), 0);
    ck_assert_uint_eq(key->lpVtbl->Release(key), 0);
    DeviceTeardown();
}
END_TEST

static char RegLog[128];

static NTSTATUS NTAPI LogRegistryValue(PWSTR ValueName, ULONG ValueType,
                                       PVOID ValueData, ULONG ValueLength,
                                       PVOID Context, PVOID EntryContext)
{
    char name[16] = { 0 };
    char data[16] = { 0 };
    size_t n = strlen(RegLog);

    ck_assert_ptr_eq(Context, RegLog);
    ck_assert_ptr_null(EntryContext);
    /* Host printf's %ls reads 32-bit wchar_t: narrow by hand. */
    for (size_t i = 0; i + 1 < sizeof(name) && ValueName[i] != 0; i++) {
        name[i] = (char)ValueName[i];
    }
    if (ValueType == REG_DWORD) {
        snprintf(data, sizeof(data), "0x%x", *(PULONG)ValueData);
    } else {
        for (size_t i = 0; i + 1 < sizeof(data) && ((PWSTR)ValueData)[i] != 0;
             i++) {
            data[i] = (char)((PWSTR)ValueData)[i];
        }
    }
    snprintf(RegLog + n, sizeof(RegLog) - n, "%s:%u:%s;", name, ValueLength,
             data);
    return STATUS_SUCCESS;
}

/* IRegistryKey::QueryRegistryValues walks an RTL_QUERY_REGISTRY_TABLE as
 * RtlQueryRegistryValues does (issue 8: it was STATUS_NOT_IMPLEMENTED). */
START_TEST(test_registry_query_values_table)
{
    static const WCHAR list[] = L"a\0bc\0";
    PREGISTRYKEY key = NULL;
    PREGISTRYKEY sub = NULL;
    UNICODE_STRING gainName = RTL_CONSTANT_STRING(L"Gain");
    UNICODE_STRING nameName = RTL_CONSTANT_STRING(L"Name");
    UNICODE_STRING listName = RTL_CONSTANT_STRING(L"List");
    UNICODE_STRING modeName = RTL_CONSTANT_STRING(L"Mode");
    UNICODE_STRING subPath = RTL_CONSTANT_STRING(L"Settings");
    UNICODE_STRING text = { 0, 0, NULL };
    ULONG gain = 0x1234;
    ULONG mode = 2;
    ULONG defaulted = 0;
    ULONG fallback = 7;
    ULONG gotMode = 0;
    ULONG absent = 0;
    UCHAR info[32];
    ULONG length = 0;
    RTL_QUERY_REGISTRY_TABLE table[] = {
        { .QueryRoutine = LogRegistryValue, .Name = L"Gain" },
        { .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Name",
          .EntryContext = &text },
        { .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Missing",
          .EntryContext = &defaulted, .DefaultType = REG_DWORD,
          .DefaultData = &fallback, .DefaultLength = sizeof(fallback) },
        { .QueryRoutine = LogRegistryValue, .Name = L"List" },
        { .Flags = RTL_QUERY_REGISTRY_SUBKEY, .Name = L"Settings" },
        { .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Mode",
          .EntryContext = &gotMode },
        { .QueryRoutine = LogRegistryValue },
        { .Flags = RTL_QUERY_REGISTRY_TOPKEY | RTL_QUERY_REGISTRY_DELETE,
          .QueryRoutine = LogRegistryValue, .Name = L"Gain" },
        { 0 },
    };
    RTL_QUERY_REGISTRY_TABLE required[] = {
        { .Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED,
          .Name = L"Absent", .EntryContext = &absent },
        { 0 },
    };

    DeviceSetup();
    RegLog[0] = 0;
    ck_assert_int_eq(PcNewRegistryKey(&key, NULL, DriverRegistryKey,
                                      KEY_ALL_ACCESS, Fdo, NULL, NULL, 0,
                                      NULL), STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->SetValueKey(key, &gainName, REG_DWORD,
                                              &gain, sizeof(gain)),
                     STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->SetValueKey(key, &nameName, REG_SZ,
                                              L"cyc", 4 * sizeof(WCHAR)),
                     STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->SetValueKey(key, &listName, REG_MULTI_SZ,
                                              (PVOID)list, sizeof(list)),
                     STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->NewSubKey(key, &sub, NULL, KEY_ALL_ACCESS,
                                            &subPath, 0, NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(sub->lpVtbl->SetValueKey(sub, &modeName, REG_DWORD,
                                              &mode, sizeof(mode)),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(sub->lpVtbl->Release(sub), 0);

    ck_assert_int_eq(key->lpVtbl->QueryRegistryValues(key, table, RegLog),
                     STATUS_SUCCESS);
    ck_assert_str_eq(RegLog, "Gain:4:0x1234;List:4:a;List:6:bc;"
                             "Mode:4:0x2;Gain:4:0x1234;");
    ck_assert_uint_eq(text.Length, 3 * sizeof(WCHAR));
    ck_assert(memcmp(text.Buffer, L"cyc", 4 * sizeof(WCHAR)) == 0);
    ck_assert_uint_eq(defaulted, 7);
    ck_assert_uint_eq(gotMode, 2);
    ck_assert_int_eq(key->lpVtbl->QueryValueKey(key, &gainName,
                                                KeyValuePartialInformation,
                                                info, sizeof(info), &length),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(key->lpVtbl->QueryRegistryValues(key, required, NULL),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    RtlFreeUnicodeString(&text);
    ck_assert_uint_eq(key->lpVtbl->Release(key), 0);
    DeviceTeardown();
}
END_TEST

/* One registry under PortCls and drivers (issue 14): a value a miniport sets
 * through IRegistryKey is what ZwQueryValueKey reads on the key
 * IoOpenDeviceRegistryKey opens for the same PDO, and the other way round;
 * the device's keys go with the PDO. */
START_TEST(test_registry_shared_with_zw)
{
    PREGISTRYKEY key = NULL;
    UNICODE_STRING gain = RTL_CONSTANT_STRING(L"Gain");
    UNICODE_STRING mode = RTL_CONSTANT_STRING(L"Mode");
    ULONG value = 0x1234;
    ULONG buffer[8];
    PKEY_VALUE_PARTIAL_INFORMATION info =
        (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length = 0;
    HANDLE handle;

    DeviceSetup();
    ck_assert_int_eq(PcNewRegistryKey(&key, NULL, DeviceRegistryKey,
                                      KEY_ALL_ACCESS, Fdo, NULL, NULL, 0,
                                      NULL), STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->SetValueKey(key, &gain, REG_DWORD, &value,
                                              sizeof(value)), STATUS_SUCCESS);
    ck_assert_int_eq(IoOpenDeviceRegistryKey(Pdo, PLUGPLAY_REGKEY_DEVICE,
                                             KEY_ALL_ACCESS, &handle),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwQueryValueKey(handle, &gain,
                                     KeyValuePartialInformation, info,
                                     sizeof(buffer), &length),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(info->Type, REG_DWORD);
    ck_assert_uint_eq(*(PULONG)info->Data, 0x1234);
    value = 7;
    ck_assert_int_eq(ZwSetValueKey(handle, &mode, 0, REG_DWORD, &value,
                                   sizeof(value)), STATUS_SUCCESS);
    ck_assert_int_eq(key->lpVtbl->QueryValueKey(key, &mode,
                                                KeyValuePartialInformation,
                                                info, sizeof(buffer),
                                                &length), STATUS_SUCCESS);
    ck_assert_uint_eq(*(PULONG)info->Data, 7);
    ck_assert_int_eq(ZwClose(handle), STATUS_SUCCESS);
    /* the software key is another key */
    ck_assert_int_eq(IoOpenDeviceRegistryKey(Pdo, PLUGPLAY_REGKEY_DRIVER,
                                             KEY_READ, &handle),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwQueryValueKey(handle, &gain,
                                     KeyValuePartialInformation, info,
                                     sizeof(buffer), &length),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(ZwClose(handle), STATUS_SUCCESS);
    ck_assert_uint_eq(key->lpVtbl->Release(key), 0);
    DeviceTeardown();
}
END_TEST

/* Tests: through the PnP manager ------------------------------------------ */

#define TEST_VENDOR 0x1af4
#define TEST_DEVICE 0x10fe

static NTSTATUS NTAPI TestDriverEntry(PDRIVER_OBJECT DriverObject,
                                      PUNICODE_STRING RegistryPath)
{
    return PcInitializeAdapterDriver(DriverObject, RegistryPath,
                                     TestAddDevice);
}

NT_REGISTER_DRIVER("pctest", TestDriverEntry, TEST_VENDOR, TEST_DEVICE);

/* The one enabled link of Category whose reference string is Ref. */
static BOOLEAN FindLink(const GUID *Category, PCWSTR Ref)
{
    PZZWSTR list = NULL;
    PWSTR link;
    BOOLEAN found = FALSE;
    ULONG refChars = 0;

    while (Ref[refChars] != 0) {
        refChars++;
    }
    ck_assert_int_eq(IoGetDeviceInterfaces(Category, NULL, 0, &list),
                     STATUS_SUCCESS);
    for (link = list; *link != 0; ) {
        ULONG chars = 0;

        while (link[chars] != 0) {
            chars++;
        }
        if (chars > refChars && link[chars - refChars - 1] == L'\\' &&
            memcmp(link + chars - refChars, Ref,
                   refChars * sizeof(WCHAR)) == 0) {
            found = TRUE;
        }
        link += chars + 1;
    }
    ExFreePool(list);
    return found;
}

/* Started by the PnP manager, a subdevice gets one device interface per
 * category, and physical connections name the peer filter's link. */
START_TEST(test_pnp_interfaces_and_physical_connection)
{
    arch_pci_func func;
    PDEVICE_OBJECT pdo = NULL;
    PFILE_OBJECT filter;
    UCHAR buffer[512];
    PKSPIN_PHYSICALCONNECTION peer = (PKSPIN_PHYSICALCONNECTION)buffer;
    ULONG_PTR info = 0;
    SIZE_T bytes;
    ULONG blocks;

    host_reset(NULL);
    FakeReset();
    blocks = ExpPoolOutstanding(0, &bytes);
    RtlZeroMemory(&func, sizeof(func));
    func.vendor_id = TEST_VENDOR;
    func.device_id = TEST_DEVICE;
    func.class_code = 0x040100;
    func.dev = 3;
    func.irq_pin = 1;
    func.irq_line = 11;
    host_pci_add(&func);
    ck_assert_int_eq(PnpStartDevice("pctest", 0, &pdo), STATUS_SUCCESS);
    Fdo = pdo->AttachedDevice;
    ck_assert(FindLink(&KSCATEGORY_RENDER, L"Wave"));
    ck_assert(FindLink(&KSCATEGORY_CAPTURE, L"Wave"));
    ck_assert(FindLink(&KSCATEGORY_TOPOLOGY, L"Topology"));
    ck_assert(!FindLink(&KSCATEGORY_RENDER, L"Topology"));

    /* IPort::GetDeviceProperty answers from the PDO */
    {
        ULONG address = 0xffffffff;
        ULONG length = 0;
        WCHAR text[8];

        ck_assert_int_eq(WavePort->lpVtbl->GetDeviceProperty(
                             WavePort, DevicePropertyAddress, sizeof(address),
                             &address, &length), STATUS_SUCCESS);
        ck_assert_uint_eq(length, sizeof(ULONG));
        ck_assert_uint_eq(address, (3u << 16) | 0);
        ck_assert_int_eq(WavePort->lpVtbl->GetDeviceProperty(
                             WavePort, DevicePropertyManufacturer, 2, text,
                             &length), STATUS_BUFFER_TOO_SMALL);
        ck_assert_uint_eq(length, sizeof(L"cycaudio"));
    }
    ck_assert_int_eq(OpenFilter(L"\\Wave", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_PHYSICALCONNECTION,
                                 FAKE_PIN_MIC, NULL, 0, &info),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_gt(info, sizeof(KSPIN_PHYSICALCONNECTION));
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_PHYSICALCONNECTION,
                                 FAKE_PIN_MIC, buffer, sizeof(buffer),
                                 &info), STATUS_SUCCESS);
    ck_assert_uint_eq(peer->Pin, FAKE_TOPO_PIN_OUT);
    ck_assert_uint_eq(peer->Size, info);
    ck_assert_int_eq(PinProperty(filter, KSPROPERTY_PIN_PHYSICALCONNECTION,
                                 FAKE_PIN_RENDER, buffer, sizeof(buffer),
                                 NULL), STATUS_NOT_FOUND);
    CloseFile(filter);

    PnpRemoveAllDevices();
    ck_assert(!FindLink(&KSCATEGORY_RENDER, L"Wave"));
    ck_assert_int_eq(Fake.LiveObjects, 0);
    ck_assert_uint_eq(ExpPoolOutstanding(0, &bytes), blocks);
}
END_TEST

/* A Release nobody owed bugchecks like Driver Verifier would. */
/* A private interface declared with Microsoft's C macros. */
#undef INTERFACE
#define INTERFACE ITestCounter
DECLARE_INTERFACE_(ITestCounter, IUnknown)
{
    DEFINE_ABSTRACT_UNKNOWN()
    STDMETHOD_(ULONG, Add)(THIS_ ULONG Amount) PURE;
    STDMETHOD(Reset)(THIS) PURE;
};
#undef INTERFACE

typedef struct TestCounter {
    ITestCounter Iface;
    ULONG Ref;
    ULONG Total;
} TestCounter;

static STDMETHODIMP TestCounter_QueryInterface(ITestCounter *This,
                                               REFIID Iid, PVOID *Object)
{
    if (!IsEqualGUIDAligned(Iid, &IID_IUnknown)) {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    This->lpVtbl->AddRef(This);
    *Object = This;
    return STATUS_SUCCESS;
}

static STDMETHODIMP_(ULONG) TestCounter_AddRef(ITestCounter *This)
{
    return ++CONTAINING_RECORD(This, TestCounter, Iface)->Ref;
}

static STDMETHODIMP_(ULONG) TestCounter_Release(ITestCounter *This)
{
    return --CONTAINING_RECORD(This, TestCounter, Iface)->Ref;
}

static STDMETHODIMP_(ULONG) TestCounter_Add(ITestCounter *This,
                                            ULONG Amount)
{
    return CONTAINING_RECORD(This, TestCounter, Iface)->Total += Amount;
}

static HRESULT STDMETHODCALLTYPE TestCounter_Reset(ITestCounter *This)
{
    CONTAINING_RECORD(This, TestCounter, Iface)->Total = 0;
    return 0;
}

static const ITestCounterVtbl TestCounterVtbl = {
    .QueryInterface = TestCounter_QueryInterface,
    .AddRef = TestCounter_AddRef,
    .Release = TestCounter_Release,
    .Add = TestCounter_Add,
    .Reset = TestCounter_Reset,
};

/* Names and declarations as Microsoft's portcls.h and COM headers. */
START_TEST(test_microsoft_declarations)
{
    TestCounter counter = { { &TestCounterVtbl }, 1, 0 };
    ITestCounter *iface = &counter.Iface;
    PUNKNOWN unknown = NULL;

    /* DECLARE_INTERFACE_/STDMETHOD/STDMETHOD_/THIS/THIS_ and
     * DEFINE_ABSTRACT_UNKNOWN: IUnknown's slots first, then the body's */
    COM_SLOT(ITestCounterVtbl, QueryInterface, 0);
    COM_SLOT(ITestCounterVtbl, Release, 2);
    COM_SLOT(ITestCounterVtbl, Add, 3);
    COM_SLOT(ITestCounterVtbl, Reset, 4);
    ck_assert_int_eq(COM_CALL((PUNKNOWN)iface, QueryInterface, &IID_IUnknown,
                              (PVOID *)&unknown), STATUS_SUCCESS);
    ck_assert_ptr_eq(unknown, iface);
    ck_assert_uint_eq(COM_CALL(unknown, Release), 1);
    ck_assert_uint_eq(COM_CALL(iface, Add, 5), 5);
    ck_assert_uint_eq(COM_CALL(iface, Add, 7), 12);
    ck_assert_int_eq(COM_CALL(iface, Reset), 0);
    ck_assert_uint_eq(counter.Total, 0);

    /* PCCONNECTION_DESCRIPTOR is a KSTOPOLOGY_CONNECTION */
    ck_assert(__builtin_types_compatible_p(PCCONNECTION_DESCRIPTOR,
                                           KSTOPOLOGY_CONNECTION));
    ck_assert(__builtin_types_compatible_p(PPCCONNECTION_DESCRIPTOR,
                                           PKSTOPOLOGY_CONNECTION));
    /* the kVersion list, to its last value */
    ck_assert_int_eq(kVersionWinServer2003_UAAQFE, 13);
    ck_assert_int_eq(kVersionWindowsLonghorn, 14);

    /* PCPFNSTARTDEVICE: a plain C StartDevice gets its arguments */
    DeviceSetup();
    ck_assert_ptr_eq(StartedDevice, Fdo);
    ck_assert_ptr_nonnull(StartedResources);
    ck_assert_uint_eq(COM_CALL(StartedResources, NumberOfEntries), 1);

    /* PcGetPhysicalDeviceObject: the PDO under the FDO */
    {
        PDEVICE_OBJECT pdo = Fdo;

        ck_assert_int_eq(PcGetPhysicalDeviceObject(Fdo, &pdo),
                         STATUS_SUCCESS);
        ck_assert_ptr_eq(pdo, Pdo);
        ck_assert_int_eq(PcGetPhysicalDeviceObject(Pdo, &pdo),
                         STATUS_INVALID_PARAMETER);
        ck_assert_ptr_null(pdo);
    }
    /* PcNewDmaChannel: master or slave from the description */
    {
        DEVICE_DESCRIPTION desc;
        PDMACHANNEL dma = NULL;
        PDMACHANNELSLAVE slave = NULL;

        RtlZeroMemory(&desc, sizeof(desc));
        desc.Version = DEVICE_DESCRIPTION_VERSION;
        desc.Master = TRUE;
        desc.Dma32BitAddresses = TRUE;
        desc.Dma64BitAddresses = TRUE;      /* host memory is above 4 GiB */
        desc.MaximumLength = 4096;
        ck_assert_int_eq(PcNewDmaChannel(&dma, (PUNKNOWN)iface, NonPagedPool,
                                         &desc, Fdo),
                         STATUS_INVALID_PARAMETER);
        ck_assert_ptr_null(dma);
        ck_assert_int_eq(PcNewDmaChannel(&dma, NULL, NonPagedPool, &desc,
                                         Pdo), STATUS_INVALID_PARAMETER);
        ck_assert_int_eq(PcNewDmaChannel(&dma, NULL, NonPagedPool, &desc,
                                         Fdo), STATUS_SUCCESS);
        ck_assert_int_eq(COM_CALL(dma, QueryInterface, &IID_IDmaChannelSlave,
                                  (PVOID *)&slave),
                         STATUS_INVALID_PARAMETER);
        ck_assert_int_eq(COM_CALL(dma, AllocateBuffer, 8192, NULL),
                         STATUS_INVALID_PARAMETER);
        ck_assert_int_eq(COM_CALL(dma, AllocateBuffer, 4096, NULL),
                         STATUS_SUCCESS);
        ck_assert_uint_eq(COM_CALL(dma, Release), 0);
        desc.Master = FALSE;
        ck_assert_int_eq(PcNewDmaChannel(&dma, NULL, NonPagedPool, &desc,
                                         Fdo), STATUS_SUCCESS);
        ck_assert_int_eq(COM_CALL(dma, QueryInterface, &IID_IDmaChannelSlave,
                                  (PVOID *)&slave), STATUS_SUCCESS);
        ck_assert_uint_eq(COM_CALL(slave, Release), 1);
        ck_assert_uint_eq(COM_CALL(dma, Release), 0);
    }
    DeviceTeardown();
}
END_TEST

START_TEST(test_refcount_underflow_bugchecks)
{
    COM_REF ref;
    uint32_t code = 0;

    host_reset(NULL);
    ComRefInit(&ref);
    ck_assert_uint_eq(ComRefAddRef(&ref), 2);
    ck_assert_uint_eq(ComRefRelease(&ref), 1);
    ck_assert_uint_eq(ComRefRelease(&ref), 0);
    HOST_EXPECT_BUGCHECK(code, ComRefRelease(&ref));
    ck_assert_uint_eq(code, DRIVER_VERIFIER_DETECTED_VIOLATION);
    ck_assert_uint_eq(host_bugcheck_params[0], 0x5001);
    ck_assert_uint_eq(host_bugcheck_params[1], (uintptr_t)&ref);
}
END_TEST

/* MIDI --------------------------------------------------------------------- */

/* A MIDI miniport as a driver would write it: Write takes at most
 * MidiWriteLimit bytes a call and logs each byte with the interrupt time;
 * Read hands out MidiIn. */
typedef struct FakeMidi {
    IMiniportMidi Iface;
    IMiniportMidiStream StreamIface;
    LONG Ref;
    LONG StreamRef;
    PPORTMIDI Port;
    PSERVICEGROUP Group;
    UCHAR Out[64];
    ULONGLONG OutTime[64];
    ULONG OutCount;
    ULONG WriteCalls;
    ULONG WriteLimit;
    UCHAR In[64];
    ULONG InCount;
    ULONG InRead;
} FakeMidi;

static FakeMidi Midi;

static const KSDATARANGE_MUSIC FakeMidiRange = {
    { { sizeof(KSDATARANGE_MUSIC), 0, 0, 0,
        STATICGUIDOF(KSDATAFORMAT_TYPE_MUSIC),
        STATICGUIDOF(KSDATAFORMAT_SUBTYPE_MIDI),
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE) } },
    STATICGUIDOF(KSMUSIC_TECHNOLOGY_PORT), 0, 0, 0xffff
};
static const PKSDATARANGE FakeMidiRanges[] = {
    (PKSDATARANGE)&FakeMidiRange,
};
static const PCPIN_DESCRIPTOR FakeMidiPins[] = {
    { 1, 1, 0, NULL, { .DataRangesCount = 1, .DataRanges = FakeMidiRanges,
                       .DataFlow = KSPIN_DATAFLOW_IN,
                       .Communication = KSPIN_COMMUNICATION_SINK } },
    { 1, 1, 0, NULL, { .DataRangesCount = 1, .DataRanges = FakeMidiRanges,
                       .DataFlow = KSPIN_DATAFLOW_OUT,
                       .Communication = KSPIN_COMMUNICATION_SINK } },
};
static const PCFILTER_DESCRIPTOR FakeMidiFilter = {
    .PinSize = sizeof(PCPIN_DESCRIPTOR),
    .PinCount = 2,
    .Pins = FakeMidiPins,
};

static NTSTATUS NTAPI FakeMidi_QI(IMiniportMidi *This, REFIID Iid,
                                  PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniport) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniportMidi)) {
        *Object = This;
        Midi.Ref++;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI FakeMidi_AddRef(IMiniportMidi *This)
{
    (void)This;
    return (ULONG)++Midi.Ref;
}

static ULONG NTAPI FakeMidi_Release(IMiniportMidi *This)
{
    (void)This;
    if (--Midi.Ref == 0) {
        COM_SAFE_RELEASE(&Midi.Group);
        COM_SAFE_RELEASE(&Midi.Port);
    }
    return (ULONG)Midi.Ref;
}

static NTSTATUS NTAPI FakeMidi_GetDescription(IMiniportMidi *This,
                                              PPCFILTER_DESCRIPTOR *Out)
{
    (void)This;
    *Out = (PPCFILTER_DESCRIPTOR)&FakeMidiFilter;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeMidi_Intersection(IMiniportMidi *This, ULONG Pin,
    PKSDATARANGE Range, PKSDATARANGE Matching, ULONG Length, PVOID Format,
    PULONG FormatLength)
{
    (void)This; (void)Pin; (void)Range; (void)Matching; (void)Length;
    (void)Format; (void)FormatLength;
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI FakeMidi_Init(IMiniportMidi *This, PUNKNOWN Adapter,
                                    PRESOURCELIST Resources, PPORTMIDI Port,
                                    PSERVICEGROUP *Group)
{
    (void)This; (void)Adapter; (void)Resources;
    ck_assert_int_eq(PcNewServiceGroup(&Midi.Group, NULL), STATUS_SUCCESS);
    Port->lpVtbl->AddRef(Port);
    Midi.Port = Port;
    Midi.Group->lpVtbl->AddRef(Midi.Group);
    *Group = Midi.Group;
    return STATUS_SUCCESS;
}

static VOID NTAPI FakeMidi_Service(IMiniportMidi *This)
{
    (void)This;
}

static NTSTATUS NTAPI FakeMidi_NewStream(IMiniportMidi *This,
    PMINIPORTMIDISTREAM *Stream, PUNKNOWN Outer, POOL_TYPE Pool, ULONG Pin,
    BOOLEAN Capture, PKSDATAFORMAT Format, PSERVICEGROUP *Group)
{
    (void)Outer; (void)Pool; (void)Pin; (void)Capture; (void)Format;
    This->lpVtbl->AddRef(This);
    Midi.StreamRef++;
    *Stream = &Midi.StreamIface;
    *Group = NULL;      /* the port's registered group serves the pin */
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeMidiStream_QI(IMiniportMidiStream *This,
                                        REFIID Iid, PVOID *Object)
{
    (void)This; (void)Iid;
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI FakeMidiStream_AddRef(IMiniportMidiStream *This)
{
    (void)This;
    return (ULONG)++Midi.StreamRef;
}

static ULONG NTAPI FakeMidiStream_Release(IMiniportMidiStream *This)
{
    (void)This;
    if (--Midi.StreamRef == 0) {
        FakeMidi_Release(&Midi.Iface);
    }
    return (ULONG)Midi.StreamRef;
}

static NTSTATUS NTAPI FakeMidiStream_SetFormat(IMiniportMidiStream *This,
                                               PKSDATAFORMAT Format)
{
    (void)This; (void)Format;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeMidiStream_SetState(IMiniportMidiStream *This,
                                              KSSTATE State)
{
    (void)This; (void)State;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeMidiStream_Read(IMiniportMidiStream *This,
                                          PVOID Buffer, ULONG Length,
                                          PULONG Read)
{
    ULONG n = 0;

    (void)This;
    while (n < Length && Midi.InRead < Midi.InCount) {
        ((PUCHAR)Buffer)[n++] = Midi.In[Midi.InRead++];
    }
    *Read = n;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeMidiStream_Write(IMiniportMidiStream *This,
                                           PVOID Buffer, ULONG Length,
                                           PULONG Written)
{
    ULONG n = Length < Midi.WriteLimit ? Length : Midi.WriteLimit;
    ULONG i;

    (void)This;
    Midi.WriteCalls++;
    for (i = 0; i < n; i++) {
        Midi.OutTime[Midi.OutCount] = KeQueryInterruptTime();
        Midi.Out[Midi.OutCount++] = ((PUCHAR)Buffer)[i];
    }
    *Written = n;
    return STATUS_SUCCESS;
}

static const IMiniportMidiVtbl FakeMidi_Vtbl = {
    .QueryInterface = FakeMidi_QI,
    .AddRef = FakeMidi_AddRef,
    .Release = FakeMidi_Release,
    .GetDescription = FakeMidi_GetDescription,
    .DataRangeIntersection = FakeMidi_Intersection,
    .Init = FakeMidi_Init,
    .Service = FakeMidi_Service,
    .NewStream = FakeMidi_NewStream,
};

static const IMiniportMidiStreamVtbl FakeMidiStream_Vtbl = {
    .QueryInterface = FakeMidiStream_QI,
    .AddRef = FakeMidiStream_AddRef,
    .Release = FakeMidiStream_Release,
    .SetFormat = FakeMidiStream_SetFormat,
    .SetState = FakeMidiStream_SetState,
    .Read = FakeMidiStream_Read,
    .Write = FakeMidiStream_Write,
};

/* Registers a "Midi" subdevice over the fake on the started device. */
static VOID MidiSetup(VOID)
{
    PPORT port = NULL;

    DeviceSetup();
    RtlZeroMemory(&Midi, sizeof(Midi));
    Midi.Iface.lpVtbl = &FakeMidi_Vtbl;
    Midi.StreamIface.lpVtbl = &FakeMidiStream_Vtbl;
    Midi.Ref = 1;
    Midi.WriteLimit = 64;
    ck_assert_int_eq(PcNewPort(&port, &CLSID_PortMidi), STATUS_SUCCESS);
    ck_assert_int_eq(port->lpVtbl->Init(port, Fdo, NULL,
                                        (PUNKNOWN)&Midi.Iface, NULL,
                                        StartedResources), STATUS_SUCCESS);
    ck_assert_ptr_nonnull(Midi.Port);
    ck_assert_int_eq(PcRegisterSubdevice(Fdo, L"Midi", (PUNKNOWN)port),
                     STATUS_SUCCESS);
    port->lpVtbl->Release(port);
    FakeMidi_Release(&Midi.Iface);
}

static NTSTATUS OpenMidiPin(PFILE_OBJECT Filter, ULONG PinId,
                            const GUID *SubFormat, PFILE_OBJECT *Out)
{
    KSDATAFORMAT format;

    RtlZeroMemory(&format, sizeof(format));
    format.FormatSize = sizeof(format);
    format.MajorFormat = KSDATAFORMAT_TYPE_MUSIC;
    format.SubFormat = *SubFormat;
    format.Specifier = KSDATAFORMAT_SPECIFIER_NONE;
    return OpenPinWith(Filter, PinId, &format, Out);
}

/* Appends one record (ULONG padded) to Buffer at *Used. */
static VOID PutRecord(PUCHAR Buffer, ULONG *Used, ULONG Delta,
                      const UCHAR *Bytes, ULONG Count)
{
    KSMUSICFORMAT record = { Delta, Count };

    RtlCopyMemory(Buffer + *Used, &record, sizeof(record));
    RtlCopyMemory(Buffer + *Used + sizeof(record), Bytes, Count);
    *Used += (ULONG)ALIGN_UP_BY(sizeof(record) + Count, sizeof(ULONG));
}

/* Render: records leave at stream start + the sum of their deltas, a
 * partial Write is retried 1 ms later, running status and SysEx intact;
 * bad requests get their documented status; nothing leaks. */
START_TEST(test_midi_render_schedule_and_bad_requests)
{
    static const UCHAR on[] = { 0x90, 0x3c, 0x64 };
    static const UCHAR running[] = { 0x3e, 0x64 };
    static const UCHAR sysex[] = { 0xf0, 0x7d, 0x01, 0x02, 0x03, 0xf7 };
    static const UCHAR want[] = {
        0x90, 0x3c, 0x64, 0x3e, 0x64, 0xf0, 0x7d, 0x01, 0x02, 0x03, 0xf7,
    };
    /* 100 ns units after stream time 0: 0, 10 ms, 15 ms, the SysEx tail
     * 1 ms later */
    static const ULONGLONG at[] = {
        0, 0, 0, 100000, 100000, 150000, 150000, 150000, 150000, 160000,
        160000,
    };
    UCHAR buffer[64];
    ULONG used = 0;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    PFILE_OBJECT bad;
    Packet packet;
    ULONGLONG start;
    ULONG i;

    MidiSetup();
    ck_assert_int_eq(OpenFilter(L"Midi", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(filter, 0, &KSDATAFORMAT_SUBTYPE_PCM, &bad),
                     STATUS_NO_MATCH);
    ck_assert_int_eq(OpenMidiPin(filter, 0, &KSDATAFORMAT_SUBTYPE_MIDI,
                                 &pin), STATUS_SUCCESS);
    PutRecord(buffer, &used, 0, on, sizeof(on));
    PutRecord(buffer, &used, 10, running, sizeof(running));
    PutRecord(buffer, &used, 5, sysex, sizeof(sysex));
    ck_assert_uint_eq(used, 12 + 12 + 16);

    StreamIo(pin, FALSE, &packet, buffer, used);
    ck_assert_int_eq(packet.Status, STATUS_INVALID_DEVICE_STATE);
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    /* a ByteCount that runs past DataUsed: the IRP is refused whole */
    ((PKSMUSICFORMAT)(buffer + 24))->ByteCount = 17;
    StreamIo(pin, FALSE, &packet, buffer, used);
    ck_assert_int_eq(packet.Status, STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(Midi.OutCount, 0);
    ((PKSMUSICFORMAT)(buffer + 24))->ByteCount = sizeof(sysex);

    Midi.WriteLimit = 4;
    StreamIo(pin, FALSE, &packet, buffer, used);
    ck_assert_int_eq(packet.Status, STATUS_PENDING);
    ck_assert_uint_eq(Midi.OutCount, 0);    /* PAUSE plays nothing */
    /* a render stream's time 0 is the interrupt-time millisecond after
     * next: the first record leaves by the timer like the others */
    start = (KeQueryInterruptTime() / 10000 + 2) * 10000;
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    ck_assert_uint_eq(Midi.OutCount, 0);
    for (i = 0; i < 30 && !PacketDone(&packet); i++) {
        host_advance_ns(1000000);
        KeFlushQueuedDpcs();
    }
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
    ck_assert_uint_eq(packet.Irp->IoStatus.Information, used);
    ck_assert_uint_eq(Midi.OutCount, sizeof(want));
    ck_assert_mem_eq(Midi.Out, want, sizeof(want));
    for (i = 0; i < sizeof(want); i++) {
        ck_assert_msg(Midi.OutTime[i] - start == at[i],
                      "byte %u at %llu, want %llu", i,
                      Midi.OutTime[i] - start, at[i]);
    }
    PacketFree(&packet);
    /* the capture pin of the filter is a read-only pin */
    StreamIo(pin, TRUE, &packet, buffer, sizeof(buffer));
    ck_assert_int_eq(packet.Status, STATUS_INVALID_DEVICE_REQUEST);
    CloseStream(filter, pin);     /* REMOVE: nothing may leak */
}
END_TEST

/* Capture: every Read until 0, bytes of one millisecond in one record with
 * the delta from the previous one, the IRP handed back with its data. */
START_TEST(test_midi_capture_records)
{
    static const UCHAR first[] = { 0x90, 0x40, 0x7f };
    static const UCHAR second[] = { 0x80, 0x40, 0x00 };
    UCHAR buffer[64];
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;
    PKSMUSICFORMAT record;

    MidiSetup();
    ck_assert_int_eq(OpenFilter(L"Midi", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(filter, 1, &KSDATAFORMAT_SUBTYPE_MIDI,
                                 &pin), STATUS_SUCCESS);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    host_advance_ns(3000000);
    RtlCopyMemory(Midi.In, first, sizeof(first));
    Midi.InCount = sizeof(first);
    Midi.Port->lpVtbl->Notify(Midi.Port, Midi.Group);
    KeFlushQueuedDpcs();
    host_advance_ns(7000000);
    RtlCopyMemory(Midi.In + 3, second, sizeof(second));
    Midi.InCount += sizeof(second);
    Midi.Port->lpVtbl->Notify(Midi.Port, Midi.Group);
    KeFlushQueuedDpcs();
    ck_assert_uint_eq(Midi.InRead, 6);

    memset(buffer, 0xcc, sizeof(buffer));
    StreamIo(pin, TRUE, &packet, buffer, sizeof(buffer));
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
    record = (PKSMUSICFORMAT)buffer;
    ck_assert_uint_eq(record->TimeDeltaMs, 3);
    ck_assert_uint_eq(record->ByteCount, 3);
    ck_assert_mem_eq(buffer + 8, first, 3);
    ck_assert_uint_eq(buffer[11], 0);
    record = (PKSMUSICFORMAT)(buffer + 12);
    ck_assert_uint_eq(record->TimeDeltaMs, 7);
    ck_assert_uint_eq(record->ByteCount, 3);
    ck_assert_mem_eq(buffer + 20, second, 3);
    PacketFree(&packet);
    CloseStream(filter, pin);     /* REMOVE: nothing may leak */
}
END_TEST

/* The system UART: its resource expectations. */
START_TEST(test_midi_uart_resources)
{
    struct {
        CM_RESOURCE_LIST List;
        CM_PARTIAL_RESOURCE_DESCRIPTOR More[1];
    } raw;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR d =
        raw.List.List[0].PartialResourceList.PartialDescriptors;
    PRESOURCELIST list = NULL;
    PMINIPORT uart = NULL;
    PMINIPORTMIDI midi = NULL;
    PMUSICTECHNOLOGY tech = NULL;
    PPCFILTER_DESCRIPTOR desc = NULL;
    const KSDATARANGE_MUSIC *range;
    PSERVICEGROUP group = (PSERVICEGROUP)1;
    PPORT port = NULL;
    SIZE_T bytes = 0;
    SIZE_T baseBytes = 0;
    ULONG base;

    host_reset(NULL);
    base = ExpPoolOutstanding(0, &baseBytes);
    RtlZeroMemory(&raw, sizeof(raw));
    raw.List.Count = 1;
    raw.List.List[0].PartialResourceList.Count = 1;
    d[0].Type = CmResourceTypeInterrupt;
    d[0].u.Interrupt.Vector = 0x41;
    d[1].Type = CmResourceTypePort;
    d[1].u.Port.Start.QuadPart = 0xc000;
    d[1].u.Port.Length = 4;
    ck_assert_int_eq(PcNewPort(&port, &CLSID_PortMidi), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewMiniport(&uart, &CLSID_MiniportDriverUart),
                     STATUS_SUCCESS);
    ck_assert_int_eq(uart->lpVtbl->QueryInterface(uart, &IID_IMiniportMidi,
                                                  (PVOID *)&midi),
                     STATUS_SUCCESS);
    ck_assert_int_eq(uart->lpVtbl->QueryInterface(uart, &IID_IMusicTechnology,
                                                  (PVOID *)&tech),
                     STATUS_SUCCESS);
    ck_assert_int_eq(tech->lpVtbl->SetTechnology(tech, NULL),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(tech->lpVtbl->SetTechnology(tech,
                                                 &KSMUSIC_TECHNOLOGY_PORT),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(tech->lpVtbl->Release(tech), 2);
    ck_assert_int_eq(midi->lpVtbl->GetDescription(midi, &desc),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(desc->PinCount, 4);
    ck_assert_uint_eq(desc->Pins[0].KsPinDescriptor.DataFlow,
                      KSPIN_DATAFLOW_IN);
    ck_assert_uint_eq(desc->Pins[0].KsPinDescriptor.Communication,
                      KSPIN_COMMUNICATION_SINK);
    ck_assert_uint_eq(desc->Pins[1].KsPinDescriptor.Communication,
                      KSPIN_COMMUNICATION_NONE);
    ck_assert_uint_eq(desc->Pins[2].KsPinDescriptor.DataFlow,
                      KSPIN_DATAFLOW_OUT);
    range = (const KSDATARANGE_MUSIC *)
        desc->Pins[0].KsPinDescriptor.DataRanges[0];
    ck_assert_uint_eq(range->DataRange.FormatSize, 96);
    ck_assert(IsEqualGUIDAligned(&range->DataRange.SubFormat,
                                 &KSDATAFORMAT_SUBTYPE_MIDI));
    ck_assert(IsEqualGUIDAligned(&range->Technology,
                                 &KSMUSIC_TECHNOLOGY_PORT));
    ck_assert_uint_eq(desc->ConnectionCount, 2);
    ck_assert_int_eq(PcNewResourceList(&list, NULL, NonPagedPoolNx,
                                       &raw.List, &raw.List), STATUS_SUCCESS);
    /* no I/O port entry */
    ck_assert_int_eq(midi->lpVtbl->Init(midi, NULL, list, (PPORTMIDI)port,
                                        &group),
                     STATUS_DEVICE_CONFIGURATION_ERROR);
    ck_assert_ptr_null(group);
    /* (a silent MPU-401 is STATUS_IO_TIMEOUT: the host clock stands
     * still in KeStallExecutionProcessor, so the boot tests cover it) */
    list->lpVtbl->Release(list);
    midi->lpVtbl->Release(midi);
    ck_assert_uint_eq(uart->lpVtbl->Release(uart), 0);
    ck_assert_uint_eq(port->lpVtbl->Release(port), 0);
    ck_assert_uint_eq(ExpPoolOutstanding(0, &bytes), base);
    ck_assert_uint_eq(bytes, baseBytes);
}
END_TEST

/* A fake MPU-401 behind the host's port I/O: commands answered with ACK,
 * a TX log with a FIFO room the test sets, an RX queue the test fills. */
#define MPU_BASE   0x330u
#define MPU_VECTOR 0x61u

static struct {
    BOOLEAN Uart;
    UCHAR Rx[64];
    ULONG RxIn;
    ULONG RxOut;
    UCHAR Tx[64];
    ULONG TxCount;
    ULONG TxRoom;           /* bytes DATA takes before STATUS.DRR */
    ULONG Commands;
} Mpu;

static uint8_t FakeMpuIn(uint16_t port)
{
    if (port == MPU_BASE) {
        return Mpu.RxOut == Mpu.RxIn ? 0 : Mpu.Rx[Mpu.RxOut++ % 64];
    }
    if (port == MPU_BASE + 1) {
        return (uint8_t)((Mpu.RxOut == Mpu.RxIn ? 0x80 : 0) |
                         (Mpu.TxRoom == 0 ? 0x40 : 0));
    }
    return 0xff;
}

static void FakeMpuOut(uint16_t port, uint8_t v)
{
    if (port == MPU_BASE + 1) {
        Mpu.Commands++;
        if (v == 0xff) {
            Mpu.Uart = FALSE;
            Mpu.RxOut = Mpu.RxIn;
            Mpu.Rx[Mpu.RxIn++ % 64] = 0xfe;
        } else if (!Mpu.Uart) {
            Mpu.Uart = v == 0x3f;
            Mpu.Rx[Mpu.RxIn++ % 64] = 0xfe;
        }
    } else if (port == MPU_BASE && Mpu.Uart && Mpu.TxRoom != 0) {
        Mpu.Tx[Mpu.TxCount++ % 64] = v;
        Mpu.TxRoom--;
    }
}

/* The system UART through the MIDI port, against the fake MPU-401: the
 * reset/UART handshake, render through a FIFO that fills (partial writes
 * retried 1 ms later), capture from the interrupt, nothing leaked. */
START_TEST(test_midi_uart_end_to_end)
{
    static const UCHAR melody[] = { 0x90, 0x3c, 0x64, 0x3e, 0x64 };
    static const UCHAR input[] = { 0x80, 0x3c, 0x00 };
    struct {
        CM_RESOURCE_LIST List;
        CM_PARTIAL_RESOURCE_DESCRIPTOR More[1];
    } raw;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR d =
        raw.List.List[0].PartialResourceList.PartialDescriptors;
    PRESOURCELIST list = NULL;
    PMINIPORT uart = NULL;
    PPORT port = NULL;
    PFILE_OBJECT filter;
    PFILE_OBJECT render;
    PFILE_OBJECT capture;
    UCHAR buffer[64];
    UCHAR in[64];
    ULONG used = 0;
    Packet packet;
    Packet reading;

    DeviceSetup();
    RtlZeroMemory(&Mpu, sizeof(Mpu));
    Mpu.TxRoom = 64;
    host_inb_hook = FakeMpuIn;
    host_outb_hook = FakeMpuOut;
    RtlZeroMemory(&raw, sizeof(raw));
    raw.List.Count = 1;
    raw.List.List[0].PartialResourceList.Count = 2;
    d[0].Type = CmResourceTypePort;
    d[0].u.Port.Start.QuadPart = MPU_BASE;
    d[0].u.Port.Length = 4;
    d[1].Type = CmResourceTypeInterrupt;
    d[1].ShareDisposition = CmResourceShareShared;
    d[1].u.Interrupt.Vector = MPU_VECTOR;
    d[1].u.Interrupt.Level = MPU_VECTOR >> 4;
    d[1].u.Interrupt.Affinity = 1;
    ck_assert_int_eq(PcNewResourceList(&list, NULL, NonPagedPoolNx,
                                       &raw.List, &raw.List), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewPort(&port, &CLSID_PortMidi), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewMiniport(&uart, &CLSID_MiniportDriverUart),
                     STATUS_SUCCESS);
    ck_assert_int_eq(port->lpVtbl->Init(port, Fdo, NULL, (PUNKNOWN)uart,
                                        NULL, list), STATUS_SUCCESS);
    ck_assert(Mpu.Uart);
    ck_assert_uint_eq(Mpu.Commands, 2);
    ck_assert_uint_eq(Mpu.RxIn - Mpu.RxOut, 0);     /* both ACKs taken */
    ck_assert_int_eq(PcRegisterSubdevice(Fdo, L"Uart", (PUNKNOWN)port),
                     STATUS_SUCCESS);
    uart->lpVtbl->Release(uart);
    port->lpVtbl->Release(port);
    list->lpVtbl->Release(list);

    ck_assert_int_eq(OpenFilter(L"Uart", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(filter, 0, &KSDATAFORMAT_SUBTYPE_MIDI,
                                 &render), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(filter, 2, &KSDATAFORMAT_SUBTYPE_MIDI,
                                 &capture), STATUS_SUCCESS);
    ck_assert_int_eq(SetState(capture, KSSTATE_RUN), STATUS_SUCCESS);

    /* render: the FIFO takes 2 bytes, the rest 1 ms later */
    PutRecord(buffer, &used, 0, melody, 3);
    PutRecord(buffer, &used, 0, melody + 3, 2);
    Mpu.TxRoom = 2;
    ck_assert_int_eq(SetState(render, KSSTATE_RUN), STATUS_SUCCESS);
    StreamIo(render, FALSE, &packet, buffer, used);
    ck_assert_int_eq(packet.Status, STATUS_PENDING);
    ck_assert_uint_eq(Mpu.TxCount, 0);      /* stream time 0 is 2 ms on */
    host_advance_ns(2000000);
    KeFlushQueuedDpcs();
    ck_assert_uint_eq(Mpu.TxCount, 2);
    Mpu.TxRoom = 64;
    host_advance_ns(1000000);
    KeFlushQueuedDpcs();
    ck_assert(PacketDone(&packet));
    ck_assert_uint_eq(Mpu.TxCount, sizeof(melody));
    ck_assert_mem_eq(Mpu.Tx, melody, sizeof(melody));
    PacketFree(&packet);

    /* capture: bytes arrive, the interrupt fires, the ISR drains them */
    host_advance_ns(4000000);
    RtlCopyMemory(Mpu.Rx + Mpu.RxIn % 64, input, sizeof(input));
    Mpu.RxIn += sizeof(input);
    host_raise_interrupt(MPU_VECTOR);
    KeFlushQueuedDpcs();
    ck_assert_uint_eq(Mpu.RxIn - Mpu.RxOut, 0);
    /* the client reads 2 ms later: the bytes keep their arrival time */
    host_advance_ns(2000000);
    StreamIo(capture, TRUE, &reading, in, sizeof(in));
    ck_assert(PacketDone(&reading));
    ck_assert_uint_eq(reading.Header.DataUsed, 12);
    ck_assert_uint_eq(((PKSMUSICFORMAT)in)->TimeDeltaMs, 7);
    ck_assert_uint_eq(((PKSMUSICFORMAT)in)->ByteCount, 3);
    ck_assert_mem_eq(in + 8, input, sizeof(input));
    PacketFree(&reading);
    CloseFile(render);
    CloseStream(filter, capture);   /* REMOVE: nothing may leak */
}
END_TEST

/* WaveRT ------------------------------------------------------------------ */

/*
 * A WaveRT miniport with the fake wave filter's pins and formats, a stream
 * without notification or packet interfaces (so the port's refusals show),
 * its buffer from the port's IPortWaveRTStream, a position "register" in
 * memory.
 */
typedef struct FakeRt {
    IMiniportWaveRT Iface;
    IMiniportWaveRTStream StreamIface;
    LONG Ref;
    LONG StreamRef;
    PPORTWAVERT Port;
    PPORTWAVERTSTREAM PortStream;
    PPCFILTER_DESCRIPTOR Descriptor;
    PMDL Mdl;
    PVOID Mapped;
    KSSTATE State;
    ULONG Position;
    volatile ULONG Register;
    /* power: IPowerNotify offered when HasPowerNotify; the stream's states */
    IPowerNotify PowerIface;
    BOOLEAN HasPowerNotify;
    ULONG PowerNotifies;
    KSSTATE StateAtNotify;
    KSSTATE Log[16];
    ULONG LogCount;
} FakeRt;

static FakeRt Rt;

static NTSTATUS NTAPI FakeRt_QI(IMiniportWaveRT *This, REFIID Iid,
                                PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniport) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniportWaveRT)) {
        Rt.Ref++;
        *Object = This;
        return STATUS_SUCCESS;
    }
    if (Rt.HasPowerNotify && IsEqualGUIDAligned(Iid, &IID_IPowerNotify)) {
        Rt.Ref++;
        *Object = &Rt.PowerIface;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI FakeRt_AddRef(IMiniportWaveRT *This)
{
    UNREFERENCED_PARAMETER(This);
    return (ULONG)++Rt.Ref;
}

static ULONG NTAPI FakeRt_Release(IMiniportWaveRT *This)
{
    UNREFERENCED_PARAMETER(This);
    if (--Rt.Ref == 0 && Rt.Port != NULL) {
        Rt.Port->lpVtbl->Release(Rt.Port);
        Rt.Port = NULL;
    }
    return (ULONG)Rt.Ref;
}

static NTSTATUS NTAPI FakeRt_GetDescription(IMiniportWaveRT *This,
                                            PPCFILTER_DESCRIPTOR *Out)
{
    UNREFERENCED_PARAMETER(This);
    *Out = Rt.Descriptor;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRt_Intersection(IMiniportWaveRT *This, ULONG Pin,
                                          PKSDATARANGE Range,
                                          PKSDATARANGE Matching, ULONG Length,
                                          PVOID Format, PULONG FormatLength)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Pin);
    UNREFERENCED_PARAMETER(Range);
    UNREFERENCED_PARAMETER(Matching);
    UNREFERENCED_PARAMETER(Length);
    UNREFERENCED_PARAMETER(Format);
    UNREFERENCED_PARAMETER(FormatLength);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI FakeRt_Init(IMiniportWaveRT *This, PUNKNOWN Adapter,
                                  PRESOURCELIST Resources, PPORTWAVERT Port)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Adapter);
    UNREFERENCED_PARAMETER(Resources);
    Port->lpVtbl->AddRef(Port);
    Rt.Port = Port;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRt_NewStream(IMiniportWaveRT *This,
                                       PMINIPORTWAVERTSTREAM *Stream,
                                       PPORTWAVERTSTREAM PortStream, ULONG Pin,
                                       BOOLEAN Capture, PKSDATAFORMAT Format)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Pin);
    UNREFERENCED_PARAMETER(Capture);
    UNREFERENCED_PARAMETER(Format);
    PortStream->lpVtbl->AddRef(PortStream);
    Rt.PortStream = PortStream;
    Rt.StreamRef = 1;
    *Stream = &Rt.StreamIface;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRt_DeviceDescription(IMiniportWaveRT *This,
                                               PDEVICE_DESCRIPTION Description)
{
    UNREFERENCED_PARAMETER(This);
    RtlZeroMemory(Description, sizeof(*Description));
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRtStream_QI(IMiniportWaveRTStream *This,
                                      REFIID Iid, PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniportWaveRTStream)) {
        Rt.StreamRef++;
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI FakeRtStream_AddRef(IMiniportWaveRTStream *This)
{
    UNREFERENCED_PARAMETER(This);
    return (ULONG)++Rt.StreamRef;
}

static VOID NTAPI FakeRtStream_FreeAudioBuffer(IMiniportWaveRTStream *This,
                                               PMDL Mdl, ULONG Size)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Size);
    ck_assert_ptr_eq(Mdl, Rt.Mdl);
    Rt.PortStream->lpVtbl->UnmapAllocatedPages(Rt.PortStream, Rt.Mapped,
                                               Mdl);
    Rt.PortStream->lpVtbl->FreePagesFromMdl(Rt.PortStream, Mdl);
    Rt.Mdl = NULL;
}

static ULONG NTAPI FakeRtStream_Release(IMiniportWaveRTStream *This)
{
    if (--Rt.StreamRef == 0) {
        ck_assert_ptr_null(Rt.Mdl);     /* the port freed the buffer first */
        Rt.PortStream->lpVtbl->Release(Rt.PortStream);
        Rt.PortStream = NULL;
    }
    UNREFERENCED_PARAMETER(This);
    return (ULONG)Rt.StreamRef;
}

static NTSTATUS NTAPI FakeRtStream_SetFormat(IMiniportWaveRTStream *This,
                                             PKSDATAFORMAT Format)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Format);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRtStream_SetState(IMiniportWaveRTStream *This,
                                            KSSTATE State)
{
    UNREFERENCED_PARAMETER(This);
    Rt.State = State;
    if (Rt.LogCount < RTL_NUMBER_OF(Rt.Log)) {
        Rt.Log[Rt.LogCount++] = State;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRtStream_GetPosition(IMiniportWaveRTStream *This,
                                               PKSAUDIO_POSITION Position)
{
    UNREFERENCED_PARAMETER(This);
    Position->PlayOffset = Rt.Position;
    Position->WriteOffset = Rt.Position + 4;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRtStream_AllocateAudioBuffer(
    IMiniportWaveRTStream *This, ULONG Size, PMDL *Mdl, ULONG *Actual,
    ULONG *Offset, MEMORY_CACHING_TYPE *Cache)
{
    PHYSICAL_ADDRESS high = { .QuadPart = -1 };

    UNREFERENCED_PARAMETER(This);
    Rt.Mdl = Rt.PortStream->lpVtbl->AllocatePagesForMdl(Rt.PortStream, high,
                                                        Size);
    Rt.Mapped = Rt.PortStream->lpVtbl->MapAllocatedPages(Rt.PortStream,
                                                         Rt.Mdl, MmCached);
    *Mdl = Rt.Mdl;
    *Actual = Size;
    *Offset = 0;
    *Cache = MmCached;
    return STATUS_SUCCESS;
}

static VOID NTAPI FakeRtStream_GetHWLatency(IMiniportWaveRTStream *This,
                                            KSRTAUDIO_HWLATENCY *Latency)
{
    UNREFERENCED_PARAMETER(This);
    Latency->FifoSize = 1;
    Latency->ChipsetDelay = 2;
    Latency->CodecDelay = 3;
}

static NTSTATUS NTAPI FakeRtStream_GetPositionRegister(
    IMiniportWaveRTStream *This, KSRTAUDIO_HWREGISTER *Register)
{
    UNREFERENCED_PARAMETER(This);
    RtlZeroMemory(Register, sizeof(*Register));
    Register->Register = (PVOID)&Rt.Register;
    Register->Width = 32;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeRtStream_GetClockRegister(
    IMiniportWaveRTStream *This, KSRTAUDIO_HWREGISTER *Register)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Register);
    return STATUS_NOT_SUPPORTED;
}

static const IMiniportWaveRTVtbl FakeRt_Vtbl = {
    .QueryInterface = FakeRt_QI,
    .AddRef = FakeRt_AddRef,
    .Release = FakeRt_Release,
    .GetDescription = FakeRt_GetDescription,
    .DataRangeIntersection = FakeRt_Intersection,
    .Init = FakeRt_Init,
    .NewStream = FakeRt_NewStream,
    .GetDeviceDescription = FakeRt_DeviceDescription,
};

static const IMiniportWaveRTStreamVtbl FakeRtStream_Vtbl = {
    .QueryInterface = FakeRtStream_QI,
    .AddRef = FakeRtStream_AddRef,
    .Release = FakeRtStream_Release,
    .SetFormat = FakeRtStream_SetFormat,
    .SetState = FakeRtStream_SetState,
    .GetPosition = FakeRtStream_GetPosition,
    .AllocateAudioBuffer = FakeRtStream_AllocateAudioBuffer,
    .FreeAudioBuffer = FakeRtStream_FreeAudioBuffer,
    .GetHWLatency = FakeRtStream_GetHWLatency,
    .GetPositionRegister = FakeRtStream_GetPositionRegister,
    .GetClockRegister = FakeRtStream_GetClockRegister,
};

static NTSTATUS NTAPI FakeRtPower_QI(IPowerNotify *This, REFIID Iid,
                                     PVOID *Object)
{
    UNREFERENCED_PARAMETER(This);
    return FakeRt_QI(&Rt.Iface, Iid, Object);
}

static ULONG NTAPI FakeRtPower_AddRef(IPowerNotify *This)
{
    UNREFERENCED_PARAMETER(This);
    return FakeRt_AddRef(&Rt.Iface);
}

static ULONG NTAPI FakeRtPower_Release(IPowerNotify *This)
{
    UNREFERENCED_PARAMETER(This);
    return FakeRt_Release(&Rt.Iface);
}

static VOID NTAPI FakeRtPower_Notify(IPowerNotify *This, POWER_STATE State)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(State);
    Rt.PowerNotifies++;
    Rt.StateAtNotify = Rt.State;
}

static const IPowerNotifyVtbl FakeRtPower_Vtbl = {
    .QueryInterface = FakeRtPower_QI,
    .AddRef = FakeRtPower_AddRef,
    .Release = FakeRtPower_Release,
    .PowerChangeNotify = FakeRtPower_Notify,
};

static VOID WaveRTSetupWith(BOOLEAN PowerNotify);

/* Registers a "WaveRT" subdevice over the fake on the started device. */
static VOID WaveRTSetup(VOID)
{
    WaveRTSetupWith(FALSE);
}

/* The same; the fake offers IPowerNotify when PowerNotify. */
static VOID WaveRTSetupWith(BOOLEAN PowerNotify)
{
    PUNKNOWN wave = NULL;
    PMINIPORT miniport = NULL;
    PPORT port = NULL;
    PPORTWAVERT rt = NULL;

    DeviceSetup();
    RtlZeroMemory((PVOID)&Rt, sizeof(Rt));
    Rt.Iface.lpVtbl = &FakeRt_Vtbl;
    Rt.StreamIface.lpVtbl = &FakeRtStream_Vtbl;
    Rt.PowerIface.lpVtbl = &FakeRtPower_Vtbl;
    Rt.HasPowerNotify = PowerNotify;
    Rt.Ref = 1;
    /* The fake wave filter's description: pins, ranges, nodes. */
    ck_assert_int_eq(FakeNewWaveMiniport(&wave), STATUS_SUCCESS);
    ck_assert_int_eq(wave->lpVtbl->QueryInterface(wave, &IID_IMiniport,
                                                  (PVOID *)&miniport),
                     STATUS_SUCCESS);
    miniport->lpVtbl->GetDescription(miniport, &Rt.Descriptor);
    miniport->lpVtbl->Release(miniport);
    wave->lpVtbl->Release(wave);
    ck_assert_int_eq(PcNewPort(&port, &CLSID_PortWaveRT), STATUS_SUCCESS);
    ck_assert_int_eq(port->lpVtbl->QueryInterface(port, &IID_IPortWaveRT,
                                                  (PVOID *)&rt),
                     STATUS_SUCCESS);
    rt->lpVtbl->Release(rt);
    ck_assert_int_eq(port->lpVtbl->Init(port, Fdo, NULL, (PUNKNOWN)&Rt.Iface,
                                        NULL, StartedResources),
                     STATUS_SUCCESS);
    ck_assert_ptr_nonnull(Rt.Port);
    ck_assert_int_eq(PcRegisterSubdevice(Fdo, L"WaveRT", (PUNKNOWN)port),
                     STATUS_SUCCESS);
    port->lpVtbl->Release(port);
    FakeRt_Release(&Rt.Iface);
}

/*
 * Across D3 a running WaveRT pin pauses. With IPowerNotify its miniport
 * stream stays paused (PortCls owns no WaveRT buffer: the miniport restores
 * its position itself) and sees only RUN -> PAUSE, the notification while
 * paused, PAUSE -> RUN; without it the stream is stopped and walked back up
 * (the device lost its context). The pin reads PAUSE asleep, RUN after.
 */
START_TEST(test_power_wavert_stream_stays_paused)
{
    static const KSSTATE kept[] = {
        KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN,
        KSSTATE_PAUSE, KSSTATE_RUN,
    };
    static const KSSTATE restarted[] = {
        KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN,
        KSSTATE_PAUSE, KSSTATE_ACQUIRE, KSSTATE_STOP,
        KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN,
    };
    const BOOLEAN notify = _i == 0;
    const KSSTATE *want = notify ? kept : restarted;
    ULONG count = notify ? RTL_NUMBER_OF(kept) : RTL_NUMBER_OF(restarted);
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;

    WaveRTSetupWith(notify);
    ck_assert_int_eq(OpenFilter(L"WaveRT", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 48000, 16, 2, &pin),
                     STATUS_SUCCESS);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceD3),
                     STATUS_SUCCESS);
    ck_assert_int_eq(GetState(pin), KSSTATE_PAUSE);
    ck_assert_uint_eq(Rt.PowerNotifies, notify ? 1 : 0);
    if (notify) {
        ck_assert_int_eq(Rt.StateAtNotify, KSSTATE_PAUSE);
    }
    ck_assert_int_eq(PcRequestNewPowerState(Fdo, PowerDeviceD0),
                     STATUS_SUCCESS);
    ck_assert_int_eq(GetState(pin), KSSTATE_RUN);
    ck_assert_uint_eq(Rt.PowerNotifies, notify ? 2 : 0);
    ck_assert_uint_eq(Rt.LogCount, count);
    ck_assert(memcmp(Rt.Log, want, count * sizeof(*want)) == 0);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    CloseFile(pin);
    CloseFile(filter);
    DeviceTeardown();
}
END_TEST

/* A KSRTAUDIO_*_PROPERTY after its KSPROPERTY. */
typedef struct RtBufferTail {
    PVOID BaseAddress;
    ULONG RequestedBufferSize;
    ULONG NotificationCount;
} RtBufferTail;

/*
 * IPortWaveRTStream's pages as the miniport sees them; the RtAudio
 * properties the port answers from the miniport stream, and its refusals
 * for what this stream lacks (notification, packets, a clock register);
 * the buffer goes back before the stream; nothing leaks.
 */
START_TEST(test_wavert_port_stream_and_properties)
{
    PHYSICAL_ADDRESS low = { .QuadPart = 0 };
    PHYSICAL_ADDRESS high = { .QuadPart = -1 };
    PHYSICAL_ADDRESS tiny = { .QuadPart = 0xfff };
    RtBufferTail tail = { NULL, 4000, 2 };
    KSRTAUDIO_BUFFER buffer;
    KSRTAUDIO_HWLATENCY latency;
    KSRTAUDIO_HWREGISTER reg;
    KSAUDIO_POSITION pos;
    PVOID base = NULL;
    BOOL support = TRUE;
    ULONG count = 0;
    ULONG_PTR info = 0;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    PPORTWAVERTSTREAM ps;
    Packet packet;
    PUCHAR va;
    PMDL mdl;

    WaveRTSetup();
    ck_assert_int_eq(OpenFilter(L"WaveRT", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenPin(filter, FAKE_PIN_RENDER, 48000, 16, 2, &pin),
                     STATUS_SUCCESS);
    ps = Rt.PortStream;
    ck_assert_ptr_nonnull(ps);

    mdl = ps->lpVtbl->AllocatePagesForMdl(ps, high, 5000);
    ck_assert_ptr_nonnull(mdl);
    ck_assert_uint_eq(MmGetMdlByteCount(mdl), 5000);
    ck_assert_uint_eq(ps->lpVtbl->GetPhysicalPagesCount(ps, mdl), 2);
    ck_assert_uint_eq(
        (uint64_t)ps->lpVtbl->GetPhysicalPageAddress(ps, mdl, 1).QuadPart,
        (uint64_t)ps->lpVtbl->GetPhysicalPageAddress(ps, mdl, 0).QuadPart +
        PAGE_SIZE);
    ck_assert_int_eq(ps->lpVtbl->GetPhysicalPageAddress(ps, mdl, 2).QuadPart,
                     0);
    va = ps->lpVtbl->MapAllocatedPages(ps, mdl, MmCached);
    ck_assert_uint_eq((uint64_t)MmGetPhysicalAddress(va).QuadPart,
                      (uint64_t)ps->lpVtbl->GetPhysicalPageAddress(ps, mdl,
                                                                   0).QuadPart);
    ck_assert_uint_eq(va[4999], 0);
    ps->lpVtbl->UnmapAllocatedPages(ps, va, mdl);
    ps->lpVtbl->FreePagesFromMdl(ps, mdl);
    ck_assert_ptr_null(ps->lpVtbl->AllocateContiguousPagesForMdl(ps, low, tiny,
                                                                 PAGE_SIZE));

    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_BUFFER, KSPROPERTY_TYPE_GET,
                              &tail, 16, &buffer, sizeof(buffer), &info),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(info, sizeof(buffer));
    ck_assert_ptr_eq(buffer.BufferAddress, Rt.Mapped);
    ck_assert_uint_eq(buffer.ActualBufferSize, 4000);
    ck_assert_int_eq(buffer.CallMemoryBarrier, FALSE);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION,
                              KSPROPERTY_TYPE_GET, &tail, sizeof(tail),
                              &buffer, sizeof(buffer), NULL),
                     STATUS_NOT_SUPPORTED);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_QUERY_NOTIFICATION_SUPPORT,
                              KSPROPERTY_TYPE_GET, NULL, 0, &support,
                              sizeof(support), NULL), STATUS_SUCCESS);
    ck_assert_int_eq(support, FALSE);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_REGISTER_NOTIFICATION_EVENT,
                              KSPROPERTY_TYPE_GET, &base, sizeof(base), NULL,
                              0, NULL), STATUS_NOT_SUPPORTED);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_HWLATENCY,
                              KSPROPERTY_TYPE_GET, NULL, 0, &latency,
                              sizeof(latency), NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(latency.FifoSize + latency.ChipsetDelay +
                      latency.CodecDelay, 6);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_POSITIONREGISTER,
                              KSPROPERTY_TYPE_GET, &base, sizeof(base), &reg,
                              sizeof(reg), NULL), STATUS_SUCCESS);
    ck_assert_ptr_eq(reg.Register, (PVOID)&Rt.Register);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_CLOCKREGISTER,
                              KSPROPERTY_TYPE_GET, &base, sizeof(base), &reg,
                              sizeof(reg), NULL), STATUS_NOT_SUPPORTED);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_PACKETCOUNT,
                              KSPROPERTY_TYPE_GET, NULL, 0, &count,
                              sizeof(count), NULL), STATUS_NOT_SUPPORTED);
    Rt.Position = 1200;
    pos = GetPosition(pin);
    ck_assert_uint_eq(pos.PlayOffset, 1200);
    ck_assert_uint_eq(pos.WriteOffset, 1204);
    StreamIo(pin, FALSE, &packet, Rt.Mapped, 64);
    ck_assert_int_eq(packet.Status, STATUS_INVALID_DEVICE_REQUEST);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    ck_assert_int_eq(Rt.State, KSSTATE_RUN);
    ck_assert_int_eq(Property(pin, &KSPROPSETID_RtAudio,
                              KSPROPERTY_RTAUDIO_BUFFER, KSPROPERTY_TYPE_GET,
                              &tail, 16, &buffer, sizeof(buffer), NULL),
                     STATUS_INVALID_DEVICE_STATE);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    CloseFile(pin);
    ck_assert_ptr_null(Rt.Mdl);
    ck_assert_int_eq(Rt.StreamRef, 0);
    CloseFile(filter);
    DeviceTeardown();           /* REMOVE: nothing may leak, MDLs included */
}
END_TEST

/* DMus --------------------------------------------------------------------- */

/* Events of the pin's allocator (PCP_DMUS_POOL_EVENTS, portcls private.h). */
#define DMUS_POOL_EVENTS    512u
#define DMUS_MS             10000ULL

/*
 * A DMus miniport whose render stream logs every event it is handed (time
 * handed over, presentation time, flags, bytes) and puts it back into the
 * allocator at once, as the cycaudio synth does.
 */
typedef struct FakeDMus {
    IMiniportDMus Iface;
    IMXF StreamIface;
    LONG Ref;
    LONG StreamRef;
    PPORTDMUS Port;
    PAllocatorMXF Alloc;
    PMXF CaptureSink;               /* what the capture pin connected */
    ULONGLONG PreFetch;
    ULONG Count;
    ULONGLONG At[16];
    REFERENCE_TIME Time[16];
    USHORT Flags[16];
    USHORT Length[16];
    UCHAR Bytes[16][256];
} FakeDMus;

static FakeDMus DMus;

static const KSDATARANGE_MUSIC FakeDMusRange = {
    { { sizeof(KSDATARANGE_MUSIC), 0, 0, 0,
        STATICGUIDOF(KSDATAFORMAT_TYPE_MUSIC),
        STATICGUIDOF(KSDATAFORMAT_SUBTYPE_DIRECTMUSIC),
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE) } },
    STATICGUIDOF(KSMUSIC_TECHNOLOGY_PORT), 16, 32, 0xffff
};
static const PKSDATARANGE FakeDMusRanges[] = {
    (PKSDATARANGE)&FakeDMusRange,
    (PKSDATARANGE)&FakeMidiRange,       /* legacy MIDI clients */
};
static const PCPIN_DESCRIPTOR FakeDMusPins[] = {
    { 1, 1, 0, NULL, { .DataRangesCount = 2, .DataRanges = FakeDMusRanges,
      .DataFlow = KSPIN_DATAFLOW_IN,
      .Communication = KSPIN_COMMUNICATION_SINK } },
    { 1, 1, 0, NULL, { .DataRangesCount = 1, .DataRanges = FakeDMusRanges,
      .DataFlow = KSPIN_DATAFLOW_OUT,
      .Communication = KSPIN_COMMUNICATION_SINK } },
};
static const PCFILTER_DESCRIPTOR FakeDMusFilter = {
    .PinSize = sizeof(PCPIN_DESCRIPTOR),
    .PinCount = 2,
    .Pins = FakeDMusPins,
};

static NTSTATUS NTAPI FakeDMus_QI(IMiniportDMus *This, REFIID Iid,
                                  PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniport) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniportDMus)) {
        *Object = This;
        DMus.Ref++;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI FakeDMus_AddRef(IMiniportDMus *This)
{
    (void)This;
    return (ULONG)++DMus.Ref;
}

static ULONG NTAPI FakeDMus_Release(IMiniportDMus *This)
{
    (void)This;
    if (--DMus.Ref == 0) {
        COM_SAFE_RELEASE(&DMus.Port);
    }
    return (ULONG)DMus.Ref;
}

static NTSTATUS NTAPI FakeDMus_GetDescription(IMiniportDMus *This,
                                              PPCFILTER_DESCRIPTOR *Out)
{
    (void)This;
    *Out = (PPCFILTER_DESCRIPTOR)&FakeDMusFilter;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeDMus_Intersection(IMiniportDMus *This, ULONG Pin,
                                            PKSDATARANGE Range,
                                            PKSDATARANGE Matching,
                                            ULONG Length, PVOID Format,
                                            PULONG FormatLength)
{
    (void)This; (void)Pin; (void)Range; (void)Matching; (void)Length;
    (void)Format; (void)FormatLength;
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI FakeDMus_Init(IMiniportDMus *This, PUNKNOWN Adapter,
                                    PRESOURCELIST Resources, PPORTDMUS Port,
                                    PSERVICEGROUP *Group)
{
    (void)This; (void)Adapter; (void)Resources;
    DMus.Port = Port;
    Port->lpVtbl->AddRef(Port);
    *Group = NULL;
    return STATUS_SUCCESS;
}

static VOID NTAPI FakeDMus_Service(IMiniportDMus *This)
{
    (void)This;
}

static NTSTATUS NTAPI FakeDMus_NewStream(IMiniportDMus *This, PMXF *Mxf,
    PUNKNOWN Outer, POOL_TYPE Pool, ULONG PinId, DMUS_STREAM_TYPE Type,
    PKSDATAFORMAT Format, PSERVICEGROUP *Group, PAllocatorMXF Alloc,
    PMASTERCLOCK Clock, PULONGLONG PreFetch)
{
    REFERENCE_TIME now = 0;

    (void)This; (void)Outer; (void)Pool; (void)Format;
    ck_assert_int_eq(Type, PinId == 0 ? DMUS_STREAM_MIDI_RENDER :
                                        DMUS_STREAM_MIDI_CAPTURE);
    ck_assert_int_eq(Clock->lpVtbl->GetTime(Clock, &now), STATUS_SUCCESS);
    ck_assert_uint_eq((ULONGLONG)now, KeQueryInterruptTime());
    DMus.Alloc = Alloc;
    Alloc->lpVtbl->AddRef(Alloc);
    DMus.StreamRef++;
    DMus.Ref++;
    *Group = NULL;
    *PreFetch = DMus.PreFetch;
    *Mxf = &DMus.StreamIface;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeDMusStream_QI(IMXF *This, REFIID Iid,
                                        PVOID *Object)
{
    (void)Iid;
    *Object = This;
    DMus.StreamRef++;
    return STATUS_SUCCESS;
}

static ULONG NTAPI FakeDMusStream_AddRef(IMXF *This)
{
    (void)This;
    return (ULONG)++DMus.StreamRef;
}

static ULONG NTAPI FakeDMusStream_Release(IMXF *This)
{
    (void)This;
    if (--DMus.StreamRef == 0) {
        COM_SAFE_RELEASE(&DMus.Alloc);
        FakeDMus_Release(&DMus.Iface);
    }
    return (ULONG)DMus.StreamRef;
}

static NTSTATUS NTAPI FakeDMusStream_SetState(IMXF *This, KSSTATE State)
{
    (void)This; (void)State;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeDMusStream_PutMessage(IMXF *This,
                                                PDMUS_KERNEL_EVENT Event)
{
    PDMUS_KERNEL_EVENT e;

    (void)This;
    for (e = Event; e != NULL && DMus.Count < 16; e = e->pNextEvt) {
        ULONG i = DMus.Count++;

        DMus.At[i] = KeQueryInterruptTime();
        DMus.Time[i] = e->ullPresTime100ns;
        DMus.Flags[i] = e->usFlags;
        DMus.Length[i] = e->cbEvent;
        ck_assert_uint_le(e->cbEvent, sizeof(DMus.Bytes[i]));
        RtlCopyMemory(DMus.Bytes[i], SHORT_EVT(e) ? e->uData.abData :
                      e->uData.pbData, e->cbEvent);
    }
    return DMus.Alloc->lpVtbl->PutMessage(DMus.Alloc, Event);
}

static NTSTATUS NTAPI FakeDMusStream_Connect(IMXF *This, PMXF Sink)
{
    (void)This;
    DMus.CaptureSink = Sink;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeDMusStream_Disconnect(IMXF *This, PMXF Sink)
{
    (void)This;
    ck_assert_ptr_eq(Sink, DMus.CaptureSink);
    DMus.CaptureSink = NULL;
    return STATUS_SUCCESS;
}

static const IMiniportDMusVtbl FakeDMus_Vtbl = {
    .QueryInterface = FakeDMus_QI,
    .AddRef = FakeDMus_AddRef,
    .Release = FakeDMus_Release,
    .GetDescription = FakeDMus_GetDescription,
    .DataRangeIntersection = FakeDMus_Intersection,
    .Init = FakeDMus_Init,
    .Service = FakeDMus_Service,
    .NewStream = FakeDMus_NewStream,
};

static const IMXFVtbl FakeDMusStream_Vtbl = {
    .QueryInterface = FakeDMusStream_QI,
    .AddRef = FakeDMusStream_AddRef,
    .Release = FakeDMusStream_Release,
    .SetState = FakeDMusStream_SetState,
    .PutMessage = FakeDMusStream_PutMessage,
    .ConnectOutput = FakeDMusStream_Connect,
    .DisconnectOutput = FakeDMusStream_Disconnect,
};

/* Registers a "DMus" subdevice over the fake on the started device. */
static VOID DMusSetup(VOID)
{
    PPORT port = NULL;

    DeviceSetup();
    RtlZeroMemory(&DMus, sizeof(DMus));
    DMus.Iface.lpVtbl = &FakeDMus_Vtbl;
    DMus.StreamIface.lpVtbl = &FakeDMusStream_Vtbl;
    DMus.Ref = 1;
    ck_assert_int_eq(PcNewPort(&port, &CLSID_PortDMus), STATUS_SUCCESS);
    ck_assert_int_eq(port->lpVtbl->Init(port, Fdo, NULL,
                                        (PUNKNOWN)&DMus.Iface, NULL,
                                        StartedResources), STATUS_SUCCESS);
    ck_assert_ptr_nonnull(DMus.Port);
    ck_assert_int_eq(PcRegisterSubdevice(Fdo, L"DMus", (PUNKNOWN)port),
                     STATUS_SUCCESS);
    port->lpVtbl->Release(port);
    FakeDMus_Release(&DMus.Iface);
}

/* Appends one DMUS_EVENTHEADER event, quadword-padded. */
/* The DMus filter over a set-up device and its pin PinId in RUN. */
static VOID DMusOpenRunning(ULONG PinId, const GUID *SubFormat,
                            PFILE_OBJECT *Filter, PFILE_OBJECT *Pin)
{
    DMusSetup();
    ck_assert_int_eq(OpenFilter(L"DMus", Filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(*Filter, PinId, SubFormat, Pin),
                     STATUS_SUCCESS);
    ck_assert_int_eq(SetState(*Pin, KSSTATE_RUN), STATUS_SUCCESS);
}

static VOID PutDMusEvent(PUCHAR Buffer, ULONG *Used, REFERENCE_TIME Time,
                         const UCHAR *Bytes, ULONG Count)
{
    DMUS_EVENTHEADER header = { Count, 1, Time, DMUS_EVENT_STRUCTURED };

    RtlZeroMemory(Buffer + *Used, DMUS_EVENT_SIZE(Count));
    RtlCopyMemory(Buffer + *Used, &header, sizeof(header));
    RtlCopyMemory(Buffer + *Used + sizeof(header), Bytes, Count);
    *Used += DMUS_EVENT_SIZE(Count);
}

/* Every event of the pin's pool is free: none is outstanding. */
static VOID AssertDMusPoolFull(VOID)
{
    PDMUS_KERNEL_EVENT chain = NULL;
    PDMUS_KERNEL_EVENT e;
    ULONG free = 0;

    while (NT_SUCCESS(DMus.Alloc->lpVtbl->GetMessage(DMus.Alloc, &e))) {
        e->pNextEvt = chain;
        chain = e;
        free++;
    }
    ck_assert_ptr_null(e);
    ck_assert_uint_eq(free, DMUS_POOL_EVENTS);
    DMus.Alloc->lpVtbl->PutMessage(DMus.Alloc, chain);
}

static VOID AdvanceMs(ULONG Ms)
{
    ULONG i;

    for (i = 0; i < Ms; i++) {
        host_advance_ns(1000000);
        KeFlushQueuedDpcs();
    }
}

/*
 * Events reach the miniport at their presentation time (SchedulePreFetch
 * 0), in time order whatever the order in the IRP; a SysEx of
 * 300 bytes arrives as a chain of pbData events, all but the last
 * INCOMPLETE; every event is back in the pool after STOP.
 */
START_TEST(test_dmus_render_schedule_and_long_message)
{
    static const UCHAR on[] = { 0x90, 0x3c, 0x64 };
    static const UCHAR off[] = { 0x80, 0x3c, 0x00 };
    static UCHAR buffer[1024];
    UCHAR sysex[300];
    ULONG used = 0;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;
    REFERENCE_TIME t0;
    ULONG i;

    DMusSetup();
    ck_assert_int_eq(OpenFilter(L"DMus", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(filter, 1, &KSDATAFORMAT_SUBTYPE_MIDI,
                                 &pin), STATUS_NO_MATCH);
    ck_assert_int_eq(OpenMidiPin(filter, 0, &KSDATAFORMAT_SUBTYPE_DIRECTMUSIC,
                                 &pin), STATUS_SUCCESS);
    for (i = 0; i < sizeof(sysex); i++) {
        sysex[i] = i == 0 ? 0xf0 : i + 1 == sizeof(sysex) ? 0xf7 : i & 0x7f;
    }
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    t0 = (REFERENCE_TIME)KeQueryInterruptTime();
    PutDMusEvent(buffer, &used, t0 + 10 * DMUS_MS, on, sizeof(on));
    PutDMusEvent(buffer, &used, t0 + 20 * DMUS_MS, sysex, sizeof(sysex));
    PutDMusEvent(buffer, &used, t0 + 15 * DMUS_MS, off, sizeof(off));
    ck_assert_uint_eq(used, 24 + 320 + 24);
    StreamIo(pin, FALSE, &packet, buffer, used);
    /* parsed at once: the IRP is done, the events wait in the port */
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
    ck_assert_uint_eq(DMus.Count, 0);
    AdvanceMs(30);
    ck_assert_uint_eq(DMus.Count, 4);
    ck_assert_uint_eq(DMus.At[0] - (ULONGLONG)t0, 10 * DMUS_MS);
    ck_assert_mem_eq(DMus.Bytes[0], on, sizeof(on));
    ck_assert_uint_eq(DMus.At[1] - (ULONGLONG)t0, 15 * DMUS_MS);
    ck_assert_int_eq(DMus.Time[1], t0 + 15 * DMUS_MS);
    ck_assert_mem_eq(DMus.Bytes[1], off, sizeof(off));
    ck_assert_uint_eq(DMus.Length[2], 240);
    ck_assert_uint_eq(DMus.Flags[2], DMUS_KEF_EVENT_INCOMPLETE);
    ck_assert_mem_eq(DMus.Bytes[2], sysex, 240);
    ck_assert_uint_eq(DMus.Length[3], 60);
    ck_assert_uint_eq(DMus.Flags[3], DMUS_KEF_EVENT_COMPLETE);
    ck_assert_mem_eq(DMus.Bytes[3], sysex + 240, 60);
    for (i = 2; i < 4; i++) {
        ck_assert_uint_eq(DMus.At[i] - (ULONGLONG)t0, 20 * DMUS_MS);
    }
    PacketFree(&packet);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    AssertDMusPoolFull();
    CloseStream(filter, pin);     /* REMOVE: nothing may leak */
}
END_TEST

/*
 * A truncated header and a cbEvent that runs past DataUsed fail their IRP
 * with STATUS_INVALID_PARAMETER; the events before play, the pin goes on.
 */
START_TEST(test_dmus_bad_input)
{
    static const UCHAR on[] = { 0x90, 0x40, 0x7f };
    static UCHAR buffer[256];
    ULONG used = 0;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;
    REFERENCE_TIME t0;

    DMusOpenRunning(0, &KSDATAFORMAT_SUBTYPE_DIRECTMUSIC, &filter, &pin);
    t0 = (REFERENCE_TIME)KeQueryInterruptTime();
    PutDMusEvent(buffer, &used, t0, on, sizeof(on));
    StreamIo(pin, FALSE, &packet, buffer, used + 10);
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_INVALID_PARAMETER);
    PacketFree(&packet);
    AdvanceMs(1);
    ck_assert_uint_eq(DMus.Count, 1);

    used = 0;
    PutDMusEvent(buffer, &used, t0, on, sizeof(on));
    ((LPDMUS_EVENTHEADER)buffer)->cbEvent = 100;
    StreamIo(pin, FALSE, &packet, buffer, used);
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_INVALID_PARAMETER);
    PacketFree(&packet);
    AdvanceMs(1);
    ck_assert_uint_eq(DMus.Count, 1);

    ((LPDMUS_EVENTHEADER)buffer)->cbEvent = sizeof(on);
    StreamIo(pin, FALSE, &packet, buffer, used);
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
    PacketFree(&packet);
    AdvanceMs(1);
    ck_assert_uint_eq(DMus.Count, 2);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    AssertDMusPoolFull();
    CloseStream(filter, pin);     /* REMOVE: nothing may leak */
}
END_TEST

/*
 * 100 rounds of open, RUN, 600 events for the future (more than the pool:
 * the IRP waits for events to come back), STOP, close: each STOP leaves the
 * whole pool free and the IRP cancelled; nothing leaks.
 */
START_TEST(test_dmus_allocator_100_rounds)
{
    static const UCHAR on[] = { 0x91, 0x30, 0x40 };
    static UCHAR buffer[600 * 24];
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;
    ULONG round;

    DMusSetup();
    ck_assert_int_eq(OpenFilter(L"DMus", &filter), STATUS_SUCCESS);
    for (round = 0; round < 100; round++) {
        REFERENCE_TIME t0;
        ULONG used = 0;
        ULONG i;

        ck_assert_int_eq(OpenMidiPin(filter, 0,
                                     &KSDATAFORMAT_SUBTYPE_DIRECTMUSIC, &pin),
                         STATUS_SUCCESS);
        ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
        t0 = (REFERENCE_TIME)KeQueryInterruptTime();
        for (i = 0; i < 600; i++) {
            PutDMusEvent(buffer, &used, t0 + 1000 * DMUS_MS, on, sizeof(on));
        }
        StreamIo(pin, FALSE, &packet, buffer, used);
        ck_assert_int_eq(packet.Status, STATUS_PENDING);
        AdvanceMs(2);
        ck_assert(!PacketDone(&packet));
        ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
        ck_assert(PacketDone(&packet));
        ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_CANCELLED);
        PacketFree(&packet);
        AssertDMusPoolFull();
        CloseFile(pin);
    }
    ck_assert_uint_eq(DMus.Count, 0);
    CloseFile(filter);
    DeviceTeardown();
}
END_TEST

/*
 * A legacy client: a MIDI-format pin's KSMUSICFORMAT records become events
 * at PresentationTime + the sum of the deltas (ms), one per record, a
 * record of running status kept as its bytes.
 */
START_TEST(test_dmus_midi_format_records)
{
    static const UCHAR on[] = { 0x90, 0x3c, 0x64 };
    static const UCHAR running[] = { 0x3e, 0x64 };
    UCHAR buffer[64];
    ULONG used = 0;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;

    DMusOpenRunning(0, &KSDATAFORMAT_SUBTYPE_MIDI, &filter, &pin);
    PutRecord(buffer, &used, 5, on, sizeof(on));
    PutRecord(buffer, &used, 10, running, sizeof(running));
    StreamIo(pin, FALSE, &packet, buffer, used);
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
    /* PresentationTime 0: master-clock times 5 and 15 ms */
    AdvanceMs(20);
    ck_assert_uint_eq(DMus.Count, 2);
    ck_assert_int_eq(DMus.Time[0], 5 * DMUS_MS);
    ck_assert_mem_eq(DMus.Bytes[0], on, sizeof(on));
    ck_assert_int_eq(DMus.Time[1], 15 * DMUS_MS);
    ck_assert_uint_eq(DMus.Length[1], sizeof(running));
    ck_assert_mem_eq(DMus.Bytes[1], running, sizeof(running));
    PacketFree(&packet);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    AssertDMusPoolFull();
    CloseStream(filter, pin);     /* REMOVE: nothing may leak */
}
END_TEST

/*
 * Capture: the pin connects its sink to the miniport's stream; events put
 * there (a structured message, then raw INCOMPLETE bytes) reach the client
 * as DMUS_EVENTHEADERs, the first setting PresentationTime, and go back to
 * the pool.
 */
START_TEST(test_dmus_capture_packs_event_headers)
{
    static const UCHAR on[] = { 0x90, 0x3c, 0x64 };
    static const UCHAR raw[] = { 0xf8, 0xfe };
    UCHAR buffer[128];
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;
    PDMUS_KERNEL_EVENT e;
    LPDMUS_EVENTHEADER header;
    REFERENCE_TIME t0;

    DMusSetup();
    ck_assert_int_eq(OpenFilter(L"DMus", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(filter, 1, &KSDATAFORMAT_SUBTYPE_DIRECTMUSIC,
                                 &pin), STATUS_SUCCESS);
    ck_assert_ptr_nonnull(DMus.CaptureSink);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    t0 = (REFERENCE_TIME)KeQueryInterruptTime();
    ck_assert_int_eq(DMus.Alloc->lpVtbl->GetMessage(DMus.Alloc, &e),
                     STATUS_SUCCESS);
    e->cbEvent = sizeof(on);
    e->usChannelGroup = 1;
    e->ullPresTime100ns = t0 + DMUS_MS;
    RtlCopyMemory(e->uData.abData, on, sizeof(on));
    DMus.CaptureSink->lpVtbl->PutMessage(DMus.CaptureSink, e);
    ck_assert_int_eq(DMus.Alloc->lpVtbl->GetMessage(DMus.Alloc, &e),
                     STATUS_SUCCESS);
    e->cbEvent = sizeof(raw);
    e->usChannelGroup = 1;
    e->ullPresTime100ns = t0 + 2 * DMUS_MS;
    SET_INCOMPLETE_EVT(e);
    RtlCopyMemory(e->uData.abData, raw, sizeof(raw));
    DMus.CaptureSink->lpVtbl->PutMessage(DMus.CaptureSink, e);
    KeFlushQueuedDpcs();

    memset(buffer, 0xcc, sizeof(buffer));
    StreamIo(pin, TRUE, &packet, buffer, sizeof(buffer));
    ck_assert(PacketDone(&packet));
    ck_assert_int_eq(packet.Irp->IoStatus.Status, STATUS_SUCCESS);
    ck_assert_uint_eq(packet.Header.DataUsed, 2 * DMUS_EVENT_SIZE(3));
    ck_assert_int_eq(packet.Header.PresentationTime.Time, t0 + DMUS_MS);
    header = (LPDMUS_EVENTHEADER)buffer;
    ck_assert_uint_eq(header->cbEvent, 3);
    ck_assert_uint_eq(header->dwChannelGroup, 1);
    ck_assert_int_eq(header->rtDelta, 0);
    ck_assert_uint_eq(header->dwFlags, DMUS_EVENT_STRUCTURED);
    ck_assert_mem_eq(buffer + sizeof(*header), on, sizeof(on));
    ck_assert_uint_eq(buffer[sizeof(*header) + 3], 0);
    header = (LPDMUS_EVENTHEADER)(buffer + DMUS_EVENT_SIZE(3));
    ck_assert_uint_eq(header->cbEvent, 2);
    ck_assert_int_eq(header->rtDelta, DMUS_MS);
    ck_assert_uint_eq(header->dwFlags, 0);
    ck_assert_mem_eq((PUCHAR)header + sizeof(*header), raw, sizeof(raw));
    PacketFree(&packet);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    AssertDMusPoolFull();
    CloseStream(filter, pin);     /* REMOVE: nothing may leak */
    ck_assert_ptr_null(DMus.CaptureSink);
}
END_TEST

/* WavePci ------------------------------------------------------------------ */

/* The fake's methods take the DDI's parameters and use few of them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"

/*
 * A WavePci miniport as a test drives it: the filter is the fake WaveCyclic
 * one's (description, intersection), the stream keeps the port stream so
 * the test calls GetMapping/ReleaseMapping itself, and logs what the port
 * calls.
 */
typedef struct FakePci {
    IMiniportWavePci Iface;
    IMiniportWavePciStream StreamIface;
    LONG Ref;
    LONG StreamRef;
    PUNKNOWN Wave;                  /* the fake WaveCyclic: descriptor */
    PPORTWAVEPCI Port;
    PPORTWAVEPCISTREAM PortStream;  /* of the open stream, referenced */
    ULONG MappingAvailable;
    ULONG Services;
    ULONG RevokeCalls;
    PVOID RevokeFirst;
    PVOID RevokeLast;
    ULONG RevokeCount;              /* what RevokeMappings reports */
    ULONGLONG Position;
    NTSTATUS SetStateStatus;        /* what SetState answers */
} FakePci;

static FakePci Pci;

static NTSTATUS NTAPI FakePci_QI(IMiniportWavePci *This, REFIID Iid,
                                 PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IMiniportWavePci) ||
        IsEqualGUIDAligned(Iid, &IID_IMiniport) ||
        IsEqualGUIDAligned(Iid, &IID_IUnknown)) {
        Pci.Ref++;
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI FakePci_AddRef(IMiniportWavePci *This)
{
    return (ULONG)++Pci.Ref;
}

static ULONG NTAPI FakePci_Release(IMiniportWavePci *This)
{
    if (--Pci.Ref == 0) {
        COM_SAFE_RELEASE(&Pci.Port);
        COM_SAFE_RELEASE(&Pci.Wave);
    }
    return (ULONG)Pci.Ref;
}

static NTSTATUS NTAPI FakePci_GetDescription(IMiniportWavePci *This,
                                             PPCFILTER_DESCRIPTOR *Out)
{
    return COM_CALL((PMINIPORT)Pci.Wave, GetDescription, Out);
}

static NTSTATUS NTAPI FakePci_Intersection(IMiniportWavePci *This, ULONG Pin,
                                           PKSDATARANGE Range,
                                           PKSDATARANGE Mine, ULONG Length,
                                           PVOID Result, PULONG ResultLength)
{
    return COM_CALL((PMINIPORT)Pci.Wave, DataRangeIntersection, Pin, Range,
                    Mine, Length, Result, ResultLength);
}

static NTSTATUS NTAPI FakePci_Init(IMiniportWavePci *This, PUNKNOWN Adapter,
                                   PRESOURCELIST Resources, PPORTWAVEPCI Port,
                                   PSERVICEGROUP *Group)
{
    Pci.Port = Port;
    COM_CALL(Port, AddRef);
    *Group = NULL;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakePci_NewStream(IMiniportWavePci *This,
                                        PMINIPORTWAVEPCISTREAM *Stream,
                                        PUNKNOWN Outer, POOL_TYPE Pool,
                                        PPORTWAVEPCISTREAM PortStream,
                                        ULONG Pin, BOOLEAN Capture,
                                        PKSDATAFORMAT Format,
                                        PDMACHANNEL *Dma, PSERVICEGROUP *Group)
{
    Pci.PortStream = PortStream;
    COM_CALL(PortStream, AddRef);
    Pci.StreamRef = 1;
    Pci.Ref++;
    *Stream = &Pci.StreamIface;
    *Dma = NULL;
    *Group = NULL;
    return STATUS_SUCCESS;
}

static VOID NTAPI FakePci_Service(IMiniportWavePci *This)
{
}

static const IMiniportWavePciVtbl FakePci_Vtbl = {
    .QueryInterface = FakePci_QI,
    .AddRef = FakePci_AddRef,
    .Release = FakePci_Release,
    .GetDescription = FakePci_GetDescription,
    .DataRangeIntersection = FakePci_Intersection,
    .Init = FakePci_Init,
    .NewStream = FakePci_NewStream,
    .Service = FakePci_Service,
};

static NTSTATUS NTAPI FakePciStream_QI(IMiniportWavePciStream *This,
                                       REFIID Iid, PVOID *Object)
{
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI FakePciStream_AddRef(IMiniportWavePciStream *This)
{
    return (ULONG)++Pci.StreamRef;
}

static ULONG NTAPI FakePciStream_Release(IMiniportWavePciStream *This)
{
    if (--Pci.StreamRef == 0) {
        COM_SAFE_RELEASE(&Pci.PortStream);
        FakePci_Release(&Pci.Iface);
    }
    return (ULONG)Pci.StreamRef;
}

static NTSTATUS NTAPI FakePciStream_SetFormat(IMiniportWavePciStream *This,
                                              PKSDATAFORMAT Format)
{
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakePciStream_SetState(IMiniportWavePciStream *This,
                                             KSSTATE State)
{
    return Pci.SetStateStatus;
}

static NTSTATUS NTAPI FakePciStream_GetPosition(IMiniportWavePciStream *This,
                                                PULONGLONG Position)
{
    *Position = Pci.Position;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakePciStream_Normalize(IMiniportWavePciStream *This,
                                              PLONGLONG Position)
{
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakePciStream_Framing(IMiniportWavePciStream *This,
                                            PKSALLOCATOR_FRAMING Framing)
{
    RtlZeroMemory(Framing, sizeof(*Framing));
    Framing->Frames = 4;
    Framing->FrameSize = PAGE_SIZE;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakePciStream_Revoke(IMiniportWavePciStream *This,
                                           PVOID First, PVOID Last,
                                           PULONG Count)
{
    Pci.RevokeCalls++;
    Pci.RevokeFirst = First;
    Pci.RevokeLast = Last;
    *Count = Pci.RevokeCount;
    return STATUS_SUCCESS;
}

static VOID NTAPI FakePciStream_MappingAvailable(IMiniportWavePciStream *This)
{
    Pci.MappingAvailable++;
}

static VOID NTAPI FakePciStream_Service(IMiniportWavePciStream *This)
{
    Pci.Services++;
}

#pragma GCC diagnostic pop

static const IMiniportWavePciStreamVtbl FakePciStream_Vtbl = {
    .QueryInterface = FakePciStream_QI,
    .AddRef = FakePciStream_AddRef,
    .Release = FakePciStream_Release,
    .SetFormat = FakePciStream_SetFormat,
    .SetState = FakePciStream_SetState,
    .GetPosition = FakePciStream_GetPosition,
    .NormalizePhysicalPosition = FakePciStream_Normalize,
    .GetAllocatorFraming = FakePciStream_Framing,
    .RevokeMappings = FakePciStream_Revoke,
    .MappingAvailable = FakePciStream_MappingAvailable,
    .Service = FakePciStream_Service,
};

/* The started device plus a "WavePci" subdevice over the fake, and its
 * 48 kHz 16-bit stereo render pin in PAUSE. */
static VOID WavePciOpen(PFILE_OBJECT *Filter, PFILE_OBJECT *Pin)
{
    PPORT port = NULL;

    DeviceSetup();
    RtlZeroMemory(&Pci, sizeof(Pci));
    Pci.Iface.lpVtbl = &FakePci_Vtbl;
    Pci.StreamIface.lpVtbl = &FakePciStream_Vtbl;
    Pci.Ref = 1;
    ck_assert_int_eq(FakeNewWaveMiniport(&Pci.Wave), STATUS_SUCCESS);
    ck_assert_int_eq(PcNewPort(&port, &CLSID_PortWavePci), STATUS_SUCCESS);
    ck_assert_int_eq(port->lpVtbl->Init(port, Fdo, NULL,
                                        (PUNKNOWN)&Pci.Iface, NULL,
                                        StartedResources), STATUS_SUCCESS);
    ck_assert_int_eq(PcRegisterSubdevice(Fdo, L"WavePci", (PUNKNOWN)port),
                     STATUS_SUCCESS);
    port->lpVtbl->Release(port);
    FakePci_Release(&Pci.Iface);
    ck_assert_int_eq(OpenFilter(L"WavePci", Filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenPin(*Filter, FAKE_PIN_RENDER, 48000, 16, 2, Pin),
                     STATUS_SUCCESS);
    ck_assert_ptr_nonnull(Pci.PortStream);
    ck_assert_int_eq(SetState(*Pin, KSSTATE_PAUSE), STATUS_SUCCESS);
}

typedef struct Mapping {
    PHYSICAL_ADDRESS Physical;
    PVOID Virtual;
    ULONG Bytes;
    ULONG Flags;
} Mapping;

static NTSTATUS GetMapping(ULONG_PTR Tag, Mapping *M)
{
    return COM_CALL(Pci.PortStream, GetMapping, (PVOID)Tag, &M->Physical,
                    &M->Virtual, &M->Bytes, &M->Flags);
}

static VOID ReleaseMapping(ULONG_PTR Tag)
{
    ck_assert_int_eq(COM_CALL(Pci.PortStream, ReleaseMapping, (PVOID)Tag),
                     STATUS_SUCCESS);
}

/*
 * Mappings: none before data (STATUS_NOT_FOUND, then one MappingAvailable
 * when data arrives), pieces cut at page boundaries in order with the
 * physical address and the end-of-packet flag on the packet's last; the
 * IRP completes when its last mapping is released, not before.
 */
START_TEST(test_wavepci_mappings_and_completion)
{
    PUCHAR pages = g_malloc(4 * PAGE_SIZE);
    PUCHAR data = (PUCHAR)ALIGN_UP_BY(pages, PAGE_SIZE) + PAGE_SIZE - 100;
    PFILE_OBJECT filter, pin;
    Packet a, b;
    Mapping m;

    WavePciOpen(&filter, &pin);
    ck_assert_int_eq(GetMapping(1, &m), STATUS_NOT_FOUND);
    KeFlushQueuedDpcs();
    ck_assert_uint_eq(Pci.MappingAvailable, 0);
    StreamIo(pin, FALSE, &a, data, 5000);
    ck_assert_int_eq(a.Status, STATUS_PENDING);
    StreamIo(pin, FALSE, &b, data, 8);
    KeFlushQueuedDpcs();
    ck_assert_uint_eq(Pci.MappingAvailable, 1);
    ck_assert_int_eq(GetMapping(1, &m), STATUS_SUCCESS);
    ck_assert_ptr_eq(m.Virtual, data);
    ck_assert_uint_eq((ULONGLONG)m.Physical.QuadPart,
                      (ULONGLONG)MmGetPhysicalAddress(data).QuadPart);
    ck_assert_uint_eq(m.Bytes, 100);
    ck_assert_uint_eq(m.Flags, 0);
    ck_assert_int_eq(GetMapping(2, &m), STATUS_SUCCESS);
    ck_assert_ptr_eq(m.Virtual, data + 100);
    ck_assert_uint_eq(m.Bytes, PAGE_SIZE);
    ck_assert_int_eq(GetMapping(3, &m), STATUS_SUCCESS);
    ck_assert_uint_eq(m.Bytes, 5000 - 100 - PAGE_SIZE);
    ck_assert_uint_ne(m.Flags, 0);
    ck_assert_int_eq(GetMapping(4, &m), STATUS_SUCCESS);
    ck_assert_uint_eq(m.Bytes, 8);
    ck_assert_uint_ne(m.Flags, 0);
    ck_assert_int_eq(GetMapping(5, &m), STATUS_NOT_FOUND);
    ReleaseMapping(1);
    ReleaseMapping(2);
    ck_assert(!PacketDone(&a));
    ReleaseMapping(3);
    ck_assert(PacketDone(&a));
    ck_assert_int_eq(a.Irp->IoStatus.Status, STATUS_SUCCESS);
    ck_assert_uint_eq(a.Irp->IoStatus.Information, 5000);
    ck_assert(!PacketDone(&b));
    ReleaseMapping(4);
    ck_assert(PacketDone(&b));
    ck_assert_uint_eq(b.Irp->IoStatus.Information, 8);
    PacketFree(&a);
    PacketFree(&b);
    CloseStream(filter, pin);
    g_free(pages);
}
END_TEST

/*
 * STOP revokes what is outstanding (first and last tag, the released ones
 * excluded) and cancels the packets; KSRESET_BEGIN does the same while
 * running. Nothing is outstanding afterwards.
 */
START_TEST(test_wavepci_revoke_on_stop_and_cancel)
{
    PUCHAR data = g_malloc0(3 * PAGE_SIZE);
    PFILE_OBJECT filter, pin;
    Packet a, b;
    Mapping m;
    ULONG value = KSRESET_BEGIN;

    WavePciOpen(&filter, &pin);
    StreamIo(pin, FALSE, &a, data, 64);
    StreamIo(pin, FALSE, &b, data + 64, 64);
    ck_assert_int_eq(GetMapping(10, &m), STATUS_SUCCESS);
    ck_assert_int_eq(GetMapping(11, &m), STATUS_SUCCESS);
    ReleaseMapping(10);
    ck_assert(PacketDone(&a));
    Pci.RevokeCount = 1;
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    ck_assert_uint_eq(Pci.RevokeCalls, 1);
    ck_assert_ptr_eq(Pci.RevokeFirst, (PVOID)11);
    ck_assert_ptr_eq(Pci.RevokeLast, (PVOID)11);
    PacketFree(&a);
    PacketCancelled(&b);

    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    StreamIo(pin, FALSE, &a, data, 2 * PAGE_SIZE);
    ck_assert_int_eq(GetMapping(20, &m), STATUS_SUCCESS);
    ck_assert_int_eq(GetMapping(21, &m), STATUS_SUCCESS);
    Pci.RevokeCount = 2;
    ck_assert_int_eq(SendIrp(pin, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_RESET_STATE,
                             &value, sizeof(value), NULL, 0, NULL, NULL),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(Pci.RevokeCalls, 2);
    ck_assert_ptr_eq(Pci.RevokeFirst, (PVOID)20);
    ck_assert_ptr_eq(Pci.RevokeLast, (PVOID)21);
    PacketCancelled(&a);
    value = KSRESET_END;
    ck_assert_int_eq(SendIrp(pin, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_RESET_STATE,
                             &value, sizeof(value), NULL, 0, NULL, NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    ck_assert_uint_eq(Pci.RevokeCalls, 2);     /* nothing left to revoke */
    CloseStream(filter, pin);
    g_free(data);
}
END_TEST

/*
 * ReleaseMapping as Driver Verifier checks it: out of acquisition order,
 * an unknown tag, or under a spin lock the miniport holds: bugcheck 0xC4
 * with PortCls' parameter. Each case then releases properly and closes
 * without a leak.
 */
START_TEST(test_wavepci_release_rules_bugcheck)
{
    static const ULONG want[] = { 0x5011, 0x5012, 0x5010 };
    PUCHAR data = g_malloc0(PAGE_SIZE);
    PFILE_OBJECT filter, pin;
    KSPIN_LOCK lock;
    KIRQL irql;
    uint32_t code = 0;
    Packet a, b;
    Mapping m;

    WavePciOpen(&filter, &pin);
    StreamIo(pin, FALSE, &a, data, 64);
    StreamIo(pin, FALSE, &b, data, 64);
    ck_assert_int_eq(GetMapping(1, &m), STATUS_SUCCESS);
    ck_assert_int_eq(GetMapping(2, &m), STATUS_SUCCESS);
    KeInitializeSpinLock(&lock);
    switch (_i) {
    case 0:
        HOST_EXPECT_BUGCHECK(code, ReleaseMapping(2));
        break;
    case 1:
        HOST_EXPECT_BUGCHECK(code, ReleaseMapping(7));
        break;
    default:
        KeAcquireSpinLock(&lock, &irql);
        HOST_EXPECT_BUGCHECK(code, ReleaseMapping(1));
        KeReleaseSpinLock(&lock, irql);
        break;
    }
    ck_assert_uint_eq(code, DRIVER_VERIFIER_DETECTED_VIOLATION);
    ck_assert_uint_eq(host_bugcheck_params[0], want[_i]);
    ReleaseMapping(1);
    ReleaseMapping(2);
    PacketFree(&a);
    PacketFree(&b);
    CloseStream(filter, pin);
    g_free(data);
}
END_TEST

/* 100 rounds of open, stream, close: every IRP back, zero pool left. */
START_TEST(test_wavepci_open_stream_close_100_times)
{
    PUCHAR data = g_malloc0(2 * PAGE_SIZE);
    PFILE_OBJECT filter, pin;
    Packet a;
    Mapping m;
    ULONG round;
    ULONG_PTR tag;

    for (round = 0; round < 100; round++) {
        WavePciOpen(&filter, &pin);
        ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
        StreamIo(pin, FALSE, &a, data + round * 4, PAGE_SIZE + 400);
        for (tag = 1; GetMapping(tag, &m) == STATUS_SUCCESS; tag++) {
            ReleaseMapping(tag);
        }
        ck_assert(PacketDone(&a));
        ck_assert_uint_eq(a.Irp->IoStatus.Information, PAGE_SIZE + 400);
        PacketFree(&a);
        CloseStream(filter, pin);
    }
    g_free(data);
}
END_TEST

/* Findings of scripts/fuzz ks, one regression test each ------------------ */

/* A render header claiming DataUsed bytes of a frame of FrameExtent 0. */
static NTSTATUS WriteBeyondExtent(PFILE_OBJECT Pin, PVOID Data, ULONG Used)
{
    KSSTREAM_HEADER header;

    RtlZeroMemory(&header, sizeof(header));
    header.Size = sizeof(header);
    header.Data = Data;
    header.FrameExtent = 0;
    header.DataUsed = Used;
    return SendIrp(Pin, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_WRITE_STREAM, NULL, 0,
                   &header, sizeof(header), NULL, NULL);
}

/*
 * fuzz-ks finding 1: KS let FrameExtent 0 pass with any DataUsed, so
 * KspValidateMusicIrp (and the render copy) read DataUsed bytes of a frame
 * that has none: a read past the client's buffer. DataUsed must lie within
 * the frame whatever its extent.
 */
START_TEST(test_fuzz_render_data_used_beyond_extent)
{
    static const UCHAR on[] = { 0x90, 0x3c, 0x64 };
    UCHAR buffer[16];
    ULONG used = 0;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;

    OpenStream(FAKE_PIN_RENDER, &filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    ck_assert_int_eq(WriteBeyondExtent(pin, buffer, sizeof(buffer)),
                     STATUS_INVALID_PARAMETER);
    CloseStream(filter, pin);

    MidiSetup();
    ck_assert_int_eq(OpenFilter(L"Midi", &filter), STATUS_SUCCESS);
    ck_assert_int_eq(OpenMidiPin(filter, 0, &KSDATAFORMAT_SUBTYPE_MIDI,
                                 &pin), STATUS_SUCCESS);
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    PutRecord(buffer, &used, 0, on, sizeof(on));
    ck_assert_int_eq(WriteBeyondExtent(pin, buffer, used),
                     STATUS_INVALID_PARAMETER);
    CloseStream(filter, pin);
}
END_TEST

/*
 * fuzz-ks finding 2: a WavePci miniport that refuses every step down from
 * RUN (cycaudio's does when the device reports a stream error) left its
 * mapped packets pending for ever once the pin closed. Closing now revokes
 * them and completes them cancelled; the stream is released without a leak.
 */
START_TEST(test_fuzz_wavepci_close_when_miniport_refuses_stop)
{
    PUCHAR data = g_malloc0(PAGE_SIZE);
    PFILE_OBJECT filter, pin;
    Packet a, b;
    Mapping m;

    WavePciOpen(&filter, &pin);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_SUCCESS);
    StreamIo(pin, FALSE, &a, data, 64);
    StreamIo(pin, FALSE, &b, data + 64, 64);
    ck_assert_int_eq(GetMapping(30, &m), STATUS_SUCCESS);
    ck_assert_int_eq(GetMapping(31, &m), STATUS_SUCCESS);
    Pci.SetStateStatus = STATUS_DEVICE_CONFIGURATION_ERROR;
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE),
                     STATUS_DEVICE_CONFIGURATION_ERROR);
    ck_assert(!PacketDone(&a));
    Pci.RevokeCount = 2;
    CloseFile(pin);
    ck_assert_uint_eq(Pci.RevokeCalls, 1);
    ck_assert_ptr_eq(Pci.RevokeFirst, (PVOID)30);
    ck_assert_ptr_eq(Pci.RevokeLast, (PVOID)31);
    PacketCancelled(&a);
    PacketCancelled(&b);
    CloseFile(filter);
    DeviceTeardown();
    g_free(data);
}
END_TEST

/*
 * fuzz-ks finding 3: a DirectMusic event's time is its header's
 * presentation time plus its rtDelta, both the client's, and their sum
 * overflowed (so did the miniport's product in nanoseconds: cycaudio's
 * CDMusStream_Wall, replayed by fuzz-ks-regress). It saturates now: an
 * event dated past the range is never due, and the one beside it plays.
 */
START_TEST(test_fuzz_dmus_event_time_saturates)
{
    static const UCHAR far[] = { 0x90, 0x41, 0x7f };
    static const UCHAR now[] = { 0x90, 0x40, 0x7f };
    static UCHAR buffer[64];
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;
    Packet packet;
    ULONG used = 0;
    REFERENCE_TIME t0;

    DMusOpenRunning(0, &KSDATAFORMAT_SUBTYPE_DIRECTMUSIC, &filter, &pin);
    t0 = (REFERENCE_TIME)KeQueryInterruptTime() + 10000;
    PutDMusEvent(buffer, &used, MAXLONGLONG, far, sizeof(far));
    PutDMusEvent(buffer, &used, 0, now, sizeof(now));
    RtlZeroMemory(&packet, sizeof(packet));
    packet.Header.Size = sizeof(KSSTREAM_HEADER);
    packet.Header.Data = buffer;
    packet.Header.FrameExtent = used;
    packet.Header.DataUsed = used;
    packet.Header.PresentationTime.Time = t0;
    packet.Header.PresentationTime.Numerator = 1;
    packet.Header.PresentationTime.Denominator = 1;
    packet.Status = SendIrp(pin, IRP_MJ_DEVICE_CONTROL, IOCTL_KS_WRITE_STREAM,
                            NULL, 0, &packet.Header, sizeof(packet.Header),
                            NULL, &packet.Irp);
    AdvanceMs(10);
    ck_assert_uint_eq(DMus.Count, 1);
    ck_assert_mem_eq(DMus.Bytes[0], now, sizeof(now));
    ck_assert_int_eq((LONGLONG)DMus.Time[0], t0);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    ck_assert(PacketDone(&packet));
    PacketFree(&packet);
    AssertDMusPoolFull();
    CloseStream(filter, pin);
}
END_TEST

/*
 * fuzz-ks findings 7 and 8: a rebalance (or IUnregisterSubdevice) released
 * the port's miniport while a pin stayed open. The DMus pin's service then
 * called IMiniportDMus::Service through the NULL miniport (7), and after a
 * rebalance's STOP a client's RUN reached a WaveRT stream whose adapter had
 * released its registers (8). A running orphan is serviced without the
 * miniport; it may go down to STOP, never up again.
 */
START_TEST(test_fuzz_unregistered_pin_goes_down_only)
{
    static const UCHAR note[] = { 0x90, 0x40, 0x7f };
    static UCHAR buffer[64];
    PUNREGISTERSUBDEVICE unregister = NULL;
    Packet packet;
    ULONG used = 0;
    PPORTDMUS port;
    PFILE_OBJECT filter;
    PFILE_OBJECT pin;

    DMusOpenRunning(0, &KSDATAFORMAT_SUBTYPE_DIRECTMUSIC, &filter, &pin);
    port = DMus.Port;
    ck_assert_int_eq(port->lpVtbl->QueryInterface(
                         port, &IID_IUnregisterSubdevice,
                         (PVOID *)&unregister), STATUS_SUCCESS);
    ck_assert_int_eq(unregister->lpVtbl->UnregisterSubdevice(
                         unregister, Fdo, (PUNKNOWN)port), STATUS_SUCCESS);
    unregister->lpVtbl->Release(unregister);
    /* the running pin takes a buffer and services it without the miniport */
    PutDMusEvent(buffer, &used, 0, note, sizeof(note));
    StreamIo(pin, FALSE, &packet, buffer, used);
    AdvanceMs(10);
    ck_assert_int_eq(SetState(pin, KSSTATE_PAUSE), STATUS_SUCCESS);
    ck_assert_int_eq(SetState(pin, KSSTATE_RUN), STATUS_DEVICE_NOT_READY);
    ck_assert_int_eq(GetState(pin), KSSTATE_PAUSE);
    ck_assert_int_eq(SetState(pin, KSSTATE_STOP), STATUS_SUCCESS);
    ck_assert(PacketDone(&packet));
    PacketFree(&packet);
    CloseStream(filter, pin);
}
END_TEST

static Suite *portcls_suite(void)
{
    Suite *s = suite_create("unit-portcls");
    TCase *tc;

    tc = cyc_tcase_new("copy", 30);
    tcase_add_test(tc, test_render_lead_and_wrap);
    tcase_add_test(tc, test_render_late_service_catches_up);
    tcase_add_test(tc, test_render_underrun_plays_silence);
    tcase_add_test(tc, test_capture_copies_up_to_position);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("ks", 30);
    tcase_add_test(tc, test_state_steps_and_refusals);
    tcase_add_test(tc, test_bad_requests);
    tcase_add_test(tc, test_pin_and_topology_properties);
    tcase_add_test(tc, test_topology_node_properties);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("objects", 60);
    tcase_add_test(tc, test_open_stream_close_100_times);
    tcase_add_test(tc, test_unregister_with_open_pin);
    tcase_add_test(tc, test_power_pauses_and_resumes_render);
    tcase_add_test(tc, test_power_system_irps);
    tcase_add_test(tc, test_power_capture_keeps_uncollected_data);
    tcase_add_test(tc, test_power_idle_detection);
    tcase_add_test(tc, test_pnp_rebalance_stop_and_restart);
    tcase_add_test(tc, test_pnp_surprise_removal);
    tcase_add_test(tc, test_vtables_and_references);
    tcase_add_test(tc, test_service_group);
    tcase_add_loop_test(tc, test_interrupt_sync_modes, 0,
                        G_N_ELEMENTS(SyncCases));
    tcase_add_test(tc, test_resource_lists);
    tcase_add_test(tc, test_dma_channel_and_registry);
    tcase_add_test(tc, test_registry_query_values_table);
    tcase_add_test(tc, test_registry_shared_with_zw);
    tcase_add_test(tc, test_registry_query_and_enumerate_keys);
    tcase_add_test(tc, test_pnp_interfaces_and_physical_connection);
    tcase_add_test(tc, test_refcount_underflow_bugchecks);
    tcase_add_test(tc, test_microsoft_declarations);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("midi", 30);
    tcase_add_test(tc, test_midi_render_schedule_and_bad_requests);
    tcase_add_test(tc, test_midi_capture_records);
    tcase_add_test(tc, test_midi_uart_resources);
    tcase_add_test(tc, test_midi_uart_end_to_end);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("wavert", 30);
    tcase_add_test(tc, test_wavert_port_stream_and_properties);
    tcase_add_loop_test(tc, test_power_wavert_stream_stays_paused, 0, 2);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("dmus", 60);
    tcase_add_test(tc, test_dmus_render_schedule_and_long_message);
    tcase_add_test(tc, test_dmus_bad_input);
    tcase_add_test(tc, test_dmus_allocator_100_rounds);
    tcase_add_test(tc, test_dmus_capture_packs_event_headers);
    tcase_add_test(tc, test_dmus_midi_format_records);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("wavepci", 60);
    tcase_add_test(tc, test_wavepci_mappings_and_completion);
    tcase_add_test(tc, test_wavepci_revoke_on_stop_and_cancel);
    tcase_add_loop_test(tc, test_wavepci_release_rules_bugcheck, 0, 3);
    tcase_add_test(tc, test_wavepci_open_stream_close_100_times);
    suite_add_tcase(s, tc);

    tc = cyc_tcase_new("fuzz", 30);
    tcase_add_test(tc, test_fuzz_render_data_used_beyond_extent);
    tcase_add_test(tc, test_fuzz_wavepci_close_when_miniport_refuses_stop);
    tcase_add_test(tc, test_fuzz_dmus_event_time_saturates);
    tcase_add_test(tc, test_fuzz_unregistered_pin_goes_down_only);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(portcls_suite());
}
