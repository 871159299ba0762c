/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point over the host build of nt+ks+portcls: every input
 * starts an adapter through the PnP manager (the fake miniports of the unit
 * tests, or the real cycaudio driver against a fake register file), then
 * plays the input as a client would: opens filters and pins through
 * IRP_MJ_CREATE and sends property, stream and reset IOCTLs built from the
 * input bytes. Oracles: ASan/UBSan, bugchecks and hangs (the host arch
 * aborts), IRPs still pending after their pin closed, and the pool and
 * fake-object balance after the device is removed. Every buffer handed to
 * the stack is a malloc block of exactly the size the request declares, so
 * an access past it is an ASan report. FUZZ_KS_CONSOLE=1 prints the
 * stack's console after each input (what a seed reached, and why not).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <portcls.h>
#include <dmusicks.h>
#include <ntifs.h>
#include <ntrt.h>
#include <cycaudio/regs.h>
#include <cycprop.h>
#include "fake-miniport.h"
#include "host_arch.h"
#include "ksclient.h"

#define FUZZ_MAX_FILES   8
#define FUZZ_MAX_IO      16
#define FUZZ_MAX_OPS     48
#define FUZZ_MAX_DATA    8192u    /* bytes of one stream buffer */
#define FUZZ_MAX_VALUE   1024u    /* bytes of a property value */
#define FUZZ_MAX_NAME    512u     /* bytes of a create name */
#define FUZZ_FAKE_VENDOR 0xf022u
#define FUZZ_FAKE_DEVICE 0x0001u
/* host_reset's first routed vector: the only device of an input gets it. */
#define FUZZ_VECTOR      0x80u
#define FUZZ_MPU_PORT    0x300u   /* cycaudio's MPU-401 I/O BAR */
#define FUZZ_MPU_RX      64u
/* Event handles the client holds, created first in each input into an empty
 * handle table, so every input sees the same two values (scripts/fuzz-seed-ks
 * writes them into its WaveRT event seed). */
#define FUZZ_EVENTS      2u
#define FUZZ_OP_POWER_FIRST 248u
#define FUZZ_OP_POWER_LAST  254u

/* The input, consumed front to back; reads past its end give zeros. */
typedef struct FuzzInput {
    const UCHAR *Data;
    size_t Size;
    size_t At;
} FuzzInput;

/* One IOCTL left pending; freed once it completed. */
typedef struct FuzzIo {
    KEVENT Event;
    IO_STATUS_BLOCK IoStatus;
    PVOID Headers;                 /* or the KSPROPERTY */
    PVOID In;                      /* a KSRESET */
    PVOID Data[3];
    BOOLEAN InFlight;
} FuzzIo;

static struct {
    BOOLEAN Cyc;                  /* the cycaudio driver, else the fakes */
    PDEVICE_OBJECT Pdo;
    KSC_FILE *Files[FUZZ_MAX_FILES];
    FuzzIo *Io[FUZZ_MAX_IO];
    volatile ULONG *Registers;    /* cycaudio's fake BAR0 */
    UCHAR MpuRx[FUZZ_MPU_RX];     /* bytes the fake MPU-401 has to give */
    ULONG MpuRxCount;
    HANDLE Events[FUZZ_EVENTS];   /* for WaveRT's REGISTER_NOTIFICATION */
    ULONGLONG Bar0;
    BOOLEAN Asleep;               /* in S3 since the last power op */
} Fz;

static UCHAR FuzzByte(FuzzInput *In)
{
    return In->At < In->Size ? In->Data[In->At++] : 0;
}

static ULONG FuzzUlong(FuzzInput *In)
{
    ULONG v = 0;
    ULONG i;

    for (i = 0; i < 4; i++) {
        v |= (ULONG)FuzzByte(In) << (8 * i);
    }
    return v;
}

/*
 * Two bytes, low first. Every field is its own statement: C leaves the order
 * of two calls in one expression open (clang reads left to right, gcc's
 * replay in the regression suite right to left), and an input must decode
 * the same under both.
 */
static ULONG FuzzUshort(FuzzInput *In)
{
    ULONG low = FuzzByte(In);
    ULONG high = FuzzByte(In);

    return low | (high << 8);
}

static VOID FuzzBytes(FuzzInput *In, PVOID Out, ULONG Length)
{
    PUCHAR p = Out;
    ULONG i;

    for (i = 0; i < Length; i++) {
        p[i] = FuzzByte(In);
    }
}

