/* explain.c — a hit's score broken down: each ranked part of the query the
 * article matches, the feedback stems, the proximity boost and its best
 * passage's share, adding up to the score. */
#include <stdio.h>
#include <string.h>

#include "schema.h"
#include "searcher_internal.h"

/* The weight one query gives one article (0 when it does not match). */
static passim_status weight_in(search_run *run, const xc_query *q,
                               const char *unique, double *weight)
{
    xc_query *only = NULL, *both = NULL;
    xc_query *pair[2];
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    passim_status st = xc_query_term(&only, unique, strlen(unique), 1, 0);
    pair[0] = (xc_query *)q;
    pair[1] = only;
    if (st == PASSIM_OK)
        st = xc_query_combine(&both, XC_OP_FILTER, pair, 2, 0);
    if (st == PASSIM_OK)
        st = xc_enquire_new(&e, run->s->db, NULL);
    if (st == PASSIM_OK)
        st = xc_enquire_set_bm25(e, run->opt->bm25_k1, 0, 1, run->opt->bm25_b,
                                 0.5);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(e, both);
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(e, &m, 0, 1, 0);
    *weight = 0;
    if (st == PASSIM_OK && xc_mset_size(m) == 1)
        st = xc_mset_hit(m, 0, NULL, weight, NULL);
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(both);
    xc_query_free(only);
    return st;
}

static passim_status line(char **out, const char *kind, const char *what,
                          double weight)
{
    return searcher_appendf(out, "%-8s %-24s %8.4f\n", kind, what, weight)
               ? PASSIM_OK
               : PASSIM_ERROR_NO_MEMORY;
}

passim_status explain_hit(search_run *run, const attempt *a, size_t i,
                          search_hit *h, double passage)
{
    const query_compiled *c = &a->compiled;
    const feedback_expansion *fx = &a->feedback;
    char unique[SCHEMA_TERM_MAX], label[64];
    xc_terms *terms = NULL;
    const char *term;
    size_t len;
    bool has;
    passim_status st = PASSIM_OK;

    schema_term(unique, PREFIX_ARTICLE, h->id, strlen(h->id));
    for (size_t p = 0; st == PASSIM_OK && p < c->nparts; p++) {
        const query_part *part = &c->parts[p];
        double w = 0;
        st = weight_in(run, part->query, unique, &w);
        if (st == PASSIM_OK && w > 0)
            st = line(&h->explain, part->title ? "title" : "bm25", part->label,
                      w * part->scale);
    }
    if (st == PASSIM_OK && fx->query)
        st = xc_mset_matching_terms(a->mset, i, &terms);
    while (terms && st == PASSIM_OK &&
           (st = xc_terms_next(terms, &has, &term, &len, NULL, NULL)) ==
               PASSIM_OK &&
           has) {
        xc_query *tq = NULL;
        double w = 0;
        if (!feedback_has_term(fx, term, len))
            continue;
        st = xc_query_term(&tq, term, len, 1, 0);
        if (st == PASSIM_OK)
            st = weight_in(run, tq, unique, &w);
        xc_query_free(tq);
        if (st == PASSIM_OK)
            st = line(&h->explain, "feedback", term, w * fx->factor);
    }
    xc_terms_free(terms);
    if (st == PASSIM_OK && c->proximity && run->opt->proximity_weight > 0) {
        double w = 0;
        st = weight_in(run, c->proximity, unique, &w);
        if (st == PASSIM_OK)
            st = line(&h->explain, "near", "(query words close together)",
                      w * run->opt->proximity_weight);
    }
    if (st == PASSIM_OK && passage > 0) {
        snprintf(label, sizeof label, "(best passage, #%u)",
                 h->passages[0].passage);
        st = line(&h->explain, "passage", label, passage);
    }
    if (st == PASSIM_OK)
        st = line(&h->explain, "total", "", h->score);
    return st;
}
