/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests of the kernel services drivers lean on (issue 14 item 5):
 * executive and I/O work items, KeDelayExecutionThread and
 * KeQuerySystemTime, files over a simulated COM2 and fw_cfg (the exact
 * record bytes), the registry through Zw*Key and IoOpenDeviceRegistryKey,
 * event objects by handle (ZwCreateEvent, ObReferenceObjectByHandle),
 * ntstrsafe's boundaries, the wcs* routines and the Rtl integer strings.
 * Every status is the exact NTSTATUS the DDI pages give.
 */
#include <stdlib.h>
#include <string.h>

#include "host_arch.h"
#include "ntrt.h"
#include <ntifs.h>
#include <ntintsafe.h>
#include "runner.h"

/* ---- Simulated COM2 (16550) and fw_cfg ---------------------------------- */

#define COM2 0x2f8
#define FWCFG_SEL 0x510
#define FWCFG_DATA 0x511

static uint8_t uart_scratch;
static uint8_t uart_lcr;
static bool uart_present;
static bool uart_stuck;               /* THRE never comes */
static uint8_t uart_out[65536];
static size_t uart_len;

typedef struct fw_file {
    const char *name;
    const uint8_t *data;
    uint32_t size;
} fw_file;

static fw_file fw_files[4];
static unsigned fw_count;
static uint8_t fw_item[8192];
static uint32_t fw_item_len;
static uint32_t fw_pos;

static void fw_select(uint16_t sel)
{
    fw_pos = 0;
    fw_item_len = 0;
    if (sel == 0) {
        memcpy(fw_item, "QEMU", 4);
        fw_item_len = 4;
    } else if (sel == 0x19) {
        fw_item[0] = fw_item[1] = fw_item[2] = 0;
        fw_item[3] = (uint8_t)fw_count;
        fw_item_len = 4;
        for (unsigned i = 0; i < fw_count; i++) {
            uint8_t *e = fw_item + fw_item_len;

            memset(e, 0, 64);
            e[0] = (uint8_t)(fw_files[i].size >> 24);
            e[1] = (uint8_t)(fw_files[i].size >> 16);
            e[2] = (uint8_t)(fw_files[i].size >> 8);
            e[3] = (uint8_t)fw_files[i].size;
            e[4] = 0;
            e[5] = (uint8_t)(0x20 + i);
            strcpy((char *)e + 8, fw_files[i].name);
            fw_item_len += 64;
        }
    } else if (sel >= 0x20 && sel < 0x20 + fw_count) {
        memcpy(fw_item, fw_files[sel - 0x20].data, fw_files[sel - 0x20].size);
        fw_item_len = fw_files[sel - 0x20].size;
    }
}

static uint8_t ports_in(uint16_t port)
{
    if (uart_present && COM2 + 7 == port) {
        return uart_scratch;
    }
    if (uart_present && COM2 + 5 == port) {
        return uart_stuck ? 0 : 0x20;
    }
    if (port == FWCFG_DATA) {
        return fw_pos < fw_item_len ? fw_item[fw_pos++] : 0;
    }
    return 0xff;
}

static void ports_out(uint16_t port, uint8_t v)
{
    if (COM2 + 7 == port) {
        uart_scratch = v;
    } else if (COM2 + 3 == port) {
        uart_lcr = v;
    } else if (port == COM2 && uart_present && (uart_lcr & 0x80) == 0) {
        ck_assert_uint_lt(uart_len, sizeof(uart_out));
        uart_out[uart_len++] = v;
    }
}

static void ports_outw(uint16_t port, uint16_t v)
{
    if (port == FWCFG_SEL) {
        fw_select(v);
    }
}

static void svc_setup(void)
{
    host_reset("debug=1");
    uart_present = true;
    uart_stuck = false;
    uart_len = 0;
    uart_lcr = 0;
    fw_count = 0;
    host_inb_hook = ports_in;
    host_outb_hook = ports_out;
    host_outw_hook = ports_outw;
}

/* The records COM2 carried so far, one by one. */
typedef struct record {
    char op;
    uint32_t id;
    uint64_t offset;
    uint32_t length;
    const uint8_t *payload;
} record;

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static unsigned records(record *out, unsigned max)
{
    size_t pos = 0;
    unsigned n = 0;

    while (pos < uart_len && n < max) {
        ck_assert_int_eq(memcmp(uart_out + pos, "CYF", 3), 0);
        out[n].op = (char)uart_out[pos + 3];
        out[n].id = le32(uart_out + pos + 4);
        out[n].offset = le32(uart_out + pos + 8) |
                        (uint64_t)le32(uart_out + pos + 12) << 32;
        out[n].length = le32(uart_out + pos + 16);
        out[n].payload = uart_out + pos + 20;
        pos += 20 + out[n].length;
        n++;
    }
    ck_assert_uint_eq(pos, uart_len);
    return n;
}

static NTSTATUS open_file(PCWSTR name, ACCESS_MASK access, ULONG disposition,
                          ULONG options, PHANDLE handle,
                          PIO_STATUS_BLOCK io)
{
    UNICODE_STRING path;
    OBJECT_ATTRIBUTES oa;

    RtlInitUnicodeString(&path, name);
    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE, NULL, NULL);
    return ZwCreateFile(handle, access, &oa, io, NULL, FILE_ATTRIBUTE_NORMAL,
                        0, disposition, options, NULL, 0);
}

#define SYNC (FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)

/* ---- Work items ---------------------------------------------------------- */

static char ex_log[16];
static unsigned ex_len;
static KIRQL ex_irql;
static PVOID ex_seen_item;

static VOID NTAPI ex_worker(PVOID Parameter)
{
    ex_irql = KeGetCurrentIrql();
    ex_log[ex_len++] = (char)(ULONG_PTR)Parameter;
}

static VOID NTAPI io_worker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    (void)DeviceObject;
    ex_log[ex_len++] = (char)(ULONG_PTR)Context;
}

static VOID NTAPI io_worker_ex(PVOID IoObject, PVOID Context,
                               PIO_WORKITEM Item)
{
    (void)IoObject;
    ex_seen_item = Item;
    ex_log[ex_len++] = (char)(ULONG_PTR)Context;
}

/* Executive and I/O items share one queue: queue order, PASSIVE_LEVEL,
 * List.Flink NULL again once an item runs; the Ex form hands over the
 * item; a driver-allocated IO_WORKITEM of IoSizeofWorkItem bytes works. */
