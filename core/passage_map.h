/*
 * passage_map.h — where an article's passages lie in its body positions,
 * kept compact in a value slot (SLOT_PASSAGE_MAP): what search needs to
 * score passages without reading the article's data. The indexer encodes
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

/* Encodes spans[0, n) (positions increasing, never overlapping) as varints
 * into a malloc'd buffer. NULL on out of memory. */
char *passage_map_encode(const passage_span *spans, size_t n, size_t *len);

/* Decodes a value into *out (malloc'd, *n spans). PASSIM_ERROR_CORRUPT when
 * it is not such a map, PASSIM_ERROR_NO_MEMORY. */
passim_status passage_map_decode(const char *value, size_t len,
                                 passage_span **out, size_t *n);

/* The span holding position `pos`, or n when none does. */
size_t passage_map_find(const passage_span *spans, size_t n, unsigned int pos);

#endif /* PASSIM_PASSAGE_MAP_H */
