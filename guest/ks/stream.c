/* SPDX-License-Identifier: MIT */
/*
 * The stream-header queue behind IOCTL_KS_WRITE_STREAM/READ_STREAM. The
 * header array is the IRP's output buffer (METHOD_NEITHER). Only the head
 * IRP has a cursor; an IRP leaves the queue when all its headers are done.
 * The owner's lock covers every call; completion happens after it drops.
 */
#include "ksp.h"

#define KSP_IRP_FROM_ENTRY(E) \
    CONTAINING_RECORD((E), IRP, Tail.Overlay.ListEntry)

static ULONG KspHeaderListLength(PIRP Irp)
{
    return IoGetCurrentIrpStackLocation(Irp)->
        Parameters.DeviceIoControl.OutputBufferLength;
}

static PKSSTREAM_HEADER KspHeaderAt(PIRP Irp, ULONG Offset)
{
    return (PKSSTREAM_HEADER)((PUCHAR)Irp->UserBuffer + Offset);
}

/* Offset of the header after the one at Offset (headers are validated). */
static ULONG KspNextHeader(PIRP Irp, ULONG Offset)
{
    return Offset + KspHeaderAt(Irp, Offset)->Size;
}

/* Bytes a header moves: DataUsed for render, FrameExtent for capture. */
static ULONG KspHeaderBytes(const KSSTREAM_HEADER *Header, BOOLEAN Capture)
{
    return Capture ? Header->FrameExtent : Header->DataUsed;
}

