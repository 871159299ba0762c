/* SPDX-License-Identifier: MIT */
/*
 * Port Class (PortCls) public interface as Microsoft's portcls.h documents
 * it, in C: I<Name>Vtbl structs reached through lpVtbl, P<NAME> pointer
 * types, every method NTAPI, slot order pinned by COM_SLOT. Ports are
 * implemented by the stack, miniports by drivers; GUIDs live in guids.c.
 */
#ifndef CYC_PORTCLS_H
#define CYC_PORTCLS_H

#include <wdm.h>
#include <unknwn.h>
#include <ks.h>
#include <ksmedia.h>

#define PORTCLASSAPI
#define PORT_CLASS_DEVICE_EXTENSION_SIZE (64 * sizeof(ULONG_PTR))

/* GUIDs -------------------------------------------------------------------- */

#define PC_GUID(Name, L) \
    DEFINE_GUID(Name, L, 0x5791, 0x11d0, 0x86, 0xf9, 0x00, 0xa0, 0xc9, 0x11, \
                0xb5, 0x44)
PC_GUID(IID_IMiniport, 0xb4c90a24);
PC_GUID(IID_IPort, 0xb4c90a25);
PC_GUID(IID_IPortWaveCyclic, 0xb4c90a26);
PC_GUID(IID_IMiniportWaveCyclic, 0xb4c90a27);
PC_GUID(IID_IMiniportWaveCyclicStream, 0xb4c90a28);
PC_GUID(CLSID_PortWaveCyclic, 0xb4c90a2a);
PC_GUID(IID_IPortTopology, 0xb4c90a30);
PC_GUID(IID_IMiniportTopology, 0xb4c90a31);
PC_GUID(CLSID_PortTopology, 0xb4c90a32);
PC_GUID(IID_IPortMidi, 0xb4c90a40);
PC_GUID(IID_IMiniportMidi, 0xb4c90a41);
PC_GUID(IID_IMiniportMidiStream, 0xb4c90a42);
PC_GUID(CLSID_PortMidi, 0xb4c90a43);
PC_GUID(IID_IPortWavePci, 0xb4c90a50);
PC_GUID(IID_IPortWavePciStream, 0xb4c90a51);
PC_GUID(IID_IMiniportWavePci, 0xb4c90a52);
PC_GUID(IID_IMiniportWavePciStream, 0xb4c90a53);
PC_GUID(CLSID_PortWavePci, 0xb4c90a54);
PC_GUID(CLSID_MiniportDriverFmSynth, 0xb4c90ae0);
PC_GUID(CLSID_MiniportDriverUart, 0xb4c90ae1);

#define PC_SUPPORT_GUID(Name, L) \
    DEFINE_GUID(Name, L, 0x851b, 0x11d0, 0x9a, 0x7f, 0x00, 0xaa, 0x00, 0x38, \
                0xac, 0xfe)
PC_SUPPORT_GUID(IID_IResourceList, 0x22c6ac60);
PC_SUPPORT_GUID(IID_IDmaChannel, 0x22c6ac61);
PC_SUPPORT_GUID(IID_IDmaChannelSlave, 0x22c6ac62);
PC_SUPPORT_GUID(IID_IInterruptSync, 0x22c6ac63);
PC_SUPPORT_GUID(IID_IServiceSink, 0x22c6ac64);
PC_SUPPORT_GUID(IID_IServiceGroup, 0x22c6ac65);

DEFINE_GUID(IID_IMusicTechnology, 0x80396c3c, 0xcbcb, 0x409b,
            0x9f, 0x65, 0x4f, 0x1e, 0x74, 0x67, 0xcd, 0xaf);
DEFINE_GUID(IID_IPortWaveRT, 0x339ff909, 0x68a9, 0x4310,
            0xb0, 0x9b, 0x27, 0x4e, 0x96, 0xee, 0x4c, 0xbd);
DEFINE_GUID(CLSID_PortWaveRT, 0xcc9be57a, 0xeb9e, 0x42b4,
            0x94, 0xfc, 0x0c, 0xad, 0x3d, 0xbc, 0xe7, 0xfa);
DEFINE_GUID(IID_IPortDMus, 0xc096df9c, 0xfb09, 0x11d1,
            0x81, 0xb0, 0x00, 0x60, 0x08, 0x33, 0x16, 0xc1);
DEFINE_GUID(CLSID_PortDMus, 0xb7902fe9, 0xfb0a, 0x11d1,
            0x81, 0xb0, 0x00, 0x60, 0x08, 0x33, 0x16, 0xc1);
DEFINE_GUID(IID_IRegistryKey, 0xe8da4302, 0xf304, 0x11d0,
            0x95, 0x8b, 0x00, 0xc0, 0x4f, 0xb9, 0x25, 0xd3);
DEFINE_GUID(IID_IAdapterPowerManagement, 0x793417d0, 0x35fe, 0x11d1,
            0xad, 0x08, 0x00, 0xa0, 0xc9, 0x0a, 0xb1, 0xb0);
DEFINE_GUID(IID_IPowerNotify, 0x3dd648b8, 0x969f, 0x11d1,
            0x95, 0xa9, 0x00, 0xc0, 0x4f, 0xb9, 0x25, 0xd3);
DEFINE_GUID(IID_IPortEvents, 0xa80f29c4, 0x5498, 0x11d2,
            0x95, 0xd9, 0x00, 0xc0, 0x4f, 0xb9, 0x25, 0xd3);
DEFINE_GUID(IID_IUnregisterSubdevice, 0x16738177, 0xe199, 0x41f9,
            0x9a, 0x87, 0xab, 0xb2, 0xa5, 0x43, 0x2f, 0x21);
DEFINE_GUID(IID_IUnregisterPhysicalConnection, 0x6c38e231, 0x2a0d, 0x428d,
            0x81, 0xf8, 0x07, 0xcc, 0x42, 0x8b, 0xb9, 0xa4);
DEFINE_GUID(IID_IPinCount, 0x5dadb7dc, 0xa2cb, 0x4540,
            0xa4, 0xa8, 0x42, 0x5e, 0xe4, 0xae, 0x90, 0x51);
DEFINE_GUID(IID_IPortClsVersion, 0x7d89a7bb, 0x869b, 0x4567,
            0x8d, 0xbe, 0x1e, 0x16, 0x8c, 0xc8, 0x53, 0xde);

/* Forward interface declarations ------------------------------------------- */

COM_INTERFACE(IResourceList);
typedef IResourceList *PRESOURCELIST;
COM_INTERFACE(IDmaChannel);
typedef IDmaChannel *PDMACHANNEL;
COM_INTERFACE(IDmaChannelSlave);
typedef IDmaChannelSlave *PDMACHANNELSLAVE;
COM_INTERFACE(IInterruptSync);
typedef IInterruptSync *PINTERRUPTSYNC;
COM_INTERFACE(IServiceSink);
typedef IServiceSink *PSERVICESINK;
COM_INTERFACE(IServiceGroup);
typedef IServiceGroup *PSERVICEGROUP;
COM_INTERFACE(IRegistryKey);
typedef IRegistryKey *PREGISTRYKEY;
COM_INTERFACE(IPort);
typedef IPort *PPORT;
COM_INTERFACE(IMiniport);
typedef IMiniport *PMINIPORT;
COM_INTERFACE(IPortWaveCyclic);
typedef IPortWaveCyclic *PPORTWAVECYCLIC;
COM_INTERFACE(IMiniportWaveCyclic);
typedef IMiniportWaveCyclic *PMINIPORTWAVECYCLIC;
COM_INTERFACE(IMiniportWaveCyclicStream);
typedef IMiniportWaveCyclicStream *PMINIPORTWAVECYCLICSTREAM;
COM_INTERFACE(IPortTopology);
typedef IPortTopology *PPORTTOPOLOGY;
COM_INTERFACE(IMiniportTopology);
typedef IMiniportTopology *PMINIPORTTOPOLOGY;
COM_INTERFACE(IPortMidi);
typedef IPortMidi *PPORTMIDI;
COM_INTERFACE(IMiniportMidi);
typedef IMiniportMidi *PMINIPORTMIDI;
COM_INTERFACE(IMiniportMidiStream);
typedef IMiniportMidiStream *PMINIPORTMIDISTREAM;
COM_INTERFACE(IMusicTechnology);
typedef IMusicTechnology *PMUSICTECHNOLOGY;
COM_INTERFACE(IPortEvents);
typedef IPortEvents *PPORTEVENTS;
COM_INTERFACE(IUnregisterSubdevice);
typedef IUnregisterSubdevice *PUNREGISTERSUBDEVICE;
COM_INTERFACE(IUnregisterPhysicalConnection);
typedef IUnregisterPhysicalConnection *PUNREGISTERPHYSICALCONNECTION;
COM_INTERFACE(IPinCount);
typedef IPinCount *PPINCOUNT;
COM_INTERFACE(IPowerNotify);
typedef IPowerNotify *PPOWERNOTIFY;
COM_INTERFACE(IAdapterPowerManagement);
typedef IAdapterPowerManagement *PADAPTERPOWERMANAGEMENT;
COM_INTERFACE(IPortClsVersion);
typedef IPortClsVersion *PPORTCLSVERSION;

