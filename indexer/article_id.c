/* article_id.c — naming the articles that carry no id of their own. */
#include "article_id.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

bool article_has_place(const article *a)
{
    return *a->path && strcmp(a->path, "-") != 0;
}

char *article_id_make(const article *a, bool *from_content)
{
    /* A file names its articles by place, so an edit updates them in
     * place. A stream has no place that lasts beyond one run: position
     * there would make the next run's records replace this run's, so its
     * articles are named by what they hold, and sending one again finds
     * it unchanged. */
    bool by_content = !(a->id && *a->id) && !article_has_place(a);
    if (from_content)
        *from_content = by_content;
    if (a->id && *a->id)
        return strdup(a->id);
    if (by_content)
        return db_strdupf("-#%016llx", (unsigned long long)a->hash);
    if (a->ordinal == 0)
        return strdup(a->path);
    return db_strdupf("%s#%zu", a->path, a->ordinal);
}
