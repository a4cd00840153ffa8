"""A pre-commit run starts fast: the command line loads only what the command it runs uses.

The parser's choices come from :mod:`paramlint.constants`, which imports nothing; where its lists
repeat a registry kept elsewhere, they must stay equal. Which modules a command loads is checked
in a fresh interpreter (this one has imported everything already).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paramlint import constants
from paramlint.formats import _MODULES
from paramlint.formats.diff import DIFF_FORMATS
from paramlint.render import known_dtypes
from paramlint.rules.config import OUTPUT_FORMATS

MODEL = "import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"

# Never needed by a plain `check` (git, the lock file, diff's formats, the other output formats,
# summary's rendering, worker processes): each costs the hook milliseconds on every commit.
# (subprocess is not listed: libcst imports it.)
NOT_FOR_CHECK = (
    "paramlint.diff",
    "paramlint.lock",
    "paramlint.git",
    "paramlint.render",
    "paramlint.commands.history",
    "paramlint.commands.report",
    "paramlint.formats.diff",
    "paramlint.formats.json_report",
    "paramlint.formats.sarif",
    "paramlint.formats.github",
    "paramlint.formats.junit",
    "paramlint.formats.markdown",
    "paramlint.graph",
    "paramlint.lsp",
    "pygls",
    "multiprocessing",
    "concurrent.futures",
    "tempfile",
    "tomli_w",
)


def test_constants_equal_the_registries() -> None:
    assert tuple(_MODULES) == OUTPUT_FORMATS == constants.OUTPUT_FORMATS
    assert tuple(DIFF_FORMATS) == constants.DIFF_FORMATS
    assert known_dtypes() == list(constants.DTYPES)


def loaded_modules(tmp_path: Path, code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_the_parser_loads_no_analysis(tmp_path: Path) -> None:
    code = (
        "from paramlint.cli import _parser\n"
        "_parser().format_help()\n"
        "from paramlint.cli import main\n"
    )
    loaded = loaded_modules(tmp_path, code)
    assert not {m for m in loaded if m.startswith(("paramlint.analyzer", "paramlint.rules"))}
    assert not {m for m in loaded if m.startswith(("libcst", "paramlint.formats"))}
    assert "paramlint.commands.common" not in loaded


@pytest.mark.parametrize("cache", [True, False])
def test_a_plain_check_loads_only_what_it_uses(tmp_path: Path, cache: bool) -> None:
    (tmp_path / "model.py").write_text(MODEL)
    options = "" if cache else "'--no-cache', "
    code = f"from paramlint.cli import main\nmain(['check', '--quiet', {options}'model.py'])\n"
    loaded = loaded_modules(tmp_path, code)
    assert {"libcst", "paramlint.commands.check", "paramlint.formats.text"} <= loaded
    assert loaded & set(NOT_FOR_CHECK) == set()
    assert ("paramlint.cache" in loaded) is cache


def test_the_gates_load_their_modules(tmp_path: Path) -> None:
    """``--locked`` needs the lock's modules, and gets them."""
    (tmp_path / "model.py").write_text(MODEL)
    code = (
        "from paramlint.cli import main\n"
        "assert main(['lock', 'model.py']) == 0\n"
        "assert main(['check', '--locked', '--output-format', 'sarif', 'model.py']) == 0\n"
    )
    loaded = loaded_modules(tmp_path, code)
    assert {"paramlint.lock", "paramlint.commands.history", "paramlint.formats.sarif"} <= loaded
