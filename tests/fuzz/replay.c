/*
 * replay.c — a main for the fuzz targets in builds without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named, or on each file below each
 * directory named, so that CTest replays the seeds and every input that once
 * crashed (tests/fuzz/regressions) in every build, sanitizers included.
 *
 * Usage: replay_<target> FILE|DIR...   Folders are read recursively; names
 * starting with "." are skipped.
 * Fails when an argument cannot be read or names no input at all, so that a
 * test cannot pass by replaying nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads a whole file into a malloc'd buffer (its exact size, so that ASan
 * sees any read past the end). */
static int read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size;
    int rc = -1;

    *out = NULL;
    if (!fp)
        return -1;
    if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc(size ? (size_t)size : 1);
    if (!buf || fread(buf, 1, (size_t)size, fp) != (size_t)size)
        goto out;
    *out = buf;
    *len = (size_t)size;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(fp);
    return rc;
}

static int replay_file(const char *path)
{
    uint8_t *data;
    size_t len;
    if (read_file(path, &data, &len) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

static int skip_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Replays path (a file, or the files below a directory, as libFuzzer reads
 * a corpus folder); adds to *count. */
static int replay_path(const char *path, size_t *count)
{
    struct stat st;
    struct dirent **names = NULL;
    int n, rc = 0;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        rc = replay_file(path);
        *count += rc == 0;
        return rc;
    }
    n = scandir(path, &names, skip_hidden, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        size_t size = strlen(path) + strlen(names[i]->d_name) + 2;
        char *file = malloc(size);
        if (!file) {
            rc = -1;
            continue;
        }
        snprintf(file, size, "%s/%s", path, names[i]->d_name);
        if (replay_path(file, count) != 0)
            rc = -1;
        free(file);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++)
        if (replay_path(argv[i], &count) != 0)
            rc = 1;
    if (count == 0) {
        fprintf(stderr, "replay: no inputs\n");
        rc = 1;
    }
    fprintf(stderr, "replay: %zu inputs\n", count);
    return rc;
}
