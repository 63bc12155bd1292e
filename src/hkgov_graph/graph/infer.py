"""Materialise the standard terms: apply the ``queries/construct-*.rq`` rules
to a fixpoint and keep what they derive in the inferred graph.

A client without a reasoner can then query the dump in ORG, PROV-O,
OWL-Time, SKOS and schema.org terms only (see docs/INTEROP.md). The rules
are discovered by glob, never from a hand-kept list.
"""

from __future__ import annotations

import re
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

    Returns the number of triples added; ``added`` gets them as N-Triples
    text. The rules run in turn, each seeing what the earlier ones derived,
    until each has run once since the last one derived something new (at most
    ``MAX_ROUNDS`` turns each). The work stays in Oxigraph, no Python object
    per derived triple.

    A rule whose template is one triple pattern (the project's are) is run as
    written plus ``FILTER NOT EXISTS`` that pattern, so it constructs only what
    no graph states yet, and its result goes straight into the inferred graph.
    Otherwise every rule's result is read into a staging graph, and at the end
    what some other graph states is dropped and the rest moved (the same
    triples, at the price of copies Oxigraph's in-memory store never frees).
    """
    rules = [path.read_text(encoding="utf-8") for path in rule_files(rules_folder)]
    before = graph_size(store, ns.INFERRED_GRAPH)
    only_new = [only_new_triples(rule) for rule in rules]
    if all(only_new):
        _run_to_fixpoint(store, only_new, ns.INFERRED_GRAPH, added)  # type: ignore[arg-type]
    else:
        _run_in_staging(store, rules, added)
    return graph_size(store, ns.INFERRED_GRAPH) - before


def only_new_triples(rule: str) -> str | None:
    """``CONSTRUCT { t } WHERE { … }`` with one triple pattern ``t`` as ``… FILTER NOT EXISTS { t } }``
    (the triples it derives that no graph states); None for any other form."""
    code = "\n".join(line for line in rule.splitlines() if not line.lstrip().startswith("#"))
    found = re.search(r"\bCONSTRUCT\s*\{([^{}]*)\}\s*WHERE\s*\{", code, re.IGNORECASE)
    if found is None or not code.rstrip().endswith("}"):
        return None
    template = found[1].strip().removesuffix(".").strip()
    terms = re.sub(r"<[^<>\s]*>", "<>", template).split()
    if len(terms) != 3 or any(t.startswith(("_:", "[", "(", '"', "'")) or t[-1] in ".;," for t in terms):
        return None
    end = code.rstrip().rfind("}")
    return f"{code[:end]}\n  FILTER NOT EXISTS {{ {template} }}\n}}"


def _run_to_fixpoint(store: ox.Store, rules: list[str], graph: str,
                     added: Callable[[bytes], None] | None) -> None:
    import pyoxigraph as ox

    target = ox.NamedNode(graph)
    quiet = 0  # how many rules in a row derived nothing new
    for turn in range(MAX_ROUNDS * len(rules)):
        if quiet == len(rules):
            break
        derived = store.query(rules[turn % len(rules)], use_default_graph_as_union=True).serialize(
            format=ox.RdfFormat.N_TRIPLES)
        if not derived:
            quiet += 1
            continue
        quiet = 0
        store.load(derived, format=ox.RdfFormat.N_TRIPLES, to_graph=target, lenient=True)  # Oxigraph's own
        if added is not None:
            added(derived)


def _run_in_staging(store: ox.Store, rules: list[str], added: Callable[[bytes], None] | None) -> None:
    import pyoxigraph as ox

    staging = ox.NamedNode(STAGING_GRAPH)
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
