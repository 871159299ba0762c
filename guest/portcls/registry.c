/* SPDX-License-Identifier: MIT */
/*
 * IRegistryKey: a key handle of the runtime's registry (guest/nt), as
 * Windows' PortCls wraps one, so a value a miniport sets here is what a
 * driver reads with ZwQueryValueKey and the other way round. The device
 * keys are IoOpenDeviceRegistryKey's; they go with the PDO. PASSIVE_LEVEL.
 */
#include "private.h"

typedef struct CRegistryKey {
    IRegistryKey Iface;
    COM_REF Ref;
    HANDLE Handle;
} CRegistryKey;

static CRegistryKey *CRegistryKey_From(IRegistryKey *This)
{
    return CONTAINING_RECORD(This, CRegistryKey, Iface);
}

static HANDLE PcpKeyHandle(IRegistryKey *This)
{
    return CRegistryKey_From(This)->Handle;
}

static NTSTATUS PcpNewKeyObject(PREGISTRYKEY *Out, HANDLE Handle);

static const COM_QI_ENTRY CRegistryKey_Qi[] = {
    { &IID_IUnknown, offsetof(CRegistryKey, Iface) },
    { &IID_IRegistryKey, offsetof(CRegistryKey, Iface) },
};

static NTSTATUS NTAPI CRegistryKey_QueryInterface(IRegistryKey *This,
                                                  REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CRegistryKey_From(This), CRegistryKey_Qi,
                             COM_ARRAY_SIZE(CRegistryKey_Qi), Iid, Object);
}

static ULONG NTAPI CRegistryKey_AddRef(IRegistryKey *This)
{
    return ComRefAddRef(&CRegistryKey_From(This)->Ref);
}

static ULONG NTAPI CRegistryKey_Release(IRegistryKey *This)
{
    CRegistryKey *key = CRegistryKey_From(This);
    ULONG count = ComRefRelease(&key->Ref);

    if (count == 0) {
        ZwClose(key->Handle);
        ExFreePoolWithTag(key, PCP_TAG_REGISTRY);
    }
    return count;
}

static NTSTATUS NTAPI CRegistryKey_QueryKey(IRegistryKey *This,
                                            KEY_INFORMATION_CLASS Class,
                                            PVOID Information, ULONG Length,
                                            PULONG ResultLength)
{
    PAGED_CODE();
    return ZwQueryKey(PcpKeyHandle(This), Class, Information, Length,
                      ResultLength);
}

static NTSTATUS NTAPI CRegistryKey_EnumerateKey(IRegistryKey *This,
                                                ULONG Index,
                                                KEY_INFORMATION_CLASS Class,
                                                PVOID Information,
                                                ULONG Length,
                                                PULONG ResultLength)
{
    PAGED_CODE();
    return ZwEnumerateKey(PcpKeyHandle(This), Index, Class, Information,
                          Length, ResultLength);
}

static NTSTATUS NTAPI CRegistryKey_QueryValueKey(
    IRegistryKey *This, PUNICODE_STRING ValueName,
    KEY_VALUE_INFORMATION_CLASS Class, PVOID Information, ULONG Length,
    PULONG ResultLength)
{
    PAGED_CODE();
    return ZwQueryValueKey(PcpKeyHandle(This), ValueName, Class, Information,
                           Length, ResultLength);
}

static NTSTATUS NTAPI CRegistryKey_EnumerateValueKey(
    IRegistryKey *This, ULONG Index, KEY_VALUE_INFORMATION_CLASS Class,
    PVOID Information, ULONG Length, PULONG ResultLength)
{
    PAGED_CODE();
    return ZwEnumerateValueKey(PcpKeyHandle(This), Index, Class, Information,
                               Length, ResultLength);
}

static NTSTATUS NTAPI CRegistryKey_SetValueKey(IRegistryKey *This,
                                               PUNICODE_STRING ValueName,
                                               ULONG Type, PVOID Data,
                                               ULONG DataSize)
{
    PAGED_CODE();
    return ZwSetValueKey(PcpKeyHandle(This), ValueName, 0, Type, Data,
                         DataSize);
}

/* RtlQueryRegistryValues relative to this key, as on Windows, where the
 * port passes its key handle with RTL_REGISTRY_HANDLE. */
