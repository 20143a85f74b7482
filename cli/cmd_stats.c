/* cmd_stats.c — `passim stats`: what a database holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"
#include "db.h"
#include "stats.h"

static const char help[] =
    "usage: passim stats [--db DIR]... [--json]\n"
    "\n"
    "Print the number of articles, passages and terms, the languages, the\n"
    "size on disk, the revision, the time of the last indexing run that\n"
    "changed the database, and the analyzer version.\n"
    "\n"
    "Options:\n"
    "  --db DIR     database (repeatable; default $PASSIM_DB, else\n"
    "               ~/.local/share/passim/default)\n"
    "  --json       print one JSON object\n"
    "  -h, --help   show this help\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 database error.\n";

static int run(int argc, char **argv);
const cli_command cli_stats_command = {"stats", run,
                                       "Show what a database holds", help};

static const struct option options[] = {
    {"db", required_argument, NULL, 'd'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void print_stats(const db_stats *s, bool json)
{
    if (json) {
        cJSON *o = cJSON_CreateObject();
        char *text;
        cJSON_AddNumberToObject(o, "articles", (double)s->articles);
        cJSON_AddNumberToObject(o, "passages", (double)s->passages);
        cJSON_AddNumberToObject(o, "terms", (double)s->terms);
        cJSON_AddStringToObject(o, "languages", s->languages);
        cJSON_AddNumberToObject(o, "bytes", (double)s->bytes);
        cJSON_AddNumberToObject(o, "revision", (double)s->revision);
        cJSON_AddStringToObject(o, "last_run", s->last_run);
        cJSON_AddStringToObject(o, "analyzer", s->analyzer);
        text = cJSON_PrintUnformatted(o);
        if (text)
            puts(text);
        free(text);
        cJSON_Delete(o);
        return;
    }
    printf("articles:  %llu\npassages:  %llu\nterms:     %llu\n"
           "languages: %s\nsize:      %.1f MB\nrevision:  %llu\n"
           "last run:  %s\nanalyzer:  %s\n",
           s->articles, s->passages, s->terms, s->languages,
           (double)s->bytes / 1e6, s->revision,
           *s->last_run ? s->last_run : "never", s->analyzer);
}

static int run(int argc, char **argv)
{
    cli_list dbs = {0};
    char *errmsg = NULL, *default_db = NULL;
    xc_db *db = NULL;
    db_stats s = {0};
    bool json = false;
    passim_status st;
    int c, rc = EXIT_USAGE;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
        switch (c) {
        case 'd': cli_list_add(&dbs, optarg); break;
        case 'j': json = true; break;
        case 'h': rc = cli_print_help(&cli_stats_command); goto out;
        default:
            rc = cli_usage(&cli_stats_command, "unknown option '%s'",
                           argv[optind - 1]);
            goto out;
        }
    }
    if (optind < argc) {
        rc = cli_usage(&cli_stats_command, "unexpected '%s'", argv[optind]);
        goto out;
    }
    if (!cli_databases(&dbs, &default_db)) {
        rc = EXIT_DATABASE;
        goto out;
    }
    st = db_open_read(&db, dbs.items, dbs.count, 0, &errmsg);
    if (st == PASSIM_OK)
        st = db_stats_read(db, dbs.items, dbs.count, &s);
    if (st != PASSIM_OK) {
        cli_error("stats", "%s", errmsg ? errmsg : xc_db_error(db));
        rc = cli_exit_status(st);
        goto out;
    }
    print_stats(&s, json);
    rc = EXIT_OK;
out:
    db_stats_clear(&s);
    xc_db_free(db);
    free(errmsg);
    free(default_db);
    cli_list_free(&dbs);
    return rc;
}
