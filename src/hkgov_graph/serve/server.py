"""``hkgov-graph serve``: the published site, content negotiation and a
read-only SPARQL endpoint, on the standard library's HTTP server.

* Static files of the site (``hkgov-graph publish``) are served as they are.
* A resource IRI without an extension (``/id/office/bjo``, ``/ontology``,
  ``/dataset``, ``/graph/<name>``) answers ``303 See Other`` to the
  representation the ``Accept`` header prefers (``.html``, ``.ttl``,
  ``.jsonld`` or ``.nt``), with ``Vary: Accept``, as in W3C "Cool URIs for
  the Semantic Web"; ``406`` when it accepts none of them.
* ``/sparql`` implements the SPARQL 1.1 Protocol for queries (GET, POST
  form-encoded, POST ``application/sparql-query``; ``default-graph-uri`` and
  ``named-graph-uri``); the default graph is the union of the named graphs.
  Results as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, JSON-LD,
  N-Triples or RDF/XML, chosen by ``?format=`` or ``Accept``. Updates are
  refused with 403. Without a query it shows a small HTML form.
* Each query runs in a worker process holding its own copy of the store; a
  query that outlives the time limit is stopped by killing its worker (a
  thread inside pyoxigraph cannot be interrupted), and a result larger than
  the size limit is refused. Both answer with a message saying so.
* Every response carries ``Access-Control-Allow-Origin: *``; ``OPTIONS``
  answers CORS preflights. Paths with ``..``, encoded slashes or
  backslashes, NUL or hidden segments are 404.
"""

from __future__ import annotations

import contextlib
import html
import multiprocessing
import queue
import re
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from hkgov_graph.errors import UsageError
from hkgov_graph.publish.site import DUMP_STEM, MEDIA_TYPES

if TYPE_CHECKING:
    import pyoxigraph as ox

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULT_BYTES = 16 * 1024 * 1024
DEFAULT_WORKERS = 2
DEFAULT_MEMORY_LIMIT = 2 * 1024 * 1024 * 1024
MAX_REQUEST_BYTES = 1024 * 1024

# Representations of a resource: media type -> file extension, in the server's order of preference.
RESOURCE_VARIANTS: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
}

# SPARQL result formats: name -> (media type, accepted media types, ?format= aliases).
RESULT_FORMATS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "json": ("application/sparql-results+json", ("application/sparql-results+json", "application/json"), ("json",)),
    "xml": ("application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml"),
            ("xml",)),
    "csv": ("text/csv; charset=utf-8", ("text/csv",), ("csv",)),
    "tsv": ("text/tab-separated-values; charset=utf-8", ("text/tab-separated-values",), ("tsv",)),
}
GRAPH_FORMATS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "turtle": ("text/turtle; charset=utf-8", ("text/turtle", "application/turtle", "application/x-turtle"),
               ("turtle", "ttl")),
    "jsonld": ("application/ld+json", ("application/ld+json", "application/x-json+ld", "application/json"),
               ("json-ld", "jsonld", "json")),
    "ntriples": ("application/n-triples", ("application/n-triples", "text/plain"), ("nt", "ntriples", "n-triples")),
    "rdfxml": ("application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml"),
               ("xml", "rdfxml", "rdf+xml", "rdf")),
}
FORMAT_PARAMETERS = ("format", "output", "results")

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n]*")


# -- Content negotiation --

