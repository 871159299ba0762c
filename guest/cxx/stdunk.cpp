// SPDX-License-Identifier: MIT
// CUnknown, the base of C++ drivers' COM objects, and the operator delete
// that frees what the pool operator new of stdunk.h allocated.
#include <stdunk.h>

CUnknown::CUnknown(PUNKNOWN pUnknownOuter)
    : m_lRefCount(0),
      m_pUnknownOuter(pUnknownOuter
                          ? pUnknownOuter
                          : reinterpret_cast<PUNKNOWN>(
                                static_cast<PNONDELEGATINGUNKNOWN>(this)))
{
}

CUnknown::~CUnknown(void)
{
}

STDMETHODIMP_(ULONG) CUnknown::NonDelegatingAddRef(void)
{
    return ULONG(InterlockedIncrement(&m_lRefCount));
}

STDMETHODIMP_(ULONG) CUnknown::NonDelegatingRelease(void)
{
    LONG count = InterlockedDecrement(&m_lRefCount);

    if (count < 0) {
        // A reference released twice, as COM_REF reports it for C objects.
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     COM_VIOLATION_REFCOUNT, ULONG_PTR(this), 0, 0);
    }
    if (count == 0) {
        // Keep the count above zero while the destructor runs, so that a
        // destructor's AddRef/Release pair cannot delete twice.
        m_lRefCount = 1;
        delete this;
        return 0;
    }
    return ULONG(count);
}

STDMETHODIMP_(NTSTATUS)
CUnknown::NonDelegatingQueryInterface(REFIID rIID, PVOID *ppVoid)
{
    if (IsEqualGUIDAligned(rIID, IID_IUnknown)) {
        *ppVoid = PVOID(PUNKNOWN(reinterpret_cast<PUNKNOWN>(
            static_cast<PNONDELEGATINGUNKNOWN>(this))));
        PUNKNOWN(*ppVoid)->AddRef();
        return STATUS_SUCCESS;
    }
    *ppVoid = NULL;
    return STATUS_INVALID_PARAMETER;
}

void operator delete(void *Object) noexcept
{
    if (Object) {
        ExFreePool(Object);
    }
}

void operator delete(void *Object, size_t Size) noexcept
{
    UNREFERENCED_PARAMETER(Size);
    operator delete(Object);
}

void operator delete[](void *Object) noexcept
{
    operator delete(Object);
}

void operator delete[](void *Object, size_t Size) noexcept
{
    UNREFERENCED_PARAMETER(Size);
    operator delete(Object);
}
