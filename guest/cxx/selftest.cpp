// SPDX-License-Identifier: MIT
// C++ written the way Windows drivers are, checked in the guest by the
// cxx-runtime scenario (scenarios/cxx.c): no NTAPI on its own functions,
// variadic DbgPrint, implicit memcpy/memset, a static constructor, pool new
// and delete, a CUnknown object reached through IUnknown from C.
#define INITGUID
#include <stdunk.h>
#include <ntstrsafe.h>
#include <cxxselftest.h>

#define SELFTEST_POOLTAG 'tsxC'

DEFINE_GUIDSTRUCT("0f3c9a52-7b1e-4d6a-9c2e-5a1b3c4d5e6f", IID_ICxxProbe);
#define IID_ICxxProbe DEFINE_GUIDNAMED(IID_ICxxProbe)

namespace {

// Set by a static constructor: must have run before anyone calls in.
class CStaticProbe
{
public:
    ULONG m_Value;
    CStaticProbe() : m_Value(0x5a17) {}
};
CStaticProbe g_StaticProbe;

struct BIG_BLOCK {
    ULONG Words[512];
};

#undef INTERFACE
#define INTERFACE ICxxProbe
DECLARE_INTERFACE_(ICxxProbe, IUnknown)
{
    DEFINE_ABSTRACT_UNKNOWN()
    STDMETHOD_(ULONG, Twice)(THIS_ ULONG Value) PURE;
    STDMETHOD_(ULONG, Pure)(THIS) PURE;
};
#undef INTERFACE

class CProbe : public ICxxProbe, public CUnknown
{
public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CProbe);
    ~CProbe();

    STDMETHODIMP_(ULONG) Twice(ULONG Value);
    STDMETHODIMP_(ULONG) Pure(void);
    ULONG m_Zeroed;
};

// A base whose constructor calls a pure method through the vtable: the
// bugcheck path of __cxa_pure_virtual.
class CPureCaller : public ICxxProbe, public CUnknown
{
public:
    DECLARE_STD_UNKNOWN();
    CPureCaller(PUNKNOWN Outer) : CUnknown(Outer)
    {
        ICxxProbe *self = this;
        self->Pure();
    }
};

class CPureDerived : public CPureCaller
{
public:
    CPureDerived(PUNKNOWN Outer) : CPureCaller(Outer) {}
    STDMETHODIMP_(ULONG) Twice(ULONG Value) { return Value; }
    STDMETHODIMP_(ULONG) Pure(void) { return 0; }
};

STDMETHODIMP_(NTSTATUS)
CPureCaller::NonDelegatingQueryInterface(REFIID Interface, PVOID *Object)
{
    return CUnknown::NonDelegatingQueryInterface(Interface, Object);
}

ULONG g_Destroyed;

CProbe::~CProbe()
{
    g_Destroyed++;
}

