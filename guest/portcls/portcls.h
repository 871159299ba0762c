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

EXTERN_C_START

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
    STDMETHOD_(ULONG, NumberOfEntries)(THIS) PURE; \
    STDMETHOD_(ULONG, NumberOfEntriesOfType)(THIS_ \
        CM_RESOURCE_TYPE Type) PURE; \
    STDMETHOD_(PCM_PARTIAL_RESOURCE_DESCRIPTOR, FindTranslatedEntry)( \
        THIS_ CM_RESOURCE_TYPE Type, ULONG Index) PURE; \
    STDMETHOD_(PCM_PARTIAL_RESOURCE_DESCRIPTOR, FindUntranslatedEntry)( \
        THIS_ CM_RESOURCE_TYPE Type, ULONG Index) PURE; \
    STDMETHOD_(NTSTATUS, AddEntry)(THIS_ \
        PCM_PARTIAL_RESOURCE_DESCRIPTOR Translated, \
        PCM_PARTIAL_RESOURCE_DESCRIPTOR Untranslated) PURE; \
    STDMETHOD_(NTSTATUS, AddEntryFromParent)(THIS_ IResourceList *Parent, \
        CM_RESOURCE_TYPE Type, ULONG Index) PURE; \
    STDMETHOD_(PCM_RESOURCE_LIST, TranslatedList)(THIS) PURE; \
    STDMETHOD_(PCM_RESOURCE_LIST, UntranslatedList)(THIS) PURE

#undef INTERFACE
#define INTERFACE IResourceList
DECLARE_INTERFACE_(IResourceList, IUnknown)
{
    IRESOURCELIST_SLOTS(IResourceList);
};
#undef INTERFACE
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
    STDMETHOD_(NTSTATUS, AllocateBuffer)(THIS_ ULONG BufferSize, \
        PPHYSICAL_ADDRESS PhysicalAddressConstraint) PURE; \
    STDMETHOD_(VOID, FreeBuffer)(THIS) PURE; \
    STDMETHOD_(ULONG, TransferCount)(THIS) PURE; \
    STDMETHOD_(ULONG, MaximumBufferSize)(THIS) PURE; \
    STDMETHOD_(ULONG, AllocatedBufferSize)(THIS) PURE; \
    STDMETHOD_(ULONG, BufferSize)(THIS) PURE; \
    STDMETHOD_(VOID, SetBufferSize)(THIS_ ULONG BufferSize) PURE; \
    STDMETHOD_(PVOID, SystemAddress)(THIS) PURE; \
    STDMETHOD_(PHYSICAL_ADDRESS, PhysicalAddress)(THIS) PURE; \
    STDMETHOD_(PADAPTER_OBJECT, GetAdapterObject)(THIS) PURE; \
    STDMETHOD_(VOID, CopyTo)(THIS_ PVOID Destination, PVOID Source, \
        ULONG ByteCount) PURE; \
    STDMETHOD_(VOID, CopyFrom)(THIS_ PVOID Destination, PVOID Source, \
        ULONG ByteCount) PURE

#define IDMACHANNELSLAVE_SLOTS(I) \
    IDMACHANNEL_SLOTS(I); \
    STDMETHOD_(NTSTATUS, Start)(THIS_ ULONG MapSize, \
        BOOLEAN WriteToDevice) PURE; \
    STDMETHOD_(NTSTATUS, Stop)(THIS) PURE; \
    STDMETHOD_(ULONG, ReadCounter)(THIS) PURE; \
    STDMETHOD_(NTSTATUS, WaitForTC)(THIS_ ULONG Timeout) PURE

#undef INTERFACE
#define INTERFACE IDmaChannel
DECLARE_INTERFACE_(IDmaChannel, IUnknown)
{
    IDMACHANNEL_SLOTS(IDmaChannel);
};
#undef INTERFACE
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

#undef INTERFACE
#define INTERFACE IDmaChannelSlave
DECLARE_INTERFACE_(IDmaChannelSlave, IDmaChannel)
{
    IDMACHANNELSLAVE_SLOTS(IDmaChannelSlave);
};
#undef INTERFACE
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
    STDMETHOD_(NTSTATUS, CallSynchronizedRoutine)(THIS_ \
        PINTERRUPTSYNCROUTINE Routine, PVOID DynamicContext) PURE; \
    STDMETHOD_(PKINTERRUPT, GetKInterrupt)(THIS) PURE; \
    STDMETHOD_(NTSTATUS, Connect)(THIS) PURE; \
    STDMETHOD_(VOID, Disconnect)(THIS) PURE; \
    STDMETHOD_(NTSTATUS, RegisterServiceRoutine)(THIS_ \
        PINTERRUPTSYNCROUTINE Routine, PVOID DynamicContext, BOOLEAN First) PURE

#undef INTERFACE
#define INTERFACE IInterruptSync
DECLARE_INTERFACE_(IInterruptSync, IUnknown)
{
    IINTERRUPTSYNC_SLOTS(IInterruptSync);
};
#undef INTERFACE
COM_SLOT(IInterruptSyncVtbl, CallSynchronizedRoutine, 3);
COM_SLOT(IInterruptSyncVtbl, GetKInterrupt, 4);
COM_SLOT(IInterruptSyncVtbl, Connect, 5);
COM_SLOT(IInterruptSyncVtbl, Disconnect, 6);
COM_SLOT(IInterruptSyncVtbl, RegisterServiceRoutine, 7);

/* IServiceSink / IServiceGroup --------------------------------------------- */

#define ISERVICESINK_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(VOID, RequestService)(THIS) PURE

