"""Servers for the remote-store tests: a real Oxigraph server, and tiny HTTP servers that misbehave;
and the inline question queries the runner, server and CLI tests share.

Everything listens on 127.0.0.1 on a free port and is stopped by the test
that started it (the Oxigraph server by its pid).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve`` process."""

    process: subprocess.Popen[bytes]
    port: int
    location: Path

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def count_quads(self) -> int:
        """How many quads the server holds (all graphs), asked over HTTP."""
        data = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).encode()
        request = urllib.request.Request(self.query_url, data=data,
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def oxigraph_binary() -> str:
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    return binary


def start_oxigraph(nquads: Path, location: Path, union_default_graph: bool = False) -> OxigraphServer:
    """Load the dump into a fresh on-disk store with ``oxigraph load``, then serve it on a free port."""
    binary = oxigraph_binary()
    subprocess.run([binary, "load", "--location", str(location), "--file", str(nquads)],
                   check=True, capture_output=True, timeout=120)
    port = free_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = OxigraphServer(process, port, location)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {process.stderr.read().decode(errors='replace')}")
        try:
            server.count_quads()
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("oxigraph serve did not start within 30 s")


# -- hkgov-graph serve --

@dataclass
class Server:
    """A running `hkgov-graph serve` subprocess."""

    process: subprocess.Popen[str]
    host: str
    port: int
    site: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                body: bytes | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One raw request (no redirect following, the path sent exactly as given)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


def command() -> list[str]:
    """The installed console script, or the module when the script is not on PATH."""
    script = shutil.which("hkgov-graph")
    return [script] if script else [sys.executable, "-m", "hkgov_graph"]


def start_server(site: Path, *extra: str) -> Server:
    """Start `hkgov-graph serve` on a free port (--port 0) and wait until it answers."""
    process = subprocess.Popen([*command(), "serve", "--site", str(site), "--port", "0", "--quiet", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.startswith("Published"):  # the site did not exist: serve published it first
        line = process.stdout.readline()
    m = re.search(r"http://([\d.]+):(\d+)/", line)
    if not m:
        process.kill()
        raise AssertionError(f"the server did not start: {line!r} {process.stderr.read() if process.stderr else ''}")
    return Server(process, m[1], int(m[2]), site)


def stop_server(server: Server) -> None:
    server.process.terminate()  # SIGTERM to this pid: the server stops its query workers and exits
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


# -- Small misbehaving HTTP servers --

SELECT_ONE = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}


@contextmanager
def http_server(handle: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[str]:
    """Serve every POST and GET with ``handle`` on a free port; yields the endpoint URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            handle(self)

        do_GET = do_POST

        def log_message(self, *args: object) -> None:  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes,
          content_type: str = "application/sparql-results+json") -> None:
    length = int(handler.headers.get("Content-Length") or 0)
    if length:
        handler.rfile.read(length)
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def slow_server(delay: float) -> Iterator[str]:
    """An endpoint that waits ``delay`` seconds before answering."""

    def handle(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(delay)
        with contextlib.suppress(OSError):  # the client gave up
            reply(handler, 200, json.dumps(SELECT_ONE).encode())

    with http_server(handle) as url:
        yield url


@contextmanager
def trickle_server(interval: float = 1.0) -> Iterator[str]:
    """An endpoint that answers at once, then sends its body one byte every ``interval`` seconds (for ever,
    until the client gives up)."""

    def handle(handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            handler.rfile.read(length)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        with contextlib.suppress(OSError):  # the client hung up: that is the point
            for _ in range(600):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(interval)

    with http_server(handle) as url:
        yield url


@contextmanager
def listener() -> Iterator[tuple[int, list[tuple[str, int]]]]:
    """A TCP listener on a free loopback port; yields its port and the connections it accepted (each closed at
    once, so a client that does connect fails quickly instead of waiting for an answer)."""
    accepted: list[tuple[str, int]] = []
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except (TimeoutError, OSError):
                continue
            accepted.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join(2)
        server.close()


@contextmanager
def status_server(status: int, body: bytes = b"", content_type: str = "text/plain") -> Iterator[str]:
    """An endpoint that always answers with ``status`` and ``body``."""
    with http_server(lambda h: reply(h, status, body, content_type)) as url:
        yield url


@contextmanager
def basic_auth_server(user: str, password: str) -> Iterator[str]:
    """An endpoint that answers only with the right HTTP basic credentials."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def handle(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("Authorization") != expected:
            reply(handler, 401, b"unauthorised", "text/plain")
        else:
            reply(handler, 200, json.dumps(SELECT_ONE).encode())

    with http_server(handle) as url:
        yield url


# -- Inline question queries (the packaged ones are found by glob and tested the same way) --

UNITS_OF = """\
# title: Units of an organisation
# question: Which units does this organisation have?
# param: org (iri of org:Organization, required) the organisation
# param: lang (lang, optional; default: en) label language
# returns: unit, label
# example: hkgov-graph query units-of --org bjo
# example: hkgov-graph query units-of --org 政制及內地事務局 --lang zh-Hant
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?unit ?label WHERE {
  ?unit org:unitOf ?org .
  OPTIONAL { ?unit skos:prefLabel ?l1 FILTER(LANGMATCHES(LANG(?l1), ?lang)) }
  OPTIONAL { ?unit skos:prefLabel ?l2 FILTER(LANGMATCHES(LANG(?l2), "zh-Hant")) }
  BIND(COALESCE(?l1, ?l2) AS ?label)
}
ORDER BY ?unit
"""

# Parameters echoed back, projected (pyoxigraph substitutes them directly).
ECHO = """\
# title: Echo
# question: What do the parameters bind to?
# param: text (string, optional) any text
# param: when (date, optional; default: today) a date
# param: n (integer, optional; default: 7) a number
# returns: text, when, n
# example: hkgov-graph query echo --text "hello" --when 2012-05
SELECT ?text ?when ?n WHERE { }
"""

# A parameter that is not projected (an aggregate): the embedded store falls back to VALUES.
COUNT_UNITS = """\
# title: Number of units
# question: How many units does this organisation have?
# param: org (iri, required) the organisation
# example: hkgov-graph query count-units --org CMAB
PREFIX org: <http://www.w3.org/ns/org#>
SELECT (COUNT(DISTINCT ?unit) AS ?n) WHERE { ?unit org:unitOf ?org }
"""

# Finds resources by an exact label: the injection target.
NAMED = """\
# title: Resources with a label
# question: Which resources have exactly this label?
# param: name (string, required) the label text
# example: hkgov-graph query named --name GDETO
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?x ?name WHERE { ?x skos:altLabel|skos:prefLabel ?l . FILTER(STR(?l) = ?name) }
"""

INLINE = {"units-of": UNITS_OF, "echo": ECHO, "count-units": COUNT_UNITS, "named": NAMED}


# Values that would break out of a query if they were pasted into it.
NASTY_STRINGS = ['> } ; DROP ALL ; #', '" } ; DROP ALL ; INSERT DATA { <a:a> <a:a> <a:a> } #', "it's \"quoted\"",
         "line one\nline two\r\n", "back\\slash \\u0022 \\\"", "tab\tand\x01control", "駐京辦\u3000全角"]


def write_inline_queries(folder: Path) -> Path:
    """Write the inline questions, plus a check and a rule that discovery must skip, into ``folder``."""
    for name, text in INLINE.items():
        (folder / f"{name}.rq").write_text(text, encoding="utf-8")
    (folder / "some-violation.rq").write_text("# title: A check\nSELECT ?focus WHERE { }\n", encoding="utf-8")
    (folder / "construct-rule.rq").write_text("# title: A rule\nCONSTRUCT WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return folder
