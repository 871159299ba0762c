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

#if defined(__cplusplus) && defined(CYC_COM_SLOT_CHECK)
/*
 * Header test only: the vtable slot of a virtual method, from g++'s
 * pointer-to-member (Itanium C++ ABI: 1 + byte offset in the vtable), and a
 * registry of every COM_SLOT pin the headers declare.
 */
template <typename F> static inline long ComVtableIndex(F Method)
{
    union {
        F Method;
        struct {
            unsigned long Pointer;
            long Adjust;
        } Raw;
    } u;
    u.Method = Method;
    return (long)((u.Raw.Pointer - 1) / sizeof(void *));
}
struct ComSlotPin {
    ComSlotPin(const char *Name, long Expected, long Actual);
};
#endif

EXTERN_C_START

/* GUIDs: GUID, IID, CLSID, REF*, IsEqualGUID come from ntdef.h (via wdm.h). */

/*
 * DEFINE_GUID declares a GUID object; a translation unit that defines
 * INITGUID (or PUT_GUIDS_HERE) first, or includes <initguid.h>, also defines
 * it. Definitions are weak, so a driver including <initguid.h> does not clash
 * with the definitions the stack keeps in its own guids file (Windows uses
 * __declspec(selectany) for the same reason). C linkage in both languages.
 */
