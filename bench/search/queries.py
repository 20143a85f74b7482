#!/usr/bin/env python3
"""queries.py — derives the search benchmark's queries from the articles
themselves, so every system gets the same realistic, reproducible workload:
1 to 3 words of one article's title, in title order, lower-cased, with
stopwords (passim's English list, read from analysis/stopwords.c, so no
query word is one passim drops and the peers keep), numbers and words under
3 letters left out.

Usage: queries.py ARTICLES.jsonl N [--seed S] > queries.txt   (one per line)
"""
import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STOPWORDS_C = os.path.join(HERE, "..", "..", "analysis", "stopwords.c")

# How many words a query has: short queries dominate real search logs.
WORD_COUNTS = (1, 2, 3)
WORD_COUNT_WEIGHTS = (4, 4, 2)


def passim_stopwords(path=STOPWORDS_C):
    """The English list of the analyzer, as compiled into passim."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    m = re.search(r"english\[\]\s*=\s*\{(.*?)NULL\s*\}", source, re.S)
    if not m:
        sys.exit("queries.py: no English stopword list in " + path)
    return frozenset(re.findall(r'"([^"]*)"', m.group(1)))


def title_words(title, stop):
    """Plain alphabetic words of a title, surrounding punctuation stripped
    (so "U.S." and "10-YEAR" are left out, not split)."""
    words = []
    for raw in title.split():
        w = raw.strip(".,:;!?\"'()[]<>").lower()
        if len(w) >= 3 and w.isascii() and w.isalpha() and w not in stop \
                and w not in words:
            words.append(w)
    return words


def derive(titles, n, seed, stop):
    rng = random.Random(seed)
    candidates = [w for w in (title_words(t, stop) for t in titles) if w]
    if not candidates:
        sys.exit("queries.py: no usable titles")
    queries = []
    while len(queries) < n:
        words = rng.choice(candidates)
        k = min(rng.choices(WORD_COUNTS, WORD_COUNT_WEIGHTS)[0], len(words))
        picked = sorted(rng.sample(range(len(words)), k))
        queries.append(" ".join(words[i] for i in picked))
    return queries


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=21578)
    args = ap.parse_args()
    titles = []
    with open(args.articles, encoding="utf-8") as f:
        for line in f:
            try:
                title = json.loads(line).get("title")
            except ValueError:
                continue
            if isinstance(title, str):
                titles.append(title)
    for q in derive(titles, args.n, args.seed, passim_stopwords()):
        print(q)


if __name__ == "__main__":
    main()
