/* SPDX-License-Identifier: MIT */
/*
 * stdunk.h as the WDK documents it for C++ drivers: INonDelegatingUnknown,
 * CUnknown (the reference-counted base of every PortCls object a driver
 * writes, aggregatable through an outer IUnknown), the macros that implement
 * IUnknown on top of it and the pool operator new. CUnknown's methods are in
 * stdunk.cpp (Windows ships them in stdunk.lib).
 */
#ifndef STDUNK_H
#define STDUNK_H

#include <wdm.h>
#include <unknwn.h>

EXTERN_C_START

#undef INTERFACE
#define INTERFACE INonDelegatingUnknown
DECLARE_INTERFACE(INonDelegatingUnknown)
{
    STDMETHOD_(NTSTATUS, NonDelegatingQueryInterface)(THIS_ REFIID InterfaceId,
                                                      PVOID *Interface) PURE;
    STDMETHOD_(ULONG, NonDelegatingAddRef)(THIS) PURE;
    STDMETHOD_(ULONG, NonDelegatingRelease)(THIS) PURE;
};
#undef INTERFACE
typedef INonDelegatingUnknown *PNONDELEGATINGUNKNOWN;
COM_SLOT(INonDelegatingUnknownVtbl, NonDelegatingQueryInterface, 0);
COM_SLOT(INonDelegatingUnknownVtbl, NonDelegatingAddRef, 1);
COM_SLOT(INonDelegatingUnknownVtbl, NonDelegatingRelease, 2);

EXTERN_C_END

#ifdef __cplusplus

/*
 * The base of a driver's COM objects. Not aggregated (OuterUnknown NULL), the
 * object's IUnknown is its own INonDelegatingUnknown: its three slots have
 * IUnknown's signatures and convention, so the cast is a valid IUnknown.
 */
class CUnknown : public INonDelegatingUnknown
{
private:
    LONG m_lRefCount;
    PUNKNOWN m_pUnknownOuter;

public:
    CUnknown(PUNKNOWN pUnknownOuter);
    virtual ~CUnknown(void);

    PUNKNOWN GetOuterUnknown(void)
    {
        return m_pUnknownOuter;
    }

    STDMETHODIMP_(ULONG) NonDelegatingAddRef(void);
    STDMETHODIMP_(ULONG) NonDelegatingRelease(void);
    /* Answers IID_IUnknown only; a class overrides it for its interfaces. */
    STDMETHODIMP_(NTSTATUS) NonDelegatingQueryInterface(REFIID rIID,
                                                        PVOID *ppVoid);
};
typedef CUnknown *PCUNKNOWN;

/* IUnknown of a CUnknown-derived class: delegates to the outer unknown. */
#define IMP_IUnknown() \
    STDMETHODIMP_(NTSTATUS) QueryInterface(REFIID riid, PVOID *ppvObject) \
    { \
        return GetOuterUnknown()->QueryInterface(riid, ppvObject); \
    } \
    STDMETHODIMP_(ULONG) AddRef(void) \
    { \
        return GetOuterUnknown()->AddRef(); \
    } \
    STDMETHODIMP_(ULONG) Release(void) \
    { \
        return GetOuterUnknown()->Release(); \
    }

/* Class body: declares NonDelegatingQueryInterface, implements IUnknown. */
#define DECLARE_STD_UNKNOWN() \
    STDMETHODIMP_(NTSTATUS) NonDelegatingQueryInterface(REFIID iid, \
                                                        PVOID *ppvObject); \
    IMP_IUnknown()

/* Class body: the constructor STD_CREATE_BODY calls. */
#define DEFINE_STD_CONSTRUCTOR(Class) \
    Class(PUNKNOWN pUnknownOuter) : CUnknown(pUnknownOuter) \
    { \
    }

/* Helpers of NonDelegatingQueryInterface: the object seen as Type. */
#define QICAST(Type) PVOID((Type)(this))
#define QICASTUNKNOWN(Type) PVOID(PUNKNOWN((Type)(this)))

/*
 * Body of a CreateXxx function: a new Class from pool PoolType (tag Tag),
 * returned through ppUnknown as Base with one reference.
 */
#define STD_CREATE_BODY_WITH_TAG_(Class, ppUnknown, pUnknownOuter, PoolType, \
                                  Tag, Base) \
    NTSTATUS ntStatus; \
    Class *p = new (PoolType, Tag) Class(pUnknownOuter); \
    if (p) { \
        *(ppUnknown) = PUNKNOWN((Base)(p)); \
        (*(ppUnknown))->AddRef(); \
        ntStatus = STATUS_SUCCESS; \
    } else { \
        ntStatus = STATUS_INSUFFICIENT_RESOURCES; \
    } \
    return ntStatus
#define STD_CREATE_BODY_WITH_TAG(Class, ppUnknown, pUnknownOuter, PoolType, \
                                 Tag) \
    STD_CREATE_BODY_WITH_TAG_(Class, ppUnknown, pUnknownOuter, PoolType, Tag, \
                              PUNKNOWN)
/* Windows' untagged forms allocate with ExAllocatePool's tag 'None'. */
#define STD_CREATE_BODY_(Class, ppUnknown, pUnknownOuter, PoolType, Base) \
    STD_CREATE_BODY_WITH_TAG_(Class, ppUnknown, pUnknownOuter, PoolType, \
                              'enoN', Base)
#define STD_CREATE_BODY(Class, ppUnknown, pUnknownOuter, PoolType) \
    STD_CREATE_BODY_(Class, ppUnknown, pUnknownOuter, PoolType, PUNKNOWN)

/*
 * Pool operator new: zeroed memory as the WDK's (objects start with every
 * member 0 before the constructor runs), NULL on failure (no exceptions).
 * operator delete (in the C++ runtime) frees to the pool.
 */
inline PVOID operator new(size_t iSize, POOL_TYPE poolType, ULONG tag) noexcept
{
    PVOID result = ExAllocatePoolWithTag(poolType, iSize, tag);

    if (result) {
        RtlZeroMemory(result, iSize);
    }
    return result;
}

inline PVOID operator new(size_t iSize, POOL_TYPE poolType) noexcept
{
    return operator new(iSize, poolType, 'enoN');
}

inline PVOID operator new[](size_t iSize, POOL_TYPE poolType,
                            ULONG tag) noexcept
{
    return operator new(iSize, poolType, tag);
}

#endif /* __cplusplus */

#endif /* STDUNK_H */
