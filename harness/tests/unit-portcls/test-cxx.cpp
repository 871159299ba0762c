// SPDX-License-Identifier: MIT
// The public headers from C++ (issue 14): every COM_SLOT pin holds for the
// slot g++ gives the virtual method, C and C++ agree on structure layouts,
// DEFINE_GUIDSTRUCT strings parse to the STATIC_ values, and a C++ adapter
// written with stdunk.h runs under the C PortCls: the Topology port calls the
// C++ miniport's Init and GetDescription, C calls it through lpVtbl, C++ calls
// the C port and resource list as C++ objects, and the last Release deletes
// it without a leak.
// System headers first: libstdc++ uses __in/__out, which SAL annotations
// (sal.h) define away, as with Microsoft's own headers.
#include <check.h>
#include <string.h>

#define CYC_COM_SLOT_CHECK
#include <portcls.h>
#include <dmusicks.h>
#include <stdunk.h>
#include <ksdebug.h>
#include <ntddk.h>
#include <punknown.h>
#include <ntrt.h>

EXTERN_C_START
#include "host_arch.h"
EXTERN_C_END
#include "cxx-c-side.h"

#define CXX_TAG 'txxC'

// Every COM_SLOT of the headers, registered by ComSlotPin's constructor.
struct PinRecord {
    const char *Name;
    long Expected;
    long Actual;
};
static PinRecord g_Pins[512];
static unsigned g_PinCount;

ComSlotPin::ComSlotPin(const char *Name, long Expected, long Actual)
{
    if (g_PinCount < sizeof(g_Pins) / sizeof(g_Pins[0])) {
        g_Pins[g_PinCount++] = PinRecord{ Name, Expected, Actual };
    }
}

START_TEST(test_slot_pins)
{
    ck_assert_uint_ge(g_PinCount, 170);
    for (unsigned i = 0; i < g_PinCount; i++) {
        ck_assert_msg(g_Pins[i].Expected == g_Pins[i].Actual,
                      "%s: slot %ld in C, %ld in C++", g_Pins[i].Name,
                      g_Pins[i].Expected, g_Pins[i].Actual);
    }
    // IUnknown's three, first in every vtable, in both bases of a class.
    ck_assert_int_eq(ComVtableIndex(&IMiniportWaveCyclic::QueryInterface), 0);
    ck_assert_int_eq(ComVtableIndex(&IMiniportWaveCyclic::Release), 2);
    ck_assert_int_eq(ComVtableIndex(&IMiniportWaveCyclic::Init), 5);
    ck_assert_int_eq(
        ComVtableIndex(&INonDelegatingUnknown::NonDelegatingRelease), 2);
}
END_TEST

#define CXX_LAYOUT(T) { #T, sizeof(T), alignof(T) },
static const CXX_TYPE_LAYOUT g_CxxLayouts[] = {
    CXX_CHECKED_TYPES(CXX_LAYOUT)
};

START_TEST(test_layouts_agree)
{
    ck_assert_uint_eq(CxxCLayoutCount, RTL_NUMBER_OF(g_CxxLayouts));
    for (unsigned i = 0; i < CxxCLayoutCount; i++) {
        ck_assert_str_eq(CxxCLayouts[i].Name, g_CxxLayouts[i].Name);
        ck_assert_msg(CxxCLayouts[i].Size == g_CxxLayouts[i].Size &&
                          CxxCLayouts[i].Align == g_CxxLayouts[i].Align,
                      "%s: C %lu/%lu, C++ %lu/%lu", CxxCLayouts[i].Name,
                      CxxCLayouts[i].Size, CxxCLayouts[i].Align,
                      g_CxxLayouts[i].Size, g_CxxLayouts[i].Align);
    }
    // A C++ object derived from an interface is that interface's layout.
    C_ASSERT(sizeof(IMiniportTopology) == sizeof(PVOID));
    C_ASSERT(sizeof(IUnknown) == sizeof(PVOID));
}
END_TEST

