/* shards.c — reading and creating the stub layout of sharded databases. */
#include "shards.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "db.h"
#include "stub.h"

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
        st = db_strings_push(&out->paths, &out->count,
                             db_strdupf("%s/shard%u", dir, i));
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
    stub = db_strdupf("%s/%s", location, STUB_FILE);
    if (!stub) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    if (stub_is(location)) {
        st = stub_read(location, &out->paths, &out->count, &msg);
        for (size_t i = 0; st == PASSIM_OK && i < out->count; i++)
            if (strncmp(out->paths[i], "tcp://", 6) == 0) {
                msg = db_strdupf("%s: a remote shard (%s) is written through "
                                 "its own server (--db-writable)",
                                 location, out->paths[i]);
                st = PASSIM_ERROR_INVALID_ARGUMENT;
            }
        if (st == PASSIM_OK && want && want != out->count) {
            msg = db_strdupf("%s has %zu shards, not %u", location, out->count,
                             want);
            st = PASSIM_ERROR_INVALID_ARGUMENT;
        }
    } else if (want > 1) {
        if (stat(location, &sb) == 0) {
            msg = db_strdupf("%s: already a database of one shard; index "
                             "into a new folder to shard",
                             location);
            st = PASSIM_ERROR_INVALID_ARGUMENT;
        } else if (!create) {
            msg = db_strdupf("%s: no database here", location);
            st = PASSIM_ERROR_NOT_FOUND;
        } else {
            st = create_layout(out, location, stub, want, &msg);
        }
    } else {
        st = db_strings_push(&out->paths, &out->count, strdup(location));
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
