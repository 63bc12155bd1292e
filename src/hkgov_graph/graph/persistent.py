"""The build's on-disk Oxigraph store, beside the dumps, and how commands open it.

Loading the N-Quads dump into memory costs seconds and hundreds of megabytes
per command at a million triples, for questions that take milliseconds once
loaded. So the build also writes an on-disk store holding exactly the dump's
quads (``build/store/``; bulk-loaded beside the build's work by
:class:`StoreWriter`, or from the dump by :func:`write_store`), and every
command that reads the build opens that store read-only instead (RocksDB's
read-only mode: any number of processes can read it at once; nobody writes to
it after the build).

The store is used only while it is *current*: ``build/store.json``, written
after the store, records the dump it was loaded from (name, size, modification
time in nanoseconds and SHA-256). A dump that was replaced or edited since
(another size or time), a missing or unreadable stamp, or a store that cannot
be opened means falling back to loading the dump, as before. Size and time are
what is compared on every open (a stat, microseconds); the SHA-256 is there for
:func:`verify`, which reads the whole dump.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph as ox

STORE_NAME = "store"
STAMP_NAME = "store.json"


def store_path(dump: Path) -> Path:
    """Where the store loaded from ``dump`` lives: ``store/`` in the dump's folder."""
    return dump.parent / STORE_NAME


def _file_facts(dump: Path) -> dict[str, Any]:
    facts = dump.stat()
    return {"dump": dump.name, "size": facts.st_size, "mtime_ns": facts.st_mtime_ns}


def write_store(dump: Path, sha256: str | None = None) -> Path:
    """Bulk-load ``dump`` (N-Quads) into a fresh on-disk store beside it; then write the stamp.

    The stamp is written last, so a build killed halfway leaves no stamp and
    the commands fall back to the dump.
    """
    import pyoxigraph as ox

    folder = store_path(dump)
    (dump.parent / STAMP_NAME).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    quads = len(store)
    del store  # closes the database before anyone opens it read-only
    write_stamp(dump, sha256, quads)
    return folder


def write_stamp(dump: Path, sha256: str | None, quads: int) -> None:
    """Record that the store beside ``dump`` holds what the dump holds (written last, atomically)."""
    if sha256 is None:
        sha256 = _sha256(dump)
    facts = {**_file_facts(dump), "sha256": sha256, "quads": quads}
    stamp = dump.parent / STAMP_NAME
    temporary = stamp.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, stamp)


