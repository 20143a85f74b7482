/*
 * cli.h — what the subcommands of `passim` share: the command table entry,
 * exit statuses, and small helpers for options and messages.
 */
#ifndef PASSIM_CLI_H
#define PASSIM_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "passim.h"

/* Exit statuses (documented in README and passim(1)). */
enum {
    EXIT_OK = 0,          /* success, hits found */
    EXIT_NONE = 1,        /* no hits, or some inputs failed */
    EXIT_USAGE = 2,       /* usage or query error */
    EXIT_DATABASE = 3,    /* database error */
    EXIT_LOCKED = 4       /* database locked by another writer */
};

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for `passim --help` */
    const char *help;    /* the full text for `passim help NAME` / --help */
} cli_command;

extern const cli_command cli_index_command;
extern const cli_command cli_search_command;
extern const cli_command cli_stats_command;
extern const cli_command cli_delete_command;
extern const cli_command cli_serve_command;
extern const cli_command cli_prune_command;
extern const cli_command cli_list_command;

/* The exit status for a library status. */
int cli_exit_status(passim_status st);

/* "passim CMD: message" on stderr. */
void cli_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "passim CMD: " and why the last call on `db` failed (NULL: the last call
 * without a handle) on stderr; returns the exit status of `st`. */
int cli_fail(const char *command, const passim_db *db, passim_status st);

/* "passim CMD: out of memory" on stderr; returns its exit status. */
int cli_no_memory(const char *command);

/* The next option of a subcommand's command line: getopt_long, options
 * before arguments, no messages of getopt's own. -1 after the last one;
 * CLI_OPT_STOP when the command ends here, with *rc its exit status: -h or
 * --help (the help printed) or a bad option (a usage error). */
#define CLI_OPT_STOP (-2)
int cli_next_option(const cli_command *cmd, int argc, char **argv,
                    const char *shortopts, const struct option *longopts,
                    int *rc);

/* The options of a command that changes one database and takes none but
 * --db (once) and --lock-timeout S: *location (NULL: the default
 * database) and opt->lock_timeout_s, with opt->mode PASSIM_OPEN_WRITE.
 * -1 when they are good (optind is the first argument), else the exit
 * status to end with (the help shown, or a usage error said). */
int cli_writer_options(const cli_command *cmd, int argc, char **argv,
                       const char **location, passim_db_options *opt);

/* Opens the databases of --db (none: the default database); on failure
 * says why and returns the exit status, else EXIT_OK. */
int cli_open(passim_db **db, const cli_command *cmd, const char *const *dbs,
             size_t ndbs, const passim_db_options *options);

/* Prints the command's help to stdout and returns EXIT_OK. */
int cli_print_help(const cli_command *cmd);

/* A usage error: the message, a pointer to --help, EXIT_USAGE. */
int cli_usage(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parses a whole non-negative number; false when `text` is not one. */
bool cli_parse_count(const char *text, unsigned long long max,
                     unsigned long long *out);

/* A date bound: YYYY-MM-DD, or YYYY-MM / YYYY widened to the period's first
 * day (upper false) or last day (upper true). */
bool cli_parse_date(const char *text, bool upper, char out[11]);

/* "K1,B" with K1 >= 0 and 0 <= B <= 1. */
bool cli_parse_bm25(const char *text, double *k1, double *b);

/* A ranking weight: a number from 0 to 100. */
bool cli_parse_weight(const char *text, double *out);

/* How the search printers print (cli/print.c). */
typedef struct cli_print_options {
    bool color;      /* ANSI colour for titles and highlights (text only) */
    bool explain;    /* score breakdowns (text; JSON carries them always) */
    const char *cwd; /* paths under it are shown relative (text only) */
} cli_print_options;

/* One printer interface with text and JSON behind it. print returns 0, or
 * -1 when writing failed or (errno ENOMEM) memory ran out. */
typedef struct cli_printer {
    const char *name; /* "text", "json", "jsonl" */
    int (*print)(FILE *out, passim_results *r, const cli_print_options *o);
} cli_printer;

/* The printer of that name, or NULL. */
const cli_printer *cli_printer_find(const char *name);

/* A growable list of strings that borrows its items (argv, optarg). */
typedef struct cli_list {
    const char **items;
    size_t count;
} cli_list;
bool cli_list_add(cli_list *list, const char *item);
void cli_list_free(cli_list *list);

#endif /* PASSIM_CLI_H */
