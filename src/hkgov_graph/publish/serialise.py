"""RDF files written deterministically: sorted Turtle, TriG, N-Triples and JSON-LD with a context, gzip.

Oxigraph lower-cases script subtags (``zh-hant``); the writers here restore the
conventional case (``zh-Hant``) so that the files say what the sources say.
Everything is sorted and nothing carries a timestamp, so the same triples give
the same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns

if TYPE_CHECKING:
    import pyoxigraph as ox

_TAG_IN_OUTPUT = re.compile(rb'("@|xml:lang="|"xml:lang":\s?")([a-z]{2,3})-([a-z]{4})\b')


def fix_language_tags(data: bytes) -> bytes:
    """Restore the conventional case of script subtags (zh-Hant) that Oxigraph lower-cases.

    Covers Turtle, N-Triples, N-Quads, TriG, TSV (``"…"@zh-hant``), SPARQL XML
    and RDF/XML (``xml:lang="…"``) and SPARQL JSON (``"xml:lang":"…"``).
    """
    return _TAG_IN_OUTPUT.sub(lambda m: m[1] + m[2] + b"-" + m[3].capitalize(), data)


def conventional_tag(language: str) -> str:
    """``zh-hant`` -> ``zh-Hant``; other tags as they are."""
    parts = language.split("-")
    if len(parts) >= 2 and len(parts[1]) == 4:
        parts[1] = parts[1].capitalize()
    return "-".join(parts)


def triple_key(t: ox.Triple) -> tuple[str, bool, str, str]:
    return (str(t.subject), t.predicate.value != ns.RDF + "type", str(t.predicate), str(t.object))


def _used_prefixes(terms: Iterable[str], prefixes: dict[str, str]) -> dict[str, str]:
    used: dict[str, str] = {}
    namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    for iri in terms:
        for prefix, namespace in namespaces:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                used[prefix] = namespace
                break
    return dict(sorted(used.items()))


def _iris(triples: Iterable[ox.Triple]) -> set[str]:
    import pyoxigraph as ox

    out: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                out.add(term.value)
            elif isinstance(term, ox.Literal):
                out.add(term.datatype.value)
    return out


def to_turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """Sorted Turtle (``rdf:type`` first for each subject) with the prefixes it uses."""
    import pyoxigraph as ox

    triples = sorted(set(triples), key=triple_key)
    used = _used_prefixes(_iris(triples), prefixes)
    return fix_language_tags(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used))


def to_trig(quads: Iterable[ox.Quad], prefixes: dict[str, str]) -> bytes:
    """Sorted TriG, one block per named graph."""
    import pyoxigraph as ox

    quads = sorted(set(quads), key=lambda q: (str(q.graph_name), *triple_key(q.triple)))
    used = _used_prefixes(_iris(q.triple for q in quads), prefixes)
    return fix_language_tags(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=used))


def to_ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Sorted N-Triples."""
    import pyoxigraph as ox

    from hkgov_graph.graph.build import sorted_lines

    return sorted_lines(ox.serialize(list(set(triples)), format=ox.RdfFormat.N_TRIPLES))


COMPACTED_KEPT = 100_000  # IRIs whose compact form a JSON-LD writer remembers