class StoreWriter:
    """The on-disk store, bulk-loaded in a background thread while the build goes on.

    Reading the finished dump back into a store cost the build a third of its
    time at a million triples (42 s), after everything else. Oxigraph's bulk
    loader runs without Python's lock, so here it runs beside the work: the
    build hands over the sources once they are loaded (while it validates and
    infers) and the inferred graph as it grows, as the N-Quads and N-Triples
    Oxigraph writes for the working store: the same text the dump is made of.
    Blocks of about ``CHUNK`` bytes; the sources all at once (so that the
    inference starts at once), then at most ``QUEUED`` blocks waiting, so the
    loader's memory stays bounded.
    """

    CHUNK = 1 << 25
    QUEUED = 3

    def __init__(self, folder: Path) -> None:
        import pyoxigraph as ox

        shutil.rmtree(folder, ignore_errors=True)
        self.folder = folder
        self._store: ox.Store | None = ox.Store(str(folder))
        self._queue: queue.Queue[tuple[bytes, str | None, bool] | None] = queue.Queue()
        self._room = threading.Condition()  # notified whenever the loader takes a block
        self._bounded = 0  # blocks queued by add_text, not yet taken (at most QUEUED)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import pyoxigraph as ox

        while True:
            item = self._queue.get()
            if item is None:
                return
            block, graph, bounded = item
            if bounded:
                with self._room:
                    self._bounded -= 1
                    self._room.notify_all()
            if self._error is None and self._store is not None:
                try:
                    # lenient (no second check of every IRI): Oxigraph wrote the text from its own store
                    if graph is None:
                        self._store.bulk_load(block, format=ox.RdfFormat.N_QUADS, lenient=True)
                    else:
                        self._store.bulk_load(block, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph),
                                              lenient=True)
                except BaseException as error:  # reported by finish(), in the build's thread
                    self._error = error

    def _put(self, block: bytes, graph: str | None, wait: bool) -> None:
        if wait:
            with self._room:
                self._room.wait_for(lambda: self._bounded < self.QUEUED)
                self._bounded += 1
        self._queue.put((block, graph, wait))

    def add(self, store: ox.Store) -> None:
        """Queue every quad of ``store`` (without waiting for the loader)."""
        import pyoxigraph as ox

        writer = self
        rest = b""

        class Blocks:
            """Where Oxigraph writes the quads: whole lines, in blocks of about ``CHUNK`` bytes."""

            def __init__(self) -> None:
                self.parts: list[bytes] = []
                self.size = 0

            def write(self, block: bytes) -> int:
                self.parts.append(block)
                self.size += len(block)
                if self.size >= writer.CHUNK:
                    self.send()
                return len(block)

            def send(self) -> None:
                nonlocal rest
                data = rest + b"".join(self.parts)
                end = data.rfind(b"\n") + 1
                rest = data[end:]
                self.parts, self.size = [], 0
                if end:
                    writer._put(data[:end], None, wait=False)

            def flush(self) -> None:
                """Nothing to flush: blocks go on when they are full."""

        blocks = Blocks()
        store.dump(blocks, format=ox.RdfFormat.N_QUADS)
        blocks.send()
        if rest:
            raise RuntimeError("the store's N-Quads dump did not end with a newline")

    def add_text(self, ntriples: bytes, graph: str) -> None:
        """Queue statements for ``graph``, given as N-Triples text (whole lines), in blocks of about ``CHUNK``
        (waiting while ``QUEUED`` blocks wait for the loader)."""
        start = 0
        while start < len(ntriples):
            end = ntriples.find(b"\n", start + self.CHUNK) + 1 or len(ntriples)
            self._put(ntriples[start:end], graph, wait=True)
            start = end

    def finish(self) -> int:
        """Wait for the loader, compact the store and close it; returns the number of quads it holds."""
        import pyoxigraph as ox

        self._queue.put(None)
        self._thread.join()
        store, self._store = self._store, None
        if self._error is not None:
            raise self._error
        assert store is not None
        store.flush()
        store.optimize()
        quads = len(store)
        if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
            quads = -1  # the build writes named graphs only: whatever went wrong, do not count on this store
        del store  # closes the database before anyone opens it read-only
        return quads

    def abort(self) -> None:
        """Stop loading, close the store and remove it (the build failed)."""
        self._error = self._error or RuntimeError("aborted")  # the loader skips what is still queued
        self._queue.put(None)
        self._thread.join()
        self._store = None
        shutil.rmtree(self.folder, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def why_not_current(dump: Path) -> str | None:
    """Why the store beside ``dump`` cannot stand in for it (None when it can)."""
    stamp = dump.parent / STAMP_NAME
    if not store_path(dump).is_dir():
        return "there is no store beside the dump"
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        now = _file_facts(dump)
    except (OSError, ValueError):
        return "the store has no readable stamp (store.json)"
    if not isinstance(recorded, dict):
        return "the store's stamp is malformed"
    for key, value in now.items():
        if recorded.get(key) != value:
            return f"the dump changed since the store was written ({key})"
    return None


def open_current(dump: Path) -> ox.Store | None:
    """The store beside ``dump``, opened read-only, when it is current; None otherwise (load the dump)."""
    if why_not_current(dump) is not None:
        return None
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(store_path(dump)))
    except (OSError, RuntimeError):  # RocksDB reports a damaged store as a RuntimeError ("Corruption: …")
        return None


def verify(dump: Path) -> str | None:
    """Like :func:`why_not_current`, and the dump's SHA-256 compared too (reads the whole dump)."""
    reason = why_not_current(dump)
    if reason is not None:
        return reason
    recorded = json.loads((dump.parent / STAMP_NAME).read_text(encoding="utf-8"))
    if recorded.get("sha256") != _sha256(dump):
        return "the dump's content changed since the store was written (sha256)"
    return None
