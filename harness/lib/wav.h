/* SPDX-License-Identifier: MIT */
/*
 * RIFF/WAVE files: parse (PCM, IEEE float, WAVE_FORMAT_EXTENSIBLE), build,
 * save, compare and measure. Samples are read as doubles normalised to
 * [-1, 1) by the container width; frames and channels count from 0.
 */
#ifndef CYC_WAV_H
#define CYC_WAV_H

#include <glib.h>

G_BEGIN_DECLS

#define CYC_WAVE_FORMAT_PCM         0x0001u
#define CYC_WAVE_FORMAT_IEEE_FLOAT  0x0003u
#define CYC_WAVE_FORMAT_EXTENSIBLE  0xfffeu

typedef enum {
    CYC_WAV_PCM = CYC_WAVE_FORMAT_PCM,
    CYC_WAV_FLOAT = CYC_WAVE_FORMAT_IEEE_FLOAT,
} CycWavFormat;

typedef struct CycWav {
    guint16 format_tag;     /* as in the file: PCM, IEEE_FLOAT or EXTENSIBLE */
    CycWavFormat format;    /* encoding; the subformat GUID when extensible */
    guint16 channels;
    guint32 rate;           /* frames per second */
    guint16 bits;           /* container bits per sample */
    guint16 valid_bits;     /* == bits unless extensible says fewer */
    guint32 channel_mask;   /* 0 unless extensible */
    guint16 block_align;    /* bytes per frame */
    guint64 frames;
    guint8 *data;           /* frames * block_align bytes, little-endian */
    gsize data_len;
    /*
     * The RIFF and data chunk sizes agree with the file. A writer that
     * died before patching its header leaves them 0; the parser then takes
     * the rest of the file as data and clears this.
     */
    gboolean sizes_patched;
} CycWav;

CycWav *cyc_wav_load(const char *path, GError **error);
/*
 * The header of the file at @path, frames and sizes_patched included, from
 * its first 4 KiB: data stays NULL (a minute of stereo s16 is 11 MB to read
 * and copy for a frame count).
 */
CycWav *cyc_wav_load_header(const char *path, GError **error);
CycWav *cyc_wav_parse(const guint8 *buf, gsize len, GError **error);
void cyc_wav_free(CycWav *wav);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CycWav, cyc_wav_free)

/* A silent wave; bits 8/16/24/32 for PCM, 32/64 for float. */
CycWav *cyc_wav_new(CycWavFormat format, guint channels, guint rate,
                    guint bits, guint64 frames);
/* Writes @wav, as WAVE_FORMAT_EXTENSIBLE when @extensible. */
gboolean cyc_wav_save(const CycWav *wav, const char *path,
                      gboolean extensible, GError **error);

double cyc_wav_sample(const CycWav *wav, guint64 frame, guint channel);
/* Stores @value clamped to [-1, 1 - 1 LSB]. */
void cyc_wav_set_sample(CycWav *wav, guint64 frame, guint channel,
                        double value);
/* Fills @channel with a sine of @amplitude (0..1) at @hz, phase 0 at 0. */
void cyc_wav_fill_sine(CycWav *wav, guint channel, double hz,
                       double amplitude);

/* Frame count <-> duration. */
double cyc_wav_duration_s(const CycWav *wav);

/* Same encoding, channels, rate and widths; else FALSE naming both. */
gboolean cyc_wav_same_format(const CycWav *a, const CycWav *b,
                             GError **error);
/*
 * First frame where some channel differs by more than @tolerance
 * (normalised units), the shorter length when one is a prefix of the
 * other, or -1 when equal.
 */
gint64 cyc_wav_first_difference(const CycWav *a, const CycWav *b,
                                double tolerance);
/*
 * First frame of @hay from which all of @needle follows within @tolerance
 * (same channel count required), or -1. Finds a known signal behind the
 * silence and latency a device adds in front of it.
 */
gint64 cyc_wav_find(const CycWav *hay, const CycWav *needle,
                    double tolerance);
/* Frames before the first sample (any channel) above @threshold. */
guint64 cyc_wav_leading_silence(const CycWav *wav, double threshold);

/*
 * Measurements over [first, first + count) of @channel (count 0: to the
 * end). RMS is relative to a full-scale square wave: a full-scale sine is
 * -3.01 dBFS, digital silence -INFINITY. The peak is the strongest FFT bin
 * (Hann window, up to 65536 frames), refined by parabolic interpolation.
 */
double cyc_wav_rms_dbfs(const CycWav *wav, guint channel, guint64 first,
                        guint64 count);
double cyc_wav_peak_hz(const CycWav *wav, guint channel, guint64 first,
                       guint64 count);

G_END_DECLS

#endif /* CYC_WAV_H */
