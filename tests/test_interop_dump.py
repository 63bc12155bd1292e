"""The published dump answers everyday questions in standard terms only.

A client that knows ORG, SKOS, schema.org, OWL-Time, PROV-O and Dublin Core,
and nothing of the project's own vocabulary (no ``hkg:``) nor any reasoner,
loads the dump and asks in plain SPARQL (docs/INTEROP.md). Each question is
asked of the N-Quads dump (default graph = union of the named graphs) and of
the N-Triples dump (one graph, for clients without named graphs).

Expected answers are facts read by hand from the seed documents (cited by
seed and line: 000 = 000_fa51d262588c4ee4.txt, the Beijing Office article;
001 = 001_468433c9f74a9d24.txt, the Mainland ETOs article; 002 =
002_90e987897f60ccc0.txt, the 2012 LegCo paper; 003 =
003_3200898d5f1982e4.txt, the Guangdong ETO article), or, for ISO codes,
from ISO 3166-2:CN.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph.graph.build import BuildResult

ID = "https://w3id.org/hkgov-graph/id/"
GRAPH = "https://w3id.org/hkgov-graph/graph/"

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module", params=["nquads", "ntriples"])
def client(request: pytest.FixtureRequest, built: BuildResult) -> ox.Store:
    """A plain store holding one of the two dumps, as a client would load it."""
    store = ox.Store()
    if request.param == "nquads":
        store.bulk_load(path=built.output_dir / "hkgov-graph.nq", format=ox.RdfFormat.N_QUADS)
    else:
        store.bulk_load(path=built.output_dir / "hkgov-graph.nt", format=ox.RdfFormat.N_TRIPLES)
    return store


def ask(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Run a standard-terms query over the default graph (the union, for the N-Quads dump)."""
    assert "hkg:" not in query and "hkgov-graph/ontology" not in query, "standard terms only"
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (None if s[n] is None else s[n].value) for n in names} for s in result]


def local(iri: str | None) -> str | None:
    return None if iri is None else iri.removeprefix(ID)


def test_liaison_units_under_each_office(client: ox.Store) -> None:
    """Which liaison units (units with a seat of their own) are under which office, under which bureau."""
    rows = ask(client, """
        SELECT DISTINCT ?office ?unit WHERE {
          ?unit a org:OrganizationalUnit ; org:unitOf ?office ; schema:location ?seat .
          ?office a org:OrganizationalUnit ; org:unitOf <https://w3id.org/hkgov-graph/id/bureau/cmab> .
        }""")
    units: dict[str, set[str]] = {}
    for row in rows:
        units.setdefault(local(row["office"]), set()).add(local(row["unit"]))
    assert units == {
        # 000 lines 10-12: 駐遼寧聯絡處（位於瀋陽）, 駐天津聯絡處
        "office/bjo": {"liaison-unit/liaoning", "liaison-unit/tianjin"},
        # 001 lines 13-25: the ETOs and their liaison units
        "office/gdeto": {"liaison-unit/fujian", "liaison-unit/shenzhen", "liaison-unit/guangxi"},
        "office/sheto": {"liaison-unit/shandong", "liaison-unit/zhejiang"},
        "office/cdeto": {"liaison-unit/chongqing", "liaison-unit/shaanxi"},
        "office/wheto": {"liaison-unit/hunan", "liaison-unit/henan"},
    }


def test_regions_served_by_the_beijing_office_with_iso_codes(client: ox.Store) -> None:
    """The ten provincial-level regions the Beijing Office serves, each with its ISO 3166-2 code."""
    rows = ask(client, """
        SELECT DISTINCT ?region ?code ?name WHERE {
          <https://w3id.org/hkgov-graph/id/office/bjo> schema:areaServed ?region .
          ?region a schema:AdministrativeArea ; skos:notation ?code ; skos:prefLabel ?name .
          FILTER(LANGMATCHES(LANG(?name), "zh-Hant"))
        }""")
    # 000 line 18: 北京、天津、河北、遼寧、吉林、黑龍江、內蒙古、新疆、甘肅、寧夏; codes from ISO 3166-2:CN
    assert {(r["code"], r["name"]) for r in rows} == {
        ("CN-BJ", "北京市"), ("CN-TJ", "天津市"), ("CN-HE", "河北省"), ("CN-LN", "遼寧省"),
        ("CN-JL", "吉林省"), ("CN-HL", "黑龍江省"), ("CN-NM", "內蒙古自治區"),
        ("CN-XJ", "新疆維吾爾自治區"), ("CN-GS", "甘肅省"), ("CN-NX", "寧夏回族自治區"),
    }


