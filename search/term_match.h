/*
 * term_match.h — which query term a word of stored text matches, decided as
 * indexing and querying decided it: its folded form or its stem equals a
 * term the query looks for, or its folded form starts with one of the
 * query's prefixes. Snippets mark the words it matches; passage ranking
 * counts them.
 */
#ifndef PASSIM_TERM_MATCH_H
#define PASSIM_TERM_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer.h"

/* What a query looks for: folded terms and stems (query_compiled.terms),
 * and the folded prefixes of prefix*. */
typedef struct term_set {
    const char *const *terms;
    size_t nterms;
    const char *const *prefixes;
    size_t nprefixes;
    const unsigned char *unranked; /* per term, or NULL: see
                                      query_compiled.unranked */
} term_set;

#define TERM_NO_MATCH ((size_t)-1)

typedef struct term_matcher {
    const term_set *q;
    analyzer *an;
    size_t *lens; /* of the terms, then of the prefixes */
    /* Stemming is most of matching's cost, and a word only needs its stem
     * when the stem could be a term: with an analyzer whose stems keep a
     * word's first byte, only words whose first byte starts some term. */
    bool stems, stem_all;
    unsigned char first[256 / 8];
    bool failed; /* stemming ran out of memory */
} term_matcher;

/* Readies m for `q` and the analyzer of the text's language (both must
 * outlive m). PASSIM_ERROR_INVALID_ARGUMENT without an analyzer. */
passim_status term_matcher_init(term_matcher *m, const term_set *q,
                                analyzer *an);
void term_matcher_clear(term_matcher *m);

/* Which query term the folded word term[0, len) matches: an index into
 * q->terms (its own form first, then its stem), q->nterms + i for prefix i,
 * or TERM_NO_MATCH. `number`: the word is a number (never stemmed). Sets
 * m->failed and answers TERM_NO_MATCH when out of memory. */
size_t term_matcher_find(term_matcher *m, const char *term, size_t len,
                         bool number);

#endif /* PASSIM_TERM_MATCH_H */
