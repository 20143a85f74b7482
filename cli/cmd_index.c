/* cmd_index.c — `passim index`: add, update and prune articles in a
 * database from files, folders or JSON Lines on standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "cli.h"

static const char help[] =
    "usage: passim index [OPTIONS] PATH...\n"
    "       passim index --batch [OPTIONS]\n"
    "\n"
    "Index articles from files and folders (recursively) into a database.\n"
    "PATH '-' reads JSON Lines articles from standard input. Formats by\n"
    "extension: .md .markdown (YAML front matter), .txt, .html .htm, .json,\n"
    ".jsonl .ndjson. Runs are incremental: unchanged articles (same content\n"
    "hash) are skipped; the run commits atomically at its end.\n"
    "\n"
    "Options:\n"
    "  --db DIR             database (default: $PASSIM_DB, else\n"
    "                       ~/.local/share/passim/default)\n"
    "  --db-writable tcp://HOST:PORT   index through a `xapian-tcpsrv\n"
    "                       --writable` server instead of a local database\n"
    "  --shards N           make a new database of N shards (a folder with a\n"
    "                       Xapian stub file); each article goes to the shard\n"
    "                       picked by a hash of its id\n"
    "  --jobs N             write at most N shards at once (default: the\n"
    "                       number of online CPUs, at most the shards)\n"
    "  --lang LANG          default language of articles without one\n"
    "                       (a Snowball name or ISO code; default english)\n"
    "  --prune              remove articles whose files under PATH are gone,\n"
    "                       and articles gone from a JSON (Lines) file\n"
    "  --compact            compact the database after the run (smaller and\n"
    "                       faster to search; worth it after a big run)\n"
    "  --synonyms FILE      store FILE as the database's default synonyms\n"
    "                       ('aws = amazon web services' lines), applied by\n"
    "                       every search\n"
    "  --include GLOB       index only matching files (repeatable)\n"
    "  --exclude GLOB       skip matching files and folders (repeatable)\n"
    "  --max-file-size N    skip files larger than N bytes (suffix K, M, G;\n"
    "                       default 32M)\n"
    "  --commit-every N     commit every N articles (default 2000)\n"
    "  --lock-timeout S     wait up to S seconds for another writer\n"
    "                       (default 0: fail at once, exit status 4)\n"
    "  --progress           show progress even when stderr is not a terminal\n"
    "  --json               print the summary as JSON on stdout\n"
    "  --batch              read JSON Lines articles on stdin and answer each\n"
    "                       line with one JSON status line on stdout:\n"
    "                       {\"line\", \"id\", \"status\": added|updated|\n"
    "                       unchanged|failed, \"reason\"}, flushed at once;\n"
    "                       commits every --commit-every articles and at\n"
    "                       the end (no PATH; the summary goes to stderr)\n"
    "  -v, --verbose        also list skipped files of unknown formats\n"
    "  -h, --help           show this help\n"
    "\n"
    "Each problem is one line 'path[:line]: reason' on stderr; the batch goes\n"
    "on. Exit status: 0 all indexed, 1 some inputs failed, 2 usage error,\n"
    "3 database error, 4 database locked.\n";

static int run(int argc, char **argv);
const cli_command cli_index_command = {"index", run, "Index articles into a database", help};

enum { OPT_DB = 256, OPT_LANG, OPT_PRUNE, OPT_INCLUDE, OPT_EXCLUDE,
       OPT_MAX_SIZE, OPT_COMMIT_EVERY, OPT_LOCK_TIMEOUT, OPT_PROGRESS,
       OPT_JSON, OPT_COMPACT, OPT_SYNONYMS,
       OPT_DB_WRITABLE, OPT_SHARDS, OPT_JOBS, OPT_BATCH };

static const struct option options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"db-writable", required_argument, NULL, OPT_DB_WRITABLE},
    {"shards", required_argument, NULL, OPT_SHARDS},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"batch", no_argument, NULL, OPT_BATCH},
    {"lang", required_argument, NULL, OPT_LANG},
    {"prune", no_argument, NULL, OPT_PRUNE},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"max-file-size", required_argument, NULL, OPT_MAX_SIZE},
    {"commit-every", required_argument, NULL, OPT_COMMIT_EVERY},
    {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"json", no_argument, NULL, OPT_JSON},
    {"compact", no_argument, NULL, OPT_COMPACT},
    {"synonyms", required_argument, NULL, OPT_SYNONYMS},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* "32M" -> 33554432. */
static bool parse_size(const char *text, unsigned long long *out)
{
    char buf[32];
    size_t len = strlen(text);
    unsigned long long n, mult = 1;
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, text, len + 1);
    switch (buf[len - 1]) {
    case 'K': case 'k': mult = 1ULL << 10; break;
    case 'M': case 'm': mult = 1ULL << 20; break;
    case 'G': case 'g': mult = 1ULL << 30; break;
    }
    if (mult > 1)
        buf[len - 1] = '\0';
    if (!cli_parse_count(buf, ~0ULL / mult, &n) || n == 0)
        return false;
    *out = n * mult;
    return true;
}

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    bool *progress_shown = ctx;
    if (*progress_shown)
        fputs("\r\033[K", stderr);
    if (line)
        fprintf(stderr, "%s:%u: %s\n", path, line, reason);
    else
        fprintf(stderr, "%s: %s\n", path, reason);
}

