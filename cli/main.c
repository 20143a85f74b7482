/* main.c — the `passim` command: dispatches to one subcommand per file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "suggest.h"

/* Every subcommand, in the order `passim --help` lists them. */
static const cli_command *const commands[] = {
    &cli_index_command,  &cli_search_command,     &cli_stats_command,
    &cli_delete_command, &cli_prune_command,      &cli_list_command,
    &cli_serve_command,  &cli_completion_command,
};
static const size_t ncommands = sizeof commands / sizeof commands[0];

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static int print_usage(FILE *out)
{
    fprintf(out, "usage: passim COMMAND [OPTIONS] [ARGS]\n\n"
                 "Full-text search for collections of articles.\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < ncommands; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out,
            "  %-10s %s\n\n"
            "The database is --db DIR, else $PASSIM_DB, else\n"
            "$XDG_DATA_HOME/passim/default (~/.local/share/passim/default).\n"
            "A command's options may stand anywhere after it; '--' ends them.\n"
            "Exit status: 0 success or articles match, 1 none match or some\n"
            "inputs failed, 2 usage or query error, 3 database error,\n"
            "4 database locked.\n\n"
            "Run 'passim help COMMAND' for a command's options.\n",
            "help", "Show help for a command");
    return 0;
}

static int no_command(const char *name)
{
    cli_nearest near;
    const char *meant;
    cli_nearest_init(&near, name, strlen(name));
    for (size_t i = 0; i < ncommands; i++)
        cli_nearest_offer(&near, commands[i]->name);
    cli_nearest_offer(&near, "help");
    fputs("passim: no command '", stderr);
    cli_term_puts(stderr, name);
    if ((meant = cli_nearest_name(&near)) != NULL)
        fprintf(stderr, "'; did you mean '%s'? See 'passim --help'\n", meant);
    else
        fputs("'; see 'passim --help'\n", stderr);
    return EXIT_USAGE;
}

/* A standard descriptor the caller closed would be handed to the next file
 * opened (a database's lock file, say) and written to. Occupy it with
 * /dev/null opened read-only, so output to it fails visibly instead. */
static void guard_standard_fds(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_RDONLY) != fd)
            _exit(EXIT_USAGE);
}

/* $PASSIM_WRITE_CPU_SECONDS, else the default (passim_write_guard). */
static unsigned int write_cpu_seconds(void)
{
    const char *env = getenv("PASSIM_WRITE_CPU_SECONDS");
    char *end;
    unsigned long n;
    if (!env || !*env)
        return PASSIM_DEFAULT_WRITE_CPU_SECONDS;
    errno = 0;
    n = strtoul(env, &end, 10);
    return errno || *end || n > 1000000 ? PASSIM_DEFAULT_WRITE_CPU_SECONDS
                                        : (unsigned int)n;
}

/* Writes text to stderr with write(2) alone, errors ignored: nothing is
 * left to tell them to. */
static void fatal_write(const char *text)
{
    ssize_t n = write(STDERR_FILENO, text, strlen(text));
    (void)n;
}

/* What libpassim cannot go on after (passim_fatal_fn: a crash or a loop of
 * Xapian's, memory gone inside its matcher) ends passim as a database
 * error, with "passim: " and the library's message. It may run inside a
 * signal handler over a damaged heap: write(2), strlen, _exit(2) and
 * cli_exit_status (a switch) only. */
static void on_fatal(passim_status status, const char *message, void *ctx)
{
    (void)ctx;
    fatal_write("passim: ");
    fatal_write(message);
    fatal_write("\n");
    _exit(cli_exit_status(status));
}

int main(int argc, char **argv)
{
    const cli_command *cmd;
    guard_standard_fds();
    passim_fatal_handler_set(on_fatal, NULL);
    if (passim_memory_reserve(PASSIM_DEFAULT_MEMORY_RESERVE) != PASSIM_OK) {
        fputs("passim: out of memory\n", stderr);
        return EXIT_DATABASE;
    }
    /* A crash or an endless loop of Xapian's writing into a damaged
     * database is exit 3 with a message (on_fatal), as the README
     * promises. */
    if (passim_write_guard(write_cpu_seconds()) != PASSIM_OK) {
        fputs("passim: cannot install signal handlers\n", stderr);
        return EXIT_DATABASE;
    }
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return print_usage(stdout);
    if (strcmp(argv[1], "--version") == 0) {
        printf("passim %s\n", passim_version());
        return EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0) {
        if (argc < 3)
            return print_usage(stdout);
        cmd = find_command(argv[2]);
        return cmd ? cli_print_help(cmd) : no_command(argv[2]);
    }
    cmd = find_command(argv[1]);
    if (!cmd)
        return no_command(argv[1]);
    if (cmd->run_on_commands)
        return cmd->run_on_commands(commands, ncommands, argc - 1, argv + 1);
    return cmd->run(argc - 1, argv + 1);
}