def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their q-values."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the ``Accept`` header prefers (ties go to the earlier offer); None if it accepts none.

    A missing or empty header accepts everything.
    """
    ranges = parse_accept(header)
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        main, _, _ = offer.partition("/")
        quality, specificity = 0.0, -1
        for media, q in ranges:
            rank = 2 if media == offer else 1 if media == f"{main}/*" else 0 if media == "*/*" else -1
            if rank > specificity:
                quality, specificity = q, rank
        if quality > best_q:
            best, best_q = offer, quality
    return best


def choose_format(formats: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]], accept: str | None,
                  requested: Sequence[str]) -> str | None:
    """The format named by ``?format=`` (first recognised value) or else preferred by ``Accept``."""
    for value in requested:
        value = value.strip().lower()
        for name, (media, accepted, aliases) in formats.items():
            if value in aliases or value == media.split(";")[0] or value in accepted:
                return name
    offers = [m for _, accepted, _ in formats.values() for m in accepted]
    chosen = negotiate(accept, offers)
    if chosen is None:
        return None
    return next(name for name, (_, accepted, _) in formats.items() if chosen in accepted)


# -- Running one query (inside a worker process) --

@dataclass(frozen=True)
class QueryJob:
    """One SPARQL query and how its results are wanted."""

    query: str
    accept: str | None = None
    formats: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode())


class ResultTooLarge(Exception):
    """The serialised result passed the size limit."""


class CappedBuffer:
    """A binary writer that refuses to grow past ``limit`` bytes."""

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


def is_update(query: str) -> bool:
    """Whether the text is a SPARQL Update request rather than a query."""
    return bool(_UPDATE.match(_COMMENT.sub("", query)))


def execute(store: ox.Store, job: QueryJob, max_bytes: int, prefixes: dict[str, str] | None = None) -> Reply:
    """Run a query against ``store`` (see :func:`load_endpoint_store`) and serialise its result, within
    ``max_bytes``."""
    import pyoxigraph as ox

    from hkgov_graph.publish.site import fix_language_tags, to_jsonld, to_turtle

    options: dict[str, Any] = {}
    try:
        if job.default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    except ValueError as error:
        return text_reply(400, f"invalid graph IRI: {error}")
    try:
        result = store.query(job.query, base_iri=job.base_iri, **options)
    except SyntaxError as error:
        if is_update(job.query):
            return text_reply(403, "this endpoint is read-only: SPARQL Update requests are not accepted")
        return text_reply(400, f"malformed query: {error}")
    except (OSError, ValueError, RuntimeError) as error:
        return text_reply(400, f"the query failed: {error}")

    too_large = text_reply(400, f"the result is larger than the limit of {max_bytes} bytes; "
                                "add a LIMIT or narrow the query")
    if isinstance(result, ox.QueryTriples):
        name = choose_format(GRAPH_FORMATS, job.accept, job.formats)
        if name is None:
            return text_reply(406, "CONSTRUCT and DESCRIBE results are available as "
                              + ", ".join(m for m, _, _ in GRAPH_FORMATS.values()))
        triples, size = [], 0
        for triple in result:
            size += len(str(triple)) + 2
            if size > max_bytes:
                return too_large
            triples.append(triple)
        prefixes = prefixes or {}
        if name == "turtle":
            body = to_turtle(triples, prefixes)
        elif name == "jsonld":
            body = to_jsonld(triples, prefixes)
        else:
            fmt = ox.RdfFormat.N_TRIPLES if name == "ntriples" else ox.RdfFormat.RDF_XML
            body = fix_language_tags(ox.serialize(triples, format=fmt))
        if len(body) > max_bytes:
            return too_large
        return Reply(200, GRAPH_FORMATS[name][0], body)

    name = choose_format(RESULT_FORMATS, job.accept, job.formats)
    if name is None:
        return text_reply(406, "SELECT and ASK results are available as "
                          + ", ".join(m for m, _, _ in RESULT_FORMATS.values()))
    fmt = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[name]
    buffer = CappedBuffer(max_bytes)
    try:
        result.serialize(buffer, format=fmt)
    except ResultTooLarge:
        return too_large
    return Reply(200, RESULT_FORMATS[name][0], fix_language_tags(buffer.getvalue()))


def load_endpoint_store(dump: Path) -> ox.Store:
    """The store a worker queries: the named graphs of the dump, and their union (each triple once) as the
    default graph.

    pyoxigraph's ``use_default_graph_as_union`` repeats a triple once per graph
    holding it; an RDF merge holds it once, so the union is materialised.
    """
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    union = {q.triple for q in store}
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in union)
    return store


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (best effort, elsewhere a no-op)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def worker_main(conn: Any, dump: str, max_bytes: int, memory_limit: int | None,
                prefixes: dict[str, str]) -> None:
    """A query worker: load the dump, then answer jobs from ``conn`` until it closes."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    if memory_limit:
        with contextlib.suppress(Exception):
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    try:
        store = load_endpoint_store(Path(dump))
    except (OSError, SyntaxError) as error:
        conn.send(f"cannot load {dump}: {error}")
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = execute(store, job, max_bytes, prefixes)
        except MemoryError:
            reply = text_reply(400, "the query needs more memory than the endpoint allows")
        conn.send(reply)


