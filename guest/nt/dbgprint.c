/* SPDX-License-Identifier: MIT */
/*
 * The debug print path. Every console line the runtime writes is a TAP
 * comment stamped with virtual time ("# [   0.012345] text"), so logs stay
 * valid TAP and two runs under icount are byte-identical.
 */
#include "fmt.h"
#include "ki.h"
#include "msvarargs.h"

#define KI_PRINT_MAX 512

ULONG KdDebugLevel = D_TERSE;

static BOOLEAN KiAtLineStart = TRUE;

VOID KiInitializeDebugPrint(VOID)
{
    KiAtLineStart = TRUE;
}

/* Writes Text, starting every line with the time stamp. */
VOID KiPrint(PCSTR Text, SIZE_T Length)
{
    unsigned long flags = arch_intr_save();
    SIZE_T start = 0;

    for (SIZE_T i = 0; i < Length; i++) {
        if (KiAtLineStart) {
            char stamp[32];
            uint64_t ns = arch_time_ns();
            int n = fmt_snprintf(stamp, sizeof(stamp), "# [%4llu.%06llu] ",
                                 (unsigned long long)(ns / 1000000000u),
                                 (unsigned long long)(ns / 1000u % 1000000u));

            arch_console_write(stamp, (size_t)n);
            KiAtLineStart = FALSE;
        }
        if (Text[i] == '\n') {
            arch_console_write(Text + start, i + 1 - start);
            start = i + 1;
            KiAtLineStart = TRUE;
        }
    }
    if (start < Length) {
        arch_console_write(Text + start, Length - start);
    }
    arch_intr_restore(flags);
}

ULONG KiVPrint(PCSTR Format, va_list Args)
{
    char buf[KI_PRINT_MAX];
    int n = fmt_vsnprintf_nt(buf, sizeof(buf), Format, Args);

    if (n > (int)sizeof(buf) - 1) {
        n = sizeof(buf) - 1;
    }
    KiPrint(buf, (SIZE_T)n);
    return STATUS_SUCCESS;
}

ULONG NTAPI DbgPrint(PCSTR Format, ...)
{
    va_list ap;
    ULONG r;
    KI_MS_VA_START(ap, Format);

    r = KiVPrint(Format, ap);
    KI_MS_VA_END(ap);
    return r;
}

ULONG NTAPI DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    va_list ap;
    ULONG r = STATUS_SUCCESS;
    KI_MS_VA_START(ap, Format);

    UNREFERENCED_PARAMETER(ComponentId);
    if (Level <= KdDebugLevel) {
        r = KiVPrint(Format, ap);
    }
    KI_MS_VA_END(ap);
    return r;
}

ULONG NTAPI vDbgPrintExWithPrefix(PCSTR Prefix, ULONG ComponentId,
                                  ULONG Level, PCSTR Format,
                                  __builtin_ms_va_list arglist)
{
    char buf[KI_PRINT_MAX];
    SIZE_T n = 0;
    va_list ap;
    int m;

    UNREFERENCED_PARAMETER(ComponentId);
    if (Level > KdDebugLevel) {
        return STATUS_SUCCESS;
    }
    while (Prefix != NULL && Prefix[n] != 0 && n < sizeof(buf) - 1) {
        buf[n] = Prefix[n];
        n++;
    }
    KiVaListFromMs(ap, arglist);
    m = fmt_vsnprintf_nt(buf + n, sizeof(buf) - n, Format, ap);
    n = m < 0 ? n : n + (SIZE_T)m;
    KiPrint(buf, n < sizeof(buf) - 1 ? n : sizeof(buf) - 1);
    return STATUS_SUCCESS;
}

ULONG NTAPI vDbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format,
                        __builtin_ms_va_list arglist)
{
    return vDbgPrintExWithPrefix(NULL, ComponentId, Level, Format, arglist);
}

/* Ends a line a print left open, so that a bugcheck report starts on its
 * own line. */
VOID KiPrintEndLine(VOID)
{
    if (!KiAtLineStart) {
        arch_console_write("\n", 1);
        KiAtLineStart = TRUE;
    }
}
