/* SPDX-License-Identifier: MIT */
/*
 * Device suite, the MIDI UART (docs/cycaudio.rst "MIDI UART"): the MPU-401
 * ports on I/O BAR1, its MMIO control block, the wire timing on the virtual
 * clock (TX byte k of a burst leaves at t0 + (k + 1) * CYC_MIDI_BYTE_NS, RX
 * alike), status bits, the reset/UART handshake, RX from a socket chardev with
 * its level interrupt (INTx and MSI), overrun, LOOP and a hostile guest.
 */
/* F_SETPIPE_SZ */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "device-common.h"

#define TCASE_TIMEOUT_S     120.0
#define AUDIODEV_NONE       "none,id=snd0,timer-period=2000"
#define MPU_PORT            0xc000u
#define MSI_DATA            0x4b
#define BYTE_NS             ((gint64)CYC_MIDI_BYTE_NS)
#define DEPTH               CYC_MIDI_FIFO_DEPTH
#define FILE_CHARDEV        "-chardev", "file,id=m0,path=%d/tx.bin"
#define SOCK_CHARDEV \
    "-chardev", "socket,id=m0,path=%d/midi.sock,server=on,wait=off"

static void mpu_map(Dev *d)
{
    g_autoptr(GError) err = NULL;
    guint16 cmd;

    ck_assert(cyc_qtest_pci_cfg_writel(d->qt, d->devfn, PCI_CFG_BAR1,
                                       MPU_PORT, &err));
    cmd = cyc_qtest_pci_cfg_readw(d->qt, d->devfn, PCI_CFG_COMMAND, &err);
    ck_assert(cyc_qtest_pci_cfg_writew(d->qt, d->devfn, PCI_CFG_COMMAND,
                                       cmd | PCI_CMD_IO, &err));
    ck_assert_msg(err == NULL, "map BAR1: %s", err ? err->message : "");
}

static guint8 mpu_in(Dev *d, guint port)
{
    g_autoptr(GError) err = NULL;
    guint8 v = cyc_qtest_inb(d->qt, MPU_PORT + port, &err);

    ck_assert_msg(err == NULL, "inb: %s", err ? err->message : "");
    return v;
}

static void mpu_out(Dev *d, guint port, guint8 v)
{
    g_autoptr(GError) err = NULL;

    ck_assert_msg(cyc_qtest_outb(d->qt, MPU_PORT + port, v, &err), "outb: %s",
                  err ? err->message : "");
}

static Dev *midi_launch(const char *name, const char *props,
                        const char *const *extra)
{
    g_autofree char *all = g_strconcat("id=cyc", props ? "," : "", props,
                                       NULL);
    Dev *d = dev_launch(name, AUDIODEV_NONE, all, extra);

    mpu_map(d);
    return d;
}

/* One command and its ACK, read back the way a driver polls for it. */
static void mpu_command_acked(Dev *d, guint8 cmd)
{
    mpu_out(d, CYC_MPU_COMMAND, cmd);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS) & CYC_MPU_STATUS_DSR_MASK, 0);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_DATA), CYC_MPU_ACK);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), CYC_MPU_STATUS_DSR_MASK);
}

static void mpu_enter_uart(Dev *d)
{
    mpu_command_acked(d, CYC_MPU_CMD_RESET);
    mpu_command_acked(d, CYC_MPU_CMD_UART);
    ck_assert(CYC_GET(dev_rd(d, CYC_MIDI_STS), CYC_MIDI_STS_UART));
}

static gsize file_len(Dev *d, const char *file, guint8 *out, gsize max)
{
    g_autofree char *path = dev_path(d, file);
    g_autofree char *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, NULL)) {
        return 0;
    }
    if (out) {
        memcpy(out, data, MIN(len, max));
    }
    return len;
}

static int sock_connect(Dev *d)
{
    g_autofree char *path = dev_path(d, "midi.sock");
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    ck_assert_int_ge(fd, 0);
    ck_assert_uint_lt(strlen(path), sizeof(sa.sun_path));
    strcpy(sa.sun_path, path);
    ck_assert_msg(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0,
                  "connect %s: %s", path, g_strerror(errno));
    return fd;
}

