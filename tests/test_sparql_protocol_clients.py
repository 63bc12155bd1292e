"""/sparql as careless or hostile clients use it. The format=, output= and results= parameters: an unknown format is
a 400 naming those known, a format of the other kind of result a 406, never an answer in whatever Accept chose. A
GET too long for the server is a 414 saying to POST; a graph IRI that is not one is a 400 naming its parameter.
Without a query, an RDF client gets the service description, a results client a 400.
Real `hkgov-graph serve` on 127.0.0.1, stopped by its pid."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import rdflib

from helpers_servers import Server, start_server, stop_server

pytestmark = pytest.mark.server

# seed 000 line 6: **香港特別行政區政府駐北京辦事處**（簡稱**香港特區駐京辦**…）
BJO_HANT = "香港特別行政區政府駐北京辦事處"
# the site folder has no base, so the endpoint declares no prefixes: the queries declare their own
LABEL = ('PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX office: <https://w3id.org/hkgov-graph/id/office/> '
         '{} WHERE {{ office:bjo skos:prefLabel ?l FILTER(LANG(?l) = "zh-hant") }}')
SELECT = LABEL.format("SELECT ?l")
CONSTRUCT = LABEL.format("CONSTRUCT { office:bjo skos:prefLabel ?l }")
JSON_RESULTS = "application/sparql-results+json"


@pytest.fixture(scope="module")
def server(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`serve` over a site folder that holds only the real dump (the endpoint needs nothing else)."""
    site = tmp_path_factory.mktemp("formats") / "site"
    (site / "dumps").mkdir(parents=True)
    (site / "index.html").write_text("<!DOCTYPE html><title>formats</title>\n", encoding="utf-8")
    shutil.copyfile(nquads, site / "dumps" / "hkgov-graph.nq")
    running = start_server(site)
    yield running
    stop_server(running)


def get(server: Server, fields: list[tuple[str, str]], accept: str | None = None) -> tuple[int, str, bytes]:
    status, headers, body = server.request("GET", "/sparql?" + urlencode(fields), {"Accept": accept} if accept else {})
    return status, headers["Content-Type"], body


def test_unknown_format_is_a_400_naming_the_formats(server: Server) -> None:
    """format=yaml is refused in one line that names what there is, although Accept would take JSON."""
    status, content_type, body = get(server, [("query", SELECT), ("format", "yaml")], JSON_RESULTS)
    assert status == 400 and content_type.startswith("text/plain")
    assert body.decode() == ("unknown format='yaml': SELECT and ASK results come as json, xml, csv or tsv; "
                             "CONSTRUCT and DESCRIBE results as turtle, json-ld, nt or xml (or name a media type, "
                             "e.g. text/turtle)\n")


def test_unknown_output_in_a_posted_form_is_a_400(server: Server) -> None:
    """output=text/html in a form body is refused the same way, naming output=."""
    body = urlencode({"query": SELECT, "output": "text/html"}).encode()
    status, _, answer = server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, body)
    assert status == 400 and answer.decode().startswith("unknown output='text/html': ")


def test_a_long_unknown_format_is_cut_in_the_message(server: Server) -> None:
    """A 5,000-character format= is not echoed whole: the message stays one short line."""
    status, _, body = get(server, [("query", SELECT), ("format", "x" * 5000)])
    assert status == 400 and body.count(b"\n") == 1 and len(body) < 300


def test_blank_format_leaves_the_choice_to_accept(server: Server) -> None:
    """format= with no value (a form's empty field) asks for nothing: Accept: text/csv gives CSV."""
    status, content_type, body = get(server, [("query", SELECT), ("format", "")], "text/csv")
    assert status == 200 and content_type.startswith("text/csv")
    assert body.decode().splitlines() == ["l", BJO_HANT]


def test_a_results_format_for_construct_is_a_406(server: Server) -> None:
    """format=csv for a CONSTRUCT is 406 naming the graph formats, not Turtle in silence."""
    status, _, body = get(server, [("query", CONSTRUCT), ("format", "csv")])
    assert status == 406
    assert body.decode().startswith("CONSTRUCT and DESCRIBE results are not available as format='csv': ask for "
                                    "turtle, json-ld, nt or xml")


def test_a_graph_format_for_select_is_a_406(server: Server) -> None:
    """format=turtle for a SELECT is 406 naming the results formats."""
    status, _, body = get(server, [("query", SELECT), ("format", "turtle")], JSON_RESULTS)
    assert status == 406
    assert body.decode().startswith("SELECT and ASK results are not available as format='turtle': ask for "
                                    "json, xml, csv or tsv")


