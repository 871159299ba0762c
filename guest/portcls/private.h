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
#include "dmusicks.h"
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
#define PCP_VIOLATION_NOT_INIT   0x5002  /* port used before Init */
/* IPortWavePciStream misuse, as Driver Verifier reports it. */
#define PCP_VIOLATION_MAPPING_UNDER_LOCK 0x5010 /* ReleaseMapping, lock held */
#define PCP_VIOLATION_MAPPING_ORDER      0x5011 /* not the oldest mapping */
#define PCP_VIOLATION_MAPPING_UNKNOWN    0x5012 /* no such mapping */
#define PCP_VIOLATION_MAPPING_TAG_IN_USE 0x5013 /* GetMapping, tag in use */

/* Time and sizes ----------------------------------------------------------- */

#define PCP_NOTIFICATION_MS 10  /* the port always asks for 10 ms */
#define PCP_LEAD_MS         40  /* render data kept ahead of the position */

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

/*
 * A port type: what it adds to the frame of port.c, which owns IUnknown,
 * the IPort methods, Init's sequence, events and unregistration. A type is
 * its own file(s), one PCP_PORT_OPS and one row of the class table
 * (classes.c). Its object starts with PCP_PORT, so the type's interface
 * pointer (IPortWaveCyclic *, ...) is &PCP_PORT.Iface; its vtable starts
 * with PCP_IPORT_SLOTS. What differs between types lives here: how the
 * miniport's Init is called, which interfaces the port hands the miniport
 * (DMA channels, service groups, a mapped buffer for WaveRT, mappings for
 * WavePci), and the pins it makes (audio streams, MIDI streams).
 */
typedef struct PCP_PORT_OPS {
    const char *Name;                 /* for traces: "WaveCyclic" */
    const IID *PortIid;               /* IID_IPortWaveCyclic: QI answers it */
    const IID *MiniportIid;           /* QI'd from UnknownMiniport by Init */
    const VOID *Vtbl;                 /* the IPortXxxVtbl of the object */
    SIZE_T ObjectSize;                /* >= sizeof(PCP_PORT), PCP_PORT first */
    /* The miniport's type-specific Init, given the port's own interface.
     * Miniport is the MiniportIid interface. PASSIVE_LEVEL. */
    NTSTATUS (*InitMiniport)(PCP_PORT *Port, PMINIPORT Miniport,
                             PUNKNOWN UnknownAdapter,
                             PRESOURCELIST ResourceList);
    /* Creates a pin object for FileObject; the connection's interface,
     * medium and format GUIDs are validated against the descriptor and the
     * instance counts reserved. NULL: the type has no streaming pins. */
    NTSTATUS (*NewPin)(PCP_PORT *Port, PCP_FILTER *Filter,
                       PFILE_OBJECT FileObject, const KSPIN_CONNECT *Connect,
                       PKSDATAFORMAT Format, ULONG FormatSize);
    /* Optional: the type's part of the last Release, before the free. */
    VOID (*Destroy)(PCP_PORT *Port);
    /* Categories when the descriptor gives none. */
    const GUID *const *DefaultCategories;
    ULONG DefaultCategoryCount;
} PCP_PORT_OPS;

/* Private interface: QI'd from a port by PcRegisterSubdevice & co. */
DEFINE_GUID(IID_IPcpSubdevice, 0x8a1b3e5d, 0x2c47, 0x4f0e,
            0x9d, 0x61, 0x5e, 0x0c, 0x79, 0xa2, 0x33, 0x10);
COM_INTERFACE(IPcpSubdevice);
#undef INTERFACE
#define INTERFACE IPcpSubdevice
DECLARE_INTERFACE_(IPcpSubdevice, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IPcpSubdevice);
};
#undef INTERFACE

/*
 * The first member of every port object. Iface is the port's interface
 * (its lpVtbl is the type's vtable) and Outer the same pointer as an
 * IUnknown: the object is freed through it.
 */
