/* snippet.c — choosing and marking the window of a passage shown for a hit. */
#include "snippet.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

#define ELLIPSIS "\xe2\x80\xa6" /* … */
#define ELLIPSIS_LEN 3

/* A matched word in the passage: byte range and which query term. */
typedef struct match {
    size_t start, end;
    size_t which; /* index into terms, or nterms + prefix index */
} match;

/* The passage's matches so far. */
typedef struct match_list {
    term_matcher matcher;
    match *items;
    size_t count, cap;
    bool failed;
} match_list;

static int collect(const analyzer_token *t, void *ctx)
{
    match_list *m = ctx;
    size_t which = term_matcher_find(&m->matcher, t->term, t->term_len,
                                     (t->flags & ANALYZER_TOKEN_NUMBER) != 0);
    if (m->matcher.failed) {
        m->failed = true;
        return 1;
    }
    if (which == TERM_NO_MATCH)
        return 0;
    if (!vec_reserve(m->items, m->cap, m->count + 1)) {
        m->failed = true;
        return 1;
    }
    m->items[m->count++] = (match){t->start, t->end, which};
    return 0;
}

static int by_start(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

/* The number of distinct terms matched within [from, from + width). */
static size_t window_score(const match *m, size_t n, size_t first, size_t from,
                           size_t width)
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
                           analyzer *an, const term_set *terms, size_t width)
{
    match_list m = {0};
    size_t from = 0, to = len, best = 0, best_score = 0, k = 0, pos;
    size_t *at = NULL;
    passim_status st;

    memset(out, 0, sizeof *out);
    out->first_match = SIZE_MAX;
    st = term_matcher_init(&m.matcher, terms, an);
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
            size_t s =
                window_score(m.items, m.count, i, m.items[i].start, width);
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
        if (out->first_match == SIZE_MAX)
            out->first_match = s;
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
    term_matcher_clear(&m.matcher);
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
