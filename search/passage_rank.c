/* passage_rank.c — scoring an article's passages by where the query's words
 * are (see passage_rank.h). */
#include "passage_rank.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passage_map.h"
#include "schema.h"
#include "vec.h"

passim_status passage_ranker_init(passage_ranker *r, xc_db *db, xc_mset *mset,
                                  const term_set *terms, double k1, double b)
{
    size_t n = terms->nterms + terms->nprefixes;
    memset(r, 0, sizeof *r);
    r->db = db;
    r->mset = mset;
    r->terms = terms;
    r->k1 = k1;
    r->b = b;
    r->idf = malloc((n ? n : 1) * sizeof *r->idf);
    if (!r->idf)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; i < n; i++)
        r->idf[i] = -1;
    return xc_db_doccount(db, &r->doccount);
}

void passage_ranker_clear(passage_ranker *r)
{
    if (!r)
        return;
    free(r->idf);
    memset(r, 0, sizeof *r);
}

/* BM25's idf (Lucene's form, never negative) of a term in `df` articles. */
static double idf_of(unsigned int doccount, unsigned int df)
{
    return log(1.0 + ((double)doccount - df + 0.5) / (df + 0.5));
}

/* The idf of what query term `group` stands for: its stem ("Z" term), or
 * the word itself where the query looks for it unstemmed (phrases), or for
 * a prefix the word `term` it matched. The matches know the query's own
 * terms' frequencies without reading the database again. */
static passim_status group_idf(passage_ranker *r, size_t group,
                               const char *term, size_t len, double *out)
{
    char buf[SCHEMA_TERM_MAX];
    unsigned int df = 0;
    passim_status st = PASSIM_OK;
    if (r->idf[group] >= 0) {
        *out = r->idf[group];
        return PASSIM_OK;
    }
    if (group < r->terms->nterms) {
        const char *t = r->terms->terms[group];
        size_t tlen = strlen(t);
        if (tlen + strlen(PREFIX_STEM) < sizeof buf) {
            memcpy(buf, PREFIX_STEM, strlen(PREFIX_STEM));
            memcpy(buf + strlen(PREFIX_STEM), t, tlen);
            st =
                xc_mset_termfreq(r->mset, buf, tlen + strlen(PREFIX_STEM), &df);
        }
        if (st == PASSIM_OK && df == 0)
            st = xc_mset_termfreq(r->mset, t, tlen, &df);
    } else {
        st = xc_mset_termfreq(r->mset, term, len, &df);
    }
    if (st != PASSIM_OK)
        return st;
    *out = r->idf[group] = idf_of(r->doccount, df ? df : 1);
    return PASSIM_OK;
}

/* The query term that stands for `which` in this language: the term of its
 * stem where the query has it (a word and its stem are one query word), else
 * itself. */
static size_t group_of(term_matcher *m, size_t which)
{
    const term_set *q = m->q;
    size_t len, g;
    const char *stem;
    if (which >= q->nterms)
        return which;
    stem = analyzer_stem(m->an, q->terms[which], strlen(q->terms[which]), &len);
    if (!stem)
        return which;
    for (g = 0; g < q->nterms; g++)
        if (strlen(q->terms[g]) == len && memcmp(q->terms[g], stem, len) == 0)
            return g;
    return which;
}

/* One matched occurrence: query term group (high half) and passage. */
typedef uint64_t hit_key;

typedef struct occurrences {
    hit_key *v;
    size_t n, cap;
} occurrences;

static bool push(occurrences *o, size_t group, size_t passage)
{
    if (!vec_reserve(o->v, o->cap, o->n + 1))
        return false;
    o->v[o->n++] = ((hit_key)group << 32) | (hit_key)passage;
    return true;
}

static int by_key(const void *a, const void *b)
{
    hit_key x = *(const hit_key *)a, y = *(const hit_key *)b;
    return x < y ? -1 : x > y;
}

/* Whether query term g is the stem of a query term (itself, or a word the
 * query stemmed to it) in the matcher's language. */
static bool is_stem(term_matcher *m, size_t g)
{
    const term_set *q = m->q;
    for (size_t i = 0; i < q->nterms; i++) {
        size_t len;
        const char *stem =
            analyzer_stem(m->an, q->terms[i], strlen(q->terms[i]), &len);
        if (stem && len == strlen(q->terms[g]) &&
            memcmp(stem, q->terms[g], len) == 0)
            return true;
    }
    return false;
}

/* Whether the document word term[0, len) is what query group g looks for:
 * a word stemming to it when g is a stem, else that very word. */
static bool counts_for(term_matcher *m, size_t g, const char *term, size_t len,
                       bool number)
{
    const char *want = m->q->terms[g], *stem = term;
    size_t want_len = strlen(want), stem_len = len;
    if (is_stem(m, g) && !number)
        stem = analyzer_stem(m->an, term, len, &stem_len);
    return stem && stem_len == want_len && memcmp(stem, want, want_len) == 0;
}

/* One scan of a document's words: which query group the current word is,
 * and every position of a matching word, by passage. */
typedef struct scan {
    passage_ranker *r;
    term_matcher *m;
    const passage_span *spans;
    size_t nspans;
    occurrences o;
    size_t group;
    passim_status st;
} scan;

