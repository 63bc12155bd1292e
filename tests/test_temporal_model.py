"""The time model the build materialises: bounds, bases, sources, steps and paths.

Expected values are read by hand from the seeds (000 to 004, see
test_competency_queries.py) and the reading rules of docs/time-model.md;
none was produced by running the model. The dump is read with pyoxigraph
and hand-written SPARQL, as any client would.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph.temporal.dates import parse_period
from hkgov_graph.temporal.extent import Extent, attested, ends_in, overlap, starts_in
from hkgov_graph.temporal.materialise import lines
from hkgov_graph.temporal.model import compute
from hkgov_graph.temporal.status import status
from inline import load_inline

ID = "https://w3id.org/hkgov-graph/id/"
GRAPH = "https://w3id.org/hkgov-graph/graph/"
HKG = "https://w3id.org/hkgov-graph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = f"""PREFIX hkg: <{HKG}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX org: <http://www.w3.org/ns/org#>
"""


@pytest.fixture(scope="module")
def store(nquads: Path) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    return s



def extent(store: ox.Store, thing: str, node: str = "") -> dict[str, object]:
    """The bounds, bases, last attestation and graphs of a thing's combined extent (or of ``node``)."""
    subject = f"<{node}>" if node else "?e"
    where = f"<{ID}{thing}> hkg:timeExtent ?e ." if not node else ""
    out: dict[str, object] = {"startBasis": set(), "endBasis": set(), "graphs": set()}
    query = PREFIXES + f"SELECT ?p ?o WHERE {{ {where} {subject} ?p ?o }}"
    for row in store.query(query, use_default_graph_as_union=True):
        p, o = row["p"].value.rsplit("#", 1)[-1], row["o"]
        if p in ("startBasis", "endBasis"):
            out[p].add(o.value.rsplit("#", 1)[-1])  # type: ignore[union-attr]
        elif p == "wasDerivedFrom":
            out["graphs"].add(o.value.rsplit("/", 1)[-1])  # type: ignore[union-attr]
        elif p == "lastAttested":
            out[p] = (o.value, o.datatype.value.rsplit("#", 1)[-1])
        else:
            out[p] = o.value.rsplit("/", 1)[-1] if isinstance(o, ox.NamedNode) else o.value
    return out


def step(store: ox.Store, sub: str, sup: str, line: str = "AdministrativeReporting", via: str | None = None) -> str:
    """The IRI of the step from ``sub`` to ``sup`` on a line (directly, or through the group ``via``)."""
    via_pattern = f"?s hkg:pathVia <{ID}{via}> ." if via else "FILTER NOT EXISTS { ?s hkg:pathVia ?v }"
    query = PREFIXES + f"""SELECT ?s WHERE {{ ?s hkg:pathLevel 1 ; hkg:pathSubordinate <{ID}{sub}> ;
        hkg:pathTo <{ID}{sup}> ; hkg:pathLine hkg:{line} . {via_pattern} }}"""
    rows = [r["s"].value for r in store.query(query, use_default_graph_as_union=True)]
    assert len(rows) == 1, rows
    return rows[0]


# -- the sources' own dates and "now" --

def test_reference_date_is_the_latest_document_date(store: ox.Store) -> None:
    """Now is 2019-01-21: 000's list of heads ends with 梁志仁（2019年1月21日－）."""
    rows = list(store.query(PREFIXES + "SELECT ?d WHERE { ?dataset hkg:referenceDate ?d }",
                            use_default_graph_as_union=True))
    assert [(r["d"].value, r["d"].datatype.value) for r in rows] == [("2019-01-21", XSD + "date")]


