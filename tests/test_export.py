"""The graph views, their as-of filtering, every export format and the export command.

Expected nodes and edges are facts from the seed documents, written by hand:
the Guangdong ETO has three liaison units (Fujian, Shenzhen, Guangxi; seeds
001 and 003), the Beijing Office serves ten regions (seed 000), the Beijing
Office answered to the Constitutional Affairs Bureau until 1 July 2007 and to
the Constitutional and Mainland Affairs Bureau from then on (seed 000), and so on.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from export_helpers import (
    EVIL_OFFICE,
    EVIL_UNIT,
    HOSTILE,
    HOSTILE_UNIT,
    attribute_names,
    expected,
    read_cytoscape,
    read_dot,
    read_gexf,
    read_graphml_igraph,
    read_graphml_networkx,
    read_node_link,
    write_hostile_data,
)
from hkgov_graph.cli import main
from hkgov_graph.errors import InputError, UsageError
from hkgov_graph.export import formats
from hkgov_graph.export.viewer import VENDOR_SCRIPTS, escape_json_for_script
from hkgov_graph.export.views import (
    EDGE_ATTRIBUTES,
    FORMATS,
    NODE_ATTRIBUTES,
    VIEWS,
    build_view,
    export,
    open_store,
    read_facts,
    views_at,
)
from hkgov_graph.graph.load import load_dataset
from hkgov_graph.temporal.dates import parse_as_of, parse_period

ID = "https://w3id.org/hkgov-graph/id/"
BJO, GDETO, SHETO, CDETO, WHETO = (ID + f"office/{o}" for o in ("bjo", "gdeto", "sheto", "cdeto", "wheto"))
CAB, CMAB, CEDB = ID + "bureau/cab", ID + "bureau/cmab", ID + "bureau/cedb"
HKSAR = ID + "government/hksar"
UNIT = ID + "liaison-unit/"
REGION = ID + "region/"
GRAPH = "https://w3id.org/hkgov-graph/graph/"
VENDOR = Path(__file__).resolve().parents[1] / "src" / "hkgov_graph" / "export" / "viewer" / "vendor"


@pytest.fixture(scope="session")
def views(nquads: Path) -> dict[str, nx.Graph]:
    """The four views in force now, from the built dump."""
    return views_at(nquads)


@pytest.fixture(scope="session")
def store(nquads: Path):
    return open_store(nquads)


def units_of(graph: nx.Graph, office: str) -> set[str]:
    return {v for _, v, k in graph.out_edges(office, keys=True)
            if k == "unit-of" and graph.nodes[v]["kind"] == "LiaisonUnit"}


def parents(graph: nx.Graph, node: str, kind: str) -> set[str]:
    return {u for u, _, k in graph.in_edges(node, keys=True) if k == kind}


# -- The reporting view --

def test_guangdong_eto_has_three_liaison_units(views):
    """The Guangdong ETO's liaison units are Fujian, Shenzhen and Guangxi."""
    assert units_of(views["reporting"], GDETO) == {UNIT + "fujian", UNIT + "shenzhen", UNIT + "guangxi"}


def test_liaison_units_of_each_office(views):
    """Two liaison units under each of the other four offices (seeds 000 and 001)."""
    g = views["reporting"]
    assert units_of(g, BJO) == {UNIT + "liaoning", UNIT + "tianjin"}
    assert units_of(g, SHETO) == {UNIT + "shandong", UNIT + "zhejiang"}
    assert units_of(g, CDETO) == {UNIT + "chongqing", UNIT + "shaanxi"}
    assert units_of(g, WHETO) == {UNIT + "hunan", UNIT + "henan"}


def test_beijing_office_has_three_divisions(views):
    """The Beijing Office has three divisions (seed 000)."""
    g = views["reporting"]
    divisions = {v for _, v, k in g.out_edges(BJO, keys=True) if g.nodes[v]["kind"] == "Division"}
    assert len(divisions) == 3


def test_edge_kinds_told_apart(views):
    """CMAB both administers the Beijing Office and gives it policy guidance: two edges, two kinds."""
    g = views["reporting"]
    assert isinstance(g, nx.DiGraph)
    assert set(g[CMAB][BJO]) == {"administrative", "policy-guidance"}
    assert set(g[CEDB][BJO]) == {"policy-guidance"}
    assert set(g[HKSAR][CMAB]) == {"unit-of"}
    assert g[CMAB][BJO]["administrative"]["kind"] == "administrative"


