"""Soundness of joint-review nets: approvalnet.net.soundness against pm4py's woflan.

A joint review is: source -> accept -> AND-split -> k departments in parallel, each a sequence of m
steps -> AND-join -> decide -> sink.  In the unsound variant department 1 ends in a choice: it
approves (on to the join) or rejects, and a rejection goes straight to the decision, past the join,
while the other departments are still working.

Every woflan run gets its own process, killed after --timeout seconds (woflan has no time limit of
its own).  Run from the repository root with the development environment installed:

    .venv/bin/python benchmarks/soundness.py            # everything, woflan up to 60 s per net
    .venv/bin/python benchmarks/soundness.py --quick    # no woflan for more than 6 departments
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import queue
import time
import warnings
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from approvalnet.net.soundness import soundness

SIZES = [(k, 5) for k in (2, 3, 4, 5, 6, 8, 10, 15, 20)] + [(5, 3), (6, 2)]


def joint_review(departments: int, steps: int, *, unsound: bool = False) -> tuple[Any, Any, Any]:
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    net = PetriNet(f"joint-review-{departments}x{steps}")

    def place(name: str) -> PetriNet.Place:
        p = PetriNet.Place(name)
        net.places.add(p)
        return p

    def transition(name: str, label: str | None) -> PetriNet.Transition:
        t = PetriNet.Transition(name, label)
        net.transitions.add(t)
        return t

    def chain(*nodes: Any) -> None:
        for a, b in pairwise(nodes):
            add_arc_from_to(a, b, net)

    source, accepted, joined, sink = place("source"), place("accepted"), place("joined"), place("sink")
    split, join = transition("split", None), transition("join", None)
    chain(source, transition("accept", "accept"), accepted, split)
    chain(join, joined, transition("decide", "decide"), sink)
    for d in range(1, departments + 1):
        previous = place(f"d{d}_ready")
        chain(split, previous)
        for s in range(1, steps + 1):
            done = place(f"d{d}_{s}")
            chain(previous, transition(f"d{d}_s{s}", f"department {d} step {s}"), done)
            previous = done
        if unsound and d == 1:
            approved = place("d1_approved")
            chain(previous, transition("d1_approve", "department 1 approves"), approved, join)
            chain(previous, transition("d1_reject", "department 1 rejects"), joined)
        else:
            chain(previous, join)
    return net, Marking({source: 1}), Marking({sink: 1})


def _woflan_child(departments: int, steps: int, unsound: bool, results: Any) -> None:
    from pm4py.algo.analysis.woflan import algorithm as woflan

    net, im, fm = joint_review(departments, steps, unsound=unsound)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Stopping at the first failed check is woflan's fastest mode (what pm4py.check_soundness uses).
        verdict = woflan.apply(net, im, fm, parameters={"print_diagnostics": False, "return_asap_when_not_sound": True})
    results.put((bool(verdict), time.perf_counter() - started))


def run_woflan(departments: int, steps: int, unsound: bool, timeout: float) -> tuple[bool, float] | None:
    """(verdict, seconds inside woflan), or None if it did not finish in time."""
    # fork shares the already imported pm4py (2 s to import) with the child.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    results = context.Queue()
    child = context.Process(target=_woflan_child, args=(departments, steps, unsound, results), daemon=True)
    child.start()
    try:
        return results.get(timeout=timeout)
    except queue.Empty:
        return None
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def run_ours(departments: int, steps: int, unsound: bool, max_states: int) -> tuple[bool | None, float, str, int]:
    """Best of up to three runs (fewer if one run takes more than a second)."""
    net, im, fm = joint_review(departments, steps, unsound=unsound)
    times = []
    while len(times) < 3 and sum(times) < 1.0:
        started = time.perf_counter()
        report = soundness(net, im, fm, max_states=max_states)
        times.append(time.perf_counter() - started)
    return report.sound, min(times), report.method, report.states


@dataclass
class Row:
    variant: str
    k: int
    m: int
    places: int
    transitions: int
    ours: float
    verdict: bool | None
    method: str
    states: int
    woflan: tuple[bool, float] | None
    woflan_skipped: bool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip woflan for more than 6 departments")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per woflan run (default 60)")
    parser.add_argument("--max-states", type=int, default=1_000_000, help="state limit for approvalnet")
    args = parser.parse_args()

    import pm4py
    from pm4py.algo.analysis.woflan import algorithm as woflan  # noqa: F401  imported once, before forking

    print(
        f"Python {platform.python_version()}, pm4py {pm4py.__version__}, {os.cpu_count()} CPUs; "
        f"woflan timeout {args.timeout:g} s; approvalnet max_states {args.max_states}"
    )
    print(_header())
    rows = []
    for unsound in (False, True):
        for k, m in SIZES:
            net, _, _ = joint_review(k, m, unsound=unsound)
            verdict, seconds, method, states = run_ours(k, m, unsound, args.max_states)
            skip = args.quick and k > 6
            result = None if skip else run_woflan(k, m, unsound, args.timeout)
            row = Row(
                "unsound" if unsound else "sound",
                k,
                m,
                len(net.places),
                len(net.transitions),
                seconds,
                verdict,
                method,
                states,
                result,
                skip,
            )
            rows.append(row)
            print(_format(row, args.timeout), flush=True)

    disagreements = [r for r in rows if r.woflan is not None and r.woflan[0] != r.verdict]
    print(f"\nverdicts that differ from woflan: {len(disagreements)}")
    slowest = max(r.ours for r in rows)
    print(f"slowest approvalnet run: {slowest:.3f} s")
    # Issue 18: at least woflan's speed on every net it answered, sound or not (a net woflan did not
    # finish within the timeout counts as one approvalnet is faster on).
    timed = [r for r in rows if r.woflan is not None]
    behind = [r for r in timed if r.ours > r.woflan[1]]
    worst = min((r.woflan[1] / r.ours for r in timed), default=float("nan"))
    print(f"nets where approvalnet is slower than woflan: {len(behind)} of {len(timed)} timed "
          f"(lowest speed-up {worst:,.1f}x); " + ("at least woflan's speed on every net: yes" if not behind
                                                  else "at least woflan's speed on every net: NO"))


def _header() -> str:
    return (
        f"{'variant':8} {'k':>3} {'m':>2} {'P':>4} {'T':>4} {'ours s':>9} {'ours':>6} {'method':36} "
        f"{'states':>8} {'woflan s':>9} {'woflan':>7} {'agree':>5} {'speed-up':>10}"
    )


def _format(row: Row, timeout: float) -> str:
    if row.woflan_skipped:
        woflan_seconds, woflan_verdict, agree, speedup = "skipped", "-", "-", "-"
    elif row.woflan is None:
        woflan_seconds, woflan_verdict, agree = f">{timeout:g} s", "?", "-"
        speedup = f">{timeout / row.ours:,.0f}x"
    else:
        verdict, seconds = row.woflan
        woflan_seconds, woflan_verdict = f"{seconds:.3f}", str(verdict)
        agree = "yes" if verdict == row.verdict else "NO"
        speedup = f"{seconds / row.ours:,.1f}x"
    return (
        f"{row.variant:8} {row.k:>3} {row.m:>2} {row.places:>4} {row.transitions:>4} {row.ours:>9.4f} "
        f"{row.verdict!s:>6} {row.method:36} {row.states:>8} {woflan_seconds:>9} {woflan_verdict:>7} "
        f"{agree:>5} {speedup:>10}"
    )


if __name__ == "__main__":
    main()
