/* SPDX-License-Identifier: MIT */
/*
 * What the nt-lite runtime offers beyond wdm.h: drivers register themselves in
 * a linker-section table (no central list), and scenarios ask the PnP manager
 * to start and remove devices. Everything here runs at PASSIVE_LEVEL.
 */
#ifndef NTRT_H
#define NTRT_H

#include "wdm.h"

EXTERN_C_START

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
 * The power and PnP transitions a system makes while devices run (scenarios
 * and tests drive them; PASSIVE_LEVEL, each waits for its IRPs):
 * PnpSetSystemPowerState sends IRP_MN_QUERY_POWER for State to every started
 * stack, then IRP_MN_SET_POWER (a failed query cancels the transition with
 * SET_POWER of PowerSystemWorking and returns the query's status; for
 * PowerSystemWorking no query is sent). The stacks' power policy owners
 * turn it into device power IRPs; the PCI bus driver writes the PCI PMCSR.
 * PnpSendDeviceIrp sends one PnP IRP (no parameters; START gets the node's
 * current resource lists). PnpRebalanceDevice does what the PnP manager does
 * to move a device's resources: QUERY_STOP (on failure CANCEL_STOP, and the
 * query's status), STOP, memory BAR Bar moved to NewBase in configuration
 * space, START with the new lists. PnpSurpriseRemoveDevice makes the function
 * vanish (D3hot, decoding off: reads give all ones, as an unplugged device)
 * and sends IRP_MN_SURPRISE_REMOVAL; REMOVE follows in PnpRemoveAllDevices,
 * after the clients closed their handles.
 */
NTSTATUS PnpSetSystemPowerState(SYSTEM_POWER_STATE State);
NTSTATUS PnpSendDeviceIrp(PDEVICE_OBJECT Pdo, UCHAR MinorFunction);
NTSTATUS PnpRebalanceDevice(PDEVICE_OBJECT Pdo, ULONG Bar, ULONGLONG NewBase);
NTSTATUS PnpSurpriseRemoveDevice(PDEVICE_OBJECT Pdo);

/*
 * The host's hot-unplug (QEMU device_del, ACPI PCI hotplug): PnpPollHotplug
 * is the bus driver's poll of the hotplug block (the SCI it stands for is not
 * wired): every started function the host asked to remove is ejected at once
 * (gone from the bus, its BAR unmapped) and its stack gets
 * IRP_MN_SURPRISE_REMOVAL; returns how many. PnpRemoveDevice sends
 * IRP_MN_REMOVE_DEVICE to a surprise-removed stack after its clients closed
 * their handles and deletes the PDO (STATUS_INVALID_PARAMETER for a device
 * that was not removed).
 */
ULONG PnpPollHotplug(VOID);
NTSTATUS PnpRemoveDevice(PDEVICE_OBJECT Pdo);

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

EXTERN_C_END

#endif /* NTRT_H */
