/* SPDX-License-Identifier: MIT */
/*
 * The registry: one in-memory tree below \Registry, reached through key
 * handles (ZwOpenKey, ZwCreateKey, IoOpenDeviceRegistryKey) by drivers and
 * by PortCls' IRegistryKey alike. The predefined keys are static; every
 * other key and every value is pool (tags CMky, CMva), freed when a device
 * goes (its keys) or the scenario ends (the rest). A key deleted while
 * handles are open stays until the last closes. PASSIVE_LEVEL, no lock.
 */
#include "cm.h"
#include "ki.h"
#include "ob.h"

#define CM_KEY_TAG 'ykMC'     /* "CMky" */
#define CM_VALUE_TAG 'avMC'   /* "CMva" */
#define CM_HANDLE_TAG 'dhMC'  /* "CMhd": one per open key handle */
/* Deviation: names are at most this long (Windows: 255 for keys, 16383
 * for values); longer ones are STATUS_INVALID_PARAMETER. */
#define CM_NAME_CHARS 128u

struct _CM_KEY {
    LIST_ENTRY Link;               /* in Parent->Children */
    CM_KEY *Parent;
    WCHAR Name[CM_NAME_CHARS];
    USHORT NameLength;             /* bytes */
    BOOLEAN Static;                /* predefined: never freed */
    BOOLEAN Implicit;              /* made on the way to an owned key */
    BOOLEAN Deleted;               /* unlinked, freed at the last close */
    PVOID Owner;                   /* the device whose key this is */
    ULONG Handles;
    LARGE_INTEGER LastWriteTime;
    LIST_ENTRY Children;
    LIST_ENTRY Values;
};

typedef struct _CM_VALUE {
    LIST_ENTRY Link;
    WCHAR Name[CM_NAME_CHARS];
    USHORT NameLength;             /* bytes */
    ULONG Type;
    ULONG DataSize;
    UCHAR Data[];
} CM_VALUE;

typedef struct _CM_KEY_HANDLE {
    CM_KEY *Key;
    ACCESS_MASK Access;
} CM_KEY_HANDLE;

static const struct {
    PCWSTR Name;
    LONG Parent;
} CmpPredefined[] = {
    { L"REGISTRY", -1 },
    { L"MACHINE", 0 },
    { L"SYSTEM", 1 },
    { L"CurrentControlSet", 2 },
    { L"Services", 3 },
    { L"Control", 3 },
    { L"Class", 5 },
    { L"Enum", 3 },
    { L"SOFTWARE", 1 },
    { L"HARDWARE", 1 },
    { L"DEVICEMAP", 9 },
    { L"USER", 0 },
    { L".DEFAULT", 11 },
};

static CM_KEY CmpStaticKeys[RTL_NUMBER_OF(CmpPredefined)];

static VOID CmpTouch(CM_KEY *Key)
{
    KeQuerySystemTime(&Key->LastWriteTime);
}

static VOID CmpInitKey(CM_KEY *Key, CM_KEY *Parent, PCWSTR Name,
                       USHORT Bytes)
{
    Key->Parent = Parent;
    RtlCopyMemory(Key->Name, Name, Bytes);
    Key->NameLength = Bytes;
    InitializeListHead(&Key->Children);
    InitializeListHead(&Key->Values);
    CmpTouch(Key);
    if (Parent != NULL) {
        InsertTailList(&Parent->Children, &Key->Link);
    }
}

VOID CmpInitializeRegistry(VOID)
{
    RtlZeroMemory(CmpStaticKeys, sizeof(CmpStaticKeys));
    for (ULONG i = 0; i < RTL_NUMBER_OF(CmpPredefined); i++) {
        UNICODE_STRING name;
        LONG parent = CmpPredefined[i].Parent;

        RtlInitUnicodeString(&name, CmpPredefined[i].Name);
        CmpStaticKeys[i].Static = TRUE;
        CmpInitKey(&CmpStaticKeys[i],
                   parent < 0 ? NULL : &CmpStaticKeys[parent], name.Buffer,
                   name.Length);
    }
}

static BOOLEAN CmpNameIs(const WCHAR *Have, USHORT HaveBytes,
                         PCUNICODE_STRING Name)
{
    UNICODE_STRING have;

    have.Buffer = (PWSTR)Have;
    have.Length = HaveBytes;
    have.MaximumLength = HaveBytes;
    return RtlEqualUnicodeString(&have, Name, TRUE);
}