@pytest.mark.parametrize(("graph", "not_before", "not_after"), [
    ("wikipedia-beijing-office", "2019-01-21", None),  # 000 line 34: 梁志仁（2019年1月21日－）
    ("wikipedia-mainland-etos", "2014-12", None),  # 001 line 9: 自2014年12月以來…開設
    ("legco-cb2-2193-11-12-01", "2012-05", "2012-05"),  # 002 last lines: 2012 年 5 月
    ("wikipedia-guangdong-eto", "2012-02", None),  # 003 line 5: 駐粵辦在2012年2月成立…駐福建聯絡處
    ("wikipedia-beijing-offices", "2016-10-10", None),  # 004: archivedate = 2016-10-10
])
def test_each_document_says_what_fixes_its_date(store: ox.Store, graph: str, not_before: str,
                                                not_after: str | None) -> None:
    """Each source description carries its own date as far as its text fixes it, and why."""
    query = PREFIXES + f"""SELECT ?nb ?na ?why WHERE {{ GRAPH <{GRAPH}{graph}> {{
        <{GRAPH}{graph}> hkg:dateNotBefore ?nb ; hkg:dateEvidence ?why ; hkg:presentTense ?present .
        OPTIONAL {{ <{GRAPH}{graph}> hkg:dateNotAfter ?na }} }} }}"""
    rows = list(store.query(query))
    assert len(rows) == 1
    assert rows[0]["nb"].value == not_before
    assert (rows[0]["na"].value if rows[0]["na"] else None) == not_after


# -- extents of single things --

def test_an_imprecise_term_of_office(store: ox.Store) -> None:
    """梁寶榮（1999年─2005年）: his first day some day in 1999, his last some day in 2005."""
    e = extent(store, "membership/bjo-director-1")
    assert (e["startEarliest"], e["startLatest"], e["endEarliest"], e["endLatest"]) == (
        "1999-01-01", "1999-12-31", "2005-01-01", "2005-12-31")
    assert e["startBasis"] == e["endBasis"] == {"DatePrecision"}
    assert e["graphs"] == {"wikipedia-beijing-office"}


def test_a_running_term_is_certain_until_its_document(store: ox.Store) -> None:
    """梁志仁（2019年1月21日－）: from 2019-01-21, and certainly until the article's own date."""
    e = extent(store, "membership/bjo-director-5")
    assert (e["startEarliest"], e["startLatest"], e["endEarliest"]) == ("2019-01-21",) * 3
    assert "endLatest" not in e
    assert e["lastAttested"] == ("2019-01-21", "date")
    assert e["lastAttestedIn"] == "wikipedia-beijing-office"
    assert "DocumentDate" in e["endBasis"]


def test_planned_units_not_founded_before_the_plan(store: ox.Store) -> None:
    """在2017年中前將增設 in 001 (written in or after 2014-12): 廣西, 浙江, 陝西 not founded before 2014-12-01."""
    for unit in ("guangxi", "zhejiang", "shaanxi"):
        e = extent(store, f"liaison-unit/{unit}")
        assert e["startEarliest"] == "2014-12-01"
        assert "PlanInDocument" in e["startBasis"]
        # no source gives a founding day, and 001's revision has no later bound: it never certainly began
        assert "startLatest" not in e
        assert e["lastAttested"] == ("2014-12", "gYearMonth")  # 001 lists them under their offices


def test_planned_unit_per_source(store: ox.Store) -> None:
    """天津: planned in 001 (not before 2014-12-01); began operating 2017-02-17 in 000. Both stand."""
    e = extent(store, "liaison-unit/tianjin")
    assert (e["startEarliest"], e["startLatest"]) == ("2017-02-17", "2017-02-17")
    rows = store.query(PREFIXES + f"""SELECT ?g ?lo WHERE {{
        <{ID}liaison-unit/tianjin> hkg:timeExtent/hkg:perSource ?s . ?s prov:wasDerivedFrom ?g .
        OPTIONAL {{ ?s hkg:startEarliest ?lo }} }}""", use_default_graph_as_union=True)
    assert {(r["g"].value.rsplit("/", 1)[-1], r["lo"].value if r["lo"] else None) for r in rows} == {
        ("wikipedia-mainland-etos", "2014-12-01"), ("wikipedia-beijing-office", "2017-02-17")}