/* IResourceList ------------------------------------------------------------ */

#define IRESOURCELIST_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    ULONG (NTAPI *NumberOfEntries)(I *This); \
    ULONG (NTAPI *NumberOfEntriesOfType)(I *This, CM_RESOURCE_TYPE Type); \
    PCM_PARTIAL_RESOURCE_DESCRIPTOR (NTAPI *FindTranslatedEntry)( \
        I *This, CM_RESOURCE_TYPE Type, ULONG Index); \
    PCM_PARTIAL_RESOURCE_DESCRIPTOR (NTAPI *FindUntranslatedEntry)( \
        I *This, CM_RESOURCE_TYPE Type, ULONG Index); \
    NTSTATUS (NTAPI *AddEntry)(I *This, \
        PCM_PARTIAL_RESOURCE_DESCRIPTOR Translated, \
        PCM_PARTIAL_RESOURCE_DESCRIPTOR Untranslated); \
    NTSTATUS (NTAPI *AddEntryFromParent)(I *This, IResourceList *Parent, \
        CM_RESOURCE_TYPE Type, ULONG Index); \
    PCM_RESOURCE_LIST (NTAPI *TranslatedList)(I *This); \
    PCM_RESOURCE_LIST (NTAPI *UntranslatedList)(I *This)

struct IResourceListVtbl {
    IRESOURCELIST_SLOTS(IResourceList);
};
COM_SLOT(IResourceListVtbl, NumberOfEntries, 3);
COM_SLOT(IResourceListVtbl, NumberOfEntriesOfType, 4);
COM_SLOT(IResourceListVtbl, FindTranslatedEntry, 5);
COM_SLOT(IResourceListVtbl, FindUntranslatedEntry, 6);
COM_SLOT(IResourceListVtbl, AddEntry, 7);
COM_SLOT(IResourceListVtbl, AddEntryFromParent, 8);
COM_SLOT(IResourceListVtbl, TranslatedList, 9);
COM_SLOT(IResourceListVtbl, UntranslatedList, 10);

#define NumberOfPorts() NumberOfEntriesOfType(CmResourceTypePort)
#define FindTranslatedPort(n) FindTranslatedEntry(CmResourceTypePort, (n))
#define FindUntranslatedPort(n) FindUntranslatedEntry(CmResourceTypePort, (n))
#define AddPortFromParent(p, n) AddEntryFromParent((p), CmResourceTypePort, (n))
#define NumberOfInterrupts() NumberOfEntriesOfType(CmResourceTypeInterrupt)
#define FindTranslatedInterrupt(n) \
    FindTranslatedEntry(CmResourceTypeInterrupt, (n))
#define FindUntranslatedInterrupt(n) \
    FindUntranslatedEntry(CmResourceTypeInterrupt, (n))
#define AddInterruptFromParent(p, n) \
    AddEntryFromParent((p), CmResourceTypeInterrupt, (n))
#define NumberOfMemories() NumberOfEntriesOfType(CmResourceTypeMemory)
#define FindTranslatedMemory(n) FindTranslatedEntry(CmResourceTypeMemory, (n))
#define FindUntranslatedMemory(n) \
    FindUntranslatedEntry(CmResourceTypeMemory, (n))
#define AddMemoryFromParent(p, n) \
    AddEntryFromParent((p), CmResourceTypeMemory, (n))
#define NumberOfDmas() NumberOfEntriesOfType(CmResourceTypeDma)
#define FindTranslatedDma(n) FindTranslatedEntry(CmResourceTypeDma, (n))
#define FindUntranslatedDma(n) FindUntranslatedEntry(CmResourceTypeDma, (n))
#define AddDmaFromParent(p, n) AddEntryFromParent((p), CmResourceTypeDma, (n))
#define NumberOfDeviceSpecifics() \
    NumberOfEntriesOfType(CmResourceTypeDeviceSpecific)
#define FindTranslatedDeviceSpecific(n) \
    FindTranslatedEntry(CmResourceTypeDeviceSpecific, (n))
#define FindUntranslatedDeviceSpecific(n) \
    FindUntranslatedEntry(CmResourceTypeDeviceSpecific, (n))
#define AddDeviceSpecificFromParent(p, n) \
    AddEntryFromParent((p), CmResourceTypeDeviceSpecific, (n))
#define NumberOfBusNumbers() NumberOfEntriesOfType(CmResourceTypeBusNumber)
#define FindTranslatedBusNumber(n) \
    FindTranslatedEntry(CmResourceTypeBusNumber, (n))
#define FindUntranslatedBusNumber(n) \
    FindUntranslatedEntry(CmResourceTypeBusNumber, (n))
#define AddBusNumberFromParent(p, n) \
    AddEntryFromParent((p), CmResourceTypeBusNumber, (n))
#define NumberOfDevicePrivates() \
    NumberOfEntriesOfType(CmResourceTypeDevicePrivate)
#define FindTranslatedDevicePrivate(n) \
    FindTranslatedEntry(CmResourceTypeDevicePrivate, (n))
#define FindUntranslatedDevicePrivate(n) \
    FindUntranslatedEntry(CmResourceTypeDevicePrivate, (n))
#define AddDevicePrivateFromParent(p, n) \
    AddEntryFromParent((p), CmResourceTypeDevicePrivate, (n))

/* IDmaChannel / IDmaChannelSlave ------------------------------------------- */

/*
 * PhysicalAddress returns PHYSICAL_ADDRESS by value as the DDI page shows
 * (the C/ms_abi convention returns an 8-byte union in RAX).
 */
#define IDMACHANNEL_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *AllocateBuffer)(I *This, ULONG BufferSize, \
        PPHYSICAL_ADDRESS PhysicalAddressConstraint); \
    VOID (NTAPI *FreeBuffer)(I *This); \
    ULONG (NTAPI *TransferCount)(I *This); \
    ULONG (NTAPI *MaximumBufferSize)(I *This); \
    ULONG (NTAPI *AllocatedBufferSize)(I *This); \
    ULONG (NTAPI *BufferSize)(I *This); \
    VOID (NTAPI *SetBufferSize)(I *This, ULONG BufferSize); \
    PVOID (NTAPI *SystemAddress)(I *This); \
    PHYSICAL_ADDRESS (NTAPI *PhysicalAddress)(I *This); \
    PADAPTER_OBJECT (NTAPI *GetAdapterObject)(I *This); \
    VOID (NTAPI *CopyTo)(I *This, PVOID Destination, PVOID Source, \
        ULONG ByteCount); \
    VOID (NTAPI *CopyFrom)(I *This, PVOID Destination, PVOID Source, \
        ULONG ByteCount)

#define IDMACHANNELSLAVE_SLOTS(I) \
    IDMACHANNEL_SLOTS(I); \
    NTSTATUS (NTAPI *Start)(I *This, ULONG MapSize, BOOLEAN WriteToDevice); \
    NTSTATUS (NTAPI *Stop)(I *This); \
    ULONG (NTAPI *ReadCounter)(I *This); \
    NTSTATUS (NTAPI *WaitForTC)(I *This, ULONG Timeout)

struct IDmaChannelVtbl {
    IDMACHANNEL_SLOTS(IDmaChannel);
};
COM_SLOT(IDmaChannelVtbl, AllocateBuffer, 3);
COM_SLOT(IDmaChannelVtbl, FreeBuffer, 4);
COM_SLOT(IDmaChannelVtbl, TransferCount, 5);
COM_SLOT(IDmaChannelVtbl, MaximumBufferSize, 6);
COM_SLOT(IDmaChannelVtbl, AllocatedBufferSize, 7);
COM_SLOT(IDmaChannelVtbl, BufferSize, 8);
COM_SLOT(IDmaChannelVtbl, SetBufferSize, 9);
COM_SLOT(IDmaChannelVtbl, SystemAddress, 10);
COM_SLOT(IDmaChannelVtbl, PhysicalAddress, 11);
COM_SLOT(IDmaChannelVtbl, GetAdapterObject, 12);
COM_SLOT(IDmaChannelVtbl, CopyTo, 13);
COM_SLOT(IDmaChannelVtbl, CopyFrom, 14);

struct IDmaChannelSlaveVtbl {
    IDMACHANNELSLAVE_SLOTS(IDmaChannelSlave);
};
COM_SLOT(IDmaChannelSlaveVtbl, CopyFrom, 14);
COM_SLOT(IDmaChannelSlaveVtbl, Start, 15);
COM_SLOT(IDmaChannelSlaveVtbl, Stop, 16);
COM_SLOT(IDmaChannelSlaveVtbl, ReadCounter, 17);
COM_SLOT(IDmaChannelSlaveVtbl, WaitForTC, 18);

/* IInterruptSync ----------------------------------------------------------- */

