/*
 * stored.h — an article's stored data (core/schema.h) read back: its fields,
 * its text and where each passage's text is, and the source line of any byte
 * of a passage's text.
 */
#ifndef PASSIM_STORED_H
#define PASSIM_STORED_H

#include <stddef.h>

#include <cJSON.h>

#include "passim.h"

typedef struct stored_passage {
    unsigned int line;         /* of its first character */
    size_t text_from, text_to; /* in stored_article.text */
    const cJSON *entry;        /* its map entry, for the lines */
} stored_passage;

typedef struct stored_article {
    cJSON *root;
    /* Owned by root; NULL when absent (id, title, path and text never are). */
    const char *id, *title, *date, *source, *lang, *url, *summary, *path;
    const char *text;
    size_t text_len;
    const cJSON *tags;        /* array of strings, or NULL */
    const cJSON *fields;      /* object of other front-matter keys, or NULL */
    stored_passage *passages; /* in article order */
    size_t npassages;
} stored_article;

/* Parses a document's data. PASSIM_ERROR_CORRUPT when it is not an article
 * of this schema, PASSIM_ERROR_NO_MEMORY. On failure *out is cleared. */
passim_status stored_article_parse(stored_article *out, const char *data,
                                   size_t len);
void stored_article_clear(stored_article *a);

/* The source line of byte `offset` of passage p's text. */
unsigned int stored_passage_line(const stored_passage *p, size_t offset);

#endif /* PASSIM_STORED_H */
