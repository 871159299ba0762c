/* SPDX-License-Identifier: MIT */
/*
 * Shared code of the audio scenarios: command-line parameters, opening the
 * cycaudio (or msvad) filters through the client library, and the
 * render/capture loops an application would write (overlapped stream I/O,
 * position polling). Plain C at PASSIVE_LEVEL; the only door into the driver
 * stack is ksclient.h.
 */
#ifndef AUDIO_SCENARIO_H
#define AUDIO_SCENARIO_H

#include <ksclient.h>
#include "audiogen.h"
#include <cycprop.h>

/*
 * Stream parameters from the kernel command line (rate= channels= format= ...).
 */
typedef struct audio_params {
    uint32_t rate;
    uint32_t channels;
    AudioGenFormat format;
    uint32_t period_ms;         /* client packet length */
    uint32_t duration_ms;
    uint32_t seed;              /* test pattern seed */
    const char *port;           /* port= the wave filter's port type */
} audio_params;

/*
 * Reads the parameters with these defaults; false (and a
 * report) if one is invalid.
 */
/* The decimal parameter key=, fallback when absent; *ok = false if bad. */
uint32_t audio_param_u32(const char *key, uint32_t fallback, bool *ok);
bool audio_params_read(audio_params *p, uint32_t default_duration_ms);
uint32_t audio_frame_bytes(const audio_params *p);
uint64_t audio_total_frames(const audio_params *p);
uint32_t audio_packet_frames(const audio_params *p);
void audio_build_format(const audio_params *p, KSC_WAVE_FORMAT *format);

typedef struct audio_device {
    PDEVICE_OBJECT pdo;
    KSC_FILE *wave;
    KSC_FILE *topology;         /* NULL for msvad */
} audio_device;

/* The port= parameter: the wave port type (default "wavecyclic"). */
const char *audio_port_name(void);
/*
 * The wave filter of port= (wavecyclic, wavepci) on the cycaudio device;
 * other drivers have one wave filter. NULL for an unknown port.
 */
PCWSTR audio_wave_filter(const char *driver);
/*
 * The driver to start for "cycaudio": the C++ one with driver=cxx on the
 * command line, the C one with driver=c (default); NULL for another value.
 */
const char *audio_driver_name(const char *driver);
/*
 * Starts the driver's device (once per run) and opens its filters; the
 * cycaudio wave filter is port='s (WaveCyclic "Wave", WavePci "WavePci").
 */
NTSTATUS audio_device_open(audio_device *d, const char *driver, bool topology);
void audio_device_close(audio_device *d);
NTSTATUS audio_pin_create(audio_device *d, ULONG pin_id, const audio_params *p,
                          KSC_FILE **pin);

/* Producer of render data / consumer of capture data, frame-indexed. */
typedef void (*audio_fill_fn)(void *ctx, void *buf, uint64_t first_frame,
                              size_t frames);
typedef bool (*audio_check_fn)(void *ctx, const void *buf, uint64_t first_frame,
                               size_t frames);
/* Called after each packet is queued, with the frames queued so far. */
typedef void (*audio_hook_fn)(void *ctx, KSC_FILE *pin, uint64_t frames_queued);

typedef struct audio_result {
    uint64_t frames;            /* frames written or read */
    uint32_t packets;           /* stream I/O requests completed */
    /* times the device played past the client's data */
    uint32_t underruns;
    uint32_t mismatches;        /* capture packets the check refused */
    /* render: device frames beyond the client's (silence) */
    uint64_t late_frames;
    CYC_STREAM_STATISTICS stats;/* the driver's counters, read before STOP */
    bool have_stats;
    uint64_t start_ns;          /* virtual time of RUN */
    uint64_t end_ns;            /* virtual time after the drain */
    NTSTATUS status;
} audio_result;

/*
 * Plays total_frames from fill through pin: queues up to the in-flight depth,
 * sets RUN, keeps the queue full, then waits until the play position has passed
 * the last frame plus tail_ms, reads the driver statistics and stops the pin.
 */
NTSTATUS audio_render(KSC_FILE *pin, const audio_params *p,
                      uint64_t total_frames, audio_fill_fn fill,
                      audio_hook_fn hook, void *ctx, uint32_t tail_ms,
                      audio_result *r);
/* Records total_frames into packets handed to check, then stops the pin. */
NTSTATUS audio_capture(KSC_FILE *pin, const audio_params *p,
                       uint64_t total_frames, audio_check_fn check, void *ctx,
                       audio_result *r);

/* The driver's statistics of pin (KSPROPSETID_CycAudioStream) into r. */
void audio_read_stats(KSC_FILE *pin, audio_result *r);

/* Fills from the test pattern (ctx: the audio_params). */
void audio_fill_pattern(void *ctx, void *buf, uint64_t first_frame,
                        size_t frames);

/* The machine-readable line scripts/run and the e2e tests parse. */
void audio_print_summary(const char *scenario, const audio_params *p,
                         const audio_result *r);

const char *audio_status_name(NTSTATUS status);

#endif /* AUDIO_SCENARIO_H */
