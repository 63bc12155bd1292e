"""The Python API as a developer embedding it calls it: mistakes are the project's errors, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from hkgov_graph import Graph
from hkgov_graph.errors import UsageError

ID = "https://w3id.org/hkgov-graph/id/"


@pytest.fixture(scope="module")
def graph(nquads: Path) -> Graph:
    return Graph.load(nquads)


def test_resolve_of_a_class_named_by_prefixed_name(graph: Graph) -> None:
    """resolve(of_class="org:Organization") takes the prefixed name, as the query parameters do."""
    # seed 000: 香港特別行政區政府駐北京辦事處（簡稱香港特區駐京辦、香港駐京辦或駐京辦）
    assert graph.resolve("駐京辦", of_class="org:Organization").iri == ID + "office/bjo"


def test_resolve_of_a_class_named_by_iri(graph: Graph) -> None:
    """resolve(of_class=...) takes the class's full IRI too."""
    # seed 000: 駐京辦 is the Beijing Office, a hkg:BeijingOffice in the data
    hit = graph.resolve("駐京辦", of_class="https://w3id.org/hkgov-graph/ontology#BeijingOffice")
    assert hit.iri == ID + "office/bjo"


@pytest.mark.parametrize("of_class", ["not a class", "http://example.org/a class", 42])
def test_resolve_of_a_malformed_class_is_a_usage_error(graph: Graph, of_class: object) -> None:
    """A class that is no IRI or prefixed name is a UsageError naming of_class, not a ValueError from the store."""
    with pytest.raises(UsageError, match="of_class="):
        graph.resolve("駐京辦", of_class=of_class)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", [None, 42])
def test_resolve_of_a_non_name_is_a_usage_error(graph: Graph, name: object) -> None:
    """resolve(None) or resolve(42) is a UsageError, not an AttributeError from inside the name index."""
    with pytest.raises(UsageError, match="not an IRI or a name"):
        graph.resolve(name)  # type: ignore[arg-type]
