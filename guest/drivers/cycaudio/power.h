/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio adapter's power management object (IAdapterPowerManagement
 * and IAdapterPowerManagement2), registered with PortCls at StartDevice.
 */
#ifndef CYCAUDIO_POWER_H
#define CYCAUDIO_POWER_H

#include "common.h"
#include "idleset.h"

/* PASSIVE_LEVEL: a new object with one reference, holding one on Common. */
NTSTATUS NewAdapterPower(PUNKNOWN *Unknown, PADAPTERCOMMON Common);

#endif /* CYCAUDIO_POWER_H */
