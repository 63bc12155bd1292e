"""The build's sorted dumps, written to files with bounded memory.

The N-Quads dump is every line Oxigraph writes for the store, sorted and
without repeats (so the same input gives the same bytes), with script subtags
in their conventional case; the N-Triples dump is the same for the union of
the graphs. Held in Python, a million-triple graph's dump takes gigabytes (a
bytes object per line, a sorted copy); here Oxigraph writes the store once,
each block goes to two ``sort`` processes (GNU coreutils, ``LC_ALL=C``: bytes
order, which is Python's order for ``bytes``) that spill to disk past a fixed
buffer, one fed the quads, the other the same lines with the graph name cut
off. Where GNU sort is missing, or the default graph holds statements (whose
N-Quads lines have no graph name to cut), the dumps are sorted in Python as
before: the same bytes either way.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

SORT_BUFFER = "256M"  # each sort process's memory before it spills sorted runs to disk

# The graph name ending an N-Quads line: the last IRI before " .", which cannot be inside a literal (a literal
# ends in `"`, a language tag or a datatype IRI, and a newline in a literal is written `\n`).
_GRAPH_NAME = re.compile(rb" <[^>\n]*> \.\n")


@functools.cache
def gnu_sort() -> str | None:
    """The path of GNU sort, if there is one (its -S, -T and --parallel options are GNU's)."""
    path = shutil.which("sort")
    if path is None:
        return None
    try:
        version = subprocess.run([path, "--version"], capture_output=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return path if b"GNU coreutils" in version else None


def write_sorted_dumps(store: ox.Store, nquads: Path, ntriples: Path,
                       last: Callable[[int], ox.Quad] | None = None) -> tuple[str, int]:
    """Write the sorted N-Quads dump of ``store`` and the sorted N-Triples dump of the union of its graphs.

    Returns the N-Quads dump's SHA-256 and line count. ``last`` (the dataset's
    triple count, :func:`hkgov_graph.graph.dataset.triples_statement`) is
    given the number of distinct triples the union will hold with its quad,
    which is added to the store and to both dumps: the sorted N-Triples dump
    counts them, one line each, without the hash table of every triple that a
    SPARQL ``COUNT(DISTINCT …)`` builds.
    """
    import pyoxigraph as ox

    from hkgov_graph.graph.build import serialise
    from hkgov_graph.graph.dataset import distinct_triples

    sort = gnu_sort()
    if sort is None or next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        if last is not None:
            store.add(last(distinct_triples(store) + 1))
        quads, triples = serialise(store)
        nquads.write_bytes(quads)
        ntriples.write_bytes(triples)
    else:
        _sort_into(store, sort, nquads, ntriples)
        if last is not None:
            quad = last(_digest(ntriples)[1] + 1)
            store.add(quad)
            _insert_line(nquads, _line(ox.serialize([quad], format=ox.RdfFormat.N_QUADS)))
            _insert_line(ntriples, _line(ox.serialize([quad.triple], format=ox.RdfFormat.N_TRIPLES)))
    return _digest(nquads)


def _line(data: bytes | None) -> bytes:
    from hkgov_graph.graph.build import conventional_language_tags

    return conventional_language_tags(data or b"")


def _insert_line(path: Path, line: bytes, block_size: int = 1 << 24) -> None:
    """Put ``line`` into the sorted file at its place in bytes order (``sort``'s with ``LC_ALL=C``), unless
    the file has it already: the file is copied in blocks, the one block where the line goes split into lines."""
    key = line.rstrip(b"\n")
    temporary = path.with_name(path.name + ".tmp")
    placed, rest = False, b""
    with path.open("rb") as source, temporary.open("wb") as target:
        for block in iter(lambda: source.read(block_size), b""):
            data = rest + block
            end = data.rfind(b"\n") + 1
            data, rest = data[:end], data[end:]
            if not placed and data:
                last_line = data[data.rfind(b"\n", 0, len(data) - 1) + 1:-1]
                if last_line >= key:
                    lines = data.split(b"\n")[:-1]
                    at = bisect.bisect_left(lines, key)
                    if at == len(lines) or lines[at] != key:
                        lines.insert(at, key)
                    data, placed = b"".join(x + b"\n" for x in lines), True
            target.write(data)
        if rest:
            raise RuntimeError(f"{path} does not end with a newline")
        if not placed:
            target.write(key + b"\n")
    os.replace(temporary, path)


def _sort_into(store: ox.Store, sort: str, nquads: Path, ntriples: Path) -> None:
    import pyoxigraph as ox

    from hkgov_graph.graph.build import conventional_language_tags

    env = {**os.environ, "LC_ALL": "C"}
    spill = str(nquads.parent)

    def start(target: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sort, "-u", "-S", SORT_BUFFER, "-T", spill, "-o", str(target)],
                                stdin=subprocess.PIPE, env=env)

    quads, triples = start(nquads), start(ntriples)
    assert quads.stdin is not None and triples.stdin is not None
    rest = b""

    class Lines:
        """Where Oxigraph writes the dump: whole lines go on to the two sorts."""

        def write(self, block: bytes) -> int:
            nonlocal rest
            end = block.rfind(b"\n") + 1
            if end == 0:
                rest += block
                return len(block)
            lines = conventional_language_tags(rest + block[:end])
            rest = block[end:]
            quads.stdin.write(lines)  # type: ignore[union-attr]
            triples.stdin.write(_GRAPH_NAME.sub(b" .\n", lines))  # type: ignore[union-attr]
            return len(block)

        def flush(self) -> None:
            """Nothing to flush: the blocks go straight on."""

    try:
        store.dump(Lines(), format=ox.RdfFormat.N_QUADS)
        if rest:
            raise RuntimeError("the store's N-Quads dump did not end with a newline")
    finally:
        for process in (quads, triples):
            process.stdin.close()  # type: ignore[union-attr]
            process.wait()
    for process in (quads, triples):
        if process.returncode != 0:
            raise RuntimeError(f"sort failed with exit code {process.returncode}")


def _digest(path: Path) -> tuple[str, int]:
    digest, lines = hashlib.sha256(), 0
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines
