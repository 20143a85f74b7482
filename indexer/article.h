/*
 * article.h — one article as the readers hand it to the indexer: its fields
 * and its body as blocks of plain text (markup already removed), each with
 * the source line and byte range it came from.
 *
 * Readers (reader_*.c) produce articles; the passage splitter (passage.c)
 * groups blocks into passages; the batch indexer turns passages into Xapian
 * documents. Strings are malloc'd, NUL-terminated, owned by the article, and
 * valid UTF-8 (readers sanitize what they take in).
 */
#ifndef PASSIM_ARTICLE_H
#define PASSIM_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "passim.h"

typedef enum article_block_kind {
    BLOCK_PARAGRAPH,
    BLOCK_HEADING,
    BLOCK_LIST_ITEM,
    BLOCK_CODE,
    BLOCK_QUOTE
} article_block_kind;

/* Where a stretch of a block's text came from: text bytes from `text` on
 * start at source byte `source`, on line `line`. Readers record one where a
 * new source line (or text node) begins inside a block, so that the passage
 * splitter can give each piece of a long block its own line and byte range.
 * The block's start is an implicit first anchor. */
typedef struct article_anchor {
    size_t text;   /* byte offset in the block's text */
    size_t source; /* byte offset in the source */
    unsigned int line;
} article_anchor;

typedef struct article_block {
    char *text; /* plain text of the block, no markup */
    size_t len;
    unsigned int line; /* 1-based line of its first character */
    size_t start, end; /* byte range in the source: [start, end) */
    article_block_kind kind;
    article_anchor *anchors; /* sorted by text offset; may be NULL */
    size_t nanchors;
} article_block;

/* A key/value kept from front matter or JSON that has no field of its own. */
typedef struct article_field {
    char *key;
    char *value; /* scalars as text; lists joined by ", " */
} article_field;

/* What one article keeps, so that the memory it takes follows what is
 * indexed of it and not the shape of its input (a file of a million
 * one-word paragraphs, a record of a million tags). Past a limit the rest
 * is left out and counted below; reader_emit says so in a warning. An
 * article's first 2,000 passages, all the indexer keeps, need at most a
 * few MB of text: the text limit never shortens them in practice. */
#define ARTICLE_MAX_TEXT (32u << 20) /* blocks: text, anchors, records */
#define ARTICLE_MAX_VALUE 4096       /* one metadata value (id: refused) */
#define ARTICLE_MAX_TAGS 256
#define ARTICLE_MAX_FIELDS 64
#define ARTICLE_MAX_METADATA (16u << 10) /* tags and fields, keys included */

typedef struct article {
    char *id;     /* the format's id field, or NULL: the indexer then uses
                     the canonical path (plus "#N" for the N-th article of a
                     multi-article file without ids) */
    char *title;  /* never NULL; when the source has none, reader_emit
                     takes the first heading's text, else the first line
                     of the first block ("" only without text) */
    char *date;   /* as the source writes it while reading; "YYYY-MM-DD"
                     or NULL once reader_emit has read it (date.h) */
    char *source; /* or NULL */
    char **tags;
    size_t ntags;
    char *lang;    /* as written, or NULL (the indexer's default) */
    char *url;     /* or NULL */
    char *summary; /* or NULL */
    article_field *fields;
    size_t nfields;

    char *path;        /* the file it came from, "-" for stdin */
    unsigned int line; /* for JSON Lines: the line; else 1 */
    size_t ordinal;    /* index of the article within its file (0-based) */
    uint64_t hash;     /* XXH64 of the article's source bytes */

    article_block *blocks;
    size_t nblocks;

    /* Held and left out under the limits above. */
    size_t text_bytes, metadata_bytes;
    unsigned int cut_line; /* line of the first block left out, 0: none */
    size_t cut_tags, cut_fields, cut_values;
} article;

/* Allocation helpers, so readers never hand-roll them. */
article *article_new(const char *path);
void article_free(article *a);
/* Appends a block (copies text). PASSIM_ERROR_NO_MEMORY on failure. Past
 * ARTICLE_MAX_TEXT the block is left out (a->cut_line). */
passim_status article_add_block(article *a, const char *text, size_t len,
                                unsigned int line, size_t start, size_t end,
                                article_block_kind kind);
/* The same with anchors (copied; sorted by text offset, within the text),
 * which move with their text when sanitizing changes its length. */
passim_status article_add_block_anchored(article *a, const char *text,
                                         size_t len, unsigned int line,
                                         size_t start, size_t end,
                                         article_block_kind kind,
                                         const article_anchor *anchors,
                                         size_t nanchors);
/* Adds a tag with surrounding white space trimmed; empty tags are ignored.
 * Tags and fields past their limits are left out and counted. */
passim_status article_add_tag(article *a, const char *tag);
/* Adds each tag of a comma-separated list in list[0, len). */
passim_status article_add_tag_list(article *a, const char *list, size_t len);
passim_status article_add_field(article *a, const char *key, const char *value);
/* Replaces *slot (one of a's) with a sanitized copy of value[0, len), cut
 * to ARTICLE_MAX_VALUE bytes (counted), but for the id, which is kept
 * whole for reader_emit to refuse. */
passim_status article_set(article *a, char **slot, const char *value,
                          size_t len);
/* The slot of the single-valued field named `key` (ASCII case-insensitive:
 * id, title, date, source, lang, url, summary), or NULL for any other key.
 * Every reader maps its metadata keys through this, so that the formats
 * agree on names. */
char **article_slot(article *a, const char *key);

#endif /* PASSIM_ARTICLE_H */
