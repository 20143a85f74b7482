/* search_settings.c — the option table of `passim search`, and what each
 * option that a batch request may also give sets. */
#include "search_settings.h"

#include <string.h>

#define STRING(x) #x
#define NUMBER_TEXT(x) STRING(x)

/* clang-format off */
const cli_option cli_search_options[] = {
    {.id = SEARCH_DB, .name = "db", .arg = CLI_ARG_DIR, .flags = CLI_REPEAT,
     .meta = "DIR",
     .help = "database (repeatable: searched as one; default\n"
             "$PASSIM_DB, else ~/.local/share/passim/default);\n"
             "tcp://HOST:PORT for a xapian-tcpsrv server"},
    {.id = SEARCH_LIMIT, .name = "limit", .short_name = 'n',
     .arg = CLI_ARG_COUNT, .max = 1000000, .meta = "N", .batch_key = "limit",
     .help = "hits to show (default 10)"},
    {.id = SEARCH_OFFSET, .name = "offset", .arg = CLI_ARG_COUNT,
     .max = 1000000, .meta = "N", .batch_key = "offset",
     .help = "hits to skip (for paging)"},
    {.id = SEARCH_PER_ARTICLE, .name = "per-article", .arg = CLI_ARG_COUNT,
     .max = 1000000, .meta = "N", .batch_key = "per_article",
     .help = "passages shown per article, best first\n"
             "(default 1)"},
    {.id = SEARCH_MATCH, .name = "match", .arg = CLI_ARG_CHOICE,
     .words = "auto all any", .batch_key = "match",
     .help = "words side by side: auto (default) lists the\n"
             "articles having all of them, then, when they do\n"
             "not fill the page, those having some; all: only\n"
             "those having all; any: any word, ranked"},
    {.id = SEARCH_SORT, .name = "sort", .arg = CLI_ARG_CHOICE,
     .words = "relevance date", .batch_key = "sort",
     .help = "by relevance (default) or date, newest first"},
    {.id = SEARCH_SINCE, .name = "since", .arg = CLI_ARG_TEXT,
     .check = cli_check_date, .meta = "DATE",
     .expects = "a date: YYYY-MM-DD, YYYY-MM or YYYY", .batch_key = "since",
     .help = "only articles dated DATE or later"},
    {.id = SEARCH_UNTIL, .name = "until", .arg = CLI_ARG_TEXT,
     .check = cli_check_date, .meta = "DATE",
     .expects = "a date: YYYY-MM-DD, YYYY-MM or YYYY", .batch_key = "until",
     .help = "only articles dated DATE or earlier"},
    {.id = SEARCH_FACET, .name = "facet", .arg = CLI_ARG_CHOICE,
     .flags = CLI_REPEAT, .words = "source tag month lang", .meta = "NAME",
     .batch_key = "facets",
     .help = "count matches by source, tag, month or lang\n"
             "(repeatable, at most " NUMBER_TEXT(PASSIM_SEARCH_MAX_FACETS) ")"},
    {.id = SEARCH_BM25, .name = "bm25", .arg = CLI_ARG_TEXT,
     .check = cli_check_bm25, .meta = "K1,B",
     .expects = "K1,B with K1 >= 0 and 0 <= B <= 1", .batch_key = "bm25",
     .help = "BM25 parameters (default 1.6,0.6)"},
    {.id = SEARCH_TITLE_WEIGHT, .name = "title-weight", .arg = CLI_ARG_NUMBER,
     .max = 100, .meta = "W", .batch_key = "title_weight",
     .help = "weight of title matches (default 0.75)"},
    {.id = SEARCH_PROXIMITY_WEIGHT, .name = "proximity-weight",
     .arg = CLI_ARG_NUMBER, .max = 100, .meta = "W",
     .batch_key = "proximity_weight",
     .help = "weight of the boost for query words close\n"
             "together (default 0: off)"},
    {.id = SEARCH_PASSAGE_WEIGHT, .name = "passage-weight",
     .arg = CLI_ARG_NUMBER, .max = 100, .meta = "W",
     .batch_key = "passage_weight",
     .help = "weight of an article's best passage in its\n"
             "score (default " NUMBER_TEXT(PASSIM_DEFAULT_PASSAGE_WEIGHT) ")"},
    {.id = SEARCH_RERANK_DEPTH, .name = "rerank-depth", .arg = CLI_ARG_COUNT,
     .max = PASSIM_MAX_RERANK_DEPTH, .meta = "N", .batch_key = "rerank_depth",
     .help = "top articles reordered with their passages\n"
             "(default " NUMBER_TEXT(PASSIM_DEFAULT_RERANK_DEPTH) ")"},
    {.id = SEARCH_FEEDBACK, .name = "feedback", .arg = CLI_ARG_TEXT,
     .flags = CLI_OPTIONAL, .check = cli_check_feedback, .meta = "D,T,W",
     .expects = "D,T,W: DOCS 1-" NUMBER_TEXT(PASSIM_FEEDBACK_MAX_DOCS)
                ", TERMS 1-" NUMBER_TEXT(PASSIM_FEEDBACK_MAX_TERMS)
                ", WEIGHT above 0 up to 100",
     .batch_key = "feedback",
     .help = "pseudo-relevance feedback: reorder the matches\n"
             "by T stems of the top D articles, weighing W\n"
             "times the query's words (default 1,20,1)"},
    {.id = SEARCH_SYNONYMS, .name = "synonyms", .arg = CLI_ARG_FILE,
     .meta = "FILE", .batch_key = "synonyms",
     .help = "synonyms ('aws = amazon web services' lines)"},
    {.id = SEARCH_LANG, .name = "lang", .arg = CLI_ARG_TEXT,
     .words = CLI_LANGUAGES, .meta = "LANG", .batch_key = "lang",
     .help = "analyze the query in LANG only (e.g. en, fr,\n"
             "german; default: every language indexed)"},
    {.id = SEARCH_EXPLAIN, .name = "explain", .batch_key = "explain",
     .help = "show each hit's score broken down"},
    {.id = SEARCH_JSON, .name = "json", .flags = CLI_JSON,
     .help = "one JSON document (schema: docs/json-schema.md);\n"
             "a usage or query error is {\"error\": ...} on stdout"},
    {.id = SEARCH_JSONL, .name = "jsonl",
     .help = "one JSON hit per line (and nothing else: errors\n"
             "go to stderr only)"},
    {.id = SEARCH_COLOR, .name = "color", .alias = "colour",
     .arg = CLI_ARG_CHOICE, .words = "auto always never",
     .help = "highlight matches (default auto: on a terminal,\n"
             "unless NO_COLOR is set and not empty)"},
    {.id = SEARCH_TIMEOUT, .name = "timeout", .arg = CLI_ARG_COUNT,
     .max = 3600000, .meta = "MS",
     .help = "timeout of remote databases, in milliseconds"},
    {.id = SEARCH_ALLOW_PARTIAL, .name = "allow-partial",
     .help = "when some databases (shards) cannot be reached,\n"
             "search the others and name the missing ones in\n"
             "the notices (JSON) or on stderr"},
    {.id = SEARCH_BATCH, .name = "batch",
     .help = "read JSON Lines requests on stdin (keys below; the\n"
             "options given are their defaults) and answer one\n"
             "JSON line each (the --json schema plus \"id\")"},
    CLI_OPTION_HELP,
    CLI_OPTIONS_END,
};
/* clang-format on */

