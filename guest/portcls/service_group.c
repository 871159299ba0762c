/* SPDX-License-Identifier: MIT */
/*
 * IServiceGroup: a list of AddRef'd sinks and a DPC that calls each one's
 * RequestService. RequestService may come from any IRQL (a miniport's ISR
 * through IPortWaveCyclic::Notify); members run at DISPATCH_LEVEL with the
 * group lock held, so RemoveMember returning means the sink is not running.
 */
#include "private.h"

typedef struct CServiceGroupMember {
    LIST_ENTRY Link;
    PSERVICESINK Sink;   /* referenced */
} CServiceGroupMember;

typedef struct CServiceGroup {
    IServiceGroup Iface;  /* answers IUnknown, IServiceSink, IServiceGroup */
    COM_REF Ref;
    KSPIN_LOCK Lock;      /* Members */
    LIST_ENTRY Members;
    KDPC Dpc;
    KTIMER Timer;
    BOOLEAN DelayedService;
} CServiceGroup;

static CServiceGroup *CServiceGroup_From(IServiceGroup *This)
{
    return CONTAINING_RECORD(This, CServiceGroup, Iface);
}

static const COM_QI_ENTRY CServiceGroup_Qi[] = {
    { &IID_IUnknown, offsetof(CServiceGroup, Iface) },
    { &IID_IServiceSink, offsetof(CServiceGroup, Iface) },
    { &IID_IServiceGroup, offsetof(CServiceGroup, Iface) },
};

static NTSTATUS NTAPI CServiceGroup_QueryInterface(IServiceGroup *This,
                                                   REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CServiceGroup_From(This), CServiceGroup_Qi,
                             COM_ARRAY_SIZE(CServiceGroup_Qi), Iid, Object);
}

static ULONG NTAPI CServiceGroup_AddRef(IServiceGroup *This)
{
    return ComRefAddRef(&CServiceGroup_From(This)->Ref);
}

static ULONG NTAPI CServiceGroup_Release(IServiceGroup *This)
{
    CServiceGroup *group = CServiceGroup_From(This);
    ULONG count = ComRefRelease(&group->Ref);

    if (count != 0) {
        return count;
    }
    if (group->DelayedService) {
        KeCancelTimer(&group->Timer);
    }
    KeRemoveQueueDpc(&group->Dpc);
    /* Members hold no reference on the group; a leftover member is the
     * miniport's bug, but its sink reference must still go. */
    while (!IsListEmpty(&group->Members)) {
        CServiceGroupMember *member = CONTAINING_RECORD(
            RemoveHeadList(&group->Members), CServiceGroupMember, Link);

        COM_CALL(member->Sink, Release);
        ExFreePoolWithTag(member, PCP_TAG_SERVICE);
    }
    ExFreePoolWithTag(group, PCP_TAG_SERVICE);
    return 0;
}

/* DISPATCH_LEVEL, from the DPC or the delayed-service timer. */
static VOID NTAPI CServiceGroup_Dpc(PKDPC Dpc, PVOID Context, PVOID Arg1,
                                    PVOID Arg2)
{
    CServiceGroup *group = Context;
    PLIST_ENTRY entry;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&group->Lock);
    for (entry = group->Members.Flink; entry != &group->Members;
         entry = entry->Flink) {
        CServiceGroupMember *member =
            CONTAINING_RECORD(entry, CServiceGroupMember, Link);

        COM_CALL(member->Sink, RequestService);
    }
    KeReleaseSpinLockFromDpcLevel(&group->Lock);
}

/* Any IRQL (a miniport ISR through Notify): queues the group DPC, a no-op
 * if it is already queued. Delayed-service groups use the same DPC, so an
 * immediate request never waits for a timer. */
static VOID NTAPI CServiceGroup_RequestService(IServiceGroup *This)
{
    KeInsertQueueDpc(&CServiceGroup_From(This)->Dpc, NULL, NULL);
}

