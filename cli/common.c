/* common.c — helpers every passim subcommand uses: exit statuses, messages,
 * option parsing, number parsing, string lists and opening the databases. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_status(passim_status st)
{
    switch (st) {
    case PASSIM_OK:
        return EXIT_OK;
    case PASSIM_ERROR_INVALID_ARGUMENT:
    case PASSIM_ERROR_QUERY_SYNTAX:
        return EXIT_USAGE;
    case PASSIM_ERROR_LOCKED:
        return EXIT_LOCKED;
    case PASSIM_ERROR_INPUT:
        return EXIT_NONE;
    default:
        return EXIT_DATABASE;
    }
}

void cli_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "passim %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_fail(const char *command, const passim_db *db, passim_status st)
{
    const char *why = passim_db_error(db);
    /* No text when even the message could not be allocated. */
    cli_error(command, "%s", *why ? why : passim_status_string(st));
    return cli_exit_status(st);
}

int cli_no_memory(const char *command)
{
    cli_error(command, "%s", passim_status_string(PASSIM_ERROR_NO_MEMORY));
    return cli_exit_status(PASSIM_ERROR_NO_MEMORY);
}

int cli_next_option(const cli_command *cmd, int argc, char **argv,
                    const char *shortopts, const struct option *longopts,
                    int *rc)
{
    int c;
    opterr = 0;
    c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == 'h') {
        *rc = cli_print_help(cmd);
        return CLI_OPT_STOP;
    }
    if (c == '?' || c == ':') {
        *rc = cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        return CLI_OPT_STOP;
    }
    return c;
}

int cli_open(passim_db **db, const cli_command *cmd, const char *const *dbs,
             size_t ndbs, const passim_db_options *options)
{
    passim_status st = passim_db_open(db, dbs, ndbs, options);
    return st == PASSIM_OK ? EXIT_OK : cli_fail(cmd->name, NULL, st);
}

int cli_print_help(const cli_command *cmd)
{
    fputs(cmd->help, stdout);
    return EXIT_OK;
}

int cli_usage(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "passim %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'passim %s --help'.\n", cmd->name);
    return EXIT_USAGE;
}

bool cli_parse_count(const char *text, unsigned long long max,
                     unsigned long long *out)
{
    char *end;
    unsigned long long n;
    if (!text || !*text || *text == '-')
        return false;
    errno = 0;
    n = strtoull(text, &end, 10);
    if (errno || *end || n > max)
        return false;
    *out = n;
    return true;
}

bool cli_list_add(cli_list *list, const char *item)
{
    const char **grown = realloc(list->items,
                                 (list->count + 1) * sizeof *grown);
    if (!grown)
        return false;
    grown[list->count++] = item;
    list->items = grown;
    return true;
}

void cli_list_free(cli_list *list)
{
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

bool cli_parse_date(const char *text, bool upper, char out[11])
{
    return passim_date_bound(out, text, upper) == PASSIM_OK;
}

bool cli_parse_bm25(const char *text, double *k1, double *b)
{
    char *end;
    *k1 = strtod(text, &end);
    if (end == text || *end != ',')
        return false;
    text = end + 1;
    *b = strtod(text, &end);
    return end != text && !*end && *k1 >= 0 && *b >= 0 && *b <= 1;
}

bool cli_parse_weight(const char *text, double *out)
{
    char *end;
    double w = strtod(text, &end);
    if (end == text || *end || !(w >= 0 && w <= 100))
        return false;
    *out = w;
    return true;
}
