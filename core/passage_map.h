/*
 * passage_map.h — where an article's passages lie in its body positions,
 * and the language its words were analyzed in, kept compact in one value
 * slot (SLOT_PASSAGE_MAP): what search needs to score passages without
 * reading the article's data (one value read, not two). The indexer encodes
 * it, the searcher decodes it; the display side of each passage (its text,
 * lines, byte range) is in the article's data (schema.h).
 */
#ifndef PASSIM_PASSAGE_MAP_H
#define PASSIM_PASSAGE_MAP_H

#include <stddef.h>

#include "passim.h"

/* One passage: its body words' first and last position, and how many words
 * it has (its length for BM25). */
typedef struct passage_span {
    unsigned int first, last, words;
} passage_span;

/* The longest language code kept, with its NUL. */
#define PASSAGE_MAP_LANG_MAX 32

/* Encodes the language code `lang` (shorter than PASSAGE_MAP_LANG_MAX) and
 * spans[0, n) (positions increasing, never overlapping) into a malloc'd
 * buffer: the code, a NUL, then varints. NULL on out of memory. */
char *passage_map_encode(const char *lang, const passage_span *spans, size_t n,
                         size_t *len);

/* Decodes a value: the language code into lang[], the spans into *out
 * (malloc'd, *n of them). PASSIM_ERROR_CORRUPT when it is not such a map,
 * PASSIM_ERROR_NO_MEMORY. */
passim_status passage_map_decode(const char *value, size_t len,
                                 char lang[PASSAGE_MAP_LANG_MAX],
                                 passage_span **out, size_t *n);

/* The span holding position `pos`, or n when none does. */
size_t passage_map_find(const passage_span *spans, size_t n, unsigned int pos);

#endif /* PASSIM_PASSAGE_MAP_H */
