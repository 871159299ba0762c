/* SPDX-License-Identifier: MIT */
/*
 * ZwCreateFile and friends over drive C: as the host sees it: \SystemRoot
 * is C:\Windows; a file the guest writes goes out on COM2 (hostfile.c) and
 * lands in the run's output folder as C/<path>; a file the host provides is
 * a fw_cfg item read in place. The files named so far are remembered for
 * the dispositions (FILE_CREATE of one that exists collides). All I/O is
 * synchronous, PASSIVE_LEVEL.
 */
#include "hostfile.h"
#include "ki.h"
#include "ob.h"

#define IOP_FILE_TAG 'liFI'      /* "IFil": a file object (one per handle) */
#define IOP_FILE_NODE_TAG 'dnFI' /* "IFnd": a name the run has seen */
#define IOP_PATH_CHARS 128u
#define IOP_ALLOCATION_UNIT 4096u

typedef struct _IOP_FILE_NODE {
    LIST_ENTRY Link;
    CHAR Path[IOP_PATH_CHARS];  /* below C:\, '/' separated, as given */
    BOOLEAN Directory;
    BOOLEAN Output;             /* written this run: COM2 file FileId */
    ULONG FileId;
    USHORT Selector;            /* input: the fw_cfg item */
    ULONGLONG Size;
} IOP_FILE_NODE;

typedef struct _IOP_FILE {
    IOP_FILE_NODE *Node;
    ACCESS_MASK Access;
    ULONG Options;
    ULONGLONG Position;
} IOP_FILE;

static LIST_ENTRY IopFileNodes;
static ULONG IopNextFileId;

VOID IopInitializeFiles(VOID)
{
    InitializeListHead(&IopFileNodes);
    IopNextFileId = 1;
    HostpInitialize();
}

/* Frees the remembered names (the runner calls it with the devices gone);
 * open files keep theirs and show up as leaks. */
VOID IopFreeFileNodes(VOID)
{
    PLIST_ENTRY entry = IopFileNodes.Flink;

    while (entry != &IopFileNodes) {
        IOP_FILE_NODE *node = CONTAINING_RECORD(entry, IOP_FILE_NODE, Link);

        entry = entry->Flink;
        RemoveEntryList(&node->Link);
        ExFreePoolWithTag(node, IOP_FILE_NODE_TAG);
    }
}

static BOOLEAN IopPrefix(PCUNICODE_STRING Name, PCWSTR Prefix, PULONG At)
{
    ULONG chars = Name->Length / sizeof(WCHAR);
    ULONG i = 0;

    for (; Prefix[i] != 0; i++) {
        WCHAR c;

        if (i >= chars) {
            return FALSE;
        }
        c = Name->Buffer[i];
        if (c >= L'a' && c <= L'z') {
            c = (WCHAR)(c - L'a' + L'A');
        }
        if (c != Prefix[i]) {
            return FALSE;
        }
    }
    *At = i;
    return TRUE;
}

/*
 * \SystemRoot\X, \??\C:\X, \DosDevices\C:\X -> "X" below C:\ (with '/').
 * Deviation: names are printable ASCII, at most IOP_PATH_CHARS - 1.
 */
