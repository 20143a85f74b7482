#!/usr/bin/env bash
# test_install.sh — what `cmake --install` delivers, used from outside the
# tree: the files in a scratch prefix, the C example built against the
# installed library with pkg-config (shared and static) and run on a real
# database, the README's embedding recipe run as written under a scratch
# HOME, the README's install steps (its package list is scripts/setup's,
# its configure line works), the library exporting only passim_*, the man
# page and the bash completion covering every subcommand and option of
# `--help`, the shell and Python examples, and the Debian package CPack
# builds. Under valgrind
# (PASSIM_UNDER_VALGRIND=1) the installed binary and the C example run under
# memcheck too.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The build tree is where the binary is (passim_cli is built at its top;
# under valgrind $PASSIM is a wrapper, and lib.sh names the binary).
BUILD=${PASSIM_BUILD_DIR:-$(dirname "${PASSIM_VALGRIND_BINARY:-$PASSIM}")}
PREFIX=$TEST_TMP/prefix
VERSION=$("$PASSIM" --version | awk '{print $2}')

section "cmake --install into a scratch prefix"
assert_status 0 cmake --install "$BUILD" --prefix "$PREFIX"
[ "$RC" = 0 ] || finish
LIBDIR=$(dirname "$(find "$PREFIX" -name libpassim.so.0 | head -1)")
for file in bin/passim include/passim.h share/man/man1/passim.1 \
    share/bash-completion/completions/passim share/doc/passim/json-schema.md \
    share/doc/passim/examples/search_titles.c \
    share/doc/passim/examples/search_jsonl.sh \
    share/doc/passim/examples/batch_search.py; do
    if [ -f "$PREFIX/$file" ]; then pass "installed $file"; else fail "installed $file"; fi
done
for file in "libpassim.so.$VERSION" libpassim.so.0 libpassim.so libpassim.a \
    pkgconfig/passim.pc; do
    if [ -e "$LIBDIR/$file" ]; then pass "installed lib/$file"; else fail "installed lib/$file"; fi
done
assert_eq "libpassim.so.0" "$(readlink "$LIBDIR/libpassim.so")" "libpassim.so links to the soname"
run objdump -p "$LIBDIR/libpassim.so.$VERSION"
assert_match "$OUT" 'SONAME +libpassim\.so\.0$' "the library's soname is libpassim.so.0"
INSTALLED=$PREFIX/bin/passim
MEMCHECK=() # what the C example runs under
if under_valgrind; then
    export PASSIM_VALGRIND_BINARY=$INSTALLED
    INSTALLED=$PASSIM
    MEMCHECK=("$PASSIM_SOURCE_DIR/tests/tools/valgrind-memcheck")
fi
assert_status 0 "$INSTALLED" --version
assert_eq "passim $VERSION" "$OUT" "the installed binary runs"

section "the library exports passim_* and nothing else"
run nm -D --defined-only "$LIBDIR/libpassim.so.0"
exported=$(printf '%s\n' "$OUT" | awk 'NF {print $NF}' | sed 's/@.*//' | sort -u)
assert_eq "" "$(printf '%s\n' "$exported" | grep -v '^passim_')" "no symbol but passim_*"
declared=$(grep -A1 '^PASSIM_API' "$PREFIX/include/passim.h" |
    grep -o 'passim_[a-z_]*(' | tr -d '(' | sort -u)
assert_eq "$declared" "$exported" "every function of passim.h is exported"
assert_ne "" "$declared" "passim.h declares functions"

section "pkg-config and the C example, built out of tree"
export PKG_CONFIG_PATH=$LIBDIR/pkgconfig
run pkg-config --modversion passim
assert_eq "$VERSION" "$OUT" "pkg-config knows passim $VERSION"
CFLAGS_LIBS=$(pkg-config --cflags --libs passim)
assert_contains "$CFLAGS_LIBS" "-lpassim" "pkg-config --libs names -lpassim"
EXAMPLE=$TEST_TMP/example
mkdir -p "$EXAMPLE"
# A library built with the sanitizers needs programs built with them too,
# and the static one built with coverage needs gcov's runtime.
SANITIZE=()
if grep -q '^PASSIM_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
    SANITIZE=(-fsanitize=address,undefined)