static void on_progress(const passim_progress *p, void *ctx)
{
    bool *progress_shown = ctx;
    double mb = (double)p->bytes / 1e6;
    double rate = p->seconds > 0 ? mb / p->seconds : 0;
    fprintf(stderr, "\r\033[Kindexing: %zu files, %zu articles, %.1f MB, "
            "%.1f MB/s", p->files, p->articles, mb, rate);
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
        text = cJSON_PrintUnformatted(o);
        if (text)
            puts(text);
        free(text);
        cJSON_Delete(o);
        return text && fflush(stdout) == 0 && !ferror(stdout);
    }
    fprintf(stderr, "indexed: %zu added, %zu updated, %zu unchanged, "
            "%zu removed, %zu failed; %zu passages, %.1f MB in %.2f s\n",
            s->added, s->updated, s->unchanged, s->removed, s->failed,
            s->passages, (double)s->bytes / 1e6, s->seconds);
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
static bool print_status(unsigned int line, const char *id,
                         const char *status, const char *reason)
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
            if (!print_status(line, NULL, "failed", "line too long (over 64 "
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

static int run(int argc, char **argv)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    cli_list dbs = {0}, include = {0}, exclude = {0};
    passim_index_summary summary = PASSIM_INDEX_SUMMARY_INIT;
    passim_db *db = NULL;
    bool json = false, progress = false, progress_shown = false;
    bool compact = false, batch = false;
    size_t batch_failed = 0;
    const char *synonyms_path = NULL;
    const char *const *paths;
    char *synonyms_text = NULL;
    size_t synonyms_len = 0, npaths;
    unsigned long long n;
    passim_status st;
    int c, rc = EXIT_USAGE;

    while ((c = cli_next_option(&cli_index_command, argc, argv, "+vh",
                                options, &rc)) != -1) {
        switch (c) {
        case CLI_OPT_STOP: goto out;
        case OPT_DB_WRITABLE:
            if (strncmp(optarg, "tcp://", 6) != 0) {
                rc = cli_usage(&cli_index_command, "--db-writable takes "
                               "tcp://HOST:PORT");
                goto out;
            }
            /* fall through */
        case OPT_DB:
            if (dbs.count) {
                rc = cli_usage(&cli_index_command, "one database only "
                               "(--db or --db-writable)");
                goto out;
            }
            if (!cli_list_add(&dbs, optarg)) {
                rc = cli_no_memory("index");
                goto out;
            }
            break;
        case OPT_SHARDS:
        case OPT_JOBS:
            if (!cli_parse_count(optarg, 256, &n) || n == 0) {
                rc = cli_usage(&cli_index_command,
                               c == OPT_SHARDS
                                   ? "--shards: a number from 1 to 256"
                                   : "--jobs: a number from 1 to 256");
                goto out;
            }
            *(c == OPT_SHARDS ? &opt.shards : &opt.jobs) = (unsigned int)n;
            break;
        case OPT_LANG: opt.language = optarg; break;
        case OPT_PRUNE: opt.prune = 1; break;
        case OPT_INCLUDE:
        case OPT_EXCLUDE:
            if (!cli_list_add(c == OPT_INCLUDE ? &include : &exclude,
                              optarg)) {
                rc = cli_no_memory("index");
                goto out;
            }
            break;
        case OPT_MAX_SIZE:
            if (!parse_size(optarg, &opt.max_file_size)) {
                rc = cli_usage(&cli_index_command, "--max-file-size: '%s' is "
                               "not a size", optarg);
                goto out;
            }
            break;
        case OPT_COMMIT_EVERY:
            if (!cli_parse_count(optarg, 100000000, &n) || n == 0) {
                rc = cli_usage(&cli_index_command, "--commit-every: '%s' is "
                               "not a positive number", optarg);
                goto out;
            }
            opt.commit_every = (size_t)n;
            break;
        case OPT_LOCK_TIMEOUT:
            if (!cli_parse_count(optarg, 86400, &n)) {
                rc = cli_usage(&cli_index_command, "--lock-timeout: '%s' is "
                               "not a number of seconds", optarg);
                goto out;
            }
            opt.lock_timeout_s = (unsigned int)n;
            break;
        case OPT_PROGRESS: progress = true; break;
        case OPT_JSON: json = true; break;
        case OPT_COMPACT: compact = true; break;
        case OPT_SYNONYMS: synonyms_path = optarg; break;
        case OPT_BATCH: batch = true; break;
        case 'v': opt.verbose = 1; break;
        }
    }
    if (batch && (optind < argc || opt.prune || compact || json)) {
        rc = cli_usage(&cli_index_command, "--batch reads standard input: "
                       "no PATH, --prune, --compact or --json");
        goto out;
    }
    if (!batch && optind >= argc) {
        rc = cli_usage(&cli_index_command, "no PATH given");
        goto out;
    }
    if (synonyms_path &&
        !read_synonyms(synonyms_path, &synonyms_text, &synonyms_len))
        goto out;
    paths = (const char *const *)argv + optind;
    npaths = (size_t)(argc - optind);
    opt.mode = PASSIM_OPEN_CREATE;
    opt.include = include.items;
    opt.ninclude = include.count;
    opt.exclude = exclude.items;
    opt.nexclude = exclude.count;
    opt.problem = on_problem;
    if (progress || isatty(STDERR_FILENO))
        opt.progress = on_progress;
    opt.ctx = &progress_shown;

    if ((rc = cli_open(&db, &cli_index_command, dbs.items, dbs.count,
                       &opt)) != EXIT_OK)
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
    if (st == PASSIM_OK && compact)
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
    return rc;
}
