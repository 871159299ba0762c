/* SPDX-License-Identifier: MIT */
/*
 * qtest client: the test owns QEMU_CLOCK_VIRTUAL and drives memory, port
 * I/O and IRQ observation over QEMU's qtest line protocol. Asynchronous
 * "IRQ raise/lower N" lines are folded into a level table as they arrive.
 * PCI helpers use configuration mechanism #1 (0xcf8/0xcfc) on bus 0.
 */
#ifndef CYC_QTEST_H
#define CYC_QTEST_H

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct CycQtest CycQtest;

/* Where cyc_qtest_pci_map_bar0 places BAR0: inside the pc and q35 PCI hole. */
#define CYC_QTEST_BAR0_ADDR 0xe0000000u
#define CYC_QTEST_MAX_IRQ 256

/* @art names the artifact folder in errors; @art and @log_path may be NULL. */
CycQtest *cyc_qtest_new(GSocket *sock, const gint64 *deadline,
                        const char *art, const char *log_path,
                        GError **error);
void cyc_qtest_free(CycQtest *qt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CycQtest, cyc_qtest_free)

/*
 * Memory-space accesses (guest physical addresses, little-endian values).
 * On failure the read functions return all-ones and set @error.
 */
guint8 cyc_qtest_readb(CycQtest *qt, guint64 addr, GError **error);
guint16 cyc_qtest_readw(CycQtest *qt, guint64 addr, GError **error);
guint32 cyc_qtest_readl(CycQtest *qt, guint64 addr, GError **error);
guint64 cyc_qtest_readq(CycQtest *qt, guint64 addr, GError **error);
gboolean cyc_qtest_writeb(CycQtest *qt, guint64 addr, guint8 val,
                          GError **error);
gboolean cyc_qtest_writew(CycQtest *qt, guint64 addr, guint16 val,
                          GError **error);
gboolean cyc_qtest_writel(CycQtest *qt, guint64 addr, guint32 val,
                          GError **error);
gboolean cyc_qtest_writeq(CycQtest *qt, guint64 addr, guint64 val,
                          GError **error);
gboolean cyc_qtest_memread(CycQtest *qt, guint64 addr, void *buf, gsize len,
                           GError **error);
gboolean cyc_qtest_memwrite(CycQtest *qt, guint64 addr, const void *buf,
                            gsize len, GError **error);
gboolean cyc_qtest_memset(CycQtest *qt, guint64 addr, guint8 val, gsize len,
                          GError **error);

/* Port I/O. */
guint8 cyc_qtest_inb(CycQtest *qt, guint16 port, GError **error);
guint16 cyc_qtest_inw(CycQtest *qt, guint16 port, GError **error);
guint32 cyc_qtest_inl(CycQtest *qt, guint16 port, GError **error);
gboolean cyc_qtest_outb(CycQtest *qt, guint16 port, guint8 val,
                        GError **error);
gboolean cyc_qtest_outw(CycQtest *qt, guint16 port, guint16 val,
                        GError **error);
gboolean cyc_qtest_outl(CycQtest *qt, guint16 port, guint32 val,
                        GError **error);

/*
 * Virtual clock, in ns. step advances by @ns (running every timer due on
 * the way) and returns the new time; set advances to @ns (no-op if past);
 * next runs to the next timer deadline. All return -1 with @error set on
 * failure.
 */
gint64 cyc_qtest_clock_step(CycQtest *qt, gint64 ns, GError **error);
gint64 cyc_qtest_clock_step_next(CycQtest *qt, GError **error);
gint64 cyc_qtest_clock_set(CycQtest *qt, gint64 ns, GError **error);
gint64 cyc_qtest_clock_get(CycQtest *qt, GError **error);

/*
 * Intercepts the gpio-in lines of @qom_path ("ioapic" on pc/q35): from
 * then on every level change is recorded and cyc_qtest_get_irq reports it.
 */
gboolean cyc_qtest_irq_intercept(CycQtest *qt, const char *qom_path,
                                 GError **error);
/* Level of intercepted line @n, after draining pending async lines. */
gboolean cyc_qtest_get_irq(CycQtest *qt, guint n);
/* Number of raise edges seen on line @n since the intercept. */
guint cyc_qtest_irq_raise_count(CycQtest *qt, guint n);

/*
 * Guest RAM for DMA buffers and descriptors: a bump allocator over
 * [CYC_QTEST_RAM_BASE, CYC_QTEST_RAM_END) (the default -m 128M). Returns an
 * address aligned to @align (a power of two, 0 meaning 64), or 0 when the
 * region is exhausted. Memory is never freed; each QEMU run starts afresh.
 */
#define CYC_QTEST_RAM_BASE 0x00200000u
#define CYC_QTEST_RAM_END  0x08000000u
guint64 cyc_qtest_alloc(CycQtest *qt, gsize size, gsize align);

/* Sends one raw protocol line; returns the text after "OK" (may be ""). */
char *cyc_qtest_command(CycQtest *qt, const char *line, GError **error);

/*
 * PCI (bus 0). A devfn is (slot << 3) | function. Config reads on failure
 * return all-ones and set @error.
 */
gboolean cyc_qtest_pci_find(CycQtest *qt, guint16 vendor, guint16 device,
                            guint *devfn, GError **error);
guint8 cyc_qtest_pci_cfg_readb(CycQtest *qt, guint devfn, guint8 off,
                               GError **error);
guint16 cyc_qtest_pci_cfg_readw(CycQtest *qt, guint devfn, guint8 off,
                                GError **error);
guint32 cyc_qtest_pci_cfg_readl(CycQtest *qt, guint devfn, guint8 off,
                                GError **error);
gboolean cyc_qtest_pci_cfg_writeb(CycQtest *qt, guint devfn, guint8 off,
                                  guint8 val, GError **error);
gboolean cyc_qtest_pci_cfg_writew(CycQtest *qt, guint devfn, guint8 off,
                                  guint16 val, GError **error);
gboolean cyc_qtest_pci_cfg_writel(CycQtest *qt, guint devfn, guint8 off,
                                  guint32 val, GError **error);
/* Offset of capability @cap_id in config space, or 0 when absent. */
guint8 cyc_qtest_pci_find_cap(CycQtest *qt, guint devfn, guint8 cap_id,
                              GError **error);
/* Size in bytes of memory BAR @bar, probed by writing all-ones. */
guint64 cyc_qtest_pci_bar_size(CycQtest *qt, guint devfn, guint bar,
                               GError **error);
/*
 * Assigns BAR0 at CYC_QTEST_BAR0_ADDR, enables memory decoding and bus
 * mastering; returns the address (0 on failure).
 */
guint64 cyc_qtest_pci_map_bar0(CycQtest *qt, guint devfn, GError **error);
/*
 * pc (i440FX/PIIX3) only: routes the device's INTx pin through PIIX3's PIRQ
 * register to ISA IRQ @irq, writes INTERRUPT_LINE, and returns the IOAPIC
 * input to watch (== @irq); firmware does this on a real boot.
 */
gboolean cyc_qtest_pci_route_intx(CycQtest *qt, guint devfn, guint8 irq,
                                  GError **error);
/*
 * Programs the MSI capability with @addr/@data and enables it. Point @addr
 * at guest RAM (not 0xfee00000) and the message becomes a 32-bit write that
 * cyc_qtest_readl can observe: qtest has no CPU to take it.
 */
gboolean cyc_qtest_pci_msi_enable(CycQtest *qt, guint devfn, guint64 addr,
                                  guint16 data, GError **error);

G_END_DECLS

#endif /* CYC_QTEST_H */
