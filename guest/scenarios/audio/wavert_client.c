/* SPDX-License-Identifier: MIT */
/*
 * The WaveRT client loop (wavert.h). The port is out of the data path: the
 * client writes (reads) the mapped buffer itself, where the position
 * register says the device is not. Device frames D are unwrapped from the
 * position register at every wake; W (render) or R (capture) are the client's
 * frames. Render: a glitch is a wake that finds D >= W (the device reached
 * data not written); capture: D - R > buffer (data overwritten unread).
 *
 * Timing checks: t_run, the QPC of device frame 0, comes from the record
 * behind PRESENTATION_POSITION (render) or GETREADPACKET (capture); every
 * position read is bracketed by QPC reads q1 <= read <= q2 and must lie in
 * [floor((q1 - t_run) rate / 1e9), floor((q2 - t_run) rate / 1e9)], the
 * device's POS formula at the read. An event's latency is its wake time
 * minus the boundary of the latest period (t_run + ceil(b P 1e9 / rate)).
 */
#include "wavert.h"
#include "../scenario.h"
#include <platform.h>
#include <ntifs.h>

/* no event for this long: give up (between one and two of these) */
#define WAVERT_WAIT_PERIODS 50u
#define WAVERT_CLOCK_SLACK_NS 1000u

typedef struct wavert_loop {
    wavert_stream *s;
    wavert_mode mode;
    wavert_stats *st;
    uint32_t P;                 /* frames per period */
    uint32_t B;                 /* frames in the buffer */
    uint64_t D;                 /* device frames, unwrapped */
    uint32_t last;              /* last position, frames */
    int64_t t_run;              /* QPC of device frame 0 */
    bool have_t_run;
    KTIMER watchdog;            /* event modes: the bound of every wait */
    KDPC watchdog_dpc;
    uint32_t watchdog_wakes;    /* st->wakes at its previous expiry */
    bool stalled;               /* an expiry found no wake since the last */
} wavert_loop;

static uint64_t wavert_qpc(void)
{
    return (uint64_t)KeQueryPerformanceCounter(NULL).QuadPart;
}

static uint64_t wavert_frames_to_ns(uint64_t frames, uint32_t rate)
{
    return frames / rate * 1000000000ull +
           ((frames % rate) * 1000000000ull + rate - 1) / rate;
}

static uint64_t wavert_ns_to_frames(int64_t ns, uint32_t rate)
{
    if (ns <= 0) {
        return 0;
    }
    return (uint64_t)ns / 1000000000ull * rate +
           (uint64_t)ns % 1000000000ull * rate / 1000000000ull;
}

NTSTATUS wavert_property(KSC_FILE *pin, PVOID in, ULONG in_length,
                                ULONG id, ULONG flags, PVOID out,
                                ULONG out_length)
{
    PKSPROPERTY prop = in;
    ULONG bytes = 0;

    prop->Set = KSPROPSETID_RtAudio;
    prop->Id = id;
    prop->Flags = flags;
    return KscDeviceIoControl(pin, IOCTL_KS_PROPERTY, in, in_length, out,
                              out_length, &bytes);
}

static NTSTATUS wavert_register(wavert_stream *s, ULONG id,
                                volatile ULONG **out)
{
    KSRTAUDIO_HWREGISTER_PROPERTY in = { .BaseAddress = NULL };
    KSRTAUDIO_HWREGISTER reg = { 0 };
    NTSTATUS status = wavert_property(s->pin, &in, sizeof(in), id,
                                      KSPROPERTY_TYPE_GET, &reg, sizeof(reg));

    *out = reg.Register;
    return NT_SUCCESS(status) && reg.Register == NULL ?
           STATUS_UNSUCCESSFUL : status;
}

