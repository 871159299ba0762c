/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio host dump: every frame render stream 'dump-stream' fetches, before
 * the mixer, as a WAVE_FORMAT_EXTENSIBLE file whose header sizes are updated
 * after every write, so the file is valid even if QEMU is killed. Host-side
 * only: nothing here is guest-visible except CAPS.DUMP (dump_fd >= 0).
 * Programming model: docs/cycaudio.rst, "Dump file".
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/error-report.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "cycaudio-state.h"

static const uint32_t cycaudio_channel_masks[CYC_CHANNELS_MAX + 1] = {
    0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x13f, 0x63f,
};

/* The header of a dump of @data_bytes bytes of format @fmt. */
static void cycaudio_dump_fill_header(uint8_t *h, uint32_t fmt,
                                      uint64_t data_bytes)
{
    static const uint8_t guid_tail[12] = {
        0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
    };
    uint32_t sfmt = cycaudio_fmt_sfmt(fmt);
    uint32_t ch = cycaudio_fmt_channels(fmt);
    uint32_t rate = cycaudio_fmt_rate(fmt);
    uint32_t fb = cycaudio_frame_bytes(fmt);
    uint32_t sb = cyc_sfmt_bytes(sfmt);

    memcpy(h, "RIFF", 4);
    stl_le_p(h + 4, (uint32_t)(CYC_DUMP_HEADER_BYTES - 8 + data_bytes));
    memcpy(h + 8, "WAVEfmt ", 8);
    stl_le_p(h + 16, 40);
    stw_le_p(h + 20, 0xfffe);
    stw_le_p(h + 22, ch);
    stl_le_p(h + 24, rate);
    stl_le_p(h + 28, rate * fb);
    stw_le_p(h + 32, fb);
    stw_le_p(h + 34, sb * 8);
    stw_le_p(h + 36, 22);
    stw_le_p(h + 38, sfmt == CYC_SFMT_S24_32 ? 24 : sb * 8);
    stl_le_p(h + 40, cycaudio_channel_masks[ch]);
    stl_le_p(h + 44, sfmt == CYC_SFMT_F32 ? 3 : 1);
    memcpy(h + 48, guid_tail, sizeof(guid_tail));
    memcpy(h + 60, "data", 4);
    stl_le_p(h + 64, (uint32_t)data_bytes);
}

static bool cycaudio_dump_header(CycAudioState *s, uint32_t fmt)
{
    uint8_t h[CYC_DUMP_HEADER_BYTES];

    cycaudio_dump_fill_header(h, fmt, 0);
    return !ftruncate(s->dump_fd, 0) &&
           pwrite(s->dump_fd, h, sizeof(h), 0) == sizeof(h);
}

void cycaudio_dump_close(CycAudioState *s)
{
    if (s->dump_fd >= 0) {
        close(s->dump_fd);
        s->dump_fd = -1;
    }
}

bool cycaudio_dump_open(CycAudioState *s, Error **errp)
{
    s->dump_fd = -1;
    s->dump_fmt = 0;
    s->dump_bytes = 0;
    if (!s->dump_path || !*s->dump_path) {
        return true;
    }
    s->dump_fd = qemu_open_old(s->dump_path,
                               O_WRONLY | O_CREAT | O_TRUNC | O_BINARY, 0644);
    if (s->dump_fd < 0) {
        error_setg_errno(errp, errno, "cycaudio: cannot open dump file '%s'",
                         s->dump_path);
        return false;
    }
    return true;
}

/*
 * Appends fetched frames; a format change starts the file over with a new
 * header.
 */
void cycaudio_dump_append(CycAudioState *s, CycAudioStream *st,
                                 const uint8_t *buf, uint32_t bytes)
{
    uint8_t h[CYC_DUMP_HEADER_BYTES];
    bool ok = true;

    if (s->dump_fd < 0 || st->id != CYC_RENDER_BLOCK(s->dump_stream)) {
        return;
    }
    if (s->dump_fmt != st->cfg.fmt) {
        ok = cycaudio_dump_header(s, st->cfg.fmt);
        s->dump_fmt = st->cfg.fmt;
        s->dump_bytes = 0;
    }
    if (s->dump_bytes + bytes > UINT32_MAX - CYC_DUMP_HEADER_BYTES) {
        qemu_log_mask(LOG_UNIMP, "cycaudio: dump file reached 4 GiB, closed\n");
        cycaudio_dump_close(s);
        return;
    }
    ok = ok && pwrite(s->dump_fd, buf, bytes,
                      CYC_DUMP_HEADER_BYTES + s->dump_bytes) == bytes;
    s->dump_bytes += bytes;
    /* Both sizes (RIFF at 4, data at 64) in one write of bytes 4..67. */
    cycaudio_dump_fill_header(h, s->dump_fmt, s->dump_bytes);
    ok = ok && pwrite(s->dump_fd, h + 4, sizeof(h) - 4, 4) == sizeof(h) - 4;
    if (!ok) {
        error_report("cycaudio: writing dump file '%s' failed, dump stopped",
                     s->dump_path);
        cycaudio_dump_close(s);
    }
}