static gint64 qom_int(Dev *d, const char *prop)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *args = NULL;
    g_autoptr(JsonNode) r = NULL;

    args = g_strdup_printf("{\"path\": \"/machine/peripheral/cyc\", "
                           "\"property\": \"%s\"}", prop);
    r = cyc_qemu_qmp(d->q, "qom-get", args, &err);
    ck_assert_msg(r, "qom-get %s: %s", prop, err ? err->message : "?");
    return json_node_get_int(r);
}

static guint wire_level(Dev *d)
{
    return qom_int(d, "x-midi-wire-level");
}

/*
 * Sends @n bytes into the socket and waits until QEMU holds @level bytes on
 * the RX wire: the virtual clock stands still meanwhile, so every byte was
 * received at the same virtual time.
 */
static void sock_feed(Dev *d, int fd, const guint8 *buf, guint n, guint level)
{
    gint64 until = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;

    ck_assert_int_eq(write(fd, buf, n), n);
    while (wire_level(d) < level) {
        ck_assert_msg(g_get_monotonic_time() < until, "QEMU took %u of %u "
                      "bytes from the socket", wire_level(d), level);
        g_usleep(5000);
    }
}

/*
 * Bytes first..count-1 of an RX burst that started at t0 (the FIFO not read
 * meanwhile): byte k is not in the FIFO 1 ns before t0 + (k+1) byte times and
 * is at that instant.
 */
static void expect_rx_arrivals(Dev *d, gint64 t0, guint first, guint count)
{
    guint k;

    for (k = first; k < count; k++) {
        dev_step(d, t0 + (gint64)(k + 1) * BYTE_NS - 1 - dev_now(d));
        ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_MIDI_STS),
                                  CYC_MIDI_STS_RXLVL), k);
        dev_step(d, 1);
        ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_MIDI_STS),
                                  CYC_MIDI_STS_RXLVL), k + 1);
    }
}

/*
 * A burst of DEPTH bytes written at t0: byte k reaches the chardev at exactly
 * t0 + (k + 1) * 320000 ns, not 1 ns earlier; DRR is set while the FIFO is
 * full and a byte written then is lost; a byte written mid-burst joins it; a
 * byte after the burst starts a new one from its own write time.
 */
START_TEST(test_midi_tx_timing)
{
    const char *extra[] = { FILE_CHARDEV, NULL };
    g_autoptr(Dev) d = midi_launch("device/midi-tx-timing", "midi=m0", extra);
    guint8 want[DEPTH + 2], got[DEPTH + 8];
    gint64 t0, t1;
    guint k;

    mpu_enter_uart(d);
    t0 = dev_now(d);
    for (k = 0; k < DEPTH; k++) {
        want[k] = (guint8)(k * 7 + 1);
        ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS) & CYC_MPU_STATUS_DRR_MASK,
                          0);
        mpu_out(d, CYC_MPU_DATA, want[k]);
    }
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS),
                      CYC_MPU_STATUS_DSR_MASK | CYC_MPU_STATUS_DRR_MASK);
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_MIDI_STS), CYC_MIDI_STS_TXLVL),
                      DEPTH);
    mpu_out(d, CYC_MPU_DATA, 0xee);     /* DRR = 1: lost */
    for (k = 0; k < DEPTH; k++) {
        gint64 due = t0 + (gint64)(k + 1) * BYTE_NS;

        dev_step(d, due - 1 - dev_now(d));
        ck_assert_msg(file_len(d, "tx.bin", NULL, 0) == k,
                      "byte %u out before %" G_GINT64_FORMAT, k, due - t0);
        dev_step(d, 1);
        ck_assert_msg(file_len(d, "tx.bin", NULL, 0) == k + 1,
                      "byte %u not out at %" G_GINT64_FORMAT, k, due - t0);
        ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_MIDI_STS),
                                  CYC_MIDI_STS_TXLVL),
                          DEPTH - 1 - k + (k == DEPTH - 1));
        if (k == 0) {
            ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS),
                              CYC_MPU_STATUS_DSR_MASK);
        }
        if (k == DEPTH - 2) {
            /* joins the burst: leaves one byte time after the last one */
            want[DEPTH] = 0x90;
            mpu_out(d, CYC_MPU_DATA, want[DEPTH]);
        }
    }
    dev_step(d, t0 + (DEPTH + 1) * BYTE_NS - 1 - dev_now(d));
    ck_assert_uint_eq(file_len(d, "tx.bin", NULL, 0), DEPTH);
    dev_step(d, 1);
    ck_assert_uint_eq(file_len(d, "tx.bin", NULL, 0), DEPTH + 1);

    dev_step(d, 1234567);
    t1 = dev_now(d);
    want[DEPTH + 1] = 0x3c;
    mpu_out(d, CYC_MPU_DATA, want[DEPTH + 1]);
    dev_step(d, BYTE_NS - 1);
    ck_assert_uint_eq(file_len(d, "tx.bin", NULL, 0), DEPTH + 1);
    dev_step(d, 1);
    ck_assert_int_eq(dev_now(d), t1 + BYTE_NS);
    ck_assert_uint_eq(file_len(d, "tx.bin", got, sizeof(got)), DEPTH + 2);
    ck_assert_mem_eq(got, want, DEPTH + 2);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_UART, 1));
}
END_TEST