NTSTATUS wavert_open(PDEVICE_OBJECT Pdo, bool Capture, const audio_params *p,
                     uint32_t PeriodFrames, uint32_t Periods,
                     bool Notifications, wavert_stream *s)
{
    KSRTAUDIO_BUFFER_PROPERTY_WITH_NOTIFICATION in = { .BaseAddress = NULL };
    KSRTAUDIO_BUFFER out = { 0 };
    KSPIN_CONNECT connect;
    KSC_WAVE_FORMAT format;
    NTSTATUS status;

    RtlZeroMemory(s, sizeof(*s));
    s->capture = Capture;
    s->rate = p->rate;
    s->fb = audio_frame_bytes(p);
    s->notifications = Notifications ? Periods : 0;
    status = KscOpenFilter(Pdo, CYC_WAVERT_NAME, &s->filter);
    if (NT_SUCCESS(status)) {
        KscBuildConnect(&connect, Capture ? KSPIN_WAVE_CAPTURE_SOURCE :
                                            KSPIN_WAVE_RENDER_SINK);
        audio_build_format(p, &format);
        status = KscCreatePin(s->filter, &connect,
                              &format.Format.DataFormat, &s->pin);
    }
    if (NT_SUCCESS(status)) {
        in.RequestedBufferSize = PeriodFrames * Periods * s->fb;
        in.NotificationCount = Periods;
        status = wavert_property(
            s->pin, &in,
            Notifications ? sizeof(in) : sizeof(KSRTAUDIO_BUFFER_PROPERTY),
            Notifications ? KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION :
                            KSPROPERTY_RTAUDIO_BUFFER,
            KSPROPERTY_TYPE_GET, &out, sizeof(out));
    }
    if (NT_SUCCESS(status)) {
        s->buffer = out.BufferAddress;
        s->size = out.ActualBufferSize;
        s->period = s->size / Periods;
        if (s->size != in.RequestedBufferSize) {
            status = STATUS_UNSUCCESSFUL;
        }
    }
    if (NT_SUCCESS(status)) {
        status = wavert_register(s, KSPROPERTY_RTAUDIO_POSITIONREGISTER,
                                 &s->position);
    }
    if (NT_SUCCESS(status)) {
        status = wavert_register(s, KSPROPERTY_RTAUDIO_CLOCKREGISTER,
                                 &s->clock);
    }
    if (NT_SUCCESS(status) && Notifications) {
        status = wavert_event_create(&s->event_handle, &s->event);
    }
    if (NT_SUCCESS(status) && Notifications) {
        status = wavert_event_property(s->pin, s->event_handle, true);
        s->registered = NT_SUCCESS(status);
    }
    if (!NT_SUCCESS(status)) {
        wavert_close(s);
    }
    return status;
}

