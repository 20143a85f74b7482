/* writer_options.c — the command line of the commands that change one
 * database and take no option but --db and --lock-timeout (delete,
 * prune). */
#include "cli.h"

static const struct option options[] = {
    {"db", required_argument, NULL, 'd'},
    {"lock-timeout", required_argument, NULL, 'l'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cli_writer_options(const cli_command *cmd, int argc, char **argv,
                       const char **location, passim_db_options *opt)
{
    unsigned long long n;
    int c, rc = EXIT_USAGE;
    *location = NULL;
    opt->mode = PASSIM_OPEN_WRITE;
    while ((c = cli_next_option(cmd, argc, argv, "+h", options, &rc)) !=
           -1) {
        switch (c) {
        case CLI_OPT_STOP: return rc;
        case 'd':
            if (*location)
                return cli_usage(cmd, "one --db only");
            *location = optarg;
            break;
        case 'l':
            if (!cli_parse_count(optarg, 86400, &n))
                return cli_usage(cmd, "--lock-timeout: seconds");
            opt->lock_timeout_s = (unsigned int)n;
            break;
        }
    }
    return -1;
}
