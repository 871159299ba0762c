/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio: an emulated PCI audio controller with a cyclic DMA engine.
 * Programming model: docs/cycaudio.rst; register ABI: include/cycaudio/regs.h.
 * Everything the guest can observe is a function of QEMU_CLOCK_VIRTUAL and its own writes.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "audio/audio.h"
#include "cycaudio/regs.h"
#include "trace.h"

#define TYPE_CYCAUDIO "cycaudio"
OBJECT_DECLARE_SIMPLE_TYPE(CycAudioState, CYCAUDIO)

struct CycAudioState {
    PCIDevice parent_obj;

    MemoryRegion mmio;
    QEMUSoundCard card;

    /* properties */
    uint32_t render_streams;
    uint32_t capture_streams;
};

static uint32_t cycaudio_caps(CycAudioState *s)
{
    uint32_t caps = 0;

    caps = CYC_SET(caps, CYC_CAPS_NRENDER, s->render_streams);
    caps = CYC_SET(caps, CYC_CAPS_NCAPTURE, s->capture_streams);
    return caps;
}

static uint64_t cycaudio_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    CycAudioState *s = opaque;
    uint32_t val = 0;

    switch (addr) {
    case CYC_REG_ID:
        val = CYC_ID_VALUE;
        break;
    case CYC_REG_VERSION:
        val = CYC_SET(0, CYC_VERSION_MAJOR, CYC_ABI_MAJOR) |
              CYC_SET(0, CYC_VERSION_MINOR, CYC_ABI_MINOR);
        break;
    case CYC_REG_CAPS:
        val = cycaudio_caps(s);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: read of unknown register 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
    trace_cycaudio_mmio_read(addr, val, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    return val;
}

static void cycaudio_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    trace_cycaudio_mmio_write(addr, val, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: write to read-only register 0x%"
                  HWADDR_PRIx "\n", addr);
}

static const MemoryRegionOps cycaudio_mmio_ops = {
    .read = cycaudio_mmio_read,
    .write = cycaudio_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void cycaudio_reset(DeviceState *dev)
{
    trace_cycaudio_reset(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void cycaudio_realize(PCIDevice *pdev, Error **errp)
{
    CycAudioState *s = CYCAUDIO(pdev);

    if (s->render_streams > CYC_GET(CYC_CAPS_NRENDER_MASK, CYC_CAPS_NRENDER) ||
        s->capture_streams > CYC_GET(CYC_CAPS_NCAPTURE_MASK, CYC_CAPS_NCAPTURE)) {
        error_setg(errp, "cycaudio: render-streams and capture-streams must "
                   "each be 0..%u", CYC_GET(CYC_CAPS_NRENDER_MASK,
                                            CYC_CAPS_NRENDER));
        return;
    }

    pci_config_set_interrupt_pin(pdev->config, 1);
    memory_region_init_io(&s->mmio, OBJECT(s), &cycaudio_mmio_ops, s,
                          "cycaudio-mmio", CYC_BAR0_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->mmio);
    AUD_register_card(TYPE_CYCAUDIO, &s->card);
}

static void cycaudio_exit(PCIDevice *pdev)
{
    CycAudioState *s = CYCAUDIO(pdev);

    AUD_remove_card(&s->card);
}

static const VMStateDescription vmstate_cycaudio = {
    .name = TYPE_CYCAUDIO,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, CycAudioState),
        VMSTATE_END_OF_LIST()
    },
};

static Property cycaudio_properties[] = {
    DEFINE_AUDIO_PROPERTIES(CycAudioState, card),
    DEFINE_PROP_UINT32("render-streams", CycAudioState, render_streams, 2),
    DEFINE_PROP_UINT32("capture-streams", CycAudioState, capture_streams, 2),
    DEFINE_PROP_END_OF_LIST(),
};

static void cycaudio_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = cycaudio_realize;
    k->exit = cycaudio_exit;
    k->vendor_id = CYC_PCI_VENDOR_ID;
    k->device_id = CYC_PCI_DEVICE_ID;
    k->revision = CYC_PCI_REVISION;
    k->class_id = CYC_PCI_CLASS;
    dc->desc = "cycaudio cyclic-DMA audio controller";
    dc->reset = cycaudio_reset;
    dc->vmsd = &vmstate_cycaudio;
    device_class_set_props(dc, cycaudio_properties);
    set_bit(DEVICE_CATEGORY_SOUND, dc->categories);
}

static const TypeInfo cycaudio_info = {
    .name = TYPE_CYCAUDIO,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(CycAudioState),
    .class_init = cycaudio_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void cycaudio_register_types(void)
{
    type_register_static(&cycaudio_info);
}

type_init(cycaudio_register_types)
