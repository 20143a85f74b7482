#!/usr/bin/env bash
# test_search.sh — `passim search` end to end over tests/data/articles: top
# hits, the JSON schema, every query operator, compounds, highlights,
# paging, sorting, relaxed matching, suggestions, facets, --lang, synonyms,
# malformed queries, database errors and colour.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=$TEST_TMP/db
index_fixtures "$DB"

# The fixture articles by id (see the front matter in tests/data/articles).
A=azure-exclusivity     # 2026-04-28 news: Azure, multi-cloud, OpenAI's, 3 passages; tag cloud
B=market-bets           # 2026-04-29 analysis: multicloud, hyperscaler; tag cloud
C=spaced-words          # 2025-11-03 blog: "multi cloud"
D=revenue-share         # 2026-05-04 analysis: "revenue share"
E=revenue-apart         # 2025-06-16 news: revenue ... 22 words ... share
F=agreement-2032        # 2026-04-27 press: 2032, Azure, Partnerships
G=accord-fr             # 2025-03-10 presse, lang fr; tag cloud
H=rechenzentren-de      # 2025-09-18 zeitung, lang de
TXT=$(realpath "$FIXTURES/2025-12-01-cooling-briefing.txt")  # 2025-12-01 newsletter: quokka
HTML=$(realpath "$FIXTURES/2026-02-14-custom-chips.html")    # 2026-02-14, no source: kestrel
# feed-1 2025-05-01, feed-2 2025-08-20, feed-3 2026-01-10: source wire (feed.jsonl)

# top_id QUERY... : the id of the best hit.
top_id() {
    run "$PASSIM" search --db "$DB" --json "$@"
    jq_get '.hits[0].id // ""'
}

section "top hits and exit statuses"
assert_eq "$D" "$(top_id revenue share)" "revenue share: the revenue-share article first"
assert_eq "$A" "$(top_id Azure exclusivity)" "Azure exclusivity: the Azure article first"
assert_eq "$F" "$(top_id 2032)" "2032: the agreement article first"
assert_eq "$H" "$(top_id Rechenzentren)" "Rechenzentren: the German article first"
assert_eq "$HTML" "$(top_id custom accelerators)" "custom accelerators: the HTML article first"
assert_eq "$TXT" "$(top_id quokka)" "quokka: the text article first"
assert_status 0 "$PASSIM" search --db "$DB" revenue share
first=$(printf '%s\n' "$OUT" | head -2)
assert_match "$first" '^1\. Capped Royalties and the Revenue Share$' "text: rank and title"
assert_match "$first" '2026-05-04-revenue-share\.md:10 .*2026-05-04.*analysis' "text: path:line, date, source"
assert_match "$OUT" '^2 matching hits' "text: the count of hits"
assert_status 1 "$PASSIM" search --db "$DB" nosuchwordxyz
assert_status 1 "$PASSIM" search --db "$DB" --json nosuchwordxyz
assert_jq '.total == 0 and .hits == []' "no hits: total 0, hits []"
assert_status 1 "$PASSIM" search --db "$DB" scriptonlyword
assert_status 1 "$PASSIM" search --db "$DB" navonlyword

section "JSON output follows docs/json-schema.md"
assert_status 0 "$PASSIM" search --db "$DB" --json --facet source cloud
assert_jq '.schema == 1' "schema is 1"
assert_jq '.query == "cloud"' "query as given"
assert_jq '(.total | type) == "number" and (.relaxed | type) == "boolean"' "total number, relaxed boolean"
assert_jq '.total_relation == "eq"' "total_relation eq: the total is exact"
assert_jq '(.suggestion | type) as $t | $t == "string" or $t == "null"' "suggestion string or null"
assert_jq '(.facets | type) == "object" and (.facets.source | type) == "array"' "facets object of arrays"
assert_jq '.facets.source | all((.value | type) == "string" and (.count | type) == "number")' "facet values and counts"
assert_jq '(.notices | type) == "array" and (.notices | all(type == "string"))' "notices array of strings"
assert_jq '(.hits | type) == "array" and (.hits | length) == 5' "hits array"
hit_types='all(.hits[];
  (.rank | type) == "number" and (.id | type) == "string" and (.title | type) == "string" and
  ((.date | type) as $t | $t == "string" or $t == "null") and
  ((.source | type) as $t | $t == "string" or $t == "null") and
  (.tags | type) == "array" and (.tags | all(type == "string")) and
  ((.lang | type) as $t | $t == "string" or $t == "null") and
  ((.url | type) as $t | $t == "string" or $t == "null") and
  (.path | type) == "string" and (.line | type) == "number" and .line >= 1 and
  (.passage | type) == "number" and .passage >= 0 and (.score | type) == "number" and
  (.snippet | type) == "string" and (.text | type) == "string" and
  (.highlights | type) == "array" and
  (.highlights | all(type == "array" and length == 2 and all(type == "number"))) and
  ((.summary | type) as $t | $t == "string" or $t == "null") and (.fields | type) == "object" and
  (.matched_passages | type) == "number" and .matched_passages >= 0 and
  (.all_words | type) == "boolean" and
  (.passages | type) == "array" and (.passages | length) >= 1 and
  (.passages | all((.passage | type) == "number" and (.line | type) == "number" and
                   (.score | type) == "number" and (.snippet | type) == "string" and
                   (.highlights | type) == "array" and (.highlights_cp | type) == "array")) and
  .passages[0].passage == .passage and .passages[0].line == .line and .passages[0].snippet == .snippet and
  (.highlights_cp | type) == "array" and (.highlights_cp | length) == (.highlights | length) and
  (has("explain") | not))'
