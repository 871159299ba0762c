/* SPDX-License-Identifier: MIT */
/*
 * A DMus pin: the client's stream IRPs on one side, the miniport stream's
 * IMXF on the other, an IAllocatorMXF of the pin's own in between. The base
 * (pin.c) owns the state walk, the queue and close; the hooks here run with
 * PCP_PIN.Lock held unless marked PASSIVE_LEVEL.
 *
 * Render: each queued event (DMUS_EVENTHEADER + bytes, quadword-aligned;
 * or a KSMUSICFORMAT record on a MIDI-format pin) becomes one
 * DMUS_KERNEL_EVENT, or a chain of them for a long message (SysEx in
 * pbData buffers, every one but the last DMUS_KEF_EVENT_INCOMPLETE), at
 * master-clock time PresentationTime + rtDelta. The pin's sequencer keeps
 * them in time order (one time: arrival order) and hands each to the
 * miniport once its time minus the miniport's SchedulePreFetch has come;
 * an event earlier than one already handed over goes at once. The
 * miniport puts every event back into the allocator. Bad data (a
 * truncated header, a length that runs past DataUsed) completes the IRP
 * with STATUS_INVALID_PARAMETER; the events before it play. Capture: the
 * miniport puts events into the pin's sink MXF; the service packs them
 * into DMUS_EVENTHEADERs.
 */
#include "private.h"

#define PCP_DMUS_RETRY_100NS   10000u   /* pool empty: parse again in 1 ms */
#define PCP_DMUS_PREFETCH_MAX  (1ULL << 62)
#define PCP_100NS_PER_MS_DMUS  (_100NS_UNITS_PER_SECOND / 1000)

typedef struct PCP_PIN_DMUS {
    PCP_PIN Pin;                    /* first: the base */
    PMXF Stream;                    /* the miniport's, referenced */
    PAllocatorMXF Allocator;        /* referenced */
    PSERVICEGROUP ServiceGroup;     /* referenced, the pin is a member */
    ULONGLONG PreFetch;             /* 100 ns ahead the miniport wants */
    BOOLEAN Music;                  /* KSDATAFORMAT_SUBTYPE_MIDI records */
    KTIMER Timer;
    KDPC Dpc;

    /* render: events parsed, not yet handed over, linked by pNextEvt */
    PDMUS_KERNEL_EVENT Head;
    PDMUS_KERNEL_EVENT Tail;
    REFERENCE_TIME LastTime;        /* of the previous MIDI record */

    /* capture: what the miniport put, under CaptureLock */
    IMXF SinkIface;
    KSPIN_LOCK CaptureLock;
    PDMUS_KERNEL_EVENT CaptureHead;
    PDMUS_KERNEL_EVENT CaptureTail;

    ULONGLONG Events;               /* events handed over or packed */
    ULONG BadIrps;
    ULONG Stalls;                   /* parses stopped by an empty pool */
} PCP_PIN_DMUS;

static PCP_PIN_DMUS *PcpDMus(PCP_PIN *Pin)
{
    return CONTAINING_RECORD(Pin, PCP_PIN_DMUS, Pin);
}

static VOID PcpDMusArm(PCP_PIN_DMUS *DMus, ULONGLONG Delay100ns)
{
    LARGE_INTEGER due;

    due.QuadPart = -(LONGLONG)max(Delay100ns, 1ULL);
    KeSetTimer(&DMus->Timer, due, &DMus->Dpc);
}

/* DISPATCH_LEVEL: a due event or a retry; the base checks RUN. */
static VOID NTAPI PcpDMusTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1,
                                  PVOID Arg2)
{
    PCP_PIN_DMUS *dmus = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    COM_CALL(&dmus->Pin.SinkIface, RequestService);
}

static VOID PcpDMusAppend(PDMUS_KERNEL_EVENT *Head, PDMUS_KERNEL_EVENT *Tail,
                          PDMUS_KERNEL_EVENT Chain)
{
    PDMUS_KERNEL_EVENT last = Chain;

    while (last->pNextEvt != NULL) {
        last = last->pNextEvt;
    }
    if (*Tail != NULL) {
        (*Tail)->pNextEvt = Chain;
    } else {
        *Head = Chain;
    }
    *Tail = last;
}

