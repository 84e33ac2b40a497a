"""Which rules run, at which level, with which options: presets, ``.approvalnet.yaml`` files, flags.

A configuration file::

    extends: recommended            # a preset (recommended, strict, reform, capacity) or a path
    groups: {reform: default}       # a whole group: default (each rule's own level), off, or a level
    promote: {warning: error}       # raise every rule at one level to another
    rules:
      law/decision-limit: warning   # a level, or off
      law/supplement-deadline: {level: error, days: 3}     # level and options
      listing/required-fields: {ignore: ["drafts/*.yaml"]} # files (relative to this file) it skips

Presets are files of the same form under ``presets/``. Unknown keys, rules, levels and options are
errors, reported at their line and column.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _
from ..language.loader import read_yaml
from ..language.source import Loc, Problem, SourceMap
from .registry import GROUPS, LEVELS, Rule, all_rules

PRESETS = ("recommended", "strict", "reform", "capacity")
CONFIG_NAMES = (".approvalnet.yaml", ".approvalnet.yml")
CONFIG_ENV = "APPROVALNET_CONFIG"
_PRESET_DIR = Path(__file__).parent / "presets"
_TOP_KEYS = {"extends", "groups", "promote", "rules"}
_SETTINGS = ("default", "off", *LEVELS)


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class RuleSetting:
    level: str  # error, warning, info or off
    options: Any = None
    ignore: tuple[str, ...] = ()
    base: Path | None = None  # the folder that ignore patterns are relative to

    def ignores(self, file: str | Path) -> bool:
        if not self.ignore:
            return False
        path = Path(file).resolve()
        try:
            relative = path.relative_to(self.base).as_posix() if self.base else path.as_posix()
        except ValueError:
            relative = path.as_posix()
        return any(fnmatch.fnmatch(relative, pattern) for pattern in self.ignore)


@dataclass(frozen=True)
class Config:
    rules: dict[str, RuleSetting]
    sources: tuple[str, ...] = ()  # the files it was read from, most specific first
    notes: list[str] = field(default_factory=list)

    def enabled(self) -> list[tuple[Rule, RuleSetting]]:
        registry = all_rules()
        return [(registry[i], s) for i, s in self.rules.items() if s.level != "off"]

    def narrowed(self, select: list[str] | None, ignore: list[str] | None) -> Config:
        """Apply ``--select`` and ``--ignore``: rule ids or group prefixes (``law``, ``law/``)."""
        rules = dict(self.rules)
        registry = all_rules()
        for pattern in [*(select or []), *(ignore or [])]:
            if not _matching(pattern):
                raise ConfigError([Problem(Loc("<command line>"),
                    _("no rule or group matches '{pattern}'").format(pattern=pattern),
                                           "config")])
        if select:
            chosen = {r for p in select for r in _matching(p)}
            for rule_id in rules:
                setting = rules[rule_id]
                if rule_id not in chosen:
                    rules[rule_id] = dataclasses.replace(setting, level="off")
                elif setting.level == "off":
                    rules[rule_id] = dataclasses.replace(setting, level=registry[rule_id].level)
        for pattern in ignore or []:
            for rule_id in _matching(pattern):
                rules[rule_id] = dataclasses.replace(rules[rule_id], level="off")
        return Config(rules, self.sources, self.notes)


def _matching(pattern: str) -> list[str]:
    prefix = pattern.rstrip("/")
    return [r for r in all_rules() if r == prefix or r.startswith(prefix + "/")]


def find_config(start: Path) -> Path | None:
    """The nearest ``.approvalnet.yaml`` in ``start`` or a folder above it."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder.resolve(), *folder.resolve().parents]:
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                return path
    return None


def load_config(path: str | Path | None = None, *, near: Path | None = None) -> Config:
    """The configuration from ``path``, else ``$APPROVALNET_CONFIG``, else the nearest config file
    to ``near``, else the recommended preset."""
    if path is None and os.environ.get(CONFIG_ENV):
        path = os.environ[CONFIG_ENV]
    if path is None and near is not None:
        path = find_config(near)
    if path is None:
        return _resolve("recommended", None, ())
    path = Path(path)
    if not path.is_file():
        raise ConfigError([Problem(Loc(str(path)), _("configuration file not found"), "config")])
    return _resolve(str(path), None, ())


