/* SPDX-License-Identifier: MIT */
/*
 * The PnP manager: binds registered drivers to PCI functions, plays the PCI
 * bus driver for their PDOs, and starts and removes device stacks the way
 * Windows does (DriverEntry once per driver, AddDevice per device, then
 * IRP_MN_START_DEVICE with raw and translated resources). It answers the
 * device properties of its PDOs and keeps their device interfaces, which go
 * with the PDO's node. PASSIVE_LEVEL.
 */
#include "fmt.h"
#include "cm.h"
#include "ki.h"

#define PNP_TAG 'ePnP'           /* "PnPe" */
#define PNP_MAX_NAME 64
#define PNP_PARENT_ID_PREFIX "3&267A616A&0"
#define PNP_REGISTRY_PREFIX \
    "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\"
#define IOP_INTERFACE_TAG 'IveD'  /* "DevI" */
#define IOP_MAX_INTERFACES 32
#define IOP_LINK_CHARS 200

typedef struct _PNP_DRIVER {
    LIST_ENTRY Link;
    const NT_DRIVER_REGISTRATION *Registration;
    DRIVER_OBJECT Object;
    DRIVER_EXTENSION Extension;
    WCHAR Name[PNP_MAX_NAME];
    WCHAR RegistryPath[PNP_MAX_NAME * 2];
} PNP_DRIVER;

typedef struct _PNP_DEVICE_NODE {
    LIST_ENTRY Link;
    PNP_DRIVER *Driver;
    PDEVICE_OBJECT Pdo;
    arch_pci_func Pci;
    arch_irq_route Irq;
    BOOLEAN HasIrq;
    BOOLEAN Started;
    BOOLEAN Removed;                /* surprise-removed: the function is gone */
    DEVICE_POWER_STATE PowerState;  /* as the bus driver last set it */
    PCM_RESOURCE_LIST Raw;
    PCM_RESOURCE_LIST Translated;
    ULONG ResourceListSize;
    WCHAR PdoName[PNP_MAX_NAME];
} PNP_DEVICE_NODE;

typedef struct _IOP_DEVICE_INTERFACE {
    BOOLEAN InUse;
    BOOLEAN Enabled;
    GUID Class;
    PDEVICE_OBJECT Pdo;
    USHORT LinkLength;                 /* bytes, without the NUL */
    WCHAR Link[IOP_LINK_CHARS];
} IOP_DEVICE_INTERFACE;

extern const NT_DRIVER_REGISTRATION __start_nt_drivers[] __attribute__((weak));
extern const NT_DRIVER_REGISTRATION __stop_nt_drivers[] __attribute__((weak));

static LIST_ENTRY PnpDrivers;
static LIST_ENTRY PnpNodes;
static DRIVER_OBJECT PnpPciBus;
static DRIVER_EXTENSION PnpPciBusExtension;
static ULONG PnpPdoCounter;
static IOP_DEVICE_INTERFACE IopInterfaces[IOP_MAX_INTERFACES];

static void PnpWiden(PWCHAR Out, SIZE_T Chars, PCSTR In)
{
    SIZE_T i = 0;

    for (; In[i] && i + 1 < Chars; i++) {
        Out[i] = (WCHAR)(UCHAR)In[i];
    }
    Out[i] = 0;
}

static NTSTATUS NTAPI PnpInvalidRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

/* The PCI bus driver's dispatch for PDOs: START and REMOVE succeed (the
 * resources were assigned before), unknown PnP IRPs keep their status. */
static NTSTATUS NTAPI PnpPdoDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = Irp->IoStatus.Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
    case IRP_MN_REMOVE_DEVICE:
    case IRP_MN_STOP_DEVICE:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        status = STATUS_SUCCESS;
        break;
    case IRP_MN_QUERY_CAPABILITIES: {
        PDEVICE_CAPABILITIES caps =
            stack->Parameters.DeviceCapabilities.Capabilities;
        PNP_DEVICE_NODE *node = PnpNodeFromPdo(DeviceObject);

        caps->SurpriseRemovalOK = TRUE;
        caps->Address = node ? ((ULONG)node->Pci.dev << 16) | node->Pci.fn : 0;
        caps->UINumber = caps->Address >> 16;
        caps->DeviceState[PowerSystemWorking] = PowerDeviceD0;
        for (int s = PowerSystemSleeping1; s < PowerSystemMaximum; s++) {
            caps->DeviceState[s] = PowerDeviceD3;
        }
        status = STATUS_SUCCESS;
        break;
    }
    default:
        break;
    }
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

/*
 * The bus driver's part of a device power change: it writes the function's
 * PCI PMCSR (D0 or D3hot; D1 and D2 are not in the capabilities it reports).
 * System power IRPs and queries succeed; other minor codes keep their status.
 */