def _subjects_in(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph
                 ) -> list[ox.NamedNode | ox.BlankNode]:
    """The distinct subjects of ``graph``, sorted by their text, found by the store (not a Python object per
    quad)."""
    import pyoxigraph as ox

    if isinstance(graph, ox.DefaultGraph):
        rows = store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }")
    else:
        rows = store.query("SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                           substitutions={ox.Variable("g"): graph})
    return sorted((row[0] for row in rows), key=str)


def _json_key(value: dict[str, str]) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


class _JsonLd:
    """JSON-LD with a ``@context`` of the prefixes used, written deterministically.

    (pyoxigraph writes expanded JSON-LD without a context; rdflib's writer
    orders by hash.) Keys are compact IRIs, which JSON-LD 1.1 expands through
    the context because every namespace ends in ``/`` or ``#``.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.used: dict[str, str] = {}
        # IRI -> (prefix, namespace, compact form): the same predicates, classes and neighbours come back on
        # every node, and trying each namespace in turn was most of a dump's time
        self._compacted: dict[str, tuple[str | None, str, str]] = {}

    def compact(self, iri: str) -> str:
        found = self._compacted.get(iri)
        if found is None:
            found = (None, "", iri)
            for prefix, namespace in self.namespaces:
                if (iri.startswith(namespace) and len(iri) > len(namespace)
                        and not iri[len(namespace):].startswith("//")):
                    found = (prefix, namespace, f"{prefix}:{iri[len(namespace):]}")
                    break
            if len(self._compacted) >= COMPACTED_KEPT:  # bounded at any size; the order of the output is unchanged
                self._compacted.clear()
            self._compacted[iri] = found
        prefix, namespace, text = found
        if prefix is not None:
            self.used[prefix] = namespace
        return text

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        import pyoxigraph as ox

        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.compact(term.value)

    def value(self, term: ox.Term) -> dict[str, str]:
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode | ox.BlankNode):
            return {"@id": self.node_id(term)}
        assert isinstance(term, ox.Literal)
        if term.language:
            return {"@value": term.value, "@language": conventional_tag(term.language)}
        if term.datatype.value == ns.XSD + "string":
            return {"@value": term.value}
        return {"@value": term.value, "@type": self.compact(term.datatype.value)}

    def nodes(self, triples: Iterable[ox.Triple]) -> list[dict]:
        import pyoxigraph as ox

        by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
        subjects: dict[str, ox.NamedNode | ox.BlankNode] = {}
        for t in set(triples):
            by_subject[str(t.subject)].append(t)
            subjects[str(t.subject)] = t.subject
        out = []
        for key in sorted(by_subject):
            node: dict[str, object] = {"@id": self.node_id(subjects[key])}
            values: dict[str, list[dict[str, str]]] = defaultdict(list)
            types: list[str] = []
            for t in by_subject[key]:
                if t.predicate.value == ns.RDF + "type" and isinstance(t.object, ox.NamedNode):
                    types.append(self.compact(t.object.value))
                else:
                    values[self.compact(t.predicate.value)].append(self.value(t.object))
            if types:
                node["@type"] = sorted(types)
            for prop, objects in values.items():
                # one value (most properties): nothing to order, and laying it out as JSON only to compare
                # was a tenth of the time of a resource's files
                node[prop] = sorted(objects, key=_json_key) if len(objects) > 1 else objects
            out.append(node)
        return out

    def document(self, graph: list[dict]) -> bytes:
        doc = {"@context": dict(sorted(self.used.items())), "@graph": graph}
        return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def to_jsonld(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """A graph as JSON-LD with a ``@context``."""
    writer = _JsonLd(prefixes)
    return writer.document(writer.nodes(triples))


def dataset_to_jsonld(quads: Iterable[ox.Quad], prefixes: dict[str, str]) -> bytes:
    """A dataset as JSON-LD: one ``{"@id": graph, "@graph": [...]}`` object per named graph."""
    import pyoxigraph as ox

    writer = _JsonLd(prefixes)
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    names: dict[str, ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = {}
    for q in quads:
        graphs[str(q.graph_name)].append(q.triple)
        names[str(q.graph_name)] = q.graph_name
    out: list[dict] = []
    for key in sorted(graphs):
        name = names[key]
        if isinstance(name, ox.DefaultGraph):
            out.extend(writer.nodes(graphs[key]))
        else:
            out.append({"@id": writer.node_id(name), "@graph": writer.nodes(graphs[key])})
    return writer.document(out)


def gzip_bytes(data: bytes | list[bytes]) -> bytes:
    """gzip with no file name and mtime 0, so the same input gives the same bytes.

    ``data`` may come in chunks (the large dumps): deflate gives the same
    stream however its input is cut.
    """
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as f:
        for chunk in [data] if isinstance(data, bytes) else data:
            f.write(chunk)
    return buffer.getvalue()


def sorted_unique_lines(data: bytes) -> bytes:
    """``hkgov_graph.graph.build.sorted_lines(data)``: conventional tags, lines sorted, each once.

    Sorted in place, repeats dropped while joining, instead of a set and a
    sorted copy next to the lines.
    """
    from hkgov_graph.graph.build import conventional_language_tags

    lines = conventional_language_tags(data).splitlines()
    lines.sort()
    unique = [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]
    return b"\n".join(unique) + b"\n" if unique else b""


# Every statement: the default graph and every named graph.
_ALL = "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


SUBJECTS_PER_CHUNK = 20_000  # subjects whose lines are sorted together in the line-based dumps


def _line_chunks(store: ox.Store, statements: Callable[[list[ox.NamedNode | ox.BlankNode]], bytes]
                 ) -> list[bytes]:
    """A sorted line-based document (N-Quads, N-Triples) of every subject of ``store``, as consecutive chunks.

    Every line starts with its subject's text and no subject's text is a
    proper prefix of another's up to the space after it (an IRI ends in
    ``>``), so sorting the subjects by their text and the lines of each run
    of subjects gives the order of sorting all lines at once, a run in memory
    at a time. ``statements`` serialises the statements of a run of subjects.
    """
    subjects = sorted((row[0] for row in store.query(f"SELECT DISTINCT ?s WHERE {_ALL}")), key=str)
    return [sorted_unique_lines(statements(subjects[i:i + SUBJECTS_PER_CHUNK]))
            for i in range(0, len(subjects), SUBJECTS_PER_CHUNK)]


def dataset_ntriples(store: ox.Store) -> list[bytes]:
    """The union of every graph of ``store`` as sorted N-Triples, each triple once (``hkgov-graph.nt``), in chunks:
    the bytes of ``hkgov_graph.graph.build.serialise(store)[1]`` without a second store or the whole document's
    lines in memory."""
    import pyoxigraph as ox

    def statements(subjects: list[ox.NamedNode | ox.BlankNode]) -> bytes:
        triples = {q.triple for s in subjects for q in store.quads_for_pattern(s, None, None, None)}
        return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)

    return _line_chunks(store, statements)


def dataset_nquads(store: ox.Store) -> list[bytes]:
    """Every quad of ``store`` as sorted N-Quads (``hkgov-graph.nq``), in chunks: the bytes of
    ``hkgov_graph.graph.build.serialise(store)[0]``."""
    import pyoxigraph as ox

    def statements(subjects: list[ox.NamedNode | ox.BlankNode]) -> bytes:
        quads = [q for s in subjects for q in store.quads_for_pattern(s, None, None, None)]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)

    return _line_chunks(store, statements)


def _dataset_iris(store: ox.Store) -> set[str]:
    """What :func:`_iris` gives for every triple of ``store``, asked of the store (IRIs and literal datatypes)."""
    out: set[str] = set()
    for query in (f"SELECT DISTINCT ?x WHERE {{ {_ALL} BIND(?s AS ?x) FILTER(isIRI(?x)) }}",
                  f"SELECT DISTINCT ?x WHERE {{ {_ALL} BIND(?p AS ?x) }}",
                  f"SELECT DISTINCT ?x WHERE {{ {_ALL} BIND(?o AS ?x) FILTER(isIRI(?x)) }}",
                  f"SELECT DISTINCT ?x WHERE {{ {_ALL} FILTER(isLiteral(?o)) BIND(DATATYPE(?o) AS ?x) }}"):
        out.update(row[0].value for row in store.query(query))
    return out


def _sorted_by_subject(store: ox.Store, subjects: Iterable[ox.NamedNode | ox.BlankNode],
                       graph: ox.NamedNode | ox.DefaultGraph | None) -> Iterator[ox.Triple]:
    """The distinct triples of ``subjects`` (in ``graph``, or any), in :func:`triple_key` order, one subject at a
    time: the order of sorting them all, since a subject's text leads the key."""
    for subject in sorted(subjects, key=str):
        yield from sorted({q.triple for q in store.quads_for_pattern(subject, None, None, graph)}, key=triple_key)


