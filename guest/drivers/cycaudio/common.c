/* SPDX-License-Identifier: MIT */
/*
 * CAdapterCommon (see common.h). Lock rule: Lock (a spin lock) guards the
 * claimed-block mask and the mixer state; the per-block ISR table is changed
 * only inside the interrupt sync, so the ISR, which runs inside it, never sees
 * a routine being torn down.
 */
#include "common.h"

typedef struct CYC_BLOCK_ISR {
    PCYC_STREAM_ISR Routine;
    PVOID Context;
} CYC_BLOCK_ISR;

typedef struct CAdapterCommon {
    IAdapterCommon Iface;
    COM_REF Ref;
    PDEVICE_OBJECT DeviceObject;
    PINTERRUPTSYNC InterruptSync;
    CYC_HW Hw;
    KSPIN_LOCK Lock;
    ULONG ClaimedBlocks;                /* bit n: block n belongs to a stream */
    CYC_BLOCK_ISR Isr[CYC_MAX_STREAMS]; /* interrupt sync held to change */
    ULONG MasterAttenuation;
    BOOLEAN MasterMute;
    ULONG CaptureSource;                /* CYC_SRC_* for every capture block */
    ULONG GeneratorMode;
    ULONG GeneratorFrequency;
} CAdapterCommon;

static CAdapterCommon *CAdapterCommon_From(IAdapterCommon *Iface)
{
    return CONTAINING_RECORD(Iface, CAdapterCommon, Iface);
}

static const COM_QI_ENTRY CAdapterCommon_Qi[] = {
    { &IID_IUnknown, offsetof(CAdapterCommon, Iface) },
    { &IID_IAdapterCommon, offsetof(CAdapterCommon, Iface) },
};

static NTSTATUS NTAPI CAdapterCommon_QueryInterface(IAdapterCommon *This,
                                                    REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CAdapterCommon_From(This), CAdapterCommon_Qi,
                             COM_ARRAY_SIZE(CAdapterCommon_Qi), Iid, Object);
}

static ULONG NTAPI CAdapterCommon_AddRef(IAdapterCommon *This)
{
    return ComRefAddRef(&CAdapterCommon_From(This)->Ref);
}

static ULONG NTAPI CAdapterCommon_Release(IAdapterCommon *This)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    ULONG count = ComRefRelease(&common->Ref);

    if (count != 0) {
        return count;
    }
    if (common->InterruptSync != NULL) {
        COM_CALL(common->InterruptSync, Disconnect);
        COM_SAFE_RELEASE(&common->InterruptSync);
    }
    CycHwDisconnect(&common->Hw);
    ExFreePoolWithTag(common, CYC_POOLTAG_ADAPTER);
    return 0;
}

/*
 * DIRQL, inside the interrupt sync: acknowledge each pending
 * block, then tell its stream.
 */