assert_jq "$hit_types" "every hit has the documented keys and types"
assert_jq '[.hits[].rank] == [1,2,3,4,5]' "ranks 1-based and in order"
assert_jq '[.hits[].score] | . == (sort | reverse)' "best first"
assert_status 0 "$PASSIM" search --db "$DB" --json zebrafinch
assert_jq '.hits[0] | .url == "https://example.com/feed-3" and .tags == ["pricing"] and .date == "2026-01-10" and .source == "wire" and .lang == "en"' \
    "hit metadata as written in the source"
assert_status 0 "$PASSIM" search --db "$DB" --json kestrel
assert_jq '.hits[0] | .source == null and .url == null and .lang == "en" and .date == "2026-02-14"' \
    "missing metadata is null"
assert_status 0 "$PASSIM" search --db "$DB" --json --explain 2032
assert_jq '.hits[0].explain | type == "string" and length > 0' "--explain adds explain"
# Every part on its own line, the parts summing to the score, whatever the
# operators: a word given twice, phrases, title:, NEAR, prefixes, negations,
# filters, the proximity boost and feedback.
explain_sums='[.hits[] | .score as $s | .explain | split("\n") | map(select(length > 0))
  | (map(select(test("^total ") | not) | capture(" (?<w>-?[0-9.]+)$").w | tonumber) | add) as $sum
  | (map(select(test("^total ")) | capture(" (?<w>-?[0-9.]+)$").w | tonumber) | first) as $total
  | ($sum - $total | fabs) < 0.001 * length and ($total - $s | fabs) < 0.0001] | length > 0 and all'
for q in 'azure azure' '"multi cloud" azure' 'title:azure cloud' 'revenue NEAR/5 share' \
         'multi* cloud' 'azure -exclusivity' 'azure OR (cloud AND NOT share)' 'azure tag:cloud' \
         'multi-cloud' 'revenue share revenue'; do
    assert_status 0 "$PASSIM" search --db "$DB" --json --explain --match any "$q"
    assert_jq "$explain_sums" "--explain: the parts of '$q' add up to each hit's score"
done
assert_status 0 "$PASSIM" search --db "$DB" --json --explain --proximity-weight 0.5 revenue share
assert_jq "$explain_sums" "--explain: the parts and the proximity boost add up"
run "$PASSIM" search --db "$DB" --explain 'azure azure'
assert_eq 2 "$(printf '%s\n' "$OUT" | sed -n '/^1\./,/^2\./p' | grep -c '^ *bm25 *Zazur ')" \
    "--explain: a word given twice shows twice"
assert_status 0 "$PASSIM" search --db "$DB" --jsonl --limit 2 cloud
assert_eq 2 "$(printf '%s\n' "$OUT" | wc -l)" "--jsonl: one line per hit"
assert_eq "1 2" "$(printf '%s\n' "$OUT" | jq -r .rank | tr '\n' ' ' | sed 's/ $//')" "--jsonl: hit objects"

section "query operators"
assert_ids "$DB" "$D $E" revenue share
assert_ids "$DB" "$D $E" revenue AND share
assert_ids "$DB" "$D" '"revenue share"'
assert_ids "$DB" "$B $D $E" revenue OR hyperscaler
assert_ids "$DB" "$TXT $HTML" quokka OR kestrel
assert_ids "$DB" "$A $B $C $G $HTML" cloud
assert_ids "$DB" "$B $C $G $HTML" cloud NOT azure
assert_ids "$DB" "$B $C $G $HTML" cloud -azure
assert_ids "$DB" "$B $C $G $HTML" -- -azure cloud
assert_ids "$DB" "$A $B $C $F $G $HTML" --match any azure cloud
assert_ids "$DB" "$A $F" --match any +azure cloud
assert_ids "$DB" "$B" '(revenue OR hyperscaler) -share'
assert_ids "$DB" "$TXT" '(quokka OR kestrel) cooling'
assert_ids "$DB" "$D" revenue NEAR share
assert_ids "$DB" "$D" revenue NEAR/3 share
assert_ids "$DB" "$D" revenue NEAR/21 share
assert_ids "$DB" "$D $E" revenue NEAR/22 share
assert_ids "$DB" "$D $E" share NEAR/30 revenue
assert_ids "$DB" "$B $E" 'hyperscal*'
assert_ids "$DB" "$B $E" hyperscaler
assert_ids "$DB" "$TXT" 'quok*'
assert_ids "$DB" "$A" title:unwinds
assert_ids "$DB" "$A" unwinds
assert_ids "$DB" "$A" title:azure
assert_ids "$DB" "$A $F" azure
assert_ids "$DB" "$A $F" AZURE
assert_ids "$DB" "$D" title:revenue
assert_ids "$DB" "$D" 'title:"revenue share"'
assert_ids "$DB" "$B $D" 'title:(revenue OR lighthouse)'
assert_ids "$DB" "$B" 'title:lighth*'
assert_ids "$DB" "$B $D" source:analysis
assert_ids "$DB" "$B $D" source:ANALYSIS
assert_ids "$DB" "$A $E" source:news
assert_ids "$DB" "$E" revenue source:news
assert_ids "$DB" "feed-1 feed-2 feed-3" source:wire
assert_ids "$DB" "$A $F" tag:microsoft
assert_ids "$DB" "$A $B $C $G" tag:cloud
assert_ids "$DB" "$D" tag:revenue-share
assert_ids "$DB" "$TXT feed-2" tag:energy
assert_ids "$DB" "$G" lang:fr
assert_ids "$DB" "$G" lang:french
assert_ids "$DB" "$H" lang:de
assert_ids "$DB" "$A $B $C $D $E $F $TXT $HTML feed-1 feed-2 feed-3" lang:en
assert_ids "$DB" "$G $H" date:2025 -lang:en
assert_ids "$DB" "feed-2" id:feed-2
assert_ids "$DB" "$F" id:agreement-2032
assert_ids "$DB" "$E" revenue id:revenue-apart
assert_ids "$DB" "$A" date:2026-04-28
assert_ids "$DB" "$A $B $F" date:2026-04
assert_ids "$DB" "$A $F" date:2026-04-27..2026-04-28
assert_ids "$DB" "$A $B $D $F" date:2026-04..
assert_ids "$DB" "$G $E feed-1" date:..2025-06
assert_ids "$DB" "$C $E $G $H $TXT feed-1 feed-2" date:2025
assert_ids "$DB" "$HTML feed-3" --since 2026-01-01 --until 2026-03-31 date:2025..2026
assert_ids "$DB" "$HTML feed-3" --since 2026-01 --until 2026-03 date:2025..2026
assert_ids "$DB" "$D" --since 2026-05 revenue
assert_ids "$DB" "$E" --until 2025 revenue
assert_ids "$DB" "$A $F" "OpenAI's"
assert_ids "$DB" "$A $F" openai
assert_ids "$DB" "$F" 2032
assert_ids "$DB" "$D $E" $'revenue\x07share'