/*
 * Power-on (intelligent) mode drops data and acknowledges every command;
 * UART mode ignores commands but RESET; RESET mid-burst empties the TX FIFO
 * (nothing more reaches the chardev) and the RX FIFO but for its ACK; GRST
 * returns the whole UART to power-on.
 */
START_TEST(test_midi_handshake_and_reset)
{
    const char *extra[] = { FILE_CHARDEV, NULL };
    g_autoptr(Dev) d = midi_launch("device/midi-handshake", "midi=m0", extra);
    guint8 got[8];

    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_CAPS), CYC_CAPS_MIDI), 1);
    /* The UART is there from 1.1 on: any later minor keeps it. */
    ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_REG_VERSION), CYC_VERSION_MAJOR),
                      CYC_ABI_MAJOR);
    ck_assert_uint_ge(CYC_GET(dev_rd(d, CYC_REG_VERSION), CYC_VERSION_MINOR),
                      1);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), CYC_MPU_STATUS_DSR_MASK);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_DATA), 0);
    ck_assert_uint_eq(mpu_in(d, 2), 0);
    ck_assert_uint_eq(mpu_in(d, 3), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS), 0);

    /* intelligent mode */
    mpu_out(d, CYC_MPU_DATA, 0x90);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS), 0);
    mpu_command_acked(d, 0xac);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS), 0);
    mpu_command_acked(d, CYC_MPU_CMD_UART);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_UART, 1));

    /* UART mode: 0x3f and others ignored, no ACK */
    mpu_out(d, CYC_MPU_COMMAND, CYC_MPU_CMD_UART);
    mpu_out(d, CYC_MPU_COMMAND, 0xac);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), CYC_MPU_STATUS_DSR_MASK);

    /* RESET in the middle of a burst: byte 0 left, the rest never will */
    mpu_out(d, CYC_MPU_DATA, 0x90);
    mpu_out(d, CYC_MPU_DATA, 0x40);
    mpu_out(d, CYC_MPU_DATA, 0x7f);
    dev_step(d, BYTE_NS + BYTE_NS / 2);
    mpu_out(d, CYC_MPU_COMMAND, CYC_MPU_CMD_RESET);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_RXLVL, 1));
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_DATA), CYC_MPU_ACK);
    dev_step(d, 10 * BYTE_NS);
    ck_assert_uint_eq(file_len(d, "tx.bin", got, sizeof(got)), 1);
    ck_assert_uint_eq(got[0], 0x90);
    mpu_out(d, CYC_MPU_DATA, 0x91);     /* intelligent again: dropped */
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS), 0);

    /* GRST in the middle of a burst, with everything set */
    mpu_enter_uart(d);
    dev_wr(d, CYC_MIDI_CTL, CYC_MIDI_CTL_EN_MASK | CYC_MIDI_CTL_RXIE_MASK |
           CYC_MIDI_CTL_LOOP_MASK | 0xf0u);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_CTL),
                      CYC_MIDI_CTL_EN_MASK | CYC_MIDI_CTL_RXIE_MASK |
                      CYC_MIDI_CTL_LOOP_MASK);
    dev_wr(d, CYC_MIDI_CTL, 0);
    mpu_out(d, CYC_MPU_DATA, 0x80);
    mpu_out(d, CYC_MPU_DATA, 0x81);
    dev_step(d, BYTE_NS / 2);
    dev_wr(d, CYC_REG_GCTL, CYC_GCTL_GRST_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_CTL), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_OVRCNT), 0);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), CYC_MPU_STATUS_DSR_MASK);
    dev_step(d, 10 * BYTE_NS);
    ck_assert_uint_eq(file_len(d, "tx.bin", NULL, 0), 1);
}
END_TEST

