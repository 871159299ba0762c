/* SPDX-License-Identifier: MIT */
/*
 * Fake miniports for the PortCls host tests, written against portcls.h the
 * way a driver would: a WaveCyclic miniport (one render and one capture
 * stream, master DMA channels, one service group) and a topology miniport
 * whose volume/mute nodes answer through automation tables.
 */
#include "fake-miniport.h"

#define FAKE_TAG (((ULONG)'F') | ((ULONG)'a' << 8) | ((ULONG)'k' << 16) | \
                  ((ULONG)'e' << 24))

FakeState Fake;
static struct FakeWave *FakeLastWave;

static KSDATARANGE_AUDIO FakePcmRange;

VOID FakeReset(VOID)
{
    RtlZeroMemory(&Fake, sizeof(Fake));
    FakePcmRange.DataRange.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
}

VOID FakeSetStreamSubFormat(const GUID *SubFormat)
{
    FakePcmRange.DataRange.SubFormat = *SubFormat;
}

/* Every fake object comes from here and goes back through FakeFree, so
 * Fake.LiveObjects counts what is still alive. */
static PVOID FakeAlloc(POOL_TYPE PoolType, SIZE_T Size)
{
    PVOID object = ExAllocatePoolZero(PoolType, Size, FAKE_TAG);

    if (object != NULL) {
        InterlockedIncrement(&Fake.LiveObjects);
    }
    return object;
}

static VOID FakeFree(PVOID Object)
{
    ExFreePoolWithTag(Object, FAKE_TAG);
    InterlockedDecrement(&Fake.LiveObjects);
}

/* QueryInterface of a fake whose one interface This answers every IID in
 * Iids. */
static NTSTATUS FakeQueryInterface(PUNKNOWN This, const GUID *const *Iids,
                                   ULONG Count, REFIID Iid, PVOID *Object)
{
    ULONG i;

    for (i = 0; i < Count; i++) {
        if (IsEqualGUIDAligned(Iid, Iids[i])) {
            This->lpVtbl->AddRef(This);
            *Object = This;
            return STATUS_SUCCESS;
        }
    }
    *Object = NULL;
    return STATUS_INVALID_PARAMETER;
}

/* Descriptors -------------------------------------------------------------- */

static KSDATARANGE_AUDIO FakePcmRange = {
    { { sizeof(KSDATARANGE_AUDIO), 0, 0, 0,
        STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
        STATICGUIDOF(KSDATAFORMAT_SUBTYPE_PCM),
        STATICGUIDOF(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX) } },
    2, 16, 16, 8000, 48000
};
static KSDATARANGE FakeBridgeRange = {
    { sizeof(KSDATARANGE), 0, 0, 0,
      STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
      STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
      STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE) }
};
static PKSDATARANGE FakeStreamRanges[] = { (PKSDATARANGE)&FakePcmRange };
static PKSDATARANGE FakeBridgeRanges[] = { &FakeBridgeRange };

static NTSTATUS NTAPI FakeVolumeHandler(PPCPROPERTY_REQUEST Request);
static NTSTATUS NTAPI FakeMuteHandler(PPCPROPERTY_REQUEST Request);

static const PCPROPERTY_ITEM FakeVolumeProps[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_VOLUMELEVEL,
      KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET, FakeVolumeHandler },
};
static const PCPROPERTY_ITEM FakeMuteProps[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUTE,
      KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_SET, FakeMuteHandler },
};
static NTSTATUS NTAPI FakePendingHandler(PPCPROPERTY_REQUEST Request);
static const PCPROPERTY_ITEM FakeTopoFilterProps[] = {
    { &KSPROPSETID_Audio, KSPROPERTY_AUDIO_DEV_SPECIFIC,
      KSPROPERTY_TYPE_GET, FakePendingHandler },
};
static DEFINE_PCAUTOMATION_TABLE_PROP(FakeTopoFilterAutomation,
                                      FakeTopoFilterProps);
static DEFINE_PCAUTOMATION_TABLE_PROP(FakeVolumeAutomation, FakeVolumeProps);
static DEFINE_PCAUTOMATION_TABLE_PROP(FakeMuteAutomation, FakeMuteProps);

