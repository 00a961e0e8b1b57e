#!/usr/bin/env python3
"""The source folders must form a stack: no folder may reach itself through the #include "..." lines.

Prints the graph (one line per folder, lowest layers first) and exits 1 naming a cycle if there is one.
docs/architecture.md draws the same stack.
"""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SOURCE_DIRS = ['channels', 'ui', 'app']
INCLUDE_PATHS = ['channels', 'ui', 'ui/include']
INCLUDE = re.compile(r'\s*#\s*include\s+"([^"]+)"')


def folder_of(path):
    return os.path.relpath(os.path.dirname(path), ROOT)


def resolve(including_dir, name):
    candidates = [os.path.join(including_dir, name)] + [os.path.join(ROOT, p, name) for p in INCLUDE_PATHS]
    for c in candidates:
        if os.path.isfile(c):
            return os.path.normpath(c)
    return None


def graph():
    edges = {}
    for top in SOURCE_DIRS:
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if not f.endswith(('.h', '.cpp')):
                    continue
                src = os.path.join(dirpath, f)
                with open(src, encoding='utf-8', errors='replace') as fh:
                    for line in fh:
                        m = INCLUDE.match(line)
                        target = m and resolve(dirpath, m.group(1))
                        if target and folder_of(target) != folder_of(src):
                            edges.setdefault(folder_of(src), {}).setdefault(folder_of(target), src)
    return edges


def find_cycle(edges):
    state = {}
    stack = []

    def visit(node):
        state[node] = 'open'
        stack.append(node)
        for nxt in sorted(edges.get(node, {})):
            if state.get(nxt) == 'open':
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 'done'
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def layers(edges):
    depth = {}

    def d(node):
        if node not in depth:
            depth[node] = 0
            depth[node] = 1 + max((d(n) for n in edges.get(node, {})), default=-1)
        return depth[node]

    nodes = set(edges) | {n for e in edges.values() for n in e}
    return sorted(nodes, key=lambda n: (d(n), n)), depth


def main():
    edges = graph()
    cycle = find_cycle(edges)
    if cycle:
        print('folder include cycle: ' + ' -> '.join(cycle))
        for a, b in zip(cycle, cycle[1:]):
            print(f'  {a} -> {b}: {os.path.relpath(edges[a][b], ROOT)}')
        return 1
    order, depth = layers(edges)
    for n in order:
        print(f'{depth[n]}  {n:20} -> {" ".join(sorted(edges.get(n, {}))) or "(Qt only)"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
