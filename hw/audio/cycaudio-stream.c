/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio stream engine: virtual-clock pacing, cyclic DMA, mixer, generator
 * and the FIFO to the QEMU audio backend. Programming model:
 * docs/cycaudio.rst. Rule: position, status, interrupts and the DMA itself are
 * functions of QEMU_CLOCK_VIRTUAL and guest writes only; the audio callbacks
 * just move FIFO bytes.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bitops.h"
#include "qemu/host-utils.h"
#include "qemu/range.h"
#include "qemu/bswap.h"
#include "qemu/rcu.h"
#include "sysemu/dma.h"
#include "cycaudio-state.h"
#include "trace.h"


static int64_t cycaudio_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* ---- format and time conversions (pure functions) ------------------------ */

/*
 * Bytes per frame as the audio backend sees it: channels 0 and 1 only, in
 * the stream's format for render, as S32 for capture (CYC_IN_SAMPLE_BYTES).
 */
static uint32_t cycaudio_voice_frame_bytes(uint32_t fmt, bool capture)
{
    return MIN(cycaudio_fmt_channels(fmt), CYC_BACKEND_CHANNELS_MAX) *
           (capture ? CYC_IN_SAMPLE_BYTES :
                      cyc_sfmt_bytes(cycaudio_fmt_sfmt(fmt)));
}

/* Frames due after ns of running at rate Hz: floor(ns * rate / 1e9). */
static uint64_t cycaudio_ns_to_frames(int64_t ns, uint32_t rate)
{
    if (ns <= 0) {
        return 0;
    }
    return muldiv64(ns, rate, NANOSECONDS_PER_SECOND);
}

/*
 * Smallest ns with cycaudio_ns_to_frames(ns) >= frames: the ceil deadline;
 * INT64_MAX when that lies beyond any clock value.
 */
int64_t cycaudio_frames_to_ns_ceil(uint64_t frames, uint32_t rate)
{
    uint64_t q = frames / rate;
    uint64_t r = frames % rate;

    if (q >= INT64_MAX / NANOSECONDS_PER_SECOND) {
        return INT64_MAX;
    }
    return q * NANOSECONDS_PER_SECOND +
           DIV_ROUND_UP(r * NANOSECONDS_PER_SECOND, rate);
}

static uint32_t cycaudio_stream_frame_bytes(CycAudioStream *st)
{
    return cycaudio_frame_bytes(st->cfg.fmt);
}

static uint64_t cycaudio_stream_buf_frames(CycAudioStream *st)
{
    return st->cfg.bsize / cycaudio_stream_frame_bytes(st);
}

static uint64_t cycaudio_stream_period_frames(CycAudioStream *st)
{
    return st->cfg.psize / cycaudio_stream_frame_bytes(st);
}

/* Every format's silence (cyc_sfmt_silence) is one byte repeated. */
static uint8_t cycaudio_silence_byte(uint32_t fmt)
{
    return (uint8_t)cyc_sfmt_silence(cycaudio_fmt_sfmt(fmt));
}

/* ---- validation ---------------------------------------------------------- */

/* The cyclic buffer: sizes, then the address. */
static bool cycaudio_buffer_check(CycAudioStream *st, const CycAudioConfig *cfg,
                                  bool migrated, uint32_t *code)
{
    PCIDevice *d = PCI_DEVICE(st->s);
    uint32_t fb = cycaudio_frame_bytes(cfg->fmt);
    pcibus_t bar;

    if (!cfg->bsize) {
        *code = CYC_ERR_BSIZE_ZERO;
        return false;
    }
    if (!cfg->psize) {
        *code = CYC_ERR_PSIZE_ZERO;
        return false;
    }
    if (cfg->bsize > CYC_BUFFER_MAX) {
        *code = CYC_ERR_BSIZE_TOO_BIG;
        return false;
    }
    if (cfg->bsize % fb || cfg->psize % fb) {
        *code = CYC_ERR_UNALIGNED;
        return false;
    }
    if (cfg->psize > cfg->bsize) {
        *code = CYC_ERR_PERIOD_GT_BUFFER;
        return false;
    }
    if (cfg->addr + cfg->bsize < cfg->addr) {
        *code = CYC_ERR_ADDR_INVALID;
        return false;
    }
    bar = pci_get_bar_addr(d, 0);
    if (!migrated && bar != PCI_BAR_UNMAPPED &&
        ranges_overlap(cfg->addr, cfg->bsize, bar, CYC_BAR0_SIZE)) {
        *code = CYC_ERR_ADDR_SELF;
        return false;
    }
    if (!cycaudio_range_is_ram(d, cfg->addr, cfg->bsize, st->capture)) {
        *code = CYC_ERR_ADDR_INVALID;
        return false;
    }
    return true;
}

/* The write-back record of a stream with CTL.POSWB: writable RAM. */
static bool cycaudio_poswb_check(CycAudioStream *st)
{
    uint64_t rec;

    return !CYC_GET(st->ctl, CYC_CTL_POSWB) ||
           (cycaudio_poswb_record(st, &rec) &&
            cycaudio_range_is_ram(PCI_DEVICE(st->s), rec,
                                  CYC_POSWB_ENTRY_SIZE, true));
}

/* The capture source, last of the START checks. */
static bool cycaudio_source_check(CycAudioStream *st, const CycAudioConfig *cfg,
                                  bool migrated, uint32_t *sts_bit,
                                  uint32_t *code)
{
    CycAudioState *s = st->s;

    if (st->capture) {
        uint32_t sel = CYC_GET(cfg->src, CYC_SRC_SEL);
        uint32_t loop = CYC_GET(cfg->src, CYC_SRC_LOOP);
        bool mix = CYC_GET(cfg->src, CYC_SRC_MIX);

        *sts_bit = CYC_STS_FMTERR_MASK;
        if (sel > CYC_SRC_GENERATOR ||
            (sel == CYC_SRC_LOOPBACK && !mix && loop >= s->render_streams)) {
            *code = CYC_ERR_BAD_SOURCE;
            return false;
        }
        if (!migrated && sel == CYC_SRC_LOOPBACK && !mix &&
            s->st[loop].fmt != cfg->fmt) {
            *code = CYC_ERR_LOOP_MISMATCH;
            return false;
        }
    }
    return true;
}

/*
 * Checks a configuration about to start. The order is the documented precedence
 * of CYC_ERR_* codes: format, mode, sizes, address, source. A migrated
 * configuration was latched by a START on the source: it skips the checks
 * against registers the guest may change while the stream runs (CTL MODE and
 * POSWB, the BAR, the loopback source's FMT). The engine needs none of them to
 * stay safe: DMA reaching the BAR fails as a .memory access, and a loopback
 * queue is only fed frames of the capture's latched FMT.
 */
