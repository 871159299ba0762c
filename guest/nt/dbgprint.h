/* SPDX-License-Identifier: MIT */
/*
 * The debug print routines and the guest's trace macros, included by wdm.h
 * (where Windows declares DbgPrint); defined in dbgprint.c.
 */
#ifndef DBGPRINT_H
#define DBGPRINT_H

#include "ntdef.h"

EXTERN_C_START

/* Windows' format semantics (fmt.h): %ld %lu %lx take a LONG/ULONG (32
 * bits), %lld %I64x a LONGLONG, %Iu %zu a SIZE_T; %ws %S a PCWSTR, %wZ a
 * PUNICODE_STRING, %Z a PANSI_STRING. Output goes to the debug console with a
 * virtual-time stamp. Deviation: %p prints 0x and lower-case digits (Windows:
 * 16 upper-case digits), so that traces read like the rest of the console;
 * KdPrint is compiled in every build, not only DBG ones. Both routines are
 * NTAPI variadic routines (Windows x64 varargs), so a driver built for
 * Windows x64 calls them unchanged (msvarargs.h). */
ULONG NTAPI DbgPrint(PCSTR Format, ...);
ULONG NTAPI DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...);
/* The forms with the caller's argument list: the Windows x64 va_list
 * (__builtin_ms_va_list, what va_start gives a driver built with -mabi=ms;
 * ntstrsafe.h). The prefix goes before the formatted text. */
ULONG NTAPI vDbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format,
                        __builtin_ms_va_list arglist);
ULONG NTAPI vDbgPrintExWithPrefix(PCSTR Prefix, ULONG ComponentId,
                                  ULONG Level, PCSTR Format,
                                  __builtin_ms_va_list arglist);
#define KdPrint(args) ((void)DbgPrint args)
#define KdPrintEx(args) ((void)DbgPrintEx args)

/* Deviation: not in Windows' wdm.h. sysvad's trace levels and DPF macro,
 * shared by the whole guest. KdDebugLevel comes from the kernel command line
 * ("debug=N", default D_TERSE). A file sets DPF_MODULE before including. */
#define D_ERROR   1
#define D_TERSE   2
#define D_VERBOSE 3
#define D_BLAB    4
extern ULONG KdDebugLevel;
#ifndef DPF_MODULE
#define DPF_MODULE ""
#endif
#define DPF(Level, Fmt, ...)                                         \
    do {                                                             \
        if ((ULONG)(Level) <= KdDebugLevel) {                        \
            DbgPrint("%s" Fmt "\n", DPF_MODULE, ##__VA_ARGS__);      \
        }                                                            \
    } while (0)
#define DPF_ENTER(x) ((void)0)

EXTERN_C_END

#endif /* DBGPRINT_H */
