/* latency.c — passim's in-process query latency: one searcher opened once,
 * then every query through searcher_run with the defaults `passim search`
 * uses (top 10, one hit per article, snippets built), timed by timing.c. */
#include <stdio.h>
#include <stdlib.h>

#include "feedback.h"
#include "searcher.h"
#include "timing.h"

typedef struct driver {
    searcher *s;
    unsigned int feedback_docs, feedback_terms; /* docs 0: no feedback */
    double feedback_weight;
} driver;

static int run_query(void *ctx, const char *query, size_t *nhits)
{
    driver *d = ctx;
    searcher *s = d->s;
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    search_request req;
    search_results *r = NULL;
    char *why = NULL;
    passim_status st;

    opt.limit = 10;
    opt.feedback_docs = d->feedback_docs;
    opt.feedback_terms = d->feedback_terms;
    opt.feedback_weight = d->feedback_weight;
    st = search_request_init(&req, query, &opt, &why);
    if (st != PASSIM_OK) {
        fprintf(stderr, "passim: query '%s': %s\n", query,
                why ? why : passim_status_string(st));
        free(why);
        return -1;
    }
    st = searcher_run(s, &req, &r, NULL);
    if (st != PASSIM_OK) {
        fprintf(stderr, "passim: query '%s': %s\n", query, searcher_error(s));
        return -1;
    }
    *nhits = r->nhits;
    for (size_t i = 0; i < r->nhits; i++)
        if (!r->hits[i].passages[0].snip.text) {
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
    driver d = {0};
    char *err = NULL;
    int rc;

    if (bench_args_parse(&args, argc, argv) != 0)
        return 2;
    if (args.feedback &&
        !feedback_parse(args.feedback, &d.feedback_docs, &d.feedback_terms,
                        &d.feedback_weight)) {
        fprintf(stderr,
                "passim: --feedback wants DOCS,TERMS,WEIGHT, e.g. "
                "1,20,1 (got '%s')\n",
                args.feedback);
        return 2;
    }
    if (searcher_open(&d.s, &args.db, 1, 0, &err) != PASSIM_OK) {
        fprintf(stderr, "passim: %s: %s\n", args.db, err ? err : "cannot open");
        free(err);
        return 3;
    }
    rc = bench_run(args.feedback ? "passim --feedback" : "passim", &args,
                   run_query, &d);
    searcher_free(d.s);
    return rc;
}
