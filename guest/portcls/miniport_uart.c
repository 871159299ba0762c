/* SPDX-License-Identifier: MIT */
/*
 * The system-supplied UART miniport (CLSID_MiniportDriverUart): an
 * IMiniportMidi over an MPU-401 in UART mode at the resource list's first
 * I/O port entry (DATA at +0, STATUS/COMMAND at +1) and its first
 * interrupt. Init resets the MPU-401 (0xFF) and enters UART mode (0x3F),
 * each answered by ACK 0xFE; every poll of the hardware has a deadline.
 * The ISR reads DATA while STATUS.DSR is 0 into a ring and calls the
 * port's Notify; capture Read takes from the ring, render Write puts bytes
 * into DATA while STATUS.DRR is 0. Knows nothing of the device behind it.
 * IPowerNotify: an MPU-401 that lost its power comes back in its power-on
 * mode, where DATA writes are dropped, so after D0 the miniport resets it
 * and enters UART mode again, as Init did (PowerChangeNotify's page: the
 * miniport restores its hardware context after the device powers up,
 * before PortCls restarts the paused streams).
 *
 * Filter: pin 0 render stream (client -> UART), pin 1 its bridge to the
 * MIDI out connector; pin 2 capture stream, pin 3 the MIDI in bridge.
 */
#include "private.h"

#define PCP_TAG_UART        PCP_TAG('P', 'c', 'U', 'a')
#define MPU_DATA            0
#define MPU_STATUS          1
#define MPU_COMMAND         1
#define MPU_STATUS_DSR      0x80    /* 1: nothing to read */
#define MPU_STATUS_DRR      0x40    /* 1: cannot take a byte */
#define MPU_CMD_RESET       0xff
#define MPU_CMD_UART        0x3f
#define MPU_ACK             0xfe
#define MPU_POLL_US         10
#define MPU_DEADLINE_US     10000   /* 10 ms: 30 wire bytes, ample */
#define MPU_ISR_MAX_BYTES   64      /* a stuck DSR cannot hold the CPU */
#define UART_RING           256     /* power of two */

enum {
    UART_PIN_RENDER,
    UART_PIN_RENDER_BRIDGE,
    UART_PIN_CAPTURE,
    UART_PIN_CAPTURE_BRIDGE,
    UART_PIN_COUNT
};

typedef struct PCP_UART PCP_UART;

typedef struct PCP_UART_STREAM {
    IMiniportMidiStream Iface;
    COM_REF Ref;
    PCP_UART *Uart;                 /* referenced */
    BOOLEAN Capture;
} PCP_UART_STREAM;

struct PCP_UART {
    IMiniportMidi Iface;
    IMusicTechnology TechnologyIface;
    IPowerNotify PowerIface;
    COM_REF Ref;
    PPORTMIDI Port;                 /* referenced */
    PSERVICEGROUP ServiceGroup;     /* referenced */
    PINTERRUPTSYNC InterruptSync;   /* referenced, connected */
    PUCHAR Base;                    /* the MPU-401's I/O base */
    BOOLEAN Initialized;
    DEVICE_POWER_STATE PowerState;  /* the last PowerChangeNotify's */
    BOOLEAN StreamOpen[2];          /* render, capture */
    volatile BOOLEAN CaptureRunning;
    /* ISR -> Read: one producer at DIRQL, one consumer at DISPATCH */
    UCHAR Ring[UART_RING];
    volatile ULONG RingIn;
    volatile ULONG RingOut;
    ULONG Overruns;                 /* bytes dropped: ring full */
    KSDATARANGE_MUSIC Range;
    PKSDATARANGE Ranges[1];
    PCPIN_DESCRIPTOR Pins[UART_PIN_COUNT];
    PCCONNECTION_DESCRIPTOR Connections[2];
    PCFILTER_DESCRIPTOR Descriptor;
};

static PCP_UART *PcpUart(IMiniportMidi *This)
{
    return CONTAINING_RECORD(This, PCP_UART, Iface);
}

static PCP_UART *PcpUartFromTechnology(IMusicTechnology *This)
{
    return CONTAINING_RECORD(This, PCP_UART, TechnologyIface);
}

static PCP_UART_STREAM *PcpUartStream(IMiniportMidiStream *This)
{
    return CONTAINING_RECORD(This, PCP_UART_STREAM, Iface);
}

/* The MPU-401 ------------------------------------------------------------- */