/* A length: mostly small or one of the interesting sizes, sometimes large. */
static ULONG FuzzLength(FuzzInput *In, ULONG Max)
{
    static const ULONG sizes[] = { 0, 1, 4, 8, 16, 20, 24, 32, 40, 48, 64 };
    UCHAR b = FuzzByte(In);

    if (b < 0xc0) {
        return sizes[b % RTL_NUMBER_OF(sizes)] % (Max + 1);
    }
    return FuzzUshort(In) % (Max + 1);
}

static PVOID FuzzAlloc(ULONG Length)
{
    PVOID p = malloc(Length ? Length : 1);

    if (p == NULL) {
        abort();
    }
    return p;
}

/* The fake adapter: the unit tests' miniports behind a PCI ID of its own. */

static NTSTATUS NTAPI FuzzFakeStartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                          PRESOURCELIST ResourceList)
{
    PPORT wave;

    return FakeStartDevice(DeviceObject, Irp, ResourceList, &wave);
}

static NTSTATUS NTAPI FuzzFakeAddDevice(PDRIVER_OBJECT DriverObject,
                                        PDEVICE_OBJECT PhysicalDeviceObject)
{
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject,
                              FuzzFakeStartDevice, 4, 0);
}

static NTSTATUS NTAPI FuzzFakeDriverEntry(PDRIVER_OBJECT DriverObject,
                                          PUNICODE_STRING RegistryPath)
{
    return PcInitializeAdapterDriver(DriverObject, RegistryPath,
                                     FuzzFakeAddDevice);
}

NT_REGISTER_DRIVER("fuzzfake", FuzzFakeDriverEntry, FUZZ_FAKE_VENDOR,
                   FUZZ_FAKE_DEVICE);

/* The device --------------------------------------------------------------- */

/*
 * cycaudio's MPU-401 in UART mode as the system UART miniport sees it: DRR
 * never set, DSR clear while bytes wait, every command acknowledged.
 */
static uint8_t FuzzMpuIn(uint16_t Port)
{
    UCHAR byte;

    if (Port == FUZZ_MPU_PORT + 1) {
        return Fz.MpuRxCount != 0 ? 0 : 0x80;
    }
    if (Port != FUZZ_MPU_PORT || Fz.MpuRxCount == 0) {
        return 0xff;
    }
    byte = Fz.MpuRx[0];
    memmove(Fz.MpuRx, Fz.MpuRx + 1, --Fz.MpuRxCount);
    return byte;
}

static VOID FuzzMpuReceive(UCHAR Byte)
{
    if (Fz.MpuRxCount < FUZZ_MPU_RX) {
        Fz.MpuRx[Fz.MpuRxCount++] = Byte;
    }
}

static void FuzzMpuOut(uint16_t Port, uint8_t Value)
{
    if (Port == FUZZ_MPU_PORT + 1) {
        FuzzMpuReceive(0xfe);
    }
    (void)Value;
}

/*
 * cycaudio's BAR0 as plain memory: identity and CAPS as the input says. The
 * blocks of later ABI minors (the WavePci ring, WaveRT's write-back, the
 * synth, PCI PM, SOFF) are present where a bit of the MIDI byte sets them,
 * so the adapters and miniports that find a block missing are fuzzed too.
 */
static VOID FuzzCycRegisters(FuzzInput *In)
{
    ULONG caps = 0;
    UCHAR blocks;

    if (Fz.Registers == NULL) {
        Fz.Registers = aligned_alloc(4096, CYC_BAR0_SIZE);
    }
    memset((PVOID)Fz.Registers, 0, CYC_BAR0_SIZE);
    caps = CYC_SET(caps, CYC_CAPS_NRENDER, FuzzByte(In) % (CYC_MAX_RENDER + 1));
    caps = CYC_SET(caps, CYC_CAPS_NCAPTURE,
                   FuzzByte(In) % (CYC_MAX_CAPTURE + 1));
    caps = CYC_SET(caps, CYC_CAPS_GEN, 1);
    caps = CYC_SET(caps, CYC_CAPS_LOOPBACK, 1);
    blocks = FuzzByte(In);
    caps = CYC_SET(caps, CYC_CAPS_MIDI, blocks & 1);
    caps = CYC_SET(caps, CYC_CAPS_SG, (blocks & 0x02) != 0);
    caps = CYC_SET(caps, CYC_CAPS_POSWB, (blocks & 0x04) != 0);
    caps = CYC_SET(caps, CYC_CAPS_SEQ, (blocks & 0x08) != 0);
    caps = CYC_SET(caps, CYC_CAPS_PM, (blocks & 0x10) != 0);
    caps = CYC_SET(caps, CYC_CAPS_SOFF, (blocks & 0x20) != 0);
    Fz.Registers[CYC_REG_ID / 4] = CYC_ID_VALUE;
    Fz.Registers[CYC_REG_VERSION / 4] =
        CYC_SET(CYC_SET(0, CYC_VERSION_MAJOR, CYC_ABI_MAJOR),
                CYC_VERSION_MINOR, CYC_ABI_MINOR);
    Fz.Registers[CYC_REG_CAPS / 4] = caps;
    Fz.Registers[CYC_REG_FIFOSZ / 4] = 256;
}

