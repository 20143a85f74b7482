/* stub.c — reading Xapian stub database files (see stub.h). */
#include "stub.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_location.h"
#include "db_text.h"

/* The stub file of a location, or NULL when it is not a stub. */
static char *stub_file(const char *location)
{
    struct stat sb;
    char *inside;
    if (db_is_remote(location) || stat(location, &sb) != 0)
        return NULL;
    if (S_ISREG(sb.st_mode))
        return strdup(location);
    if (!S_ISDIR(sb.st_mode))
        return NULL;
    inside = db_strdupf("%s/%s", location, STUB_FILE);
    if (inside && stat(inside, &sb) == 0 && S_ISREG(sb.st_mode))
        return inside;
    free(inside);
    return NULL;
}

bool stub_is(const char *location)
{
    char *file = stub_file(location);
    free(file);
    return file != NULL;
}

passim_status stub_read(const char *location, char ***out, size_t *count,
                        char **errmsg)
{
    char *file = stub_file(location), *copy = NULL, *dir;
    char line[4096];
    unsigned int n = 0;
    passim_status st = PASSIM_OK;
    FILE *fp;

    *out = NULL;
    *count = 0;
    if (!file) {
        *errmsg = db_strdupf("%s: not a stub database", location);
        return PASSIM_ERROR_INVALID_ARGUMENT;
    }
    fp = fopen(file, "r");
    copy = strdup(file);
    if (!fp || !copy) {
        *errmsg = db_strdupf("%s: %s", file, strerror(errno));
        st = PASSIM_ERROR_IO;
        goto out;
    }
    dir = dirname(copy);
    while (st == PASSIM_OK && fgets(line, sizeof line, fp)) {
        char *type = line, *arg;
        n++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        arg = strchr(line, ' ');
        if (!arg) {
            *errmsg = db_strdupf("%s:%u: expected 'TYPE PATH'", file, n);
            st = PASSIM_ERROR_CORRUPT;
            break;
        }
        *arg++ = '\0';
        if (strcmp(type, "remote") == 0 && arg[0] == ':' && arg[1])
            st = db_strings_push(out, count, db_strdupf("prog:%s", arg + 1));
        else if (strcmp(type, "remote") == 0 && strchr(arg, ':') &&
                 !strchr(arg, ' '))
            st = db_strings_push(out, count, db_strdupf("tcp://%s", arg));
        else if (strcmp(type, "auto") == 0 || strcmp(type, "glass") == 0)
            st = db_strings_push(out, count,
                                 arg[0] == '/' ? strdup(arg)
                                               : db_strdupf("%s/%s", dir, arg));
        else {
            *errmsg =
                db_strdupf("%s:%u: passim reads 'auto', 'glass' and "
                           "'remote HOST:PORT' and 'remote :PROGRAM ARGS' "
                           "lines",
                           file, n);
            st = PASSIM_ERROR_CORRUPT;
        }
    }
out:
    if (fp)
        fclose(fp);
    free(copy);
    free(file);
    if (st != PASSIM_OK) {
        db_strings_free(*out, *count);
        *out = NULL;
        *count = 0;
    }
    return st;
}
