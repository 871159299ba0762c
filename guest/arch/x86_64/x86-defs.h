/* SPDX-License-Identifier: MIT */
/*
 * Architectural constants of the x86-64 platform the guest boots on: control
 * registers, MSRs, descriptors, the LAPIC/IOAPIC register maps, PCI config and
 * the vector plan. Numbers live here, not in the code that uses them.
 */
#ifndef X86_DEFS_H
#define X86_DEFS_H

/* Constants shared with boot.S: no C suffixes in assembler. */
#ifdef __ASSEMBLER__
#define X86_C(x, suffix) x
#else
#define X86_C(x, suffix) x##suffix
#endif

#define X86_CR0_PE              (X86_C(1, ul) << 0)
#define X86_CR0_MP              (X86_C(1, ul) << 1)
#define X86_CR0_EM              (X86_C(1, ul) << 2)
#define X86_CR0_NE              (X86_C(1, ul) << 5)
#define X86_CR0_WP              (X86_C(1, ul) << 16)
#define X86_CR0_PG              (X86_C(1, ul) << 31)
#define X86_CR4_PAE             (X86_C(1, ul) << 5)
#define X86_CR4_OSFXSR          (X86_C(1, ul) << 9)
#define X86_CR4_OSXMMEXCPT      (X86_C(1, ul) << 10)
#define X86_MSR_EFER            X86_C(0xc0000080, u)
#define X86_EFER_LME            (X86_C(1, ul) << 8)
#define X86_MSR_APIC_BASE       0x0000001bu
#define X86_APIC_BASE_ENABLE    (X86_C(1, ul) << 11)
#define X86_RFLAGS_IF           (1ul << 9)

/* Page-table entry bits. */
#define X86_PTE_P               X86_C(0x001, u)
#define X86_PTE_RW              X86_C(0x002, u)
#define X86_PTE_PWT             X86_C(0x008, u)
#define X86_PTE_PCD             X86_C(0x010, u)
#define X86_PTE_PS              X86_C(0x080, u)

/* GDT selectors (boot.S builds the GDT in this order). */
#define X86_SEL_CODE64          0x08
#define X86_SEL_DATA            0x10
#define X86_SEL_TSS             0x18

/* Exception vectors. */
#define X86_VEC_DE              0
#define X86_VEC_DB              1
#define X86_VEC_NMI             2
#define X86_VEC_BP              3
#define X86_VEC_UD              6
#define X86_VEC_NM              7
#define X86_VEC_DF              8
#define X86_VEC_GP              13
#define X86_VEC_PF              14
#define X86_VEC_MF              16
#define X86_VEC_XM              19
#define X86_NUM_EXCEPTIONS      32

/*
 * Vector plan. The IRQL of a vector is its priority class (vector >> 4), and
 * CR8 holds the current IRQL, so the LAPIC itself masks every vector at or
 * below the IRQL. Devices get classes 5..12, the clock class 13.
 */
#define X86_VEC_DEVICE_FIRST    0x50
#define X86_VEC_DEVICE_LAST     0xcf
/* The LAPIC timer while time_init() calibrates the TSC (class 15). */
#define X86_VEC_CALIBRATE       0xfe
#define X86_VEC_SPURIOUS        0xff

/* Local APIC (xAPIC MMIO). */
#define APIC_DEFAULT_BASE       0xfee00000u
#define APIC_REG_ID             0x020u
#define APIC_REG_VERSION        0x030u
#define APIC_REG_TPR            X86_C(0x080, u)
#define APIC_REG_EOI            0x0b0u
#define APIC_REG_LDR            0x0d0u
#define APIC_REG_DFR            0x0e0u
#define APIC_REG_SVR            0x0f0u
#define APIC_REG_ESR            0x280u
#define APIC_REG_LVT_TIMER      0x320u
#define APIC_REG_LVT_LINT0      0x350u
#define APIC_REG_LVT_LINT1      0x360u
#define APIC_REG_LVT_ERROR      0x370u
#define APIC_REG_TIMER_ICR      0x380u
#define APIC_REG_TIMER_CCR      0x390u
#define APIC_REG_TIMER_DCR      0x3e0u
#define APIC_SVR_ENABLE         (X86_C(1, ul) << 8)
#define APIC_LVT_MASKED         (X86_C(1, ul) << 16)
#define APIC_LVT_TIMER_ONESHOT  (0u << 17)
#define APIC_LVT_DM_NMI         (4u << 8)
#define APIC_DCR_DIVIDE_1       0xbu
#define APIC_ID_SHIFT           24
/* QEMU clocks the APIC timer at 1 GHz (one count per ns at divide 1). */
#define APIC_TIMER_HZ           1000000000ull
#define APIC_TIMER_MAX_COUNT    0xffffffffu

