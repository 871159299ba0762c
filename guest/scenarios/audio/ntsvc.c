/* SPDX-License-Identifier: MIT */
/*
 * ntsvc-files: what a driver's helper thread does with the kernel services
 * C++ samples use. The capture pin records the device's ramp; a DPC queues
 * an executive work item, and at PASSIVE_LEVEL the worker saves the audio
 * as \SystemRoot\Temp\cycaudio-capture.wav (header rewritten at the end, as
 * recorders do), copies the host's \SystemRoot\Temp\cycaudio-in.bin to
 * cycaudio-copy.bin in odd-sized pieces, notes the file name in the
 * device's software key and sleeps with KeDelayExecutionThread. The host
 * (scripts/run, the e2e test) finds the files in OUT/C/Windows/Temp/.
 */
#include "audio.h"
#include "../scenario.h"
#include <cycaudio/reference.h>

#define NTSVC_TAG 'vsTN'                /* "NTsv" */
#define NTSVC_WAV_HEADER 44u
#define NTSVC_CHUNK 4096u
#define NTSVC_COPY_PIECE 1000u          /* not a divisor of anything */
#define NTSVC_DELAY_100NS (-100000LL)   /* 10 ms, relative */

typedef struct ntsvc_ctx {
    audio_params params;
    PUCHAR audio;                       /* captured frames */
    ULONG audio_bytes;
    uint64_t first_bad;
    PDEVICE_OBJECT pdo;
    WORK_QUEUE_ITEM item;
    KDPC dpc;
    KEVENT done;
} ntsvc_ctx;

static bool ntsvc_keep(void *ctx, const void *buf, uint64_t first_frame,
                       size_t frames)
{
    ntsvc_ctx *c = ctx;
    uint32_t frame_bytes = audio_frame_bytes(&c->params);
    const uint8_t *in = buf;
    bool ok = true;

    for (size_t f = 0; f < frames; f++) {
        for (uint32_t ch = 0; ch < c->params.channels; ch++) {
            uint32_t want = cyc_s32_to_sfmt(
                cyc_gen_s32(CYC_GEN_MODE_RAMP, first_frame + f, ch, 0,
                            c->params.rate), CYC_SFMT_S16);
            uint32_t got = in[(f * c->params.channels + ch) * 2] |
                           (uint32_t)in[(f * c->params.channels + ch) * 2 +
                                        1] << 8;

            if (got != want && c->first_bad == UINT64_MAX) {
                c->first_bad = first_frame + f;
            }
            ok = ok && got == want;
        }
    }
    RtlCopyMemory(c->audio + first_frame * frame_bytes, buf,
                  frames * frame_bytes);
    return ok;
}

static VOID ntsvc_put32(PUCHAR at, ULONG v)
{
    for (ULONG i = 0; i < 4; i++) {
        at[i] = (UCHAR)(v >> (8 * i));
    }
}

/* The canonical 44-byte PCM header; sizes 0 until the data is written. */
static VOID ntsvc_wav_header(PUCHAR h, const audio_params *p, ULONG data)
{
    ULONG frame = audio_frame_bytes(p);

    RtlCopyMemory(h, "RIFF\0\0\0\0WAVEfmt ", 16);
    ntsvc_put32(h + 4, data != 0 ? 36 + data : 0);
    ntsvc_put32(h + 16, 16);
    ntsvc_put32(h + 20, 1 | p->channels << 16);
    ntsvc_put32(h + 24, p->rate);
    ntsvc_put32(h + 28, p->rate * frame);
    ntsvc_put32(h + 32, frame | 16u << 16);
    RtlCopyMemory(h + 36, "data", 4);
    ntsvc_put32(h + 40, data);
}

static NTSTATUS ntsvc_open(PCWSTR name, ACCESS_MASK access, ULONG disposition,
                           PHANDLE file)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK io;

    RtlInitUnicodeString(&path, name);
    InitializeObjectAttributes(&attributes, &path,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL,
                               NULL);
    return ZwCreateFile(file, access | SYNCHRONIZE, &attributes, &io, NULL,
                        FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, disposition,
                        FILE_SYNCHRONOUS_IO_NONALERT |
                            FILE_NON_DIRECTORY_FILE, NULL, 0);
}