STDMETHODIMP_(NTSTATUS)
CProbe::NonDelegatingQueryInterface(REFIID Interface, PVOID *Object)
{
    PAGED_CODE();

    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PCUNKNOWN(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_ICxxProbe)) {
        *Object = PVOID(static_cast<ICxxProbe *>(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP_(ULONG) CProbe::Twice(ULONG Value)
{
    return 2 * Value;
}

STDMETHODIMP_(ULONG) CProbe::Pure(void)
{
    return m_Zeroed;
}

NTSTATUS CreateProbe(PUNKNOWN *Unknown, PUNKNOWN Outer, POOL_TYPE Pool)
{
    STD_CREATE_BODY_WITH_TAG(CProbe, Unknown, Outer, Pool, SELFTEST_POOLTAG);
}

// Copies through the compiler's own memcpy/memset: a struct assignment and
// RtlCopyMemory/RtlFillMemory of a length known only at run time.
ULONG CopyBig(BIG_BLOCK *Source, SIZE_T Length)
{
    BIG_BLOCK *copy = new (NonPagedPoolNx, SELFTEST_POOLTAG) BIG_BLOCK;
    BIG_BLOCK *copy2 = new (NonPagedPoolNx, SELFTEST_POOLTAG) BIG_BLOCK;
    ULONG sum = 0;

    if (!copy || !copy2) {
        delete copy;
        delete copy2;
        return 0;
    }
    RtlFillMemory(copy2, sizeof(*copy2), 0xff);
    RtlCopyMemory(copy2, Source, Length);
    RtlMoveMemory(copy, copy2, Length);
    *copy2 = *copy;
    if (!RtlEqualMemory(copy, copy2, sizeof(*copy))) {
        sum = 1;
    }
    delete copy2;
    for (ULONG i = 0; i < RTL_NUMBER_OF(copy->Words); i++) {
        sum += copy->Words[i];
    }
    delete copy;
    return sum;
}

// A DPC routine as a Windows driver writes it: no calling-convention keyword.
VOID CountingDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Argument2);
    *static_cast<PULONG>(Context) += ULONG(ULONG_PTR(Argument1));
}

ULONG RunDpc(void)
{
    KDPC dpc;
    ULONG count = 0;
    KIRQL oldIrql;

    KeInitializeDpc(&dpc, CountingDpc, &count);
    KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
    KeInsertQueueDpc(&dpc, PVOID(ULONG_PTR(7)), NULL);
    KeLowerIrql(oldIrql);
    return count;
}

// A driver's own variadic routine, written as on Windows: built with
// -mabi=ms, its va_list is the Windows x64 list the V forms take. The same
// list serves each call (passed by value, as on Windows).
static NTSTATUS FormatBoth(PSTR Narrow, SIZE_T Cch, PWSTR Wide, SIZE_T Cb,
                           PCSTR Format, PCWSTR WideFormat, ...)
{
    va_list args;
    NTSTATUS status;

    va_start(args, WideFormat);
    status = RtlStringCchVPrintfA(Narrow, Cch, Format, args);
    if (NT_SUCCESS(status)) {
        status = RtlStringCbVPrintfW(Wide, Cb, WideFormat, args);
    }
    if (NT_SUCCESS(status)) {
        vDbgPrintExWithPrefix("cxx: vDbgPrintExWithPrefix ", 0, D_ERROR,
                              Format, args);
        vDbgPrintEx(0, D_ERROR, "\n", args);
    }
    va_end(args);
    return status;
}

static ULONG VPrintf(void)
{
    static const char expected[] = "vlist -3 abcdef012345 q";
    char narrow[32];
    WCHAR wide[32];

    if (!NT_SUCCESS(FormatBoth(narrow, sizeof(narrow), wide, sizeof(wide),
                               "%s %d %I64x %c", L"%hs %d %I64x %c", "vlist",
                               -3, 0xabcdef012345ull, 'q')) ||
        !RtlEqualMemory(narrow, expected, sizeof(expected))) {
        return 0;
    }
    for (ULONG i = 0; i < sizeof(expected); i++) {
        if (wide[i] != WCHAR(expected[i])) {
            return 0;
        }
    }
    return 1;
}

// The C library's wide-string routines, called in the driver's convention.
static ULONG WideStrings(void)
{
    WCHAR text[16];

    wcscpy(text, L"Wave");
    wcscat(text, L"RT");
    return wcslen(text) == 6 && wcscmp(text, L"WaveRT") == 0 &&
                   _wcsicmp(text, L"WAVErt") == 0 &&
                   wcsstr(text, L"RT") == text + 4
               ? 1
               : 0;
}

} // namespace

EXTERN_C ULONG NTAPI CxxSelfTest(CXX_SELFTEST_CASE Case, PUNKNOWN *Probe)
{
    switch (Case) {
    case CxxStaticConstructor:
        return g_StaticProbe.m_Value;
    case CxxDbgPrint:
        return DbgPrint("cxx: %s %d %lu %I64x %ws %c %.2f\n", "varargs", -7,
                        42ul, 0x123456789abcull, L"wide", 'z', 2.5);
    case CxxImplicitCopy: {
        BIG_BLOCK *block = new (PagedPool, SELFTEST_POOLTAG) BIG_BLOCK();
        ULONG sum;

        if (!block) {
            return 0;
        }
        for (ULONG i = 0; i < RTL_NUMBER_OF(block->Words); i++) {
            block->Words[i] = i;
        }
        sum = CopyBig(block, sizeof(*block));
        delete block;
        return sum;
    }
    case CxxCreateObject:
        return ULONG(CreateProbe(Probe, NULL, NonPagedPoolNx));
    case CxxDestroyed:
        return g_Destroyed;
    case CxxPrintf: {
        static const char expected[] = "varargs -7 42 123456789abc wide z";
        char text[64];

        if (!NT_SUCCESS(RtlStringCbPrintfA(text, sizeof(text),
                                           "%s %d %lu %I64x %ws %c",
                                           "varargs", -7, 42ul,
                                           0x123456789abcull, L"wide", 'z'))) {
            return 0;
        }
        return RtlEqualMemory(text, expected, sizeof(expected)) ? 1 : 0;
    }
    case CxxPlainCallback:
        return RunDpc();
    case CxxVPrintf:
        return VPrintf();
    case CxxWideStrings:
        return WideStrings();
    case CxxPureVirtual: {
        CPureDerived *p = new (NonPagedPoolNx, SELFTEST_POOLTAG)
            CPureDerived(NULL);
        delete p;
        return 0;
    }
    }
    return 0;
}
