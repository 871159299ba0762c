/* SPDX-License-Identifier: MIT */
/*
 * The DMus port's IAllocatorMXF: fixed pools of DMUS_KERNEL_EVENTs and of
 * long-message buffers, allocated once per pin. Every event and buffer is
 * either free here or held by exactly one owner in the graph; PutMessage
 * takes back a whole chain (pNextEvt), a package's events and the pbData
 * buffers of long messages. Any IRQL up to DISPATCH_LEVEL, under Lock.
 */
#include "private.h"

/* Debug fill of a freed event or buffer: a use after PutMessage shows. */
#define PCP_MXF_POISON     0xdd

typedef struct PCP_MXF_BUFFER {
    struct PCP_MXF_BUFFER *Next;
} PCP_MXF_BUFFER;

typedef struct PCP_ALLOCATOR_MXF {
    IAllocatorMXF Iface;
    COM_REF Ref;
    KSPIN_LOCK Lock;                /* the free lists and counts */
    PDMUS_KERNEL_EVENT FreeEvents;  /* linked by pNextEvt */
    PCP_MXF_BUFFER *FreeBuffers;
    ULONG EventCount;
    ULONG BufferCount;
    ULONG EventsOut;                /* taken and not yet put back */
    ULONG BuffersOut;
    DMUS_KERNEL_EVENT *Events;      /* EventCount, one block */
    PBYTE Buffers;                  /* BufferCount * PCP_DMUS_BUFFER_SIZE */
} PCP_ALLOCATOR_MXF;

static PCP_ALLOCATOR_MXF *PcpAllocator(IAllocatorMXF *This)
{
    return CONTAINING_RECORD(This, PCP_ALLOCATOR_MXF, Iface);
}

static const COM_QI_ENTRY PcpAllocatorMXF_Qi[] = {
    { &IID_IUnknown, offsetof(PCP_ALLOCATOR_MXF, Iface) },
    { &IID_IMXF, offsetof(PCP_ALLOCATOR_MXF, Iface) },
    { &IID_IAllocatorMXF, offsetof(PCP_ALLOCATOR_MXF, Iface) },
};

static NTSTATUS NTAPI CAllocatorMXF_QueryInterface(IAllocatorMXF *This,
                                                   REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(PcpAllocator(This), PcpAllocatorMXF_Qi,
                             COM_ARRAY_SIZE(PcpAllocatorMXF_Qi), Iid,
                             Object);
}

static ULONG NTAPI CAllocatorMXF_AddRef(IAllocatorMXF *This)
{
    return ComRefAddRef(&PcpAllocator(This)->Ref);
}

/* The last reference with events or buffers still out is a graph bug. */
static ULONG NTAPI CAllocatorMXF_Release(IAllocatorMXF *This)
{
    PCP_ALLOCATOR_MXF *alloc = PcpAllocator(This);
    ULONG count = ComRefRelease(&alloc->Ref);

    if (count != 0) {
        return count;
    }
    if (alloc->EventsOut != 0 || alloc->BuffersOut != 0) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1d0,
                     (ULONG_PTR)alloc, alloc->EventsOut, alloc->BuffersOut);
    }
    ExFreePoolWithTag(alloc->Events, PCP_TAG_DMUS);
    ExFreePoolWithTag(alloc->Buffers, PCP_TAG_DMUS);
    ExFreePoolWithTag(alloc, PCP_TAG_DMUS);
    return 0;
}

/* The allocator is a sink only: it has no state and no output. */
static NTSTATUS NTAPI CAllocatorMXF_SetState(IAllocatorMXF *This,
                                             KSSTATE State)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(State);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CAllocatorMXF_ConnectOutput(IAllocatorMXF *This,
                                                  PMXF SinkMXF)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(SinkMXF);
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI CAllocatorMXF_DisconnectOutput(IAllocatorMXF *This,
                                                     PMXF SinkMXF)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(SinkMXF);
    return STATUS_NOT_IMPLEMENTED;
}

static BOOLEAN PcpAllocatorOwnsBuffer(PCP_ALLOCATOR_MXF *Alloc, PBYTE Buffer)
{
    SIZE_T size = (SIZE_T)Alloc->BufferCount * PCP_DMUS_BUFFER_SIZE;

    return Buffer >= Alloc->Buffers && Buffer < Alloc->Buffers + size &&
           (SIZE_T)(Buffer - Alloc->Buffers) % PCP_DMUS_BUFFER_SIZE == 0;
}

