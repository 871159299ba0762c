/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio's device state and the private interface between its files: the
 * register file (cycaudio.c), the interrupt (cycaudio-irq.c), the stream
 * engine (cycaudio-stream.c), the MIDI UART (cycaudio-midi.c), the sequencer
 * (cycaudio-seq.c) and its synthesiser (cycaudio-synth.c), and the dump
 * (cycaudio-dump.c). Programming model: docs/cycaudio.rst.
 * Everything runs on the main loop / vCPU thread under the BQL; guest-visible
 * state changes only in MMIO handlers and QEMU_CLOCK_VIRTUAL timer callbacks.
 */
#ifndef HW_AUDIO_CYCAUDIO_STATE_H
#define HW_AUDIO_CYCAUDIO_STATE_H

#include "hw/pci/pci.h"
#include "audio/audio.h"
#include "qemu/timer.h"
#include "chardev/char-fe.h"
#include "qemu/rcu.h"
#include "cycaudio/regs.h"
#include "cycaudio/reference.h"

#define TYPE_CYCAUDIO "cycaudio"
OBJECT_DECLARE_SIMPLE_TYPE(CycAudioState, CYCAUDIO)

/* One DMA step moves at most this many bytes; bounds the bounce buffer. */
#define CYC_BOUNCE_BYTES        16384u
/*
 * Bytes of one FIFO frame: render and capture FIFOs hold backend frames (two
 * channels at most), loopback queues full frames.
 */
#define CYC_FIFO_FRAME_MAX_OUT \
    (CYC_BACKEND_CHANNELS_MAX * CYC_SAMPLE_BYTES_MAX)
/* Capture voices are read as S32, whatever the stream's format. */
#define CYC_IN_SAMPLE_BYTES     4u
#define CYC_FIFO_FRAME_MAX_IN \
    (CYC_BACKEND_CHANNELS_MAX * CYC_IN_SAMPLE_BYTES)
#define CYC_LOOP_FRAME_MAX      CYC_FRAME_BYTES_MAX
#define CYC_DUMP_HEADER_BYTES   68u

/*
 * The functions that run once per frame or sample (synthesiser, generator,
 * loopback mix, volume), in the fuzzing build (clang, scripts/fuzz), without
 * libFuzzer's edge and comparison tracing: a stream repeats their outcomes
 * 48 000 times a virtual second, which took a fifth of the device fuzzer's
 * time and told it nothing new. Their coverage report (llvm-cov) and the
 * ASan/UBSan checks stay. Not inlined there: inlined into a traced caller,
 * such a function is traced with it.
 */
#ifdef CONFIG_FUZZ
#define CYC_PER_FRAME __attribute__((no_sanitize("coverage"), noinline))
#else
#define CYC_PER_FRAME
#endif

typedef struct CycAudioFifo {
    uint8_t *buf;       /* allocated at realize, 'size' bytes */
    uint32_t size;
    /* bytes in use: whole frames of the open format, <= size */
    uint32_t cap;
    uint32_t rd;        /* read offset, < cap */
    uint32_t level;     /* bytes queued, <= cap */
} CycAudioFifo;

/* Configuration latched at START; the registers may change under it. */
typedef struct CycAudioConfig {
    uint64_t addr;
    uint32_t bsize;
    uint32_t psize;
    uint32_t fmt;
    uint32_t src;
    uint32_t mode;      /* CTL.MODE: CYC_MODE_CYCLIC or CYC_MODE_SG */
    uint32_t soff;      /* SOFF, bytes (ABI 1.6; cyclic mode) */
} CycAudioConfig;

/*
 * Scatter-gather ring engine of one stream (cycaudio-sg.c), latched at START.
 * The current descriptor is copied when it becomes current: later guest
 * writes to it take no effect.
 */
typedef struct CycAudioSg {
    uint32_t count;         /* ring size latched at START */
    uint32_t cur;           /* SGCUR: index of the current descriptor */
    uint32_t off;           /* SGPOS: bytes done in it */
    bool loaded;            /* descriptor 'cur' has been read */
    bool starved;           /* empty ring: the device plays silence */
    uint64_t daddr;         /* the current descriptor as read */
    uint32_t dlen;
    uint32_t dflags;
    uint64_t data_frames;   /* frames moved through descriptors since START */
} CycAudioSg;

