/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWavePciStream: one render or capture stream on one device block
 * in scatter-gather mode. Each mapping the port hands out becomes one
 * descriptor of the ring (IOC set) and SGLVI moves onto it; each descriptor
 * the device completes (PCOUNT) gives its mapping back, oldest first. The
 * ISR only Notifies; Service and MappingAvailable (the port's DPC) and
 * SetState/RevokeMappings (PASSIVE) share the ring under Lock, which is
 * dropped before ReleaseMapping (PortCls forbids a held spin lock there).
 */
#include "minwavepci.h"

typedef struct CYC_WAVEPCI_SLOT {
    PVOID Tag;
    ULONG Bytes;
} CYC_WAVEPCI_SLOT;

typedef struct CMiniportWavePciStream {
    IMiniportWavePciStream Iface;
    COM_REF Ref;
    CMiniportWavePci *Miniport;         /* referenced */
    PPORTWAVEPCISTREAM PortStream;      /* referenced */
    PCYC_HW Hw;
    ULONG Block;
    BOOLEAN BlockClaimed;
    BOOLEAN Capture;
    PDMACHANNEL DmaChannel;             /* the descriptor ring */
    PUCHAR Ring;
    PSERVICEGROUP ServiceGroup;
    CYC_WAVE_FORMAT Format;
    KSSTATE State;

    KSPIN_LOCK Lock;                    /* everything below */
    CYC_WAVEPCI_SLOT Slots[CYC_WAVEPCI_RING];
    ULONG Head;                         /* oldest descriptor in the ring */
    ULONG Pending;                      /* descriptors handed to the device */
    ULONG Completed;                    /* PCOUNT already accounted */
    ULONG_PTR NextTag;
    ULONG LastPosition;                 /* POS at the last reading */
    ULONGLONG Position;                 /* data bytes since RUN, 64-bit */
    volatile LONG Interrupts;
    volatile LONG Errors;
    volatile LONG Underruns;            /* UNDERRUN: the ring ran dry */
} CMiniportWavePciStream;

static CMiniportWavePciStream *CMiniportWavePciStream_From(
    IMiniportWavePciStream *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportWavePciStream, Iface);
}

static const COM_QI_ENTRY CMiniportWavePciStream_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportWavePciStream, Iface) },
    { &IID_IMiniportWavePciStream, offsetof(CMiniportWavePciStream, Iface) },
};

static NTSTATUS NTAPI CMiniportWavePciStream_QueryInterface(
    IMiniportWavePciStream *This, REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CMiniportWavePciStream_From(This),
                             CMiniportWavePciStream_Qi,
                             COM_ARRAY_SIZE(CMiniportWavePciStream_Qi), Iid,
                             Object);
}

static ULONG NTAPI CMiniportWavePciStream_AddRef(IMiniportWavePciStream *This)
{
    return ComRefAddRef(&CMiniportWavePciStream_From(This)->Ref);
}

static ULONG NTAPI CMiniportWavePciStream_Release(IMiniportWavePciStream *This)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);
    ULONG count = ComRefRelease(&stream->Ref);

    if (count != 0) {
        return count;
    }
    if (stream->BlockClaimed) {
        COM_CALL(stream->Miniport->AdapterCommon, FreeStream, stream->Block);
    }
    if (stream->DmaChannel != NULL) {
        COM_CALL(stream->DmaChannel, FreeBuffer);
        COM_SAFE_RELEASE(&stream->DmaChannel);
    }
    COM_SAFE_RELEASE(&stream->ServiceGroup);
    COM_SAFE_RELEASE(&stream->PortStream);
    COM_CALL(&stream->Miniport->Iface, Release);
    ExFreePoolWithTag(stream, CYC_POOLTAG_WAVEPCI);
    return 0;
}

/* DIRQL, interrupt sync held: a descriptor completed or the ring ran dry. */
static VOID CMiniportWavePciStream_Isr(PVOID Context, ULONG Events)
{
    CMiniportWavePciStream *stream = Context;

    InterlockedIncrement(&stream->Interrupts);
    if (Events & (CYC_STS_DMAERR_MASK | CYC_STS_FMTERR_MASK)) {
        InterlockedIncrement(&stream->Errors);
    }
    if (Events & CYC_STS_UNDERRUN_MASK) {
        InterlockedIncrement(&stream->Underruns);
    }
    COM_CALL(stream->Miniport->Port, Notify, stream->ServiceGroup);
}