START_TEST(test_ex_workitems)
{
    PDRIVER_OBJECT drv = calloc(1, sizeof(*drv));
    PDEVICE_OBJECT dev;
    WORK_QUEUE_ITEM a;
    WORK_QUEUE_ITEM c;
    PIO_WORKITEM b;
    PIO_WORKITEM d;
    KIRQL old;

    ck_assert_int_eq(IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0,
                                    FALSE, &dev), STATUS_SUCCESS);
    b = IoAllocateWorkItem(dev);
    ck_assert_uint_ge(IoSizeofWorkItem(), sizeof(WORK_QUEUE_ITEM));
    d = calloc(1, IoSizeofWorkItem());
    IoInitializeWorkItem(dev, d);
    memset(&a, 0xcc, sizeof(a));
    ExInitializeWorkItem(&a, ex_worker, (PVOID)'a');
    ck_assert_ptr_null(a.List.Flink);
    ExInitializeWorkItem(&c, ex_worker, (PVOID)'c');
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ExQueueWorkItem(&a, DelayedWorkQueue);
    IoQueueWorkItem(b, io_worker, DelayedWorkQueue, (PVOID)'b');
    ExQueueWorkItem(&c, CriticalWorkQueue);
    IoQueueWorkItemEx(d, io_worker_ex, DelayedWorkQueue, (PVOID)'d');
    ck_assert_int_eq(dev->ReferenceCount, 3);
    ck_assert_uint_eq(ex_len, 0);
    KeLowerIrql(old);
    ck_assert_str_eq(ex_log, "abcd");
    ck_assert_uint_eq(ex_irql, PASSIVE_LEVEL);
    ck_assert_ptr_eq(ex_seen_item, d);
    ck_assert_ptr_null(a.List.Flink);
    ck_assert_int_eq(dev->ReferenceCount, 1);
    IoUninitializeWorkItem(d);
    free(d);
    IoFreeWorkItem(b);
    IoDeleteDevice(dev);
    free(drv);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* An executive item queued twice: WORKER_INVALID (1, item, type, 0). */
START_TEST(test_ex_workitem_twice)
{
    WORK_QUEUE_ITEM a;
    uint32_t code;
    KIRQL old;

    ExInitializeWorkItem(&a, ex_worker, NULL);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ExQueueWorkItem(&a, DelayedWorkQueue);
    HOST_EXPECT_BUGCHECK(code, ExQueueWorkItem(&a, CriticalWorkQueue));
    ck_assert_uint_eq(code, WORKER_INVALID);
    ck_assert_uint_eq(host_bugcheck_params[0], 1);
    ck_assert_uint_eq(host_bugcheck_params[1], (uintptr_t)&a);
    ck_assert_uint_eq(host_bugcheck_params[2], CriticalWorkQueue);
}
END_TEST

/* ---- Time ---------------------------------------------------------------- */

/* Relative intervals in 100 ns from now, absolute ones in system time
 * (2026-01-01 + interrupt time); a time already past returns at once. */
START_TEST(test_delay_and_system_time)
{
    LARGE_INTEGER t;
    LARGE_INTEGER now;
    ULONGLONG before;

    KeQuerySystemTime(&now);
    ck_assert_int_eq(now.QuadPart,
                     134116992000000000LL + (LONGLONG)KeQueryInterruptTime());
    before = KeQueryInterruptTime();
    t.QuadPart = -5000;
    ck_assert_int_eq(KeDelayExecutionThread(KernelMode, FALSE, &t),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(KeQueryInterruptTime() - before, 5000);
    KeQuerySystemTime(&now);
    t.QuadPart = now.QuadPart + 20000;
    ck_assert_int_eq(KeDelayExecutionThread(KernelMode, FALSE, &t),
                     STATUS_SUCCESS);
    KeQuerySystemTime(&now);
    ck_assert_int_eq(now.QuadPart, t.QuadPart);
    t.QuadPart = now.QuadPart - 1;
    before = KeQueryInterruptTime();
    ck_assert_int_eq(KeDelayExecutionThread(KernelMode, FALSE, &t),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(KeQueryInterruptTime(), before);
}
END_TEST

/* ---- Files --------------------------------------------------------------- */

/* A new file: FILE_CREATED, an 'O' record with the path below C:\ and
 * truncation, 'W' records at the file position, FILE_WRITE_TO_END_OF_FILE
 * and an explicit offset, the size and position reported, 'C' at close. */
START_TEST(test_file_write_records)
{
    static const UCHAR hello[] = "hello";
    FILE_STANDARD_INFORMATION standard;
    FILE_POSITION_INFORMATION position;
    LARGE_INTEGER at;
    IO_STATUS_BLOCK io;
    HANDLE file;
    record r[8];

    ck_assert_int_eq(open_file(L"\\SystemRoot\\Temp\\out.raw",
                               GENERIC_WRITE | SYNCHRONIZE, FILE_CREATE, SYNC,
                               &file, &io), STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, FILE_CREATED);
    ck_assert_int_eq(io.Status, STATUS_SUCCESS);
    ck_assert_int_eq(ZwWriteFile(file, NULL, NULL, NULL, &io, (PVOID)hello,
                                 5, NULL, NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, 5);
    at.LowPart = FILE_WRITE_TO_END_OF_FILE;
    at.HighPart = -1;
    ck_assert_int_eq(ZwWriteFile(file, NULL, NULL, NULL, &io, (PVOID)hello,
                                 2, &at, NULL), STATUS_SUCCESS);
    at.QuadPart = 1;
    ck_assert_int_eq(ZwWriteFile(file, NULL, NULL, NULL, &io, (PVOID)"E", 1,
                                 &at, NULL), STATUS_SUCCESS);
    ck_assert_int_eq(ZwQueryInformationFile(file, &io, &standard,
                                            sizeof(standard),
                                            FileStandardInformation),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, sizeof(standard));
    ck_assert_int_eq(standard.EndOfFile.QuadPart, 7);
    ck_assert_int_eq(standard.AllocationSize.QuadPart, 4096);
    ck_assert_uint_eq(standard.NumberOfLinks, 1);
    ck_assert_uint_eq(standard.Directory, FALSE);
    ck_assert_int_eq(ZwQueryInformationFile(file, &io, &position,
                                            sizeof(position),
                                            FilePositionInformation),
                     STATUS_SUCCESS);
    ck_assert_int_eq(position.CurrentByteOffset.QuadPart, 2);
    ck_assert_int_eq(ZwQueryInformationFile(file, &io, &standard,
                                            sizeof(standard) - 1,
                                            FileStandardInformation),
                     STATUS_INFO_LENGTH_MISMATCH);
    ck_assert_int_eq(ZwQueryInformationFile(file, &io, &standard,
                                            sizeof(standard),
                                            FileBasicInformation),
                     STATUS_INVALID_INFO_CLASS);
    ck_assert_int_eq(ZwClose(file), STATUS_SUCCESS);
    ck_assert_int_eq(ZwClose(file), STATUS_INVALID_HANDLE);
    ck_assert_uint_eq(records(r, 8), 5);
    ck_assert_int_eq(r[0].op, 'O');
    ck_assert_uint_eq(r[0].id, 1);
    ck_assert_uint_eq(r[0].offset, 1);
    ck_assert_uint_eq(r[0].length, 20);
    ck_assert_int_eq(memcmp(r[0].payload, "Windows/Temp/out.raw", 20), 0);
    ck_assert_int_eq(r[1].op, 'W');
    ck_assert_uint_eq(r[1].offset, 0);
    ck_assert_uint_eq(r[1].length, 5);
    ck_assert_int_eq(memcmp(r[1].payload, "hello", 5), 0);
    ck_assert_uint_eq(r[2].offset, 5);
    ck_assert_uint_eq(r[2].length, 2);
    ck_assert_uint_eq(r[3].offset, 1);
    ck_assert_int_eq(r[4].op, 'C');
    ck_assert_uint_eq(r[4].length, 0);
    /* exactly the header and payload bytes, nothing else */
    ck_assert_uint_eq(uart_len, 5 * 20 + 20 + 5 + 2 + 1);
    ck_assert_uint_eq(ExpPoolOutstanding('liFI', NULL), 0);
}
END_TEST

/* The dispositions on a name that exists and one that does not, with the
 * IO_STATUS_BLOCK.Information codes of the ZwCreateFile page. */
START_TEST(test_file_dispositions)
{
    IO_STATUS_BLOCK io;
    HANDLE file;

    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_WRITE, FILE_OPEN,
                               SYNC, &file, &io),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_ptr_null(file);
    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_WRITE,
                               FILE_OVERWRITE, SYNC, &file, &io),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_WRITE,
                               FILE_OPEN_IF, SYNC, &file, &io),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, FILE_CREATED);
    ZwClose(file);
    ck_assert_int_eq(open_file(L"\\DosDevices\\c:\\A.BIN", GENERIC_WRITE,
                               FILE_CREATE, SYNC, &file, &io),
                     STATUS_OBJECT_NAME_COLLISION);
    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_WRITE,
                               FILE_OPEN_IF, SYNC, &file, &io),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, FILE_OPENED);
    ZwClose(file);
    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_WRITE,
                               FILE_OVERWRITE_IF, SYNC, &file, &io),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, FILE_OVERWRITTEN);
    ZwClose(file);
    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_WRITE,
                               FILE_SUPERSEDE, SYNC, &file, &io),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, FILE_SUPERSEDED);
    ZwClose(file);
    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_WRITE, 6, SYNC,
                               &file, &io), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(open_file(L"\\??\\C:\\dir", FILE_LIST_DIRECTORY,
                               FILE_OPEN_IF, FILE_DIRECTORY_FILE, &file, &io),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwWriteFile(file, NULL, NULL, NULL, &io, (PVOID)"x", 1,
                                 NULL, NULL), STATUS_INVALID_DEVICE_REQUEST);
    ZwClose(file);
    ck_assert_int_eq(open_file(L"\\??\\C:\\a.bin", GENERIC_READ, FILE_OPEN,
                               FILE_DIRECTORY_FILE, &file, &io),
                     STATUS_NOT_A_DIRECTORY);
    ck_assert_int_eq(open_file(L"\\??\\C:\\dir", GENERIC_READ, FILE_OPEN,
                               SYNC, &file, &io),
                     STATUS_FILE_IS_A_DIRECTORY);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* Names: only \SystemRoot\, \??\C:\ and \DosDevices\C:\ are drive C:. */
