/* cmd_list.c — `passim list`: the articles a database holds, one a line. */
#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "cli.h"

static const char help[] =
    "usage: passim list [--db DIR]... [--json]\n"
    "\n"
    "List the articles of the database, one line each, in id order:\n"
    "ID, DATE, TITLE and PATH separated by tabs (an empty DATE when there\n"
    "is none; PATH '-' for standard input). Control characters in them are\n"
    "shown as \\xHH.\n"
    "\n"
    "Options:\n"
    "  --db DIR     database (repeatable; default $PASSIM_DB, else\n"
    "               ~/.local/share/passim/default)\n"
    "  --json       one JSON object per line (JSON Lines): {\"id\", \"title\",\n"
    "               \"date\" (null when none), \"path\"}\n"
    "  -h, --help   show this help\n"
    "\n"
    "Exit status: 0 success (also for an empty database), 2 usage error,\n"
    "3 database error.\n";

static int run(int argc, char **argv);
const cli_command cli_list_command = {"list", run,
                                      "List the articles of a database", help};

static const struct option options[] = {
    {"db", required_argument, NULL, 'd'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct listing {
    bool json;
    bool failed; /* writing or memory failed: the walk stops */
} listing;

/* A field of a text line: a tab or newline in it must not make a new
 * field or line, nor an escape sequence reach the terminal. */
static void put_field(const char *s, int end)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    putchar(end);
}

static int print_entry(const passim_article_entry *e, void *ctx)
{
    listing *l = ctx;
    if (l->json) {
        cJSON *o = cJSON_CreateObject();
        char *text = NULL;
        bool ok = o && cJSON_AddStringToObject(o, "id", e->id) &&
                  cJSON_AddStringToObject(o, "title", e->title) &&
                  (e->date ? cJSON_AddStringToObject(o, "date", e->date)
                           : cJSON_AddNullToObject(o, "date")) &&
                  cJSON_AddStringToObject(o, "path", e->path ? e->path : "") &&
                  (text = cJSON_PrintUnformatted(o));
        l->failed = !ok || puts(text) < 0;
        free(text);
        cJSON_Delete(o);
    } else {
        put_field(e->id, '\t');
        put_field(e->date, '\t');
        put_field(e->title, '\t');
        put_field(e->path, '\n');
        l->failed = ferror(stdout) != 0;
    }
    return l->failed;
}

static int run(int argc, char **argv)
{
    cli_list dbs = {0};
    passim_db *db = NULL;
    listing l = {false, false};
    passim_status st;
    int c, rc = EXIT_USAGE;

    while ((c = cli_next_option(&cli_list_command, argc, argv, "+h", options,
                                &rc)) != -1) {
        switch (c) {
        case CLI_OPT_STOP: goto out;
        case 'd':
            if (!cli_list_add(&dbs, optarg)) {
                rc = cli_no_memory("list");
                goto out;
            }
            break;
        case 'j': l.json = true; break;
        }
    }
    if (optind < argc) {
        rc = cli_usage(&cli_list_command, "unexpected '%s'", argv[optind]);
        goto out;
    }
    if ((rc = cli_open(&db, &cli_list_command, dbs.items, dbs.count,
                       NULL)) != EXIT_OK)
        goto out;
    if ((st = passim_db_list(db, print_entry, &l)) != PASSIM_OK) {
        rc = cli_fail("list", db, st);
        goto out;
    }
    if (l.failed || fflush(stdout) != 0) {
        cli_error("list", "cannot write the list to standard output");
        rc = EXIT_DATABASE;
        goto out;
    }
    rc = EXIT_OK;
out:
    passim_db_close(db);
    cli_list_free(&dbs);
    return rc;
}
