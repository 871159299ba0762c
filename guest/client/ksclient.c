/* SPDX-License-Identifier: MIT */
/*
 * The audio client library (see ksclient.h). A KSC_FILE owns its FILE_OBJECT
 * and a reference on the top device of the stack; every request is an IRP the
 * way the I/O manager builds it for CreateFile, KsCreatePin, DeviceIoControl
 * and CloseHandle. Deviation: there is no object manager namespace, so a filter
 * is opened through the PDO of the started device instead of its
 * device-interface symbolic link.
 */
#include "ksclient.h"

#define KSC_POOLTAG \
    ((ULONG)'K' | ((ULONG)'s' << 8) | ((ULONG)'c' << 16) | ((ULONG)'F' << 24))

struct KSC_FILE {
    FILE_OBJECT FileObject;
    PDEVICE_OBJECT DeviceObject;    /* top of the stack, referenced */
    KSC_FILE *Parent;               /* the filter of a pin */
};

static const WCHAR KscPinName[] = KSSTRING_Pin;

static ULONG KscWideLength(PCWSTR String)
{
    ULONG n = 0;

    while (String[n]) {
        n++;
    }
    return n;
}

/* Sends a create/cleanup/close IRP for File and waits for it. */
static NTSTATUS KscpSendFileIrp(KSC_FILE *File, UCHAR MajorFunction)
{
    IO_STATUS_BLOCK ioStatus = { 0 };
    KEVENT event;
    PIO_STACK_LOCATION stack;
    PIRP irp;
    NTSTATUS status;

    irp = IoAllocateIrp(File->DeviceObject->StackSize, FALSE);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp->UserIosb = &ioStatus;
    irp->UserEvent = &event;
    irp->RequestorMode = KernelMode;
    irp->Tail.Overlay.OriginalFileObject = &File->FileObject;
    stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = MajorFunction;
    stack->FileObject = &File->FileObject;
    status = IoCallDriver(File->DeviceObject, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = ioStatus.Status;
    }
    IoFreeIrp(irp);
    return status;
}

NTSTATUS KscCreateFile(PDEVICE_OBJECT Device, KSC_FILE *Parent,
                       const VOID *Name, ULONG NameBytes, KSC_FILE **Out)
{
    KSC_FILE *file;
    NTSTATUS status;

    *Out = NULL;
    if (NameBytes > 0xfffe) {
        return STATUS_INVALID_PARAMETER;
    }
    file = ExAllocatePoolWithTag(NonPagedPool, sizeof(*file) + NameBytes,
                                 KSC_POOLTAG);
    if (file == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(file, sizeof(*file));
    file->FileObject.Type = IO_TYPE_FILE;
    file->FileObject.Size = sizeof(FILE_OBJECT);
    file->FileObject.DeviceObject = Device;
    file->FileObject.RelatedFileObject = Parent ? &Parent->FileObject : NULL;
    file->FileObject.FileName.Buffer = (PWCHAR)(file + 1);
    file->FileObject.FileName.Length = (USHORT)NameBytes;
    file->FileObject.FileName.MaximumLength = (USHORT)NameBytes;
    file->FileObject.ReadAccess = TRUE;
    file->FileObject.WriteAccess = TRUE;
    KeInitializeEvent(&file->FileObject.Event, SynchronizationEvent, FALSE);
    RtlCopyMemory(file + 1, Name, NameBytes);
    file->DeviceObject = Device;
    ObReferenceObject(Device);
    file->Parent = Parent;

    status = KscpSendFileIrp(file, IRP_MJ_CREATE);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(Device);
        ExFreePoolWithTag(file, KSC_POOLTAG);
        return status;
    }
    *Out = file;
    return STATUS_SUCCESS;
}

