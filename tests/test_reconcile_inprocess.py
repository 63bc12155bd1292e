"""The /reconcile endpoint in-process: the app `hkgov-graph serve` runs (make_app with a Reconciler over the built
dump), called through Starlette's TestClient without a socket. Every kind of answer is validated against the Entity
Reconciliation Community Group's own v0.2 JSON Schemas; JSONP wraps exactly the JSON answer; the same request gives
the same bytes; the request limits hold. test_reconcile_service.py asks the same of a real server over HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from helpers_reconcile import validate
from hkgov_graph.serve.app import make_app
from hkgov_graph.serve.config import ServerConfig
from hkgov_graph.serve.pages import SiteFolder
from hkgov_graph.serve.reconcile import Reconciler

ORIGIN = {"Origin": "http://127.0.0.1:3333"}
MAX_BODY = 4096


@pytest.fixture(scope="module")
def client(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The server's app: an empty site folder (only /reconcile is asked), no SPARQL pool, a small body limit."""
    site = tmp_path_factory.mktemp("reconcile-inprocess")
    reconciler = Reconciler.of_dump(nquads, None, max_request_bytes=MAX_BODY, request_timeout=5.0)
    app = make_app(ServerConfig(site=site, max_request_bytes=MAX_BODY), SiteFolder(site), None, None, reconciler)
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def answer(client: TestClient, path: str, schema: str | None, **params: str) -> object:
    """GET ``path``: 200, JSON, any origin allowed; validated against ``schema`` when given."""
    response = client.get(path, params=params, headers=ORIGIN)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    value = response.json()
    if schema is not None:
        validate(schema, value)
    return value


def test_manifest_in_each_language(client: TestClient):
    """The manifest, in English and both scripts, is a valid v0.2 manifest naming this server's URLs."""
    for prefix, name in (("", "Mainland office"), ("/zh-Hant", "駐內地辦事處"), ("/zh-Hans", "驻内地办事处")):
        manifest = answer(client, f"/reconcile{prefix}", "manifest")
        assert manifest["versions"] == ["0.2"]  # type: ignore[index]
        base = "http://127.0.0.1:8765/reconcile" + prefix
        assert manifest["preview"] == {"url": base + "/preview?id={{id}}", "width": 400, "height": 220}  # type: ignore[index]
        types = {t["id"]: t["name"] for t in manifest["defaultTypes"]}  # type: ignore[index]
        assert types["hkg:MainlandOffice"] == name


def test_a_batch_with_types_properties_and_limits(client: TestClient):
    """A query batch (itself valid) answered with a valid result batch; the candidates from the seeds."""
    queries = {
        "plain": {"query": "駐粵辦"},
        "english": {"query": "Office of the Government of the Hong Kong Special Administrative Region in Beijing"},
        "typed": {"query": "駐京辦", "type": "hkg:MainlandOffice", "type_strict": "should"},
        "parent": {"query": "入境事務組", "properties": [{"pid": "parent", "v": "GDETO"}], "limit": 3},
        "by_id": {"query": "入境事務組", "properties": [{"pid": "org:unitOf", "v": {"id": "office/sheto"}}],
                  "type": ["hkg:Division"]},
        "nothing": {"query": "Ministry of Silly Walks"},
    }
    validate("reconciliation-query-batch", queries)
    response = client.post("/reconcile", data={"queries": json.dumps(queries, ensure_ascii=False)}, headers=ORIGIN)
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
    results = response.json()
    validate("reconciliation-result-batch", results)
    # type_strict "should" only prefers the type: the mainland governments' offices (004) stay candidates, so 駐京辦
    # is not matched outright; 入境事務組 is a division of several offices (000, 001, 003) until a parent is given
    best = {key: (value["result"][0]["id"], value["result"][0]["match"]) if value["result"] else None
            for key, value in results.items()}
    assert best == {"plain": ("office/gdeto", True), "english": ("office/bjo", True), "typed": ("office/bjo", False),
                    "parent": ("division/gdeto-immigration", True), "by_id": ("division/sheto-immigration", True),
                    "nothing": None}


def test_suggest_services(client: TestClient):
    """Entity, property and type suggestions are valid suggest responses."""
    entities = answer(client, "/reconcile/suggest/entity", "suggest-entities-response", prefix="駐粵")
    assert entities["result"][0]["id"] == "office/gdeto"  # type: ignore[index]
    assert answer(client, "/reconcile/suggest/entity", "suggest-entities-response", prefix="zzzz") == {"result": []}
    properties = answer(client, "/reconcile/suggest/property", "suggest-properties-response", prefix="bur")
    assert [p["id"] for p in properties["result"]] == ["bureau"]  # type: ignore[index]
    types = answer(client, "/reconcile/zh-Hans/suggest/type", "suggest-types-response", prefix="联络")
    assert types["result"][0]["id"] == "hkg:LiaisonUnit"  # type: ignore[index]


