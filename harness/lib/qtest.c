/* SPDX-License-Identifier: MIT */
/*
 * qtest protocol client. One request in flight; any "IRQ ..." line that
 * precedes the reply is applied to the level table first, so the table is
 * always at least as new as the last reply.
 */
#include <string.h>

#include "errors.h"
#include "linechan.h"
#include "qtest.h"

#define PCI_CFG_ADDR        0xcf8
#define PCI_CFG_DATA        0xcfc
#define PCI_CFG_ENABLE      0x80000000u
#define PCI_VENDOR_ID       0x00
#define PCI_COMMAND         0x04
#define PCI_COMMAND_MEMORY  0x0002u
#define PCI_COMMAND_MASTER  0x0004u
#define PCI_STATUS          0x06
#define PCI_STATUS_CAP_LIST 0x0010u
#define PCI_HEADER_TYPE     0x0e
#define PCI_BAR0            0x10
#define PCI_BAR_IO          0x1u
#define PCI_BAR_MEM_64      0x4u
#define PCI_BAR_MEM_MASK    (~0xfull)
#define PCI_CAP_PTR         0x34
#define PCI_INTERRUPT_LINE  0x3c
#define PCI_INTERRUPT_PIN   0x3d
#define PCI_CAP_ID_MSI      0x05
#define PCI_MSI_FLAGS       0x02
#define PCI_MSI_FLAGS_EN    0x0001u
#define PCI_MSI_FLAGS_64    0x0080u
#define PCI_MSI_ADDR_LO     0x04
#define PCI_MSI_ADDR_HI     0x08
#define PCI_MSI_DATA_32     0x08
#define PCI_MSI_DATA_64     0x0c
/* PIIX3 ISA bridge at 00:01.0: PIRQA..D route registers, bit 7 = disabled. */
#define PIIX3_DEVFN         0x08
#define PIIX3_PIRQ_ROUTE    0x60

struct CycQtest {
    CycChan *ch;
    guint64 alloc_next;     /* next free byte of the bump allocator */
    gboolean irq_level[CYC_QTEST_MAX_IRQ];
    guint irq_raises[CYC_QTEST_MAX_IRQ];
};

CycQtest *cyc_qtest_new(GSocket *sock, const gint64 *deadline,
                        const char *art, const char *log_path,
                        GError **error)
{
    g_autoptr(CycQtest) qt = g_new0(CycQtest, 1);

    qt->alloc_next = CYC_QTEST_RAM_BASE;
    qt->ch = cyc_chan_new(sock, deadline, art, log_path, error);
    if (!qt->ch) {
        return NULL;
    }
    return g_steal_pointer(&qt);
}

void cyc_qtest_free(CycQtest *qt)
{
    if (!qt) {
        return;
    }
    cyc_chan_free(qt->ch);
    g_free(qt);
}

/* Applies an "IRQ raise|lower N" line; FALSE if @line is not one. */
static gboolean qtest_irq_line(CycQtest *qt, const char *line)
{
    guint64 n;
    gboolean raise;
    const char *num;

    if (g_str_has_prefix(line, "IRQ raise ")) {
        raise = TRUE;
        num = line + strlen("IRQ raise ");
    } else if (g_str_has_prefix(line, "IRQ lower ")) {
        raise = FALSE;
        num = line + strlen("IRQ lower ");
    } else {
        return FALSE;
    }
    n = g_ascii_strtoull(num, NULL, 10);
    if (n < CYC_QTEST_MAX_IRQ) {
        if (raise && !qt->irq_level[n]) {
            qt->irq_raises[n]++;
        }
        qt->irq_level[n] = raise;
    }
    return TRUE;
}

char *cyc_qtest_command(CycQtest *qt, const char *line, GError **error)
{
    if (!cyc_chan_send_line(qt->ch, line, error)) {
        g_prefix_error(error, "qtest '%s': ", line);
        return NULL;
    }
    for (;;) {
        g_autofree char *reply = cyc_chan_read_line(qt->ch, error);

        if (!reply) {
            g_prefix_error(error, "qtest '%s': ", line);
            return NULL;
        }
        if (qtest_irq_line(qt, reply)) {
            continue;
        }
        if (strcmp(reply, "OK") == 0) {
            return g_strdup("");
        }
        if (g_str_has_prefix(reply, "OK ")) {
            return g_strdup(reply + 3);
        }
        g_set_error(error, CYC_ERROR, CYC_ERROR_PROTOCOL,
                    "qtest '%s' answered '%s'", line, reply);
        return NULL;
    }
}

