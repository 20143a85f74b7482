#!/usr/bin/env bash
# test_shards.sh — sharded databases end to end: `passim index --shards 4`
# answers like one database, articles live in the shard XXH64(id) % 4 picks,
# updates and --prune reach the right shard, and a database keeps its number
# of shards.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GEN=$PASSIM_SOURCE_DIR/tests/tools/gen_articles.py
COMPARE=$PASSIM_SOURCE_DIR/bench/scale/compare_hits.py
SHARDS=4
COUNT=400

# index_both ARGS... : the same `passim index` into the single and the
# sharded database; $SUMMARY_1 and $SUMMARY_N are their --json summaries.
index_both() {
    assert_status 0 "$PASSIM" index --json --db single "$@"
    SUMMARY_1=$OUT
    assert_status 0 "$PASSIM" index --json --db sharded "$@"
    SUMMARY_N=$OUT
}

# shard_map FILE : "ID SHARD" lines for every article of every shard (each
# article holds the marker word, so one search per shard lists them all).
shard_map() {
    local k
    for ((k = 0; k < SHARDS; k++)); do
        "$PASSIM" search --db "sharded/shard$k" --json --limit 100000 passimmarker |
            jq -r --arg k "$k" '.hits[] | "\(.id) \($k)"'
    done | sort >"$1"
}

# check_routing MAP EXPECTED-COUNT : every article in exactly one shard, the
# one XXH64(id, seed 0) % SHARDS picks (computed with the system's
# libxxhash, the library passim links).
check_routing() {
    local problems
    problems=$(python3 - "$1" "$SHARDS" <<'EOF'
import collections, ctypes, ctypes.util, sys
lib = ctypes.CDLL(ctypes.util.find_library("xxhash") or "libxxhash.so.0")
lib.XXH64.restype = ctypes.c_uint64
lib.XXH64.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
shards = int(sys.argv[2])
where = collections.defaultdict(list)
for line in open(sys.argv[1]):
    article, shard = line.split()
    where[article].append(int(shard))
print(len(where))
for article, found in sorted(where.items()):
    key = article.encode()
    want = lib.XXH64(key, len(key), 0) % shards
    if found != [want]:
        print(f"{article}: in shard(s) {found}, XXH64 % {shards} = {want}")
EOF
)
    assert_eq "$2" "${problems%%$'\n'*}" "$2 articles found in the shards"
    assert_eq "" "$(printf '%s' "$problems" | tail -n +2 | head -5)" \
        "every article is in exactly the shard XXH64(id) % $SHARDS picks"
}

# shard_counts : the articles of each shard, "N0 N1 N2 N3".
shard_counts() {
    local k counts=""
    for ((k = 0; k < SHARDS; k++)); do
        counts+="$("$PASSIM" stats --db "sharded/shard$k" --json | jq .articles) "
    done
    printf '%s' "${counts% }"
}

# same_stats MESSAGE : the sharded database counts what the single one does.
same_stats() {
    local one many
    one=$("$PASSIM" stats --db single --json | jq -c '[.articles, .passages]')
    many=$("$PASSIM" stats --db sharded --json | jq -c '[.articles, .passages]')
    assert_eq "$one" "$many" "$1: [articles, passages] of $SHARDS shards = of one database"
}

# ask NAME : every request to both databases (batch mode); answers saved
# as NAME-single.jsonl and NAME-sharded.jsonl for the comparison at the end.
ask() {
    local db
    for db in single sharded; do
        assert_status 0 "$PASSIM" search --batch --db "$db" --limit 50 <requests.jsonl
        printf '%s\n' "$OUT" >"$1-$db.jsonl"
    done
}

section "$SHARDS shards and one database from the same $COUNT articles"
python3 "$GEN" -n $COUNT --words 150 -o articles.jsonl || fail "gen_articles.py runs"
assert_status 0 "$PASSIM" index --json --db single articles.jsonl
assert_jq ".added == $COUNT" "one database: $COUNT added"
assert_status 0 "$PASSIM" index --json --db sharded --shards $SHARDS articles.jsonl
assert_jq ".added == $COUNT" "$SHARDS shards: $COUNT added"
assert_eq "$(printf 'auto shard%d\n' 0 1 2 3)" "$(cat sharded/XAPIANDB)" \
    "sharded/XAPIANDB is a Xapian stub of $SHARDS 'auto shardK' lines"
same_stats "first run"
counts=$(shard_counts)
assert_match "$counts" '^[1-9][0-9]* [1-9][0-9]* [1-9][0-9]* [1-9][0-9]*$' \
    "every shard holds articles ($counts)"
shard_map map-first
check_routing map-first $COUNT