NTSTATUS wavert_event_create(HANDLE *Handle, PKEVENT *Event)
{
    NTSTATUS status;

    *Event = NULL;
    status = ZwCreateEvent(Handle, EVENT_ALL_ACCESS, NULL,
                           SynchronizationEvent, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(*Handle, SYNCHRONIZE,
                                       *ExEventObjectType, KernelMode,
                                       (PVOID *)Event, NULL);
    if (!NT_SUCCESS(status)) {
        ZwClose(*Handle);
    }
    return status;
}

void wavert_event_close(HANDLE Handle, PKEVENT Event)
{
    ObDereferenceObject(Event);
    ZwClose(Handle);
}

NTSTATUS wavert_event_property(KSC_FILE *pin, HANDLE Event, bool Register)
{
    KSRTAUDIO_NOTIFICATION_EVENT_PROPERTY ev = { .NotificationEvent = Event };

    return wavert_property(
        pin, &ev, sizeof(ev),
        Register ? KSPROPERTY_RTAUDIO_REGISTER_NOTIFICATION_EVENT :
                   KSPROPERTY_RTAUDIO_UNREGISTER_NOTIFICATION_EVENT,
        KSPROPERTY_TYPE_GET, NULL, 0);
}

void wavert_close(wavert_stream *s)
{
    if (s->registered) {
        wavert_event_property(s->pin, s->event_handle, false);
        s->registered = false;
    }
    if (s->event != NULL) {
        wavert_event_close(s->event_handle, s->event);
        s->event = NULL;
    }
    KscClose(s->pin);
    KscClose(s->filter);
    s->pin = NULL;
    s->filter = NULL;
}

/* t_run from the record: render PRESENTATION_POSITION, capture packets. */
static void wavert_sync_time(wavert_loop *l)
{
    KSAUDIO_PRESENTATION_POSITION pp = { 0 };
    KSPROPERTY prop;
    int64_t t;

    if (l->s->capture ||
        !NT_SUCCESS(wavert_property(l->s->pin, &prop, sizeof(prop),
                                    KSPROPERTY_RTAUDIO_PRESENTATION_POSITION,
                                    KSPROPERTY_TYPE_GET, &pp, sizeof(pp))) ||
        pp.u64PositionInBlocks == 0) {
        return;
    }
    t = pp.u64QPCPosition.QuadPart -
        (int64_t)wavert_frames_to_ns(pp.u64PositionInBlocks, l->s->rate);
    /* Every record must give the same start: frames and times agree. */
    if (l->have_t_run && t != l->t_run) {
        l->st->clock_bad++;
    }
    l->t_run = t;
    l->have_t_run = true;
}

/* One bracketed read of the position and clock registers. */
static void wavert_read_position(wavert_loop *l)
{
    wavert_stream *s = l->s;
    uint64_t q1 = wavert_qpc();
    ULONG c1 = READ_REGISTER_ULONG(s->clock);
    ULONG pos = READ_REGISTER_ULONG(s->position);
    ULONG c2 = READ_REGISTER_ULONG(s->clock);
    uint64_t q2 = wavert_qpc();
    uint32_t frames = pos / s->fb;
    uint64_t lo;
    uint64_t hi;

    /* The clock register counts the same nanoseconds as QPC. */
    if ((uint32_t)(c2 - c1) > q2 - q1 + WAVERT_CLOCK_SLACK_NS) {
        l->st->clock_bad++;
    }
    l->st->position_reads++;
    if (!l->have_t_run) {
        /* Unwrapped: right while reads are less than a buffer apart. */
        l->D += (frames + l->B - l->last) % l->B;
        l->last = frames;
        return;
    }
    /*
     * The frame count the register's offset stands for: the one nearest
     * the formula at q1, so a late wake (a missed event) is seen as such.
     */
    lo = wavert_ns_to_frames((int64_t)q1 - l->t_run, s->rate);
    hi = wavert_ns_to_frames((int64_t)q2 - l->t_run, s->rate);
    l->D = lo + (frames + l->B - lo % l->B) % l->B;
    if (l->D >= lo + l->B / 2 && l->D >= l->B) {
        l->D -= l->B;
    }
    l->last = frames;
    if (l->D < lo || l->D > hi || pos % s->fb != 0) {
        tap_diag("wavert: POS %lu read in [%llu, %llu] ns: frame %llu, "
                 "formula [%llu, %llu]", (unsigned long)pos,
                 (unsigned long long)q1, (unsigned long long)q2,
                 (unsigned long long)l->D, (unsigned long long)lo,
                 (unsigned long long)hi);
        l->st->position_bad++;
    }
}

static void wavert_latency(wavert_loop *l, uint64_t wake)
{
    uint64_t boundary;
    uint64_t latency;

    if (!l->have_t_run || l->D < l->P) {
        return;
    }
    boundary = (uint64_t)l->t_run +
               wavert_frames_to_ns(l->D / l->P * l->P, l->s->rate);
    latency = wake > boundary ? wake - boundary : 0;
    if (l->st->latency_n == 0 || latency < l->st->latency_min_ns) {
        l->st->latency_min_ns = latency;
    }
    if (latency > l->st->latency_max_ns) {
        l->st->latency_max_ns = latency;
    }
    l->st->latency_sum_ns += latency;
    l->st->latency_n++;
}

/*
 * DISPATCH_LEVEL, every WAVERT_WAIT_PERIODS periods: a loop that has not
 * woken since the previous expiry is stuck; its wait ends with the event.
 */
static VOID NTAPI wavert_watchdog(PKDPC Dpc, PVOID Context, PVOID Arg1,
                                  PVOID Arg2)
{
    wavert_loop *l = Context;

    (void)Dpc;
    (void)Arg1;
    (void)Arg2;
    if (l->st->wakes == l->watchdog_wakes) {
        l->stalled = true;
        KeSetEvent(l->s->event, IO_NO_INCREMENT, FALSE);
    }
    l->watchdog_wakes = l->st->wakes;
}

static uint32_t wavert_period_ms(const wavert_loop *l)
{
    return (uint32_t)(l->P * 1000ull / l->s->rate);
}

/*
 * Event modes: one periodic timer bounds every wait of the loop. A timeout
 * on each wait would set and cancel a timer every period, two writes of the
 * APIC timer and two virtual-timer deadlines in QEMU per period for nothing.
 */
static void wavert_watchdog_start(wavert_loop *l)
{
    LONG period = (LONG)((wavert_period_ms(l) + 1) * WAVERT_WAIT_PERIODS);
    LARGE_INTEGER due = { .QuadPart = -(LONGLONG)period * 10000 };

    if (l->mode == WAVERT_POLL) {
        return;
    }
    KeInitializeTimerEx(&l->watchdog, NotificationTimer);
    KeInitializeDpc(&l->watchdog_dpc, wavert_watchdog, l);
    KeSetTimerEx(&l->watchdog, due, period, &l->watchdog_dpc);
}

static void wavert_watchdog_stop(wavert_loop *l)
{
    if (l->mode == WAVERT_POLL) {
        return;
    }
    KeCancelTimer(&l->watchdog);
    KeFlushQueuedDpcs();
}

/* Sleeps until the next event (or half a period when polling). */
static NTSTATUS wavert_wait(wavert_loop *l)
{
    uint32_t ms = wavert_period_ms(l);
    NTSTATUS status;

    if (l->mode == WAVERT_POLL) {
        KscSleep(ms / 2 ? ms / 2 : 1);
        return STATUS_SUCCESS;
    }
    status = KeWaitForSingleObject(l->s->event, Executive, KernelMode, FALSE,
                                   NULL);
    return l->stalled ? STATUS_TIMEOUT : status;
}

static void wavert_begin(wavert_loop *l, wavert_stream *s, wavert_mode mode,
                         wavert_stats *st, audio_result *r)
{
    RtlZeroMemory(l, sizeof(*l));
    RtlZeroMemory(st, sizeof(*st));
    RtlZeroMemory(r, sizeof(*r));
    l->s = s;
    l->mode = mode;
    l->st = st;
    l->P = s->period / s->fb;
    l->B = s->size / s->fb;
}

/* Render: frames [W, W + n) into the buffer, the client's data or silence. */
static void wavert_write(wavert_loop *l, uint64_t w, uint32_t n,
                         uint64_t total, audio_fill_fn fill, void *ctx)
{
    uint8_t *dst = l->s->buffer + (w % l->B) * l->s->fb;
    uint32_t data = w >= total ? 0 : (uint32_t)min(n, total - w);

    if (data != 0) {
        fill(ctx, dst, w, data);
    }
    RtlZeroMemory(dst + data * l->s->fb, (n - data) * l->s->fb);
}

/* Packet mode: tell the driver packet w / P is written. */
static void wavert_set_packet(wavert_loop *l, uint64_t w, uint64_t total)
{
    KSPROPERTY prop;
    KSRTAUDIO_SETWRITEPACKET_INFO info = {
        .PacketNumber = (ULONG)(w / l->P),
    };
    NTSTATUS status;

    if (w < total && w + l->P >= total) {
        info.Flags = KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM;
        info.EosPacketLength = (ULONG)((total - w) * l->s->fb);
    }
    if (w >= total) {
        return;         /* after EOS the driver plays silence */
    }
    status = wavert_property(l->s->pin, &prop, sizeof(prop),
                             KSPROPERTY_RTAUDIO_SETWRITEPACKET,
                             KSPROPERTY_TYPE_SET, &info, sizeof(info));
    if (status == STATUS_DATA_LATE_ERROR) {
        l->st->late_packets++;
    }
}

NTSTATUS wavert_render(wavert_stream *s, wavert_mode mode,
                       uint64_t total_frames, audio_fill_fn fill, void *ctx,
                       uint32_t tail_ms, audio_result *r, wavert_stats *st)
{
    wavert_loop l;
    uint64_t end = total_frames + (uint64_t)s->rate * tail_ms / 1000;
    uint64_t w = 0;
    uint64_t wake;
    NTSTATUS status;

    wavert_begin(&l, s, mode, st, r);
    /* The whole buffer before RUN; packets 0 .. count - 1 announced. */
    for (; w < l.B; w += l.P) {
        wavert_write(&l, w, l.P, total_frames, fill, ctx);
        if (mode == WAVERT_PACKET) {
            wavert_set_packet(&l, w, total_frames);
        }
    }
    status = KscSetState(s->pin, KSSTATE_RUN);
    r->start_ns = KeQueryInterruptTime() * 100u;
    wavert_watchdog_start(&l);
    while (NT_SUCCESS(status) && l.D < end) {
        status = wavert_wait(&l);
        if (status == STATUS_TIMEOUT) {
            tap_diag("wavert: no event for %u periods at frame %llu",
                     WAVERT_WAIT_PERIODS, (unsigned long long)l.D);
            status = STATUS_IO_TIMEOUT;
            break;
        }
        wake = wavert_qpc();
        st->wakes++;
        wavert_sync_time(&l);
        wavert_read_position(&l);
        if (mode != WAVERT_POLL) {
            wavert_latency(&l, wake);
        }
        if (l.D >= w) {
            st->glitches++;
        }
        /* Everything but the period the device is in. */
        for (; w + l.P <= l.D / l.P * l.P + l.B; w += l.P) {
            wavert_write(&l, w, l.P, total_frames, fill, ctx);
            if (mode == WAVERT_PACKET) {
                wavert_set_packet(&l, w, total_frames);
            }
        }
    }
    audio_read_stats(s->pin, r);
    KscSetState(s->pin, KSSTATE_STOP);
    r->end_ns = KeQueryInterruptTime() * 100u;
    wavert_watchdog_stop(&l);
    r->frames = min(w, total_frames);
    r->packets = st->wakes;
    r->underruns = st->glitches;
    r->status = status;
    return status;
}

/* Capture: GETREADPACKET until DEVICE_NOT_READY; t_run from the first. */
static uint64_t wavert_read_packets(wavert_loop *l, uint64_t r_frames)
{
    KSPROPERTY prop;
    KSRTAUDIO_GETREADPACKET_INFO info;
    uint64_t ready = r_frames;

    while (NT_SUCCESS(wavert_property(l->s->pin, &prop, sizeof(prop),
                                      KSPROPERTY_RTAUDIO_GETREADPACKET,
                                      KSPROPERTY_TYPE_GET, &info,
                                      sizeof(info)))) {
        int64_t t = (int64_t)info.PerformanceCounterValue -
                    (int64_t)wavert_frames_to_ns(
                        (uint64_t)info.PacketNumber * l->P, l->s->rate);

        if (l->have_t_run && t != l->t_run) {
            l->st->clock_bad++;
        }
        l->t_run = t;
        l->have_t_run = true;
        if ((uint64_t)info.PacketNumber * l->P != ready) {
            l->st->glitches++;      /* a packet was skipped */
        }
        ready = ((uint64_t)info.PacketNumber + 1) * l->P;
        if (!info.MoreData) {
            break;
        }
    }
    return ready;
}

NTSTATUS wavert_capture(wavert_stream *s, wavert_mode mode,
                        uint64_t total_frames, audio_check_fn check,
                        void *ctx, audio_result *r, wavert_stats *st)
{
    wavert_loop l;
    uint64_t done = 0;
    uint64_t packets;
    uint64_t ready;
    uint64_t wake;
    uint32_t n;
    NTSTATUS status;

    wavert_begin(&l, s, mode, st, r);
    status = KscSetState(s->pin, KSSTATE_RUN);
    r->start_ns = KeQueryInterruptTime() * 100u;
    wavert_watchdog_start(&l);
    while (NT_SUCCESS(status) && done < total_frames) {
        status = wavert_wait(&l);
        if (status == STATUS_TIMEOUT) {
            status = STATUS_IO_TIMEOUT;
            break;
        }
        wake = wavert_qpc();
        st->wakes++;
        packets = mode == WAVERT_POLL ? done : wavert_read_packets(&l, done);
        wavert_read_position(&l);
        if (mode != WAVERT_POLL) {
            wavert_latency(&l, wake);
        }
        /* Packets, whole periods (events) or everything written (polling). */
        ready = mode == WAVERT_PACKET ? packets :
                mode == WAVERT_EVENT ? l.D / l.P * l.P : l.D;
        if (ready - done > l.B) {
            st->glitches++;         /* overwritten before we read it */
            done = ready - l.B;
        }
        while (done < ready && done < total_frames) {
            n = (uint32_t)min(min(ready - done, l.B - done % l.B),
                              total_frames - done);
            if (check != NULL &&
                !check(ctx, s->buffer + (done % l.B) * s->fb, done, n)) {
                r->mismatches++;
            }
            done += n;
        }
    }
    audio_read_stats(s->pin, r);
    KscSetState(s->pin, KSSTATE_STOP);
    r->end_ns = KeQueryInterruptTime() * 100u;
    wavert_watchdog_stop(&l);
    r->frames = done;
    r->packets = st->wakes;
    r->underruns = st->glitches;
    r->status = status;
    return status;
}

void wavert_print_stats(const char *scenario, uint32_t period_frames,
                        const wavert_stats *st)
{
    con_printf("# wavert scenario=%s period_frames=%u wakes=%u glitches=%u "
               "late_packets=%u position_reads=%u position_bad=%u "
               "clock_bad=%u latency_min_ns=%llu latency_max_ns=%llu "
               "latency_mean_ns=%llu\n", scenario, period_frames, st->wakes,
               st->glitches, st->late_packets, st->position_reads,
               st->position_bad, st->clock_bad,
               (unsigned long long)st->latency_min_ns,
               (unsigned long long)st->latency_max_ns,
               (unsigned long long)(st->latency_n ?
                                    st->latency_sum_ns / st->latency_n : 0));
}
