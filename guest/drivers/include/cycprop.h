/* SPDX-License-Identifier: MIT */
/*
 * The cycaudio driver's public interface, what an application may rely on:
 * subdevice reference strings, pin and node ids of both filters, the volume
 * node's range and the private property sets. Clients include it next to
 * ks.h/ksmedia.h.
 */
#ifndef CYCPROP_H
#define CYCPROP_H

#include <ks.h>
#include <ksmedia.h>
#include <cycaudio/regs.h>

EXTERN_C_START

/* Reference strings of the subdevices (what a client opens); Midi only
 * when the device has its MPU-401 (CAPS.MIDI). */
#define CYC_WAVE_NAME           L"Wave"
#define CYC_TOPOLOGY_NAME       L"Topology"
#define CYC_MIDI_NAME           L"Midi"
/* The WaveRT subdevice: the same pins and formats as Wave, mapped buffers. */
#define CYC_WAVERT_NAME         L"WaveRT"
/* The DMus synthesiser (CAPS.SEQ): the device's sequencer through IPortDMus */
#define CYC_DMUS_NAME           L"DMusSynth"
/* The DMus port over the system DMus UART miniport (with Midi, CAPS.MIDI);
 * its pins are the Midi filter's (KSPIN_MIDI_*), in DirectMusic format */
#define CYC_DMUS_UART_NAME      L"DMusUART"

/* DMus synth filter pins (mindmus.c) */
enum {
    KSPIN_DMUS_RENDER_SINK = 0,     /* streaming, DirectMusic or MIDI in */
    KSPIN_DMUS_RENDER_BRIDGE,       /* the synthesiser's audio out */
    KSPIN_DMUS_COUNT
};
/* Sample rate of the synthesiser's render stream, Hz. */
#define CYC_DMUS_RATE           48000u
#define CYC_WAVEPCI_NAME        L"WavePci"

/* Midi filter pins (the system UART miniport's, PortCls miniport_uart.c) */
enum {
    KSPIN_MIDI_RENDER_SINK = 0,     /* streaming, client -> MIDI out */
    KSPIN_MIDI_RENDER_BRIDGE,       /* the MIDI out connector */
    KSPIN_MIDI_CAPTURE_SOURCE,      /* streaming, MIDI in -> client */
    KSPIN_MIDI_CAPTURE_BRIDGE,      /* the MIDI in connector */
    KSPIN_MIDI_COUNT
};

/* Wave filter pins (wavtable.h) */
enum {
    KSPIN_WAVE_RENDER_SINK = 0,     /* streaming, client -> device */
    KSPIN_WAVE_RENDER_SOURCE,       /* bridge to the topology filter */
    KSPIN_WAVE_CAPTURE_SINK,        /* bridge from the topology filter */
    KSPIN_WAVE_CAPTURE_SOURCE,      /* streaming, device -> client */
    KSPIN_WAVE_COUNT
};

/* Wave filter nodes */
enum {
    KSNODE_WAVE_DAC = 0,
    KSNODE_WAVE_ADC,
    KSNODE_WAVE_COUNT
};

/* Topology filter pins (toptable.h) */
enum {
    KSPIN_TOPO_WAVEOUT_SOURCE = 0,  /* from the wave filter's render bridge */
    KSPIN_TOPO_LINEOUT_DEST,        /* the device's audio backend output */
    KSPIN_TOPO_GENERATOR_SOURCE,    /* the device's test-signal generator */
    KSPIN_TOPO_LOOPBACK_SOURCE,     /* what render stream 0 plays, post mixer */
    KSPIN_TOPO_LINEIN_SOURCE,       /* the audio backend's input voice */
    KSPIN_TOPO_WAVEIN_DEST,         /* to the wave filter's capture bridge */
    KSPIN_TOPO_COUNT
};

/* Topology filter nodes */
enum {
    KSNODE_TOPO_LINEOUT_VOLUME = 0,
    KSNODE_TOPO_LINEOUT_MUTE,
    KSNODE_TOPO_WAVEIN_MUX,
    KSNODE_TOPO_COUNT
};

/*
 * Master volume node range, in 1/65536 dB: the device
 * attenuates in 0.5 dB steps.
 */
#define CYC_VOLUME_STEP         0x8000L                     /* 0.5 dB */
#define CYC_VOLUME_MAX          0L                          /* 0 dB */
/* -127.5 dB */
#define CYC_VOLUME_MIN          (-(LONG)CYC_ATT_MAX * CYC_VOLUME_STEP)

/*
 * Private property set on the topology filter's mux node: the generator feeding
 * KSPIN_TOPO_GENERATOR_SOURCE. Values are ULONG: CYC_GEN_MODE_* and Hz.
 */
