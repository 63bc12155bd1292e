"""`hkgov-graph serve`: content negotiation, the SPARQL 1.1 endpoint (checked with SPARQLWrapper), limits,
read-only-ness, CORS and path safety. The server runs as a real subprocess on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from helpers_servers import Server, start_server, stop_server
from hkgov_graph import namespaces as ns
from hkgov_graph.graph.build import conventional_language_tags
from hkgov_graph.publish.site import publish
from hkgov_graph.serve.negotiation import Offer, negotiate

pytestmark = pytest.mark.server

BJO = ns.ID + "office/bjo"
PREFIXES = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX office: <" + ns.ID + "office/>\n"
BJO_LABELS = {  # from seed 000 (and 004 for the Simplified form), written by hand
    ("香港特別行政區政府駐北京辦事處", "zh-Hant"),
    ("香港特别行政区政府驻北京办事处", "zh-Hans"),
    ("Office of the Government of the Hong Kong Special Administrative Region in Beijing", "en"),
}
TIMEOUT = 3.0
MAX_BYTES = 200_000


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("serve") / "site", nquads=nquads).output_dir


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    running = start_server(site, "--timeout", str(TIMEOUT), "--max-result-bytes", str(MAX_BYTES))
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def store(nquads: Path) -> ox.Store:
    s = ox.Store()
    s.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return s


def description(store: ox.Store, iri: str) -> rdflib.Graph:
    """What the dump says about ``iri`` and its skolemised blank nodes."""
    graph = rdflib.Graph()
    todo, seen = [iri], {iri}
    while todo:
        node = todo.pop()
        for q in store.quads_for_pattern(ox.NamedNode(node), None, None, None):
            graph.parse(data=conventional_language_tags(f"{q.triple} .".encode()).decode(), format="nt")
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(ns.GENID) \
                    and q.object.value not in seen:
                seen.add(q.object.value)
                todo.append(q.object.value)
    return graph


def sparql(server: Server) -> SPARQLWrapper:
    return SPARQLWrapper(server.url + "/sparql")


# -- Starting --

def test_binds_to_localhost_by_default(server: Server) -> None:
    """Without --host the server listens on 127.0.0.1 only."""
    assert server.host == "127.0.0.1"


def test_negotiation_order() -> None:
    """q-values and specificity decide; ties go to the server's order; nothing acceptable gives None."""
    offers = [Offer("html", "text/html"), Offer("ttl", "text/turtle"), Offer("jsonld", "application/ld+json")]

    def key(accept: str | None) -> str | None:
        choice = negotiate(accept, offers)
        return choice.offer.key if choice else None

    assert key(None) == "html"
    assert key("text/turtle;q=0.9, application/ld+json") == "jsonld"
    assert key("text/*;q=0.5, text/turtle") == "ttl"
    assert key("*/*") == "html"
    assert key("*/*, text/turtle") == "ttl"  # named beats a wildcard at equal quality
    assert key("image/png") is None
    assert key("text/html;q=0, */*;q=0.1") == "ttl"
    assert key("text/html;q=0, */*") == "ttl"
    assert key("application/*") == "jsonld"
    assert key("application/*, text/html;q=0") == "jsonld"
    assert key("text/*;q=0, */*") == "jsonld"


