/* SPDX-License-Identifier: MIT */
/*
 * KS property plumbing and state stepping. IOCTL_KS_PROPERTY is
 * METHOD_NEITHER: the KSPROPERTY (plus instance data) is the input buffer,
 * the value is the output buffer for GET and SET alike.
 */
#include "ksp.h"

NTSTATUS KspGetPropertyRequest(PIRP Irp, KSP_PROPERTY_REQUEST *Request)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    Request->Irp = Irp;
    Request->Property = stack->Parameters.DeviceIoControl.Type3InputBuffer;
    Request->InputLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    Request->Value = Irp->UserBuffer;
    Request->ValueLength =
        stack->Parameters.DeviceIoControl.OutputBufferLength;
    if (Request->Value == NULL) {
        Request->ValueLength = 0;
    }
    if (Request->Property == NULL ||
        Request->InputLength < sizeof(KSPROPERTY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    return STATUS_SUCCESS;
}

NTSTATUS KspCheckValueSize(KSP_PROPERTY_REQUEST *Request, ULONG Needed)
{
    if (Request->ValueLength == 0 && Needed != 0) {
        Request->Irp->IoStatus.Information = Needed;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (Request->ValueLength < Needed) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    return STATUS_SUCCESS;
}

NTSTATUS KspReplyMultipleItem(KSP_PROPERTY_REQUEST *Request, ULONG Count,
                              ULONG ItemSize, const VOID *Items)
{
    ULONG total = sizeof(KSMULTIPLE_ITEM) + Count * ItemSize;
    PKSMULTIPLE_ITEM header = Request->Value;

    if (Request->ValueLength == 0) {
        Request->Irp->IoStatus.Information = total;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (Request->ValueLength == sizeof(KSMULTIPLE_ITEM) ||
        Request->ValueLength == sizeof(ULONG)) {
        /* header-only answer: the caller learns the size it needs */
        header->Size = total;
        if (Request->ValueLength == sizeof(KSMULTIPLE_ITEM)) {
            header->Count = Count;
        }
        Request->Irp->IoStatus.Information = Request->ValueLength;
        return STATUS_SUCCESS;
    }
    if (Request->ValueLength < total) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    header->Size = total;
    header->Count = Count;
    if (Count != 0) {
        RtlCopyMemory(header + 1, Items, (SIZE_T)Count * ItemSize);
    }
    Request->Irp->IoStatus.Information = total;
    return STATUS_SUCCESS;
}

BOOLEAN KspIsValidState(ULONG State)
{
    return State <= KSSTATE_RUN;
}

KSSTATE KspNextState(KSSTATE Current, KSSTATE Target)
{
    if (Target > Current) {
        return (KSSTATE)(Current + 1);
    }
    if (Target < Current) {
        return (KSSTATE)(Current - 1);
    }
    return Current;
}