# -- The pool of workers --

class _Worker:
    def __init__(self, process: Any, conn: Any) -> None:
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class QueryPool:
    """Worker processes that run queries with a time limit; a worker that overruns is killed and replaced."""

    def __init__(self, dump: Path, size: int = DEFAULT_WORKERS, timeout: float = DEFAULT_TIMEOUT,
                 max_bytes: int = DEFAULT_MAX_RESULT_BYTES, memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
                 prefixes: dict[str, str] | None = None) -> None:
        self.dump = dump
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.memory_limit = memory_limit
        self.prefixes = prefixes or {}
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._spawn() for _ in range(max(1, size))]
        for worker in started:
            self._wait_ready(worker)
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main, args=(child, str(self.dump), self.max_bytes, self.memory_limit, self.prefixes),
            daemon=True, name="hkgov-graph-query")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _wait_ready(self, worker: _Worker) -> None:
        message = worker.conn.recv() if worker.conn.poll(120) else "no answer from the query worker"
        if message != "ready":
            self.close()
            raise UsageError(f"the SPARQL endpoint cannot start: {message}")

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return
        threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        worker = self._spawn()
        try:
            self._wait_ready(worker)
        except UsageError:
            return
        with self._lock:
            closed = self._closed
        if closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def run(self, job: QueryJob) -> Reply:
        """Run ``job`` on an idle worker; 503 when none is free in time or the query overruns."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return text_reply(503, "the endpoint is busy; try again later")
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            self._discard(worker)
            return text_reply(500, "the query worker stopped (did the query need too much memory?)")
        self._discard(worker)
        return text_reply(503, f"the query was stopped after the time limit of {self.timeout:g} s; "
                               "narrow it or add a LIMIT")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()


# -- HTTP --

def site_file(root: Path, raw_path: str) -> Path | None:
    """The file or folder under ``root`` that a request path names, or None when the path is unsafe.

    Refused: ``.`` and ``..`` segments, hidden segments, percent-encoded
    slashes and backslashes, backslashes and NUL, anything resolving outside
    ``root`` (symbolic links included).
    """
    if not raw_path.startswith("/") or re.search(r"%(2f|5c|00)", raw_path, re.IGNORECASE):
        return None
    try:
        path = unquote(raw_path, errors="strict") if "%" in raw_path else raw_path
    except UnicodeDecodeError:
        return None
    if "\\" in path or "\0" in path:
        return None
    segments = [s for s in path.split("/") if s]
    if any(s.startswith(".") for s in segments):
        return None
    root = root.resolve()
    candidate = root.joinpath(*segments).resolve()
    if candidate != root and not candidate.is_relative_to(root):
        return None
    return candidate


def site_base(site: Path) -> str | None:
    """The base IRI the site was published under (read from its VoID description)."""
    try:
        text = (site / "dataset.nt").read_text(encoding="utf-8")
    except OSError:
        return None
    m = re.search(r"^<([^>]*)dataset> <http://rdfs\.org/ns/void#sparqlEndpoint> ", text, re.MULTILINE)
    return m[1] if m else None


QUERY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL endpoint – hkgov-graph</title>
<link rel="stylesheet" href="style.css">
<link rel="icon" type="image/svg+xml" href="favicon.svg">
</head>
<body>
<header><nav><a href="index.html">hkgov-graph</a><a href="dataset.html">Dataset <span lang="zh-Hant">數據集</span></a>
<a href="ontology.html">Ontology <span lang="zh-Hant">本體</span></a></nav></header>
<main>
<h1>SPARQL endpoint<span class="zh" lang="zh-Hant">SPARQL 查詢端點</span></h1>
<p>Read-only SPARQL 1.1 queries over every named graph (the default graph is their union).
Queries are stopped after {timeout} s; results larger than {max_bytes} bytes are refused.
唯讀查詢；預設圖為所有具名圖的聯集。</p>
<form method="get" action="sparql">
<p><label for="query">Query 查詢</label></p>
<textarea id="query" name="query" rows="14" cols="100">{example}</textarea>
<p><label for="format">Results 結果格式</label>
<select id="format" name="format">
<option value="json">SPARQL JSON</option><option value="xml">SPARQL XML</option>
<option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="turtle">Turtle (CONSTRUCT, DESCRIBE)</option>
<option value="json-ld">JSON-LD (CONSTRUCT, DESCRIBE)</option>
</select>
<button type="submit">Run 執行</button></p>
</form>
</main>
</body>
</html>
"""

