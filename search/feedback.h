/*
 * feedback.h — pseudo-relevance feedback: the query is run once for its top
 * articles, the body stems of their term lists are ranked by their share of
 * each article (RM3's P(w|D)), the best few again by that
 * times their idf, and a weighted OR of the top ones is returned for the
 * searcher to add to the ranking (AND_MAYBE: it reorders what the query
 * matches, never widens or narrows it). Stopwords, title stems and the
 * query's own stems are never added.
 *
 * As in RM3, the added stems weigh together what the query's words weigh
 * times `weight`, however many stems there are: each gets weight x words /
 * stems. A two-word query is not drowned by twenty added stems, and a long
 * one still moves.
 */
#ifndef PASSIM_FEEDBACK_H
#define PASSIM_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer.h"
#include "passim.h"
#include "xc.h"

/* The settings `--feedback` turns on are PASSIM_DEFAULT_FEEDBACK_* in
 * passim.h (bench/relevance/tune.py chose them by 2-fold cross-validation on
 * Cranfield; bench/README.md has the tables). */

typedef struct feedback_options {
    unsigned int docs;       /* top articles read; 0: off */
    unsigned int terms;      /* stems added at most; 0: off */
    double weight;           /* the added stems' weight, all together, per query
                                word (1: as much as the query) */
    size_t words;            /* the query's words (0 counts as 1) */
    double k1, b;            /* BM25 of the first run, as the searcher's */
    const analyzer *stop;    /* stems that are its stopwords are not added;
                                may be NULL */
    const char *const *skip; /* stems (without "Z") never added: the
                                query's own */
    size_t nskip;
} feedback_options;

typedef struct feedback_expansion {
    xc_query *query; /* OR of the added stems, scaled by factor; NULL: none */
    char **terms;    /* the added terms ("Z" + stem), best first */
    size_t nterms;
    double factor; /* each added stem's BM25 weight is scaled by this */
} feedback_expansion;

/* Reads "DOCS,TERMS,WEIGHT" (`--feedback=1,20,1`): DOCS 1 to
 * PASSIM_FEEDBACK_MAX_DOCS, TERMS 1 to PASSIM_FEEDBACK_MAX_TERMS, WEIGHT
 * above 0 and at most 100. False, leaving the outputs alone, on anything
 * else. */
bool feedback_parse(const char *text, unsigned int *docs, unsigned int *terms,
                    double *weight);

/* Runs `query` and fills *out with
 * the expansion of its top opt->docs articles. Nothing to add (feedback
 * off, no match, no new stem) leaves *out empty and is PASSIM_OK. */
passim_status feedback_expand(xc_db *db, const xc_query *query,
                              const feedback_options *opt,
                              feedback_expansion *out);
/* Whether `term` is one of the added terms (for --explain). */
bool feedback_has_term(const feedback_expansion *fx, const char *term,
                       size_t len);
void feedback_expansion_clear(feedback_expansion *fx);

#endif /* PASSIM_FEEDBACK_H */