struct PCP_PORT {
    IPort Iface;
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

/* The PCP_PORT behind a port type's interface pointer. */
#define PCP_PORT_FROM_IFACE(This) \
    CONTAINING_RECORD((PPORT)(This), PCP_PORT, Iface)
#define PCP_PORT_FROM_SUBDEVICE(This) \
    CONTAINING_RECORD((This), PCP_PORT, SubdeviceIface)

/* A new port of Ops' type, count one (port.c; classes.c calls it). */
NTSTATUS PcpPortCreate(const PCP_PORT_OPS *Ops, PPORT *OutPort);

/* The IPort methods, written once (port.c), any port type's This. */
NTSTATUS NTAPI PcpPort_QueryInterface(PPORT This, REFIID Iid,
                                      PVOID *Object);
ULONG NTAPI PcpPort_AddRef(PPORT This);
ULONG NTAPI PcpPort_Release(PPORT This);
NTSTATUS NTAPI PcpPort_Init(PPORT This, PDEVICE_OBJECT DeviceObject,
                            PIRP Irp, PUNKNOWN UnknownMiniport,
                            PUNKNOWN UnknownAdapter,
                            PRESOURCELIST ResourceList);
NTSTATUS NTAPI PcpPort_GetDeviceProperty(
    PPORT This, DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength,
    PVOID PropertyBuffer, PULONG ResultLength);
NTSTATUS NTAPI PcpPort_NewRegistryKey(
    PPORT This, PREGISTRYKEY *OutRegistryKey, PUNKNOWN OuterUnknown,
    ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions,
    PULONG Disposition);

/*
 * PCP_IPORT_THUNKS(I) defines, in a port type's file, the IPort slots with
 * I's This type; PCP_IPORT_SLOTS(I) names them in its I##Vtbl. They only
 * convert This: the behaviour is the frame's.
 */
#define PCP_IPORT_THUNKS(I) \
    static NTSTATUS NTAPI I##_QueryInterface(I *This, REFIID Iid, \
                                             PVOID *Object) \
    { \
        return PcpPort_QueryInterface((PPORT)This, Iid, Object); \
    } \
    static ULONG NTAPI I##_AddRef(I *This) \
    { \
        return PcpPort_AddRef((PPORT)This); \
    } \
    static ULONG NTAPI I##_Release(I *This) \
    { \
        return PcpPort_Release((PPORT)This); \
    } \
    static NTSTATUS NTAPI I##_Init(I *This, PDEVICE_OBJECT DeviceObject, \
                                   PIRP Irp, PUNKNOWN UnknownMiniport, \
                                   PUNKNOWN UnknownAdapter, \
                                   PRESOURCELIST ResourceList) \
    { \
        return PcpPort_Init((PPORT)This, DeviceObject, Irp, \
                            UnknownMiniport, UnknownAdapter, ResourceList); \
    } \
    static NTSTATUS NTAPI I##_GetDeviceProperty( \
        I *This, DEVICE_REGISTRY_PROPERTY DeviceProperty, \
        ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength) \
    { \
        return PcpPort_GetDeviceProperty((PPORT)This, DeviceProperty, \
                                         BufferLength, PropertyBuffer, \
                                         ResultLength); \
    } \
    static NTSTATUS NTAPI I##_NewRegistryKey( \
        I *This, PREGISTRYKEY *OutRegistryKey, PUNKNOWN OuterUnknown, \
        ULONG RegistryKeyType, ACCESS_MASK DesiredAccess, \
        POBJECT_ATTRIBUTES ObjectAttributes, ULONG CreateOptions, \
        PULONG Disposition) \
    { \
        return PcpPort_NewRegistryKey((PPORT)This, OutRegistryKey, \
                                      OuterUnknown, RegistryKeyType, \
                                      DesiredAccess, ObjectAttributes, \
                                      CreateOptions, Disposition); \
    }

#define PCP_IPORT_SLOTS(I) \
    .QueryInterface = I##_QueryInterface, \
    .AddRef = I##_AddRef, \
    .Release = I##_Release, \
    .Init = I##_Init, \
    .GetDeviceProperty = I##_GetDeviceProperty, \
    .NewRegistryKey = I##_NewRegistryKey

/* What the rest of PortCls asks of any port (port_core.c). */
/* The PCP_PORT behind any port IUnknown, not referenced; NULL if none. */
PCP_PORT *PcpPortFromUnknown(PUNKNOWN Unknown);
/* Unregistration (Final FALSE) or the port's last Release (TRUE): drops the
 * miniport, and so its reference on the port. */
