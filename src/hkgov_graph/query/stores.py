"""Where queries run: the embedded store or a remote SPARQL endpoint, behind one interface.

After prez's ``Repo``: :class:`EmbeddedStore` (pyoxigraph, in memory) and
:class:`RemoteStore` (any SPARQL 1.1 endpoint, over HTTP with a total deadline) both
answer ``select``, ``ask`` and ``construct`` with the same typed results, so
the packaged queries give the same rows on either.

Terms are pyoxigraph's own (``NamedNode``, ``BlankNode``, ``Literal``), also
for remote results, so rows from both stores compare equal. Note that
pyoxigraph writes language tags in lower case (``zh-hant``).

The default graph is the union of all graphs, on both sides:

* embedded: ``use_default_graph_as_union=True``;
* remote, ``default_graph="union"`` (the default): the store lists the
  endpoint's named graphs once and sends them as both ``default-graph-uri``
  and ``named-graph-uri`` with every query (standard SPARQL 1.1 protocol, so
  it works on any conformant endpoint, and ``GRAPH ?g`` still sees every
  graph); an endpoint without named graphs (one that loaded the N-Triples
  dump) is queried as it is;
* remote, ``default_graph="endpoint"``: the endpoint's own default graph is
  used as it is; choose it for endpoints that already expose the union as
  their default graph (``oxigraph serve --union-default-graph``, Fuseki with
  ``tdb2:unionDefaultGraph``) to save the listing query.

Both refuse a query that calls ``SERVICE`` (it would make the engine, or
the endpoint, connect wherever the query says) unless ``allow_service`` is
set, and both sort the values each ``GROUP_CONCAT`` joins (SPARQL leaves
their order open, and stores differ), so a ``sources`` column reads the
same everywhere.

Parameters are bound as RDF terms, never pasted in as text: both stores
get a ``VALUES`` block serialised from the terms (see :func:`insert_values`),
so both see the same query text.
"""

from __future__ import annotations

import json
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

from hkgov_graph import namespaces as ns
from hkgov_graph.errors import EndpointError, InputError, UsageError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.graph.load import LoadedDataset
    from hkgov_graph.query.names import NameIndex

    Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]  # noqa: UP007 (a string annotation alias)

Bindings = Mapping[str, "Term"]
DefaultGraphMode = Literal["union", "endpoint"]


class Rows(list):  # list[dict[str, Term | None]]
    """Solutions of a SELECT query: one dict per row, variable name to term (``None`` when unbound).

    ``variables`` keeps the projection order, for tables and CSV headers.
    """

    def __init__(self, variables: list[str], rows: list[dict[str, Term | None]] | None = None) -> None:
        super().__init__(rows or [])
        self.variables = variables

    def __repr__(self) -> str:
        return f"Rows(variables={self.variables!r}, rows={list.__repr__(self)})"


# -- A small SPARQL lexer: enough to find clauses without being fooled by strings, IRIs and comments --

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z0-9_\u00B7-\uFFFF][A-Za-z0-9_:.\-\u00B7-\uFFFF]*)
  | (?P<open>\{) | (?P<close>\})
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # brace depth before the token


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a SPARQL text, with their brace depth; comments and spaces skipped."""
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("comment", "space"):
            continue
        if kind == "close":
            depth -= 1
        yield Token(kind, m[0], m.start(), depth)
        if kind == "open":
            depth += 1


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; an update or unknown text is a usage error."""
    for token in tokens(text):
        if token.kind == "word" and token.depth == 0:
            word = token.text.upper()
            if word in QUERY_FORMS:
                return word
            if word in UPDATE_WORDS:
                raise UsageError(f"only queries are run here, not SPARQL updates ({word})")
    raise UsageError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def is_update(text: str) -> bool:
    """Whether the text reads as a SPARQL Update request (its first top-level keyword is an update's)."""
    for token in tokens(text):
        if token.kind == "word" and token.depth == 0:
            word = token.text.upper()
            if word in QUERY_FORMS:
                return False
            if word in UPDATE_WORDS:
                return True
    return False


