/* SPDX-License-Identifier: MIT */
/*
 * The in-memory registry (registry.c) as the runtime's other files see it:
 * RtlQueryRegistryValues (rtl_registry.c), IoOpenDeviceRegistryKey
 * (devreg.c), device deletion and the end of a scenario. PASSIVE_LEVEL; a
 * CM_KEY pointer is valid while a handle to it is open, or until the next
 * call that can delete keys.
 */
#ifndef CM_H
#define CM_H

#include "ntrt.h"

typedef struct _CM_KEY CM_KEY;

/* The key of an open handle, if the handle grants Access. */
NTSTATUS CmpKeyFromHandle(HANDLE Handle, ACCESS_MASK Access, CM_KEY **Key);
/* Path relative to Start (NULL: the root, Path absolute "\Registry\..."),
 * components separated by '\'. Create makes the missing leaf, and with
 * Implicit every missing key on the way (implicit keys go when they are
 * left empty); Owner marks a created leaf as a device's
 * (CmpDeleteOwnedKeys). */
NTSTATUS CmpWalk(CM_KEY *Start, PCUNICODE_STRING Path, BOOLEAN Create,
                 BOOLEAN Implicit, PVOID Owner, CM_KEY **Key,
                 PULONG Disposition);
/* The child of Parent that Owner owns, NULL if none. */
CM_KEY *CmpFindOwnedChild(CM_KEY *Parent, PVOID Owner);
ULONG CmpChildCount(CM_KEY *Parent);
NTSTATUS CmpOpenHandle(CM_KEY *Key, ACCESS_MASK Access, PHANDLE Handle);
/* Index-th value: Name points into the key (no terminator); Data is valid
 * until the value changes. STATUS_NO_MORE_ENTRIES past the last. */
NTSTATUS CmpEnumerateValue(CM_KEY *Key, ULONG Index, PUNICODE_STRING Name,
                           PULONG Type, PVOID *Data, PULONG DataLength);
NTSTATUS CmpDeleteValue(CM_KEY *Key, PCUNICODE_STRING Name);
/* Deletes every key Owner owns, with its sub-keys and the implicit keys
 * left empty above it (IoDeleteDevice of a PDO). */
VOID CmpDeleteOwnedKeys(PVOID Owner);
VOID CmpInitializeRegistry(VOID);
/* Deletes every key below the predefined ones and every value (the end of
 * a scenario, before the leak check). */
VOID CmpFreeRegistry(VOID);

#endif /* CM_H */