VOID PcpPortUnbind(PCP_PORT *Port, BOOLEAN Final);
const PCPIN_DESCRIPTOR *PcpPinDescriptor(const PCP_PORT *Port, ULONG PinId);
/* PASSIVE_LEVEL. A bus-master DMA channel for the port's device (what
 * every port type's NewMasterDmaChannel does); no aggregation. */
NTSTATUS PcpPortNewMasterDma(PCP_PORT *Port, PDMACHANNEL *DmaChannel,
                             PUNKNOWN OuterUnknown, ULONG MaximumLength,
                             BOOLEAN Dma32BitAddresses,
                             BOOLEAN Dma64BitAddresses);
const PCNODE_DESCRIPTOR *PcpNodeDescriptor(const PCP_PORT *Port,
                                           ULONG NodeId);

/* Port types: their operations, rows of the class table. */
extern const PCP_PORT_OPS PcpPortWaveCyclicOps;
extern const PCP_PORT_OPS PcpPortTopologyOps;
extern const PCP_PORT_OPS PcpPortMidiOps;
extern const PCP_PORT_OPS PcpPortWavePciOps;

/* Filters ------------------------------------------------------------------ */

struct PCP_FILTER {
    PCP_IRP_TARGET Target;
    PCP_PORT *Port;          /* referenced through Port->Outer */
    volatile LONG Ref;       /* the file object + one per open pin */
    ULONG *PinInstances;     /* per pin factory, under Port->Lock */
};

/* KSPROPSETID_Pin of a filter (filter_pin.c). */
NTSTATUS PcpFilterPinProperty(PCP_FILTER *Filter,
                              KSP_PROPERTY_REQUEST *Request);
/* Instance limits of PinId after the miniport's IPinCount; port lock held. */
VOID PcpFilterPinLimits(PCP_FILTER *Filter, ULONG PinId,
                        KSPIN_CINSTANCES *FilterCount,
                        KSPIN_CINSTANCES *GlobalCount, PULONG Necessary);

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
    PADAPTERPOWERMANAGEMENT2 PowerManagement2;  /* optional, AddRef'd */
    DEVICE_POWER_STATE PowerState;
    SYSTEM_POWER_STATE SystemState;
    DEVICE_CAPABILITIES Capabilities;  /* S -> D map, from the bus */
    LIST_ENTRY OpenPins;            /* PCP_PIN.DeviceLink, PASSIVE_LEVEL */
    BOOLEAN Removed;                /* surprise removal: no hardware left */
    PADAPTERPNPMANAGEMENT PnpManagement;    /* optional, AddRef'd */
    PULONG IdleCounter;             /* idle detection on (idle.c), or NULL */
    DEVICE_POWER_STATE IdleState;
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

/* The connections from or to Port go (connection.c). */
VOID PcpDropConnections(PCP_DEVICE_EXTENSION *Extension, PCP_PORT *Port);

/* IRP paths (irp.c, pnp.c, power.c), PcDispatchIrp's helpers. */
/* Passes Irp down without waiting; completes it if nothing is below. */
NTSTATUS PcpForwardAndForget(PCP_DEVICE_EXTENSION *Extension, PIRP Irp);
NTSTATUS PcpDispatchPnp(PDEVICE_OBJECT DeviceObject,
                        PCP_DEVICE_EXTENSION *Extension, PIRP Irp);
NTSTATUS PcpDispatchPower(PCP_DEVICE_EXTENSION *Extension, PIRP Irp);
NTSTATUS PcpReplaceAdapterInterface(PUNKNOWN Unknown, REFIID Iid,
                                    PUNKNOWN *Slot);

/* Interrupt sync (interrupt_sync.c): runs the ISR list as an interrupt
 * would, for host tests without a KINTERRUPT. */
BOOLEAN PcpInterruptSyncSimulate(PINTERRUPTSYNC InterruptSync);

/* DMA channels (dma_channel.c); MaximumLength caps AllocateBuffer. */
NTSTATUS PcpNewDmaChannel(PDMACHANNELSLAVE *OutDmaChannel, BOOLEAN Slave,
                          PDEVICE_OBJECT DeviceObject, ULONG MaximumLength,
                          BOOLEAN Dma32BitAddresses,
                          BOOLEAN Dma64BitAddresses);

/* Pins (pin.c) ------------------------------------------------------------- */

