/* cmd_index.c — `passim index`: add, update and prune articles in a
 * database from files, folders or JSON Lines on standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "cli.h"

static const char usage[] =
    "usage: passim index [OPTIONS] PATH...\n"
    "       passim index --batch [OPTIONS]\n"
    "\n"
    "Index articles from files and folders (recursively) into a database.\n"
    "PATH '-' reads JSON Lines articles from standard input. Formats by\n"
    "extension: .md .markdown (YAML front matter), .txt, .html .htm, .json,\n"
    ".jsonl .ndjson. Runs are incremental: unchanged articles (same content\n"
    "hash) are skipped; the run commits atomically at its end. An article's\n"
    "id is its 'id' field, else its file's path; from standard input, '-#'\n"
    "and its content hash.\n";

static const char footer[] =
    "Each problem is one line 'path[:line]: reason' on stderr; the batch goes\n"
    "on. Exit status: 0 all indexed, 1 some inputs failed, 2 usage error,\n"
    "3 database error, 4 database locked.\n";

enum {
    INDEX_DB = 1,
    INDEX_DB_WRITABLE,
    INDEX_SHARDS,
    INDEX_JOBS,
    INDEX_LANG,
    INDEX_PRUNE,
    INDEX_COMPACT,
    INDEX_SYNONYMS,
    INDEX_INCLUDE,
    INDEX_EXCLUDE,
    INDEX_MAX_FILE_SIZE,
    INDEX_COMMIT_EVERY,
    INDEX_LOCK_TIMEOUT,
    INDEX_PROGRESS,
    INDEX_JSON,
    INDEX_BATCH,
    INDEX_VERBOSE
};

/* clang-format off */
static const cli_option options[] = {
    {.id = INDEX_DB, .name = "db", .arg = CLI_ARG_DIR, .meta = "DIR",
     .help = "database (default: $PASSIM_DB, else\n"
             "~/.local/share/passim/default); a new or empty\n"
             "folder becomes one, a folder of other files is\n"
             "refused"},
    {.id = INDEX_DB_WRITABLE, .name = "db-writable", .arg = CLI_ARG_TEXT,
     .check = cli_check_tcp, .meta = "tcp://HOST:PORT",
     .expects = "tcp://HOST:PORT",
     .help = "index through a `xapian-tcpsrv --writable`\n"
             "server instead of a local database"},
    {.id = INDEX_SHARDS, .name = "shards", .arg = CLI_ARG_COUNT, .min = 1,
     .max = 256, .meta = "N",
     .help = "make a new database of N shards (a folder with a\n"
             "Xapian stub file); each article goes to the shard\n"
             "picked by a hash of its id"},
    {.id = INDEX_JOBS, .name = "jobs", .arg = CLI_ARG_COUNT, .min = 1,
     .max = 256, .meta = "N",
     .help = "write at most N shards at once (default: the\n"
             "number of online CPUs, at most the shards)"},
    {.id = INDEX_LANG, .name = "lang", .arg = CLI_ARG_TEXT,
     .words = CLI_LANGUAGES, .meta = "LANG",
     .help = "default language of articles without one\n"
             "(a Snowball name or ISO code; default english)"},
    {.id = INDEX_PRUNE, .name = "prune",
     .help = "remove articles whose files under PATH are gone,\n"
             "and articles gone from a JSON (Lines) file\n"
             "('passim prune': gone files wherever they were)"},
    {.id = INDEX_COMPACT, .name = "compact", .arg = CLI_ARG_CHOICE,
     .flags = CLI_OPTIONAL, .words = "auto always never", .meta = "WHEN",
     .help = "compact the database after the run: always (the\n"
             "same as a bare --compact), never, or auto (the\n"
             "default: when the run wrote at least half of the\n"
             "database's articles, as a first indexing does);\n"
             "a compact database is smaller and faster to search"},
    {.id = INDEX_SYNONYMS, .name = "synonyms", .arg = CLI_ARG_FILE,
     .meta = "FILE",
     .help = "store FILE as the database's default synonyms\n"
             "('aws = amazon web services' lines), applied by\n"
             "every search"},
    {.id = INDEX_INCLUDE, .name = "include", .arg = CLI_ARG_TEXT,
     .flags = CLI_REPEAT, .meta = "GLOB",
     .help = "index only matching files and the files in\n"
             "matching folders (repeatable)"},
    {.id = INDEX_EXCLUDE, .name = "exclude", .arg = CLI_ARG_TEXT,
     .flags = CLI_REPEAT, .meta = "GLOB",
     .help = "skip matching files and folders (repeatable)\n"
             "GLOBs are .gitignore patterns on paths under\n"
             "PATH: '*.md' and 'drafts/' (a trailing '/': a\n"
             "folder) match at any depth, '/README.md' and\n"
             "'*/drafts/*' from PATH down; '**' is any number\n"
             "of folders ('blog/**', 'a/**/b')"},
    {.id = INDEX_MAX_FILE_SIZE, .name = "max-file-size", .arg = CLI_ARG_TEXT,
     .check = cli_check_size, .meta = "N",
     .expects = "a size in bytes from 1 (suffix K, M or G)",
     .help = "skip files larger than N bytes (suffix K, M, G;\n"
             "default 32M); JSON Lines are limited per line"},
    {.id = INDEX_COMMIT_EVERY, .name = "commit-every", .arg = CLI_ARG_COUNT,
     .min = 1, .max = 100000000, .meta = "N",
     .help = "commit every N articles (default 2000)"},
    {.id = INDEX_LOCK_TIMEOUT, .name = "lock-timeout", .arg = CLI_ARG_COUNT,
     .max = 86400, .meta = "S",
     .help = "wait up to S seconds for another writer\n"
             "(default 0: fail at once, exit status 4)"},
    {.id = INDEX_PROGRESS, .name = "progress",
     .help = "show progress even when stderr is not a terminal"},
    {.id = INDEX_JSON, .name = "json", .flags = CLI_JSON,
     .help = "print the summary as JSON on stdout (and a usage\n"
             "error as {\"error\": ...})"},
    {.id = INDEX_BATCH, .name = "batch",
     .help = "read JSON Lines articles on stdin and answer each\n"
             "line with one JSON status line on stdout:\n"
             "{\"line\", \"id\", \"status\": added|updated|\n"
             "unchanged|failed, \"reason\"}, flushed at once;\n"
             "commits every --commit-every articles and at\n"
             "the end (no PATH; the summary goes to stderr)"},
    {.id = INDEX_VERBOSE, .name = "verbose", .short_name = 'v',
     .help = "also list skipped files of unknown formats"},
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};
/* clang-format on */

