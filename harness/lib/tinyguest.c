/* SPDX-License-Identifier: MIT */
/*
 * Emits the tiny PVH guest byte by byte: ELF32 header, one PT_LOAD and one
 * PT_NOTE program header, the Xen PHYS32_ENTRY note, 24 bytes of code, the
 * message. Everything is loaded at 1 MiB in one read-write-execute segment.
 */
#include <string.h>

#include "errors.h"
#include "tinyguest.h"

#define TG_LOAD_ADDR    0x00100000u
#define TG_EHDR_SIZE    52u
#define TG_PHDR_SIZE    32u
#define TG_NOTE_OFF     (TG_EHDR_SIZE + 2 * TG_PHDR_SIZE)
#define TG_NOTE_SIZE    20u
#define TG_CODE_OFF     (TG_NOTE_OFF + TG_NOTE_SIZE)
#define TG_CODE_SIZE    24u
#define TG_MSG_OFF      (TG_CODE_OFF + TG_CODE_SIZE)
#define TG_MSG_MAX      4000u
#define XEN_ELFNOTE_PHYS32_ENTRY 18u

static void put16(GByteArray *b, guint16 v)
{
    guint8 p[2] = { v & 0xff, v >> 8 };

    g_byte_array_append(b, p, 2);
}

static void put32(GByteArray *b, guint32 v)
{
    put16(b, v & 0xffff);
    put16(b, v >> 16);
}

static void put8(GByteArray *b, guint8 v)
{
    g_byte_array_append(b, &v, 1);
}

gboolean cyc_tiny_guest_write(const char *path, guint32 exit_value,
                              const char *message, GError **error)
{
    static const guint8 ident[16] = {
        0x7f, 'E', 'L', 'F', 1 /* 32-bit */, 1 /* LE */, 1 /* v1 */,
    };
    g_autoptr(GByteArray) b = g_byte_array_new();
    gsize len = strlen(message);
    guint32 total = TG_MSG_OFF + len + 1;
    guint32 entry = TG_LOAD_ADDR + TG_CODE_OFF;

    if (len > TG_MSG_MAX) {
        g_set_error(error, CYC_ERROR, CYC_ERROR_FAILED,
                    "tiny guest message of %zu bytes (max %u)", len,
                    TG_MSG_MAX);
        return FALSE;
    }
    /* ELF header: EXEC, EM_386, entry, phdrs right after it. */
    g_byte_array_append(b, ident, sizeof(ident));
    put16(b, 2);
    put16(b, 3);
    put32(b, 1);
    put32(b, entry);
    put32(b, TG_EHDR_SIZE);
    put32(b, 0);
    put32(b, 0);
    put16(b, TG_EHDR_SIZE);
    put16(b, TG_PHDR_SIZE);
    put16(b, 2);
    put16(b, 40);
    put16(b, 0);
    put16(b, 0);
    /* PT_LOAD: the whole file at 1 MiB, RWX. */
    put32(b, 1);
    put32(b, 0);
    put32(b, TG_LOAD_ADDR);
    put32(b, TG_LOAD_ADDR);
    put32(b, total);
    put32(b, total);
    put32(b, 7);
    put32(b, 4);
    /* PT_NOTE */
    put32(b, 4);
    put32(b, TG_NOTE_OFF);
    put32(b, TG_LOAD_ADDR + TG_NOTE_OFF);
    put32(b, TG_LOAD_ADDR + TG_NOTE_OFF);
    put32(b, TG_NOTE_SIZE);
    put32(b, TG_NOTE_SIZE);
    put32(b, 4);
    put32(b, 4);
    /* Note "Xen", PHYS32_ENTRY: where the PVH option ROM jumps. */
    put32(b, 4);
    put32(b, 4);
    put32(b, XEN_ELFNOTE_PHYS32_ENTRY);
    g_byte_array_append(b, (const guint8 *)"Xen", 4);
    put32(b, entry);
    g_assert(b->len == TG_CODE_OFF);

    put8(b, 0xbe);                      /* mov $msg, %esi */
    put32(b, TG_LOAD_ADDR + TG_MSG_OFF);
    put8(b, 0xac);                      /* 1: lodsb */
    put8(b, 0x84);                      /* test %al, %al */
    put8(b, 0xc0);
    put8(b, 0x74);                      /* jz 2f */
    put8(b, 0x04);
    put8(b, 0xe6);                      /* out %al, $0xe9 */
    put8(b, 0xe9);
    put8(b, 0xeb);                      /* jmp 1b */
    put8(b, 0xf7);
    put8(b, 0xb8);                      /* 2: mov $exit_value, %eax */
    put32(b, exit_value);
    if (exit_value == CYC_TINY_GUEST_HANG) {
        put8(b, 0x90);                  /* nop; nop */
        put8(b, 0x90);
    } else {
        put8(b, 0xe7);                  /* out %eax, $0xf4 */
        put8(b, 0xf4);
    }
    put8(b, 0xf4);                      /* 3: hlt */
    put8(b, 0xeb);                      /* jmp 3b */
    put8(b, 0xfd);
    g_assert(b->len == TG_MSG_OFF);
    g_byte_array_append(b, (const guint8 *)message, len + 1);

    return g_file_set_contents(path, (const char *)b->data, b->len, error);
}
