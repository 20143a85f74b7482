/* cmd_serve.c — `passim serve`: checks that the databases are passim's, then
 * execs Xapian's own `xapian-tcpsrv` on them. passim has no network protocol
 * of its own; this command only spares users the server's arguments. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define SERVER "xapian-tcpsrv"

static const char usage[] =
    "usage: passim serve --port N [OPTIONS] [DB]...\n"
    "\n"
    "Serve databases to `passim search --db tcp://HOST:PORT` (or a stub\n"
    "file line 'remote HOST:PORT') with Xapian's own server, xapian-tcpsrv,\n"
    "which must be on PATH. passim checks every DB is a passim database,\n"
    "then replaces itself with the server, so the pid, signals and exit\n"
    "status are the server's. Several DBs (plain databases or stubs of\n"
    "shards) are served as one. DB defaults to $PASSIM_DB, else\n"
    "~/.local/share/passim/default.\n";

static const char footer[] =
    "Exit status: the server's once it runs; before that 2 usage error,\n"
    "3 database error or xapian-tcpsrv not found.\n";

enum {
    SERVE_PORT = 1,
    SERVE_INTERFACE,
    SERVE_WRITABLE,
    SERVE_TIMEOUT,
    SERVE_ONE_SHOT,
    SERVE_QUIET
};

/* clang-format off */
static const cli_option options[] = {
    {.id = SERVE_PORT, .name = "port", .arg = CLI_ARG_COUNT, .min = 1,
     .max = 65535, .meta = "N", .help = "TCP port to listen on (required)"},
    {.id = SERVE_INTERFACE, .name = "interface", .arg = CLI_ARG_TEXT,
     .check = cli_check_nonempty, .meta = "ADDR", .expects = "an address",
     .help = "address to listen on (default 127.0.0.1; the\n"
             "server has no authentication: listen on another\n"
             "interface only inside a trusted network)"},
    {.id = SERVE_WRITABLE, .name = "writable",
     .help = "accept `passim index --db-writable` (exactly one\n"
             "DB, not a stub: serve each shard on its own). A\n"
             "missing DB is created empty by the server; the\n"
             "first indexing run records passim's analyzer"},
    {.id = SERVE_TIMEOUT, .name = "timeout", .arg = CLI_ARG_COUNT, .min = 1,
     .max = 86400000, .meta = "MS",
     .help = "close connections idle or busy for longer than MS\n"
             "milliseconds (xapian-tcpsrv --timeout; default\n"
             "the server's: 60000 idle, 15000 active)"},
    {.id = SERVE_ONE_SHOT, .name = "one-shot",
     .help = "serve one connection, then exit"},
    {.id = SERVE_QUIET, .name = "quiet",
     .help = "no message per connection on stdout"},
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};
/* clang-format on */

static int run(int argc, char **argv);
const cli_command cli_serve_command = {
    .name = "serve",
    .run = run,
    .summary = "Serve databases over TCP (xapian-tcpsrv)",
    .usage = usage,
    .options = options,
    .footer = footer,
    .args = CLI_ARG_DIR,
};

/* The first executable `name` in a PATH directory, as execvp would pick
 * it; NULL when there is none. Looked up here rather than left to execvp
 * so a missing server is a clear message and exit 3. */
static char *find_on_path(const char *name)
{
    const char *path = getenv("PATH");
    struct stat sb;
    if (!path || !*path)
        return NULL;
    for (const char *p = path;; p++) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        /* An empty entry means the current directory. */
        char *full = NULL;
        if ((len ? asprintf(&full, "%.*s/%s", (int)len, p, name)
                 : asprintf(&full, "./%s", name)) < 0)
            full = NULL;
        if (full && stat(full, &sb) == 0 && S_ISREG(sb.st_mode) &&
            access(full, X_OK) == 0)
            return full;
        free(full);
        if (!colon)
            return NULL;
        p = colon;
    }
}

/* A DB the server will open for writing: not a stub, a passim database
 * when it exists, else a place the server can create it in. */
static int check_writable(const char *location)
{
    passim_status st = passim_db_prepare_writable(location);
    return st == PASSIM_OK ? EXIT_OK : cli_fail("serve", NULL, st);
}

