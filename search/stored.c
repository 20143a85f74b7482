/* stored.c — reading an article's stored data back (see stored.h). */
#include "stored.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

static const char *string_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An element of a map entry as a whole number from 0 to UINT32_MAX (lines
 * and offsets into an article's text, which is far smaller); false if it is
 * not, so that no cast below meets a value it cannot hold. */
static bool number_of(const cJSON *v, double *out)
{
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
        !(v->valuedouble <= (double)UINT32_MAX))
        return false;
    *out = v->valuedouble;
    return true;
}

static bool read_entry(const cJSON *entry, size_t text_len, stored_passage *p)
{
    double n[SCHEMA_MAP_LINES];
    const cJSON *v;
    if (!cJSON_IsArray(entry))
        return false;
    v = entry->child;
    for (int i = 0; i < SCHEMA_MAP_LINES; i++, v = v->next)
        if (!v || !number_of(v, &n[i]))
            return false;
    p->line = (unsigned int)n[SCHEMA_MAP_LINE];
    p->text_from = (size_t)n[SCHEMA_MAP_TEXT_FROM];
    p->text_to = (size_t)n[SCHEMA_MAP_TEXT_TO];
    p->entry = entry;
    return p->text_from <= p->text_to && p->text_to <= text_len;
}

passim_status stored_article_parse(stored_article *out, const char *data,
                                   size_t len)
{
    const cJSON *map, *entry, *text;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    /* cJSON says only "no"; errno tells running out of memory from bad
     * data. */
    errno = 0;
    out->root = cJSON_ParseWithLength(data, len);
    if (!out->root)
        return errno == ENOMEM ? PASSIM_ERROR_NO_MEMORY : PASSIM_ERROR_CORRUPT;
    out->id = string_of(out->root, SCHEMA_DATA_ID);
    out->title = string_of(out->root, SCHEMA_DATA_TITLE);
    out->date = string_of(out->root, SCHEMA_DATA_DATE);
    out->source = string_of(out->root, SCHEMA_DATA_SOURCE);
    out->lang = string_of(out->root, SCHEMA_DATA_LANG);
    out->url = string_of(out->root, SCHEMA_DATA_URL);
    out->summary = string_of(out->root, SCHEMA_DATA_SUMMARY);
    out->path = string_of(out->root, SCHEMA_DATA_PATH);
    text = cJSON_GetObjectItemCaseSensitive(out->root, SCHEMA_DATA_TEXT);
    out->tags = cJSON_GetObjectItemCaseSensitive(out->root, SCHEMA_DATA_TAGS);
    out->fields =
        cJSON_GetObjectItemCaseSensitive(out->root, SCHEMA_DATA_FIELDS);
    map = cJSON_GetObjectItemCaseSensitive(out->root, SCHEMA_DATA_PASSAGES);
    if (!out->id || !out->title || !out->path || !cJSON_IsString(text) ||
        !cJSON_IsArray(map))
        goto corrupt;
    out->text = text->valuestring;
    out->text_len = strlen(out->text);
    if (!cJSON_IsArray(out->tags))
        out->tags = NULL;
    if (!cJSON_IsObject(out->fields))
        out->fields = NULL;
    out->passages =
        calloc((size_t)cJSON_GetArraySize(map) + 1, sizeof *out->passages);
    if (!out->passages) {
        stored_article_clear(out);
        return PASSIM_ERROR_NO_MEMORY;
    }
    cJSON_ArrayForEach(entry, map)
    {
        if (!read_entry(entry, out->text_len, &out->passages[n]))
            goto corrupt;
        n++;
    }
    out->npassages = n;
    if (n == 0)
        goto corrupt;
    return PASSIM_OK;
corrupt:
    stored_article_clear(out);
    return PASSIM_ERROR_CORRUPT;
}

void stored_article_clear(stored_article *a)
{
    if (!a)
        return;
    cJSON_Delete(a->root);
    free(a->passages);
    memset(a, 0, sizeof *a);
}

unsigned int stored_passage_line(const stored_passage *p, size_t offset)
{
    unsigned int line = p->line;
    const cJSON *v = p->entry->child;
    for (int i = 0; v && i < SCHEMA_MAP_LINES; i++)
        v = v->next;
    for (; v && v->next; v = v->next->next) {
        double at, to;
        if (!number_of(v, &at) || !number_of(v->next, &to) ||
            at > (double)offset)
            break;
        line = (unsigned int)to;
    }
    return line;
}
