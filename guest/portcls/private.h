/* SPDX-License-Identifier: MIT */
/*
 * PortCls internals shared by its files: the common part of every port
 * (PCP_PORT, reached from any port through the private IPcpSubdevice
 * interface), IRP targets behind file objects, the device extension and
 * pool tags. A port owns its miniport reference; filters and pins own a
 * port reference; the device extension owns registered ports.
 */
#ifndef CYC_PORTCLS_PRIVATE_H
#define CYC_PORTCLS_PRIVATE_H

#ifndef DPF_MODULE
#define DPF_MODULE "portcls: "
#endif
#include <portcls.h>
#include "ksp.h"

#define PCP_TAG(a, b, c, d) KSP_TAG(a, b, c, d)
#define PCP_TAG_ADAPTER   PCP_TAG('P', 'c', 'A', 'd')
#define PCP_TAG_PORT      PCP_TAG('P', 'c', 'P', 't')
#define PCP_TAG_FILTER    PCP_TAG('P', 'c', 'F', 't')
#define PCP_TAG_PIN       PCP_TAG('P', 'c', 'P', 'n')
#define PCP_TAG_SERVICE   PCP_TAG('P', 'c', 'S', 'g')
#define PCP_TAG_DMA       PCP_TAG('P', 'c', 'D', 'm')
#define PCP_TAG_RESOURCE  PCP_TAG('P', 'c', 'R', 's')
#define PCP_TAG_INTERRUPT PCP_TAG('P', 'c', 'I', 's')
#define PCP_TAG_REGISTRY  PCP_TAG('P', 'c', 'R', 'g')
#define PCP_TAG_PROPERTY  PCP_TAG('P', 'c', 'P', 'r')

/* Bugcheck 0xC4 first parameters for PortCls contract violations. */
#define PCP_VIOLATION_REFCOUNT   0x5001  /* Release below zero: object */
#define PCP_VIOLATION_NOT_INIT   0x5002  /* port used before Init */

/* Time and sizes ----------------------------------------------------------- */

#define PCP_NOTIFICATION_MS 10  /* the port always asks for 10 ms */
#define PCP_LEAD_MS         40  /* render data kept ahead of the position */

/* Bytes in Ms milliseconds of a format, rounded down to whole frames. */
ULONG PcpMsToBytes(ULONG Ms, ULONG BytesPerSecond, ULONG BlockAlign);

/* IRP targets -------------------------------------------------------------- */

typedef struct PCP_IRP_TARGET PCP_IRP_TARGET;
typedef struct PCP_IRP_TARGET_OPS {
    /* PASSIVE_LEVEL. Returns the status; STATUS_PENDING keeps the IRP. */
    NTSTATUS (*DeviceIoControl)(PCP_IRP_TARGET *Target, PIRP Irp);
    /* PASSIVE_LEVEL. The file object is going away: drop its reference. */
    VOID (*Close)(PCP_IRP_TARGET *Target);
} PCP_IRP_TARGET_OPS;

typedef enum PCP_TARGET_KIND {
    PcpTargetFilter = 1,
    PcpTargetPin
} PCP_TARGET_KIND;

/* First member of every object a FILE_OBJECT's FsContext points at. */
struct PCP_IRP_TARGET {
    const PCP_IRP_TARGET_OPS *Ops;
    PCP_TARGET_KIND Kind;
};

/* Ports -------------------------------------------------------------------- */

typedef struct PCP_PORT PCP_PORT;
typedef struct PCP_FILTER PCP_FILTER;

/* What a port type adds to the IPort behaviour port.c implements. */
typedef struct PCP_PORT_OPS {
    const char *Name;                 /* for traces: "WaveCyclic" */
    const IID *MiniportIid;           /* QI'd from UnknownMiniport by Init */
    /* The miniport's type-specific Init, given the port's own interface.
     * Miniport is the MiniportIid interface. PASSIVE_LEVEL. */
    NTSTATUS (*InitMiniport)(PCP_PORT *Port, PMINIPORT Miniport,
                             PUNKNOWN UnknownAdapter,
                             PRESOURCELIST ResourceList);
    /* Creates a pin object for FileObject; Connect/Format are validated
     * against the descriptor, instance counts already reserved. */
    NTSTATUS (*NewPin)(PCP_PORT *Port, PCP_FILTER *Filter,
                       PFILE_OBJECT FileObject, const KSPIN_CONNECT *Connect,
                       PKSDATAFORMAT Format, ULONG FormatSize);
    /* Categories when the descriptor gives none. */
    const GUID *const *DefaultCategories;
    ULONG DefaultCategoryCount;
} PCP_PORT_OPS;

/* Private interface: QI'd from a port by PcRegisterSubdevice & co. */
DEFINE_GUID(IID_IPcpSubdevice, 0x8a1b3e5d, 0x2c47, 0x4f0e,
            0x9d, 0x61, 0x5e, 0x0c, 0x79, 0xa2, 0x33, 0x10);
