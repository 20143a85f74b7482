/*
 * fuzz_query.c — the query language on any bytes: parse, describe, and
 * compile to a Xapian query in both match modes, with an English and a
 * French analyzer and a few synonyms, without a database (db NULL: no
 * compound dictionary).
 *
 * The tree is checked against query.h (extents inside the query and inside
 * the parent, child counts per kind, NEAR of words only, no field inside a
 * field, dates as YYYY-MM-DD), errors must point inside the query, and a
 * compiled query must have a query and terms of valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "query.h"
#include "query_compile.h"
#include "synonyms.h"
#include "xc.h"

static const char synonyms_text[] =
    "aws = amazon web services\n"
    "gpu = graphics processing unit, graphics card\n"
    "llm = large language model\n"
    "multicloud = multi cloud\n";

typedef struct setup {
    analyzer *analyzers[2];
    synonyms *syn;
} setup;

/* Made once and freed at exit, so that valgrind sees nothing lost. */
static setup shared;

static void setup_free(void)
{
    analyzer_free(shared.analyzers[0]);
    analyzer_free(shared.analyzers[1]);
    synonyms_free(shared.syn);
}

static const setup *setup_get(void)
{
    static bool ready;
    if (!ready) {
        query_error err;
        FUZZ_CHECK(atexit(setup_free) == 0);
        FUZZ_CHECK(analyzer_new(&shared.analyzers[0], "english", NULL) ==
                   PASSIM_OK);
        FUZZ_CHECK(analyzer_new(&shared.analyzers[1], "french", NULL) ==
                   PASSIM_OK);
        FUZZ_CHECK(synonyms_parse(&shared.syn, synonyms_text,
                                  sizeof synonyms_text - 1, NULL,
                                  &err) == PASSIM_OK);
        ready = true;
    }
    return &shared;
}

static bool is_date(const char *d)
{
    static const char shape[] = "dddd-dd-dd";
    if (d[0] == '\0')
        return true;
    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (shape[i] == 'd' ? d[i] < '0' || d[i] > '9' : d[i] != shape[i])
            return false;
    return d[10] == '\0';
}

static void check_text(const query_node *n)
{
    FUZZ_CHECK(fuzz_string_is(n->text, n->text_len));
    for (size_t i = 0; i < n->text_len; i++)
        FUZZ_CHECK((unsigned char)n->text[i] >= 0x20);
}

static void check_node(const query_node *n, size_t from, size_t to,
                       bool in_field)
{
    FUZZ_CHECK(n->offset >= from && n->offset <= to &&
               n->length <= to - n->offset);
    FUZZ_CHECK(!n->nchildren || n->children);
    switch (n->kind) {
    case QUERY_NODE_WORD:
    case QUERY_NODE_PHRASE:
    case QUERY_NODE_PREFIX:
        check_text(n);
        FUZZ_CHECK(n->nchildren == 0);
        break;
    case QUERY_NODE_DATE_RANGE:
        check_text(n);
        FUZZ_CHECK(!in_field && n->nchildren == 0);
        FUZZ_CHECK(is_date(n->date_lo) && is_date(n->date_hi));
        break;
    case QUERY_NODE_AND:
    case QUERY_NODE_IMPLICIT:
    case QUERY_NODE_OR:
        FUZZ_CHECK(!n->text && n->nchildren >= 2);
        break;
    case QUERY_NODE_NOT:
        FUZZ_CHECK(!n->text && n->nchildren == 1);
        break;
    case QUERY_NODE_NEAR:
        FUZZ_CHECK(n->nchildren >= 2 && n->window <= QUERY_NEAR_MAX);
        for (size_t i = 0; i < n->nchildren; i++)
            FUZZ_CHECK(n->children[i]->kind == QUERY_NODE_WORD);
        break;
    case QUERY_NODE_FIELD:
        FUZZ_CHECK(!in_field && n->nchildren == 1);
        FUZZ_CHECK(n->field != QUERY_FIELD_NONE);
        if (n->field != QUERY_FIELD_TITLE)
            FUZZ_CHECK(n->children[0]->kind == QUERY_NODE_WORD ||
                       n->children[0]->kind == QUERY_NODE_PHRASE);
        in_field = true;
        break;
    default:
        FUZZ_CHECK(!"a node kind query.h does not list");
    }
    for (size_t i = 0; i < n->nchildren; i++)
        check_node(n->children[i], n->offset, n->offset + n->length, in_field);
}

static void check_compile(const query_node *root, query_match match, size_t len)
{
    const setup *s = setup_get();
    query_compile_options opt = {match, s->analyzers, 2,     NULL, s->syn,
                                 2.0,   100,          false, NULL};
    query_compiled c;
    query_error err;
    passim_status st = query_compile(&c, root, &opt, &err);
    if (st != PASSIM_OK) {
        FUZZ_CHECK(st == PASSIM_ERROR_QUERY_SYNTAX);
        FUZZ_CHECK(err.offset <= len && err.message[0] != '\0');
        FUZZ_CHECK(!c.query && !c.terms && !c.nterms);
        return;
    }
    FUZZ_CHECK(c.query);
    FUZZ_CHECK(!c.nterms || c.terms);
    for (size_t i = 0; i < c.nterms; i++)
        FUZZ_CHECK(c.terms[i] &&
                   fuzz_utf8_valid(c.terms[i], strlen(c.terms[i])));
    for (size_t i = 0; i < c.nprefixes; i++)
        FUZZ_CHECK(c.prefixes[i] && c.prefixes[i][0] != '\0');
    char *description = NULL;
    FUZZ_CHECK(xc_query_describe(c.query, &description) == PASSIM_OK);
    free(description);
    query_compiled_clear(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *q = (const char *)data;
    query_node *root = NULL;
    query_error err;
    passim_status st = query_parse(&root, q, size, &err);
    if (st != PASSIM_OK) {
        FUZZ_CHECK(st == PASSIM_ERROR_QUERY_SYNTAX && !root);
        FUZZ_CHECK(err.offset <= size && err.message[0] != '\0');
        FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message));
        return 0;
    }
    FUZZ_CHECK(root);
    check_node(root, 0, size, false);
    char *description = query_describe(root);
    FUZZ_CHECK(description);
    free(description);
    check_compile(root, QUERY_MATCH_ALL, size);
    check_compile(root, QUERY_MATCH_ANY, size);
    query_node_free(root);
    return 0;
}
