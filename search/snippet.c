/* snippet.c — choosing and marking the window of a passage shown for a hit. */
#include "snippet.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define ELLIPSIS "\xe2\x80\xa6" /* … */
#define ELLIPSIS_LEN 3

/* A matched word in the passage: byte range and which query term. */
typedef struct match {
    size_t start, end;
    size_t which; /* index into terms, or nterms + prefix index */
} match;

#define NO_MATCH ((size_t)-1)

/* The passage's matches so far, and what a token is compared with: the
 * lengths of the terms, then of the prefixes, and which bytes start a term. */
typedef struct match_list {
    const snippet_terms *q;
    analyzer *an;
    size_t *lens;
    /* Stemming is most of highlighting's cost, and a token only needs its
     * stem when the stem could be a term: with an analyzer whose stems keep
     * a word's first byte, only tokens whose first byte starts some term. */
    bool stems, stem_all;
    unsigned char first[256 / 8];
    match *items;
    size_t count, cap;
    bool failed;
} match_list;

static size_t find_term(const match_list *m, const char *s, size_t len,
                        size_t below)
{
    for (size_t i = 0; i < below; i++)
        if (m->lens[i] == len && memcmp(s, m->q->terms[i], len) == 0)
            return i;
    return NO_MATCH;
}

static bool may_stem_to_term(const match_list *m, unsigned char first)
{
    return m->stem_all || (m->first[first / 8] & (1u << (first % 8)));
}

/* Which query term a token matches (the first whose text is its folded term
 * or its stem), or NO_MATCH. The analyzer ran without stemming: the stem is
 * made here, as analyzer_run would have made it, when it could decide. */
static size_t token_match(match_list *m, const analyzer_token *t)
{
    const snippet_terms *q = m->q;
    size_t which = find_term(m, t->term, t->term_len, q->nterms);
    if (which != 0 && m->stems && !(t->flags & ANALYZER_TOKEN_NUMBER) &&
        may_stem_to_term(m, (unsigned char)t->term[0])) {
        size_t stem_len, by_stem;
        const char *stem = analyzer_stem(m->an, t->term, t->term_len,
                                         &stem_len);
        if (!stem) {
            m->failed = true;
            return NO_MATCH;
        }
        by_stem = find_term(m, stem, stem_len,
                            which == NO_MATCH ? q->nterms : which);
        if (by_stem != NO_MATCH)
            which = by_stem;
    }
    if (which != NO_MATCH)
        return which;
    for (size_t i = 0; i < q->nprefixes; i++) {
        size_t n = m->lens[q->nterms + i];
        if (n <= t->term_len && memcmp(t->term, q->prefixes[i], n) == 0)
            return q->nterms + i;
    }
    return NO_MATCH;
}

static int collect(const analyzer_token *t, void *ctx)
{
    match_list *m = ctx;
    size_t which = token_match(m, t);
    if (m->failed)
        return 1;
    if (which == NO_MATCH)
        return 0;
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        match *grown = realloc(m->items, cap * sizeof *grown);
        if (!grown) {
            m->failed = true;
            return 1;
        }
        m->items = grown;
        m->cap = cap;
    }
    m->items[m->count++] = (match){t->start, t->end, which};
    return 0;
}

/* Readies m for the passage: lengths and first bytes of the terms. */
static passim_status match_list_init(match_list *m, const snippet_terms *q,
                                     analyzer *an)
{
    memset(m, 0, sizeof *m);
    if (!an)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    m->q = q;
    m->an = an;
    m->lens = malloc((q->nterms + q->nprefixes + 1) * sizeof *m->lens);
    if (!m->lens)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; i < q->nterms; i++) {
        unsigned char first = (unsigned char)q->terms[i][0];
        m->lens[i] = strlen(q->terms[i]);
        m->first[first / 8] |= (unsigned char)(1u << (first % 8));
    }
    for (size_t i = 0; i < q->nprefixes; i++)
        m->lens[q->nterms + i] = strlen(q->prefixes[i]);
    m->stems = strcmp(analyzer_language(an), "none") != 0;
    m->stem_all = !analyzer_stem_keeps_first_byte(an);
    return PASSIM_OK;
}

