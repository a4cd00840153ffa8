"""Build every ``keras.applications`` model with real Keras 3 and write what paramlint needs to know
about them: ``analyzer/data/applications.json``.

For each application (and each value of its size arguments: ``alpha``, ``minimalistic``,
``include_preprocessing``): the parameter counts (trainable, non-trainable) without and with the
classification top, the parameters each class adds to the top (checked linear: so any ``classes`` is exact),
the default and minimum input sizes, the output channels, and the output's spatial size for every
input size from the minimum to 1024 (as breakpoints of a step function, found by bisection and
verified at sampled sizes). Models are built in a StatelessScope: no weight is initialised, so the
whole table takes minutes, not hours.

    python scripts/make_applications.py            # (re)write the table
    python scripts/make_applications.py --check    # exit 1 if it differs from Keras (all apps)
    python scripts/make_applications.py --check --only ResNet50 MobileNetV3Small   # CI: a sample
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import math
import os
import random
import re
import sys
import warnings
from pathlib import Path
from typing import Any

os.environ["KERAS_BACKEND"] = "jax"
os.environ.setdefault("XLA_FLAGS", "--xla_backend_optimization_level=0")

import keras
from keras.src.backend.common import global_state
from keras.src.backend.common.stateless_scope import StatelessScope

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "analyzer" / "data" / "applications.json"
MAX_SIZE = 1024
VARIANT_VALUES: dict[str, dict[str, list[Any]]] = {
    "MobileNet": {"alpha": [0.25, 0.5, 0.75, 1.0]},
    "MobileNetV2": {"alpha": [0.35, 0.5, 0.75, 1.0, 1.3, 1.4]},
    "MobileNetV3Small": {"alpha": [0.75, 1.0], "minimalistic": [False, True]},
    "MobileNetV3Large": {"alpha": [0.75, 1.0], "minimalistic": [False, True]},
}
PRIORITY = [
    "ResNet50", "MobileNetV2", "EfficientNetB0", "VGG16", "MobileNet", "InceptionV3",
    "DenseNet121", "Xception", "MobileNetV3Small", "MobileNetV3Large", "EfficientNetV2B0",
    "ResNet50V2", "VGG19", "NASNetMobile", "ResNet101", "ResNet152", "InceptionResNetV2",
]  # fmt: skip
"""The most used first: a table being (re)generated is useful early."""
PREPROCESSING = [True, False]
NOT_TABLED = {
    "NASNetMobile": "its layers depend on the input's size (NASNet's adjust blocks compare shapes)",
    "NASNetLarge": "its layers depend on the input's size (NASNet's adjust blocks compare shapes)",
}
"""Applications whose counts one table cannot give: paramlint reports them unknown, saying why."""  # include_preprocessing, where the application takes it


def count(weights: list[Any]) -> int:
    return sum(math.prod(w.shape) for w in weights)


def build(constructor: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings(), StatelessScope():
        warnings.simplefilter("ignore")
        return constructor(weights=None, **kwargs)


def build_counting(constructor: Any, **kwargs: Any) -> tuple[Any, dict[str, int]]:
    """The application, and the auto-names building it took from Keras's counters (its Input is
    ``input_layer``...): a user's later layers are numbered after them."""
    keras.backend.clear_session()
    model = build(constructor, **kwargs)
    uids = global_state.get_global_attribute("object_name_uids")
    taken = {str(k): int(v) for k, v in (uids or {}).items() if k != "keras_tensor"}
    keras.backend.clear_session()
    return model, taken


def sizes_of(model: Any) -> tuple[int, int]:
    return count(model.trainable_weights), count(model.non_trainable_weights)


def min_size(constructor: Any, **kwargs: Any) -> int:
    """The smallest square input the application accepts (Keras checks it before building)."""
    low, high = 1, 512
    while low < high:
        middle = (low + high) // 2
        try:
            build(constructor, include_top=False, input_shape=(middle, middle, 3), **kwargs)
            high = middle
        except ValueError:
            low = middle + 1
    return low


