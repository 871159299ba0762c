/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of the nt-lite runtime on the simulated processor
 * (arch/host): DPC ordering, timer expiry against virtual time, IRP
 * completion routines and pending, pool accounting and its verifier checks,
 * IRQL rules, interrupt delivery and the PnP start flow.
 */
#include <stdlib.h>
#include <string.h>

#include "host_arch.h"
#include "ntrt.h"
#include "runner.h"

#define NS_PER_100NS 100ull
#define TEST_TAG 'tseT'

static BOOLEAN pnp_veto_query_stop;
static BOOLEAN pnp_veto_sleep;
static BOOLEAN pnp_forget_start_next;
static BOOLEAN pnp_complete_twice;

/* Driver bugs and vetoes the power tests switch on. */
static void nt_setup(void)
{
    host_reset("debug=1");
    pnp_veto_query_stop = FALSE;
    pnp_veto_sleep = FALSE;
    pnp_forget_start_next = FALSE;
    pnp_complete_twice = FALSE;
}

/* ---- DPCs ---- */

static char dpc_log[16];
static unsigned dpc_len;

static VOID NTAPI log_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    (void)Dpc;
    (void)A2;
    /* The interrupt storm queues a DPC per interrupt: keep the log and its
     * terminator inside the buffer. */
    if (dpc_len < sizeof(dpc_log) - 1) {
        dpc_log[dpc_len++] = (char)(ULONG_PTR)Context;
    }
    if (A1) {
        KeInsertQueueDpc((PKDPC)A1, NULL, NULL);
    }
}

/* DPCs run FIFO (HighImportance first) once the IRQL drops below DISPATCH,
 * never while at DISPATCH, and a queued DPC is not queued again. */
START_TEST(test_dpc_runs_in_queue_order_on_lower)
{
    KDPC a, b, c;
    KIRQL old;

    KeInitializeDpc(&a, log_dpc, (PVOID)'a');
    KeInitializeDpc(&b, log_dpc, (PVOID)'b');
    KeInitializeDpc(&c, log_dpc, (PVOID)'c');
    KeSetImportanceDpc(&c, HighImportance);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ck_assert(KeInsertQueueDpc(&a, NULL, NULL));
    ck_assert(KeInsertQueueDpc(&b, NULL, NULL));
    ck_assert(!KeInsertQueueDpc(&a, NULL, NULL));
    ck_assert(KeInsertQueueDpc(&c, NULL, NULL));
    ck_assert_uint_eq(dpc_len, 0);
    KeLowerIrql(old);
    ck_assert_str_eq(dpc_log, "cab");
    ck_assert_uint_eq(KeGetCurrentIrql(), PASSIVE_LEVEL);
}
END_TEST

/* A DPC queued by a DPC runs in the same drain, after the current one. */
START_TEST(test_dpc_queued_from_dpc_runs_in_same_drain)
{
    KDPC a, b;
    KIRQL old;

    KeInitializeDpc(&a, log_dpc, (PVOID)'a');
    KeInitializeDpc(&b, log_dpc, (PVOID)'b');
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeInsertQueueDpc(&a, &b, NULL);
    KeLowerIrql(old);
    ck_assert_str_eq(dpc_log, "ab");
}
END_TEST

/* KeRemoveQueueDpc takes a queued DPC out before it runs. */
START_TEST(test_dpc_remove_before_run)
{
    KDPC a, b;
    KIRQL old;

    KeInitializeDpc(&a, log_dpc, (PVOID)'a');
    KeInitializeDpc(&b, log_dpc, (PVOID)'b');
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeInsertQueueDpc(&a, NULL, NULL);
    KeInsertQueueDpc(&b, NULL, NULL);
    ck_assert(KeRemoveQueueDpc(&a));
    ck_assert(!KeRemoveQueueDpc(&a));
    KeLowerIrql(old);
    ck_assert_str_eq(dpc_log, "b");
}
END_TEST

/* ---- Interrupts ---- */

typedef struct IsrCtx {
    unsigned calls;
    KIRQL irql;
    BOOLEAN claim;
    KDPC dpc;
} IsrCtx;

static BOOLEAN NTAPI test_isr(PKINTERRUPT Interrupt, PVOID Context)
{
    IsrCtx *c = Context;

    (void)Interrupt;
    c->calls++;
    c->irql = KeGetCurrentIrql();
    KeInsertQueueDpc(&c->dpc, NULL, NULL);
    return c->claim;
}

/* An interrupt runs its ISR at the vector's IRQL, is held back while the
 * IRQL is at or above it, and the ISR's DPC runs on the way back down. */
START_TEST(test_interrupt_delivery_respects_irql)
{
    IsrCtx c = { .claim = TRUE };
    PKINTERRUPT intr;
    KIRQL old;

    KeInitializeDpc(&c.dpc, log_dpc, (PVOID)'d');
    ck_assert_int_eq(IoConnectInterrupt(&intr, test_isr, &c, NULL, 0x80, 8, 8,
                                        Latched, FALSE, 1, FALSE),
                     STATUS_SUCCESS);
    ck_assert(!host_vector_masked(0x80));
    host_raise_interrupt(0x80);
    ck_assert_uint_eq(c.calls, 1);
    ck_assert_uint_eq(c.irql, 8);
    ck_assert_str_eq(dpc_log, "d");

    old = KfRaiseIrql(8);
    host_raise_interrupt(0x80);
    ck_assert_uint_eq(c.calls, 1);
    KeLowerIrql(DISPATCH_LEVEL);
    ck_assert_uint_eq(c.calls, 2);
    ck_assert_str_eq(dpc_log, "d");
    KeLowerIrql(old);
    ck_assert_str_eq(dpc_log, "dd");
    IoDisconnectInterrupt(intr);
    ck_assert(host_vector_masked(0x80));
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

static BOOLEAN NTAPI sync_routine(PVOID Context)
{
    *(KIRQL *)Context = KeGetCurrentIrql();
    return TRUE;
}

/* KeSynchronizeExecution runs at SynchronizeIrql; the IRQL is restored. */
START_TEST(test_interrupt_synchronize_execution)
{
    IsrCtx c = { .claim = TRUE };
    PKINTERRUPT intr;
    KIRQL seen = 0;

    KeInitializeDpc(&c.dpc, log_dpc, (PVOID)'d');
    ck_assert_int_eq(IoConnectInterrupt(&intr, test_isr, &c, NULL, 0x90, 9, 10,
                                        LevelSensitive, TRUE, 1, FALSE),
                     STATUS_SUCCESS);
    ck_assert(KeSynchronizeExecution(intr, sync_routine, &seen));
    ck_assert_uint_eq(seen, 10);
    ck_assert_uint_eq(KeGetCurrentIrql(), PASSIVE_LEVEL);
    host_raise_interrupt(0x90);
    ck_assert_uint_eq(c.irql, 10);
    IoDisconnectInterrupt(intr);
}
END_TEST

/* A shared level-triggered line is offered to each ISR until one claims
 * it; a line nobody claims 1000 times in a row is masked (an interrupt
 * storm would otherwise never end). */
START_TEST(test_interrupt_shared_level_chain_and_storm)
{
    IsrCtx a = { .claim = FALSE }, b = { .claim = TRUE };
    PKINTERRUPT ia, ib;

    KeInitializeDpc(&a.dpc, log_dpc, (PVOID)'a');
    KeInitializeDpc(&b.dpc, log_dpc, (PVOID)'b');
    ck_assert_int_eq(IoConnectInterrupt(&ia, test_isr, &a, NULL, 0xa0, 10, 10,
                                        LevelSensitive, TRUE, 1, FALSE),
                     STATUS_SUCCESS);
    ck_assert_int_eq(IoConnectInterrupt(&ib, test_isr, &b, NULL, 0xa0, 10, 10,
                                        LevelSensitive, TRUE, 1, FALSE),
                     STATUS_SUCCESS);
    host_raise_interrupt(0xa0);
    ck_assert_uint_eq(a.calls, 1);
    ck_assert_uint_eq(b.calls, 1);
    ck_assert_uint_eq(ib->ServiceCount, 1);
    b.claim = FALSE;
    for (int i = 0; i < 1000; i++) {
        host_raise_interrupt(0xa0);
    }
    ck_assert(host_vector_masked(0xa0));
    ck_assert_ptr_nonnull(
        strstr(host_console_text(), "nobody claimed it 1000 times"));
    IoDisconnectInterrupt(ia);
    IoDisconnectInterrupt(ib);
}
END_TEST

/* Mismatched vector and IRQL, or sharing with an exclusive ISR, fail. */
START_TEST(test_interrupt_connect_rejects_bad_parameters)
{
    IsrCtx c = { .claim = TRUE };
    PKINTERRUPT a, b;

    ck_assert_int_eq(IoConnectInterrupt(&a, test_isr, &c, NULL, 0x80, 5, 5,
                                        Latched, FALSE, 1, FALSE),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(IoConnectInterrupt(&a, test_isr, &c, NULL, 0x80, 8, 8,
                                        Latched, FALSE, 1, FALSE),
                     STATUS_SUCCESS);
    ck_assert_int_eq(IoConnectInterrupt(&b, test_isr, &c, NULL, 0x80, 8, 8,
                                        Latched, TRUE, 1, FALSE),
                     STATUS_INVALID_PARAMETER);
    IoDisconnectInterrupt(a);
}
END_TEST

/* ---- Timers ---- */

typedef struct TimerLog {
    unsigned n;
    ULONGLONG due[8];
    ULONGLONG ran[8];
} TimerLog;

static VOID NTAPI timer_log_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    TimerLog *l = Context;

    (void)Dpc;
    if (l->n < 8) {
        l->due[l->n] = (ULONG_PTR)A1 | ((ULONGLONG)(ULONG_PTR)A2 << 32);
        l->ran[l->n] = KeQueryInterruptTime();
    }
    l->n++;
}

/* A one-shot timer fires exactly at its due time, not before. */
START_TEST(test_timer_one_shot_fires_at_due_time)
{
    TimerLog log = { 0 };
    KTIMER t;
    KDPC d;
    LARGE_INTEGER due = { .QuadPart = -50000 };  /* 5 ms */

    KeInitializeTimer(&t);
    KeInitializeDpc(&d, timer_log_dpc, &log);
    ck_assert(!KeSetTimer(&t, due, &d));
    ck_assert_uint_eq(host_clock_deadline_ns(), 5000000);
    host_advance_ns(4999999);
    ck_assert_uint_eq(log.n, 0);
    host_advance_ns(1);
    ck_assert_uint_eq(log.n, 1);
    ck_assert_uint_eq(log.due[0], 50000);
    ck_assert_uint_eq(log.ran[0], 50000);
    ck_assert(KeReadStateTimer(&t));
    ck_assert(!KeCancelTimer(&t));
    ck_assert_uint_eq(host_clock_deadline_ns(), UINT64_MAX);
}
END_TEST

/* A periodic timer stays on its grid even when serviced late, and skips
 * (one DPC) the expiries it missed. */
START_TEST(test_timer_periodic_grid_and_missed_expiries)
{
    TimerLog log = { 0 };
    KTIMER t;
    KDPC d;
    LARGE_INTEGER due = { .QuadPart = -10000 };

    KeInitializeTimer(&t);
    KeInitializeDpc(&d, timer_log_dpc, &log);
    KeSetTimerEx(&t, due, 3, &d);
    host_advance_ns(1000000);
    host_advance_ns(3000100);
    ck_assert_uint_eq(log.n, 2);
    ck_assert_uint_eq(log.due[1], 40000);
    ck_assert_uint_eq(host_clock_deadline_ns(), 7000000);
    host_advance_ns(9000000);   /* to 13 ms: 7 and 10 ms missed, one DPC */
    ck_assert_uint_eq(log.n, 3);
    ck_assert_uint_eq(log.due[2], 70000);
    ck_assert_uint_eq(host_clock_deadline_ns(), 16000000);
    ck_assert(KeCancelTimer(&t));
}
END_TEST

static VOID NTAPI name_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    (void)Dpc;
    (void)A1;
    (void)A2;
    dpc_log[dpc_len++] = (char)(ULONG_PTR)Context;
}