static VOID ntsvc_save_wav(ntsvc_ctx *c)
{
    UCHAR header[NTSVC_WAV_HEADER];
    FILE_STANDARD_INFORMATION info = { 0 };
    LARGE_INTEGER start = { .QuadPart = 0 };
    IO_STATUS_BLOCK io;
    HANDLE file;
    NTSTATUS status;
    ULONG done = 0;

    status = ntsvc_open(L"\\SystemRoot\\Temp\\cycaudio-capture.wav",
                        GENERIC_WRITE, FILE_OVERWRITE_IF, &file);
    if (!tap_ok(NT_SUCCESS(status), "ZwCreateFile capture.wav: 0x%08x",
                (unsigned)status)) {
        return;
    }
    ntsvc_wav_header(header, &c->params, 0);
    status = ZwWriteFile(file, NULL, NULL, NULL, &io, header, sizeof(header),
                         NULL, NULL);
    while (NT_SUCCESS(status) && done < c->audio_bytes) {
        ULONG n = min(NTSVC_CHUNK, c->audio_bytes - done);

        status = ZwWriteFile(file, NULL, NULL, NULL, &io, c->audio + done, n,
                             NULL, NULL);
        done += NT_SUCCESS(status) ? (ULONG)io.Information : 0;
    }
    ntsvc_wav_header(header, &c->params, c->audio_bytes);
    if (NT_SUCCESS(status)) {
        status = ZwWriteFile(file, NULL, NULL, NULL, &io, header,
                             sizeof(header), &start, NULL);
    }
    tap_ok(NT_SUCCESS(status) && done == c->audio_bytes,
           "capture.wav: %u data bytes written: 0x%08x", done,
           (unsigned)status);
    status = ZwQueryInformationFile(file, &io, &info, sizeof(info),
                                    FileStandardInformation);
    tap_ok(NT_SUCCESS(status) &&
           info.EndOfFile.QuadPart == NTSVC_WAV_HEADER + c->audio_bytes,
           "capture.wav: EndOfFile %lld: 0x%08x",
           (long long)info.EndOfFile.QuadPart, (unsigned)status);
    tap_ok(NT_SUCCESS(ZwClose(file)), "capture.wav closed");
}

/* FNV-1a, what the host recomputes over the file it gave. */
static uint32_t ntsvc_fnv(uint32_t h, const UCHAR *p, ULONG n)
{
    for (ULONG i = 0; i < n; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

static VOID ntsvc_copy_input(VOID)
{
    UCHAR piece[NTSVC_COPY_PIECE];
    FILE_STANDARD_INFORMATION info = { 0 };
    IO_STATUS_BLOCK io;
    HANDLE in;
    HANDLE out;
    NTSTATUS status;
    uint32_t hash = 2166136261u;
    ULONG total = 0;

    status = ntsvc_open(L"\\SystemRoot\\Temp\\cycaudio-in.bin", GENERIC_READ,
                        FILE_OPEN, &in);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        tap_skip("no host file cycaudio-in.bin (scripts/run --guest-file "
                 "Windows/Temp/cycaudio-in.bin=FILE)");
        return;
    }
    if (!tap_ok(NT_SUCCESS(status), "ZwCreateFile cycaudio-in.bin: 0x%08x",
                (unsigned)status)) {
        return;
    }
    status = ZwQueryInformationFile(in, &io, &info, sizeof(info),
                                    FileStandardInformation);
    tap_ok(NT_SUCCESS(status), "host file is %lld bytes",
           (long long)info.EndOfFile.QuadPart);
    status = ntsvc_open(L"\\SystemRoot\\Temp\\cycaudio-copy.bin",
                        GENERIC_WRITE, FILE_CREATE, &out);
    if (tap_ok(NT_SUCCESS(status), "ZwCreateFile cycaudio-copy.bin: 0x%08x",
               (unsigned)status)) {
        for (;;) {
            status = ZwReadFile(in, NULL, NULL, NULL, &io, piece,
                                sizeof(piece), NULL, NULL);
            if (!NT_SUCCESS(status)) {
                break;
            }
            hash = ntsvc_fnv(hash, piece, (ULONG)io.Information);
            total += (ULONG)io.Information;
            status = ZwWriteFile(out, NULL, NULL, NULL, &io, piece,
                                 (ULONG)io.Information, NULL, NULL);
            if (!NT_SUCCESS(status)) {
                break;
            }
        }
        tap_ok(status == STATUS_END_OF_FILE &&
               total == (ULONG)info.EndOfFile.QuadPart,
               "copied %u bytes, the read after the last is "
               "STATUS_END_OF_FILE: 0x%08x", total, (unsigned)status);
        tap_diag("ntsvc-files input bytes %u fnv1a 0x%08x", total, hash);
        ZwClose(out);
    }
    ZwClose(in);
}

/* The device's software key holds the name of the last recording. */
static VOID ntsvc_note_in_registry(ntsvc_ctx *c)
{
    static const WCHAR file[] = L"\\SystemRoot\\Temp\\cycaudio-capture.wav";
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"LastCapture");
    ULONG buffer[64];
    PKEY_VALUE_PARTIAL_INFORMATION info =
        (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    HANDLE key;
    ULONG length = 0;
    NTSTATUS status;

    status = IoOpenDeviceRegistryKey(c->pdo, PLUGPLAY_REGKEY_DRIVER,
                                     KEY_ALL_ACCESS, &key);
    if (!tap_ok(NT_SUCCESS(status), "IoOpenDeviceRegistryKey driver key: "
                "0x%08x", (unsigned)status)) {
        return;
    }
    status = ZwSetValueKey(key, &name, 0, REG_SZ, (PVOID)file, sizeof(file));
    if (NT_SUCCESS(status)) {
        status = ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                 info, sizeof(buffer), &length);
    }
    tap_ok(NT_SUCCESS(status) && info->Type == REG_SZ &&
           info->DataLength == sizeof(file) &&
           RtlEqualMemory(info->Data, file, sizeof(file)),
           "LastCapture reads back from the driver key: 0x%08x",
           (unsigned)status);
    ZwClose(key);
}

