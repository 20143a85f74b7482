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

static const char help[] =
    "usage: passim search [OPTIONS] QUERY...\n"
    "\n"
    "Search the database; the words of QUERY are joined by spaces.\n"
    "\n"
    "Query language:\n"
    "  word                 a word (folded and stemmed: Azure finds azure,\n"
    "                       partnerships finds partnership)\n"
    "  \"exact phrase\"       the words in this order\n"
    "  a AND b, a OR b      both / either (upper case; words side by side\n"
    "                       must all match, see --match)\n"
    "  NOT a, -a, +a        without a / a required\n"
    "  ( ... )              grouping\n"
    "  a NEAR b, a NEAR/n b within 10 (n) words of each other\n"
    "  prefix*              words starting with prefix\n"
    "  title:x source:x tag:x lang:x id:x     fields\n"
    "  date:2026-04-01..2026-04-30  date:2026-04..  date:..2026  date:2026-04\n"
    "\n"
    "Options:\n"
    "  --db DIR             database (repeatable: searched as one; default\n"
    "                       $PASSIM_DB, else ~/.local/share/passim/default);\n"
    "                       tcp://HOST:PORT for a xapian-tcpsrv server\n"
    "  -n, --limit N        hits to show (default 10)\n"
    "  --offset N           hits to skip (for paging)\n"
    "  --per-article N      passages shown per article, best first\n"
    "                       (default 1)\n"
    "  --match all|any      all words must match (default; relaxes to any\n"
    "                       when no article has all of them; explicit\n"
    "                       operators never relax) or any word may\n"
    "  --sort relevance|date\n"
    "  --since DATE, --until DATE   only articles dated in that range\n"
    "  --facet NAME         count matches by source, tag, month or lang\n"
    "                       (repeatable)\n"
    "  --bm25 K1,B          BM25 parameters (default 1.6,0.6)\n"
    "  --title-weight W     weight of title matches (default 0.75)\n"
    "  --proximity-weight W weight of the boost for query words close\n"
    "                       together (default 0: off)\n"
    "  --passage-weight W   weight of an article's best passage in its\n"
    "                       score (default 0.5)\n"
    "  --rerank-depth N     top articles reordered with their passages\n"
    "                       (default 20, at most 1000)\n"
    "  --feedback[=D,T,W]   pseudo-relevance feedback: reorder the matches\n"
    "                       by T stems of the top D articles, weighing W\n"
    "                       times the query's words (default 1,20,1)\n"
    "  --synonyms FILE      synonyms ('aws = amazon web services' lines)\n"
    "  --lang LANG          analyze the query in LANG only (e.g. en, fr,\n"
    "                       german; default: every language indexed)\n"
    "  --explain            show each hit's score broken down\n"
    "  --json               one JSON document (schema: docs/json-schema.md)\n"
    "  --jsonl              one JSON hit per line\n"
    "  --color auto|always|never   highlight matches (default auto; honours\n"
    "                       NO_COLOR)\n"
    "  --timeout MS         timeout of remote databases\n"
    "  --allow-partial      when some databases (shards) cannot be reached,\n"
    "                       search the others and name the missing ones in\n"
    "                       the notices (JSON) or on stderr\n"
    "  --batch              read JSON Lines requests on stdin ({\"id\": ..,\n"
    "                       \"q\": .., \"limit\": ..; every option above as a\n"
    "                       key: per_article, match, sort, since, until,\n"
    "                       facets, bm25, title_weight, proximity_weight,\n"
    "                       passage_weight, rerank_depth,\n"
    "                       feedback (true, false or \"D,T,W\"), synonyms,\n"
    "                       lang, explain}) and answer one\n"
    "                       JSON line each (the --json schema plus \"id\")\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 hits, 1 no hits, 2 usage or query error, 3 database\n"
    "error.\n";

static int run(int argc, char **argv);
const cli_command cli_search_command = {"search", run, "Search a database",
                                        help};

enum { OPT_DB = 256, OPT_OFFSET, OPT_PER_ARTICLE, OPT_MATCH, OPT_SORT,
       OPT_SINCE, OPT_UNTIL, OPT_FACET, OPT_BM25, OPT_SYNONYMS, OPT_EXPLAIN,
       OPT_JSON, OPT_JSONL, OPT_COLOR, OPT_TIMEOUT, OPT_BATCH,
       OPT_TITLE_WEIGHT, OPT_PROXIMITY_WEIGHT, OPT_ALLOW_PARTIAL,
       OPT_FEEDBACK, OPT_LANG, OPT_PASSAGE_WEIGHT, OPT_RERANK_DEPTH };