static BOOLEAN FuzzStartDevice(FuzzInput *In)
{
    arch_pci_func f;
    NTSTATUS status;

    memset(&f, 0, sizeof(f));
    f.irq_pin = 1;
    f.irq_line = 11;
    f.bar[0].size = CYC_BAR0_SIZE;
    Fz.Cyc = (FuzzByte(In) & 1) != 0;
    if (Fz.Cyc) {
        FuzzCycRegisters(In);
        f.vendor_id = CYC_PCI_VENDOR_ID;
        f.device_id = CYC_PCI_DEVICE_ID;
        f.bar[0].base = (uintptr_t)Fz.Registers;
        f.bar[CYC_MPU_BAR].base = FUZZ_MPU_PORT;
        f.bar[CYC_MPU_BAR].size = CYC_MPU_BAR_SIZE;
        f.bar[CYC_MPU_BAR].io = true;
        Fz.MpuRxCount = 0;
        host_inb_hook = FuzzMpuIn;
        host_outb_hook = FuzzMpuOut;
    } else {
        f.vendor_id = FUZZ_FAKE_VENDOR;
        f.device_id = FUZZ_FAKE_DEVICE;
        f.bar[0].base = 0xfeb00000u;  /* never touched by the fakes */
    }
    Fz.Bar0 = f.bar[0].base;
    Fz.Asleep = FALSE;
    host_pci_add(&f);
    status = PnpStartDevice(Fz.Cyc ? "cycaudio" : "fuzzfake", 0, &Fz.Pdo);
    if (!NT_SUCCESS(status)) {
        fprintf(stderr, "fuzz-ks: the %s adapter did not start: 0x%08x\n%s",
                Fz.Cyc ? "cycaudio" : "fake", (unsigned)status,
                host_console_text());
        abort();
    }
    return TRUE;
}

/* Files and IRPs ----------------------------------------------------------- */

static KSC_FILE **FuzzSlot(FuzzInput *In)
{
    return &Fz.Files[FuzzByte(In) % FUZZ_MAX_FILES];
}

/* IRP_MJ_CREATE of Name (Length bytes, freed) related to Parent (or NULL). */
static VOID FuzzCreate(KSC_FILE **Slot, KSC_FILE *Parent, PUCHAR Name,
                       ULONG Length)
{
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(Fz.Pdo);

    if (!NT_SUCCESS(KscCreateFile(top, Parent, Name, Length, Slot))) {
        *Slot = NULL;
    }
    ObDereferenceObject(top);
    free(Name);
}

/*
 * CloseHandle. A pin's file object references its filter's, so Windows
 * sends the filter its IRP_MJ_CLOSE only after the pin's: files opened
 * relative to this one close first.
 */
static VOID FuzzClose(KSC_FILE **Slot)
{
    ULONG i;

    if (*Slot == NULL) {
        return;
    }
    for (i = 0; i < FUZZ_MAX_FILES; i++) {
        if (Fz.Files[i] != NULL &&
            KscFileObject(Fz.Files[i])->RelatedFileObject ==
            KscFileObject(*Slot)) {
            FuzzClose(&Fz.Files[i]);
        }
    }
    KscClose(*Slot);
    *Slot = NULL;
}

static VOID FuzzIoFree(FuzzIo *Io)
{
    ULONG i;

    free(Io->Headers);
    free(Io->In);
    for (i = 0; i < RTL_NUMBER_OF(Io->Data); i++) {
        free(Io->Data[i]);
    }
    free(Io);
}

