/* SPDX-License-Identifier: MIT */
/*
 * The C library's wide-string routines and the Rtl conversions between
 * counted strings and integers. WCHAR is wchar_t (-fshort-wchar). Case
 * folding is ASCII only (Deviation: Windows folds all of Unicode). Any
 * IRQL; nothing allocates.
 */
#include "ki.h"

static wchar_t RtlpFold(wchar_t c)
{
    return (c >= L'a' && c <= L'z') ? (wchar_t)(c - L'a' + L'A') : c;
}

size_t wcsnlen(const wchar_t *s, size_t maxlen)
{
    size_t n = 0;

    while (n < maxlen && s[n] != 0) {
        n++;
    }
    return n;
}

size_t wcslen(const wchar_t *s)
{
    return wcsnlen(s, (size_t)-1);
}

wchar_t *wcsncpy(wchar_t *dest, const wchar_t *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i] != 0; i++) {
        dest[i] = src[i];
    }
    /* as strncpy: the rest of n is zero-filled, no terminator if full */
    for (; i < n; i++) {
        dest[i] = 0;
    }
    return dest;
}

wchar_t *wcsncat(wchar_t *dest, const wchar_t *src, size_t n)
{
    wchar_t *end = dest + wcslen(dest);
    size_t i = 0;

    for (; i < n && src[i] != 0; i++) {
        end[i] = src[i];
    }
    end[i] = 0;
    return dest;
}

wchar_t *wcscpy(wchar_t *dest, const wchar_t *src)
{
    size_t n = wcslen(src);

    RtlMoveMemory(dest, src, (n + 1) * sizeof(wchar_t));
    return dest;
}

wchar_t *wcscat(wchar_t *dest, const wchar_t *src)
{
    wcscpy(dest + wcslen(dest), src);
    return dest;
}

/* Compares at most n characters, folded when Fold. */
static int RtlpWcsCompare(const wchar_t *s1, const wchar_t *s2, size_t n,
                          BOOLEAN Fold)
{
    for (size_t i = 0; i < n; i++) {
        wchar_t a = Fold ? RtlpFold(s1[i]) : s1[i];
        wchar_t b = Fold ? RtlpFold(s2[i]) : s2[i];

        if (a != b) {
            return (int)(unsigned short)a - (int)(unsigned short)b;
        }
        if (a == 0) {
            break;
        }
    }
    return 0;
}

int wcscmp(const wchar_t *s1, const wchar_t *s2)
{
    return RtlpWcsCompare(s1, s2, (size_t)-1, FALSE);
}

int wcsncmp(const wchar_t *s1, const wchar_t *s2, size_t n)
{
    return RtlpWcsCompare(s1, s2, n, FALSE);
}

int _wcsicmp(const wchar_t *s1, const wchar_t *s2)
{
    return RtlpWcsCompare(s1, s2, (size_t)-1, TRUE);
}

int _wcsnicmp(const wchar_t *s1, const wchar_t *s2, size_t n)
{
    return RtlpWcsCompare(s1, s2, n, TRUE);
}

/* The terminator counts as part of the string (c == 0 finds it). */
wchar_t *wcschr(const wchar_t *s, wchar_t c)
{
    for (;; s++) {
        if (*s == c) {
            return (wchar_t *)s;
        }
        if (*s == 0) {
            return NULL;
        }
    }
}

wchar_t *wcsrchr(const wchar_t *s, wchar_t c)
{
    const wchar_t *found = NULL;

    for (;; s++) {
        if (*s == c) {
            found = s;
        }
        if (*s == 0) {
            return (wchar_t *)found;
        }
    }
}

wchar_t *wcsstr(const wchar_t *haystack, const wchar_t *needle)
{
    size_t n = wcslen(needle);

    for (; *haystack != 0 || n == 0; haystack++) {
        if (RtlpWcsCompare(haystack, needle, n, FALSE) == 0) {
            return (wchar_t *)haystack;
        }
    }
    return NULL;
}

WCHAR NTAPI RtlUpcaseUnicodeChar(WCHAR SourceCharacter)
{
    return RtlpFold(SourceCharacter);
}

BOOLEAN NTAPI RtlPrefixUnicodeString(PCUNICODE_STRING String1,
                                     PCUNICODE_STRING String2,
                                     BOOLEAN CaseInSensitive)
{
    USHORT chars = String1->Length / sizeof(WCHAR);

    if (String1->Length > String2->Length) {
        return FALSE;
    }
    for (USHORT i = 0; i < chars; i++) {
        WCHAR a = String1->Buffer[i];
        WCHAR b = String2->Buffer[i];

        if (CaseInSensitive) {
            a = RtlpFold(a);
            b = RtlpFold(b);
        }
        if (a != b) {
            return FALSE;
        }
    }
    return TRUE;
}

static ULONG RtlpDigit(WCHAR c)
{
    if (c >= L'0' && c <= L'9') {
        return (ULONG)(c - L'0');
    }
    c = RtlpFold(c);
    if (c >= L'A' && c <= L'Z') {
        return (ULONG)(c - L'A' + 10);
    }
    return 36;
}

/* Leading blanks, a sign, then digits until the first that is not one of
 * Base's; the value wraps at 32 bits, as Windows' does. */
NTSTATUS NTAPI RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base,
                                         PULONG Value)
{
    USHORT chars = String->Length / sizeof(WCHAR);
    USHORT i = 0;
    BOOLEAN negative = FALSE;
    ULONG result = 0;

    while (i < chars && String->Buffer[i] <= L' ') {
        i++;
    }
    if (i < chars && (L'-' == String->Buffer[i] ||
                      L'+' == String->Buffer[i])) {
        negative = L'-' == String->Buffer[i];
        i++;
    }
    if (Base == 0) {
        Base = 10;
        if (i + 1 < chars && L'0' == String->Buffer[i]) {
            WCHAR p = String->Buffer[i + 1];

            Base = L'x' == p ? 16 : L'o' == p ? 8 : L'b' == p ? 2 : 10;
            if (Base != 10) {
                i += 2;
            }
        }
    } else if (Base != 2 && Base != 8 && Base != 10 && Base != 16) {
        return STATUS_INVALID_PARAMETER;
    }
    for (; i < chars && RtlpDigit(String->Buffer[i]) < Base; i++) {
        result = result * Base + RtlpDigit(String->Buffer[i]);
    }
    *Value = negative ? (ULONG)(0u - result) : result;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI RtlIntegerToUnicodeString(ULONG Value, ULONG Base,
                                         PUNICODE_STRING String)
{
    WCHAR digits[33];
    ULONG n = 0;

    if (Base == 0) {
        Base = 10;
    }
    if (Base != 2 && Base != 8 && Base != 10 && Base != 16) {
        return STATUS_INVALID_PARAMETER;
    }
    do {
        ULONG d = Value % Base;

        digits[n++] = (WCHAR)(d < 10 ? L'0' + d : L'A' + d - 10);
        Value /= Base;
    } while (Value != 0);
    if (n * sizeof(WCHAR) > String->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (ULONG i = 0; i < n; i++) {
        String->Buffer[i] = digits[n - 1 - i];
    }
    String->Length = (USHORT)(n * sizeof(WCHAR));
    if (String->Length + sizeof(WCHAR) <= String->MaximumLength) {
        String->Buffer[n] = 0;
    }
    return STATUS_SUCCESS;
}
