/* SPDX-License-Identifier: MIT */
/*
 * COM plumbing shared by every KS and PortCls object: the interlocked
 * counter and the table-driven QueryInterface. A count never goes below
 * zero: a Release the caller did not own bugchecks like Driver Verifier
 * would.
 */
#include <unknwn.h>

VOID NTAPI ComRefInit(COM_REF *Ref)
{
    Ref->Count = 1;
}

ULONG NTAPI ComRefAddRef(COM_REF *Ref)
{
    return (ULONG)InterlockedIncrement(&Ref->Count);
}

ULONG NTAPI ComRefRelease(COM_REF *Ref)
{
    LONG count = InterlockedDecrement(&Ref->Count);

    if (count < 0) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     COM_VIOLATION_REFCOUNT, (ULONG_PTR)Ref, (ULONG_PTR)count,
                     0);
    }
    return (ULONG)count;
}

NTSTATUS NTAPI ComQueryInterface(PVOID Object, const COM_QI_ENTRY *Table,
                                 ULONG Count, REFIID Iid, PVOID *Interface)
{
    ULONG i;

    if (Interface == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    for (i = 0; i < Count; i++) {
        if (IsEqualGUIDAligned(Table[i].Iid, Iid)) {
            PUNKNOWN unknown = (PUNKNOWN)((PUCHAR)Object + Table[i].Offset);

            COM_CALL(unknown, AddRef);
            *Interface = unknown;
            return STATUS_SUCCESS;
        }
    }
    *Interface = NULL;
    return STATUS_INVALID_PARAMETER;
}
