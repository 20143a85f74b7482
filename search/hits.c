/* hits.c — from matching articles to hits: the list (the articles having
 * all the words first, when the searcher asks for them apart), each
 * article's passages scored where the query's words are, the top articles
 * reordered by their BM25 plus their best passage's score, and each hit
 * shown with its fields and its best passages as snippets, at the line of
 * their first match. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "passage_map.h"
#include "passage_rank.h"
#include "schema.h"
#include "searcher_internal.h"
#include "stored.h"

/* One matching article, as far as ranking and showing it needs. */
typedef struct candidate {
    const attempt *from; /* the match it comes from */
    size_t index;        /* in from's mset */
    size_t order;        /* in the list */
    xc_docid docid;
    bool all_words;        /* listed with the articles having every word */
    bool reranked;         /* within the rerank depth */
    term_matcher *matcher; /* of its language, when the query is ranked */
    double weight;         /* the article's BM25 with its boosts */
    double best;           /* its best passage's score */
    double passage;        /* what the passages add to its score: passage_weight
                              x best within the rerank depth, else 0 */
    double score;          /* weight + passage */
    xc_doc *doc;
    passage_span *spans; /* where its passages are */
    size_t nspans;
    double *scores; /* per passage */
    size_t matched; /* passages holding a query word */
} candidate;

/* What scoring passages needs across the articles of one search. */
typedef struct ranking {
    search_run *run;
    attempt *a;
    term_set terms;
    bool ranked; /* the query has words to find in passages */
    passage_ranker ranker;
    term_matcher *matchers; /* one per database language, made on demand */
    bool *made;
} ranking;

static void candidate_clear(candidate *c)
{
    xc_doc_free(c->doc);
    free(c->spans);
    free(c->scores);
    memset(c, 0, sizeof *c);
}

/* The database language analyzer of an article in `lang`, so that its words
 * are matched as indexing made them. */
static size_t language_of(const searcher *s, const char *lang)
{
    for (size_t i = 0; lang && i < s->nanalyzers; i++)
        if (strcmp(analyzer_language_code(s->analyzers[i]), lang) == 0)
            return i;
    return 0;
}

static passim_status matcher_for(ranking *g, const char *lang,
                                 term_matcher **out)
{
    const searcher *s = g->run->s;
    size_t i = language_of(s, lang);
    if (!g->made[i]) {
        passim_status st =
            term_matcher_init(&g->matchers[i], &g->terms, s->analyzers[i]);
        if (st != PASSIM_OK)
            return st;
        g->made[i] = true;
    }
    *out = &g->matchers[i];
    return PASSIM_OK;
}

static passim_status ranking_init(ranking *g, search_run *run, attempt *a)
{
    const query_compiled *c = &a->compiled;
    const searcher *s = run->s;
    memset(g, 0, sizeof *g);
    g->run = run;
    g->a = a;
    g->terms =
        (term_set){(const char *const *)c->terms, c->nterms,
                   (const char *const *)c->prefixes, c->nprefixes, c->unranked};
    g->ranked = !c->only_filters;
    g->matchers = calloc(s->nanalyzers, sizeof *g->matchers);
    g->made = calloc(s->nanalyzers, sizeof *g->made);
    if (!g->matchers || !g->made)
        return PASSIM_ERROR_NO_MEMORY;
    return passage_ranker_init(&g->ranker, s->db, a->mset, &g->terms,
                               run->opt->bm25_k1, run->opt->bm25_b);
}

static void ranking_clear(ranking *g)
{
    for (size_t i = 0; g->made && i < g->run->s->nanalyzers; i++)
        if (g->made[i])
            term_matcher_clear(&g->matchers[i]);
    free(g->matchers);
    free(g->made);
    passage_ranker_clear(&g->ranker);
}

/* Reads the listed match's passage map (list_matches read its docid and
 * weight) and, for an article of several
 * passages, scores them (its data, only needed to show it, is read later;
 * articles of one passage are scored together by score_whole). */
