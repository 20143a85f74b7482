/*
 * feedback.h — pseudo-relevance feedback: the query is run once, the body
 * stems that best tell its top articles from the rest of the collection
 * (Xapian's expand set, its TradWeight scheme) are picked, and a weighted OR
 * of them is returned for the searcher to add to the ranking (AND_MAYBE: it
 * reorders what the query matches, never widens or narrows it).
 */
#ifndef PASSIM_FEEDBACK_H
#define PASSIM_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"
#include "xc.h"

/* The settings `--feedback` turns on (bench/relevance/tune.py chose them by
 * 2-fold cross-validation on Cranfield; bench/README.md has the table). */
#define FEEDBACK_DOCS 2
#define FEEDBACK_TERMS 60
#define FEEDBACK_WEIGHT 0.3

typedef struct feedback_options {
    unsigned int docs;  /* top articles (one passage each) read; 0: off */
    unsigned int terms; /* stems added at most; 0: off */
    double weight;      /* factor applied to the added stems' BM25 weight */
    double k1, b;       /* BM25 of the first run, as the searcher's */
} feedback_options;

typedef struct feedback_expansion {
    xc_query *query; /* weight-scaled OR of the added stems; NULL: none */
    char **terms;    /* the added terms ("Z" + stem), best first */
    size_t nterms;
} feedback_expansion;

/* Runs `query` (collapsed to one passage per article) and fills *out with
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
