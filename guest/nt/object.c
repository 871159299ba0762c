/* SPDX-License-Identifier: MIT */
/*
 * Objects whose pointer count the object manager keeps, for the object
 * types that have one here (events from ZwCreateEvent): each is a pool block
 * listed in a small table with its count, created at 1 and freed by the
 * ObDereferenceObject that takes the count to 0. Device objects keep their
 * own count (device.c); other pointers are not counted.
 */
#include "ki.h"
#include "ob.h"

#define OBP_MAX_OBJECTS 64u

typedef struct _OBP_OBJECT {
    PVOID Body;
    ULONG Tag;
    LONG PointerCount;
} OBP_OBJECT;

static OBP_OBJECT ObpObjects[OBP_MAX_OBJECTS];

VOID ObpInitializeObjects(VOID)
{
    RtlZeroMemory(ObpObjects, sizeof(ObpObjects));
}

NTSTATUS ObpCreateObject(SIZE_T Size, ULONG Tag, PVOID *Object)
{
    *Object = NULL;
    for (ULONG i = 0; i < OBP_MAX_OBJECTS; i++) {
        if (ObpObjects[i].Body == NULL) {
            PVOID body = ExAllocatePoolZero(NonPagedPoolNx, Size, Tag);

            if (body == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            ObpObjects[i].Body = body;
            ObpObjects[i].Tag = Tag;
            ObpObjects[i].PointerCount = 1;
            *Object = body;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_INSUFFICIENT_RESOURCES;
}

static OBP_OBJECT *ObpFindObject(PVOID Body)
{
    for (ULONG i = 0; i < OBP_MAX_OBJECTS; i++) {
        if (ObpObjects[i].Body == Body) {
            return &ObpObjects[i];
        }
    }
    return NULL;
}

LONG_PTR ObpReferenceCounted(PVOID Object)
{
    OBP_OBJECT *object = ObpFindObject(Object);

    if (object == NULL) {
        return 1;
    }
    return InterlockedIncrement(&object->PointerCount);
}

LONG_PTR ObpDereferenceCounted(PVOID Object)
{
    OBP_OBJECT *object = ObpFindObject(Object);
    LONG count;

    if (object == NULL) {
        return 1;
    }
    count = InterlockedDecrement(&object->PointerCount);
    if (count == 0) {
        ExFreePoolWithTag(object->Body, object->Tag);
        RtlZeroMemory(object, sizeof(*object));
    }
    return count;
}
