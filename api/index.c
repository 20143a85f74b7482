/* index.c — the writing half of passim_db: indexing paths, pruning, adding
 * and deleting articles, synonyms, commits and compaction, over the batch
 * indexer. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "analyzer.h"
#include "api_internal.h"
#include "article_id.h"
#include "db.h"
#include "reader.h"
#include "regular_file.h"
#include "synonyms.h"

/* Keys an in-memory article's extra fields cannot use: the JSON reader
 * gives them a meaning of their own. */
static const char *const reserved_keys[] = {
    "id",      "title", "date", "source", "lang",    "url",
    "summary", "tags",  "body", "text",   "content",
};

/* The handle's indexer, opened again after a compaction; a read-only handle
 * has none. */
static passim_status writer(passim_db *db)
{
    if (db->opt.mode == PASSIM_OPEN_READ)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "the database was opened read-only");
    return db->ix ? PASSIM_OK : api_writer_open(db);
}

/* The outcome of an indexer call: its message on failure; on success the
 * handle's searcher no longer shows the latest state. */
static passim_status written(passim_db *db, passim_status st)
{
    db->stale = true;
    if (st != PASSIM_OK)
        return api_fail(db, st, "%s",
                        *indexer_error(db->ix) ? indexer_error(db->ix)
                                               : passim_status_string(st));
    return PASSIM_OK;
}

passim_status passim_db_index(passim_db *db, const char *const *paths,
                              size_t count)
{
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!api_strings_valid(paths, count))
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT, "a path is NULL");
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    return written(db, indexer_add_paths(db->ix, paths, count));
}

passim_status passim_db_prune(passim_db *db, const char *const *roots,
                              size_t count)
{
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!api_strings_valid(roots, count))
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT, "a root is NULL");
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    return written(db, indexer_prune(db->ix, roots, count));
}

passim_status passim_db_prune_all(size_t *removed, passim_db *db)
{
    passim_status st;
    if (removed)
        *removed = 0;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    return written(db, indexer_prune_all(db->ix, removed));
}

/* ---- in-memory articles ------------------------------------------------- */

static passim_status check_article(passim_db *db, const passim_article *a)
{
    if (a->version != PASSIM_ARTICLE_VERSION)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_article "
                        "version %u is not %u",
                        a->version, PASSIM_ARTICLE_VERSION);
    if (!a->id || !*a->id)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "an article needs an id");
    if (a->lang && *a->lang && !analyzer_language_canonical(a->lang))
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "article '%s': "
                        "unknown language '%s'",
                        a->id, a->lang);
    if (!api_strings_valid(a->tags, a->ntags) || (a->nfields && !a->fields))
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "article '%s': a tag or the fields are NULL", a->id);
    for (size_t i = 0; i < a->nfields; i++) {
        const passim_article_field *f = &a->fields[i];
        if (!f->key || !f->value)
            return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                            "article '%s': field %zu has a NULL key or "
                            "value",
                            a->id, i);
        for (size_t k = 0; k < sizeof reserved_keys / sizeof *reserved_keys;
             k++)
            if (strcasecmp(f->key, reserved_keys[k]) == 0)
                return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                                "article '%s': '%s' is not an extra field",
                                a->id, f->key);
    }
    return PASSIM_OK;
}

static void add_optional(cJSON *o, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(o, key, value);
}

/* The article as the JSON record the JSON reader reads, so that it is
 * indexed exactly as the same record from a file (fields, paragraphs, the
 * content hash that skips unchanged articles). NULL on out of memory. */
static char *article_record(const passim_article *a)
{
    cJSON *o = cJSON_CreateObject(), *tags;
    char *text = NULL;
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "id", a->id);
    add_optional(o, "title", a->title);
    add_optional(o, "date", a->date);
    add_optional(o, "source", a->source);
    add_optional(o, "lang", a->lang);
    add_optional(o, "url", a->url);
    add_optional(o, "summary", a->summary);
    tags = cJSON_AddArrayToObject(o, "tags");
    for (size_t i = 0; tags && i < a->ntags; i++)
        if (!cJSON_AddItemToArray(tags, cJSON_CreateString(a->tags[i])))
            tags = NULL;
    for (size_t i = 0; tags && i < a->nfields; i++)
        if (!cJSON_AddStringToObject(o, a->fields[i].key, a->fields[i].value))
            tags = NULL;
    if (tags && (!a->body || cJSON_AddStringToObject(o, "body", a->body)))
        text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return text;
}

