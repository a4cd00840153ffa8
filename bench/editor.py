"""The language server's latency per keystroke: one buffer analysed as ``paramlint server`` does.

    python bench/editor.py [--edits 40] [--copies 4]

The buffer is the bundled notebooks' code cells joined into one large notebook (``--copies``
times over); each edit changes one character of a comment in the last cell, as typing does, and
the whole buffer is analysed again (``check``'s pipeline on the text: parse, evaluate, infer,
rules). Prints p50 / p95 / max in milliseconds and the notebook's size. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paramlint.discovery import ConfigResolver  # noqa: E402
from paramlint.lsp.buffer import analyse_buffer, notebook_text  # noqa: E402


def large_notebook(copies: int) -> list[tuple[bool, str]]:
    cells = []
    for path in sorted((ROOT / "fixtures" / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cells.append((cell["cell_type"] == "code", source))
    return cells * copies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    cells = large_notebook(args.copies)
    path = ROOT / "fixtures" / "notebooks" / "editor_bench.ipynb"  # never written
    resolver = ConfigResolver()
    times = []
    for edit in range(args.edits):
        typed = [*cells[:-1], (True, cells[-1][1] + f"\n# typing {'x' * (edit % 7)}\n")]
        text = notebook_text(typed)
        start = time.perf_counter()
        analysis = analyse_buffer(path, text, resolver)
        times.append((time.perf_counter() - start) * 1000)
    code_lines = sum(text.count("\n") + 1 for code, text in cells if code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{len(cells)} cells, {code_lines} code lines, {len(analysis.result.models)} models: "
        f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms "
        f"({args.edits} edits)"
    )


if __name__ == "__main__":
    main()
