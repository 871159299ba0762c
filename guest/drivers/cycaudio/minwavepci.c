/* SPDX-License-Identifier: MIT */
/*
 * CMiniportWavePci, the filter-level object of the cycaudio WavePci
 * subdevice: the WaveCyclic wave filter's pins, ranges and nodes
 * (wavtable.h, with this file's statistics handler), its format
 * intersection by delegation to a WaveCyclic miniport object, and streams
 * on the scatter-gather ring. PASSIVE_LEVEL except Service (DISPATCH).
 */
#include "minwavepci.h"
#include "wavtable.h"

static CMiniportWavePci *CMiniportWavePci_From(IMiniportWavePci *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportWavePci, Iface);
}

static const COM_QI_ENTRY CMiniportWavePci_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportWavePci, Iface) },
    { &IID_IMiniport, offsetof(CMiniportWavePci, Iface) },
    { &IID_IMiniportWavePci, offsetof(CMiniportWavePci, Iface) },
};

static NTSTATUS NTAPI CMiniportWavePci_QueryInterface(IMiniportWavePci *This,
                                                      REFIID Iid,
                                                      PVOID *Object)
{
    return ComQueryInterface(CMiniportWavePci_From(This), CMiniportWavePci_Qi,
                             COM_ARRAY_SIZE(CMiniportWavePci_Qi), Iid,
                             Object);
}

static ULONG NTAPI CMiniportWavePci_AddRef(IMiniportWavePci *This)
{
    return ComRefAddRef(&CMiniportWavePci_From(This)->Ref);
}

static ULONG NTAPI CMiniportWavePci_Release(IMiniportWavePci *This)
{
    CMiniportWavePci *miniport = CMiniportWavePci_From(This);
    ULONG count = ComRefRelease(&miniport->Ref);

    if (count != 0) {
        return count;
    }
    COM_SAFE_RELEASE(&miniport->Formats);
    COM_SAFE_RELEASE(&miniport->Port);
    COM_SAFE_RELEASE(&miniport->AdapterCommon);
    ExFreePoolWithTag(miniport, CYC_POOLTAG_WAVEPCI);
    return 0;
}

static NTSTATUS NTAPI CMiniportWavePci_GetDescription(
    IMiniportWavePci *This, PPCFILTER_DESCRIPTOR *Description)
{
    UNREFERENCED_PARAMETER(This);
    *Description = (PPCFILTER_DESCRIPTOR)&CycWaveFilterDescriptor;
    return STATUS_SUCCESS;
}

/* The same ranges as the WaveCyclic filter: the same answers. */
static NTSTATUS NTAPI CMiniportWavePci_DataRangeIntersection(
    IMiniportWavePci *This, ULONG PinId, PKSDATARANGE DataRange,
    PKSDATARANGE MatchingDataRange, ULONG OutputBufferLength,
    PVOID ResultantFormat, PULONG ResultantFormatLength)
{
    return COM_CALL(CMiniportWavePci_From(This)->Formats,
                    DataRangeIntersection, PinId, DataRange,
                    MatchingDataRange, OutputBufferLength, ResultantFormat,
                    ResultantFormatLength);
}