/* Lock held. A pointer that is not one of ours is the caller's bug. */
static VOID PcpAllocatorFreeBuffer(PCP_ALLOCATOR_MXF *Alloc, PBYTE Buffer)
{
    PCP_MXF_BUFFER *free = (PCP_MXF_BUFFER *)Buffer;

    if (!PcpAllocatorOwnsBuffer(Alloc, Buffer) || Alloc->BuffersOut == 0) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1d1,
                     (ULONG_PTR)Alloc, (ULONG_PTR)Buffer, Alloc->BuffersOut);
    }
    RtlFillMemory(Buffer, PCP_DMUS_BUFFER_SIZE, PCP_MXF_POISON);
    free->Next = Alloc->FreeBuffers;
    Alloc->FreeBuffers = free;
    Alloc->BuffersOut--;
}

/* Lock held. One event: its long buffer, then the event itself. */
static VOID PcpAllocatorFreeEvent(PCP_ALLOCATOR_MXF *Alloc,
                                  PDMUS_KERNEL_EVENT Event)
{
    SIZE_T index = (SIZE_T)(Event - Alloc->Events);

    if (Event < Alloc->Events || index >= Alloc->EventCount ||
        Alloc->EventsOut == 0) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1d2,
                     (ULONG_PTR)Alloc, (ULONG_PTR)Event, Alloc->EventsOut);
    }
    if (!PACKAGE_EVT(Event) && !SHORT_EVT(Event) &&
        Event->uData.pbData != NULL) {
        PcpAllocatorFreeBuffer(Alloc, Event->uData.pbData);
    }
    RtlFillMemory(Event, sizeof(*Event), PCP_MXF_POISON);
    Event->pNextEvt = Alloc->FreeEvents;
    Alloc->FreeEvents = Event;
    Alloc->EventsOut--;
}

/*
 * Takes back Event and every event after it in pNextEvt; a package's inner
 * chain goes back with it. Iterative: a hostile chain cannot exhaust the
 * stack, and each event is one of EventCount, so the walk is bounded.
 */
static NTSTATUS NTAPI CAllocatorMXF_PutMessage(IAllocatorMXF *This,
                                               PDMUS_KERNEL_EVENT Event)
{
    PCP_ALLOCATOR_MXF *alloc = PcpAllocator(This);
    PDMUS_KERNEL_EVENT pending = NULL;
    KIRQL oldIrql;

    KeAcquireSpinLock(&alloc->Lock, &oldIrql);
    while (Event != NULL || pending != NULL) {
        PDMUS_KERNEL_EVENT next;

        if (Event == NULL) {
            Event = pending;
            pending = NULL;
        }
        next = Event->pNextEvt;
        if (PACKAGE_EVT(Event) && Event->uData.pPackageEvt != NULL) {
            /* the inner chain is walked after this one */
            PDMUS_KERNEL_EVENT tail = Event->uData.pPackageEvt;

            while (tail->pNextEvt != NULL) {
                tail = tail->pNextEvt;
            }
            tail->pNextEvt = pending;
            pending = Event->uData.pPackageEvt;
        }
        PcpAllocatorFreeEvent(alloc, Event);
        Event = next;
    }
    KeReleaseSpinLock(&alloc->Lock, oldIrql);
    return STATUS_SUCCESS;
}