def test_an_office_no_source_dates(store: ox.Store) -> None:
    """武漢: after the Guangdong ETO (2002-07, 003 line 3: 最早成立的一個); no source gives its founding."""
    e = extent(store, "office/wheto")
    assert e["startEarliest"] == "2002-07-01"
    # its two units opened 自2014年12月以來先後 (001 line 9), at no stated date: nothing bounds it later
    assert "startLatest" not in e
    assert e["lastAttested"] == ("2014-12", "gYearMonth")  # 001's list, the latest source naming it


def test_fujian_unit_combines_three_sources(store: ox.Store) -> None:
    """福建: founded 2012-02 (003), in the paper's list of May 2012 (002), listed again in 001."""
    e = extent(store, "liaison-unit/fujian")
    assert (e["startEarliest"], e["startLatest"], e["endEarliest"]) == ("2012-02-01", "2012-02-29", "2014-12-01")
    assert e["graphs"] >= {"wikipedia-guangdong-eto", "legco-cb2-2193-11-12-01", "wikipedia-mainland-etos"}
    assert e["lastAttested"] == ("2014-12", "gYearMonth")


def test_a_unit_not_before_its_office(store: ox.Store) -> None:
    """深圳: no founding date, but a unit of the Guangdong ETO (founded 2002-07); in the May 2012 list."""
    e = extent(store, "liaison-unit/shenzhen")
    assert (e["startEarliest"], e["startLatest"]) == ("2002-07-01", "2012-05-31")
    assert "Structure" in e["startBasis"] and "DocumentDate" in e["startBasis"]


def test_a_structure_statement_is_dated_by_its_documents(store: ox.Store) -> None:
    """'深圳 unit of 駐粵經貿辦' is stated by 002 (May 2012), 003 and 001: its own extent says so."""
    rows = list(store.query(PREFIXES + f"""SELECT ?e WHERE {{ ?s a rdf:Statement ;
        rdf:subject <{ID}liaison-unit/shenzhen> ; rdf:predicate org:unitOf ; rdf:object <{ID}office/gdeto> ;
        hkg:timeExtent ?e }}""", use_default_graph_as_union=True))
    assert len(rows) == 1
    e = extent(store, "", rows[0]["e"].value)
    assert e["startLatest"] == "2012-05-31" and e["endEarliest"] == "2014-12-01"
    assert e["graphs"] >= {"legco-cb2-2193-11-12-01", "wikipedia-guangdong-eto", "wikipedia-mainland-etos"}


# -- steps and paths --

def test_the_2007_transfer(store: ox.Store) -> None:
    """000 line 8: 原隸屬政制事務局，2007年7月1日…劃入…政制及內地事務局."""
    cab = extent(store, "", step(store, "office/bjo", "bureau/cab"))
    # originally under CAB: from the office's founding (1999), to its last day 2007-06-30
    assert (cab["startEarliest"], cab["startLatest"]) == ("1999-01-01", "1999-12-31")
    assert "Inferred" in cab["startBasis"]
    assert (cab["endEarliest"], cab["endLatest"]) == ("2007-06-30", "2007-06-30")
    cmab = extent(store, "", step(store, "office/bjo", "bureau/cmab"))
    assert (cmab["startEarliest"], cmab["startLatest"], cmab["endEarliest"]) == ("2007-07-01", "2007-07-01",
                                                                                  "2019-01-21")
    assert "endLatest" not in cmab


def test_policy_guidance_last_attested_in_may_2012(store: ox.Store) -> None:
    """002 §13: 由商務及經濟發展局…提供政策指導, in May 2012; no later source speaks of it."""
    e = extent(store, "", step(store, "office/gdeto", "bureau/cedb", "PolicyGuidance"))
    assert e["lastAttested"] == ("2012-05", "gYearMonth")
    assert e["lastAttestedIn"] == "legco-cb2-2193-11-12-01"
    assert (e["startLatest"], e["endEarliest"]) == ("2012-05-31", "2012-05-01")
    assert "endLatest" not in e