typedef struct parsed {
    article *a;
    char *problem;
    passim_db *db;
    unsigned int line; /* of the record in its origin, 0 when none */
} parsed;

static int take_article(article *a, void *ctx)
{
    parsed *p = ctx;
    article_free(p->a);
    p->a = a;
    return 0;
}

static void take_problem(const char *path, unsigned int line,
                         const char *reason, void *ctx)
{
    parsed *p = ctx;
    (void)path, (void)line;
    if (!p->problem)
        p->problem = strdup(reason);
}

/* The record is indexed all the same: the warning goes to the problem
 * callback at once, on the record's line in its origin. */
static void pass_warning(const char *path, unsigned int line,
                         const char *reason, void *ctx)
{
    parsed *p = ctx;
    if (p->db->opt.problem)
        p->db->opt.problem(path, p->line ? p->line : line, reason,
                           p->db->opt.ctx);
}

/* Parses one JSON article record and indexes it. `label` names the
 * article in messages; the id it is stored under goes to db->added_id. */
static passim_status add_record(passim_db *db, const char *path,
                                unsigned int line, const char *record,
                                size_t len, const char *label,
                                passim_outcome *outcome)
{
    parsed p = {NULL, NULL, db, line};
    reader_sink sink = {take_article, take_problem, &p, NULL, pass_warning};
    passim_outcome done = PASSIM_OUTCOME_ADDED;
    passim_status st;

    free(db->added_id);
    db->added_id = NULL;
    st = reader_parse_buffer(READER_JSON, path, record, len, &sink);
    /* Parsed alone, the record is on line 1: it is on `line` of origin. */
    if (st == PASSIM_OK && p.a && line > 0) {
        p.a->line = line;
        p.a->ordinal = line - 1;
        for (size_t i = 0; i < p.a->nblocks; i++)
            p.a->blocks[i].line += line - 1;
    }
    if (st == PASSIM_OK && p.a && !(db->added_id = article_id_make(p.a, NULL)))
        st = PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK && (!p.a || p.a->nblocks == 0)) {
        st = api_fail(db, PASSIM_ERROR_INPUT, "%s: %s", label,
                      p.problem ? p.problem : "no text to index");
    } else if (st != PASSIM_OK) {
        api_fail(db, st, "%s: %s", label,
                 p.problem ? p.problem : passim_status_string(st));
    } else {
        db->capture = true;
        st = written(db, indexer_add_article(db->ix, p.a, &done));
        p.a = NULL; /* the indexer took it */
        db->capture = false;
        /* A problem reported with the article fails the call: it was
         * left out (PASSIM_ERROR_INPUT), or written with a part left out. */
        if (st == PASSIM_ERROR_INPUT || (st == PASSIM_OK && db->captured))
            st = api_fail(db, PASSIM_ERROR_INPUT, "%s: %s", label,
                          db->captured ? db->captured : "not indexed");
        free(db->captured);
        db->captured = NULL;
    }
    if (st == PASSIM_OK && outcome)
        *outcome = done;
    article_free(p.a);
    free(p.problem);
    return st;
}

passim_status passim_db_add_article(passim_db *db,
                                    const passim_article *article)
{
    char *record = NULL, *label = NULL;
    passim_status st;

    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!article)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_db_add_article: article is NULL");
    if ((st = check_article(db, article)) != PASSIM_OK ||
        (st = writer(db)) != PASSIM_OK)
        return st;
    if (!(record = article_record(article)) ||
        !(label = db_strdupf("article '%s'", article->id))) {
        free(record);
        return api_fail(db, PASSIM_ERROR_NO_MEMORY, "out of memory");
    }
    st = add_record(db, article->path ? article->path : "", 0, record,
                    strlen(record), label, NULL);
    free(record);
    free(label);
    return st;
}

passim_status passim_db_add_json(passim_outcome *outcome, const char **id,
                                 passim_db *db, const char *json, size_t len,
                                 const char *origin, unsigned int line)
{
    char *label = NULL;
    passim_status st;
    if (outcome)
        *outcome = PASSIM_OUTCOME_ADDED;
    if (id)
        *id = NULL;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!json || !outcome || !id)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_db_add_json: NULL argument");
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    if (!origin)
        origin = "";
    if (!(label = line ? db_strdupf("%s:%u", origin, line) : strdup(origin)))
        return api_fail(db, PASSIM_ERROR_NO_MEMORY, "out of memory");
    st = add_record(db, origin, line, json, len, label, outcome);
    free(label);
    *id = db->added_id;
    return st;
}

