"""hkgov-graph: a linked-data knowledge graph of the Hong Kong SAR Government's
network in Mainland China, with a query layer on top.

The package is organised by job: :mod:`hkgov_graph.graph.load` reads the Turtle
sources into a store, :mod:`hkgov_graph.graph.validate` checks them,
:mod:`hkgov_graph.graph.infer` materialises the standard terms and
:mod:`hkgov_graph.graph.build` writes the dumps. Heavy libraries are imported
lazily so that ``hkgov-graph --help`` stays fast.
"""

from __future__ import annotations

__all__ = ["Graph", "QueryResult", "__version__"]

_LAZY = {"Graph": "hkgov_graph.api", "QueryResult": "hkgov_graph.query.runner"}


def _version() -> str:
    # importlib.metadata pulls in the email package (tens of milliseconds): read only when asked for
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hkgov-graph")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"


def __getattr__(name: str) -> object:
    """``from hkgov_graph import Graph`` without importing the query layer on ``import hkgov_graph``;
    ``__version__`` without importing importlib.metadata."""
    if name == "__version__":
        globals()["__version__"] = found = _version()
        return found
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'hkgov_graph' has no attribute {name!r}")
