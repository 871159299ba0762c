/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio start offset (SOFF, ABI 1.6): START begins at a byte offset of
 * the cyclic buffer, as if the stream had already moved that many bytes, so
 * a driver brings a stream back where it paused after D3hot reset the block
 * (docs/cycaudio.rst "Start offset"). Calls nothing of the stream engine; it
 * sets the engine's counters at START and carries them in migration.
 */

#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "cycaudio-state.h"

/* A multiple of the frame inside the buffer; sizes were checked before. */
bool cycaudio_soff_check(const CycAudioConfig *cfg, uint32_t *code)
{
    uint32_t fb = cycaudio_frame_bytes(cfg->fmt);

    if (!fb || cfg->soff % fb || cfg->soff >= cfg->bsize) {
        *code = CYC_ERR_SOFF;
        return false;
    }
    return true;
}

uint64_t cycaudio_soff_frames(const CycAudioStream *st)
{
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);

    if (st->cfg.mode != CYC_MODE_CYCLIC || !fb) {
        return 0;
    }
    return st->cfg.soff / fb;
}

/*
 * START (cfg latched and checked, counters at 0): the position is SOFF and
 * PCOUNT the periods before it, so the next period boundary of the buffer
 * raises the next PERIOD and the timing formula's F0 is SOFF's frames.
 */
void cycaudio_soff_start(CycAudioStream *st)
{
    uint64_t frames = cycaudio_soff_frames(st);

    if (st->cfg.mode != CYC_MODE_CYCLIC) {
        st->cfg.soff = 0;
        return;
    }
    st->run_frames = frames;
    st->base_frames = frames;
    st->periods = frames / (st->cfg.psize / cycaudio_frame_bytes(st->cfg.fmt));
}

static bool cycaudio_soff_needed(void *opaque)
{
    CycAudioStream *st = opaque;

    return st->soff || st->cfg.soff;
}

/*
 * The register and the latched offset; post_load's START checks of the
 * latched configuration (cycaudio_config_check) refuse a bad one.
 */
const VMStateDescription vmstate_cycaudio_soff = {
    .name = "cycaudio-stream/soff",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = cycaudio_soff_needed,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(soff, CycAudioStream),
        VMSTATE_UINT32(cfg.soff, CycAudioStream),
        VMSTATE_END_OF_LIST()
    },
};
