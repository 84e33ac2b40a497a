"""Replications added later are the runs asked for all at once (``replicate_many``'s ``first``)."""

from __future__ import annotations

from dataclasses import replace

from approvalnet.language.loader import load
from approvalnet.sim.engine import compile_model, single
from approvalnet.sim.kpis import default_rate
from approvalnet.sim.replicate import replicate_many


def test_replications_from_first_are_those_of_one_request() -> None:
    model = compile_model(load("examples/joint-review.yaml"))
    system = single(replace(model, per_workday=default_rate(model)))  # the file gives no arrivals
    (all_at_once, _), = replicate_many([system], days=8, cases=None, seed=3, replications=4, warmup_days=0)
    (first_two, _), = replicate_many([system], days=8, cases=None, seed=3, replications=2, warmup_days=0)
    (last_two, _), = replicate_many([system], days=8, cases=None, seed=3, replications=2, warmup_days=0, first=2)
    runs = [*first_two, *last_two]
    assert [list(r.case_end) for r in runs] == [list(r.case_end) for r in all_at_once]
    assert [r.step_wait for r in runs] == [r.step_wait for r in all_at_once]
    assert len({tuple(r.step_work) for r in runs}) == 4  # four different runs, not one repeated
