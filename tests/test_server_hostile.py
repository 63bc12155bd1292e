"""`hkgov-graph serve` against hostile and faulty clients: runaway queries, a crashed worker, SERVICE,
slow and idle connections, odd paths, and limits that make no sense. Real server, real sockets, 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from helpers_servers import Server, command, start_server, stop_server
from hkgov_graph.publish.site import publish

pytestmark = pytest.mark.server

TIMEOUT = 2.0
REQUEST_TIMEOUT = 2.0
NEVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("hostile") / "site", nquads=nquads).output_dir


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    running = start_server(site, "--timeout", str(TIMEOUT), "--request-timeout", str(REQUEST_TIMEOUT),
                           "--workers", "2")
    yield running
    stop_server(running)


def get_query(server: Server, query: str) -> tuple[int, bytes]:
    status, _, body = server.request("GET", "/sparql?" + urlencode({"query": query}), JSON_RESULTS)
    return status, body


def good_query_ok(server: Server) -> bool:
    status, body = get_query(server, "ASK { ?s ?p ?o }")
    return status == 200 and json.loads(body)["boolean"] is True


def wait_for_workers(pid: int, count: int = 2) -> list[int]:
    """The worker processes, once there are ``count`` of them (the pool replaces killed ones)."""
    deadline = time.monotonic() + 30
    while len(found := workers_of(pid)) != count and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def children_of(pid: int) -> list[tuple[int, bytes]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def workers_of(pid: int) -> list[int]:
    """The query worker processes of the server: children of its forkserver (or, with spawn, its own)."""
    workers = []
    for child, cmdline in children_of(pid):
        if b"forkserver" in cmdline:
            workers += [grandchild for grandchild, _ in children_of(child)]
        elif b"spawn_main" in cmdline:
            workers.append(child)
    return workers


# -- The query pool --

def test_repeated_timeouts_and_a_crashed_worker_leave_the_endpoint_whole(server: Server) -> None:
    """Three runaway queries are stopped at the limit, a worker is killed, then 20 good queries all answer 200."""
    for _ in range(3):
        started = time.monotonic()
        status, body = get_query(server, NEVER)
        assert status == 503 and b"time limit" in body
        assert time.monotonic() - started < TIMEOUT + 2.5
    workers = wait_for_workers(server.process.pid)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(0.5)
    statuses = [get_query(server, "ASK { ?s ?p ?o }")[0] for _ in range(20)]
    assert statuses == [200] * 20
    assert len(wait_for_workers(server.process.pid)) == 2


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_a_worker_killed_mid_query_fails_only_that_query(server: Server) -> None:
    """The worker running a query dies: that query gets a 500, the other worker goes on answering."""
    result: list[int] = []
    workers = wait_for_workers(server.process.pid)
    thread = threading.Thread(target=lambda: result.append(get_query(server, NEVER)[0]))
    before = {pid: cpu_ticks(pid) for pid in workers}
    thread.start()
    time.sleep(1.0)
    busy = max(workers, key=lambda pid: cpu_ticks(pid) - before[pid])  # the one spending CPU runs the query
    os.kill(busy, signal.SIGKILL)
    thread.join(30)
    assert result == [500]
    assert all(good_query_ok(server) for _ in range(5))
    assert len(wait_for_workers(server.process.pid)) == 2


# -- SERVICE --

@pytest.mark.parametrize("form", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "ASK {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ SERVIC\\u0045 <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_no_connection_is_made(server: Server, form: str) -> None:
    """A query naming a local listener in SERVICE is a 400, and the listener sees no connection."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(1.0)
        port = listener.getsockname()[1]
        status, body = get_query(server, form.format(port=port))
        assert status == 400 and b"SERVICE" in body
        with pytest.raises(TimeoutError):
            listener.accept()


def test_service_in_a_string_or_comment_is_not_refused(server: Server) -> None:
    """The word in a literal or a comment is not a SERVICE call."""
    status, body = get_query(server, 'ASK { FILTER("SERVICE <http://127.0.0.1:1/> {}" != "") } # SERVICE <x:y>')
    assert status == 200 and json.loads(body)["boolean"] is True


# -- Slow, idle and odd clients --

