/* SPDX-License-Identifier: MIT */
/*
 * A WavePci pin: the client's stream IRPs are handed to the miniport stream
 * as mappings (physical pieces of the client's own buffers, in stream
 * order, cut at page boundaries) through IPortWavePciStream, and an IRP
 * completes when every mapping of it is released. The pin object is the
 * port stream: GetMapping/ReleaseMapping take PCP_PIN.Lock themselves, so
 * the miniport is always called without it (its Service and
 * MappingAvailable run from the stream's service group DPC).
 *
 * Mappings outstanding are a FIFO (Maps[Head], Head + 1, ...): releases
 * must come in acquisition order, as Driver Verifier requires. IRPs whose
 * bytes are all handed out wait in Mapped until their last mapping goes.
 */
#include <ntrt.h>
#include "private.h"

/*
 * Outstanding mappings per stream: more than any ring a miniport programs
 * (the device's holds 255); beyond it GetMapping answers
 * STATUS_INSUFFICIENT_RESOURCES.
 */
#define PCP_WAVEPCI_MAPPINGS 512

typedef struct PCP_WAVEPCI_MAPPING {
    PVOID Tag;
    PUCHAR Virtual;
    ULONG Bytes;
    PIRP Irp;                       /* the packet this piece belongs to */
} PCP_WAVEPCI_MAPPING;

typedef struct PCP_PIN_WAVEPCI {
    PCP_PIN Pin;                    /* first: the base */
    IPortWavePciStream PortStreamIface;
    IPreFetchOffset PreFetchIface;
    IServiceSink StreamSinkIface;   /* member of ServiceGroup */
    PMINIPORTWAVEPCISTREAM Stream;
    PDMACHANNEL Dma;
    PSERVICEGROUP ServiceGroup;

    ULONG BlockAlign;
    ULONG PreFetchOffset;           /* 0: none set */
    PCP_WAVEPCI_MAPPING *Maps;      /* pool, PCP_WAVEPCI_MAPPINGS */
    ULONG Head;                     /* oldest outstanding mapping */
    ULONG Count;                    /* outstanding mappings */
    LIST_ENTRY Mapped;              /* IRPs fully handed out, in order */
    BOOLEAN MappingRequested;       /* a GetMapping found nothing */
    PIRP PartialIrp;                /* queue head IRP with pieces handed out */
    /* spin locks PortCls itself holds while it calls the miniport (the
     * service group's), not the miniport's: 0 outside those calls */
    ULONG PortLocks;
    PCP_WAVEPCI_STATS Stats;
    /* power: the stream's bytes before the miniport last left STOP (its
     * GetPosition restarts there); PowerSaved until the power STOP, then
     * PowerDown until the miniport leaves STOP again */
    ULONGLONG PlayBase;
    BOOLEAN PowerSaved;
    BOOLEAN PowerDown;
} PCP_PIN_WAVEPCI;

static PCP_PIN_WAVEPCI *PcpWavePci(PCP_PIN *Pin)
{
    return CONTAINING_RECORD(Pin, PCP_PIN_WAVEPCI, Pin);
}

static PIRP PcpWavePciQueueHead(PCP_PIN_WAVEPCI *Pci)
{
    if (IsListEmpty(&Pci->Pin.Queue.Irps)) {
        return NULL;
    }
    return CONTAINING_RECORD(Pci->Pin.Queue.Irps.Flink, IRP,
                             Tail.Overlay.ListEntry);
}

/* Lock held. IRPs of Mapped with no mapping left outstanding go to Done. */
static VOID PcpWavePciRetire(PCP_PIN_WAVEPCI *Pci, PLIST_ENTRY Done)
{
    while (!IsListEmpty(&Pci->Mapped)) {
        PIRP irp = CONTAINING_RECORD(Pci->Mapped.Flink, IRP,
                                     Tail.Overlay.ListEntry);

        if (Pci->Count != 0 && Pci->Maps[Pci->Head].Irp == irp) {
            break;
        }
        RemoveEntryList(&irp->Tail.Overlay.ListEntry);
        irp->IoStatus.Status = STATUS_SUCCESS;
        InsertTailList(Done, &irp->Tail.Overlay.ListEntry);
        Pci->Stats.IrpsCompleted++;
    }
}

/* IPortWavePciStream ------------------------------------------------------- */

