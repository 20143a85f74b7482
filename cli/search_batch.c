/* search_batch.c — `passim search --batch`: JSON Lines requests on stdin,
 * one JSON line answered per request, so a script pays start-up once. A
 * request's keys are the batch keys of the search option table, each
 * checked as the option is on the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "search_batch.h"

static const char *status_code(passim_status st)
{
    switch (st) {
    case PASSIM_ERROR_QUERY_SYNTAX:
        return "query_syntax";
    case PASSIM_ERROR_INVALID_ARGUMENT:
        return "invalid_request";
    default:
        return "database";
    }
}

/* {"id", "error": {...}}: the request's id, or null when it has none. */
static void print_error(const cJSON *id, const char *code, const char *message,
                        const size_t *offset, FILE *out)
{
    static const cJSON null = {.type = cJSON_NULL};
    cli_json_error(out, id ? id : &null, code, message, offset);
}

/* The results' JSON (the library's, as --json prints it) with "id" added
 * as its last key. */
static void print_results(const cJSON *id, passim_results *res, FILE *out)
{
    const char *json = NULL;
    char *id_text = NULL;
    if (passim_results_json(&json, res) != PASSIM_OK ||
        (id && !(id_text = cJSON_PrintUnformatted(id)))) {
        print_error(id, status_code(PASSIM_ERROR_NO_MEMORY),
                    passim_status_string(PASSIM_ERROR_NO_MEMORY), NULL, out);
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

/* The value of option `o` in a request's `item`: a boolean for a flag (and
 * for an optional value: true as the bare option, false off), a number
 * for a number, else a string read as the option's value; false when it is
 * none of these. */
static bool json_value(const cli_option *o, const cJSON *item, cli_value *v)
{
    double d = item->valuedouble;
    memset(v, 0, sizeof *v);
    if (o->arg == CLI_ARG_NONE || (o->flags & CLI_OPTIONAL)) {
        v->on = cJSON_IsTrue(item);
        if (cJSON_IsBool(item))
            return true;
    }
    switch (o->arg) {
    case CLI_ARG_NONE:
        return false;
    case CLI_ARG_COUNT:
        /* In range first: then the cast is defined, and tells 2.7 from 2 */
        if (!cJSON_IsNumber(item) || !(d >= o->min && d <= o->max) ||
            (double)(unsigned long long)d != d)
            return false;
        v->count = (unsigned long long)d;
        return v->on = true;
    case CLI_ARG_NUMBER:
        if (!cJSON_IsNumber(item) || !(d >= o->min && d <= o->max))
            return false;
        v->number = d;
        return v->on = true;
    default:
        return cJSON_IsString(item) && cli_option_read(o, item->valuestring, v);
    }
}

/* Sets what a request's `item` says for option `o`: false when it is not a
 * value of the option (*why NULL) or cannot be applied (*why says why). A
 * list (CLI_REPEAT) replaces the command line's. */
static bool apply_key(search_settings *s, const cli_option *o,
                      const cJSON *item, const char **why)
{
    cli_value v = {0};
    const cJSON *each;
    *why = NULL;
    if (!(o->flags & CLI_REPEAT))
        return json_value(o, item, &v) &&
               !(*why = search_settings_apply(s, o->id, &v));
    if (!cJSON_IsArray(item))
        return false;
    search_settings_apply(s, o->id, &v);
    cJSON_ArrayForEach(each, item) if (!json_value(o, each, &v) ||
                                       (*why = search_settings_apply(
                                            s, o->id, &v))) return false;
    return true;
}

static const cli_option *batch_option(const char *key)
{
    for (const cli_option *o = cli_search_options; o->name; o++)
        if (o->batch_key && strcmp(o->batch_key, key) == 0)
            return o;
    return NULL;
}

/* Fills *s and *query from the request object; false with the reason in
 * why (naming the key) when a key is unknown or its value bad. */
static bool read_request(const cJSON *req, search_settings *s,
                         const char **query, char *why, size_t size)
{
    char expects[128];
    *query = NULL;
    for (const cJSON *item = req->child; item; item = item->next) {
        const char *key = item->string, *cannot;
        const cli_option *o;
        if (strcmp(key, "id") == 0)
            continue;
        if (strcmp(key, "q") == 0 || strcmp(key, "query") == 0) {
            if (!cJSON_IsString(item))
                break;
            *query = item->valuestring;
            continue;
        }
        if (!(o = batch_option(key))) {
            snprintf(why, size, "unknown key \"%.64s\"", key);
            return false;
        }
        if (apply_key(s, o, item, &cannot))
            continue;
        if (cannot)
            snprintf(why, size, "\"%s\": %s", key, cannot);
        else
            snprintf(why, size, "\"%s\" must be %s%s", key,
                     o->flags & CLI_REPEAT     ? "an array of: "
                     : o->flags & CLI_OPTIONAL ? "true, false or "
                                               : "",
                     cli_option_expects(o, expects, sizeof expects));
        return false;
    }
    if (!*query)
        snprintf(why, size, "\"q\" must be the query string");
    return *query != NULL;
}

/* Whether a string of the request holds the escape \u0000, where cJSON
 * would silently end it; *key, *key_len: the top-level key last seen. */
static bool holds_nul(const char *line, const char **key, int *key_len)
{
    int depth = 0;
    *key = NULL;
    *key_len = 0;
    for (const char *c = line; *c; c++) {
        const char *start;
        bool nul = false;
        if (*c == '{' || *c == '[')
            depth++;
        else if (*c == '}' || *c == ']')
            depth--;
        if (*c != '"')
            continue;
        for (start = ++c; *c && *c != '"'; c++) {
            if (*c != '\\')
                continue;
            nul = nul || strncmp(c + 1, "u0000", 5) == 0;
            if (c[1])
                c++;
        }
        if (nul)
            return true;
        if (!*c)
            return false;
        if (depth == 1 && c[1 + strspn(c + 1, " \t")] == ':') {
            *key = start;
            *key_len = (int)(c - start);
        }
    }
    return false;
}

static void answer(passim_db *db, const search_settings *defaults,
                   const char *line, FILE *out)
{
    search_settings s = *defaults;
    cJSON *req = NULL;
    const cJSON *id = NULL;
    passim_results *res = NULL;
    const char *query = line, *end = NULL, *key;
    char why[256];
    size_t offset;
    int key_len;
    passim_status st;

    /* Not a JSON object: a bare query. */
    if (line[strspn(line, " \t")] == '{') {
        req = cJSON_ParseWithOpts(line, &end, true);
        if (!cJSON_IsObject(req)) {
            end = cJSON_GetErrorPtr();
            snprintf(why, sizeof why, "not valid JSON (at byte %zu)",
                     end && end >= line ? (size_t)(end - line) : 0);
            print_error(NULL, "invalid_request", why, NULL, out);
            goto out;
        }
        id = cJSON_GetObjectItemCaseSensitive(req, "id");
        if (holds_nul(line, &key, &key_len)) {
            snprintf(why, sizeof why,
                     "\"%.*s\" holds a NUL character "
                     "(\\u0000)",
                     key ? key_len : 1, key ? key : "q");
            print_error(id, "invalid_request", why, NULL, out);
            goto out;
        }
        if (!read_request(req, &s, &query, why, sizeof why)) {
            print_error(id, "invalid_request", why, NULL, out);
            goto out;
        }
    }
    st = passim_db_reopen(db);
    if (st == PASSIM_OK)
        st = passim_search(&res, db, query, search_settings_options(&s));
    if (st != PASSIM_OK) {
        bool has_offset = st == PASSIM_ERROR_QUERY_SYNTAX &&
                          passim_db_error_offset(db, &offset);
        print_error(id, status_code(st), passim_db_error(db),
                    has_offset ? &offset : NULL, out);
        goto out;
    }
    print_results(id, res, out);
out:
    passim_results_free(res);
    cJSON_Delete(req);
}

int cli_search_batch(passim_db *db, const search_settings *defaults, FILE *in,
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
        /* A NUL byte would end the request early, unseen. */
        if (memchr(line, '\0', (size_t)n))
            print_error(NULL, "invalid_request",
                        "the request holds a NUL "
                        "byte",
                        NULL, out);
        else
            answer(db, defaults, line, out);
        if (ferror(out))
            break;
    }
    free(line);
    return ferror(out) ? EXIT_DATABASE : EXIT_OK;
}
