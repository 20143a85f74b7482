/* writer_options.c — the option table of the commands that change one
 * database and take no option but --db and --lock-timeout (delete, prune),
 * and its reading. */
#include "cli.h"

enum { WRITER_DB = 1, WRITER_LOCK_TIMEOUT };

/* clang-format off */
const cli_option cli_writer_option_table[] = {
    {.id = WRITER_DB, .name = "db", .arg = CLI_ARG_DIR, .meta = "DIR",
     .help = "database (default $PASSIM_DB, else\n"
             "~/.local/share/passim/default)"},
    {.id = WRITER_LOCK_TIMEOUT, .name = "lock-timeout", .arg = CLI_ARG_COUNT,
     .max = 86400, .meta = "S",
     .help = "wait up to S seconds for another writer"},
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};
/* clang-format on */

int cli_writer_options(cli_parser *p, const char **location,
                       passim_db_options *opt)
{
    cli_value v;
    int id, rc = EXIT_USAGE;
    *location = NULL;
    opt->mode = PASSIM_OPEN_WRITE;
    while ((id = cli_parser_next(p, &v, &rc)) != CLI_END) {
        switch (id) {
        case CLI_STOP:
            return rc;
        case WRITER_DB:
            if (*location)
                return cli_usage(p, "one --db only");
            *location = v.text;
            break;
        case WRITER_LOCK_TIMEOUT:
            opt->lock_timeout_s = (unsigned int)v.count;
            break;
        }
    }
    return -1;
}
