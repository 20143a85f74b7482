#!/usr/bin/env bash
# test_articles.sh — articles are the unit: an article of several passages
# matches, is filtered, counted and faceted as one, whichever passages hold
# the words; each hit shows its best passages at the line of their first
# match; phrases and NEAR stay inside one passage; a database of the old
# one-document-per-passage schema is refused.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARTS=$TEST_TMP/arts
mkdir -p "$ARTS"

# filler N SEED : N words that no query below looks for, one sentence a line
# of ten words (so an article has many source lines).
filler() {
    local n=$1 seed=$2 i words=(lorem ipsum dolor sit amet consectetur
        adipiscing elit sed do eiusmod tempor incididunt labore dolore magna
        aliqua enim minim veniam quis nostrud exercitation ullamco laboris)
    for ((i = 0; i < n; i++)); do
        printf '%s' "${words[(i * 7 + seed) % ${#words[@]}]}"
        if (((i + 1) % 10 == 0)); then printf '.\n'; else printf ' '; fi
    done
}

# The long article: three paragraphs of about 100 words, so three passages.
# coreweave is in all three (three times in the third); egress only in the
# second, on its own line; openai only in the third. The first passage ends
# with "alpha", the second starts with "bravo".
{
    printf -- '---\ntitle: "A long article"\nsource: news\nid: long\n---\n\n'
    printf 'Coreweave opens the first part.\n'
    filler 90 1
    printf 'and it closes with alpha\n\n'
    printf 'bravo begins the second part.\n'
    filler 40 2
    printf 'Cloud buyers worry about egress fees and coreweave pricing.\n'
    filler 50 3
    printf '\n'
    printf 'OpenAI and coreweave, coreweave and coreweave again.\n'
    filler 90 4
    printf '\n'
} >"$ARTS/long.md"
printf -- '---\ntitle: "A short note"\nsource: blog\nid: short\n---\n\nCoreweave egress pricing in one paragraph.\n' \
    >"$ARTS/short.md"
printf -- '---\ntitle: "Egress only"\nsource: blog\nid: egress\n---\n\nEgress fees again, nothing else.\n' \
    >"$ARTS/egress.md"
DB=$TEST_TMP/db
index_fixtures "$DB" "$ARTS"
assert_jq '.passages >= 5' "the long article is split into passages" \
    "$("$PASSIM" stats --db "$DB" --json)"
egress_line=$(grep -n 'worry about egress' "$ARTS/long.md" | cut -d: -f1)
openai_line=$(grep -n '^OpenAI and coreweave' "$ARTS/long.md" | cut -d: -f1)

section "words in different passages match the article"
# Only the articles having all the words: --match all (by default those
# having some follow them, all_words false).
assert_status 0 "$PASSIM" search --db "$DB" --json --match all coreweave openai
assert_jq '[.hits[].id] == ["long"] and .total == 1' \
    "coreweave openai: the long article has both (openai is in one passage only)"
assert_status 0 "$PASSIM" search --db "$DB" --json coreweave openai
assert_jq '.hits[0].id == "long" and .hits[0].all_words and ([.hits[1:][].all_words] | all(not))' \
    "coreweave openai by default: the long article first, having both words"
assert_status 0 "$PASSIM" search --db "$DB" --json --match all alpha openai
assert_jq '[.hits[].id] == ["long"]' \
    "alpha openai: words of the first and third passages match the long article"
assert_ids "$DB" "long short" --match all coreweave egress
assert_status 0 "$PASSIM" search --db "$DB" --json coreweave egress
assert_jq '.relaxed == true and .total == 3 and ([.hits[] | select(.all_words) | .id] | sort) == ["long", "short"]' \
    "coreweave egress: the two articles having both, then the one having egress"

section "an explicit operator is never relaxed"
assert_status 1 "$PASSIM" search --db "$DB" --json coreweave AND nosuchwordxyz
assert_jq '.relaxed == false and .total == 0' "coreweave AND nosuchwordxyz: no hits, not relaxed"
assert_status 0 "$PASSIM" search --db "$DB" --json coreweave nosuchwordxyz
assert_jq '.relaxed == true and .total == 2' "coreweave nosuchwordxyz: relaxed to any word"

section "NOT excludes an article when any passage holds the word"
assert_ids "$DB" "short" coreweave -openai
assert_ids "$DB" "short" coreweave NOT openai
assert_ids "$DB" "egress short" egress -openai
assert_ids "$DB" "long" coreweave +openai

section "counts and facets are articles"
assert_status 0 "$PASSIM" search --db "$DB" --json --facet source egress
assert_jq '.total == 3 and .total_relation == "eq"' "egress: three articles, counted exactly"
assert_jq '([.facets.source[].count] | add) == .total' "the source counts add up to the total"
assert_jq '.facets.source == [{"value": "blog", "count": 2}, {"value": "news", "count": 1}]' \
    "source facet: blog 2, news 1"