/* Render ------------------------------------------------------------------- */

/*
 * Inserts a message's chain (one time) after every queued event of the same
 * or an earlier time: the sequencer hands events over in time order, those
 * of one time in arrival order.
 */
static VOID PcpDMusInsert(PCP_PIN_DMUS *DMus, PDMUS_KERNEL_EVENT Chain)
{
    PDMUS_KERNEL_EVENT last = Chain;
    PDMUS_KERNEL_EVENT *link = &DMus->Head;

    while (last->pNextEvt != NULL) {
        last = last->pNextEvt;
    }
    if (DMus->Tail == NULL ||
        DMus->Tail->ullPresTime100ns <= Chain->ullPresTime100ns) {
        PcpDMusAppend(&DMus->Head, &DMus->Tail, Chain);
        return;
    }
    while ((*link)->ullPresTime100ns <= Chain->ullPresTime100ns) {
        link = &(*link)->pNextEvt;
    }
    last->pNextEvt = *link;
    *link = Chain;
}

/* The header's PresentationTime in 100 ns, scaled as KSTIME says. */
static REFERENCE_TIME PcpDMusPresentation(const KSSTREAM_HEADER *Header)
{
    const KSTIME *time = &Header->PresentationTime;
    LONGLONG units = time->Time < 0 ? 0 : time->Time;
    LONGLONG scaled;

    if (time->Numerator == 0 || time->Denominator == 0) {
        return units;
    }
    if (!__builtin_mul_overflow(units, (LONGLONG)time->Numerator, &scaled)) {
        return scaled / time->Denominator;
    }
    if (__builtin_mul_overflow(units / time->Denominator,
                               (LONGLONG)time->Numerator, &scaled)) {
        return MAXLONGLONG;
    }
    return scaled;
}

/*
 * A client's time plus a delta (100 ns units), saturating: a header's
 * times may be anything, and an event beyond the range stays there.
 */
static REFERENCE_TIME PcpDMusTimeAdd(REFERENCE_TIME Time, LONGLONG Delta)
{
    REFERENCE_TIME sum;

    if (__builtin_add_overflow(Time, Delta, &sum)) {
        return Delta > 0 ? MAXLONGLONG : -MAXLONGLONG - 1;
    }
    return sum;
}

/*
 * Count bytes at Bytes as one message of events at Time: one event for a
 * short message, a chain of pbData buffers for a long one. Atomic: on an
 * empty pool nothing is kept and STATUS_INSUFFICIENT_RESOURCES returned.
 */
static NTSTATUS PcpDMusBuildMessage(PCP_PIN_DMUS *DMus, const UCHAR *Bytes,
                                    ULONG Count, USHORT Group,
                                    REFERENCE_TIME Time,
                                    PDMUS_KERNEL_EVENT *OutChain)
{
    PAllocatorMXF alloc = DMus->Allocator;
    USHORT chunk = COM_CALL(alloc, GetBufferSize);
    PDMUS_KERNEL_EVENT chain = NULL;
    PDMUS_KERNEL_EVENT last = NULL;
    ULONG done = 0;

    *OutChain = NULL;
    do {
        PDMUS_KERNEL_EVENT event;
        ULONG n = min(Count - done, (ULONG)chunk);
        NTSTATUS status = COM_CALL(alloc, GetMessage, &event);

        if (!NT_SUCCESS(status)) {
            if (chain != NULL) {
                COM_CALL(alloc, PutMessage, chain);
            }
            return status;
        }
        if (last != NULL) {
            last->pNextEvt = event;
        } else {
            chain = event;
        }
        last = event;
        event->usChannelGroup = Group;
        event->ullPresTime100ns = Time;
        if (Count <= sizeof(PBYTE)) {
            event->cbEvent = (USHORT)Count;
            RtlCopyMemory(event->uData.abData, Bytes, Count);
            break;
        }
        /*
         * No fragment of a long message may be short (it would read as
         * abData and its buffer be lost): a tail of 1..8 bytes is
         * borrowed from the chunk before it.
         */
        if (Count - done - n != 0 && Count - done - n <= sizeof(PBYTE)) {
            n = Count - done - (sizeof(PBYTE) + 1);
        }
        status = COM_CALL(alloc, GetBuffer, &event->uData.pbData);
        if (!NT_SUCCESS(status)) {
            event->uData.pbData = NULL;
            COM_CALL(alloc, PutMessage, chain);
            return status;
        }
        event->cbEvent = (USHORT)n;
        RtlCopyMemory(event->uData.pbData, Bytes + done, n);
        done += n;
        if (done < Count) {
            SET_INCOMPLETE_EVT(event);
        }
    } while (done < Count);
    *OutChain = chain;
    return STATUS_SUCCESS;
}