static int run(int argc, char **argv);
const cli_command cli_index_command = {
    .name = "index",
    .run = run,
    .summary = "Index articles into a database",
    .usage = usage,
    .options = options,
    .footer = footer,
    .args = CLI_ARG_FILE,
};

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    bool *progress_shown = ctx;
    if (*progress_shown)
        fputs("\r\033[K", stderr);
    cli_term_puts(stderr, path);
    if (line)
        fprintf(stderr, ":%u", line);
    fputs(": ", stderr);
    cli_term_puts(stderr, reason);
    fputc('\n', stderr);
}

static void on_progress(const passim_progress *p, void *ctx)
{
    bool *progress_shown = ctx;
    double mb = (double)p->bytes / 1e6;
    double rate = p->seconds > 0 ? mb / p->seconds : 0;
    fprintf(stderr,
            "\r\033[Kindexing: %zu files, %zu articles, %.1f MB, "
            "%.1f MB/s",
            p->files, p->articles, mb, rate);
    if (p->total_bytes && rate > 0 && p->bytes <= p->total_bytes)
        fprintf(stderr, ", ETA %.0fs",
                (double)(p->total_bytes - p->bytes) / 1e6 / rate);
    *progress_shown = true;
}

/* false when the summary could not be written (closed or full stdout). */
static bool print_summary(const passim_index_summary *s, bool json)
{
    if (json) {
        cJSON *o = cJSON_CreateObject();
        char *text;
        cJSON_AddNumberToObject(o, "added", (double)s->added);
        cJSON_AddNumberToObject(o, "updated", (double)s->updated);
        cJSON_AddNumberToObject(o, "unchanged", (double)s->unchanged);
        cJSON_AddNumberToObject(o, "removed", (double)s->removed);
        cJSON_AddNumberToObject(o, "failed", (double)s->failed);
        cJSON_AddNumberToObject(o, "passages", (double)s->passages);
        cJSON_AddNumberToObject(o, "mb", (double)s->bytes / 1e6);
        cJSON_AddNumberToObject(o, "seconds", s->seconds);
        cJSON_AddNumberToObject(o, "content_ids", (double)s->content_ids);
        text = cJSON_PrintUnformatted(o);
        if (text)
            puts(text);
        free(text);
        cJSON_Delete(o);
        return text && fflush(stdout) == 0 && !ferror(stdout);
    }
    fprintf(stderr,
            "indexed: %zu added, %zu updated, %zu unchanged, "
            "%zu removed, %zu failed; %zu passages, %.1f MB in %.2f s",
            s->added, s->updated, s->unchanged, s->removed, s->failed,
            s->passages, (double)s->bytes / 1e6, s->seconds);
    /* Said only when it happened: the usual line stays as scripts know it. */
    if (s->content_ids)
        fprintf(stderr,
                "; %zu without an id, named by their content "
                "(-#HASH)",
                s->content_ids);
    fputc('\n', stderr);
    return true;
}

