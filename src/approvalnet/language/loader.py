"""Read a process file into a ``Process``, or into a list of problems at their lines and columns.

The file goes through three gates, each reporting every problem it finds:

1. bytes → YAML nodes: size limit, strict UTF-8, a YAML syntax check, exactly one document;
2. nodes → plain data: only the standard YAML tags (no objects are ever constructed from a tag),
   YAML 1.2 scalars (``no`` stays a string; only ``true``/``false`` are booleans), duplicate keys
   refused (PyYAML would silently keep the last one), alias expansion bounded (alias bombs);
3. data → ``Process``: the pydantic types in ``types.py``, then the cross-references and
   probabilities in ``semantics.py``.

PyYAML's composer builds nodes without constructing Python objects, so no code runs from a tag;
libyaml's C composer is used when PyYAML was built with it, for speed.
"""

from __future__ import annotations

import difflib
import re
import types as pytypes
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..i18n import N_, _
from . import fullwidth
from .semantics import check_semantics
from .source import LoadError, Loc, Problem, SourceMap, listing
from .types import DATE_PATTERN, OFFICE_PERIOD_PATTERN, Node, Process

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 100_000  # after alias expansion; a real process file has a few hundred
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {_STR, *(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "timestamp"))}
_PLAIN = "approvalnet:plain"  # a plain scalar, resolved by the YAML 1.2 rules below


