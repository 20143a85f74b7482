/*
 * article.c — allocation of articles, and the one place where text read from
 * a source is made valid UTF-8 before it enters an article.
 */
#include "article.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyzer.h"
#include "reader.h"
#include "vec.h"

article *article_new(const char *path)
{
    article *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->title = strdup("");
    a->path = strdup(path ? path : "");
    a->line = 1;
    if (!a->title || !a->path) {
        article_free(a);
        return NULL;
    }
    return a;
}

void article_free(article *a)
{
    if (!a)
        return;
    free(a->id);
    free(a->title);
    free(a->date);
    free(a->source);
    for (size_t i = 0; i < a->ntags; i++)
        free(a->tags[i]);
    free(a->tags);
    free(a->lang);
    free(a->url);
    free(a->summary);
    for (size_t i = 0; i < a->nfields; i++) {
        free(a->fields[i].key);
        free(a->fields[i].value);
    }
    free(a->fields);
    free(a->path);
    for (size_t i = 0; i < a->nblocks; i++) {
        free(a->blocks[i].text);
        free(a->blocks[i].anchors);
    }
    free(a->blocks);
    free(a);
}

/* value[0, len) cut to at most max bytes, at a word's end when there is one
 * in its second half, else before a UTF-8 lead byte. */
static size_t cut_length(const char *value, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t cut = max;
    while (cut > max / 2 && !reader_is_space(value[cut]))
        cut--;
    if (cut == max / 2) {
        cut = max;
        while (cut && ((unsigned char)value[cut] & 0xC0) == 0x80)
            cut--;
    }
    while (cut && reader_is_space(value[cut - 1]))
        cut--;
    return cut;
}

passim_status article_set(article *a, char **slot, const char *value,
                          size_t len)
{
    if (slot != &a->id && len > ARTICLE_MAX_VALUE) {
        len = cut_length(value, len, ARTICLE_MAX_VALUE);
        a->cut_values++;
    }
    char *copy = analyzer_sanitize_utf8(value, len, NULL);
    if (!copy)
        return PASSIM_ERROR_NO_MEMORY;
    free(*slot);
    *slot = copy;
    return PASSIM_OK;
}

/* Sanitizes a block's text, moving its anchors (sorted, within the text)
 * with the text they point at when replacements change lengths. */