def test_edge_words_read_along_the_arrow(views):
    """Edges point from the superior to the subordinate, so their words say what the superior does."""
    g = views["reporting"]
    administers = g[CMAB][BJO]["administrative"]
    assert (administers["label_en"], administers["label_zh_hant"], administers["label_zh_hans"]) == (
        "administers", "管轄", "管辖")
    has_unit = g[GDETO][UNIT + "fujian"]["unit-of"]
    assert (has_unit["label_en"], has_unit["label_zh_hant"], has_unit["label_zh_hans"]) == (
        "has unit", "轄下單位", "辖下单位")
    assert g[CEDB][BJO]["policy-guidance"]["label_en"] == "gives policy guidance to"
    tiers = [a for _, _, k, a in views["cooperation"].edges(keys=True, data=True) if k == "tier"]
    assert tiers and {a["label_en"] for a in tiers} == {"has tier"}


def test_policy_guidance_from_cedb(views):
    """CEDB gives policy guidance to the four offices the LegCo paper lists (not Wuhan)."""
    g = views["reporting"]
    assert {v for _, v, k in g.out_edges(CEDB, keys=True) if k == "policy-guidance"} == {BJO, GDETO, SHETO, CDETO}


def test_proposed_bureau_never_in_reporting(views, store):
    """The proposed 工商及產業局 of 2012 is not part of the structure, at any time."""
    assert ID + "bureau/commerce-industry" not in views["reporting"]
    assert ID + "bureau/commerce-industry" not in build_view(store, "reporting", "all")


def test_as_of_2005_beijing_office_under_cab(store):
    """In 2005 the Beijing Office answered to the Constitutional Affairs Bureau; CMAB did not exist yet."""
    g = build_view(store, "reporting", "2005")
    assert parents(g, BJO, "administrative") == {CAB}
    assert CMAB not in g


def test_as_of_transfer_day(store):
    """On 2007-07-01 the line to CAB has ended and the one to CMAB has begun (an end is exclusive)."""
    g = build_view(store, "reporting", "2007-07-01")
    assert parents(g, BJO, "administrative") == {CMAB}
    before = build_view(store, "reporting", "2007-06-30")
    assert parents(before, BJO, "administrative") == {CAB}


def test_as_of_today_is_the_calendars_date_as_the_questions_take_it(store):
    """--as-of today is the calendar's date (query --as-of today takes it so); it was refused as malformed."""
    from datetime import date

    g = build_view(store, "reporting", "today")
    assert g.graph["as_of_date"] == date.today().isoformat()
    assert g.graph["as_of"] == date.today().isoformat()


def test_guangdong_eto_line_to_cmab_in_force_2010_as_network_as_of_says(store):
    """In 2010 the Guangdong ETO's administrative line to CMAB is in force, as network-as-of answers, not "possibly"."""
    # seed 003: 該部門成立於2002年7月; seed 001: 香港經濟貿易辦事處原隸屬政制事務局，2007年7月1日決策局重組後
    # 劃入新成立的政制及內地事務局 (the Mainland ETOs, the Guangdong ETO among them, under CMAB from 2007-07-01)
    g = build_view(store, "reporting", "2010")
    assert g[CMAB][GDETO]["administrative"]["as_of_status"] == "in force"
    assert g[CMAB][GDETO]["administrative"]["start_latest"] == "2007-07-01"


def test_guangdong_eto_line_to_cmab_not_before_the_transfer(store):
    """On 2007-06-30 the Guangdong ETO has no line to CMAB, which did not exist yet."""
    # seed 000 / 001: 2007年7月1日決策局重組後劃入新成立的政制及內地事務局
    assert CMAB not in parents(build_view(store, "reporting", "2007-06-30"), GDETO, "administrative")


def test_as_of_now_drops_ended_lines_and_renamed_bureau(views):
    """Now: no line to CAB, and CAB itself (renamed in 2007) is gone."""
    assert CAB not in views["reporting"]
    assert parents(views["reporting"], BJO, "administrative") == {CMAB}


def test_founding_day_precision(store):
    """The Liaoning unit, founded 2015-04-27, is out the day before and in on the day."""
    assert UNIT + "liaoning" not in build_view(store, "reporting", "2015-04-26")
    assert UNIT + "liaoning" in build_view(store, "reporting", "2015-04-27")


