/* SPDX-License-Identifier: MIT */
/*
 * The WaveRT client (what an exclusive-mode WASAPI client does over
 * KSPROPSETID_RtAudio): open a pin of the WaveRT filter, get the mapped
 * buffer (with notification or without), the position and clock registers,
 * and move every period straight into (render) or out of (capture) the
 * buffer, computing where from the position register. Three drivers of the
 * loop: the notification event, a timer (polling), and packets
 * (SETWRITEPACKET/GETREADPACKET).
 */
#ifndef AUDIO_WAVERT_H
#define AUDIO_WAVERT_H

#include "audio.h"

typedef enum wavert_mode {
    WAVERT_EVENT,       /* wait for the notification event */
    WAVERT_POLL,        /* sleep half a period, read the position */
    WAVERT_PACKET,      /* events plus the packet properties */
} wavert_mode;

typedef struct wavert_stream {
    KSC_FILE *filter;
    KSC_FILE *pin;
    bool capture;
    uint32_t rate;
    uint32_t fb;                /* bytes per frame */
    uint8_t *buffer;            /* the mapped cyclic buffer */
    uint32_t size;              /* bytes */
    uint32_t period;            /* bytes between notifications (or polls) */
    uint32_t notifications;     /* 0, 1 or 2 */
    volatile ULONG *position;   /* the position register (bytes) */
    volatile ULONG *clock;      /* the clock register (ns, low 32 bits) */
    HANDLE event_handle;        /* what the port registers */
    PKEVENT event;              /* the same event, for the waits */
    bool registered;
} wavert_stream;

/* A client's notification event as WASAPI makes one: an event handle for
 * the port (ZwCreateEvent, synchronization type), and the event object
 * behind it, referenced, for the client's own waits. */
NTSTATUS wavert_event_create(HANDLE *Handle, PKEVENT *Event);
/* Dereferences the event and closes the handle. */
void wavert_event_close(HANDLE Handle, PKEVENT Event);
/* REGISTER_ (or UNREGISTER_) NOTIFICATION_EVENT of Event, a handle or any
 * value a client might send. */
NTSTATUS wavert_event_property(KSC_FILE *pin, HANDLE Event, bool Register);

/* What the loop measured (the report's numbers). */
typedef struct wavert_stats {
    uint32_t wakes;             /* events (or timer wakes) handled */
    uint32_t glitches;          /* the device reached data not yet written
                                 * (render) or overwrote unread data */
    uint32_t late_packets;      /* SETWRITEPACKET answered DATA_LATE */
    uint32_t position_reads;
    uint32_t position_bad;      /* outside the formula's bracket */
    uint32_t clock_bad;         /* clock register vs QPC apart > 1 us */
    uint64_t latency_min_ns;    /* event wake minus period boundary */
    uint64_t latency_max_ns;
    uint64_t latency_sum_ns;
    uint32_t latency_n;
} wavert_stats;

/* IOCTL_KS_PROPERTY of KSPROPSETID_RtAudio, In's KSPROPERTY filled here. */
NTSTATUS wavert_property(KSC_FILE *pin, PVOID in, ULONG in_length, ULONG id,
                         ULONG flags, PVOID out, ULONG out_length);

/*
 * Opens pin (KSPIN_WAVE_RENDER_SINK or _CAPTURE_SOURCE) of the WaveRT
 * filter of Pdo with p's format, a buffer of Periods periods of
 * PeriodFrames frames (BUFFER_WITH_NOTIFICATION with Periods as the count
 * when Notifications, plain BUFFER otherwise), both registers, and the event
 * registered when Notifications.
 */
NTSTATUS wavert_open(PDEVICE_OBJECT Pdo, bool Capture, const audio_params *p,
                     uint32_t PeriodFrames, uint32_t Periods,
                     bool Notifications, wavert_stream *s);
void wavert_close(wavert_stream *s);

/*
 * Render total_frames from fill (silence after them) until the device has
 * played tail_ms past the last frame; then STOP. r gets frames, the driver
 * statistics and the virtual times like audio_render.
 */
NTSTATUS wavert_render(wavert_stream *s, wavert_mode mode,
                       uint64_t total_frames, audio_fill_fn fill, void *ctx,
                       uint32_t tail_ms, audio_result *r, wavert_stats *st);
/* Capture total_frames, each period handed to check (may be NULL). */
NTSTATUS wavert_capture(wavert_stream *s, wavert_mode mode,
                        uint64_t total_frames, audio_check_fn check,
                        void *ctx, audio_result *r, wavert_stats *st);

/*
 * The whole render stream of a scenario (mode= from the command line): open,
 * render total frames of fill, the checks, the summary and '# wavert' lines,
 * close. The melody's path when port=wavert.
 */
void wavert_play(audio_device *d, const char *name, const audio_params *p,
                 audio_fill_fn fill, void *ctx, uint32_t tail_ms);

/* The measurement line the e2e tests parse. */
void wavert_print_stats(const char *scenario, uint32_t period_frames,
                        const wavert_stats *st);

#endif /* AUDIO_WAVERT_H */