/* Frees the requests that completed; returns how many are still queued. */
static ULONG FuzzReapIo(VOID)
{
    ULONG queued = 0;
    ULONG i;

    for (i = 0; i < FUZZ_MAX_IO; i++) {
        if (Fz.Io[i] == NULL) {
            continue;
        }
        if (Fz.Io[i]->InFlight &&
            Fz.Io[i]->IoStatus.Status == STATUS_PENDING) {
            queued++;
            continue;
        }
        FuzzIoFree(Fz.Io[i]);
        Fz.Io[i] = NULL;
    }
    return queued;
}

/*
 * IOCTL Code on File with In/Out as the caller's buffers (METHOD_NEITHER:
 * both are passed as they are). Io owns the buffers; a pending request stays
 * in Fz.Io until it completes.
 */
static VOID FuzzIoctl(KSC_FILE *File, ULONG Code, FuzzIo *Io, PVOID In,
                      ULONG InLength, PVOID Out, ULONG OutLength)
{
    PIRP irp;
    ULONG i;

    /* A full table ends the request unsent: the input queued enough. */
    if (FuzzReapIo() == FUZZ_MAX_IO) {
        FuzzIoFree(Io);
        return;
    }
    KeInitializeEvent(&Io->Event, NotificationEvent, FALSE);
    Io->IoStatus.Status = STATUS_PENDING;
    irp = IoBuildDeviceIoControlRequest(Code, KscFileDevice(File), In,
                                        InLength, Out, OutLength, FALSE,
                                        &Io->Event, &Io->IoStatus);
    if (irp == NULL) {
        FuzzIoFree(Io);
        return;
    }
    IoGetNextIrpStackLocation(irp)->FileObject = KscFileObject(File);
    Io->InFlight = TRUE;
    if (IoCallDriver(KscFileDevice(File), irp) != STATUS_PENDING) {
        FuzzIoFree(Io);
        return;
    }
    for (i = 0; i < FUZZ_MAX_IO; i++) {
        if (Fz.Io[i] == NULL) {
            Fz.Io[i] = Io;
            return;
        }
    }
}

/* Operations --------------------------------------------------------------- */

static const GUID *const FuzzSets[] = {
    &KSPROPSETID_Pin, &KSPROPSETID_Connection, &KSPROPSETID_Audio,
    &KSPROPSETID_General, &KSPROPSETID_Topology, &KSPROPSETID_Stream,
    &KSPROPSETID_Jack, &KSPROPSETID_RtAudio, &KSPROPSETID_CycAudioStream,
    &KSPROPSETID_CycAudioGenerator, &KSPROPSETID_CycMidi,
};

/*
 * Filter names as CreateFile leaves them (every subdevice the cycaudio
 * adapter registers, one per port type), and some that are not.
 */
static const PCWSTR FuzzFilterNames[] = {
    L"\\Wave", L"\\Topology", L"\\Midi", L"\\WaveRT", L"\\WavePci",
    L"\\DMusUART", L"\\DMusSynth", L"\\", L"", L"\\Wave\\x", L"\\wave",
    L"Wave",
};

static VOID FuzzOpOpenFilter(FuzzInput *In)
{
    KSC_FILE **file = FuzzSlot(In);
    PCWSTR name = FuzzFilterNames[FuzzByte(In) %
                                  RTL_NUMBER_OF(FuzzFilterNames)];
    ULONG length = 0;
    PUCHAR buffer;

    FuzzClose(file);
    while (name[length] != 0) {
        length++;
    }
    length *= sizeof(WCHAR);
    buffer = FuzzAlloc(length);
    memcpy(buffer, name, length);
    FuzzCreate(file, NULL, buffer, length);
}

