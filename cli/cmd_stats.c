/* cmd_stats.c — `passim stats`: what a database holds. */
#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "cli.h"

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

static void print_stats(const passim_stats *s, bool json)
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
    passim_db *db = NULL;
    passim_stats s = PASSIM_STATS_INIT;
    bool json = false;
    passim_status st;
    int c, rc = EXIT_USAGE;

    while ((c = cli_next_option(&cli_stats_command, argc, argv, "+h", options,
                                &rc)) != -1) {
        switch (c) {
        case CLI_OPT_STOP: goto out;
        case 'd':
            if (!cli_list_add(&dbs, optarg)) {
                rc = cli_no_memory("stats");
                goto out;
            }
            break;
        case 'j': json = true; break;
        }
    }
    if (optind < argc) {
        rc = cli_usage(&cli_stats_command, "unexpected '%s'", argv[optind]);
        goto out;
    }
    if ((rc = cli_open(&db, &cli_stats_command, dbs.items, dbs.count,
                       NULL)) != EXIT_OK)
        goto out;
    if ((st = passim_db_stats(&s, db)) != PASSIM_OK) {
        rc = cli_fail("stats", db, st);
        goto out;
    }
    print_stats(&s, json);
    rc = EXIT_OK;
out:
    passim_db_close(db);
    cli_list_free(&dbs);
    return rc;
}