void search_settings_init(search_settings *s)
{
    static const passim_search_options defaults = PASSIM_SEARCH_OPTIONS_INIT;
    memset(s, 0, sizeof *s);
    s->opt = defaults;
}

const char *search_settings_apply(search_settings *s, int id,
                                  const cli_value *value)
{
    passim_search_options *o = &s->opt;
    switch (id) {
    case SEARCH_LIMIT:
        o->limit = (unsigned int)value->count;
        break;
    case SEARCH_OFFSET:
        o->offset = (unsigned int)value->count;
        break;
    case SEARCH_PER_ARTICLE:
        o->per_article = (unsigned int)value->count;
        break;
    case SEARCH_MATCH:
        o->match = !strcmp(value->text, "all")   ? PASSIM_MATCH_ALL
                   : !strcmp(value->text, "any") ? PASSIM_MATCH_ANY
                                                 : PASSIM_MATCH_AUTO;
        break;
    case SEARCH_SORT:
        o->sort = strcmp(value->text, "date") ? PASSIM_SORT_RELEVANCE
                                              : PASSIM_SORT_DATE;
        break;
    /* The library reads the dates itself (checked by cli_check_date). */
    case SEARCH_SINCE:
        o->since = value->text;
        break;
    case SEARCH_UNTIL:
        o->until = value->text;
        break;
    case SEARCH_FACET:
        if (!value->text) {
            s->nfacets = 0;
        } else if (s->nfacets == PASSIM_SEARCH_MAX_FACETS) {
            return "at most " NUMBER_TEXT(PASSIM_SEARCH_MAX_FACETS) " facets";
        } else {
            s->facets[s->nfacets++] = value->text;
        }
        break;
    case SEARCH_BM25:
        cli_parse_bm25(value->text, &o->bm25_k1, &o->bm25_b);
        break;
    case SEARCH_TITLE_WEIGHT:
        o->title_weight = value->number;
        break;
    case SEARCH_PROXIMITY_WEIGHT:
        o->proximity_weight = value->number;
        break;
    case SEARCH_PASSAGE_WEIGHT:
        o->passage_weight = value->number;
        break;
    case SEARCH_RERANK_DEPTH:
        o->rerank_depth = (unsigned int)value->count;
        break;
    case SEARCH_FEEDBACK:
        /* On: the defaults, or the D,T,W given; off only from a request */
        o->feedback_docs = value->on ? PASSIM_DEFAULT_FEEDBACK_DOCS : 0;
        o->feedback_terms = value->on ? PASSIM_DEFAULT_FEEDBACK_TERMS : 0;
        o->feedback_weight = value->on ? PASSIM_DEFAULT_FEEDBACK_WEIGHT : 0;
        if (value->text)
            passim_feedback_parse(&o->feedback_docs, &o->feedback_terms,
                                  &o->feedback_weight, value->text);
        break;
    case SEARCH_SYNONYMS:
        o->synonyms_path = value->text;
        break;
    case SEARCH_LANG:
        o->lang = value->text;
        break;
    case SEARCH_EXPLAIN:
        o->explain = value->on;
        break;
    }
    return NULL;
}

const passim_search_options *search_settings_options(search_settings *s)
{
    s->opt.facets = s->facets;
    s->opt.nfacets = s->nfacets;
    return &s->opt;
}
