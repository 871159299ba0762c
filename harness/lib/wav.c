/* SPDX-License-Identifier: MIT */
/*
 * WAVE parsing and analysis. The parser never trusts a size field beyond
 * the buffer it was given; the analysis is plain double arithmetic with no
 * state carried between calls.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "errors.h"
#include "wav.h"

#define WAV_FFT_MAX 65536u

/* KSDATAFORMAT_SUBTYPE_{PCM,IEEE_FLOAT}: the tag, then a fixed tail. */
static const guint8 wav_guid_tail[14] = {
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
    0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
};

static guint16 get16(const guint8 *p)
{
    return (guint16)(p[0] | p[1] << 8);
}

static guint32 get32(const guint8 *p)
{
    return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 |
           (guint32)p[3] << 24;
}

static void put16(guint8 *p, guint16 v)
{
    p[0] = v & 0xff;
    p[1] = v >> 8;
}

static void put32(guint8 *p, guint32 v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

static gboolean wav_bits_ok(CycWavFormat format, guint bits)
{
    if (format == CYC_WAV_FLOAT) {
        return bits == 32 || bits == 64;
    }
    return bits == 8 || bits == 16 || bits == 24 || bits == 32;
}

static gboolean parse_fmt(CycWav *w, const guint8 *p, guint32 size,
                          GError **error)
{
    guint16 tag;

    if (size < 16) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                    "fmt chunk of %u bytes (need 16)", size);
        return FALSE;
    }
    tag = get16(p);
    w->format_tag = tag;
    w->channels = get16(p + 2);
    w->rate = get32(p + 4);
    w->block_align = get16(p + 12);
    w->bits = get16(p + 14);
    w->valid_bits = w->bits;
    if (tag == CYC_WAVE_FORMAT_EXTENSIBLE) {
        guint16 sub;

        if (size < 40 || get16(p + 16) < 22) {
            g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                        "WAVE_FORMAT_EXTENSIBLE with a %u-byte fmt chunk",
                        size);
            return FALSE;
        }
        w->valid_bits = get16(p + 18);
        w->channel_mask = get32(p + 20);
        sub = get16(p + 24);
        if (get16(p + 26) != 0 ||
            memcmp(p + 28, wav_guid_tail + 2, 12) != 0 ||
            (sub != CYC_WAVE_FORMAT_PCM && sub != CYC_WAVE_FORMAT_IEEE_FLOAT)) {
            g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                        "unsupported extensible subformat (tag 0x%04x)", sub);
            return FALSE;
        }
        tag = sub;
    }
    if (tag != CYC_WAVE_FORMAT_PCM && tag != CYC_WAVE_FORMAT_IEEE_FLOAT) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                    "unsupported format tag 0x%04x", tag);
        return FALSE;
    }
    w->format = (CycWavFormat)tag;
    if (!wav_bits_ok(w->format, w->bits) || w->channels == 0 ||
        w->rate == 0 || w->valid_bits > w->bits || w->valid_bits == 0 ||
        w->block_align != w->channels * (w->bits / 8)) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                    "inconsistent fmt: %s %u ch, %u Hz, %u bits (%u valid), "
                    "block_align %u",
                    w->format == CYC_WAV_FLOAT ? "float" : "PCM", w->channels,
                    w->rate, w->bits, w->valid_bits, w->block_align);
        return FALSE;
    }
    return TRUE;
}

/*
 * The chunk walk over the first @have bytes of a file of @len bytes: sizes
 * are checked against the file, bytes read only within @buf; the samples are
 * copied when @buf holds the whole file, else data stays NULL.
 */
static CycWav *wav_parse(const guint8 *buf, gsize have, gsize len,
                         GError **error)
{
    g_autoptr(CycWav) w = g_new0(CycWav, 1);
    gboolean have_fmt = FALSE;
    gsize off = 12;
    guint32 riff_size;

    if (have < 12 || memcmp(buf, "RIFF", 4) || memcmp(buf + 8, "WAVE", 4)) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                    "not a RIFF/WAVE file (%zu bytes)", len);
        return NULL;
    }
    riff_size = get32(buf + 4);
    w->sizes_patched = (gsize)riff_size + 8 == len;
    while (off + 8 <= have) {
        const guint8 *id = buf + off;
        guint32 size = get32(buf + off + 4);
        gsize avail = len - off - 8;

        if (memcmp(id, "fmt ", 4) == 0) {
            if (size > have - off - 8) {
                g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                            "fmt chunk runs past the end of the file");
                return NULL;
            }
            if (!parse_fmt(w, buf + off + 8, size, error)) {
                return NULL;
            }
            have_fmt = TRUE;
        } else if (memcmp(id, "data", 4) == 0) {
            if (!have_fmt) {
                g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                            "data chunk before fmt chunk");
                return NULL;
            }
            if (size > avail || (size == 0 && avail > 0)) {
                /* Header never patched: take what was written. */
                w->sizes_patched = FALSE;
                size = (guint32)MIN(avail, G_MAXUINT32);
            }
            w->frames = size / w->block_align;
            w->data_len = w->frames * w->block_align;
            if (have == len) {
                w->data = g_memdup2(buf + off + 8, w->data_len);
            }
            return g_steal_pointer(&w);
        }
        if (size > avail) {
            break;
        }
        off += 8 + (gsize)size + (size & 1);
    }
    g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT, "%s chunk missing",
                have_fmt ? "data" : "fmt");
    return NULL;
}