static gboolean qtest_cmdf(CycQtest *qt, GError **error, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static gboolean qtest_cmdf(CycQtest *qt, GError **error, const char *fmt, ...)
{
    g_autofree char *line = NULL;
    g_autofree char *reply = NULL;
    va_list ap;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    reply = cyc_qtest_command(qt, line, error);
    return reply != NULL;
}

/* Sends a query and parses the integer after "OK"; *ok tells success. */
static guint64 qtest_queryf(CycQtest *qt, gboolean *ok, GError **error,
                            const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static guint64 qtest_queryf(CycQtest *qt, gboolean *ok, GError **error,
                            const char *fmt, ...)
{
    g_autofree char *line = NULL;
    g_autofree char *reply = NULL;
    char *end = NULL;
    guint64 v;
    va_list ap;

    *ok = FALSE;
    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    reply = cyc_qtest_command(qt, line, error);
    if (!reply) {
        return G_MAXUINT64;
    }
    if (reply[0] == '-') {
        v = (guint64)g_ascii_strtoll(reply, &end, 0);
    } else {
        v = g_ascii_strtoull(reply, &end, 0);
    }
    if (end == reply) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_PROTOCOL,
                    "qtest '%s': no value in reply '%s'", line, reply);
        return G_MAXUINT64;
    }
    *ok = TRUE;
    return v;
}

#define QTEST_READ(name, type, cmd)                                      \
    type name(CycQtest *qt, guint64 addr, GError **error)                    \
    {                                                                         \
        gboolean ok;                                                          \
        guint64 v = qtest_queryf(qt, &ok, error, cmd " 0x%" G_GINT64_MODIFIER \
                                 "x", addr);                                  \
        return ok ? (type)v : (type)~(type)0;                                 \
    }

#define QTEST_WRITE(name, type, cmd)                                          \
    gboolean name(CycQtest *qt, guint64 addr, type val, GError **error)      \
    {                                                                         \
        return qtest_cmdf(qt, error, cmd " 0x%" G_GINT64_MODIFIER "x 0x%"     \
                          G_GINT64_MODIFIER "x", addr, (guint64)val);         \
    }

QTEST_READ(cyc_qtest_readb, guint8, "readb")
QTEST_READ(cyc_qtest_readw, guint16, "readw")
QTEST_READ(cyc_qtest_readl, guint32, "readl")
QTEST_READ(cyc_qtest_readq, guint64, "readq")
QTEST_WRITE(cyc_qtest_writeb, guint8, "writeb")
QTEST_WRITE(cyc_qtest_writew, guint16, "writew")
QTEST_WRITE(cyc_qtest_writel, guint32, "writel")
QTEST_WRITE(cyc_qtest_writeq, guint64, "writeq")

#define QTEST_IN(name, type, cmd)                                             \
    type name(CycQtest *qt, guint16 port, GError **error)                    \
    {                                                                         \
        gboolean ok;                                                          \
        guint64 v = qtest_queryf(qt, &ok, error, cmd " 0x%x", port);         \
        return ok ? (type)v : (type)~(type)0;                                 \
    }

#define QTEST_OUT(name, type, cmd)                                            \
    gboolean name(CycQtest *qt, guint16 port, type val, GError **error)      \
    {                                                                         \
        return qtest_cmdf(qt, error, cmd " 0x%x 0x%x", port, (guint)val);    \
    }

QTEST_IN(cyc_qtest_inb, guint8, "inb")
QTEST_IN(cyc_qtest_inw, guint16, "inw")
QTEST_IN(cyc_qtest_inl, guint32, "inl")
QTEST_OUT(cyc_qtest_outb, guint8, "outb")
QTEST_OUT(cyc_qtest_outw, guint16, "outw")
QTEST_OUT(cyc_qtest_outl, guint32, "outl")

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = g_ascii_tolower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

