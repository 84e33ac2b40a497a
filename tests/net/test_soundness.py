"""Tests for approvalnet.net.soundness on the corpus in corpus.py, random nets, and woflan."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import warnings

import pytest
from corpus import BY_NAME, CASES, GROWTH, Case, build, grow, joint_review
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pm4py.objects.petri_net.obj import Marking, PetriNet
from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

from approvalnet.net._compiled import compile_net
from approvalnet.net._reduce import reduce_short_circuited
from approvalnet.net._statespace import explore
from approvalnet.net.soundness import (
    KINDS,
    SoundnessReport,
    _live_and_bounded,
    _soundness,
    _workflow_structure,
    soundness,
)


def check(name: str, **options: int) -> SoundnessReport:
    return soundness(*BY_NAME[name].build(), **options)


def only(report: SoundnessReport, kind: str):
    (diagnostic,) = report.of_kind(kind)
    return diagnostic


# --- every corpus net -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_verdict_and_kinds(case: Case) -> None:
    report = soundness(*case.build())
    assert report.sound is case.sound
    assert report.wf_net is case.wf_net
    assert {d.kind for d in report.diagnostics} == case.kinds
    assert all(d.kind in KINDS for d in report.diagnostics)
    assert report.sound is not True or not report.diagnostics
    assert report.elapsed >= 0


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_diagnostics_name_nodes_of_the_net(case: Case) -> None:
    net, im, fm = case.build()
    report = soundness(net, im, fm)
    transitions = {t.name for t in net.transitions}
    places = {p.name for p in net.places}
    for d in report.diagnostics:
        assert set(d.transitions) <= transitions
        assert set(d.places) <= places
        assert set(d.trace) <= transitions
        assert d.message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_json_round_trip(case: Case) -> None:
    data = soundness(*case.build()).to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert set(data) == {"sound", "wf_net", "method", "states", "diagnostics", "elapsed"}


@pytest.mark.parametrize("case", [c for c in CASES if c.name != "joint-review-10-entangled"], ids=lambda c: c.name)
def test_reduction_changes_nothing_but_the_work(case: Case) -> None:
    """With and without the reduction step, the same verdict and the same diagnostics."""
    net, im, fm = case.build()
    reduced = _soundness(net, im, fm, max_states=1_000_000, use_reduction=True)
    plain = _soundness(net, im, fm, max_states=1_000_000, use_reduction=False)
    assert reduced.sound == plain.sound
    assert reduced.diagnostics == plain.diagnostics


def test_results_do_not_depend_on_set_order() -> None:
    """pm4py keeps nodes in sets ordered by id(); rebuilt nets must give identical reports."""
    reports = [check("choice-mismatch").diagnostics for _ in range(5)]
    assert all(r == reports[0] for r in reports)


# --- sound nets: how they were decided ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["sequence-10", "xor-silent-skip", "and-2x2", "rework-loop", "loop-with-parallel-body", "joint-review-10"]
)
def test_block_structured_nets_reduce_completely(name: str) -> None:
    report = check(name)
    assert report.sound is True
    assert report.method == "reduction"
    assert report.states == 0


def test_non_free_choice_sound_net_needs_the_reduced_state_space() -> None:
    report = check("non-free-choice-sound")
    assert report.sound is True
    assert report.method == "reduction+state-space"
    assert 0 < report.states < 10


def test_irreducible_fragment_among_ten_departments_is_explored_small() -> None:
    report = check("joint-review-10-entangled")
    assert report.sound is True
    assert report.method == "reduction+state-space"
    assert report.states < 10
    # Without reduction the same net has millions of states.
    net, im, fm = BY_NAME["joint-review-10-entangled"].build()
    assert _soundness(net, im, fm, max_states=10_000, use_reduction=False).sound is None


def test_weighted_arcs_skip_reduction() -> None:
    report = check("weighted-sound")
    assert report.sound is True
    assert report.method == "state-space"


def test_twenty_departments_of_five_steps_in_under_a_second() -> None:
    net, im, fm = joint_review(20, 5)
    started = time.perf_counter()
    report = soundness(net, im, fm)
    assert time.perf_counter() - started < 1.0
    assert report.sound is True
    assert report.method == "reduction"


# --- unsound nets: what exactly is reported ------------------------------------------------------------


def test_exclusive_split_parallel_join_deadlocks() -> None:
    report = check("xor-split-and-join")
    deadlock = only(report, "deadlock")
    assert deadlock.trace == ("a",)  # shortest; 'b' is as short but comes second
    assert deadlock.places == ("pa",)
    assert deadlock.transitions == ("join",)
    assert "'join' needs 'pb'" in deadlock.message
    assert "2 such markings" in deadlock.message
    assert only(report, "dead-transition").transitions == ("join",)


def test_parallel_split_exclusive_join_completes_improperly() -> None:
    report = check("and-split-xor-join")
    improper = only(report, "improper-completion")
    assert improper.trace == ("split", "x", "end")
    assert improper.places == ("pb",)
    assert improper.transitions == ("end", "y")  # completed by 'end'; 'y' could still take the token


def test_early_end_leaves_a_branch_running() -> None:
    report = check("early-end")
    improper = only(report, "improper-completion")
    assert improper.trace == ("split", "a")
    assert improper.places == ("p2",)
    # Both branches end in the sink, which then holds two tokens and nothing can fire: that is the
    # same problem, not reported again as a deadlock.
    assert not report.of_kind("deadlock")


def test_two_tokens_in_the_sink() -> None:
    net, im, fm = build("i [a] o", weights={("a", "o"): 2})
    improper = only(soundness(net, im, fm), "improper-completion")
    assert improper.trace == ("a",)
    assert improper.places == ("o",)
    assert "tokens remain: a second token in 'o'" in improper.message


def test_unbounded_loop() -> None:
    report = check("unbounded-spawn")
    unbounded = only(report, "unbounded")
    assert unbounded.places == ("q",)
    assert unbounded.transitions == ("spawn",)
    assert unbounded.trace == ("start", "spawn")
    deadlock = only(report, "deadlock")
    assert deadlock.trace == ("start", "finish")
    assert deadlock.transitions == ("join",)
    # Which transitions are dead cannot be told from a pruned search; nothing is claimed.
    assert not report.of_kind("dead-transition")


def test_dead_transition_alone() -> None:
    report = check("dead-transition")
    dead = only(report, "dead-transition")
    assert dead.transitions == ("never",)
    assert dead.trace == ()
    assert "'never'" in dead.message


def test_livelock() -> None:
    report = check("livelock")
    livelock = only(report, "livelock")
    assert livelock.trace == ("a", "trap")
    assert livelock.transitions == ("spin", "spin_back")
    assert livelock.places == ("q",)
    assert only(report, "dead-transition").transitions == ("escape",)


def test_choice_mismatch_deadlock_trace() -> None:
    deadlock = only(check("choice-mismatch"), "deadlock")
    assert len(deadlock.trace) == 3
    assert deadlock.trace[0] == "split"
    first, second = deadlock.trace[1:]
    assert {first[0], second[0]} == {"a", "b"}
    assert first.endswith("_yes") != second.endswith("_yes")  # one branch said yes, the other no
    assert set(deadlock.places) in ({"y1", "n2"}, {"n1", "y2"})


def test_non_free_choice_unsound_deadlock() -> None:
    deadlock = only(check("non-free-choice-unsound"), "deadlock")
    assert deadlock.trace == ("split", "a", "f")
    assert deadlock.places == ("p3", "p6")
    assert set(deadlock.transitions) == {"d", "g"}


def test_unmarked_self_loop_place() -> None:
    report = check("self-loop-place-never-marked")
    assert only(report, "deadlock").transitions == ("b",)
    assert "'b' needs 'r'" in only(report, "deadlock").message
    assert only(report, "dead-transition").transitions == ("b",)


def test_faulty_department_in_a_joint_review() -> None:
    improper = only(check("joint-review-6-unsound"), "improper-completion")
    assert improper.trace == ("accept", "split", "d3_s1", "d3_s2", "d3_reject", "decide")
    assert improper.places == ("d1_0", "d2_0", "d4_0", "d5_0", "d6_0")


def test_messages_use_labels_and_fields_use_names() -> None:
    net = PetriNet("labels")
    i, pa, pb, o = (PetriNet.Place(n) for n in ("i", "pa", "pb", "o"))
    approve = PetriNet.Transition("t_approve", "审查通过")
    reject = PetriNet.Transition("t_reject", "驳回")
    join = PetriNet.Transition("t_join", None)
    for place in (i, pa, pb, o):
        net.places.add(place)
    for transition in (approve, reject, join):
        net.transitions.add(transition)
    for a, b in ((i, approve), (approve, pa), (i, reject), (reject, pb), (pa, join), (pb, join), (join, o)):
        add_arc_from_to(a, b, net)
    report = soundness(net, Marking({i: 1}), Marking({o: 1}))
    deadlock = only(report, "deadlock")
    assert deadlock.trace == ("t_approve",)
    assert "'审查通过'" in deadlock.message
    assert "'t_join'" in deadlock.message  # silent: shown by name
    assert deadlock.transitions == ("t_join",)


# --- not a workflow net, wrong markings ----------------------------------------------------------------


def test_two_sources() -> None:
    report = check("two-sources")
    assert report.method == "structure"
    assert only(report, "not-wf-net").places == ("i", "j")


def test_two_sinks() -> None:
    assert only(check("two-sinks"), "not-wf-net").places == ("o", "o2")


def test_disconnected_cycle() -> None:
    problems = check("disconnected-cycle").of_kind("not-wf-net")
    assert len(problems) == 2  # neither reachable from the source nor able to reach the sink
    for problem in problems:
        assert problem.places == ("x", "y")
        assert problem.transitions == ("u", "v")
    assert "cannot be reached from the source place" in problems[0].message
    assert "cannot reach the sink place" in problems[1].message


def test_transition_without_outputs() -> None:
    problem = only(check("sink-transition"), "not-wf-net")
    assert problem.transitions == ("drop",)
    assert "cannot reach the sink place" in problem.message


def test_isolated_place_is_a_second_source_and_sink() -> None:
    problems = check("isolated-place").of_kind("not-wf-net")
    assert [p.places for p in problems] == [("i", "lonely"), ("lonely", "o")]


@pytest.mark.parametrize(
    ("name", "places", "which"),
    [
        ("initial-two-tokens", ("i",), "initial"),
        ("initial-extra-token", ("p",), "initial"),
        ("final-not-sink", ("o", "p"), "final"),
    ],
)
def test_bad_markings(name: str, places: tuple[str, ...], which: str) -> None:
    report = check(name)
    problem = only(report, "bad-marking")
    assert problem.places == places
    assert problem.message.startswith(f"The {which} marking")
    assert report.method == "structure"


def test_marking_with_a_place_from_another_net() -> None:
    net, im, _ = build("i [a] o")
    stranger = PetriNet.Place("elsewhere")
    problem = only(soundness(net, im, Marking({stranger: 1})), "bad-marking")
    assert "elsewhere" in problem.places


def test_duplicate_names_are_rejected() -> None:
    net, im, fm = build("i [a] o")
    net.places.add(PetriNet.Place("i"))
    with pytest.raises(ValueError, match="duplicate place names: i"):
        soundness(net, im, fm)


# --- the state limit -------------------------------------------------------------------------------------


def test_state_limit_gives_unknown_never_a_pass() -> None:
    report = check("non-free-choice-sound", max_states=2)
    assert report.sound is None
    limit = only(report, "state-limit")
    assert "at most 2 per search" in limit.message
    assert "unknown" in limit.message


def test_state_limit_with_proven_problem_is_not_sound() -> None:
    net, im, fm = joint_review(20, 5, faulty=1)
    started = time.perf_counter()
    report = soundness(net, im, fm)
    assert time.perf_counter() - started < 2.0
    assert report.sound is False  # the reduced net proves it; the stubborn-set search shows how
    assert report.method == "reduction+state-space+stubborn-sets"
    improper = only(report, "improper-completion")
    # Shortened to what the early decision depends on, out of a trace through all 20 departments.
    assert improper.trace == ("accept", "split", *(f"d1_s{s}" for s in range(1, 6)), "d1_reject", "decide")
    assert len(improper.places) == 19
    limit = only(report, "state-limit").message
    assert "dead transitions and livelocks were not checked" in limit
    assert "at most 2000 per search" in limit
    assert "raise max_diagnostic_states" in limit


def test_diagnostic_budget_never_exceeds_the_state_limit() -> None:
    net, im, fm = joint_review(20, 5, faulty=1)
    report = soundness(net, im, fm, max_states=1_500)
    assert report.sound is False
    assert "at most 1500 per search; the net is not sound" in only(report, "state-limit").message
    assert "raise max_states" in only(report, "state-limit").message


def test_diagnostic_budget_does_not_limit_the_verdict() -> None:
    # Without the reduction, the verdict itself needs the search: max_states applies, not the budget.
    net, im, fm = BY_NAME["joint-review-6-unsound"].build()
    report = _soundness(net, im, fm, max_states=1_000_000, max_diagnostic_states=10, use_reduction=False)
    assert report.sound is False
    assert not report.of_kind("state-limit")


def test_stubborn_sets_keep_deadlocks_and_their_shortest_traces() -> None:
    # Choice mismatch in one pair of departments, eight more departments running alongside.
    chains = [
        "i [~split] p1 [a_yes] y1 [~join_yes] o",
        "p1 [a_no] n1 [~join_no] o",
        "[~split] p2 [b_yes] y2 [~join_yes]",
        "p2 [b_no] n2 [~join_no]",
    ]
    for d in range(8):
        chains.append(f"[~split] q{d} [w{d}] r{d} [~join_yes]")
        chains.append(f"r{d} [~join_no]")
    net, im, fm = build(*chains)
    full = soundness(net, im, fm)
    limited = soundness(net, im, fm, max_states=500)
    assert "stubborn-sets" in limited.method
    # The dead markings are reached only once all ten branches are done: 1 + 2 + 8 steps, in
    # whatever order the searches pick.
    by_full, by_stubborn = only(full, "deadlock"), only(limited, "deadlock")
    assert len(by_full.trace) == len(by_stubborn.trace) == 11
    assert sorted(by_full.trace) == sorted(by_stubborn.trace)
    assert by_full.places == by_stubborn.places


def test_bad_limit() -> None:
    with pytest.raises(ValueError):
        check("sequence-1", max_states=0)


def test_module_does_not_import_pm4py() -> None:
    code = "import sys, approvalnet.net.soundness; sys.exit('pm4py' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- random nets -------------------------------------------------------------------------------------------

operations = st.lists(
    st.tuples(st.sampled_from(GROWTH), st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=14
)


def reduced_verdict(net: PetriNet, im: Marking, fm: Marking) -> bool | None:
    """Liveness and boundedness of the reduced short-circuited net, which must equal soundness."""
    compiled, _ = compile_net(net)
    source, sink, problems = _workflow_structure(compiled)
    assert not problems and source is not None and sink is not None
    reduction = reduce_short_circuited(compiled, source, sink)
    if reduction.trivial:
        return True
    return _live_and_bounded(explore(reduction.net, reduction.initial, 100_000))


# derandomize: the same nets on every run, so CI never meets a net that only some runs would draw
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.filter_too_much], derandomize=True)
@given(operations)
def test_reduction_preserves_soundness_on_random_nets(ops: list[tuple[str, int, int]]) -> None:
    built = grow(ops)
    if built is None:
        return
    plain = _soundness(*built, max_states=100_000, use_reduction=False)
    if not plain.wf_net or plain.sound is None:
        return
    event(f"sound={plain.sound}")
    assert reduced_verdict(*built) == plain.sound
    reduced = _soundness(*built, max_states=100_000, use_reduction=True)
    assert (reduced.sound, reduced.diagnostics) == (plain.sound, plain.diagnostics)


# --- woflan -----------------------------------------------------------------------------------------------
# Compared only where woflan answers within seconds and means the same thing: it accepts an initial
# marking with two tokens in the source and a final marking elsewhere than the sink (it only looks at
# which places are marked), so the bad-marking cases are left out.


def woflan_verdict(net: PetriNet, im: Marking, fm: Marking) -> bool:
    from pm4py.algo.analysis.woflan import algorithm as woflan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # woflan warns about scipy's LP solver on place invariants
        return woflan.apply(net, im, fm, parameters={"print_diagnostics": False})


@pytest.mark.parametrize("case", [c for c in CASES if c.woflan], ids=lambda c: c.name)
def test_agrees_with_woflan(case: Case) -> None:
    net, im, fm = case.build()
    assert woflan_verdict(net, im, fm) == soundness(net, im, fm).sound


# woflan is exponential in time and memory: a random net with a large state space once took the
# whole machine's memory. It is asked only about nets whose full state space is small.
WOFLAN_MAX_STATES = 300


@settings(max_examples=500, deadline=None, derandomize=True)
@given(operations)
def test_agrees_with_woflan_on_random_nets(ops: list[tuple[str, int, int]]) -> None:
    built = grow(ops)
    if built is None:
        return
    ours = soundness(*built)
    plain = _soundness(*built, max_states=WOFLAN_MAX_STATES, use_reduction=False)
    if ours.wf_net and plain.states < WOFLAN_MAX_STATES:
        event(f"sound={ours.sound}")
        assert woflan_verdict(*built) == ours.sound