bool cycaudio_config_check(CycAudioStream *st, const CycAudioConfig *cfg,
                           bool migrated, uint32_t *sts_bit, uint32_t *code)
{
    uint32_t rate = cycaudio_fmt_rate(cfg->fmt);
    uint32_t ch = cycaudio_fmt_channels(cfg->fmt);

    *sts_bit = CYC_STS_FMTERR_MASK;
    if (rate < CYC_RATE_MIN || rate > CYC_RATE_MAX) {
        *code = CYC_ERR_BAD_RATE;
        return false;
    }
    if (ch < CYC_CHANNELS_MIN || ch > CYC_CHANNELS_MAX) {
        *code = CYC_ERR_BAD_CHANNELS;
        return false;
    }
    if (!cyc_sfmt_bytes(cycaudio_fmt_sfmt(cfg->fmt))) {
        *code = CYC_ERR_BAD_SFMT;
        return false;
    }

    *sts_bit = CYC_STS_DMAERR_MASK;
    if (!migrated && (cfg->mode > CYC_MODE_SG ||
                      (cfg->mode == CYC_MODE_SG &&
                       CYC_GET(st->ctl, CYC_CTL_POSWB)))) {
        *code = CYC_ERR_UNSUPPORTED;
        return false;
    }
    if (cfg->mode == CYC_MODE_SG) {
        if (!cycaudio_sg_config_check(st, cfg, migrated, code)) {
            return false;
        }
    } else if (!cycaudio_buffer_check(st, cfg, migrated, code) ||
               !cycaudio_soff_check(cfg, code)) {
        return false;
    }
    if (!migrated && !cycaudio_poswb_check(st)) {
        *code = CYC_ERR_POSWB_ADDR;
        return false;
    }
    return cycaudio_source_check(st, cfg, migrated, sts_bit, code);
}

/*
 * Virtual time at which the engine reached its frame count: the period
 * deadline formula applied to the position (the position write-back's WALL).
 */
static int64_t cycaudio_stream_reached_ns(CycAudioStream *st)
{
    return st->start_ns +
           cycaudio_frames_to_ns_ceil(st->run_frames - st->base_frames,
                                      cycaudio_fmt_rate(st->cfg.fmt));
}

/* ---- FIFO ---------------------------------------------------------------- */

static void cycaudio_fifo_flush(CycAudioFifo *f)
{
    f->rd = 0;
    f->level = 0;
}

/*
 * Sets STS event bits and recomputes the interrupt in the same instant. It
 * must not wait for the caller: re-arming a QEMU_CLOCK_VIRTUAL timer while
 * the vCPU is halted makes icount (sleep=off) jump the clock to the next
 * deadline, so an interrupt raised after timer_mod arrives a period late.
 */
static void cycaudio_stream_raise(CycAudioStream *st, uint32_t sts_bits)
{
    st->sts |= sts_bits;
    cycaudio_update_irq(st->s);
}

static void cycaudio_stream_overrun(CycAudioStream *st, uint32_t bytes)
{
    if (st->overruns != UINT32_MAX) {
        st->overruns++;
    }
    trace_cycaudio_stream_overrun(st->id, bytes, cycaudio_now());
    cycaudio_stream_raise(st, CYC_STS_OVERRUN_MASK);
}

static void cycaudio_fifo_drop(CycAudioFifo *f, uint32_t bytes)
{
    bytes = MIN(bytes, f->level);
    f->rd = (f->rd + bytes) % f->cap;
    f->level -= bytes;
}

/*
 * Queues n frames of src_fb bytes, keeping the first dst_fb bytes of each
 * (channels 0..k). A full FIFO drops its oldest frames and counts an overrun:
 * the DMA engine never waits.
 */
static void cycaudio_fifo_push(CycAudioStream *st, CycAudioFifo *f,
                               const uint8_t *src, uint32_t n, uint32_t src_fb,
                               uint32_t dst_fb)
{
    uint32_t need = n * dst_fb;
    uint32_t i, wr;

    if (!f->cap) {
        return;
    }
    if (need > f->cap) {
        /* Fewer frames fit than arrive at once: keep the newest. */
        uint32_t skip = n - f->cap / dst_fb;

        src += (size_t)skip * src_fb;
        n -= skip;
        need = n * dst_fb;
        cycaudio_stream_overrun(st, skip * dst_fb);
    }
    if (need > f->cap - f->level) {
        uint32_t drop = need - (f->cap - f->level);

        cycaudio_fifo_drop(f, drop);
        cycaudio_stream_overrun(st, drop);
    }
    wr = (f->rd + f->level) % f->cap;
    if (src_fb == dst_fb) {
        /* Whole frames kept: one block (two copies across the wrap). */
        src_fb = dst_fb = need;
        n = 1;
    }
    for (i = 0; i < n; i++) {
        uint32_t first = MIN(dst_fb, f->cap - wr);

        memcpy(f->buf + wr, src + (size_t)i * src_fb, first);
        memcpy(f->buf, src + (size_t)i * src_fb + first, dst_fb - first);
        wr = (wr + dst_fb) % f->cap;
    }
    f->level += need;
}

/* Dequeues up to n frames of fb bytes into dst; returns the frames dequeued. */
static uint32_t cycaudio_fifo_pop(CycAudioFifo *f, uint8_t *dst, uint32_t n,
                                  uint32_t fb)
{
    uint32_t bytes = MIN(n * fb, f->level - f->level % fb);
    uint32_t first;

    if (!f->cap || !bytes) {
        return 0;
    }
    first = MIN(bytes, f->cap - f->rd);
    memcpy(dst, f->buf + f->rd, first);
    memcpy(dst + first, f->buf, bytes - first);
    cycaudio_fifo_drop(f, bytes);
    return bytes / fb;
}

/* ---- mixer and generator ------------------------------------------------- */

/*
 * Scales samples in place by the CYC_VOL_* value vol (cyc_vol_gain_q16), mute =
 * silence.
 */