typedef struct CycAudioStream {
    CycAudioState *s;
    uint32_t id;            /* block index: render 0..3, capture 4..7 */
    bool capture;
    bool present;

    /* register images */
    uint32_t ctl;           /* enables and MODE; STATE lives in 'state' */
    uint32_t sts;
    uint32_t fmt;
    uint32_t err;
    uint32_t buf_lo;
    uint32_t buf_hi;
    uint32_t bsize;
    uint32_t psize;
    uint32_t vol;
    uint32_t src;
    uint32_t sgcount;
    uint32_t sglvi;
    uint32_t soff;          /* SOFF (ABI 1.6) */
    /* FRAMES_HI as latched by the last FRAMES_LO read */
    uint32_t frames_latch;
    uint32_t overruns;

    /* engine */
    uint32_t state;         /* CYC_STATE_* */
    CycAudioConfig cfg;
    int64_t start_ns;       /* virtual time of the last START or resume */
    uint64_t base_frames;   /* run_frames at start_ns */
    uint64_t run_frames;    /* frames moved since START: the position */
    uint64_t total_frames;  /* frames moved since stream reset: FRAMES */
    uint64_t periods;       /* periods completed since START: PCOUNT */
    QEMUTimer timer;
    CycAudioSg sg;          /* CTL.MODE = SG */

    /* backend side */
    bool draining;          /* STOPped render stream whose FIFO still plays */
    CycAudioFifo fifo;
    /* loopback (capture): post-mixer frames of render stream k in lq[k] */
    uint32_t loop_mask;     /* render streams this capture takes from */
    uint32_t loop_live;     /* ... of which still running (still queueing) */
    CycAudioFifo lq[CYC_MAX_RENDER];
    SWVoiceOut *out;
    SWVoiceIn *in;
    uint32_t voice_fmt;     /* FMT the open voice was built for, 0 if none */
    uint64_t underruns;     /* host statistic only, never guest-visible */
} CycAudioStream;

/*
 * Host side of the RX wire: bytes taken from the chardev that have not yet
 * crossed the wire into the RX FIFO. Not guest-visible; bounds how much the
 * device reads from the chardev ahead of the wire.
 */
#define CYC_MIDI_WIRE_BYTES     256u
/* Bursts rebase their start time after this many bytes (exact, no drift). */
#define CYC_MIDI_REBASE         (1u << 20)

typedef struct CycMidiQueue {
    uint32_t rd;        /* read index, < the queue's size */
    uint32_t level;     /* bytes queued, <= the queue's size */
} CycMidiQueue;

typedef struct CycMidi {
    bool uart;              /* UART mode (else the power-on mode) */
    uint32_t ctl;           /* MIDI_CTL image */
    bool ovr;               /* MIDI_STS.RXOVR */
    uint32_t ovrcnt;        /* MIDI_OVRCNT */
    CycMidiQueue tx;
    uint8_t txbuf[CYC_MIDI_FIFO_DEPTH];
    CycMidiQueue rx;
    uint8_t rxbuf[CYC_MIDI_FIFO_DEPTH];
    CycMidiQueue wire;
    uint8_t wirebuf[CYC_MIDI_WIRE_BYTES];
    /* TX byte k of a burst departs at tx_start_ns + (tx_done + 1) * BYTE_NS */
    int64_t tx_start_ns;
    uint32_t tx_done;
    /* RX byte k of a wire burst arrives at rx_start_ns + (k + 1) * BYTE_NS */
    int64_t rx_start_ns;
    uint32_t rx_done;
    QEMUTimer timer;
    uint64_t tx_lost;       /* host statistic: chardev refused a byte */
} CycMidi;

/* One synthesiser voice; stage CYC_SYNTH_OFF means free. */
typedef struct CycSynthVoice {
    uint32_t stage;         /* CYC_SYNTH_OFF .. CYC_SYNTH_RELEASE */
    uint32_t pos;           /* frames into the stage */
    uint32_t rel_level;     /* Q16 envelope level where RELEASE began */
    uint32_t phase;         /* oscillator phase, 2^32 a cycle */
    uint32_t incr;          /* phase step per frame */
    uint32_t serial;        /* note-on order, for stealing the oldest */
    uint8_t chan;
    uint8_t note;
    uint8_t vel;
    uint8_t timbre;
    bool held_by_pedal;     /* note-off came while the sustain pedal was down */
} CycSynthVoice;

