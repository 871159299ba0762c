/* SPDX-License-Identifier: MIT */
/*
 * cycaudio register ABI: the single source of truth for offsets, bits and
 * limits shared by the QEMU device (hw/), the guest miniports, the harness
 * and docs/cycaudio.rst; the formulas that define the samples are beside it
 * in reference.h. Every field has _MASK/_SHIFT and is read or written with
 * CYC_GET/CYC_SET only. Parts marked "later issue" are reserved ABI: the
 * device reports them absent in CYC_REG_CAPS and treats them as documented.
 * Needs <stdint.h> (or the guest's equivalent) included first.
 */
#ifndef CYCAUDIO_REGS_H
#define CYCAUDIO_REGS_H

/* PCI identity (DESIGN decision 3): experimental 1af4 range, audio class. */
#define CYC_PCI_VENDOR_ID           0x1af4u
#define CYC_PCI_DEVICE_ID           0x10f0u
#define CYC_PCI_CLASS               0x0401u
#define CYC_PCI_REVISION            0x01u
#define CYC_BAR0_SIZE               0x1000u

/* Generic field access: fully parenthesised, one pair for every field below. */
#define CYC_GET(reg, F)             (((reg) & F##_MASK) >> F##_SHIFT)
#define CYC_SET(reg, F, v) \
    (((reg) & ~F##_MASK) | (((uint32_t)(v) << F##_SHIFT) & F##_MASK))

/* --------------------------------------------------------------------------
 * Limits
 */
#define CYC_MAX_RENDER              4u      /* render streams: blocks 0..3 */
#define CYC_MAX_CAPTURE             4u      /* capture streams: blocks 4..7 */
#define CYC_MAX_STREAMS             (CYC_MAX_RENDER + CYC_MAX_CAPTURE)
#define CYC_RATE_MIN                8000u   /* Hz, inclusive */
#define CYC_RATE_MAX                192000u /* Hz, inclusive */
#define CYC_CHANNELS_MIN            1u
#define CYC_CHANNELS_MAX            8u
#define CYC_BACKEND_CHANNELS_MAX    2u      /* channels 0,1 reach the backend */
#define CYC_BUFFER_MAX              0x01000000u /* 16 MiB per buffer */
#define CYC_SAMPLE_BYTES_MAX        4u
#define CYC_FRAME_BYTES_MAX         (CYC_CHANNELS_MAX * CYC_SAMPLE_BYTES_MAX)
#define CYC_FIFO_FRAMES_MIN         1024u   /* device property fifo-frames */
#define CYC_FIFO_FRAMES_MAX         65536u
#define CYC_FIFO_FRAMES_DEFAULT     16384u
#define CYC_ATT_MAX                 255u    /* attenuation steps of 0.5 dB */
#define CYC_GEN_FREQ_MAX            96000u  /* Hz */
#define CYC_GEN_FREQ_RESET          1000u   /* Hz, GEN_FREQ after reset */
#define CYC_NS_PER_SEC              1000000000ull

/* --------------------------------------------------------------------------
 * Global registers: offsets in BAR0, all 32-bit, little-endian, aligned 4-byte
 * accesses only. Reserved bits of RW registers read 0 and ignore writes.
 */
#define CYC_REG_ID       0x000u /* RO: CYC_ID_VALUE */
#define CYC_REG_VERSION  0x004u /* RO: ABI major.minor */
#define CYC_REG_CAPS     0x008u /* RO: stream counts and feature bits */
#define CYC_REG_FIFOSZ   0x00cu /* RO: per-stream device FIFO, frames */
#define CYC_REG_GCTL     0x010u /* WO: global reset (reads 0) */
#define CYC_REG_INTCTL   0x014u /* RW: interrupt enables (mask) */
#define CYC_REG_INTSTS   0x018u /* RO: interrupt sources after stream enables */
#define CYC_REG_WALL_LO  0x020u /* RO: wall clock ns, bits 31:0; latches _HI */
#define CYC_REG_WALL_HI  0x024u /* RO: wall clock ns, bits 63:32 as latched */
#define CYC_REG_MASTER   0x030u /* RW: master volume (CYC_VOL_*) */
#define CYC_REG_GEN_CTL  0x040u /* RW: capture generator mode */
#define CYC_REG_GEN_FREQ 0x044u /* RW: generator sine frequency, Hz */
#define CYC_REG_POSWB_LO 0x050u /* RW: WaveRT write-back base 31:0 */
#define CYC_REG_POSWB_HI 0x054u /* RW: write-back base 63:32 */
#define CYC_GLOBAL_END   0x100u /* first stream block */

#define CYC_ID_VALUE 0x43594341u /* "ACYC" as little-endian bytes */

#define CYC_VERSION_MINOR_MASK      0x0000ffffu
#define CYC_VERSION_MINOR_SHIFT     0
#define CYC_VERSION_MAJOR_MASK      0xffff0000u
#define CYC_VERSION_MAJOR_SHIFT     16
#define CYC_ABI_MAJOR               1u
#define CYC_ABI_MINOR               6u

#define CYC_CAPS_NRENDER_MASK   0x0000000fu /* render streams present (0..4) */
#define CYC_CAPS_NRENDER_SHIFT  0
#define CYC_CAPS_NCAPTURE_MASK  0x000000f0u /* capture streams present (0..4) */
#define CYC_CAPS_NCAPTURE_SHIFT 4
#define CYC_CAPS_MSI_MASK       0x00000100u /* MSI capability exposed */
#define CYC_CAPS_MSI_SHIFT      8
#define CYC_CAPS_GEN_MASK       0x00000200u /* capture generator */
#define CYC_CAPS_GEN_SHIFT      9
#define CYC_CAPS_LOOPBACK_MASK  0x00000400u /* loopback of render streams */
#define CYC_CAPS_LOOPBACK_SHIFT 10
#define CYC_CAPS_DUMP_MASK      0x00000800u /* host 'dump' recording active */
#define CYC_CAPS_DUMP_SHIFT     11
#define CYC_CAPS_SG_MASK        0x00010000u /* WavePci SG ring (ABI 1.3) */
#define CYC_CAPS_SG_SHIFT       16
#define CYC_CAPS_POSWB_MASK     0x00020000u /* WaveRT POSWB (from 1.2) */
#define CYC_CAPS_POSWB_SHIFT    17
#define CYC_CAPS_MIDI_MASK      0x00040000u /* MIDI UART (1 from ABI 1.1) */
#define CYC_CAPS_MIDI_SHIFT     18
#define CYC_CAPS_SEQ_MASK       0x00080000u /* DMus synth (1 from ABI 1.4) */
#define CYC_CAPS_SEQ_SHIFT      19
#define CYC_CAPS_PM_MASK        0x00100000u /* PCI PM D0/D3hot (ABI 1.5) */
#define CYC_CAPS_PM_SHIFT       20

/* GCTL, write-only (reads 0): GRST=1 resets the device as at power-on. */
#define CYC_GCTL_GRST_MASK          0x00000001u
#define CYC_GCTL_GRST_SHIFT         0

/*
 * INTCTL: SIE bit n enables stream block n; GIE gates the line/MSI as a whole.
 */
#define CYC_INTCTL_SIE_MASK         0x000000ffu
#define CYC_INTCTL_SIE_SHIFT        0
#define CYC_INTCTL_MIDI_MASK        0x00010000u /* MIDI UART RX */
#define CYC_INTCTL_MIDI_SHIFT       16
#define CYC_INTCTL_SEQ_MASK         0x00020000u /* sequencer (ABI 1.4) */
#define CYC_INTCTL_SEQ_SHIFT        17
#define CYC_INTCTL_GIE_MASK         0x80000000u
#define CYC_INTCTL_GIE_SHIFT        31

/*
 * INTSTS: SIS bit n = stream n has (STS & enables in CTL) != 0, regardless of
 * INTCTL; GIS = (INTSTS & INTCTL & sources) != 0 && GIE: the interrupt is
 * asserted. Acknowledge at the source (stream STS, write 1 to clear).
 */
#define CYC_INTSTS_SIS_MASK         0x000000ffu
#define CYC_INTSTS_SIS_SHIFT        0
#define CYC_INTSTS_MIDI_MASK        0x00010000u
#define CYC_INTSTS_MIDI_SHIFT       16
#define CYC_INTSTS_SEQ_MASK         0x00020000u
#define CYC_INTSTS_SEQ_SHIFT        17
#define CYC_INTSTS_GIS_MASK         0x80000000u
#define CYC_INTSTS_GIS_SHIFT        31

/*
 * Volume (MASTER and stream VOL): attenuation in 0.5 dB steps, gain per
 * cyc_vol_gain_q16.
 */
#define CYC_VOL_ATT_MASK            0x000000ffu
#define CYC_VOL_ATT_SHIFT           0
#define CYC_VOL_MUTE_MASK           0x80000000u
#define CYC_VOL_MUTE_SHIFT          31

/* Generator */
#define CYC_GEN_CTL_MODE_MASK       0x00000003u
#define CYC_GEN_CTL_MODE_SHIFT      0
#define CYC_GEN_MODE_SINE           0u
#define CYC_GEN_MODE_RAMP           1u
#define CYC_GEN_MODE_SILENCE        2u
#define CYC_GEN_FREQ_HZ_MASK        0x0001ffffu
#define CYC_GEN_FREQ_HZ_SHIFT       0

/*
 * POSWB_LO: write-back base address bits 31:0, stored as written; START with
 * CTL.POSWB refuses bits 3:0 other than 0 (CYC_ERR_POSWB_ADDR).
 */
#define CYC_POSWB_LO_ADDR_MASK      0xfffffff0u
#define CYC_POSWB_LO_ADDR_SHIFT     4
#define CYC_POSWB_LO_ALIGN_MASK     0x0000000fu
#define CYC_POSWB_LO_ALIGN_SHIFT    0

/* --------------------------------------------------------------------------
 * Stream blocks: block n at CYC_STREAM_BASE + n * CYC_STREAM_STRIDE. Blocks
 * 0..3 are render streams 0..3, blocks 4..7 capture streams 0..3; blocks beyond
 * CAPS counts are absent (read 0, writes ignored).
 */
#define CYC_STREAM_BASE             0x100u
#define CYC_STREAM_STRIDE           0x080u
#define CYC_STREAM_OFF(n) \
    (CYC_STREAM_BASE + (uint32_t)(n) * CYC_STREAM_STRIDE)
#define CYC_RENDER_BLOCK(i)         ((uint32_t)(i))
#define CYC_CAPTURE_BLOCK(i)        (CYC_MAX_RENDER + (uint32_t)(i))
#define CYC_STREAM_END              CYC_STREAM_OFF(CYC_MAX_STREAMS)

#define CYC_SD_CTL       0x00u /* RW: state, interrupt enables, reset, mode */
#define CYC_SD_STS       0x04u /* RW1C status / RO state flags */
#define CYC_SD_FMT       0x08u /* RW: rate, channels, sample format */
#define CYC_SD_ERR       0x0cu /* RO: CYC_ERR_* of the latest error */
#define CYC_SD_BUF_LO    0x10u /* RW: buffer guest-physical address 31:0 */
#define CYC_SD_BUF_HI    0x14u /* RW: buffer address 63:32 */
#define CYC_SD_BSIZE     0x18u /* RW: buffer size, bytes */
#define CYC_SD_PSIZE     0x1cu /* RW: period (notification) size, bytes */
#define CYC_SD_POS       0x20u /* RO: byte offset in the buffer, wraps */
#define CYC_SD_VOL       0x24u /* RW: stream volume (CYC_VOL_*) */
#define CYC_SD_FRAMES_LO 0x28u /* RO: 64-bit frame counter 31:0; latches _HI */
#define CYC_SD_FRAMES_HI 0x2cu /* RO: frame counter 63:32 as latched */
#define CYC_SD_OVERRUNS  0x30u /* RO: FIFO overrun events, saturating */
#define CYC_SD_SRC       0x34u /* RW: capture source (capture blocks only) */
#define CYC_SD_PCOUNT    0x38u /* RO: periods completed since START */
#define CYC_SD_SGCOUNT   0x3cu /* RW: SG ring size, descriptors (1.3) */
#define CYC_SD_SGCUR     0x40u /* RO: current SG descriptor (1.3) */

/* CTL */
#define CYC_CTL_STATE_MASK  0x00000003u
#define CYC_CTL_STATE_SHIFT 0
#define CYC_STATE_STOP      0u          /* idle; position 0; FMT writable */
#define CYC_STATE_PAUSE     1u          /* validated, voice open, no clock */
#define CYC_STATE_RUN       2u          /* DMA clock running */
#define CYC_CTL_PIE_MASK    0x00000010u /* period interrupt enable */
#define CYC_CTL_PIE_SHIFT   4
#define CYC_CTL_EIE_MASK    0x00000020u /* DMAERR/FMTERR interrupt enable */
#define CYC_CTL_EIE_SHIFT   5
#define CYC_CTL_XIE_MASK    0x00000040u /* overrun interrupt enable */
#define CYC_CTL_XIE_SHIFT   6
#define CYC_CTL_SRST_MASK   0x00000100u /* write 1: stream reset; reads 0 */
#define CYC_CTL_SRST_SHIFT  8
#define CYC_CTL_MODE_MASK   0x00003000u
#define CYC_CTL_MODE_SHIFT  12
#define CYC_MODE_CYCLIC     0u
#define CYC_MODE_SG         1u          /* WavePci descriptor ring (1.3) */
#define CYC_CTL_POSWB_MASK  0x00004000u /* WaveRT write-back (from 1.2) */
#define CYC_CTL_POSWB_SHIFT 14

/* STS: bits 0..4 are write-1-to-clear events; bits 8..10 read-only state. */
#define CYC_STS_PERIOD_MASK    0x00000001u
#define CYC_STS_PERIOD_SHIFT   0
#define CYC_STS_DMAERR_MASK    0x00000002u
#define CYC_STS_DMAERR_SHIFT   1
#define CYC_STS_FMTERR_MASK    0x00000004u
#define CYC_STS_FMTERR_SHIFT   2
#define CYC_STS_OVERRUN_MASK   0x00000008u
#define CYC_STS_OVERRUN_SHIFT  3
#define CYC_STS_W1C_MASK       0x0000001fu
#define CYC_STS_RUNNING_MASK   0x00000100u /* DMA clock running (state RUN) */
#define CYC_STS_RUNNING_SHIFT  8
#define CYC_STS_DRAINING_MASK  0x00000200u /* fetched frames still leaving */
#define CYC_STS_DRAINING_SHIFT 9

/* FMT: writable in STOP only (else FMTERR, CYC_ERR_FMT_BUSY, not stored). */
#define CYC_FMT_RATE_MASK      0x0003ffffu /* Hz, CYC_RATE_MIN..CYC_RATE_MAX */
#define CYC_FMT_RATE_SHIFT     0
#define CYC_FMT_CHANNELS_MASK  0x00f00000u /* count, 1..8 */
#define CYC_FMT_CHANNELS_SHIFT 20
#define CYC_FMT_SFMT_MASK      0x07000000u
#define CYC_FMT_SFMT_SHIFT     24
#define CYC_SFMT_U8            0u
#define CYC_SFMT_S16           1u          /* little-endian */
#define CYC_SFMT_S24_32        2u          /* 24 bits MSB-aligned, low byte 0 */
#define CYC_SFMT_S32           3u
#define CYC_SFMT_F32           4u          /* IEEE 754 single, [-1, 1) */
#define CYC_SFMT_COUNT         5u

/* SRC (capture) */
#define CYC_SRC_SEL_MASK   0x00000003u
#define CYC_SRC_SEL_SHIFT  0
#define CYC_SRC_AUDIODEV   0u          /* the audiodev's input voice */
#define CYC_SRC_LOOPBACK   1u          /* post-mixer frames of stream LOOP */
#define CYC_SRC_GENERATOR  2u          /* built-in deterministic generator */
#define CYC_SRC_LOOP_MASK  0x00000030u /* render stream index for LOOPBACK */
#define CYC_SRC_LOOP_SHIFT 4
#define CYC_SRC_MIX_MASK   0x00000040u /* the render mix, LOOP ignored */
#define CYC_SRC_MIX_SHIFT  6

/* ERR: the reason for the latest DMAERR/FMTERR; only SRST, GRST clear it. */
#define CYC_ERR_NONE             0u
#define CYC_ERR_BSIZE_ZERO       1u  /* DMAERR */
#define CYC_ERR_PSIZE_ZERO       2u  /* DMAERR */
#define CYC_ERR_PERIOD_GT_BUFFER 3u  /* DMAERR */
#define CYC_ERR_UNALIGNED        4u  /* DMAERR: size not a frame multiple */
#define CYC_ERR_BSIZE_TOO_BIG    5u  /* DMAERR: > CYC_BUFFER_MAX */
#define CYC_ERR_ADDR_SELF        6u  /* DMAERR: buffer overlaps the BAR0 */
#define CYC_ERR_ADDR_INVALID     7u  /* DMAERR: not all RAM, or wraps */
#define CYC_ERR_DMA_FAULT        8u  /* DMAERR: DMA failed while running */
#define CYC_ERR_BAD_RATE         9u  /* FMTERR */
#define CYC_ERR_BAD_CHANNELS     10u /* FMTERR */
#define CYC_ERR_BAD_SFMT         11u /* FMTERR */
#define CYC_ERR_FMT_BUSY         12u /* FMTERR: FMT written while not STOP */
#define CYC_ERR_BAD_STATE        13u /* DMAERR: reserved STATE value */
#define CYC_ERR_UNSUPPORTED      14u /* DMAERR: MODE of a later issue */
#define CYC_ERR_LOOP_MISMATCH    15u /* FMTERR: LOOP stream's FMT differs */
#define CYC_ERR_BAD_SOURCE       16u /* FMTERR: SEL reserved, LOOP absent */
/* DMAERR: CTL.POSWB and the record unaligned, not RAM, or on BAR0 (1.2) */
#define CYC_ERR_POSWB_ADDR       17u

/* --------------------------------------------------------------------------
 * WavePci scatter-gather ring (ABI 1.3, CTL.MODE = SG). BUF points at a ring
 * of SGCOUNT (CYC_SG_MIN_DESC..CYC_SG_MAX_DESC) descriptors of 16 bytes,
 * 16-byte aligned, latched at START. The driver appends descriptors while
 * the stream runs and moves SGLVI, the last valid index; the valid ones are
 * SGCUR..SGLVI (cyclic) and the ring is empty when SGLVI + 1 == SGCUR (mod
 * SGCOUNT), so at most SGCOUNT - 1 are pending. The device reads a
 * descriptor when it becomes current, interrupts (STS.PERIOD) when one with
 * IOC completes, counts completed descriptors in PCOUNT, and on an empty ring
 * plays silence (STS.UNDERRUN once, STS.STARVED while it lasts) until SGLVI
 * moves. POS counts the data bytes moved since START (mod 2^32); BSIZE and
 * PSIZE are not used.
 */
#define CYC_SD_SGLVI           0x44u /* RW: last valid descriptor index */
#define CYC_SD_SGPOS           0x48u /* RO: bytes done in descriptor SGCUR */
#define CYC_SG_MIN_DESC        2u
#define CYC_SG_MAX_DESC        256u
#define CYC_SG_RING_ALIGN      16u
#define CYC_SG_DESC_SIZE       16u
#define CYC_SG_DESC_ADDR       0x0u /* u64 guest-physical address */
#define CYC_SG_DESC_LEN        0x8u /* u32 bytes, multiple of the frame, > 0 */
#define CYC_SG_DESC_FLAGS      0xcu /* u32; bits other than IOC ignored */
#define CYC_SG_DESC_LEN_MAX    CYC_BUFFER_MAX
#define CYC_SG_FLAGS_IOC_MASK  0x00000001u /* STS.PERIOD when it completes */
#define CYC_SG_FLAGS_IOC_SHIFT 0
#define CYC_CTL_UIE_MASK       0x00000080u /* interrupt on STS.UNDERRUN */
#define CYC_CTL_UIE_SHIFT      7
#define CYC_STS_UNDERRUN_MASK  0x00000010u /* W1C: the ring ran empty */
#define CYC_STS_UNDERRUN_SHIFT 4
#define CYC_STS_STARVED_MASK   0x00000400u /* RO: empty ring, silence */
#define CYC_STS_STARVED_SHIFT  10
#define CYC_ERR_SG_RING        18u /* DMAERR: SGCOUNT, BUF alignment, SGLVI */
#define CYC_ERR_SG_DESC_LEN    19u /* DMAERR: LEN 0, > max, not whole frames */
#define CYC_ERR_SG_DESC_ADDR   20u /* DMAERR: data wraps 2^64 or is not RAM */
#define CYC_ERR_SG_DESC_SELF   21u /* DMAERR: data overlaps BAR0 */
#define CYC_ERR_SG_RING_FAULT  22u /* DMAERR: a descriptor read failed */

_Static_assert((CYC_CTL_UIE_MASK &
                (CYC_CTL_STATE_MASK | CYC_CTL_PIE_MASK | CYC_CTL_EIE_MASK |
                 CYC_CTL_XIE_MASK | CYC_CTL_SRST_MASK | CYC_CTL_MODE_MASK |
                 CYC_CTL_POSWB_MASK)) == 0, "CTL.UIE overlaps");
_Static_assert(((CYC_STS_UNDERRUN_MASK | CYC_STS_STARVED_MASK) &
                (CYC_STS_PERIOD_MASK | CYC_STS_DMAERR_MASK |
                 CYC_STS_FMTERR_MASK | CYC_STS_OVERRUN_MASK |
                 CYC_STS_RUNNING_MASK | CYC_STS_DRAINING_MASK)) == 0,
               "STS SG bits overlap");
_Static_assert(CYC_SD_SGPOS < CYC_STREAM_STRIDE, "SG registers beyond block");
_Static_assert(CYC_SD_SGLVI > CYC_SD_SGCUR, "SG register order");

/*
 * WaveRT position write-back (CTL.POSWB, from ABI 1.2). At START and after
 * every transfer the device stores, at POSWB base + n * CYC_POSWB_ENTRY_SIZE
 * for stream block n, the record below (little-endian).
 */
#define CYC_POSWB_ENTRY_SIZE 16u
#define CYC_POSWB_POS        0x0u /* u32 POS */
#define CYC_POSWB_PCOUNT     0x4u /* u32 PCOUNT */
#define CYC_POSWB_WALL       0x8u /* u64 WALL ns at which POS was reached */

/* --------------------------------------------------------------------------
 * MIDI UART (ABI 1.1). The data path is an MPU-401 in UART mode on I/O BAR
 * CYC_MPU_BAR (4 ports); the MMIO block at CYC_MIDI_BASE is its control side.
 * Byte FIFOs of CYC_MIDI_FIFO_DEPTH each way; one byte takes CYC_MIDI_BYTE_NS
 * of QEMU_CLOCK_VIRTUAL on the wire (31 250 baud, 10 bits a byte).
 */
#define CYC_MPU_BAR                1u
#define CYC_MPU_BAR_SIZE           4u
#define CYC_MPU_DATA               0u    /* W: queue a TX byte; R: RX byte */
#define CYC_MPU_STATUS             1u    /* R */
#define CYC_MPU_COMMAND            1u    /* W */
#define CYC_MPU_STATUS_DRR_MASK    0x40u /* TX FIFO full: cannot take a byte */
#define CYC_MPU_STATUS_DRR_SHIFT   6
#define CYC_MPU_STATUS_DSR_MASK    0x80u /* RX FIFO empty: nothing to read */
#define CYC_MPU_STATUS_DSR_SHIFT   7
#define CYC_MPU_CMD_RESET          0xffu /* leave UART mode, empty FIFOs */
#define CYC_MPU_CMD_UART           0x3fu /* enter UART mode */
#define CYC_MPU_ACK                0xfeu /* queued in RX for a command */

#define CYC_MIDI_BASE              0x800u
#define CYC_MIDI_DATA              0x800u /* RW: CYC_MPU_DATA, byte 7:0 */
#define CYC_MIDI_STS               0x804u /* RO levels, mode; RW1C RXOVR */
#define CYC_MIDI_CTL               0x808u /* RW */
#define CYC_MIDI_OVRCNT            0x80cu /* RO: RX bytes lost, saturating */
#define CYC_MIDI_FIFO_DEPTH        64u
#define CYC_MIDI_STS_RXLVL_MASK    0x0000007fu /* bytes in the RX FIFO */
#define CYC_MIDI_STS_RXLVL_SHIFT   0
#define CYC_MIDI_STS_TXLVL_MASK    0x00007f00u /* bytes in the TX FIFO */
#define CYC_MIDI_STS_TXLVL_SHIFT   8
#define CYC_MIDI_STS_RXOVR_MASK    0x00010000u /* RW1C: an RX byte was lost */
#define CYC_MIDI_STS_RXOVR_SHIFT   16
#define CYC_MIDI_STS_UART_MASK     0x01000000u /* RO: MPU-401 in UART mode */
#define CYC_MIDI_STS_UART_SHIFT    24
#define CYC_MIDI_CTL_EN_MASK       0x00000001u /* take bytes from the chardev */
#define CYC_MIDI_CTL_EN_SHIFT      0
#define CYC_MIDI_CTL_RXIE_MASK     0x00000002u /* RX non-empty: INTSTS.MIDI */
#define CYC_MIDI_CTL_RXIE_SHIFT    1
#define CYC_MIDI_CTL_LOOP_MASK     0x00000008u /* TX bytes come back on RX */
#define CYC_MIDI_CTL_LOOP_SHIFT    3
#define CYC_MIDI_BAUD              31250u      /* 3125 bytes per second */
#define CYC_MIDI_BYTE_NS           320000u     /* 10 bits at 31 250 baud */

/* --------------------------------------------------------------------------
 * Sequencer and synthesiser (DMus, ABI 1.4). The guest queues timestamped
 * MIDI events in a cyclic ring of CYC_SEQ_EVENT_SIZE records in its memory;
 * the device consumes each as render stream SYNTH.STREAM fetches the frame of
 * its time and plays it on a CYC_SEQ_VOICES_MAX-voice synthesiser whose
 * output is added to that stream's frames (docs/cycaudio.rst "Sequencer").
 */
#define CYC_SEQ_BASE       0x900u
#define CYC_SEQ_RING_LO    0x900u /* RW: ring base 31:0, 16-byte aligned */
#define CYC_SEQ_RING_HI    0x904u /* RW: ring base 63:32 */
#define CYC_SEQ_RING_COUNT 0x908u /* RW: events, 2^n, <= CYC_SEQ_RING_MAX */
#define CYC_SEQ_HEAD       0x90cu /* RO: next event the device consumes */
#define CYC_SEQ_TAIL       0x910u /* RW: one past the last queued event */
#define CYC_SEQ_CTL        0x914u /* RW: EN, interrupt enables; W: RST */
#define CYC_SEQ_STS        0x918u /* W1C events, RO RUNNING */
#define CYC_SEQ_SYNTH      0x91cu /* RW: STREAM; RO: VOICES */
#define CYC_SEQ_ERR        0x920u /* RO: CYC_SEQ_ERR_* of the latest error */
#define CYC_SEQ_ACTIVE     0x924u /* RO: voices sounding */
#define CYC_SEQ_LATECNT    0x928u /* RO: late events, saturating */
#define CYC_SEQ_EVCNT      0x92cu /* RO: events consumed, mod 2^32 */
#define CYC_SEQ_END        0x930u
#define CYC_SEQ_RING_MAX   4096u
#define CYC_SEQ_RING_ALIGN 16u
#define CYC_SEQ_VOICES_MAX 32u
#define CYC_SEQ_EVENT_SIZE 16u
#define CYC_SEQ_EV_TIME    0x0u   /* u64 wall clock ns */
#define CYC_SEQ_EV_MSG     0x8u   /* u32: status, data1, data2 (bytes 0..2) */
#define CYC_SEQ_EV_FLAGS   0xcu   /* u32 reserved, 0 */

#define CYC_SEQ_CTL_EN_MASK        0x00000001u /* sequencer runs */
#define CYC_SEQ_CTL_EN_SHIFT       0
#define CYC_SEQ_CTL_DIE_MASK       0x00000002u /* interrupt on DRAINED */
#define CYC_SEQ_CTL_DIE_SHIFT      1
#define CYC_SEQ_CTL_LIE_MASK       0x00000004u /* interrupt on LATE */
#define CYC_SEQ_CTL_LIE_SHIFT      2
#define CYC_SEQ_CTL_EIE_MASK       0x00000008u /* interrupt on ERROR */
#define CYC_SEQ_CTL_EIE_SHIFT      3
#define CYC_SEQ_CTL_RST_MASK       0x00000100u /* W: voices off, reads 0 */
#define CYC_SEQ_CTL_RST_SHIFT      8
#define CYC_SEQ_STS_DRAINED_MASK   0x00000001u /* W1C: HEAD reached TAIL */
#define CYC_SEQ_STS_DRAINED_SHIFT  0
#define CYC_SEQ_STS_LATE_MASK      0x00000002u /* W1C: an event came late */
#define CYC_SEQ_STS_LATE_SHIFT     1
#define CYC_SEQ_STS_ERROR_MASK     0x00000004u /* W1C: see CYC_SEQ_ERR */
#define CYC_SEQ_STS_ERROR_SHIFT    2
#define CYC_SEQ_STS_RUNNING_MASK   0x00000100u /* RO: EN accepted */
#define CYC_SEQ_STS_RUNNING_SHIFT  8
#define CYC_SEQ_SYNTH_STREAM_MASK  0x00000003u /* render stream, latched */
#define CYC_SEQ_SYNTH_STREAM_SHIFT 0
#define CYC_SEQ_SYNTH_VOICES_MASK  0x00ff0000u /* RO: CYC_SEQ_VOICES_MAX */
#define CYC_SEQ_SYNTH_VOICES_SHIFT 16

#define CYC_SEQ_ERR_NONE           0u
#define CYC_SEQ_ERR_RING_ALIGN     1u /* ring base not 16-byte aligned */
#define CYC_SEQ_ERR_RING_COUNT     2u /* count 0, not 2^n or > RING_MAX */
#define CYC_SEQ_ERR_RING_ADDR      3u /* ring wraps 2^64 or is not RAM */
#define CYC_SEQ_ERR_BAD_TAIL       4u /* TAIL written >= RING_COUNT */
#define CYC_SEQ_ERR_DMA_FAULT      5u /* an event read failed */
#define CYC_SEQ_ERR_BAD_STREAM     6u /* SYNTH.STREAM names no render stream */

/* Synthesiser constants (docs/cycaudio.rst "Synthesiser"). */
#define CYC_SYNTH_TIMBRES          4u  /* program % 4: sine square saw tri */
#define CYC_SYNTH_BEND_CENTS       200 /* pitch bend range, +/- cents */
#define CYC_SYNTH_VOICE_SHIFT      12  /* full voice = 2^28: 1/8 full scale */
/* --------------------------------------------------------------------------
 * Power management (ABI 1.5): a PCI Power Management capability (PCI PM 1.2)
 * at CYC_PCI_PM_CAP in configuration space with D0 and D3hot only, no PME,
 * PMCSR.No_Soft_Reset = 0: D3hot -> D0 resets every BAR register (the
 * configuration space survives). Outside D0, BAR0 reads return
 * CYC_PM_OFF_READ (BAR1 ports 0xff) and writes are dropped.
 */
#define CYC_PCI_PM_CAP             0x60u  /* config offset of the capability */
#define CYC_PCI_PM_PMC             0x02u  /* u16 PMC, read-only */
#define CYC_PCI_PM_PMCSR           0x04u  /* u16 PMCSR */
#define CYC_PCI_PM_PMC_VALUE       0x0003u /* PCI PM 1.2, no D1/D2, no PME */
#define CYC_PMCSR_STATE_MASK       0x00000003u
#define CYC_PMCSR_STATE_SHIFT      0
#define CYC_PMCSR_NSR_MASK         0x00000008u /* No_Soft_Reset: reads 0 */
#define CYC_PMCSR_NSR_SHIFT        3
#define CYC_PM_D0                  0u
#define CYC_PM_D3HOT               3u     /* D1/D2 writes are ignored */
#define CYC_PM_OFF_READ            0xffffffffu

/*
 * Every field is one contiguous run of bits starting at its _SHIFT, and the
 * fields of one register never overlap (their sum equals their union).
 */
#define CYC_FIELD_OK(F) \
    ((((F##_MASK) >> (F##_SHIFT)) & 1u) && \
     ((((F##_MASK) >> (F##_SHIFT)) + 1u) & ((F##_MASK) >> (F##_SHIFT))) == 0)
#define CYC_FIELD_ASSERT(F) \
    _Static_assert(CYC_FIELD_OK(F), #F " is not a field")
#define CYC_DISJOINT2(a, b)         (((a) & (b)) == 0)

CYC_FIELD_ASSERT(CYC_VERSION_MINOR);
CYC_FIELD_ASSERT(CYC_VERSION_MAJOR);
CYC_FIELD_ASSERT(CYC_CAPS_NRENDER);
CYC_FIELD_ASSERT(CYC_CAPS_NCAPTURE);
CYC_FIELD_ASSERT(CYC_CAPS_MSI);
CYC_FIELD_ASSERT(CYC_CAPS_GEN);
CYC_FIELD_ASSERT(CYC_CAPS_LOOPBACK);
CYC_FIELD_ASSERT(CYC_CAPS_DUMP);
CYC_FIELD_ASSERT(CYC_CAPS_SG);
CYC_FIELD_ASSERT(CYC_CAPS_POSWB);
CYC_FIELD_ASSERT(CYC_CAPS_MIDI);
CYC_FIELD_ASSERT(CYC_CAPS_SEQ);
CYC_FIELD_ASSERT(CYC_CAPS_PM);
CYC_FIELD_ASSERT(CYC_GCTL_GRST);
CYC_FIELD_ASSERT(CYC_INTCTL_SIE);
CYC_FIELD_ASSERT(CYC_INTCTL_MIDI);
CYC_FIELD_ASSERT(CYC_INTCTL_SEQ);
CYC_FIELD_ASSERT(CYC_INTCTL_GIE);
CYC_FIELD_ASSERT(CYC_INTSTS_SIS);
CYC_FIELD_ASSERT(CYC_INTSTS_MIDI);
CYC_FIELD_ASSERT(CYC_INTSTS_SEQ);
CYC_FIELD_ASSERT(CYC_INTSTS_GIS);
CYC_FIELD_ASSERT(CYC_SEQ_CTL_EN);
CYC_FIELD_ASSERT(CYC_SEQ_CTL_DIE);
CYC_FIELD_ASSERT(CYC_SEQ_CTL_LIE);
CYC_FIELD_ASSERT(CYC_SEQ_CTL_EIE);
CYC_FIELD_ASSERT(CYC_SEQ_CTL_RST);
CYC_FIELD_ASSERT(CYC_SEQ_STS_DRAINED);
CYC_FIELD_ASSERT(CYC_SEQ_STS_LATE);
CYC_FIELD_ASSERT(CYC_SEQ_STS_ERROR);
CYC_FIELD_ASSERT(CYC_SEQ_STS_RUNNING);
CYC_FIELD_ASSERT(CYC_SEQ_SYNTH_STREAM);
CYC_FIELD_ASSERT(CYC_SEQ_SYNTH_VOICES);
CYC_FIELD_ASSERT(CYC_VOL_ATT);
CYC_FIELD_ASSERT(CYC_VOL_MUTE);
CYC_FIELD_ASSERT(CYC_GEN_CTL_MODE);
CYC_FIELD_ASSERT(CYC_GEN_FREQ_HZ);
CYC_FIELD_ASSERT(CYC_POSWB_LO_ADDR);
CYC_FIELD_ASSERT(CYC_POSWB_LO_ALIGN);
CYC_FIELD_ASSERT(CYC_CTL_STATE);
CYC_FIELD_ASSERT(CYC_CTL_PIE);
CYC_FIELD_ASSERT(CYC_CTL_EIE);
CYC_FIELD_ASSERT(CYC_CTL_XIE);
CYC_FIELD_ASSERT(CYC_CTL_SRST);
CYC_FIELD_ASSERT(CYC_CTL_MODE);
CYC_FIELD_ASSERT(CYC_CTL_POSWB);
CYC_FIELD_ASSERT(CYC_STS_PERIOD);
CYC_FIELD_ASSERT(CYC_STS_DMAERR);
CYC_FIELD_ASSERT(CYC_STS_FMTERR);
CYC_FIELD_ASSERT(CYC_STS_OVERRUN);
CYC_FIELD_ASSERT(CYC_STS_RUNNING);
CYC_FIELD_ASSERT(CYC_STS_DRAINING);
CYC_FIELD_ASSERT(CYC_FMT_RATE);
CYC_FIELD_ASSERT(CYC_FMT_CHANNELS);
CYC_FIELD_ASSERT(CYC_FMT_SFMT);
CYC_FIELD_ASSERT(CYC_SRC_SEL);
CYC_FIELD_ASSERT(CYC_SRC_LOOP);
CYC_FIELD_ASSERT(CYC_SRC_MIX);
CYC_FIELD_ASSERT(CYC_SG_FLAGS_IOC);
CYC_FIELD_ASSERT(CYC_CTL_UIE);
CYC_FIELD_ASSERT(CYC_STS_UNDERRUN);
CYC_FIELD_ASSERT(CYC_STS_STARVED);
CYC_FIELD_ASSERT(CYC_MIDI_STS_RXLVL);
CYC_FIELD_ASSERT(CYC_MIDI_STS_TXLVL);
CYC_FIELD_ASSERT(CYC_MIDI_STS_RXOVR);
CYC_FIELD_ASSERT(CYC_MIDI_STS_UART);
CYC_FIELD_ASSERT(CYC_MIDI_CTL_EN);
CYC_FIELD_ASSERT(CYC_MIDI_CTL_RXIE);
CYC_FIELD_ASSERT(CYC_MIDI_CTL_LOOP);
CYC_FIELD_ASSERT(CYC_PMCSR_STATE);
CYC_FIELD_ASSERT(CYC_PMCSR_NSR);

_Static_assert(CYC_VERSION_MINOR_MASK + CYC_VERSION_MAJOR_MASK ==
               (CYC_VERSION_MINOR_MASK | CYC_VERSION_MAJOR_MASK), "VERSION");
_Static_assert(CYC_CAPS_NRENDER_MASK + CYC_CAPS_NCAPTURE_MASK +
               CYC_CAPS_MSI_MASK + CYC_CAPS_GEN_MASK + CYC_CAPS_LOOPBACK_MASK +
               CYC_CAPS_DUMP_MASK + CYC_CAPS_SG_MASK + CYC_CAPS_POSWB_MASK +
               CYC_CAPS_MIDI_MASK + CYC_CAPS_SEQ_MASK + CYC_CAPS_PM_MASK ==
               (CYC_CAPS_NRENDER_MASK | CYC_CAPS_NCAPTURE_MASK |
                CYC_CAPS_MSI_MASK | CYC_CAPS_GEN_MASK | CYC_CAPS_LOOPBACK_MASK |
                CYC_CAPS_DUMP_MASK | CYC_CAPS_SG_MASK | CYC_CAPS_POSWB_MASK |
                CYC_CAPS_MIDI_MASK | CYC_CAPS_SEQ_MASK | CYC_CAPS_PM_MASK),
               "CAPS fields overlap");
_Static_assert(CYC_INTCTL_SIE_MASK + CYC_INTCTL_MIDI_MASK +
               CYC_INTCTL_SEQ_MASK + CYC_INTCTL_GIE_MASK ==
               (CYC_INTCTL_SIE_MASK | CYC_INTCTL_MIDI_MASK |
                CYC_INTCTL_SEQ_MASK | CYC_INTCTL_GIE_MASK), "INTCTL");
_Static_assert(CYC_INTSTS_SIS_MASK + CYC_INTSTS_MIDI_MASK +
               CYC_INTSTS_SEQ_MASK + CYC_INTSTS_GIS_MASK ==
               (CYC_INTSTS_SIS_MASK | CYC_INTSTS_MIDI_MASK |
                CYC_INTSTS_SEQ_MASK | CYC_INTSTS_GIS_MASK), "INTSTS");
_Static_assert(CYC_DISJOINT2(CYC_VOL_ATT_MASK, CYC_VOL_MUTE_MASK), "VOL");
_Static_assert(CYC_CTL_STATE_MASK + CYC_CTL_PIE_MASK + CYC_CTL_EIE_MASK +
               CYC_CTL_XIE_MASK + CYC_CTL_SRST_MASK + CYC_CTL_MODE_MASK +
               CYC_CTL_POSWB_MASK ==
               (CYC_CTL_STATE_MASK | CYC_CTL_PIE_MASK | CYC_CTL_EIE_MASK |
                CYC_CTL_XIE_MASK | CYC_CTL_SRST_MASK | CYC_CTL_MODE_MASK |
                CYC_CTL_POSWB_MASK), "CTL fields overlap");
_Static_assert(CYC_STS_PERIOD_MASK + CYC_STS_DMAERR_MASK +
               CYC_STS_FMTERR_MASK + CYC_STS_OVERRUN_MASK +
               CYC_STS_RUNNING_MASK + CYC_STS_DRAINING_MASK ==
               (CYC_STS_PERIOD_MASK | CYC_STS_DMAERR_MASK |
                CYC_STS_FMTERR_MASK | CYC_STS_OVERRUN_MASK |
                CYC_STS_RUNNING_MASK | CYC_STS_DRAINING_MASK), "STS");
_Static_assert((CYC_STS_PERIOD_MASK | CYC_STS_DMAERR_MASK |
                CYC_STS_FMTERR_MASK | CYC_STS_OVERRUN_MASK |
                CYC_STS_UNDERRUN_MASK) ==
               CYC_STS_W1C_MASK, "STS write-1-to-clear bits");
_Static_assert(CYC_FMT_RATE_MASK + CYC_FMT_CHANNELS_MASK + CYC_FMT_SFMT_MASK ==
               (CYC_FMT_RATE_MASK | CYC_FMT_CHANNELS_MASK | CYC_FMT_SFMT_MASK),
               "FMT fields overlap");
_Static_assert(CYC_SRC_SEL_MASK + CYC_SRC_LOOP_MASK + CYC_SRC_MIX_MASK ==
               (CYC_SRC_SEL_MASK | CYC_SRC_LOOP_MASK | CYC_SRC_MIX_MASK),
               "SRC");
_Static_assert((CYC_FMT_RATE_MASK >> CYC_FMT_RATE_SHIFT) >= CYC_RATE_MAX,
               "FMT.RATE too narrow");
_Static_assert((CYC_FMT_CHANNELS_MASK >> CYC_FMT_CHANNELS_SHIFT) >=
               CYC_CHANNELS_MAX, "CHANNELS");
_Static_assert((CYC_FMT_SFMT_MASK >> CYC_FMT_SFMT_SHIFT) + 1 >= CYC_SFMT_COUNT,
               "SFMT");
_Static_assert((CYC_CAPS_NRENDER_MASK >> CYC_CAPS_NRENDER_SHIFT) >=
               CYC_MAX_RENDER, "NRENDER");
_Static_assert((CYC_SRC_LOOP_MASK >> CYC_SRC_LOOP_SHIFT) >= CYC_MAX_RENDER - 1,
               "SRC.LOOP");
_Static_assert((CYC_GEN_FREQ_HZ_MASK >> CYC_GEN_FREQ_HZ_SHIFT) >=
               CYC_GEN_FREQ_MAX, "GEN_FREQ");
_Static_assert((CYC_VOL_ATT_MASK >> CYC_VOL_ATT_SHIFT) == CYC_ATT_MAX, "ATT");
_Static_assert(CYC_GEN_FREQ_RESET <= CYC_GEN_FREQ_MAX, "GEN_FREQ reset");

/* Pins the map: globals below the first stream block, blocks inside the BAR. */
_Static_assert(CYC_REG_POSWB_HI < CYC_GLOBAL_END, "globals overlap streams");
_Static_assert(CYC_GLOBAL_END == CYC_STREAM_BASE, "stream base");
_Static_assert(CYC_SD_SGCUR < CYC_STREAM_STRIDE, "stream block too long");
_Static_assert(CYC_STREAM_END <= CYC_MIDI_BASE, "stream blocks overlap MIDI");
_Static_assert(CYC_SEQ_END <= CYC_BAR0_SIZE, "BAR too small");
_Static_assert(CYC_MIDI_OVRCNT < CYC_SEQ_BASE, "MIDI block overlaps SEQ");
_Static_assert((CYC_MIDI_STS_RXLVL_MASK >> CYC_MIDI_STS_RXLVL_SHIFT) >=
               CYC_MIDI_FIFO_DEPTH, "RXLVL");
_Static_assert((CYC_MIDI_STS_TXLVL_MASK >> CYC_MIDI_STS_TXLVL_SHIFT) >=
               CYC_MIDI_FIFO_DEPTH, "TXLVL");
_Static_assert(CYC_NS_PER_SEC * 10u / CYC_MIDI_BAUD == CYC_MIDI_BYTE_NS,
               "MIDI byte time");
_Static_assert(CYC_MAX_STREAMS <= 8, "INTCTL.SIE has 8 bits");
_Static_assert((CYC_SEQ_SYNTH_STREAM_MASK >> CYC_SEQ_SYNTH_STREAM_SHIFT) >=
               CYC_MAX_RENDER - 1, "SYNTH.STREAM");
_Static_assert((CYC_SEQ_SYNTH_VOICES_MASK >> CYC_SEQ_SYNTH_VOICES_SHIFT) >=
               CYC_SEQ_VOICES_MAX, "SYNTH.VOICES");

/* --------------------------------------------------------------------------
 * Sample formats
 */

/* Bytes per sample of a CYC_SFMT_* value; 0 for a reserved value. */
static inline uint32_t cyc_sfmt_bytes(uint32_t sfmt)
{
    switch (sfmt) {
    case CYC_SFMT_U8:
        return 1;
    case CYC_SFMT_S16:
        return 2;
    case CYC_SFMT_S24_32:
    case CYC_SFMT_S32:
    case CYC_SFMT_F32:
        return 4;
    default:
        return 0;
    }
}

/* --------------------------------------------------------------------------
 * Start offset (ABI 1.6, CAPS.SOFF): the byte offset in the cyclic buffer at
 * which START begins, so a driver restarts a stream where it paused before
 * D3hot (docs/cycaudio.rst "Start offset"). Latched at START in cyclic mode
 * (SG mode ignores it): a multiple of the frame size below BSIZE, else
 * DMAERR with CYC_ERR_SOFF and the stream stays in STOP. The stream runs as
 * if it had moved SOFF / frame bytes since START: POS starts at SOFF and
 * PCOUNT at SOFF / PSIZE (the next period boundary interrupts); FRAMES and
 * the generator's frame index count from 0 as before.
 */
#define CYC_SD_SOFF                0x4cu /* RW: start offset, bytes (1.6) */
#define CYC_CAPS_SOFF_MASK         0x00200000u
#define CYC_CAPS_SOFF_SHIFT        21
#define CYC_ERR_SOFF               23u   /* DMAERR: not a frame, >= BSIZE */

CYC_FIELD_ASSERT(CYC_CAPS_SOFF);
_Static_assert((CYC_CAPS_SOFF_MASK &
                (CYC_CAPS_NRENDER_MASK | CYC_CAPS_NCAPTURE_MASK |
                 CYC_CAPS_MSI_MASK | CYC_CAPS_GEN_MASK |
                 CYC_CAPS_LOOPBACK_MASK | CYC_CAPS_DUMP_MASK |
                 CYC_CAPS_SG_MASK | CYC_CAPS_POSWB_MASK | CYC_CAPS_MIDI_MASK |
                 CYC_CAPS_SEQ_MASK | CYC_CAPS_PM_MASK)) == 0,
               "CAPS.SOFF overlaps");
_Static_assert(CYC_SD_SOFF > CYC_SD_SGPOS && CYC_SD_SOFF < CYC_STREAM_STRIDE,
               "SOFF outside the stream block");
_Static_assert(CYC_ERR_SOFF > CYC_ERR_SG_RING_FAULT, "ERR code taken");

#endif /* CYCAUDIO_REGS_H */
