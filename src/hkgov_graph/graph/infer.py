"""Materialise the standard terms: apply the ``queries/construct-*.rq`` rules
to a fixpoint and keep what they derive in the inferred graph.

A client without a reasoner can then query the dump in ORG, PROV-O,
OWL-Time, SKOS and schema.org terms only (see docs/INTEROP.md). The rules
are discovered by glob, never from a hand-kept list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.resources import queries_dir as default_queries_dir

if TYPE_CHECKING:
    import pyoxigraph as ox

MAX_ROUNDS = 10


def rule_files(folder: Path | None = None) -> list[Path]:
    """The inference rules, in a stable order."""
    return sorted((folder or default_queries_dir()).glob("construct-*.rq"))


# Where a round's derivations collect before those some graph already asserts are dropped (never in a dump).
STAGING_GRAPH = ns.INFERRED_GRAPH + "-staging"


def materialise(store: ox.Store, rules_folder: Path | None = None,
                added: Callable[[bytes], None] | None = None) -> int:
    """Add every triple the rules derive and no graph asserts to the inferred graph.

    Returns the number of triples added. The work stays in Oxigraph: each
    rule's CONSTRUCT result, written as N-Triples, is read into a staging graph,
    which the next rules see (the union default graph includes it); the rules
    run in turn until each has run once since the staging graph last grew (at
    most ``MAX_ROUNDS`` turns each). One update then drops what some other graph
    already states and moves the rest into the inferred graph. No Python object
    per derived triple. ``added`` gets what is moved, as N-Triples text.
    """
    import pyoxigraph as ox

    staging = ox.NamedNode(STAGING_GRAPH)
    rules = [path.read_text(encoding="utf-8") for path in rule_files(rules_folder)]
    before = graph_size(store, ns.INFERRED_GRAPH)
    size, quiet = 0, 0  # quiet: how many rules in a row left the staging graph as it was
    for turn in range(MAX_ROUNDS * len(rules)):
        if quiet == len(rules):
            break
        derived = store.query(rules[turn % len(rules)], use_default_graph_as_union=True).serialize(
            format=ox.RdfFormat.N_TRIPLES)
        if derived:
            store.load(derived, format=ox.RdfFormat.N_TRIPLES, to_graph=staging, lenient=True)  # Oxigraph's own
        size, previous = graph_size(store, STAGING_GRAPH), size
        quiet = quiet + 1 if size == previous else 0
    store.update(f"DELETE {{ GRAPH <{STAGING_GRAPH}> {{ ?s ?p ?o }} }} "
                 f"WHERE {{ GRAPH <{STAGING_GRAPH}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} "
                 f"FILTER(?g != <{STAGING_GRAPH}>) }}")
    if added is not None:
        added(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=staging) or b"")
    store.update(f"ADD <{STAGING_GRAPH}> TO <{ns.INFERRED_GRAPH}> ; DROP SILENT GRAPH <{STAGING_GRAPH}>")
    return graph_size(store, ns.INFERRED_GRAPH) - before


def graph_size(store: ox.Store, graph: str) -> int:
    """How many triples a named graph holds, counted by the store."""
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))[0].value)


def describe_inferred_graph(store: ox.Store, source_graphs: list[str]) -> None:
    """State what the inferred graph is and what it was derived from."""
    import pyoxigraph as ox

    g = ox.NamedNode(ns.INFERRED_GRAPH)
    rdf_type = ox.NamedNode(ns.RDF + "type")
    quads = [
        ox.Quad(g, rdf_type, ox.NamedNode(ns.HKG + "DerivedGraph"), g),
        ox.Quad(g, rdf_type, ox.NamedNode(ns.PROV + "Entity"), g),
        ox.Quad(g, ox.NamedNode(ns.DCTERMS + "title"),
                ox.Literal("Triples derived by the build", language="en"), g),
        ox.Quad(g, ox.NamedNode(ns.DCTERMS + "title"), ox.Literal("建置推導的三元組", language="zh-Hant"), g),
        ox.Quad(g, ox.NamedNode(ns.DCTERMS + "title"), ox.Literal("建置推导的三元组", language="zh-Hans"), g),
        ox.Quad(g, ox.NamedNode(ns.DCTERMS + "description"), ox.Literal(
            "Standard ORG, PROV-O, OWL-Time, SKOS and schema.org statements implied by the sources and the "
            "ontology's sub-class, sub-property and inverse axioms (queries/construct-*.rq); and the time model: "
            "for every dated thing, bounds on its first and last day in force with their basis, the reporting "
            "steps and paths, and the dataset's reference date (docs/time-model.md).", language="en"), g),
    ]
    quads += [ox.Quad(g, ox.NamedNode(ns.PROV + "wasDerivedFrom"), ox.NamedNode(s), g)
              for s in sorted(source_graphs)]
    store.extend(quads)
