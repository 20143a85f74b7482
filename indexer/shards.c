/* shards.c — reading and creating the stub layout of sharded databases. */
#include "shards.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "db.h"

size_t shards_pick(const char *id, size_t count)
{
    return count > 1 ? (size_t)(XXH64(id, strlen(id), 0) % count) : 0;
}

void shards_clear(shard_set *set)
{
    db_strings_free(set->paths, set->count);
    set->paths = NULL;
    set->count = 0;
}

static passim_status add_path(shard_set *set, char *path)
{
    char **grown;
    if (!path)
        return PASSIM_ERROR_NO_MEMORY;
    grown = realloc(set->paths, (set->count + 1) * sizeof *grown);
    if (!grown) {
        free(path);
        return PASSIM_ERROR_NO_MEMORY;
    }
    grown[set->count++] = path;
    set->paths = grown;
    return PASSIM_OK;
}

/* Reads "TYPE PATH" lines (Xapian's stub format); relative paths are
 * relative to the folder holding the stub. */
static passim_status read_stub(shard_set *out, const char *dir,
                               const char *stub, char **errmsg)
{
    FILE *fp = fopen(stub, "r");
    char line[4096];
    unsigned int n = 0;
    passim_status st = PASSIM_OK;
    if (!fp) {
        *errmsg = db_strdupf("%s: %s", stub, strerror(errno));
        return PASSIM_ERROR_IO;
    }
    while (st == PASSIM_OK && fgets(line, sizeof line, fp)) {
        char *type = line, *path;
        n++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        path = strchr(line, ' ');
        if (!path) {
            *errmsg = db_strdupf("%s:%u: expected 'TYPE PATH'", stub, n);
            st = PASSIM_ERROR_CORRUPT;
            break;
        }
        *path++ = '\0';
        if (strcmp(type, "remote") == 0) {
            *errmsg = db_strdupf("%s:%u: a remote shard is written through "
                                 "its own server (--db-writable tcp://...)",
                                 stub, n);
            st = PASSIM_ERROR_INVALID_ARGUMENT;
        } else if (strcmp(type, "auto") && strcmp(type, "glass")) {
            *errmsg = db_strdupf("%s:%u: unknown database type '%s'", stub, n,
                                 type);
            st = PASSIM_ERROR_CORRUPT;
        } else {
            st = add_path(out, path[0] == '/' ? strdup(path)
                                              : db_strdupf("%s/%s", dir, path));
        }
    }
    fclose(fp);
    return st;
}

static passim_status create_layout(shard_set *out, const char *dir,
                                   const char *stub, unsigned int want,
                                   char **errmsg)
{
    FILE *fp;
    passim_status st = PASSIM_OK;
    char *tmp = db_strdupf("%s.tmp", stub);
    if (!tmp)
        return PASSIM_ERROR_NO_MEMORY;
    if (db_make_parents(stub) != 0) {
        *errmsg = db_strdupf("%s: %s", dir, strerror(errno));
        free(tmp);
        return PASSIM_ERROR_IO;
    }
    fp = fopen(tmp, "w");
    for (unsigned int i = 0; fp && i < want; i++)
        fprintf(fp, "auto shard%u\n", i);
    /* Written aside and renamed, so a crash never leaves half a stub. */
    if (!fp || fclose(fp) != 0 || rename(tmp, stub) != 0) {
        *errmsg = db_strdupf("%s: %s", stub, strerror(errno));
        st = PASSIM_ERROR_IO;
    }
    free(tmp);
    for (unsigned int i = 0; st == PASSIM_OK && i < want; i++)
        st = add_path(out, db_strdupf("%s/shard%u", dir, i));
    return st;
}

passim_status shards_resolve(shard_set *out, const char *location,
                             unsigned int want, bool create, char **errmsg)
{
    char *stub = NULL, *msg = NULL;
    struct stat sb;
    passim_status st;

    memset(out, 0, sizeof *out);
    if (want > SHARDS_MAX) {
        msg = db_strdupf("at most %d shards", SHARDS_MAX);
        st = PASSIM_ERROR_INVALID_ARGUMENT;
        goto out;
    }
    stub = db_strdupf("%s/%s", location, SHARDS_STUB);
    if (!stub) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    if (strncmp(location, "tcp://", 6) != 0 && stat(stub, &sb) == 0) {
        st = read_stub(out, location, stub, &msg);
        if (st == PASSIM_OK && want && want != out->count) {
            msg = db_strdupf("%s has %zu shards, not %u", location,
                             out->count, want);
            st = PASSIM_ERROR_INVALID_ARGUMENT;
        }
    } else if (want > 1) {
        if (stat(location, &sb) == 0) {
            msg = db_strdupf("%s: already a database of one shard; index "
                             "into a new folder to shard", location);
            st = PASSIM_ERROR_INVALID_ARGUMENT;
        } else if (!create) {
            msg = db_strdupf("%s: no database here", location);
            st = PASSIM_ERROR_NOT_FOUND;
        } else {
            st = create_layout(out, location, stub, want, &msg);
        }
    } else {
        st = add_path(out, strdup(location));
    }
out:
    free(stub);
    if (st != PASSIM_OK) {
        shards_clear(out);
        if (errmsg)
            *errmsg = msg ? msg : db_strdupf("%s", passim_status_string(st));
        else
            free(msg);
    }
    return st;
}
