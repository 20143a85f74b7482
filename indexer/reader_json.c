/*
 * reader_json.c — JSON articles (.json: one object or an array of them) and
 * JSON Lines (one object per line, from a buffer or streamed), through cJSON.
 * Each record is one article; a bad record is reported with its line and
 * skipped. Known keys map to the article's fields, the body (body, text or
 * content) is split into paragraphs at blank lines, other scalar keys are
 * kept as fields.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <xxhash.h>

#include "reader_internal.h"
#include "vec.h"

#define STREAM_CHUNK 65536
/* A streamed line buffer above this size is freed as soon as its record is
 * parsed and hashed, so that a huge record's bytes are not held three times
 * (line, parse tree, article) while it is indexed. */
#define STREAM_RELEASE_ABOVE (1024 * 1024)
/* Bad records before any good one after which a stream is taken for no
 * JSON Lines at all (binary, or mis-named): one line says so rather than
 * one line per record of a 100 MB file. */
#define JSONL_GIVE_UP 100

typedef struct json_reader {
    const char *path;
    const reader_sink *sink;
    size_t records;  /* seen, good or bad: the next record's ordinal */
    size_t articles; /* handed to the sink */
    bool stop;       /* the sink asked to stop */
} json_reader;

/* The body keys, best first. */
static int body_rank(const char *key)
{
    static const char *const keys[] = {"body", "text", "content"};
    for (int i = 0; i < 3; i++)
        if (!strcasecmp(key, keys[i]))
            return i;
    return -1;
}

/* A scalar as text into buf (strings are returned as they are); NULL for
 * null, arrays and objects. */
static const char *scalar_text(const cJSON *v, char *buf, size_t size)
{
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsBool(v))
        return cJSON_IsTrue(v) ? "true" : "false";
    if (!cJSON_IsNumber(v))
        return NULL;
    double d = v->valuedouble;
    /* an integer a double holds exactly (range first: the cast of a larger
     * value is undefined) */
    if (d > -9007199254740992.0 && d < 9007199254740992.0 &&
        d == (double)(long long)d)
        snprintf(buf, size, "%lld", (long long)d);
    else
        snprintf(buf, size, "%.17g", d);
    return buf;
}

static passim_status set_tags(article *a, const cJSON *v)
{
    if (cJSON_IsString(v))
        return article_add_tag_list(a, v->valuestring, strlen(v->valuestring));
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        if (!cJSON_IsString(item))
            continue;
        passim_status st = article_add_tag(a, item->valuestring);
        if (st != PASSIM_OK)
            return st;
    }
    return PASSIM_OK;
}

static passim_status set_fields(article *a, const cJSON *rec, const char **body)
{
    int best = 3;
    const cJSON *v;
    char num[64];
    cJSON_ArrayForEach(v, rec)
    {
        const char *key = v->string;
        int rank = body_rank(key);
        passim_status st = PASSIM_OK;
        if (rank >= 0) {
            if (cJSON_IsString(v) && rank < best) {
                *body = v->valuestring;
                best = rank;
            }
            continue;
        }
        if (!strcasecmp(key, "tags")) {
            st = set_tags(a, v);
        } else {
            const char *text = scalar_text(v, num, sizeof num);
            char **slot = article_slot(a, key);
            if (text)
                st = slot ? article_set(a, slot, text, strlen(text))
                          : article_add_field(a, key, text);
        }
        if (st != PASSIM_OK)
            return st;
    }
    return PASSIM_OK;
}

/* The article of one parsed record, starting on `line` (hash: XXH64 of its
 * bytes), or NULL with *out when it is not an object (reported). The
 * record's tree can go before the article is handed on. */
static passim_status record_article(json_reader *j, const cJSON *rec,
                                    uint64_t hash, unsigned int line,
                                    article **out)
{
    size_t ordinal = j->records++;
    *out = NULL;
    if (!cJSON_IsObject(rec)) {
        reader_report(j->sink, j->path, line, "record is not a JSON object");
        return PASSIM_OK;
    }
    article *a = article_new(j->path);
    if (!a)
        return PASSIM_ERROR_NO_MEMORY;
    a->line = line;
    a->ordinal = ordinal;
    a->hash = hash;
    const char *body = NULL;
    passim_status st = set_fields(a, rec, &body);
    if (st == PASSIM_OK && body)
        st = reader_add_paragraphs(a, body, strlen(body), 0, line, true,
                                   BLOCK_PARAGRAPH);
    if (st != PASSIM_OK) {
        article_free(a);
        return st;
    }
    *out = a;
    return PASSIM_OK;
}

