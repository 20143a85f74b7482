/* cmd_delete.c — `passim delete`: remove articles by id. */
#include <stdio.h>

#include "cli.h"

static const char usage[] =
    "usage: passim delete [--db DIR] [--lock-timeout S] ID...\n"
    "\n"
    "Remove the articles with these ids (an article's id is its 'id' field,\n"
    "else the canonical path of its file; see the 'id' of search hits).\n";

static const char footer[] =
    "Exit status: 0 all removed, 1 some ids were not found, 2 usage error,\n"
    "3 database error, 4 database locked.\n";

enum { DELETE_DB = 1, DELETE_LOCK_TIMEOUT };

static const cli_option options[] = {
    {.id = DELETE_DB, .name = "db", .arg = CLI_ARG_DIR, .meta = "DIR",
     .help = "database (default $PASSIM_DB, else\n"
             "~/.local/share/passim/default)"},
    {.id = DELETE_LOCK_TIMEOUT, .name = "lock-timeout", .arg = CLI_ARG_COUNT,
     .max = 86400, .meta = "S",
     .help = "wait up to S seconds for another writer"},
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};

static int run(int argc, char **argv);
const cli_command cli_delete_command = {
    "delete", run, "Remove articles by id", usage, options, footer,
    CLI_ARG_TEXT, NULL};

static int run(int argc, char **argv)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    cli_list dbs = {0};
    passim_db *db = NULL;
    size_t found = 0, nids;
    cli_parser p;
    cli_value v;
    passim_status st;
    int id, rc = EXIT_USAGE;

    cli_parser_init(&p, &cli_delete_command, argc, argv);
    while ((id = cli_parser_next(&p, &v, &rc)) != CLI_END) {
        switch (id) {
        case CLI_STOP: goto out;
        case DELETE_DB:
            if (dbs.count) {
                rc = cli_usage(&p, "one --db only");
                goto out;
            }
            if (!cli_list_add(&dbs, v.text)) {
                rc = cli_no_memory("delete");
                goto out;
            }
            break;
        case DELETE_LOCK_TIMEOUT:
            opt.lock_timeout_s = (unsigned int)v.count;
            break;
        }
    }
    if (!p.nargs) {
        rc = cli_usage(&p, "no ID given");
        goto out;
    }
    opt.mode = PASSIM_OPEN_WRITE;
    nids = p.nargs;
    if ((rc = cli_open(&db, &cli_delete_command, dbs.items, dbs.count,
                       &opt)) != EXIT_OK)
        goto out;
    st = passim_db_delete(&found, db, p.args, nids);
    if (st == PASSIM_OK)
        st = passim_db_commit(NULL, db);
    if (st != PASSIM_OK) {
        rc = cli_fail("delete", db, st);
        goto out;
    }
    fprintf(stderr, "deleted %zu of %zu articles\n", found, nids);
    rc = found == nids ? EXIT_OK : EXIT_NONE;
out:
    passim_db_close(db);
    cli_list_free(&dbs);
    cli_parser_free(&p);
    return rc;
}