typedef enum {
    InterruptSyncModeNormal = 1,
    InterruptSyncModeAll,
    InterruptSyncModeRepeat
} INTERRUPTSYNCMODE;

/* Runs at the interrupt's DIRQL with the interrupt spin lock held. */
typedef NTSTATUS (NTAPI *PINTERRUPTSYNCROUTINE)(PINTERRUPTSYNC InterruptSync,
                                                PVOID DynamicContext);

#define IINTERRUPTSYNC_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *CallSynchronizedRoutine)(I *This, \
        PINTERRUPTSYNCROUTINE Routine, PVOID DynamicContext); \
    PKINTERRUPT (NTAPI *GetKInterrupt)(I *This); \
    NTSTATUS (NTAPI *Connect)(I *This); \
    VOID (NTAPI *Disconnect)(I *This); \
    NTSTATUS (NTAPI *RegisterServiceRoutine)(I *This, \
        PINTERRUPTSYNCROUTINE Routine, PVOID DynamicContext, BOOLEAN First)

struct IInterruptSyncVtbl {
    IINTERRUPTSYNC_SLOTS(IInterruptSync);
};
COM_SLOT(IInterruptSyncVtbl, CallSynchronizedRoutine, 3);
COM_SLOT(IInterruptSyncVtbl, GetKInterrupt, 4);
COM_SLOT(IInterruptSyncVtbl, Connect, 5);
COM_SLOT(IInterruptSyncVtbl, Disconnect, 6);
COM_SLOT(IInterruptSyncVtbl, RegisterServiceRoutine, 7);

/* IServiceSink / IServiceGroup --------------------------------------------- */

#define ISERVICESINK_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    VOID (NTAPI *RequestService)(I *This)

#define ISERVICEGROUP_SLOTS(I) \
    ISERVICESINK_SLOTS(I); \
    NTSTATUS (NTAPI *AddMember)(I *This, PSERVICESINK pServiceSink); \
    VOID (NTAPI *RemoveMember)(I *This, PSERVICESINK pServiceSink); \
    VOID (NTAPI *SupportDelayedService)(I *This); \
    VOID (NTAPI *RequestDelayedService)(I *This, ULONGLONG ullDelay); \
    VOID (NTAPI *CancelDelayedService)(I *This)

struct IServiceSinkVtbl {
    ISERVICESINK_SLOTS(IServiceSink);
};
COM_SLOT(IServiceSinkVtbl, RequestService, 3);

struct IServiceGroupVtbl {
    ISERVICEGROUP_SLOTS(IServiceGroup);
};
COM_SLOT(IServiceGroupVtbl, RequestService, 3);
COM_SLOT(IServiceGroupVtbl, AddMember, 4);
COM_SLOT(IServiceGroupVtbl, RemoveMember, 5);
COM_SLOT(IServiceGroupVtbl, SupportDelayedService, 6);
COM_SLOT(IServiceGroupVtbl, RequestDelayedService, 7);
COM_SLOT(IServiceGroupVtbl, CancelDelayedService, 8);

/* IRegistryKey ------------------------------------------------------------- */

typedef enum {
    GeneralRegistryKey,
    DeviceRegistryKey,
    DriverRegistryKey,
    HwProfileRegistryKey,
    DeviceInterfaceRegistryKey
} PCREGISTRY_KEY_TYPE;

#define IREGISTRYKEY_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *QueryKey)(I *This, \
        KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation, \
        ULONG Length, PULONG ResultLength); \
    NTSTATUS (NTAPI *EnumerateKey)(I *This, ULONG Index, \
        KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation, \
        ULONG Length, PULONG ResultLength); \
    NTSTATUS (NTAPI *QueryValueKey)(I *This, PUNICODE_STRING ValueName, \
        KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, \
        PVOID KeyValueInformation, ULONG Length, PULONG ResultLength); \
    NTSTATUS (NTAPI *EnumerateValueKey)(I *This, ULONG Index, \
        KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, \
        PVOID KeyValueInformation, ULONG Length, PULONG ResultLength); \
    NTSTATUS (NTAPI *SetValueKey)(I *This, PUNICODE_STRING ValueName, \
        ULONG Type, PVOID Data, ULONG DataSize); \
    NTSTATUS (NTAPI *QueryRegistryValues)(I *This, \
        PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context); \
    NTSTATUS (NTAPI *NewSubKey)(I *This, IRegistryKey **RegistrySubKey, \
        PUNKNOWN OuterUnknown, ACCESS_MASK DesiredAccess, \
        PUNICODE_STRING SubKeyName, ULONG CreateOptions, PULONG Disposition); \
    NTSTATUS (NTAPI *DeleteKey)(I *This)

struct IRegistryKeyVtbl {
    IREGISTRYKEY_SLOTS(IRegistryKey);
};
COM_SLOT(IRegistryKeyVtbl, QueryKey, 3);
COM_SLOT(IRegistryKeyVtbl, EnumerateKey, 4);
COM_SLOT(IRegistryKeyVtbl, QueryValueKey, 5);
COM_SLOT(IRegistryKeyVtbl, EnumerateValueKey, 6);
COM_SLOT(IRegistryKeyVtbl, SetValueKey, 7);
COM_SLOT(IRegistryKeyVtbl, QueryRegistryValues, 8);
COM_SLOT(IRegistryKeyVtbl, NewSubKey, 9);
COM_SLOT(IRegistryKeyVtbl, DeleteKey, 10);

/* Filter descriptors (static tables built by miniports) -------------------- */

typedef struct _PCPROPERTY_REQUEST PCPROPERTY_REQUEST, *PPCPROPERTY_REQUEST;
typedef struct _PCMETHOD_REQUEST PCMETHOD_REQUEST, *PPCMETHOD_REQUEST;
typedef struct _PCEVENT_REQUEST PCEVENT_REQUEST, *PPCEVENT_REQUEST;

/* Handlers run at PASSIVE_LEVEL unless the item says otherwise. */
typedef NTSTATUS (NTAPI *PCPFNPROPERTY_HANDLER)(PPCPROPERTY_REQUEST
                                                PropertyRequest);
typedef NTSTATUS (NTAPI *PCPFNMETHOD_HANDLER)(PPCMETHOD_REQUEST
                                              MethodRequest);
typedef NTSTATUS (NTAPI *PCPFNEVENT_HANDLER)(PPCEVENT_REQUEST EventRequest);

typedef struct {
    const GUID *Set;
    ULONG Id;
    ULONG Flags;
#define PCPROPERTY_ITEM_FLAG_GET            KSPROPERTY_TYPE_GET
#define PCPROPERTY_ITEM_FLAG_SET            KSPROPERTY_TYPE_SET
#define PCPROPERTY_ITEM_FLAG_BASICSUPPORT   KSPROPERTY_TYPE_BASICSUPPORT
#define PCPROPERTY_ITEM_FLAG_DEFAULTVALUES  KSPROPERTY_TYPE_DEFAULTVALUES
#define PCPROPERTY_ITEM_FLAG_SERIALIZERAW   KSPROPERTY_TYPE_SERIALIZERAW
#define PCPROPERTY_ITEM_FLAG_UNSERIALIZERAW KSPROPERTY_TYPE_UNSERIALIZERAW
#define PCPROPERTY_ITEM_FLAG_SERIALIZESIZE  KSPROPERTY_TYPE_SERIALIZESIZE
#define PCPROPERTY_ITEM_FLAG_SERIALIZE \
    (PCPROPERTY_ITEM_FLAG_SERIALIZERAW | PCPROPERTY_ITEM_FLAG_UNSERIALIZERAW | \
     PCPROPERTY_ITEM_FLAG_SERIALIZESIZE)
#define PCPROPERTY_ITEM_FLAG_UNSERIALIZE \
    PCPROPERTY_ITEM_FLAG_UNSERIALIZERAW
    PCPFNPROPERTY_HANDLER Handler;
} PCPROPERTY_ITEM, *PPCPROPERTY_ITEM;

typedef struct {
    const GUID *Set;
    ULONG Id;
    ULONG Flags;
#define PCMETHOD_ITEM_FLAG_NONE         KSMETHOD_TYPE_NONE
#define PCMETHOD_ITEM_FLAG_READ         KSMETHOD_TYPE_READ
#define PCMETHOD_ITEM_FLAG_WRITE        KSMETHOD_TYPE_WRITE
#define PCMETHOD_ITEM_FLAG_MODIFY       KSMETHOD_TYPE_MODIFY
#define PCMETHOD_ITEM_FLAG_SOURCE       KSMETHOD_TYPE_SOURCE
#define PCMETHOD_ITEM_FLAG_BASICSUPPORT KSMETHOD_TYPE_BASICSUPPORT
    PCPFNMETHOD_HANDLER Handler;
} PCMETHOD_ITEM, *PPCMETHOD_ITEM;

