/* SPDX-License-Identifier: MIT */
/* Ends the packing a <pshpackN.h> started. */
#pragma pack(pop)
