/* SPDX-License-Identifier: MIT */
/*
 * A device's keys, where Windows keeps them: the hardware key
 * ...\Enum\<instance path>\Device Parameters and the software key
 * ...\Control\Class\{media class}\NNNN (under Hardware Profiles\Current
 * with PLUGPLAY_REGKEY_CURRENT_HWPROFILE). They belong to the PDO and go
 * when it is deleted. PASSIVE_LEVEL.
 */
#include "cm.h"
#include "ki.h"

#define DEVREG_CCS L"\\Registry\\Machine\\System\\CurrentControlSet\\"
#define DEVREG_HWPROFILE \
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Hardware Profiles\\" \
    L"Current\\System\\CurrentControlSet\\"
/* The MEDIA setup class, every cycaudio device's. */
#define DEVREG_CLASS L"Control\\Class\\{4d36e96c-e325-11ce-bfc1-08002be10318}"
/* Deviation: a device object the PnP manager did not create (the bottom
 * of a stack a test built by hand) has no instance path; it gets one
 * here, numbered in the order its keys are first opened. */
#define DEVREG_LEGACY L"Enum\\Root\\LEGACY_NTRT"
#define DEVREG_PATH_CHARS 256u

/* Base + Tail into Path (counted, terminated). */
static NTSTATUS DevregPath(PUNICODE_STRING Path, PWCHAR Buffer,
                           PCWSTR Base, PCWSTR Tail)
{
    Path->Buffer = Buffer;
    Path->Length = 0;
    Path->MaximumLength = DEVREG_PATH_CHARS * sizeof(WCHAR);
    Buffer[0] = 0;
    if (!NT_SUCCESS(RtlAppendUnicodeToString(Path, Base)) ||
        !NT_SUCCESS(RtlAppendUnicodeToString(Path, Tail))) {
        return STATUS_NAME_TOO_LONG;
    }
    return STATUS_SUCCESS;
}

/* The key Owner owns below Base\Tail, created as "NNNN" (the first free
 * four-digit number) if it has none. */
static NTSTATUS DevregNumberedKey(PCWSTR Base, PCWSTR Tail, PVOID Owner,
                                  CM_KEY **Key)
{
    WCHAR buffer[DEVREG_PATH_CHARS];
    UNICODE_STRING path;
    CM_KEY *parent;
    ULONG disposition;
    NTSTATUS status;

    status = DevregPath(&path, buffer, Base, Tail);
    if (NT_SUCCESS(status)) {
        status = CmpWalk(NULL, &path, TRUE, TRUE, NULL, &parent,
                         &disposition);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *Key = CmpFindOwnedChild(parent, Owner);
    for (ULONG n = CmpChildCount(parent); *Key == NULL; n++) {
        WCHAR digits[8];
        UNICODE_STRING name = { 0, sizeof(digits), digits };

        if (!NT_SUCCESS(RtlStringCchPrintfW(digits, RTL_NUMBER_OF(digits),
                                            L"%04u", n))) {
            return STATUS_INTERNAL_ERROR;
        }
        RtlInitUnicodeString(&name, digits);
        status = CmpWalk(parent, &name, FALSE, FALSE, NULL, Key,
                         &disposition);
        if (NT_SUCCESS(status)) {
            *Key = NULL;  /* the number is taken */
            continue;
        }
        status = CmpWalk(parent, &name, TRUE, FALSE, Owner, Key,
                         &disposition);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

/* ...\Enum\<instance path>, owned by Pdo. */
static NTSTATUS DevregInstanceKey(PDEVICE_OBJECT Pdo, PCWSTR Base,
                                  CM_KEY **Key)
{
    WCHAR buffer[DEVREG_PATH_CHARS];
    WCHAR tail[DEVREG_PATH_CHARS];
    CHAR instance[DEVREG_PATH_CHARS];
    UNICODE_STRING path;
    ULONG disposition;
    NTSTATUS status;
    int n = PnpDeviceInstancePath(Pdo, instance, sizeof(instance));

    if (n < 0) {
        return DevregNumberedKey(Base, DEVREG_LEGACY, Pdo, Key);
    }
    if (!NT_SUCCESS(RtlStringCchPrintfW(tail, RTL_NUMBER_OF(tail),
                                        L"Enum\\%hs", instance))) {
        return STATUS_NAME_TOO_LONG;
    }
    status = DevregPath(&path, buffer, Base, tail);
    if (NT_SUCCESS(status)) {
        status = CmpWalk(NULL, &path, TRUE, TRUE, Pdo, Key, &disposition);
    }
    return status;
}

NTSTATUS NTAPI IoOpenDeviceRegistryKey(PDEVICE_OBJECT DeviceObject,
                                       ULONG DevInstKeyType,
                                       ACCESS_MASK DesiredAccess,
                                       PHANDLE DeviceRegKey)
{
    ULONG kind = DevInstKeyType & ~(ULONG)PLUGPLAY_REGKEY_CURRENT_HWPROFILE;
    PCWSTR base = (DevInstKeyType & PLUGPLAY_REGKEY_CURRENT_HWPROFILE) != 0
                      ? DEVREG_HWPROFILE : DEVREG_CCS;
    UNICODE_STRING parameters = RTL_CONSTANT_STRING(L"Device Parameters");
    CM_KEY *key = NULL;
    ULONG disposition;
    NTSTATUS status;

    PAGED_CODE();
    if (DeviceRegKey == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *DeviceRegKey = NULL;
    /* a PDO is the bottom of its stack */
    if ((kind != PLUGPLAY_REGKEY_DEVICE && kind != PLUGPLAY_REGKEY_DRIVER) ||
        DeviceObject == NULL || DeviceObject->Type != IO_TYPE_DEVICE ||
        DeviceObject->AttachedTo != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (kind == PLUGPLAY_REGKEY_DRIVER) {
        status = DevregNumberedKey(base, DEVREG_CLASS, DeviceObject, &key);
    } else {
        status = DevregInstanceKey(DeviceObject, base, &key);
        if (NT_SUCCESS(status)) {
            status = CmpWalk(key, &parameters, TRUE, FALSE, NULL, &key,
                             &disposition);
        }
    }
    if (NT_SUCCESS(status)) {
        status = CmpOpenHandle(key, DesiredAccess, DeviceRegKey);
    }
    return status;
}
