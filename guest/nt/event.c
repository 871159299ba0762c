/* SPDX-License-Identifier: MIT */
/*
 * Event objects with handles (ZwCreateEvent): a counted KEVENT (object.c)
 * behind an OBP_TYPE_EVENT handle. The handle holds one reference; whoever
 * takes the event by handle (ObReferenceObjectByHandle) holds another, so
 * the event outlives ZwClose while a driver still signals it. PASSIVE_LEVEL.
 */
#include "ntifs.h"
#include "ob.h"

#define OBP_EVENT_TAG 'tnvE'      /* "Evnt" */

static struct _OBJECT_TYPE ObpEventType = { OBP_TYPE_EVENT };
static POBJECT_TYPE ObpEventTypePointer = &ObpEventType;
POBJECT_TYPE *ExEventObjectType = &ObpEventTypePointer;

static VOID ObpCloseEvent(PVOID Object)
{
    ObDereferenceObject(Object);
}

NTSTATUS NTAPI ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
                             POBJECT_ATTRIBUTES ObjectAttributes,
                             EVENT_TYPE EventType, BOOLEAN InitialState)
{
    PKEVENT event;
    NTSTATUS status;

    PAGED_CODE();
    if (EventType != NotificationEvent && EventType != SynchronizationEvent) {
        return STATUS_INVALID_PARAMETER_4;
    }
    if (ObjectAttributes != NULL && ObjectAttributes->ObjectName != NULL) {
        return STATUS_NOT_SUPPORTED;
    }
    status = ObpCreateObject(sizeof(*event), OBP_EVENT_TAG, (PVOID *)&event);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    KeInitializeEvent(event, EventType, InitialState);
    status = ObpInsertHandle(OBP_TYPE_EVENT, event, DesiredAccess,
                             ObpCloseEvent, EventHandle);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(event);
    }
    return status;
}
