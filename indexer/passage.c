/*
 * passage.c — the passage splitter (see passage.h). Blocks are taken whole
 * while a passage gets closer to the target size; a block too long for any
 * passage is fed in as sentences (or, for an endless sentence, runs of
 * words), and the anchors readers recorded give each piece its own line and
 * source range.
 */
#include "passage.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "reader.h"
#include "vec.h"

/* A stretch [from, to) of one block's text. */
typedef struct unit {
    size_t block, from, to, words;
    bool heading;
} unit;

typedef struct splitter {
    const article *a;
    size_t target, max;
    passage *out;
    size_t n, cap;
    size_t keep, total; /* passages built at most; passages seen */
    /* the passage being filled */
    bool open, has_body;
    size_t first, from, last, to, words;
    passim_status st;
} splitter;

static size_t count_words(const char *s, size_t from, size_t to)
{
    size_t words = 0;
    bool in_word = false;
    for (size_t i = from; i < to; i++) {
        bool space = reader_is_space(s[i]);
        words += !space && !in_word;
        in_word = !space;
    }
    return words;
}

/* Whether a passage of `have` words comes closer to the target with `more`
 * words added than without. */
static bool closer(size_t have, size_t more, size_t target)
{
    if (have + more <= target)
        return true;
    return have < target && have + more - target < target - have;
}

void passage_part(const article *a, const passage *p, size_t i,
                  const char **text, size_t *len)
{
    const article_block *b = &a->blocks[p->first_block + i];
    size_t from = i == 0 ? p->text_from : 0;
    size_t to = i + 1 == p->nblocks ? p->text_to : b->len;
    *text = b->text + from;
    *len = to - from;
}

/* Source line and offset of byte t of a block's text: from the last anchor
 * at or before it (before it, for an end), plus the distance from there,
 * which is exact where text is a copy of its source and stays within the
 * anchor's stretch where markup was removed. */
static void locate(const article_block *b, size_t t, bool end,
                   unsigned int *line, size_t *source)
{
    article_anchor at = {0, b->start, b->line};
    size_t limit = b->end;
    /* k: the first anchor past t (at t, for an end), by bisection: a long
     * block has many */
    size_t lo = 0, hi = b->nanchors;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (end ? b->anchors[mid].text >= t : b->anchors[mid].text > t)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (lo > 0)
        at = b->anchors[lo - 1];
    if (lo < b->nanchors && b->anchors[lo].source > at.source)
        limit = b->anchors[lo].source;
    if (!end && t == 0) {
        *line = b->line;
        *source = b->start;
        return;
    }
    if (end && t == b->len) {
        *line = at.line;
        *source = b->end;
        return;
    }
    size_t s = at.source + (t - at.text);
    if (s > limit)
        s = limit;
    if (s > b->end)
        s = b->end;
    if (s < b->start)
        s = b->start;
    *line = at.line;
    *source = s;
}

/* Records that the passage's text has source line `line` from `offset` on,
 * unless it already has. */
static passim_status line_at(passage *p, size_t *cap, size_t offset,
                             unsigned int line)
{
    unsigned int now = p->nlines ? p->lines[p->nlines - 1].line : p->line;
    if (line == now)
        return PASSIM_OK;
    if (!vec_reserve(p->lines, *cap, p->nlines + 1))
        return PASSIM_ERROR_NO_MEMORY;
    p->lines[p->nlines++] = (passage_line){offset, line};
    return PASSIM_OK;
}

/* The line changes inside the passage's text, from its parts' anchors. */
static passim_status map_lines(const article *a, passage *p)
{
    size_t cap = 0, offset = 0;
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < p->nblocks; i++) {
        const article_block *b = &a->blocks[p->first_block + i];
        size_t from = i == 0 ? p->text_from : 0;
        size_t to = i + 1 == p->nblocks ? p->text_to : b->len;
        unsigned int line;
        size_t source;
        size_t k = 0, hi = b->nanchors;
        locate(b, from, false, &line, &source);
        st = line_at(p, &cap, offset, line);
        /* The first anchor past `from`, by bisection: a long block cut into
         * many passages has many anchors, and each passage takes its own. */
        while (k < hi) {
            size_t mid = k + (hi - k) / 2;
            if (b->anchors[mid].text > from)
                hi = mid;
            else
                k = mid + 1;
        }
        for (; st == PASSIM_OK && k < b->nanchors && b->anchors[k].text < to;
             k++)
            st = line_at(p, &cap, offset + b->anchors[k].text - from,
                         b->anchors[k].line);
        offset += to - from + 2; /* the part and the "\n\n" after it */
    }
    return st;
}

