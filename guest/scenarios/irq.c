/* SPDX-License-Identifier: MIT */
/*
 * Interrupt delivery end to end through the Windows model: a minimal WDM
 * function driver ("cycirq") is started by the PnP manager on the cycaudio
 * function, connects its ISR from the translated resources, and lets render
 * stream 0 raise period interrupts. The ISR acknowledges at the source and
 * queues a DPC; the scenario checks count, timing against the period grid,
 * the interrupt kind (irq=msi|intx on the command line) and
 * KeSynchronizeExecution. Removal disconnects and frees everything.
 */
#include <stdint.h>

#include "cycaudio/regs.h"
#include "ntrt.h"
#include "platform.h"
#include "scenario.h"

#define CYCIRQ_TAG 'qrIC'
#define CYCIRQ_RATE 48000u
#define CYCIRQ_CHANNELS 2u
#define CYCIRQ_FRAME_BYTES 4u
#define CYCIRQ_PERIOD_FRAMES 240u   /* 5 ms at 48 kHz */
#define CYCIRQ_BUFFER_BYTES 4096u
#define CYCIRQ_PERIODS 8u
#define CYCIRQ_NS_PER_S 1000000000ull
#define CYCIRQ_LATENCY_MAX_NS 20000ull

typedef struct cycirq_ext {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    volatile UCHAR *Regs;
    PKINTERRUPT Interrupt;
    BOOLEAN Message;
    KINTERRUPT_MODE Mode;
    ULONG Vector;
    KIRQL Irql;
    KDPC Dpc;
    KEVENT Done;
    volatile ULONG IsrCount;
    volatile ULONG Claimed;
    volatile ULONG DpcCount;
    KIRQL IsrIrql;
    uint64_t IsrNs[CYCIRQ_PERIODS];
    ULONG IsrPcount[CYCIRQ_PERIODS];
    PVOID Buffer;
    PHYSICAL_ADDRESS BufferPa;
} cycirq_ext;

static ULONG cycirq_read(cycirq_ext *x, ULONG off)
{
    return READ_REGISTER_ULONG((volatile ULONG *)(x->Regs + off));
}

static VOID cycirq_write(cycirq_ext *x, ULONG off, ULONG v)
{
    WRITE_REGISTER_ULONG((volatile ULONG *)(x->Regs + off), v);
}

static BOOLEAN NTAPI cycirq_isr(PKINTERRUPT Interrupt, PVOID Context)
{
    cycirq_ext *x = Context;
    ULONG sis = CYC_GET(cycirq_read(x, CYC_REG_INTSTS), CYC_INTSTS_SIS);
    ULONG sts;

    UNREFERENCED_PARAMETER(Interrupt);
    x->IsrCount++;
    x->IsrIrql = KeGetCurrentIrql();
    if (!(sis & 1u)) {
        return FALSE;
    }
    sts = cycirq_read(x, CYC_STREAM_OFF(0) + CYC_SD_STS) & CYC_STS_W1C_MASK;
    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_STS, sts);
    if (x->Claimed < CYCIRQ_PERIODS) {
        x->IsrNs[x->Claimed] = KeQueryPerformanceCounter(NULL).QuadPart;
        x->IsrPcount[x->Claimed] =
            cycirq_read(x, CYC_STREAM_OFF(0) + CYC_SD_PCOUNT);
    }
    x->Claimed++;
    KeInsertQueueDpc(&x->Dpc, NULL, NULL);
    return TRUE;
}

static VOID NTAPI cycirq_dpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    cycirq_ext *x = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    if (++x->DpcCount >= CYCIRQ_PERIODS) {
        KeSetEvent(&x->Done, IO_NO_INCREMENT, FALSE);
    }
}

