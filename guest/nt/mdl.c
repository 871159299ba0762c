/* SPDX-License-Identifier: MIT */
/*
 * Memory descriptor lists for pages a driver allocates (what WaveRT's
 * IPortWaveRTStream builds on): MmAllocatePagesForMdl(Ex),
 * MmMapLockedPagesSpecifyCache, MmUnmapLockedPages, MmFreePagesFromMdl and
 * IoFreeMdl, with the MDL followed by its PFN array as in Windows.
 *
 * Deviation: the guest is identity mapped and has no page tables to build a
 * new virtual range from scattered pages, so every allocation is one
 * physically contiguous run; mapping returns the run's own address. A caller
 * written for Windows sees the same results (pages, PFNs, byte count).
 */
#include "wdm.h"
#include "ki.h"
#include "arch.h"

#define MMP_MDL_TAG   'ldMM'    /* "MMdl": the MDL, freed by ExFreePool */
#define MMP_PAGES_TAG 'gpMM'    /* "MMpg": the pages behind an MDL */

static PVOID MmpRunAddress(PMDL Mdl)
{
    PPFN_NUMBER pfn = MmGetMdlPfnArray(Mdl);

    return (PVOID)(uintptr_t)(pfn[0] << PAGE_SHIFT);
}

PMDL NTAPI MmAllocatePagesForMdlEx(PHYSICAL_ADDRESS LowAddress,
                                   PHYSICAL_ADDRESS HighAddress,
                                   PHYSICAL_ADDRESS SkipBytes,
                                   SIZE_T TotalBytes,
                                   MEMORY_CACHING_TYPE CacheType, ULONG Flags)
{
    SIZE_T pages = BYTES_TO_PAGES(TotalBytes);
    PMDL mdl;
    PUCHAR va;
    uint64_t pa;
    SIZE_T i;

    UNREFERENCED_PARAMETER(SkipBytes);
    UNREFERENCED_PARAMETER(CacheType);
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, 0, KiIrql, 0, KiCaller());
    }
    /* An MDL describes at most 4 GiB (ULONG ByteCount). */
    if (pages == 0 || TotalBytes > MAXULONG) {
        return NULL;
    }
    mdl = ExpAllocateTracked(NonPagedPoolNx,
                             sizeof(MDL) + pages * sizeof(PFN_NUMBER),
                             MMP_MDL_TAG, 16, KiCaller());
    if (!mdl) {
        return NULL;
    }
    va = ExpAllocateTracked(NonPagedPoolNx, pages * PAGE_SIZE, MMP_PAGES_TAG,
                            PAGE_SIZE, KiCaller());
    pa = va ? arch_virt_to_phys(va) : 0;
    if (!va || pa < (uint64_t)LowAddress.QuadPart ||
        pa + pages * PAGE_SIZE - 1 > (uint64_t)HighAddress.QuadPart) {
        if (va) {
            ExpFreeTracked(va, MMP_PAGES_TAG, KiCaller());
        }
        ExpFreeTracked(mdl, MMP_MDL_TAG, KiCaller());
        return NULL;
    }
    if (!(Flags & MM_DONT_ZERO_ALLOCATION)) {
        RtlZeroMemory(va, pages * PAGE_SIZE);
    }
    RtlZeroMemory(mdl, sizeof(*mdl));
    /*
     * Deviation: Size saturates (CSHORT) for MDLs of more than ~16 MB, which
     * Windows splits; nothing here reads it.
     */
    mdl->Size = (CSHORT)min(sizeof(MDL) + pages * sizeof(PFN_NUMBER),
                            (SIZE_T)0x7fff);
    mdl->MdlFlags = MDL_PAGES_LOCKED;
    mdl->ByteCount = (ULONG)TotalBytes;
    for (i = 0; i < pages; i++) {
        MmGetMdlPfnArray(mdl)[i] = (PFN_NUMBER)(pa >> PAGE_SHIFT) + i;
    }
    return mdl;
}

PMDL NTAPI MmAllocatePagesForMdl(PHYSICAL_ADDRESS LowAddress,
                                 PHYSICAL_ADDRESS HighAddress,
                                 PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes)
{
    return MmAllocatePagesForMdlEx(LowAddress, HighAddress, SkipBytes,
                                   TotalBytes, MmCached, 0);
}

PVOID NTAPI MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList,
                                         KPROCESSOR_MODE AccessMode,
                                         MEMORY_CACHING_TYPE CacheType,
                                         PVOID RequestedAddress,
                                         ULONG BugCheckOnFailure,
                                         ULONG Priority)
{
    PMDL mdl = MemoryDescriptorList;

    UNREFERENCED_PARAMETER(CacheType);
    UNREFERENCED_PARAMETER(RequestedAddress);
    UNREFERENCED_PARAMETER(BugCheckOnFailure);
    UNREFERENCED_PARAMETER(Priority);
    if (!(mdl->MdlFlags & MDL_PAGES_LOCKED) || AccessMode != KernelMode) {
        /* Windows raises an exception here; a guest has no user mode. */
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x81, (ULONG_PTR)mdl,
                     mdl->MdlFlags, KiCaller());
    }
    mdl->MappedSystemVa = (PUCHAR)MmpRunAddress(mdl) + mdl->ByteOffset;
    mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    return mdl->MappedSystemVa;
}

VOID NTAPI MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList)
{
    PMDL mdl = MemoryDescriptorList;

    if (!(mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) ||
        BaseAddress != mdl->MappedSystemVa) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x82,
                     (ULONG_PTR)BaseAddress, (ULONG_PTR)mdl, KiCaller());
    }
    mdl->MdlFlags &= ~MDL_MAPPED_TO_SYSTEM_VA;
    mdl->MappedSystemVa = NULL;
}

VOID NTAPI MmFreePagesFromMdl(PMDL MemoryDescriptorList)
{
    PMDL mdl = MemoryDescriptorList;

    if (mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) {
        /* Windows requires the mapping gone first (Driver Verifier). */
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x83, (ULONG_PTR)mdl,
                     mdl->MdlFlags, KiCaller());
    }
    if (mdl->ByteCount) {
        ExpFreeTracked(MmpRunAddress(mdl), MMP_PAGES_TAG, KiCaller());
    }
    /* The MDL stays for the caller's ExFreePool/IoFreeMdl; it has no pages. */
    mdl->ByteCount = 0;
    mdl->MdlFlags &= ~MDL_PAGES_LOCKED;
}

VOID NTAPI IoFreeMdl(PMDL Mdl)
{
    ExFreePool(Mdl);
}
