/* SPDX-License-Identifier: MIT */
/*
 * cxx-runtime: C++ compiled as Windows drivers are (guest/cxx/selftest.cpp,
 * -mabi=ms) runs in the guest: its static constructor ran before any driver,
 * DbgPrint's Windows x64 varargs print, a callback without NTAPI is called,
 * struct copies go through the
 * compiler's memcpy, pool new zeroes and delete frees, and a CUnknown object
 * is driven from C through its vtable. cxx-pure-virtual must end in the
 * 0xC4 (0x5002) bugcheck of a pure virtual call.
 */
#include <wdm.h>
#include <cxxselftest.h>

#include <portcls.h>

#include "scenario.h"

static const GUID ProbeIid = CXX_PROBE_IID_INIT;

static void cxx_runtime(void)
{
    PUNKNOWN unknown = NULL;
    ICxxProbeC *probe = NULL;
    NTSTATUS status;
    ULONG n;

    tap_ok(CxxSelfTest(CxxStaticConstructor, NULL) == 0x5a17,
           "static constructor ran before DriverEntry");
    n = CxxSelfTest(CxxDbgPrint, NULL);
    tap_ok(n == STATUS_SUCCESS, "DbgPrint from Windows x64 varargs: 0x%x", n);
    tap_ok(CxxSelfTest(CxxPrintf, NULL) == 1,
           "RtlStringCbPrintfA formats Windows x64 varargs");
    tap_ok(CxxSelfTest(CxxVPrintf, NULL) == 1,
           "RtlStringCchVPrintfA/CbVPrintfW take a -mabi=ms driver's "
           "va_list");
    tap_ok(CxxSelfTest(CxxWideStrings, NULL) == 1,
           "wcslen/wcscpy/wcscat/wcscmp/_wcsicmp/wcsstr from a -mabi=ms "
           "driver");
    n = CxxSelfTest(CxxPlainCallback, NULL);
    tap_ok(n == 7, "a DPC routine without NTAPI runs: %u", n);
    n = CxxSelfTest(CxxImplicitCopy, NULL);
    tap_ok(n == 511 * 512 / 2, "implicit memcpy/memset: sum %u", n);
    status = (NTSTATUS)CxxSelfTest(CxxCreateObject, &unknown);
    tap_ok(NT_SUCCESS(status) && unknown != NULL,
           "STD_CREATE_BODY made a CUnknown object: 0x%08x", status);
    if (!NT_SUCCESS(status) || unknown == NULL) {
        return;
    }
    status = unknown->lpVtbl->QueryInterface(unknown, &ProbeIid,
                                             (PVOID *)&probe);
    tap_ok(NT_SUCCESS(status) && probe != NULL,
           "QueryInterface by the DEFINE_GUIDSTRUCT string: 0x%08x", status);
    if (NT_SUCCESS(status)) {
        n = probe->lpVtbl->Twice(probe, 21);
        tap_ok(n == 42, "C calls a C++ method through lpVtbl: %u", n);
        n = probe->lpVtbl->Pure(probe);
        tap_ok(n == 0, "pool operator new zeroed the object: %u", n);
        tap_ok(probe->lpVtbl->Release(probe) == 1, "Release leaves one");
    }
    status = unknown->lpVtbl->QueryInterface(unknown, &IID_IPort,
                                             (PVOID *)&probe);
    tap_ok(status == STATUS_INVALID_PARAMETER && probe == NULL,
           "an unknown interface: STATUS_INVALID_PARAMETER, NULL");
    n = CxxSelfTest(CxxDestroyed, NULL);
    tap_ok(unknown->lpVtbl->Release(unknown) == 0 &&
               CxxSelfTest(CxxDestroyed, NULL) == n + 1,
           "the last Release runs the virtual destructor and frees");
}
SCENARIO("cxx-runtime", "C++ driver code: constructors, varargs, new/delete, "
         "CUnknown from C", cxx_runtime);

static void cxx_pure_virtual(void)
{
    CxxSelfTest(CxxPureVirtual, NULL);
    tap_ok(false, "a pure virtual call returned");
}
SCENARIO("cxx-pure-virtual", "a pure virtual call bugchecks 0xC4 (0x5002)",
         cxx_pure_virtual);
