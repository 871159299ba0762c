/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveRT, the filter object of the cycaudio WaveRT subdevice: the
 * wave filter's pins, nodes and formats (wavtable.h) over the WaveRT port.
 * Init points the device's position write-back at a page of records the
 * streams read; NewStream validates the format and creates the stream
 * (minwavertstream.c); IPowerNotify takes the streams across D3.
 * PASSIVE_LEVEL throughout.
 */
#include "minwavert.h"

/* The wave filter's description, with this subdevice's statistics handler. */
#define CycWavePropertyStatistics CycWaveRTPropertyStatistics
#include "wavtable.h"

static CMiniportWaveRT *CMiniportWaveRT_From(IMiniportWaveRT *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportWaveRT, Iface);
}

static const COM_QI_ENTRY CMiniportWaveRT_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportWaveRT, Iface) },
    { &IID_IMiniport, offsetof(CMiniportWaveRT, Iface) },
    { &IID_IMiniportWaveRT, offsetof(CMiniportWaveRT, Iface) },
    { &IID_IPowerNotify, offsetof(CMiniportWaveRT, PowerIface) },
};

static NTSTATUS NTAPI CMiniportWaveRT_QueryInterface(IMiniportWaveRT *This,
                                                     REFIID Iid,
                                                     PVOID *Object)
{
    return ComQueryInterface(CMiniportWaveRT_From(This), CMiniportWaveRT_Qi,
                             COM_ARRAY_SIZE(CMiniportWaveRT_Qi), Iid, Object);
}

static ULONG NTAPI CMiniportWaveRT_AddRef(IMiniportWaveRT *This)
{
    return ComRefAddRef(&CMiniportWaveRT_From(This)->Ref);
}

static ULONG NTAPI CMiniportWaveRT_Release(IMiniportWaveRT *This)
{
    CMiniportWaveRT *miniport = CMiniportWaveRT_From(This);
    ULONG count = ComRefRelease(&miniport->Ref);

    if (count != 0) {
        return count;
    }
    if (miniport->Records != NULL) {
        PHYSICAL_ADDRESS none = { .QuadPart = 0 };

        /* No stream is left to write a record; forget the page. */
        CycHwSetPositionWriteBack(miniport->Hw, none);
        MmFreeContiguousMemory((PVOID)miniport->Records);
    }
    COM_SAFE_RELEASE(&miniport->Port);
    COM_SAFE_RELEASE(&miniport->AdapterCommon);
    ExFreePoolWithTag(miniport, CYC_POOLTAG_WAVE);
    return 0;
}

static NTSTATUS NTAPI CMiniportWaveRT_GetDescription(
    IMiniportWaveRT *This, PPCFILTER_DESCRIPTOR *Description)
{
    UNREFERENCED_PARAMETER(This);
    *Description = (PPCFILTER_DESCRIPTOR)&CycWaveFilterDescriptor;
    return STATUS_SUCCESS;
}

/* The same formats as the Wave filter, chosen the same way. */
static NTSTATUS NTAPI CMiniportWaveRT_DataRangeIntersection(
    IMiniportWaveRT *This, ULONG PinId, PKSDATARANGE DataRange,
    PKSDATARANGE MatchingDataRange, ULONG OutputBufferLength,
    PVOID ResultantFormat, PULONG ResultantFormatLength)
{
    UNREFERENCED_PARAMETER(This);
    return CycWaveDataRangeIntersection(PinId, DataRange, MatchingDataRange,
                                        OutputBufferLength, ResultantFormat,
                                        ResultantFormatLength);
}

