"""Load the Turtle sources into an embedded store, one named graph per document.

Each file in ``data/`` describes exactly one graph resource, typed
``hkg:SourceDocument`` or ``hkg:EditorialSource``; every triple of the file
goes into the named graph with that IRI. The ontology files go into the
ontology graph. Blank nodes get stable IRIs (skolemised from their content and
position), so that the same input always gives the same output.

Malformed input stops the load with an :class:`~hkgov_graph.errors.InputError`
naming the file and line.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.errors import InputError
from hkgov_graph.resources import data_dir as default_data_dir
from hkgov_graph.resources import ontology_dir as default_ontology_dir
from hkgov_graph.temporal.dates import exact_period

if TYPE_CHECKING:
    import pyoxigraph as ox

SOURCE_KINDS = {ns.HKG + "SourceDocument": "source", ns.HKG + "EditorialSource": "editorial"}


@dataclass(frozen=True)
class SourceFile:
    """A Turtle file and the named graph its triples go into."""

    path: Path
    graph: str
    kind: str  # "source", "editorial" or "ontology"
    triple_count: int


@dataclass
class LoadedDataset:
    """The store holding every graph, and which file each graph came from."""

    store: ox.Store
    files: list[SourceFile] = field(default_factory=list)

    def file_for_graph(self, graph: str) -> Path | None:
        """The file whose triples make up ``graph``."""
        for f in self.files:
            if f.graph == graph:
                return f.path
        return None

    @property
    def data_graphs(self) -> list[str]:
        """IRIs of the source and editorial graphs (not ontology, not inferred)."""
        return [f.graph for f in self.files if f.kind in ("source", "editorial")]


def check_input_folder(folder: Path, what: str) -> None:
    """A clear input error when ``folder`` (given with --data or --ontology) is not a readable folder."""
    try:
        if folder.is_dir():
            next(folder.iterdir(), None)
            return
        problem = "is a file, not a folder" if folder.exists() else "does not exist"
    except OSError as error:
        problem = f"cannot be read: {error.strerror or error}"
    raise InputError(f"the {what} folder {problem}", folder)


def data_files(folder: Path) -> list[Path]:
    """The data files of a folder, in a stable order."""
    return sorted(folder.glob("*.ttl"))


def ontology_files(folder: Path) -> list[Path]:
    """The ontology files of a folder (shapes are not ontology)."""
    return sorted(p for p in folder.glob("*.ttl") if not p.name.startswith("shapes"))


def parse_turtle(path: Path) -> list[ox.Triple]:
    """Parse one Turtle file, turning syntax errors into an error with file and line."""
    import pyoxigraph as ox

    try:
        text = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", path) from None
    try:
        return [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE,
                                            base_iri=ns.DEFAULT_BASE)]
    except SyntaxError as error:
        reason = str(error.msg if hasattr(error, "msg") else error)
        reason = re.sub(r"^Parser error at line [0-9]+ (between columns [0-9]+ and [0-9]+|column [0-9]+): ", "",
                        reason)
        raise InputError(f"malformed Turtle: {reason}", path, error.lineno,
                         "fix the syntax at that line; see https://www.w3.org/TR/turtle/") from None
    except MemoryError:
        # Oxigraph's Turtle parser reads one token (a literal, an IRI) into a buffer of at most 16 MiB and
        # raises MemoryError("Reached the buffer maximal size ...") past it; the dumps could not be read back
        # either, so such a term is refused, not loaded another way.
        raise InputError("a single literal or IRI is longer than 16 MiB, the most the RDF parser reads in one "
                         "piece", path, _longest_line(text),
                         "shorten it, or keep such text outside the data and link to it") from None


def _longest_line(text: bytes) -> int | None:
    """The number of the longest line (where an over-long term most likely sits), if it is a long one."""
    best, best_length, number, start = None, 1 << 20, 1, 0
    while start <= len(text):
        end = text.find(b"\n", start)
        end = len(text) if end < 0 else end
        if end - start > best_length:
            best, best_length = number, end - start
        number, start = number + 1, end + 1
    return best


# -- Literal well-formedness --

_DATE_TYPES = {ns.XSD + "gYear": "year", ns.XSD + "gYearMonth": "month", ns.XSD + "date": "day"}
_DATE_FORMS = {ns.XSD + "gYear": "YYYY (xsd:gYear)", ns.XSD + "gYearMonth": "YYYY-MM (xsd:gYearMonth)",
               ns.XSD + "date": "YYYY-MM-DD (xsd:date)"}
_LEXICAL_CHECKS = {
    ns.XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    ns.XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    ns.XSD + "boolean": re.compile(r"true|false|1|0"),
}
def literal_problem(lexical: str, datatype: str) -> str | None:
    """Why a typed literal is ill-formed, or None when it is fine."""
    if datatype in _DATE_TYPES:
        period = exact_period(lexical)
        if period is None or period.precision != _DATE_TYPES[datatype]:
            return f"is not a real calendar date of the form {_DATE_FORMS[datatype]}"
        return None
    pattern = _LEXICAL_CHECKS.get(datatype)
    if pattern is not None and not pattern.fullmatch(lexical):
        return f"is not a valid {datatype.replace(ns.XSD, 'xsd:')}"
    return None


def check_literals(path: Path, triples: Iterable[ox.Triple]) -> None:
    """Reject ill-typed date, year, number and boolean literals, naming the line."""
    import pyoxigraph as ox

    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal):
            problem = literal_problem(o.value, o.datatype.value)
            if problem:
                raise InputError(f'the value "{o.value}" {problem}', path, locate(path, f'"{o.value}"'),
                                 "write dates as YYYY, YYYY-MM or YYYY-MM-DD with the matching xsd type")


def locate(path: Path, needle: str) -> int | None:
    """The first line of ``path`` that contains ``needle`` (1-based), if any."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if needle in line:
                return number
    except OSError:
        return None
    return None


