/* SPDX-License-Identifier: MIT */
/*
 * Run-time library: counted strings, GUID text, bounded printf. Pure
 * functions, callable at any IRQL except those that allocate (PASSIVE for
 * paged results, as on Windows).
 */
#include "fmt.h"
#include "ki.h"
#include "msvarargs.h"

#define RTL_STRING_TAG 'rtSU'  /* "UStr" */

static SIZE_T RtlpWcsLen(PCWSTR s)
{
    SIZE_T n = 0;

    while (s[n] != 0) {
        n++;
    }
    return n;
}

SIZE_T NTAPI RtlCompareMemory(const VOID *Source1, const VOID *Source2,
                              SIZE_T Length)
{
    const UCHAR *a = Source1;
    const UCHAR *b = Source2;
    SIZE_T i = 0;

    while (i < Length && a[i] == b[i]) {
        i++;
    }
    return i;
}

VOID NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString,
                                PCWSTR SourceString)
{
    SIZE_T n = 0;

    if (SourceString) {
        while (SourceString[n]) {
            n++;
        }
    }
    DestinationString->Buffer = (PWSTR)SourceString;
    DestinationString->Length = (USHORT)(n * sizeof(WCHAR));
    DestinationString->MaximumLength =
        SourceString ? (USHORT)((n + 1) * sizeof(WCHAR)) : 0;
}

VOID NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString)
{
    SIZE_T n = 0;

    if (SourceString) {
        while (SourceString[n]) {
            n++;
        }
    }
    DestinationString->Buffer = (PCHAR)SourceString;
    DestinationString->Length = (USHORT)n;
    DestinationString->MaximumLength = SourceString ? (USHORT)(n + 1) : 0;
}

VOID NTAPI RtlCopyUnicodeString(PUNICODE_STRING DestinationString,
                                PCUNICODE_STRING SourceString)
{
    USHORT n;

    if (!SourceString) {
        DestinationString->Length = 0;
        return;
    }
    n = min(SourceString->Length, DestinationString->MaximumLength);
    RtlCopyMemory(DestinationString->Buffer, SourceString->Buffer, n);
    DestinationString->Length = n;
    if (n + sizeof(WCHAR) <= DestinationString->MaximumLength) {
        DestinationString->Buffer[n / sizeof(WCHAR)] = 0;
    }
}