section "hyphenated compounds however written"
search_ids "$DB" multi-cloud
compound=$IDS
assert_eq "$(jq -rn --arg a "$A" --arg b "$B" --arg c "$C" '[$a, $b, $c] | sort | join(" ")')" "$compound" \
    "multi-cloud finds the three spellings"
for spelling in multicloud '"multi cloud"' Multi-Cloud MULTICLOUD; do
    search_ids "$DB" "$spelling"
    assert_eq "$compound" "$IDS" "$spelling finds the same articles as multi-cloud"
done

section "highlights lie in the snippet and mark query words"
# check_highlights REGEX QUERY... : every [start,end] is a byte range inside
# the snippet, there is at least one, and the marked text (folded) matches
# REGEX, in every passage shown (up to 10 an article). Leaves the marked
# words, folded, one per line, in $HIGHLIGHTED. (An article may match by its
# title or tags alone, so a passage may have no highlight.)
check_highlights() {
    local regex=$1 ranges snippet s e word bad="" count=0 hits=0
    shift
    HIGHLIGHTED=""
    run "$PASSIM" search --db "$DB" --json --per-article 10 --limit 100 "$@"
    # Per hit: its ranges, NUL, its snippet, NUL (snippets may hold newlines).
    while IFS= read -r -d '' ranges && IFS= read -r -d '' snippet; do
        hits=$((hits + 1))
        for range in $ranges; do
            s=${range%,*} e=${range#*,}
            count=$((count + 1))
            local LC_ALL=C # byte offsets
            if ! ((0 <= s && s < e && e <= ${#snippet})); then
                bad+=" [$s,$e] outside a ${#snippet}-byte snippet;"
            else
                word=${snippet:s:e-s}
                word=${word,,}
                HIGHLIGHTED+="$word"$'\n'
                [[ "$word" =~ $regex ]] || bad+=" '$word' [$s,$e];"
            fi
            local LC_ALL=C.UTF-8
        done
    done < <(jq -j '.hits[].passages[] | (.highlights | map("\(.[0]),\(.[1])") | join(" ")), "\u0000", .snippet, "\u0000"' <<<"$OUT")
    if [ "$hits" -gt 0 ] && [ "$count" -gt 0 ] && [ -z "$bad" ]; then
        pass "highlights of $(describe_command "$@") ($hits hits, $count ranges) match /$regex/"
    else
        fail "highlights of $(describe_command "$@")" \
            "hits, ranges in the snippet matching /$regex/" "$hits hits, $count ranges;${bad}"
    fi
}
check_highlights '^cloud' cloud
assert_contains "$HIGHLIGHTED" $'clouds\n' "the plural 'clouds' is highlighted for cloud"
check_highlights '^partnership' partnership
assert_contains "$HIGHLIGHTED" $'partnerships\n' "'Partnerships' is highlighted for partnership"
check_highlights "^openai('s)?\$" "OpenAI's"
assert_contains "$HIGHLIGHTED" $'openai\'s\n' "a possessive is highlighted whole"
check_highlights '^(revenue|share)$' '"revenue share"'
check_highlights '^hyperscaler' 'hyperscal*'
check_highlights '^(azure|exclusivity)$' Azure exclusivity
check_highlights '^2032$' 2032
check_highlights '^nuage' nuages

# highlights_cp: the same ranges counted in code points, as Python slices
# strings; the snippets here hold "…", accents and umlauts before matches.
assert_status 0 "$PASSIM" search --db "$DB" --json --per-article 0 --match any Solarstrom nuages exit
why=$(python3 -c '
import json, sys
hits = json.load(sys.stdin)["hits"]
shifted = 0
for h in hits:
    text, raw = h["snippet"], h["snippet"].encode()
    if len(h["highlights"]) != len(h["highlights_cp"]):
        sys.exit("highlights and highlights_cp differ in length: %r" % h)
    for (b0, b1), (c0, c1) in zip(h["highlights"], h["highlights_cp"]):
        if raw[b0:b1].decode() != text[c0:c1]:
            sys.exit("bytes %d-%d and code points %d-%d differ in %r" % (b0, b1, c0, c1, text))
        shifted += b0 != c0
if not hits or not shifted:
    sys.exit("no hit whose code-point offsets differ from its byte offsets")
' <<<"$OUT" 2>&1)
assert_eq "" "$why" "highlights_cp slice the snippet by code point where highlights slice its bytes"

section "--per-article, --offset, --limit"
assert_status 0 "$PASSIM" search --db "$DB" --json cloud
assert_jq '.total == 5 and ([.hits[].id] | length == (unique | length))' "default: one hit per article, total counts articles"
assert_jq '[.hits[] | .passages | length] | all(. == 1)' "default: one passage shown per hit"
assert_jq '.hits[] | select(.id == "'"$A"'") | .matched_passages == 3' "the Azure article: its three passages hold cloud"
assert_status 0 "$PASSIM" search --db "$DB" --json --per-article 3 cloud
assert_jq '.total == 5 and (.hits | length) == 5' "--per-article 3: still one hit per article"
assert_jq '.hits[] | select(.id == "'"$A"'") | [.passages[].passage] | sort == [0,1,2]' "--per-article 3: the Azure article's three passages"
assert_jq '.hits[] | select(.id == "'"$A"'") | [.passages[].score] | . == (sort | reverse)' "--per-article 3: best passage first"
assert_jq '.hits[] | select(.id == "'"$A"'") | .passage == .passages[0].passage and .snippet == .passages[0].snippet' \
    "--per-article 3: the hit's own passage is the best one"
assert_status 0 "$PASSIM" search --db "$DB" --json --per-article 2 cloud
assert_jq '(.hits | length) == 5 and (.hits[] | select(.id == "'"$A"'") | .passages | length) == 2' "--per-article 2: at most two passages per hit"

paging_query=(--match any cloud models accelerators revenue prices power)
run "$PASSIM" search --db "$DB" --json --limit 1000 "${paging_query[@]}"
all_ids=$(jq_get '[.hits[].id] | join(" ")')
total=$(jq_get .total)
if [ "$total" -ge 6 ]; then pass "paging query has $total hits"; else fail "paging query has enough hits" ">= 6" "$total"; fi
paged="" totals="" ranks=""
for ((offset = 0; offset < total; offset += 2)); do
    run "$PASSIM" search --db "$DB" --json --limit 2 --offset "$offset" "${paging_query[@]}"
    page=$(jq_get '"\([.hits[].id] | join(" "))|\(.total)|\([.hits[].rank] | map(tostring) | join(" "))"')
    IFS='|' read -r page_ids page_total page_ranks <<<"$page"
    paged+="$page_ids " totals+="$page_total " ranks+="$page_ranks "
done
assert_eq "$all_ids" "${paged% }" "pages of 2 continue each other: the same hits, no repeats, none lost"
assert_eq "$(printf "$total %.0s" $(seq $(((total + 1) / 2))))" "$totals" "total is the same on every page"
assert_eq "$(seq -s ' ' 1 "$total") " "$ranks" "ranks count the offset"
# Articles match: exit 0, though none is shown.
assert_status 0 "$PASSIM" search --db "$DB" --json --offset 100 cloud
assert_jq '.total == 5 and .hits == []' "an offset past the end: no hits, same total"
assert_status 0 "$PASSIM" search --db "$DB" --offset 100 cloud
assert_eq "5 matching hits; none shown" "$OUT" "text: an offset past the end still says how many match"
assert_status 0 "$PASSIM" search --db "$DB" --limit 0 cloud
assert_eq "5 matching hits; none shown" "$OUT" "text: --limit 0 says how many match"
assert_status 0 "$PASSIM" search --db "$DB" --jsonl --limit 0 cloud
assert_eq "" "$OUT" "--jsonl --limit 0: no line, exit 0"
assert_status 0 "$PASSIM" search --db "$DB" -n 1 --json cloud
assert_jq '(.hits | length) == 1 and .total == 5' "-n 1: one hit"

section "--sort date"
run "$PASSIM" search --db "$DB" --json --sort date --match any revenue hyperscaler
assert_eq "$D $B $E" "$(jq_get '[.hits[].id] | join(" ")')" "--sort date: newest first"
run "$PASSIM" search --db "$DB" --json --limit 100 --sort date date:2025..2026
assert_jq '(.hits | length) == 13 and ([.hits[].date] | . == (sort | reverse))' "--sort date: all 13 articles by date, newest first"

section "words side by side: those having all first, then the page filled"
assert_status 0 "$PASSIM" search --db "$DB" --json quokka zyzzyva
assert_jq '.relaxed == true and [.hits[].id] == ["'"$TXT"'"] and .hits[0].all_words == false' \
    "one unknown word: the articles having the other"
assert_status 0 "$PASSIM" search --db "$DB" quokka zyzzyva
assert_ne "" "$ERR" "text: relaxed matching is said on stderr"
# One article has both azure and cloud; five more have one of them.
assert_status 0 "$PASSIM" search --db "$DB" --json azure cloud
assert_jq '.total == 6 and .relaxed == true and (.hits | length) == 6' \
    "azure cloud: one article has both, fewer than a page: the five having one follow, all counted"
assert_jq '.hits[0].id == "'"$A"'" and .hits[0].all_words == true' "the article having both words first"
assert_jq '[.hits[1:][].all_words] | all(. == false)' "then those having some: all_words false"
assert_status 0 "$PASSIM" search --db "$DB" azure cloud
assert_eq 5 "$(printf '%s\n' "$OUT" | grep -c '  some words$')" "text: the five having some marked 'some words'"
assert_status 0 "$PASSIM" search --db "$DB" --json -n 1 azure cloud
assert_jq '.total == 1 and .relaxed == false and [.hits[].id] == ["'"$A"'"]' \
    "-n 1: the articles having all fill the page: nothing appended, total counts them"
# Counting every article having some word would double the cost of a
# search on a large collection: past the articles examined, the total of a
# mixed list is a lower bound, unless facets count it.
assert_status 0 "$PASSIM" search --db "$DB" --json -n 2 --rerank-depth 0 azure cloud
assert_jq '.total_relation == "gte" and .total >= 2 and .total < 6' \
    "a mixed list longer than examined: its total a lower bound"
assert_status 0 "$PASSIM" search --db "$DB" --json -n 2 --rerank-depth 0 --facet source azure cloud
assert_jq '.total_relation == "eq" and .total == 6' "with --facet: counted exactly"
assert_status 0 "$PASSIM" search --db "$DB" --json --match auto azure cloud
assert_jq '.total == 6 and .relaxed == true' "--match auto is the default"
assert_status 0 "$PASSIM" search --db "$DB" --json --match all azure cloud
assert_jq '.total == 1 and .relaxed == false and [.hits[].id] == ["'"$A"'"]' "--match all: those having all only"
for q in 'azure AND cloud' '+azure +cloud'; do
    assert_status 0 "$PASSIM" search --db "$DB" --json "$q"
    assert_jq '.total == 1 and .relaxed == false' "$q: an explicit operator is never relaxed"
done
assert_status 0 "$PASSIM" search --db "$DB" --json --match any azure cloud
assert_jq '.total == 6 and .relaxed == false and
  ([.hits[] | select(.all_words) | .id] == ["'"$A"'"])' "--match any: all_words says which hit has both"
# Pages of a mixed list continue each other and agree on the total.
paged="" totals=""
for offset in 0 2 4; do
    run "$PASSIM" search --db "$DB" --json --limit 2 --offset "$offset" azure cloud
    paged+="$(jq_get '[.hits[].id] | join(" ")') " totals+="$(jq_get .total) "
done
run "$PASSIM" search --db "$DB" --json --limit 1000 azure cloud
assert_eq "$(jq_get '[.hits[].id] | join(" ")') " "$paged" "a mixed list paged by 2: the same hits, in order"
assert_eq "6 6 6 " "$totals" "a mixed list: the same total on every page"
assert_status 1 "$PASSIM" search --db "$DB" --json --match all quokka zyzzyva
assert_jq '.total == 0 and .relaxed == false' "--match all: no relaxing"
assert_status 0 "$PASSIM" search --db "$DB" --json --match any quokka zyzzyva
assert_jq '.relaxed == false and .total == 1' "--match any: not called relaxed"
assert_status 0 "$PASSIM" search --db "$DB" --json revenue share
assert_jq '.relaxed == false' "all words match: not relaxed"

section "did you mean"
assert_status 1 "$PASSIM" search --db "$DB" --json azrue
assert_jq '.suggestion == "azure"' "azrue: suggests azure"
assert_status 1 "$PASSIM" search --db "$DB" azrue
assert_contains "$ERR" "azure" "text: the suggestion on stderr"
run "$PASSIM" search --db "$DB" --json azrue exclusivity
assert_jq '.suggestion == "azure exclusivity"' "the suggestion keeps the other words"
assert_status 0 "$PASSIM" search --db "$DB" --json revenue
assert_jq '.suggestion == null' "a word that matches: no suggestion"
assert_status 0 "$PASSIM" search --db "$DB" --json nuage
assert_jq '.suggestion == null and [.hits[].id] == ["'"$G"'"]' \
    "a French word that matches the French article: no suggestion"

section "facets"
assert_status 0 "$PASSIM" search --db "$DB" --json --facet source source:wire
assert_jq '.facets.source == [{"value": "wire", "count": 3}]' "--facet source: wire 3"
assert_status 0 "$PASSIM" search --db "$DB" --json --facet source --limit 100 cloud
assert_jq '.facets.source == ([.hits[] | select(.source != null) | .source] | group_by(.) | map({value: .[0], count: length}) | sort_by(-.count, .value))' \
    "--facet source counts the matching articles per source"
assert_jq '[.facets.source[].count] | . == (sort | reverse)' "facets: most frequent first"
assert_status 0 "$PASSIM" search --db "$DB" --json --facet month date:2026-04
assert_jq '.facets.month == [{"value": "2026-04", "count": 3}] and .total == 3' "--facet month: 3 articles in 2026-04"
assert_status 0 "$PASSIM" search --db "$DB" --json --facet lang --facet tag lang:de
assert_jq '.facets.lang == [{"value": "de", "count": 1}] and (.facets.tag | map(.value) | sort) == ["energie", "rechenzentren"]' \
    "--facet lang and --facet tag together"
assert_status 2 "$PASSIM" search --db "$DB" --facet nosuch cloud

section "malformed queries: an error, never a crash"
nested_open=$(printf '%.0s(' $(seq 10000))
nested_close=$(printf '%.0s)' $(seq 10000))
bad_queries=(
    '"unbalanced' 'revenue "share' '(revenue' 'revenue)' '(()' 'title:' 'title: revenue' 'source:' 'tag:'
    'lang:' 'lang:xx' 'id:' 'date:' 'date:..' '*' '**' 'r*' '"*"' 'date:2026-13-01' 'date:2026-02-30'
    'date:2026-4' 'date:abcd' 'date:2026-05..2026-01' 'AND' 'revenue AND' 'OR revenue' 'revenue OR OR share' 'NOT'
    'NOT NOT' 'NEAR' 'NEAR/' 'revenue NEAR' 'revenue NEAR/99999 share' 'revenue NEAR "share it"'
    'revenue NEAR (share)' '()' '""' '-' '+' ':' '\' "'" $'\x01\x02\x1f' $'\x1b[31m'
    "$nested_open" "$nested_open$nested_close" "${nested_open}revenue$nested_close"
    "$(printf '%.0sNOT ' $(seq 5000))revenue"
    "$(printf '%.0srevenue ' $(seq 12800))"
    "$(head -c 102400 /dev/zero | tr '\0' 'a')"
    "$(head -c 110000 /dev/zero | tr '\0' 'b')"
    "$(printf '%.0s"' $(seq 5001))"
    "$(printf '%.0s(a OR ' $(seq 2000))"
    $'\xff\xfe invalid utf8 \xc3'
)
for q in "${bad_queries[@]}"; do
    run "$PASSIM" search --db "$DB" -- "$q"
    what="query $(describe_command "$q")"
    if [ "$RC" -ge 128 ]; then
        fail "$what does not crash" "exit 1 or 2" "$RC (signal $((RC - 128))); stderr: ${ERR:0:300}"
    elif [ "$RC" = 2 ] && [ -n "$ERR" ]; then
        pass "$what: exit 2 with a message"
    elif [ "$RC" = 1 ]; then
        pass "$what: exit 1 (no hits)"
    else
        fail "$what: exit 2 with a message, or 1" "2 and a message, or 1" "$RC; stderr: ${ERR:0:300}"
    fi
done
assert_status 2 "$PASSIM" search --db "$DB" 'revenue (share'
assert_match "$ERR" '^ +\^$' "a query error shows a caret under the culprit"
assert_status 2 "$PASSIM" search --db "$DB" --json '"unbalanced'
assert_jq '.error.code == "query_syntax" and .error.offset == 0 and (.error.message | length) > 0 and
           (keys == ["error"])' "--json: a query error is also {\"error\": ...} on stdout"
assert_status 2 "$PASSIM" search --db "$DB" --json 'revenue (share'
assert_jq '.error.code == "query_syntax" and .error.offset == 8' "--json: the query error's offset"
assert_status 2 "$PASSIM" search --db "$DB" --jsonl 'revenue (share'
assert_eq "" "$OUT" "--jsonl: hits only, a query error on stderr alone"
assert_status 2 "$PASSIM" search --db "$DB" --lang klingon --json cloud
assert_jq '.error.code == "usage" and (.error | has("offset") | not)' \
    "--json: an option the library refuses is a usage error in JSON too"

section "usage errors"
assert_status 2 "$PASSIM" search --db "$DB"
assert_status 2 "$PASSIM" search --db "$DB" --limit x cloud
assert_status 2 "$PASSIM" search --db "$DB" --offset -1 cloud
assert_status 2 "$PASSIM" search --db "$DB" --match some cloud
assert_status 2 "$PASSIM" search --db "$DB" --sort name cloud
assert_status 2 "$PASSIM" search --db "$DB" --since yesterday cloud
assert_status 2 "$PASSIM" search --db "$DB" --since 2026-13-01 cloud
assert_status 2 "$PASSIM" search --db "$DB" --until 2026-02-30 cloud
assert_status 2 "$PASSIM" search --db "$DB" --bm25 1,2 cloud
assert_status 2 "$PASSIM" search --db "$DB" --color sometimes cloud

section "database errors"
assert_status 3 "$PASSIM" search --db ../no-such-db cloud
assert_ne "" "$ERR" "a missing database: a message"
assert_eq no "$([ -e "$TEST_TMP/no-such-db" ] && echo yes || echo no)" "searching creates no database"
mkdir -p "$TEST_TMP/empty-dir"
assert_status 3 "$PASSIM" search --db ../empty-dir cloud
assert_status 3 "$PASSIM" search --db "$DB" --db ../no-such-db cloud
printf 'not a database\n' >"$TEST_TMP/plain-file"
assert_status 3 "$PASSIM" search --db ../plain-file cloud
assert_ne "" "$ERR" "a file that is no database: a message"

section "several databases searched as one"
run "$PASSIM" index --db "$TEST_TMP/md-db" --include '*.md' "$FIXTURES"
run "$PASSIM" index --db "$TEST_TMP/other-db" --exclude '*.md' "$FIXTURES"
assert_ids "$TEST_TMP/md-db" "$A $B $C $G" cloud
search_ids "$DB" cloud
one_db=$IDS
search_ids "$TEST_TMP/md-db" --db "$TEST_TMP/other-db" cloud
assert_eq "$one_db" "$IDS" "two --db: the same hits as one database of everything"
run "$PASSIM" search --db "$TEST_TMP/md-db" --db "$TEST_TMP/other-db" --json date:2025..2026
assert_jq '.total == 13' "two --db: every article counted once"

section "--lang: the query analyzed in one language"
# By default a query is analyzed in every language of the database: the German
# plural finds the German article through its German stem.
assert_status 0 "$PASSIM" search --db "$DB" --json --lang de Rechenzentren
assert_jq "[.hits[].id] == [\"$H\"]" "--lang de: the German stem finds the German article"
assert_status 0 "$PASSIM" search --db "$DB" --json --lang german Rechenzentren
assert_jq "[.hits[].id] == [\"$H\"]" "--lang takes the Snowball name too"
assert_status 1 "$PASSIM" search --db "$DB" --lang en Rechenzentren
assert_status 2 "$PASSIM" search --db "$DB" --lang klingon cloud
assert_contains "$ERR" 'unknown language "klingon"' "an unknown --lang is named"
# Every stemmer but English's comes from libstemmer's shared library: when it
# cannot be loaded, a language passim knows is not called unknown.
mkdir -p "$TEST_TMP/badlib"
: >"$TEST_TMP/badlib/libstemmer.so.0d"
assert_status 3 env LD_LIBRARY_PATH="$TEST_TMP/badlib" "$PASSIM" search --db "$DB" --lang fr cloud
assert_contains "$ERR" "no french stemmer: $TEST_TMP/badlib/libstemmer.so.0d" "--lang fr without libstemmer: why, not 'unknown'"
# A database language it cannot stem is left out of the query's languages,
# as one this libstemmer lacks: the German plural no longer finds its stem.
assert_status 1 env LD_LIBRARY_PATH="$TEST_TMP/badlib" "$PASSIM" search --db "$DB" Rechenzentren
assert_status 0 env LD_LIBRARY_PATH="$TEST_TMP/badlib" "$PASSIM" search --db "$DB" --json cloud
assert_jq '.total > 0' "without libstemmer: a database with German articles is searched in English"
run "$PASSIM" search --db "$DB" --batch <<'EOF'
{"id": 1, "q": "Rechenzentren", "lang": "en"}
{"id": 2, "q": "Rechenzentren", "lang": "de"}
{"id": 3, "q": "Rechenzentren"}
EOF
assert_eq "0 1 1" "$(printf '%s\n' "$OUT" | jq -r .total | tr '\n' ' ' | sed 's/ $//')" "batch key lang"

section "synonyms: --synonyms FILE, and the database's default from passim index --synonyms"
SYN=$TEST_TMP/synonyms.txt
printf '# a comment\nwallaby = quokka\ntakings = revenue share\n' >"$SYN"
assert_status 1 "$PASSIM" search --db "$DB" wallaby
assert_status 0 "$PASSIM" search --db "$DB" --json --synonyms "$SYN" wallaby
assert_eq "$TXT" "$(jq_get '.hits[0].path')" "--synonyms: wallaby finds the article that says quokka"
check_highlights '^quokka$' --synonyms "$SYN" wallaby
assert_status 1 "$PASSIM" search --db "$DB" --json takings
assert_eq "$D" "$(top_id --synonyms "$SYN" takings)" "--synonyms: a word for a phrase finds the phrase"
assert_status 0 "$PASSIM" search --db "$DB" --json --explain --synonyms "$SYN" takings
assert_jq "$explain_sums" "--explain: the parts of a synonym's phrase add up"
assert_jq '.hits[0].explain | test("revenue PHRASE 2 share")' "--explain names the synonym's phrase"
printf 'wallaby quokka\n' >"$TEST_TMP/bad-synonyms.txt"
assert_status 2 "$PASSIM" search --db "$DB" --synonyms "$TEST_TMP/bad-synonyms.txt" wallaby
assert_match "$ERR" 'bad-synonyms\.txt:1: ' "a bad synonyms file: file:line in the error"
assert_status 2 "$PASSIM" search --db "$DB" --synonyms "$TEST_TMP/no-such-file" wallaby
assert_contains "$ERR" "no-such-file" "an unreadable synonyms file is named"
SYNDB=$TEST_TMP/syn-db
assert_status 0 "$PASSIM" index --db "$SYNDB" --synonyms "$SYN" "$FIXTURES"
assert_status 0 "$PASSIM" search --db "$SYNDB" --json wallaby
assert_eq "$TXT" "$(jq_get '.hits[0].path')" "the database's default synonyms apply without --synonyms"
printf 'wombat = quokka\n' >"$TEST_TMP/other-synonyms.txt"
# --synonyms FILE replaces the database's default rules rather than adding to them
assert_status 1 "$PASSIM" search --db "$SYNDB" --synonyms "$TEST_TMP/other-synonyms.txt" wallaby
assert_status 0 "$PASSIM" search --db "$SYNDB" --synonyms "$TEST_TMP/other-synonyms.txt" wombat

section "--feedback: pseudo-relevance feedback"
# Three articles hold "quince". fb-top has it twice, so it ranks first; fb-pie
# has it once in a short article, fb-farm once in a longer one, so plain BM25
# puts fb-pie second. Feedback adds fb-top's other stems (orchard, harvest,
# ladder), which fb-farm shares and fb-pie does not: fb-farm moves up. It
# reorders what matches and never adds a match: fb-none has those stems
# without "quince".
mkdir -p "$TEST_TMP/fb"
cat >"$TEST_TMP/fb/fb.jsonl" <<'EOF'
{"id": "fb-top", "title": "Notes one", "body": "Quince quince orchard harvest ladders in the orchard at harvest time."}
{"id": "fb-pie", "title": "Notes two", "body": "Quince jelly and plum pie with sugar, lemon and cinnamon for winter baking in a small kitchen."}
{"id": "fb-farm", "title": "Notes three", "body": "A quince harvest in the old orchard, ladders against the trees, baskets and crates all along the rows of the farm."}
{"id": "fb-none", "title": "Notes four", "body": "Ladders and baskets for the orchard harvest."}
EOF
FB=$TEST_TMP/fb-db
index_fixtures "$FB" "$TEST_TMP/fb/fb.jsonl"
order() { jq_get '[.hits[].id] | join(" ")'; }
score_of() { jq_get ".hits[] | select(.id == \"$1\") | .score"; }
run "$PASSIM" search --db "$FB" --json quince
assert_eq "fb-top fb-pie fb-farm" "$(order)" "without feedback: BM25 order"
plain_top=$(score_of fb-top)
plain_pie=$(score_of fb-pie)
run "$PASSIM" search --db "$FB" --json --feedback quince
assert_eq "fb-top fb-farm fb-pie" "$(order)" "--feedback: the article sharing the top one's words moves up"
assert_jq '.total == 3' "--feedback: the same matches, none added"
assert_jq ".hits[0].score > $plain_top" "--feedback: the top hit gains weight"
assert_eq "$plain_pie" "$(score_of fb-pie)" "--feedback: a hit without the added stems keeps its score"
run "$PASSIM" search --db "$FB" --json --feedback=1,20,1 quince
assert_eq "fb-top fb-farm fb-pie" "$(order)" "--feedback=1,20,1 is --feedback"
run "$PASSIM" search --db "$FB" --feedback --explain --limit 2 quince
assert_match "$OUT" '^ +feedback +Zorchard +[0-9]+\.[0-9]{4}$' "--explain: each added stem's part, named feedback"
assert_match "$OUT" '^ +bm25 +Zquinc +[0-9]' "--explain: the query word's part"
assert_status 0 "$PASSIM" search --db "$FB" --json --feedback --explain quince
assert_jq "$explain_sums" "--explain: the query's parts and the feedback stems add up"
run "$PASSIM" search --db "$FB" --explain quince
assert_not_contains "$OUT" "feedback" "--explain without --feedback: no feedback part"
run "$PASSIM" search --db "$FB" --batch <<'EOF'
{"id": 1, "q": "quince", "feedback": true}
{"id": 2, "q": "quince", "feedback": "1,20,1"}
{"id": 3, "q": "quince", "feedback": false}
{"id": 4, "q": "quince", "feedback": "0,20,1"}
{"id": 5, "q": "quince", "feedback": 1}
EOF
assert_eq "fb-top fb-farm fb-pie
fb-top fb-farm fb-pie
fb-top fb-pie fb-farm
invalid_request
invalid_request" "$(printf '%s\n' "$OUT" | jq -r 'if .error then .error.code else [.hits[].id] | join(" ") end')" \
    "batch \"feedback\": true, \"D,T,W\", false; bad values rejected"
# Paging and totals: feedback's extra stems only reorder, so every page is a
# slice of one ranking and the total is the plain query's. 24 more passages
# with "quince", some sharing fb-top's stems, so the order does change.
words=(orchard harvest ladders jelly sugar lemon cinnamon baking kitchen crates)
for i in $(seq 1 24); do
    printf '{"id": "fb-%02d", "title": "Page %d", "body": "Quince %s %s and %s notes %d."}\n' \
        "$i" "$i" "${words[i % 10]}" "${words[(i * 3) % 10]}" "${words[(i * 7) % 10]}" "$i"
done >"$TEST_TMP/fb/more.jsonl"
index_fixtures "$FB" "$TEST_TMP/fb"
ids() { jq_get '[.hits[].id] | join(" ")'; }
run "$PASSIM" search --db "$FB" --json --limit 20 quince
plain_total=$(jq_get .total)
plain_20=$(ids)
run "$PASSIM" search --db "$FB" --json --feedback --limit 20 quince
assert_eq "$plain_total" "$(jq_get .total)" "--feedback: the total of the plain query"
fb_20=$(ids)
assert_ne "$plain_20" "$fb_20" "--feedback reorders the first 20 of 27 (else the paging check proves nothing)"
run "$PASSIM" search --db "$FB" --json --feedback --limit 10 quince
page1=$(ids)
run "$PASSIM" search --db "$FB" --json --feedback --limit 10 --offset 10 quince
assert_eq "$plain_total" "$(jq_get .total)" "--feedback, page 2: the same total"
assert_eq "$fb_20" "$page1 $(ids)" "--feedback: page 2 continues page 1"
for bad in 0,20,1 1,0,1 1,20,0 1,20 1,20,1,2 x 1,20,101 -1,20,1 ''; do
    assert_status 2 "$PASSIM" search --db "$FB" --feedback="$bad" quince
done
assert_contains "$ERR" "--feedback" "a bad --feedback value: the error names the option"

section "colour"
esc=$'\033'
run "$PASSIM" search --db "$DB" --color always partnership
assert_contains "$OUT" "${esc}[" "--color always: escape codes"
run env NO_COLOR=1 "$PASSIM" search --db "$DB" --color always partnership
assert_contains "$OUT" "${esc}[" "--color always wins over NO_COLOR"
run env -u NO_COLOR "$PASSIM" search --db "$DB" --color never partnership
assert_not_contains "$OUT" "$esc" "--color never: no escape codes"
run env -u NO_COLOR "$PASSIM" search --db "$DB" partnership
assert_not_contains "$OUT" "$esc" "auto, not a terminal: no escape codes"
run "$PASSIM" search --db "$DB" --color always --json partnership
assert_not_contains "$OUT" "$esc" "--json never holds escape codes"
if command -v script >/dev/null; then
    # script(1) gives passim a terminal, where auto colours unless NO_COLOR.
    tty_out=$(env -u NO_COLOR script -qec "$(printf '%q ' "$PASSIM" search --db "$DB" partnership)" /dev/null </dev/null)
    assert_contains "$tty_out" "${esc}[" "auto on a terminal: escape codes"
    tty_out=$(env NO_COLOR=1 script -qec "$(printf '%q ' "$PASSIM" search --db "$DB" partnership)" /dev/null </dev/null)
    assert_contains "$tty_out" "Partnerships" "NO_COLOR on a terminal: the hit is shown"
    assert_not_contains "$tty_out" "$esc" "NO_COLOR on a terminal: no escape codes"
    # no-color.org: only a NO_COLOR that is set and not empty turns it off.
    tty_out=$(env NO_COLOR= script -qec "$(printf '%q ' "$PASSIM" search --db "$DB" partnership)" /dev/null </dev/null)
    assert_contains "$tty_out" "${esc}[" "NO_COLOR set but empty on a terminal: escape codes"
    tty_out=$(env -u NO_COLOR script -qec "$(printf '%q ' "$PASSIM" search --db "$DB" --color never partnership)" /dev/null </dev/null)
    assert_not_contains "$tty_out" "$esc" "--color never on a terminal: no escape codes"
else
    skip "no script(1): colour on a terminal not checked"
fi

finish