CYC_PER_FRAME
static void cycaudio_apply_volume(CycAudioState *s, uint8_t *buf,
                                  uint32_t bytes, uint32_t fmt, uint32_t vol)
{
    uint32_t sfmt = cycaudio_fmt_sfmt(fmt);
    uint32_t sb = cyc_sfmt_bytes(sfmt);
    int64_t g = s->gain[CYC_GET(vol, CYC_VOL_ATT)];
    uint32_t i;

    if (CYC_GET(vol, CYC_VOL_MUTE)) {
        memset(buf, cycaudio_silence_byte(fmt), bytes);
        return;
    }
    /* S24_32 leaves the mixer with bits 7:0 zero at every gain, 0 dB too. */
    if ((g == 65536 && sfmt != CYC_SFMT_S24_32) || !sb) {
        return;
    }
    for (i = 0; i + sb <= bytes; i += sb) {
        uint8_t *p = buf + i;

        switch (sfmt) {
        case CYC_SFMT_U8:
            *p = (uint8_t)((((int64_t)*p - 128) * g >> 16) + 128);
            break;
        case CYC_SFMT_S16:
            stw_le_p(p, (uint16_t)(((int64_t)(int16_t)lduw_le_p(p) * g) >> 16));
            break;
        case CYC_SFMT_S24_32:
            stl_le_p(p, (uint32_t)((((int64_t)(int32_t)ldl_le_p(p) * g) >> 16) &
                                   0xffffff00));
            break;
        case CYC_SFMT_S32:
            stl_le_p(p, (uint32_t)(((int64_t)(int32_t)ldl_le_p(p) * g) >> 16));
            break;
        case CYC_SFMT_F32: {
            uint32_t bits = ldl_le_p(p);
            float f;

            memcpy(&f, &bits, sizeof(f));
            f *= (float)g / 65536.0f;
            memcpy(&bits, &f, sizeof(bits));
            stl_le_p(p, bits);
            break;
        }
        }
    }
}

CYC_PER_FRAME
void cycaudio_put_sample(uint8_t *p, uint32_t sfmt, int32_t v)
{
    switch (sfmt) {
    case CYC_SFMT_U8:
        *p = (uint8_t)cyc_s32_to_sfmt(v, sfmt);
        break;
    case CYC_SFMT_S16:
        stw_le_p(p, (uint16_t)cyc_s32_to_sfmt(v, sfmt));
        break;
    case CYC_SFMT_F32: {
        float f = (float)v / 2147483648.0f;
        uint32_t bits;

        memcpy(&bits, &f, sizeof(bits));
        stl_le_p(p, bits);
        break;
    }
    default:
        stl_le_p(p, cyc_s32_to_sfmt(v, sfmt));
        break;
    }
}

/* n frames of the generator from frame index first (frames since START). */
CYC_PER_FRAME
static void cycaudio_generate(CycAudioState *s, CycAudioStream *st,
                              uint8_t *buf, uint64_t first, uint32_t n)
{
    uint32_t fmt = st->cfg.fmt;
    uint32_t sfmt = cycaudio_fmt_sfmt(fmt);
    uint32_t sb = cyc_sfmt_bytes(sfmt);
    uint32_t ch = cycaudio_fmt_channels(fmt);
    uint32_t rate = cycaudio_fmt_rate(fmt);
    uint32_t mode = CYC_GET(s->gen_ctl, CYC_GEN_CTL_MODE);
    uint32_t freq = CYC_GET(s->gen_freq, CYC_GEN_FREQ_HZ);
    uint32_t i, c;

    for (i = 0; i < n; i++) {
        for (c = 0; c < ch; c++) {
            cycaudio_put_sample(buf + ((size_t)i * ch + c) * sb, sfmt,
                                cyc_gen_s32(mode, first + i, c, freq, rate));
        }
    }
}

/* ---- audio backend ------------------------------------------------------- */

static void cycaudio_out_cb(void *opaque, int avail)
{
    CycAudioStream *st = opaque;
    CycAudioFifo *f = &st->fifo;
    size_t left = avail > 0 ? avail : 0;

    while (left && f->level) {
        size_t n = MIN(left, MIN(f->level, f->cap - f->rd));
        size_t w = AUD_write(st->out, f->buf + f->rd, n);

        if (!w) {
            break;
        }
        cycaudio_fifo_drop(f, w);
        left -= w;
    }
    if (left && st->state == CYC_STATE_RUN) {
        st->underruns++;
    }
    if (st->draining && !f->level) {
        st->draining = false;
        AUD_set_active_out(st->out, 0);
        trace_cycaudio_stream_drained(st->id, cycaudio_now());
    }
}

static void cycaudio_in_cb(void *opaque, int avail)
{
    CycAudioStream *st = opaque;
    CycAudioState *s = st->s;
    uint32_t vfb = cycaudio_voice_frame_bytes(st->cfg.fmt, true);
    size_t left = avail > 0 ? avail : 0;

    if (!vfb || !st->fifo.cap || st->state != CYC_STATE_RUN ||
        CYC_GET(st->cfg.src, CYC_SRC_SEL) != CYC_SRC_AUDIODEV) {
        return;
    }
    while (left >= vfb) {
        size_t n = MIN(left, CYC_BOUNCE_BYTES - CYC_BOUNCE_BYTES % vfb);
        size_t got = AUD_read(st->in, s->bounce, n);

        got -= got % vfb;
        if (!got) {
            break;
        }
        cycaudio_fifo_push(st, &st->fifo, s->bounce, got / vfb, vfb, vfb);
        left -= MIN(left, got);
    }
}

/*
 * Capture voices are read as S32 and converted by the device as generator
 * samples are: QEMU's mixing engine would otherwise write U8 silence as
 * 0x7f (its unsigned midpoint), not the format's silence.
 */
static void cycaudio_voice_settings(uint32_t fmt, bool capture,
                                    struct audsettings *as)
{
    static const AudioFormat formats[CYC_SFMT_COUNT] = {
        [CYC_SFMT_U8] = AUDIO_FORMAT_U8,
        [CYC_SFMT_S16] = AUDIO_FORMAT_S16,
        [CYC_SFMT_S24_32] = AUDIO_FORMAT_S32,
        [CYC_SFMT_S32] = AUDIO_FORMAT_S32,
        [CYC_SFMT_F32] = AUDIO_FORMAT_F32,
    };

    as->freq = cycaudio_fmt_rate(fmt);
    as->nchannels = MIN(cycaudio_fmt_channels(fmt), CYC_BACKEND_CHANNELS_MAX);
    as->fmt = capture ? AUDIO_FORMAT_S32 : formats[cycaudio_fmt_sfmt(fmt)];
    as->endianness = 0;
}

/*
 * Opens (or re-uses) the stream's voice for cfg.fmt and sizes its FIFO. A new
 * format discards frames of the old one unless keep_fifo (migration restores
 * matching data).
 */
