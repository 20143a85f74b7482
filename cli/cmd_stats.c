/* cmd_stats.c — `passim stats`: what a database holds. */
#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "cli.h"

static const char usage[] =
    "usage: passim stats [--db DIR]... [--json]\n"
    "\n"
    "Print the number of articles, passages and terms, the languages, the\n"
    "size on disk, the revision, the time of the last indexing run that\n"
    "changed the database, and the analyzer version.\n";

static const char footer[] =
    "Exit status: 0 success, 2 usage error, 3 database error.\n";

enum { STATS_DB = 1, STATS_JSON };

/* clang-format off */
static const cli_option options[] = {
    {.id = STATS_DB, .name = "db", .arg = CLI_ARG_DIR, .flags = CLI_REPEAT,
     .meta = "DIR",
     .help = "database (repeatable; default $PASSIM_DB, else\n"
             "~/.local/share/passim/default)"},
    {.id = STATS_JSON, .name = "json", .flags = CLI_JSON,
     .help = "print one JSON object (and a usage error as\n"
             "{\"error\": ...})"},
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};
/* clang-format on */

static int run(int argc, char **argv);
const cli_command cli_stats_command = {
    .name = "stats",
    .run = run,
    .summary = "Show what a database holds",
    .usage = usage,
    .options = options,
    .footer = footer,
    .args = CLI_ARG_NONE,
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
    /* The languages, run time and analyzer come from the database. */
    printf("articles:  %llu\npassages:  %llu\nterms:     %llu\n"
           "languages: ",
           s->articles, s->passages, s->terms);
    cli_term_puts(stdout, s->languages);
    printf("\nsize:      %.1f MB\nrevision:  %llu\nlast run:  ",
           (double)s->bytes / 1e6, s->revision);
    cli_term_puts(stdout, *s->last_run ? s->last_run : "never");
    fputs("\nanalyzer:  ", stdout);
    cli_term_puts(stdout, s->analyzer);
    fputc('\n', stdout);
}

static int run(int argc, char **argv)
{
    cli_list dbs = {0};
    passim_db *db = NULL;
    passim_stats s = PASSIM_STATS_INIT;
    bool json = false;
    cli_parser p;
    cli_value v;
    passim_status st;
    int id, rc = EXIT_USAGE;

    cli_parser_init(&p, &cli_stats_command, argc, argv);
    while ((id = cli_parser_next(&p, &v, &rc)) != CLI_END) {
        switch (id) {
        case CLI_STOP:
            goto out;
        case STATS_DB:
            if (!cli_list_add(&dbs, v.text)) {
                rc = cli_no_memory("stats");
                goto out;
            }
            break;
        case STATS_JSON:
            json = true;
            break;
        }
    }
    if (p.nargs) {
        rc = cli_usage(&p, "unexpected '%s'", p.args[0]);
        goto out;
    }
    if ((rc = cli_open(&db, &cli_stats_command, dbs.items, dbs.count, NULL)) !=
        EXIT_OK)
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
    cli_parser_free(&p);
    return rc;
}
