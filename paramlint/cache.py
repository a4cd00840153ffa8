"""The analysis cache in ``.paramlint_cache/``: one entry per file content, safe to load.

An entry holds a file's analysis (its :class:`FileReport`), keyed by the file's bytes, its path,
and paramlint's own code (version and the fingerprint of its installed modules). No config key
changes the analysis, so a config change needs no invalidation: diagnostics are always recomputed
from the cached analysis and the current config.

The cache folder may come from an untrusted checkout, so entries are loaded with an unpickler
that only constructs paramlint's own data classes: a crafted entry cannot run code. A corrupt or
foreign entry is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

from . import __version__
from .analyzer.api import FileReport

_FORMAT = "v1"
_ALLOWED_MODULES = ("paramlint.analyzer.",)
_ALLOWED_GLOBALS = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "range"),
    ("builtins", "slice"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        allowed = (module, name) in _ALLOWED_GLOBALS or module.startswith(_ALLOWED_MODULES)
        found = super().find_class(module, name) if allowed else None
        if not isinstance(found, type):  # only classes: no function can be called from an entry
            raise pickle.UnpicklingError(f"cache entry refers to {module}.{name}")
        return found


def _code_fingerprint() -> str:
    """paramlint's version and its modules' sizes and times, so a code change empties the cache."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for folder in (root, root / "analyzer", root / "analyzer" / "layers"):
        for path in sorted(folder.glob("*.py")):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


class AnalysisCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder / _FORMAT / _code_fingerprint()
        self.hits = 0
        self.misses = 0

    def _entry(self, data: bytes, display_path: str) -> Path:
        key = hashlib.sha256(display_path.encode() + b"\0" + data).hexdigest()
        return self.folder / key[:2] / key

    def get(self, data: bytes, display_path: str) -> FileReport | None:
        entry = self._entry(data, display_path)
        try:
            payload = entry.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            report = _SafeUnpickler(io.BytesIO(payload)).load()
        except Exception:  # corrupt, truncated, or not ours: rebuild it
            report = None
        if not isinstance(report, FileReport):
            self.misses += 1
            return None
        self.hits += 1
        return report

    def put(self, data: bytes, display_path: str, report: FileReport) -> None:
        entry = self._entry(data, display_path)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            _mark_cache_root(self.folder.parent.parent)
            payload = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
            # written aside, then renamed, so that a reader never sees half an entry; the process
            # id keeps concurrent runs apart (tempfile would cost every run ~5 ms to import)
            partial = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
            partial.write_bytes(payload)
            os.replace(partial, entry)
        except (OSError, pickle.PicklingError, RecursionError, TypeError):
            pass  # a cache that cannot be written only costs time


def _mark_cache_root(root: Path) -> None:
    """Like ruff's cache: git ignores it, backup tools skip it."""
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Automatically created by paramlint.\n*\n")
        (root / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")


def clean(target: Path) -> bool:
    """Remove the cache folder; True if there was one."""
    import shutil

    if not (target / "CACHEDIR.TAG").is_file():  # only a folder paramlint made: never "/" or ~
        return False
    shutil.rmtree(target)
    return True