def is_distinct(text: str) -> bool:
    """Whether the query's top-level SELECT is ``SELECT DISTINCT`` (or ``REDUCED``)."""
    words = (t.text.upper() for t in tokens(text) if t.kind == "word" and t.depth == 0)
    for word in words:
        if word == "SELECT":
            return next(words, "") in ("DISTINCT", "REDUCED")
    return False


def _distinct(rows: list[dict[str, Term | None]]) -> list[dict[str, Term | None]]:
    """Rows without repeats, first occurrence kept (so ORDER BY still holds).

    Virtuoso 7.2 can return the same row several times for ``SELECT DISTINCT``
    when a projected value is computed (BIND, COALESCE): it compares its
    internal forms, not the RDF terms. Removing the repeats here gives what
    SPARQL 1.1 asks for and costs nothing on a store that did it already.
    """
    seen: set[tuple[str, ...]] = set()
    out = []
    for row in rows:
        key = tuple("" if v is None else str(v) for v in row.values())
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset with FROM / FROM NAMED."""
    return any(t.kind == "word" and t.depth == 0 and t.text.upper() == "FROM" for t in tokens(text))


@lru_cache(maxsize=256)
def concatenations(text: str) -> dict[str, str]:
    """The variables a query projects straight from ``GROUP_CONCAT(...) AS ?var``, with their separators."""
    found: dict[str, str] = {}
    items = list(tokens(text))
    for i, token in enumerate(items):
        if token.kind != "word" or token.text.upper() != "GROUP_CONCAT":
            continue
        if i + 1 >= len(items) or items[i + 1].text != "(":
            continue
        depth, j, separator = 0, i + 1, " "
        while j < len(items):
            t = items[j]
            depth += {"(": 1, ")": -1}.get(t.text, 0) if t.kind == "other" else 0
            if (depth == 1 and t.kind == "word" and t.text.lower() == "separator" and j + 2 < len(items)
                    and items[j + 1].text == "=" and items[j + 2].kind == "string"):
                separator = _string_value(items[j + 2].text)
            if depth == 0:
                break
            j += 1
        if (j + 2 < len(items) and items[j + 1].kind == "word" and items[j + 1].text.upper() == "AS"
                and items[j + 2].kind == "var"):
            found[items[j + 2].text[1:]] = separator
    return found


def _string_value(literal: str) -> str:
    """The value of a SPARQL string token (quotes removed, the common escapes decoded)."""
    quote = 3 if literal[:3] in ('"""', "'''") else 1
    body = literal[quote:-quote]
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m[1], m[1]), body)


def sort_concatenations(rows: Rows, query: str) -> Rows:
    """``rows`` with every ``GROUP_CONCAT`` value's parts sorted (by code point), language and datatype kept."""
    import pyoxigraph as ox

    joined = {name: sep for name, sep in concatenations(query).items() if name in rows.variables and sep}
    if not joined:
        return rows
    for row in rows:
        for name, separator in joined.items():
            value = row.get(name)
            if isinstance(value, ox.Literal) and separator in value.value:
                text = separator.join(sorted(value.value.split(separator)))
                row[name] = (ox.Literal(text, language=value.language) if value.language
                             else ox.Literal(text, datatype=value.datatype))
    return rows


@lru_cache(maxsize=256)
def where_group_start(text: str) -> int:
    """The offset just after the ``{`` that opens the query's top-level WHERE group."""
    form_seen = False
    skip_template = False
    for token in tokens(text):
        if token.depth != 0:
            continue
        if not form_seen:
            if token.kind == "word" and token.text.upper() in QUERY_FORMS:
                form_seen = True
                skip_template = token.text.upper() == "CONSTRUCT"
            continue
        if token.kind == "open":
            if skip_template:  # CONSTRUCT { template } WHERE { pattern }
                skip_template = False
                continue
            return token.start + 1
        if token.kind == "word" and token.text.upper() == "WHERE":
            skip_template = False  # CONSTRUCT WHERE { ... }: the group is the pattern
    raise UsageError("cannot find the WHERE group of the query")


