/* SPDX-License-Identifier: MIT */
/*
 * <ntstrsafe.h>: the WDK's safe string routines, RtlStringCch* (sizes in
 * characters) and RtlStringCb* (sizes in bytes), narrow (A) and wide (W),
 * implemented in ntstrsafe.c and rtl.c. Every one is NTAPI, the V forms
 * included: their argList is the Windows x64 va_list (a pointer to 8-byte
 * argument slots; __builtin_ms_va_list), which is what a driver built with
 * -mabi=ms gets from va_start; code built for the System V runtime makes
 * one in an NTAPI variadic routine with __builtin_ms_va_start
 * (guest/nt/README.md, "Variadic routines").
 */
#ifndef NTSTRSAFE_H
#define NTSTRSAFE_H

#include "ntdef.h"
#include "ntstatus.h"

EXTERN_C_START

/*
 * ntstrsafe. A destination of 0 characters, or more than NTSTRSAFE_MAX_CCH,
 * is STATUS_INVALID_PARAMETER; so is a Cat destination with no terminator
 * within its size and a Length string longer than its maximum. Otherwise
 * the destination is always terminated; a result cut to fit returns
 * STATUS_BUFFER_OVERFLOW. Printf uses Windows' format semantics (DbgPrint);
 * in the W forms %s is a wide string and %hs a narrow one. Deviation: the
 * W Printf formats are at most 255 characters (else STATUS_INVALID_PARAMETER)
 * and non-ASCII characters print as '?'. The Printf forms are NTAPI variadic
 * routines (Windows x64 varargs, see msvarargs.h).
 */
#define NTSTRSAFE_MAX_CCH 2147483647
/* The most characters a UNICODE_STRING holds (its lengths are USHORTs). */
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767
NTSTATUS NTAPI RtlStringCbPrintfA(PSTR pszDest, SIZE_T cbDest,
                                  PCSTR pszFormat, ...);
NTSTATUS NTAPI RtlStringCbCopyA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCbLengthA(PCSTR psz, SIZE_T cbMax, PSIZE_T pcbLength);
NTSTATUS NTAPI RtlStringCchCopyW(PWSTR pszDest, SIZE_T cchDest, PCWSTR pszSrc);
NTSTATUS NTAPI RtlStringCbCopyW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc);
NTSTATUS NTAPI RtlStringCchCatW(PWSTR pszDest, SIZE_T cchDest, PCWSTR pszSrc);
NTSTATUS NTAPI RtlStringCbCatW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc);
NTSTATUS NTAPI RtlStringCchLengthW(PCWSTR psz, SIZE_T cchMax,
                                   PSIZE_T pcchLength);
NTSTATUS NTAPI RtlStringCbLengthW(PCWSTR psz, SIZE_T cbMax,
                                  PSIZE_T pcbLength);
NTSTATUS NTAPI RtlStringCchPrintfW(PWSTR pszDest, SIZE_T cchDest,
                                   PCWSTR pszFormat, ...);
NTSTATUS NTAPI RtlStringCbPrintfW(PWSTR pszDest, SIZE_T cbDest,
                                  PCWSTR pszFormat, ...);

/*
 * The rest of the Cch/Cb family, the same rules: the N forms copy or append
 * at most cchToCopy/cbToCopy of the source.
 */
NTSTATUS NTAPI RtlStringCchCopyA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCchCopyNA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc,
                                  SIZE_T cchToCopy);
NTSTATUS NTAPI RtlStringCbCopyNA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc,
                                 SIZE_T cbToCopy);
NTSTATUS NTAPI RtlStringCchCopyNW(PWSTR pszDest, SIZE_T cchDest,
                                  PCWSTR pszSrc, SIZE_T cchToCopy);
NTSTATUS NTAPI RtlStringCbCopyNW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc,
                                 SIZE_T cbToCopy);
NTSTATUS NTAPI RtlStringCchCatA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCbCatA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc);
NTSTATUS NTAPI RtlStringCchCatNA(PSTR pszDest, SIZE_T cchDest, PCSTR pszSrc,
                                 SIZE_T cchToAppend);
NTSTATUS NTAPI RtlStringCbCatNA(PSTR pszDest, SIZE_T cbDest, PCSTR pszSrc,
                                SIZE_T cbToAppend);
NTSTATUS NTAPI RtlStringCchCatNW(PWSTR pszDest, SIZE_T cchDest, PCWSTR pszSrc,
                                 SIZE_T cchToAppend);
NTSTATUS NTAPI RtlStringCbCatNW(PWSTR pszDest, SIZE_T cbDest, PCWSTR pszSrc,
                                SIZE_T cbToAppend);
NTSTATUS NTAPI RtlStringCchLengthA(PCSTR psz, SIZE_T cchMax,
                                   PSIZE_T pcchLength);
NTSTATUS NTAPI RtlStringCchPrintfA(PSTR pszDest, SIZE_T cchDest,
                                   PCSTR pszFormat, ...);
/*
 * The Printf forms with the caller's argument list; argList is left as the
 * caller passed it (read through a copy), so it may be used again.
 */
NTSTATUS NTAPI RtlStringCchVPrintfA(PSTR pszDest, SIZE_T cchDest,
                                    PCSTR pszFormat,
                                    __builtin_ms_va_list argList);
NTSTATUS NTAPI RtlStringCbVPrintfA(PSTR pszDest, SIZE_T cbDest,
                                   PCSTR pszFormat,
                                   __builtin_ms_va_list argList);
NTSTATUS NTAPI RtlStringCchVPrintfW(PWSTR pszDest, SIZE_T cchDest,
                                    PCWSTR pszFormat,
                                    __builtin_ms_va_list argList);
NTSTATUS NTAPI RtlStringCbVPrintfW(PWSTR pszDest, SIZE_T cbDest,
                                   PCWSTR pszFormat,
                                   __builtin_ms_va_list argList);

EXTERN_C_END

#endif /* NTSTRSAFE_H */
