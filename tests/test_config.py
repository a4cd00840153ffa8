"""Config: every key parsed, every bad value refused with file, key and expectation; discovery."""

from __future__ import annotations

from pathlib import Path

import pytest

from paramlint.analyzer.api import analyze_code
from paramlint.cli import main
from paramlint.rules.config import Budgets, ConfigError, parse_config, parse_size

MODEL = """\
import keras
model = keras.Sequential([keras.Input((100,)), keras.layers.Dense(64), keras.layers.Dense(10)])
"""
# The model's count as paramlint computes it (checked against real Keras in test_goldens.py);
# these tests are about config and messages, so they take the number from the analyzer.
TOTAL = analyze_code(MODEL).models[0].total()
assert isinstance(TOTAL, int)


def test_every_key_parses() -> None:
    config = parse_config(
        {
            "include": ["*.py"],
            "exclude": ["experiments/"],
            "select": ["KPL"],
            "extend-select": ["KPL301"],
            "ignore": ["KPL3"],
            "per-file-ignores": {"tests/*": ["KPL2"]},
            "dtype": "float16",
            "budgets": {
                "max-params": 1_000_000,
                "max-trainable-params": 900_000,
                "max-non-trainable-params": 1000,
                "max-layer-params": 500_000,
                "max-size": "4 MB",
                "max-layers": 50,
                "max-flops": 2_000_000,
                "max-macs": 1_000_000,
                "warn-at": 0.9,
            },
            "models": [
                {
                    "name": "encoder",
                    "path": "src/*.py",
                    "budgets": {"max-params": 10},
                    "input-shape": [28, 28, 1],
                    "assume": {"num_classes": 10},
                }
            ],
        },
        "pyproject.toml",
        ".",
    )
    assert config.budgets == Budgets(
        1_000_000, 900_000, 1000, 500_000, 4_000_000, 50, 2_000_000, 1_000_000, 0.9
    )
    assert config.dtype == "float16"
    (override,) = config.models
    assert override.input_shape == (None, 28, 28, 1)
    assert config.budgets_for(("encoder", None), "src/a.py").max_params == 10
    assert config.budgets_for(("decoder", None), "src/a.py").max_params == 1_000_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (1024, 1024),
        ("4 MB", 4_000_000),
        ("500 KiB", 512_000),
        ("1.5 GiB", 1_610_612_736),
        ("12B", 12),
    ],
)
def test_sizes(text: object, expected: int) -> None:
    assert parse_size(text, "max-size") == expected


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"budget": {"max-params": 1}}, "unknown key `budget`"),
        ({"budgets": {"max-parms": 1}}, "unknown key `max-parms`"),
        ({"budgets": {"max-params": -1}}, "non-negative integer, got -1"),
        ({"budgets": {"max-params": "1M"}}, "non-negative integer, got '1M'"),
        ({"budgets": {"max-params": True}}, "non-negative integer, got True"),
        ({"budgets": {"max-size": "4 parsecs"}}, "expected a size in bytes"),
        ({"budgets": {"warn-at": 90}}, "fraction between 0 and 1"),
        ({"select": "KPL2"}, "expected a list of strings"),
        ({"ignore": ["E501"]}, "is not a rule code"),
        ({"dtype": "float31"}, "expected one of"),
        ({"per-file-ignores": ["x"]}, "table of glob"),
        ({"models": {"name": "x"}}, "array of tables"),
        ({"models": [{"budgets": {}}]}, "needs `name` or `path`"),
        ({"models": [{"name": "m", "input-shape": [0, 3]}]}, "positive integers"),
        ({"models": [{"name": "m", "assume": {"n": "ten"}}]}, "name = positive integer"),
        ({"models": [{"name": "m", "colour": "red"}]}, "unknown key `colour`"),
    ],
)
def test_bad_values_are_refused_with_key_and_expectation(
    table: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ConfigError) as error:
        parse_config(table, "pyproject.toml", ".")
    assert fragment in str(error.value)
    assert "pyproject.toml" in str(error.value)


def write_project(root: Path, pyproject: str) -> Path:
    (root / "pyproject.toml").write_text(pyproject)
    models = root / "src" / "models"
    models.mkdir(parents=True)
    (models / "mlp.py").write_text(MODEL)
    return models / "mlp.py"


def test_discovery_from_a_nested_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, "[tool.paramlint.budgets]\nmax-params = 5000\n")
    assert main(["check", str(tmp_path / "src")]) == 1
    out = capsys.readouterr().out
    excess = (TOTAL - 5000) / 5000 * 100
    assert (
        f"KPL201 model `model`: {TOTAL:,} params exceed max-params 5,000 (+{excess:.1f} %)" in out
    )


def test_closest_config_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_project(tmp_path, f"[tool.paramlint.budgets]\nmax-params = {TOTAL - 1}\n")
    (path.parent / "paramlint.toml").write_text(f"[budgets]\nmax-params = {TOTAL}\n")
    assert main(["check", str(path)]) == 0


