"""The build's on-disk store: used read-only while it is current with the dump, the dump otherwise;
and the build's faster validation, which reports what pySHACL reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph.graph.build import BuildResult
from hkgov_graph.graph.persistent import STAMP_NAME, STORE_NAME, verify, why_not_current
from hkgov_graph.query.runner import find_question, run_question
from hkgov_graph.query.stores import EmbeddedStore

OFFICE = "https://w3id.org/hkgov-graph/id/office/"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
# A quad that is in no build: seen only by a store that read the edited dump.
EXTRA = (f'<{OFFICE}bjo> <{SKOS_PREF}> "A name only the edited dump has"@en '
         '<https://w3id.org/hkgov-graph/graph/wikipedia-beijing-office> .\n')


@pytest.fixture
def build_copy(built: BuildResult, tmp_path: Path) -> Path:
    """A copy of the session's build (times kept, so the store stays current); returns its dump."""
    target = tmp_path / "build"
    shutil.copytree(built.output_dir, target, copy_function=shutil.copy2)
    return target / "hkgov-graph.nq"


def labels_of_bjo(store: EmbeddedStore) -> set[str]:
    rows = store.select(f"SELECT ?l WHERE {{ <{OFFICE}bjo> <{SKOS_PREF}> ?l }}")
    return {row["l"].value for row in rows}


def test_the_build_writes_a_store_and_its_stamp(built: BuildResult) -> None:
    """build/ holds store/ and store.json, which records the dump's size and SHA-256 and the store's quads."""
    dump = built.output_dir / "hkgov-graph.nq"
    stamp = json.loads((built.output_dir / STAMP_NAME).read_text(encoding="utf-8"))
    assert (built.output_dir / STORE_NAME).is_dir()
    assert stamp["size"] == dump.stat().st_size
    assert stamp["quads"] == built.quad_count
    assert why_not_current(dump) is None
    assert verify(dump) is None


def test_the_store_holds_exactly_the_dump(built: BuildResult) -> None:
    """The store, written beside the build's work rather than from the dump, holds the dump's quads, each in
    its graph (language tags compare as Oxigraph reads them: lower case, in both)."""
    dump = built.output_dir / "hkgov-graph.nq"
    on_disk = set(ox.Store.read_only(str(built.output_dir / STORE_NAME)))
    assert on_disk == set(ox.parse(path=dump, format=ox.RdfFormat.N_QUADS))
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in on_disk)


def test_a_current_store_is_opened_read_only(build_copy: Path) -> None:
    """A current store is what the commands read: read-only (an update fails), with the dump's answers."""
    on_disk = EmbeddedStore.from_nquads(build_copy)
    in_memory = EmbeddedStore.from_nquads(build_copy, use_store=False)
    assert "store" in on_disk.description and "read-only" in on_disk.description
    assert len(on_disk.store) == len(in_memory.store)
    assert "香港特別行政區政府駐北京辦事處" in labels_of_bjo(on_disk)  # seed: wikipedia-beijing-office
    with pytest.raises(RuntimeError, match="read-write"):
        on_disk.store.update(f'INSERT DATA {{ <{OFFICE}x> <{SKOS_PREF}> "x" }}')


def test_same_rows_from_the_store_and_the_dump(build_copy: Path) -> None:
    """A packaged question answers the same on the on-disk store as on the dump loaded in memory."""
    question = find_question("mainland-offices")
    on_disk = run_question(EmbeddedStore.from_nquads(build_copy), question, {"lang": "zh-Hant"})
    in_memory = run_question(EmbeddedStore.from_nquads(build_copy, use_store=False), question, {"lang": "zh-Hant"})
    assert on_disk.rows == in_memory.rows
    assert len(on_disk.rows) == 5  # the Beijing Office and four ETOs (seed: wikipedia-mainland-etos)


def test_an_edited_dump_is_read_instead(build_copy: Path) -> None:
    """When the dump changed after the build, the commands load the dump, and see the change."""
    with build_copy.open("a", encoding="utf-8") as dump:
        dump.write(EXTRA)
    assert why_not_current(build_copy) is not None
    store = EmbeddedStore.from_nquads(build_copy)
    assert "the dump" in store.description
    assert "A name only the edited dump has" in labels_of_bjo(store)


