"""Names the command line needs before any command runs: the parser's choices and help texts.

This module imports nothing, so building the parser (and ``paramlint --help``) loads none of the
analysis. The cache folder's and the lock file's names live here; the lists of formats and
dtypes repeat registries kept with the code that uses them (importing those would load it), and
tests/test_cli_imports.py asserts that each list equals its registry.
"""

CACHE_DIR = ".paramlint_cache"
"""The analysis cache's folder, in the current folder (:mod:`paramlint.cache`)."""

LOCK_NAME = "paramlint.lock"
"""The lock file's name (:mod:`paramlint.lock`)."""

OUTPUT_FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit", "markdown")
"""``check --output-format``: :data:`paramlint.rules.config.OUTPUT_FORMATS`."""

DIFF_FORMATS = ("text", "json", "markdown", "github")
"""``diff --output-format``: the keys of :data:`paramlint.formats.diff.DIFF_FORMATS`."""

GRAPH_FORMATS = ("dot", "mermaid", "svg", "png")
"""``graph --format``: the text formats of :mod:`paramlint.graph`, and what Graphviz renders."""

DTYPES = (
    "bfloat16",
    "float16",
    "float32",
    "float64",
    "float8_e4m3fn",
    "float8_e5m2",
    "int16",
    "int32",
    "int64",
    "int8",
    "uint8",
)
"""``summary --dtype``: :func:`paramlint.render.known_dtypes`, sorted."""
