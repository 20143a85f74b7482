/* document.c — an article as one Xapian document with its passage map (see
 * core/schema.h for the layout this writes). */
#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "date.h"
#include "db.h"
#include "passage_map.h"
#include "schema.h"
#include "vec.h"

/* Receives the analyzer's tokens for one field of one document. */
typedef struct term_sink {
    xc_doc *doc;
    const char *plain_prefix;    /* "" for the body, "S" for the title */
    const char *stem_prefix;     /* "Z" or "ZS" */
    bool compounds;              /* record the compound dictionary (body) */
    char parts[SCHEMA_TERM_MAX]; /* parts of the compound being read */
    size_t parts_len;
    passim_status st;
} term_sink;

static passim_status add_prefixed(xc_doc *doc, const char *prefix,
                                  const char *term, size_t len, bool posting,
                                  unsigned int pos)
{
    char buf[SCHEMA_TERM_MAX];
    size_t plen = strlen(prefix);
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, term, len); /* len <= ANALYZER_MAX_TERM_BYTES */
    return posting ? xc_doc_add_posting(doc, buf, plen + len, pos, 1)
                   : xc_doc_add_term(doc, buf, plen + len, 1);
}

static void remember_part(term_sink *s, const analyzer_token *t)
{
    if (s->parts_len + t->term_len + 1 >= sizeof s->parts)
        return;
    if (s->parts_len)
        s->parts[s->parts_len++] = '-';
    memcpy(s->parts + s->parts_len, t->term, t->term_len);
    s->parts_len += t->term_len;
}

static passim_status add_compound_entry(term_sink *s, const analyzer_token *t)
{
    char buf[SCHEMA_TERM_MAX];
    int n = snprintf(buf, sizeof buf, "%s%.*s %.*s", PREFIX_COMPOUND,
                     (int)t->term_len, t->term, (int)s->parts_len, s->parts);
    if (n <= 0 || (size_t)n >= sizeof buf || (size_t)n > 240)
        return PASSIM_OK; /* too long to be a useful dictionary entry */
    return xc_doc_add_boolean_term(s->doc, buf, (size_t)n);
}

static int sink_token(const analyzer_token *t, void *ctx)
{
    term_sink *s = ctx;
    if (t->flags & ANALYZER_TOKEN_PART)
        remember_part(s, t);
    s->st = add_prefixed(s->doc, s->plain_prefix, t->term, t->term_len, true,
                         t->position);
    if (s->st == PASSIM_OK)
        s->st = add_prefixed(s->doc, s->stem_prefix, t->stem, t->stem_len,
                             false, 0);
    if (s->st == PASSIM_OK && (t->flags & ANALYZER_TOKEN_JOINED) &&
        s->compounds && s->parts_len)
        s->st = add_compound_entry(s, t);
    if (!(t->flags & ANALYZER_TOKEN_PART))
        s->parts_len = 0;
    return s->st != PASSIM_OK;
}

/* Title, tags and summary: the title field, each after a gap. */
static passim_status add_title_terms(xc_doc *doc, analyzer *an,
                                     const article *a)
{
    term_sink title = {doc, PREFIX_TITLE, PREFIX_TITLE_STEM, false, "",
                       0,   PASSIM_OK};
    unsigned int pos = SCHEMA_FIRST_POSITION;
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < a->ntags + 2; i++) {
        const char *text = i == 0          ? a->title
                           : i <= a->ntags ? a->tags[i - 1]
                                           : a->summary;
        if (!text || !*text)
            continue;
        st = analyzer_run(an, text, strlen(text), ANALYZER_FOR_DOCUMENT, pos,
                          sink_token, &title, &pos);
        if (st == PASSIM_OK)
            st = title.st;
        pos += SCHEMA_PARAGRAPH_GAP;
    }
    return st;
}

