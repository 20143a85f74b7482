/*
 * reader_util.c — the helpers every format reader uses (see
 * reader_internal.h): block building with anchors, paragraphs of plain text,
 * whole-file articles, derived titles, reporting and handing articles to the
 * sink.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "date.h"
#include "reader_internal.h"
#include "vec.h"

void block_anchor(block_builder *b, size_t source, unsigned int line)
{
    if (b->len == 0) {
        b->line = line;
        b->start = source;
        b->nanchors = 0;
        return;
    }
    if (b->nanchors && b->anchors[b->nanchors - 1].text == b->len) {
        b->anchors[b->nanchors - 1] = (article_anchor){b->len, source, line};
        return;
    }
    if (b->nanchors >= READER_FREE_ANCHORS &&
        b->len - b->anchors[b->nanchors - 1].text < READER_ANCHOR_SPACING)
        return;
    if (!vec_reserve(b->anchors, b->acap, b->nanchors + 1)) {
        b->oom = true;
        return;
    }
    b->anchors[b->nanchors++] = (article_anchor){b->len, source, line};
}

void block_text(block_builder *b, const char *s, size_t n)
{
    if (b->len == 0) /* a block's text starts with its first word */
        while (n && reader_is_space(*s)) {
            s++;
            n--;
        }
    if (n > READER_BLOCK_MAX - b->len) {
        n = READER_BLOCK_MAX - b->len;
        if (!b->cut_line)
            b->cut_line =
                b->nanchors ? b->anchors[b->nanchors - 1].line : b->line;
    }
    if (!vec_reserve(b->text, b->cap, b->len + n + 1)) {
        b->oom = true;
        return;
    }
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
}

passim_status block_flush(block_builder *b, article *a, article_block_kind kind)
{
    passim_status st = b->oom ? PASSIM_ERROR_NO_MEMORY : PASSIM_OK;
    size_t len = b->len;
    while (len && reader_is_space(b->text[len - 1]))
        len--;
    while (b->nanchors && b->anchors[b->nanchors - 1].text >= len)
        b->nanchors--;
    /* HTML parsers move text (misnested tags, text in tables), so text
     * order need not be source order: the range is made to cover it all. */
    for (size_t i = 0; i < b->nanchors; i++) {
        if (b->anchors[i].source < b->start) {
            b->start = b->anchors[i].source;
            b->line = b->anchors[i].line;
        }
    }
    if (b->end < b->start)
        b->end = b->start;
    if (st == PASSIM_OK && len)
        st = article_add_block_anchored(a, b->text, len, b->line, b->start,
                                        b->end, kind, b->anchors, b->nanchors);
    if (b->cut_line && !a->cut_line)
        a->cut_line = b->cut_line;
    b->len = 0;
    b->nanchors = 0;
    b->oom = false;
    b->cut_line = 0;
    return st;
}

void block_builder_free(block_builder *b)
{
    free(b->text);
    free(b->anchors);
    *b = (block_builder){0};
}

passim_status reader_add_paragraphs(article *a, const char *text, size_t len,
                                    size_t base, unsigned int line,
                                    bool fixed_line, article_block_kind kind)
{
    block_builder b = {0};
    passim_status st = PASSIM_OK;
    size_t pos = 0;
    while (pos < len && st == PASSIM_OK) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t next = nl ? (size_t)(nl - text) + 1 : len;
        size_t first = pos, last = nl ? next - 1 : len;
        while (first < last && reader_is_space(text[first]))
            first++;
        while (last > first && reader_is_space(text[last - 1]))
            last--;
        if (first == last) {
            st = block_flush(&b, a, kind);
        } else {
            if (b.len)
                block_text(&b, "\n", 1);
            block_anchor(&b, base + first, line);
            block_text(&b, text + first, last - first);
            b.end = base + last;
        }
        if (!fixed_line)
            line++;
        pos = next;
    }
    if (st == PASSIM_OK)
        st = block_flush(&b, a, kind);
    block_builder_free(&b);
    return st;
}

article *reader_file_article(const char *path, const char *buf, size_t len)
{
    article *a = article_new(path);
    if (a)
        a->hash = XXH64(buf, len, 0);
    return a;
}

