/* SPDX-License-Identifier: MIT */
/*
 * IInterruptSync: one KINTERRUPT, a list of miniport ISRs called in the
 * chosen mode, and CallSynchronizedRoutine excluded from all of them. The
 * routine list only changes at PASSIVE_LEVEL under the interrupt (or, before
 * Connect, the object's own) spin lock.
 */
#include "private.h"

/* Deviation: Repeat mode stops after this many passes instead of hanging
 * on an ISR that always claims (the DDI page warns it would). */
#define PCP_REPEAT_PASSES_MAX 64

typedef struct CInterruptSyncRoutine {
    LIST_ENTRY Link;
    PINTERRUPTSYNCROUTINE Routine;
    PVOID Context;
} CInterruptSyncRoutine;

typedef struct CInterruptSync {
    IInterruptSync Iface;
    COM_REF Ref;
    PRESOURCELIST ResourceList;  /* referenced */
    ULONG ResourceIndex;
    INTERRUPTSYNCMODE Mode;
    PKINTERRUPT Interrupt;       /* non-NULL while connected */
    KSPIN_LOCK Lock;             /* stands in for the interrupt lock */
    LIST_ENTRY Routines;
} CInterruptSync;

typedef struct PCP_SYNC_CALL {
    CInterruptSync *Sync;
    PINTERRUPTSYNCROUTINE Routine;
    PVOID Context;
    NTSTATUS Status;
} PCP_SYNC_CALL;

static CInterruptSync *CInterruptSync_From(IInterruptSync *This)
{
    return CONTAINING_RECORD(This, CInterruptSync, Iface);
}

static const COM_QI_ENTRY CInterruptSync_Qi[] = {
    { &IID_IUnknown, offsetof(CInterruptSync, Iface) },
    { &IID_IInterruptSync, offsetof(CInterruptSync, Iface) },
};

static NTSTATUS NTAPI CInterruptSync_QueryInterface(IInterruptSync *This,
                                                    REFIID Iid,
                                                    PVOID *Object)
{
    return ComQueryInterface(CInterruptSync_From(This), CInterruptSync_Qi,
                             COM_ARRAY_SIZE(CInterruptSync_Qi), Iid, Object);
}

static ULONG NTAPI CInterruptSync_AddRef(IInterruptSync *This)
{
    return ComRefAddRef(&CInterruptSync_From(This)->Ref);
}

static VOID NTAPI CInterruptSync_Disconnect(IInterruptSync *This)
{
    CInterruptSync *sync = CInterruptSync_From(This);

    PAGED_CODE();
    if (sync->Interrupt != NULL) {
        IoDisconnectInterrupt(sync->Interrupt);
        sync->Interrupt = NULL;
    }
}

static ULONG NTAPI CInterruptSync_Release(IInterruptSync *This)
{
    CInterruptSync *sync = CInterruptSync_From(This);
    ULONG count = ComRefRelease(&sync->Ref);

    if (count != 0) {
        return count;
    }
    CInterruptSync_Disconnect(This);
    while (!IsListEmpty(&sync->Routines)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&sync->Routines),
                                            CInterruptSyncRoutine, Link),
                          PCP_TAG_INTERRUPT);
    }
    COM_CALL(sync->ResourceList, Release);
    ExFreePoolWithTag(sync, PCP_TAG_INTERRUPT);
    return 0;
}

/* One pass over the routines; TRUE if any claimed (returned success). */
static BOOLEAN PcpInterruptPass(CInterruptSync *Sync, BOOLEAN StopAtFirst)
{
    PLIST_ENTRY entry;
    BOOLEAN claimed = FALSE;

    for (entry = Sync->Routines.Flink; entry != &Sync->Routines;
         entry = entry->Flink) {
        CInterruptSyncRoutine *r =
            CONTAINING_RECORD(entry, CInterruptSyncRoutine, Link);

        if (NT_SUCCESS(r->Routine(&Sync->Iface, r->Context))) {
            claimed = TRUE;
            if (StopAtFirst) {
                break;
            }
        }
    }
    return claimed;
}

/* DIRQL, interrupt spin lock held. */
static BOOLEAN NTAPI PcpInterruptSyncIsr(PKINTERRUPT Interrupt, PVOID Context)
{
    CInterruptSync *sync = Context;
    BOOLEAN claimed;
    ULONG passes;

    UNREFERENCED_PARAMETER(Interrupt);
    switch (sync->Mode) {
    case InterruptSyncModeNormal:
        return PcpInterruptPass(sync, TRUE);
    case InterruptSyncModeAll:
        return PcpInterruptPass(sync, FALSE);
    default:
        claimed = FALSE;
        for (passes = 0; passes < PCP_REPEAT_PASSES_MAX; passes++) {
            if (!PcpInterruptPass(sync, FALSE)) {
                break;
            }
            claimed = TRUE;
        }
        return claimed;
    }
}

static BOOLEAN NTAPI PcpSyncThunk(PVOID Context)
{
    PCP_SYNC_CALL *call = Context;

    call->Status = call->Routine(&call->Sync->Iface, call->Context);
    return TRUE;
}

