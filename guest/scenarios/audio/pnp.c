/* SPDX-License-Identifier: MIT */
/*
 * PnP scenarios: the device's resources move, or the device vanishes, under
 * a client that is playing the test pattern.
 *   pnp-rebalance        after 100 ms the PnP manager stops the device, moves
 *                        BAR0 to bar= (default 0xe0000000) and starts it
 *                        again: the stream stops (its queued requests are
 *                        cancelled) and is not restarted, as PortCls
 *                        documents; the client reopens the
 *                        filters and plays the pattern of seed2= in full at
 *                        the new address.
 *   pnp-surprise-removal after 100 ms the device is surprise-removed: queued
 *                        requests complete with STATUS_DEVICE_REMOVED and so
 *                        does every later request; the client closes all.
 *   pnp-hot-unplug       the host unplugs the device (QEMU device_del): the
 *                        PnP manager ejects it (it really leaves the bus)
 *                        and surprise-removes it; as above, then REMOVE.
 * The runner's pool check after REMOVE proves nothing leaked.
 */
#include "audio.h"
#include "../scenario.h"
#include <platform.h>
#include <ntrt.h>

#define PNP_PACKETS         10u
#define PNP_POLL_MS         10u
#define PNP_PACKET_MS       20u
#define PNP_BEFORE_MS       100u
#define PNP_POOLTAG         'ApnP'
#define PNP_BAR_DEFAULT     0xe0000000ull

typedef struct pnp_stream {
    KSC_IO io[PNP_PACKETS];
    uint32_t packets;
    uint8_t *data;
    uint32_t completed;         /* requests that completed with success */
    uint32_t failed;            /* ... with the status the test expects */
    uint32_t other;             /* ... with anything else */
} pnp_stream;

/* Queues s->packets packets of the pattern (frames from 0) and runs. */
static bool pnp_start_stream(KSC_FILE *pin, const audio_params *p,
                             pnp_stream *s)
{
    uint32_t frames = p->rate * PNP_PACKET_MS / 1000u;
    uint32_t bytes = frames * audio_frame_bytes(p);
    NTSTATUS status = KscSetState(pin, KSSTATE_PAUSE);

    s->data = ExAllocatePoolWithTag(NonPagedPool, s->packets * bytes,
                                    PNP_POOLTAG);
    if (!tap_ok(s->data != NULL && NT_SUCCESS(status), "pin PAUSE: %s",
                audio_status_name(status))) {
        return false;
    }
    audiogen_pattern_fill(s->data, p->format, p->channels, p->seed, 0,
                          (size_t)s->packets * frames);
    for (uint32_t i = 0; i < s->packets; i++) {
        status = KscStreamIo(pin, &s->io[i], TRUE, s->data + i * bytes,
                             bytes);
        if (!tap_ok(NT_SUCCESS(status), "queue packet %u: %s", i,
                    audio_status_name(status))) {
            return false;
        }
    }
    status = KscSetState(pin, KSSTATE_RUN);
    return tap_ok(NT_SUCCESS(status), "pin RUN: %s",
                  audio_status_name(status));
}

/* Collects every queued request; Expected is the status of the failures. */
static void pnp_reap(pnp_stream *s, NTSTATUS expected)
{
    for (uint32_t i = 0; i < s->packets; i++) {
        NTSTATUS status = KscWaitIo(&s->io[i]);

        if (NT_SUCCESS(status)) {
            s->completed++;
        } else if (status == expected) {
            s->failed++;
        } else {
            s->other++;
        }
    }
    ExFreePoolWithTag(s->data, PNP_POOLTAG);
    s->data = NULL;
}

static NTSTATUS pnp_open_filters(audio_device *d)
{
    NTSTATUS status = KscOpenFilter(d->pdo, CYC_WAVE_NAME, &d->wave);

    if (NT_SUCCESS(status)) {
        status = KscOpenFilter(d->pdo, CYC_TOPOLOGY_NAME, &d->topology);
    }
    return status;
}

/*
 * Starts the device and plays the pattern of p on a new render pin; false
 * (everything closed) when that fails.
 */
static bool pnp_begin(const audio_params *p, audio_device *d, KSC_FILE **pin,
                      pnp_stream *s)
{
    NTSTATUS status;

    *pin = NULL;
    if (!NT_SUCCESS(audio_device_open(d, "cycaudio", true))) {
        return false;
    }
    status = audio_pin_create(d, KSPIN_WAVE_RENDER_SINK, p, pin);
    if (!tap_ok(NT_SUCCESS(status), "render pin: %s",
                audio_status_name(status)) ||
        !pnp_start_stream(*pin, p, s)) {
        KscClose(*pin);
        audio_device_close(d);
        return false;
    }
    KscSleep(PNP_BEFORE_MS);
    return true;
}

