/* SPDX-License-Identifier: MIT */
/*
 * Kernel Streaming: the subset of Microsoft's ks.h the audio ports and their
 * clients use, with Microsoft's names, values and layouts. GUID objects are
 * defined once (ksguids.c); STATIC_<Name> gives their initialisers.
 */
#ifndef CYC_KS_H
#define CYC_KS_H

#include <wdm.h>
#include <unknwn.h>

EXTERN_C_START

#ifndef SIZEOF_ARRAY
#define SIZEOF_ARRAY(A) (sizeof(A) / sizeof((A)[0]))
#endif

#ifndef FILE_DEVICE_KS
#define FILE_DEVICE_KS 0x0000002f
#endif

/*
 * Deviation: Microsoft's portcls.h defines this; it is here so code below
 * PortCls (KS clients, the copy engine) has it too. Same value, so either
 * definition may come first.
 */
#ifndef _100NS_UNITS_PER_SECOND
#define _100NS_UNITS_PER_SECOND 10000000L
#endif

/* IOCTLs ---------------------------------------------------------------------
 * All METHOD_NEITHER: input at IrpSp->Parameters.DeviceIoControl.
 * Type3InputBuffer, output at Irp->UserBuffer.
 */
#define IOCTL_KS_PROPERTY \
    CTL_CODE(FILE_DEVICE_KS, 0x000, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_KS_ENABLE_EVENT \
    CTL_CODE(FILE_DEVICE_KS, 0x001, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_KS_DISABLE_EVENT \
    CTL_CODE(FILE_DEVICE_KS, 0x002, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_KS_METHOD \
    CTL_CODE(FILE_DEVICE_KS, 0x003, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_KS_WRITE_STREAM \
    CTL_CODE(FILE_DEVICE_KS, 0x004, METHOD_NEITHER, FILE_WRITE_ACCESS)
#define IOCTL_KS_READ_STREAM \
    CTL_CODE(FILE_DEVICE_KS, 0x005, METHOD_NEITHER, FILE_READ_ACCESS)
#define IOCTL_KS_RESET_STATE \
    CTL_CODE(FILE_DEVICE_KS, 0x006, METHOD_NEITHER, FILE_ANY_ACCESS)

/* Identifiers -------------------------------------------------------------- */

typedef struct {
    union {
        struct {
            GUID Set;
            ULONG Id;
            ULONG Flags;
        };
        LONGLONG Alignment;
    };
} KSIDENTIFIER, *PKSIDENTIFIER;

typedef KSIDENTIFIER KSPROPERTY, *PKSPROPERTY;
typedef KSIDENTIFIER KSMETHOD, *PKSMETHOD;
typedef KSIDENTIFIER KSEVENT, *PKSEVENT;
typedef KSIDENTIFIER KSPIN_INTERFACE, *PKSPIN_INTERFACE;
typedef KSIDENTIFIER KSPIN_MEDIUM, *PKSPIN_MEDIUM;
typedef KSIDENTIFIER KSDEGRADE, *PKSDEGRADE;

#define KSPROPERTY_TYPE_GET                 0x00000001
#define KSPROPERTY_TYPE_SET                 0x00000002
#define KSPROPERTY_TYPE_SETSUPPORT          0x00000100
#define KSPROPERTY_TYPE_BASICSUPPORT        0x00000200
#define KSPROPERTY_TYPE_RELATIONS           0x00000400
#define KSPROPERTY_TYPE_SERIALIZESET        0x00000800
#define KSPROPERTY_TYPE_UNSERIALIZESET      0x00001000
#define KSPROPERTY_TYPE_SERIALIZERAW        0x00002000
#define KSPROPERTY_TYPE_UNSERIALIZERAW      0x00004000
#define KSPROPERTY_TYPE_SERIALIZESIZE       0x00008000
#define KSPROPERTY_TYPE_DEFAULTVALUES       0x00010000
#define KSPROPERTY_TYPE_TOPOLOGY            0x10000000

#define KSMETHOD_TYPE_NONE                  0x00000000
#define KSMETHOD_TYPE_READ                  0x00000001
#define KSMETHOD_TYPE_WRITE                 0x00000002
#define KSMETHOD_TYPE_MODIFY                0x00000003
#define KSMETHOD_TYPE_SOURCE                0x00000004
#define KSMETHOD_TYPE_SEND                  0x00000001
#define KSMETHOD_TYPE_SETSUPPORT            0x00000100
#define KSMETHOD_TYPE_BASICSUPPORT          0x00000200
#define KSMETHOD_TYPE_TOPOLOGY              0x10000000

#define KSEVENT_TYPE_ENABLE                 0x00000001
#define KSEVENT_TYPE_ONESHOT                0x00000002
#define KSEVENT_TYPE_ENABLEBUFFERED         0x00000004
#define KSEVENT_TYPE_SETSUPPORT             0x00000100
#define KSEVENT_TYPE_BASICSUPPORT           0x00000200
#define KSEVENT_TYPE_QUERYBUFFER            0x00000400
#define KSEVENT_TYPE_TOPOLOGY               0x10000000

typedef struct {
    KSPROPERTY Property;
    ULONG NodeId;
    ULONG Reserved;
} KSP_NODE, *PKSP_NODE;

typedef struct {
    KSMETHOD Method;
    ULONG NodeId;
    ULONG Reserved;
} KSM_NODE, *PKSM_NODE;

typedef struct {
    KSEVENT Event;
    ULONG NodeId;
    ULONG Reserved;
} KSE_NODE, *PKSE_NODE;

typedef struct {
    KSPROPERTY Property;
    ULONG PinId;
    union {
        ULONG Reserved;
        ULONG Flags;
    };
} KSP_PIN, *PKSP_PIN;

typedef struct {
    ULONG Size;
    ULONG Count;
} KSMULTIPLE_ITEM, *PKSMULTIPLE_ITEM;

typedef struct {
    ULONG AccessFlags;
    ULONG DescriptionSize;
    KSIDENTIFIER PropTypeSet;
    ULONG MembersListCount;
    ULONG Reserved;
} KSPROPERTY_DESCRIPTION, *PKSPROPERTY_DESCRIPTION;

#define KSPROPERTY_MEMBER_RANGES            0x00000001
#define KSPROPERTY_MEMBER_STEPPEDRANGES     0x00000002
#define KSPROPERTY_MEMBER_VALUES            0x00000003
#define KSPROPERTY_MEMBER_FLAG_DEFAULT      0x00000001
#define KSPROPERTY_MEMBER_FLAG_BASICSUPPORT_MULTICHANNEL 0x00000002
#define KSPROPERTY_MEMBER_FLAG_BASICSUPPORT_UNIFORM      0x00000004

typedef struct {
    ULONG MembersFlags;
    ULONG MembersSize;
    ULONG MembersCount;
    ULONG Flags;
} KSPROPERTY_MEMBERSHEADER, *PKSPROPERTY_MEMBERSHEADER;

typedef union {
    struct {
        LONG SignedMinimum;
        LONG SignedMaximum;
    };
    struct {
        ULONG UnsignedMinimum;
        ULONG UnsignedMaximum;
    };
} KSPROPERTY_BOUNDS_LONG, *PKSPROPERTY_BOUNDS_LONG;

typedef union {
    struct {
        LONGLONG SignedMinimum;
        LONGLONG SignedMaximum;
    };
    struct {
        ULONGLONG UnsignedMinimum;
        ULONGLONG UnsignedMaximum;
    };
} KSPROPERTY_BOUNDS_LONGLONG, *PKSPROPERTY_BOUNDS_LONGLONG;

typedef struct {
    ULONG SteppingDelta;
    ULONG Reserved;
    KSPROPERTY_BOUNDS_LONG Bounds;
} KSPROPERTY_STEPPING_LONG, *PKSPROPERTY_STEPPING_LONG;

typedef struct {
    ULONGLONG SteppingDelta;
    KSPROPERTY_BOUNDS_LONGLONG Bounds;
} KSPROPERTY_STEPPING_LONGLONG, *PKSPROPERTY_STEPPING_LONGLONG;

/*
 * VARENUM values used in KSPROPERTY_DESCRIPTION.PropTypeSet.Id.
 * Deviation: Microsoft's VARENUM is an enum in wtypes.h, which this stack
 * does not have; these are the same values as macros.
 */
#ifndef VT_I4
#define VT_EMPTY 0
#define VT_I2    2
#define VT_I4    3
#define VT_BOOL  11
#define VT_UI1   17
#define VT_UI2   18
#define VT_UI4   19
#define VT_I8    20
#define VT_UI8   21
#endif

/* GUIDs -------------------------------------------------------------------- */

#define STATIC_GUID_NULL \
    0x00000000L, 0x0000, 0x0000, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00

#define STATIC_KSPROPTYPESETID_General \
    0x97E99BA0L, 0xBDEA, 0x11CF, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("97E99BA0-BDEA-11CF-A5D6-28DB04C10000",
                  KSPROPTYPESETID_General);
#define KSPROPTYPESETID_General DEFINE_GUIDNAMED(KSPROPTYPESETID_General)

#define STATIC_KSNAME_Filter \
    0x9b365890L, 0x165f, 0x11d0, 0xa1, 0x95, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
DEFINE_GUIDSTRUCT("9b365890-165f-11d0-a195-0020afd156e4", KSNAME_Filter);
#define KSNAME_Filter DEFINE_GUIDNAMED(KSNAME_Filter)
#define KSSTRING_Filter L"{9B365890-165F-11D0-A195-0020AFD156E4}"

#define STATIC_KSNAME_Pin \
    0x146F1A80L, 0x4791, 0x11D0, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("146F1A80-4791-11D0-A5D6-28DB04C10000", KSNAME_Pin);
#define KSNAME_Pin DEFINE_GUIDNAMED(KSNAME_Pin)
#define KSSTRING_Pin L"{146F1A80-4791-11D0-A5D6-28DB04C10000}"

#define STATIC_KSINTERFACESETID_Standard \
    0x1A8766A0L, 0x62CE, 0x11CF, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("1A8766A0-62CE-11CF-A5D6-28DB04C10000",
                  KSINTERFACESETID_Standard);
#define KSINTERFACESETID_Standard DEFINE_GUIDNAMED(KSINTERFACESETID_Standard)

typedef enum {
    KSINTERFACE_STANDARD_STREAMING,
    KSINTERFACE_STANDARD_LOOPED_STREAMING,
    KSINTERFACE_STANDARD_CONTROL
} KSINTERFACE_STANDARD;

#define STATIC_KSMEDIUMSETID_Standard \
    0x4747B320L, 0x62CE, 0x11CF, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("4747B320-62CE-11CF-A5D6-28DB04C10000",
                  KSMEDIUMSETID_Standard);
#define KSMEDIUMSETID_Standard DEFINE_GUIDNAMED(KSMEDIUMSETID_Standard)
#define KSMEDIUM_TYPE_ANYINSTANCE 0
#define KSMEDIUM_STANDARD_DEVIO KSMEDIUM_TYPE_ANYINSTANCE

#define STATIC_KSPROPSETID_General \
    0x1464EDA5L, 0x6A8F, 0x11D1, 0x9A, 0xA7, 0x00, 0xA0, 0xC9, 0x22, 0x31, 0x96
DEFINE_GUIDSTRUCT("1464EDA5-6A8F-11D1-9AA7-00A0C9223196", KSPROPSETID_General);
#define KSPROPSETID_General DEFINE_GUIDNAMED(KSPROPSETID_General)

typedef enum {
    KSPROPERTY_GENERAL_COMPONENTID
} KSPROPERTY_GENERAL;

typedef struct {
    GUID Manufacturer;
    GUID Product;
    GUID Component;
    GUID Name;
    ULONG Version;
    ULONG Revision;
} KSCOMPONENTID, *PKSCOMPONENTID;

/* KSPROPSETID_Pin ---------------------------------------------------------- */

#define STATIC_KSPROPSETID_Pin \
    0x8C134960L, 0x51AD, 0x11CF, 0x87, 0x8A, 0x94, 0xF8, 0x01, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("8C134960-51AD-11CF-878A-94F801C10000", KSPROPSETID_Pin);
#define KSPROPSETID_Pin DEFINE_GUIDNAMED(KSPROPSETID_Pin)

typedef enum {
    KSPROPERTY_PIN_CINSTANCES,
    KSPROPERTY_PIN_CTYPES,
    KSPROPERTY_PIN_DATAFLOW,
    KSPROPERTY_PIN_DATARANGES,
    KSPROPERTY_PIN_DATAINTERSECTION,
    KSPROPERTY_PIN_INTERFACES,
    KSPROPERTY_PIN_MEDIUMS,
    KSPROPERTY_PIN_COMMUNICATION,
    KSPROPERTY_PIN_GLOBALCINSTANCES,
    KSPROPERTY_PIN_NECESSARYINSTANCES,
    KSPROPERTY_PIN_PHYSICALCONNECTION,
    KSPROPERTY_PIN_CATEGORY,
    KSPROPERTY_PIN_NAME,
    KSPROPERTY_PIN_CONSTRAINEDDATARANGES,
    KSPROPERTY_PIN_PROPOSEDATAFORMAT,
    KSPROPERTY_PIN_PROPOSEDATAFORMAT2,
    KSPROPERTY_PIN_MODEDATAFORMATS
} KSPROPERTY_PIN;

typedef struct {
    ULONG PossibleCount;
    ULONG CurrentCount;
} KSPIN_CINSTANCES, *PKSPIN_CINSTANCES;

#define KSINSTANCE_INDETERMINATE ((ULONG)-1)

typedef enum {
    KSPIN_DATAFLOW_IN = 1,
    KSPIN_DATAFLOW_OUT
} KSPIN_DATAFLOW, *PKSPIN_DATAFLOW;

typedef enum {
    KSPIN_COMMUNICATION_NONE,
    KSPIN_COMMUNICATION_SINK,
    KSPIN_COMMUNICATION_SOURCE,
    KSPIN_COMMUNICATION_BOTH,
    KSPIN_COMMUNICATION_BRIDGE
} KSPIN_COMMUNICATION, *PKSPIN_COMMUNICATION;

/* Answer to KSPROPERTY_PIN_PHYSICALCONNECTION; SymbolicLinkName is
 * variable length (WCHAR, NUL terminated). */
typedef struct {
    ULONG Size;
    ULONG Pin;
    WCHAR SymbolicLinkName[1];
} KSPIN_PHYSICALCONNECTION, *PKSPIN_PHYSICALCONNECTION;

/* Data formats ------------------------------------------------------------- */

typedef union {
    struct {
        ULONG FormatSize;
        ULONG Flags;
        ULONG SampleSize;
        ULONG Reserved;
        GUID MajorFormat;
        GUID SubFormat;
        GUID Specifier;
    };
    LONGLONG Alignment;
} KSDATAFORMAT, *PKSDATAFORMAT, KSDATARANGE, *PKSDATARANGE;

#define KSDATAFORMAT_BIT_TEMPORAL_COMPRESSION 0
#define KSDATAFORMAT_TEMPORAL_COMPRESSION \
    (1 << KSDATAFORMAT_BIT_TEMPORAL_COMPRESSION)
#define KSDATAFORMAT_BIT_ATTRIBUTES 1
#define KSDATAFORMAT_ATTRIBUTES (1 << KSDATAFORMAT_BIT_ATTRIBUTES)
#define KSDATARANGE_BIT_ATTRIBUTES 1
#define KSDATARANGE_ATTRIBUTES (1 << KSDATARANGE_BIT_ATTRIBUTES)
#define KSDATARANGE_BIT_REQUIRED_ATTRIBUTES 2
#define KSDATARANGE_REQUIRED_ATTRIBUTES \
    (1 << KSDATARANGE_BIT_REQUIRED_ATTRIBUTES)

#define STATIC_KSDATAFORMAT_TYPE_WILDCARD STATIC_GUID_NULL
#define KSDATAFORMAT_TYPE_WILDCARD GUID_NULL
#define STATIC_KSDATAFORMAT_SUBTYPE_WILDCARD STATIC_GUID_NULL
#define KSDATAFORMAT_SUBTYPE_WILDCARD GUID_NULL
#define STATIC_KSDATAFORMAT_SPECIFIER_WILDCARD STATIC_GUID_NULL
#define KSDATAFORMAT_SPECIFIER_WILDCARD GUID_NULL

#define STATIC_KSDATAFORMAT_SUBTYPE_NONE \
    0xE436EB8EL, 0x524F, 0x11CE, 0x9F, 0x53, 0x00, 0x20, 0xAF, 0x0B, 0xA7, 0x70
DEFINE_GUIDSTRUCT("E436EB8E-524F-11CE-9F53-0020AF0BA770",
                  KSDATAFORMAT_SUBTYPE_NONE);
#define KSDATAFORMAT_SUBTYPE_NONE DEFINE_GUIDNAMED(KSDATAFORMAT_SUBTYPE_NONE)

#define STATIC_KSDATAFORMAT_SPECIFIER_NONE \
    0x0F6417D6L, 0xC318, 0x11D0, 0xA4, 0x3F, 0x00, 0xA0, 0xC9, 0x22, 0x31, 0x96
DEFINE_GUIDSTRUCT("0F6417D6-C318-11D0-A43F-00A0C9223196",
                  KSDATAFORMAT_SPECIFIER_NONE);
#define KSDATAFORMAT_SPECIFIER_NONE \
    DEFINE_GUIDNAMED(KSDATAFORMAT_SPECIFIER_NONE)

/* KSPIN_CONNECT ------------------------------------------------------------ */

typedef struct {
    ULONG PriorityClass;
    ULONG PrioritySubClass;
} KSPRIORITY, *PKSPRIORITY;

#define KSPRIORITY_LOW        0x00000001
#define KSPRIORITY_NORMAL     0x40000000
#define KSPRIORITY_HIGH       0x80000000
#define KSPRIORITY_EXCLUSIVE  0xFFFFFFFF

/*
 * A pin is created by IRP_MJ_CREATE on a file object whose RelatedFileObject
 * is the filter's and whose FileName is KSSTRING_Pin, L'\\', then the bytes
 * of a KSPIN_CONNECT immediately followed by its KSDATAFORMAT (what ksuser's
 * KsCreatePin builds).
 */
typedef struct {
    KSPIN_INTERFACE Interface;
    KSPIN_MEDIUM Medium;
    ULONG PinId;
    HANDLE PinToHandle;
    KSPRIORITY Priority;
} KSPIN_CONNECT, *PKSPIN_CONNECT;

/* Pin descriptor ----------------------------------------------------------- */

typedef struct {
    ULONG InterfacesCount;
    const KSPIN_INTERFACE *Interfaces;
    ULONG MediumsCount;
    const KSPIN_MEDIUM *Mediums;
    ULONG DataRangesCount;
    const PKSDATARANGE *DataRanges;
    KSPIN_DATAFLOW DataFlow;
    KSPIN_COMMUNICATION Communication;
    const GUID *Category;
    const GUID *Name;
    union {
        LONGLONG Reserved;
        struct {
            ULONG ConstrainedDataRangesCount;
            PKSDATARANGE *ConstrainedDataRanges;
        };
    };
} KSPIN_DESCRIPTOR, *PKSPIN_DESCRIPTOR;
typedef const KSPIN_DESCRIPTOR *PCKSPIN_DESCRIPTOR;

/* Topology ----------------------------------------------------------------- */

#define KSFILTER_NODE ((ULONG)-1)
#define KSALL_NODES   ((ULONG)-1)

typedef struct {
    ULONG FromNode;
    ULONG FromNodePin;
    ULONG ToNode;
    ULONG ToNodePin;
} KSTOPOLOGY_CONNECTION, *PKSTOPOLOGY_CONNECTION;

#define STATIC_KSPROPSETID_Topology \
    0x720D4AC0L, 0x7533, 0x11D0, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("720D4AC0-7533-11D0-A5D6-28DB04C10000", KSPROPSETID_Topology);
#define KSPROPSETID_Topology DEFINE_GUIDNAMED(KSPROPSETID_Topology)

typedef enum {
    KSPROPERTY_TOPOLOGY_CATEGORIES,
    KSPROPERTY_TOPOLOGY_NODES,
    KSPROPERTY_TOPOLOGY_CONNECTIONS,
    KSPROPERTY_TOPOLOGY_NAME
} KSPROPERTY_TOPOLOGY;

/* Connection and streaming ------------------------------------------------- */

#define STATIC_KSPROPSETID_Connection \
    0x1D58C920L, 0xAC9B, 0x11CF, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("1D58C920-AC9B-11CF-A5D6-28DB04C10000",
                  KSPROPSETID_Connection);
#define KSPROPSETID_Connection DEFINE_GUIDNAMED(KSPROPSETID_Connection)

typedef enum {
    KSPROPERTY_CONNECTION_STATE,
    KSPROPERTY_CONNECTION_PRIORITY,
    KSPROPERTY_CONNECTION_DATAFORMAT,
    KSPROPERTY_CONNECTION_ALLOCATORFRAMING,
    KSPROPERTY_CONNECTION_PROPOSEDATAFORMAT,
    KSPROPERTY_CONNECTION_ACQUIREORDERING,
    KSPROPERTY_CONNECTION_ALLOCATORFRAMING_EX,
    KSPROPERTY_CONNECTION_STARTAT
} KSPROPERTY_CONNECTION;

typedef enum {
    KSSTATE_STOP,
    KSSTATE_ACQUIRE,
    KSSTATE_PAUSE,
    KSSTATE_RUN
} KSSTATE, *PKSSTATE;

typedef enum {
    KSRESET_BEGIN,
    KSRESET_END
} KSRESET;

#define KSALLOCATOR_REQUIREMENTF_INPLACE_MODIFIER    0x00000001
#define KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY       0x00000002
#define KSALLOCATOR_REQUIREMENTF_FRAME_INTEGRITY     0x00000004
#define KSALLOCATOR_REQUIREMENTF_MUST_ALLOCATE       0x00000008
#define KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY    0x80000000
#define KSALLOCATOR_OPTIONF_COMPATIBLE               0x00000001
#define KSALLOCATOR_OPTIONF_SYSTEM_MEMORY            0x00000002

typedef struct {
    union {
        ULONG OptionsFlags;
        ULONG RequirementsFlags;
    };
    POOL_TYPE PoolType;
    ULONG Frames;
    ULONG FrameSize;
    ULONG FileAlignment;
    ULONG Reserved;
} KSALLOCATOR_FRAMING, *PKSALLOCATOR_FRAMING;

typedef struct {
    LONGLONG Time;
    ULONG Numerator;
    ULONG Denominator;
} KSTIME, *PKSTIME;

typedef struct {
    ULONG Size;
    ULONG TypeSpecificFlags;
    KSTIME PresentationTime;
    LONGLONG Duration;
    ULONG FrameExtent;
    ULONG DataUsed;
    PVOID Data;
    ULONG OptionsFlags;
    ULONG Reserved;     /* _WIN64 layout: this is a 64-bit stack */
} KSSTREAM_HEADER, *PKSSTREAM_HEADER;

#define KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT        0x00000001
#define KSSTREAM_HEADER_OPTIONSF_PREROLL            0x00000002
#define KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY  0x00000004
#define KSSTREAM_HEADER_OPTIONSF_TYPECHANGED        0x00000008
#define KSSTREAM_HEADER_OPTIONSF_TIMEVALID          0x00000010
#define KSSTREAM_HEADER_OPTIONSF_TIMEDISCONTINUITY  0x00000040
#define KSSTREAM_HEADER_OPTIONSF_FLUSHONPAUSE       0x00000080
#define KSSTREAM_HEADER_OPTIONSF_DURATIONVALID      0x00000100
#define KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM        0x00000200
#define KSSTREAM_HEADER_OPTIONSF_LOOPEDDATA         0x80000000

#define STATIC_KSPROPSETID_Stream \
    0x65aaba60L, 0x98ae, 0x11cf, 0xa1, 0x0d, 0x00, 0x20, 0xaf, 0xd1, 0x56, 0xe4
DEFINE_GUIDSTRUCT("65aaba60-98ae-11cf-a10d-0020afd156e4", KSPROPSETID_Stream);
#define KSPROPSETID_Stream DEFINE_GUIDNAMED(KSPROPSETID_Stream)

/* Events ------------------------------------------------------------------- */

#define KSEVENTF_EVENT_HANDLE       0x00000001
#define KSEVENTF_SEMAPHORE_HANDLE   0x00000002
#define KSEVENTF_EVENT_OBJECT       0x00000004
#define KSEVENTF_SEMAPHORE_OBJECT   0x00000008
#define KSEVENTF_DPC                0x00000010
#define KSEVENTF_WORKITEM           0x00000020
#define KSEVENTF_KSWORKITEM         0x00000080

/*
 * Deviation: wdm.h here has no KPRIORITY, WORK_QUEUE_ITEM or
 * WORK_QUEUE_TYPE yet; KPRIORITY is Microsoft's LONG, the work item is an
 * opaque struct pointer and WORK_QUEUE_TYPE (an int-sized enum) is a ULONG,
 * so every member keeps Microsoft's size and offset.
 */
typedef LONG KPRIORITY;
typedef PVOID PKSWORKER;

typedef struct {
    ULONG NotificationType;
    union {
        struct {
            HANDLE Event;
            ULONG_PTR Reserved[2];
        } EventHandle;
        struct {
            HANDLE Semaphore;
            ULONG Reserved;
            LONG Adjustment;
        } SemaphoreHandle;
        struct {
            PVOID Event;
            KPRIORITY Increment;
            ULONG_PTR Reserved;
        } EventObject;
        struct {
            PVOID Semaphore;
            KPRIORITY Increment;
            LONG Adjustment;
        } SemaphoreObject;
        struct {
            PKDPC Dpc;
            ULONG ReferenceCount;
            ULONG_PTR Reserved;
        } Dpc;
        struct {
            struct _WORK_QUEUE_ITEM *WorkQueueItem;
            ULONG WorkQueueType;
            ULONG_PTR Reserved;
        } WorkItem;
        struct {
            struct _WORK_QUEUE_ITEM *WorkQueueItem;
            PKSWORKER KsWorkerObject;
            ULONG_PTR Reserved;
        } KsWorkItem;
        struct {
            PVOID Unused;
            LONG_PTR Alignment[2];
        } Alignment;
    };
} KSEVENTDATA, *PKSEVENTDATA;

typedef struct _KSEVENT_ENTRY KSEVENT_ENTRY, *PKSEVENT_ENTRY;

typedef NTSTATUS (NTAPI *PFNKSHANDLER)(PIRP Irp, PKSIDENTIFIER Request,
                                       PVOID Data);
typedef NTSTATUS (NTAPI *PFNKSADDEVENT)(PIRP Irp, PKSEVENTDATA EventData,
                                        struct _KSEVENT_ENTRY *EventEntry);
typedef VOID (NTAPI *PFNKSREMOVEEVENT)(PFILE_OBJECT FileObject,
                                       struct _KSEVENT_ENTRY *EventEntry);

typedef struct {
    ULONG EventId;
    ULONG DataInput;
    ULONG ExtraEntryData;
    PFNKSADDEVENT AddHandler;
    PFNKSREMOVEEVENT RemoveHandler;
    PFNKSHANDLER SupportHandler;
} KSEVENT_ITEM, *PKSEVENT_ITEM;

typedef struct {
    const GUID *Set;
    ULONG EventsCount;
    const KSEVENT_ITEM *EventItem;
} KSEVENT_SET, *PKSEVENT_SET;

typedef struct {
    KDPC Dpc;
    ULONG ReferenceCount;
    KSPIN_LOCK AccessLock;
} KSDPC_ITEM, *PKSDPC_ITEM;

typedef struct {
    KSDPC_ITEM DpcItem;
    LIST_ENTRY BufferList;
} KSBUFFER_ITEM, *PKSBUFFER_ITEM;

/*
 * One enabled event. PortCls fills ListEntry, EventData, NotificationType,
 * EventItem and FileObject; the DPC and buffer items belong to KS's own
 * event machinery, which this stack does not have, so they stay NULL.
 */
struct _KSEVENT_ENTRY {
    LIST_ENTRY ListEntry;
    PVOID Object;
    union {
        PKSDPC_ITEM DpcItem;
        PKSBUFFER_ITEM BufferItem;
    };
    PKSEVENTDATA EventData;
    ULONG NotificationType;
    const KSEVENT_SET *EventSet;
    const KSEVENT_ITEM *EventItem;
    PFILE_OBJECT FileObject;
    ULONG SemaphoreAdjustment;
    ULONG Reserved;
    ULONG Flags;
};

#define KSEVENT_ENTRY_DELETED   1
#define KSEVENT_ENTRY_ONESHOT   2
#define KSEVENT_ENTRY_BUFFERED  4

/* Categories --------------------------------------------------------------- */

#define STATIC_KSCATEGORY_BRIDGE \
    0x085AFF00L, 0x62CE, 0x11CF, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00
DEFINE_GUIDSTRUCT("085AFF00-62CE-11CF-A5D6-28DB04C10000", KSCATEGORY_BRIDGE);
#define KSCATEGORY_BRIDGE DEFINE_GUIDNAMED(KSCATEGORY_BRIDGE)

/*
 * Layouts as Microsoft's headers give them on x64 (sizes and the offsets a
 * client or miniport relies on); harness/tests/unit-ks checks them too.
 */
_Static_assert(sizeof(KSIDENTIFIER) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSIDENTIFIER, Id) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSIDENTIFIER, Flags) == 20, "x64 layout");
_Static_assert(sizeof(KSP_NODE) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSP_NODE, NodeId) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSP_NODE, Reserved) == 28, "x64 layout");
_Static_assert(sizeof(KSM_NODE) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSM_NODE, NodeId) == 24, "x64 layout");
_Static_assert(sizeof(KSE_NODE) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSE_NODE, NodeId) == 24, "x64 layout");
_Static_assert(sizeof(KSP_PIN) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSP_PIN, PinId) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSP_PIN, Flags) == 28, "x64 layout");
_Static_assert(sizeof(KSMULTIPLE_ITEM) == 8, "x64 layout");
_Static_assert(FIELD_OFFSET(KSMULTIPLE_ITEM, Count) == 4, "x64 layout");
_Static_assert(sizeof(KSPROPERTY_DESCRIPTION) == 40, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPROPERTY_DESCRIPTION, PropTypeSet) == 8,
               "x64 layout");