static PCP_PIN_WAVEPCI *PcpWavePciFromPortStream(IPortWavePciStream *This)
{
    return CONTAINING_RECORD(This, PCP_PIN_WAVEPCI, PortStreamIface);
}

static const COM_QI_ENTRY PcpWavePciPortStream_Qi[] = {
    { &IID_IUnknown, offsetof(PCP_PIN_WAVEPCI, PortStreamIface) },
    { &IID_IPortWavePciStream, offsetof(PCP_PIN_WAVEPCI, PortStreamIface) },
    { &IID_IPreFetchOffset, offsetof(PCP_PIN_WAVEPCI, PreFetchIface) },
};

static NTSTATUS NTAPI PcpWavePciPortStream_QueryInterface(
    IPortWavePciStream *This, REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(PcpWavePciFromPortStream(This),
                             PcpWavePciPortStream_Qi,
                             COM_ARRAY_SIZE(PcpWavePciPortStream_Qi), Iid,
                             Object);
}

/* Every interface of the pin counts on the pin (PCP_PIN.Ref). */
static ULONG NTAPI PcpWavePciPortStream_AddRef(IPortWavePciStream *This)
{
    return COM_CALL(&PcpWavePciFromPortStream(This)->Pin.SinkIface, AddRef);
}

static ULONG NTAPI PcpWavePciPortStream_Release(IPortWavePciStream *This)
{
    return COM_CALL(&PcpWavePciFromPortStream(This)->Pin.SinkIface, Release);
}

/*
 * Bytes of the next mapping at Data (Length client bytes left in its
 * header): up to the page boundary, moved on to the end of the frame that
 * straddles it. Deviation: Windows cuts at the page boundary whatever the
 * frame; the device takes whole frames per descriptor and this runtime's
 * memory is identity-mapped, so the frame's next bytes follow physically.
 */
static ULONG PcpWavePciPiece(PCP_PIN_WAVEPCI *Pci, PUCHAR Data, ULONG Length)
{
    ULONG n = PAGE_SIZE - BYTE_OFFSET(Data);

    if (n % Pci->BlockAlign != 0) {
        n += Pci->BlockAlign - n % Pci->BlockAlign;
    }
    return min(n, Length);
}

/* <= DISPATCH_LEVEL, no port lock held by the caller (it is taken here). */
static NTSTATUS NTAPI PcpWavePciPortStream_GetMapping(
    IPortWavePciStream *This, PVOID Tag, PPHYSICAL_ADDRESS PhysicalAddress,
    PVOID *VirtualAddress, PULONG ByteCount, PULONG Flags)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePciFromPortStream(This);
    PCP_WAVEPCI_MAPPING *map;
    PUCHAR data;
    ULONG length, i;
    KIRQL oldIrql;
    PIRP irp;

    if (PhysicalAddress == NULL || VirtualAddress == NULL ||
        ByteCount == NULL || Flags == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    KeAcquireSpinLock(&pci->Pin.Lock, &oldIrql);
    for (i = 0; i < pci->Count; i++) {
        if (pci->Maps[(pci->Head + i) % PCP_WAVEPCI_MAPPINGS].Tag == Tag) {
            KeReleaseSpinLock(&pci->Pin.Lock, oldIrql);
            KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                         PCP_VIOLATION_MAPPING_TAG_IN_USE, (ULONG_PTR)Tag,
                         (ULONG_PTR)This, i);
        }
    }
    if (pci->Count == PCP_WAVEPCI_MAPPINGS) {
        KeReleaseSpinLock(&pci->Pin.Lock, oldIrql);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (pci->Pin.State == KSSTATE_STOP || pci->Pin.Resetting ||
        !KspQueueGetChunk(&pci->Pin.Queue, &data, &length)) {
        /* MappingAvailable follows when data arrives. */
        pci->MappingRequested = TRUE;
        pci->Stats.NotFound++;
        KeReleaseSpinLock(&pci->Pin.Lock, oldIrql);
        return STATUS_NOT_FOUND;
    }
    irp = PcpWavePciQueueHead(pci);
    map = &pci->Maps[(pci->Head + pci->Count) % PCP_WAVEPCI_MAPPINGS];
    map->Tag = Tag;
    map->Virtual = data;
    map->Bytes = PcpWavePciPiece(pci, data, length);
    map->Irp = irp;
    pci->Count++;
    /* A packet whose last byte this is moves to Mapped. */
    KspQueueAdvance(&pci->Pin.Queue, map->Bytes, &pci->Mapped);
    pci->PartialIrp = PcpWavePciQueueHead(pci) == irp ? irp : NULL;
    if (pci->PartialIrp == NULL) {
        /* still the client's pending request until its pieces are back */
        irp->IoStatus.Status = STATUS_PENDING;
    }
    *PhysicalAddress = MmGetPhysicalAddress(data);
    *VirtualAddress = data;
    *ByteCount = map->Bytes;
    *Flags = pci->PartialIrp == NULL ? 1 : 0;
    pci->Stats.MappingsHanded++;
    pci->Stats.BytesMapped += map->Bytes;
    KeReleaseSpinLock(&pci->Pin.Lock, oldIrql);
    return STATUS_SUCCESS;
}

