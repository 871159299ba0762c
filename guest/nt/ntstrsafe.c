/* SPDX-License-Identifier: MIT */
/*
 * The ntstrsafe routines rtl.c does not have: the A forms, the N forms
 * (at most so many source characters) and VPrintf, with ntstrsafe's rules:
 * a destination of 0 or more than NTSTRSAFE_MAX_CCH characters is
 * STATUS_INVALID_PARAMETER, else it is always terminated and a cut result
 * is STATUS_BUFFER_OVERFLOW. Any IRQL (the Printf forms: as DbgPrint).
 */
#include "fmt.h"
#include "ki.h"
#include "msvarargs.h"

static BOOLEAN RtlpBadCch(SIZE_T Cch)
{
    return Cch == 0 || Cch > NTSTRSAFE_MAX_CCH;
}

/* Characters are Unit bytes wide (1: A forms, 2: W forms). */
static ULONG RtlpGet(const VOID *S, SIZE_T I, SIZE_T Unit)
{
    return Unit == 1 ? ((const UCHAR *)S)[I] : ((PCWSTR)S)[I];
}

static VOID RtlpSet(PVOID S, SIZE_T I, ULONG C, SIZE_T Unit)
{
    if (Unit == 1) {
        ((PUCHAR)S)[I] = (UCHAR)C;
    } else {
        ((PWSTR)S)[I] = (WCHAR)C;
    }
}

/* Puts at most Max characters of Src at Dest[At] (At < Cch). */
static NTSTATUS RtlpPut(PVOID Dest, SIZE_T Cch, SIZE_T At, const VOID *Src,
                        SIZE_T Max, SIZE_T Unit)
{
    SIZE_T i = 0;

    for (; i < Max && RtlpGet(Src, i, Unit) != 0; i++) {
        if (At + i + 1 == Cch) {
            RtlpSet(Dest, At + i, 0, Unit);
            return STATUS_BUFFER_OVERFLOW;
        }
        RtlpSet(Dest, At + i, RtlpGet(Src, i, Unit), Unit);
    }
    RtlpSet(Dest, At + i, 0, Unit);
    return STATUS_SUCCESS;
}

static NTSTATUS RtlpCopyN(PVOID Dest, SIZE_T Cch, const VOID *Src,
                          SIZE_T Max, SIZE_T Unit)
{
    if (RtlpBadCch(Cch)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Max > NTSTRSAFE_MAX_CCH) {
        RtlpSet(Dest, 0, 0, Unit);
        return STATUS_INVALID_PARAMETER;
    }
    return RtlpPut(Dest, Cch, 0, Src, Max, Unit);
}

/* A destination without a terminator in its Cch characters is invalid. */
static NTSTATUS RtlpCatN(PVOID Dest, SIZE_T Cch, const VOID *Src,
                         SIZE_T Max, SIZE_T Unit)
{
    SIZE_T length = 0;

    if (RtlpBadCch(Cch) || Max > NTSTRSAFE_MAX_CCH) {
        return STATUS_INVALID_PARAMETER;
    }
    while (length < Cch && RtlpGet(Dest, length, Unit) != 0) {
        length++;
    }
    if (length == Cch) {
        return STATUS_INVALID_PARAMETER;
    }
    return RtlpPut(Dest, Cch, length, Src, Max, Unit);
}

NTSTATUS NTAPI RtlStringCchCopyNA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc,
                                  SIZE_T cchToCopy)
{
    return RtlpCopyN(pszDest, cchDest, pszSrc, cchToCopy, 1);
}

NTSTATUS NTAPI RtlStringCchCopyA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc)
{
    return RtlpCopyN(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH, 1);
}

NTSTATUS NTAPI RtlStringCbCopyNA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc,
                                 SIZE_T cbToCopy)
{
    return RtlpCopyN(pszDest, cbDest, pszSrc, cbToCopy, 1);
}

