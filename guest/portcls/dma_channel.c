/* SPDX-License-Identifier: MIT */
/*
 * IDmaChannel / IDmaChannelSlave over one physically contiguous common
 * buffer. Not thread safe, as documented: the miniport serialises calls.
 * The buffer is freed by FreeBuffer or the final Release, never by both.
 */
#include "private.h"

typedef struct CDmaChannel {
    IDmaChannelSlave Iface;  /* its first 15 slots are IDmaChannel's */
    COM_REF Ref;
    BOOLEAN Slave;
    PDEVICE_OBJECT DeviceObject;      /* FDO of the port, for the adapter */
    PDMA_ADAPTER Adapter;             /* lazily from IoGetDmaAdapter */
    ULONG MaximumLength;
    BOOLEAN Dma32BitAddresses;
    BOOLEAN Dma64BitAddresses;
    PVOID Buffer;
    PHYSICAL_ADDRESS Physical;
    ULONG AllocatedSize;
    ULONG BufferSize;
    ULONG TransferCount;
} CDmaChannel;

_Static_assert(offsetof(IDmaChannelSlaveVtbl, CopyFrom) ==
               offsetof(IDmaChannelVtbl, CopyFrom),
               "IDmaChannelSlave extends IDmaChannel");

static CDmaChannel *CDmaChannel_From(IDmaChannelSlave *This)
{
    return CONTAINING_RECORD(This, CDmaChannel, Iface);
}

static const COM_QI_ENTRY CDmaChannel_Qi[] = {
    { &IID_IUnknown, offsetof(CDmaChannel, Iface) },
    { &IID_IDmaChannel, offsetof(CDmaChannel, Iface) },
};

static NTSTATUS NTAPI CDmaChannel_QueryInterface(IDmaChannelSlave *This,
                                                 REFIID Iid, PVOID *Object)
{
    CDmaChannel *dma = CDmaChannel_From(This);

    if (dma->Slave && IsEqualGUIDAligned(Iid, &IID_IDmaChannelSlave)) {
        COM_CALL(This, AddRef);
        *Object = This;
        return STATUS_SUCCESS;
    }
    return ComQueryInterface(dma, CDmaChannel_Qi,
                             COM_ARRAY_SIZE(CDmaChannel_Qi), Iid, Object);
}

static ULONG NTAPI CDmaChannel_AddRef(IDmaChannelSlave *This)
{
    return ComRefAddRef(&CDmaChannel_From(This)->Ref);
}

static VOID NTAPI CDmaChannel_FreeBuffer(IDmaChannelSlave *This)
{
    CDmaChannel *dma = CDmaChannel_From(This);

    if (dma->Buffer != NULL) {
        MmFreeContiguousMemory(dma->Buffer);
        dma->Buffer = NULL;
        dma->Physical.QuadPart = 0;
        dma->AllocatedSize = 0;
        dma->BufferSize = 0;
    }
}

static ULONG NTAPI CDmaChannel_Release(IDmaChannelSlave *This)
{
    CDmaChannel *dma = CDmaChannel_From(This);
    ULONG count = ComRefRelease(&dma->Ref);

    if (count == 0) {
        CDmaChannel_FreeBuffer(This);
        if (dma->Adapter != NULL) {
            dma->Adapter->DmaOperations->PutDmaAdapter(dma->Adapter);
        }
        ExFreePoolWithTag(dma, PCP_TAG_DMA);
    }
    return count;
}

/* PASSIVE_LEVEL. Constraint (optional) is a boundary mask the buffer must not
 * cross, e.g. 0xFFFF for 64 KiB. */