static void cycaudio_voice_open(CycAudioStream *st, bool keep_fifo)
{
    CycAudioState *s = st->s;
    uint32_t fmt = st->cfg.fmt;
    struct audsettings as;
    g_autofree char *name = NULL;
    uint32_t fb;

    if (st->voice_fmt != fmt && !keep_fifo) {
        cycaudio_fifo_flush(&st->fifo);
        st->draining = false;
    }
    cycaudio_voice_settings(fmt, st->capture, &as);
    fb = cycaudio_voice_frame_bytes(fmt, st->capture);
    if (st->capture) {
        uint32_t sel = CYC_GET(st->cfg.src, CYC_SRC_SEL);

        if (sel == CYC_SRC_AUDIODEV && st->voice_fmt != fmt) {
            name = g_strdup_printf("cycaudio.in%u", st->id - CYC_MAX_RENDER);
            st->in = AUD_open_in(&s->card, st->in, name, st, cycaudio_in_cb,
                                 &as);
        }
    } else {
        if (st->voice_fmt != fmt) {
            name = g_strdup_printf("cycaudio.out%u", st->id);
            st->out = AUD_open_out(&s->card, st->out, name, st, cycaudio_out_cb,
                                   &as);
        }
    }
    if (!st->capture || CYC_GET(st->cfg.src, CYC_SRC_SEL) == CYC_SRC_AUDIODEV) {
        st->voice_fmt = fmt;
    }
    st->fifo.cap = MIN(s->fifo_frames * fb, st->fifo.size - st->fifo.size % fb);
}

static void cycaudio_voice_activate(CycAudioStream *st, bool on)
{
    if (st->capture) {
        /* Only the audiodev source reads the input voice. */
        if (st->in) {
            AUD_set_active_in(st->in, on && CYC_GET(st->cfg.src, CYC_SRC_SEL) ==
                                            CYC_SRC_AUDIODEV);
        }
    } else if (st->out) {
        AUD_set_active_out(st->out, on);
    }
}

static void cycaudio_voice_close(CycAudioStream *st)
{
    CycAudioState *s = st->s;

    if (st->out) {
        AUD_close_out(&s->card, st->out);
        st->out = NULL;
    }
    if (st->in) {
        AUD_close_in(&s->card, st->in);
        st->in = NULL;
    }
    st->voice_fmt = 0;
}

/* ---- DMA engine ---------------------------------------------------------- */

/*
 * F32 frames bound for the audio backend: samples outside [-1, 1) are
 * clipped and NaN is silence, because QEMU's mixer converts floats to integers
 * without a range check (undefined behaviour for a guest's 1e30 or NaN;
 * found by scripts/fuzz device). The dump and loopback keep the raw samples.
 */
static void cycaudio_clip_f32(uint8_t *buf, uint32_t bytes)
{
    uint32_t i;

    for (i = 0; i + 4 <= bytes; i += 4) {
        uint32_t bits = ldl_le_p(buf + i);
        float f;

        memcpy(&f, &bits, sizeof(f));
        if (f != f) {
            f = 0.0f;           /* NaN */
        } else if (f < -1.0f) {
            f = -1.0f;
        } else if (f >= 1.0f) {
            f = 0.99999994f;        /* the largest float below 1 */
        }
        memcpy(&bits, &f, sizeof(bits));
        stl_le_p(buf + i, bits);
    }
}

/* n frames in s->bounce leave as fetched ones do: dump, mixer, FIFO. */
static void cycaudio_render_frames(CycAudioStream *st, uint32_t n)
{
    CycAudioState *s = st->s;
    uint32_t fb = cycaudio_stream_frame_bytes(st);
    uint32_t bytes = n * fb;
    uint32_t i;

    /* The synthesiser joins the fetched frames before the dump records them. */
    if (s->render_hook) {
        s->render_hook(st, s->bounce, n);
    }
    cycaudio_dump_append(s, st, s->bounce, bytes);
    cycaudio_apply_volume(s, s->bounce, bytes, st->cfg.fmt, st->vol);
    cycaudio_apply_volume(s, s->bounce, bytes, st->cfg.fmt, s->master);
    for (i = 0; i < s->capture_streams; i++) {
        CycAudioStream *cap = &s->st[CYC_CAPTURE_BLOCK(i)];

        if (cap->state == CYC_STATE_RUN &&
            CYC_GET(cap->cfg.src, CYC_SRC_SEL) == CYC_SRC_LOOPBACK &&
            (cap->loop_live & (1u << st->id)) &&
            cap->cfg.fmt == st->cfg.fmt) {
            cycaudio_fifo_push(cap, &cap->lq[st->id], s->bounce, n, fb, fb);
        }
    }
    if (st->out) {
        if (cycaudio_fmt_sfmt(st->cfg.fmt) == CYC_SFMT_F32) {
            cycaudio_clip_f32(s->bounce, bytes);
        }
        cycaudio_fifo_push(st, &st->fifo, s->bounce, n, fb,
                           cycaudio_voice_frame_bytes(st->cfg.fmt, false));
    }
}

/*
 * Fetches n frames at buffer frame pos; false after a DMA fault (stream
 * stopped).
 */
static bool cycaudio_render_step(CycAudioStream *st, uint64_t pos, uint32_t n)
{
    CycAudioState *s = st->s;
    uint32_t fb = cycaudio_stream_frame_bytes(st);
    uint32_t bytes = n * fb;
    dma_addr_t addr = st->cfg.addr + pos * fb;
    MemTxResult r;

    r = pci_dma_rw(PCI_DEVICE(s), addr, s->bounce, bytes,
                   DMA_DIRECTION_TO_DEVICE, cycaudio_mem_attrs);
    trace_cycaudio_stream_dma(st->id, addr, bytes, r, cycaudio_now());
    if (r != MEMTX_OK) {
        memset(s->bounce, 0, bytes);
        return false;
    }
    cycaudio_render_frames(st, n);
    return true;
}


/*
 * n loopback frames into the bounce buffer: one source is copied, several are
 * summed per sample (exactly, in int64 or double) and saturated to the format.
 * A source short of frames contributes silence. Returns the frames produced.
 */
