/* SPDX-License-Identifier: MIT */
/*
 * Pool and contiguous memory over one identity-mapped heap. The heap is a
 * first-fit, address-ordered free list with coalescing. Every pool block
 * carries a header (tag, size, state, caller) and a trailing guard; blocks
 * are counted per tag and listed for the leak report. Freed blocks are
 * poisoned and parked in a quarantine before the heap reuses them, so a
 * double free or a write after free is still recognised. All of it runs
 * with interrupts disabled (pool is legal at DISPATCH_LEVEL).
 */
#include "ki.h"

#define EXP_CHUNK_ALIGN 16u
#define EXP_CHUNK_MAGIC 0x4b4e4843u /* "CHNK" */
#define EXP_POOL_LIVE 0x4c4f4f50u   /* "POOL" */
#define EXP_POOL_FREED 0x45455246u  /* "FREE" */
#define EXP_GUARD_SIZE 16u
#define EXP_GUARD_BYTE 0xa5
#define EXP_FILL_BYTE 0xcd
#define EXP_POISON_BYTE 0xdd
#define EXP_MAX_TAGS 128
#define EXP_QUARANTINE_BLOCKS 64
#define EXP_QUARANTINE_BYTES (1u << 20)
#define EXP_LEAK_LINES 16
#define EXP_CONTIGUOUS_TAG 'mcmM'   /* "Mmcm" */

/* Heap chunk header; a free chunk also uses Next. Size includes the header. */
typedef struct _EXP_CHUNK {
    SIZE_T Size;
    ULONG Magic;
    ULONG Free;
    struct _EXP_CHUNK *Next;
    ULONG_PTR Pad;
} EXP_CHUNK;
_Static_assert(sizeof(EXP_CHUNK) == 32, "chunk header keeps 16-byte alignment");

typedef struct _EXP_POOL_HEADER {
    ULONG Magic;
    ULONG Tag;
    SIZE_T Size;         /* bytes the caller asked for */
    LIST_ENTRY Link;     /* live list, then quarantine */
    ULONG_PTR Caller;
    USHORT PoolType;
    USHORT Contiguous;
    ULONG Sequence;
    PVOID Chunk;         /* start of the heap allocation */
    ULONG_PTR Pad;
} EXP_POOL_HEADER;
_Static_assert(sizeof(EXP_POOL_HEADER) % 16 == 0,
               "pool header keeps alignment");

/*
 * Under ASan (the host fuzzing build) the guard of a live block and the whole
 * of a quarantined one are poisoned as well, so a stray access traps where it
 * happens instead of at the free or quarantine check. Memory goes back to the
 * heap unpoisoned.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXP_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define EXP_ASAN 1
#endif
#ifdef EXP_ASAN
void __asan_poison_memory_region(void const volatile *addr, SIZE_T size);
void __asan_unpoison_memory_region(void const volatile *addr, SIZE_T size);
#define ExpPoison(P, N) __asan_poison_memory_region((P), (N))
#define ExpUnpoison(P, N) __asan_unpoison_memory_region((P), (N))
#else
#define ExpPoison(P, N) ((void)(P), (void)(N))
#define ExpUnpoison(P, N) ((void)(P), (void)(N))
#endif

static EXP_CHUNK *ExpFreeList;
static uintptr_t ExpHeapBase, ExpHeapEnd;
/* End of the highest chunk ever carved: what a re-initialisation unpoisons. */
static uintptr_t ExpHeapHigh;
static LIST_ENTRY ExpLiveList;
static LIST_ENTRY ExpQuarantine;
static ULONG ExpQuarantineCount;
static SIZE_T ExpQuarantineBytes;
static EX_POOL_TAG_STATS ExpTags[EXP_MAX_TAGS];
static ULONG ExpTagCount;
static ULONG ExpSequence;