NTSTATUS NTAPI RtlStringCchCopyNW(PWSTR pszDest, SIZE_T cchDest,
                                  PCWSTR pszSrc, SIZE_T cchToCopy)
{
    return RtlpCopyN(pszDest, cchDest, pszSrc, cchToCopy, sizeof(WCHAR));
}

NTSTATUS NTAPI RtlStringCbCopyNW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc,
                                 SIZE_T cbToCopy)
{
    return RtlpCopyN(pszDest, cbDest / sizeof(WCHAR), pszSrc,
                     cbToCopy / sizeof(WCHAR), sizeof(WCHAR));
}

NTSTATUS NTAPI RtlStringCchLengthA(PCSTR psz, SIZE_T cchMax,
                                   PSIZE_T pcchLength)
{
    return RtlStringCbLengthA(psz, cchMax, pcchLength);
}

NTSTATUS NTAPI RtlStringCchCatNA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc,
                                 SIZE_T cchToAppend)
{
    return RtlpCatN(pszDest, cchDest, pszSrc, cchToAppend, 1);
}

NTSTATUS NTAPI RtlStringCchCatA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc)
{
    return RtlpCatN(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH, 1);
}

NTSTATUS NTAPI RtlStringCbCatA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc)
{
    return RtlpCatN(pszDest, cbDest, pszSrc, NTSTRSAFE_MAX_CCH, 1);
}

NTSTATUS NTAPI RtlStringCbCatNA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc,
                                SIZE_T cbToAppend)
{
    return RtlpCatN(pszDest, cbDest, pszSrc, cbToAppend, 1);
}

NTSTATUS NTAPI RtlStringCchCatNW(PWSTR pszDest, SIZE_T cchDest, PCWSTR pszSrc,
                                 SIZE_T cchToAppend)
{
    return RtlpCatN(pszDest, cchDest, pszSrc, cchToAppend, sizeof(WCHAR));
}

NTSTATUS NTAPI RtlStringCbCatNW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc,
                                SIZE_T cbToAppend)
{
    return RtlpCatN(pszDest, cbDest / sizeof(WCHAR), pszSrc,
                    cbToAppend / sizeof(WCHAR), sizeof(WCHAR));
}

/* The formatter, on a System V va_list (the runtime's C one). */
static NTSTATUS RtlpVPrintfA(PSTR pszDest, SIZE_T cchDest, PCSTR pszFormat,
                             va_list argList)
{
    int n;

    if (RtlpBadCch(cchDest)) {
        return STATUS_INVALID_PARAMETER;
    }
    n = fmt_vsnprintf_nt(pszDest, cchDest, pszFormat, argList);
    return (SIZE_T)n < cchDest ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}

/* The public V forms take the Windows x64 list (ntstrsafe.h). */
NTSTATUS NTAPI RtlStringCchVPrintfA(PSTR pszDest, SIZE_T cchDest,
                                    PCSTR pszFormat,
                                    __builtin_ms_va_list argList)
{
    va_list ap;

    KiVaListFromMs(ap, argList);
    return RtlpVPrintfA(pszDest, cchDest, pszFormat, ap);
}

NTSTATUS NTAPI RtlStringCbVPrintfA(PSTR pszDest, SIZE_T cbDest,
                                   PCSTR pszFormat,
                                   __builtin_ms_va_list argList)
{
    return RtlStringCchVPrintfA(pszDest, cbDest, pszFormat, argList);
}

NTSTATUS NTAPI RtlStringCchPrintfA(PSTR pszDest, SIZE_T cchDest,
                                   PCSTR pszFormat, ...)
{
    va_list ap;
    NTSTATUS status;
    KI_MS_VA_START(ap, pszFormat);

    status = RtlpVPrintfA(pszDest, cchDest, pszFormat, ap);
    KI_MS_VA_END(ap);
    return status;
}

NTSTATUS NTAPI RtlStringCbVPrintfW(PWSTR pszDest, SIZE_T cbDest,
                                   PCWSTR pszFormat,
                                   __builtin_ms_va_list argList)
{
    return RtlStringCchVPrintfW(pszDest, cbDest / sizeof(WCHAR), pszFormat,
                                argList);
}
