/* cmd_completion.c — `passim completion bash`: the bash completion script,
 * written from the commands' option tables, so it offers exactly their
 * options and, after an option, its values. The build writes it once
 * (passim.bash) for `cmake --install`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: passim completion [bash]\n"
    "\n"
    "Print the bash completion script of passim: its commands, their\n"
    "options and the values options take. Installed as\n"
    "share/bash-completion/completions/passim; or load it by hand:\n"
    "  source <(passim completion bash)\n";

static const char footer[] = "Exit status: 0 printed, 2 usage error.\n";

/* clang-format off */
static const cli_option options[] = {
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};
/* clang-format on */

static int run(const cli_command *const *commands, size_t ncommands, int argc,
               char **argv);
const cli_command cli_completion_command = {
    .name = "completion",
    .summary = "Print the bash completion script",
    .usage = usage,
    .options = options,
    .footer = footer,
    .args = CLI_ARG_CHOICE,
    .arg_words = "bash",
    .run_on_commands = run,
};

/* The part of the script that no table changes: finding the subcommand
 * and the word being completed, and completing file names. */
static const char head[] =
    "# passim completion for bash, written by `passim completion bash` from\n"
    "# the option tables of passim %s: its commands, their options, and the\n"
    "# values options take. Needs nothing from the bash-completion package.\n"
    "\n"
    "_passim_names() # compgen's -f or -d: file or folder names\n"
    "{\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    mapfile -t COMPREPLY < <(compgen \"$1\" -- \"$cur\")\n"
    "}\n"
    "\n"
    "_passim_words() # WORDS: those of them that start with the word\n"
    "{\n"
    "    mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\")\n"
    "}\n"
    "\n"
    "_passim()\n"
    "{\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]}\n"
    "    local prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
    "    local cmd=\"\" opts=\"\" args=\"\" i\n"
    "\n"
    "    # The subcommand: the first word after passim that is no option.\n"
    "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
    "        case ${COMP_WORDS[i]} in\n"
    "        -*) ;;\n"
    "        *) cmd=${COMP_WORDS[i]}; break ;;\n"
    "        esac\n"
    "    done\n"
    "    COMPREPLY=()\n"
    "    case $cmd in\n";

static const char tail[] = "    *) return ;;\n"
                           "    esac\n"
                           "\n"
                           "    if [[ $cur == -* ]]; then\n"
                           "        _passim_words \"$opts\"\n"
                           "    elif [[ $args == -* ]]; then\n"
                           "        _passim_names \"$args\"\n"
                           "    elif [[ -n $args ]]; then\n"
                           "        _passim_words \"$args\"\n"
                           "    fi\n"
                           "}\n"
                           "complete -F _passim passim\n";

/* "-n | --limit": every spelling of the option. */
static void print_spellings(const cli_option *o, const char *sep)
{
    if (o->short_name)
        printf("-%c%s", o->short_name, sep);
    printf("--%s", o->name);
    if (o->alias)
        printf("%s--%s", sep, o->alias);
}

/* How the values of this kind are completed: compgen's -f or -d, or
 * words; NULL: not at all. */
static const char *completes(cli_arg kind, const char *words)
{
    switch (kind) {
    case CLI_ARG_FILE:
        return "-f";
    case CLI_ARG_DIR:
        return "-d";
    default:
        return words;
    }
}

static void print_command(const cli_command *cmd)
{
    const char *args = completes(cmd->args, cmd->arg_words);
    printf("    %s)\n        opts=\"", cmd->name);
    for (const cli_option *o = cmd->options; o->name; o++) {
        printf("%s", o == cmd->options ? "" : " ");
        print_spellings(o, " ");
    }
    printf("\"\n        args=\"%s\"\n", args ? args : "");
    printf("        case $prev in\n");
    for (const cli_option *o = cmd->options; o->name; o++) {
        const char *how = completes(o->arg, o->words);
        /* A flag, or a value only ever given as --name=VALUE */
        if (o->arg == CLI_ARG_NONE || (o->flags & CLI_OPTIONAL))
            continue;
        printf("        ");
        print_spellings(o, " | ");
        if (!how)
            printf(") return ;; # a value of the user's own\n");
        else
            printf(") _passim_%s \"%s\"; return ;;\n",
                   how[0] == '-' ? "names" : "words", how);
    }
    printf("        esac ;;\n");
}

static int run(const cli_command *const *commands, size_t ncommands, int argc,
               char **argv)
{
    cli_parser p;
    cli_value v;
    int id, rc = EXIT_USAGE;
    cli_parser_init(&p, &cli_completion_command, argc, argv);
    while ((id = cli_parser_next(&p, &v, &rc)) != CLI_END)
        if (id == CLI_STOP)
            goto out;
    if (p.nargs > 1 || (p.nargs == 1 && strcmp(p.args[0], "bash") != 0)) {
        rc = cli_usage(&p, "only bash is known, not '%s'", p.args[p.nargs - 1]);
        goto out;
    }
    printf(head, passim_version());
    printf("    \"\")\n        _passim_words \"");
    for (size_t i = 0; i < ncommands; i++)
        printf("%s ", commands[i]->name);
    printf("help -h --help --version\"\n        return ;;\n");
    printf("    help)\n        [[ $prev == help ]] && _passim_words \"");
    for (size_t i = 0; i < ncommands; i++)
        printf("%s%s", i ? " " : "", commands[i]->name);
    printf("\"\n        return ;;\n");
    for (size_t i = 0; i < ncommands; i++)
        print_command(commands[i]);
    fputs(tail, stdout);
    rc = fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_DATABASE;
out:
    cli_parser_free(&p);
    return rc;
}