NTSTATUS KspQueueValidate(PIRP Irp, BOOLEAN Capture, PULONGLONG Bytes)
{
    ULONG length = KspHeaderListLength(Irp);
    ULONG offset = 0;

    *Bytes = 0;
    if (Irp->UserBuffer == NULL || length < sizeof(KSSTREAM_HEADER)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    while (offset < length) {
        PKSSTREAM_HEADER header = KspHeaderAt(Irp, offset);

        if (length - offset < sizeof(KSSTREAM_HEADER) ||
            header->Size < sizeof(KSSTREAM_HEADER) ||
            header->Size > length - offset || (header->Size % 8) != 0) {
            return STATUS_INVALID_PARAMETER;
        }
        if (KspHeaderBytes(header, Capture) != 0 && header->Data == NULL) {
            return STATUS_INVALID_PARAMETER;
        }
        /* DataUsed counts valid bytes within the frame, even an empty one. */
        if (!Capture && header->DataUsed > header->FrameExtent) {
            return STATUS_INVALID_PARAMETER;
        }
        *Bytes += KspHeaderBytes(header, Capture);
        offset += header->Size;
    }
    if (Capture) {
        for (offset = 0; offset < length;
             offset = KspNextHeader(Irp, offset)) {
            KspHeaderAt(Irp, offset)->DataUsed = 0;
        }
    }
    return STATUS_SUCCESS;
}

VOID KspQueueInit(KSP_STREAM_QUEUE *Queue, BOOLEAN Capture)
{
    InitializeListHead(&Queue->Irps);
    Queue->Capture = Capture;
    Queue->HeaderIndex = 0;
    Queue->HeaderOffset = 0;
    Queue->BytesQueued = 0;
}

VOID KspQueueAdd(KSP_STREAM_QUEUE *Queue, PIRP Irp)
{
    ULONG length = KspHeaderListLength(Irp);
    ULONG offset;

    Irp->IoStatus.Information = 0;
    for (offset = 0; offset < length; offset = KspNextHeader(Irp, offset)) {
        Queue->BytesQueued += KspHeaderBytes(KspHeaderAt(Irp, offset),
                                             Queue->Capture);
    }
    IoMarkIrpPending(Irp);
    InsertTailList(&Queue->Irps, &Irp->Tail.Overlay.ListEntry);
}

/* Finishes the head IRP: Information per the KSSTREAM_HEADER rules. */
static VOID KspQueueRetireHead(KSP_STREAM_QUEUE *Queue, NTSTATUS Status,
                               PLIST_ENTRY Done)
{
    PIRP irp = KSP_IRP_FROM_ENTRY(RemoveHeadList(&Queue->Irps));
    ULONG length = KspHeaderListLength(irp);
    ULONG offset;
    ULONG_PTR moved = 0;

    for (offset = 0; offset < length; offset = KspNextHeader(irp, offset)) {
        PKSSTREAM_HEADER header = KspHeaderAt(irp, offset);

        if (offset >= Queue->HeaderIndex) {
            ULONG left = KspHeaderBytes(header, Queue->Capture);

            if (offset == Queue->HeaderIndex) {
                left -= Queue->HeaderOffset;
            }
            Queue->BytesQueued -= left;
        }
        moved += header->DataUsed;
    }
    irp->IoStatus.Status = Status;
    irp->IoStatus.Information = Queue->Capture ? length : moved;
    Queue->HeaderIndex = 0;
    Queue->HeaderOffset = 0;
    InsertTailList(Done, &irp->Tail.Overlay.ListEntry);
}

BOOLEAN KspQueueGetChunk(KSP_STREAM_QUEUE *Queue, PUCHAR *Data,
                         PULONG Length)
{
    while (!IsListEmpty(&Queue->Irps)) {
        PIRP irp = KSP_IRP_FROM_ENTRY(Queue->Irps.Flink);
        ULONG length = KspHeaderListLength(irp);

        while (Queue->HeaderIndex < length) {
            PKSSTREAM_HEADER header = KspHeaderAt(irp, Queue->HeaderIndex);
            ULONG bytes = KspHeaderBytes(header, Queue->Capture);

            if (Queue->HeaderOffset < bytes) {
                *Data = (PUCHAR)header->Data + Queue->HeaderOffset;
                *Length = bytes - Queue->HeaderOffset;
                return TRUE;
            }
            Queue->HeaderIndex += header->Size;
            Queue->HeaderOffset = 0;
        }
        /* an IRP of empty headers: nothing to wait for, it is done */
        return FALSE;
    }
    return FALSE;
}

VOID KspQueueAdvance(KSP_STREAM_QUEUE *Queue, ULONG Length, PLIST_ENTRY Done)
{
    PIRP irp;
    PKSSTREAM_HEADER header;
    ULONG length;

    if (IsListEmpty(&Queue->Irps)) {
        return;
    }
    irp = KSP_IRP_FROM_ENTRY(Queue->Irps.Flink);
    length = KspHeaderListLength(irp);
    header = KspHeaderAt(irp, Queue->HeaderIndex);
    Queue->HeaderOffset += Length;
    Queue->BytesQueued -= Length;
    if (Queue->Capture) {
        header->DataUsed = Queue->HeaderOffset;
    }
    if (Queue->HeaderOffset >= KspHeaderBytes(header, Queue->Capture)) {
        Queue->HeaderIndex += header->Size;
        Queue->HeaderOffset = 0;
    }
    /* skip trailing empty headers so a finished IRP completes now */
    while (Queue->HeaderIndex < length &&
           KspHeaderBytes(KspHeaderAt(irp, Queue->HeaderIndex),
                          Queue->Capture) == 0) {
        Queue->HeaderIndex += KspHeaderAt(irp, Queue->HeaderIndex)->Size;
    }
    if (Queue->HeaderIndex >= length) {
        KspQueueRetireHead(Queue, STATUS_SUCCESS, Done);
    }
}

VOID KspQueueFlush(KSP_STREAM_QUEUE *Queue, NTSTATUS Status,
                   PLIST_ENTRY Done)
{
    while (!IsListEmpty(&Queue->Irps)) {
        KspQueueRetireHead(Queue, Status, Done);
    }
    Queue->BytesQueued = 0;
}

PKSSTREAM_HEADER KspQueueCurrentHeader(KSP_STREAM_QUEUE *Queue)
{
    PIRP irp;

    if (IsListEmpty(&Queue->Irps)) {
        return NULL;
    }
    irp = KSP_IRP_FROM_ENTRY(Queue->Irps.Flink);
    if (Queue->HeaderIndex >= KspHeaderListLength(irp)) {
        return NULL;
    }
    return KspHeaderAt(irp, Queue->HeaderIndex);
}

VOID KspQueueCompleteHead(KSP_STREAM_QUEUE *Queue, NTSTATUS Status,
                          PLIST_ENTRY Done)
{
    if (!IsListEmpty(&Queue->Irps)) {
        KspQueueRetireHead(Queue, Status, Done);
    }
}

NTSTATUS KspValidateMusicIrp(PIRP Irp)
{
    ULONG length = KspHeaderListLength(Irp);
    ULONG offset;

    for (offset = 0; offset < length; offset = KspNextHeader(Irp, offset)) {
        PKSSTREAM_HEADER header = KspHeaderAt(Irp, offset);
        const UCHAR *data = header->Data;
        ULONG used = header->DataUsed;
        ULONG at = 0;

        while (at < used) {
            const KSMUSICFORMAT *record;

            if (used - at < sizeof(KSMUSICFORMAT)) {
                return STATUS_INVALID_PARAMETER;
            }
            record = (const KSMUSICFORMAT *)(data + at);
            if (record->ByteCount > used - at - sizeof(KSMUSICFORMAT)) {
                return STATUS_INVALID_PARAMETER;
            }
            at += sizeof(KSMUSICFORMAT) + record->ByteCount;
            at = (ULONG)ALIGN_UP_BY(at, sizeof(ULONG));
        }
    }
    return STATUS_SUCCESS;
}

VOID KspCompleteIrpList(PLIST_ENTRY Done)
{
    while (!IsListEmpty(Done)) {
        PIRP irp = KSP_IRP_FROM_ENTRY(RemoveHeadList(Done));

        IoCompleteRequest(irp, IO_SOUND_INCREMENT);
    }
}

BOOLEAN KspQueueReturn(KSP_STREAM_QUEUE *Queue, PLIST_ENTRY Irps, PUCHAR Data,
                       ULONGLONG Bytes)
{
    PLIST_ENTRY first = IsListEmpty(Irps) ? Queue->Irps.Flink : Irps->Flink;
    PIRP irp;
    ULONG length;

    if (first == &Queue->Irps) {
        return FALSE;
    }
    irp = KSP_IRP_FROM_ENTRY(first);
    length = KspHeaderListLength(irp);
    for (ULONG offset = 0; offset < length;
         offset = KspNextHeader(irp, offset)) {
        PKSSTREAM_HEADER header = KspHeaderAt(irp, offset);
        PUCHAR base = header->Data;

        if (Data < base ||
            Data >= base + KspHeaderBytes(header, Queue->Capture)) {
            continue;
        }
        while (!IsListEmpty(Irps)) {
            InsertHeadList(&Queue->Irps, RemoveTailList(Irps));
        }
        Queue->HeaderIndex = offset;
        Queue->HeaderOffset = (ULONG)(Data - base);
        Queue->BytesQueued += Bytes;
        return TRUE;
    }
    return FALSE;
}
