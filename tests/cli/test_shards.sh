#!/usr/bin/env bash
# test_shards.sh — sharded databases end to end: `passim index --shards 4`
# answers like one database, articles live in the shard XXH64(id) % 4 picks,
# updates and --prune reach the right shard, a database keeps its number
# of shards, parallel shard writers (--jobs 1 and 4) build the same shards,
# and a parallel run killed with SIGKILL reruns to what a clean run builds.
#
# 400 articles, 1,500 for the killed runs, 3 kills; under valgrind
# (PASSIM_UNDER_VALGRIND=1): 200, 300 and 2.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GEN=$PASSIM_SOURCE_DIR/tests/tools/gen_articles.py
SHARDS=4
if under_valgrind; then
    COUNT=200 KILL_COUNT=300 KILLS=2
else
    COUNT=400 KILL_COUNT=1500 KILLS=3
fi
REVISED=$((COUNT / 10)) # --revise-every 10; the last REVISED are pruned
KEPT=$((COUNT - REVISED))

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

# ask NAME [DB...] : every request to each database (batch mode; default
# single and sharded); answers saved as NAME-DB.jsonl for the comparison at
# the end.
ask() {
    local db name=$1 dbs
    shift
    dbs=("$@")
    [ $# -gt 0 ] || dbs=(single sharded)
    for db in "${dbs[@]}"; do
        assert_status 0 "$PASSIM" search --batch --db "$db" --limit 50 <requests.jsonl
        printf '%s\n' "$OUT" >"$name-$db.jsonl"
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
      {m: "score", r: {q: "\($a | body(3; 5)) -\($a | w(4; 0))"}},
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

section "parallel shard writers: --jobs 1 and --jobs 4 build the same $SHARDS shards"
# shard_table DB : "SHARD ID HASH PASSAGES" for every article of every shard
# of DB, from value slots 0 (article id) and 2 (content hash).
shard_table() {
    local k slot
    for ((k = 0; k < SHARDS; k++)); do
        for slot in 0 2; do
            xapian-delve -1 -V$slot "$1/shard$k" | tail -n +2 | sed 's/:/ /' |
                sort -k1,1 >"slot$slot"
        done
        join slot0 slot2 | awk -v k=$k '{ n[$2 " " $3]++ }
                                        END { for (a in n) print k, a, n[a] }'
    done | sort
}
for jobs in 1 4; do
    assert_status 0 "$PASSIM" index --json --db "jobs$jobs" --shards $SHARDS --jobs $jobs articles.jsonl
    assert_jq ".added == $COUNT and .failed == 0" "--jobs $jobs: $COUNT added"
    shard_table "jobs$jobs" >"jobs$jobs.table"
done
shard_table sharded >sharded.table
assert_eq "$COUNT" "$(wc -l <jobs4.table)" "--jobs 4: $COUNT articles in the shards' value slots"
assert_eq "" "$(diff sharded.table jobs1.table | head -5)" \
    "--jobs 1: every shard holds the same articles, hashes and passages as the default run"
assert_eq "" "$(diff sharded.table jobs4.table | head -5)" \
    "--jobs 4: every shard holds the same articles, hashes and passages as the default run"
ask first jobs1 jobs4
assert_status 2 "$PASSIM" index --db jobsbad --shards 2 --jobs 0 articles.jsonl
assert_contains "$ERR" "--jobs" "--jobs 0 is a usage error"
# Languages arriving mid-run reach every shard's metadata (searches read
# shard 0's), also when shard 0 holds none of their articles.
python3 - <<'EOF'
import json
langs = ["en", "fr", "de", "es"]
with open("langs.jsonl", "w") as f:
    for i in range(120):
        f.write(json.dumps({"id": f"lang-{i}", "title": f"maison haus {i}",
                            "body": "houses maisons häuser casas " * 20,
                            "lang": langs[i // 30]}) + "\n")
EOF
assert_status 0 "$PASSIM" index --db langs --shards $SHARDS --jobs 4 --commit-every 7 langs.jsonl
for ((k = 0; k < SHARDS; k++)); do
    assert_status 0 "$PASSIM" stats --db "langs/shard$k" --json
    assert_jq '.languages == "english,french,german,spanish"' "--jobs 4: shard $k lists the 4 languages in order of arrival"
done

section "changed articles are re-indexed in their shard"
python3 "$GEN" -n $COUNT --words 150 --revision 1 --revise-every 10 -o articles.jsonl
index_both articles.jsonl
assert_jq ".updated == $REVISED and .added == 0 and .unchanged == $KEPT" "single: $REVISED updated" "$SUMMARY_1"
assert_jq ".updated == $REVISED and .added == 0 and .unchanged == $KEPT" "$SHARDS shards: $REVISED updated" "$SUMMARY_N"
same_stats "after the update"
assert_eq "$counts" "$(shard_counts)" "updates leave every shard's count as it was"
shard_map map-updated
assert_eq "" "$(diff map-first map-updated)" "updated articles stay in their shard"
index_both articles.jsonl
assert_jq ".unchanged == $COUNT and .updated == 0" "a rerun over $SHARDS shards changes nothing" "$SUMMARY_N"

section "--prune removes articles from their shard"
# The last REVISED articles leave the file; each shard loses those it held.
python3 "$GEN" -n $KEPT --words 150 --revision 1 --revise-every 10 -o articles.jsonl
expected=""
for ((k = 0; k < SHARDS; k++)); do
    held=$(awk -v k=$k '$2 == k' map-updated | wc -l)
    gone=$(awk -v k=$k -v first="$(printf 'gen-%06d' $KEPT)" '$2 == k && $1 >= first' map-updated | wc -l)
    expected+="$((held - gone)) "
done
index_both --prune articles.jsonl
assert_jq ".removed == $REVISED" "single: $REVISED removed" "$SUMMARY_1"
assert_jq ".removed == $REVISED and .unchanged == $KEPT" "$SHARDS shards: $REVISED removed" "$SUMMARY_N"
same_stats "after --prune"
assert_eq "${expected% }" "$(shard_counts)" "each shard lost exactly its pruned articles"
shard_map map-pruned
check_routing map-pruned $KEPT
ask pruned

section "the shard count is fixed when a database is made"
assert_status 2 "$PASSIM" index --db sharded --shards 2 articles.jsonl
assert_contains "$ERR" "4 shards" "--shards 2 on a 4-shard database names its 4 shards"
assert_status 0 "$PASSIM" index --db sharded --shards $SHARDS articles.jsonl
assert_status 2 "$PASSIM" index --db single --shards 2 articles.jsonl
assert_contains "$ERR" "one shard" "--shards 2 on a plain database: refused"
assert_status 2 "$PASSIM" index --db sharded --shards 0 articles.jsonl
assert_status 0 "$PASSIM" stats --db sharded --json
assert_jq ".articles == $KEPT" "the refused runs changed nothing"

section "one database and $SHARDS shards answer alike"
declare -A DESCRIBE
: >manifest
n=0
while read -r mode request; do
    n=$((n + 1))
    printf -v f '%03d' $((n - 1))
    DESCRIBE[q$n]=$request
    for phase in first pruned first-jobs1 first-jobs4; do
        db=${phase#*-}
        [ "$db" = "$phase" ] && db=sharded
        printf '%s %s-q%d %s-single.jsonl.%s %s-%s.jsonl.%s\n' \
            "$mode" "$phase" "$n" "${phase%%-*}" "$f" "${phase%%-*}" "$db" "$f" >>manifest
    done
done <queries.txt
for answers in first-single first-sharded first-jobs1 first-jobs4 pruned-single pruned-sharded; do
    split -l 1 -d -a 3 "$answers.jsonl" "$answers.jsonl."
done
assert_same_answers manifest DESCRIBE

section "a parallel sharded run killed with SIGKILL reruns to a clean run's shards"
RANDOM=4848 # the kill moments: the same every run
python3 "$GEN" -n $KILL_COUNT --seed 9 --words 150 -o kill.jsonl
began=$(date +%s%N)
assert_status 0 "$PASSIM" index --db clean --shards $SHARDS --jobs 4 --commit-every 50 kill.jsonl
clean_ms=$((($(date +%s%N) - began) / 1000000))
shard_table clean >clean.table
assert_eq "$KILL_COUNT" "$(wc -l <clean.table)" "clean parallel run: $KILL_COUNT articles"
kills=0
attempts=0
while [ $kills -lt $KILLS ] && [ $attempts -lt $((2 * KILLS)) ]; do
    attempts=$((attempts + 1))
    # 10%..80% of a clean run's time, so the kill lands midway.
    delay=$((clean_ms * (10 + RANDOM % 71) / 100))
    { timeout -s KILL "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))" \
        "$PASSIM" index --db killed --shards $SHARDS --jobs 4 --commit-every 50 \
        kill.jsonl >/dev/null 2>kill.err; } 2>/dev/null
    status=$?
    if [ $status = 137 ]; then
        kills=$((kills + 1))
        if [ -e killed/XAPIANDB ] && [ -e killed/shard0/iamglass ]; then
            run "$PASSIM" stats --db killed --json
            assert_match "$RC" '^0$' "kill $kills after $delay ms: the shards open (stats exit 0)"
            assert_eq "" "$(shard_table killed | grep -vxFf clean.table | head -3)" \
                "kill $kills: every article in the shards is whole and as the clean run wrote it"
        fi
    elif [ $status != 0 ]; then
        fail "parallel run before its kill" "killed (137) or done (0)" "$status: $(head -c 300 kill.err)"
    else
        rm -rf killed # finished before the kill: start over
    fi
done
assert_eq $KILLS "$kills" "$KILLS parallel runs killed midway"
assert_status 0 "$PASSIM" index --json --db killed --shards $SHARDS --jobs 4 --commit-every 50 kill.jsonl
assert_jq ".failed == 0 and .added + .unchanged == $KILL_COUNT" "the rerun finishes the job"
assert_eq "" "$(shard_table killed | diff clean.table - | head -5)" \
    "after the rerun every shard holds what the clean run's does (ids, hashes, passages)"
assert_status 0 "$PASSIM" index --json --db killed --jobs 4 kill.jsonl
assert_jq ".unchanged == $KILL_COUNT" "a further run changes nothing"

finish
