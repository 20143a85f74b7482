/* cmd_delete.c — `passim delete`: remove articles by id. */
#include <stdio.h>

#include "cli.h"

static const char help[] =
    "usage: passim delete [--db DIR] [--lock-timeout S] ID...\n"
    "\n"
    "Remove the articles with these ids (an article's id is its 'id' field,\n"
    "else the canonical path of its file; see the 'id' of search hits).\n"
    "\n"
    "Options:\n"
    "  --db DIR             database (default $PASSIM_DB, else\n"
    "                       ~/.local/share/passim/default)\n"
    "  --lock-timeout S     wait up to S seconds for another writer\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 all removed, 1 some ids were not found, 2 usage error,\n"
    "3 database error, 4 database locked.\n";

static int run(int argc, char **argv);
const cli_command cli_delete_command = {"delete", run,
                                        "Remove articles by id", help};

static const struct option options[] = {
    {"db", required_argument, NULL, 'd'},
    {"lock-timeout", required_argument, NULL, 'l'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int run(int argc, char **argv)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    cli_list dbs = {0};
    passim_db *db = NULL;
    size_t found = 0, nids;
    unsigned long long n;
    passim_status st;
    int c, rc = EXIT_USAGE;

    while ((c = cli_next_option(&cli_delete_command, argc, argv, "+h",
                                options, &rc)) != -1) {
        switch (c) {
        case CLI_OPT_STOP: goto out;
        case 'd':
            if (!cli_list_add(&dbs, optarg)) {
                rc = cli_no_memory("delete");
                goto out;
            }
            break;
        case 'l':
            if (!cli_parse_count(optarg, 86400, &n)) {
                rc = cli_usage(&cli_delete_command, "--lock-timeout: seconds");
                goto out;
            }
            opt.lock_timeout_s = (unsigned int)n;
            break;
        }
    }
    if (optind >= argc) {
        rc = cli_usage(&cli_delete_command, "no ID given");
        goto out;
    }
    if (dbs.count > 1) {
        rc = cli_usage(&cli_delete_command, "one --db only");
        goto out;
    }
    opt.mode = PASSIM_OPEN_WRITE;
    nids = (size_t)(argc - optind);
    if ((rc = cli_open(&db, &cli_delete_command, dbs.items, dbs.count,
                       &opt)) != EXIT_OK)
        goto out;
    st = passim_db_delete(&found, db, (const char *const *)argv + optind,
                          nids);
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
    return rc;
}
