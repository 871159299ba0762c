/* SPDX-License-Identifier: MIT */
/*
 * ksdebug.h: the KS debug-output macros audio samples use. They print through
 * DbgPrint when the level is at most the run's debug level (debug=N on the
 * command line, as DPF), in every build. Deviation: Windows compiles them
 * only into DBG builds and filters by its own KsDebugLevel.
 */
#ifndef KSDEBUG_H
#define KSDEBUG_H

#include <wdm.h>

#define DEBUGLVL_BLAB    D_BLAB
#define DEBUGLVL_VERBOSE D_VERBOSE
#define DEBUGLVL_TERSE   D_TERSE
#define DEBUGLVL_ERROR   D_ERROR

/* _DbgPrintF(DEBUGLVL_VERBOSE, ("fmt", args)): the message in parentheses. */
#define _DbgPrintF(Level, Message) \
    do { \
        if ((ULONG)(Level) <= KdDebugLevel) { \
            DbgPrint(STR_MODULENAME); \
            DbgPrint Message; \
            DbgPrint("\n"); \
        } \
    } while (0)
#define _DbgPrintFNoPrefix(Level, Message) \
    do { \
        if ((ULONG)(Level) <= KdDebugLevel) { \
            DbgPrint Message; \
        } \
    } while (0)
#ifndef STR_MODULENAME
#define STR_MODULENAME ""
#endif

#endif /* KSDEBUG_H */
