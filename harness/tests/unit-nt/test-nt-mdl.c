/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of the runtime's MDL pages (guest/nt/mdl.c): what
 * MmAllocatePagesForMdl(Ex) returns (byte count, PFN array, zeroed pages,
 * address limits), mapping and unmapping, freeing pages then the MDL with
 * either ExFreePool or IoFreeMdl, nothing left in the pool, and the
 * Verifier-style bugchecks for misuse.
 */
#include <string.h>

#include "host_arch.h"
#include "ntrt.h"
#include "runner.h"

static void mdl_setup(void)
{
    host_reset("debug=1");
}

static const PHYSICAL_ADDRESS any_low = { .QuadPart = 0 };
static const PHYSICAL_ADDRESS any_high = { .QuadPart = -1 };
static const PHYSICAL_ADDRESS no_skip = { .QuadPart = 0 };

/* 3 pages and a bit: PFNs consecutive, mapping = page 0, all zero. */
START_TEST(test_mdl_allocate_map_free)
{
    const SIZE_T bytes = 3 * PAGE_SIZE + 100;
    PMDL mdl = MmAllocatePagesForMdlEx(any_low, any_high, no_skip, bytes,
                                       MmCached, 0);
    PPFN_NUMBER pfn;
    PUCHAR va;
    SIZE_T i;

    ck_assert_ptr_nonnull(mdl);
    ck_assert_uint_eq(MmGetMdlByteCount(mdl), bytes);
    ck_assert_uint_eq(MmGetMdlByteOffset(mdl), 0);
    ck_assert_ptr_null(MmGetMdlVirtualAddress(mdl));
    ck_assert_uint_eq(mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA, 0);
    ck_assert_uint_eq(mdl->MdlFlags & MDL_PAGES_LOCKED, MDL_PAGES_LOCKED);
    ck_assert_uint_eq(ADDRESS_AND_SIZE_TO_SPAN_PAGES(
                          MmGetMdlVirtualAddress(mdl), bytes), 4);
    pfn = MmGetMdlPfnArray(mdl);
    for (i = 1; i < 4; i++) {
        ck_assert_uint_eq(pfn[i], pfn[0] + i);
    }
    va = MmMapLockedPagesSpecifyCache(mdl, KernelMode, MmCached, NULL, FALSE,
                                      NormalPagePriority);
    ck_assert_ptr_nonnull(va);
    ck_assert_uint_eq((uint64_t)MmGetPhysicalAddress(va).QuadPart,
                      (uint64_t)pfn[0] << PAGE_SHIFT);
    ck_assert_ptr_eq(MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority),
                     va);
    for (i = 0; i < 4 * PAGE_SIZE; i++) {
        ck_assert_uint_eq(va[i], 0);
    }
    memset(va, 0x5a, bytes);
    MmUnmapLockedPages(va, mdl);
    ck_assert_uint_eq(mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA, 0);
    ck_assert_uint_eq(ExpPoolOutstanding('gpMM', NULL), 1);
    MmFreePagesFromMdl(mdl);
    ck_assert_uint_eq(ExpPoolOutstanding('gpMM', NULL), 0);
    ck_assert_uint_eq(ExpPoolOutstanding('ldMM', NULL), 1);
    ExFreePool(mdl);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Zero bytes and an impossible address window give NULL and leak nothing. */
START_TEST(test_mdl_allocate_refusals)
{
    PHYSICAL_ADDRESS high = { .QuadPart = 0xfff };
    PMDL mdl;

    ck_assert_ptr_null(MmAllocatePagesForMdl(any_low, any_high, no_skip, 0));
    ck_assert_ptr_null(MmAllocatePagesForMdl(any_low, high, no_skip,
                                             PAGE_SIZE));
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
    /* 100 rounds through IoFreeMdl: the pool is empty afterwards. */
    for (int i = 0; i < 100; i++) {
        mdl = MmAllocatePagesForMdl(any_low, any_high, no_skip,
                                    (SIZE_T)(i + 1) * 64);
        ck_assert_ptr_nonnull(mdl);
        MmFreePagesFromMdl(mdl);
        IoFreeMdl(mdl);
    }
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

static void mdl_misuse(int what)
{
    PMDL mdl = MmAllocatePagesForMdl(any_low, any_high, no_skip, PAGE_SIZE);
    PVOID va = MmMapLockedPagesSpecifyCache(mdl, KernelMode, MmCached, NULL,
                                            FALSE, NormalPagePriority);

    if (what == 0) {
        MmFreePagesFromMdl(mdl);
    } else {
        MmUnmapLockedPages((PUCHAR)va + 16, mdl);
    }
}

/* Pages freed while mapped, or an unmap of another address: bugchecks. */
START_TEST(test_mdl_misuse_bugchecks)
{
    static const ULONG_PTR p1[] = { 0x83, 0x82 };
    uint32_t code = 0;

    HOST_EXPECT_BUGCHECK(code, mdl_misuse(_i));
    ck_assert_uint_eq(code, DRIVER_VERIFIER_DETECTED_VIOLATION);
    ck_assert_uint_eq(host_bugcheck_params[0], p1[_i]);
}
END_TEST

static Suite *mdl_suite(void)
{
    Suite *s = suite_create("nt-mdl");
    TCase *tc = cyc_tcase_new("mdl", 10);

    tcase_add_checked_fixture(tc, mdl_setup, NULL);
    tcase_add_test(tc, test_mdl_allocate_map_free);
    tcase_add_test(tc, test_mdl_allocate_refusals);
    tcase_add_loop_test(tc, test_mdl_misuse_bugchecks, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(mdl_suite());
}
