"""Execute real-world Keras code and record every model it builds (the harness's oracle).

Runs in the separate TensorFlow venv (not the project's), one file per forked child:

    python oracle.py --out results.jsonl --timeout 60 FILE...

Each child runs in an empty scratch folder with training, saving, downloads, plotting and unknown
imports stubbed, records every ``keras.Model`` created by a call written in that file (cell and
line of the constructor call), and describes each model (layers, output shapes, weights) at its
first ``fit()`` or at the end. One JSON line per file: status, error, models.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.abc
import importlib.machinery
import json
import math
import os
import re
import signal
import sys
import tempfile
import time
import traceback
import types
import warnings
from typing import Any
from unittest import mock

ENVIRONMENT = {
    "KERAS_BACKEND": "tensorflow",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "MPLBACKEND": "Agg",
    "CUDA_VISIBLE_DEVICES": "",
}

ERRORS_SEEN = [0]  # statements that failed so far: a model built or described after one is flagged
MAX_PER_CALL = 10  # models recorded per constructor call
REAL_EXIT = os._exit  # the stubs replace os._exit inside the child
Unit = tuple[str, int | None, str]  # (filename compiled under, notebook cell or None, source)
LEGACY_LAYER_MODULES = (
    "core",
    "convolutional",
    "convolutional_recurrent",
    "recurrent",
    "embeddings",
    "normalization",
    "pooling",
    "merge",
    "advanced_activations",
    "wrappers",
    "noise",
    "local",
    "experimental",
    "experimental.preprocessing",
)
PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture")
HELP_LINE = re.compile(r"^\s*[\w.\[\]\"']+\?\??\s*$")
ASSIGNED_MAGIC = re.compile(r"^(\s*[\w, ]+=\s*)[!%]")


# ---------------------------------------------------------------- code units (IPython's rules)
def clean_cell(source: str) -> str | None:
    """A code cell as Python, line numbers kept: magics, shell escapes, help become no-ops."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        if not lines[0].lstrip().startswith(PYTHON_CELL_MAGICS):
            return None  # %%bash, %%writefile, %%html ...: not Python
        lines[0] = ""
    out, continued = [], False
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if continued:
            out.append("")
        elif stripped.startswith(("!", "%")) or HELP_LINE.match(line):
            out.append(indent + "pass" if indent else "")
        elif match := ASSIGNED_MAGIC.match(line):
            out.append(match.group(1) + "[]")
        else:
            out.append(line)
            continue
        continued = line.rstrip().endswith("\\")
    return "\n".join(out) + "\n"