typedef struct PCP_PIN PCP_PIN;

/*
 * A pin type's operations. The base (pin.c) owns what every KS pin shares:
 * the connection properties, the state walk, reset, close, the IOCTL
 * dispatch, the stream IRP queue, the service sink and the instance slot.
 * A type keeps its data engine: WaveCyclic copies through a cyclic buffer;
 * WaveRT has a mapped buffer and no Service; WavePci hands out mappings;
 * Midi/DMus move MIDI events, not audio frames. Hooks marked "Lock held"
 * run under PCP_PIN.Lock, at DISPATCH_LEVEL.
 */
typedef struct PCP_PIN_OPS {
    /* PASSIVE_LEVEL. The miniport stream's SetState for one KS step. */
    NTSTATUS (*SetStreamState)(PCP_PIN *Pin, KSSTATE State);
    /* Lock held. The pin reached KSSTATE_STOP: forget the stream's data. */
    VOID (*Stopped)(PCP_PIN *Pin, PLIST_ENTRY Done);
    /* Lock held. Moves data between the queue and the device; called at
     * every service request in RUN, on reaching PAUSE or RUN and when a
     * stream IRP arrives in PAUSE or RUN. NULL: no stream IRPs (WaveRT). */
    VOID (*Service)(PCP_PIN *Pin, PLIST_ENTRY Done);
    /* PASSIVE_LEVEL. The miniport stream's SetFormat with the new copy;
     * on success the base keeps the copy, then FormatChanged. */
    NTSTATUS (*SetStreamFormat)(PCP_PIN *Pin, PKSDATAFORMAT Format);
    VOID (*FormatChanged)(PCP_PIN *Pin);
    /* Optional, PASSIVE_LEVEL: checks a stream IRP's data (the headers are
     * valid) before it is queued; a failure completes the IRP with it. */
    NTSTATUS (*ValidateStream)(PCP_PIN *Pin, PIRP Irp);
    /* Properties the type answers itself (KSPROPERTY_AUDIO_POSITION), after
     * KSPROPSETID_Connection: TRUE if it answered, with *Status. */
    BOOLEAN (*Property)(PCP_PIN *Pin, KSP_PROPERTY_REQUEST *Request,
                        NTSTATUS *Status);
    /* PASSIVE_LEVEL, closing, after STOP and the queue flush: let go of
     * the miniport stream and what came with it. */
    VOID (*Close)(PCP_PIN *Pin);
    /*
     * Optional, power (power_state.c): the miniport stream is paused and
     * PowerSave (lock held) folds in its position; then it is stopped and
     * PowerRebase (PASSIVE_LEVEL) lays the buffer out for a stream that
     * restarts at position 0, as the device does after D3.
     */
    VOID (*PowerSave)(PCP_PIN *Pin);
    VOID (*PowerRebase)(PCP_PIN *Pin);
    /*
     * TRUE: when the miniport has IPowerNotify, across D3 the miniport
     * stream stays paused, never stopped, and the miniport keeps and
     * restores its stream itself, as Microsoft's "Implementing
     * IPowerNotify" has PortCls do: pause, notify, ..., notify, unpause
     * (WaveRT, whose buffer the port does not own; DMus, whose events the
     * miniport holds).
     */
    BOOLEAN PowerKeepsStream;
    /* Optional, PASSIVE_LEVEL, KSRESET_BEGIN before the queue is
     * cancelled: take back what the miniport holds of it (WavePci). */
    VOID (*Cancel)(PCP_PIN *Pin);
    /* Optional: the type's part of the pin's free (its own pool). */
    VOID (*Free)(PCP_PIN *Pin);
} PCP_PIN_OPS;

/* The first member of every pin object. */
struct PCP_PIN {
    PCP_IRP_TARGET Target;
    const PCP_PIN_OPS *Ops;
    IServiceSink SinkIface;         /* for the miniport's service group */
    COM_REF Ref;                    /* the file object, + the group member */
    PCP_PORT *Port;
    PCP_FILTER *Filter;             /* referenced (instance slot) */
    ULONG PinId;
    BOOLEAN Capture;                /* KSPIN_DATAFLOW_OUT */
    PUNKNOWN Stream;                /* the miniport stream, automation's
                                     * MinorTarget; owned by the type */
    PKSDATAFORMAT Format;           /* pool copy */
    ULONG FormatSize;
    KSALLOCATOR_FRAMING Framing;    /* set by the type */