typedef struct CycSynthChannel {
    uint8_t program;
    uint8_t volume;         /* CC 7, 0..127 */
    bool sustain;           /* CC 64 >= 64 */
    uint16_t bend;          /* 14 bits, 8192 centre */
} CycSynthChannel;

typedef struct CycSynth {
    CycSynthVoice voice[CYC_SEQ_VOICES_MAX];
    CycSynthChannel chan[16];
    uint32_t serial;
    uint32_t rate;          /* rate the voices' incr were computed for */
} CycSynth;

/*
 * The sequencer: register images, the configuration latched when EN was
 * accepted, and the synthesiser it plays.
 */
typedef struct CycSeq {
    uint32_t ring_lo;
    uint32_t ring_hi;
    uint32_t ring_count;
    uint32_t head;
    uint32_t tail;
    uint32_t ctl;           /* enables; EN mirrors 'running' */
    uint32_t sts;
    uint32_t synth_reg;
    uint32_t err;
    uint32_t latecnt;
    uint32_t evcnt;
    bool running;
    uint64_t ring;          /* latched at EN */
    uint32_t count;         /* latched at EN */
    uint32_t stream;        /* render stream index, latched at EN */
    QEMUTimer timer;
    CycSynth synth;
} CycSeq;

/*
 * The engine's calls into the sequencer, which sits above it: frames fetched
 * (run frames st->run_frames.., in buf) and a stream's clock (re)started.
 */
typedef void CycRenderHook(CycAudioStream *st, uint8_t *buf, uint32_t n);
typedef void CycRunHook(CycAudioStream *st);

struct CycAudioState {
    PCIDevice parent_obj;

    MemoryRegion mmio;
    MemoryRegion mpu;       /* I/O BAR1: the MPU-401 ports */
    CycMidi midi;
    CharBackend midi_chr;   /* property 'midi' */
    CycSeq seq;
    CycRenderHook *render_hook;
    CycRunHook *run_hook;
    QEMUSoundCard card;
    CycAudioStream st[CYC_MAX_STREAMS];

    /* register images */
    uint32_t intctl;
    uint32_t master;
    uint32_t gen_ctl;
    uint32_t gen_freq;
    uint32_t poswb_lo;
    uint32_t poswb_hi;
    uint32_t wall_latch;
    int64_t wall_base_ns;
    /* INTSTS sources already signalled (MSI edge detection) */
    uint32_t irq_pending;
    bool irq_level;

    /* an engine step or an MSI write is running: MMIO is ignored */
    bool in_engine;
    /* AUD_read stores whole samples: sample-aligned (UBSan) */
    uint8_t bounce[CYC_BOUNCE_BYTES] QEMU_ALIGNED(8);
    /* one loop source, or S32 audiodev input */
    uint8_t mixsrc[CYC_BOUNCE_BYTES] QEMU_ALIGNED(8);
    int64_t mixacc[CYC_BOUNCE_BYTES];       /* integer sums per sample */
    double mixfacc[CYC_BOUNCE_BYTES / 4];   /* F32 sums per sample */
    uint32_t gain[CYC_ATT_MAX + 1];

    /* dump of one render stream's fetched frames */
    int dump_fd;
    /* FMT of the data in the file, 0 before the first frame */
    uint32_t dump_fmt;
    uint64_t dump_bytes;

    /* properties */
    uint32_t render_streams;
    uint32_t capture_streams;
    uint32_t fifo_frames;
    uint32_t dump_stream;
    char *dump_path;
    OnOffAuto msi;
};

static inline uint32_t cycaudio_fmt_rate(uint32_t fmt)
{
    return CYC_GET(fmt, CYC_FMT_RATE);
}

static inline uint32_t cycaudio_fmt_channels(uint32_t fmt)
{
    return CYC_GET(fmt, CYC_FMT_CHANNELS);
}

static inline uint32_t cycaudio_fmt_sfmt(uint32_t fmt)
{
    return CYC_GET(fmt, CYC_FMT_SFMT);
}

