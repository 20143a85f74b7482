/*
 * fuzz_stored.c — what search reads back from a database that may be
 * damaged: an article's passage map value (core/passage_map.h) when the
 * first byte is even, its JSON data (search/stored.h) when odd; the rest is
 * the value or the data.
 *
 * Checked against the headers: a map decoded is a non-empty run of spans in
 * increasing order, never overlapping, a language code shorter than
 * PASSAGE_MAP_LANG_MAX, and passage_map_find finds each span by its ends
 * and nothing between spans; data parsed has its id, title, path and text,
 * every passage's text inside the text, and a line for any of its bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "passage_map.h"
#include "stored.h"

static void check_map(const char *value, size_t len)
{
    char lang[PASSAGE_MAP_LANG_MAX];
    passage_span *spans = NULL;
    size_t n = 7;
    passim_status st = passage_map_decode(value, len, lang, &spans, &n);
    FUZZ_CHECK(st == PASSIM_OK || st == PASSIM_ERROR_CORRUPT ||
               st == PASSIM_ERROR_NO_MEMORY);
    if (st != PASSIM_OK) {
        FUZZ_CHECK(!spans && n == 0);
        return;
    }
    FUZZ_CHECK(n > 0 && strlen(lang) < PASSAGE_MAP_LANG_MAX);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(spans[i].first <= spans[i].last);
        FUZZ_CHECK(i == 0 || spans[i - 1].last < spans[i].first);
        FUZZ_CHECK(passage_map_find(spans, n, spans[i].first) == i);
        FUZZ_CHECK(passage_map_find(spans, n, spans[i].last) == i);
        if (i > 0 && spans[i - 1].last + 1 < spans[i].first)
            FUZZ_CHECK(passage_map_find(spans, n, spans[i].first - 1) == n);
    }
    free(spans);
}

static void check_data(const char *data, size_t len)
{
    stored_article a;
    passim_status st = stored_article_parse(&a, data, len);
    FUZZ_CHECK(st == PASSIM_OK || st == PASSIM_ERROR_CORRUPT ||
               st == PASSIM_ERROR_NO_MEMORY);
    if (st != PASSIM_OK) {
        FUZZ_CHECK(a.root == NULL && a.passages == NULL);
        return;
    }
    FUZZ_CHECK(a.id && a.title && a.path && a.text && a.npassages > 0);
    FUZZ_CHECK(strlen(a.text) == a.text_len);
    for (size_t i = 0; i < a.npassages; i++) {
        const stored_passage *p = &a.passages[i];
        FUZZ_CHECK(p->text_from <= p->text_to && p->text_to <= a.text_len);
        for (size_t at = 0; at <= p->text_to - p->text_from;
             at += 1 + (p->text_to - p->text_from) / 8)
            (void)stored_passage_line(p, at);
    }
    stored_article_clear(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] % 2 == 0)
        check_map((const char *)data + 1, size - 1);
    else
        check_data((const char *)data + 1, size - 1);
    return 0;
}