static UCHAR PcpMpuStatus(PCP_UART *Uart)
{
    return READ_PORT_UCHAR(Uart->Base + MPU_STATUS);
}

/* Waits until STATUS & Mask == 0, at most MPU_DEADLINE_US. */
static BOOLEAN PcpMpuWaitClear(PCP_UART *Uart, UCHAR Mask)
{
    ULONG waited;

    for (waited = 0; waited <= MPU_DEADLINE_US; waited += MPU_POLL_US) {
        if ((PcpMpuStatus(Uart) & Mask) == 0) {
            return TRUE;
        }
        KeStallExecutionProcessor(MPU_POLL_US);
    }
    return FALSE;
}

/* A command and its ACK; bytes before the ACK are stale input. */
static NTSTATUS PcpMpuCommand(PCP_UART *Uart, UCHAR Command)
{
    ULONG skipped;

    if (!PcpMpuWaitClear(Uart, MPU_STATUS_DRR)) {
        return STATUS_IO_TIMEOUT;
    }
    WRITE_PORT_UCHAR(Uart->Base + MPU_COMMAND, Command);
    for (skipped = 0; skipped < UART_RING; skipped++) {
        if (!PcpMpuWaitClear(Uart, MPU_STATUS_DSR)) {
            return STATUS_IO_TIMEOUT;
        }
        if (READ_PORT_UCHAR(Uart->Base + MPU_DATA) == MPU_ACK) {
            return STATUS_SUCCESS;
        }
    }
    return STATUS_IO_DEVICE_ERROR;
}

/* DIRQL: takes every received byte, then wakes the port's service. */
static NTSTATUS NTAPI PcpUartIsr(PINTERRUPTSYNC InterruptSync,
                                 PVOID DynamicContext)
{
    PCP_UART *uart = DynamicContext;
    ULONG taken = 0;

    UNREFERENCED_PARAMETER(InterruptSync);
    while (taken < MPU_ISR_MAX_BYTES &&
           (PcpMpuStatus(uart) & MPU_STATUS_DSR) == 0) {
        UCHAR byte = READ_PORT_UCHAR(uart->Base + MPU_DATA);

        taken++;
        if (!uart->CaptureRunning) {
            continue;   /* nobody records: the byte only clears the level */
        }
        if (uart->RingIn - uart->RingOut == UART_RING) {
            uart->Overruns++;
            continue;
        }
        uart->Ring[uart->RingIn % UART_RING] = byte;
        uart->RingIn++;
    }
    if (taken == 0) {
        return STATUS_UNSUCCESSFUL;     /* not ours */
    }
    COM_CALL(uart->Port, Notify, uart->ServiceGroup);
    return STATUS_SUCCESS;
}

/* IMiniportMidiStream ------------------------------------------------------ */

static const COM_QI_ENTRY PcpUartStream_Qi[] = {
    { &IID_IUnknown, offsetof(PCP_UART_STREAM, Iface) },
    { &IID_IMiniportMidiStream, offsetof(PCP_UART_STREAM, Iface) },
};

static NTSTATUS NTAPI PcpUartStream_QueryInterface(IMiniportMidiStream *This,
                                                   REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(PcpUartStream(This), PcpUartStream_Qi,
                             COM_ARRAY_SIZE(PcpUartStream_Qi), Iid, Object);
}

static ULONG NTAPI PcpUartStream_AddRef(IMiniportMidiStream *This)
{
    return ComRefAddRef(&PcpUartStream(This)->Ref);
}

static ULONG NTAPI PcpUartStream_Release(IMiniportMidiStream *This)
{
    PCP_UART_STREAM *stream = PcpUartStream(This);
    ULONG count = ComRefRelease(&stream->Ref);

    if (count == 0) {
        stream->Uart->StreamOpen[stream->Capture] = FALSE;
        if (stream->Capture) {
            stream->Uart->CaptureRunning = FALSE;
        }
        COM_CALL(&stream->Uart->Iface, Release);
        ExFreePoolWithTag(stream, PCP_TAG_UART);
    }
    return count;
}

static NTSTATUS NTAPI PcpUartStream_SetFormat(IMiniportMidiStream *This,
                                              PKSDATAFORMAT DataFormat)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(DataFormat);
    return STATUS_SUCCESS;      /* one format: bytes on the wire */
}

