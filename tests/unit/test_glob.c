/*
 * test_glob.c — the gitignore-style globs of --include and --exclude
 * (indexer/glob.c): names at any depth, anchored patterns, folders only,
 * "**" in each place, classes and escapes; each case both ways.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>

#include "glob.h"

typedef struct glob_case {
    const char *pattern, *path;
    bool is_dir, matches;
} glob_case;

static void check_cases(const glob_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const glob_case *c = &cases[i];
        ck_assert_msg(glob_match(c->pattern, c->path, c->is_dir) == c->matches,
                      "'%s' on %s '%s': expected %s", c->pattern,
                      c->is_dir ? "folder" : "file", c->path,
                      c->matches ? "a match" : "no match");
    }
}

#define CHECK_CASES(cases) check_cases(cases, sizeof cases / sizeof *cases)

START_TEST(names_at_any_depth)
{
    static const glob_case cases[] = {
        {"*.md", "a.md", false, true},
        {"*.md", "x/y/a.md", false, true},
        {"*.md", "a.md.txt", false, false},
        {"README.md", "README.md", false, true},
        {"README.md", "sub/README.md", false, true},
        {"README.md", "sub/README.mdx", false, false},
        {"drafts", "drafts", true, true},
        {"drafts", "a/b/drafts", true, true},
        {"drafts", "a/drafts.md", false, false},
        {"a?c", "x/abc", false, true},
        {"a?c", "x/ac", false, false},
        /* '*' does not cross folders, so a name pattern sees the last one. */
        {"a*", "ab/c", false, false},
        {"*", "anything/at/all", false, true},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(anchored_patterns)
{
    static const glob_case cases[] = {
        {"/README.md", "README.md", false, true},
        {"/README.md", "sub/README.md", false, false},
        {"docs/*.md", "docs/a.md", false, true},
        {"docs/*.md", "docs/x/a.md", false, false},
        {"docs/*.md", "x/docs/a.md", false, false},
        {"*/drafts/*", "blog/drafts/a.md", false, true},
        {"*/drafts/*", "blog/drafts/old", true, true},
        {"*/drafts/*", "drafts/a.md", false, false},
        {"*/drafts/*", "a/b/drafts/c.md", false, false},
        {"*/drafts/*", "blog/drafts", true, false},
        {"a/b", "a/b", false, true},
        {"a/b", "x/a/b", false, false},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(folders_only)
{
    static const glob_case cases[] = {
        {"drafts/", "drafts", true, true},
        {"drafts/", "drafts", false, false},
        {"drafts/", "x/drafts", true, true},
        {"blog/drafts/", "blog/drafts", true, true},
        {"blog/drafts/", "x/blog/drafts", true, false},
        {"/", "a", true, false},
        {"", "a", false, false},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(double_stars)
{
    static const glob_case cases[] = {
        {"**/drafts", "drafts", true, true},
        {"**/drafts", "a/b/drafts", true, true},
        {"**/drafts/*.md", "a/drafts/x.md", false, true},
        {"**/drafts/*.md", "drafts/x.md", false, true},
        {"**/drafts/*.md", "a/drafts/b/x.md", false, false},
        {"2024/**", "2024/a.md", false, true},
        {"2024/**", "2024/x/y/a.md", false, true},
        {"2024/**", "2024", true, false},
        {"2024/**", "old/2024/a.md", false, false},
        {"a/**/b", "a/b", false, true},
        {"a/**/b", "a/x/b", false, true},
        {"a/**/b", "a/x/y/b", false, true},
        {"a/**/b", "a/x/y/c", false, false},
        {"a/**/b", "x/a/b", false, false},
        /* Not a whole segment: as one '*'. */
        {"a**b", "axxb", false, true},
        {"a**b/c", "ax/yb/c", false, false},
        {"x/a**", "x/abc", false, true},
        {"x/a**", "x/ab/c", false, false},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(classes_and_escapes)
{
    static const glob_case cases[] = {
        {"[ab].md", "a.md", false, true}, {"[ab].md", "c.md", false, false},
        {"[a-c]x", "bx", false, true},    {"[a-c]x", "dx", false, false},
        {"[!a-c]x", "dx", false, true},   {"[^a-c]x", "ax", false, false},
        {"[]]x", "]x", false, true},      {"x[/]y", "x/y", false, false},
        {"a[b", "a[b", false, true},      {"\\*.md", "*.md", false, true},
        {"\\*.md", "a.md", false, false}, {"\\?", "?", false, true},
        {"\\?", "a", false, false},
    };
    CHECK_CASES(cases);
}
END_TEST

START_TEST(within_folders)
{
    ck_assert(glob_match_within("drafts/", "blog/drafts/a.md", false));
    ck_assert(glob_match_within("drafts/", "drafts/x/y.md", false));
    ck_assert(!glob_match_within("drafts/", "blog/drafts.md", false));
    ck_assert(glob_match_within("/blog", "blog/2024/a.md", false));
    ck_assert(!glob_match_within("/blog", "old/blog/a.md", false));
    ck_assert(glob_match_within("*.md", "a/b.md", false));
    /* A folder the pattern names holds the file, as git reads it. */
    ck_assert(glob_match_within("*.md", "a.md/b.txt", false));
    ck_assert(!glob_match_within("*.txt", "a/b.md", false));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("glob");
    TCase *t = tcase_create("glob");
    SRunner *r;
    int failed;
    tcase_add_test(t, names_at_any_depth);
    tcase_add_test(t, anchored_patterns);
    tcase_add_test(t, folders_only);
    tcase_add_test(t, double_stars);
    tcase_add_test(t, classes_and_escapes);
    tcase_add_test(t, within_folders);
    suite_add_tcase(s, t);
    r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