static passim_status candidate_load(ranking *g, bool reranked, bool whole,
                                    candidate *c)
{
    char *map = NULL, lang[PASSAGE_MAP_LANG_MAX];
    size_t len = 0;
    passim_status st = xc_mset_document(c->from->mset, c->index, &c->doc);
    c->reranked = reranked;
    if (st == PASSIM_OK)
        st = xc_doc_get_value(c->doc, &map, &len, SLOT_PASSAGE_MAP);
    if (st == PASSIM_OK)
        st = passage_map_decode(map, len, lang, &c->spans, &c->nspans);
    free(map);
    if (st == PASSIM_OK && !(c->scores = calloc(c->nspans, sizeof *c->scores)))
        st = PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK && g->ranked)
        st = matcher_for(g, lang, &c->matcher);
    if (st == PASSIM_OK && g->ranked && !(whole && c->nspans == 1))
        st = passage_ranker_score(&g->ranker, c->matcher, c->doc, c->spans,
                                  c->nspans, c->scores, &c->matched);
    return st;
}

/* Scores the loaded articles of one passage together, from posting lists:
 * no term list or positions to read for them. */
static passim_status score_whole(ranking *g, candidate *c, size_t n)
{
    whole_article *w = calloc(n ? n : 1, sizeof *w);
    size_t nw = 0;
    passim_status st;
    if (!w)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; i < n; i++)
        if (c[i].doc && c[i].nspans == 1)
            w[nw++] = (whole_article){c[i].docid, c[i].matcher, c[i].spans,
                                      &c[i].scores[0], &c[i].matched};
    st = passage_ranker_score_whole(&g->ranker, w, nw);
    free(w);
    return st;
}

/* The article's score: its BM25, and for a reranked one its best
 * passage's share. Below the rerank depth the score stays the article's,
 * so scores never rise down the list: every reranked article weighs at
 * least as much as any below it. */
static void candidate_score(const ranking *g, candidate *c)
{
    for (size_t k = 0; k < c->nspans; k++)
        if (c->scores[k] > c->best)
            c->best = c->scores[k];
    c->passage = c->reranked ? g->run->opt->passage_weight * c->best : 0;
    c->score = c->weight + c->passage;
}

/* Reranking keeps the articles having all the words first. */
static int by_score(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->all_words != b->all_words)
        return a->all_words ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* The passages to show: the best `want` that match, best first (ties in
 * article order); the first passage when none matches. */
static size_t pick_passages(const candidate *c, size_t want, size_t *out)
{
    size_t n = 0;
    for (size_t k = 0; k < c->nspans; k++) {
        size_t at = n, end = n < want ? n : want - 1;
        if (c->scores[k] <= 0)
            continue;
        while (at > 0 && c->scores[out[at - 1]] < c->scores[k])
            at--;
        if (at >= want)
            continue;
        for (size_t j = end; j > at; j--)
            out[j] = out[j - 1];
        out[at] = k;
        if (n < want)
            n++;
    }
    if (n == 0)
        out[n++] = 0;
    return n;
}

static char *copy_or_null(const char *s, bool *ok)
{
    char *copy = s ? strdup(s) : NULL;
    if (s && !copy)
        *ok = false;
    return copy;
}

static passim_status fill_fields(search_hit *h, const stored_article *art)
{
    bool ok = true;
    const cJSON *item;
    h->id = copy_or_null(art->id, &ok);
    h->title = copy_or_null(art->title, &ok);
    h->date = copy_or_null(art->date, &ok);
    h->source = copy_or_null(art->source, &ok);
    h->lang = copy_or_null(art->lang, &ok);
    h->url = copy_or_null(art->url, &ok);
    h->path = copy_or_null(art->path, &ok);
    h->summary = copy_or_null(art->summary, &ok);
    if (ok && art->tags) {
        h->tags =
            calloc((size_t)cJSON_GetArraySize(art->tags) + 1, sizeof *h->tags);
        ok = h->tags != NULL;
        cJSON_ArrayForEach(item, art->tags)
        {
            if (ok && cJSON_IsString(item) &&
                (ok = (h->tags[h->ntags] = strdup(item->valuestring)) != NULL))
                h->ntags++;
        }
    }
    if (ok && art->fields) {
        h->fields = calloc((size_t)cJSON_GetArraySize(art->fields) + 1,
                           sizeof *h->fields);
        ok = h->fields != NULL;
        cJSON_ArrayForEach(item, art->fields)
        {
            search_field *f = ok ? &h->fields[h->nfields] : NULL;
            if (!ok || !cJSON_IsString(item) || !item->string)
                continue;
            f->key = strdup(item->string);
            f->value = strdup(item->valuestring);
            ok = f->key && f->value;
            h->nfields++;
        }
    }
    return ok ? PASSIM_OK : PASSIM_ERROR_NO_MEMORY;
}