class _Resolver(yaml.resolver.BaseResolver):
    """Marks plain scalars for our own YAML 1.2 resolution instead of PyYAML's YAML 1.1 one.

    PyYAML's resolver runs a dozen regular expressions on every scalar only for the result to be
    discarded; skipping it makes loading about a third faster.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                return _MERGE if value == "<<" else _PLAIN
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


try:  # libyaml, when PyYAML was built with it
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    _Parser = None
if _Parser is not None:

    class _Loader(_Parser, _Resolver):
        def __init__(self, stream: str):
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

else:  # pragma: no cover - pure-Python PyYAML

    class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,  # type: ignore[no-redef]
                  _Resolver):
        def __init__(self, stream: str):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver.__init__(self)

# YAML 1.2 core schema, for plain (unquoted) scalars.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)


def load(path: str | Path) -> Process:
    """Load one process file. Raises ``LoadError`` (with every problem found) if it is not valid."""
    process, problems = read_process(path)
    if process is None:
        raise LoadError(problems)
    return process


def read_process(path: str | Path) -> tuple[Process | None, list[Problem]]:
    """Load one file and return the process (or None) with the problems found."""
    data, problems = read_bytes(path)
    if data is None:
        return None, problems
    return parse_process(data, str(path))


def read_bytes(path: str | Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file of ours, or None and the problem (unreadable, or larger than any should be)."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, [Problem(Loc(name), _("cannot read file: {reason}").format(reason=error.strerror or error), "io")]
    if len(data) > MAX_FILE_BYTES:
        message = _("file is larger than {size} KiB; a process file is expected to be far smaller").format(
            size=MAX_FILE_BYTES // 1024)
        return None, [Problem(Loc(name), message, "too-large")]
    return data, []


def read_yaml(data: bytes | str, file: str) -> tuple[Any, SourceMap, list[Problem]]:
    """Safe, strict YAML (gates 1 and 2) for any of our files: the data, its positions, the problems.

    The data is ``None`` when the file could not be read as YAML at all.
    """
    smap = SourceMap(file)
    if isinstance(data, bytes):
        text, problem = _decode(data, file)
        if problem:
            return None, smap, [problem]
    else:
        text = data
    node, problems = _compose(text, file)
    if node is None:
        return None, smap, problems
    walker = _Walker(smap)
    walker.problems.extend(fullwidth.silent_problems(node, text, file))
    try:
        plain = walker.walk(node, ())
    except _Abort as abort:
        return None, smap, [*walker.problems, abort.problem]
    return plain, smap, walker.problems


def parse_process(data: bytes | str, file: str = "<string>") -> tuple[Process | None, list[Problem]]:
    """Parse the text of a process file; ``file`` is the name used in locations."""
    plain, smap, problems = read_yaml(data, file)
    if plain is None and problems:
        return None, problems
    if not isinstance(plain, dict):
        message = (_("a process file must be a mapping of keys (code, name, steps ...), not nothing (null)")
                   if plain is None else
                   _("a process file must be a mapping of keys (code, name, steps ...), not a {kind}").format(
                       kind=kind_of(plain)))
        problems.append(Problem(smap.value_loc(()), message, "type"))
        return None, problems
    try:
        process = Process.model_validate(plain)
    except ValidationError as error:
        problems.extend(translate_errors(error, plain, smap))
        # A misspelt key should not hide the file's other problems: without the unknown keys the
        # file may be well-typed, and then its references and probabilities can be checked too.
        rest = _without_unknown_keys(error, plain)
        if rest is not None:
            try:
                partial = Process.model_validate(rest)
            except ValidationError:
                return None, sort_problems(problems)
            attach_locations(partial, smap, ())
            problems.extend(check_semantics(partial))
        return None, sort_problems(problems)
    attach_locations(process, smap, ())
    problems.extend(check_semantics(process))
    if any(p.level == "error" for p in problems):
        return None, sort_problems(problems)
    return process, sort_problems(problems)


def _without_unknown_keys(error: ValidationError, data: dict) -> dict | None:
    """A copy of ``data`` without the keys pydantic did not know, when those were its only errors."""
    import copy

    errors = error.errors(include_url=False)
    if not errors or any(e["type"] != "extra_forbidden" for e in errors):
        return None
    rest = copy.deepcopy(data)
    for item in errors:
        path = _real_path(item["loc"], rest)
        if not path:
            return None
        parent = _get(rest, path[:-1])
        if not isinstance(parent, dict):
            return None
        parent.pop(path[-1], None)
    return rest


# --- gate 1: bytes → nodes ----------------------------------------------------------------------


def _decode(data: bytes, file: str) -> tuple[str, Problem | None]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Problem(Loc(file, 1, 1), _("file is UTF-16; save it as UTF-8"), "encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        message = _("file is not UTF-8 (byte {byte} cannot be decoded; GBK or GB18030 text must be "
                    "saved as UTF-8)").format(byte=f"0x{byte:02x}")
        return "", Problem(Loc(file, line, col), message, "encoding")


def _compose(text: str, file: str) -> tuple[yaml.Node | None, list[Problem]]:
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        explained = fullwidth.syntax_problems(text, error, file, _Loader, _compose)  # name：示例, typed in Chinese
        if explained is not None:
            return None, explained
        mark = error.problem_mark or error.context_mark
        where = Loc(file, *_pos(mark)) if mark else Loc(file, 1, 1)
        context, problem = (_yaml_words(part) for part in (error.context, error.problem))
        if context and problem:
            message = _("YAML syntax error: {context}; {problem}").format(context=context, problem=problem)
        else:
            message = _("YAML syntax error: {detail}").format(detail=context or problem)
        return None, [Problem(where, message, "syntax")]
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        return None, [Problem(Loc(file, 1, 1), _("YAML error: {detail}").format(detail=error), "syntax")]
    documents = [d for d in documents if d is not None]
    if not documents:
        return None, [Problem(Loc(file, 1, 1), _("file is empty: it holds no YAML document"), "empty")]
    if len(documents) > 1:
        second = documents[1]
        return None, [Problem(Loc(file, *_pos(second.start_mark)),
                              _("file holds several YAML documents; write one process per file"), "syntax")]
    return documents[0], []


# libyaml's and PyYAML's commonest words for a syntax error, translated when they are exactly these;
# the others (they name the character found, or are rare) are shown as the parser wrote them.
_YAML_WORDS = {
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a node"),
    N_("while parsing a block node"),
    N_("while parsing a flow node"),
    N_("while scanning a simple key"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a plain scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning an alias"),
    N_("while scanning an anchor"),
    N_("while scanning a tag"),
    N_("while scanning for the next token"),
    N_("did not find expected key"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("could not find expected ':'"),
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("block sequence entries are not allowed in this context"),
    N_("found character that cannot start any token"),
    N_("found unexpected end of stream"),
    N_("found unexpected document indicator"),
    N_("found undefined alias"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("did not find expected <document start>"),
    N_("expected <block end>, but found '<block mapping start>'"),
    N_("did not find expected alphabetic or numeric character"),
    N_("found undefined tag handle"),
}


def _yaml_words(part: Any) -> str:
    text = str(part) if part else ""
    return _(text) if text in _YAML_WORDS else text


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


# --- gate 2: nodes → plain data -----------------------------------------------------------------


class _Abort(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Walker:
    """Turns a node tree into dicts, lists and scalars, recording each position on the way."""

    def __init__(self, smap: SourceMap):
        self.smap = smap
        self.problems: list[Problem] = []
        self.budget = MAX_NODES

    def loc(self, node: yaml.Node) -> Loc:
        return Loc(self.smap.file, *_pos(node.start_mark))

    def walk(self, node: yaml.Node, path: tuple[str | int, ...]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Abort(Problem(self.loc(node), _("document expands to more than {count} nodes through "
                                 "aliases (an alias bomb?); write the values out").format(count=MAX_NODES),
                                 "alias-bomb"))
        if len(path) > MAX_DEPTH:
            raise _Abort(Problem(self.loc(node), _("document is nested more than {depth} levels deep "
                                 "(a recursive alias?)").format(depth=MAX_DEPTH), "alias-bomb"))
        self.smap.values[path] = _pos(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _SEQ)
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        self.check_tag(node, _MAP)
        return self.mapping(node, path)

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.problems.append(Problem(self.loc(node), _("tag {tag} is not allowed here; approvalnet's files "
                                         "use plain YAML values (no tags)").format(tag=_short_tag(node.tag)),
                                         "tag"))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag != _PLAIN and node.tag not in _SCALAR_TAGS:
            self.problems.append(Problem(self.loc(node), _("tag {tag} is not allowed; process files use plain "
                                         "YAML values").format(tag=_short_tag(node.tag)), "tag"))
            return node.value
        value: str = node.value
        if node.tag == _STR or node.style:  # quoted and block scalars are text
            return value
        if value[:1].isalpha() and value not in _WORDS:  # most plain scalars are words: skip the patterns
            return value
        if _NULL.match(value):
            return None
        if _BOOL.match(value):
            return value.lower() == "true"
        if _INT.match(value):
            digits = value.lstrip("+-")
            base = {"0x": 16, "0o": 8}.get(digits[:2], 10)
            return int(value.replace(digits, digits[2:]) if base != 10 else value, base)
        if _FLOAT.match(value):
            special = value.lstrip("+-").lower()
            if special in (".inf", ".nan"):
                return float(("-" if value.startswith("-") else "") + special[1:])
            return float(value)
        return value

    def mapping(self, node: yaml.MappingNode, path: tuple[str | int, ...]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        merged: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.merge(result, merged, value_node, path)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                message = (_("a key must be plain text, not a list") if isinstance(key_node, yaml.SequenceNode)
                           else _("a key must be plain text, not a mapping"))
                self.problems.append(Problem(self.loc(key_node), message, "type"))
                continue
            key = key_node.value
            if key in first_seen:
                first = first_seen[key].start_mark.line + 1
                self.problems.append(Problem(self.loc(key_node), _("duplicate key '{key}' (first at line {line}); "
                                             "YAML would silently keep only the last value").format(
                                                 key=key, line=first), "duplicate-key"))
                continue
            first_seen[key] = key_node
            merged.discard(key)
            self.smap.keys[(*path, key)] = _pos(key_node.start_mark)
            result[key] = self.walk(value_node, (*path, key))
        return result

    def merge(self, result: dict[str, Any], merged: set[str], value: yaml.Node, path: tuple) -> None:
        """``<<: *base`` copies the keys of ``base`` that the mapping does not write itself."""
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self.problems.append(Problem(self.loc(source), _("'<<' merges mappings only"), "type"))
                continue
            for key, item in self.mapping(source, path).items():
                if key not in result or key in merged:
                    result[key] = item
                    merged.add(key)


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


# --- gate 3: data → Process ---------------------------------------------------------------------

# What pydantic's error types expected, in words (marked here, translated where the message is made)
_EXPECTED = {
    "string_type": N_("text"),
    "list_type": N_("a list"),
    "dict_type": N_("a mapping"),
    "model_type": N_("a mapping"),
    "model_attributes_type": N_("a mapping"),
    "int_type": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "float_type": N_("a number"),
    "bool_type": N_("true or false"),
}


def translate_errors(error: ValidationError, data: dict, smap: SourceMap,
                     root: type[BaseModel] = Process) -> list[Problem]:
    """Turn pydantic's errors into problems at lines and columns, one per place (``root``: the file's type)."""
    by_place: dict[tuple, list[Any]] = {}
    for item in error.errors(include_url=False):
        path = _real_path(item["loc"], data)
        missing = _missing_key(item["loc"], path) if item["type"] == "missing" else None
        by_place.setdefault((path, missing), []).append(item)
    return [_problem(path, items, data, smap, root) for (path, _), items in by_place.items()]


def _real_path(loc: tuple, data: Any) -> tuple:
    """The part of pydantic's ``loc`` that exists in the data.

    pydantic inserts union member names (``str``, ``list[str]``, ``triangular``) into loc, and a
    missing key ends it; neither is in the data.
    """
    path: list[str | int] = []
    value = data
    for part in loc:
        if (isinstance(value, dict) and part in value) or (
            isinstance(value, list) and isinstance(part, int) and part < len(value)
        ):
            path.append(part)
            value = value[part]
    return tuple(path)


_PATTERN_MESSAGES = {
    OFFICE_PERIOD_PATTERN: N_("'{value}' is not an office period; write it as 'HH:MM-HH:MM', e.g. '09:00-12:00'"),
    DATE_PATTERN: N_("'{value}' is not a date; write it as 'YYYY-MM-DD', e.g. '2025-03-03'"),
}

_UNION_TAGS = {"str", "int", "float", "bool", "fixed", "exponential", "uniform", "triangular", "normal",
               "lognormal", "gamma", "empirical", "Outcome"}


def _problem(path: tuple, items: list[dict], data: dict, smap: SourceMap, root: type[BaseModel] = Process) -> Problem:
    value = _get(data, path)
    # Our own validators explain best; pydantic's other union members only add noise.
    items = [i for i in items if i["type"] == "value_error"] or items
    first = items[0]
    kind = first["type"]
    if kind == "missing":
        key = _missing_key(first["loc"], path)
        message = (_("missing required key '{key}' in {place}").format(key=key, place=_name(path)) if path
                   else _("missing required key '{key}'").format(key=key))
        return Problem(smap.value_loc(path), message, "missing-key")
    if kind == "extra_forbidden":
        key = path[-1]
        allowed = _allowed_keys(first["loc"][:-1], root)
        message = (_("unknown key '{key}' in {place}").format(key=key, place=_name(path[:-1])) if path[:-1]
                   else _("unknown key '{key}'").format(key=key))
        return Problem(smap.key_loc(path), message + suggest(key, allowed), "unknown-key")
    loc_here = smap.value_loc(path)
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", first["ctx"]["expected"])
        message = _("'{value}' is not one of: {choices}").format(value=value, choices=listing(expected))
        return Problem(loc_here, message + suggest(str(value), expected), "value")
    if kind == "union_tag_invalid":
        tags = re.findall(r"'([^']*)'", first["ctx"]["expected_tags"])
        tag = first["ctx"]["tag"]
        message = _("unknown distribution '{tag}'; use one of: {choices}").format(tag=tag, choices=listing(tags))
        return Problem(loc_here, message + suggest(tag, tags), "value")
    if kind == "union_tag_not_found":
        return Problem(loc_here, _("a duration given as a mapping needs 'distribution:' (fixed, exponential, "
                       "uniform, triangular, normal, lognormal, gamma, empirical)"), "missing-key")
    if kind == "value_error":
        return Problem(loc_here, first["msg"].removeprefix("Value error, "), "value")
    if kind == "string_pattern_mismatch":
        template = _PATTERN_MESSAGES.get(first["ctx"].get("pattern", ""))
        if template:
            return Problem(loc_here, _(template).format(value=value), "value")
        return Problem(loc_here, _("'{value}' is not a valid id: start with a letter, then letters, digits, "
                       "'-' or '_'").format(value=value), "value")
    if kind == "too_short":
        least = first.get("ctx", {}).get("min_length", 1)
        if least <= 1:
            return Problem(loc_here, _("{name} must not be empty").format(name=_name(path)), "value")
        return Problem(loc_here, _("{name} must have {least} entries at least, not {count}").format(
            name=_name(path), least=least, count=len(value)), "value")
    if kind == "too_long":
        most = first.get("ctx", {}).get("max_length")
        return Problem(loc_here, _("{name} must have {most} entries at most, not {count}").format(
            name=_name(path), most=most, count=len(value)), "value")
    if kind == "finite_number":
        return Problem(loc_here, _("{name} must be a finite number, not {value}").format(name=_name(path), value=value),
                       "value")
    if kind in ("greater_than_equal", "greater_than"):
        bound = first["ctx"].get("ge", first["ctx"].get("gt"))
        template = (_("{name} must be at least {bound}, got {value}") if kind == "greater_than_equal"
                    else _("{name} must be more than {bound}, got {value}"))
        return Problem(loc_here, template.format(name=_name(path), bound=bound, value=value), "value")
    expected = [_(_EXPECTED[i["type"]]) for i in items if i["type"] in _EXPECTED]
    if expected:
        wanted = ""
        for each in dict.fromkeys(expected):
            wanted = _("{first} or {second}").format(first=wanted, second=each) if wanted else each
        return Problem(loc_here, _("{name} must be {expected}, got {value}").format(
            name=_name(path), expected=wanted, value=_describe(value)), "type")
    # pydantic's own message, for the rare error types not worded above: it stays English
    return Problem(loc_here, _("{name}: {detail}").format(name=_name(path), detail=first["msg"]), "value")


def _missing_key(loc: tuple, path: tuple) -> str:
    return str(loc[-1])  # pydantic ends the loc of a missing key with the key itself


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _name(path: tuple) -> str:
    if not path:
        return _("the file")
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return f"'{text}'"


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'" if len(value) < 40 else _("text")
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return _("nothing (null)")
    if isinstance(value, int | float):
        return str(value)
    return kind_of(value)


_KINDS: dict[type, str] = {dict: N_("mapping"), list: N_("list"), str: N_("text")}


def kind_of(value: Any) -> str:
    """What ``value`` is, in words of the interface language (a Python type name for the rest)."""
    name = _KINDS.get(type(value))
    return _(name) if name else type(value).__name__


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    # a whole sentence of its own, put after the message it completes
    return _(" (did you mean '{word}'?)").format(word=close[0]) if close else ""


def _allowed_keys(loc: tuple, root: type[BaseModel] = Process) -> list[str]:
    """The keys allowed at ``loc``, found by following it through the types."""
    candidates: list[Any] = [root]
    for part in loc:
        nxt: list[Any] = []
        for tp in _flatten(candidates):
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                if part in tp.model_fields:
                    nxt.append(tp.model_fields[part].annotation)
                elif _tag_of(tp) == part:
                    nxt.append(tp)
            elif typing.get_origin(tp) is list and isinstance(part, int):
                nxt.extend(typing.get_args(tp)[:1])
            elif typing.get_origin(tp) is dict and isinstance(part, str):
                nxt.extend(typing.get_args(tp)[1:2])
        if nxt:
            candidates = nxt
        elif part not in _UNION_TAGS:
            return []
    keys: list[str] = []
    for tp in _flatten(candidates):
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            keys.extend(k for k in tp.model_fields if k not in keys)
    return keys


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("distribution")
    args = typing.get_args(field.annotation) if field else ()
    return args[0] if args else None


def _flatten(types: list[Any]) -> list[Any]:
    out: list[Any] = []
    for tp in types:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            out.extend(_flatten([typing.get_args(tp)[0]]))
        elif origin is typing.Union or origin is pytypes.UnionType:
            out.extend(_flatten(list(typing.get_args(tp))))
        else:
            out.append(tp)
    return out


def attach_locations(node: Any, smap: SourceMap, path: tuple) -> None:
    """Give every model object its source map and path, so that it can tell where it stands."""
    if isinstance(node, Node):
        if node.__pydantic_private__ is None:
            node.__pydantic_private__ = {}
        private = node.__pydantic_private__
        private["_src"] = smap
        private["_path"] = path
        children: Any = node.__dict__.items()
    elif isinstance(node, list):
        children = enumerate(node)
    elif isinstance(node, dict):
        children = node.items()
    else:
        return
    for key, child in children:
        if isinstance(child, Node | list | dict):
            attach_locations(child, smap, (*path, key))


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.loc.line, p.loc.col))


__all__ = [
    "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "LoadError", "load", "parse_process", "read_bytes", "read_process",
    "read_yaml",
]
