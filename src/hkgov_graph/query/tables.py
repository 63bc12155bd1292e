"""Plain-text tables for a terminal: columns aligned in Chinese and English, fitted to a width by wrapping.

Widths are terminal columns, measured with :mod:`wcwidth` (a wide CJK
character takes two, a combining accent none). A table wider than the width
it is given wraps its widest columns, word by word (a Chinese character is a
word), each column keeping at least a few columns; when even that does not
fit, the rows are written one after another as records, ``column | value``
lines (psql's expanded display), which always fit.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Sequence

import wcwidth

SEPARATOR = " | "
MIN_COLUMN = 8  # a column narrower than this reads badly
MAX_FLOOR = 30  # a word longer than this may be cut anywhere
_WIDE = re.compile(r"[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]")
_NAMES = re.compile(r"\S+:\S+(?: \S+:\S+)+")  # a list of prefixed names or IRIs (a sources cell)


def cell_width(text: str) -> int:
    """Columns a string takes in a terminal: wide and full-width characters (CJK) take two."""
    return max(0, wcwidth.width(text))


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` columns."""
    return text + " " * max(0, width - cell_width(text))


def wrap(text: str, width: int, hyphens: bool = True) -> list[str]:
    """``text`` in lines of at most ``width`` columns (no limit when ``width`` is 0); never an empty list.

    Lines break at spaces, between Chinese characters and (with ``hyphens``)
    after a hyphen; a word longer than the width is cut where it must be. A
    list of names (``graph:a graph:b``) puts each on a line of its own.
    """
    text = " ".join(text.split())  # line breaks and tabs would break the table
    if width <= 0 or cell_width(text) <= width:
        return [text]
    if _NAMES.fullmatch(text):  # one name a line, so that the end of one is not read with the next
        return [line for name in text.split(" ") for line in wrap(name, width)]
    return wcwidth.wrap(text, width, break_on_hyphens=hyphens) or [""]


def longest_chunk(text: str, hyphens: bool = True) -> int:
    """The width of the widest piece of ``text`` that wrapping keeps whole: a word, or with ``hyphens`` a word
    up to a hyphen; Chinese breaks between any two characters."""
    pieces = re.split(r"\s+|" + (r"(?<=-)|" if hyphens else "") + _WIDE.pattern, text)
    return max((cell_width(p) for p in pieces if p), default=0)


def terminal_width(stream: object = None) -> int:
    """The width to fit tables to: ``COLUMNS`` when set, else the terminal's; 0 (no limit) when not a terminal."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit():
        return int(columns)
    stream = stream or sys.stdout
    if hasattr(stream, "isatty") and stream.isatty():
        return shutil.get_terminal_size().columns
    return 0


def column_widths(natural: Sequence[int], floor: Sequence[int], available: int) -> list[int] | None:
    """Widths summing to at most ``available``, each between its ``floor`` and its ``natural`` width.

    Every column gets its floor (its longest unbreakable word); what is left
    goes to the columns that need more, narrow ones whole first and the wide
    ones sharing the rest equally. None when the floors do not fit.
    """
    if sum(natural) <= available:
        return list(natural)
    if sum(floor) > available:
        return None
    widths = list(floor)
    remaining = available - sum(floor)
    left = sorted((i for i in range(len(natural)) if natural[i] > floor[i]), key=lambda i: natural[i] - floor[i])
    while left:
        share = remaining // len(left)
        i = left[0]
        if natural[i] - floor[i] <= share:
            widths[i] = natural[i]
            remaining -= natural[i] - floor[i]
            left.pop(0)
            continue
        # every column left needs more than its share: they share what remains
        extra = remaining - share * len(left)
        for k, j in enumerate(left):
            widths[j] = floor[j] + share + (1 if k < extra else 0)
        break
    return widths


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int = 0) -> str:
    """A table whose columns line up in a terminal, fitted to ``width`` columns (0: no limit).

    Cells that do not fit wrap onto more lines; when the columns cannot be
    made narrow enough, the rows are written as records (see :func:`render_records`).
    """
    cells = [[" ".join(str(c).split()) for c in row] for row in rows]
    columns = [[h, *(r[i] for r in cells)] for i, h in enumerate(headers)]
    natural = [max(cell_width(c) for c in column) for column in columns]
    available = width - len(SEPARATOR) * (len(headers) - 1) if width > 0 else sum(natural)
    widths = None
    for hyphens in (False, True):  # keep words whole if the table fits so, else break them at hyphens
        floor = [min(n, max(MIN_COLUMN, min(MAX_FLOOR, max(longest_chunk(c, hyphens) for c in column))))
                 for n, column in zip(natural, columns, strict=True)]
        widths = column_widths(natural, floor, available)
        if widths is not None:
            break
    if widths is None:
        return render_records(headers, cells, width)
    lines = _row_lines(headers, widths)
    lines.append("-+-".join("-" * w for w in widths))
    for row in cells:
        lines += _row_lines(row, widths)
    return "\n".join(lines)


def _row_lines(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
    wrapped = [wrap(c, w) for c, w in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    return [SEPARATOR.join(pad(w[k] if k < len(w) else "", width) for w, width in zip(wrapped, widths, strict=True))
            .rstrip() for k in range(height)]


def render_records(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int = 0) -> str:
    """Each row as a block of ``column | value`` lines under a ``-[ n ]-`` rule (psql's expanded display)."""
    name_width = max(cell_width(h) for h in headers)
    value_width = max(MIN_COLUMN, width - name_width - len(SEPARATOR)) if width > 0 else 0
    lines: list[str] = []
    for n, row in enumerate(rows, 1):
        rule = f"-[ {n} ]"
        lines.append(rule + "-" * max(0, (width or name_width + len(SEPARATOR) + 20) - cell_width(rule)))
        for header, cell in zip(headers, row, strict=True):
            for k, part in enumerate(wrap(cell, value_width)):
                lines.append((pad(header if k == 0 else "", name_width) + SEPARATOR + part).rstrip())
    return "\n".join(lines)
