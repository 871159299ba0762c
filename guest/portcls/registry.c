/* SPDX-License-Identifier: MIT */
/*
 * IRegistryKey over an in-memory tree kept per device (there is no
 * registry hive): keys live until the device is removed, so a value a
 * miniport stores survives closing its key. PASSIVE_LEVEL throughout;
 * Deviation: no locking beyond that (one PnP thread touches a device).
 */
#include "private.h"
#include "ntrt.h"

#define PCP_REG_NAME_CHARS 64

typedef struct PCP_REG_VALUE {
    LIST_ENTRY Link;
    WCHAR Name[PCP_REG_NAME_CHARS];
    ULONG Type;
    ULONG DataSize;
    UCHAR Data[];
} PCP_REG_VALUE;

typedef struct PCP_REG_NODE {
    NT_REGISTRY_KEY NtKey;           /* RtlQueryRegistryValues' handle */
    LIST_ENTRY Link;                 /* in the parent's Children */
    WCHAR Name[PCP_REG_NAME_CHARS];
    LARGE_INTEGER LastWriteTime;     /* created, a value set or deleted */
    LIST_ENTRY Children;
    LIST_ENTRY Values;
} PCP_REG_NODE;

struct PCP_REGISTRY {
    PCP_REG_NODE Root;
};

typedef struct CRegistryKey {
    IRegistryKey Iface;
    COM_REF Ref;
    PCP_DEVICE_EXTENSION *Extension;
    PCP_REG_NODE *Node;
} CRegistryKey;

static CRegistryKey *CRegistryKey_From(IRegistryKey *This)
{
    return CONTAINING_RECORD(This, CRegistryKey, Iface);
}

static VOID PcpFreeNode(PCP_REG_NODE *Node, BOOLEAN Self)
{
    while (!IsListEmpty(&Node->Values)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&Node->Values),
                                            PCP_REG_VALUE, Link),
                          PCP_TAG_REGISTRY);
    }
    while (!IsListEmpty(&Node->Children)) {
        PcpFreeNode(CONTAINING_RECORD(RemoveHeadList(&Node->Children),
                                      PCP_REG_NODE, Link), TRUE);
    }
    if (Self) {
        ExFreePoolWithTag(Node, PCP_TAG_REGISTRY);
    }
}

VOID PcpRegistryFree(PCP_DEVICE_EXTENSION *Extension)
{
    if (Extension->Registry != NULL) {
        PcpFreeNode(&Extension->Registry->Root, FALSE);
        ExFreePoolWithTag(Extension->Registry, PCP_TAG_REGISTRY);
        Extension->Registry = NULL;
    }
}

/* Name (Chars characters, no terminator) fits and matches Have? */
static BOOLEAN PcpNameEquals(const WCHAR *Have, const WCHAR *Name,
                             ULONG Chars)
{
    UNICODE_STRING a;
    UNICODE_STRING b;

    RtlInitUnicodeString(&a, Have);
    b.Buffer = (PWSTR)Name;
    b.Length = (USHORT)(Chars * sizeof(WCHAR));
    b.MaximumLength = b.Length;
    return RtlEqualUnicodeString(&a, &b, TRUE);
}

static VOID PcpInitNode(PCP_REG_NODE *Node);

/* The child of Parent called Name[0..Chars), created if Create. */
static PCP_REG_NODE *PcpChild(PCP_REG_NODE *Parent, const WCHAR *Name,
                              ULONG Chars, BOOLEAN Create, PULONG Disposition)
{
    PCP_REG_NODE *node;
    PLIST_ENTRY entry;

    for (entry = Parent->Children.Flink; entry != &Parent->Children;
         entry = entry->Flink) {
        node = CONTAINING_RECORD(entry, PCP_REG_NODE, Link);
        if (PcpNameEquals(node->Name, Name, Chars)) {
            *Disposition = REG_OPENED_EXISTING_KEY;
            return node;
        }
    }
    if (!Create || Chars == 0 || Chars >= PCP_REG_NAME_CHARS) {
        return NULL;
    }
    node = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*node),
                              PCP_TAG_REGISTRY);
    if (node == NULL) {
        return NULL;
    }
    RtlCopyMemory(node->Name, Name, Chars * sizeof(WCHAR));
    PcpInitNode(node);
    InsertTailList(&Parent->Children, &node->Link);
    *Disposition = REG_CREATED_NEW_KEY;
    return node;
}