    KSPIN_LOCK Lock;                /* state, queue, the type's cursors */
    LIST_ENTRY DeviceLink;          /* PCP_DEVICE_EXTENSION.OpenPins */
    KSSTATE PowerState;             /* state to return to after D3 */
    KSSTATE State;
    BOOLEAN Resetting;              /* between KSRESET_BEGIN and _END */
    KSP_STREAM_QUEUE Queue;
};

/* A pin object of ObjectSize (PCP_PIN first) for Connect's pin factory,
 * holding a copy of Format, in KSSTATE_STOP, count one. PASSIVE_LEVEL. */
NTSTATUS PcpPinCreate(const PCP_PIN_OPS *Ops, SIZE_T ObjectSize,
                      PCP_PORT *Port, PCP_FILTER *Filter,
                      const KSPIN_CONNECT *Connect, PKSDATAFORMAT Format,
                      ULONG FormatSize, PCP_PIN **OutPin);
/* The pin's file object now reaches it; the pin is open. */
VOID PcpPinAttach(PCP_PIN *Pin, PFILE_OBJECT FileObject);
/* A pin that PcpPinCreate made but that failed to open. */
VOID PcpPinDelete(PCP_PIN *Pin);
/* PASSIVE_LEVEL. The KS walk to Target (pin.c). */
NTSTATUS PcpPinSetState(PCP_PIN *Pin, KSSTATE Target);
/* Power state of the device and its pins (power_state.c), PASSIVE_LEVEL. */
VOID PcpPowerForgetPins(PCP_DEVICE_EXTENSION *Ext);
/* STOP and surprise removal: every open pin to KSSTATE_STOP; queued stream
 * IRPs complete with Status first (STATUS_CANCELLED: as any STOP). */
VOID PcpStopAllPins(PCP_DEVICE_EXTENSION *Ext, NTSTATUS Status);
/* Idle power-down (idle.c): registered at START from PowerSettings, gone at
 * STOP, surprise removal and REMOVE; PcpIdleAccess for every create and
 * device control (PASSIVE_LEVEL). */
VOID PcpIdleRegister(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext);
VOID PcpIdleUnregister(PDEVICE_OBJECT DeviceObject,
                       PCP_DEVICE_EXTENSION *Ext);
VOID PcpIdleAccess(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext);
VOID PcpPowerDown(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext,
                  DEVICE_POWER_STATE State);
VOID PcpPowerUp(PDEVICE_OBJECT DeviceObject, PCP_DEVICE_EXTENSION *Ext);
NTSTATUS PcpQueryCapabilities(PDEVICE_OBJECT DeviceObject,
                              PCP_DEVICE_EXTENSION *Ext);
/* KSPROPERTY_AUDIO_POSITION GET: what a wave pin answers itself. */
BOOLEAN PcpPinIsPositionGet(const KSP_PROPERTY_REQUEST *Request);
/* PASSIVE_LEVEL. Undoes a wave NewStream: Sink (if not NULL) leaves the
 * group, then the group, the channel and the stream are released. */
VOID PcpPinReleaseStream(PCP_PIN *Pin, PSERVICESINK Sink,
                         PSERVICEGROUP *Group, PDMACHANNEL *Dma,
                         PUNKNOWN *Stream);
/* Bytes in Ms milliseconds of a format, rounded down to whole frames. */
ULONG PcpMsToBytes(ULONG Ms, ULONG BytesPerSecond, ULONG BlockAlign);

/* WaveCyclic (port_wavecyclic.c, pin_wavecyclic.c) */
/* Format check of filter_pin.c: STATUS_NO_MATCH/INVALID_PARAMETER/SUCCESS. */
NTSTATUS PcpFilterMatchFormat(PCP_PORT *Port, ULONG PinId,
                              const KSDATAFORMAT *Format, ULONG FormatSize);
NTSTATUS PcpNewPinWaveCyclic(PCP_PORT *Port, PCP_FILTER *Filter,
                             PFILE_OBJECT FileObject,
                             const KSPIN_CONNECT *Connect,
                             PKSDATAFORMAT Format, ULONG FormatSize);

