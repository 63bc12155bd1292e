"""Shared fixtures: the graph is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from hkgov_graph.graph.build import BuildResult, build
from hkgov_graph.graph.load import LoadedDataset, load_dataset

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A full build of the real data (dumps and pictures) in a temporary folder."""
    return build(tmp_path_factory.mktemp("session") / "build")


@pytest.fixture(scope="session")
def nquads(built: BuildResult) -> Path:
    """The built N-Quads dump."""
    return built.output_dir / "hkgov-graph.nq"


@pytest.fixture(scope="session")
def dataset() -> LoadedDataset:
    """The real data loaded into a store, before inference."""
    return load_dataset()


@pytest.fixture
def artifacts_dir() -> Path:
    """Where tests leave artefacts for people to look at (screenshots)."""
    path = REPO / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
