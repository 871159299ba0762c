/* SPDX-License-Identifier: MIT */
/*
 * ntddk.h: Windows' superset of wdm.h for non-WDM drivers. The runtime's
 * routines are all declared in wdm.h, so this is wdm.h under the name audio
 * samples include.
 */
#ifndef NTDDK_H
#define NTDDK_H

#include "wdm.h"

#endif /* NTDDK_H */
