"""`hkgov-graph push` against a real `oxigraph serve` started by the test: the same answers as the embedded
store, no duplicates after two pushes, nothing half-replaced after a failure, credentials sent, errors in
one line."""

from __future__ import annotations

import base64
import http.client
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest

from hkgov_graph import namespaces as ns
from hkgov_graph.cli import main
from hkgov_graph.errors import EndpointError, UsageError
from hkgov_graph.publish.push import STAGING_PREFIX, Auth, graph_payloads, push
from hkgov_graph.publish.site import load_published_store
from hkgov_graph.query.runner import discover, run_question
from hkgov_graph.query.stores import EmbeddedStore, RemoteStore

pytestmark = pytest.mark.server

OXIGRAPH = shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Oxigraph:
    """A real Oxigraph server on a temporary folder and a free port, stopped by pid."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(folder),
                                         "--bind", f"127.0.0.1:{self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"oxigraph did not start: {self.process.stderr.read()!r}") from None
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph did not start in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def select(self, query: str) -> list[dict[str, str]]:
        remote = RemoteStore(self.url + "/query", default_graph="endpoint")
        return [{k: v.value for k, v in row.items() if v is not None} for row in remote.select(query)]

    def graph_counts(self) -> dict[str, int]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"]: int(row["n"]) for row in rows}


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is missing")
    server = Oxigraph(tmp_path / "oxigraph")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def store(nquads: Path) -> ox.Store:
    return load_published_store(nquads=nquads)


def expected_counts(store: ox.Store) -> dict[str, int]:
    return {graph: count for graph, _, count in graph_payloads(store)}


def with_extra_triple(store: ox.Store, text: str) -> ox.Store:
    """A copy of ``store`` with one extra triple in every named graph."""
    copy = ox.Store()
    copy.extend(store)
    for graph in list(store.named_graphs()):
        copy.add(ox.Quad(ox.NamedNode("http://example.org/extra"), ox.NamedNode("http://example.org/note"),
                         ox.Literal(text), graph))
    return copy


class Proxy:
    """A forwarding proxy in front of Oxigraph that records requests and can fail the n-th PUT.

    ``rule(method, path, puts)`` may also say what to do with a request:
    ``drop`` it (close the connection, nothing forwarded), forward it and then
    drop the answer (``lose-reply``), or call ``on_kill`` (which stops the
    store) before (``kill``) or after (``forward-kill``) forwarding it.
    """

    def __init__(self, target: str, fail_put: int | None = None, status: int | None = None,
                 rule: Callable[[str, str, int], str | None] | None = None,
                 on_kill: Callable[[], None] | None = None) -> None:
        self.target = urlsplit(target)
        self.fail_put = fail_put
        self.status = status
        self.rule = rule
        self.on_kill = on_kill
        self.requests: list[tuple[str, str, str | None]] = []
        self.puts = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.requests.append((self.command, self.path, self.headers.get("Authorization")))
                if self.command == "PUT":
                    proxy.puts += 1
                action = proxy.rule(self.command, self.path, proxy.puts) if proxy.rule else None
                if action in ("drop", "kill"):
                    if action == "kill" and proxy.on_kill:
                        proxy.on_kill()
                    self.close_connection = True
                    return
                if proxy.status or (self.command == "PUT" and proxy.puts == proxy.fail_put):
                    message = b"injected failure\n"
                    self.send_response(proxy.status or 500)
                    self.send_header("Content-Length", str(len(message)))
                    self.end_headers()
                    self.wfile.write(message)
                    return
                conn = http.client.HTTPConnection(proxy.target.hostname, proxy.target.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                response = conn.getresponse()
                data = response.read()
                if action in ("lose-reply", "forward-kill"):
                    if action == "forward-kill" and proxy.on_kill:
                        proxy.on_kill()
                    self.close_connection = True
                    return
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() in ("content-type",):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_PUT = do_POST = do_DELETE = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def staging_graphs(server: Oxigraph) -> list[str]:
    return [g for g in server.graph_counts() if g.startswith(STAGING_PREFIX)]


# -- The same answers as the embedded store --

def comparable(rows: list[dict[str, object]]) -> list[str]:
    """Rows as sorted strings; words of a value sorted too, since GROUP_CONCAT's order is unspecified."""
    return sorted(repr({k: " ".join(sorted(str(v).split())) for k, v in row.items()}) for row in rows)


