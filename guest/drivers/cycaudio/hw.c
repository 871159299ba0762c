/* SPDX-License-Identifier: MIT */
/*
 * cycaudio register access (see hw.h). Offsets, fields and limits come from
 * regs.h only; the programming model they follow is docs/cycaudio.rst.
 */
#include "cycaudio.h"
#include "hw.h"

/* Released hardware (PnP stop) reads as a device outside D0 would. */
ULONG CycHwRead(PCYC_HW Hw, ULONG Offset)
{
    if (Hw->Registers == NULL) {
        return CYC_PM_OFF_READ;
    }
    return READ_REGISTER_ULONG((volatile ULONG *)(Hw->Registers + Offset));
}

VOID CycHwWrite(PCYC_HW Hw, ULONG Offset, ULONG Value)
{
    if (Hw->Registers == NULL) {
        return;
    }
    WRITE_REGISTER_ULONG((volatile ULONG *)(Hw->Registers + Offset), Value);
}

static ULONG CycHwStreamRead(PCYC_HW Hw, ULONG Block, ULONG Register)
{
    return CycHwRead(Hw, CYC_STREAM_OFF(Block) + Register);
}

static VOID CycHwStreamWrite(PCYC_HW Hw, ULONG Block, ULONG Register,
                             ULONG Value)
{
    CycHwWrite(Hw, CYC_STREAM_OFF(Block) + Register, Value);
}

