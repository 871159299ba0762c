/* SPDX-License-Identifier: MIT */
/*
 * The DMus synth stream's device side (see seqring.h), for both drivers'
 * DMus miniports.
 */
#include "seqring.h"

NTSTATUS CycSeqProgram(PCYC_HW Hw, ULONG Block, PVOID Silence, PVOID Ring)
{
    PHYSICAL_ADDRESS ring = MmGetPhysicalAddress(Ring);
    CYC_HW_FORMAT format = { CYC_DMUS_RATE, 2, CYC_SFMT_S16 };

    CycHwStreamProgram(Hw, Block, &format, MmGetPhysicalAddress(Silence),
                       DMUS_BUFFER_FRAMES * DMUS_FRAME_BYTES,
                       DMUS_PERIOD_FRAMES * DMUS_FRAME_BYTES);
    CycHwWrite(Hw, CYC_SEQ_SYNTH, CYC_SET(0, CYC_SEQ_SYNTH_STREAM, Block));
    CycHwWrite(Hw, CYC_SEQ_RING_LO, (ULONG)ring.QuadPart);
    CycHwWrite(Hw, CYC_SEQ_RING_HI, (ULONG)(ring.QuadPart >> 32));
    CycHwWrite(Hw, CYC_SEQ_RING_COUNT, DMUS_RING_EVENTS);
    CycHwWrite(Hw, CYC_SEQ_TAIL, 0);
    CycHwWrite(Hw, CYC_SEQ_CTL, CYC_SEQ_CTL_RST_MASK);
    CycHwWrite(Hw, CYC_SEQ_CTL, CYC_SEQ_CTL_EN_MASK);
    if (CycHwRead(Hw, CYC_SEQ_ERR) != CYC_SEQ_ERR_NONE) {
        DPF(D_ERROR, "dmus: sequencer refused the ring: error %u",
            (unsigned)CycHwRead(Hw, CYC_SEQ_ERR));
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

LONGLONG CycSeqWall(PCYC_HW Hw)
{
    ULONG lo = CycHwRead(Hw, CYC_REG_WALL_LO);

    return (LONGLONG)(((ULONGLONG)CycHwRead(Hw, CYC_REG_WALL_HI) << 32) | lo);
}

CYC_SEQ_SAVED_EVENT *CycSeqKeep(PCYC_HW Hw, const UCHAR *Ring, ULONG Tail,
                                LONGLONG AnchorWall,
                                REFERENCE_TIME AnchorMaster, ULONG Tag,
                                ULONG *Count)
{
    ULONG head = CycHwRead(Hw, CYC_SEQ_HEAD) & (DMUS_RING_EVENTS - 1);
    ULONG count = (Tail - head) & (DMUS_RING_EVENTS - 1);
    CYC_SEQ_SAVED_EVENT *saved;

    *Count = 0;
    if (count == 0) {
        return NULL;
    }
    saved = ExAllocatePoolZero(NonPagedPoolNx, count * sizeof(*saved), Tag);
    if (saved == NULL) {
        DPF(D_ERROR, "dmus: no memory to keep %u events across D3",
            (unsigned)count);
        return NULL;
    }
    for (ULONG i = 0; i < count; i++) {
        const UCHAR *slot = Ring +
                            (SIZE_T)((head + i) & (DMUS_RING_EVENTS - 1)) *
                            CYC_SEQ_EVENT_SIZE;
        LONGLONG wall = (LONGLONG)*(const volatile ULONGLONG *)
                        (slot + CYC_SEQ_EV_TIME);

        saved[i].Time = AnchorMaster +
                        (wall - AnchorWall) / DMUS_NS_PER_100NS;
        saved[i].Message = *(const volatile ULONG *)(slot + CYC_SEQ_EV_MSG);
    }
    *Count = count;
    return saved;
}
