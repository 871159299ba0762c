/* SPDX-License-Identifier: MIT */
/*
 * Fixture for the qtest device suite: one QEMU with the cycaudio device and a
 * mapped BAR0, the test owning the virtual clock. Helpers assert on every
 * transport error (they run inside forked libcheck tests), so test bodies
 * speak only in regs.h names and expected values.
 */
#ifndef DEVICE_COMMON_H
#define DEVICE_COMMON_H

#include "cyc.h"

#define DEV_DEADLINE_S      60.0
#define DEV_RAM_MB          128u
/* Guest RAM for buffers: below DEV_RAM_MB, above the low BIOS areas. */
#define DEV_BUF_A           0x00200000u
#define DEV_BUF_B           0x00600000u
#define DEV_BUF_C           0x00a00000u
#define DEV_MSI_ADDR        0x00100000u
#define DEV_INTX_IRQ        10u
#define DEV_NS              1000000000ull
/* The PCI command register and the bits the tests flip in it; the BARs. */
#define PCI_CFG_COMMAND     0x04u
#define PCI_CFG_BAR0        0x10u
#define PCI_CFG_BAR1        0x14u
#define PCI_CMD_IO          0x0001u
#define PCI_CMD_MASTER      0x0004u
#define PCI_CMD_INTX_DISABLE 0x0400u

typedef struct Dev {
    CycQemu *q;
    CycQtest *qt;
    guint devfn;
    guint64 bar;
    char *dir;              /* artifact folder: output files live here */
} Dev;

/*
 * Starts QEMU (accel qtest, pc, -m DEV_RAM_MB) with "-device cycaudio,<props>"
 * and "-audiodev <audiodev>"; "%d" in either is replaced by the artifact
 * folder. @extra (NULL-terminated or NULL) is appended. dev_launch then finds
 * the device and maps BAR0; dev_start leaves PCI alone (devfn 0, bar 0), for
 * an incoming migration that restores both.
 */
Dev *dev_launch(const char *name, const char *audiodev, const char *props,
                const char *const *extra);
Dev *dev_start(const char *name, const char *audiodev, const char *props,
               const char *const *extra);
/* dev_start without the assertion: NULL and @error if QEMU did not come up. */
Dev *dev_try_start(const char *name, const char *audiodev, const char *props,
                   const char *const *extra, GError **error);
void dev_free(Dev *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Dev, dev_free)

/* Waits (30 s at most) until @src's outgoing migration completed, or with
 * @dst until the incoming one runs. */
void dev_wait_migrated(Dev *src, Dev *dst);

/* Quits QEMU cleanly (so the wav backend patches its header) and waits. */
void dev_quit(Dev *d);
/* Path of @file in the artifact folder (caller frees). */
char *dev_path(const Dev *d, const char *file);

guint32 dev_rd(Dev *d, guint32 off);
void dev_wr(Dev *d, guint32 off, guint32 val);
guint32 dev_srd(Dev *d, guint block, guint32 reg);
void dev_swr(Dev *d, guint block, guint32 reg, guint32 val);
guint64 dev_frames(Dev *d, guint block);
gint64 dev_step(Dev *d, gint64 ns);
gint64 dev_now(Dev *d);
void dev_memwrite(Dev *d, guint64 addr, const void *buf, gsize len);
void dev_memread(Dev *d, guint64 addr, void *buf, gsize len);
guint32 dev_ram_readl(Dev *d, guint64 addr);
void dev_ram_writel(Dev *d, guint64 addr, guint32 val);

/* FMT value and frame bytes. */
guint32 dev_fmt(guint rate, guint channels, guint sfmt);
guint dev_frame_bytes(guint32 fmt);

/* Programs a stream block (STOP state): format, buffer, sizes. */
void dev_program(Dev *d, guint block, guint32 fmt, guint64 addr, guint32 bsize,
                 guint32 psize);
/* CTL write keeping @enables (PIE/EIE/XIE bits) with STATE = @state. */
void dev_set_state(Dev *d, guint block, guint32 enables, guint state);

/* floor(ns * rate / 1e9) and the smallest ns reaching @frames. */
guint64 dev_ns_to_frames(guint64 ns, guint rate);
guint64 dev_frames_to_ns_ceil(guint64 frames, guint rate);

/* Frames [@first, @first + @n) of a cyclic buffer of @buf_frames frames of
 * @fb bytes: what the engine fetched from it (caller frees). */
guint8 *dev_cyclic_expect(const guint8 *buf, guint buf_frames, guint fb,
                          guint64 first, guint64 n);
/* Index of the first differing @fb-byte frame of @a and @b, or -1. */
gint64 dev_first_diff(const guint8 *a, const guint8 *b, guint64 frames,
                      guint fb);

/* Deterministic bytes for buffers (xorshift), seeded. */
void dev_fill_random(guint8 *buf, gsize len, guint32 seed);
/* A generator sample in the stream format, little-endian, per the ABI. */
void dev_gen_sample(guint8 *out, guint sfmt, gint32 v);

#endif /* DEVICE_COMMON_H */
