/*
 * glob.h — the globs of `passim index --include/--exclude`, matched as git
 * matches .gitignore patterns, against paths relative to the folder given
 * to passim index:
 *  - a pattern without a '/' (but a trailing one) matches a name at any
 *    depth: "*.md", "drafts/"; one with a '/' at its start or in its middle
 *    is anchored at that folder: "/README.md", "2024/drafts";
 *  - a trailing '/' matches folders only;
 *  - '*' matches anything but '/', '?' one character but '/', "[a-z]" and
 *    "[!a-z]" one of (or none of) a set, and '\' takes the next character
 *    as it is;
 *  - "**" as a whole segment matches any number of folders: at the start
 *    ("**" "/x": x in every folder), at the end ("x/" "**": everything
 *    inside x) and in the middle ("a/" "**" "/b": a/b, a/x/b, a/x/y/b...);
 *    other runs of '*' are one '*'.
 * There is no '!' negation: a pattern is one rule, and --include and
 * --exclude are the two sides.
 */
#ifndef PASSIM_GLOB_H
#define PASSIM_GLOB_H

#include <stdbool.h>

/* Whether `path` ('/'-separated, relative, no "./") matches `pattern`;
 * `is_dir` says whether it names a folder. */
bool glob_match(const char *pattern, const char *path, bool is_dir);

/* Whether `path` or one of the folders above it (up to the start of the
 * relative path) matches: a file lies within what a pattern names. */
bool glob_match_within(const char *pattern, const char *path, bool is_dir);

#endif /* PASSIM_GLOB_H */