NTSTATUS KscOpenFilter(PDEVICE_OBJECT Pdo, PCWSTR ReferenceString,
                       KSC_FILE **Filter)
{
    WCHAR name[64];
    ULONG length = KscWideLength(ReferenceString);
    PDEVICE_OBJECT top;
    NTSTATUS status;

    PAGED_CODE();
    *Filter = NULL;
    if (length + 1 > RTL_NUMBER_OF(name)) {
        return STATUS_OBJECT_NAME_INVALID;
    }
    /*
     * What CreateFile on "<interface link>\Wave" leaves in FileName: "\Wave".
     */
    name[0] = L'\\';
    RtlCopyMemory(&name[1], ReferenceString, length * sizeof(WCHAR));
    top = IoGetAttachedDeviceReference(Pdo);
    status =
        KscCreateFile(top, NULL, name, (length + 1) * sizeof(WCHAR), Filter);
    ObDereferenceObject(top);
    return status;
}

NTSTATUS KscCreatePin(KSC_FILE *Filter, const KSPIN_CONNECT *Connect,
                      const KSDATAFORMAT *Format, KSC_FILE **Pin)
{
    ULONG prefix = sizeof(KscPinName) - sizeof(WCHAR);
    ULONG bytes =
        prefix + sizeof(WCHAR) + sizeof(*Connect) + Format->FormatSize;
    PUCHAR name;
    NTSTATUS status;

    PAGED_CODE();
    *Pin = NULL;
    name = ExAllocatePoolWithTag(NonPagedPool, bytes, KSC_POOLTAG);
    if (name == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    /*
     * KSSTRING_Pin, '\', then the raw KSPIN_CONNECT and
     * KSDATAFORMAT (ksuser's layout).
     */
    RtlCopyMemory(name, KscPinName, prefix);
    ((PWCHAR)name)[prefix / sizeof(WCHAR)] = L'\\';
    RtlCopyMemory(name + prefix + sizeof(WCHAR), Connect, sizeof(*Connect));
    RtlCopyMemory(name + prefix + sizeof(WCHAR) + sizeof(*Connect), Format,
                  Format->FormatSize);
    status = KscCreateFile(Filter->DeviceObject, Filter, name, bytes, Pin);
    ExFreePoolWithTag(name, KSC_POOLTAG);
    return status;
}

PFILE_OBJECT KscFileObject(KSC_FILE *File)
{
    return &File->FileObject;
}

PDEVICE_OBJECT KscFileDevice(KSC_FILE *File)
{
    return File->DeviceObject;
}

VOID KscClose(KSC_FILE *File)
{
    PAGED_CODE();
    if (File == NULL) {
        return;
    }
    KscpSendFileIrp(File, IRP_MJ_CLEANUP);
    KscpSendFileIrp(File, IRP_MJ_CLOSE);
    ObDereferenceObject(File->DeviceObject);
    ExFreePoolWithTag(File, KSC_POOLTAG);
}

NTSTATUS KscDeviceIoControl(KSC_FILE *File, ULONG IoControlCode, PVOID InBuffer,
                            ULONG InLength, PVOID OutBuffer, ULONG OutLength,
                            PULONG BytesReturned)
{
    IO_STATUS_BLOCK ioStatus = { 0 };
    KEVENT event;
    PIRP irp;
    NTSTATUS status;

    PAGED_CODE();
    if (BytesReturned != NULL) {
        *BytesReturned = 0;
    }
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(IoControlCode, File->DeviceObject,
                                        InBuffer, InLength, OutBuffer,
                                        OutLength, FALSE, &event, &ioStatus);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoGetNextIrpStackLocation(irp)->FileObject = &File->FileObject;
    status = IoCallDriver(File->DeviceObject, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = ioStatus.Status;
    }
    if (BytesReturned != NULL) {
        *BytesReturned = (ULONG)ioStatus.Information;
    }
    return status;
}

NTSTATUS KscProperty(KSC_FILE *File, const GUID *Set, ULONG Id, ULONG Flags,
                     PVOID Value, ULONG ValueLength, PULONG BytesReturned)
{
    KSPROPERTY property = { .Set = *Set, .Id = Id, .Flags = Flags };

    return KscDeviceIoControl(File, IOCTL_KS_PROPERTY, &property,
                              sizeof(property), Value, ValueLength,
                              BytesReturned);
}

NTSTATUS KscPinProperty(KSC_FILE *Filter, ULONG PinId, ULONG Id, PVOID Value,
                        ULONG ValueLength, PULONG BytesReturned)
{
    KSP_PIN property = {
        .Property = { .Set = KSPROPSETID_Pin, .Id = Id,
                      .Flags = KSPROPERTY_TYPE_GET },
        .PinId = PinId,
    };

    return KscDeviceIoControl(Filter, IOCTL_KS_PROPERTY, &property,
                              sizeof(property), Value, ValueLength,
                              BytesReturned);
}

NTSTATUS KscNodeProperty(KSC_FILE *Filter, const GUID *Set, ULONG Id,
                         ULONG Flags, ULONG NodeId, LONG Channel, PVOID Value,
                         ULONG ValueLength, PULONG BytesReturned)
{
    KSNODEPROPERTY_AUDIO_CHANNEL property = {
        .NodeProperty = {
            .Property = { .Set = *Set, .Id = Id,
                          .Flags = Flags | KSPROPERTY_TYPE_TOPOLOGY },
            .NodeId = NodeId,
        },
        .Channel = Channel,
    };

    return KscDeviceIoControl(Filter, IOCTL_KS_PROPERTY, &property,
                              sizeof(property), Value, ValueLength,
                              BytesReturned);
}

NTSTATUS KscGetPinCount(KSC_FILE *Filter, PULONG Count)
{
    return KscProperty(Filter, &KSPROPSETID_Pin, KSPROPERTY_PIN_CTYPES,
                       KSPROPERTY_TYPE_GET, Count, sizeof(*Count), NULL);
}

NTSTATUS KscSetState(KSC_FILE *Pin, KSSTATE State)
{
    return KscProperty(Pin, &KSPROPSETID_Connection,
                       KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_SET, &State,
                       sizeof(State), NULL);
}

NTSTATUS KscGetState(KSC_FILE *Pin, PKSSTATE State)
{
    return KscProperty(Pin, &KSPROPSETID_Connection,
                       KSPROPERTY_CONNECTION_STATE, KSPROPERTY_TYPE_GET, State,
                       sizeof(*State), NULL);
}

NTSTATUS KscGetPosition(KSC_FILE *Pin, PKSAUDIO_POSITION Position)
{
    return KscProperty(Pin, &KSPROPSETID_Audio, KSPROPERTY_AUDIO_POSITION,
                       KSPROPERTY_TYPE_GET, Position, sizeof(*Position), NULL);
}

NTSTATUS KscSetVolume(KSC_FILE *Topology, ULONG NodeId, LONG Channel,
                      LONG Level)
{
    return KscNodeProperty(Topology, &KSPROPSETID_Audio,
                           KSPROPERTY_AUDIO_VOLUMELEVEL, KSPROPERTY_TYPE_SET,
                           NodeId, Channel, &Level, sizeof(Level), NULL);
}

NTSTATUS KscGetVolume(KSC_FILE *Topology, ULONG NodeId, LONG Channel,
                      PLONG Level)
{
    return KscNodeProperty(Topology, &KSPROPSETID_Audio,
                           KSPROPERTY_AUDIO_VOLUMELEVEL, KSPROPERTY_TYPE_GET,
                           NodeId, Channel, Level, sizeof(*Level), NULL);
}

NTSTATUS KscSetMute(KSC_FILE *Topology, ULONG NodeId, LONG Channel, BOOL Mute)
{
    return KscNodeProperty(Topology, &KSPROPSETID_Audio, KSPROPERTY_AUDIO_MUTE,
                           KSPROPERTY_TYPE_SET, NodeId, Channel, &Mute,
                           sizeof(Mute), NULL);
}

NTSTATUS KscSetNodeUlong(KSC_FILE *Topology, const GUID *Set, ULONG Id,
                         ULONG NodeId, ULONG Value)
{
    KSNODEPROPERTY property = {
        .Property = { .Set = *Set, .Id = Id,
                      .Flags = KSPROPERTY_TYPE_SET | KSPROPERTY_TYPE_TOPOLOGY },
        .NodeId = NodeId,
    };

    return KscDeviceIoControl(Topology, IOCTL_KS_PROPERTY, &property,
                              sizeof(property), &Value, sizeof(Value), NULL);
}

NTSTATUS KscGetNodeUlong(KSC_FILE *Topology, const GUID *Set, ULONG Id,
                         ULONG NodeId, PULONG Value)
{
    KSNODEPROPERTY property = {
        .Property = { .Set = *Set, .Id = Id,
                      .Flags = KSPROPERTY_TYPE_GET | KSPROPERTY_TYPE_TOPOLOGY },
        .NodeId = NodeId,
    };

    return KscDeviceIoControl(Topology, IOCTL_KS_PROPERTY, &property,
                              sizeof(property), Value, sizeof(*Value), NULL);
}

VOID KscBuildWaveFormat(KSC_WAVE_FORMAT *Out, ULONG Rate, ULONG Channels,
                        ULONG Bits, ULONG ValidBits, BOOLEAN Float)
{
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE *format = &Out->Format;
    WAVEFORMATEX *wave = &format->WaveFormatExt.Format;
    BOOLEAN extensible = Float || Channels > 2 || Bits > 16 ||
                         ValidBits != Bits;
    static const ULONG masks[9] = {
        0, KSAUDIO_SPEAKER_MONO, KSAUDIO_SPEAKER_STEREO, 0x7, 0x33, 0x37, 0x3f,
        0x13f, 0x63f,
    };

    RtlZeroMemory(Out, sizeof(*Out));
    format->DataFormat.FormatSize =
        extensible ? sizeof(KSDATAFORMAT_WAVEFORMATEXTENSIBLE)
                   : sizeof(KSDATAFORMAT_WAVEFORMATEX);
    format->DataFormat.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    format->DataFormat.SubFormat = Float ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT
                                         : KSDATAFORMAT_SUBTYPE_PCM;
    format->DataFormat.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    wave->wFormatTag = extensible ? WAVE_FORMAT_EXTENSIBLE : WAVE_FORMAT_PCM;
    wave->nChannels = (WORD)Channels;
    wave->nSamplesPerSec = Rate;
    wave->wBitsPerSample = (WORD)Bits;
    wave->nBlockAlign = (WORD)(Channels * Bits / 8);
    wave->nAvgBytesPerSec = Rate * wave->nBlockAlign;
    format->DataFormat.SampleSize = wave->nBlockAlign;
    if (extensible) {
        wave->cbSize = sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX);
        format->WaveFormatExt.Samples.wValidBitsPerSample = (WORD)ValidBits;
        format->WaveFormatExt.dwChannelMask =
            Channels < 9 ? masks[Channels] : 0;
        format->WaveFormatExt.SubFormat = format->DataFormat.SubFormat;
    }
}

