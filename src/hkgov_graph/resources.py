"""Where the ontology, data and queries live.

They are kept once, at the top of the repository, and shipped inside the
wheel under ``hkgov_graph/``; in an editable install or a source checkout the
top-level folders are used directly.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _resource_dir(name: str) -> Path:
    packaged = Path(str(files("hkgov_graph"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"cannot find the {name}/ folder of hkgov-graph (looked in {packaged} and {checkout})")


def ontology_dir() -> Path:
    """The folder holding the ontology and the SHACL shapes."""
    return _resource_dir("ontology")


def data_dir() -> Path:
    """The folder holding one Turtle file per source document."""
    return _resource_dir("data")


def queries_dir() -> Path:
    """The folder holding the packaged SPARQL queries."""
    return _resource_dir("queries")
