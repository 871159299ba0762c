/* SPDX-License-Identifier: MIT */
/*
 * A guest built by the harness itself, for testing the boot plumbing
 * without the real guest: a 32-bit PVH ELF that prints @message on
 * isa-debugcon (0xe9), writes @exit_value to isa-debug-exit (0xf4) and
 * halts. QEMU then exits with (exit_value << 1) | 1. With
 * CYC_TINY_GUEST_HANG it writes nothing and halts forever instead.
 */
#ifndef CYC_TINYGUEST_H
#define CYC_TINYGUEST_H

#include <glib.h>

G_BEGIN_DECLS

#define CYC_TINY_GUEST_HANG 0xffffffffu

/* @message: at most 4000 bytes, no NUL. */
gboolean cyc_tiny_guest_write(const char *path, guint32 exit_value,
                              const char *message, GError **error);

G_END_DECLS

#endif /* CYC_TINYGUEST_H */
