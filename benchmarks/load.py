"""Load benchmark of ``hkgov-graph serve`` on the real data, with hostile clients interleaved.

    python -m benchmarks.load                     # 3 rounds of 20 clients x 50 mixed requests
    python -m benchmarks.load --rounds 5 --clients 20 --requests 50

The site is published from the packaged data into a temporary folder, then
``hkgov-graph serve`` runs as a subprocess on 127.0.0.1 (port 0, stopped by
its pid). In every round, ``--clients`` threads each send ``--requests``
good requests over one keep-alive connection, mixed: pages (HTML, Turtle,
dumps), content negotiation on resource IRIs (``Accept`` variants, 303s) and
SPARQL queries (SELECT, ASK, CONSTRUCT, with negotiated formats). Meanwhile one
hostile client sends runaway queries (stopped at the time limit), SERVICE
calls, malformed and oversized queries, slow bodies and idle connections.

Reported: errors among the good requests (a status other than the one
expected), latency percentiles per kind of request, and the resident memory
of the server process and of its query workers after each round (flat is the
goal). The baseline, in the same run on the same machine, is the same page
requests against the standard library's static file server
(``http.server``) over the same site, so the ratio shows what the server's
stack costs over serving files. Results go to ``benchmarks/results/load.json``
and ``load.md``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

RESULTS = Path(__file__).parent / "results"
QUERY_TIMEOUT = 2.0

PAGES = ["/index.html", "/id/office/bjo.html", "/id/office/gdeto.ttl", "/id/office/bjo.jsonld", "/dataset.html",
         "/ontology.html", "/id/index.html", "/style.css"]
NEGOTIATED = [("/id/office/bjo", "text/html", 303), ("/id/office/bjo", "text/turtle", 303),
              ("/id/office/gdeto", "application/*, text/html;q=0", 303), ("/ontology", "application/ld+json", 303),
              ("/dataset", "text/html;q=0, */*", 303), ("/id/office/bjo", "image/png", 406),
              ("/id/office/bjo.rdf", None, 200)]
QUERIES = [
    ("SELECT ?l WHERE { <https://w3id.org/hkgov-graph/id/office/bjo> "
     "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }", "application/sparql-results+json"),
    ("ASK { ?s a <http://www.w3.org/ns/org#Organization> }", "application/sparql-results+xml"),
    ("SELECT ?u ?p WHERE { ?u <http://www.w3.org/ns/org#unitOf> ?p } ORDER BY ?u LIMIT 50", "text/csv"),
    ("CONSTRUCT { ?u <http://www.w3.org/ns/org#unitOf> ?p } WHERE { ?u <http://www.w3.org/ns/org#unitOf> ?p }",
     "text/turtle"),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "application/sparql-results+json"),
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@dataclass
class Tally:
    """Latencies per kind of request, and the good requests that got an unexpected status."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(error)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def good_request(rng: random.Random) -> tuple[str, str, str, dict[str, str], int]:
    """(kind, method, path, headers, expected status) of one good request."""
    kind = rng.choice(("page", "negotiation", "query"))
    if kind == "page":
        return kind, "GET", rng.choice(PAGES), {}, 200
    if kind == "negotiation":
        path, accept, status = rng.choice(NEGOTIATED)
        return kind, "GET", path, {"Accept": accept} if accept else {}, status
    query, accept = rng.choice(QUERIES)
    return kind, "GET", "/sparql?" + urlencode({"query": query}), {"Accept": accept}, 200


def client(port: int, requests: int, seed: int, tally: Tally) -> None:
    """One good client: ``requests`` requests over a keep-alive connection (reopened if the server closes it)."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(requests):
        kind, method, path, headers, expected = good_request(rng)
        started = time.perf_counter()
        try:
            conn.request(method, path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            tally.add(kind, time.perf_counter() - started, f"{method} {path[:60]}: {type(error).__name__}")
            continue
        elapsed = time.perf_counter() - started
        tally.add(kind, elapsed, None if status == expected else f"{method} {path[:60]}: {status} != {expected}")
    conn.close()


def hostile(port: int, stop: threading.Event, counts: dict[str, int]) -> None:
    """Runaway, SERVICE, malformed and oversized queries, a slow body and idle sockets, until ``stop``."""
    attacks = [
        ("runaway", "/sparql?" + urlencode({"query": RUNAWAY}), 503),
        ("service", "/sparql?" + urlencode({"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}), 400),
        ("malformed", "/sparql?" + urlencode({"query": "SELECT WHERE {"}), 400),
        ("update", "/sparql?" + urlencode({"update": "CLEAR ALL"}), 403),
        ("long-path", "/id/" + "a" * 300, 404),
    ]
    idle: list[socket.socket] = []
    i = 0
    while not stop.is_set():
        name, path, expected = attacks[i % len(attacks)]
        i += 1
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            counts[name] = counts.get(name, 0) + 1
            if status != expected:
                counts[f"{name}: unexpected {status}"] = counts.get(f"{name}: unexpected {status}", 0) + 1
            if i % 5 == 0:  # a slow body that never completes, and a few idle sockets
                slow = socket.create_connection(("127.0.0.1", port))
                slow.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Content-Length: 1000\r\n\r\nASK {")
                idle.append(slow)
                idle.extend(socket.create_connection(("127.0.0.1", port)) for _ in range(20))
                counts["idle sockets"] = counts.get("idle sockets", 0) + 21
        except OSError as error:
            counts[f"{name}: {type(error).__name__}"] = counts.get(f"{name}: {type(error).__name__}", 0) + 1
    for sock in idle:
        sock.close()


def rss_mb(pid: int) -> float:
    """Resident memory of one process, MiB."""
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", text)[1]) / 1024  # type: ignore[index]


def children_of(pid: int) -> list[tuple[int, bytes]]:
    """(pid, command line) of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append((int(entry.name), (entry / "cmdline").read_bytes()))
            except (OSError, IndexError, ValueError):
                continue
    return found