static NTSTATUS NTAPI CMiniportWaveRT_Init(IMiniportWaveRT *This,
                                           PUNKNOWN UnknownAdapter,
                                           PRESOURCELIST ResourceList,
                                           PPORTWAVERT Port)
{
    CMiniportWaveRT *miniport = CMiniportWaveRT_From(This);
    PHYSICAL_ADDRESS high = { .QuadPart = MAXULONG };
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    if (UnknownAdapter == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = COM_CALL(UnknownAdapter, QueryInterface, &IID_IAdapterCommon,
                      (PVOID *)&miniport->AdapterCommon);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    miniport->Hw = COM_CALL(miniport->AdapterCommon, GetHw);
    if (CYC_GET(miniport->Hw->Caps, CYC_CAPS_POSWB) == 0) {
        DPF(D_ERROR, "WaveRT: the device has no position write-back");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    miniport->Records = MmAllocateContiguousMemory(PAGE_SIZE, high);
    if (miniport->Records == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory((PVOID)miniport->Records, PAGE_SIZE);
    CycHwSetPositionWriteBack(miniport->Hw,
                              MmGetPhysicalAddress((PVOID)miniport->Records));
    miniport->Port = Port;
    COM_CALL(Port, AddRef);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CMiniportWaveRT_NewStream(IMiniportWaveRT *This,
                                                PMINIPORTWAVERTSTREAM *Stream,
                                                PPORTWAVERTSTREAM PortStream,
                                                ULONG Pin, BOOLEAN Capture,
                                                PKSDATAFORMAT DataFormat)
{
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    *Stream = NULL;
    if (PortStream == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveStreamFormat(Pin, Capture, DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return CMiniportWaveRTStream_Create(CMiniportWaveRT_From(This),
                                        PortStream, Capture, &format, Stream);
}

/* The device is a bus master of its own; no system DMA adapter. */
static NTSTATUS NTAPI CMiniportWaveRT_GetDeviceDescription(
    IMiniportWaveRT *This, PDEVICE_DESCRIPTION DeviceDescription)
{
    UNREFERENCED_PARAMETER(This);
    CycHwDeviceDescription(DeviceDescription);
    return STATUS_SUCCESS;
}

static const IMiniportWaveRTVtbl CMiniportWaveRT_Vtbl = {
    .QueryInterface = CMiniportWaveRT_QueryInterface,
    .AddRef = CMiniportWaveRT_AddRef,
    .Release = CMiniportWaveRT_Release,
    .GetDescription = CMiniportWaveRT_GetDescription,
    .DataRangeIntersection = CMiniportWaveRT_DataRangeIntersection,
    .Init = CMiniportWaveRT_Init,
    .NewStream = CMiniportWaveRT_NewStream,
    .GetDeviceDescription = CMiniportWaveRT_GetDeviceDescription,
};

/* IPowerNotify ------------------------------------------------------------ */

static CMiniportWaveRT *CMiniportWaveRT_FromPower(IPowerNotify *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportWaveRT, PowerIface);
}

static NTSTATUS NTAPI CMiniportWaveRTPower_QueryInterface(IPowerNotify *This,
                                                          REFIID Iid,
                                                          PVOID *Object)
{
    return CMiniportWaveRT_QueryInterface(&CMiniportWaveRT_FromPower(This)->
                                          Iface, Iid, Object);
}

static ULONG NTAPI CMiniportWaveRTPower_AddRef(IPowerNotify *This)
{
    return CMiniportWaveRT_AddRef(&CMiniportWaveRT_FromPower(This)->Iface);
}

static ULONG NTAPI CMiniportWaveRTPower_Release(IPowerNotify *This)
{
    return CMiniportWaveRT_Release(&CMiniportWaveRT_FromPower(This)->Iface);
}

/*
 * PortCls has paused every running stream before D3 and resumes them after
 * this D0 call ("Implementing IPowerNotify"). The device lost its registers
 * in D3: after D0 the write-back base is set again before any stream
 * restarts (the adapter restored INTCTL and the mixer already).
 */
static VOID NTAPI CMiniportWaveRTPower_PowerChangeNotify(IPowerNotify *This,
                                                         POWER_STATE State)
{
    CMiniportWaveRT *miniport = CMiniportWaveRT_FromPower(This);
    PLIST_ENTRY e;

    PAGED_CODE();
    if (State.DeviceState == PowerDeviceD0 && miniport->Records != NULL) {
        CycHwSetPositionWriteBack(miniport->Hw,
                                  MmGetPhysicalAddress(
                                      (PVOID)miniport->Records));
    }
    for (e = miniport->Streams.Flink; e != &miniport->Streams;
         e = e->Flink) {
        CMiniportWaveRTStream_PowerChange(e, State.DeviceState);
    }
}

static const IPowerNotifyVtbl CMiniportWaveRTPower_Vtbl = {
    .QueryInterface = CMiniportWaveRTPower_QueryInterface,
    .AddRef = CMiniportWaveRTPower_AddRef,
    .Release = CMiniportWaveRTPower_Release,
    .PowerChangeNotify = CMiniportWaveRTPower_PowerChangeNotify,
};

/*
 * KSPROPERTY_CYCAUDIO_STREAM_STATISTICS of a WaveRT pin: MinorTarget is the
 * stream NewStream made. GET only, the size rules of the port.
 */
static NTSTATUS NTAPI CycWaveRTPropertyStatistics(
    PPCPROPERTY_REQUEST PropertyRequest)
{
    const ULONG size = sizeof(CYC_STREAM_STATISTICS);

    if (!(PropertyRequest->Verb & KSPROPERTY_TYPE_GET) ||
        PropertyRequest->MinorTarget == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (PropertyRequest->ValueSize < size) {
        NTSTATUS status = PropertyRequest->ValueSize == 0 ?
                          STATUS_BUFFER_OVERFLOW : STATUS_BUFFER_TOO_SMALL;

        PropertyRequest->ValueSize = size;
        return status;
    }
    CMiniportWaveRTStream_GetStatistics(
        (PMINIPORTWAVERTSTREAM)PropertyRequest->MinorTarget,
        PropertyRequest->Value);
    PropertyRequest->ValueSize = size;
    return STATUS_SUCCESS;
}

NTSTATUS CreateMiniportWaveRTCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                 PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    CMiniportWaveRT *miniport;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    *Unknown = NULL;
    if (UnknownOuter != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    miniport = ExAllocatePoolZero(PoolType, sizeof(*miniport),
                                  CYC_POOLTAG_WAVE);
    if (miniport == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    miniport->Iface.lpVtbl = &CMiniportWaveRT_Vtbl;
    miniport->PowerIface.lpVtbl = &CMiniportWaveRTPower_Vtbl;
    InitializeListHead(&miniport->Streams);
    ComRefInit(&miniport->Ref);
    *Unknown = (PUNKNOWN)&miniport->Iface;
    return STATUS_SUCCESS;
}