def test_an_office_follows_its_groups_line(store: ox.Store) -> None:
    """001 line 5: the Mainland ETOs were under CAB; the Guangdong ETO (2002-07) with them until 2007-07-01."""
    e = extent(store, "", step(store, "office/gdeto", "bureau/cab", via="office/mainland-etos"))
    assert (e["startEarliest"], e["startLatest"], e["endEarliest"], e["endLatest"]) == (
        "2002-07-01", "2002-07-31", "2007-06-30", "2007-06-30")


def test_paths_reach_the_government(store: ox.Store) -> None:
    """福建 → 駐粵經貿辦 → 政制及內地事務局 → 特區政府: a path of level 3, certain from 2012-02-29."""
    rows = list(store.query(PREFIXES + f"""SELECT ?lo ?hi ?end WHERE {{
        ?p hkg:pathFrom <{ID}liaison-unit/fujian> ; hkg:pathLevel 3 ;
           hkg:pathStep/hkg:pathTo <{ID}government/hksar> ;
           hkg:pathPrefix/hkg:pathStep/hkg:pathVia <{ID}office/mainland-etos> ;
           hkg:startEarliest ?lo ; hkg:startLatest ?hi ; hkg:endEarliest ?end }}""",
                            use_default_graph_as_union=True))
    assert [(r["lo"].value, r["hi"].value, r["end"].value) for r in rows] == [
        ("2012-02-01", "2012-02-29", "2014-12-01")]


