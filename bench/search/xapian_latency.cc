// xapian_latency.cc — the raw Xapian peer: what a query costs through
// Xapian's own API on the same passim database, with nothing of passim's on
// top (no collapsing, exact counts, relaxation, spelling or snippets):
// QueryParser (English stemmer, STEM_SOME, default operator AND; a plain word
// looks in the body and, like passim, in the title: prefixes "" and "S"),
// Enquire's default BM25, get_mset(0, 10), each hit's document data read.
#include <cstdio>
#include <string>

#include <xapian.h>

#include "timing.h"

struct peer {
    Xapian::Database db;
    Xapian::QueryParser qp;
};

// C language linkage: timing.c calls it through a C function pointer.
extern "C" {
static int run_query(void *ctx, const char *query, size_t *nhits)
{
    peer *p = static_cast<peer *>(ctx);
    try {
        Xapian::Enquire enquire(p->db);
        enquire.set_query(p->qp.parse_query(query));
        Xapian::MSet mset = enquire.get_mset(0, 10);
        size_t bytes = 0;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
            bytes += it.get_document().get_data().size();
        *nhits = mset.size();
        // Every hit has a stored passage: no data means a wrong database.
        return mset.empty() || bytes > 0 ? 0 : -1;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian: query '%s': %s\n", query,
                     e.get_description().c_str());
        return -1;
    }
}
}

int main(int argc, char **argv)
{
    bench_args args;
    if (bench_args_parse(&args, argc, argv) != 0)
        return 2;
    if (args.feedback) {
        fprintf(stderr, "%s: --feedback is passim's alone\n", argv[0]);
        return 2;
    }
    peer p;
    try {
        p.db = Xapian::Database(args.db);
        p.qp.set_stemmer(Xapian::Stem("english"));
        p.qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        p.qp.set_default_op(Xapian::Query::OP_AND);
        p.qp.add_prefix("", "");
        p.qp.add_prefix("", "S");
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian: %s: %s\n", args.db,
                     e.get_description().c_str());
        return 3;
    }
    return bench_run("xapian", &args, run_query, &p);
}