fi
if grep -q '^PASSIM_COVERAGE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null; then
    SANITIZE+=(--coverage)
fi
cp "$PREFIX/share/doc/passim/examples/search_titles.c" "$EXAMPLE/"
# shellcheck disable=SC2086 # pkg-config's output is words
assert_status 0 cc -std=c99 -Wall -Wextra -pedantic -Werror "${SANITIZE[@]}" \
    "$EXAMPLE/search_titles.c" $CFLAGS_LIBS -o "$EXAMPLE/search_titles"
# shellcheck disable=SC2046
assert_status 0 cc -std=c99 "${SANITIZE[@]}" "$EXAMPLE/search_titles.c" \
    $(pkg-config --cflags passim) -Wl,-Bstatic -lpassim -Wl,-Bdynamic \
    -L"$LIBDIR" $(pkg-config --static --libs-only-l passim | sed 's/-lpassim//') \
    -o "$EXAMPLE/search_titles_static"

DB=$TEST_TMP/db
run "$INSTALLED" index --db "$DB" "$FIXTURES"
assert_eq 0 "$RC" "the installed binary indexes the fixtures"
export LD_LIBRARY_PATH=$LIBDIR
run ldd "$EXAMPLE/search_titles"
assert_contains "$OUT" "$LIBDIR/libpassim.so.0" "the example uses the installed library"
run ldd "$EXAMPLE/search_titles_static"
assert_not_contains "$OUT" "libpassim" "the static example needs no libpassim.so"
titles='1. Capped Royalties and the Revenue Share
2. Quarterly Results at the Chip Foundry'
for program in search_titles search_titles_static; do
    assert_status 0 "${MEMCHECK[@]}" "$EXAMPLE/$program" "$DB" "revenue share"
    assert_eq "$titles" "$OUT" "$program prints the titles of the hits"
    assert_status 1 "${MEMCHECK[@]}" "$EXAMPLE/$program" "$DB" nosuchwordxyz
    assert_status 2 "${MEMCHECK[@]}" "$EXAMPLE/$program" "$DB" "a AND"
    assert_contains "$ERR" "nothing after AND" "$program: the query error"
    assert_status 3 "${MEMCHECK[@]}" "$EXAMPLE/$program" "$TEST_TMP/nodb" azure
    assert_contains "$ERR" "no database here" "$program: the open error"
done
unset LD_LIBRARY_PATH

section "the README's install steps and embedding recipe, as written"
# readme_block MARKER : the fenced block after the README line holding MARKER.
readme_block() {
    awk -v marker="$1" 'index($0, marker) { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }' "$PASSIM_SOURCE_DIR/README.md"
}
APT=$(grep -m1 '^sudo apt-get install ' "$PASSIM_SOURCE_DIR/README.md" | sed 's/^sudo apt-get install //' | tr ' ' '\n' | sort)
assert_eq "$("$PASSIM_SOURCE_DIR/scripts/setup" --list user | sort)" "$APT" \
    "the README's package list is scripts/setup --list user"
CONFIGURE=$(grep -m1 '^cmake -S \. -B build ' "$PASSIM_SOURCE_DIR/README.md")
assert_contains "$CONFIGURE" "-DPASSIM_BUILD_TESTS=OFF -DPASSIM_BUILD_BENCH=OFF" "the README configures without tests and benchmarks"
# Configured as written (building it again would take minutes; the build
# tree of this test stands for it below): no test and no benchmark target.
(cd "$PASSIM_SOURCE_DIR" && eval "${CONFIGURE/-B build/-B $TEST_TMP/user-build}") >"$TEST_TMP/configure.log" 2>&1
assert_eq 0 "$?" "the README's configure line works: $(tail -3 "$TEST_TMP/configure.log")"
run cmake --build "$TEST_TMP/user-build" --target help
assert_contains "$OUT" "passim_cli" "configured as the README says: the command is built"
assert_not_contains "$OUT" "test_api" "configured as the README says: no unit tests"
assert_not_contains "$OUT" "bench_search" "configured as the README says: no benchmarks"
RECIPE=$(readme_block 'recipe: embedding')
assert_contains "$RECIPE" "--prefix ~/.local" "the embedding recipe installs under ~/.local"
# A HOME of its own, a folder holding build (this test's build tree) and
# examples/ as a checkout does, and ~/articles.db: then the block runs as it
# is, in a shell that has nothing set up (no PKG_CONFIG_PATH, no
# LD_LIBRARY_PATH).
mkdir -p "$TEST_TMP/home" "$TEST_TMP/checkout"
ln -s "$BUILD" "$TEST_TMP/checkout/build"
cp -r "$PASSIM_SOURCE_DIR/examples" "$TEST_TMP/checkout/"
cp -r "$DB" "$TEST_TMP/home/articles.db"
if [ "${#SANITIZE[@]}" -gt 0 ]; then
    # A sanitized library wants its runtime loaded first, which a program
    # built as the recipe says (no -fsanitize) does not do.
    skip "the embedding recipe: a sanitizer build's library (the normal build runs it)"