/* KSSTRING_Pin "\" KSPIN_CONNECT KSDATAFORMAT, every field from the input. */
static VOID FuzzOpOpenPin(FuzzInput *In)
{
    static const WCHAR prefix[] = KSSTRING_Pin L"\\";
    static const ULONG rates[] = { 48000, 44100, 8000, 96000, 192000, 0 };
    static const ULONG bits[] = { 16, 8, 24, 32, 0 };
    const ULONG prefixBytes = sizeof(prefix) - sizeof(WCHAR);
    KSC_FILE **parent = FuzzSlot(In);
    KSC_FILE **file = FuzzSlot(In);
    UCHAR kind = FuzzByte(In);
    KSPIN_CONNECT connect;
    KSC_WAVE_FORMAT wave;
    KSDATAFORMAT midi;
    const VOID *format;
    ULONG formatObject;            /* bytes of the object at format */
    ULONG formatBytes;
    ULONG length;
    ULONG patches;
    PUCHAR name;
    ULONG i;

    KscBuildConnect(&connect, FuzzByte(In) % 10);
    if ((kind & 0x10) != 0) {
        FuzzBytes(In, &connect, sizeof(connect));
    }
    if ((kind & 3) >= 2) {
        /* 3: the DMus pins' DirectMusic stream */
        KscBuildMidiFormat(&midi);
        if ((kind & 3) == 3) {
            midi.SubFormat = KSDATAFORMAT_SUBTYPE_DIRECTMUSIC;
        }
        format = &midi;
        formatObject = sizeof(midi);
    } else {
        UCHAR b = FuzzByte(In);
        ULONG rate = rates[b % RTL_NUMBER_OF(rates)];
        ULONG depth = bits[(b >> 4) % RTL_NUMBER_OF(bits)];
        ULONG channels, unused;

        if (rate == 0) {
            rate = FuzzUlong(In);
        }
        if (depth == 0) {
            depth = FuzzByte(In);
        }
        channels = FuzzByte(In) % 10;
        unused = (FuzzByte(In) % 3) * 4;     /* container bits past valid */
        KscBuildWaveFormat(&wave, rate, channels, depth, depth - unused,
                           (kind & 4) != 0);
        format = &wave.Format;
        formatObject = sizeof(wave);
    }
    formatBytes = ((const KSDATAFORMAT *)format)->FormatSize;
    /* The appended bytes may be cut short or run on past FormatSize. */
    if ((kind & 0x20) != 0) {
        formatBytes = FuzzLength(In, sizeof(wave));
    }
    length = prefixBytes + sizeof(connect) + formatBytes;
    if ((kind & 0x40) != 0) {
        /* The object manager refuses odd-length names before any driver. */
        length = FuzzLength(In, FUZZ_MAX_NAME) & ~1u;
    }
    name = FuzzAlloc(length);
    memset(name, 0, length);
    memcpy(name, prefix, min(length, prefixBytes));
    if (length > prefixBytes) {
        memcpy(name + prefixBytes, &connect,
               min(length - prefixBytes, sizeof(connect)));
    }
    if (length > prefixBytes + sizeof(connect)) {
        memcpy(name + prefixBytes + sizeof(connect), format,
               min(length - prefixBytes - sizeof(connect),
                   min(formatBytes, formatObject)));
    }
    patches = (kind & 0x80) != 0 ? FuzzByte(In) % 4 + 1 : 0;
    for (i = 0; i < patches && length > 0; i++) {
        ULONG at = FuzzUshort(In);

        name[at % length] = FuzzByte(In);
    }
    FuzzClose(file);
    FuzzCreate(file, file == parent ? NULL : *parent, name, length);
}

static VOID FuzzOpClose(FuzzInput *In)
{
    FuzzClose(FuzzSlot(In));
}

/* IOCTL_KS_PROPERTY: any set, id, flags, instance data and value size. */
static VOID FuzzOpProperty(FuzzInput *In)
{
    static const ULONG flags[] = {
        KSPROPERTY_TYPE_GET, KSPROPERTY_TYPE_SET,
        KSPROPERTY_TYPE_BASICSUPPORT,
        KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_TOPOLOGY,
        KSPROPERTY_TYPE_SET | KSPROPERTY_TYPE_TOPOLOGY,
        KSPROPERTY_TYPE_BASICSUPPORT | KSPROPERTY_TYPE_TOPOLOGY,
    };
    KSC_FILE *file = *FuzzSlot(In);
    UCHAR how = FuzzByte(In);
    ULONG inLength = sizeof(KSPROPERTY) + FuzzLength(In, 64);
    ULONG outLength = FuzzLength(In, FUZZ_MAX_VALUE);
    FuzzIo *io = calloc(1, sizeof(*io));
    PKSPROPERTY prop;
    PUCHAR in;

    if (file == NULL || io == NULL) {
        free(io);
        return;
    }
    if ((how & 0x80) != 0) {
        inLength = FuzzLength(In, sizeof(KSPROPERTY) + 64);
    }
    in = FuzzAlloc(max(inLength, sizeof(KSPROPERTY)));
    prop = (PKSPROPERTY)in;
    FuzzBytes(In, in, max(inLength, sizeof(KSPROPERTY)));
    if ((how & 0x40) == 0) {
        prop->Set = *FuzzSets[prop->Set.Data1 % RTL_NUMBER_OF(FuzzSets)];
    }
    if ((how & 0x20) == 0) {
        prop->Flags = flags[prop->Flags % RTL_NUMBER_OF(flags)];
    }
    if ((how & 0x10) == 0) {
        prop->Id %= 32;
    }
    if (inLength < sizeof(KSPROPERTY)) {
        /* exactly the declared size for ASan */
        PUCHAR cut = FuzzAlloc(inLength);

        memcpy(cut, in, inLength);
        free(in);
        in = cut;
    }
    io->Headers = in;
    io->Data[0] = FuzzAlloc(outLength);
    FuzzBytes(In, io->Data[0], outLength);
    FuzzIoctl(file, IOCTL_KS_PROPERTY, io, in, inLength,
              (how & 8) != 0 && outLength == 0 ? NULL : io->Data[0],
              outLength);
}

