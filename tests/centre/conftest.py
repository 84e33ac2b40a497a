"""Small centres written into a temporary folder: items of one step each, round the clock."""

from __future__ import annotations

from pathlib import Path

import pytest


def item_text(code: str, *, lane_kind: str = "window", lane_id: str = "desk", mean: str = "10 min",
              organ: str = "某局", distribution: str = "exponential") -> str:
    return f"""code: "{code}"
name: 事项{code}
type: administrative-licensing
authority: {{name: {organ}}}
handling: commitment
time_limit: {{statutory: 20 workdays, promised: 1 workday}}
lanes:
  {lane_id}: {{name: 办理岗, kind: {lane_kind}, staff: 1}}
steps:
  - {{id: serve, name: 办理, lane: {lane_id}, duration: {{distribution: {distribution}, mean: {mean}}}, end: approved}}
"""


ROUND_THE_CLOCK = """calendar: {office_hours: ["00:00-24:00"], holidays: none, weekends: false}"""


@pytest.fixture
def make_centre(tmp_path: Path):
    """Write item files and a centre file; return the centre's path."""

    def make(centre: str, items: dict[str, str]) -> Path:
        for name, text in items.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        path = tmp_path / "centre.yaml"
        path.write_text(centre, encoding="utf-8")
        return path

    return make