START_TEST(test_file_names)
{
    static const struct {
        PCWSTR name;
        NTSTATUS status;
    } cases[] = {
        { L"\\??\\D:\\x", STATUS_OBJECT_PATH_NOT_FOUND },
        { L"\\Device\\Harddisk0\\x", STATUS_OBJECT_PATH_NOT_FOUND },
        { L"C:\\x", STATUS_OBJECT_PATH_SYNTAX_BAD },
        { L"\\??\\C:\\a\\..\\b", STATUS_OBJECT_NAME_INVALID },
        { L"\\??\\C:\\a\\\\b", STATUS_OBJECT_NAME_INVALID },
        { L"\\??\\C:\\a*b", STATUS_OBJECT_NAME_INVALID },
        { L"\\??\\C:\\", STATUS_OBJECT_NAME_INVALID },
        { L"\\SystemRoot\\x\\", STATUS_OBJECT_NAME_INVALID },
    };
    IO_STATUS_BLOCK io;
    HANDLE file;

    for (unsigned i = 0; i < RTL_NUMBER_OF(cases); i++) {
        ck_assert_msg(open_file(cases[i].name, GENERIC_WRITE, FILE_CREATE,
                                SYNC, &file, &io) == cases[i].status,
                      "case %u", i);
    }
    ck_assert_uint_eq(uart_len, 0);
}
END_TEST

/* A host file (fw_cfg) reads in pieces: a short read at the end returns
 * what is left with STATUS_SUCCESS, the next STATUS_END_OF_FILE with 0;
 * writing to it is refused, and so is reading a file being written. */
