/* SPDX-License-Identifier: MIT */
/*
 * A WaveCyclic pin: the cyclic copy engine between the client's stream
 * IRPs and the miniport stream's cyclic DMA buffer. Everything a KS pin
 * shares (state walk, properties, reset, close, IOCTLs, the queue) is the
 * base's (pin.c); the hooks here run with PCP_PIN.Lock held unless marked
 * PASSIVE_LEVEL.
 *
 * Cursors are stream-linear byte counts (never wrapped), the buffer offset
 * is the count modulo BufferSize. Render: Device <= Written (end of client
 * data in the buffer) <= Device + LeadBytes, and everything from Written up
 * to SilenceEnd is silence, so an underrun plays silence, never data from
 * the previous lap. Capture: Read (what the client took) <= Device.
 */
#include "private.h"

#define PCP_FILE_64_BYTE_ALIGNMENT 0x0000003f

typedef struct PCP_PIN_WAVECYCLIC {
    PCP_PIN Pin;                    /* first: the base */
    PMINIPORTWAVECYCLICSTREAM Stream;
    PDMACHANNEL Dma;
    PSERVICEGROUP ServiceGroup;

    PUCHAR Buffer;
    ULONG BufferSize;               /* the channel's BufferSize() */
    ULONG NotificationBytes;        /* bytes per notification (10 ms) */
    ULONG BlockAlign;
    ULONG LeadBytes;                /* render data kept ahead (40 ms) */
    ULONG LastPosition;             /* last GetPosition, buffer offset */
    ULONGLONG Device;               /* the device's cursor */
    ULONGLONG Written;              /* render: end of client data */
    ULONGLONG Read;                 /* capture: end of what the client took */
    ULONGLONG SilenceEnd;           /* render: silence up to here */
    ULONGLONG ClientBytes;          /* bytes moved to or from the client */
    ULONG Underruns;                /* starvation episodes */
    BOOLEAN Starved;                /* the device is past the client data */
} PCP_PIN_WAVECYCLIC;

static PCP_PIN_WAVECYCLIC *PcpWaveCyclic(PCP_PIN *Pin)
{
    return CONTAINING_RECORD(Pin, PCP_PIN_WAVECYCLIC, Pin);
}

/* The copy engine ---------------------------------------------------------- */

/*
 * Moves up to Count bytes between the client queue and the cyclic buffer,
 * starting at stream position Linear, wrapping at BufferSize: client ->
 * buffer for render, buffer -> client for capture. Returns the bytes
 * moved; fewer than Count means the client ran out of buffers.
 */
static ULONG PcpCyclicTransfer(PCP_PIN_WAVECYCLIC *Wave, ULONGLONG Linear,
                               ULONG Count, PLIST_ENTRY Done)
{
    ULONG moved = 0;

    while (moved < Count) {
        ULONG offset = (ULONG)((Linear + moved) % Wave->BufferSize);
        PUCHAR client;
        ULONG length;
        ULONG n;

        if (!KspQueueGetChunk(&Wave->Pin.Queue, &client, &length)) {
            break;
        }
        n = min(length, Count - moved);
        n = min(n, Wave->BufferSize - offset);
        if (Wave->Pin.Capture) {
            COM_CALL(Wave->Dma, CopyFrom, client, Wave->Buffer + offset, n);
        } else {
            COM_CALL(Wave->Dma, CopyTo, Wave->Buffer + offset, client, n);
        }
        KspQueueAdvance(&Wave->Pin.Queue, n, Done);
        moved += n;
    }
    return moved;
}

/* Silences Count bytes from stream position Linear, wrapping. */
static VOID PcpCyclicSilence(PCP_PIN_WAVECYCLIC *Wave, ULONGLONG Linear,
                             ULONG Count)
{
    while (Count != 0) {
        ULONG offset = (ULONG)(Linear % Wave->BufferSize);
        ULONG n = min(Count, Wave->BufferSize - offset);

        COM_CALL(Wave->Stream, Silence, Wave->Buffer + offset, n);
        Linear += n;
        Count -= n;
    }
}

/* Folds the miniport's buffer offset into Device. */
static VOID PcpCyclicUpdatePosition(PCP_PIN_WAVECYCLIC *Wave)
{
    ULONG position = 0;

    if (!NT_SUCCESS(COM_CALL(Wave->Stream, GetPosition, &position)) ||
        position >= Wave->BufferSize) {
        return;
    }
    position -= position % Wave->BlockAlign;
    Wave->Device += (position + Wave->BufferSize - Wave->LastPosition) %
                    Wave->BufferSize;
    Wave->LastPosition = position;
}