static VOID PcpDMusBad(PCP_PIN_DMUS *DMus, const char *What, PLIST_ENTRY Done)
{
    DPF(D_ERROR, "pin %u: %s: IRP failed", (unsigned)DMus->Pin.PinId, What);
    DMus->BadIrps++;
    KspQueueCompleteHead(&DMus->Pin.Queue, STATUS_INVALID_PARAMETER, Done);
}

/*
 * One event from the chunk at Data: *Used bytes it takes in the stream, 0
 * when the IRP was failed. FALSE when the pool is empty (nothing taken).
 */
static BOOLEAN PcpDMusParseOne(PCP_PIN_DMUS *DMus, const UCHAR *Data,
                               ULONG Length, PULONG Used, PLIST_ENTRY Done)
{
    KSP_STREAM_QUEUE *queue = &DMus->Pin.Queue;
    const KSSTREAM_HEADER *header = KspQueueCurrentHeader(queue);
    PDMUS_KERNEL_EVENT chain = NULL;
    REFERENCE_TIME time;
    REFERENCE_TIME delta;
    const UCHAR *bytes;
    ULONG count;
    USHORT group;

    *Used = 0;
    if (DMus->Music) {
        KSMUSICFORMAT record;

        if (Length < sizeof(record)) {
            PcpDMusBad(DMus, "truncated KSMUSICFORMAT", Done);
            return TRUE;
        }
        RtlCopyMemory(&record, Data, sizeof(record));
        if (record.ByteCount > Length - sizeof(record)) {
            PcpDMusBad(DMus, "ByteCount past DataUsed", Done);
            return TRUE;
        }
        delta = (REFERENCE_TIME)record.TimeDeltaMs * PCP_100NS_PER_MS_DMUS;
        time = PcpDMusTimeAdd(DMus->LastTime, delta);
        if (queue->HeaderOffset == 0) {
            time = max(DMus->LastTime,
                       PcpDMusTimeAdd(PcpDMusPresentation(header), delta));
        }
        bytes = Data + sizeof(record);
        count = record.ByteCount;
        group = 1;
        *Used = (ULONG)ALIGN_UP_BY(sizeof(record) + count, sizeof(ULONG));
    } else {
        DMUS_EVENTHEADER eh;

        if (Length < sizeof(eh)) {
            PcpDMusBad(DMus, "truncated DMUS_EVENTHEADER", Done);
            return TRUE;
        }
        RtlCopyMemory(&eh, Data, sizeof(eh));
        if (eh.cbEvent > Length - sizeof(eh) || eh.cbEvent > 0xffffu) {
            PcpDMusBad(DMus, "cbEvent past DataUsed", Done);
            return TRUE;
        }
        time = PcpDMusTimeAdd(PcpDMusPresentation(header), eh.rtDelta);
        bytes = Data + sizeof(eh);
        count = eh.cbEvent;
        group = (USHORT)eh.dwChannelGroup;
        *Used = (ULONG)DMUS_EVENT_SIZE(eh.cbEvent);
    }
    *Used = min(*Used, Length);
    if (count != 0) {
        if (!NT_SUCCESS(PcpDMusBuildMessage(DMus, bytes, count, group,
                                            max(time, 0), &chain))) {
            *Used = 0;
            return FALSE;
        }
        PcpDMusInsert(DMus, chain);
    }
    DMus->LastTime = time;
    return TRUE;
}

