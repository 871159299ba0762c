/* SPDX-License-Identifier: MIT */
/*
 * The guided example's bug (glitchisr.h). It sits in front of
 * CMiniportWaveCyclicStream_Isr through CycWaveStreamIsr, so no other run
 * executes a line of it. The bug is the kind a real miniport has: slow work
 * at DIRQL before Port->Notify, here a busy wait standing in for "refresh the
 * peak meters". While it spins the device keeps playing the cyclic buffer;
 * the port's service (the DPC that copies client data ahead of the device)
 * cannot run, and once the stall outlasts the port's lead (40 ms) the device
 * plays the silence the port keeps after the client data: an underrun.
 */
#include "minwavestream.h"
#include "glitchisr.h"

/*
 * In .data, not .bss: boot clears .bss one byte per instruction (rep stosb
 * under -icount), so a larger .bss would move every run's virtual times.
 */
#define CYC_GLITCH_DATA __attribute__((section(".data")))

static PCYC_STREAM_ISR CycGlitchNext CYC_GLITCH_DATA;
static ULONG CycGlitchPeriod CYC_GLITCH_DATA;
static ULONG CycGlitchStallUs CYC_GLITCH_DATA;
static ULONG CycGlitchCalls CYC_GLITCH_DATA;

static VOID CycGlitchIsr(PVOID Context, ULONG Events)
{
    CycGlitchCalls++;
    if (CycGlitchCalls == CycGlitchPeriod) {
        /* BUG (deliberate): DIRQL work that outlasts the port's lead. */
        KeStallExecutionProcessor(CycGlitchStallUs);
    }
    CycGlitchNext(Context, Events);
}

VOID CycGlitchIsrArm(ULONG Period, ULONG StallUs)
{
    PAGED_CODE();
    if (CycGlitchNext == NULL) {
        CycGlitchNext = CycWaveStreamIsr;
    }
    CycGlitchPeriod = Period;
    CycGlitchStallUs = StallUs;
    CycGlitchCalls = 0;
    CycWaveStreamIsr = CycGlitchIsr;
}

VOID CycGlitchIsrDisarm(VOID)
{
    PAGED_CODE();
    if (CycGlitchNext != NULL) {
        CycWaveStreamIsr = CycGlitchNext;
    }
}
