/* SPDX-License-Identifier: MIT */
/*
 * The one printf engine of the guest (and of the host build of nt/, so that
 * both print the same bytes), in two dialects. fmt_vsnprintf: C99 on LP64;
 * %ls and %S read 16-bit WCHARs (the tree builds with -fshort-wchar).
 * fmt_vsnprintf_nt: Windows' (DbgPrint, ntstrsafe): %ld %lu %lx are 32 bits,
 * %lld %I64d %I64x 64 bits, %Iu %zu pointer-sized; %ws %ls %S wide strings,
 * %hs narrow; %wZ a UNICODE_STRING *, %Z an ANSI_STRING *; %C a WCHAR.
 * Both: fixed-point %f (no exponent form); non-ASCII WCHARs print as '?'.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* snprintf semantics: always terminates when size > 0, returns the length
 * the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_vsnprintf_nt(char *buf, size_t size, const char *fmt, va_list ap);
/* Windows' wide printf (ntstrsafe W): the format, narrowed by the caller,
 * reads %s and %c as 16-bit (%hs, %hc narrow); output in count WCHARs. */
int fmt_vsnwprintf_nt(uint16_t *buf, size_t count, const char *fmt,
                      va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* FMT_H */