/* Capture keeps bytes only in RUN; STOP forgets what was not read. */
static NTSTATUS NTAPI PcpUartStream_SetState(IMiniportMidiStream *This,
                                             KSSTATE State)
{
    PCP_UART_STREAM *stream = PcpUartStream(This);
    PCP_UART *uart = stream->Uart;

    if (stream->Capture) {
        uart->CaptureRunning = State == KSSTATE_RUN;
        if (State == KSSTATE_STOP) {
            uart->RingOut = uart->RingIn;
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI PcpUartStream_Read(IMiniportMidiStream *This,
                                         PVOID BufferAddress,
                                         ULONG BufferLength,
                                         PULONG BytesRead)
{
    PCP_UART_STREAM *stream = PcpUartStream(This);
    PCP_UART *uart = stream->Uart;
    PUCHAR out = BufferAddress;
    ULONG n = 0;

    *BytesRead = 0;
    if (!stream->Capture) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    while (n < BufferLength && uart->RingOut != uart->RingIn) {
        out[n++] = uart->Ring[uart->RingOut % UART_RING];
        uart->RingOut++;
    }
    *BytesRead = n;
    return STATUS_SUCCESS;
}

/*
 * Deviation: a partial write is whatever the transmit FIFO took, not a
 * multiple of four as the DDI page asks: bytes in the FIFO cannot be taken
 * back, and the port retries from the first byte not taken.
 */
static NTSTATUS NTAPI PcpUartStream_Write(IMiniportMidiStream *This,
                                          PVOID BufferAddress,
                                          ULONG BytesToWrite,
                                          PULONG BytesWritten)
{
    PCP_UART_STREAM *stream = PcpUartStream(This);
    PCP_UART *uart = stream->Uart;
    const UCHAR *in = BufferAddress;
    ULONG n = 0;

    *BytesWritten = 0;
    if (stream->Capture) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    while (n < BytesToWrite &&
           (PcpMpuStatus(uart) & MPU_STATUS_DRR) == 0) {
        WRITE_PORT_UCHAR(uart->Base + MPU_DATA, in[n]);
        n++;
    }
    *BytesWritten = n;
    return STATUS_SUCCESS;
}

static const IMiniportMidiStreamVtbl PcpUartStream_Vtbl = {
    .QueryInterface = PcpUartStream_QueryInterface,
    .AddRef = PcpUartStream_AddRef,
    .Release = PcpUartStream_Release,
    .SetFormat = PcpUartStream_SetFormat,
    .SetState = PcpUartStream_SetState,
    .Read = PcpUartStream_Read,
    .Write = PcpUartStream_Write,
};

/* IMiniportMidi ------------------------------------------------------------ */

static const COM_QI_ENTRY PcpUart_Qi[] = {
    { &IID_IUnknown, offsetof(PCP_UART, Iface) },
    { &IID_IMiniport, offsetof(PCP_UART, Iface) },
    { &IID_IMiniportMidi, offsetof(PCP_UART, Iface) },
    { &IID_IMusicTechnology, offsetof(PCP_UART, TechnologyIface) },
    { &IID_IPowerNotify, offsetof(PCP_UART, PowerIface) },
};

static NTSTATUS NTAPI PcpUart_QueryInterface(IMiniportMidi *This,
                                             REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(PcpUart(This), PcpUart_Qi,
                             COM_ARRAY_SIZE(PcpUart_Qi), Iid, Object);
}

static ULONG NTAPI PcpUart_AddRef(IMiniportMidi *This)
{
    return ComRefAddRef(&PcpUart(This)->Ref);
}

static ULONG NTAPI PcpUart_Release(IMiniportMidi *This)
{
    PCP_UART *uart = PcpUart(This);
    ULONG count = ComRefRelease(&uart->Ref);

    if (count == 0) {
        if (uart->InterruptSync != NULL) {
            COM_CALL(uart->InterruptSync, Disconnect);
        }
        COM_SAFE_RELEASE(&uart->InterruptSync);
        COM_SAFE_RELEASE(&uart->ServiceGroup);
        COM_SAFE_RELEASE(&uart->Port);
        ExFreePoolWithTag(uart, PCP_TAG_UART);
    }
    return count;
}

static NTSTATUS NTAPI PcpUart_GetDescription(
    IMiniportMidi *This, PPCFILTER_DESCRIPTOR *Description)
{
    *Description = &PcpUart(This)->Descriptor;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI PcpUart_DataRangeIntersection(
    IMiniportMidi *This, ULONG PinId, PKSDATARANGE DataRange,
    PKSDATARANGE MatchingDataRange, ULONG OutputBufferLength,
    PVOID ResultantFormat, PULONG ResultantFormatLength)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(PinId);
    UNREFERENCED_PARAMETER(DataRange);
    UNREFERENCED_PARAMETER(MatchingDataRange);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(ResultantFormat);
    UNREFERENCED_PARAMETER(ResultantFormatLength);
    return STATUS_NOT_IMPLEMENTED;
}

/*
 * Needs a port entry (the MPU-401 base) and an interrupt entry: otherwise
 * STATUS_DEVICE_CONFIGURATION_ERROR. A silent or absent MPU-401 (no ACK
 * within the deadline): STATUS_IO_TIMEOUT.
 */
static NTSTATUS NTAPI PcpUart_Init(IMiniportMidi *This,
                                   PUNKNOWN UnknownAdapter,
                                   PRESOURCELIST ResourceList,
                                   PPORTMIDI Port,
                                   PSERVICEGROUP *ServiceGroup)
{
    PCP_UART *uart = PcpUart(This);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR io;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(UnknownAdapter);
    if (ServiceGroup == NULL || Port == NULL || ResourceList == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *ServiceGroup = NULL;
    if (uart->Initialized) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    io = COM_CALL(ResourceList, FindTranslatedEntry, CmResourceTypePort, 0);
    if (io == NULL || io->u.Port.Length < 2 ||
        COM_CALL(ResourceList, FindTranslatedEntry, CmResourceTypeInterrupt,
                 0) == NULL) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    uart->Base = (PUCHAR)(ULONG_PTR)io->u.Port.Start.QuadPart;
    status = PcpMpuCommand(uart, MPU_CMD_RESET);
    if (NT_SUCCESS(status)) {
        status = PcpMpuCommand(uart, MPU_CMD_UART);
    }
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "UART at %p: no MPU-401 answer 0x%08x", uart->Base,
            (unsigned)status);
        return status;
    }
    status = PcNewServiceGroup(&uart->ServiceGroup, NULL);
    if (NT_SUCCESS(status)) {
        status = PcNewInterruptSync(&uart->InterruptSync, NULL, ResourceList,
                                    0, InterruptSyncModeNormal);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(uart->InterruptSync, RegisterServiceRoutine,
                          PcpUartIsr, uart, FALSE);
    }
    if (NT_SUCCESS(status)) {
        COM_CALL(Port, AddRef);
        uart->Port = Port;
        status = COM_CALL(uart->InterruptSync, Connect);
    }
    if (!NT_SUCCESS(status)) {
        COM_SAFE_RELEASE(&uart->InterruptSync);
        COM_SAFE_RELEASE(&uart->ServiceGroup);
        COM_SAFE_RELEASE(&uart->Port);
        return status;
    }
    uart->Initialized = TRUE;
    COM_CALL(uart->ServiceGroup, AddRef);
    *ServiceGroup = uart->ServiceGroup;
    DPF(D_TERSE, "UART at %p in UART mode", uart->Base);
    return STATUS_SUCCESS;
}

/* The ISR already moved the bytes; the pins do the rest. */
static VOID NTAPI PcpUart_Service(IMiniportMidi *This)
{
    UNREFERENCED_PARAMETER(This);
}

/* One stream a direction: a second is STATUS_INSUFFICIENT_RESOURCES. */
static NTSTATUS NTAPI PcpUart_NewStream(IMiniportMidi *This,
                                        PMINIPORTMIDISTREAM *Stream,
                                        PUNKNOWN OuterUnknown,
                                        POOL_TYPE PoolType, ULONG Pin,
                                        BOOLEAN Capture,
                                        PKSDATAFORMAT DataFormat,
                                        PSERVICEGROUP *ServiceGroup)
{
    PCP_UART *uart = PcpUart(This);
    PCP_UART_STREAM *stream;

    UNREFERENCED_PARAMETER(PoolType);
    UNREFERENCED_PARAMETER(DataFormat);
    *Stream = NULL;
    *ServiceGroup = NULL;
    if (OuterUnknown != NULL ||
        Pin != (Capture ? UART_PIN_CAPTURE : UART_PIN_RENDER)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!uart->Initialized) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (uart->StreamOpen[Capture]) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*stream),
                                PCP_TAG_UART);
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->Iface.lpVtbl = &PcpUartStream_Vtbl;
    ComRefInit(&stream->Ref);
    stream->Uart = uart;
    stream->Capture = Capture;
    COM_CALL(&uart->Iface, AddRef);
    uart->StreamOpen[Capture] = TRUE;
    if (Capture) {
        uart->RingOut = uart->RingIn;
    }
    COM_CALL(uart->ServiceGroup, AddRef);
    *ServiceGroup = uart->ServiceGroup;
    *Stream = &stream->Iface;
    return STATUS_SUCCESS;
}