/* The longest JSON Lines record --batch reads; the rest of a longer line is
 * read past, not kept (memory stays bounded). */
#define BATCH_MAX_LINE (64u << 20)

/* Reads one line of stdin without its newline into *buf; *too_long when it
 * was longer than BATCH_MAX_LINE (then *buf holds its start). 1: a line,
 * 0: end of input, -1: out of memory. */
static int read_line(char **buf, size_t *cap, size_t *len, bool *too_long)
{
    int c;
    *len = 0;
    *too_long = false;
    while ((c = getchar()) != EOF && c != '\n') {
        if (*len == BATCH_MAX_LINE) {
            *too_long = true;
            continue;
        }
        if (*len + 1 >= *cap) {
            size_t grown_cap = *cap ? *cap * 2 : 4096;
            char *grown = realloc(*buf, grown_cap);
            if (!grown)
                return -1;
            *buf = grown;
            *cap = grown_cap;
        }
        (*buf)[(*len)++] = (char)c;
    }
    if (*len && (*buf)[*len - 1] == '\r')
        (*len)--;
    if (*cap)
        (*buf)[*len] = '\0';
    return c != EOF || *len > 0 || *too_long ? 1 : 0;
}

/* One status line of --batch; false when stdout failed. */
static bool print_status(unsigned int line, const char *id, const char *status,
                         const char *reason)
{
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;
    bool ok = o && cJSON_AddNumberToObject(o, "line", line) &&
              (id ? cJSON_AddStringToObject(o, "id", id)
                  : cJSON_AddNullToObject(o, "id")) &&
              cJSON_AddStringToObject(o, "status", status) &&
              (!reason || cJSON_AddStringToObject(o, "reason", reason)) &&
              (text = cJSON_PrintUnformatted(o));
    ok = ok && puts(text) >= 0 && fflush(stdout) == 0;
    free(text);
    cJSON_Delete(o);
    return ok;
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t", s[i]))
            return false;
    return true;
}

/* `passim index --batch`: every line of stdin is an article, answered at
 * once; a bad line is answered "failed" and the stream goes on, a database
 * error ends it (its line answered first). */
