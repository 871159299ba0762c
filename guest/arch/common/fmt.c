/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting into a bounded buffer. No allocation, no locale, no
 * floating-point state beyond %f; safe at any IRQL (the caller owns buf).
 */
#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"

typedef struct fmt_out {
    char *buf;
    uint16_t *wbuf;     /* instead of buf: 16-bit output */
    size_t size;        /* in characters */
    size_t len;
    bool wide_default;  /* wide format: %s and %c are 16-bit unless h */
} fmt_out;

typedef struct fmt_spec {
    bool left, zero, plus, space, alt;
    int width;
    int prec;  /* -1: none */
} fmt_spec;

static void fmt_putc(fmt_out *o, char c)
{
    if (o->len + 1 < o->size) {
        if (o->wbuf != NULL) {
            o->wbuf[o->len] = (unsigned char)c;
        } else {
            o->buf[o->len] = c;
        }
    }
    o->len++;
}

static void fmt_pad(fmt_out *o, char c, int n)
{
    while (n-- > 0) {
        fmt_putc(o, c);
    }
}

/* Emits prefix + zero padding + digits, justified in spec->width. */
static void fmt_emit_number(fmt_out *o, const fmt_spec *sp, const char *prefix,
                            const char *digits, int ndigits)
{
    int plen = 0;
    int zeros = 0;
    int total;

    while (prefix[plen]) {
        plen++;
    }
    if (sp->prec >= 0 && sp->prec > ndigits) {
        zeros = sp->prec - ndigits;
    }
    total = plen + zeros + ndigits;
    if (!sp->left && sp->zero && sp->prec < 0 && sp->width > total) {
        zeros += sp->width - total;
        total = sp->width;
    }
    if (!sp->left) {
        fmt_pad(o, ' ', sp->width - total);
    }
    for (int i = 0; i < plen; i++) {
        fmt_putc(o, prefix[i]);
    }
    fmt_pad(o, '0', zeros);
    for (int i = 0; i < ndigits; i++) {
        fmt_putc(o, digits[i]);
    }
    if (sp->left) {
        fmt_pad(o, ' ', sp->width - total);
    }
}

static int fmt_utoa(char *out, unsigned long long v, unsigned base, bool upper)
{
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = dig[v % base];
        v /= base;
    } while (v);
    for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    return n;
}

static void fmt_integer(fmt_out *o, const fmt_spec *sp,
                        unsigned long long v, bool negative, unsigned base,
                        bool upper, bool is_signed)
{
    char digits[24];
    char prefix[3] = { 0 };
    int n;

    if (v == 0 && sp->prec == 0) {
        n = 0;
    } else {
        n = fmt_utoa(digits, v, base, upper);
    }
    if (is_signed) {
        if (negative) {
            prefix[0] = '-';
        } else if (sp->plus) {
            prefix[0] = '+';
        } else if (sp->space) {
            prefix[0] = ' ';
        }
    } else if (sp->alt && base == 16 && v) {
        prefix[0] = '0';
        prefix[1] = upper ? 'X' : 'x';
    } else if (sp->alt && base == 8) {
        prefix[0] = '0';
    }
    fmt_emit_number(o, sp, prefix, digits, n);
}

/* Fixed-point %f: exact enough for traces (up to 9 decimals). */
static void fmt_fixed(fmt_out *o, const fmt_spec *sp, double v)
{
    char digits[48];
    char prefix[2] = { 0 };
    int prec = sp->prec < 0 ? 6 : (sp->prec > 9 ? 9 : sp->prec);
    unsigned long long scale = 1;
    unsigned long long ip, fp;
    int n;

    if (v != v) {
        fmt_emit_number(o, sp, "", "nan", 3);
        return;
    }
    if (v < 0) {
        prefix[0] = '-';
        v = -v;
    } else if (sp->plus) {
        prefix[0] = '+';
    }
    if (v > 1.8e19) {
        fmt_emit_number(o, sp, prefix, "inf", 3);
        return;
    }
    for (int i = 0; i < prec; i++) {
        scale *= 10;
    }
    ip = (unsigned long long)v;
    fp = (unsigned long long)((v - (double)ip) * (double)scale + 0.5);
    if (fp >= scale) {
        ip++;
        fp -= scale;
    }
    n = fmt_utoa(digits, ip, 10, false);
    if (prec > 0) {
        char frac[12];
        int fn = fmt_utoa(frac, fp, 10, false);

        digits[n++] = '.';
        for (int i = fn; i < prec; i++) {
            digits[n++] = '0';
        }
        for (int i = 0; i < fn; i++) {
            digits[n++] = frac[i];
        }
    }
    {
        fmt_spec s = *sp;

        s.prec = -1;
        fmt_emit_number(o, &s, prefix, digits, n);
    }
}

