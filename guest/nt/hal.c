/* SPDX-License-Identifier: MIT */
/*
 * Port access and runtime start-up. KiInitializeRuntime brings every part
 * up in dependency order at PASSIVE_LEVEL, with interrupts still disabled;
 * the caller enables them afterwards.
 */
#include "cm.h"
#include "ki.h"
#include "ob.h"

UCHAR NTAPI READ_PORT_UCHAR(PUCHAR Port)
{
    return arch_inb((uint16_t)(uintptr_t)Port);
}

USHORT NTAPI READ_PORT_USHORT(PUSHORT Port)
{
    return arch_inw((uint16_t)(uintptr_t)Port);
}

ULONG NTAPI READ_PORT_ULONG(PULONG Port)
{
    return arch_inl((uint16_t)(uintptr_t)Port);
}

VOID NTAPI WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value)
{
    arch_outb((uint16_t)(uintptr_t)Port, Value);
}

VOID NTAPI WRITE_PORT_USHORT(PUSHORT Port, USHORT Value)
{
    arch_outw((uint16_t)(uintptr_t)Port, Value);
}

VOID NTAPI WRITE_PORT_ULONG(PULONG Port, ULONG Value)
{
    arch_outl((uint16_t)(uintptr_t)Port, Value);
}

VOID KiInitializeRuntime(VOID)
{
    const char *debug = arch_cmdline_get("debug");

    KiInitializeBugCheck();
    KiInitializeDebugPrint();
    KiIrql = PASSIVE_LEVEL;
    arch_set_tpr(PASSIVE_LEVEL);
    KdDebugLevel = D_TERSE;
    if (debug && debug[0] >= '0' && debug[0] <= '9') {
        KdDebugLevel = (ULONG)(debug[0] - '0');
    }
    KiInitializeDpcs();
    KiInitializeTimers();
    KiInitializeInterrupts();
    ExpInitializePool();
    IopInitialize();
    IopInitializeWorkItems();
    PoInitialize();
    PopInitializeIdle();
    PnpInitialize();
    ObpInitializeObjects();
    ObpInitializeHandles();
    CmpInitializeRegistry();
    IopInitializeFiles();
    KiRunDriverConstructors();
}