/* Timers due at the same time fire in the order they were set; re-setting
 * moves a timer and reports that it was set. */
START_TEST(test_timer_order_and_reset)
{
    KTIMER a, b;
    KDPC da, db;
    LARGE_INTEGER d1 = { .QuadPart = -10000 };
    LARGE_INTEGER d2 = { .QuadPart = -20000 };

    KeInitializeTimer(&a);
    KeInitializeTimer(&b);
    KeInitializeDpc(&da, name_dpc, (PVOID)'a');
    KeInitializeDpc(&db, name_dpc, (PVOID)'b');
    KeSetTimer(&a, d2, &da);
    KeSetTimer(&b, d1, &db);
    ck_assert(KeSetTimer(&a, d1, &da));
    host_advance_ns(1000000);
    ck_assert_str_eq(dpc_log, "ba");
}
END_TEST

/* An absolute due time is system time; KeQuerySystemTime starts at the
 * fixed 2026-01-01 epoch. */
START_TEST(test_timer_absolute_due_time)
{
    TimerLog log = { 0 };
    KTIMER t;
    KDPC d;
    LARGE_INTEGER now, due;

    KeQuerySystemTime(&now);
    ck_assert_int_eq(now.QuadPart, 134116992000000000ll);
    due.QuadPart = now.QuadPart + 20000;
    KeInitializeTimer(&t);
    KeInitializeDpc(&d, timer_log_dpc, &log);
    KeSetTimer(&t, due, &d);
    host_advance_ns(2000000);
    ck_assert_uint_eq(log.n, 1);
    ck_assert_uint_eq(log.due[0], 20000);
}
END_TEST

/* A wait with a timeout idles until the clock interrupt, then times out;
 * a signalled synchronization event satisfies one wait only. */
START_TEST(test_wait_timeout_and_auto_reset)
{
    KEVENT e;
    LARGE_INTEGER timeout = { .QuadPart = -30000 };
    LARGE_INTEGER poll = { .QuadPart = 0 };

    KeInitializeEvent(&e, SynchronizationEvent, FALSE);
    ck_assert_int_eq(
        KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &timeout),
        STATUS_TIMEOUT);
    ck_assert_uint_eq(host_now_ns(), 3000000);
    KeSetEvent(&e, 0, FALSE);
    ck_assert_int_eq(
        KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &poll),
        STATUS_SUCCESS);
    ck_assert_int_eq(
        KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, &poll),
        STATUS_TIMEOUT);
}
END_TEST

/* An endless wait that nothing can end (no timer, no ISR) is a deadlock
 * reported at once rather than a hang. */
START_TEST(test_wait_that_cannot_end_bugchecks)
{
    KEVENT e;
    uint32_t code = 0;

    KeInitializeEvent(&e, NotificationEvent, FALSE);
    HOST_EXPECT_BUGCHECK(
        code, KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL));
    ck_assert_uint_eq(code, DRIVER_VERIFIER_DETECTED_VIOLATION);
    ck_assert_uint_eq(host_bugcheck_params[0], 0x1001);
}
END_TEST

/* ---- IRPs ---- */

typedef struct IrpTrace {
    unsigned calls;
    PDEVICE_OBJECT devices[4];
    BOOLEAN pending[4];
    NTSTATUS result;
} IrpTrace;

static IrpTrace irp_trace;
static PIRP held_irp;

static NTSTATUS NTAPI trace_completion(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                       PVOID Context)
{
    (void)Context;
    irp_trace.devices[irp_trace.calls] = DeviceObject;
    irp_trace.pending[irp_trace.calls] = Irp->PendingReturned;
    irp_trace.calls++;
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    return irp_trace.result;
}

/* Lower driver: keeps the IRP and returns STATUS_PENDING. */
static NTSTATUS NTAPI lower_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    IoMarkIrpPending(Irp);
    held_irp = Irp;
    return STATUS_PENDING;
}

/* Upper driver: sets a completion routine and passes the IRP down. */
static NTSTATUS NTAPI upper_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, trace_completion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(lower, Irp);
}

static DRIVER_OBJECT test_lower_drv, test_upper_drv;

static void make_stack(PDEVICE_OBJECT *Upper, PDEVICE_OBJECT *Lower)
{
    test_lower_drv.Type = IO_TYPE_DRIVER;
    test_upper_drv.Type = IO_TYPE_DRIVER;
    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        test_lower_drv.MajorFunction[i] = lower_dispatch;
        test_upper_drv.MajorFunction[i] = upper_dispatch;
    }
    ck_assert_int_eq(IoCreateDevice(&test_lower_drv, 0, NULL,
                                    FILE_DEVICE_UNKNOWN, 0, FALSE, Lower),
                     STATUS_SUCCESS);
    ck_assert_int_eq(IoCreateDevice(&test_upper_drv, sizeof(PDEVICE_OBJECT),
                                    NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, Upper),
                     STATUS_SUCCESS);
    *(PDEVICE_OBJECT *)(*Upper)->DeviceExtension =
        IoAttachDeviceToDeviceStack(*Upper, *Lower);
    ck_assert_int_eq((*Upper)->StackSize, 2);
}

static void free_stack(PDEVICE_OBJECT Upper, PDEVICE_OBJECT Lower)
{
    IoDetachDevice(Lower);
    IoDeleteDevice(Upper);
    IoDeleteDevice(Lower);
}

/* Pending propagates up; the completion routine runs with the upper device
 * and sees PendingReturned; the I/O manager fills UserIosb and the event. */