/* Walks a backslash-separated path below Parent, creating keys. */
static PCP_REG_NODE *PcpWalk(PCP_REG_NODE *Parent, PCUNICODE_STRING Path,
                             PULONG Disposition)
{
    ULONG chars = Path->Length / sizeof(WCHAR);
    ULONG start = 0;
    ULONG i;

    *Disposition = REG_OPENED_EXISTING_KEY;
    for (i = 0; i <= chars && Parent != NULL; i++) {
        if (i == chars || Path->Buffer[i] == L'\\') {
            if (i > start) {
                Parent = PcpChild(Parent, Path->Buffer + start, i - start,
                                  TRUE, Disposition);
            }
            start = i + 1;
        }
    }
    return Parent;
}

static PCP_REG_VALUE *PcpFindValue(PCP_REG_NODE *Node, PCUNICODE_STRING Name)
{
    PLIST_ENTRY entry;

    for (entry = Node->Values.Flink; entry != &Node->Values;
         entry = entry->Flink) {
        PCP_REG_VALUE *value = CONTAINING_RECORD(entry, PCP_REG_VALUE, Link);

        if (PcpNameEquals(value->Name, Name == NULL ? L"" : Name->Buffer,
                          Name == NULL ? 0 : Name->Length / sizeof(WCHAR))) {
            return value;
        }
    }
    return NULL;
}

static PCP_REG_NODE *PcpNodeFromKey(NT_REGISTRY_KEY *Key)
{
    return CONTAINING_RECORD(Key, PCP_REG_NODE, NtKey);
}

static NTSTATUS PcpKeyOpenSubKey(NT_REGISTRY_KEY *Key, PCUNICODE_STRING Name,
                                 NT_REGISTRY_KEY **SubKey)
{
    PCP_REG_NODE *node = PcpNodeFromKey(Key);
    ULONG chars = Name->Length / sizeof(WCHAR);
    ULONG start = 0;
    ULONG disposition;

    for (ULONG i = 0; i <= chars && node != NULL; i++) {
        if (i == chars || Name->Buffer[i] == L'\\') {
            if (i > start) {
                node = PcpChild(node, Name->Buffer + start, i - start, FALSE,
                                &disposition);
            }
            start = i + 1;
        }
    }
    if (node == NULL) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    *SubKey = &node->NtKey;
    return STATUS_SUCCESS;
}

static NTSTATUS PcpKeyEnumerateValue(NT_REGISTRY_KEY *Key, ULONG Index,
                                     PUNICODE_STRING Name, PULONG Type,
                                     PVOID *Data, PULONG DataLength)
{
    PCP_REG_NODE *node = PcpNodeFromKey(Key);
    PLIST_ENTRY entry;

    for (entry = node->Values.Flink; entry != &node->Values;
         entry = entry->Flink) {
        PCP_REG_VALUE *value;

        if (Index-- != 0) {
            continue;
        }
        value = CONTAINING_RECORD(entry, PCP_REG_VALUE, Link);
        RtlInitUnicodeString(Name, value->Name);
        *Type = value->Type;
        *Data = value->Data;
        *DataLength = value->DataSize;
        return STATUS_SUCCESS;
    }
    return STATUS_NO_MORE_ENTRIES;
}

static NTSTATUS PcpKeyDeleteValue(NT_REGISTRY_KEY *Key, PCUNICODE_STRING Name)
{
    PCP_REG_VALUE *value = PcpFindValue(PcpNodeFromKey(Key), Name);

    if (value == NULL) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    RemoveEntryList(&value->Link);
    ExFreePoolWithTag(value, PCP_TAG_REGISTRY);
    KeQuerySystemTime(&PcpNodeFromKey(Key)->LastWriteTime);
    return STATUS_SUCCESS;
}

