/* all_words.c — which hits of an any-word match (--match any) have every
 * word the query puts side by side: the query compiled with them all
 * required, run over the shown articles only. */
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "searcher_internal.h"

/* The shown articles' id terms, OR'ed, into *out. */
static passim_status shown_articles(const search_results *r, xc_query **out)
{
    xc_query **ids = calloc(r->nhits ? r->nhits : 1, sizeof *ids);
    char term[SCHEMA_TERM_MAX];
    passim_status st = ids ? PASSIM_OK : PASSIM_ERROR_NO_MEMORY;
    size_t n = 0;
    for (; st == PASSIM_OK && n < r->nhits; n++) {
        size_t len = schema_term(term, PREFIX_ARTICLE, r->hits[n].id,
                                 strlen(r->hits[n].id));
        st = xc_query_term(&ids[n], term, len, 1, 0);
        if (st != PASSIM_OK)
            break;
    }
    if (st == PASSIM_OK)
        st = xc_query_combine(out, XC_OP_OR, ids, n, 0);
    for (size_t i = 0; ids && i < n; i++)
        xc_query_free(ids[i]);
    free(ids);
    return st;
}

passim_status all_words_mark(search_run *run)
{
    search_results *r = run->r;
    query_compiled all = {0};
    xc_query *pair[2] = {NULL, NULL}, *q = NULL;
    xc_mset *m = NULL;
    xc_docid id;
    passim_status st;
    if (r->nhits == 0)
        return PASSIM_OK;
    st = searcher_compile(run, run->root, QUERY_MATCH_ALL, false, &all, NULL);
    if (st == PASSIM_OK)
        st = shown_articles(r, &pair[1]);
    pair[0] = all.query;
    if (st == PASSIM_OK)
        st = xc_query_combine(&q, XC_OP_FILTER, pair, 2, 0);
    if (st == PASSIM_OK)
        st = searcher_boolean_match(run, q, (unsigned int)r->nhits, 0, &m);
    for (size_t i = 0; i < r->nhits; i++)
        r->hits[i].all_words = false;
    for (size_t k = 0; st == PASSIM_OK && k < xc_mset_size(m); k++) {
        st = xc_mset_hit(m, k, &id, NULL, NULL);
        for (size_t i = 0; st == PASSIM_OK && i < r->nhits; i++)
            if (r->hits[i].docid == id)
                r->hits[i].all_words = true;
    }
    xc_mset_free(m);
    xc_query_free(q);
    xc_query_free(pair[1]);
    query_compiled_clear(&all);
    return st;
}
