/* common.c — helpers every passim subcommand uses: exit statuses, messages
 * (on stderr, and as JSON for commands printing JSON), string lists and
 * opening the databases. */
#include "cli.h"

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

/* "passim CMD: " and the message, escaped for the terminal; the message
 * (to free) in *text when asked for. A message that cannot be formatted
 * for want of memory says so. */
static void print_message(const char *command, char **text, const char *fmt,
                          va_list ap)
{
    char *message = NULL;
    if (vasprintf(&message, fmt, ap) < 0)
        message = NULL;
    fprintf(stderr, "passim %s: ", command);
    cli_term_puts(stderr, message
                              ? message
                              : passim_status_string(PASSIM_ERROR_NO_MEMORY));
    fputc('\n', stderr);
    if (text)
        *text = message;
    else
        free(message);
}

void cli_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_message(command, NULL, fmt, ap);
    va_end(ap);
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
    fprintf(stderr, "passim %s: %s\n", command,
            passim_status_string(PASSIM_ERROR_NO_MEMORY));
    return cli_exit_status(PASSIM_ERROR_NO_MEMORY);
}

int cli_usage(const cli_parser *p, const char *fmt, ...)
{
    char *message;
    va_list ap;
    va_start(ap, fmt);
    print_message(p->cmd->name, &message, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'passim %s --help'.\n", p->cmd->name);
    if (p->json)
        cli_json_error(stdout, NULL, "usage",
                       message ? message
                               : passim_status_string(PASSIM_ERROR_NO_MEMORY),
                       NULL);
    free(message);
    return EXIT_USAGE;
}

/* The error object {"code", "message"[, "offset"]}, or NULL. */
static cJSON *error_object(const char *code, const char *message,
                           const size_t *offset)
{
    /* Escaped as for a terminal: the message may quote a command line or
     * a request, which need not be UTF-8, and JSON must be. */
    char *text = cli_term_escape(message, strlen(message));
    cJSON *e = cJSON_CreateObject();
    bool ok =
        text && e && cJSON_AddStringToObject(e, "code", code) &&
        cJSON_AddStringToObject(e, "message", text) &&
        (!offset || cJSON_AddNumberToObject(e, "offset", (double)*offset));
    free(text);
    if (ok)
        return e;
    cJSON_Delete(e);
    return NULL;
}

void cli_json_error(FILE *out, const cJSON *id, const char *code,
                    const char *message, const size_t *offset)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *e = error_object(code, message, offset);
    char *text = NULL;
    if (o && e &&
        (!id || cJSON_AddItemToObject(o, "id", cJSON_Duplicate(id, true))) &&
        cJSON_AddItemToObject(o, "error", e)) {
        e = NULL;
        text = cJSON_PrintUnformatted(o);
    }
    if (text) {
        fputs(text, out);
        fputc('\n', out);
    }
    fflush(out);
    free(text);
    cJSON_Delete(e);
    cJSON_Delete(o);
}

int cli_open(passim_db **db, const cli_command *cmd, const char *const *dbs,
             size_t ndbs, const passim_db_options *options)
{
    passim_status st = passim_db_open(db, dbs, ndbs, options);
    return st == PASSIM_OK ? EXIT_OK : cli_fail(cmd->name, NULL, st);
}

bool cli_list_add(cli_list *list, const char *item)
{
    const char **grown =
        realloc(list->items, (list->count + 1) * sizeof *grown);
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
