/* SPDX-License-Identifier: MIT */
/*
 * A WaveRT stream's frame count and its place across D3, shared by the C
 * driver's WaveRT stream (minwavertstream.c) and the C++ driver's
 * (cycaudiocxx/minwavertstream.cpp). Before D3 the stream keeps the block's
 * POS and the frames before it and stops the block; after D0, with the
 * block programmed again, it starts at that offset (SOFF, ABI 1.6) in
 * PAUSE. The frames since the stream left STOP are then FramesBefore plus
 * the block's own count. The caller serialises the calls (PASSIVE_LEVEL, the
 * port's state and power calls); CycRtFrames, CycRtPackets and
 * CycRtPosition run at any IRQL.
 */
#ifndef CYCAUDIO_RTPOWER_H
#define CYCAUDIO_RTPOWER_H

#include "common.h"

/* What a stream keeps across D3. */
typedef struct CYC_RT_RESUME {
    BOOLEAN PoweredDown;                /* block stopped for D3, to restart */
    ULONG ResumeOffset;                 /* POS at the power-down, bytes */
    /*
     * Frames of the stream before the block's current START: 0, or after a
     * restart at ResumeOffset the frames up to the power-down minus that
     * offset's (whole buffers), so the device's PCOUNT and POS plus this
     * are the frames since the stream left STOP.
     */
    ULONGLONG FramesBefore;
} CYC_RT_RESUME;

/* A stream's buffer as the device walks it: bytes. */
typedef struct CYC_RT_LAYOUT {
    ULONG FrameBytes;
    ULONG BufferBytes;
    ULONG PeriodBytes;                  /* a buffer or a whole fraction */
} CYC_RT_LAYOUT;

/*
 * Frames since the stream left STOP at a block position and period count
 * (a write-back record or the registers): FramesBefore, whole periods plus
 * the frames past the last boundary (less than a buffer, since a period is
 * at most a buffer).
 */
ULONGLONG CycRtFrames(const CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                      ULONG Position, ULONG Periods);

/* Ceil(Frames * 1e9 / Rate): the device's own deadline formula. */
ULONGLONG CycRtFramesToNs(ULONGLONG Frames, ULONG Rate);

/* Periods since the stream left STOP: PCOUNT plus those before a restart. */
ULONG CycRtPackets(const CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                   PCYC_HW Hw, ULONG Block);

/* The block's POS, or the kept offset while the device is down. */
ULONG CycRtPosition(const CYC_RT_RESUME *Resume, PCYC_HW Hw, ULONG Block);

/*
 * A state change of the stream, before the device's: leaving STOP starts
 * the count and the buffer at 0, STOP forgets a pending restart.
 */
VOID CycRtResumeSetState(CYC_RT_RESUME *Resume, PCYC_HW Hw, ULONG Block,
                         KSSTATE From, KSSTATE To);

/*
 * Before D3, a stream the port paused (the block in PAUSE, POS and PCOUNT
 * exact): keep the position, stop the block (a render block plays what it
 * fetched; the adapter waits for that before D3).
 */
VOID CycRtPowerDown(CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                    PCYC_HW Hw, ULONG Block);

/*
 * After D0, the block programmed again by the caller (its buffer and
 * format): start at the kept offset, in PAUSE. A device before ABI 1.6
 * restarts at 0 and the skipped part counts as played. Returns the block's
 * error (CYC_ERR_NONE: paused there).
 */
ULONG CycRtPowerUp(CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                   PCYC_HW Hw, ULONG Block);

#endif /* CYCAUDIO_RTPOWER_H */
