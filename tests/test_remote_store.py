"""The remote store: a real Oxigraph server gives the same rows as the embedded store; failures are one line."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers_servers import (
    INLINE,
    NASTY_STRINGS,
    OxigraphServer,
    basic_auth_server,
    free_port,
    listener,
    slow_server,
    start_oxigraph,
    status_server,
    trickle_server,
    write_inline_queries,
)
from hkgov_graph.errors import EndpointError, UsageError
from hkgov_graph.query.names import Resolver
from hkgov_graph.query.runner import bind, discover, find_question, run_question
from hkgov_graph.query.stores import EmbeddedStore, RemoteStore, concatenations, insert_values

OFFICE = "https://w3id.org/hkgov-graph/id/office/"


@pytest.fixture(scope="session")
def server(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """`oxigraph serve` on a free port over the built dump, default graph left as the server has it."""
    started = start_oxigraph(nquads, tmp_path_factory.mktemp("oxigraph"))
    yield started
    started.stop()


@pytest.fixture(scope="session")
def union_server(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """The same, started with --union-default-graph."""
    started = start_oxigraph(nquads, tmp_path_factory.mktemp("oxigraph-union"), union_default_graph=True)
    yield started
    started.stop()


@pytest.fixture(scope="session")
def embedded(nquads: Path) -> EmbeddedStore:
    return EmbeddedStore.from_nquads(nquads)


@pytest.fixture(scope="session")
def inline_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inline_queries(tmp_path_factory.mktemp("inline-queries"))


def concatenated(query: str) -> dict[str, str]:
    """The variables a query computes with GROUP_CONCAT, and their separators."""
    found = {}
    for m in re.finditer(r"GROUP_CONCAT\s*\(", query, re.IGNORECASE):
        depth, i = 1, m.end()
        while depth and i < len(query):
            depth += {"(": 1, ")": -1}.get(query[i], 0)
            i += 1
        inside = query[m.end():i - 1]
        target = re.match(r"\s*AS\s+\?(\w+)", query[i:], re.IGNORECASE)
        if target:
            separator = re.search(r"separator\s*=\s*(['\"])(.*?)\1", inside, re.IGNORECASE)
            found[target[1]] = separator[2] if separator else " "
    return found


def as_text(rows: list[dict], query: str = "") -> list[tuple[str, ...]]:
    """Rows as sorted tuples of N-Triples terms: a multiset, so repeated rows count.

    The order of the values GROUP_CONCAT joins is undefined in SPARQL 1.1
    (section 18.5.1.7) and differs between stores, so those are compared as
    sorted lists.
    """
    joined = concatenated(query)
    out = []
    for row in rows:
        cells = []
        for name, value in row.items():
            if value is None:
                cells.append("")
            elif name in joined and isinstance(value, ox.Literal):
                cells.append(" | ".join(sorted(value.value.split(joined[name]))))
            else:
                cells.append(str(value))
        out.append(tuple(cells))
    return sorted(out)


def cases() -> list[tuple[str, dict[str, str]]]:
    """Every packaged question (found by glob) with each example's parameters, then the inline ones."""
    packaged = [(q.name, ex) for q in discover() for ex in q.examples() or [{}]]
    return packaged + [(f"inline:{name}", {}) for name in sorted(INLINE)]


def question_and_examples(name: str, inline_folder: Path, example: dict[str, str]):  # type: ignore[no-untyped-def]
    if name.startswith("inline:"):
        q = find_question(name.removeprefix("inline:"), inline_folder)
        return q, q.examples()
    return find_question(name), [example]


# -- Parity --

@pytest.mark.server
@pytest.mark.parametrize(("name", "example"), cases())
def test_same_rows_embedded_and_remote(name: str, example: dict[str, str], server: OxigraphServer,
                                       embedded: EmbeddedStore, inline_folder: Path) -> None:
    """Each question, with its examples' parameters, gives the same rows on the embedded store and the server."""
    remote = RemoteStore(server.query_url, timeout=60)
    question, examples = question_and_examples(name, inline_folder, example)
    for params in examples:
        here = run_question(embedded, question, params)
        there = run_question(remote, question, params)
        assert there.bindings == here.bindings
        assert there.variables == here.variables
        assert as_text(there.rows, question.text) == as_text(here.rows, question.text)