/*
 * <= DISPATCH_LEVEL, the miniport holding no spin lock (the service
 * group's, held around the miniport's Service, is PortCls'). Only the
 * oldest outstanding mapping may be released; anything else is a driver
 * bug Verifier stops.
 */
static NTSTATUS NTAPI PcpWavePciPortStream_ReleaseMapping(
    IPortWavePciStream *This, PVOID Tag)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePciFromPortStream(This);
    LIST_ENTRY done;
    KIRQL oldIrql;
    ULONG i;

    if (KiQuerySpinLocksHeld() > pci->PortLocks) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     PCP_VIOLATION_MAPPING_UNDER_LOCK, (ULONG_PTR)Tag,
                     KiQuerySpinLocksHeld() - pci->PortLocks,
                     (ULONG_PTR)This);
    }
    InitializeListHead(&done);
    KeAcquireSpinLock(&pci->Pin.Lock, &oldIrql);
    if (pci->Count == 0 || pci->Maps[pci->Head].Tag != Tag) {
        for (i = 1; i < pci->Count; i++) {
            if (pci->Maps[(pci->Head + i) % PCP_WAVEPCI_MAPPINGS].Tag ==
                Tag) {
                break;
            }
        }
        /* The lock goes first: a host test survives the bugcheck. */
        KeReleaseSpinLock(&pci->Pin.Lock, oldIrql);
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     i < pci->Count ? PCP_VIOLATION_MAPPING_ORDER :
                                      PCP_VIOLATION_MAPPING_UNKNOWN,
                     (ULONG_PTR)Tag, (ULONG_PTR)This, i);
    }
    pci->Stats.BytesReleased += pci->Maps[pci->Head].Bytes;
    pci->Stats.MappingsReleased++;
    pci->Head = (pci->Head + 1) % PCP_WAVEPCI_MAPPINGS;
    pci->Count--;
    PcpWavePciRetire(pci, &done);
    KeReleaseSpinLock(&pci->Pin.Lock, oldIrql);
    KspCompleteIrpList(&done);
    return STATUS_SUCCESS;
}

/*
 * <= DISPATCH_LEVEL. The packet being mapped ends here: it completes, with
 * what its mappings so far carry, once they are released.
 */
static NTSTATUS NTAPI PcpWavePciPortStream_TerminatePacket(
    IPortWavePciStream *This)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePciFromPortStream(This);
    LIST_ENTRY done;
    KIRQL oldIrql;

    InitializeListHead(&done);
    KeAcquireSpinLock(&pci->Pin.Lock, &oldIrql);
    if (pci->PartialIrp != NULL && PcpWavePciQueueHead(pci) ==
                                   pci->PartialIrp) {
        KspQueueCompleteHead(&pci->Pin.Queue, STATUS_PENDING, &pci->Mapped);
        pci->Stats.PacketsTerminated++;
    }
    pci->PartialIrp = NULL;
    PcpWavePciRetire(pci, &done);
    KeReleaseSpinLock(&pci->Pin.Lock, oldIrql);
    KspCompleteIrpList(&done);
    return STATUS_SUCCESS;
}

