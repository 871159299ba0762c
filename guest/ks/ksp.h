/* SPDX-License-Identifier: MIT */
/*
 * Private KS helpers the ports build on: property buffers and size rules,
 * state stepping, format matching and intersection, pin-create parsing and
 * the stream-header queue. Nothing here is public DDI; callers own locking
 * unless a routine says otherwise.
 */
#ifndef CYC_KSP_H
#define CYC_KSP_H

#include <wdm.h>
#include <ks.h>
#include <ksmedia.h>

#define KSP_TAG(a, b, c, d) \
    ((ULONG)(a) | ((ULONG)(b) << 8) | ((ULONG)(c) << 16) | ((ULONG)(d) << 24))
#define KSP_POOL_TAG KSP_TAG('K', 's', 'p', ' ')

/* Property requests (IOCTL_KS_PROPERTY, METHOD_NEITHER) -------------------- */

typedef struct KSP_PROPERTY_REQUEST {
    PIRP Irp;
    PKSPROPERTY Property;   /* the input buffer, InputLength bytes */
    ULONG InputLength;
    PVOID Value;            /* the output buffer (GET and SET alike) */
    ULONG ValueLength;
} KSP_PROPERTY_REQUEST;

/* STATUS_BUFFER_TOO_SMALL unless the input holds a KSPROPERTY. */
NTSTATUS KspGetPropertyRequest(PIRP Irp, KSP_PROPERTY_REQUEST *Request);

/*
 * The KS size rule for a fixed-size value of Needed bytes: an empty output
 * buffer is a size query (STATUS_BUFFER_OVERFLOW, Information = Needed), a
 * short one STATUS_BUFFER_TOO_SMALL, else STATUS_SUCCESS.
 */
NTSTATUS KspCheckValueSize(KSP_PROPERTY_REQUEST *Request, ULONG Needed);

/*
 * Answers a KSMULTIPLE_ITEM property with Count items of ItemSize bytes
 * taken from Items (or produced by Copy when items vary, see format code):
 * size query, header-only answer, or the full list.
 */
NTSTATUS KspReplyMultipleItem(KSP_PROPERTY_REQUEST *Request, ULONG Count,
                              ULONG ItemSize, const VOID *Items);

/* States ------------------------------------------------------------------- */

/* The next state on the way from Current to Target (KS steps one at a time). */
KSSTATE KspNextState(KSSTATE Current, KSSTATE Target);
BOOLEAN KspIsValidState(ULONG State);

/* Formats ------------------------------------------------------------------ */

/* A WAVEFORMATEX inside Format (PCM/float/extensible), or NULL. */
const WAVEFORMATEX *KspWaveFormat(const KSDATAFORMAT *Format, ULONG Size);

/*
 * STATUS_INVALID_PARAMETER for a malformed format (sizes, block align,
 * extensible rules), STATUS_NO_MATCH if well formed but outside Range.
 */
NTSTATUS KspFormatMatchesRange(const KSDATAFORMAT *Format, ULONG Size,
                               const KSDATARANGE *Range);

/*
 * The default PCM intersection (the port's answer when the miniport
 * returns STATUS_NOT_IMPLEMENTED): highest rate and bits in both ranges,
 * stereo over mono, result KSDATAFORMAT_WAVEFORMATEX. Size rules as in
 * IMiniport::DataRangeIntersection.
 */
NTSTATUS KspDefaultAudioIntersection(const KSDATARANGE *ClientRange,
                                     const KSDATARANGE *PinRange,
                                     ULONG OutputLength, PVOID Result,
                                     PULONG ResultLength);

/* Bytes per second and per frame of a wave format. */
ULONG KspBytesPerFrame(const WAVEFORMATEX *Wave);

/* Pin creation ------------------------------------------------------------- */

/*
 * From a pin-create file name (KSSTRING_Pin, '\', KSPIN_CONNECT, format)
 * returns pool copies (tag KSP_POOL_TAG) of the connect structure and the
 * format that follows it. STATUS_INVALID_PARAMETER if malformed.
 */