@pytest.mark.server
@pytest.mark.parametrize(("name", "example"), cases())
def test_same_rows_on_a_union_default_graph_endpoint(name: str, example: dict[str, str],
                                                     union_server: OxigraphServer, embedded: EmbeddedStore,
                                                     inline_folder: Path) -> None:
    """With `default_graph="endpoint"` on a server that serves the union, the rows are the same too."""
    remote = RemoteStore(union_server.query_url, timeout=60, default_graph="endpoint")
    question, examples = question_and_examples(name, inline_folder, example)
    for params in examples:
        assert as_text(run_question(remote, question, params).rows, question.text) == \
            as_text(run_question(embedded, question, params).rows, question.text)


@pytest.mark.server
def test_inline_parity_is_not_vacuous(server: OxigraphServer, inline_folder: Path) -> None:
    """The inline questions do return rows remotely, so their parity test means something."""
    remote = RemoteStore(server.query_url)
    for name in INLINE:
        q = find_question(name, inline_folder)
        for params in q.examples():
            assert run_question(remote, q, params).rows, f"{name} {params}"


@pytest.mark.server
def test_union_mode_lists_the_named_graphs(server: OxigraphServer, embedded: EmbeddedStore) -> None:
    """The store sends exactly the endpoint's named graphs as the default graph."""
    assert RemoteStore(server.query_url).graphs() == sorted(g.value for g in embedded.store.named_graphs())