#define ISERVICEGROUP_SLOTS(I) \
    ISERVICESINK_SLOTS(I); \
    STDMETHOD_(NTSTATUS, AddMember)(THIS_ PSERVICESINK pServiceSink) PURE; \
    STDMETHOD_(VOID, RemoveMember)(THIS_ PSERVICESINK pServiceSink) PURE; \
    STDMETHOD_(VOID, SupportDelayedService)(THIS) PURE; \
    STDMETHOD_(VOID, RequestDelayedService)(THIS_ ULONGLONG ullDelay) PURE; \
    STDMETHOD_(VOID, CancelDelayedService)(THIS) PURE

#undef INTERFACE
#define INTERFACE IServiceSink
DECLARE_INTERFACE_(IServiceSink, IUnknown)
{
    ISERVICESINK_SLOTS(IServiceSink);
};
#undef INTERFACE
COM_SLOT(IServiceSinkVtbl, RequestService, 3);

#undef INTERFACE
#define INTERFACE IServiceGroup
DECLARE_INTERFACE_(IServiceGroup, IServiceSink)
{
    ISERVICEGROUP_SLOTS(IServiceGroup);
};
#undef INTERFACE
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
    STDMETHOD_(NTSTATUS, QueryKey)(THIS_ \
        KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation, \
        ULONG Length, PULONG ResultLength) PURE; \
    STDMETHOD_(NTSTATUS, EnumerateKey)(THIS_ ULONG Index, \
        KEY_INFORMATION_CLASS KeyInformationClass, PVOID KeyInformation, \
        ULONG Length, PULONG ResultLength) PURE; \
    STDMETHOD_(NTSTATUS, QueryValueKey)(THIS_ PUNICODE_STRING ValueName, \
        KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, \
        PVOID KeyValueInformation, ULONG Length, PULONG ResultLength) PURE; \
    STDMETHOD_(NTSTATUS, EnumerateValueKey)(THIS_ ULONG Index, \
        KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, \
        PVOID KeyValueInformation, ULONG Length, PULONG ResultLength) PURE; \
    STDMETHOD_(NTSTATUS, SetValueKey)(THIS_ PUNICODE_STRING ValueName, \
        ULONG Type, PVOID Data, ULONG DataSize) PURE; \
    STDMETHOD_(NTSTATUS, QueryRegistryValues)(THIS_ \
        PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context) PURE; \
    STDMETHOD_(NTSTATUS, NewSubKey)(THIS_ IRegistryKey **RegistrySubKey, \
        PUNKNOWN OuterUnknown, ACCESS_MASK DesiredAccess, \
        PUNICODE_STRING SubKeyName, ULONG CreateOptions, \
        PULONG Disposition) PURE; \
    STDMETHOD_(NTSTATUS, DeleteKey)(THIS) PURE

#undef INTERFACE
#define INTERFACE IRegistryKey
DECLARE_INTERFACE_(IRegistryKey, IUnknown)
{
    IREGISTRYKEY_SLOTS(IRegistryKey);
};
#undef INTERFACE
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
    STDMETHOD_(NTSTATUS, Init)(THIS_ PDEVICE_OBJECT DeviceObject, PIRP Irp, \
        PUNKNOWN UnknownMiniport, PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList) PURE; \
    STDMETHOD_(NTSTATUS, GetDeviceProperty)(THIS_ \
        DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength, \
        PVOID PropertyBuffer, PULONG ResultLength) PURE; \
    STDMETHOD_(NTSTATUS, NewRegistryKey)(THIS_ PREGISTRYKEY *OutRegistryKey, \
        PUNKNOWN OuterUnknown, ULONG RegistryKeyType, \
        ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes, \
        ULONG CreateOptions, PULONG Disposition) PURE

#define IMINIPORT_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, GetDescription)(THIS_ \
        PPCFILTER_DESCRIPTOR *Description) PURE; \
    STDMETHOD_(NTSTATUS, DataRangeIntersection)(THIS_ ULONG PinId, \
        PKSDATARANGE DataRange, PKSDATARANGE MatchingDataRange, \
        ULONG OutputBufferLength, PVOID ResultantFormat, \
        PULONG ResultantFormatLength) PURE

#undef INTERFACE
#define INTERFACE IPort
DECLARE_INTERFACE_(IPort, IUnknown)
{
    IPORT_SLOTS(IPort);
};
#undef INTERFACE
COM_SLOT(IPortVtbl, Init, 3);
COM_SLOT(IPortVtbl, GetDeviceProperty, 4);
COM_SLOT(IPortVtbl, NewRegistryKey, 5);

#undef INTERFACE
#define INTERFACE IMiniport
DECLARE_INTERFACE_(IMiniport, IUnknown)
{
    IMINIPORT_SLOTS(IMiniport);
};
#undef INTERFACE
COM_SLOT(IMiniportVtbl, GetDescription, 3);
COM_SLOT(IMiniportVtbl, DataRangeIntersection, 4);

/* WaveCyclic --------------------------------------------------------------- */

#define IPORTWAVECYCLIC_SLOTS(I) \
    IPORT_SLOTS(I); \
    STDMETHOD_(VOID, Notify)(THIS_ PSERVICEGROUP ServiceGroup) PURE; \
    STDMETHOD_(NTSTATUS, NewSlaveDmaChannel)(THIS_ \
        PDMACHANNELSLAVE *DmaChannel, PUNKNOWN OuterUnknown, \
        PRESOURCELIST ResourceList, ULONG DmaIndex, ULONG MaximumLength, \
        BOOLEAN DemandMode, DMA_SPEED DmaSpeed) PURE; \
    STDMETHOD_(NTSTATUS, NewMasterDmaChannel)(THIS_ PDMACHANNEL *DmaChannel, \
        PUNKNOWN OuterUnknown, PRESOURCELIST ResourceList, \
        ULONG MaximumLength, BOOLEAN Dma32BitAddresses, \
        BOOLEAN Dma64BitAddresses, DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed) PURE