def test_founding_coarse_as_of(store):
    """A year or month as of date means "at some time in it": the Liaoning unit is in for 2015, out for 2015-03."""
    assert UNIT + "liaoning" in build_view(store, "reporting", "2015")
    assert UNIT + "liaoning" not in build_view(store, "reporting", "2015-03")


def test_month_precision_founding(store):
    """The Fujian unit (founded February 2012) is out in January 2012 and in during February 2012."""
    assert UNIT + "fujian" not in build_view(store, "reporting", "2012-01-31")
    assert UNIT + "fujian" in build_view(store, "reporting", "2012-02-01")


def test_tianjin_unit_2016(store):
    """As of 2016-01-01 the Tianjin unit (operating from 2017-02-17) is not there yet."""
    g = build_view(store, "reporting", "2016-01-01")
    assert UNIT + "liaoning" in g
    assert UNIT + "tianjin" not in g


def test_unknown_founding_stays_in(store):
    """The Shenzhen unit has no founding date: it stays in, with status unknown, while its office exists."""
    g = build_view(store, "reporting", "2005")
    assert g.nodes[UNIT + "shenzhen"]["founding_status"] == "unknown"


def test_units_go_with_their_office(store):
    """In 1998 there is no Beijing Office (1999), so neither are its divisions."""
    g = build_view(store, "reporting", "1998")
    assert BJO not in g
    assert not [n for n, a in g.nodes(data=True) if a["kind"] == "Division" and "bjo" in n]


def test_all_times_keeps_every_line_with_its_dates(store):
    """'all' keeps the ended line to CAB and says when it ended."""
    g = build_view(store, "reporting", "all")
    assert g[CAB][BJO]["administrative"]["valid_until"] == "2007-07-01"
    assert g[CMAB][BJO]["administrative"]["during"] == ""  # also stated without an interval


def test_same_views_from_sources_and_dump(nquads, dataset):
    """The views ignore the inferred graph: from the sources and from the built dump they are the same."""
    for view in VIEWS:
        assert expected(build_view(dataset, view)) == expected(build_view(nquads, view)), view


def test_node_and_edge_attributes_are_scalar(views):
    """Every node and edge has the documented attributes, all scalars."""
    for name, g in views.items():
        for n, a in g.nodes(data=True):
            assert set(NODE_ATTRIBUTES) <= set(a), (name, n)
            assert all(isinstance(v, str | int | float | bool) for v in a.values())
            assert a["id"] == n
        for *_, a in g.edges(keys=True, data=True):
            assert set(EDGE_ATTRIBUTES) <= set(a)
            assert all(isinstance(v, str | int | float | bool) for v in a.values())


def test_labels_and_sources(views):
    """The Beijing Office carries both Chinese scripts and English, and the documents that describe it."""
    a = views["reporting"].nodes[BJO]
    assert a["kind"] == "BeijingOffice"
    assert a["label_zh_hant"] == "香港特別行政區政府駐北京辦事處"
    assert a["label_zh_hans"] == "香港特别行政区政府驻北京办事处"
    assert a["label_en"].startswith("Office of the Government of the Hong Kong Special Administrative Region")
    assert a["founding_date"] == "1999"
    assert GRAPH + "wikipedia-beijing-office" in a["source"].split()


# -- The coverage view --

def regions_of(graph: nx.Graph, office: str, via: str | None = None) -> set[str]:
    return {v if u == office else u for u, v, d in graph.edges(office, data=True) if via in (None, d["kind"])}


def test_beijing_office_serves_ten_regions(views):
    """The Beijing Office serves ten regions (seed 000: 京津冀遼吉黑蒙新甘寧)."""
    g = views["coverage"]
    served = {REGION + r for r in ("beijing", "tianjin", "hebei", "liaoning", "jilin", "heilongjiang",
                                   "inner-mongolia", "xinjiang", "gansu", "ningxia")}
    assert regions_of(g, BJO, "direct") == served
    assert regions_of(g, BJO) == served


def test_guangdong_eto_serves_five_regions(views):
    """The Guangdong ETO serves Fujian, Jiangxi, Guangdong, Guangxi and Hainan (seed 003)."""
    served = {REGION + r for r in ("fujian", "jiangxi", "guangdong", "guangxi", "hainan")}
    assert regions_of(views["coverage"], GDETO, "direct") == served


