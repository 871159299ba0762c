/* SPDX-License-Identifier: MIT */
/*
 * Everything a harness test includes: launcher, QMP, qtest, WAV, guest
 * TAP, runner, and the register ABI the tests check against.
 */
#ifndef CYC_H
#define CYC_H

#include "errors.h"
#include "qemu.h"
#include "qmp.h"
#include "qtest.h"
#include "runner.h"
#include "tap.h"
#include "tinyguest.h"
#include "wav.h"

#include "cycaudio/regs.h"
#include "cycaudio/reference.h"

#endif /* CYC_H */
