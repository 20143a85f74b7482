/*
 * reader.h — turns the bytes of one input (a Markdown, text, HTML, JSON or
 * JSON Lines file, or JSON Lines on stdin) into articles, handed one at a time
 * to a sink; problems are reported to the sink with the file and line and the
 * rest of the input goes on.
 *
 * Per format (reader_<format>.c): Markdown front matter (libyaml) and body
 * (cmark-gfm); plain text with optional "Key: value" header lines; HTML
 * (gumbo); JSON and JSON Lines (cJSON). Every string put into an article is
 * valid UTF-8; what every format shares (titles, dates, limits) is settled
 * in reader_emit. For JSON and JSON Lines, each record is one article: its
 * line is the record's first line in the file, its block byte ranges are
 * offsets in the record's decoded body text, and its ordinal counts every
 * record (bad ones too), so that fixing one record does not renumber the
 * others.
 */
#ifndef PASSIM_READER_H
#define PASSIM_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "passim.h"

/* Takes ownership of the article (article_free); nonzero stops. */
typedef int (*reader_article_fn)(article *a, void *ctx);
/* line 0: none. */
typedef void (*reader_problem_fn)(const char *path, unsigned int line,
                                  const char *reason, void *ctx);
/* n more bytes were read from a stream. */
typedef void (*reader_bytes_fn)(size_t n, void *ctx);

/* problem: an input (file or record) that was not read; warning: one that
 * was read and handed on with something left out (front matter it could
 * not read, a date it did not understand, text or metadata past an
 * article's limits), so it does not count as failed. */
typedef struct reader_sink {
    reader_article_fn article;
    reader_problem_fn problem;
    void *ctx;
    reader_bytes_fn bytes;     /* may be NULL; told only by
                                  reader_parse_jsonl_stream */
    reader_problem_fn warning; /* may be NULL: warnings are dropped */
} reader_sink;

typedef enum reader_format {
    READER_UNKNOWN,
    READER_MARKDOWN,
    READER_TEXT,
    READER_HTML,
    READER_JSON,
    READER_JSONL
} reader_format;

/* By extension, case-insensitive; "-" is JSONL. */
reader_format reader_format_for_path(const char *path);
const char *reader_format_name(reader_format f);
/* The i-th extension read ("md"), NULL past the last. */
const char *reader_extension(size_t i);

/* How far into a file a NUL byte makes it binary. */
#define READER_BINARY_PROBE 8192
/* Whether buf[0, len) holds a NUL within its first READER_BINARY_PROBE
 * bytes. */
bool reader_looks_binary(const char *buf, size_t len);

/* ASCII white space, the only kind that separates lines and words here. */
static inline bool reader_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* A whole file's bytes (the caller read it; <= max file size). PASSIM_OK
 * when the file was read as its format, even if some records were reported
 * and skipped; PASSIM_ERROR_INPUT when nothing could be read (also reported
 * via problem). */
passim_status reader_parse_buffer(reader_format fmt, const char *path,
                                  const char *buf, size_t len,
                                  const reader_sink *sink);
/* JSON Lines read from a stream line by line (stdin, or big .jsonl files): a
 * line longer than max_line is reported ("line too long") and skipped
 * WITHOUT being held in memory; bad lines reported with their line number.
 * max_line 0: no limit. A read error is reported and gives
 * PASSIM_ERROR_IO. */
passim_status reader_parse_jsonl_stream(const char *path, FILE *fp,
                                        size_t max_line,
                                        const reader_sink *sink);

#endif /* PASSIM_READER_H */
