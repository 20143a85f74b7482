/* schema.c — the few computations on the schema that indexer and search must
 * do identically: terms for ids and paths, folded field values. */
#include "schema.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyzer.h"
#include "vec.h"

size_t schema_term(char buf[SCHEMA_TERM_MAX], const char *prefix,
                   const char *key, size_t key_len)
{
    size_t plen = strlen(prefix);
    /* A hashed key is the marker and a hex digit: a literal key starting
     * with the marker gets a second one, so it can never pass for a long
     * key's hash (and update or delete that article). */
    size_t escape = key_len > 0 && key[0] == SCHEMA_HASH_MARK;
    if (key_len <= SCHEMA_MAX_KEY_BYTES) {
        memcpy(buf, prefix, plen);
        buf[plen] = SCHEMA_HASH_MARK;
        memcpy(buf + plen + escape, key, key_len);
        buf[plen + escape + key_len] = '\0';
        return plen + escape + key_len;
    }
    return (size_t)snprintf(buf, SCHEMA_TERM_MAX, "%s%c%016llx", prefix,
                            SCHEMA_HASH_MARK,
                            (unsigned long long)XXH64(key, key_len, 0));
}

typedef struct fold_buffer {
    char *text;
    size_t len, cap;
    bool failed;
} fold_buffer;

static int fold_append(const analyzer_token *token, void *ctx)
{
    fold_buffer *b = ctx;
    if (!vec_reserve(b->text, b->cap, b->len + token->term_len + 2)) {
        b->failed = true;
        return 1;
    }
    if (b->len)
        b->text[b->len++] = ' ';
    memcpy(b->text + b->len, token->term, token->term_len);
    b->len += token->term_len;
    b->text[b->len] = '\0';
    return 0;
}

/* Field values are folded word by word with the analyzer (no stemming), so
 * "Cloud Partnerships", "cloud-partnerships" and "cloud partnerships" are the
 * same tag. Compounds contribute their parts, not the joined form. */
static int fold_append_unjoined(const analyzer_token *token, void *ctx)
{
    if (token->flags & ANALYZER_TOKEN_JOINED)
        return 0;
    return fold_append(token, ctx);
}

char *schema_fold_value(const char *value)
{
    fold_buffer b = {NULL, 0, 0, false};
    analyzer *a = NULL;
    if (analyzer_new(&a, "none", NULL) != PASSIM_OK)
        return NULL;
    b.text = calloc(1, 1);
    if (!b.text)
        goto out;
    b.cap = 1;
    if (analyzer_run(a, value, strlen(value), ANALYZER_FOR_DOCUMENT, 0,
                     fold_append_unjoined, &b, NULL) != PASSIM_OK ||
        b.failed) {
        free(b.text);
        b.text = NULL;
    }
out:
    analyzer_free(a);
    return b.text;
}