static void close_passage(splitter *s)
{
    if (!s->open || s->st != PASSIM_OK)
        return;
    s->open = false;
    if (s->total++ >= s->keep)
        return;
    if (!vec_reserve(s->out, s->cap, s->n + 1)) {
        s->st = PASSIM_ERROR_NO_MEMORY;
        return;
    }
    passage p = {.first_block = s->first,
                 .nblocks = s->last - s->first + 1,
                 .text_from = s->from,
                 .text_to = s->to};
    size_t len = 0, part_len;
    const char *part;
    for (size_t i = 0; i < p.nblocks; i++) {
        passage_part(s->a, &p, i, &part, &part_len);
        len += part_len + (i ? 2 : 0);
    }
    p.text = malloc(len + 1);
    if (!p.text) {
        s->st = PASSIM_ERROR_NO_MEMORY;
        return;
    }
    for (size_t i = 0; i < p.nblocks; i++) {
        if (i) {
            memcpy(p.text + p.len, "\n\n", 2);
            p.len += 2;
        }
        passage_part(s->a, &p, i, &part, &part_len);
        memcpy(p.text + p.len, part, part_len);
        p.len += part_len;
    }
    p.text[p.len] = '\0';
    /* The range covers every part: in source order (as blocks from HTML
     * need not be), the passage's line is that of its range's start. */
    p.start = SIZE_MAX;
    for (size_t i = s->first; i <= s->last; i++) {
        const article_block *b = &s->a->blocks[i];
        size_t from = i == s->first ? s->from : 0;
        size_t to = i == s->last ? s->to : b->len;
        size_t start, end;
        unsigned int line, end_line;
        locate(b, from, false, &line, &start);
        locate(b, to, true, &end_line, &end);
        if (start < p.start) {
            p.start = start;
            p.line = line;
        }
        if (end > p.end)
            p.end = end;
    }
    if (p.end < p.start)
        p.end = p.start;
    p.words = s->words;
    if ((s->st = map_lines(s->a, &p)) != PASSIM_OK) {
        free(p.text);
        free(p.lines);
        return;
    }
    s->out[s->n++] = p;
}

static void add(splitter *s, const unit *u)
{
    if (!s->open) {
        s->open = true;
        s->has_body = false;
        s->words = 0;
        s->first = u->block;
        s->from = u->from;
    }
    s->last = u->block;
    s->to = u->to;
    s->words += u->words;
    s->has_body |= !u->heading;
}

/* A piece of a long block: it goes into the open passage while that stays
 * within max_words and gets closer to the target. */
static void place(splitter *s, const unit *u)
{
    if (s->open && (s->words + u->words > s->max ||
                    (s->has_body && !closer(s->words, u->words, s->target))))
        close_passage(s);
    add(s, u);
}

/* Whether a sentence ends at text[i] (a '.', '!' or '?' with any closing
 * quotes or brackets after it, then the end of the text or white space and
 * an upper-case letter or a digit); *after is the offset past it. */
static bool sentence_end(const char *text, size_t len, size_t i, size_t *after)
{
    if (text[i] != '.' && text[i] != '!' && text[i] != '?')
        return false;
    size_t j = i + 1;
    for (;;) {
        if (j < len && text[j] && strchr("\"')]", text[j])) {
            j++;
        } else if (j + 2 < len && !memcmp(text + j, "\xE2\x80", 2) &&
                   (text[j + 2] == '\x9D' || text[j + 2] == '\x99')) {
            j += 3; /* ” or ’ */
        } else {
            break;
        }
    }
    *after = j;
    size_t k = j;
    while (k < len && reader_is_space(text[k]))
        k++;
    if (k == len)
        return true;
    if (k == j)
        return false;
    utf8proc_int32_t c;
    if (utf8proc_iterate((const utf8proc_uint8_t *)text + k,
                         (utf8proc_ssize_t)(len - k), &c) <= 0)
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT ||
           cat == UTF8PROC_CATEGORY_ND;
}

