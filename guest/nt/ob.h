/* SPDX-License-Identifier: MIT */
/*
 * The runtime's handle table (handle.c), shared by the objects that have
 * handles: files (file.c) and registry keys (registry.c). Each owner passes
 * its close routine, so handle.c calls none of them by name. PASSIVE_LEVEL.
 */
#ifndef OB_H
#define OB_H

#include "ntrt.h"

#define OBP_TYPE_FILE 1u
#define OBP_TYPE_KEY 2u

typedef VOID OBP_CLOSE_ROUTINE(PVOID Object);

VOID ObpInitializeHandles(VOID);
/* STATUS_INSUFFICIENT_RESOURCES when the table is full. */
NTSTATUS ObpInsertHandle(ULONG Type, PVOID Object, OBP_CLOSE_ROUTINE *Close,
                         PHANDLE Handle);
/* STATUS_INVALID_HANDLE, or STATUS_OBJECT_TYPE_MISMATCH for a handle of
 * another type. No reference is taken: one thread, PASSIVE_LEVEL. */
NTSTATUS ObpReferenceHandle(HANDLE Handle, ULONG Type, PVOID *Object);
ULONG ObpOpenHandles(ULONG Type);

#endif /* OB_H */