/* The body, passage by passage, recording each passage's first and last
 * position and its words in spans[]. Paragraphs are analyzed one by one with
 * a gap between them, so a phrase never matches across a paragraph break,
 * and a wider gap between passages keeps NEAR inside one. */
static passim_status add_body_terms(xc_doc *doc, analyzer *an, const article *a,
                                    const passage *passages, size_t npassages,
                                    passage_span *spans)
{
    term_sink body = {doc, "", PREFIX_STEM, true, "", 0, PASSIM_OK};
    unsigned int pos = SCHEMA_FIRST_POSITION;
    passim_status st = PASSIM_OK;
    for (size_t k = 0; st == PASSIM_OK && k < npassages; k++) {
        const passage *p = &passages[k];
        spans[k].first = pos;
        spans[k].words = (unsigned int)p->words;
        for (size_t i = 0; st == PASSIM_OK && i < p->nblocks; i++) {
            const char *text;
            size_t len;
            /* Only the part of the block this passage holds: a long block
             * is cut across passages. */
            passage_part(a, p, i, &text, &len);
            if (i)
                pos += SCHEMA_PARAGRAPH_GAP;
            st = analyzer_run(an, text, len, ANALYZER_FOR_DOCUMENT, pos,
                              sink_token, &body, &pos);
            if (st == PASSIM_OK)
                st = body.st;
        }
        spans[k].last = pos > spans[k].first ? pos - 1 : pos;
        pos += SCHEMA_PASSAGE_GAP;
    }
    return st;
}

static passim_status add_boolean(xc_doc *doc, const char *prefix,
                                 const char *key)
{
    char buf[SCHEMA_TERM_MAX];
    size_t len = schema_term(buf, prefix, key, strlen(key));
    return xc_doc_add_boolean_term(doc, buf, len);
}

static passim_status add_folded_boolean(xc_doc *doc, const char *prefix,
                                        const char *value)
{
    char *folded = schema_fold_value(value);
    passim_status st;
    if (!folded)
        return PASSIM_ERROR_NO_MEMORY;
    st = *folded ? add_boolean(doc, prefix, folded) : PASSIM_OK;
    free(folded);
    return st;
}

static passim_status set_value(xc_doc *doc, xc_slot slot, const char *value)
{
    return value ? xc_doc_set_value(doc, slot, value, strlen(value))
                 : PASSIM_OK;
}