COM_INTERFACE(IPcpSubdevice);
struct IPcpSubdeviceVtbl {
    COM_IUNKNOWN_SLOTS(IPcpSubdevice);
};

/*
 * Embedded in every port object; Outer is that object's IUnknown, its
 * first member, so the object is freed through it.
 */
struct PCP_PORT {
    PUNKNOWN Outer;
    COM_REF Ref;
    const PCP_PORT_OPS *Ops;
    IPcpSubdevice SubdeviceIface;
    IPortEvents EventsIface;
    IUnregisterSubdevice UnregisterIface;
    BOOLEAN Initialized;
    PDEVICE_OBJECT DeviceObject;      /* FDO given to Init */
    PUNKNOWN Miniport;                /* MajorTarget of requests, AddRef'd */
    PMINIPORT MiniportIface;          /* Ops->MiniportIid, AddRef'd */
    const PCFILTER_DESCRIPTOR *Descriptor;
    PPINCOUNT PinCount;               /* optional, AddRef'd */
    PPOWERNOTIFY PowerNotify;         /* optional, AddRef'd */
    ULONG *GlobalInstances;           /* per pin factory */
    KSPIN_LOCK Lock;                  /* instance counts, event list */
    LIST_ENTRY EventList;             /* KSEVENT_ENTRY.ListEntry */
};

/* Answers IID_IPcpSubdevice/IPortEvents/IUnregisterSubdevice for a port. */
extern const IPcpSubdeviceVtbl PcpSubdeviceVtbl;
extern const IPortEventsVtbl PcpPortEventsVtbl;
extern const IUnregisterSubdeviceVtbl PcpUnregisterSubdeviceVtbl;

/* Outer must be the first member of the port object (pool, PCP_TAG_PORT);
 * the count starts at one. */
VOID PcpPortConstruct(PCP_PORT *Port, PUNKNOWN Outer,
                      const PCP_PORT_OPS *Ops);
/* Unregistration (Final FALSE) or the port's last Release (TRUE): drops the
 * miniport, and so its reference on the port. */
VOID PcpPortDestruct(PCP_PORT *Port, BOOLEAN Final);

/* The IPort slots of every port type forward here. */
ULONG PcpPortAddRef(PCP_PORT *Port);
ULONG PcpPortRelease(PCP_PORT *Port);
/* PASSIVE_LEVEL, from the adapter's StartDevice. */
NTSTATUS PcpPortInit(PCP_PORT *Port, PDEVICE_OBJECT DeviceObject,
                     PUNKNOWN UnknownMiniport, PUNKNOWN UnknownAdapter,
                     PRESOURCELIST ResourceList);
/* The PCP_PORT behind any port IUnknown, not referenced; NULL if none. */
PCP_PORT *PcpPortFromUnknown(PUNKNOWN Unknown);
NTSTATUS PcpPortGetDeviceProperty(PCP_PORT *Port,
                                  DEVICE_REGISTRY_PROPERTY DeviceProperty,
                                  ULONG BufferLength, PVOID PropertyBuffer,
                                  PULONG ResultLength);
NTSTATUS PcpPortNewRegistryKey(PCP_PORT *Port, PREGISTRYKEY *OutRegistryKey,
                               PUNKNOWN OuterUnknown, ULONG RegistryKeyType,
                               ACCESS_MASK DesiredAccess,
                               POBJECT_ATTRIBUTES ObjectAttributes,
                               ULONG CreateOptions, PULONG Disposition);
const PCPIN_DESCRIPTOR *PcpPinDescriptor(const PCP_PORT *Port, ULONG PinId);
const PCNODE_DESCRIPTOR *PcpNodeDescriptor(const PCP_PORT *Port,
                                           ULONG NodeId);

/* Filters ------------------------------------------------------------------ */

struct PCP_FILTER {
    PCP_IRP_TARGET Target;
    PCP_PORT *Port;          /* referenced through Port->Outer */
    volatile LONG Ref;       /* the file object + one per open pin */
    ULONG *PinInstances;     /* per pin factory, under Port->Lock */
};

/* IRP_MJ_CREATE of a filter on Port. */
NTSTATUS PcpFilterCreate(PCP_PORT *Port, PFILE_OBJECT FileObject);
/* IRP_MJ_CREATE of a pin below the filter file object Parent. */
NTSTATUS PcpFilterCreatePin(PCP_FILTER *Filter, PFILE_OBJECT FileObject);
/* A pin of PinId closed (or failed to open): returns the instance slot and
 * the pin's filter reference. */
VOID PcpFilterPinClosed(PCP_FILTER *Filter, ULONG PinId);

/*
 * Property dispatch shared by filters and pins. Pin/topology sets are
 * answered from the descriptor; everything else goes to the miniport's
 * automation tables (node tables for KSPROPERTY_TYPE_TOPOLOGY requests).
 * MinorTarget is the stream for pin requests, NULL for filter requests.
 */
