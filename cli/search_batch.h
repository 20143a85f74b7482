/*
 * search_batch.h — the batch mode of `passim search`: one JSON request per
 * input line, one JSON answer per output line, flushed after each.
 */
#ifndef PASSIM_SEARCH_BATCH_H
#define PASSIM_SEARCH_BATCH_H

#include <stdio.h>

#include "search_settings.h"

/* Answers every request of `in` on `out`. A request is an object with "q"
 * (or "query"), "id" and the batch keys of `passim search`'s options
 * (cli_search_options), each checked as its option is; a line that does not
 * start with '{' is a bare query. A bad request (not JSON, an unknown key, a
 * bad value, a NUL character) gets {"id", "error": {"code", "message"}} and
 * the stream goes on. The command line's settings are every request's
 * defaults. Returns an exit status. */
int cli_search_batch(passim_db *db, const search_settings *defaults, FILE *in,
                     FILE *out);

#endif /* PASSIM_SEARCH_BATCH_H */
