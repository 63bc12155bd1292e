"""The W3C Reconciliation Service API at /reconcile of a real `hkgov-graph serve` on 127.0.0.1: every kind of answer
validated against the Entity Reconciliation Community Group's own v0.2 JSON Schemas (tests/schemas/reconciliation),
the name-variant table over HTTP, CORS, JSONP and the preview. Expected answers are written by hand from the seeds."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from helpers_reconcile import VARIANTS, validate
from helpers_servers import Server, start_server, stop_server
from hkgov_graph import namespaces as ns
from hkgov_graph.publish.site import publish

pytestmark = pytest.mark.server

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def server(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    site = publish(tmp_path_factory.mktemp("reconcile") / "site", nquads=nquads).output_dir
    running = start_server(site)
    yield running
    stop_server(running)


def get(server: Server, path: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    status, headers, body = server.request("GET", path + ("?" + urlencode(params) if params else ""))
    return status, {k.lower(): v for k, v in headers.items()}, body


def get_json(server: Server, path: str, **params: str) -> object:
    status, headers, body = get(server, path, **params)
    assert status == 200, body
    assert headers["content-type"] == "application/json; charset=utf-8"
    return json.loads(body)


def post(server: Server, path: str, **fields: str) -> tuple[int, dict[str, str], bytes]:
    status, headers, body = server.request("POST", path, FORM, urlencode(fields).encode())
    return status, {k.lower(): v for k, v in headers.items()}, body


def reconcile(server: Server, queries: dict[str, object], path: str = "/reconcile") -> dict[str, list[dict]]:
    validate("reconciliation-query-batch", queries)  # what we send is a valid batch too
    status, _, body = post(server, path, queries=json.dumps(queries, ensure_ascii=False))
    assert status == 200, body
    answer = json.loads(body)
    validate("reconciliation-result-batch", answer)
    return {key: value["result"] for key, value in answer.items()}


# -- The schemas themselves --

def test_the_schemas_reject_a_bad_answer():
    """The vendored schemas do reject: a candidate without a score, a manifest without versions."""
    from jsonschema import ValidationError

    with pytest.raises(ValidationError):
        validate("reconciliation-result-batch", {"q0": {"result": [{"id": "office/bjo", "name": "x"}]}})
    with pytest.raises(ValidationError):
        validate("manifest", {"name": "x", "identifierSpace": "x", "schemaSpace": "x"})


# -- The manifest --

def test_manifest(server: Server):
    """GET /reconcile without parameters is the manifest: v0.2, the id space, the ontology's classes, services."""
    manifest = get_json(server, "/reconcile")
    validate("manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == ns.ID and manifest["schemaSpace"] == ns.HKG
    types = {t["id"]: t for t in manifest["defaultTypes"]}
    assert types["hkg:MainlandOffice"]["name"] == "Mainland office"  # the ontology's rdfs:label
    # hkg:EconomicAndTradeOffice rdfs:subClassOf hkg:MainlandOffice rdfs:subClassOf org:OrganizationalUnit
    assert types["hkg:EconomicAndTradeOffice"]["broader"] == [{"id": "hkg:MainlandOffice", "name": "Mainland office",
                                                              "broader": [{"id": "org:OrganizationalUnit",
                                                                           "name": "Organizational Unit"}]}]
    base = server.url + "/reconcile"
    assert manifest["view"]["url"] == base + "/view?id={{id}}"
    assert manifest["preview"]["url"] == base + "/preview?id={{id}}"
    assert manifest["suggest"]["entity"] == {"service_url": base, "service_path": "/suggest/entity"}
    assert manifest["extend"]["propose_properties"] == {"service_url": base, "service_path": "/properties"}
    assert [s["name"] for s in manifest["extend"]["property_settings"]] == ["as_of", "lang"]


def test_manifest_in_chinese(server: Server):
    """Under /reconcile/zh-Hant the service and its types are named in Traditional Chinese."""
    manifest = get_json(server, "/reconcile/zh-Hant")
    validate("manifest", manifest)
    assert {"id": "hkg:LiaisonUnit", "name": "聯絡處"} in [{k: t[k] for k in ("id", "name")}
                                                         for t in manifest["defaultTypes"]]
    assert manifest["suggest"]["type"]["service_url"] == server.url + "/reconcile/zh-Hant"


# -- Reconciliation queries --

def test_variant_table_over_http(server: Server):
    """The name variants, POSTed in batches: at least 95% top candidates right, no wrong match, the command's scores."""
    with VARIANTS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    results: dict[str, list[dict]] = {}
    for start in range(0, len(rows), 50):
        batch = {f"q{i}": {"query": rows[i]["name"]} for i in range(start, min(start + 50, len(rows)))}
        results.update(reconcile(server, batch))
    right = sum(bool(results[f"q{i}"]) and results[f"q{i}"][0]["id"] == row["expected"] for i, row in enumerate(rows))
    wrong = [row["name"] for i, row in enumerate(rows)
             for c in results[f"q{i}"] if c["match"] and c["id"] != row["expected"]]
    assert right / len(rows) >= 0.95 and wrong == []
    # the same matcher as the command: 駐粵辦 scores 99 (exact, an alternative name of an HKSAR office)
    first = next(i for i, row in enumerate(rows) if row["name"] == "駐粵辦")
    assert (results[f"q{first}"][0]["score"], results[f"q{first}"][0]["match"]) == (99.0, True)


def test_candidates_carry_name_type_description_and_features(server: Server):
    """A candidate: id, name in the script asked in, its kind, what it is under, score, features, match."""
    result = reconcile(server, {"q0": {"query": "駐粵辦"}, "q1": {"query": "Guangdong ETO"}})
    best = result["q0"][0]
    assert best["id"] == "office/gdeto" and best["name"] == "香港特別行政區政府駐粵經濟貿易辦事處"
    assert best["type"] == [{"id": "hkg:EconomicAndTradeOffice", "name": "經濟貿易辦事處"}]
    assert best["description"] == "經濟貿易辦事處，屬政制及內地事務局"
    features = {f["id"]: f["value"] for f in best["features"]}
    assert features["name_exact"] is True and features["alternative_name"] is True
    assert features["hksar_government"] is True
    words = result["q1"][0]
    assert words["id"] == "office/gdeto" and words["name"] == "Hong Kong Economic and Trade Office in Guangdong"
    assert words["match"] is False and 25 <= words["score"] <= 60


def test_type_property_and_limit(server: Server):
    """入境事務組 is four divisions (no match); a parent narrows it to one; a type and a limit narrow too."""
    result = reconcile(server, {
        "shared": {"query": "入境事務組"},
        "parent": {"query": "入境事務組", "properties": [{"pid": "parent", "v": "GDETO"}]},
        "parent_id": {"query": "入境事務組", "properties": [{"pid": "org:unitOf", "v": {"id": "office/sheto"}}]},
        "typed": {"query": "駐京辦", "type": "hkg:MainlandOffice"},
        "limited": {"query": "駐京辦", "limit": 1},
        "strict_all": {"query": "駐京辦", "type": ["hkg:BeijingOffice", "hkg:ProvincialBeijingOffice"],
                       "type_strict": "all"},
        "by_region": {"properties": [{"pid": "regions", "v": ["江西"]}], "type": "hkg:MainlandOffice"},
    })
    assert len([c for c in result["shared"] if c["score"] == 100]) == 4
    assert not any(c["match"] for c in result["shared"])
    assert [(c["id"], c["match"]) for c in result["parent"]] == [("division/gdeto-immigration", True)]
    assert [c["id"] for c in result["parent_id"]] == ["division/sheto-immigration"]
    assert [(c["id"], c["match"]) for c in result["typed"]] == [("office/bjo", True)]
    assert [c["id"] for c in result["limited"]] == ["office/bjo"]
    assert [c["id"] for c in result["strict_all"]] == ["office/bjo"]
    assert [c["id"] for c in result["by_region"]] == ["office/gdeto"]  # Jiangxi: served from Guangdong (003)


def test_a_kind_name_alone_is_never_matched(server: Server):
    """經濟貿易辦事處 (the kind, in either script) is no short form of 香港經濟貿易辦事處: candidates, no match."""
    # 001: **香港經濟貿易辦事處**（簡稱**香港經貿辦**…）…駐海外經貿辦則隸屬商務及經濟發展局: the name is the Mainland
    # ETOs' as a group, and 經濟貿易辦事處 alone is any ETO, Mainland (the four listed in 001) or overseas
    result = reconcile(server, {"hant": {"query": "經濟貿易辦事處"}, "hans": {"query": "经济贸易办事处"},
                                "group": {"query": "香港經濟貿易辦事處"}})
    for key in ("hant", "hans"):
        assert "office/mainland-etos" in [c["id"] for c in result[key]], key
        assert not any(c["match"] for c in result[key]), key
        assert all(c["score"] < 80 for c in result[key]), key
    assert (result["group"][0]["id"], result["group"][0]["score"], result["group"][0]["match"]) \
        == ("office/mainland-etos", 100.0, True)


def test_a_generic_short_form_is_never_matched(server: Server):
    """經貿辦 (any ETO's short form) is no short form of 香港經貿辦 alone: candidates, no match."""
    # 001: **香港經濟貿易辦事處**（簡稱**香港經貿辦**…）, and …駐海外經貿辦則隸屬商務及經濟發展局: the
    # overseas ones are 經貿辦 too, as is the Guangdong ETO (003: 簡稱…**駐粵經貿辦**)
    result = reconcile(server, {"hant": {"query": "經貿辦"}, "hans": {"query": "经贸办"},
                                "group": {"query": "香港經貿辦"}})
    for key in ("hant", "hans"):
        assert "office/mainland-etos" in [c["id"] for c in result[key]], key
        assert not any(c["match"] for c in result[key]) and all(c["score"] < 80 for c in result[key]), key
    assert (result["group"][0]["id"], result["group"][0]["match"]) == ("office/mainland-etos", True)


def test_an_ended_bureau_says_when_it_ended(server: Server):
    """政制事務局 is described as ended in 2007, the year the sources give, in the script asked; CMAB is not."""
    # 002: 政制事務局於 2007 年正式改名為政制及內地事務局 (000 dates the move 2007年7月1日; the end is some day in 2007)
    result = reconcile(server, {"hant": {"query": "政制事務局"}, "en": {"query": "Constitutional Affairs Bureau"},
                                "now": {"query": "CMAB"}})
    assert (result["hant"][0]["id"], result["hant"][0]["description"]) == ("bureau/cab", "決策局（2007年結束）")
    assert (result["en"][0]["id"], result["en"][0]["description"]) == ("bureau/cab", "Policy bureau (ended in 2007)")
    assert result["now"][0]["id"] == "bureau/cmab" and "ended" not in result["now"][0]["description"]


def test_a_proposed_bureau_says_proposed(server: Server):
    """工商及產業局, only proposed in the LegCo paper, says so in its candidate and its suggestion."""
    # 002: 改組後將由財政司副司長領導工商及產業局負責整體統籌和協調 (the reorganisation the paper proposes)
    result = reconcile(server, {"q0": {"query": "工商及產業局"}})
    assert (result["q0"][0]["id"], result["q0"][0]["description"]) == ("bureau/commerce-industry", "決策局（建議中）")
    suggested = get_json(server, "/reconcile/en/suggest/entity", prefix="Commerce and Industries")
    validate("suggest-entities-response", suggested)
    assert suggested["result"][0]["id"] == "bureau/commerce-industry"
    assert suggested["result"][0]["description"] == "Policy bureau (proposed)"


def test_scores_stay_between_0_and_100(server: Server):
    """A misspelt name of another type, with type_strict should, is still scored from 0 to 100, never below."""
    queries = {f"q{i}": {"query": name, "type": "hkg:LiaisonUnit", "type_strict": "should", "limit": 100}
               for i, name in enumerate(["Beijng Ofice", "駐京辨", "Shanghia offce", "駐粵辦"])}
    scores = [c["score"] for result in reconcile(server, queries).values() for c in result]
    assert scores and all(0 <= s <= 100 for s in scores)


def test_the_government_prefix_before_a_name_beginning_with_s(server: Server):
    """HKSAR Government + Shenzhen Liaison Unit is the unit without the prefix (80, matched), as for Beijing Office."""
    # 003: 而駐深圳聯絡處向在深圳的港商…; 001: …四個聯絡處，分別位於遼寧瀋陽、山東濟南…
    result = reconcile(server, {"shenzhen": {"query": "HKSAR Government Shenzhen Liaison Unit"},
                                "shandong": {"query": "Hong Kong SAR Government's Shandong Liaison Unit"},
                                "beijing": {"query": "HKSAR Government Beijing Office"}})
    assert [(r[0]["id"], r[0]["score"], r[0]["match"]) for r in result.values()] == [
        ("liaison-unit/shenzhen", 80.0, True), ("liaison-unit/shandong", 80.0, True), ("office/bjo", 79.0, True)]


def test_a_blank_name_has_no_candidates_and_the_batch_is_answered(server: Server):
    """An empty or blank query (a cell of spaces) gives no candidates; the other queries of its batch are answered."""
    result = reconcile(server, {"empty": {"query": ""}, "spaces": {"query": "   "}, "q0": {"query": "CMAB"}})
    assert result["empty"] == [] and result["spaces"] == []
    assert result["q0"][0]["id"] == "bureau/cmab"


def test_a_blank_property_value_is_no_condition(server: Server):
    """A blank cell in a property column leaves the query as if it had no such property, not without candidates."""
    # 001: 除駐武漢辦事處，其他各辦事處也設立了入境事務組: the name stays shared, as without a parent
    result = reconcile(server, {"none": {"query": "入境事務組"},
                                "blank": {"query": "入境事務組", "properties": [{"pid": "parent", "v": "  "}]},
                                "listed": {"query": "入境事務組", "properties": [{"pid": "founded", "v": ["", " "]}]}})
    assert result["blank"] == result["none"] and result["listed"] == result["none"]
    assert len([c for c in result["none"] if c["score"] == 100]) == 4


def test_get_gives_the_same_answer_as_post(server: Server):
    """queries= in the query string answers as the form does."""
    queries = json.dumps({"q0": {"query": "CMAB"}})
    by_get = get_json(server, "/reconcile", queries=queries)
    _, _, body = post(server, "/reconcile", queries=queries)
    assert by_get == json.loads(body) and by_get["q0"]["result"][0]["id"] == "bureau/cmab"


@pytest.mark.parametrize(("queries", "status", "message"), [
    ("{not json", 400, "queries is not JSON"),
    ('["駐粵辦"]', 400, "a JSON object"),
    ('{"q0": {"query": "駐粵辦", "type": "hkg:Spaceship"}}', 400, "unknown type 'hkg:Spaceship'"),
    ('{"q0": {"query": "駐粵辦", "limit": 0}}', 400, "limit must be a whole number"),
    ('{"q0": {"query": "駐粵辦", "properties": [{"pid": "colour", "v": "red"}]}}', 400, "unknown property 'colour'"),
    ('{"q0": {"limit": 3}}', 400, "give a 'query' or some 'properties'"),
    ('{"q0": {"quer": "x"}}', 400, "unknown field 'quer'"),
    (json.dumps({f"q{i}": {"query": "x"} for i in range(101)}), 413, "send at most 100"),
    # each value is matched as a name: 100 x 6 of them is too much work for one request
    (json.dumps({f"q{i}": {"query": "x", "properties": [{"pid": "parent", "v": [f"unit {i}-{j}" for j in range(6)]}]}
                 for i in range(100)}), 413, "600 different property values in one batch; send at most 500"),
])
def test_bad_queries_are_refused_with_a_reason(server: Server, queries: str, status: int, message: str):
    """A batch the service cannot answer is a 4xx with a JSON error naming what is wrong."""
    got, headers, body = post(server, "/reconcile", queries=queries)
    assert got == status and headers["content-type"].startswith("application/json")
    assert message in json.loads(body)["error"]


def test_a_full_batch_with_many_property_values_is_answered(server: Server):
    """100 queries, each with 5 parent names (401 different values, under the 500 a batch may have), are answered."""
    # 001: 除駐武漢辦事處，其他各辦事處也設立了入境事務組 (every office but Wuhan has one; GDETO's is one division)
    queries = {f"q{i}": {"query": "入境事務組", "properties": [
        {"pid": "parent", "v": ["GDETO", *(f"不存在的辦事處{i}-{j}" for j in range(4))]}]} for i in range(100)}
    result = reconcile(server, queries)
    assert {tuple(c["id"] for c in candidates) for candidates in result.values()} == {("division/gdeto-immigration",)}


# -- Suggest --

def test_suggest_entity(server: Server):
    """Suggest by the beginning of a name: 駐粵 gives the Guangdong office first; a cursor pages on."""
    answer = get_json(server, "/reconcile/suggest/entity", prefix="駐粵")
    validate("suggest-entities-response", answer)
    first = answer["result"][0]
    assert first["id"] == "office/gdeto" and first["notable"] == [
        {"id": "hkg:EconomicAndTradeOffice", "name": "經濟貿易辦事處"}]
    page = get_json(server, "/reconcile/suggest/entity", prefix="駐", cursor="10")
    assert page["result"] and page["result"][0]["id"] not in {
        r["id"] for r in get_json(server, "/reconcile/suggest/entity", prefix="駐")["result"]}
    assert get_json(server, "/reconcile/suggest/entity", prefix="office/bjo")["result"][0]["id"] == "office/bjo"


def test_suggest_property_and_type(server: Server):
    """Suggest the seven properties and the classes by their names, in English or Chinese."""
    properties = get_json(server, "/reconcile/suggest/property", prefix="reg")
    validate("suggest-properties-response", properties)
    assert [p["id"] for p in properties["result"]] == ["regions"]
    assert get_json(server, "/reconcile/suggest/property", prefix="首長")["result"][0]["id"] == "head"
    types = get_json(server, "/reconcile/suggest/type", prefix="Liaison")
    validate("suggest-types-response", types)
    assert types["result"][0]["id"] == "hkg:LiaisonUnit"
    assert get_json(server, "/reconcile/suggest/type", prefix="決策局")["result"][0]["id"] == "hkg:PolicyBureau"


# -- Data extension --

def test_propose_properties(server: Server):
    """For a Mainland office every property has values; a limit cuts the list."""
    answer = get_json(server, "/reconcile/properties", type="hkg:MainlandOffice")
    validate("data-extension-property-proposal", answer)
    assert [p["id"] for p in answer["properties"]] == ["kind", "parent", "bureau", "regions", "founded", "head",
                                                        "sources"]
    limited = get_json(server, "/reconcile/properties", type="hkg:MainlandOffice", limit="2")
    validate("data-extension-property-proposal", limited)
    assert len(limited["properties"]) == 2 and limited["limit"] == 2


def extend(server: Server, request: dict[str, object], path: str = "/reconcile") -> dict:
    validate("data-extension-query", request)
    status, _, body = post(server, path, extend=json.dumps(request))
    assert status == 200, body
    answer = json.loads(body)
    validate("data-extension-response", answer)
    return answer


def test_data_extension(server: Server):
    """Kind, parent, bureau, regions, founding date and sources of GDETO and the Beijing Office, from the seeds."""
    props = ["kind", "parent", "bureau", "regions", "founded", "sources"]
    answer = extend(server, {"ids": ["office/gdeto", ns.ID + "office/bjo", "office/nowhere"],
                             "properties": [{"id": p} for p in props]})
    assert [m["id"] for m in answer["meta"]] == props
    assert answer["meta"][3] == {"id": "regions", "name": "regions served",
                                 "type": {"id": "hkg:ProvincialLevelRegion", "name": "Provincial-level region"}}
    gdeto = answer["rows"]["office/gdeto"]
    assert gdeto["kind"] == [{"str": "Economic and Trade Office"}]
    assert gdeto["bureau"] == [{"id": "bureau/cmab", "name": "Constitutional and Mainland Affairs Bureau"}]
    assert [v["id"] for v in gdeto["regions"]] == ["region/fujian", "region/guangdong", "region/guangxi",
                                                  "region/hainan", "region/jiangxi"]  # 003: the five provinces
    assert gdeto["founded"] == [{"str": "2002-07"}]  # 003: 成立於2002年7月
    assert {"str": ns.GRAPH + "wikipedia-guangdong-eto"} in gdeto["sources"]
    assert answer["rows"][ns.ID + "office/bjo"]["founded"] == [{"str": "1999"}]  # 000: 成立於1999年
    assert answer["rows"]["office/nowhere"] == {p: [] for p in props}


def test_data_extension_head_as_of_a_date(server: Server):
    """Heads of the Beijing Office (000): 曹萬泰 as of 2010 (named in the setting's language); on 2012-07-18, the
    day one term ended and the next began, both; by default, on the graph's reference date, not 曹萬泰."""

    def heads(settings: dict[str, str] | None) -> list[dict[str, str]]:
        column = {"id": "head", "settings": settings} if settings is not None else {"id": "head"}
        return extend(server, {"ids": ["office/bjo"], "properties": [column]})["rows"]["office/bjo"]["head"]

    assert heads({"as_of": "2010", "lang": "zh-Hant"}) == [{"id": "person/tso-man-tai", "name": "曹萬泰"}]
    assert [v["id"] for v in heads({"as_of": "2012-07-18"})] == ["person/chu-man-ling", "person/tso-man-tai"]
    now = heads(None)
    assert len(now) == 1 and now[0]["id"] != "person/tso-man-tai"


def test_an_extension_of_too_many_properties_is_413(server: Server):
    """More than 50 properties in one data extension request is refused, saying how many may be sent."""
    request_ = {"ids": ["office/bjo"], "properties": [{"id": "head", "settings": {"as_of": str(1950 + i)}}
                                                      for i in range(51)]}
    status, headers, body = post(server, "/reconcile", extend=json.dumps(request_))
    assert status == 413 and headers["content-type"].startswith("application/json")
    assert json.loads(body)["error"] == "51 properties in one request; send at most 50"


def test_a_head_not_certainly_in_office_says_how_sure(server: Server):
    """A head whose term may have ended, or on a date no source speaks of, carries the time model's word and reason."""
    # 000: 梁寶榮（1999年─2005年）, 曹萬泰（2006年4月30日─2012年7月18日）, 梁志仁（2019年1月21日－）, the latest source
    def heads(as_of: str) -> list[dict[str, str]]:
        column = {"id": "head", "settings": {"as_of": as_of, "lang": "en"}}
        return extend(server, {"ids": ["office/bjo"], "properties": [column]})["rows"]["office/bjo"]["head"]

    # his last day was some day in 2005: on 1 December he may already have gone (docs/time-model.md, example 1)
    assert heads("2005-12-01") == [{"id": "person/leung-po-wing", "name": "梁寶榮",
                                    "description": "possibly in force on 2005-12-01 (end uncertain)"}]
    assert heads("2010") == [{"id": "person/tso-man-tai", "name": "曹萬泰"}]  # certain: no description
    assert heads("2030") == [{"id": "person/leung-chi-yan", "name": "梁志仁",
                              "description": "possibly in force on 2030 (last attested 2019-01-21)"}]


@pytest.mark.parametrize(("request_", "message"), [
    ({"ids": ["office/bjo"], "properties": [{"id": "colour"}]}, "unknown property 'colour'"),
    ({"ids": ["office/bjo"], "properties": [{"id": "head", "settings": {"as_of": "2010-13"}}]}, "is not a date"),
    ({"ids": "office/bjo", "properties": []}, "extend must be"),
])
def test_bad_extension_is_400(server: Server, request_: dict, message: str):
    """A property or setting the service does not know is a 400 naming it."""
    status, _, body = post(server, "/reconcile", extend=json.dumps(request_))
    assert status == 400 and message in json.loads(body)["error"]


# -- Preview and view --

def test_preview_is_the_profile_in_a_small_frame(server: Server):
    """The preview: HTML naming the office in the language asked, its summary, links out; frameable anywhere."""
    status, headers, body = get(server, "/reconcile/zh-Hant/preview", id="office/gdeto")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "frame-ancestors *" in headers["content-security-policy"]
    html = body.decode()
    assert "<h1><a href=\"" + server.url + "/id/office/gdeto.zh-Hant.html\"" in html
    assert "香港特別行政區政府駐粵經濟貿易辦事處" in html and "Hong Kong Economic and Trade Office in Guangdong" in html
    assert '<base target="_blank">' in html
    assert re.search(r'href="http://127\.0\.0\.1:\d+/id/bureau/cmab\.zh-Hant\.html"', html)  # its bureau, linked
    css_status, css_headers, _ = get(server, "/reconcile/preview.css")
    assert css_status == 200 and css_headers["content-type"].startswith("text/css")
    # the site's own pages keep refusing to be framed
    assert "frame-ancestors 'none'" in get(server, "/index.html")[1]["content-security-policy"]


def test_preview_of_nothing_is_404_without_echoing_markup(server: Server):
    """An unknown id is a JSON 404; what was asked is quoted, never written as HTML."""
    status, headers, body = get(server, "/reconcile/preview", id="<script>alert(1)</script>")
    assert status == 404 and headers["content-type"].startswith("application/json")
    assert json.loads(body)["error"] == "no entity '<script>alert(1)</script>'"


def test_view_redirects_to_the_page(server: Server):
    """The view URL (the id percent-encoded, as clients send it) is a 303 to the resource."""
    status, headers, _ = server.request("GET", "/reconcile/view?id=" + quote("office/bjo", safe=""))
    assert status == 303 and headers["Location"] == server.url + "/id/office/bjo"


# -- CORS and JSONP --

def test_cors_on_every_answer_and_preflight(server: Server):
    """Any origin may call every endpoint, errors included; OPTIONS answers the preflight."""
    for path in ("/reconcile", "/reconcile/suggest/type?prefix=x", "/reconcile/preview?id=office/bjo",
                 "/reconcile?queries=nonsense"):
        _, headers, _ = server.request("GET", path, {"Origin": "http://127.0.0.1:3333"})
        assert headers["Access-Control-Allow-Origin"] == "*", path
    status, headers, _ = server.request("OPTIONS", "/reconcile", {
        "Origin": "http://127.0.0.1:3333", "Access-Control-Request-Method": "POST"})
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_jsonp(server: Server):
    """callback=NAME wraps the JSON as a JavaScript call; the JSON inside is the same answer."""
    status, headers, body = get(server, "/reconcile/suggest/entity", prefix="GDETO", callback="jQuery123_456.cb")
    assert status == 200 and headers["content-type"] == "application/javascript; charset=utf-8"
    text = body.decode()
    assert text.startswith("/**/jQuery123_456.cb(") and text.endswith(");")
    inner = json.loads(text[len("/**/jQuery123_456.cb("):-2])
    assert inner == get_json(server, "/reconcile/suggest/entity", prefix="GDETO")


@pytest.mark.parametrize("callback", ["alert(1)//", "a b", "1abc", "x" * 200, "cb;evil", ""])
def test_jsonp_callback_must_be_an_identifier(server: Server, callback: str):
    """A callback that is not a JavaScript identifier is refused, as JSON, never echoed as script."""
    status, headers, body = get(server, "/reconcile", callback=callback)
    assert status == 400 and headers["content-type"].startswith("application/json")
    assert "callback" in json.loads(body)["error"]


# -- Pages on demand --

def test_the_service_runs_with_pages_on_demand(nquads: Path, tmp_path: Path):
    """`serve --on-demand` (no published folder) offers the same service, from the model its pages are made from."""
    running = start_server(tmp_path / "unused", "--on-demand", "--input", str(nquads))
    try:
        manifest = get_json(running, "/reconcile")
        validate("manifest", manifest)
        result = reconcile(running, {"q0": {"query": "駐粵辦"}})
        assert (result["q0"][0]["id"], result["q0"][0]["match"]) == ("office/gdeto", True)
        status, _, body = get(running, "/reconcile/preview", id="office/gdeto")
        assert status == 200 and b"Hong Kong Economic and Trade Office in Guangdong" in body
    finally:
        stop_server(running)
