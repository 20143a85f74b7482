/*
 * options.h — the options of passim's subcommands, each declared once, in
 * its command's table (as git's parse-options does): the parser, --help,
 * the keys of batch requests and their checks, and the bash completion
 * are all read from the tables.
 */
#ifndef PASSIM_CLI_OPTIONS_H
#define PASSIM_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct cli_command;

/* What an option's value is. */
typedef enum cli_arg {
    CLI_ARG_NONE,   /* no value: a flag */
    CLI_ARG_COUNT,  /* a whole number from min to max */
    CLI_ARG_NUMBER, /* a number from min to max */
    CLI_ARG_CHOICE, /* one of the words of `words` */
    CLI_ARG_TEXT,   /* text, well formed when `check` says so (when set) */
    CLI_ARG_FILE,   /* a file name */
    CLI_ARG_DIR     /* a folder: a database, or what one may also be */
} cli_arg;

/* Flags of an option. */
#define CLI_OPTIONAL                                                           \
    1u                /* the value may be left out; given, it is --name=VALUE */
#define CLI_REPEAT 2u /* may be given again; a batch key takes an array */
#define CLI_JSON 4u   /* output is JSON: usage errors are too, on stdout */

/* One option as given: on the command line, or as a batch request's key. */
typedef struct cli_value {
    const char *text;         /* the value; NULL when there is none */
    bool on;                  /* a flag: false only from a request's false */
    unsigned long long count; /* CLI_ARG_COUNT, or what `check` read */
    double number;            /* CLI_ARG_NUMBER */
} cli_value;

typedef struct cli_option {
    int id;           /* what the parser returns for it (1 and up) */
    const char *name; /* --name */
    char short_name;  /* -c, or 0 */
    const char *alias;
    cli_arg arg;
    unsigned int flags;
    double min, max; /* of COUNT and NUMBER */
    /* CHOICE: the choices; TEXT: what completion offers (space-separated) */
    const char *words;
    /* TEXT: whether `text` is well formed, reading it into *value */
    bool (*check)(const char *text, cli_value *value);
    const char *meta;      /* the value in --help: "N", "DIR" */
    const char *expects;   /* TEXT with check: its form, for messages */
    const char *batch_key; /* its key in batch requests, or NULL */
    const char *help;      /* for --help; '\n' starts another line */
} cli_option;

/* The ids the parser returns besides an option's own. */
#define CLI_END (-1)  /* no option left */
#define CLI_STOP (-2) /* the command ends here: help printed or usage error */
#define CLI_HELP (-3) /* the id of -h, --help, which the parser answers */

/* The last entry of every table, and the one before it. */
#define CLI_OPTION_HELP                                                        \
    {                                                                          \
        .id = CLI_HELP, .name = "help", .short_name = 'h',                     \
        .help = "show this help"                                               \
    }
#define CLI_OPTIONS_END                                                        \
    {                                                                          \
        .id = 0                                                                \
    }

/* Reads `text` as the value of `o` into *value (text set, on true); false
 * when it is not one. */
bool cli_option_read(const cli_option *o, const char *text, cli_value *value);

/* What a value of `o` must be ("a whole number from 1 to 256", "all or
 * any"), for messages; written into buf. */
const char *cli_option_expects(const cli_option *o, char *buf, size_t size);

/* The option of `table` whose --name, --alias or -c is `word` (up to its
 * '=', if any), or NULL. */
const cli_option *cli_option_find(const cli_option *table, const char *word);

/*
 * The command line of a subcommand. Options may stand anywhere: a word that
 * is exactly an option (--name, --name VALUE, --name=VALUE, -c VALUE) is
 * that option; a word starting with -- that is no option is a usage error;
 * every other word, "-word" too, is an argument; every word after "--" is
 * an argument.
 */
typedef struct cli_parser {
    const struct cli_command *cmd;
    int argc;
    char **argv;
    int at;            /* the next word */
    bool ended;        /* "--" was seen */
    bool json;         /* a CLI_JSON option is on the line */
    const char **args; /* the arguments, in order */
    size_t nargs;
    const char *written; /* the last option as written, for messages */
    int written_len;
} cli_parser;

void cli_parser_init(cli_parser *p, const struct cli_command *cmd, int argc,
                     char **argv);
/* The id of the next option, its value in *value; CLI_END after the last
 * (the arguments are then all in p->args); CLI_STOP with *rc the exit
 * status when the command ends here (-h, a bad option or value, out of
 * memory), the message printed. */
int cli_parser_next(cli_parser *p, cli_value *value, int *rc);
void cli_parser_free(cli_parser *p);

#endif /* PASSIM_CLI_OPTIONS_H */