static NTSTATUS NTAPI cycirq_on_lower_done(PDEVICE_OBJECT DeviceObject,
                                           PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent(Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS cycirq_forward_sync(cycirq_ext *x, PIRP Irp)
{
    KEVENT done;
    NTSTATUS status;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, cycirq_on_lower_done, &done, TRUE, TRUE, TRUE);
    status = IoCallDriver(x->Lower, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    }
    return Irp->IoStatus.Status;
}

static NTSTATUS cycirq_start(cycirq_ext *x, PCM_RESOURCE_LIST Translated)
{
    PCM_PARTIAL_RESOURCE_LIST list = &Translated->List[0].PartialResourceList;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR irq = NULL;
    PHYSICAL_ADDRESS low = { .QuadPart = 0 };
    PHYSICAL_ADDRESS high = { .QuadPart = 0xffffffff };
    PHYSICAL_ADDRESS none = { .QuadPart = 0 };

    for (ULONG i = 0; i < list->Count; i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR d = &list->PartialDescriptors[i];

        if (CmResourceTypeMemory == d->Type && !x->Regs &&
            d->u.Memory.Length >= CYC_BAR0_SIZE) {
            x->Regs = MmMapIoSpace(d->u.Memory.Start, d->u.Memory.Length,
                                   MmNonCached);
        } else if (CmResourceTypeInterrupt == d->Type && !irq) {
            irq = d;
        }
    }
    if (!x->Regs || !irq) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    x->Message = (irq->Flags & CM_RESOURCE_INTERRUPT_MESSAGE) != 0;
    x->Mode =
        (irq->Flags & CM_RESOURCE_INTERRUPT_LATCHED) ? Latched : LevelSensitive;
    x->Vector = irq->u.Interrupt.Vector;
    x->Irql = (KIRQL)irq->u.Interrupt.Level;
    x->Buffer = MmAllocateContiguousMemorySpecifyCache(CYCIRQ_BUFFER_BYTES, low,
                                                       high, none, MmCached);
    if (!x->Buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(x->Buffer, CYCIRQ_BUFFER_BYTES);
    x->BufferPa = MmGetPhysicalAddress(x->Buffer);
    return IoConnectInterrupt(&x->Interrupt, cycirq_isr, x, NULL, x->Vector,
                              x->Irql, x->Irql, x->Mode,
                              irq->ShareDisposition == CmResourceShareShared,
                              1, FALSE);
}

static VOID cycirq_stop(cycirq_ext *x)
{
    if (x->Regs) {
        cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_CTL, CYC_CTL_SRST_MASK);
        cycirq_write(x, CYC_REG_INTCTL, 0);
    }
    if (x->Interrupt) {
        IoDisconnectInterrupt(x->Interrupt);
        x->Interrupt = NULL;
    }
    KeFlushQueuedDpcs();
    if (x->Buffer) {
        MmFreeContiguousMemory(x->Buffer);
        x->Buffer = NULL;
    }
}

static NTSTATUS NTAPI cycirq_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    cycirq_ext *x = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    PAGED_CODE();
    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = cycirq_forward_sync(x, Irp);
        if (NT_SUCCESS(status)) {
            status = cycirq_start(
                x, stack->Parameters.StartDevice.AllocatedResourcesTranslated);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    case IRP_MN_REMOVE_DEVICE:
        cycirq_stop(x);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(x->Lower, Irp);
        IoDetachDevice(x->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    default:
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(x->Lower, Irp);
    }
}

static NTSTATUS NTAPI cycirq_add_device(PDRIVER_OBJECT DriverObject,
                                        PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT fdo;
    cycirq_ext *x;
    NTSTATUS status;

    PAGED_CODE();
    status = IoCreateDevice(DriverObject, sizeof(*x), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_AUTOGENERATED_DEVICE_NAME, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    x = fdo->DeviceExtension;
    x->Self = fdo;
    KeInitializeDpc(&x->Dpc, cycirq_dpc, x);
    KeInitializeEvent(&x->Done, NotificationEvent, FALSE);
    x->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI cycirq_driver_entry(PDRIVER_OBJECT DriverObject,
                                          PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_PNP] = cycirq_pnp;
    DriverObject->DriverExtension->AddDevice = cycirq_add_device;
    return STATUS_SUCCESS;
}

NT_REGISTER_DRIVER("cycirq", cycirq_driver_entry, CYC_PCI_VENDOR_ID,
                   CYC_PCI_DEVICE_ID);

static BOOLEAN NTAPI cycirq_sync_read(PVOID Context)
{
    cycirq_ext *x = Context;

    /* Runs with the ISR excluded: the IRQL proves it. */
    return KeGetCurrentIrql() == x->Irql;
}

static uint64_t cycirq_period_ns(ULONG k)
{
    uint64_t frames = (uint64_t)k * CYCIRQ_PERIOD_FRAMES;

    return (frames * CYCIRQ_NS_PER_S + CYCIRQ_RATE - 1) / CYCIRQ_RATE;
}

static void irq_run(void)
{
    const char *want = scenario_param("irq", "msi");
    BOOLEAN wantMsi = want[0] == 'm';
    PDEVICE_OBJECT pdo;
    cycirq_ext *x;
    LARGE_INTEGER limit = { .QuadPart = -10000000 };  /* 1 s */
    uint64_t t0;
    BOOLEAN onGrid = TRUE;
    NTSTATUS status;

    status = PnpStartDevice("cycirq", 0, &pdo);
    if (!tap_ok(NT_SUCCESS(status),
                "PnP started cycirq on the cycaudio function (status 0x%08x)",
                (unsigned)status)) {
        return;
    }
    x = pdo->AttachedDevice->DeviceExtension;
    tap_ok(x->Message == wantMsi &&
           x->Mode == (wantMsi ? Latched : LevelSensitive),
           "translated interrupt is %s, %s, vector 0x%x at IRQL %u (asked "
           "irq=%s)", x->Message ? "message-signalled" : "line-based",
           Latched == x->Mode ? "latched" : "level", x->Vector, x->Irql, want);
    tap_ok(KeSynchronizeExecution(x->Interrupt, cycirq_sync_read, x),
           "KeSynchronizeExecution runs at the interrupt's IRQL");

    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_FMT,
                 CYC_SET(CYC_SET(CYC_SET(0, CYC_FMT_RATE, CYCIRQ_RATE),
                                 CYC_FMT_CHANNELS, CYCIRQ_CHANNELS),
                         CYC_FMT_SFMT, CYC_SFMT_S16));
    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_BUF_LO,
                 (ULONG)x->BufferPa.QuadPart);
    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_BUF_HI,
                 (ULONG)((ULONGLONG)x->BufferPa.QuadPart >> 32));
    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_BSIZE,
                 (ULONG)scenario_param_u64("bsize", CYCIRQ_BUFFER_BYTES));
    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_PSIZE,
                 CYCIRQ_PERIOD_FRAMES * CYCIRQ_FRAME_BYTES);
    cycirq_write(x, CYC_REG_INTCTL,
                 CYC_INTCTL_GIE_MASK | CYC_SET(0, CYC_INTCTL_SIE, 1u));
    t0 = KeQueryPerformanceCounter(NULL).QuadPart;
    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_CTL,
                 CYC_SET(0, CYC_CTL_STATE, CYC_STATE_RUN) | CYC_CTL_PIE_MASK |
                 CYC_CTL_EIE_MASK);
    status =
        KeWaitForSingleObject(&x->Done, Executive, KernelMode, FALSE, &limit);
    cycirq_write(x, CYC_STREAM_OFF(0) + CYC_SD_CTL,
                 CYC_SET(0, CYC_CTL_STATE, CYC_STATE_STOP));
    if (!tap_ok(status == STATUS_SUCCESS,
                "%u period interrupts reached the ISR (%u ISR calls, %u DPCs, "
                "ERR %u)", x->Claimed, x->IsrCount, x->DpcCount,
                cycirq_read(x, CYC_STREAM_OFF(0) + CYC_SD_ERR))) {
        return;
    }
    tap_ok(x->IsrIrql == x->Irql, "ISR ran at IRQL %u (device IRQL %u)",
           x->IsrIrql, x->Irql);
    /* Each ISR must follow the deadline of the period the device reports
     * (PCOUNT) promptly; PCOUNT only grows. */
    for (ULONG k = 0; k < CYCIRQ_PERIODS; k++) {
        uint64_t due = t0 + cycirq_period_ns(x->IsrPcount[k]);

        tap_diag("interrupt %u: due >= %llu ns, ISR at %llu ns, PCOUNT %u",
                 k + 1, (unsigned long long)due,
                 (unsigned long long)x->IsrNs[k], x->IsrPcount[k]);
        onGrid = onGrid && x->IsrNs[k] >= due &&
                 x->IsrNs[k] - due <= CYCIRQ_LATENCY_MAX_NS &&
                 (k == 0 || x->IsrPcount[k] > x->IsrPcount[k - 1]);
    }
    tap_ok(onGrid,
           "each ISR ran within %llu ns after the deadline of the period "
           "PCOUNT reports", CYCIRQ_LATENCY_MAX_NS);
    tap_ok(x->IsrPcount[CYCIRQ_PERIODS - 1] == CYCIRQ_PERIODS,
           "one interrupt per period (PCOUNT %u after %u interrupts)",
           x->IsrPcount[CYCIRQ_PERIODS - 1], CYCIRQ_PERIODS);
    tap_ok(x->Claimed == x->IsrCount || x->Message,
           "no unclaimed calls on the line (%u of %u claimed)", x->Claimed,
           x->IsrCount);
}

SCENARIO("irq",
         "cycaudio period interrupts reach a WDM ISR by MSI or INTx "
         "(irq=msi|intx)", irq_run);