VOID ExpInitializePool(VOID)
{
    uintptr_t base;
    size_t size;

    arch_heap_region(&base, &size);
    base = (base + EXP_CHUNK_ALIGN - 1) & ~(uintptr_t)(EXP_CHUNK_ALIGN - 1);
    size &= ~(size_t)(EXP_CHUNK_ALIGN - 1);
    if (ExpHeapHigh > base) {
        ExpUnpoison((PVOID)base, ExpHeapHigh - base);
    }
    ExpHeapHigh = base;
    ExpHeapBase = base;
    ExpHeapEnd = base + size;
    ExpFreeList = NULL;
    if (size >= 2 * sizeof(EXP_CHUNK)) {
        ExpFreeList = (EXP_CHUNK *)base;
        ExpFreeList->Size = size;
        ExpFreeList->Magic = EXP_CHUNK_MAGIC;
        ExpFreeList->Free = 1;
        ExpFreeList->Next = NULL;
    }
    InitializeListHead(&ExpLiveList);
    InitializeListHead(&ExpQuarantine);
    ExpQuarantineCount = 0;
    ExpQuarantineBytes = 0;
    ExpTagCount = 0;
    ExpSequence = 0;
}

/*
 * Carves Size bytes whose payload (after the chunk header) is Align-aligned.
 * A leading gap too small to be a chunk of its own is not allowed, so the
 * payload moves up by Align until the gap is zero or big enough.
 */
PVOID ExpHeapAllocate(SIZE_T Size, SIZE_T Align)
{
    EXP_CHUNK **link = &ExpFreeList;
    SIZE_T need = (Size + EXP_CHUNK_ALIGN - 1) & ~(SIZE_T)(EXP_CHUNK_ALIGN - 1);

    if (Align < EXP_CHUNK_ALIGN) {
        Align = EXP_CHUNK_ALIGN;
    }
    need += sizeof(EXP_CHUNK);
    for (EXP_CHUNK *c = ExpFreeList; c; link = &c->Next, c = c->Next) {
        uintptr_t start = (uintptr_t)c;
        uintptr_t end = start + c->Size;
        uintptr_t payload =
            (start + sizeof(EXP_CHUNK) + Align - 1) & ~(Align - 1);
        uintptr_t head, gap;
        EXP_CHUNK *a;

        while ((gap = payload - sizeof(EXP_CHUNK) - start) != 0 &&
               gap < 2 * sizeof(EXP_CHUNK)) {
            payload += Align;
        }
        head = payload - sizeof(EXP_CHUNK);
        if (head + need > end) {
            continue;
        }
        /* Unlink c, then give back the gap before and the tail after. */
        *link = c->Next;
        if (gap) {
            c->Size = gap;
            c->Next = *link;
            *link = c;
            link = &c->Next;
        }
        a = (EXP_CHUNK *)head;
        if (head + need > ExpHeapHigh) {
            ExpHeapHigh = head + need;
        }
        a->Magic = EXP_CHUNK_MAGIC;
        a->Free = 0;
        a->Next = NULL;
        if (end - (head + need) >= 2 * sizeof(EXP_CHUNK)) {
            EXP_CHUNK *t = (EXP_CHUNK *)(head + need);

            t->Size = end - (head + need);
            t->Magic = EXP_CHUNK_MAGIC;
            t->Free = 1;
            t->Next = *link;
            *link = t;
            a->Size = need;
        } else {
            a->Size = end - head;
        }
        return (PVOID)payload;
    }
    return NULL;
}

VOID ExpHeapFree(PVOID P)
{
    EXP_CHUNK *c = (EXP_CHUNK *)((uintptr_t)P - sizeof(EXP_CHUNK));
    EXP_CHUNK *prev = NULL;
    EXP_CHUNK *next = ExpFreeList;

    if ((uintptr_t)c < ExpHeapBase || (uintptr_t)P >= ExpHeapEnd ||
        c->Magic != EXP_CHUNK_MAGIC || c->Free) {
        KeBugCheckEx(BAD_POOL_CALLER, POOL_CALLER_BAD_ADDRESS, (ULONG_PTR)P,
                     0, KiCaller());
    }
    while (next && next < c) {
        prev = next;
        next = next->Next;
    }
    c->Free = 1;
    c->Next = next;
    if (next && (uintptr_t)c + c->Size == (uintptr_t)next) {
        c->Size += next->Size;
        c->Next = next->Next;
        next->Magic = 0;
    }
    if (prev && (uintptr_t)prev + prev->Size == (uintptr_t)c) {
        prev->Size += c->Size;
        prev->Next = c->Next;
        c->Magic = 0;
    } else if (prev) {
        prev->Next = c;
    } else {
        ExpFreeList = c;
    }
}

