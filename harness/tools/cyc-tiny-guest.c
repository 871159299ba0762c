/* SPDX-License-Identifier: MIT */
/*
 * cyc-tiny-guest OUT.elf EXIT_VALUE [MESSAGE]: writes the harness's own
 * PVH test guest (see tinyguest.h), e.g. to check cyc-boot or scripts/run
 * without the real guest. MESSAGE understands C escapes such as \n.
 */
#include <stdlib.h>

#include "cyc.h"

int main(int argc, char **argv)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *msg = NULL;
    guint64 value = 0;
    char *end = NULL;

    if (argc >= 3) {
        value = g_ascii_strtoull(argv[2], &end, 0);
    }
    if (argc < 3 || argc > 4 || end == argv[2] || *end || value > G_MAXUINT32) {
        g_printerr("usage: cyc-tiny-guest OUT.elf EXIT_VALUE [MESSAGE]\n"
                   "  EXIT_VALUE 0x10 passes, 0x11 fails, 0xffffffff hangs\n");
        return 2;
    }
    msg = g_strcompress(argc > 3 ? argv[3] : "TAP version 13\\nok 1 - tiny "
                        "guest\\n1..1\\n");
    if (!cyc_tiny_guest_write(argv[1], (guint32)value, msg, &err)) {
        g_printerr("cyc-tiny-guest: %s\n", err->message);
        return 2;
    }
    return 0;
}
