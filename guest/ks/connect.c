/* SPDX-License-Identifier: MIT */
/*
 * Pin-create requests: the file name carries KSSTRING_Pin, a backslash, then
 * the raw bytes of KSPIN_CONNECT and its KSDATAFORMAT (ksuser's layout). The
 * bytes are unaligned inside the name, so they are copied out.
 */
#include "ksp.h"

static const WCHAR KspPinName[] = KSSTRING_Pin;
#define KSP_PIN_NAME_CHARS (RTL_NUMBER_OF(KspPinName) - 1)

/* Characters before the binary part, or 0 if Name is not a pin create. */
static ULONG KspPinPrefixChars(PCUNICODE_STRING Name)
{
    ULONG chars = Name->Length / sizeof(WCHAR);
    ULONG skip = 0;
    ULONG i;

    if (chars != 0 && Name->Buffer[0] == L'\\') {
        skip = 1;
    }
    if (chars < skip + KSP_PIN_NAME_CHARS + 1) {
        return 0;
    }
    for (i = 0; i < KSP_PIN_NAME_CHARS; i++) {
        WCHAR a = Name->Buffer[skip + i];
        WCHAR b = KspPinName[i];

        if (a >= L'a' && a <= L'z') {
            a = (WCHAR)(a - L'a' + L'A');
        }
        if (b >= L'a' && b <= L'z') {
            b = (WCHAR)(b - L'a' + L'A');
        }
        if (a != b) {
            return 0;
        }
    }
    if (Name->Buffer[skip + KSP_PIN_NAME_CHARS] != L'\\') {
        return 0;
    }
    return skip + KSP_PIN_NAME_CHARS + 1;
}

BOOLEAN KspIsPinCreateName(PCUNICODE_STRING FileName)
{
    return FileName->Buffer != NULL && KspPinPrefixChars(FileName) != 0;
}

NTSTATUS KspParsePinCreateName(PCUNICODE_STRING FileName,
                               PKSPIN_CONNECT *Connect,
                               PKSDATAFORMAT *Format, PULONG FormatSize)
{
    ULONG prefix = KspPinPrefixChars(FileName);
    const UCHAR *bytes;
    ULONG length;
    KSDATAFORMAT header;
    PKSPIN_CONNECT connect;
    PKSDATAFORMAT format;

    *Connect = NULL;
    *Format = NULL;
    *FormatSize = 0;
    if (prefix == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    bytes = (const UCHAR *)(FileName->Buffer + prefix);
    length = FileName->Length - prefix * sizeof(WCHAR);
    if (length < sizeof(KSPIN_CONNECT) + sizeof(KSDATAFORMAT)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(&header, bytes + sizeof(KSPIN_CONNECT), sizeof(header));
    if (header.FormatSize < sizeof(KSDATAFORMAT) ||
        header.FormatSize > length - sizeof(KSPIN_CONNECT)) {
        return STATUS_INVALID_PARAMETER;
    }
    connect = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*connect),
                                    KSP_POOL_TAG);
    format = ExAllocatePoolWithTag(NonPagedPoolNx, header.FormatSize,
                                   KSP_POOL_TAG);
    if (connect == NULL || format == NULL) {
        if (connect != NULL) {
            ExFreePoolWithTag(connect, KSP_POOL_TAG);
        }
        if (format != NULL) {
            ExFreePoolWithTag(format, KSP_POOL_TAG);
        }
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(connect, bytes, sizeof(*connect));
    RtlCopyMemory(format, bytes + sizeof(KSPIN_CONNECT), header.FormatSize);
    *Connect = connect;
    *Format = format;
    *FormatSize = header.FormatSize;
    return STATUS_SUCCESS;
}