static NTSTATUS NTAPI PnpPdoDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PNP_DEVICE_NODE *node = PnpNodeFromPdo(DeviceObject);
    NTSTATUS status = Irp->IoStatus.Status;

    if (stack->MinorFunction == IRP_MN_QUERY_POWER) {
        status = STATUS_SUCCESS;
    } else if (stack->MinorFunction == IRP_MN_SET_POWER) {
        DEVICE_POWER_STATE d = stack->Parameters.Power.State.DeviceState;

        status = STATUS_SUCCESS;
        if (stack->Parameters.Power.Type == DevicePowerState && node) {
            if (d != PowerDeviceD0 && d != PowerDeviceD3) {
                status = STATUS_INVALID_PARAMETER;
            } else if (!node->Removed) {
                arch_pci_set_power(&node->Pci, d - PowerDeviceD0);
                node->PowerState = d;
                DPF(D_TERSE, "pnp: %ls D%u", (const wchar_t *)node->PdoName,
                    (unsigned)(d - PowerDeviceD0));
            }
        }
    }
    PoStartNextPowerIrp(Irp);
    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS NTAPI PnpPdoDispatchOther(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS status = Irp->IoStatus.Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction !=
        IRP_MJ_SYSTEM_CONTROL) {
        return PnpInvalidRequest(DeviceObject, Irp);
    }
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static void PnpInitDriverObject(PDRIVER_OBJECT Drv, PDRIVER_EXTENSION Ext,
                                PWCHAR Name)
{
    RtlZeroMemory(Drv, sizeof(*Drv));
    RtlZeroMemory(Ext, sizeof(*Ext));
    Drv->Type = IO_TYPE_DRIVER;
    Drv->Size = sizeof(*Drv);
    Drv->DriverExtension = Ext;
    Ext->DriverObject = Drv;
    RtlInitUnicodeString(&Drv->DriverName, Name);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        Drv->MajorFunction[i] = PnpInvalidRequest;
    }
}

VOID PnpInitialize(VOID)
{
    static WCHAR busName[] = L"\\Driver\\PCI";

    RtlZeroMemory(IopInterfaces, sizeof(IopInterfaces));
    InitializeListHead(&PnpDrivers);
    InitializeListHead(&PnpNodes);
    PnpPdoCounter = 0;
    PnpInitDriverObject(&PnpPciBus, &PnpPciBusExtension, busName);
    PnpPciBus.MajorFunction[IRP_MJ_PNP] = PnpPdoDispatchPnp;
    PnpPciBus.MajorFunction[IRP_MJ_POWER] = PnpPdoDispatchPower;
    PnpPciBus.MajorFunction[IRP_MJ_SYSTEM_CONTROL] = PnpPdoDispatchOther;
}

struct _PNP_DEVICE_NODE *PnpNodeFromPdo(PDEVICE_OBJECT Pdo)
{
    if (!Pdo || Pdo->DriverObject != &PnpPciBus) {
        return NULL;
    }
    return Pdo->DeviceNode;
}

static BOOLEAN PnpStrEqual(PCSTR A, PCSTR B)
{
    while (*A && *A == *B) {
        A++;
        B++;
    }
    return *A == *B;
}

static const NT_DRIVER_REGISTRATION *PnpFindRegistration(PCSTR Name)
{
    for (const NT_DRIVER_REGISTRATION *r = __start_nt_drivers;
         r && r < __stop_nt_drivers; r++) {
        if (PnpStrEqual(r->Name, Name)) {
            return r;
        }
    }
    return NULL;
}

static NTSTATUS PnpLoadDriver(const NT_DRIVER_REGISTRATION *Reg,
                              PNP_DRIVER **Out)
{
    PNP_DRIVER *drv;
    UNICODE_STRING registryPath;
    char narrow[PNP_MAX_NAME * 2];
    NTSTATUS status;

    for (PLIST_ENTRY e = PnpDrivers.Flink; e != &PnpDrivers; e = e->Flink) {
        drv = CONTAINING_RECORD(e, PNP_DRIVER, Link);
        if (drv->Registration == Reg) {
            *Out = drv;
            return STATUS_SUCCESS;
        }
    }
    drv = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*drv), PNP_TAG);
    if (!drv) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    drv->Registration = Reg;
    fmt_snprintf(narrow, sizeof(narrow), "\\Driver\\%s", Reg->Name);
    PnpWiden(drv->Name, PNP_MAX_NAME, narrow);
    fmt_snprintf(narrow, sizeof(narrow), PNP_REGISTRY_PREFIX "%s", Reg->Name);
    PnpWiden(drv->RegistryPath, RTL_NUMBER_OF(drv->RegistryPath), narrow);
    PnpInitDriverObject(&drv->Object, &drv->Extension, drv->Name);
    drv->Object.DriverInit = Reg->DriverEntry;
    RtlInitUnicodeString(&registryPath, drv->RegistryPath);
    {
        /* the service key exists for DriverEntry, as installation made it */
        CM_KEY *service;
        ULONG disposition;

        status = CmpWalk(NULL, &registryPath, TRUE, FALSE, NULL, &service,
                         &disposition);
        if (!NT_SUCCESS(status)) {
            ExFreePoolWithTag(drv, PNP_TAG);
            return status;
        }
    }
    DPF(D_VERBOSE, "pnp: DriverEntry of %s", Reg->Name);
    status = Reg->DriverEntry(&drv->Object, &registryPath);
    if (KiIrql != PASSIVE_LEVEL) {
        KeBugCheckEx(IRQL_UNEXPECTED_VALUE, KiIrql, PASSIVE_LEVEL,
                     (ULONG_PTR)Reg->DriverEntry, 0);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "pnp: DriverEntry of %s failed 0x%08x", Reg->Name,
            (unsigned)status);
        ExFreePoolWithTag(drv, PNP_TAG);
        return status;
    }
    InsertTailList(&PnpDrivers, &drv->Link);
    *Out = drv;
    return STATUS_SUCCESS;
}

