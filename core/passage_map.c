/* passage_map.c — an article's language code and passage spans as one
 * value: the code and a NUL, then varints per passage: the gap from the last
 * passage's end to its first position, its extent, and its words (see
 * passage_map.h). */
#include "passage_map.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t put_varint(unsigned char *out, uint32_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        out[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    out[n++] = (unsigned char)v;
    return n;
}

static bool get_varint(const unsigned char **p, const unsigned char *end,
                       uint32_t *v)
{
    uint64_t x = 0;
    for (unsigned shift = 0; shift < 35 && *p < end; shift += 7) {
        unsigned char b = *(*p)++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            if (x > UINT32_MAX)
                return false;
            *v = (uint32_t)x;
            return true;
        }
    }
    return false;
}

char *passage_map_encode(const char *lang, const passage_span *spans, size_t n,
                         size_t *len)
{
    size_t lang_len = strnlen(lang, PASSAGE_MAP_LANG_MAX - 1);
    unsigned char *out = malloc(lang_len + 1 + n * 15), *at = out;
    unsigned int end = 0;
    if (!out)
        return NULL;
    memcpy(at, lang, lang_len);
    at[lang_len] = '\0';
    at += lang_len + 1;
    for (size_t i = 0; i < n; i++) {
        at += put_varint(at, spans[i].first - end);
        at += put_varint(at, spans[i].last - spans[i].first);
        at += put_varint(at, spans[i].words);
        end = spans[i].last;
    }
    *len = (size_t)(at - out);
    return (char *)out;
}

passim_status passage_map_decode(const char *value, size_t len,
                                 char lang[PASSAGE_MAP_LANG_MAX],
                                 passage_span **out, size_t *n)
{
    const char *nul = memchr(
        value, '\0', len < PASSAGE_MAP_LANG_MAX ? len : PASSAGE_MAP_LANG_MAX);
    const unsigned char *p, *end = (const unsigned char *)value + len;
    passage_span *spans;
    uint32_t at = 0, gap, extent, words;
    size_t count = 0;
    *out = NULL;
    *n = 0;
    if (!nul)
        return PASSIM_ERROR_CORRUPT;
    memcpy(lang, value, (size_t)(nul - value) + 1);
    p = (const unsigned char *)nul + 1;
    spans = malloc(((size_t)(end - p) / 3 + 1) * sizeof *spans);
    if (!spans)
        return PASSIM_ERROR_NO_MEMORY;
    while (p < end) {
        if (!get_varint(&p, end, &gap) || !get_varint(&p, end, &extent) ||
            !get_varint(&p, end, &words) || gap > UINT32_MAX - at ||
            extent > UINT32_MAX - at - gap || (count > 0 && gap == 0)) {
            free(spans);
            return PASSIM_ERROR_CORRUPT;
        }
        spans[count].first = at + gap;
        spans[count].last = at + gap + extent;
        spans[count].words = words;
        at = spans[count++].last;
    }
    if (count == 0) {
        free(spans);
        return PASSIM_ERROR_CORRUPT;
    }
    *out = spans;
    *n = count;
    return PASSIM_OK;
}

size_t passage_map_find(const passage_span *spans, size_t n, unsigned int pos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (spans[mid].last < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && spans[lo].first <= pos ? lo : n;
}
