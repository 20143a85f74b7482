/* cmd_search.c — `passim search`: run a query and print hits as text or
 * JSON. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "search_batch.h"
#include "search_settings.h"

static const char usage[] =
    "usage: passim search [OPTIONS] QUERY...\n"
    "       passim search --batch [OPTIONS]\n"
    "\n"
    "Search the database; the words of QUERY are joined by spaces. A word\n"
    "that is exactly an option is one, wherever it stands (azure --json\n"
    "prints JSON); every other word is query text, so 'azure -openai' keeps\n"
    "-openai as NOT openai, and after '--' every word is query text\n"
    "('passim search -- -n' searches for NOT n).\n"
    "\n"
    "Query language:\n"
    "  word                 a word (folded and stemmed: Azure finds azure,\n"
    "                       partnerships finds partnership)\n"
    "  \"exact phrase\"       the words in this order\n"
    "  a AND b, a OR b      both / either (upper case; words side by side:\n"
    "                       those having all come first, see --match)\n"
    "  NOT a, -a, +a        without a / a required\n"
    "  ( ... )              grouping\n"
    "  a NEAR b, a NEAR/n b within 10 (n) words of each other\n"
    "  prefix*              words starting with prefix\n"
    "  title:x source:x tag:x lang:x id:x     fields\n"
    "  date:2026-04-01..2026-04-30  date:2026-04..  date:..2026  date:2026-04\n";

static const char footer[] =
    "With no hit, text output says \"no matching articles\" (on stderr when\n"
    "stdout is not a terminal).\n"
    "Exit status: 0 articles match (even when --limit 0 or --offset shows\n"
    "none), 1 none match, 2 usage or query error, 3 database error.\n";

static int run(int argc, char **argv);
const cli_command cli_search_command = {
    .name = "search",
    .run = run,
    .summary = "Search a database",
    .usage = usage,
    .options = cli_search_options,
    .footer = footer,
    .args = CLI_ARG_TEXT,
};

/* The query, then a caret under the byte at `offset` (counted in the
 * characters shown, so it lines up under UTF-8 text and escapes). */
static void print_caret(const char *query, size_t offset)
{
    size_t len = strlen(query);
    fputs("  ", stderr);
    cli_term_write(stderr, query, len);
    fprintf(stderr, "\n  %*s^\n",
            (int)cli_term_write(NULL, query, offset < len ? offset : len), "");
}

static char *join_args(size_t n, const char *const *words)
{
    size_t len = 1;
    char *q;
    for (size_t i = 0; i < n; i++)
        len += strlen(words[i]) + 1;
    q = malloc(len);
    if (!q)
        return NULL;
    q[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(q, " ");
        strcat(q, words[i]);
    }
    return q;
}

/* A search that failed: the message (with a caret under a query error's
 * place) on stderr, and as JSON on stdout when JSON was asked for. */
static int search_failed(const cli_parser *p, passim_db *db, const char *query,
                         passim_status st)
{
    size_t offset;
    bool has_offset =
        st == PASSIM_ERROR_QUERY_SYNTAX && passim_db_error_offset(db, &offset);
    int rc = cli_fail("search", db, st);
    if (has_offset)
        print_caret(query, offset);
    if (p->json && rc == EXIT_USAGE)
        cli_json_error(stdout, NULL,
                       st == PASSIM_ERROR_QUERY_SYNTAX ? "query_syntax"
                                                       : "usage",
                       passim_db_error(db), has_offset ? &offset : NULL);
    return rc;
}

/* What text output says beside the hits, on stderr: relaxed matching,
 * a suggestion, notices, and that nothing matched (on stdout when it is a
 * terminal, where the user looks for hits). */
static void print_notes(passim_results *r)
{
    const char *suggestion = passim_results_suggestion(r);
    if (passim_results_relaxed(r))
        fprintf(stderr,
                "passim: fewer articles than a page have all the "
                "words; those having some follow (marked \"some words\")\n");
    if (suggestion) {
        fputs("did you mean: ", stderr);
        cli_term_puts(stderr, suggestion);
        fputc('\n', stderr);
    }
    for (size_t i = 0; i < passim_results_notice_count(r); i++) {
        fputs("passim: ", stderr);
        cli_term_puts(stderr, passim_results_notice(r, i));
        fputc('\n', stderr);
    }
    if (passim_results_total(r) == 0)
        fputs("no matching articles\n",
              isatty(STDOUT_FILENO) ? stdout : stderr);
}