static const struct option options[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"limit", required_argument, NULL, 'n'},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"per-article", required_argument, NULL, OPT_PER_ARTICLE},
    {"match", required_argument, NULL, OPT_MATCH},
    {"sort", required_argument, NULL, OPT_SORT},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"facet", required_argument, NULL, OPT_FACET},
    {"bm25", required_argument, NULL, OPT_BM25},
    {"title-weight", required_argument, NULL, OPT_TITLE_WEIGHT},
    {"proximity-weight", required_argument, NULL, OPT_PROXIMITY_WEIGHT},
    {"passage-weight", required_argument, NULL, OPT_PASSAGE_WEIGHT},
    {"rerank-depth", required_argument, NULL, OPT_RERANK_DEPTH},
    {"feedback", optional_argument, NULL, OPT_FEEDBACK},
    {"synonyms", required_argument, NULL, OPT_SYNONYMS},
    {"lang", required_argument, NULL, OPT_LANG},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"json", no_argument, NULL, OPT_JSON},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"batch", no_argument, NULL, OPT_BATCH},
    {"allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* The query, then a caret under the byte at `offset` (counted in
 * characters, so it lines up under UTF-8 text). */
static void print_caret(const char *query, size_t offset)
{
    size_t column = 0;
    fprintf(stderr, "  ");
    for (const char *p = query; *p; p++)
        fputc((unsigned char)*p < 0x20 ? ' ' : *p, stderr);
    fputc('\n', stderr);
    for (size_t i = 0; i < offset && query[i]; i++)
        if (((unsigned char)query[i] & 0xC0) != 0x80)
            column++;
    fprintf(stderr, "  %*s^\n", (int)column, "");
}

