/* SPDX-License-Identifier: MIT */
/*
 * The freestanding C library subset the guest links against (the compiler
 * emits calls to memcpy/memset/memmove/memcmp on its own). Built with
 * -fno-tree-loop-distribute-patterns so these loops never become calls to
 * themselves.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fmt.h"

/*
 * Under TCG every iteration of a rep-prefixed string instruction is one
 * translated-block run (and one instruction of icount's virtual clock), so
 * the bulk moves go eight bytes an iteration and only the tail byte-wise.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t words = n / 8;
    size_t tail = n % 8;

    __asm__ __volatile__("rep movsq"
                         : "+D"(d), "+S"(src), "+c"(words) : : "memory");
    __asm__ __volatile__("rep movsb"
                         : "+D"(d), "+S"(src), "+c"(tail) : : "memory");
    return dst;
}

/*
 * Forward when the destination is below the source (each quadword is read
 * before the lower one it overlaps is written), else backward from the end:
 * the odd tail bytes first, then the quadwords downwards with the direction
 * flag set (the ABI wants it clear again on return).
 */
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    size_t words = n / 8;
    size_t tail = n % 8;

    if (d == s || n == 0) {
        return dst;
    }
    if (d < s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    while (tail > 0) {
        tail--;
        d[words * 8 + tail] = s[words * 8 + tail];
    }
    if (words > 0) {
        void *dw = d + (words - 1) * 8;
        const void *sw = s + (words - 1) * 8;

        __asm__ __volatile__("std\n\trep movsq\n\tcld"
                             : "+D"(dw), "+S"(sw), "+c"(words) : : "memory");
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    size_t words = n / 8;
    size_t tail = n % 8;
    uint64_t v = (uint64_t)(unsigned char)c * 0x0101010101010101ull;

    __asm__ __volatile__("rep stosq"
                         : "+D"(d), "+c"(words) : "a"(v) : "memory");
    __asm__ __volatile__("rep stosb"
                         : "+D"(d), "+c"(tail) : "a"(v) : "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a;
    const unsigned char *y = b;
    size_t i = 0;

    /* Equal quadwords skipped eight bytes at a time; the order is byte-wise. */
    for (; i + 8 <= n; i += 8) {
        uint64_t wx, wy;

        __builtin_memcpy(&wx, x + i, 8);
        __builtin_memcpy(&wy, y + i, 8);
        if (wx != wy) {
            break;
        }
    }
    for (; i < n; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n]) {
        n++;
    }
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || !a[i]) {
            return (unsigned char)a[i] - (unsigned char)b[i];
        }
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c) {
            return (char *)s;
        }
        if (!*s) {
            return NULL;
        }
    }
}

char *strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i]; i++) {
        dst[i] = src[i];
    }
    for (; i < n; i++) {
        dst[i] = 0;
    }
    return dst;
}

char *strcpy(char *dst, const char *src)
{
    size_t i = 0;

    do {
        dst[i] = src[i];
    } while (src[i++]);
    return dst;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    unsigned long v = 0;

    while (*s == ' ') {
        s++;
    }
    if ((base == 0 || base == 16) && s[0] == '0' &&
        (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = 10;
    }
    for (;; s++) {
        int d;

        if (*s >= '0' && *s <= '9') {
            d = *s - '0';
        } else if (*s >= 'a' && *s <= 'z') {
            d = *s - 'a' + 10;
        } else if (*s >= 'A' && *s <= 'Z') {
            d = *s - 'A' + 10;
        } else {
            break;
        }
        if (d >= base) {
            break;
        }
        v = v * (unsigned long)base + (unsigned long)d;
    }
    if (end) {
        *end = (char *)s;
    }
    return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return fmt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
