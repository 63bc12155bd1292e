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

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.errors import InputError
from hkgov_graph.graph.skolem import Skolemiser, parse_lines
from hkgov_graph.graph.skolem import skolemize as skolemize  # for callers of the loader's earlier API
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

    text = _read(path)
    with _turtle_errors(path, text):
        return [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=ns.DEFAULT_BASE)]


def turtle_as_ntriples(path: Path) -> bytes:
    """One Turtle file as N-Triples, in the parser's order with the literals as written, converted by
    Oxigraph (no Python object per statement is kept). Syntax errors as in :func:`parse_turtle`."""
    import pyoxigraph as ox

    text = _read(path)
    with _turtle_errors(path, text):
        return ox.serialize(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=ns.DEFAULT_BASE),
                            format=ox.RdfFormat.N_TRIPLES) or b""


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", path) from None


@contextmanager
def _turtle_errors(path: Path, text: bytes) -> Iterator[None]:
    """The parser's errors as an :class:`InputError` with file and line."""
    try:
        yield
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

    _refuse_literals(path, (t.object for t in triples if isinstance(t.object, ox.Literal)))


_TYPED_LITERAL = re.compile(rb'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"\^\^<(' + re.escape(ns.XSD.encode())
                            + rb'(?:date|gYear|gYearMonth|integer|decimal|boolean))>')


def check_ntriples_literals(path: Path, ntriples: bytes) -> None:
    """:func:`check_literals` on a file's statements as N-Triples (:func:`turtle_as_ntriples`): one regular
    expression finds the literals of the checked types, each value is checked once, the first problem in the
    file's order is reported."""
    import pyoxigraph as ox

    seen: set[tuple[bytes, bytes]] = set()
    for value, datatype in _TYPED_LITERAL.findall(ntriples):
        if (value, datatype) in seen:
            continue
        seen.add((value, datatype))
        text = value.decode()
        if b"\\" in value:  # an escape: let the parser read the value (such a value is never well-formed)
            text = next(iter(ox.parse(b'<x:s> <x:p> "' + value + b'" .', format=ox.RdfFormat.N_TRIPLES))).object.value
        _refuse_literals(path, [ox.Literal(text, datatype=ox.NamedNode(datatype.decode()))])


def _refuse_literals(path: Path, literals: Iterable[ox.Literal]) -> None:
    for o in literals:
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


# -- The whole dataset --


_TYPE_ENDINGS = {kind: f"> <{ns.RDF}type> <{cls}> .\n".encode() for cls, kind in SOURCE_KINDS.items()}


def graph_of(path: Path, ntriples: bytes) -> tuple[str, str]:
    """The graph IRI a data file (as N-Triples) describes, and whether it is a source or editorial graph."""
    found = set()
    for kind, ending in _TYPE_ENDINGS.items():
        at = ntriples.find(ending)
        while at >= 0:
            line = ntriples[ntriples.rfind(b"\n", 0, at) + 1:at]
            if line[:1] == b"<" and b" " not in line:  # an IRI typed so (not the end of a literal)
                found.add((line[1:].decode(), kind))
            at = ntriples.find(ending, at + 1)
    if len(found) != 1:
        raise InputError(
            "a data file must describe exactly one graph typed hkg:SourceDocument or hkg:EditorialSource, "
            f"found {len(found)}",
            path, hint="start the file with the description of the document it was taken from; see data/README.md")
    return min(found)


def _has_blank(line: bytes) -> bool:
    # a literal holding " _:" passes too: the skolemiser gives such a line back unchanged
    return line[:2] == b"_:" or b" _:" in line


def add_file(target: ox.Store, graph: str, path: Path, ntriples: bytes, bulk: bool = False) -> None:
    """Add a file's statements (N-Triples from :func:`turtle_as_ntriples`) to ``graph`` of ``target``, their
    blank nodes skolemised; with ``bulk``, by Oxigraph's bulk loader (for an on-disk store), else in one
    transaction.

    Only the statements with a blank node pass through Python, as lines of text, in the parser's order (the
    order the skolem IRIs of blank nodes in a cycle depend on); Oxigraph reads the whole into the store.
    """
    import pyoxigraph as ox

    lines = ntriples.split(b"\n")
    blank = [line for line in lines if _has_blank(line)]
    if blank:
        statements = parse_lines(b"\n".join(blank))
        skolemised = "".join(Skolemiser(statements).lines(statements)).encode()
        ntriples = b"\n".join(line for line in lines if not _has_blank(line)) + b"\n" + skolemised
    load = target.bulk_load if bulk else target.load
    # lenient (no second check of every IRI): Oxigraph wrote the text from what its parser had checked
    load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph), lenient=True)


def read_file(path: Path) -> bytes:
    """Read one Turtle file and check its literals: its statements as N-Triples (blank nodes as read)."""
    ntriples = turtle_as_ntriples(path)
    check_ntriples_literals(path, ntriples)
    return ntriples


def read_source_file(path: Path) -> tuple[SourceFile, bytes]:
    """Read and check one data file: its description and its statements as N-Triples (blank nodes as read)."""
    ntriples = read_file(path)
    graph, kind = graph_of(path, ntriples)
    return SourceFile(path, graph, kind, ntriples.count(b"\n")), ntriples


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
    bulk = store is not None  # a given store is on disk: Oxigraph's bulk loader, not one transaction per file
    store = ox.Store() if store is None else store
    dataset = LoadedDataset(store)

    for path in ontology_files(ontology):
        ntriples = read_file(path)
        add_file(store, ns.ONTOLOGY_GRAPH, path, ntriples, bulk)
        dataset.files.append(SourceFile(path, ns.ONTOLOGY_GRAPH, "ontology", ntriples.count(b"\n")))

    paths = list(data_files(data)) + list(extra_files)
    if not paths:
        raise InputError("no data files (*.ttl) found", data)
    seen: dict[str, Path] = {}
    for path in paths:
        source, ntriples = read_source_file(path)
        if source.graph in seen:
            raise InputError(f"describes the graph <{source.graph}> that {seen[source.graph]} already describes",
                             path, locate_term(path, source.graph), "each document gets one file")
        seen[source.graph] = path
        add_file(store, source.graph, path, ntriples, bulk)
        dataset.files.append(source)
    return dataset