def preset(name: str) -> Config:
    """One of the shipped presets (``recommended``, ``strict``, ``reform``, ``capacity``)."""
    return _resolve(name, None, ())


def _resolve(name: str, relative_to: Path | None, seen: tuple[str, ...]) -> Config:
    """Read a preset or a file, with what it extends beneath it."""
    if name in PRESETS:
        path = _PRESET_DIR / f"{name}.yaml"
    else:
        path = (relative_to / name) if relative_to and not Path(name).is_absolute() else Path(name)
        if not path.is_file():
            presets = ", ".join(PRESETS)
            raise ConfigError([Problem(Loc(str(path)),
                _("cannot extend '{name}': not a preset ({presets}) nor a file").format(
                name=name, presets=presets), "config")])
    key = str(path.resolve())
    if key in seen:
        raise ConfigError([Problem(Loc(str(path)), _("configuration extends itself in a loop"), "config")])
    data, smap, problems = read_yaml(path.read_bytes(), str(path) if name not in PRESETS else f"preset:{name}")
    if problems:
        raise ConfigError(problems)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([Problem(smap.value_loc(()), _("a configuration must be a mapping"), "config")])
    errors: list[Problem] = []
    for key_name in data:
        if key_name not in _TOP_KEYS:
            errors.append(Problem(smap.key_loc((key_name,)), _("unknown key '{key}' (use {keys})").format(
                key=key_name, keys=", ".join(sorted(_TOP_KEYS))), "config"))
    registry = all_rules()
    base_name = data.get("extends", "recommended" if name != "recommended" else None)
    if base_name is not None and not isinstance(base_name, str):
        errors.append(Problem(smap.value_loc(("extends",)), _("'extends' names one preset or file"), "config"))
        base_name = None
    if base_name:
        base = _resolve(base_name, path.parent, (*seen, key))
        rules, sources = dict(base.rules), base.sources
    else:
        rules = {i: RuleSetting(r.level, r.default_options()) for i, r in registry.items()}
        sources = ()

    groups = data.get("groups") or {}
    for group, setting in _mapping(groups, ("groups",), smap, errors).items():
        if group not in GROUPS:
            errors.append(Problem(smap.key_loc(("groups", group)),
                _("unknown group '{group}'").format(group=group), "config"))
        elif setting not in _SETTINGS:
            errors.append(Problem(smap.value_loc(("groups", group)), _("'{setting}' is not one of {settings}").format(
                setting=setting, settings=", ".join(_SETTINGS)), "config"))
        else:
            for rule_id, rule in registry.items():
                if rule.group == group:
                    level = rule.level if setting == "default" else setting
                    rules[rule_id] = dataclasses.replace(rules[rule_id], level=level)

    for old, new in _mapping(data.get("promote") or {}, ("promote",), smap, errors).items():
        if old not in LEVELS or new not in LEVELS:
            errors.append(Problem(smap.key_loc(("promote", old)),
                _("promote maps a level ({levels}) to another").format(
                levels=", ".join(LEVELS)), "config"))
            continue
        rules = {i: dataclasses.replace(s, level=new) if s.level == old else s for i, s in rules.items()}

    for rule_id, value in _mapping(data.get("rules") or {}, ("rules",), smap, errors).items():
        where = ("rules", rule_id)
        if rule_id not in registry:
            close = [r for r in registry if r.split("/")[-1] == rule_id.split("/")[-1]]
            message = (_("unknown rule '{rule}' (did you mean '{close}'?)") if close else _("unknown rule '{rule}'"))
            errors.append(Problem(smap.key_loc(where), message.format(rule=rule_id, close=close[0] if close else ""),
                                  "config"))
            continue
        rules[rule_id] = _rule_setting(registry[rule_id], rules[rule_id], value, where, smap, path, errors)
    if errors:
        raise ConfigError(errors)
    own = () if name in PRESETS else (str(path),)
    return Config(rules, own + sources)


