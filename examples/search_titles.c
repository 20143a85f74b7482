/*
 * search_titles.c — libpassim in a few lines: open a database, run a query,
 * print the titles of the hits.
 *
 *   cc search_titles.c $(pkg-config --cflags --libs passim) -o search_titles
 *   ./search_titles ~/articles.db 'revenue share'
 *
 * Exit status: 0 hits, 1 no hits, 2 usage or query error, 3 database error.
 */
#include <stdio.h>

#include <passim.h>

int main(int argc, char **argv)
{
    passim_db *db = NULL;
    passim_results *results = NULL;
    passim_status st;
    size_t n;

    if (argc != 3) {
        fprintf(stderr, "usage: %s DATABASE QUERY\n", argv[0]);
        return 2;
    }
    st = passim_db_open(&db, (const char *const *)&argv[1], 1, NULL);
    if (st != PASSIM_OK) {
        fprintf(stderr, "%s\n", passim_db_error(NULL));
        return 3;
    }
    st = passim_search(&results, db, argv[2], NULL);
    if (st != PASSIM_OK) {
        fprintf(stderr, "%s\n", passim_db_error(db));
        passim_db_close(db);
        return st == PASSIM_ERROR_QUERY_SYNTAX ? 2 : 3;
    }
    n = passim_results_hit_count(results);
    for (size_t i = 0; i < n; i++) {
        const passim_hit *hit = passim_results_hit(results, i);
        printf("%u. %s\n", passim_hit_rank(hit),
               passim_hit_field(hit, PASSIM_FIELD_TITLE));
    }
    passim_results_free(results);
    passim_db_close(db);
    return n ? 0 : 1;
}