static int wanted(const char *term, size_t len, void *ctx)
{
    scan *sc = ctx;
    bool number = len > 0;
    size_t which;
    double idf;
    for (size_t i = 0; i < len && number; i++)
        number = term[i] >= '0' && term[i] <= '9';
    which = term_matcher_find(sc->m, term, len, number);
    if (sc->m->failed) {
        sc->st = PASSIM_ERROR_NO_MEMORY;
        return 0;
    }
    /* The parts of a compound count in the compound's term only. */
    if (which == TERM_NO_MATCH ||
        (which < sc->m->q->nterms && sc->m->q->unranked &&
         sc->m->q->unranked[which]))
        return 0;
    sc->group = group_of(sc->m, which);
    /* Counted as the query counts it: a word for a stem when it stems to
     * it, a word looked for as itself when it is that word (a snippet also
     * marks "commissioner" for "commission", whose stem the query does not
     * look for). */
    if (sc->group < sc->m->q->nterms &&
        !counts_for(sc->m, sc->group, term, len, number))
        return 0;
    sc->st = group_idf(sc->r, sc->group, term, len, &idf);
    return sc->st == PASSIM_OK;
}

static int take(const xc_termpos *positions, size_t n, void *ctx)
{
    scan *sc = ctx;
    for (size_t i = 0; i < n; i++) {
        size_t k = passage_map_find(sc->spans, sc->nspans, positions[i]);
        if (k < sc->nspans && !push(&sc->o, sc->group, k)) {
            sc->st = PASSIM_ERROR_NO_MEMORY;
            return 1;
        }
    }
    return sc->st != PASSIM_OK;
}

passim_status passage_ranker_score(passage_ranker *r, term_matcher *m,
                                   xc_doc *doc, const passage_span *spans,
                                   size_t nspans, double *scores,
                                   size_t *matched)
{
    scan sc = {r, m, spans, nspans, {0}, 0, PASSIM_OK};
    occurrences *o = &sc.o;
    passim_status st;
    for (size_t k = 0; k < nspans; k++)
        scores[k] = 0;
    *matched = 0;
    st = xc_doc_scan_positions(doc, wanted, take, &sc);
    if (st == PASSIM_OK)
        st = sc.st;
    if (st == PASSIM_OK && o->n)
        qsort(o->v, o->n, sizeof *o->v, by_key);
    for (size_t i = 0; st == PASSIM_OK && i < o->n;) {
        size_t j = i, group = (size_t)(o->v[i] >> 32);
        size_t k = (size_t)(o->v[i] & 0xffffffffu);
        double tf, norm;
        while (j < o->n && o->v[j] == o->v[i])
            j++;
        tf = (double)(j - i);
        norm = r->k1 *
               (1 - r->b +
                r->b * spans[k].words / (double)PASSAGE_RANK_AVERAGE_WORDS);
        if (scores[k] == 0)
            ++*matched;
        scores[k] += r->idf[group] * tf * (r->k1 + 1) / (tf + norm);
        i = j;
    }
    free(o->v);
    return st;
}

bool passage_ranker_can_score_whole(const passage_ranker *r)
{
    return r->terms->nprefixes == 0;
}

/* One query word of one article: the term whose frequency in the article
 * is that word's (its stem's "Z" term, or the word itself where the query
 * looks for it unstemmed), the article and the word's group. */
typedef struct lookup {
    char key[SCHEMA_TERM_MAX];
    xc_docid docid;
    size_t article, group;
} lookup;

static int by_key_then_docid(const void *a, const void *b)
{
    const lookup *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* The lookups of article i: one per group of the query in its language. */
static passim_status add_lookups(passage_ranker *r, const whole_article *a,
                                 size_t i, lookup **v, size_t *n, size_t *cap)
{
    const term_set *q = r->terms;
    for (size_t g = 0; g < q->nterms; g++) {
        const char *t = q->terms[g];
        lookup *l;
        /* The parts of a compound count in the compound's term only. */
        if (group_of(a->m, g) != g || (q->unranked && q->unranked[g]))
            continue;
        if (!vec_reserve(*v, *cap, *n + 1))
            return PASSIM_ERROR_NO_MEMORY;
        l = &(*v)[(*n)++];
        /* A stem is looked for as a stem: the words that stem to it all
         * count, as in the term-list pass; any other word as itself. */
        snprintf(l->key, sizeof l->key, "%s%s",
                 is_stem(a->m, g) ? PREFIX_STEM : "", t);
        l->docid = a->docid;
        l->article = i;
        l->group = g;
    }
    return PASSIM_OK;
}

passim_status passage_ranker_score_whole(passage_ranker *r,
                                         whole_article *articles, size_t n)
{
    lookup *v = NULL;
    size_t nv = 0, cap = 0;
    passim_status st = PASSIM_OK;
    for (size_t i = 0; i < n; i++) {
        *articles[i].score = 0;
        *articles[i].matched = 0;
    }
    for (size_t i = 0; st == PASSIM_OK && i < n; i++)
        st = add_lookups(r, &articles[i], i, &v, &nv, &cap);
    if (st == PASSIM_OK && nv)
        qsort(v, nv, sizeof *v, by_key_then_docid);
    for (size_t i = 0; st == PASSIM_OK && i < nv;) {
        xc_postings *pl = NULL;
        size_t j = i;
        st = xc_db_postings(r->db, &pl, v[i].key);
        for (; st == PASSIM_OK && j < nv && strcmp(v[j].key, v[i].key) == 0;
             j++) {
            whole_article *a = &articles[v[j].article];
            bool has = false;
            xc_docid at = 0;
            unsigned int wdf = 0;
            double idf, tf, norm;
            st = xc_postings_skip_to(pl, v[j].docid, &has, &at, &wdf);
            if (st != PASSIM_OK || !has || at != v[j].docid || wdf == 0)
                continue;
            st = group_idf(r, v[j].group, NULL, 0, &idf);
            tf = wdf;
            norm = r->k1 *
                   (1 - r->b +
                    r->b * a->span->words / (double)PASSAGE_RANK_AVERAGE_WORDS);
            *a->score += idf * tf * (r->k1 + 1) / (tf + norm);
            *a->matched = 1;
        }
        xc_postings_free(pl);
        i = j;
    }
    free(v);
    return st;
}