static char *join_args(int argc, char **argv)
{
    size_t len = 1;
    char *q;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    q = malloc(len);
    if (!q)
        return NULL;
    q[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

static int run(int argc, char **argv)
{
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    passim_db_options dopt = PASSIM_DB_OPTIONS_INIT;
    cli_print_options popt = {false, false, NULL};
    const cli_printer *printer = cli_printer_find("text");
    cli_list dbs = {0}, facets = {0};
    passim_db *db = NULL;
    passim_results *r = NULL;
    char *query = NULL, *cwd = NULL;
    char day[11];
    const char *color = "auto";
    bool batch = false;
    unsigned long long n;
    size_t offset;
    passim_status st;
    int c, rc = EXIT_USAGE;

    while ((c = cli_next_option(&cli_search_command, argc, argv, "+n:h",
                                options, &rc)) != -1) {
        switch (c) {
        case CLI_OPT_STOP: goto out;
        case OPT_DB:
            if (!cli_list_add(&dbs, optarg)) {
                rc = cli_no_memory("search");
                goto out;
            }
            break;
        case 'n':
        case OPT_OFFSET:
        case OPT_PER_ARTICLE:
            if (!cli_parse_count(optarg, 1000000, &n)) {
                rc = cli_usage(&cli_search_command, "'%s' is not a number",
                               optarg);
                goto out;
            }
            if (c == 'n')
                opt.limit = (unsigned int)n;
            else if (c == OPT_OFFSET)
                opt.offset = (unsigned int)n;
            else
                opt.per_article = (unsigned int)n;
            break;
        case OPT_MATCH:
            if (strcmp(optarg, "all") && strcmp(optarg, "any")) {
                rc = cli_usage(&cli_search_command, "--match: all or any");
                goto out;
            }
            opt.match = strcmp(optarg, "all") ? PASSIM_MATCH_ANY
                                              : PASSIM_MATCH_ALL;
            break;
        case OPT_SORT:
            if (strcmp(optarg, "relevance") && strcmp(optarg, "date")) {
                rc = cli_usage(&cli_search_command,
                               "--sort: relevance or date");
                goto out;
            }
            opt.sort = strcmp(optarg, "date") ? PASSIM_SORT_RELEVANCE
                                              : PASSIM_SORT_DATE;
            break;
        case OPT_SINCE:
        case OPT_UNTIL:
            /* Checked here, so a bad date is a usage error before any
             * database is opened; the library reads the text itself. */
            if (!cli_parse_date(optarg, c == OPT_UNTIL, day)) {
                rc = cli_usage(&cli_search_command, "'%s' is not a date "
                               "(YYYY-MM-DD, YYYY-MM or YYYY)", optarg);
                goto out;
            }
            if (c == OPT_SINCE)
                opt.since = optarg;
            else
                opt.until = optarg;
            break;
        case OPT_FACET:
            if (!cli_list_add(&facets, optarg)) {
                rc = cli_no_memory("search");
                goto out;
            }
            break;
        case OPT_BM25:
            if (!cli_parse_bm25(optarg, &opt.bm25_k1, &opt.bm25_b)) {
                rc = cli_usage(&cli_search_command, "--bm25: K1,B with K1 >= "
                               "0 and 0 <= B <= 1");
                goto out;
            }
            break;
        case OPT_TITLE_WEIGHT:
        case OPT_PROXIMITY_WEIGHT:
        case OPT_PASSAGE_WEIGHT:
            if (!cli_parse_weight(optarg, c == OPT_TITLE_WEIGHT
                                              ? &opt.title_weight
                                          : c == OPT_PROXIMITY_WEIGHT
                                              ? &opt.proximity_weight
                                              : &opt.passage_weight)) {
                rc = cli_usage(&cli_search_command, "'%s' is not a weight "
                               "(a number from 0 to 100)", optarg);
                goto out;
            }
            break;
        case OPT_FEEDBACK:
            opt.feedback_docs = PASSIM_DEFAULT_FEEDBACK_DOCS;
            opt.feedback_terms = PASSIM_DEFAULT_FEEDBACK_TERMS;
            opt.feedback_weight = PASSIM_DEFAULT_FEEDBACK_WEIGHT;
            if (optarg && passim_feedback_parse(&opt.feedback_docs,
                                                &opt.feedback_terms,
                                                &opt.feedback_weight,
                                                optarg) != PASSIM_OK) {
                rc = cli_usage(&cli_search_command, "--feedback: DOCS,TERMS,"
                               "WEIGHT (1-%d, 1-%d, above 0 up to 100)",
                               PASSIM_FEEDBACK_MAX_DOCS,
                               PASSIM_FEEDBACK_MAX_TERMS);
                goto out;
            }
            break;
        case OPT_SYNONYMS: opt.synonyms_path = optarg; break;
        case OPT_LANG: opt.lang = optarg; break;
        case OPT_EXPLAIN: opt.explain = popt.explain = true; break;
        case OPT_JSON: printer = cli_printer_find("json"); break;
        case OPT_JSONL: printer = cli_printer_find("jsonl"); break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
                strcmp(optarg, "never")) {
                rc = cli_usage(&cli_search_command,
                               "--color: auto, always or never");
                goto out;
            }
            color = optarg;
            break;
        case OPT_TIMEOUT:
            if (!cli_parse_count(optarg, 3600000, &n)) {
                rc = cli_usage(&cli_search_command, "--timeout: milliseconds");
                goto out;
            }
            dopt.remote_timeout_ms = (unsigned int)n;
            break;
        case OPT_RERANK_DEPTH:
            if (!cli_parse_count(optarg, PASSIM_MAX_RERANK_DEPTH, &n)) {
                rc = cli_usage(&cli_search_command, "--rerank-depth: 0 to %d",
                               PASSIM_MAX_RERANK_DEPTH);
                goto out;
            }
            opt.rerank_depth = (unsigned int)n;
            break;
        case OPT_BATCH: batch = true; break;
        case OPT_ALLOW_PARTIAL: dopt.allow_partial = 1; break;
        }
    }
    if (optind >= argc && !batch) {
        rc = cli_usage(&cli_search_command, "no QUERY given");
        goto out;
    }
    if (optind < argc && batch) {
        rc = cli_usage(&cli_search_command, "--batch reads queries from "
                       "standard input, not the command line");
        goto out;
    }
    query = join_args(argc - optind, argv + optind);
    if (!query) {
        rc = cli_no_memory("search");
        goto out;
    }
    opt.facets = facets.items;
    opt.nfacets = facets.count;
    popt.color = strcmp(color, "always") == 0 ||
                 (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) &&
                  !getenv("NO_COLOR"));
    popt.cwd = cwd = getcwd(NULL, 0);

    if ((rc = cli_open(&db, &cli_search_command, dbs.items, dbs.count,
                       &dopt)) != EXIT_OK)
        goto out;
    if (batch) {
        rc = cli_search_batch(db, &opt, stdin, stdout);
        goto out;
    }
    st = passim_search(&r, db, query, &opt);
    if (st == PASSIM_ERROR_QUERY_SYNTAX &&
        passim_db_error_offset(db, &offset)) {
        cli_error("search", "%s", passim_db_error(db));
        print_caret(query, offset);
        rc = EXIT_USAGE;
        goto out;
    }
    if (st != PASSIM_OK) {
        rc = cli_fail("search", db, st);
        goto out;
    }
    if (printer == cli_printer_find("text")) {
        if (passim_results_relaxed(r))
            fprintf(stderr, "passim: no passage matches all the words; "
                    "showing passages that match any\n");
        if (passim_results_suggestion(r))
            fprintf(stderr, "did you mean: %s\n",
                    passim_results_suggestion(r));
        for (size_t i = 0; i < passim_results_notice_count(r); i++)
            fprintf(stderr, "passim: %s\n", passim_results_notice(r, i));
    }
    /* A reader that closed the pipe (| head) ends us quietly. */
    signal(SIGPIPE, SIG_DFL);
    /* A printer fails for want of memory (building JSON) or of somewhere
     * to write; only the first needs saying, the second ends quietly. */
    errno = 0;
    if (printer->print(stdout, r, &popt) != 0 || fflush(stdout) != 0) {
        rc = errno == ENOMEM ? cli_no_memory("search") : EXIT_DATABASE;
        goto out;
    }
    rc = passim_results_hit_count(r) ? EXIT_OK : EXIT_NONE;
out:
    passim_results_free(r);
    passim_db_close(db);
    free(query);
    free(cwd);
    cli_list_free(&dbs);
    cli_list_free(&facets);
    return rc;
}
