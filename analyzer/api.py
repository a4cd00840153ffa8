"""The engine's entry points: a path or a source string in, model reports out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .extract import extract
from .infer import ModelReport, Namer, infer_model
from .source import Chunk, Position, Source, SourceError, read_source


@dataclass
class FileReport:
    path: str
    models: list[ModelReport] = field(default_factory=list)
    # (kind, message, position): what the analysis could not do in this file.
    notes: list[tuple[str, str, Position]] = field(default_factory=list)
    error: str | None = None  # the file could not be read at all


def analyze_source(source: Source, display_path: str | None = None) -> FileReport:
    path = display_path or str(source.path)
    result = extract(source)
    namer = Namer()
    return FileReport(path, [infer_model(m, path, namer) for m in result.models], result.notes)


def analyze_code(code: str, path: str = "<string>") -> FileReport:
    return analyze_source(Source(Path(path), (Chunk(code),)), path)


def analyze_file(path: Path, display_path: str | None = None) -> FileReport:
    shown = display_path or str(path)
    try:
        source = read_source(path)
    except (OSError, SourceError) as error:
        return FileReport(shown, error=str(error))
    return analyze_source(source, shown)