gboolean cyc_qtest_memread(CycQtest *qt, guint64 addr, void *buf, gsize len,
                           GError **error)
{
    g_autofree char *line = NULL;
    g_autofree char *reply = NULL;
    guint8 *out = buf;
    const char *hex;
    gsize i;

    if (len == 0) {
        return TRUE;
    }
    line = g_strdup_printf("read 0x%" G_GINT64_MODIFIER "x 0x%zx", addr, len);
    reply = cyc_qtest_command(qt, line, error);
    if (!reply) {
        return FALSE;
    }
    hex = g_str_has_prefix(reply, "0x") ? reply + 2 : reply;
    if (strlen(hex) < 2 * len) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_PROTOCOL,
                    "qtest '%s': short reply (%zu hex digits)", line,
                    strlen(hex));
        return FALSE;
    }
    for (i = 0; i < len; i++) {
        int hi = hex_nibble(hex[2 * i]);
        int lo = hex_nibble(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            g_set_error(error, CYC_ERROR, CYC_ERROR_PROTOCOL,
                        "qtest '%s': bad hex at byte %zu", line, i);
            return FALSE;
        }
        out[i] = (guint8)(hi << 4 | lo);
    }
    return TRUE;
}

gboolean cyc_qtest_memwrite(CycQtest *qt, guint64 addr, const void *buf,
                            gsize len, GError **error)
{
    static const char digits[] = "0123456789abcdef";
    const guint8 *in = buf;
    g_autoptr(GString) line = g_string_sized_new(32 + 2 * len);
    g_autofree char *reply = NULL;
    gsize i;

    if (len == 0) {
        return TRUE;
    }
    g_string_printf(line, "write 0x%" G_GINT64_MODIFIER "x 0x%zx 0x", addr,
                    len);
    for (i = 0; i < len; i++) {
        g_string_append_c(line, digits[in[i] >> 4]);
        g_string_append_c(line, digits[in[i] & 0xf]);
    }
    reply = cyc_qtest_command(qt, line->str, error);
    return reply != NULL;
}

gboolean cyc_qtest_memset(CycQtest *qt, guint64 addr, guint8 val, gsize len,
                          GError **error)
{
    return qtest_cmdf(qt, error, "memset 0x%" G_GINT64_MODIFIER "x 0x%zx 0x%x",
                      addr, len, val);
}

gint64 cyc_qtest_clock_step(CycQtest *qt, gint64 ns, GError **error)
{
    gboolean ok;
    guint64 v = qtest_queryf(qt, &ok, error, "clock_step %" G_GINT64_FORMAT,
                             ns);

    return ok ? (gint64)v : -1;
}

gint64 cyc_qtest_clock_step_next(CycQtest *qt, GError **error)
{
    gboolean ok;
    guint64 v = qtest_queryf(qt, &ok, error, "clock_step");

    return ok ? (gint64)v : -1;
}

gint64 cyc_qtest_clock_set(CycQtest *qt, gint64 ns, GError **error)
{
    gboolean ok;
    guint64 v = qtest_queryf(qt, &ok, error, "clock_set %" G_GINT64_FORMAT,
                             ns);

    return ok ? (gint64)v : -1;
}

gint64 cyc_qtest_clock_get(CycQtest *qt, GError **error)
{
    /* A zero step runs nothing that was not already due and reports now. */
    return cyc_qtest_clock_step(qt, 0, error);
}

gboolean cyc_qtest_irq_intercept(CycQtest *qt, const char *qom_path,
                                 GError **error)
{
    return qtest_cmdf(qt, error, "irq_intercept_in %s", qom_path);
}

static void qtest_drain_async(CycQtest *qt)
{
    for (;;) {
        g_autofree char *line = cyc_chan_poll_line(qt->ch, NULL);

        if (!line) {
            return;
        }
        qtest_irq_line(qt, line);
    }
}

gboolean cyc_qtest_get_irq(CycQtest *qt, guint n)
{
    qtest_drain_async(qt);
    return n < CYC_QTEST_MAX_IRQ && qt->irq_level[n];
}

