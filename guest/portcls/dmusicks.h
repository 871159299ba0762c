/* SPDX-License-Identifier: MIT */
/*
 * dmusicks.h: the DirectMusic kernel declarations (DMus port, its miniports,
 * the IMXF graph, the allocator and the master clock) as Microsoft's DDI
 * pages give them, plus the DMUS_EVENTHEADER stream format of dmusbuff.h.
 * Slot order, IIDs and the x64 layout of DMUS_KERNEL_EVENT are Windows';
 * the static asserts pin them.
 */
#ifndef CYC_DMUSICKS_H
#define CYC_DMUSICKS_H

#include <portcls.h>

EXTERN_C_START

/* 100-ns units of the master clock. */
typedef LONGLONG REFERENCE_TIME;
typedef REFERENCE_TIME *LPREFERENCE_TIME;

/* GUIDs -------------------------------------------------------------------- */

#define DMUS_GUID(Name, L, W1) \
    DEFINE_GUID(Name, L, W1, 0x11d1, 0x81, 0xb0, 0x00, 0x60, 0x08, 0x33, \
                0x16, 0xc1)
/* IID_IPortDMus and CLSID_PortDMus are portcls.h's, as in the WDK. */
DMUS_GUID(IID_IMiniportDMus, 0xc096df9d, 0xfb09);
DMUS_GUID(IID_IMXF, 0xc096df9e, 0xfb09);
DMUS_GUID(CLSID_MiniportDriverDMusUART, 0xd3f0ce1c, 0xfffc);
DMUS_GUID(CLSID_MiniportDriverDMusUARTCapture, 0xd3f0ce1d, 0xfffc);
DEFINE_GUID(IID_IAllocatorMXF, 0xa5f0d62c, 0xb30f, 0x11d2, 0xb7, 0xa3, 0x00,
            0x60, 0x08, 0x33, 0x16, 0xc1);
DEFINE_GUID(IID_ISynthSinkDMus, 0x1f476974, 0x679b, 0x11d2, 0x8f, 0x7d, 0x00,
            0xc0, 0x4f, 0xbf, 0x8f, 0xef);

#define STATIC_KSDATAFORMAT_SUBTYPE_DIRECTMUSIC \
    0x1a82f8bcL, 0x3f8b, 0x11d2, 0xb7, 0x74, 0x00, 0x60, 0x08, 0x33, 0x16, 0xc1
DEFINE_GUID(KSDATAFORMAT_SUBTYPE_DIRECTMUSIC, 0x1a82f8bc, 0x3f8b, 0x11d2,
            0xb7, 0x74, 0x00, 0x60, 0x08, 0x33, 0x16, 0xc1);

/* Events ------------------------------------------------------------------- */

typedef struct _DMUS_KERNEL_EVENT {
    BYTE bReserved;
    BYTE cbStruct;
    USHORT cbEvent;             /* bytes of the message, unrounded */
    USHORT usChannelGroup;
    USHORT usFlags;             /* DMUS_KEF_* */
    REFERENCE_TIME ullPresTime100ns;
    ULONGLONG ullBytePosition;
    struct _DMUS_KERNEL_EVENT *pNextEvt;
    union {
        BYTE abData[sizeof(PBYTE)];
        PBYTE pbData;
        struct _DMUS_KERNEL_EVENT *pPackageEvt;
    } uData;
} DMUS_KERNEL_EVENT, *PDMUS_KERNEL_EVENT;

_Static_assert(sizeof(DMUS_KERNEL_EVENT) == 40, "x64 layout");
_Static_assert(FIELD_OFFSET(DMUS_KERNEL_EVENT, cbEvent) == 2, "cbEvent");
_Static_assert(FIELD_OFFSET(DMUS_KERNEL_EVENT, usChannelGroup) == 4,
               "usChannelGroup");
_Static_assert(FIELD_OFFSET(DMUS_KERNEL_EVENT, usFlags) == 6, "usFlags");
_Static_assert(FIELD_OFFSET(DMUS_KERNEL_EVENT, ullPresTime100ns) == 8,
               "ullPresTime100ns");
_Static_assert(FIELD_OFFSET(DMUS_KERNEL_EVENT, ullBytePosition) == 16,
               "ullBytePosition");
_Static_assert(FIELD_OFFSET(DMUS_KERNEL_EVENT, pNextEvt) == 24, "pNextEvt");
_Static_assert(FIELD_OFFSET(DMUS_KERNEL_EVENT, uData) == 32, "uData");

#define DMUS_KEF_EVENT_COMPLETE     0x0000
#define DMUS_KEF_EVENT_INCOMPLETE   0x0001
#define DMUS_KEF_PACKAGE_EVENT      0x0002

#define kBytePositionNone           (~(ULONGLONG)0)
#define DONT_HOLD_FOR_SEQUENCING    0x8000000000000000ULL

#define SHORT_EVT(evt)          ((evt)->cbEvent <= sizeof(PBYTE))
#define PACKAGE_EVT(evt)        ((evt)->usFlags & DMUS_KEF_PACKAGE_EVENT)
#define INCOMPLETE_EVT(evt)     ((evt)->usFlags & DMUS_KEF_EVENT_INCOMPLETE)
#define COMPLETE_EVT(evt) \
    (((evt)->usFlags & DMUS_KEF_EVENT_INCOMPLETE) == 0)