static int index_batch(passim_db *db, passim_index_summary *summary,
                       size_t *failed)
{
    static const char *const names[] = {"added", "updated", "unchanged"};
    char *buf = NULL;
    size_t cap = 0, len;
    unsigned int line = 0;
    bool too_long;
    int rc = EXIT_OK, got;

    while (rc == EXIT_OK &&
           (got = read_line(&buf, &cap, &len, &too_long)) == 1) {
        passim_outcome outcome;
        const char *id = NULL;
        passim_status st;
        line++;
        if (too_long) {
            ++*failed;
            if (!print_status(line, NULL, "failed",
                              "line too long (over 64 "
                              "MiB)"))
                rc = EXIT_DATABASE;
            continue;
        }
        if (blank(buf, len))
            continue;
        st = passim_db_add_json(&outcome, &id, db, buf, len, "-", line);
        if (st == PASSIM_OK) {
            if (!print_status(line, id, names[outcome], NULL))
                rc = EXIT_DATABASE;
            continue;
        }
        if (!print_status(line, id, "failed", passim_db_error(db)))
            rc = EXIT_DATABASE;
        else if (st == PASSIM_ERROR_INPUT)
            ++*failed;
        else
            rc = cli_fail("index", db, st);
    }
    free(buf);
    if (rc == EXIT_OK && got < 0)
        rc = cli_no_memory("index");
    if (rc == EXIT_OK) {
        passim_status st = passim_db_commit(summary, db);
        if (st != PASSIM_OK)
            rc = cli_fail("index", db, st);
        /* Every failure was a line answered "failed", and only those. */
        summary->failed = *failed;
    }
    return rc;
}

/* Reads and checks a synonyms file; false (after a message) when it cannot
 * be read or has a bad line. */
static bool read_synonyms(const char *path, char **text, size_t *len)
{
    if (passim_synonyms_read(path, text, len) == PASSIM_OK)
        return true;
    cli_error("index", "%s", passim_db_error(NULL));
    return false;
}

static bool is_remote(const char *location)
{
    return strncmp(location, "tcp://", 6) == 0;
}

/* Whether to compact after the run. Xapian writes its B-trees about half
 * full when a run's articles go in between the ones already there, and a
 * compaction fills them (a first indexing of Reuters-21578: 132 MB, 68 MB
 * compacted, in under a second: bench/README.md); a run that wrote little
 * gains little, and a remote database is compacted on its server. */
static bool compact_wanted(passim_db *db, const char *when,
                           const passim_index_summary *summary, bool remote)
{
    passim_stats stats = PASSIM_STATS_INIT;
    size_t written = summary->added + summary->updated;
    bool wanted;
    if (strcmp(when, "auto"))
        return strcmp(when, "always") == 0;
    if (remote || written == 0 || passim_db_stats(&stats, db) != PASSIM_OK)
        return false;
    wanted = 2 * written >= stats.articles;
    return wanted;
}