/*
 * Bytes written into the socket cross the wire into the RX FIFO at t0 +
 * (k + 1) * 320000; INTSTS.MIDI is a level from the first arrival until the
 * FIFO is drained, through INTx or one MSI; TX bytes come out of the socket.
 */
START_TEST(test_midi_rx_irq)
{
    const gboolean msi = _i == 1;
    const char *extra[] = { SOCK_CHARDEV, NULL };
    g_autoptr(Dev) d = midi_launch(msi ? "device/midi-rx-msi" :
                                   "device/midi-rx-intx",
                                   msi ? "midi=m0,msi=on" : "midi=m0,msi=off",
                                   extra);
    g_autoptr(GError) err = NULL;
    const guint8 in[5] = { 0x90, 0x3c, 0x64, 0x80, 0x3c };
    guint8 back[3];
    int fd = sock_connect(d);
    gint64 t0;
    guint k;

    ck_assert(cyc_qtest_pci_route_intx(d->qt, d->devfn, DEV_INTX_IRQ, &err));
    ck_assert(cyc_qtest_irq_intercept(d->qt, "ioapic", &err));
    if (msi) {
        ck_assert(cyc_qtest_pci_msi_enable(d->qt, d->devfn, DEV_MSI_ADDR,
                                           MSI_DATA, &err));
    }
    dev_ram_writel(d, DEV_MSI_ADDR, 0);
    mpu_enter_uart(d);
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK | CYC_INTCTL_MIDI_MASK);
    dev_wr(d, CYC_MIDI_CTL, CYC_MIDI_CTL_EN_MASK | CYC_MIDI_CTL_RXIE_MASK);

    sock_feed(d, fd, in, sizeof(in), sizeof(in));
    t0 = dev_now(d);
    dev_step(d, BYTE_NS - 1);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS), 0);
    dev_step(d, 1);
    if (msi) {
        ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), MSI_DATA);
        dev_ram_writel(d, DEV_MSI_ADDR, 0);
    } else {
        ck_assert(cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    }
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS),
                      CYC_INTSTS_MIDI_MASK | CYC_INTSTS_GIS_MASK);
    expect_rx_arrivals(d, t0, 1, sizeof(in));
    /* a level: no second MSI while it stays pending */
    ck_assert_uint_eq(dev_ram_readl(d, DEV_MSI_ADDR), 0);
    for (k = 0; k < sizeof(in); k++) {
        ck_assert(msi || cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
        ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), 0);
        ck_assert_uint_eq(mpu_in(d, CYC_MPU_DATA), in[k]);
    }
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), CYC_MPU_STATUS_DSR_MASK);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_UART, 1));

    /* RXIE or INTCTL.MIDI off: a byte in the FIFO interrupts nobody */
    dev_wr(d, CYC_MIDI_CTL, CYC_MIDI_CTL_EN_MASK);
    sock_feed(d, fd, in, 1, 1);
    dev_step(d, BYTE_NS);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS), 0);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    dev_wr(d, CYC_MIDI_CTL, CYC_MIDI_CTL_EN_MASK | CYC_MIDI_CTL_RXIE_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS),
                      CYC_INTSTS_MIDI_MASK | CYC_INTSTS_GIS_MASK);
    dev_wr(d, CYC_REG_INTCTL, CYC_INTCTL_GIE_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS), 0);
    ck_assert(!cyc_qtest_get_irq(d->qt, DEV_INTX_IRQ));
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_DATA), in[0]);

    /* TX to the socket */
    mpu_out(d, CYC_MPU_DATA, 0xc0);
    mpu_out(d, CYC_MPU_DATA, 0x05);
    mpu_out(d, CYC_MPU_DATA, 0xf8);
    dev_step(d, 3 * BYTE_NS);
    ck_assert_int_eq(read(fd, back, sizeof(back)), sizeof(back));
    ck_assert_uint_eq(back[0], 0xc0);
    ck_assert_uint_eq(back[1], 0x05);
    ck_assert_uint_eq(back[2], 0xf8);
    close(fd);
}
END_TEST

/*
 * 100 bytes without a reader: the first DEPTH enter the FIFO, the 36 after
 * are lost (RXOVR, OVRCNT = 36); with EN = 0 the chardev is not read at all.
 */
