/* SPDX-License-Identifier: MIT */
/*
 * The one place PortCls interface and class GUIDs (and the private
 * subdevice IID) are defined; KS and audio GUIDs are in ks/ksguids.c.
 */
#include <ks.h>
#include <ksmedia.h>

#undef DEFINE_GUID
#define DEFINE_GUID(Name, L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    extern const GUID Name; \
    const GUID __attribute__((weak)) Name = \
        { L, W1, W2, { B1, B2, B3, B4, B5, B6, B7, B8 } }

#include "private.h"