/* Passage k of the article as shown: its text, its snippet and the line of
 * its first highlighted word. */
static passim_status show_passage(ranking *g, const candidate *c,
                                  const stored_article *art, size_t k,
                                  search_passage *out)
{
    const stored_passage *p = &art->passages[k];
    const searcher *s = g->run->s;
    analyzer *an = s->analyzers[language_of(s, art->lang)];
    passim_status st;
    out->passage = (unsigned int)k;
    out->score = c->scores[k];
    out->text = strndup(art->text + p->text_from, p->text_to - p->text_from);
    if (!out->text)
        return PASSIM_ERROR_NO_MEMORY;
    st = snippet_make(&out->snip, out->text, strlen(out->text), an, &g->terms,
                      g->run->opt->snippet_width);
    out->line = out->snip.first_match == SIZE_MAX
                    ? p->line
                    : stored_passage_line(p, out->snip.first_match);
    return st;
}

static passim_status make_hit(ranking *g, const candidate *c, size_t rank,
                              search_hit *h)
{
    const passim_search_options *opt = g->run->opt;
    size_t want = opt->per_article ? opt->per_article : 1, n;
    stored_article art = {0};
    size_t *order = NULL;
    char *data = NULL;
    size_t len = 0;
    passim_status st = xc_doc_get_data(c->doc, &data, &len);
    h->rank = (unsigned int)rank + 1;
    h->score = c->score;
    h->all_words = c->all_words;
    h->docid = c->docid;
    if (st == PASSIM_OK)
        st = stored_article_parse(&art, data, len);
    free(data);
    /* The data and the passage map are written together: they agree. */
    if (st == PASSIM_OK && art.npassages != c->nspans)
        st = PASSIM_ERROR_CORRUPT;
    if (st == PASSIM_OK)
        st = fill_fields(h, &art);
    if (want > c->nspans)
        want = c->nspans;
    if (st == PASSIM_OK && !(order = calloc(want, sizeof *order)))
        st = PASSIM_ERROR_NO_MEMORY;
    if (st != PASSIM_OK)
        goto out;
    n = pick_passages(c, want, order);
    h->passages = calloc(n, sizeof *h->passages);
    if (!h->passages) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; st == PASSIM_OK && i < n; i++) {
        h->npassages++;
        st = show_passage(g, c, &art, order[i], &h->passages[i]);
    }
    h->collapsed = c->matched > n ? (unsigned int)(c->matched - n) : 0;
    if (st == PASSIM_OK && opt->explain)
        st = explain_hit(g->run, c->from, c->index, h, c->passage);
out:
    free(order);
    stored_article_clear(&art);
    return st;
}

static int by_docid(const void *x, const void *y)
{
    xc_docid a = *(const xc_docid *)x, b = *(const xc_docid *)y;
    return a < b ? -1 : a > b;
}

/* The list into c[] (*n entries, room for both msets): first's matches,
 * every one, then a's that are not among them, which lack some word when
 * there is a `first`. Each entry's weight is read here: the rerank depth
 * needs them. */