typedef struct {
    const GUID *Set;
    ULONG Id;
    ULONG Flags;
#define PCEVENT_ITEM_FLAG_ENABLE        KSEVENT_TYPE_ENABLE
#define PCEVENT_ITEM_FLAG_ONESHOT       KSEVENT_TYPE_ONESHOT
#define PCEVENT_ITEM_FLAG_BASICSUPPORT  KSEVENT_TYPE_BASICSUPPORT
    PCPFNEVENT_HANDLER Handler;
} PCEVENT_ITEM, *PPCEVENT_ITEM;

struct _PCPROPERTY_REQUEST {
    PUNKNOWN MajorTarget;
    PUNKNOWN MinorTarget;
    ULONG Node;
    const PCPROPERTY_ITEM *PropertyItem;
    ULONG Verb;
    ULONG InstanceSize;
    PVOID Instance;
    ULONG ValueSize;
    PVOID Value;
    PIRP Irp;
};

struct _PCMETHOD_REQUEST {
    PUNKNOWN MajorTarget;
    PUNKNOWN MinorTarget;
    ULONG Node;
    const PCMETHOD_ITEM *MethodItem;
    ULONG Verb;
};

#define PCEVENT_VERB_NONE    0
#define PCEVENT_VERB_ADD     1
#define PCEVENT_VERB_REMOVE  2
#define PCEVENT_VERB_SUPPORT 4

struct _PCEVENT_REQUEST {
    PUNKNOWN MajorTarget;
    PUNKNOWN MinorTarget;
    ULONG Node;
    const PCEVENT_ITEM *EventItem;
    PKSEVENT_ENTRY EventEntry;
    ULONG Verb;
    PIRP Irp;
};

typedef struct {
    ULONG PropertyItemSize;
    ULONG PropertyCount;
    const PCPROPERTY_ITEM *Properties;
    ULONG MethodItemSize;
    ULONG MethodCount;
    const PCMETHOD_ITEM *Methods;
    ULONG EventItemSize;
    ULONG EventCount;
    const PCEVENT_ITEM *Events;
    ULONG Reserved;
} PCAUTOMATION_TABLE, *PPCAUTOMATION_TABLE;

#define DEFINE_PCAUTOMATION_TABLE_PROP(AutomationTable, PropertyTable) \
    const PCAUTOMATION_TABLE AutomationTable = { \
        sizeof(PropertyTable[0]), SIZEOF_ARRAY(PropertyTable), \
        (const PCPROPERTY_ITEM *)PropertyTable, \
        sizeof(PCMETHOD_ITEM), 0, NULL, \
        sizeof(PCEVENT_ITEM), 0, NULL, 0 }

#define DEFINE_PCAUTOMATION_TABLE_PROP_EVENT(AutomationTable, PropertyTable, \
                                             EventTable) \
    const PCAUTOMATION_TABLE AutomationTable = { \
        sizeof(PropertyTable[0]), SIZEOF_ARRAY(PropertyTable), \
        (const PCPROPERTY_ITEM *)PropertyTable, \
        sizeof(PCMETHOD_ITEM), 0, NULL, \
        sizeof(EventTable[0]), SIZEOF_ARRAY(EventTable), \
        (const PCEVENT_ITEM *)EventTable, 0 }

#define DEFINE_PCAUTOMATION_TABLE_EVENT(AutomationTable, EventTable) \
    const PCAUTOMATION_TABLE AutomationTable = { \
        sizeof(PCPROPERTY_ITEM), 0, NULL, \
        sizeof(PCMETHOD_ITEM), 0, NULL, \
        sizeof(EventTable[0]), SIZEOF_ARRAY(EventTable), \
        (const PCEVENT_ITEM *)EventTable, 0 }

/* 0 = the pin cannot be instantiated, ULONG(-1) = unlimited. */
typedef struct {
    ULONG MaxGlobalInstanceCount;
    ULONG MaxFilterInstanceCount;
    ULONG MinFilterInstanceCount;
    const PCAUTOMATION_TABLE *AutomationTable;
    KSPIN_DESCRIPTOR KsPinDescriptor;
} PCPIN_DESCRIPTOR, *PPCPIN_DESCRIPTOR;

typedef struct {
    ULONG Flags;
    const PCAUTOMATION_TABLE *AutomationTable;
    const GUID *Type;
    const GUID *Name;
} PCNODE_DESCRIPTOR, *PPCNODE_DESCRIPTOR;

/* FromNode/ToNode PCFILTER_NODE: the *NodePin field is a filter pin id. */
#define PCFILTER_NODE KSFILTER_NODE
typedef KSTOPOLOGY_CONNECTION PCCONNECTION_DESCRIPTOR,
    *PPCCONNECTION_DESCRIPTOR;

/* PinSize/NodeSize >= sizeof the base struct, larger = driver tail. */
typedef struct {
    ULONG Version;
    const PCAUTOMATION_TABLE *AutomationTable;
    ULONG PinSize;
    ULONG PinCount;
    const PCPIN_DESCRIPTOR *Pins;
    ULONG NodeSize;
    ULONG NodeCount;
    const PCNODE_DESCRIPTOR *Nodes;
    ULONG ConnectionCount;
    const PCCONNECTION_DESCRIPTOR *Connections;
    ULONG CategoryCount;
    const GUID *Categories;
} PCFILTER_DESCRIPTOR, *PPCFILTER_DESCRIPTOR;

/* IPort and IMiniport ------------------------------------------------------ */

#define IPORT_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *Init)(I *This, PDEVICE_OBJECT DeviceObject, PIRP Irp, \
        PUNKNOWN UnknownMiniport, PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList); \
    NTSTATUS (NTAPI *GetDeviceProperty)(I *This, \
        DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength, \
        PVOID PropertyBuffer, PULONG ResultLength); \
    NTSTATUS (NTAPI *NewRegistryKey)(I *This, PREGISTRYKEY *OutRegistryKey, \
        PUNKNOWN OuterUnknown, ULONG RegistryKeyType, \
        ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes, \
        ULONG CreateOptions, PULONG Disposition)

#define IMINIPORT_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *GetDescription)(I *This, \
        PPCFILTER_DESCRIPTOR *Description); \
    NTSTATUS (NTAPI *DataRangeIntersection)(I *This, ULONG PinId, \
        PKSDATARANGE DataRange, PKSDATARANGE MatchingDataRange, \
        ULONG OutputBufferLength, PVOID ResultantFormat, \
        PULONG ResultantFormatLength)

struct IPortVtbl {
    IPORT_SLOTS(IPort);
};
COM_SLOT(IPortVtbl, Init, 3);
COM_SLOT(IPortVtbl, GetDeviceProperty, 4);
COM_SLOT(IPortVtbl, NewRegistryKey, 5);

struct IMiniportVtbl {
    IMINIPORT_SLOTS(IMiniport);
};
COM_SLOT(IMiniportVtbl, GetDescription, 3);
COM_SLOT(IMiniportVtbl, DataRangeIntersection, 4);

/* WaveCyclic --------------------------------------------------------------- */

#define IPORTWAVECYCLIC_SLOTS(I) \
    IPORT_SLOTS(I); \
    VOID (NTAPI *Notify)(I *This, PSERVICEGROUP ServiceGroup); \
    NTSTATUS (NTAPI *NewSlaveDmaChannel)(I *This, \
        PDMACHANNELSLAVE *DmaChannel, PUNKNOWN OuterUnknown, \
        PRESOURCELIST ResourceList, ULONG DmaIndex, ULONG MaximumLength, \
        BOOLEAN DemandMode, DMA_SPEED DmaSpeed); \
    NTSTATUS (NTAPI *NewMasterDmaChannel)(I *This, PDMACHANNEL *DmaChannel, \
        PUNKNOWN OuterUnknown, PRESOURCELIST ResourceList, \
        ULONG MaximumLength, BOOLEAN Dma32BitAddresses, \
        BOOLEAN Dma64BitAddresses, DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed)

struct IPortWaveCyclicVtbl {
    IPORTWAVECYCLIC_SLOTS(IPortWaveCyclic);
};
COM_SLOT(IPortWaveCyclicVtbl, Init, 3);
COM_SLOT(IPortWaveCyclicVtbl, NewRegistryKey, 5);
COM_SLOT(IPortWaveCyclicVtbl, Notify, 6);
COM_SLOT(IPortWaveCyclicVtbl, NewSlaveDmaChannel, 7);
COM_SLOT(IPortWaveCyclicVtbl, NewMasterDmaChannel, 8);

#define IMINIPORTWAVECYCLIC_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    NTSTATUS (NTAPI *Init)(I *This, PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTWAVECYCLIC Port); \
    NTSTATUS (NTAPI *NewStream)(I *This, PMINIPORTWAVECYCLICSTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, ULONG Pin, \
        BOOLEAN Capture, PKSDATAFORMAT DataFormat, PDMACHANNEL *DmaChannel, \
        PSERVICEGROUP *ServiceGroup)