NTSTATUS CycHwConnect(PCYC_HW Hw, PHYSICAL_ADDRESS Base, ULONG Length)
{
    ULONG version;

    PAGED_CODE();
    if (Length < CYC_BAR0_SIZE) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    Hw->Registers = MmMapIoSpace(Base, CYC_BAR0_SIZE, MmNonCached);
    if (Hw->Registers == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Hw->RegistersLength = CYC_BAR0_SIZE;
    version = CycHwRead(Hw, CYC_REG_VERSION);
    if (CycHwRead(Hw, CYC_REG_ID) != CYC_ID_VALUE ||
        CYC_GET(version, CYC_VERSION_MAJOR) != CYC_ABI_MAJOR) {
        MmUnmapIoSpace((PVOID)Hw->Registers, Hw->RegistersLength);
        Hw->Registers = NULL;
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    CycHwWrite(Hw, CYC_REG_GCTL, CYC_SET(0, CYC_GCTL_GRST, 1));
    Hw->Caps = CycHwRead(Hw, CYC_REG_CAPS);
    Hw->FifoFrames = CycHwRead(Hw, CYC_REG_FIFOSZ);
    Hw->IntCtl = CYC_SET(0, CYC_INTCTL_GIE, 1);
    CycHwWrite(Hw, CYC_REG_INTCTL, Hw->IntCtl);
    return STATUS_SUCCESS;
}

VOID CycHwDisconnect(PCYC_HW Hw)
{
    PAGED_CODE();
    if (Hw->Registers == NULL) {
        return;
    }
    CycHwWrite(Hw, CYC_REG_GCTL, CYC_SET(0, CYC_GCTL_GRST, 1));
    MmUnmapIoSpace((PVOID)Hw->Registers, Hw->RegistersLength);
    Hw->Registers = NULL;
}

ULONG CycHwStreamCount(const CYC_HW *Hw, BOOLEAN Capture)
{
    return Capture ? CYC_GET(Hw->Caps, CYC_CAPS_NCAPTURE) :
           CYC_GET(Hw->Caps, CYC_CAPS_NRENDER);
}

ULONG CycHwStreamBlock(BOOLEAN Capture, ULONG Index)
{
    return Capture ? CYC_CAPTURE_BLOCK(Index) : CYC_RENDER_BLOCK(Index);
}

BOOLEAN CycHwHasSource(const CYC_HW *Hw, ULONG Select)
{
    switch (Select) {
    case CYC_SRC_GENERATOR:
        return CYC_GET(Hw->Caps, CYC_CAPS_GEN) != 0;
    case CYC_SRC_LOOPBACK:
        return CYC_GET(Hw->Caps, CYC_CAPS_LOOPBACK) != 0;
    default:
        return TRUE;
    }
}

VOID CycHwStreamReset(PCYC_HW Hw, ULONG Block)
{
    CycHwStreamWrite(Hw, Block, CYC_SD_CTL, CYC_SET(0, CYC_CTL_SRST, 1));
}

VOID CycHwStreamProgram(PCYC_HW Hw, ULONG Block, const CYC_HW_FORMAT *Format,
                        PHYSICAL_ADDRESS Buffer, ULONG BufferBytes,
                        ULONG PeriodBytes)
{
    ULONG fmt = 0;

    fmt = CYC_SET(fmt, CYC_FMT_RATE, Format->Rate);
    fmt = CYC_SET(fmt, CYC_FMT_CHANNELS, Format->Channels);
    fmt = CYC_SET(fmt, CYC_FMT_SFMT, Format->SampleFormat);
    CycHwStreamWrite(Hw, Block, CYC_SD_FMT, fmt);
    CycHwStreamWrite(Hw, Block, CYC_SD_BUF_LO,
                     (ULONG)(Buffer.QuadPart & 0xffffffffu));
    CycHwStreamWrite(Hw, Block, CYC_SD_BUF_HI,
                     (ULONG)((ULONGLONG)Buffer.QuadPart >> 32));
    CycHwStreamWrite(Hw, Block, CYC_SD_BSIZE, BufferBytes);
    CycHwStreamWrite(Hw, Block, CYC_SD_PSIZE, PeriodBytes);
    CycHwStreamWrite(Hw, Block, CYC_SD_VOL, CYC_SET(0, CYC_VOL_ATT, 0));
}

VOID CycHwStreamSetPeriod(PCYC_HW Hw, ULONG Block, ULONG PeriodBytes)
{
    CycHwStreamWrite(Hw, Block, CYC_SD_PSIZE, PeriodBytes);
}

VOID CycHwStreamSetState(PCYC_HW Hw, ULONG Block, ULONG State)
{
    ULONG ctl = 0;

    ctl = CYC_SET(ctl, CYC_CTL_STATE, State);
    ctl = CYC_SET(ctl, CYC_CTL_PIE, 1);
    ctl = CYC_SET(ctl, CYC_CTL_EIE, 1);
    ctl = CYC_SET(ctl, CYC_CTL_MODE, CYC_MODE_CYCLIC);
    ctl = CYC_SET(ctl, CYC_CTL_POSWB,
                  (Hw->PositionWriteBackBlocks >> Block) & 1);
    CycHwStreamWrite(Hw, Block, CYC_SD_CTL, ctl);
}

VOID CycHwSetPositionWriteBack(PCYC_HW Hw, PHYSICAL_ADDRESS Base)
{
    CycHwWrite(Hw, CYC_REG_POSWB_LO, (ULONG)(Base.QuadPart & 0xffffffffu));
    CycHwWrite(Hw, CYC_REG_POSWB_HI, (ULONG)((ULONGLONG)Base.QuadPart >> 32));
}

VOID CycHwStreamSetPositionWriteBack(PCYC_HW Hw, ULONG Block, BOOLEAN Enable)
{
    if (Enable) {
        Hw->PositionWriteBackBlocks |= 1u << Block;
    } else {
        Hw->PositionWriteBackBlocks &= ~(1u << Block);
    }
}

volatile ULONG *CycHwStreamRegister(PCYC_HW Hw, ULONG Block, ULONG Register)
{
    return CycHwRegister(Hw, CYC_STREAM_OFF(Block) + Register);
}

volatile ULONG *CycHwRegister(PCYC_HW Hw, ULONG Offset)
{
    return (volatile ULONG *)(Hw->Registers + Offset);
}

ULONG CycHwStreamPosition(PCYC_HW Hw, ULONG Block)
{
    return CycHwStreamRead(Hw, Block, CYC_SD_POS);
}

/* A device that is gone (all ones) has nothing to report. */
ULONG CycHwStreamError(PCYC_HW Hw, ULONG Block)
{
    ULONG err = CycHwStreamRead(Hw, Block, CYC_SD_ERR);

    return err == CYC_PM_OFF_READ ? CYC_ERR_NONE : err;
}

BOOLEAN CycHwStreamDraining(PCYC_HW Hw, ULONG Block)
{
    ULONG sts = CycHwStreamRead(Hw, Block, CYC_SD_STS);

    return sts != CYC_PM_OFF_READ && CYC_GET(sts, CYC_STS_DRAINING) != 0;
}

ULONG CycHwStreamPeriods(PCYC_HW Hw, ULONG Block)
{
    return CycHwStreamRead(Hw, Block, CYC_SD_PCOUNT);
}

ULONGLONG CycHwStreamFrames(PCYC_HW Hw, ULONG Block)
{
    /* Reading the low half latches the high half. */
    ULONG lo = CycHwStreamRead(Hw, Block, CYC_SD_FRAMES_LO);
    ULONG hi = CycHwStreamRead(Hw, Block, CYC_SD_FRAMES_HI);

    return ((ULONGLONG)hi << 32) | lo;
}

ULONG CycHwStreamOverruns(PCYC_HW Hw, ULONG Block)
{
    return CycHwStreamRead(Hw, Block, CYC_SD_OVERRUNS);
}

VOID CycHwStreamSetSource(PCYC_HW Hw, ULONG Block, ULONG Select,
                          ULONG LoopStream)
{
    ULONG src = 0;

    src = CYC_SET(src, CYC_SRC_SEL, Select);
    src = CYC_SET(src, CYC_SRC_LOOP, LoopStream);
    CycHwStreamWrite(Hw, Block, CYC_SD_SRC, src);
}

ULONG CycHwPendingBlocks(PCYC_HW Hw)
{
    ULONG sts = CycHwRead(Hw, CYC_REG_INTSTS);

    /* outside D0 (or unplugged) the BAR reads all ones: not ours */
    if (sts == CYC_PM_OFF_READ) {
        return 0;
    }
    return CYC_GET(sts, CYC_INTSTS_SIS) & CYC_GET(Hw->IntCtl, CYC_INTCTL_SIE);
}

ULONG CycHwStreamAcknowledge(PCYC_HW Hw, ULONG Block)
{
    ULONG events = CycHwStreamRead(Hw, Block, CYC_SD_STS) & CYC_STS_W1C_MASK;

    if (events != 0) {
        CycHwStreamWrite(Hw, Block, CYC_SD_STS, events);
    }
    return events;
}

VOID CycHwEnableBlockInterrupt(PCYC_HW Hw, ULONG Block, BOOLEAN Enable)
{
    ULONG sie = CYC_GET(Hw->IntCtl, CYC_INTCTL_SIE);

    if (Enable) {
        sie |= 1u << Block;
    } else {
        sie &= ~(1u << Block);
    }
    Hw->IntCtl = CYC_SET(Hw->IntCtl, CYC_INTCTL_SIE, sie);
    CycHwWrite(Hw, CYC_REG_INTCTL, Hw->IntCtl);
}

VOID CycHwSetMaster(PCYC_HW Hw, ULONG Attenuation, BOOLEAN Mute)
{
    ULONG vol = 0;

    vol = CYC_SET(vol, CYC_VOL_ATT, Attenuation);
    vol = CYC_SET(vol, CYC_VOL_MUTE, Mute ? 1 : 0);
    CycHwWrite(Hw, CYC_REG_MASTER, vol);
}

VOID CycHwEnableMidi(PCYC_HW Hw)
{
    CycHwWrite(Hw, CYC_MIDI_CTL, CYC_SET(CYC_SET(0, CYC_MIDI_CTL_EN, 1),
                                         CYC_MIDI_CTL_RXIE, 1));
    Hw->IntCtl = CYC_SET(Hw->IntCtl, CYC_INTCTL_MIDI, 1);
    CycHwWrite(Hw, CYC_REG_INTCTL, Hw->IntCtl);
}

ULONG CycHwMidiTxLevel(PCYC_HW Hw)
{
    return CYC_GET(CycHwRead(Hw, CYC_MIDI_STS), CYC_MIDI_STS_TXLVL);
}

/*
 * Before D3hot, which empties every FIFO: every render block plays what it
 * fetched and the MIDI UART sends its TX FIFO (the bytes a paused Midi pin
 * wrote last would never leave), or TimeoutUs passes. Returns the time
 * waited, polling every PollUs.
 */
ULONG CycHwDrainForD3(PCYC_HW Hw, ULONG TimeoutUs, ULONG PollUs)
{
    ULONG waited = 0;

    for (ULONG i = 0; i < CycHwStreamCount(Hw, FALSE); i++) {
        ULONG block = CycHwStreamBlock(FALSE, i);

        while (CycHwStreamDraining(Hw, block) && waited < TimeoutUs) {
            KeStallExecutionProcessor(PollUs);
            waited += PollUs;
        }
    }
    while (CYC_GET(Hw->Caps, CYC_CAPS_MIDI) != 0 &&
           CycHwMidiTxLevel(Hw) != 0 && waited < TimeoutUs) {
        KeStallExecutionProcessor(PollUs);
        waited += PollUs;
    }
    return waited;
}

BOOLEAN CycHwGetMidiLoop(PCYC_HW Hw)
{
    return CYC_GET(CycHwRead(Hw, CYC_MIDI_CTL), CYC_MIDI_CTL_LOOP) != 0;
}

VOID CycHwSetMidiLoop(PCYC_HW Hw, BOOLEAN Loop)
{
    ULONG ctl = CycHwRead(Hw, CYC_MIDI_CTL);

    CycHwWrite(Hw, CYC_MIDI_CTL, CYC_SET(ctl, CYC_MIDI_CTL_LOOP, Loop ? 1 : 0));
}

VOID CycHwSetGenerator(PCYC_HW Hw, ULONG Mode, ULONG FrequencyHz)
{
    CycHwWrite(Hw, CYC_REG_GEN_FREQ, CYC_SET(0, CYC_GEN_FREQ_HZ, FrequencyHz));
    CycHwWrite(Hw, CYC_REG_GEN_CTL, CYC_SET(0, CYC_GEN_CTL_MODE, Mode));
}

BOOLEAN CycHwResume(PCYC_HW Hw)
{
    if (CycHwRead(Hw, CYC_REG_ID) != CYC_ID_VALUE) {
        return FALSE;
    }
    CycHwWrite(Hw, CYC_REG_INTCTL, Hw->IntCtl);
    if (CYC_GET(Hw->IntCtl, CYC_INTCTL_MIDI)) {
        CycHwEnableMidi(Hw);
    }
    return TRUE;
}

/* Scatter-gather ring (WavePci, ABI 1.3) ---------------------------------- */

VOID CycHwSgProgram(PCYC_HW Hw, ULONG Block, const CYC_HW_FORMAT *Format,
                    PHYSICAL_ADDRESS Ring, ULONG Count)
{
    CycHwStreamProgram(Hw, Block, Format, Ring, 0, 0);
    CycHwStreamWrite(Hw, Block, CYC_SD_SGCOUNT, Count);
    /* SGLVI + 1 == SGCUR (0): the ring starts empty. */
    CycHwStreamWrite(Hw, Block, CYC_SD_SGLVI, Count - 1);
}

VOID CycHwSgSetState(PCYC_HW Hw, ULONG Block, ULONG State)
{
    ULONG ctl = 0;

    ctl = CYC_SET(ctl, CYC_CTL_STATE, State);
    ctl = CYC_SET(ctl, CYC_CTL_PIE, 1);
    ctl = CYC_SET(ctl, CYC_CTL_EIE, 1);
    ctl = CYC_SET(ctl, CYC_CTL_UIE, 1);
    ctl = CYC_SET(ctl, CYC_CTL_MODE, CYC_MODE_SG);
    CycHwStreamWrite(Hw, Block, CYC_SD_CTL, ctl);
}

VOID CycHwSgSetLastValid(PCYC_HW Hw, ULONG Block, ULONG Index)
{
    CycHwStreamWrite(Hw, Block, CYC_SD_SGLVI, Index);
}

VOID CycStreamStatistics(PCYC_HW Hw, ULONG Block, ULONG Interrupts,
                         ULONG Errors, ULONG PeriodBytes, ULONG BufferBytes,
                         PCYC_STREAM_STATISTICS Statistics)
{
    RtlZeroMemory(Statistics, sizeof(*Statistics));
    Statistics->Interrupts = Interrupts;
    Statistics->Periods = CycHwStreamPeriods(Hw, Block);
    Statistics->Overruns = CycHwStreamOverruns(Hw, Block);
    Statistics->Errors = Errors;
    Statistics->LastError = CycHwStreamError(Hw, Block);
    Statistics->PeriodBytes = PeriodBytes;
    Statistics->BufferBytes = BufferBytes;
    Statistics->Frames = CycHwStreamFrames(Hw, Block);
}

/* Start offset (ABI 1.6) -------------------------------------------------- */

BOOLEAN CycHwStreamSetStartOffset(PCYC_HW Hw, ULONG Block, ULONG Bytes)
{
    if (CYC_GET(Hw->Caps, CYC_CAPS_SOFF) == 0) {
        return FALSE;
    }
    CycHwStreamWrite(Hw, Block, CYC_SD_SOFF, Bytes);
    return TRUE;
}

/* DMA ------------------------------------------------------------------- */

VOID CycHwDeviceDescription(PDEVICE_DESCRIPTION DeviceDescription)
{
    RtlZeroMemory(DeviceDescription, sizeof(*DeviceDescription));
    DeviceDescription->Version = DEVICE_DESCRIPTION_VERSION;
    DeviceDescription->Master = TRUE;
    DeviceDescription->ScatterGather = FALSE;
    DeviceDescription->Dma32BitAddresses = TRUE;
    DeviceDescription->Dma64BitAddresses = TRUE;
    DeviceDescription->InterfaceType = PCIBus;
    DeviceDescription->MaximumLength = CYC_BUFFER_MAX;
}