#undef INTERFACE
#define INTERFACE IPortWaveCyclic
DECLARE_INTERFACE_(IPortWaveCyclic, IPort)
{
    IPORTWAVECYCLIC_SLOTS(IPortWaveCyclic);
};
#undef INTERFACE
COM_SLOT(IPortWaveCyclicVtbl, Init, 3);
COM_SLOT(IPortWaveCyclicVtbl, NewRegistryKey, 5);
COM_SLOT(IPortWaveCyclicVtbl, Notify, 6);
COM_SLOT(IPortWaveCyclicVtbl, NewSlaveDmaChannel, 7);
COM_SLOT(IPortWaveCyclicVtbl, NewMasterDmaChannel, 8);

#define IMINIPORTWAVECYCLIC_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    STDMETHOD_(NTSTATUS, Init)(THIS_ PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTWAVECYCLIC Port) PURE; \
    STDMETHOD_(NTSTATUS, NewStream)(THIS_ PMINIPORTWAVECYCLICSTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, ULONG Pin, \
        BOOLEAN Capture, PKSDATAFORMAT DataFormat, PDMACHANNEL *DmaChannel, \
        PSERVICEGROUP *ServiceGroup) PURE

#undef INTERFACE
#define INTERFACE IMiniportWaveCyclic
DECLARE_INTERFACE_(IMiniportWaveCyclic, IMiniport)
{
    IMINIPORTWAVECYCLIC_SLOTS(IMiniportWaveCyclic);
};
#undef INTERFACE
COM_SLOT(IMiniportWaveCyclicVtbl, GetDescription, 3);
COM_SLOT(IMiniportWaveCyclicVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportWaveCyclicVtbl, Init, 5);
COM_SLOT(IMiniportWaveCyclicVtbl, NewStream, 6);

#define IMINIPORTWAVECYCLICSTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, SetFormat)(THIS_ PKSDATAFORMAT DataFormat) PURE; \
    STDMETHOD_(ULONG, SetNotificationFreq)(THIS_ ULONG Interval, \
        PULONG FrameSize) PURE; \
    STDMETHOD_(NTSTATUS, SetState)(THIS_ KSSTATE State) PURE; \
    STDMETHOD_(NTSTATUS, GetPosition)(THIS_ PULONG Position) PURE; \
    STDMETHOD_(NTSTATUS, NormalizePhysicalPosition)(THIS_ \
        PLONGLONG PhysicalPosition) PURE; \
    STDMETHOD_(VOID, Silence)(THIS_ PVOID Buffer, ULONG ByteCount) PURE

#undef INTERFACE
#define INTERFACE IMiniportWaveCyclicStream
DECLARE_INTERFACE_(IMiniportWaveCyclicStream, IUnknown)
{
    IMINIPORTWAVECYCLICSTREAM_SLOTS(IMiniportWaveCyclicStream);
};
#undef INTERFACE
COM_SLOT(IMiniportWaveCyclicStreamVtbl, SetFormat, 3);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, SetNotificationFreq, 4);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, SetState, 5);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, GetPosition, 6);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, NormalizePhysicalPosition, 7);
COM_SLOT(IMiniportWaveCyclicStreamVtbl, Silence, 8);

/* MIDI --------------------------------------------------------------------- */

#define IPORTMIDI_SLOTS(I) \
    IPORT_SLOTS(I); \
    STDMETHOD_(VOID, Notify)(THIS_ PSERVICEGROUP ServiceGroup) PURE; \
    STDMETHOD_(VOID, RegisterServiceGroup)(THIS_ \
        PSERVICEGROUP ServiceGroup) PURE

#undef INTERFACE
#define INTERFACE IPortMidi
DECLARE_INTERFACE_(IPortMidi, IPort)
{
    IPORTMIDI_SLOTS(IPortMidi);
};
#undef INTERFACE
COM_SLOT(IPortMidiVtbl, Init, 3);
COM_SLOT(IPortMidiVtbl, NewRegistryKey, 5);
COM_SLOT(IPortMidiVtbl, Notify, 6);
COM_SLOT(IPortMidiVtbl, RegisterServiceGroup, 7);

#define IMINIPORTMIDI_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    STDMETHOD_(NTSTATUS, Init)(THIS_ PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTMIDI Port, \
        PSERVICEGROUP *ServiceGroup) PURE; \
    STDMETHOD_(VOID, Service)(THIS) PURE; \
    STDMETHOD_(NTSTATUS, NewStream)(THIS_ PMINIPORTMIDISTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, ULONG Pin, \
        BOOLEAN Capture, PKSDATAFORMAT DataFormat, \
        PSERVICEGROUP *ServiceGroup) PURE

#undef INTERFACE
#define INTERFACE IMiniportMidi
DECLARE_INTERFACE_(IMiniportMidi, IMiniport)
{
    IMINIPORTMIDI_SLOTS(IMiniportMidi);
};
#undef INTERFACE
COM_SLOT(IMiniportMidiVtbl, GetDescription, 3);
COM_SLOT(IMiniportMidiVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportMidiVtbl, Init, 5);
COM_SLOT(IMiniportMidiVtbl, Service, 6);
COM_SLOT(IMiniportMidiVtbl, NewStream, 7);

#define IMINIPORTMIDISTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, SetFormat)(THIS_ PKSDATAFORMAT DataFormat) PURE; \
    STDMETHOD_(NTSTATUS, SetState)(THIS_ KSSTATE State) PURE; \
    STDMETHOD_(NTSTATUS, Read)(THIS_ PVOID BufferAddress, \
        ULONG BufferLength, PULONG BytesRead) PURE; \
    STDMETHOD_(NTSTATUS, Write)(THIS_ PVOID BufferAddress, \
        ULONG BytesToWrite, PULONG BytesWritten) PURE