def dataset_turtle(store: ox.Store, prefixes: dict[str, str]) -> bytes:
    """``to_turtle`` of the union of every graph of ``store`` (``hkgov-graph.ttl``), fed to the writer a subject at
    a time instead of sorting every triple in Python."""
    import pyoxigraph as ox

    used = _used_prefixes(_dataset_iris(store), prefixes)
    subjects = [row[0] for row in store.query(f"SELECT DISTINCT ?s WHERE {_ALL}")]
    return fix_language_tags(ox.serialize(_sorted_by_subject(store, subjects, None), format=ox.RdfFormat.TURTLE,
                                          prefixes=used))


def dataset_trig(store: ox.Store, prefixes: dict[str, str]) -> bytes:
    """``to_trig`` of every quad of ``store`` (``hkgov-graph.trig``), a graph and a subject at a time."""
    import pyoxigraph as ox

    used = _used_prefixes(_dataset_iris(store), prefixes)
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = list(store.named_graphs())
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        graphs.append(ox.DefaultGraph())

    def quads() -> Iterator[ox.Quad]:
        for graph in sorted(graphs, key=str):
            for t in _sorted_by_subject(store, _subjects_in(store, graph), graph):
                yield ox.Quad(t.subject, t.predicate, t.object, graph)

    return fix_language_tags(ox.serialize(quads(), format=ox.RdfFormat.TRIG, prefixes=used))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def _at(text: str, depth: int) -> str:
    """JSON ``text`` from :func:`_json` laid out ``depth`` levels in, as ``json.dumps(indent=1)`` nests it.

    JSON text has no raw newline inside a string, so every line moves alike.
    """
    return text if depth == 0 else text.replace("\n", "\n" + " " * depth)


