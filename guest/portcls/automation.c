/* SPDX-License-Identifier: MIT */
/*
 * Property requests the port does not answer itself go to the miniport's
 * automation tables as PCPROPERTY_REQUESTs (MajorTarget = the miniport,
 * MinorTarget = the stream for pin requests). The request lives in pool so
 * a handler may return STATUS_PENDING and finish with
 * PcCompletePendingPropertyRequest.
 */
#include "private.h"

/* The item for Property, or NULL; *SetKnown tells whether the table has
 * any item of that set (KS answers STATUS_NOT_FOUND then, else
 * STATUS_PROPSET_NOT_FOUND). */
static const PCPROPERTY_ITEM *PcpFindPropertyItem(
    const PCAUTOMATION_TABLE *Table, const KSPROPERTY *Property,
    BOOLEAN *SetKnown)
{
    ULONG i;

    *SetKnown = FALSE;
    if (Table == NULL || Table->Properties == NULL ||
        Table->PropertyItemSize < sizeof(PCPROPERTY_ITEM)) {
        return NULL;
    }
    for (i = 0; i < Table->PropertyCount; i++) {
        const PCPROPERTY_ITEM *item = (const PCPROPERTY_ITEM *)
            ((const UCHAR *)Table->Properties +
             (SIZE_T)i * Table->PropertyItemSize);

        if (item->Set == NULL ||
            !IsEqualGUIDAligned(item->Set, &Property->Set)) {
            continue;
        }
        *SetKnown = TRUE;
        if (item->Id == Property->Id) {
            return item;
        }
    }
    return NULL;
}

/* The port's basic-support answer for items whose handler lacks it. */
static NTSTATUS PcpGenericBasicSupport(KSP_PROPERTY_REQUEST *Request,
                                       const PCPROPERTY_ITEM *Item)
{
    ULONG access = Item->Flags & (KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET);
    PKSPROPERTY_DESCRIPTION desc = Request->Value;

    if (Request->ValueLength == 0) {
        Request->Irp->IoStatus.Information = sizeof(KSPROPERTY_DESCRIPTION);
        return STATUS_BUFFER_OVERFLOW;
    }
    if (Request->ValueLength >= sizeof(KSPROPERTY_DESCRIPTION)) {
        RtlZeroMemory(desc, sizeof(*desc));
        desc->AccessFlags = access | KSPROPERTY_TYPE_BASICSUPPORT;
        desc->DescriptionSize = sizeof(KSPROPERTY_DESCRIPTION);
        desc->PropTypeSet.Set = KSPROPTYPESETID_General;
        Request->Irp->IoStatus.Information = sizeof(KSPROPERTY_DESCRIPTION);
        return STATUS_SUCCESS;
    }
    if (Request->ValueLength >= sizeof(ULONG)) {
        *(PULONG)Request->Value = access | KSPROPERTY_TYPE_BASICSUPPORT;
        Request->Irp->IoStatus.Information = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    return STATUS_BUFFER_TOO_SMALL;
}

NTSTATUS PcpAutomationProperty(PCP_PORT *Port,
                               const PCAUTOMATION_TABLE *Table,
                               PUNKNOWN MinorTarget,
                               KSP_PROPERTY_REQUEST *Request)
{
    PKSPROPERTY prop = Request->Property;
    ULONG verb = prop->Flags & ~KSPROPERTY_TYPE_TOPOLOGY;
    ULONG header = sizeof(KSPROPERTY);
    BOOLEAN setKnown;
    const PCPROPERTY_ITEM *item = PcpFindPropertyItem(Table, prop, &setKnown);
    PPCPROPERTY_REQUEST pc;
    NTSTATUS status;

    if (item == NULL) {
        return setKnown ? STATUS_NOT_FOUND : STATUS_PROPSET_NOT_FOUND;
    }
    if ((verb & KSPROPERTY_TYPE_BASICSUPPORT) != 0 &&
        (item->Flags & KSPROPERTY_TYPE_BASICSUPPORT) == 0) {
        return PcpGenericBasicSupport(Request, item);
    }
    if ((verb & item->Flags) == 0 || item->Handler == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if ((prop->Flags & KSPROPERTY_TYPE_TOPOLOGY) != 0) {
        header = sizeof(KSNODEPROPERTY);
    }
    pc = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*pc), PCP_TAG_PROPERTY);
    if (pc == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    pc->MajorTarget = Port->Miniport;
    pc->MinorTarget = MinorTarget;
    pc->Node = header == sizeof(KSNODEPROPERTY) ?
               ((PKSNODEPROPERTY)prop)->NodeId : MAXULONG;
    pc->PropertyItem = item;
    pc->Verb = verb;
    pc->InstanceSize = Request->InputLength - header;
    pc->Instance = pc->InstanceSize ? (PUCHAR)prop + header : NULL;
    pc->ValueSize = Request->ValueLength;
    pc->Value = Request->Value;
    pc->Irp = Request->Irp;
    status = item->Handler(pc);
    if (status == STATUS_PENDING) {
        IoMarkIrpPending(Request->Irp);
        return status;
    }
    if (NT_SUCCESS(status) || status == STATUS_BUFFER_OVERFLOW) {
        Request->Irp->IoStatus.Information = pc->ValueSize;
    }
    ExFreePoolWithTag(pc, PCP_TAG_PROPERTY);
    return status;
}

NTSTATUS NTAPI PcCompletePendingPropertyRequest(
    PPCPROPERTY_REQUEST PropertyRequest, NTSTATUS NtStatus)
{
    PIRP irp;

    if (PropertyRequest == NULL || NtStatus == STATUS_PENDING) {
        return STATUS_INVALID_PARAMETER;
    }
    irp = PropertyRequest->Irp;
    irp->IoStatus.Status = NtStatus;
    irp->IoStatus.Information = NT_SUCCESS(NtStatus) ||
                                NtStatus == STATUS_BUFFER_OVERFLOW ?
                                PropertyRequest->ValueSize : 0;
    ExFreePoolWithTag(PropertyRequest, PCP_TAG_PROPERTY);
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