static VOID CmpFreeValues(CM_KEY *Key)
{
    while (!IsListEmpty(&Key->Values)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&Key->Values),
                                            CM_VALUE, Link),
                          CM_VALUE_TAG);
    }
}

/* Unlinks Key and its sub-keys; each is freed now or at its last close. */
static VOID CmpDeleteTree(CM_KEY *Key)
{
    PLIST_ENTRY entry = Key->Children.Flink;

    /* predefined children stay linked */
    while (entry != &Key->Children) {
        CM_KEY *child = CONTAINING_RECORD(entry, CM_KEY, Link);

        entry = entry->Flink;
        CmpDeleteTree(child);
    }
    CmpFreeValues(Key);
    if (Key->Static) {
        return;
    }
    RemoveEntryList(&Key->Link);
    Key->Deleted = TRUE;
    Key->Parent = NULL;
    if (Key->Handles == 0) {
        ExFreePoolWithTag(Key, CM_KEY_TAG);
    }
}

VOID CmpFreeRegistry(VOID)
{
    CmpDeleteTree(&CmpStaticKeys[0]);
}

static VOID CmpPruneImplicit(CM_KEY *Key)
{
    while (Key != NULL && Key->Implicit && IsListEmpty(&Key->Children) &&
           IsListEmpty(&Key->Values) && Key->Handles == 0) {
        CM_KEY *parent = Key->Parent;

        CmpDeleteTree(Key);
        Key = parent;
    }
}

static BOOLEAN CmpDeleteOwned(CM_KEY *Key, PVOID Owner)
{
    PLIST_ENTRY entry;

    for (entry = Key->Children.Flink; entry != &Key->Children;
         entry = entry->Flink) {
        CM_KEY *child = CONTAINING_RECORD(entry, CM_KEY, Link);

        if (child->Owner == Owner) {
            CmpDeleteTree(child);
            CmpPruneImplicit(Key);
            return TRUE;
        }
        if (CmpDeleteOwned(child, Owner)) {
            return TRUE;
        }
    }
    return FALSE;
}

VOID CmpDeleteOwnedKeys(PVOID Owner)
{
    /* The list changes under each deletion: walk again from the root. */
    while (CmpDeleteOwned(&CmpStaticKeys[0], Owner)) {
    }
}

CM_KEY *CmpFindOwnedChild(CM_KEY *Parent, PVOID Owner)
{
    PLIST_ENTRY entry;

    for (entry = Parent->Children.Flink; entry != &Parent->Children;
         entry = entry->Flink) {
        CM_KEY *child = CONTAINING_RECORD(entry, CM_KEY, Link);

        if (child->Owner == Owner) {
            return child;
        }
    }
    return NULL;
}

ULONG CmpChildCount(CM_KEY *Parent)
{
    ULONG count = 0;

    for (PLIST_ENTRY e = Parent->Children.Flink; e != &Parent->Children;
         e = e->Flink) {
        count++;
    }
    return count;
}

static CM_KEY *CmpChild(CM_KEY *Parent, PCUNICODE_STRING Name)
{
    PLIST_ENTRY entry;

    for (entry = Parent->Children.Flink; entry != &Parent->Children;
         entry = entry->Flink) {
        CM_KEY *child = CONTAINING_RECORD(entry, CM_KEY, Link);

        if (CmpNameIs(child->Name, child->NameLength, Name)) {
            return child;
        }
    }
    return NULL;
}