/* The ring ----------------------------------------------------------------- */

static VOID CycWavePciWriteDescriptor(CMiniportWavePciStream *Stream,
                                      ULONG Index, PHYSICAL_ADDRESS Address,
                                      ULONG Bytes)
{
    PUCHAR d = Stream->Ring + Index * CYC_SG_DESC_SIZE;

    *(volatile ULONGLONG *)(d + CYC_SG_DESC_ADDR) =
        (ULONGLONG)Address.QuadPart;
    *(volatile ULONG *)(d + CYC_SG_DESC_LEN) = Bytes;
    *(volatile ULONG *)(d + CYC_SG_DESC_FLAGS) =
        CYC_SET(0, CYC_SG_FLAGS_IOC, 1);
}

/*
 * <= DISPATCH_LEVEL, Lock not held. Appends mappings until the ring is full
 * or the port has none (it then calls MappingAvailable).
 */
static VOID CycWavePciFill(CMiniportWavePciStream *Stream)
{
    PHYSICAL_ADDRESS physical;
    PVOID virtual;
    ULONG bytes, flags, index;
    KIRQL oldIrql;
    PVOID tag;

    KeAcquireSpinLock(&Stream->Lock, &oldIrql);
    while (Stream->State != KSSTATE_STOP &&
           Stream->Pending < CYC_WAVEPCI_RING - 1) {
        tag = (PVOID)++Stream->NextTag;
        if (!NT_SUCCESS(COM_CALL(Stream->PortStream, GetMapping, tag,
                                 &physical, &virtual, &bytes, &flags))) {
            break;
        }
        index = (Stream->Head + Stream->Pending) % CYC_WAVEPCI_RING;
        Stream->Slots[index].Tag = tag;
        Stream->Slots[index].Bytes = bytes;
        CycWavePciWriteDescriptor(Stream, index, physical, bytes);
        Stream->Pending++;
        CycHwSgSetLastValid(Stream->Hw, Stream->Block, index);
    }
    KeReleaseSpinLock(&Stream->Lock, oldIrql);
}

/*
 * <= DISPATCH_LEVEL, Lock not held. Gives back the mappings of the
 * descriptors the device completed since the last call, oldest first.
 */
static VOID CycWavePciReclaim(CMiniportWavePciStream *Stream)
{
    PVOID tags[CYC_WAVEPCI_RING];
    ULONG done, count = 0, i;
    KIRQL oldIrql;

    KeAcquireSpinLock(&Stream->Lock, &oldIrql);
    if (Stream->State != KSSTATE_STOP) {
        done = CycHwStreamPeriods(Stream->Hw, Stream->Block) -
               Stream->Completed;
        done = min(done, Stream->Pending);
        for (; count < done; count++) {
            tags[count] = Stream->Slots[Stream->Head].Tag;
            Stream->Head = (Stream->Head + 1) % CYC_WAVEPCI_RING;
        }
        Stream->Pending -= count;
        Stream->Completed += count;
    }
    KeReleaseSpinLock(&Stream->Lock, oldIrql);
    for (i = 0; i < count; i++) {
        COM_CALL(Stream->PortStream, ReleaseMapping, tags[i]);
    }
}

/* IMiniportWavePciStream --------------------------------------------------- */

static NTSTATUS NTAPI CMiniportWavePciStream_SetFormat(
    IMiniportWavePciStream *This, PKSDATAFORMAT DataFormat)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    if (stream->State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (NT_SUCCESS(status)) {
        stream->Format = format;
    }
    return status;
}

/* Lock held: the block back to STOP with an empty ring at SGCUR 0. */
static VOID CycWavePciRestartRing(CMiniportWavePciStream *Stream)
{
    CycHwSgSetState(Stream->Hw, Stream->Block, CYC_STATE_STOP);
    CycHwSgProgram(Stream->Hw, Stream->Block, &Stream->Format.Hw,
                   COM_CALL(Stream->DmaChannel, PhysicalAddress),
                   CYC_WAVEPCI_RING);
    Stream->Head = 0;
    Stream->Pending = 0;
    Stream->Completed = 0;
    Stream->LastPosition = 0;
}

