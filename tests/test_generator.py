"""The benchmark's synthetic data: valid against the real shapes and checks, and deterministic.

The generator is run as ``python -m benchmarks.generate`` from the checkout,
as the benchmark runner and a person would run it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hkgov_graph.load import load_dataset
from hkgov_graph.validate import validate

REPO = Path(__file__).resolve().parents[1]
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
