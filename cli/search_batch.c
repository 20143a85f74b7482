/* search_batch.c — `passim search --batch`: JSON Lines requests on stdin,
 * one JSON line answered per request, so a script pays start-up once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "output.h"
#include "search_batch.h"

/* One request's options, with the command line's as defaults. The strings
 * point into `req` or `dates`. */
typedef struct request {
    search_options opt;
    const char *facets[SEARCH_MAX_FACETS];
    char since[11], until[11];
} request;

static const char *status_code(passim_status st)
{
    switch (st) {
    case PASSIM_ERROR_QUERY_SYNTAX: return "query_syntax";
    case PASSIM_ERROR_INVALID_ARGUMENT: return "invalid_request";
    default: return "database";
    }
}

static void print_line(cJSON *o, FILE *out)
{
    char *text = cJSON_PrintUnformatted(o);
    if (text) {
        fputs(text, out);
        fputc('\n', out);
    }
    fflush(out);
    free(text);
    cJSON_Delete(o);
}

static void print_error(const cJSON *id, passim_status st, const char *message,
                        const query_error *qerr, FILE *out)
{
    cJSON *o = cJSON_CreateObject(), *e;
    cJSON_AddItemToObject(o, "id", id ? cJSON_Duplicate(id, true)
                                      : cJSON_CreateNull());
    e = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(e, "code", status_code(st));
    cJSON_AddStringToObject(e, "message", message);
    if (qerr)
        cJSON_AddNumberToObject(e, "offset", (double)qerr->offset);
    print_line(o, out);
}

static bool get_uint(const cJSON *req, const char *key, unsigned int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, key);
    if (!v)
        return true;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e6)
        return false;
    *out = (unsigned int)v->valuedouble;
    return true;
}

static bool get_weight(const cJSON *req, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, key);
    if (!v)
        return true;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 100)
        return false;
    *out = v->valuedouble;
    return true;
}

static const char *get_string(const cJSON *req, const char *key, bool *ok)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, key);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v)) {
        *ok = false;
        return NULL;
    }
    return v->valuestring;
}

/* Fills *r from the request object; false with *why on a bad key. */
static bool read_request(const cJSON *req, request *r, const char **why)
{
    const cJSON *facets = cJSON_GetObjectItemCaseSensitive(req, "facets");
    const cJSON *explain = cJSON_GetObjectItemCaseSensitive(req, "explain");
    const char *s;
    bool ok = true;

    r->opt.query = get_string(req, "q", &ok);
    if (!r->opt.query)
        r->opt.query = get_string(req, "query", &ok);
    if (!ok || !r->opt.query)
        return *why = "\"q\" must be the query string", false;
    if (!get_uint(req, "limit", &r->opt.limit) ||
        !get_uint(req, "offset", &r->opt.offset) ||
        !get_uint(req, "per_article", &r->opt.per_article))
        return *why = "limit, offset and per_article are numbers", false;
    if ((s = get_string(req, "match", &ok))) {
        if (strcmp(s, "all") && strcmp(s, "any"))
            return *why = "match is \"all\" or \"any\"", false;
        r->opt.match = strcmp(s, "all") ? QUERY_MATCH_ANY : QUERY_MATCH_ALL;
        r->opt.match_forced = true;
    }
    if ((s = get_string(req, "sort", &ok))) {
        if (strcmp(s, "relevance") && strcmp(s, "date"))
            return *why = "sort is \"relevance\" or \"date\"", false;
        r->opt.sort = strcmp(s, "date") ? SEARCH_SORT_RELEVANCE
                                        : SEARCH_SORT_DATE;
    }
    if ((s = get_string(req, "since", &ok))) {
        if (!cli_parse_date(s, false, r->since))
            return *why = "since is YYYY-MM-DD, YYYY-MM or YYYY", false;
        r->opt.since = r->since;
    }
    if ((s = get_string(req, "until", &ok))) {
        if (!cli_parse_date(s, true, r->until))
            return *why = "until is YYYY-MM-DD, YYYY-MM or YYYY", false;
        r->opt.until = r->until;
    }
    if ((s = get_string(req, "bm25", &ok)) &&
        !cli_parse_bm25(s, &r->opt.k1, &r->opt.b))
        return *why = "bm25 is \"K1,B\"", false;
    if (!get_weight(req, "title_weight", &r->opt.title_weight) ||
        !get_weight(req, "proximity_weight", &r->opt.proximity_weight))
        return *why = "weights are numbers from 0 to 100", false;
    if ((s = get_string(req, "synonyms", &ok)))
        r->opt.synonyms_path = s;
    if (explain)
        r->opt.explain = cJSON_IsTrue(explain);
    if (facets) {
        int n = cJSON_GetArraySize(facets);
        if (!cJSON_IsArray(facets) || n > SEARCH_MAX_FACETS)
            return *why = "facets is an array of at most 8 names", false;
        for (int i = 0; i < n; i++) {
            const cJSON *f = cJSON_GetArrayItem(facets, i);
            if (!cJSON_IsString(f))
                return *why = "facets is an array of names", false;
            r->facets[i] = f->valuestring;
        }
        r->opt.facets = r->facets;
        r->opt.nfacets = (size_t)n;
    }
    if (!ok)
        return *why = "a string option is not a string", false;
    return true;
}

static void answer(searcher *s, const search_options *defaults,
                   const char *line, FILE *out)
{
    cJSON *req = cJSON_Parse(line), *o;
    const cJSON *id = NULL;
    search_results *res = NULL;
    query_error qerr = {0};
    const char *why = NULL;
    request r;
    passim_status st;

    memset(&r, 0, sizeof r);
    r.opt = *defaults;
    if (cJSON_IsObject(req)) {
        id = cJSON_GetObjectItemCaseSensitive(req, "id");
        if (!read_request(req, &r, &why)) {
            print_error(id, PASSIM_ERROR_INVALID_ARGUMENT, why, NULL, out);
            goto out;
        }
    } else {
        r.opt.query = line; /* not a JSON object: a bare query string */
    }
    st = searcher_reopen(s);
    if (st == PASSIM_OK)
        st = searcher_run(s, &r.opt, &res, &qerr);
    if (st != PASSIM_OK) {
        print_error(id, st, searcher_error(s),
                    st == PASSIM_ERROR_QUERY_SYNTAX ? &qerr : NULL, out);
        goto out;
    }
    o = output_results_json(res);
    if (o && id)
        cJSON_AddItemToObject(o, "id", cJSON_Duplicate(id, true));
    print_line(o, out);
out:
    search_results_free(res);
    cJSON_Delete(req);
}

int cli_search_batch(searcher *s, const search_options *defaults, FILE *in,
                     FILE *out)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        answer(s, defaults, line, out);
        if (ferror(out))
            break;
    }
    free(line);
    return ferror(out) ? EXIT_DATABASE : EXIT_OK;
}
