"""Analysing many files fast: a text pre-filter, the cache, and both cores for large scans.

Each file is first answered without parsing if it can be: a file that cannot contain a model
(see ``may_build_models``) needs no parse, and an unchanged file is answered from the cache
without importing libcst. The rest are parsed and analysed, in worker processes when there are
enough of them to pay for starting workers. Reports come back in the order of the files given,
one at a time; file contents are never all held at once, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .analyzer.api import FileReport, analyze_source, may_build_models
from .analyzer.source import SourceError, read_bytes, source_from_bytes

if TYPE_CHECKING:
    import multiprocessing.context

    from .cache import AnalysisCache

PARALLEL_THRESHOLD = 8
"""Below this many files to parse, one process is faster than starting workers."""


def analyze_paths(
    paths: Sequence[Path], cache: AnalysisCache | None = None, jobs: int | None = None
) -> Iterator[FileReport]:
    """A report for each path, in the order given."""
    answers: list[FileReport | None] = []
    to_parse: list[Path] = []
    for path in paths:
        answer = _without_parsing(path, cache)
        answers.append(answer)
        if answer is None:
            to_parse.append(path)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    with _fewer_collections() if to_parse else contextlib.nullcontext():
        parsed = _parse_all(to_parse, cache, workers)
        for answer in answers:
            yield answer if answer is not None else next(parsed)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector runs every 700 allocations and, now and then, walks every live
    object. Parsing allocates about a million libcst nodes per 10,000 lines, none in a cycle,
    so most of that work finds nothing: while files are parsed, what is alive already (modules,
    the config) is frozen out of the collector's walks and it runs every 50,000 allocations.
    Cycles are still collected. (Forked workers inherit this.) Scans running at once (two
    reports' generators) share the setting: the first saves the thresholds, the last restores."""
    global _scans, _saved_thresholds
    if _scans == 0:
        _saved_thresholds = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(50_000, *_saved_thresholds[1:])
    _scans += 1
    try:
        yield
    finally:
        _scans -= 1
        if _scans == 0:
            gc.set_threshold(*_saved_thresholds)
            gc.unfreeze()


_scans = 0
_saved_thresholds: tuple[int, ...] = gc.get_threshold()


def _read(path: Path) -> bytes | FileReport:
    """The file's bytes, or the report of a file that cannot be read: unreadable, gone since it
    was listed, or too large."""
    try:
        return read_bytes(path)
    except OSError as error:
        return FileReport(str(path), error=f"{path}: cannot read: {error.strerror or error}")
    except SourceError as error:
        return FileReport(str(path), error=str(error))


def _without_parsing(path: Path, cache: AnalysisCache | None) -> FileReport | None:
    data = _read(path)
    if isinstance(data, FileReport):
        return data
    if not _worth_parsing(path, data):
        return FileReport(str(path))
    return cache.get(data, str(path)) if cache is not None else None


def _worth_parsing(path: Path, data: bytes) -> bool:
    """The pre-filter; a notebook is always read, so a broken one is still reported."""
    return path.suffix == ".ipynb" or may_build_models(data)


def _parse_all(
    paths: list[Path], cache: AnalysisCache | None, workers: int
) -> Iterator[FileReport]:
    jobs = [(path, cache) for path in paths]
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD:
        yield from map(_parse_job, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor  # only here: a few files need no workers

    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        yield from pool.map(_parse_job, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


THREADED_RUNTIMES = ("jax", "tensorflow", "torch")
"""Libraries whose threads live outside Python's ``threading`` (so ``active_count`` misses them):
once one is imported, forking the process is unsafe (JAX warns that it may deadlock)."""


def _context() -> multiprocessing.context.BaseContext:
    """fork is fastest, but only safe in a process without threads (the command line); a host
    with threads (a test run, a notebook or a tool that loaded jax) gets workers that do not
    inherit them: forked from a fresh server process (forkserver), or fresh interpreters."""
    import multiprocessing
    import sys
    import threading

    methods = multiprocessing.get_all_start_methods()
    threaded = threading.active_count() > 1 or any(
        name in sys.modules for name in THREADED_RUNTIMES
    )
    if not threaded and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _parse_job(job: tuple[Path, AnalysisCache | None]) -> FileReport:
    path, cache = job
    data = _read(path)  # it may have vanished or changed since it was listed
    if isinstance(data, FileReport):
        return data
    try:
        report = analyze_bytes(path, data)
    except Exception:  # a bug in paramlint: reported with this file's name, the others go on
        import traceback

        return FileReport(str(path), internal_error=traceback.format_exc())
    if cache is not None and report.error is None:
        cache.put(data, str(path), report)
    return report


def analyze_bytes(path: Path, data: bytes) -> FileReport:
    shown = str(path)
    if not _worth_parsing(path, data):
        return FileReport(shown)
    try:
        source = source_from_bytes(path, data)
    except SourceError as error:
        return FileReport(shown, error=str(error))
    if not may_build_models(data):  # a valid notebook without a model: no cell needs parsing
        return FileReport(shown, source=source)
    return analyze_source(source, shown)
