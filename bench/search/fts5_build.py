#!/usr/bin/env python3
"""fts5_build.py — the SQLite FTS5 peer's index: the articles' title and body
in one FTS5 table with the tokenizer a user would pick for English text
('porter unicode61'), for fts5_latency to query.

Usage: fts5_build.py ARTICLES.jsonl OUT.sqlite   (OUT is replaced)
"""
import json
import os
import sqlite3
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    src, dst = sys.argv[1], sys.argv[2]
    if os.path.exists(dst):
        os.remove(dst)
    con = sqlite3.connect(dst)
    con.execute("CREATE VIRTUAL TABLE articles USING fts5("
                "title, body, tokenize='porter unicode61')")
    rows = 0
    with open(src, encoding="utf-8") as f, con:
        for line in f:
            try:
                a = json.loads(line)
            except ValueError:
                continue
            con.execute("INSERT INTO articles(title, body) VALUES (?, ?)",
                        (a.get("title") or "", a.get("body") or ""))
            rows += 1
    con.execute("INSERT INTO articles(articles) VALUES ('optimize')")
    con.commit()
    con.close()
    print(f"fts5_build.py: {rows} articles in {dst}", file=sys.stderr)


if __name__ == "__main__":
    main()