def test_aliases_are_one_offer() -> None:
    """A type refused by name stays refused under its alias; wildcards match only the main type."""
    offers = [Offer("json", "application/sparql-results+json", ("application/json",)),
              Offer("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
              Offer("csv", "text/csv")]
    choice = negotiate("application/sparql-results+json;q=0, */*", offers)
    assert choice is not None and choice.offer.key == "xml"
    choice = negotiate("text/*", offers)
    assert choice is not None and choice.offer.key == "csv"
    choice = negotiate("application/json", offers)
    assert choice is not None and (choice.offer.key, choice.media_type) == ("json", "application/json")
    choice = negotiate("application/json;q=0, application/sparql-results+json", offers)
    assert choice is not None and choice.media_type == "application/sparql-results+json"


# -- Content negotiation on resource IRIs --

@pytest.mark.parametrize(("accept", "ext", "media"), [
    ("text/html", "html", "text/html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html", "text/html"),
    ("text/turtle", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/n-triples;q=0.5, text/turtle;q=0.4", "nt", "application/n-triples"),
])
def test_resource_iri_redirects_to_the_representation(server: Server, accept: str, ext: str, media: str) -> None:
    """GET /id/office/bjo answers 303 See Other (Vary: Accept) to the representation the client prefers."""
    status, headers, _ = server.request("GET", "/id/office/bjo", {"Accept": accept})
    assert status == 303
    assert headers["Location"] == f"/id/office/bjo.{ext}"
    assert "Accept" in headers["Vary"]
    status, headers, body = server.request("GET", headers["Location"])
    assert status == 200 and headers["Content-Type"].startswith(media) and body


def test_unacceptable_media_type_is_406(server: Server) -> None:
    """A client that accepts none of the representations gets 406."""
    status, headers, _ = server.request("GET", "/id/office/bjo", {"Accept": "image/png"})
    assert status == 406 and "Accept" in headers["Vary"]


@pytest.mark.parametrize(("ext", "media", "fmt"), [
    ("ttl", "text/turtle", "turtle"), ("jsonld", "application/ld+json", "json-ld"),
    ("nt", "application/n-triples", "nt")])
def test_negotiated_rdf_is_the_resource_description(server: Server, store: ox.Store, ext: str, media: str,
                                                    fmt: str) -> None:
    """The Turtle, JSON-LD and N-Triples served for bjo parse and are isomorphic to its description in the dump."""
    status, headers, _ = server.request("GET", "/id/office/bjo", {"Accept": media})
    status, headers, body = server.request("GET", headers["Location"])
    assert status == 200
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt)
    assert isomorphic(graph, description(store, BJO))


@pytest.mark.parametrize("path", ["/ontology", "/dataset", "/graph/wikipedia-beijing-office", "/.well-known/void"])
def test_other_iris_negotiate_too(server: Server, path: str) -> None:
    """The ontology, dataset and graph IRIs (and /.well-known/void) negotiate like resources."""
    status, headers, _ = server.request("GET", path, {"Accept": "text/turtle"})
    assert status == 303 and headers["Location"].endswith(".ttl")
    status, _, body = server.request("GET", headers["Location"])
    assert status == 200
    assert len(rdflib.Graph().parse(data=body.decode(), format="turtle")) > 5


def test_static_files_and_index(server: Server) -> None:
    """The home page, a folder (trailing slash) and the dumps are served with their media types."""
    status, headers, body = server.request("GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"hkgov-graph" in body
    status, headers, _ = server.request("GET", "/id/office")
    assert status == 301 and headers["Location"] == "/id/office/"
    status, _, body = server.request("GET", "/id/office/")
    assert status == 200 and b"bjo.html" in body
    status, headers, _ = server.request("GET", "/dumps/hkgov-graph.nq.gz")
    assert status == 200 and headers["Content-Type"] == "application/gzip"
    status, headers, body = server.request("HEAD", "/id/office/bjo.ttl")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


# -- Path safety --

@pytest.mark.parametrize("path", [
    "/../secret.txt", "/id/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/etc/passwd",
    "/id/%2e%2e%2f%2e%2e%2fsecret.txt", "/id%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/..\\secret.txt",
    "/.%2e/secret.txt", "/%252e%252e/secret.txt", "/id/office/bjo.html%00.txt", "//etc/passwd",
    "/../../../../../../etc/passwd", "/.hidden", "/%ff%fe", "/id/office/bjo/..", "/id/./office/bjo.html",
])
def test_path_traversal_is_404(server: Server, path: str) -> None:
    """Dot-dot segments, in plain or encoded form, encoded slashes and backslashes never leave the site."""
    secret = server.site.parent / "secret.txt"
    secret.write_text("secret")
    (server.site / ".hidden").write_text("hidden")
    status, _, body = server.request("GET", path)
    assert status == 404, path
    assert b"secret" not in body and b"root:" not in body


def test_serve_publishes_a_missing_site_first(nquads: Path, tmp_path: Path) -> None:
    """`serve --site DIR` with no DIR yet publishes it, then serves it."""
    running = start_server(tmp_path / "fresh-site", "--input", str(nquads))
    try:
        status, _, body = running.request("GET", "/id/office/bjo.html")
        assert status == 200 and "香港特別行政區政府駐北京辦事處".encode() in body
    finally:
        stop_server(running)
    assert (tmp_path / "fresh-site" / "dumps" / "hkgov-graph.nq").is_file()


def test_writes_to_the_site_are_refused(server: Server) -> None:
    """PUT and DELETE on the site are 405."""
    assert server.request("PUT", "/index.html", body=b"x")[0] == 405
    assert server.request("DELETE", "/index.html")[0] == 405


# -- CORS --

def test_cors_headers_and_preflight(server: Server) -> None:
    """Responses allow any origin; OPTIONS answers a preflight for POST with Content-Type."""
    _, headers, _ = server.request("GET", "/id/office/bjo.ttl", {"Origin": "https://example.org"})
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = server.request("OPTIONS", "/sparql", {
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status in (200, 204)
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    query = urlencode({"query": "ASK {}"})
    _, headers, _ = server.request("GET", f"/sparql?{query}", {"Origin": "https://example.org"})
    assert headers["Access-Control-Allow-Origin"] == "*"


# -- SPARQL with an independent client --

LABELS_QUERY = PREFIXES + "SELECT ?label WHERE { office:bjo skos:prefLabel ?label } ORDER BY ?label"


def test_select_json(server: Server) -> None:
    """SELECT as SPARQL JSON (GET): the Beijing Office's names, with their language tags as written."""
    client = sparql(server)
    client.setQuery(LABELS_QUERY)
    client.setReturnFormat(JSON)
    result = client.query()
    assert result.response.headers["Content-Type"].startswith("application/sparql-results+json")
    bindings = result.convert()["results"]["bindings"]
    assert {(b["label"]["value"], b["label"]["xml:lang"]) for b in bindings} == BJO_LABELS


@pytest.mark.parametrize("method", ["urlencoded", "direct"])
def test_select_xml_by_post(server: Server, method: str) -> None:
    """SELECT as SPARQL XML, POSTed form-encoded and as application/sparql-query."""
    client = sparql(server)
    client.setQuery(LABELS_QUERY)
    client.setReturnFormat(XML)
    client.setMethod(POST)
    if method == "direct":
        client.setRequestMethod(POSTDIRECTLY)
    document = client.query().convert()
    literals = document.getElementsByTagName("literal")
    found = {(node.firstChild.data, node.getAttribute("xml:lang")) for node in literals}
    assert found == BJO_LABELS


def test_select_csv_and_tsv(server: Server) -> None:
    """SELECT as CSV and TSV."""
    client = sparql(server)
    client.setQuery(LABELS_QUERY)
    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert rows[0] == ["label"]
    assert {r[0] for r in rows[1:]} == {text for text, _ in BJO_LABELS}
    client.setReturnFormat(TSV)
    lines = client.query().convert().decode("utf-8").splitlines()
    assert lines[0] == "?label"
    assert '"香港特別行政區政府駐北京辦事處"@zh-Hant' in lines[1:]


def test_ask(server: Server) -> None:
    """ASK answers true and false."""
    client = sparql(server)
    client.setReturnFormat(JSON)
    client.setQuery(PREFIXES + "ASK { office:bjo skos:prefLabel ?l }")
    assert client.query().convert()["boolean"] is True
    client.setQuery(PREFIXES + "ASK { office:bjo skos:prefLabel 'no such name' }")
    assert client.query().convert()["boolean"] is False


@pytest.mark.parametrize(("return_format", "fmt"), [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_construct(server: Server, store: ox.Store, return_format: str, fmt: str) -> None:
    """CONSTRUCT as Turtle and JSON-LD: isomorphic to what the dump says about the resource."""
    client = sparql(server)
    client.setQuery(f"CONSTRUCT {{ <{BJO}> ?p ?o }} WHERE {{ <{BJO}> ?p ?o }}")
    client.setReturnFormat(return_format)
    result = client.query()
    graph = rdflib.Graph().parse(data=result.response.read().decode("utf-8"), format=fmt)
    expected = rdflib.Graph()
    for t in description(store, BJO):
        if t[0] == rdflib.URIRef(BJO):
            expected.add(t)
    assert isomorphic(graph, expected)


def test_describe(server: Server) -> None:
    """DESCRIBE gives Turtle about the resource."""
    status, headers, body = server.request(
        "GET", "/sparql?" + urlencode({"query": f"DESCRIBE <{BJO}>"}), {"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    assert (rdflib.URIRef(BJO), rdflib.RDF.type, rdflib.URIRef(ns.HKG + "BeijingOffice")) in graph


def test_format_parameter_wins_over_accept(server: Server) -> None:
    """?format=csv gives CSV even when Accept asks for JSON."""
    status, headers, body = server.request(
        "GET", "/sparql?" + urlencode({"query": LABELS_QUERY, "format": "csv"}),
        {"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith(b"label")


def test_default_graph_is_the_union_and_named_graphs_are_there(server: Server, store: ox.Store) -> None:
    """The default graph holds every triple once; GRAPH ?g names the source documents."""
    client = sparql(server)
    client.setReturnFormat(JSON)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = int(client.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert count == len({q.triple for q in store})
    client.setQuery(PREFIXES + "SELECT ?g WHERE { GRAPH ?g { office:bjo skos:prefLabel "
                    '"香港特別行政區政府駐北京辦事處"@zh-Hant } }')
    graphs = {b["g"]["value"] for b in client.query().convert()["results"]["bindings"]}
    assert ns.GRAPH + "wikipedia-beijing-office" in graphs


def test_default_graph_uri_restricts_the_dataset(server: Server, store: ox.Store) -> None:
    """default-graph-uri makes one source graph the default graph."""
    graph = ns.GRAPH + "wikipedia-guangdong-eto"
    client = sparql(server)
    client.setReturnFormat(JSON)
    client.addDefaultGraph(graph)
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = int(client.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert count == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def test_query_page_without_a_query(server: Server) -> None:
    """GET /sparql without a query shows an HTML form."""
    status, headers, body = server.request("GET", "/sparql", {"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<form" in body and b'name="query"' in body


def test_malformed_query_is_400(server: Server) -> None:
    """A syntax error is a 400 with the parser's message."""
    status, _, body = server.request("GET", "/sparql?" + urlencode({"query": "SELECT WHERE {"}))
    assert status == 400 and b"malformed query" in body


# -- Read-only --

UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <" + ns.GRAPH + "wikipedia-beijing-office>",
    "PREFIX ex: <http://example.org/> INSERT { ex:a ex:b ex:c } WHERE {}",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(server: Server, store: ox.Store, update: str) -> None:
    """UPDATE, LOAD, CLEAR, DROP: refused however they are sent (query=, update=, application/sparql-update)."""
    attempts = [
        server.request("GET", "/sparql?" + urlencode({"query": update})),
        server.request("GET", "/sparql?" + urlencode({"update": update})),
        server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                       urlencode({"update": update}).encode()),
        server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                       urlencode({"query": update}).encode()),
        server.request("POST", "/sparql", {"Content-Type": "application/sparql-update"}, update.encode()),
        server.request("POST", "/sparql", {"Content-Type": "application/sparql-query"}, update.encode()),
    ]
    for status, _, _ in attempts:
        assert 400 <= status < 500
    status, _, body = server.request("GET", "/sparql?" + urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                                                    "format": "csv"}))
    assert int(body.split()[-1]) == len({q.triple for q in store})


def test_sparqlwrapper_update_is_refused(server: Server) -> None:
    """An update sent by SPARQLWrapper the standard way (POST application/sparql-update) fails."""
    client = sparql(server)
    client.setMethod(POST)
    client.setQuery(UPDATES[0])
    with pytest.raises(Exception, match=r"403|Forbidden|read-only|Unauthorized|Error"):
        client.query()


# -- Limits --

def test_never_ending_query_is_stopped(server: Server) -> None:
    """A huge cartesian product is stopped at the time limit (503), and the endpoint answers afterwards."""
    never = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    started = time.monotonic()
    status, _, body = server.request("GET", "/sparql?" + quote_query(never))
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert TIMEOUT - 0.5 <= elapsed < TIMEOUT + 10
    for _ in range(3):  # every worker, replaced or not, still answers
        status, _, body = server.request("GET", "/sparql?" + quote_query("ASK { ?s ?p ?o }"),
                                         {"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["boolean"] is True


def test_oversized_result_is_refused(server: Server) -> None:
    """A result larger than --max-result-bytes is refused with a message, not truncated."""
    status, _, body = server.request("GET", "/sparql?" + quote_query("CONSTRUCT WHERE { ?s ?p ?o }"),
                                     {"Accept": "text/turtle"})
    assert status == 400 and b"larger than the limit" in body
    status, _, body = server.request("GET", "/sparql?" + quote_query("SELECT * WHERE { ?s ?p ?o }"))
    assert status == 400 and b"larger than the limit" in body


def quote_query(text: str) -> str:
    return "query=" + quote(text, safe="")


def test_results_parse_as_xml(server: Server) -> None:
    """The XML results are well-formed and in the SPARQL results namespace."""
    status, _, body = server.request("GET", "/sparql?" + quote_query(LABELS_QUERY),
                                     {"Accept": "application/sparql-results+xml"})
    assert status == 200
    root = ET.fromstring(body)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    langs = {e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in root.iter()
             if e.tag.endswith("literal")}
    assert langs == {"en", "zh-Hant", "zh-Hans"}


# -- Negotiation over HTTP: refusals, wildcards, the type answered --

@pytest.mark.parametrize(("accept", "ext", "media"), [
    ("application/*", "jsonld", "application/ld+json"),
    ("text/html;q=0, */*", "ttl", "text/turtle"),
    ("application/*, text/html;q=0", "jsonld", "application/ld+json"),
    ("application/rdf+xml", "rdf", "application/rdf+xml"),
    ("application/xhtml+xml, text/turtle;q=0.5", "ttl", "text/turtle"),
])
def test_resource_negotiation_honours_refusals(server: Server, accept: str, ext: str, media: str) -> None:
    """q=0 refuses a type even under a wildcard, and the Link header names the type negotiated."""
    status, headers, _ = server.request("GET", "/id/office/bjo", {"Accept": accept})
    assert status == 303 and headers["Location"] == f"/id/office/bjo.{ext}"
    assert headers["Link"] == f'</id/office/bjo.{ext}>; rel="alternate"; type="{media}"'
    status, headers, _ = server.request("GET", headers["Location"])
    assert status == 200 and headers["Content-Type"].startswith(media)


def test_html_is_never_called_xhtml(server: Server) -> None:
    """A browser's Accept gets HTML, and the Link header says text/html."""
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    _, headers, _ = server.request("GET", "/id/office/bjo", {"Accept": accept})
    assert headers["Link"].endswith('type="text/html"')


def test_rdf_xml_is_the_resource_description(server: Server, store: ox.Store) -> None:
    """RDF/XML of bjo parses and is isomorphic to its description in the dump."""
    status, headers, body = server.request("GET", "/id/office/bjo.rdf")
    assert status == 200 and headers["Content-Type"] == "application/rdf+xml"
    assert isomorphic(rdflib.Graph().parse(data=body, format="xml"), description(store, BJO))


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("text/*", "text/csv"),
    ("application/json", "application/json"),
    ("application/sparql-results+xml, application/json;q=0.5", "application/sparql-results+xml"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_sparql_results_negotiation(server: Server, accept: str, media: str) -> None:
    """On /sparql, aliases are one offer: refusing a type refuses its alias; text/* is not SPARQL XML."""
    status, headers, _ = server.request("GET", "/sparql?" + quote_query("ASK { ?s ?p ?o }"), {"Accept": accept})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media


@pytest.mark.parametrize(("accept", "media"), [
    ("text/turtle;q=0, */*", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/*", "text/turtle"),
])
def test_sparql_graph_negotiation(server: Server, accept: str, media: str) -> None:
    """CONSTRUCT results honour q=0 and wildcards the same way."""
    query = f"CONSTRUCT {{ <{BJO}> ?p ?o }} WHERE {{ <{BJO}> ?p ?o }}"
    status, headers, _ = server.request("GET", "/sparql?" + quote_query(query), {"Accept": accept})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media


def test_sparql_not_acceptable(server: Server) -> None:
    """A client that refuses every results format gets 406."""
    status, _, _ = server.request("GET", "/sparql?" + quote_query("ASK {}"), {"Accept": "image/png"})
    assert status == 406


# -- The protocol's dataset --

def ask(server: Server, query: str, **params: list[str]) -> bool:
    fields = [("query", query)] + [(name.replace("_", "-"), v) for name, values in params.items() for v in values]
    status, _, body = server.request("GET", "/sparql?" + urlencode(fields),
                                     {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return bool(json.loads(body)["boolean"])


BEIJING = ns.GRAPH + "wikipedia-beijing-office"
GUANGDONG = ns.GRAPH + "wikipedia-guangdong-eto"


def test_named_graph_uri_alone_empties_the_default_graph(server: Server) -> None:
    """named-graph-uri alone: the default graph is empty, only the named graphs given are visible."""
    assert ask(server, "ASK { ?s ?p ?o }", named_graph_uri=[BEIJING]) is False
    assert ask(server, f"ASK {{ GRAPH <{BEIJING}> {{ ?s ?p ?o }} }}", named_graph_uri=[BEIJING]) is True
    assert ask(server, f"ASK {{ GRAPH <{GUANGDONG}> {{ ?s ?p ?o }} }}", named_graph_uri=[BEIJING]) is False


def test_default_graph_uri_alone_hides_the_named_graphs(server: Server) -> None:
    """default-graph-uri alone: that graph is the default graph and there are no named graphs."""
    assert ask(server, "ASK { ?s ?p ?o }", default_graph_uri=[BEIJING]) is True
    assert ask(server, "ASK { GRAPH ?g { ?s ?p ?o } }", default_graph_uri=[BEIJING]) is False


def test_both_dataset_parameters(server: Server) -> None:
    """Both together: one default graph, one named graph, and the protocol overrides FROM in the query."""
    params = {"default_graph_uri": [GUANGDONG], "named_graph_uri": [BEIJING]}
    assert ask(server, f"ASK {{ GRAPH <{BEIJING}> {{ ?s ?p ?o }} }}", **params) is True
    assert ask(server, f"ASK {{ GRAPH <{GUANGDONG}> {{ ?s ?p ?o }} }}", **params) is False
    assert ask(server, f"ASK FROM <{BEIJING}> {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{BEIJING}>) }}",
               **params) is False


def test_without_dataset_parameters_everything_is_visible(server: Server) -> None:
    """No dataset parameters: the union default graph and every named graph (so the tests above can fail)."""
    assert ask(server, "ASK { ?s ?p ?o }") is True
    assert ask(server, f"ASK {{ GRAPH <{GUANGDONG}> {{ ?s ?p ?o }} }}") is True
