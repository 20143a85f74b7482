/* cmd_delete.c — `passim delete`: remove articles by id. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "indexer.h"

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
    indexer_options opt = {0};
    cli_list dbs = {0};
    indexer *ix = NULL;
    char *errmsg = NULL, *default_db = NULL;
    size_t found = 0, nids;
    unsigned long long n;
    passim_status st;
    int c, rc = EXIT_USAGE;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
        switch (c) {
        case 'd': cli_list_add(&dbs, optarg); break;
        case 'l':
            if (!cli_parse_count(optarg, 86400, &n)) {
                rc = cli_usage(&cli_delete_command, "--lock-timeout: seconds");
                goto out;
            }
            opt.lock_timeout_s = (unsigned int)n;
            break;
        case 'h': rc = cli_print_help(&cli_delete_command); goto out;
        default:
            rc = cli_usage(&cli_delete_command, "unknown option '%s'",
                           argv[optind - 1]);
            goto out;
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
    if (!cli_databases(&dbs, &default_db)) {
        rc = EXIT_DATABASE;
        goto out;
    }
    opt.db = dbs.items[0];
    opt.must_exist = true;
    nids = (size_t)(argc - optind);
    st = indexer_open(&ix, &opt, &errmsg);
    if (st == PASSIM_OK)
        st = indexer_delete(ix, (const char *const *)argv + optind, nids,
                            &found);
    if (st == PASSIM_OK)
        st = indexer_commit(ix, NULL);
    if (st != PASSIM_OK) {
        cli_error("delete", "%s", errmsg ? errmsg : indexer_error(ix));
        rc = cli_exit_status(st);
        goto out;
    }
    fprintf(stderr, "deleted %zu of %zu articles\n", found, nids);
    rc = found == nids ? EXIT_OK : EXIT_NONE;
out:
    indexer_free(ix);
    free(errmsg);
    free(default_db);
    cli_list_free(&dbs);
    return rc;
}