static EX_POOL_TAG_STATS *ExpTagEntry(ULONG Tag)
{
    for (ULONG i = 0; i < ExpTagCount; i++) {
        if (ExpTags[i].Tag == Tag) {
            return &ExpTags[i];
        }
    }
    if (ExpTagCount == EXP_MAX_TAGS) {
        return &ExpTags[EXP_MAX_TAGS - 1];  /* overflow bucket */
    }
    RtlZeroMemory(&ExpTags[ExpTagCount], sizeof(ExpTags[0]));
    ExpTags[ExpTagCount].Tag = Tag;
    return &ExpTags[ExpTagCount++];
}

static PUCHAR ExpGuard(EXP_POOL_HEADER *h)
{
    return (PUCHAR)(h + 1) + h->Size;
}

static VOID ExpTagName(ULONG Tag, char Out[5])
{
    for (int i = 0; i < 4; i++) {
        char c = (char)(Tag >> (8 * i));

        Out[i] = (c >= 0x20 && c < 0x7f) ? c : '.';
    }
    Out[4] = 0;
}

/*
 * A block leaves quarantine: its poison must be intact. The payload starts
 * 16-byte aligned, so whole quadwords are compared first; the byte loop then
 * starts at the first quadword that differs (the bugcheck names its first
 * bad byte) or at the tail.
 */
static VOID ExpReleaseQuarantined(EXP_POOL_HEADER *h)
{
    PUCHAR p = (PUCHAR)(h + 1);
    const ULONGLONG poison = EXP_POISON_BYTE * 0x0101010101010101ull;
    SIZE_T i = 0;

    ExpUnpoison(p, h->Size + EXP_GUARD_SIZE);
    for (; i + sizeof(poison) <= h->Size; i += sizeof(poison)) {
        ULONGLONG w;

        __builtin_memcpy(&w, p + i, sizeof(w));
        if (w != poison) {
            break;
        }
    }
    for (; i < h->Size; i++) {
        if (p[i] != EXP_POISON_BYTE) {
            KeBugCheckEx(DRIVER_CORRUPTED_EXPOOL, (ULONG_PTR)(p + i), h->Tag,
                         h->Size, h->Caller);
        }
    }
    ExpQuarantineCount--;
    ExpQuarantineBytes -= h->Size;
    ExpHeapFree(h->Chunk);
}

static VOID ExpTrimQuarantine(BOOLEAN All)
{
    while (!IsListEmpty(&ExpQuarantine) &&
           (All || ExpQuarantineCount > EXP_QUARANTINE_BLOCKS ||
            ExpQuarantineBytes > EXP_QUARANTINE_BYTES)) {
        EXP_POOL_HEADER *h = CONTAINING_RECORD(RemoveHeadList(&ExpQuarantine),
                                               EXP_POOL_HEADER, Link);

        ExpReleaseQuarantined(h);
    }
}