else
    run env -i PATH=/usr/bin:/bin HOME="$TEST_TMP/home" bash -ec "cd '$TEST_TMP/checkout'
$RECIPE"
    assert_eq 0 "$RC" "the embedding recipe runs as written: $ERR"
    # after what cmake --install says
    assert_eq "$titles" "$(printf '%s\n' "$OUT" | tail -2)" "the recipe's program prints the titles of the hits"
    run ldd "$TEST_TMP/checkout/search_titles"
    assert_contains "$OUT" "$TEST_TMP/home/.local/lib/" "the recipe's program finds libpassim in ~/.local through its rpath"
fi

section "the shell and Python examples"
export PASSIM=$INSTALLED
assert_status 0 "$PREFIX/share/doc/passim/examples/search_jsonl.sh" "$DB" revenue share
assert_match "$OUT" '^1	2026-05-04	Capped Royalties and the Revenue Share	/.*/2026-05-04-revenue-share\.md:10$' \
    "search_jsonl.sh: rank, date, title, path:line"
assert_eq 2 "$(printf '%s\n' "$OUT" | wc -l)" "search_jsonl.sh: one line per hit"
# passim's status, not jq's, though passim is not last in the pipe
assert_status 1 "$PREFIX/share/doc/passim/examples/search_jsonl.sh" "$DB" nosuchwordxyz
assert_eq "" "$OUT" "search_jsonl.sh: no hit, no line"
assert_status 2 "$PREFIX/share/doc/passim/examples/search_jsonl.sh" "$DB" "a AND"
assert_eq "" "$OUT" "search_jsonl.sh: a query error, no line"
assert_status 2 python3 "$PREFIX/share/doc/passim/examples/batch_search.py" \
    "$DB" "revenue share" "a AND" quokka
assert_contains "$OUT" "revenue share: 2 matching
  1. Capped Royalties and the Revenue Share (revenue-share)" \
    "batch_search.py: the first query's hits"
assert_contains "$OUT" "quokka: 1 matching" "batch_search.py: a query after a bad one"
assert_contains "$OUT" "a [revenue] [share] until 2030" "batch_search.py: matched words marked by highlights_cp"
assert_contains "$ERR" "a AND: nothing after AND" "batch_search.py: the bad query's message"
assert_status 0 python3 "$PREFIX/share/doc/passim/examples/batch_search.py" "$DB" nuages
assert_contains "$OUT" "fournisseurs de [nuages] souverains" \
    "batch_search.py: marked right after multi-byte characters (highlights_cp)"
assert_status 3 python3 "$PREFIX/share/doc/passim/examples/batch_search.py" \
    "$TEST_TMP/nodb" azure

section "the man page covers every subcommand and option"
MAN=$PREFIX/share/man/man1/passim.1
run groff -man -Tutf8 -ww -z "$MAN"
assert_eq "" "$OUT$ERR" "groff renders passim.1 without warnings"
MANTEXT=$(MANWIDTH=200 man -l "$MAN" 2>/dev/null)
for section in NAME SYNOPSIS DESCRIPTION "QUERY LANGUAGE" "EXIT STATUS" \
    ENVIRONMENT "BATCH MODE"; do
    assert_match "$MANTEXT" "^$section" "the man page has $section"