/* The article's boolean terms and values. */
static passim_status add_article_fields(xc_doc *doc, const article *a,
                                        const char *id, const char *lang_code,
                                        const char *hash)
{
    char day[11], term[16];
    char *tags = NULL;
    size_t tags_len = 0, tags_cap = 0;
    passim_status st = add_boolean(doc, PREFIX_ARTICLE, id);
    if (st == PASSIM_OK && strcmp(a->path, "-") != 0)
        st = add_boolean(doc, PREFIX_FILE, a->path);
    if (st == PASSIM_OK)
        st = add_boolean(doc, PREFIX_LANG, lang_code);
    if (st == PASSIM_OK && a->source && *a->source)
        st = add_folded_boolean(doc, PREFIX_SOURCE, a->source);
    for (size_t i = 0; st == PASSIM_OK && i < a->ntags; i++) {
        size_t n = strlen(a->tags[i]);
        if (!vec_reserve(tags, tags_cap, tags_len + n + 2)) {
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        if (tags_len)
            tags[tags_len++] = '\n';
        memcpy(tags + tags_len, a->tags[i], n + 1);
        tags_len += n;
        st = add_folded_boolean(doc, PREFIX_TAG, a->tags[i]);
    }
    if (st == PASSIM_OK && a->date && !date_normalize(a->date, day)) {
        snprintf(term, sizeof term, "%s%.4s%.2s%.2s", PREFIX_DAY, day, day + 5,
                 day + 8);
        st = xc_doc_add_boolean_term(doc, term, strlen(term));
        snprintf(term, sizeof term, "%s%.4s%.2s", PREFIX_MONTH, day, day + 5);
        if (st == PASSIM_OK)
            st = xc_doc_add_boolean_term(doc, term, strlen(term));
        snprintf(term, sizeof term, "%s%.4s", PREFIX_YEAR, day);
        if (st == PASSIM_OK)
            st = xc_doc_add_boolean_term(doc, term, strlen(term));
        if (st == PASSIM_OK)
            st = set_value(doc, SLOT_DATE, day);
        day[7] = '\0';
        if (st == PASSIM_OK)
            st = set_value(doc, SLOT_MONTH, day);
    }
    if (st == PASSIM_OK)
        st = set_value(doc, SLOT_ARTICLE, id);
    if (st == PASSIM_OK)
        st = set_value(doc, SLOT_HASH, hash);
    if (st == PASSIM_OK)
        st = set_value(doc, SLOT_SOURCE, a->source);
    if (st == PASSIM_OK)
        st = set_value(doc, SLOT_LANG, lang_code);
    if (st == PASSIM_OK)
        st = set_value(doc, SLOT_TAGS, tags);
    free(tags);
    return st;
}

/* Adds key: value unless value is NULL; false when that ran out of memory
 * (cJSON would drop the field, and the article be stored without it). */
static bool json_add_optional(cJSON *o, const char *key, const char *value)
{
    return !value || cJSON_AddStringToObject(o, key, value);
}

static bool json_push_number(cJSON *array, double n)
{
    cJSON *item = cJSON_CreateNumber(n);
    if (item && cJSON_AddItemToArray(array, item))
        return true;
    cJSON_Delete(item);
    return false;
}

/* The data's entry of one passage (schema.h's SCHEMA_MAP_*). */
static cJSON *map_entry(const passage *p, size_t text_from)
{
    cJSON *e = cJSON_CreateArray();
    double fixed[SCHEMA_MAP_LINES];
    bool ok = e != NULL;
    fixed[SCHEMA_MAP_LINE] = p->line;
    fixed[SCHEMA_MAP_START] = (double)p->start;
    fixed[SCHEMA_MAP_END] = (double)p->end;
    fixed[SCHEMA_MAP_TEXT_FROM] = (double)text_from;
    fixed[SCHEMA_MAP_TEXT_TO] = (double)(text_from + p->len);
    for (size_t i = 0; ok && i < SCHEMA_MAP_LINES; i++)
        ok = json_push_number(e, fixed[i]);
    for (size_t i = 0; ok && i < p->nlines; i++)
        ok = json_push_number(e, (double)p->lines[i].offset) &&
             json_push_number(e, p->lines[i].line);
    if (ok)
        return e;
    cJSON_Delete(e);
    return NULL;
}

/* The passages' texts joined by "\n\n", and where each is. */
static bool add_text_and_map(cJSON *o, const passage *passages,
                             size_t npassages)
{
    size_t len = 0, at = 0;
    char *text;
    cJSON *map = cJSON_AddArrayToObject(o, SCHEMA_DATA_PASSAGES), *item;
    bool ok = map != NULL;
    for (size_t k = 0; k < npassages; k++)
        len += passages[k].len + (k ? 2 : 0);
    if (!ok || !(text = malloc(len + 1)))
        return false;
    for (size_t k = 0; ok && k < npassages; k++) {
        if (k) {
            memcpy(text + at, "\n\n", 2);
            at += 2;
        }
        ok = (item = map_entry(&passages[k], at)) &&
             cJSON_AddItemToArray(map, item);
        memcpy(text + at, passages[k].text, passages[k].len);
        at += passages[k].len;
    }
    text[at] = '\0';
    ok = ok && json_add_optional(o, SCHEMA_DATA_TEXT, text);
    free(text);
    return ok;
}

static char *article_data(const article *a, const char *id,
                          const char *lang_code, const passage *passages,
                          size_t npassages)
{
    cJSON *o = cJSON_CreateObject(), *tags = NULL, *fields = NULL;
    char *json = NULL;
    bool ok = o && json_add_optional(o, SCHEMA_DATA_ID, id) &&
              json_add_optional(o, SCHEMA_DATA_TITLE, a->title) &&
              json_add_optional(o, SCHEMA_DATA_DATE, a->date) &&
              json_add_optional(o, SCHEMA_DATA_SOURCE, a->source) &&
              (tags = cJSON_AddArrayToObject(o, SCHEMA_DATA_TAGS));
    for (size_t i = 0; ok && i < a->ntags; i++) {
        cJSON *tag = cJSON_CreateString(a->tags[i]);
        if (!(ok = cJSON_AddItemToArray(tags, tag)))
            cJSON_Delete(tag);
    }
    ok = ok && json_add_optional(o, SCHEMA_DATA_LANG, lang_code) &&
         json_add_optional(o, SCHEMA_DATA_URL, a->url) &&
         json_add_optional(o, SCHEMA_DATA_SUMMARY, a->summary) &&
         json_add_optional(o, SCHEMA_DATA_PATH, a->path) &&
         add_text_and_map(o, passages, npassages);
    if (ok && a->nfields)
        ok = (fields = cJSON_AddObjectToObject(o, SCHEMA_DATA_FIELDS)) != NULL;
    for (size_t i = 0; ok && i < a->nfields; i++)
        ok = json_add_optional(fields, a->fields[i].key, a->fields[i].value);
    if (ok)
        json = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return json;
}

/* Where each passage's words are and their language, as the value search
 * scores them by. */
static passim_status set_passage_map(xc_doc *doc, const char *lang_code,
                                     const passage_span *spans, size_t n)
{
    size_t len = 0;
    char *value = passage_map_encode(lang_code, spans, n, &len);
    passim_status st = value
                           ? xc_doc_set_value(doc, SLOT_PASSAGE_MAP, value, len)
                           : PASSIM_ERROR_NO_MEMORY;
    free(value);
    return st;
}

passim_status document_build(xc_doc **out, const article *a, const char *id,
                             const passage *passages, size_t npassages,
                             analyzer *an, char **errmsg)
{
    char hash[17];
    const char *lang_code = analyzer_language_code(an);
    passage_span *spans = calloc(npassages ? npassages : 1, sizeof *spans);
    char *data = NULL;
    xc_doc *doc = NULL;
    passim_status st =
        spans ? xc_doc_new(&doc, errmsg) : PASSIM_ERROR_NO_MEMORY;

    *out = NULL;
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)a->hash);
    if (st == PASSIM_OK)
        st = add_title_terms(doc, an, a);
    if (st == PASSIM_OK)
        st = add_body_terms(doc, an, a, passages, npassages, spans);
    if (st == PASSIM_OK)
        st = set_passage_map(doc, lang_code, spans, npassages);
    if (st == PASSIM_OK)
        st = add_article_fields(doc, a, id, lang_code, hash);
    if (st == PASSIM_OK) {
        char count[24];
        snprintf(count, sizeof count, "%zu", npassages);
        st = set_value(doc, SLOT_PASSAGES, count);
    }
    if (st == PASSIM_OK) {
        data = article_data(a, id, lang_code, passages, npassages);
        st = data ? xc_doc_set_data(doc, data, strlen(data))
                  : PASSIM_ERROR_NO_MEMORY;
    }
    if (st != PASSIM_OK && doc && errmsg && !*errmsg)
        *errmsg = db_strdupf("building the document: %s",
                             *xc_doc_error(doc) ? xc_doc_error(doc)
                                                : passim_status_string(st));
    free(data);
    free(spans);
    if (st != PASSIM_OK) {
        xc_doc_free(doc);
        return st;
    }
    *out = doc;
    return PASSIM_OK;
}