/* IRQL <= the interrupt's DIRQL. */
static NTSTATUS NTAPI CInterruptSync_CallSynchronizedRoutine(
    IInterruptSync *This, PINTERRUPTSYNCROUTINE Routine, PVOID DynamicContext)
{
    CInterruptSync *sync = CInterruptSync_From(This);
    PCP_SYNC_CALL call = { sync, Routine, DynamicContext, STATUS_SUCCESS };
    KIRQL oldIrql;

    if (Routine == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (sync->Interrupt != NULL) {
        KeSynchronizeExecution(sync->Interrupt, PcpSyncThunk, &call);
        return call.Status;
    }
    KeAcquireSpinLock(&sync->Lock, &oldIrql);
    PcpSyncThunk(&call);
    KeReleaseSpinLock(&sync->Lock, oldIrql);
    return call.Status;
}

static PKINTERRUPT NTAPI CInterruptSync_GetKInterrupt(IInterruptSync *This)
{
    return CInterruptSync_From(This)->Interrupt;
}

/* PASSIVE_LEVEL. */
static NTSTATUS NTAPI CInterruptSync_Connect(IInterruptSync *This)
{
    CInterruptSync *sync = CInterruptSync_From(This);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    KINTERRUPT_MODE mode;
    NTSTATUS status;

    PAGED_CODE();
    if (sync->Interrupt != NULL) {
        return STATUS_UNSUCCESSFUL;
    }
    desc = COM_CALL(sync->ResourceList, FindTranslatedEntry,
                    CmResourceTypeInterrupt, sync->ResourceIndex);
    if (desc == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    mode = (desc->Flags & (CM_RESOURCE_INTERRUPT_LATCHED |
                           CM_RESOURCE_INTERRUPT_MESSAGE)) ?
           Latched : LevelSensitive;
    status = IoConnectInterrupt(&sync->Interrupt, PcpInterruptSyncIsr, sync,
                                NULL, desc->u.Interrupt.Vector,
                                (KIRQL)desc->u.Interrupt.Level,
                                (KIRQL)desc->u.Interrupt.Level, mode,
                                CmResourceShareShared ==
                                    desc->ShareDisposition,
                                desc->u.Interrupt.Affinity, FALSE);
    if (!NT_SUCCESS(status)) {
        sync->Interrupt = NULL;
    }
    return status;
}

/* PASSIVE_LEVEL. First = TRUE puts Routine ahead of the others. */
static NTSTATUS NTAPI CInterruptSync_RegisterServiceRoutine(
    IInterruptSync *This, PINTERRUPTSYNCROUTINE Routine,
    PVOID DynamicContext, BOOLEAN First)
{
    CInterruptSync *sync = CInterruptSync_From(This);
    CInterruptSyncRoutine *r;
    KIRQL oldIrql;

    PAGED_CODE();
    if (Routine == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    r = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*r), PCP_TAG_INTERRUPT);
    if (r == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    r->Routine = Routine;
    r->Context = DynamicContext;
    if (sync->Interrupt != NULL) {
        oldIrql = KeAcquireInterruptSpinLock(sync->Interrupt);
    } else {
        KeAcquireSpinLock(&sync->Lock, &oldIrql);
    }
    if (First) {
        InsertHeadList(&sync->Routines, &r->Link);
    } else {
        InsertTailList(&sync->Routines, &r->Link);
    }
    if (sync->Interrupt != NULL) {
        KeReleaseInterruptSpinLock(sync->Interrupt, oldIrql);
    } else {
        KeReleaseSpinLock(&sync->Lock, oldIrql);
    }
    return STATUS_SUCCESS;
}

static const IInterruptSyncVtbl CInterruptSync_Vtbl = {
    .QueryInterface = CInterruptSync_QueryInterface,
    .AddRef = CInterruptSync_AddRef,
    .Release = CInterruptSync_Release,
    .CallSynchronizedRoutine = CInterruptSync_CallSynchronizedRoutine,
    .GetKInterrupt = CInterruptSync_GetKInterrupt,
    .Connect = CInterruptSync_Connect,
    .Disconnect = CInterruptSync_Disconnect,
    .RegisterServiceRoutine = CInterruptSync_RegisterServiceRoutine,
};

/* For tests: runs the ISR dispatch as the interrupt would, lock included. */
BOOLEAN PcpInterruptSyncSimulate(PINTERRUPTSYNC InterruptSync)
{
    CInterruptSync *sync = CInterruptSync_From(InterruptSync);
    BOOLEAN claimed;
    KIRQL oldIrql;

    KeAcquireSpinLock(&sync->Lock, &oldIrql);
    claimed = PcpInterruptSyncIsr(NULL, sync);
    KeReleaseSpinLock(&sync->Lock, oldIrql);
    return claimed;
}

NTSTATUS NTAPI PcNewInterruptSync(PINTERRUPTSYNC *OutInterruptSync,
                                  PUNKNOWN OuterUnknown,
                                  PRESOURCELIST ResourceList,
                                  ULONG ResourceIndex,
                                  INTERRUPTSYNCMODE Mode)
{
    CInterruptSync *sync;

    if (OutInterruptSync == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutInterruptSync = NULL;
    if (OuterUnknown != NULL || ResourceList == NULL ||
        Mode < InterruptSyncModeNormal || Mode > InterruptSyncModeRepeat ||
        COM_CALL(ResourceList, FindTranslatedEntry, CmResourceTypeInterrupt,
                 ResourceIndex) == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    sync = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*sync),
                              PCP_TAG_INTERRUPT);
    if (sync == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    sync->Iface.lpVtbl = &CInterruptSync_Vtbl;
    ComRefInit(&sync->Ref);
    COM_CALL(ResourceList, AddRef);
    sync->ResourceList = ResourceList;
    sync->ResourceIndex = ResourceIndex;
    sync->Mode = Mode;
    KeInitializeSpinLock(&sync->Lock);
    InitializeListHead(&sync->Routines);
    *OutInterruptSync = &sync->Iface;
    return STATUS_SUCCESS;
}