static VOID PcpCyclicServiceRender(PCP_PIN_WAVECYCLIC *Wave,
                                   PLIST_ENTRY Done)
{
    ULONGLONG horizon;
    ULONG moved;

    if (Wave->Written < Wave->Device) {
        /* underrun: the device played our silence; restart at its cursor */
        if (!Wave->Starved) {
            Wave->Underruns++;
            DPF(D_VERBOSE, "pin %u underrun %u at %llu",
                (unsigned)Wave->Pin.PinId, (unsigned)Wave->Underruns,
                Wave->Device);
        }
        Wave->Starved = TRUE;
        Wave->Written = Wave->Device;
    }
    if (Wave->Written < Wave->Device + Wave->LeadBytes) {
        moved = PcpCyclicTransfer(Wave, Wave->Written,
                                  (ULONG)(Wave->Device + Wave->LeadBytes -
                                          Wave->Written), Done);
        Wave->Written += moved;
        Wave->ClientBytes += moved;
        if (moved != 0) {
            Wave->Starved = FALSE;
        }
    }
    if (Wave->SilenceEnd < Wave->Written) {
        Wave->SilenceEnd = Wave->Written;
    }
    /* all but the period just played, which may still sit in device FIFOs */
    horizon = Wave->Device + Wave->BufferSize - Wave->NotificationBytes;
    if (horizon > Wave->SilenceEnd) {
        PcpCyclicSilence(Wave, Wave->SilenceEnd,
                         (ULONG)(horizon - Wave->SilenceEnd));
        Wave->SilenceEnd = horizon;
    }
}

static VOID PcpCyclicServiceCapture(PCP_PIN_WAVECYCLIC *Wave,
                                    PLIST_ENTRY Done)
{
    ULONG keep = Wave->BufferSize - Wave->NotificationBytes;
    ULONG moved;

    if (Wave->Device - Wave->Read > keep) {
        /* the client fell a whole buffer behind: the oldest data is gone */
        Wave->Read = Wave->Device - keep;
    }
    moved = PcpCyclicTransfer(Wave, Wave->Read,
                              (ULONG)(Wave->Device - Wave->Read), Done);
    Wave->Read += moved;
    Wave->ClientBytes += moved;
}

/* Position first, then the direction's copy step. */
static VOID PcpCyclicService(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_WAVECYCLIC *wave = PcpWaveCyclic(Pin);

    PcpCyclicUpdatePosition(wave);
    if (Pin->Capture) {
        PcpCyclicServiceCapture(wave, Done);
    } else {
        PcpCyclicServiceRender(wave, Done);
    }
}

/* Back to a silent buffer and zero cursors; stream IRPs are cancelled. */
static VOID PcpCyclicResetStream(PCP_PIN_WAVECYCLIC *Wave, PLIST_ENTRY Done)
{
    KspQueueFlush(&Wave->Pin.Queue, STATUS_CANCELLED, Done);
    COM_CALL(Wave->Stream, Silence, Wave->Buffer, Wave->BufferSize);
    Wave->LastPosition = 0;
    Wave->Device = 0;
    Wave->Written = 0;
    Wave->Read = 0;
    Wave->SilenceEnd = Wave->BufferSize;
    Wave->ClientBytes = 0;
    Wave->Starved = FALSE;
}

static VOID PcpCyclicStopped(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_WAVECYCLIC *wave = PcpWaveCyclic(Pin);

    /*
     * Still starved at the stop: the client's data ran out before it, and
     * the port played silence up to the stop. That episode is the end of
     * the stream, expected, and named apart so that the count agrees with
     * the client's (scripts/run's summary).
     */
    DPF(D_TERSE, "pin %u stopped: %llu bytes moved, %u underruns while "
        "streaming%s", (unsigned)Pin->PinId, wave->ClientBytes,
        (unsigned)(wave->Underruns - (wave->Starved ? 1 : 0)),
        wave->Starved ? ", starved at the end of the stream (expected: no "
                        "data after the last write)" : "");
    wave->Underruns = 0;
    PcpCyclicResetStream(wave, Done);
}

/* Power (power_state.c) ---------------------------------------------------- */

/* Lock held, the miniport stream paused: its last position. */
static VOID PcpCyclicPowerSave(PCP_PIN *Pin)
{
    PcpCyclicUpdatePosition(PcpWaveCyclic(Pin));
}

