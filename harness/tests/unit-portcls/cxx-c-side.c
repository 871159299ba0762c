/* SPDX-License-Identifier: MIT */
/*
 * The C half of test-cxx: the layouts the C compiler gives the public
 * structures, GUIDs parsed from DEFINE_GUIDSTRUCT strings beside their
 * STATIC_ initialisers, and a C caller that drives a C++ object through its
 * C vtable.
 */
#include <portcls.h>
#include <dmusicks.h>
#include <stdunk.h>

#include "cxx-c-side.h"

#define CXX_LAYOUT(T) { #T, sizeof(T), _Alignof(T) },
const CXX_TYPE_LAYOUT CxxCLayouts[] = { CXX_CHECKED_TYPES(CXX_LAYOUT) };
const unsigned CxxCLayoutCount = COM_ARRAY_SIZE(CxxCLayouts);

/* DEFINE_GUIDSTRUCT values (parsed from the string) against STATIC_ ones. */
#define CXX_GUID_PAIR(Name) { #Name, &Name, STATICGUIDOF(Name) },
const CXX_GUID_PAIR CxxGuidPairs[] = {
    CXX_GUID_PAIR(KSDATAFORMAT_SUBTYPE_PCM)
    CXX_GUID_PAIR(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)
    CXX_GUID_PAIR(KSDATAFORMAT_TYPE_AUDIO)
    CXX_GUID_PAIR(KSDATAFORMAT_SPECIFIER_WAVEFORMATEX)
    CXX_GUID_PAIR(KSPROPSETID_Audio)
    CXX_GUID_PAIR(KSPROPSETID_Pin)
    CXX_GUID_PAIR(KSPROPSETID_Connection)
    CXX_GUID_PAIR(KSCATEGORY_AUDIO)
    CXX_GUID_PAIR(KSCATEGORY_RENDER)
    CXX_GUID_PAIR(KSCATEGORY_CAPTURE)
    CXX_GUID_PAIR(KSCATEGORY_TOPOLOGY)
    CXX_GUID_PAIR(KSNODETYPE_VOLUME)
    CXX_GUID_PAIR(KSNODETYPE_SPEAKER)
    CXX_GUID_PAIR(KSPROPSETID_Jack)
    CXX_GUID_PAIR(KSPROPSETID_RtAudio)
    CXX_GUID_PAIR(KSEVENTSETID_LoopedStreaming)
};
const unsigned CxxGuidPairCount = COM_ARRAY_SIZE(CxxGuidPairs);

/* What a C port does with a miniport: QueryInterface, then its slots. */
NTSTATUS CxxCallFromC(PUNKNOWN Unknown, ULONG *Pins)
{
    PMINIPORTTOPOLOGY miniport = NULL;
    PPCFILTER_DESCRIPTOR description = NULL;
    NTSTATUS status;

    status = Unknown->lpVtbl->QueryInterface(Unknown, &IID_IMiniportTopology,
                                             (PVOID *)&miniport);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = miniport->lpVtbl->GetDescription(miniport, &description);
    *Pins = NT_SUCCESS(status) ? description->PinCount : 0;
    miniport->lpVtbl->Release(miniport);
    return status;
}