NTSTATUS PcpFilterProperty(PCP_FILTER *Filter, KSP_PROPERTY_REQUEST *Request);
NTSTATUS PcpAutomationProperty(PCP_PORT *Port,
                               const PCAUTOMATION_TABLE *Table,
                               PUNKNOWN MinorTarget,
                               KSP_PROPERTY_REQUEST *Request);

/* Device extension (first PORT_CLASS_DEVICE_EXTENSION_SIZE bytes) ---------- */

typedef struct PCP_SUBDEVICE {
    WCHAR Name[32];
    PUNKNOWN Port;                  /* referenced */
    PCP_PORT *Common;
    UNICODE_STRING Links[4];        /* device interfaces registered */
    ULONG LinkCount;
} PCP_SUBDEVICE;

typedef struct PCP_CONNECTION {
    PCP_PORT *FromPort;             /* registered ports; dropped with them */
    ULONG FromPin;
    PCP_PORT *ToPort;
    ULONG ToPin;
} PCP_CONNECTION;

typedef struct PCP_REGISTRY PCP_REGISTRY;

#define PCP_EXTENSION_MAGIC 0x50634578u  /* "PcEx" */
#define PCP_MAX_CONNECTIONS 16

typedef struct PCP_DEVICE_EXTENSION {
    ULONG Magic;
    PDEVICE_OBJECT PhysicalDeviceObject;
    PDEVICE_OBJECT LowerDeviceObject;
    PCPFNSTARTDEVICE StartDevice;
    ULONG MaxSubdevices;
    ULONG SubdeviceCount;
    PCP_SUBDEVICE *Subdevices;      /* pool, MaxSubdevices entries */
    ULONG ConnectionCount;
    PCP_CONNECTION *Connections;    /* pool, PCP_MAX_CONNECTIONS */
    PRESOURCELIST ResourceList;     /* from START, referenced */
    PADAPTERPOWERMANAGEMENT PowerManagement;
    DEVICE_POWER_STATE PowerState;
    PCP_REGISTRY *Registry;         /* in-memory keys of this device */
} PCP_DEVICE_EXTENSION;

_Static_assert(sizeof(PCP_DEVICE_EXTENSION) <= PORT_CLASS_DEVICE_EXTENSION_SIZE,
               "PortCls owns only the first 64 pointers of the extension");

/* NULL unless DeviceObject is a PortCls FDO. */
PCP_DEVICE_EXTENSION *PcpGetExtension(PDEVICE_OBJECT DeviceObject);
/* The registered subdevice whose port is Port, or NULL. */
PCP_SUBDEVICE *PcpFindSubdevice(PCP_DEVICE_EXTENSION *Extension,
                                PCP_PORT *Port);
NTSTATUS PcpUnregisterSubdevice(PDEVICE_OBJECT DeviceObject,
                                PUNKNOWN Unknown);

/* In-memory registry (registry.c) */
VOID PcpRegistryFree(PCP_DEVICE_EXTENSION *Extension);

/* Ports (port_wavecyclic.c, port_topology.c) */
NTSTATUS PcpNewPortWaveCyclic(PPORT *OutPort);
NTSTATUS PcpNewPortTopology(PPORT *OutPort);

/* Interrupt sync (interrupt_sync.c): runs the ISR list as an interrupt
 * would, for host tests without a KINTERRUPT. */
BOOLEAN PcpInterruptSyncSimulate(PINTERRUPTSYNC InterruptSync);

/* DMA channels (dma_channel.c); MaximumLength caps AllocateBuffer. */
NTSTATUS PcpNewDmaChannel(PDMACHANNELSLAVE *OutDmaChannel, BOOLEAN Slave,
                          PDEVICE_OBJECT DeviceObject, ULONG MaximumLength,
                          BOOLEAN Dma32BitAddresses,
                          BOOLEAN Dma64BitAddresses);

/* WaveCyclic (port_wavecyclic.c, pin_wavecyclic.c) */
/* The bound miniport, not referenced (NULL after unregistration). */
PMINIPORTWAVECYCLIC PcpPortWaveCyclicMiniport(PCP_PORT *Port);
/* Format check of filter.c: STATUS_NO_MATCH/INVALID_PARAMETER/SUCCESS. */
NTSTATUS PcpFilterMatchFormat(PCP_PORT *Port, ULONG PinId,
                              const KSDATAFORMAT *Format, ULONG FormatSize);
NTSTATUS PcpNewPinWaveCyclic(PCP_PORT *Port, PCP_FILTER *Filter,
                             PFILE_OBJECT FileObject,
                             const KSPIN_CONNECT *Connect,
                             PKSDATAFORMAT Format, ULONG FormatSize);

#endif /* CYC_PORTCLS_PRIVATE_H */