NTSTATUS CmpWalk(CM_KEY *Start, PCUNICODE_STRING Path, BOOLEAN Create,
                 BOOLEAN Implicit, PVOID Owner, CM_KEY **Key,
                 PULONG Disposition)
{
    ULONG chars = Path->Length / sizeof(WCHAR);
    CM_KEY *key = Start;
    ULONG at = 0;

    *Key = NULL;
    *Disposition = REG_OPENED_EXISTING_KEY;
    if (Start == NULL) {
        /* "\REGISTRY" is the root, anything else is not a key */
        UNICODE_STRING root = RTL_CONSTANT_STRING(L"\\REGISTRY");
        UNICODE_STRING head;

        head.Buffer = Path->Buffer;
        head.Length = (USHORT)min((ULONG)Path->Length, (ULONG)root.Length);
        head.MaximumLength = head.Length;
        if (chars == 0 || Path->Buffer[0] != L'\\') {
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        }
        if (!RtlEqualUnicodeString(&head, &root, TRUE) ||
            (chars > 9 && Path->Buffer[9] != L'\\')) {
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        key = &CmpStaticKeys[0];
        at = 10;
    }
    while (at < chars) {
        UNICODE_STRING name;
        ULONG end = at;
        CM_KEY *child;
        BOOLEAN last;

        while (end < chars && Path->Buffer[end] != L'\\') {
            end++;
        }
        last = end >= chars - 1;
        if (end == at) {
            return STATUS_OBJECT_NAME_INVALID;
        }
        if (end - at >= CM_NAME_CHARS) {
            return STATUS_INVALID_PARAMETER;
        }
        name.Buffer = Path->Buffer + at;
        name.Length = (USHORT)((end - at) * sizeof(WCHAR));
        name.MaximumLength = name.Length;
        child = CmpChild(key, &name);
        if (child == NULL) {
            if (!Create || (!last && !Implicit)) {
                return STATUS_OBJECT_NAME_NOT_FOUND;
            }
            child = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*child),
                                       CM_KEY_TAG);
            if (child == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            CmpInitKey(child, key, name.Buffer, name.Length);
            child->Implicit = Implicit && !(last && Owner != NULL);
            child->Owner = last ? Owner : NULL;
            CmpTouch(key);
            *Disposition = REG_CREATED_NEW_KEY;
        }
        key = child;
        at = end + 1;
    }
    *Key = key;
    return STATUS_SUCCESS;
}

/* GENERIC_* and MAXIMUM_ALLOWED as the key rights they stand for. */
static ACCESS_MASK CmpMapAccess(ACCESS_MASK Access)
{
    if ((Access & (GENERIC_ALL | MAXIMUM_ALLOWED)) != 0) {
        Access |= KEY_ALL_ACCESS;
    }
    if ((Access & GENERIC_READ) != 0) {
        Access |= KEY_READ;
    }
    if ((Access & GENERIC_WRITE) != 0) {
        Access |= KEY_WRITE;
    }
    return Access;
}

static VOID CmpCloseHandle(PVOID Object)
{
    CM_KEY_HANDLE *handle = Object;
    CM_KEY *key = handle->Key;

    ExFreePoolWithTag(handle, CM_HANDLE_TAG);
    key->Handles--;
    if (key->Deleted && key->Handles == 0) {
        ExFreePoolWithTag(key, CM_KEY_TAG);
    }
}

NTSTATUS CmpOpenHandle(CM_KEY *Key, ACCESS_MASK Access, PHANDLE Handle)
{
    CM_KEY_HANDLE *object = ExAllocatePoolZero(NonPagedPoolNx,
                                               sizeof(*object),
                                               CM_HANDLE_TAG);
    NTSTATUS status;

    if (object == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    object->Key = Key;
    object->Access = CmpMapAccess(Access);
    status = ObpInsertHandle(OBP_TYPE_KEY, object, object->Access,
                             CmpCloseHandle, Handle);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(object, CM_HANDLE_TAG);
        return status;
    }
    Key->Handles++;
    return STATUS_SUCCESS;
}

NTSTATUS CmpKeyFromHandle(HANDLE Handle, ACCESS_MASK Access, CM_KEY **Key)
{
    CM_KEY_HANDLE *object;
    NTSTATUS status = ObpReferenceHandle(Handle, OBP_TYPE_KEY,
                                         (PVOID *)&object);

    *Key = NULL;
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if ((object->Access & Access) != Access) {
        return STATUS_ACCESS_DENIED;
    }
    if (object->Key->Deleted) {
        return STATUS_KEY_DELETED;
    }
    *Key = object->Key;
    return STATUS_SUCCESS;
}

static CM_VALUE *CmpFindValue(CM_KEY *Key, PCUNICODE_STRING Name)
{
    UNICODE_STRING empty = { 0, 0, NULL };
    PLIST_ENTRY entry;

    for (entry = Key->Values.Flink; entry != &Key->Values;
         entry = entry->Flink) {
        CM_VALUE *value = CONTAINING_RECORD(entry, CM_VALUE, Link);

        if (CmpNameIs(value->Name, value->NameLength,
                      Name == NULL ? &empty : Name)) {
            return value;
        }
    }
    return NULL;
}