static VOID PcpCyclicReverse(PUCHAR Buffer, ULONG Begin, ULONG End)
{
    while (Begin + 1 < End) {
        UCHAR t = Buffer[Begin];

        Buffer[Begin++] = Buffer[--End];
        Buffer[End] = t;
    }
}

/*
 * PASSIVE_LEVEL, the miniport stream stopped: the device restarts at buffer
 * offset 0, so the buffer turns (in place) until the device's cursor sits
 * at offset 0, and every cursor moves up to that lap boundary. Unplayed
 * render data and uncollected capture data keep their stream positions.
 */
static VOID PcpCyclicPowerRebase(PCP_PIN *Pin)
{
    PCP_PIN_WAVECYCLIC *wave = PcpWaveCyclic(Pin);
    ULONG turn = (ULONG)(wave->Device % wave->BufferSize);
    ULONG delta = (wave->BufferSize - turn) % wave->BufferSize;
    KIRQL oldIrql;

    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    PcpCyclicReverse(wave->Buffer, 0, turn);
    PcpCyclicReverse(wave->Buffer, turn, wave->BufferSize);
    PcpCyclicReverse(wave->Buffer, 0, wave->BufferSize);
    wave->Device += delta;
    wave->Written += delta;
    wave->Read += delta;
    wave->SilenceEnd += delta;
    wave->LastPosition = 0;
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
}

/* The miniport stream ------------------------------------------------------ */

static NTSTATUS PcpCyclicSetStreamState(PCP_PIN *Pin, KSSTATE State)
{
    return COM_CALL(PcpWaveCyclic(Pin)->Stream, SetState, State);
}

static NTSTATUS PcpCyclicSetStreamFormat(PCP_PIN *Pin, PKSDATAFORMAT Format)
{
    return COM_CALL(PcpWaveCyclic(Pin)->Stream, SetFormat, Format);
}

/* Buffer geometry from the current format and the miniport's period. */
static VOID PcpCyclicGeometry(PCP_PIN *Pin)
{
    PCP_PIN_WAVECYCLIC *wave = PcpWaveCyclic(Pin);
    const WAVEFORMATEX *format = KspWaveFormat(Pin->Format, Pin->FormatSize);
    ULONG bytesPerSecond = format == NULL ? 0 : format->nAvgBytesPerSec;
    ULONG maxLead;

    wave->BlockAlign = format == NULL || format->nBlockAlign == 0 ?
                       1 : format->nBlockAlign;
    wave->NotificationBytes = 0;
    COM_CALL(wave->Stream, SetNotificationFreq, PCP_NOTIFICATION_MS,
             &wave->NotificationBytes);
    /* miniports may size the cyclic buffer to the period they just set */
    if (COM_CALL(wave->Dma, BufferSize) != 0) {
        wave->BufferSize = COM_CALL(wave->Dma, BufferSize);
    }
    if (wave->NotificationBytes == 0 ||
        wave->NotificationBytes >= wave->BufferSize) {
        wave->NotificationBytes = PcpMsToBytes(PCP_NOTIFICATION_MS,
                                               bytesPerSecond,
                                               wave->BlockAlign);
    }
    wave->NotificationBytes = min(wave->NotificationBytes,
                                  wave->BufferSize / 4);
    wave->LeadBytes = PcpMsToBytes(PCP_LEAD_MS, bytesPerSecond,
                                   wave->BlockAlign);
    maxLead = wave->BufferSize - 2 * wave->NotificationBytes;
    maxLead -= maxLead % wave->BlockAlign;
    wave->LeadBytes = min(wave->LeadBytes, maxLead);
    Pin->Framing.RequirementsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    Pin->Framing.PoolType = NonPagedPool;
    Pin->Framing.Frames = 8;
    Pin->Framing.FrameSize = wave->NotificationBytes;
    Pin->Framing.FileAlignment = PCP_FILE_64_BYTE_ALIGNMENT;
}

/* KSPROPERTY_AUDIO_POSITION, in client bytes. Any IRQL <= DISPATCH_LEVEL. */
static NTSTATUS PcpCyclicPosition(PCP_PIN_WAVECYCLIC *Wave,
                                  KSP_PROPERTY_REQUEST *Request)
{
    PKSAUDIO_POSITION out = Request->Value;
    NTSTATUS status = KspCheckValueSize(Request, sizeof(KSAUDIO_POSITION));
    KIRQL oldIrql;

    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeAcquireSpinLock(&Wave->Pin.Lock, &oldIrql);
    if (Wave->Pin.State != KSSTATE_STOP) {
        PcpCyclicUpdatePosition(Wave);
    }
    if (Wave->Pin.Capture) {
        out->PlayOffset = Wave->Device;
        out->WriteOffset = Wave->ClientBytes;
    } else {
        ULONGLONG ahead = Wave->Written > Wave->Device ?
                          Wave->Written - Wave->Device : 0;

        out->WriteOffset = Wave->ClientBytes;
        out->PlayOffset = Wave->ClientBytes - min(ahead, Wave->ClientBytes);
    }
    KeReleaseSpinLock(&Wave->Pin.Lock, oldIrql);
    Request->Irp->IoStatus.Information = sizeof(KSAUDIO_POSITION);
    return STATUS_SUCCESS;
}