_Static_assert(FIELD_OFFSET(KSPROPERTY_DESCRIPTION, MembersListCount) == 32,
               "x64 layout");
_Static_assert(sizeof(KSPROPERTY_MEMBERSHEADER) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPROPERTY_MEMBERSHEADER, Flags) == 12,
               "x64 layout");
_Static_assert(sizeof(KSPROPERTY_BOUNDS_LONG) == 8, "x64 layout");
_Static_assert(sizeof(KSPROPERTY_BOUNDS_LONGLONG) == 16, "x64 layout");
_Static_assert(sizeof(KSPROPERTY_STEPPING_LONG) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPROPERTY_STEPPING_LONG, Bounds) == 8,
               "x64 layout");
_Static_assert(sizeof(KSPROPERTY_STEPPING_LONGLONG) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPROPERTY_STEPPING_LONGLONG, Bounds) == 8,
               "x64 layout");
_Static_assert(sizeof(KSCOMPONENTID) == 72, "x64 layout");
_Static_assert(FIELD_OFFSET(KSCOMPONENTID, Version) == 64, "x64 layout");
_Static_assert(FIELD_OFFSET(KSCOMPONENTID, Revision) == 68, "x64 layout");
_Static_assert(sizeof(KSPIN_CINSTANCES) == 8, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_CINSTANCES, CurrentCount) == 4, "x64 layout");
_Static_assert(sizeof(KSPIN_PHYSICALCONNECTION) == 12, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_PHYSICALCONNECTION, SymbolicLinkName) == 8,
               "x64 layout");