/* Hands the due events to the miniport; arms the timer for the next one. */
static VOID PcpDMusDeliver(PCP_PIN_DMUS *DMus)
{
    ULONGLONG now = KeQueryInterruptTime();
    ULONGLONG ahead = min(DMus->PreFetch, PCP_DMUS_PREFETCH_MAX);

    while (DMus->Head != NULL &&
           (ULONGLONG)DMus->Head->ullPresTime100ns <= now + ahead) {
        PDMUS_KERNEL_EVENT event = DMus->Head;

        DMus->Head = event->pNextEvt;
        if (DMus->Head == NULL) {
            DMus->Tail = NULL;
        }
        event->pNextEvt = NULL;
        DMus->Events++;
        COM_CALL(DMus->Stream, PutMessage, event);
    }
    if (DMus->Head != NULL) {
        PcpDMusArm(DMus, (ULONGLONG)DMus->Head->ullPresTime100ns - ahead -
                   now);
    }
}

static VOID PcpDMusServiceRender(PCP_PIN_DMUS *DMus, PLIST_ENTRY Done)
{
    KSP_STREAM_QUEUE *queue = &DMus->Pin.Queue;
    PUCHAR data;
    ULONG length;

    while (KspQueueGetChunk(queue, &data, &length)) {
        ULONG used;

        if (!PcpDMusParseOne(DMus, data, length, &used, Done)) {
            /* the miniport gives events back as it plays them */
            DMus->Stalls++;
            PcpDMusDeliver(DMus);
            PcpDMusArm(DMus, PCP_DMUS_RETRY_100NS);
            return;
        }
        if (used != 0) {
            KspQueueAdvance(queue, used, Done);
        }
    }
    PcpDMusDeliver(DMus);
}

/* Capture ------------------------------------------------------------------ */

/* Packs captured events into the client's buffers, one header each. */
static VOID PcpDMusServiceCapture(PCP_PIN_DMUS *DMus, PLIST_ENTRY Done)
{
    KSP_STREAM_QUEUE *queue = &DMus->Pin.Queue;
    PDMUS_KERNEL_EVENT events;
    PUCHAR data;
    ULONG length;
    KIRQL oldIrql;

    KeAcquireSpinLock(&DMus->CaptureLock, &oldIrql);
    events = DMus->CaptureHead;
    DMus->CaptureHead = NULL;
    DMus->CaptureTail = NULL;
    KeReleaseSpinLock(&DMus->CaptureLock, oldIrql);

    while (events != NULL && KspQueueGetChunk(queue, &data, &length)) {
        PDMUS_KERNEL_EVENT event = events;
        PKSSTREAM_HEADER header = KspQueueCurrentHeader(queue);
        ULONG size = (ULONG)DMUS_EVENT_SIZE(event->cbEvent);
        DMUS_EVENTHEADER eh;

        if (length < size) {
            /* no room: hand over what the IRP has */
            KspQueueCompleteHead(queue, STATUS_SUCCESS, Done);
            continue;
        }
        if (queue->HeaderOffset == 0) {
            header->PresentationTime.Time = event->ullPresTime100ns;
            header->PresentationTime.Numerator = 1;
            header->PresentationTime.Denominator = 1;
        }
        eh.cbEvent = event->cbEvent;
        eh.dwChannelGroup = event->usChannelGroup;
        eh.rtDelta = event->ullPresTime100ns -
                     header->PresentationTime.Time;
        eh.dwFlags = INCOMPLETE_EVT(event) ? 0 : DMUS_EVENT_STRUCTURED;
        RtlZeroMemory(data, size);
        RtlCopyMemory(data, &eh, sizeof(eh));
        RtlCopyMemory(data + sizeof(eh),
                      SHORT_EVT(event) ? event->uData.abData :
                      event->uData.pbData, event->cbEvent);
        KspQueueAdvance(queue, size, Done);
        events = event->pNextEvt;
        event->pNextEvt = NULL;
        DMus->Events++;
        COM_CALL(DMus->Allocator, PutMessage, event);
    }
    if (events != NULL) {
        /* no IRP: keep them, before any that came meanwhile */
        PDMUS_KERNEL_EVENT tail = events;

        while (tail->pNextEvt != NULL) {
            tail = tail->pNextEvt;
        }
        KeAcquireSpinLock(&DMus->CaptureLock, &oldIrql);
        tail->pNextEvt = DMus->CaptureHead;
        if (DMus->CaptureTail == NULL) {
            DMus->CaptureTail = tail;
        }
        DMus->CaptureHead = events;
        KeReleaseSpinLock(&DMus->CaptureLock, oldIrql);
    }
    if (!IsListEmpty(&queue->Irps) &&
        (queue->HeaderIndex != 0 || queue->HeaderOffset != 0)) {
        KspQueueCompleteHead(queue, STATUS_SUCCESS, Done);
    }
}

