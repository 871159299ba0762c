/* SPDX-License-Identifier: MIT */
/* Structures declared from here to <poppack.h> are packed to 1 bytes. */
#pragma pack(push, 1)
