/* SPDX-License-Identifier: MIT */
/*
 * A MIDI pin: KSMUSICFORMAT records between the client's stream IRPs and
 * the miniport stream's Write/Read. The base (pin.c) owns the state walk,
 * properties, reset, close and the queue; the hooks here run with
 * PCP_PIN.Lock held unless marked PASSIVE_LEVEL.
 *
 * The stream clock counts milliseconds of RUN (a PAUSE stops it); a
 * render stream's starts at the whole millisecond after next. Render:
 * a record is due at the previous record's time plus TimeDeltaMs; the
 * first record of a header at max(previous, PresentationTime +
 * TimeDeltaMs), as KSMUSICFORMAT documents. A due record is written with
 * Write until all its bytes are taken; a partial or zero write is retried
 * 1 ms later (the UART has no transmit interrupt). A future record arms
 * the pin's timer. Capture: each service Reads until 0 bytes into a
 * staging ring stamped with the clock, then packs bytes of one
 * millisecond into one record; an IRP with data completes when the staged
 * bytes are out.
 */
#include "private.h"

#define PCP_MIDI_STAGE     1024     /* capture bytes held for the client */
#define PCP_MIDI_READ      64       /* one Read call */
#define PCP_MIDI_RETRY_MS  1        /* a busy device is asked again */
#define PCP_100NS_PER_MS   (_100NS_UNITS_PER_SECOND / 1000)

typedef struct PCP_PIN_MIDI {
    PCP_PIN Pin;                    /* first: the base */
    PMINIPORTMIDISTREAM Stream;
    PSERVICEGROUP ServiceGroup;     /* referenced, the pin is a member */
    KTIMER Timer;
    KDPC Dpc;

    ULONGLONG Origin;               /* system time of stream time 0 */
    ULONGLONG PausedAt;             /* stream clock when RUN was left */
    BOOLEAN Started;                /* RUN was reached since STOP */
    BOOLEAN Running;

    /* render */
    BOOLEAN HaveRecord;             /* the head record is parsed */
    ULONGLONG LastDueMs;            /* due time of the last record */
    ULONG RecordWritten;            /* its bytes taken by Write */
    ULONG Partials;                 /* Write calls that took less */

    /* capture */
    UCHAR StageBytes[PCP_MIDI_STAGE];
    ULONG StageMs[PCP_MIDI_STAGE];
    ULONG StageHead;
    ULONG StageCount;
    ULONG LastCaptureMs;
    ULONG Lost;                     /* staged bytes dropped: ring full */

    ULONGLONG Bytes;                /* MIDI bytes moved */
} PCP_PIN_MIDI;

static PCP_PIN_MIDI *PcpMidi(PCP_PIN *Pin)
{
    return CONTAINING_RECORD(Pin, PCP_PIN_MIDI, Pin);
}

/*
 * The stream clock is system time, not interrupt time, so that a record's
 * timer can be set to an absolute due time: a relative one counts from the
 * tick KeSetTimer reads, one later than ours when a 100 ns boundary falls
 * in between, and the record would leave 100 ns late.
 */
static ULONGLONG PcpMidiClock(VOID)
{
    LARGE_INTEGER now;

    KeQuerySystemTime(&now);
    return (ULONGLONG)now.QuadPart;
}

/* Milliseconds of RUN since the stream started. */
static ULONGLONG PcpMidiNowMs(PCP_PIN_MIDI *Midi)
{
    ULONGLONG now = Midi->Running ? PcpMidiClock() : Midi->PausedAt;

    if (!Midi->Started || now < Midi->Origin) {
        return 0;
    }
    return (now - Midi->Origin) / PCP_100NS_PER_MS;
}

static VOID PcpMidiArm(PCP_PIN_MIDI *Midi, ULONGLONG Ms)
{
    LARGE_INTEGER due;

    due.QuadPart = -(LONGLONG)(Ms * PCP_100NS_PER_MS);
    KeSetTimer(&Midi->Timer, due, &Midi->Dpc);
}

/* Fires at stream time DueMs exactly, not DueMs whole milliseconds from
 * now: the records keep their spacing to the 100 ns. */
static VOID PcpMidiArmAt(PCP_PIN_MIDI *Midi, ULONGLONG DueMs)
{
    LARGE_INTEGER due;

    due.QuadPart = (LONGLONG)(Midi->Origin + DueMs * PCP_100NS_PER_MS);
    KeSetTimer(&Midi->Timer, due, &Midi->Dpc);
}

/* DISPATCH_LEVEL: a due record or a retry; the base checks RUN. */
static VOID NTAPI PcpMidiTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1,
                                  PVOID Arg2)
{
    PCP_PIN_MIDI *midi = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    COM_CALL(&midi->Pin.SinkIface, RequestService);
}

