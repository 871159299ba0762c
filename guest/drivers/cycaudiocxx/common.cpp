// SPDX-License-Identifier: MIT
// CAdapterCommon: the device shared by the miniports. It owns the register
// block and the interrupt sync, hands stream blocks out, and keeps the mixer
// state (master volume and mute, capture source, generator) the topology
// miniport sets. m_Lock guards the claimed-block mask and the mixer state; the
// per-block ISR table changes only inside the interrupt sync, which the ISR
// runs in.
#include "cxxaudio.h"

namespace cycaudiocxx {

#define POOLTAG_COMMON 'MxyC'

// How long a closing render stream may take to play out what the device
// fetched before STOP.
#define DRAIN_POLL_MS 1
#define DRAIN_LIMIT_MS 250

class CAdapterCommon : public IAdapterCommon, public CUnknown
{
private:
    struct BLOCK_ISR {
        PCYC_STREAM_ISR Routine;
        PVOID Context;
    };

    PDEVICE_OBJECT m_DeviceObject;
    PINTERRUPTSYNC m_InterruptSync;
    CYC_HW m_Hw;
    KSPIN_LOCK m_Lock;
    ULONG m_ClaimedBlocks;             // bit n: block n belongs to a stream
    BLOCK_ISR m_Isr[CYC_MAX_STREAMS];  // interrupt sync held to change
    ULONG m_MasterAttenuation;
    BOOLEAN m_MasterMute;
    ULONG m_CaptureSource;             // CYC_SRC_* of every capture block
    ULONG m_GeneratorMode;
    ULONG m_GeneratorFrequency;

    static NTSTATUS InterruptServiceRoutine(PINTERRUPTSYNC InterruptSync,
                                            PVOID DynamicContext);
    static NTSTATUS SetIsrSynchronized(PINTERRUPTSYNC InterruptSync,
                                       PVOID DynamicContext);
    void ApplySource(ULONG Block);

public:
    DECLARE_STD_UNKNOWN();
    CAdapterCommon(PUNKNOWN UnknownOuter);
    ~CAdapterCommon();