def workers_of(pid: int) -> list[int]:
    """The server's query workers: children of its forkserver (or, with spawn, its own spawned children)."""
    workers = []
    for child, cmdline in children_of(pid):
        if b"forkserver" in cmdline:
            workers += [grandchild for grandchild, _ in children_of(child)]
        elif b"spawn_main" in cmdline:
            workers.append(child)
    return workers


def run_round(port: int, clients: int, requests: int, seed: int, with_hostile: bool) -> tuple[Tally, dict]:
    tally = Tally()
    counts: dict[str, int] = {}
    stop = threading.Event()
    attacker = threading.Thread(target=hostile, args=(port, stop, counts), daemon=True)
    if with_hostile:
        attacker.start()
    threads = [threading.Thread(target=client, args=(port, requests, seed * 1000 + n, tally)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    stop.set()
    if with_hostile:
        attacker.join(QUERY_TIMEOUT + 35)
    return tally, {"wall_s": wall, "hostile": counts}


def start_server(site: Path) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen([sys.executable, "-m", "hkgov_graph", "serve", "--site", str(site), "--port", "0",
                                "--quiet", "--timeout", str(QUERY_TIMEOUT), "--request-timeout", "3"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline() if process.stdout else ""
    m = re.search(r":(\d+)/", line)
    if not m:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return process, int(m[1])


def static_baseline(site: Path, clients: int, requests: int) -> dict[str, float]:
    """Page requests (the same paths) against http.server over the same site: p50 and p99, ms."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    tally = Tally()
    port = server.server_address[1]

    def one(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(requests):
            path = rng.choice(PAGES)
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # http.server closes after each
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            tally.add("page", time.perf_counter() - started)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.shutdown()
    server.server_close()
    values = tally.latencies["page"]
    return {"p50_ms": percentile(values, 50) * 1000, "p99_ms": percentile(values, 99) * 1000}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="good requests per client per round")
    parser.add_argument("--site", type=Path, default=None, help="a published site (default: publish the data)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="hkgov-graph-load-") as tmp:
        site = args.site
        if site is None:
            from hkgov_graph.publish.site import publish

            site = publish(Path(tmp) / "site").output_dir
        process, port = start_server(site)
        rounds = []
        try:
            run_round(port, 2, 20, 0, with_hostile=False)  # workers and caches warm
            for number in range(1, args.rounds + 1):
                tally, info = run_round(port, args.clients, args.requests, number, with_hostile=True)
                workers = workers_of(process.pid)
                memory = {"server_mb": rss_mb(process.pid),
                          "workers_mb": sorted(round(rss_mb(w), 1) for w in workers if Path(f"/proc/{w}").exists())}
                all_values = [v for values in tally.latencies.values() for v in values]
                rounds.append({
                    "round": number, "good_requests": len(all_values), "errors": len(tally.errors),
                    "error_examples": tally.errors[:5], "wall_s": round(info["wall_s"], 2),
                    "p50_ms": round(percentile(all_values, 50) * 1000, 2),
                    "p99_ms": round(percentile(all_values, 99) * 1000, 2),
                    "by_kind": {kind: {"n": len(v), "p50_ms": round(percentile(v, 50) * 1000, 2),
                                       "p99_ms": round(percentile(v, 99) * 1000, 2)}
                                for kind, v in sorted(tally.latencies.items())},
                    "hostile": info["hostile"], **memory})
                print(f"round {number}: {len(all_values)} good requests, {len(tally.errors)} errors, "
                      f"p99 {rounds[-1]['p99_ms']} ms, server {memory['server_mb']:.1f} MiB", file=sys.stderr)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        baseline = static_baseline(site, args.clients, args.requests)

    result = {"clients": args.clients, "requests_per_client": args.requests, "query_timeout_s": QUERY_TIMEOUT,
              "rounds": rounds, "baseline_static_pages": baseline}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (args.out / "load.md").write_text(report(result), encoding="utf-8")
    print(report(result))
    return 1 if any(r["errors"] for r in rounds) else 0


def report(result: dict) -> str:
    rounds = result["rounds"]
    lines = [f"# Load: {result['clients']} clients x {result['requests_per_client']} good requests per round, "
             "hostile client interleaved", "",
             "| round | good requests | errors | p50 ms | p99 ms | pages p99 | negotiation p99 | queries p99 "
             "| server RSS MiB | workers RSS MiB | runaway queries stopped |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rounds:
        kinds = r["by_kind"]
        lines.append(f"| {r['round']} | {r['good_requests']} | {r['errors']} | {r['p50_ms']} | {r['p99_ms']} | "
                     f"{kinds.get('page', {}).get('p99_ms', '-')} | {kinds.get('negotiation', {}).get('p99_ms', '-')} "
                     f"| {kinds.get('query', {}).get('p99_ms', '-')} | {r['server_mb']:.1f} | "
                     f"{', '.join(map(str, r['workers_mb']))} | {r['hostile'].get('runaway', 0)} |")
    base = result["baseline_static_pages"]
    pages = [r["by_kind"]["page"]["p99_ms"] for r in rounds if "page" in r["by_kind"]]
    if pages:
        lines += ["", f"Baseline (same run): the same page requests against `http.server` over the same site: "
                      f"p50 {base['p50_ms']:.2f} ms, p99 {base['p99_ms']:.2f} ms; serve's page p99 is "
                      f"{statistics.median(pages) / base['p99_ms']:.2f}x that (median over rounds)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
