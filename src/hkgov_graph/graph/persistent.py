"""The build's on-disk Oxigraph store, beside the dumps, and how commands open it.

Loading the N-Quads dump into memory costs seconds and hundreds of megabytes
per command at a million triples, for questions that take milliseconds once
loaded. So the build also bulk-loads the dump into an on-disk store
(``build/store/``), and every command that reads the build opens that store
read-only instead (RocksDB's read-only mode: any number of processes can read
it at once; nobody writes to it after the build).

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
    import shutil

    import pyoxigraph as ox

    folder = store_path(dump)
    stamp = dump.parent / STAMP_NAME
    stamp.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    quads = len(store)
    del store  # closes the database before anyone opens it read-only
    if sha256 is None:
        sha256 = _sha256(dump)
    facts = {**_file_facts(dump), "sha256": sha256, "quads": quads}
    temporary = stamp.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, stamp)
    return folder


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
