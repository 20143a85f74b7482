/*
 * passage_rank.h — the passages of a matching article scored at query time:
 * one pass over the document's words says which match the query (as a
 * snippet would mark them), their positions and the passage map
 * (core/passage_map.h) say which passages hold them, and each passage gets
 * BM25 over its own words (Callan's passage-level evidence), with the
 * collection's document frequencies. An article of one passage needs no
 * positions: its query words' frequencies come from posting lists, read
 * for many such articles at once.
 */
#ifndef PASSIM_PASSAGE_RANK_H
#define PASSIM_PASSAGE_RANK_H

#include <stddef.h>

#include "passage_map.h"
#include "schema.h"
#include "term_match.h"
#include "xc.h"

/* The passage length BM25 normalizes by: the splitter's target size, which
 * most passages are close to. */
#define PASSAGE_RANK_AVERAGE_WORDS SCHEMA_PASSAGE_TARGET_WORDS

/* What one search's passages are weighed with. */
typedef struct passage_ranker {
    xc_db *db;
    xc_mset *mset; /* the search's matches: their term frequencies */
    const term_set *terms;
    double k1, b;
    unsigned int doccount;
    double *idf; /* per term and prefix of `terms`; < 0: not known
                    yet */
} passage_ranker;

passim_status passage_ranker_init(passage_ranker *r, xc_db *db, xc_mset *mset,
                                  const term_set *terms, double k1, double b);
void passage_ranker_clear(passage_ranker *r);

/* Scores every passage of the article whose document is `doc` and whose
 * passages are spans[0, nspans) into scores[0, nspans); *matched receives
 * how many passages hold a query word. `m` matches words in the article's
 * language. */
passim_status passage_ranker_score(passage_ranker *r, term_matcher *m,
                                   xc_doc *doc, const passage_span *spans,
                                   size_t nspans, double *scores,
                                   size_t *matched);

/* An article of one passage, scored by passage_ranker_score_whole. */
typedef struct whole_article {
    xc_docid docid;
    term_matcher *m; /* of its language */
    const passage_span *span;
    double *score;   /* receives its passage's score */
    size_t *matched; /* receives 1 when a query word is in it, else 0 */
} whole_article;

/* Whether passage_ranker_score_whole can score for this query: not when it
 * has prefix* (whose words only a term list names). */
bool passage_ranker_can_score_whole(const passage_ranker *r);

/* Scores articles of one passage each, as passage_ranker_score would, from
 * one posting list per query word (the documents in any order). */
passim_status passage_ranker_score_whole(passage_ranker *r,
                                         whole_article *articles, size_t n);

#endif /* PASSIM_PASSAGE_RANK_H */