START_TEST(test_midi_rx_overrun)
{
    const char *extra[] = { SOCK_CHARDEV, NULL };
    g_autoptr(Dev) d = midi_launch("device/midi-overrun", "midi=m0", extra);
    guint8 in[100];
    int fd = sock_connect(d);
    guint k;

    for (k = 0; k < sizeof(in); k++) {
        in[k] = (guint8)(k + 3);
    }
    mpu_enter_uart(d);
    ck_assert_int_eq(write(fd, in, 10), 10);
    g_usleep(200000);
    ck_assert_uint_eq(wire_level(d), 0);    /* EN = 0: not taken */
    dev_wr(d, CYC_MIDI_CTL, CYC_MIDI_CTL_EN_MASK);
    sock_feed(d, fd, in + 10, sizeof(in) - 10, sizeof(in));
    dev_step(d, (sizeof(in) - 1) * BYTE_NS);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_UART, 1) |
                      CYC_SET(0u, CYC_MIDI_STS_RXLVL, DEPTH) |
                      CYC_MIDI_STS_RXOVR_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_OVRCNT), sizeof(in) - DEPTH - 1);
    dev_step(d, BYTE_NS);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_OVRCNT), sizeof(in) - DEPTH);
    for (k = 0; k < DEPTH; k++) {
        ck_assert_uint_eq(mpu_in(d, CYC_MPU_DATA), in[k]);
    }
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), CYC_MPU_STATUS_DSR_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_UART, 1) |
                      CYC_MIDI_STS_RXOVR_MASK);
    dev_wr(d, CYC_MIDI_STS, CYC_MIDI_STS_RXOVR_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_UART, 1));
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_OVRCNT), sizeof(in) - DEPTH);
    close(fd);
}
END_TEST

/* LOOP: byte k written at t0 is in RX at t0 + (k + 1) * 320000, not out. */
START_TEST(test_midi_loop)
{
    const char *extra[] = { FILE_CHARDEV, NULL };
    g_autoptr(Dev) d = midi_launch("device/midi-loop", "midi=m0", extra);
    const guint8 out[3] = { 0xf0, 0x7e, 0xf7 };
    gint64 t0;
    guint k;

    mpu_enter_uart(d);
    dev_wr(d, CYC_MIDI_CTL, CYC_MIDI_CTL_LOOP_MASK);
    t0 = dev_now(d);
    for (k = 0; k < sizeof(out); k++) {
        mpu_out(d, CYC_MPU_DATA, out[k]);
    }
    expect_rx_arrivals(d, t0, 0, sizeof(out));
    for (k = 0; k < sizeof(out); k++) {
        ck_assert_uint_eq(mpu_in(d, CYC_MPU_DATA), out[k]);
    }
    ck_assert_uint_eq(file_len(d, "tx.bin", NULL, 0), 0);
}
END_TEST

/*
 * Migration in the middle of a TX burst with an ACK unread: the destination
 * sends the bytes not yet departed, each at t0 + (k + 1) * 320000 exactly,
 * and none of those the source already sent.
 */
