"""The W3C SPARQL 1.1 Protocol test manifest (vendored in tests/w3c/protocol), run against `hkgov-graph serve`.

Every test is read from the manifest: its requests, their method, path,
headers and body (in the encoding the test gives), and the expected status
class, result format and boolean. The manifest's data files are loaded as
the named graphs its tests name. The endpoint is read-only, so in the
``update_*`` tests the update request must be answered 403 (the follow-up
requests that check the update's effect are not sent); every other request
must get what the manifest expects.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import rdflib
from rdflib.collection import Collection

from helpers_servers import Server, start_server, stop_server

pytestmark = pytest.mark.server

HERE = Path(__file__).parent / "w3c" / "protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
RDF_FORMATS = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # expected status classes: 2, 3, 4
    format: str | None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = self.headers.get("content-type", "")
        text = (self.body or b"").decode("utf-8", "replace")
        return ("application/sparql-update" in content_type or "update=" in self.path
                or ("form-urlencoded" in content_type and text.startswith("update=")))


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)
    graphs: dict[str, str] = field(default_factory=dict)  # graph IRI -> data file


def read_manifest() -> list[ProtocolTest]:
    graph = rdflib.Graph().parse(HERE / "manifest.ttl", format="turtle", publicID=HERE.as_uri() + "/manifest.ttl")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        test = ProtocolTest(str(entry).rsplit("#", 1)[1], str(graph.value(entry, MF.name)))
        for data in graph.objects(entry, UT.graphData):
            test.graphs[str(graph.value(data, rdflib.RDFS.label))] = Path(str(graph.value(data, UT.graph))).name
        action = graph.value(entry, MF.action)
        for node in Collection(graph, graph.value(action, HT.requests)):
            headers = {}
            header_list = graph.value(node, HT.headers)
            if header_list is not None:
                for header in Collection(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName)).lower()] = str(graph.value(header, HT.fieldValue))
            body_node = graph.value(node, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding)
            response = graph.value(node, HT.resp)
            statuses = {int(str(s).rsplit("StatusCode", 1)[1][0]) for s in graph.objects(response, MF.expectedStatus)}
            fmt = graph.value(response, MF.expectedFormat)
            boolean = graph.value(response, MF.expectedBoolean)
            test.requests.append(Request(
                str(graph.value(node, HT.methodName)), str(graph.value(node, HT.absolutePath)), headers, body,
                statuses, str(fmt) if fmt is not None else None, boolean.toPython() if boolean is not None else None))
        tests.append(test)
    return tests


TESTS = read_manifest()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`serve` over a site whose dataset is the manifest's data, each file in the named graph the tests use."""
    site = tmp_path_factory.mktemp("w3c") / "site"
    (site / "dumps").mkdir(parents=True)
    (site / "index.html").write_text("<!DOCTYPE html><title>W3C protocol tests</title>\n", encoding="utf-8")
    graphs = {iri: name for test in TESTS for iri, name in test.graphs.items()}
    lines = []
    for iri, name in sorted(graphs.items()):
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines.append(line.rstrip().removesuffix(".").rstrip() + f" <{iri}> .\n")
    (site / "dumps" / "hkgov-graph.nq").write_text("".join(lines), encoding="utf-8")
    running = start_server(site)
    yield running
    stop_server(running)


def test_the_manifest_is_read() -> None:
    """All 34 tests of the manifest are found, each with at least one request."""
    assert len(TESTS) == 34
    assert all(test.requests for test in TESTS)
    assert sum(1 for t in TESTS if t.name.startswith("query_")) == 13


def check_format(request: Request, content_type: str, body: bytes) -> None:
    media = content_type.split(";")[0].strip()
    if request.format == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml"), media
        if media.endswith("json"):
            value = json.loads(body)["boolean"]
        else:
            value = ET.fromstring(body).find(f"{RESULTS}boolean").text == "true"  # type: ignore[union-attr]
        if request.boolean is not None:
            assert value is request.boolean
    elif request.format == "tabular":
        assert media in TABULAR, media
    elif request.format == "RDF":
        assert media in RDF_FORMATS, media
        rdflib.Graph().parse(data=body, format=RDF_FORMATS[media])


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(server: Server, test: ProtocolTest) -> None:
    """One manifest test: each request gets the status class, format and boolean the manifest expects."""
    for request in test.requests:
        assert request.path.startswith("/sparql/")  # the manifest's prefix, replaced by the endpoint's path
        path = "/sparql" + request.path.removeprefix("/sparql/")
        status, headers, body = server.request(request.method, path, request.headers, request.body)
        if test.name.startswith("update_"):
            assert request.is_update
            assert status == 403, (test.name, status, body)
            return  # the follow-up requests check the update's effect, which a read-only endpoint refuses
        assert status // 100 in request.statuses, (test.name, status, body)
        if request.format:
            check_format(request, headers.get("Content-Type", ""), body)
