"""The data itself: provenance of every triple, labels, precision of dates, and facts
checked against the seed documents (expected values written by hand from them)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph.graph.build import BuildResult
from hkgov_graph.namespaces import GENID
from hkgov_graph.resources import data_dir

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
HKG = "https://w3id.org/hkgov-graph/ontology#"
ID = "https://w3id.org/hkgov-graph/id/"
GRAPH = "https://w3id.org/hkgov-graph/graph/"
PREFIXES = """
PREFIX hkg: <https://w3id.org/hkgov-graph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX time: <http://www.w3.org/2006/time#>
"""


@pytest.fixture(scope="module")
def store(built: BuildResult) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(built.output_dir / "hkgov-graph.nq"), format=ox.RdfFormat.N_QUADS)
    return s


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(row[i].value if row[i] is not None else "" for i in range(len(row)))
                  for row in store.query(PREFIXES + query, use_default_graph_as_union=True))


def test_every_triple_sits_in_a_described_graph(store: ox.Store) -> None:
    """Each quad is in the ontology graph or a graph described as source, editorial or derived."""
    described = {row[0] for row in select(store, """
        SELECT ?g WHERE { GRAPH ?g { ?g a ?kind }
          VALUES ?kind { hkg:SourceDocument hkg:EditorialSource hkg:DerivedGraph } }""")}
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    for graph in store.named_graphs():
        assert graph.value in described | {"https://w3id.org/hkgov-graph/ontology"}, graph


def test_each_source_graph_is_described(store: ox.Store) -> None:
    """Every source graph has a title, a seed file that exists, and a URL or reference number."""
    rows = select(store, """
        SELECT DISTINCT ?g ?seed WHERE { GRAPH ?g {
          ?g a hkg:SourceDocument ; dcterms:title ?title ; hkg:seedFile ?seed .
          FILTER(EXISTS { ?g dcterms:source ?s } || EXISTS { ?g dcterms:bibliographicCitation ?c }) } }""")
    assert len(rows) == 5
    if SEEDS.exists():
        assert {r[1] for r in rows} == {p.name for p in SEEDS.glob("*.txt")}


def test_legco_paper_identified_by_reference_number(store: ox.Store) -> None:
    """The LegCo paper carries its reference number and its date, May 2012 (seed 002, first and last lines)."""
    rows = select(store, """SELECT ?date WHERE { GRAPH ?g { ?g hkg:seedFile "002_90e987897f60ccc0.txt" ;
                            dcterms:issued ?date } }""")
    assert rows == [("2012-05",)]


def test_every_organisation_region_and_mechanism_has_a_traditional_label(store: ox.Store) -> None:
    """Organisations, regions, cities and mechanisms all have a skos:prefLabel in zh-Hant."""
    rows = select(store, """
        SELECT ?x WHERE {
          { ?x a org:Organization } UNION { ?x a schema:AdministrativeArea }
          FILTER NOT EXISTS { ?x skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "zh-Hant")) } }""")
    assert rows == []


def test_prefLabel_unique_per_language(store: ox.Store) -> None:
    """SKOS: at most one skos:prefLabel per language per resource, across all graphs."""
    rows = select(store, """
        SELECT ?x ?lang (COUNT(DISTINCT ?l) AS ?n) WHERE { ?x skos:prefLabel ?l BIND(LCASE(LANG(?l)) AS ?lang) }
        GROUP BY ?x ?lang HAVING (COUNT(DISTINCT ?l) > 1)""")
    assert rows == []


@pytest.mark.parametrize(("resource", "value", "datatype"), [
    ("office/bjo", "1999", "gYear"),  # seed 000: 成立於1999年
    ("office/gdeto", "2002-07", "gYearMonth"),  # seed 003: 成立於2002年7月
    ("liaison-unit/liaoning", "2015-04-27", "date"),  # seed 000: 2015年4月27日成立駐遼寧聯絡處
    ("liaison-unit/tianjin", "2017-02-17", "date"),  # seed 000: 2017年2月17日開始運作
    ("liaison-unit/fujian", "2012-02", "gYearMonth"),  # seed 003: 2012年2月成立位於福州的駐福建聯絡處
])
def test_founding_dates_keep_their_precision(store: ox.Store, resource: str, value: str, datatype: str) -> None:
    """Founding dates are typed by the precision the source gives."""
    literal = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + datatype))
    quads = list(store.quads_for_pattern(ox.NamedNode(ID + resource),
                                         ox.NamedNode("https://schema.org/foundingDate"), None, None))
    assert literal in {q.object for q in quads}


def test_eleven_liaison_units_under_five_offices(store: ox.Store) -> None:
    """Seeds 000 and 001: two units under the Beijing Office, three under Guangdong, two under each other ETO."""
    rows = select(store, """SELECT ?office (COUNT(DISTINCT ?unit) AS ?n) WHERE {
        ?unit a hkg:LiaisonUnit ; org:unitOf ?office } GROUP BY ?office""")
    assert rows == sorted([(ID + "office/bjo", "2"), (ID + "office/cdeto", "2"), (ID + "office/gdeto", "3"),
                           (ID + "office/sheto", "2"), (ID + "office/wheto", "2")])


def test_sources_describing_different_moments_both_stand(store: ox.Store) -> None:
    """The 2012 paper attests three ETOs, the later article four: both are kept, each in its own graph."""
    legco = select(store, f"""SELECT ?o WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        ?o a hkg:EconomicAndTradeOffice }} }}""")
    wiki = select(store, f"""SELECT ?o WHERE {{ GRAPH <{GRAPH}wikipedia-mainland-etos> {{
        ?o a hkg:EconomicAndTradeOffice }} }}""")
    assert [r[0].rsplit("/", 1)[1] for r in legco] == ["cdeto", "gdeto", "sheto"]
    assert [r[0].rsplit("/", 1)[1] for r in wiki] == ["cdeto", "gdeto", "sheto", "wheto"]


def test_renaming_kept_as_both_sources_state_it(store: ox.Store) -> None:
    """The 2007 change: a renaming dated 2007 (seed 002) and a transfer dated 2007-07-01 (seed 000), both kept."""
    rows = select(store, """SELECT ?kind ?date WHERE { GRAPH ?g {
        ?c a org:ChangeEvent ; hkg:changeKind ?kind ; org:originalOrganization
           <https://w3id.org/hkgov-graph/id/bureau/cab> ; <http://www.w3.org/ns/prov#startedAtTime> ?date } }""")
    assert (HKG + "Renaming", "2007") in rows
    assert (HKG + "Transfer", "2007-07-01") in rows


def test_proposed_bureau_is_not_in_force(store: ox.Store) -> None:
    """The 2012 proposed bureau (工商及產業局) is marked proposed and has no place in the structure in force."""
    rows = select(store, """SELECT ?b WHERE { ?b hkg:status hkg:Proposed ; a hkg:PolicyBureau .
        FILTER NOT EXISTS { ?b org:unitOf ?x } FILTER NOT EXISTS { ?b schema:foundingDate ?d } }""")
    assert rows == [(ID + "bureau/commerce-industry",)]


def test_traditional_label_file_is_up_to_date() -> None:
    """data/editorial-traditional-labels.ttl is what scripts/make_traditional_labels.py writes now."""
    sys.path.insert(0, str(REPO / "scripts"))  # the script is not part of the package
    try:
        import make_traditional_labels
    finally:
        sys.path.pop(0)
    expected = make_traditional_labels.render()
    assert (data_dir() / make_traditional_labels.OUTPUT_NAME).read_text(encoding="utf-8") == expected


def test_dataset_description_counts_the_union(built: BuildResult, store: ox.Store) -> None:
    """The dump describes itself (void:Dataset, dcat:Dataset, licence) with the right triple count."""
    rows = select(store, """SELECT ?n ?licence WHERE {
        <https://w3id.org/hkgov-graph/dataset> a <http://rdfs.org/ns/void#Dataset> ,
            <http://www.w3.org/ns/dcat#Dataset> ;
          <http://rdfs.org/ns/void#triples> ?n ; dcterms:license ?licence }""")
    lines = (built.output_dir / "hkgov-graph.nt").read_bytes().count(b"\n")
    assert rows == [(str(lines), "https://creativecommons.org/licenses/by/4.0/")]


def test_editorial_notes_are_not_descriptions(store: ox.Store) -> None:
    """An editorial note (hkg:editorial) reaches the dump as skos:editorialNote, never as dcterms:description.

    The Beijing Office's editorial note is about where its English abbreviation
    BJO is published; a plain client reading dcterms:description must get the
    seed's description of the office (000 line 6), not that note.
    """
    rows = select(store, """SELECT ?d WHERE { <https://w3id.org/hkgov-graph/id/office/bjo> dcterms:description ?d }""")
    assert rows and all("abbreviation" not in d and "縮寫" not in d for (d,) in rows)
    assert any(d.startswith("香港特別行政區政府駐北京辦事處是中华人民共和国") for (d,) in rows)
    notes = select(store, """SELECT ?n WHERE { <https://w3id.org/hkgov-graph/id/office/bjo>
        <http://www.w3.org/2004/02/skos/core#editorialNote> ?n }""")
    assert any("Official abbreviation" in n for (n,) in notes)
    leaked = select(store, """SELECT ?x WHERE { ?x hkg:editorial ?n ; dcterms:description ?n }""")
    assert leaked == []


# Facts a document does not state outright, each marked by a reading in that document's graph
# (graph, subject, predicate, object, basis); read by hand from the seeds.
READINGS = {
    # 000 lines 10 and 12: the lead describes the two units but never says they are under the office
    ("wikipedia-beijing-office", "liaison-unit/liaoning", "http://www.w3.org/ns/org#unitOf", ID + "office/bjo",
     "Inferred"),
    ("wikipedia-beijing-office", "liaison-unit/tianjin", "http://www.w3.org/ns/org#unitOf", ID + "office/bjo",
     "Inferred"),
    # 000 line 12: 香港特別行政區政府駐天津聯絡處於2017年2月17日開始運作 (began operating; no 成立)
    ("wikipedia-beijing-office", "liaison-unit/tianjin", "https://schema.org/foundingDate", "2017-02-17",
     "Inferred"),
    # 003 line 5: 而駐深圳聯絡處向在深圳的港商及港人提供協助 (after the office's Fujian unit; no "under")
    ("wikipedia-guangdong-eto", "liaison-unit/shenzhen", "http://www.w3.org/ns/org#unitOf", ID + "office/gdeto",
     "Inferred"),
    # 002 line 35: 政制事務局於 2007 年正式改名 (renamed; nothing on to whom it answered)
    ("legco-cb2-2193-11-12-01", "relation/cab-hksar", HKG + "superior", ID + "government/hksar", "Inferred"),
    # 002 lines 397-398: 據在內地的香港商會估計，現時在內地定居工作的港人人數可達30萬
    ("legco-cb2-2193-11-12-01", "statistic/hong-kong-people-in-the-mainland-2012", "https://schema.org/maxValue",
     "300000", "Approximate"),
    # 002 line 346: 我們亦將於年中推出一項 10 億元的「專項基金」 ("we" read as the Government)
    ("legco-cb2-2193-11-12-01", "grant/2012-special-fund", "https://schema.org/funder", ID + "government/hksar",
     "Inferred"),
    # 002 line 281: 宣布了三十多項…具體政策措施 (thirty-odd: a round figure)
    ("legco-cb2-2193-11-12-01", "statistic/2011-central-government-support-measures",
     "https://schema.org/minValue", "30", "Approximate"),
    # 002 lines 73-75: 2008 年5 月發生四川汶川特大地震 (no end given: read as the same month)
    ("legco-cb2-2193-11-12-01", "event/2008-wenchuan-earthquake", "https://schema.org/endDate", "2008-05",
     "Inferred"),
    # 002 line 279: 國務院副總理李克強於 2011 年 8 月訪港時 (no end given: read as the same month)
    ("legco-cb2-2193-11-12-01", "event/2011-li-keqiang-hong-kong-visit", "https://schema.org/endDate", "2011-08",
     "Inferred"),
    # 002 lines 256-262: 特區政府（由政制及內地事務局代表）…成立《穗港合作專責小組》…就前海和南沙發展，
    # 政制及內地事務局負責整體統籌和協調 (not: the bureau co-ordinates the task force)
    ("legco-cb2-2193-11-12-01", "mechanism/guangzhou-hong-kong", HKG + "coordinatedBy", ID + "bureau/cmab",
     "Inferred"),
    # 004 line 46: 据不完全统计…副省级以上单位的驻京办有52家，市级单位驻京办520家，县级单位驻京办5000余家
    ("wikipedia-beijing-offices", "statistic/beijing-offices-vice-provincial-and-above-before-2010",
     "https://schema.org/value", "52", "Approximate"),
    ("wikipedia-beijing-offices", "statistic/beijing-offices-city-level-before-2010",
     "https://schema.org/value", "520", "Approximate"),
    ("wikipedia-beijing-offices", "statistic/beijing-offices-county-level-before-2010",
     "https://schema.org/minValue", "5000", "Approximate"),
}


def test_readings_are_marked_with_their_basis(store: ox.Store) -> None:
    """Each reading listed above is an rdf:Statement in its document's graph, with its basis and a note."""
    rows = select(store, """SELECT ?g ?s ?p ?o ?basis WHERE { GRAPH ?g {
        ?r a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; hkg:basis ?basis ;
           skos:note ?note . FILTER(LANGMATCHES(LANG(?note), "en")) } }""")
    found = {(g.removeprefix(GRAPH), s.removeprefix(ID), p, o, b.removeprefix(HKG)) for g, s, p, o, b in rows
             if s.startswith(ID) and not s.startswith(GENID)}  # readings of amounts and intervals: tested below
    assert found == READINGS


def test_end_of_the_first_premises_is_a_reading(store: ox.Store) -> None:
    """The Henderson Centre premises' end (2005-09-26) is read from the new office's opening (000 line 51)."""
    rows = select(store, f"""SELECT ?end ?basis WHERE {{ GRAPH <{GRAPH}wikipedia-beijing-office> {{
        <{ID}site/bjo-henderson-centre> hkg:usedDuring ?use . ?use time:hasEnd/time:inXSDDate ?end .
        ?r rdf:subject ?use ; rdf:predicate time:hasEnd ; hkg:basis ?basis }} }}""")
    assert rows == [("2005-09-26", HKG + "Inferred")]


def test_approximate_overrun_is_marked(store: ox.Store) -> None:
    """'約400萬' (000 line 53) is kept as the round figure 4,000,000, marked approximate; cost and area are exact."""
    rows = select(store, f"""SELECT ?p ?v ?basis WHERE {{ GRAPH <{GRAPH}wikipedia-beijing-office> {{
        <{ID}site/bjo-di-anmen> ?p ?amount . ?amount schema:value ?v .
        OPTIONAL {{ ?r rdf:subject ?amount ; rdf:predicate schema:value ; hkg:basis ?basis }} }} }}""")
    assert rows == [("https://schema.org/floorSize", "2200", ""),  # 000 line 53: 面積2200平方米
                    (HKG + "cost", "90000000", ""),  # 耗資9000萬港元
                    (HKG + "costOverrun", "4000000", HKG + "Approximate")]  # 較預算超支約400萬元


def test_cab_line_ending_in_2007_is_a_reading(store: ox.Store) -> None:
    """CAB's line to the Government ends in 2007 only as a reading of its renaming (002 line 35)."""
    rows = select(store, f"""SELECT ?end ?basis WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        <{ID}relation/cab-hksar> hkg:during ?term . ?term time:hasEnd/time:inXSDgYear ?end .
        ?r rdf:subject ?term ; rdf:predicate time:hasEnd ; hkg:basis ?basis }} }}""")
    assert rows == [("2007", HKG + "Inferred")]


def test_units_opened_since_december_2014_are_bounded_not_dated(store: ox.Store) -> None:
    """'自2014年12月以來先後…開設共四個聯絡處' (001 line 9): each of the four founded not before 2014-12, none dated.

    One after another since December 2014 dates no single opening, so seed 001's graph gives no
    founding date or dated establishment for any of them; seed 000's 2015-04-27 for Liaoning stands alone.
    """
    g = f"<{GRAPH}wikipedia-mainland-etos>"
    bounds = select(store, f"""SELECT ?u ?d WHERE {{ GRAPH {g} {{
        ?u a hkg:LiaisonUnit ; hkg:foundedNotBefore ?d }} }}""")
    assert bounds == sorted((ID + "liaison-unit/" + u, "2014-12") for u in ("liaoning", "shandong", "hunan", "henan"))
    dated = select(store, f"""SELECT ?u WHERE {{ GRAPH {g} {{ ?u a hkg:LiaisonUnit .
        {{ ?u schema:foundingDate ?d }} UNION
        {{ ?c org:resultingOrganization ?u ; <http://www.w3.org/ns/prov#startedAtTime> ?d }} }} }}""")
    assert dated == []


def test_estimate_of_hong_kong_people_in_the_mainland_is_of_the_papers_date(store: ox.Store) -> None:
    """§14's estimate (002 lines 397-398) is a count of May 2012 by the chambers of commerce, not a proposal."""
    rows = select(store, f"""SELECT ?max ?date ?by WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        ?s a hkg:CountStatement ; schema:maxValue ?max ; dcterms:date ?date ;
           <http://www.w3.org/ns/prov#wasAttributedTo> ?by . FILTER NOT EXISTS {{ ?s hkg:status ?status }} }} }}""")
    assert rows == [("300000", "2012-05", ID + "body/hong-kong-chambers-of-commerce-in-the-mainland")]
    proposed = select(store, """SELECT ?d WHERE { ?c hkg:status hkg:Proposed ; dcterms:description ?d
        FILTER(CONTAINS(?d, "30萬")) }""")
    assert proposed == []


@pytest.mark.parametrize("graph", ["wikipedia-beijing-office", "wikipedia-mainland-etos"])
def test_cmab_newly_established_in_2007(store: ox.Store, graph: str) -> None:
    """000 line 8 and 001 line 5 alike: 2007年7月1日決策局重組後劃入新成立的政制及內地事務局."""
    rows = select(store, f"""SELECT ?founded ?started WHERE {{ GRAPH <{GRAPH}{graph}> {{
        <{ID}bureau/cmab> schema:foundingDate ?founded .
        ?c hkg:changeKind hkg:Establishment ; org:resultingOrganization <{ID}bureau/cmab> ;
           <http://www.w3.org/ns/prov#startedAtTime> ?started }} }}""")
    assert rows == [("2007-07-01", "2007-07-01")]


def test_sichuan_trust_fund_injection(store: ox.Store) -> None:
    """§5 (002 lines 75-78): after the May 2008 earthquake the Government injected HK$9bn into the trust fund."""
    rows = select(store, f"""SELECT ?fund ?funder ?value ?currency ?not_before WHERE {{
        GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        ?grant a schema:MonetaryGrant ; schema:fundedItem ?fund ; schema:funder ?funder ; hkg:notBefore ?not_before ;
               schema:amount [ schema:value ?value ; schema:currency ?currency ] .
        ?fund a hkg:Fund ; skos:prefLabel "香港特區支援四川地震災後重建信託基金"@zh-Hant .
        FILTER NOT EXISTS {{ ?grant hkg:status ?status }} }} }}""")
    assert rows == [(ID + "fund/sichuan-reconstruction-trust-fund", ID + "government/hksar", "9000000000", "HKD",
                     "2008-05")]


def test_special_fund_is_planned(store: ox.Store) -> None:
    """§10 (002 line 346): a HK$1bn special fund to be launched mid-year: planned, its currency and funder read."""
    rows = select(store, f"""SELECT ?fund_status ?grant_status ?value ?currency WHERE {{
        GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        ?grant schema:fundedItem ?fund ; hkg:status ?grant_status ;
               schema:amount [ schema:value ?value ; schema:currency ?currency ] .
        ?fund skos:prefLabel "專項基金"@zh-Hant ; hkg:status ?fund_status }} }}""")
    assert rows == [(HKG + "Planned", HKG + "Planned", "1000000000", "HKD")]
    read = select(store, f"""SELECT ?p ?basis WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        ?fund skos:prefLabel "專項基金"@zh-Hant . ?grant schema:fundedItem ?fund ; schema:amount ?amount .
        ?r rdf:predicate ?p ; hkg:basis ?basis .
        {{ ?r rdf:subject ?grant }} UNION {{ ?r rdf:subject ?amount }} }} }}""")
    assert read == [("https://schema.org/currency", HKG + "Inferred"),  # 10 億元: no currency written
                    ("https://schema.org/funder", HKG + "Inferred")]  # 我們亦將於年中推出


def test_twelfth_five_year_plan_outline(store: ox.Store) -> None:
    """§8 (002 lines 268-271): the outline published 2011-03, with a chapter of its own on Hong Kong and Macao."""
    rows = select(store, f"""SELECT ?issued ?chapter_label WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        ?plan a hkg:Plan ; skos:prefLabel "國家「十二五」規劃綱要"@zh-Hant ; dcterms:issued ?issued ;
              dcterms:hasPart ?chapter . ?chapter a schema:Chapter ; skos:prefLabel ?chapter_label }} }}""")
    assert rows == [("2011-03", "支持港澳發展的政策措施（單獨成章）")]
    # §8 (002 lines 279-283): the thirty-odd measures announced in 2011-08 under the plan
    measures = select(store, f"""SELECT ?issued ?min WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        ?m a hkg:Plan ; dcterms:issued ?issued ; dcterms:relation ?plan .
        ?plan skos:prefLabel "國家「十二五」規劃綱要"@zh-Hant .
        ?count dcterms:subject ?m ; schema:minValue ?min }} }}""")
    assert measures == [("2011-08", "30")]


def test_agreements_and_the_letter_of_intent(store: ox.Store) -> None:
    """§7 and §9 (002 lines 250-259, 290-293): CEPA signed 2003, the Framework Agreement, the 2011-08 letter."""
    rows = select(store, f"""SELECT ?a ?kind (COALESCE(STR(?signed), "") AS ?s) WHERE {{
        GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{ ?a a hkg:Agreement ; schema:legislationType ?kind .
        OPTIONAL {{ ?a schema:legislationDate ?signed }} }} }}""")
    assert rows == [(ID + "agreement/2011-guangzhou-hong-kong-letter-of-intent", "意向書", "2011-08"),
                    (ID + "agreement/cepa", "安排", "2003"),
                    (ID + "agreement/guangdong-hong-kong-framework", "框架協議", "")]
    parties = select(store, f"""SELECT ?p WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        <{ID}agreement/2011-guangzhou-hong-kong-letter-of-intent> dcterms:creator ?p }} }}""")
    assert parties == [(ID + "government/guangzhou",), (ID + "government/hksar",)]  # 特區政府…和廣州市政府
    zones = select(store, f"""SELECT ?label WHERE {{ GRAPH <{GRAPH}legco-cb2-2193-11-12-01> {{
        <{ID}agreement/guangdong-hong-kong-framework> dcterms:spatial/skos:prefLabel ?label }} }}""")
    assert zones == [("前海",), ("南沙",)]  # 前海及南沙均為《粵港合作框架協議》下粵港重點合作區
    supplements = select(store, f"""SELECT ?n ?date WHERE {{ ?c dcterms:subject <{ID}agreement/cepa> ;
        schema:value ?n ; dcterms:date ?date }}""")
    assert supplements == [("8", "2012-05")]  # 已先後簽訂了八份補充協議 (as of the paper)


def test_liaison_units_share_one_form_of_name(store: ox.Store) -> None:
    """All eleven units' Traditional Chinese labels read 駐X聯絡處 (000 line 10, 001 lines 14-25), Tianjin's too."""
    rows = select(store, """SELECT DISTINCT ?u ?l WHERE { ?u a hkg:LiaisonUnit ; skos:prefLabel ?l .
        FILTER(LANGMATCHES(LANG(?l), "zh-Hant")) }""")
    assert len(rows) == 11 and all(label.startswith("駐") and label.endswith("聯絡處") for _, label in rows)
    assert (ID + "liaison-unit/tianjin", "駐天津聯絡處") in rows


@pytest.mark.parametrize("name", ["駐天津聯絡處", "驻天津联络处", "香港特別行政區政府駐天津聯絡處"])
def test_tianjin_unit_found_by_its_short_and_full_names(built: BuildResult, name: str) -> None:
    """The short form, in either script, and the full name of 000 line 12 all name the Tianjin unit."""
    from hkgov_graph import Graph

    graph = Graph.load(built.output_dir / "hkgov-graph.nq")
    assert graph.resolve(name).iri == ID + "liaison-unit/tianjin"
