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

/* The formatter, on a System V va_list (the runtime's C one). */
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

/* The public V form takes the Windows x64 list (ntstrsafe.h). */
NTSTATUS NTAPI RtlStringCchVPrintfW(PWSTR pszDest, SIZE_T cchDest,
                                    PCWSTR pszFormat,
                                    __builtin_ms_va_list argList)
{
    va_list ap;

    KiVaListFromMs(ap, argList);
    return RtlpVPrintfW(pszDest, cchDest, pszFormat, ap);
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
