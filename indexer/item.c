/* item.c — letting go of what an item holds, on whichever side ends it. */
#include "item.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"

void item_clear(item *it)
{
    xc_doc_free(it->doc);
    free(it->id);
    db_strings_free(it->ids, it->nids);
    word_counts_free(it->words);
    memset(it, 0, sizeof *it);
}
