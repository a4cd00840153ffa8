"""Every public name of ``keras.layers`` is either in the catalog or listed here as not covered,
and the README's coverage list is exactly that (this fails when either goes stale).

To refresh the README after adding a spec: ``python -m tests.test_catalog_coverage`` prints the
section to paste between the ``layer-coverage`` markers.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

from paramlint.analyzer.functional import MERGE_FUNCTIONS  # noqa: E402
from paramlint.analyzer.layers import CATALOG  # noqa: E402

# The namespace the README describes; another Keras has other names, so these tests skip there.
KERAS_SERIES = "3.15"
pytestmark = pytest.mark.skipif(
    not keras.__version__.startswith(KERAS_SERIES + "."),
    reason=f"the README lists the layers of Keras {KERAS_SERIES}",
)

README = Path(__file__).resolve().parent.parent / "README.md"

# Names in keras.layers that the catalog does not cover, and why: each becomes KPL002.
NOT_COVERED = {
    "HashedCrossing": "crosses two inputs",
    "MaxNumBoundingBoxes": "works on bounding-box dictionaries",
    "FlaxLayer": "runs a Flax module",
    "JaxLayer": "runs a JAX function",
    "TorchModuleWrapper": "runs a PyTorch module",
    "TFSMLayer": "loads a TensorFlow SavedModel",
    "Layer": "the base class of custom layers",
    "Wrapper": "the base class of custom wrappers",
}
# Public names that are not layer classes: the model reader handles `Input`.
NOT_LAYERS = {
    "Input": "read as the model's input, like `keras.Input`",
    "InputSpec": "a layer's input contract",
    "serialize": "a function",
    "deserialize": "a function",
}
# The README's families, by the catalog module a spec lives in.
FAMILIES = {
    "core": "Core",
    "einsum_dense": "Core",
    "activations": "Activations",
    "conv": "Convolution",
    "pooling": "Pooling",
    "adaptive_pooling": "Pooling",
    "rnn": "Recurrent",
    "rnn_cells": "Recurrent",
    "conv_lstm": "Recurrent",
    "normalization": "Normalization",
    "regularization": "Regularization",
    "reshaping": "Reshaping",
    "merging": "Merging",
    "attention": "Attention",
    "multi_head_attention": "Attention",
    "wrappers": "Wrappers",
    "preprocessing": "Preprocessing (numbers and images)",
    "image_augmentation": "Preprocessing (numbers and images)",
    "image_geometry": "Preprocessing (numbers and images)",
    "lookup": "Preprocessing (text and categories)",
    "categorical": "Preprocessing (text and categories)",
    "audio": "Preprocessing (audio)",
}


def public_names() -> set[str]:
    return {name for name in dir(keras.layers) if not name.startswith("_")}


def covered() -> dict[str, str]:
    """Each covered public name with the module of its spec (a merge function: its layer's)."""
    names = {name: CATALOG[name].__module__.rsplit(".", 1)[-1] for name in CATALOG}
    for function, layer in MERGE_FUNCTIONS.items():
        names[function] = names[layer]
    return {name: module for name, module in names.items() if name in public_names()}


def _readme_order(name: str) -> tuple[str, str]:
    return name.lower(), name  # `add` beside `Add`, the class first


def coverage_section() -> str:
    """The README text between the ``layer-coverage`` markers."""
    families: dict[str, list[str]] = defaultdict(list)
    for name, module in covered().items():
        families[FAMILIES[module]].append(name)
    order = list(dict.fromkeys(FAMILIES.values()))
    lines = [
        f"Covered: {len(covered())} of the {len(public_names())} public names in "
        f"`keras.layers` (Keras {KERAS_SERIES}), aliases included:",
        "",
    ]
    for family in order:
        if families[family]:
            names = ", ".join(f"`{n}`" for n in sorted(families[family], key=_readme_order))
            lines.append(f"- {family}: {names}.")
    missing = ", ".join(f"`{n}` ({why})" for n, why in sorted(NOT_COVERED.items()))
    lines += [
        "",
        f"Not covered, so reported as an unknown layer (KPL002): {missing}; and a custom layer "
        "whose code paramlint cannot follow. Not layer classes: "
        + ", ".join(f"`{n}`" for n in sorted(NOT_LAYERS, key=str.lower))
        + ".",
    ]
    return "\n".join(lines)


def test_every_public_name_is_covered_or_listed() -> None:
    unaccounted = public_names() - set(covered()) - set(NOT_COVERED) - set(NOT_LAYERS)
    assert not unaccounted, f"add a spec, or list these in NOT_COVERED: {sorted(unaccounted)}"


def test_the_not_covered_list_is_true() -> None:
    now_covered = (set(NOT_COVERED) | set(NOT_LAYERS)) & set(covered())
    assert not now_covered, f"in the catalog now, drop them from NOT_COVERED: {now_covered}"
    gone = (set(NOT_COVERED) | set(NOT_LAYERS)) - public_names()
    assert not gone, f"no longer in keras.layers: {gone}"


def test_every_catalog_module_has_a_family() -> None:
    modules = {spec.__module__.rsplit(".", 1)[-1] for spec in CATALOG.values()}
    assert modules <= set(FAMILIES), f"name a README family for {modules - set(FAMILIES)}"


def test_readme_coverage_list_is_current() -> None:
    text = README.read_text()
    match = re.search(
        r"<!-- layer-coverage:.*?-->\n(.*?)\n<!-- end layer-coverage -->", text, re.DOTALL
    )
    assert match, "README.md lost its layer-coverage markers"
    assert match.group(1) == coverage_section(), (
        "run `python -m tests.test_catalog_coverage` and paste the section into README.md"
    )


if __name__ == "__main__":
    print(coverage_section())
