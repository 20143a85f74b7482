/* feedback.c — pseudo-relevance feedback from the term lists of the
 * query's top articles (see feedback.h). */
#include "feedback.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "vec.h"

/* How many times opt->terms candidates, the best by in-article frequency,
 * are weighed by their idf. */
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

bool feedback_parse(const char *text, unsigned int *docs, unsigned int *terms,
                    double *weight)
{
    unsigned int d, t;
    double w;
    char *stop;
    if (!parse_count(&text, ',', PASSIM_FEEDBACK_MAX_DOCS, &d) ||
        !parse_count(&text, ',', PASSIM_FEEDBACK_MAX_TERMS, &t))
        return false;
    w = strtod(text, &stop);
    if (stop == text || *stop || !(w > 0 && w <= 100))
        return false;
    *docs = d;
    *terms = t;
    *weight = w;
    return true;
}

/* A body stem of the sampled articles and its score so far. */
typedef struct candidate {
    char *term;
    double score;
    unsigned int wdf; /* in the article being read */
} candidate;

typedef struct candidates {
    candidate *v;
    size_t n, cap;
} candidates;

static void candidates_clear(candidates *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i].term);
    free(c->v);
    memset(c, 0, sizeof *c);
}

/* Whether `term` is a body stem: "Z" + stem, but not a title stem "ZS". */
static bool body_stem(const char *term, size_t len)
{
    return len > strlen(PREFIX_STEM) &&
           strncmp(term, PREFIX_STEM, strlen(PREFIX_STEM)) == 0 &&
           strncmp(term, PREFIX_TITLE_STEM, strlen(PREFIX_TITLE_STEM)) != 0;
}

/* Whether a body stem may be added: not a stopword, not one of the
 * query's own. */
static bool wanted(const char *term, size_t len, const feedback_options *opt)
{
    const size_t stem_len = strlen(PREFIX_STEM);
    const char *stem = term + stem_len;
    if (opt->stop && analyzer_is_stopword(opt->stop, stem, len - stem_len))
        return false;
    for (size_t i = 0; i < opt->nskip; i++)
        if (strlen(opt->skip[i]) == len - stem_len &&
            memcmp(opt->skip[i], stem, len - stem_len) == 0)
            return false;
    return true;
}

static int by_term(const void *a, const void *b)
{
    return strcmp(((const candidate *)a)->term, ((const candidate *)b)->term);
}

/* Adds the wanted stems of one article, each scored by its share of the
 * article's body stems (RM3's P(w|D), summed over the sampled articles).
 * Candidates from earlier articles are kept in term order, to be found by
 * binary search. */