static const PCPIN_DESCRIPTOR FakeWavePins[] = {
    [FAKE_PIN_RENDER] = { 1, 1, 0, NULL, {
        .DataRangesCount = 1, .DataRanges = FakeStreamRanges,
        .DataFlow = KSPIN_DATAFLOW_IN,
        .Communication = KSPIN_COMMUNICATION_SINK,
        .Category = &KSCATEGORY_AUDIO } },
    [FAKE_PIN_SPEAKER] = { 0, 0, 0, NULL, {
        .DataRangesCount = 1, .DataRanges = FakeBridgeRanges,
        .DataFlow = KSPIN_DATAFLOW_OUT,
        .Communication = KSPIN_COMMUNICATION_NONE,
        .Category = &KSNODETYPE_SPEAKER } },
    [FAKE_PIN_CAPTURE] = { 1, 1, 0, NULL, {
        .DataRangesCount = 1, .DataRanges = FakeStreamRanges,
        .DataFlow = KSPIN_DATAFLOW_OUT,
        .Communication = KSPIN_COMMUNICATION_SINK,
        .Category = &KSCATEGORY_AUDIO } },
    [FAKE_PIN_MIC] = { 0, 0, 0, NULL, {
        .DataRangesCount = 1, .DataRanges = FakeBridgeRanges,
        .DataFlow = KSPIN_DATAFLOW_IN,
        .Communication = KSPIN_COMMUNICATION_NONE,
        .Category = &KSNODETYPE_MICROPHONE } },
};

static const PCNODE_DESCRIPTOR FakeWaveNodes[] = {
    [FAKE_NODE_VOLUME] = { 0, &FakeVolumeAutomation, &KSNODETYPE_VOLUME,
                           NULL },
};

static const PCCONNECTION_DESCRIPTOR FakeWaveConnections[] = {
    { PCFILTER_NODE, FAKE_PIN_RENDER, FAKE_NODE_VOLUME, 1 },
    { FAKE_NODE_VOLUME, 0, PCFILTER_NODE, FAKE_PIN_SPEAKER },
    { PCFILTER_NODE, FAKE_PIN_MIC, PCFILTER_NODE, FAKE_PIN_CAPTURE },
};

static PCFILTER_DESCRIPTOR FakeWaveFilter = {
    0, NULL,
    sizeof(PCPIN_DESCRIPTOR), SIZEOF_ARRAY(FakeWavePins), FakeWavePins,
    sizeof(PCNODE_DESCRIPTOR), SIZEOF_ARRAY(FakeWaveNodes), FakeWaveNodes,
    SIZEOF_ARRAY(FakeWaveConnections), FakeWaveConnections,
    0, NULL
};

static const PCPIN_DESCRIPTOR FakeTopoPins[] = {
    [FAKE_TOPO_PIN_IN] = { 0, 0, 0, NULL, {
        .DataRangesCount = 1, .DataRanges = FakeBridgeRanges,
        .DataFlow = KSPIN_DATAFLOW_IN,
        .Communication = KSPIN_COMMUNICATION_NONE,
        .Category = &KSCATEGORY_AUDIO } },
    [FAKE_TOPO_PIN_OUT] = { 0, 0, 0, NULL, {
        .DataRangesCount = 1, .DataRanges = FakeBridgeRanges,
        .DataFlow = KSPIN_DATAFLOW_OUT,
        .Communication = KSPIN_COMMUNICATION_NONE,
        .Category = &KSNODETYPE_SPEAKER } },
};

static const PCNODE_DESCRIPTOR FakeTopoNodes[] = {
    [FAKE_TOPO_NODE_VOLUME] = { 0, &FakeVolumeAutomation, &KSNODETYPE_VOLUME,
                                NULL },
    [FAKE_TOPO_NODE_MUTE] = { 0, &FakeMuteAutomation, &KSNODETYPE_MUTE,
                              NULL },
};

static const PCCONNECTION_DESCRIPTOR FakeTopoConnections[] = {
    { PCFILTER_NODE, FAKE_TOPO_PIN_IN, FAKE_TOPO_NODE_VOLUME, 1 },
    { FAKE_TOPO_NODE_VOLUME, 0, FAKE_TOPO_NODE_MUTE, 1 },
    { FAKE_TOPO_NODE_MUTE, 0, PCFILTER_NODE, FAKE_TOPO_PIN_OUT },
};

