"""Build every fixture model with real Keras 3 and write the golden JSON files.

Each fixture is executed (``.py`` files as a module named ``__fixture__``, notebooks cell by cell
in one namespace) while ``keras.Sequential.__init__`` is wrapped to record every model created,
together with the line (and notebook cell) of the ``Sequential(...)`` call that created it.
After the fixture has run, each model's layers, output shapes and weights are written to
``<out>/<fixture path relative to the fixtures dir, "/" -> "__">.json``.

    python scripts/make_goldens.py            # (re)write tests/goldens/
    python scripts/make_goldens.py --check    # exit 1 if tests/goldens/ is out of date

Fixtures may import ``tensorflow`` / ``tf_keras``: both are faked with the installed ``keras``.
A fixture whose first lines contain ``# paramlint-golden: skip`` is not run; one with
``# paramlint-golden: run-as-main`` runs as ``__main__`` (its ``if __name__ == "__main__":`` block
builds the model).

    python scripts/make_goldens.py fixtures/functional/unet.py   # only these fixtures
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import io
import json
import math
import os
import sys
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["KERAS_BACKEND"] = "jax"  # goldens must not depend on the caller's backend
# Weight initialisers are XLA-compiled once per shape; only shapes matter here, so compile fast.
os.environ.setdefault("XLA_FLAGS", "--xla_backend_optimization_level=0")

import keras
from keras.src.utils import module_utils

REPO = Path(__file__).resolve().parent.parent
SKIP_MARK = "# paramlint-golden: skip"
MAIN_MARK = "# paramlint-golden: run-as-main"
Json = dict[str, Any]
# (filename to compile under, notebook cell or None, source, its lines -> the cell's lines)
Unit = tuple[str, int | None, str, dict[int, int]]
Created = list[tuple[Any, int | None, int]]  # (model, cell, line) in creation order


def install_shims() -> None:
    """Make ``tensorflow.keras`` and ``tf_keras`` (and their submodules) the real ``keras``."""
    # Keras probes for TensorFlow lazily; settle that before the fake one exists.
    _ = module_utils.tensorflow.available
    tensorflow = types.ModuleType("tensorflow")
    tensorflow.keras = keras  # type: ignore[attr-defined]
    sys.modules["tensorflow"] = tensorflow
    for alias in ("tensorflow.keras", "tf_keras"):
        sys.modules[alias] = keras
        for name, value in vars(keras).items():
            if isinstance(value, types.ModuleType):
                sys.modules[f"{alias}.{name}"] = value


MODEL_CLASSES = ("Sequential", "Model", "Functional")


def sequential_call_lines(source: str) -> set[int]:
    """Lines where a call to ``...Sequential(...)`` or ``...Model(...)`` starts, to sanity-check
    recorded lines."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in MODEL_CLASSES:
                lines.add(node.lineno)
    return lines


@contextlib.contextmanager
def recording(code_files: dict[str, tuple[int | None, dict[int, int]]]) -> Iterator[Created]:
    """Record ``(model, cell, line)`` for each Sequential or functional model created from one of
    ``code_files`` (not the Functional a Sequential builds inside itself); ``code_files`` maps a
    file to its notebook cell and its lines to the cell's."""
    from keras.src.models.functional import Functional

    created: Created = []
    originals = {cls: cls.__init__ for cls in (keras.Sequential, Functional)}

    def recorder(cls: type) -> Any:
        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            originals[cls](self, *args, **kwargs)
            if type(self) is not cls:
                return
            frame: types.FrameType | None = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename not in code_files:
                if frame.f_code.co_filename.endswith(os.path.join("models", "sequential.py")):
                    return  # Sequential.build's own Functional
                frame = frame.f_back
            if frame is not None:
                cell, lines = code_files[frame.f_code.co_filename]
                created.append((self, cell, lines.get(frame.f_lineno, frame.f_lineno)))

        return init

    for cls in originals:
        cls.__init__ = recorder(cls)  # type: ignore[method-assign]
    try:
        yield created
    finally:
        for cls, init in originals.items():
            cls.__init__ = init  # type: ignore[method-assign]


def code_units(path: Path) -> list[Unit]:
    """The pieces of code to execute, in order: the file, or each notebook code cell as IPython
    runs it (``TransformerManager.transform_cell``: a dedented cell, magics and shell escapes as
    ``get_ipython()`` calls, the body of a ``%%time`` cell run as a cell of its own)."""
    if path.suffix == ".py":
        return [(str(path), None, path.read_text(encoding="utf-8"), {})]
    from IPython.core.inputtransformer2 import TransformerManager

    units: list[Unit] = []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, start=1):
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        if cell["cell_type"] != "code":
            continue
        code, offset = TransformerManager().transform_cell(source), 0
        magic = _cell_magic(code)
        if magic is not None:
            name, body = magic
            if name not in PYTHON_CELL_MAGICS:
                continue
            code, offset = TransformerManager().transform_cell(body), 1
        shown = source.splitlines()[offset:]
        units.append((f"{path}#cell{number}", number, code, _line_map(code, shown, offset)))
    return units


PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun"}
"""Cell magics that run their body as Python in the notebook's namespace."""


def _cell_magic(code: str) -> tuple[str, str] | None:
    """``(name, body)`` when IPython made the cell one ``run_cell_magic`` call."""
    if not code.startswith("get_ipython().run_cell_magic("):
        return None
    call = ast.parse(code).body[0].value  # type: ignore[attr-defined]
    name, _, body = (arg.value for arg in call.args)
    return name, body


def _line_map(code: str, shown: list[str], offset: int) -> dict[int, int]:
    """Lines of the code IPython runs -> lines of the cell as shown. IPython only merges lines
    (an escaped command's continuation lines) and drops leading blank ones; the lines left are
    the cell's own, dedented, and are matched by their text."""
    run = [line.strip() for line in code.splitlines()]
    matcher = difflib.SequenceMatcher(None, run, [line.strip() for line in shown], autojunk=False)
    lines: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for index in range(block.size):
            lines[block.a + index + 1] = block.b + index + 1 + offset
    return lines


class FakeShell:
    """``get_ipython()`` for the transformed cells: shell commands are never run (a fixture's
    ``!pip install`` installs nothing); ``%time statement`` runs the statement."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace

    def run_line_magic(self, name: str, line: str) -> object:
        if name == "time" and line.strip():
            from IPython.core.inputtransformer2 import TransformerManager

            exec(TransformerManager().transform_cell(line), self.namespace)
        return None

    def system(self, command: str) -> None:
        return None

    def getoutput(self, command: str) -> list[str]:
        return []


def has_mark(path: Path, mark: str) -> bool:
    units = code_units(path)
    head = units[0][2].splitlines()[:5] if units else []
    return any(mark in line for line in head)


def is_skipped(path: Path) -> bool:
    return has_mark(path, SKIP_MARK)


def run_fixture(path: Path) -> Created:
    """Execute a fixture; the models it created, with the cell and line that created each."""
    keras.backend.clear_session()  # layer names restart at "dense", "dense_1", ... per file
    units = code_units(path)
    module_name = "__main__" if has_mark(path, MAIN_MARK) else "__fixture__"
    namespace: dict[str, Any] = {"__name__": module_name, "__file__": str(path)}
    shell = FakeShell(namespace)
    namespace["get_ipython"] = lambda: shell
    with (
        recording({filename: (cell, lines) for filename, cell, _, lines in units}) as created,
        contextlib.redirect_stdout(io.StringIO()),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        for filename, _, source, _ in units:
            exec(compile(source, filename, "exec"), namespace)
    calls = {
        cell: {lines.get(line, line) for line in sequential_call_lines(source)}
        for _, cell, source, lines in units
    }
    for model, cell, line in created:
        if line not in calls[cell]:
            raise RuntimeError(
                f"{path}: model {model.name} recorded at line {line} of cell "
                f"{cell}, where no Sequential(...) call starts"
            )
    return created


def shape(tensor_shape: Any) -> list[int | None]:
    return [None if dim is None else int(dim) for dim in tensor_shape]


def count(weights: list[Any]) -> int:
    return sum(math.prod(w.shape) for w in weights)


def layer_output_shapes(model: Any) -> list[Any]:
    """Output shape of each layer in this model's own graph (a layer may sit in several)."""
    own_nodes = set(model._functional._nodes)
    result = []
    for layer in model.layers:
        nodes = [node for node in layer._inbound_nodes if node in own_nodes]
        outputs = nodes[0].outputs if len(nodes) == 1 else keras.tree.flatten(layer.output)
        shapes = [shape(tensor.shape) for tensor in outputs]
        result.append(shapes[0] if len(shapes) == 1 else shapes)
    return result