CYC_PER_FRAME
static uint32_t cycaudio_loop_mix(CycAudioStream *st, uint32_t n)
{
    CycAudioState *s = st->s;
    uint32_t fmt = st->cfg.fmt;
    uint32_t sfmt = cycaudio_fmt_sfmt(fmt);
    uint32_t sb = cyc_sfmt_bytes(sfmt);
    uint32_t fb = cycaudio_stream_frame_bytes(st);
    uint32_t samples = n * fb / sb;
    uint32_t mask = st->loop_mask;
    uint32_t i, k, got;

    if (!mask) {
        return 0;
    }
    if (!(mask & (mask - 1))) {
        return cycaudio_fifo_pop(&st->lq[ctz32(mask)], s->bounce, n, fb);
    }
    memset(s->mixacc, 0, sizeof(s->mixacc[0]) * samples);
    memset(s->mixfacc, 0, sizeof(s->mixfacc[0]) * MIN(samples,
                                                       ARRAY_SIZE(s->mixfacc)));
    for (k = 0; k < CYC_MAX_RENDER; k++) {
        if (!(mask & (1u << k))) {
            continue;
        }
        got = cycaudio_fifo_pop(&st->lq[k], s->mixsrc, n, fb);
        memset(s->mixsrc + (size_t)got * fb, cycaudio_silence_byte(fmt),
               (size_t)(n - got) * fb);
        for (i = 0; i < samples; i++) {
            const uint8_t *p = s->mixsrc + (size_t)i * sb;

            switch (sfmt) {
            case CYC_SFMT_U8:
                s->mixacc[i] += (int64_t)*p - 128;
                break;
            case CYC_SFMT_S16:
                s->mixacc[i] += (int16_t)lduw_le_p(p);
                break;
            case CYC_SFMT_F32: {
                uint32_t bits = ldl_le_p(p);
                float f;

                memcpy(&f, &bits, sizeof(f));
                s->mixfacc[i] += f;
                break;
            }
            default:
                s->mixacc[i] += (int32_t)ldl_le_p(p);
                break;
            }
        }
    }
    for (i = 0; i < samples; i++) {
        uint8_t *p = s->bounce + (size_t)i * sb;
        int64_t v = s->mixacc[i];

        switch (sfmt) {
        case CYC_SFMT_U8:
            *p = (uint8_t)(MIN(MAX(v, -128), 127) + 128);
            break;
        case CYC_SFMT_S16:
            stw_le_p(p, (uint16_t)MIN(MAX(v, INT16_MIN), INT16_MAX));
            break;
        case CYC_SFMT_F32: {
            float f = (float)s->mixfacc[i];
            uint32_t bits;

            memcpy(&bits, &f, sizeof(bits));
            stl_le_p(p, bits);
            break;
        }
        default:
            v = MIN(MAX(v, INT32_MIN), INT32_MAX);
            stl_le_p(p, (uint32_t)v & (sfmt == CYC_SFMT_S24_32 ? 0xffffff00u :
                                                                  0xffffffffu));
            break;
        }
    }
    return n;
}

/*
 * A render stream leaving RUN stops feeding loopback captures: they still
 * take what it queued, then silence, even if it runs again.
 */
static void cycaudio_loop_detach(CycAudioStream *st)
{
    CycAudioState *s = st->s;
    uint32_t i;

    for (i = 0; i < CYC_MAX_CAPTURE; i++) {
        s->st[CYC_CAPTURE_BLOCK(i)].loop_live &= ~(1u << st->id);
    }
}

/*
 * n frames of the audiodev input into the bounce buffer: the FIFO holds S32
 * frames of channels 0..1, converted here like generator samples; further
 * channels are silence. Returns the frames the FIFO had.
 */
static uint32_t cycaudio_capture_audiodev(CycAudioStream *st, uint32_t n)
{
    CycAudioState *s = st->s;
    uint32_t fmt = st->cfg.fmt;
    uint32_t sfmt = cycaudio_fmt_sfmt(fmt);
    uint32_t sb = cyc_sfmt_bytes(sfmt);
    uint32_t ch = cycaudio_fmt_channels(fmt);
    uint32_t vch = MIN(ch, CYC_BACKEND_CHANNELS_MAX);
    uint32_t vfb = cycaudio_voice_frame_bytes(fmt, true);
    uint32_t done = 0;

    while (done < n) {
        uint32_t want = MIN(n - done, CYC_BOUNCE_BYTES / vfb);
        uint32_t got = cycaudio_fifo_pop(&st->fifo, s->mixsrc, want, vfb);
        uint32_t i, c;

        for (i = 0; i < got; i++) {
            for (c = 0; c < ch; c++) {
                const uint8_t *p = s->mixsrc + (size_t)i * vfb +
                                   c * CYC_IN_SAMPLE_BYTES;
                int32_t v = c < vch ? (int32_t)ldl_le_p(p) : 0;

                cycaudio_put_sample(s->bounce +
                                    ((size_t)(done + i) * ch + c) * sb,
                                    sfmt, v);
            }
        }
        done += got;
        if (got < want) {
            break;
        }
    }
    return done;
}

/* n capture frames (frame first since START) into s->bounce, mixed. */
static void cycaudio_capture_frames(CycAudioStream *st, uint32_t n,
                                    uint64_t first)
{
    CycAudioState *s = st->s;
    uint32_t fmt = st->cfg.fmt;
    uint32_t fb = cycaudio_stream_frame_bytes(st);
    uint32_t got = 0;

    switch (CYC_GET(st->cfg.src, CYC_SRC_SEL)) {
    case CYC_SRC_GENERATOR:
        cycaudio_generate(s, st, s->bounce, first, n);
        got = n;
        break;
    case CYC_SRC_LOOPBACK:
        got = cycaudio_loop_mix(st, n);
        break;
    default:
        got = cycaudio_capture_audiodev(st, n);
        break;
    }
    if (got < n) {
        memset(s->bounce + (size_t)got * fb, cycaudio_silence_byte(fmt),
               (size_t)(n - got) * fb);
        st->underruns += n - got;
    }
    cycaudio_apply_volume(s, s->bounce, n * fb, fmt, st->vol);
}

/* Produces n frames (frame index first since START) and stores them at pos. */
static bool cycaudio_capture_step(CycAudioStream *st, uint64_t pos, uint32_t n,
                                  uint64_t first)
{
    CycAudioState *s = st->s;
    uint32_t fb = cycaudio_stream_frame_bytes(st);
    uint32_t bytes = n * fb;
    dma_addr_t addr = st->cfg.addr + pos * fb;
    MemTxResult r;

    cycaudio_capture_frames(st, n, first);
    r = pci_dma_rw(PCI_DEVICE(s), addr, s->bounce, bytes,
                   DMA_DIRECTION_FROM_DEVICE, cycaudio_mem_attrs);
    trace_cycaudio_stream_dma(st->id, addr, bytes, r, cycaudio_now());
    return r == MEMTX_OK;
}

/*
 * One step of a scatter-gather stream (cycaudio-sg.c says where): data
 * moves as a cyclic step's does; an empty ring plays silence (render) or
 * drops what the source made (capture). *n is the frames moved.
 */