done
for status in 0 1 2 3 4; do
    assert_match "$MANTEXT" "^ +$status +[A-Z]" "the man page explains exit status $status"
done
for variable in PASSIM_DB XDG_DATA_HOME NO_COLOR; do
    assert_contains "$MANTEXT" "$variable" "the man page names \$$variable"
done

COMMANDS=$(passim_commands)
assert_match "$COMMANDS" 'serve' "passim --help lists the subcommands, serve among them"
for cmd in $COMMANDS; do
    assert_match "$MANTEXT" "^ +passim $cmd " "the man page has passim $cmd"
    options=$(options_of "$cmd")
    assert_ne "" "$options" "passim $cmd --help lists options"
    # shellcheck disable=SC2086 # one option a word
    assert_eq "" "$(not_found "$MANTEXT" ' ,' ' ,=[' $options)" "the man page has every option of passim $cmd"
done

section "bash completion: subcommands, options, values"
# shellcheck source=/dev/null
. "$PREFIX/share/bash-completion/completions/passim"
assert_eq "$(printf '%s\n' $COMMANDS help | sort)" \
    "$(complete_words passim "" | grep -v '^-')" "subcommands"
assert_eq "search" "$(complete_words passim sea)" "a subcommand's prefix"
for cmd in $COMMANDS; do
    assert_eq "$(options_of "$cmd")" "$(complete_words passim "$cmd" -)" \
        "passim $cmd -<TAB>: exactly the options of --help"
done
assert_eq "$(printf '%s\n' all any auto)" "$(complete_words passim search --match "")" "--match values"
assert_eq "$(printf '%s\n' lang month source tag)" \
    "$(complete_words passim search --facet "")" "--facet values"
assert_eq "french" "$(complete_words passim index --lang fre)" "--lang values"
assert_eq "$(printf '%s\n' search serve)" "$(complete_words passim help se)" "help completes subcommands"

section "the Debian package"
if command -v dpkg-shlibdeps >/dev/null && command -v cpack >/dev/null; then
    started=$SECONDS
    run cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TEST_TMP/deb"
    assert_eq 0 "$RC" "cpack -G DEB builds the package"
    DEB=$(find "$TEST_TMP/deb" -maxdepth 1 -name 'passim_*.deb' | head -1)
    assert_ne "" "$DEB" "a passim_*.deb was written"
    if [ -n "$DEB" ]; then
        run dpkg-deb -f "$DEB" Package Version Depends
        assert_contains "$OUT" "Package: passim" "package name passim"
        assert_contains "$OUT" "Version: $VERSION" "package version $VERSION"
        assert_match "$OUT" 'Depends:.*libxapian' "Depends from dpkg-shlibdeps name libxapian"
        assert_match "$OUT" 'Depends:.*libstemmer0d' \
            "Depends names libstemmer0d, which passim opens for languages but English"
        run dpkg-deb -c "$DEB"
        for file in ./usr/bin/passim ./usr/include/passim.h \
            ./usr/share/man/man1/passim.1 \
            ./usr/share/bash-completion/completions/passim \
            "libpassim.so.$VERSION" libpassim.a pkgconfig/passim.pc; do
            assert_contains "$OUT" "$file" "the package holds $file"
        done
    fi
    echo "# cpack took $((SECONDS - started)) s"
    # Installing it on a fresh Debian is not possible here; unpacked, its
    # command must run and its library find every dependency.
    if [ -n "$DEB" ] && dpkg-deb -x "$DEB" "$TEST_TMP/root"; then
        run env LD_LIBRARY_PATH="$TEST_TMP/root/usr/lib" ldd "$TEST_TMP/root/usr/lib/libpassim.so.0"
        assert_not_contains "$OUT" "not found" "the packaged library finds its dependencies"
        assert_status 0 "$TEST_TMP/root/usr/bin/passim" --version
        assert_eq "passim $VERSION" "$OUT" "the packaged command runs"
    fi
else
    skip "dpkg-shlibdeps or cpack missing: the package was not built"
fi

finish
