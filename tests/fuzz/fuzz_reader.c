/*
 * fuzz_reader.c — the checking sink of fuzz_reader.h.
 *
 * Each article must keep article.h's promises (strings of valid UTF-8, a
 * title, blocks whose anchors are sorted and inside their text, source
 * ranges inside the file for the formats whose offsets are file offsets),
 * and the passage splitter, run with the default sizes and with tiny ones
 * (so that long blocks are cut at sentences and words), must keep
 * passage.h's: whole parts joined by "\n\n", at most max_words words.
 */
#include "fuzz_reader.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "passage.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static size_t count_words(const char *s, size_t len)
{
    size_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < len; i++) {
        words += !is_space(s[i]) && !in_word;
        in_word = !is_space(s[i]);
    }
    return words;
}

static void check_optional(const char *s)
{
    if (s)
        FUZZ_CHECK(fuzz_utf8_valid(s, strlen(s)));
}

/* JSON block offsets are in the record's decoded body, not the file. */
static bool offsets_in_file(const fuzz_read *r)
{
    return r->format != READER_JSON && r->format != READER_JSONL;
}

static void check_block(const fuzz_read *r, const article_block *b)
{
    FUZZ_CHECK(fuzz_string_is(b->text, b->len));
    FUZZ_CHECK(fuzz_utf8_valid(b->text, b->len));
    FUZZ_CHECK(b->line >= 1 && b->start <= b->end);
    FUZZ_CHECK(b->kind >= BLOCK_PARAGRAPH && b->kind <= BLOCK_QUOTE);
    if (offsets_in_file(r))
        FUZZ_CHECK(b->end <= r->source_len);
    FUZZ_CHECK(!b->nanchors || b->anchors);
    for (size_t k = 0; k < b->nanchors; k++) {
        FUZZ_CHECK(b->anchors[k].text <= b->len);
        FUZZ_CHECK(b->anchors[k].line >= 1);
        if (k)
            FUZZ_CHECK(b->anchors[k - 1].text <= b->anchors[k].text);
        if (offsets_in_file(r))
            FUZZ_CHECK(b->anchors[k].source <= r->source_len);
    }
}

static void check_passages(const fuzz_read *r, const article *a, size_t target,
                           size_t max)
{
    passage *p = NULL;
    size_t n = 0;
    FUZZ_CHECK(passages_split(a, target, max, &p, &n) == PASSIM_OK);
    FUZZ_CHECK(!n == !p);
    for (size_t i = 0; i < n; i++) {
        const passage *ps = &p[i];
        FUZZ_CHECK(fuzz_string_is(ps->text, ps->len));
        FUZZ_CHECK(fuzz_utf8_valid(ps->text, ps->len));
        FUZZ_CHECK(ps->nblocks >= 1 && ps->first_block < a->nblocks &&
                   ps->nblocks <= a->nblocks - ps->first_block);
        FUZZ_CHECK(ps->line >= 1 && ps->start <= ps->end);
        if (offsets_in_file(r))
            FUZZ_CHECK(ps->end <= r->source_len);
        FUZZ_CHECK(count_words(ps->text, ps->len) <=
                   (max ? max : PASSAGE_MAX_WORDS));
        size_t at = 0;
        for (size_t k = 0; k < ps->nblocks; k++) {
            const char *part;
            size_t part_len;
            passage_part(a, ps, k, &part, &part_len);
            const article_block *b = &a->blocks[ps->first_block + k];
            FUZZ_CHECK(part >= b->text && part_len <= b->len &&
                       (size_t)(part - b->text) <= b->len - part_len);
            if (k) {
                FUZZ_CHECK(ps->len - at >= 2 &&
                           !memcmp(ps->text + at, "\n\n", 2));
                at += 2;
            }
            FUZZ_CHECK(ps->len - at >= part_len &&
                       !memcmp(ps->text + at, part, part_len));
            at += part_len;
        }
        FUZZ_CHECK(at == ps->len);
    }
    passages_free(p, n);
}

/* FNV-1a: order-sensitive and enough to tell two readings apart. */
static uint64_t mix(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

static int on_article(article *a, void *ctx)
{
    fuzz_read *r = ctx;
    FUZZ_CHECK(a && a->path && a->title);
    check_optional(a->id);
    check_optional(a->title);
    check_optional(a->date);
    check_optional(a->source);
    check_optional(a->lang);
    check_optional(a->url);
    check_optional(a->summary);
    FUZZ_CHECK(!a->ntags || a->tags);
    for (size_t i = 0; i < a->ntags; i++) {
        FUZZ_CHECK(a->tags[i] && a->tags[i][0] != '\0');
        check_optional(a->tags[i]);
    }
    FUZZ_CHECK(!a->nfields || a->fields);
    for (size_t i = 0; i < a->nfields; i++) {
        FUZZ_CHECK(a->fields[i].key && a->fields[i].value);
        check_optional(a->fields[i].key);
        check_optional(a->fields[i].value);
    }
    FUZZ_CHECK(!a->nblocks || a->blocks);
    for (size_t i = 0; i < a->nblocks; i++)
        check_block(r, &a->blocks[i]);
    check_passages(r, a, 0, 0);
    check_passages(r, a, 5, 12);

    unsigned int line = a->line - r->line_shift;
    r->fingerprint = mix(r->fingerprint, &a->ordinal, sizeof a->ordinal);
    r->fingerprint = mix(r->fingerprint, &line, sizeof line);
    r->fingerprint = mix(r->fingerprint, &a->hash, sizeof a->hash);
    r->fingerprint = mix(r->fingerprint, a->title, strlen(a->title) + 1);
    for (size_t i = 0; i < a->nblocks; i++)
        r->fingerprint =
            mix(r->fingerprint, a->blocks[i].text, a->blocks[i].len + 1);
    r->articles++;
    article_free(a);
    return 0;
}

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    fuzz_read *r = ctx;
    (void)line;
    FUZZ_CHECK(path && reason && reason[0] != '\0');
    r->problems++;
}

/* A warning goes with an article that is read: not a problem. */
static void on_warning(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    (void)line, (void)ctx;
    FUZZ_CHECK(path && reason && reason[0] != '\0');
}

reader_sink fuzz_read_sink(fuzz_read *r, reader_format format,
                           size_t source_len)
{
    *r = (fuzz_read){format, source_len, 0, 0xcbf29ce484222325u, 0, 0};
    return (reader_sink){on_article, on_problem, r, NULL, on_warning};
}

void fuzz_read_check_status(const fuzz_read *r, passim_status st)
{
    if (st == PASSIM_ERROR_INPUT)
        FUZZ_CHECK(r->problems > 0 && r->articles == 0);
    else
        FUZZ_CHECK(st == PASSIM_OK);
}
