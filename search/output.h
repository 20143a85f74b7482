/*
 * output.h — printing search results: one printer interface with text for
 * people and JSON for programs behind it. The JSON schema (version 1) is
 * documented in docs/json-schema.md.
 */
#ifndef PASSIM_OUTPUT_H
#define PASSIM_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <cJSON.h>

#include "searcher.h"

#define OUTPUT_SCHEMA_VERSION 1

typedef struct output_options {
    bool color;   /* ANSI colour for titles and highlights (text only) */
    bool explain; /* score breakdowns (text; JSON always carries them when
                     present) */
    const char *cwd; /* paths under it are shown relative (text only) */
} output_options;

typedef struct output_printer {
    const char *name; /* "text", "json", "jsonl" */
    /* 0 on success, -1 when writing failed (closed pipe, full disk). */
    int (*print)(FILE *out, const search_results *r, const output_options *o);
} output_printer;

/* The printer of that name, or NULL. */
const output_printer *output_printer_find(const char *name);

/* The whole results object / one hit as JSON (the schema); NULL on out of
 * memory. The caller deletes it. */
cJSON *output_results_json(const search_results *r);
cJSON *output_hit_json(const search_hit *h);

#endif /* PASSIM_OUTPUT_H */