static const IPortWavePciStreamVtbl PcpWavePciPortStream_Vtbl = {
    .QueryInterface = PcpWavePciPortStream_QueryInterface,
    .AddRef = PcpWavePciPortStream_AddRef,
    .Release = PcpWavePciPortStream_Release,
    .GetMapping = PcpWavePciPortStream_GetMapping,
    .ReleaseMapping = PcpWavePciPortStream_ReleaseMapping,
    .TerminatePacket = PcpWavePciPortStream_TerminatePacket,
};

/* IPreFetchOffset ---------------------------------------------------------- */

static PCP_PIN_WAVEPCI *PcpWavePciFromPreFetch(IPreFetchOffset *This)
{
    return CONTAINING_RECORD(This, PCP_PIN_WAVEPCI, PreFetchIface);
}

static NTSTATUS NTAPI PcpWavePciPreFetch_QueryInterface(
    IPreFetchOffset *This, REFIID Iid, PVOID *Object)
{
    return PcpWavePciPortStream_QueryInterface(
        &PcpWavePciFromPreFetch(This)->PortStreamIface, Iid, Object);
}

static ULONG NTAPI PcpWavePciPreFetch_AddRef(IPreFetchOffset *This)
{
    return COM_CALL(&PcpWavePciFromPreFetch(This)->Pin.SinkIface, AddRef);
}

static ULONG NTAPI PcpWavePciPreFetch_Release(IPreFetchOffset *This)
{
    return COM_CALL(&PcpWavePciFromPreFetch(This)->Pin.SinkIface, Release);
}

/* Bytes the hardware fetches ahead of the play position (render). */
static VOID NTAPI PcpWavePciPreFetch_SetPreFetchOffset(IPreFetchOffset *This,
                                                       ULONG PreFetchOffset)
{
    PcpWavePciFromPreFetch(This)->PreFetchOffset = PreFetchOffset;
}

static const IPreFetchOffsetVtbl PcpWavePciPreFetch_Vtbl = {
    .QueryInterface = PcpWavePciPreFetch_QueryInterface,
    .AddRef = PcpWavePciPreFetch_AddRef,
    .Release = PcpWavePciPreFetch_Release,
    .SetPreFetchOffset = PcpWavePciPreFetch_SetPreFetchOffset,
};

/* The stream's sink: MappingAvailable and Service, no lock held ------------ */

static PCP_PIN_WAVEPCI *PcpWavePciFromSink(IServiceSink *This)
{
    return CONTAINING_RECORD(This, PCP_PIN_WAVEPCI, StreamSinkIface);
}

static NTSTATUS NTAPI PcpWavePciSink_QueryInterface(IServiceSink *This,
                                                    REFIID Iid,
                                                    PVOID *Object)
{
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IServiceSink)) {
        COM_CALL(This, AddRef);
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

static ULONG NTAPI PcpWavePciSink_AddRef(IServiceSink *This)
{
    return COM_CALL(&PcpWavePciFromSink(This)->Pin.SinkIface, AddRef);
}

static ULONG NTAPI PcpWavePciSink_Release(IServiceSink *This)
{
    return COM_CALL(&PcpWavePciFromSink(This)->Pin.SinkIface, Release);
}

/*
 * DISPATCH_LEVEL, from the group's DPC: a miniport told "not found" hears
 * MappingAvailable once data is queued, then every Notify runs its Service.
 */
static VOID NTAPI PcpWavePciSink_RequestService(IServiceSink *This)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePciFromSink(This);
    BOOLEAN available;
    KSSTATE state;

    KeAcquireSpinLockAtDpcLevel(&pci->Pin.Lock);
    state = pci->Pin.State;
    available = pci->MappingRequested && state >= KSSTATE_PAUSE &&
                !pci->Pin.Resetting && pci->Pin.Queue.BytesQueued != 0;
    if (available) {
        pci->MappingRequested = FALSE;
        pci->Stats.MappingAvailableCalls++;
    }
    KeReleaseSpinLockFromDpcLevel(&pci->Pin.Lock);
    pci->PortLocks = KiQuerySpinLocksHeld();
    if (available) {
        COM_CALL(pci->Stream, MappingAvailable);
    }
    if (state != KSSTATE_STOP) {
        COM_CALL(pci->Stream, Service);
    }
    pci->PortLocks = 0;
}

static const IServiceSinkVtbl PcpWavePciSink_Vtbl = {
    .QueryInterface = PcpWavePciSink_QueryInterface,
    .AddRef = PcpWavePciSink_AddRef,
    .Release = PcpWavePciSink_Release,
    .RequestService = PcpWavePciSink_RequestService,
};