_Static_assert(sizeof(KSDATAFORMAT) == 64, "x64 layout");
_Static_assert(FIELD_OFFSET(KSDATAFORMAT, MajorFormat) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSDATAFORMAT, SubFormat) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSDATAFORMAT, Specifier) == 48, "x64 layout");
_Static_assert(sizeof(KSPRIORITY) == 8, "x64 layout");
_Static_assert(sizeof(KSPIN_CONNECT) == 72, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_CONNECT, Medium) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_CONNECT, PinId) == 48, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_CONNECT, PinToHandle) == 56, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_CONNECT, Priority) == 64, "x64 layout");
_Static_assert(sizeof(KSPIN_DESCRIPTOR) == 88, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_DESCRIPTOR, DataRanges) == 40, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_DESCRIPTOR, DataFlow) == 48, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_DESCRIPTOR, Category) == 56, "x64 layout");
_Static_assert(FIELD_OFFSET(KSPIN_DESCRIPTOR, ConstrainedDataRanges) == 80,
               "x64 layout");
_Static_assert(sizeof(KSTOPOLOGY_CONNECTION) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSTOPOLOGY_CONNECTION, ToNodePin) == 12,
               "x64 layout");
_Static_assert(sizeof(KSALLOCATOR_FRAMING) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSALLOCATOR_FRAMING, PoolType) == 4, "x64 layout");
_Static_assert(FIELD_OFFSET(KSALLOCATOR_FRAMING, FileAlignment) == 16,
               "x64 layout");