struct IMiniportWaveCyclicVtbl {
    IMINIPORTWAVECYCLIC_SLOTS(IMiniportWaveCyclic);
};
COM_SLOT(IMiniportWaveCyclicVtbl, GetDescription, 3);
COM_SLOT(IMiniportWaveCyclicVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportWaveCyclicVtbl, Init, 5);
COM_SLOT(IMiniportWaveCyclicVtbl, NewStream, 6);

#define IMINIPORTWAVECYCLICSTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *SetFormat)(I *This, PKSDATAFORMAT DataFormat); \
    ULONG (NTAPI *SetNotificationFreq)(I *This, ULONG Interval, \
        PULONG FrameSize); \
    NTSTATUS (NTAPI *SetState)(I *This, KSSTATE State); \
    NTSTATUS (NTAPI *GetPosition)(I *This, PULONG Position); \
    NTSTATUS (NTAPI *NormalizePhysicalPosition)(I *This, \
        PLONGLONG PhysicalPosition); \
    VOID (NTAPI *Silence)(I *This, PVOID Buffer, ULONG ByteCount)

struct IMiniportWaveCyclicStreamVtbl {
    IMINIPORTWAVECYCLICSTREAM_SLOTS(IMiniportWaveCyclicStream);
};
COM_SLOT(IMiniportWaveCyclicStreamVtbl, SetFormat, 3);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, SetNotificationFreq, 4);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, SetState, 5);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, GetPosition, 6);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, NormalizePhysicalPosition, 7);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, Silence, 8);

/* MIDI --------------------------------------------------------------------- */

#define IPORTMIDI_SLOTS(I) \
    IPORT_SLOTS(I); \
    VOID (NTAPI *Notify)(I *This, PSERVICEGROUP ServiceGroup); \
    VOID (NTAPI *RegisterServiceGroup)(I *This, PSERVICEGROUP ServiceGroup)

struct IPortMidiVtbl {
    IPORTMIDI_SLOTS(IPortMidi);
};
COM_SLOT(IPortMidiVtbl, Init, 3);
COM_SLOT(IPortMidiVtbl, NewRegistryKey, 5);
COM_SLOT(IPortMidiVtbl, Notify, 6);
COM_SLOT(IPortMidiVtbl, RegisterServiceGroup, 7);

#define IMINIPORTMIDI_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    NTSTATUS (NTAPI *Init)(I *This, PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTMIDI Port, \
        PSERVICEGROUP *ServiceGroup); \
    VOID (NTAPI *Service)(I *This); \
    NTSTATUS (NTAPI *NewStream)(I *This, PMINIPORTMIDISTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, ULONG Pin, \
        BOOLEAN Capture, PKSDATAFORMAT DataFormat, \
        PSERVICEGROUP *ServiceGroup)

struct IMiniportMidiVtbl {
    IMINIPORTMIDI_SLOTS(IMiniportMidi);
};
COM_SLOT(IMiniportMidiVtbl, GetDescription, 3);
COM_SLOT(IMiniportMidiVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportMidiVtbl, Init, 5);
COM_SLOT(IMiniportMidiVtbl, Service, 6);
COM_SLOT(IMiniportMidiVtbl, NewStream, 7);

#define IMINIPORTMIDISTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *SetFormat)(I *This, PKSDATAFORMAT DataFormat); \
    NTSTATUS (NTAPI *SetState)(I *This, KSSTATE State); \
    NTSTATUS (NTAPI *Read)(I *This, PVOID BufferAddress, \
        ULONG BufferLength, PULONG BytesRead); \
    NTSTATUS (NTAPI *Write)(I *This, PVOID BufferAddress, \
        ULONG BytesToWrite, PULONG BytesWritten)

struct IMiniportMidiStreamVtbl {
    IMINIPORTMIDISTREAM_SLOTS(IMiniportMidiStream);
};
COM_SLOT(IMiniportMidiStreamVtbl, SetFormat, 3);
COM_SLOT(IMiniportMidiStreamVtbl, SetState, 4);
COM_SLOT(IMiniportMidiStreamVtbl, Read, 5);
COM_SLOT(IMiniportMidiStreamVtbl, Write, 6);

/* Asked of a system-supplied MIDI miniport before Init: the Technology of
 * its data ranges (KSMUSIC_TECHNOLOGY_PORT unless told otherwise). */
#define IMUSICTECHNOLOGY_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *SetTechnology)(I *This, const GUID *Technology)

struct IMusicTechnologyVtbl {
    IMUSICTECHNOLOGY_SLOTS(IMusicTechnology);
};
COM_SLOT(IMusicTechnologyVtbl, SetTechnology, 3);

/* Topology ----------------------------------------------------------------- */

#define IPORTTOPOLOGY_SLOTS(I) IPORT_SLOTS(I)

struct IPortTopologyVtbl {
    IPORTTOPOLOGY_SLOTS(IPortTopology);
};
COM_SLOT(IPortTopologyVtbl, NewRegistryKey, 5);

#define IMINIPORTTOPOLOGY_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    NTSTATUS (NTAPI *Init)(I *This, PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTTOPOLOGY Port)

struct IMiniportTopologyVtbl {
    IMINIPORTTOPOLOGY_SLOTS(IMiniportTopology);
};
COM_SLOT(IMiniportTopologyVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportTopologyVtbl, Init, 5);

/* IPortEvents -------------------------------------------------------------- */

#define IPORTEVENTS_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    VOID (NTAPI *AddEventToEventList)(I *This, PKSEVENT_ENTRY EventEntry); \
    VOID (NTAPI *GenerateEventList)(I *This, GUID *Set, ULONG EventId, \
        BOOL PinEvent, ULONG PinId, BOOL NodeEvent, ULONG NodeId)

struct IPortEventsVtbl {
    IPORTEVENTS_SLOTS(IPortEvents);
};
COM_SLOT(IPortEventsVtbl, AddEventToEventList, 3);
COM_SLOT(IPortEventsVtbl, GenerateEventList, 4);

/* Unregistration ----------------------------------------------------------- */

struct IUnregisterSubdeviceVtbl {
    COM_IUNKNOWN_SLOTS(IUnregisterSubdevice);
    NTSTATUS (NTAPI *UnregisterSubdevice)(IUnregisterSubdevice *This,
        PDEVICE_OBJECT DeviceObject, PUNKNOWN Unknown);
};
COM_SLOT(IUnregisterSubdeviceVtbl, UnregisterSubdevice, 3);

struct IUnregisterPhysicalConnectionVtbl {
    COM_IUNKNOWN_SLOTS(IUnregisterPhysicalConnection);
    NTSTATUS (NTAPI *UnregisterPhysicalConnection)(
        IUnregisterPhysicalConnection *This, PDEVICE_OBJECT DeviceObject,
        PUNKNOWN FromUnknown, ULONG FromPin, PUNKNOWN ToUnknown, ULONG ToPin);
    NTSTATUS (NTAPI *UnregisterPhysicalConnectionToExternal)(
        IUnregisterPhysicalConnection *This, PDEVICE_OBJECT DeviceObject,
        PUNKNOWN FromUnknown, ULONG FromPin, PUNICODE_STRING ToString,
        ULONG ToPin);
    NTSTATUS (NTAPI *UnregisterPhysicalConnectionFromExternal)(
        IUnregisterPhysicalConnection *This, PDEVICE_OBJECT DeviceObject,
        PUNICODE_STRING FromString, ULONG FromPin, PUNKNOWN ToUnknown,
        ULONG ToPin);
};
COM_SLOT(IUnregisterPhysicalConnectionVtbl, UnregisterPhysicalConnection, 3);
COM_SLOT(IUnregisterPhysicalConnectionVtbl,
         UnregisterPhysicalConnectionToExternal, 4);
COM_SLOT(IUnregisterPhysicalConnectionVtbl,
         UnregisterPhysicalConnectionFromExternal, 5);

/* Optional miniport interfaces --------------------------------------------- */

struct IPinCountVtbl {
    COM_IUNKNOWN_SLOTS(IPinCount);
    VOID (NTAPI *PinCount)(IPinCount *This, ULONG PinId,
        PULONG FilterNecessary, PULONG FilterCurrent, PULONG FilterPossible,
        PULONG GlobalCurrent, PULONG GlobalPossible);
};
COM_SLOT(IPinCountVtbl, PinCount, 3);

struct IPowerNotifyVtbl {
    COM_IUNKNOWN_SLOTS(IPowerNotify);
    VOID (NTAPI *PowerChangeNotify)(IPowerNotify *This, POWER_STATE PowerState);
};
COM_SLOT(IPowerNotifyVtbl, PowerChangeNotify, 3);

#define IADAPTERPOWERMANAGEMENT_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    VOID (NTAPI *PowerChangeState)(I *This, POWER_STATE NewState); \
    NTSTATUS (NTAPI *QueryPowerChangeState)(I *This, \
        POWER_STATE NewStateQuery); \
    NTSTATUS (NTAPI *QueryDeviceCapabilities)(I *This, \
        PDEVICE_CAPABILITIES PowerDeviceCaps)

