"""Validate the loaded data: SHACL shapes with pySHACL, then the quality
checks in ``queries/*-violation.rq``.

Both kinds of result are reported alike (focus node, path, value, message,
severity) together with the data file and line the focus node comes from, so
that a person can go and fix it. The data conforms when no result has the
severity Violation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.graph.load import LoadedDataset, locate, locate_term
from hkgov_graph.query.queryfile import read_query_file
from hkgov_graph.resources import ontology_dir as default_ontology_dir
from hkgov_graph.resources import queries_dir as default_queries_dir

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    """One problem found in the data."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    check: str
    file: Path | None = None
    line: int | None = None

    def location(self) -> str:
        if self.file is None:
            return "(no data file)"
        return f"{self.file}:{self.line}" if self.line else str(self.file)


@dataclass
class ValidationReport:
    """Every result of every shape and check, most severe first."""

    results: list[ValidationResult] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    def to_text(self) -> str:
        """A readable report: one block per result."""
        if not self.results:
            return "Conforms: yes (no results)."
        lines = [f"Conforms: {'yes' if self.conforms else 'no'} "
                 f"({len(self.violations)} violations, {len(self.results) - len(self.violations)} other results)"]
        for r in self.results:
            lines.append(f"\n{r.severity}: {r.message}")
            lines.append(f"  focus:  {shorten(r.focus)}")
            if r.path:
                lines.append(f"  path:   {shorten(r.path)}")
            if r.value:
                lines.append(f"  value:  {shorten(r.value)}")
            lines.append(f"  check:  {r.check}")
            lines.append(f"  where:  {r.location()}")
        return "\n".join(lines)


def shorten(iri: str) -> str:
    """Write an IRI with the project's prefixes where one fits."""
    best = ""
    for prefix, namespace in ns.PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, chosen = namespace, prefix
    return f"{chosen}:{iri[len(best):]}" if best else iri


def shape_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or default_ontology_dir()).glob("shapes*.ttl"))


def violation_query_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or default_queries_dir()).glob("*-violation.rq"))


# -- Conversion from the store to rdflib (pySHACL works on rdflib graphs) --

def to_rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def union_as_rdflib(store: ox.Store, graphs: list[str]) -> rdflib.Graph:
    """The union of some named graphs of the store as one rdflib graph."""
    import pyoxigraph as ox
    import rdflib

    g = rdflib.Graph()
    for graph in graphs:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            g.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    return g


# -- Locating results in the data files --

def locate_focus(dataset: LoadedDataset, focus: str, value: str | None = None,
                 path: str | None = None) -> tuple[Path | None, int | None]:
    """The data file (and line) that states what a result is about.

    A resource is often described in several files (every source mentions the Beijing Office), so the file is
    chosen by what the result names, most specific first: the file stating ``focus path value``, then one
    stating ``focus`` with ``value``, then ``focus path`` (any value), then any file describing ``focus``, then
    one that only mentions it. Within the file, the line of the value, else of the focus.
    """
    import pyoxigraph as ox

    if focus.startswith("_:") or not focus.strip():
        return None, None
    try:
        node = ox.NamedNode(focus)
        predicate = ox.NamedNode(path) if path and "://" in path else None
    except ValueError:
        return None, None
    graphs = [(g, dataset.file_for_graph(g)) for g in dataset.data_graphs]
    graphs = [(ox.NamedNode(g), f) for g, f in graphs if f is not None]

    def states(graph: ox.NamedNode, p: ox.NamedNode | None, want_value: bool) -> bool:
        for q in dataset.store.quads_for_pattern(node, p, None, graph):
            if not want_value or _same_value(q.object, value):
                return True
        return False

    tries = []
    if value is not None:
        tries += [(predicate, True)] if predicate is not None else []
        tries += [(None, True)]
    tries += [(predicate, False)] if predicate is not None else []
    tries += [(None, False)]
    for p, want_value in tries:
        for graph, file in graphs:
            if states(graph, p, want_value):
                line = None
                if value:
                    line = locate_term(file, value) if value.startswith("http") else locate(file, f'"{value}"')
                return file, line or locate_term(file, focus)
    for _, file in graphs:  # the focus may only appear as an object
        line = locate_term(file, focus)
        if line:
            return file, line
    return None, None


def _same_value(term: ox.NamedNode | ox.BlankNode | ox.Literal, value: str | None) -> bool:
    """Whether a store term is the value a result reports (an IRI, or a literal's lexical form)."""
    return value is not None and term.value == value


# -- The two kinds of check --

def run_shacl(dataset: LoadedDataset, shapes: list[Path]) -> list[ValidationResult]:
    """Validate the union of the data graphs (with the ontology) against the shapes."""
    import rdflib

    if not shapes:
        return []
    data = union_as_rdflib(dataset.store, [*dataset.data_graphs, ns.ONTOLOGY_GRAPH])
    shapes_graph = rdflib.Graph()
    for path in shapes:
        shapes_graph.parse(path, format="turtle")
    return shacl_results(dataset, data, shapes_graph)


def shacl_results(dataset: LoadedDataset, data: rdflib.Graph, shapes: rdflib.Graph,
                  focus: set[str] | None = None) -> list[ValidationResult]:
    """pySHACL's results on ``data`` as :class:`ValidationResult` s, only those on ``focus`` nodes if given.

    Results are filtered before they are located in the files (locating is the slow part).
    """
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, allow_infos=True, advanced=True)
    results = []
    for r in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        node = str(report.value(r, SH.focusNode))
        if focus is not None and node not in focus:
            continue
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        severity = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = str(report.value(r, SH.resultMessage) or "does not conform to its shape")
        shape = report.value(r, SH.sourceShape)
        shape_name = shapes.value(shape, SH.name) if shape is not None else None
        node_shape = next(iter(shapes.subjects(SH.property, shape)), shape) if shape is not None else None
        check = shorten(str(node_shape)) if isinstance(node_shape, rdflib.URIRef) else "SHACL"
        if shape_name:
            check += f" ({shape_name})"
        file, line = locate_focus(dataset, node, str(value) if value is not None else None,
                                  str(path) if isinstance(path, rdflib.URIRef) else None)
        results.append(ValidationResult(node, str(path) if path is not None else None,
                                        str(value) if value is not None else None, message,
                                        severity, check, file, line))
    return results


def run_violation_queries(dataset: LoadedDataset, queries: list[Path]) -> list[ValidationResult]:
    """Run every ``*-violation.rq``; each row is one Violation."""
    results = []
    for path in queries:
        query = read_query_file(path)
        message = query.first("message", query.title)
        for row in dataset.store.query(query.text, use_default_graph_as_union=True):
            # a variable the query does not select reads as None
            focus = row["focus"].value if row["focus"] is not None else "(none)"
            prop = row["property"].value if row["property"] is not None else None
            value = row["value"].value if row["value"] is not None else None
            file, line = locate_focus(dataset, focus, value, prop)
            results.append(ValidationResult(focus, prop, value, message, "Violation", path.name, file, line))
    return results


def validate(dataset: LoadedDataset, shapes_folder: Path | None = None,
             queries_folder: Path | None = None) -> ValidationReport:
    """Run the shapes and the quality checks over a loaded dataset."""
    results = run_shacl(dataset, shape_files(shapes_folder))
    results += run_violation_queries(dataset, violation_query_files(queries_folder))
    results.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), str(r.file), r.line or 0, r.focus,
                                r.path or "", r.message))
    return ValidationReport(results)
