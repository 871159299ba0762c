/* SPDX-License-Identifier: MIT */
/*
 * The one printf engine of the guest (and of the host build of nt/, so that
 * both print the same bytes). C99 conversions on LP64 plus: %ls reads 16-bit
 * WCHARs (the tree builds with -fshort-wchar), %f/%e-free fixed-point %f.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/* snprintf semantics: always terminates when size > 0, returns the length
 * the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* FMT_H */
