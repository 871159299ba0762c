/* SPDX-License-Identifier: MIT */
/*
 * ntifs.h: Windows' superset of ntddk.h, of which the runtime has the event
 * objects a client creates by handle (the WaveRT notification event).
 */
#ifndef NTIFS_H
#define NTIFS_H

#include "ntddk.h"

/* An event object and a kernel handle to it (ZwClose closes it). Also
 * STATUS_INVALID_PARAMETER_4 for an EventType that is neither; a named
 * event (ObjectName) is STATUS_NOT_SUPPORTED (deviation: no namespace). */
NTSYSAPI NTSTATUS NTAPI ZwCreateEvent(PHANDLE EventHandle,
                                      ACCESS_MASK DesiredAccess,
                                      POBJECT_ATTRIBUTES ObjectAttributes,
                                      EVENT_TYPE EventType,
                                      BOOLEAN InitialState);

#endif /* NTIFS_H */