def test_heads_of_the_beijing_office_with_their_terms(client: ox.Store) -> None:
    """The five heads of the Beijing Office, with the beginning and end of each term at the source's precision."""
    rows = ask(client, """
        SELECT DISTINCT ?name ?begin ?end WHERE {
          ?membership a org:Membership ;
              org:organization <https://w3id.org/hkgov-graph/id/office/bjo> ;
              org:member ?person ; org:memberDuring ?term .
          ?person a foaf:Person ; foaf:name ?name .
          ?term a time:Interval ;
              time:hasBeginning/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?begin .
          OPTIONAL { ?term time:hasEnd/(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear) ?end }
          ?membership org:role ?post .
          ?post skos:prefLabel ?post_name .
          FILTER(?post_name = "駐京辦主任"@zh-Hant)
        }
        ORDER BY ?begin""")
    # 000 lines 30-34 (歷任首長)
    assert [(r["name"], r["begin"], r["end"]) for r in rows] == [
        ("梁寶榮", "1999", "2005"),
        ("曹萬泰", "2006-04-30", "2012-07-18"),
        ("朱曼鈴", "2012-07-18", "2014-12-21"),
        ("傅小慧", "2015-01-21", "2019-01-20"),
        ("梁志仁", "2019-01-21", None),
    ]


def test_founding_dates_keep_their_precision(client: ox.Store) -> None:
    """Founding dates are typed by the precision the sources give."""
    rows = ask(client, """
        SELECT ?org ?founded (DATATYPE(?founded) AS ?type) WHERE {
          VALUES ?org { <https://w3id.org/hkgov-graph/id/office/bjo> <https://w3id.org/hkgov-graph/id/office/gdeto>
                        <https://w3id.org/hkgov-graph/id/liaison-unit/liaoning> }
          ?org schema:foundingDate ?founded .
        }""")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert {(local(r["org"]), r["founded"], r["type"]) for r in rows} == {
        ("office/bjo", "1999", xsd + "gYear"),  # 000 line 6: 成立於1999年
        ("office/gdeto", "2002-07", xsd + "gYearMonth"),  # 003 line 3: 成立於2002年7月
        ("liaison-unit/liaoning", "2015-04-27", xsd + "date"),  # 000 line 10: 2015年4月27日
    }


def test_the_2007_change_in_org_and_prov_terms(client: ox.Store) -> None:
    """The 2007 change: from CAB to CMAB, dated, as org:ChangeEvent."""
    rows = ask(client, """
        SELECT DISTINCT ?before ?after ?when WHERE {
          ?change a org:ChangeEvent ; org:originalOrganization ?before ; org:resultingOrganization ?after ;
                  prov:startedAtTime ?when ; dcterms:subject <https://w3id.org/hkgov-graph/id/office/bjo> .
          FILTER(?before != ?after)  # not the 2005 move, from the office to itself
        }""")
    # 000 line 8: 原隸屬政制事務局，2007年7月1日決策局重組後劃入新成立的政制及內地事務局
    assert [(local(r["before"]), local(r["after"]), r["when"]) for r in rows] == [
        ("bureau/cab", "bureau/cmab", "2007-07-01")]