#undef INTERFACE
#define INTERFACE IMiniportMidiStream
DECLARE_INTERFACE_(IMiniportMidiStream, IUnknown)
{
    IMINIPORTMIDISTREAM_SLOTS(IMiniportMidiStream);
};
#undef INTERFACE
COM_SLOT(IMiniportMidiStreamVtbl, SetFormat, 3);
COM_SLOT(IMiniportMidiStreamVtbl, SetState, 4);
COM_SLOT(IMiniportMidiStreamVtbl, Read, 5);
COM_SLOT(IMiniportMidiStreamVtbl, Write, 6);

/* Asked of a system-supplied MIDI miniport before Init: the Technology of
 * its data ranges (KSMUSIC_TECHNOLOGY_PORT unless told otherwise). */
#define IMUSICTECHNOLOGY_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, SetTechnology)(THIS_ const GUID *Technology) PURE

#undef INTERFACE
#define INTERFACE IMusicTechnology
DECLARE_INTERFACE_(IMusicTechnology, IUnknown)
{
    IMUSICTECHNOLOGY_SLOTS(IMusicTechnology);
};
#undef INTERFACE
COM_SLOT(IMusicTechnologyVtbl, SetTechnology, 3);

/* Topology ----------------------------------------------------------------- */

#define IPORTTOPOLOGY_SLOTS(I) IPORT_SLOTS(I)

#undef INTERFACE
#define INTERFACE IPortTopology
DECLARE_INTERFACE_(IPortTopology, IPort)
{
    IPORTTOPOLOGY_SLOTS(IPortTopology);
};
#undef INTERFACE
COM_SLOT(IPortTopologyVtbl, NewRegistryKey, 5);

#define IMINIPORTTOPOLOGY_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    STDMETHOD_(NTSTATUS, Init)(THIS_ PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTTOPOLOGY Port) PURE

#undef INTERFACE
#define INTERFACE IMiniportTopology
DECLARE_INTERFACE_(IMiniportTopology, IMiniport)
{
    IMINIPORTTOPOLOGY_SLOTS(IMiniportTopology);
};
#undef INTERFACE
COM_SLOT(IMiniportTopologyVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportTopologyVtbl, Init, 5);

/* IPortEvents -------------------------------------------------------------- */

#define IPORTEVENTS_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(VOID, AddEventToEventList)(THIS_ \
        PKSEVENT_ENTRY EventEntry) PURE; \
    STDMETHOD_(VOID, GenerateEventList)(THIS_ GUID *Set, ULONG EventId, \
        BOOL PinEvent, ULONG PinId, BOOL NodeEvent, ULONG NodeId) PURE

#undef INTERFACE
#define INTERFACE IPortEvents
DECLARE_INTERFACE_(IPortEvents, IUnknown)
{
    IPORTEVENTS_SLOTS(IPortEvents);
};
#undef INTERFACE
COM_SLOT(IPortEventsVtbl, AddEventToEventList, 3);
COM_SLOT(IPortEventsVtbl, GenerateEventList, 4);

/* Unregistration ----------------------------------------------------------- */

#undef INTERFACE
#define INTERFACE IUnregisterSubdevice
DECLARE_INTERFACE_(IUnregisterSubdevice, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IUnregisterSubdevice);
    STDMETHOD_(NTSTATUS, UnregisterSubdevice)(THIS_
        PDEVICE_OBJECT DeviceObject, PUNKNOWN Unknown) PURE;
};
#undef INTERFACE
COM_SLOT(IUnregisterSubdeviceVtbl, UnregisterSubdevice, 3);

#undef INTERFACE
#define INTERFACE IUnregisterPhysicalConnection
DECLARE_INTERFACE_(IUnregisterPhysicalConnection, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IUnregisterPhysicalConnection);
    STDMETHOD_(NTSTATUS, UnregisterPhysicalConnection)(
        THIS_ PDEVICE_OBJECT DeviceObject,
        PUNKNOWN FromUnknown, ULONG FromPin, PUNKNOWN ToUnknown,
        ULONG ToPin) PURE;
    STDMETHOD_(NTSTATUS, UnregisterPhysicalConnectionToExternal)(
        THIS_ PDEVICE_OBJECT DeviceObject,
        PUNKNOWN FromUnknown, ULONG FromPin, PUNICODE_STRING ToString,
        ULONG ToPin) PURE;
    STDMETHOD_(NTSTATUS, UnregisterPhysicalConnectionFromExternal)(
        THIS_ PDEVICE_OBJECT DeviceObject,
        PUNICODE_STRING FromString, ULONG FromPin, PUNKNOWN ToUnknown,
        ULONG ToPin) PURE;
};
#undef INTERFACE
COM_SLOT(IUnregisterPhysicalConnectionVtbl, UnregisterPhysicalConnection, 3);
COM_SLOT(IUnregisterPhysicalConnectionVtbl,
         UnregisterPhysicalConnectionToExternal, 4);
COM_SLOT(IUnregisterPhysicalConnectionVtbl,
         UnregisterPhysicalConnectionFromExternal, 5);

/* Optional miniport interfaces --------------------------------------------- */

#undef INTERFACE
#define INTERFACE IPinCount
DECLARE_INTERFACE_(IPinCount, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IPinCount);
    STDMETHOD_(VOID, PinCount)(THIS_ ULONG PinId,
        PULONG FilterNecessary, PULONG FilterCurrent, PULONG FilterPossible,
        PULONG GlobalCurrent, PULONG GlobalPossible) PURE;
};
#undef INTERFACE
COM_SLOT(IPinCountVtbl, PinCount, 3);

#undef INTERFACE
#define INTERFACE IPowerNotify
DECLARE_INTERFACE_(IPowerNotify, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IPowerNotify);
    STDMETHOD_(VOID, PowerChangeNotify)(THIS_ POWER_STATE PowerState) PURE;
};
#undef INTERFACE
COM_SLOT(IPowerNotifyVtbl, PowerChangeNotify, 3);

