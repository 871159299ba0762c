// SPDX-License-Identifier: MIT
// CAdapterPowerManagement: the adapter's answer to PortCls' power callbacks
// (IAdapterPowerManagement, IAdapterPowerManagement2) and its PnP rebalance
// partner (IAdapterPnpManagement), registered at StartDevice, as the C
// driver's power.c does. The device loses every register in D3hot
// (docs/cycaudio.rst, "Power management"), so the driver keeps its context
// in software: the common's mixer and generator settings, the INTCTL mirror,
// each stream's program. Saving is quiescing: before D3 every render block
// has played what it fetched. Restoring writes the mirror and the mixer
// back; a stream programs its block again when it leaves STOP. Rebalance
// removes the subdevices (PortCls drops them after PnpStop), releasing the
// hardware in PnpStop. PASSIVE_LEVEL.
#include "cxxaudio.h"

namespace cycaudiocxx {

#define POOLTAG_POWER 'OxyC'
// Longest a render FIFO may take to drain (16384 frames at 8 kHz, and more).
#define POWER_DRAIN_US 3000000u
#define POWER_POLL_US 100u

class CAdapterPowerManagement : public IAdapterPowerManagement2,
                                public IAdapterPnpManagement,
                                public CUnknown
{
private:
    PADAPTERCOMMON m_AdapterCommon;     // referenced
    DEVICE_POWER_STATE m_PowerState;

    void Drain(void);
    void Restore(void);

public:
    DECLARE_STD_UNKNOWN();
    CAdapterPowerManagement(PUNKNOWN UnknownOuter) : CUnknown(UnknownOuter)
    {
        m_PowerState = PowerDeviceD0;
    }
    ~CAdapterPowerManagement();

    void Init(PADAPTERCOMMON AdapterCommon)
    {
        m_AdapterCommon = AdapterCommon;
        m_AdapterCommon->AddRef();
    }

    IMP_IAdapterPowerManagement2;
    // IAdapterPnpManagement
    STDMETHODIMP_(PC_REBALANCE_TYPE) GetSupportedRebalanceType(void);
    STDMETHODIMP_(void) PnpQueryStop(void);
    STDMETHODIMP_(void) PnpCancelStop(void);
    STDMETHODIMP_(void) PnpStop(void);
};

CAdapterPowerManagement::~CAdapterPowerManagement()
{
    ReleaseIf(m_AdapterCommon);
}

STDMETHODIMP_(NTSTATUS)
CAdapterPowerManagement::NonDelegatingQueryInterface(REFIID Interface,
                                                     PVOID *Object)
{
    PUNKNOWN found = NULL;

    if (IsEqualGUIDAligned(Interface, IID_IUnknown) ||
        IsEqualGUIDAligned(Interface, IID_IAdapterPowerManagement) ||
        IsEqualGUIDAligned(Interface, IID_IAdapterPowerManagement2)) {
        found = PADAPTERPOWERMANAGEMENT2(this);
    } else if (IsEqualGUIDAligned(Interface, IID_IAdapterPnpManagement)) {
        found = PADAPTERPNPMANAGEMENT(this);
    }
    return AnswerQuery(found, Object);
}

// The device's FIFOs empty before D3 (CycHwDrainForD3, shared with the C
// driver: render blocks and the MIDI UART's TX FIFO), or the deadline.
void CAdapterPowerManagement::Drain(void)
{
    ULONG waited = CycHwDrainForD3(m_AdapterCommon->GetHw(), POWER_DRAIN_US,
                                   POWER_POLL_US);

    if (waited >= POWER_DRAIN_US) {
        DPF(D_ERROR, "power: render FIFOs still draining after %u us",
            waited);
    }
}

void CAdapterPowerManagement::Restore(void)
{
    ULONG attenuation;
    BOOLEAN mute;
    ULONG mode;
    ULONG frequency;

    if (!CycHwResume(m_AdapterCommon->GetHw())) {
        DPF(D_ERROR, "power: the device does not answer after D0");
        return;
    }
    m_AdapterCommon->GetMaster(&attenuation, &mute);
    m_AdapterCommon->SetMaster(attenuation, mute);
    m_AdapterCommon->GetGenerator(&mode, &frequency);
    m_AdapterCommon->SetGenerator(mode, frequency);
    m_AdapterCommon->SetCaptureSource(m_AdapterCommon->GetCaptureSource());
}

STDMETHODIMP_(void)
CAdapterPowerManagement::PowerChangeState2(DEVICE_POWER_STATE NewDeviceState,
                                           SYSTEM_POWER_STATE NewSystemState)
{
    PAGED_CODE();
    DPF(D_TERSE, "power: D%u -> D%u (S%u)",
        unsigned(m_PowerState - PowerDeviceD0),
        unsigned(NewDeviceState - PowerDeviceD0),
        unsigned(NewSystemState - PowerSystemWorking));
    if (NewDeviceState == m_PowerState) {
        return;
    }
    if (NewDeviceState == PowerDeviceD0) {
        Restore();
    } else if (m_PowerState == PowerDeviceD0) {
        Drain();
    }
    m_PowerState = NewDeviceState;
}

STDMETHODIMP_(void)
CAdapterPowerManagement::PowerChangeState(POWER_STATE NewState)
{
    PowerChangeState2(NewState.DeviceState, PowerSystemUnspecified);
}

// D1 and D2 are not in the device's capability: only D0 and D3.
STDMETHODIMP_(NTSTATUS)
CAdapterPowerManagement::QueryPowerChangeState(POWER_STATE NewStateQuery)
{
    PAGED_CODE();
    if (NewStateQuery.DeviceState != PowerDeviceD0 &&
        NewStateQuery.DeviceState != PowerDeviceD3) {
        return STATUS_NOT_SUPPORTED;
    }
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CAdapterPowerManagement::QueryDeviceCapabilities(
    PDEVICE_CAPABILITIES PowerDeviceCaps)
{
    PAGED_CODE();
    PowerDeviceCaps->DeviceD1 = FALSE;
    PowerDeviceCaps->DeviceD2 = FALSE;
    return STATUS_SUCCESS;
}

STDMETHODIMP_(PC_REBALANCE_TYPE)
CAdapterPowerManagement::GetSupportedRebalanceType(void)
{
    return PcRebalanceRemoveSubdevices;
}

STDMETHODIMP_(void) CAdapterPowerManagement::PnpQueryStop(void)
{
    DPF(D_TERSE, "pnp: query stop");
}

STDMETHODIMP_(void) CAdapterPowerManagement::PnpCancelStop(void)
{
    DPF(D_TERSE, "pnp: stop cancelled");
}

// Every stream is stopped: once the render FIFOs have played what was
// fetched (the reset of the release would drop it), the BAR and the
// interrupt go.
STDMETHODIMP_(void) CAdapterPowerManagement::PnpStop(void)
{
    PAGED_CODE();
    Drain();
    m_AdapterCommon->ReleaseHardware();
    DPF(D_TERSE, "pnp: stopped, hardware released");
}

NTSTATUS CreateAdapterPowerManagement(PUNKNOWN *Unknown,
                                      PADAPTERCOMMON AdapterCommon)
{
    CAdapterPowerManagement *power;

    PAGED_CODE();
    *Unknown = NULL;
    power = new (NonPagedPoolNx, POOLTAG_POWER) CAdapterPowerManagement(NULL);
    if (power == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    power->Init(AdapterCommon);
    *Unknown = PUNKNOWN(PADAPTERPOWERMANAGEMENT2(power));
    (*Unknown)->AddRef();
    return STATUS_SUCCESS;
}

} // namespace cycaudiocxx