/* Render ------------------------------------------------------------------ */

/* The time the head header's PresentationTime names, in ms. */
static ULONGLONG PcpMidiPresentationMs(const KSSTREAM_HEADER *Header)
{
    const KSTIME *time = &Header->PresentationTime;
    ULONGLONG units = time->Time < 0 ? 0 : (ULONGLONG)time->Time;

    if (time->Numerator != 0 && time->Denominator != 0) {
        units = units * time->Numerator / time->Denominator;
    }
    return units / PCP_100NS_PER_MS;
}

static VOID PcpMidiServiceRender(PCP_PIN_MIDI *Midi, PLIST_ENTRY Done)
{
    KSP_STREAM_QUEUE *queue = &Midi->Pin.Queue;
    PUCHAR data;
    ULONG length;

    while (KspQueueGetChunk(queue, &data, &length)) {
        const KSMUSICFORMAT *record = (const KSMUSICFORMAT *)data;
        ULONG size;

        if (!Midi->HaveRecord) {
            ULONGLONG due = Midi->LastDueMs + record->TimeDeltaMs;

            if (queue->HeaderOffset == 0) {
                ULONGLONG at = PcpMidiPresentationMs(
                    KspQueueCurrentHeader(queue)) + record->TimeDeltaMs;

                due = max(Midi->LastDueMs, at);
            }
            Midi->LastDueMs = due;
            Midi->RecordWritten = 0;
            Midi->HaveRecord = TRUE;
        }
        if (PcpMidiClock() <
            Midi->Origin + Midi->LastDueMs * PCP_100NS_PER_MS) {
            /* every record, the first too, is written by the timer at
             * its time: the same latency after it for all of them */
            PcpMidiArmAt(Midi, Midi->LastDueMs);
            return;
        }
        while (Midi->RecordWritten < record->ByteCount) {
            ULONG left = record->ByteCount - Midi->RecordWritten;
            ULONG written = 0;
            NTSTATUS status;

            status = COM_CALL(Midi->Stream, Write,
                              data + sizeof(KSMUSICFORMAT) +
                              Midi->RecordWritten, left, &written);
            if (!NT_SUCCESS(status)) {
                /* a device error: the record is lost, the stream goes on */
                DPF(D_ERROR, "pin %u Write failed 0x%08x",
                    (unsigned)Midi->Pin.PinId, (unsigned)status);
                written = left;
            }
            written = min(written, left);
            Midi->RecordWritten += written;
            Midi->Bytes += written;
            if (written < left) {
                Midi->Partials++;
                PcpMidiArm(Midi, PCP_MIDI_RETRY_MS);
                return;
            }
        }
        size = (ULONG)ALIGN_UP_BY(sizeof(KSMUSICFORMAT) + record->ByteCount,
                                  sizeof(ULONG));
        Midi->HaveRecord = FALSE;
        KspQueueAdvance(queue, min(size, length), Done);
    }
}

/* Capture ----------------------------------------------------------------- */

/* Reads until the miniport has nothing, stamping each byte. */
static VOID PcpMidiReadDevice(PCP_PIN_MIDI *Midi)
{
    ULONG nowMs = (ULONG)PcpMidiNowMs(Midi);
    UCHAR buffer[PCP_MIDI_READ];
    ULONG i;

    for (;;) {
        ULONG read = 0;

        if (!NT_SUCCESS(COM_CALL(Midi->Stream, Read, buffer, sizeof(buffer),
                                 &read)) || read == 0) {
            break;
        }
        read = min(read, (ULONG)sizeof(buffer));
        for (i = 0; i < read; i++) {
            ULONG slot;

            if (Midi->StageCount == PCP_MIDI_STAGE) {
                Midi->Lost++;
                continue;
            }
            slot = (Midi->StageHead + Midi->StageCount) % PCP_MIDI_STAGE;
            Midi->StageBytes[slot] = buffer[i];
            Midi->StageMs[slot] = nowMs;
            Midi->StageCount++;
        }
    }
}

