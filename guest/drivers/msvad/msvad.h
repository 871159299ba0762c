/* SPDX-License-Identifier: MIT */
/*
 * msvad: a virtual WaveCyclic adapter in the style of the WDK's MSVAD sample.
 * No hardware: a kernel timer plays the interrupt, the position is derived from
 * the interrupt-time clock, render data is consumed (checksummed) and capture
 * data is a ramp. It includes only the public headers (portcls.h, ks.h,
 * ksmedia.h, wdm.h, ntstatus.h) to show that a miniport written for Windows'
 * DDI builds against ours.
 */
#ifndef MSVAD_H
#define MSVAD_H

#include <wdm.h>
#include <ntstatus.h>
#include <portcls.h>
#include <ks.h>
#include <ksmedia.h>

#define MSVAD_POOLTAG \
    ((ULONG)'M' | ((ULONG)'s' << 8) | ((ULONG)'v' << 16) | ((ULONG)'d' << 24))

/* Wave filter pins and nodes. */
enum {
    KSPIN_MSVAD_RENDER_SINK = 0,
    KSPIN_MSVAD_RENDER_SOURCE,
    KSPIN_MSVAD_CAPTURE_SINK,
    KSPIN_MSVAD_CAPTURE_SOURCE,
    KSPIN_MSVAD_COUNT
};
enum {
    KSNODE_MSVAD_DAC = 0,
    KSNODE_MSVAD_ADC,
    KSNODE_MSVAD_COUNT
};

/* What the virtual device plays and records: 16-bit PCM, mono or stereo. */
#define MSVAD_MAX_CHANNELS      2
#define MSVAD_BITS_PER_SAMPLE   16
#define MSVAD_MIN_RATE          8000
#define MSVAD_MAX_RATE          48000
/* Cyclic buffer in milliseconds of audio, and the timer period. */
#define MSVAD_BUFFER_MS         100
#define MSVAD_DEFAULT_INTERVAL_MS 10

/*
 * Capture ramp: sample (frame n, channel c) = (n + 256 c) mod 2^16 as a signed
 * 16-bit value, n counted from the first RUN (pauses keep it), like the
 * cycaudio generator.
 */
#define MSVAD_RAMP_SAMPLE(n, c) ((SHORT)(USHORT)((n) + 256u * (c)))

NTSTATUS CreateMiniportWaveCyclicMSVAD(PUNKNOWN *Unknown, REFCLSID ClassId,
                                       PUNKNOWN UnknownOuter,
                                       POOL_TYPE PoolType);

NTSTATUS NTAPI MsvadDriverEntry(PDRIVER_OBJECT DriverObject,
                                PUNICODE_STRING RegistryPath);

#endif /* MSVAD_H */
