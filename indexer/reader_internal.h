/*
 * reader_internal.h — what the format readers (reader_*.c) share and nothing
 * outside indexer/reader*.c uses: the per-format entry points behind
 * reader_parse_buffer, a builder for a block's text and anchors, reporting,
 * handing articles to the sink, and paragraphs of plain text.
 */
#ifndef PASSIM_READER_INTERNAL_H
#define PASSIM_READER_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "reader.h"

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

/* The text of an HTML fragment (a Markdown HTML block) html[0, len), at
 * file offset `base` (offsets kept at or below `limit`, the end of the
 * file: cmark's copy of the block can be longer than its source) and file
 * line `line`, added to the article as blocks
 * (markup, scripts and styles left out). gumbo allocates from the arena of
 * the run in progress, which a refusal leaves. A fragment too slow to parse
 * is not: *refused says why (else NULL). */
passim_status reader_html_fragment(article *a, const char *html, size_t len,
                                   size_t base, size_t limit, unsigned int line,
                                   const char **refused);

/* A block's anchors past its first READER_FREE_ANCHORS come at least
 * READER_ANCHOR_SPACING bytes of text apart: a long block of one-letter
 * lines keeps an anchor every few lines, not one a line (24 bytes each);
 * a passage starting inside it then takes the line of the anchor before
 * it, at most that many bytes of text earlier. A block keeps its first
 * READER_BLOCK_MAX bytes of text (far more than an article's first 2,000
 * passages hold); the rest counts as left out of the article. */
#define READER_FREE_ANCHORS 64
#define READER_ANCHOR_SPACING 32
#define READER_BLOCK_MAX (ARTICLE_MAX_TEXT / 2)

/* A block under construction: source text and anchors, made valid UTF-8
 * (anchors moving along) when the block is added to the article. A failed
 * allocation is remembered and returned by block_flush. */
typedef struct block_builder {
    char *text;
    size_t len, cap;
    article_anchor *anchors;
    size_t nanchors, acap;
    unsigned int line; /* of the block's first text */
    size_t start, end; /* source range */
    bool oom;
    unsigned int cut_line; /* where text past READER_BLOCK_MAX was left
                              out (about: its last anchor's), 0: none */
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

/* Tells fn (the sink's problem or warning callback, or NULL) the reason
 * made of fmt: reader_report a problem (the input, or some of it, is not
 * read), reader_warn a warning (it is read with something left out), see
 * reader_sink. */
void reader_tell(const reader_sink *sink, reader_problem_fn fn,
                 const char *path, unsigned int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define reader_report(sink, ...)                                               \
    reader_tell((sink), (sink)->problem, __VA_ARGS__)
#define reader_warn(sink, ...) reader_tell((sink), (sink)->warning, __VA_ARGS__)

typedef enum reader_emitted {
    READER_EMITTED, /* the sink took it */
    READER_SKIPPED, /* nothing in it: reported and freed */
    READER_STOP     /* the sink took it and asked to stop */
} reader_emitted;
/* Hands an article to the sink, unless it has neither title nor text. */
reader_emitted reader_emit(const reader_sink *sink, article *a);

/* What the parsers of one file or record (cmark, gumbo, and the estimate
 * of cJSON's tree) may allocate: past it, the input is reported as too
 * large or too complex to parse and skipped, so that one file cannot take
 * a run's memory (64 MiB holds the parse of about 8 MB of Markdown prose,
 * 16 MB of HTML). */
#define READER_PARSE_BUDGET (64u << 20)

/* A budget of memory for a parser that cannot survive a failed allocation
 * (cmark aborts, gumbo dereferences the NULL): an allocation past the
 * budget, or one malloc refuses, leaves the parse by longjmp to
 * reader_arena_run, and every block still held is freed by
 * reader_arena_release. */
typedef struct reader_arena {
    size_t used, limit;
    union arena_header *blocks; /* held, newest first */
    jmp_buf *escape;
    bool over; /* the last refusal was for the budget (else no memory) */
} reader_arena;

void reader_arena_init(reader_arena *a, size_t limit);
/* Runs fn(ctx) with `a` as the arena of this thread: true when fn returned,
 * false when an allocation was refused (fn was left where it stood: what
 * it allocated outside the arena is the caller's to free). */
bool reader_arena_run(reader_arena *a, void (*fn)(void *ctx), void *ctx);
/* The arena of the run in progress on this thread, or NULL. */
reader_arena *reader_arena_current(void);
/* Allocations never return NULL: a refusal leaves the run (they are made
 * inside one; freeing is fine anywhere). */
void *reader_arena_alloc(reader_arena *a, size_t size);
void *reader_arena_calloc(reader_arena *a, size_t n, size_t size);
void *reader_arena_realloc(reader_arena *a, void *p, size_t size);
void reader_arena_free(reader_arena *a, void *p);
/* Frees every block still held (after a refused run, or a finished one). */
void reader_arena_release(reader_arena *a);

#endif /* PASSIM_READER_INTERNAL_H */