CycWav *cyc_wav_parse(const guint8 *buf, gsize len, GError **error)
{
    return wav_parse(buf, len, len, error);
}

CycWav *cyc_wav_load(const char *path, GError **error)
{
    g_autofree char *buf = NULL;
    gsize len = 0;
    CycWav *w;

    if (!g_file_get_contents(path, &buf, &len, error)) {
        return NULL;
    }
    w = cyc_wav_parse((const guint8 *)buf, len, error);
    if (!w) {
        g_prefix_error(error, "%s: ", path);
    }
    return w;
}

/* Headers end within the first 4 KiB (ours: 44 or 68 bytes). */
#define WAV_HEADER_READ 4096u

CycWav *cyc_wav_load_header(const char *path, GError **error)
{
    guint8 buf[WAV_HEADER_READ];
    GStatBuf st;
    FILE *f = g_fopen(path, "rb");
    gsize have;
    CycWav *w;

    if (f == NULL || fstat(fileno(f), &st) != 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "%s: %s", path, g_strerror(errno));
        if (f != NULL) {
            fclose(f);
        }
        return NULL;
    }
    have = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    w = wav_parse(buf, have, (gsize)st.st_size, error);
    if (!w) {
        g_prefix_error(error, "%s: ", path);
    }
    return w;
}

void cyc_wav_free(CycWav *wav)
{
    if (!wav) {
        return;
    }
    g_free(wav->data);
    g_free(wav);
}

CycWav *cyc_wav_new(CycWavFormat format, guint channels, guint rate,
                    guint bits, guint64 frames)
{
    CycWav *w;

    g_return_val_if_fail(wav_bits_ok(format, bits), NULL);
    g_return_val_if_fail(channels > 0 && channels <= 32, NULL);
    w = g_new0(CycWav, 1);
    w->format_tag = format;
    w->format = format;
    w->channels = channels;
    w->rate = rate;
    w->bits = bits;
    w->valid_bits = bits;
    w->block_align = channels * (bits / 8);
    w->frames = frames;
    w->data_len = frames * w->block_align;
    w->data = g_malloc0(w->data_len);
    if (format == CYC_WAV_PCM && bits == 8) {
        memset(w->data, 0x80, w->data_len);   /* 8-bit PCM is unsigned */
    }
    w->sizes_patched = TRUE;
    return w;
}

gboolean cyc_wav_save(const CycWav *wav, const char *path,
                      gboolean extensible, GError **error)
{
    guint fmt_size = extensible ? 40 : 16;
    gsize hdr = 12 + 8 + fmt_size + 8;
    g_autofree guint8 *buf = g_malloc0(hdr + wav->data_len + 1);
    guint8 *f = buf + 20;

    memcpy(buf, "RIFF", 4);
    put32(buf + 4, (guint32)(hdr - 8 + wav->data_len + (wav->data_len & 1)));
    memcpy(buf + 8, "WAVE", 4);
    memcpy(buf + 12, "fmt ", 4);
    put32(buf + 16, fmt_size);
    put16(f, extensible ? CYC_WAVE_FORMAT_EXTENSIBLE : wav->format);
    put16(f + 2, wav->channels);
    put32(f + 4, wav->rate);
    put32(f + 8, wav->rate * wav->block_align);
    put16(f + 12, wav->block_align);
    put16(f + 14, wav->bits);
    if (extensible) {
        put16(f + 16, 22);
        put16(f + 18, wav->valid_bits);
        put32(f + 20, wav->channel_mask);
        put16(f + 24, wav->format);
        memcpy(f + 26, wav_guid_tail, sizeof(wav_guid_tail));
    }
    memcpy(f + fmt_size, "data", 4);
    put32(f + fmt_size + 4, (guint32)wav->data_len);
    memcpy(buf + hdr, wav->data, wav->data_len);
    return g_file_set_contents(path, (const char *)buf,
                               hdr + wav->data_len + (wav->data_len & 1),
                               error);
}

