/* SPDX-License-Identifier: MIT */
/*
 * The wave-format part of Microsoft's mmreg.h: format tags, WAVEFORMAT,
 * PCMWAVEFORMAT, WAVEFORMATEX, WAVEFORMATEXTENSIBLE and the speaker bits.
 * Like Microsoft's, the whole file is byte-packed: these structures sit at
 * odd offsets inside KS formats, so no member may be padded.
 */
#ifndef CYC_MMREG_H
#define CYC_MMREG_H

#include <ntdef.h>

EXTERN_C_START

#pragma pack(push, 1)

#define WAVE_FORMAT_UNKNOWN     0x0000
#define WAVE_FORMAT_PCM         0x0001
#define WAVE_FORMAT_ADPCM       0x0002
#define WAVE_FORMAT_IEEE_FLOAT  0x0003
#define WAVE_FORMAT_ALAW        0x0006
#define WAVE_FORMAT_MULAW       0x0007
#define WAVE_FORMAT_EXTENSIBLE  0xFFFE

/*
 * Deviation: Microsoft declares WAVEFORMAT and PCMWAVEFORMAT in mmeapi.h
 * (mmsystem.h); this stack has no user-mode headers, so they live here.
 */
typedef struct waveformat_tag {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
} WAVEFORMAT, *PWAVEFORMAT, *LPWAVEFORMAT;

typedef struct pcmwaveformat_tag {
    WAVEFORMAT wf;
    WORD wBitsPerSample;
} PCMWAVEFORMAT, *PPCMWAVEFORMAT, *LPPCMWAVEFORMAT;

#ifndef _WAVEFORMATEX_
#define _WAVEFORMATEX_
typedef struct tWAVEFORMATEX {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
    WORD wBitsPerSample;
    WORD cbSize;
} WAVEFORMATEX, *PWAVEFORMATEX, *LPWAVEFORMATEX;
typedef const WAVEFORMATEX *PCWAVEFORMATEX, *LPCWAVEFORMATEX;
#endif

#ifndef _WAVEFORMATEXTENSIBLE_
#define _WAVEFORMATEXTENSIBLE_
typedef struct {
    WAVEFORMATEX Format;
    union {
        WORD wValidBitsPerSample;
        WORD wSamplesPerBlock;
        WORD wReserved;
    } Samples;
    DWORD dwChannelMask;
    GUID SubFormat;
} WAVEFORMATEXTENSIBLE, *PWAVEFORMATEXTENSIBLE;
#endif

typedef WAVEFORMATEXTENSIBLE WAVEFORMATPCMEX;
typedef WAVEFORMATPCMEX *PWAVEFORMATPCMEX, *LPWAVEFORMATPCMEX;
typedef WAVEFORMATEXTENSIBLE WAVEFORMATIEEEFLOATEX;
typedef WAVEFORMATIEEEFLOATEX *PWAVEFORMATIEEEFLOATEX;
typedef WAVEFORMATIEEEFLOATEX *LPWAVEFORMATIEEEFLOATEX;

#pragma pack(pop)

/* dwChannelMask bits */
#ifndef _SPEAKER_POSITIONS_
#define _SPEAKER_POSITIONS_
#define SPEAKER_FRONT_LEFT              0x1
#define SPEAKER_FRONT_RIGHT             0x2
#define SPEAKER_FRONT_CENTER            0x4
#define SPEAKER_LOW_FREQUENCY           0x8
#define SPEAKER_BACK_LEFT               0x10
#define SPEAKER_BACK_RIGHT              0x20
#define SPEAKER_FRONT_LEFT_OF_CENTER    0x40
#define SPEAKER_FRONT_RIGHT_OF_CENTER   0x80
#define SPEAKER_BACK_CENTER             0x100
#define SPEAKER_SIDE_LEFT               0x200
#define SPEAKER_SIDE_RIGHT              0x400
#define SPEAKER_TOP_CENTER              0x800
#define SPEAKER_TOP_FRONT_LEFT          0x1000
#define SPEAKER_TOP_FRONT_CENTER        0x2000
#define SPEAKER_TOP_FRONT_RIGHT         0x4000
#define SPEAKER_TOP_BACK_LEFT           0x8000
#define SPEAKER_TOP_BACK_CENTER         0x10000
#define SPEAKER_TOP_BACK_RIGHT          0x20000
#define SPEAKER_RESERVED                0x7FFC0000
#define SPEAKER_ALL                     0x80000000
#endif

/* Layouts as Microsoft's mmreg.h gives them (packed, any architecture). */
_Static_assert(sizeof(WAVEFORMAT) == 14, "packed layout");
_Static_assert(sizeof(PCMWAVEFORMAT) == 16, "packed layout");
_Static_assert(FIELD_OFFSET(PCMWAVEFORMAT, wBitsPerSample) == 14,
               "packed layout");
_Static_assert(sizeof(WAVEFORMATEX) == 18, "packed layout");
_Static_assert(FIELD_OFFSET(WAVEFORMATEX, nSamplesPerSec) == 4,
               "packed layout");
_Static_assert(FIELD_OFFSET(WAVEFORMATEX, cbSize) == 16, "packed layout");
_Static_assert(sizeof(WAVEFORMATEXTENSIBLE) == 40, "packed layout");
_Static_assert(FIELD_OFFSET(WAVEFORMATEXTENSIBLE, Samples) == 18,
               "packed layout");
_Static_assert(FIELD_OFFSET(WAVEFORMATEXTENSIBLE, dwChannelMask) == 20,
               "packed layout");
_Static_assert(FIELD_OFFSET(WAVEFORMATEXTENSIBLE, SubFormat) == 24,
               "packed layout");

EXTERN_C_END

#endif /* CYC_MMREG_H */
