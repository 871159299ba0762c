/* SPDX-License-Identifier: MIT */
/*
 * COM plumbing for C: GUIDs, IUnknown and the macros every PortCls/KS
 * interface is built from. Vtables are const structs whose slots are all
 * NTAPI (ms_abi); an object's counter lives only in COM_REF.
 */
#ifndef CYC_UNKNWN_H
#define CYC_UNKNWN_H

#include <wdm.h>
#include <stddef.h>

/* GUIDs: GUID, IID, CLSID, REF*, IsEqualGUID come from ntdef.h (via wdm.h). */

/*
 * DEFINE_GUID declares a GUID object; a translation unit that defines
 * INITGUID first (or includes <initguid.h>) also defines it. Definitions are
 * weak, so a driver including <initguid.h> does not clash with the
 * definitions the stack keeps in its own guids file (Windows uses
 * __declspec(selectany) for the same reason).
 */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(Name, L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    extern const GUID Name; \
    const GUID __attribute__((weak)) Name = \
        { L, W1, W2, { B1, B2, B3, B4, B5, B6, B7, B8 } }
#else
#define DEFINE_GUID(Name, L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    extern const GUID Name
#endif

/*
 * ks.h style: STATIC_<Name> holds the initialiser values,
 * DEFINE_GUIDSTRUCT("string", Name) declares (or with INITGUID defines) the
 * object, and #define Name DEFINE_GUIDNAMED(Name) lets &Name work.
 */
#define CYC_GUID_BRACE_(L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    { L, W1, W2, { B1, B2, B3, B4, B5, B6, B7, B8 } }
#define CYC_GUID_BRACE(...) CYC_GUID_BRACE_(__VA_ARGS__)
#define DEFINE_GUIDEX(Name) extern const GUID Name
#ifdef INITGUID
#define DEFINE_GUIDSTRUCT(GuidString, Name) \
    extern const GUID Name; \
    const GUID __attribute__((weak)) Name = CYC_GUID_BRACE(STATIC_##Name)
#else
#define DEFINE_GUIDSTRUCT(GuidString, Name) extern const GUID Name
#endif
#define DEFINE_GUIDNAMED(Name) Name
/* A fully braced GUID initialiser, usable as a member of a static table. */
#define STATICGUIDOF(Name) CYC_GUID_BRACE(STATIC_##Name)
#ifndef DEFINE_WAVEFORMATEX_GUID
#define DEFINE_WAVEFORMATEX_GUID(x) \
    (USHORT)(x), 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71
#endif

DEFINE_GUID(GUID_NULL, 0x00000000L, 0x0000, 0x0000,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
DEFINE_GUID(IID_IUnknown, 0x00000000L, 0x0000, 0x0000,
            0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46);

/* Calling convention of every COM method, as objbase.h spells it. */
#ifndef STDMETHODCALLTYPE
#define STDMETHODCALLTYPE NTAPI
#endif
#define STDMETHODIMP NTSTATUS STDMETHODCALLTYPE
#define STDMETHODIMP_(Type) Type STDMETHODCALLTYPE
#ifndef PURE
#define PURE
#endif

/*
 * Microsoft's interface-declaration macros in their C form (objbase.h
 * without C++, and DEFINE_ABSTRACT_UNKNOWN of the kernel's COM headers). A
 * driver declares a private interface as
 *
 *     #undef INTERFACE
 *     #define INTERFACE IMyThing
 *     DECLARE_INTERFACE_(IMyThing, IUnknown)
 *     {
 *         DEFINE_ABSTRACT_UNKNOWN()
 *         STDMETHOD_(NTSTATUS, Do)(THIS_ ULONG Value) PURE;
 *     };
 *
 * and gets struct IMyThing { lpVtbl } and struct IMyThingVtbl, the layout
 * COM_INTERFACE gives. In C the base's slots are restated in the body.
 */
#define STDMETHOD(Method) HRESULT (STDMETHODCALLTYPE *Method)
#define STDMETHOD_(Type, Method) Type (STDMETHODCALLTYPE *Method)
#define THIS_ INTERFACE *This,
#define THIS INTERFACE *This
#define DECLARE_INTERFACE(Iface) \
    typedef struct Iface##Vtbl Iface##Vtbl; \
    typedef struct Iface { const Iface##Vtbl *lpVtbl; } Iface; \
    struct Iface##Vtbl
#define DECLARE_INTERFACE_(Iface, BaseIface) DECLARE_INTERFACE(Iface)
#define DEFINE_ABSTRACT_UNKNOWN() \
    STDMETHOD_(NTSTATUS, QueryInterface)(THIS_ REFIID InterfaceId, \
                                         PVOID *Interface) PURE; \
    STDMETHOD_(ULONG, AddRef)(THIS) PURE; \
    STDMETHOD_(ULONG, Release)(THIS) PURE;

/* Plumbing macros ---------------------------------------------------------- */

/* Declares the interface struct (lpVtbl first) and its vtable type. */
#define COM_INTERFACE(I) \
    typedef struct I##Vtbl I##Vtbl; \
    typedef struct I { const I##Vtbl *lpVtbl; } I

/* Slots 0-2 of every vtable; PortCls' QueryInterface returns NTSTATUS. */
#define COM_IUNKNOWN_SLOTS(I) \
    NTSTATUS (NTAPI *QueryInterface)(I *This, REFIID InterfaceId, \
                                     PVOID *Interface); \
    ULONG (NTAPI *AddRef)(I *This); \
    ULONG (NTAPI *Release)(I *This)

/* Pins slot N of vtable V: the build breaks if the order drifts. */
#define COM_SLOT(V, M, N) \
    _Static_assert(offsetof(V, M) == (N) * sizeof(PVOID), #V "." #M)

/* P->lpVtbl->M(P, ...) with P evaluated once. */
#define COM_CALL(P, M, ...) \
    ({ __typeof__(P) p_ = (P); p_->lpVtbl->M(p_, ##__VA_ARGS__); })

COM_INTERFACE(IUnknown);
typedef IUnknown *PUNKNOWN;
struct IUnknownVtbl {
    COM_IUNKNOWN_SLOTS(IUnknown);
};
COM_SLOT(IUnknownVtbl, QueryInterface, 0);
COM_SLOT(IUnknownVtbl, AddRef, 1);
COM_SLOT(IUnknownVtbl, Release, 2);

/*
 * Reference counter embedded in every object: interlocked, and a release
 * below zero bugchecks (the caller released a reference it did not own).
 */
typedef struct COM_REF {
    volatile LONG Count;
} COM_REF;

/* Bugcheck 0xC4 first parameter of a release below zero. */
#define COM_VIOLATION_REFCOUNT 0x5001

VOID ComRefInit(COM_REF *Ref);
ULONG ComRefAddRef(COM_REF *Ref);
/* Returns the new count; 0 means the caller must destroy the object. */
ULONG ComRefRelease(COM_REF *Ref);

/* One interface an object answers, at an offset of its Iface member. */
typedef struct COM_QI_ENTRY {
    const GUID *Iid;
    SIZE_T Offset;
} COM_QI_ENTRY;

/*
 * Walks Table; on a match stores Object + Offset in *Interface, AddRefs it
 * through that interface and returns STATUS_SUCCESS; otherwise *Interface =
 * NULL and STATUS_INVALID_PARAMETER (the samples' NonDelegatingQI answer).
 */
NTSTATUS ComQueryInterface(PVOID Object, const COM_QI_ENTRY *Table,
                           ULONG Count, REFIID Iid, PVOID *Interface);

#define COM_ARRAY_SIZE(A) (sizeof(A) / sizeof((A)[0]))

/* Releases *PP if set and NULLs it (sysvad's SAFE_RELEASE). */
#define COM_SAFE_RELEASE(PP) \
    do { \
        if (*(PP) != NULL) { \
            COM_CALL(*(PP), Release); \
            *(PP) = NULL; \
        } \
    } while (0)

#endif /* CYC_UNKNWN_H */
