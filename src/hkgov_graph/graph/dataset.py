"""The description of the dataset itself (VoID and DCAT), written into the dump.

docs/INTEROP.md promises a ``void:Dataset`` / ``dcat:Dataset`` description with
licence, triple count and example resources. It is derived by the build, so
it sits in the inferred graph. No timestamps: the same data gives the same
description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns

if TYPE_CHECKING:
    import pyoxigraph as ox

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
EXAMPLE_RESOURCES = ("office/bjo", "office/gdeto", "liaison-unit/fujian", "bureau/cmab",
                     "mechanism/guangdong-hong-kong", "region/guangdong")


def describe_dataset(store: ox.Store, source_graphs: list[str], base: str = ns.DEFAULT_BASE) -> int:
    """Add the dataset description to the inferred graph; returns the union's triple count it states."""
    import pyoxigraph as ox

    graph = ox.NamedNode(ns.INFERRED_GRAPH)
    dataset = ox.NamedNode(base + "dataset")

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def text(value: str, language: str) -> ox.Literal:
        return ox.Literal(value, language=language)

    statements: list[tuple[ox.NamedNode, ox.Literal | ox.NamedNode]] = [
        (iri(ns.RDF + "type"), iri(ns.VOID + "Dataset")),
        (iri(ns.RDF + "type"), iri(ns.DCAT + "Dataset")),
        (iri(ns.DCTERMS + "title"), text("hkgov-graph: the HKSAR Government's network in Mainland China", "en")),
        (iri(ns.DCTERMS + "title"), text("香港特區政府駐內地辦事處網絡知識圖譜", "zh-Hant")),
        (iri(ns.DCTERMS + "title"), text("香港特区政府驻内地办事处网络知识图谱", "zh-Hans")),
        (iri(ns.DCTERMS + "description"), text(
            "The Hong Kong SAR Government's offices in Mainland China, the bureaus they answer to, the regions "
            "they serve and the HK-Mainland co-operation mechanisms, each fact in the named graph of the "
            "document that states it.", "en")),
        (iri(ns.DCTERMS + "license"), iri(LICENSE)),
        (iri(ns.VOID + "vocabulary"), iri(ns.ORG)),
        (iri(ns.VOID + "vocabulary"), iri(ns.PROV)),
        (iri(ns.VOID + "vocabulary"), iri(ns.TIME)),
        (iri(ns.VOID + "vocabulary"), iri(ns.SKOS)),
        (iri(ns.VOID + "vocabulary"), iri(ns.SCHEMA)),
        (iri(ns.VOID + "vocabulary"), iri(ns.HKG)),
        (iri(ns.VOID + "uriSpace"), ox.Literal(base + "id/")),
        (iri(ns.VOID + "sparqlEndpoint"), iri(base + "sparql")),
    ]
    statements += [(iri(ns.VOID + "exampleResource"), iri(base + "id/" + path)) for path in EXAMPLE_RESOURCES]
    statements += [(iri(ns.DCTERMS + "source"), iri(g)) for g in sorted(source_graphs)]
    store.extend(ox.Quad(dataset, p, o, graph) for p, o in statements)

    # The count covers the description too, including the void:triples statement itself.
    union = {(q.subject, q.predicate, q.object) for q in store}
    count = len(union) + 1
    store.add(ox.Quad(dataset, iri(ns.VOID + "triples"),
                      ox.Literal(str(count), datatype=iri(ns.XSD + "integer")), graph))
    return count