/* Bytes per frame, 0 when a field is out of range. */
static inline uint32_t cycaudio_frame_bytes(uint32_t fmt)
{
    uint32_t ch = cycaudio_fmt_channels(fmt);

    if (ch < CYC_CHANNELS_MIN || ch > CYC_CHANNELS_MAX) {
        return 0;
    }
    return ch * cyc_sfmt_bytes(cycaudio_fmt_sfmt(fmt));
}

/* Device DMA: RAM only, never MMIO (the device's own BAR included). */
static const MemTxAttrs cycaudio_mem_attrs = { .memory = 1 };

/*
 * Whether every byte of [addr, addr + len) is RAM that DMA in this direction
 * reaches directly through the device's bus-master address space: the
 * regions the range crosses are looked up one by one (no allocation), so a
 * buffer inside another device's MMIO (IOAPIC, HPET, LAPIC), ROM for a
 * capture, a hole or a disabled bus master are all refused: what a .memory
 * DMA access can complete, which dma_memory_valid() does not check.
 */
static inline bool cycaudio_range_is_ram(PCIDevice *d, dma_addr_t addr,
                                         uint64_t len, bool is_write)
{
    AddressSpace *as = pci_get_address_space(d);

    RCU_READ_LOCK_GUARD();
    while (len) {
        hwaddr xlat;
        hwaddr l = len;
        MemoryRegion *mr = address_space_translate(as, addr, &xlat, &l,
                                                   is_write,
                                                   cycaudio_mem_attrs);

        if (!l || !memory_region_is_ram(mr) ||
            !memory_access_is_direct(mr, is_write)) {
            return false;
        }
        l = MIN(l, len);
        addr += l;
        len -= l;
    }
    return true;
}

/* cycaudio-irq.c: below every other file, it reads state and calls none. */
uint32_t cycaudio_irq_sources(CycAudioState *s);
void cycaudio_update_irq(CycAudioState *s);

/* cycaudio.c */
void cycaudio_reset_state(CycAudioState *s);
void cycaudio_stream_error(CycAudioStream *st, uint32_t sts_bit, uint32_t code);

/* cycaudio-stream.c */
bool cycaudio_config_check(CycAudioStream *st, const CycAudioConfig *cfg,
                           bool migrated, uint32_t *sts_bit, uint32_t *code);
void cycaudio_stream_set_state(CycAudioStream *st, uint32_t state);
void cycaudio_stream_fault(CycAudioStream *st, uint32_t sts_bit, uint32_t code);
void cycaudio_stream_catch_up(CycAudioStream *st);
/* Re-arms a running stream's timer for its next event. */
void cycaudio_stream_arm(CycAudioStream *st);
void cycaudio_stream_reset(CycAudioStream *st);
void cycaudio_stream_init(CycAudioState *s, CycAudioStream *st, uint32_t id);
void cycaudio_stream_exit(CycAudioStream *st);
uint32_t cycaudio_stream_pos(CycAudioStream *st);
int cycaudio_stream_post_load(CycAudioStream *st);

/* cycaudio-poswb.c: below the stream engine, it calls nothing of it. */
bool cycaudio_poswb_record(CycAudioStream *st, uint64_t *addr);
bool cycaudio_poswb_update(CycAudioStream *st, int64_t reached_ns);
/* cycaudio-stream.c, shared with the sequencer */
int64_t cycaudio_frames_to_ns_ceil(uint64_t frames, uint32_t rate);
void cycaudio_put_sample(uint8_t *p, uint32_t sfmt, int32_t v);

/* cycaudio-seq.c */
void cycaudio_seq_init(CycAudioState *s);
void cycaudio_seq_exit(CycAudioState *s);
void cycaudio_seq_reset(CycAudioState *s);
bool cycaudio_seq_decode(hwaddr addr);
uint32_t cycaudio_seq_mmio_read(CycAudioState *s, hwaddr addr);
void cycaudio_seq_mmio_write(CycAudioState *s, hwaddr addr, uint32_t val);
extern const VMStateDescription vmstate_cycaudio_seq;