static void PnpFillResources(PNP_DEVICE_NODE *Node)
{
    PCM_PARTIAL_RESOURCE_LIST raw = &Node->Raw->List[0].PartialResourceList;
    PCM_PARTIAL_RESOURCE_LIST tr =
        &Node->Translated->List[0].PartialResourceList;
    ULONG n = 0;

    Node->Raw->Count = Node->Translated->Count = 1;
    Node->Raw->List[0].InterfaceType = Node->Translated->List[0].InterfaceType =
        PCIBus;
    Node->Raw->List[0].BusNumber = Node->Translated->List[0].BusNumber =
        Node->Pci.bus;
    raw->Version = tr->Version = 1;
    raw->Revision = tr->Revision = 1;
    for (ULONG i = 0; i < RTL_NUMBER_OF(Node->Pci.bar); i++) {
        const arch_pci_bar *bar = &Node->Pci.bar[i];
        PCM_PARTIAL_RESOURCE_DESCRIPTOR r = &raw->PartialDescriptors[n];

        if (bar->size == 0) {
            continue;
        }
        r->ShareDisposition = CmResourceShareDeviceExclusive;
        if (bar->io) {
            r->Type = CmResourceTypePort;
            r->Flags = CM_RESOURCE_PORT_IO;
            r->u.Port.Start.QuadPart = (LONGLONG)bar->base;
            r->u.Port.Length = (ULONG)bar->size;
        } else {
            r->Type = CmResourceTypeMemory;
            r->Flags =
                CM_RESOURCE_MEMORY_READ_WRITE |
                (bar->prefetchable ? CM_RESOURCE_MEMORY_PREFETCHABLE : 0);
            r->u.Memory.Start.QuadPart = (LONGLONG)bar->base;
            r->u.Memory.Length = (ULONG)bar->size;
        }
        tr->PartialDescriptors[n] = *r;
        n++;
    }
    if (Node->HasIrq) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR r = &raw->PartialDescriptors[n];
        PCM_PARTIAL_RESOURCE_DESCRIPTOR t = &tr->PartialDescriptors[n];

        r->Type = t->Type = CmResourceTypeInterrupt;
        if (Node->Irq.msi) {
            r->ShareDisposition = t->ShareDisposition =
                CmResourceShareDeviceExclusive;
            r->Flags = t->Flags = CM_RESOURCE_INTERRUPT_LATCHED |
                                  CM_RESOURCE_INTERRUPT_MESSAGE;
            r->u.MessageInterrupt.Raw.MessageCount = 1;
            r->u.MessageInterrupt.Raw.Vector = Node->Irq.msi_data;
            r->u.MessageInterrupt.Raw.Affinity = 1;
        } else {
            r->ShareDisposition = t->ShareDisposition = CmResourceShareShared;
            r->Flags = t->Flags = CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE;
            r->u.Interrupt.Level = Node->Irq.gsi;
            r->u.Interrupt.Vector = Node->Irq.gsi;
            r->u.Interrupt.Affinity = 1;
        }
        t->u.Interrupt.Level = Node->Irq.vector >> 4;
        t->u.Interrupt.Vector = Node->Irq.vector;
        t->u.Interrupt.Affinity = 1;
        n++;
    }
    raw->Count = tr->Count = n;
}

