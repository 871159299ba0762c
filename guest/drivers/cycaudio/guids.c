/* SPDX-License-Identifier: MIT */
/*
 * Defines the driver's own GUIDs (private interface, property sets, pin names)
 * once: INITGUID turns the DEFINE_GUIDSTRUCT declarations of the headers into
 * definitions.
 */
#define INITGUID
#include "common.h"
