/* cmd_delete.c — `passim delete`: remove articles by id or by file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: passim delete [--db DIR] [--lock-timeout S] ID|PATH...\n"
    "\n"
    "Remove articles: each argument is an article's id (its 'id' field,\n"
    "else the canonical path of its file: the 'id' of search hits), or a\n"
    "file's path as search shows it (PATH or PATH:LINE, relative to the\n"
    "working directory like the paths given to 'passim index'), which\n"
    "removes every article that came from that file. Each argument that\n"
    "names no article is said on stderr.\n";

static const char footer[] =
    "Exit status: 0 all removed, 1 some ids or paths were not found,\n"
    "2 usage error, 3 database error, 4 database locked.\n";

static int run(int argc, char **argv);
const cli_command cli_delete_command = {
    .name = "delete",
    .run = run,
    .summary = "Remove articles by id or file",
    .usage = usage,
    .options = cli_writer_option_table,
    .footer = footer,
    .args = CLI_ARG_TEXT,
};

/* The articles `arg` names, removed: an id, else a file, else a file and
 * the line search shows after it (PATH:LINE). */
static passim_status delete_one(passim_db *db, const char *arg, size_t *found)
{
    const char *colon = strrchr(arg, ':');
    passim_status st = passim_db_delete(found, db, &arg, 1);
    if (st == PASSIM_OK && !*found)
        st = passim_db_delete_file(found, db, arg);
    if (st == PASSIM_OK && !*found && colon && colon > arg && colon[1] &&
        strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
        char *path = strndup(arg, (size_t)(colon - arg));
        st = path ? passim_db_delete_file(found, db, path)
                  : PASSIM_ERROR_NO_MEMORY;
        free(path);
    }
    return st;
}

static int run(int argc, char **argv)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    const char *location;
    passim_db *db = NULL;
    size_t found, total = 0, missing = 0;
    passim_status st = PASSIM_OK;
    cli_parser p;
    int rc;

    cli_parser_init(&p, &cli_delete_command, argc, argv);
    if ((rc = cli_writer_options(&p, &location, &opt)) != -1)
        goto out;
    if (!p.nargs) {
        rc = cli_usage(&p, "no ID or PATH given");
        goto out;
    }
    if ((rc = cli_open(&db, &cli_delete_command, &location, location ? 1 : 0,
                       &opt)) != EXIT_OK)
        goto out;
    for (size_t i = 0; st == PASSIM_OK && i < p.nargs; i++) {
        st = delete_one(db, p.args[i], &found);
        if (st == PASSIM_OK && !found) {
            char *shown = cli_term_escape(p.args[i], strlen(p.args[i]));
            cli_error("delete",
                      "%s: no article has this id or came from "
                      "this file",
                      shown ? shown : p.args[i]);
            free(shown);
            missing++;
        }
        total += found;
    }
    if (st == PASSIM_OK)
        st = passim_db_commit(NULL, db);
    if (st != PASSIM_OK) {
        rc = cli_fail("delete", db, st);
    } else {
        fprintf(stderr, "deleted %zu article%s\n", total,
                total == 1 ? "" : "s");
        rc = missing ? EXIT_NONE : EXIT_OK;
    }
out:
    passim_db_close(db);
    cli_parser_free(&p);
    return rc;
}