/* Stream IOCTLs: up to three headers, each with a buffer of FrameExtent. */
static VOID FuzzOpStream(FuzzInput *In)
{
    static const ULONG codes[] = {
        IOCTL_KS_WRITE_STREAM, IOCTL_KS_READ_STREAM, IOCTL_KS_WRITE_STREAM,
        IOCTL_KS_READ_STREAM, IOCTL_KS_RESET_STATE, IOCTL_KS_ENABLE_EVENT,
        IOCTL_KS_DISABLE_EVENT, IOCTL_KS_METHOD,
    };
    KSC_FILE *file = *FuzzSlot(In);
    UCHAR how = FuzzByte(In);
    ULONG code = codes[how % RTL_NUMBER_OF(codes)];
    ULONG count = (how >> 3) % 3 + 1;
    ULONG outLength = count * sizeof(KSSTREAM_HEADER);
    FuzzIo *io = calloc(1, sizeof(*io));
    PKSSTREAM_HEADER headers;
    PVOID in = NULL;
    ULONG inLength = 0;
    ULONG i;

    if (file == NULL || io == NULL) {
        free(io);
        return;
    }
    if ((how & 0x40) != 0) {
        code = FuzzUlong(In);
    }
    if ((how & 0x80) != 0) {
        outLength = FuzzLength(In, 3 * sizeof(KSSTREAM_HEADER));
    }
    headers = FuzzAlloc(max(outLength, count * sizeof(KSSTREAM_HEADER)));
    for (i = 0; i < count; i++) {
        PKSSTREAM_HEADER h = &headers[i];
        UCHAR shape = FuzzByte(In);

        RtlZeroMemory(h, sizeof(*h));
        h->Size = sizeof(*h);
        h->FrameExtent = FuzzLength(In, FUZZ_MAX_DATA);
        h->DataUsed = code == IOCTL_KS_WRITE_STREAM ? h->FrameExtent : 0;
        if ((shape & 1) != 0) {
            h->DataUsed = FuzzUlong(In);
        }
        if ((shape & 2) != 0) {
            h->Size = FuzzUlong(In);
        }
        if ((shape & 4) != 0) {
            h->OptionsFlags = FuzzUlong(In);
        }
        io->Data[i] = FuzzAlloc(h->FrameExtent);
        memset(io->Data[i], 0, h->FrameExtent);
        FuzzBytes(In, io->Data[i], min(h->FrameExtent, 64u));
        h->Data = (shape & 8) != 0 ? NULL : io->Data[i];
    }
    if (outLength < count * sizeof(KSSTREAM_HEADER)) {
        PVOID cut = FuzzAlloc(outLength);

        memcpy(cut, headers, outLength);
        free(headers);
        headers = cut;
    }
    io->Headers = headers;
    if (code == IOCTL_KS_RESET_STATE || (how & 0x20) != 0) {
        /* KSRESET as the input buffer, of any size */
        inLength = FuzzLength(In, 8);
        in = FuzzAlloc(inLength);
        FuzzBytes(In, in, inLength);
        if (inLength >= sizeof(ULONG) && (how & 0x80) == 0) {
            *(PULONG)in %= 2;
        }
        io->In = in;
    }
    FuzzIoctl(file, code, io, in, inLength, headers, outLength);
}

/*
 * The fake topology miniport answers one property later, by contract when
 * its owner says so (the unit tests do): the device op and the teardown do.
 */