guint cyc_qtest_irq_raise_count(CycQtest *qt, guint n)
{
    qtest_drain_async(qt);
    return n < CYC_QTEST_MAX_IRQ ? qt->irq_raises[n] : 0;
}

guint64 cyc_qtest_alloc(CycQtest *qt, gsize size, gsize align)
{
    guint64 addr;

    if (align == 0) {
        align = 64;
    }
    g_return_val_if_fail((align & (align - 1)) == 0, 0);
    addr = (qt->alloc_next + align - 1) & ~(guint64)(align - 1);
    if (addr >= CYC_QTEST_RAM_END || size > CYC_QTEST_RAM_END - addr) {
        return 0;
    }
    qt->alloc_next = addr + size;
    return addr;
}

/* PCI configuration mechanism #1, bus 0. */

static gboolean pci_select(CycQtest *qt, guint devfn, guint8 off,
                           GError **error)
{
    guint32 addr = PCI_CFG_ENABLE | (devfn & 0xffu) << 8 | (off & 0xfcu);

    return cyc_qtest_outl(qt, PCI_CFG_ADDR, addr, error);
}

guint8 cyc_qtest_pci_cfg_readb(CycQtest *qt, guint devfn, guint8 off,
                               GError **error)
{
    if (!pci_select(qt, devfn, off, error)) {
        return 0xff;
    }
    return cyc_qtest_inb(qt, PCI_CFG_DATA + (off & 3), error);
}

guint16 cyc_qtest_pci_cfg_readw(CycQtest *qt, guint devfn, guint8 off,
                                GError **error)
{
    if (!pci_select(qt, devfn, off, error)) {
        return 0xffff;
    }
    return cyc_qtest_inw(qt, PCI_CFG_DATA + (off & 2), error);
}

guint32 cyc_qtest_pci_cfg_readl(CycQtest *qt, guint devfn, guint8 off,
                                GError **error)
{
    if (!pci_select(qt, devfn, off, error)) {
        return 0xffffffffu;
    }
    return cyc_qtest_inl(qt, PCI_CFG_DATA, error);
}

gboolean cyc_qtest_pci_cfg_writeb(CycQtest *qt, guint devfn, guint8 off,
                                  guint8 val, GError **error)
{
    return pci_select(qt, devfn, off, error) &&
           cyc_qtest_outb(qt, PCI_CFG_DATA + (off & 3), val, error);
}

gboolean cyc_qtest_pci_cfg_writew(CycQtest *qt, guint devfn, guint8 off,
                                  guint16 val, GError **error)
{
    return pci_select(qt, devfn, off, error) &&
           cyc_qtest_outw(qt, PCI_CFG_DATA + (off & 2), val, error);
}

gboolean cyc_qtest_pci_cfg_writel(CycQtest *qt, guint devfn, guint8 off,
                                  guint32 val, GError **error)
{
    return pci_select(qt, devfn, off, error) &&
           cyc_qtest_outl(qt, PCI_CFG_DATA, val, error);
}

gboolean cyc_qtest_pci_find(CycQtest *qt, guint16 vendor, guint16 device,
                            guint *devfn, GError **error)
{
    guint slot;
    guint fn;

    for (slot = 0; slot < 32; slot++) {
        for (fn = 0; fn < 8; fn++) {
            GError *local = NULL;
            guint df = slot << 3 | fn;
            guint32 id = cyc_qtest_pci_cfg_readl(qt, df, PCI_VENDOR_ID,
                                                 &local);
            guint8 hdr;

            if (local) {
                g_propagate_error(error, local);
                return FALSE;
            }
            if (id == 0xffffffffu) {
                if (fn == 0) {
                    break;
                }
                continue;
            }
            if ((id & 0xffffu) == vendor && id >> 16 == device) {
                *devfn = df;
                return TRUE;
            }
            if (fn == 0) {
                hdr = cyc_qtest_pci_cfg_readb(qt, df, PCI_HEADER_TYPE, &local);
                if (local) {
                    g_propagate_error(error, local);
                    return FALSE;
                }
                if (!(hdr & 0x80)) {
                    break;
                }
            }
        }
    }
    g_set_error(error, CYC_ERROR, CYC_ERROR_NOT_FOUND,
                "no PCI device %04x:%04x on bus 0", vendor, device);
    return FALSE;
}

