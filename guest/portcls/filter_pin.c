/* SPDX-License-Identifier: MIT */
/*
 * KSPROPSETID_Pin of a filter, answered from the miniport's descriptor:
 * pin factories, their instance counts (after IPinCount), data ranges and
 * intersection, physical connections, and the full format match that
 * PROPOSEDATAFORMAT and a DATAFORMAT set use.
 */
#include "private.h"

/* Instance limits after the miniport's IPinCount had its say. */
VOID PcpFilterPinLimits(PCP_FILTER *Filter, ULONG PinId,
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

NTSTATUS PcpFilterPinProperty(PCP_FILTER *Filter,
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
        PcpFilterPinLimits(Filter, pinId, &filterCount, &globalCount,
                           &necessary);
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