#define IADAPTERPOWERMANAGEMENT_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(VOID, PowerChangeState)(THIS_ POWER_STATE NewState) PURE; \
    STDMETHOD_(NTSTATUS, QueryPowerChangeState)(THIS_ \
        POWER_STATE NewStateQuery) PURE; \
    STDMETHOD_(NTSTATUS, QueryDeviceCapabilities)(THIS_ \
        PDEVICE_CAPABILITIES PowerDeviceCaps) PURE

#undef INTERFACE
#define INTERFACE IAdapterPowerManagement
DECLARE_INTERFACE_(IAdapterPowerManagement, IUnknown)
{
    IADAPTERPOWERMANAGEMENT_SLOTS(IAdapterPowerManagement);
};
#undef INTERFACE
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

#undef INTERFACE
#define INTERFACE IPortClsVersion
DECLARE_INTERFACE_(IPortClsVersion, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IPortClsVersion);
    STDMETHOD_(DWORD, GetVersion)(THIS) PURE;
};
#undef INTERFACE
COM_SLOT(IPortClsVersionVtbl, GetVersion, 3);

/* Free functions ----------------------------------------------------------- */

/*
 * The adapter's StartDevice, called for IRP_MN_START_DEVICE at
 * PASSIVE_LEVEL. Microsoft declares it without a calling convention: x64
 * Windows has one, the Windows x64 convention, which is NTAPI here (a driver
 * built with -mabi=ms writes a plain function; one built as the runtime is
 * marks it NTAPI).
 */
typedef NTSTATUS (NTAPI *PCPFNSTARTDEVICE)(PDEVICE_OBJECT DeviceObject,
                                           PIRP Irp,
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

#undef INTERFACE
#define INTERFACE IPortWaveRT
DECLARE_INTERFACE_(IPortWaveRT, IPort)
{
    IPORT_SLOTS(IPortWaveRT);
};
#undef INTERFACE
COM_SLOT(IPortWaveRTVtbl, Init, 3);
COM_SLOT(IPortWaveRTVtbl, NewRegistryKey, 5);

/*
 * Deviation: the pages of one MDL are one physically contiguous run (the
 * guest is identity mapped, see guest/nt/mdl.c), so AllocatePagesForMdl
 * buffers also suit a device without scatter-gather.
 */
#undef INTERFACE
#define INTERFACE IPortWaveRTStream
DECLARE_INTERFACE_(IPortWaveRTStream, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IPortWaveRTStream);
    STDMETHOD_(PMDL, AllocatePagesForMdl)(THIS_
        PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes) PURE;
    STDMETHOD_(PMDL, AllocateContiguousPagesForMdl)(THIS_
        PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
        SIZE_T TotalBytes) PURE;
    STDMETHOD_(PVOID, MapAllocatedPages)(THIS_
        PMDL MemoryDescriptorList, MEMORY_CACHING_TYPE CacheType) PURE;
    STDMETHOD_(VOID, UnmapAllocatedPages)(THIS_
        PVOID BaseAddress, PMDL MemoryDescriptorList) PURE;
    STDMETHOD_(VOID, FreePagesFromMdl)(THIS_
        PMDL MemoryDescriptorList) PURE;
    STDMETHOD_(ULONG, GetPhysicalPagesCount)(THIS_
        PMDL MemoryDescriptorList) PURE;
    STDMETHOD_(PHYSICAL_ADDRESS, GetPhysicalPageAddress)(THIS_
        PMDL MemoryDescriptorList, ULONG Index) PURE;
};
#undef INTERFACE
COM_SLOT(IPortWaveRTStreamVtbl, AllocatePagesForMdl, 3);
COM_SLOT(IPortWaveRTStreamVtbl, AllocateContiguousPagesForMdl, 4);
COM_SLOT(IPortWaveRTStreamVtbl, MapAllocatedPages, 5);
COM_SLOT(IPortWaveRTStreamVtbl, UnmapAllocatedPages, 6);
COM_SLOT(IPortWaveRTStreamVtbl, FreePagesFromMdl, 7);
COM_SLOT(IPortWaveRTStreamVtbl, GetPhysicalPagesCount, 8);
COM_SLOT(IPortWaveRTStreamVtbl, GetPhysicalPageAddress, 9);

#undef INTERFACE
#define INTERFACE IMiniportWaveRT
DECLARE_INTERFACE_(IMiniportWaveRT, IMiniport)
{
    IMINIPORT_SLOTS(IMiniportWaveRT);
    STDMETHOD_(NTSTATUS, Init)(THIS_ PUNKNOWN UnknownAdapter,
        PRESOURCELIST ResourceList, PPORTWAVERT Port) PURE;
    STDMETHOD_(NTSTATUS, NewStream)(THIS_
        PMINIPORTWAVERTSTREAM *Stream, PPORTWAVERTSTREAM PortStream,
        ULONG Pin, BOOLEAN Capture, PKSDATAFORMAT DataFormat) PURE;
    STDMETHOD_(NTSTATUS, GetDeviceDescription)(THIS_
        PDEVICE_DESCRIPTION DeviceDescription) PURE;
};
#undef INTERFACE
COM_SLOT(IMiniportWaveRTVtbl, GetDescription, 3);
COM_SLOT(IMiniportWaveRTVtbl, Init, 5);
COM_SLOT(IMiniportWaveRTVtbl, NewStream, 6);
COM_SLOT(IMiniportWaveRTVtbl, GetDeviceDescription, 7);

#define IMINIPORTWAVERTSTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, SetFormat)(THIS_ PKSDATAFORMAT DataFormat) PURE; \
    STDMETHOD_(NTSTATUS, SetState)(THIS_ KSSTATE State) PURE; \
    STDMETHOD_(NTSTATUS, GetPosition)(THIS_ PKSAUDIO_POSITION Position) PURE; \
    STDMETHOD_(NTSTATUS, AllocateAudioBuffer)(THIS_ ULONG RequestedSize, \
        PMDL *AudioBufferMdl, ULONG *ActualSize, \
        ULONG *OffsetFromFirstPage, MEMORY_CACHING_TYPE *CacheType) PURE; \
    STDMETHOD_(VOID, FreeAudioBuffer)(THIS_ PMDL AudioBufferMdl, \
        ULONG BufferSize) PURE; \
    STDMETHOD_(VOID, GetHWLatency)(THIS_ KSRTAUDIO_HWLATENCY *HwLatency) PURE; \
    STDMETHOD_(NTSTATUS, GetPositionRegister)(THIS_ \
        KSRTAUDIO_HWREGISTER *Register) PURE; \
    STDMETHOD_(NTSTATUS, GetClockRegister)(THIS_ \
        KSRTAUDIO_HWREGISTER *Register) PURE

#undef INTERFACE
#define INTERFACE IMiniportWaveRTStream
DECLARE_INTERFACE_(IMiniportWaveRTStream, IUnknown)
{
    IMINIPORTWAVERTSTREAM_SLOTS(IMiniportWaveRTStream);
};
#undef INTERFACE
COM_SLOT(IMiniportWaveRTStreamVtbl, SetFormat, 3);
COM_SLOT(IMiniportWaveRTStreamVtbl, GetPosition, 5);
COM_SLOT(IMiniportWaveRTStreamVtbl, AllocateAudioBuffer, 6);
COM_SLOT(IMiniportWaveRTStreamVtbl, GetHWLatency, 8);
COM_SLOT(IMiniportWaveRTStreamVtbl, GetClockRegister, 10);

#undef INTERFACE
#define INTERFACE IMiniportWaveRTStreamNotification
DECLARE_INTERFACE_(IMiniportWaveRTStreamNotification, IMiniportWaveRTStream)
{
    IMINIPORTWAVERTSTREAM_SLOTS(IMiniportWaveRTStreamNotification);
    STDMETHOD_(NTSTATUS, AllocateBufferWithNotification)(
        THIS_ ULONG NotificationCount,
        ULONG RequestedSize, PMDL *AudioBufferMdl, ULONG *ActualSize,
        ULONG *OffsetFromFirstPage, MEMORY_CACHING_TYPE *CacheType) PURE;
    STDMETHOD_(VOID, FreeBufferWithNotification)(
        THIS_ PMDL AudioBufferMdl,
        ULONG BufferSize) PURE;
    STDMETHOD_(NTSTATUS, RegisterNotificationEvent)(
        THIS_ PKEVENT NotificationEvent) PURE;
    STDMETHOD_(NTSTATUS, UnregisterNotificationEvent)(
        THIS_ PKEVENT NotificationEvent) PURE;
};
#undef INTERFACE
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, GetClockRegister, 10);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl,
         AllocateBufferWithNotification, 11);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, FreeBufferWithNotification,
         12);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, RegisterNotificationEvent,
         13);
COM_SLOT(IMiniportWaveRTStreamNotificationVtbl, UnregisterNotificationEvent,
         14);

#undef INTERFACE
#define INTERFACE IMiniportWaveRTInputStream
DECLARE_INTERFACE_(IMiniportWaveRTInputStream, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IMiniportWaveRTInputStream);
    STDMETHOD_(NTSTATUS, GetReadPacket)(THIS_
        ULONG *PacketNumber, DWORD *Flags, ULONG64 *PerformanceCounterValue,
        BOOL *MoreData) PURE;
};
#undef INTERFACE
COM_SLOT(IMiniportWaveRTInputStreamVtbl, GetReadPacket, 3);

#undef INTERFACE
#define INTERFACE IMiniportWaveRTOutputStream
DECLARE_INTERFACE_(IMiniportWaveRTOutputStream, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IMiniportWaveRTOutputStream);
    STDMETHOD_(NTSTATUS, SetWritePacket)(THIS_
        ULONG PacketNumber, DWORD Flags, ULONG EosPacketLength) PURE;
    STDMETHOD_(NTSTATUS, GetOutputStreamPresentationPosition)(
        THIS_
        KSAUDIO_PRESENTATION_POSITION *PresentationPosition) PURE;
    STDMETHOD_(NTSTATUS, GetPacketCount)(THIS_
        ULONG *PacketCount) PURE;
};
#undef INTERFACE
COM_SLOT(IMiniportWaveRTOutputStreamVtbl, SetWritePacket, 3);
COM_SLOT(IMiniportWaveRTOutputStreamVtbl,
         GetOutputStreamPresentationPosition, 4);
COM_SLOT(IMiniportWaveRTOutputStreamVtbl, GetPacketCount, 5);
/* ---- Power management (IAdapterPowerManagement2, PcRequestNewPowerState) */

DEFINE_GUID(IID_IAdapterPowerManagement2, 0xe0f92e5d, 0x67f5, 0x48ee,
            0xb5, 0x7a, 0x7d, 0x1e, 0x90, 0xc5, 0xf4, 0x3d);
COM_INTERFACE(IAdapterPowerManagement2);
typedef IAdapterPowerManagement2 *PADAPTERPOWERMANAGEMENT2;
#undef INTERFACE
#define INTERFACE IAdapterPowerManagement2
DECLARE_INTERFACE_(IAdapterPowerManagement2, IAdapterPowerManagement)
{
    IADAPTERPOWERMANAGEMENT_SLOTS(IAdapterPowerManagement2);
    STDMETHOD_(VOID, PowerChangeState2)(THIS_
        DEVICE_POWER_STATE NewDeviceState,
        SYSTEM_POWER_STATE NewSystemState) PURE;
};
#undef INTERFACE
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
#undef INTERFACE
#define INTERFACE IAdapterPnpManagement
DECLARE_INTERFACE_(IAdapterPnpManagement, IUnknown)
{
    COM_IUNKNOWN_SLOTS(IAdapterPnpManagement);
    STDMETHOD_(PC_REBALANCE_TYPE, GetSupportedRebalanceType)(
        THIS) PURE;
    STDMETHOD_(VOID, PnpQueryStop)(THIS) PURE;
    STDMETHOD_(VOID, PnpCancelStop)(THIS) PURE;
    STDMETHOD_(VOID, PnpStop)(THIS) PURE;
};
#undef INTERFACE
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
    STDMETHOD_(VOID, Notify)(THIS_ PSERVICEGROUP ServiceGroup) PURE; \
    STDMETHOD_(NTSTATUS, NewMasterDmaChannel)(THIS_ PDMACHANNEL *DmaChannel, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, \
        PRESOURCELIST ResourceList, BOOLEAN ScatterGather, \
        BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses, \
        BOOLEAN IgnoreCount, DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed, \
        ULONG MaximumLength, ULONG DmaPort) PURE

