/* SPDX-License-Identifier: MIT */
/*
 * RtlQueryRegistryValues over the runtime's registry (registry.c): the
 * query table walked as its DDI page describes, against a key named by a
 * handle or by a path relative to one of the RTL_REGISTRY_* roots.
 * PASSIVE_LEVEL.
 */
#include "cm.h"
#include "ki.h"

#define RTL_STRING_TAG 'rtSU'  /* "UStr": DIRECT strings, as rtl.c's */
#define RTLP_REGISTRY_PATH_CHARS 512u

/* Bytes of a default string value given with DefaultLength 0. */
static ULONG RtlpDefaultLength(ULONG Type, PCWSTR Data)
{
    SIZE_T n = 0;

    if (Type == REG_SZ || Type == REG_EXPAND_SZ) {
        n = wcslen(Data) + 1;
    } else if (Type == REG_MULTI_SZ) {
        while (Data[n] != 0) {
            n += wcslen(Data + n) + 1;
        }
        n++;
    }
    return (ULONG)(n * sizeof(WCHAR));
}

/* DIRECT: strings into a UNICODE_STRING, small values in place, larger ones
 * into a buffer led by its signed size (negative: data only). */
static NTSTATUS RtlpStoreDirect(ULONG Type, PVOID Data, ULONG Length,
                                PVOID EntryContext)
{
    if (Type == REG_SZ || Type == REG_EXPAND_SZ || Type == REG_MULTI_SZ) {
        PUNICODE_STRING out = EntryContext;
        ULONG bytes = Length;

        if (bytes >= sizeof(WCHAR) &&
            ((PCWSTR)Data)[bytes / sizeof(WCHAR) - 1] == 0) {
            bytes -= sizeof(WCHAR);
        }
        if (bytes + sizeof(WCHAR) > 0xffff) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        if (out->Buffer == NULL) {
            out->Buffer = ExAllocatePoolWithTag(PagedPool,
                                                bytes + sizeof(WCHAR),
                                                RTL_STRING_TAG);
            if (out->Buffer == NULL) {
                return STATUS_NO_MEMORY;
            }
            out->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
        } else if (out->MaximumLength < bytes + sizeof(WCHAR)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        RtlCopyMemory(out->Buffer, Data, bytes);
        out->Buffer[bytes / sizeof(WCHAR)] = 0;
        out->Length = (USHORT)bytes;
        return STATUS_SUCCESS;
    }
    if (Length <= sizeof(ULONG)) {
        RtlCopyMemory(EntryContext, Data, Length);
        return STATUS_SUCCESS;
    }
    {
        LONG size = *(PLONG)EntryContext;
        PULONG header = EntryContext;

        if (size < 0) {
            if ((ULONG)-size < Length) {
                return STATUS_BUFFER_TOO_SMALL;
            }
            RtlCopyMemory(EntryContext, Data, Length);
            return STATUS_SUCCESS;
        }
        if ((ULONG)size < 2 * sizeof(ULONG) + Length) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        header[0] = Length;
        header[1] = Type;
        RtlCopyMemory(header + 2, Data, Length);
        return STATUS_SUCCESS;
    }
}

/* Hands one value (or default) to the entry: DIRECT store or QueryRoutine,
 * a REG_MULTI_SZ string by string unless NOEXPAND. */
static NTSTATUS RtlpDeliver(PRTL_QUERY_REGISTRY_TABLE Entry, PWSTR Name,
                            ULONG Type, PVOID Data, ULONG Length,
                            PVOID Context)
{
    ULONG want = (Entry->Flags & RTL_QUERY_REGISTRY_TYPECHECK_MASK) >>
                 RTL_QUERY_REGISTRY_TYPECHECK_SHIFT;
    PCWSTR s = Data;
    NTSTATUS status = STATUS_SUCCESS;

    if ((Entry->Flags & RTL_QUERY_REGISTRY_TYPECHECK) != 0 && want != Type) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if ((Entry->Flags & RTL_QUERY_REGISTRY_DIRECT) != 0) {
        return RtlpStoreDirect(Type, Data, Length, Entry->EntryContext);
    }
    /* Windows hands REG_EXPAND_SZ over expanded, as REG_SZ. */
    if (Type == REG_EXPAND_SZ &&
        (Entry->Flags & RTL_QUERY_REGISTRY_NOEXPAND) == 0) {
        Type = REG_SZ;
    }
    if (Type != REG_MULTI_SZ ||
        (Entry->Flags & RTL_QUERY_REGISTRY_NOEXPAND) != 0) {
        return Entry->QueryRoutine(Name, Type, Data, Length, Context,
                                   Entry->EntryContext);
    }
    while (NT_SUCCESS(status) && (PCUCHAR)s < (PCUCHAR)Data + Length &&
           *s != 0) {
        ULONG chars = (ULONG)wcslen(s) + 1;

        status = Entry->QueryRoutine(Name, REG_SZ, (PVOID)s,
                                     chars * sizeof(WCHAR), Context,
                                     Entry->EntryContext);
        s += chars;
    }
    return status;
}

/* Finds Name among Key's values. */
static BOOLEAN RtlpFindValue(CM_KEY *Key, PCWSTR Name, PULONG Type,
                             PVOID *Data, PULONG Length)
{
    UNICODE_STRING want;
    UNICODE_STRING have;

    RtlInitUnicodeString(&want, Name);
    for (ULONG i = 0;
         NT_SUCCESS(CmpEnumerateValue(Key, i, &have, Type, Data, Length));
         i++) {
        if (RtlEqualUnicodeString(&have, &want, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* One table entry that names a value (or, with a NULL Name, all values). */
static NTSTATUS RtlpQueryEntry(CM_KEY *Key,
                               PRTL_QUERY_REGISTRY_TABLE Entry, PVOID Context)
{
    UNICODE_STRING name;
    ULONG type;
    PVOID data;
    ULONG length;
    NTSTATUS status;

    if (Entry->Name == NULL) {
        ULONG i = 0;

        for (; NT_SUCCESS(CmpEnumerateValue(Key, i, &name, &type, &data,
                                            &length));
             i++) {
            WCHAR copy[64];
            ULONG chars = min(name.Length / sizeof(WCHAR),
                              RTL_NUMBER_OF(copy) - 1);

            RtlCopyMemory(copy, name.Buffer, chars * sizeof(WCHAR));
            copy[chars] = 0;
            status = RtlpDeliver(Entry, copy, type, data, length, Context);
            if (!NT_SUCCESS(status)) {
                return status;
            }
        }
        /* A key without values: REQUIRED fails, NOVALUE still calls once. */
        if (i == 0 && (Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED) != 0) {
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        if (i == 0 && (Entry->Flags & RTL_QUERY_REGISTRY_NOVALUE) != 0) {
            return Entry->QueryRoutine(NULL, REG_NONE, NULL, 0, Context,
                                       Entry->EntryContext);
        }
        return STATUS_SUCCESS;
    }
    if (RtlpFindValue(Key, Entry->Name, &type, &data, &length)) {
        status = RtlpDeliver(Entry, Entry->Name, type, data, length, Context);
        if (NT_SUCCESS(status) &&
            (Entry->Flags & RTL_QUERY_REGISTRY_DELETE) != 0) {
            RtlInitUnicodeString(&name, Entry->Name);
            CmpDeleteValue(Key, &name);
        }
        return status;
    }
    if ((Entry->Flags & RTL_QUERY_REGISTRY_REQUIRED) != 0) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    if (Entry->DefaultType == REG_NONE) {
        return STATUS_SUCCESS;
    }
    length = Entry->DefaultLength;
    if (length == 0) {
        length = RtlpDefaultLength(Entry->DefaultType, Entry->DefaultData);
    }
    return RtlpDeliver(Entry, Entry->Name, Entry->DefaultType,
                       Entry->DefaultData, length, Context);
}

/* The key RelativeTo and Path name, as the DDI page lists them. */
static NTSTATUS RtlpOpenQueryKey(ULONG RelativeTo, PCWSTR Path,
                                 CM_KEY **Key)
{
    static const PCWSTR bases[RTL_REGISTRY_MAXIMUM] = {
        [RTL_REGISTRY_ABSOLUTE] = L"",
        [RTL_REGISTRY_SERVICES] =
            L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\",
        [RTL_REGISTRY_CONTROL] =
            L"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\",
        [RTL_REGISTRY_WINDOWS_NT] =
            L"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\"
            L"CurrentVersion\\",
        [RTL_REGISTRY_DEVICEMAP] = L"\\Registry\\Machine\\Hardware\\"
                                   L"DeviceMap\\",
        [RTL_REGISTRY_USER] = L"\\Registry\\User\\.Default\\",
    };
    ULONG relative = RelativeTo & ~(ULONG)RTL_REGISTRY_OPTIONAL;
    WCHAR buffer[RTLP_REGISTRY_PATH_CHARS];
    UNICODE_STRING path = { 0, sizeof(buffer), buffer };
    ULONG disposition;

    if ((relative & RTL_REGISTRY_HANDLE) != 0) {
        return CmpKeyFromHandle((HANDLE)Path, KEY_QUERY_VALUE, Key);
    }
    if (relative >= RTL_REGISTRY_MAXIMUM || Path == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    buffer[0] = 0;
    if (!NT_SUCCESS(RtlAppendUnicodeToString(&path, bases[relative])) ||
        !NT_SUCCESS(RtlAppendUnicodeToString(&path, Path))) {
        return STATUS_NAME_TOO_LONG;
    }
    return CmpWalk(NULL, &path, FALSE, FALSE, NULL, Key, &disposition);
}

NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
                                      PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                      PVOID Context, PVOID Environment)
{
    CM_KEY *top;
    CM_KEY *key;
    PRTL_QUERY_REGISTRY_TABLE entry;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Environment);
    status = RtlpOpenQueryKey(RelativeTo, Path, &top);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND &&
        (RelativeTo & RTL_REGISTRY_OPTIONAL) != 0) {
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    key = top;
    for (entry = QueryTable;
         entry->QueryRoutine != NULL || entry->Name != NULL; entry++) {
        status = STATUS_SUCCESS;
        if ((entry->Flags & RTL_QUERY_REGISTRY_TOPKEY) != 0) {
            key = top;
        }
        if ((entry->Flags & RTL_QUERY_REGISTRY_SUBKEY) != 0) {
            UNICODE_STRING name;
            ULONG disposition;

            key = top;
            if (entry->Name != NULL) {
                RtlInitUnicodeString(&name, entry->Name);
                status = CmpWalk(top, &name, FALSE, FALSE, NULL, &key,
                                 &disposition);
            }
        } else if (entry->QueryRoutine == NULL &&
                   (entry->Flags & RTL_QUERY_REGISTRY_DIRECT) == 0) {
            status = STATUS_INVALID_PARAMETER;
        } else {
            status = RtlpQueryEntry(key, entry, Context);
        }
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}