def test_structure_in_force_and_sub_organisations(client: ox.Store) -> None:
    """The Guangdong ETO is a unit of CMAB, itself part of the HKSAR Government: org:subOrganizationOf is there."""
    rows = ask(client, """
        SELECT ?parent WHERE {
          <https://w3id.org/hkgov-graph/id/office/gdeto> org:subOrganizationOf ?parent .
        }""")
    # 003 line 3: 香港特別行政區政府政制及內地事務局轄下
    assert {ID + "bureau/cmab"} <= {r["parent"] for r in rows}
    # 000 line 6: 香港特別行政區政府政制及內地事務局
    assert ask(client, """
        SELECT DISTINCT (1 AS ?yes) WHERE {
          <https://w3id.org/hkgov-graph/id/bureau/cmab> org:unitOf <https://w3id.org/hkgov-graph/id/government/hksar> .
          <https://w3id.org/hkgov-graph/id/government/hksar> a org:FormalOrganization ;
              org:hasUnit <https://w3id.org/hkgov-graph/id/bureau/cmab> .
        }""") == [{"yes": "1"}]


def test_where_a_fact_comes_from(nquads: Path) -> None:
    """With named graphs: the documents stating that the Guangdong ETO serves Hainan, with title and URL."""
    store = ox.Store()
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    rows = ask(store, """
        SELECT ?g ?title ?url WHERE {
          GRAPH ?g { <https://w3id.org/hkgov-graph/id/office/gdeto> schema:areaServed
                     <https://w3id.org/hkgov-graph/id/region/hainan> }
          ?g a prov:Entity ; dcterms:title ?title ; dcterms:source ?url .
          FILTER(LANGMATCHES(LANG(?title), "zh-Hant"))  # titles come in each script; the document's own
        }""")
    # 003 line 11: 福建、江西、廣東、廣西及海南五省區; 003 is the article 香港特別行政區政府駐粵經濟貿易辦事處
    assert [(r["g"], r["title"]) for r in rows] == [
        (GRAPH + "wikipedia-guangdong-eto", "香港特別行政區政府駐粵經濟貿易辦事處")]
    assert rows[0]["url"].startswith("https://zh.wikipedia.org/wiki/")


def test_each_source_graph_states_its_size(nquads: Path) -> None:
    """Each source and editorial graph states, in VoID, exactly how many triples its named graph holds."""
    store = ox.Store()
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    stated = {r["g"]: r["n"] for r in ask(store, """
        PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?g ?n WHERE {
          GRAPH <https://w3id.org/hkgov-graph/graph/inferred> {
            <https://w3id.org/hkgov-graph/dataset> void:subset ?g . ?g a void:Dataset ; void:triples ?n }
          FILTER(DATATYPE(?n) = <http://www.w3.org/2001/XMLSchema#integer>)
        }""")}
    sources = {r["g"] for r in ask(store, """
        SELECT ?g WHERE { <https://w3id.org/hkgov-graph/dataset> dcterms:source ?g }""")}
    assert GRAPH + "wikipedia-beijing-office" in stated  # 000: the Beijing Office article's graph
    assert set(stated) == sources  # every source, and the inferred graph (which holds the counts) not
    for graph, n in stated.items():  # counted here, in the named graph itself
        assert ask(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}") == [{"n": n}], graph


def test_no_blank_nodes_and_proposals_kept_out_of_the_structure(client: ox.Store) -> None:
    """The dump has no blank nodes; what the 2012 paper only proposes carries adms:status and is not in org:unitOf."""
    assert ask(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }") == [
        {"n": "0"}]
    rows = ask(client, """
        PREFIX adms: <http://www.w3.org/ns/adms#>
        SELECT ?status WHERE {
          <https://w3id.org/hkgov-graph/id/relation/bjo-cmab-administrative-proposed-2012> adms:status ?status }""")
    # 002: the LegCo paper of May 2012 proposes the reorganisation; it never took effect
    assert len(rows) == 1
    assert ask(client, """
        PREFIX adms: <http://www.w3.org/ns/adms#>
        SELECT ?x WHERE { ?x adms:status ?s . { ?x org:unitOf ?y } UNION { ?y org:hasUnit ?x } }""") == []
