/* SPDX-License-Identifier: MIT */
/*
 * WavePci scenarios: the client requests a WavePci port cuts into mappings.
 * wavepci-odd-buffers streams the test pattern in packets of 1 frame, 37
 * frames, 64 KiB and 1000 frames laid out back to back from 4 frames before
 * a page boundary (so pieces cross pages everywhere); every request must
 * complete with its byte count and the dump holds the pattern, gapless.
 * wavepci-cancel resets a running pin (KSRESET_BEGIN): the requests not yet
 * played come back STATUS_CANCELLED, the stream then carries on.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>

#define WAVEPCI_POOLTAG \
    ((ULONG)'W' | ((ULONG)'p' << 8) | ((ULONG)'c' << 16) | ((ULONG)'S' << 24))
#define WAVEPCI_MAX_IOS     32u
#define WAVEPCI_TAIL_MS     60u

/* Packet sizes in frames, cycled; 16384 stereo s16 frames are 64 KiB. */
static const uint32_t wavepci_packets[] = { 1, 37, 16384, 1000 };

typedef struct wavepci_stream {
    audio_params p;
    audio_device d;
    KSC_FILE *pin;
    PUCHAR pool;
    PUCHAR data;                /* 4 frames before a page boundary */
    KSC_IO io[WAVEPCI_MAX_IOS];
    uint32_t bytes[WAVEPCI_MAX_IOS];
    uint32_t count;
} wavepci_stream;

/* The WavePci filter and a render pin over it in PAUSE, the pattern for
 * the whole duration laid out in one buffer. */
static bool wavepci_open(wavepci_stream *s, uint32_t default_ms)
{
    uint32_t fb;
    uint64_t total;
    NTSTATUS status;

    RtlZeroMemory(s, sizeof(*s));
    if (!audio_params_read(&s->p, default_ms) ||
        !NT_SUCCESS(audio_device_open(&s->d, "cycaudio", false))) {
        return false;
    }
    KscClose(s->d.wave);
    s->d.wave = NULL;
    status = KscOpenFilter(s->d.pdo, CYC_WAVEPCI_NAME, &s->d.wave);
    if (NT_SUCCESS(status)) {
        status = audio_pin_create(&s->d, KSPIN_WAVE_RENDER_SINK, &s->p,
                                  &s->pin);
    }
    fb = audio_frame_bytes(&s->p);
    total = audio_total_frames(&s->p);
    if (NT_SUCCESS(status)) {
        s->pool = ExAllocatePoolWithTag(NonPagedPoolNx,
                                        total * fb + 2 * PAGE_SIZE,
                                        WAVEPCI_POOLTAG);
        status = s->pool ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    }
    if (!tap_ok(NT_SUCCESS(status), "WavePci render pin %s %u Hz %u ch: %s",
                audiogen_format_name(s->p.format), s->p.rate, s->p.channels,
                audio_status_name(status))) {
        KscClose(s->pin);
        audio_device_close(&s->d);
        return false;
    }
    s->data = (PUCHAR)ALIGN_UP_BY(s->pool, PAGE_SIZE) + PAGE_SIZE - 4 * fb;
    audio_fill_pattern(&s->p, s->data, 0, total);
    /* requests are queued in PAUSE: RUN starts with the ring full */
    KscSetState(s->pin, KSSTATE_PAUSE);
    return true;
}

static void wavepci_close(wavepci_stream *s)
{
    uint32_t i;

    for (i = 0; i < s->count; i++) {
        KscWaitIo(&s->io[i]);
    }
    KscSetState(s->pin, KSSTATE_STOP);
    KscClose(s->pin);
    audio_device_close(&s->d);
    ExFreePoolWithTag(s->pool, WAVEPCI_POOLTAG);
}

/* Queues frames [first, first + frames) as one request. */
static bool wavepci_write(wavepci_stream *s, uint64_t first, uint32_t frames)
{
    uint32_t fb = audio_frame_bytes(&s->p);
    NTSTATUS status;

    if (s->count == WAVEPCI_MAX_IOS) {
        return false;
    }
    s->bytes[s->count] = frames * fb;
    status = KscStreamIo(s->pin, &s->io[s->count], TRUE,
                         s->data + first * fb, frames * fb);
    s->count++;
    return status == STATUS_PENDING || NT_SUCCESS(status);
}

