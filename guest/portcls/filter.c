/* SPDX-License-Identifier: MIT */
/*
 * The filter object behind a subdevice's file object, shared by all port
 * types (they differ only in how a pin is made, PCP_PORT_OPS.NewPin). It
 * answers KSPROPSETID_Pin and KSPROPSETID_Topology from the miniport's
 * descriptor, creates pins and counts their instances under the port lock.
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

/* Instance limits after the miniport's IPinCount had its say. */
static VOID PcpPinLimits(PCP_FILTER *Filter, ULONG PinId,
                         KSPIN_CINSTANCES *FilterCount,
                         KSPIN_CINSTANCES *GlobalCount, PULONG Necessary)
{
    PCP_PORT *port = Filter->Port;
    const PCPIN_DESCRIPTOR *pin = PcpPinDescriptor(port, PinId);

    *Necessary = pin->MinFilterInstanceCount;
    FilterCount->PossibleCount = pin->MaxFilterInstanceCount;
    FilterCount->CurrentCount = Filter->PinInstances[PinId];
    GlobalCount->PossibleCount = pin->MaxGlobalInstanceCount;
    GlobalCount->CurrentCount = port->GlobalInstances[PinId];
    if (port->PinCount != NULL) {
        COM_CALL(port->PinCount, PinCount, PinId, Necessary,
                 &FilterCount->CurrentCount, &FilterCount->PossibleCount,
                 &GlobalCount->CurrentCount, &GlobalCount->PossibleCount);
    }
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

/* STATUS_NO_MATCH unless the format fits one of the pin's data ranges. */
static NTSTATUS PcpMatchFormat(const PCPIN_DESCRIPTOR *Pin,
                               const KSDATAFORMAT *Format, ULONG FormatSize)
{
    NTSTATUS status = STATUS_NO_MATCH;
    ULONG i;

    for (i = 0; i < Pin->KsPinDescriptor.DataRangesCount; i++) {
        status = KspFormatMatchesRange(Format, FormatSize,
                                       Pin->KsPinDescriptor.DataRanges[i]);
        if (status != STATUS_NO_MATCH) {
            return status;
        }
    }
    return STATUS_NO_MATCH;
}

NTSTATUS PcpFilterMatchFormat(PCP_PORT *Port, ULONG PinId,
                              const KSDATAFORMAT *Format, ULONG FormatSize)
{
    const PCPIN_DESCRIPTOR *pin = PcpPinDescriptor(Port, PinId);

    return pin == NULL ? STATUS_INVALID_PARAMETER :
           PcpMatchFormat(pin, Format, FormatSize);
}

/* A range's GUID is a wildcard (GUID_NULL, the value of the three
 * KSDATAFORMAT_*_WILDCARD) or the format's own. */
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
    PcpPinLimits(Filter, connect->PinId, &filterCount, &globalCount,
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

/* KSPROPSETID_Pin ---------------------------------------------------------- */

static ULONG PcpAlign8(ULONG Value)
{
    return (Value + 7u) & ~7u;
}

static NTSTATUS PcpReplyUlong(KSP_PROPERTY_REQUEST *Request, ULONG Value)
{
    NTSTATUS status = KspCheckValueSize(Request, sizeof(ULONG));

    if (NT_SUCCESS(status)) {
        *(PULONG)Request->Value = Value;
        Request->Irp->IoStatus.Information = sizeof(ULONG);
    }
    return status;
}

static NTSTATUS PcpReplyDataRanges(KSP_PROPERTY_REQUEST *Request,
                                   const KSPIN_DESCRIPTOR *Pin)
{
    ULONG total = sizeof(KSMULTIPLE_ITEM);
    PKSMULTIPLE_ITEM header = Request->Value;
    PUCHAR out;
    ULONG i;

    for (i = 0; i < Pin->DataRangesCount; i++) {
        total += PcpAlign8(Pin->DataRanges[i]->FormatSize);
    }
    if (Request->ValueLength == 0) {
        Request->Irp->IoStatus.Information = total;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (Request->ValueLength == sizeof(KSMULTIPLE_ITEM)) {
        header->Size = total;
        header->Count = Pin->DataRangesCount;
        Request->Irp->IoStatus.Information = sizeof(KSMULTIPLE_ITEM);
        return STATUS_SUCCESS;
    }
    if (Request->ValueLength < total) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    header->Size = total;
    header->Count = Pin->DataRangesCount;
    out = (PUCHAR)(header + 1);
    for (i = 0; i < Pin->DataRangesCount; i++) {
        ULONG size = Pin->DataRanges[i]->FormatSize;

        RtlCopyMemory(out, Pin->DataRanges[i], size);
        RtlZeroMemory(out + size, PcpAlign8(size) - size);
        out += PcpAlign8(size);
    }
    Request->Irp->IoStatus.Information = total;
    return STATUS_SUCCESS;
}

static BOOLEAN PcpRangeGuidsMatch(const KSDATARANGE *A, const KSDATARANGE *B)
{
#define PCP_WILD_EQ(X, Y) (IsEqualGUIDAligned((X), &GUID_NULL) || \
                           IsEqualGUIDAligned((Y), &GUID_NULL) || \
                           IsEqualGUIDAligned((X), (Y)))
    return PCP_WILD_EQ(&A->MajorFormat, &B->MajorFormat) &&
           PCP_WILD_EQ(&A->SubFormat, &B->SubFormat) &&
           PCP_WILD_EQ(&A->Specifier, &B->Specifier);
#undef PCP_WILD_EQ
}

/*
 * Input: KSP_PIN, then KSMULTIPLE_ITEM and the client's ranges (8-aligned).
 * The first client range that intersects one of the pin's ranges wins; the
 * miniport answers first, the default PCM handler if it declines.
 */
static NTSTATUS PcpDataIntersection(PCP_FILTER *Filter,
                                    KSP_PROPERTY_REQUEST *Request,
                                    ULONG PinId, const KSPIN_DESCRIPTOR *Pin)
{
    PCP_PORT *port = Filter->Port;
    PMINIPORT miniport = NULL;
    const KSMULTIPLE_ITEM *items;
    const UCHAR *cursor;
    ULONG left;
    ULONG n;
    NTSTATUS status = STATUS_NO_MATCH;

    if (Request->InputLength < sizeof(KSP_PIN) + sizeof(KSMULTIPLE_ITEM)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    items = (const KSMULTIPLE_ITEM *)((const UCHAR *)Request->Property +
                                      sizeof(KSP_PIN));
    left = Request->InputLength - sizeof(KSP_PIN);
    if (items->Size > left || items->Size < sizeof(KSMULTIPLE_ITEM)) {
        return STATUS_INVALID_PARAMETER;
    }
    left = items->Size - sizeof(KSMULTIPLE_ITEM);
    cursor = (const UCHAR *)(items + 1);
    if (!NT_SUCCESS(COM_CALL(port->Miniport, QueryInterface, &IID_IMiniport,
                             (PVOID *)&miniport))) {
        miniport = NULL;
    }
    for (n = 0; n < items->Count && status == STATUS_NO_MATCH; n++) {
        const KSDATARANGE *client = (const KSDATARANGE *)cursor;
        ULONG i;

        if (left < sizeof(KSDATARANGE) || client->FormatSize > left ||
            client->FormatSize < sizeof(KSDATARANGE)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        for (i = 0; i < Pin->DataRangesCount; i++) {
            PKSDATARANGE mine = Pin->DataRanges[i];
            ULONG resultLength = 0;

            if (!PcpRangeGuidsMatch(client, mine)) {
                continue;
            }
            status = STATUS_NOT_IMPLEMENTED;
            if (miniport != NULL) {
                status = COM_CALL(miniport, DataRangeIntersection, PinId,
                                  (PKSDATARANGE)client, mine,
                                  Request->ValueLength, Request->Value,
                                  &resultLength);
            }
            if (status == STATUS_NOT_IMPLEMENTED) {
                status = KspDefaultAudioIntersection(client, mine,
                                                     Request->ValueLength,
                                                     Request->Value,
                                                     &resultLength);
            }
            if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
                Request->Irp->IoStatus.Information = resultLength;
                break;
            }
            if (status == STATUS_BUFFER_TOO_SMALL) {
                break;
            }
            status = STATUS_NO_MATCH;
        }
        cursor += PcpAlign8(client->FormatSize);
        left -= min(left, PcpAlign8(client->FormatSize));
    }
    COM_SAFE_RELEASE(&miniport);
    return status;
}


static NTSTATUS PcpPhysicalConnection(PCP_FILTER *Filter,
                                      KSP_PROPERTY_REQUEST *Request,
                                      ULONG PinId)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(Filter->Port->DeviceObject);
    PKSPIN_PHYSICALCONNECTION out = Request->Value;
    ULONG i;

    if (ext == NULL) {
        return STATUS_NOT_FOUND;
    }
    for (i = 0; i < ext->ConnectionCount; i++) {
        PCP_CONNECTION *c = &ext->Connections[i];
        PCP_PORT *peerPort;
        ULONG peerPin;
        PCP_SUBDEVICE *sub;
        ULONG needed;
        NTSTATUS status;

        if (c->FromPort == Filter->Port && c->FromPin == PinId) {
            peerPort = c->ToPort;
            peerPin = c->ToPin;
        } else if (c->ToPort == Filter->Port && c->ToPin == PinId) {
            peerPort = c->FromPort;
            peerPin = c->FromPin;
        } else {
            continue;
        }
        sub = PcpFindSubdevice(ext, peerPort);
        if (sub == NULL || sub->LinkCount == 0) {
            return STATUS_NOT_FOUND;
        }
        needed = FIELD_OFFSET(KSPIN_PHYSICALCONNECTION, SymbolicLinkName) +
                 sub->Links[0].Length + sizeof(WCHAR);
        status = KspCheckValueSize(Request, needed);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        out->Size = needed;
        out->Pin = peerPin;
        RtlCopyMemory(out->SymbolicLinkName, sub->Links[0].Buffer,
                      sub->Links[0].Length);
        out->SymbolicLinkName[sub->Links[0].Length / sizeof(WCHAR)] = 0;
        Request->Irp->IoStatus.Information = needed;
        return STATUS_SUCCESS;
    }
    return STATUS_NOT_FOUND;
}

static NTSTATUS PcpFilterPinProperty(PCP_FILTER *Filter,
                                     KSP_PROPERTY_REQUEST *Request)
{
    PKSPROPERTY prop = Request->Property;
    const PCPIN_DESCRIPTOR *pin;
    const KSPIN_DESCRIPTOR *ks;
    KSPIN_CINSTANCES filterCount;
    KSPIN_CINSTANCES globalCount;
    ULONG necessary;
    ULONG pinId;
    KIRQL oldIrql;
    NTSTATUS status;

    if (prop->Id == KSPROPERTY_PIN_PROPOSEDATAFORMAT &&
        prop->Flags == KSPROPERTY_TYPE_SET) {
        /* would a pin open with this format? */
        if (Request->InputLength < sizeof(KSP_PIN)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        if (Request->ValueLength < sizeof(KSDATAFORMAT)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        return PcpFilterMatchFormat(Filter->Port, ((PKSP_PIN)prop)->PinId,
                                    Request->Value, Request->ValueLength);
    }
    if ((prop->Flags & ~KSPROPERTY_TYPE_TOPOLOGY) != KSPROPERTY_TYPE_GET) {
        return STATUS_NOT_SUPPORTED;
    }
    if (prop->Id == KSPROPERTY_PIN_CTYPES) {
        return PcpReplyUlong(Request, Filter->Port->Descriptor->PinCount);
    }
    if (Request->InputLength < sizeof(KSP_PIN)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    pinId = ((PKSP_PIN)prop)->PinId;
    pin = PcpPinDescriptor(Filter->Port, pinId);
    if (pin == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    ks = &pin->KsPinDescriptor;
    switch (prop->Id) {
    case KSPROPERTY_PIN_DATAFLOW:
        return PcpReplyUlong(Request, ks->DataFlow);
    case KSPROPERTY_PIN_COMMUNICATION:
        return PcpReplyUlong(Request, ks->Communication);
    case KSPROPERTY_PIN_DATARANGES:
    case KSPROPERTY_PIN_CONSTRAINEDDATARANGES:
        return PcpReplyDataRanges(Request, ks);
    case KSPROPERTY_PIN_DATAINTERSECTION:
        return PcpDataIntersection(Filter, Request, pinId, ks);
    case KSPROPERTY_PIN_CINSTANCES:
    case KSPROPERTY_PIN_GLOBALCINSTANCES:
    case KSPROPERTY_PIN_NECESSARYINSTANCES:
        KeAcquireSpinLock(&Filter->Port->Lock, &oldIrql);
        PcpPinLimits(Filter, pinId, &filterCount, &globalCount, &necessary);
        KeReleaseSpinLock(&Filter->Port->Lock, oldIrql);
        if (prop->Id == KSPROPERTY_PIN_NECESSARYINSTANCES) {
            return PcpReplyUlong(Request, necessary);
        }
        status = KspCheckValueSize(Request, sizeof(KSPIN_CINSTANCES));
        if (NT_SUCCESS(status)) {
            *(PKSPIN_CINSTANCES)Request->Value =
                prop->Id == KSPROPERTY_PIN_CINSTANCES ? filterCount
                                                      : globalCount;
            Request->Irp->IoStatus.Information = sizeof(KSPIN_CINSTANCES);
        }
        return status;
    case KSPROPERTY_PIN_CATEGORY:
        if (ks->Category == NULL) {
            return STATUS_NOT_FOUND;
        }
        status = KspCheckValueSize(Request, sizeof(GUID));
        if (NT_SUCCESS(status)) {
            *(GUID *)Request->Value = *ks->Category;
            Request->Irp->IoStatus.Information = sizeof(GUID);
        }
        return status;
    case KSPROPERTY_PIN_INTERFACES:
        if (ks->InterfacesCount == 0) {
            static const KSPIN_INTERFACE standard = {
                { { STATICGUIDOF(KSINTERFACESETID_Standard),
                    KSINTERFACE_STANDARD_STREAMING, 0 } } };

            return KspReplyMultipleItem(Request, 1, sizeof(standard),
                                        &standard);
        }
        return KspReplyMultipleItem(Request, ks->InterfacesCount,
                                    sizeof(KSPIN_INTERFACE), ks->Interfaces);
    case KSPROPERTY_PIN_MEDIUMS:
        if (ks->MediumsCount == 0) {
            static const KSPIN_MEDIUM standard = {
                { { STATICGUIDOF(KSMEDIUMSETID_Standard),
                    KSMEDIUM_TYPE_ANYINSTANCE, 0 } } };

            return KspReplyMultipleItem(Request, 1, sizeof(standard),
                                        &standard);
        }
        return KspReplyMultipleItem(Request, ks->MediumsCount,
                                    sizeof(KSPIN_MEDIUM), ks->Mediums);
    case KSPROPERTY_PIN_PHYSICALCONNECTION:
        return PcpPhysicalConnection(Filter, Request, pinId);
    default:
        return STATUS_NOT_FOUND;
    }
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
        _Static_assert(sizeof(PCCONNECTION_DESCRIPTOR) ==
                       sizeof(KSTOPOLOGY_CONNECTION), "same layout");
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