# -- Serialising terms for a VALUES block --

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def sparql_term(term: Term) -> str:
    """An RDF term written in SPARQL syntax: IRIs checked, literals escaped.

    The term has already been validated by pyoxigraph (an IRI with ``>`` or a
    space cannot be a ``NamedNode``); the checks here make sure that nothing
    but one term can come out, whatever the value.
    """
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.Literal):
        body = "".join(_escape(c) for c in term.value)
        if term.language:
            if not _LANGUAGE_TAG.fullmatch(term.language):
                raise UsageError(f"malformed language tag: {term.language!r}")
            return f'"{body}"@{term.language}'
        if term.datatype.value == ns.XSD + "string":
            return f'"{body}"'
        return f'"{body}"^^{_iri(term.datatype.value)}'
    raise UsageError(f"cannot bind a {type(term).__name__} as a parameter")


def _escape(char: str) -> str:
    """One character of a string literal: quotes, backslashes and line breaks escaped, controls as \\uXXXX.

    Every backslash of the value is doubled, so even an endpoint that decodes
    ``\\u`` escapes before parsing cannot end the string early.
    """
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char < " " or char == "\x7f":
        return f"\\u{ord(char):04X}"
    return char


def _iri(value: str) -> str:
    if re.search(r'[\x00-\x20<>"{}|^`\\]', value):
        raise UsageError(f"malformed IRI: {value!r}")
    return f"<{value}>"


