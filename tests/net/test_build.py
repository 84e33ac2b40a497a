"""Process files become deterministic WF-nets of pm4py objects; PNML round-trips through pm4py."""

from __future__ import annotations

import json
from pathlib import Path

import pm4py
import pytest
from pm4py.objects.petri_net.obj import Marking, PetriNet

import approvalnet
from approvalnet.net.export import to_dot, to_json, to_pnml
from conftest import shipped_processes

ROOT = Path(__file__).resolve().parents[2]
FILES = shipped_processes([str(ROOT / "processes"), str(ROOT / "examples")])


def shape(net: PetriNet, initial: Marking, final: Marking) -> tuple:
    """Everything that makes two nets the same net, by node names."""
    return (
        sorted(p.name for p in net.places),
        sorted((t.name, t.label) for t in net.transitions),
        sorted((a.source.name, a.target.name, a.weight) for a in net.arcs),
        sorted((p.name, n) for p, n in initial.items()),
        sorted((p.name, n) for p, n in final.items()),
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shipped_file_converts_to_a_sound_wf_net(path: Path) -> None:
    process = approvalnet.load(path)
    net, initial, final = approvalnet.to_petri_net(process)
    assert isinstance(net, PetriNet) and isinstance(initial, Marking)
    sources = [p for p in net.places if not p.in_arcs]
    sinks = [p for p in net.places if not p.out_arcs]
    assert [p.name for p in sources] == ["source"] and [p.name for p in sinks] == ["sink"]
    assert dict(initial) == {sources[0]: 1} and dict(final) == {sinks[0]: 1}
    labelled = {t.properties["step"]: t for t in net.transitions if t.label is not None}
    assert set(labelled) == {s.id for s in process.steps}  # one labelled transition per step
    for step in process.steps:
        t = labelled[step.id]
        assert t.label == step.name and t.properties["loc"] == step.loc and t.properties["lane"] == step.lane
    report = approvalnet.soundness(net, initial, final)
    assert report.sound is True, report.diagnostics


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pnml_is_deterministic_and_round_trips_through_pm4py(path: Path, tmp_path: Path) -> None:
    process = approvalnet.load(path)
    first = approvalnet.to_petri_net(process)
    second = approvalnet.to_petri_net(approvalnet.load(path))
    assert shape(*first) == shape(*second)
    text = to_pnml(*first)
    assert text == to_pnml(*second)
    out = tmp_path / "net.pnml"
    out.write_text(text, encoding="utf-8")
    back = pm4py.read_pnml(str(out))
    assert shape(*back) == shape(*first)


def test_mapping_of_constructs(root: Path) -> None:
    net, _initial, _final = approvalnet.to_petri_net(approvalnet.load(root / "examples/joint-review.yaml"))
    places = {p.name: p for p in net.places}
    transitions = {t.name: t for t in net.transitions}
    # a loop leads back to the first step, so a silent start transition keeps the source without inputs
    assert {a.target.name for a in places["source"].out_arcs} == {"t.start"}
    # parallel split: one transition, three output places
    assert {a.target.name for a in transitions["t.accept"].out_arcs} == {
        "p.fire-review", "p.planning-review", "p.health-review"}
    # parallel join: one input place per incoming branch
    assert {a.source.name for a in transitions["t.decide"].in_arcs} == {
        "p.decide.from.fire-review", "p.decide.from.expert-review", "p.decide.from.health-review"}
    # exclusive choice: a choice place and one silent transition per outcome, carrying p
    outcomes = {a.target.name for a in places["p.check.choice"].out_arcs}
    assert outcomes == {"t.check.complete", "t.check.incomplete", "t.check.outside-remit"}
    assert transitions["t.check.incomplete"].label is None
    assert transitions["t.check.incomplete"].properties["p"] == 0.15
    # every outcome flows into the one sink through a silent end transition
    assert {a.source.name for a in places["sink"].in_arcs} == {"t.end.approved", "t.end.refused",
                                                                "t.end.not-accepted"}


def test_unsafe_outcome_names_get_positional_suffixes(tmp_path: Path, root: Path) -> None:
    text = (root / "examples/minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("complete: {next: review", "材料齐全: {next: review").replace(
        "not-accepted: {end", "不予受理: {end")
    path = tmp_path / "cn.yaml"
    path.write_text(text, encoding="utf-8")
    net, _, _ = approvalnet.to_petri_net(approvalnet.load(path))
    routes = {t.name: t.properties["outcome"] for t in net.transitions if t.properties.get("role") == "outcome"}
    assert routes == {"t.check.o1": "材料齐全", "t.check.o2": "不予受理"}


def test_json_and_dot_are_deterministic_and_complete(root: Path) -> None:
    process = approvalnet.load(root / "examples/minimal.yaml")
    petri = approvalnet.to_petri_net(process)
    data = to_json(*petri)
    assert json.dumps(data, ensure_ascii=False) == json.dumps(to_json(*approvalnet.to_petri_net(process)),
                                                              ensure_ascii=False)
    assert data["initial_marking"] == {"source": 1} and data["final_marking"] == {"sink": 1}
    review = next(t for t in data["transitions"] if t["id"] == "t.review")
    assert review["label"] == "审查" and review["step"] == "review" and review["loc"].endswith("minimal.yaml:22:5")
    assert len(data["arcs"]) == len(petri[0].arcs)
    dot = to_dot(*petri)
    assert dot == to_dot(*approvalnet.to_petri_net(process))
    assert '"t.review" [shape=box, style=rounded, label="审查"' in dot
    assert '"source" -> "t.receive";' in dot


def test_dot_escapes_labels() -> None:
    net = PetriNet('a "quoted" net')
    source, sink = PetriNet.Place("source"), PetriNet.Place("sink")
    t = PetriNet.Transition("t", 'say "hi"\\ now\nnext: <b>')
    net.places.update({source, sink})
    net.transitions.add(t)
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    add_arc_from_to(source, t, net)
    add_arc_from_to(t, sink, net)
    dot = to_dot(net, Marking({source: 1}), Marking({sink: 1}))
    assert 'digraph "a \\"quoted\\" net"' in dot
    assert 'label="say \\"hi\\"\\\\ now\\nnext: <b>"' in dot