static VOID PcpMidiServiceCapture(PCP_PIN_MIDI *Midi, PLIST_ENTRY Done)
{
    KSP_STREAM_QUEUE *queue = &Midi->Pin.Queue;
    PUCHAR data;
    ULONG length;

    PcpMidiReadDevice(Midi);
    while (Midi->StageCount != 0 &&
           KspQueueGetChunk(queue, &data, &length)) {
        PKSMUSICFORMAT record = (PKSMUSICFORMAT)data;
        ULONG ms = Midi->StageMs[Midi->StageHead];
        ULONG count = 0;
        ULONG size;

        if (length < sizeof(KSMUSICFORMAT) + 1) {
            /* no room for a record: hand over what the IRP has */
            KspQueueCompleteHead(queue, STATUS_SUCCESS, Done);
            continue;
        }
        if (queue->HeaderOffset == 0) {
            /* the first record's delta counts from PresentationTime */
            PKSSTREAM_HEADER header = KspQueueCurrentHeader(queue);

            header->PresentationTime.Time =
                (LONGLONG)Midi->LastCaptureMs * PCP_100NS_PER_MS;
            header->PresentationTime.Numerator = 1;
            header->PresentationTime.Denominator = 1;
        }
        while (count < Midi->StageCount &&
               count < length - sizeof(KSMUSICFORMAT) &&
               Midi->StageMs[(Midi->StageHead + count) % PCP_MIDI_STAGE] ==
               ms) {
            data[sizeof(KSMUSICFORMAT) + count] =
                Midi->StageBytes[(Midi->StageHead + count) % PCP_MIDI_STAGE];
            count++;
        }
        record->TimeDeltaMs = ms - Midi->LastCaptureMs;
        record->ByteCount = count;
        Midi->LastCaptureMs = ms;
        Midi->StageHead = (Midi->StageHead + count) % PCP_MIDI_STAGE;
        Midi->StageCount -= count;
        Midi->Bytes += count;
        size = (ULONG)ALIGN_UP_BY(sizeof(KSMUSICFORMAT) + count,
                                  sizeof(ULONG));
        size = min(size, length);
        /* the padding is the client's: zero, not stale bytes */
        RtlZeroMemory(data + sizeof(KSMUSICFORMAT) + count,
                      size - sizeof(KSMUSICFORMAT) - count);
        KspQueueAdvance(queue, size, Done);
    }
    if (!IsListEmpty(&queue->Irps) &&
        (queue->HeaderIndex != 0 || queue->HeaderOffset != 0)) {
        /* data waiting in the client's IRP goes out now, not when full */
        KspQueueCompleteHead(queue, STATUS_SUCCESS, Done);
    }
}

static VOID PcpMidiService(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_MIDI *midi = PcpMidi(Pin);

    if (Pin->State != KSSTATE_RUN) {
        return;     /* PAUSE: the clock stands, nothing plays or records */
    }
    if (Pin->Capture) {
        PcpMidiServiceCapture(midi, Done);
    } else {
        PcpMidiServiceRender(midi, Done);
    }
}

static VOID PcpMidiStopped(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    PCP_PIN_MIDI *midi = PcpMidi(Pin);

    DPF(D_TERSE, "pin %u stopped: %llu MIDI bytes, %u partial writes, "
        "%u lost", (unsigned)Pin->PinId, midi->Bytes,
        (unsigned)midi->Partials, (unsigned)midi->Lost);
    KeCancelTimer(&midi->Timer);
    KspQueueFlush(&Pin->Queue, STATUS_CANCELLED, Done);
    midi->Started = FALSE;
    midi->Running = FALSE;
    midi->Origin = 0;
    midi->PausedAt = 0;
    midi->HaveRecord = FALSE;
    midi->LastDueMs = 0;
    midi->RecordWritten = 0;
    midi->Partials = 0;
    midi->StageHead = 0;
    midi->StageCount = 0;
    midi->LastCaptureMs = 0;
    midi->Lost = 0;
    midi->Bytes = 0;
}

/* The miniport stream ------------------------------------------------------ */

/* PASSIVE_LEVEL. The clock runs in RUN only. */
static NTSTATUS PcpMidiSetStreamState(PCP_PIN *Pin, KSSTATE State)
{
    PCP_PIN_MIDI *midi = PcpMidi(Pin);
    NTSTATUS status = COM_CALL(midi->Stream, SetState, State);
    KIRQL oldIrql;

    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeAcquireSpinLock(&Pin->Lock, &oldIrql);
    if (State == KSSTATE_RUN) {
        ULONGLONG now = PcpMidiClock();

        if (!midi->Started) {
            /*
             * Deviation: a render stream's time 0 is the interrupt-time
             * millisecond after next (1 to 2 ms after RUN), so its first
             * record is due in the future too and leaves by the same timer
             * path, at the same latency, as the rest. Capture starts at
             * RUN: a byte's time is when it came.
             */
            midi->Origin = now;
            if (!Pin->Capture) {
                midi->Origin = (now / PCP_100NS_PER_MS + 2) *
                               PCP_100NS_PER_MS;
            }
            midi->Started = TRUE;
        } else {
            midi->Origin += now - midi->PausedAt;
        }
        midi->Running = TRUE;
    } else if (midi->Running) {
        midi->PausedAt = PcpMidiClock();
        midi->Running = FALSE;
        KeCancelTimer(&midi->Timer);
    }
    KeReleaseSpinLock(&Pin->Lock, oldIrql);
    return STATUS_SUCCESS;
}