VOID KscBuildConnect(KSPIN_CONNECT *Connect, ULONG PinId)
{
    RtlZeroMemory(Connect, sizeof(*Connect));
    Connect->Interface.Set = KSINTERFACESETID_Standard;
    Connect->Interface.Id = KSINTERFACE_STANDARD_STREAMING;
    Connect->Medium.Set = KSMEDIUMSETID_Standard;
    Connect->Medium.Id = KSMEDIUM_TYPE_ANYINSTANCE;
    Connect->PinId = PinId;
    Connect->Priority.PriorityClass = KSPRIORITY_NORMAL;
    Connect->Priority.PrioritySubClass = 1;
}

VOID KscBuildMidiFormat(KSDATAFORMAT *Out)
{
    RtlZeroMemory(Out, sizeof(*Out));
    Out->FormatSize = sizeof(*Out);
    Out->MajorFormat = KSDATAFORMAT_TYPE_MUSIC;
    Out->SubFormat = KSDATAFORMAT_SUBTYPE_MIDI;
    Out->Specifier = KSDATAFORMAT_SPECIFIER_NONE;
}

BOOLEAN KscMusicAppend(PUCHAR Buffer, ULONG Capacity, PULONG Used,
                       ULONG DeltaMs, const UCHAR *Bytes, ULONG Count)
{
    KSMUSICFORMAT record = { DeltaMs, Count };
    ULONG size = (ULONG)ALIGN_UP_BY(sizeof(record) + Count, sizeof(ULONG));

    if (*Used > Capacity || Capacity - *Used < size) {
        return FALSE;
    }
    RtlZeroMemory(Buffer + *Used, size);
    RtlCopyMemory(Buffer + *Used, &record, sizeof(record));
    RtlCopyMemory(Buffer + *Used + sizeof(record), Bytes, Count);
    *Used += size;
    return TRUE;
}

