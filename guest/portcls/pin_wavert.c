/* SPDX-License-Identifier: MIT */
/*
 * A WaveRT pin: no data path. The miniport stream allocates its cyclic
 * buffer through the pin's IPortWaveRTStream, the pin hands the buffer, the
 * position and clock registers and the notification events to the client
 * through KSPROPSETID_RtAudio, and the client moves the audio itself. The
 * base (pin.c) owns the state walk, KSPROPSETID_Connection and close; there
 * are no stream IRPs (Service is NULL).
 *
 * Requests whose order matters: the buffer is allocated in KSSTATE_STOP
 * only (else STATUS_INVALID_DEVICE_STATE), a second allocation replaces the
 * first; events need a buffer allocated with notification
 * (STATUS_NOT_SUPPORTED otherwise); packet properties need a buffer with
 * notification, PRESENTATION_POSITION any buffer
 * (STATUS_INVALID_DEVICE_STATE), and the miniport's
 * IMiniportWaveRTOutputStream/InputStream (STATUS_NOT_SUPPORTED).
 */
#include "private.h"

/* Events one pin may register (WASAPI registers one). */
#define PCP_WAVERT_MAX_EVENTS 4

typedef struct PCP_PIN_WAVERT {
    PCP_PIN Pin;                    /* first: the base */
    IPortWaveRTStream PortStreamIface;
    PMINIPORTWAVERTSTREAM Stream;
    PMINIPORTWAVERTSTREAMNOTIFICATION Notification;    /* optional */
    PMINIPORTWAVERTOUTPUTSTREAM Output;                 /* optional */
    PMINIPORTWAVERTINPUTSTREAM Input;                   /* optional */

    PMDL Mdl;                       /* the buffer, NULL before allocation */
    ULONG BufferSize;               /* actual bytes */
    ULONG Offset;                   /* of the buffer in the first page */
    ULONG NotificationCount;        /* 0: allocated without notification */
    PKEVENT Events[PCP_WAVERT_MAX_EVENTS];
} PCP_PIN_WAVERT;

static PCP_PIN_WAVERT *PcpWaveRT(PCP_PIN *Pin)
{
    return CONTAINING_RECORD(Pin, PCP_PIN_WAVERT, Pin);
}

static PCP_PIN_WAVERT *PcpWaveRTFromPortStream(IPortWaveRTStream *This)
{
    return CONTAINING_RECORD(This, PCP_PIN_WAVERT, PortStreamIface);
}

/* IPortWaveRTStream: the miniport stream's pages --------------------------- */

