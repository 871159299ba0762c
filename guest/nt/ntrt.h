/* SPDX-License-Identifier: MIT */
/*
 * What the nt-lite runtime offers beyond wdm.h: drivers register themselves in
 * a linker-section table (no central list), and scenarios ask the PnP manager
 * to start and remove devices. Everything here runs at PASSIVE_LEVEL.
 */
#ifndef NTRT_H
#define NTRT_H

#include "wdm.h"

/*
 * One entry per driver, placed in the "nt_drivers" section by
 * NT_REGISTER_DRIVER. The PnP manager binds it to PCI functions whose vendor
 * and device IDs match (DeviceId 0xffff matches any device of the vendor).
 */
typedef struct _NT_DRIVER_REGISTRATION {
    PCSTR Name;                   /* service name, also \Driver\<Name> */
    PDRIVER_INITIALIZE DriverEntry;
    USHORT VendorId;
    USHORT DeviceId;
} NT_DRIVER_REGISTRATION;

#define NT_REGISTER_DRIVER(Name_, DriverEntry_, VendorId_, DeviceId_)     \
    static const NT_DRIVER_REGISTRATION NtDriverRegistration_##DriverEntry_ \
        __attribute__((used, section("nt_drivers"), aligned(8))) = {      \
        .Name = (Name_), .DriverEntry = (DriverEntry_),                   \
        .VendorId = (VendorId_), .DeviceId = (DeviceId_) }

/*
 * Finds instance Instance (0-based, in bus/device/function order) of a PCI
 * function the driver DriverName binds to; loads the driver (DriverEntry with
 * RegistryPath "\Registry\Machine\System\CurrentControlSet\Services\<Name>")
 * unless already loaded; creates the PDO; calls DriverExtension->AddDevice;
 * routes the interrupt (MSI unless the command line says irq=intx or the
 * function has no MSI capability); enables memory decoding and bus mastering;
 * sends IRP_MN_START_DEVICE with raw and translated CM_RESOURCE_LISTs (one
 * CmResourceTypeMemory per memory BAR, CmResourceTypePort per I/O BAR, then
 * one CmResourceTypeInterrupt) to the top of the stack and waits for it.
 * On success *Pdo (optional) receives the PDO; its attached device is the FDO.
 */
NTSTATUS PnpStartDevice(PCSTR DriverName, ULONG Instance, PDEVICE_OBJECT *Pdo);

/*
 * Sends IRP_MN_REMOVE_DEVICE to every started stack (newest first), deletes
 * the PDOs, calls each loaded driver's DriverUnload and frees the driver
 * objects. The scenario runner calls it before the pool leak check, so a
 * driver that leaks across unload fails the run.
 */
VOID PnpRemoveAllDevices(VOID);

/*
 * A registry key of an in-memory store, usable as the Path of
 * RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, ...). The store (PortCls'
 * per-device registry) embeds one per key; the callbacks run at
 * PASSIVE_LEVEL. EnumerateValue returns the Index-th value (name without
 * terminator, data owned by the store and valid until the value changes) or
 * STATUS_NO_MORE_ENTRIES; OpenSubKey does not create keys
 * (STATUS_OBJECT_NAME_NOT_FOUND).
 */
#define NT_REGISTRY_KEY_SIGNATURE 0x4b676552u  /* "RegK" */
typedef struct _NT_REGISTRY_KEY NT_REGISTRY_KEY;
typedef struct _NT_REGISTRY_KEY_OPS {
    NTSTATUS (*OpenSubKey)(NT_REGISTRY_KEY *Key, PCUNICODE_STRING Name,
                           NT_REGISTRY_KEY **SubKey);
    NTSTATUS (*EnumerateValue)(NT_REGISTRY_KEY *Key, ULONG Index,
                               PUNICODE_STRING Name, PULONG Type,
                               PVOID *Data, PULONG DataLength);
    NTSTATUS (*DeleteValue)(NT_REGISTRY_KEY *Key, PCUNICODE_STRING Name);
} NT_REGISTRY_KEY_OPS;
struct _NT_REGISTRY_KEY {
    ULONG Signature;
    const NT_REGISTRY_KEY_OPS *Ops;
};

/*
 * Spin locks (any kind, the interrupt's included) the processor holds now:
 * what Driver Verifier knows when a DDI forbids being called under one.
 */
ULONG KiQuerySpinLocksHeld(VOID);

/* Runtime start-up (called once by the platform before the scenario). */
VOID KiInitializeRuntime(VOID);

/* Pool statistics for tests: outstanding blocks and bytes for Tag (0 = all). */
typedef struct _EX_POOL_TAG_STATS {
    ULONG Tag;
    ULONG Allocations;  /* total ever made */
    ULONG Frees;
    SIZE_T BytesOutstanding;
} EX_POOL_TAG_STATS;
ULONG ExpPoolOutstanding(ULONG Tag, SIZE_T *Bytes);
BOOLEAN ExpPoolTagStats(ULONG Tag, EX_POOL_TAG_STATS *Stats);
/* Prints every outstanding block and, if there is any, bugchecks
 * DRIVER_VERIFIER_DETECTED_VIOLATION (0x62, blocks, bytes, first tag). */
VOID ExpCheckLeaks(VOID);
/* Prints the per-tag table as "# pool: tag 'Xyz ' allocs N frees N bytes N". */
VOID ExpDumpPoolTags(VOID);

#endif /* NTRT_H */
