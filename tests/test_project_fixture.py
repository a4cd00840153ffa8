"""The bundled project (fixtures/project) checked end to end: every diagnostic is expected.

Each fixture line that should be reported carries ``# expect: CODE [CODE...]``; the test runs
``paramlint check`` on the folder (discovering its pyproject.toml) and compares the whole run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paramlint.cli import main

PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "project"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>[A-Z0-9 ]+)")
REPORTED = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):\d+: (?P<code>KPL\d{3}) ")


def expected() -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted(PROJECT.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = EXPECT.search(line)
            if match:
                found |= {(path.name, number, code) for code in match.group("codes").split()}
    return found


def test_project_run_reports_exactly_the_expected_diagnostics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    exit_code = main(["check", str(PROJECT)])
    out = capsys.readouterr().out
    reported = set()
    for line in out.splitlines():
        match = REPORTED.match(line)
        if match:
            reported.add(
                (Path(match.group("path")).name, int(match.group("line")), match.group("code"))
            )
    assert reported == expected()
    assert exit_code == 1
    assert "huge.py" not in out  # excluded by the project's config


def test_statistics_count_per_code(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(PROJECT), "--statistics", "--quiet"])
    out = capsys.readouterr().out
    expected_counts: dict[str, int] = {}
    for _, _, code in expected():
        expected_counts[code] = expected_counts.get(code, 0) + 1
    for code, count in expected_counts.items():
        assert re.search(rf"^\s*{count}\s+{code}\s", out, re.MULTILINE), (code, out)
    assert "with models)" not in out  # no summary line
    assert not REPORTED.search(out.replace("\n", "\n\n"))  # as ruff: the counts, no diagnostic
    assert len(out.splitlines()) == len(expected_counts)