static const guint8 *sample_ptr(const CycWav *w, guint64 frame, guint ch)
{
    return w->data + frame * w->block_align + ch * (w->bits / 8);
}

double cyc_wav_sample(const CycWav *wav, guint64 frame, guint channel)
{
    const guint8 *p;
    union {
        guint32 u;
        float f;
    } u32;
    union {
        guint64 u;
        double d;
    } u64;

    g_return_val_if_fail(frame < wav->frames && channel < wav->channels, 0.0);
    p = sample_ptr(wav, frame, channel);
    if (wav->format == CYC_WAV_FLOAT) {
        if (wav->bits == 32) {
            u32.u = get32(p);
            return u32.f;
        }
        u64.u = get32(p) | (guint64)get32(p + 4) << 32;
        return u64.d;
    }
    switch (wav->bits) {
    case 8:
        return ((int)p[0] - 128) / 128.0;
    case 16:
        return (gint16)get16(p) / 32768.0;
    case 24:
        return (gint32)((guint32)p[0] << 8 | (guint32)p[1] << 16 |
                        (guint32)p[2] << 24) / 2147483648.0;
    default:
        return (gint32)get32(p) / 2147483648.0;
    }
}

void cyc_wav_set_sample(CycWav *wav, guint64 frame, guint channel,
                        double value)
{
    guint8 *p;
    double full;
    gint64 v;
    union {
        guint32 u;
        float f;
    } u32;
    union {
        guint64 u;
        double d;
    } u64;

    g_return_if_fail(frame < wav->frames && channel < wav->channels);
    p = (guint8 *)sample_ptr(wav, frame, channel);
    value = CLAMP(value, -1.0, 1.0);
    if (wav->format == CYC_WAV_FLOAT) {
        if (wav->bits == 32) {
            u32.f = (float)value;
            put32(p, u32.u);
        } else {
            u64.d = value;
            put32(p, (guint32)u64.u);
            put32(p + 4, (guint32)(u64.u >> 32));
        }
        return;
    }
    full = ldexp(1.0, wav->bits - 1);
    v = (gint64)lround(value * full);
    v = CLAMP(v, (gint64)-full, (gint64)full - 1);
    switch (wav->bits) {
    case 8:
        p[0] = (guint8)(v + 128);
        break;
    case 16:
        put16(p, (guint16)v);
        break;
    case 24:
        p[0] = v & 0xff;
        p[1] = (v >> 8) & 0xff;
        p[2] = (v >> 16) & 0xff;
        break;
    default:
        put32(p, (guint32)v);
        break;
    }
}

void cyc_wav_fill_sine(CycWav *wav, guint channel, double hz,
                       double amplitude)
{
    guint64 i;

    for (i = 0; i < wav->frames; i++) {
        cyc_wav_set_sample(wav, i, channel,
                           amplitude * sin(2.0 * G_PI * hz * i / wav->rate));
    }
}

double cyc_wav_duration_s(const CycWav *wav)
{
    return (double)wav->frames / wav->rate;
}

gboolean cyc_wav_same_format(const CycWav *a, const CycWav *b,
                             GError **error)
{
    if (a->format == b->format && a->channels == b->channels &&
        a->rate == b->rate && a->bits == b->bits &&
        a->valid_bits == b->valid_bits) {
        return TRUE;
    }
    g_set_error(error, CYC_ERROR, CYC_ERROR_FORMAT,
                "formats differ: %s %u ch %u Hz %u/%u bits vs "
                "%s %u ch %u Hz %u/%u bits",
                a->format == CYC_WAV_FLOAT ? "float" : "PCM", a->channels,
                a->rate, a->bits, a->valid_bits,
                b->format == CYC_WAV_FLOAT ? "float" : "PCM", b->channels,
                b->rate, b->bits, b->valid_bits);
    return FALSE;
}

gint64 cyc_wav_first_difference(const CycWav *a, const CycWav *b,
                                double tolerance)
{
    guint64 n = MIN(a->frames, b->frames);
    guint ch = MIN(a->channels, b->channels);
    guint64 i;
    guint c;

    for (i = 0; i < n; i++) {
        for (c = 0; c < ch; c++) {
            if (fabs(cyc_wav_sample(a, i, c) - cyc_wav_sample(b, i, c)) >
                tolerance) {
                return (gint64)i;
            }
        }
    }
    if (a->frames != b->frames || a->channels != b->channels) {
        return (gint64)n;
    }
    return -1;
}