static NTSTATUS NTAPI PnpSyncCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                        PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Sends a PnP IRP to the top of the PDO's stack and waits for it. */
static NTSTATUS PnpSendIrp(PDEVICE_OBJECT Pdo, UCHAR Minor,
                           PCM_RESOURCE_LIST Raw, PCM_RESOURCE_LIST Translated)
{
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(Pdo);
    PIRP irp = IoAllocateIrp(top->StackSize, FALSE);
    PIO_STACK_LOCATION stack;
    KEVENT done;
    NTSTATUS status;

    if (!irp) {
        ObDereferenceObject(top);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_PNP;
    stack->MinorFunction = Minor;
    stack->Parameters.StartDevice.AllocatedResources = Raw;
    stack->Parameters.StartDevice.AllocatedResourcesTranslated = Translated;
    IoSetCompletionRoutine(irp, PnpSyncCompletion, &done, TRUE, TRUE, TRUE);
    status = IoCallDriver(top, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    } else if (!KeReadStateEvent(&done)) {
        /* Returned without completing: the driver kept the IRP. */
        KeBugCheckEx(DRIVER_VERIFIER_IOMANAGER_VIOLATION,
                     VERIFIER_IO_PENDING_NOT_MARKED, (ULONG_PTR)irp,
                     (ULONG_PTR)top, (ULONG_PTR)status);
    }
    status = irp->IoStatus.Status;
    IoFreeIrp(irp);
    ObDereferenceObject(top);
    return status;
}

static VOID IopRemoveDeviceInterfaces(PDEVICE_OBJECT Pdo);

static void PnpDeleteNode(PNP_DEVICE_NODE *Node)
{
    if (Node->Pdo) {
        /* The interfaces go with the node, before its PDO. */
        IopRemoveDeviceInterfaces(Node->Pdo);
        IoDeleteDevice(Node->Pdo);
    }
    if (Node->HasIrq) {
        arch_irq_mask(Node->Irq.vector);
    }
    if (Node->Raw) {
        ExFreePoolWithTag(Node->Raw, PNP_TAG);
    }
    if (Node->Translated) {
        ExFreePoolWithTag(Node->Translated, PNP_TAG);
    }
    ExFreePoolWithTag(Node, PNP_TAG);
}

NTSTATUS PnpStartDevice(PCSTR DriverName, ULONG Instance, PDEVICE_OBJECT *Pdo)
{
    const NT_DRIVER_REGISTRATION *reg;
    PNP_DRIVER *drv;
    PNP_DEVICE_NODE *node;
    UNICODE_STRING pdoName;
    const char *irqMode = arch_cmdline_get("irq");
    char narrow[PNP_MAX_NAME];
    ULONG listSize;
    NTSTATUS status;

    PAGED_CODE();
    if (Pdo) {
        *Pdo = NULL;
    }
    reg = PnpFindRegistration(DriverName);
    if (!reg) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    node = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*node), PNP_TAG);
    if (!node) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!arch_pci_find(reg->VendorId, reg->DeviceId, Instance, &node->Pci)) {
        ExFreePoolWithTag(node, PNP_TAG);
        return STATUS_NO_SUCH_DEVICE;
    }
    status = PnpLoadDriver(reg, &drv);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(node, PNP_TAG);
        return status;
    }
    node->Driver = drv;
    fmt_snprintf(narrow, sizeof(narrow), "\\Device\\NTPNP_PCI%04u",
                 ++PnpPdoCounter);
    PnpWiden(node->PdoName, PNP_MAX_NAME, narrow);
    RtlInitUnicodeString(&pdoName, node->PdoName);
    status = IoCreateDevice(&PnpPciBus, 0, &pdoName, FILE_DEVICE_BUS_EXTENDER,
                            0, FALSE, &node->Pdo);
    if (!NT_SUCCESS(status)) {
        PnpDeleteNode(node);
        return status;
    }
    node->Pdo->DeviceNode = node;
    node->Pdo->Flags &= ~DO_DEVICE_INITIALIZING;

    node->HasIrq = arch_irq_route_pci(
        &node->Pci, !(irqMode && PnpStrEqual(irqMode, "intx")), &node->Irq);
    arch_pci_enable(&node->Pci);
    listSize =
        sizeof(CM_RESOURCE_LIST) + (RTL_NUMBER_OF(node->Pci.bar) + 1) *
                                       sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR);
    node->ResourceListSize = listSize;
    node->Raw = ExAllocatePoolZero(PagedPool, listSize, PNP_TAG);
    node->Translated = ExAllocatePoolZero(PagedPool, listSize, PNP_TAG);
    if (!node->Raw || !node->Translated) {
        PnpDeleteNode(node);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PnpFillResources(node);
    DPF(D_TERSE, "pnp: %s on PCI %02x:%02x.%x, %s vector 0x%x", reg->Name,
        node->Pci.bus, node->Pci.dev, node->Pci.fn,
        !node->HasIrq ? "no interrupt" : node->Irq.msi ? "MSI" : "INTx",
        node->Irq.vector);

    if (!drv->Extension.AddDevice) {
        PnpDeleteNode(node);
        return STATUS_NOT_SUPPORTED;
    }
    status = drv->Extension.AddDevice(&drv->Object, node->Pdo);
    if (!NT_SUCCESS(status) || !node->Pdo->AttachedDevice) {
        DPF(D_ERROR, "pnp: AddDevice of %s failed 0x%08x", reg->Name,
            (unsigned)status);
        PnpDeleteNode(node);
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }
    if (IoGetAttachedDevice(node->Pdo)->Flags & DO_DEVICE_INITIALIZING) {
        DPF(D_ERROR, "pnp: %s left DO_DEVICE_INITIALIZING set after AddDevice",
            reg->Name);
    }
    InsertTailList(&PnpNodes, &node->Link);
    status =
        PnpSendIrp(node->Pdo, IRP_MN_START_DEVICE, node->Raw, node->Translated);
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "pnp: START_DEVICE of %s failed 0x%08x", reg->Name,
            (unsigned)status);
        PnpSendIrp(node->Pdo, IRP_MN_REMOVE_DEVICE, NULL, NULL);
        RemoveEntryList(&node->Link);
        PnpDeleteNode(node);
        return status;
    }
    node->Started = TRUE;
    node->PowerState = PowerDeviceD0;
    if (Pdo) {
        *Pdo = node->Pdo;
    }
    return STATUS_SUCCESS;
}