def test_command_line_beats_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_project(tmp_path, f"[tool.paramlint.budgets]\nmax-params = {TOTAL - 1}\n")
    assert main(["check", str(path), "--config", f"budgets.max-params = {TOTAL}"]) == 0
    assert main(["check", str(path), "--ignore", "KPL201"]) == 0
    assert main(["check", str(path), "--exit-zero"]) == 0
    assert main(["check", str(path)]) == 1


def test_warn_at_gives_a_warning_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    budget = int(TOTAL / 0.95)
    path = write_project(
        tmp_path, f"[tool.paramlint.budgets]\nmax-params = {budget}\nwarn-at = 0.9\n"
    )
    assert main(["check", str(path)]) == 0
    assert f"{TOTAL:,} params reach 90% of max-params {budget:,}" in capsys.readouterr().out


def test_bad_config_exits_2_with_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_project(tmp_path, "[tool.paramlint.budgets]\nmax-parms = 5000\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "max-parms" in err


def test_toml_syntax_error_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_project(tmp_path, "[tool.paramlint.budgets]\nmax-params = = 5000\n")
    assert main(["check", str(path)]) == 2
    assert "line 2" in capsys.readouterr().err


def test_input_shape_and_assume_from_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "paramlint.toml").write_text(
        '[budgets]\nmax-params = 1000\n[[models]]\nname = "model"\ninput-shape = [100]\n'
    )
    (tmp_path / "m.py").write_text(
        "import keras\nmodel = keras.Sequential([keras.layers.Dense(64), keras.layers.Dense(10)])\n"
    )
    assert main(["check", str(tmp_path / "m.py")]) == 1
    assert f"{TOTAL:,} params exceed max-params 1,000" in capsys.readouterr().out


def test_noqa_and_file_level_noqa(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "paramlint.toml").write_text("[budgets]\nmax-params = 10\n")
    code = MODEL.replace("model = ", "model = ", 1)
    (tmp_path / "a.py").write_text(
        code.replace("keras.layers.Dense(10)])", "keras.layers.Dense(10)])  # noqa: KPL201")
    )
    (tmp_path / "b.py").write_text(
        code.replace("keras.layers.Dense(10)])", "keras.layers.Dense(10)])  # noqa")
    )
    (tmp_path / "c.py").write_text("# paramlint: noqa\n" + code)
    (tmp_path / "d.py").write_text(
        code.replace("keras.layers.Dense(10)])", "keras.layers.Dense(10)])  # noqa: KPL3")
    )
    main(["check", str(tmp_path)])
    out = capsys.readouterr().out
    assert "a.py" not in out and "b.py" not in out and "c.py" not in out
    assert "d.py:2:9: KPL201" in out


def test_per_file_ignores_and_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "paramlint.toml").write_text(
        'exclude = ["experiments/"]\n[per-file-ignores]\n"legacy_*.py" = ["KPL2"]\n[budgets]\nmax-params = 10\n'
    )
    (tmp_path / "experiments").mkdir()
    (tmp_path / "experiments" / "big.py").write_text(MODEL)
    (tmp_path / "legacy_model.py").write_text(MODEL)
    (tmp_path / "model.py").write_text(MODEL)
    main(["check", str(tmp_path)])
    out = capsys.readouterr().out
    assert "model.py:2:9: KPL201" in out
    assert "legacy_model.py" not in out and "big.py" not in out
    assert main(["check", str(tmp_path / "experiments" / "big.py"), "--force-exclude"]) == 0


def test_override_by_automatic_name_reaches_an_unbuilt_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "paramlint.toml").write_text(
        '[[models]]\nname = "sequential_1"\n[models.budgets]\nmax-params = 10\n'
    )
    (tmp_path / "m.py").write_text(
        "import keras\n"
        "a = [keras.Sequential([keras.layers.Dense(8)]), keras.Sequential([keras.layers.Dense(64)])]\n"
    )
    assert main(["check", "--no-cache", str(tmp_path / "m.py")]) == 1
    out = capsys.readouterr().out
    budget_lines = [line for line in out.splitlines() if "KPL201" in line]
    assert len(budget_lines) == 1 and "model `sequential_1`" in budget_lines[0]


def test_command_line_extend_select_extends_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As ruff's --extend-select: the config's extend-select stays, the command line's is added."""
    (tmp_path / "pyproject.toml").write_text('[tool.paramlint]\nextend-select = ["KPL303"]\n')
    (tmp_path / "m.py").write_text(
        "import keras\nfrom keras import layers\nmodel = keras.Sequential([layers.Dense(4, "
        "activation='relu'), layers.Activation('relu'), layers.Dense(1)])\n"
    )
    assert main(["check", "--exit-zero", str(tmp_path / "m.py"), "--extend-select", "KPL003"]) == 0
    out = capsys.readouterr().out
    assert "KPL303" in out and "KPL003" in out