/* Every DB opens as a passim database; the server itself would only
 * notice a bad one when a client connects. */
static int check_readable(const cli_list *dbs)
{
    passim_db *db = NULL;
    int rc = cli_open(&db, &cli_serve_command, dbs->items, dbs->count, NULL);
    passim_db_close(db);
    return rc;
}

static int run(int argc, char **argv)
{
    cli_list dbs = {0}, args = {0};
    char *server = NULL;
    const char *default_db;
    const char *port = NULL, *interface = "127.0.0.1", *timeout = NULL;
    bool writable = false, one_shot = false, quiet = false, ok;
    cli_parser p;
    cli_value v;
    int id, rc = EXIT_USAGE;

    cli_parser_init(&p, &cli_serve_command, argc, argv);
    while ((id = cli_parser_next(&p, &v, &rc)) != CLI_END) {
        switch (id) {
        case CLI_STOP:
            goto out;
        /* Passed on as given (checked): the server reads them again. */
        case SERVE_PORT:
            port = v.text;
            break;
        case SERVE_INTERFACE:
            interface = v.text;
            break;
        case SERVE_WRITABLE:
            writable = true;
            break;
        case SERVE_TIMEOUT:
            timeout = v.text;
            break;
        case SERVE_ONE_SHOT:
            one_shot = true;
            break;
        case SERVE_QUIET:
            quiet = true;
            break;
        }
    }
    if (!port) {
        rc = cli_usage(&p, "--port is required");
        goto out;
    }
    for (size_t i = 0; i < p.nargs; i++) {
        if (strncmp(p.args[i], "tcp://", 6) == 0) {
            rc = cli_usage(&p,
                           "%s: serve a database on disk, not a remote "
                           "one",
                           p.args[i]);
            goto out;
        }
        if (!cli_list_add(&dbs, p.args[i])) {
            rc = cli_no_memory("serve");
            goto out;
        }
    }
    if (writable && dbs.count > 1) {
        rc = cli_usage(&p, "--writable serves exactly one "
                           "database");
        goto out;
    }
    /* The server is given a path: the default database's, when none. */
    if (!dbs.count && !(default_db = passim_default_location())) {
        cli_error("serve", "%s", passim_db_error(NULL));
        rc = EXIT_DATABASE;
        goto out;
    }
    if (!dbs.count && !cli_list_add(&dbs, default_db)) {
        rc = cli_no_memory("serve");
        goto out;
    }
    rc = writable ? check_writable(dbs.items[0]) : check_readable(&dbs);
    if (rc != EXIT_OK)
        goto out;

    server = find_on_path(SERVER);
    if (!server) {
        cli_error("serve",
                  "%s not found on PATH (Debian: apt install "
                  "xapian-tools)",
                  SERVER);
        rc = EXIT_DATABASE;
        goto out;
    }
    ok = cli_list_add(&args, SERVER) && cli_list_add(&args, "--port") &&
         cli_list_add(&args, port) && cli_list_add(&args, "--interface") &&
         cli_list_add(&args, interface);
    if (ok && timeout)
        ok = cli_list_add(&args, "--timeout") && cli_list_add(&args, timeout);
    if (ok && writable)
        ok = cli_list_add(&args, "--writable");
    if (ok && one_shot)
        ok = cli_list_add(&args, "--one-shot");
    if (ok && quiet)
        ok = cli_list_add(&args, "--quiet");
    /* "--" so a DB named like an option stays a DB. */
    ok = ok && cli_list_add(&args, "--");
    for (size_t i = 0; ok && i < dbs.count; i++)
        ok = cli_list_add(&args, dbs.items[i]);
    if (!ok || !cli_list_add(&args, NULL)) {
        rc = cli_no_memory("serve");
        goto out;
    }
    fflush(stdout);
    execv(server, (char *const *)args.items);
    cli_error("serve", "%s: %s", server, strerror(errno));
    rc = EXIT_DATABASE;
out:
    free(server);
    cli_list_free(&args);
    cli_list_free(&dbs);
    cli_parser_free(&p);
    return rc;
}
