/* search_batch.c — `passim search --batch`: JSON Lines requests on stdin,
 * one JSON line answered per request, so a script pays start-up once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "search_batch.h"

/* One request's query and options, with the command line's as defaults.
 * The strings point into the request's JSON or its line. */
typedef struct request {
    const char *query;
    passim_search_options opt;
    const char *facets[PASSIM_SEARCH_MAX_FACETS];
} request;

static const char *status_code(passim_status st)
{
    switch (st) {
    case PASSIM_ERROR_QUERY_SYNTAX: return "query_syntax";
    case PASSIM_ERROR_INVALID_ARGUMENT: return "invalid_request";
    default: return "database";
    }
}

/* Prints `o` (deleting it) as one line, flushed for the reader waiting
 * on it. */
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

/* {"id", "error": {"code", "message"[, "offset"]}}; has_offset for query
 * errors. */
static void print_error(const cJSON *id, passim_status st, const char *message,
                        bool has_offset, size_t offset, FILE *out)
{
    cJSON *o = cJSON_CreateObject(), *e;
    cJSON_AddItemToObject(o, "id", id ? cJSON_Duplicate(id, true)
                                      : cJSON_CreateNull());
    e = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(e, "code", status_code(st));
    cJSON_AddStringToObject(e, "message", message);
    if (has_offset)
        cJSON_AddNumberToObject(e, "offset", (double)offset);
    print_line(o, out);
}

/* The results' JSON (the library's, as --json prints it) with "id" added
 * as its last key. */
static void print_results(const cJSON *id, passim_results *res, FILE *out)
{
    const char *json = NULL;
    char *id_text = NULL;
    if (passim_results_json(&json, res) != PASSIM_OK ||
        (id && !(id_text = cJSON_PrintUnformatted(id)))) {
        print_error(id, PASSIM_ERROR_NO_MEMORY,
                    passim_status_string(PASSIM_ERROR_NO_MEMORY), false, 0,
                    out);
        return;
    }
    if (id_text) /* the object's closing brace goes after the id */
        fprintf(out, "%.*s,\"id\":%s}\n", (int)(strlen(json) - 1), json,
                id_text);
    else
        fprintf(out, "%s\n", json);
    fflush(out);
    free(id_text);
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

/* "feedback": true (the --feedback settings), false (off) or "D,T,W". */
static bool get_feedback(const cJSON *req, passim_search_options *opt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, "feedback");
    if (!v)
        return true;
    if (cJSON_IsBool(v)) {
        bool on = cJSON_IsTrue(v);
        opt->feedback_docs = on ? PASSIM_DEFAULT_FEEDBACK_DOCS : 0;
        opt->feedback_terms = on ? PASSIM_DEFAULT_FEEDBACK_TERMS : 0;
        opt->feedback_weight = on ? PASSIM_DEFAULT_FEEDBACK_WEIGHT : 0;
        return true;
    }
    return cJSON_IsString(v) &&
           passim_feedback_parse(&opt->feedback_docs, &opt->feedback_terms,
                                 &opt->feedback_weight,
                                 v->valuestring) == PASSIM_OK;
}