def locate_term(path: Path, iri: str) -> int | None:
    """The first line of a Turtle file that mentions ``iri``, in full or prefixed form."""
    line = locate(path, f"<{iri}>")
    if line:
        return line
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    for prefix, namespace in re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", text):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = re.escape(iri[len(namespace):])
            pattern = re.compile(rf"(?<![\w:-]){re.escape(prefix)}:{local}(?![\w-])")
            for number, row in enumerate(text.splitlines(), start=1):
                if pattern.search(row.split("#", 1)[0] if "<" not in row else row):
                    return number
    return None


# -- Blank nodes --

_PATH_LIMIT = 1000  # longer paths (deep nesting) are kept as their hash, so memory stays linear


def skolemize(triples: Sequence[ox.Triple]) -> list[ox.Triple]:
    """Replace blank nodes by IRIs derived from where they hang and what they hold.

    The label of a blank node is a hash of the path from the nearest IRI that
    points at it and of its own content (recursively), so it does not depend
    on parser-assigned identifiers: the same file always gives the same IRIs.
    Both walks are iterative (an explicit stack, no Python recursion), so
    legal Turtle of any depth loads: a 500-item RDF list, 3,000 nested ``[ ]``.
    """
    import pyoxigraph as ox

    outgoing: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    incoming: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            outgoing[t.subject].append(t)
        if isinstance(t.object, ox.BlankNode):
            incoming[t.object].append(t)
    if not outgoing and not incoming:
        return list(triples)

    content_memo: dict[ox.BlankNode, str] = {}
    path_memo: dict[ox.BlankNode, str] = {}

    def content(root: ox.BlankNode) -> str:
        """Hash of the sorted ``predicate value`` lines of a node, a blank value standing for its own hash."""
        return _walk(root, content_memo, outgoing, lambda t: t.object, _content_line, _content_result)

    def path(root: ox.BlankNode) -> str:
        """The smallest ``subject-path predicate`` over the statements pointing at a node (``root`` if none)."""
        return _walk(root, path_memo, incoming, lambda t: t.subject, _path_line, _path_result)

    def skolem(term: ox.BlankNode) -> ox.NamedNode:
        digest = hashlib.sha256(f"{path(term)}\n{content(term)}".encode()).hexdigest()[:20]
        return ox.NamedNode(ns.GENID + digest)

    out = []
    for t in triples:
        s = skolem(t.subject) if isinstance(t.subject, ox.BlankNode) else t.subject
        o = skolem(t.object) if isinstance(t.object, ox.BlankNode) else t.object
        out.append(ox.Triple(s, t.predicate, o))
    return out


def _content_line(t: ox.Triple, value: str) -> str:
    return f"{t.predicate} {value}"


