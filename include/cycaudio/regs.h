/* SPDX-License-Identifier: MIT */
/*
 * cycaudio register ABI: the single source of truth for offsets, bits and limits.
 * Shared by the QEMU device (hw/), the guest miniports, the harness and docs/cycaudio.rst.
 * Every field has _MASK/_SHIFT and is read or written with CYC_GET/CYC_SET only.
 */
#ifndef CYCAUDIO_REGS_H
#define CYCAUDIO_REGS_H

/* PCI identity (DESIGN decision 3): experimental range of 1af4, multimedia audio. */
#define CYC_PCI_VENDOR_ID           0x1af4u
#define CYC_PCI_DEVICE_ID           0x10f0u
#define CYC_PCI_CLASS               0x0401u
#define CYC_PCI_REVISION            0x01u
#define CYC_BAR0_SIZE               0x1000u

/* Generic field access: fully parenthesised, one pair for every field below. */
#define CYC_GET(reg, F)             (((reg) & F##_MASK) >> F##_SHIFT)
#define CYC_SET(reg, F, v) \
    (((reg) & ~F##_MASK) | (((uint32_t)(v) << F##_SHIFT) & F##_MASK))

/* Global registers (offsets in BAR0, all 32-bit, little-endian). */
#define CYC_REG_ID                  0x000u  /* RO: CYC_ID_VALUE */
#define CYC_REG_VERSION             0x004u  /* RO: ABI major.minor */
#define CYC_REG_CAPS                0x008u  /* RO: stream counts and feature bits */

#define CYC_ID_VALUE                0x43594341u /* "ACYC" as little-endian bytes */

#define CYC_VERSION_MINOR_MASK      0x0000ffffu
#define CYC_VERSION_MINOR_SHIFT     0
#define CYC_VERSION_MAJOR_MASK      0xffff0000u
#define CYC_VERSION_MAJOR_SHIFT     16
#define CYC_ABI_MAJOR               1u
#define CYC_ABI_MINOR               0u

#define CYC_CAPS_NRENDER_MASK       0x0000000fu
#define CYC_CAPS_NRENDER_SHIFT      0
#define CYC_CAPS_NCAPTURE_MASK      0x000000f0u
#define CYC_CAPS_NCAPTURE_SHIFT     4

#endif /* CYCAUDIO_REGS_H */