/* I/O APIC. */
#define IOAPIC_DEFAULT_BASE     0xfec00000u
#define IOAPIC_REGSEL           0x00u
#define IOAPIC_WINDOW           0x10u
#define IOAPIC_REG_ID           0x00u
#define IOAPIC_REG_VERSION      0x01u
#define IOAPIC_REG_REDTBL(pin)  (0x10u + 2u * (pin))
#define IOAPIC_VERSION_MAXREDIR_SHIFT 16
#define IOAPIC_VERSION_MAXREDIR_MASK  0x00ff0000u
#define IOAPIC_RTE_MASKED       (1ull << 16)
#define IOAPIC_RTE_LEVEL        (1ull << 15)
#define IOAPIC_RTE_ACTIVE_LOW   (1ull << 13)
#define IOAPIC_RTE_DEST_SHIFT   56

/* MSI message (no interrupt remapping): fixed delivery, edge. */
#define MSI_ADDRESS_BASE        0xfee00000u
#define MSI_ADDRESS_DEST_SHIFT  12

/* Legacy 8259 PICs, masked at boot. */
#define PIC1_DATA               0x21
#define PIC2_DATA               0xa1

/* PCI configuration mechanism #1. */
#define PCI_CONFIG_ADDRESS      0xcf8
#define PCI_CONFIG_DATA         0xcfc
#define PCI_CONFIG_ENABLE       0x80000000u
#define PCI_VENDOR_ID           0x00
#define PCI_DEVICE_ID           0x02
#define PCI_COMMAND             0x04
#define PCI_STATUS              0x06
#define PCI_REVISION_ID         0x08
#define PCI_CLASS_PROG          0x09
#define PCI_CLASS_DEVICE        0x0a
#define PCI_HEADER_TYPE         0x0e
#define PCI_BASE_ADDRESS_0      0x10
#define PCI_SECONDARY_BUS       0x19
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_CAPABILITY_LIST     0x34
#define PCI_INTERRUPT_LINE      0x3c
#define PCI_INTERRUPT_PIN       0x3d
#define PCI_CAP_ID_PM           0x01
#define PCI_PM_CTRL             0x04    /* PMCSR in the PM capability */
#define PCI_PM_CTRL_STATE_MASK  0x0003u
#define PCI_COMMAND_IO          0x0001u
#define PCI_COMMAND_MEMORY      0x0002u
#define PCI_COMMAND_MASTER      0x0004u
#define PCI_COMMAND_INTX_DISABLE 0x0400u
#define PCI_STATUS_CAP_LIST     0x0010u
#define PCI_STATUS_INTERRUPT    0x0008u
#define PCI_HEADER_TYPE_MASK    0x7fu
#define PCI_HEADER_TYPE_BRIDGE  0x01u
#define PCI_HEADER_MULTI_FUNC   0x80u
#define PCI_BAR_IO              0x1u
#define PCI_BAR_MEM_TYPE_MASK   0x6u
#define PCI_BAR_MEM_TYPE_64     0x4u
#define PCI_BAR_MEM_PREFETCH    0x8u
#define PCI_BAR_IO_MASK         0xfffffffcu
#define PCI_BAR_MEM_MASK        0xfffffff0u
#define PCI_CAP_ID_MSI          0x05
#define PCI_MSI_FLAGS           0x02
#define PCI_MSI_FLAGS_ENABLE    0x0001u
#define PCI_MSI_FLAGS_QSIZE     0x0070u
#define PCI_MSI_FLAGS_64BIT     0x0080u
#define PCI_MSI_FLAGS_MASKBIT   0x0100u
#define PCI_MSI_ADDRESS_LO      0x04
#define PCI_MSI_ADDRESS_HI      0x08
#define PCI_MSI_DATA_32         0x08
#define PCI_MSI_DATA_64         0x0c
#define PCI_MAX_BUS             256
#define PCI_MAX_DEVICE          32
#define PCI_MAX_FUNCTION        8
#define PCI_NUM_BARS            6

/* QEMU test devices. */
#define DEBUGCON_PORT           0xe9
#define DEBUG_EXIT_PORT         0xf4
#define DEBUG_EXIT_PASS         0x10    /* QEMU exits 33 */
#define DEBUG_EXIT_FAIL         0x11    /* QEMU exits 35 */

/* PVH boot (Xen's hvm_start_info). */
#define PVH_START_MAGIC         0x336ec578u
#define E820_TYPE_RAM           1u

#endif /* X86_DEFS_H */
