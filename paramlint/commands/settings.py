"""``check --show-settings`` and ``check --show-files``: what a run would use, as ruff prints it.

``--show-files`` lists the files the paths name after discovery (``include``, ``exclude``);
``--show-settings`` prints the resolved config for the first of them: the file it came from,
every key (command-line options applied) and the rules that end up enabled.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..discovery import ConfigResolver, discover
from ..rules.config import Config
from ..rules.run import enabled_codes
from . import EXIT_ERROR, EXIT_OK
from .common import cache_folder, print_errors


def show_files(args: argparse.Namespace, resolver: ConfigResolver) -> int:
    errors: list[str] = []
    for path in sorted(discover(args.paths, errors, resolver, force_exclude=args.force_exclude)):
        print(path)
    print_errors(errors)
    return EXIT_ERROR if errors else EXIT_OK


def show_settings(args: argparse.Namespace, resolver: ConfigResolver) -> int:
    errors: list[str] = []
    files = list(discover(args.paths, errors, resolver, force_exclude=args.force_exclude))
    target = files[0] if files else Path.cwd() / "-"
    config = resolver.for_file(target)
    print(f"Resolved settings for: {target.resolve() if files else Path.cwd()}")
    print(f"Settings path: {config.source}")
    print(f"Project root: {config.root}")
    print(f"Cache folder: {cache_folder(resolver)}")
    print()
    print(render_settings(config))
    print_errors(errors)
    return EXIT_ERROR if errors else EXIT_OK


def render_settings(config: Config) -> str:
    """Every key as TOML would spell it, then the enabled rules."""
    lines = []
    for item in fields(config):
        if item.name in ("source", "root", "budgets", "models"):
            continue
        lines.append(f"{item.name.replace('_', '-')} = {_value(getattr(config, item.name))}")
    lines.append("")
    lines.append("[budgets]")
    for item in fields(config.budgets):
        lines.append(
            f"{item.name.replace('_', '-')} = {_value(getattr(config.budgets, item.name))}"
        )
    for model in config.models:
        lines += ["", "[[models]]"]
        for item in fields(model):
            value = getattr(model, item.name)
            if item.name == "input_shape" and value is not None:
                value = list(value[1:])  # as written: no batch axis
            elif item.name == "budgets":
                value = {key.replace("_", "-"): v for key, v in value.items()}
            lines.append(f"{item.name.replace('_', '-')} = {_value(value)}")
    lines += ["", f"enabled rules = {_value(sorted(enabled_codes(config)))}"]
    return "\n".join(lines)


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)
