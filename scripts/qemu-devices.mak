# SPDX-License-Identifier: MIT
# The devices QEMU is built with (scripts/qemu-build: --without-default-devices
# --with-devices-x86_64=cycaudio, this file copied to
# configs/devices/x86_64-softmmu/cycaudio.mak): the two machines and what the
# project's command lines name; everything a machine needs comes with it.
# A device added here whose directory's trace group or files our QEMU patches
# drop (0011, 0012) fails to compile or link until they are put back there.
#
# Machines: -machine pc (i440FX) and q35.
CONFIG_I440FX=y
CONFIG_Q35=y
# The device under test.
CONFIG_CYCAUDIO=y
# isa-debugcon (the guest console) and isa-debug-exit (the guest's verdict).
CONFIG_ISA_DEBUG=y
# The pc machine's HPET, as in a default build (the machine stays the same).
CONFIG_HPET=y
# Other PCI devices the foundation suite and comparisons use: edu (PCI
# enumeration), AC97 (WAV header on debug exit) and intel-hda (issue 15's
# baseline).
CONFIG_EDU=y
CONFIG_AC97=y
CONFIG_HDA=y
# pcie-root-port: the q35 hot-unplug case (device_del needs a hotplug-capable
# slot; q35's root bus has none).
CONFIG_PCIE_PORT=y