NTSTATUS CmpEnumerateValue(CM_KEY *Key, ULONG Index, PUNICODE_STRING Name,
                           PULONG Type, PVOID *Data, PULONG DataLength)
{
    PLIST_ENTRY entry;

    for (entry = Key->Values.Flink; entry != &Key->Values;
         entry = entry->Flink) {
        CM_VALUE *value = CONTAINING_RECORD(entry, CM_VALUE, Link);

        if (Index-- != 0) {
            continue;
        }
        Name->Buffer = value->Name;
        Name->Length = value->NameLength;
        Name->MaximumLength = value->NameLength;
        *Type = value->Type;
        *Data = value->Data;
        *DataLength = value->DataSize;
        return STATUS_SUCCESS;
    }
    return STATUS_NO_MORE_ENTRIES;
}

NTSTATUS CmpDeleteValue(CM_KEY *Key, PCUNICODE_STRING Name)
{
    CM_VALUE *value = CmpFindValue(Key, Name);

    if (value == NULL) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    RemoveEntryList(&value->Link);
    ExFreePoolWithTag(value, CM_VALUE_TAG);
    CmpTouch(Key);
    return STATUS_SUCCESS;
}

/* The key ObjectAttributes names: RootDirectory (a key handle) plus a
 * relative name, or an absolute "\Registry\..." name. */
static NTSTATUS CmpOpen(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, BOOLEAN Create,
                        PULONG Disposition)
{
    UNICODE_STRING empty = { 0, 0, NULL };
    PCUNICODE_STRING name;
    CM_KEY *start = NULL;
    CM_KEY *key;
    ULONG disposition;
    NTSTATUS status;

    PAGED_CODE();
    if (KeyHandle == NULL || ObjectAttributes == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *KeyHandle = NULL;
    name = ObjectAttributes->ObjectName != NULL
               ? ObjectAttributes->ObjectName : &empty;
    if (ObjectAttributes->RootDirectory != NULL) {
        status = CmpKeyFromHandle(ObjectAttributes->RootDirectory,
                                  Create ? KEY_CREATE_SUB_KEY : 0, &start);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        if (name->Length != 0 && name->Buffer[0] == L'\\') {
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        }
    }
    status = CmpWalk(start, name, Create, FALSE, NULL, &key, &disposition);
    if (NT_SUCCESS(status)) {
        status = CmpOpenHandle(key, DesiredAccess, KeyHandle);
    }
    if (NT_SUCCESS(status) && Disposition != NULL) {
        *Disposition = disposition;
    }
    return status;
}

NTSTATUS NTAPI ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                         POBJECT_ATTRIBUTES ObjectAttributes)
{
    return CmpOpen(KeyHandle, DesiredAccess, ObjectAttributes, FALSE, NULL);
}

/* Deviation: TitleIndex, Class and CreateOptions (volatile or not) are
 * ignored: nothing outlives the run. */
NTSTATUS NTAPI ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
                           POBJECT_ATTRIBUTES ObjectAttributes,
                           ULONG TitleIndex, PUNICODE_STRING Class,
                           ULONG CreateOptions, PULONG Disposition)
{
    UNREFERENCED_PARAMETER(TitleIndex);
    UNREFERENCED_PARAMETER(Class);
    UNREFERENCED_PARAMETER(CreateOptions);
    return CmpOpen(KeyHandle, DesiredAccess, ObjectAttributes, TRUE,
                   Disposition);
}

/*
 * The Zw query semantics: nothing written and STATUS_BUFFER_TOO_SMALL if
 * the fixed part does not fit, the fixed part and as much of the rest as
 * fits with STATUS_BUFFER_OVERFLOW if the rest does not; *ResultLength is
 * the whole size either way.
 */
