#!/usr/bin/env python3
"""batch_search.py - many queries through one `passim search --batch`
process, with nothing but the standard library: one JSON request per line
in, one JSON answer per line out, so the database is opened once. Each hit's
snippet is shown with its matched words in [brackets], cut by the ranges of
"highlights_cp", which count code points as Python's str does ("highlights"
count bytes of the UTF-8 text).

    examples/batch_search.py ~/articles.db 'revenue share' 'azure NEAR cloud'

$PASSIM names the passim binary (default: passim on the PATH). Exit status:
0 every query ran, 2 some query was malformed, 3 passim could not search.
"""
import json
import os
import subprocess
import sys


def marked(hit):
    """The snippet with each matched word in brackets."""
    snippet, parts, at = hit["snippet"], [], 0
    for start, end in hit["highlights_cp"]:
        parts += [snippet[at:start], "[", snippet[start:end], "]"]
        at = end
    return "".join(parts) + snippet[at:]


def main(argv):
    if len(argv) < 3:
        print(f"usage: {argv[0]} DATABASE QUERY...", file=sys.stderr)
        return 2
    database, queries = argv[1], argv[2:]
    command = [os.environ.get("PASSIM", "passim"), "search", "--db", database,
               "--batch", "--limit", "3"]
    status = 0
    passim = subprocess.Popen(command, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True,
                              encoding="utf-8")
    try:
        for number, query in enumerate(queries):
            passim.stdin.write(json.dumps({"id": number, "q": query}) + "\n")
            passim.stdin.flush()
            line = passim.stdout.readline()
            if not line:
                raise BrokenPipeError
            answer = json.loads(line)
            if "error" in answer:
                print(f"{query}: {answer['error']['message']}",
                      file=sys.stderr)
                status = 2
                continue
            print(f"{query}: {answer['total']} matching")
            for hit in answer["hits"]:
                print(f"  {hit['rank']}. {hit['title']} ({hit['id']})")
                print(f"     {marked(hit)}")
        passim.stdin.close()
    except BrokenPipeError:  # passim ended; its message is on stderr
        status = 3
    passim.wait()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