#undef INTERFACE
#define INTERFACE IPortWavePci
DECLARE_INTERFACE_(IPortWavePci, IPort)
{
    IPORTWAVEPCI_SLOTS(IPortWavePci);
};
#undef INTERFACE
COM_SLOT(IPortWavePciVtbl, Init, 3);
COM_SLOT(IPortWavePciVtbl, NewRegistryKey, 5);
COM_SLOT(IPortWavePciVtbl, Notify, 6);
COM_SLOT(IPortWavePciVtbl, NewMasterDmaChannel, 7);

/* GetMapping Flags: nonzero marks the last mapping of an I/O packet (IRP). */
#define IPORTWAVEPCISTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, GetMapping)(THIS_ PVOID Tag, \
        PPHYSICAL_ADDRESS PhysicalAddress, PVOID *VirtualAddress, \
        PULONG ByteCount, PULONG Flags) PURE; \
    STDMETHOD_(NTSTATUS, ReleaseMapping)(THIS_ PVOID Tag) PURE; \
    STDMETHOD_(NTSTATUS, TerminatePacket)(THIS) PURE

#undef INTERFACE
#define INTERFACE IPortWavePciStream
DECLARE_INTERFACE_(IPortWavePciStream, IUnknown)
{
    IPORTWAVEPCISTREAM_SLOTS(IPortWavePciStream);
};
#undef INTERFACE
COM_SLOT(IPortWavePciStreamVtbl, GetMapping, 3);
COM_SLOT(IPortWavePciStreamVtbl, ReleaseMapping, 4);
COM_SLOT(IPortWavePciStreamVtbl, TerminatePacket, 5);

#define IMINIPORTWAVEPCI_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    STDMETHOD_(NTSTATUS, Init)(THIS_ PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTWAVEPCI Port, \
        PSERVICEGROUP *ServiceGroup) PURE; \
    STDMETHOD_(NTSTATUS, NewStream)(THIS_ PMINIPORTWAVEPCISTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, \
        PPORTWAVEPCISTREAM PortStream, ULONG Pin, BOOLEAN Capture, \
        PKSDATAFORMAT DataFormat, PDMACHANNEL *DmaChannel, \
        PSERVICEGROUP *ServiceGroup) PURE; \
    STDMETHOD_(VOID, Service)(THIS) PURE

#undef INTERFACE
#define INTERFACE IMiniportWavePci
DECLARE_INTERFACE_(IMiniportWavePci, IMiniport)
{
    IMINIPORTWAVEPCI_SLOTS(IMiniportWavePci);
};
#undef INTERFACE
COM_SLOT(IMiniportWavePciVtbl, GetDescription, 3);
COM_SLOT(IMiniportWavePciVtbl, DataRangeIntersection, 4);
COM_SLOT(IMiniportWavePciVtbl, Init, 5);
COM_SLOT(IMiniportWavePciVtbl, NewStream, 6);
COM_SLOT(IMiniportWavePciVtbl, Service, 7);

#define IMINIPORTWAVEPCISTREAM_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, SetFormat)(THIS_ PKSDATAFORMAT DataFormat) PURE; \
    STDMETHOD_(NTSTATUS, SetState)(THIS_ KSSTATE State) PURE; \
    STDMETHOD_(NTSTATUS, GetPosition)(THIS_ PULONGLONG Position) PURE; \
    STDMETHOD_(NTSTATUS, NormalizePhysicalPosition)(THIS_ \
        PLONGLONG PhysicalPosition) PURE; \
    STDMETHOD_(NTSTATUS, GetAllocatorFraming)(THIS_ \
        PKSALLOCATOR_FRAMING AllocatorFraming) PURE; \
    STDMETHOD_(NTSTATUS, RevokeMappings)(THIS_ PVOID FirstTag, PVOID LastTag, \
        PULONG MappingsRevoked) PURE; \
    STDMETHOD_(VOID, MappingAvailable)(THIS) PURE; \
    STDMETHOD_(VOID, Service)(THIS) PURE

#undef INTERFACE
#define INTERFACE IMiniportWavePciStream
DECLARE_INTERFACE_(IMiniportWavePciStream, IUnknown)
{
    IMINIPORTWAVEPCISTREAM_SLOTS(IMiniportWavePciStream);
};
#undef INTERFACE
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
    STDMETHOD_(VOID, SetPreFetchOffset)(THIS_ ULONG PreFetchOffset) PURE

#undef INTERFACE
#define INTERFACE IPreFetchOffset
DECLARE_INTERFACE_(IPreFetchOffset, IUnknown)
{
    IPREFETCHOFFSET_SLOTS(IPreFetchOffset);
};
#undef INTERFACE
COM_SLOT(IPreFetchOffsetVtbl, SetPreFetchOffset, 3);

