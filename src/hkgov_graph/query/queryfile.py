"""Read a packaged ``.rq`` file and its header.

Every query file starts with comment lines of the form ``# key: value``
(title, question, param, returns, example; see queries/README.md). Keys may
repeat (``param``); the header ends at the first line that is not a comment,
or at a bare ``#`` line (free-form notes may follow it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hkgov_graph.errors import InputError

_HEADER_LINE = re.compile(r"#\s*([A-Za-z_-]+)\s*:\s?(.*)")


@dataclass(frozen=True)
class QueryFile:
    """A SPARQL query file: its name (file stem), text and parsed header."""

    name: str
    path: Path
    text: str
    header: dict[str, list[str]] = field(default_factory=dict)

    def first(self, key: str, default: str = "") -> str:
        """The first value of a header key, or ``default``."""
        values = self.header.get(key)
        return values[0] if values else default

    @property
    def title(self) -> str:
        return self.first("title", self.name)

    @property
    def kind(self) -> str:
        """``violation``, ``construct`` or ``question``, told apart by the file name."""
        if self.name.endswith("-violation"):
            return "violation"
        if self.name.startswith("construct-"):
            return "construct"
        return "question"


def parse_header(text: str) -> dict[str, list[str]]:
    """The ``# key: value`` lines at the top of a query, as lists per key."""
    header: dict[str, list[str]] = {}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if stripped.strip("#").strip() == "" and header:
            break  # a bare '#' closes the header: what follows is notes, not continuation lines
        m = _HEADER_LINE.fullmatch(stripped)
        if m:
            last = m[1].lower()
            header.setdefault(last, []).append(m[2].strip())
        elif last is not None and stripped.lstrip("#").strip():
            # a continuation line extends the previous value
            header[last][-1] += " " + stripped.lstrip("#").strip()
    return header


def read_query_file(path: Path) -> QueryFile:
    """Read a query file; a file without a title header is an input error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read the query: {error.strerror}", path) from None
    header = parse_header(text)
    if "title" not in header:
        raise InputError("the query has no '# title:' header", path, 1,
                         "start every query file with the header described in queries/README.md")
    return QueryFile(path.stem, path, text, header)