def test_sparqlwrapper_json_ld_list_is_json_ld(server: Server) -> None:
    """SPARQLWrapper's JSON-LD sends format=json-ld and format=application/ld+json,application/x-json+ld: JSON-LD."""
    fields = [("query", CONSTRUCT), ("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld")]
    status, content_type, body = get(server, fields)
    assert status == 200 and content_type.startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=body.decode(), format="json-ld")
    assert {str(o) for o in graph.objects()} == {BJO_HANT}


def test_n3_is_answered_with_turtle(server: Server) -> None:
    """format=n3 (SPARQLWrapper's N3) gets Turtle, which is N3 too."""
    status, content_type, body = get(server, [("query", CONSTRUCT), ("format", "n3")])
    assert status == 200 and content_type.startswith("text/turtle")
    assert {str(o) for o in rdflib.Graph().parse(data=body.decode(), format="n3").objects()} == {BJO_HANT}


def test_a_media_type_with_parameters_names_its_format(server: Server) -> None:
    """format=application/sparql-results+json; charset=utf-8 is JSON results, even when Accept says CSV."""
    fields = [("query", SELECT), ("format", "application/sparql-results+json; charset=utf-8")]
    status, content_type, body = get(server, fields, "text/csv")
    assert status == 200 and content_type.startswith(JSON_RESULTS)
    assert [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]] == [BJO_HANT]


def test_a_request_line_longer_than_the_server_takes_is_a_414_saying_to_post(server: Server) -> None:
    """20,000 bytes of GET /sparql?query=… with no end of line yet: 414, one line saying to POST, CORS allowed."""
    with socket.create_connection((server.host, server.port), timeout=10) as client:
        client.sendall(b"GET /sparql?query=ASK%7B%7D%23" + b"x" * 20_000)
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 URI Too Long\r\n")
    assert b"\r\naccess-control-allow-origin: *" in head.lower()
    assert body == (b"the request line (the URL) is longer than 16384 bytes; send a long SPARQL query by POST, "
                    b"in the body\n")


def test_the_same_long_query_by_post_is_answered(server: Server) -> None:
    """The query that was too long for the URL is answered when POSTed (bodies may be up to 1 MiB)."""
    query = "ASK {} #" + "x" * 20_000
    status, _, body = server.request("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                         "Accept": JSON_RESULTS}, query.encode())
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize(("parameter", "value", "message"), [
    ("named-graph-uri", "wikipedia-beijing-office",
     "named-graph-uri='wikipedia-beijing-office' is not an absolute IRI (No scheme found in an absolute IRI)\n"),
    ("default-graph-uri", "", "default-graph-uri='' is not an absolute IRI (No scheme found in an absolute IRI)\n"),
])
def test_a_graph_iri_that_is_not_one_names_its_parameter(server: Server, parameter: str, value: str,
                                                          message: str) -> None:
    """A relative or empty graph IRI is a 400 naming the parameter and the value, beside a good one."""
    fields = [("query", "ASK {}"), ("default-graph-uri", "https://w3id.org/hkgov-graph/graph/wikipedia-beijing-office"),
              (parameter, value)]
    status, _, body = get(server, fields)
    assert status == 400 and body.decode() == message


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                             ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_an_rdf_client_without_a_query_gets_the_service_description(server: Server, accept: str, fmt: str) -> None:
    """GET /sparql asking for RDF: the SPARQL 1.1 Service Description, naming the endpoint at the URL asked."""
    status, headers, body = server.request("GET", "/sparql", {"Accept": accept})
    assert status == 200 and headers["Content-Type"].split(";")[0] == accept and headers["Vary"] == "Accept"
    graph = rdflib.Graph().parse(data=body.decode(), format=fmt)
    endpoint = rdflib.URIRef(server.url + "/sparql")
    assert (endpoint, rdflib.RDF.type, SD.Service) in graph
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert set(graph.objects(endpoint, SD.resultFormat)) == {
        FORMATS[name] for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                                   "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML")}


def test_a_browser_without_a_query_still_gets_the_page(server: Server) -> None:
    """A browser's Accept (HTML first, RDF/XML's application/xml at 0.9) gets HTML, not the description."""
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, _ = server.request("GET", "/sparql", {"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith("text/html")


def test_a_results_client_without_a_query_is_told_so(server: Server) -> None:
    """A program that asks for SPARQL JSON and forgot its query gets 400 saying so, not a 200 HTML page."""
    status, headers, body = server.request("GET", "/sparql", {"Accept": JSON_RESULTS})
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.decode().startswith("no query given: send query= (GET, or a form POST) or an "
                                    "application/sparql-query body")