/* Pin hooks ---------------------------------------------------------------- */

/*
 * Lock held: data arrived or the pin reached PAUSE/RUN. A miniport waiting
 * for a mapping is told from the group's DPC, after the lock is dropped.
 */
static VOID PcpWavePciService(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);

    UNREFERENCED_PARAMETER(Done);
    if (pci->MappingRequested && Pin->Queue.BytesQueued != 0) {
        COM_CALL(pci->ServiceGroup, RequestService);
    }
}

/* PASSIVE_LEVEL: every outstanding mapping back from the miniport
 * (RevokeMappings, first to last tag). */
static VOID PcpWavePciTakeBack(PCP_PIN_WAVEPCI *Pci)
{
    PVOID first = NULL, last = NULL;
    ULONG count, revoked = 0;
    KIRQL oldIrql;

    KeAcquireSpinLock(&Pci->Pin.Lock, &oldIrql);
    count = Pci->Count;
    if (count != 0) {
        first = Pci->Maps[Pci->Head].Tag;
        last = Pci->Maps[(Pci->Head + count - 1) % PCP_WAVEPCI_MAPPINGS].Tag;
    }
    KeReleaseSpinLock(&Pci->Pin.Lock, oldIrql);
    if (count != 0) {
        COM_CALL(Pci->Stream, RevokeMappings, first, last, &revoked);
        if (revoked != count) {
            DPF(D_ERROR, "pin %u: RevokeMappings took %u of %u mappings",
                (unsigned)Pci->Pin.PinId, (unsigned)revoked,
                (unsigned)count);
        }
    }
}

/* PASSIVE_LEVEL: the mappings taken back, their packets leave with
 * STATUS_CANCELLED. */
static VOID PcpWavePciRevokeAll(PCP_PIN_WAVEPCI *Pci, PLIST_ENTRY Done)
{
    KIRQL oldIrql;

    PcpWavePciTakeBack(Pci);
    KeAcquireSpinLock(&Pci->Pin.Lock, &oldIrql);
    Pci->Stats.MappingsRevoked += Pci->Count;
    Pci->Head = 0;
    Pci->Count = 0;
    Pci->PartialIrp = NULL;
    while (!IsListEmpty(&Pci->Mapped)) {
        PIRP irp = CONTAINING_RECORD(RemoveHeadList(&Pci->Mapped), IRP,
                                     Tail.Overlay.ListEntry);

        irp->IoStatus.Status = STATUS_CANCELLED;
        InsertTailList(Done, &irp->Tail.Overlay.ListEntry);
        Pci->Stats.IrpsCancelled++;
    }
    /* The packet partly handed out cannot finish: its pieces are gone. */
    KspQueueFlush(&Pci->Pin.Queue, STATUS_CANCELLED, Done);
    Pci->MappingRequested = FALSE;
    KeReleaseSpinLock(&Pci->Pin.Lock, oldIrql);
}

/*
 * Power (power_state.c), lock held, the miniport stream paused: where the
 * device stopped (its GetPosition counts from the last time it left
 * STOP). The power STOP then returns the mappings instead of cancelling
 * their packets.
 */
static VOID PcpWavePciPowerSave(PCP_PIN *Pin)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);
    ULONGLONG play = 0;

    COM_CALL(pci->Stream, GetPosition, &play);
    pci->PlayBase += play;
    pci->PowerSaved = TRUE;
    pci->PowerDown = TRUE;
}

/*
 * PASSIVE_LEVEL, the miniport stopped for D3: its mappings come back and
 * the queue goes back to the first byte the device did not move (PlayBase
 * bytes of the stream were: the released mappings and the head of the
 * outstanding ones), so the restarted ring fetches exactly the rest.
 * Packets wholly moved complete. Deviation: a packet cut short by
 * TerminatePacket is mapped again to its end.
 */
