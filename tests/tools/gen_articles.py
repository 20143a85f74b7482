#!/usr/bin/env python3
"""gen_articles.py — synthetic JSON Lines articles for passim's robustness
tests: N articles of about 300 words from a fixed vocabulary, the same bytes
for the same arguments on every machine, so a test can index the same input
twice and compare databases.

Every article contains the marker word (default "passimmarker") in its first
paragraph, so one query matches them all. --revision R rewrites every body
(same ids, titles and dates) so a rerun updates every article, or with
--revise-every K every K-th one.
"""
import argparse
import json
import random
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da",
             "gu", "fe", "zo", "bi", "ha", "ju", "wy", "qe", "xo", "ci"]
SOURCES = ["Northwind Daily", "Contoso Wire", "Fabrikam Review",
           "Tailspin Times", "Litware Letter"]


def vocabulary():
    """2,000 distinct words made of two to four syllables; no seed involved,
    so every run of every test draws from the same words."""
    words = []
    seen = set()
    rng = random.Random(20240101)
    while len(words) < 2000:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def paragraph(rng, words, weights, n):
    text = " ".join(rng.choices(words, weights, k=n))
    return text[0].upper() + text[1:] + "."


def article(i, args, words, weights):
    # One generator per article: article i is the same whatever --count is.
    revision = args.revision if i % args.revise_every == 0 else 0
    rng = random.Random(f"{args.seed}/{i}/{revision}")
    meta = random.Random(f"{args.seed}/{i}")  # revision-independent fields
    total = max(args.words + rng.randint(-30, 30), 3)
    sizes = []
    while total > 0:
        n = min(total, rng.randint(80, 120))
        sizes.append(n)
        total -= n
    paras = [paragraph(rng, words, weights, n) for n in sizes]
    paras[0] = f"{args.marker} {paras[0]}"
    day = meta.randint(0, 27)
    month = meta.randint(1, 12)
    return {
        "id": f"{args.prefix}{i:06d}",
        "title": " ".join(meta.choices(words, k=4)).capitalize(),
        "date": f"{2020 + meta.randint(0, 6)}-{month:02d}-{day + 1:02d}",
        "source": meta.choice(SOURCES),
        "tags": sorted(set(meta.choices(words[:30], k=2))),
        "body": "\n\n".join(paras),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", "--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--revision", type=int, default=0,
                   help="body revision: a new value changes the bodies")
    p.add_argument("--revise-every", type=int, default=1, metavar="K",
                   help="the revision applies to articles 0, K, 2K, ...")
    p.add_argument("--words", type=int, default=300,
                   help="about this many words per article")
    p.add_argument("--marker", default="passimmarker",
                   help="a word every article contains")
    p.add_argument("--prefix", default="gen-", help="article id prefix")
    p.add_argument("-o", "--output", help="file to write (default stdout)")
    args = p.parse_args()
    if args.count < 0 or args.words < 1 or args.revise_every < 1:
        p.error("--count must be >= 0, --words and --revise-every >= 1")

    words = vocabulary()
    # Zipf-like frequencies: a few common words, a long tail, as in prose.
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for i in range(args.count):
            out.write(json.dumps(article(i, args, words, weights),
                                 ensure_ascii=False))
            out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
