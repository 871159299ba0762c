/* SPDX-License-Identifier: MIT */
/*
 * Physical connections between the pins of two registered subdevices,
 * answered to clients as KSPROPERTY_PIN_PHYSICALCONNECTION. PASSIVE_LEVEL.
 */
#include "private.h"

VOID PcpDropConnections(PCP_DEVICE_EXTENSION *Extension, PCP_PORT *Port)
{
    ULONG i;
    ULONG j;

    for (i = 0, j = 0; i < Extension->ConnectionCount; i++) {
        if (Extension->Connections[i].FromPort != Port &&
            Extension->Connections[i].ToPort != Port) {
            Extension->Connections[j++] = Extension->Connections[i];
        }
    }
    Extension->ConnectionCount = j;
}

static NTSTATUS PcpAddConnection(PDEVICE_OBJECT DeviceObject,
                                 PUNKNOWN FromUnknown, ULONG FromPin,
                                 PUNKNOWN ToUnknown, ULONG ToPin)
{
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    PCP_PORT *from = PcpPortFromUnknown(FromUnknown);
    PCP_PORT *to = PcpPortFromUnknown(ToUnknown);
    PCP_CONNECTION *c;

    if (ext == NULL || from == NULL || to == NULL ||
        PcpPinDescriptor(from, FromPin) == NULL ||
        PcpPinDescriptor(to, ToPin) == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (ext->ConnectionCount >= PCP_MAX_CONNECTIONS) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    c = &ext->Connections[ext->ConnectionCount++];
    c->FromPort = from;
    c->FromPin = FromPin;
    c->ToPort = to;
    c->ToPin = ToPin;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PcRegisterPhysicalConnection(PDEVICE_OBJECT DeviceObject,
                                            PUNKNOWN FromUnknown,
                                            ULONG FromPin,
                                            PUNKNOWN ToUnknown, ULONG ToPin)
{
    PAGED_CODE();
    return PcpAddConnection(DeviceObject, FromUnknown, FromPin, ToUnknown,
                            ToPin);
}

/* Connections to other drivers' filters need their symbolic links; nothing
 * here has two audio drivers yet. */
NTSTATUS NTAPI PcRegisterPhysicalConnectionToExternal(
    PDEVICE_OBJECT DeviceObject, PUNKNOWN FromUnknown, ULONG FromPin,
    PUNICODE_STRING ToString, ULONG ToPin)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(FromUnknown);
    UNREFERENCED_PARAMETER(FromPin);
    UNREFERENCED_PARAMETER(ToString);
    UNREFERENCED_PARAMETER(ToPin);
    DPF(D_TERSE, "PcRegisterPhysicalConnectionToExternal: not implemented");
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI PcRegisterPhysicalConnectionFromExternal(
    PDEVICE_OBJECT DeviceObject, PUNICODE_STRING FromString, ULONG FromPin,
    PUNKNOWN ToUnknown, ULONG ToPin)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(FromString);
    UNREFERENCED_PARAMETER(FromPin);
    UNREFERENCED_PARAMETER(ToUnknown);
    UNREFERENCED_PARAMETER(ToPin);
    DPF(D_TERSE, "PcRegisterPhysicalConnectionFromExternal: not implemented");
    return STATUS_NOT_IMPLEMENTED;
}
