/* SPDX-License-Identifier: MIT */
/*
 * The runtime's handle table (handle.c), shared by the objects that have
 * handles: files (file.c), registry keys (registry.c) and events (event.c).
 * Each owner passes its close routine, so handle.c calls none of them by
 * name. PASSIVE_LEVEL. Below it, the objects with a pointer count
 * (object.c).
 */
#ifndef OB_H
#define OB_H

#include "ntrt.h"

#define OBP_TYPE_FILE 1u
#define OBP_TYPE_KEY 2u
#define OBP_TYPE_EVENT 3u

/* What *ExEventObjectType points to: the handle type it stands for. */
struct _OBJECT_TYPE {
    ULONG Type;
};

typedef VOID OBP_CLOSE_ROUTINE(PVOID Object);

VOID ObpInitializeHandles(VOID);
/* STATUS_INSUFFICIENT_RESOURCES when the table is full. */
NTSTATUS ObpInsertHandle(ULONG Type, PVOID Object, ACCESS_MASK GrantedAccess,
                         OBP_CLOSE_ROUTINE *Close, PHANDLE Handle);
/* STATUS_INVALID_HANDLE, or STATUS_OBJECT_TYPE_MISMATCH for a handle of
 * another type. No reference is taken: one thread, PASSIVE_LEVEL. */
NTSTATUS ObpReferenceHandle(HANDLE Handle, ULONG Type, PVOID *Object);
ULONG ObpOpenHandles(ULONG Type);

VOID ObpInitializeObjects(VOID);
/* A zeroed pool block of Size bytes with a pointer count of 1, which
 * ObfReferenceObject and ObfDereferenceObject count; the dereference to 0
 * frees it. STATUS_INSUFFICIENT_RESOURCES when pool or the table runs out. */
NTSTATUS ObpCreateObject(SIZE_T Size, ULONG Tag, PVOID *Object);
/* The new count, or 1 for an object created elsewhere (not counted). */
LONG_PTR ObpReferenceCounted(PVOID Object);
LONG_PTR ObpDereferenceCounted(PVOID Object);

#endif /* OB_H */