static uint32_t cycaudio_sg_transfer(CycAudioStream *st, uint64_t want,
                                     uint32_t *n)
{
    CycAudioState *s = st->s;
    uint32_t fb = cycaudio_stream_frame_bytes(st);
    uint32_t sts, code;
    dma_addr_t addr = 0;
    bool silence;
    MemTxResult r;

    code = cycaudio_sg_next(st, want, CYC_BOUNCE_BYTES / fb, &addr, n,
                            &silence, &sts);
    if (code != CYC_ERR_NONE) {
        return code;
    }
    if (sts) {
        cycaudio_stream_raise(st, sts);
    }
    if (st->capture) {
        cycaudio_capture_frames(st, *n, st->run_frames);
    } else if (silence) {
        memset(s->bounce, cycaudio_silence_byte(st->cfg.fmt),
               (size_t)*n * fb);
    }
    if (silence) {
        if (!st->capture) {
            cycaudio_render_frames(st, *n);
        }
        return CYC_ERR_NONE;
    }
    r = pci_dma_rw(PCI_DEVICE(s), addr, s->bounce, *n * fb,
                   st->capture ? DMA_DIRECTION_FROM_DEVICE :
                                 DMA_DIRECTION_TO_DEVICE, cycaudio_mem_attrs);
    trace_cycaudio_stream_dma(st->id, addr, *n * fb, r, cycaudio_now());
    if (r != MEMTX_OK) {
        return CYC_ERR_DMA_FAULT;
    }
    if (!st->capture) {
        cycaudio_render_frames(st, *n);
    }
    sts = cycaudio_sg_advance(st, *n);
    if (sts) {
        cycaudio_stream_raise(st, sts);
    }
    return CYC_ERR_NONE;
}

/* Stops the engine at once; fetched render frames keep draining unless drop. */
static void cycaudio_stream_halt(CycAudioStream *st, bool drop)
{
    timer_del(&st->timer);
    st->state = CYC_STATE_STOP;
    st->run_frames = 0;
    st->base_frames = 0;
    st->periods = 0;
    cycaudio_sg_reset(st);
    if (st->capture) {
        cycaudio_voice_activate(st, false);
        cycaudio_fifo_flush(&st->fifo);
        return;
    }
    cycaudio_loop_detach(st);
    if (drop) {
        cycaudio_fifo_flush(&st->fifo);
    }
    st->draining = st->out && st->fifo.level;
    if (!st->draining) {
        cycaudio_voice_activate(st, false);
    }
}

/*
 * Latches a programming or DMA error: status, code, interrupt, stream stopped.
 */
void cycaudio_stream_error(CycAudioStream *st, uint32_t sts_bit, uint32_t code)
{
    qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: stream %u error %u\n",
                  st->id, code);
    trace_cycaudio_stream_error(st->id, code, cycaudio_now());
    st->sts |= sts_bit;
    st->err = code;
    if (st->state != CYC_STATE_STOP) {
        cycaudio_stream_halt(st, false);
    }
    cycaudio_update_irq(st->s);
}

/*
 * A programming error of the guest (FMT written, STATE = 3): like any STOP,
 * the frames due up to now move first, then the error stops the stream.
 */
void cycaudio_stream_fault(CycAudioStream *st, uint32_t sts_bit, uint32_t code)
{
    cycaudio_stream_catch_up(st);
    cycaudio_stream_error(st, sts_bit, code);
}

/* Brings every render stream feeding a loopback capture up to now. */
static void cycaudio_loop_catch_up(CycAudioStream *st)
{
    uint32_t k;

    for (k = 0; k < CYC_MAX_RENDER; k++) {
        if (st->loop_live & (1u << k)) {
            cycaudio_stream_catch_up(&st->s->st[k]);
        }
    }
}

/*
 * At a capture START or resume: brings its sources up to now (what they fetch
 * meanwhile is not queued: the capture is not in RUN) and empties the queues,
 * so capture frame n is each source's n-th frame fetched after this instant.
 */
static void cycaudio_loop_realign(CycAudioStream *st)
{
    uint32_t k;

    cycaudio_loop_catch_up(st);
    for (k = 0; k < CYC_MAX_RENDER; k++) {
        cycaudio_fifo_flush(&st->lq[k]);
    }
}

/*
 * At a capture START: picks the render streams that feed it (LOOP, or with
 * MIX every render stream running in the same FMT), brings them up to now and
 * empties their queues: capture frame n is each source's n-th next frame.
 */
static void cycaudio_loop_attach(CycAudioStream *st)
{
    CycAudioState *s = st->s;
    uint32_t fb = cycaudio_stream_frame_bytes(st);
    uint32_t k;

    st->loop_mask = 0;
    st->loop_live = 0;
    if (CYC_GET(st->cfg.src, CYC_SRC_SEL) != CYC_SRC_LOOPBACK) {
        return;
    }
    if (CYC_GET(st->cfg.src, CYC_SRC_MIX)) {
        for (k = 0; k < s->render_streams; k++) {
            if (s->st[k].state == CYC_STATE_RUN &&
                s->st[k].cfg.fmt == st->cfg.fmt) {
                st->loop_mask |= 1u << k;
            }
        }
    } else {
        st->loop_mask = 1u << CYC_GET(st->cfg.src, CYC_SRC_LOOP);
    }
    st->loop_live = st->loop_mask;
    for (k = 0; k < CYC_MAX_RENDER; k++) {
        st->lq[k].cap = MIN(s->fifo_frames * fb,
                            st->lq[k].size - st->lq[k].size % fb);
    }
    cycaudio_loop_realign(st);
}

/*
 * Moves every frame due by now between the buffer and the device: at most one
 * buffer, in bounce-sized steps, each making progress. Sets PERIOD, and
 * raises the interrupt, when a period boundary is crossed.
 */