passim_status passim_db_delete(size_t *found, passim_db *db,
                               const char *const *ids, size_t count)
{
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!api_strings_valid(ids, count))
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT, "an id is NULL");
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    return written(db, indexer_delete(db->ix, ids, count, found));
}

passim_status passim_db_delete_file(size_t *found, passim_db *db,
                                    const char *path)
{
    passim_status st;
    if (found)
        *found = 0;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!path)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_db_delete_file: path is NULL");
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    return written(db, indexer_delete_file(db->ix, path, found));
}

/* Parses synonyms only to check them: the status, and on
 * PASSIM_ERROR_INVALID_ARGUMENT the bad line in err->message. */
static passim_status check_synonyms(const char *text, size_t len,
                                    const char *origin, query_error *err)
{
    synonyms *syn = NULL;
    passim_status st = synonyms_parse(&syn, text, len, origin, err);
    synonyms_free(syn);
    return st == PASSIM_ERROR_QUERY_SYNTAX ? PASSIM_ERROR_INVALID_ARGUMENT : st;
}

passim_status passim_db_set_synonyms(passim_db *db, const char *text,
                                     size_t len, const char *origin)
{
    query_error err = {0};
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!text)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_db_set_synonyms: text is NULL");
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    st = check_synonyms(text, len, origin, &err);
    if (st != PASSIM_OK)
        return api_fail(db, st, "%s",
                        st == PASSIM_ERROR_INVALID_ARGUMENT
                            ? err.message
                            : passim_status_string(st));
    return written(db, indexer_set_synonyms(db->ix, text, len));
}

passim_status passim_synonyms_check(const char *text, size_t len,
                                    const char *origin)
{
    query_error err = {0};
    passim_status st;
    if (!text)
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "passim_synonyms_check: text is NULL");
    st = check_synonyms(text, len, origin, &err);
    if (st != PASSIM_OK)
        return api_fail_thread(st, "%s",
                               st == PASSIM_ERROR_INVALID_ARGUMENT
                                   ? err.message
                                   : passim_status_string(st));
    return api_fail_thread(PASSIM_OK, NULL);
}

passim_status passim_synonyms_read(const char *path, char **text, size_t *len)
{
    char *why = NULL;
    passim_status st;
    if (text)
        *text = NULL;
    if (!path || !text || !len)
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "passim_synonyms_read: an argument is NULL");
    st = regular_file_read(path, SYNONYMS_MAX_BYTES, text, len, &why);
    if (st != PASSIM_OK) {
        st = api_fail_thread(
            st == PASSIM_ERROR_NO_MEMORY ? st : PASSIM_ERROR_INVALID_ARGUMENT,
            "%s: cannot read the synonyms file: %s", path,
            why ? why : passim_status_string(st));
        free(why);
        return st;
    }
    st = passim_synonyms_check(*text, *len, path);
    if (st != PASSIM_OK) {
        free(*text);
        *text = NULL;
    }
    return st;
}

/* The size of each version's summary: the fields it added came after
 * them. */
static const size_t summary_size[] = {
    0, offsetof(passim_index_summary, content_ids), /* 1 */
    sizeof(passim_index_summary),                   /* 2 */
};
_Static_assert(sizeof summary_size / sizeof *summary_size ==
                   PASSIM_INDEX_SUMMARY_VERSION + 1,
               "a version of passim_index_summary without its size");

passim_status passim_db_commit(passim_index_summary *summary, passim_db *db)
{
    passim_index_summary s = PASSIM_INDEX_SUMMARY_INIT;
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (summary && (summary->version < 1 ||
                    summary->version > PASSIM_INDEX_SUMMARY_VERSION))
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_index_summary version %u is not 1 to %u",
                        summary->version, PASSIM_INDEX_SUMMARY_VERSION);
    if (db->opt.mode == PASSIM_OPEN_READ)
        return writer(db);
    /* Compacted and nothing written since: nothing to commit. */
    if (db->ix && (st = written(db, indexer_commit(db->ix, &s))) != PASSIM_OK)
        return st;
    /* The caller's version: the fields of later ones are not there. */
    if (summary) {
        s.version = summary->version;
        memcpy(summary, &s, summary_size[s.version]);
    }
    return PASSIM_OK;
}

passim_status passim_db_compact(passim_db *db)
{
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if ((st = writer(db)) != PASSIM_OK)
        return st;
    st = written(db, indexer_compact(db->ix));
    /* The folder was swapped: both the writer and the searcher start over
     * on the new one. */
    indexer_free(db->ix);
    db->ix = NULL;
    searcher_free(db->s);
    db->s = NULL;
    return st;
}
