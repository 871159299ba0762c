/* SPDX-License-Identifier: MIT */
/*
 * Fixture for the qtest device suite (see device-common.h). Every helper
 * asserts: a transport error ends the forked test with the artifact folder
 * named, which cyc_qemu_fail keeps.
 */
#include <string.h>

#include "device-common.h"

static void dev_check(Dev *d, GError *err, const char *what)
{
    if (err) {
        cyc_qemu_fail(d->q);
        ck_abort_msg("%s: %s (artifacts %s)", what, err->message, d->dir);
    }
}

static char *subst_dir(const char *fmt, const char *dir)
{
    g_auto(GStrv) parts = g_strsplit(fmt, "%d", -1);

    return g_strjoinv(dir, parts);
}

Dev *dev_try_start(const char *name, const char *audiodev, const char *props,
                   const char *const *extra, GError **error)
{
    g_autoptr(Dev) d = g_new0(Dev, 1);
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *device = g_strconcat("cycaudio,audiodev=snd0",
                                          props && *props ? "," : "",
                                          props ? props : "", NULL);
    const char *base = g_getenv("CYC_ARTIFACTS");
    CycQemuOpts o;
    guint i;

    d->dir = g_build_filename(base && *base ? base : "cyc-artifacts", name,
                              NULL);
    g_ptr_array_add(argv, g_strdup("-m"));
    g_ptr_array_add(argv, g_strdup_printf("%u", DEV_RAM_MB));
    g_ptr_array_add(argv, g_strdup("-audiodev"));
    g_ptr_array_add(argv, subst_dir(audiodev, d->dir));
    g_ptr_array_add(argv, g_strdup("-device"));
    g_ptr_array_add(argv, subst_dir(device, d->dir));
    for (i = 0; extra && extra[i]; i++) {
        g_ptr_array_add(argv, subst_dir(extra[i], d->dir));
    }
    g_ptr_array_add(argv, NULL);

    cyc_qemu_opts_init(&o, name);
    o.accel = "qtest";
    o.deadline_s = DEV_DEADLINE_S;
    o.extra = (const char *const *)argv->pdata;
    d->q = cyc_qemu_launch(&o, error);
    if (!d->q) {
        return NULL;
    }
    d->qt = cyc_qemu_qtest(d->q);
    ck_assert_ptr_nonnull(d->qt);
    return g_steal_pointer(&d);
}

Dev *dev_start(const char *name, const char *audiodev, const char *props,
               const char *const *extra)
{
    g_autoptr(GError) err = NULL;
    Dev *d = dev_try_start(name, audiodev, props, extra, &err);

    ck_assert_msg(d, "launch %s: %s", name, err ? err->message : "?");
    return d;
}

Dev *dev_launch(const char *name, const char *audiodev, const char *props,
                const char *const *extra)
{
    g_autoptr(Dev) d = dev_start(name, audiodev, props, extra);
    g_autoptr(GError) err = NULL;

    if (!cyc_qtest_pci_find(d->qt, CYC_PCI_VENDOR_ID, CYC_PCI_DEVICE_ID,
                            &d->devfn, &err)) {
        dev_check(d, err ? err : g_error_new(CYC_ERROR, CYC_ERROR_FAILED,
                                             "no cycaudio"), "pci_find");
    }
    d->bar = cyc_qtest_pci_map_bar0(d->qt, d->devfn, &err);
    dev_check(d, err, "map BAR0");
    return g_steal_pointer(&d);
}

void dev_free(Dev *d)
{
    if (!d) {
        return;
    }
    cyc_qemu_free(d->q);
    g_free(d->dir);
    g_free(d);
}

void dev_quit(Dev *d)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) ret = cyc_qemu_qmp(d->q, "quit", NULL, &err);
    int status;

    g_clear_error(&err);
    status = cyc_qemu_wait_exit(d->q, &err);
    dev_check(d, err, "quit");
    ck_assert_msg(status == 0, "QEMU exit status %d (artifacts %s)", status,
                  d->dir);
}

char *dev_path(const Dev *d, const char *file)
{
    return g_build_filename(d->dir, file, NULL);
}

guint32 dev_rd(Dev *d, guint32 off)
{
    g_autoptr(GError) err = NULL;
    guint32 v = cyc_qtest_readl(d->qt, d->bar + off, &err);

    dev_check(d, err, "readl");
    return v;
}

void dev_wr(Dev *d, guint32 off, guint32 val)
{
    g_autoptr(GError) err = NULL;

    cyc_qtest_writel(d->qt, d->bar + off, val, &err);
    dev_check(d, err, "writel");
}

guint32 dev_srd(Dev *d, guint block, guint32 reg)
{
    return dev_rd(d, CYC_STREAM_OFF(block) + reg);
}

void dev_swr(Dev *d, guint block, guint32 reg, guint32 val)
{
    dev_wr(d, CYC_STREAM_OFF(block) + reg, val);
}

guint64 dev_frames(Dev *d, guint block)
{
    guint64 lo = dev_srd(d, block, CYC_SD_FRAMES_LO);

    return lo | (guint64)dev_srd(d, block, CYC_SD_FRAMES_HI) << 32;
}

gint64 dev_step(Dev *d, gint64 ns)
{
    g_autoptr(GError) err = NULL;
    gint64 t = cyc_qtest_clock_step(d->qt, ns, &err);

    dev_check(d, err, "clock_step");
    return t;
}