void cycaudio_stream_catch_up(CycAudioStream *st)
{
    CycAudioState *s = st->s;
    int64_t now = cycaudio_now();
    uint64_t buf_frames, period_frames, due, p;
    uint32_t rate, fb;
    bool period;

    if (st->state != CYC_STATE_RUN) {
        return;
    }
    if (st->capture && CYC_GET(st->cfg.src, CYC_SRC_SEL) == CYC_SRC_LOOPBACK) {
        cycaudio_loop_catch_up(st);
    }
    rate = cycaudio_fmt_rate(st->cfg.fmt);
    fb = cycaudio_stream_frame_bytes(st);
    /* SG: a lap is what the largest cyclic buffer holds. */
    buf_frames = cycaudio_sg_mode(st) ? CYC_BUFFER_MAX / fb :
                                        cycaudio_stream_buf_frames(st);
    due = st->base_frames + cycaudio_ns_to_frames(now - st->start_ns, rate);
    if (due <= st->run_frames) {
        return;
    }
    if (due - st->run_frames > buf_frames) {
        /*
         * More than a buffer behind (the timer was starved): skip, never loop
         * on.
         */
        uint64_t skip = due - st->run_frames - buf_frames;

        st->run_frames += skip;
        st->total_frames += skip;
        cycaudio_stream_overrun(st, 0);
    }
    s->in_engine = true;
    while (st->run_frames < due) {
        uint64_t pos = st->run_frames % buf_frames;
        uint32_t n = MIN(MIN(due - st->run_frames, buf_frames - pos),
                         CYC_BOUNCE_BYTES / fb);
        uint32_t code = CYC_ERR_NONE;

        if (cycaudio_sg_mode(st)) {
            code = cycaudio_sg_transfer(st, due - st->run_frames, &n);
        } else if (!(st->capture ?
                     cycaudio_capture_step(st, pos, n, st->run_frames -
                                           cycaudio_soff_frames(st)) :
                     cycaudio_render_step(st, pos, n))) {
            code = CYC_ERR_DMA_FAULT;
        }
        if (code != CYC_ERR_NONE) {
            s->in_engine = false;
            cycaudio_stream_error(st, CYC_STS_DMAERR_MASK, code);
            return;
        }
        st->run_frames += n;
        st->total_frames += n;
    }
    if (cycaudio_sg_mode(st)) {
        /* Descriptors raise PERIOD themselves (IOC); no write-back in SG. */
        s->in_engine = false;
        return;
    }
    period_frames = cycaudio_stream_period_frames(st);
    p = st->run_frames / period_frames;
    period = p > st->periods;
    if (period) {
        st->periods = p;
    }
    /* The record is in memory before the period's interrupt is raised. */
    if (!cycaudio_poswb_update(st, cycaudio_stream_reached_ns(st))) {
        s->in_engine = false;
        cycaudio_stream_error(st, CYC_STS_DMAERR_MASK, CYC_ERR_DMA_FAULT);
        return;
    }
    s->in_engine = false;
    if (period) {
        trace_cycaudio_stream_period(st->id, p, st->run_frames, now);
        cycaudio_stream_raise(st, CYC_STS_PERIOD_MASK);
    }
}

/*
 * Next wake-up: the next period boundary or a quarter FIFO of frames, whichever
 * first.
 */
void cycaudio_stream_arm(CycAudioStream *st)
{
    uint64_t feed = st->run_frames + MAX(st->s->fifo_frames / 4, 1);
    uint64_t target = cycaudio_sg_mode(st) ?
        MIN(st->run_frames + cycaudio_sg_next_event(st), feed) :
        MIN((st->periods + 1) * cycaudio_stream_period_frames(st), feed);
    uint32_t rate = cycaudio_fmt_rate(st->cfg.fmt);
    int64_t ns = cycaudio_frames_to_ns_ceil(target - st->base_frames, rate);
    /* Saturates: start_ns >= 0 (post_load checks a migrated one). */
    int64_t deadline = ns > INT64_MAX - st->start_ns ? INT64_MAX :
                       st->start_ns + ns;

    /* The ceil deadline always makes progress; never re-arm in the past. */
    timer_mod_ns(&st->timer, MAX(deadline, cycaudio_now() + 1));
}

static void cycaudio_stream_timer(void *opaque)
{
    CycAudioStream *st = opaque;

    /* catch_up has raised the interrupt before the timer is re-armed. */
    cycaudio_stream_catch_up(st);
    if (st->state == CYC_STATE_RUN) {
        cycaudio_stream_arm(st);
    }
}

static void cycaudio_stream_start_clock(CycAudioStream *st, int64_t now)
{
    st->start_ns = now;
    st->base_frames = st->run_frames;
    st->state = CYC_STATE_RUN;
    cycaudio_voice_activate(st, true);
    cycaudio_stream_arm(st);
    if (st->s->run_hook) {
        st->s->run_hook(st);
    }
}

/* STOP -> PAUSE/RUN: validate, latch, open the voice. */
static void cycaudio_stream_start(CycAudioStream *st, uint32_t state,
                                  int64_t now)
{
    CycAudioConfig cfg = {
        .addr = deposit64(st->buf_lo, 32, 32, st->buf_hi),
        .bsize = st->bsize,
        .psize = st->psize,
        .fmt = st->fmt,
        .src = st->capture ? st->src : 0,
        .mode = CYC_GET(st->ctl, CYC_CTL_MODE),
        .soff = st->soff,
    };
    uint32_t sts_bit, code;

    if (!cycaudio_config_check(st, &cfg, false, &sts_bit, &code)) {
        cycaudio_stream_error(st, sts_bit, code);
        return;
    }
    st->cfg = cfg;
    st->run_frames = 0;
    st->base_frames = 0;
    st->periods = 0;
    st->start_ns = now;
    cycaudio_soff_start(st);
    if (!cycaudio_poswb_update(st, now)) {
        cycaudio_stream_error(st, CYC_STS_DMAERR_MASK, CYC_ERR_DMA_FAULT);
        return;
    }
    if (cycaudio_sg_mode(st) && !cycaudio_sg_start(st)) {
        return;
    }
    cycaudio_voice_open(st, false);
    if (st->capture) {
        cycaudio_fifo_flush(&st->fifo);
        cycaudio_loop_attach(st);
    } else {
        st->draining = false;
    }
    trace_cycaudio_stream_start(st->id, state, cfg.fmt, cfg.addr, cfg.bsize,
                                cfg.psize, now);
    st->state = CYC_STATE_PAUSE;
    if (state == CYC_STATE_RUN) {
        cycaudio_stream_start_clock(st, now);
    }
}

void cycaudio_stream_set_state(CycAudioStream *st, uint32_t state)
{
    int64_t now = cycaudio_now();

    if (state > CYC_STATE_RUN) {
        cycaudio_stream_fault(st, CYC_STS_DMAERR_MASK, CYC_ERR_BAD_STATE);
        return;
    }
    if (state == st->state) {
        return;
    }
    if (st->state == CYC_STATE_STOP) {
        cycaudio_stream_start(st, state, now);
    } else if (state == CYC_STATE_STOP) {
        cycaudio_stream_catch_up(st);
        trace_cycaudio_stream_stop(st->id, st->run_frames, now);
        if (st->state != CYC_STATE_STOP) {
            cycaudio_stream_halt(st, false);
        }
    } else if (state == CYC_STATE_PAUSE) {
        cycaudio_stream_catch_up(st);
        if (st->state == CYC_STATE_RUN) {
            timer_del(&st->timer);
            st->state = CYC_STATE_PAUSE;
            if (!st->capture) {
                cycaudio_loop_detach(st);
            }
            trace_cycaudio_stream_pause(st->id, st->run_frames, now);
        }
    } else {
        trace_cycaudio_stream_resume(st->id, st->run_frames, now);
        if (st->capture &&
            CYC_GET(st->cfg.src, CYC_SRC_SEL) == CYC_SRC_LOOPBACK) {
            cycaudio_loop_realign(st);
        }
        cycaudio_stream_start_clock(st, now);
    }
    cycaudio_update_irq(st->s);
}