assert_status 0 "$PASSIM" search --db "$DB" --json --facet source coreweave
assert_jq '.total == 2 and ([.facets.source[].count] | add) == 2' \
    "coreweave (in all three passages of one article): each article counted once"

section "totals: exact up to 10,000 articles, a lower bound above"
python3 -c '
import json
for i in range(10050):
    print(json.dumps({"id": "n%d" % i, "title": "note %d" % i, "body": "common word, unique%d" % i}))
' >"$TEST_TMP/many.jsonl"
assert_status 0 "$PASSIM" index --db "$TEST_TMP/many-db" "$TEST_TMP/many.jsonl"
assert_jq '.total_relation == "eq"' "a few articles: counted exactly" \
    "$("$PASSIM" search --db "$TEST_TMP/many-db" --json --match any unique7 unique77)"
# 10,049 articles match; past 10,000 Xapian stops counting exactly.
assert_status 0 "$PASSIM" search --db "$TEST_TMP/many-db" --json common -unique5
assert_jq '.total_relation == "gte" and .total >= 10000 and .total <= 10049' \
    "common -unique5 (10,049 articles): at least 10,000, a lower bound"
assert_status 0 "$PASSIM" search --db "$TEST_TMP/many-db" -n 1 common -unique5
assert_match "$OUT" '^at least [0-9]+ matching hits; showing 1-1$' "text: 'at least N'"

section "line is the line of the first match"
assert_status 0 "$PASSIM" search --db "$DB" --json egress
assert_jq ".hits[] | select(.id == \"long\") | .line == $egress_line" \
    "egress in the long article: line $egress_line, where the word is"
assert_jq ".hits[] | select(.id == \"long\") | .passage == 1" "egress: the second passage"
assert_status 0 "$PASSIM" search --db "$DB" egress
assert_contains "$OUT" "long.md:$egress_line " "text output: path:line at the match"
assert_status 0 "$PASSIM" search --db "$DB" --json openai
assert_jq ".hits[0].line == $openai_line" "openai: line $openai_line"

section "--per-article N: the N best passages, best first"
assert_status 0 "$PASSIM" search --db "$DB" --json --per-article 3 coreweave
assert_jq '.hits[] | select(.id == "long") | (.passages | length) == 3 and ([.passages[].passage] | sort) == [0,1,2]' \
    "--per-article 3: the long article's three passages"
assert_jq '.hits[] | select(.id == "long") | [.passages[].score] | . == (sort | reverse) and .[0] > .[1]' \
    "--per-article 3: in score order, the best strictly first"
assert_jq '.hits[] | select(.id == "long") | .passages[0].passage == 2 and .passage == 2' \
    "--per-article 3: the third passage (coreweave three times) is the best and the hit's own"
assert_jq '.hits[] | select(.id == "long") | .passages[0].line == '"$openai_line" \
    "--per-article 3: each passage has its own line"
assert_status 0 "$PASSIM" search --db "$DB" --json --per-article 3 openai
assert_jq '.hits[0] | (.passages | length) == 1 and .matched_passages == 1' \
    "--per-article 3: only the passages that match are shown"
assert_status 0 "$PASSIM" search --db "$DB" --json coreweave
assert_jq '.hits[] | select(.id == "long") | (.passages | length) == 1 and .matched_passages == 3' \
    "default: one passage shown, three matched"

section "phrases and NEAR stay inside one passage"
assert_status 1 "$PASSIM" search --db "$DB" --json '"alpha bravo"'
assert_jq '.total == 0' '"alpha bravo": the last word of a passage and the first of the next are no phrase'
assert_status 1 "$PASSIM" search --db "$DB" --json 'alpha NEAR/5 bravo'
assert_status 1 "$PASSIM" search --db "$DB" --json 'alpha NEAR/1000 bravo'
assert_jq '.total == 0' "alpha NEAR/1000 bravo: NEAR never spans two passages"
assert_ids "$DB" "long" '"bravo begins"'
assert_ids "$DB" "long" 'alpha NEAR/3 closes'
assert_ids "$DB" "long" '"coreweave opens"'

section "a database of the old schema is refused"
cp -r "$DB" "$TEST_TMP/old-db"
xapian-metadata set "$TEST_TMP/old-db" passim:schema 1
assert_status 3 "$PASSIM" search --db "$TEST_TMP/old-db" coreweave
assert_contains "$ERR" "schema 1" "search: the message names the old schema"
assert_contains "$ERR" "re-index" "search: the message says how to rebuild it"
assert_status 3 "$PASSIM" index --db "$TEST_TMP/old-db" "$ARTS"
assert_contains "$ERR" "re-index" "index: refused too, with the same advice"
assert_status 3 "$PASSIM" stats --db "$TEST_TMP/old-db"

finish