def spatial_steps(model: Any, smallest: int) -> list[list[int]]:
    """``[[size, output size], ...]``: where the output's spatial size changes, from ``smallest``
    to MAX_SIZE (the output size is a non-decreasing step function of the input size)."""

    def out(size: int) -> int:
        return int(model.compute_output_shape((None, size, size, 3))[1])

    steps = [[smallest, out(smallest)]]
    start, value = smallest, steps[0][1]
    top = out(MAX_SIZE)
    while value < top:
        if len(steps) >= 3 and steps[-1][0] - steps[-2][0] == steps[-2][0] - steps[-3][0]:
            guess = 2 * steps[-1][0] - steps[-2][0]  # a periodic step (stride 32): checked
            if guess <= MAX_SIZE and out(guess - 1) == value and out(guess) > value:
                start, value = guess, out(guess)
                steps.append([start, value])
                continue
        low, high = start + 1, MAX_SIZE
        while low < high:  # first size with a larger output
            middle = (low + high) // 2
            if out(middle) > value:
                high = middle
            else:
                low = middle + 1
        start, value = low, out(low)
        steps.append([start, value])
    rng = random.Random(0)
    for size in rng.sample(range(smallest, MAX_SIZE + 1), 12):  # the step assumption, checked
        expected = max(v for s, v in steps if s <= size)
        if out(size) != expected:
            raise RuntimeError(f"{model.name}: output size at {size} is not a step function")
    return steps


def accepts(constructor: Any, size: int, arguments: dict[str, Any]) -> bool:
    try:
        build(constructor, include_top=False, input_shape=(size, size, 3), **arguments)
    except ValueError:
        return False
    return True


def geometry(
    constructor: Any, headless: Any, family: dict[str, Any] | None, arguments: dict[str, Any]
) -> tuple[int, list[list[int]]]:
    """The minimum input size and the spatial step function: found by bisection for the first
    application of a Keras module, and for the others of the module (ResNet101 after ResNet50)
    reused only when checked at the minimum and at sampled sizes; else found again."""
    if family is not None:
        smallest, steps = family["min_size"], family["spatial"]
        same = accepts(constructor, smallest, arguments) and not accepts(
            constructor, smallest - 1, arguments
        )
        for size in random.Random(1).sample(range(smallest, MAX_SIZE + 1), 16) if same else ():
            expected = max(v for s, v in steps if s <= size)
            if headless.compute_output_shape((None, size, size, 3))[1] != expected:
                same = False
                break
        if same:
            return smallest, steps
    source = inspect.getsource(sys.modules[constructor.__module__])
    stated = re.findall(r"min_size=(\d+)", source)
    smallest = int(stated[0]) if len(set(stated)) == 1 else 0  # what the module passes Keras
    if (
        not smallest
        or not accepts(constructor, smallest, arguments)
        or accepts(constructor, smallest - 1, arguments)
    ):
        smallest = min_size(constructor, **arguments)
    if "correct_pad" in source:  # padding decided from the built input's size: built per size
        return smallest, sized_outputs(constructor, smallest, arguments)
    steps = spatial_steps(headless, smallest)
    for size in (smallest, 225, 301):  # the graph built on a stated size agrees with the steps
        built = build(constructor, include_top=False, input_shape=(size, size, 3), **arguments)
        if built.output_shape[1] != max(v for s, v in steps if s <= size):
            raise RuntimeError(f"{constructor.__name__}: its geometry depends on the built size")
    return smallest, steps


COMMON_SIZES = (
    32, 64, 96, 112, 128, 150, 160, 192, 200, 224, 227, 240, 256, 260, 288, 299, 300, 320, 331,
    380, 384, 448, 456, 480, 512, 528, 600, 640,
)  # fmt: skip


def sized_outputs(constructor: Any, smallest: int, arguments: dict[str, Any]) -> list[list[int]]:
    """``[[size, output size], ...]`` for the common input sizes, each built: an application whose
    padding depends on the input's parity (``correct_pad``) has no simple step function."""
    found = []
    for size in COMMON_SIZES:
        if size >= smallest:
            built = build(constructor, include_top=False, input_shape=(size, size, 3), **arguments)
            found.append([size, int(built.output_shape[1])])
    return found