guint8 cyc_qtest_pci_find_cap(CycQtest *qt, guint devfn, guint8 cap_id,
                              GError **error)
{
    GError *local = NULL;
    guint16 status = cyc_qtest_pci_cfg_readw(qt, devfn, PCI_STATUS, &local);
    guint8 ptr;
    guint hops;

    if (local || !(status & PCI_STATUS_CAP_LIST)) {
        if (local) {
            g_propagate_error(error, local);
        }
        return 0;
    }
    ptr = cyc_qtest_pci_cfg_readb(qt, devfn, PCI_CAP_PTR, &local) & 0xfc;
    /* 48 hops is more than 256 bytes of 4-byte-aligned capabilities. */
    for (hops = 0; ptr && !local && hops < 48; hops++) {
        if (cyc_qtest_pci_cfg_readb(qt, devfn, ptr, &local) == cap_id &&
            !local) {
            return ptr;
        }
        ptr = cyc_qtest_pci_cfg_readb(qt, devfn, ptr + 1, &local) & 0xfc;
    }
    if (local) {
        g_propagate_error(error, local);
    }
    return 0;
}

guint64 cyc_qtest_pci_bar_size(CycQtest *qt, guint devfn, guint bar,
                               GError **error)
{
    GError *local = NULL;
    guint8 off = PCI_BAR0 + 4 * bar;
    guint16 cmd = cyc_qtest_pci_cfg_readw(qt, devfn, PCI_COMMAND, &local);
    guint32 orig = cyc_qtest_pci_cfg_readl(qt, devfn, off, &local);
    guint32 lo;
    guint64 mask;

    if (local) {
        g_propagate_error(error, local);
        return 0;
    }
    if (orig & PCI_BAR_IO) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "BAR%u of %02x.%x is an I/O BAR", bar, devfn >> 3,
                    devfn & 7);
        return 0;
    }
    /* Decoding off while the BAR holds all-ones, as firmware does. */
    cyc_qtest_pci_cfg_writew(qt, devfn, PCI_COMMAND,
                             cmd & ~PCI_COMMAND_MEMORY, &local);
    cyc_qtest_pci_cfg_writel(qt, devfn, off, 0xffffffffu, &local);
    lo = cyc_qtest_pci_cfg_readl(qt, devfn, off, &local);
    mask = 0xffffffff00000000ull | lo;
    if (orig & PCI_BAR_MEM_64) {
        guint32 orig_hi = cyc_qtest_pci_cfg_readl(qt, devfn, off + 4, &local);
        guint32 hi;

        cyc_qtest_pci_cfg_writel(qt, devfn, off + 4, 0xffffffffu, &local);
        hi = cyc_qtest_pci_cfg_readl(qt, devfn, off + 4, &local);
        cyc_qtest_pci_cfg_writel(qt, devfn, off + 4, orig_hi, &local);
        mask = (guint64)hi << 32 | lo;
    }
    cyc_qtest_pci_cfg_writel(qt, devfn, off, orig, &local);
    cyc_qtest_pci_cfg_writew(qt, devfn, PCI_COMMAND, cmd, &local);
    if (local) {
        g_propagate_error(error, local);
        return 0;
    }
    mask &= PCI_BAR_MEM_MASK;
    return mask ? ~mask + 1 : 0;
}

