/* SPDX-License-Identifier: MIT */
/*
 * The string routines a driver built in the Windows x64 convention
 * (-mabi=ms) calls without asking: g++ and gcc emit memcpy, memset, memmove
 * and memcmp for copies and clears in that convention, while the runtime's
 * own (libc.c) are System V. The same holds for the C library's wide-string
 * routines wdm.h declares (wcslen, wcscmp, ...): a driver calls them in its
 * convention, the runtime's (rtl_wstring.c) are System V. The build renames
 * those references in driver objects to these NTAPI entries (objcopy
 * --redefine-sym, cxx/msabi-objcopy.sh), as Windows exports them from the
 * kernel.
 */
#include <stddef.h>
#include <string.h>

#include <wdm.h>

void *NTAPI KiMsMemcpy(void *Dst, const void *Src, size_t Size);
void *NTAPI KiMsMemmove(void *Dst, const void *Src, size_t Size);
void *NTAPI KiMsMemset(void *Dst, int Fill, size_t Size);
int NTAPI KiMsMemcmp(const void *A, const void *B, size_t Size);

void *NTAPI KiMsMemcpy(void *Dst, const void *Src, size_t Size)
{
    return memcpy(Dst, Src, Size);
}

void *NTAPI KiMsMemmove(void *Dst, const void *Src, size_t Size)
{
    return memmove(Dst, Src, Size);
}

void *NTAPI KiMsMemset(void *Dst, int Fill, size_t Size)
{
    return memset(Dst, Fill, Size);
}

int NTAPI KiMsMemcmp(const void *A, const void *B, size_t Size)
{
    return memcmp(A, B, Size);
}

/* The wide-string routines, each an NTAPI entry over the runtime's. */
#define KI_MS_WCS(Type, Name, Params, Args) \
    Type NTAPI KiMs_##Name Params; \
    Type NTAPI KiMs_##Name Params \
    { \
        return Name Args; \
    }

KI_MS_WCS(size_t, wcslen, (const wchar_t *S), (S))
KI_MS_WCS(size_t, wcsnlen, (const wchar_t *S, size_t Max), (S, Max))
KI_MS_WCS(wchar_t *, wcscpy, (wchar_t *D, const wchar_t *S), (D, S))
KI_MS_WCS(wchar_t *, wcsncpy, (wchar_t *D, const wchar_t *S, size_t N),
          (D, S, N))
KI_MS_WCS(wchar_t *, wcscat, (wchar_t *D, const wchar_t *S), (D, S))
KI_MS_WCS(wchar_t *, wcsncat, (wchar_t *D, const wchar_t *S, size_t N),
          (D, S, N))
KI_MS_WCS(int, wcscmp, (const wchar_t *A, const wchar_t *B), (A, B))
KI_MS_WCS(int, wcsncmp, (const wchar_t *A, const wchar_t *B, size_t N),
          (A, B, N))
KI_MS_WCS(int, _wcsicmp, (const wchar_t *A, const wchar_t *B), (A, B))
KI_MS_WCS(int, _wcsnicmp, (const wchar_t *A, const wchar_t *B, size_t N),
          (A, B, N))
KI_MS_WCS(wchar_t *, wcschr, (const wchar_t *S, wchar_t C), (S, C))
KI_MS_WCS(wchar_t *, wcsrchr, (const wchar_t *S, wchar_t C), (S, C))
KI_MS_WCS(wchar_t *, wcsstr, (const wchar_t *S, const wchar_t *Find),
          (S, Find))
