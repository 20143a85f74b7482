/* output.c — search results as JSON (see output.h). */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer.h"

/* A JSON string of s made valid UTF-8: ids and paths come from file names
 * and the query from the user, neither of which need be UTF-8, and cJSON
 * copies bytes as they are. */
static cJSON *text_string(const char *s)
{
    char *clean = analyzer_sanitize_utf8(s, strlen(s), NULL);
    cJSON *item = clean ? cJSON_CreateString(clean) : NULL;
    free(clean);
    return item;
}

static cJSON *string_or_null(const char *s)
{
    return s ? text_string(s) : cJSON_CreateNull();
}

/* Adds item under key to an object, or (key NULL) to the end of an array;
 * false, the item deleted, when it is NULL (its creation ran out of memory)
 * or could not be added. Every addition is checked: cJSON drops what it
 * cannot allocate, and a document with holes must not pass for the results. */
static bool add(cJSON *parent, const char *key, cJSON *item)
{
    if (item && (key ? cJSON_AddItemToObject(parent, key, item)
                     : cJSON_AddItemToArray(parent, item)))
        return true;
    cJSON_Delete(item);
    return false;
}

/* o, or NULL (o deleted) when building it failed. */
static cJSON *complete_or_null(cJSON *o, bool ok)
{
    if (ok)
        return o;
    cJSON_Delete(o);
    return NULL;
}

/* highlights_cp: the highlights' ranges counted in code points (the
 * snippet is valid UTF-8), which is how Python and JavaScript index a
 * string. The ranges are in order, so one pass counts them all. */
static bool add_highlights_cp(cJSON *o, const snippet *snip)
{
    cJSON *ranges = cJSON_AddArrayToObject(o, "highlights_cp");
    size_t byte = 0, cp = 0, ends[2];
    bool ok = ranges != NULL;
    for (size_t i = 0; ok && i < snip->nranges; i++) {
        cJSON *pair = cJSON_CreateArray();
        ends[0] = snip->ranges[i].start;
        ends[1] = snip->ranges[i].end;
        ok = add(ranges, NULL, pair);
        for (size_t k = 0; ok && k < 2; k++) {
            for (; byte < ends[k]; byte++)
                cp += ((unsigned char)snip->text[byte] & 0xC0) != 0x80;
            ok = add(pair, NULL, cJSON_CreateNumber((double)cp));
        }
    }
    return ok;
}

/* The keys one shown passage has, into o (a hit or a passage object). */
static bool add_passage(cJSON *o, const search_passage *p)
{
    cJSON *ranges = NULL;
    bool ok = cJSON_AddNumberToObject(o, "line", p->line) &&
              cJSON_AddNumberToObject(o, "passage", p->passage) &&
              cJSON_AddStringToObject(o, "snippet",
                                      p->snip.text ? p->snip.text : "") &&
              (ranges = cJSON_AddArrayToObject(o, "highlights"));
    for (size_t i = 0; ok && i < p->snip.nranges; i++) {
        cJSON *pair = cJSON_CreateArray();
        ok = add(ranges, NULL, pair) &&
             add(pair, NULL,
                 cJSON_CreateNumber((double)p->snip.ranges[i].start)) &&
             add(pair, NULL, cJSON_CreateNumber((double)p->snip.ranges[i].end));
    }
    return ok && add_highlights_cp(o, &p->snip);
}

cJSON *output_hit_json(const search_hit *h)
{
    cJSON *o = cJSON_CreateObject(), *tags = NULL, *fields = NULL,
          *passages = NULL;
    const search_passage *best = &h->passages[0];
    bool ok = o && cJSON_AddNumberToObject(o, "rank", h->rank) &&
              add(o, "id", text_string(h->id)) &&
              add(o, "title", text_string(h->title)) &&
              add(o, "date", string_or_null(h->date)) &&
              add(o, "source", string_or_null(h->source)) &&
              (tags = cJSON_AddArrayToObject(o, "tags"));
    for (size_t i = 0; ok && i < h->ntags; i++)
        ok = add(tags, NULL, cJSON_CreateString(h->tags[i]));
    ok = ok && add(o, "lang", string_or_null(h->lang)) &&
         add(o, "url", string_or_null(h->url)) &&
         add(o, "path", text_string(h->path ? h->path : "")) &&
         add_passage(o, best) &&
         cJSON_AddNumberToObject(o, "score", h->score) &&
         cJSON_AddBoolToObject(o, "all_words", h->all_words) &&
         cJSON_AddStringToObject(o, "text", best->text ? best->text : "") &&
         add(o, "summary", string_or_null(h->summary)) &&
         (fields = cJSON_AddObjectToObject(o, "fields"));
    for (size_t i = 0; ok && i < h->nfields; i++)
        ok = add(fields, h->fields[i].key, text_string(h->fields[i].value));
    ok = ok &&
         cJSON_AddNumberToObject(o, "matched_passages",
                                 (double)(h->collapsed + h->npassages)) &&
         (passages = cJSON_AddArrayToObject(o, "passages"));
    for (size_t i = 0; ok && i < h->npassages; i++) {
        cJSON *p = cJSON_CreateObject();
        ok = add(passages, NULL, p) && add_passage(p, &h->passages[i]) &&
             cJSON_AddNumberToObject(p, "score", h->passages[i].score);
    }
    ok = ok &&
         (!h->explain || cJSON_AddStringToObject(o, "explain", h->explain));
    return complete_or_null(o, ok);
}

cJSON *output_results_json(const search_results *r)
{
    cJSON *o = cJSON_CreateObject(), *facets = NULL, *notices = NULL,
          *hits = NULL;
    bool ok = o &&
              cJSON_AddNumberToObject(o, "schema", OUTPUT_SCHEMA_VERSION) &&
              add(o, "query", text_string(r->query)) &&
              cJSON_AddNumberToObject(o, "total", r->total) &&
              cJSON_AddStringToObject(o, "total_relation",
                                      r->total_exact ? "eq" : "gte") &&
              cJSON_AddBoolToObject(o, "relaxed", r->relaxed) &&
              add(o, "suggestion", string_or_null(r->suggestion)) &&
              (facets = cJSON_AddObjectToObject(o, "facets"));
    for (size_t i = 0; ok && i < r->nfacets; i++) {
        cJSON *list = cJSON_AddArrayToObject(facets, r->facets[i].name);
        ok = list != NULL;
        for (size_t j = 0; ok && j < r->facets[i].count; j++) {
            cJSON *v = cJSON_CreateObject();
            ok = add(list, NULL, v) &&
                 cJSON_AddStringToObject(v, "value",
                                         r->facets[i].values[j].value) &&
                 cJSON_AddNumberToObject(v, "count",
                                         r->facets[i].values[j].count);
        }
    }
    ok = ok && (notices = cJSON_AddArrayToObject(o, "notices"));
    for (size_t i = 0; ok && i < r->nnotices; i++)
        ok = add(notices, NULL, cJSON_CreateString(r->notices[i]));
    ok = ok && (hits = cJSON_AddArrayToObject(o, "hits"));
    for (size_t i = 0; ok && i < r->nhits; i++)
        ok = add(hits, NULL, output_hit_json(&r->hits[i]));
    return complete_or_null(o, ok);
}
