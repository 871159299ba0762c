/* SPDX-License-Identifier: MIT */
/*
 * The resources StartDevice hands the system UART miniports (Midi and
 * DMusUART), shared by the C driver (adapter.c) and the C++ one
 * (cycaudiocxx/adapter.cpp). PASSIVE_LEVEL.
 */
#ifndef CYCAUDIO_SUBLIST_H
#define CYCAUDIO_SUBLIST_H

#include "common.h"

/*
 * A sublist of Type's first entry and the interrupt, the interrupt marked
 * shared: the adapter's ISR and the system UART's each connect to the
 * device's one interrupt and claim only their own source.
 * Deviation: Windows never shares an MSI message; here the device has one
 * message for both, so the copy says CmResourceShareShared.
 */
NTSTATUS CycNewSharedSublist(PRESOURCELIST Parent, CM_RESOURCE_TYPE Type,
                             PRESOURCELIST *OutList);

#endif /* CYCAUDIO_SUBLIST_H */