struct IAdapterPowerManagementVtbl {
    IADAPTERPOWERMANAGEMENT_SLOTS(IAdapterPowerManagement);
};
COM_SLOT(IAdapterPowerManagementVtbl, PowerChangeState, 3);
COM_SLOT(IAdapterPowerManagementVtbl, QueryPowerChangeState, 4);
COM_SLOT(IAdapterPowerManagementVtbl, QueryDeviceCapabilities, 5);

enum {
    kVersionInvalid = -1,
    kVersionWin98,
    kVersionWin98SE,
    kVersionWin2K,
    kVersionWin98SE_QFE2,
    kVersionWin2K_SP2,
    kVersionWinME,
    kVersionWin98SE_QFE3,
    kVersionWinME_QFE1,
    kVersionWinXP,
    kVersionWinXPSP1,
    kVersionWinServer2003,
    kVersionWin2K_UAAQFE,
    kVersionWinXP_UAAQFE,
    kVersionWinServer2003_UAAQFE,
    /* Microsoft's list ends here: Vista and every later Windows report
     * kVersionWindowsLonghorn. */
    kVersionWindowsLonghorn
};

struct IPortClsVersionVtbl {
    COM_IUNKNOWN_SLOTS(IPortClsVersion);
    DWORD (NTAPI *GetVersion)(IPortClsVersion *This);
};
COM_SLOT(IPortClsVersionVtbl, GetVersion, 3);

/* Free functions ----------------------------------------------------------- */

/*
 * The adapter's StartDevice, called for IRP_MN_START_DEVICE at
 * PASSIVE_LEVEL. Microsoft declares it without a calling convention, so a
 * driver's plain C function is one; unlike the COM methods it is not NTAPI.
 */
typedef NTSTATUS (*PCPFNSTARTDEVICE)(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                     PRESOURCELIST ResourceList);

PORTCLASSAPI NTSTATUS NTAPI PcInitializeAdapterDriver(
    PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPathName,
    PDRIVER_ADD_DEVICE AddDevice);
PORTCLASSAPI NTSTATUS NTAPI PcAddAdapterDevice(PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject, PCPFNSTARTDEVICE StartDevice,
    ULONG MaxObjects, ULONG DeviceExtensionSize);
PORTCLASSAPI NTSTATUS NTAPI PcDispatchIrp(PDEVICE_OBJECT DeviceObject,
                                          PIRP Irp);
PORTCLASSAPI NTSTATUS NTAPI PcCompleteIrp(PDEVICE_OBJECT DeviceObject,
                                          PIRP Irp, NTSTATUS Status);
PORTCLASSAPI NTSTATUS NTAPI PcForwardIrpSynchronous(
    PDEVICE_OBJECT DeviceObject, PIRP Irp);
PORTCLASSAPI NTSTATUS NTAPI PcNewPort(PPORT *OutPort, REFCLSID ClassId);
PORTCLASSAPI NTSTATUS NTAPI PcNewMiniport(PMINIPORT *OutMiniport,
                                          REFCLSID ClassId);
PORTCLASSAPI NTSTATUS NTAPI PcRegisterSubdevice(PDEVICE_OBJECT DeviceObject,
                                                PWCHAR Name, PUNKNOWN Unknown);
PORTCLASSAPI NTSTATUS NTAPI PcRegisterPhysicalConnection(
    PDEVICE_OBJECT DeviceObject, PUNKNOWN FromUnknown, ULONG FromPin,
    PUNKNOWN ToUnknown, ULONG ToPin);
PORTCLASSAPI NTSTATUS NTAPI PcRegisterPhysicalConnectionToExternal(
    PDEVICE_OBJECT DeviceObject, PUNKNOWN FromUnknown, ULONG FromPin,
    PUNICODE_STRING ToString, ULONG ToPin);
PORTCLASSAPI NTSTATUS NTAPI PcRegisterPhysicalConnectionFromExternal(
    PDEVICE_OBJECT DeviceObject, PUNICODE_STRING FromString, ULONG FromPin,
    PUNKNOWN ToUnknown, ULONG ToPin);
PORTCLASSAPI NTSTATUS NTAPI PcNewServiceGroup(PSERVICEGROUP *OutServiceGroup,
                                              PUNKNOWN OuterUnknown);
PORTCLASSAPI NTSTATUS NTAPI PcNewInterruptSync(
    PINTERRUPTSYNC *OutInterruptSync, PUNKNOWN OuterUnknown,
    PRESOURCELIST ResourceList, ULONG ResourceIndex, INTERRUPTSYNCMODE Mode);
PORTCLASSAPI NTSTATUS NTAPI PcNewResourceList(PRESOURCELIST *OutResourceList,
    PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
    PCM_RESOURCE_LIST TranslatedResources,
    PCM_RESOURCE_LIST UntranslatedResources);
PORTCLASSAPI NTSTATUS NTAPI PcNewResourceSublist(
    PRESOURCELIST *OutResourceList, PUNKNOWN OuterUnknown,
    POOL_TYPE PoolType, PRESOURCELIST ParentList, ULONG MaximumEntries);
PORTCLASSAPI NTSTATUS NTAPI PcNewRegistryKey(PREGISTRYKEY *OutRegistryKey,
    PUNKNOWN OuterUnknown, ULONG RegistryKeyType, ACCESS_MASK DesiredAccess,
    PVOID DeviceObject, PVOID SubDevice, POBJECT_ATTRIBUTES ObjectAttributes,
    ULONG CreateOptions, PULONG Disposition);
PORTCLASSAPI NTSTATUS NTAPI PcGetDeviceProperty(PVOID DeviceObject,
    DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength,
    PVOID PropertyBuffer, PULONG ResultLength);
PORTCLASSAPI NTSTATUS NTAPI PcRegisterAdapterPowerManagement(
    PUNKNOWN Unknown, PVOID PvContext);
PORTCLASSAPI NTSTATUS NTAPI PcUnregisterAdapterPowerManagement(
    PDEVICE_OBJECT DeviceObject);
PORTCLASSAPI NTSTATUS NTAPI PcCompletePendingPropertyRequest(
    PPCPROPERTY_REQUEST PropertyRequest, NTSTATUS NtStatus);
PORTCLASSAPI ULONGLONG NTAPI PcGetTimeInterval(ULONGLONG Since);
/* Obsolete since Windows 2000 (IPortWaveCyclic::NewXxxDmaChannel replace
 * it) and kept for old drivers. */
PORTCLASSAPI NTSTATUS NTAPI PcNewDmaChannel(PDMACHANNEL *OutDmaChannel,
    PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
    PDEVICE_DESCRIPTION DeviceDescription, PDEVICE_OBJECT DeviceObject);
/* Any IRQL. The PDO under an adapter's FDO. */
PORTCLASSAPI NTSTATUS NTAPI PcGetPhysicalDeviceObject(
    PDEVICE_OBJECT pDeviceObject, PDEVICE_OBJECT *ppPhysicalObject);

#define GTI_SECONDS(t)      ((ULONGLONG)(t) * 10000000)
#define GTI_MILLISECONDS(t) ((ULONGLONG)(t) * 10000)
#define GTI_MICROSECONDS(t) ((ULONGLONG)(t) * 10)

/* WaveRT ------------------------------------------------------------------- */
/*
 * IPortWaveRT adds nothing to IPort. The port maps the miniport's cyclic
 * buffer to the client (KSPROPSETID_RtAudio), which reads the position
 * register itself and waits for the notification events the miniport
 * signals; the port is out of the data path (guest/portcls/README.md).
 */
DEFINE_GUID(IID_IPortWaveRTStream, 0x1809ce5a, 0x64bc, 0x4e62,
            0xbd, 0x7d, 0x95, 0xbc, 0xe4, 0x3d, 0xe3, 0x93);
DEFINE_GUID(IID_IMiniportWaveRT, 0x0f9fc4d6, 0x6061, 0x4f3c,
            0xb1, 0xfc, 0x07, 0x5e, 0x35, 0xf7, 0x96, 0x0a);
DEFINE_GUID(IID_IMiniportWaveRTStream, 0x000ac9ab, 0xfaab, 0x4f3d,
            0x94, 0x55, 0x6f, 0xf8, 0x30, 0x6a, 0x74, 0xa0);
DEFINE_GUID(IID_IMiniportWaveRTStreamNotification, 0x23759128, 0x96f1,
            0x423b, 0xab, 0x4d, 0x81, 0x63, 0x5b, 0xcf, 0x8c, 0xa1);
DEFINE_GUID(IID_IMiniportWaveRTInputStream, 0xcd8e756a, 0x5fc7, 0x4624,
            0x98, 0x4b, 0x2a, 0xf0, 0x29, 0x25, 0xb9, 0x1f);
DEFINE_GUID(IID_IMiniportWaveRTOutputStream, 0x831fc7bc, 0x6347, 0x44bc,
            0xb4, 0x7b, 0xc0, 0xc6, 0x57, 0xb5, 0xbf, 0x73);

