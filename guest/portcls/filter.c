/* SPDX-License-Identifier: MIT */
/*
 * The filter object behind a subdevice's file object, shared by all port
 * types (they differ only in how a pin is made, PCP_PORT_OPS.NewPin). It
 * creates pins, counts their instances under the port lock and answers
 * KSPROPSETID_Topology from the miniport's descriptor; KSPROPSETID_Pin is
 * filter_pin.c's.
 */
#include "private.h"

static NTSTATUS PcpFilterIoControl(PCP_IRP_TARGET *Target, PIRP Irp);
static VOID PcpFilterClose(PCP_IRP_TARGET *Target);

static const PCP_IRP_TARGET_OPS PcpFilterOps = {
    .DeviceIoControl = PcpFilterIoControl,
    .Close = PcpFilterClose,
};

static VOID PcpFilterRelease(PCP_FILTER *Filter)
{
    if (InterlockedDecrement(&Filter->Ref) != 0) {
        return;
    }
    COM_CALL(Filter->Port->Outer, Release);
    ExFreePoolWithTag(Filter->PinInstances, PCP_TAG_FILTER);
    ExFreePoolWithTag(Filter, PCP_TAG_FILTER);
}

NTSTATUS PcpFilterCreate(PCP_PORT *Port, PFILE_OBJECT FileObject)
{
    PCP_FILTER *filter;

    PAGED_CODE();
    if (!Port->Initialized) {
        return STATUS_DEVICE_NOT_READY;
    }
    filter = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*filter),
                                PCP_TAG_FILTER);
    if (filter == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    filter->PinInstances = ExAllocatePoolZero(
        NonPagedPoolNx, sizeof(ULONG) * (Port->Descriptor->PinCount + 1),
        PCP_TAG_FILTER);
    if (filter->PinInstances == NULL) {
        ExFreePoolWithTag(filter, PCP_TAG_FILTER);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    filter->Target.Ops = &PcpFilterOps;
    filter->Target.Kind = PcpTargetFilter;
    filter->Port = Port;
    filter->Ref = 1;
    COM_CALL(Port->Outer, AddRef);
    FileObject->FsContext = &filter->Target;
    return STATUS_SUCCESS;
}

static VOID PcpFilterClose(PCP_IRP_TARGET *Target)
{
    PcpFilterRelease(CONTAINING_RECORD(Target, PCP_FILTER, Target));
}

VOID PcpFilterPinClosed(PCP_FILTER *Filter, ULONG PinId)
{
    PCP_PORT *port = Filter->Port;
    KIRQL oldIrql;

    KeAcquireSpinLock(&port->Lock, &oldIrql);
    Filter->PinInstances[PinId]--;
    port->GlobalInstances[PinId]--;
    KeReleaseSpinLock(&port->Lock, oldIrql);
    PcpFilterRelease(Filter);
}

static BOOLEAN PcpRangeGuidFits(const GUID *Range, const GUID *Wildcard,
                                const GUID *Format)
{
    return IsEqualGUIDAligned(Range, Wildcard) ||
           IsEqualGUIDAligned(Range, Format);
}

/*
 * Pin creation's format check, KsValidateConnectRequest's: the format is
 * whole, and its major format, subformat and specifier fit one of the
 * pin's data ranges, with KSDATAFORMAT_TYPE_WILDCARD,
 * KSDATAFORMAT_SUBTYPE_WILDCARD and KSDATAFORMAT_SPECIFIER_WILDCARD in a
 * range fitting any. Rate, channels and bits are the miniport's to judge
 * in NewStream, and the client gets its status, as on Windows.
 */
static NTSTATUS PcpValidateConnectFormat(const PCPIN_DESCRIPTOR *Pin,
                                         const KSDATAFORMAT *Format,
                                         ULONG FormatSize)
{
    const KSPIN_DESCRIPTOR *ks = &Pin->KsPinDescriptor;
    ULONG i;

    if (FormatSize < sizeof(KSDATAFORMAT) ||
        Format->FormatSize < sizeof(KSDATAFORMAT) ||
        Format->FormatSize > FormatSize) {
        return STATUS_INVALID_PARAMETER;
    }
    for (i = 0; i < ks->DataRangesCount; i++) {
        const KSDATARANGE *range = ks->DataRanges[i];

        if (PcpRangeGuidFits(&range->MajorFormat,
                             &KSDATAFORMAT_TYPE_WILDCARD,
                             &Format->MajorFormat) &&
            PcpRangeGuidFits(&range->SubFormat,
                             &KSDATAFORMAT_SUBTYPE_WILDCARD,
                             &Format->SubFormat) &&
            PcpRangeGuidFits(&range->Specifier,
                             &KSDATAFORMAT_SPECIFIER_WILDCARD,
                             &Format->Specifier)) {
            return STATUS_SUCCESS;
        }
    }
    return STATUS_NO_MATCH;
}

static BOOLEAN PcpPinSupportsInterface(const PCPIN_DESCRIPTOR *Pin,
                                       const KSPIN_CONNECT *Connect)
{
    const KSPIN_DESCRIPTOR *ks = &Pin->KsPinDescriptor;
    ULONG i;

    if (ks->InterfacesCount == 0) {
        if (!IsEqualGUIDAligned(&Connect->Interface.Set,
                                &KSINTERFACESETID_Standard) ||
            Connect->Interface.Id != KSINTERFACE_STANDARD_STREAMING) {
            return FALSE;
        }
    } else {
        for (i = 0; i < ks->InterfacesCount; i++) {
            if (IsEqualGUIDAligned(&Connect->Interface.Set,
                                   &ks->Interfaces[i].Set) &&
                Connect->Interface.Id == ks->Interfaces[i].Id) {
                break;
            }
        }
        if (i == ks->InterfacesCount) {
            return FALSE;
        }
    }
    if (ks->MediumsCount == 0) {
        return IsEqualGUIDAligned(&Connect->Medium.Set,
                                  &KSMEDIUMSETID_Standard);
    }
    for (i = 0; i < ks->MediumsCount; i++) {
        if (IsEqualGUIDAligned(&Connect->Medium.Set, &ks->Mediums[i].Set) &&
            Connect->Medium.Id == ks->Mediums[i].Id) {
            return TRUE;
        }
    }
    return FALSE;
}

NTSTATUS PcpFilterCreatePin(PCP_FILTER *Filter, PFILE_OBJECT FileObject)
{
    PCP_PORT *port = Filter->Port;
    const PCPIN_DESCRIPTOR *pin;
    PKSPIN_CONNECT connect;
    PKSDATAFORMAT format;
    ULONG formatSize;
    KSPIN_CINSTANCES filterCount;
    KSPIN_CINSTANCES globalCount;
    ULONG necessary;
    KIRQL oldIrql;
    NTSTATUS status;

    PAGED_CODE();
    status = KspParsePinCreateName(&FileObject->FileName, &connect, &format,
                                   &formatSize);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    pin = PcpPinDescriptor(port, connect->PinId);
    if (pin == NULL) {
        status = STATUS_INVALID_PARAMETER;
        goto out;
    }
    if (!PcpPinSupportsInterface(pin, connect)) {
        status = STATUS_NO_MATCH;
        goto out;
    }
    status = PcpValidateConnectFormat(pin, format, formatSize);
    if (!NT_SUCCESS(status)) {
        goto out;
    }
    KeAcquireSpinLock(&port->Lock, &oldIrql);
    PcpFilterPinLimits(Filter, connect->PinId, &filterCount, &globalCount,
                       &necessary);
    if (filterCount.CurrentCount >= filterCount.PossibleCount ||
        globalCount.CurrentCount >= globalCount.PossibleCount) {
        KeReleaseSpinLock(&port->Lock, oldIrql);
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    Filter->PinInstances[connect->PinId]++;
    port->GlobalInstances[connect->PinId]++;
    KeReleaseSpinLock(&port->Lock, oldIrql);
    InterlockedIncrement(&Filter->Ref);
    status = STATUS_NOT_SUPPORTED;      /* a type without streaming pins */
    if (port->Ops->NewPin != NULL) {
        status = port->Ops->NewPin(port, Filter, FileObject, connect, format,
                                   formatSize);
    }
    if (!NT_SUCCESS(status)) {
        PcpFilterPinClosed(Filter, connect->PinId);
    }
out:
    DPF(D_VERBOSE, "pin create %u: 0x%08x", (unsigned)connect->PinId,
        (unsigned)status);
    ExFreePoolWithTag(connect, KSP_POOL_TAG);
    ExFreePoolWithTag(format, KSP_POOL_TAG);
    return status;
}

/* KSPROPSETID_Topology ----------------------------------------------------- */

/* A KSMULTIPLE_ITEM of Count GUIDs, the i-th from Pick(i). */
static NTSTATUS PcpReplyGuids(KSP_PROPERTY_REQUEST *Request, ULONG Count,
                              const GUID *(*Pick)(PCP_PORT *, ULONG),
                              PCP_PORT *Port)
{
    ULONG total = sizeof(KSMULTIPLE_ITEM) + Count * sizeof(GUID);
    PKSMULTIPLE_ITEM header = Request->Value;
    GUID *out;
    ULONG i;

    if (Request->ValueLength >= total) {
        header->Size = total;
        header->Count = Count;
        out = (GUID *)(header + 1);
        for (i = 0; i < Count; i++) {
            const GUID *g = Pick(Port, i);

            out[i] = g == NULL ? GUID_NULL : *g;
        }
        Request->Irp->IoStatus.Information = total;
        return STATUS_SUCCESS;
    }
    return KspReplyMultipleItem(Request, Count, sizeof(GUID), NULL);
}

static const GUID *PcpPickCategory(PCP_PORT *Port, ULONG Index)
{
    const PCFILTER_DESCRIPTOR *d = Port->Descriptor;

    if (d->CategoryCount != 0 && d->Categories != NULL) {
        return &d->Categories[Index];
    }
    return Port->Ops->DefaultCategories[Index];
}

static ULONG PcpCategoryCount(PCP_PORT *Port)
{
    const PCFILTER_DESCRIPTOR *d = Port->Descriptor;

    if (d->CategoryCount != 0 && d->Categories != NULL) {
        return d->CategoryCount;
    }
    return Port->Ops->DefaultCategoryCount;
}

static const GUID *PcpPickNodeType(PCP_PORT *Port, ULONG Index)
{
    return PcpNodeDescriptor(Port, Index)->Type;
}

/* KSPROPERTY_TOPOLOGY_CONNECTIONS copies the descriptors as they are. */
_Static_assert(sizeof(PCCONNECTION_DESCRIPTOR) ==
               sizeof(KSTOPOLOGY_CONNECTION), "same layout");

static NTSTATUS PcpTopologyProperty(PCP_FILTER *Filter,
                                    KSP_PROPERTY_REQUEST *Request)
{
    PCP_PORT *port = Filter->Port;
    const PCFILTER_DESCRIPTOR *d = port->Descriptor;
    PKSPROPERTY prop = Request->Property;

    if ((prop->Flags & ~KSPROPERTY_TYPE_TOPOLOGY) != KSPROPERTY_TYPE_GET) {
        return STATUS_NOT_SUPPORTED;
    }
    switch (prop->Id) {
    case KSPROPERTY_TOPOLOGY_CATEGORIES:
        return PcpReplyGuids(Request, PcpCategoryCount(port),
                             PcpPickCategory, port);
    case KSPROPERTY_TOPOLOGY_NODES:
        return PcpReplyGuids(Request, d->NodeCount, PcpPickNodeType, port);
    case KSPROPERTY_TOPOLOGY_CONNECTIONS:
        return KspReplyMultipleItem(Request, d->ConnectionCount,
                                    sizeof(KSTOPOLOGY_CONNECTION),
                                    d->Connections);
    default:
        return STATUS_NOT_FOUND;
    }
}

NTSTATUS PcpFilterProperty(PCP_FILTER *Filter, KSP_PROPERTY_REQUEST *Request)
{
    PCP_PORT *port = Filter->Port;
    PKSPROPERTY prop = Request->Property;

    if (!port->Initialized) {
        return STATUS_DEVICE_NOT_READY;
    }
    if ((prop->Flags & KSPROPERTY_TYPE_TOPOLOGY) != 0) {
        const PCNODE_DESCRIPTOR *node;

        if (Request->InputLength < sizeof(KSP_NODE)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        node = PcpNodeDescriptor(port, ((PKSP_NODE)prop)->NodeId);
        if (node == NULL) {
            return STATUS_INVALID_PARAMETER;
        }
        return PcpAutomationProperty(port, node->AutomationTable, NULL,
                                     Request);
    }
    if (IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Pin)) {
        return PcpFilterPinProperty(Filter, Request);
    }
    if (IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Topology)) {
        return PcpTopologyProperty(Filter, Request);
    }
    return PcpAutomationProperty(port, port->Descriptor->AutomationTable,
                                 NULL, Request);
}

static NTSTATUS PcpFilterIoControl(PCP_IRP_TARGET *Target, PIRP Irp)
{
    PCP_FILTER *filter = CONTAINING_RECORD(Target, PCP_FILTER, Target);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    KSP_PROPERTY_REQUEST request;
    NTSTATUS status;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KS_PROPERTY:
        status = KspGetPropertyRequest(Irp, &request);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        return PcpFilterProperty(filter, &request);
    case IOCTL_KS_ENABLE_EVENT:
    case IOCTL_KS_DISABLE_EVENT:
    case IOCTL_KS_METHOD:
        return STATUS_NOT_FOUND;
    default:
        return STATUS_INVALID_DEVICE_REQUEST;
    }
}
