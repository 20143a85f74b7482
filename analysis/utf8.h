/*
 * utf8.h — strict UTF-8 decoding shared by the analyzer and the sanitizer.
 *
 * Inline because the analyzer calls it for every non-ASCII character of
 * every indexed text. Only the well-formed sequences of the Unicode
 * standard's table 3-7 decode: overlong forms, surrogates, code points past
 * U+10FFFF, stray continuation bytes and truncated sequences do not.
 */
#ifndef PASSIM_UTF8_H
#define PASSIM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s[0] (len >= 1). Returns the number of bytes it
 * takes and sets *cp to the code point, or to -1 when the bytes are not
 * well-formed; the length is then that of the maximal ill-formed prefix
 * (Unicode's recommended practice: one replacement per such prefix), at
 * least 1, so that a caller always moves forward. */
static inline size_t utf8_decode(const unsigned char *s, size_t len,
                                 int32_t *cp)
{
    unsigned char b = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need;
    int32_t c;

    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        c = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        c = b & 0x0F;
        if (b == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (b == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        c = b & 0x07;
        if (b == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (b == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
    } else {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= len || s[i] < lo || s[i] > hi) {
            *cp = -1;
            return i;
        }
        c = (c << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = c;
    return need + 1;
}

#endif /* PASSIM_UTF8_H */
