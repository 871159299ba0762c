/* SPDX-License-Identifier: MIT */
/* Shared by cxx-c-side.c (C) and test-cxx.cpp (C++). */
#ifndef CXX_C_SIDE_H
#define CXX_C_SIDE_H

#include <portcls.h>

#include "cxx-types.h"

EXTERN_C_START

typedef struct CXX_GUID_PAIR {
    const char *Name;
    const GUID *Parsed;   /* the object DEFINE_GUIDSTRUCT defined */
    GUID Static;          /* STATICGUIDOF(Name) */
} CXX_GUID_PAIR;

extern const CXX_TYPE_LAYOUT CxxCLayouts[];
extern const unsigned CxxCLayoutCount;
extern const CXX_GUID_PAIR CxxGuidPairs[];
extern const unsigned CxxGuidPairCount;

NTSTATUS CxxCallFromC(PUNKNOWN Unknown, ULONG *Pins);

EXTERN_C_END

#endif /* CXX_C_SIDE_H */