def test_same_size_same_time_is_caught_by_verify(build_copy: Path) -> None:
    """An edit that keeps size and time passes the quick check but not verify(), which hashes the dump."""
    facts = build_copy.stat()
    data = bytearray(build_copy.read_bytes())
    at = data.index(b"Beijing")
    data[at:at + 7] = b"BEIJING"
    build_copy.write_bytes(bytes(data))
    os.utime(build_copy, ns=(facts.st_atime_ns, facts.st_mtime_ns))
    assert why_not_current(build_copy) is None
    assert verify(build_copy) is not None


@pytest.mark.parametrize("damage", ["no stamp", "no store", "broken store", "malformed stamp"])
def test_fallback_to_the_dump(build_copy: Path, damage: str) -> None:
    """Without a usable store (no stamp, no store, a store that does not open, a bad stamp) the dump is loaded."""
    folder = build_copy.parent
    if damage == "no stamp":
        (folder / STAMP_NAME).unlink()
    elif damage == "no store":
        shutil.rmtree(folder / STORE_NAME)
    elif damage == "broken store":
        for path in (folder / STORE_NAME).iterdir():
            path.write_bytes(b"not a database")
    else:
        (folder / STAMP_NAME).write_text("[1, 2", encoding="utf-8")
    store = EmbeddedStore.from_nquads(build_copy)
    assert "the dump" in store.description
    assert "香港特別行政區政府駐北京辦事處" in labels_of_bjo(store)


def test_concurrent_readers(build_copy: Path) -> None:
    """Several processes read the store at once while this one holds it open."""
    held = EmbeddedStore.from_nquads(build_copy)
    assert "store" in held.description
    command = [sys.executable, "-m", "hkgov_graph", "query", "regions-served-by-office", "--office", "office:bjo",
               "--nquads", str(build_copy), "--format", "csv"]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [e.decode() for _, e in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert b"region/xinjiang" in outputs[0][0]  # seed 000: the Beijing Office serves Xinjiang
    assert labels_of_bjo(held)  # still readable


def test_the_store_survives_being_moved(built: BuildResult, tmp_path: Path) -> None:
    """The build swaps its folder into place: a store written in one folder opens in another."""
    target = tmp_path / "moved"
    shutil.copytree(built.output_dir, target, copy_function=shutil.copy2)
    store = ox.Store.read_only(str(target / STORE_NAME))
    assert len(store) == built.quad_count


def test_fast_validation_is_the_default_and_reports_as_pyshacl(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`hkgov-graph validate` (one SPARQL query per constraint, as the build) prints pySHACL's report."""
    from hkgov_graph.cli import main
    from inline import write_data
    from test_build import copy_data

    data = copy_data(tmp_path)
    write_data(data, 'unit:broken a hkg:LiaisonUnit ; skos:prefLabel "壞聯絡處"@zh-Hant , "另一個"@zh-Hant .\n',
               with_context=False, name="zz-broken.ttl")
    assert main(["validate", "--data", str(data)]) == 1
    fast = capsys.readouterr().out
    assert main(["validate", "--pyshacl", "--data", str(data)]) == 1
    assert capsys.readouterr().out == fast
    assert "unit:broken" in fast and "org:unitOf" in fast and "zz-broken.ttl:" in fast


def test_the_name_file_is_used_only_with_its_own_dump(build_copy: Path) -> None:
    """build/names.sqlite answers name lookups while the dump is the one it was made from; an edited dump, or a
    damaged file, means the names are read from the store again, and a name only the edited dump has is found."""
    from hkgov_graph.query.name_file import NAMES_FILE, FileNameIndex, open_name_file
    from hkgov_graph.query.names import Resolver

    assert (build_copy.parent / NAMES_FILE).is_file()
    assert isinstance(open_name_file(build_copy), FileNameIndex)
    # seed 000: 駐京辦 is the Beijing Office's short name
    assert Resolver(EmbeddedStore.from_nquads(build_copy)).resolve("駐京辦").iri == OFFICE + "bjo"

    with build_copy.open("a", encoding="utf-8") as dump:
        dump.write(EXTRA)
    assert open_name_file(build_copy) is None
    resolver = Resolver(EmbeddedStore.from_nquads(build_copy))
    assert not isinstance(resolver.index, FileNameIndex)
    assert resolver.resolve("A name only the edited dump has").iri == OFFICE + "bjo"

    (build_copy.parent / NAMES_FILE).write_bytes(b"not a database")
    assert open_name_file(build_copy) is None