static BOOLEAN PcpCyclicProperty(PCP_PIN *Pin, KSP_PROPERTY_REQUEST *Request,
                                 NTSTATUS *Status)
{
    if (PcpPinIsPositionGet(Request)) {
        *Status = PcpCyclicPosition(PcpWaveCyclic(Pin), Request);
        return TRUE;
    }
    return FALSE;
}

/* PASSIVE_LEVEL: undoes NewStream. */
static VOID PcpCyclicClose(PCP_PIN *Pin)
{
    PCP_PIN_WAVECYCLIC *wave = PcpWaveCyclic(Pin);

    PcpPinReleaseStream(Pin, &Pin->SinkIface, &wave->ServiceGroup,
                        &wave->Dma, (PUNKNOWN *)&wave->Stream);
}

static const PCP_PIN_OPS PcpPinWaveCyclicOps = {
    .SetStreamState = PcpCyclicSetStreamState,
    .Stopped = PcpCyclicStopped,
    .Service = PcpCyclicService,
    .SetStreamFormat = PcpCyclicSetStreamFormat,
    .FormatChanged = PcpCyclicGeometry,
    .Property = PcpCyclicProperty,
    .Close = PcpCyclicClose,
    .PowerSave = PcpCyclicPowerSave,
    .PowerRebase = PcpCyclicPowerRebase,
};

NTSTATUS PcpNewPinWaveCyclic(PCP_PORT *Port, PCP_FILTER *Filter,
                             PFILE_OBJECT FileObject,
                             const KSPIN_CONNECT *Connect,
                             PKSDATAFORMAT Format, ULONG FormatSize)
{
    PMINIPORTWAVECYCLIC miniport;
    PCP_PIN_WAVECYCLIC *wave;
    PCP_PIN *pin;
    LIST_ENTRY done;
    NTSTATUS status;

    PAGED_CODE();
    status = PcpPinCreate(&PcpPinWaveCyclicOps, sizeof(*wave), Port, Filter,
                          Connect, Format, FormatSize, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    wave = PcpWaveCyclic(pin);
    miniport = (PMINIPORTWAVECYCLIC)Port->MiniportIface;
    status = COM_CALL(miniport, NewStream, &wave->Stream, NULL, NonPagedPool,
                      pin->PinId, pin->Capture, pin->Format, &wave->Dma,
                      &wave->ServiceGroup);
    if (NT_SUCCESS(status) && (wave->Stream == NULL || wave->Dma == NULL)) {
        status = STATUS_UNSUCCESSFUL;
    }
    if (NT_SUCCESS(status)) {
        wave->Buffer = COM_CALL(wave->Dma, SystemAddress);
        wave->BufferSize = COM_CALL(wave->Dma, BufferSize);
        if (wave->Buffer == NULL || wave->BufferSize < 4 * 8) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    if (NT_SUCCESS(status) && wave->ServiceGroup != NULL) {
        status = COM_CALL(wave->ServiceGroup, AddMember, &pin->SinkIface);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream for pin %u failed 0x%08x",
            (unsigned)pin->PinId, (unsigned)status);
        PcpPinReleaseStream(pin, NULL, &wave->ServiceGroup, &wave->Dma,
                            (PUNKNOWN *)&wave->Stream);
        PcpPinDelete(pin);
        return status;
    }
    pin->Stream = (PUNKNOWN)wave->Stream;
    PcpCyclicGeometry(pin);
    InitializeListHead(&done);
    PcpCyclicResetStream(wave, &done);
    DPF(D_TERSE, "pin %u open: %s, buffer %u, frame %u, lead %u",
        (unsigned)pin->PinId, pin->Capture ? "capture" : "render",
        (unsigned)wave->BufferSize, (unsigned)wave->NotificationBytes,
        (unsigned)wave->LeadBytes);
    PcpPinAttach(pin, FileObject);
    return STATUS_SUCCESS;
}
