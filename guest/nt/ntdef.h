/* SPDX-License-Identifier: MIT */
/*
 * Basic Windows types for the nt-lite runtime, spelled as in ntdef.h/basetsd.h.
 * Widths follow Windows x64 (LLP64): LONG and ULONG are 32 bits even though the
 * compiler is LP64, WCHAR is 16 bits (the guest and the host library build with
 * -fshort-wchar so that L"..." literals match).
 */
#ifndef NTDEF_H
#define NTDEF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "sal.h"

/*
 * C++: the runtime has C linkage (EXTERN_C_START/END wrap every public
 * header), _Static_assert is C++'s static_assert.
 */
#ifdef __cplusplus
#define EXTERN_C extern "C"
/* A const definition has external linkage in C; C++ needs the extern. */
#define EXTERN_C_CONST_DEFINITION extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#define _Static_assert static_assert
#else
#define EXTERN_C extern
#define EXTERN_C_CONST_DEFINITION
#define EXTERN_C_START
#define EXTERN_C_END
#endif

/* Every DDI routine, callback and COM slot uses the Windows x64 convention. */
#define NTAPI __attribute__((ms_abi))
#define NTSYSAPI
#define STDMETHODCALLTYPE NTAPI

#define IN
#define OUT
#define OPTIONAL
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define FORCEINLINE static inline __attribute__((always_inline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define FAR
#define NEAR
#define CONST const
#define __cdecl
#define __stdcall
#define __fastcall
#define NTAPI_INLINE NTAPI
#define NTKERNELAPI
#define NTHALAPI

#define VOID void
EXTERN_C_START

typedef void *PVOID;
typedef void **PPVOID;
typedef const void *PCVOID;
typedef char CHAR;
typedef CHAR *PCHAR;
typedef CHAR *PSTR;
typedef const CHAR *PCSTR;
typedef const CHAR *PCSZ;
typedef unsigned char UCHAR;
typedef UCHAR *PUCHAR;
typedef const UCHAR *PCUCHAR;
typedef uint8_t BYTE;
typedef BYTE *PBYTE;
typedef int16_t SHORT;
typedef SHORT *PSHORT;
typedef uint16_t USHORT;
typedef USHORT *PUSHORT;
typedef uint16_t WORD;
typedef int32_t LONG;
typedef LONG *PLONG;
typedef uint32_t ULONG;
typedef ULONG *PULONG;
typedef uint32_t DWORD;
typedef DWORD *PDWORD;
typedef int INT;
typedef unsigned int UINT;
typedef long long LONGLONG;
typedef LONGLONG *PLONGLONG;
typedef unsigned long long ULONGLONG;
typedef ULONGLONG *PULONGLONG;
typedef ULONGLONG DWORDLONG;
typedef int64_t LONG64;
typedef uint64_t ULONG64;
typedef uint64_t UINT64;
typedef uint64_t DWORD64;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef ULONG_PTR *PULONG_PTR;
typedef ULONG_PTR SIZE_T;
typedef SIZE_T *PSIZE_T;
typedef LONG_PTR SSIZE_T;
typedef ULONG_PTR KAFFINITY;
typedef float FLOAT;
typedef double DOUBLE;

typedef wchar_t WCHAR;
typedef WCHAR *PWCHAR;
typedef WCHAR *PWSTR;
typedef const WCHAR *PCWSTR;
typedef WCHAR *PZZWSTR;
_Static_assert(sizeof(WCHAR) == 2, "build with -fshort-wchar");

typedef UCHAR BOOLEAN;
typedef BOOLEAN *PBOOLEAN;
typedef int BOOL;
#define TRUE 1
#define FALSE 0
#ifndef NULL
#define NULL ((void *)0)
#endif

typedef PVOID HANDLE;
typedef HANDLE *PHANDLE;
typedef LONG NTSTATUS;
typedef NTSTATUS *PNTSTATUS;
typedef LONG HRESULT;
typedef ULONG ACCESS_MASK;
typedef CHAR CCHAR;
typedef SHORT CSHORT;
typedef ULONG CLONG;
typedef ULONG LOGICAL;

#define MAXULONG 0xffffffffu
#define MAXLONG 0x7fffffff
#define MAXLONGLONG 0x7fffffffffffffffll
#define MAXULONG_PTR (~(ULONG_PTR)0)

typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *PGUID, *LPGUID;
typedef const GUID *LPCGUID;
typedef const GUID *REFGUID;
typedef GUID IID;
typedef IID *LPIID;
typedef GUID CLSID;
typedef CLSID *LPCLSID;

/*
 * As Microsoft's guiddef.h: C has no references, REFIID is a pointer and
 * callers pass &IID_IFoo; C++ passes IID_IFoo by reference. Both are a
 * pointer in the calling convention, so a C port and a C++ miniport meet.
 */
#ifdef __cplusplus
#define REFGUID const GUID &
#define REFIID const IID &
#define REFCLSID const IID &
#define IsEqualGUID(a, b) \
    (__builtin_memcmp(&(a), &(b), sizeof(GUID)) == 0)
#else
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
#define IsEqualGUID(a, b) (__builtin_memcmp((a), (b), sizeof(GUID)) == 0)
#endif
#define IsEqualIID(a, b) IsEqualGUID(a, b)
#define IsEqualCLSID(a, b) IsEqualGUID(a, b)
#define IsEqualGUIDAligned(a, b) IsEqualGUID(a, b)

/* Defines the object where exactly one .c file sets INITGUID first. */
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID name; \
    EXTERN_C_CONST_DEFINITION const GUID DECLSPEC_SELECTANY name = \
        { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    extern const GUID name
#endif

typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct _UNICODE_STRING {
    USHORT Length;        /* bytes, without terminator */
    USHORT MaximumLength; /* bytes */
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, ANSI_STRING, *PSTRING, *PANSI_STRING;

#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((PCHAR)(address) - offsetof(type, field)))

/* Compile-time assertion, usable at file and block scope. Deviation:
 * Microsoft's is a negative-size array typedef; _Static_assert fails the same
 * way without an unused-typedef warning. */
#define C_ASSERT(e) _Static_assert((e), #e)

#define RTL_CONSTANT_STRING(s) \
    { sizeof(s) - sizeof((s)[0]), sizeof(s), (PWSTR)(s) }

#define ALIGN_DOWN_BY(length, alignment) \
    ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) \
    (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), (alignment)))

#ifndef NOMINMAX
#define min(a, b) (((a) < (b)) ? (a) : (b))
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif

#define LOWORD(l) ((WORD)((ULONG_PTR)(l) & 0xffff))
#define HIWORD(l) ((WORD)(((ULONG_PTR)(l) >> 16) & 0xffff))

EXTERN_C_END

#endif /* NTDEF_H */