static const NT_REGISTRY_KEY_OPS PcpKeyOps = {
    .OpenSubKey = PcpKeyOpenSubKey,
    .EnumerateValue = PcpKeyEnumerateValue,
    .DeleteValue = PcpKeyDeleteValue,
};

static VOID PcpInitNode(PCP_REG_NODE *Node)
{
    Node->NtKey.Signature = NT_REGISTRY_KEY_SIGNATURE;
    Node->NtKey.Ops = &PcpKeyOps;
    KeQuerySystemTime(&Node->LastWriteTime);
    InitializeListHead(&Node->Children);
    InitializeListHead(&Node->Values);
}

static NTSTATUS PcpNewKeyObject(PREGISTRYKEY *Out,
                                PCP_DEVICE_EXTENSION *Extension,
                                PCP_REG_NODE *Node);

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
        ExFreePoolWithTag(key, PCP_TAG_REGISTRY);
    }
    return count;
}

static ULONG PcpNameBytes(const WCHAR *Name)
{
    ULONG chars = 0;

    while (chars < PCP_REG_NAME_CHARS && Name[chars] != 0) {
        chars++;
    }
    return chars * sizeof(WCHAR);
}

/* KEY_FULL_INFORMATION's counts and maxima over Node's sub-keys and values. */
static VOID PcpKeyFullCounts(PCP_REG_NODE *Node, PKEY_FULL_INFORMATION Info)
{
    PLIST_ENTRY entry;

    for (entry = Node->Children.Flink; entry != &Node->Children;
         entry = entry->Flink) {
        PCP_REG_NODE *child = CONTAINING_RECORD(entry, PCP_REG_NODE, Link);

        Info->SubKeys++;
        Info->MaxNameLen = max(Info->MaxNameLen, PcpNameBytes(child->Name));
    }
    for (entry = Node->Values.Flink; entry != &Node->Values;
         entry = entry->Flink) {
        PCP_REG_VALUE *value = CONTAINING_RECORD(entry, PCP_REG_VALUE, Link);

        Info->Values++;
        Info->MaxValueNameLen = max(Info->MaxValueNameLen,
                                    PcpNameBytes(value->Name));
        Info->MaxValueDataLen = max(Info->MaxValueDataLen, value->DataSize);
    }
}

/*
 * ZwQueryKey/ZwEnumerateKey semantics: nothing written and
 * STATUS_BUFFER_TOO_SMALL if the fixed part does not fit, the fixed part and
 * as much of the name as fits with STATUS_BUFFER_OVERFLOW if the name does
 * not. Keys have no class: ClassLength 0 (KeyNodeInformation's ClassOffset
 * 0xFFFFFFFF). Names are the key's own, not its path.
 */
