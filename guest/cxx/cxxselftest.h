/* SPDX-License-Identifier: MIT */
/*
 * The C side of the C++ runtime self-test (selftest.cpp, scenarios/cxx.c):
 * one NTAPI entry, a case per property checked, plus the probe interface a
 * C caller reaches through its C vtable.
 */
#ifndef CXXSELFTEST_H
#define CXXSELFTEST_H

#include <unknwn.h>

EXTERN_C_START

typedef enum {
    CxxStaticConstructor,  /* returns 0x5a17 once the constructor ran */
    CxxDbgPrint,           /* DbgPrint's result from Windows x64 varargs */
    CxxPrintf,             /* 1: RtlStringCbPrintfA's text is right */
    CxxImplicitCopy,       /* sum 0..511 copied by struct assignment */
    CxxCreateObject,       /* NTSTATUS; *Probe = the object's IUnknown */
    CxxDestroyed,          /* destructors run so far */
    CxxPlainCallback,      /* 7: a DPC routine written without NTAPI ran */
    CxxPureVirtual,        /* bugchecks 0xC4 (0x5002) */
    CxxVPrintf,            /* 1: the V forms format a driver's own va_list */
    CxxWideStrings         /* 1: wcslen, wcscpy, wcscat, wcscmp, wcsstr */
} CXX_SELFTEST_CASE;

ULONG NTAPI CxxSelfTest(CXX_SELFTEST_CASE Case, PUNKNOWN *Probe);

/* {0f3c9a52-7b1e-4d6a-9c2e-5a1b3c4d5e6f}, declared by DEFINE_GUIDSTRUCT. */
#define CXX_PROBE_IID_INIT \
    { 0x0f3c9a52, 0x7b1e, 0x4d6a, \
      { 0x9c, 0x2e, 0x5a, 0x1b, 0x3c, 0x4d, 0x5e, 0x6f } }

#undef INTERFACE
#define INTERFACE ICxxProbeC
DECLARE_INTERFACE_(ICxxProbeC, IUnknown)
{
    DEFINE_ABSTRACT_UNKNOWN()
    STDMETHOD_(ULONG, Twice)(THIS_ ULONG Value) PURE;
    STDMETHOD_(ULONG, Pure)(THIS) PURE;
};
#undef INTERFACE

EXTERN_C_END

#endif /* CXXSELFTEST_H */
