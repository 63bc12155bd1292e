"""Running one SPARQL query inside a query worker, and what it answers.

Each worker process holds its own copy of the store (:func:`init_worker`,
run by the pool whenever it starts a worker) and runs :func:`run_job`; the
pool kills a worker that passes the time limit and starts another, so
nothing here needs to be interruptible. Everything a job returns is a plain
:class:`Reply` the app sends as it is.
"""

from __future__ import annotations

import contextlib
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hkgov_graph.serve.negotiation import Offer, choose

if TYPE_CHECKING:
    import pyoxigraph as ox

RESULT_OFFERS = (
    Offer("json", "application/sparql-results+json", ("application/json",), ("json",)),
    Offer("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("xml",)),
    Offer("csv", "text/csv", (), ("csv",)),
    Offer("tsv", "text/tab-separated-values", (), ("tsv",)),
)
GRAPH_OFFERS = (
    # n3: a Turtle document is N3 too (SPARQLWrapper's N3 sends format=n3)
    Offer("turtle", "text/turtle", ("application/x-turtle", "application/turtle"), ("turtle", "ttl", "n3")),
    Offer("jsonld", "application/ld+json", ("application/json",), ("json-ld", "jsonld", "json")),
    Offer("ntriples", "application/n-triples", (), ("nt", "ntriples", "n-triples")),
    Offer("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("xml", "rdfxml", "rdf+xml", "rdf")),
)
# Text formats are sent as UTF-8 and say so.
CHARSET = {"text/csv", "text/tab-separated-values", "text/turtle"}
READ_ONLY = "this endpoint is read-only: SPARQL Update requests are not accepted"


@dataclass(frozen=True)
class QueryJob:
    """One SPARQL query, its dataset (``None``: the protocol names none) and how its results are wanted."""

    query: str
    accept: str | None = None
    formats: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, content type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def text_reply(status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode(), headers)


def media_header(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in CHARSET else media_type


class ResultTooLarge(Exception):
    """The serialised result passed the size limit."""


class CappedBuffer:
    """A binary writer that refuses to grow past ``limit`` bytes (so a huge result stops early)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


# -- The worker's state --

@dataclass
class WorkerState:
    store: ox.Store
    max_bytes: int
    allow_service: bool
    prefixes: dict[str, str]


_STATE: WorkerState | None = None
_LOAD_ERROR: str | None = None


def load_endpoint_store(dump: Path) -> ox.Store:
    """The store a worker queries: the named graphs of the dump, and their union (each triple once) as the
    default graph.

    pyoxigraph's ``use_default_graph_as_union`` repeats a triple once per graph
    holding it; an RDF merge holds it once, so the union is materialised.
    """
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    union = {q.triple for q in store}
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in union)
    return store


def init_worker(dump: str, max_bytes: int, memory_limit: int | None, allow_service: bool,
                prefixes: dict[str, str]) -> None:
    """Load the dump into this worker (the pool runs this in every new worker).

    SIGTERM is given back its default action: pebble stops a worker at the
    time limit with SIGTERM, and a Python handler would not run until
    pyoxigraph's query returned (pebble would wait 3 s, then SIGKILL).
    """
    global _STATE, _LOAD_ERROR
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_limit:
        with contextlib.suppress(Exception):  # best effort: RLIMIT_AS is Unix-only
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        _STATE = WorkerState(load_endpoint_store(Path(dump)), max_bytes, allow_service, prefixes)
    except (OSError, SyntaxError, MemoryError) as error:
        _LOAD_ERROR = f"cannot load {dump}: {error}"


def ping() -> str | None:
    """None when this worker is ready, else why it is not (the pool's start-up check)."""
    return _LOAD_ERROR if _STATE is None else None


def run_job(job: QueryJob) -> Reply:
    """The pool's task: run ``job`` in this worker's store."""
    if _STATE is None:
        return text_reply(500, _LOAD_ERROR or "the query worker has no store")
    try:
        return execute(_STATE.store, job, _STATE.max_bytes, _STATE.prefixes, _STATE.allow_service)
    except MemoryError:
        return text_reply(400, "the query needs more memory than the endpoint allows")


# -- One query --

def execute(store: ox.Store, job: QueryJob, max_bytes: int, prefixes: dict[str, str] | None = None,
            allow_service: bool = False) -> Reply:
    """Run ``job`` against ``store`` (see :func:`load_endpoint_store`) and serialise its result within
    ``max_bytes``.

    The protocol's dataset replaces the query's own (``FROM``): with
    ``default-graph-uri`` alone there are no named graphs, with
    ``named-graph-uri`` alone the default graph is empty (SPARQL 1.1
    Protocol 2.1.4). With neither, the default graph is the union.
    ``prefixes`` are declared for every query (as ``hkgov-graph sparql``
    does); a syntax error is one line naming the line and column of the query.
    """
    import pyoxigraph as ox

    from hkgov_graph.query.service import REFUSAL, uses_service
    from hkgov_graph.query.stores import is_update

    if is_update(job.query):
        return text_reply(403, READ_ONLY)
    if not allow_service and uses_service(job.query):
        return text_reply(400, REFUSAL.replace("(--allow-service)", "(hkgov-graph serve --allow-service)"))
    options: dict[str, Any] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        for option, parameter, iris in (("default_graph", "default-graph-uri", job.default_graphs),
                                        ("named_graphs", "named-graph-uri", job.named_graphs)):
            options[option] = []
            for iri in iris or ():
                try:
                    options[option].append(ox.NamedNode(iri))
                except ValueError as error:  # say which parameter and value: there may be several
                    shown = repr(iri if len(iri) <= 80 else iri[:80] + "…")
                    return text_reply(400, f"{parameter}={shown} is not an absolute IRI ({error})")
    try:  # the project's prefixes are declared for the query (given to the parser, so lines stay the user's)
        result = store.query(job.query, base_iri=job.base_iri, prefixes=prefixes or None, **options)
    except SyntaxError as error:
        from hkgov_graph.query.syntax import malformed

        return text_reply(400, malformed(str(error), job.query, prefixes))
    except (OSError, ValueError, RuntimeError) as error:
        return text_reply(400, f"the query failed: {error}")

    try:  # solutions are computed as they are written: a failure (a SERVICE call, when allowed) can come now
        if isinstance(result, ox.QueryTriples):
            return _graph_reply(result, job, max_bytes, prefixes or {})
        return _results_reply(result, job, max_bytes)
    except (OSError, ValueError, RuntimeError) as error:
        return text_reply(400, f"the query failed: {error}")


def _too_large(max_bytes: int) -> Reply:
    return text_reply(400, f"the result is larger than the limit of {max_bytes} bytes; add a LIMIT or narrow "
                           "the query")


def format_words(offers: tuple[Offer, ...]) -> str:
    """``json, xml, csv or tsv``: the first word of each offer, as ``?format=`` takes them."""
    words = [o.words[0] for o in offers]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _not_acceptable(what: str, offers: tuple[Offer, ...], formats: tuple[str, ...] = ()) -> Reply:
    if formats:  # the client named a format (of the other kind of result: csv for a CONSTRUCT)
        return text_reply(406, f"{what} are not available as format={formats[0]!r}: ask for "
                               f"{format_words(offers)} ({', '.join(o.media_type for o in offers)})")
    return text_reply(406, f"{what} are available as " + ", ".join(o.media_type for o in offers))


def serialise_graph(triples: list[ox.Triple], key: str, prefixes: dict[str, str]) -> bytes:
    """``triples`` in the format of the graph offer ``key`` (:data:`GRAPH_OFFERS`)."""
    import pyoxigraph as ox

    from hkgov_graph.publish.site import fix_language_tags, to_jsonld, to_turtle

    if key == "turtle":
        return to_turtle(triples, prefixes)
    if key == "jsonld":
        return to_jsonld(triples, prefixes)
    fmt = ox.RdfFormat.N_TRIPLES if key == "ntriples" else ox.RdfFormat.RDF_XML
    return fix_language_tags(ox.serialize(triples, format=fmt))


def _graph_reply(result: ox.QueryTriples, job: QueryJob, max_bytes: int, prefixes: dict[str, str]) -> Reply:
    choice = choose(job.accept, GRAPH_OFFERS, job.formats)
    if choice is None:
        return _not_acceptable("CONSTRUCT and DESCRIBE results", GRAPH_OFFERS, job.formats)
    triples, size = [], 0
    for triple in result:
        size += len(str(triple)) + 2
        if size > max_bytes:
            return _too_large(max_bytes)
        triples.append(triple)
    body = serialise_graph(triples, choice.offer.key, prefixes)
    if len(body) > max_bytes:
        return _too_large(max_bytes)
    return Reply(200, media_header(choice.media_type), body)


def _results_reply(result: Any, job: QueryJob, max_bytes: int) -> Reply:
    import pyoxigraph as ox

    from hkgov_graph.publish.site import fix_language_tags

    choice = choose(job.accept, RESULT_OFFERS, job.formats)
    if choice is None:
        return _not_acceptable("SELECT and ASK results", RESULT_OFFERS, job.formats)
    fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[choice.offer.key]
    buffer = CappedBuffer(max_bytes)
    try:
        result.serialize(buffer, format=fmt)
    except ResultTooLarge:
        return _too_large(max_bytes)
    return Reply(200, media_header(choice.media_type), fix_language_tags(buffer.getvalue()))