/* REMOVE to the stack of a node already off the list, then the node goes. */
static NTSTATUS PnpRemoveNode(PNP_DEVICE_NODE *Node)
{
    NTSTATUS status = PnpSendIrp(Node->Pdo, IRP_MN_REMOVE_DEVICE, NULL, NULL);

    if (Node->Pdo->AttachedDevice) {
        DPF(D_ERROR, "pnp: a device is still attached to %ls after REMOVE",
            (const wchar_t *)Node->PdoName);
        Node->Pdo->AttachedDevice->AttachedTo = NULL;
        Node->Pdo->AttachedDevice = NULL;
    }
    PnpDeleteNode(Node);
    return status;
}

VOID PnpRemoveAllDevices(VOID)
{
    PAGED_CODE();
    /* Items still queued hold device references: let them finish first. */
    KiRunWorkItems();
    while (!IsListEmpty(&PnpNodes)) {
        PnpRemoveNode(CONTAINING_RECORD(RemoveTailList(&PnpNodes),
                                        PNP_DEVICE_NODE, Link));
    }
    while (!IsListEmpty(&PnpDrivers)) {
        PNP_DRIVER *drv = CONTAINING_RECORD(RemoveTailList(&PnpDrivers),
                                            PNP_DRIVER, Link);

        if (drv->Object.DriverUnload) {
            drv->Object.DriverUnload(&drv->Object);
        }
        if (drv->Object.DeviceObject) {
            DPF(D_ERROR, "pnp: %s unloaded with device objects left",
                drv->Registration->Name);
        }
        ExFreePoolWithTag(drv, PNP_TAG);
    }
    /* The machine goes down: the registry and the file names seen do not
     * outlive the scenario (a handle left open shows up as a leak). */
    CmpFreeRegistry();
    IopFreeFileNodes();
}

/*
 * The device instance path "<device ID>\<instance ID>", as Windows' PCI bus
 * driver reports them: device ID PCI\VEN_v&DEV_d&SUBSYS_ss&REV_r from the
 * configuration space, instance ID "<parent prefix>&<slot>" with slot =
 * device << 3 | function. Deviation: the parent prefix is fixed (Windows
 * derives it from a hash of the parent's instance path). Returns the length
 * as fmt_snprintf does.
 */
int PnpDeviceInstancePath(PDEVICE_OBJECT Pdo, PCHAR Buffer, SIZE_T Size)
{
    PNP_DEVICE_NODE *node = PnpNodeFromPdo(Pdo);

    if (node == NULL) {
        return -1;
    }
    return fmt_snprintf(Buffer, Size,
                        "PCI\\VEN_%04X&DEV_%04X&SUBSYS_%04X%04X&REV_%02X"
                        "\\" PNP_PARENT_ID_PREFIX "&%02X",
                        node->Pci.vendor_id, node->Pci.device_id,
                        node->Pci.subsys_id, node->Pci.subsys_vendor_id,
                        node->Pci.revision,
                        (unsigned)(node->Pci.dev << 3 | node->Pci.fn));
}

static NTSTATUS PnpReturnString(PCSTR Text, ULONG BufferLength, PVOID Buffer,
                                PULONG ResultLength)
{
    ULONG need = 0;

    while (Text[need]) {
        need++;
    }
    need = (need + 1) * sizeof(WCHAR);
    *ResultLength = need;
    if (BufferLength < need) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    PnpWiden(Buffer, need / sizeof(WCHAR), Text);
    return STATUS_SUCCESS;
}

