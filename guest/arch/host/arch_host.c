/* SPDX-License-Identifier: MIT */
/*
 * arch.h on the host: a single simulated processor with an interrupt flag,
 * a task priority, a pending-vector set and a one-shot clock, all driven by
 * the test. Interrupts are delivered synchronously at the points where real
 * hardware could take them (interrupts enabled, TPR lowered, idle).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "host_arch.h"
#include "ntrt.h"

#define HOST_HEAP_SIZE (32u << 20)
#ifndef MAP_32BIT
#define MAP_32BIT 0      /* x86-64 only: elsewhere the heap may lie high */
#endif
#define HOST_CONSOLE_MAX (256u << 10)
#define HOST_MAX_PCI 8
#define HOST_MAX_ARGS 32

jmp_buf *host_bugcheck_jmp;
uintptr_t host_bugcheck_params[4];

static struct {
    bool intr_enabled;
    unsigned tpr;
    bool pending[256];
    unsigned npending;                 /* how many of pending[] are set */
    bool masked[256];
    uint64_t now_ns;
    uint64_t deadline_ns;
    unsigned eoi_count;
    unsigned depth;
    arch_pci_func pci[HOST_MAX_PCI];
    unsigned pci_power[HOST_MAX_PCI];
    bool pci_unplug[HOST_MAX_PCI];     /* removal requested, not ejected */
    bool pci_ejected[HOST_MAX_PCI];
    unsigned npci;
    unsigned next_vector;
    char cmdline[512];
    const char *keys[HOST_MAX_ARGS];
    const char *values[HOST_MAX_ARGS];
    unsigned nargs;
    char console[HOST_CONSOLE_MAX];
    size_t console_len;
} host;

static void *host_heap;

/*
 * The pool lies below 4 GiB as a guest's does (identity-mapped physical
 * memory), so MmAllocateContiguousMemory with a 32-bit highest address and
 * 32-bit DMA descriptors work as they do in the guest.
 */