NTSTATUS KspParsePinCreateName(PCUNICODE_STRING FileName,
                               PKSPIN_CONNECT *Connect,
                               PKSDATAFORMAT *Format, PULONG FormatSize);
BOOLEAN KspIsPinCreateName(PCUNICODE_STRING FileName);

/* Stream headers ----------------------------------------------------------- */

/*
 * A FIFO of IOCTL_KS_WRITE_STREAM/READ_STREAM IRPs, each an array of
 * KSSTREAM_HEADERs, consumed byte by byte. Render uses DataUsed bytes of each
 * header, capture fills up to FrameExtent and sets DataUsed. The owner holds
 * its lock around every call; IRPs finished by a call are moved to Done and
 * must be completed after the lock is dropped (KspCompleteIrpList).
 */
typedef struct KSP_STREAM_QUEUE {
    LIST_ENTRY Irps;
    BOOLEAN Capture;
    ULONG HeaderIndex;      /* of the head IRP */
    ULONG HeaderOffset;     /* bytes consumed in that header */
    ULONGLONG BytesQueued;  /* still to transfer over all IRPs */
} KSP_STREAM_QUEUE;

VOID KspQueueInit(KSP_STREAM_QUEUE *Queue, BOOLEAN Capture);

/* Validates the header array and returns the bytes it moves; an IRP of 0
 * bytes must be completed at once, not queued (nothing would finish it). */
NTSTATUS KspQueueValidate(PIRP Irp, BOOLEAN Capture, PULONGLONG Bytes);
VOID KspQueueAdd(KSP_STREAM_QUEUE *Queue, PIRP Irp);

/* The next contiguous client bytes, or FALSE if none are queued. */
BOOLEAN KspQueueGetChunk(KSP_STREAM_QUEUE *Queue, PUCHAR *Data,
                         PULONG Length);
/* Consumes Length bytes of the chunk; finished IRPs move to Done. */
VOID KspQueueAdvance(KSP_STREAM_QUEUE *Queue, ULONG Length, PLIST_ENTRY Done);
/* Moves every queued IRP to Done with Status (partial capture data kept). */
VOID KspQueueFlush(KSP_STREAM_QUEUE *Queue, NTSTATUS Status,
                   PLIST_ENTRY Done);
/* The header the next chunk comes from (after KspQueueGetChunk said TRUE),
 * NULL if nothing is queued. */
PKSSTREAM_HEADER KspQueueCurrentHeader(KSP_STREAM_QUEUE *Queue);
/* Moves the head IRP to Done with Status now, whatever is left in it. */
VOID KspQueueCompleteHead(KSP_STREAM_QUEUE *Queue, NTSTATUS Status,
                          PLIST_ENTRY Done);
/*
 * Gives data back: the IRPs of Irps (in order; the list is emptied) go back
 * in front of the queue, the next chunk starts at Data in the first of them
 * (in the head IRP when Irps is empty) and Bytes more are queued. For a
 * consumer whose handed-out data was returned unmoved (WavePci across D3).
 * FALSE, nothing changed, if Data is in no header of that IRP.
 */
BOOLEAN KspQueueReturn(KSP_STREAM_QUEUE *Queue, PLIST_ENTRY Irps, PUCHAR Data,
                       ULONGLONG Bytes);
/*
 * Render data of a MIDI pin: every header's DataUsed bytes must be whole
 * KSMUSICFORMAT records (each ULONG aligned after the previous one's
 * bytes). A record header cut short or a ByteCount running past DataUsed:
 * STATUS_INVALID_PARAMETER, as for any inconsistent stream header.
 */
NTSTATUS KspValidateMusicIrp(PIRP Irp);
/* Completes the IRPs of a Done list; call without locks held. */
VOID KspCompleteIrpList(PLIST_ENTRY Done);

#endif /* CYC_KSP_H */
