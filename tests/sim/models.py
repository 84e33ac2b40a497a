"""Small processes for the simulator's tests, written as YAML text."""

from __future__ import annotations

from approvalnet.language.loader import parse_process
from approvalnet.language.types import Process

ROUND_THE_CLOCK = """
simulation:
  arrivals: {per_workday: %s}
  calendar: {office_hours: ["00:00-24:00"], holidays: none, weekends: false}
"""


def process(lanes: str, steps: str, per_workday: float, extra: str = "") -> Process:
    text = f"""code: "SIM-1"
name: 仿真测试
type: administrative-licensing
authority: {{name: 某局}}
handling: commitment
time_limit: {{statutory: 20, promised: 10}}
lanes:
{lanes}
steps:
{steps}
{extra or ROUND_THE_CLOCK % per_workday}"""
    result, problems = parse_process(text, "sim-test.yaml")
    assert result is not None, "\n".join(map(str, problems))
    return result


def mmc(arrivals_per_minute: float, mean_service: float, servers: int) -> Process:
    """One step, ``servers`` staff, exponential arrivals and service, a 24-hour 7-day calendar."""
    return process(f"  desk: {{name: 窗口, kind: window, staff: {servers}}}",
                   f"  - {{id: serve, name: 办理, lane: desk, duration: {{distribution: exponential, "
                   f"mean: {mean_service} min}}, end: approved}}",
                   arrivals_per_minute * 1440)


