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
                                CYC_SEQ_SAVED_EVENT *Saved, ULONG *Count)
{
    ULONG head = CycHwRead(Hw, CYC_SEQ_HEAD) & (DMUS_RING_EVENTS - 1);
    ULONG count = (Tail - head) & (DMUS_RING_EVENTS - 1);
    ULONG before = Saved != NULL ? *Count : 0;
    CYC_SEQ_SAVED_EVENT *saved;

    *Count = before;
    if (count == 0) {
        return Saved;
    }
    saved = ExAllocatePoolZero(NonPagedPoolNx,
                               (before + count) * sizeof(*saved), Tag);
    if (saved == NULL) {
        DPF(D_ERROR, "dmus: no memory to keep %u events across D3",
            (unsigned)count);
        return Saved;
    }
    if (Saved != NULL) {
        RtlCopyMemory(saved, Saved, before * sizeof(*saved));
        ExFreePoolWithTag(Saved, Tag);
    }
    for (ULONG i = 0; i < count; i++) {
        const UCHAR *slot = Ring +
                            (SIZE_T)((head + i) & (DMUS_RING_EVENTS - 1)) *
                            CYC_SEQ_EVENT_SIZE;
        LONGLONG wall = (LONGLONG)*(const volatile ULONGLONG *)
                        (slot + CYC_SEQ_EV_TIME);

        saved[before + i].Time = AnchorMaster +
                                 (wall - AnchorWall) / DMUS_NS_PER_100NS;
        saved[before + i].Message =
            *(const volatile ULONG *)(slot + CYC_SEQ_EV_MSG);
    }
    *Count = before + count;
    return saved;
}

/* Data bytes after a status byte; system common messages included. */
static UCHAR CycMidiDataBytes(UCHAR Status)
{
    switch (Status & 0xf0) {
    case 0xc0:
    case 0xd0:
        return 1;
    case 0xf0:
        return Status == 0xf2 ? 2 : (Status == 0xf1 || Status == 0xf3);
    default:
        return 2;
    }
}

BOOLEAN CycMidiParse(CYC_MIDI_PARSER *Parser, UCHAR Byte, PULONG Message)
{
    if (Byte >= 0xf8) {
        return FALSE;
    }
    if (Byte & 0x80) {
        Parser->InSysEx = Byte == 0xf0;
        Parser->Status = Byte < 0xf0 ? Byte : 0;
        Parser->Skip = Byte > 0xf0 && Byte != 0xf7 ?
                       CycMidiDataBytes(Byte) : 0;
        Parser->Have = 0;
        return FALSE;
    }
    if (Parser->InSysEx || Parser->Status == 0) {
        return FALSE;
    }
    if (Parser->Skip != 0) {
        Parser->Skip--;
        return FALSE;
    }
    Parser->Data[Parser->Have++] = Byte;
    if (Parser->Have != CycMidiDataBytes(Parser->Status)) {
        return FALSE;
    }
    *Message = Parser->Status | ((ULONG)Parser->Data[0] << 8) |
               (Parser->Have == 2 ? (ULONG)Parser->Data[1] << 16 : 0);
    Parser->Have = 0;
    return TRUE;
}

BOOLEAN CycSeqPut(PCYC_HW Hw, PUCHAR Ring, PULONG Tail, PULONG HeadSeen,
                  LONGLONG Wall, ULONG Message)
{
    UCHAR *slot = Ring + (SIZE_T)*Tail * CYC_SEQ_EVENT_SIZE;
    ULONG next = (*Tail + 1) & (DMUS_RING_EVENTS - 1);

    if (next == *HeadSeen) {
        *HeadSeen = CycHwRead(Hw, CYC_SEQ_HEAD);
        if (next == *HeadSeen) {
            return FALSE;
        }
    }
    *(volatile ULONGLONG *)(slot + CYC_SEQ_EV_TIME) =
        (ULONGLONG)max(Wall, 0LL);
    *(volatile ULONG *)(slot + CYC_SEQ_EV_MSG) = Message;
    *(volatile ULONG *)(slot + CYC_SEQ_EV_FLAGS) = 0;
    KeMemoryBarrier();
    *Tail = next;
    CycHwWrite(Hw, CYC_SEQ_TAIL, next);
    return TRUE;
}
