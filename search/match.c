/* match.c — one matching of a search's query: compiled in a mode, with the
 * proximity boost, the date filter and feedback, matched for its top
 * articles, and counted (with the facets' spies) by a pass that weighs
 * nothing. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "schema.h"
#include "searcher_internal.h"

#define WILDCARD_LIMIT 200

/* Combines two queries with `op`, freeing both; *q receives the result. */
static passim_status combine2(xc_query **q, xc_query_op op, xc_query *other)
{
    xc_query *pair[2] = {*q, other}, *out = NULL;
    passim_status st = xc_query_combine(&out, op, pair, 2, 0);
    xc_query_free(pair[0]);
    xc_query_free(pair[1]);
    *q = out;
    return st;
}

/* The compiled query plus the proximity boost and the date filter. */
static passim_status final_query(const search_run *run, const query_compiled *c,
                                 xc_query **out)
{
    const search_request *req = run->req;
    xc_query *q = NULL, *extra = NULL;
    passim_status st = xc_query_combine(&q, XC_OP_AND, &c->query, 1, 0);
    if (st == PASSIM_OK && c->proximity && run->opt->proximity_weight > 0) {
        st = xc_query_scale(&extra, c->proximity, run->opt->proximity_weight);
        if (st == PASSIM_OK)
            st = combine2(&q, XC_OP_AND_MAYBE, extra);
    }
    if (st == PASSIM_OK && (req->since[0] || req->until[0])) {
        st = xc_query_value_range(&extra, SLOT_DATE,
                                  req->since[0] ? req->since : NULL,
                                  req->until[0] ? req->until : NULL);
        if (st == PASSIM_OK)
            st = combine2(&q, XC_OP_FILTER, extra);
    }
    if (st != PASSIM_OK) {
        xc_query_free(q);
        q = NULL;
    }
    *out = q;
    return st;
}

void attempt_clear(attempt *a)
{
    xc_mset_free(a->mset);
    xc_enquire_free(a->enquire);
    xc_mset_free(a->counted);
    xc_enquire_free(a->counter);
    query_compiled_clear(&a->compiled);
    feedback_expansion_clear(&a->feedback);
    memset(a, 0, sizeof *a);
}

/* Adds to *q, with AND_MAYBE, the stems feedback_expand picks from *q's
 * top articles: they reorder its matches, never change which match. */
static passim_status add_feedback(search_run *run, const query_compiled *c,
                                  feedback_expansion *fx, xc_query **q)
{
    const passim_search_options *opt = run->opt;
    feedback_options fo = {opt->feedback_docs,
                           opt->feedback_terms,
                           opt->feedback_weight,
                           c->nwords,
                           opt->bm25_k1,
                           opt->bm25_b,
                           run->query_analyzers[0],
                           (const char *const *)c->terms,
                           c->nterms};
    xc_query *pair[2], *out = NULL;
    passim_status st = feedback_expand(run->s->db, *q, &fo, fx);
    if (st != PASSIM_OK || !fx->query)
        return st;
    pair[0] = *q;
    pair[1] = fx->query;
    st = xc_query_combine(&out, XC_OP_AND_MAYBE, pair, 2, 0);
    xc_query_free(*q);
    *q = out;
    return st;
}

/* An enquire of q in the search's databases that weighs nothing. */
static passim_status boolean_enquire(search_run *run, const xc_query *q,
                                     xc_enquire **out)
{
    passim_status st = xc_enquire_new(out, run->s->db, NULL);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(*out, q);
    if (st == PASSIM_OK)
        st = xc_enquire_set_boolean(*out);
    return st;
}

/* The total and the facets, counted by a pass that weighs nothing: when
 * the ranked pass could not tell the total exactly (its early stop is what
 * makes a frequent word's search fast, and weighing every match just to
 * count it was most of that search), or when facets are wanted (a spy
 * sees only the matches a pass examines). Examining PASSIM_EXACT_TOTAL
 * matches at least makes the total exact up to that many articles
 * (Xapian's bounds meet), and a lower bound past it, as Elasticsearch's
 * track_total_hits does. */
static passim_status count_matches(search_run *run, attempt *a,
                                   const xc_query *q)
{
    const passim_search_options *opt = run->opt;
    unsigned int lower = 0, estimated, upper = 0;
    passim_status st = boolean_enquire(run, q, &a->counter);
    for (size_t i = 0; st == PASSIM_OK && i < opt->nfacets; i++)
        st = xc_enquire_add_value_spy(a->counter, &a->spies[i],
                                      facets_slot(opt->facets[i]));
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(a->counter, &a->counted, 0, 0,
                                 PASSIM_EXACT_TOTAL);
    if (st == PASSIM_OK)
        st = xc_mset_matches(a->counted, &lower, &estimated, &upper);
    if (st == PASSIM_OK) {
        a->total = lower;
        a->total_exact = lower == upper;
    } else if (a->counter) {
        searcher_set_error(run->s,
                           db_strdupf("%s", xc_enquire_error(a->counter)));
    }
    return st;
}