static char *sanitize_anchored(const char *text, size_t len,
                               article_anchor *anchors, size_t n,
                               size_t *out_len)
{
    char *whole = analyzer_sanitize_utf8(text, len, out_len);
    if (!whole || *out_len == len || !n)
        return whole;
    free(whole);
    /* piece by piece between anchors; a byte becomes at most 3 */
    char *out = malloc(3 * len + 1);
    size_t o = 0, from = 0;
    if (!out)
        return NULL;
    for (size_t k = 0; k <= n; k++) {
        size_t to = k < n ? anchors[k].text : len, piece_len;
        char *piece =
            analyzer_sanitize_utf8(text + from, to - from, &piece_len);
        if (!piece) {
            free(out);
            return NULL;
        }
        memcpy(out + o, piece, piece_len);
        free(piece);
        o += piece_len;
        if (k < n)
            anchors[k].text = o;
        from = to;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

passim_status article_add_block_anchored(article *a, const char *text,
                                         size_t len, unsigned int line,
                                         size_t start, size_t end,
                                         article_block_kind kind,
                                         const article_anchor *anchors,
                                         size_t nanchors)
{
    size_t bytes =
        sizeof(article_block) + len + nanchors * sizeof(article_anchor);
    if (a->cut_line || bytes > ARTICLE_MAX_TEXT - a->text_bytes) {
        if (!a->cut_line)
            a->cut_line = line ? line : 1;
        return PASSIM_OK;
    }
    if (!vec_reserve_implied(a->blocks, a->nblocks))
        return PASSIM_ERROR_NO_MEMORY;
    a->text_bytes += bytes;
    article_block b = {.line = line,
                       .start = start,
                       .end = end,
                       .kind = kind,
                       .nanchors = nanchors};
    if (nanchors) {
        b.anchors = malloc(nanchors * sizeof *anchors);
        if (!b.anchors)
            return PASSIM_ERROR_NO_MEMORY;
        memcpy(b.anchors, anchors, nanchors * sizeof *anchors);
    }
    b.text = sanitize_anchored(text, len, b.anchors, nanchors, &b.len);
    if (!b.text) {
        free(b.anchors);
        return PASSIM_ERROR_NO_MEMORY;
    }
    a->blocks[a->nblocks++] = b;
    return PASSIM_OK;
}

passim_status article_add_block(article *a, const char *text, size_t len,
                                unsigned int line, size_t start, size_t end,
                                article_block_kind kind)
{
    return article_add_block_anchored(a, text, len, line, start, end, kind,
                                      NULL, 0);
}

static passim_status add_tag(article *a, const char *tag, size_t len)
{
    while (len && reader_is_space(*tag)) {
        tag++;
        len--;
    }
    while (len && reader_is_space(tag[len - 1]))
        len--;
    if (!len)
        return PASSIM_OK;
    len = cut_length(tag, len, ARTICLE_MAX_VALUE);
    if (a->ntags == ARTICLE_MAX_TAGS ||
        len > ARTICLE_MAX_METADATA - a->metadata_bytes) {
        a->cut_tags++;
        return PASSIM_OK;
    }
    if (!vec_reserve_implied(a->tags, a->ntags))
        return PASSIM_ERROR_NO_MEMORY;
    char *copy = analyzer_sanitize_utf8(tag, len, NULL);
    if (!copy)
        return PASSIM_ERROR_NO_MEMORY;
    a->tags[a->ntags++] = copy;
    a->metadata_bytes += len;
    return PASSIM_OK;
}

passim_status article_add_tag(article *a, const char *tag)
{
    return add_tag(a, tag, strlen(tag));
}

passim_status article_add_tag_list(article *a, const char *list, size_t len)
{
    const char *end = list + len;
    while (list < end) {
        const char *comma = memchr(list, ',', (size_t)(end - list));
        const char *stop = comma ? comma : end;
        passim_status st = add_tag(a, list, (size_t)(stop - list));
        if (st != PASSIM_OK)
            return st;
        list = comma ? comma + 1 : end;
    }
    return PASSIM_OK;
}

passim_status article_add_field(article *a, const char *key, const char *value)
{
    size_t key_len = cut_length(key, strlen(key), ARTICLE_MAX_VALUE);
    size_t value_len = cut_length(value, strlen(value), ARTICLE_MAX_VALUE);
    if (a->nfields == ARTICLE_MAX_FIELDS ||
        key_len + value_len > ARTICLE_MAX_METADATA - a->metadata_bytes) {
        a->cut_fields++;
        return PASSIM_OK;
    }
    if (!vec_reserve_implied(a->fields, a->nfields))
        return PASSIM_ERROR_NO_MEMORY;
    article_field f = {analyzer_sanitize_utf8(key, key_len, NULL),
                       analyzer_sanitize_utf8(value, value_len, NULL)};
    if (!f.key || !f.value) {
        free(f.key);
        free(f.value);
        return PASSIM_ERROR_NO_MEMORY;
    }
    a->fields[a->nfields++] = f;
    a->metadata_bytes += key_len + value_len;
    return PASSIM_OK;
}

char **article_slot(article *a, const char *key)
{
    if (!strcasecmp(key, "id"))
        return &a->id;
    if (!strcasecmp(key, "title"))
        return &a->title;
    if (!strcasecmp(key, "date"))
        return &a->date;
    if (!strcasecmp(key, "source"))
        return &a->source;
    if (!strcasecmp(key, "lang"))
        return &a->lang;
    if (!strcasecmp(key, "url"))
        return &a->url;
    if (!strcasecmp(key, "summary"))
        return &a->summary;
    return NULL;
}