def _content_result(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def _path_line(t: ox.Triple, value: str) -> str:
    return f"{value} {t.predicate}"


def _path_result(lines: list[str]) -> str:
    best = min(lines) if lines else "root"
    return best if len(best) <= _PATH_LIMIT else "sha256:" + hashlib.sha256(best.encode()).hexdigest()


def _walk(root, memo, edges, neighbour, line, result):  # type: ignore[no-untyped-def]
    """Depth-first, post-order, with an explicit stack: the value of a node from its neighbours' values.

    Gives what the plain recursive definition gives, in the same order: a neighbour already done is looked
    up, one on the current path (a cycle of blank nodes) counts as ``cycle``, an IRI or literal as its text.
    """
    import pyoxigraph as ox

    if root in memo:
        return memo[root]
    stack: list[tuple[ox.BlankNode, int, list[str]]] = [(root, 0, [])]
    on_path = {root}
    while stack:
        node, index, lines = stack[-1]
        todo = edges[node]
        if index == len(todo):
            stack.pop()
            on_path.discard(node)
            memo[node] = value = result(lines)
            if stack:
                parent, parent_index, parent_lines = stack[-1]
                parent_lines.append(line(edges[parent][parent_index - 1], value))
            continue
        stack[-1] = (node, index + 1, lines)
        t = todo[index]
        other = neighbour(t)
        if not isinstance(other, ox.BlankNode):
            lines.append(line(t, str(other)))
        elif other in memo:
            lines.append(line(t, memo[other]))
        elif other in on_path:
            lines.append(line(t, "cycle"))
        else:
            stack.append((other, 0, []))
            on_path.add(other)
    return memo[root]


# -- The whole dataset --

def graph_of(path: Path, triples: Iterable[ox.Triple]) -> tuple[str, str]:
    """The graph IRI a data file describes, and whether it is a source or editorial graph."""
    found = sorted({(t.subject.value, SOURCE_KINDS[t.object.value]) for t in triples
                    if t.predicate.value == ns.RDF + "type" and t.object.value in SOURCE_KINDS})
    if len(found) != 1:
        raise InputError(
            "a data file must describe exactly one graph typed hkg:SourceDocument or hkg:EditorialSource, "
            f"found {len(found)}",
            path, hint="start the file with the description of the document it was taken from; see data/README.md")
    return found[0]


def read_source_file(path: Path) -> tuple[SourceFile, list[ox.Triple]]:
    """Parse, check and skolemise one data file."""
    triples = parse_turtle(path)
    check_literals(path, triples)
    graph, kind = graph_of(path, triples)
    triples = skolemize(triples)
    return SourceFile(path, graph, kind, len(triples)), triples


def load_dataset(data: Path | None = None, ontology: Path | None = None,
                 extra_files: Sequence[Path] = (), store: ox.Store | None = None) -> LoadedDataset:
    """Read the ontology and every data file into a fresh in-memory store (or into ``store``, an empty
    on-disk one, for data larger than memory: each file is added as it is read)."""
    import pyoxigraph as ox

    data = data or default_data_dir()
    ontology = ontology or default_ontology_dir()
    check_input_folder(data, "data")
    check_input_folder(ontology, "ontology")
    if not ontology_files(ontology):
        raise InputError("no ontology files (*.ttl other than shapes*.ttl) found", ontology,
                         hint="give the folder holding hkgov.ttl and imports.ttl (--ontology), or leave it out")
    if not sorted(ontology.glob("shapes*.ttl")):
        raise InputError("no SHACL shapes (shapes*.ttl) found", ontology,
                         hint="the data cannot be validated without them; give the folder holding shapes.ttl")
    store = ox.Store() if store is None else store
    dataset = LoadedDataset(store)

    onto_graph = ox.NamedNode(ns.ONTOLOGY_GRAPH)
    for path in ontology_files(ontology):
        triples = parse_turtle(path)
        check_literals(path, triples)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, onto_graph) for t in skolemize(triples))
        dataset.files.append(SourceFile(path, ns.ONTOLOGY_GRAPH, "ontology", len(triples)))

    paths = list(data_files(data)) + list(extra_files)
    if not paths:
        raise InputError("no data files (*.ttl) found", data)
    seen: dict[str, Path] = {}
    for path in paths:
        source, triples = read_source_file(path)
        if source.graph in seen:
            raise InputError(f"describes the graph <{source.graph}> that {seen[source.graph]} already describes",
                             path, locate_term(path, source.graph), "each document gets one file")
        seen[source.graph] = path
        g = ox.NamedNode(source.graph)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
        dataset.files.append(source)
    return dataset