/* Waits until the device has played Frames (position) plus the tail. */
static void wavepci_play_out(wavepci_stream *s, uint64_t frames)
{
    uint32_t fb = audio_frame_bytes(&s->p);
    KSAUDIO_POSITION pos = { 0 };
    uint32_t ms;

    for (ms = 0; ms < 10000; ms++) {
        KscGetPosition(s->pin, &pos);
        if (pos.PlayOffset >= frames * fb) {
            break;
        }
        KscSleep(1);
    }
    KscSleep(WAVEPCI_TAIL_MS);
}

static void wavepci_odd_buffers_run(void)
{
    wavepci_stream s;
    audio_result r;
    uint64_t total, at = 0;
    uint32_t i, bad = 0;

    if (!wavepci_open(&s, 500)) {
        return;
    }
    total = audio_total_frames(&s.p);
    for (i = 0; at < total; i++) {
        uint32_t n = wavepci_packets[i % COM_ARRAY_SIZE(wavepci_packets)];

        if (n > total - at) {
            n = (uint32_t)(total - at);
        }
        if (!wavepci_write(&s, at, n)) {
            break;
        }
        at += n;
    }
    tap_ok(at == total, "queued %llu of %llu frames in %u requests",
           (unsigned long long)at, (unsigned long long)total, s.count);
    RtlZeroMemory(&r, sizeof(r));
    r.start_ns = KeQueryInterruptTime() * 100u;
    KscSetState(s.pin, KSSTATE_RUN);
    for (i = 0; i < s.count; i++) {
        if (KscWaitIo(&s.io[i]) != STATUS_SUCCESS ||
            s.io[i].IoStatus.Information != s.bytes[i]) {
            bad++;
        }
    }
    tap_ok(bad == 0, "%u requests of 1 frame to 64 KiB completed with their "
           "byte counts (%u wrong)", s.count, bad);
    wavepci_play_out(&s, total);
    r.end_ns = KeQueryInterruptTime() * 100u;
    r.frames = at;
    r.packets = s.count;
    audio_print_summary("wavepci-odd-buffers", &s.p, &r);
    wavepci_close(&s);
}

SCENARIO("wavepci-odd-buffers",
         "WavePci render in requests of 1 frame, page-crossing and 64 KiB",
         wavepci_odd_buffers_run);

static void wavepci_cancel_run(void)
{
    const ULONG begin = KSRESET_BEGIN;
    const ULONG end = KSRESET_END;
    wavepci_stream s;
    uint32_t packet, i, done = 0, cancelled = 0, after = 0;
    NTSTATUS status;

    if (!wavepci_open(&s, 400)) {
        return;
    }
    packet = audio_packet_frames(&s.p);
    for (i = 0; i < 16; i++) {
        wavepci_write(&s, (uint64_t)i * packet, packet);
    }
    KscSetState(s.pin, KSSTATE_RUN);
    KscSleep(s.p.period_ms * 4 + s.p.period_ms / 2);
    status = KscDeviceIoControl(s.pin, IOCTL_KS_RESET_STATE, (PVOID)&begin,
                                sizeof(begin), NULL, 0, NULL);
    tap_ok(NT_SUCCESS(status), "KSRESET_BEGIN while running: %s",
           audio_status_name(status));
    for (i = 0; i < s.count; i++) {
        status = KscWaitIo(&s.io[i]);
        done += status == STATUS_SUCCESS;
        cancelled += status == STATUS_CANCELLED;
    }
    tap_ok(done + cancelled == 16 && done >= 3 && cancelled >= 8,
           "%u requests played, %u cancelled", done, cancelled);
    KscDeviceIoControl(s.pin, IOCTL_KS_RESET_STATE, (PVOID)&end,
                       sizeof(end), NULL, 0, NULL);
    s.count = 0;
    for (i = 0; i < 4; i++) {
        wavepci_write(&s, (uint64_t)i * packet, packet);
    }
    for (i = 0; i < s.count; i++) {
        after += KscWaitIo(&s.io[i]) == STATUS_SUCCESS;
    }
    tap_ok(after == 4, "after KSRESET_END %u of 4 requests played", after);
    con_printf("# cancel played=%u cancelled=%u after=%u\n", done, cancelled,
               after);
    wavepci_close(&s);
}

SCENARIO("wavepci-cancel",
         "WavePci: KSRESET while running revokes the mappings, cancels the "
         "requests, then streams on", wavepci_cancel_run);
