/* json.c — results and hits as the JSON of `passim search --json` and
 * `--jsonl` (schema 1, docs/json-schema.md), made by the same code the
 * command's printers use and kept on the results. */
#include <stdlib.h>

#include "api_internal.h"
#include "output.h"

/* Prints `o` (deleting it) into *cache unless it already holds the text. */
static passim_status print_once(char **cache, cJSON *o, const char **json)
{
    if (!*cache && o)
        *cache = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    *json = *cache;
    return *cache ? PASSIM_OK : PASSIM_ERROR_NO_MEMORY;
}

passim_status passim_results_json(const char **json, passim_results *results)
{
    if (!json || !results)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    return print_once(&results->json,
                      results->json ? NULL : output_results_json(results->r),
                      json);
}

passim_status passim_hit_json(const char **json, passim_hit *hit)
{
    if (!json || !hit)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    return print_once(&hit->json, hit->json ? NULL : output_hit_json(hit->h),
                      json);
}
