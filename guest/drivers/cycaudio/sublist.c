/* SPDX-License-Identifier: MIT */
/*
 * The resource sublists of the system UART subdevices (see sublist.h), for
 * both drivers' StartDevice.
 */
#include "sublist.h"

NTSTATUS CycNewSharedSublist(PRESOURCELIST Parent, CM_RESOURCE_TYPE Type,
                             PRESOURCELIST *OutList)
{
    PCM_PARTIAL_RESOURCE_DESCRIPTOR translated;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR untranslated;
    CM_PARTIAL_RESOURCE_DESCRIPTOR t;
    CM_PARTIAL_RESOURCE_DESCRIPTOR u;
    NTSTATUS status;

    PAGED_CODE();
    *OutList = NULL;
    translated = COM_CALL(Parent, FindTranslatedEntry,
                          CmResourceTypeInterrupt, 0);
    untranslated = COM_CALL(Parent, FindUntranslatedEntry,
                            CmResourceTypeInterrupt, 0);
    if (translated == NULL || untranslated == NULL ||
        COM_CALL(Parent, FindTranslatedEntry, Type, 0) == NULL) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    status = PcNewResourceSublist(OutList, NULL, NonPagedPool, Parent, 2);
    if (NT_SUCCESS(status)) {
        status = COM_CALL(*OutList, AddEntryFromParent, Parent, Type, 0);
    }
    if (NT_SUCCESS(status)) {
        t = *translated;
        u = *untranslated;
        t.ShareDisposition = CmResourceShareShared;
        u.ShareDisposition = CmResourceShareShared;
        status = COM_CALL(*OutList, AddEntry, &t, &u);
    }
    if (!NT_SUCCESS(status)) {
        COM_SAFE_RELEASE(OutList);
    }
    return status;
}
