/* help.c — a subcommand's --help: its usage, then every option of its
 * table with the rule of where options stand, then its footer. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

/* Where the help of an option starts. */
#define HELP_COLUMN 23

/* Appends to the string in buf, cut at its size. */
static void append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

/* "-n, --limit N", "--color, --colour auto|always|never",
 * "--feedback[=D,T,W]" into buf; its length. */
static size_t option_names(const cli_option *o, char *buf, size_t size)
{
    buf[0] = '\0';
    if (o->short_name)
        append(buf, size, "-%c, ", o->short_name);
    append(buf, size, "--%s", o->name);
    if (o->alias)
        append(buf, size, ", --%s", o->alias);
    if (o->arg != CLI_ARG_NONE && (o->flags & CLI_OPTIONAL))
        append(buf, size, "[=%s]", o->meta);
    else if (o->arg != CLI_ARG_NONE && o->meta)
        append(buf, size, " %s", o->meta);
    else if (o->arg != CLI_ARG_NONE) /* a choice: its words */
        for (const char *w = o->words, *sep = " "; *w; sep = "|") {
            size_t len = strcspn(w, " ");
            append(buf, size, "%s%.*s", sep, (int)len, w);
            w += len;
            w += strspn(w, " ");
        }
    return strlen(buf);
}

static void print_option(const cli_option *o)
{
    char names[128];
    size_t n = option_names(o, names, sizeof names);
    const char *line = o->help;
    if (n <= HELP_COLUMN - 4)
        printf("  %-*s", HELP_COLUMN - 2, names);
    else
        printf("  %s\n%*s", names, HELP_COLUMN, "");
    for (;;) {
        size_t len = strcspn(line, "\n");
        printf("%.*s\n", (int)len, line);
        if (!line[len])
            break;
        line += len + 1;
        printf("%*s", HELP_COLUMN, "");
    }
}

/* The keys of batch requests, when the command has them: "q", "id" and
 * the options' own, each taking what its option takes. */
static void print_batch_keys(const cli_option *table)
{
    bool started = false;
    size_t column = 0;
    for (const cli_option *o = table; o->name; o++) {
        size_t len = o->batch_key ? strlen(o->batch_key) : 0;
        if (!len)
            continue;
        if (!started) {
            fputs("\nKeys of --batch requests (JSON values of what the "
                  "options take):\n",
                  stdout);
            column = (size_t)printf("q (the query), id (echoed)");
            started = true;
        }
        if (column + len + 2 > 76) {
            fputs(",\n", stdout);
            column = 0;
        } else {
            fputs(", ", stdout);
            column += 2;
        }
        column += (size_t)printf("%s", o->batch_key);
    }
    if (started)
        fputs("\n", stdout);
}

int cli_print_help(const cli_command *cmd)
{
    fputs(cmd->usage, stdout);
    fputs("\nOptions (anywhere among the arguments: a word that is exactly "
          "an option,\n--name VALUE or --name=VALUE, is that option; every "
          "other word, and every\nword after '--', is an argument):\n",
          stdout);
    for (const cli_option *o = cmd->options; o->name; o++)
        print_option(o);
    print_batch_keys(cmd->options);
    fputs("\n", stdout);
    fputs(cmd->footer, stdout);
    return EXIT_OK;
}
