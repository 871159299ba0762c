/* SPDX-License-Identifier: MIT */
/*
 * The string routines a driver built in the Windows x64 convention
 * (-mabi=ms) calls without asking: g++ and gcc emit memcpy, memset, memmove
 * and memcmp for copies and clears in that convention, while the runtime's
 * own (libc.c) are System V. The build renames those references in driver
 * objects to these NTAPI entries (objcopy --redefine-sym, see
 * guest/drivers/meson.build), as Windows exports them from the kernel.
 */
#include <stddef.h>
#include <string.h>

#include <ntdef.h>

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