/*
 * Lock held, the block just reset (SGCUR back at 0): the descriptors still
 * held move to the start of the ring in their order and the block is
 * programmed again, so the mappings the port counts as outstanding stay in
 * the ring, oldest first, and go back in that order.
 */
static VOID CycWavePciRebaseRing(CMiniportWavePciStream *Stream)
{
    CYC_WAVEPCI_SLOT slots[CYC_WAVEPCI_RING];
    UCHAR descriptors[CYC_WAVEPCI_RING * CYC_SG_DESC_SIZE];
    ULONG i, from;

    for (i = 0; i < Stream->Pending; i++) {
        from = (Stream->Head + i) % CYC_WAVEPCI_RING;
        slots[i] = Stream->Slots[from];
        RtlCopyMemory(descriptors + i * CYC_SG_DESC_SIZE,
                      Stream->Ring + from * CYC_SG_DESC_SIZE,
                      CYC_SG_DESC_SIZE);
    }
    RtlCopyMemory(Stream->Slots, slots, Stream->Pending * sizeof(slots[0]));
    RtlCopyMemory(Stream->Ring, descriptors,
                  Stream->Pending * CYC_SG_DESC_SIZE);
    CycHwSgProgram(Stream->Hw, Stream->Block, &Stream->Format.Hw,
                   COM_CALL(Stream->DmaChannel, PhysicalAddress),
                   CYC_WAVEPCI_RING);
    if (Stream->Pending != 0) {
        CycHwSgSetLastValid(Stream->Hw, Stream->Block, Stream->Pending - 1);
    }
    Stream->Head = 0;
    Stream->Completed = 0;
    Stream->LastPosition = 0;
}

/*
 * PASSIVE_LEVEL. STOP -> ACQUIRE programs the empty ring; PAUSE prefetches
 * mappings into it; RUN starts the clock. STOP leaves the mappings to the
 * port, which revokes them.
 */
static NTSTATUS NTAPI CMiniportWavePciStream_SetState(
    IMiniportWavePciStream *This, KSSTATE State)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);
    ULONG deviceState = State == KSSTATE_RUN ? CYC_STATE_RUN :
                        State == KSSTATE_STOP ? CYC_STATE_STOP :
                        CYC_STATE_PAUSE;
    KIRQL oldIrql;

    PAGED_CODE();
    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    if (stream->State == KSSTATE_STOP && State != KSSTATE_STOP) {
        CycWavePciRestartRing(stream);
        stream->Position = 0;
    }
    CycHwSgSetState(stream->Hw, stream->Block, deviceState);
    if (State != KSSTATE_STOP &&
        CycHwStreamError(stream->Hw, stream->Block) != CYC_ERR_NONE) {
        DPF(D_ERROR, "WavePci block %u refused state %d: error %u",
            stream->Block, State,
            CycHwStreamError(stream->Hw, stream->Block));
        /*
         * The port keeps the pin where it was, so the stream stays there
         * too, holding its mappings; the block waits in STOP for the next
         * transition (the stream stalls, it does not lose what it holds).
         */
        CycHwStreamReset(stream->Hw, stream->Block);
        CycWavePciRebaseRing(stream);
        KeReleaseSpinLock(&stream->Lock, oldIrql);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    stream->State = State;
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    if (State == KSSTATE_PAUSE) {
        CycWavePciFill(stream);
    }
    return STATUS_SUCCESS;
}

/*
 * <= DISPATCH_LEVEL: data bytes the device moved since the stream left STOP
 * (POS counts them mod 2^32; the difference since the last reading is
 * added, so reading at least every 2^32 bytes keeps it exact).
 */
static NTSTATUS NTAPI CMiniportWavePciStream_GetPosition(
    IMiniportWavePciStream *This, PULONGLONG Position)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);
    KIRQL oldIrql;
    ULONG pos;

    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    if (stream->State != KSSTATE_STOP) {
        pos = CycHwStreamPosition(stream->Hw, stream->Block);
        stream->Position += (ULONG)(pos - stream->LastPosition);
        stream->LastPosition = pos;
    }
    *Position = stream->Position;
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    return STATUS_SUCCESS;
}

