/*
 * regular_file.h — reading small files named by the user (synonyms files,
 * JSON Lines files) without ever waiting on a FIFO or reading a device
 * without end: only regular files are read, and only up to a limit.
 */
#ifndef PASSIM_REGULAR_FILE_H
#define PASSIM_REGULAR_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "passim.h"

/* What a file of this mode is, for messages: "a FIFO", "a socket", "a
 * device", else "not a regular file". */
const char *regular_file_kind(mode_t mode);

/* Opens `path` for reading (blocking reads) into *fd when it is a regular
 * file: a FIFO is opened without waiting for a writer, then refused. Else
 * *fd = -1 and *reason (malloc'd; NULL when out of memory) says why:
 * PASSIM_ERROR_IO (cannot open), PASSIM_ERROR_INPUT (not a regular file). */
passim_status regular_file_open(const char *path, int *fd, char **reason);

/* Reads the regular file `path` whole, if it holds at most `max` bytes
 * (also when it grows while read): *text is malloc'd and NUL-terminated,
 * *len its length. On failure *text = NULL and *reason (malloc'd) says
 * why: PASSIM_ERROR_IO (cannot open or read), PASSIM_ERROR_INPUT (not a
 * regular file, too large), PASSIM_ERROR_NO_MEMORY. */
passim_status regular_file_read(const char *path, size_t max, char **text,
                                size_t *len, char **reason);

#endif /* PASSIM_REGULAR_FILE_H */
