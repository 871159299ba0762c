/* SPDX-License-Identifier: MIT */
/*
 * Debug console on isa-debugcon (one outb per byte to 0xE9), the kernel
 * command line and the verdict through isa-debug-exit. The console is
 * usable from the first instruction of arch_main and at any IRQL; callers
 * that need whole lines serialise themselves (nt's DbgPrint does).
 */
#include <string.h>

#include "cpu.h"
#include "fmt.h"
#include "platform.h"
#include "x86-defs.h"

#define CMDLINE_MAX 2048
#define CMDLINE_MAX_ARGS 64

static char cmdline_buf[CMDLINE_MAX];
static const char *cmdline_keys[CMDLINE_MAX_ARGS];
static const char *cmdline_values[CMDLINE_MAX_ARGS];
static unsigned cmdline_count;

void arch_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        outb(DEBUGCON_PORT, (uint8_t)s[i]);
    }
}

void con_puts(const char *s)
{
    arch_console_write(s, strlen(s));
}

void con_printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(buf) - 1) {
        n = sizeof(buf) - 1;
    }
    arch_console_write(buf, (size_t)n);
}

/* "key=value key2=value2 flag": a bare word has the value "". */
void cmdline_init(const char *cmdline)
{
    char *p = cmdline_buf;

    if (!cmdline) {
        return;
    }
    strncpy(cmdline_buf, cmdline, CMDLINE_MAX - 1);
    while (*p && cmdline_count < CMDLINE_MAX_ARGS) {
        char *eq;

        while (*p == ' ' || *p == '\t') {
            *p++ = 0;
        }
        if (!*p) {
            break;
        }
        cmdline_keys[cmdline_count] = p;
        while (*p && *p != ' ' && *p != '\t') {
            p++;
        }
        if (*p) {
            *p++ = 0;
        }
        eq = strchr(cmdline_keys[cmdline_count], '=');
        if (eq) {
            *eq = 0;
            cmdline_values[cmdline_count] = eq + 1;
        } else {
            cmdline_values[cmdline_count] = "";
        }
        cmdline_count++;
    }
}

const char *arch_cmdline_get(const char *key)
{
    for (unsigned i = 0; i < cmdline_count; i++) {
        if (strcmp(cmdline_keys[i], key) == 0) {
            return cmdline_values[i];
        }
    }
    return NULL;
}

void arch_exit(bool pass)
{
    outl(DEBUG_EXIT_PORT, pass ? DEBUG_EXIT_PASS : DEBUG_EXIT_FAIL);
    for (;;) {
        cli();
        __asm__ __volatile__("hlt");
    }
}

/* "bugcheck=wait" on the command line keeps the machine halted for a
 * debugger (gdb on QEMU's stub) instead of exiting. */
void arch_stop(uint32_t code, const uintptr_t params[4])
{
    const char *mode = arch_cmdline_get("bugcheck");

    (void)code;
    (void)params;
    if (mode && strcmp(mode, "wait") == 0) {
        con_puts("# bugcheck=wait: halted for the debugger\n");
        for (;;) {
            cli();
            __asm__ __volatile__("hlt");
        }
    }
    arch_exit(false);
}