/*
 * Count characters of s (narrow if Unit is 1, 16-bit code units if 2); a
 * negative Count means NUL-terminated. Code units outside ASCII print '?'.
 */
static void fmt_chars(fmt_out *o, const fmt_spec *sp, const void *s,
                      int unit, long count)
{
    const unsigned char *narrow = s;
    const uint16_t *wide = s;
    int n = 0;

    if (s == NULL) {
        narrow = (const unsigned char *)"(null)";
        unit = 1;
        count = -1;
    }
    while ((count < 0 || n < count) && (sp->prec < 0 || n < sp->prec) &&
           (unit == 1 ? narrow[n] : wide[n]) != 0) {
        n++;
    }
    if (!sp->left) {
        fmt_pad(o, ' ', sp->width - n);
    }
    for (int i = 0; i < n; i++) {
        unsigned c = unit == 1 ? narrow[i] : wide[i];

        fmt_putc(o, unit == 1 || c < 0x80 ? (char)c : '?');
    }
    if (sp->left) {
        fmt_pad(o, ' ', sp->width - n);
    }
}

/* ANSI_STRING and UNICODE_STRING share this layout (lengths in bytes). */
typedef struct fmt_counted {
    uint16_t length;
    uint16_t maximum_length;
    const void *buffer;
} fmt_counted;

static void fmt_counted_string(fmt_out *o, const fmt_spec *sp,
                               const fmt_counted *s, int unit)
{
    if (s == NULL || s->buffer == NULL) {
        fmt_chars(o, sp, NULL, 1, -1);
        return;
    }
    fmt_chars(o, sp, s->buffer, unit, s->length / unit);
}

/* Integer argument sizes. */
enum {
    FMT_CHAR = -2,
    FMT_SHORT = -1,
    FMT_INT = 0,    /* 32 bits */
    FMT_LONG = 1,   /* C: long, 64 bits on LP64 */
    FMT_64 = 2,     /* long long, __int64 */
    FMT_SIZE = 3,   /* size_t, ptrdiff_t, intmax_t, pointer-sized */
};

typedef struct fmt_len {
    int size;
    bool wide;    /* l or w: strings and characters are 16-bit */
    bool narrow;  /* h: strings and characters are 8-bit */
} fmt_len;

/*
 * Parses the length modifiers at *fmt. C: hh h l ll z j t. Windows (nt):
 * l is 32 bits for integers and wide for s/c/Z, w is wide, I64 and ll are
 * 64 bits, I32 32 bits, I pointer-sized; z j t as in C.
 */
static const char *fmt_parse_len(const char *fmt, bool nt, fmt_len *len)
{
    for (;; fmt++) {
        if (*fmt == 'h') {
            len->size = len->size == FMT_SHORT ? FMT_CHAR : FMT_SHORT;
            len->narrow = true;
        } else if (*fmt == 'l') {
            if (fmt[1] == 'l') {
                len->size = FMT_64;
                fmt++;
            } else {
                len->size = nt ? FMT_INT : FMT_LONG;
                len->wide = true;
            }
        } else if (nt && *fmt == 'w') {
            len->wide = true;
        } else if (nt && *fmt == 'I') {
            if (fmt[1] == '6' && fmt[2] == '4') {
                len->size = FMT_64;
                fmt += 2;
            } else if (fmt[1] == '3' && fmt[2] == '2') {
                len->size = FMT_INT;
                fmt += 2;
            } else {
                len->size = FMT_SIZE;
            }
        } else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') {
            len->size = FMT_SIZE;
        } else {
            return fmt;
        }
    }
}

static unsigned long long fmt_arg_unsigned(va_list *ap, int size)
{
    switch (size) {
    case FMT_CHAR:
        return (unsigned char)va_arg(*ap, unsigned int);
    case FMT_SHORT:
        return (unsigned short)va_arg(*ap, unsigned int);
    case FMT_INT:
        return va_arg(*ap, unsigned int);
    case FMT_LONG:
        return va_arg(*ap, unsigned long);
    case FMT_64:
        return va_arg(*ap, unsigned long long);
    default:
        return va_arg(*ap, size_t);
    }
}

static long long fmt_arg_signed(va_list *ap, int size)
{
    switch (size) {
    case FMT_CHAR:
        return (signed char)va_arg(*ap, int);
    case FMT_SHORT:
        return (short)va_arg(*ap, int);
    case FMT_INT:
        return va_arg(*ap, int);
    case FMT_LONG:
        return va_arg(*ap, long);
    case FMT_64:
        return va_arg(*ap, long long);
    default:
        return (long long)va_arg(*ap, ptrdiff_t);
    }
}