static void emit_record(json_reader *j, article *a)
{
    if (!a)
        return;
    switch (reader_emit(j->sink, a)) {
    case READER_EMITTED:
        j->articles++;
        break;
    case READER_STOP:
        j->articles++;
        j->stop = true;
        break;
    case READER_SKIPPED:
        break;
    }
}

/* Reads a parsed record into an article, frees the record, hands the
 * article on. */
static passim_status take_record(json_reader *j, cJSON *rec, uint64_t hash,
                                 unsigned int line)
{
    article *a;
    passim_status st = record_article(j, rec, hash, line, &a);
    cJSON_Delete(rec);
    emit_record(j, a);
    return st;
}

/* About how many items cJSON makes of the JSON value at s[0, len), read to
 * its end (a ',' or a closing bracket at its own level, or len): one for
 * the value and one more for each comma and opening bracket inside it,
 * outside strings. *end: where the scan stopped. Malformed text gives some
 * count, and cJSON says it is malformed. */
static size_t count_items(const char *s, size_t len, size_t *end)
{
    size_t items = 1, depth = 0, i = 0;
    bool in_string = false;
    for (; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            depth++;
            items++;
        } else if (c == ']' || c == '}' || c == ',') {
            if (depth == 0)
                break;
            depth -= c != ',';
            items += c == ',';
        }
    }
    *end = i < len ? i : len;
    return items;
}

/* Nesting depth at s[pos], counting brackets outside strings. cJSON gives
 * up at an opening bracket either because it is misplaced or because it is
 * nested deeper than CJSON_NESTING_LIMIT; this tells the two apart. */
static size_t depth_at(const char *s, size_t pos)
{
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < pos; i++) {
        if (in_string) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_string = false;
        } else if (s[i] == '"') {
            in_string = true;
        } else if (s[i] == '[' || s[i] == '{') {
            depth++;
        } else if ((s[i] == ']' || s[i] == '}') && depth) {
            depth--;
        }
    }
    return depth;
}

/* Reports a parse error at s[pos] of a record that starts at s[0] on file
 * line `line`; the reported line and column are those of the error. */
