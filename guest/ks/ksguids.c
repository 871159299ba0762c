/* SPDX-License-Identifier: MIT */
/*
 * The one place the KS and audio GUID objects (and GUID_NULL/IID_IUnknown
 * from unknwn.h) are defined; portcls.h's own GUIDs are in portcls/guids.c.
 */
#define INITGUID
#include <ks.h>
#include <ksmedia.h>
