/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWaveCyclic, the filter-level object of the cycaudio wave subdevice:
 * it describes the filter, validates and intersects formats, and creates
 * streams. It touches no register itself; streams do, through hw.c. All methods
 * run at PASSIVE_LEVEL except the property handler's GET (<= DISPATCH_LEVEL
 * safe).
 */
#include "minwavestream.h"
#include "wavtable.h"

static CMiniportWaveCyclic *CMiniportWaveCyclic_From(IMiniportWaveCyclic *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportWaveCyclic, Iface);
}

static const COM_QI_ENTRY CMiniportWaveCyclic_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportWaveCyclic, Iface) },
    { &IID_IMiniport, offsetof(CMiniportWaveCyclic, Iface) },
    { &IID_IMiniportWaveCyclic, offsetof(CMiniportWaveCyclic, Iface) },
    { &IID_IPinCount, offsetof(CMiniportWaveCyclic, PinCountIface) },
};

static NTSTATUS NTAPI CMiniportWaveCyclic_QueryInterface(
    IMiniportWaveCyclic *This, REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CMiniportWaveCyclic_From(This),
                             CMiniportWaveCyclic_Qi,
                             COM_ARRAY_SIZE(CMiniportWaveCyclic_Qi),
                             Iid, Object);
}

static ULONG NTAPI CMiniportWaveCyclic_AddRef(IMiniportWaveCyclic *This)
{
    return ComRefAddRef(&CMiniportWaveCyclic_From(This)->Ref);
}

static ULONG NTAPI CMiniportWaveCyclic_Release(IMiniportWaveCyclic *This)
{
    CMiniportWaveCyclic *miniport = CMiniportWaveCyclic_From(This);
    ULONG count = ComRefRelease(&miniport->Ref);

    if (count != 0) {
        return count;
    }
    COM_SAFE_RELEASE(&miniport->Port);
    COM_SAFE_RELEASE(&miniport->AdapterCommon);
    ExFreePoolWithTag(miniport, CYC_POOLTAG_WAVE);
    return 0;
}

