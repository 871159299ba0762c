/* SPDX-License-Identifier: MIT */
/*
 * Subdevice registration: a port under a reference string, one device
 * interface per filter category. The device extension owns one reference
 * on every registered port. PASSIVE_LEVEL.
 */
#include "private.h"

static VOID PcpDropLinks(PCP_SUBDEVICE *Sub)
{
    ULONG i;

    for (i = 0; i < Sub->LinkCount; i++) {
        IoSetDeviceInterfaceState(&Sub->Links[i], FALSE);
        RtlFreeUnicodeString(&Sub->Links[i]);
    }
    Sub->LinkCount = 0;
}

/* One device interface per filter category, reference string = Name. */
static NTSTATUS PcpRegisterLinks(PCP_DEVICE_EXTENSION *Ext,
                                 PCP_SUBDEVICE *Sub)
{
    const PCFILTER_DESCRIPTOR *d = Sub->Common->Descriptor;
    const PCP_PORT_OPS *ops = Sub->Common->Ops;
    BOOLEAN own = d->CategoryCount != 0 && d->Categories != NULL;
    ULONG count = own ? d->CategoryCount : ops->DefaultCategoryCount;
    UNICODE_STRING reference;
    ULONG i;
    NTSTATUS status;

    RtlInitUnicodeString(&reference, Sub->Name);
    for (i = 0; i < count && Sub->LinkCount < RTL_NUMBER_OF(Sub->Links);
         i++) {
        const GUID *category = own ? &d->Categories[i] :
                               ops->DefaultCategories[i];
        PUNICODE_STRING link = &Sub->Links[Sub->LinkCount];

        status = IoRegisterDeviceInterface(Ext->PhysicalDeviceObject,
                                           category, &reference, link);
        if (status == STATUS_INVALID_DEVICE_REQUEST) {
            /* Deviation: a PDO the PnP manager did not enumerate (host
             * tests) has no interfaces; the reference string still opens
             * the filter. */
            DPF(D_VERBOSE, "no device interfaces for %ls", Sub->Name);
            return STATUS_SUCCESS;
        }
        if (!NT_SUCCESS(status)) {
            PcpDropLinks(Sub);
            return status;
        }
        Sub->LinkCount++;
        IoSetDeviceInterfaceState(link, TRUE);
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PcRegisterSubdevice(PDEVICE_OBJECT DeviceObject, PWCHAR Name,
                                   PUNKNOWN Unknown)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    PCP_PORT *port = PcpPortFromUnknown(Unknown);
    PCP_SUBDEVICE *sub;
    UNICODE_STRING want;
    ULONG i;
    NTSTATUS status;

    PAGED_CODE();
    if (ext == NULL || port == NULL || Name == NULL || !port->Initialized) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlInitUnicodeString(&want, Name);
    if (want.Length == 0 ||
        want.Length >= sizeof(ext->Subdevices[0].Name)) {
        return STATUS_INVALID_PARAMETER;
    }
    for (i = 0; i < ext->SubdeviceCount; i++) {
        UNICODE_STRING have;

        RtlInitUnicodeString(&have, ext->Subdevices[i].Name);
        if (RtlEqualUnicodeString(&have, &want, TRUE) ||
            ext->Subdevices[i].Common == port) {
            return STATUS_OBJECT_NAME_COLLISION;
        }
    }
    if (ext->SubdeviceCount >= ext->MaxSubdevices) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    sub = &ext->Subdevices[ext->SubdeviceCount];
    RtlZeroMemory(sub, sizeof(*sub));
    RtlCopyMemory(sub->Name, Name, want.Length);
    sub->Common = port;
    status = PcpRegisterLinks(ext, sub);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    COM_CALL(Unknown, AddRef);
    sub->Port = Unknown;
    ext->SubdeviceCount++;
    DPF(D_TERSE, "subdevice %ls registered", Name);
    return STATUS_SUCCESS;
}

NTSTATUS PcpUnregisterSubdevice(PDEVICE_OBJECT DeviceObject, PUNKNOWN Unknown)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    PCP_PORT *port = PcpPortFromUnknown(Unknown);
    PCP_SUBDEVICE *sub;
    PUNKNOWN registered;
    ULONG i;

    PAGED_CODE();
    if (ext == NULL || port == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    sub = PcpFindSubdevice(ext, port);
    if (sub == NULL) {
        return STATUS_NOT_FOUND;
    }
    PcpDropConnections(ext, port);
    PcpDropLinks(sub);
    registered = sub->Port;
    i = (ULONG)(sub - ext->Subdevices);
    RtlMoveMemory(sub, sub + 1,
                  (ext->SubdeviceCount - i - 1) * sizeof(PCP_SUBDEVICE));
    ext->SubdeviceCount--;
    /* the miniport holds the port: release it first, then our reference */
    PcpPortUnbind(port, FALSE);
    COM_CALL(registered, Release);
    return STATUS_SUCCESS;
}
