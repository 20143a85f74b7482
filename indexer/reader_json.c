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
    size_t records;   /* seen, good or bad: the next record's ordinal */
    size_t articles;  /* handed to the sink */
    bool stop;        /* the sink asked to stop */
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
        return article_add_tag_list(a, v->valuestring,
                                    strlen(v->valuestring));
    const cJSON *item;
    cJSON_ArrayForEach(item, v) {
        if (!cJSON_IsString(item))
            continue;
        passim_status st = article_add_tag(a, item->valuestring);
        if (st != PASSIM_OK)
            return st;
    }
    return PASSIM_OK;
}

static passim_status set_fields(article *a, const cJSON *rec,
                                const char **body)
{
    int best = 3;
    const cJSON *v;
    char num[64];
    cJSON_ArrayForEach(v, rec) {
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
                st = slot ? article_set(slot, text, strlen(text))
                          : article_add_field(a, key, text);
        }
        if (st != PASSIM_OK)
            return st;
    }
    return PASSIM_OK;
}

/* One parsed record, starting on `line`; hash: XXH64 of its bytes. */
static passim_status read_record(json_reader *j, const cJSON *rec,
                                 uint64_t hash, unsigned int line)
{
    size_t ordinal = j->records++;
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
    switch (reader_emit(j->sink, a)) {
    case READER_EMITTED: j->articles++; break;
    case READER_STOP: j->articles++; j->stop = true; break;
    case READER_SKIPPED: break;
    }
    return PASSIM_OK;
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
    if (s[pos] == '\0')  /* cJSON takes it into a string, which ends there */
        reader_report(j->sink, j->path, line,
                      "invalid JSON at column %zu: a NUL byte (write \\u0000 "
                      "in a string)", col);
    else if ((s[pos] == '[' || s[pos] == '{') &&
             depth_at(s, pos) >= CJSON_NESTING_LIMIT)
        reader_report(j->sink, j->path, line,
                      "invalid JSON at column %zu: nested deeper than %d "
                      "levels", col, CJSON_NESTING_LIMIT);
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

/* Parses one JSON value at s[0, len); on failure reports it and returns
 * NULL. *end is where the value ends. */
static cJSON *parse_value(json_reader *j, const char *s, size_t len,
                          unsigned int line, size_t *end)
{
    const char *stop = NULL;
    cJSON *v = len ? cJSON_ParseWithLengthOpts(s, len, &stop, 0) : NULL;
    size_t at = stop ? (size_t)(stop - s) : 0;
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
        s += 3;  /* a byte order mark */
        len -= 3;
    }
    while (len && (s[len - 1] == '\r' || reader_is_space(s[len - 1])))
        len--;
    if (skip_space(s, 0, len) == len)
        return PASSIM_OK;  /* blank lines are no records */
    size_t end;
    cJSON *rec = parse_value(j, s, len, line, &end);
    if (!rec) {
        j->records++;
        return PASSIM_OK;
    }
    passim_status st = PASSIM_OK;
    end = skip_space(s, end, len);
    if (end < len) {
        j->records++;
        if (s[end] == '\0')
            report_error(j, s, end, line);
        else
            reader_report(j->sink, j->path, line,
                          "text after the JSON value at column %zu", end + 1);
    } else {
        uint64_t hash = XXH64(s, len, 0);
        if (release) {
            free(*release);
            *release = NULL;
        }
        st = read_record(j, rec, hash, line);
    }
    cJSON_Delete(rec);
    return st;
}

/* Stops (with one report) a stream whose first records are all bad. */
static void give_up_if_no_jsonl(json_reader *j, unsigned int line)
{
    if (j->articles || j->records < JSONL_GIVE_UP)
        return;
    reader_report(j->sink, j->path, line, "not JSON Lines: the first %d "
                  "records are all bad; the rest is not read", JSONL_GIVE_UP);
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
    for (size_t pos = from; pos < len && st == PASSIM_OK && !j.stop;
         line++) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t next = nl ? (size_t)(nl - buf) + 1 : len;
        st = read_line(&j, buf + pos, (nl ? next - 1 : len) - pos, line,
                       NULL);
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
                                     *cap > STREAM_RELEASE_ABOVE ? line
                                                                 : NULL);
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
                too_long = true;  /* the rest of it is read and dropped */
                llen = 0;
            }
            if (!too_long && llen + seg > lcap) {
                size_t cap = lcap ? lcap : 4096;
                while (cap < llen + seg)
                    cap *= 2;
                char *grown = realloc(line, cap);
                if (!grown) {
                    st = PASSIM_ERROR_NO_MEMORY;
                    break;
                }
                line = grown;
                lcap = cap;
            }
            if (!too_long && seg) {
                memcpy(line + llen, chunk + p, seg);
                llen += seg;
            }
            p += seg;
            if (!nl)
                break;
            p++;
            st = end_line(&j, &line, &lcap, llen, too_long, max_line,
                          lineno);
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