def test_slow_body_is_cut_off_and_others_are_served(server: Server) -> None:
    """A POST that never finishes its body gets 408 at the request deadline; meanwhile others are answered."""
    with socket.create_connection((server.host, server.port)) as slow:
        slow.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 1000\r\n\r\nASK {")
        started = time.monotonic()
        assert good_query_ok(server)
        slow.settimeout(REQUEST_TIMEOUT + 5)
        answer = slow.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408")
        assert REQUEST_TIMEOUT - 0.5 < time.monotonic() - started < REQUEST_TIMEOUT + 3


def test_trickled_headers_are_cut_off(server: Server) -> None:
    """Headers sent a byte at a time do not hold the connection past the deadline."""
    with socket.create_connection((server.host, server.port)) as slow:
        slow.settimeout(0.5)
        started = time.monotonic()
        closed = False
        for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200:
            try:
                slow.sendall(bytes([byte]))
                if slow.recv(1) == b"":
                    closed = True
                    break
            except TimeoutError:
                continue
            except OSError:
                closed = True
                break
            if time.monotonic() - started > REQUEST_TIMEOUT + 5:
                break
        assert closed and time.monotonic() - started < REQUEST_TIMEOUT + 3


def test_a_thousand_idle_sockets_do_not_starve_others(server: Server) -> None:
    """1,000 connections that say nothing: good requests are still answered, and the idle ones are closed."""
    idle = []
    try:
        for _ in range(1000):
            idle.append(socket.create_connection((server.host, server.port)))
        assert all(good_query_ok(server) for _ in range(10))
        status, _, _ = server.request("GET", "/id/office/bjo.html")
        assert status == 200
        time.sleep(REQUEST_TIMEOUT + 1.5)
        closed = 0
        for sock in idle:
            sock.settimeout(0.5)
            with contextlib.suppress(TimeoutError, OSError):
                closed += sock.recv(1) == b""
        assert closed == len(idle)
    finally:
        for sock in idle:
            sock.close()


def test_long_path_segment_is_404_and_the_server_lives(server: Server) -> None:
    """A path segment over 255 characters is a plain 404, not a dropped connection."""
    status, _, body = server.request("GET", "/id/" + "a" * 300)
    assert status == 404 and body == b"not found\n"
    status, _, _ = server.request("GET", "/id/" + "a" * 300 + ".html")
    assert status == 404
    assert good_query_ok(server)


def test_a_folder_without_an_index_is_not_a_redirect_loop(server: Server) -> None:
    """/search (a page search.html beside a folder search/ of scripts) is the search page, not 301 to /search/,
    /search//, /search///..."""
    status, headers, _ = server.request("GET", "/search", {"Accept": "text/html"})
    assert status == 303 and headers["Location"] == "/search.html"
    for path in ("/search/", "/search//", "/dumps/", "/editor/"):
        assert server.request("GET", path)[0] == 404, path


@pytest.mark.parametrize("path", ["/id/office/bjo.html/", "/id/office/bjo/", "/id/office/bjo.ttl/"])
def test_a_file_with_a_trailing_slash_is_404(server: Server, path: str) -> None:
    """A page asked for as a folder would resolve its relative links (style, other pages) one level too deep;
    it is not found, and a resource IRI with a slash does not negotiate to bjo/.html."""
    assert server.request("GET", path)[0] == 404


def test_on_demand_pages_have_the_same_folders(nquads: Path) -> None:
    """Pages made on demand answer the same: /search goes to the page, /search/ and bjo.html/ are not found,
    /id/office is still a folder."""
    from hkgov_graph.graph.persistent import open_current
    from hkgov_graph.serve.ondemand import StorePages

    store = open_current(nquads)
    assert store is not None, "the build's store should be current"
    pages = StorePages(store, "https://w3id.org/hkgov-graph/")
    assert not pages.is_folder("/search") and pages.is_resource("/search")
    assert pages.page("/search/") is None and not pages.is_folder("/search/") and not pages.is_resource("/search/")
    assert pages.page("/id/office/bjo.html/") is None and not pages.is_resource("/id/office/bjo/")
    assert pages.is_folder("/id/office") and pages.page("/id/office/") is not None


def test_undecodable_request_target_is_400(server: Server) -> None:
    """Raw non-ASCII bytes in the request target are a 400, and the server goes on."""
    with socket.create_connection((server.host, server.port)) as raw:
        raw.settimeout(5)
        raw.sendall(b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n")
        assert raw.recv(4096).startswith(b"HTTP/1.1 400")
    assert good_query_ok(server)


def test_oversized_body_is_413(server: Server) -> None:
    """A body declared larger than the limit is refused before it is read."""
    status, _, _ = server.request("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                      "Content-Length": str(2 * 1024 * 1024)}, b"")
    assert status == 413


# -- Limits that make no sense are refused at start --

@pytest.mark.parametrize("option", [("--timeout", "0"), ("--timeout", "-1"), ("--timeout", "nan"),
                                    ("--timeout", "inf"), ("--request-timeout", "0"), ("--workers", "0"),
                                    ("--port", "70000")])
def test_nonsense_limits_are_refused_at_start(site: Path, option: tuple[str, str]) -> None:
    """`serve --timeout 0` and the like exit 2 with one line, before serving anything."""
    done = subprocess.run([*command(), "serve", "--site", str(site), "--port", "0", *option],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and option[0].lstrip("-") in done.stderr


def test_allowed_service_that_fails_is_a_400(site: Path) -> None:
    """With --allow-service, a SERVICE call that fails is a 400 naming the failure, and the worker lives on."""
    running = start_server(site, "--allow-service", "--timeout", "5")
    try:
        with socket.create_server(("127.0.0.1", 0)) as closed:
            port = closed.getsockname()[1]
        status, body = get_query(running, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}")
        assert status == 400 and b"the query failed" in body
        assert good_query_ok(running)
    finally:
        stop_server(running)
