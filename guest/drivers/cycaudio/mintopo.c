/* SPDX-License-Identifier: MIT */
/*
 * CMiniportTopology: the cycaudio mixer as a KS topology filter. Volume and
 * mute are the device's master register (one gain for every channel), the mux
 * selects the capture source of every capture stream. State lives in the
 * adapter common, which writes the registers; handlers run at PASSIVE_LEVEL.
 */
#include "common.h"
#include "topoprop.h"
#include "toptable.h"

typedef struct CMiniportTopology {
    IMiniportTopology Iface;
    COM_REF Ref;
    PPORTTOPOLOGY Port;
    PADAPTERCOMMON AdapterCommon;
} CMiniportTopology;

static CMiniportTopology *CMiniportTopology_From(IMiniportTopology *Iface)
{
    return CONTAINING_RECORD(Iface, CMiniportTopology, Iface);
}

static const COM_QI_ENTRY CMiniportTopology_Qi[] = {
    { &IID_IUnknown, offsetof(CMiniportTopology, Iface) },
    { &IID_IMiniport, offsetof(CMiniportTopology, Iface) },
    { &IID_IMiniportTopology, offsetof(CMiniportTopology, Iface) },
};

static NTSTATUS NTAPI CMiniportTopology_QueryInterface(IMiniportTopology *This,
                                                       REFIID Iid,
                                                       PVOID *Object)
{
    return ComQueryInterface(CMiniportTopology_From(This), CMiniportTopology_Qi,
                             COM_ARRAY_SIZE(CMiniportTopology_Qi), Iid, Object);
}

static ULONG NTAPI CMiniportTopology_AddRef(IMiniportTopology *This)
{
    return ComRefAddRef(&CMiniportTopology_From(This)->Ref);
}

static ULONG NTAPI CMiniportTopology_Release(IMiniportTopology *This)
{
    CMiniportTopology *miniport = CMiniportTopology_From(This);
    ULONG count = ComRefRelease(&miniport->Ref);

    if (count != 0) {
        return count;
    }
    COM_SAFE_RELEASE(&miniport->Port);
    COM_SAFE_RELEASE(&miniport->AdapterCommon);
    ExFreePoolWithTag(miniport, CYC_POOLTAG_TOPOLOGY);
    return 0;
}

static NTSTATUS NTAPI CMiniportTopology_GetDescription(
    IMiniportTopology *This, PPCFILTER_DESCRIPTOR *Description)
{
    UNREFERENCED_PARAMETER(This);
    *Description = (PPCFILTER_DESCRIPTOR)&CycTopoFilterDescriptor;
    return STATUS_SUCCESS;
}

/* Only bridge pins here: the port's default handler is right for them. */
static NTSTATUS NTAPI CMiniportTopology_DataRangeIntersection(
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

static NTSTATUS NTAPI CMiniportTopology_Init(IMiniportTopology *This,
                                             PUNKNOWN UnknownAdapter,
                                             PRESOURCELIST ResourceList,
                                             PPORTTOPOLOGY Port)
{
    CMiniportTopology *miniport = CMiniportTopology_From(This);
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
    miniport->Port = Port;
    COM_CALL(Port, AddRef);
    return STATUS_SUCCESS;
}

static const IMiniportTopologyVtbl CMiniportTopology_Vtbl = {
    .QueryInterface = CMiniportTopology_QueryInterface,
    .AddRef = CMiniportTopology_AddRef,
    .Release = CMiniportTopology_Release,
    .GetDescription = CMiniportTopology_GetDescription,
    .DataRangeIntersection = CMiniportTopology_DataRangeIntersection,
    .Init = CMiniportTopology_Init,
};

/* The adapter common of the miniport a property request is addressed to. */
static PADAPTERCOMMON CycTopoCommon(PPCPROPERTY_REQUEST PropertyRequest)
{
    return CMiniportTopology_From(
        (IMiniportTopology *)PropertyRequest->MajorTarget)->AdapterCommon;
}

/*
 * The property handlers of the tables: the shared handlers (topoprop.c) on
 * this miniport's adapter common.
 */
static NTSTATUS NTAPI CycTopoPropertyMaster(PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoMaster(PropertyRequest, CycTopoCommon(PropertyRequest));
}

static NTSTATUS NTAPI CycTopoPropertyMuxSource(
    PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoMuxSource(PropertyRequest, CycTopoCommon(PropertyRequest));
}

static NTSTATUS NTAPI CycTopoPropertyGenerator(
    PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoGenerator(PropertyRequest, CycTopoCommon(PropertyRequest));
}

static NTSTATUS NTAPI CycTopoPropertyMidiLoop(
    PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoMidiLoop(PropertyRequest, CycTopoCommon(PropertyRequest));
}

NTSTATUS CreateMiniportTopologyCyc(PUNKNOWN *Unknown, REFCLSID ClassId,
                                   PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    CMiniportTopology *miniport;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    *Unknown = NULL;
    if (UnknownOuter != NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    miniport = ExAllocatePoolWithTag(PoolType, sizeof(*miniport),
                                     CYC_POOLTAG_TOPOLOGY);
    if (miniport == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(miniport, sizeof(*miniport));
    miniport->Iface.lpVtbl = &CMiniportTopology_Vtbl;
    ComRefInit(&miniport->Ref);
    *Unknown = (PUNKNOWN)&miniport->Iface;
    return STATUS_SUCCESS;
}