NTSTATUS NTAPI RtlAppendUnicodeStringToString(PUNICODE_STRING Destination,
                                              PCUNICODE_STRING Source)
{
    ULONG total = (ULONG)Destination->Length + Source->Length;

    if (total > Destination->MaximumLength) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    RtlMoveMemory((PUCHAR)Destination->Buffer + Destination->Length,
                  Source->Buffer, Source->Length);
    Destination->Length = (USHORT)total;
    if (total + sizeof(WCHAR) <= Destination->MaximumLength) {
        Destination->Buffer[total / sizeof(WCHAR)] = 0;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlAppendUnicodeToString(PUNICODE_STRING Destination,
                                        PCWSTR Source)
{
    UNICODE_STRING s;

    RtlInitUnicodeString(&s, Source);
    return RtlAppendUnicodeStringToString(Destination, &s);
}

static WCHAR RtlpUpcase(WCHAR c)
{
    return (c >= 'a' && c <= 'z') ? (WCHAR)(c - 'a' + 'A') : c;
}

LONG NTAPI RtlCompareUnicodeString(PCUNICODE_STRING String1,
                                   PCUNICODE_STRING String2,
                                   BOOLEAN CaseInSensitive)
{
    USHORT n1 = String1->Length / sizeof(WCHAR);
    USHORT n2 = String2->Length / sizeof(WCHAR);

    for (USHORT i = 0; i < n1 && i < n2; i++) {
        WCHAR a = String1->Buffer[i];
        WCHAR b = String2->Buffer[i];

        if (CaseInSensitive) {
            a = RtlpUpcase(a);
            b = RtlpUpcase(b);
        }
        if (a != b) {
            return (LONG)a - (LONG)b;
        }
    }
    return (LONG)n1 - (LONG)n2;
}

BOOLEAN NTAPI RtlEqualUnicodeString(PCUNICODE_STRING String1,
                                    PCUNICODE_STRING String2,
                                    BOOLEAN CaseInSensitive)
{
    return String1->Length == String2->Length &&
           RtlCompareUnicodeString(String1, String2, CaseInSensitive) == 0;
}

NTSTATUS NTAPI RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString)
{
    char text[40];
    int n = fmt_snprintf(text, sizeof(text),
                         "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                         Guid->Data1, Guid->Data2, Guid->Data3, Guid->Data4[0],
                         Guid->Data4[1], Guid->Data4[2], Guid->Data4[3],
                         Guid->Data4[4], Guid->Data4[5], Guid->Data4[6],
                         Guid->Data4[7]);
    PWCHAR buf = ExAllocatePoolWithTag(
        PagedPool, (SIZE_T)(n + 1) * sizeof(WCHAR), RTL_STRING_TAG);

    if (!buf) {
        return STATUS_NO_MEMORY;
    }
    for (int i = 0; i <= n; i++) {
        buf[i] = (WCHAR)text[i];
    }
    GuidString->Buffer = buf;
    GuidString->Length = (USHORT)(n * sizeof(WCHAR));
    GuidString->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
    return STATUS_SUCCESS;
}

static int RtlpHexDigit(WCHAR c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = RtlpUpcase(c);
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

NTSTATUS NTAPI RtlGUIDFromString(PCUNICODE_STRING GuidString, GUID *Guid)
{
    static const UCHAR groups[] = { 8, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2 };
    PCWSTR s = GuidString->Buffer;
    ULONGLONG values[RTL_NUMBER_OF(groups)];
    ULONG pos = 1;

    if (GuidString->Length != 38 * sizeof(WCHAR) || s[0] != '{' ||
        s[37] != '}') {
        return STATUS_INVALID_PARAMETER;
    }
    for (ULONG g = 0; g < RTL_NUMBER_OF(groups); g++) {
        values[g] = 0;
        for (ULONG i = 0; i < groups[g]; i++) {
            int d = RtlpHexDigit(s[pos++]);

            if (d < 0) {
                return STATUS_INVALID_PARAMETER;
            }
            values[g] = values[g] * 16 + (ULONG)d;
        }
        if ((g < 3 || g == 4) && s[pos++] != '-') {
            return STATUS_INVALID_PARAMETER;
        }
    }
    Guid->Data1 = (ULONG)values[0];
    Guid->Data2 = (USHORT)values[1];
    Guid->Data3 = (USHORT)values[2];
    for (ULONG i = 0; i < 8; i++) {
        Guid->Data4[i] = (UCHAR)values[3 + i];
    }
    return STATUS_SUCCESS;
}

VOID NTAPI RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
    if (UnicodeString->Buffer) {
        ExFreePool(UnicodeString->Buffer);
    }
    UnicodeString->Buffer = NULL;
    UnicodeString->Length = UnicodeString->MaximumLength = 0;
}

/* ---- ntstrsafe ---- */

#define RTLP_MAX_FORMAT 256

static NTSTATUS RtlpValidateCch(SIZE_T Cch)
{
    return Cch == 0 || Cch > NTSTRSAFE_MAX_CCH ? STATUS_INVALID_PARAMETER
                                               : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlStringCbPrintfA(PSTR pszDest, SIZE_T cbDest,
                                  PCSTR pszFormat, ...)
{
    va_list ap;
    int n;

    if (!NT_SUCCESS(RtlpValidateCch(cbDest))) {
        return STATUS_INVALID_PARAMETER;
    }
    {
        KI_MS_VA_START(ap, pszFormat);
        n = fmt_vsnprintf_nt(pszDest, cbDest, pszFormat, ap);
        KI_MS_VA_END(ap);
    }
    return (SIZE_T)n < cbDest ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}

NTSTATUS NTAPI RtlStringCbCopyA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc)
{
    SIZE_T i = 0;

    if (!NT_SUCCESS(RtlpValidateCch(cbDest))) {
        return STATUS_INVALID_PARAMETER;
    }
    for (; i + 1 < cbDest && pszSrc[i] != 0; i++) {
        pszDest[i] = pszSrc[i];
    }
    pszDest[i] = 0;
    return pszSrc[i] != 0 ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlStringCbLengthA(PCSTR psz, SIZE_T cbMax, PSIZE_T pcbLength)
{
    SIZE_T n = 0;

    if (psz != NULL && cbMax != 0 && cbMax <= NTSTRSAFE_MAX_CCH) {
        while (n < cbMax && psz[n] != 0) {
            n++;
        }
    }
    if (psz == NULL || n == cbMax) {
        if (pcbLength != NULL) {
            *pcbLength = 0;
        }
        return STATUS_INVALID_PARAMETER;
    }
    if (pcbLength != NULL) {
        *pcbLength = n;
    }
    return STATUS_SUCCESS;
}

/* Copies Src after Dest[0..At) within Cch characters, always terminated. */
static NTSTATUS RtlpCopyW(PWSTR Dest, SIZE_T Cch, SIZE_T At, PCWSTR Src)
{
    SIZE_T i = 0;

    for (; At + i + 1 < Cch && Src[i] != 0; i++) {
        Dest[At + i] = Src[i];
    }
    Dest[At + i] = 0;
    return Src[i] != 0 ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlStringCchCopyW(PWSTR pszDest, SIZE_T cchDest, PCWSTR pszSrc)
{
    if (!NT_SUCCESS(RtlpValidateCch(cchDest))) {
        return STATUS_INVALID_PARAMETER;
    }
    return RtlpCopyW(pszDest, cchDest, 0, pszSrc);
}

NTSTATUS NTAPI RtlStringCbCopyW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc)
{
    return RtlStringCchCopyW(pszDest, cbDest / sizeof(WCHAR), pszSrc);
}

NTSTATUS NTAPI RtlStringCchLengthW(PCWSTR psz, SIZE_T cchMax,
                                   PSIZE_T pcchLength)
{
    SIZE_T n = 0;

    if (psz != NULL && NT_SUCCESS(RtlpValidateCch(cchMax))) {
        while (n < cchMax && psz[n] != 0) {
            n++;
        }
    }
    if (psz == NULL || n == cchMax || !NT_SUCCESS(RtlpValidateCch(cchMax))) {
        if (pcchLength != NULL) {
            *pcchLength = 0;
        }
        return STATUS_INVALID_PARAMETER;
    }
    if (pcchLength != NULL) {
        *pcchLength = n;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlStringCbLengthW(PCWSTR psz, SIZE_T cbMax, PSIZE_T pcbLength)
{
    SIZE_T cch = 0;
    NTSTATUS status = RtlStringCchLengthW(psz, cbMax / sizeof(WCHAR), &cch);

    if (pcbLength != NULL) {
        *pcbLength = cch * sizeof(WCHAR);
    }
    return status;
}

NTSTATUS NTAPI RtlStringCchCatW(PWSTR pszDest, SIZE_T cchDest, PCWSTR pszSrc)
{
    SIZE_T length;

    if (!NT_SUCCESS(RtlStringCchLengthW(pszDest, cchDest, &length))) {
        return STATUS_INVALID_PARAMETER;
    }
    return RtlpCopyW(pszDest, cchDest, length, pszSrc);
}

NTSTATUS NTAPI RtlStringCbCatW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc)
{
    return RtlStringCchCatW(pszDest, cbDest / sizeof(WCHAR), pszSrc);
}

static NTSTATUS RtlpVPrintfW(PWSTR Dest, SIZE_T Cch, PCWSTR Format,
                             va_list Args)
{
    char format[RTLP_MAX_FORMAT];
    SIZE_T i = 0;
    int n;

    if (!NT_SUCCESS(RtlpValidateCch(Cch))) {
        return STATUS_INVALID_PARAMETER;
    }
    for (; Format[i] != 0; i++) {
        if (i + 1 == sizeof(format)) {
            Dest[0] = 0;
            return STATUS_INVALID_PARAMETER;
        }
        format[i] = Format[i] < 0x80 ? (char)Format[i] : '?';
    }
    format[i] = 0;
    n = fmt_vsnwprintf_nt(Dest, Cch, format, Args);
    return (SIZE_T)n < Cch ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}

NTSTATUS NTAPI RtlStringCchPrintfW(PWSTR pszDest, SIZE_T cchDest,
                                   PCWSTR pszFormat, ...)
{
    va_list ap;
    NTSTATUS status;
    KI_MS_VA_START(ap, pszFormat);

    status = RtlpVPrintfW(pszDest, cchDest, pszFormat, ap);
    KI_MS_VA_END(ap);
    return status;
}

NTSTATUS NTAPI RtlStringCbPrintfW(PWSTR pszDest, SIZE_T cbDest,
                                  PCWSTR pszFormat, ...)
{
    va_list ap;
    NTSTATUS status;
    KI_MS_VA_START(ap, pszFormat);

    status = RtlpVPrintfW(pszDest, cbDest / sizeof(WCHAR), pszFormat, ap);
    KI_MS_VA_END(ap);
    return status;
}

/* ---- RtlQueryRegistryValues ---- */

/* Bytes of a default string value given with DefaultLength 0. */
static ULONG RtlpDefaultLength(ULONG Type, PCWSTR Data)
{
    SIZE_T n = 0;

    if (Type == REG_SZ || Type == REG_EXPAND_SZ) {
        n = RtlpWcsLen(Data) + 1;
    } else if (Type == REG_MULTI_SZ) {
        while (Data[n] != 0) {
            n += RtlpWcsLen(Data + n) + 1;
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
        ULONG chars = (ULONG)RtlpWcsLen(s) + 1;

        status = Entry->QueryRoutine(Name, REG_SZ, (PVOID)s,
                                     chars * sizeof(WCHAR), Context,
                                     Entry->EntryContext);
        s += chars;
    }
    return status;
}

/* Finds Name among Key's values. */
static BOOLEAN RtlpFindValue(NT_REGISTRY_KEY *Key, PCWSTR Name, PULONG Type,
                             PVOID *Data, PULONG Length)
{
    UNICODE_STRING want;
    UNICODE_STRING have;

    RtlInitUnicodeString(&want, Name);
    for (ULONG i = 0;
         NT_SUCCESS(Key->Ops->EnumerateValue(Key, i, &have, Type, Data,
                                             Length));
         i++) {
        if (RtlEqualUnicodeString(&have, &want, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* One table entry that names a value (or, with a NULL Name, all values). */
static NTSTATUS RtlpQueryEntry(NT_REGISTRY_KEY *Key,
                               PRTL_QUERY_REGISTRY_TABLE Entry, PVOID Context)
{
    UNICODE_STRING name;
    ULONG type;
    PVOID data;
    ULONG length;
    NTSTATUS status;

    if (Entry->Name == NULL) {
        ULONG i = 0;

        for (; NT_SUCCESS(Key->Ops->EnumerateValue(Key, i, &name, &type, &data,
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
            Key->Ops->DeleteValue(Key, &name);
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

NTSTATUS NTAPI RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
                                      PRTL_QUERY_REGISTRY_TABLE QueryTable,
                                      PVOID Context, PVOID Environment)
{
    NT_REGISTRY_KEY *top = (NT_REGISTRY_KEY *)Path;
    NT_REGISTRY_KEY *key;
    PRTL_QUERY_REGISTRY_TABLE entry;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Environment);
    if ((RelativeTo & RTL_REGISTRY_HANDLE) == 0 || top == NULL ||
        top->Signature != NT_REGISTRY_KEY_SIGNATURE) {
        return (RelativeTo & RTL_REGISTRY_OPTIONAL) != 0
                   ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
    }
    key = top;
    for (entry = QueryTable;
         entry->QueryRoutine != NULL || entry->Name != NULL; entry++) {
        NTSTATUS status = STATUS_SUCCESS;

        if ((entry->Flags & RTL_QUERY_REGISTRY_TOPKEY) != 0) {
            key = top;
        }
        if ((entry->Flags & RTL_QUERY_REGISTRY_SUBKEY) != 0) {
            UNICODE_STRING name;

            key = top;
            if (entry->Name != NULL) {
                RtlInitUnicodeString(&name, entry->Name);
                status = top->Ops->OpenSubKey(top, &name, &key);
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