static gboolean wav_matches_at(const CycWav *hay, const CycWav *needle,
                               guint64 start, double tolerance)
{
    guint64 i;
    guint c;

    for (i = 0; i < needle->frames; i++) {
        for (c = 0; c < needle->channels; c++) {
            if (fabs(cyc_wav_sample(hay, start + i, c) -
                     cyc_wav_sample(needle, i, c)) > tolerance) {
                return FALSE;
            }
        }
    }
    return TRUE;
}

gint64 cyc_wav_find(const CycWav *hay, const CycWav *needle,
                    double tolerance)
{
    guint64 start;

    if (hay->channels != needle->channels || needle->frames > hay->frames) {
        return -1;
    }
    for (start = 0; start + needle->frames <= hay->frames; start++) {
        if (wav_matches_at(hay, needle, start, tolerance)) {
            return (gint64)start;
        }
    }
    return -1;
}

guint64 cyc_wav_leading_silence(const CycWav *wav, double threshold)
{
    guint64 i;
    guint c;

    for (i = 0; i < wav->frames; i++) {
        for (c = 0; c < wav->channels; c++) {
            if (fabs(cyc_wav_sample(wav, i, c)) > threshold) {
                return i;
            }
        }
    }
    return wav->frames;
}

/* Clips [first, first + count) to the wave; count 0 means to the end. */
static guint64 span(const CycWav *wav, guint64 first, guint64 count)
{
    if (first >= wav->frames) {
        return 0;
    }
    if (count == 0 || count > wav->frames - first) {
        count = wav->frames - first;
    }
    return count;
}

double cyc_wav_rms_dbfs(const CycWav *wav, guint channel, guint64 first,
                        guint64 count)
{
    guint64 n = span(wav, first, count);
    double sum = 0.0;
    guint64 i;

    if (n == 0 || channel >= wav->channels) {
        return -INFINITY;
    }
    for (i = 0; i < n; i++) {
        double s = cyc_wav_sample(wav, first + i, channel);

        sum += s * s;
    }
    if (sum == 0.0) {
        return -INFINITY;
    }
    return 10.0 * log10(sum / n);
}

/* In-place iterative radix-2 FFT; @n is a power of two. */
static void fft(double *re, double *im, guint n)
{
    guint i;
    guint j = 0;
    guint len;

    for (i = 1; i < n; i++) {
        guint bit = n >> 1;

        for (; j & bit; bit >>= 1) {
            j ^= bit;
        }
        j ^= bit;
        if (i < j) {
            double t = re[i];

            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
        }
    }
    for (len = 2; len <= n; len <<= 1) {
        double ang = -2.0 * G_PI / len;
        guint k;

        for (i = 0; i < n; i += len) {
            for (k = 0; k < len / 2; k++) {
                double wr = cos(ang * k);
                double wi = sin(ang * k);
                double xr = re[i + k + len / 2] * wr - im[i + k + len / 2] * wi;
                double xi = re[i + k + len / 2] * wi + im[i + k + len / 2] * wr;

                re[i + k + len / 2] = re[i + k] - xr;
                im[i + k + len / 2] = im[i + k] - xi;
                re[i + k] += xr;
                im[i + k] += xi;
            }
        }
    }
}

double cyc_wav_peak_hz(const CycWav *wav, guint channel, guint64 first,
                       guint64 count)
{
    guint64 avail = span(wav, first, count);
    g_autofree double *re = NULL;
    g_autofree double *im = NULL;
    guint n = 1;
    guint i;
    guint best = 1;
    double a;
    double b;
    double c;
    double shift = 0.0;

    if (avail < 4 || channel >= wav->channels) {
        return 0.0;
    }
    while ((guint64)n * 2 <= avail && n * 2 <= WAV_FFT_MAX) {
        n *= 2;
    }
    re = g_new0(double, n);
    im = g_new0(double, n);
    for (i = 0; i < n; i++) {
        double hann = 0.5 - 0.5 * cos(2.0 * G_PI * i / (n - 1));

        re[i] = hann * cyc_wav_sample(wav, first + i, channel);
    }
    fft(re, im, n);
    for (i = 1; i < n / 2; i++) {
        re[i] = hypot(re[i], im[i]);
        if (re[i] > re[best]) {
            best = i;
        }
    }
    /* Parabolic interpolation on log magnitudes around the peak bin. */
    if (best > 1 && best + 1 < n / 2 && re[best] > 0.0 &&
        re[best - 1] > 0.0 && re[best + 1] > 0.0) {
        a = log(re[best - 1]);
        b = log(re[best]);
        c = log(re[best + 1]);
        if (a - 2.0 * b + c != 0.0) {
            shift = 0.5 * (a - c) / (a - 2.0 * b + c);
        }
    }
    return (best + shift) * wav->rate / n;
}