def test_data_extension(client: TestClient):
    """Proposed properties, an extension query (valid) and its response (valid), from the seeds."""
    proposal = answer(client, "/reconcile/properties", "data-extension-property-proposal", type="hkg:LiaisonUnit")
    assert "parent" in [p["id"] for p in proposal["properties"]]  # type: ignore[index]
    request = {"ids": ["liaison-unit/fujian"], "properties": [{"id": "parent"}, {"id": "founded"},
                                                               {"id": "head", "settings": {"as_of": "2010"}}]}
    validate("data-extension-query", request)
    response = client.post("/reconcile", data={"extend": json.dumps(request)})
    assert response.status_code == 200, response.text
    extension = response.json()
    validate("data-extension-response", extension)
    row = extension["rows"]["liaison-unit/fujian"]
    assert [v["id"] for v in row["parent"]] == ["office/gdeto"]  # 003: 駐粵辦在2012年2月成立…駐福建聯絡處
    assert row["founded"] == [{"str": "2012-02"}]
    assert row["head"] == []  # no head of it in 2010: it did not exist yet


def test_preview_and_view(client: TestClient):
    """The preview is HTML that any site may frame; the view is a 303 to the entity's page."""
    response = client.get("/reconcile/preview", params={"id": "bureau/cmab"})
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert "政制及內地事務局" in response.text
    view = client.get("/reconcile/view", params={"id": "bureau/cmab"}, follow_redirects=False)
    assert view.status_code == 303 and view.headers["location"] == "http://127.0.0.1:8765/id/bureau/cmab"


@pytest.mark.parametrize(("prefix", "sources"), [("", "Sources: "), ("/zh-Hant", "來源："), ("/zh-Hans", "来源：")])
def test_preview_joins_sources_with_the_colon_of_its_language(client: TestClient, prefix: str, sources: str):
    """The preview's sources line uses the page's colon: full-width in Chinese (來源：), as the pages do."""
    response = client.get(f"/reconcile{prefix}/preview", params={"id": "bureau/cmab"})
    assert response.status_code == 200 and sources in response.text


def test_jsonp_wraps_exactly_the_json(client: TestClient):
    """callback=NAME gives /**/NAME(<the same bytes as the JSON answer>); as application/javascript."""
    params = {"prefix": "Liaison"}
    plain = client.get("/reconcile/suggest/type", params=params)
    wrapped = client.get("/reconcile/suggest/type", params={**params, "callback": "jsonp_1"})
    assert wrapped.headers["content-type"] == "application/javascript; charset=utf-8"
    assert wrapped.content == b"/**/jsonp_1(" + plain.content + b");"
    error = client.get("/reconcile", params={"queries": "{", "callback": "cb"})  # an error reaches the callback too
    assert error.status_code == 400 and error.content.startswith(b"/**/cb({\"error\":")


def test_the_same_request_gives_the_same_bytes(client: TestClient):
    """Answers are deterministic: the same batch twice, byte for byte, as GET and as POST."""
    queries = json.dumps({f"q{i}": {"query": name} for i, name in enumerate(["駐京辦", "入境事務組", "Shanghai"])},
                         ensure_ascii=False)
    first = client.post("/reconcile", data={"queries": queries}).content
    assert client.post("/reconcile", data={"queries": queries}).content == first
    assert client.get("/reconcile", params={"queries": queries}).content == first


def test_preflight_and_refusals(client: TestClient):
    """OPTIONS answers the CORS preflight; a wrong body type, an oversized body, a POST elsewhere and an unknown
    path are refused with their status, every one still open to any origin."""
    preflight = client.options("/reconcile", headers={**ORIGIN, "Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "Content-Type" in preflight.headers["access-control-allow-headers"]
    refusals = [
        (client.post("/reconcile", content=b'{"q0": {"query": "x"}}', headers={"Content-Type": "application/json"}),
         415),
        (client.post("/reconcile", data={"queries": "x" * MAX_BODY}), 413),
        (client.post("/reconcile/suggest/entity", data={"prefix": "x"}), 405),
        (client.get("/reconcile/nothing-here"), 404),
    ]
    for response, status in refusals:
        assert response.status_code == status, response.text
        assert response.headers["access-control-allow-origin"] == "*"