def test_pushed_store_answers_the_packaged_questions_alike(oxigraph: Oxigraph, store: ox.Store) -> None:
    """After a push, every packaged question (with its documented example) gives the same rows remotely."""
    result = push(store, oxigraph.url + "/store")
    assert "atomically" in result.strategy
    local = EmbeddedStore(store)
    remote = RemoteStore(oxigraph.url + "/query")
    questions = discover()
    assert len(questions) >= 5
    compared = 0
    for question in questions:
        for example in question.examples() or [{}]:
            if any(p.required and p.name not in example for p in question.params):
                continue
            here = run_question(local, question, example).to_dicts()
            there = run_question(remote, question, example).to_dicts()
            assert comparable(here) == comparable(there), question.name
            compared += 1
    assert compared >= 5


def test_pushed_store_answers_plain_sparql_alike(oxigraph: Oxigraph, store: ox.Store) -> None:
    """A handful of plain SPARQL queries give the same rows on the store and on the embedded copy."""
    push(store, oxigraph.url + "/store")
    local = EmbeddedStore(store)
    remote = RemoteStore(oxigraph.url + "/query")
    queries = [
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?u ?p WHERE { ?u org:unitOf ?p } ORDER BY ?u ?p",
        f"PREFIX skos: <{ns.SKOS}> SELECT DISTINCT ?l WHERE {{ <{ns.ID}office/bjo> skos:prefLabel ?l }} ORDER BY ?l",
        "PREFIX schema: <https://schema.org/> SELECT ?o ?r WHERE { ?o schema:areaServed ?r } ORDER BY ?o ?r",
    ]
    for query in queries:
        assert local.select(query) == remote.select(query), query


# -- Replacing, not adding --

def test_pushing_twice_leaves_no_duplicates(oxigraph: Oxigraph, store: ox.Store) -> None:
    """Two pushes give exactly the graphs' triples once, and no staging graph is left behind."""
    push(store, oxigraph.url + "/store")
    push(store, oxigraph.url + "/store")
    assert oxigraph.graph_counts() == expected_counts(store)
    assert len(expected_counts(store)) >= 7


def test_push_replaces_old_content(oxigraph: Oxigraph, store: ox.Store) -> None:
    """Triples that the new data no longer has are gone after the push."""
    push(with_extra_triple(store, "old"), oxigraph.url + "/store")
    assert oxigraph.select('SELECT ?g WHERE { GRAPH ?g { ?s ?p "old" } }')
    push(store, oxigraph.url + "/store")
    assert oxigraph.graph_counts() == expected_counts(store)


def test_failed_upload_leaves_the_previous_graphs(oxigraph: Oxigraph, store: ox.Store) -> None:
    """A PUT failing halfway through leaves every live graph as it was, and removes the staging graphs."""
    push(store, oxigraph.url + "/store")
    proxy = Proxy(oxigraph.url, fail_put=3)
    try:
        with pytest.raises(EndpointError, match="500"):
            push(with_extra_triple(store, "new"), proxy.url + "/store")
    finally:
        proxy.close()
    assert oxigraph.graph_counts() == expected_counts(store)
    assert not staging_graphs(oxigraph)


def test_graph_by_graph_without_update(oxigraph: Oxigraph, store: ox.Store) -> None:
    """--no-update replaces graph by graph with PUT and still leaves no staging graphs or duplicates."""
    push(with_extra_triple(store, "old"), oxigraph.url + "/store", use_update=False)
    result = push(store, oxigraph.url + "/store", use_update=False)
    assert "graph by graph" in result.strategy
    assert oxigraph.graph_counts() == expected_counts(store)