@pytest.mark.server
def test_endpoint_mode_needs_a_union_server(server: OxigraphServer) -> None:
    """Why "union" is the default: a plain server's own default graph is empty."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert RemoteStore(server.query_url, default_graph="endpoint").select(query)[0]["n"].value == "0"
    assert int(RemoteStore(server.query_url).select(query)[0]["n"].value) > 1000


@pytest.mark.server
def test_name_lookup_remote(server: OxigraphServer) -> None:
    """Names resolve through the endpoint exactly as on the embedded store."""
    resolver = Resolver(RemoteStore(server.query_url))
    assert resolver.resolve("驻京办").iri == OFFICE + "bjo"
    assert resolver.resolve("GDETO").iri == OFFICE + "gdeto"
    with pytest.raises(UsageError, match="ambiguous"):
        resolver.resolve("入境事務組")


@pytest.mark.server
def test_ask_and_construct_remote(server: OxigraphServer, embedded: EmbeddedStore) -> None:
    """ASK and CONSTRUCT answers agree with the embedded store."""
    remote = RemoteStore(server.query_url)
    bjo = {"x": ox.NamedNode(OFFICE + "bjo")}
    ask = "ASK WHERE { ?x a <http://www.w3.org/ns/org#Organization> }"
    assert remote.ask(ask, bjo) is True and embedded.ask(ask, bjo) is True
    assert remote.ask(ask, {"x": ox.NamedNode(OFFICE + "nothing")}) is False
    unit_of = "<http://www.w3.org/ns/org#unitOf>"
    construct = f"CONSTRUCT {{ ?u {unit_of} ?x }} WHERE {{ ?u {unit_of} ?x }}"
    there = sorted(map(str, remote.construct(construct, bjo)))
    assert there == sorted(map(str, embedded.construct(construct, bjo)))
    assert len(there) >= 2


@pytest.mark.server
def test_words_in_comments_do_not_change_the_query_form(server: OxigraphServer, embedded: EmbeddedStore) -> None:
    """Comments full of keyword-like words (which fool SPARQLWrapper's guess) do not turn a SELECT into
    an update or a CONSTRUCT."""
    select = "SELECT ?x WHERE { ?x <http://www.w3.org/2004/02/skos/core#altLabel> 'GDETO'@en }  # INSERT DATA\n"
    for comments in ("# title: a\n# note: this moves nothing\n", "# title: a\n# note: additions asked for\n",
                     "# title: a\n# note: it constructs nothing\n"):
        rows = RemoteStore(server.query_url).select(comments + select)
        assert rows == embedded.select(comments + select) == [{"x": ox.NamedNode(OFFICE + "gdeto")}]


# -- Injection over HTTP --

@pytest.mark.server
@pytest.mark.parametrize("value", NASTY_STRINGS)
def test_values_block_cannot_inject_remote(value: str, server: OxigraphServer, inline_folder: Path) -> None:
    """A hostile string comes back as exactly one literal, matches nothing, and the server is unchanged."""
    before = server.count_quads()
    remote = RemoteStore(server.query_url)
    echo = find_question("echo", inline_folder)
    rows = run_question(remote, echo, {"text": value}).rows
    assert [row["text"] for row in rows] == [ox.Literal(value)]
    assert run_question(remote, find_question("named", inline_folder), {"name": value}).rows == []
    assert server.count_quads() == before


@pytest.mark.server
def test_the_named_query_does_match_remote(server: OxigraphServer, inline_folder: Path) -> None:
    """The injection query finds a real label, so its empty answers above are meaningful."""
    rows = run_question(RemoteStore(server.query_url), find_question("named", inline_folder), {"name": "GDETO"})
    assert [row["x"] for row in rows] == [ox.NamedNode(OFFICE + "gdeto")]


@pytest.mark.server
def test_bound_query_text_is_what_is_sent(server: OxigraphServer, inline_folder: Path) -> None:
    """The text sent is the query plus one VALUES row; the server parses it (no stray syntax)."""
    q = find_question("units-of", inline_folder)
    terms = bind(q, {"org": "office:bjo"}, None).terms
    text = insert_values(q.text, terms)
    assert text.count("VALUES") == 1
    assert RemoteStore(server.query_url).select(text)


# -- Failures --

def test_unreachable_endpoint() -> None:
    """A closed port is an EndpointError saying the endpoint cannot be reached, on one line."""
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError, match="cannot reach the endpoint") as error:
        RemoteStore(url, timeout=5).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert "\n" not in str(error.value)


@pytest.mark.server
def test_slow_endpoint_times_out() -> None:
    """An endpoint slower than the timeout is given up on after the timeout, not after its answer."""
    with slow_server(delay=3) as url:
        started = time.monotonic()
        with pytest.raises(EndpointError, match=r"did not answer within 0\.5 s|no answer within 0\.5 s"):
            RemoteStore(url, timeout=0.5).select("SELECT ?x WHERE { }")
        assert time.monotonic() - started < 2.5


@pytest.mark.server
def test_slow_endpoint_within_the_timeout_answers() -> None:
    """The same server answers when the timeout is long enough (so the test above can fail)."""
    with slow_server(delay=0.2) as url:
        rows = RemoteStore(url, timeout=5).select("SELECT ?x WHERE { }")
    assert rows == [{"x": ox.Literal("ok")}]


@pytest.mark.server
@pytest.mark.parametrize(("status", "expected"), [(400, "HTTP 400 Bad Request"), (404, "HTTP 404 Not Found"),
                                                  (500, "HTTP 500 Internal Server Error"), (503, "HTTP 503")])
def test_http_errors(status: int, expected: str) -> None:
    """HTTP errors are EndpointErrors naming the kind of failure and the server's first line."""
    with status_server(status, b"first line of the reason\nsecond line") as url, \
            pytest.raises(EndpointError, match=expected) as error:
        RemoteStore(url, timeout=5).select("SELECT ?x WHERE { }")
    assert "\n" not in str(error.value)


@pytest.mark.server
def test_answer_that_is_not_sparql_json() -> None:
    """A web page instead of results is an EndpointError, not a crash."""
    with status_server(200, b"<html>hello</html>", "text/html") as url, \
            pytest.raises(EndpointError, match="did not answer with SPARQL JSON"):
        RemoteStore(url, timeout=5).select("SELECT ?x WHERE { }")


@pytest.mark.server
def test_basic_authentication() -> None:
    """User and password are sent as HTTP basic authentication; without them the endpoint refuses."""
    with basic_auth_server("reader", "s3cret") as url:
        with pytest.raises(EndpointError, match=r"HTTP 401 Unauthorized"):
            RemoteStore(url, timeout=5).select("SELECT ?x WHERE { }")
        rows = RemoteStore(url, timeout=5, user="reader", password="s3cret").select("SELECT ?x WHERE { }")
    assert rows == [{"x": ox.Literal("ok")}]


@pytest.mark.parametrize("url", ["localhost:7878", "ftp://x/y", "", "http:// spaces"])
def test_malformed_endpoint_url(url: str) -> None:
    with pytest.raises(UsageError, match="malformed endpoint URL"):
        RemoteStore(url)


@pytest.mark.server
def test_trickling_endpoint_is_abandoned_at_the_total_timeout() -> None:
    """An endpoint that sends one byte a second is given up on when the timeout's total is spent."""
    with trickle_server(1.0) as url:
        started = time.monotonic()
        with pytest.raises(EndpointError, match=r"did not answer within 3 s"):
            RemoteStore(url, timeout=3).select("SELECT ?x WHERE { }")
        assert 2.5 < time.monotonic() - started < 5


@pytest.mark.server
def test_trickling_endpoint_from_the_command_line(tmp_path: Path) -> None:
    """`hkgov-graph sparql --endpoint URL --timeout 3` exits 2 within the timeout, with one line."""
    import subprocess
    import sys

    with trickle_server(1.0) as url:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "hkgov_graph", "sparql", "SELECT ?x WHERE { }",
                               "--endpoint", url, "--timeout", "3"], capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - started
    assert done.returncode == 2 and "within 3 s" in done.stderr and done.stderr.count("\n") == 1
    assert elapsed < 3 + 4  # the interpreter's start-up, then at most the timeout