static NTSTATUS PcpMidiSetStreamFormat(PCP_PIN *Pin, PKSDATAFORMAT Format)
{
    return COM_CALL(PcpMidi(Pin)->Stream, SetFormat, Format);
}

static VOID PcpMidiFormatChanged(PCP_PIN *Pin)
{
    UNREFERENCED_PARAMETER(Pin);
}

/* Render data must be whole records; capture buffers are the pin's to
 * fill. */
static NTSTATUS PcpMidiValidateStream(PCP_PIN *Pin, PIRP Irp)
{
    if (Pin->Capture) {
        return STATUS_SUCCESS;
    }
    return KspValidateMusicIrp(Irp);
}

/* PASSIVE_LEVEL: undoes NewStream; the timer and its DPC are gone first. */
static VOID PcpMidiClose(PCP_PIN *Pin)
{
    PCP_PIN_MIDI *midi = PcpMidi(Pin);

    KeCancelTimer(&midi->Timer);
    KeRemoveQueueDpc(&midi->Dpc);
    if (midi->ServiceGroup != NULL) {
        COM_CALL(midi->ServiceGroup, RemoveMember, &Pin->SinkIface);
    }
    COM_SAFE_RELEASE(&midi->ServiceGroup);
    COM_SAFE_RELEASE(&midi->Stream);
    Pin->Stream = NULL;
}

static const PCP_PIN_OPS PcpPinMidiOps = {
    .SetStreamState = PcpMidiSetStreamState,
    .Stopped = PcpMidiStopped,
    .Service = PcpMidiService,
    .SetStreamFormat = PcpMidiSetStreamFormat,
    .FormatChanged = PcpMidiFormatChanged,
    .ValidateStream = PcpMidiValidateStream,
    .Close = PcpMidiClose,
};

NTSTATUS PcpNewPinMidi(PCP_PORT *Port, PCP_FILTER *Filter,
                       PFILE_OBJECT FileObject, const KSPIN_CONNECT *Connect,
                       PKSDATAFORMAT Format, ULONG FormatSize)
{
    PMINIPORTMIDI miniport;
    PCP_PIN_MIDI *midi;
    PCP_PIN *pin;
    NTSTATUS status;

    PAGED_CODE();
    status = PcpPinCreate(&PcpPinMidiOps, sizeof(*midi), Port, Filter,
                          Connect, Format, FormatSize, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    midi = PcpMidi(pin);
    KeInitializeTimer(&midi->Timer);
    KeInitializeDpc(&midi->Dpc, PcpMidiTimerDpc, midi);
    miniport = (PMINIPORTMIDI)Port->MiniportIface;
    status = COM_CALL(miniport, NewStream, &midi->Stream, NULL, NonPagedPool,
                      pin->PinId, pin->Capture, pin->Format,
                      &midi->ServiceGroup);
    if (NT_SUCCESS(status) && midi->Stream == NULL) {
        status = STATUS_UNSUCCESSFUL;
    }
    if (NT_SUCCESS(status) && midi->ServiceGroup == NULL) {
        /* no group of its own: the one the miniport registered */
        midi->ServiceGroup = PcpPortMidiServiceGroup(Port);
        if (midi->ServiceGroup != NULL) {
            COM_CALL(midi->ServiceGroup, AddRef);
        }
    }
    if (NT_SUCCESS(status) && midi->ServiceGroup != NULL) {
        status = COM_CALL(midi->ServiceGroup, AddMember, &pin->SinkIface);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream for MIDI pin %u failed 0x%08x",
            (unsigned)pin->PinId, (unsigned)status);
        COM_SAFE_RELEASE(&midi->ServiceGroup);
        COM_SAFE_RELEASE(&midi->Stream);
        PcpPinDelete(pin);
        return status;
    }
    pin->Stream = (PUNKNOWN)midi->Stream;
    pin->Framing.RequirementsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    pin->Framing.PoolType = NonPagedPool;
    pin->Framing.Frames = 8;
    pin->Framing.FrameSize = 256;
    pin->Framing.FileAlignment = sizeof(ULONG) - 1;
    DPF(D_TERSE, "pin %u open: MIDI %s", (unsigned)pin->PinId,
        pin->Capture ? "capture" : "render");
    PcpPinAttach(pin, FileObject);
    return STATUS_SUCCESS;
}