static NTSTATUS IopParsePath(POBJECT_ATTRIBUTES Attributes, PCHAR Path)
{
    static const struct {
        PCWSTR Prefix;
        PCSTR Host;
    } roots[] = {
        { L"\\SYSTEMROOT\\", "Windows/" },
        { L"\\??\\C:\\", "" },
        { L"\\DOSDEVICES\\C:\\", "" },
    };
    PCUNICODE_STRING name;
    ULONG chars;
    ULONG at = 0;
    ULONG out = 0;
    ULONG component = 0;
    ULONG r;

    if (Attributes == NULL || Attributes->ObjectName == NULL ||
        Attributes->ObjectName->Buffer == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Attributes->RootDirectory != NULL) {
        /* Deviation: no directory handles to open relative to. */
        return STATUS_OBJECT_PATH_NOT_FOUND;
    }
    name = Attributes->ObjectName;
    chars = name->Length / sizeof(WCHAR);
    for (r = 0; r < RTL_NUMBER_OF(roots); r++) {
        if (IopPrefix(name, roots[r].Prefix, &at)) {
            break;
        }
    }
    if (r == RTL_NUMBER_OF(roots)) {
        return chars != 0 && name->Buffer[0] == L'\\'
                   ? STATUS_OBJECT_PATH_NOT_FOUND
                   : STATUS_OBJECT_PATH_SYNTAX_BAD;
    }
    for (PCSTR h = roots[r].Host; *h != 0; h++) {
        Path[out++] = *h;
    }
    for (; at <= chars; at++) {
        WCHAR c = at < chars ? name->Buffer[at] : L'\\';

        if (L'\\' == c) {
            /* empty, "." and ".." components are not names here */
            if (component == 0 && at < chars) {
                return STATUS_OBJECT_NAME_INVALID;
            }
            if ((component == 1 && Path[out - 1] == '.') ||
                (component == 2 && Path[out - 1] == '.' &&
                 Path[out - 2] == '.')) {
                return STATUS_OBJECT_NAME_INVALID;
            }
            if (at < chars) {
                Path[out++] = '/';
            }
            component = 0;
            continue;
        }
        if (c < 0x20 || c > 0x7e || L'/' == c || L':' == c || L'*' == c ||
            L'?' == c || L'"' == c || L'<' == c || L'>' == c || L'|' == c) {
            return STATUS_OBJECT_NAME_INVALID;
        }
        if (out + 2 >= IOP_PATH_CHARS) {
            return STATUS_OBJECT_NAME_INVALID;
        }
        Path[out++] = (CHAR)c;
        component++;
    }
    if (out == 0 || Path[out - 1] == '/') {
        /* the root or a trailing separator names no file */
        return STATUS_OBJECT_NAME_INVALID;
    }
    Path[out] = 0;
    return STATUS_SUCCESS;
}

static BOOLEAN IopPathEqual(PCSTR A, PCSTR B)
{
    for (;; A++, B++) {
        CHAR a = (*A >= 'a' && *A <= 'z') ? (CHAR)(*A - 'a' + 'A') : *A;
        CHAR b = (*B >= 'a' && *B <= 'z') ? (CHAR)(*B - 'a' + 'A') : *B;

        if (a != b) {
            return FALSE;
        }
        if (a == 0) {
            return TRUE;
        }
    }
}

static IOP_FILE_NODE *IopNewNode(PCSTR Path)
{
    IOP_FILE_NODE *node = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*node),
                                             IOP_FILE_NODE_TAG);

    if (node != NULL) {
        for (ULONG i = 0; Path[i] != 0; i++) {
            node->Path[i] = Path[i];
        }
        InsertTailList(&IopFileNodes, &node->Link);
    }
    return node;
}

/* The node of Path: remembered, else a host input, else NULL. */
static IOP_FILE_NODE *IopLookup(PCSTR Path, PNTSTATUS Status)
{
    CHAR item[sizeof(HOSTP_INPUT_PREFIX) + IOP_PATH_CHARS];
    IOP_FILE_NODE *node;
    PLIST_ENTRY entry;
    USHORT selector;
    ULONG size;
    ULONG n = 0;

    *Status = STATUS_SUCCESS;
    for (entry = IopFileNodes.Flink; entry != &IopFileNodes;
         entry = entry->Flink) {
        node = CONTAINING_RECORD(entry, IOP_FILE_NODE, Link);
        if (IopPathEqual(node->Path, Path)) {
            return node;
        }
    }
    for (PCSTR p = HOSTP_INPUT_PREFIX; *p != 0; p++) {
        item[n++] = *p;
    }
    for (PCSTR p = Path; *p != 0; p++) {
        item[n++] = *p;
    }
    item[n] = 0;
    if (!HostpFindInput(item, &selector, &size)) {
        return NULL;
    }
    node = IopNewNode(Path);
    if (node == NULL) {
        *Status = STATUS_INSUFFICIENT_RESOURCES;
        return NULL;
    }
    node->Selector = selector;
    node->Size = size;
    return node;
}

