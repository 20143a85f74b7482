#!/usr/bin/env python3
"""check.py — the structure check: the room rules of DEVELOPERS.md over the
sources' #includes and the built objects' symbols (nm), and no two files
that call each other.

Usage: check.py --source DIR --objects FILE [--strict ROOM,...]

FILE lists the built objects, one "ROOM<TAB>PATH" a line (tests/structure/
CMakeLists.txt writes it). Each failure is one line on stdout, "path: what";
calls going both ways outside the strict rooms are printed as notes. Exit
status: 0 the tree keeps the rules, 1 it breaks one, 2 usage or input error.
"""
import argparse
import fnmatch
import os
import re
import subprocess
import sys

# The rooms each room may include and call (besides itself and include/,
# the public header), from DEVELOPERS.md: data flows one way, files ->
# indexer -> analysis -> xapian-c, query -> search -> analysis -> xapian-c;
# nothing in analysis/ knows about Xapian; nothing in xapian-c/ knows about
# articles (it knows no other room); indexer/ and search/ never include each
# other, what both need lives in core/; api/ is the only room using both;
# only cli/ knows about the command line, and it sees only passim.h.
ALLOWED = {
    "xapian-c": set(),
    "analysis": set(),
    "core": {"xapian-c", "analysis"},
    "indexer": {"core", "xapian-c", "analysis"},
    "search": {"core", "xapian-c", "analysis"},
    "api": {"indexer", "search", "core", "xapian-c", "analysis"},
    "cli": set(),
}
PUBLIC = "include"
# The command is linked with libpassim and calls what it exports: the
# patterns of the "global:" part of this version script.
EXPORTS = "api/libpassim.map"
# Xapian's own headers: only its C bindings include them.
XAPIAN_HEADER = re.compile(r"xapian(\.h|/)")
SOURCE_EXTENSIONS = (".c", ".cc", ".h", ".hh")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
DEFAULT_STRICT = ("indexer", "api", "core", "cli")


def room_files(source):
    """{room: [path relative to source]} of the rooms' sources and headers."""
    files = {}
    for room in list(ALLOWED) + [PUBLIC]:
        folder = os.path.join(source, room)
        if not os.path.isdir(folder):
            continue
        files[room] = sorted(
            os.path.join(room, name) for name in os.listdir(folder)
            if name.endswith(SOURCE_EXTENSIONS))
    return files


def header_rooms(files):
    """{header name: [rooms holding one]}."""
    where = {}
    for room, paths in files.items():
        for path in paths:
            if path.endswith((".h", ".hh")):
                where.setdefault(os.path.basename(path), []).append(room)
    return where


def check_includes(source, files):
    problems = []
    where = header_rooms(files)
    for name, rooms in sorted(where.items()):
        if len(rooms) > 1:
            problems.append(f"{name}: a header of that name is in "
                            f"{' and '.join(sorted(rooms))}/ "
                            f"(an include could mean either)")
    for room, paths in files.items():
        for path in paths:
            with open(os.path.join(source, path), encoding="utf-8",
                      errors="replace") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    quote, name = m.groups()
                    at = f"{path}:{number}"
                    if quote == "<":
                        if XAPIAN_HEADER.match(name) and room != "xapian-c":
                            problems.append(
                                f"{at}: includes <{name}>: only xapian-c/ "
                                f"uses Xapian")
                        continue
                    owners = where.get(os.path.basename(name))
                    if not owners:
                        problems.append(f"{at}: includes \"{name}\", which "
                                        f"no room holds")
                        continue
                    owner = owners[0]
                    if room != PUBLIC and not allowed(room, owner):
                        problems.append(f"{at}: includes \"{name}\" of "
                                        f"{owner}/: {why_not(room, owner)}")
    return problems


def allowed(room, other):
    return other in (room, PUBLIC) or other in ALLOWED.get(room, set())


def why_not(room, other):
    """The rule of DEVELOPERS.md that `room` using `other` breaks."""
    if room == "analysis" and other in ("xapian-c", "core"):
        return "nothing in analysis/ knows about Xapian"
    if room == "xapian-c":
        return "nothing in xapian-c/ knows about articles"
    if {room, other} == {"indexer", "search"}:
        return ("indexer/ and search/ never include each other (what both "
                "need lives in core/)")
    if other == "cli":
        return "only cli/ knows about the command line"
    if room == "cli":
        return "cli/ uses the public API (passim.h) only"
    if other == "api":
        return "api/ is the top room: only the command uses it, by passim.h"
    return f"data flows one way: {room}/ is not above {other}/"