BOOLEAN KscMusicNext(const UCHAR *Data, ULONG Length, PULONG Offset,
                     KSMUSICFORMAT *Record, const UCHAR **Bytes)
{
    ULONG at = *Offset;

    if (at >= Length || Length - at < sizeof(*Record)) {
        return FALSE;
    }
    RtlCopyMemory(Record, Data + at, sizeof(*Record));
    if (Record->ByteCount > Length - at - sizeof(*Record)) {
        return FALSE;
    }
    *Bytes = Data + at + sizeof(*Record);
    at += sizeof(*Record) + Record->ByteCount;
    *Offset = (ULONG)ALIGN_UP_BY(at, sizeof(ULONG));
    return TRUE;
}

NTSTATUS KscStreamIo(KSC_FILE *Pin, KSC_IO *Io, BOOLEAN Write, PVOID Data,
                     ULONG Length)
{
    PIRP irp;
    NTSTATUS status;

    PAGED_CODE();
    RtlZeroMemory(&Io->Header, sizeof(Io->Header));
    Io->Header.Size = sizeof(KSSTREAM_HEADER);
    Io->Header.Data = Data;
    Io->Header.FrameExtent = Length;
    Io->Header.DataUsed = Write ? Length : 0;
    Io->IoStatus.Status = STATUS_PENDING;
    Io->IoStatus.Information = 0;
    KeInitializeEvent(&Io->Event, NotificationEvent, FALSE);
    /*
     * Both directions pass the header array as the output
     * buffer, as KsStreamIo does.
     */
    irp = IoBuildDeviceIoControlRequest(Write ? IOCTL_KS_WRITE_STREAM
                                              : IOCTL_KS_READ_STREAM,
                                        Pin->DeviceObject, NULL, 0, &Io->Header,
                                        sizeof(Io->Header), FALSE, &Io->Event,
                                        &Io->IoStatus);
    if (irp == NULL) {
        Io->Status = STATUS_INSUFFICIENT_RESOURCES;
        Io->InFlight = FALSE;
        return Io->Status;
    }
    IoGetNextIrpStackLocation(irp)->FileObject = &Pin->FileObject;
    Io->InFlight = TRUE;
    status = IoCallDriver(Pin->DeviceObject, irp);
    if (status != STATUS_PENDING) {
        /* Completed (or failed) before returning: the event is already set. */
        Io->InFlight = FALSE;
        Io->Status = status;
    }
    return status;
}

NTSTATUS KscWaitIo(KSC_IO *Io)
{
    PAGED_CODE();
    if (Io->InFlight) {
        KeWaitForSingleObject(&Io->Event, Executive, KernelMode, FALSE, NULL);
        Io->InFlight = FALSE;
        Io->Status = Io->IoStatus.Status;
    }
    return Io->Status;
}

BOOLEAN KscIoDone(KSC_IO *Io)
{
    LARGE_INTEGER zero = { .QuadPart = 0 };

    if (!Io->InFlight) {
        return TRUE;
    }
    return KeWaitForSingleObject(&Io->Event, Executive, KernelMode, FALSE,
                                 &zero) == STATUS_SUCCESS;
}

VOID KscSleep(ULONG Milliseconds)
{
    LARGE_INTEGER interval = { .QuadPart = -(LONGLONG)Milliseconds * 10000 };

    KeDelayExecutionThread(KernelMode, FALSE, &interval);
}