static void pnp_rebalance_run(void)
{
    audio_params p;
    audio_params second;
    audio_device d;
    audio_result r;
    pnp_stream s = { .packets = PNP_PACKETS };
    KSC_FILE *pin = NULL;
    KSSTATE state;
    uint64_t bar;
    bool ok = true;
    NTSTATUS status;

    bar = scenario_param_u64("bar", PNP_BAR_DEFAULT);
    if (!audio_params_read(&p, 600)) {
        return;
    }
    second = p;
    second.seed = audio_param_u32("seed2", p.seed + 1, &ok);
    if (!ok || !pnp_begin(&p, &d, &pin, &s)) {
        return;
    }
    status = PnpRebalanceDevice(d.pdo, 0, bar);
    tap_ok(NT_SUCCESS(status), "rebalance: BAR0 to 0x%llx: %s",
           (unsigned long long)bar, audio_status_name(status));
    pnp_reap(&s, STATUS_CANCELLED);
    tap_ok(s.completed > 0 && s.failed > 0 && s.other == 0,
           "requests: %u completed, %u cancelled by the stop, %u other",
           s.completed, s.failed, s.other);
    status = KscGetState(pin, &state);
    tap_ok(NT_SUCCESS(status) && state == KSSTATE_STOP,
           "the stream was stopped, not restarted: state %d (%s)", state,
           audio_status_name(status));
    con_printf("# rebalance bar=0x%llx completed=%u cancelled=%u\n",
               (unsigned long long)bar, s.completed, s.failed);
    KscClose(pin);
    audio_device_close(&d);

    status = pnp_open_filters(&d);
    tap_ok(NT_SUCCESS(status), "filters open again after the restart: %s",
           audio_status_name(status));
    pin = NULL;
    if (NT_SUCCESS(status)) {
        status = audio_pin_create(&d, KSPIN_WAVE_RENDER_SINK, &second, &pin);
    }
    if (tap_ok(NT_SUCCESS(status), "new render pin: %s",
               audio_status_name(status))) {
        audio_render(pin, &second, audio_total_frames(&second),
                     audio_fill_pattern, NULL, &second, 100, &r);
        tap_ok(NT_SUCCESS(r.status) &&
               r.frames == audio_total_frames(&second),
               "played %llu frames at the new address: %s",
               (unsigned long long)r.frames, audio_status_name(r.status));
        audio_print_summary("pnp-rebalance", &second, &r);
        KscClose(pin);
    }
    audio_device_close(&d);
}

/*
 * What every client of a vanished device sees: its queued requests complete
 * (played) or fail with STATUS_DEVICE_REMOVED, as does every later request;
 * then it closes all. Prints "# <Tag> completed=n removed=m".
 */
static void pnp_after_removal(const char *tag, audio_device *d,
                              KSC_FILE *pin, pnp_stream *s)
{
    KSC_FILE *again = NULL;
    NTSTATUS status;

    pnp_reap(s, STATUS_DEVICE_REMOVED);
    tap_ok(s->completed > 0 && s->failed > 0 && s->other == 0,
           "requests: %u completed, %u STATUS_DEVICE_REMOVED, %u other",
           s->completed, s->failed, s->other);
    status = KscSetState(pin, KSSTATE_RUN);
    tap_ok(status == STATUS_DEVICE_REMOVED, "RUN on the removed pin: %s",
           audio_status_name(status));
    status = KscOpenFilter(d->pdo, CYC_WAVE_NAME, &again);
    tap_ok(status == STATUS_DEVICE_REMOVED, "open the removed filter: %s",
           audio_status_name(status));
    if (NT_SUCCESS(status)) {
        KscClose(again);
    }
    con_printf("# %s completed=%u removed=%u\n", tag, s->completed,
               s->failed);
    KscClose(pin);
    audio_device_close(d);
}

static void pnp_surprise_removal_run(void)
{
    audio_params p;
    audio_device d;
    pnp_stream s = { .packets = PNP_PACKETS };
    KSC_FILE *pin = NULL;
    NTSTATUS status;

    if (!audio_params_read(&p, 600) || !pnp_begin(&p, &d, &pin, &s)) {
        return;
    }
    status = PnpSurpriseRemoveDevice(d.pdo);
    tap_ok(NT_SUCCESS(status), "surprise removal: %s",
           audio_status_name(status));
    pnp_after_removal("surprise", &d, pin, &s);
}

/* PASSIVE_LEVEL: the host asked to remove the device (the scenario reads
 * the hotplug block itself, without ejecting: a slow guest). */
