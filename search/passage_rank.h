/*
 * passage_rank.h — the passages of a matching article scored at query time:
 * the document's term list says which of its words match the query (as a
 * snippet would mark them), their positions say which passages hold them,
 * and each passage gets BM25 over its own words (Callan's passage-level
 * evidence), with the collection's document frequencies.
 */
#ifndef PASSIM_PASSAGE_RANK_H
#define PASSIM_PASSAGE_RANK_H

#include <stddef.h>

#include "schema.h"
#include "stored.h"
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

/* Scores every passage of article `a`, whose document is `doc`, into
 * scores[0, a->npassages); *matched receives how many passages hold a
 * query word. `m` matches words in the article's language. */
passim_status passage_ranker_score(passage_ranker *r, term_matcher *m,
                                   xc_doc *doc, const stored_article *a,
                                   double *scores, size_t *matched);

#endif /* PASSIM_PASSAGE_RANK_H */