SERVICE_QUERY = "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


def test_embedded_store_refuses_service(embedded: EmbeddedStore) -> None:
    """The embedded store refuses SERVICE (a usage error) and the named listener sees no connection."""
    with listener() as (port, accepted):
        with pytest.raises(UsageError, match="SERVICE"):
            embedded.select(SERVICE_QUERY.format(port=port))
        time.sleep(0.3)
        assert accepted == []


def test_embedded_store_allows_service_when_asked(nquads: Path) -> None:
    """With allow_service the query is run, and the listener is contacted (so the test above can fail)."""
    store = EmbeddedStore.from_nquads(nquads)
    store.allow_service = True
    with listener() as (port, accepted):
        with pytest.raises(UsageError):  # the listener never answers HTTP: the query fails, after connecting
            store.select(SERVICE_QUERY.replace("SILENT ", "").format(port=port))
        time.sleep(0.3)
        assert len(accepted) >= 1


@pytest.mark.server
def test_remote_store_refuses_service() -> None:
    """The remote store refuses SERVICE before sending anything: neither endpoint nor listener is contacted."""
    with listener() as (port, accepted), listener() as (endpoint_port, endpoint_accepted):
        with pytest.raises(UsageError, match="SERVICE"):
            RemoteStore(f"http://127.0.0.1:{endpoint_port}/sparql").select(SERVICE_QUERY.format(port=port))
        time.sleep(0.3)
        assert accepted == [] and endpoint_accepted == []


def test_cli_refuses_service(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`hkgov-graph sparql` with SERVICE exits 2 with one line naming --allow-service; no connection is made."""
    from hkgov_graph.cli import main

    with listener() as (port, accepted):
        code = main(["sparql", SERVICE_QUERY.format(port=port), "--nquads", str(nquads)])
        time.sleep(0.3)
        assert accepted == []
    err = capsys.readouterr().err
    assert code == 2 and "--allow-service" in err and err.count("\n") == 1


@pytest.mark.server
@pytest.mark.parametrize("name", [q.name for q in discover() if concatenations(q.text)])
def test_concatenated_columns_are_identical(name: str, server: OxigraphServer, embedded: EmbeddedStore) -> None:
    """GROUP_CONCAT columns (sources, basis) are the same strings, character for character, on both stores."""
    question = find_question(name)
    remote = RemoteStore(server.query_url, timeout=60)
    for params in question.examples() or [{}]:
        here = run_question(embedded, question, params).rows
        there = run_question(remote, question, params).rows
        assert sorted(map(str, there)) == sorted(map(str, here))
        assert any(row[column] is not None for row in here for column in concatenations(question.text)) or not here


def test_group_concat_columns_are_found() -> None:
    """The parity helper finds GROUP_CONCAT targets and separators, nested calls included."""
    query = 'SELECT (GROUP_CONCAT(DISTINCT STR(?g); separator=", ") AS ?sources) (GROUP_CONCAT(?x) AS ?xs) {}'
    assert concatenated(query) == {"sources": ", ", "xs": " "}
