"""The ``[tool.paramlint]`` table: parsed, checked key by key, and resolved per file and model.

Every key is validated: an unknown key, a wrong type, a negative budget or an unparseable size is
a :class:`ConfigError` that names the file, the key and what was expected, so a typo can never
silently disable a budget. Reading files and walking folders is the command line's job; this
module only turns TOML data into a :class:`Config`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, fields, replace
from fnmatch import fnmatch
from pathlib import PurePosixPath
from types import ModuleType
from typing import Any

from paramlint.analyzer.layers.base import DTYPE_BYTES

from .base import Budgets


def _toml() -> ModuleType:
    """The TOML parser, imported when a config is read: most runs have none to parse."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


CONFIG_FILES = ("paramlint.toml", ".paramlint.toml", "pyproject.toml")
# What ``paramlint check --output-format`` (and the ``output-format`` key) accept.
OUTPUT_FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit", "markdown")


class ConfigError(Exception):
    """A config value paramlint refuses; the message says where, which key and what was expected."""


@dataclass(frozen=True)
class ModelOverride:
    """A ``[[tool.paramlint.models]]`` entry: budgets and facts for the models it matches."""

    name: str | None = None
    path: str | None = None
    budgets: dict[str, Any] = field(default_factory=dict)
    input_shape: tuple[int | None, ...] | None = None
    assume: dict[str, int] = field(default_factory=dict)

    def matches(self, model_names: tuple[str | None, ...], relative_path: str) -> bool:
        if self.name is not None and self.name not in model_names:
            return False
        return self.path is None or glob_match(relative_path, self.path)


@dataclass(frozen=True)
class Config:
    source: str = "<defaults>"  # the file it came from
    root: str = "."  # globs are relative to this folder
    include: tuple[str, ...] = ("*.py", "*.ipynb")
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dtype: str | None = None
    budgets: Budgets = field(default_factory=Budgets)
    models: tuple[ModelOverride, ...] = ()
    output_format: str | None = None  # None: text
    fail_on_increase: float | None = None  # percent a model may grow since the base revision

    def budgets_for(self, model_names: tuple[str | None, ...], relative_path: str) -> Budgets:
        budgets = self.budgets
        for override in self.models:
            if override.matches(model_names, relative_path):
                budgets = replace(budgets, **override.budgets)
        return budgets

    def override_for(
        self, model_names: tuple[str | None, ...], relative_path: str
    ) -> ModelOverride | None:
        found = None
        for override in self.models:
            if override.matches(model_names, relative_path):
                found = override
        return found


def glob_match(relative_path: str, pattern: str) -> bool:
    """ruff-like globs: a pattern without ``/`` matches the file name in any folder."""
    path = PurePosixPath(relative_path)
    if "/" not in pattern.rstrip("/"):
        return fnmatch(path.name, pattern) or any(
            fnmatch(part, pattern.rstrip("/")) for part in path.parts[:-1]
        )
    pattern = pattern.removeprefix("./")
    return fnmatch(str(path), pattern) or fnmatch(str(path), pattern.rstrip("/") + "/*")


# -- parsing ------------------------------------------------------------------------------------

_SIZE = r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?\s*$"
_SIZE_UNITS = {
    "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
}  # fmt: skip