    STDMETHODIMP_(NTSTATUS) Init(PRESOURCELIST ResourceList,
                                 PDEVICE_OBJECT DeviceObject);
    STDMETHODIMP_(PCYC_HW) GetHw(void);
    STDMETHODIMP_(NTSTATUS) ClaimStream(BOOLEAN Capture, PULONG Block);
    STDMETHODIMP_(void) FreeStream(ULONG Block);
    STDMETHODIMP_(void) SetStreamIsr(ULONG Block, PCYC_STREAM_ISR Routine,
                                     PVOID Context);
    STDMETHODIMP_(void) SetMaster(ULONG Attenuation, BOOLEAN Mute);
    STDMETHODIMP_(void) GetMaster(PULONG Attenuation, PBOOLEAN Mute);
    STDMETHODIMP_(void) SetCaptureSource(ULONG Source);
    STDMETHODIMP_(ULONG) GetCaptureSource(void);
    STDMETHODIMP_(void) SetGenerator(ULONG Mode, ULONG FrequencyHz);
    STDMETHODIMP_(void) GetGenerator(PULONG Mode, PULONG FrequencyHz);
    STDMETHODIMP_(void) ReleaseHardware(void);
};

CAdapterCommon::CAdapterCommon(PUNKNOWN UnknownOuter) : CUnknown(UnknownOuter)
{
    // Everything else starts 0: pool operator new zeroes the object.
    KeInitializeSpinLock(&m_Lock);
    m_CaptureSource = CYC_SRC_GENERATOR;
    m_GeneratorMode = CYC_GEN_MODE_SINE;
    m_GeneratorFrequency = 1000;
}

CAdapterCommon::~CAdapterCommon()
{
    if (m_InterruptSync) {
        m_InterruptSync->Disconnect();
        m_InterruptSync->Release();
        m_InterruptSync = NULL;
    }
    CycHwDisconnect(&m_Hw);
}

STDMETHODIMP_(NTSTATUS)
CAdapterCommon::NonDelegatingQueryInterface(REFIID Interface, PVOID *Object)
{
    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PADAPTERCOMMON(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IAdapterCommon)) {
        *Object = PVOID(PADAPTERCOMMON(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

// DIRQL, inside the interrupt sync: acknowledge each pending block, then
// tell its stream.
NTSTATUS CAdapterCommon::InterruptServiceRoutine(PINTERRUPTSYNC InterruptSync,
                                                 PVOID DynamicContext)
{
    CAdapterCommon *that = static_cast<CAdapterCommon *>(DynamicContext);
    ULONG pending = CycHwPendingBlocks(&that->m_Hw);

    UNREFERENCED_PARAMETER(InterruptSync);
    if (pending == 0) {
        return STATUS_UNSUCCESSFUL;
    }
    for (ULONG block = 0; block < CYC_MAX_STREAMS; block++) {
        if ((pending & (1u << block)) == 0) {
            continue;
        }
        ULONG events = CycHwStreamAcknowledge(&that->m_Hw, block);
        if (events != 0 && that->m_Isr[block].Routine != NULL) {
            that->m_Isr[block].Routine(that->m_Isr[block].Context, events);
        }
    }
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CAdapterCommon::Init(PRESOURCELIST ResourceList, PDEVICE_OBJECT DeviceObject)
{
    PCM_PARTIAL_RESOURCE_DESCRIPTOR memory;
    NTSTATUS status;

    PAGED_CODE();
    m_DeviceObject = DeviceObject;
    memory = ResourceList->FindTranslatedMemory(0);
    if (memory == NULL || ResourceList->NumberOfInterrupts() == 0) {
        DPF(D_ERROR, "resources: need one memory BAR and one interrupt");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    status = CycHwConnect(&m_Hw, memory->u.Memory.Start,
                          memory->u.Memory.Length);
    if (!NT_SUCCESS(status)) {
        DPF(D_ERROR, "no cycaudio ABI %u device at the BAR (0x%08x)",
            CYC_ABI_MAJOR, status);
        return status;
    }
    status = PcNewInterruptSync(&m_InterruptSync, NULL, ResourceList, 0,
                                InterruptSyncModeNormal);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = m_InterruptSync->RegisterServiceRoutine(InterruptServiceRoutine,
                                                     this, FALSE);
    if (NT_SUCCESS(status)) {
        status = m_InterruptSync->Connect();
    }
    if (!NT_SUCCESS(status)) {
        m_InterruptSync->Release();
        m_InterruptSync = NULL;
        return status;
    }
    CycHwSetMaster(&m_Hw, m_MasterAttenuation, m_MasterMute);
    CycHwSetGenerator(&m_Hw, m_GeneratorMode, m_GeneratorFrequency);
    DPF(D_TERSE, "started: %u render, %u capture streams, fifo %u frames",
        CycHwStreamCount(&m_Hw, FALSE), CycHwStreamCount(&m_Hw, TRUE),
        m_Hw.FifoFrames);
    return STATUS_SUCCESS;
}

STDMETHODIMP_(PCYC_HW) CAdapterCommon::GetHw(void)
{
    return &m_Hw;
}

// m_Lock held. Loopback always listens to render stream 0.
void CAdapterCommon::ApplySource(ULONG Block)
{
    CycHwStreamSetSource(&m_Hw, Block, m_CaptureSource, 0);
}

STDMETHODIMP_(NTSTATUS) CAdapterCommon::ClaimStream(BOOLEAN Capture,
                                                    PULONG Block)
{
    ULONG count = CycHwStreamCount(&m_Hw, Capture);
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    KIRQL oldIrql;

    PAGED_CODE();
    KeAcquireSpinLock(&m_Lock, &oldIrql);
    for (ULONG i = 0; i < count; i++) {
        ULONG block = CycHwStreamBlock(Capture, i);

        if ((m_ClaimedBlocks & (1u << block)) == 0) {
            m_ClaimedBlocks |= 1u << block;
            CycHwStreamReset(&m_Hw, block);
            if (Capture) {
                ApplySource(block);
            }
            *Block = block;
            status = STATUS_SUCCESS;
            break;
        }
    }
    KeReleaseSpinLock(&m_Lock, oldIrql);
    return status;
}

namespace {
struct SET_ISR_CONTEXT {
    CAdapterCommon *Common;
    ULONG Block;
    PCYC_STREAM_ISR Routine;
    PVOID Context;
};
} // namespace

NTSTATUS CAdapterCommon::SetIsrSynchronized(PINTERRUPTSYNC InterruptSync,
                                            PVOID DynamicContext)
{
    SET_ISR_CONTEXT *set = static_cast<SET_ISR_CONTEXT *>(DynamicContext);
    CAdapterCommon *that = set->Common;

    UNREFERENCED_PARAMETER(InterruptSync);
    that->m_Isr[set->Block].Routine = set->Routine;
    that->m_Isr[set->Block].Context = set->Context;
    CycHwEnableBlockInterrupt(&that->m_Hw, set->Block, set->Routine != NULL);
    return STATUS_SUCCESS;
}

STDMETHODIMP_(void) CAdapterCommon::SetStreamIsr(ULONG Block,
                                                 PCYC_STREAM_ISR Routine,
                                                 PVOID Context)
{
    SET_ISR_CONTEXT set = { this, Block, Routine, Context };

    m_InterruptSync->CallSynchronizedRoutine(SetIsrSynchronized, &set);
}

STDMETHODIMP_(void) CAdapterCommon::FreeStream(ULONG Block)
{
    LARGE_INTEGER poll;
    KIRQL oldIrql;

    PAGED_CODE();
    poll.QuadPart = -LONGLONG(DRAIN_POLL_MS) * 10000;
    SetStreamIsr(Block, NULL, NULL);
    // A reset discards the device FIFO: a stopped render block plays its
    // last fetched frames first, within a deadline.
    for (ULONG waited = 0;
         waited < DRAIN_LIMIT_MS && CycHwStreamDraining(&m_Hw, Block);
         waited += DRAIN_POLL_MS) {
        KeDelayExecutionThread(KernelMode, FALSE, &poll);
    }
    CycHwStreamReset(&m_Hw, Block);
    KeAcquireSpinLock(&m_Lock, &oldIrql);
    m_ClaimedBlocks &= ~(1u << Block);
    KeReleaseSpinLock(&m_Lock, oldIrql);
}

STDMETHODIMP_(void) CAdapterCommon::SetMaster(ULONG Attenuation, BOOLEAN Mute)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    m_MasterAttenuation = min(Attenuation, ULONG(CYC_ATT_MAX));
    m_MasterMute = Mute;
    CycHwSetMaster(&m_Hw, m_MasterAttenuation, m_MasterMute);
    KeReleaseSpinLock(&m_Lock, oldIrql);
}

STDMETHODIMP_(void) CAdapterCommon::GetMaster(PULONG Attenuation,
                                              PBOOLEAN Mute)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    *Attenuation = m_MasterAttenuation;
    *Mute = m_MasterMute;
    KeReleaseSpinLock(&m_Lock, oldIrql);
}

STDMETHODIMP_(void) CAdapterCommon::SetCaptureSource(ULONG Source)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    m_CaptureSource = Source;
    for (ULONG block = CYC_CAPTURE_BLOCK(0); block < CYC_MAX_STREAMS;
         block++) {
        if (m_ClaimedBlocks & (1u << block)) {
            ApplySource(block);
        }
    }
    KeReleaseSpinLock(&m_Lock, oldIrql);
}

STDMETHODIMP_(ULONG) CAdapterCommon::GetCaptureSource(void)
{
    return m_CaptureSource;
}

STDMETHODIMP_(void) CAdapterCommon::SetGenerator(ULONG Mode, ULONG FrequencyHz)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    m_GeneratorMode = Mode;
    m_GeneratorFrequency = FrequencyHz;
    CycHwSetGenerator(&m_Hw, Mode, FrequencyHz);
    KeReleaseSpinLock(&m_Lock, oldIrql);
}

STDMETHODIMP_(void) CAdapterCommon::GetGenerator(PULONG Mode,
                                                 PULONG FrequencyHz)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&m_Lock, &oldIrql);
    *Mode = m_GeneratorMode;
    *FrequencyHz = m_GeneratorFrequency;
    KeReleaseSpinLock(&m_Lock, oldIrql);
}

STDMETHODIMP_(void) CAdapterCommon::ReleaseHardware(void)
{
    PAGED_CODE();
    if (m_InterruptSync) {
        m_InterruptSync->Disconnect();
    }
    CycHwDisconnect(&m_Hw);
}

NTSTATUS CreateAdapterCommon(PUNKNOWN *Unknown, REFCLSID ClassId,
                             PUNKNOWN UnknownOuter, POOL_TYPE PoolType)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(ClassId);
    STD_CREATE_BODY_WITH_TAG_(CAdapterCommon, Unknown, UnknownOuter, PoolType,
                              POOLTAG_COMMON, PADAPTERCOMMON);
}

} // namespace cycaudiocxx