static NTSTATUS NTAPI PcpPortStream_QueryInterface(IPortWaveRTStream *This,
                                                   REFIID Iid, PVOID *Object)
{
    if (Object == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (IsEqualGUIDAligned(Iid, &IID_IUnknown) ||
        IsEqualGUIDAligned(Iid, &IID_IPortWaveRTStream)) {
        COM_CALL(This, AddRef);
        *Object = This;
        return STATUS_SUCCESS;
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

/* The miniport stream's reference keeps the pin object alive. */
static ULONG NTAPI PcpPortStream_AddRef(IPortWaveRTStream *This)
{
    return COM_CALL(&PcpWaveRTFromPortStream(This)->Pin.SinkIface, AddRef);
}

static ULONG NTAPI PcpPortStream_Release(IPortWaveRTStream *This)
{
    return COM_CALL(&PcpWaveRTFromPortStream(This)->Pin.SinkIface, Release);
}

static PMDL NTAPI PcpPortStream_AllocatePagesForMdl(
    IPortWaveRTStream *This, PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes)
{
    PHYSICAL_ADDRESS zero = { .QuadPart = 0 };

    UNREFERENCED_PARAMETER(This);
    PAGED_CODE();
    return MmAllocatePagesForMdlEx(zero, HighAddress, zero, TotalBytes,
                                   MmCached, MM_ALLOCATE_FULLY_REQUIRED);
}

static PMDL NTAPI PcpPortStream_AllocateContiguousPagesForMdl(
    IPortWaveRTStream *This, PHYSICAL_ADDRESS LowAddress,
    PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes)
{
    PHYSICAL_ADDRESS zero = { .QuadPart = 0 };

    UNREFERENCED_PARAMETER(This);
    PAGED_CODE();
    return MmAllocatePagesForMdlEx(LowAddress, HighAddress, zero, TotalBytes,
                                   MmCached,
                                   MM_ALLOCATE_FULLY_REQUIRED |
                                   MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS);
}

static PVOID NTAPI PcpPortStream_MapAllocatedPages(
    IPortWaveRTStream *This, PMDL MemoryDescriptorList,
    MEMORY_CACHING_TYPE CacheType)
{
    UNREFERENCED_PARAMETER(This);
    return MmMapLockedPagesSpecifyCache(MemoryDescriptorList, KernelMode,
                                        CacheType, NULL, FALSE,
                                        NormalPagePriority);
}

static VOID NTAPI PcpPortStream_UnmapAllocatedPages(
    IPortWaveRTStream *This, PVOID BaseAddress, PMDL MemoryDescriptorList)
{
    UNREFERENCED_PARAMETER(This);
    MmUnmapLockedPages(BaseAddress, MemoryDescriptorList);
}

/* The pages and the MDL itself (Windows' port frees both). */
static VOID NTAPI PcpPortStream_FreePagesFromMdl(IPortWaveRTStream *This,
                                                 PMDL MemoryDescriptorList)
{
    UNREFERENCED_PARAMETER(This);
    MmFreePagesFromMdl(MemoryDescriptorList);
    ExFreePool(MemoryDescriptorList);
}

static ULONG NTAPI PcpPortStream_GetPhysicalPagesCount(
    IPortWaveRTStream *This, PMDL MemoryDescriptorList)
{
    UNREFERENCED_PARAMETER(This);
    return ADDRESS_AND_SIZE_TO_SPAN_PAGES(
        MmGetMdlVirtualAddress(MemoryDescriptorList),
        MmGetMdlByteCount(MemoryDescriptorList));
}

/* Deviation: an Index beyond the MDL gives 0 (Windows leaves it undefined). */
static PHYSICAL_ADDRESS NTAPI PcpPortStream_GetPhysicalPageAddress(
    IPortWaveRTStream *This, PMDL MemoryDescriptorList, ULONG Index)
{
    PHYSICAL_ADDRESS pa = { .QuadPart = 0 };

    if (MmGetMdlByteCount(MemoryDescriptorList) != 0 &&
        Index < PcpPortStream_GetPhysicalPagesCount(This,
                                                    MemoryDescriptorList)) {
        pa.QuadPart = (LONGLONG)(MmGetMdlPfnArray(MemoryDescriptorList)[Index]
                                 << PAGE_SHIFT);
    }
    return pa;
}

static const IPortWaveRTStreamVtbl PcpPortStream_Vtbl = {
    .QueryInterface = PcpPortStream_QueryInterface,
    .AddRef = PcpPortStream_AddRef,
    .Release = PcpPortStream_Release,
    .AllocatePagesForMdl = PcpPortStream_AllocatePagesForMdl,
    .AllocateContiguousPagesForMdl =
        PcpPortStream_AllocateContiguousPagesForMdl,
    .MapAllocatedPages = PcpPortStream_MapAllocatedPages,
    .UnmapAllocatedPages = PcpPortStream_UnmapAllocatedPages,
    .FreePagesFromMdl = PcpPortStream_FreePagesFromMdl,
    .GetPhysicalPagesCount = PcpPortStream_GetPhysicalPagesCount,
    .GetPhysicalPageAddress = PcpPortStream_GetPhysicalPageAddress,
};

/* The buffer --------------------------------------------------------------- */

/* PASSIVE_LEVEL: unregisters (and dereferences) every event and gives the
 * buffer back. */
static VOID PcpRtFreeBuffer(PCP_PIN_WAVERT *Rt)
{
    ULONG i;

    for (i = 0; i < PCP_WAVERT_MAX_EVENTS; i++) {
        if (Rt->Events[i] != NULL) {
            COM_CALL(Rt->Notification, UnregisterNotificationEvent,
                     Rt->Events[i]);
            ObDereferenceObject(Rt->Events[i]);
            Rt->Events[i] = NULL;
        }
    }
    if (Rt->Mdl == NULL) {
        return;
    }
    if (Rt->NotificationCount != 0) {
        COM_CALL(Rt->Notification, FreeBufferWithNotification, Rt->Mdl,
                 Rt->BufferSize);
    } else {
        COM_CALL(Rt->Stream, FreeAudioBuffer, Rt->Mdl, Rt->BufferSize);
    }
    Rt->Mdl = NULL;
    Rt->BufferSize = 0;
    Rt->NotificationCount = 0;
}

/*
 * KSPROPERTY_RTAUDIO_BUFFER(_WITH_NOTIFICATION). Deviation: the client's
 * view of the buffer is the identity mapping of its pages (one address
 * space), where Windows maps them into the client's process.
 */
static NTSTATUS PcpRtBuffer(PCP_PIN_WAVERT *Rt, KSP_PROPERTY_REQUEST *Request,
                            BOOLEAN WithNotification)
{
    ULONG inSize = WithNotification ?
                   sizeof(KSRTAUDIO_BUFFER_PROPERTY_WITH_NOTIFICATION) :
                   sizeof(KSRTAUDIO_BUFFER_PROPERTY);
    PKSRTAUDIO_BUFFER_PROPERTY_WITH_NOTIFICATION in =
        (PVOID)Request->Property;
    PKSRTAUDIO_BUFFER out = Request->Value;
    MEMORY_CACHING_TYPE cache = MmCached;
    ULONG count = 0;
    ULONG actual = 0;
    ULONG offset = 0;
    PMDL mdl = NULL;
    NTSTATUS status;

    if (Request->InputLength < inSize) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = KspCheckValueSize(Request, sizeof(KSRTAUDIO_BUFFER));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Rt->Pin.State != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (in->RequestedBufferSize == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    if (WithNotification) {
        count = in->NotificationCount;
        if (Rt->Notification == NULL) {
            return STATUS_NOT_SUPPORTED;
        }
        /* The documented values: one or two events per buffer cycle. */
        if (count != 1 && count != 2) {
            return STATUS_INVALID_PARAMETER;
        }
    }
    PcpRtFreeBuffer(Rt);
    if (WithNotification) {
        status = COM_CALL(Rt->Notification, AllocateBufferWithNotification,
                          count, in->RequestedBufferSize, &mdl, &actual,
                          &offset, &cache);
    } else {
        status = COM_CALL(Rt->Stream, AllocateAudioBuffer,
                          in->RequestedBufferSize, &mdl, &actual, &offset,
                          &cache);
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (mdl == NULL || actual == 0 ||
        offset + (ULONGLONG)actual > MmGetMdlByteCount(mdl)) {
        DPF(D_ERROR, "pin %u: miniport buffer %u+%u does not fit its MDL",
            (unsigned)Rt->Pin.PinId, (unsigned)offset, (unsigned)actual);
        Rt->Mdl = mdl;
        Rt->BufferSize = actual;
        Rt->NotificationCount = count;
        PcpRtFreeBuffer(Rt);
        return STATUS_UNSUCCESSFUL;
    }
    Rt->Mdl = mdl;
    Rt->BufferSize = actual;
    Rt->Offset = offset;
    Rt->NotificationCount = count;
    out->BufferAddress = (PUCHAR)(uintptr_t)(MmGetMdlPfnArray(mdl)[0]
                                             << PAGE_SHIFT) + offset;
    out->ActualBufferSize = actual;
    out->CallMemoryBarrier = cache == MmWriteCombined;
    Request->Irp->IoStatus.Information = sizeof(KSRTAUDIO_BUFFER);
    DPF(D_TERSE, "pin %u: buffer %u bytes at %p, %u notifications",
        (unsigned)Rt->Pin.PinId, (unsigned)actual, out->BufferAddress,
        (unsigned)count);
    return STATUS_SUCCESS;
}

/* POSITIONREGISTER and CLOCKREGISTER. */
static NTSTATUS PcpRtRegister(PCP_PIN_WAVERT *Rt,
                              KSP_PROPERTY_REQUEST *Request, BOOLEAN Clock)
{
    NTSTATUS status;

    if (Request->InputLength < sizeof(KSRTAUDIO_HWREGISTER_PROPERTY)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    status = KspCheckValueSize(Request, sizeof(KSRTAUDIO_HWREGISTER));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = Clock ?
             COM_CALL(Rt->Stream, GetClockRegister, Request->Value) :
             COM_CALL(Rt->Stream, GetPositionRegister, Request->Value);
    if (NT_SUCCESS(status)) {
        Request->Irp->IoStatus.Information = sizeof(KSRTAUDIO_HWREGISTER);
    }
    return status;
}

/*
 * REGISTER_ and UNREGISTER_NOTIFICATION_EVENT. NotificationEvent is the
 * client's event handle; as Windows' port, the pin takes the event by
 * handle (an event, modify access, in the requestor's mode) and keeps that
 * reference while the event is registered, so closing the handle early
 * cannot free what the miniport's DPC signals.
 */
static NTSTATUS PcpRtEvent(PCP_PIN_WAVERT *Rt, KSP_PROPERTY_REQUEST *Request,
                           BOOLEAN Register)
{
    PKSRTAUDIO_NOTIFICATION_EVENT_PROPERTY in = (PVOID)Request->Property;
    PKEVENT event;
    PKEVENT *slot = NULL;
    NTSTATUS status;
    ULONG i;

    if (Request->InputLength < sizeof(*in)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (Rt->Notification == NULL || Rt->NotificationCount == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    status = ObReferenceObjectByHandle(in->NotificationEvent,
                                       EVENT_MODIFY_STATE, *ExEventObjectType,
                                       Request->Irp->RequestorMode,
                                       (PVOID *)&event, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    for (i = 0; i < PCP_WAVERT_MAX_EVENTS; i++) {
        if (Rt->Events[i] == (Register ? NULL : event)) {
            slot = &Rt->Events[i];
            break;
        }
    }
    if (slot == NULL) {
        status = Register ? STATUS_INSUFFICIENT_RESOURCES :
                            STATUS_INVALID_PARAMETER;
    } else if (Register) {
        status = COM_CALL(Rt->Notification, RegisterNotificationEvent, event);
    } else {
        status = COM_CALL(Rt->Notification, UnregisterNotificationEvent,
                          event);
    }
    if (NT_SUCCESS(status) && Register) {
        *slot = event;
        return status;
    }
    if (NT_SUCCESS(status)) {
        ObDereferenceObject(*slot);
        *slot = NULL;
    }
    ObDereferenceObject(event);
    return status;
}

/* PACKETCOUNT, PRESENTATION_POSITION, GETREADPACKET, SETWRITEPACKET. */
static NTSTATUS PcpRtPacket(PCP_PIN_WAVERT *Rt, KSP_PROPERTY_REQUEST *Request)
{
    ULONG id = Request->Property->Id;
    BOOLEAN input = id == KSPROPERTY_RTAUDIO_GETREADPACKET;
    ULONG size = id == KSPROPERTY_RTAUDIO_PACKETCOUNT ? sizeof(ULONG) :
                 id == KSPROPERTY_RTAUDIO_PRESENTATION_POSITION ?
                 sizeof(KSAUDIO_PRESENTATION_POSITION) :
                 input ? sizeof(KSRTAUDIO_GETREADPACKET_INFO) :
                 sizeof(KSRTAUDIO_SETWRITEPACKET_INFO);
    PKSRTAUDIO_GETREADPACKET_INFO read = Request->Value;
    PKSRTAUDIO_SETWRITEPACKET_INFO write = Request->Value;
    NTSTATUS status;

    if ((input ? (PVOID)Rt->Input : (PVOID)Rt->Output) == NULL) {
        return STATUS_NOT_SUPPORTED;
    }
    status = KspCheckValueSize(Request, size);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    /* A presentation position needs a buffer, packets one with events. */
    if (Rt->Mdl == NULL ||
        (Rt->NotificationCount == 0 &&
         id != KSPROPERTY_RTAUDIO_PRESENTATION_POSITION)) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    switch (id) {
    case KSPROPERTY_RTAUDIO_PACKETCOUNT:
        status = COM_CALL(Rt->Output, GetPacketCount, Request->Value);
        break;
    case KSPROPERTY_RTAUDIO_PRESENTATION_POSITION:
        status = COM_CALL(Rt->Output, GetOutputStreamPresentationPosition,
                          Request->Value);
        break;
    case KSPROPERTY_RTAUDIO_GETREADPACKET:
        status = COM_CALL(Rt->Input, GetReadPacket, &read->PacketNumber,
                          &read->Flags, &read->PerformanceCounterValue,
                          &read->MoreData);
        break;
    default:
        status = COM_CALL(Rt->Output, SetWritePacket, write->PacketNumber,
                          write->Flags, write->EosPacketLength);
        break;
    }
    if (NT_SUCCESS(status)) {
        Request->Irp->IoStatus.Information =
            id == KSPROPERTY_RTAUDIO_SETWRITEPACKET ? 0 : size;
    }
    return status;
}

static NTSTATUS PcpRtProperty(PCP_PIN_WAVERT *Rt,
                              KSP_PROPERTY_REQUEST *Request)
{
    PKSPROPERTY prop = Request->Property;
    ULONG verb = prop->Id == KSPROPERTY_RTAUDIO_SETWRITEPACKET ?
                 KSPROPERTY_TYPE_SET : KSPROPERTY_TYPE_GET;
    NTSTATUS status;

    if (prop->Flags != verb) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    switch (prop->Id) {
    case KSPROPERTY_RTAUDIO_BUFFER:
    case KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION:
        return PcpRtBuffer(Rt, Request,
                           prop->Id ==
                           KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION);
    case KSPROPERTY_RTAUDIO_HWLATENCY:
        status = KspCheckValueSize(Request, sizeof(KSRTAUDIO_HWLATENCY));
        if (NT_SUCCESS(status)) {
            COM_CALL(Rt->Stream, GetHWLatency, Request->Value);
            Request->Irp->IoStatus.Information = sizeof(KSRTAUDIO_HWLATENCY);
        }
        return status;
    case KSPROPERTY_RTAUDIO_POSITIONREGISTER:
    case KSPROPERTY_RTAUDIO_CLOCKREGISTER:
        return PcpRtRegister(Rt, Request,
                             prop->Id == KSPROPERTY_RTAUDIO_CLOCKREGISTER);
    case KSPROPERTY_RTAUDIO_REGISTER_NOTIFICATION_EVENT:
    case KSPROPERTY_RTAUDIO_UNREGISTER_NOTIFICATION_EVENT:
        return PcpRtEvent(Rt, Request,
                          prop->Id ==
                          KSPROPERTY_RTAUDIO_REGISTER_NOTIFICATION_EVENT);
    case KSPROPERTY_RTAUDIO_QUERY_NOTIFICATION_SUPPORT:
        status = KspCheckValueSize(Request, sizeof(BOOL));
        if (NT_SUCCESS(status)) {
            *(BOOL *)Request->Value = Rt->Notification != NULL;
            Request->Irp->IoStatus.Information = sizeof(BOOL);
        }
        return status;
    case KSPROPERTY_RTAUDIO_PACKETCOUNT:
    case KSPROPERTY_RTAUDIO_PRESENTATION_POSITION:
    case KSPROPERTY_RTAUDIO_GETREADPACKET:
    case KSPROPERTY_RTAUDIO_SETWRITEPACKET:
        return PcpRtPacket(Rt, Request);
    default:
        /* GETPOSITIONFUNCTION (kernel clients) and PACKETVREGISTER. */
        return STATUS_NOT_FOUND;
    }
}

/*
 * KSPROPERTY_AUDIO_POSITION as Windows' WaveRT port answers it: the
 * miniport stream's GetPosition, byte offsets within the cyclic buffer.
 */
static NTSTATUS PcpRtPosition(PCP_PIN_WAVERT *Rt,
                              KSP_PROPERTY_REQUEST *Request)
{
    NTSTATUS status = KspCheckValueSize(Request, sizeof(KSAUDIO_POSITION));

    if (NT_SUCCESS(status)) {
        status = COM_CALL(Rt->Stream, GetPosition, Request->Value);
    }
    if (NT_SUCCESS(status)) {
        Request->Irp->IoStatus.Information = sizeof(KSAUDIO_POSITION);
    }
    return status;
}

static BOOLEAN PcpRtPinProperty(PCP_PIN *Pin, KSP_PROPERTY_REQUEST *Request,
                                NTSTATUS *Status)
{
    PKSPROPERTY prop = Request->Property;

    if (IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_RtAudio)) {
        *Status = PcpRtProperty(PcpWaveRT(Pin), Request);
        return TRUE;
    }
    if (IsEqualGUIDAligned(&prop->Set, &KSPROPSETID_Audio) &&
        prop->Id == KSPROPERTY_AUDIO_POSITION &&
        prop->Flags == KSPROPERTY_TYPE_GET) {
        *Status = PcpRtPosition(PcpWaveRT(Pin), Request);
        return TRUE;
    }
    return FALSE;
}

/* The miniport stream ------------------------------------------------------ */

static NTSTATUS PcpRtSetStreamState(PCP_PIN *Pin, KSSTATE State)
{
    return COM_CALL(PcpWaveRT(Pin)->Stream, SetState, State);
}

static NTSTATUS PcpRtSetStreamFormat(PCP_PIN *Pin, PKSDATAFORMAT Format)
{
    return COM_CALL(PcpWaveRT(Pin)->Stream, SetFormat, Format);
}

/* Lock held. The miniport resets its position; the port keeps nothing. */
static VOID PcpRtStopped(PCP_PIN *Pin, PLIST_ENTRY Done)
{
    UNREFERENCED_PARAMETER(Pin);
    UNREFERENCED_PARAMETER(Done);
}

/* Allocator framing: one 10 ms frame (no stream IRPs ever use it). */
static VOID PcpRtFraming(PCP_PIN *Pin)
{
    const WAVEFORMATEX *format = KspWaveFormat(Pin->Format, Pin->FormatSize);

    Pin->Framing.RequirementsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    Pin->Framing.PoolType = NonPagedPool;
    Pin->Framing.Frames = 1;
    Pin->Framing.FrameSize = format == NULL ? 0 :
                             PcpMsToBytes(PCP_NOTIFICATION_MS,
                                          format->nAvgBytesPerSec,
                                          format->nBlockAlign);
}

/* PASSIVE_LEVEL: events, buffer, then the miniport stream go. */
static VOID PcpRtClose(PCP_PIN *Pin)
{
    PCP_PIN_WAVERT *rt = PcpWaveRT(Pin);

    if (rt->Stream != NULL) {
        PcpRtFreeBuffer(rt);
    }
    COM_SAFE_RELEASE(&rt->Notification);
    COM_SAFE_RELEASE(&rt->Output);
    COM_SAFE_RELEASE(&rt->Input);
    COM_SAFE_RELEASE(&rt->Stream);
    Pin->Stream = NULL;
}

static const PCP_PIN_OPS PcpPinWaveRTOps = {
    .SetStreamState = PcpRtSetStreamState,
    .Stopped = PcpRtStopped,
    .Service = NULL,
    .SetStreamFormat = PcpRtSetStreamFormat,
    .FormatChanged = PcpRtFraming,
    .Property = PcpRtPinProperty,
    .Close = PcpRtClose,
    .PowerKeepsStream = TRUE,
};

NTSTATUS PcpNewPinWaveRT(PCP_PORT *Port, PCP_FILTER *Filter,
                         PFILE_OBJECT FileObject,
                         const KSPIN_CONNECT *Connect, PKSDATAFORMAT Format,
                         ULONG FormatSize)
{
    PMINIPORTWAVERT miniport;
    PCP_PIN_WAVERT *rt;
    PCP_PIN *pin;
    NTSTATUS status;

    PAGED_CODE();
    status = PcpPinCreate(&PcpPinWaveRTOps, sizeof(*rt), Port, Filter,
                          Connect, Format, FormatSize, &pin);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    rt = PcpWaveRT(pin);
    rt->PortStreamIface.lpVtbl = &PcpPortStream_Vtbl;
    miniport = (PMINIPORTWAVERT)Port->MiniportIface;
    status = COM_CALL(miniport, NewStream, &rt->Stream, &rt->PortStreamIface,
                      pin->PinId, pin->Capture, pin->Format);
    if (NT_SUCCESS(status) && rt->Stream == NULL) {
        status = STATUS_UNSUCCESSFUL;
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "NewStream for pin %u failed 0x%08x",
            (unsigned)pin->PinId, (unsigned)status);
        PcpPinDelete(pin);
        return status;
    }
    /* Optional interfaces; their absence is answered per property. */
    COM_CALL(rt->Stream, QueryInterface,
             &IID_IMiniportWaveRTStreamNotification,
             (PVOID *)&rt->Notification);
    COM_CALL(rt->Stream, QueryInterface,
             pin->Capture ? &IID_IMiniportWaveRTInputStream :
                            &IID_IMiniportWaveRTOutputStream,
             pin->Capture ? (PVOID *)&rt->Input : (PVOID *)&rt->Output);
    pin->Stream = (PUNKNOWN)rt->Stream;
    PcpRtFraming(pin);
    DPF(D_TERSE, "pin %u open: WaveRT %s%s%s", (unsigned)pin->PinId,
        pin->Capture ? "capture" : "render",
        rt->Notification != NULL ? ", notification" : "",
        rt->Input != NULL || rt->Output != NULL ? ", packets" : "");
    PcpPinAttach(pin, FileObject);
    return STATUS_SUCCESS;
}
