"""Validation that scales: the SHACL shapes applied one slice of the data at a time.

pySHACL validates one in-memory rdflib graph, and its cost grows faster than
the data (see ``benchmarks/results``). The project's shapes only look one step
from a focus node: a predicate path from the focus node, and the types of the
values it reaches (``sh:class``, through ``rdfs:subClassOf`` in the ontology).
So a focus node can be checked against a slice of the data that holds

- every triple whose subject is that node, from every graph (so counts,
  ``sh:uniqueLang`` and ``sh:maxCount`` across sources come out as in the union),
- the ``rdf:type`` triples of the nodes those triples point at, and
- the ontology graph,

and the result is the same as validating the whole union. :func:`validate_per_graph`
cuts the subjects into slices along the source graphs (each subject goes with
the first graph that describes it, several small graphs share a slice), runs
pySHACL once per slice and keeps the results whose focus node belongs to the
slice. The quality checks (``queries/*-violation.rq``) run once over the whole
store, as in :func:`hkgov_graph.graph.validate.validate`.

When the shapes use anything that looks further than one step (a non-predicate
path, ``sh:node``, ``sh:qualifiedValueShape``, SPARQL constraints, property
shapes nested inside other constraints, ``sh:targetObjectsOf``), slicing would
not be exact and the whole union is validated instead.

:func:`validate_by_shape` goes further: it translates each constraint of each
property shape into one SPARQL query (the focus nodes that break it) and runs
them on the embedded store, shape by shape, without pySHACL or a copy of the
data in rdflib. It covers the SHACL Core constraints the project's shapes use
(``sh:targetClass``; predicate paths; ``sh:minCount``, ``sh:maxCount``,
``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:in``, ``sh:hasValue``,
``sh:languageIn``, ``sh:uniqueLang``, ``sh:pattern``, ``sh:minLength``,
``sh:maxLength``, the four range constraints, and ``sh:or`` of datatypes or
classes); for shapes with anything else it falls back to
:func:`validate_per_graph`. Both give the same results as
:func:`hkgov_graph.graph.validate.validate` (checked in ``tests/test_generator.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.graph.load import LoadedDataset
from hkgov_graph.graph.validate import (
    SEVERITY_ORDER,
    ValidationReport,
    ValidationResult,
    locate_focus,
    run_violation_queries,
    shacl_results,
    shape_files,
    shorten,
    to_rdflib_term,
    validate,
    violation_query_files,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

DEFAULT_SLICE_TRIPLES = 50_000

# Constraint components and targets that make a shape look beyond the focus node's own triples.
_NOT_LOCAL = ("node", "qualifiedValueShape", "sparql", "targetObjectsOf", "target")
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf")


def shapes_are_local(shapes: rdflib.Graph) -> bool:
    """Whether every shape looks only at its focus node's triples and its values' types."""
    import rdflib

    sh = rdflib.Namespace(ns.SH)
    if any((None, sh[name], None) in shapes for name in _NOT_LOCAL):
        return False
    targeted = {s for name in _TARGETS for s in shapes.subjects(sh[name], None)}
    for prop, path in shapes.subject_objects(sh.path):
        if not isinstance(path, rdflib.URIRef):
            return False  # inverse, sequence or alternative path
        if not any(parent in targeted for parent in shapes.subjects(sh.property, prop)):
            return False  # a property shape nested in sh:or / sh:and / ..., applied to value nodes
    return True


def read_shapes(folder: Path | None = None) -> rdflib.Graph:
    import rdflib

    shapes = rdflib.Graph()
    for path in shape_files(folder):
        shapes.parse(path, format="turtle")
    return shapes


def slices(dataset: LoadedDataset, max_triples: int) -> Iterator[tuple[list[str], list[ox.NamedNode]]]:
    """The subjects cut along the graphs: (graphs, subjects) with about ``max_triples`` triples each."""
    store = dataset.store
    seen: set[ox.NamedNode | ox.BlankNode] = set()
    graphs: list[str] = []
    subjects: list[ox.NamedNode] = []
    size = 0
    for graph in [*dataset.data_graphs, ns.ONTOLOGY_GRAPH]:
        rows = store.query(f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} GROUP BY ?s")
        graphs.append(graph)
        for row in rows:
            subject = row["s"]
            if subject in seen:
                continue
            seen.add(subject)
            subjects.append(subject)
            size += int(row["n"].value)
        if size >= max_triples:
            yield graphs, subjects
            graphs, subjects, size = [], [], 0
    if subjects:
        yield graphs, subjects


def slice_graph(dataset: LoadedDataset, subjects: Iterable[ox.NamedNode]) -> rdflib.Graph:
    """The subjects' triples from every data graph, their values' types and the ontology, as one rdflib graph."""
    import pyoxigraph as ox
    import rdflib

    store = dataset.store
    wanted = {ox.NamedNode(g) for g in [*dataset.data_graphs, ns.ONTOLOGY_GRAPH]}
    rdf_type = ox.NamedNode(ns.RDF + "type")
    triples: set[ox.Triple] = set()
    values: set[ox.NamedNode | ox.BlankNode] = set()
    for subject in subjects:
        for q in store.quads_for_pattern(subject, None, None, None):
            if q.graph_name in wanted:
                triples.add(q.triple)
                if not isinstance(q.object, ox.Literal):
                    values.add(q.object)
    for value in values:
        for q in store.quads_for_pattern(value, rdf_type, None, None):
            if q.graph_name in wanted:
                triples.add(q.triple)
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(ns.ONTOLOGY_GRAPH)):
        triples.add(q.triple)
    g = rdflib.Graph()
    for t in triples:
        g.add((to_rdflib_term(t.subject), to_rdflib_term(t.predicate), to_rdflib_term(t.object)))
    return g


def validate_per_graph(dataset: LoadedDataset, shapes_folder: Path | None = None,
                       queries_folder: Path | None = None,
                       max_triples: int = DEFAULT_SLICE_TRIPLES) -> ValidationReport:
    """Validate like :func:`hkgov_graph.graph.validate.validate`, the shapes applied one slice of graphs at a time.

    Gives the same report as ``validate`` for shapes that look one step from
    the focus node (the project's do); falls back to ``validate`` otherwise.
    Memory and time grow with the size of a slice, not of the whole data.
    """
    shapes = read_shapes(shapes_folder)
    if not shapes_are_local(shapes):
        return validate(dataset, shapes_folder, queries_folder)
    results: list[ValidationResult] = []
    if len(shapes):
        for _, subjects in slices(dataset, max_triples):
            focus = {s.value for s in subjects}
            results += shacl_results(dataset, slice_graph(dataset, subjects), shapes, focus)
    results += run_violation_queries(dataset, violation_query_files(queries_folder))
    results.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), str(r.file), r.line or 0, r.focus,
                                r.path or "", r.message))
    return ValidationReport(results)


# -- Shape by shape, as SPARQL --

_METADATA = {"path", "name", "message", "severity", "description", "order", "group", "defaultValue"}
_RANGES = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}


class Unsupported(Exception):
    """A shape uses a feature the SPARQL translation does not cover."""


@dataclass(frozen=True)
class ConstraintQuery:
    """One constraint of one property shape, as a query for the focus nodes (and values) that break it."""

    query: str
    path: str
    message: str
    severity: str
    check: str
    reports_value: bool  # the query selects ?v, the offending value


def _term(node: object) -> str:
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        text = json.dumps(str(node), ensure_ascii=False)
        if node.language:
            return f"{text}@{node.language}"
        return f"{text}^^<{node.datatype}>" if node.datatype else text
    raise Unsupported(f"cannot write {node!r} in SPARQL")


def _list(shapes: rdflib.Graph, head: object) -> list:
    from rdflib.collection import Collection

    return list(Collection(shapes, head))


def _value_filter(shapes: rdflib.Graph, name: str, value: object, flags: object = None) -> str:
    """A FILTER that keeps the values ``?v`` breaking one value-type or value-range constraint."""
    import rdflib

    sh = rdflib.Namespace(ns.SH)
    if name == "class":
        return f"FILTER NOT EXISTS {{ ?v a/<{ns.RDFS}subClassOf>* {_term(value)} }}"
    if name == "datatype":
        return f"FILTER(!isLiteral(?v) || DATATYPE(?v) != {_term(value)})"
    if name == "nodeKind":
        tests = {sh.IRI: "isIRI(?v)", sh.BlankNode: "isBlank(?v)", sh.Literal: "isLiteral(?v)",
                 sh.BlankNodeOrIRI: "!isLiteral(?v)", sh.BlankNodeOrLiteral: "!isIRI(?v)",
                 sh.IRIOrLiteral: "!isBlank(?v)"}
        if value not in tests:
            raise Unsupported(f"sh:nodeKind {value}")
        return f"FILTER(!({tests[value]}))"
    if name == "in":
        members = " || ".join(f"sameTerm(?v, {_term(m)})" for m in _list(shapes, value)) or "false"
        return f"FILTER(!({members}))"
    if name == "languageIn":
        ranges = " || ".join(f"langMatches(LANG(?v), {_term(rdflib.Literal(str(r)))})"
                             for r in _list(shapes, value)) or "false"
        return f"FILTER(!isLiteral(?v) || !({ranges}))"
    if name == "pattern":
        options = f", {_term(rdflib.Literal(str(flags)))}" if flags is not None else ""
        return f"FILTER(isBlank(?v) || !REGEX(STR(?v), {_term(rdflib.Literal(str(value)))}{options}))"
    if name in ("minLength", "maxLength"):
        op = "<" if name == "minLength" else ">"
        return f"FILTER(isBlank(?v) || STRLEN(STR(?v)) {op} {int(value)})"
    if name in _RANGES:
        return f"FILTER(!COALESCE(?v {_RANGES[name]} {_term(value)}, false))"
    if name in ("lessThan", "lessThanOrEquals"):  # every pair of values of the two paths in order
        op = "<" if name == "lessThan" else "<="
        return f"FILTER EXISTS {{ ?f {_term(value)} ?w . FILTER(!COALESCE(?v {op} ?w, false)) }}"
    if name == "or":
        tests = []
        for member in _list(shapes, value):
            keys = {p.removeprefix(ns.SH) for p in map(str, shapes.predicates(member)) if p != ns.RDF + "type"}
            if keys == {"datatype"}:
                tests.append(f"(isLiteral(?v) && DATATYPE(?v) = {_term(shapes.value(member, sh.datatype))})")
            elif keys == {"class"}:
                tests.append(f"EXISTS {{ ?v a/<{ns.RDFS}subClassOf>* {_term(shapes.value(member, sh['class']))} }}")
            else:
                raise Unsupported("sh:or of shapes other than single sh:datatype or sh:class")
        return f"FILTER(!({' || '.join(tests) or 'false'}))"
    raise Unsupported(f"sh:{name}")


def compile_shapes(shapes: rdflib.Graph) -> list[ConstraintQuery]:
    """Every constraint of every property shape as a SPARQL query; :class:`Unsupported` if one cannot be."""
    import rdflib

    sh = rdflib.Namespace(ns.SH)
    queries: list[ConstraintQuery] = []
    if any(shapes.triples((None, rdflib.RDF.type, rdflib.RDFS.Class))) or \
            any(shapes.triples((None, rdflib.RDF.type, rdflib.OWL.Class))):
        raise Unsupported("implicit class targets")
    for node_shape in sorted(set(shapes.subjects(rdflib.RDF.type, sh.NodeShape)), key=str):
        if shapes.value(node_shape, sh.deactivated) == rdflib.Literal(True):
            continue
        own = {str(p) for p in shapes.predicates(node_shape)} - {
            ns.RDF + "type", ns.RDFS + "comment", ns.RDFS + "label", ns.SH + "targetClass", ns.SH + "property",
            ns.SH + "name", ns.SH + "description"}
        if own:
            raise Unsupported(f"{node_shape} has constraints of its own: {sorted(own)}")
        classes = sorted(shapes.objects(node_shape, sh.targetClass), key=str)
        if not classes:
            continue
        focus = " UNION ".join(f"{{ ?f a/<{ns.RDFS}subClassOf>* {_term(c)} }}" for c in classes)
        check_base = shorten(str(node_shape)) if isinstance(node_shape, rdflib.URIRef) else "SHACL"
        for prop in sorted(shapes.objects(node_shape, sh.property), key=str):
            path = shapes.value(prop, sh.path)
            if not isinstance(path, rdflib.URIRef):
                raise Unsupported(f"non-predicate path {path!r}")
            if shapes.value(prop, sh.deactivated) == rdflib.Literal(True):
                continue
            name = shapes.value(prop, sh.name)
            check = check_base + (f" ({name})" if name else "")
            severity = str(shapes.value(prop, sh.severity) or sh.Violation).rsplit("#", 1)[-1]
            message = str(shapes.value(prop, sh.message) or "does not conform to its shape")
            p = _term(path)
            for predicate, value in sorted(shapes.predicate_objects(prop), key=lambda pv: str(pv[0])):
                key = str(predicate).removeprefix(ns.SH)
                if str(predicate) == ns.RDF + "type" or key in _METADATA or key == "flags":
                    continue
                if key in ("minCount", "maxCount"):
                    op = "<" if key == "minCount" else ">"
                    query = (f"SELECT ?f WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {focus} }} }} "
                             f"OPTIONAL {{ ?f {p} ?v }} }} GROUP BY ?f HAVING(COUNT(DISTINCT ?v) {op} {int(value)})")
                elif key == "uniqueLang":
                    if value != rdflib.Literal(True):
                        continue
                    query = (f"SELECT ?f WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {focus} }} }} ?f {p} ?v . "
                             f"FILTER(LANG(?v) != \"\") }} GROUP BY ?f (LCASE(LANG(?v)) AS ?lang) "
                             f"HAVING(COUNT(DISTINCT ?v) > 1)")
                elif key == "hasValue":
                    query = (f"SELECT ?f WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {focus} }} }} "
                             f"FILTER NOT EXISTS {{ ?f {p} {_term(value)} }} }}")
                else:
                    condition = _value_filter(shapes, key, value, shapes.value(prop, sh.flags))
                    query = (f"SELECT DISTINCT ?f ?v WHERE {{ {{ SELECT DISTINCT ?f WHERE {{ {focus} }} }} "
                             f"?f {p} ?v . {condition} }}")
                queries.append(ConstraintQuery(query, str(path), message, severity, check, "?v WHERE" in query))
    return queries


def validate_by_shape(dataset: LoadedDataset, shapes_folder: Path | None = None,
                      queries_folder: Path | None = None) -> ValidationReport:
    """Validate like :func:`hkgov_graph.graph.validate.validate`, each constraint run as SPARQL on the store.

    Falls back to :func:`validate_per_graph` when a shape uses a feature the
    translation does not cover.
    """
    import pyoxigraph as ox

    shapes = read_shapes(shapes_folder)
    try:
        compiled = compile_shapes(shapes)
    except Unsupported:
        return validate_per_graph(dataset, shapes_folder, queries_folder)
    graphs = [ox.NamedNode(g) for g in [*dataset.data_graphs, ns.ONTOLOGY_GRAPH]]
    # The union of every graph is much faster to query than a list of graphs; the two are the same
    # before the build adds its inferred graph.
    if set(dataset.store.named_graphs()) == set(graphs):
        dataset_options: dict = {"use_default_graph_as_union": True}
    else:
        dataset_options = {"default_graph": graphs}
    results: list[ValidationResult] = []
    for c in compiled:
        for row in dataset.store.query(c.query, **dataset_options):
            focus = row["f"].value
            value = row["v"].value if c.reports_value and row["v"] is not None else None
            file, line = locate_focus(dataset, focus, value, c.path)
            results.append(ValidationResult(focus, c.path, value, c.message, c.severity, c.check, file, line))
    results += run_violation_queries(dataset, violation_query_files(queries_folder))
    results.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), str(r.file), r.line or 0, r.focus,
                                r.path or "", r.message))
    return ValidationReport(results)
