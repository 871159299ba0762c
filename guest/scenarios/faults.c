/* SPDX-License-Identifier: MIT */
/*
 * Scenarios that must fail: each breaks one rule and the platform has to
 * catch it, print the report and leave with exit 35. The boot suite checks
 * the STOP code, so the failure is the expected outcome there.
 */
#include "ntrt.h"
#include "platform.h"
#include "scenario.h"

static volatile int fault_zero;

static void fault_divide_run(void)
{
    volatile int x = 100;

    tap_diag("dividing by zero: expect #DE and STOP 0x1E (0xC0000094)");
    x = x / fault_zero;
    tap_ok(false, "division by zero returned %d", x);
}

SCENARIO("fault-divide",
         "divides by zero: #DE becomes KMODE_EXCEPTION_NOT_HANDLED",
         fault_divide_run);

static void fault_page_run(void)
{
    volatile ULONG *p =
        (volatile ULONG *)(uintptr_t)scenario_param_u64("addr", 0x8);

    tap_diag("reading %p: expect #PF and STOP 0x50", (void *)p);
    tap_ok(*p == 0xdeadbeef, "read of an unmapped address returned");
}

SCENARIO("fault-page",
         "reads page 0 (addr=): #PF becomes PAGE_FAULT_IN_NONPAGED_AREA",
         fault_page_run);

static void fault_pool_leak_run(void)
{
    PVOID p = ExAllocatePoolWithTag(NonPagedPoolNx, 123, 'kaeL');

    tap_ok(p != NULL, "allocated 123 bytes with tag 'Leak' and kept them");
}

SCENARIO("pool-leak",
         "leaves a pool block allocated: the end-of-run check bugchecks "
         "0xC4/0x62", fault_pool_leak_run);

static void fault_pool_overrun_run(void)
{
    PUCHAR p = ExAllocatePoolWithTag(NonPagedPoolNx, 64, 'nrvO');

    tap_ok(p != NULL, "allocated 64 bytes with tag 'Ovrn'");
    p[64] = 0;  /* one byte past the end */
    tap_diag("freeing a block written one byte past its end: expect STOP 0xC1");
    ExFreePoolWithTag(p, 'nrvO');
    tap_ok(false, "the overrun went unnoticed");
}

SCENARIO("pool-overrun",
         "writes one byte past a pool block: "
         "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION", fault_pool_overrun_run);

static void fault_paged_work(void)
{
    PAGED_CODE();
}

static void fault_irql_run(void)
{
    KIRQL old;
    KSPIN_LOCK lock;

    KeInitializeSpinLock(&lock);
    KeAcquireSpinLock(&lock, &old);
    tap_ok(KeGetCurrentIrql() == DISPATCH_LEVEL,
           "spin lock raised to DISPATCH_LEVEL");
    tap_diag("calling pageable code at DISPATCH_LEVEL: expect STOP 0xD1");
    fault_paged_work();
    KeReleaseSpinLock(&lock, old);
    tap_ok(false, "PAGED_CODE() at DISPATCH_LEVEL went unnoticed");
}

SCENARIO("irql-violation",
         "runs PAGED_CODE() under a spin lock: DRIVER_IRQL_NOT_LESS_OR_EQUAL",
         fault_irql_run);

static void fault_spinlock_run(void)
{
    KIRQL old, old2;
    KSPIN_LOCK lock;

    KeInitializeSpinLock(&lock);
    KeAcquireSpinLock(&lock, &old);
    KeAcquireSpinLock(&lock, &old2);
    tap_ok(false, "recursive spin lock acquisition went unnoticed");
}

SCENARIO("spinlock-recursion",
         "takes a spin lock twice: SPIN_LOCK_ALREADY_OWNED",
         fault_spinlock_run);

static void fault_double_complete_run(void)
{
    PIRP irp = IoAllocateIrp(1, FALSE);

    /* Pretend a driver owns location 1, then complete it twice. */
    IoSetNextIrpStackLocation(irp);
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    tap_ok(true, "first IoCompleteRequest");
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    tap_ok(false, "second IoCompleteRequest went unnoticed");
}

SCENARIO("irp-double-complete",
         "completes an IRP twice: MULTIPLE_IRP_COMPLETE_REQUESTS",
         fault_double_complete_run);

/* Recoverable: the platform can also expect a fault and resume. */
static void fault_resume_run(void)
{
    extern char fault_resume_target[];
    unsigned before = trap_count(0);

    trap_expect(0, (uintptr_t)fault_resume_target);
    __asm__ __volatile__("xor %%edx, %%edx\n\t"
                         "xor %%eax, %%eax\n\t"
                         "xor %%ecx, %%ecx\n\t"
                         "div %%ecx\n\t"
                         ".globl fault_resume_target\n"
                         "fault_resume_target:\n\t"
                         : : : "eax", "ecx", "edx");
    tap_ok(trap_count(0) == before + 1, "#DE caught and resumed (count %u)",
           trap_count(0) - before);
}

SCENARIO("fault-resume", "an expected #DE is counted and execution resumes",
         fault_resume_run);

static volatile unsigned fault_depth_limit = 0xffffffffu;

static unsigned fault_recurse(unsigned depth)
{
    volatile char pad[512];

    pad[0] = (char)depth;
    if (depth >= fault_depth_limit) {
        return 0;
    }
    return fault_recurse(depth + 1) + pad[0];
}

static void fault_stack_run(void)
{
    tap_diag("recursing without end: expect #PF in the stack guard page, "
             "STOP 0x50");
    tap_ok(fault_recurse(0) == 0, "unbounded recursion returned");
}

SCENARIO("fault-stack",
         "overflows the boot stack into its guard page: STOP 0x50",
         fault_stack_run);