static NTSTATUS NTAPI CMiniportWaveCyclic_GetDescription(
    IMiniportWaveCyclic *This, PPCFILTER_DESCRIPTOR *Description)
{
    UNREFERENCED_PARAMETER(This);
    *Description = (PPCFILTER_DESCRIPTOR)&CycWaveFilterDescriptor;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CMiniportWaveCyclic_DataRangeIntersection(
    IMiniportWaveCyclic *This, ULONG PinId, PKSDATARANGE DataRange,
    PKSDATARANGE MatchingDataRange, ULONG OutputBufferLength,
    PVOID ResultantFormat, PULONG ResultantFormatLength)
{
    UNREFERENCED_PARAMETER(This);
    return CycWaveDataRangeIntersection(PinId, DataRange, MatchingDataRange,
                                        OutputBufferLength, ResultantFormat,
                                        ResultantFormatLength);
}

static NTSTATUS NTAPI CMiniportWaveCyclic_Init(IMiniportWaveCyclic *This,
                                               PUNKNOWN UnknownAdapter,
                                               PRESOURCELIST ResourceList,
                                               PPORTWAVECYCLIC Port)
{
    CMiniportWaveCyclic *miniport = CMiniportWaveCyclic_From(This);
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
    miniport->Port = Port;
    COM_CALL(Port, AddRef);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CMiniportWaveCyclic_NewStream(
    IMiniportWaveCyclic *This, PMINIPORTWAVECYCLICSTREAM *Stream,
    PUNKNOWN OuterUnknown, POOL_TYPE PoolType, ULONG Pin, BOOLEAN Capture,
    PKSDATAFORMAT DataFormat, PDMACHANNEL *DmaChannel,
    PSERVICEGROUP *ServiceGroup)
{
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(PoolType);
    *Stream = NULL;
    if (OuterUnknown != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveStreamFormat(Pin, Capture, DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return CMiniportWaveCyclicStream_Create(CMiniportWaveCyclic_From(This), Pin,
                                            Capture, &format, Stream,
                                            DmaChannel, ServiceGroup);
}

static const IMiniportWaveCyclicVtbl CMiniportWaveCyclic_Vtbl = {
    .QueryInterface = CMiniportWaveCyclic_QueryInterface,
    .AddRef = CMiniportWaveCyclic_AddRef,
    .Release = CMiniportWaveCyclic_Release,
    .GetDescription = CMiniportWaveCyclic_GetDescription,
    .DataRangeIntersection = CMiniportWaveCyclic_DataRangeIntersection,
    .Init = CMiniportWaveCyclic_Init,
    .NewStream = CMiniportWaveCyclic_NewStream,
};

/* IPinCount: the descriptor allows CYC_MAX_RENDER/CAPTURE instances, the device
 * may have fewer streams (CAPS); the port asks before every pin creation. */
static CMiniportWaveCyclic *CMiniportWaveCyclic_FromPinCount(IPinCount *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportWaveCyclic, PinCountIface);
}

static NTSTATUS NTAPI CMiniportWaveCyclic_PinCountQueryInterface(
    IPinCount *This, REFIID Iid, PVOID *Object)
{
    return ComQueryInterface(CMiniportWaveCyclic_FromPinCount(This),
                             CMiniportWaveCyclic_Qi,
                             COM_ARRAY_SIZE(CMiniportWaveCyclic_Qi),
                             Iid, Object);
}

static ULONG NTAPI CMiniportWaveCyclic_PinCountAddRef(IPinCount *This)
{
    return CMiniportWaveCyclic_AddRef(
        &CMiniportWaveCyclic_FromPinCount(This)->Iface);
}

static ULONG NTAPI CMiniportWaveCyclic_PinCountRelease(IPinCount *This)
{
    return CMiniportWaveCyclic_Release(
        &CMiniportWaveCyclic_FromPinCount(This)->Iface);
}

static VOID NTAPI CMiniportWaveCyclic_PinCount(IPinCount *This, ULONG PinId,
                                               PULONG FilterNecessary,
                                               PULONG FilterCurrent,
                                               PULONG FilterPossible,
                                               PULONG GlobalCurrent,
                                               PULONG GlobalPossible)
{
    CMiniportWaveCyclic *miniport = CMiniportWaveCyclic_FromPinCount(This);
    ULONG streams;

    UNREFERENCED_PARAMETER(FilterNecessary);
    UNREFERENCED_PARAMETER(FilterCurrent);
    UNREFERENCED_PARAMETER(GlobalCurrent);
    if (miniport->Hw == NULL ||
        (PinId != KSPIN_WAVE_RENDER_SINK &&
         PinId != KSPIN_WAVE_CAPTURE_SOURCE)) {
        return;
    }
    streams =
        CycHwStreamCount(miniport->Hw, PinId == KSPIN_WAVE_CAPTURE_SOURCE);
    if (*FilterPossible > streams) {
        *FilterPossible = streams;
    }
    if (*GlobalPossible > streams) {
        *GlobalPossible = streams;
    }
}

static const IPinCountVtbl CMiniportWaveCyclic_PinCountVtbl = {
    .QueryInterface = CMiniportWaveCyclic_PinCountQueryInterface,
    .AddRef = CMiniportWaveCyclic_PinCountAddRef,
    .Release = CMiniportWaveCyclic_PinCountRelease,
    .PinCount = CMiniportWaveCyclic_PinCount,
};

/*
 * Pin property: MinorTarget is the stream the port created through NewStream.
 */
static NTSTATUS NTAPI CycWavePropertyStatistics(
    PPCPROPERTY_REQUEST PropertyRequest)
{
    PCYC_STREAM_STATISTICS statistics = PropertyRequest->Value;

    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        if (PropertyRequest->ValueSize < sizeof(ULONG)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        *(PULONG)PropertyRequest->Value =
            KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_BASICSUPPORT;
        PropertyRequest->ValueSize = sizeof(ULONG);
        return STATUS_SUCCESS;
    }
    if (!(PropertyRequest->Verb & KSPROPERTY_TYPE_GET)) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (PropertyRequest->MinorTarget == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (PropertyRequest->ValueSize == 0) {
        PropertyRequest->ValueSize = sizeof(*statistics);
        return STATUS_BUFFER_OVERFLOW;
    }
    if (PropertyRequest->ValueSize < sizeof(*statistics)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    CMiniportWaveCyclicStream_GetStatistics(
        (PMINIPORTWAVECYCLICSTREAM)PropertyRequest->MinorTarget, statistics);
    PropertyRequest->ValueSize = sizeof(*statistics);
    return STATUS_SUCCESS;
}

NTSTATUS CreateMiniportWaveCyclicCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                     PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    CMiniportWaveCyclic *miniport;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    *Unknown = NULL;
    if (UnknownOuter != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    miniport =
        ExAllocatePoolWithTag(PoolType, sizeof(*miniport), CYC_POOLTAG_WAVE);
    if (miniport == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(miniport, sizeof(*miniport));
    miniport->Iface.lpVtbl = &CMiniportWaveCyclic_Vtbl;
    miniport->PinCountIface.lpVtbl = &CMiniportWaveCyclic_PinCountVtbl;
    ComRefInit(&miniport->Ref);
    *Unknown = (PUNKNOWN)&miniport->Iface;
    return STATUS_SUCCESS;
}
