// SPDX-License-Identifier: MIT
// CMiniportTopology: the device's mixer as a KS topology filter. Volume and
// mute are the master register (one gain for every channel), the mux picks
// the capture source of every capture stream, a private set drives the
// generator. The state lives in CAdapterCommon; handlers run at
// PASSIVE_LEVEL.
#include "cxxaudio.h"
#include "toptable.h"

namespace cycaudiocxx {

#define POOLTAG_TOPOLOGY 'TxyC'

class CMiniportTopology : public IMiniportTopology,
                          public CUnknown,
                          public CMiniportReferences<PPORTTOPOLOGY>
{
public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportTopology);

    IMP_IMiniportTopology;

    // The miniport a property request is addressed to (MajorTarget).
    static CMiniportTopology *From(PPCPROPERTY_REQUEST PropertyRequest)
    {
        return static_cast<CMiniportTopology *>(
            PMINIPORTTOPOLOGY(PropertyRequest->MajorTarget));
    }
};

STDMETHODIMP_(NTSTATUS)
CMiniportTopology::NonDelegatingQueryInterface(REFIID Interface,
                                               PVOID *Object)
{
    PAGED_CODE();
    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PMINIPORTTOPOLOGY(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniport)) {
        *Object = PVOID(PMINIPORT(this));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniportTopology)) {
        *Object = PVOID(PMINIPORTTOPOLOGY(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopology::GetDescription(PPCFILTER_DESCRIPTOR *Description)
{
    PAGED_CODE();
    *Description = PPCFILTER_DESCRIPTOR(&TopoFilterDescriptor);
    return STATUS_SUCCESS;
}

// Bridge pins only: the port's default handler is right for them.
STDMETHODIMP_(NTSTATUS)
CMiniportTopology::DataRangeIntersection(ULONG, PKSDATARANGE, PKSDATARANGE,
                                         ULONG, PVOID, PULONG)
{
    return STATUS_NOT_IMPLEMENTED;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopology::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                        PPORTTOPOLOGY Port)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ResourceList);
    return TakeReferences(UnknownAdapter, Port);
}

// The handlers of the tables: the property handlers the C driver shares
// (topoprop.c, this driver's copy) on this miniport's adapter common.
static NTSTATUS PropertyHandlerMaster(PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoMaster(PropertyRequest,
                         CMiniportTopology::From(PropertyRequest)
                             ->m_AdapterCommon);
}

static NTSTATUS PropertyHandlerMuxSource(PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoMuxSource(PropertyRequest,
                            CMiniportTopology::From(PropertyRequest)
                                ->m_AdapterCommon);
}

static NTSTATUS PropertyHandlerGenerator(PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoGenerator(PropertyRequest,
                            CMiniportTopology::From(PropertyRequest)
                                ->m_AdapterCommon);
}

static NTSTATUS PropertyHandlerMidiLoop(PPCPROPERTY_REQUEST PropertyRequest)
{
    return CycTopoMidiLoop(PropertyRequest,
                           CMiniportTopology::From(PropertyRequest)
                               ->m_AdapterCommon);
}

NTSTATUS CreateMiniportTopologyCxx(PUNKNOWN *Unknown, REFCLSID ClassId,
                                   PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    STD_CREATE_BODY_WITH_TAG_(CMiniportTopology, Unknown, UnknownOuter,
                              PoolType, POOLTAG_TOPOLOGY, PMINIPORTTOPOLOGY);
}

} // namespace cycaudiocxx
