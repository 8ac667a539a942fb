#!/usr/bin/env python3
"""Import graph of the crate's modules, from `crate::`, `super::` and `self::` paths in src/.

Prints the strongly connected components (import circles) with more than one member, at two
levels: top-level modules (`analysis`, `rules`, ...) and files (`lsp::features`, ...).
Usage: python3 tools/module_graph.py [SRC_DIR]   (exit 1 when there is a circle)
"""
import os
import re
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "src"


def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if rel[-1] == "mod":
        rel = rel[:-1]
    if rel in (["lib"], ["main"]):
        return ()
    return tuple(rel)


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    # Unit tests are not part of the module graph's layering.
    text = re.sub(r"#\[cfg\(test\)\]\s*mod\s+tests\s*\{.*", "", text, flags=re.S)
    return text


def expand(prefix, body):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]"""
    out = []
    depth, start, parts = 0, 0, []
    for i, ch in enumerate(body):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    for p in parts:
        p = p.strip()
        if not p:
            continue
        m = re.match(r"^([\w:]*?)(?:::)?\{(.*)\}$", p, flags=re.S)
        if m:
            out += expand(prefix + [s for s in m.group(1).split("::") if s], m.group(2))
        else:
            p = re.sub(r"\s+as\s+\w+$", "", p)
            out.append(prefix + [s for s in p.split("::") if s])
    return out


def paths_in(text):
    text = strip(text)
    found = []
    for m in re.finditer(r"\buse\s+((?:crate|super|self)\b[^;]*);", text):
        found += expand([], m.group(1))
    for m in re.finditer(r"(?<![\w:])((?:crate|super)(?:::\w+)+)", text):
        found.append(m.group(1).split("::"))
    return found


def main():
    files = {}
    for root, _, names in os.walk(SRC):
        for n in names:
            if n.endswith(".rs"):
                p = os.path.join(root, n)
                files[module_of(p)] = p
    modules = set(files)
    edges = {m: set() for m in modules}
    for m, p in files.items():
        is_mod = p.endswith("mod.rs") or m == ()
        here = m if is_mod else m[:-1]  # the module `self` names the file's own scope
        with open(p, encoding="utf-8") as f:
            text = f.read()
        for segs in paths_in(text):
            base = list(m)
            if segs[0] == "crate":
                base, segs = [], segs[1:]
            elif segs[0] == "self":
                base, segs = list(m), segs[1:]
            elif segs[0] == "super":
                base = list(m)
                while segs and segs[0] == "super":
                    base = base[:-1]
                    segs = segs[1:]
            full = base + segs
            target = ()
            for k in range(len(full), 0, -1):
                if tuple(full[:k]) in modules:
                    target = tuple(full[:k])
                    break
            if target and target != m:
                edges[m].add(target)
    bad = False
    for level in ("top-level modules", "files"):
        if level == "files":
            g = {k: {t for t in v} for k, v in edges.items()}
        else:
            g = {}
            for k, v in edges.items():
                if not k:
                    continue
                g.setdefault(k[:1], set())
                for t in v:
                    if t[:1] != k[:1]:
                        g[k[:1]].add(t[:1])
        sccs = tarjan(g)
        circles = [sorted("::".join(x) for x in c) for c in sccs if len(c) > 1]
        print(f"{level}: {len(circles)} circle(s)")
        for c in sorted(circles):
            bad = True
            print("  " + " <-> ".join(c))
            for a in c:
                for b in c:
                    ta, tb = tuple(a.split("::")), tuple(b.split("::"))
                    if tb in g.get(ta, ()):
                        print(f"      {a} -> {b}")
    sys.exit(1 if bad else 0)


def tarjan(g):
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(comp)

    for v in list(g):
        if v not in index:
            visit(v)
    return out


if __name__ == "__main__":
    main()