static VOID PcpWavePciPowerReturn(PCP_PIN_WAVEPCI *Pci, PLIST_ENTRY Done)
{
    ULONGLONG skip, back = 0;
    PCP_WAVEPCI_MAPPING *map = NULL;
    KIRQL oldIrql;
    ULONG i;

    PcpWavePciTakeBack(Pci);
    KeAcquireSpinLock(&Pci->Pin.Lock, &oldIrql);
    skip = Pci->PlayBase - Pci->Stats.BytesReleased;
    for (i = 0; i < Pci->Count; i++) {
        map = &Pci->Maps[(Pci->Head + i) % PCP_WAVEPCI_MAPPINGS];
        if (skip < map->Bytes) {
            break;
        }
        skip -= map->Bytes;
    }
    for (ULONG k = i; k < Pci->Count; k++) {
        back += Pci->Maps[(Pci->Head + k) % PCP_WAVEPCI_MAPPINGS].Bytes;
    }
    while (!IsListEmpty(&Pci->Mapped) &&
           (i == Pci->Count ||
            CONTAINING_RECORD(Pci->Mapped.Flink, IRP,
                              Tail.Overlay.ListEntry) != map->Irp)) {
        PIRP irp = CONTAINING_RECORD(RemoveHeadList(&Pci->Mapped), IRP,
                                     Tail.Overlay.ListEntry);

        irp->IoStatus.Status = STATUS_SUCCESS;
        InsertTailList(Done, &irp->Tail.Overlay.ListEntry);
        Pci->Stats.IrpsCompleted++;
    }
    if (i < Pci->Count &&
        !KspQueueReturn(&Pci->Pin.Queue, &Pci->Mapped, map->Virtual + skip,
                        back - skip)) {
        DPF(D_ERROR, "pin %u: mapping %p not in its packet",
            (unsigned)Pci->Pin.PinId, map->Virtual);
    }
    Pci->Stats.MappingsRevoked += Pci->Count;
    Pci->Stats.BytesMapped = Pci->PlayBase;
    Pci->Stats.BytesReleased = Pci->PlayBase;
    Pci->Head = 0;
    Pci->Count = 0;
    Pci->PartialIrp = NULL;
    Pci->MappingRequested = FALSE;
    Pci->PowerSaved = FALSE;
    KeReleaseSpinLock(&Pci->Pin.Lock, oldIrql);
}

static NTSTATUS PcpWavePciSetStreamState(PCP_PIN *Pin, KSSTATE State)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);
    NTSTATUS status = COM_CALL(pci->Stream, SetState, State);
    LIST_ENTRY done;

    if (NT_SUCCESS(status) && State == KSSTATE_ACQUIRE && !pci->PowerSaved) {
        /* out of STOP: the miniport counts from 0 again */
        pci->PowerDown = FALSE;
    }
    if (NT_SUCCESS(status) && State == KSSTATE_STOP) {
        InitializeListHead(&done);
        if (pci->PowerSaved) {
            PcpWavePciPowerReturn(pci, &done);
        } else {
            PcpWavePciRevokeAll(pci, &done);
        }
        KspCompleteIrpList(&done);
    }
    return status;
}

/* Lock held. Nothing is outstanding any more (SetStreamState revoked it). */
static VOID PcpWavePciStopped(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);

    KspQueueFlush(&Pin->Queue, STATUS_CANCELLED, Done);
    DPF(D_TERSE, "pin %u stopped: %llu mappings, %llu released, "
        "%llu revoked, %llu bytes", (unsigned)Pin->PinId,
        pci->Stats.MappingsHanded, pci->Stats.MappingsReleased,
        pci->Stats.MappingsRevoked, pci->Stats.BytesReleased);
    /* KSAUDIO_POSITION is stream-relative: zero after STOP */
    pci->Stats.BytesMapped = 0;
    pci->Stats.BytesReleased = 0;
    pci->PlayBase = 0;
    pci->PowerDown = FALSE;
}

/* PASSIVE_LEVEL, KSRESET_BEGIN: the queue is about to be cancelled. */
static VOID PcpWavePciCancel(PCP_PIN *Pin)
{
    LIST_ENTRY done;

    InitializeListHead(&done);
    PcpWavePciRevokeAll(PcpWavePci(Pin), &done);
    KspCompleteIrpList(&done);
}

static NTSTATUS PcpWavePciSetStreamFormat(PCP_PIN *Pin, PKSDATAFORMAT Format)
{
    return COM_CALL(PcpWavePci(Pin)->Stream, SetFormat, Format);
}