static VOID NTAPI ntsvc_worker(PVOID Parameter)
{
    ntsvc_ctx *c = Parameter;
    LARGE_INTEGER delay = { .QuadPart = NTSVC_DELAY_100NS };
    LARGE_INTEGER now;
    ULONGLONG before;

    tap_ok(KeGetCurrentIrql() == PASSIVE_LEVEL, "worker at IRQL %u",
           KeGetCurrentIrql());
    ntsvc_save_wav(c);
    ntsvc_copy_input();
    ntsvc_note_in_registry(c);
    before = KeQueryInterruptTime();
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
    tap_ok(KeQueryInterruptTime() - before >= (ULONGLONG)-delay.QuadPart,
           "KeDelayExecutionThread(10 ms) waited %llu00 ns",
           KeQueryInterruptTime() - before);
    KeQuerySystemTime(&now);
    tap_diag("ntsvc-files system time %lld", (long long)now.QuadPart);
    KeSetEvent(&c->done, 0, FALSE);
}

static VOID NTAPI ntsvc_dpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    ntsvc_ctx *c = Context;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    ExInitializeWorkItem(&c->item, ntsvc_worker, c);
    ExQueueWorkItem(&c->item, DelayedWorkQueue);
}

static void ntsvc_files_run(void)
{
    static ntsvc_ctx c;
    LARGE_INTEGER timeout = { .QuadPart = -10000000LL };
    KSC_FILE *pin = NULL;
    audio_device d;
    audio_result r;
    NTSTATUS status;
    KIRQL old;
    uint64_t total;

    RtlZeroMemory(&c, sizeof(c));
    if (!audio_params_read(&c.params, 200) ||
        !NT_SUCCESS(audio_device_open(&d, "cycaudio", true))) {
        return;
    }
    c.params.format = AUDIOGEN_S16;
    total = audio_total_frames(&c.params);
    c.audio_bytes = (ULONG)(total * audio_frame_bytes(&c.params));
    c.audio = ExAllocatePoolZero(NonPagedPoolNx, c.audio_bytes, NTSVC_TAG);
    c.first_bad = UINT64_MAX;
    c.pdo = d.pdo;
    status = KscSetNodeUlong(d.topology, &KSPROPSETID_Audio,
                             KSPROPERTY_AUDIO_MUX_SOURCE,
                             KSNODE_TOPO_WAVEIN_MUX,
                             KSPIN_TOPO_GENERATOR_SOURCE);
    if (NT_SUCCESS(status)) {
        status = KscSetNodeUlong(d.topology, &KSPROPSETID_CycAudioGenerator,
                                 KSPROPERTY_CYCAUDIO_GENERATOR_MODE,
                                 KSNODE_TOPO_WAVEIN_MUX, CYC_GEN_MODE_RAMP);
    }
    if (NT_SUCCESS(status)) {
        status = audio_pin_create(&d, KSPIN_WAVE_CAPTURE_SOURCE, &c.params,
                                  &pin);
    }
    if (tap_ok(c.audio != NULL && NT_SUCCESS(status),
               "generator ramp, capture pin: %s",
               audio_status_name(status))) {
        audio_capture(pin, &c.params, total, ntsvc_keep, &c, &r);
        tap_ok(NT_SUCCESS(r.status) && r.frames == total &&
               c.first_bad == UINT64_MAX,
               "captured %llu of %llu ramp frames, first bad %lld",
               (unsigned long long)r.frames, (unsigned long long)total,
               c.first_bad == UINT64_MAX ? -1LL : (long long)c.first_bad);
        KscClose(pin);
        KeInitializeEvent(&c.done, NotificationEvent, FALSE);
        KeInitializeDpc(&c.dpc, ntsvc_dpc, &c);
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        KeInsertQueueDpc(&c.dpc, NULL, NULL);
        KeLowerIrql(old);
        status = KeWaitForSingleObject(&c.done, Executive, KernelMode, FALSE,
                                       &timeout);
        tap_ok(status == STATUS_SUCCESS, "the worker finished: 0x%08x",
               (unsigned)status);
        tap_diag("ntsvc-files capture frames %llu channels %u rate %u",
                 (unsigned long long)total, c.params.channels,
                 c.params.rate);
    }
    if (c.audio != NULL) {
        ExFreePoolWithTag(c.audio, NTSVC_TAG);
    }
    audio_device_close(&d);
}

SCENARIO("ntsvc-files",
         "a worker saves captured audio to \\SystemRoot\\Temp (the run's "
         "C/ folder) and copies a host file", ntsvc_files_run);
