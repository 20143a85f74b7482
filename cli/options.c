/* options.c — reading a subcommand's command line by its option table:
 * options anywhere among the arguments, values checked by their kind. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

/* Whether `word` (a space-separated list) holds `text`. */
static bool has_word(const char *words, const char *text)
{
    size_t n = strlen(text);
    for (const char *w = words; *w;) {
        size_t len = strcspn(w, " ");
        if (len == n && n && strncmp(w, text, n) == 0)
            return true;
        w += len;
        w += strspn(w, " ");
    }
    return false;
}

bool cli_option_read(const cli_option *o, const char *text, cli_value *value)
{
    char *end;
    value->text = text;
    value->on = true;
    switch (o->arg) {
    case CLI_ARG_NONE:
        return true;
    case CLI_ARG_COUNT:
        /* Digits only: strtoull would take "-5" as a huge number. */
        if (!*text || strspn(text, "0123456789") != strlen(text))
            return false;
        errno = 0;
        value->count = strtoull(text, NULL, 10);
        return errno == 0 && value->count >= o->min && value->count <= o->max;
    case CLI_ARG_NUMBER:
        value->number = strtod(text, &end);
        return end != text && !*end && value->number >= o->min &&
               value->number <= o->max;
    case CLI_ARG_CHOICE:
        return has_word(o->words, text);
    case CLI_ARG_TEXT:
        return !o->check || o->check(text, value);
    case CLI_ARG_FILE:
    case CLI_ARG_DIR:
        return *text != '\0';
    }
    return false;
}

const char *cli_option_expects(const cli_option *o, char *buf, size_t size)
{
    size_t at = 0, nwords = 0;
    switch (o->arg) {
    case CLI_ARG_NONE:
        return "true or false";
    case CLI_ARG_COUNT:
        snprintf(buf, size, "a whole number from %.0f to %.0f", o->min, o->max);
        return buf;
    case CLI_ARG_NUMBER:
        snprintf(buf, size, "a number from %g to %g", o->min, o->max);
        return buf;
    case CLI_ARG_CHOICE:
        /* "a, b or c" */
        for (const char *w = o->words; *w; w += strspn(w, " "))
            w += strcspn(w, " "), nwords++;
        buf[0] = '\0';
        for (const char *w = o->words; *w && at < size; nwords--) {
            size_t len = strcspn(w, " ");
            at += (size_t)snprintf(buf + at, size - at, "%.*s%s", (int)len, w,
                                   nwords > 2    ? ", "
                                   : nwords == 2 ? " or "
                                                 : "");
            w += len;
            w += strspn(w, " ");
        }
        return buf;
    case CLI_ARG_TEXT:
        return o->expects ? o->expects : "text";
    case CLI_ARG_FILE:
        return "a file name";
    case CLI_ARG_DIR:
        return "a folder";
    }
    return "";
}

const cli_option *cli_option_find(const cli_option *table, const char *word)
{
    size_t len = strcspn(word, "=");
    if (word[0] != '-')
        return NULL;
    for (const cli_option *o = table; o->name; o++) {
        if (word[1] != '-') {
            if (o->short_name && word[1] == o->short_name && word[2] == '\0')
                return o;
            continue;
        }
        if ((strlen(o->name) == len - 2 &&
             strncmp(word + 2, o->name, len - 2) == 0) ||
            (o->alias && strlen(o->alias) == len - 2 &&
             strncmp(word + 2, o->alias, len - 2) == 0))
            return o;
    }
    return NULL;
}

/* Whether the option takes the next word as its value. */
static bool takes_next(const cli_option *o, const char *word)
{
    return o->arg != CLI_ARG_NONE && !(o->flags & CLI_OPTIONAL) &&
           !strchr(word, '=');
}

void cli_parser_init(cli_parser *p, const cli_command *cmd, int argc,
                     char **argv)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->argc = argc;
    p->argv = argv;
    p->at = 1;
    /* Known before any option is read, so that every usage error, even
     * one before --json, is also given as JSON. */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const cli_option *o = cli_option_find(cmd->options, argv[i]);
        if (o && (o->flags & CLI_JSON))
            p->json = true;
        if (o && takes_next(o, argv[i]))
            i++;
    }
}

/* The long option name typed (before any '=') most likely meant. */
static const char *nearest_option(const cli_option *table, const char *typed)
{
    cli_nearest near;
    cli_nearest_init(&near, typed, strcspn(typed, "="));
    for (const cli_option *o = table; o->name; o++) {
        cli_nearest_offer(&near, o->name);
        cli_nearest_offer(&near, o->alias);
    }
    return cli_nearest_name(&near);
}

static bool add_arg(cli_parser *p, const char *word)
{
    const char **grown = realloc(p->args, (p->nargs + 1) * sizeof *grown);
    if (!grown)
        return false;
    grown[p->nargs++] = word;
    p->args = grown;
    return true;
}

int cli_parser_next(cli_parser *p, cli_value *value, int *rc)
{
    char expects[128];
    while (p->at < p->argc) {
        const char *word = p->argv[p->at++];
        const cli_option *o;
        const char *eq;
        memset(value, 0, sizeof *value);
        if (!p->ended && strcmp(word, "--") == 0) {
            p->ended = true;
            continue;
        }
        o = p->ended ? NULL : cli_option_find(p->cmd->options, word);
        if (!o && !p->ended && strncmp(word, "--", 2) == 0) {
            const char *meant = nearest_option(p->cmd->options, word + 2);
            *rc = meant ? cli_usage(p,
                                    "unknown option '%s'; did you mean "
                                    "'--%s'?",
                                    word, meant)
                        : cli_usage(p,
                                    "unknown option '%s' (an argument that "
                                    "starts with '-' goes after '--')",
                                    word);
            return CLI_STOP;
        }
        if (!o) {
            if (!add_arg(p, word)) {
                *rc = cli_no_memory(p->cmd->name);
                return CLI_STOP;
            }
            continue;
        }
        eq = strchr(word, '=');
        p->written = word;
        p->written_len = (int)(eq ? (size_t)(eq - word) : strlen(word));
        if (eq && (o->arg == CLI_ARG_NONE || o->id == CLI_HELP)) {
            *rc = cli_usage(p, "option '%.*s' takes no value", p->written_len,
                            word);
            return CLI_STOP;
        }
        if (o->id == CLI_HELP) {
            *rc = cli_print_help(p->cmd);
            return CLI_STOP;
        }
        if (o->arg == CLI_ARG_NONE || (!eq && (o->flags & CLI_OPTIONAL))) {
            value->on = true;
            return o->id;
        }
        if (!eq && p->at == p->argc) {
            *rc = cli_usage(p, "option '%s' needs a value: %s", word,
                            cli_option_expects(o, expects, sizeof expects));
            return CLI_STOP;
        }
        if (!cli_option_read(o, eq ? eq + 1 : p->argv[p->at++], value)) {
            *rc = cli_usage(p, "%.*s: '%s' is not %s", p->written_len, word,
                            value->text,
                            cli_option_expects(o, expects, sizeof expects));
            return CLI_STOP;
        }
        return o->id;
    }
    return CLI_END;
}

void cli_parser_free(cli_parser *p)
{
    free(p->args);
    p->args = NULL;
    p->nargs = 0;
}