static NTSTATUS PnpReturnUlong(ULONG Value, ULONG BufferLength, PVOID Buffer,
                               PULONG ResultLength)
{
    *ResultLength = sizeof(ULONG);
    if (BufferLength < sizeof(ULONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    *(PULONG)Buffer = Value;
    return STATUS_SUCCESS;
}

NTSTATUS PnpQueryProperty(PDEVICE_OBJECT Pdo, DEVICE_REGISTRY_PROPERTY Property,
                          ULONG BufferLength, PVOID PropertyBuffer,
                          PULONG ResultLength)
{
    PNP_DEVICE_NODE *node = PnpNodeFromPdo(Pdo);
    char text[96];

    *ResultLength = 0;
    if (!node) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    switch (Property) {
    case DevicePropertyDeviceDescription:
    case DevicePropertyFriendlyName:
        fmt_snprintf(text, sizeof(text), "%s PCI device",
                     node->Driver->Registration->Name);
        return PnpReturnString(text, BufferLength, PropertyBuffer,
                               ResultLength);
    case DevicePropertyHardwareID:
        fmt_snprintf(text, sizeof(text),
                     "PCI\\VEN_%04X&DEV_%04X&SUBSYS_%04X%04X&REV_%02X",
                     node->Pci.vendor_id, node->Pci.device_id,
                     node->Pci.subsys_id, node->Pci.subsys_vendor_id,
                     node->Pci.revision);
        /* REG_MULTI_SZ: one string plus the list terminator. */
        {
            NTSTATUS st = PnpReturnString(text, BufferLength, PropertyBuffer,
                                          ResultLength);
            ULONG need = *ResultLength + sizeof(WCHAR);

            *ResultLength = need;
            if (!NT_SUCCESS(st) || BufferLength < need) {
                return STATUS_BUFFER_TOO_SMALL;
            }
            ((PWCHAR)PropertyBuffer)[need / sizeof(WCHAR) - 1] = 0;
            return STATUS_SUCCESS;
        }
    case DevicePropertyManufacturer:
        return PnpReturnString("cycaudio", BufferLength, PropertyBuffer,
                               ResultLength);
    case DevicePropertyEnumeratorName:
        return PnpReturnString("PCI", BufferLength, PropertyBuffer,
                               ResultLength);
    case DevicePropertyPhysicalDeviceObjectName:
        fmt_snprintf(text, sizeof(text), "%ls", (const wchar_t *)node->PdoName);
        return PnpReturnString(text, BufferLength, PropertyBuffer,
                               ResultLength);
    case DevicePropertyLocationInformation:
        fmt_snprintf(text, sizeof(text), "PCI bus %u, device %u, function %u",
                     node->Pci.bus, node->Pci.dev, node->Pci.fn);
        return PnpReturnString(text, BufferLength, PropertyBuffer,
                               ResultLength);
    case DevicePropertyBusNumber:
        return PnpReturnUlong(node->Pci.bus, BufferLength, PropertyBuffer,
                              ResultLength);
    case DevicePropertyAddress:
        return PnpReturnUlong(((ULONG)node->Pci.dev << 16) | node->Pci.fn,
                              BufferLength, PropertyBuffer, ResultLength);
    case DevicePropertyLegacyBusType:
        return PnpReturnUlong(PCIBus, BufferLength, PropertyBuffer,
                              ResultLength);
    case DevicePropertyUINumber:
        return PnpReturnUlong(node->Pci.dev, BufferLength, PropertyBuffer,
                              ResultLength);
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS NTAPI IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject,
                                   DEVICE_REGISTRY_PROPERTY DeviceProperty,
                                   ULONG BufferLength, PVOID PropertyBuffer,
                                   PULONG ResultLength)
{
    return PnpQueryProperty(DeviceObject, DeviceProperty, BufferLength,
                            PropertyBuffer, ResultLength);
}

/* ---- Device interfaces ---- */

static SIZE_T IopWcsLen(PCWSTR s)
{
    SIZE_T n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}

NTSTATUS NTAPI IoRegisterDeviceInterface(PDEVICE_OBJECT PhysicalDeviceObject,
                                         const GUID *InterfaceClassGuid,
                                         PUNICODE_STRING ReferenceString,
                                         PUNICODE_STRING SymbolicLinkName)
{
    IOP_DEVICE_INTERFACE *slot = NULL;
    char narrow[IOP_LINK_CHARS];
    const GUID *g = InterfaceClassGuid;
    PCHAR path;
    int n;
    int len;
    UNICODE_STRING link;

    PAGED_CODE();
    n = fmt_snprintf(narrow, sizeof(narrow), "\\??\\");
    path = narrow + n;
    len = PnpDeviceInstancePath(PhysicalDeviceObject, path,
                                sizeof(narrow) - (SIZE_T)n);
    if (len < 0) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    for (int i = 0; i < len && n + i < (int)sizeof(narrow); i++) {
        if (path[i] == '\\') {
            path[i] = '#';
        }
    }
    n += len;
    if (n < (int)sizeof(narrow)) {
        n += fmt_snprintf(narrow + n, sizeof(narrow) - (SIZE_T)n,
                          "#{%08x-%04x-%04x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x}",
                          g->Data1, g->Data2, g->Data3, g->Data4[0],
                          g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
                          g->Data4[5], g->Data4[6], g->Data4[7]);
    }
    if (ReferenceString && ReferenceString->Length &&
        n < (int)sizeof(narrow)) {
        n += fmt_snprintf(narrow + n, sizeof(narrow) - (SIZE_T)n, "\\%.*ls",
                          (int)(ReferenceString->Length / sizeof(WCHAR)),
                          (const wchar_t *)ReferenceString->Buffer);
    }
    if (n >= (int)sizeof(narrow)) {
        return STATUS_NAME_TOO_LONG;
    }
    for (ULONG i = 0; i < IOP_MAX_INTERFACES; i++) {
        if (IopInterfaces[i].InUse) {
            BOOLEAN same = IopInterfaces[i].LinkLength == n * sizeof(WCHAR);

            for (int k = 0; k <= n && same; k++) {
                same = IopInterfaces[i].Link[k] == (WCHAR)narrow[k];
            }
            if (same) {
                slot = &IopInterfaces[i];
                break;
            }
        } else if (!slot) {
            slot = &IopInterfaces[i];
        }
    }
    if (!slot) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!slot->InUse) {
        slot->InUse = TRUE;
        slot->Enabled = FALSE;
        slot->Class = *InterfaceClassGuid;
        slot->Pdo = PhysicalDeviceObject;
        for (int k = 0; k <= n; k++) {
            slot->Link[k] = (WCHAR)narrow[k];
        }
        slot->LinkLength = (USHORT)(n * sizeof(WCHAR));
    }
    RtlInitUnicodeString(&link, slot->Link);
    return IopCopyName(SymbolicLinkName, &link);
}

static IOP_DEVICE_INTERFACE *IopFindInterface(PCUNICODE_STRING Link)
{
    for (ULONG i = 0; i < IOP_MAX_INTERFACES; i++) {
        IOP_DEVICE_INTERFACE *itf = &IopInterfaces[i];
        UNICODE_STRING s;

        /* case-insensitive, so equal strings have equal lengths */
        if (!itf->InUse || itf->LinkLength != Link->Length) {
            continue;
        }
        s.Buffer = itf->Link;
        s.Length = itf->LinkLength;
        s.MaximumLength = itf->LinkLength;
        if (RtlEqualUnicodeString(&s, Link, TRUE)) {
            return &IopInterfaces[i];
        }
    }
    return NULL;
}

NTSTATUS NTAPI IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName,
                                         BOOLEAN Enable)
{
    IOP_DEVICE_INTERFACE *itf = IopFindInterface(SymbolicLinkName);

    if (!itf) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    itf->Enabled = Enable;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI IoGetDeviceInterfaces(const GUID *InterfaceClassGuid,
                                     PDEVICE_OBJECT PhysicalDeviceObject,
                                     ULONG Flags, PZZWSTR *SymbolicLinkList)
{
    SIZE_T chars = 1;
    PWCHAR out = NULL;
    PWCHAR p = NULL;

    for (int pass = 0; pass < 2; pass++) {
        for (ULONG i = 0; i < IOP_MAX_INTERFACES; i++) {
            IOP_DEVICE_INTERFACE *itf = &IopInterfaces[i];
            SIZE_T len;

            if (!itf->InUse || !IsEqualGUID(&itf->Class, InterfaceClassGuid) ||
                (PhysicalDeviceObject && itf->Pdo != PhysicalDeviceObject) ||
                (!itf->Enabled &&
                 !(Flags & DEVICE_INTERFACE_INCLUDE_NONACTIVE))) {
                continue;
            }
            len = IopWcsLen(itf->Link) + 1;
            if (pass == 0) {
                chars += len;
            } else {
                RtlCopyMemory(p, itf->Link, len * sizeof(WCHAR));
                p += len;
            }
        }
        if (pass == 0) {
            out = ExpAllocateTracked(PagedPool, chars * sizeof(WCHAR),
                                     IOP_INTERFACE_TAG, 16, KiCaller());
            if (!out) {
                *SymbolicLinkList = NULL;
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            p = out;
        }
    }
    *p = 0;
    *SymbolicLinkList = out;
    return STATUS_SUCCESS;
}

static VOID IopRemoveDeviceInterfaces(PDEVICE_OBJECT Pdo)
{
    for (ULONG i = 0; i < IOP_MAX_INTERFACES; i++) {
        if (IopInterfaces[i].InUse && IopInterfaces[i].Pdo == Pdo) {
            RtlZeroMemory(&IopInterfaces[i], sizeof(IopInterfaces[i]));
        }
    }
}

/* ---- Power and PnP transitions of running devices ---------------------- */

static NTSTATUS PnpSendSystemPower(PNP_DEVICE_NODE *Node, UCHAR Minor,
                                   SYSTEM_POWER_STATE State)
{
    POWER_STATE ps = { .SystemState = State };
    KEVENT done;
    NTSTATUS status;
    IO_STATUS_BLOCK iosb = { 0 };

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    status = PopSendPowerIrp(Node->Pdo, Minor, SystemPowerState, ps,
                             NULL, NULL, &done, &iosb);
    if (status != STATUS_PENDING) {
        return status;
    }
    KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    return iosb.Status;
}

NTSTATUS PnpSetSystemPowerState(SYSTEM_POWER_STATE State)
{
    PLIST_ENTRY e;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();
    if (State <= PowerSystemUnspecified || State >= PowerSystemMaximum) {
        return STATUS_INVALID_PARAMETER;
    }
    DPF(D_TERSE, "pnp: system power S%u", (unsigned)(State - 1));
    if (State != PowerSystemWorking) {
        for (e = PnpNodes.Flink; e != &PnpNodes && NT_SUCCESS(status);
             e = e->Flink) {
            PNP_DEVICE_NODE *node = CONTAINING_RECORD(e, PNP_DEVICE_NODE, Link);

            if (node->Started && !node->Removed) {
                status = PnpSendSystemPower(node, IRP_MN_QUERY_POWER, State);
            }
        }
        if (!NT_SUCCESS(status)) {
            DPF(D_TERSE, "pnp: S%u vetoed 0x%08x", (unsigned)(State - 1),
                (unsigned)status);
            PnpSetSystemPowerState(PowerSystemWorking);
            return status;
        }
    }
    for (e = PnpNodes.Flink; e != &PnpNodes; e = e->Flink) {
        PNP_DEVICE_NODE *node = CONTAINING_RECORD(e, PNP_DEVICE_NODE, Link);

        if (node->Started && !node->Removed) {
            NTSTATUS s = PnpSendSystemPower(node, IRP_MN_SET_POWER, State);

            if (!NT_SUCCESS(s) && NT_SUCCESS(status)) {
                status = s;
            }
        }
    }
    return status;
}

NTSTATUS PnpSendDeviceIrp(PDEVICE_OBJECT Pdo, UCHAR MinorFunction)
{
    PNP_DEVICE_NODE *node = PnpNodeFromPdo(Pdo);

    PAGED_CODE();
    if (!node) {
        return STATUS_INVALID_PARAMETER;
    }
    if (MinorFunction == IRP_MN_START_DEVICE) {
        return PnpSendIrp(Pdo, MinorFunction, node->Raw, node->Translated);
    }
    return PnpSendIrp(Pdo, MinorFunction, NULL, NULL);
}

NTSTATUS PnpRebalanceDevice(PDEVICE_OBJECT Pdo, ULONG Bar, ULONGLONG NewBase)
{
    PNP_DEVICE_NODE *node = PnpNodeFromPdo(Pdo);
    NTSTATUS status;

    PAGED_CODE();
    if (!node || !node->Started || Bar >= RTL_NUMBER_OF(node->Pci.bar) ||
        node->Pci.bar[Bar].size == 0 || node->Pci.bar[Bar].io) {
        return STATUS_INVALID_PARAMETER;
    }
    status = PnpSendIrp(Pdo, IRP_MN_QUERY_STOP_DEVICE, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        PnpSendIrp(Pdo, IRP_MN_CANCEL_STOP_DEVICE, NULL, NULL);
        return status;
    }
    status = PnpSendIrp(Pdo, IRP_MN_STOP_DEVICE, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    node->Started = FALSE;
    DPF(D_TERSE, "pnp: BAR%u 0x%llx -> 0x%llx", (unsigned)Bar,
        (unsigned long long)node->Pci.bar[Bar].base,
        (unsigned long long)NewBase);
    arch_pci_move_bar(&node->Pci, Bar, NewBase);
    RtlZeroMemory(node->Raw, node->ResourceListSize);
    RtlZeroMemory(node->Translated, node->ResourceListSize);
    PnpFillResources(node);
    status = PnpSendIrp(Pdo, IRP_MN_START_DEVICE, node->Raw, node->Translated);
    node->Started = NT_SUCCESS(status);
    return status;
}

NTSTATUS PnpSurpriseRemoveDevice(PDEVICE_OBJECT Pdo)
{
    PNP_DEVICE_NODE *node = PnpNodeFromPdo(Pdo);

    PAGED_CODE();
    if (!node || node->Removed) {
        return STATUS_INVALID_PARAMETER;
    }
    arch_pci_set_power(&node->Pci, PowerDeviceD3 - PowerDeviceD0);
    arch_pci_disable(&node->Pci);
    node->Removed = TRUE;
    DPF(D_TERSE, "pnp: %ls surprise-removed", (const wchar_t *)node->PdoName);
    return PnpSendIrp(Pdo, IRP_MN_SURPRISE_REMOVAL, NULL, NULL);
}

/*
 * The PCI bus driver's answer to the host's hot-unplug request (QEMU's
 * device_del through ACPI PCI hotplug): it ejects the slot at once, so the
 * function is really gone, and reports the device as vanished, as Windows'
 * PnP manager does for a device that left without a query: SURPRISE_REMOVAL
 * now, REMOVE once the clients closed their handles (PnpRemoveDevice).
 * Deviation: Windows asks ACPI (_EJ0) after an orderly QUERY_REMOVE/REMOVE;
 * ejecting first is what the stack sees when a device is yanked.
 */
ULONG PnpPollHotplug(VOID)
{
    ULONG removed = 0;

    PAGED_CODE();
    for (PLIST_ENTRY e = PnpNodes.Flink; e != &PnpNodes; e = e->Flink) {
        PNP_DEVICE_NODE *node = CONTAINING_RECORD(e, PNP_DEVICE_NODE, Link);
        NTSTATUS status;

        if (node->Removed || !(arch_pci_hotplug_pending(node->Pci.bus) &
                               (1u << node->Pci.dev))) {
            continue;
        }
        arch_pci_hotplug_eject(&node->Pci);
        node->Removed = TRUE;
        DPF(D_TERSE, "pnp: %ls ejected by the host",
            (const wchar_t *)node->PdoName);
        status = PnpSendIrp(node->Pdo, IRP_MN_SURPRISE_REMOVAL, NULL, NULL);
        if (!NT_SUCCESS(status)) {
            DPF(D_ERROR, "pnp: SURPRISE_REMOVAL failed 0x%08x",
                (unsigned)status);
        }
        removed++;
    }
    return removed;
}

NTSTATUS PnpRemoveDevice(PDEVICE_OBJECT Pdo)
{
    PNP_DEVICE_NODE *node = PnpNodeFromPdo(Pdo);

    PAGED_CODE();
    if (!node || !node->Removed) {
        return STATUS_INVALID_PARAMETER;
    }
    KiRunWorkItems();
    RemoveEntryList(&node->Link);
    return PnpRemoveNode(node);
}
