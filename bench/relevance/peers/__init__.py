"""peers — the systems passim is compared with, each set up as a plain user of
it would: SQLite FTS5 (fts5.py) and Xapian's own TermGenerator and QueryParser
(xapian_peer.py). Each module has rank(docs, queries, depth, ...) returning
{qid: [docid, ...]} best first, and NAME, the row name in the results."""
