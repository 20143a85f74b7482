/* fts5_latency.c — the SQLite FTS5 peer's in-process query latency over the
 * table fts5_build.py writes: every query word quoted (so no word is read as
 * an FTS5 operator) and ANDed, ranked by bm25 (FTS5's `rank`), top 10, with
 * each hit's title and a snippet() of about the width passim shows. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timing.h"

#define MATCH_MAX 4096

static const char select_sql[] =
    "SELECT title, snippet(articles, -1, '[', ']', '\xe2\x80\xa6', 32) "
    "FROM articles WHERE articles MATCH ?1 ORDER BY rank LIMIT 10";

/* `cocoa prices` -> `"cocoa" "prices"`, quotes inside a word doubled.
 * Returns -1 when the query does not fit. */
static int match_expression(char *out, size_t size, const char *query)
{
    size_t n = 0;
    const char *p = query;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (n + 4 > size)
            return -1;
        if (n)
            out[n++] = ' ';
        out[n++] = '"';
        for (; *p && *p != ' ' && *p != '\t'; p++) {
            if (n + 4 > size)
                return -1;
            if (*p == '"')
                out[n++] = '"';
            out[n++] = *p;
        }
        out[n++] = '"';
    }
    out[n] = '\0';
    return 0;
}

static int run_query(void *ctx, const char *query, size_t *nhits)
{
    sqlite3_stmt *stmt = ctx;
    char match[MATCH_MAX];
    size_t hits = 0, bytes = 0;
    int rc;

    if (match_expression(match, sizeof match, query) != 0) {
        fprintf(stderr, "fts5: query too long: %s\n", query);
        return -1;
    }
    sqlite3_reset(stmt);
    rc = sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        bytes += (size_t)sqlite3_column_bytes(stmt, 0);
        bytes += (size_t)sqlite3_column_bytes(stmt, 1);
        hits++;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "fts5: query '%s': %s\n", query,
                sqlite3_errmsg(sqlite3_db_handle(stmt)));
        return -1;
    }
    *nhits = hits;
    return hits == 0 || bytes > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    bench_args args;
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = 3;

    if (bench_args_parse(&args, argc, argv) != 0)
        return 2;
    if (args.feedback) {
        fprintf(stderr, "%s: --feedback is passim's alone\n", argv[0]);
        return 2;
    }
    if (sqlite3_open_v2(args.db, &db, SQLITE_OPEN_READONLY, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(db, select_sql, -1, &stmt, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5: %s: %s\n", args.db,
                db ? sqlite3_errmsg(db) : "cannot open");
        goto out;
    }
    rc = bench_run("fts5", &args, run_query, stmt);
out:
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rc;
}
