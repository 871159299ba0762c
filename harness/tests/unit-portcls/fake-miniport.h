/* SPDX-License-Identifier: MIT */
/*
 * In-process miniports for the PortCls host tests: a WaveCyclic miniport
 * whose "device" position the test sets by hand, and a topology miniport
 * with volume and mute nodes. Written like a driver would be, from the
 * public headers only; FakeState is what the tests observe and steer.
 */
#ifndef FAKE_MINIPORT_H
#define FAKE_MINIPORT_H

#include <portcls.h>

#define FAKE_BUFFER_SIZE   19200u  /* 100 ms of 48 kHz 16-bit stereo */
#define FAKE_FRAME_SIZE    1920u   /* 10 ms of it */
#define FAKE_PIN_RENDER    0u
#define FAKE_PIN_SPEAKER   1u
#define FAKE_PIN_CAPTURE   2u
#define FAKE_PIN_MIC       3u
#define FAKE_NODE_VOLUME   0u
#define FAKE_TOPO_PIN_IN   0u
#define FAKE_TOPO_PIN_OUT  1u
#define FAKE_TOPO_NODE_VOLUME 0u
#define FAKE_TOPO_NODE_MUTE   1u

typedef struct FakeState {
    ULONG Position[2];          /* per direction (0 render, 1 capture) */
    KSSTATE Log[32];            /* every SetState the streams received */
    ULONG LogCount;
    BOOLEAN RefuseValid;
    KSSTATE Refuse;             /* SetState(Refuse) fails when RefuseValid */
    LONG LiveObjects;           /* miniports + streams not yet freed */
    ULONG FormatsRefused;       /* NewStream calls refused for the format */
    PUCHAR Buffer[2];           /* the DMA buffers, per direction */
    LONG Volume[2];             /* topology volume, per channel */
    BOOL Mute;
    ULONG SilenceCalls;
    ULONG SetFormatCalls;
    PPCPROPERTY_REQUEST Pending;  /* a topology filter request left pending */
    ULONG PowerNotifies;        /* IPowerNotify::PowerChangeNotify calls */
    DEVICE_POWER_STATE PowerNotified;   /* ... and the latest state */
} FakeState;

extern FakeState Fake;

VOID FakeReset(VOID);
/* The streaming pins' range gets this subformat (FakeReset: PCM). */
VOID FakeSetStreamSubFormat(const GUID *SubFormat);
/* New miniport objects, one reference each, returned as IUnknown. */
NTSTATUS FakeNewWaveMiniport(PUNKNOWN *Out);
NTSTATUS FakeNewTopologyMiniport(PUNKNOWN *Out);
/*
 * A StartDevice (PCPFNSTARTDEVICE) for both fakes: WaveCyclic "Wave" and
 * Topology "Topology" over one miniport each, the topology's output wired
 * to the wave filter's FAKE_PIN_MIC. *WavePort is borrowed: valid while
 * the subdevice is registered.
 */
NTSTATUS FakeStartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                         PRESOURCELIST ResourceList, PPORT *WavePort);
/* What the fake device's interrupt would do: Notify on the miniport's
 * service group (the DPC runs when the caller flushes DPCs). */
VOID FakeNotify(VOID);

#endif /* FAKE_MINIPORT_H */
