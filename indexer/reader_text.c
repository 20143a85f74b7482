/*
 * reader_text.c — plain text articles: optional "Key: value" header lines up
 * to the first blank line (only when the first line is a known header), then
 * paragraphs separated by blank lines. Without a Title header the first line
 * is the title; when it stands alone it is also the first heading.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader_internal.h"

/* Splits line[0, len) as "Key: value" (key: a letter, then letters, digits,
 * '-' or '_'); the key is copied into key[], the value trimmed. */
static bool parse_header(const char *line, size_t len, char *key,
                         size_t key_size, const char **value, size_t *value_len)
{
    size_t k = 0;
    if (!len || !((line[0] >= 'A' && line[0] <= 'Z') ||
                  (line[0] >= 'a' && line[0] <= 'z')))
        return false;
    while (k < len && k + 1 < key_size &&
           ((line[k] >= 'A' && line[k] <= 'Z') ||
            (line[k] >= 'a' && line[k] <= 'z') ||
            (line[k] >= '0' && line[k] <= '9') || line[k] == '-' ||
            line[k] == '_'))
        k++;
    size_t colon = k;
    while (colon < len && (line[colon] == ' ' || line[colon] == '\t'))
        colon++;
    if (colon >= len || line[colon] != ':')
        return false;
    memcpy(key, line, k);
    key[k] = '\0';
    size_t v = colon + 1, end = len;
    while (v < end && reader_is_space(line[v]))
        v++;
    while (end > v && reader_is_space(line[end - 1]))
        end--;
    *value = line + v;
    *value_len = end - v;
    return true;
}

static bool known_key(article *a, const char *key)
{
    return article_slot(a, key) || !strcasecmp(key, "tags");
}

/* Reads the header lines at buf[*pos...], moving *pos and *line past them
 * and the blank line that ends them. */
static passim_status read_headers(article *a, const char *buf, size_t len,
                                  size_t *pos, unsigned int *line)
{
    char key[64];
    const char *value;
    size_t value_len;
    bool first = true;
    while (*pos < len) {
        const char *nl = memchr(buf + *pos, '\n', len - *pos);
        size_t next = nl ? (size_t)(nl - buf) + 1 : len;
        size_t end = nl ? next - 1 : len;
        if (!parse_header(buf + *pos, end - *pos, key, sizeof key, &value,
                          &value_len)) {
            bool blank = true;
            for (size_t i = *pos; i < end && blank; i++)
                blank = reader_is_space(buf[i]);
            if (blank && !first) {
                *pos = next;
                (*line)++;
            }
            return PASSIM_OK;
        }
        if (first && !known_key(a, key))
            return PASSIM_OK;
        first = false;
        passim_status st;
        char **slot = article_slot(a, key);
        if (slot) {
            st = article_set(a, slot, value, value_len);
        } else if (!strcasecmp(key, "tags")) {
            st = article_add_tag_list(a, value, value_len);
        } else {
            char *copy = strndup(value, value_len);
            st =
                copy ? article_add_field(a, key, copy) : PASSIM_ERROR_NO_MEMORY;
            free(copy);
        }
        if (st != PASSIM_OK)
            return st;
        *pos = next;
        (*line)++;
    }
    return PASSIM_OK;
}

passim_status reader_text(const char *path, const char *buf, size_t len,
                          size_t from, const reader_sink *sink)
{
    article *a = reader_file_article(path, buf, len);
    if (!a)
        return PASSIM_ERROR_NO_MEMORY;
    size_t pos = from;
    unsigned int line = 1;
    passim_status st = read_headers(a, buf, len, &pos, &line);
    if (st == PASSIM_OK)
        st = reader_add_paragraphs(a, buf + pos, len - pos, pos, line, false,
                                   BLOCK_PARAGRAPH);
    /* the title is then the first line (reader_emit) */
    if (st == PASSIM_OK && a->title[0] == '\0' && a->nblocks &&
        !memchr(a->blocks[0].text, '\n', a->blocks[0].len))
        a->blocks[0].kind = BLOCK_HEADING;
    if (st != PASSIM_OK) {
        article_free(a);
        return st;
    }
    return reader_emit(sink, a) == READER_SKIPPED ? PASSIM_ERROR_INPUT
                                                  : PASSIM_OK;
}