static NTSTATUS NTAPI CAdapterCommon_InterruptServiceRoutine(
    PINTERRUPTSYNC InterruptSync, PVOID DynamicContext)
{
    CAdapterCommon *common = DynamicContext;
    ULONG pending = CycHwPendingBlocks(&common->Hw);
    ULONG events;
    ULONG block;

    UNREFERENCED_PARAMETER(InterruptSync);
    if (pending == 0) {
        return STATUS_UNSUCCESSFUL;
    }
    for (block = 0; block < CYC_MAX_STREAMS; block++) {
        if ((pending & (1u << block)) == 0) {
            continue;
        }
        events = CycHwStreamAcknowledge(&common->Hw, block);
        if (events != 0 && common->Isr[block].Routine != NULL) {
            common->Isr[block].Routine(common->Isr[block].Context, events);
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CAdapterCommon_Init(IAdapterCommon *This,
                                          PRESOURCELIST ResourceList,
                                          PDEVICE_OBJECT DeviceObject)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR memory;
    NTSTATUS status;

    PAGED_CODE();
    common->DeviceObject = DeviceObject;
    memory =
        COM_CALL(ResourceList, FindTranslatedEntry, CmResourceTypeMemory, 0);
    if (memory == NULL ||
        COM_CALL(ResourceList, NumberOfEntriesOfType,
                 CmResourceTypeInterrupt) == 0) {
        DPF(D_ERROR, "resources: need one memory BAR and one interrupt");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    status = CycHwConnect(&common->Hw, memory->u.Memory.Start,
                          memory->u.Memory.Length);
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "no cycaudio ABI %u device at the BAR (0x%08x)",
            CYC_ABI_MAJOR, status);
        return status;
    }
    status = PcNewInterruptSync(&common->InterruptSync, NULL, ResourceList, 0,
                                InterruptSyncModeNormal);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = COM_CALL(common->InterruptSync, RegisterServiceRoutine,
                      CAdapterCommon_InterruptServiceRoutine, common, FALSE);
    if (NT_SUCCESS(status)) {
        status = COM_CALL(common->InterruptSync, Connect);
    }
    if (!NT_SUCCESS(status)) {
        COM_SAFE_RELEASE(&common->InterruptSync);
        return status;
    }
    CycHwSetMaster(&common->Hw, common->MasterAttenuation, common->MasterMute);
    CycHwSetGenerator(&common->Hw, common->GeneratorMode,
                      common->GeneratorFrequency);
    DPF(D_TERSE, "started: %u render, %u capture streams, fifo %u frames",
        CycHwStreamCount(&common->Hw, FALSE),
        CycHwStreamCount(&common->Hw, TRUE), common->Hw.FifoFrames);
    return STATUS_SUCCESS;
}

static PCYC_HW NTAPI CAdapterCommon_GetHw(IAdapterCommon *This)
{
    return &CAdapterCommon_From(This)->Hw;
}

/*
 * Lock held. Loopback always listens to render stream 0
 * (what the render pin plays).
 */
static VOID CAdapterCommon_ApplySource(CAdapterCommon *Common, ULONG Block)
{
    CycHwStreamSetSource(&Common->Hw, Block, Common->CaptureSource, 0);
}

static NTSTATUS NTAPI CAdapterCommon_ClaimStream(IAdapterCommon *This,
                                                 BOOLEAN Capture, PULONG Block)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    ULONG count = CycHwStreamCount(&common->Hw, Capture);
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    KIRQL oldIrql;
    ULONG block;
    ULONG i;

    PAGED_CODE();
    KeAcquireSpinLock(&common->Lock, &oldIrql);
    for (i = 0; i < count; i++) {
        block = CycHwStreamBlock(Capture, i);
        if ((common->ClaimedBlocks & (1u << block)) == 0) {
            common->ClaimedBlocks |= 1u << block;
            CycHwStreamReset(&common->Hw, block);
            if (Capture) {
                CAdapterCommon_ApplySource(common, block);
            }
            *Block = block;
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&common->Lock, oldIrql);
    return status;
}

typedef struct CYC_SET_ISR_CONTEXT {
    CAdapterCommon *Common;
    ULONG Block;
    PCYC_STREAM_ISR Routine;
    PVOID Context;
} CYC_SET_ISR_CONTEXT;

static NTSTATUS NTAPI CAdapterCommon_SetIsrSynchronized(
    PINTERRUPTSYNC InterruptSync, PVOID DynamicContext)
{
    CYC_SET_ISR_CONTEXT *set = DynamicContext;

    UNREFERENCED_PARAMETER(InterruptSync);
    set->Common->Isr[set->Block].Routine = set->Routine;
    set->Common->Isr[set->Block].Context = set->Context;
    CycHwEnableBlockInterrupt(&set->Common->Hw, set->Block,
                              set->Routine != NULL);
    return STATUS_SUCCESS;
}

static VOID NTAPI CAdapterCommon_SetStreamIsr(IAdapterCommon *This, ULONG Block,
                                              PCYC_STREAM_ISR Routine,
                                              PVOID Context)
{
    CYC_SET_ISR_CONTEXT set = {
        .Common = CAdapterCommon_From(This),
        .Block = Block,
        .Routine = Routine,
        .Context = Context,
    };

    COM_CALL(set.Common->InterruptSync, CallSynchronizedRoutine,
             CAdapterCommon_SetIsrSynchronized, &set);
}

/*
 * How long a closing stream may take to play out what the
 * device fetched before STOP.
 */
#define CYC_DRAIN_POLL_MS       1
#define CYC_DRAIN_LIMIT_MS      250

static VOID NTAPI CAdapterCommon_FreeStream(IAdapterCommon *This, ULONG Block)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    LARGE_INTEGER poll = { .QuadPart = -(LONGLONG)CYC_DRAIN_POLL_MS * 10000 };
    KIRQL oldIrql;
    ULONG waited;

    PAGED_CODE();
    CAdapterCommon_SetStreamIsr(This, Block, NULL, NULL);
    /*
     * A stream reset discards the device FIFO: let a stopped render block play
     * its last fetched frames first (the device promises them to the backend),
     * within a deadline.
     */
    for (waited = 0; waited < CYC_DRAIN_LIMIT_MS &&
         CycHwStreamDraining(&common->Hw, Block);
         waited += CYC_DRAIN_POLL_MS) {
        KeDelayExecutionThread(KernelMode, FALSE, &poll);
    }
    CycHwStreamReset(&common->Hw, Block);
    KeAcquireSpinLock(&common->Lock, &oldIrql);
    common->ClaimedBlocks &= ~(1u << Block);
    KeReleaseSpinLock(&common->Lock, oldIrql);
}