static passim_status read_article(xc_db *db, xc_docid docid,
                                  const feedback_options *opt, candidates *c)
{
    xc_doc *doc = NULL;
    xc_terms *it = NULL;
    const char *term;
    size_t len, seen = c->n;
    unsigned int wdf, total = 0;
    bool has;
    char key_term[SCHEMA_TERM_MAX];
    candidate key = {key_term, 0, 0}, *found;
    passim_status st = xc_db_get_document(db, &doc, docid);
    if (st == PASSIM_OK)
        st = xc_doc_terms(doc, &it);
    while (st == PASSIM_OK &&
           (st = xc_terms_next(it, &has, &term, &len, &wdf, NULL)) ==
               PASSIM_OK &&
           has) {
        /* In byte order the stems come before every unprefixed term. */
        if ((unsigned char)term[0] > (unsigned char)PREFIX_STEM[0])
            break;
        if (!body_stem(term, len))
            continue;
        total += wdf;
        if (!wanted(term, len, opt))
            continue;
        /* Seen in an earlier article: the same candidate. */
        if (seen && len < sizeof key_term) {
            memcpy(key_term, term, len);
            key_term[len] = '\0';
            if ((found = bsearch(&key, c->v, seen, sizeof *c->v, by_term))) {
                found->wdf = wdf;
                continue;
            }
        }
        if (!vec_reserve(c->v, c->cap, c->n + 1)) {
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        if (!(c->v[c->n].term = strndup(term, len))) {
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        c->v[c->n].score = 0;
        c->v[c->n++].wdf = wdf;
    }
    for (size_t i = 0; i < c->n; i++) {
        c->v[i].score += total ? (double)c->v[i].wdf / total : 0;
        c->v[i].wdf = 0;
    }
    qsort(c->v, c->n, sizeof *c->v, by_term);
    xc_terms_free(it);
    xc_doc_free(doc);
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
        st =
            xc_query_term(&subs[n], out->terms[n], strlen(out->terms[n]), 1, 0);
    if (st == PASSIM_OK)
        st = xc_query_combine(&any, XC_OP_OR, subs, n, 0);
    out->factor =
        opt->weight * (double)(opt->words ? opt->words : 1) / (double)n;
    if (st == PASSIM_OK)
        st = xc_query_scale(&out->query, any, out->factor);
    xc_query_free(any);
    for (size_t i = 0; subs && i < n; i++)
        xc_query_free(subs[i]);
    free(subs);
    return st;
}

/* Best first; equal scores in byte order, so the pick is reproducible. */
static int by_score(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* Multiplies the first `n` candidates' scores by their idf, so that a stem
 * frequent in the article but common everywhere falls behind. */
static passim_status weigh_idf(xc_db *db, candidates *c, size_t n)
{
    unsigned int docs = 0, tf = 0;
    passim_status st = xc_db_doccount(db, &docs);
    for (size_t i = 0; st == PASSIM_OK && i < n; i++) {
        st = xc_db_termfreq(db, c->v[i].term, strlen(c->v[i].term), &tf);
        if (st == PASSIM_OK)
            c->v[i].score *= log((docs + 1.0) / (tf + 0.5));
    }
    return st;
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

/* Moves the best opt->terms candidates into out->terms: ranked by P(w|D),
 * the best CANDIDATE_FACTOR x opt->terms of them ranked again by P(w|D) x
 * idf. Only those few have their frequency looked up (one B-tree descent
 * each): Xapian's expand set looked up every term of the articles, which
 * cost more CPU time than the instructions it ran. */
static passim_status take_terms(xc_db *db, candidates *c,
                                const feedback_options *opt,
                                feedback_expansion *out)
{
    size_t pool = (size_t)opt->terms * CANDIDATE_FACTOR;
    passim_status st;
    qsort(c->v, c->n, sizeof *c->v, by_score);
    if (pool > c->n)
        pool = c->n;
    st = weigh_idf(db, c, pool);
    if (st != PASSIM_OK)
        return st;
    qsort(c->v, pool, sizeof *c->v, by_score);
    if (!(out->terms = calloc(opt->terms, sizeof *out->terms)))
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; i < c->n && i < opt->terms; i++) {
        out->terms[out->nterms++] = c->v[i].term;
        c->v[i].term = NULL;
    }
    return PASSIM_OK;
}

passim_status feedback_expand(xc_db *db, const xc_query *query,
                              const feedback_options *opt,
                              feedback_expansion *out)
{
    xc_enquire *e = NULL;
    xc_docid *docids = NULL;
    size_t ndocids = 0;
    candidates c = {0};
    passim_status st;

    memset(out, 0, sizeof *out);
    if (opt->docs == 0 || opt->terms == 0 || opt->weight <= 0)
        return PASSIM_OK;
    st = xc_enquire_new(&e, db, NULL);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(e, query);
    if (st == PASSIM_OK)
        st = xc_enquire_set_bm25(e, opt->k1, 0, 1, opt->b, 0.5);
    if (st == PASSIM_OK)
        st = top_docids(e, opt, &docids, &ndocids);
    for (size_t i = 0; st == PASSIM_OK && i < ndocids; i++)
        st = read_article(db, docids[i], opt, &c);
    if (st == PASSIM_OK && c.n > 0)
        st = take_terms(db, &c, opt, out);
    if (st == PASSIM_OK && out->nterms > 0)
        st = build_query(opt, out);
    if (st != PASSIM_OK || out->nterms == 0)
        feedback_expansion_clear(out);
    candidates_clear(&c);
    free(docids);
    xc_enquire_free(e);
    return st;
}
