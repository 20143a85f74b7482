/* feedback.c — pseudo-relevance feedback through Xapian's expand set (see
 * feedback.h). */
#include "feedback.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"

/* The expand set is asked for this many times opt->terms candidates, since
 * title stems ("ZS", which pass the "Z" prefix filter) and stopwords are
 * skipped. */
#define CANDIDATE_FACTOR 2

void feedback_expansion_clear(feedback_expansion *fx)
{
    if (!fx)
        return;
    xc_query_free(fx->query);
    for (size_t i = 0; i < fx->nterms; i++)
        free(fx->terms[i]);
    free(fx->terms);
    memset(fx, 0, sizeof *fx);
}

bool feedback_has_term(const feedback_expansion *fx, const char *term,
                       size_t len)
{
    for (size_t i = 0; fx && i < fx->nterms; i++)
        if (strlen(fx->terms[i]) == len && memcmp(fx->terms[i], term, len) == 0)
            return true;
    return false;
}

/* One unsigned number of `text` up to `max`, ended by `end`. */
static bool parse_count(const char **text, char end, unsigned long max,
                        unsigned int *out)
{
    char *stop;
    unsigned long n;
    if (**text < '0' || **text > '9')
        return false;
    n = strtoul(*text, &stop, 10);
    if (*stop != end || n < 1 || n > max)
        return false;
    *out = (unsigned int)n;
    *text = stop + 1;
    return true;
}

bool feedback_parse(const char *text, unsigned int *docs,
                    unsigned int *terms, double *weight)
{
    unsigned int d, t;
    double w;
    char *stop;
    if (!parse_count(&text, ',', FEEDBACK_MAX_DOCS, &d) ||
        !parse_count(&text, ',', FEEDBACK_MAX_TERMS, &t))
        return false;
    w = strtod(text, &stop);
    if (stop == text || *stop || !(w > 0 && w <= 100))
        return false;
    *docs = d;
    *terms = t;
    *weight = w;
    return true;
}

/* The docids of the query's top opt->docs articles; *n of them. */
static passim_status top_docids(xc_enquire *e, const feedback_options *opt,
                                xc_docid **out, size_t *n)
{
    xc_mset *m = NULL;
    passim_status st = xc_enquire_get_mset(e, &m, 0, opt->docs, 0);
    size_t size = st == PASSIM_OK ? xc_mset_size(m) : 0;
    *out = NULL;
    *n = 0;
    if (st == PASSIM_OK && size > 0 && !(*out = calloc(size, sizeof **out)))
        st = PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; st == PASSIM_OK && i < size; i++)
        if ((st = xc_mset_hit(m, i, &(*out)[i], NULL, NULL)) == PASSIM_OK)
            (*n)++;
    xc_mset_free(m);
    return st;
}

/* Takes the body stems of the expand set, best first, into out->terms. */
static passim_status take_terms(xc_terms *it, const feedback_options *opt,
                                feedback_expansion *out)
{
    const size_t stem_len = strlen(PREFIX_STEM);
    passim_status st = PASSIM_OK;
    const char *term;
    size_t len;
    bool has;
    if (!(out->terms = calloc(opt->terms, sizeof *out->terms)))
        return PASSIM_ERROR_NO_MEMORY;
    while (out->nterms < opt->terms &&
           (st = xc_terms_next(it, &has, &term, &len, NULL, NULL)) ==
               PASSIM_OK &&
           has) {
        if (len <= stem_len ||
            strncmp(term, PREFIX_TITLE_STEM, strlen(PREFIX_TITLE_STEM)) == 0 ||
            (opt->stop && analyzer_is_stopword(opt->stop, term + stem_len,
                                               len - stem_len)))
            continue;
        if (!(out->terms[out->nterms] = strndup(term, len)))
            return PASSIM_ERROR_NO_MEMORY;
        out->nterms++;
    }
    return st;
}

/* out->query: the OR of out->terms, each scaled so that together they weigh
 * opt->weight times the query's words. */
static passim_status build_query(const feedback_options *opt,
                                 feedback_expansion *out)
{
    xc_query **subs = calloc(out->nterms, sizeof *subs), *any = NULL;
    passim_status st = subs ? PASSIM_OK : PASSIM_ERROR_NO_MEMORY;
    size_t n = 0;
    for (; st == PASSIM_OK && n < out->nterms; n++)
        st = xc_query_term(&subs[n], out->terms[n], strlen(out->terms[n]), 1,
                           0);
    if (st == PASSIM_OK)
        st = xc_query_combine(&any, XC_OP_OR, subs, n, 0);
    out->factor = opt->weight * (double)(opt->words ? opt->words : 1) /
                  (double)n;
    if (st == PASSIM_OK)
        st = xc_query_scale(&out->query, any, out->factor);
    xc_query_free(any);
    for (size_t i = 0; subs && i < n; i++)
        xc_query_free(subs[i]);
    free(subs);
    return st;
}

passim_status feedback_expand(xc_db *db, const xc_query *query,
                              const feedback_options *opt,
                              feedback_expansion *out)
{
    xc_enquire *e = NULL;
    xc_terms *it = NULL;
    xc_docid *docids = NULL;
    size_t ndocids = 0;
    passim_status st;

    memset(out, 0, sizeof *out);
    if (opt->docs == 0 || opt->terms == 0 || opt->weight <= 0)
        return PASSIM_OK;
    st = xc_enquire_new(&e, db, NULL);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(e, query);
    if (st == PASSIM_OK)
        st = xc_enquire_set_bm25(e, opt->k1, 0, 1, opt->b, 0.5);
    /* One passage per article, so a long article cannot fill the sample.
     * The top passage alone is the top article's best passage: collapsing
     * would read every match's key for nothing (2% of a Cranfield batch). */
    if (st == PASSIM_OK && opt->docs > 1)
        st = xc_enquire_set_collapse_key(e, SLOT_ARTICLE, 1);
    if (st == PASSIM_OK)
        st = top_docids(e, opt, &docids, &ndocids);
    if (st == PASSIM_OK && ndocids > 0)
        st = xc_enquire_get_eset(e, &it, docids, ndocids,
                                 opt->terms * CANDIDATE_FACTOR, PREFIX_STEM);
    if (st == PASSIM_OK && it)
        st = take_terms(it, opt, out);
    if (st == PASSIM_OK && out->nterms > 0)
        st = build_query(opt, out);
    if (st != PASSIM_OK || out->nterms == 0)
        feedback_expansion_clear(out);
    xc_terms_free(it);
    free(docids);
    xc_enquire_free(e);
    return st;
}