/* A zeroed event, cbStruct set, no byte position. */
static NTSTATUS NTAPI CAllocatorMXF_GetMessage(IAllocatorMXF *This,
                                               PDMUS_KERNEL_EVENT *Event)
{
    PCP_ALLOCATOR_MXF *alloc = PcpAllocator(This);
    PDMUS_KERNEL_EVENT event;
    KIRQL oldIrql;

    if (Event == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&alloc->Lock, &oldIrql);
    event = alloc->FreeEvents;
    if (event != NULL) {
        alloc->FreeEvents = event->pNextEvt;
        alloc->EventsOut++;
    }
    KeReleaseSpinLock(&alloc->Lock, oldIrql);
    *Event = event;
    if (event == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(event, sizeof(*event));
    event->cbStruct = sizeof(*event);
    event->ullBytePosition = kBytePositionNone;
    return STATUS_SUCCESS;
}

static USHORT NTAPI CAllocatorMXF_GetBufferSize(IAllocatorMXF *This)
{
    UNREFERENCED_PARAMETER(This);
    return PCP_DMUS_BUFFER_SIZE;
}

static NTSTATUS NTAPI CAllocatorMXF_GetBuffer(IAllocatorMXF *This,
                                              PBYTE *Buffer)
{
    PCP_ALLOCATOR_MXF *alloc = PcpAllocator(This);
    PCP_MXF_BUFFER *buffer;
    KIRQL oldIrql;

    if (Buffer == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&alloc->Lock, &oldIrql);
    buffer = alloc->FreeBuffers;
    if (buffer != NULL) {
        alloc->FreeBuffers = buffer->Next;
        alloc->BuffersOut++;
    }
    KeReleaseSpinLock(&alloc->Lock, oldIrql);
    *Buffer = (PBYTE)buffer;
    return buffer != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static NTSTATUS NTAPI CAllocatorMXF_PutBuffer(IAllocatorMXF *This,
                                              PBYTE Buffer)
{
    PCP_ALLOCATOR_MXF *alloc = PcpAllocator(This);
    KIRQL oldIrql;

    if (Buffer == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&alloc->Lock, &oldIrql);
    PcpAllocatorFreeBuffer(alloc, Buffer);
    KeReleaseSpinLock(&alloc->Lock, oldIrql);
    return STATUS_SUCCESS;
}

static const IAllocatorMXFVtbl CAllocatorMXF_Vtbl = {
    .QueryInterface = CAllocatorMXF_QueryInterface,
    .AddRef = CAllocatorMXF_AddRef,
    .Release = CAllocatorMXF_Release,
    .SetState = CAllocatorMXF_SetState,
    .PutMessage = CAllocatorMXF_PutMessage,
    .ConnectOutput = CAllocatorMXF_ConnectOutput,
    .DisconnectOutput = CAllocatorMXF_DisconnectOutput,
    .GetMessage = CAllocatorMXF_GetMessage,
    .GetBufferSize = CAllocatorMXF_GetBufferSize,
    .GetBuffer = CAllocatorMXF_GetBuffer,
    .PutBuffer = CAllocatorMXF_PutBuffer,
};

NTSTATUS PcpNewAllocatorMXF(ULONG Events, ULONG Buffers,
                            PAllocatorMXF *OutAllocator)
{
    PCP_ALLOCATOR_MXF *alloc;
    ULONG i;

    *OutAllocator = NULL;
    if (Events == 0 || Buffers == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    alloc = ExAllocatePoolZero(NonPagedPool, sizeof(*alloc), PCP_TAG_DMUS);
    if (alloc == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    alloc->Events = ExAllocatePoolZero(NonPagedPool,
                                       sizeof(DMUS_KERNEL_EVENT) * Events,
                                       PCP_TAG_DMUS);
    alloc->Buffers = ExAllocatePoolZero(NonPagedPool,
                                        (SIZE_T)PCP_DMUS_BUFFER_SIZE *
                                        Buffers, PCP_TAG_DMUS);
    if (alloc->Events == NULL || alloc->Buffers == NULL) {
        if (alloc->Events != NULL) {
            ExFreePoolWithTag(alloc->Events, PCP_TAG_DMUS);
        }
        if (alloc->Buffers != NULL) {
            ExFreePoolWithTag(alloc->Buffers, PCP_TAG_DMUS);
        }
        ExFreePoolWithTag(alloc, PCP_TAG_DMUS);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    alloc->Iface.lpVtbl = &CAllocatorMXF_Vtbl;
    ComRefInit(&alloc->Ref);
    KeInitializeSpinLock(&alloc->Lock);
    alloc->EventCount = Events;
    alloc->BufferCount = Buffers;
    for (i = Events; i-- > 0;) {
        alloc->Events[i].pNextEvt = alloc->FreeEvents;
        alloc->FreeEvents = &alloc->Events[i];
    }
    for (i = Buffers; i-- > 0;) {
        PCP_MXF_BUFFER *buffer = (PCP_MXF_BUFFER *)(alloc->Buffers +
                                 (SIZE_T)i * PCP_DMUS_BUFFER_SIZE);

        buffer->Next = alloc->FreeBuffers;
        alloc->FreeBuffers = buffer;
    }
    *OutAllocator = &alloc->Iface;
    return STATUS_SUCCESS;
}

VOID PcpAllocatorMXFOutstanding(PAllocatorMXF Allocator, PULONG Events,
                                PULONG Buffers)
{
    PCP_ALLOCATOR_MXF *alloc = PcpAllocator(Allocator);
    KIRQL oldIrql;

    KeAcquireSpinLock(&alloc->Lock, &oldIrql);
    *Events = alloc->EventsOut;
    *Buffers = alloc->BuffersOut;
    KeReleaseSpinLock(&alloc->Lock, oldIrql);
}
