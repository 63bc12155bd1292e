"""The benchmark's synthetic data: valid against the real shapes and checks, and deterministic;
and the faster validation paths it measures give the same report as ``validate``.

The generator is run as ``python -m benchmarks.generate`` from the checkout,
as the benchmark runner and a person would run it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from hkgov_graph.graph.load import load_dataset
from hkgov_graph.graph.validate import validate
from hkgov_graph.graph.validate_fast import (
    Unsupported,
    compile_shapes,
    read_shapes,
    shapes_are_local,
    validate_by_shape,
    validate_per_graph,
)

REPO = Path(__file__).resolve().parents[1]
SH = "http://www.w3.org/ns/shacl#"
SMALLEST = ["--triples", "10000"]


def generate(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, "-m", "benchmarks.generate", "--out", str(out), *args],
                   cwd=REPO, check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def smallest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's output at the smallest benchmark size."""
    return generate(tmp_path_factory.mktemp("synthetic") / "data", *SMALLEST)


def test_smallest_size_conforms_to_shapes_and_checks(smallest: Path) -> None:
    """The real loader and validator accept the synthetic data without a single result."""
    dataset = load_dataset(smallest)
    report = validate(dataset)
    assert report.results == [], report.to_text()
    assert 9_000 <= len(dataset.store) <= 13_000  # about 10 thousand data triples, plus the ontology


def test_layout_is_that_of_data(smallest: Path) -> None:
    """One file per source document plus the real editorial regions, each file its own graph."""
    dataset = load_dataset(smallest)
    kinds = {f.path.name: f.kind for f in dataset.files if f.kind != "ontology"}
    assert kinds.pop("editorial-regions.ttl") == "editorial"
    assert set(kinds.values()) == {"source"}
    assert len(dataset.data_graphs) == len(kinds) + 1


def test_same_seed_gives_same_bytes(smallest: Path, tmp_path: Path) -> None:
    """Generating again with the same seed and size writes identical files."""
    again = generate(tmp_path / "again", *SMALLEST)
    names = sorted(p.name for p in smallest.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (smallest / name).read_bytes() == (again / name).read_bytes(), name


def test_another_seed_gives_other_data(smallest: Path, tmp_path: Path) -> None:
    """The seed matters: a different seed gives different offices."""
    other = generate(tmp_path / "other", *SMALLEST, "--seed", "1")
    name = "synthetic-unit-c0001.ttl"
    assert (smallest / name).read_bytes() != (other / name).read_bytes()


# One fault per kind of constraint the shapes use (shared with the benchmark's comparison of validators).
FAULTS = (REPO / "benchmarks" / "faults.ttl").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def faulty(smallest: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The smallest synthetic data plus one more source file full of faults."""
    folder = tmp_path_factory.mktemp("faulty") / "data"
    shutil.copytree(smallest, folder)
    (folder / "synthetic-faults.ttl").write_text(FAULTS, encoding="utf-8")
    return folder


def test_faster_paths_report_what_validate_reports(faulty: Path) -> None:
    """Shape-by-shape SPARQL and per-graph pySHACL give validate's report, result for result."""
    dataset = load_dataset(faulty)
    expected = validate(dataset).results
    assert len({r.check for r in expected}) >= 15  # the faults reach most kinds of constraint
    assert validate_by_shape(dataset).results == expected
    assert validate_per_graph(dataset, max_triples=3_000).results == expected


def test_faster_paths_pass_conforming_data(smallest: Path) -> None:
    """No result on data that conforms, whichever path validates it."""
    dataset = load_dataset(smallest)
    assert validate_by_shape(dataset).results == []
    assert validate_per_graph(dataset, max_triples=3_000).results == []


def test_project_shapes_are_validated_in_slices() -> None:
    """The project's shapes look one step from the focus node: slicing applies, and every one compiles to SPARQL."""
    shapes = read_shapes()
    assert shapes_are_local(shapes)
    assert len(compile_shapes(shapes)) >= len(set(shapes.objects(None, rdflib.URIRef(SH + "property"))))


@pytest.mark.parametrize("constraint", [
    "sh:path org:unitOf ; sh:node ex:Other",
    "sh:path [ sh:inversePath org:unitOf ] ; sh:minCount 1",
])
def test_shapes_that_look_further_are_not_sliced(constraint: str) -> None:
    """A shape that follows its values' own triples is neither sliced nor compiled (the whole union is validated)."""
    shapes = rdflib.Graph().parse(data=f"""
        @prefix sh: <{SH}> . @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
        ex:Shape a sh:NodeShape ; sh:targetClass org:Organization ; sh:property [ {constraint} ] .
        ex:Other a sh:NodeShape ; sh:property [ sh:path org:unitOf ; sh:minCount 1 ] .
        """, format="turtle")
    assert not shapes_are_local(shapes)
    with pytest.raises(Unsupported):
        compile_shapes(shapes)
