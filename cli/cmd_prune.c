/* cmd_prune.c — `passim prune`: remove the articles whose files are gone,
 * wherever they were. */
#include <stdio.h>

#include "cli.h"

static const char usage[] =
    "usage: passim prune [--db DIR] [--lock-timeout S]\n"
    "\n"
    "Remove every article whose file is gone, wherever it was: after a\n"
    "folder is moved or renamed, the articles of its old place (which\n"
    "'passim index --prune NEWPLACE' does not reach). Only a file the\n"
    "system says does not exist is gone: one that cannot be read (no\n"
    "permission, an unmounted disk's folder still there) is kept. Articles\n"
    "from standard input are kept.\n";

static const char footer[] =
    "Exit status: 0 success (also when nothing was gone), 2 usage error,\n"
    "3 database error, 4 database locked.\n";

static int run(int argc, char **argv);
const cli_command cli_prune_command = {
    .name = "prune",
    .run = run,
    .summary = "Remove articles whose files are gone",
    .usage = usage,
    .options = cli_writer_option_table,
    .footer = footer,
    .args = CLI_ARG_NONE,
};

static int run(int argc, char **argv)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    const char *location;
    passim_db *db = NULL;
    size_t removed = 0;
    passim_status st;
    cli_parser p;
    int rc;

    cli_parser_init(&p, &cli_prune_command, argc, argv);
    if ((rc = cli_writer_options(&p, &location, &opt)) != -1)
        goto out;
    if (p.nargs) {
        rc = cli_usage(&p, "unexpected '%s'", p.args[0]);
        goto out;
    }
    if ((rc = cli_open(&db, &cli_prune_command, &location, location ? 1 : 0,
                       &opt)) != EXIT_OK)
        goto out;
    st = passim_db_prune_all(&removed, db);
    if (st == PASSIM_OK)
        st = passim_db_commit(NULL, db);
    if (st != PASSIM_OK) {
        rc = cli_fail("prune", db, st);
    } else {
        fprintf(stderr, "pruned: %zu article%s whose files are gone\n", removed,
                removed == 1 ? "" : "s");
        rc = EXIT_OK;
    }
out:
    passim_db_close(db);
    cli_parser_free(&p);
    return rc;
}
