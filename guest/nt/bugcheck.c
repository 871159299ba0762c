/* SPDX-License-Identifier: MIT */
/*
 * Bugchecks, assertions and processor exceptions. A bugcheck prints
 * "*** STOP: 0x%08X (p1, p2, p3, p4)", its name, a stack, "Bail out!" and
 * fails the run; it never returns.
 */
#include "fmt.h"
#include "ki.h"

/* Set by the first bugcheck; a fault while reporting it stops at once.
 * Interrupts are off from there on and there is one processor, so a plain
 * flag sees every re-entry. */
static volatile BOOLEAN KiBugCheckActive;

static const struct {
    ULONG Code;
    PCSTR Name;
} KiBugCheckNames[] = {
    { IRQL_NOT_GREATER_OR_EQUAL, "IRQL_NOT_GREATER_OR_EQUAL" },
    { IRQL_NOT_LESS_OR_EQUAL, "IRQL_NOT_LESS_OR_EQUAL" },
    { SPIN_LOCK_ALREADY_OWNED, "SPIN_LOCK_ALREADY_OWNED" },
    { SPIN_LOCK_NOT_OWNED, "SPIN_LOCK_NOT_OWNED" },
    { BAD_POOL_HEADER, "BAD_POOL_HEADER" },
    { KMODE_EXCEPTION_NOT_HANDLED, "KMODE_EXCEPTION_NOT_HANDLED" },
    { NO_MORE_IRP_STACK_LOCATIONS, "NO_MORE_IRP_STACK_LOCATIONS" },
    { MULTIPLE_IRP_COMPLETE_REQUESTS, "MULTIPLE_IRP_COMPLETE_REQUESTS" },
    { DRIVER_POWER_STATE_FAILURE, "DRIVER_POWER_STATE_FAILURE" },
    { PAGE_FAULT_IN_NONPAGED_AREA, "PAGE_FAULT_IN_NONPAGED_AREA" },
    { UNEXPECTED_KERNEL_MODE_TRAP, "UNEXPECTED_KERNEL_MODE_TRAP" },
    { SYSTEM_THREAD_EXCEPTION_NOT_HANDLED,
      "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED" },
    { DRIVER_IRQL_NOT_LESS_OR_EQUAL, "DRIVER_IRQL_NOT_LESS_OR_EQUAL" },
    { BAD_POOL_CALLER, "BAD_POOL_CALLER" },
    { SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION,
      "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION" },
    { DRIVER_VERIFIER_DETECTED_VIOLATION,
      "DRIVER_VERIFIER_DETECTED_VIOLATION" },
    { DRIVER_CORRUPTED_EXPOOL, "DRIVER_CORRUPTED_EXPOOL" },
    { TIMER_OR_DPC_INVALID, "TIMER_OR_DPC_INVALID" },
    { IRQL_UNEXPECTED_VALUE, "IRQL_UNEXPECTED_VALUE" },
    { DRIVER_VERIFIER_IOMANAGER_VIOLATION,
      "DRIVER_VERIFIER_IOMANAGER_VIOLATION" },
    { PNP_DETECTED_FATAL_ERROR, "PNP_DETECTED_FATAL_ERROR" },
    { INVALID_AFFINITY_SET, "INVALID_AFFINITY_SET" },
    { REFERENCE_BY_POINTER, "REFERENCE_BY_POINTER" },
    { KERNEL_SECURITY_CHECK_FAILURE, "KERNEL_SECURITY_CHECK_FAILURE" },
    { MANUALLY_INITIATED_CRASH, "MANUALLY_INITIATED_CRASH" },
    { DPC_WATCHDOG_VIOLATION, "DPC_WATCHDOG_VIOLATION" },
    { WORKER_THREAD_RETURNED_AT_BAD_IRQL,
      "WORKER_THREAD_RETURNED_AT_BAD_IRQL" },
};

VOID KiInitializeBugCheck(VOID)
{
    KiBugCheckActive = FALSE;
}