typedef struct json_record {
    cJSON *value;
    size_t start, end;
    unsigned int line;
} json_record;

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

static passim_status add_record(json_reader *j, json_cursor *c,
                                json_record **recs, size_t *n)
{
    size_t end;
    cJSON *v = parse_value(j, c->buf + c->pos, c->len - c->pos, c->line,
                           &end);
    if (!v)
        return PASSIM_ERROR_INPUT;
    if ((*n & (*n - 1)) == 0) {  /* capacity: the power of two at or above n */
        json_record *p = realloc(*recs, (*n ? 2 * *n : 1) * sizeof *p);
        if (!p) {
            cJSON_Delete(v);
            return PASSIM_ERROR_NO_MEMORY;
        }
        *recs = p;
    }
    (*recs)[(*n)++] = (json_record){v, c->pos, c->pos + end, c->line};
    c->pos += end;
    cursor_skip_space(c);
    return PASSIM_OK;
}

/* Parses the document's records (the elements of a top-level array, or the
 * one value) before handing any out, so that a malformed file gives no
 * articles rather than some. */
static passim_status parse_records(json_reader *j, const char *buf,
                                   size_t len, size_t from,
                                   json_record **out, size_t *count)
{
    json_cursor c = {buf, len, from, from, 1};
    json_record *recs = NULL;
    size_t n = 0;
    passim_status st = PASSIM_OK;
    cursor_skip_space(&c);
    if (c.pos == len) {
        reader_report(j->sink, j->path, 0, "no JSON value");
        st = PASSIM_ERROR_INPUT;
    } else if (buf[c.pos] != '[') {
        st = add_record(j, &c, &recs, &n);
    } else {
        c.pos++;
        cursor_skip_space(&c);
        bool more = c.pos == len || buf[c.pos] != ']';
        while (st == PASSIM_OK && more) {
            st = add_record(j, &c, &recs, &n);
            more = c.pos < len && buf[c.pos] == ',';
            if (st == PASSIM_OK && !more &&
                (c.pos == len || buf[c.pos] != ']')) {
                reader_report(j->sink, j->path, c.line,
                              "invalid JSON: expected ',' or ']'");
                st = PASSIM_ERROR_INPUT;
            }
            c.pos += st == PASSIM_OK;  /* past the ',' or ']' */
            cursor_skip_space(&c);
        }
        if (st == PASSIM_OK && n == 0) {  /* "[]" */
            c.pos++;
            cursor_skip_space(&c);
        }
    }
    if (st == PASSIM_OK && c.pos < len) {
        reader_report(j->sink, j->path, c.line,
                      "invalid JSON: text after the value");
        st = PASSIM_ERROR_INPUT;
    }
    if (st != PASSIM_OK) {
        for (size_t i = 0; i < n; i++)
            cJSON_Delete(recs[i].value);
        free(recs);
        recs = NULL;
        n = 0;
    }
    *out = recs;
    *count = n;
    return st;
}

passim_status reader_json(const char *path, const char *buf, size_t len,
                          size_t from, const reader_sink *sink)
{
    json_reader j = {path, sink, 0, 0, false};
    json_record *recs;
    size_t n;
    passim_status st = parse_records(&j, buf, len, from, &recs, &n);
    for (size_t i = 0; i < n; i++) {
        if (st == PASSIM_OK && !j.stop)
            st = read_record(&j, recs[i].value,
                             XXH64(buf + recs[i].start,
                                   recs[i].end - recs[i].start, 0),
                             recs[i].line);
        cJSON_Delete(recs[i].value);
    }
    free(recs);
    return result(&j, st);
}
