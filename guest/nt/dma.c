/* SPDX-License-Identifier: MIT */
/*
 * Bus-master DMA adapters: common buffers only (what WaveCyclic and WavePci
 * miniports use). Without an IOMMU the logical address is the physical one.
 * PutDmaAdapter frees the adapter; common buffers must be freed before.
 */
#include "ki.h"

#define IOP_DMA_TAG 'AamD'  /* "DmaA" */

typedef struct _IOP_DMA_ADAPTER {
    DMA_ADAPTER Adapter;
    PDEVICE_OBJECT Pdo;
    ULONGLONG HighestAddress;
    ULONG CommonBuffers;
} IOP_DMA_ADAPTER;

static VOID NTAPI IopPutDmaAdapter(PDMA_ADAPTER DmaAdapter)
{
    IOP_DMA_ADAPTER *a =
        CONTAINING_RECORD(DmaAdapter, IOP_DMA_ADAPTER, Adapter);

    if (a->CommonBuffers) {
        DbgPrint("PutDmaAdapter(%p): %u common buffers still allocated\n",
                 DmaAdapter, a->CommonBuffers);
    }
    ExFreePoolWithTag(a, IOP_DMA_TAG);
}

static PVOID NTAPI IopAllocateCommonBuffer(PDMA_ADAPTER DmaAdapter,
                                           ULONG Length,
                                           PPHYSICAL_ADDRESS LogicalAddress,
                                           BOOLEAN CacheEnabled)
{
    IOP_DMA_ADAPTER *a =
        CONTAINING_RECORD(DmaAdapter, IOP_DMA_ADAPTER, Adapter);
    PHYSICAL_ADDRESS low = { .QuadPart = 0 };
    PHYSICAL_ADDRESS high = { .QuadPart = (LONGLONG)a->HighestAddress };
    PHYSICAL_ADDRESS boundary = { .QuadPart = 0 };
    PVOID va;

    va = MmAllocateContiguousMemorySpecifyCache(
        Length, low, high, boundary, CacheEnabled ? MmCached : MmNonCached);
    if (!va) {
        LogicalAddress->QuadPart = 0;
        return NULL;
    }
    *LogicalAddress = MmGetPhysicalAddress(va);
    a->CommonBuffers++;
    return va;
}

static VOID NTAPI IopFreeCommonBuffer(PDMA_ADAPTER DmaAdapter, ULONG Length,
                                      PHYSICAL_ADDRESS LogicalAddress,
                                      PVOID VirtualAddress,
                                      BOOLEAN CacheEnabled)
{
    IOP_DMA_ADAPTER *a =
        CONTAINING_RECORD(DmaAdapter, IOP_DMA_ADAPTER, Adapter);

    UNREFERENCED_PARAMETER(LogicalAddress);
    MmFreeContiguousMemorySpecifyCache(VirtualAddress, Length,
                                       CacheEnabled ? MmCached : MmNonCached);
    a->CommonBuffers--;
}

static ULONG NTAPI IopGetDmaAlignment(PDMA_ADAPTER DmaAdapter)
{
    UNREFERENCED_PARAMETER(DmaAdapter);
    return 1;
}

static const DMA_OPERATIONS IopDmaOperations = {
    .Size = sizeof(DMA_OPERATIONS),
    .PutDmaAdapter = IopPutDmaAdapter,
    .AllocateCommonBuffer = IopAllocateCommonBuffer,
    .FreeCommonBuffer = IopFreeCommonBuffer,
    .GetDmaAlignment = IopGetDmaAlignment,
};

PDMA_ADAPTER NTAPI IoGetDmaAdapter(PDEVICE_OBJECT PhysicalDeviceObject,
                                   PDEVICE_DESCRIPTION DeviceDescription,
                                   PULONG NumberOfMapRegisters)
{
    IOP_DMA_ADAPTER *a;

    PAGED_CODE();
    if (!DeviceDescription || !DeviceDescription->Master) {
        return NULL;
    }
    a = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*a), IOP_DMA_TAG);
    if (!a) {
        return NULL;
    }
    a->Adapter.Version = 1;
    a->Adapter.Size = sizeof(DMA_ADAPTER);
    a->Adapter.DmaOperations = &IopDmaOperations;
    a->Pdo = PhysicalDeviceObject;
    a->HighestAddress = DeviceDescription->Dma64BitAddresses ? ~0ull
                        : DeviceDescription->Dma32BitAddresses ? 0xffffffffull
                                                                : 0xffffffull;
    if (NumberOfMapRegisters) {
        *NumberOfMapRegisters =
            DeviceDescription->MaximumLength / PAGE_SIZE + 1;
    }
    return &a->Adapter;
}