# 30 requests built from the articles themselves: rare title words, body
# phrases, pairs, boolean operators, prefixes, field filters, dates, every
# passage, facets, paging and date order. MODE first (see compare_hits.py).
jq -s -r '
  def w(i; j): .[i].title | ascii_downcase | split(" ")[j];
  def body(i; j): .[i].body | split(" ")[j] | ascii_downcase | rtrimstr(".");
  . as $a |
  ([range(0; 10) as $i | {m: "score", r: {q: ($a | w($i; 0))}}]
   + [range(10; 15) as $i
      | {m: "score", r: {q: "\"\($a | body($i; 1)) \($a | body($i; 2))\""}}]
   + [range(15; 18) as $i
      | {m: "score", r: {q: "\($a | w($i; 1)) \($a | w($i; 2))"}}]
   + [{m: "score", r: {q: "\($a | w(0; 0)) OR \($a | w(1; 0)) OR \($a | w(2; 1))"}},
      {m: "score", r: {q: "\($a | body(3; 5)) -\($a | body(3; 6))"}},
      {m: "score", r: {q: "\($a | w(4; 0) | .[0:3])*"}},
      {m: "date", r: {q: "tag:\($a[0].tags[0])"}},
      {m: "score", r: {q: "tag:\($a[1].tags[0]) \($a | body(1; 3))"}},
      {m: "score", r: {q: "source:\"Contoso Wire\" \($a | body(5; 2))"}},
      {m: "score", r: {q: "date:2022 \($a | body(6; 2))"}},
      {m: "date", r: {q: "date:2021-01..2022-06"}},
      {m: "score", r: {q: "passimmarker \($a | body(7; 4))", per_article: 0}},
      {m: "date", r: {q: "passimmarker", sort: "date"}},
      {m: "score", r: {q: $a | body(8; 3), facets: ["source", "tag", "month"]}},
      {m: "score", r: {q: $a | body(9; 2), offset: 10, limit: 10}}])
  | .[] | "\(.m) \(.r | tojson)"' articles.jsonl >queries.txt
cut -d' ' -f2- queries.txt >requests.jsonl
assert_eq 30 "$(wc -l <requests.jsonl)" "30 requests"
ask first
assert_eq 30 "$(jq -s 'map(select((.hits | length) > 0)) | length' first-single.jsonl)" \
    "every request finds something in the single database"

section "changed articles are re-indexed in their shard"
python3 "$GEN" -n $COUNT --words 150 --revision 1 --revise-every 10 -o articles.jsonl
index_both articles.jsonl
assert_jq '.updated == 40 and .added == 0 and .unchanged == 360' "single: 40 updated" "$SUMMARY_1"
assert_jq '.updated == 40 and .added == 0 and .unchanged == 360' "$SHARDS shards: 40 updated" "$SUMMARY_N"
same_stats "after the update"
assert_eq "$counts" "$(shard_counts)" "updates leave every shard's count as it was"
shard_map map-updated
assert_eq "" "$(diff map-first map-updated)" "updated articles stay in their shard"
index_both articles.jsonl
assert_jq '.unchanged == 400 and .updated == 0' "a rerun over $SHARDS shards changes nothing" "$SUMMARY_N"

section "--prune removes articles from their shard"
# Articles 360-399 leave the file; each shard loses those it held.
python3 "$GEN" -n 360 --words 150 --revision 1 --revise-every 10 -o articles.jsonl
expected=""
for ((k = 0; k < SHARDS; k++)); do
    held=$(awk -v k=$k '$2 == k' map-updated | wc -l)
    gone=$(awk -v k=$k '$2 == k && $1 >= "gen-000360"' map-updated | wc -l)
    expected+="$((held - gone)) "
done
index_both --prune articles.jsonl
assert_jq '.removed == 40' "single: 40 removed" "$SUMMARY_1"
assert_jq '.removed == 40 and .unchanged == 360' "$SHARDS shards: 40 removed" "$SUMMARY_N"
same_stats "after --prune"
assert_eq "${expected% }" "$(shard_counts)" "each shard lost exactly its pruned articles"
shard_map map-pruned
check_routing map-pruned 360
ask pruned

section "the shard count is fixed when a database is made"
assert_status 2 "$PASSIM" index --db sharded --shards 2 articles.jsonl
assert_contains "$ERR" "4 shards" "--shards 2 on a 4-shard database names its 4 shards"
assert_status 0 "$PASSIM" index --db sharded --shards $SHARDS articles.jsonl
assert_status 2 "$PASSIM" index --db single --shards 2 articles.jsonl
assert_contains "$ERR" "one shard" "--shards 2 on a plain database: refused"
assert_status 2 "$PASSIM" index --db sharded --shards 0 articles.jsonl
assert_status 0 "$PASSIM" stats --db sharded --json
assert_jq '.articles == 360' "the refused runs changed nothing"

section "one database and $SHARDS shards answer alike"
declare -A DESCRIBE
: >manifest
n=0
while read -r mode request; do
    n=$((n + 1))
    printf -v f '%03d' $((n - 1))
    DESCRIBE[$n]=$request
    for phase in first pruned; do
        printf '%s %s-q%d %s-single.jsonl.%s %s-sharded.jsonl.%s\n' \
            "$mode" "$phase" "$n" "$phase" "$f" "$phase" "$f" >>manifest
    done
done <queries.txt
for phase in first pruned; do
    for db in single sharded; do
        split -l 1 -d -a 3 "$phase-$db.jsonl" "$phase-$db.jsonl."
    done
done
compared=0
while read -r verdict name rest; do
    compared=$((compared + 1))
    name=${name%:}
    if [ "$verdict" = ok ]; then
        pass "$name ${DESCRIBE[${name#*-q}]}"
    else
        fail "$name ${DESCRIBE[${name#*-q}]}" "the same results" "$rest"
    fi
done < <(python3 "$COMPARE" <manifest)
assert_eq "$(wc -l <manifest)" "$compared" "compare_hits.py judged every comparison"

finish
