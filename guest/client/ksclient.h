/* SPDX-License-Identifier: MIT */
/*
 * The guest's audio client library: what ksuser.dll and DeviceIoControl are to
 * a Windows application. A KSC_FILE plays the role of a HANDLE (one FILE_OBJECT
 * on the device stack); requests are IRPs sent to the top of the stack exactly
 * as the I/O manager would send them. Everything runs at PASSIVE_LEVEL.
 * Scenarios use only this.
 */
#ifndef KSCLIENT_H
#define KSCLIENT_H

#include <wdm.h>
#include <ks.h>
#include <ksmedia.h>

typedef struct KSC_FILE KSC_FILE;

/*
 * Opens the subdevice ReferenceString (L"Wave", L"Topology")
 * of the stack over Pdo.
 */
NTSTATUS KscOpenFilter(PDEVICE_OBJECT Pdo, PCWSTR ReferenceString,
                       KSC_FILE **Filter);
/* ksuser's KsCreatePin: Connect->PinId on Filter with Format appended. */
NTSTATUS KscCreatePin(KSC_FILE *Filter, const KSPIN_CONNECT *Connect,
                      const KSDATAFORMAT *Format, KSC_FILE **Pin);
/*
 * NtCreateFile with a raw FileName (NameBytes, copied) on the top Device,
 * related to Parent's file (NULL: none): what the two above build on, and
 * what a client sending malformed names uses.
 */
NTSTATUS KscCreateFile(PDEVICE_OBJECT Device, KSC_FILE *Parent,
                       const VOID *Name, ULONG NameBytes, KSC_FILE **Out);
/* The FILE_OBJECT and the (referenced) top device of an open file. */
PFILE_OBJECT KscFileObject(KSC_FILE *File);
PDEVICE_OBJECT KscFileDevice(KSC_FILE *File);
/* CloseHandle: IRP_MJ_CLEANUP then IRP_MJ_CLOSE; NULL is a no-op. */
VOID KscClose(KSC_FILE *File);

/* DeviceIoControl, synchronous; *BytesReturned = IoStatus.Information. */
NTSTATUS KscDeviceIoControl(KSC_FILE *File, ULONG IoControlCode, PVOID InBuffer,
                            ULONG InLength, PVOID OutBuffer, ULONG OutLength,
                            PULONG BytesReturned);

/* IOCTL_KS_PROPERTY with a plain KSPROPERTY {Set, Id, Flags}. */
NTSTATUS KscProperty(KSC_FILE *File, const GUID *Set, ULONG Id, ULONG Flags,
                     PVOID Value, ULONG ValueLength, PULONG BytesReturned);
/* KSPROPSETID_Pin on a filter: KSP_PIN {Set, Id, GET, PinId}. */
NTSTATUS KscPinProperty(KSC_FILE *Filter, ULONG PinId, ULONG Id, PVOID Value,
                        ULONG ValueLength, PULONG BytesReturned);
/* A node property with a channel instance (KSNODEPROPERTY_AUDIO_CHANNEL). */
NTSTATUS KscNodeProperty(KSC_FILE *Filter, const GUID *Set, ULONG Id,
                         ULONG Flags, ULONG NodeId, LONG Channel, PVOID Value,
                         ULONG ValueLength, PULONG BytesReturned);

/* Convenience wrappers over the properties above. */
NTSTATUS KscGetPinCount(KSC_FILE *Filter, PULONG Count);
NTSTATUS KscSetState(KSC_FILE *Pin, KSSTATE State);
NTSTATUS KscGetState(KSC_FILE *Pin, PKSSTATE State);
NTSTATUS KscGetPosition(KSC_FILE *Pin, PKSAUDIO_POSITION Position);
NTSTATUS KscSetVolume(KSC_FILE *Topology, ULONG NodeId, LONG Channel,
                      LONG Level);
NTSTATUS KscGetVolume(KSC_FILE *Topology, ULONG NodeId, LONG Channel,
                      PLONG Level);
NTSTATUS KscSetMute(KSC_FILE *Topology, ULONG NodeId, LONG Channel, BOOL Mute);
NTSTATUS KscSetNodeUlong(KSC_FILE *Topology, const GUID *Set, ULONG Id,
                         ULONG NodeId, ULONG Value);
NTSTATUS KscGetNodeUlong(KSC_FILE *Topology, const GUID *Set, ULONG Id,
                         ULONG NodeId, PULONG Value);

/*
 * A wave format as KSDATAFORMAT_WAVEFORMATEXTENSIBLE (the EXTENSIBLE tail is
 * used only when needed: more than 2 channels, more than 16 bits or float).
 * ValidBits < Bits gives e.g. 24 valid bits in a 32-bit container.
 */
typedef struct KSC_WAVE_FORMAT {
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE Format;
} KSC_WAVE_FORMAT;
VOID KscBuildWaveFormat(KSC_WAVE_FORMAT *Out, ULONG Rate, ULONG Channels,
                        ULONG Bits, ULONG ValidBits, BOOLEAN Float);
/* KSPIN_CONNECT for standard streaming on PinId. */
VOID KscBuildConnect(KSPIN_CONNECT *Connect, ULONG PinId);

/*
 * MIDI pins take a plain KSDATAFORMAT {KSDATAFORMAT_TYPE_MUSIC,
 * KSDATAFORMAT_SUBTYPE_MIDI, KSDATAFORMAT_SPECIFIER_NONE}; their stream data
 * are KSMUSICFORMAT records, each followed by ByteCount bytes and padded to
 * the next ULONG.
 */
VOID KscBuildMidiFormat(KSDATAFORMAT *Out);
/* Appends one record at *Used; FALSE (nothing written) if it would not fit
 * in Capacity. */
BOOLEAN KscMusicAppend(PUCHAR Buffer, ULONG Capacity, PULONG Used,
                       ULONG DeltaMs, const UCHAR *Bytes, ULONG Count);
/* The record at *Offset of Data[0, Length): its header and bytes; *Offset
 * moves past its padding. FALSE at the end or on a record cut short. */
BOOLEAN KscMusicNext(const UCHAR *Data, ULONG Length, PULONG Offset,
                     KSMUSICFORMAT *Record, const UCHAR **Bytes);

/*
 * Overlapped streaming (KsStreamIo): one request in flight per KSC_IO. The
 * caller keeps Data and the KSC_IO alive until KscWaitIo returns.
 */
typedef struct KSC_IO {
    KSSTREAM_HEADER Header;
    KEVENT Event;
    IO_STATUS_BLOCK IoStatus;
    NTSTATUS Status;            /* final status once complete */
    BOOLEAN InFlight;
} KSC_IO;

/* Submits a write (render) or read (capture) of Length bytes at Data. */
NTSTATUS KscStreamIo(KSC_FILE *Pin, KSC_IO *Io, BOOLEAN Write, PVOID Data,
                     ULONG Length);
/* Waits for the request; returns its final status (DataUsed in Io->Header). */
NTSTATUS KscWaitIo(KSC_IO *Io);
/* TRUE if the request has completed (never blocks). */
BOOLEAN KscIoDone(KSC_IO *Io);

/* Sleeps for Milliseconds of (virtual) time. */
VOID KscSleep(ULONG Milliseconds);

#endif /* KSCLIENT_H */