START_TEST(test_midi_migration_mid_burst)
{
    const char *extra[] = { FILE_CHARDEV, NULL };
    g_autoptr(Dev) src = midi_launch("device/midi-migration-src", "midi=m0",
                                     extra);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("{\"uri\": \"exec:cat > '%s'\"}",
                                           state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { FILE_CHARDEV, "-incoming", in_uri, NULL };
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(Dev) dst = NULL;
    guint8 got[16];
    gint64 t0, t_mig;
    guint k;

    mpu_enter_uart(src);
    t0 = dev_now(src);
    for (k = 0; k < 10; k++) {
        mpu_out(src, CYC_MPU_DATA, (guint8)(0x40 + k));
    }
    dev_step(src, 3 * BYTE_NS + BYTE_NS / 2);
    ck_assert_uint_eq(file_len(src, "tx.bin", NULL, 0), 3);
    mpu_out(src, CYC_MPU_COMMAND, 0xac);    /* UART mode: ignored */
    dev_wr(src, CYC_MIDI_CTL, CYC_MIDI_CTL_RXIE_MASK);
    t_mig = dev_now(src);
    r = cyc_qemu_qmp(src->q, "migrate", uri, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    dev_wait_migrated(src, NULL);
    dev_quit(src);

    dst = dev_start("device/midi-migration-dst", AUDIODEV_NONE,
                    "id=cyc,midi=m0", in_extra);
    dst->bar = CYC_QTEST_BAR0_ADDR;
    dev_wait_migrated(NULL, dst);
    ck_assert(cyc_qtest_clock_set(dst->qt, t_mig, &err) >= t_mig);
    ck_assert_uint_eq(dev_rd(dst, CYC_MIDI_CTL), CYC_MIDI_CTL_RXIE_MASK);
    ck_assert_uint_eq(dev_rd(dst, CYC_MIDI_STS),
                      CYC_SET(0u, CYC_MIDI_STS_UART, 1) |
                      CYC_SET(0u, CYC_MIDI_STS_TXLVL, 7));
    for (k = 3; k < 10; k++) {
        gint64 due = t0 + (gint64)(k + 1) * BYTE_NS;

        dev_step(dst, due - 1 - dev_now(dst));
        ck_assert_uint_eq(file_len(dst, "tx.bin", NULL, 0), k - 3);
        dev_step(dst, 1);
        ck_assert_uint_eq(file_len(dst, "tx.bin", NULL, 0), k - 2);
    }
    ck_assert_uint_eq(file_len(dst, "tx.bin", got, sizeof(got)), 7);
    for (k = 0; k < 7; k++) {
        ck_assert_uint_eq(got[k], 0x43 + k);
    }
}
END_TEST

/*
 * A hostile migration stream: one field of the "cycaudio/midi" subsection
 * overwritten. Offsets count from the end of the subsection's version, in the
 * field order of vmstate_cycaudio_midi (big-endian). Refused loads exit with
 * status 1; accepted ones run and survive a second of virtual time.
 */
typedef struct MidiCorrupt {
    const char *name;
    guint off;
    guint len;
    guint64 val;
    gboolean accept;
} MidiCorrupt;

static const MidiCorrupt midi_corrupt[] = {
    { "ctl_reserved", 1, 4, 0x10, FALSE },
    { "tx_rd_depth", 10, 4, DEPTH, FALSE },
    { "tx_level_over", 14, 4, DEPTH + 1, FALSE },
    { "rx_level_over", 86, 4, G_MAXUINT32, FALSE },
    { "wire_level_over", 158, 4, 257, FALSE },
    { "tx_start_negative", 418, 8, G_GUINT64_CONSTANT(0x8000000000000000),
      FALSE },
    { "tx_done_rebase", 426, 4, 1u << 20, FALSE },
    { "rx_start_huge", 430, 8, G_MAXINT64, FALSE },
    { "ovrcnt_any", 6, 4, 12345, TRUE },
};

static void put_be(guint8 *p, guint64 val, guint len)
{
    guint i;

    for (i = 0; i < len; i++) {
        p[i] = val >> (8 * (len - 1 - i));
    }
}

START_TEST(test_midi_migration_corrupt)
{
    const MidiCorrupt *c = &midi_corrupt[_i];
    g_autofree char *name = g_strdup_printf("device/midi-corrupt-%s",
                                            c->name);
    g_autofree char *src_name = g_strconcat(name, "-src", NULL);
    g_autoptr(Dev) src = midi_launch(src_name, NULL, NULL);
    g_autofree char *state = dev_path(src, "state.bin");
    g_autofree char *uri = g_strdup_printf("{\"uri\": \"exec:cat > '%s'\"}",
                                           state);
    g_autofree char *in_uri = g_strdup_printf("exec:cat '%s'", state);
    const char *in_extra[] = { "-incoming", in_uri, NULL };
    const char tag[] = "cycaudio/midi";
    g_autoptr(GError) err = NULL;
    g_autoptr(JsonNode) r = NULL;
    g_autoptr(Dev) dst = NULL;
    g_autofree guint8 *buf = NULL;
    gsize len = 0, i, at = 0;
    gint64 until;
    int status = -1;

    mpu_enter_uart(src);
    mpu_out(src, CYC_MPU_DATA, 0x90);
    r = cyc_qemu_qmp(src->q, "migrate", uri, &err);
    ck_assert_msg(r, "migrate: %s", err ? err->message : "?");
    dev_wait_migrated(src, NULL);
    dev_quit(src);
    ck_assert(g_file_get_contents(state, (char **)&buf, &len, NULL));
    /* the first match: the JSON description at the end names it too */
    for (i = 0; !at && i + sizeof(tag) - 1 <= len; i++) {
        if (!memcmp(buf + i, tag, sizeof(tag) - 1)) {
            at = i + sizeof(tag) - 1 + 4;
        }
    }
    ck_assert_msg(at && at + c->off + c->len <= len, "no MIDI subsection");
    put_be(buf + at + c->off, c->val, c->len);
    ck_assert(g_file_set_contents(state, (const char *)buf, len, NULL));

    dst = dev_try_start(name, AUDIODEV_NONE, "id=cyc", in_extra, &err);
    if (!dst) {
        ck_assert_msg(!c->accept, "%s refused: %s", c->name, err->message);
        return;
    }
    until = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    while (g_get_monotonic_time() < until) {
        g_autoptr(GError) qerr = NULL;
        g_autoptr(JsonNode) st = NULL;

        status = cyc_qemu_exit_status(dst->q);
        if (status >= 0) {
            break;
        }
        st = cyc_qemu_qmp(dst->q, "query-status", NULL, &qerr);
        if (st && !g_strcmp0(json_object_get_string_member_with_default(
                                 json_node_get_object(st), "status", ""),
                             "running")) {
            break;
        }
        g_usleep(10000);
    }
    if (!c->accept) {
        ck_assert_msg(status == 1, "%s: load not refused (status %d)",
                      c->name, status);
        return;
    }
    ck_assert_msg(status < 0, "%s: exited %d", c->name, status);
    dst->bar = CYC_QTEST_BAR0_ADDR;
    dev_step(dst, DEV_NS);
    ck_assert_uint_eq(dev_rd(dst, CYC_MIDI_OVRCNT), 12345);
    ck_assert_uint_eq(dev_rd(dst, CYC_REG_ID), CYC_ID_VALUE);
}
END_TEST

/*
 * A pipe chardev nobody reads, its buffer shrunk to one page: the device
 * never blocks (qtest keeps answering), the guest's timing is unchanged, the
 * pipe holds exactly the first PIPE_BYTES bytes and every later byte is
 * counted lost; once the reader drains it, bytes flow again.
 */
#define PIPE_BYTES  4096u
#define PIPE_EXTRA  256u

START_TEST(test_midi_tx_blocked_chardev)
{
    const char *base = g_getenv("CYC_ARTIFACTS");
    g_autofree char *dir = g_build_filename(base && *base ? base :
                                            "cyc-artifacts",
                                            "device/midi-blocked-pipe",
                                            NULL);
    g_autofree char *fin = g_build_filename(dir, "midi.in", NULL);
    g_autofree char *fout = g_build_filename(dir, "midi.out", NULL);
    g_autofree char *chardev = g_strdup_printf("pipe,id=m0,path=%s/midi",
                                               dir);
    const char *extra[] = { "-chardev", chardev, NULL };
    g_autoptr(Dev) d = NULL;
    g_autofree guint8 *got = g_malloc(PIPE_BYTES + PIPE_EXTRA);
    guint8 tail[4];
    gint64 t0;
    guint n = 0, k;
    int fd;

    /* not the artifact folder: the launcher empties that one */
    g_mkdir_with_parents(dir, 0700);
    unlink(fin);
    unlink(fout);
    ck_assert_int_eq(mkfifo(fin, 0600), 0);
    ck_assert_int_eq(mkfifo(fout, 0600), 0);
    d = midi_launch("device/midi-blocked", "midi=m0", extra);
    fd = open(fout, O_RDONLY | O_NONBLOCK);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fcntl(fd, F_SETPIPE_SZ, PIPE_BYTES), PIPE_BYTES);

    mpu_enter_uart(d);
    while (n < PIPE_BYTES + PIPE_EXTRA) {
        t0 = dev_now(d);
        for (k = 0; k < DEPTH; k++, n++) {
            mpu_out(d, CYC_MPU_DATA, (guint8)(n * 13 + n / 256));
        }
        dev_step(d, DEPTH * BYTE_NS - 1);
        ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_MIDI_STS),
                                  CYC_MIDI_STS_TXLVL), 1);
        dev_step(d, 1);
        ck_assert_int_eq(dev_now(d), t0 + DEPTH * BYTE_NS);
        ck_assert_uint_eq(CYC_GET(dev_rd(d, CYC_MIDI_STS),
                                  CYC_MIDI_STS_TXLVL), 0);
    }
    ck_assert_int_eq(qom_int(d, "x-midi-tx-lost"), PIPE_EXTRA);
    ck_assert_int_eq(read(fd, got, PIPE_BYTES + PIPE_EXTRA), PIPE_BYTES);
    for (k = 0; k < PIPE_BYTES; k++) {
        ck_assert_uint_eq(got[k], (guint8)(k * 13 + k / 256));
    }
    mpu_out(d, CYC_MPU_DATA, 0xfa);
    mpu_out(d, CYC_MPU_DATA, 0xfc);
    dev_step(d, 2 * BYTE_NS);
    ck_assert_int_eq(read(fd, tail, sizeof(tail)), 2);
    ck_assert_uint_eq(tail[0], 0xfa);
    ck_assert_uint_eq(tail[1], 0xfc);
    ck_assert_int_eq(qom_int(d, "x-midi-tx-lost"), PIPE_EXTRA);
    close(fd);
}
END_TEST