static PCFILTER_DESCRIPTOR FakeTopoFilter = {
    0, &FakeTopoFilterAutomation,
    sizeof(PCPIN_DESCRIPTOR), SIZEOF_ARRAY(FakeTopoPins), FakeTopoPins,
    sizeof(PCNODE_DESCRIPTOR), SIZEOF_ARRAY(FakeTopoNodes), FakeTopoNodes,
    SIZEOF_ARRAY(FakeTopoConnections), FakeTopoConnections,
    0, NULL
};

/* Node handlers: channel in the instance, value in the value buffer. */
static NTSTATUS NTAPI FakeVolumeHandler(PPCPROPERTY_REQUEST Request)
{
    LONG channel;

    if (Request->InstanceSize < sizeof(LONG)) {
        return STATUS_INVALID_PARAMETER;
    }
    channel = *(PLONG)Request->Instance;
    if (channel < 0 || channel > 1) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Request->ValueSize == 0) {
        Request->ValueSize = sizeof(LONG);
        return STATUS_BUFFER_OVERFLOW;
    }
    if (Request->ValueSize < sizeof(LONG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (Request->Verb & KSPROPERTY_TYPE_GET) {
        *(PLONG)Request->Value = Fake.Volume[channel];
    } else {
        /* clamp to [-96 dB, 0 dB] like hardware would */
        LONG v = *(PLONG)Request->Value;

        v = v > 0 ? 0 : v < -96 * 65536 ? -96 * 65536 : v;
        Fake.Volume[channel] = v;
    }
    Request->ValueSize = sizeof(LONG);
    return STATUS_SUCCESS;
}

/*
 * Answers later: the test completes it (PcCompletePendingPropertyRequest).
 * One at a time: a second request while one pends would be lost to its
 * owner, so it is refused (fuzz-ks found the lost one).
 */
static NTSTATUS NTAPI FakePendingHandler(PPCPROPERTY_REQUEST Request)
{
    if (Fake.Pending != NULL) {
        return STATUS_DEVICE_BUSY;
    }
    Fake.Pending = Request;
    return STATUS_PENDING;
}

static NTSTATUS NTAPI FakeMuteHandler(PPCPROPERTY_REQUEST Request)
{
    if (Request->ValueSize < sizeof(BOOL)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (Request->Verb & KSPROPERTY_TYPE_GET) {
        *(BOOL *)Request->Value = Fake.Mute;
    } else {
        Fake.Mute = *(BOOL *)Request->Value;
    }
    Request->ValueSize = sizeof(BOOL);
    return STATUS_SUCCESS;
}

/* WaveCyclic stream -------------------------------------------------------- */

typedef struct FakeWave FakeWave;

typedef struct FakeStream {
    IMiniportWaveCyclicStream Iface;
    LONG Ref;
    FakeWave *Miniport;   /* referenced */
    BOOLEAN Capture;
    KSSTATE State;
    ULONG BlockAlign;
} FakeStream;

struct FakeWave {
    IMiniportWaveCyclic Iface;
    LONG Ref;
    PPORTWAVECYCLIC Port;
    PSERVICEGROUP Group;
    PDMACHANNEL Dma[2];
    BOOLEAN Busy[2];
};

static FakeStream *FakeStream_From(IMiniportWaveCyclicStream *This)
{
    return CONTAINING_RECORD(This, FakeStream, Iface);
}

static const GUID *const FakeStream_Iids[] = {
    &IID_IUnknown,
    &IID_IMiniportWaveCyclicStream,
};

static NTSTATUS NTAPI FakeStream_QueryInterface(IMiniportWaveCyclicStream *This,
                                                REFIID Iid, PVOID *Object)
{
    return FakeQueryInterface((PUNKNOWN)This, FakeStream_Iids,
                              SIZEOF_ARRAY(FakeStream_Iids), Iid, Object);
}

static ULONG NTAPI FakeStream_AddRef(IMiniportWaveCyclicStream *This)
{
    return (ULONG)InterlockedIncrement(&FakeStream_From(This)->Ref);
}

static ULONG NTAPI FakeStream_Release(IMiniportWaveCyclicStream *This)
{
    FakeStream *stream = FakeStream_From(This);
    LONG count = InterlockedDecrement(&stream->Ref);

    if (count == 0) {
        stream->Miniport->Busy[stream->Capture] = FALSE;
        stream->Miniport->Iface.lpVtbl->Release(&stream->Miniport->Iface);
        FakeFree(stream);
    }
    return (ULONG)count;
}

static NTSTATUS NTAPI FakeStream_SetFormat(IMiniportWaveCyclicStream *This,
                                           PKSDATAFORMAT DataFormat)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(DataFormat);
    Fake.SetFormatCalls++;
    return STATUS_SUCCESS;
}

static ULONG NTAPI FakeStream_SetNotificationFreq(
    IMiniportWaveCyclicStream *This, ULONG Interval, PULONG FrameSize)
{
    UNREFERENCED_PARAMETER(This);
    *FrameSize = 192000 / 1000 * Interval;
    return Interval;
}

static NTSTATUS NTAPI FakeStream_SetState(IMiniportWaveCyclicStream *This,
                                          KSSTATE State)
{
    FakeStream *stream = FakeStream_From(This);

    if (Fake.RefuseValid && Fake.Refuse == State) {
        return STATUS_UNSUCCESSFUL;
    }
    if (Fake.LogCount < RTL_NUMBER_OF(Fake.Log)) {
        Fake.Log[Fake.LogCount++] = State;
    }
    if (State == KSSTATE_STOP) {
        Fake.Position[stream->Capture] = 0;
    }
    stream->State = State;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeStream_GetPosition(IMiniportWaveCyclicStream *This,
                                             PULONG Position)
{
    FakeStream *stream = FakeStream_From(This);

    *Position = Fake.Position[stream->Capture] % FAKE_BUFFER_SIZE;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeStream_NormalizePhysicalPosition(
    IMiniportWaveCyclicStream *This, PLONGLONG PhysicalPosition)
{
    UNREFERENCED_PARAMETER(This);
    *PhysicalPosition = *PhysicalPosition * 10000000 / 192000;
    return STATUS_SUCCESS;
}

static VOID NTAPI FakeStream_Silence(IMiniportWaveCyclicStream *This,
                                     PVOID Buffer, ULONG ByteCount)
{
    UNREFERENCED_PARAMETER(This);
    Fake.SilenceCalls++;
    RtlFillMemory(Buffer, ByteCount, 0);
}

static const IMiniportWaveCyclicStreamVtbl FakeStream_Vtbl = {
    .QueryInterface = FakeStream_QueryInterface,
    .AddRef = FakeStream_AddRef,
    .Release = FakeStream_Release,
    .SetFormat = FakeStream_SetFormat,
    .SetNotificationFreq = FakeStream_SetNotificationFreq,
    .SetState = FakeStream_SetState,
    .GetPosition = FakeStream_GetPosition,
    .NormalizePhysicalPosition = FakeStream_NormalizePhysicalPosition,
    .Silence = FakeStream_Silence,
};

/* The wave miniport's IPowerNotify: a static object counting the calls. ---- */

static NTSTATUS NTAPI FakePowerNotify_QueryInterface(IPowerNotify *This,
                                                     REFIID Iid, PVOID *Object)
{
    static const GUID *const iids[] = { &IID_IUnknown, &IID_IPowerNotify };

    return FakeQueryInterface((PUNKNOWN)This, iids, SIZEOF_ARRAY(iids), Iid,
                              Object);
}

static ULONG NTAPI FakePowerNotify_AddRef(IPowerNotify *This)
{
    UNREFERENCED_PARAMETER(This);
    return 2;
}

static ULONG NTAPI FakePowerNotify_Release(IPowerNotify *This)
{
    UNREFERENCED_PARAMETER(This);
    return 1;
}

static VOID NTAPI FakePowerNotify_PowerChangeNotify(IPowerNotify *This,
                                                    POWER_STATE PowerState)
{
    UNREFERENCED_PARAMETER(This);
    Fake.PowerNotifies++;
    Fake.PowerNotified = PowerState.DeviceState;
}

static const IPowerNotifyVtbl FakePowerNotify_Vtbl = {
    .QueryInterface = FakePowerNotify_QueryInterface,
    .AddRef = FakePowerNotify_AddRef,
    .Release = FakePowerNotify_Release,
    .PowerChangeNotify = FakePowerNotify_PowerChangeNotify,
};
static IPowerNotify FakePowerNotify = { &FakePowerNotify_Vtbl };

/* WaveCyclic miniport ------------------------------------------------------ */

static FakeWave *FakeWave_From(IMiniportWaveCyclic *This)
{
    return CONTAINING_RECORD(This, FakeWave, Iface);
}

static const GUID *const FakeWave_Iids[] = {
    &IID_IUnknown,
    &IID_IMiniport,
    &IID_IMiniportWaveCyclic,
};

static NTSTATUS NTAPI FakeWave_QueryInterface(IMiniportWaveCyclic *This,
                                              REFIID Iid, PVOID *Object)
{
    if (IsEqualGUID(Iid, &IID_IPowerNotify)) {
        *Object = &FakePowerNotify;
        return STATUS_SUCCESS;
    }
    return FakeQueryInterface((PUNKNOWN)This, FakeWave_Iids,
                              SIZEOF_ARRAY(FakeWave_Iids), Iid, Object);
}

static ULONG NTAPI FakeWave_AddRef(IMiniportWaveCyclic *This)
{
    return (ULONG)InterlockedIncrement(&FakeWave_From(This)->Ref);
}

static ULONG NTAPI FakeWave_Release(IMiniportWaveCyclic *This)
{
    FakeWave *wave = FakeWave_From(This);
    LONG count = InterlockedDecrement(&wave->Ref);
    ULONG i;

    if (count == 0) {
        for (i = 0; i < 2; i++) {
            if (wave->Dma[i] != NULL) {
                wave->Dma[i]->lpVtbl->Release(wave->Dma[i]);
            }
        }
        if (wave->Group != NULL) {
            wave->Group->lpVtbl->Release(wave->Group);
        }
        if (wave->Port != NULL) {
            wave->Port->lpVtbl->Release(wave->Port);
        }
        if (FakeLastWave == wave) {
            FakeLastWave = NULL;
        }
        FakeFree(wave);
    }
    return (ULONG)count;
}

static NTSTATUS NTAPI FakeWave_GetDescription(IMiniportWaveCyclic *This,
                                              PPCFILTER_DESCRIPTOR *Out)
{
    UNREFERENCED_PARAMETER(This);
    *Out = &FakeWaveFilter;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeWave_DataRangeIntersection(
    IMiniportWaveCyclic *This, ULONG PinId, PKSDATARANGE DataRange,
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

static NTSTATUS NTAPI FakeWave_Init(IMiniportWaveCyclic *This,
                                    PUNKNOWN UnknownAdapter,
                                    PRESOURCELIST ResourceList,
                                    PPORTWAVECYCLIC Port)
{
    FakeWave *wave = FakeWave_From(This);
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(UnknownAdapter);
    Port->lpVtbl->AddRef(Port);
    wave->Port = Port;
    status = PcNewServiceGroup(&wave->Group, NULL);
    /* a 64-bit bus master: the host build's memory lies above 4 GiB */
    for (i = 0; i < 2 && NT_SUCCESS(status); i++) {
        status = Port->lpVtbl->NewMasterDmaChannel(
            Port, &wave->Dma[i], NULL, ResourceList, FAKE_BUFFER_SIZE, TRUE,
            TRUE, (DMA_WIDTH)-1, (DMA_SPEED)-1);
        if (NT_SUCCESS(status)) {
            status = wave->Dma[i]->lpVtbl->AllocateBuffer(wave->Dma[i],
                                                          FAKE_BUFFER_SIZE,
                                                          NULL);
        }
        if (NT_SUCCESS(status)) {
            Fake.Buffer[i] = wave->Dma[i]->lpVtbl->SystemAddress(wave->Dma[i]);
        }
    }
    return status;
}

static NTSTATUS NTAPI FakeWave_NewStream(IMiniportWaveCyclic *This,
                                         PMINIPORTWAVECYCLICSTREAM *Stream,
                                         PUNKNOWN OuterUnknown,
                                         POOL_TYPE PoolType, ULONG Pin,
                                         BOOLEAN Capture,
                                         PKSDATAFORMAT DataFormat,
                                         PDMACHANNEL *DmaChannel,
                                         PSERVICEGROUP *ServiceGroup)
{
    FakeWave *wave = FakeWave_From(This);
    PKSDATAFORMAT_WAVEFORMATEX wfx = (PKSDATAFORMAT_WAVEFORMATEX)DataFormat;
    FakeStream *stream;

    UNREFERENCED_PARAMETER(OuterUnknown);
    UNREFERENCED_PARAMETER(Pin);
    /* a real miniport's own check: the port leaves it rate, channels and
     * bits (FakePcmRange) */
    if (DataFormat->FormatSize < sizeof(KSDATAFORMAT_WAVEFORMATEX) ||
        wfx->WaveFormatEx.nChannels < 1 ||
        wfx->WaveFormatEx.nChannels > FakePcmRange.MaximumChannels ||
        wfx->WaveFormatEx.wBitsPerSample != 16 ||
        wfx->WaveFormatEx.nSamplesPerSec <
            FakePcmRange.MinimumSampleFrequency ||
        wfx->WaveFormatEx.nSamplesPerSec >
            FakePcmRange.MaximumSampleFrequency ||
        wfx->WaveFormatEx.nBlockAlign != wfx->WaveFormatEx.nChannels * 2) {
        Fake.FormatsRefused++;
        return STATUS_INVALID_PARAMETER;
    }
    if (wave->Busy[Capture ? 1 : 0]) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream = FakeAlloc(PoolType, sizeof(*stream));
    if (stream == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    stream->Iface.lpVtbl = &FakeStream_Vtbl;
    stream->Ref = 1;
    stream->Capture = Capture ? 1 : 0;
    stream->State = KSSTATE_STOP;
    stream->BlockAlign = wfx->WaveFormatEx.nBlockAlign;
    This->lpVtbl->AddRef(This);
    stream->Miniport = wave;
    wave->Busy[stream->Capture] = TRUE;
    wave->Dma[stream->Capture]->lpVtbl->AddRef(wave->Dma[stream->Capture]);
    wave->Group->lpVtbl->AddRef(wave->Group);
    *Stream = &stream->Iface;
    *DmaChannel = wave->Dma[stream->Capture];
    *ServiceGroup = wave->Group;
    Fake.Position[stream->Capture] = 0;
    return STATUS_SUCCESS;
}

static const IMiniportWaveCyclicVtbl FakeWave_Vtbl = {
    .QueryInterface = FakeWave_QueryInterface,
    .AddRef = FakeWave_AddRef,
    .Release = FakeWave_Release,
    .GetDescription = FakeWave_GetDescription,
    .DataRangeIntersection = FakeWave_DataRangeIntersection,
    .Init = FakeWave_Init,
    .NewStream = FakeWave_NewStream,
};

NTSTATUS FakeNewWaveMiniport(PUNKNOWN *Out)
{
    FakeWave *wave = FakeAlloc(NonPagedPoolNx, sizeof(*wave));

    if (wave == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    wave->Iface.lpVtbl = &FakeWave_Vtbl;
    wave->Ref = 1;
    FakeLastWave = wave;
    *Out = (PUNKNOWN)&wave->Iface;
    return STATUS_SUCCESS;
}

VOID FakeNotify(VOID)
{
    FakeWave *wave = FakeLastWave;

    wave->Port->lpVtbl->Notify(wave->Port, wave->Group);
}

/* Topology miniport -------------------------------------------------------- */

typedef struct FakeTopo {
    IMiniportTopology Iface;
    LONG Ref;
    PPORTTOPOLOGY Port;
} FakeTopo;

static FakeTopo *FakeTopo_From(IMiniportTopology *This)
{
    return CONTAINING_RECORD(This, FakeTopo, Iface);
}

static const GUID *const FakeTopo_Iids[] = {
    &IID_IUnknown,
    &IID_IMiniport,
    &IID_IMiniportTopology,
};

static NTSTATUS NTAPI FakeTopo_QueryInterface(IMiniportTopology *This,
                                              REFIID Iid, PVOID *Object)
{
    return FakeQueryInterface((PUNKNOWN)This, FakeTopo_Iids,
                              SIZEOF_ARRAY(FakeTopo_Iids), Iid, Object);
}

static ULONG NTAPI FakeTopo_AddRef(IMiniportTopology *This)
{
    return (ULONG)InterlockedIncrement(&FakeTopo_From(This)->Ref);
}

static ULONG NTAPI FakeTopo_Release(IMiniportTopology *This)
{
    FakeTopo *topo = FakeTopo_From(This);
    LONG count = InterlockedDecrement(&topo->Ref);

    if (count == 0) {
        if (topo->Port != NULL) {
            topo->Port->lpVtbl->Release(topo->Port);
        }
        FakeFree(topo);
    }
    return (ULONG)count;
}

static NTSTATUS NTAPI FakeTopo_GetDescription(IMiniportTopology *This,
                                              PPCFILTER_DESCRIPTOR *Out)
{
    UNREFERENCED_PARAMETER(This);
    *Out = &FakeTopoFilter;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI FakeTopo_DataRangeIntersection(
    IMiniportTopology *This, ULONG PinId, PKSDATARANGE DataRange,
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

static NTSTATUS NTAPI FakeTopo_Init(IMiniportTopology *This,
                                    PUNKNOWN UnknownAdapter,
                                    PRESOURCELIST ResourceList,
                                    PPORTTOPOLOGY Port)
{
    UNREFERENCED_PARAMETER(UnknownAdapter);
    UNREFERENCED_PARAMETER(ResourceList);
    Port->lpVtbl->AddRef(Port);
    FakeTopo_From(This)->Port = Port;
    return STATUS_SUCCESS;
}

static const IMiniportTopologyVtbl FakeTopo_Vtbl = {
    .QueryInterface = FakeTopo_QueryInterface,
    .AddRef = FakeTopo_AddRef,
    .Release = FakeTopo_Release,
    .GetDescription = FakeTopo_GetDescription,
    .DataRangeIntersection = FakeTopo_DataRangeIntersection,
    .Init = FakeTopo_Init,
};

NTSTATUS FakeNewTopologyMiniport(PUNKNOWN *Out)
{
    FakeTopo *topo = FakeAlloc(NonPagedPoolNx, sizeof(*topo));

    if (topo == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    topo->Iface.lpVtbl = &FakeTopo_Vtbl;
    topo->Ref = 1;
    *Out = (PUNKNOWN)&topo->Iface;
    return STATUS_SUCCESS;
}

NTSTATUS FakeStartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                         PRESOURCELIST ResourceList, PPORT *WavePort)
{
    PPORT wave = NULL;
    PPORT topo = NULL;
    PUNKNOWN waveMini = NULL;
    PUNKNOWN topoMini = NULL;
    NTSTATUS status;

    status = PcNewPort(&wave, &CLSID_PortWaveCyclic);
    if (NT_SUCCESS(status)) {
        status = PcNewPort(&topo, &CLSID_PortTopology);
    }
    if (NT_SUCCESS(status)) {
        status = FakeNewWaveMiniport(&waveMini);
    }
    if (NT_SUCCESS(status)) {
        status = FakeNewTopologyMiniport(&topoMini);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(wave, Init, DeviceObject, Irp, waveMini, NULL,
                          ResourceList);
    }
    if (NT_SUCCESS(status)) {
        status = COM_CALL(topo, Init, DeviceObject, Irp, topoMini, NULL,
                          ResourceList);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, L"Wave", (PUNKNOWN)wave);
        *WavePort = wave;
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, L"Topology",
                                     (PUNKNOWN)topo);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterPhysicalConnection(DeviceObject, (PUNKNOWN)topo,
                                              FAKE_TOPO_PIN_OUT,
                                              (PUNKNOWN)wave, FAKE_PIN_MIC);
    }
    COM_SAFE_RELEASE(&waveMini);
    COM_SAFE_RELEASE(&topoMini);
    COM_SAFE_RELEASE(&wave);
    COM_SAFE_RELEASE(&topo);
    return status;
}