/* PASSIVE_LEVEL. Takes a reference on Sink. */
static NTSTATUS NTAPI CServiceGroup_AddMember(IServiceGroup *This,
                                              PSERVICESINK Sink)
{
    CServiceGroup *group = CServiceGroup_From(This);
    CServiceGroupMember *member;
    KIRQL oldIrql;

    PAGED_CODE();
    if (Sink == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    member = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*member),
                                PCP_TAG_SERVICE);
    if (member == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    COM_CALL(Sink, AddRef);
    member->Sink = Sink;
    KeAcquireSpinLock(&group->Lock, &oldIrql);
    InsertTailList(&group->Members, &member->Link);
    KeReleaseSpinLock(&group->Lock, oldIrql);
    return STATUS_SUCCESS;
}

/* PASSIVE_LEVEL. Drops the reference AddMember took. */
static VOID NTAPI CServiceGroup_RemoveMember(IServiceGroup *This,
                                             PSERVICESINK Sink)
{
    CServiceGroup *group = CServiceGroup_From(This);
    CServiceGroupMember *found = NULL;
    PLIST_ENTRY entry;
    KIRQL oldIrql;

    PAGED_CODE();
    KeAcquireSpinLock(&group->Lock, &oldIrql);
    for (entry = group->Members.Flink; entry != &group->Members;
         entry = entry->Flink) {
        CServiceGroupMember *member =
            CONTAINING_RECORD(entry, CServiceGroupMember, Link);

        if (member->Sink == Sink) {
            RemoveEntryList(&member->Link);
            found = member;
            break;
        }
    }
    KeReleaseSpinLock(&group->Lock, oldIrql);
    if (found != NULL) {
        COM_CALL(found->Sink, Release);
        ExFreePoolWithTag(found, PCP_TAG_SERVICE);
    }
}

static VOID NTAPI CServiceGroup_SupportDelayedService(IServiceGroup *This)
{
    CServiceGroup *group = CServiceGroup_From(This);

    if (!group->DelayedService) {
        KeInitializeTimer(&group->Timer);
        group->DelayedService = TRUE;
    }
}

/* ullDelay as KeSetTimer takes it (100 ns): negative relative, positive
 * absolute. */
static VOID NTAPI CServiceGroup_RequestDelayedService(IServiceGroup *This,
                                                      ULONGLONG ullDelay)
{
    CServiceGroup *group = CServiceGroup_From(This);
    LARGE_INTEGER due;

    if (!group->DelayedService) {
        DPF(D_ERROR, "RequestDelayedService without SupportDelayedService");
        return;
    }
    due.QuadPart = (LONGLONG)ullDelay;
    KeSetTimer(&group->Timer, due, &group->Dpc);
}

static VOID NTAPI CServiceGroup_CancelDelayedService(IServiceGroup *This)
{
    CServiceGroup *group = CServiceGroup_From(This);

    if (group->DelayedService) {
        KeCancelTimer(&group->Timer);
    }
}

static const IServiceGroupVtbl CServiceGroup_Vtbl = {
    .QueryInterface = CServiceGroup_QueryInterface,
    .AddRef = CServiceGroup_AddRef,
    .Release = CServiceGroup_Release,
    .RequestService = CServiceGroup_RequestService,
    .AddMember = CServiceGroup_AddMember,
    .RemoveMember = CServiceGroup_RemoveMember,
    .SupportDelayedService = CServiceGroup_SupportDelayedService,
    .RequestDelayedService = CServiceGroup_RequestDelayedService,
    .CancelDelayedService = CServiceGroup_CancelDelayedService,
};

NTSTATUS NTAPI PcNewServiceGroup(PSERVICEGROUP *OutServiceGroup,
                                 PUNKNOWN OuterUnknown)
{
    CServiceGroup *group;

    if (OutServiceGroup == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutServiceGroup = NULL;
    if (OuterUnknown != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    group = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*group),
                               PCP_TAG_SERVICE);
    if (group == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    group->Iface.lpVtbl = &CServiceGroup_Vtbl;
    ComRefInit(&group->Ref);
    KeInitializeSpinLock(&group->Lock);
    InitializeListHead(&group->Members);
    KeInitializeDpc(&group->Dpc, CServiceGroup_Dpc, group);
    KeSetImportanceDpc(&group->Dpc, HighImportance);
    *OutServiceGroup = &group->Iface;
    return STATUS_SUCCESS;
}
