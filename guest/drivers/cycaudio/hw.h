/* SPDX-License-Identifier: MIT */
/*
 * cycaudio register access: the only code that reads or writes the device's
 * BAR. Everything above speaks in stream blocks, states and byte counts. The
 * INTCTL mirror is changed only under the adapter's interrupt sync (the ISR
 * reads it); all other routines touch registers their caller owns (a stream's
 * block, the mixer) and may run at any IRQL <= DIRQL.
 */
#ifndef CYCAUDIO_HW_H
#define CYCAUDIO_HW_H

#include <wdm.h>
#include <cycaudio/regs.h>
#include <cycprop.h>

typedef struct CYC_HW {
    volatile UCHAR *Registers;  /* BAR0, mapped non-cached */
    ULONG RegistersLength;
    ULONG Caps;                 /* CYC_REG_CAPS at connect */
    ULONG FifoFrames;           /* CYC_REG_FIFOSZ at connect */
    /* mirror of CYC_REG_INTCTL (interrupt sync held) */
    ULONG IntCtl;
    /* blocks whose CTL carries POSWB (WaveRT streams) */
    ULONG PositionWriteBackBlocks;
} CYC_HW, *PCYC_HW;

/* The format of one stream as the FMT register takes it. */
typedef struct CYC_HW_FORMAT {
    ULONG Rate;                 /* Hz */
    ULONG Channels;
    ULONG SampleFormat;         /* CYC_SFMT_* */
} CYC_HW_FORMAT, *PCYC_HW_FORMAT;

/*
 * PASSIVE_LEVEL: map the BAR, check identity and ABI major, reset the device.
 */
/* A global register (the sequencer block has no helpers of its own). */
ULONG CycHwRead(PCYC_HW Hw, ULONG Offset);
VOID CycHwWrite(PCYC_HW Hw, ULONG Offset, ULONG Value);

NTSTATUS CycHwConnect(PCYC_HW Hw, PHYSICAL_ADDRESS Base, ULONG Length);
/* PASSIVE_LEVEL: reset (silences every stream, masks interrupts) and unmap. */
VOID CycHwDisconnect(PCYC_HW Hw);

ULONG CycHwStreamCount(const CYC_HW *Hw, BOOLEAN Capture);
ULONG CycHwStreamBlock(BOOLEAN Capture, ULONG Index);
/* Whether CAPS offers the capture source Select (CYC_SRC_*). */
BOOLEAN CycHwHasSource(const CYC_HW *Hw, ULONG Select);

/* Stream block programming; Block is owned by the caller's stream. */
VOID CycHwStreamReset(PCYC_HW Hw, ULONG Block);
/*
 * In CYC_STATE_STOP only: format, buffer (physical, bytes),
 * period (bytes), 0 dB.
 */
VOID CycHwStreamProgram(PCYC_HW Hw, ULONG Block, const CYC_HW_FORMAT *Format,
                        PHYSICAL_ADDRESS Buffer, ULONG BufferBytes,
                        ULONG PeriodBytes);
VOID CycHwStreamSetPeriod(PCYC_HW Hw, ULONG Block, ULONG PeriodBytes);
/* CYC_STATE_*; period and error interrupts stay enabled in every state. */
VOID CycHwStreamSetState(PCYC_HW Hw, ULONG Block, ULONG State);
ULONG CycHwStreamPosition(PCYC_HW Hw, ULONG Block);
ULONG CycHwStreamError(PCYC_HW Hw, ULONG Block);
/*
 * TRUE while a stopped render block still plays frames it fetched before STOP.
 */
BOOLEAN CycHwStreamDraining(PCYC_HW Hw, ULONG Block);
ULONG CycHwStreamPeriods(PCYC_HW Hw, ULONG Block);
/* Frames transferred since the block was last reset (64-bit, monotonic). */
ULONGLONG CycHwStreamFrames(PCYC_HW Hw, ULONG Block);
ULONG CycHwStreamOverruns(PCYC_HW Hw, ULONG Block);
VOID CycHwStreamSetSource(PCYC_HW Hw, ULONG Block, ULONG Select,
                          ULONG LoopStream);

/* Interrupt side (interrupt sync held). */
ULONG CycHwPendingBlocks(PCYC_HW Hw);
/*
 * Reads and clears the block's event bits; returns the
 * CYC_STS_* events cleared.
 */