/* MIDI (port_midi.c, pin_midi.c) */
/* The group the miniport registered (Init or RegisterServiceGroup), not
 * referenced; NULL if none. */
PSERVICEGROUP PcpPortMidiServiceGroup(PCP_PORT *Port);
NTSTATUS PcpNewPinMidi(PCP_PORT *Port, PCP_FILTER *Filter,
                       PFILE_OBJECT FileObject, const KSPIN_CONNECT *Connect,
                       PKSDATAFORMAT Format, ULONG FormatSize);

/* WaveRT (port_wavert.c, pin_wavert.c) */
extern const PCP_PORT_OPS PcpPortWaveRTOps;
NTSTATUS PcpNewPinWaveRT(PCP_PORT *Port, PCP_FILTER *Filter,
                         PFILE_OBJECT FileObject, const KSPIN_CONNECT *Connect,
                         PKSDATAFORMAT Format, ULONG FormatSize);
/* DMus (port_dmus.c, pin_dmus.c, allocator_mxf.c, miniport_dmusuart.c) */
#define PCP_TAG_DMUS          PCP_TAG('P', 'c', 'D', 'x')
/* Bytes of one long-message buffer (IAllocatorMXF::GetBufferSize). */
#define PCP_DMUS_BUFFER_SIZE  240u
/* Events and buffers of one pin's allocator. */
#define PCP_DMUS_POOL_EVENTS  512u
#define PCP_DMUS_POOL_BUFFERS 16u
extern const PCP_PORT_OPS PcpPortDMusOps;
PSERVICEGROUP PcpPortDMusServiceGroup(PCP_PORT *Port);
PMASTERCLOCK PcpPortDMusMasterClock(PCP_PORT *Port);
NTSTATUS PcpNewPinDMus(PCP_PORT *Port, PCP_FILTER *Filter,
                       PFILE_OBJECT FileObject, const KSPIN_CONNECT *Connect,
                       PKSDATAFORMAT Format, ULONG FormatSize);
/* A new allocator with Events events and Buffers long buffers, count one. */
NTSTATUS PcpNewAllocatorMXF(ULONG Events, ULONG Buffers,
                            PAllocatorMXF *OutAllocator);
/* Events and buffers taken and not yet put back. */
VOID PcpAllocatorMXFOutstanding(PAllocatorMXF Allocator, PULONG Events,
                                PULONG Buffers);
/* CLSID_MiniportDriverDMusUART: IMiniportDMus over the system UART. */
NTSTATUS PcpNewMiniportDMusUart(PMINIPORT *OutMiniport);
/* WavePci (port_wavepci.c, pin_wavepci.c) */
/* The group the miniport's Init returned, not referenced; NULL if none. */
PSERVICEGROUP PcpPortWavePciServiceGroup(PCP_PORT *Port);
NTSTATUS PcpNewPinWavePci(PCP_PORT *Port, PCP_FILTER *Filter,
                          PFILE_OBJECT FileObject,
                          const KSPIN_CONNECT *Connect,
                          PKSDATAFORMAT Format, ULONG FormatSize);
/* Mapping accounting of a WavePci pin, for traces and tests. */
typedef struct PCP_WAVEPCI_STATS {
    ULONGLONG MappingsHanded;
    ULONGLONG MappingsReleased;
    ULONGLONG MappingsRevoked;
    ULONGLONG BytesMapped;          /* since the last STOP */
    ULONGLONG BytesReleased;        /* since the last STOP */
    ULONGLONG NotFound;             /* GetMapping answered STATUS_NOT_FOUND */
    ULONGLONG MappingAvailableCalls;
    ULONGLONG IrpsCompleted;        /* after their last release */
    ULONGLONG IrpsCancelled;        /* fully mapped, then revoked */
    ULONGLONG PacketsTerminated;
    ULONG Outstanding;              /* mappings handed out, not yet back */
} PCP_WAVEPCI_STATS;
VOID PcpWavePciGetStats(PCP_PIN *Pin, PCP_WAVEPCI_STATS *Stats);

/* System-supplied miniports (miniport_uart.c) */
NTSTATUS PcpNewMiniportUart(PMINIPORT *OutMiniport);

#endif /* CYC_PORTCLS_PRIVATE_H */
