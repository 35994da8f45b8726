#!/usr/bin/env python3
"""Prints the include graph between the folders of models/ and fails if it has a cycle.

Each folder of models/ (core, population, network, ...) may include only folders that do not
include it back, directly or through others: the model's parts stay layered. Run by CTest
(models_include_graph_acyclic); usage: include_graph.py SOURCE_DIR
"""
import pathlib
import re
import sys


def folder_graph(models):
    edges = {}
    for path in sorted(models.glob("*/*.[ch]pp")):
        src = path.parent.name
        edges.setdefault(src, set())
        for dst in re.findall(r'#include "models/([a-z_]+)/', path.read_text()):
            if dst != src:
                edges[src].add(dst)
    return edges


def find_cycle(edges):
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt, path + [nxt])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            cycle = visit(node, [node])
            if cycle:
                return cycle
    return None


def main():
    if len(sys.argv) != 2:
        print("usage: include_graph.py SOURCE_DIR", file=sys.stderr)
        return 2
    models = pathlib.Path(sys.argv[1]) / "models"
    flat = sorted(p.name for p in models.glob("*.[ch]pp"))
    edges = folder_graph(models)
    for src in sorted(edges):
        print(f"{src} -> {', '.join(sorted(edges[src])) or '(sim only)'}")
    if flat:
        print(f"error: files outside a folder of models/: {', '.join(flat)}", file=sys.stderr)
        return 1
    cycle = find_cycle(edges)
    if cycle:
        print(f"error: include cycle between folders: {' -> '.join(cycle)}", file=sys.stderr)
        return 1
    print(f"{len(edges)} folders, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
