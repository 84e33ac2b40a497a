"""Small graph routines shared by the path analysis and the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def back_edges(roots: Iterable[str], successors: Callable[[str], Iterable[str]]) -> set[tuple[str, str]]:
    """Edges that close a loop, found by an iterative depth-first search from ``roots`` in order.

    Removing them leaves the part reachable from the roots acyclic, which is what "count a loop
    once" needs: the path analysis lets a case take one of them, once.
    """
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in roots:
        if root in state:
            continue
        stack = [(root, iter(list(successors(root))))]
        state[root] = 1
        while stack:
            name, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    back.add((name, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(list(successors(child)))))
                    break
            else:
                state[name] = 2
                stack.pop()
    return back