def read_objects(path):
    """[(room, object path, source path relative to its room)]."""
    objects = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            room, sep, obj = line.partition("\t")
            if not sep or room not in ALLOWED:
                raise ValueError(f"{path}:{number}: not ROOM<TAB>OBJECT")
            name = os.path.basename(obj)
            objects.append((room, obj, os.path.join(
                room, name[:-2] if name.endswith(".o") else name)))
    return objects


def symbols(obj):
    """(defined, undefined) global symbols of an object file."""
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True,
                         check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind == "U":
            undefined.add(name)
        elif kind.isupper() or kind in "vw":
            defined.add(name)
    return defined, undefined


def call_graph(objects):
    """{file: {file it calls: [symbols]}} and {file: room}."""
    definer, uses, rooms = {}, {}, {}
    for room, obj, source in objects:
        defined, undefined = symbols(obj)
        rooms[source] = room
        uses[source] = undefined
        for name in defined:
            definer.setdefault(name, source)
    graph = {}
    for source, undefined in uses.items():
        calls = graph.setdefault(source, {})
        for name in undefined:
            other = definer.get(name)
            if other and other != source:
                calls.setdefault(other, []).append(name)
    return graph, rooms


def cycles(graph):
    """The strongly connected sets of two files or more (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            members = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                members.append(w)
                if w == v:
                    break
            if len(members) > 1:
                found.append(sorted(members))

    sys.setrecursionlimit(max(1000, 4 * len(graph)))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def circle(graph, members):
    """A shortest circle from the first of the strongly connected `members`
    back to it (breadth first: one exists)."""
    inside, start = set(members), members[0]
    came_from, frontier = {}, [start]
    while frontier:
        reached = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start] + path[::-1][1:] + [start]
                if w in inside and w not in came_from and w != start:
                    came_from[w] = v
                    reached.append(w)
        frontier = reached
    return members + [start]


def sample(names):
    names = sorted(set(names))
    return ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")


def exported(source):
    """The symbol patterns libpassim exports (none without the script)."""
    path = os.path.join(source, EXPORTS)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    m = re.search(r"global:(.*?)(local:|})", text, flags=re.S)
    return [p.strip() for p in m.group(1).split(";") if p.strip()] if m else []


def check_calls(objects, strict, exports):
    problems, notes = [], []
    graph, rooms = call_graph(objects)
    for source, calls in sorted(graph.items()):
        for other, names in sorted(calls.items()):
            room, other_room = rooms[source], rooms[other]
            if room == "cli":
                names = [n for n in names
                         if not any(fnmatch.fnmatchcase(n, p)
                                    for p in exports)]
            if names and not allowed(room, other_room):
                problems.append(f"{source}: calls {sample(names)} of {other}: "
                                f"{why_not(room, other_room)}")
    for members in cycles(graph):
        pairs = [(a, b) for a in members for b in members
                 if a < b and b in graph[a] and a in graph[b]]
        lines = [f"{a} and {b} call each other: {a} calls "
                 f"{sample(graph[a][b])}, {b} calls {sample(graph[b][a])}"
                 for a, b in pairs]
        alone = [m for m in members if not any(m in p for p in pairs)]
        if alone:
            start = members.index(alone[0])
            rotated = members[start:] + members[:start]
            lines.append(f"{', '.join(members)} call each other in a "
                         f"circle: {' -> '.join(circle(graph, rotated))}")
        strict_cycle = all(rooms[m] in strict for m in members)
        (problems if strict_cycle else notes).extend(lines)
    return problems, notes


def main(argv):
    parser = argparse.ArgumentParser(
        description="passim's structure check: room rules and call cycles")
    parser.add_argument("--source", required=True,
                        help="the source tree (rooms as folders)")
    parser.add_argument("--objects", required=True,
                        help="file of ROOM<TAB>OBJECT lines")
    parser.add_argument("--strict", default=",".join(DEFAULT_STRICT),
                        help="rooms where files calling each other fail "
                             "the check (default: %(default)s)")
    args = parser.parse_args(argv)
    strict = {r for r in args.strict.split(",") if r}
    try:
        files = room_files(args.source)
        objects = read_objects(args.objects)
        for _, obj, _ in objects:
            if not os.path.exists(obj):
                raise ValueError(f"{obj}: no such object (built?)")
        problems = check_includes(args.source, files)
        call_problems, notes = check_calls(objects, strict,
                                           exported(args.source))
    except (OSError, ValueError, subprocess.CalledProcessError) as e:
        print(f"check.py: {e}", file=sys.stderr)
        return 2
    problems += call_problems
    for line in notes:
        print(f"note: {line}")
    for line in problems:
        print(line)
    print(f"structure: {len(files)} rooms, "
          f"{sum(len(p) for p in files.values())} files, {len(objects)} "
          f"objects: {len(problems)} problems, {len(notes)} notes",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
