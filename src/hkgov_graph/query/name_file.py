"""The name index on disk: written by the build beside the dump, read by every command that names a resource.

Turning ``駐京辦`` or ``Guangdong ETO`` into an IRI needs every label in the
graph in its normal form (:func:`hkgov_graph.query.names.normalise`). At a
million triples, reading and normalising the 170,000 labels takes about six
seconds: far more than the question itself. So the build writes the finished
index once into ``build/names.sqlite`` (SQLite, from the standard library: an
indexed lookup of one name is a fraction of a millisecond, and no process has
to read the whole file), and :class:`FileNameIndex` answers from it.

The file is used only while it matches the dump it was made from: it records
the dump's name, size and modification time (as ``store.json`` does for the
on-disk store, :mod:`hkgov_graph.graph.persistent`). Otherwise, or when it
cannot be read, the names are read from the store as before.
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph.query.names import NameIndex, pick_label, shorten

if TYPE_CHECKING:
    import pyoxigraph as ox

NAMES_FILE = "names.sqlite"
FORMAT = "1"  # raised whenever the tables or the normal form change: an older file is then not used

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE name (name TEXT NOT NULL, iri TEXT NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (name, iri));
CREATE TABLE display (iri TEXT NOT NULL, lexical TEXT NOT NULL, lang TEXT NOT NULL);
CREATE INDEX display_iri ON display (iri);
CREATE TABLE home (iri TEXT PRIMARY KEY);
"""


def _dump_facts(dump: Path) -> dict[str, str]:
    facts = dump.stat()
    return {"format": FORMAT, "dump": dump.name, "size": str(facts.st_size), "mtime_ns": str(facts.st_mtime_ns)}


def name_file(dump: Path) -> Path:
    """Where the name index of ``dump`` lives: beside it."""
    return dump.parent / NAMES_FILE


def write_name_file(index: NameIndex, dump: Path) -> Path:
    """Write ``index`` (made from the graph in ``dump``) to ``names.sqlite`` beside the dump, atomically.

    Rows go in sorted, so the same graph gives the same file.
    """
    target = name_file(dump)
    temporary = target.with_suffix(".sqlite.tmp")
    temporary.unlink(missing_ok=True)
    connection = sqlite3.connect(temporary)
    try:
        connection.executescript(_SCHEMA)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(_dump_facts(dump).items()))
        connection.executemany("INSERT INTO name VALUES (?, ?, ?)",
                               sorted((name, iri, rank) for name, iris in index.names.items()
                                      for iri, rank in iris.items()))
        connection.executemany("INSERT INTO display VALUES (?, ?, ?)",
                               sorted((iri, label.value, label.language or "") for iri, labels in
                                      index.display.items() for label in labels))
        connection.executemany("INSERT INTO home VALUES (?)", sorted((iri,) for iri in index.home))
        connection.commit()
    finally:
        connection.close()
    os.replace(temporary, target)
    return target


def open_name_file(dump: Path) -> FileNameIndex | None:
    """The name index beside ``dump`` when it was made from this very dump; None otherwise."""
    path = name_file(dump)
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        recorded = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except (sqlite3.Error, OSError):
        return None
    if recorded != _dump_facts(dump):
        connection.close()
        return None
    return FileNameIndex(connection)


class FileNameIndex(NameIndex):
    """A :class:`NameIndex` that looks names up in the file, and reads all of it only when asked to.

    Exact names (the common case) cost one indexed lookup; the searches that
    compare a name with every other (words, suggestions) read the whole table
    once, still without normalising anything again.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        super().__init__()
        self._connection = connection
        self._loaded = False
        self._labels: dict[str, list[ox.Literal]] = {}

    def lookup(self, name: str) -> dict[str, int]:
        if self._loaded:
            return super().lookup(name)
        rows = self._connection.execute("SELECT iri, rank FROM name WHERE name = ?", (name,)).fetchall()
        return dict(rows)

    def in_home(self, iri: str) -> bool:
        if self._loaded:
            return super().in_home(iri)
        return self._connection.execute("SELECT 1 FROM home WHERE iri = ?", (iri,)).fetchone() is not None

    def labels(self, iri: str) -> list[ox.Literal]:
        if iri not in self._labels:
            import pyoxigraph as ox

            rows = self._connection.execute("SELECT lexical, lang FROM display WHERE iri = ? ORDER BY rowid",
                                            (iri,)).fetchall()
            self._labels[iri] = [ox.Literal(lexical, language=lang or None) for lexical, lang in rows]
        return self._labels[iri]

    def label(self, iri: str, lang: str = "en") -> str | None:
        return pick_label(self.labels(iri), lang)

    def describe(self, iri: str) -> str:
        label = self.label(iri)
        return f"{shorten(iri)} ({label})" if label else shorten(iri)

    def load_all(self) -> None:
        """Read every name and the home set into memory (for the searches over all names)."""
        if self._loaded:
            return
        names: dict[str, dict[str, int]] = defaultdict(dict)
        for name, iri, rank in self._connection.execute("SELECT name, iri, rank FROM name"):
            names[name][iri] = rank
        self.names = names
        self.home = {iri for (iri,) in self._connection.execute("SELECT iri FROM home")}
        self._loaded = True