static const IMiniportMidiVtbl PcpUart_Vtbl = {
    .QueryInterface = PcpUart_QueryInterface,
    .AddRef = PcpUart_AddRef,
    .Release = PcpUart_Release,
    .GetDescription = PcpUart_GetDescription,
    .DataRangeIntersection = PcpUart_DataRangeIntersection,
    .Init = PcpUart_Init,
    .Service = PcpUart_Service,
    .NewStream = PcpUart_NewStream,
};

/* IPowerNotify ------------------------------------------------------------- */

static PCP_UART *PcpUartFromPower(IPowerNotify *This)
{
    return CONTAINING_RECORD(This, PCP_UART, PowerIface);
}

/* The IUnknown methods of PCP_UART's other interfaces: its Iface's. */
#define PCP_UART_IUNKNOWN(Prefix, I, From)                                  \
    static NTSTATUS NTAPI Prefix##_QueryInterface(I *This, REFIID Iid,      \
                                                  PVOID *Object)            \
    {                                                                       \
        return PcpUart_QueryInterface(&From(This)->Iface, Iid, Object);     \
    }                                                                       \
    static ULONG NTAPI Prefix##_AddRef(I *This)                             \
    {                                                                       \
        return PcpUart_AddRef(&From(This)->Iface);                          \
    }                                                                       \
    static ULONG NTAPI Prefix##_Release(I *This)                            \
    {                                                                       \
        return PcpUart_Release(&From(This)->Iface);                         \
    }