static int run(int argc, char **argv)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    cli_list dbs = {0}, include = {0}, exclude = {0};
    passim_index_summary summary = PASSIM_INDEX_SUMMARY_INIT;
    passim_db *db = NULL;
    bool json = false, progress = false, progress_shown = false;
    const char *compact = "auto";
    bool batch = false;
    size_t batch_failed = 0;
    const char *synonyms_path = NULL;
    const char *const *paths;
    char *synonyms_text = NULL;
    size_t synonyms_len = 0, npaths;
    cli_parser p;
    cli_value v;
    passim_status st;
    int id, rc = EXIT_USAGE;

    cli_parser_init(&p, &cli_index_command, argc, argv);
    while ((id = cli_parser_next(&p, &v, &rc)) != CLI_END) {
        switch (id) {
        case CLI_STOP:
            goto out;
        case INDEX_DB:
        case INDEX_DB_WRITABLE:
            if (dbs.count) {
                rc = cli_usage(&p, "one database only (--db or "
                                   "--db-writable)");
                goto out;
            }
            if (!cli_list_add(&dbs, v.text)) {
                rc = cli_no_memory("index");
                goto out;
            }
            break;
        case INDEX_SHARDS:
            opt.shards = (unsigned int)v.count;
            break;
        case INDEX_JOBS:
            opt.jobs = (unsigned int)v.count;
            break;
        case INDEX_LANG:
            opt.language = v.text;
            break;
        case INDEX_PRUNE:
            opt.prune = 1;
            break;
        case INDEX_INCLUDE:
        case INDEX_EXCLUDE:
            if (!cli_list_add(id == INDEX_INCLUDE ? &include : &exclude,
                              v.text)) {
                rc = cli_no_memory("index");
                goto out;
            }
            break;
        case INDEX_MAX_FILE_SIZE:
            opt.max_file_size = v.count;
            break;
        case INDEX_COMMIT_EVERY:
            opt.commit_every = (size_t)v.count;
            break;
        case INDEX_LOCK_TIMEOUT:
            opt.lock_timeout_s = (unsigned int)v.count;
            break;
        case INDEX_PROGRESS:
            progress = true;
            break;
        case INDEX_JSON:
            json = true;
            break;
        case INDEX_COMPACT:
            compact = v.text ? v.text : "always";
            break;
        case INDEX_SYNONYMS:
            synonyms_path = v.text;
            break;
        case INDEX_BATCH:
            batch = true;
            break;
        case INDEX_VERBOSE:
            opt.verbose = 1;
            break;
        }
    }
    if (batch && (p.nargs || opt.prune || strcmp(compact, "auto") || json)) {
        rc = cli_usage(&p, "--batch reads standard input: no PATH, "
                           "--prune, --compact or --json");
        goto out;
    }
    if (!batch && !p.nargs) {
        rc = cli_usage(&p, "no PATH given");
        goto out;
    }
    if (synonyms_path &&
        !read_synonyms(synonyms_path, &synonyms_text, &synonyms_len))
        goto out;
    paths = p.args;
    npaths = p.nargs;
    opt.mode = PASSIM_OPEN_CREATE;
    opt.include = include.items;
    opt.ninclude = include.count;
    opt.exclude = exclude.items;
    opt.nexclude = exclude.count;
    opt.problem = on_problem;
    if (progress || isatty(STDERR_FILENO))
        opt.progress = on_progress;
    opt.ctx = &progress_shown;

    if ((rc = cli_open(&db, &cli_index_command, dbs.items, dbs.count, &opt)) !=
        EXIT_OK)
        goto out;
    if (batch) {
        if (synonyms_text &&
            (st = passim_db_set_synonyms(db, synonyms_text, synonyms_len,
                                         synonyms_path)) != PASSIM_OK) {
            rc = cli_fail("index", db, st);
            goto out;
        }
        rc = index_batch(db, &summary, &batch_failed);
        if (rc == EXIT_OK) {
            print_summary(&summary, false);
            rc = summary.failed ? EXIT_NONE : EXIT_OK;
        }
        goto out;
    }
    st = passim_db_index(db, paths, npaths);
    if (st == PASSIM_OK && opt.prune)
        st = passim_db_prune(db, paths, npaths);
    if (st == PASSIM_OK && synonyms_text)
        st = passim_db_set_synonyms(db, synonyms_text, synonyms_len,
                                    synonyms_path);
    if (st == PASSIM_OK)
        st = passim_db_commit(&summary, db);
    if (st == PASSIM_OK && compact_wanted(db, compact, &summary,
                                          dbs.count && is_remote(dbs.items[0])))
        st = passim_db_compact(db);
    if (progress_shown)
        fputs("\r\033[K", stderr);
    if (st != PASSIM_OK) {
        rc = cli_fail("index", db, st);
        goto out;
    }
    if (!print_summary(&summary, json)) {
        cli_error("index", "cannot write the summary to standard output "
                           "(the changes are committed)");
        rc = EXIT_DATABASE;
        goto out;
    }
    rc = summary.failed ? EXIT_NONE : EXIT_OK;
out:
    passim_db_close(db);
    free(synonyms_text);
    cli_list_free(&dbs);
    cli_list_free(&include);
    cli_list_free(&exclude);
    cli_parser_free(&p);
    return rc;
}