static VOID FuzzCompleteFakePending(VOID)
{
    if (!Fz.Cyc && Fake.Pending != NULL) {
        PPCPROPERTY_REQUEST request = Fake.Pending;

        Fake.Pending = NULL;
        PcCompletePendingPropertyRequest(request, STATUS_SUCCESS);
    }
}

/*
 * With CTL.POSWB the device stores block's POS, PCOUNT and the time at its
 * entry of the write-back record (WaveRT's position), wherever the driver
 * put it in the pool.
 */
static VOID FuzzWriteBack(ULONG Block)
{
    volatile ULONG *sd = Fz.Registers + CYC_STREAM_OFF(Block) / 4;
    uintptr_t at = Fz.Registers[CYC_REG_POSWB_LO / 4] |
                   ((uintptr_t)Fz.Registers[CYC_REG_POSWB_HI / 4] << 32);
    uintptr_t heap;
    size_t heapSize;
    PUCHAR record;
    ULONGLONG wall = host_now_ns();

    arch_heap_region(&heap, &heapSize);
    at += Block * CYC_POSWB_ENTRY_SIZE;
    if (CYC_GET(sd[CYC_SD_CTL / 4], CYC_CTL_POSWB) == 0 || at < heap ||
        at + CYC_POSWB_ENTRY_SIZE > heap + heapSize) {
        return;
    }
    record = (PUCHAR)at;
    memcpy(record + CYC_POSWB_POS, (const VOID *)&sd[CYC_SD_POS / 4], 4);
    memcpy(record + CYC_POSWB_PCOUNT, (const VOID *)&sd[CYC_SD_PCOUNT / 4], 4);
    memcpy(record + CYC_POSWB_WALL, &wall, 8);
}

/* The device moved on: position, period and error events, an interrupt. */
static VOID FuzzOpDevice(FuzzInput *In)
{
    UCHAR what = FuzzByte(In);
    ULONG bytes = FuzzUlong(In);

    if (!Fz.Cyc) {
        Fake.Position[what & 1] += bytes % (2 * FAKE_BUFFER_SIZE);
        if ((what & 2) != 0) {
            Fake.RefuseValid = (what & 4) != 0;
            Fake.Refuse = (KSSTATE)((what >> 3) % 4);
        }
        if ((what & 0x80) != 0) {
            FuzzCompleteFakePending();
        }
        FakeNotify();
    } else if ((what & 0x40) != 0) {
        /* MIDI in: up to four bytes at the UART, then its interrupt */
        ULONG i;

        for (i = 0; i < (what & 3) + 1u; i++) {
            FuzzMpuReceive((UCHAR)(bytes >> (8 * i)));
        }
        host_raise_interrupt(FUZZ_VECTOR);
    } else {
        ULONG block = what % CYC_MAX_STREAMS;
        volatile ULONG *sd = Fz.Registers + CYC_STREAM_OFF(block) / 4;
        ULONG size = sd[CYC_SD_BSIZE / 4];

        sd[CYC_SD_POS / 4] = size != 0 ? bytes % size : 0;
        sd[CYC_SD_STS / 4] |= (((what >> 3) & 7) | ((what >> 7) << 3)) &
                              CYC_STS_W1C_MASK;
        sd[CYC_SD_ERR / 4] = (what >> 7) != 0 ? bytes >> 24 : 0;
        if (CYC_GET(sd[CYC_SD_STS / 4], CYC_STS_PERIOD) != 0) {
            sd[CYC_SD_PCOUNT / 4]++;
        }
        FuzzWriteBack(block);
        Fz.Registers[CYC_REG_INTSTS / 4] |= CYC_SET(0, CYC_INTSTS_SIS,
                                                    1u << block);
        host_raise_interrupt(FUZZ_VECTOR);
        Fz.Registers[CYC_REG_INTSTS / 4] = 0;
    }
    KeFlushQueuedDpcs();
}

static VOID FuzzOpTime(FuzzInput *In)
{
    host_advance_ns((ULONGLONG)(FuzzByte(In) + 1) * 1000000u);
    KeFlushQueuedDpcs();
}

/*
 * What the system does to a running device: S3 and back, S3 alone (the next
 * power op or the teardown wakes it), a stop the PnP manager queries and
 * cancels, and a rebalance that stops and restarts it on the same BAR.
 */