PCP_UART_IUNKNOWN(PcpUartPower, IPowerNotify, PcpUartFromPower)

/*
 * DIRQL, under the interrupt sync: the ISR (connected, its interrupt
 * enabled again by the adapter) would otherwise take the ACKs the
 * handshake polls for.
 */
static NTSTATUS NTAPI PcpUartEnterUart(PINTERRUPTSYNC InterruptSync,
                                       PVOID DynamicContext)
{
    PCP_UART *uart = DynamicContext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(InterruptSync);
    status = PcpMpuCommand(uart, MPU_CMD_RESET);
    if (NT_SUCCESS(status)) {
        status = PcpMpuCommand(uart, MPU_CMD_UART);
    }
    return status;
}

/*
 * PASSIVE_LEVEL. Back in D0 from a lower state: UART mode again (the
 * render stream's bytes written from now on leave). Nothing to save before
 * D3: the UART holds no context a reset would not rebuild; bytes received
 * but not yet read stay in the ring.
 */
static VOID NTAPI PcpUartPower_PowerChangeNotify(IPowerNotify *This,
                                                 POWER_STATE State)
{
    PCP_UART *uart = PcpUartFromPower(This);
    DEVICE_POWER_STATE was = uart->PowerState;
    NTSTATUS status;

    PAGED_CODE();
    uart->PowerState = State.DeviceState;
    if (State.DeviceState != PowerDeviceD0 || was == PowerDeviceD0 ||
        !uart->Initialized) {
        return;
    }
    status = COM_CALL(uart->InterruptSync, CallSynchronizedRoutine,
                      PcpUartEnterUart, uart);
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "UART at %p: no MPU-401 answer after D0 0x%08x",
            uart->Base, (unsigned)status);
        return;
    }
    DPF(D_TERSE, "UART at %p in UART mode again after D0", uart->Base);
}

static const IPowerNotifyVtbl PcpUartPower_Vtbl = {
    .QueryInterface = PcpUartPower_QueryInterface,
    .AddRef = PcpUartPower_AddRef,
    .Release = PcpUartPower_Release,
    .PowerChangeNotify = PcpUartPower_PowerChangeNotify,
};

/* IMusicTechnology --------------------------------------------------------- */

PCP_UART_IUNKNOWN(PcpUartTech, IMusicTechnology, PcpUartFromTechnology)

