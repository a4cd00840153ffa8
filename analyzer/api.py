"""The engine's entry points: a path or a source string in, model reports out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .dims import Shape
from .infer import ModelReport, infer_model
from .source import Chunk, Position, Source, SourceError, read_source


@dataclass
class FileReport:
    path: str
    models: list[ModelReport] = field(default_factory=list)
    # (kind, message, position): what the analysis could not do in this file.
    notes: list[tuple[str, str, Position]] = field(default_factory=list)
    error: str | None = None  # the file could not be read at all
    source: Source | None = None
    # A bug in paramlint while analysing this file: the traceback (the other files go on).
    internal_error: str | None = None


MODEL_MARKERS = ("Sequential", "Model", "Functional", "applications")
"""Text every file that builds a model paramlint can see must contain: models are found by
resolving names statically, and every way to reach ``Sequential`` or ``Model`` (an import, an
attribute, a star import followed by a call) spells one of these names out."""
_MARKER_BYTES = tuple(marker.encode() for marker in MODEL_MARKERS)


def may_build_models(data: bytes | str) -> bool:
    """The cheap pre-filter: False means the file certainly builds no model paramlint can find."""
    markers = MODEL_MARKERS if isinstance(data, str) else _MARKER_BYTES
    return any(marker in data for marker in markers)  # type: ignore[operator]


def analyze_source(source: Source, display_path: str | None = None) -> FileReport:
    from .extract import extract  # libcst is imported only when a file is really parsed

    path = display_path or str(source.path)
    result = extract(source)
    models = [infer_model(m, path) for m in result.models]
    # A model used inside another one without an input shape of its own is built by Keras on the
    # shape it receives there (its weights then exist), so report it built on that shape.
    models = [
        reinfer(m, m.value.nested_use_shape)
        if not m.built and m.value is not None and m.value.nested_use_shape is not None
        else m
        for m in models
    ]
    return FileReport(path, models, result.notes, source=source)


def reinfer(model: ModelReport, input_shape: Shape) -> ModelReport:
    """The same model built on the given batch shape (a config's ``input-shape`` for an unbuilt model)."""
    assert model.value is not None
    report = infer_model(model.value, model.path, input_shape)
    report.keras_name = model.keras_name
    return report


def analyze_code(code: str, path: str = "<string>") -> FileReport:
    return analyze_source(Source(Path(path), (Chunk(code),)), path)


def analyze_file(path: Path, display_path: str | None = None) -> FileReport:
    shown = display_path or str(path)
    try:
        source = read_source(path)
    except (OSError, SourceError) as error:
        return FileReport(shown, error=str(error))
    return analyze_source(source, shown)
