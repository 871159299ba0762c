// SPDX-License-Identifier: MIT
// The C++ runtime of guest drivers: no exceptions, no RTTI, no libstdc++.
// What g++ calls on its own: __cxa_pure_virtual, __cxa_atexit for objects
// with static storage, __dso_handle (operator delete is in stdunk.cpp).
// Built, like the drivers, in the Windows x64 convention.
#include <stdunk.h>

// 0xC4 parameter 1 of a pure virtual call (the runtime's verifier codes).
#define CXX_VIOLATION_PURE_VIRTUAL 0x5002

extern "C" void __cxa_pure_virtual(void)
{
    DbgPrint("*** pure virtual function call: an object was used while its "
             "constructor or destructor ran, or after it was deleted\n");
    KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                 CXX_VIOLATION_PURE_VIRTUAL,
                 ULONG_PTR(__builtin_return_address(0)), 0, 0);
}

// Deviation: static objects are never destroyed (Windows runs their
// destructors at unload); drivers stay loaded until the run ends.
extern "C" int __cxa_atexit(void (*Destructor)(void *), void *Object,
                            void *Dso)
{
    UNREFERENCED_PARAMETER(Destructor);
    UNREFERENCED_PARAMETER(Object);
    UNREFERENCED_PARAMETER(Dso);
    return 0;
}

extern "C" {
void *__dso_handle = &__dso_handle;
}