/* Frame size and the miniport's framing for the current format. */
static VOID PcpWavePciFormatChanged(PCP_PIN *Pin)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);
    const WAVEFORMATEX *format = KspWaveFormat(Pin->Format, Pin->FormatSize);

    pci->BlockAlign = format == NULL || format->nBlockAlign == 0 ?
                      1 : format->nBlockAlign;
    if (!NT_SUCCESS(COM_CALL(pci->Stream, GetAllocatorFraming,
                             &Pin->Framing))) {
        Pin->Framing.RequirementsFlags =
            KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
        Pin->Framing.PoolType = NonPagedPool;
        Pin->Framing.Frames = 8;
        Pin->Framing.FrameSize = PAGE_SIZE;
        Pin->Framing.FileAlignment = sizeof(ULONG) - 1;
    }
}

/*
 * Packets of whole frames only: a mapping never splits a frame (see
 * PcpWavePciPiece). Deviation: Windows takes any byte count.
 */
static NTSTATUS PcpWavePciValidateStream(PCP_PIN *Pin, PIRP Irp)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->
                   Parameters.DeviceIoControl.OutputBufferLength;
    ULONG offset = 0;

    while (offset < length) {
        PKSSTREAM_HEADER header = (PKSSTREAM_HEADER)((PUCHAR)Irp->UserBuffer +
                                                     offset);
        ULONG bytes = Pin->Capture ? header->FrameExtent : header->DataUsed;

        if (bytes % pci->BlockAlign != 0) {
            return STATUS_INVALID_PARAMETER;
        }
        offset += header->Size;
    }
    return STATUS_SUCCESS;
}

/*
 * KSPROPERTY_AUDIO_POSITION: PlayOffset from the miniport's GetPosition;
 * render WriteOffset = bytes mapped (or play + the prefetch offset if the
 * miniport set one), capture WriteOffset = bytes released to the client.
 */
static NTSTATUS PcpWavePciPosition(PCP_PIN_WAVEPCI *Pci,
                                   KSP_PROPERTY_REQUEST *Request)
{
    PKSAUDIO_POSITION out = Request->Value;
    NTSTATUS status = KspCheckValueSize(Request, sizeof(KSAUDIO_POSITION));
    ULONGLONG play = 0;
    KIRQL oldIrql;

    if (!NT_SUCCESS(status)) {
        return status;
    }
    /* in D3 the miniport still reads its count from before: in PlayBase */
    if (Pci->Pin.State != KSSTATE_STOP && !Pci->PowerDown) {
        COM_CALL(Pci->Stream, GetPosition, &play);
    }
    KeAcquireSpinLock(&Pci->Pin.Lock, &oldIrql);
    play += Pci->PlayBase;
    out->PlayOffset = play;
    if (Pci->Pin.Capture) {
        out->WriteOffset = Pci->Stats.BytesReleased;
    } else if (Pci->PreFetchOffset != 0) {
        out->WriteOffset = min(play + Pci->PreFetchOffset,
                               Pci->Stats.BytesMapped);
    } else {
        out->WriteOffset = Pci->Stats.BytesMapped;
    }
    KeReleaseSpinLock(&Pci->Pin.Lock, oldIrql);
    Request->Irp->IoStatus.Information = sizeof(KSAUDIO_POSITION);
    return STATUS_SUCCESS;
}

static BOOLEAN PcpWavePciProperty(PCP_PIN *Pin, KSP_PROPERTY_REQUEST *Request,
                                  NTSTATUS *Status)
{
    if (PcpPinIsPositionGet(Request)) {
        *Status = PcpWavePciPosition(PcpWavePci(Pin), Request);
        return TRUE;
    }
    return FALSE;
}

/* PASSIVE_LEVEL: undoes NewStream (nothing is outstanding after STOP). */
static VOID PcpWavePciClose(PCP_PIN *Pin)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);

    PcpPinReleaseStream(Pin, &pci->StreamSinkIface, &pci->ServiceGroup,
                        &pci->Dma, (PUNKNOWN *)&pci->Stream);
}

static VOID PcpWavePciFree(PCP_PIN *Pin)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);

    if (pci->Maps != NULL) {
        ExFreePoolWithTag(pci->Maps, PCP_TAG_PIN);
        pci->Maps = NULL;
    }
}