#define SET_INCOMPLETE_EVT(evt) \
    ((evt)->usFlags |= DMUS_KEF_EVENT_INCOMPLETE)
#define SET_COMPLETE_EVT(evt) \
    ((evt)->usFlags &= ~DMUS_KEF_EVENT_INCOMPLETE)
#define SET_PACKAGE_EVT(evt)    ((evt)->usFlags |= DMUS_KEF_PACKAGE_EVENT)
#define CLEAR_PACKAGE_EVT(evt)  ((evt)->usFlags &= ~DMUS_KEF_PACKAGE_EVENT)

typedef enum {
    DMUS_STREAM_MIDI_INVALID = -1,
    DMUS_STREAM_MIDI_RENDER = 0,
    DMUS_STREAM_MIDI_CAPTURE,
    DMUS_STREAM_WAVE_SINK
} DMUS_STREAM_TYPE;

/*
 * The stream format of a KSDATAFORMAT_SUBTYPE_DIRECTMUSIC pin (dmusbuff.h):
 * each event is a header, packed to 4, followed by cbEvent bytes, the pair
 * padded to a quadword. rtDelta counts from the stream header's
 * PresentationTime.
 */
#pragma pack(push, 4)
typedef struct _DMUS_EVENTHEADER {
    DWORD cbEvent;
    DWORD dwChannelGroup;
    REFERENCE_TIME rtDelta;
    DWORD dwFlags;
} DMUS_EVENTHEADER, *LPDMUS_EVENTHEADER;
#pragma pack(pop)

_Static_assert(sizeof(DMUS_EVENTHEADER) == 20, "packed to 4");
_Static_assert(FIELD_OFFSET(DMUS_EVENTHEADER, rtDelta) == 8, "rtDelta");
_Static_assert(FIELD_OFFSET(DMUS_EVENTHEADER, dwFlags) == 16, "dwFlags");

#define DMUS_EVENT_STRUCTURED   0x00000001  /* parsable MIDI, not raw bytes */
#define QWORD_ALIGN(x)          (((x) + 7) & ~7)
#define DMUS_EVENT_SIZE(cb)     QWORD_ALIGN(sizeof(DMUS_EVENTHEADER) + (cb))

/* Interfaces --------------------------------------------------------------- */

COM_INTERFACE(IMXF);
typedef IMXF *PMXF;
COM_INTERFACE(IAllocatorMXF);
typedef IAllocatorMXF *PAllocatorMXF;
COM_INTERFACE(IMasterClock);
typedef IMasterClock *PMASTERCLOCK;
COM_INTERFACE(IPortDMus);
typedef IPortDMus *PPORTDMUS;
COM_INTERFACE(IMiniportDMus);
typedef IMiniportDMus *PMINIPORTDMUS;
COM_INTERFACE(ISynthSinkDMus);
typedef ISynthSinkDMus *PSYNTHSINKDMUS;

#define IMXF_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, SetState)(THIS_ KSSTATE State) PURE; \
    STDMETHOD_(NTSTATUS, PutMessage)(THIS_ PDMUS_KERNEL_EVENT Event) PURE; \
    STDMETHOD_(NTSTATUS, ConnectOutput)(THIS_ PMXF SinkMXF) PURE; \
    STDMETHOD_(NTSTATUS, DisconnectOutput)(THIS_ PMXF SinkMXF) PURE

#undef INTERFACE
#define INTERFACE IMXF
DECLARE_INTERFACE_(IMXF, IUnknown)
{
    IMXF_SLOTS(IMXF);
};
#undef INTERFACE
COM_SLOT(IMXFVtbl, SetState, 3);
COM_SLOT(IMXFVtbl, PutMessage, 4);
COM_SLOT(IMXFVtbl, ConnectOutput, 5);
COM_SLOT(IMXFVtbl, DisconnectOutput, 6);

#define IALLOCATORMXF_SLOTS(I) \
    IMXF_SLOTS(I); \
    STDMETHOD_(NTSTATUS, GetMessage)(THIS_ PDMUS_KERNEL_EVENT *Event) PURE; \
    STDMETHOD_(USHORT, GetBufferSize)(THIS) PURE; \
    STDMETHOD_(NTSTATUS, GetBuffer)(THIS_ PBYTE *Buffer) PURE; \
    STDMETHOD_(NTSTATUS, PutBuffer)(THIS_ PBYTE Buffer) PURE

#undef INTERFACE
#define INTERFACE IAllocatorMXF
DECLARE_INTERFACE_(IAllocatorMXF, IMXF)
{
    IALLOCATORMXF_SLOTS(IAllocatorMXF);
};
#undef INTERFACE
COM_SLOT(IAllocatorMXFVtbl, PutMessage, 4);
COM_SLOT(IAllocatorMXFVtbl, GetMessage, 7);
COM_SLOT(IAllocatorMXFVtbl, GetBufferSize, 8);
COM_SLOT(IAllocatorMXFVtbl, GetBuffer, 9);
COM_SLOT(IAllocatorMXFVtbl, PutBuffer, 10);