def test_coverage_through_liaison_units(views):
    """The Shanghai ETO reaches Shandong and Zhejiang through its units in Jinan and Hangzhou (seed 001)."""
    g = views["coverage"]
    assert regions_of(g, SHETO, "liaison-unit") == {REGION + "shandong", REGION + "zhejiang"}
    assert g.has_edge(SHETO, REGION + "shandong", key=f"liaison-unit:{UNIT}shandong")


def test_coverage_is_bipartite(views):
    """Offices on one side, the 34 provincial-level regions on the other."""
    g = views["coverage"]
    offices = {n for n, a in g.nodes(data=True) if a["bipartite"] == 0}
    regions = {n for n, a in g.nodes(data=True) if a["bipartite"] == 1}
    assert offices == {BJO, GDETO, SHETO, CDETO, WHETO}
    assert len(regions) == 34
    assert nx.is_bipartite(g)
    assert all((u in offices) != (v in offices) for u, v in g.edges())


def test_coverage_as_of_drops_unit_edges(store):
    """Before the Liaoning unit (2015) the Beijing Office still serves Liaoning, but not through a unit."""
    g = build_view(store, "coverage", "2014")
    assert not g.has_edge(BJO, REGION + "liaoning", key=f"liaison-unit:{UNIT}liaoning")
    assert g.has_edge(BJO, REGION + "liaoning", key="direct")


# -- The cooperation view --

def test_cooperation_mechanisms_and_tiers(views):
    """Seven mechanisms (LegCo paper); the Guangdong–Hong Kong one has three tiers, Shenzhen–Hong Kong two."""
    g = views["cooperation"]
    mechanisms = {n for n, a in g.nodes(data=True) if a["kind"] == "CooperationMechanism"}
    assert len(mechanisms) == 7
    tiers = {v for _, v, k in g.out_edges(ID + "mechanism/guangdong-hong-kong", keys=True) if k == "tier"}
    assert len(tiers) == 3
    shenzhen = {v for _, v, k in g.out_edges(ID + "mechanism/shenzhen-hong-kong", keys=True)
                if k == "tier" and g.nodes[v]["kind"] == "MechanismTier"}
    assert len(shenzhen) == 2


def test_chief_executive_chairs_four_high_level_meetings(views):
    """The Chief Executive chairs the Hong Kong side of the Guangdong, Shanghai, Beijing and Pan-PRD top tiers."""
    g = views["cooperation"]
    chaired = {u for u, _, k in g.in_edges(ID + "post/chief-executive", keys=True) if k == "hong-kong-chair"}
    assert chaired == {ID + f"tier/{m}-high-level" for m in ("guangdong-hong-kong", "shanghai-hong-kong",
                                                              "beijing-hong-kong", "pan-prd")}
    assert (ID + "post/chief-executive", HKSAR, "post-in") in set(g.edges(keys=True))


def test_cooperation_as_of_2000(store):
    """In 2000 only the Guangdong mechanism (1998) exists; the Shanghai one (2003) and its tiers do not."""
    g = build_view(store, "cooperation", "2000")
    assert ID + "mechanism/guangdong-hong-kong" in g
    assert ID + "mechanism/shanghai-hong-kong" not in g
    assert ID + "tier/shanghai-hong-kong-high-level" not in g


# -- The whole view --

def test_whole_has_every_resource_and_statement(views):
    """The whole view has people, sites and events, keyed statements, and no rdf:type edges."""
    g = views["whole"]
    for iri in ("person/leung-po-wing", "site/bjo-di-anmen", "event/2004-jilin-hong-kong-festival"):
        assert ID + iri in g
    assert (ID + "membership/bjo-director-1", ID + "person/leung-po-wing", "org:member") in set(g.edges(keys=True))
    assert not [k for *_, k in g.edges(keys=True) if k == "rdf:type"]
    assert g.nodes[ID + "bureau/commerce-industry"]["status"] == "proposed"


def test_whole_as_of_drops_past_terms_and_their_intervals(store):
    """In 2010 the first director's term (1999–2005) and its interval are gone; the second's is there."""
    g = build_view(store, "whole", "2010")
    first = ID + "membership/bjo-director-1"
    assert first not in g
    assert ID + "membership/bjo-director-2" in g
    all_times = build_view(store, "whole")
    interval = next(v for _, v, k in all_times.out_edges(first, keys=True) if k == "org:memberDuring")
    assert interval not in g
    assert ID + "bureau/commerce-industry" not in g