static VOID NTAPI CAdapterCommon_SetMaster(IAdapterCommon *This,
                                           ULONG Attenuation, BOOLEAN Mute)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    KIRQL oldIrql;

    KeAcquireSpinLock(&common->Lock, &oldIrql);
    common->MasterAttenuation =
        Attenuation > CYC_ATT_MAX ? CYC_ATT_MAX : Attenuation;
    common->MasterMute = Mute;
    CycHwSetMaster(&common->Hw, common->MasterAttenuation, common->MasterMute);
    KeReleaseSpinLock(&common->Lock, oldIrql);
}

static VOID NTAPI CAdapterCommon_GetMaster(IAdapterCommon *This,
                                           PULONG Attenuation, PBOOLEAN Mute)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    KIRQL oldIrql;

    KeAcquireSpinLock(&common->Lock, &oldIrql);
    *Attenuation = common->MasterAttenuation;
    *Mute = common->MasterMute;
    KeReleaseSpinLock(&common->Lock, oldIrql);
}

static VOID NTAPI CAdapterCommon_SetCaptureSource(IAdapterCommon *This,
                                                  ULONG Source)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    KIRQL oldIrql;
    ULONG block;

    KeAcquireSpinLock(&common->Lock, &oldIrql);
    common->CaptureSource = Source;
    for (block = CYC_CAPTURE_BLOCK(0); block < CYC_MAX_STREAMS; block++) {
        if (common->ClaimedBlocks & (1u << block)) {
            CAdapterCommon_ApplySource(common, block);
        }
    }
    KeReleaseSpinLock(&common->Lock, oldIrql);
}

static ULONG NTAPI CAdapterCommon_GetCaptureSource(IAdapterCommon *This)
{
    return CAdapterCommon_From(This)->CaptureSource;
}

static VOID NTAPI CAdapterCommon_SetGenerator(IAdapterCommon *This, ULONG Mode,
                                              ULONG FrequencyHz)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    KIRQL oldIrql;

    KeAcquireSpinLock(&common->Lock, &oldIrql);
    common->GeneratorMode = Mode;
    common->GeneratorFrequency = FrequencyHz;
    CycHwSetGenerator(&common->Hw, Mode, FrequencyHz);
    KeReleaseSpinLock(&common->Lock, oldIrql);
}

static VOID NTAPI CAdapterCommon_GetGenerator(IAdapterCommon *This, PULONG Mode,
                                              PULONG FrequencyHz)
{
    CAdapterCommon *common = CAdapterCommon_From(This);
    KIRQL oldIrql;

    KeAcquireSpinLock(&common->Lock, &oldIrql);
    *Mode = common->GeneratorMode;
    *FrequencyHz = common->GeneratorFrequency;
    KeReleaseSpinLock(&common->Lock, oldIrql);
}

static VOID NTAPI CAdapterCommon_ReleaseHardware(IAdapterCommon *This)
{
    CAdapterCommon *common = CAdapterCommon_From(This);

    PAGED_CODE();
    /* the object stays: streams still detach through it until they close */
    if (common->InterruptSync != NULL) {
        COM_CALL(common->InterruptSync, Disconnect);
    }
    CycHwDisconnect(&common->Hw);
}

static const IAdapterCommonVtbl CAdapterCommon_Vtbl = {
    .QueryInterface = CAdapterCommon_QueryInterface,
    .AddRef = CAdapterCommon_AddRef,
    .Release = CAdapterCommon_Release,
    .Init = CAdapterCommon_Init,
    .GetHw = CAdapterCommon_GetHw,
    .ClaimStream = CAdapterCommon_ClaimStream,
    .FreeStream = CAdapterCommon_FreeStream,
    .SetStreamIsr = CAdapterCommon_SetStreamIsr,
    .SetMaster = CAdapterCommon_SetMaster,
    .GetMaster = CAdapterCommon_GetMaster,
    .SetCaptureSource = CAdapterCommon_SetCaptureSource,
    .GetCaptureSource = CAdapterCommon_GetCaptureSource,
    .ReleaseHardware = CAdapterCommon_ReleaseHardware,
    .SetGenerator = CAdapterCommon_SetGenerator,
    .GetGenerator = CAdapterCommon_GetGenerator,
};

NTSTATUS NewAdapterCommon(PUNKNOWN *Unknown, REFCLSID ClassId,
                          PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    CAdapterCommon *common;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    *Unknown = NULL;
    if (UnknownOuter != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    common =
        ExAllocatePoolWithTag(PoolType, sizeof(*common), CYC_POOLTAG_ADAPTER);
    if (common == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(common, sizeof(*common));
    common->Iface.lpVtbl = &CAdapterCommon_Vtbl;
    ComRefInit(&common->Ref);
    KeInitializeSpinLock(&common->Lock);
    common->CaptureSource = CYC_SRC_GENERATOR;
    common->GeneratorMode = CYC_GEN_MODE_SINE;
    common->GeneratorFrequency = 1000;
    *Unknown = (PUNKNOWN)&common->Iface;
    return STATUS_SUCCESS;
}