/* Before the port's Init only: the ranges are read then. */
static NTSTATUS NTAPI PcpUartTech_SetTechnology(IMusicTechnology *This,
                                                const GUID *Technology)
{
    PCP_UART *uart = PcpUartFromTechnology(This);

    if (Technology == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (uart->Initialized) {
        return STATUS_UNSUCCESSFUL;
    }
    uart->Range.Technology = *Technology;
    return STATUS_SUCCESS;
}

static const IMusicTechnologyVtbl PcpUartTech_Vtbl = {
    .QueryInterface = PcpUartTech_QueryInterface,
    .AddRef = PcpUartTech_AddRef,
    .Release = PcpUartTech_Release,
    .SetTechnology = PcpUartTech_SetTechnology,
};

/* Creation ----------------------------------------------------------------- */

static VOID PcpUartPin(PCPIN_DESCRIPTOR *Pin, PCP_UART *Uart,
                       KSPIN_DATAFLOW Flow, BOOLEAN Stream)
{
    Pin->MaxGlobalInstanceCount = Stream ? 1 : 0;
    Pin->MaxFilterInstanceCount = Stream ? 1 : 0;
    Pin->KsPinDescriptor.DataRangesCount = 1;
    Pin->KsPinDescriptor.DataRanges = Uart->Ranges;
    Pin->KsPinDescriptor.DataFlow = Flow;
    Pin->KsPinDescriptor.Communication = Stream ? KSPIN_COMMUNICATION_SINK :
                                         KSPIN_COMMUNICATION_NONE;
    Pin->KsPinDescriptor.Category = Stream ? NULL : &KSNODETYPE_SYNTHESIZER;
}

NTSTATUS PcpNewMiniportUart(PMINIPORT *OutMiniport)
{
    static const GUID music = STATICGUIDOF(KSDATAFORMAT_TYPE_MUSIC);
    static const GUID midi = STATICGUIDOF(KSDATAFORMAT_SUBTYPE_MIDI);
    static const GUID none = STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE);
    static const GUID port = STATICGUIDOF(KSMUSIC_TECHNOLOGY_PORT);
    PCP_UART *uart;

    uart = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*uart), PCP_TAG_UART);
    if (uart == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    uart->Iface.lpVtbl = &PcpUart_Vtbl;
    uart->TechnologyIface.lpVtbl = &PcpUartTech_Vtbl;
    uart->PowerIface.lpVtbl = &PcpUartPower_Vtbl;
    uart->PowerState = PowerDeviceD0;
    ComRefInit(&uart->Ref);
    uart->Range.DataRange.FormatSize = sizeof(KSDATARANGE_MUSIC);
    uart->Range.DataRange.MajorFormat = music;
    uart->Range.DataRange.SubFormat = midi;
    uart->Range.DataRange.Specifier = none;
    uart->Range.Technology = port;
    uart->Range.Channels = 0;
    uart->Range.Notes = 0;
    uart->Range.ChannelMask = 0xffff;
    uart->Ranges[0] = &uart->Range.DataRange;
    PcpUartPin(&uart->Pins[UART_PIN_RENDER], uart, KSPIN_DATAFLOW_IN, TRUE);
    PcpUartPin(&uart->Pins[UART_PIN_RENDER_BRIDGE], uart,
               KSPIN_DATAFLOW_OUT, FALSE);
    PcpUartPin(&uart->Pins[UART_PIN_CAPTURE], uart, KSPIN_DATAFLOW_OUT, TRUE);
    PcpUartPin(&uart->Pins[UART_PIN_CAPTURE_BRIDGE], uart, KSPIN_DATAFLOW_IN,
               FALSE);
    uart->Connections[0].FromNode = PCFILTER_NODE;
    uart->Connections[0].FromNodePin = UART_PIN_RENDER;
    uart->Connections[0].ToNode = PCFILTER_NODE;
    uart->Connections[0].ToNodePin = UART_PIN_RENDER_BRIDGE;
    uart->Connections[1].FromNode = PCFILTER_NODE;
    uart->Connections[1].FromNodePin = UART_PIN_CAPTURE_BRIDGE;
    uart->Connections[1].ToNode = PCFILTER_NODE;
    uart->Connections[1].ToNodePin = UART_PIN_CAPTURE;
    uart->Descriptor.PinSize = sizeof(PCPIN_DESCRIPTOR);
    uart->Descriptor.PinCount = UART_PIN_COUNT;
    uart->Descriptor.Pins = uart->Pins;
    uart->Descriptor.NodeSize = sizeof(PCNODE_DESCRIPTOR);
    uart->Descriptor.ConnectionCount = COM_ARRAY_SIZE(uart->Connections);
    uart->Descriptor.Connections = uart->Connections;
    *OutMiniport = (PMINIPORT)&uart->Iface;
    return STATUS_SUCCESS;
}