/* Places text[from, to) of block b as runs of at most `chunk` words. */
static void place_words(splitter *s, size_t b, size_t from, size_t to,
                        size_t chunk)
{
    const char *text = s->a->blocks[b].text;
    size_t i = from;
    while (i < to && s->st == PASSIM_OK) {
        while (i < to && reader_is_space(text[i]))
            i++;
        size_t start = i, words = 0;
        while (i < to && words < chunk) {
            while (i < to && reader_is_space(text[i]))
                i++;
            if (i == to)
                break;
            while (i < to && !reader_is_space(text[i]))
                i++;
            words++;
        }
        if (words) {
            unit u = {b, start, i, words, false};
            place(s, &u);
        }
    }
}

/* Places a block too long for one passage sentence by sentence. */
static void place_sentences(splitter *s, size_t b)
{
    const article_block *blk = &s->a->blocks[b];
    size_t start = 0, i;
    while (start < blk->len && reader_is_space(blk->text[start]))
        start++;
    for (i = start; i < blk->len && s->st == PASSIM_OK;) {
        size_t after;
        bool ends = sentence_end(blk->text, blk->len, i, &after);
        if (!ends && i + 1 < blk->len) {
            i++;
            continue;
        }
        if (!ends)
            after = blk->len;
        size_t words = count_words(blk->text, start, after);
        if (words > s->target) {
            place_words(s, b, start, after, s->target);
        } else if (words) {
            unit u = {b, start, after, words, false};
            place(s, &u);
        }
        start = after;
        while (start < blk->len && reader_is_space(blk->text[start]))
            start++;
        i = start;
    }
}

passim_status passages_split(const article *a, size_t target_words,
                             size_t max_words, passage **out, size_t *count)
{
    return passages_split_first(a, target_words, max_words, SIZE_MAX, out,
                                count, NULL);
}

passim_status passages_split_first(const article *a, size_t target_words,
                                   size_t max_words, size_t keep, passage **out,
                                   size_t *count, size_t *total)
{
    if (out)
        *out = NULL;
    if (count)
        *count = 0;
    if (total)
        *total = 0;
    if (!a || !out || !count)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    splitter s = {
        .a = a, .target = target_words, .max = max_words, .keep = keep};
    if (!s.max)
        s.max = PASSAGE_MAX_WORDS;
    if (!s.target)
        s.target = PASSAGE_TARGET_WORDS;
    if (s.target > s.max)
        s.target = s.max;
    for (size_t b = 0; b < a->nblocks && s.st == PASSIM_OK; b++) {
        const article_block *blk = &a->blocks[b];
        unit u = {b, 0, blk->len, count_words(blk->text, 0, blk->len),
                  blk->kind == BLOCK_HEADING};
        if (!u.words)
            continue;
        if (u.heading && u.words <= s.max) {
            /* a heading opens a passage, attached to what follows it */
            if (s.open && (s.has_body || s.words + u.words > s.max))
                close_passage(&s);
            add(&s, &u);
            continue;
        }
        u.heading = false;
        if (s.open && s.has_body &&
            (s.words + u.words > s.max || !closer(s.words, u.words, s.target)))
            close_passage(&s);
        if ((s.open ? s.words : 0) + u.words <= s.max)
            add(&s, &u);
        else
            place_sentences(&s, b);
    }
    close_passage(&s);
    if (s.st != PASSIM_OK) {
        passages_free(s.out, s.n);
        return s.st;
    }
    *out = s.out;
    *count = s.n;
    if (total)
        *total = s.total;
    return PASSIM_OK;
}

void passages_free(passage *p, size_t count)
{
    if (!p)
        return;
    for (size_t i = 0; i < count; i++) {
        free(p[i].text);
        free(p[i].lines);
    }
    free(p);
}