START_TEST(test_file_read_host_input)
{
    static const uint8_t data[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 255 };
    UCHAR buffer[8];
    FILE_STANDARD_INFORMATION standard;
    LARGE_INTEGER at = { .QuadPart = 9 };
    IO_STATUS_BLOCK io;
    HANDLE file;
    HANDLE out;

    fw_files[0] = (fw_file){ "opt/cycaudio/C/Windows/in.bin", data, 10 };
    fw_count = 1;
    ck_assert_int_eq(open_file(L"\\SystemRoot\\IN.BIN", GENERIC_READ,
                               FILE_OPEN, SYNC, &file, &io), STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, FILE_OPENED);
    ck_assert_int_eq(ZwQueryInformationFile(file, &io, &standard,
                                            sizeof(standard),
                                            FileStandardInformation),
                     STATUS_SUCCESS);
    ck_assert_int_eq(standard.EndOfFile.QuadPart, 10);
    ck_assert_int_eq(ZwReadFile(file, NULL, NULL, NULL, &io, buffer, 8, NULL,
                                NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, 8);
    ck_assert_int_eq(memcmp(buffer, data, 8), 0);
    ck_assert_int_eq(ZwReadFile(file, NULL, NULL, NULL, &io, buffer, 8, NULL,
                                NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(io.Information, 2);
    ck_assert_uint_eq(buffer[1], 255);
    ck_assert_int_eq(ZwReadFile(file, NULL, NULL, NULL, &io, buffer, 8, NULL,
                                NULL), STATUS_END_OF_FILE);
    ck_assert_uint_eq(io.Information, 0);
    ck_assert_int_eq(ZwReadFile(file, NULL, NULL, NULL, &io, buffer, 1, &at,
                                NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(buffer[0], 255);
    at.QuadPart = 3;
    ck_assert_int_eq(ZwReadFile(file, NULL, NULL, NULL, &io, buffer, 2, &at,
                                NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(buffer[0], 3);
    ck_assert_int_eq(ZwWriteFile(file, NULL, NULL, NULL, &io, buffer, 1,
                                 NULL, NULL), STATUS_ACCESS_DENIED);
    ZwClose(file);
    ck_assert_int_eq(open_file(L"\\SystemRoot\\in.bin", GENERIC_WRITE,
                               FILE_OPEN, SYNC, &file, &io),
                     STATUS_ACCESS_DENIED);
    /* without FILE_SYNCHRONOUS_IO_* there is no file position */
    ck_assert_int_eq(open_file(L"\\SystemRoot\\in.bin", GENERIC_READ,
                               FILE_OPEN, 0, &file, &io), STATUS_SUCCESS);
    ck_assert_int_eq(ZwReadFile(file, NULL, NULL, NULL, &io, buffer, 1, NULL,
                                NULL), STATUS_INVALID_PARAMETER);
    ZwClose(file);
    ck_assert_int_eq(open_file(L"\\SystemRoot\\out.bin", GENERIC_WRITE,
                               FILE_CREATE, SYNC, &out, &io), STATUS_SUCCESS);
    ck_assert_int_eq(ZwReadFile(out, NULL, NULL, NULL, &io, buffer, 1, NULL,
                                NULL), STATUS_ACCESS_DENIED);
    ZwClose(out);
    /* out.bin's 'O' (path Windows/out.bin) and 'C' */
    ck_assert_uint_eq(uart_len, 20 + 15 + 20);
}
END_TEST

/* No COM2: nothing can be written (the disk is write-protected); a UART
 * that stops taking bytes is a device error. Wrong handles are refused. */
START_TEST(test_file_no_channel_and_bad_handles)
{
    IO_STATUS_BLOCK io;
    HANDLE file;
    HANDLE key;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Registry\\Machine");
    OBJECT_ATTRIBUTES oa;
    UCHAR b;

    uart_present = false;
    ck_assert_int_eq(open_file(L"\\??\\C:\\x", GENERIC_WRITE, FILE_CREATE,
                               SYNC, &file, &io),
                     STATUS_MEDIA_WRITE_PROTECTED);
    svc_setup();
    uart_stuck = true;
    ck_assert_int_eq(open_file(L"\\??\\C:\\x", GENERIC_WRITE, FILE_CREATE,
                               SYNC, &file, &io), STATUS_IO_DEVICE_ERROR);
    ck_assert_int_eq(ZwReadFile((HANDLE)0x1234, NULL, NULL, NULL, &io, &b, 1,
                                NULL, NULL), STATUS_INVALID_HANDLE);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    ck_assert_int_eq(ZwOpenKey(&key, KEY_READ, &oa), STATUS_SUCCESS);
    ck_assert_int_eq(ZwReadFile(key, NULL, NULL, NULL, &io, &b, 1, NULL,
                                NULL), STATUS_OBJECT_TYPE_MISMATCH);
    ck_assert_int_eq(ZwClose(key), STATUS_SUCCESS);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* ---- Event objects ------------------------------------------------------- */

/* What the WaveRT port does with a client's notification event (fuzz
 * finding 5: it took the handle for a PKEVENT): a handle that is not open, a
 * handle of another type and user mode are refused with the DDI page's
 * status; the event outlives its handle while referenced and is freed by
 * the last dereference. */
START_TEST(test_event_by_handle)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Registry\\Machine");
    OBJECT_HANDLE_INFORMATION info = { 0 };
    OBJECT_ATTRIBUTES oa;
    PKEVENT event = NULL;
    PVOID object = (PVOID)1;
    HANDLE handle;
    HANDLE key;

    ck_assert_int_eq(ZwCreateEvent(&handle, EVENT_ALL_ACCESS, NULL,
                                   (EVENT_TYPE)2, FALSE),
                     STATUS_INVALID_PARAMETER_4);
    ck_assert_int_eq(ZwCreateEvent(&handle, EVENT_ALL_ACCESS, NULL,
                                   SynchronizationEvent, TRUE),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ObReferenceObjectByHandle((HANDLE)0x1234,
                                               EVENT_MODIFY_STATE,
                                               *ExEventObjectType, KernelMode,
                                               &object, NULL),
                     STATUS_INVALID_HANDLE);
    ck_assert_ptr_null(object);
    ck_assert_int_eq(ObReferenceObjectByHandle(handle, EVENT_MODIFY_STATE,
                                               *ExEventObjectType, UserMode,
                                               &object, NULL),
                     STATUS_INVALID_HANDLE);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE, NULL, NULL);
    ck_assert_int_eq(ZwOpenKey(&key, KEY_READ, &oa), STATUS_SUCCESS);
    ck_assert_int_eq(ObReferenceObjectByHandle(key, EVENT_MODIFY_STATE,
                                               *ExEventObjectType, KernelMode,
                                               &object, NULL),
                     STATUS_OBJECT_TYPE_MISMATCH);
    ZwClose(key);
    ck_assert_int_eq(ObReferenceObjectByHandle(handle, EVENT_MODIFY_STATE,
                                               *ExEventObjectType, KernelMode,
                                               (PVOID *)&event, &info),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(info.GrantedAccess, EVENT_ALL_ACCESS);
    ck_assert_int_eq(KeReadStateEvent(event), 1);
    ck_assert_int_eq(ZwClose(handle), STATUS_SUCCESS);
    ck_assert_uint_eq(ExpPoolOutstanding('tnvE', NULL), 1);
    KeClearEvent(event);
    ck_assert_int_eq(KeSetEvent(event, IO_NO_INCREMENT, FALSE), 0);
    ck_assert_int_eq(KeWaitForSingleObject(event, Executive, KernelMode,
                                           FALSE, NULL), STATUS_SUCCESS);
    ObDereferenceObject(event);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* ---- Registry ------------------------------------------------------------ */

static NTSTATUS key_at(PHANDLE key, HANDLE root, PCWSTR path,
                       ACCESS_MASK access, BOOLEAN create, PULONG disp)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES oa;

    RtlInitUnicodeString(&name, path);
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, root, NULL);
    return create ? ZwCreateKey(key, access, &oa, 0, NULL, 0, disp)
                  : ZwOpenKey(key, access, &oa);
}

/* ZwCreateKey makes the last component only; ZwOpenKey finds keys without
 * regard to case; dispositions; a key with sub-keys cannot be deleted, a
 * deleted key's other handles get STATUS_KEY_DELETED. */
START_TEST(test_registry_keys)
{
    HANDLE sw;
    HANDLE a;
    HANDLE b;
    HANDLE again;
    ULONG disp = 0;
    ULONG v = 7;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"V");

    ck_assert_int_eq(key_at(&a, NULL, L"\\Registry\\Machine\\Software\\X\\Y",
                            KEY_ALL_ACCESS, TRUE, &disp),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(key_at(&sw, NULL, L"\\REGISTRY\\MACHINE\\software",
                            KEY_ALL_ACCESS, FALSE, NULL), STATUS_SUCCESS);
    ck_assert_int_eq(key_at(&a, sw, L"X", KEY_ALL_ACCESS, TRUE, &disp),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(disp, REG_CREATED_NEW_KEY);
    ck_assert_int_eq(key_at(&b, sw, L"x\\Y", KEY_ALL_ACCESS, TRUE, &disp),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(disp, REG_CREATED_NEW_KEY);
    ck_assert_int_eq(key_at(&again, sw, L"X", KEY_READ, TRUE, &disp),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(disp, REG_OPENED_EXISTING_KEY);
    ZwClose(again);
    ck_assert_int_eq(key_at(&again, NULL, L"Registry\\Machine", KEY_READ,
                            FALSE, NULL), STATUS_OBJECT_PATH_SYNTAX_BAD);
    ck_assert_int_eq(key_at(&again, NULL, L"\\Registry\\Nowhere", KEY_READ,
                            FALSE, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(key_at(&again, NULL, L"\\Registryx", KEY_READ, FALSE,
                            NULL), STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(ZwDeleteKey(a), STATUS_CANNOT_DELETE);
    ck_assert_int_eq(ZwSetValueKey(b, &name, 0, REG_DWORD, &v, sizeof(v)),
                     STATUS_SUCCESS);
    ck_assert_int_eq(key_at(&again, sw, L"X\\Y", KEY_READ, FALSE, NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwDeleteKey(b), STATUS_SUCCESS);
    ck_assert_int_eq(ZwSetValueKey(again, &name, 0, REG_DWORD, &v, 4),
                     STATUS_ACCESS_DENIED);
    ck_assert_int_eq(ZwFlushKey(again), STATUS_KEY_DELETED);
    ck_assert_int_eq(ZwClose(again), STATUS_SUCCESS);
    ck_assert_int_eq(ZwClose(b), STATUS_SUCCESS);
    ck_assert_int_eq(key_at(&again, sw, L"X\\Y", KEY_READ, FALSE, NULL),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    /* KEY_READ does not include DELETE or KEY_SET_VALUE */
    ck_assert_int_eq(key_at(&again, sw, L"X", KEY_READ, FALSE, NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwDeleteKey(again), STATUS_ACCESS_DENIED);
    ZwClose(again);
    ck_assert_int_eq(ZwDeleteKey(a), STATUS_SUCCESS);
    ZwClose(a);
    ck_assert_int_eq(ZwDeleteKey(sw), STATUS_CANNOT_DELETE);
    ZwClose(sw);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* ZwQueryValueKey's three classes at their exact boundaries: one byte short
 * of the fixed part is STATUS_BUFFER_TOO_SMALL (nothing written), short of
 * the whole is STATUS_BUFFER_OVERFLOW (fixed part written), the whole fits
 * with STATUS_SUCCESS; *ResultLength is the whole size each time. */
START_TEST(test_registry_query_value_boundaries)
{
    static const UCHAR data[6] = { 1, 2, 3, 4, 5, 6 };
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Gain");
    UNICODE_STRING missing = RTL_CONSTANT_STRING(L"None");
    UCHAR buf[64];
    PKEY_VALUE_PARTIAL_INFORMATION partial = (PVOID)buf;
    PKEY_VALUE_BASIC_INFORMATION basic = (PVOID)buf;
    PKEY_VALUE_FULL_INFORMATION full = (PVOID)buf;
    HANDLE key;
    ULONG len = 0;
    ULONG disp;

    ck_assert_int_eq(key_at(&key, NULL, L"\\Registry\\Machine\\Software\\Q",
                            KEY_ALL_ACCESS, TRUE, &disp), STATUS_SUCCESS);
    ck_assert_int_eq(ZwSetValueKey(key, &name, 0, REG_BINARY, (PVOID)data,
                                   sizeof(data)), STATUS_SUCCESS);
    ck_assert_int_eq(ZwQueryValueKey(key, &missing,
                                     KeyValuePartialInformation, buf,
                                     sizeof(buf), &len),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    /* partial: 12 fixed + 6 data */
    memset(buf, 0xee, sizeof(buf));
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                     buf, 11, &len), STATUS_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(len, 18);
    ck_assert_uint_eq(buf[0], 0xee);
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                     buf, 17, &len), STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(len, 18);
    ck_assert_uint_eq(partial->Type, REG_BINARY);
    ck_assert_uint_eq(partial->DataLength, 6);
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValuePartialInformation,
                                     buf, 18, &len), STATUS_SUCCESS);
    ck_assert_int_eq(memcmp(partial->Data, data, 6), 0);
    /* basic: 12 fixed + 8 name */
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValueBasicInformation,
                                     buf, 11, &len), STATUS_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(len, 20);
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValueBasicInformation,
                                     buf, 19, &len), STATUS_BUFFER_OVERFLOW);
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValueBasicInformation,
                                     buf, 20, &len), STATUS_SUCCESS);
    ck_assert_uint_eq(basic->NameLength, 8);
    ck_assert_int_eq(memcmp(basic->Name, L"Gain", 8), 0);
    /* full: 20 fixed + 8 name, data 8-aligned at 32, 6 bytes: 38 */
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValueFullInformation,
                                     buf, 19, &len), STATUS_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(len, 38);
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValueFullInformation,
                                     buf, 37, &len), STATUS_BUFFER_OVERFLOW);
    ck_assert_uint_eq(full->DataOffset, 32);
    ck_assert_int_eq(ZwQueryValueKey(key, &name, KeyValueFullInformation,
                                     buf, 38, &len), STATUS_SUCCESS);
    ck_assert_uint_eq(full->DataLength, 6);
    ck_assert_int_eq(memcmp(buf + 32, data, 6), 0);
    ck_assert_int_eq(ZwQueryValueKey(key, &name,
                                     (KEY_VALUE_INFORMATION_CLASS)9, buf,
                                     sizeof(buf), &len),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(ZwEnumerateValueKey(key, 1, KeyValueBasicInformation,
                                         buf, sizeof(buf), &len),
                     STATUS_NO_MORE_ENTRIES);
    ck_assert_int_eq(ZwDeleteValueKey(key, &name), STATUS_SUCCESS);
    ck_assert_int_eq(ZwDeleteValueKey(key, &name),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ZwDeleteKey(key);
    ZwClose(key);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

static ULONG reg_seen;

static NTSTATUS NTAPI reg_routine(PWSTR ValueName, ULONG ValueType,
                                  PVOID ValueData, ULONG ValueLength,
                                  PVOID Context, PVOID EntryContext)
{
    (void)ValueName;
    (void)Context;
    (void)EntryContext;
    ck_assert_uint_eq(ValueType, REG_DWORD);
    ck_assert_uint_eq(ValueLength, 4);
    reg_seen = *(PULONG)ValueData;
    return STATUS_SUCCESS;
}

/* A device's keys: the hardware key (Device Parameters) and the software
 * key differ, reopen to the same values, refuse an FDO and bad flags, are
 * what RtlQueryRegistryValues finds by path, and go with the PDO. */
START_TEST(test_device_registry_keys)
{
    PDRIVER_OBJECT drv = calloc(1, sizeof(*drv));
    PDEVICE_OBJECT pdo;
    PDEVICE_OBJECT fdo;
    HANDLE hw;
    HANDLE sw;
    HANDLE again;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Mode");
    ULONG mode = 3;
    ULONG buf[16];
    ULONG len;
    RTL_QUERY_REGISTRY_TABLE table[] = {
        { .QueryRoutine = reg_routine, .Name = L"Mode" },
        { 0 },
    };

    ck_assert_int_eq(IoCreateDevice(drv, 0, NULL, FILE_DEVICE_BUS_EXTENDER,
                                    0, FALSE, &pdo), STATUS_SUCCESS);
    ck_assert_int_eq(IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0,
                                    FALSE, &fdo), STATUS_SUCCESS);
    IoAttachDeviceToDeviceStack(fdo, pdo);
    ck_assert_int_eq(IoOpenDeviceRegistryKey(fdo, PLUGPLAY_REGKEY_DEVICE,
                                             KEY_ALL_ACCESS, &hw),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(IoOpenDeviceRegistryKey(
                         pdo, PLUGPLAY_REGKEY_DEVICE | PLUGPLAY_REGKEY_DRIVER,
                         KEY_ALL_ACCESS, &hw), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DEVICE,
                                             KEY_ALL_ACCESS, &hw),
                     STATUS_SUCCESS);
    ck_assert_int_eq(IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DRIVER,
                                             KEY_ALL_ACCESS, &sw),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwSetValueKey(sw, &name, 0, REG_DWORD, &mode, 4),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwQueryValueKey(hw, &name, KeyValuePartialInformation,
                                     buf, sizeof(buf), &len),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DRIVER,
                                             KEY_READ, &again),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwQueryValueKey(again, &name, KeyValuePartialInformation,
                                     buf, sizeof(buf), &len),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(buf[3], 3);
    ZwClose(again);
    ck_assert_int_eq(RtlQueryRegistryValues(
                         RTL_REGISTRY_CONTROL,
                         L"Class\\{4d36e96c-e325-11ce-bfc1-08002be10318}"
                         L"\\0000", table, NULL, NULL), STATUS_SUCCESS);
    ck_assert_uint_eq(reg_seen, 3);
    ck_assert_int_eq(RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)sw,
                                            table, NULL, NULL),
                     STATUS_SUCCESS);
    ZwClose(hw);
    ZwClose(sw);
    IoDetachDevice(pdo);
    IoDeleteDevice(fdo);
    IoDeleteDevice(pdo);
    ck_assert_int_eq(RtlQueryRegistryValues(
                         RTL_REGISTRY_CONTROL,
                         L"Class\\{4d36e96c-e325-11ce-bfc1-08002be10318}"
                         L"\\0000", table, NULL, NULL),
                     STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
    free(drv);
}
END_TEST

/* A driver started by the PnP manager: its service key exists for
 * DriverEntry, and its PDO's hardware key sits below Enum\PCI\<device ID>. */
static NTSTATUS svc_entry_open;
static PDEVICE_OBJECT svc_fdo;
static PDEVICE_OBJECT svc_lower;

static NTSTATUS NTAPI svc_dispatch_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
    PDEVICE_OBJECT lower = svc_lower;
    NTSTATUS status;

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);
    if (minor == IRP_MN_REMOVE_DEVICE) {
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
    }
    return status;
}

static NTSTATUS NTAPI svc_add_device(PDRIVER_OBJECT Driver,
                                     PDEVICE_OBJECT Pdo)
{
    NTSTATUS status = IoCreateDevice(Driver, 0, NULL, FILE_DEVICE_UNKNOWN, 0,
                                     FALSE, &svc_fdo);

    if (NT_SUCCESS(status)) {
        svc_lower = IoAttachDeviceToDeviceStack(svc_fdo, Pdo);
        svc_fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return status;
}

static NTSTATUS NTAPI svc_driver_entry(PDRIVER_OBJECT Driver,
                                       PUNICODE_STRING Path)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;

    InitializeObjectAttributes(&oa, Path, OBJ_KERNEL_HANDLE, NULL, NULL);
    svc_entry_open = ZwOpenKey(&key, KEY_READ, &oa);
    if (NT_SUCCESS(svc_entry_open)) {
        ZwClose(key);
    }
    Driver->MajorFunction[IRP_MJ_PNP] = svc_dispatch_pnp;
    Driver->DriverExtension->AddDevice = svc_add_device;
    return STATUS_SUCCESS;
}

NT_REGISTER_DRIVER("svctest", svc_driver_entry, 0x1af4, 0x10f0);

START_TEST(test_pnp_device_keys)
{
    arch_pci_func f = {
        .bus = 0, .dev = 3, .fn = 0, .vendor_id = 0x1af4, .device_id = 0x10f0,
        .class_code = 0x040100, .irq_line = 11, .irq_pin = 1,
        .bar = { { .base = 0xfebf0000, .size = 0x1000 } },
    };
    ULONG buf[32];
    PKEY_BASIC_INFORMATION basic = (PKEY_BASIC_INFORMATION)buf;
    PDEVICE_OBJECT pdo;
    HANDLE hw;
    HANDLE pci;
    ULONG len = 0;

    host_pci_add(&f);
    svc_entry_open = STATUS_UNSUCCESSFUL;
    ck_assert_int_eq(PnpStartDevice("svctest", 0, &pdo), STATUS_SUCCESS);
    ck_assert_int_eq(svc_entry_open, STATUS_SUCCESS);
    ck_assert_int_eq(IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DEVICE,
                                             KEY_READ, &hw), STATUS_SUCCESS);
    ck_assert_int_eq(ZwQueryKey(hw, KeyBasicInformation, basic, sizeof(buf),
                                &len), STATUS_SUCCESS);
    ck_assert_int_eq(memcmp(basic->Name, L"Device Parameters", 34), 0);
    ck_assert_int_eq(key_at(&pci, NULL,
                            L"\\Registry\\Machine\\System\\CurrentControlSet"
                            L"\\Enum\\PCI", KEY_READ, FALSE, NULL),
                     STATUS_SUCCESS);
    ck_assert_int_eq(ZwEnumerateKey(pci, 0, KeyBasicInformation, basic,
                                    sizeof(buf), &len), STATUS_SUCCESS);
    ck_assert_int_eq(memcmp(basic->Name, L"VEN_1AF4&DEV_10F0", 34), 0);
    ZwClose(pci);
    ZwClose(hw);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(ExpPoolOutstanding(0, NULL), 0);
}
END_TEST

/* ---- Strings ------------------------------------------------------------- */

/* N forms copy at most N; the result that just fits is STATUS_SUCCESS,
 * one character less STATUS_BUFFER_OVERFLOW (cut and terminated); zero or
 * oversized destinations and unterminated Cat destinations are
 * STATUS_INVALID_PARAMETER. */
START_TEST(test_ntstrsafe_boundaries)
{
    CHAR a[8];
    WCHAR w[8];
    SIZE_T n = 99;

    ck_assert_int_eq(RtlStringCchCopyA(a, 6, "hello"), STATUS_SUCCESS);
    ck_assert_str_eq(a, "hello");
    ck_assert_int_eq(RtlStringCchCopyA(a, 5, "hello"),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "hell");
    ck_assert_int_eq(RtlStringCchCopyA(a, 0, "x"), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchCopyA(a, (SIZE_T)NTSTRSAFE_MAX_CCH + 1, "x"),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchCopyNA(a, 8, "hello", 3), STATUS_SUCCESS);
    ck_assert_str_eq(a, "hel");
    ck_assert_int_eq(RtlStringCbCopyNA(a, 3, "hello", 3),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "he");
    ck_assert_int_eq(RtlStringCchCatA(a, 5, "ll"), STATUS_SUCCESS);
    ck_assert_str_eq(a, "hell");
    ck_assert_int_eq(RtlStringCbCatA(a, 5, "o"), STATUS_BUFFER_OVERFLOW);
    ck_assert_int_eq(RtlStringCchCatNA(a, 8, "o world", 2), STATUS_SUCCESS);
    ck_assert_str_eq(a, "hello ");
    memset(a, 'x', sizeof(a));
    ck_assert_int_eq(RtlStringCchCatA(a, 8, "y"), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchLengthA("abc", 4, &n), STATUS_SUCCESS);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(RtlStringCchLengthA("abc", 3, &n),
                     STATUS_INVALID_PARAMETER);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(RtlStringCchPrintfA(a, 8, "%u-%s", 12u, "ab"),
                     STATUS_SUCCESS);
    ck_assert_str_eq(a, "12-ab");
    ck_assert_int_eq(RtlStringCchPrintfA(a, 5, "%u-%s", 12u, "ab"),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "12-a");

    ck_assert_int_eq(RtlStringCchCopyNW(w, 8, L"abcdef", 4), STATUS_SUCCESS);
    ck_assert_int_eq(wcscmp(w, L"abcd"), 0);
    ck_assert_int_eq(RtlStringCbCopyNW(w, 6, L"abcdef", 12),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_int_eq(wcscmp(w, L"ab"), 0);
    ck_assert_int_eq(RtlStringCbCopyNW(w, 1, L"a", 2),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchCatNW(w, 8, L"cdefgh", 3), STATUS_SUCCESS);
    ck_assert_int_eq(wcscmp(w, L"abcde"), 0);
    ck_assert_int_eq(RtlStringCbCatNW(w, 14, L"fgh", 6),
                     STATUS_BUFFER_OVERFLOW);
    ck_assert_int_eq(wcscmp(w, L"abcdef"), 0);
    ck_assert_int_eq(RtlStringCchCatNW(w, 8, L"x",
                                       (SIZE_T)NTSTRSAFE_MAX_CCH + 1),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(RtlStringCchPrintfW(w, 8, L"%d/%hs", -5, "ok"),
                     STATUS_SUCCESS);
    ck_assert_int_eq(wcscmp(w, L"-5/ok"), 0);
}
END_TEST

/* Formats the same arguments with RtlStringCbVPrintfW (Wide, cb bytes)
 * and RtlStringCchVPrintfA (Narrow, cch characters); the statuses go to
 * Status[0] and Status[1]. The V forms take the Windows x64 list, which an
 * NTAPI variadic routine makes (ntstrsafe.h); one list serves both calls,
 * as on Windows (it is passed by value). */
static void NTAPI vprintf_both(NTSTATUS *Status, PWSTR Wide, SIZE_T cb,
                               PCWSTR WideFormat, PSTR Narrow, SIZE_T cch,
                               PCSTR NarrowFormat, ...)
{
    __builtin_ms_va_list ap;

    __builtin_ms_va_start(ap, NarrowFormat);
    Status[0] = RtlStringCbVPrintfW(Wide, cb, WideFormat, ap);
    Status[1] = RtlStringCchVPrintfA(Narrow, cch, NarrowFormat, ap);
    __builtin_ms_va_end(ap);
}

START_TEST(test_ntstrsafe_vprintf)
{
    NTSTATUS status[2];
    WCHAR w[4];
    CHAR a[4];

    vprintf_both(status, w, sizeof(w), L"%x", a, 4, "%x", 0xabcu);
    ck_assert_int_eq(status[0], STATUS_SUCCESS);
    ck_assert_int_eq(wcscmp(w, L"abc"), 0);
    ck_assert_int_eq(status[1], STATUS_SUCCESS);
    ck_assert_str_eq(a, "abc");
    vprintf_both(status, w, sizeof(w), L"%x", a, 4, "%x", 0xabcdu);
    ck_assert_int_eq(status[0], STATUS_BUFFER_OVERFLOW);
    ck_assert_int_eq(wcscmp(w, L"abc"), 0);
    ck_assert_int_eq(status[1], STATUS_BUFFER_OVERFLOW);
    ck_assert_str_eq(a, "abc");
    vprintf_both(status, w, 1, L"x", a, 0, "x");
    ck_assert_int_eq(status[0], STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(status[1], STATUS_INVALID_PARAMETER);
}
END_TEST

/* ntintsafe: the exact result or STATUS_INTEGER_OVERFLOW and the type's
 * _ERROR value, at the edges of each type. */
START_TEST(test_ntintsafe)
{
    ULONG ul;
    USHORT us;
    SIZE_T sz;
    LONG l;

    ck_assert_int_eq(RtlULongAdd(0xfffffffeu, 1, &ul), STATUS_SUCCESS);
    ck_assert_uint_eq(ul, 0xffffffffu);
    ck_assert_int_eq(RtlULongAdd(0xffffffffu, 1, &ul),
                     STATUS_INTEGER_OVERFLOW);
    ck_assert_uint_eq(ul, ULONG_ERROR);
    ck_assert_int_eq(RtlULongSub(1, 2, &ul), STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlULongMult(0x10000u, 0xffffu, &ul), STATUS_SUCCESS);
    ck_assert_uint_eq(ul, 0xffff0000u);
    ck_assert_int_eq(RtlULongMult(0x10000u, 0x10000u, &ul),
                     STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlSizeTMult((SIZE_T)1 << 32, 4, &sz), STATUS_SUCCESS);
    ck_assert_int_eq(RtlSizeTAdd(SIZET_ERROR, 1, &sz),
                     STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlULongToUShort(0xffff, &us), STATUS_SUCCESS);
    ck_assert_int_eq(RtlULongToUShort(0x10000, &us), STATUS_INTEGER_OVERFLOW);
    ck_assert_uint_eq(us, USHORT_ERROR);
    ck_assert_int_eq(RtlULongLongToULong(0x100000000ull, &ul),
                     STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlULongToLong(0x80000000u, &l), STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlLongToULong(-1, &ul), STATUS_INTEGER_OVERFLOW);
    ck_assert_int_eq(RtlLongToULong(7, &ul), STATUS_SUCCESS);
    ck_assert_uint_eq(ul, 7);
}
END_TEST

START_TEST(test_wcs_routines)
{
    WCHAR w[16];
    const WCHAR *s = L"Audio\\Wave\\Pin";

    ck_assert_uint_eq(wcslen(L""), 0);
    ck_assert_uint_eq(wcslen(s), 14);
    ck_assert_uint_eq(wcsnlen(s, 5), 5);
    ck_assert_ptr_eq(wcscpy(w, L"ab"), w);
    ck_assert_ptr_eq(wcscat(w, L"cd"), w);
    ck_assert_int_eq(wcscmp(w, L"abcd"), 0);
    wcsncat(w, L"efgh", 2);
    ck_assert_int_eq(wcscmp(w, L"abcdef"), 0);
    memset(w, 0xff, sizeof(w));
    wcsncpy(w, L"xy", 4);
    ck_assert_uint_eq(w[2], 0);
    ck_assert_uint_eq(w[3], 0);
    ck_assert_uint_eq(w[4], 0xffff);
    wcsncpy(w, L"xyz", 2);
    ck_assert_uint_eq(w[2], 0);  /* from before: not written */
    ck_assert_int_lt(wcscmp(L"ab", L"ac"), 0);
    ck_assert_int_gt(wcscmp(L"ab", L"a"), 0);
    ck_assert_int_eq(wcsncmp(L"abX", L"abY", 2), 0);
    ck_assert_int_ne(wcsncmp(L"abX", L"abY", 3), 0);
    ck_assert_int_eq(_wcsicmp(L"WaVe", L"wave"), 0);
    ck_assert_int_lt(_wcsicmp(L"a", L"B"), 0);
    ck_assert_int_eq(_wcsnicmp(L"WAVEx", L"wavey", 4), 0);
    ck_assert_int_gt(wcscmp(L"\xff00", L"a"), 0);
    ck_assert_ptr_eq(wcschr(s, L'\\'), s + 5);
    ck_assert_ptr_eq(wcschr(s, 0), s + 14);
    ck_assert_ptr_null(wcschr(s, L'z'));
    ck_assert_ptr_eq(wcsrchr(s, L'\\'), s + 10);
    ck_assert_ptr_null(wcsrchr(s, L'z'));
    ck_assert_ptr_eq(wcsstr(s, L"Wave"), s + 6);
    ck_assert_ptr_eq(wcsstr(s, L""), s);
    ck_assert_ptr_null(wcsstr(s, L"wave"));
}
END_TEST

START_TEST(test_rtl_integer_strings)
{
    static const struct {
        PCWSTR text;
        ULONG base;
        ULONG value;
    } cases[] = {
        { L"123", 10, 123 },
        { L"  +42x", 0, 42 },
        { L"-1", 10, 0xffffffffu },
        { L"0x1F", 0, 0x1f },
        { L"0o17", 0, 15 },
        { L"0b101", 0, 5 },
        { L"ff", 16, 255 },
        { L"19", 8, 1 },
        { L"", 10, 0 },
    };
    WCHAR buf[8];
    UNICODE_STRING s;
    ULONG v;

    for (unsigned i = 0; i < RTL_NUMBER_OF(cases); i++) {
        RtlInitUnicodeString(&s, cases[i].text);
        v = 77;
        ck_assert_int_eq(RtlUnicodeStringToInteger(&s, cases[i].base, &v),
                         STATUS_SUCCESS);
        ck_assert_msg(v == cases[i].value, "case %u: %u", i, (unsigned)v);
    }
    ck_assert_int_eq(RtlUnicodeStringToInteger(&s, 3, &v),
                     STATUS_INVALID_PARAMETER);
    s.Buffer = buf;
    s.MaximumLength = 8;
    ck_assert_int_eq(RtlIntegerToUnicodeString(1234, 10, &s), STATUS_SUCCESS);
    ck_assert_uint_eq(s.Length, 8);
    ck_assert_int_eq(memcmp(buf, L"1234", 8), 0);
    ck_assert_int_eq(RtlIntegerToUnicodeString(12345, 10, &s),
                     STATUS_BUFFER_OVERFLOW);
    s.MaximumLength = sizeof(buf);
    ck_assert_int_eq(RtlIntegerToUnicodeString(0xBEEF, 16, &s),
                     STATUS_SUCCESS);
    ck_assert_int_eq(wcscmp(buf, L"BEEF"), 0);
    ck_assert_int_eq(RtlIntegerToUnicodeString(5, 2, &s), STATUS_SUCCESS);
    ck_assert_int_eq(wcscmp(buf, L"101"), 0);
    ck_assert_int_eq(RtlIntegerToUnicodeString(5, 7, &s),
                     STATUS_INVALID_PARAMETER);
    {
        UNICODE_STRING pre = RTL_CONSTANT_STRING(L"WAVE");
        UNICODE_STRING full = RTL_CONSTANT_STRING(L"wave\\pin");

        ck_assert(RtlPrefixUnicodeString(&pre, &full, TRUE));
        ck_assert(!RtlPrefixUnicodeString(&pre, &full, FALSE));
        ck_assert(!RtlPrefixUnicodeString(&full, &pre, TRUE));
        ck_assert_uint_eq(RtlUpcaseUnicodeChar(L'q'), L'Q');
    }
}
END_TEST

static TCase *svc_tcase(Suite *s, const char *name)
{
    TCase *tc = cyc_tcase_new(name, 10);

    tcase_add_checked_fixture(tc, svc_setup, NULL);
    suite_add_tcase(s, tc);
    return tc;
}

static Suite *services_suite(void)
{
    Suite *s = suite_create("nt-services");
    TCase *tc;

    tc = svc_tcase(s, "workitems");
    tcase_add_test(tc, test_ex_workitems);
    tcase_add_test(tc, test_ex_workitem_twice);
    tc = svc_tcase(s, "time");
    tcase_add_test(tc, test_delay_and_system_time);
    tc = svc_tcase(s, "files");
    tcase_add_test(tc, test_file_write_records);
    tcase_add_test(tc, test_file_dispositions);
    tcase_add_test(tc, test_file_names);
    tcase_add_test(tc, test_file_read_host_input);
    tcase_add_test(tc, test_file_no_channel_and_bad_handles);
    tc = svc_tcase(s, "events");
    tcase_add_test(tc, test_event_by_handle);
    tc = svc_tcase(s, "registry");
    tcase_add_test(tc, test_registry_keys);
    tcase_add_test(tc, test_registry_query_value_boundaries);
    tcase_add_test(tc, test_device_registry_keys);
    tcase_add_test(tc, test_pnp_device_keys);
    tc = svc_tcase(s, "strings");
    tcase_add_test(tc, test_ntstrsafe_boundaries);
    tcase_add_test(tc, test_ntstrsafe_vprintf);
    tcase_add_test(tc, test_ntintsafe);
    tcase_add_test(tc, test_wcs_routines);
    tcase_add_test(tc, test_rtl_integer_strings);
    return s;
}

int main(void)
{
    return cyc_run_suite(services_suite());
}