static bool pnp_unplug_requested(void)
{
    arch_pci_func f;

    return arch_pci_find(CYC_PCI_VENDOR_ID, CYC_PCI_DEVICE_ID, 0, &f) &&
           (arch_pci_hotplug_pending(f.bus) & (1u << f.dev)) != 0;
}

/*
 * The host unplugs the device (QEMU device_del) while it plays: the client
 * keeps PNP_PACKETS packets queued, refilling each with the next 20 ms of
 * the pattern as it completes, up to packets= in all; from 100 ms into the
 * stream the PnP manager polls the hotplug block before each refill, ejects
 * the device at the first pending request and surprise-removes it; the
 * client sees what pnp_after_removal checks, then the PnP manager sends
 * REMOVE. With eject=0 the guest plays packets= in full, then waits for the
 * request and leaves the device in place (a slow guest); requested=0: the
 * host's request was refused, none may be pending.
 */
static void pnp_hot_unplug_run(void)
{
    audio_params p;
    audio_device d;
    pnp_stream s = { .packets = PNP_PACKETS };
    KSC_FILE *pin = NULL;
    bool ok = true;
    uint32_t eject = audio_param_u32("eject", 1, &ok);
    uint32_t total = audio_param_u32("packets", 1500, &ok);
    uint32_t requested = audio_param_u32("requested", 1, &ok);
    uint32_t limit = requested ? 1000u : 10u;
    uint32_t queued = PNP_PACKETS;
    uint32_t polls = 0;
    uint32_t frames;
    uint32_t bytes;
    NTSTATUS status = STATUS_SUCCESS;

    if (!tap_ok(ok && total >= PNP_PACKETS, "packets=%u (>= %u), eject=%u",
                total, PNP_PACKETS, eject) ||
        !audio_params_read(&p, 600) || !pnp_begin(&p, &d, &pin, &s)) {
        return;
    }
    con_printf("# hot-unplug streaming\n");
    frames = p.rate * PNP_PACKET_MS / 1000u;
    bytes = frames * audio_frame_bytes(&p);
    while (queued < total && NT_SUCCESS(status)) {
        KSC_IO *io = &s.io[queued % PNP_PACKETS];
        uint8_t *data = s.data + (queued % PNP_PACKETS) * bytes;

        if (eject && PnpPollHotplug() != 0) {
            break;
        }
        polls++;
        status = KscWaitIo(io);
        if (NT_SUCCESS(status)) {
            s.completed++;
            audiogen_pattern_fill(data, p.format, p.channels, p.seed,
                                  (uint64_t)queued * frames, frames);
            status = KscStreamIo(pin, io, TRUE, data, bytes);
            queued++;
        }
    }
    if (!eject) {
        pnp_reap(&s, STATUS_DEVICE_REMOVED);
        tap_ok(s.completed == total && s.failed == 0 && s.other == 0,
               "not ejected: %u of %u requests played", s.completed, total);
        /* requests complete when copied; the last lead plays after them */
        KscSleep(PNP_BEFORE_MS);
        for (polls = 0; !pnp_unplug_requested() && polls < limit; polls++) {
            KscSleep(PNP_POLL_MS);
        }
        tap_ok((polls < limit) == (requested != 0),
               "the host's request %s after %u polls (requested=%u)",
               polls < limit ? "seen, left unanswered," : "not seen", polls,
               requested);
        KscClose(pin);
        audio_device_close(&d);
        return;
    }
    if (!tap_ok(queued < total && NT_SUCCESS(status),
                "the host's unplug request seen at poll %u: %s", polls,
                audio_status_name(status))) {
        pnp_reap(&s, STATUS_DEVICE_REMOVED);
        KscClose(pin);
        audio_device_close(&d);
        return;
    }
    con_printf("# hot-unplug ejected polls=%u\n", polls);
    pnp_after_removal("hot-unplug", &d, pin, &s);
    status = PnpRemoveDevice(d.pdo);
    tap_ok(NT_SUCCESS(status), "REMOVE after the handles closed: %s",
           audio_status_name(status));
}

SCENARIO("pnp-rebalance",
         "test pattern; after 100 ms the device is stopped, BAR0 moves to "
         "bar=, it restarts and the pattern of seed2= plays in full",
         pnp_rebalance_run);
SCENARIO("pnp-surprise-removal",
         "test pattern; after 100 ms the device is surprise-removed: "
         "STATUS_DEVICE_REMOVED, no leak",
         pnp_surprise_removal_run);
SCENARIO("pnp-hot-unplug",
         "test pattern, up to packets= x 20 ms; from 100 ms the PnP "
         "manager polls QEMU's ACPI hotplug every 20 ms and ejects the "
         "device the host unplugs (device_del); eject=0 never does",
         pnp_hot_unplug_run);
