/*
 * reader_internal.h — what the format readers (reader_*.c) share and nothing
 * outside indexer/reader*.c uses: the per-format entry points behind
 * reader_parse_buffer, a builder for a block's text and anchors, reporting,
 * handing articles to the sink, and paragraphs of plain text.
 */
#ifndef PASSIM_READER_INTERNAL_H
#define PASSIM_READER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "reader.h"

/* How far into a file a NUL byte makes it binary. */
#define READER_BINARY_PROBE 8192
/* Longest title made from a first line or heading (cut between words). */
#define READER_DERIVED_TITLE_MAX 200

/* Per-format readers of a whole file: buf[0, len) is the file and reading
 * starts at `from` (after a byte order mark); offsets are into buf. */
passim_status reader_markdown(const char *path, const char *buf, size_t len,
                              size_t from, const reader_sink *sink);
passim_status reader_text(const char *path, const char *buf, size_t len,
                          size_t from, const reader_sink *sink);
passim_status reader_html(const char *path, const char *buf, size_t len,
                          size_t from, const reader_sink *sink);
passim_status reader_json(const char *path, const char *buf, size_t len,
                          size_t from, const reader_sink *sink);
passim_status reader_jsonl(const char *path, const char *buf, size_t len,
                           size_t from, const reader_sink *sink);

/* A block under construction: source text and anchors, made valid UTF-8
 * (anchors moving along) when the block is added to the article. A failed
 * allocation is remembered and returned by block_flush. */
typedef struct block_builder {
    char *text;
    size_t len, cap;
    article_anchor *anchors;
    size_t nanchors, acap;
    unsigned int line;  /* of the block's first text */
    size_t start, end;  /* source range */
    bool oom;
} block_builder;

/* Marks where the text appended next comes from; before any text, this sets
 * the block's line and start. */
void block_anchor(block_builder *b, size_t source, unsigned int line);
/* Appends source text (white space at the start of a block is dropped). */
void block_text(block_builder *b, const char *s, size_t n);
/* Adds the block to the article if it holds more than white space (trailing
 * white space is dropped), then empties the builder for the next block. */
passim_status block_flush(block_builder *b, article *a,
                          article_block_kind kind);
void block_builder_free(block_builder *b);

/* Adds the paragraphs of text[0, len) (runs of lines between blank lines) as
 * blocks of `kind`. Source offsets are base + offsets in text. Lines count
 * from `line`, or all are `line` when fixed_line (a JSON body, whose lines
 * are not lines of the file). */
passim_status reader_add_paragraphs(article *a, const char *text, size_t len,
                                    size_t base, unsigned int line,
                                    bool fixed_line, article_block_kind kind);

/* A new article for the file buf[0, len) at `path`, its hash taken over the
 * whole file (byte order mark included); NULL when memory runs out. */
article *reader_file_article(const char *path, const char *buf, size_t len);

/* Sets the article's title from text[0, len) (trimmed, cut between words
 * after READER_DERIVED_TITLE_MAX bytes) unless it already has one. */
passim_status reader_derive_title(article *a, const char *text, size_t len);

bool reader_looks_binary(const char *buf, size_t len);

/* A problem (the input, or some of it, is not read) and a warning (it is
 * read with something left out): see reader_sink. */
void reader_report(const reader_sink *sink, const char *path,
                   unsigned int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void reader_warn(const reader_sink *sink, const char *path,
                 unsigned int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

typedef enum reader_emitted {
    READER_EMITTED,  /* the sink took it */
    READER_SKIPPED,  /* nothing in it: reported and freed */
    READER_STOP      /* the sink took it and asked to stop */
} reader_emitted;
/* Hands an article to the sink, unless it has neither title nor text. */
reader_emitted reader_emit(const reader_sink *sink, article *a);

/* Allocators for the parsers that cannot survive a failed allocation
 * (cmark aborts, gumbo dereferences the NULL): when memory runs out they
 * end the process as a failed run does, "passim: out of memory" and exit
 * status 3, leaving the database as it was at its last commit. */
void *reader_must_calloc(size_t n, size_t size);
void *reader_must_realloc(void *p, size_t size);

/* ASCII white space, the only kind that separates lines and words here. */
static inline bool reader_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

#endif /* PASSIM_READER_INTERNAL_H */