def dataset_jsonld(store: ox.Store, prefixes: dict[str, str]) -> bytes:
    """``dataset_to_jsonld`` of every quad of ``store`` (``hkgov-graph.jsonld``), a graph and a subject at a time.

    The same text: each node is laid out by ``json.dumps`` alone and put in
    place at its depth, so the document never exists as Python objects, and
    its text is joined once.
    """
    import pyoxigraph as ox

    writer = _JsonLd(prefixes)
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = list(store.named_graphs())
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        graphs.append(ox.DefaultGraph())
    # The document after its context, as encoded pieces: each node laid out at its depth, in order.
    body: list[bytes] = []
    items = 0  # items of the document's "@graph" so far
    for graph in sorted(graphs, key=str):
        default = isinstance(graph, ox.DefaultGraph)
        depth = 2 if default else 4  # a node of a named graph sits in that graph's object, in its "@graph"
        if not default:
            body.append((",\n" if items else "[\n").encode() + b'  {\n   "@graph": ')
            items += 1
        nodes = 0
        for subject in _subjects_in(store, graph):
            triples = [q.triple for q in store.quads_for_pattern(subject, None, None, graph)]
            for node in writer.nodes(triples):
                if default:
                    separator = ",\n" if items else "[\n"
                    items += 1
                else:
                    separator = ",\n" if nodes else "[\n"
                    nodes += 1
                body.append((separator + " " * depth + _at(_json(node), depth)).encode())
        if not default:
            graph_id = json.dumps(writer.node_id(graph), ensure_ascii=False)
            body.append((("\n   ]" if nodes else "[]") + f',\n   "@id": {graph_id}\n  }}').encode())
    body.append(b"\n ]" if items else b"[]")
    context = _at(_json(dict(sorted(writer.used.items()))), 1)
    return b"".join([f'{{\n "@context": {context},\n "@graph": '.encode(), *body, b"\n}\n"])