def _mapping(value: Any, where: tuple, smap: SourceMap, errors: list[Problem]) -> dict:
    if isinstance(value, dict):
        return value
    errors.append(Problem(smap.value_loc(where), _("'{key}' must be a mapping").format(key=where[-1]), "config"))
    return {}


def _rule_setting(rule: Rule, current: RuleSetting, value: Any, where: tuple, smap: SourceMap, path: Path,
                  errors: list[Problem]) -> RuleSetting:
    if isinstance(value, str) or value is None:
        value = {"level": value}
    if not isinstance(value, dict):
        errors.append(Problem(smap.value_loc(where),
            _("a rule takes a level (error, warning, info, off) or a mapping of level, ignore and "
                                                         "options"), "config"))
        return current
    level = value.get("level", current.level if current.level != "off" else rule.level)
    if level not in ("off", *LEVELS):
        errors.append(Problem(smap.value_loc((*where, "level")) if "level" in value else smap.value_loc(where),
                              _("'{level}' is not a level (error, warning, info, off)").format(level=level), "config"))
        level = current.level
    ignore = value.get("ignore", list(current.ignore))
    if not (isinstance(ignore, list) and all(isinstance(i, str) for i in ignore)):
        errors.append(Problem(smap.value_loc((*where, "ignore")), _("'ignore' is a list of file patterns"), "config"))
        ignore = []
    given = {k: v for k, v in value.items() if k not in ("level", "ignore")}
    options = current.options
    if given:
        options = _options(rule, current.options, given, where, smap, errors)
    return RuleSetting(level, options, tuple(ignore), path.parent.resolve() if ignore else current.base)


def _options(rule: Rule, current: Any, given: dict, where: tuple, smap: SourceMap, errors: list[Problem]) -> Any:
    if rule.options_type is None:
        for key in given:
            errors.append(Problem(smap.key_loc((*where, key)),
                _("rule '{rule}' has no options; it takes level and ignore").format(
                rule=rule.id), "config"))
        return current
    hints = typing.get_type_hints(rule.options_type)
    names = {f.name.replace("_", "-"): f.name for f in rule.option_fields()} | {f.name: f.name for f in
                                                                                 rule.option_fields()}
    changes = {}
    for key, val in given.items():
        name = names.get(key)
        if name is None:
            known = ", ".join(sorted(f.name for f in rule.option_fields()))
            errors.append(Problem(smap.key_loc((*where, key)),
                _("unknown option '{key}' for rule '{rule}' (options: {known})").format(
                key=key, rule=rule.id, known=known), "config"))
        elif not _fits(val, hints[name]):
            errors.append(Problem(smap.value_loc((*where, key)),
                _("option '{key}' of rule '{rule}' must be {kind}, got {value}").format(
                key=key, rule=rule.id, kind=_describe(hints[name]), value=repr(val)), "config"))
        else:
            changes[name] = tuple(val) if isinstance(val, list) and _is_tuple(hints[name]) else val
    return dataclasses.replace(current, **changes) if changes else current


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _fits(value: Any, tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in typing.get_args(tp))
    if tp is type(None):
        return value is None
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is str:
        return isinstance(value, str)
    if origin in (list, tuple):
        inner = typing.get_args(tp)[0]
        return isinstance(value, list | tuple) and all(_fits(v, inner) for v in value)
    if origin is typing.Literal:
        return value in typing.get_args(tp)
    return False


def _describe(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _(" or ").join(_describe(a) for a in typing.get_args(tp))
    if origin is typing.Literal:
        return _("one of {values}").format(values=", ".join(repr(a) for a in typing.get_args(tp)))
    if origin in (list, tuple):
        return _("a list of {kind}").format(kind=_describe(typing.get_args(tp)[0]))
    # the names of the option types, one noun phrase each
    names = {bool: _("true or false"), int: _("a whole number"), float: _("a number"), str: _("text"),
             type(None): _("null")}
    return names.get(tp, str(tp))