def test_fallback_when_the_store_has_no_update_endpoint(oxigraph: Oxigraph, store: ox.Store) -> None:
    """An update endpoint answering 404 makes the push fall back to graph-by-graph PUT."""
    result = push(store, oxigraph.url + "/store", update_endpoint=oxigraph.url + "/no-such-update")
    assert "graph by graph" in result.strategy
    assert oxigraph.graph_counts() == expected_counts(store)


# -- Credentials and errors --

def test_credentials_are_sent(oxigraph: Oxigraph, store: ox.Store) -> None:
    """--token sends a bearer token, --user/--password HTTP basic, on every request."""
    proxy = Proxy(oxigraph.url)
    try:
        push(store, proxy.url + "/store", update_endpoint=proxy.url + "/update", auth=Auth(token="s3cret"))
        assert proxy.requests and {auth for _, _, auth in proxy.requests} == {"Bearer s3cret"}
        proxy.requests.clear()
        push(store, proxy.url + "/store", update_endpoint=proxy.url + "/update", auth=Auth("ann", "pa:ss"))
        expected = "Basic " + base64.b64encode(b"ann:pa:ss").decode()
        assert {auth for _, _, auth in proxy.requests} == {expected}
    finally:
        proxy.close()
    with pytest.raises(UsageError):
        Auth("ann", "pw", "token")


