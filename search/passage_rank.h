/*
 * passage_rank.h — the passages of a matching article scored at query time:
 * one pass over the document's words says which match the query (as a
 * snippet would mark them), their positions and the passage map
 * (core/passage_map.h) say which passages hold them,
 * and each passage gets BM25 over its own words (Callan's passage-level
 * evidence), with the collection's document frequencies.
 */
#ifndef PASSIM_PASSAGE_RANK_H
#define PASSIM_PASSAGE_RANK_H

#include <stddef.h>

#include "schema.h"
#include "passage_map.h"
#include "term_match.h"
#include "xc.h"

/* The passage length BM25 normalizes by: the splitter's target size, which
 * most passages are close to. */
#define PASSAGE_RANK_AVERAGE_WORDS SCHEMA_PASSAGE_TARGET_WORDS

/* What one search's passages are weighed with. */
typedef struct passage_ranker {
    xc_db *db;
    xc_mset *mset;        /* the search's matches: their term frequencies */
    const term_set *terms;
    double k1, b;
    unsigned int doccount;
    double *idf;          /* per term and prefix of `terms`; < 0: not known
                             yet */
} passage_ranker;

passim_status passage_ranker_init(passage_ranker *r, xc_db *db,
                                  xc_mset *mset, const term_set *terms,
                                  double k1, double b);
void passage_ranker_clear(passage_ranker *r);

/* Scores every passage of the article whose document is `doc` and whose
 * passages are spans[0, nspans) into scores[0, nspans); *matched receives
 * how many passages hold a query word. `m` matches words in the article's
 * language. */
passim_status passage_ranker_score(passage_ranker *r, term_matcher *m,
                                   xc_doc *doc, const passage_span *spans,
                                   size_t nspans, double *scores,
                                   size_t *matched);

#endif /* PASSIM_PASSAGE_RANK_H */