/* cycaudio-synth.c: voices, below the sequencer */
#define CYC_SYNTH_OFF       0u
#define CYC_SYNTH_ATTACK    1u
#define CYC_SYNTH_DECAY     2u
#define CYC_SYNTH_SUSTAIN   3u
#define CYC_SYNTH_RELEASE   4u
void cycaudio_synth_reset(CycSynth *sy);
void cycaudio_synth_event(CycSynth *sy, uint32_t msg, uint32_t rate);
void cycaudio_synth_release_all(CycSynth *sy, uint32_t rate);
void cycaudio_synth_render(CycSynth *sy, uint32_t rate, uint32_t fmt,
                           uint8_t *buf, uint32_t n);
uint32_t cycaudio_synth_active(const CycSynth *sy);
bool cycaudio_synth_valid(const CycSynth *sy);
/* cycaudio-sg.c: scatter-gather mode (CTL.MODE = SG) */
static inline bool cycaudio_sg_mode(const CycAudioStream *st)
{
    return st->cfg.mode == CYC_MODE_SG;
}
/* START checks of the ring; false with *code set. */
bool cycaudio_sg_config_check(CycAudioStream *st, const CycAudioConfig *cfg,
                              bool migrated, uint32_t *code);
/* START: latches the ring; descriptor 0 is read when its first frame is due. */
bool cycaudio_sg_start(CycAudioStream *st);
void cycaudio_sg_reset(CycAudioStream *st);
/*
 * Where the next frames of an engine step come from or go to: at most max
 * frames (*n) at guest address *addr, or (*silence) frames of an empty
 * ring. *sts gets STS.UNDERRUN when starvation begins. CYC_ERR_NONE or the
 * error of the descriptor that became current.
 */
uint32_t cycaudio_sg_next(CycAudioStream *st, uint64_t want, uint32_t max,
                          dma_addr_t *addr, uint32_t *n, bool *silence,
                          uint32_t *sts);
/* n data frames moved: returns STS.PERIOD if an IOC descriptor completed. */
uint32_t cycaudio_sg_advance(CycAudioStream *st, uint32_t n);
/* Frames from run_frames to the next instant the engine must wake at. */
uint64_t cycaudio_sg_next_event(CycAudioStream *st);
uint32_t cycaudio_sg_pos(CycAudioStream *st);
/* Whether SGLVI may hold val while the stream runs. */
bool cycaudio_sg_lvi_valid(CycAudioStream *st, uint32_t val);
bool cycaudio_sg_post_load(CycAudioStream *st);
extern const VMStateDescription vmstate_cycaudio_sg;

/* cycaudio-midi.c */
void cycaudio_midi_init(CycAudioState *s);
void cycaudio_midi_exit(CycAudioState *s);
void cycaudio_midi_reset(CycAudioState *s);
void cycaudio_midi_catch_up(CycAudioState *s);
bool cycaudio_midi_decode(hwaddr addr);
uint32_t cycaudio_midi_mmio_read(CycAudioState *s, hwaddr addr);
void cycaudio_midi_mmio_write(CycAudioState *s, hwaddr addr, uint32_t val);
extern const MemoryRegionOps cycaudio_mpu_ops;
extern const VMStateDescription vmstate_cycaudio_midi;

/* cycaudio-dump.c */
bool cycaudio_dump_open(CycAudioState *s, Error **errp);
void cycaudio_dump_append(CycAudioState *s, CycAudioStream *st,
                          const uint8_t *buf, uint32_t bytes);
void cycaudio_dump_close(CycAudioState *s);

/*
 * cycaudio-soff.c: the start offset (ABI 1.6). START check of the latched
 * SOFF (false with *code); the frames it stands for (0 in SG mode); START
 * puts the engine there.
 */
bool cycaudio_soff_check(const CycAudioConfig *cfg, uint32_t *code);
uint64_t cycaudio_soff_frames(const CycAudioStream *st);
void cycaudio_soff_start(CycAudioStream *st);
extern const VMStateDescription vmstate_cycaudio_soff;

/* cycaudio-pm.c */
bool cycaudio_pm_init(CycAudioState *s, Error **errp);
bool cycaudio_pm_d0(CycAudioState *s);
bool cycaudio_pm_config_written(CycAudioState *s, uint32_t old_state);
bool cycaudio_pm_blocks(CycAudioState *s, hwaddr addr, bool write);

#endif /* HW_AUDIO_CYCAUDIO_STATE_H */