static void report_error(json_reader *j, const char *s, size_t pos,
                         unsigned int line)
{
    size_t col = 1;
    for (size_t i = 0; i < pos; i++) {
        if (s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    if (s[pos] == '\0') /* cJSON takes it into a string, which ends there */
        reader_report(j->sink, j->path, line,
                      "invalid JSON at column %zu: a NUL byte (write \\u0000 "
                      "in a string)",
                      col);
    else if ((s[pos] == '[' || s[pos] == '{') &&
             depth_at(s, pos) >= CJSON_NESTING_LIMIT)
        reader_report(j->sink, j->path, line,
                      "invalid JSON at column %zu: nested deeper than %d "
                      "levels",
                      col, CJSON_NESTING_LIMIT);
    else
        reader_report(j->sink, j->path, line, "invalid JSON at column %zu",
                      col);
}

static size_t skip_space(const char *s, size_t pos, size_t len)
{
    while (pos < len && reader_is_space(s[pos]))
        pos++;
    return pos;
}

/* What one cJSON item costs: the item, malloc's overhead and a key. */
#define JSON_ITEM_BYTES 112

/* Parses one JSON value at s[0, len); on failure reports it and returns
 * NULL. *end is where the value ends; *too_large: the value was not parsed
 * for its size (and *end is past it as far as brackets tell). */
static cJSON *parse_value(json_reader *j, const char *s, size_t len,
                          unsigned int line, size_t *end, bool *too_large)
{
    const char *stop = NULL;
    size_t items = count_items(s, len, end);
    *too_large = items > READER_PARSE_BUDGET / JSON_ITEM_BYTES;
    if (*too_large) {
        reader_report(j->sink, j->path, line,
                      "JSON record too large to "
                      "parse within %u MiB (about %zu values), not indexed",
                      READER_PARSE_BUDGET >> 20, items);
        return NULL;
    }
    errno = 0;
    cJSON *v = len ? cJSON_ParseWithLengthOpts(s, len, &stop, 0) : NULL;
    size_t at = stop ? (size_t)(stop - s) : 0;
    if (!v && errno == ENOMEM) { /* malloc's, not the text's */
        reader_report(j->sink, j->path, line,
                      "out of memory while parsing "
                      "JSON");
        *end = at;
        return NULL;
    }
    const char *nul = v ? memchr(s, '\0', at) : NULL;
    if (nul) {
        cJSON_Delete(v);
        v = NULL;
        at = (size_t)(nul - s);
    }
    if (!v && !len)
        reader_report(j->sink, j->path, line, "invalid JSON: unexpected end");
    else if (!v)
        report_error(j, s, at < len ? at : len - 1, line);
    *end = at;
    return v;
}

/* ---- JSON Lines ---- */

/* One line's record. When `release` is not NULL it owns the bytes s points
 * into, and is freed (and set to NULL) once the record is parsed. */
static passim_status read_line(json_reader *j, const char *s, size_t len,
                               unsigned int line, char **release)
{
    if (line == 1 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3; /* a byte order mark */
        len -= 3;
    }
    while (len && (s[len - 1] == '\r' || reader_is_space(s[len - 1])))
        len--;
    if (skip_space(s, 0, len) == len)
        return PASSIM_OK; /* blank lines are no records */
    size_t end;
    bool too_large;
    cJSON *rec = parse_value(j, s, len, line, &end, &too_large);
    if (!rec) {
        j->records++;
        return PASSIM_OK;
    }
    end = skip_space(s, end, len);
    if (end < len) {
        j->records++;
        if (s[end] == '\0')
            report_error(j, s, end, line);
        else
            reader_report(j->sink, j->path, line,
                          "text after the JSON value at column %zu", end + 1);
        cJSON_Delete(rec);
        return PASSIM_OK;
    }
    uint64_t hash = XXH64(s, len, 0);
    if (release) {
        free(*release);
        *release = NULL;
    }
    return take_record(j, rec, hash, line);
}

/* Stops (with one report) a stream whose first records are all bad. */
static void give_up_if_no_jsonl(json_reader *j, unsigned int line)
{
    if (j->articles || j->records < JSONL_GIVE_UP)
        return;
    reader_report(j->sink, j->path, line,
                  "not JSON Lines: the first %d "
                  "records are all bad; the rest is not read",
                  JSONL_GIVE_UP);
    j->stop = true;
}

static passim_status result(const json_reader *j, passim_status st)
{
    if (st == PASSIM_OK && j->records && !j->articles)
        return PASSIM_ERROR_INPUT;
    return st;
}

passim_status reader_jsonl(const char *path, const char *buf, size_t len,
                           size_t from, const reader_sink *sink)
{
    json_reader j = {path, sink, 0, 0, false};
    passim_status st = PASSIM_OK;
    unsigned int line = 1;
    for (size_t pos = from; pos < len && st == PASSIM_OK && !j.stop; line++) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t next = nl ? (size_t)(nl - buf) + 1 : len;
        st = read_line(&j, buf + pos, (nl ? next - 1 : len) - pos, line, NULL);
        give_up_if_no_jsonl(&j, line);
        pos = next;
    }
    return result(&j, st);
}

/* A streamed line has ended: (*line)[0, len) was read, or it was longer
 * than max_line and dropped. A large buffer is freed (*line set to NULL,
 * *cap to 0) once its record is parsed. */
static passim_status end_line(json_reader *j, char **line, size_t *cap,
                              size_t len, bool too_long, size_t max_line,
                              unsigned int lineno)
{
    if (!too_long) {
        passim_status st = read_line(j, *line, len, lineno,
                                     *cap > STREAM_RELEASE_ABOVE ? line : NULL);
        if (!*line)
            *cap = 0;
        return st;
    }
    j->records++;
    reader_report(j->sink, j->path, lineno,
                  "line too long (more than %zu bytes)", max_line);
    return PASSIM_OK;
}

passim_status reader_parse_jsonl_stream(const char *path, FILE *fp,
                                        size_t max_line,
                                        const reader_sink *sink)
{
    if (!path || !fp || !sink || !sink->article)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    json_reader j = {path, sink, 0, 0, false};
    passim_status st = PASSIM_OK;
    char *chunk = malloc(STREAM_CHUNK), *line = NULL;
    size_t llen = 0, lcap = 0, n;
    unsigned int lineno = 1;
    bool too_long = false, pending = false;
    if (!chunk)
        return PASSIM_ERROR_NO_MEMORY;
    while (st == PASSIM_OK && !j.stop &&
           (n = fread(chunk, 1, STREAM_CHUNK, fp)) > 0) {
        if (sink->bytes)
            sink->bytes(n, sink->ctx);
        for (size_t p = 0; p < n && st == PASSIM_OK && !j.stop;) {
            const char *nl = memchr(chunk + p, '\n', n - p);
            size_t seg = nl ? (size_t)(nl - chunk) - p : n - p;
            pending = true;
            if (!too_long && max_line && llen + seg > max_line) {
                too_long = true; /* the rest of it is read and dropped */
                llen = 0;
            }
            if (!too_long && !vec_reserve(line, lcap, llen + seg)) {
                st = PASSIM_ERROR_NO_MEMORY;
                break;
            }
            if (!too_long && seg) {
                memcpy(line + llen, chunk + p, seg);
                llen += seg;
            }
            p += seg;
            if (!nl)
                break;
            p++;
            st = end_line(&j, &line, &lcap, llen, too_long, max_line, lineno);
            give_up_if_no_jsonl(&j, lineno);
            lineno++;
            llen = 0;
            too_long = false;
            pending = false;
        }
    }
    if (ferror(fp)) {
        reader_report(sink, path, lineno, "read error: %s", strerror(errno));
        st = PASSIM_ERROR_IO;
    } else if (st == PASSIM_OK && !j.stop && pending) {
        st = end_line(&j, &line, &lcap, llen, too_long, max_line, lineno);
    }
    free(chunk);
    free(line);
    return result(&j, st);
}

/* ---- JSON ---- */

/* Where a parse of buf has got to: `line` is the line of buf[pos]. */
typedef struct json_cursor {
    const char *buf;
    size_t len, pos, counted;
    unsigned int line;
} json_cursor;

static void cursor_skip_space(json_cursor *c)
{
    c->pos = skip_space(c->buf, c->pos, c->len);
    for (; c->counted < c->pos; c->counted++)
        c->line += c->buf[c->counted] == '\n';
}

/* One record at the cursor: checked only (parsed and freed), or read and
 * handed on (emit). One too large to parse is skipped, and reported when
 * emitting; a malformed one is reported and ends the document. */
static passim_status each_record(json_reader *j, json_cursor *c, bool emit)
{
    size_t start = c->pos, end;
    bool too_large;
    json_reader quiet = *j;
    quiet.sink = &(reader_sink){0};
    cJSON *v = parse_value(emit ? j : &quiet, c->buf + start, c->len - start,
                           c->line, &end, &too_large);
    if (!v && !too_large) {
        if (!emit) /* malformed: said once, on the check */
            parse_value(j, c->buf + start, c->len - start, c->line, &end,
                        &too_large);
        return PASSIM_ERROR_INPUT;
    }
    unsigned int line = c->line;
    c->pos += end;
    cursor_skip_space(c);
    if (!emit) {
        cJSON_Delete(v);
        return PASSIM_OK;
    }
    if (too_large) {
        j->records++;
        return PASSIM_OK;
    }
    return take_record(j, v, XXH64(c->buf + start, end, 0), line);
}

/* Goes through the document's records (the elements of a top-level array,
 * or the one value): checking them all, or reading them (emit). */
static passim_status each_record_of(json_reader *j, const char *buf, size_t len,
                                    size_t from, bool emit)
{
    json_cursor c = {buf, len, from, from, 1};
    passim_status st = PASSIM_OK;
    cursor_skip_space(&c);
    if (c.pos == len) {
        reader_report(j->sink, j->path, 0, "no JSON value");
        return PASSIM_ERROR_INPUT;
    }
    if (buf[c.pos] != '[') {
        st = each_record(j, &c, emit);
    } else {
        c.pos++;
        cursor_skip_space(&c);
        bool more = c.pos == len || buf[c.pos] != ']';
        size_t n = 0;
        while (st == PASSIM_OK && more && !j->stop) {
            st = each_record(j, &c, emit);
            n++;
            more = c.pos < len && buf[c.pos] == ',';
            if (st == PASSIM_OK && !more &&
                (c.pos == len || buf[c.pos] != ']')) {
                reader_report(j->sink, j->path, c.line,
                              "invalid JSON: expected ',' or ']'");
                st = PASSIM_ERROR_INPUT;
            }
            c.pos += st == PASSIM_OK; /* past the ',' or ']' */
            cursor_skip_space(&c);
        }
        if (st == PASSIM_OK && n == 0) { /* "[]" */
            c.pos++;
            cursor_skip_space(&c);
        }
    }
    if (st == PASSIM_OK && !j->stop && c.pos < len) {
        reader_report(j->sink, j->path, c.line,
                      "invalid JSON: text after the value");
        st = PASSIM_ERROR_INPUT;
    }
    return st;
}

/* Two passes: a malformed file gives no articles rather than some, and
 * only one record's tree is held at a time. */
passim_status reader_json(const char *path, const char *buf, size_t len,
                          size_t from, const reader_sink *sink)
{
    json_reader j = {path, sink, 0, 0, false};
    passim_status st = each_record_of(&j, buf, len, from, false);
    if (st == PASSIM_OK)
        st = each_record_of(&j, buf, len, from, true);
    return result(&j, st);
}
