/* SPDX-License-Identifier: MIT */
/*
 * IResourceList: parallel translated/untranslated CM_RESOURCE_LISTs with
 * one full descriptor each, entry i of one matching entry i of the other.
 * A list is immutable once published except through AddEntry*, which
 * adapters call at PASSIVE_LEVEL while building sublists.
 */
#include "private.h"

typedef struct CResourceList {
    IResourceList Iface;
    COM_REF Ref;
    ULONG Capacity;                 /* partial descriptors per list */
    PCM_RESOURCE_LIST Translated;
    PCM_RESOURCE_LIST Untranslated;
} CResourceList;

#define PCP_RESOURCE_LIST_BYTES(N) \
    (FIELD_OFFSET(CM_RESOURCE_LIST, List[0].PartialResourceList.\
PartialDescriptors) + (N) * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR))

static CResourceList *CResourceList_From(IResourceList *This)
{
    return CONTAINING_RECORD(This, CResourceList, Iface);
}

static PCM_PARTIAL_RESOURCE_DESCRIPTOR PcpEntries(PCM_RESOURCE_LIST List)
{
    return List->List[0].PartialResourceList.PartialDescriptors;
}

static ULONG PcpEntryCount(PCM_RESOURCE_LIST List)
{
    return List->List[0].PartialResourceList.Count;
}

static const COM_QI_ENTRY CResourceList_Qi[] = {
    { &IID_IUnknown, offsetof(CResourceList, Iface) },
    { &IID_IResourceList, offsetof(CResourceList, Iface) },
};

static NTSTATUS NTAPI CResourceList_QueryInterface(IResourceList *This,
                                                   REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CResourceList_From(This), CResourceList_Qi,
                             COM_ARRAY_SIZE(CResourceList_Qi), Iid, Object);
}

static ULONG NTAPI CResourceList_AddRef(IResourceList *This)
{
    return ComRefAddRef(&CResourceList_From(This)->Ref);
}

static ULONG NTAPI CResourceList_Release(IResourceList *This)
{
    CResourceList *list = CResourceList_From(This);
    ULONG count = ComRefRelease(&list->Ref);

    if (count == 0) {
        ExFreePoolWithTag(list->Translated, PCP_TAG_RESOURCE);
        ExFreePoolWithTag(list->Untranslated, PCP_TAG_RESOURCE);
        ExFreePoolWithTag(list, PCP_TAG_RESOURCE);
    }
    return count;
}

static ULONG NTAPI CResourceList_NumberOfEntries(IResourceList *This)
{
    return PcpEntryCount(CResourceList_From(This)->Translated);
}

static ULONG NTAPI CResourceList_NumberOfEntriesOfType(IResourceList *This,
                                                       CM_RESOURCE_TYPE Type)
{
    PCM_RESOURCE_LIST list = CResourceList_From(This)->Translated;
    ULONG i;
    ULONG n = 0;

    for (i = 0; i < PcpEntryCount(list); i++) {
        if (Type == PcpEntries(list)[i].Type) {
            n++;
        }
    }
    return n;
}

/* Index of the Index-th entry of Type, or MAXULONG. */
static ULONG PcpFindEntry(PCM_RESOURCE_LIST List, CM_RESOURCE_TYPE Type,
                          ULONG Index)
{
    ULONG i;

    for (i = 0; i < PcpEntryCount(List); i++) {
        if (Type == PcpEntries(List)[i].Type) {
            if (Index == 0) {
                return i;
            }
            Index--;
        }
    }
    return MAXULONG;
}

static PCM_PARTIAL_RESOURCE_DESCRIPTOR NTAPI
CResourceList_FindTranslatedEntry(IResourceList *This, CM_RESOURCE_TYPE Type,
                                  ULONG Index)
{
    CResourceList *list = CResourceList_From(This);
    ULONG i = PcpFindEntry(list->Translated, Type, Index);

    return i == MAXULONG ? NULL : &PcpEntries(list->Translated)[i];
}

