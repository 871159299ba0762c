/* SPDX-License-Identifier: MIT */
/*
 * The raw IRQL state of irql.c, for the runtime files that set it directly.
 */
#ifndef KI_IRQL_H
#define KI_IRQL_H

#include "ki.h"

/* Sets the IRQL and the task priority; no check, no delivery. */
static inline void KiSetIrql(KIRQL Irql)
{
    KiIrql = Irql;
    arch_set_tpr(Irql);
}

#endif /* KI_IRQL_H */