def parse_size(value: object, where: str) -> int:
    """Bytes from an int or a string like ``"4 MB"`` (10**6) or ``"500 KiB"`` (1024)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ConfigError(f"{where}: expected a non-negative size, got {value}")
        return value
    if isinstance(value, str):
        match = re.match(_SIZE, value, re.IGNORECASE)
        if match:
            number, unit = match.groups()
            # Exact: a float overflows on a long number and rounds "0.1 MB"
            from fractions import Fraction  # exact: 1.5 KiB is 1,536 bytes, not 1,535.99...

            return int(Fraction(number) * _SIZE_UNITS[(unit or "B").lower()])
    raise ConfigError(
        f'{where}: expected a size in bytes (an integer, or a string like "4 MB" or "500 KiB"), got {value!r}'
    )


def _count(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ConfigError(f"{where}: expected a non-negative integer, got {value!r}")
    if value < 0:
        raise ConfigError(f"{where}: expected a non-negative integer, got {value}")
    return value


def _fraction(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ConfigError(f"{where}: expected a fraction between 0 and 1 (e.g. 0.9), got {value!r}")
    return float(value)


_BUDGET_PARSERS = {
    "max-params": _count,
    "max-trainable-params": _count,
    "max-non-trainable-params": _count,
    "max-layer-params": _count,
    "max-size": parse_size,
    "max-layers": _count,
    "max-flops": _count,
    "max-macs": _count,
    "warn-at": _fraction,
}
BUDGET_KEYS = tuple(_BUDGET_PARSERS)
assert {k.replace("-", "_") for k in BUDGET_KEYS} == {f.name for f in fields(Budgets)}


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def parse_codes(value: object, where: str) -> tuple[str, ...]:
    """Rule codes or prefixes (``KPL201``, ``KPL2``, ``ALL``); ``where`` names their origin."""
    codes = _strings(value, where)
    for code in codes:
        if code != "ALL" and not re.fullmatch(r"KPL\d{0,3}", code):
            raise ConfigError(
                f'{where}: {code!r} is not a rule code or prefix (e.g. "KPL201", "KPL2", "ALL")'
            )
    return codes


def _check_keys(table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in allowed:
            known = ", ".join(allowed)
            raise ConfigError(f"{where}: unknown key `{key}` (known keys: {known})")


def parse_budgets(table: object, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of budgets, got {table!r}")
    _check_keys(table, BUDGET_KEYS, where)
    return {
        key.replace("-", "_"): _BUDGET_PARSERS[key](value, f"{where}.{key}")
        for key, value in table.items()
    }


_TOP_KEYS = (
    "include", "exclude", "select", "extend-select", "ignore", "per-file-ignores", "dtype",
    "budgets", "models", "output-format", "fail-on-increase",
)  # fmt: skip
_MODEL_KEYS = ("name", "path", "budgets", "input-shape", "assume")


def parse_config(table: dict[str, Any], source: str, root: str) -> Config:
    """A Config from the ``[tool.paramlint]`` table (or a paramlint.toml's top level)."""
    where = source
    _check_keys(table, _TOP_KEYS, where)
    values: dict[str, Any] = {"source": source, "root": root}
    for key in ("include", "exclude"):
        if key in table:
            values[key] = _strings(table[key], f"{where}: `{key}`")
    for key in ("select", "extend-select", "ignore"):
        if key in table:
            values[key.replace("-", "_")] = parse_codes(table[key], f"{where}: `{key}`")
    if "per-file-ignores" in table:
        ignores = table["per-file-ignores"]
        if not isinstance(ignores, dict):
            raise ConfigError(
                f"{where}: `per-file-ignores`: expected a table of glob = [codes], got {ignores!r}"
            )
        values["per_file_ignores"] = {
            glob: parse_codes(codes, f"{where}: `per-file-ignores.{glob}`")
            for glob, codes in ignores.items()
        }
    if "dtype" in table:
        values["dtype"] = parse_dtype(table["dtype"], f"{where}: `dtype`")
    if "budgets" in table:
        values["budgets"] = Budgets(**parse_budgets(table["budgets"], f"{where}: `budgets`"))
    if "output-format" in table:
        values["output_format"] = parse_output_format(
            table["output-format"], f"{where}: `output-format`"
        )
    if "fail-on-increase" in table:
        values["fail_on_increase"] = parse_percent(
            table["fail-on-increase"], f"{where}: `fail-on-increase`"
        )
    if "models" in table:
        entries = table["models"]
        if not isinstance(entries, list):
            raise ConfigError(
                f"{where}: `models`: expected an array of tables ([[tool.paramlint.models]])"
            )
        values["models"] = tuple(
            _parse_model(e, f"{where}: `models[{i}]`") for i, e in enumerate(entries)
        )
    return Config(**values)


def parse_dtype(value: object, where: str) -> str:
    if not isinstance(value, str) or value not in DTYPE_BYTES:
        raise ConfigError(
            f"{where}: expected one of {', '.join(sorted(DTYPE_BYTES))}, got {value!r}"
        )
    return value


def parse_output_format(value: object, where: str) -> str:
    if not isinstance(value, str) or value not in OUTPUT_FORMATS:
        raise ConfigError(f"{where}: expected one of {', '.join(OUTPUT_FORMATS)}, got {value!r}")
    return value


def parse_percent(value: object, where: str) -> float:
    """A non-negative percentage: ``10``, ``2.5`` or the string ``"10%"``."""
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip().removesuffix("%").strip())
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not number >= 0:
        raise ConfigError(
            f'{where}: expected a non-negative percentage (e.g. 10 or "10%"), got {value!r}'
        )
    return float(number)


def _parse_model(entry: object, where: str) -> ModelOverride:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a table, got {entry!r}")
    _check_keys(entry, _MODEL_KEYS, where)
    if "name" not in entry and "path" not in entry:
        raise ConfigError(f"{where}: needs `name` or `path` to say which models it applies to")
    for key in ("name", "path"):
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(f"{where}.{key}: expected a string, got {entry[key]!r}")
    shape = entry.get("input-shape")
    if shape is not None and (
        not isinstance(shape, list)
        or not shape
        or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape)
    ):
        raise ConfigError(
            f"{where}.input-shape: expected a list of positive integers (no batch axis), got {shape!r}"
        )
    assume = entry.get("assume", {})
    if not isinstance(assume, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in assume.values()
    ):
        raise ConfigError(
            f"{where}.assume: expected a table of name = positive integer, got {assume!r}"
        )
    return ModelOverride(
        name=entry.get("name"),
        path=entry.get("path"),
        budgets=parse_budgets(entry.get("budgets", {}), f"{where}.budgets"),
        input_shape=(None, *shape) if shape is not None else None,
        assume=dict(assume),
    )


def load_toml(text: str, source: str) -> dict[str, Any]:
    toml = _toml()
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as error:
        raise ConfigError(f"{source}: invalid TOML: {error}") from error


def config_table(document: dict[str, Any], file_name: str) -> dict[str, Any] | None:
    """The paramlint table of a config file; None for a pyproject.toml without one."""
    if file_name == "pyproject.toml":
        tool = document.get("tool", {})
        table = tool.get("paramlint") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{file_name}: [tool.paramlint] must be a table")
        return table
    return document


def parse_override(text: str) -> dict[str, Any]:
    """``--config 'budgets.max-params = 1000'``: one TOML assignment from the command line."""
    toml = _toml()
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as error:
        raise ConfigError(
            f"--config {text!r}: not a path to a file nor a valid TOML assignment: {error}"
        ) from error


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` on top of ``base``; ``extend-select`` extends (as ruff's command line does)."""
    merged = dict(base)
    for key, value in override.items():
        if key == "extend-select" and isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = [*merged[key], *value]
        elif (
            isinstance(value, dict)
            and isinstance(merged.get(key), dict)
            and key != "per-file-ignores"
        ):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged
