/* SPDX-License-Identifier: MIT */
/*
 * initguid.h: included first by the one file that defines the GUIDs the
 * headers it includes next declare (DEFINE_GUID, DEFINE_GUIDSTRUCT). The
 * definitions are weak (selectany), so a second such file does not clash.
 */
#ifndef INITGUID
#define INITGUID
#endif

#include <unknwn.h>

#undef DEFINE_GUID
#define DEFINE_GUID(Name, L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    EXTERN_C const GUID Name; \
    EXTERN_C_CONST_DEFINITION const GUID DECLSPEC_SELECTANY Name = \
        { L, W1, W2, { B1, B2, B3, B4, B5, B6, B7, B8 } }
#undef DEFINE_GUIDSTRUCT
#define DEFINE_GUIDSTRUCT(GuidString, Name) \
    EXTERN_C const GUID Name; \
    EXTERN_C_CONST_DEFINITION const GUID DECLSPEC_SELECTANY Name = \
        CYC_GUID_FROM_STRING(GuidString)