/* Byte offset in the buffer the engine has consumed/produced up to now. */
uint32_t cycaudio_stream_pos(CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    if (st->state == CYC_STATE_STOP) {
        return 0;
    }
    if (cycaudio_sg_mode(st)) {
        return cycaudio_sg_pos(st);
    }
    return (st->run_frames % cycaudio_stream_buf_frames(st)) *
           cycaudio_stream_frame_bytes(st);
}

/*
 * Stream reset (SRST, GRST, device reset) of the engine: stopped without
 * draining, counters and queues empty. The register images are the regtab's.
 */
void cycaudio_stream_reset(CycAudioStream *st)
{
    uint32_t k;

    timer_del(&st->timer);
    if (!st->capture) {
        cycaudio_loop_detach(st);
    }
    for (k = 0; k < CYC_MAX_RENDER; k++) {
        cycaudio_fifo_flush(&st->lq[k]);
        st->lq[k].cap = 0;
    }
    st->loop_mask = 0;
    st->loop_live = 0;
    cycaudio_voice_close(st);
    cycaudio_fifo_flush(&st->fifo);
    st->fifo.cap = 0;
    st->draining = false;
    st->state = CYC_STATE_STOP;
    memset(&st->cfg, 0, sizeof(st->cfg));
    st->start_ns = 0;
    st->base_frames = 0;
    st->run_frames = 0;
    st->total_frames = 0;
    st->periods = 0;
    st->underruns = 0;
    cycaudio_sg_reset(st);
}

void cycaudio_stream_init(CycAudioState *s, CycAudioStream *st, uint32_t id)
{
    uint32_t k;

    st->s = s;
    st->id = id;
    st->capture = id >= CYC_MAX_RENDER;
    st->present = st->capture ? id - CYC_MAX_RENDER < s->capture_streams :
                                id < s->render_streams;
    if (st->present) {
        st->fifo.size = s->fifo_frames * (st->capture ? CYC_FIFO_FRAME_MAX_IN :
                                                        CYC_FIFO_FRAME_MAX_OUT);
        st->fifo.buf = g_malloc0(st->fifo.size);
    }
    for (k = 0; st->present && st->capture && k < s->render_streams; k++) {
        st->lq[k].size = s->fifo_frames * CYC_LOOP_FRAME_MAX;
        st->lq[k].buf = g_malloc0(st->lq[k].size);
    }
    timer_init_ns(&st->timer, QEMU_CLOCK_VIRTUAL, cycaudio_stream_timer, st);
}

void cycaudio_stream_exit(CycAudioStream *st)
{
    uint32_t k;

    timer_del(&st->timer);
    cycaudio_voice_close(st);
    g_free(st->fifo.buf);
    st->fifo.buf = NULL;
    st->fifo.size = 0;
    for (k = 0; k < CYC_MAX_RENDER; k++) {
        g_free(st->lq[k].buf);
        st->lq[k].buf = NULL;
        st->lq[k].size = 0;
    }
}

/* A migrated FIFO holds whole frames of fb bytes inside its buffer. */
static bool cycaudio_fifo_valid(const CycAudioFifo *f, uint32_t fb)
{
    return f->cap <= f->size && f->level <= f->cap &&
           (!f->cap || (f->rd < f->cap && !(f->cap % fb) && !(f->rd % fb) &&
                        !(f->level % fb)));
}

/*
 * Position counters no stream reaches (2^62 frames: 760 000 years at the top
 * rate), so catch_up's sums cannot wrap.
 */
#define CYC_FRAMES_LIMIT        (1ull << 62)

/*
 * The migrated clock: started at a virtual time (never negative), counters
 * ordered SOFF <= base <= run <= total + SOFF, and PCOUNT the periods in
 * run_frames (what catch_up keeps) so the next deadline lies ahead, never
 * in a wrapped past.
 */
static bool cycaudio_clock_valid(CycAudioStream *st)
{
    return st->start_ns >= 0 && st->base_frames <= st->run_frames &&
           cycaudio_soff_frames(st) <= st->base_frames &&
           st->run_frames - cycaudio_soff_frames(st) <= st->total_frames &&
           st->total_frames < CYC_FRAMES_LIMIT &&
           (cycaudio_sg_mode(st) ? cycaudio_sg_post_load(st) :
            st->periods == st->run_frames /
                           cycaudio_stream_period_frames(st));
}

/* The migration stream is guest-influenced input: check it as a START would. */
int cycaudio_stream_post_load(CycAudioStream *st)
{
    CycAudioState *s = st->s;
    CycAudioFifo *f = &st->fifo;
    uint32_t sts_bit, code, cap, k;

    if (st->state > CYC_STATE_RUN || (!st->present && st->state) ||
        (st->loop_mask & ~((1u << s->render_streams) - 1)) ||
        (st->loop_live & ~st->loop_mask) ||
        (st->draining && (st->capture || st->state))) {
        return -EINVAL;
    }
    if (st->state == CYC_STATE_STOP && !st->draining) {
        /* Nothing queued is used before the next START: start empty. */
        cycaudio_fifo_flush(f);
        f->cap = 0;
        for (k = 0; k < CYC_MAX_RENDER; k++) {
            cycaudio_fifo_flush(&st->lq[k]);
            st->lq[k].cap = 0;
        }
        st->voice_fmt = 0;
        cycaudio_voice_activate(st, false);
        return 0;
    }
    if (!cycaudio_config_check(st, &st->cfg, true, &sts_bit, &code) ||
        !cycaudio_clock_valid(st) ||
        !cycaudio_fifo_valid(f, cycaudio_voice_frame_bytes(st->cfg.fmt,
                                                           st->capture))) {
        return -EINVAL;
    }
    for (k = 0; k < CYC_MAX_RENDER; k++) {
        if (!cycaudio_fifo_valid(&st->lq[k],
                                 cycaudio_frame_bytes(st->cfg.fmt))) {
            return -EINVAL;
        }
    }
    cap = f->cap;
    st->voice_fmt = 0;
    cycaudio_voice_open(st, true);
    if (f->cap != cap) {
        cycaudio_fifo_flush(f);
    }
    cycaudio_voice_activate(st, st->state == CYC_STATE_RUN || st->draining);
    return 0;
}
