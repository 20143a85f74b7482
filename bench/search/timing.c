/* timing.c — the query loop and the percentiles every latency driver reports
 * (see timing.h), so the numbers of passim and of its peers are comparable
 * by construction. */
#include "timing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct query_list {
    char **lines;
    size_t count;
} query_list;

static void query_list_clear(query_list *ql)
{
    for (size_t i = 0; i < ql->count; i++)
        free(ql->lines[i]);
    free(ql->lines);
    ql->lines = NULL;
    ql->count = 0;
}

/* Non-empty lines, without their line ends. */
static int query_list_load(query_list *ql, const char *path)
{
    FILE *fp = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, room = 0;
    ssize_t len;
    int rc = -1;

    ql->lines = NULL;
    ql->count = 0;
    if (!fp) {
        perror(path);
        return -1;
    }
    while ((len = getline(&line, &cap, fp)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (ql->count == room) {
            size_t grown_room = room ? room * 2 : 1024;
            char **grown = realloc(ql->lines, grown_room * sizeof *grown);
            if (!grown)
                goto out;
            ql->lines = grown;
            room = grown_room;
        }
        if (!(ql->lines[ql->count] = strdup(line)))
            goto out;
        ql->count++;
    }
    if (ferror(fp)) {
        perror(path);
        goto out;
    }
    rc = 0;
out:
    if (rc != 0)
        query_list_clear(ql);
    free(line);
    fclose(fp);
    return rc;
}

int bench_args_parse(bench_args *args, int argc, char **argv)
{
    int i = 1;
    args->rounds = 3;
    args->per_query = NULL;
    args->feedback = NULL;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--rounds") == 0) {
            char *end;
            unsigned long n = strtoul(argv[i + 1], &end, 10);
            if (*end || n == 0 || n > 1000)
                goto usage;
            args->rounds = (unsigned int)n;
        } else if (strcmp(argv[i], "--per-query") == 0) {
            args->per_query = argv[i + 1];
        } else if (strcmp(argv[i], "--feedback") == 0) {
            args->feedback = argv[i + 1];
        } else {
            goto usage;
        }
    }
    if (argc - i != 2)
        goto usage;
    args->db = argv[i];
    args->queries = argv[i + 1];
    return 0;
usage:
    fprintf(stderr,
            "usage: %s [--rounds N] [--per-query FILE] "
            "[--feedback D,T,W] DB QUERIES\n"
            "Times every query of QUERIES (one per line) against DB after one "
            "warm-up pass,\nN timed passes (default 3); prints system, "
            "queries, p50, p95, p99 and mean ms,\nqueries without hits and "
            "hits returned, tab-separated. FILE gets each query's\nfastest "
            "run: ms<TAB>query lines. --feedback (passim only): search "
            "with that feedback.\n",
            argv[0]);
    return -1;
}

/* Each query's fastest timed run: the one least disturbed by other load. */
static int write_per_query(const char *path, const query_list *ql,
                           const double *ms, unsigned int rounds)
{
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        return -1;
    }
    for (size_t i = 0; i < ql->count; i++) {
        double best = ms[i];
        for (size_t r = 1; r < rounds; r++)
            if (ms[r * ql->count + i] < best)
                best = ms[r * ql->count + i];
        fprintf(fp, "%.4f\t%s\n", best, ql->lines[i]);
    }
    if (fclose(fp) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least p% of samples <= it. */
static double percentile(const double *sorted, size_t n, double p)
{
    size_t rank = (size_t)ceil(p / 100.0 * (double)n);
    return sorted[rank > 0 ? rank - 1 : 0];
}

int bench_run(const char *system, const bench_args *args, bench_query_fn fn,
              void *ctx)
{
    query_list ql;
    double *ms = NULL, sum = 0;
    size_t n, zero_hits = 0, hits = 0;
    int rc = 1;

    if (query_list_load(&ql, args->queries) != 0)
        return 1;
    if (ql.count == 0) {
        fprintf(stderr, "%s: no queries\n", args->queries);
        goto out;
    }
    n = ql.count * args->rounds;
    if (!(ms = malloc(n * sizeof *ms)))
        goto out;
    for (size_t i = 0; i < ql.count; i++) {
        size_t h;
        if (fn(ctx, ql.lines[i], &h) != 0)
            goto out;
    }
    for (size_t r = 0; r < args->rounds; r++)
        for (size_t i = 0; i < ql.count; i++) {
            size_t h = 0;
            double t0 = now_ms(), t1;
            if (fn(ctx, ql.lines[i], &h) != 0)
                goto out;
            t1 = now_ms();
            ms[r * ql.count + i] = t1 - t0;
            sum += t1 - t0;
            if (r == 0) {
                zero_hits += h == 0;
                hits += h;
            }
        }
    if (args->per_query &&
        write_per_query(args->per_query, &ql, ms, args->rounds) != 0)
        goto out;
    qsort(ms, n, sizeof *ms, by_value);
    printf("%s\t%zu\t%.4f\t%.4f\t%.4f\t%.4f\t%zu\t%zu\n", system, ql.count,
           percentile(ms, n, 50), percentile(ms, n, 95), percentile(ms, n, 99),
           sum / (double)n, zero_hits, hits);
    rc = fflush(stdout) == 0 ? 0 : 1;
out:
    free(ms);
    query_list_clear(&ql);
    return rc;
}