static PCP_PIN_DMUS *PcpDMusFromSink(IMXF *This)
{
    return CONTAINING_RECORD(This, PCP_PIN_DMUS, SinkIface);
}

static NTSTATUS NTAPI PcpDMusSink_QueryInterface(IMXF *This, REFIID Iid,
                                                 PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IMXF)) {
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

/* Not counted: the pin disconnects it before it goes. */
static ULONG NTAPI PcpDMusSink_AddRef(IMXF *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static ULONG NTAPI PcpDMusSink_Release(IMXF *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static NTSTATUS NTAPI PcpDMusSink_SetState(IMXF *This, KSSTATE State)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(State);
    return STATUS_SUCCESS;
}

/* Any IRQL up to DISPATCH_LEVEL: the miniport's capture events. */
static NTSTATUS NTAPI PcpDMusSink_PutMessage(IMXF *This,
                                             PDMUS_KERNEL_EVENT Event)
{
    PCP_PIN_DMUS *dmus = PcpDMusFromSink(This);
    KIRQL oldIrql;

    if (Event == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&dmus->CaptureLock, &oldIrql);
    PcpDMusAppend(&dmus->CaptureHead, &dmus->CaptureTail, Event);
    KeReleaseSpinLock(&dmus->CaptureLock, oldIrql);
    /*
     * Through the DPC, not RequestService here: the miniport may call this
     * from its Service, inside the pin's service with the pin's lock held.
     */
    KeInsertQueueDpc(&dmus->Dpc, NULL, NULL);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI PcpDMusSink_Connect(IMXF *This, PMXF SinkMXF)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(SinkMXF);
    return STATUS_NOT_IMPLEMENTED;
}

static const IMXFVtbl PcpDMusSink_Vtbl = {
    .QueryInterface = PcpDMusSink_QueryInterface,
    .AddRef = PcpDMusSink_AddRef,
    .Release = PcpDMusSink_Release,
    .SetState = PcpDMusSink_SetState,
    .PutMessage = PcpDMusSink_PutMessage,
    .ConnectOutput = PcpDMusSink_Connect,
    .DisconnectOutput = PcpDMusSink_Connect,
};

/* Hooks -------------------------------------------------------------------- */

static VOID PcpDMusService(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_DMUS *dmus = PcpDMus(Pin);
    PMINIPORTDMUS miniport = (PMINIPORTDMUS)Pin->Port->MiniportIface;

    if (Pin->State != KSSTATE_RUN) {
        return;     /* PAUSE: nothing is handed over */
    }
    /* an unregistered subdevice's pin runs on its stream, without the
     * miniport (released at unregistration, as the MIDI port's sink) */
    if (miniport != NULL) {
        COM_CALL(miniport, Service);
    }
    if (Pin->Capture) {
        PcpDMusServiceCapture(dmus, Done);
    } else {
        PcpDMusServiceRender(dmus, Done);
    }
}

/* Every event the pin holds goes back: none is left out after STOP. */
static VOID PcpDMusStopped(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_DMUS *dmus = PcpDMus(Pin);
    ULONG events, buffers;
    KIRQL oldIrql;

    KeCancelTimer(&dmus->Timer);
    KspQueueFlush(&Pin->Queue, STATUS_CANCELLED, Done);
    if (dmus->Head != NULL) {
        COM_CALL(dmus->Allocator, PutMessage, dmus->Head);
    }
    dmus->Head = NULL;
    dmus->Tail = NULL;
    KeAcquireSpinLock(&dmus->CaptureLock, &oldIrql);
    if (dmus->CaptureHead != NULL) {
        COM_CALL(dmus->Allocator, PutMessage, dmus->CaptureHead);
    }
    dmus->CaptureHead = NULL;
    dmus->CaptureTail = NULL;
    KeReleaseSpinLock(&dmus->CaptureLock, oldIrql);
    PcpAllocatorMXFOutstanding(dmus->Allocator, &events, &buffers);
    DPF(D_TERSE, "pin %u stopped: %llu events, %u bad IRPs, %u stalls, "
        "%u events %u buffers outstanding", (unsigned)Pin->PinId,
        dmus->Events, (unsigned)dmus->BadIrps, (unsigned)dmus->Stalls,
        (unsigned)events, (unsigned)buffers);
    dmus->LastTime = 0;
    dmus->Events = 0;
    dmus->BadIrps = 0;
    dmus->Stalls = 0;
}

/* PASSIVE_LEVEL. */
static NTSTATUS PcpDMusSetStreamState(PCP_PIN *Pin, KSSTATE State)
{
    return COM_CALL(PcpDMus(Pin)->Stream, SetState, State);
}

/* Deviation: the format is fixed at creation (the miniport's SetFormat
 * has no slot in IMXF). */
static NTSTATUS PcpDMusSetStreamFormat(PCP_PIN *Pin, PKSDATAFORMAT Format)
{
    UNREFERENCED_PARAMETER(Pin);
    UNREFERENCED_PARAMETER(Format);
    return STATUS_INVALID_DEVICE_REQUEST;
}

static VOID PcpDMusFormatChanged(PCP_PIN *Pin)
{
    UNREFERENCED_PARAMETER(Pin);
}

/* PASSIVE_LEVEL: undoes NewStream; the timer and its DPC are gone first. */
static VOID PcpDMusClose(PCP_PIN *Pin)
{
    PCP_PIN_DMUS *dmus = PcpDMus(Pin);

    KeCancelTimer(&dmus->Timer);
    KeRemoveQueueDpc(&dmus->Dpc);
    if (dmus->ServiceGroup != NULL) {
        COM_CALL(dmus->ServiceGroup, RemoveMember, &Pin->SinkIface);
    }
    if (Pin->Capture && dmus->Stream != NULL) {
        COM_CALL(dmus->Stream, DisconnectOutput, &dmus->SinkIface);
    }
    COM_SAFE_RELEASE(&dmus->ServiceGroup);
    COM_SAFE_RELEASE(&dmus->Stream);
    COM_SAFE_RELEASE(&dmus->Allocator);
    Pin->Stream = NULL;
}

static const PCP_PIN_OPS PcpPinDMusOps = {
    .SetStreamState = PcpDMusSetStreamState,
    .Stopped = PcpDMusStopped,
    .Service = PcpDMusService,
    .SetStreamFormat = PcpDMusSetStreamFormat,
    .FormatChanged = PcpDMusFormatChanged,
    .Close = PcpDMusClose,
    .PowerKeepsStream = TRUE,
};

/* The miniport's stream, its group and the capture connection. */
static NTSTATUS PcpDMusNewStream(PCP_PIN_DMUS *DMus, PCP_PORT *Port)
{
    PCP_PIN *pin = &DMus->Pin;
    PMINIPORTDMUS miniport = (PMINIPORTDMUS)Port->MiniportIface;
    NTSTATUS status;

    status = PcpNewAllocatorMXF(PCP_DMUS_POOL_EVENTS, PCP_DMUS_POOL_BUFFERS,
                                &DMus->Allocator);
    if (NT_SUCCESS(status)) {
        status = COM_CALL(miniport, NewStream, &DMus->Stream, NULL,
                          NonPagedPool, pin->PinId,
                          pin->Capture ? DMUS_STREAM_MIDI_CAPTURE :
                                         DMUS_STREAM_MIDI_RENDER,
                          pin->Format, &DMus->ServiceGroup, DMus->Allocator,
                          PcpPortDMusMasterClock(Port), &DMus->PreFetch);
    }
    if (NT_SUCCESS(status) && DMus->Stream == NULL) {
        status = STATUS_UNSUCCESSFUL;
    }
    if (NT_SUCCESS(status) && DMus->ServiceGroup == NULL) {
        DMus->ServiceGroup = PcpPortDMusServiceGroup(Port);
        if (DMus->ServiceGroup != NULL) {
            COM_CALL(DMus->ServiceGroup, AddRef);
        }
    }
    if (NT_SUCCESS(status) && DMus->ServiceGroup != NULL) {
        status = COM_CALL(DMus->ServiceGroup, AddMember, &pin->SinkIface);
    }
    if (NT_SUCCESS(status) && pin->Capture) {
        status = COM_CALL(DMus->Stream, ConnectOutput, &DMus->SinkIface);
    }
    return status;
}

NTSTATUS PcpNewPinDMus(PCP_PORT *Port, PCP_FILTER *Filter,
                       PFILE_OBJECT FileObject, const KSPIN_CONNECT *Connect,
                       PKSDATAFORMAT Format, ULONG FormatSize)
{
    PCP_PIN_DMUS *dmus;
    PCP_PIN *pin;
    NTSTATUS status;

    PAGED_CODE();
    status = PcpPinCreate(&PcpPinDMusOps, sizeof(*dmus), Port, Filter,
                          Connect, Format, FormatSize, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    dmus = PcpDMus(pin);
    dmus->Music = IsEqualGUIDAligned(&pin->Format->SubFormat,
                                     &KSDATAFORMAT_SUBTYPE_MIDI);
    dmus->SinkIface.lpVtbl = &PcpDMusSink_Vtbl;
    KeInitializeSpinLock(&dmus->CaptureLock);
    KeInitializeTimer(&dmus->Timer);
    KeInitializeDpc(&dmus->Dpc, PcpDMusTimerDpc, dmus);
    status = PcpDMusNewStream(dmus, Port);
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream for DMus pin %u failed 0x%08x",
            (unsigned)pin->PinId, (unsigned)status);
        if (pin->Capture && dmus->Stream != NULL) {
            COM_CALL(dmus->Stream, DisconnectOutput, &dmus->SinkIface);
        }
        COM_SAFE_RELEASE(&dmus->ServiceGroup);
        COM_SAFE_RELEASE(&dmus->Stream);
        COM_SAFE_RELEASE(&dmus->Allocator);
        PcpPinDelete(pin);
        return status;
    }
    pin->Stream = (PUNKNOWN)dmus->Stream;
    pin->Framing.RequirementsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    pin->Framing.PoolType = NonPagedPool;
    pin->Framing.Frames = 8;
    pin->Framing.FrameSize = 4096;
    pin->Framing.FileAlignment = sizeof(ULONGLONG) - 1;
    DPF(D_TERSE, "pin %u open: DMus %s %s, prefetch %llu", (unsigned)pin->PinId,
        dmus->Music ? "MIDI" : "DirectMusic",
        pin->Capture ? "capture" : "render", dmus->PreFetch);
    PcpPinAttach(pin, FileObject);
    return STATUS_SUCCESS;
}
