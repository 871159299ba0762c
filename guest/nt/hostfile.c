/* SPDX-License-Identifier: MIT */
/*
 * The two channels behind the file system (file.c): files the guest writes
 * leave as framed records on the second 16550 UART (COM2, polled, no
 * interrupt), which scripts/run turns back into files after the run; files
 * the host provides are QEMU fw_cfg items named opt/cycaudio/C/<path>.
 * Both are port I/O QEMU answers synchronously, so they are deterministic
 * under icount. PASSIVE_LEVEL (the Zw routines are the only callers).
 */
#include "hostfile.h"
#include "ki.h"

#define COM2_BASE 0x2f8u
#define UART_THR 0u
#define UART_IER 1u
#define UART_FCR 2u
#define UART_LCR 3u
#define UART_MCR 4u
#define UART_LSR 5u
#define UART_SCR 7u
#define UART_DLL 0u
#define UART_DLM 1u
#define UART_LCR_DLAB 0x80u
#define UART_LCR_8N1 0x03u
#define UART_FCR_ENABLE_CLEAR 0x07u
#define UART_LSR_THRE 0x20u
#define UART_FIFO_BYTES 16u
/* LSR polls before a byte counts as lost (QEMU empties the FIFO at once). */
#define UART_POLL_LIMIT 100000u

#define FW_CFG_PORT_SEL 0x510u
#define FW_CFG_PORT_DATA 0x511u
#define FW_CFG_SIGNATURE 0x0000u
#define FW_CFG_FILE_DIR 0x0019u
#define FW_CFG_NAME_BYTES 56u

typedef enum { HOSTP_UNKNOWN, HOSTP_ABSENT, HOSTP_PRESENT } HOSTP_STATE;

static HOSTP_STATE HostpUart;
static HOSTP_STATE HostpFwCfg;
static USHORT HostpFwSelected;  /* item being read and how far */
static ULONG HostpFwPosition;

VOID HostpInitialize(VOID)
{
    HostpUart = HOSTP_UNKNOWN;
    HostpFwCfg = HOSTP_UNKNOWN;
    HostpFwSelected = FW_CFG_SIGNATURE;
    HostpFwPosition = 0;
}

/* A 16550 keeps what is written to its scratch register; no UART reads
 * back 0xFF. */
BOOLEAN HostpOutputPresent(VOID)
{
    if (HostpUart == HOSTP_UNKNOWN) {
        arch_outb(COM2_BASE + UART_SCR, 0x5a);
        HostpUart = arch_inb(COM2_BASE + UART_SCR) == 0x5a ? HOSTP_PRESENT
                                                           : HOSTP_ABSENT;
        if (HostpUart == HOSTP_PRESENT) {
            arch_outb(COM2_BASE + UART_IER, 0);
            arch_outb(COM2_BASE + UART_LCR, UART_LCR_DLAB);
            arch_outb(COM2_BASE + UART_DLL, 1);
            arch_outb(COM2_BASE + UART_DLM, 0);
            arch_outb(COM2_BASE + UART_LCR, UART_LCR_8N1);
            arch_outb(COM2_BASE + UART_FCR, UART_FCR_ENABLE_CLEAR);
            arch_outb(COM2_BASE + UART_MCR, 0);
        }
    }
    return HostpUart == HOSTP_PRESENT;
}

static BOOLEAN HostpUartWrite(const UCHAR *Data, SIZE_T Length)
{
    SIZE_T done = 0;

    while (done < Length) {
        ULONG polls = 0;
        ULONG burst;

        while ((arch_inb(COM2_BASE + UART_LSR) & UART_LSR_THRE) == 0) {
            if (++polls == UART_POLL_LIMIT) {
                return FALSE;
            }
        }
        burst = (ULONG)min(Length - done, (SIZE_T)UART_FIFO_BYTES);
        for (ULONG i = 0; i < burst; i++) {
            arch_outb(COM2_BASE + UART_THR, Data[done + i]);
        }
        done += burst;
    }
    return TRUE;
}

static VOID HostpPut32(PUCHAR At, ULONG Value)
{
    for (ULONG i = 0; i < 4; i++) {
        At[i] = (UCHAR)(Value >> (8 * i));
    }
}