PVOID ExpAllocateTracked(POOL_TYPE PoolType, SIZE_T Size, ULONG Tag,
                         SIZE_T Align, ULONG_PTR Caller)
{
    unsigned long flags;
    PVOID chunk;
    EXP_POOL_HEADER *h;
    EX_POOL_TAG_STATS *stats;
    KIRQL limit = (PoolType & 1) ? APC_LEVEL : DISPATCH_LEVEL;

    if (KiIrql > limit) {
        KeBugCheckEx(BAD_POOL_CALLER, POOL_CALLER_ALLOC_IRQL, KiIrql, PoolType,
                     Size);
    }
    if (Tag == 0) {
        KeBugCheckEx(BAD_POOL_CALLER, POOL_CALLER_ZERO_TAG, PoolType, Size,
                     Caller);
    }
    if (Size == 0 || Size > ExpHeapEnd - ExpHeapBase) {
        return NULL;
    }
    if (Align < EXP_CHUNK_ALIGN) {
        Align = EXP_CHUNK_ALIGN;
    }
    flags = arch_intr_save();
    /* The pool header sits right before the aligned payload. */
    chunk = ExpHeapAllocate(Size + sizeof(*h) + EXP_GUARD_SIZE + Align, Align);
    if (!chunk && !IsListEmpty(&ExpQuarantine)) {
        ExpTrimQuarantine(TRUE);
        chunk =
            ExpHeapAllocate(Size + sizeof(*h) + EXP_GUARD_SIZE + Align, Align);
    }
    if (!chunk) {
        arch_intr_restore(flags);
        return NULL;
    }
    h = (EXP_POOL_HEADER *)((((uintptr_t)chunk + sizeof(*h) + Align - 1) &
                             ~(uintptr_t)(Align - 1)) - sizeof(*h));
    h->Magic = EXP_POOL_LIVE;
    h->Tag = Tag;
    h->Size = Size;
    h->Caller = Caller;
    h->PoolType = (USHORT)PoolType;
    h->Contiguous = Tag == EXP_CONTIGUOUS_TAG;
    h->Sequence = ++ExpSequence;
    h->Chunk = chunk;
    InsertTailList(&ExpLiveList, &h->Link);
    RtlFillMemory(h + 1, Size, EXP_FILL_BYTE);
    RtlFillMemory(ExpGuard(h), EXP_GUARD_SIZE, EXP_GUARD_BYTE);
    ExpPoison(ExpGuard(h), EXP_GUARD_SIZE);
    stats = ExpTagEntry(Tag);
    stats->Allocations++;
    stats->BytesOutstanding += Size;
    arch_intr_restore(flags);
    return h + 1;
}

VOID ExpFreeTracked(PVOID P, ULONG Tag, ULONG_PTR Caller)
{
    EXP_POOL_HEADER *h = (EXP_POOL_HEADER *)P - 1;
    EX_POOL_TAG_STATS *stats;
    unsigned long flags;
    PUCHAR guard;

    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(BAD_POOL_CALLER, POOL_CALLER_FREE_IRQL, KiIrql, 0,
                     (ULONG_PTR)P);
    }
    if (!P || (uintptr_t)P < ExpHeapBase + sizeof(*h) ||
        (uintptr_t)P >= ExpHeapEnd || ((uintptr_t)P & (EXP_CHUNK_ALIGN - 1))) {
        KeBugCheckEx(BAD_POOL_CALLER, POOL_CALLER_BAD_ADDRESS, (ULONG_PTR)P, 0,
                     Caller);
    }
    flags = arch_intr_save();
    if (h->Magic == EXP_POOL_FREED) {
        KeBugCheckEx(BAD_POOL_CALLER, POOL_CALLER_DOUBLE_FREE, h->Tag,
                     (ULONG_PTR)P, Caller);
    }
    if (h->Magic != EXP_POOL_LIVE) {
        KeBugCheckEx(BAD_POOL_HEADER, 0x20, (ULONG_PTR)P, h->Magic, Caller);
    }
    if (Tag && Tag != h->Tag) {
        KeBugCheckEx(BAD_POOL_CALLER, POOL_CALLER_WRONG_TAG, (ULONG_PTR)P,
                     h->Tag, Tag);
    }
    guard = ExpGuard(h);
    ExpUnpoison(guard, EXP_GUARD_SIZE);
    for (ULONG i = 0; i < EXP_GUARD_SIZE; i++) {
        if (guard[i] != EXP_GUARD_BYTE) {
            char name[5];

            ExpTagName(h->Tag, name);
            DbgPrint("pool block %p tag '%s' size %llu overrun at +%llu\n", P,
                     name, (unsigned long long)h->Size,
                     (unsigned long long)(h->Size + i));
            KeBugCheckEx(SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, (ULONG_PTR)P,
                         h->Size, (ULONG_PTR)(guard + i), 0x24);
        }
    }
    RemoveEntryList(&h->Link);
    h->Magic = EXP_POOL_FREED;
    h->Caller = Caller;
    stats = ExpTagEntry(h->Tag);
    stats->Frees++;
    stats->BytesOutstanding -= h->Size;
    RtlFillMemory(h + 1, h->Size, EXP_POISON_BYTE);
    ExpPoison(h + 1, h->Size + EXP_GUARD_SIZE);
    InsertTailList(&ExpQuarantine, &h->Link);
    ExpQuarantineCount++;
    ExpQuarantineBytes += h->Size;
    ExpTrimQuarantine(FALSE);
    arch_intr_restore(flags);
}