/* Bytes in, 100 ns units out. */
static NTSTATUS NTAPI CMiniportWavePciStream_NormalizePhysicalPosition(
    IMiniportWavePciStream *This, PLONGLONG PhysicalPosition)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);

    *PhysicalPosition = CycWaveBytesTo100ns(&stream->Format,
                                            *PhysicalPosition);
    return STATUS_SUCCESS;
}

/*
 * Client buffers in pages of whole frames, frame aligned: a page-cut
 * mapping then keeps whole frames (the device's descriptors must).
 */
static NTSTATUS NTAPI CMiniportWavePciStream_GetAllocatorFraming(
    IMiniportWavePciStream *This, PKSALLOCATOR_FRAMING AllocatorFraming)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);

    AllocatorFraming->RequirementsFlags =
        KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    AllocatorFraming->PoolType = NonPagedPool;
    AllocatorFraming->Frames = 8;
    AllocatorFraming->FrameSize = PAGE_SIZE - PAGE_SIZE %
                                  stream->Format.BlockAlign;
    AllocatorFraming->FileAlignment = sizeof(ULONG) - 1;
    AllocatorFraming->Reserved = 0;
    return STATUS_SUCCESS;
}

/*
 * PASSIVE_LEVEL. The device may still be in a descriptor of the range: it
 * is stopped and restarted (same state) on an empty ring, so nothing of
 * the revoked buffers is touched again. Revokes FirstTag..LastTag in ring
 * order and counts them.
 */
static NTSTATUS NTAPI CMiniportWavePciStream_RevokeMappings(
    IMiniportWavePciStream *This, PVOID FirstTag, PVOID LastTag,
    PULONG MappingsRevoked)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);
    ULONG revoked = 0, i;
    BOOLEAN inRange = FALSE;
    ULONG deviceState;
    KIRQL oldIrql;

    KeAcquireSpinLock(&stream->Lock, &oldIrql);
    for (i = 0; i < stream->Pending; i++) {
        PVOID tag = stream->Slots[(stream->Head + i) % CYC_WAVEPCI_RING].Tag;

        inRange = inRange || tag == FirstTag;
        if (inRange) {
            revoked++;
        }
        if (tag == LastTag) {
            break;
        }
    }
    if (stream->State != KSSTATE_STOP) {
        deviceState = stream->State == KSSTATE_RUN ? CYC_STATE_RUN :
                                                     CYC_STATE_PAUSE;
        stream->Position += (ULONG)(CycHwStreamPosition(stream->Hw,
                                                        stream->Block) -
                                    stream->LastPosition);
        CycWavePciRestartRing(stream);
        CycHwSgSetState(stream->Hw, stream->Block, deviceState);
    } else {
        stream->Head = 0;
        stream->Pending = 0;
        stream->Completed = 0;
    }
    KeReleaseSpinLock(&stream->Lock, oldIrql);
    if (MappingsRevoked != NULL) {
        *MappingsRevoked = revoked;
    }
    return STATUS_SUCCESS;
}

/* The port's DPC: data arrived after a GetMapping found none. */
static VOID NTAPI CMiniportWavePciStream_MappingAvailable(
    IMiniportWavePciStream *This)
{
    CycWavePciFill(CMiniportWavePciStream_From(This));
}

/* The port's DPC after our Notify: give back what completed, then refill. */
static VOID NTAPI CMiniportWavePciStream_Service(IMiniportWavePciStream *This)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(This);

    CycWavePciReclaim(stream);
    CycWavePciFill(stream);
}

static const IMiniportWavePciStreamVtbl CMiniportWavePciStream_Vtbl = {
    .QueryInterface = CMiniportWavePciStream_QueryInterface,
    .AddRef = CMiniportWavePciStream_AddRef,
    .Release = CMiniportWavePciStream_Release,
    .SetFormat = CMiniportWavePciStream_SetFormat,
    .SetState = CMiniportWavePciStream_SetState,
    .GetPosition = CMiniportWavePciStream_GetPosition,
    .NormalizePhysicalPosition =
        CMiniportWavePciStream_NormalizePhysicalPosition,
    .GetAllocatorFraming = CMiniportWavePciStream_GetAllocatorFraming,
    .RevokeMappings = CMiniportWavePciStream_RevokeMappings,
    .MappingAvailable = CMiniportWavePciStream_MappingAvailable,
    .Service = CMiniportWavePciStream_Service,
};