NTSTATUS HostpSendRecord(UCHAR Op, ULONG FileId, ULONGLONG Offset,
                         const VOID *Payload, ULONG Length)
{
    UCHAR header[HOSTP_RECORD_HEADER];

    if (!HostpOutputPresent()) {
        return STATUS_MEDIA_WRITE_PROTECTED;
    }
    header[0] = 'C';
    header[1] = 'Y';
    header[2] = 'F';
    header[3] = Op;
    HostpPut32(header + 4, FileId);
    HostpPut32(header + 8, (ULONG)Offset);
    HostpPut32(header + 12, (ULONG)(Offset >> 32));
    HostpPut32(header + 16, Length);
    if (!HostpUartWrite(header, sizeof(header)) ||
        !HostpUartWrite(Payload, Length)) {
        return STATUS_IO_DEVICE_ERROR;
    }
    return STATUS_SUCCESS;
}

/* fw_cfg: a 16-bit selector write, then the item's bytes one by one. */
static VOID HostpFwSelect(USHORT Selector)
{
    arch_outw(FW_CFG_PORT_SEL, Selector);
    HostpFwSelected = Selector;
    HostpFwPosition = 0;
}

static VOID HostpFwRead(PVOID Buffer, ULONG Length)
{
    PUCHAR out = Buffer;

    for (ULONG i = 0; i < Length; i++) {
        UCHAR b = arch_inb(FW_CFG_PORT_DATA);

        if (out != NULL) {
            out[i] = b;
        }
    }
    HostpFwPosition += Length;
}

static ULONG HostpBe32(const UCHAR *p)
{
    return (ULONG)p[0] << 24 | (ULONG)p[1] << 16 | (ULONG)p[2] << 8 | p[3];
}

static BOOLEAN HostpFwPresent(VOID)
{
    UCHAR signature[4];

    if (HostpFwCfg == HOSTP_UNKNOWN) {
        HostpFwSelect(FW_CFG_SIGNATURE);
        HostpFwRead(signature, sizeof(signature));
        HostpFwCfg = signature[0] == 'Q' && signature[1] == 'E' &&
                     signature[2] == 'M' && signature[3] == 'U'
                         ? HOSTP_PRESENT : HOSTP_ABSENT;
    }
    return HostpFwCfg == HOSTP_PRESENT;
}

static BOOLEAN HostpNameEqual(const CHAR *A, PCSTR B)
{
    for (ULONG i = 0; i < FW_CFG_NAME_BYTES; i++) {
        CHAR a = A[i];
        CHAR b = B[i];

        if (a >= 'a' && a <= 'z') {
            a = (CHAR)(a - 'a' + 'A');
        }
        if (b >= 'a' && b <= 'z') {
            b = (CHAR)(b - 'a' + 'A');
        }
        if (a != b) {
            return FALSE;
        }
        if (a == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

BOOLEAN HostpFindInput(PCSTR Name, PUSHORT Selector, PULONG Size)
{
    UCHAR count[4];
    ULONG items;

    if (!HostpFwPresent()) {
        return FALSE;
    }
    HostpFwSelect(FW_CFG_FILE_DIR);
    HostpFwRead(count, sizeof(count));
    items = HostpBe32(count);
    for (ULONG i = 0; i < items; i++) {
        UCHAR entry[8];
        CHAR name[FW_CFG_NAME_BYTES];

        HostpFwRead(entry, sizeof(entry));
        HostpFwRead(name, sizeof(name));
        name[FW_CFG_NAME_BYTES - 1] = 0;
        if (HostpNameEqual(name, Name)) {
            *Size = HostpBe32(entry);
            *Selector = (USHORT)(entry[4] << 8 | entry[5]);
            return TRUE;
        }
    }
    return FALSE;
}

/* fw_cfg reads only forwards: a read behind the current position selects
 * the item again. */
VOID HostpReadInput(USHORT Selector, ULONG Offset, PVOID Buffer, ULONG Length)
{
    if (Selector != HostpFwSelected || Offset < HostpFwPosition) {
        HostpFwSelect(Selector);
    }
    HostpFwRead(NULL, Offset - HostpFwPosition);
    HostpFwRead(Buffer, Length);
}