guint64 cyc_qtest_pci_map_bar0(CycQtest *qt, guint devfn, GError **error)
{
    GError *local = NULL;
    guint32 bar = cyc_qtest_pci_cfg_readl(qt, devfn, PCI_BAR0, &local);
    guint16 cmd;

    if (local) {
        g_propagate_error(error, local);
        return 0;
    }
    if (bar & PCI_BAR_IO) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "BAR0 of %02x.%x is an I/O BAR", devfn >> 3, devfn & 7);
        return 0;
    }
    cyc_qtest_pci_cfg_writel(qt, devfn, PCI_BAR0, CYC_QTEST_BAR0_ADDR, &local);
    if (bar & PCI_BAR_MEM_64) {
        cyc_qtest_pci_cfg_writel(qt, devfn, PCI_BAR0 + 4, 0, &local);
    }
    cmd = cyc_qtest_pci_cfg_readw(qt, devfn, PCI_COMMAND, &local);
    cyc_qtest_pci_cfg_writew(qt, devfn, PCI_COMMAND,
                             cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER,
                             &local);
    bar = cyc_qtest_pci_cfg_readl(qt, devfn, PCI_BAR0, &local);
    if (local) {
        g_propagate_error(error, local);
        return 0;
    }
    if ((bar & PCI_BAR_MEM_MASK) != CYC_QTEST_BAR0_ADDR) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "BAR0 of %02x.%x reads 0x%08x after writing 0x%08x",
                    devfn >> 3, devfn & 7, bar, CYC_QTEST_BAR0_ADDR);
        return 0;
    }
    return CYC_QTEST_BAR0_ADDR;
}

gboolean cyc_qtest_pci_route_intx(CycQtest *qt, guint devfn, guint8 irq,
                                  GError **error)
{
    GError *local = NULL;
    guint8 pin = cyc_qtest_pci_cfg_readb(qt, devfn, PCI_INTERRUPT_PIN, &local);
    guint pirq;

    if (local) {
        g_propagate_error(error, local);
        return FALSE;
    }
    if (pin < 1 || pin > 4) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "%02x.%x has no INTx pin (INTERRUPT_PIN %u)", devfn >> 3,
                    devfn & 7, pin);
        return FALSE;
    }
    /* PIIX3 swizzle: INTA of slot N lands on PIRQ (N - 1) mod 4. */
    pirq = ((devfn >> 3) + pin - 2) & 3;
    return cyc_qtest_pci_cfg_writeb(qt, PIIX3_DEVFN, PIIX3_PIRQ_ROUTE + pirq,
                                    irq, error) &&
           cyc_qtest_pci_cfg_writeb(qt, devfn, PCI_INTERRUPT_LINE, irq, error);
}

gboolean cyc_qtest_pci_msi_enable(CycQtest *qt, guint devfn, guint64 addr,
                                  guint16 data, GError **error)
{
    GError *local = NULL;
    guint8 cap = cyc_qtest_pci_find_cap(qt, devfn, PCI_CAP_ID_MSI, &local);
    guint16 flags;

    if (local) {
        g_propagate_error(error, local);
        return FALSE;
    }
    if (!cap) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_NOT_FOUND,
                    "%02x.%x has no MSI capability", devfn >> 3, devfn & 7);
        return FALSE;
    }
    flags = cyc_qtest_pci_cfg_readw(qt, devfn, cap + PCI_MSI_FLAGS, &local);
    cyc_qtest_pci_cfg_writel(qt, devfn, cap + PCI_MSI_ADDR_LO,
                             (guint32)addr, &local);
    if (flags & PCI_MSI_FLAGS_64) {
        cyc_qtest_pci_cfg_writel(qt, devfn, cap + PCI_MSI_ADDR_HI,
                                 (guint32)(addr >> 32), &local);
        cyc_qtest_pci_cfg_writew(qt, devfn, cap + PCI_MSI_DATA_64, data,
                                 &local);
    } else if (addr >> 32) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "MSI of %02x.%x is 32-bit; address 0x%" G_GINT64_MODIFIER
                    "x too high", devfn >> 3, devfn & 7, addr);
        g_clear_error(&local);
        return FALSE;
    } else {
        cyc_qtest_pci_cfg_writew(qt, devfn, cap + PCI_MSI_DATA_32, data,
                                 &local);
    }
    /* One vector: Multiple Message Enable stays 0. */
    cyc_qtest_pci_cfg_writew(qt, devfn, cap + PCI_MSI_FLAGS,
                             (flags & ~0x0070u) | PCI_MSI_FLAGS_EN, &local);
    if (local) {
        g_propagate_error(error, local);
        return FALSE;
    }
    return TRUE;
}
