/* SPDX-License-Identifier: MIT */
/*
 * The client's copy of the cycaudio property-set and pin-name GUIDs, as an
 * application gets them from the driver's public header with INITGUID (weak:
 * the driver may define the same ones in the same image).
 */
#define INITGUID
#include "audio.h"
