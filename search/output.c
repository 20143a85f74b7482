/* output.c — the text and JSON printers of search results. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer.h"

#define ANSI_TITLE "\033[1m"
#define ANSI_MATCH "\033[1;33m"
#define ANSI_DIM "\033[2m"
#define ANSI_RESET "\033[0m"

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

cJSON *output_hit_json(const search_hit *h)
{
    cJSON *o = cJSON_CreateObject(), *tags = NULL, *ranges = NULL;
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
         cJSON_AddNumberToObject(o, "line", h->line) &&
         cJSON_AddNumberToObject(o, "passage", h->passage) &&
         cJSON_AddNumberToObject(o, "score", h->score) &&
         cJSON_AddStringToObject(o, "snippet",
                                 h->snip.text ? h->snip.text : "") &&
         (ranges = cJSON_AddArrayToObject(o, "highlights"));
    for (size_t i = 0; ok && i < h->snip.nranges; i++) {
        cJSON *pair = cJSON_CreateArray();
        ok = add(ranges, NULL, pair) &&
             add(pair, NULL,
                 cJSON_CreateNumber((double)h->snip.ranges[i].start)) &&
             add(pair, NULL, cJSON_CreateNumber((double)h->snip.ranges[i].end));
    }
    ok = ok && cJSON_AddStringToObject(o, "text", h->text ? h->text : "") &&
         (!h->explain || cJSON_AddStringToObject(o, "explain", h->explain));
    return complete_or_null(o, ok);
}

cJSON *output_results_json(const search_results *r)
{
    cJSON *o = cJSON_CreateObject(), *facets = NULL, *notices = NULL,
          *hits = NULL;
    bool ok = o && cJSON_AddNumberToObject(o, "schema", OUTPUT_SCHEMA_VERSION) &&
              add(o, "query", text_string(r->query)) &&
              cJSON_AddNumberToObject(o, "total", r->total) &&
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

static int print_json_value(FILE *out, cJSON *o)
{
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    int rc = -1;
    if (text && fputs(text, out) >= 0 && fputc('\n', out) != EOF)
        rc = 0;
    free(text);
    cJSON_Delete(o);
    return rc;
}

static int print_json(FILE *out, const search_results *r,
                      const output_options *o)
{
    (void)o;
    return print_json_value(out, output_results_json(r));
}

static int print_jsonl(FILE *out, const search_results *r,
                       const output_options *o)
{
    (void)o;
    for (size_t i = 0; i < r->nhits; i++)
        if (print_json_value(out, output_hit_json(&r->hits[i])) != 0)
            return -1;
    return 0;
}

static const char *shown_path(const char *path, const char *cwd)
{
    size_t n = cwd ? strlen(cwd) : 0;
    if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

static void print_snippet(FILE *out, const snippet *s, bool color)
{
    size_t at = 0;
    for (size_t i = 0; i < s->nranges; i++) {
        const snippet_range *r = &s->ranges[i];
        fwrite(s->text + at, 1, r->start - at, out);
        fputs(color ? ANSI_MATCH : "", out);
        fwrite(s->text + r->start, 1, r->end - r->start, out);
        fputs(color ? ANSI_RESET : "", out);
        at = r->end;
    }
    fwrite(s->text + at, 1, s->len - at, out);
}

static int print_text(FILE *out, const search_results *r,
                      const output_options *o)
{
    for (size_t i = 0; i < r->nhits; i++) {
        const search_hit *h = &r->hits[i];
        fprintf(out, "%u. %s%s%s\n", h->rank, o->color ? ANSI_TITLE : "",
                h->title, o->color ? ANSI_RESET : "");
        fprintf(out, "   %s%s:%u", o->color ? ANSI_DIM : "",
                shown_path(h->path, o->cwd), h->line);
        if (h->date)
            fprintf(out, "  %s", h->date);
        if (h->source)
            fprintf(out, "  %s", h->source);
        fprintf(out, "  score %.3f%s\n", h->score, o->color ? ANSI_RESET : "");
        fputs("   ", out);
        print_snippet(out, &h->snip, o->color);
        fputc('\n', out);
        if (o->explain && h->explain) {
            const char *line = h->explain;
            while (*line) {
                const char *nl = strchr(line, '\n');
                size_t n = nl ? (size_t)(nl - line) : strlen(line);
                fprintf(out, "     %.*s\n", (int)n, line);
                line += n + (nl ? 1 : 0);
            }
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->nfacets; i++) {
        fprintf(out, "%s:", r->facets[i].name);
        for (size_t j = 0; j < r->facets[i].count; j++)
            fprintf(out, "%s %s (%u)", j ? "," : "",
                    r->facets[i].values[j].value,
                    r->facets[i].values[j].count);
        fputc('\n', out);
    }
    if (r->nhits)
        fprintf(out, "%u matching %s; showing %u-%u\n", r->total,
                r->total == 1 ? "hit" : "hits", r->hits[0].rank,
                r->hits[r->nhits - 1].rank);
    return ferror(out) ? -1 : 0;
}

static const output_printer printers[] = {
    {"text", print_text},
    {"json", print_json},
    {"jsonl", print_jsonl},
};

const output_printer *output_printer_find(const char *name)
{
    for (size_t i = 0; i < sizeof printers / sizeof *printers; i++)
        if (strcmp(printers[i].name, name) == 0)
            return &printers[i];
    return NULL;
}