static void *host_heap_map(void)
{
    void *p = mmap(NULL, HOST_HEAP_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

    if (p == MAP_FAILED) {
        perror("host arch: no heap below 4 GiB (mmap MAP_32BIT)");
        abort();
    }
    return p;
}

static void host_set_pending(unsigned vector)
{
    if (!host.pending[vector]) {
        host.pending[vector] = true;
        host.npending++;
    }
}

/* Called at every IRQL drop and interrupt enable: the count spares the
 * scan of the vectors when none is pending (most calls). */
static void host_deliver(void)
{
    while (host.intr_enabled && host.npending != 0) {
        int v;

        for (v = 255; v >= 32; v--) {
            if (host.pending[v] && !host.masked[v] &&
                (unsigned)(v >> 4) > host.tpr) {
                break;
            }
        }
        if (v < 32) {
            return;
        }
        host.pending[v] = false;
        host.npending--;
        host.intr_enabled = false;
        host.depth++;
        ki_interrupt((unsigned)v);
        host.depth--;
        host.intr_enabled = true;
    }
}

void host_reset(const char *cmdline)
{
    char *p;

    memset(&host, 0, sizeof(host));
    host_inb_hook = NULL;
    host_outb_hook = NULL;
    host_outw_hook = NULL;
    host.deadline_ns = UINT64_MAX;
    host.next_vector = 0x80;
    for (unsigned v = 0; v < 256; v++) {
        host.masked[v] = v != ARCH_VEC_CLOCK;
    }
    if (!host_heap) {
        host_heap = host_heap_map();
    }
    if (cmdline) {
        strncpy(host.cmdline, cmdline, sizeof(host.cmdline) - 1);
    }
    for (p = strtok(host.cmdline, " "); p && host.nargs < HOST_MAX_ARGS;
         p = strtok(NULL, " ")) {
        char *eq = strchr(p, '=');

        host.keys[host.nargs] = p;
        host.values[host.nargs] = "";
        if (eq) {
            *eq = 0;
            host.values[host.nargs] = eq + 1;
        }
        host.nargs++;
    }
    KiInitializeRuntime();
    host.intr_enabled = true;
}

uint64_t host_now_ns(void)
{
    return host.now_ns;
}

uint64_t host_clock_deadline_ns(void)
{
    return host.deadline_ns;
}

static void host_check_clock(void)
{
    if (host.deadline_ns != UINT64_MAX && host.now_ns >= host.deadline_ns) {
        host.deadline_ns = UINT64_MAX;
        host_set_pending(ARCH_VEC_CLOCK);
    }
}

void host_advance_ns(uint64_t ns)
{
    host.now_ns += ns;
    host_check_clock();
    host_deliver();
}

void host_raise_interrupt(unsigned vector)
{
    host_set_pending(vector & 0xff);
    host_deliver();
}

bool host_vector_masked(unsigned vector)
{
    return host.masked[vector & 0xff];
}

unsigned host_eoi_count(void)
{
    return host.eoi_count;
}

void host_pci_add(const arch_pci_func *f)
{
    if (host.npci < HOST_MAX_PCI) {
        host.pci[host.npci++] = *f;
    }
}

const char *host_console_text(void)
{
    return host.console;
}

unsigned long arch_intr_save(void)
{
    unsigned long was = host.intr_enabled;

    host.intr_enabled = false;
    return was;
}

void arch_intr_restore(unsigned long state)
{
    host.intr_enabled = state != 0;
    host_deliver();
}

void arch_intr_enable(void)
{
    host.intr_enabled = true;
    host_deliver();
}

void arch_intr_disable(void)
{
    host.intr_enabled = false;
}

void arch_set_tpr(unsigned irql)
{
    host.tpr = irql;
    host_deliver();
}

/* With nothing pending and no clock armed the real machine would sleep
 * forever: that is a hang, reported as one. */
void arch_idle(void)
{
    bool any = false;

    for (unsigned v = 32; v < 256 && !any; v++) {
        any = host.pending[v] && !host.masked[v];
    }
    if (!any) {
        if (host.deadline_ns == UINT64_MAX) {
            fprintf(stderr, "host arch: idle with no interrupt source: hang\n");
            abort();
        }
        if (host.deadline_ns > host.now_ns) {
            host.now_ns = host.deadline_ns;
        }
        host_check_clock();
    }
    host.intr_enabled = true;
    host_deliver();
    host.intr_enabled = false;
}

void arch_eoi(void)
{
    host.eoi_count++;
}

uint64_t arch_time_ns(void)
{
    return host.now_ns;
}

void arch_clock_set_deadline(uint64_t deadline_ns)
{
    host.deadline_ns = deadline_ns;
    host_check_clock();
}

void arch_irq_mask(unsigned vector)
{
    host.masked[vector & 0xff] = true;
}

void arch_irq_unmask(unsigned vector)
{
    host.masked[vector & 0xff] = false;
    host_deliver();
}

bool arch_pci_find(uint16_t vendor, uint16_t device, unsigned index,
                   arch_pci_func *out)
{
    for (unsigned i = 0; i < host.npci; i++) {
        if (host.pci[i].vendor_id == vendor &&
            (device == 0xffff || host.pci[i].device_id == device)) {
            if (index-- == 0) {
                *out = host.pci[i];
                return true;
            }
        }
    }
    return false;
}

void arch_pci_enable(const arch_pci_func *f)
{
    (void)f;
}

void arch_pci_disable(const arch_pci_func *f)
{
    (void)f;
}

static int host_pci_index(const arch_pci_func *f)
{
    for (unsigned i = 0; i < host.npci; i++) {
        if (host.pci[i].bus == f->bus && host.pci[i].dev == f->dev &&
            host.pci[i].fn == f->fn) {
            return (int)i;
        }
    }
    return -1;
}

bool arch_pci_set_power(const arch_pci_func *f, unsigned dstate)
{
    int i = host_pci_index(f);

    if (i < 0) {
        return false;
    }
    host.pci_power[i] = dstate;
    return true;
}

void arch_pci_move_bar(arch_pci_func *f, unsigned bar, uint64_t base)
{
    int i = host_pci_index(f);

    f->bar[bar].base = base;
    if (i >= 0) {
        host.pci[i].bar[bar].base = base;
    }
}

unsigned host_pci_power(unsigned index)
{
    return index < host.npci ? host.pci_power[index] : ~0u;
}

void host_pci_request_unplug(unsigned index)
{
    if (index < host.npci && !host.pci_ejected[index]) {
        host.pci_unplug[index] = true;
    }
}

bool host_pci_ejected(unsigned index)
{
    return index < host.npci && host.pci_ejected[index];
}

uint32_t arch_pci_hotplug_pending(uint8_t bus)
{
    uint32_t pending = 0;

    for (unsigned i = 0; i < host.npci; i++) {
        if (host.pci_unplug[i] && host.pci[i].bus == bus) {
            pending |= 1u << host.pci[i].dev;
        }
    }
    return pending;
}

void arch_pci_hotplug_eject(const arch_pci_func *f)
{
    for (unsigned i = 0; i < host.npci; i++) {
        if (host.pci_unplug[i] && host.pci[i].bus == f->bus &&
            host.pci[i].dev == f->dev) {
            host.pci_unplug[i] = false;
            host.pci_ejected[i] = true;
        }
    }
}

bool arch_irq_route_pci(const arch_pci_func *f, bool want_msi,
                        arch_irq_route *out)
{
    memset(out, 0, sizeof(*out));
    if (!(want_msi && f->msi_cap) && !f->irq_pin) {
        return false;
    }
    out->vector = host.next_vector;
    host.next_vector += 0x10;
    if (want_msi && f->msi_cap) {
        out->msi = true;
        out->msi_data = out->vector;
        out->msi_address = 0xfee00000u;
    } else {
        out->level = true;
        out->gsi = f->irq_line;
    }
    host.masked[out->vector] = true;
    return true;
}

void arch_heap_region(uintptr_t *base, size_t *size)
{
    *base = (uintptr_t)host_heap;
    *size = HOST_HEAP_SIZE;
}

uint64_t arch_virt_to_phys(const void *va)
{
    return (uintptr_t)va;
}

uint8_t (*host_inb_hook)(uint16_t port);
void (*host_outb_hook)(uint16_t port, uint8_t v);

uint8_t arch_inb(uint16_t port)
{
    if (host_inb_hook != NULL) {
        return host_inb_hook(port);
    }
    return 0xff;
}

uint16_t arch_inw(uint16_t port)
{
    (void)port;
    return 0xffff;
}

uint32_t arch_inl(uint16_t port)
{
    (void)port;
    return 0xffffffffu;
}

void arch_outb(uint16_t port, uint8_t v)
{
    if (host_outb_hook != NULL) {
        host_outb_hook(port, v);
    }
}

void (*host_outw_hook)(uint16_t port, uint16_t v);

void arch_outw(uint16_t port, uint16_t v)
{
    if (host_outw_hook != NULL) {
        host_outw_hook(port, v);
    }
}

void arch_outl(uint16_t port, uint32_t v)
{
    (void)port;
    (void)v;
}

/* stderr, never stdout: the test binary's stdout is its TAP stream. */
void arch_console_write(const char *s, size_t len)
{
    size_t room = HOST_CONSOLE_MAX - 1 - host.console_len;
    size_t n = len < room ? len : room;

    memcpy(host.console + host.console_len, s, n);
    host.console_len += n;
    host.console[host.console_len] = 0;
    if (getenv("CYC_HOST_CONSOLE")) {
        fwrite(s, 1, len, stderr);
    }
}

const char *arch_cmdline_get(const char *key)
{
    for (unsigned i = 0; i < host.nargs; i++) {
        if (strcmp(host.keys[i], key) == 0) {
            return host.values[i];
        }
    }
    return NULL;
}

void arch_exit(bool pass)
{
    exit(pass ? 0 : 1);
}

void arch_stop(uint32_t code, const uintptr_t params[4])
{
    memcpy(host_bugcheck_params, params, sizeof(host_bugcheck_params));
    if (host_bugcheck_jmp) {
        jmp_buf *jb = host_bugcheck_jmp;

        host_bugcheck_jmp = NULL;
        longjmp(*jb, (int)code ? (int)code : -1);
    }
    fprintf(stderr, "%s", host.console);
    fprintf(stderr, "host arch: unexpected bugcheck 0x%08x\n", code);
    abort();
}

unsigned arch_backtrace(uintptr_t *pcs, unsigned max)
{
    (void)pcs;
    (void)max;
    return 0;
}