ULONG CycHwStreamAcknowledge(PCYC_HW Hw, ULONG Block);
VOID CycHwEnableBlockInterrupt(PCYC_HW Hw, ULONG Block, BOOLEAN Enable);

/* Mixer and generator. */
VOID CycHwSetMaster(PCYC_HW Hw, ULONG Attenuation, BOOLEAN Mute);
VOID CycHwSetGenerator(PCYC_HW Hw, ULONG Mode, ULONG FrequencyHz);
/*
 * The system UART (which knows nothing of cycaudio) is woken by received
 * bytes only: MIDI_CTL.EN (bytes from the chardev) and RXIE, INTCTL.MIDI.
 * Called once its ISR is connected: before, the ACKs of its reset would
 * raise an interrupt nobody claims. No stream exists yet, so nothing else
 * writes INTCTL meanwhile.
 */
VOID CycHwEnableMidi(PCYC_HW Hw);
/*
 * After D3hot -> D0 (every register back at its reset value): FALSE if the
 * device does not answer, else INTCTL and the MIDI enables from the mirror.
 */
BOOLEAN CycHwResume(PCYC_HW Hw);
/* MIDI_CTL.LOOP: the UART's TX bytes come back on its RX. */
/* Bytes in the MIDI UART's TX FIFO, the one on the wire included. */
ULONG CycHwMidiTxLevel(PCYC_HW Hw);
ULONG CycHwDrainForD3(PCYC_HW Hw, ULONG TimeoutUs, ULONG PollUs);
BOOLEAN CycHwGetMidiLoop(PCYC_HW Hw);
VOID CycHwSetMidiLoop(PCYC_HW Hw, BOOLEAN Loop);

/*
 * WaveRT: the position write-back area (CYC_MAX_STREAMS records of
 * CYC_POSWB_ENTRY_SIZE, 16-byte aligned), a block's CTL.POSWB (in its state
 * writes from now on, until disabled), and register addresses the client
 * reads.
 */
VOID CycHwSetPositionWriteBack(PCYC_HW Hw, PHYSICAL_ADDRESS Base);
VOID CycHwStreamSetPositionWriteBack(PCYC_HW Hw, ULONG Block, BOOLEAN Enable);
volatile ULONG *CycHwStreamRegister(PCYC_HW Hw, ULONG Block, ULONG Register);
volatile ULONG *CycHwRegister(PCYC_HW Hw, ULONG Offset);

/*
 * Scatter-gather ring (WavePci, ABI 1.3), on a block the caller owns. Program
 * in STOP: format, ring (physical, Count descriptors), empty (SGLVI =
 * Count - 1); SetState adds PIE, EIE, UIE and MODE = SG; SetLastValid moves
 * SGLVI (any state). PCOUNT (CycHwStreamPeriods) counts the descriptors done
 * and POS (CycHwStreamPosition) the data bytes.
 */
VOID CycHwSgProgram(PCYC_HW Hw, ULONG Block, const CYC_HW_FORMAT *Format,
                    PHYSICAL_ADDRESS Ring, ULONG Count);
VOID CycHwSgSetState(PCYC_HW Hw, ULONG Block, ULONG State);
VOID CycHwSgSetLastValid(PCYC_HW Hw, ULONG Block, ULONG Index);

/*
 * Any IRQL: a stream's statistics, the device's counters of Block read
 * here, the rest as the stream kept them.
 */
VOID CycStreamStatistics(PCYC_HW Hw, ULONG Block, ULONG Interrupts,
                         ULONG Errors, ULONG PeriodBytes, ULONG BufferBytes,
                         PCYC_STREAM_STATISTICS Statistics);

/*
 * Start offset (ABI 1.6, CAPS.SOFF), in STOP: the byte offset the next START
 * begins at (0: the buffer's start). FALSE, nothing written, on a device
 * without it.
 */
BOOLEAN CycHwStreamSetStartOffset(PCYC_HW Hw, ULONG Block, ULONG Bytes);

/*
 * The device as a DMA master (a WaveRT miniport's GetDeviceDescription): a
 * bus master of its own with 64-bit addresses, one contiguous buffer of at
 * most CYC_BUFFER_MAX bytes; no system DMA adapter.
 */
VOID CycHwDeviceDescription(PDEVICE_DESCRIPTION DeviceDescription);

#endif /* CYCAUDIO_HW_H */