static guint32 xorshift(guint32 *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/*
 * Random commands, bytes and access sizes on the ports and the MMIO block,
 * GRST and clock steps, without a chardev (and with LOOP feeding RX): QEMU
 * stays up, and after GRST the UART is as at power-on.
 */
START_TEST(test_midi_hostile_guest)
{
    g_autoptr(Dev) d = midi_launch("device/midi-hostile", NULL, NULL);
    g_autoptr(GError) err = NULL;
    guint32 x = 0x9e3779b9u;
    guint i;

    for (i = 0; i < 4000; i++) {
        guint32 r = xorshift(&x);
        guint port = MPU_PORT + (r >> 8) % 4;
        guint32 v = xorshift(&x);

        switch (r % 12) {
        case 0:
        case 1:
            cyc_qtest_outb(d->qt, port, v, &err);
            break;
        case 2:
            cyc_qtest_outb(d->qt, MPU_PORT + 1, (v & 1) ? 0x3f : 0xff, &err);
            break;
        case 3:
            cyc_qtest_inb(d->qt, port, &err);
            break;
        case 4:
            cyc_qtest_outw(d->qt, port & ~1u, v, &err);
            break;
        case 5:
            cyc_qtest_outl(d->qt, MPU_PORT, v, &err);
            break;
        case 6:
            cyc_qtest_inl(d->qt, MPU_PORT, &err);
            break;
        case 7:
            dev_wr(d, CYC_MIDI_BASE + (v % 5) * 4, xorshift(&x));
            break;
        case 8:
            dev_rd(d, CYC_MIDI_BASE + (v % 5) * 4);
            break;
        case 9:
            dev_step(d, v % (3 * BYTE_NS));
            break;
        case 10:
            dev_wr(d, CYC_REG_INTCTL, v);
            break;
        default:
            if (v % 50 == 0) {
                dev_wr(d, CYC_REG_GCTL, CYC_GCTL_GRST_MASK);
            }
            break;
        }
        ck_assert_msg(err == NULL, "op %u: %s", i, err ? err->message : "");
    }
    ck_assert_uint_eq(dev_rd(d, CYC_REG_ID), CYC_ID_VALUE);
    dev_wr(d, CYC_REG_GCTL, CYC_GCTL_GRST_MASK);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_STS), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_CTL), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_MIDI_OVRCNT), 0);
    ck_assert_uint_eq(dev_rd(d, CYC_REG_INTSTS), 0);
    ck_assert_uint_eq(mpu_in(d, CYC_MPU_STATUS), CYC_MPU_STATUS_DSR_MASK);
    dev_step(d, 100 * BYTE_NS);
    mpu_enter_uart(d);
}
END_TEST

static Suite *device_midi_suite(void)
{
    Suite *s = suite_create("device-midi");
    TCase *tc;

    tc = cyc_tcase_new("uart", TCASE_TIMEOUT_S);
    tcase_add_test(tc, test_midi_tx_timing);
    tcase_add_test(tc, test_midi_handshake_and_reset);
    tcase_add_loop_test(tc, test_midi_rx_irq, 0, 2);
    tcase_add_test(tc, test_midi_rx_overrun);
    tcase_add_test(tc, test_midi_loop);
    tcase_add_test(tc, test_midi_hostile_guest);
    tcase_add_test(tc, test_midi_tx_blocked_chardev);
    tcase_add_test(tc, test_midi_migration_mid_burst);
    tcase_add_loop_test(tc, test_midi_migration_corrupt, 0,
                        G_N_ELEMENTS(midi_corrupt));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cyc_run_suite(device_midi_suite());
}
