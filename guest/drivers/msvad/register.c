/* SPDX-License-Identifier: MIT */
/*
 * Binds msvad into the runtime's driver table: the one line that is not Windows
 * DDI. Deviation: the runtime enumerates PCI functions only, so the virtual
 * adapter binds to the cycaudio function (1af4:10f0) and ignores its resources;
 * a scenario starts either this driver or cycaudio on that function, never
 * both.
 */
#include <ntrt.h>
#include "msvad.h"

NT_REGISTER_DRIVER("msvad", MsvadDriverEntry, 0x1af4, 0x10f0);