/* Fills *r from the request object; false with *why on a bad key. */
static bool read_request(const cJSON *req, request *r, const char **why)
{
    const cJSON *facets = cJSON_GetObjectItemCaseSensitive(req, "facets");
    const cJSON *explain = cJSON_GetObjectItemCaseSensitive(req, "explain");
    const char *s;
    char day[11];
    bool ok = true;

    r->query = get_string(req, "q", &ok);
    if (!r->query)
        r->query = get_string(req, "query", &ok);
    if (!ok || !r->query)
        return *why = "\"q\" must be the query string", false;
    if (!get_uint(req, "limit", &r->opt.limit) ||
        !get_uint(req, "offset", &r->opt.offset) ||
        !get_uint(req, "per_article", &r->opt.per_article))
        return *why = "limit, offset and per_article are numbers", false;
    if ((s = get_string(req, "match", &ok))) {
        if (strcmp(s, "all") && strcmp(s, "any"))
            return *why = "match is \"all\" or \"any\"", false;
        r->opt.match = strcmp(s, "all") ? PASSIM_MATCH_ANY : PASSIM_MATCH_ALL;
    }
    if ((s = get_string(req, "sort", &ok))) {
        if (strcmp(s, "relevance") && strcmp(s, "date"))
            return *why = "sort is \"relevance\" or \"date\"", false;
        r->opt.sort = strcmp(s, "date") ? PASSIM_SORT_RELEVANCE
                                        : PASSIM_SORT_DATE;
    }
    if ((s = get_string(req, "since", &ok))) {
        if (!cli_parse_date(s, false, day))
            return *why = "since is YYYY-MM-DD, YYYY-MM or YYYY", false;
        r->opt.since = s;
    }
    if ((s = get_string(req, "until", &ok))) {
        if (!cli_parse_date(s, true, day))
            return *why = "until is YYYY-MM-DD, YYYY-MM or YYYY", false;
        r->opt.until = s;
    }
    if ((s = get_string(req, "bm25", &ok)) &&
        !cli_parse_bm25(s, &r->opt.bm25_k1, &r->opt.bm25_b))
        return *why = "bm25 is \"K1,B\"", false;
    if (!get_weight(req, "title_weight", &r->opt.title_weight) ||
        !get_weight(req, "proximity_weight", &r->opt.proximity_weight) ||
        !get_weight(req, "passage_weight", &r->opt.passage_weight))
        return *why = "weights are numbers from 0 to 100", false;
    if (!get_uint(req, "rerank_depth", &r->opt.rerank_depth) ||
        r->opt.rerank_depth > PASSIM_MAX_RERANK_DEPTH)
        return *why = "rerank_depth is a number from 0 to 1000", false;
    if (!get_feedback(req, &r->opt))
        return *why = "feedback is true, false or \"DOCS,TERMS,WEIGHT\"",
               false;
    if ((s = get_string(req, "synonyms", &ok)))
        r->opt.synonyms_path = s;
    if ((s = get_string(req, "lang", &ok)))
        r->opt.lang = s;
    if (explain)
        r->opt.explain = cJSON_IsTrue(explain);
    if (facets) {
        int n = cJSON_GetArraySize(facets);
        if (!cJSON_IsArray(facets) || n > PASSIM_SEARCH_MAX_FACETS)
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

static void answer(passim_db *db, const passim_search_options *defaults,
                   const char *line, FILE *out)
{
    cJSON *req = cJSON_Parse(line);
    const cJSON *id = NULL;
    passim_results *res = NULL;
    const char *why = NULL;
    size_t offset = 0;
    request r;
    passim_status st;

    memset(&r, 0, sizeof r);
    r.opt = *defaults;
    if (cJSON_IsObject(req)) {
        id = cJSON_GetObjectItemCaseSensitive(req, "id");
        if (!read_request(req, &r, &why)) {
            print_error(id, PASSIM_ERROR_INVALID_ARGUMENT, why, false, 0, out);
            goto out;
        }
    } else {
        r.query = line; /* not a JSON object: a bare query string */
    }
    st = passim_db_reopen(db);
    if (st == PASSIM_OK)
        st = passim_search(&res, db, r.query, &r.opt);
    if (st != PASSIM_OK) {
        bool has_offset = st == PASSIM_ERROR_QUERY_SYNTAX &&
                          passim_db_error_offset(db, &offset);
        print_error(id, st, passim_db_error(db), has_offset, offset, out);
        goto out;
    }
    print_results(id, res, out);
out:
    passim_results_free(res);
    cJSON_Delete(req);
}

int cli_search_batch(passim_db *db, const passim_search_options *defaults,
                     FILE *in, FILE *out)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        answer(db, defaults, line, out);
        if (ferror(out))
            break;
    }
    free(line);
    return ferror(out) ? EXIT_DATABASE : EXIT_OK;
}