COM_INTERFACE(IPortWaveRT);
typedef IPortWaveRT *PPORTWAVERT;
COM_INTERFACE(IPortWaveRTStream);
typedef IPortWaveRTStream *PPORTWAVERTSTREAM;
COM_INTERFACE(IMiniportWaveRT);
typedef IMiniportWaveRT *PMINIPORTWAVERT;
COM_INTERFACE(IMiniportWaveRTStream);
typedef IMiniportWaveRTStream *PMINIPORTWAVERTSTREAM;
COM_INTERFACE(IMiniportWaveRTStreamNotification);
typedef IMiniportWaveRTStreamNotification
    *PMINIPORTWAVERTSTREAMNOTIFICATION;
COM_INTERFACE(IMiniportWaveRTInputStream);
typedef IMiniportWaveRTInputStream *PMINIPORTWAVERTINPUTSTREAM;
COM_INTERFACE(IMiniportWaveRTOutputStream);
typedef IMiniportWaveRTOutputStream *PMINIPORTWAVERTOUTPUTSTREAM;

struct IPortWaveRTVtbl {
    IPORT_SLOTS(IPortWaveRT);
};
COM_SLOT(IPortWaveRTVtbl, Init, 3);
COM_SLOT(IPortWaveRTVtbl, NewRegistryKey, 5);

/*
 * Deviation: the pages of one MDL are one physically contiguous run (the
 * guest is identity mapped, see guest/nt/mdl.c), so AllocatePagesForMdl
 * buffers also suit a device without scatter-gather.
 */
struct IPortWaveRTStreamVtbl {
    COM_IUNKNOWN_SLOTS(IPortWaveRTStream);
    PMDL (NTAPI *AllocatePagesForMdl)(IPortWaveRTStream *This,
        PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes);
    PMDL (NTAPI *AllocateContiguousPagesForMdl)(IPortWaveRTStream *This,
        PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
        SIZE_T TotalBytes);
    PVOID (NTAPI *MapAllocatedPages)(IPortWaveRTStream *This,
        PMDL MemoryDescriptorList, MEMORY_CACHING_TYPE CacheType);
    VOID (NTAPI *UnmapAllocatedPages)(IPortWaveRTStream *This,
        PVOID BaseAddress, PMDL MemoryDescriptorList);
    VOID (NTAPI *FreePagesFromMdl)(IPortWaveRTStream *This,
        PMDL MemoryDescriptorList);
    ULONG (NTAPI *GetPhysicalPagesCount)(IPortWaveRTStream *This,
        PMDL MemoryDescriptorList);
    PHYSICAL_ADDRESS (NTAPI *GetPhysicalPageAddress)(IPortWaveRTStream *This,
        PMDL MemoryDescriptorList, ULONG Index);
};
COM_SLOT(IPortWaveRTStreamVtbl, AllocatePagesForMdl, 3);
COM_SLOT(IPortWaveRTStreamVtbl, AllocateContiguousPagesForMdl, 4);
COM_SLOT(IPortWaveRTStreamVtbl, MapAllocatedPages, 5);
COM_SLOT(IPortWaveRTStreamVtbl, UnmapAllocatedPages, 6);
COM_SLOT(IPortWaveRTStreamVtbl, FreePagesFromMdl, 7);
COM_SLOT(IPortWaveRTStreamVtbl, GetPhysicalPagesCount, 8);
COM_SLOT(IPortWaveRTStreamVtbl, GetPhysicalPageAddress, 9);

struct IMiniportWaveRTVtbl {
    IMINIPORT_SLOTS(IMiniportWaveRT);
    NTSTATUS (NTAPI *Init)(IMiniportWaveRT *This, PUNKNOWN UnknownAdapter,
        PRESOURCELIST ResourceList, PPORTWAVERT Port);
    NTSTATUS (NTAPI *NewStream)(IMiniportWaveRT *This,
        PMINIPORTWAVERTSTREAM *Stream, PPORTWAVERTSTREAM PortStream,
        ULONG Pin, BOOLEAN Capture, PKSDATAFORMAT DataFormat);
    NTSTATUS (NTAPI *GetDeviceDescription)(IMiniportWaveRT *This,
        PDEVICE_DESCRIPTION DeviceDescription);
};
COM_SLOT(IMiniportWaveRTVtbl, GetDescription, 3);
COM_SLOT(IMiniportWaveRTVtbl, Init, 5);
COM_SLOT(IMiniportWaveRTVtbl, NewStream, 6);
COM_SLOT(IMiniportWaveRTVtbl, GetDeviceDescription, 7);

#define IMINIPORTWAVERTSTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *SetFormat)(I *This, PKSDATAFORMAT DataFormat); \
    NTSTATUS (NTAPI *SetState)(I *This, KSSTATE State); \
    NTSTATUS (NTAPI *GetPosition)(I *This, PKSAUDIO_POSITION Position); \
    NTSTATUS (NTAPI *AllocateAudioBuffer)(I *This, ULONG RequestedSize, \
        PMDL *AudioBufferMdl, ULONG *ActualSize, \
        ULONG *OffsetFromFirstPage, MEMORY_CACHING_TYPE *CacheType); \
    VOID (NTAPI *FreeAudioBuffer)(I *This, PMDL AudioBufferMdl, \
        ULONG BufferSize); \
    VOID (NTAPI *GetHWLatency)(I *This, KSRTAUDIO_HWLATENCY *HwLatency); \
    NTSTATUS (NTAPI *GetPositionRegister)(I *This, \
        KSRTAUDIO_HWREGISTER *Register); \
    NTSTATUS (NTAPI *GetClockRegister)(I *This, \
        KSRTAUDIO_HWREGISTER *Register)

struct IMiniportWaveRTStreamVtbl {
    IMINIPORTWAVERTSTREAM_SLOTS(IMiniportWaveRTStream);
};
COM_SLOT(IMiniportWaveRTStreamVtbl, SetFormat, 3);
COM_SLOT(IMiniportWaveRTStreamVtbl, GetPosition, 5);
COM_SLOT(IMiniportWaveRTStreamVtbl, AllocateAudioBuffer, 6);
COM_SLOT(IMiniportWaveRTStreamVtbl, GetHWLatency, 8);
COM_SLOT(IMiniportWaveRTStreamVtbl, GetClockRegister, 10);

struct IMiniportWaveRTStreamNotificationVtbl {
    IMINIPORTWAVERTSTREAM_SLOTS(IMiniportWaveRTStreamNotification);
    NTSTATUS (NTAPI *AllocateBufferWithNotification)(
        IMiniportWaveRTStreamNotification *This, ULONG NotificationCount,
        ULONG RequestedSize, PMDL *AudioBufferMdl, ULONG *ActualSize,
        ULONG *OffsetFromFirstPage, MEMORY_CACHING_TYPE *CacheType);
    VOID (NTAPI *FreeBufferWithNotification)(
        IMiniportWaveRTStreamNotification *This, PMDL AudioBufferMdl,
        ULONG BufferSize);
    NTSTATUS (NTAPI *RegisterNotificationEvent)(
        IMiniportWaveRTStreamNotification *This, PKEVENT NotificationEvent);
    NTSTATUS (NTAPI *UnregisterNotificationEvent)(
        IMiniportWaveRTStreamNotification *This, PKEVENT NotificationEvent);
};
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, GetClockRegister, 10);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl,
         AllocateBufferWithNotification, 11);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, FreeBufferWithNotification,
         12);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, RegisterNotificationEvent,
         13);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, UnregisterNotificationEvent,
         14);

struct IMiniportWaveRTInputStreamVtbl {
    COM_IUNKNOWN_SLOTS(IMiniportWaveRTInputStream);
    NTSTATUS (NTAPI *GetReadPacket)(IMiniportWaveRTInputStream *This,
        ULONG *PacketNumber, DWORD *Flags, ULONG64 *PerformanceCounterValue,
        BOOL *MoreData);
};
COM_SLOT(IMiniportWaveRTInputStreamVtbl, GetReadPacket, 3);

struct IMiniportWaveRTOutputStreamVtbl {
    COM_IUNKNOWN_SLOTS(IMiniportWaveRTOutputStream);
    NTSTATUS (NTAPI *SetWritePacket)(IMiniportWaveRTOutputStream *This,
        ULONG PacketNumber, DWORD Flags, ULONG EosPacketLength);
    NTSTATUS (NTAPI *GetOutputStreamPresentationPosition)(
        IMiniportWaveRTOutputStream *This,
        KSAUDIO_PRESENTATION_POSITION *PresentationPosition);
    NTSTATUS (NTAPI *GetPacketCount)(IMiniportWaveRTOutputStream *This,
        ULONG *PacketCount);
};
COM_SLOT(IMiniportWaveRTOutputStreamVtbl, SetWritePacket, 3);
COM_SLOT(IMiniportWaveRTOutputStreamVtbl,
         GetOutputStreamPresentationPosition, 4);
COM_SLOT(IMiniportWaveRTOutputStreamVtbl, GetPacketCount, 5);
/* ---- Power management (IAdapterPowerManagement2, PcRequestNewPowerState) */

