/* latency.c — passim's in-process query latency: one searcher opened once,
 * then every query through searcher_run with the defaults `passim search`
 * uses (top 10, one hit per article, snippets built), timed by timing.c. */
#include <stdio.h>
#include <stdlib.h>

#include "searcher.h"
#include "timing.h"

static int run_query(void *ctx, const char *query, size_t *nhits)
{
    searcher *s = ctx;
    search_options opt;
    search_results *r = NULL;
    passim_status st;

    search_options_init(&opt);
    opt.query = query;
    opt.limit = 10;
    st = searcher_run(s, &opt, &r, NULL);
    if (st != PASSIM_OK) {
        fprintf(stderr, "passim: query '%s': %s\n", query, searcher_error(s));
        return -1;
    }
    *nhits = r->nhits;
    for (size_t i = 0; i < r->nhits; i++)
        if (!r->hits[i].snip.text) {
            fprintf(stderr, "passim: query '%s': hit %zu has no snippet\n",
                    query, i + 1);
            search_results_free(r);
            return -1;
        }
    search_results_free(r);
    return 0;
}

int main(int argc, char **argv)
{
    bench_args args;
    searcher *s = NULL;
    char *err = NULL;
    int rc;

    if (bench_args_parse(&args, argc, argv) != 0)
        return 2;
    if (searcher_open(&s, &args.db, 1, 0, &err) != PASSIM_OK) {
        fprintf(stderr, "passim: %s: %s\n", args.db, err ? err : "cannot open");
        free(err);
        return 3;
    }
    rc = bench_run("passim", &args, run_query, s);
    searcher_free(s);
    return rc;
}