gint64 dev_now(Dev *d)
{
    g_autoptr(GError) err = NULL;
    gint64 t = cyc_qtest_clock_get(d->qt, &err);

    dev_check(d, err, "clock_get");
    return t;
}

void dev_memwrite(Dev *d, guint64 addr, const void *buf, gsize len)
{
    g_autoptr(GError) err = NULL;

    cyc_qtest_memwrite(d->qt, addr, buf, len, &err);
    dev_check(d, err, "memwrite");
}

void dev_memread(Dev *d, guint64 addr, void *buf, gsize len)
{
    g_autoptr(GError) err = NULL;

    cyc_qtest_memread(d->qt, addr, buf, len, &err);
    dev_check(d, err, "memread");
}

guint32 dev_ram_readl(Dev *d, guint64 addr)
{
    g_autoptr(GError) err = NULL;
    guint32 v = cyc_qtest_readl(d->qt, addr, &err);

    dev_check(d, err, "readl (RAM)");
    return v;
}

void dev_ram_writel(Dev *d, guint64 addr, guint32 val)
{
    g_autoptr(GError) err = NULL;

    cyc_qtest_writel(d->qt, addr, val, &err);
    dev_check(d, err, "writel (RAM)");
}

guint32 dev_fmt(guint rate, guint channels, guint sfmt)
{
    guint32 f = 0;

    f = CYC_SET(f, CYC_FMT_RATE, rate);
    f = CYC_SET(f, CYC_FMT_CHANNELS, channels);
    f = CYC_SET(f, CYC_FMT_SFMT, sfmt);
    return f;
}

guint dev_frame_bytes(guint32 fmt)
{
    return CYC_GET(fmt, CYC_FMT_CHANNELS) *
           cyc_sfmt_bytes(CYC_GET(fmt, CYC_FMT_SFMT));
}

void dev_program(Dev *d, guint block, guint32 fmt, guint64 addr, guint32 bsize,
                 guint32 psize)
{
    dev_swr(d, block, CYC_SD_FMT, fmt);
    dev_swr(d, block, CYC_SD_BUF_LO, (guint32)addr);
    dev_swr(d, block, CYC_SD_BUF_HI, (guint32)(addr >> 32));
    dev_swr(d, block, CYC_SD_BSIZE, bsize);
    dev_swr(d, block, CYC_SD_PSIZE, psize);
}

void dev_set_state(Dev *d, guint block, guint32 enables, guint state)
{
    dev_swr(d, block, CYC_SD_CTL, CYC_SET(enables, CYC_CTL_STATE, state));
}

guint64 dev_ns_to_frames(guint64 ns, guint rate)
{
    return (guint64)((unsigned __int128)ns * rate / DEV_NS);
}

guint64 dev_frames_to_ns_ceil(guint64 frames, guint rate)
{
    unsigned __int128 num = (unsigned __int128)frames * DEV_NS;

    return (guint64)((num + rate - 1) / rate);
}

guint8 *dev_cyclic_expect(const guint8 *buf, guint buf_frames, guint fb,
                          guint64 first, guint64 n)
{
    guint8 *out = g_malloc(n * fb + 1);
    guint64 i;

    for (i = 0; i < n; i++) {
        memcpy(out + i * fb, buf + ((first + i) % buf_frames) * fb, fb);
    }
    return out;
}

gint64 dev_first_diff(const guint8 *a, const guint8 *b, guint64 frames,
                      guint fb)
{
    guint64 i;

    for (i = 0; i < frames; i++) {
        if (memcmp(a + i * fb, b + i * fb, fb)) {
            return (gint64)i;
        }
    }
    return -1;
}

void dev_fill_random(guint8 *buf, gsize len, guint32 seed)
{
    guint32 x = seed ? seed : 0x9e3779b9u;
    gsize i;

    for (i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (guint8)(x >> 11);
    }
}

void dev_gen_sample(guint8 *out, guint sfmt, gint32 v)
{
    guint32 bits;

    if (sfmt == CYC_SFMT_F32) {
        float f = (float)v / 2147483648.0f;

        memcpy(&bits, &f, sizeof(bits));
    } else {
        bits = cyc_s32_to_sfmt(v, sfmt);
    }
    memcpy(out, &bits, cyc_sfmt_bytes(sfmt));   /* host is little-endian */
}

/* Until @src (dst NULL) completed its migration or @dst runs; 30 s. */
void dev_wait_migrated(Dev *src, Dev *dst)
{
    gint64 until = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    const char *st = "";

    while (g_get_monotonic_time() < until) {
        g_autoptr(GError) err = NULL;
        g_autoptr(JsonNode) r = NULL;

        r = cyc_qemu_qmp(dst ? dst->q : src->q,
                         dst ? "query-status" : "query-migrate", NULL, &err);
        ck_assert_msg(r, "query: %s", err ? err->message : "?");
        st = json_object_get_string_member_with_default(
            json_node_get_object(r), "status", "");
        if (g_strcmp0(st, dst ? "running" : "completed") == 0) {
            return;
        }
        ck_assert_msg(g_strcmp0(st, "failed"), "migration failed");
        g_usleep(10000);
    }
    ck_abort_msg("migration: still %s after 30 s", st);
}