static NTSTATUS PcpKeyInformation(PCP_REG_NODE *Node,
                                  KEY_INFORMATION_CLASS Class,
                                  PVOID Information, ULONG Length,
                                  PULONG ResultLength)
{
    ULONG nameBytes = PcpNameBytes(Node->Name);
    ULONG fixed;

    switch (Class) {
    case KeyBasicInformation: {
        KEY_BASIC_INFORMATION info = { .NameLength = nameBytes };

        fixed = FIELD_OFFSET(KEY_BASIC_INFORMATION, Name);
        info.LastWriteTime = Node->LastWriteTime;
        *ResultLength = fixed + nameBytes;
        if (Length < fixed) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        RtlCopyMemory(Information, &info, fixed);
        break;
    }
    case KeyNodeInformation: {
        KEY_NODE_INFORMATION info = { .ClassOffset = 0xFFFFFFFFu,
                                      .NameLength = nameBytes };

        fixed = FIELD_OFFSET(KEY_NODE_INFORMATION, Name);
        info.LastWriteTime = Node->LastWriteTime;
        *ResultLength = fixed + nameBytes;
        if (Length < fixed) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        RtlCopyMemory(Information, &info, fixed);
        break;
    }
    case KeyFullInformation: {
        KEY_FULL_INFORMATION info = { 0 };

        fixed = FIELD_OFFSET(KEY_FULL_INFORMATION, Class);
        info.LastWriteTime = Node->LastWriteTime;
        info.ClassOffset = fixed;
        PcpKeyFullCounts(Node, &info);
        *ResultLength = fixed;
        if (Length < fixed) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        RtlCopyMemory(Information, &info, fixed);
        return STATUS_SUCCESS;
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory((PUCHAR)Information + fixed, Node->Name,
                  min(nameBytes, Length - fixed));
    return Length < fixed + nameBytes ? STATUS_BUFFER_OVERFLOW
                                      : STATUS_SUCCESS;
}

static NTSTATUS NTAPI CRegistryKey_QueryKey(IRegistryKey *This,
                                            KEY_INFORMATION_CLASS Class,
                                            PVOID Information, ULONG Length,
                                            PULONG ResultLength)
{
    PAGED_CODE();
    if (ResultLength == NULL || (Information == NULL && Length != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    return PcpKeyInformation(CRegistryKey_From(This)->Node, Class,
                             Information, Length, ResultLength);
}

static NTSTATUS NTAPI CRegistryKey_EnumerateKey(IRegistryKey *This,
                                                ULONG Index,
                                                KEY_INFORMATION_CLASS Class,
                                                PVOID Information,
                                                ULONG Length,
                                                PULONG ResultLength)
{
    PCP_REG_NODE *node = CRegistryKey_From(This)->Node;
    PLIST_ENTRY entry;

    PAGED_CODE();
    if (ResultLength == NULL || (Information == NULL && Length != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    for (entry = node->Children.Flink; entry != &node->Children;
         entry = entry->Flink) {
        if (Index-- == 0) {
            return PcpKeyInformation(
                CONTAINING_RECORD(entry, PCP_REG_NODE, Link), Class,
                Information, Length, ResultLength);
        }
    }
    return STATUS_NO_MORE_ENTRIES;
}

/* Zw semantics: nothing written and STATUS_BUFFER_TOO_SMALL if the fixed
 * part does not fit, partial data and STATUS_BUFFER_OVERFLOW if the rest
 * does not. */
static NTSTATUS PcpValueInformation(PCP_REG_VALUE *Value,
                                    KEY_VALUE_INFORMATION_CLASS Class,
                                    PVOID Information, ULONG Length,
                                    PULONG ResultLength)
{
    ULONG nameBytes = PcpNameBytes(Value->Name);
    ULONG fixed;
    ULONG total;

    switch (Class) {
    case KeyValuePartialInformation: {
        PKEY_VALUE_PARTIAL_INFORMATION info = Information;

        fixed = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data);
        total = fixed + Value->DataSize;
        *ResultLength = total;
        if (Length < fixed) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        info->TitleIndex = 0;
        info->Type = Value->Type;
        info->DataLength = Value->DataSize;
        RtlCopyMemory(info->Data, Value->Data,
                      min(Value->DataSize, Length - fixed));
        return Length < total ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    }
    case KeyValueBasicInformation: {
        PKEY_VALUE_BASIC_INFORMATION info = Information;

        fixed = FIELD_OFFSET(KEY_VALUE_BASIC_INFORMATION, Name);
        total = fixed + nameBytes;
        *ResultLength = total;
        if (Length < fixed) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        info->TitleIndex = 0;
        info->Type = Value->Type;
        info->NameLength = nameBytes;
        RtlCopyMemory(info->Name, Value->Name, min(nameBytes, Length - fixed));
        return Length < total ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
    }
    case KeyValueFullInformation: {
        PKEY_VALUE_FULL_INFORMATION info = Information;
        ULONG dataOffset;

        fixed = FIELD_OFFSET(KEY_VALUE_FULL_INFORMATION, Name);
        dataOffset = (fixed + nameBytes + 7u) & ~7u;
        total = dataOffset + Value->DataSize;
        *ResultLength = total;
        if (Length < fixed) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        info->TitleIndex = 0;
        info->Type = Value->Type;
        info->DataOffset = dataOffset;
        info->DataLength = Value->DataSize;
        info->NameLength = nameBytes;
        if (Length < total) {
            RtlCopyMemory(info->Name, Value->Name,
                          min(nameBytes, Length - fixed));
            return STATUS_BUFFER_OVERFLOW;
        }
        RtlCopyMemory(info->Name, Value->Name, nameBytes);
        RtlCopyMemory((PUCHAR)info + dataOffset, Value->Data,
                      Value->DataSize);
        return STATUS_SUCCESS;
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS NTAPI CRegistryKey_QueryValueKey(
    IRegistryKey *This, PUNICODE_STRING ValueName,
    KEY_VALUE_INFORMATION_CLASS Class, PVOID Information, ULONG Length,
    PULONG ResultLength)
{
    PCP_REG_VALUE *value;

    PAGED_CODE();
    if (ResultLength == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    value = PcpFindValue(CRegistryKey_From(This)->Node, ValueName);
    if (value == NULL) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    return PcpValueInformation(value, Class, Information, Length,
                               ResultLength);
}

static NTSTATUS NTAPI CRegistryKey_EnumerateValueKey(
    IRegistryKey *This, ULONG Index, KEY_VALUE_INFORMATION_CLASS Class,
    PVOID Information, ULONG Length, PULONG ResultLength)
{
    PCP_REG_NODE *node = CRegistryKey_From(This)->Node;
    PLIST_ENTRY entry;

    PAGED_CODE();
    if (ResultLength == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    for (entry = node->Values.Flink; entry != &node->Values;
         entry = entry->Flink) {
        if (Index-- == 0) {
            return PcpValueInformation(
                CONTAINING_RECORD(entry, PCP_REG_VALUE, Link), Class,
                Information, Length, ResultLength);
        }
    }
    return STATUS_NO_MORE_ENTRIES;
}

static NTSTATUS NTAPI CRegistryKey_SetValueKey(IRegistryKey *This,
                                               PUNICODE_STRING ValueName,
                                               ULONG Type, PVOID Data,
                                               ULONG DataSize)
{
    PCP_REG_NODE *node = CRegistryKey_From(This)->Node;
    ULONG chars = ValueName == NULL ? 0 : ValueName->Length / sizeof(WCHAR);
    PCP_REG_VALUE *old = PcpFindValue(node, ValueName);
    PCP_REG_VALUE *value;

    PAGED_CODE();
    if (chars >= PCP_REG_NAME_CHARS || (DataSize != 0 && Data == NULL)) {
        return STATUS_INVALID_PARAMETER;
    }
    value = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*value) + DataSize,
                               PCP_TAG_REGISTRY);
    if (value == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (chars != 0) {
        RtlCopyMemory(value->Name, ValueName->Buffer, chars * sizeof(WCHAR));
    }
    value->Type = Type;
    value->DataSize = DataSize;
    if (DataSize != 0) {
        RtlCopyMemory(value->Data, Data, DataSize);
    }
    if (old != NULL) {
        RemoveEntryList(&old->Link);
        ExFreePoolWithTag(old, PCP_TAG_REGISTRY);
    }
    InsertTailList(&node->Values, &value->Link);
    KeQuerySystemTime(&node->LastWriteTime);
    return STATUS_SUCCESS;
}

/* RtlQueryRegistryValues relative to this key, as on Windows, where the
 * port passes its key handle with RTL_REGISTRY_HANDLE. */
static NTSTATUS NTAPI CRegistryKey_QueryRegistryValues(
    IRegistryKey *This, PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context)
{
    NT_REGISTRY_KEY *key = &CRegistryKey_From(This)->Node->NtKey;

    PAGED_CODE();
    if (QueryTable == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    return RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)key,
                                  QueryTable, Context, NULL);
}

static NTSTATUS NTAPI CRegistryKey_NewSubKey(IRegistryKey *This,
                                             IRegistryKey **RegistrySubKey,
                                             PUNKNOWN OuterUnknown,
                                             ACCESS_MASK DesiredAccess,
                                             PUNICODE_STRING SubKeyName,
                                             ULONG CreateOptions,
                                             PULONG Disposition)
{
    CRegistryKey *key = CRegistryKey_From(This);
    PCP_REG_NODE *node;
    ULONG disposition;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(CreateOptions);
    if (RegistrySubKey == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *RegistrySubKey = NULL;
    if (OuterUnknown != NULL || SubKeyName == NULL ||
        SubKeyName->Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    node = PcpWalk(key->Node, SubKeyName, &disposition);
    if (node == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (Disposition != NULL) {
        *Disposition = disposition;
    }
    return PcpNewKeyObject(RegistrySubKey, key->Extension, node);
}

/* Deviation: the key's values go; the node stays until device removal, so
 * other open handles to it stay valid (Windows marks them deleted). */
static NTSTATUS NTAPI CRegistryKey_DeleteKey(IRegistryKey *This)
{
    PCP_REG_NODE *node = CRegistryKey_From(This)->Node;

    PAGED_CODE();
    if (!IsListEmpty(&node->Children)) {
        return STATUS_ACCESS_DENIED;
    }
    PcpFreeNode(node, FALSE);
    KeQuerySystemTime(&node->LastWriteTime);
    return STATUS_SUCCESS;
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

static NTSTATUS PcpNewKeyObject(PREGISTRYKEY *Out,
                                PCP_DEVICE_EXTENSION *Extension,
                                PCP_REG_NODE *Node)
{
    CRegistryKey *key = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*key),
                                           PCP_TAG_REGISTRY);

    if (key == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    key->Iface.lpVtbl = &CRegistryKey_Vtbl;
    ComRefInit(&key->Ref);
    key->Extension = Extension;
    key->Node = Node;
    *Out = &key->Iface;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PcNewRegistryKey(PREGISTRYKEY *OutRegistryKey,
                                PUNKNOWN OuterUnknown, ULONG RegistryKeyType,
                                ACCESS_MASK DesiredAccess, PVOID DeviceObject,
                                PVOID SubDevice,
                                POBJECT_ATTRIBUTES ObjectAttributes,
                                ULONG CreateOptions, PULONG Disposition)
{
    static const WCHAR *const roots[] = {
        L"General", L"Device", L"Driver", L"HwProfile", L"Interface",
    };
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(DeviceObject);
    PCP_REG_NODE *node;
    UNICODE_STRING root;
    ULONG disposition;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(DesiredAccess);
    UNREFERENCED_PARAMETER(SubDevice);
    UNREFERENCED_PARAMETER(CreateOptions);
    if (OutRegistryKey == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutRegistryKey = NULL;
    if (OuterUnknown != NULL || ext == NULL ||
        RegistryKeyType >= RTL_NUMBER_OF(roots) ||
        (RegistryKeyType == GeneralRegistryKey &&
         (ObjectAttributes == NULL || ObjectAttributes->ObjectName == NULL))) {
        return STATUS_INVALID_PARAMETER;
    }
    if (ext->Registry == NULL) {
        ext->Registry = ExAllocatePoolZero(NonPagedPoolNx,
                                           sizeof(*ext->Registry),
                                           PCP_TAG_REGISTRY);
        if (ext->Registry == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        PcpInitNode(&ext->Registry->Root);
    }
    RtlInitUnicodeString(&root, roots[RegistryKeyType]);
    node = PcpWalk(&ext->Registry->Root, &root, &disposition);
    if (node != NULL && RegistryKeyType == GeneralRegistryKey) {
        node = PcpWalk(node, ObjectAttributes->ObjectName, &disposition);
    }
    if (node == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (Disposition != NULL) {
        *Disposition = disposition;
    }
    return PcpNewKeyObject(OutRegistryKey, ext, node);
}