static const PCP_PIN_OPS PcpPinWavePciOps = {
    .SetStreamState = PcpWavePciSetStreamState,
    .Stopped = PcpWavePciStopped,
    .Service = PcpWavePciService,
    .SetStreamFormat = PcpWavePciSetStreamFormat,
    .FormatChanged = PcpWavePciFormatChanged,
    .ValidateStream = PcpWavePciValidateStream,
    .Property = PcpWavePciProperty,
    .Close = PcpWavePciClose,
    .PowerSave = PcpWavePciPowerSave,
    .Cancel = PcpWavePciCancel,
    .Free = PcpWavePciFree,
};

/* The stream's group: its own, else the port's (Init), else a new one. */
static NTSTATUS PcpWavePciJoinGroup(PCP_PIN_WAVEPCI *Pci, PCP_PORT *Port)
{
    NTSTATUS status;

    if (Pci->ServiceGroup == NULL) {
        Pci->ServiceGroup = PcpPortWavePciServiceGroup(Port);
        if (Pci->ServiceGroup != NULL) {
            COM_CALL(Pci->ServiceGroup, AddRef);
        }
    }
    if (Pci->ServiceGroup == NULL) {
        status = PcNewServiceGroup(&Pci->ServiceGroup, NULL);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return COM_CALL(Pci->ServiceGroup, AddMember, &Pci->StreamSinkIface);
}

NTSTATUS PcpNewPinWavePci(PCP_PORT *Port, PCP_FILTER *Filter,
                          PFILE_OBJECT FileObject,
                          const KSPIN_CONNECT *Connect,
                          PKSDATAFORMAT Format, ULONG FormatSize)
{
    PMINIPORTWAVEPCI miniport;
    PCP_PIN_WAVEPCI *pci;
    PCP_PIN *pin;
    NTSTATUS status;

    PAGED_CODE();
    status = PcpPinCreate(&PcpPinWavePciOps, sizeof(*pci), Port, Filter,
                          Connect, Format, FormatSize, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    pci = PcpWavePci(pin);
    pci->PortStreamIface.lpVtbl = &PcpWavePciPortStream_Vtbl;
    pci->PreFetchIface.lpVtbl = &PcpWavePciPreFetch_Vtbl;
    pci->StreamSinkIface.lpVtbl = &PcpWavePciSink_Vtbl;
    InitializeListHead(&pci->Mapped);
    pci->BlockAlign = 1;
    pci->Maps = ExAllocatePoolZero(NonPagedPoolNx,
                                   PCP_WAVEPCI_MAPPINGS * sizeof(*pci->Maps),
                                   PCP_TAG_PIN);
    if (pci->Maps == NULL) {
        PcpPinDelete(pin);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    miniport = (PMINIPORTWAVEPCI)Port->MiniportIface;
    status = COM_CALL(miniport, NewStream, &pci->Stream, NULL, NonPagedPool,
                      &pci->PortStreamIface, pin->PinId, pin->Capture,
                      pin->Format, &pci->Dma, &pci->ServiceGroup);
    if (NT_SUCCESS(status) && pci->Stream == NULL) {
        status = STATUS_UNSUCCESSFUL;
    }
    if (NT_SUCCESS(status)) {
        status = PcpWavePciJoinGroup(pci, Port);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream for pin %u failed 0x%08x",
            (unsigned)pin->PinId, (unsigned)status);
        PcpPinReleaseStream(pin, NULL, &pci->ServiceGroup, &pci->Dma,
                            (PUNKNOWN *)&pci->Stream);
        PcpPinDelete(pin);
        return status;
    }
    pin->Stream = (PUNKNOWN)pci->Stream;
    PcpWavePciFormatChanged(pin);
    DPF(D_TERSE, "pin %u open: %s, WavePci, frame %u",
        (unsigned)pin->PinId, pin->Capture ? "capture" : "render",
        (unsigned)pci->BlockAlign);
    PcpPinAttach(pin, FileObject);
    return STATUS_SUCCESS;
}

VOID PcpWavePciGetStats(PCP_PIN *Pin, PCP_WAVEPCI_STATS *Stats)
{
    PCP_PIN_WAVEPCI *pci = PcpWavePci(Pin);
    KIRQL oldIrql;

    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    *Stats = pci->Stats;
    Stats->Outstanding = pci->Count;
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
}