START_TEST(test_irp_pending_and_completion_routine)
{
    PDEVICE_OBJECT upper, lower;
    IO_STATUS_BLOCK iosb = { 0 };
    KEVENT done;
    PIRP irp;

    make_stack(&upper, &lower);
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(0x2f0003, upper, NULL, 0, NULL, 0,
                                        FALSE, &done, &iosb);
    ck_assert_ptr_nonnull(irp);
    irp_trace.result = STATUS_SUCCESS;
    ck_assert_int_eq(IoCallDriver(upper, irp), STATUS_PENDING);
    ck_assert_ptr_eq(held_irp, irp);
    ck_assert_uint_eq(irp_trace.calls, 0);
    held_irp->IoStatus.Status = STATUS_SUCCESS;
    held_irp->IoStatus.Information = 42;
    IoCompleteRequest(held_irp, IO_NO_INCREMENT);
    ck_assert_uint_eq(irp_trace.calls, 1);
    ck_assert_ptr_eq(irp_trace.devices[0], upper);
    ck_assert(irp_trace.pending[0]);
    ck_assert_int_eq(KeReadStateEvent(&done), 1);
    ck_assert_int_eq(iosb.Status, STATUS_SUCCESS);
    ck_assert_uint_eq(iosb.Information, 42);
    free_stack(upper, lower);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* STATUS_MORE_PROCESSING_REQUIRED stops completion: the owner gets the IRP
 * back, may reuse it, and frees it itself. Completing it again without a
 * new IoCallDriver is a double completion. */
START_TEST(test_irp_more_processing_required_returns_ownership)
{
    PDEVICE_OBJECT upper, lower;
    PIRP irp = IoAllocateIrp(2, FALSE);
    uint32_t code = 0;

    make_stack(&upper, &lower);
    irp_trace.result = STATUS_MORE_PROCESSING_REQUIRED;
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_READ;
    IoCallDriver(upper, irp);
    held_irp->IoStatus.Status = STATUS_CANCELLED;
    IoCompleteRequest(held_irp, IO_NO_INCREMENT);
    ck_assert_uint_eq(irp_trace.calls, 1);
    ck_assert_int_eq(irp->CurrentLocation, 2);
    ck_assert_int_eq(irp->IoStatus.Status, STATUS_CANCELLED);
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    HOST_EXPECT_BUGCHECK(code, IoCompleteRequest(irp, IO_NO_INCREMENT));
    ck_assert_uint_eq(code, MULTIPLE_IRP_COMPLETE_REQUESTS);
    ck_assert_uint_eq(host_bugcheck_params[0], (uintptr_t)irp);
}
END_TEST

/* Completing with STATUS_PENDING is a verifier violation. */
START_TEST(test_irp_complete_with_pending_bugchecks)
{
    PIRP irp = IoAllocateIrp(1, FALSE);
    uint32_t code = 0;

    IoSetNextIrpStackLocation(irp);
    irp->IoStatus.Status = STATUS_PENDING;
    HOST_EXPECT_BUGCHECK(code, IoCompleteRequest(irp, IO_NO_INCREMENT));
    ck_assert_uint_eq(code, DRIVER_VERIFIER_IOMANAGER_VIOLATION);
}
END_TEST

static NTSTATUS NTAPI echo_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION s = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buf = Irp->AssociatedIrp.SystemBuffer;

    (void)DeviceObject;
    for (ULONG i = 0; i < s->Parameters.DeviceIoControl.InputBufferLength;
         i++) {
        buf[i] = (UCHAR)(buf[i] + 1);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = s->Parameters.DeviceIoControl.InputBufferLength;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

/* METHOD_BUFFERED: input copied in, Information bytes copied back out, the
 * system buffer and the IRP freed by the I/O manager. */
START_TEST(test_irp_buffered_ioctl_round_trip)
{
    static DRIVER_OBJECT drv = { .Type = IO_TYPE_DRIVER };
    PDEVICE_OBJECT dev;
    UCHAR in[4] = { 1, 2, 3, 4 }, out[8] = { 0 };
    IO_STATUS_BLOCK iosb;
    PIRP irp;

    drv.MajorFunction[IRP_MJ_DEVICE_CONTROL] = echo_dispatch;
    IoCreateDevice(&drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev);
    irp = IoBuildDeviceIoControlRequest(
        CTL_CODE(FILE_DEVICE_UNKNOWN, 1, METHOD_BUFFERED, FILE_ANY_ACCESS), dev,
        in, sizeof(in), out, sizeof(out), FALSE, NULL, &iosb);
    ck_assert_int_eq(IoCallDriver(dev, irp), STATUS_SUCCESS);
    ck_assert_uint_eq(iosb.Information, 4);
    ck_assert_uint_eq(out[0], 2);
    ck_assert_uint_eq(out[3], 5);
    ck_assert_uint_eq(out[4], 0);
    IoDeleteDevice(dev);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* ---- Pool ---- */

/* Per-tag accounting counts allocations, frees and outstanding bytes; new
 * blocks are filled, freed ones poisoned. */
START_TEST(test_pool_accounting_per_tag)
{
    EX_POOL_TAG_STATS st;
    SIZE_T bytes;
    PUCHAR a = ExAllocatePoolWithTag(NonPagedPoolNx, 100, TEST_TAG);
    PUCHAR b = ExAllocatePoolWithTag(PagedPool, 28, TEST_TAG);
    PVOID c = ExAllocatePoolWithTag(NonPagedPoolNx, 7, 'rhtO');

    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(((uintptr_t)a) & 15, 0);
    ck_assert_uint_eq(a[0], 0xcd);
    ck_assert_uint_eq(ExpPoolOutstanding(TEST_TAG, &bytes), 2);
    ck_assert_uint_eq(bytes, 128);
    ExFreePoolWithTag(a, TEST_TAG);
    ck_assert_uint_eq(a[0], 0xdd);
    ck_assert(ExpPoolTagStats(TEST_TAG, &st));
    ck_assert_uint_eq(st.Allocations, 2);
    ck_assert_uint_eq(st.Frees, 1);
    ck_assert_uint_eq(st.BytesOutstanding, 28);
    ExFreePool(b);
    ExFreePoolWithTag(c, 'rhtO');
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
    ExpCheckLeaks();
}
END_TEST

/* Verifier-style pool checks, one row per misuse and its bugcheck. */
typedef struct PoolMisuse {
    const char *name;
    int what;
    uint32_t code;
    uintptr_t p1;
} PoolMisuse;

static const PoolMisuse pool_misuses[] = {
    { "double free", 0, BAD_POOL_CALLER, 0x07 },
    { "wrong tag", 1, BAD_POOL_CALLER, 0x0a },
    { "overrun", 2, SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, 0 },
    { "leak", 3, DRIVER_VERIFIER_DETECTED_VIOLATION, 0x62 },
    { "paged at dispatch", 4, BAD_POOL_CALLER, 0x08 },
    { "write after free", 5, DRIVER_CORRUPTED_EXPOOL, 0 },
};

static void pool_misuse(int what)
{
    PUCHAR p = ExAllocatePoolWithTag(NonPagedPoolNx, 32, TEST_TAG);
    KIRQL old;

    switch (what) {
    case 0:
        ExFreePoolWithTag(p, TEST_TAG);
        ExFreePoolWithTag(p, TEST_TAG);
        break;
    case 1:
        ExFreePoolWithTag(p, 'gnrW');
        break;
    case 2:
        p[32] = 0;
        ExFreePoolWithTag(p, TEST_TAG);
        break;
    case 3:
        ExpCheckLeaks();
        break;
    case 4:
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        ExAllocatePoolWithTag(PagedPool, 8, TEST_TAG);
        break;
    case 5:
        ExFreePoolWithTag(p, TEST_TAG);
        p[3] = 1;
        /* Push it out of quarantine. */
        for (int i = 0; i < 80; i++) {
            ExFreePoolWithTag(
                ExAllocatePoolWithTag(NonPagedPoolNx, 16, TEST_TAG), TEST_TAG);
        }
        break;
    }
}

START_TEST(test_pool_misuse_bugchecks)
{
    const PoolMisuse *m = &pool_misuses[_i];
    uint32_t code = 0;

    HOST_EXPECT_BUGCHECK(code, pool_misuse(m->what));
    ck_assert_msg(code == m->code, "%s: bugcheck 0x%x, want 0x%x", m->name,
                  code, m->code);
    if (m->p1) {
        ck_assert_msg(host_bugcheck_params[0] == m->p1,
                      "%s: parameter 1 0x%lx, want 0x%lx", m->name,
                      (unsigned long)host_bugcheck_params[0],
                      (unsigned long)m->p1);
    }
}
END_TEST

/* Contiguous memory is page aligned, honours the boundary and is counted. */
START_TEST(test_pool_contiguous_alignment_and_boundary)
{
    PHYSICAL_ADDRESS low = { .QuadPart = 0 };
    PHYSICAL_ADDRESS high = { .QuadPart = -1 };
    PHYSICAL_ADDRESS boundary = { .QuadPart = 0x10000 };
    PVOID small = ExAllocatePoolWithTag(NonPagedPoolNx, 40, TEST_TAG);
    PVOID buf = MmAllocateContiguousMemorySpecifyCache(0x3000, low, high,
                                                       boundary, MmCached);
    uint64_t pa;

    ck_assert_ptr_nonnull(buf);
    pa = (uint64_t)MmGetPhysicalAddress(buf).QuadPart;
    ck_assert_uint_eq(pa & 0xfff, 0);
    ck_assert_uint_eq(pa / 0x10000, (pa + 0x3000 - 1) / 0x10000);
    ck_assert_uint_eq(ExpPoolOutstanding('mcmM', NULL), 1);
    MmFreeContiguousMemory(buf);
    ExFreePoolWithTag(small, TEST_TAG);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Random allocations and frees of mixed sizes and alignments: blocks never
 * overlap (each keeps its fill pattern), everything comes back, and the heap
 * coalesces so one large block fits again at the end. */
START_TEST(test_pool_random_stress)
{
    enum { SLOTS = 64, ROUNDS = 3000 };
    PUCHAR blocks[SLOTS] = { 0 };
    SIZE_T sizes[SLOTS] = { 0 };
    PHYSICAL_ADDRESS low = { .QuadPart = 0 };
    PHYSICAL_ADDRESS high = { .QuadPart = -1 };
    PHYSICAL_ADDRESS none = { .QuadPart = 0 };
    guint32 seed = 12345;
    PVOID big;

    for (int r = 0; r < ROUNDS; r++) {
        int i;

        seed = seed * 1103515245u + 12345u;
        i = (int)((seed >> 8) % SLOTS);
        if (blocks[i]) {
            SIZE_T k = 0;

            /* One assertion per block: each ck_assert writes to check's
             * pipe. */
            while (k < sizes[i] && blocks[i][k] == (UCHAR)i) {
                k++;
            }
            ck_assert_msg(k == sizes[i], "block %d byte %zu overwritten", i,
                          (size_t)k);
            if (i & 1) {
                MmFreeContiguousMemory(blocks[i]);
            } else {
                ExFreePoolWithTag(blocks[i], TEST_TAG);
            }
            blocks[i] = NULL;
            continue;
        }
        sizes[i] = 1 + (seed >> 12) % 20000;
        blocks[i] =
            (i & 1) ? MmAllocateContiguousMemorySpecifyCache(
                          sizes[i], low, high, none, MmCached)
                    : ExAllocatePoolWithTag(NonPagedPoolNx, sizes[i], TEST_TAG);
        ck_assert_msg(blocks[i] &&
                          ((uintptr_t)blocks[i] & ((i & 1) ? 0xfff : 0xf)) == 0,
                      "round %d: block of %zu bytes at %p", r, (size_t)sizes[i],
                      (void *)blocks[i]);
        memset(blocks[i], i, sizes[i]);
    }
    for (int i = 0; i < SLOTS; i++) {
        if (blocks[i]) {
            if (i & 1) {
                MmFreeContiguousMemory(blocks[i]);
            } else {
                ExFreePoolWithTag(blocks[i], TEST_TAG);
            }
        }
    }
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
    big = ExAllocatePoolWithTag(NonPagedPoolNx, 24u << 20, TEST_TAG);
    ck_assert_ptr_nonnull(big);
    ExFreePoolWithTag(big, TEST_TAG);
}
END_TEST

/* ---- IRQL and spin locks ---- */

typedef struct IrqlMisuse {
    const char *name;
    int what;
    uint32_t code;
} IrqlMisuse;

static const IrqlMisuse irql_misuses[] = {
    { "lower to a higher IRQL", 0, DRIVER_VERIFIER_DETECTED_VIOLATION },
    { "raise to a lower IRQL", 1, DRIVER_VERIFIER_DETECTED_VIOLATION },
    { "PAGED_CODE at DISPATCH", 2, DRIVER_IRQL_NOT_LESS_OR_EQUAL },
    { "spin lock taken twice", 3, SPIN_LOCK_ALREADY_OWNED },
    { "free spin lock released", 4, SPIN_LOCK_NOT_OWNED },
    { "AtDpcLevel at PASSIVE", 5, IRQL_NOT_GREATER_OR_EQUAL },
    { "wait at DISPATCH", 6, IRQL_NOT_LESS_OR_EQUAL },
};

static void irql_misuse(int what)
{
    KSPIN_LOCK lock;
    KIRQL old, old2;
    KEVENT e;

    KeInitializeSpinLock(&lock);
    KeInitializeEvent(&e, NotificationEvent, FALSE);
    switch (what) {
    case 0:
        KeLowerIrql(DISPATCH_LEVEL);
        break;
    case 1:
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        KeRaiseIrql(APC_LEVEL, &old2);
        break;
    case 2:
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        PAGED_CODE();
        break;
    case 3:
        KeAcquireSpinLock(&lock, &old);
        KeAcquireSpinLock(&lock, &old2);
        break;
    case 4:
        KeReleaseSpinLock(&lock, PASSIVE_LEVEL);
        break;
    case 5:
        KeAcquireSpinLockAtDpcLevel(&lock);
        break;
    case 6:
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        KeWaitForSingleObject(&e, Executive, KernelMode, FALSE, NULL);
        break;
    }
}

START_TEST(test_irql_misuse_bugchecks)
{
    const IrqlMisuse *m = &irql_misuses[_i];
    uint32_t code = 0;

    HOST_EXPECT_BUGCHECK(code, irql_misuse(m->what));
    ck_assert_msg(code == m->code, "%s: bugcheck 0x%x, want 0x%x", m->name,
                  code, m->code);
}
END_TEST

/* A bugcheck prints the STOP line in Windows' format. */
START_TEST(test_bugcheck_report_format)
{
    uint32_t code = 0;

    HOST_EXPECT_BUGCHECK(code, KeBugCheckEx(0xD1, 1, 2, 3, 4));
    ck_assert_uint_eq(code, 0xD1);
    ck_assert_ptr_nonnull(strstr(
        host_console_text(), "*** STOP: 0x000000D1 (0x0000000000000001, "
                             "0x0000000000000002, 0x0000000000000003, "
                             "0x0000000000000004)\n"
                             "*** DRIVER_IRQL_NOT_LESS_OR_EQUAL at IRQL 0\n"));
}
END_TEST

/* ---- NTSTATUS values ---- */

typedef struct StatusValue {
    const char *Name;
    uint32_t Have;
    uint32_t Want;
} StatusValue;

#define STATUS_ROW(Name, Want) { #Name, (uint32_t)(Name), (Want) }

/* Every code ntstatus.h defines, with the value of Microsoft's ntstatus.h
 * (winerror.h for the HRESULTs). */
static const StatusValue status_values[] = {
    STATUS_ROW(STATUS_SUCCESS, 0x00000000u),
    STATUS_ROW(STATUS_WAIT_0, 0x00000000u),
    STATUS_ROW(STATUS_ALERTED, 0x00000101u),
    STATUS_ROW(STATUS_TIMEOUT, 0x00000102u),
    STATUS_ROW(STATUS_PENDING, 0x00000103u),
    STATUS_ROW(STATUS_REPARSE, 0x00000104u),
    STATUS_ROW(STATUS_MORE_ENTRIES, 0x00000105u),
    STATUS_ROW(STATUS_NOT_ALL_ASSIGNED, 0x00000106u),
    STATUS_ROW(STATUS_SOME_NOT_MAPPED, 0x00000107u),
    STATUS_ROW(STATUS_DATATYPE_MISALIGNMENT, 0x80000002u),
    STATUS_ROW(STATUS_BREAKPOINT, 0x80000003u),
    STATUS_ROW(STATUS_SINGLE_STEP, 0x80000004u),
    STATUS_ROW(STATUS_BUFFER_OVERFLOW, 0x80000005u),
    STATUS_ROW(STATUS_DEVICE_BUSY, 0x80000011u),
    STATUS_ROW(STATUS_NO_MORE_ENTRIES, 0x8000001Au),
    STATUS_ROW(STATUS_UNSUCCESSFUL, 0xC0000001u),
    STATUS_ROW(STATUS_NOT_IMPLEMENTED, 0xC0000002u),
    STATUS_ROW(STATUS_INVALID_INFO_CLASS, 0xC0000003u),
    STATUS_ROW(STATUS_INFO_LENGTH_MISMATCH, 0xC0000004u),
    STATUS_ROW(STATUS_ACCESS_VIOLATION, 0xC0000005u),
    STATUS_ROW(STATUS_INVALID_HANDLE, 0xC0000008u),
    STATUS_ROW(STATUS_INVALID_PARAMETER, 0xC000000Du),
    STATUS_ROW(STATUS_NO_SUCH_DEVICE, 0xC000000Eu),
    STATUS_ROW(STATUS_INVALID_DEVICE_REQUEST, 0xC0000010u),
    STATUS_ROW(STATUS_END_OF_FILE, 0xC0000011u),
    STATUS_ROW(STATUS_MORE_PROCESSING_REQUIRED, 0xC0000016u),
    STATUS_ROW(STATUS_NO_MEMORY, 0xC0000017u),
    STATUS_ROW(STATUS_ILLEGAL_INSTRUCTION, 0xC000001Du),
    STATUS_ROW(STATUS_ACCESS_DENIED, 0xC0000022u),
    STATUS_ROW(STATUS_BUFFER_TOO_SMALL, 0xC0000023u),
    STATUS_ROW(STATUS_OBJECT_TYPE_MISMATCH, 0xC0000024u),
    STATUS_ROW(STATUS_INVALID_PARAMETER_MIX, 0xC0000030u),
    STATUS_ROW(STATUS_OBJECT_NAME_INVALID, 0xC0000033u),
    STATUS_ROW(STATUS_OBJECT_NAME_NOT_FOUND, 0xC0000034u),
    STATUS_ROW(STATUS_OBJECT_NAME_COLLISION, 0xC0000035u),
    STATUS_ROW(STATUS_DATA_ERROR, 0xC000003Eu),
    STATUS_ROW(STATUS_RESOURCE_TYPE_NOT_FOUND, 0xC000008Au),
    STATUS_ROW(STATUS_FLOAT_INVALID_OPERATION, 0xC0000090u),
    STATUS_ROW(STATUS_INTEGER_DIVIDE_BY_ZERO, 0xC0000094u),
    STATUS_ROW(STATUS_PRIVILEGED_INSTRUCTION, 0xC0000096u),
    STATUS_ROW(STATUS_ALLOTTED_SPACE_EXCEEDED, 0xC0000099u),
    STATUS_ROW(STATUS_INSUFFICIENT_RESOURCES, 0xC000009Au),
    STATUS_ROW(STATUS_DEVICE_NOT_CONNECTED, 0xC000009Du),
    STATUS_ROW(STATUS_DEVICE_POWER_FAILURE, 0xC000009Eu),
    STATUS_ROW(STATUS_DEVICE_NOT_READY, 0xC00000A3u),
    STATUS_ROW(STATUS_IO_TIMEOUT, 0xC00000B5u),
    STATUS_ROW(STATUS_NOT_SUPPORTED, 0xC00000BBu),
    STATUS_ROW(STATUS_DEVICE_DOES_NOT_EXIST, 0xC00000C0u),
    STATUS_ROW(STATUS_INTERNAL_ERROR, 0xC00000E5u),
    STATUS_ROW(STATUS_STACK_OVERFLOW, 0xC00000FDu),
    STATUS_ROW(STATUS_NAME_TOO_LONG, 0xC0000106u),
    STATUS_ROW(STATUS_CANCELLED, 0xC0000120u),
    STATUS_ROW(STATUS_INVALID_ADDRESS, 0xC0000141u),
    STATUS_ROW(STATUS_INVALID_BLOCK_LENGTH, 0xC0000173u),
    STATUS_ROW(STATUS_DEVICE_CONFIGURATION_ERROR, 0xC0000182u),
    STATUS_ROW(STATUS_DRIVER_INTERNAL_ERROR, 0xC0000183u),
    STATUS_ROW(STATUS_INVALID_DEVICE_STATE, 0xC0000184u),
    STATUS_ROW(STATUS_DEVICE_PROTOCOL_ERROR, 0xC0000186u),
    STATUS_ROW(STATUS_INVALID_BUFFER_SIZE, 0xC0000206u),
    STATUS_ROW(STATUS_NOT_FOUND, 0xC0000225u),
    STATUS_ROW(STATUS_PROPSET_NOT_FOUND, 0xC0000230u),
    STATUS_ROW(STATUS_REQUEST_ABORTED, 0xC0000240u),
    STATUS_ROW(STATUS_NO_MATCH, 0xC0000272u),
    STATUS_ROW(STATUS_NOINTERFACE, 0xC00002B9u),
    STATUS_ROW(STATUS_DELETE_PENDING, 0xC0000056u),
    STATUS_ROW(STATUS_INVALID_PARAMETER_2, 0xC00000F0u),
    STATUS_ROW(STATUS_DEVICE_REMOVED, 0xC00002B6u),
    STATUS_ROW(STATUS_ASSERTION_FAILURE, 0xC0000420u),
    STATUS_ROW(STATUS_ALREADY_REGISTERED, 0xC0000718u),
    STATUS_ROW(S_OK, 0x00000000u),
    STATUS_ROW(S_FALSE, 0x00000001u),
    STATUS_ROW(E_NOINTERFACE, 0x80004002u),
    STATUS_ROW(E_FAIL, 0x80004005u),
    STATUS_ROW(E_OUTOFMEMORY, 0x8007000Eu),
    STATUS_ROW(E_INVALIDARG, 0x80070057u),
};

/* Each code has Microsoft's value (issue 8: STATUS_DEVICE_POWER_FAILURE was
 * 0xC000028E, which is STATUS_NO_EFS). */
START_TEST(test_ntstatus_values_are_microsofts)
{
    const StatusValue *v = &status_values[_i];

    ck_assert_msg(v->Have == v->Want, "%s is 0x%08X, want 0x%08X", v->Name,
                  v->Have, v->Want);
}
END_TEST

/* ---- Rtl and formatting ---- */

/* GUID text round-trips in Windows' registry format. */
START_TEST(test_rtl_guid_string_round_trip)
{
    static const GUID g = {
        0x65e8773e, 0x8f56, 0x11d0,
        { 0xa3, 0xb9, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96 }
    };
    static const WCHAR want[] = L"{65E8773E-8F56-11D0-A3B9-00A0C9223196}";
    UNICODE_STRING text;
    GUID back;

    ck_assert_int_eq(RtlStringFromGUID(&g, &text), STATUS_SUCCESS);
    ck_assert_uint_eq(text.Length, sizeof(want) - sizeof(WCHAR));
    ck_assert(memcmp(text.Buffer, want, sizeof(want)) == 0);
    ck_assert_int_eq(RtlGUIDFromString(&text, &back), STATUS_SUCCESS);
    ck_assert(IsEqualGUID(&g, &back));
    RtlFreeUnicodeString(&text);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Counted strings compare by length and content, optionally ignoring case;
 * the bounded printf truncates and says so. */
START_TEST(test_rtl_strings)
{
    UNICODE_STRING a = RTL_CONSTANT_STRING(L"Wave");
    UNICODE_STRING b = RTL_CONSTANT_STRING(L"WAVE");
    UNICODE_STRING c;
    char buf[8];

    RtlInitUnicodeString(&c, L"Wave");
    ck_assert(RtlEqualUnicodeString(&a, &c, FALSE));
    ck_assert(!RtlEqualUnicodeString(&a, &b, FALSE));
    ck_assert(RtlEqualUnicodeString(&a, &b, TRUE));
    ck_assert_uint_eq(RtlCompareMemory("abcd", "abxd", 4), 2);
    ck_assert_int_eq(
        RtlStringCbPrintfA(buf, sizeof(buf), "%u-%s", 42u, "xyzzy"),
        STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(buf, "42-xyzz");
}
END_TEST

/* The one printf engine: widths, precision, 64-bit, pointers, WCHAR strings,
 * fixed-point floats. */
START_TEST(test_fmt_conversions)
{
    char buf[128];

    DbgPrint("%-5s|%05d|%x|%llu|%p|%ls|%.3f\n", "ab", -42, 0xbeefu,
             18446744073709551615ull, (void *)0x1000, L"wide", 2.5);
    ck_assert_ptr_nonnull(
        strstr(host_console_text(),
               "] ab   |-0042|beef|18446744073709551615|0x1000|wide|"
               "2.500\n"));
    ck_assert_int_eq(
        RtlStringCbPrintfA(buf, sizeof(buf), "%+d %#x %c %%", 7, 255u, 'q'),
        STATUS_SUCCESS);
    ck_assert_str_eq(buf, "+7 0xff q %");
}
END_TEST

/* DbgPrint has Windows' format semantics (issue 8): %lx is a ULONG, so a
 * 64-bit argument is cut to its low 32 bits as on Windows x64; %I64x and
 * %lld are 64 bits; %ws/%S wide strings, %wZ/%Z counted strings. */
START_TEST(test_dbgprint_windows_formats)
{
    UNICODE_STRING uni = RTL_CONSTANT_STRING(L"uni");
    ANSI_STRING ansi = { 4, 5, "ansi" };
    char buf[64];

    DbgPrint("%ld|%lu|%lx|%I64d|%I64x|%lld|%Iu\n", (LONG)-5, (ULONG)~0u,
             0x123456789abcdef0ull, -1234567890123ll,
             0x123456789abcdef0ull, -1ll, (SIZE_T)~(SIZE_T)0);
    ck_assert_ptr_nonnull(strstr(host_console_text(),
                                 "] -5|4294967295|9abcdef0|-1234567890123|"
                                 "123456789abcdef0|-1|18446744073709551615"
                                 "\n"));
    DbgPrintEx(0, 0, "%ws|%S|%ls|%hs|%wZ|%Z|%.2wZ|%C\n", L"ws", L"S",
               L"ls", "hs", &uni, &ansi, &uni, (int)L'W');
    ck_assert_ptr_nonnull(strstr(host_console_text(),
                                 "] ws|S|ls|hs|uni|ansi|un|W\n"));
    KdPrint(("%lu %wZ\n", 0x100000007ull, (PUNICODE_STRING)NULL));
    ck_assert_ptr_nonnull(strstr(host_console_text(), "] 7 (null)\n"));
    ck_assert_int_eq(RtlStringCbPrintfA(buf, sizeof(buf), "%lx %I64X",
                                        0xffffffff00000010ull,
                                        0xabull << 32),
                     STATUS_SUCCESS);
    ck_assert_str_eq(buf, "10 AB00000000");
}
END_TEST

/* RtlAssert is Microsoft's NTAPI (PVOID, PVOID, ULONG, PSTR); ASSERT and
 * ASSERTMSG reach it and it bugchecks with STATUS_ASSERTION_FAILURE. */
START_TEST(test_rtl_assert_signature_and_bugcheck)
{
    typedef VOID NTAPI RtlAssertFn(PVOID, PVOID, ULONG, PSTR);
    uint32_t code = 0;
    int x = 1;

    C_ASSERT(__builtin_types_compatible_p(__typeof__(RtlAssert),
                                          RtlAssertFn));
    ck_assert(ASSERT(x == 1));
    HOST_EXPECT_BUGCHECK(code, ASSERTMSG("x is one", x == 2));
    ck_assert_uint_eq(code, KMODE_EXCEPTION_NOT_HANDLED);
    ck_assert_ptr_nonnull(strstr(host_console_text(),
                                 "] x is one\n"));
    ck_assert_ptr_nonnull(strstr(host_console_text(),
                                 "] Assertion failed: x == 2 at "));
}
END_TEST

/* ntstrsafe W: truncation is STATUS_BUFFER_OVERFLOW with a terminated
 * result; a zero-sized or unterminated destination STATUS_INVALID_PARAMETER.
 */
START_TEST(test_rtl_ntstrsafe_wide)
{
    WCHAR buf[6];
    WCHAR raw[3] = { L'x', L'y', L'z' };
    SIZE_T n = 99;

    ck_assert_int_eq(RtlStringCchCopyW(buf, 6, L"Wave"), STATUS_SUCCESS);
    ck_assert(memcmp(buf, L"Wave", 5 * sizeof(WCHAR)) == 0);
    ck_assert_int_eq(RtlStringCchCatW(buf, 6, L"Out"),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert(memcmp(buf, L"WaveO", 6 * sizeof(WCHAR)) == 0);
    ck_assert_int_eq(RtlStringCbCopyW(buf, sizeof(buf), L"Topology"),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert(memcmp(buf, L"Topol", 6 * sizeof(WCHAR)) == 0);
    ck_assert_int_eq(RtlStringCbCopyW(buf, 4, L"ab"), STATUS_BUFFER_OVERFLOW);
    ck_assert(memcmp(buf, L"a", 2 * sizeof(WCHAR)) == 0);
    ck_assert_int_eq(RtlStringCbCatW(buf, sizeof(buf), L"bc"),
                     STATUS_SUCCESS);
    ck_assert(memcmp(buf, L"abc", 4 * sizeof(WCHAR)) == 0);
    ck_assert_int_eq(RtlStringCchCopyW(buf, 0, L"a"),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCbCopyW(buf, 1, L"a"),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchCatW(raw, 3, L"a"),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchLengthW(L"abc", 4, &n), STATUS_SUCCESS);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(RtlStringCbLengthW(L"abc", 8, &n), STATUS_SUCCESS);
    ck_assert_uint_eq(n, 6);
    ck_assert_int_eq(RtlStringCchLengthW(L"abc", 3, &n),
                     STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(RtlStringCbLengthW(raw, sizeof(raw), &n),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchPrintfW(buf, 6, L"%s-%hs-%u", L"ab", "c",
                                         42u),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert(memcmp(buf, L"ab-c-", 6 * sizeof(WCHAR)) == 0);
    ck_assert_int_eq(RtlStringCbPrintfW(buf, sizeof(buf), L"%lx", 0xabcull),
                     STATUS_SUCCESS);
    ck_assert(memcmp(buf, L"abc", 4 * sizeof(WCHAR)) == 0);
    ck_assert_int_eq(RtlStringCbPrintfW(buf, 0, L"x"),
                     STATUS_INVALID_PARAMETER);
}
END_TEST

/* Without a registry of its own, every key but an in-memory store's handle
 * is absent (Deviation in wdm.h). */
START_TEST(test_rtl_query_registry_without_registry)
{
    ULONG value = 0;
    RTL_QUERY_REGISTRY_TABLE table[] = {
        { .Flags = RTL_QUERY_REGISTRY_DIRECT, .Name = L"Gain",
          .EntryContext = &value },
        { 0 },
    };

    ck_assert_int_eq(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES,
                                            L"cycaudio", table, NULL, NULL),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES |
                                                RTL_REGISTRY_OPTIONAL,
                                            L"cycaudio", table, NULL, NULL),
                     STATUS_SUCCESS);
    C_ASSERT(sizeof(RTL_QUERY_REGISTRY_TABLE) == 56);
    C_ASSERT(FIELD_OFFSET(RTL_QUERY_REGISTRY_TABLE, DefaultLength) == 48);
}
END_TEST

/* ---- Work items ---- */

static char work_log[16];
static unsigned work_len;
static KIRQL work_irql;

static VOID NTAPI log_work(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    ck_assert_int_ge(DeviceObject->ReferenceCount, 2);
    work_irql = KeGetCurrentIrql();
    work_log[work_len++] = (char)(ULONG_PTR)Context;
}

static VOID NTAPI queue_work_dpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    (void)Dpc;
    (void)A2;
    IoQueueWorkItem((PIO_WORKITEM)A1, log_work, DelayedWorkQueue, Context);
}

/* Work items queued at DISPATCH_LEVEL (here from DPCs) run in queue order at
 * PASSIVE_LEVEL once the IRQL drops there, after the DPCs; each holds a
 * reference on its device object meanwhile. */
START_TEST(test_workitem_order_and_irql)
{
    PDRIVER_OBJECT drv = calloc(1, sizeof(*drv));
    PDEVICE_OBJECT dev;
    PIO_WORKITEM a;
    PIO_WORKITEM b;
    KDPC dpc;
    KIRQL old;

    ck_assert_int_eq(IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0,
                                    FALSE, &dev), STATUS_SUCCESS);
    a = IoAllocateWorkItem(dev);
    b = IoAllocateWorkItem(dev);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    KeInitializeDpc(&dpc, queue_work_dpc, (PVOID)'b');
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    IoQueueWorkItem(a, log_work, CriticalWorkQueue, (PVOID)'a');
    KeInsertQueueDpc(&dpc, b, NULL);
    ck_assert_int_eq(dev->ReferenceCount, 2);
    KeLowerIrql(APC_LEVEL);
    ck_assert_uint_eq(work_len, 0);
    KeLowerIrql(old);
    ck_assert_str_eq(work_log, "ab");
    ck_assert_uint_eq(work_irql, PASSIVE_LEVEL);
    ck_assert_int_eq(dev->ReferenceCount, 1);
    IoFreeWorkItem(a);
    IoFreeWorkItem(b);
    IoDeleteDevice(dev);
    free(drv);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Current Windows reports WDM 6.00. */
START_TEST(test_wdm_version)
{
    ck_assert(IoIsWdmVersionAvailable(1, 0x30));
    ck_assert(IoIsWdmVersionAvailable(6, 0x00));
    ck_assert(!IoIsWdmVersionAvailable(6, 0x01));
    ck_assert(!IoIsWdmVersionAvailable(7, 0x00));
}
END_TEST

/* Mutexes are recursive for their (only) owner; releasing one not held,
 * or a semaphore past its limit, is a bugcheck. */
START_TEST(test_mutex_and_semaphore)
{
    KMUTEX m;
    KSEMAPHORE s;
    LARGE_INTEGER poll = { .QuadPart = 0 };
    uint32_t code = 0;

    KeInitializeMutex(&m, 0);
    ck_assert_int_eq(
        KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, NULL),
        STATUS_SUCCESS);
    ck_assert_int_eq(
        KeWaitForSingleObject(&m, Executive, KernelMode, FALSE, NULL),
        STATUS_SUCCESS);
    KeReleaseMutex(&m, FALSE);
    ck_assert_int_eq(KeReadStateMutex(&m), 0);
    KeReleaseMutex(&m, FALSE);
    ck_assert_int_eq(KeReadStateMutex(&m), 1);
    KeInitializeSemaphore(&s, 1, 2);
    ck_assert_int_eq(
        KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &poll),
        STATUS_SUCCESS);
    ck_assert_int_eq(
        KeWaitForSingleObject(&s, Executive, KernelMode, FALSE, &poll),
        STATUS_TIMEOUT);
    ck_assert_int_eq(KeReleaseSemaphore(&s, 0, 2, FALSE), 0);
    HOST_EXPECT_BUGCHECK(code, KeReleaseSemaphore(&s, 0, 1, FALSE));
    ck_assert_uint_eq(code, KMODE_EXCEPTION_NOT_HANDLED);
    HOST_EXPECT_BUGCHECK(code, KeReleaseMutex(&m, FALSE));
    ck_assert_uint_eq(code, KMODE_EXCEPTION_NOT_HANDLED);
}
END_TEST

/* ---- PnP ---- */

typedef struct PnpTestExt {
    PDEVICE_OBJECT Lower;
    PDEVICE_OBJECT Pdo;
    ULONGLONG MemoryBase;           /* of the latest START */
    UCHAR Minors[16];               /* PnP minor codes in arrival order */
    ULONG MinorCount;
    DEVICE_POWER_STATE DeviceState; /* latest device SET_POWER */
    ULONG Starts;
    ULONG Memories;
    ULONG Interrupts;
    ULONG InterruptFlags;
    ULONG Vector;
    ULONG Level;
} PnpTestExt;

static ULONG pnp_entry_calls;
static ULONG pnp_unload_calls;
static PDEVICE_OBJECT pnp_fdo;

static NTSTATUS NTAPI pnp_test_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PnpTestExt *x = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION s = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    if (x->MinorCount < sizeof(x->Minors)) {
        x->Minors[x->MinorCount++] = s->MinorFunction;
    }
    if (s->MinorFunction == IRP_MN_QUERY_STOP_DEVICE && pnp_veto_query_stop) {
        Irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_UNSUCCESSFUL;
    }
    if (s->MinorFunction == IRP_MN_START_DEVICE) {
        PCM_RESOURCE_LIST tr =
            s->Parameters.StartDevice.AllocatedResourcesTranslated;
        PCM_PARTIAL_RESOURCE_LIST l = &tr->List[0].PartialResourceList;

        x->Starts++;
        for (ULONG i = 0; i < l->Count; i++) {
            if (l->PartialDescriptors[i].Type == CmResourceTypeMemory) {
                x->Memories++;
                x->MemoryBase =
                    l->PartialDescriptors[i].u.Memory.Start.QuadPart;
            } else if (l->PartialDescriptors[i].Type ==
                       CmResourceTypeInterrupt) {
                x->Interrupts++;
                x->InterruptFlags = l->PartialDescriptors[i].Flags;
                x->Vector = l->PartialDescriptors[i].u.Interrupt.Vector;
                x->Level = l->PartialDescriptors[i].u.Interrupt.Level;
            }
        }
    }
    if (s->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(x->Lower, Irp);
        IoDetachDevice(x->Lower);
        IoDeleteDevice(DeviceObject);
        pnp_fdo = NULL;
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(x->Lower, Irp);
}

static VOID NTAPI pnp_test_device_power_done(PDEVICE_OBJECT DeviceObject,
                                             UCHAR MinorFunction,
                                             POWER_STATE PowerState,
                                             PVOID Context,
                                             PIO_STATUS_BLOCK IoStatus)
{
    PIRP systemIrp = Context;
    PnpTestExt *x = pnp_fdo->DeviceExtension;

    (void)DeviceObject;
    (void)MinorFunction;
    (void)PowerState;
    systemIrp->IoStatus.Status = IoStatus->Status;
    PoStartNextPowerIrp(systemIrp);
    IoSkipCurrentIrpStackLocation(systemIrp);
    PoCallDriver(x->Lower, systemIrp);
}

/*
 * The power policy owner of its stack: S0 -> D0, any sleep -> D3, requested
 * with PoRequestPowerIrp before the system IRP goes down.
 */
static NTSTATUS NTAPI pnp_test_power(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PnpTestExt *x = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION s = IoGetCurrentIrpStackLocation(Irp);
    POWER_STATE d;

    if (s->Parameters.Power.Type == SystemPowerState &&
        s->MinorFunction == IRP_MN_QUERY_POWER && pnp_veto_sleep) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_UNSUCCESSFUL;
    }
    if (s->Parameters.Power.Type == SystemPowerState &&
        s->MinorFunction == IRP_MN_SET_POWER) {
        d.DeviceState =
            s->Parameters.Power.State.SystemState == PowerSystemWorking ?
            PowerDeviceD0 : PowerDeviceD3;
        IoMarkIrpPending(Irp);
        PoRequestPowerIrp(x->Pdo, IRP_MN_SET_POWER, d,
                          pnp_test_device_power_done, Irp, NULL);
        return STATUS_PENDING;
    }
    if (s->Parameters.Power.Type == DevicePowerState &&
        s->MinorFunction == IRP_MN_SET_POWER) {
        x->DeviceState = s->Parameters.Power.State.DeviceState;
        if (pnp_complete_twice) {
            PoStartNextPowerIrp(Irp);
            Irp->IoStatus.Status = STATUS_SUCCESS;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return STATUS_SUCCESS;
        }
    }
    if (!pnp_forget_start_next) {
        PoStartNextPowerIrp(Irp);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(x->Lower, Irp);
}

static NTSTATUS NTAPI pnp_test_add_device(PDRIVER_OBJECT Driver,
                                          PDEVICE_OBJECT Pdo)
{
    PnpTestExt *x;
    NTSTATUS status = IoCreateDevice(Driver, sizeof(*x), NULL,
                                     FILE_DEVICE_UNKNOWN, 0, FALSE, &pnp_fdo);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    x = pnp_fdo->DeviceExtension;
    x->Lower = IoAttachDeviceToDeviceStack(pnp_fdo, Pdo);
    x->Pdo = Pdo;
    pnp_fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID NTAPI pnp_test_unload(PDRIVER_OBJECT Driver)
{
    (void)Driver;
    pnp_unload_calls++;
}

static NTSTATUS NTAPI pnp_test_driver_entry(PDRIVER_OBJECT Driver,
                                            PUNICODE_STRING Path)
{
    static const WCHAR want[] =
        L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\pnptest";

    ck_assert_uint_eq(Path->Length, sizeof(want) - sizeof(WCHAR));
    ck_assert(memcmp(Path->Buffer, want, Path->Length) == 0);
    pnp_entry_calls++;
    Driver->MajorFunction[IRP_MJ_PNP] = pnp_test_dispatch;
    Driver->MajorFunction[IRP_MJ_POWER] = pnp_test_power;
    Driver->DriverExtension->AddDevice = pnp_test_add_device;
    Driver->DriverUnload = pnp_test_unload;
    return STATUS_SUCCESS;
}

NT_REGISTER_DRIVER("pnptest", pnp_test_driver_entry, 0x1af4, 0x10f0);

static void add_fake_function(BOOLEAN Msi)
{
    arch_pci_func f = {
        .bus = 0, .dev = 3, .fn = 0, .vendor_id = 0x1af4, .device_id = 0x10f0,
        .class_code = 0x040100, .irq_line = 11, .irq_pin = 1,
        .msi_cap = Msi ? 0x40 : 0,
        .bar = { { .base = 0xfebf0000, .size = 0x1000 } },
    };

    host_pci_add(&f);
}

/* DriverEntry (with its registry path), AddDevice, then START with one
 * memory and one interrupt resource; REMOVE and unload free everything. */
START_TEST(test_pnp_start_flow_msi)
{
    PDEVICE_OBJECT pdo;
    PnpTestExt *x;
    WCHAR name[64];
    ULONG len = 0;

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, &pdo), STATUS_SUCCESS);
    ck_assert_uint_eq(pnp_entry_calls, 1);
    ck_assert_ptr_eq(pdo->AttachedDevice, pnp_fdo);
    x = pnp_fdo->DeviceExtension;
    ck_assert_uint_eq(x->Starts, 1);
    ck_assert_uint_eq(x->Memories, 1);
    ck_assert_uint_eq(x->Interrupts, 1);
    ck_assert_uint_eq(x->InterruptFlags, CM_RESOURCE_INTERRUPT_LATCHED |
                                             CM_RESOURCE_INTERRUPT_MESSAGE);
    ck_assert_uint_eq(x->Level, x->Vector >> 4);
    ck_assert_int_eq(IoGetDeviceProperty(pdo, DevicePropertyEnumeratorName,
                                         sizeof(name), name, &len),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(len, 4 * sizeof(WCHAR));
    ck_assert_int_eq(
        IoGetDeviceProperty(pdo, DevicePropertyHardwareID, 4, name, &len),
        STATUS_BUFFER_TOO_SMALL);
    ck_assert_int_eq(PnpStartDevice("pnptest", 1, NULL), STATUS_NO_SUCH_DEVICE);
    PnpRemoveAllDevices();
    ck_assert_ptr_null(pnp_fdo);
    ck_assert_uint_eq(pnp_unload_calls, 1);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* irq=intx on the command line gives a level-triggered, shareable line. */
START_TEST(test_pnp_start_flow_intx)
{
    PnpTestExt *x;

    host_reset("irq=intx");
    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, NULL), STATUS_SUCCESS);
    x = pnp_fdo->DeviceExtension;
    ck_assert_uint_eq(x->InterruptFlags, CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Device interfaces: registered per PDO, listed only when enabled; the link
 * is Windows' "\??\<instance path with '#'>#{guid}\<ref>" (issue 8: it was
 * "\??\\Device\NTPNP_PCI0001#{guid}\Wave"). */
START_TEST(test_pnp_device_interfaces)
{
    static const GUID cls = {
        0x6994ad04, 0x93ef, 0x11d0,
        { 0xa3, 0xcc, 0x00, 0xa0, 0xc9, 0x22, 0x31, 0x96 }
    };
    static const WCHAR want[] =
        L"\\??\\PCI#VEN_1AF4&DEV_10F0&SUBSYS_00000000&REV_00#3&267A616A&0&18"
        L"#{6994ad04-93ef-11d0-a3cc-00a0c9223196}\\Wave";
    UNICODE_STRING ref = RTL_CONSTANT_STRING(L"Wave");
    UNICODE_STRING link;
    PDEVICE_OBJECT pdo;
    PZZWSTR list;

    add_fake_function(FALSE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, &pdo), STATUS_SUCCESS);
    ck_assert_int_eq(IoRegisterDeviceInterface(pdo, &cls, &ref, &link),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(link.Length, sizeof(want) - sizeof(WCHAR));
    ck_assert(memcmp(link.Buffer, want, sizeof(want)) == 0);
    ck_assert_int_eq(IoGetDeviceInterfaces(&cls, NULL, 0, &list),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(list[0], 0);
    ExFreePool(list);
    ck_assert_int_eq(IoSetDeviceInterfaceState(&link, TRUE), STATUS_SUCCESS);
    ck_assert_int_eq(IoGetDeviceInterfaces(&cls, NULL, 0, &list),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(list[0], '\\');
    ck_assert_uint_eq(list[link.Length / sizeof(WCHAR) + 1], 0);
    ck_assert(memcmp(list, link.Buffer, link.Length) == 0);
    ExFreePool(list);
    RtlFreeUnicodeString(&link);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* S3 through the stack's policy owner reaches the PCI PMCSR as D3hot; S0
 * brings it back to D0; repeated S0 sends nothing new to the device. */
START_TEST(test_power_system_sleep_and_wake)
{
    PDEVICE_OBJECT pdo;
    PnpTestExt *x;

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, &pdo), STATUS_SUCCESS);
    x = pnp_fdo->DeviceExtension;
    ck_assert_uint_eq(host_pci_power(0), 0);
    ck_assert_int_eq(PnpSetSystemPowerState(PowerSystemSleeping3),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(x->DeviceState, PowerDeviceD3);
    ck_assert_uint_eq(host_pci_power(0), 3);
    ck_assert_int_eq(PnpSetSystemPowerState(PowerSystemWorking),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(x->DeviceState, PowerDeviceD0);
    ck_assert_uint_eq(host_pci_power(0), 0);
    ck_assert_int_eq(PnpSetSystemPowerState(PowerSystemUnspecified),
                     STATUS_INVALID_PARAMETER);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* A vetoed QUERY_POWER keeps the system (and the device) in S0/D0. */
START_TEST(test_power_query_veto)
{
    PnpTestExt *x;

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, NULL), STATUS_SUCCESS);
    x = pnp_fdo->DeviceExtension;
    pnp_veto_sleep = TRUE;
    ck_assert_int_eq(PnpSetSystemPowerState(PowerSystemSleeping3),
                     STATUS_UNSUCCESSFUL);
    ck_assert_uint_eq(x->DeviceState, PowerDeviceD0);
    ck_assert_uint_eq(host_pci_power(0), 0);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* PoRequestPowerIrp: device power IRPs only (no PME: no WAIT_WAKE). */
START_TEST(test_power_request_rejects)
{
    PDEVICE_OBJECT pdo;
    POWER_STATE d = { .DeviceState = PowerDeviceD3 };
    POWER_STATE bad = { .DeviceState = PowerDeviceMaximum };

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, &pdo), STATUS_SUCCESS);
    ck_assert_int_eq(PoRequestPowerIrp(pdo, IRP_MN_WAIT_WAKE, d, NULL, NULL,
                                       NULL), STATUS_INVALID_PARAMETER_2);
    ck_assert_int_eq(PoRequestPowerIrp(pdo, IRP_MN_SET_POWER, bad, NULL,
                                       NULL, NULL), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(PoRequestPowerIrp(pdo, IRP_MN_SET_POWER, d, NULL, NULL,
                                       NULL), STATUS_PENDING);
    ck_assert_uint_eq(host_pci_power(0), 3);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Driver Verifier: a driver that passes a power IRP on without
 * PoStartNextPowerIrp is DRIVER_POWER_STATE_FAILURE (0x9F, 0x500, target,
 * that driver's device object); one that completes it twice is
 * MULTIPLE_IRP_COMPLETE_REQUESTS. */
START_TEST(test_power_verifier_bugchecks)
{
    uint32_t code;

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, NULL), STATUS_SUCCESS);
    if (_i == 0) {
        pnp_forget_start_next = TRUE;
        HOST_EXPECT_BUGCHECK(code,
                             PnpSetSystemPowerState(PowerSystemSleeping3));
        ck_assert_uint_eq(code, DRIVER_POWER_STATE_FAILURE);
        ck_assert_uint_eq(host_bugcheck_params[0], 0x500);
        ck_assert_ptr_eq((PVOID)host_bugcheck_params[3], pnp_fdo);
    } else {
        pnp_complete_twice = TRUE;
        HOST_EXPECT_BUGCHECK(code,
                             PnpSetSystemPowerState(PowerSystemSleeping3));
        ck_assert_uint_eq(code, MULTIPLE_IRP_COMPLETE_REQUESTS);
    }
}
END_TEST

/* Rebalance: QUERY_STOP, STOP, the BAR moves, START with the new base. A
 * vetoed QUERY_STOP is followed by CANCEL_STOP and nothing moves. */
START_TEST(test_pnp_rebalance_moves_bar)
{
    static const UCHAR want[] = {
        IRP_MN_START_DEVICE, IRP_MN_QUERY_STOP_DEVICE, IRP_MN_STOP_DEVICE,
        IRP_MN_START_DEVICE, IRP_MN_QUERY_STOP_DEVICE,
        IRP_MN_CANCEL_STOP_DEVICE,
    };
    PDEVICE_OBJECT pdo;
    PnpTestExt *x;

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, &pdo), STATUS_SUCCESS);
    x = pnp_fdo->DeviceExtension;
    ck_assert_uint_eq(x->MemoryBase, 0xfebf0000);
    ck_assert_int_eq(PnpRebalanceDevice(pdo, 0, 0xfeaf0000), STATUS_SUCCESS);
    ck_assert_uint_eq(x->Starts, 2);
    ck_assert_uint_eq(x->MemoryBase, 0xfeaf0000);
    pnp_veto_query_stop = TRUE;
    ck_assert_int_eq(PnpRebalanceDevice(pdo, 0, 0xfe9f0000),
                     STATUS_UNSUCCESSFUL);
    ck_assert_uint_eq(x->MemoryBase, 0xfeaf0000);
    ck_assert_uint_eq(x->MinorCount, sizeof(want));
    ck_assert(memcmp(x->Minors, want, sizeof(want)) == 0);
    ck_assert_int_eq(PnpRebalanceDevice(pdo, 1, 0xfe9f0000),
                     STATUS_INVALID_PARAMETER);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Surprise removal: the function goes to D3hot (gone), the stack gets
 * SURPRISE_REMOVAL, then REMOVE at the end; a second one is refused. */
START_TEST(test_pnp_surprise_removal)
{
    PDEVICE_OBJECT pdo;
    PnpTestExt *x;

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, &pdo), STATUS_SUCCESS);
    x = pnp_fdo->DeviceExtension;
    ck_assert_int_eq(PnpSurpriseRemoveDevice(pdo), STATUS_SUCCESS);
    ck_assert_uint_eq(host_pci_power(0), 3);
    ck_assert_uint_eq(x->Minors[x->MinorCount - 1], IRP_MN_SURPRISE_REMOVAL);
    ck_assert_int_eq(PnpSurpriseRemoveDevice(pdo), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(PnpSetSystemPowerState(PowerSystemSleeping3),
                     STATUS_SUCCESS);
    PnpRemoveAllDevices();
    ck_assert_ptr_null(pnp_fdo);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Hot-unplug: nothing happens until the host asks; then the poll ejects
 * the function and sends SURPRISE_REMOVAL once, and PnpRemoveDevice sends
 * REMOVE and deletes the PDO (only for a removed device). */
START_TEST(test_pnp_hot_unplug)
{
    static const UCHAR want[] = {
        IRP_MN_START_DEVICE, IRP_MN_SURPRISE_REMOVAL,
    };
    PDEVICE_OBJECT pdo;
    PnpTestExt *x;

    add_fake_function(TRUE);
    ck_assert_int_eq(PnpStartDevice("pnptest", 0, &pdo), STATUS_SUCCESS);
    x = pnp_fdo->DeviceExtension;
    ck_assert_uint_eq(PnpPollHotplug(), 0);
    ck_assert_int_eq(PnpRemoveDevice(pdo), STATUS_INVALID_PARAMETER);
    host_pci_request_unplug(0);
    ck_assert_uint_eq(PnpPollHotplug(), 1);
    ck_assert(host_pci_ejected(0));
    ck_assert_uint_eq(PnpPollHotplug(), 0);
    ck_assert_uint_eq(x->MinorCount, sizeof(want));
    ck_assert(memcmp(x->Minors, want, sizeof(want)) == 0);
    ck_assert_int_eq(PnpRemoveDevice(pdo), STATUS_SUCCESS);
    ck_assert_ptr_null(pnp_fdo);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* A tcase of @s with the fresh kernel every test starts from. */
static TCase *nt_tcase(Suite *s, const char *name)
{
    TCase *tc = cyc_tcase_new(name, 10);

    tcase_add_checked_fixture(tc, nt_setup, NULL);
    suite_add_tcase(s, tc);
    return tc;
}

static Suite *nt_suite(void)
{
    Suite *s = suite_create("unit-nt");
    TCase *tc;

    tc = nt_tcase(s, "dpc");
    tcase_add_test(tc, test_dpc_runs_in_queue_order_on_lower);
    tcase_add_test(tc, test_dpc_queued_from_dpc_runs_in_same_drain);
    tcase_add_test(tc, test_dpc_remove_before_run);

    tc = nt_tcase(s, "interrupt");
    tcase_add_test(tc, test_interrupt_delivery_respects_irql);
    tcase_add_test(tc, test_interrupt_synchronize_execution);
    tcase_add_test(tc, test_interrupt_connect_rejects_bad_parameters);
    tcase_add_test(tc, test_interrupt_shared_level_chain_and_storm);

    tc = nt_tcase(s, "timer");
    tcase_add_test(tc, test_timer_one_shot_fires_at_due_time);
    tcase_add_test(tc, test_timer_periodic_grid_and_missed_expiries);
    tcase_add_test(tc, test_timer_order_and_reset);
    tcase_add_test(tc, test_timer_absolute_due_time);
    tcase_add_test(tc, test_wait_timeout_and_auto_reset);
    tcase_add_test(tc, test_wait_that_cannot_end_bugchecks);

    tc = nt_tcase(s, "irp");
    tcase_add_test(tc, test_irp_pending_and_completion_routine);
    tcase_add_test(tc, test_irp_more_processing_required_returns_ownership);
    tcase_add_test(tc, test_irp_complete_with_pending_bugchecks);
    tcase_add_test(tc, test_irp_buffered_ioctl_round_trip);

    tc = nt_tcase(s, "pool");
    tcase_add_test(tc, test_pool_accounting_per_tag);
    tcase_add_loop_test(tc, test_pool_misuse_bugchecks, 0,
                        G_N_ELEMENTS(pool_misuses));
    tcase_add_test(tc, test_pool_contiguous_alignment_and_boundary);
    tcase_add_test(tc, test_pool_random_stress);

    tc = nt_tcase(s, "irql");
    tcase_add_loop_test(tc, test_irql_misuse_bugchecks, 0,
                        G_N_ELEMENTS(irql_misuses));
    tcase_add_test(tc, test_bugcheck_report_format);

    tc = nt_tcase(s, "ntstatus");
    tcase_add_loop_test(tc, test_ntstatus_values_are_microsofts, 0,
                        G_N_ELEMENTS(status_values));

    tc = nt_tcase(s, "rtl");
    tcase_add_test(tc, test_rtl_guid_string_round_trip);
    tcase_add_test(tc, test_rtl_strings);
    tcase_add_test(tc, test_fmt_conversions);
    tcase_add_test(tc, test_dbgprint_windows_formats);
    tcase_add_test(tc, test_rtl_assert_signature_and_bugcheck);
    tcase_add_test(tc, test_rtl_ntstrsafe_wide);
    tcase_add_test(tc, test_rtl_query_registry_without_registry);
    tcase_add_test(tc, test_workitem_order_and_irql);
    tcase_add_test(tc, test_wdm_version);
    tcase_add_test(tc, test_mutex_and_semaphore);

    tc = nt_tcase(s, "pnp");
    tcase_add_test(tc, test_pnp_start_flow_msi);
    tcase_add_test(tc, test_pnp_start_flow_intx);
    tcase_add_test(tc, test_pnp_device_interfaces);
    tcase_add_test(tc, test_pnp_rebalance_moves_bar);
    tcase_add_test(tc, test_pnp_surprise_removal);
    tcase_add_test(tc, test_pnp_hot_unplug);

    tc = nt_tcase(s, "power");
    tcase_add_test(tc, test_power_system_sleep_and_wake);
    tcase_add_test(tc, test_power_query_veto);
    tcase_add_test(tc, test_power_request_rejects);
    tcase_add_loop_test(tc, test_power_verifier_bugchecks, 0, 2);
    return s;
}

int main(void)
{
    return cyc_run_suite(nt_suite());
}
