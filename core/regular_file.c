/* regular_file.c — files named by the user, read only when they are regular
 * files and small enough (a FIFO would hang the command, /dev/zero never
 * ends). */
#include "regular_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_text.h"

const char *regular_file_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}

passim_status regular_file_open(const char *path, int *fd, char **reason)
{
    struct stat sb;
    passim_status st = PASSIM_ERROR_IO;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then
     * tells what was really opened, even if the name changed meanwhile. */
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    *reason = NULL;
    if (*fd < 0) {
        *reason = db_strdupf("cannot open: %s", strerror(errno));
        return st;
    }
    if (fstat(*fd, &sb) != 0) {
        *reason = db_strdupf("cannot stat: %s", strerror(errno));
    } else if (!S_ISREG(sb.st_mode)) {
        *reason = db_strdupf("%s, not read", regular_file_kind(sb.st_mode));
        st = PASSIM_ERROR_INPUT;
    } else if (fcntl(*fd, F_SETFL, 0) != 0) {
        *reason = db_strdupf("cannot read: %s", strerror(errno));
    } else {
        return PASSIM_OK;
    }
    close(*fd);
    *fd = -1;
    return st;
}

passim_status regular_file_read(const char *path, size_t max, char **text,
                                size_t *len, char **reason)
{
    size_t have = 0, cap = 0;
    char *data = NULL;
    int fd;
    passim_status st = regular_file_open(path, &fd, reason);
    *text = NULL;
    *len = 0;
    /* Read to the end rather than trust st_size (the file may grow), but
     * never more than one byte past max. */
    while (st == PASSIM_OK) {
        ssize_t n;
        if (have == cap) {
            size_t grown = cap < 2048 ? 4096 : 2 * cap;
            char *p = realloc(data, (grown > max ? max + 1 : grown) + 1);
            if (!p) {
                st = PASSIM_ERROR_NO_MEMORY;
                break;
            }
            data = p;
            cap = grown > max ? max + 1 : grown;
        }
        n = read(fd, data + have, cap - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *reason = db_strdupf("cannot read: %s", strerror(errno));
            st = PASSIM_ERROR_IO;
        } else if (n == 0) {
            break;
        } else if ((have += (size_t)n) > max) {
            *reason = db_strdupf("larger than %zu bytes, not read", max);
            st = PASSIM_ERROR_INPUT;
        }
    }
    if (fd >= 0)
        close(fd);
    if (st != PASSIM_OK) {
        free(data);
        if (!*reason)
            *reason = strdup(passim_status_string(st));
        return st;
    }
    if (!data && !(data = malloc(1))) {
        *reason = strdup(passim_status_string(PASSIM_ERROR_NO_MEMORY));
        return PASSIM_ERROR_NO_MEMORY;
    }
    data[have] = '\0';
    *text = data;
    *len = have;
    return PASSIM_OK;
}