VOID CMiniportWavePciStream_GetStatistics(PMINIPORTWAVEPCISTREAM Stream,
                                          PCYC_STREAM_STATISTICS Statistics)
{
    CMiniportWavePciStream *stream = CMiniportWavePciStream_From(Stream);

    RtlZeroMemory(Statistics, sizeof(*Statistics));
    Statistics->Interrupts = (ULONG)stream->Interrupts;
    Statistics->Periods = CycHwStreamPeriods(stream->Hw, stream->Block);
    Statistics->Overruns = CycHwStreamOverruns(stream->Hw, stream->Block);
    Statistics->Errors = (ULONG)stream->Errors;
    Statistics->LastError = CycHwStreamError(stream->Hw, stream->Block);
    Statistics->BufferBytes = CYC_WAVEPCI_RING * CYC_SG_DESC_SIZE;
    Statistics->Frames = CycHwStreamFrames(stream->Hw, stream->Block);
}

NTSTATUS CMiniportWavePciStream_Create(CMiniportWavePci *Miniport, ULONG Pin,
                                       BOOLEAN Capture,
                                       const CYC_WAVE_FORMAT *Format,
                                       PPORTWAVEPCISTREAM PortStream,
                                       PMINIPORTWAVEPCISTREAM *Stream,
                                       PDMACHANNEL *DmaChannel,
                                       PSERVICEGROUP *ServiceGroup)
{
    CMiniportWavePciStream *stream;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Pin);
    *Stream = NULL;
    stream = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*stream),
                                CYC_POOLTAG_WAVEPCI);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->Iface.lpVtbl = &CMiniportWavePciStream_Vtbl;
    ComRefInit(&stream->Ref);
    stream->Miniport = Miniport;
    COM_CALL(&Miniport->Iface, AddRef);
    stream->PortStream = PortStream;
    COM_CALL(PortStream, AddRef);
    stream->Hw = Miniport->Hw;
    stream->Capture = Capture;
    stream->Format = *Format;
    stream->State = KSSTATE_STOP;
    KeInitializeSpinLock(&stream->Lock);
    status = COM_CALL(Miniport->AdapterCommon, ClaimStream, Capture,
                      &stream->Block);
    if (NT_SUCCESS(status)) {
        stream->BlockClaimed = TRUE;
        status = COM_CALL(Miniport->Port, NewMasterDmaChannel,
                          &stream->DmaChannel, NULL, NonPagedPool, NULL,
                          TRUE, TRUE, FALSE, FALSE, Width32Bits, Compatible,
                          CYC_WAVEPCI_RING * CYC_SG_DESC_SIZE, 0);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(stream->DmaChannel, AllocateBuffer,
                          CYC_WAVEPCI_RING * CYC_SG_DESC_SIZE, NULL);
    }
    if (NT_SUCCESS(status)) {
        stream->Ring = COM_CALL(stream->DmaChannel, SystemAddress);
        status = PcNewServiceGroup(&stream->ServiceGroup, NULL);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "WavePci NewStream(%s): 0x%08x",
            Capture ? "capture" : "render", status);
        CMiniportWavePciStream_Release(&stream->Iface);
        return status;
    }
    CycWavePciRestartRing(stream);
    COM_CALL(Miniport->AdapterCommon, SetStreamIsr, stream->Block,
             CMiniportWavePciStream_Isr, stream);
    DPF(D_TERSE, "WavePci %s stream on block %u: %u Hz, %u ch, sfmt %u, "
        "ring %u", Capture ? "capture" : "render", stream->Block,
        Format->Hw.Rate, Format->Hw.Channels, Format->Hw.SampleFormat,
        CYC_WAVEPCI_RING);
    COM_CALL(stream->DmaChannel, AddRef);
    *DmaChannel = stream->DmaChannel;
    COM_CALL(stream->ServiceGroup, AddRef);
    *ServiceGroup = stream->ServiceGroup;
    *Stream = &stream->Iface;
    return STATUS_SUCCESS;
}
