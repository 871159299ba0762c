/* SPDX-License-Identifier: MIT */
/*
 * punknown.h: the WDK's kernel-mode IUnknown (PUNKNOWN, DEFINE_ABSTRACT_UNKNOWN
 * and the interface-declaration macros), which portcls.h and stdunk.h use;
 * here they come from unknwn.h.
 */
#ifndef PUNKNOWN_H
#define PUNKNOWN_H

#include <unknwn.h>

#endif /* PUNKNOWN_H */
