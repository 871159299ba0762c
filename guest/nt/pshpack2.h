/* SPDX-License-Identifier: MIT */
/* Structures declared from here to <poppack.h> are packed to 2 bytes. */
#pragma pack(push, 2)