/* NO_COLOR set to anything but "" turns colour off (no-color.org). */
static bool use_color(const char *when)
{
    const char *no_color = getenv("NO_COLOR");
    if (strcmp(when, "auto") != 0)
        return strcmp(when, "always") == 0;
    return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

static int run(int argc, char **argv)
{
    passim_db_options dopt = PASSIM_DB_OPTIONS_INIT;
    cli_print_options popt = {false, false, NULL};
    const cli_printer *printer = cli_printer_find("text");
    search_settings settings;
    cli_parser p;
    cli_value v;
    cli_list dbs = {0};
    passim_db *db = NULL;
    passim_results *r = NULL;
    char *query = NULL, *cwd = NULL;
    const char *color = "auto", *why;
    bool batch = false;
    passim_status st;
    int id, rc = EXIT_USAGE;

    search_settings_init(&settings);
    cli_parser_init(&p, &cli_search_command, argc, argv);
    while ((id = cli_parser_next(&p, &v, &rc)) != CLI_END) {
        switch (id) {
        case CLI_STOP:
            goto out;
        case SEARCH_DB:
            if (!cli_list_add(&dbs, v.text)) {
                rc = cli_no_memory("search");
                goto out;
            }
            break;
        case SEARCH_JSON:
            printer = cli_printer_find("json");
            break;
        case SEARCH_JSONL:
            printer = cli_printer_find("jsonl");
            break;
        case SEARCH_COLOR:
            color = v.text;
            break;
        case SEARCH_TIMEOUT:
            dopt.remote_timeout_ms = (unsigned int)v.count;
            break;
        case SEARCH_BATCH:
            batch = true;
            break;
        case SEARCH_ALLOW_PARTIAL:
            dopt.allow_partial = 1;
            break;
        default:
            if ((why = search_settings_apply(&settings, id, &v))) {
                rc = cli_usage(&p, "%.*s: %s", p.written_len, p.written, why);
                goto out;
            }
        }
    }
    if (p.nargs == 0 && !batch) {
        rc = cli_usage(&p, "no QUERY given");
        goto out;
    }
    if (p.nargs > 0 && batch) {
        rc = cli_usage(&p, "--batch reads queries from standard input, "
                           "not the command line");
        goto out;
    }
    query = join_args(p.nargs, p.args);
    if (!query) {
        rc = cli_no_memory("search");
        goto out;
    }
    popt.explain = settings.opt.explain;
    popt.color = use_color(color);
    popt.cwd = cwd = getcwd(NULL, 0);

    if ((rc = cli_open(&db, &cli_search_command, dbs.items, dbs.count,
                       &dopt)) != EXIT_OK)
        goto out;
    if (batch) {
        rc = cli_search_batch(db, &settings, stdin, stdout);
        goto out;
    }
    st = passim_search(&r, db, query, search_settings_options(&settings));
    if (st != PASSIM_OK) {
        rc = search_failed(&p, db, query, st);
        goto out;
    }
    if (printer == cli_printer_find("text"))
        print_notes(r);
    /* A reader that closed the pipe (| head) ends us quietly. */
    signal(SIGPIPE, SIG_DFL);
    /* A printer fails for want of memory (building JSON) or of somewhere
     * to write; only the first needs saying, the second ends quietly. */
    errno = 0;
    if (printer->print(stdout, r, &popt) != 0 || fflush(stdout) != 0) {
        rc = errno == ENOMEM ? cli_no_memory("search") : EXIT_DATABASE;
        goto out;
    }
    /* Articles match even when --limit 0 or --offset shows none. */
    rc = passim_results_total(r) ? EXIT_OK : EXIT_NONE;
out:
    passim_results_free(r);
    passim_db_close(db);
    free(query);
    free(cwd);
    cli_list_free(&dbs);
    cli_parser_free(&p);
    return rc;
}
