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

static const char help[] =
    "usage: passim serve --port N [OPTIONS] [DB]...\n"
    "\n"
    "Serve databases to `passim search --db tcp://HOST:PORT` (or a stub\n"
    "file line 'remote HOST:PORT') with Xapian's own server, xapian-tcpsrv,\n"
    "which must be on PATH. passim checks every DB is a passim database,\n"
    "then replaces itself with the server, so the pid, signals and exit\n"
    "status are the server's. Several DBs (plain databases or stubs of\n"
    "shards) are served as one. DB defaults to $PASSIM_DB, else\n"
    "~/.local/share/passim/default.\n"
    "\n"
    "Options:\n"
    "  --port N             TCP port to listen on (required)\n"
    "  --interface ADDR     address to listen on (default 127.0.0.1; the\n"
    "                       server has no authentication: listen on another\n"
    "                       interface only inside a trusted network)\n"
    "  --writable           accept `passim index --db-writable` (exactly one\n"
    "                       DB, not a stub: serve each shard on its own). A\n"
    "                       missing DB is created empty by the server; the\n"
    "                       first indexing run records passim's analyzer\n"
    "  --timeout MS         close connections idle or busy for longer than MS\n"
    "                       milliseconds (xapian-tcpsrv --timeout; default\n"
    "                       the server's: 60000 idle, 15000 active)\n"
    "  --one-shot           serve one connection, then exit\n"
    "  --quiet              no message per connection on stdout\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: the server's once it runs; before that 2 usage error,\n"
    "3 database error or xapian-tcpsrv not found.\n";

static int run(int argc, char **argv);
const cli_command cli_serve_command = {
    "serve", run, "Serve databases over TCP (xapian-tcpsrv)", help};

enum { OPT_PORT = 256, OPT_INTERFACE, OPT_WRITABLE, OPT_TIMEOUT,
       OPT_ONE_SHOT, OPT_QUIET };

static const struct option options[] = {
    {"port", required_argument, NULL, OPT_PORT},
    {"interface", required_argument, NULL, OPT_INTERFACE},
    {"writable", no_argument, NULL, OPT_WRITABLE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"one-shot", no_argument, NULL, OPT_ONE_SHOT},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
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
    unsigned long long n;
    int c, rc = EXIT_USAGE;

    while ((c = cli_next_option(&cli_serve_command, argc, argv, "+h",
                                options, &rc)) != -1) {
        switch (c) {
        case CLI_OPT_STOP: goto out;
        case OPT_PORT:
            if (!cli_parse_count(optarg, 65535, &n) || n == 0) {
                rc = cli_usage(&cli_serve_command, "--port: a number from 1 "
                               "to 65535");
                goto out;
            }
            port = optarg;
            break;
        case OPT_INTERFACE:
            if (!*optarg) {
                rc = cli_usage(&cli_serve_command, "--interface: an empty "
                               "address");
                goto out;
            }
            interface = optarg;
            break;
        case OPT_WRITABLE: writable = true; break;
        case OPT_TIMEOUT:
            if (!cli_parse_count(optarg, 86400000, &n) || n == 0) {
                rc = cli_usage(&cli_serve_command, "--timeout: '%s' is not a "
                               "number of milliseconds", optarg);
                goto out;
            }
            timeout = optarg;
            break;
        case OPT_ONE_SHOT: one_shot = true; break;
        case OPT_QUIET: quiet = true; break;
        }
    }
    if (!port) {
        rc = cli_usage(&cli_serve_command, "--port is required");
        goto out;
    }
    for (int i = optind; i < argc; i++) {
        if (strncmp(argv[i], "tcp://", 6) == 0) {
            rc = cli_usage(&cli_serve_command, "%s: serve a database on "
                           "disk, not a remote one", argv[i]);
            goto out;
        }
        if (!cli_list_add(&dbs, argv[i])) {
            rc = cli_no_memory("serve");
            goto out;
        }
    }
    if (writable && dbs.count > 1) {
        rc = cli_usage(&cli_serve_command, "--writable serves exactly one "
                       "database");
        goto out;
    }
    /* The server is given a path: the default database's, when none. */
    if (!dbs.count && (!(default_db = passim_default_location()) ||
                       !cli_list_add(&dbs, default_db))) {
        rc = cli_no_memory("serve");
        goto out;
    }
    rc = writable ? check_writable(dbs.items[0]) : check_readable(&dbs);
    if (rc != EXIT_OK)
        goto out;

    server = find_on_path(SERVER);
    if (!server) {
        cli_error("serve", "%s not found on PATH (Debian: apt install "
                  "xapian-tools)", SERVER);
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
    return rc;
}