DEFINE_GUID(IID_IAdapterPowerManagement2, 0xe0f92e5d, 0x67f5, 0x48ee,
            0xb5, 0x7a, 0x7d, 0x1e, 0x90, 0xc5, 0xf4, 0x3d);
COM_INTERFACE(IAdapterPowerManagement2);
typedef IAdapterPowerManagement2 *PADAPTERPOWERMANAGEMENT2;
struct IAdapterPowerManagement2Vtbl {
    IADAPTERPOWERMANAGEMENT_SLOTS(IAdapterPowerManagement2);
    VOID (NTAPI *PowerChangeState2)(IAdapterPowerManagement2 *This,
        DEVICE_POWER_STATE NewDeviceState,
        SYSTEM_POWER_STATE NewSystemState);
};
COM_SLOT(IAdapterPowerManagement2Vtbl, PowerChangeState2, 6);

/*
 * PASSIVE_LEVEL. Requests a device power IRP for RequestedNewState on the
 * adapter's stack and waits for it; STATUS_SUCCESS at once when the device
 * already is in that state.
 */
PORTCLASSAPI NTSTATUS NTAPI PcRequestNewPowerState(
    PDEVICE_OBJECT DeviceObject, DEVICE_POWER_STATE RequestedNewState);

/* ---- PnP rebalance (IAdapterPnpManagement) ------------------------------ */

typedef enum {
    PcRebalanceNotSupported = 0,
    PcRebalanceRemoveSubdevices
} PC_REBALANCE_TYPE;

DEFINE_GUID(IID_IAdapterPnpManagement, 0x706f2368, 0x4086, 0x47f5,
            0xb9, 0x13, 0x57, 0xb7, 0x6e, 0xed, 0x1a, 0x32);
COM_INTERFACE(IAdapterPnpManagement);
typedef IAdapterPnpManagement *PADAPTERPNPMANAGEMENT;
struct IAdapterPnpManagementVtbl {
    COM_IUNKNOWN_SLOTS(IAdapterPnpManagement);
    PC_REBALANCE_TYPE (NTAPI *GetSupportedRebalanceType)(
        IAdapterPnpManagement *This);
    VOID (NTAPI *PnpQueryStop)(IAdapterPnpManagement *This);
    VOID (NTAPI *PnpCancelStop)(IAdapterPnpManagement *This);
    VOID (NTAPI *PnpStop)(IAdapterPnpManagement *This);
};
COM_SLOT(IAdapterPnpManagementVtbl, GetSupportedRebalanceType, 3);
COM_SLOT(IAdapterPnpManagementVtbl, PnpStop, 6);

PORTCLASSAPI NTSTATUS NTAPI PcRegisterAdapterPnpManagement(
    PUNKNOWN Unknown, PDEVICE_OBJECT DeviceObject);
PORTCLASSAPI NTSTATUS NTAPI PcUnregisterAdapterPnpManagement(
    PDEVICE_OBJECT DeviceObject);
/* WavePci (its PC_GUIDs are in the table at the top) ---------------------- */

DEFINE_GUID(IID_IPreFetchOffset, 0x7000f480, 0xed44, 0x4e8b,
            0xb3, 0x8a, 0x41, 0x2f, 0x8d, 0x7a, 0x50, 0x4d);

COM_INTERFACE(IPortWavePci);
typedef IPortWavePci *PPORTWAVEPCI;
COM_INTERFACE(IPortWavePciStream);
typedef IPortWavePciStream *PPORTWAVEPCISTREAM;
COM_INTERFACE(IMiniportWavePci);
typedef IMiniportWavePci *PMINIPORTWAVEPCI;
COM_INTERFACE(IMiniportWavePciStream);
typedef IMiniportWavePciStream *PMINIPORTWAVEPCISTREAM;
COM_INTERFACE(IPreFetchOffset);
typedef IPreFetchOffset *PPREFETCHOFFSET;

#define IPORTWAVEPCI_SLOTS(I) \
    IPORT_SLOTS(I); \
    VOID (NTAPI *Notify)(I *This, PSERVICEGROUP ServiceGroup); \
    NTSTATUS (NTAPI *NewMasterDmaChannel)(I *This, PDMACHANNEL *DmaChannel, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, \
        PRESOURCELIST ResourceList, BOOLEAN ScatterGather, \
        BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses, \
        BOOLEAN IgnoreCount, DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed, \
        ULONG MaximumLength, ULONG DmaPort)

struct IPortWavePciVtbl {
    IPORTWAVEPCI_SLOTS(IPortWavePci);
};
COM_SLOT(IPortWavePciVtbl, Init, 3);
COM_SLOT(IPortWavePciVtbl, NewRegistryKey, 5);
COM_SLOT(IPortWavePciVtbl, Notify, 6);
COM_SLOT(IPortWavePciVtbl, NewMasterDmaChannel, 7);

/* GetMapping Flags: nonzero marks the last mapping of an I/O packet (IRP). */
#define IPORTWAVEPCISTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *GetMapping)(I *This, PVOID Tag, \
        PPHYSICAL_ADDRESS PhysicalAddress, PVOID *VirtualAddress, \
        PULONG ByteCount, PULONG Flags); \
    NTSTATUS (NTAPI *ReleaseMapping)(I *This, PVOID Tag); \
    NTSTATUS (NTAPI *TerminatePacket)(I *This)

struct IPortWavePciStreamVtbl {
    IPORTWAVEPCISTREAM_SLOTS(IPortWavePciStream);
};
COM_SLOT(IPortWavePciStreamVtbl, GetMapping, 3);
COM_SLOT(IPortWavePciStreamVtbl, ReleaseMapping, 4);
COM_SLOT(IPortWavePciStreamVtbl, TerminatePacket, 5);

#define IMINIPORTWAVEPCI_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    NTSTATUS (NTAPI *Init)(I *This, PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTWAVEPCI Port, \
        PSERVICEGROUP *ServiceGroup); \
    NTSTATUS (NTAPI *NewStream)(I *This, PMINIPORTWAVEPCISTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, \
        PPORTWAVEPCISTREAM PortStream, ULONG Pin, BOOLEAN Capture, \
        PKSDATAFORMAT DataFormat, PDMACHANNEL *DmaChannel, \
        PSERVICEGROUP *ServiceGroup); \
    VOID (NTAPI *Service)(I *This)

struct IMiniportWavePciVtbl {
    IMINIPORTWAVEPCI_SLOTS(IMiniportWavePci);
};
COM_SLOT(IMiniportWavePciVtbl, GetDescription, 3);
COM_SLOT(IMiniportWavePciVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportWavePciVtbl, Init, 5);
COM_SLOT(IMiniportWavePciVtbl, NewStream, 6);
COM_SLOT(IMiniportWavePciVtbl, Service, 7);

#define IMINIPORTWAVEPCISTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    NTSTATUS (NTAPI *SetFormat)(I *This, PKSDATAFORMAT DataFormat); \
    NTSTATUS (NTAPI *SetState)(I *This, KSSTATE State); \
    NTSTATUS (NTAPI *GetPosition)(I *This, PULONGLONG Position); \
    NTSTATUS (NTAPI *NormalizePhysicalPosition)(I *This, \
        PLONGLONG PhysicalPosition); \
    NTSTATUS (NTAPI *GetAllocatorFraming)(I *This, \
        PKSALLOCATOR_FRAMING AllocatorFraming); \
    NTSTATUS (NTAPI *RevokeMappings)(I *This, PVOID FirstTag, PVOID LastTag, \
        PULONG MappingsRevoked); \
    VOID (NTAPI *MappingAvailable)(I *This); \
    VOID (NTAPI *Service)(I *This)

struct IMiniportWavePciStreamVtbl {
    IMINIPORTWAVEPCISTREAM_SLOTS(IMiniportWavePciStream);
};
COM_SLOT(IMiniportWavePciStreamVtbl, SetFormat, 3);
COM_SLOT(IMiniportWavePciStreamVtbl, SetState, 4);
COM_SLOT(IMiniportWavePciStreamVtbl, GetPosition, 5);
COM_SLOT(IMiniportWavePciStreamVtbl, NormalizePhysicalPosition, 6);
COM_SLOT(IMiniportWavePciStreamVtbl, GetAllocatorFraming, 7);
COM_SLOT(IMiniportWavePciStreamVtbl, RevokeMappings, 8);
COM_SLOT(IMiniportWavePciStreamVtbl, MappingAvailable, 9);
COM_SLOT(IMiniportWavePciStreamVtbl, Service, 10);

#define IPREFETCHOFFSET_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    VOID (NTAPI *SetPreFetchOffset)(I *This, ULONG PreFetchOffset)

struct IPreFetchOffsetVtbl {
    IPREFETCHOFFSET_SLOTS(IPreFetchOffset);
};
COM_SLOT(IPreFetchOffsetVtbl, SetPreFetchOffset, 3);

#endif /* CYC_PORTCLS_H */