PVOID NTAPI ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                  ULONG Tag)
{
    return ExpAllocateTracked(PoolType, NumberOfBytes, Tag, EXP_CHUNK_ALIGN,
                              KiCaller());
}

PVOID NTAPI ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                               ULONG Tag)
{
    PVOID p = ExpAllocateTracked(PoolType, NumberOfBytes, Tag, EXP_CHUNK_ALIGN,
                                 KiCaller());

    if (p) {
        RtlZeroMemory(p, NumberOfBytes);
    }
    return p;
}

PVOID NTAPI ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    POOL_TYPE type = (Flags & POOL_FLAG_PAGED) ? PagedPool : NonPagedPoolNx;
    PVOID p = ExpAllocateTracked(type, NumberOfBytes, Tag,
                                 (Flags & POOL_FLAG_CACHE_ALIGNED) ? 64 : 16,
                                 KiCaller());

    if (p && !(Flags & POOL_FLAG_UNINITIALIZED)) {
        RtlZeroMemory(p, NumberOfBytes);
    }
    if (!p && (Flags & POOL_FLAG_RAISE_ON_FAILURE)) {
        KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED,
                     (ULONG)STATUS_INSUFFICIENT_RESOURCES, KiCaller(),
                     NumberOfBytes, Tag);
    }
    return p;
}

VOID NTAPI ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    ExpFreeTracked(P, Tag, KiCaller());
}

VOID NTAPI ExFreePool(PVOID P)
{
    ExpFreeTracked(P, 0, KiCaller());
}

ULONG ExpPoolOutstanding(ULONG Tag, SIZE_T *Bytes)
{
    unsigned long flags = arch_intr_save();
    ULONG count = 0;
    SIZE_T bytes = 0;

    for (PLIST_ENTRY e = ExpLiveList.Flink; e != &ExpLiveList; e = e->Flink) {
        EXP_POOL_HEADER *h = CONTAINING_RECORD(e, EXP_POOL_HEADER, Link);

        if (Tag == 0 || h->Tag == Tag) {
            count++;
            bytes += h->Size;
        }
    }
    arch_intr_restore(flags);
    if (Bytes) {
        *Bytes = bytes;
    }
    return count;
}

BOOLEAN ExpPoolTagStats(ULONG Tag, EX_POOL_TAG_STATS *Stats)
{
    for (ULONG i = 0; i < ExpTagCount; i++) {
        if (ExpTags[i].Tag == Tag) {
            *Stats = ExpTags[i];
            return TRUE;
        }
    }
    return FALSE;
}

VOID ExpDumpPoolTags(VOID)
{
    for (ULONG i = 0; i < ExpTagCount; i++) {
        char name[5];

        ExpTagName(ExpTags[i].Tag, name);
        DbgPrint("pool: tag '%s' allocs %u frees %u bytes %llu\n", name,
                 ExpTags[i].Allocations, ExpTags[i].Frees,
                 (unsigned long long)ExpTags[i].BytesOutstanding);
    }
}

VOID ExpCheckLeaks(VOID)
{
    SIZE_T bytes;
    ULONG count = ExpPoolOutstanding(0, &bytes);
    ULONG lines = 0;
    ULONG firstTag = 0;

    if (count == 0) {
        return;
    }
    for (PLIST_ENTRY e = ExpLiveList.Flink; e != &ExpLiveList; e = e->Flink) {
        EXP_POOL_HEADER *h = CONTAINING_RECORD(e, EXP_POOL_HEADER, Link);
        char name[5];

        if (!firstTag) {
            firstTag = h->Tag;
        }
        if (lines++ < EXP_LEAK_LINES) {
            ExpTagName(h->Tag, name);
            DbgPrint("pool leak: tag '%s' %llu bytes at %p (allocation #%u, "
                     "caller %p)\n", name, (unsigned long long)h->Size,
                     (PVOID)(h + 1), h->Sequence, (PVOID)h->Caller);
        }
    }
    DbgPrint("pool leak: %u blocks, %llu bytes outstanding\n", count,
             (unsigned long long)bytes);
    KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                 VERIFIER_POOL_LEAK_ON_UNLOAD, count, bytes, firstTag);
}