#if defined(PUT_GUIDS_HERE) && !defined(INITGUID)
#define INITGUID
#endif
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(Name, L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    EXTERN_C const GUID Name; \
    EXTERN_C_CONST_DEFINITION const GUID DECLSPEC_SELECTANY Name = \
        { L, W1, W2, { B1, B2, B3, B4, B5, B6, B7, B8 } }
#else
#define DEFINE_GUID(Name, L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    EXTERN_C const GUID Name
#endif

/*
 * ks.h style: DEFINE_GUIDSTRUCT("string", Name) declares (or with INITGUID
 * defines) the object Name with the value the string spells, and
 * #define Name DEFINE_GUIDNAMED(Name) lets &Name work. STATIC_<Name> holds
 * the same value as initialiser numbers; the ks header test checks that both
 * agree. The string is parsed at compile time (CYC_GUID_FROM_STRING), so a
 * driver may name its own GUIDs this way without a STATIC_ macro.
 */
#define CYC_GUID_BRACE_(L, W1, W2, B1, B2, B3, B4, B5, B6, B7, B8) \
    { L, W1, W2, { B1, B2, B3, B4, B5, B6, B7, B8 } }
#define CYC_GUID_BRACE(...) CYC_GUID_BRACE_(__VA_ARGS__)
/* Hex digit I of string S ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"). */
#define CYC_GUID_HEX(S, I) \
    ((S)[I] <= '9' ? (S)[I] - '0' : ((S)[I] | 0x20) - 'a' + 10)
#define CYC_GUID_H2(S, I) (CYC_GUID_HEX(S, I) << 4 | CYC_GUID_HEX(S, (I) + 1))
#define CYC_GUID_H4(S, I) (CYC_GUID_H2(S, I) << 8 | CYC_GUID_H2(S, (I) + 2))
#define CYC_GUID_FROM_STRING(S) \
    { (ULONG)(CYC_GUID_H4(S, 0) << 16 | CYC_GUID_H4(S, 4)), \
      (USHORT)CYC_GUID_H4(S, 9), (USHORT)CYC_GUID_H4(S, 14), \
      { (UCHAR)CYC_GUID_H2(S, 19), (UCHAR)CYC_GUID_H2(S, 21), \
        (UCHAR)CYC_GUID_H2(S, 24), (UCHAR)CYC_GUID_H2(S, 26), \
        (UCHAR)CYC_GUID_H2(S, 28), (UCHAR)CYC_GUID_H2(S, 30), \
        (UCHAR)CYC_GUID_H2(S, 32), (UCHAR)CYC_GUID_H2(S, 34) } }
#define DEFINE_GUIDEX(Name) EXTERN_C const GUID Name
#ifdef INITGUID
#define DEFINE_GUIDSTRUCT(GuidString, Name) \
    EXTERN_C const GUID Name; \
    EXTERN_C_CONST_DEFINITION const GUID DECLSPEC_SELECTANY Name = \
        CYC_GUID_FROM_STRING(GuidString)
#else
#define DEFINE_GUIDSTRUCT(GuidString, Name) EXTERN_C const GUID Name
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
#define STDAPI EXTERN_C HRESULT STDMETHODCALLTYPE
#define STDAPI_(Type) EXTERN_C Type STDMETHODCALLTYPE

/*
 * Microsoft's interface-declaration macros (objbase.h/basetyps.h and
 * DEFINE_ABSTRACT_UNKNOWN of the kernel's COM headers). Every interface of
 * the public headers is declared once with them:
 *
 *     #undef INTERFACE
 *     #define INTERFACE IMyThing
 *     DECLARE_INTERFACE_(IMyThing, IUnknown)
 *     {
 *         DEFINE_ABSTRACT_UNKNOWN()
 *         STDMETHOD_(NTSTATUS, Do)(THIS_ ULONG Value) PURE;
 *     };
 *
 * In C that is struct IMyThing { lpVtbl } and struct IMyThingVtbl of
 * function pointers whose first parameter is INTERFACE *This; the base's
 * slots are restated in the body (as Microsoft's C form requires). In C++ it
 * is struct IMyThing : public IUnknown of pure virtual methods; restated base
 * methods override the base's, so they take no new slot and the vtable of a
 * C++ object is the C vtable (slot N at offset N * 8), which lets a C port
 * call a C++ miniport and a C++ driver call a C port. IMyThingVtbl names the
 * interface itself in C++ so COM_SLOT pins compile in both languages.
 */
#ifdef __cplusplus
#define interface struct
#define STDMETHOD(Method) virtual HRESULT STDMETHODCALLTYPE Method
#define STDMETHOD_(Type, Method) virtual Type STDMETHODCALLTYPE Method
#define STDMETHODV(Method) virtual HRESULT STDMETHODVCALLTYPE Method
#define STDMETHODV_(Type, Method) virtual Type STDMETHODVCALLTYPE Method
#define PURE = 0
#define THIS_
#define THIS void
#define DECLARE_INTERFACE(Iface) \
    struct Iface; \
    typedef struct Iface Iface##Vtbl; \
    struct Iface
#define DECLARE_INTERFACE_(Iface, BaseIface) \
    struct Iface; \
    typedef struct Iface Iface##Vtbl; \
    struct Iface : public BaseIface
#else
#define STDMETHOD(Method) HRESULT (STDMETHODCALLTYPE *Method)
#define STDMETHOD_(Type, Method) Type (STDMETHODCALLTYPE *Method)
#define STDMETHODV(Method) HRESULT (STDMETHODVCALLTYPE *Method)
#define STDMETHODV_(Type, Method) Type (STDMETHODVCALLTYPE *Method)
#define PURE
#define THIS_ INTERFACE *This,
#define THIS INTERFACE *This
#define DECLARE_INTERFACE(Iface) \
    typedef struct Iface Iface; \
    typedef struct Iface##Vtbl Iface##Vtbl; \
    struct Iface { const Iface##Vtbl *lpVtbl; }; \
    struct Iface##Vtbl
#define DECLARE_INTERFACE_(Iface, BaseIface) DECLARE_INTERFACE(Iface)
#endif
#define STDMETHODVCALLTYPE NTAPI
#define DEFINE_ABSTRACT_UNKNOWN() \
    STDMETHOD_(NTSTATUS, QueryInterface)(THIS_ REFIID InterfaceId, \
                                         PVOID *Interface) PURE; \
    STDMETHOD_(ULONG, AddRef)(THIS) PURE; \
    STDMETHOD_(ULONG, Release)(THIS) PURE;

/* Plumbing macros ---------------------------------------------------------- */

/*
 * Forward declaration of an interface that DECLARE_INTERFACE_ declares later
 * (PPORT and friends are used before their interface is declared).
 */
#ifdef __cplusplus
#define COM_INTERFACE(I) \
    struct I; \
    typedef struct I I##Vtbl
#else
#define COM_INTERFACE(I) \
    typedef struct I I; \
    typedef struct I##Vtbl I##Vtbl
#endif

/*
 * Slots 0-2 of every vtable; PortCls' QueryInterface returns NTSTATUS. The C
 * form names the object type I (also usable outside DECLARE_INTERFACE_).
 */
#ifdef __cplusplus
#define COM_IUNKNOWN_SLOTS(I) \
    STDMETHOD_(NTSTATUS, QueryInterface)(REFIID InterfaceId, \
                                         PVOID *Interface) PURE; \
    STDMETHOD_(ULONG, AddRef)(THIS) PURE; \
    STDMETHOD_(ULONG, Release)(THIS) PURE
#else
#define COM_IUNKNOWN_SLOTS(I) \
    NTSTATUS (NTAPI *QueryInterface)(I *This, REFIID InterfaceId, \
                                     PVOID *Interface); \
    ULONG (NTAPI *AddRef)(I *This); \
    ULONG (NTAPI *Release)(I *This)
#endif

/*
 * Pins slot N of vtable V: in C the build breaks if the order drifts; in C++
 * the header test (CYC_COM_SLOT_CHECK) registers every pin and compares it
 * with the slot g++ gave the virtual method.
 */
#ifndef __cplusplus
#define COM_SLOT(V, M, N) \
    _Static_assert(offsetof(V, M) == (N) * sizeof(PVOID), #V "." #M)
#elif defined(CYC_COM_SLOT_CHECK)
#define COM_SLOT_CAT_(A, B) A##B
#define COM_SLOT_CAT(A, B) COM_SLOT_CAT_(A, B)
#define COM_SLOT(V, M, N) \
    static const ComSlotPin COM_SLOT_CAT(ComSlotPin_, __COUNTER__)( \
        #V "." #M, (N), ComVtableIndex(&V::M))
#else
#define COM_SLOT(V, M, N) \
    static_assert(sizeof(&V::M) != 0, #V "." #M)
#endif

/* P->lpVtbl->M(P, ...) with P evaluated once (C); P->M(...) in C++. */
#ifdef __cplusplus
#define COM_CALL(P, M, ...) ((P)->M(__VA_ARGS__))
#else
#define COM_CALL(P, M, ...) \
    ({ __typeof__(P) p_ = (P); p_->lpVtbl->M(p_, ##__VA_ARGS__); })
#endif

#undef INTERFACE
#define INTERFACE IUnknown
DECLARE_INTERFACE(IUnknown)
{
    COM_IUNKNOWN_SLOTS(IUnknown);
};
#undef INTERFACE
typedef IUnknown *PUNKNOWN;
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

VOID NTAPI ComRefInit(COM_REF *Ref);
ULONG NTAPI ComRefAddRef(COM_REF *Ref);
/* Returns the new count; 0 means the caller must destroy the object. */
ULONG NTAPI ComRefRelease(COM_REF *Ref);

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
NTSTATUS NTAPI ComQueryInterface(PVOID Object, const COM_QI_ENTRY *Table,
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

EXTERN_C_END

#endif /* CYC_UNKNWN_H */