static NTSTATUS NTAPI CRegistryKey_QueryRegistryValues(
    IRegistryKey *This, PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context)
{
    PAGED_CODE();
    if (QueryTable == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    return RtlQueryRegistryValues(RTL_REGISTRY_HANDLE,
                                  (PCWSTR)PcpKeyHandle(This), QueryTable,
                                  Context, NULL);
}

/*
 * Creates the missing keys of a '\'-separated path below Root one by one
 * (ZwCreateKey makes only the last component of its name). *Disposition
 * is the last key's.
 */
static NTSTATUS PcpCreatePath(HANDLE Root, PCUNICODE_STRING Path,
                              ACCESS_MASK DesiredAccess, ULONG CreateOptions,
                              PHANDLE Handle, PULONG Disposition)
{
    ULONG chars = Path->Length / sizeof(WCHAR);
    HANDLE parent = Root;
    ULONG start = 0;
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    for (ULONG i = 0; i <= chars; i++) {
        OBJECT_ATTRIBUTES attributes;
        UNICODE_STRING name;
        HANDLE child;

        if (i < chars && Path->Buffer[i] != L'\\') {
            continue;
        }
        if (i == start) {
            start = i + 1;
            continue;
        }
        name.Buffer = Path->Buffer + start;
        name.Length = (USHORT)((i - start) * sizeof(WCHAR));
        name.MaximumLength = name.Length;
        InitializeObjectAttributes(&attributes, &name,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   parent, NULL);
        status = ZwCreateKey(&child, i == chars ? DesiredAccess
                                                : KEY_CREATE_SUB_KEY,
                             &attributes, 0, NULL, CreateOptions,
                             Disposition);
        if (parent != Root) {
            ZwClose(parent);
        }
        if (!NT_SUCCESS(status)) {
            return status;
        }
        parent = child;
        start = i + 1;
    }
    if (NT_SUCCESS(status)) {
        *Handle = parent;
    }
    return status;
}

static NTSTATUS NTAPI CRegistryKey_NewSubKey(IRegistryKey *This,
                                             IRegistryKey **RegistrySubKey,
                                             PUNKNOWN OuterUnknown,
                                             ACCESS_MASK DesiredAccess,
                                             PUNICODE_STRING SubKeyName,
                                             ULONG CreateOptions,
                                             PULONG Disposition)
{
    HANDLE handle;
    ULONG disposition = 0;
    NTSTATUS status;

    PAGED_CODE();
    if (RegistrySubKey == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *RegistrySubKey = NULL;
    if (OuterUnknown != NULL || SubKeyName == NULL ||
        SubKeyName->Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    status = PcpCreatePath(PcpKeyHandle(This), SubKeyName, DesiredAccess,
                           CreateOptions, &handle, &disposition);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Disposition != NULL) {
        *Disposition = disposition;
    }
    return PcpNewKeyObject(RegistrySubKey, handle);
}

static NTSTATUS NTAPI CRegistryKey_DeleteKey(IRegistryKey *This)
{
    PAGED_CODE();
    return ZwDeleteKey(PcpKeyHandle(This));
}

static const IRegistryKeyVtbl CRegistryKey_Vtbl = {
    .QueryInterface = CRegistryKey_QueryInterface,
    .AddRef = CRegistryKey_AddRef,
    .Release = CRegistryKey_Release,
    .QueryKey = CRegistryKey_QueryKey,
    .EnumerateKey = CRegistryKey_EnumerateKey,
    .QueryValueKey = CRegistryKey_QueryValueKey,
    .EnumerateValueKey = CRegistryKey_EnumerateValueKey,
    .SetValueKey = CRegistryKey_SetValueKey,
    .QueryRegistryValues = CRegistryKey_QueryRegistryValues,
    .NewSubKey = CRegistryKey_NewSubKey,
    .DeleteKey = CRegistryKey_DeleteKey,
};

/* Takes over Handle (closed on failure). */
static NTSTATUS PcpNewKeyObject(PREGISTRYKEY *Out, HANDLE Handle)
{
    CRegistryKey *key = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*key),
                                           PCP_TAG_REGISTRY);

    if (key == NULL) {
        ZwClose(Handle);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    key->Iface.lpVtbl = &CRegistryKey_Vtbl;
    ComRefInit(&key->Ref);
    key->Handle = Handle;
    *Out = &key->Iface;
    return STATUS_SUCCESS;
}

/*
 * Device keys are IoOpenDeviceRegistryKey's of the adapter's PDO (they
 * exist from installation on: REG_OPENED_EXISTING_KEY); GeneralRegistryKey
 * is ZwCreateKey of ObjectAttributes. Deviation: DeviceInterfaceRegistryKey
 * is the sub-key "Interface" of the device key (one for every subdevice).
 */
NTSTATUS NTAPI PcNewRegistryKey(PREGISTRYKEY *OutRegistryKey,
                                PUNKNOWN OuterUnknown, ULONG RegistryKeyType,
                                ACCESS_MASK DesiredAccess, PVOID DeviceObject,
                                PVOID SubDevice,
                                POBJECT_ATTRIBUTES ObjectAttributes,
                                ULONG CreateOptions, PULONG Disposition)
{
    static const ULONG kinds[] = {
        [DeviceRegistryKey] = PLUGPLAY_REGKEY_DEVICE,
        [DriverRegistryKey] = PLUGPLAY_REGKEY_DRIVER,
        [HwProfileRegistryKey] = PLUGPLAY_REGKEY_DEVICE |
                                 PLUGPLAY_REGKEY_CURRENT_HWPROFILE,
        [DeviceInterfaceRegistryKey] = PLUGPLAY_REGKEY_DEVICE,
    };
    UNICODE_STRING interface = RTL_CONSTANT_STRING(L"Interface");
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    ULONG disposition = REG_OPENED_EXISTING_KEY;
    HANDLE handle;
    HANDLE device;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(SubDevice);
    if (OutRegistryKey == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutRegistryKey = NULL;
    if (OuterUnknown != NULL || ext == NULL ||
        RegistryKeyType > DeviceInterfaceRegistryKey ||
        (RegistryKeyType == GeneralRegistryKey &&
         (ObjectAttributes == NULL || ObjectAttributes->ObjectName == NULL))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (RegistryKeyType == GeneralRegistryKey) {
        status = ZwCreateKey(&handle, DesiredAccess, ObjectAttributes, 0,
                             NULL, CreateOptions, &disposition);
    } else if (RegistryKeyType == DeviceInterfaceRegistryKey) {
        status = IoOpenDeviceRegistryKey(ext->PhysicalDeviceObject,
                                         kinds[RegistryKeyType],
                                         KEY_CREATE_SUB_KEY, &device);
        if (NT_SUCCESS(status)) {
            status = PcpCreatePath(device, &interface, DesiredAccess,
                                   CreateOptions, &handle, &disposition);
            ZwClose(device);
        }
    } else {
        status = IoOpenDeviceRegistryKey(ext->PhysicalDeviceObject,
                                         kinds[RegistryKeyType],
                                         DesiredAccess, &handle);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Disposition != NULL) {
        *Disposition = disposition;
    }
    return PcpNewKeyObject(OutRegistryKey, handle);
}