passim_status reader_derive_title(article *a, const char *text, size_t len)
{
    if (a->title && a->title[0])
        return PASSIM_OK;
    while (len && reader_is_space(*text)) {
        text++;
        len--;
    }
    if (len > READER_DERIVED_TITLE_MAX) {
        size_t cut = READER_DERIVED_TITLE_MAX;
        while (cut && text[cut] != ' ')
            cut--;
        if (cut == 0) { /* one long word: cut before a UTF-8 lead byte */
            cut = READER_DERIVED_TITLE_MAX;
            while (cut && ((unsigned char)text[cut] & 0xC0) == 0x80)
                cut--;
        }
        len = cut;
    }
    while (len && reader_is_space(text[len - 1]))
        len--;
    return article_set(a, &a->title, text, len);
}

bool reader_looks_binary(const char *buf, size_t len)
{
    return memchr(buf, '\0',
                  len < READER_BINARY_PROBE ? len : READER_BINARY_PROBE) !=
           NULL;
}

void reader_tell(const reader_sink *sink, reader_problem_fn fn,
                 const char *path, unsigned int line, const char *fmt, ...)
{
    if (!fn)
        return;
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    fn(path, line, reason, sink->ctx);
}

/* An article without a title takes its first heading's, else its first
 * line's (a title of white space is none). */
static passim_status fall_back_title(article *a)
{
    const char *t = a->title;
    while (reader_is_space(*t))
        t++;
    if (*t)
        return PASSIM_OK;
    a->title[0] = '\0';
    for (size_t i = 0; i < a->nblocks; i++)
        if (a->blocks[i].kind == BLOCK_HEADING)
            return reader_derive_title(a, a->blocks[i].text, a->blocks[i].len);
    if (a->nblocks == 0)
        return PASSIM_OK;
    const article_block *first = &a->blocks[0];
    const char *nl = memchr(first->text, '\n', first->len);
    return reader_derive_title(a, first->text,
                               nl ? (size_t)(nl - first->text) : first->len);
}

/* The article's date as "YYYY-MM-DD"; one that is not a date is said and
 * dropped (the article is indexed without it). */
static passim_status read_date(const reader_sink *sink, article *a)
{
    char day[11];
    if (!a->date)
        return PASSIM_OK;
    const char *why = a->date[0] ? date_normalize(a->date, day) : "";
    if (!why)
        return strcmp(a->date, day) ? article_set(a, &a->date, day, 10)
                                    : PASSIM_OK;
    if (*why) /* an empty date is none, said or not */
        reader_warn(sink, a->path, a->line,
                    "date \"%.100s\": %s; "
                    "indexed without a date",
                    a->date, why);
    free(a->date);
    a->date = NULL;
    return PASSIM_OK;
}

/* Says what the article's limits (article.h) left out. */
static void warn_cuts(const reader_sink *sink, const article *a)
{
    if (a->cut_line)
        reader_warn(sink, a->path, a->line,
                    "article too long: its text "
                    "from line %u on is left out (an article keeps %u MiB)",
                    a->cut_line, ARTICLE_MAX_TEXT >> 20);
    if (a->cut_tags || a->cut_fields)
        reader_warn(sink, a->path, a->line,
                    "too much metadata: %zu tags "
                    "and %zu other keys left out (an article keeps %d tags, "
                    "%d other keys, %u KiB of both)",
                    a->cut_tags, a->cut_fields, ARTICLE_MAX_TAGS,
                    ARTICLE_MAX_FIELDS, ARTICLE_MAX_METADATA >> 10);
    if (a->cut_values)
        reader_warn(sink, a->path, a->line,
                    "%zu metadata values longer "
                    "than %d bytes cut",
                    a->cut_values, ARTICLE_MAX_VALUE);
}

reader_emitted reader_emit(const reader_sink *sink, article *a)
{
    if (a->id && strlen(a->id) > ARTICLE_MAX_VALUE) {
        reader_report(sink, a->path, a->line, "id longer than %d bytes",
                      ARTICLE_MAX_VALUE);
        article_free(a);
        return READER_SKIPPED;
    }
    warn_cuts(sink, a);
    passim_status st = fall_back_title(a);
    if (st == PASSIM_OK)
        st = read_date(sink, a);
    if (st != PASSIM_OK) {
        reader_report(sink, a->path, a->line, "%s", passim_status_string(st));
        article_free(a);
        return READER_SKIPPED;
    }
    if (a->title[0] == '\0' && a->nblocks == 0) {
        reader_report(sink, a->path, a->line, "no title and no text");
        article_free(a);
        return READER_SKIPPED;
    }
    return sink->article(a, sink->ctx) ? READER_STOP : READER_EMITTED;
}