START_TEST(test_guid_strings)
{
    ck_assert_uint_ge(CxxGuidPairCount, 10);
    for (unsigned i = 0; i < CxxGuidPairCount; i++) {
        ck_assert_msg(IsEqualGUID(*CxxGuidPairs[i].Parsed,
                                  CxxGuidPairs[i].Static),
                      "%s: the string and STATIC_ differ",
                      CxxGuidPairs[i].Name);
    }
    // REFGUID is a reference in C++: objects, not their addresses.
    ck_assert(IsEqualGUIDAligned(KSDATAFORMAT_SUBTYPE_PCM,
                                 KSDATAFORMAT_SUBTYPE_PCM));
    ck_assert(!IsEqualGUIDAligned(IID_IPort, IID_IMiniport));
}
END_TEST

// A C++ adapter as Windows samples write one ---------------------------------

static ULONG g_Described;
static ULONG g_Initialized;
static ULONG g_Destroyed;
static PPORTTOPOLOGY g_Port;

static PCPIN_DESCRIPTOR g_TopoPins[2];
static PCFILTER_DESCRIPTOR g_TopoFilter;

class CMiniportTopologyCxx : public IMiniportTopology, public CUnknown
{
public:
    DECLARE_STD_UNKNOWN();
    DEFINE_STD_CONSTRUCTOR(CMiniportTopologyCxx);
    ~CMiniportTopologyCxx();

    STDMETHODIMP_(NTSTATUS) GetDescription(PPCFILTER_DESCRIPTOR *Description);
    STDMETHODIMP_(NTSTATUS) DataRangeIntersection(ULONG PinId,
        PKSDATARANGE DataRange, PKSDATARANGE MatchingDataRange,
        ULONG OutputBufferLength, PVOID ResultantFormat,
        PULONG ResultantFormatLength);
    STDMETHODIMP_(NTSTATUS) Init(PUNKNOWN UnknownAdapter,
        PRESOURCELIST ResourceList, PPORTTOPOLOGY Port);

    PPORTTOPOLOGY m_Port;
    ULONG m_NeverSet;
};

CMiniportTopologyCxx::~CMiniportTopologyCxx()
{
    if (m_Port) {
        m_Port->Release();
    }
    g_Destroyed++;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopologyCxx::NonDelegatingQueryInterface(REFIID Interface,
                                                  PVOID *Object)
{
    if (IsEqualGUIDAligned(Interface, IID_IUnknown)) {
        *Object = PVOID(PUNKNOWN(PMINIPORTTOPOLOGY(this)));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniport)) {
        *Object = PVOID(PMINIPORT(this));
    } else if (IsEqualGUIDAligned(Interface, IID_IMiniportTopology)) {
        *Object = PVOID(PMINIPORTTOPOLOGY(this));
    } else {
        *Object = NULL;
        return STATUS_INVALID_PARAMETER;
    }
    PUNKNOWN(*Object)->AddRef();
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopologyCxx::GetDescription(PPCFILTER_DESCRIPTOR *Description)
{
    g_Described++;
    *Description = &g_TopoFilter;
    return STATUS_SUCCESS;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopologyCxx::DataRangeIntersection(ULONG, PKSDATARANGE, PKSDATARANGE,
                                            ULONG, PVOID, PULONG)
{
    return STATUS_NOT_IMPLEMENTED;
}

STDMETHODIMP_(NTSTATUS)
CMiniportTopologyCxx::Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList,
                           PPORTTOPOLOGY Port)
{
    UNREFERENCED_PARAMETER(UnknownAdapter);
    g_Initialized++;
    // C++ calls the C objects as C++ objects.
    ck_assert_uint_eq(ResourceList->NumberOfInterrupts(), 1);
    ck_assert_uint_eq(m_NeverSet, 0);
    m_Port = Port;
    m_Port->AddRef();
    g_Port = Port;
    return STATUS_SUCCESS;
}

static NTSTATUS CreateMiniportTopologyCxx(PUNKNOWN *Unknown)
{
    STD_CREATE_BODY_WITH_TAG_(CMiniportTopologyCxx, Unknown, NULL,
                              NonPagedPoolNx, CXX_TAG, PMINIPORTTOPOLOGY);
}

static NTSTATUS NTAPI StartDevice(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                  PRESOURCELIST ResourceList)
{
    PPORT port = NULL;
    PUNKNOWN miniport = NULL;
    ULONG pins = 0;
    NTSTATUS status;

    status = PcNewPort(&port, CLSID_PortTopology);
    if (NT_SUCCESS(status)) {
        status = CreateMiniportTopologyCxx(&miniport);
    }
    if (NT_SUCCESS(status)) {
        status = CxxCallFromC(miniport, &pins);
        ck_assert_uint_eq(pins, 2);
    }
    if (NT_SUCCESS(status)) {
        status = port->Init(DeviceObject, Irp, miniport, NULL, ResourceList);
    }
    if (NT_SUCCESS(status)) {
        status = PcRegisterSubdevice(DeviceObject, (PWSTR)L"Topology", port);
    }
    if (miniport) {
        miniport->Release();
    }
    if (port) {
        port->Release();
    }
    return status;
}

static NTSTATUS NTAPI AddDevice(PDRIVER_OBJECT DriverObject,
                                PDEVICE_OBJECT PhysicalDeviceObject)
{
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject, StartDevice,
                              1, 0);
}