# -- Dates --

@pytest.mark.parametrize("text", ["2010-13", "2010-02-30", "10", "2010/01", "yesterday", "2010-1", " 2010-01-01x"])
def test_malformed_dates_are_usage_errors(text):
    """A malformed as-of date is a usage error."""
    with pytest.raises(UsageError):
        parse_as_of(text)


def test_periods():
    """Year, month and day values stand for their first and last day."""
    assert parse_period("2012").first == "2012-01-01" and parse_period("2012").last == "2012-12-31"
    assert parse_period("2012-02").last == "2012-02-29"
    assert parse_period("2015-04-27").first == parse_period("2015-04-27").last == "2015-04-27"
    assert parse_period("2002-07Z").text == "2002-07"
    assert parse_as_of(None) is None and parse_as_of("now") is None


# -- Formats: every file reads back to the same nodes, edges and attributes --

READERS = {
    "graphml": [read_graphml_networkx, read_graphml_igraph],
    "gexf": [read_gexf],
    "json": [read_node_link],
    "cytoscape": [read_cytoscape],
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cytoscape", "dot"])
def test_round_trip(views, tmp_path, view, fmt):
    """Written and read back (GraphML by NetworkX and igraph, DOT by Graphviz), a view is unchanged."""
    graph = views[view]
    path = tmp_path / f"{view}.{fmt}"
    path.write_bytes(formats.WRITERS[fmt](graph))
    want_nodes, want_edges = expected(graph)
    if fmt == "dot":
        node_attrs, edge_attrs = attribute_names(graph)
        readers = [lambda p: read_dot(p, node_attrs, edge_attrs)]
    else:
        readers = READERS[fmt]
    for reader in readers:
        got_nodes, got_edges = reader(path)
        assert got_nodes == want_nodes, (view, fmt, reader.__name__)
        assert got_edges == want_edges, (view, fmt, reader.__name__)


@pytest.mark.parametrize("fmt", FORMATS)
def test_deterministic_bytes(nquads, tmp_path, fmt):
    """The same input gives the same bytes (twice through the command line)."""
    outputs = []
    for i in range(2):
        path = tmp_path / f"{i}.out"
        assert main(["export", "coverage", "--format", fmt, "-o", str(path), "--nquads", str(nquads)]) == 0
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_whole_view_html_deterministic(nquads, tmp_path):
    """The whole view's viewer page, with its readable names for unlabelled nodes, is the same bytes twice."""
    pages = []
    for i in range(2):
        export(nquads, "whole", "html", tmp_path / f"{i}.html")
        pages.append((tmp_path / f"{i}.html").read_bytes())
    assert pages[0] == pages[1]
    assert "時段 2012-07-18 至 2014-12-21" in pages[0].decode("utf-8")


def test_gexf_has_no_date_stamp(views):
    """GEXF carries no last-modified date (it would change the bytes every day)."""
    assert b"lastmodifieddate" not in formats.to_gexf(views["reporting"])


def test_graphml_edge_ids_are_unique(views):
    """GraphML edge ids are unique in the document; the NetworkX key is kept as an attribute."""
    root = ET.fromstring(formats.to_graphml(views["coverage"]))
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == len(set(ids)) == views["coverage"].number_of_edges()


def test_dot_quoting():
    """DOT strings escape quotes and backslashes, so a trailing backslash cannot swallow the closing quote."""
    g = nx.MultiDiGraph(name="q")
    g.add_node('a"b\\', label='x\\"; y [z]\n')
    g.add_edge('a"b\\', "c", key="k")
    done = subprocess.run(["dot", "-Tjson"], input=formats.to_dot(g), capture_output=True, check=True)
    names = {o["name"] for o in json.loads(done.stdout)["objects"]}
    assert names == {'a"b\\\\', "c"}  # in DOT, \\ stays as two characters outside escString attributes


# -- Hostile labels --

@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    return load_dataset(write_hostile_data(tmp_path_factory.mktemp("hostile")))


def test_hostile_label_kept_exactly(hostile_store):
    """The views carry a label with markup and quotes exactly as written."""
    g = build_view(hostile_store, "reporting")
    assert g.nodes[EVIL_OFFICE]["label_zh_hant"] == HOSTILE
    assert g.nodes[EVIL_UNIT]["label"] == HOSTILE_UNIT


def test_hostile_label_html(hostile_store, tmp_path):
    """In the HTML viewer the label is data, not markup: escaped JSON that parses back to the label."""
    path = tmp_path / "evil.html"
    export(hostile_store, "reporting", "html", path)
    page = path.read_text(encoding="utf-8")
    assert "alert(1)" in page  # it is there ...
    assert "<script>alert" not in page and "<img src=x" not in page and "<!-- " not in page  # ... but not as markup
    assert "\u2028" not in page
    scripts = 2 + len(VENDOR_SCRIPTS)  # the data, the viewer's own script and one per vendored library
    assert len(re.findall(r"<script\b", page)) == scripts and page.count("</script>") == scripts
    block = re.search(r'<script id="hkg-data" type="application/json">(.*?)</script>', page, re.S)
    data = json.loads(block[1])
    labels = {n["id"]: n["label_zh_hant"] for n in data["nodes"]}
    assert labels[EVIL_OFFICE] == HOSTILE
    assert data["documents"][GRAPH + "hostile"]["title"] == 'Hostile <i>document</i> "title" & co'


def test_escape_json_for_script():
    """Inside <script>, <, >, & and the line separators are written as JSON escapes."""
    text = escape_json_for_script({"a": "</script><b>&\u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><b>&\u2028\u2029"}


def test_hostile_label_xml_formats(hostile_store, tmp_path):
    """GraphML and GEXF escape the label: the XML parses and gives it back; no element named script appears."""
    g = build_view(hostile_store, "reporting")
    for fmt, reader in (("graphml", read_graphml_networkx), ("gexf", read_gexf)):
        path = tmp_path / f"evil.{fmt}"
        path.write_bytes(formats.WRITERS[fmt](g))
        root = ET.parse(path).getroot()
        assert not [e for e in root.iter() if e.tag.endswith("script") or e.tag.endswith("img")]
        nodes, _ = reader(path)
        assert nodes[EVIL_OFFICE]["label_en"] == HOSTILE


def test_hostile_label_dot(hostile_store, tmp_path):
    """DOT quotes the label: Graphviz reads it back exactly and its SVG shows it as escaped text."""
    g = build_view(hostile_store, "reporting")
    path = tmp_path / "evil.dot"
    path.write_bytes(formats.to_dot(g))
    nodes, _ = read_dot(path, {"label", "label_en"}, set())
    assert nodes[EVIL_OFFICE]["label"] == HOSTILE
    svg = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, check=True).stdout.decode()
    assert "<script>" not in svg and "&lt;script&gt;alert(1)" in svg
    ET.fromstring(svg)


# -- The command line --

def test_cli_export_writes_file(nquads, tmp_path, capsys):
    """`hkgov-graph export reporting --format graphml` writes a GraphML file networkx can read."""
    path = tmp_path / "reporting.graphml"
    assert main(["export", "reporting", "--format", "graphml", "-o", str(path), "--nquads", str(nquads)]) == 0
    assert nx.read_graphml(path).number_of_nodes() > 0
    assert "reporting.graphml" in capsys.readouterr().err


def test_cli_format_from_suffix(nquads, tmp_path):
    """The format may come from the output file's suffix."""
    path = tmp_path / "view.gexf"
    assert main(["export", "coverage", "-o", str(path), "--nquads", str(nquads), "--as-of", "2012-05"]) == 0
    assert nx.read_gexf(path).graph  # parses


@pytest.mark.parametrize("argv, message", [
    (["export", "nonsense", "--format", "json"], "unknown view"),
    (["export", "reporting", "--format", "pdf"], "unknown format"),
    (["export", "reporting", "--format", "json", "--as-of", "2010-13"], "malformed date"),
    (["export", "reporting", "--format", "json", "--as-of", "31/12/2010"], "malformed date"),
    (["export", "reporting", "--format", "json", "--nquads", "/nonexistent/x.nq"], "no such N-Quads file"),
    (["stats", "--format", "yaml"], "unknown format"),
])
def test_cli_bad_input(tmp_path, capsys, argv, message):
    """Bad input exits 2 with one line naming the problem, and writes nothing."""
    out = tmp_path / "out.json"
    argv = [*argv, "-o", str(out)] if argv[0] == "export" else argv
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_n_triples_dump_is_refused_not_an_empty_view(nquads, tmp_path, capsys):
    """--nquads on the N-Triples union (no named graphs) is one line and exit 2, not an empty view and exit 0."""
    union = tmp_path / "hkgov-graph.nt"
    union.write_bytes(nquads.with_suffix(".nt").read_bytes())
    out = tmp_path / "view.json"
    assert main(["export", "reporting", "-o", str(out), "--nquads", str(union)]) == 2
    err = capsys.readouterr().err
    assert "no named graphs" in err and err.count("\n") == 1
    assert not out.exists()


def test_cli_failure_leaves_previous_file(nquads, tmp_path):
    """A failed export leaves the previous output as it was."""
    path = tmp_path / "view.json"
    path.write_text("previous", encoding="utf-8")
    assert main(["export", "reporting", "-o", str(path), "--as-of", "2010-99", "--nquads", str(nquads)]) == 2
    assert path.read_text(encoding="utf-8") == "previous"


def test_output_folder_must_exist(tmp_path):
    """Writing into a missing folder is an input error."""
    with pytest.raises(InputError):
        export(None, "reporting", "json", tmp_path / "missing" / "x.json")


def test_output_that_is_a_folder_is_refused(nquads, tmp_path, capsys):
    """`-o FOLDER` with --format is one line and exit 2, not an internal error."""
    assert main(["export", "reporting", "--format", "json", "-o", str(tmp_path), "--nquads", str(nquads)]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and err.count("\n") == 1


def test_output_through_a_symbolic_link_keeps_the_link(nquads, tmp_path):
    """Writing to a symbolic link writes the file it points to; the link stays a link."""
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("previous", encoding="utf-8")
    link.symlink_to(real)
    assert main(["export", "coverage", "-o", str(link), "--nquads", str(nquads)]) == 0
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["graph"]["view"] == "coverage"


def test_output_to_a_pipe_reaches_its_reader(nquads, tmp_path):
    """`-o` a named pipe (as `-o /dev/stdout` in a pipeline) sends the view to the reader; the pipe stays a pipe."""
    import os
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read() -> None:
        with open(pipe, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert main(["export", "coverage", "--format", "json", "-o", str(pipe), "--nquads", str(nquads)]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert received and json.loads(received[0])["graph"]["view"] == "coverage"


def test_installed_console_script(nquads, tmp_path):
    """The installed `hkgov-graph` script exports too."""
    path = tmp_path / "r.dot"
    done = subprocess.run(["hkgov-graph", "export", "reporting", "--format", "dot", "-o", str(path),
                           "--nquads", str(nquads)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8").startswith('digraph "hkgov-graph reporting"')


def test_export_without_dump_reads_sources(tmp_path):
    """Without --nquads the packaged sources are loaded directly."""
    graph = export(None, "coverage", "json", tmp_path / "c.json")
    assert graph.number_of_nodes() == 39


# -- The vendored libraries --

@pytest.mark.parametrize(("name", "licence"), [
    ("cytoscape.min.js", "LICENSE"),
    ("dagre.min.js", "LICENSE-dagre"),
    ("layout-base.js", "LICENSE-layout-base"),
    ("cose-base.js", "LICENSE-cose-base"),
    ("cytoscape-fcose.js", "LICENSE-cytoscape-fcose"),
])
def test_vendored_library_matches_record(name, licence):
    """Each vendored library is the file VENDORED.md describes, with its version and its licence beside it."""
    record = (VENDOR / "VENDORED.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
    assert f"sha256 of `{name}`: `{digest}`" in record
    assert "Permission is hereby granted, free of charge" in (VENDOR / licence).read_text(encoding="utf-8")
    assert f"`{licence}`" in record


def test_every_vendored_file_is_recorded():
    """No file sits in vendor/ without a line in VENDORED.md."""
    record = (VENDOR / "VENDORED.md").read_text(encoding="utf-8")
    for path in VENDOR.iterdir():
        assert path.name == "VENDORED.md" or f"`{path.name}`" in record, path.name


def test_facts_shared_between_views(store):
    """Facts read once serve every view."""
    facts = read_facts(store)
    shared = build_view(store, "reporting", facts=facts)
    assert expected(shared) == expected(build_view(store, "reporting"))
