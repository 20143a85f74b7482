/*
 * timing.h — what the search latency drivers share, so passim and its peers
 * are read, warmed and timed by the same code: the command line, the query
 * file, one untimed warm-up pass, timed passes with CLOCK_MONOTONIC around
 * each query, and one tab-separated report line on stdout:
 *
 *   system  queries  p50_ms  p95_ms  p99_ms  mean_ms  zero_hit_queries  hits
 *
 * (percentiles by nearest rank over every timed query of every pass; hits
 * is the number of hits returned by the first timed pass). --per-query FILE
 * also writes each query's fastest timed run, "ms<TAB>query" lines, to pick
 * slow or typical queries for a profile.
 */
#ifndef PASSIM_BENCH_TIMING_H
#define PASSIM_BENCH_TIMING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_args {
    const char *db;        /* the index the driver opens */
    const char *queries;   /* one query per line */
    unsigned int rounds;   /* timed passes over all queries (default 3) */
    const char *per_query; /* NULL, or where to write each query's time */
    const char *feedback;  /* NULL, or "DOCS,TERMS,WEIGHT": passim's driver
                              searches with --feedback (the others refuse) */
} bench_args;

/* Reads `DRIVER [--rounds N] [--per-query FILE] DB QUERIES`; prints usage
 * and returns -1 when the command line is wrong. */
int bench_args_parse(bench_args *args, int argc, char **argv);

/* Runs one query, returning 0 and the number of hits, or -1 after printing
 * why it failed. */
typedef int (*bench_query_fn)(void *ctx, const char *query, size_t *nhits);

/* Loads the queries, warms up, times `rounds` passes and prints the report
 * line for `system`. Returns the exit status for main: 0, or 1 when a
 * query failed or the query file could not be read. */
int bench_run(const char *system, const bench_args *args, bench_query_fn fn,
              void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* PASSIM_BENCH_TIMING_H */
