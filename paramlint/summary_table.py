"""The summary table as Keras prints it: rich's borders, column widths and wrapped cells.

Keras's ``model.summary()`` (``utils/summary_utils.py``) lays out a rich table: the line length
cut at fixed relative positions, reduced evenly to fit the borders and padding, cells wrapped at
spaces and a word too wide cut with "…". This module reproduces that layout without rich.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryOptions:
    """The options of Keras's ``model.summary()`` (``utils/summary_utils.py``)."""

    line_length: int | None = None
    expand_nested: bool = False
    show_trainable: bool = False
    layer_range: tuple[str, str] | None = None
    # paramlint's own: a "FLOPs" column (XLA's count, one sample) and the model's FLOPs and MACs.
    flops: bool = False


def layer_index_bounds(names: list[str], layer_range: tuple[str, str] | None) -> tuple[int, int]:
    """Keras's ``get_layer_index_bound_by_layer_name``: the first layer matching the start
    pattern to the last matching the end one (``re.match``), both included."""
    if layer_range is None:
        return 0, len(names)
    lower = [i for i, name in enumerate(names) if re.match(layer_range[0], name)]
    upper = [i for i, name in enumerate(names) if re.match(layer_range[1], name)]
    if not lower or not upper:
        raise ValueError(
            f"Passed layer_names do not match the layer names in the model. Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def column_widths(columns: int, connected: bool, options: SummaryOptions) -> list[int]:
    """Each column's text width, as Keras sizes its rich table: the line length (default 88, or
    108 with "Connected to", 12 more with "Trainable", at most the terminal's width less 4) cut
    at Keras's relative positions, then reduced evenly as rich does to fit the borders and the
    one-space padding on each side."""
    if connected:
        default, positions = 108, [0.3, 0.56, 0.74, 1.0]
    else:
        default, positions = 88, [0.45, 0.80, 1.0]
    if options.show_trainable:
        default += 12
        positions = [p * 0.90 for p in positions] + [1.0]
    if options.flops:  # not Keras's: 16 more characters for the last column
        default += 16
        positions = [p * (default - 16) / default for p in positions] + [1.0]
    assert len(positions) == columns
    default = min(default, shutil.get_terminal_size().columns - 4)
    line_length = options.line_length or default
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    room = line_length - (columns + 1)  # the vertical borders
    padded = [min(width + 2, room) for width in widths]
    if sum(padded) > room:  # rich's ratio_reduce, every column alike
        excess, remaining_ratio, reduced = sum(padded) - room, columns, []
        for width in padded:
            cut = min(width, round(excess / remaining_ratio))
            reduced.append(width - cut)
            excess -= cut
            remaining_ratio -= 1
        padded = reduced
    return [width - 2 for width in padded]


def _wrapped(text: str, width: int) -> list[str]:
    """rich's word wrap with the "ellipsis" overflow: words fill a line greedily; a word wider
    than the column gets a line of its own, cut with "…"."""
    lines: list[str] = []
    current = ""
    for word in re.findall(r"\s*\S+\s*", text) or [""]:  # rich's words: leading spaces kept
        if current and len(current) + len(word.rstrip()) > width:
            lines.append(current)
            current = word
        else:
            current += word
    lines.append(current)
    return [line if len(line.rstrip()) <= width else line[: width - 1] + "…" for line in lines]


_ALIGNMENT = {"Param #": ">", "Trainable": "^", "FLOPs": ">"}


def table(
    header: tuple[str, ...], rows: list[tuple[str, ...]], options: SummaryOptions | None = None
) -> list[str]:
    options = options or SummaryOptions()
    widths = column_widths(len(header), "Connected to" in header, options)
    aligns = [_ALIGNMENT.get(name, "<") for name in header]

    def line(cells: tuple[str, ...], bar: str) -> list[str]:
        wrapped = [_wrapped(cell, width) for cell, width in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in wrapped)
        out = []
        for index in range(height):
            texts = [
                f" {_aligned(lines[index].rstrip() if index < len(lines) else '', align, width)} "
                for lines, align, width in zip(wrapped, aligns, widths, strict=True)
            ]
            out.append(bar + bar.join(texts) + bar)
        return out

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (width + 2) for width in widths) + right

    out = [rule("┏", "━", "┳", "┓"), *line(header, "┃"), rule("┡", "━", "╇", "┩")]
    for index, row in enumerate(rows):
        if index:
            out.append(rule("├", "─", "┼", "┤"))
        out += line(row, "│")
    out.append(rule("└", "─", "┴", "┘"))
    return out


def _aligned(text: str, align: str, width: int) -> str:
    if align == "^":  # rich centres with the odd space on the right
        left = (width - len(text)) // 2
        return " " * left + text + " " * (width - len(text) - left)
    return f"{text:{align}{width}}"
