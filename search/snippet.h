/*
 * snippet.h — the best window of a passage with every matched word marked.
 *
 * The stored passage text is re-read by the same analyzer that indexed it
 * (unstemmed, each token stemmed only when its stem could be a query term),
 * so a word is marked exactly when the query's terms or stems match what
 * indexing made of it: stems, compound forms and phrase words included.
 * Ranges are byte offsets into the snippet text.
 */
#ifndef PASSIM_SNIPPET_H
#define PASSIM_SNIPPET_H

#include <stddef.h>

#include "analyzer.h"
#include "term_match.h"

typedef struct snippet_range {
    size_t start, end; /* [start, end) in snippet.text */
} snippet_range;

typedef struct snippet {
    char *text; /* NUL-terminated; "…" marks where the passage was cut */
    size_t len;
    snippet_range *ranges; /* sorted, not overlapping */
    size_t nranges;
    size_t first_match; /* offset in the input text of the first marked
                           word, SIZE_MAX when none is */
} snippet;

/* Picks the window of about `width` bytes (whole words) holding the most
 * distinct matched words (term_match.h says which words match), and marks
 * them. Runs of white space become one space. */
passim_status snippet_make(snippet *out, const char *text, size_t len,
                           analyzer *an, const term_set *terms, size_t width);
void snippet_clear(snippet *s);

#endif /* PASSIM_SNIPPET_H */