static NTSTATUS NTAPI CDmaChannel_AllocateBuffer(
    IDmaChannelSlave *This, ULONG BufferSize,
    PPHYSICAL_ADDRESS PhysicalAddressConstraint)
{
    CDmaChannel *dma = CDmaChannel_From(This);
    PHYSICAL_ADDRESS highest;

    PAGED_CODE();
    if (dma->Buffer != NULL) {
        return STATUS_UNSUCCESSFUL;
    }
    if (BufferSize == 0 ||
        (dma->MaximumLength != 0 && BufferSize > dma->MaximumLength)) {
        return STATUS_INVALID_PARAMETER;
    }
    highest.QuadPart = dma->Dma64BitAddresses ? -1LL :
                       dma->Dma32BitAddresses ? 0xFFFFFFFFLL : 0x00FFFFFFLL;
    dma->Buffer = MmAllocateContiguousMemory(BufferSize, highest);
    if (dma->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    dma->Physical = MmGetPhysicalAddress(dma->Buffer);
    if (PhysicalAddressConstraint != NULL &&
        PhysicalAddressConstraint->QuadPart != 0 &&
        (dma->Physical.QuadPart & ~PhysicalAddressConstraint->QuadPart) !=
        ((dma->Physical.QuadPart + BufferSize - 1) &
         ~PhysicalAddressConstraint->QuadPart)) {
        CDmaChannel_FreeBuffer(This);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(dma->Buffer, BufferSize);
    dma->AllocatedSize = BufferSize;
    dma->BufferSize = BufferSize;
    return STATUS_SUCCESS;
}

static ULONG NTAPI CDmaChannel_TransferCount(IDmaChannelSlave *This)
{
    return CDmaChannel_From(This)->TransferCount;
}

static ULONG NTAPI CDmaChannel_MaximumBufferSize(IDmaChannelSlave *This)
{
    return CDmaChannel_From(This)->MaximumLength;
}

static ULONG NTAPI CDmaChannel_AllocatedBufferSize(IDmaChannelSlave *This)
{
    return CDmaChannel_From(This)->AllocatedSize;
}

static ULONG NTAPI CDmaChannel_BufferSize(IDmaChannelSlave *This)
{
    return CDmaChannel_From(This)->BufferSize;
}

/* The cyclic length the port wraps at; never more than was allocated. */
static VOID NTAPI CDmaChannel_SetBufferSize(IDmaChannelSlave *This,
                                            ULONG BufferSize)
{
    CDmaChannel *dma = CDmaChannel_From(This);

    dma->BufferSize = min(BufferSize, dma->AllocatedSize);
}

static PVOID NTAPI CDmaChannel_SystemAddress(IDmaChannelSlave *This)
{
    return CDmaChannel_From(This)->Buffer;
}

static PHYSICAL_ADDRESS NTAPI CDmaChannel_PhysicalAddress(
    IDmaChannelSlave *This)
{
    return CDmaChannel_From(This)->Physical;
}

/* PASSIVE_LEVEL on first use: the bus-master adapter of the device's PDO. */
static PADAPTER_OBJECT NTAPI CDmaChannel_GetAdapterObject(
    IDmaChannelSlave *This)
{
    CDmaChannel *dma = CDmaChannel_From(This);
    PCP_DEVICE_EXTENSION *ext = PcpGetExtension(dma->DeviceObject);

    if (dma->Adapter == NULL && ext != NULL &&
        ext->PhysicalDeviceObject != NULL) {
        DEVICE_DESCRIPTION desc;
        ULONG mapRegisters = 0;

        RtlZeroMemory(&desc, sizeof(desc));
        desc.Version = DEVICE_DESCRIPTION_VERSION;
        desc.Master = TRUE;
        desc.Dma32BitAddresses = dma->Dma32BitAddresses;
        desc.Dma64BitAddresses = dma->Dma64BitAddresses;
        desc.InterfaceType = PCIBus;
        desc.MaximumLength = dma->MaximumLength;
        dma->Adapter = IoGetDmaAdapter(ext->PhysicalDeviceObject, &desc,
                                       &mapRegisters);
    }
    return dma->Adapter;
}

static VOID NTAPI CDmaChannel_CopyTo(IDmaChannelSlave *This,
                                     PVOID Destination, PVOID Source,
                                     ULONG ByteCount)
{
    UNREFERENCED_PARAMETER(This);
    RtlCopyMemory(Destination, Source, ByteCount);
}

static VOID NTAPI CDmaChannel_CopyFrom(IDmaChannelSlave *This,
                                       PVOID Destination, PVOID Source,
                                       ULONG ByteCount)
{
    UNREFERENCED_PARAMETER(This);
    RtlCopyMemory(Destination, Source, ByteCount);
}

/*
 * Deviation: there is no system (8237) DMA controller behind slave channels
 * here, so the slave-only methods fail instead of pretending to transfer.
 */
static NTSTATUS NTAPI CDmaChannel_Start(IDmaChannelSlave *This, ULONG MapSize,
                                        BOOLEAN WriteToDevice)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(WriteToDevice);
    UNREFERENCED_PARAMETER(MapSize);
    DPF(D_TERSE, "IDmaChannelSlave::Start: no system DMA controller");
    return STATUS_NOT_IMPLEMENTED;
}

static NTSTATUS NTAPI CDmaChannel_Stop(IDmaChannelSlave *This)
{
    UNREFERENCED_PARAMETER(This);
    return STATUS_NOT_IMPLEMENTED;
}

static ULONG NTAPI CDmaChannel_ReadCounter(IDmaChannelSlave *This)
{
    UNREFERENCED_PARAMETER(This);
    return 0;
}

static NTSTATUS NTAPI CDmaChannel_WaitForTC(IDmaChannelSlave *This,
                                            ULONG Timeout)
{
    UNREFERENCED_PARAMETER(This);
    UNREFERENCED_PARAMETER(Timeout);
    return STATUS_NOT_IMPLEMENTED;
}

static const IDmaChannelSlaveVtbl CDmaChannel_Vtbl = {
    .QueryInterface = CDmaChannel_QueryInterface,
    .AddRef = CDmaChannel_AddRef,
    .Release = CDmaChannel_Release,
    .AllocateBuffer = CDmaChannel_AllocateBuffer,
    .FreeBuffer = CDmaChannel_FreeBuffer,
    .TransferCount = CDmaChannel_TransferCount,
    .MaximumBufferSize = CDmaChannel_MaximumBufferSize,
    .AllocatedBufferSize = CDmaChannel_AllocatedBufferSize,
    .BufferSize = CDmaChannel_BufferSize,
    .SetBufferSize = CDmaChannel_SetBufferSize,
    .SystemAddress = CDmaChannel_SystemAddress,
    .PhysicalAddress = CDmaChannel_PhysicalAddress,
    .GetAdapterObject = CDmaChannel_GetAdapterObject,
    .CopyTo = CDmaChannel_CopyTo,
    .CopyFrom = CDmaChannel_CopyFrom,
    .Start = CDmaChannel_Start,
    .Stop = CDmaChannel_Stop,
    .ReadCounter = CDmaChannel_ReadCounter,
    .WaitForTC = CDmaChannel_WaitForTC,
};

NTSTATUS PcpNewDmaChannel(PDMACHANNELSLAVE *OutDmaChannel, BOOLEAN Slave,
                          PDEVICE_OBJECT DeviceObject, ULONG MaximumLength,
                          BOOLEAN Dma32BitAddresses,
                          BOOLEAN Dma64BitAddresses)
{
    CDmaChannel *dma;

    *OutDmaChannel = NULL;
    dma = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*dma), PCP_TAG_DMA);
    if (dma == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    dma->Iface.lpVtbl = &CDmaChannel_Vtbl;
    ComRefInit(&dma->Ref);
    dma->Slave = Slave;
    dma->DeviceObject = DeviceObject;
    dma->MaximumLength = MaximumLength;
    dma->Dma32BitAddresses = Dma32BitAddresses;
    dma->Dma64BitAddresses = Dma64BitAddresses;
    *OutDmaChannel = &dma->Iface;
    return STATUS_SUCCESS;
}

/*
 * The description says what the port's NewXxxDmaChannel methods take as
 * arguments: master or slave, the addressing and the buffer limit.
 * Deviation: aggregation (OuterUnknown) is not supported, as in those
 * methods; PoolType is accepted and the channel is always nonpaged.
 */
NTSTATUS NTAPI PcNewDmaChannel(PDMACHANNEL *OutDmaChannel,
                               PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                               PDEVICE_DESCRIPTION DeviceDescription,
                               PDEVICE_OBJECT DeviceObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(PoolType);
    if (OutDmaChannel == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *OutDmaChannel = NULL;
    if (OuterUnknown != NULL || DeviceDescription == NULL ||
        PcpGetExtension(DeviceObject) == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    return PcpNewDmaChannel((PDMACHANNELSLAVE *)OutDmaChannel,
                            !DeviceDescription->Master, DeviceObject,
                            DeviceDescription->MaximumLength,
                            DeviceDescription->Dma32BitAddresses,
                            DeviceDescription->Dma64BitAddresses);
}