#define STATIC_KSPROPSETID_CycAudioGenerator \
    0x6b1f3e20L, 0x7c1d, 0x4a5e, 0x9d, 0x0a, 0x43, 0x59, 0x43, 0x41, 0x47, 0x4e
DEFINE_GUIDSTRUCT("6B1F3E20-7C1D-4A5E-9D0A-43594341474E",
                  KSPROPSETID_CycAudioGenerator);
#define KSPROPSETID_CycAudioGenerator \
    DEFINE_GUIDNAMED(KSPROPSETID_CycAudioGenerator)
typedef enum {
    KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
    KSPROPERTY_CYCAUDIO_GENERATOR_FREQUENCY
} KSPROPERTY_CYCAUDIO_GENERATOR;

/*
 * Private property set on the wave filter's streaming pins: counters of the
 * pin's stream (GET only, CYC_STREAM_STATISTICS).
 */
#define STATIC_KSPROPSETID_CycAudioStream \
    0x6b1f3e21L, 0x7c1d, 0x4a5e, 0x9d, 0x0a, 0x43, 0x59, 0x43, 0x41, 0x53, 0x54
DEFINE_GUIDSTRUCT("6B1F3E21-7C1D-4A5E-9D0A-435943415354",
                  KSPROPSETID_CycAudioStream);
#define KSPROPSETID_CycAudioStream DEFINE_GUIDNAMED(KSPROPSETID_CycAudioStream)
typedef enum {
    KSPROPERTY_CYCAUDIO_STREAM_STATISTICS
} KSPROPERTY_CYCAUDIO_STREAM;

typedef struct CYC_STREAM_STATISTICS {
    ULONG Interrupts;       /* ISR calls that found this stream's events */
    ULONG Periods;          /* CYC_SD_PCOUNT: periods completed since RUN */
    ULONG Overruns;         /* CYC_SD_OVERRUNS: device FIFO overruns */
    ULONG Errors;           /* DMAERR/FMTERR events seen */
    ULONG LastError;        /* CYC_SD_ERR */
    ULONG PeriodBytes;      /* notification size in bytes */
    ULONG BufferBytes;      /* cyclic buffer size in bytes */
    ULONG Reserved;
    /* CYC_SD_FRAMES: frames the device moved since pin creation */
    ULONGLONG Frames;
} CYC_STREAM_STATISTICS, *PCYC_STREAM_STATISTICS;

/*
 * Private property set on the topology filter (plain KSPROPERTY): the MIDI
 * UART's LOOP, its transmitted bytes coming back as received ones (ULONG 0
 * or 1, GET/SET). STATUS_NOT_SUPPORTED on a device without CAPS.MIDI.
 */
#define STATIC_KSPROPSETID_CycMidi \
    0x6b1f3e24L, 0x7c1d, 0x4a5e, 0x9d, 0x0a, 0x43, 0x59, 0x43, 0x4d, 0x49, 0x44
DEFINE_GUIDSTRUCT("6B1F3E24-7C1D-4A5E-9D0A-4359434D4944", KSPROPSETID_CycMidi);
#define KSPROPSETID_CycMidi DEFINE_GUIDNAMED(KSPROPSETID_CycMidi)
typedef enum {
    KSPROPERTY_CYC_MIDI_LOOP
} KSPROPERTY_CYC_MIDI;

/* Pin names telling the topology filter's two line-connector sources apart. */
#define STATIC_CYC_PINNAME_GENERATOR \
    0x6b1f3e22L, 0x7c1d, 0x4a5e, 0x9d, 0x0a, 0x43, 0x59, 0x43, 0x47, 0x45, 0x4e
DEFINE_GUIDSTRUCT("6B1F3E22-7C1D-4A5E-9D0A-43594347454E",
                  CYC_PINNAME_GENERATOR);
#define CYC_PINNAME_GENERATOR DEFINE_GUIDNAMED(CYC_PINNAME_GENERATOR)
#define STATIC_CYC_PINNAME_LOOPBACK \
    0x6b1f3e23L, 0x7c1d, 0x4a5e, 0x9d, 0x0a, 0x43, 0x59, 0x43, 0x4c, 0x4f, 0x4f
DEFINE_GUIDSTRUCT("6B1F3E23-7C1D-4A5E-9D0A-4359434C4F4F", CYC_PINNAME_LOOPBACK);
#define CYC_PINNAME_LOOPBACK DEFINE_GUIDNAMED(CYC_PINNAME_LOOPBACK)

EXTERN_C_END

#endif /* CYCPROP_H */
