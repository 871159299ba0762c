/* SPDX-License-Identifier: MIT */
/*
 * A WaveRT stream's frame count and its place across D3 (see rtpower.h),
 * for both drivers' WaveRT streams.
 */
#include "rtpower.h"

ULONGLONG CycRtFrames(const CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                      ULONG Position, ULONG Periods)
{
    ULONG fb = Layout->FrameBytes;
    ULONG bufferFrames = Layout->BufferBytes / fb;
    ULONGLONG periodFrames = Layout->PeriodBytes / fb;
    ULONGLONG boundary = Periods * periodFrames;
    ULONG past = (Position / fb + bufferFrames -
                  (ULONG)(boundary % bufferFrames)) % bufferFrames;

    return Resume->FramesBefore + boundary + past;
}

ULONGLONG CycRtFramesToNs(ULONGLONG Frames, ULONG Rate)
{
    return Frames / Rate * 1000000000ull +
           ((Frames % Rate) * 1000000000ull + Rate - 1) / Rate;
}

ULONG CycRtPackets(const CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                   PCYC_HW Hw, ULONG Block)
{
    return CycHwStreamPeriods(Hw, Block) +
           (ULONG)(Resume->FramesBefore /
                   (Layout->PeriodBytes / Layout->FrameBytes));
}

/* The device cannot be read in D3: the frozen position is the kept one. */
ULONG CycRtPosition(const CYC_RT_RESUME *Resume, PCYC_HW Hw, ULONG Block)
{
    return Resume->PoweredDown ? Resume->ResumeOffset :
           CycHwStreamPosition(Hw, Block);
}

VOID CycRtResumeSetState(CYC_RT_RESUME *Resume, PCYC_HW Hw, ULONG Block,
                         KSSTATE From, KSSTATE To)
{
    if (From == KSSTATE_STOP && To != KSSTATE_STOP) {
        Resume->FramesBefore = 0;
        CycHwStreamSetStartOffset(Hw, Block, 0);
    }
    if (To == KSSTATE_STOP) {
        Resume->PoweredDown = FALSE;
    }
}

VOID CycRtPowerDown(CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                    PCYC_HW Hw, ULONG Block)
{
    ULONG position;
    ULONG periods;
    ULONG fb = Layout->FrameBytes;

    if (Resume->PoweredDown) {
        return;
    }
    position = CycHwStreamPosition(Hw, Block);
    periods = CycHwStreamPeriods(Hw, Block);
    Resume->ResumeOffset = position;
    Resume->FramesBefore = CycRtFrames(Resume, Layout, position, periods) -
                           position / fb;
    Resume->PoweredDown = TRUE;
    CycHwStreamSetState(Hw, Block, CYC_STATE_STOP);
    DPF(D_TERSE, "WaveRT block %u: power down at offset %u, frame %llu",
        Block, Resume->ResumeOffset,
        (unsigned long long)(Resume->FramesBefore + position / fb));
}

ULONG CycRtPowerUp(CYC_RT_RESUME *Resume, const CYC_RT_LAYOUT *Layout,
                   PCYC_HW Hw, ULONG Block)
{
    ULONG error;

    Resume->PoweredDown = FALSE;
    if (!CycHwStreamSetStartOffset(Hw, Block, Resume->ResumeOffset)) {
        /* A device before ABI 1.6 restarts at 0: the position jumps. */
        Resume->FramesBefore += Resume->ResumeOffset / Layout->FrameBytes;
    }
    CycHwStreamSetState(Hw, Block, CYC_STATE_PAUSE);
    error = CycHwStreamError(Hw, Block);
    if (error != CYC_ERR_NONE) {
        DPF(D_ERROR, "WaveRT block %u: restart at offset %u refused: "
            "error %u", Block, Resume->ResumeOffset, error);
        return error;
    }
    DPF(D_TERSE, "WaveRT block %u: power up, paused at offset %u", Block,
        Resume->ResumeOffset);
    return error;
}
