"""Write the time model into the inferred graph, in the form ``docs/time-model.md`` documents.

For a dated thing X (combined over its sources; the extent, a skolem IRI
under ``.well-known/genid/``, is described on X's page)::

    X hkg:timeExtent _:time .
    _:time a hkg:TimeExtent ;
        hkg:startEarliest "1999-01-01"^^xsd:date ; hkg:startLatest "1999-12-31"^^xsd:date ;
        hkg:endEarliest …  ; hkg:endLatest … ;          # each left out when open
        hkg:startBasis hkg:DatePrecision ; hkg:endBasis hkg:DocumentDate ;
        hkg:lastAttested "2019-01-21"^^xsd:date ; hkg:lastAttestedIn graph:… ;
        prov:wasDerivedFrom graph:… ;
        hkg:perSource _:time-in-graph .                # where several graphs date X

A structure statement is an ``rdf:Statement`` with its own
``hkg:timeExtent``; a reporting step or path is an ``hkg:ReportingPath``
carrying its bounds directly. The dataset gets its
``hkg:referenceDate``. Everything is written as N-Triples text and loaded in
one call: at a million triples that is far faster than a Python object per
triple.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.temporal.dates import XSD_TYPE_OF_PRECISION, parse_period
from hkgov_graph.temporal.extent import Extent
from hkgov_graph.temporal.model import Model, Path, Step, extent_iri

if TYPE_CHECKING:
    import pyoxigraph as ox

H = ns.HKG
DATE = f"^^<{ns.XSD}date>"
TYPE = f"<{ns.RDF}type>"


def _iri(value: str) -> str:
    return f"<{value}>"


def _partial_date(text: str) -> str:
    period = parse_period(text)
    kind = XSD_TYPE_OF_PRECISION[period.precision] if period else "string"
    return f'"{text}"^^<{ns.XSD}{kind}>'


def _bounds(node: str, extent: Extent, with_bases: bool = True) -> Iterator[str]:
    """The four bounds of an extent (those that are not open), and the bases of its start and end."""
    for name, bound in (("startEarliest", extent.start_lo), ("startLatest", extent.start_hi),
                        ("endEarliest", extent.end_lo), ("endLatest", extent.end_hi)):
        if bound is not None:
            yield f'{node} <{H}{name}> "{bound.day}"{DATE} .'
    if not with_bases:
        return
    sides = (("startBasis", (extent.start_lo, extent.start_hi)), ("endBasis", (extent.end_lo, extent.end_hi)))
    for name, pair in sides:
        bases = set().union(*(b.bases for b in pair if b is not None))
        for basis in sorted(bases):
            yield f"{node} <{H}{name}> <{H}{basis}> ."


def _provenance(node: str, extent: Extent) -> Iterator[str]:
    last = extent.last_attestation()
    if last is not None:
        yield f"{node} <{H}lastAttested> {_partial_date(last.text)} ."
        yield f"{node} <{H}lastAttestedIn> <{last.graph}> ."
    if extent.disagree:
        yield f'{node} <{H}sourcesDisagree> "true"^^<{ns.XSD}boolean> .'
    for graph in sorted(extent.all_graphs()):
        yield f"{node} <{ns.PROV}wasDerivedFrom> <{graph}> ."


def _extent(node: str, extent: Extent) -> Iterator[str]:
    yield f"{node} {TYPE} <{H}TimeExtent> ."
    yield from _bounds(node, extent)
    yield from _provenance(node, extent)


def _step(step: Step) -> Iterator[str]:
    node, key = _iri(step.iri), step.key
    yield f"{node} {TYPE} <{H}ReportingPath> ."
    yield f"{node} <{H}pathFrom> <{key.sub}> ."
    yield f"{node} <{H}pathSubordinate> <{key.sub}> ."
    yield f"{node} <{H}pathTo> <{key.sup}> ."
    yield f'{node} <{H}pathLevel> "1"^^<{ns.XSD}integer> .'
    yield f"{node} <{H}pathLine> <{key.line}> ."
    if key.via:
        yield f"{node} <{H}pathVia> <{key.via}> ."
    yield f"{node} <{H}pathStep> {node} ."
    yield f"{node} <{H}pathFirstStep> {node} ."
    for support in sorted(step.supports):
        yield f"{node} <{H}stepSupport> <{support}> ."
    yield from _bounds(node, step.extent)
    yield from _provenance(node, step.extent)


def _path(path: Path, step_iris: dict, prefix_iri: str) -> Iterator[str]:
    node = _iri(path.iri)
    yield f"{node} {TYPE} <{H}ReportingPath> ."
    yield f"{node} <{H}pathFrom> <{path.start}> ."
    yield f'{node} <{H}pathLevel> "{path.level}"^^<{ns.XSD}integer> .'
    yield f"{node} <{H}pathStep> <{step_iris[path.chain[-1]]}> ."
    yield f"{node} <{H}pathPrefix> <{prefix_iri}> ."
    # the first step and the path's one line, recorded so that a question need not follow
    # hkg:pathPrefix* down the chain for every row (seconds at a million triples)
    yield f"{node} <{H}pathFirstStep> <{step_iris[path.chain[0]]}> ."
    path_lines = {key.line for key in path.chain}
    if len(path_lines) == 1:
        yield f"{node} <{H}pathLine> <{path_lines.pop()}> ."
    yield from _bounds(node, path.extent, with_bases=False)


def lines(model: Model, dataset: str = ns.DATASET) -> Iterator[str]:
    """The model as N-Triples lines (no graph: the caller loads them into the inferred graph)."""
    for thing in sorted(model.extents):
        extent = model.extents[thing]
        if extent.empty() and not extent.attestations:
            continue
        node = _iri(extent_iri(thing))
        yield f"<{thing}> <{H}timeExtent> {node} ."
        yield from _extent(node, extent)
        for graph, own in sorted(model.per_source.get(thing, {}).items()):
            if own.empty() and not own.attestations:
                continue
            source_node = _iri(extent_iri(thing, graph))
            yield f"{node} <{H}perSource> {source_node} ."
            yield from _extent(source_node, own)
    for (s, p, o), iri in sorted(model.statements.items()):
        node = _iri(iri)
        yield f"{node} {TYPE} <{ns.RDF}Statement> ."
        yield f"{node} <{ns.RDF}subject> <{s}> ."
        yield f"{node} <{ns.RDF}predicate> <{p}> ."
        yield f"{node} <{ns.RDF}object> <{o}> ."
    step_iris = {key: step.iri for key, step in model.steps.items()}
    for key in sorted(model.steps, key=lambda k: model.steps[k].iri):
        yield from _step(model.steps[key])
    iris = {path.chain: path.iri for path in model.paths}
    for path in model.paths:
        if path.level > 1:
            yield from _path(path, step_iris, iris[path.chain[:-1]])
    if model.reference_date:
        yield f'<{dataset}> <{H}referenceDate> "{model.reference_date}"{DATE} .'


def write(store: ox.Store, model: Model, dataset: str = ns.DATASET,
          added: Callable[[bytes], None] | None = None, block: int = 200_000) -> int:
    """Load the model into the inferred graph; returns the number of triples written.

    Written ``block`` lines at a time, so the text never holds the whole model at once; each block is
    also handed to ``added`` (the build's on-disk store takes the same text).
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(ns.INFERRED_GRAPH)
    count = 0
    for chunk in _batched(lines(model, dataset), block):
        text = ("\n".join(chunk) + "\n").encode()
        # lenient: the IRIs come from the store and the dates from the model, all checked already
        store.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
        if added is not None:
            added(text)
        count += len(chunk)
    return count


def _batched(items: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def materialise(store: ox.Store, added: Callable[[bytes], None] | None = None) -> int:
    """Compute the time model of the store's sources and write it into the inferred graph."""
    from hkgov_graph.temporal.model import compute

    return write(store, compute(store), added=added)
