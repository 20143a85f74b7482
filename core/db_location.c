/* db_location.c — what a database location names: a remote database, or a
 * folder holding Xapian's glass files and nothing else. */
#include "db_location.h"

#include <dirent.h>
#include <string.h>

#include "db_health.h"

bool db_is_remote(const char *location)
{
    return strncmp(location, "tcp://", 6) == 0 ||
           strncmp(location, DB_PROG_SCHEME, strlen(DB_PROG_SCHEME)) == 0;
}

bool db_holds_only_glass(const char *dir, bool *versioned)
{
    /* v.tmp: the version file before its rename to iamglass, left when
     * creation fails between the two (out of memory, say); passim's own
     * record of the files (db_health.h) may be there too. */
    static const char *const glass[] = {
        "postlist",          "termlist", "docdata",   "position", "spelling",
        "synonym",           "record",   "flintlock", "iamglass", "v.tmp",
        DB_HEALTH_STATE_FILE};
    DIR *d = opendir(dir);
    struct dirent *e;
    bool ours = d != NULL;
    *versioned = false;
    while (ours && (e = readdir(d))) {
        bool known = e->d_name[0] == '.';
        if (strcmp(e->d_name, "iamglass") == 0)
            *versioned = true;
        for (size_t i = 0; !known && i < sizeof glass / sizeof *glass; i++)
            known = strncmp(e->d_name, glass[i], strlen(glass[i])) == 0;
        ours = known;
    }
    if (d)
        closedir(d);
    return ours;
}
