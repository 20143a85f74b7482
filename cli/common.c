/* common.c — helpers every passim subcommand uses: exit statuses, messages,
 * number parsing, string lists and the default database. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db.h"

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

bool cli_databases(cli_list *list, char **owned)
{
    *owned = NULL;
    if (list->count)
        return true;
    *owned = db_default_path();
    return *owned && cli_list_add(list, *owned);
}

bool cli_parse_date(const char *text, bool upper, char out[11])
{
    return date_parse_bound(text, strlen(text), upper, out) == NULL;
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