/* No service group of its own: each stream Notifies its stream's group. */
static NTSTATUS NTAPI CMiniportWavePci_Init(IMiniportWavePci *This,
                                            PUNKNOWN UnknownAdapter,
                                            PRESOURCELIST ResourceList,
                                            PPORTWAVEPCI Port,
                                            PSERVICEGROUP *ServiceGroup)
{
    CMiniportWavePci *miniport = CMiniportWavePci_From(This);
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    *ServiceGroup = NULL;
    if (UnknownAdapter == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = COM_CALL(UnknownAdapter, QueryInterface, &IID_IAdapterCommon,
                      (PVOID *)&miniport->AdapterCommon);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    miniport->Hw = COM_CALL(miniport->AdapterCommon, GetHw);
    if (CYC_GET(miniport->Hw->Caps, CYC_CAPS_SG) == 0) {
        DPF(D_ERROR, "WavePci: the device has no scatter-gather ring");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    miniport->Port = Port;
    COM_CALL(Port, AddRef);
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI CMiniportWavePci_NewStream(
    IMiniportWavePci *This, PMINIPORTWAVEPCISTREAM *Stream,
    PUNKNOWN OuterUnknown, POOL_TYPE PoolType, PPORTWAVEPCISTREAM PortStream,
    ULONG Pin, BOOLEAN Capture, PKSDATAFORMAT DataFormat,
    PDMACHANNEL *DmaChannel, PSERVICEGROUP *ServiceGroup)
{
    CYC_WAVE_FORMAT format;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(PoolType);
    *Stream = NULL;
    if (OuterUnknown != NULL || PortStream == NULL ||
        Pin != (Capture ? KSPIN_WAVE_CAPTURE_SOURCE :
                          KSPIN_WAVE_RENDER_SINK)) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CycWaveParseFormat(DataFormat, &format);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return CMiniportWavePciStream_Create(CMiniportWavePci_From(This), Pin,
                                         Capture, &format, PortStream, Stream,
                                         DmaChannel, ServiceGroup);
}

static VOID NTAPI CMiniportWavePci_Service(IMiniportWavePci *This)
{
    UNREFERENCED_PARAMETER(This);
}

static const IMiniportWavePciVtbl CMiniportWavePci_Vtbl = {
    .QueryInterface = CMiniportWavePci_QueryInterface,
    .AddRef = CMiniportWavePci_AddRef,
    .Release = CMiniportWavePci_Release,
    .GetDescription = CMiniportWavePci_GetDescription,
    .DataRangeIntersection = CMiniportWavePci_DataRangeIntersection,
    .Init = CMiniportWavePci_Init,
    .NewStream = CMiniportWavePci_NewStream,
    .Service = CMiniportWavePci_Service,
};

/* Pin property of wavtable.h: MinorTarget is one of our streams. */
static NTSTATUS NTAPI CycWavePropertyStatistics(
    PPCPROPERTY_REQUEST PropertyRequest)
{
    ULONG size = sizeof(CYC_STREAM_STATISTICS);

    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        size = sizeof(ULONG);
    } else if (!(PropertyRequest->Verb & KSPROPERTY_TYPE_GET) ||
               PropertyRequest->MinorTarget == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    if (PropertyRequest->ValueSize == 0 &&
        !(PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT)) {
        PropertyRequest->ValueSize = size;
        return STATUS_BUFFER_OVERFLOW;
    }
    if (PropertyRequest->ValueSize < size) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    PropertyRequest->ValueSize = size;
    if (PropertyRequest->Verb & KSPROPERTY_TYPE_BASICSUPPORT) {
        *(PULONG)PropertyRequest->Value =
            KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_BASICSUPPORT;
    } else {
        CMiniportWavePciStream_GetStatistics(
            (PMINIPORTWAVEPCISTREAM)PropertyRequest->MinorTarget,
            PropertyRequest->Value);
    }
    return STATUS_SUCCESS;
}

NTSTATUS CreateMiniportWavePciCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                  PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    CMiniportWavePci *miniport;
    PUNKNOWN formats = NULL;
    NTSTATUS status;

    PAGED_CODE();
    *Unknown = NULL;
    if (UnknownOuter != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    status = CreateMiniportWaveCyclicCyc(&formats, ClassId, NULL, PoolType);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    miniport = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*miniport),
                                  CYC_POOLTAG_WAVEPCI);
    if (miniport == NULL) {
        COM_CALL(formats, Release);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    miniport->Iface.lpVtbl = &CMiniportWavePci_Vtbl;
    ComRefInit(&miniport->Ref);
    miniport->Formats = (PMINIPORTWAVECYCLIC)formats;
    *Unknown = (PUNKNOWN)&miniport->Iface;
    return STATUS_SUCCESS;
}
