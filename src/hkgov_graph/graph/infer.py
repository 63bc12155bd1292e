"""Materialise the standard terms: apply the ``queries/construct-*.rq`` rules
to a fixpoint and keep what they derive in the inferred graph.

A client without a reasoner can then query the dump in ORG, PROV-O,
OWL-Time, SKOS and schema.org terms only (see docs/INTEROP.md). The rules
are discovered by glob, never from a hand-kept list.
"""

from __future__ import annotations

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


def materialise(store: ox.Store, rules_folder: Path | None = None) -> int:
    """Add every triple the rules derive and no graph asserts to the inferred graph.

    Returns the number of triples added.
    """
    import pyoxigraph as ox

    inferred = ox.NamedNode(ns.INFERRED_GRAPH)
    rules = [path.read_text(encoding="utf-8") for path in rule_files(rules_folder)]
    added = 0
    for _ in range(MAX_ROUNDS):
        new: set[ox.Triple] = set()
        for rule in rules:
            for triple in store.query(rule, use_default_graph_as_union=True):
                if triple not in new and next(iter(store.quads_for_pattern(
                        triple.subject, triple.predicate, triple.object, None)), None) is None:
                    new.add(triple)
        if not new:
            break
        store.extend(ox.Quad(t.subject, t.predicate, t.object, inferred) for t in new)
        added += len(new)
    return added


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