static passim_status list_matches(const attempt *a, const attempt *first,
                                  candidate *c, size_t *n)
{
    size_t nfirst = first ? xc_mset_size(first->mset) : 0;
    xc_docid *seen = calloc(nfirst ? nfirst : 1, sizeof *seen), id;
    double w = 0;
    passim_status st = seen ? PASSIM_OK : PASSIM_ERROR_NO_MEMORY;
    *n = 0;
    for (size_t i = 0; st == PASSIM_OK && i < nfirst; i++) {
        st = xc_mset_hit(first->mset, i, &seen[i], &w, NULL);
        c[*n] = (candidate){.from = first,
                            .index = i,
                            .order = *n,
                            .docid = seen[i],
                            .weight = w,
                            .all_words = true};
        (*n)++;
    }
    if (st == PASSIM_OK && nfirst > 1)
        qsort(seen, nfirst, sizeof *seen, by_docid);
    for (size_t i = 0; st == PASSIM_OK && i < xc_mset_size(a->mset); i++) {
        st = xc_mset_hit(a->mset, i, &id, &w, NULL);
        if (st != PASSIM_OK ||
            (nfirst && bsearch(&id, seen, nfirst, sizeof id, by_docid)))
            continue;
        c[*n] = (candidate){.from = a,
                            .index = i,
                            .order = *n,
                            .docid = id,
                            .weight = w,
                            .all_words = !first};
        (*n)++;
    }
    free(seen);
    return st;
}

/* How many of the top listed matches are reranked: `wanted`, and every
 * match of the same group weighing the same as the last of them (within the
 * SEARCH_RERANK_TIES the matches hold past it). Xapian orders equal weights
 * by document number, which differs between a database and its shards: a
 * cut between two equal weights would rerank one article in one layout and
 * the other in the other. */
static size_t rerank_depth(const candidate *c, size_t wanted, size_t n)
{
    size_t depth = wanted < n ? wanted : n;
    while (depth > 0 && depth < n &&
           c[depth].all_words == c[depth - 1].all_words &&
           c[depth].weight == c[depth - 1].weight)
        depth++;
    return depth;
}

passim_status hits_collect(search_run *run, attempt *a, const attempt *first,
                           size_t *listed)
{
    const passim_search_options *opt = run->opt;
    search_results *r = run->r;
    size_t room =
        xc_mset_size(a->mset) + (first ? xc_mset_size(first->mset) : 0);
    size_t n = 0, depth = 0, first_hit = opt->offset;
    size_t last = opt->offset + (size_t)opt->limit;
    candidate *c = NULL;
    bool whole;
    ranking g;
    passim_status st = ranking_init(&g, run, a);

    if (st == PASSIM_OK && !(c = calloc(room ? room : 1, sizeof *c)))
        st = PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK)
        st = list_matches(a, first, c, &n);
    *listed = n;
    if (last > n)
        last = n;
    if (first_hit > last)
        first_hit = last;
    /* Only a relevance ranking of words is reordered by passages. */
    if (st == PASSIM_OK && g.ranked && opt->sort == PASSIM_SORT_RELEVANCE)
        depth = rerank_depth(c, opt->rerank_depth, n);
    whole = st == PASSIM_OK && g.ranked &&
            passage_ranker_can_score_whole(&g.ranker);
    for (size_t i = 0; st == PASSIM_OK && i < n; i++)
        if (i < depth || (i >= first_hit && i < last))
            st = candidate_load(&g, i < depth, whole, &c[i]);
    if (st == PASSIM_OK && whole)
        st = score_whole(&g, c, n);
    for (size_t i = 0; st == PASSIM_OK && i < n; i++)
        if (c[i].doc)
            candidate_score(&g, &c[i]);
    if (st == PASSIM_OK && depth > 1)
        qsort(c, depth, sizeof *c, by_score);
    if (st == PASSIM_OK && last > first_hit &&
        !(r->hits = calloc(last - first_hit, sizeof *r->hits)))
        st = PASSIM_ERROR_NO_MEMORY;
    for (size_t i = first_hit; st == PASSIM_OK && i < last; i++) {
        r->nhits++;
        st = make_hit(&g, &c[i], i, &r->hits[i - first_hit]);
    }
    for (size_t i = 0; c && i < n; i++)
        candidate_clear(&c[i]);
    free(c);
    ranking_clear(&g);
    return st;
}