#define IMASTERCLOCK_SLOTS(I) \
    COM_IUNKNOWN_SLOTS(I); \
    STDMETHOD_(NTSTATUS, GetTime)(THIS_ REFERENCE_TIME *Time) PURE

#undef INTERFACE
#define INTERFACE IMasterClock
DECLARE_INTERFACE_(IMasterClock, IUnknown)
{
    IMASTERCLOCK_SLOTS(IMasterClock);
};
#undef INTERFACE
COM_SLOT(IMasterClockVtbl, GetTime, 3);

#define IPORTDMUS_SLOTS(I) \
    IPORT_SLOTS(I); \
    STDMETHOD_(VOID, Notify)(THIS_ PSERVICEGROUP ServiceGroup) PURE; \
    STDMETHOD_(VOID, RegisterServiceGroup)(THIS_ \
        PSERVICEGROUP ServiceGroup) PURE

#undef INTERFACE
#define INTERFACE IPortDMus
DECLARE_INTERFACE_(IPortDMus, IPort)
{
    IPORTDMUS_SLOTS(IPortDMus);
};
#undef INTERFACE
COM_SLOT(IPortDMusVtbl, Init, 3);
COM_SLOT(IPortDMusVtbl, NewRegistryKey, 5);
COM_SLOT(IPortDMusVtbl, Notify, 6);
COM_SLOT(IPortDMusVtbl, RegisterServiceGroup, 7);

#define IMINIPORTDMUS_SLOTS(I) \
    IMINIPORT_SLOTS(I); \
    STDMETHOD_(NTSTATUS, Init)(THIS_ PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTDMUS Port, \
        PSERVICEGROUP *ServiceGroup) PURE; \
    STDMETHOD_(VOID, Service)(THIS) PURE; \
    STDMETHOD_(NTSTATUS, NewStream)(THIS_ PMXF *MXF, PUNKNOWN OuterUnknown, \
        POOL_TYPE PoolType, ULONG PinID, DMUS_STREAM_TYPE StreamType, \
        PKSDATAFORMAT DataFormat, PSERVICEGROUP *ServiceGroup, \
        PAllocatorMXF AllocatorMXF, PMASTERCLOCK MasterClock, \
        PULONGLONG SchedulePreFetch) PURE

#undef INTERFACE
#define INTERFACE IMiniportDMus
DECLARE_INTERFACE_(IMiniportDMus, IMiniport)
{
    IMINIPORTDMUS_SLOTS(IMiniportDMus);
};
#undef INTERFACE
COM_SLOT(IMiniportDMusVtbl, GetDescription, 3);
COM_SLOT(IMiniportDMusVtbl, Init, 5);
COM_SLOT(IMiniportDMusVtbl, Service, 6);
COM_SLOT(IMiniportDMusVtbl, NewStream, 7);

#define ISYNTHSINKDMUS_SLOTS(I) \
    IMXF_SLOTS(I); \
    STDMETHOD_(VOID, Render)(THIS_ PBYTE Buffer, DWORD Length, \
        LONGLONG BufferTime) PURE; \
    STDMETHOD_(NTSTATUS, SyncToMaster)(THIS_ REFERENCE_TIME ReferenceTime, \
        BOOL Start) PURE; \
    STDMETHOD_(NTSTATUS, SampleToRefTime)(THIS_ LONGLONG Sample, \
        REFERENCE_TIME *ReferenceTime) PURE; \
    STDMETHOD_(NTSTATUS, RefTimeToSample)(THIS_ REFERENCE_TIME ReferenceTime, \
        LONGLONG *Sample) PURE

#undef INTERFACE
#define INTERFACE ISynthSinkDMus
DECLARE_INTERFACE_(ISynthSinkDMus, IMXF)
{
    ISYNTHSINKDMUS_SLOTS(ISynthSinkDMus);
};
#undef INTERFACE
COM_SLOT(ISynthSinkDMusVtbl, Render, 7);
COM_SLOT(ISynthSinkDMusVtbl, RefTimeToSample, 10);

#ifdef __cplusplus
/* IMP_IMiniportDMus; declares IMiniportDMus's methods (portcls.h's IMP_). */
#define IMP_IMiniportDMus \
    IMP_IMiniport; \
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter, \
        PRESOURCELIST ResourceList, PPORTDMUS Port, \
        PSERVICEGROUP *ServiceGroup); \
    STDMETHODIMP_(VOID) Service(void); \
    STDMETHODIMP_(NTSTATUS) NewStream(PMXF *MXF, PUNKNOWN OuterUnknown, \
        POOL_TYPE PoolType, ULONG PinID, DMUS_STREAM_TYPE StreamType, \
        PKSDATAFORMAT DataFormat, PSERVICEGROUP *ServiceGroup, \
        PAllocatorMXF AllocatorMXF, PMASTERCLOCK MasterClock, \
        PULONGLONG SchedulePreFetch)
#endif /* __cplusplus */

EXTERN_C_END

#endif /* CYC_DMUSICKS_H */