static NTSTATUS CmpValueInformation(CM_VALUE *Value,
                                    KEY_VALUE_INFORMATION_CLASS Class,
                                    PVOID Information, ULONG Length,
                                    PULONG ResultLength)
{
    ULONG nameBytes = Value->NameLength;
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
        /* the data starts 8-byte aligned after the name */
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

/* The key of a query (ZwQueryValueKey, ZwQueryKey, their Enumerate
 * forms): ResultLength is required, Information may be NULL only with a
 * zero Length. */
static NTSTATUS CmpQueryKeyOf(HANDLE KeyHandle, ACCESS_MASK Access,
                              PVOID Information, ULONG Length,
                              PULONG ResultLength, CM_KEY **Key)
{
    PAGED_CODE();
    if (ResultLength == NULL || (Information == NULL && Length != 0)) {
        return STATUS_INVALID_PARAMETER;
    }
    return CmpKeyFromHandle(KeyHandle, Access, Key);
}

/* The Index-th value (Values) or sub-key of an enumeration's key;
 * STATUS_NO_MORE_ENTRIES past the last. */
static NTSTATUS CmpEnumerationEntry(HANDLE KeyHandle, ACCESS_MASK Access,
                                    PVOID Information, ULONG Length,
                                    PULONG ResultLength, BOOLEAN Values,
                                    ULONG Index, PLIST_ENTRY *Entry)
{
    PLIST_ENTRY head;
    CM_KEY *key;
    NTSTATUS status = CmpQueryKeyOf(KeyHandle, Access, Information, Length,
                                    ResultLength, &key);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    head = Values ? &key->Values : &key->Children;
    *Entry = head->Flink;
    for (; *Entry != head && Index != 0; Index--) {
        *Entry = (*Entry)->Flink;
    }
    return *Entry == head ? STATUS_NO_MORE_ENTRIES : STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                               KEY_VALUE_INFORMATION_CLASS
                                   KeyValueInformationClass,
                               PVOID KeyValueInformation, ULONG Length,
                               PULONG ResultLength)
{
    CM_VALUE *value;
    CM_KEY *key;
    NTSTATUS status = CmpQueryKeyOf(KeyHandle, KEY_QUERY_VALUE,
                                    KeyValueInformation, Length,
                                    ResultLength, &key);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    value = CmpFindValue(key, ValueName);
    if (value == NULL) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    return CmpValueInformation(value, KeyValueInformationClass,
                               KeyValueInformation, Length, ResultLength);
}

NTSTATUS NTAPI ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
                                   KEY_VALUE_INFORMATION_CLASS
                                       KeyValueInformationClass,
                                   PVOID KeyValueInformation, ULONG Length,
                                   PULONG ResultLength)
{
    PLIST_ENTRY entry;
    NTSTATUS status = CmpEnumerationEntry(KeyHandle, KEY_QUERY_VALUE,
                                          KeyValueInformation, Length,
                                          ResultLength, TRUE, Index, &entry);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    return CmpValueInformation(CONTAINING_RECORD(entry, CM_VALUE, Link),
                               KeyValueInformationClass, KeyValueInformation,
                               Length, ResultLength);
}