static int by_start(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

/* The number of distinct terms matched within [from, from + width). */
static size_t window_score(const match *m, size_t n, size_t first,
                           size_t from, size_t width)
{
    size_t distinct = 0;
    bool seen[64] = {false};
    for (size_t i = first; i < n && m[i].end <= from + width; i++) {
        size_t w = m[i].which % 64; /* collisions only undercount */
        if (!seen[w]) {
            seen[w] = true;
            distinct++;
        }
    }
    return distinct;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Moves a cut back to the start of a UTF-8 character. */
static size_t char_start(const char *text, size_t i)
{
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

passim_status snippet_make(snippet *out, const char *text, size_t len,
                           analyzer *an, const snippet_terms *terms,
                           size_t width)
{
    match_list m;
    size_t from = 0, to = len, best = 0, best_score = 0, k = 0, pos;
    size_t *at = NULL;
    passim_status st;

    memset(out, 0, sizeof *out);
    st = match_list_init(&m, terms, an);
    if (st == PASSIM_OK)
        st = analyzer_run_unstemmed(an, text, len, collect, &m);
    if (st == PASSIM_OK && m.failed)
        st = PASSIM_ERROR_NO_MEMORY;
    if (st != PASSIM_OK)
        goto out;
    if (m.count)
        qsort(m.items, m.count, sizeof *m.items, by_start);

    if (len > width) {
        /* Start a little before the first match of the best window, so the
         * reader sees what leads up to it. */
        for (size_t i = 0; i < m.count; i++) {
            size_t s = window_score(m.items, m.count, i, m.items[i].start,
                                    width);
            if (s > best_score) {
                best_score = s;
                best = i;
            }
        }
        from = m.count ? m.items[best].start : 0;
        from = from > width / 5 ? from - width / 5 : 0;
        while (from > 0 && !is_space(text[from - 1]))
            from--;
        to = from + width < len ? from + width : len;
        if (to < len) {
            while (to > from && !is_space(text[to]))
                to--;
            if (to == from) /* one enormous word: cut inside it */
                to = char_start(text, from + width);
            if (to < from) /* invalid bytes walked back past the start */
                to = from;
        }
        while (to > from && is_space(text[to - 1]))
            to--;
    }

    out->text = malloc((to - from) + 2 * ELLIPSIS_LEN + 1);
    out->ranges = malloc((m.count ? m.count : 1) * sizeof *out->ranges);
    /* where each input byte lands once runs of white space are one space */
    at = malloc((to - from + 1) * sizeof *at);
    if (!out->text || !out->ranges || !at) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    pos = 0;
    if (from > 0) {
        memcpy(out->text, ELLIPSIS, ELLIPSIS_LEN);
        pos = ELLIPSIS_LEN;
    }
    for (size_t i = from; i < to; i++) {
        at[i - from] = pos;
        if (!is_space(text[i]))
            out->text[pos++] = text[i];
        else if (pos > 0 && out->text[pos - 1] != ' ')
            out->text[pos++] = ' ';
    }
    at[to - from] = pos;
    for (size_t i = 0; i < m.count; i++) {
        size_t s = m.items[i].start, e = m.items[i].end;
        if (s < from || e > to)
            continue;
        s = at[s - from];
        e = at[e - from];
        if (k > 0 && s < out->ranges[k - 1].end) { /* overlap: merge */
            if (e > out->ranges[k - 1].end)
                out->ranges[k - 1].end = e;
            continue;
        }
        out->ranges[k++] = (snippet_range){s, e};
    }
    out->nranges = k;
    if (to < len) {
        memcpy(out->text + pos, ELLIPSIS, ELLIPSIS_LEN);
        pos += ELLIPSIS_LEN;
    }
    out->text[pos] = '\0';
    out->len = pos;
out:
    free(m.items);
    free(m.lens);
    free(at);
    if (st != PASSIM_OK)
        snippet_clear(out);
    return st;
}

void snippet_clear(snippet *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->ranges);
    memset(s, 0, sizeof *s);
}
