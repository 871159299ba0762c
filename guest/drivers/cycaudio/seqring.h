/* SPDX-License-Identifier: MIT */
/*
 * The DMus synth stream's device side, shared by the C driver's DMus
 * miniport (mindmus.c) and the C++ driver's (cycaudiocxx/mindmus.cpp): the
 * geometry of its silent render block and event ring, programming both,
 * the device's WALL clock, and the ring's unconsumed events kept across D3
 * (docs/cycaudio.rst "Sequencer and synthesiser", guest/portcls/README.md
 * "DMus across D3"). PASSIVE_LEVEL except CycSeqWall (any IRQL).
 */
#ifndef CYCAUDIO_SEQRING_H
#define CYCAUDIO_SEQRING_H

#include "common.h"

#define DMUS_RING_EVENTS      4096u     /* CYC_SEQ_RING_MAX */
#define DMUS_BUFFER_FRAMES    4800u     /* 100 ms of silence, cyclic */
#define DMUS_PERIOD_FRAMES    1200u
#define DMUS_FRAME_BYTES      4u        /* stereo S16 */
#define DMUS_CHANNEL_GROUPS   1u
#define DMUS_NS_PER_100NS     100
/* Ask the port for every event as soon as it is parsed: the device waits. */
#define DMUS_PREFETCH         (1ULL << 62)

/* An event of the ring kept across D3: its master time and message. */
typedef struct CYC_SEQ_SAVED_EVENT {
    REFERENCE_TIME Time;
    ULONG Message;
} CYC_SEQ_SAVED_EVENT;

/*
 * A synth stream's MIDI byte parser: running status across events; SysEx
 * (even split over INCOMPLETE events), system common and real-time bytes
 * are dropped (the synthesiser has no use for them). Zeroed: no status.
 */
typedef struct CYC_MIDI_PARSER {
    UCHAR Status;                   /* running status, 0 if none */
    UCHAR Data[2];
    UCHAR Have;
    UCHAR Skip;                     /* data bytes of a system message */
    BOOLEAN InSysEx;
} CYC_MIDI_PARSER;

/*
 * One byte of the stream: TRUE with *Message (status | data1 << 8 |
 * data2 << 16, the sequencer's event) when it completes a channel message.
 */
BOOLEAN CycMidiParse(CYC_MIDI_PARSER *Parser, UCHAR Byte, PULONG Message);

/*
 * One event into the ring at *Tail (the caller's lock held): WALL time Wall
 * (ns, negative as 0) and Message, then TAIL moves on. FALSE, nothing
 * written, when the ring is full (HEAD, cached in *HeadSeen, is read again
 * only then).
 */
BOOLEAN CycSeqPut(PCYC_HW Hw, PUCHAR Ring, PULONG Tail, PULONG HeadSeen,
                  LONGLONG Wall, ULONG Message);

/*
 * The synth's block on Silence (DMUS_BUFFER_FRAMES, cyclic) and an empty
 * Ring (DMUS_RING_EVENTS) with the sequencer reset and enabled; the block
 * stays as it was (the caller pauses it). STATUS_DEVICE_CONFIGURATION_ERROR
 * if the sequencer refuses the ring.
 */
NTSTATUS CycSeqProgram(PCYC_HW Hw, ULONG Block, PVOID Silence, PVOID Ring);

/* The device's WALL clock, ns (LO latches HI). */
LONGLONG CycSeqWall(PCYC_HW Hw);

/*
 * The events from HEAD up to Tail (those the device has not consumed), with
 * their master times: the anchor's conversion inverted, exact (a WALL time
 * is the anchor's plus a whole number of 100 ns), after the *Count events
 * of Saved (kept at an earlier D3 and not resent yet: a second sleep before
 * RUN must not lose them). Returns a new pool array (tag Tag; Saved is
 * freed) and its length in *Count, or Saved as it was if the ring holds
 * none or there is no memory.
 */
CYC_SEQ_SAVED_EVENT *CycSeqKeep(PCYC_HW Hw, const UCHAR *Ring, ULONG Tail,
                                LONGLONG AnchorWall,
                                REFERENCE_TIME AnchorMaster, ULONG Tag,
                                CYC_SEQ_SAVED_EVENT *Saved, ULONG *Count);

#endif /* CYCAUDIO_SEQRING_H */