/* Parses flags, width and precision of one conversion at *fmt. */
static const char *fmt_parse_spec(const char *fmt, va_list *ap, fmt_spec *sp)
{
    for (;; fmt++) {
        if (*fmt == '-') {
            sp->left = true;
        } else if (*fmt == '0') {
            sp->zero = true;
        } else if (*fmt == '+') {
            sp->plus = true;
        } else if (*fmt == ' ') {
            sp->space = true;
        } else if (*fmt == '#') {
            sp->alt = true;
        } else {
            break;
        }
    }
    if (*fmt == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->left = true;
            sp->width = -sp->width;
        }
        fmt++;
    } else {
        while (*fmt >= '0' && *fmt <= '9') {
            sp->width = sp->width * 10 + (*fmt++ - '0');
        }
    }
    if (*fmt == '.') {
        fmt++;
        sp->prec = 0;
        if (*fmt == '*') {
            sp->prec = va_arg(*ap, int);
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9') {
                sp->prec = sp->prec * 10 + (*fmt++ - '0');
            }
        }
    }
    return fmt;
}

static void fmt_char(fmt_out *o, const fmt_spec *sp, char c)
{
    fmt_pad(o, ' ', sp->left ? 0 : sp->width - 1);
    fmt_putc(o, c);
    fmt_pad(o, ' ', sp->left ? sp->width - 1 : 0);
}

/* One conversion c with its spec and length; returns false if unknown. */
static bool fmt_convert(fmt_out *o, const fmt_spec *sp, const fmt_len *len,
                        char c, bool nt, va_list *ap)
{
    switch (c) {
    case 'd':
    case 'i': {
        long long v = fmt_arg_signed(ap, len->size);

        fmt_integer(o, sp, v < 0 ? 0ull - (unsigned long long)v
                                 : (unsigned long long)v,
                    v < 0, 10, false, true);
        return true;
    }
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        fmt_integer(o, sp, fmt_arg_unsigned(ap, len->size), false,
                    c == 'u' ? 10 : (c == 'o' ? 8 : 16), c == 'X', false);
        return true;
    case 'p': {
        fmt_spec ps = *sp;

        ps.alt = true;
        fmt_integer(o, &ps, (uintptr_t)va_arg(*ap, void *), false, 16,
                    false, false);
        return true;
    }
    case 'c':
    case 'C': {
        unsigned ch = va_arg(*ap, unsigned int);

        if (len->wide ||
            (!len->narrow && (c == 'C') != o->wide_default)) {
            ch = (uint16_t)ch < 0x80 ? (uint16_t)ch : '?';
        }
        fmt_char(o, sp, (char)ch);
        return true;
    }
    case 's':
    case 'S':
        if (len->wide ||
            (!len->narrow && (c == 'S') != o->wide_default)) {
            fmt_chars(o, sp, va_arg(*ap, const uint16_t *), 2, -1);
        } else {
            fmt_chars(o, sp, va_arg(*ap, const char *), 1, -1);
        }
        return true;
    case 'Z':
        if (!nt) {
            return false;
        }
        fmt_counted_string(o, sp, va_arg(*ap, const fmt_counted *),
                           len->wide ? 2 : 1);
        return true;
    case 'f':
    case 'F':
    case 'g':
    case 'e':
        fmt_fixed(o, sp, va_arg(*ap, double));
        return true;
    case '%':
        fmt_putc(o, '%');
        return true;
    default:
        return false;
    }
}

static int fmt_format(fmt_out *o, const char *fmt, va_list ap, bool nt)
{
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        fmt_spec sp = { .prec = -1 };
        fmt_len len = { .size = FMT_INT };
        char c = *fmt++;

        if (c != '%') {
            fmt_putc(o, c);
            continue;
        }
        fmt = fmt_parse_spec(fmt, &args, &sp);
        fmt = fmt_parse_len(fmt, nt, &len);
        c = *fmt;
        if (c == 0) {
            break;
        }
        fmt++;
        if (!fmt_convert(o, &sp, &len, c, nt, &args)) {
            fmt_putc(o, '%');
            fmt_putc(o, c);
        }
    }
    va_end(args);
    if (o->size != 0) {
        size_t end = o->len < o->size ? o->len : o->size - 1;

        if (o->wbuf != NULL) {
            o->wbuf[end] = 0;
        } else {
            o->buf[end] = 0;
        }
    }
    return (int)o->len;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    fmt_out o = { .buf = buf, .size = size };

    return fmt_format(&o, fmt, ap, false);
}

int fmt_vsnprintf_nt(char *buf, size_t size, const char *fmt, va_list ap)
{
    fmt_out o = { .buf = buf, .size = size };

    return fmt_format(&o, fmt, ap, true);
}

int fmt_vsnwprintf_nt(uint16_t *buf, size_t count, const char *fmt,
                      va_list ap)
{
    fmt_out o = { .wbuf = buf, .size = count, .wide_default = true };

    return fmt_format(&o, fmt, ap, true);
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