/* ---- Contiguous memory ---- */

static SIZE_T ExpRoundUpPow2(SIZE_T v)
{
    SIZE_T p = PAGE_SIZE;

    while (p < v) {
        p <<= 1;
    }
    return p;
}

PVOID NTAPI MmAllocateContiguousMemorySpecifyCache(
    SIZE_T NumberOfBytes, PHYSICAL_ADDRESS LowestAcceptableAddress,
    PHYSICAL_ADDRESS HighestAcceptableAddress,
    PHYSICAL_ADDRESS BoundaryAddressMultiple, MEMORY_CACHING_TYPE CacheType)
{
    SIZE_T size = ROUND_TO_PAGES(NumberOfBytes);
    SIZE_T align = PAGE_SIZE;
    PVOID p;
    uint64_t pa;

    UNREFERENCED_PARAMETER(CacheType);
    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, 0, KiIrql, 0, KiCaller());
    }
    if (size == 0) {
        return NULL;
    }
    /* A naturally aligned power-of-two block crosses no boundary >= it. */
    if (BoundaryAddressMultiple.QuadPart) {
        if ((ULONGLONG)BoundaryAddressMultiple.QuadPart < size) {
            return NULL;
        }
        align = ExpRoundUpPow2(size);
    }
    p = ExpAllocateTracked(NonPagedPoolNx, size, EXP_CONTIGUOUS_TAG, align,
                           KiCaller());
    if (!p) {
        return NULL;
    }
    pa = arch_virt_to_phys(p);
    if (pa < (uint64_t)LowestAcceptableAddress.QuadPart ||
        pa + size - 1 > (uint64_t)HighestAcceptableAddress.QuadPart) {
        ExpFreeTracked(p, EXP_CONTIGUOUS_TAG, KiCaller());
        return NULL;
    }
    return p;
}

PVOID NTAPI MmAllocateContiguousMemory(
    SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress)
{
    PHYSICAL_ADDRESS zero = { .QuadPart = 0 };

    return MmAllocateContiguousMemorySpecifyCache(
        NumberOfBytes, zero, HighestAcceptableAddress, zero, MmCached);
}

VOID NTAPI MmFreeContiguousMemory(PVOID BaseAddress)
{
    ExpFreeTracked(BaseAddress, EXP_CONTIGUOUS_TAG, KiCaller());
}

VOID NTAPI MmFreeContiguousMemorySpecifyCache(PVOID BaseAddress,
                                              SIZE_T NumberOfBytes,
                                              MEMORY_CACHING_TYPE CacheType)
{
    UNREFERENCED_PARAMETER(NumberOfBytes);
    UNREFERENCED_PARAMETER(CacheType);
    ExpFreeTracked(BaseAddress, EXP_CONTIGUOUS_TAG, KiCaller());
}

PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(PVOID BaseAddress)
{
    PHYSICAL_ADDRESS pa;

    pa.QuadPart = (LONGLONG)arch_virt_to_phys(BaseAddress);
    return pa;
}

PVOID NTAPI MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
                         MEMORY_CACHING_TYPE CacheType)
{
    UNREFERENCED_PARAMETER(NumberOfBytes);
    UNREFERENCED_PARAMETER(CacheType);
    return (PVOID)(uintptr_t)PhysicalAddress.QuadPart;
}

VOID NTAPI MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
    UNREFERENCED_PARAMETER(BaseAddress);
    UNREFERENCED_PARAMETER(NumberOfBytes);
}

BOOLEAN NTAPI MmIsAddressValid(PVOID VirtualAddress)
{
    return (uintptr_t)VirtualAddress >= PAGE_SIZE &&
           (uintptr_t)VirtualAddress < 0x100000000ull;
}
