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
    size_t size;
    size_t len;
} fmt_out;

typedef struct fmt_spec {
    bool left, zero, plus, space, alt;
    int width;
    int prec;  /* -1: none */
} fmt_spec;

static void fmt_putc(fmt_out *o, char c)
{
    if (o->len + 1 < o->size) {
        o->buf[o->len] = c;
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

static void fmt_integer(fmt_out *o, const fmt_spec *sp, unsigned long long v,
                        bool negative, unsigned base, bool upper, bool is_signed)
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

static void fmt_string(fmt_out *o, const fmt_spec *sp, const char *s)
{
    int n = 0;

    if (!s) {
        s = "(null)";
    }
    while (s[n] && (sp->prec < 0 || n < sp->prec)) {
        n++;
    }
    if (!sp->left) {
        fmt_pad(o, ' ', sp->width - n);
    }
    for (int i = 0; i < n; i++) {
        fmt_putc(o, s[i]);
    }
    if (sp->left) {
        fmt_pad(o, ' ', sp->width - n);
    }
}

/* 16-bit code units; anything outside ASCII prints as '?'. */
static void fmt_wstring(fmt_out *o, const fmt_spec *sp, const uint16_t *s)
{
    int n = 0;

    if (!s) {
        fmt_string(o, sp, NULL);
        return;
    }
    while (s[n] && (sp->prec < 0 || n < sp->prec)) {
        n++;
    }
    if (!sp->left) {
        fmt_pad(o, ' ', sp->width - n);
    }
    for (int i = 0; i < n; i++) {
        fmt_putc(o, s[i] < 0x80 ? (char)s[i] : '?');
    }
    if (sp->left) {
        fmt_pad(o, ' ', sp->width - n);
    }
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    fmt_out o = { buf, size, 0 };

    while (*fmt) {
        fmt_spec sp = { .prec = -1 };
        int lng = 0;  /* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t */
        char c = *fmt++;

        if (c != '%') {
            fmt_putc(&o, c);
            continue;
        }
        for (;; fmt++) {
            if (*fmt == '-') {
                sp.left = true;
            } else if (*fmt == '0') {
                sp.zero = true;
            } else if (*fmt == '+') {
                sp.plus = true;
            } else if (*fmt == ' ') {
                sp.space = true;
            } else if (*fmt == '#') {
                sp.alt = true;
            } else {
                break;
            }
        }
        if (*fmt == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9') {
                sp.width = sp.width * 10 + (*fmt++ - '0');
            }
        }
        if (*fmt == '.') {
            fmt++;
            sp.prec = 0;
            if (*fmt == '*') {
                sp.prec = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9') {
                    sp.prec = sp.prec * 10 + (*fmt++ - '0');
                }
            }
        }
        for (;; fmt++) {
            if (*fmt == 'h') {
                lng = lng < 0 ? -2 : -1;
            } else if (*fmt == 'l') {
                lng++;
            } else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') {
                lng = 3;
            } else {
                break;
            }
        }
        c = *fmt;
        if (c) {
            fmt++;
        }
        switch (c) {
        case 'd':
        case 'i': {
            long long v;

            if (lng >= 1) {
                v = lng == 1 ? va_arg(ap, long)
                    : lng == 2 ? va_arg(ap, long long) : va_arg(ap, long);
            } else {
                v = va_arg(ap, int);
                if (lng == -1) {
                    v = (short)v;
                } else if (lng == -2) {
                    v = (signed char)v;
                }
            }
            fmt_integer(&o, &sp, v < 0 ? 0ull - (unsigned long long)v
                                       : (unsigned long long)v,
                        v < 0, 10, false, true);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            unsigned long long v;

            if (lng >= 1) {
                v = lng == 2 ? va_arg(ap, unsigned long long)
                             : va_arg(ap, unsigned long);
            } else {
                v = va_arg(ap, unsigned int);
                if (lng == -1) {
                    v = (unsigned short)v;
                } else if (lng == -2) {
                    v = (unsigned char)v;
                }
            }
            fmt_integer(&o, &sp, v, false,
                        c == 'u' ? 10 : (c == 'o' ? 8 : 16), c == 'X', false);
            break;
        }
        case 'p': {
            fmt_spec ps = sp;

            ps.alt = true;
            fmt_integer(&o, &ps, (uintptr_t)va_arg(ap, void *), false, 16,
                        false, false);
            break;
        }
        case 'c':
            fmt_pad(&o, ' ', sp.left ? 0 : sp.width - 1);
            fmt_putc(&o, (char)va_arg(ap, int));
            fmt_pad(&o, ' ', sp.left ? sp.width - 1 : 0);
            break;
        case 's':
            if (lng >= 1) {
                fmt_wstring(&o, &sp, va_arg(ap, const uint16_t *));
            } else {
                fmt_string(&o, &sp, va_arg(ap, const char *));
            }
            break;
        case 'f':
        case 'F':
        case 'g':
        case 'e':
            fmt_fixed(&o, &sp, va_arg(ap, double));
            break;
        case '%':
            fmt_putc(&o, '%');
            break;
        case 0:
            break;
        default:
            fmt_putc(&o, '%');
            fmt_putc(&o, c);
            break;
        }
    }
    if (size) {
        buf[o.len < size ? o.len : size - 1] = 0;
    }
    return (int)o.len;
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
