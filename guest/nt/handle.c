/* SPDX-License-Identifier: MIT */
/*
 * The kernel handle table behind ZwClose: one slot per open file or
 * registry key, holding the object and the close routine its owner gave.
 * PASSIVE_LEVEL only (every Zw routine is), so no lock. A handle left open
 * keeps its owner's pool block, which the end-of-scenario leak check
 * reports under the owner's tag.
 */
#include "ki.h"
#include "ob.h"

#define OBP_MAX_HANDLES 64u
/* Kernel handles have the top bit set on Windows x64; the low two bits are
 * always clear (they are tag bits there). */
#define OBP_KERNEL_HANDLE_BASE 0xFFFFFFFF80000000ull

typedef struct _OBP_HANDLE_ENTRY {
    PVOID Object;
    ULONG Type;
    ACCESS_MASK GrantedAccess;
    OBP_CLOSE_ROUTINE *Close;
} OBP_HANDLE_ENTRY;

static OBP_HANDLE_ENTRY ObpHandles[OBP_MAX_HANDLES];

VOID ObpInitializeHandles(VOID)
{
    RtlZeroMemory(ObpHandles, sizeof(ObpHandles));
}

NTSTATUS ObpInsertHandle(ULONG Type, PVOID Object, ACCESS_MASK GrantedAccess,
                         OBP_CLOSE_ROUTINE *Close, PHANDLE Handle)
{
    for (ULONG i = 0; i < OBP_MAX_HANDLES; i++) {
        if (ObpHandles[i].Object == NULL) {
            ObpHandles[i].Object = Object;
            ObpHandles[i].Type = Type;
            ObpHandles[i].GrantedAccess = GrantedAccess;
            ObpHandles[i].Close = Close;
            *Handle = (HANDLE)(ULONG_PTR)(OBP_KERNEL_HANDLE_BASE |
                                          ((ULONGLONG)(i + 1) << 2));
            return STATUS_SUCCESS;
        }
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

static OBP_HANDLE_ENTRY *ObpLookup(HANDLE Handle)
{
    ULONGLONG value = (ULONGLONG)(ULONG_PTR)Handle;
    ULONGLONG index = ((value & ~OBP_KERNEL_HANDLE_BASE) >> 2) - 1;

    if ((value & OBP_KERNEL_HANDLE_BASE) != OBP_KERNEL_HANDLE_BASE ||
        (value & 3) != 0 || index >= OBP_MAX_HANDLES ||
        ObpHandles[index].Object == NULL) {
        return NULL;
    }
    return &ObpHandles[index];
}

NTSTATUS ObpReferenceHandle(HANDLE Handle, ULONG Type, PVOID *Object)
{
    OBP_HANDLE_ENTRY *entry = ObpLookup(Handle);

    *Object = NULL;
    if (entry == NULL) {
        return STATUS_INVALID_HANDLE;
    }
    if (entry->Type != Type) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Object = entry->Object;
    return STATUS_SUCCESS;
}

/*
 * Every handle is a kernel handle, which user mode may not use; kernel mode
 * is granted any access (Windows checks access for UserMode only).
 */
NTSTATUS NTAPI ObReferenceObjectByHandle(
    HANDLE Handle, ACCESS_MASK DesiredAccess, POBJECT_TYPE ObjectType,
    KPROCESSOR_MODE AccessMode, PVOID *Object,
    POBJECT_HANDLE_INFORMATION HandleInformation)
{
    OBP_HANDLE_ENTRY *entry = ObpLookup(Handle);

    UNREFERENCED_PARAMETER(DesiredAccess);
    *Object = NULL;
    if (entry == NULL || AccessMode != KernelMode) {
        return STATUS_INVALID_HANDLE;
    }
    if (ObjectType != NULL && entry->Type != ObjectType->Type) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (HandleInformation != NULL) {
        HandleInformation->HandleAttributes = OBJ_KERNEL_HANDLE;
        HandleInformation->GrantedAccess = entry->GrantedAccess;
    }
    ObReferenceObject(entry->Object);
    *Object = entry->Object;
    return STATUS_SUCCESS;
}

ULONG ObpOpenHandles(ULONG Type)
{
    ULONG count = 0;

    for (ULONG i = 0; i < OBP_MAX_HANDLES; i++) {
        if (ObpHandles[i].Object != NULL && ObpHandles[i].Type == Type) {
            count++;
        }
    }
    return count;
}

NTSTATUS NTAPI ZwClose(HANDLE Handle)
{
    OBP_HANDLE_ENTRY *entry;
    OBP_HANDLE_ENTRY closing;

    PAGED_CODE();
    entry = ObpLookup(Handle);
    if (entry == NULL) {
        return STATUS_INVALID_HANDLE;
    }
    closing = *entry;
    RtlZeroMemory(entry, sizeof(*entry));
    closing.Close(closing.Object);
    return STATUS_SUCCESS;
}