def describe_functional(model: Any, record: Json) -> Json:
    """A functional model as Keras's summary lists it: every operation (InputLayers and ops
    included), the shape of its last call, and the calls feeding it in this model."""
    own_nodes = {id(node) for nodes in model._nodes_by_depth.values() for node in nodes}
    layers = []
    for operation in model._operations:
        weights = list(getattr(operation, "weights", []))
        inbound = []
        for node in operation._inbound_nodes:
            if id(node) in own_nodes:
                for tensor in node.input_tensors:
                    history = tensor._keras_history
                    inbound.append(
                        [history.operation.name, history.node_index, history.tensor_index]
                    )
        outputs = keras.tree.flatten(operation._inbound_nodes[-1].output_tensors)
        shapes = [shape(tensor.shape) for tensor in outputs]
        layers.append(
            {
                "class_name": type(operation).__name__,
                "name": operation.name,
                "output_shape": shapes[0] if len(shapes) == 1 else shapes,
                "params": count(weights),
                "trainable_params": count(getattr(operation, "trainable_weights", [])),
                "non_trainable_params": count(getattr(operation, "non_trainable_weights", [])),
                "inbound": inbound,
            }
        )
    record["kind"] = "functional"
    record["built"] = True
    record["layers"] = layers
    record["inputs"] = [shape(t.shape) for t in model.inputs]
    record["outputs"] = [shape(t.shape) for t in model.outputs]
    record["total_params"] = int(model.count_params())
    record["trainable_params"] = count(model.trainable_weights)
    record["non_trainable_params"] = count(model.non_trainable_weights)
    return record


def describe_model(model: Any, cell: int | None, line: int, occurrence: int) -> Json:
    record: Json = {"line": line, "cell": cell, "occurrence": occurrence, "name": model.name}
    if not isinstance(model, keras.Sequential):
        return describe_functional(model, record)
    built = bool(model.built) and getattr(model, "_functional", None) is not None
    record["built"] = built
    if not built:
        record["layers"] = [
            {"class_name": type(layer).__name__, "name": layer.name} for layer in model.layers
        ]
        return record
    layers = []
    for layer, output_shape in zip(model.layers, layer_output_shapes(model), strict=True):
        weights = [
            {
                "name": w.name,
                "path": w.path,
                "shape": shape(w.shape),
                "trainable": bool(w.trainable),
                "dtype": str(w.dtype),
            }
            for w in layer.weights
        ]
        layers.append(
            {
                "class_name": type(layer).__name__,
                "name": layer.name,
                "output_shape": output_shape,
                "params": int(layer.count_params()),
                "trainable_params": count(layer.trainable_weights),
                "non_trainable_params": count(layer.non_trainable_weights),
                "weights": weights,
            }
        )
    record["layers"] = layers
    record["input_shape"] = shape(model.inputs[0].shape)
    record["total_params"] = int(model.count_params())
    record["trainable_params"] = count(model.trainable_weights)
    record["non_trainable_params"] = count(model.non_trainable_weights)
    return record


def golden(path: Path, fixtures_dir: Path) -> tuple[str, str]:
    """``(golden file name, golden JSON text)`` for one fixture."""
    relative = path.relative_to(fixtures_dir).as_posix()
    models = []
    seen: dict[tuple[int | None, int], int] = {}
    for model, cell, line in run_fixture(path):
        occurrence = seen.get((cell, line), 0)
        seen[(cell, line)] = occurrence + 1
        models.append(describe_model(model, cell, line, occurrence))
    document = {
        "fixture": relative,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "models": models,
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return relative.replace("/", "__") + ".json", text


def fixture_files(fixtures_dir: Path) -> list[Path]:
    found = [*fixtures_dir.rglob("*.py"), *fixtures_dir.rglob("*.ipynb")]
    return sorted(
        path
        for path in found
        if not any(part.startswith((".", "__")) for part in path.relative_to(fixtures_dir).parts)
        and not is_skipped(path)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=REPO / "fixtures")
    parser.add_argument("--out", type=Path, default=REPO / "tests" / "goldens")
    parser.add_argument("--check", action="store_true", help="only compare, exit 1 on drift")
    parser.add_argument("paths", nargs="*", type=Path, help="only these fixtures (default: all)")
    args = parser.parse_args(argv)

    install_shims()
    if args.paths:
        fixtures_dir = args.fixtures.resolve()
        expected = dict(golden(path.resolve(), fixtures_dir) for path in args.paths)
    else:
        expected = dict(golden(path, args.fixtures) for path in fixture_files(args.fixtures))
    if args.check:
        existing = {p.name for p in args.out.glob("*.json")} if args.out.is_dir() else set()
        if args.paths:
            existing &= set(expected)
        stale = sorted(
            name
            for name in existing | set(expected)
            if name not in expected
            or name not in existing
            or (args.out / name).read_text(encoding="utf-8") != expected[name]
        )
        for name in stale:
            print(f"out of date: {args.out / name}")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for old in [] if args.paths else args.out.glob("*.json"):
        if old.name not in expected:
            old.unlink()  # its fixture was removed or renamed
    for name, text in expected.items():
        (args.out / name).write_text(text, encoding="utf-8")
    models = sum(len(json.loads(text)["models"]) for text in expected.values())
    print(f"wrote {len(expected)} golden files ({models} models) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