/* ---- IMP_ declarations for C++ classes (Microsoft's portcls.h names) ---- */
#ifdef __cplusplus
/*
 * What a C++ class body writes to declare the methods of an interface it
 * implements: "IMP_IMiniportWaveRT;" declares GetDescription through
 * GetDeviceDescription. IMP_IMiniportX includes IMP_IMiniport; the stream
 * notification and IAdapterPowerManagement2 forms add to their base's. A
 * declaration that drifted from its interface would leave the class
 * abstract, which the C++ driver's build (drivers/cycaudiocxx) refuses.
 */
#define IMP_IMiniport \
    STDMETHODIMP_(NTSTATUS) GetDescription( \
        PPCFILTER_DESCRIPTOR *Description); \
    STDMETHODIMP_(NTSTATUS) DataRangeIntersection(ULONG PinId, \
        PKSDATARANGE DataRange, PKSDATARANGE MatchingDataRange, \
        ULONG OutputBufferLength, PVOID ResultantFormat, \
        PULONG ResultantFormatLength)
#define IMP_IMiniportWaveCyclic \
    IMP_IMiniport; \
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTWAVECYCLIC Port); \
    STDMETHODIMP_(NTSTATUS) NewStream(PMINIPORTWAVECYCLICSTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, ULONG Pin, \
        BOOLEAN Capture, PKSDATAFORMAT DataFormat, PDMACHANNEL *DmaChannel, \
        PSERVICEGROUP *ServiceGroup)
#define IMP_IMiniportTopology \
    IMP_IMiniport; \
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTTOPOLOGY Port)
#define IMP_IMiniportMidi \
    IMP_IMiniport; \
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTMIDI Port, \
        PSERVICEGROUP *ServiceGroup); \
    STDMETHODIMP_(VOID) Service(void); \
    STDMETHODIMP_(NTSTATUS) NewStream(PMINIPORTMIDISTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, ULONG Pin, \
        BOOLEAN Capture, PKSDATAFORMAT DataFormat, \
        PSERVICEGROUP *ServiceGroup)
#define IMP_IMiniportWaveRT \
    IMP_IMiniport; \
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTWAVERT Port); \
    STDMETHODIMP_(NTSTATUS) NewStream(PMINIPORTWAVERTSTREAM *Stream, \
        PPORTWAVERTSTREAM PortStream, ULONG Pin, BOOLEAN Capture, \
        PKSDATAFORMAT DataFormat); \
    STDMETHODIMP_(NTSTATUS) GetDeviceDescription( \
        PDEVICE_DESCRIPTION DeviceDescription)
#define IMP_IMiniportWaveRTStream \
    STDMETHODIMP_(NTSTATUS) SetFormat(PKSDATAFORMAT DataFormat); \
    STDMETHODIMP_(NTSTATUS) SetState(KSSTATE State); \
    STDMETHODIMP_(NTSTATUS) GetPosition(PKSAUDIO_POSITION Position); \
    STDMETHODIMP_(NTSTATUS) AllocateAudioBuffer(ULONG RequestedSize, \
        PMDL *AudioBufferMdl, ULONG *ActualSize, \
        ULONG *OffsetFromFirstPage, MEMORY_CACHING_TYPE *CacheType); \
    STDMETHODIMP_(VOID) FreeAudioBuffer(PMDL AudioBufferMdl, \
        ULONG BufferSize); \
    STDMETHODIMP_(VOID) GetHWLatency(KSRTAUDIO_HWLATENCY *HwLatency); \
    STDMETHODIMP_(NTSTATUS) GetPositionRegister( \
        KSRTAUDIO_HWREGISTER *Register); \
    STDMETHODIMP_(NTSTATUS) GetClockRegister(KSRTAUDIO_HWREGISTER *Register)
#define IMP_IMiniportWaveRTStreamNotification \
    STDMETHODIMP_(NTSTATUS) AllocateBufferWithNotification( \
        ULONG NotificationCount, ULONG RequestedSize, PMDL *AudioBufferMdl, \
        ULONG *ActualSize, ULONG *OffsetFromFirstPage, \
        MEMORY_CACHING_TYPE *CacheType); \
    STDMETHODIMP_(VOID) FreeBufferWithNotification(PMDL AudioBufferMdl, \
        ULONG BufferSize); \
    STDMETHODIMP_(NTSTATUS) RegisterNotificationEvent( \
        PKEVENT NotificationEvent); \
    STDMETHODIMP_(NTSTATUS) UnregisterNotificationEvent( \
        PKEVENT NotificationEvent)
#define IMP_IMiniportWavePci \
    IMP_IMiniport; \
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTWAVEPCI Port, \
        PSERVICEGROUP *ServiceGroup); \
    STDMETHODIMP_(NTSTATUS) NewStream(PMINIPORTWAVEPCISTREAM *Stream, \
        PUNKNOWN OuterUnknown, POOL_TYPE PoolType, \
        PPORTWAVEPCISTREAM PortStream, ULONG Pin, BOOLEAN Capture, \
        PKSDATAFORMAT DataFormat, PDMACHANNEL *DmaChannel, \
        PSERVICEGROUP *ServiceGroup); \
    STDMETHODIMP_(VOID) Service(void)
#define IMP_IPowerNotify \
    STDMETHODIMP_(VOID) PowerChangeNotify(POWER_STATE PowerState)
#define IMP_IAdapterPowerManagement \
    STDMETHODIMP_(VOID) PowerChangeState(POWER_STATE NewState); \
    STDMETHODIMP_(NTSTATUS) QueryPowerChangeState( \
        POWER_STATE NewStateQuery); \
    STDMETHODIMP_(NTSTATUS) QueryDeviceCapabilities( \
        PDEVICE_CAPABILITIES PowerDeviceCaps)
#define IMP_IAdapterPowerManagement2 \
    IMP_IAdapterPowerManagement; \
    STDMETHODIMP_(VOID) PowerChangeState2(DEVICE_POWER_STATE NewDeviceState, \
        SYSTEM_POWER_STATE NewSystemState)
#endif /* __cplusplus */

EXTERN_C_END

#endif /* CYC_PORTCLS_H */
