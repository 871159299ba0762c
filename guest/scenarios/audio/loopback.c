/* SPDX-License-Identifier: MIT */
/*
 * capture-loopback: two streams at once on one adapter. A render pin plays the
 * test pattern while a capture pin, its mux set to the loopback source, records
 * what the device plays (post mixer, 0 dB: the pattern itself). The capture
 * must be one contiguous slice of the pattern — frame n is render frame R + n,
 * R being where the render stream was when the capture started — followed by
 * silence once the render data ends. Both streams' interrupts go through the
 * one ISR.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>

#define LOOPBACK_POOLTAG \
    ((ULONG)'L' | ((ULONG)'o' << 8) | ((ULONG)'o' << 16) | ((ULONG)'p' << 24))
#define LOOPBACK_MAX_IOS 64u

typedef struct loopback_side {
    KSC_FILE *pin;
    KSC_IO *ios;
    uint8_t *data;
    uint32_t packets;
} loopback_side;

static bool loopback_alloc(loopback_side *s, uint32_t packets, size_t bytes)
{
    s->packets = packets;
    s->ios = ExAllocatePoolWithTag(NonPagedPool, packets * sizeof(KSC_IO),
                                   LOOPBACK_POOLTAG);
    s->data = ExAllocatePoolWithTag(NonPagedPool, bytes, LOOPBACK_POOLTAG);
    if (s->ios != NULL) {
        RtlZeroMemory(s->ios, packets * sizeof(KSC_IO));
    }
    return s->ios != NULL && s->data != NULL;
}

static void loopback_free(loopback_side *s)
{
    if (s->ios != NULL) {
        ExFreePoolWithTag(s->ios, LOOPBACK_POOLTAG);
    }
    if (s->data != NULL) {
        ExFreePoolWithTag(s->data, LOOPBACK_POOLTAG);
    }
    KscClose(s->pin);
}

/* Queues every packet of a side at once (the port keeps them in order). */
static NTSTATUS loopback_submit(loopback_side *s, bool write,
                                uint32_t packet_bytes, size_t total_bytes)
{
    NTSTATUS status = STATUS_SUCCESS;
    size_t offset;
    uint32_t i;

    for (i = 0; i < s->packets; i++) {
        offset = (size_t)i * packet_bytes;
        status = KscStreamIo(s->pin, &s->ios[i], write, s->data + offset,
                             (ULONG)(total_bytes - offset < packet_bytes ?
                                     total_bytes - offset : packet_bytes));
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

static NTSTATUS loopback_wait(loopback_side *s)
{
    NTSTATUS status = STATUS_SUCCESS;
    NTSTATUS one;
    uint32_t i;

    for (i = 0; i < s->packets; i++) {
        one = KscWaitIo(&s->ios[i]);
        if (NT_SUCCESS(status) && !NT_SUCCESS(one)) {
            status = one;
        }
    }
    return status;
}

/*
 * The captured frames: silence, then pattern frames R, R+1, ... then silence.
 */
static void loopback_check(const audio_params *p, const uint8_t *got,
                           uint64_t frames, uint64_t render_frames)
{
    uint32_t fb = audio_frame_bytes(p);
    uint8_t want[CYC_FRAME_BYTES_MAX];
    uint8_t zero[CYC_FRAME_BYTES_MAX] = { 0 };
    uint64_t lead = 0;
    uint64_t first = UINT64_MAX;
    uint64_t matched = 0;
    uint64_t f;
    uint64_t k;

    while (lead < frames && RtlCompareMemory(got + lead * fb, zero, fb) == fb) {
        lead++;
    }
    for (k = 0; lead < frames && k < render_frames; k++) {
        audiogen_pattern_fill(want, p->format, p->channels, p->seed, k, 1);
        if (RtlCompareMemory(got + lead * fb, want, fb) == fb) {
            first = k;
            break;
        }
    }
    tap_diag("capture: %llu silent frames; frame 0 %02x%02x%02x%02x, last "
             "%02x%02x%02x%02x", (unsigned long long)lead, got[0], got[1],
             got[2], got[3], got[(frames - 1) * fb], got[(frames - 1) * fb + 1],
             got[(frames - 1) * fb + 2], got[(frames - 1) * fb + 3]);
    tap_ok(first != UINT64_MAX, "capture frame %llu is render frame %llu (R)",
           (unsigned long long)lead, (unsigned long long)first);
    if (first == UINT64_MAX) {
        return;
    }
    for (f = lead; f < frames && first + (f - lead) < render_frames; f++) {
        audiogen_pattern_fill(want, p->format, p->channels, p->seed,
                              first + (f - lead), 1);
        if (RtlCompareMemory(got + f * fb, want, fb) != fb) {
            break;
        }
        matched++;
    }
    tap_ok(f == frames || first + (f - lead) == render_frames,
           "%llu captured frames follow the render stream without a gap "
           "(stopped at capture frame %llu of %llu)",
           (unsigned long long)matched, (unsigned long long)f,
           (unsigned long long)frames);
    for (; f < frames; f++) {
        if (RtlCompareMemory(got + f * fb, zero, fb) != fb) {
            break;
        }
    }
    tap_ok(f == frames, "after the render data only silence (frame %llu)",
           (unsigned long long)f);
}

static void loopback_run(void)
{
    audio_params p;
    audio_device d;
    loopback_side render = { 0 };
    loopback_side capture = { 0 };
    uint32_t fb;
    uint32_t packet;
    uint64_t render_frames;
    uint64_t capture_frames;
    NTSTATUS status;

    if (!audio_params_read(&p, 400) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    fb = audio_frame_bytes(&p);
    packet = audio_packet_frames(&p);
    render_frames = audio_total_frames(&p);
    capture_frames = render_frames / 2;
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_MUX_SOURCE,
                             KSNODE_TOPO_WAVEIN_MUX,
                             KSPIN_TOPO_LOOPBACK_SOURCE);
    tap_ok(NT_SUCCESS(status), "mux source = loopback pin: %s",
           audio_status_name(status));
    if (!loopback_alloc(&render,
                        (uint32_t)((render_frames + packet - 1) / packet),
                        render_frames * fb) ||
        !loopback_alloc(&capture,
                        (uint32_t)((capture_frames + packet - 1) / packet),
                        capture_frames * fb) ||
        !tap_ok(render.packets <= LOOPBACK_MAX_IOS &&
                capture.packets <= LOOPBACK_MAX_IOS,
                "%u + %u packets in flight (at most %u each)", render.packets,
                capture.packets, LOOPBACK_MAX_IOS)) {
        tap_ok(false, "buffers for the loopback streams");
        goto out;
    }
    audiogen_pattern_fill(render.data, p.format, p.channels, p.seed, 0,
                          render_frames);
    RtlFillMemory(capture.data, capture_frames * fb, 0x5a);
    status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &p, &render.pin);
    if (NT_SUCCESS(status)) {
        status =
            audio_pin_create(&d, KSPIN_WAVE_CAPTURE_SOURCE, &p, &capture.pin);
    }
    if (!tap_ok(NT_SUCCESS(status), "render and capture pins: %s",
                audio_status_name(status))) {
        goto out;
    }
    KscSetState(render.pin, KSSTATE_PAUSE);
    KscSetState(capture.pin, KSSTATE_PAUSE);
    status = loopback_submit(&render, true, packet * fb, render_frames * fb);
    if (NT_SUCCESS(status)) {
        status =
            loopback_submit(&capture, false, packet * fb, capture_frames * fb);
    }
    tap_ok(NT_SUCCESS(status), "%u writes and %u reads queued: %s",
           render.packets, capture.packets, audio_status_name(status));
    KscSetState(render.pin, KSSTATE_RUN);
    KscSleep(p.duration_ms / 4);
    status = KscSetState(capture.pin, KSSTATE_RUN);
    tap_ok(NT_SUCCESS(status), "capture RUN while render runs: %s",
           audio_status_name(status));

    status = loopback_wait(&capture);
    tap_ok(NT_SUCCESS(status), "capture complete: %s",
           audio_status_name(status));
    status = loopback_wait(&render);
    tap_ok(NT_SUCCESS(status), "render complete: %s",
           audio_status_name(status));
    KscSetState(capture.pin, KSSTATE_STOP);
    KscSetState(render.pin, KSSTATE_STOP);
    loopback_check(&p, capture.data, capture_frames, render_frames);
out:
    loopback_free(&capture);
    loopback_free(&render);
    audio_device_close(&d);
}

SCENARIO("capture-loopback",
         "records what a render stream plays through the loopback mux source, "
         "both streams running at once", loopback_run);
