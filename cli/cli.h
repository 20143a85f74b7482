/*
 * cli.h — what the subcommands of `passim` share: the command table entry,
 * exit statuses, and small helpers for options and messages.
 */
#ifndef PASSIM_CLI_H
#define PASSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#include "options.h"
#include "passim.h"

/* Exit statuses (documented in README and passim(1)). */
enum {
    EXIT_OK = 0,       /* success, hits found */
    EXIT_NONE = 1,     /* no hits, or some inputs failed */
    EXIT_USAGE = 2,    /* usage or query error */
    EXIT_DATABASE = 3, /* database error */
    EXIT_LOCKED = 4    /* database locked by another writer */
};

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for `passim --help` */
    /* --help (and `passim help NAME`) is usage, the options of the table
     * (the rule of where they stand, then one line or more each), footer */
    const char *usage;
    const cli_option *options;
    const char *footer;
    cli_arg args;          /* what its arguments are (for completion) */
    const char *arg_words; /* CLI_ARG_CHOICE: the words they may be */
    /* Instead of run, a command about the commands (completion): `passim`
     * hands it every subcommand, in the order `passim --help` lists them. */
    int (*run_on_commands)(const struct cli_command *const *commands,
                           size_t ncommands, int argc, char **argv);
} cli_command;

extern const cli_command cli_index_command;
extern const cli_command cli_search_command;
extern const cli_command cli_stats_command;
extern const cli_command cli_delete_command;
extern const cli_command cli_serve_command;
extern const cli_command cli_completion_command;
extern const cli_command cli_prune_command;
extern const cli_command cli_list_command;

/* The languages completion offers for --lang (index and search): the
 * Snowball stemmers, and none. */
#define CLI_LANGUAGES                                                          \
    "arabic armenian basque catalan danish dutch english finnish french "      \
    "german greek hindi hungarian indonesian irish italian lithuanian "        \
    "nepali norwegian portuguese romanian russian serbian spanish swedish "    \
    "tamil turkish yiddish none"

/* The exit status for a library status. */
int cli_exit_status(passim_status st);

/* "passim CMD: message" on stderr, made safe for a terminal (cli_term). */
void cli_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "passim CMD: " and why the last call on `db` failed (NULL: the last call
 * without a handle) on stderr; returns the exit status of `st`. */
int cli_fail(const char *command, const passim_db *db, passim_status st);

/* "passim CMD: out of memory" on stderr; returns its exit status. */
int cli_no_memory(const char *command);

/* A usage error: the message and a pointer to --help on stderr, and when
 * the command line asks for JSON output, {"error": {"code": "usage",
 * "message"}} on stdout; returns EXIT_USAGE. */
int cli_usage(const cli_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The options of the commands that change one database and take no option
 * but --db (once) and --lock-timeout S (delete, prune): one table for
 * both, read by cli_writer_options into *location (NULL: the default
 * database) and opt (mode PASSIM_OPEN_WRITE). Returns -1 when the command
 * goes on (p's arguments follow), else the exit status to end with (help
 * shown, or a usage error said). */
extern const cli_option cli_writer_option_table[];
int cli_writer_options(cli_parser *p, const char **location,
                       passim_db_options *opt);

/* {"id", "error": {"code", "message"[, "offset"]}} as one line on `out`,
 * flushed; without "id" when id is NULL. */
void cli_json_error(FILE *out, const cJSON *id, const char *code,
                    const char *message, const size_t *offset);

/* Opens the databases of --db (none: the default database); on failure
 * says why and returns the exit status, else EXIT_OK. */
int cli_open(passim_db **db, const cli_command *cmd, const char *const *dbs,
             size_t ndbs, const passim_db_options *options);

/* Prints the command's help to stdout and returns EXIT_OK. */
int cli_print_help(const cli_command *cmd);

/* Checks of CLI_ARG_TEXT values (cli_option.check). */
bool cli_check_date(const char *text, cli_value *value); /* YYYY[-MM[-DD]] */
bool cli_check_bm25(const char *text, cli_value *value); /* K1,B */
bool cli_check_feedback(const char *text, cli_value *value); /* D,T,W */
bool cli_check_size(const char *text, cli_value *value);     /* 32M: count */
bool cli_check_tcp(const char *text, cli_value *value);      /* tcp://H:P */
bool cli_check_nonempty(const char *text, cli_value *value);

/* "K1,B" with K1 >= 0 and 0 <= B <= 1. */
bool cli_parse_bm25(const char *text, double *k1, double *b);

/* Text for a terminal (cli/term.c): `len` bytes of `s` written as valid
 * UTF-8 with every control character and invalid byte shown as \xHH, so a
 * file name or title cannot move the cursor, retitle the window or clear
 * the screen. Returns the characters it shows (with out NULL, only counts
 * them). */
size_t cli_term_write(FILE *out, const char *s, size_t len);
void cli_term_puts(FILE *out, const char *s);
/* The same into a string of its own (free it), or NULL. */
char *cli_term_escape(const char *s, size_t len);

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