def values_block(bindings: Bindings) -> str:
    """``VALUES (?a ?b) { (term term) }`` for one row of bindings."""
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise UsageError(f"malformed variable name: {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(sparql_term(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def insert_values(text: str, bindings: Bindings | None) -> str:
    """The query with a VALUES block for ``bindings`` at the start of its top-level WHERE group.

    A VALUES block there joins with the rest of the group, so the variables are
    bound everywhere in the group, as with pyoxigraph's substitutions. (A
    sub-SELECT that does not project a variable does not see it, in both.)
    """
    if not bindings:
        return text
    at = where_group_start(text)
    return f"{text[:at]} {values_block(bindings)}\n{text[at:]}"


# -- The interface --

class SparqlStore(ABC):
    """Something that answers SPARQL queries over the union of the graph's named graphs."""

    description: str = "a SPARQL store"
    allow_service: bool = False  # let queries call SERVICE (the engine or endpoint then connects elsewhere)

    @abstractmethod
    def select(self, query: str, bindings: Bindings | None = None) -> Rows:
        """Run a SELECT query; parameters in ``bindings`` are bound as RDF terms."""

    @abstractmethod
    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str, bindings: Bindings | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query; the triples, in no particular order."""

    def run(self, query: str, bindings: Bindings | None = None) -> Rows | bool | list[ox.Triple]:
        """Run any query form: rows for SELECT, a boolean for ASK, triples for CONSTRUCT and DESCRIBE."""
        form = query_form(query)
        if form == "SELECT":
            return self.select(query, bindings)
        if form == "ASK":
            return self.ask(query, bindings)
        return self.construct(query, bindings)

    def close(self) -> None:  # noqa: B027 (nothing to release by default)
        """Release what the store holds."""


# -- Embedded --

class EmbeddedStore(SparqlStore):
    """An in-memory pyoxigraph store holding the dump (every named graph)."""

    def __init__(self, store: ox.Store, description: str = "an in-memory store", allow_service: bool = False) -> None:
        self.store = store
        self.description = description
        self.allow_service = allow_service
        # the build's name file for this graph (query/name_file.py), when the store came from a built dump
        self.name_index: NameIndex | None = None

    @classmethod
    def from_nquads(cls, path: Path | str, use_store: bool = True) -> EmbeddedStore:
        """The N-Quads dump (``build/hkgov-graph.nq``): the build's on-disk store beside it, opened
        read-only, when that store is current (:mod:`hkgov_graph.graph.persistent`); otherwise the dump,
        loaded into memory with ``Store.bulk_load``."""
        import pyoxigraph as ox

        from hkgov_graph.graph.persistent import open_current, store_path

        path = Path(path)
        if not path.is_file():
            raise InputError("no such N-Quads file", path, hint="run `hkgov-graph build` first, or give --nquads")
        from hkgov_graph.query.name_file import open_name_file

        on_disk = open_current(path) if use_store else None
        if on_disk is not None:
            embedded = cls(on_disk, f"the store {store_path(path)} (read-only, current with {path.name})")
            embedded.name_index = open_name_file(path)
            return embedded
        store = ox.Store()
        try:
            store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as error:
            raise InputError(f"malformed N-Quads: {error}", path) from None
        except OSError as error:
            raise InputError(f"cannot read the file: {error}", path) from None
        embedded = cls(store, f"the dump {path}")
        embedded.name_index = open_name_file(path) if use_store else None
        return embedded

    @classmethod
    def from_dataset(cls, dataset: LoadedDataset) -> EmbeddedStore:
        """Query a dataset that is already loaded (shares its store)."""
        return cls(dataset.store, "the loaded dataset")

    @classmethod
    def build_in_memory(cls, data: Path | None = None, ontology: Path | None = None) -> EmbeddedStore:
        """Load the Turtle sources and materialise the standard terms, as the build does, without writing.

        Validation is skipped: it is the slow part and queries do not need it.
        """
        from hkgov_graph.graph.build import infer_all
        from hkgov_graph.graph.load import load_dataset

        dataset = load_dataset(data, ontology)
        infer_all(dataset)
        return cls(dataset.store, "the sources, built in memory")

    @classmethod
    def open(cls, path: Path | str | None = None) -> EmbeddedStore:
        """The dump at ``path``; by default ``build/hkgov-graph.nq``, or the sources built in memory without it."""
        from hkgov_graph.graph.freshness import default_nquads

        if path is not None:
            return cls.from_nquads(path)
        if default_nquads().is_file():
            return cls.from_nquads(default_nquads())
        return cls.build_in_memory()

    def _query(self, query: str, bindings: Bindings | None) -> Any:
        from hkgov_graph.query.service import refuse_service

        refuse_service(query, self.allow_service)
        # Parameters go in as a VALUES block, as to a remote endpoint, not as pyoxigraph's substitutions: the
        # planner sees a VALUES block and starts from it (liaison-units at 1M: 0.18 s against 0.36 s), and
        # substitutions reach only projected variables anyway.
        try:
            return self.store.query(insert_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as error:
            raise UsageError(f"malformed SPARQL: {first_line(str(error))}") from None
        except (RuntimeError, OSError) as error:  # OSError: a SERVICE call that failed, when allowed
            raise UsageError(f"the query failed: {first_line(str(error))}") from None

    def select(self, query: str, bindings: Bindings | None = None) -> Rows:
        import pyoxigraph as ox

        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError("not a SELECT query")
        variables = [v.value for v in result.variables]
        try:  # solutions are computed as they are read: a failure can come now
            rows = Rows(variables, [dict(zip(variables, solution, strict=True)) for solution in result])
        except (RuntimeError, OSError) as error:
            raise UsageError(f"the query failed: {first_line(str(error))}") from None
        return sort_concatenations(rows, query)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        import pyoxigraph as ox

        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise UsageError("not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> list[ox.Triple]:
        import pyoxigraph as ox

        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise UsageError("not a CONSTRUCT or DESCRIBE query")
        try:
            return list(result)
        except (RuntimeError, OSError) as error:
            raise UsageError(f"the query failed: {first_line(str(error))}") from None


# -- Remote --

class RemoteStore(SparqlStore):
    """A SPARQL 1.1 endpoint, queried over HTTP (the SPARQL 1.1 Protocol: POST form-encoded, JSON results).

    ``timeout`` is the total time in seconds one request may take, connecting
    and reading the whole answer included (see :mod:`hkgov_graph.httpclient`);
    ``user`` and ``password`` give HTTP basic authentication. Any failure to
    get an answer (connection refused, timeout, HTTP error, a reply that is
    not SPARQL JSON) is an :class:`EndpointError` with a one-line message.
    """

    def __init__(self, endpoint_url: str, timeout: float = 30.0, user: str | None = None,
                 password: str | None = None, default_graph: DefaultGraphMode = "union",
                 allow_service: bool = False) -> None:
        if not re.match(r"https?://[^\s/]+", endpoint_url or ""):
            raise UsageError(f"malformed endpoint URL: {endpoint_url!r} (expected http://host:port/path)")
        if default_graph not in ("union", "endpoint"):
            raise UsageError(f"default_graph must be 'union' or 'endpoint', not {default_graph!r}")
        if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
            raise UsageError(f"the timeout must be a finite number of seconds greater than 0, not {timeout!r}")
        self.endpoint_url = endpoint_url
        self.timeout = timeout
        self.user = user
        self.password = password
        self.default_graph = default_graph
        self.allow_service = allow_service
        self.description = f"the endpoint {endpoint_url}"
        self._graphs: list[str] | None = None
        self._client: Any = None

    # - HTTP -

    def _request(self, query: str, accept: str, graphs: list[str] | None) -> bytes:
        from hkgov_graph.httpclient import HttpClient, RequestFailed
        from hkgov_graph.query.service import refuse_service

        refuse_service(query, self.allow_service)
        query_form(query)  # an update is refused here, not sent
        if self._client is None:
            auth = (self.user, self.password or "") if self.user is not None else None
            self._client = HttpClient(self.timeout, auth=auth)
        form: dict[str, Any] = {"query": query}
        if graphs:
            form["default-graph-uri"] = list(graphs)
            form["named-graph-uri"] = list(graphs)
        where = self.endpoint_url
        try:
            response = self._client.request("POST", where, data=form, headers={"Accept": accept})
        except RequestFailed as error:
            if error.kind == "unreachable":
                raise EndpointError(f"cannot reach the endpoint {where}: {error.reason}") from None
            if error.kind == "timeout":
                raise EndpointError(f"the endpoint {where} did not answer within {error.reason}") from None
            raise EndpointError(f"the endpoint {where} broke off the answer: {error.reason}") from None
        if not response.ok:
            detail = response.first_line(160)
            raise EndpointError(f"the endpoint {where} refused the query: HTTP {response.status} {response.reason}"
                                + (f": {detail}" if detail else ""))
        return response.body

    def _json(self, query: str, graphs: list[str] | None) -> dict[str, Any]:
        body = self._request(query, "application/sparql-results+json", graphs)
        try:
            data = json.loads(body)
        except ValueError:
            raise EndpointError(f"the endpoint {self.endpoint_url} did not answer with SPARQL JSON results: "
                                f"{first_line(body.decode('utf-8', 'replace'))[:100]!r}") from None
        if not isinstance(data, dict):
            raise EndpointError(f"the endpoint {self.endpoint_url} did not answer with SPARQL JSON results")
        return data

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def graphs(self) -> list[str]:
        """The named graphs of the endpoint (listed once)."""
        if self._graphs is None:
            data = self._json("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", None)
            self._graphs = sorted(b["g"]["value"] for b in data.get("results", {}).get("bindings", [])
                                  if b.get("g", {}).get("type") == "uri")
        return self._graphs

    def _dataset(self, query: str) -> list[str] | None:
        """The graphs to send as the dataset; a SERVICE query is refused here, before any request."""
        from hkgov_graph.query.service import refuse_service

        refuse_service(query, self.allow_service)
        if self.default_graph == "endpoint" or has_dataset_clause(query):
            return None
        return self.graphs() or None

    # - Queries -

    def select(self, query: str, bindings: Bindings | None = None) -> Rows:
        text = insert_values(query, bindings)
        data = self._json(text, self._dataset(query))
        try:
            variables = list(data["head"].get("vars", []))
            rows = [{name: term_from_json(b[name]) if name in b else None for name in variables}
                    for b in data["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError):
            raise EndpointError(f"the endpoint {self.endpoint_url} did not answer with SELECT results") from None
        result = sort_concatenations(Rows(variables, rows), query)
        if is_distinct(query):  # after the concatenations are sorted, so equal rows read equal
            result = Rows(variables, _distinct(result))
        return result

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        data = self._json(insert_values(query, bindings), self._dataset(query))
        if isinstance(data.get("boolean"), bool):
            return data["boolean"]
        answer = _virtuoso_ask(data)
        if answer is None:
            raise EndpointError(f"the endpoint {self.endpoint_url} did not answer with an ASK result")
        return answer

    def construct(self, query: str, bindings: Bindings | None = None) -> list[ox.Triple]:
        import pyoxigraph as ox

        body = self._request(insert_values(query, bindings), "text/turtle", self._dataset(query))
        try:
            return [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
        except SyntaxError as error:
            raise EndpointError(f"the endpoint {self.endpoint_url} did not answer with Turtle: "
                                f"{first_line(str(error))}") from None


def _virtuoso_ask(data: dict[str, Any]) -> bool | None:
    """Virtuoso 7.2 answers an ASK POSTed with a JSON Accept header as a SELECT of one variable,
    ``__ASK_RETVAL``: one row holding 1 for true, no row for false (not SPARQL 1.1's ``boolean``
    member). That answer read as a boolean; None for anything else."""
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or head.get("vars") != ["__ASK_RETVAL"] or not isinstance(results, dict):
        return None
    bindings = results.get("bindings")
    if not isinstance(bindings, list):
        return None
    return any(b.get("__ASK_RETVAL", {}).get("value") not in (None, "0", "false") for b in bindings)


def term_from_json(value: Mapping[str, str]) -> Term:
    """A term of the SPARQL 1.1 JSON results format as a pyoxigraph term."""
    import pyoxigraph as ox

    kind = value.get("type")
    try:
        if kind == "uri":
            return ox.NamedNode(value["value"])
        if kind == "bnode":
            return ox.BlankNode(value["value"])
        if kind in ("literal", "typed-literal"):
            if "xml:lang" in value:
                return ox.Literal(value["value"], language=value["xml:lang"])
            if "datatype" in value:
                lexical = value["value"]
                if value["datatype"] == ns.XSD + "boolean":
                    # Virtuoso writes stored booleans as 1 and 0: valid lexical forms, but not the
                    # canonical ones every other store returns (and that equality of terms compares)
                    lexical = {"1": "true", "0": "false"}.get(lexical, lexical)
                return ox.Literal(lexical, datatype=ox.NamedNode(value["datatype"]))
            return ox.Literal(value["value"])
    except (KeyError, ValueError) as error:
        raise EndpointError(f"a malformed term in the endpoint's answer: {error}") from None
    raise EndpointError(f"an unsupported term in the endpoint's answer: {kind!r}")


def term_to_json(term: Term) -> dict[str, str]:
    """A pyoxigraph term in the SPARQL 1.1 JSON results format, language tags in their conventional case
    (``zh-Hant``, as the endpoint and the dumps write them; pyoxigraph gives ``zh-hant``)."""
    import pyoxigraph as ox

    from hkgov_graph.publish.serialise import conventional_tag

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": conventional_tag(term.language)}
    if term.datatype.value == ns.XSD + "string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def first_line(text: str) -> str:
    """The first non-empty line of a message, for one-line errors."""
    for line in str(text).splitlines():
        if line.strip():
            return line.strip()
    return ""
