/* SPDX-License-Identifier: MIT */
/*
 * Variadic DDI routines (DbgPrint, DbgPrintEx, the ntstrsafe Printf forms)
 * are NTAPI like every other routine a driver calls: a caller compiled for
 * Windows x64 (-mabi=ms) and one compiled with NTAPI declarations meet the
 * same entry. Inside, the runtime formats with C's va_list (fmt.c), so the
 * Windows argument list is handed over as a System V va_list whose register
 * areas are used up: every argument then comes from overflow_arg_area in
 * 8-byte slots, which is exactly the layout of the Windows list (each
 * argument, double too, in its own 8-byte slot, the first four spilled to the
 * home area by __builtin_ms_va_start).
 */
#ifndef MSVARARGS_H
#define MSVARARGS_H

#include <stdarg.h>

typedef struct KI_SYSV_VA_LIST {
    unsigned int GpOffset;   /* 48: the six integer registers used up */
    unsigned int FpOffset;   /* 304: the eight SSE registers used up */
    void *OverflowArgArea;   /* next argument */
    void *RegSaveArea;
} KI_SYSV_VA_LIST;

_Static_assert(sizeof(va_list) == sizeof(KI_SYSV_VA_LIST),
               "x86-64 System V va_list");

static inline void KiVaListFromMs(va_list Ap, __builtin_ms_va_list Ms)
{
    KI_SYSV_VA_LIST v = { 48, 304, Ms, 0 };

    __builtin_memcpy(Ap, &v, sizeof(v));
}

/* va_start/va_end of an NTAPI variadic routine, giving a C va_list Ap. */
#define KI_MS_VA_START(Ap, Last) \
    __builtin_ms_va_list Ap##Ms_; \
    __builtin_ms_va_start(Ap##Ms_, Last); \
    KiVaListFromMs(Ap, Ap##Ms_)
#define KI_MS_VA_END(Ap) __builtin_ms_va_end(Ap##Ms_)

#endif /* MSVARARGS_H */