/* Starts (Truncate) or continues the host's copy of Node. */
static NTSTATUS IopOpenOutput(IOP_FILE_NODE *Node, BOOLEAN Truncate)
{
    ULONG length = 0;

    while (Node->Path[length] != 0) {
        length++;
    }
    if (!Node->Output) {
        Node->FileId = IopNextFileId++;
    }
    Node->Output = TRUE;
    if (Truncate) {
        Node->Size = 0;
    }
    return HostpSendRecord('O', Node->FileId, Truncate ? 1 : 0, Node->Path,
                           length);
}

static VOID IopCloseFile(PVOID Object)
{
    IOP_FILE *file = Object;

    if (file->Node->Output) {
        HostpSendRecord('C', file->Node->FileId, 0, NULL, 0);
    }
    ExFreePoolWithTag(file, IOP_FILE_TAG);
}

#define IOP_WANTS_WRITE (FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_WRITE | \
                         GENERIC_ALL | MAXIMUM_ALLOWED)
#define IOP_WANTS_READ (FILE_READ_DATA | GENERIC_READ | GENERIC_ALL | \
                        MAXIMUM_ALLOWED)

/* What the disposition does to an existing file (Information code). */
static NTSTATUS IopDispose(IOP_FILE_NODE *Node, ULONG Disposition,
                           ULONG_PTR *Information, BOOLEAN *Truncate)
{
    *Truncate = FALSE;
    switch (Disposition) {
    case FILE_SUPERSEDE:
        *Information = FILE_SUPERSEDED;
        *Truncate = TRUE;
        return STATUS_SUCCESS;
    case FILE_OPEN:
    case FILE_OPEN_IF:
        *Information = FILE_OPENED;
        return STATUS_SUCCESS;
    case FILE_CREATE:
        *Information = FILE_EXISTS;
        return STATUS_OBJECT_NAME_COLLISION;
    case FILE_OVERWRITE:
    case FILE_OVERWRITE_IF:
        *Information = FILE_OVERWRITTEN;
        *Truncate = TRUE;
        return Node->Directory ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS IopCreate(PCSTR Path, ACCESS_MASK Access, ULONG Disposition,
                          ULONG Options, IOP_FILE_NODE **Out,
                          ULONG_PTR *Information)
{
    BOOLEAN directory = (Options & FILE_DIRECTORY_FILE) != 0;
    BOOLEAN truncate;
    IOP_FILE_NODE *node;
    NTSTATUS status;

    node = IopLookup(Path, &status);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (node != NULL) {
        status = IopDispose(node, Disposition, Information, &truncate);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        if (directory && !node->Directory) {
            return STATUS_NOT_A_DIRECTORY;
        }
        if (!directory && node->Directory &&
            (Options & FILE_NON_DIRECTORY_FILE) != 0) {
            return STATUS_FILE_IS_A_DIRECTORY;
        }
        if (!node->Directory && (truncate || node->Output) &&
            (Access & IOP_WANTS_WRITE) != 0) {
            status = IopOpenOutput(node, truncate);
        } else if (!node->Directory && !node->Output &&
                   (Access & IOP_WANTS_WRITE) != 0) {
            /* Deviation: the host's files are read-only. */
            status = STATUS_ACCESS_DENIED;
        } else if (truncate) {
            status = IopOpenOutput(node, TRUE);
        }
        *Out = node;
        return status;
    }
    if (Disposition == FILE_OPEN || Disposition == FILE_OVERWRITE) {
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
    if (Disposition > FILE_MAXIMUM_DISPOSITION) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!directory && !HostpOutputPresent()) {
        return STATUS_MEDIA_WRITE_PROTECTED;
    }
    node = IopNewNode(Path);
    if (node == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    node->Directory = directory;
    *Information = FILE_CREATED;
    *Out = node;
    status = directory ? STATUS_SUCCESS : IopOpenOutput(node, TRUE);
    if (!NT_SUCCESS(status)) {
        /* the host never heard of it: the name stays free */
        RemoveEntryList(&node->Link);
        ExFreePoolWithTag(node, IOP_FILE_NODE_TAG);
    }
    return status;
}

NTSTATUS NTAPI ZwCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                            POBJECT_ATTRIBUTES ObjectAttributes,
                            PIO_STATUS_BLOCK IoStatusBlock,
                            PLARGE_INTEGER AllocationSize,
                            ULONG FileAttributes, ULONG ShareAccess,
                            ULONG CreateDisposition, ULONG CreateOptions,
                            PVOID EaBuffer, ULONG EaLength)
{
    CHAR path[IOP_PATH_CHARS];
    IOP_FILE_NODE *node = NULL;
    IOP_FILE *file;
    ULONG_PTR information = 0;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(AllocationSize);
    UNREFERENCED_PARAMETER(FileAttributes);
    UNREFERENCED_PARAMETER(ShareAccess);
    if (FileHandle == NULL || IoStatusBlock == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *FileHandle = NULL;
    if (CreateDisposition > FILE_MAXIMUM_DISPOSITION ||
        (EaBuffer != NULL && EaLength != 0) ||
        ((CreateOptions & FILE_DIRECTORY_FILE) != 0 &&
         (CreateOptions & FILE_NON_DIRECTORY_FILE) != 0)) {
        status = STATUS_INVALID_PARAMETER;
    } else {
        status = IopParsePath(ObjectAttributes, path);
    }
    if (NT_SUCCESS(status)) {
        status = IopCreate(path, DesiredAccess, CreateDisposition,
                           CreateOptions, &node, &information);
    }
    if (NT_SUCCESS(status)) {
        file = ExAllocatePoolZero(NonPagedPoolNx, sizeof(*file),
                                  IOP_FILE_TAG);
        if (file == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
        } else {
            file->Node = node;
            file->Access = DesiredAccess;
            file->Options = CreateOptions;
            status = ObpInsertHandle(OBP_TYPE_FILE, file, DesiredAccess,
                                     IopCloseFile, FileHandle);
            if (!NT_SUCCESS(status)) {
                ExFreePoolWithTag(file, IOP_FILE_TAG);
            }
        }
    }
    IoStatusBlock->Status = status;
    IoStatusBlock->Information = NT_SUCCESS(status) ? information : 0;
    return status;
}

NTSTATUS NTAPI ZwOpenFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
                          POBJECT_ATTRIBUTES ObjectAttributes,
                          PIO_STATUS_BLOCK IoStatusBlock, ULONG ShareAccess,
                          ULONG OpenOptions)
{
    return ZwCreateFile(FileHandle, DesiredAccess, ObjectAttributes,
                        IoStatusBlock, NULL, 0, ShareAccess, FILE_OPEN,
                        OpenOptions, NULL, 0);
}

static NTSTATUS IopFileFromHandle(HANDLE Handle, IOP_FILE **File)
{
    return ObpReferenceHandle(Handle, OBP_TYPE_FILE, (PVOID *)File);
}

/* The byte offset a read or write starts at, as the DDI pages define
 * ByteOffset; STATUS_INVALID_PARAMETER when it needs a file position the
 * file does not keep (not opened for synchronous I/O). */
static NTSTATUS IopStartOffset(IOP_FILE *File, PLARGE_INTEGER ByteOffset,
                               BOOLEAN Write, PULONGLONG Offset)
{
    BOOLEAN sync = (File->Options & (FILE_SYNCHRONOUS_IO_ALERT |
                                     FILE_SYNCHRONOUS_IO_NONALERT)) != 0;

    if (Write && (File->Access & (IOP_WANTS_WRITE & ~FILE_APPEND_DATA)) == 0) {
        *Offset = File->Node->Size;  /* FILE_APPEND_DATA only */
        return STATUS_SUCCESS;
    }
    if (ByteOffset != NULL && Write &&
        ByteOffset->LowPart == FILE_WRITE_TO_END_OF_FILE &&
        -1 == ByteOffset->HighPart) {
        *Offset = File->Node->Size;
        return STATUS_SUCCESS;
    }
    if (ByteOffset == NULL ||
        (ByteOffset->LowPart == FILE_USE_FILE_POINTER_POSITION &&
         -1 == ByteOffset->HighPart)) {
        if (!sync) {
            return STATUS_INVALID_PARAMETER;
        }
        *Offset = File->Position;
        return STATUS_SUCCESS;
    }
    if (ByteOffset->QuadPart < 0) {
        return STATUS_INVALID_PARAMETER;
    }
    *Offset = (ULONGLONG)ByteOffset->QuadPart;
    return STATUS_SUCCESS;
}

/* Checks and moves data for ZwReadFile and ZwWriteFile. Deviation: I/O
 * completes before the call returns; Event, ApcRoutine, ApcContext and Key
 * are ignored (there are no event handles or APCs). */
static NTSTATUS IopTransfer(HANDLE FileHandle, HANDLE Event,
                            PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                            PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                            ULONG Length, PLARGE_INTEGER ByteOffset,
                            PULONG Key, BOOLEAN Write)
{
    IOP_FILE *file;
    ULONGLONG offset = 0;
    ULONG count = 0;
    NTSTATUS status;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Event);
    UNREFERENCED_PARAMETER(ApcRoutine);
    UNREFERENCED_PARAMETER(ApcContext);
    UNREFERENCED_PARAMETER(Key);
    if (IoStatusBlock == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    IoStatusBlock->Information = 0;
    status = IopFileFromHandle(FileHandle, &file);
    if (NT_SUCCESS(status) && file->Node->Directory) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (NT_SUCCESS(status) &&
               (file->Access & (Write ? IOP_WANTS_WRITE
                                      : IOP_WANTS_READ)) == 0) {
        status = STATUS_ACCESS_DENIED;
    } else if (NT_SUCCESS(status) && Write != file->Node->Output) {
        /* Deviation: the host's files are read-only, and what the guest
         * wrote went to the host: it cannot be read back in the same run. */
        status = STATUS_ACCESS_DENIED;
    } else if (NT_SUCCESS(status) && Buffer == NULL && Length != 0) {
        status = STATUS_INVALID_PARAMETER;
    }
    if (NT_SUCCESS(status)) {
        status = IopStartOffset(file, ByteOffset, Write, &offset);
    }
    if (NT_SUCCESS(status) && Write) {
        count = Length;
        if (Length != 0) {
            status = HostpSendRecord('W', file->Node->FileId, offset, Buffer,
                                     Length);
        }
        if (NT_SUCCESS(status)) {
            file->Node->Size = max(file->Node->Size, offset + Length);
        }
    } else if (NT_SUCCESS(status) && offset >= file->Node->Size &&
               Length != 0) {
        status = STATUS_END_OF_FILE;
    } else if (NT_SUCCESS(status)) {
        count = (ULONG)min((ULONGLONG)Length, file->Node->Size - offset);
        HostpReadInput(file->Node->Selector, (ULONG)offset, Buffer, count);
    }
    if (NT_SUCCESS(status)) {
        file->Position = offset + count;
        IoStatusBlock->Information = count;
    }
    IoStatusBlock->Status = status;
    return status;
}

NTSTATUS NTAPI ZwWriteFile(HANDLE FileHandle, HANDLE Event,
                           PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                           PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                           ULONG Length, PLARGE_INTEGER ByteOffset,
                           PULONG Key)
{
    return IopTransfer(FileHandle, Event, ApcRoutine, ApcContext,
                       IoStatusBlock, Buffer, Length, ByteOffset, Key, TRUE);
}

NTSTATUS NTAPI ZwReadFile(HANDLE FileHandle, HANDLE Event,
                          PIO_APC_ROUTINE ApcRoutine, PVOID ApcContext,
                          PIO_STATUS_BLOCK IoStatusBlock, PVOID Buffer,
                          ULONG Length, PLARGE_INTEGER ByteOffset, PULONG Key)
{
    return IopTransfer(FileHandle, Event, ApcRoutine, ApcContext,
                       IoStatusBlock, Buffer, Length, ByteOffset, Key, FALSE);
}

/* The file of ZwQueryInformationFile and ZwSetInformationFile. */
static NTSTATUS IopInformationFile(HANDLE FileHandle,
                                   PIO_STATUS_BLOCK IoStatusBlock,
                                   PVOID FileInformation, IOP_FILE **File)
{
    NTSTATUS status;

    PAGED_CODE();
    if (IoStatusBlock == NULL || FileInformation == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    IoStatusBlock->Information = 0;
    status = IopFileFromHandle(FileHandle, File);
    IoStatusBlock->Status = status;
    return status;
}

NTSTATUS NTAPI ZwQueryInformationFile(HANDLE FileHandle,
                                      PIO_STATUS_BLOCK IoStatusBlock,
                                      PVOID FileInformation, ULONG Length,
                                      FILE_INFORMATION_CLASS
                                          FileInformationClass)
{
    IOP_FILE *file;
    ULONG need;
    NTSTATUS status = IopInformationFile(FileHandle, IoStatusBlock,
                                         FileInformation, &file);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    switch (FileInformationClass) {
    case FileStandardInformation: {
        PFILE_STANDARD_INFORMATION info = FileInformation;

        need = sizeof(*info);
        if (Length < need) {
            return STATUS_INFO_LENGTH_MISMATCH;
        }
        info->AllocationSize.QuadPart =
            (LONGLONG)ALIGN_UP_BY(file->Node->Size, IOP_ALLOCATION_UNIT);
        info->EndOfFile.QuadPart = (LONGLONG)file->Node->Size;
        info->NumberOfLinks = 1;
        info->DeletePending = FALSE;
        info->Directory = file->Node->Directory;
        break;
    }
    case FilePositionInformation: {
        PFILE_POSITION_INFORMATION info = FileInformation;

        need = sizeof(*info);
        if (Length < need) {
            return STATUS_INFO_LENGTH_MISMATCH;
        }
        info->CurrentByteOffset.QuadPart = (LONGLONG)file->Position;
        break;
    }
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
    IoStatusBlock->Status = STATUS_SUCCESS;
    IoStatusBlock->Information = need;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI ZwSetInformationFile(HANDLE FileHandle,
                                    PIO_STATUS_BLOCK IoStatusBlock,
                                    PVOID FileInformation, ULONG Length,
                                    FILE_INFORMATION_CLASS
                                        FileInformationClass)
{
    IOP_FILE *file;
    LONGLONG value;
    NTSTATUS status = IopInformationFile(FileHandle, IoStatusBlock,
                                         FileInformation, &file);

    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (FilePositionInformation != FileInformationClass &&
        FileEndOfFileInformation != FileInformationClass) {
        return STATUS_INVALID_INFO_CLASS;
    }
    if (Length < sizeof(LARGE_INTEGER)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    value = ((PLARGE_INTEGER)FileInformation)->QuadPart;
    if (value < 0) {
        status = STATUS_INVALID_PARAMETER;
    } else if (FilePositionInformation == FileInformationClass) {
        file->Position = (ULONGLONG)value;
    } else if ((file->Access & IOP_WANTS_WRITE) == 0 || !file->Node->Output) {
        status = STATUS_ACCESS_DENIED;
    } else {
        status = HostpSendRecord('T', file->Node->FileId, (ULONGLONG)value,
                                 NULL, 0);
        if (NT_SUCCESS(status)) {
            file->Node->Size = (ULONGLONG)value;
        }
    }
    IoStatusBlock->Status = status;
    return status;
}