static PCSTR KiBugCheckName(ULONG Code)
{
    for (ULONG i = 0; i < RTL_NUMBER_OF(KiBugCheckNames); i++) {
        if (KiBugCheckNames[i].Code == Code) {
            return KiBugCheckNames[i].Name;
        }
    }
    return "UNKNOWN_BUGCHECK";
}

VOID NTAPI KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR P1, ULONG_PTR P2,
                        ULONG_PTR P3, ULONG_PTR P4)
{
    uintptr_t params[4] = { P1, P2, P3, P4 };
    uintptr_t pcs[12];
    unsigned n;
    char line[160];
    int len;

    arch_intr_disable();
    if (KiBugCheckActive) {
        arch_stop(BugCheckCode, params);
    }
    KiBugCheckActive = TRUE;
    KiPrintEndLine();
    len = fmt_snprintf(line, sizeof(line),
                       "*** STOP: 0x%08X (0x%016llX, 0x%016llX, 0x%016llX, "
                       "0x%016llX)\n*** %s at IRQL %u\n", BugCheckCode,
                       (unsigned long long)P1, (unsigned long long)P2,
                       (unsigned long long)P3, (unsigned long long)P4,
                       KiBugCheckName(BugCheckCode), KiIrql);
    arch_console_write(line, (size_t)len);
    n = arch_backtrace(pcs, RTL_NUMBER_OF(pcs));
    len = fmt_snprintf(line, sizeof(line), "# stack:");
    arch_console_write(line, (size_t)len);
    for (unsigned i = 0; i < n; i++) {
        len = fmt_snprintf(line, sizeof(line), " %llx",
                           (unsigned long long)pcs[i]);
        arch_console_write(line, (size_t)len);
    }
    len = fmt_snprintf(line, sizeof(line), "\nBail out! bugcheck 0x%08X %s\n",
                       BugCheckCode, KiBugCheckName(BugCheckCode));
    arch_console_write(line, (size_t)len);
    arch_stop(BugCheckCode, params);
}

VOID NTAPI KeBugCheck(ULONG BugCheckCode)
{
    KeBugCheckEx(BugCheckCode, 0, 0, 0, 0);
}

VOID NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName,
                     ULONG LineNumber, PSTR MutableMessage)
{
    PCSTR expression = VoidFailedAssertion;
    PCSTR file = VoidFileName;

    if (MutableMessage != NULL) {
        DbgPrint("%s\n", MutableMessage);
    }
    DbgPrint("Assertion failed: %s at %s:%lu\n", expression, file,
             LineNumber);
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED,
                 (ULONG_PTR)STATUS_ASSERTION_FAILURE, (ULONG_PTR)file,
                 LineNumber, (ULONG_PTR)expression);
}

VOID NTAPI DbgBreakPoint(VOID)
{
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)STATUS_BREAKPOINT,
                 KiCaller(), 0, 0);
}

/* Called by the platform after it printed the register dump. Windows' codes:
 * a page fault names the address, an exception its NTSTATUS. */
__attribute__((noreturn)) void ki_exception(unsigned vector, uint64_t error,
                                            uint64_t rip, uint64_t cr2);

void ki_exception(unsigned vector, uint64_t error, uint64_t rip, uint64_t cr2)
{
    NTSTATUS code;

    switch (vector) {
    case 0:
        code = STATUS_INTEGER_DIVIDE_BY_ZERO;
        break;
    case 3:
        code = STATUS_BREAKPOINT;
        break;
    case 6:
        code = STATUS_ILLEGAL_INSTRUCTION;
        break;
    case 13:
        code = STATUS_ACCESS_VIOLATION;
        break;
    case 14:
        /* Error code bit 1: the access was a write. */
        KeBugCheckEx(PAGE_FAULT_IN_NONPAGED_AREA, cr2, (error >> 1) & 1, rip,
                     error);
    case 17:
        code = STATUS_DATATYPE_MISALIGNMENT;
        break;
    case 19:
        code = STATUS_FLOAT_INVALID_OPERATION;
        break;
    default:
        KeBugCheckEx(UNEXPECTED_KERNEL_MODE_TRAP, vector, error, rip, 0);
    }
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG)code, rip, error, 0);
}
