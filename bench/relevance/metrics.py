"""metrics.py — the relevance measures of the benchmark, written here so the
numbers do not depend on any outside evaluation tool.

A ranking is a list of document ids, best first. Judgments for one query are a
dict {docid: gain}; a document is relevant when its gain is > 0, and documents
not judged have gain 0.

- nDCG@k: DCG = sum of gain / log2(rank + 1) over ranks 1..k (linear gain),
  divided by the DCG of the ideal ranking built from all judged documents.
- AP at depth d: sum of precision@r over the ranks r <= d holding a relevant
  document, divided by the number of relevant documents (retrieved or not);
  MAP is its mean.
- P@k: relevant documents in the top k, divided by k (always k, even when
  fewer were returned).
- R@k: relevant documents in the top k, divided by all relevant documents.

Means are over the queries that have at least one relevant document.

Whether two systems differ: a paired randomization test (Fisher's, as Smucker,
Allan and Carterette, CIKM 2007, recommend for IR): under the null hypothesis
each query's pair of scores could have come from either system, so flipping
the sign of per-query differences at random gives the distribution of the mean
difference; p is the share of flips whose |mean| reaches the observed one.
"""

import math
import random

NDCG_DEPTH = 10
MAP_DEPTH = 1000
P_DEPTH = 10
R_DEPTH = 100

MEASURES = ("ndcg@10", "map", "p@10", "r@100")


def _dcg(gains):
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg(ranking, judged, k=NDCG_DEPTH):
    ideal = _dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg(max(judged.get(d, 0), 0) for d in ranking[:k]) / ideal


def average_precision(ranking, judged, depth=MAP_DEPTH):
    relevant = sum(1 for g in judged.values() if g > 0)
    if relevant == 0:
        return 0.0
    found, total = 0, 0.0
    for rank, d in enumerate(ranking[:depth], start=1):
        if judged.get(d, 0) > 0:
            found += 1
            total += found / rank
    return total / relevant


def precision(ranking, judged, k=P_DEPTH):
    return sum(1 for d in ranking[:k] if judged.get(d, 0) > 0) / k


def recall(ranking, judged, k=R_DEPTH):
    relevant = sum(1 for g in judged.values() if g > 0)
    if relevant == 0:
        return 0.0
    return sum(1 for d in ranking[:k] if judged.get(d, 0) > 0) / relevant


def has_relevant(judged):
    return any(g > 0 for g in judged.values())


def score_query(ranking, judged):
    """All four measures of one query, keyed as in MEASURES."""
    return {
        "ndcg@10": ndcg(ranking, judged),
        "map": average_precision(ranking, judged),
        "p@10": precision(ranking, judged),
        "r@100": recall(ranking, judged),
    }


def per_query(run, qrels, qids):
    """score_query of each of qids that has a relevant document, in order."""
    return [score_query(run.get(q, []), qrels[q])
            for q in qids if has_relevant(qrels.get(q, {}))]


def paired_randomization(a, b, trials=10000, seed=21578):
    """Two-sided p-value of mean(a) - mean(b) over paired per-query scores.

    Each trial flips the sign of every difference with probability 1/2; the
    flips come 8 differences at a time from a table of the 256 signed sums of
    each group, so 10,000 trials over 225 queries take a fraction of a second.
    The same seed gives the same p. Counts the observed order itself, so p is
    never 0: (extreme + 1) / (trials + 1).
    """
    d = [x - y for x, y in zip(a, b)]
    if not d:
        return 1.0
    observed = abs(sum(d)) - 1e-9 * len(d)
    groups = [d[i:i + 8] for i in range(0, len(d), 8)]
    tables = [[sum(x if m >> j & 1 else -x for j, x in enumerate(g))
               for m in range(1 << len(g))] for g in groups]
    rng = random.Random(seed)
    extreme = 0
    for _ in range(trials):
        bits = rng.getrandbits(8 * len(tables))
        total = 0.0
        for k, t in enumerate(tables):
            total += t[(bits >> (8 * k)) & (len(t) - 1)]
        if abs(total) >= observed:
            extreme += 1
    return (extreme + 1) / (trials + 1)


def evaluate(run, qrels, qids):
    """Mean of each measure over those of qids that have a relevant document.

    run: {qid: ranking} (a missing qid counts as an empty ranking);
    qrels: {qid: {docid: gain}}. Returns the means plus "queries", the number
    of queries averaged over.
    """
    scored = per_query(run, qrels, qids)
    means = {m: (sum(s[m] for s in scored) / len(scored) if scored else 0.0)
             for m in MEASURES}
    means["queries"] = len(scored)
    return means