EXAMPLE_QUERY = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?unit ?label ?parent WHERE {
  ?unit org:unitOf ?parent ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "zh-hant")
}
ORDER BY ?parent ?unit
LIMIT 50"""


class SiteServer(ThreadingHTTPServer):
    """The HTTP server: the site folder, the query pool and the limits."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Path, pool: QueryPool | None, quiet: bool = False) -> None:
        self.site = site.resolve()
        self.pool = pool
        self.quiet = quiet
        self.base = site_base(self.site)
        super().__init__(address, SiteHandler)

    def close(self) -> None:
        self.server_close()
        if self.pool is not None:
            self.pool.close()


class SiteHandler(BaseHTTPRequestHandler):
    """Static files, content negotiation, the SPARQL endpoint."""

    server: SiteServer
    server_version = "hkgov-graph"
    protocol_version = "HTTP/1.1"

    # -- plumbing
    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def send(self, reply: Reply, vary: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy",
                             "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        if vary:
            self.send_header("Vary", "Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def not_found(self) -> None:
        self.send(text_reply(404, "not found"))

    def split(self) -> tuple[str, str]:
        target = self.path
        if not target.startswith("/"):  # absolute-form request target
            parts = urlsplit(target)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        path, _, query = target.partition("?")
        return path, query

    # -- methods
    def do_OPTIONS(self) -> None:
        self.send(Reply(204, "text/plain", b"", (
            ("Allow", "GET, HEAD, POST, OPTIONS"),
            ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Accept, Content-Type"),
            ("Access-Control-Max-Age", "86400"))))

    def do_GET(self) -> None:
        path, query = self.split()
        if path == "/sparql":
            self.sparql_get(query)
        else:
            self.static(path)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        path, query = self.split()
        if path != "/sparql":
            self.send(text_reply(405, "only /sparql accepts POST"))
            return
        self.sparql_post(query)

    def refuse(self) -> None:
        self.close_connection = True
        self.send(Reply(405, "text/plain; charset=utf-8", b"this server is read-only\n",
                        (("Allow", "GET, HEAD, POST, OPTIONS"),)))

    do_PUT = do_DELETE = do_PATCH = refuse

    # -- the site
    def static(self, raw_path: str) -> None:
        root = self.server.site
        if raw_path == "/.well-known/void":  # RFC 5785 / VoID: the dataset description
            self.negotiate_resource("/dataset", root / "dataset")
            return
        target = site_file(root, raw_path)
        if target is None:
            self.not_found()
            return
        if target.is_dir():
            if not raw_path.endswith("/"):
                self.send(Reply(301, "text/plain; charset=utf-8", b"moved\n", (("Location", raw_path + "/"),)))
                return
            target = target / "index.html"
        if target.is_file():
            data = target.read_bytes()
            media = MEDIA_TYPES.get(target.suffix, "application/octet-stream")
            self.send(Reply(200, media, data))
            return
        self.negotiate_resource(raw_path, target)

    def negotiate_resource(self, raw_path: str, target: Path) -> None:
        """303 from a resource IRI to the representation the client prefers."""
        location_stem = raw_path
        if not target.with_name(target.name + ".html").is_file():
            self.not_found()
            return
        accept = self.headers.get("Accept")
        chosen = negotiate(accept, list(RESOURCE_VARIANTS))
        if chosen is None:
            offers = sorted(set(RESOURCE_VARIANTS.values()))
            body = "not acceptable; available: " + ", ".join(f"{location_stem}.{ext}" for ext in offers)
            self.send(text_reply(406, body), vary=True)
            return
        location = f"{location_stem}.{RESOURCE_VARIANTS[chosen]}"
        self.send(Reply(303, "text/plain; charset=utf-8", f"see {location}\n".encode(),
                        (("Location", location), ("Link", f'<{location}>; rel="alternate"; type="{chosen}"'))),
                  vary=True)

    # -- SPARQL
    def sparql_get(self, query_string: str) -> None:
        params = parse_qs(query_string, keep_blank_values=True)
        if "update" in params:
            self.send(text_reply(403, "this endpoint is read-only: SPARQL Update requests are not accepted"))
            return
        if "query" not in params:
            self.query_page()
            return
        self.run_query(params)

    def sparql_post(self, query_string: str) -> None:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            self.send(text_reply(411, "a POST needs a Content-Length"))
            return
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            self.send(text_reply(413, f"the request is larger than {MAX_REQUEST_BYTES} bytes"))
            return
        body = self.rfile.read(int(length))
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(query_string, keep_blank_values=True)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self.send(text_reply(400, "the request body is not UTF-8"))
            return
        if media == "application/sparql-update" or "update" in params:
            self.send(text_reply(403, "this endpoint is read-only: SPARQL Update requests are not accepted"))
            return
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                self.send(text_reply(403, "this endpoint is read-only: SPARQL Update requests are not accepted"))
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params["query"] = [text]
        else:
            self.send(text_reply(415, "send the query as application/sparql-query or "
                                      "application/x-www-form-urlencoded"))
            return
        if "query" not in params:
            self.send(text_reply(400, "no query given"))
            return
        self.run_query(params)

    def run_query(self, params: dict[str, list[str]]) -> None:
        queries = params["query"]
        if len(queries) != 1 or not queries[0].strip():
            self.send(text_reply(400, "give exactly one non-empty query"))
            return
        if len(queries[0].encode()) > MAX_REQUEST_BYTES:
            self.send(text_reply(413, f"the query is larger than {MAX_REQUEST_BYTES} bytes"))
            return
        if self.server.pool is None:
            self.send(text_reply(503, "the SPARQL endpoint is not running"))
            return
        formats = tuple(v for name in FORMAT_PARAMETERS for v in params.get(name, []))
        job = QueryJob(queries[0], self.headers.get("Accept"), formats,
                       tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])),
                       self.server.base)
        self.send(self.server.pool.run(job), vary=True)

    def query_page(self) -> None:
        pool = self.server.pool
        page = QUERY_PAGE.format(timeout=f"{pool.timeout:g}" if pool else "?",
                                 max_bytes=pool.max_bytes if pool else "?", example=html.escape(EXAMPLE_QUERY))
        self.send(Reply(200, "text/html; charset=utf-8", page.encode()), vary=True)


