"""fts5.py — the SQLite FTS5 peer, through Python's sqlite3.

Index: an in-memory FTS5 table (title, body) with tokenize='porter unicode61'.
Query: the query's words (querytext.words) less stopwords, each quoted, joined
by OR; in typed mode every word, quoted, side by side (FTS5's implicit AND, as
a person's words reach FTS5 when quoted so its syntax cannot fail); ranked by
bm25() with its default parameters and column weights.
"""

import sqlite3

from querytext import words
from peers.stopwords import STOPWORDS

NAME = "SQLite FTS5"


def match_expression(text, mode="bag"):
    """The FTS5 MATCH string for a query, or None when no word is left."""
    if mode == "typed":
        terms = [w.lower() for w in words(text)]
    else:
        terms = [w.lower() for w in words(text) if w.lower() not in STOPWORDS]
    if not terms:
        return None
    joiner = " " if mode == "typed" else " OR "
    return joiner.join('"' + t.replace('"', '""') + '"' for t in terms)


def rank(docs, queries, depth, mode="bag"):
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE docs USING fts5("
                   "docid UNINDEXED, title, body, tokenize='porter unicode61')")
        db.executemany("INSERT INTO docs (docid, title, body) VALUES (?, ?, ?)",
                       ((d.id, d.title, d.body) for d in docs))
        run = {}
        for qid, text in queries.items():
            expr = match_expression(text, mode)
            if expr is None:
                run[qid] = []
                continue
            rows = db.execute("SELECT docid FROM docs WHERE docs MATCH ? "
                              "ORDER BY bm25(docs) LIMIT ?", (expr, depth))
            run[qid] = [r[0] for r in rows]
        return run
    finally:
        db.close()
