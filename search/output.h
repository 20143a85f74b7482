/*
 * output.h — search results as JSON, the schema (version 1) documented in
 * docs/json-schema.md, shared by the library (api/json.c) and so by the
 * command's --json, --jsonl and --batch; the command prints text itself
 * (cli/print.c).
 */
#ifndef PASSIM_OUTPUT_H
#define PASSIM_OUTPUT_H

#include <cJSON.h>

#include "searcher.h"

#define OUTPUT_SCHEMA_VERSION 1

/* The whole results object / one hit as JSON (the schema); NULL on out of
 * memory. The caller deletes it. */
cJSON *output_results_json(const search_results *r);
cJSON *output_hit_json(const search_hit *h);

#endif /* PASSIM_OUTPUT_H */