passim_status searcher_compile(search_run *run, const query_node *root,
                               query_match match, bool parts,
                               query_compiled *out, query_error *err)
{
    query_compile_options copt = {match,
                                  run->query_analyzers,
                                  run->nquery_analyzers,
                                  run->s->db,
                                  run->syn,
                                  run->opt->title_weight,
                                  WILDCARD_LIMIT,
                                  parts,
                                  run->compounds};
    return query_compile(out, root, &copt, err);
}

passim_status searcher_boolean_match(search_run *run, const xc_query *q,
                                     unsigned int maxitems, unsigned int check,
                                     xc_mset **out)
{
    xc_enquire *e = NULL;
    passim_status st = boolean_enquire(run, q, &e);
    *out = NULL;
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(e, out, 0, maxitems, check);
    xc_enquire_free(e);
    return st;
}

passim_status searcher_count(search_run *run, const query_node *root,
                             query_match match, unsigned int check,
                             unsigned int *count)
{
    query_compiled c;
    xc_query *q = NULL;
    xc_mset *m = NULL;
    unsigned int estimated, upper;
    passim_status st = searcher_compile(run, root, match, false, &c, NULL);
    *count = 0;
    if (st == PASSIM_OK)
        st = final_query(run, &c, &q);
    if (st == PASSIM_OK)
        st = searcher_boolean_match(run, q, 0, check, &m);
    if (st == PASSIM_OK)
        st = xc_mset_matches(m, count, &estimated, &upper);
    xc_mset_free(m);
    xc_query_free(q);
    query_compiled_clear(&c);
    return st;
}

passim_status attempt_match(search_run *run, query_match match, bool exact,
                            attempt *a)
{
    searcher *s = run->s;
    const passim_search_options *opt = run->opt;
    xc_query *q = NULL;
    unsigned int lower = 0, estimated, upper = 0, depth;
    char *xmsg = NULL;
    passim_status st = searcher_compile(
        run, run->root, match, opt->explain != 0, &a->compiled, run->qerr);
    if (st != PASSIM_OK) {
        searcher_set_error(s, db_strdupf("%s", run->qerr->message));
        return st;
    }
    st = final_query(run, &a->compiled, &q);
    if (st == PASSIM_OK && opt->feedback_docs &&
        opt->sort == PASSIM_SORT_RELEVANCE && !a->compiled.only_filters)
        st = add_feedback(run, &a->compiled, &a->feedback, &q);
    if (st == PASSIM_OK)
        st = xc_enquire_new(&a->enquire, s->db, &xmsg);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(a->enquire, q);
    if (st == PASSIM_OK)
        st = xc_enquire_set_bm25(a->enquire, opt->bm25_k1, 0, 1, opt->bm25_b,
                                 0.5);
    /* Filters alone rank nothing: list their matches newest first. */
    if (st == PASSIM_OK &&
        (opt->sort == PASSIM_SORT_DATE || a->compiled.only_filters))
        st = xc_enquire_set_sort(a->enquire, XC_SORT_VALUE_THEN_RELEVANCE,
                                 SLOT_DATE, true);
    depth = opt->offset + opt->limit;
    if (depth < opt->offset) /* wrapped */
        depth = UINT_MAX;
    /* Reranking reads its depth and the ties past it (none to read when
     * nothing is reranked). */
    if (opt->rerank_depth && depth < opt->rerank_depth + SEARCH_RERANK_TIES)
        depth = opt->rerank_depth + SEARCH_RERANK_TIES;
    /* Not counted: one match past the page tells whether there are more. */
    if (!exact && depth < UINT_MAX)
        depth++;
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(a->enquire, &a->mset, 0, depth, depth);
    if (st == PASSIM_OK)
        st = xc_mset_matches(a->mset, &lower, &estimated, &upper);
    a->total = lower;
    a->total_exact = lower == upper;
    if (st == PASSIM_OK && exact && (!a->total_exact || opt->nfacets))
        st = count_matches(run, a, q);
    /* Examined only as far as the page and one more: exact when that holds
     * every match, which any split into shards agrees on (Xapian's bounds
     * do not); else the caller counts what it lists. */
    if (st == PASSIM_OK && !exact &&
        (a->total_exact = xc_mset_size(a->mset) < depth))
        a->total = (unsigned int)xc_mset_size(a->mset);
    if (st != PASSIM_OK && !xmsg)
        searcher_set_error(
            s, db_strdupf("%s", a->enquire ? xc_enquire_error(a->enquire)
                                           : xc_db_error(s->db)));
    else if (st != PASSIM_OK)
        searcher_set_error(s, xmsg), xmsg = NULL;
    free(xmsg);
    xc_query_free(q);
    return st;
}
