/* SPDX-License-Identifier: MIT */
/*
 * The PowerSettings an adapter's AddDevice writes for PortCls' idle
 * power-down, shared by the C driver (adapter.c) and the C++ one
 * (cycaudiocxx/adapter.cpp).
 */
#ifndef CYCAUDIO_IDLESET_H
#define CYCAUDIO_IDLESET_H

#include "common.h"

/* PASSIVE_LEVEL, AddDevice: the INF's PowerSettings for the FDO. */
VOID CycWriteIdleSettings(PDEVICE_OBJECT DeviceObject);

#endif /* CYCAUDIO_IDLESET_H */
