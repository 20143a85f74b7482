/*
 * search_batch.h — the batch mode of `passim search`: one JSON request per
 * input line, one JSON answer per output line, flushed after each.
 */
#ifndef PASSIM_SEARCH_BATCH_H
#define PASSIM_SEARCH_BATCH_H

#include <stdio.h>

#include "passim.h"

/* Answers every request of `in` on `out`. A request is an object with "q"
 * and any search option as a key (limit, offset, per_article, match, sort,
 * since, until, facets, bm25, title_weight, proximity_weight, feedback,
 * synonyms, explain, id); a line that is not a
 * JSON object is a bare query. A bad request gets {"id", "error": {"code",
 * "message"}} and the stream goes on. Returns an exit status. */
int cli_search_batch(passim_db *db, const passim_search_options *defaults,
                     FILE *in, FILE *out);

#endif /* PASSIM_SEARCH_BATCH_H */