static NTSTATUS NTAPI CxxDriverEntry(PDRIVER_OBJECT DriverObject,
                                     PUNICODE_STRING RegistryPath)
{
    return PcInitializeAdapterDriver(DriverObject, RegistryPath, AddDevice);
}

#define CXX_VENDOR 0x1af4
#define CXX_DEVICE 0x10fd
NT_REGISTER_DRIVER("cxxtest", CxxDriverEntry, CXX_VENDOR, CXX_DEVICE);

START_TEST(test_cxx_miniport_under_c_port)
{
    static KSDATARANGE bridge = {
        { sizeof(KSDATARANGE), 0, 0, 0, STATICGUIDOF(KSDATAFORMAT_TYPE_AUDIO),
          STATICGUIDOF(KSDATAFORMAT_SUBTYPE_ANALOG),
          STATICGUIDOF(KSDATAFORMAT_SPECIFIER_NONE) }
    };
    static PKSDATARANGE ranges[] = { &bridge };
    arch_pci_func func;
    PDEVICE_OBJECT pdo = NULL;
    SIZE_T bytes = 0;
    SIZE_T bytesAfter = 0;
    ULONG blocks;

    for (ULONG i = 0; i < 2; i++) {
        g_TopoPins[i].KsPinDescriptor.DataRangesCount = 1;
        g_TopoPins[i].KsPinDescriptor.DataRanges = ranges;
        g_TopoPins[i].KsPinDescriptor.DataFlow =
            i ? KSPIN_DATAFLOW_OUT : KSPIN_DATAFLOW_IN;
        g_TopoPins[i].KsPinDescriptor.Communication =
            KSPIN_COMMUNICATION_NONE;
        g_TopoPins[i].KsPinDescriptor.Category = &KSCATEGORY_AUDIO;
    }
    g_TopoFilter.PinSize = sizeof(PCPIN_DESCRIPTOR);
    g_TopoFilter.PinCount = 2;
    g_TopoFilter.Pins = g_TopoPins;
    host_reset(NULL);
    blocks = ExpPoolOutstanding(0, &bytes);
    RtlZeroMemory(&func, sizeof(func));
    func.vendor_id = CXX_VENDOR;
    func.device_id = CXX_DEVICE;
    func.class_code = 0x040100;
    func.dev = 4;
    func.irq_pin = 1;
    func.irq_line = 11;
    host_pci_add(&func);
    g_Described = g_Initialized = g_Destroyed = 0;
    ck_assert_int_eq(PnpStartDevice("cxxtest", 0, &pdo), STATUS_SUCCESS);
    ck_assert_uint_eq(g_Initialized, 1);
    ck_assert_uint_ge(g_Described, 2);
    ck_assert_ptr_nonnull(g_Port);
    ck_assert_uint_eq(g_Destroyed, 0);
    PnpRemoveAllDevices();
    ck_assert_uint_eq(g_Destroyed, 1);
    ck_assert_uint_eq(ExpPoolOutstanding(0, &bytesAfter), blocks);
    ck_assert_uint_eq(bytesAfter, bytes);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cxx");
    TCase *tc = tcase_create("headers");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_slot_pins);
    tcase_add_test(tc, test_layouts_agree);
    tcase_add_test(tc, test_guid_strings);
    tcase_add_test(tc, test_cxx_miniport_under_c_port);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_set_tap(sr, "-");
    srunner_run_all(sr, CK_SILENT);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