def code_units(path: str) -> list[Unit]:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if not path.endswith(".ipynb"):
        return [(path, None, text)]
    units: list[Unit] = []
    for number, cell in enumerate(json.loads(text).get("cells", []), start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "code" and (cleaned := clean_cell(source)) is not None:
            units.append((f"{path}#cell{number}", number, cleaned))
    return units


def call_starts(source: str) -> dict[tuple[int, int], tuple[int, int]]:
    """(end line, end column) of each call -> (line, 1-based column) where the call starts."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {
        (node.end_lineno or 0, node.end_col_offset or 0): (
            node.lineno,
            node.col_offset + 1,
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


# ---------------------------------------------------------------- stubs
class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Last on sys.meta_path: any module that cannot be imported becomes a permissive stub."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        return importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec: Any) -> types.ModuleType:
        module = types.ModuleType(spec.name)
        module.__path__ = []  # type: ignore[attr-defined]
        module.__getattr__ = lambda attr: mock.MagicMock(name=f"{spec.name}.{attr}")  # type: ignore[attr-defined]
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


class History:
    def __init__(self, epochs: int) -> None:
        self.epoch = list(range(epochs))
        self.history: dict[str, list[float]] = StubHistory(epochs)


class StubHistory(dict):  # type: ignore[type-arg]
    def __init__(self, epochs: int) -> None:
        super().__init__(loss=[0.5] * epochs, val_loss=[0.5] * epochs)
        self.epochs = epochs

    def __missing__(self, key: str) -> list[float]:
        return [0.5] * self.epochs


def fake_datasets(np: Any) -> dict[str, Any]:
    def images(
        n_train: int,
        n_test: int,
        shape: tuple[int, ...],
        classes: int,
        label: tuple[int, ...],
    ) -> Any:
        def load_data(*args: Any, **kwargs: Any) -> Any:
            def part(n: int) -> Any:
                return np.zeros((n, *shape), "uint8"), (np.arange(n) % classes).astype(
                    "uint8"
                ).reshape(n, *label)

            return part(n_train), part(n_test)

        return load_data

    def sequences(n: int, words: int, classes: int) -> Any:
        def load_data(*args: Any, num_words: int | None = None, **kwargs: Any) -> Any:
            top = num_words or words

            def part() -> Any:
                x = np.empty(n, dtype=object)
                for i in range(n):
                    x[i] = [1 + (i + j) % (top - 1) for j in range(80 + i % 40)]
                return x, (np.arange(n) % classes).astype("int64")

            return part(), part()

        return load_data

    def regression(n: int, features: int) -> Any:
        def load_data(*args: Any, **kwargs: Any) -> Any:
            return (np.zeros((n, features)), np.zeros(n)), (
                np.zeros((n // 4, features)),
                np.zeros(n // 4),
            )

        return load_data

    return {
        "mnist": images(60000, 10000, (28, 28), 10, ()),
        "fashion_mnist": images(60000, 10000, (28, 28), 10, ()),
        "cifar10": images(50000, 10000, (32, 32, 3), 10, (1,)),
        "cifar100": images(50000, 10000, (32, 32, 3), 100, (1,)),
        "imdb": sequences(2000, 10000, 2),
        "reuters": sequences(2000, 10000, 46),
        "boston_housing": regression(404, 13),
        "california_housing": regression(2000, 8),
    }


def install_stubs(keras: Any, models: list[dict[str, Any]]) -> None:
    import builtins

    import numpy as np

    builtins.input = lambda *a, **k: ""  # type: ignore[assignment]
    real_kill, own_pid = os.kill, os.getpid()

    def kill(pid: int, sig: int) -> None:  # Colab's "restart the runtime" trick ends the run here
        if pid == own_pid:
            raise SystemExit(0)
        real_kill(pid, sig)

    os.kill = kill  # type: ignore[assignment]
    os._exit = lambda code: (_ for _ in ()).throw(SystemExit(code))  # type: ignore[assignment]
    builtins.get_ipython = lambda: mock.MagicMock(name="get_ipython()")  # type: ignore[attr-defined]
    sys.meta_path.append(StubFinder())
    for name in (
        "tensorflow_datasets",
        "google.colab",
        "kaggle",
        "wandb",
        "pydot",
        "graphviz",
    ):
        sys.modules[name] = StubFinder().create_module(importlib.machinery.ModuleSpec(name, None))
    for old in LEGACY_LAYER_MODULES:  # Keras 2 module paths of layers: all in keras.layers now
        for prefix in ("keras.layers.", "tensorflow.keras.layers."):
            sys.modules.setdefault(prefix + old, keras.layers)
    try:
        import matplotlib.pyplot as plt

        plt.show = lambda *a, **k: None
        plt.savefig = lambda *a, **k: None
    except Exception:
        pass

    model_class = keras.Model

    def fit(self: Any, *args: Any, epochs: int = 1, **kwargs: Any) -> History:
        for record in models:
            if record["model"] is self and "described" not in record:
                record["described"] = describe(keras, self)
                record["errors_after"] = ERRORS_SEEN[0]
        return History(int(epochs) if isinstance(epochs, int) else 1)

    def predict(self: Any, x: Any = None, *args: Any, **kwargs: Any) -> Any:
        n = len(x) if hasattr(x, "__len__") else 1
        try:
            return np.zeros((n, *[d or 1 for d in self.outputs[0].shape[1:]]), "float32")
        except Exception:
            return np.zeros((n, 1), "float32")

    def zeros(*args: Any, **kwargs: Any) -> list[float]:
        return [0.5, 0.5]

    for name in ("fit", "fit_generator", "train_on_batch"):
        setattr(
            model_class,
            name,
            fit if name == "fit" or name == "fit_generator" else zeros,
        )
    model_class.predict = predict
    model_class.predict_on_batch = predict
    for name in ("evaluate", "evaluate_generator", "test_on_batch"):
        setattr(model_class, name, zeros)
    for name in ("save", "save_weights", "load_weights", "export"):
        setattr(model_class, name, lambda self, *a, **k: None)
    keras.utils.plot_model = lambda *a, **k: None
    for name, loader in fake_datasets(np).items():
        module = getattr(keras.datasets, name, None)
        if module is not None:
            module.load_data = loader
    if hasattr(keras.datasets, "imdb"):
        keras.datasets.imdb.get_word_index = lambda *a, **k: {f"w{i}": i for i in range(1, 10000)}


# ---------------------------------------------------------------- recording
def install_recorder(keras: Any, models: list[dict[str, Any]], units: list[Unit]) -> None:
    from keras.src.models import functional, model, sequential

    cells = {filename: cell for filename, cell, _ in units}
    starts = {filename: call_starts(source) for filename, _, source in units}
    seen: set[int] = set()
    per_call: dict[tuple[str, int], int] = {}

    def wrap(cls: Any) -> None:
        original = cls.__init__

        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            original(self, *args, **kwargs)
            if id(self) in seen:
                return
            seen.add(id(self))
            frame = sys._getframe(1)
            while frame is not None and frame.f_locals.get("self") is self:
                frame = frame.f_back  # super().__init__ chains of this same model
            if frame is None or frame.f_code.co_filename not in cells:
                return  # built inside a library (keras.applications, Sequential's own graph)
            name = frame.f_code.co_filename
            _, end_line, _, end_col = list(frame.f_code.co_positions())[frame.f_lasti // 2]
            line, column = starts[name].get((end_line or 0, end_col or 0), (frame.f_lineno, 0))
            per_call[(name, line)] = per_call.get((name, line), 0) + 1
            if per_call[(name, line)] > MAX_PER_CALL:
                return  # a model built in a long loop: the first ones say enough
            models.append(
                {
                    "model": self,
                    "cell": cells[name],
                    "line": line,
                    "column": column,
                    "errors_before": ERRORS_SEEN[0],
                }
            )

        cls.__init__ = init

    for cls in (model.Model, sequential.Sequential, functional.Functional):
        wrap(cls)


def shape(value: Any) -> list[int | None]:
    return [None if d is None else int(d) for d in value]


def count(weights: list[Any]) -> int:
    return sum(math.prod(w.shape) for w in weights)


def kind_of(keras: Any, model: Any) -> str:
    from keras.src.models import functional, sequential

    if type(model) is sequential.Sequential:
        return "sequential"
    if type(model) is functional.Functional:
        return "functional"
    return "subclassed"


def layer_outputs(keras: Any, model: Any) -> list[Any]:
    graph = model._functional if kind_of(keras, model) == "sequential" else model
    own = set(graph._nodes)
    result = []
    for layer in model.layers:
        nodes = [node for node in layer._inbound_nodes if node in own]
        outputs = nodes[0].outputs if len(nodes) == 1 else keras.tree.flatten(layer.output)
        shapes = [shape(t.shape) for t in outputs]
        result.append(shapes[0] if len(shapes) == 1 else shapes)
    return result


def describe(keras: Any, model: Any) -> dict[str, Any]:
    kind = kind_of(keras, model)
    built = bool(model.built) and (kind != "sequential" or model._functional is not None)
    record: dict[str, Any] = {
        "kind": kind,
        "class": type(model).__name__,
        "name": model.name,
        "built": built,
    }
    record["layers"] = [
        {"class": type(layer).__name__, "name": layer.name} for layer in model.layers
    ]
    if not built:
        return record
    try:
        outputs = (
            layer_outputs(keras, model) if kind != "subclassed" else [None] * len(model.layers)
        )
        for entry, layer, output in zip(record["layers"], model.layers, outputs, strict=True):
            entry["output_shape"] = output
            entry["params"] = int(layer.count_params()) if layer.built else None
            entry["trainable"] = count(layer.trainable_weights)
            entry["non_trainable"] = count(layer.non_trainable_weights)
        record["totals"] = {
            "params": int(model.count_params()),
            "trainable": count(model.trainable_weights),
            "non_trainable": count(model.non_trainable_weights),
        }
    except Exception as error:  # describe what we can; a half-built subclass is still a model
        record["describe_error"] = f"{type(error).__name__}: {error}"[:200]
    return record


# ---------------------------------------------------------------- one file
class SoftTimeout(BaseException):
    pass


def run_file(path: str, timeout: float) -> dict[str, Any]:
    import keras

    models: list[dict[str, Any]] = []
    units = code_units(path)
    install_stubs(keras, models)
    install_recorder(keras, models, units)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": path}
    errors: list[str] = []
    status = "ok"

    def alarm(signum: int, frame: Any) -> None:
        raise SoftTimeout()

    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(max(1, int(timeout)))
    try:
        for filename, _, source in units:  # like "run all" that goes on after an error
            try:
                statements = ast.parse(source).body
            except SyntaxError as exc:
                errors.append(f"SyntaxError at {place(filename, exc.lineno)}: {exc.msg}")
                continue
            for statement in statements:
                ERRORS_SEEN[0] = len(errors)
                try:
                    exec(
                        compile(ast.Module([statement], []), filename, "exec"),
                        namespace,
                    )
                except (SoftTimeout, SystemExit):
                    raise
                except BaseException as exc:  # this statement failed; the next ones still run
                    frames = traceback.extract_tb(exc.__traceback__)
                    where = next((f for f in reversed(frames) if f.filename == filename), None)
                    line = where.lineno if where else statement.lineno
                    errors.append(f"{type(exc).__name__} at {place(filename, line)}: {exc}"[:300])
    except SoftTimeout:
        status = "timeout"
        errors.append(f"timeout: no end within {timeout:.0f} s")
    except SystemExit:
        pass
    finally:
        signal.alarm(0)
    ERRORS_SEEN[0] = len(errors)
    if status == "ok" and errors:
        status = "errors"
    described = []
    for record in models:
        try:
            description = record.get("described") or describe(keras, record["model"])
            record.setdefault("errors_after", len(errors))
        except BaseException as exc:
            description = {
                "kind": "?",
                "describe_error": f"{type(exc).__name__}: {exc}"[:200],
            }
        keys = ("cell", "line", "column", "errors_before", "errors_after")
        described.append({**{key: record.get(key) for key in keys}, **description})
    return {
        "status": status,
        "error": errors[0] if errors else None,
        "errors": len(errors),
        "models": described,
    }


def place(filename: str, line: int | None) -> str:
    return f"{os.path.basename(filename)}:{line}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    import keras  # noqa: F401  (paid once, before the children fork)

    with contextlib.suppress(Exception):
        import tensorflow  # noqa: F401
    with open(args.out, "w", encoding="utf-8") as out:
        for path in args.files:
            started = time.monotonic()
            result_file = tempfile.mktemp(suffix=".json")
            scratch = tempfile.mkdtemp(prefix="oracle-")
            pid = os.fork()
            if pid == 0:  # the child: run the file, write its result, leave at once
                code = 0
                try:
                    os.chdir(scratch)
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, 1)
                    os.dup2(devnull, 2)
                    result = run_file(path, args.timeout * 0.75)  # time left to describe
                    with open(result_file, "w", encoding="utf-8") as handle:
                        json.dump(result, handle)
                except BaseException:
                    code = 1
                REAL_EXIT(code)
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() - started > args.timeout:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.05)
            try:
                with open(result_file, encoding="utf-8") as handle:
                    result = json.load(handle)
                os.unlink(result_file)
            except (OSError, ValueError):
                result = {
                    "status": "crash",
                    "error": "the child ended without a result (killed or crashed)",
                    "models": [],
                }
            result["path"] = path
            result["seconds"] = round(time.monotonic() - started, 1)
            out.write(json.dumps(result) + "\n")
            out.flush()
            print(
                f"{result['seconds']:6.1f}s {result['status']:12} {len(result['models'])} models  {path}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
