"""The YAML writer (`formats/yaml_text.py`): whatever the data, the text parses and reads back the same.

YAML limits an implicit key (``key: value``) to 1024 characters; a name over that (a BPMN task
named at length, a long activity of a log) becomes an outcome key, and must then be written as an
explicit key (``? key`` / ``: value``). Characters a YAML reader refuses (C1 controls, U+FFFE),
reads as line breaks (NEL, LS, PS) or as a byte order mark must be escaped, in values and keys, and
comments must stay on their line.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from approvalnet.formats.yaml_text import IMPLICIT_KEY_MAX, dump_yaml, quote
from approvalnet.language.loader import read_yaml

NASTY = [
    "A" * 1100,  # over YAML's limit of an implicit key
    "中" * 1030,
    "😀" * 1023 + "x",
    "B" * (IMPLICIT_KEY_MAX - 2),  # just under the writer's limit, quotes included
    "emoji 😀 and 中文",
    'say "hi"', "it's", "a: b", "a:b", "# not a comment", "x # y", "- dash", "-", "? question", "?",
    "line\nbreak", "cr\rlf", "tab\there", "nel\x85x", "ls\u2028ps\u2029", "\ufeffbom", "c1 \x80\x9f", "del\x7f",
    "nul\x00", "bell\x07", "\ufffe\uffff", "null", "Null", "~", "true", "no", "yes", "on", "1", "0x1F", "1e3",
    "1_000", ".5", ".inf", "-.inf", ".nan", "2025-03-04", "12:30", "<<", "&anchor", "*alias", "!tag", "%directive",
    "@at", "`tick`", "{a: 1}", "[1, 2]", "a, b", "|", ">", "  leading", "trailing  ", "", " ", "\\", "\\u0041",
]


def loads(text: str) -> object:
    """The text read by the language's loader (the YAML 1.2 reader of `approvalnet validate`), which
    must find no problem."""
    data, _, problems = read_yaml(text, "written.yaml")
    assert problems == [], (problems, text[:300])
    return data


@pytest.mark.parametrize("name", NASTY, ids=range(len(NASTY)))
def test_a_nasty_name_round_trips_as_key_value_and_flow_item(name: str) -> None:
    data = {
        "steps": [{"id": "a", "name": name, "outcomes": {name: {"next": "b", "p": 0.5}, "other": {"end": "approved"}}},
                  {name: name, "short": 1}],  # a long key first in a list item: ``- ? key``
        name: [name, name],
        "flow": {name: 1} if len(name) < 20 else {"x": name},
    }
    text = dump_yaml(data, comments={("steps",): name, (name,): "note " + name}, header=[name, "second " + name])
    assert loads(text) == data
    yaml.safe_load(text)  # a YAML 1.1 reader (PyYAML's) parses it too


def test_a_long_key_is_written_as_an_explicit_key() -> None:
    key = "A" * 1100
    text = dump_yaml({"outcomes": {key: {"next": "b", "p": 0.25}, "short": {"end": "approved"}}})
    assert f"  ? {key}\n  : {{next: b, p: 0.25}}\n" in text
    assert "  short: {end: approved}\n" in text
    assert loads(text) == {"outcomes": {key: {"next": "b", "p": 0.25}, "short": {"end": "approved"}}}


def test_empty_lists_and_mappings_stay_empty_however_long_their_key() -> None:
    data = {"0" * 120: [], "x": {"y" * 120: {}}, "z": [[], {}]}
    assert loads(dump_yaml(data)) == data


def test_a_lone_surrogate_cannot_be_written_and_becomes_the_replacement_character() -> None:
    written = quote("a\ud800b")
    assert loads(f"k: {written}\n") == {"k": "a\ufffdb"}


TEXT = st.one_of(st.text(), st.text(min_size=1000, max_size=1100), st.sampled_from(NASTY))
SCALARS = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.dictionaries(TEXT, DATA, min_size=1, max_size=5), comment=TEXT, header=st.lists(TEXT, max_size=3))
def test_any_data_round_trips(data: dict, comment: str, header: list[str]) -> None:
    key = next(iter(data))
    text = dump_yaml(data, comments={(key,): comment}, header=header)
    assert loads(text) == data
    yaml.safe_load(text)
