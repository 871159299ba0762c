/* SPDX-License-Identifier: MIT */
/*
 * The host channels of the file system (hostfile.c). Output records on
 * COM2, little-endian: "CYF", op, ULONG file id, ULONGLONG offset, ULONG
 * payload length, payload. Ops: 'O' open (payload: the path below C:\ with
 * '/' separators; offset 1 = truncate), 'W' write at offset, 'T' set the
 * end of file to offset, 'C' close. Inputs: fw_cfg items
 * HOSTP_INPUT_PREFIX<path>. PASSIVE_LEVEL.
 */
#ifndef HOSTFILE_H
#define HOSTFILE_H

#include "ntrt.h"

#define HOSTP_RECORD_HEADER 20u
#define HOSTP_INPUT_PREFIX "opt/cycaudio/C/"
/* fw_cfg names hold 55 characters: what is left after the prefix. */
#define HOSTP_INPUT_PATH_MAX (55u - (sizeof(HOSTP_INPUT_PREFIX) - 1))

VOID HostpInitialize(VOID);
BOOLEAN HostpOutputPresent(VOID);
/* STATUS_MEDIA_WRITE_PROTECTED without COM2, STATUS_IO_DEVICE_ERROR if the
 * UART stops taking bytes. */
NTSTATUS HostpSendRecord(UCHAR Op, ULONG FileId, ULONGLONG Offset,
                         const VOID *Payload, ULONG Length);
/* Name: the full fw_cfg name, compared without case. */
BOOLEAN HostpFindInput(PCSTR Name, PUSHORT Selector, PULONG Size);
VOID HostpReadInput(USHORT Selector, ULONG Offset, PVOID Buffer,
                    ULONG Length);

#endif /* HOSTFILE_H */