NTSTATUS NTAPI ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                             ULONG TitleIndex, ULONG Type, PVOID Data,
                             ULONG DataSize)
{
    ULONG bytes = ValueName == NULL ? 0 : ValueName->Length;
    CM_VALUE *old;
    CM_VALUE *value;
    CM_KEY *key;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(TitleIndex);
    status = CmpKeyFromHandle(KeyHandle, KEY_SET_VALUE, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (bytes >= CM_NAME_CHARS * sizeof(WCHAR) ||
        (DataSize != 0 && Data == NULL)) {
        return STATUS_INVALID_PARAMETER;
    }
    value = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*value) + DataSize,
                               CM_VALUE_TAG);
    if (value == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (bytes != 0) {
        RtlCopyMemory(value->Name, ValueName->Buffer, bytes);
    }
    value->NameLength = (USHORT)bytes;
    value->Type = Type;
    value->DataSize = DataSize;
    if (DataSize != 0) {
        RtlCopyMemory(value->Data, Data, DataSize);
    }
    old = CmpFindValue(key, ValueName);
    if (old != NULL) {
        /* a replaced value keeps its place in the enumeration order */
        InsertHeadList(&old->Link, &value->Link);
        RemoveEntryList(&old->Link);
        ExFreePoolWithTag(old, CM_VALUE_TAG);
    } else {
        InsertTailList(&key->Values, &value->Link);
    }
    CmpTouch(key);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName)
{
    CM_KEY *key;
    NTSTATUS status;

    PAGED_CODE();
    status = CmpKeyFromHandle(KeyHandle, KEY_SET_VALUE, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return CmpDeleteValue(key, ValueName);
}

/* KEY_FULL_INFORMATION's counts and maxima over Key's sub-keys and
 * values. */
static VOID CmpKeyFullCounts(CM_KEY *Key, PKEY_FULL_INFORMATION Info)
{
    PLIST_ENTRY entry;

    for (entry = Key->Children.Flink; entry != &Key->Children;
         entry = entry->Flink) {
        CM_KEY *child = CONTAINING_RECORD(entry, CM_KEY, Link);

        Info->SubKeys++;
        Info->MaxNameLen = max(Info->MaxNameLen, (ULONG)child->NameLength);
    }
    for (entry = Key->Values.Flink; entry != &Key->Values;
         entry = entry->Flink) {
        CM_VALUE *value = CONTAINING_RECORD(entry, CM_VALUE, Link);

        Info->Values++;
        Info->MaxValueNameLen = max(Info->MaxValueNameLen,
                                    (ULONG)value->NameLength);
        Info->MaxValueDataLen = max(Info->MaxValueDataLen, value->DataSize);
    }
}

/* As CmpValueInformation. Keys have no class: ClassLength 0
 * (KeyNodeInformation's ClassOffset 0xFFFFFFFF). Names are the key's own,
 * not its path. */
static NTSTATUS CmpKeyInformation(CM_KEY *Key, KEY_INFORMATION_CLASS Class,
                                  PVOID Information, ULONG Length,
                                  PULONG ResultLength)
{
    union {
        KEY_BASIC_INFORMATION Basic;
        KEY_NODE_INFORMATION Node;
        KEY_FULL_INFORMATION Full;
    } info;
    ULONG nameBytes = Key->NameLength;
    ULONG fixed;

    RtlZeroMemory(&info, sizeof(info));
    switch (Class) {
    case KeyBasicInformation:
        fixed = FIELD_OFFSET(KEY_BASIC_INFORMATION, Name);
        info.Basic.LastWriteTime = Key->LastWriteTime;
        info.Basic.NameLength = nameBytes;
        break;
    case KeyNodeInformation:
        fixed = FIELD_OFFSET(KEY_NODE_INFORMATION, Name);
        info.Node.LastWriteTime = Key->LastWriteTime;
        info.Node.ClassOffset = 0xFFFFFFFFu;
        info.Node.NameLength = nameBytes;
        break;
    case KeyFullInformation:
        fixed = FIELD_OFFSET(KEY_FULL_INFORMATION, Class);
        info.Full.LastWriteTime = Key->LastWriteTime;
        info.Full.ClassOffset = fixed;
        CmpKeyFullCounts(Key, &info.Full);
        nameBytes = 0;  /* no name, and the class is empty */
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    *ResultLength = fixed + nameBytes;
    if (Length < fixed) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlCopyMemory(Information, &info, fixed);
    RtlCopyMemory((PUCHAR)Information + fixed, Key->Name,
                  min(nameBytes, Length - fixed));
    return Length < fixed + nameBytes ? STATUS_BUFFER_OVERFLOW
                                      : STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwQueryKey(HANDLE KeyHandle,
                          KEY_INFORMATION_CLASS KeyInformationClass,
                          PVOID KeyInformation, ULONG Length,
                          PULONG ResultLength)
{
    CM_KEY *key;
    NTSTATUS status = CmpQueryKeyOf(KeyHandle, KEY_QUERY_VALUE,
                                    KeyInformation, Length, ResultLength,
                                    &key);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    return CmpKeyInformation(key, KeyInformationClass, KeyInformation,
                             Length, ResultLength);
}

NTSTATUS NTAPI ZwEnumerateKey(HANDLE KeyHandle, ULONG Index,
                              KEY_INFORMATION_CLASS KeyInformationClass,
                              PVOID KeyInformation, ULONG Length,
                              PULONG ResultLength)
{
    PLIST_ENTRY entry;
    NTSTATUS status = CmpEnumerationEntry(KeyHandle, KEY_ENUMERATE_SUB_KEYS,
                                          KeyInformation, Length,
                                          ResultLength, FALSE, Index, &entry);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    return CmpKeyInformation(CONTAINING_RECORD(entry, CM_KEY, Link),
                             KeyInformationClass, KeyInformation, Length,
                             ResultLength);
}

NTSTATUS NTAPI ZwDeleteKey(HANDLE KeyHandle)
{
    CM_KEY *key;
    CM_KEY *parent;
    NTSTATUS status;

    PAGED_CODE();
    status = CmpKeyFromHandle(KeyHandle, DELETE, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (key->Static || !IsListEmpty(&key->Children)) {
        return STATUS_CANNOT_DELETE;
    }
    parent = key->Parent;
    CmpDeleteTree(key);
    CmpTouch(parent);
    return STATUS_SUCCESS;
}

/* Nothing is written anywhere: flushing only checks the handle. */
NTSTATUS NTAPI ZwFlushKey(HANDLE KeyHandle)
{
    CM_KEY *key;

    PAGED_CODE();
    return CmpKeyFromHandle(KeyHandle, 0, &key);
}