# -- Starting and stopping --

def make_server(site: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT,
                max_bytes: int = DEFAULT_MAX_RESULT_BYTES, workers: int = DEFAULT_WORKERS,
                memory_limit: int | None = DEFAULT_MEMORY_LIMIT, quiet: bool = False) -> SiteServer:
    """A server for the published ``site`` (not yet serving)."""
    from hkgov_graph.publish.site import prefixes_for

    site = site.resolve()
    dump = site / "dumps" / f"{DUMP_STEM}.nq"
    if not (site / "index.html").is_file() or not dump.is_file():
        raise UsageError(f"{site} is not a published site (no index.html or dumps/{dump.name}); "
                         "run `hkgov-graph publish -o DIR` first")
    base = site_base(site)
    pool = QueryPool(dump, workers, timeout, max_bytes, memory_limit, prefixes_for(base) if base else {})
    try:
        return SiteServer((host, port), site, pool, quiet)
    except OSError as error:
        pool.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def serve(site: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_RESULT_BYTES, workers: int = DEFAULT_WORKERS,
          memory_limit: int | None = DEFAULT_MEMORY_LIMIT, quiet: bool = False) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the query workers."""
    server = make_server(site, host, port, timeout, max_bytes, workers, memory_limit, quiet)
    actual_host, actual_port = server.server_address[:2]

    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = signal.signal(signal.SIGTERM, stop)
    print(f"Serving {server.site} at http://{actual_host}:{actual_port}/ (SPARQL: /sparql); Ctrl-C stops.",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        print("Stopped.", file=sys.stderr, flush=True)
