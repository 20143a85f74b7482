/* cmd_list.c — `passim list`: the articles a database holds, one a line. */
#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "cli.h"

static const char usage[] =
    "usage: passim list [--db DIR]... [--json]\n"
    "\n"
    "List the articles of the database, one line each, in id order:\n"
    "ID, DATE, TITLE and PATH separated by tabs (an empty DATE when there\n"
    "is none; PATH '-' for standard input). Control characters and invalid\n"
    "bytes in them are shown as \\xHH.\n";

static const char footer[] =
    "Exit status: 0 success (also for an empty database), 2 usage error,\n"
    "3 database error.\n";

enum { LIST_DB = 1, LIST_JSON };

/* clang-format off */
static const cli_option options[] = {
    {.id = LIST_DB, .name = "db", .arg = CLI_ARG_DIR, .flags = CLI_REPEAT,
     .meta = "DIR",
     .help = "database (repeatable; default $PASSIM_DB, else\n"
             "~/.local/share/passim/default)"},
    {.id = LIST_JSON, .name = "json", .flags = CLI_JSON,
     .help = "one JSON object per line (JSON Lines): {\"id\",\n"
             "\"title\", \"date\" (null when none), \"path\"}"},
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};
/* clang-format on */

static int run(int argc, char **argv);
const cli_command cli_list_command = {
    .name = "list",
    .run = run,
    .summary = "List the articles of a database",
    .usage = usage,
    .options = options,
    .footer = footer,
    .args = CLI_ARG_NONE,
};

typedef struct listing {
    bool json;
    bool failed; /* writing or memory failed: the walk stops */
} listing;

/* A field of a text line and what ends it: a tab or newline in it must not
 * make a new field or line, nor an escape sequence reach the terminal. */
static void put_field(const char *s, int end)
{
    if (s)
        cli_term_puts(stdout, s);
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
    cli_parser p;
    cli_value v;
    int id, rc = EXIT_USAGE;

    cli_parser_init(&p, &cli_list_command, argc, argv);
    while ((id = cli_parser_next(&p, &v, &rc)) != CLI_END) {
        switch (id) {
        case CLI_STOP:
            goto out;
        case LIST_DB:
            if (!cli_list_add(&dbs, v.text)) {
                rc = cli_no_memory("list");
                goto out;
            }
            break;
        case LIST_JSON:
            l.json = true;
            break;
        }
    }
    if (p.nargs) {
        rc = cli_usage(&p, "unexpected '%s'", p.args[0]);
        goto out;
    }
    if ((rc = cli_open(&db, &cli_list_command, dbs.items, dbs.count, NULL)) !=
        EXIT_OK)
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
    cli_parser_free(&p);
    return rc;
}
