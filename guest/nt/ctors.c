/* SPDX-License-Identifier: MIT */
/*
 * Static constructors of C++ drivers (.init_array, collected by link.ld
 * between __cyc_ctors_start and __cyc_ctors_end) run once, at the end of
 * KiInitializeRuntime: at PASSIVE_LEVEL with the runtime up, before any
 * DriverEntry. C++ drivers are built in
 * the Windows x64 convention, so the entries are called as NTAPI. The host
 * build has no such section (the symbols are weak and absent).
 */
#include "ki.h"

typedef VOID (NTAPI *KI_CONSTRUCTOR)(VOID);

extern const KI_CONSTRUCTOR __cyc_ctors_start[] __attribute__((weak));
extern const KI_CONSTRUCTOR __cyc_ctors_end[] __attribute__((weak));

static BOOLEAN KiConstructorsRun;

VOID KiRunDriverConstructors(VOID)
{
    if (KiConstructorsRun || __cyc_ctors_start == NULL) {
        return;
    }
    KiConstructorsRun = TRUE;
    for (const KI_CONSTRUCTOR *c = __cyc_ctors_start; c < __cyc_ctors_end;
         c++) {
        (*c)();
    }
}