def test_unreachable_endpoint_is_exit_2(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An endpoint nobody listens on: exit code 2 and one line on stderr."""
    url = f"http://127.0.0.1:{free_port()}/store"
    assert main(["push", "--endpoint", url, "--input", str(nquads)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hkgov-graph: error: cannot reach") and err.count("\n") == 1


def test_http_error_is_exit_2(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A store answering 401 Unauthorized: exit code 2, the status in one line."""
    proxy = Proxy("http://127.0.0.1:1", status=401)
    try:
        assert main(["push", "--endpoint", proxy.url + "/store", "--input", str(nquads)]) == 2
    finally:
        proxy.close()
    err = capsys.readouterr().err
    assert "401" in err and err.count("\n") == 1


def test_cli_push(oxigraph: Oxigraph, nquads: Path, store: ox.Store, capsys: pytest.CaptureFixture[str]) -> None:
    """`hkgov-graph push --endpoint URL` uploads every graph and says how."""
    assert main(["push", "--endpoint", oxigraph.url + "/store", "--input", str(nquads)]) == 0
    assert "Pushed" in capsys.readouterr().out
    assert oxigraph.graph_counts() == expected_counts(store)


# -- Nothing left behind, and the truth when an answer is lost --

def staged_by_hand(server: Oxigraph, name: str = "deadbeef:0") -> None:
    """A staging graph such as a push killed halfway leaves."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("PUT", f"/store?graph={STAGING_PREFIX}{name}", body=b"<http://a/s> <http://a/p> <http://a/o> .\n",
                 headers={"Content-Type": "application/n-triples"})
    assert conn.getresponse().status in (201, 204)
    conn.close()


def test_leftover_staging_graphs_are_removed_at_the_start(oxigraph: Oxigraph, store: ox.Store) -> None:
    """Staging graphs an earlier push left are found by their prefix and deleted, and the push says so."""
    staged_by_hand(oxigraph, "deadbeef:0")
    staged_by_hand(oxigraph, "deadbeef:1")
    assert len(staging_graphs(oxigraph)) == 2
    result = push(store, oxigraph.url + "/store")
    assert staging_graphs(oxigraph) == []
    assert oxigraph.graph_counts() == expected_counts(store)
    assert any("removed 2 staging graphs" in note for note in result.notes)


def test_lost_swap_answer_that_was_applied(oxigraph: Oxigraph, store: ox.Store) -> None:
    """The swap reaches the store but its answer is lost: push asks the store, which holds the new graphs."""
    push(with_extra_triple(store, "old"), oxigraph.url + "/store")
    proxy = Proxy(oxigraph.url, rule=lambda method, path, _: "lose-reply" if path.startswith("/update") else None)
    try:
        result = push(store, proxy.url + "/store", update_endpoint=proxy.url + "/update")
    finally:
        proxy.close()
    assert "answer was lost" in result.strategy and "holds every new graph" in result.strategy
    assert oxigraph.graph_counts() == expected_counts(store)
    assert staging_graphs(oxigraph) == []


def test_lost_swap_that_never_arrived(oxigraph: Oxigraph, store: ox.Store) -> None:
    """The swap request is cut off before the store gets it: push asks, reports the old graphs, cleans up."""
    push(store, oxigraph.url + "/store")
    proxy = Proxy(oxigraph.url, rule=lambda method, path, _: "drop" if path.startswith("/update") else None)
    try:
        with pytest.raises(EndpointError, match="not applied, the live graphs are the old ones") as error:
            push(with_extra_triple(store, "new"), proxy.url + "/store", update_endpoint=proxy.url + "/update")
    finally:
        proxy.close()
    assert "\n" not in str(error.value)
    assert oxigraph.graph_counts() == expected_counts(store)
    assert staging_graphs(oxigraph) == []


KILL_STEPS = {
    "at the first PUT": lambda method, path, puts: "kill" if method == "PUT" else None,
    "after three PUTs": lambda method, path, puts: "forward-kill" if method == "PUT" and puts == 3 else None,
    "at the swap": lambda method, path, puts: "kill" if path.startswith("/update") else None,
    "during the swap": lambda method, path, puts: "forward-kill" if path.startswith("/update") else None,
}


@pytest.mark.parametrize("step", list(KILL_STEPS))
def test_store_killed_at_each_step(step: str, tmp_path: Path, store: ox.Store) -> None:
    """The store dies at each step of a push: one-line error, then (store back) the graphs are all old or all
    new, and the next push leaves exactly the new graphs and no staging graph."""
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is missing")
    folder = tmp_path / "oxigraph"
    old = with_extra_triple(store, "old")
    server = Oxigraph(folder)
    push(old, server.url + "/store")
    proxy = Proxy(server.url, rule=KILL_STEPS[step], on_kill=server.stop)
    try:
        with pytest.raises(EndpointError) as error:
            push(store, proxy.url + "/store", update_endpoint=proxy.url + "/update",
                 query_endpoint=proxy.url + "/query", timeout=10)
    finally:
        proxy.close()
        server.stop()
    message = str(error.value)
    assert "\n" not in message
    assert "next push" in message or "push again" in message
    server = Oxigraph(folder)  # the store comes back with what it had on disk
    try:
        live = {g: n for g, n in server.graph_counts().items() if not g.startswith(STAGING_PREFIX)}
        assert live in (expected_counts(old), expected_counts(store)), step
        if step != "during the swap":
            assert live == expected_counts(old)
        result = push(store, server.url + "/store")
        assert server.graph_counts() == expected_counts(store)
        assert staging_graphs(server) == []
        if step == "after three PUTs":
            assert any("staging graphs left by an earlier push" in note for note in result.notes)
    finally:
        server.stop()


def test_cli_push_says_what_it_cleaned(oxigraph: Oxigraph, nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command prints its notes (here: the leftover staging graph it removed) on stderr."""
    staged_by_hand(oxigraph)
    assert main(["push", "--endpoint", oxigraph.url + "/store", "--input", str(nquads)]) == 0
    assert "removed 1 staging graphs left by an earlier push" in capsys.readouterr().err


def test_push_timeout_must_be_positive(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`push --timeout 0` is a usage error, before anything is sent."""
    assert main(["push", "--endpoint", "http://127.0.0.1:1/store", "--input", str(nquads), "--timeout", "0"]) == 2
    assert "timeout" in capsys.readouterr().err