def test_model_conforms_to_its_shape(store: ox.Store) -> None:
    """Every extent in the dump satisfies hkg:TimeExtentShape (bounds in order, one each, with sources)."""
    import pyshacl
    import rdflib

    from hkgov_graph.resources import ontology_dir

    data = rdflib.Graph()
    model = ox.Store()
    model.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                 for q in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH + "inferred")))
    data.parse(data=model.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for shape in set(shapes.subjects(sh.targetClass, None)) - {rdflib.URIRef(HKG + "TimeExtentShape")}:
        shapes.remove((shape, sh.targetClass, None))  # only the model's own shape: the rest is about the sources
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text
    assert len(list(data.subjects(rdflib.RDF.type, rdflib.URIRef(HKG + "TimeExtent")))) > 100


# -- the rules, on small inline examples --

def test_present_tense_statement_attests_both_ends(tmp_path: Path) -> None:
    """A structure statement in a document of 2010-03 shows both organisations existed then."""
    model = compute(load_inline(tmp_path, """
graph:test-source hkg:dateNotBefore "2010-03"^^xsd:gYearMonth ; hkg:dateNotAfter "2010-03"^^xsd:gYearMonth .
unit:x a hkg:LiaisonUnit ; skos:prefLabel "聯絡處"@zh-Hant ; org:unitOf office:bjo ; schema:location region:beijing .
""").store)
    e = model.extents[ID + "liaison-unit/x"]
    assert (e.start_hi.day, e.end_lo.day) == ("2010-03-31", "2010-03-01")
    assert e.last_attestation().text == "2010-03"


def test_undated_document_attests_nothing(tmp_path: Path) -> None:
    """A document whose date no text fixes gives its present-tense statements no date."""
    model = compute(load_inline(tmp_path, """
unit:x a hkg:LiaisonUnit ; skos:prefLabel "聯絡處"@zh-Hant ; org:unitOf office:bjo ; schema:location region:beijing .
""").store)
    assert model.reference_date is None
    assert model.extents.get(ID + "liaison-unit/x", Extent()).start_hi is None


def test_plan_bounds_the_start(tmp_path: Path) -> None:
    """A unit a document of 2014-12 plans (將增設) was not founded before 2014-12-01."""
    model = compute(load_inline(tmp_path, """
graph:test-source hkg:dateNotBefore "2014-12"^^xsd:gYearMonth .
unit:x a hkg:LiaisonUnit ; skos:prefLabel "聯絡處"@zh-Hant ; schema:location region:beijing ; org:unitOf office:bjo .
change:plan a org:ChangeEvent ; hkg:changeKind hkg:Establishment ; hkg:status hkg:Planned ;
    dcterms:description "將增設"@zh-Hant ; org:resultingOrganization unit:x .
""").store)
    e = model.extents[ID + "liaison-unit/x"]
    assert e.start_lo.day == "2014-12-01" and "PlanInDocument" in e.start_lo.bases


def test_only_the_data_graphs_count(tmp_path: Path) -> None:
    """The model reads the source graphs only: a status stated in another graph (here the ontology's) does
    not make a dated unit a plan (the queries run on every graph only where that cannot matter)."""
    dataset = load_inline(tmp_path, """
unit:x a hkg:LiaisonUnit ; skos:prefLabel "聯絡處"@zh-Hant ; schema:location region:beijing ; org:unitOf office:bjo ;
    schema:foundingDate "2005"^^xsd:gYear .
""")
    dataset.store.add(ox.Quad(ox.NamedNode(ID + "liaison-unit/x"), ox.NamedNode(HKG + "status"),
                              ox.NamedNode(HKG + "Planned"), ox.NamedNode("https://w3id.org/hkgov-graph/ontology")))
    e = compute(dataset.store).extents[ID + "liaison-unit/x"]
    assert (e.start_lo.day, e.start_hi.day) == ("2005-01-01", "2005-12-31")


def test_sources_that_cannot_both_hold(tmp_path: Path) -> None:
    """Two documents giving different founding years: each stands, the combination is the widest, flagged."""
    folder = tmp_path / "data"
    load_inline(folder, 'office:bjo schema:foundingDate "1999"^^xsd:gYear .')
    other = folder / "other.ttl"
    other.write_text((folder / "test.ttl").read_text(encoding="utf-8").split("graph:test-source")[0] + """
graph:other-source a hkg:SourceDocument ; dcterms:title "另一文件"@zh-Hant ; hkg:seedFile "998_0123456789abcdef.txt" .
office:bjo schema:foundingDate "2001"^^xsd:gYear .
""", encoding="utf-8")
    from hkgov_graph.graph.load import load_dataset

    model = compute(load_dataset(folder).store)
    e = model.extents[ID + "office/bjo"]
    assert e.disagree
    assert (e.start_lo.day, e.start_hi.day) == ("1999-01-01", "2001-12-31")
    assert set(model.per_source[ID + "office/bjo"]) == {GRAPH + "test-source", GRAPH + "other-source"}


def test_overlap_of_a_range_and_a_window() -> None:
    """A line certain 2007-2019 and a guidance known only in May 2012 were certainly both in force then."""
    ranged = starts_in(parse_period("2007-07-01"), None).narrow(attested("2019-01-21", None, "2019-01-21", "g"))
    window = attested("2012-05-01", "2012-05-31", "2012-05", "g")
    both = overlap(ranged, window)
    assert (both.start_hi.day, both.end_lo.day) == ("2012-05-31", "2012-05-01")
    # two windows may be two different days: never certain together
    assert overlap(window, attested("2014-12-01", None, "2014-12", "h")).start_hi is None


def test_overlap_of_two_things_one_document_states() -> None:
    """Two things a document of May 2012 states, each known only in that month, held together on its day."""
    unit = attested("2012-05-01", "2012-05-31", "2012-05", "legco")
    guidance = attested("2012-05-01", "2012-05-31", "2012-05", "legco")
    both = overlap(unit, guidance)
    assert (both.start_hi.day, both.end_lo.day) == ("2012-05-31", "2012-05-01")
    # and a third thing certain throughout May 2012 held with both on that day
    ranged = starts_in(parse_period("2007-07-01"), None).narrow(attested("2019-01-21", None, "2019-01-21", "g"))
    chain = overlap(ranged, both)
    assert (chain.start_hi.day, chain.end_lo.day) == ("2012-05-31", "2012-05-01")


def test_overlap_of_things_never_together() -> None:
    """Something that ended in 2005 and something begun in 2006 never held together."""
    assert overlap(ends_in(parse_period("2005"), None), starts_in(parse_period("2006"), None)) is None


@pytest.mark.parametrize(("as_of", "expected"), [
    # 梁寶榮 1999─2005 (000 line 30)
    ("1998", ("not in force", "not yet begun")),
    ("1999", ("in force", "")),  # some time in 1999: certainly, once begun in 1999 and lasting into 2005
    ("1999-06-01", ("possibly", "beginning uncertain")),
    ("2003", ("in force", "")),
    ("2005-12-01", ("possibly", "end uncertain")),
    ("2006-01-15", ("not in force", "ended")),
])
def test_status_rule(as_of: str, expected: tuple[str, str]) -> None:
    """The four answers for a term given to the year at both ends."""
    bounds = {"start_earliest": "1999-01-01", "start_latest": "1999-12-31",
              "end_earliest": "2005-01-01", "end_latest": "2005-12-31"}
    period = parse_period(as_of)
    assert status(bounds, period.first, period.last) == expected


def test_status_after_the_last_attestation() -> None:
    """Attested in May 2012 and never ended: possibly in force later, said so."""
    bounds = {"start_latest": "2012-05-31", "end_earliest": "2012-05-01", "last_attested": "2012-05"}
    assert status(bounds, "2012-05-01", "2012-05-31") == ("in force", "")
    assert status(bounds, "2019-01-21", "2019-01-21") == ("possibly", "after last attestation")
    assert status(bounds, "2000-01-01", "2000-12-31") == ("unknown", "beginning not dated")


def test_materialised_lines_are_deterministic(dataset) -> None:
    """The model written twice from the same store gives the same lines."""
    assert list(lines(compute(dataset.store))) == list(lines(compute(dataset.store)))


# -- the same answers everywhere (docs/time-model.md) --

PLAIN_STATUS = """
PREFIX hkg: <https://w3id.org/hkgov-graph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?thing ?status WHERE {
  ?thing ?link ?bounds .
  OPTIONAL { ?bounds hkg:startEarliest ?s_lo } OPTIONAL { ?bounds hkg:startLatest ?s_hi }
  OPTIONAL { ?bounds hkg:endEarliest ?e_lo } OPTIONAL { ?bounds hkg:endLatest ?e_hi }
  BIND(IF((BOUND(?s_lo) && ?last < STR(?s_lo)) || (BOUND(?e_hi) && STR(?e_hi) < ?first), "not in force",
       IF(BOUND(?s_hi) && BOUND(?e_lo) && STR(?s_hi) <= ?last && ?first <= STR(?e_lo), "in force",
       IF(!BOUND(?s_lo) && (!BOUND(?s_hi) || ?last < STR(?s_hi)), "unknown", "possibly"))) AS ?status)
}"""


@pytest.fixture(scope="module")
def plain(nquads: Path):
    """The dump read by rdflib, with none of the project's code: what any SPARQL client sees."""
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    with warnings.catch_warnings():  # rdflib 7 warns about its own use of Dataset.default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(nquads, format="nquads")
    return dataset


def plain_status(plain, things: list[str], day: str, link: str = "hkg:timeExtent",
                 last: str | None = None) -> dict[str, str]:
    """The status of each thing on a day (or ``day`` to ``last``), by the documented rule, from a hand-written query."""
    import rdflib

    values = " ".join(f"<{t}>" for t in things)
    query = PLAIN_STATUS.replace("?thing ?link ?bounds .", f"VALUES ?thing {{ {values} }} ?thing {link} ?bounds .")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        bindings = {"first": rdflib.Literal(day), "last": rdflib.Literal(last or day)}
        rows = list(plain.query(query, initBindings=bindings))
    return {str(r.thing): str(r.status) for r in rows}


def plain_step(plain, sub: str, sup: str, line: str) -> str:
    with warnings.catch_warnings():  # rdflib 7 warns about its own use of Dataset.default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        rows = list(plain.query(f"""PREFIX hkg: <{HKG}> SELECT ?s WHERE {{ ?s hkg:pathLevel 1 ;
            hkg:pathSubordinate <{ID}{sub}> ; hkg:pathTo <{ID}{sup}> ; hkg:pathLine hkg:{line} .
            FILTER NOT EXISTS {{ ?s hkg:pathVia ?v }} }}"""))
    assert len(rows) == 1
    return str(rows[0].s)


def answer(nquads: Path, name: str, **params: str) -> list[dict]:
    from hkgov_graph.api import Graph

    return Graph.load(nquads).query(name, **params).to_dicts()


UNITS = [ID + "liaison-unit/" + u for u in ("liaoning", "tianjin", "fujian", "shenzhen", "guangxi", "shandong",
                                            "zhejiang", "chongqing", "shaanxi", "hunan", "henan")]


def test_plain_sparql_gets_the_same_statuses_as_the_questions(plain, nquads: Path) -> None:
    """A client with rdflib and the documented rule answers as the packaged questions do."""
    # now (2019-01-21): the eleven liaison units (000 lines 10-12; 001 lines 13-25)
    mine = plain_status(plain, UNITS, "2019-01-21")
    network = {r["org"]: r["status"] for r in answer(nquads, "network-as-of") if r["org"] in UNITS}
    units = {r["unit"]: r["status"] for r in answer(nquads, "liaison-units")}
    assert mine == network == units
    assert mine[ID + "liaison-unit/liaoning"] == "in force" and mine[ID + "liaison-unit/fujian"] == "possibly"
    # 梁寶榮（1999年─2005年）on 2005-12-01: possibly; on 2006-01-15 no term holds (000 lines 30-31)
    terms = [ID + f"membership/bjo-director-{i}" for i in range(1, 6)]
    assert plain_status(plain, terms, "2005-12-01")[terms[0]] == "possibly"
    holders = answer(nquads, "post-holder-on-date", post="post:bjo-director", as_of="2005-12-01")
    assert [(r["person"], r["status"]) for r in holders] == [(ID + "person/leung-po-wing", "possibly")]
    assert set(plain_status(plain, terms, "2006-01-15").values()) == {"not in force"}
    gap = answer(nquads, "post-holder-on-date", post="post:bjo-director", as_of="2006-01-15")
    assert [(r["person"], r["status"]) for r in gap] == [(None, "no known holder")]
    # the 2007 transfer (000 line 8), and CEDB's guidance now (002 §13, May 2012)
    cab = plain_step(plain, "office/bjo", "bureau/cab", "AdministrativeReporting")
    cmab = plain_step(plain, "office/bjo", "bureau/cmab", "AdministrativeReporting")
    bureau = {cab: ID + "bureau/cab", cmab: ID + "bureau/cmab"}
    for day in ("2007-06-30", "2007-07-01"):
        mine = {bureau[k]: v for k, v in plain_status(plain, [cab, cmab], day, "hkg:pathStep").items()
                if v != "not in force"}
        lines = {r["org"]: r["status"] for r in answer(nquads, "reporting-line", unit="office:bjo", as_of=day)
                 if r["line"] == "administrative" and r["level"] == 1}
        assert mine == lines
    assert plain_status(plain, [cab], "2007-06-30", "hkg:pathStep") == {cab: "in force"}
    assert plain_status(plain, [cab], "2007-07-01", "hkg:pathStep") == {cab: "not in force"}
    cedb = plain_step(plain, "office/gdeto", "bureau/cedb", "PolicyGuidance")
    assert plain_status(plain, [cedb], "2019-01-21", "hkg:pathStep") == {cedb: "possibly"}
    line = [r for r in answer(nquads, "reporting-line", unit="GDETO") if r["org"] == ID + "bureau/cedb"]
    assert [(r["status"], r["last_attested"]) for r in line] == [("possibly", "2012-05")]


def test_plain_sparql_gets_the_network_of_may_2012(plain, nquads: Path) -> None:
    """May 2012, read with rdflib and the documented rule: the planned and later units are not in force."""
    mine = plain_status(plain, UNITS, "2012-05-01", last="2012-05-31")
    network = {r["org"]: r["status"] for r in answer(nquads, "network-as-of", as_of="2012-05") if r["org"] in UNITS}
    assert mine == network
    # 002 lines 366-371: 駐深圳聯絡處, 駐福建聯絡處, 駐重慶聯絡處 existing (現時) in the paper of 2012年5月
    assert {u for u, s in mine.items() if s == "in force"} == {
        ID + "liaison-unit/" + u for u in ("shenzhen", "fujian", "chongqing")}
    # 001 line 9: the four opened 自2014年12月以來 and the four planned (在2017年中前將增設) in a revision of
    # 2014-12 or later: not founded before December 2014; 000 lines 10, 12: Liaoning 2015-04-27, Tianjin 2017-02-17
    assert {u for u, s in mine.items() if s == "not in force"} == {
        ID + "liaison-unit/" + u for u in ("liaoning", "tianjin", "shandong", "hunan", "henan",
                                           "zhejiang", "guangxi", "shaanxi")}


# Now (2019-01-21): the two units the 2019 article states (000 lines 10, 12) are in force; the other nine,
# listed by 001's revision of 2014-12 or later (lines 13-25) and by no later source, possibly.
NOW = {u: "in force" if u.endswith(("liaoning", "tianjin")) else "possibly" for u in UNITS}


def test_the_network_now_is_the_same_everywhere(nquads: Path) -> None:
    """network-as-of, liaison-units, mainland-offices, stats and the reporting export agree on the eleven units."""
    from hkgov_graph.export.stats import compute as stats
    from hkgov_graph.export.views import build_view

    network = answer(nquads, "network-as-of")
    assert {r["org"]: r["status"] for r in network if r["org"] in UNITS} == NOW
    assert {r["unit"]: r["status"] for r in answer(nquads, "liaison-units")} == NOW
    offices = answer(nquads, "mainland-offices")
    assert sum(r["liaison_units"] for r in offices) == 11
    assert {r["office"]: r["status"] for r in offices} == {
        r["org"]: r["status"] for r in network if r["kind"] in (HKG + "BeijingOffice", HKG + "EconomicAndTradeOffice")}
    reporting = build_view(nquads, "reporting")
    assert {n: a["as_of_status"] for n, a in reporting.nodes(data=True) if a["kind"] == "LiaisonUnit"} == NOW
    assert reporting.graph["as_of_date"] == "2019-01-21"
    report = stats(nquads)
    assert sum(s.by_kind.get("LiaisonUnit", 0) for s in report.span_of_control) == 11
    assert report.date == "2019-01-21"


@pytest.mark.browser
def test_the_viewer_now_agrees(nquads: Path, tmp_path: Path) -> None:
    """The viewer's "now" shows the same eleven units, the nine possible ones drawn as possibly in force."""
    from playwright.sync_api import sync_playwright

    from export_helpers import static_server
    from hkgov_graph.export.views import export

    export(nquads, "reporting", "html", tmp_path / "reporting.html")
    with static_server(tmp_path) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "reporting.html")
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        page.click("#as-of-now")
        shown = page.evaluate("""(ids) => Object.fromEntries(ids.map((id) => {
            const n = window.hkgViewer.cy.getElementById(id);
            return [id, n.hasClass('hidden') ? 'hidden' : n.hasClass('possibly') ? 'possibly'
                        : n.hasClass('unknown') ? 'unknown' : 'in force'];
        }))""", UNITS)
        legend = page.locator("#legend-certainty").inner_text()
        browser.close()
    assert shown == NOW
    assert "可能運作中" in legend and "日期不詳" in legend
    assert errors == []


def test_a_read_end_is_not_called_stated(store: ox.Store) -> None:
    """000 gives the new office's opening (新辦事處於2005年9月26日落成啟用), not the day the Henderson Centre
    premises were left: the end of their use rests on the reading alone."""
    e = extent(store, "site/bjo-henderson-centre")
    assert (e["endEarliest"], e["endLatest"]) == ("2005-09-25", "2005-09-25")
    assert e["endBasis"] == {"Inferred"}
    assert e["startBasis"] == {"DatePrecision"}  # 剛成立時, read at the office's founding year, 1999