static PCM_PARTIAL_RESOURCE_DESCRIPTOR NTAPI
CResourceList_FindUntranslatedEntry(IResourceList *This,
                                    CM_RESOURCE_TYPE Type, ULONG Index)
{
    CResourceList *list = CResourceList_From(This);
    ULONG i = PcpFindEntry(list->Translated, Type, Index);

    return i == MAXULONG ? NULL : &PcpEntries(list->Untranslated)[i];
}

static NTSTATUS NTAPI CResourceList_AddEntry(
    IResourceList *This, PCM_PARTIAL_RESOURCE_DESCRIPTOR Translated,
    PCM_PARTIAL_RESOURCE_DESCRIPTOR Untranslated)
{
    CResourceList *list = CResourceList_From(This);
    ULONG n = PcpEntryCount(list->Translated);

    if (Translated == NULL || Untranslated == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (n >= list->Capacity) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    PcpEntries(list->Translated)[n] = *Translated;
    PcpEntries(list->Untranslated)[n] = *Untranslated;
    list->Translated->List[0].PartialResourceList.Count = n + 1;
    list->Untranslated->List[0].PartialResourceList.Count = n + 1;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CResourceList_AddEntryFromParent(IResourceList *This,
                                                       IResourceList *Parent,
                                                       CM_RESOURCE_TYPE Type,
                                                       ULONG Index)
{
    PCM_PARTIAL_RESOURCE_DESCRIPTOR translated;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR untranslated;

    if (Parent == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    translated = COM_CALL(Parent, FindTranslatedEntry, Type, Index);
    untranslated = COM_CALL(Parent, FindUntranslatedEntry, Type, Index);
    if (translated == NULL || untranslated == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    return CResourceList_AddEntry(This, translated, untranslated);
}

static PCM_RESOURCE_LIST NTAPI CResourceList_TranslatedList(
    IResourceList *This)
{
    return CResourceList_From(This)->Translated;
}

static PCM_RESOURCE_LIST NTAPI CResourceList_UntranslatedList(
    IResourceList *This)
{
    return CResourceList_From(This)->Untranslated;
}

static const IResourceListVtbl CResourceList_Vtbl = {
    .QueryInterface = CResourceList_QueryInterface,
    .AddRef = CResourceList_AddRef,
    .Release = CResourceList_Release,
    .NumberOfEntries = CResourceList_NumberOfEntries,
    .NumberOfEntriesOfType = CResourceList_NumberOfEntriesOfType,
    .FindTranslatedEntry = CResourceList_FindTranslatedEntry,
    .FindUntranslatedEntry = CResourceList_FindUntranslatedEntry,
    .AddEntry = CResourceList_AddEntry,
    .AddEntryFromParent = CResourceList_AddEntryFromParent,
    .TranslatedList = CResourceList_TranslatedList,
    .UntranslatedList = CResourceList_UntranslatedList,
};

/* Partial descriptors over every full descriptor of List. */
static ULONG PcpCountPartials(PCM_RESOURCE_LIST List)
{
    PCM_FULL_RESOURCE_DESCRIPTOR full;
    ULONG i;
    ULONG n = 0;

    if (List == NULL) {
        return 0;
    }
    full = List->List;
    for (i = 0; i < List->Count; i++) {
        ULONG parts = full->PartialResourceList.Count;

        n += parts;
        full = (PCM_FULL_RESOURCE_DESCRIPTOR)
            &full->PartialResourceList.PartialDescriptors[parts];
    }
    return n;
}

/* Flattens every full descriptor of From into To's single one. */
static VOID PcpCopyPartials(PCM_RESOURCE_LIST To, PCM_RESOURCE_LIST From)
{
    PCM_FULL_RESOURCE_DESCRIPTOR full;
    ULONG i;
    ULONG n = 0;

    if (From == NULL) {
        return;
    }
    full = From->List;
    if (From->Count != 0) {
        To->List[0].InterfaceType = full->InterfaceType;
        To->List[0].BusNumber = full->BusNumber;
    }
    for (i = 0; i < From->Count; i++) {
        ULONG parts = full->PartialResourceList.Count;

        RtlCopyMemory(&PcpEntries(To)[n],
                      full->PartialResourceList.PartialDescriptors,
                      parts * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR));
        n += parts;
        full = (PCM_FULL_RESOURCE_DESCRIPTOR)
            &full->PartialResourceList.PartialDescriptors[parts];
    }
    To->List[0].PartialResourceList.Count = n;
}

static NTSTATUS PcpNewResourceListObject(CResourceList **Out, ULONG Capacity)
{
    CResourceList *list;
    SIZE_T bytes = PCP_RESOURCE_LIST_BYTES(max(Capacity, 1u));

    *Out = NULL;
    list = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*list), PCP_TAG_RESOURCE);
    if (list == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    list->Translated = ExAllocatePoolZero(NonPagedPoolNx, bytes,
                                          PCP_TAG_RESOURCE);
    list->Untranslated = ExAllocatePoolZero(NonPagedPoolNx, bytes,
                                            PCP_TAG_RESOURCE);
    if (list->Translated == NULL || list->Untranslated == NULL) {
        if (list->Translated != NULL) {
            ExFreePoolWithTag(list->Translated, PCP_TAG_RESOURCE);
        }
        if (list->Untranslated != NULL) {
            ExFreePoolWithTag(list->Untranslated, PCP_TAG_RESOURCE);
        }
        ExFreePoolWithTag(list, PCP_TAG_RESOURCE);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    list->Iface.lpVtbl = &CResourceList_Vtbl;
    ComRefInit(&list->Ref);
    list->Capacity = Capacity;
    list->Translated->Count = 1;
    list->Untranslated->Count = 1;
    list->Translated->List[0].PartialResourceList.Version = 1;
    list->Untranslated->List[0].PartialResourceList.Version = 1;
    list->Translated->List[0].PartialResourceList.Revision = 1;
    list->Untranslated->List[0].PartialResourceList.Revision = 1;
    *Out = list;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PcNewResourceList(PRESOURCELIST *OutResourceList,
                                 PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                                 PCM_RESOURCE_LIST TranslatedResources,
                                 PCM_RESOURCE_LIST UntranslatedResources)
{
    CResourceList *list;
    ULONG count;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(PoolType);
    if (OutResourceList == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutResourceList = NULL;
    if (OuterUnknown != NULL ||
        (TranslatedResources == NULL) != (UntranslatedResources == NULL)) {
        return STATUS_INVALID_PARAMETER;
    }
    count = PcpCountPartials(TranslatedResources);
    if (count != PcpCountPartials(UntranslatedResources)) {
        return STATUS_INVALID_PARAMETER;
    }
    status = PcpNewResourceListObject(&list, count);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    PcpCopyPartials(list->Translated, TranslatedResources);
    PcpCopyPartials(list->Untranslated, UntranslatedResources);
    *OutResourceList = &list->Iface;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI PcNewResourceSublist(PRESOURCELIST *OutResourceList,
                                    PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                                    PRESOURCELIST ParentList,
                                    ULONG MaximumEntries)
{
    CResourceList *list;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(PoolType);
    if (OutResourceList == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutResourceList = NULL;
    if (OuterUnknown != NULL || ParentList == NULL || MaximumEntries == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    status = PcpNewResourceListObject(&list, MaximumEntries);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    list->Translated->List[0].InterfaceType =
        COM_CALL(ParentList, TranslatedList)->List[0].InterfaceType;
    list->Untranslated->List[0].InterfaceType =
        COM_CALL(ParentList, UntranslatedList)->List[0].InterfaceType;
    *OutResourceList = &list->Iface;
    return STATUS_SUCCESS;
}