static VOID FuzzOpPower(FuzzInput *In)
{
    UCHAR what = FuzzByte(In) % 4;

    if (Fz.Asleep || what == 0) {
        PnpSetSystemPowerState(PowerSystemSleeping3);
        PnpSetSystemPowerState(PowerSystemWorking);
        Fz.Asleep = FALSE;
    } else if (what == 1) {
        Fz.Asleep = NT_SUCCESS(PnpSetSystemPowerState(PowerSystemSleeping3));
    } else if (what == 2) {
        if (NT_SUCCESS(PnpSendDeviceIrp(Fz.Pdo, IRP_MN_QUERY_STOP_DEVICE))) {
            PnpSendDeviceIrp(Fz.Pdo, IRP_MN_CANCEL_STOP_DEVICE);
        }
    } else {
        PnpRebalanceDevice(Fz.Pdo, 0, Fz.Bar0);
    }
    KeFlushQueuedDpcs();
}

typedef VOID (*FUZZ_OP)(FuzzInput *In);

static const FUZZ_OP FuzzOps[] = {
    FuzzOpOpenFilter, FuzzOpOpenPin, FuzzOpProperty, FuzzOpProperty,
    FuzzOpProperty, FuzzOpStream, FuzzOpStream, FuzzOpDevice, FuzzOpTime,
    FuzzOpClose,
};

/*
 * An op byte picks FuzzOps by its remainder, except 248 to 254, which pick
 * the power op: it came after the kept finding inputs (regress/ks), which
 * use none of those values, so they replay as they were recorded.
 */
static VOID FuzzOp(FuzzInput *In)
{
    UCHAR op = FuzzByte(In);

    if (op >= FUZZ_OP_POWER_FIRST && op <= FUZZ_OP_POWER_LAST) {
        FuzzOpPower(In);
    } else {
        FuzzOps[op % RTL_NUMBER_OF(FuzzOps)](In);
    }
}

/* Everything the input left open is closed; nothing may stay behind. */
static VOID FuzzTeardown(SIZE_T BaselineBytes, ULONG BaselineBlocks)
{
    SIZE_T bytes = 0;
    ULONG blocks;
    ULONG i;

    FuzzCompleteFakePending();
    if (Fz.Asleep) {
        PnpSetSystemPowerState(PowerSystemWorking);
    }
    for (i = FUZZ_MAX_FILES; i-- > 0;) {
        FuzzClose(&Fz.Files[i]);
    }
    for (i = 0; i < FUZZ_EVENTS; i++) {
        ZwClose(Fz.Events[i]);
    }
    KeFlushQueuedDpcs();
    if (FuzzReapIo() != 0) {
        fprintf(stderr, "%s", host_console_text());
        fprintf(stderr, "fuzz-ks: requests still pending after every file "
                "closed\n");
        abort();
    }
    PnpRemoveAllDevices();
    KeFlushQueuedDpcs();
    blocks = ExpPoolOutstanding(0, &bytes);
    if (blocks != BaselineBlocks || bytes != BaselineBytes ||
        (!Fz.Cyc && Fake.LiveObjects != 0)) {
        fprintf(stderr, "%s", host_console_text());
        fprintf(stderr, "fuzz-ks: leak: %u blocks / %zu bytes outstanding "
                "(baseline %u / %zu), %d fake objects\n", (unsigned)blocks,
                (size_t)bytes, (unsigned)BaselineBlocks,
                (size_t)BaselineBytes, (int)Fake.LiveObjects);
        ExpDumpPoolTags();
        fprintf(stderr, "%s", host_console_text());
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size)
{
    FuzzInput in = { Data, Size, 0 };
    SIZE_T baselineBytes = 0;
    ULONG baselineBlocks;
    ULONG ops;

    host_reset(NULL);
    FakeReset();
    RtlZeroMemory(Fz.Files, sizeof(Fz.Files));
    RtlZeroMemory(Fz.Io, sizeof(Fz.Io));
    baselineBlocks = ExpPoolOutstanding(0, &baselineBytes);
    for (ULONG i = 0; i < FUZZ_EVENTS; i++) {
        ZwCreateEvent(&Fz.Events[i], EVENT_ALL_ACCESS, NULL,
                      SynchronizationEvent, FALSE);
    }
    FuzzStartDevice(&in);
    for (ops = 0; ops < FUZZ_MAX_OPS && in.At < in.Size; ops++) {
        FuzzOp(&in);
    }
    FuzzTeardown(baselineBytes, baselineBlocks);
    if (getenv("FUZZ_KS_CONSOLE") != NULL) {
        fprintf(stderr, "%s", host_console_text());
    }
    return 0;
}