_Static_assert(sizeof(KSTIME) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSTIME, Numerator) == 8, "x64 layout");
_Static_assert(sizeof(KSSTREAM_HEADER) == 56, "x64 layout");
_Static_assert(FIELD_OFFSET(KSSTREAM_HEADER, PresentationTime) == 8,
               "x64 layout");
_Static_assert(FIELD_OFFSET(KSSTREAM_HEADER, Duration) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSSTREAM_HEADER, FrameExtent) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSSTREAM_HEADER, DataUsed) == 36, "x64 layout");
_Static_assert(FIELD_OFFSET(KSSTREAM_HEADER, Data) == 40, "x64 layout");
_Static_assert(FIELD_OFFSET(KSSTREAM_HEADER, OptionsFlags) == 48, "x64 layout");
_Static_assert(sizeof(KSEVENTDATA) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENTDATA, EventHandle) == 8, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENTDATA, SemaphoreHandle.Adjustment) == 20,
               "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENTDATA, Dpc.ReferenceCount) == 16,
               "x64 layout");
_Static_assert(sizeof(KSEVENT_ITEM) == 40, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ITEM, AddHandler) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ITEM, SupportHandler) == 32, "x64 layout");
_Static_assert(sizeof(KSEVENT_SET) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_SET, EventItem) == 16, "x64 layout");
_Static_assert(sizeof(KSEVENT_ENTRY) == 88, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, Object) == 16, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, DpcItem) == 24, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, EventData) == 32, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, NotificationType) == 40,
               "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, EventSet) == 48, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, EventItem) == 56, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, FileObject) == 64, "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, SemaphoreAdjustment) == 72,
               "x64 layout");
_Static_assert(FIELD_OFFSET(KSEVENT_ENTRY, Flags) == 80, "x64 layout");

EXTERN_C_END

#endif /* CYC_KS_H */