def describe(name: str, constructor: Any, family: dict[str, Any] | None) -> dict[str, Any]:
    signature = inspect.signature(constructor)
    defaults = {
        p.name: p.default
        for p in signature.parameters.values()
        if p.default is not inspect.Parameter.empty
        and isinstance(p.default, (int, float, str, bool, type(None)))
    }
    axes = dict(VARIANT_VALUES.get(name, {}))
    if "include_preprocessing" in signature.parameters:
        axes["include_preprocessing"] = PREPROCESSING
    variants = []
    shared: dict[str, Any] = {}  # the architecture's geometry: the same for every variant
    for values in itertools.product(*axes.values()):
        arguments = dict(zip(axes, values, strict=True))
        headless, base_names = build_counting(
            constructor, include_top=False, input_shape=(None, None, 3), **arguments
        )
        top, top_names = build_counting(constructor, include_top=True, **arguments)
        few = build(constructor, include_top=True, classes=10, **arguments)
        per_class, rest = divmod(count(top.trainable_weights) - count(few.trainable_weights), 990)
        if rest or count(top.non_trainable_weights) != count(few.non_trainable_weights):
            raise RuntimeError(f"{name}: the top's count is not linear in classes")
        if not shared:
            default = top.input_shape[1]  # None where the top takes any size (global pooling)
            depends = False
            if default is not None:  # a top on a fixed size may count more on a larger input
                side = default + 32
                bigger = build(
                    constructor, include_top=True, input_shape=(side, side, 3), **arguments
                )
                depends = sizes_of(bigger) != sizes_of(top)
            smallest, spatial = geometry(constructor, headless, family, arguments)
            shared = {
                "default_size": default,
                "min_size": smallest,
                "spatial": spatial,
                "spatial_exact_sizes_only": "correct_pad"
                in inspect.getsource(sys.modules[constructor.__module__]),
                "top_depends_on_size": depends,
            }
        elif shared["spatial_exact_sizes_only"]:  # each size built: check two of them
            for size, expected in shared["spatial"][-2:]:
                built = build(
                    constructor, include_top=False, input_shape=(size, size, 3), **arguments
                )
                if built.output_shape[1] != expected:
                    raise RuntimeError(f"{name} {arguments}: its geometry differs")
        else:  # the geometry is the architecture's: checked at a few sizes for this variant
            for size in (shared["min_size"], 225, 333):
                expected = max(v for s, v in shared["spatial"] if s <= size)
                if headless.compute_output_shape((None, size, size, 3))[1] != expected:
                    raise RuntimeError(f"{name} {arguments}: its geometry differs")
        variants.append(
            {
                "arguments": arguments,
                "name": top.name,
                "base": sizes_of(headless),
                "top": sizes_of(top),
                "per_class": per_class,
                "channels": int(headless.output_shape[-1]),
                "names": {"top": top_names, "base": base_names},
            }
        )
    return {
        **shared,
        "module": constructor.__module__.rsplit(".", 1)[-1],
        "defaults": defaults,
        "parameters": list(signature.parameters),
        "variants": variants,
    }


def table(only: list[str] | None, done: dict[str, Any], save: Any = None) -> dict[str, Any]:
    """Every application's facts; ``done`` holds those already described (a run resumed)."""
    names = sorted(
        (n for n in dir(keras.applications) if n[:1].isupper()),
        key=lambda n: (PRIORITY.index(n) if n in PRIORITY else len(PRIORITY), n),
    )
    found: dict[str, Any] = {}
    families: dict[str, dict[str, Any]] = {}
    for name in names:
        if (only and name not in only) or name in NOT_TABLED:
            continue
        constructor = getattr(keras.applications, name)
        module = constructor.__module__.rsplit(".", 1)[-1]
        if name in done:
            found[name] = done[name]
        else:
            print(f"  {name}", file=sys.stderr, flush=True)
            found[name] = describe(name, constructor, families.get(module))
            if save is not None:
                save({"keras_version": keras.__version__, "applications": {**done, **found}})
        families.setdefault(module, found[name])
    return {"keras_version": keras.__version__, "applications": found}


def write(document: dict[str, Any]) -> None:
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the table, exit 1 on drift"
    )
    parser.add_argument("--only", nargs="*", help="only these applications")
    parser.add_argument("--resume", action="store_true", help="keep what the table already holds")
    args = parser.parse_args(argv)
    done = {}
    if args.resume and OUT.is_file():
        done = json.loads(OUT.read_text(encoding="utf-8"))["applications"]
    fresh = table(args.only, done, None if args.check else write)
    if args.check:
        stored = json.loads(OUT.read_text(encoding="utf-8"))
        stale = [
            name
            for name, facts in fresh["applications"].items()
            if stored["applications"].get(name) != json.loads(json.dumps(facts))
        ]
        if stored["keras_version"] != fresh["keras_version"]:
            stale.append(f"keras_version {stored['keras_version']} != {fresh['keras_version']}")
        for name in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    write({**fresh, "applications": {**done, **fresh["applications"]}})
    print(f"wrote {len(fresh['applications'])} applications to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
