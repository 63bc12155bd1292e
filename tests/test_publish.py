"""The static linked-data site: pages, per-resource RDF, dumps, VoID/DCAT, determinism, base rewriting."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from hkgov_graph import namespaces as ns
from hkgov_graph.cli import main
from hkgov_graph.errors import UsageError
from hkgov_graph.graph.build import conventional_language_tags
from hkgov_graph.outputs import MANIFEST_NAME
from hkgov_graph.publish.site import normalise_base, publish, write_site

BASE = ns.DEFAULT_BASE
OTHER_BASE = "https://example.org/hk-data/"
VOID = rdflib.Namespace(ns.VOID)
DCAT = rdflib.Namespace(ns.DCAT)
DCT = rdflib.Namespace(ns.DCTERMS)
HKG = rdflib.Namespace(ns.HKG)


@pytest.fixture(scope="session")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site published from the session's build."""
    return publish(tmp_path_factory.mktemp("publish") / "site", nquads=nquads).output_dir


@pytest.fixture(scope="session")
def store(nquads: Path) -> ox.Store:
    s = ox.Store()
    s.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return s


class Links(HTMLParser):
    """Collects hrefs, element ids and the cells of statement tables."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.rows: list[dict[str, list[str]]] = []
        self._cell: list[str | None] = []  # per statements table, innermost last (a skolemised node's
        self._row: list[dict[str, list[str]]] = []  # table sits inside a value cell of its owner's)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag in ("a", "link") and a.get("href"):
            self.hrefs.append(a["href"] or "")
            if self._cell and self._cell[-1]:
                self._row[-1][self._cell[-1]].append(a["href"] or "")
        if tag == "table" and "statements" in (a.get("class") or ""):
            self._cell.append(None)
            self._row.append({"value": [], "sources": [], "cells": []})
        if tag == "tr" and self._cell:
            self._row[-1] = {"value": [], "sources": [], "cells": []}
            self.rows.append(self._row[-1])
        if tag == "td" and self._cell:
            self._row[-1]["cells"].append(a.get("class") or "")
            self._cell[-1] = a["class"] if a.get("class") in ("value", "sources") else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell:
            self._cell[-1] = None
        if tag == "table" and self._cell:
            self._cell.pop()
            self._row.pop()


def parse_page(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def description(store: ox.Store, iri: str) -> rdflib.Graph:
    """The triples about ``iri`` and its skolemised blank nodes, from the dump (independently of the site code)."""
    graph = rdflib.Graph()
    todo, seen = [iri], {iri}
    while todo:
        node = todo.pop()
        for q in store.quads_for_pattern(ox.NamedNode(node), None, None, None):
            line = conventional_language_tags(f"{q.triple} .".encode())  # zh-hant -> zh-Hant, as the dumps
            graph.parse(data=line.decode(), format="nt")
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value.startswith(ns.GENID) and o.value not in seen:
                seen.add(o.value)
                todo.append(o.value)
    return graph


# -- Pages --

def test_every_resource_has_a_page_and_rdf_files(site: Path, store: ox.Store) -> None:
    """Each IRI under id/ in the dump has .html, .ttl, .jsonld and .nt at the path of its IRI."""
    iris = {t.value for q in store for t in (q.subject, q.object)
            if isinstance(t, ox.NamedNode) and t.value.startswith(BASE + "id/")}
    assert BASE + "id/office/bjo" in iris
    for iri in iris:
        stem = site / iri[len(BASE):]
        for ext in ("html", "ttl", "jsonld", "nt"):
            assert stem.with_name(stem.name + "." + ext).is_file(), (iri, ext)


def test_resource_rdf_files_are_its_description(site: Path, store: ox.Store) -> None:
    """bjo.ttl, bjo.jsonld and bjo.nt all hold exactly the resource's description."""
    expected = description(store, BASE + "id/office/bjo")
    assert len(expected) > 30
    for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        graph = rdflib.Graph().parse(site / "id" / "office" / f"bjo.{ext}", format=fmt)
        assert isomorphic(graph, expected), ext


def test_language_tags_keep_their_conventional_case(site: Path) -> None:
    """The files say zh-Hant, not the lower-cased zh-hant that Oxigraph writes."""
    for name in ("bjo.ttl", "bjo.nt", "bjo.jsonld", "bjo.html"):
        text = (site / "id" / "office" / name).read_text(encoding="utf-8")
        assert "zh-Hant" in text and "zh-hant" not in text, name


def test_jsonld_has_a_context(site: Path) -> None:
    """A resource's JSON-LD compacts its IRIs through an @context."""
    doc = json.loads((site / "id" / "office" / "bjo.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["skos"] == ns.SKOS
    assert any(node["@id"] == "office:bjo" for node in doc["@graph"])


def test_page_in_three_languages(site: Path) -> None:
    """The Beijing Office's page exists in English, Traditional and Simplified Chinese, each titled in its
    language, showing the other forms of the name and linking to the other languages."""
    pages = {lang: (site / "id" / "office" / name).read_text(encoding="utf-8")
             for lang, name in (("en", "bjo.html"), ("zh-Hant", "bjo.zh-Hant.html"), ("zh-Hans", "bjo.zh-Hans.html"))}
    assert "<h1>Office of the Government of the Hong Kong Special Administrative Region in Beijing</h1>" in pages["en"]
    assert "<h1>香港特別行政區政府駐北京辦事處</h1>" in pages["zh-Hant"]
    assert "<h1>香港特别行政区政府驻北京办事处</h1>" in pages["zh-Hans"]
    assert '<span lang="zh-Hant">香港特別行政區政府駐北京辦事處</span>' in pages["en"]
    assert '<html lang="zh-Hans">' in pages["zh-Hans"]
    assert 'hreflang="zh-Hant" href="bjo.zh-Hant.html"' in pages["en"]
    assert 'href="../bureau/cmab.zh-Hans.html"' in pages["zh-Hans"]


def test_page_opens_with_what_it_is(site: Path) -> None:
    """The page's first lines say what the office is and where it sits, before any table (issue 13)."""
    text = (site / "id" / "office" / "bjo.html").read_text(encoding="utf-8")
    summary = text.split('<header class="summary">', 1)[1].split("</header>", 1)[0]
    assert '<span class="kind">Beijing Office</span>' in summary
    assert "Administered by" in summary and "Founded 1999" in summary
    assert text.index('<header class="summary">') < text.index('<table class="statements">')


def test_person_page_names_post_and_term(site: Path) -> None:
    """朱曼鈴's page says, in its summary, that she was Director of the Beijing Office, 2012-07-18 – 2014-12-21."""
    text = (site / "id" / "person" / "chu-man-ling.html").read_text(encoding="utf-8")
    summary = text.split('<header class="summary">', 1)[1].split("</header>", 1)[0]
    assert ('<a href="../post/bjo-director.html" title="post:bjo-director">Director of the Beijing Office</a>, '
            "2012-07-18 – 2014-12-21") in summary
    assert 'href="../../graph/wikipedia-beijing-office.html"' in summary


def status_badge(site: Path, page: str) -> str:
    """The words of the status shown beside the page's title (its answer on the reference date, 2019-01-21)."""
    text = (site / "id" / page).read_text(encoding="utf-8")
    kinds = text.split('<p class="kinds">', 1)[1].split("</p>", 1)[0]
    return kinds.split('<span class="cert now', 1)[1].split(">", 1)[1].split("</span>", 1)[0]


def test_status_says_possibly_and_why(site: Path) -> None:
    """A status not certain now says "possibly" and its reason, not only a date: the Guangdong ETO was last
    attested by seed 001, written in or after December 2014 (自2014年12月以來), so on 2019-01-21 it is possibly
    in force; the Wuhan ETO was set up after the Guangdong ETO (seed 003: 該部門成立於2002年7月，是四個駐中國
    大陸經貿辦中最早成立的一個), no source says when, so its beginning is uncertain, not "last attested"."""
    assert status_badge(site, "office/gdeto.html") == "possibly in force on 2019-01-21 (last attested 2014-12)"
    assert status_badge(site, "office/gdeto.zh-Hans.html") == "2019-01-21时可能运作中（最后记载于2014-12）"
    assert status_badge(site, "office/wheto.html") == "possibly in force on 2019-01-21 (beginning uncertain)"
    assert status_badge(site, "office/wheto.zh-Hant.html") == "2019-01-21時可能運作中（開始日期不確定）"


def test_english_notes_on_chinese_pages_say_they_are_english(site: Path) -> None:
    """The editors' notes are untagged English (hkg:editorial has range xsd:string): on a Chinese page they are
    marked lang="en", so they are not read out or typeset as Chinese; the English page needs no mark. The
    Guangdong ETO's seat note quotes seed 003's 位於廣東省 and is still English."""
    note = "The article states the office is in Guangdong province (位於廣東省)"
    for name in ("gdeto.zh-Hant.html", "gdeto.zh-Hans.html"):
        text = (site / "id" / "office" / name).read_text(encoding="utf-8").split('<table class="statements">')[0]
        assert f'<span lang="en">{note}' in text, name
        assert '<span lang="en">Simplified Chinese label converted with OpenCC' in text, name
    english = (site / "id" / "office" / "gdeto.html").read_text(encoding="utf-8")
    assert f"：{note}" not in english and f'<span lang="en">{note}' not in english


def test_every_statement_names_its_sources(site: Path) -> None:
    """Each row of a statement table links to the named graph(s) that hold the statement."""
    rows = [row for row in parse_page(site / "id" / "office" / "bjo.html").rows if row["cells"]]
    assert len(rows) > 30
    for row in rows:
        assert row["sources"], row
        assert all("graph/" in href for href in row["sources"])
    sources = {h for row in rows for h in row["sources"]}
    assert "../../graph/wikipedia-beijing-office.html" in sources
    assert "../../graph/inferred.html" in sources


def test_relative_links_resolve_in_the_site(site: Path) -> None:
    """Every relative link of every page names a file of the site, and its #fragment an element of it."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 200
    ids: dict[Path, set[str]] = {}
    for page in pages:
        for href in parse_page(page).hrefs:
            if href.startswith(("http://", "https://")) or href == "sparql":
                continue
            path, _, fragment = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            assert target.is_file() and target.is_relative_to(site), (page, href)
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = parse_page(target).ids
                assert fragment in ids[target], (page, href)


def test_links_between_resources(site: Path) -> None:
    """The Beijing Office's page links to its bureau and its liaison units, relatively."""
    hrefs = set(parse_page(site / "id" / "office" / "bjo.html").hrefs)
    assert "../bureau/cmab.html" in hrefs
    assert "../liaison-unit/tianjin.html" in hrefs
    assert "bjo.ttl" in hrefs and "bjo.jsonld" in hrefs and "bjo.nt" in hrefs


def test_index_by_kind(site: Path) -> None:
    """id/index.html lists every kind; id/office/index.html lists the offices."""
    index = parse_page(site / "id" / "index.html").hrefs
    assert "office/bjo.html" in index and "office/index.html" in index
    offices = parse_page(site / "id" / "office" / "index.html").hrefs
    assert "bjo.html" in offices and "gdeto.html" in offices
    assert (site / "index.html").is_file() and (site / "graph" / "index.html").is_file()


def test_the_office_index_is_not_called_mainland_offices(site: Path) -> None:
    """id/office/ holds an office in Taiwan and the overseas ETOs beside the Mainland ones (001, 參見:
    香港經濟貿易文化辦事處（駐台灣機構）): its index is "Offices", not "Mainland offices"."""
    import re

    offices = parse_page(site / "id" / "office" / "index.html").hrefs
    assert "hketco.html" in offices and "bjo.html" in offices
    for name, title in (("index.html", "Offices"), ("index.zh-Hant.html", "辦事處"), ("index.zh-Hans.html", "办事处")):
        text = (site / "id" / "office" / name).read_text(encoding="utf-8")
        assert re.search(r"<h1[^>]*>([^<]*)</h1>", text).group(1) == title, name
        assert "Mainland offices" not in text and "駐內地辦事處" not in text and "驻内地办事处" not in text, name


def test_every_kind_is_named_in_each_language(site: Path) -> None:
    """The index names each kind of resource in the page's language, never by its folder's name (agreement, fund,
    grant, plan, zone, reading were shown as such in all three languages)."""
    import re

    kinds = sorted(p.name for p in (site / "id").iterdir() if p.is_dir())
    for name in ("index.html", "index.zh-Hant.html", "index.zh-Hans.html"):
        text = (site / "id" / name).read_text(encoding="utf-8")
        headings = dict(re.findall(r'<h2><a href="([\w-]+)/index[^"]*">([^<]*)</a>', text))
        assert sorted(headings) == kinds
        assert [kind for kind, heading in headings.items() if heading == kind] == [], name
    zh_hant = (site / "id" / "reading" / "index.zh-Hant.html").read_text(encoding="utf-8")
    assert "<h1>對來源的解讀</h1>" in zh_hant


def test_reading_is_called_by_the_triple_it_reads(site: Path) -> None:
    """A reading's page is titled by what it reads, with rdf:subject, rdf:predicate and rdf:object named, not by
    IRIs; so is the line that refers to it from the Beijing Office. Seed 000 says 香港特區政府於2015年4月27日成立
    駐遼寧聯絡處（位於瀋陽）, not that the unit is under the office: the data reads it so."""
    reading = site / "id" / "reading" / "wikipedia-beijing-office-liaoning-unit-of"
    zh_hant = reading.with_suffix(".zh-Hant.html").read_text(encoding="utf-8")
    assert "<h1>解讀：駐遼寧聯絡處 — 屬下單位：香港特別行政區政府駐北京辦事處</h1>" in zh_hant
    english = reading.with_suffix(".html").read_text(encoding="utf-8")
    assert ("<h1>Reading: Liaoning Liaison Unit — unit of: Office of the Government of the Hong Kong Special "
            "Administrative Region in Beijing</h1>") in english
    facts = english.split('<table class="statements">', 1)[0]
    assert ">subject</a>" in facts and ">predicate</a>" in facts and ">object</a>" in facts
    assert "<code>http://www.w3.org/1999/02/22-rdf-syntax-ns#" not in facts
    office = (site / "id" / "office" / "bjo.html").read_text(encoding="utf-8").split('<table class="statements">')[0]
    assert ">Reading: Liaoning Liaison Unit — unit of: Office of the Government" in office
    assert ">https://w3id.org/hkgov-graph/id/reading/" not in office


def test_relations_and_terms_are_listed_by_what_they_are(site: Path) -> None:
    """The index of reporting relations and of terms of office names each by what it is, as its page's title
    does, not by its compact IRI: seed 000's 原隸屬政制事務局 (relation:bjo-cab) and 朱曼鈴 as 駐京辦主任."""
    import re

    relations = (site / "id" / "relation" / "index.zh-Hant.html").read_text(encoding="utf-8")
    assert '<a href="bjo-cab.zh-Hant.html" title="relation:bjo-cab">香港特別行政區政府駐北京辦事處隸屬政制事務局</a>' \
        in relations
    terms = (site / "id" / "membership" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'title="membership:bjo-director-3">朱曼鈴, Director of the Beijing Office</a>', terms)
    assert '"><code class="curie">relation:' not in relations and '"><code class="curie">membership:' not in terms


def test_ontology_page_documents_every_term(site: Path) -> None:
    """Every term of ontology/hkgov.ttl has an anchor with its labels and comments in English and Chinese."""
    from markupsafe import escape

    ontology = rdflib.Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "hkgov.ttl")
    page_text = (site / "ontology.html").read_text(encoding="utf-8")
    anchors = parse_page(site / "ontology.html").ids
    terms = {s for s in ontology.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(ns.HKG)}
    assert len(terms) > 40
    for term in terms:
        assert str(term)[len(ns.HKG):] in anchors, term
        for predicate in (rdflib.RDFS.label, rdflib.RDFS.comment):
            values = {(o.language, str(o)) for o in ontology.objects(term, predicate)}
            assert {lang for lang, _ in values} >= {"en", "zh-Hant"}, (term, predicate)
            for _, text in values:
                assert escape(text) in page_text, (term, text)
    assert (site / "ontology.ttl").is_file()


def test_ontology_page_in_simplified_has_simplified_headings(site: Path) -> None:
    """The ontology's page shows English headings with Chinese beside them: on the Simplified page the Chinese is
    Simplified (类别, 标签), not the Traditional of the other two pages."""
    simplified = (site / "ontology.zh-Hans.html").read_text(encoding="utf-8")
    assert '<h2>Classes <span class="zh" lang="zh-Hans">类别</span></h2>' in simplified
    assert '<dt>Label <span lang="zh-Hans">标签</span> (en)</dt>' in simplified
    assert [w for w in ("標籤</span> (", "說明</span> (", "類別</span></h2>") if w in simplified] == []
    traditional = (site / "ontology.zh-Hant.html").read_text(encoding="utf-8")
    assert '<h2>Classes <span class="zh" lang="zh-Hant">類別</span></h2>' in traditional


def test_graph_pages_describe_the_sources(site: Path) -> None:
    """Each named graph has a page with its title and source URL."""
    text = (site / "graph" / "wikipedia-beijing-office.html").read_text(encoding="utf-8")
    assert "香港特別行政區政府駐北京辦事處" in text
    assert "https://zh.wikipedia.org/wiki/" in text


# -- Dumps and the dataset description --

def test_graph_index_names_each_kind_of_graph(site: Path) -> None:
    """The index of named graphs says what each graph is in the page's language (來源文件, 編輯補充), not as
    hkg:SourceDocument: seed 002 is the LegCo paper, a source document."""
    import re

    text = (site / "graph" / "index.zh-Hant.html").read_text(encoding="utf-8")
    row = r'title="(graph:[\w-]+)".*?</code></td><td>([^<]*)</td><td class="number">'
    rows = dict(re.findall(row, text))
    assert rows["graph:legco-cb2-2193-11-12-01"].startswith("來源文件、")
    assert rows["graph:editorial-names"].startswith("編輯補充、")
    assert "hkg:" not in text.split("<tbody>", 1)[1]
    english = (site / "graph" / "index.html").read_text(encoding="utf-8")
    assert "<td>Source document, " in english


def test_dumps_parse_and_agree(site: Path, nquads: Path) -> None:
    """Turtle, N-Triples, N-Quads, TriG and JSON-LD dumps hold the same data; the .gz files hold the same bytes."""
    dumps = site / "dumps"
    quads = rdflib.Dataset().parse(nquads, format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in quads.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(rdflib.Graph().parse(dumps / "hkgov-graph.ttl", format="turtle"), union)
    assert isomorphic(rdflib.Graph().parse(dumps / "hkgov-graph.nt", format="nt"), union)
    nq_lines = set(nquads.read_bytes().splitlines())
    assert set((dumps / "hkgov-graph.nq").read_bytes().splitlines()) == nq_lines
    for name, fmt in (("hkgov-graph.trig", "trig"), ("hkgov-graph.jsonld", "json-ld")):
        dataset = rdflib.Dataset().parse(dumps / name, format=fmt)
        graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert graphs >= {BASE + "graph/wikipedia-beijing-office", ns.INFERRED_GRAPH, ns.ONTOLOGY_GRAPH}, name
        assert sum(1 for _ in dataset.quads((None, None, None, None))) == len(nq_lines), name
    assert "@context" in json.loads((dumps / "hkgov-graph.jsonld").read_text(encoding="utf-8"))
    for plain in ("hkgov-graph.ttl", "hkgov-graph.nt", "hkgov-graph.nq", "hkgov-graph.trig", "hkgov-graph.jsonld"):
        packed = (dumps / (plain + ".gz")).read_bytes()
        assert gzip.decompress(packed) == (dumps / plain).read_bytes()
        assert packed[4:8] == b"\0\0\0\0", "gzip mtime must be fixed"


def test_void_and_dcat_description(site: Path, nquads: Path) -> None:
    """dataset.ttl: licence, the five seed documents as sources, counts, examples, endpoint, distributions."""
    d = rdflib.URIRef(BASE + "dataset")
    g = rdflib.Graph().parse(site / "dataset.ttl", format="turtle")
    assert (d, rdflib.RDF.type, VOID.Dataset) in g and (d, rdflib.RDF.type, DCAT.Dataset) in g
    assert (d, DCT.license, rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    sources = {str(o) for o in g.objects(d, DCT.source)}
    seeds = {BASE + "graph/" + name for name in (
        "wikipedia-beijing-office", "wikipedia-mainland-etos", "legco-cb2-2193-11-12-01",
        "wikipedia-guangdong-eto", "wikipedia-beijing-offices")}
    assert seeds <= sources
    graphs = {str(x.identifier) for x in rdflib.Dataset().parse(nquads, format="nquads").graphs()}
    assert sources <= graphs
    titles = set(g.objects(d, DCT.title))
    assert sorted(t.language for t in titles) == ["en", "zh-Hans", "zh-Hant"], "one title per language"
    assert len(set(g.objects(d, VOID.triples))) == 1
    union = {line for line in (site / "dumps" / "hkgov-graph.nt").read_bytes().splitlines() if line}
    assert int(g.value(d, VOID.triples)) == len(union)
    data = rdflib.Graph().parse(site / "dumps" / "hkgov-graph.nt", format="nt")
    entities = {s for s in data.subjects() if str(s).startswith(BASE + "id/")}
    assert int(g.value(d, VOID.entities)) == len(entities)
    assert int(g.value(d, VOID.classes)) == len(set(data.objects(None, rdflib.RDF.type)))
    assert int(g.value(d, VOID.properties)) == len(set(data.predicates()))
    assert (d, VOID.sparqlEndpoint, rdflib.URIRef(BASE + "sparql")) in g
    assert (d, VOID.exampleResource, rdflib.URIRef(BASE + "id/office/bjo")) in g
    distributions = list(g.objects(d, DCAT.distribution))
    downloads = {str(g.value(x, DCAT.downloadURL)): int(g.value(x, DCAT.byteSize)) for x in distributions
                 if g.value(x, DCAT.downloadURL) is not None}
    assert len(downloads) == 10
    for url, size in downloads.items():
        assert (site / url[len(BASE):]).stat().st_size == size
    assert rdflib.Graph().parse(site / "dataset.jsonld", format="json-ld").isomorphic(g)


def test_every_named_graph_in_dataset_ttl_says_what_it_is(site: Path) -> None:
    """dataset.ttl gives every named graph a title and a description, the build's derived graph and the ontology too."""
    g = rdflib.Graph().parse(site / "dataset.ttl", format="turtle")
    subsets = set(g.objects(rdflib.URIRef(BASE + "dataset"), VOID.subset))
    assert rdflib.URIRef(BASE + "graph/inferred") in subsets and rdflib.URIRef(BASE + "ontology") in subsets
    assert [str(x) for x in subsets if g.value(x, DCT.title) is None or g.value(x, DCT.description) is None] == []


def test_source_graphs_in_dataset_ttl_lead_to_their_documents(site: Path) -> None:
    """A source's graph in dataset.ttl gives the document's web address, identifiers and date of issue."""
    g = rdflib.Graph().parse(site / "dataset.ttl", format="turtle")
    guangdong = rdflib.URIRef(BASE + "graph/wikipedia-guangdong-eto")
    # data/wikipedia-guangdong-eto.ttl: the article 香港特別行政區政府駐粵經濟貿易辦事處 on zh.wikipedia.org (seed 003)
    article = rdflib.URIRef("https://zh.wikipedia.org/wiki/%E9%A6%99%E6%B8%AF%E7%89%B9%E5%88%A5%E8%A1%8C%E6%94%BF"
                            "%E5%8D%80%E6%94%BF%E5%BA%9C%E9%A7%90%E7%B2%B5%E7%B6%93%E6%BF%9F%E8%B2%BF%E6%98%93"
                            "%E8%BE%A6%E4%BA%8B%E8%99%95")
    assert set(g.objects(guangdong, rdflib.FOAF.page)) == {article}
    assert (article, rdflib.RDF.type, rdflib.FOAF.Document) in g
    assert rdflib.Literal("003_3200898d5f1982e4.txt") in set(g.objects(guangdong, DCT.identifier))
    legco = rdflib.URIRef(BASE + "graph/legco-cb2-2193-11-12-01")
    # seed 002 is LC Paper No. CB(2)2193/11-12(01), signed 政制及內地事務局 / 候任行政長官辦公室, 2012 年 5 月
    assert rdflib.Literal("CB(2)2193/11-12(01)") in set(g.objects(legco, DCT.identifier))
    assert list(g.objects(legco, DCT.issued)) == [rdflib.Literal("2012-05", datatype=rdflib.XSD.gYearMonth)]


def test_void_vocabularies_include_dublin_core_and_foaf(site: Path) -> None:
    """void:vocabulary lists DCMI terms and FOAF, which the dump uses (dcterms:source, foaf:Person), with the others."""
    g = rdflib.Graph().parse(site / "dataset.ttl", format="turtle")
    vocabularies = {str(o) for o in g.objects(rdflib.URIRef(BASE + "dataset"), VOID.vocabulary)}
    assert {ns.DCTERMS, ns.FOAF, ns.ORG, ns.PROV, ns.TIME, ns.SKOS, ns.SCHEMA, ns.HKG} <= vocabularies


def test_robots_and_sitemap(site: Path) -> None:
    """robots.txt points at the sitemap; every sitemap entry is a page of the site."""
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text()
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert BASE + "id/office/bjo.html" in locs and BASE + "ontology.html" in locs
    for loc in locs:
        assert loc.startswith(BASE)
        local = site / loc[len(BASE):]
        assert local.is_file() or (local / "index.html").is_file(), loc


# -- Determinism, atomicity, base --

def test_two_runs_give_identical_bytes(nquads: Path, tmp_path: Path) -> None:
    """Two publish runs (separate processes, different hash seeds) write byte-identical sites."""
    sites = []
    for seed in ("1", "2"):
        out = tmp_path / f"site{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "hkgov_graph", "publish", "-o", str(out), "--input", str(nquads)],
                       check=True, env=env, capture_output=True)
        sites.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert sites[0].keys() == sites[1].keys()
    different = [str(p) for p in sites[0] if sites[0][p] != sites[1][p]]
    assert not different


def test_worker_processes_write_the_same_bytes(site: Path, nquads: Path, tmp_path: Path) -> None:
    """Resource pages rendered by two forked workers, the rest made meanwhile in a thread: the same files, the
    same bytes as one process writes (the project's data is below the size where workers start by themselves)."""
    out = publish(tmp_path / "site", nquads=nquads, workers=2).output_dir
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert Path("id/office/bjo.zh-Hant.html") in files and Path("dumps/hkgov-graph.jsonld.gz") in files
    different = [str(p) for p in files if (out / p).read_bytes() != (site / p).read_bytes()]
    assert not different


def test_an_error_in_a_worker_fails_the_publish(nquads: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    """A resource that cannot be rendered in a worker process stops publish with that error; the old site stays."""
    import hkgov_graph.publish.parallel as parallel

    out = tmp_path / "site"
    out.mkdir()
    (out / "marker").write_text("previous")
    (out / MANIFEST_NAME).write_text('{"command": "publish"}')
    render = parallel.resource_files_of

    def failing(site: object, iri: str) -> object:
        if iri.endswith("/id/office/bjo"):
            raise ValueError("cannot render " + iri)
        return render(site, iri)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "resource_files_of", failing)  # inherited by the forked workers
    with pytest.raises(ValueError, match=r"cannot render .*/id/office/bjo"):
        publish(out, nquads=nquads, workers=2)
    assert (out / "marker").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_base_rewrites_every_iri(nquads: Path, tmp_path: Path) -> None:
    """--base moves resources, ontology, graphs and the dataset to the new base in every file."""
    out = tmp_path / "site"
    assert main(["publish", "-o", str(out), "--input", str(nquads), "--base", OTHER_BASE]) == 0
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            assert b"w3id.org/hkgov-graph" not in data, path
    bjo = rdflib.Graph().parse(out / "id" / "office" / "bjo.ttl", format="turtle")
    subject = rdflib.URIRef(OTHER_BASE + "id/office/bjo")
    assert (subject, rdflib.RDF.type, rdflib.URIRef(OTHER_BASE + "ontology#BeijingOffice")) in bjo
    void = rdflib.Graph().parse(out / "dataset.ttl", format="turtle")
    dataset = rdflib.URIRef(OTHER_BASE + "dataset")
    assert (dataset, VOID.sparqlEndpoint, rdflib.URIRef(OTHER_BASE + "sparql")) in void
    assert (dataset, DCT.source, rdflib.URIRef(OTHER_BASE + "graph/wikipedia-beijing-office")) in void
    quads = rdflib.Dataset().parse(out / "dumps" / "hkgov-graph.nq", format="nquads")
    graphs = {str(g.identifier) for g in quads.graphs() if len(g)}
    assert OTHER_BASE + "graph/inferred" in graphs and OTHER_BASE + "ontology" in graphs


def test_a_bad_base_is_a_usage_error(nquads: Path, tmp_path: Path) -> None:
    """A base that is not an absolute http(s) IRI is refused with exit code 2."""
    with pytest.raises(UsageError):
        normalise_base("ftp://example.org/")
    assert normalise_base("https://example.org/x") == "https://example.org/x/"
    assert main(["publish", "-o", str(tmp_path / "s"), "--input", str(nquads), "--base", "not-a-url"]) == 2


def test_failed_publish_leaves_the_previous_site(nquads: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    """An error while writing keeps the previous site as it was and leaves no temporary folder."""
    import hkgov_graph.publish.site as publish_module

    out = tmp_path / "site"
    out.mkdir()
    (out / "marker").write_text("previous")
    (out / MANIFEST_NAME).write_text('{"command": "publish"}')  # an earlier site

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(publish_module.Path, "write_bytes", broken)
    with pytest.raises(OSError):
        publish(out, nquads=nquads)
    assert (out / "marker").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_error_in_the_writer_thread_fails_the_publish(nquads: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are written by a background thread as they are made; its error stops publish, the old site stays."""
    import hkgov_graph.publish.writer as writer_module

    out = tmp_path / "site"
    out.mkdir()
    (out / "marker").write_text("previous")
    (out / MANIFEST_NAME).write_text('{"command": "publish"}')
    written = []

    def failing_open(path: object, mode: str = "r") -> object:
        written.append(path)
        if len(written) > 100:
            raise OSError("disk full")
        return open(path, mode)

    monkeypatch.setattr(writer_module, "open", failing_open, raising=False)
    with pytest.raises(OSError, match="disk full"):
        publish(out, nquads=nquads)
    assert len(written) > 100
    assert (out / "marker").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_streamed_dumps_are_the_sorted_documents(store: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dumps publish writes a subject at a time are byte for byte the documents made by sorting everything.

    With a default graph beside the named ones, a repeated triple, a
    Chinese-tagged literal and an IRI that is a prefix of another, on top of
    the real data; the line-based dumps are sorted in runs of a few subjects
    (at a million triples, 20,000), so that runs meet many times.
    """
    import hkgov_graph.publish.serialise as serialise_module
    from hkgov_graph.graph.build import serialise
    from hkgov_graph.publish.model import prefixes_for
    from hkgov_graph.publish.serialise import (
        dataset_jsonld,
        dataset_nquads,
        dataset_ntriples,
        dataset_to_jsonld,
        dataset_trig,
        dataset_turtle,
        to_trig,
        to_turtle,
    )

    copy = ox.Store()
    copy.extend(store)
    a, ab = ox.NamedNode(BASE + "id/x/a"), ox.NamedNode(BASE + "id/x/a-b")
    label = ox.NamedNode(ns.SKOS + "prefLabel")
    copy.add(ox.Quad(a, label, ox.Literal("甲", language="zh-Hant"), ox.DefaultGraph()))
    copy.add(ox.Quad(ab, label, ox.Literal("乙", language="zh-Hant"), ox.DefaultGraph()))
    copy.add(ox.Quad(ab, label, ox.Literal("乙", language="zh-Hant"), ox.NamedNode(BASE + "graph/inferred")))
    prefixes = prefixes_for(BASE)
    quads = list(copy)
    union = {q.triple for q in quads}
    monkeypatch.setattr(serialise_module, "SUBJECTS_PER_CHUNK", 7)
    nquads, ntriples = serialise(copy)
    assert len(dataset_nquads(copy)) > 100
    assert b"".join(dataset_nquads(copy)) == nquads
    assert b"".join(dataset_ntriples(copy)) == ntriples
    assert serialise_module.gzip_bytes(dataset_nquads(copy)) == serialise_module.gzip_bytes(nquads)
    assert dataset_turtle(copy, prefixes) == to_turtle(union, prefixes)
    assert dataset_trig(copy, prefixes) == to_trig(quads, prefixes)
    assert dataset_jsonld(copy, prefixes) == dataset_to_jsonld(quads, prefixes)


def test_markup_in_labels_is_shown_as_text(tmp_path: Path) -> None:
    """A label holding <script> is escaped on the page, in the title and in the index."""
    store = ox.Store()
    trig = f"""
    @prefix skos: <{ns.SKOS}> . @prefix hkg: <{ns.HKG}> .
    <{BASE}graph/test> {{
        <{BASE}graph/test> a hkg:SourceDocument ; <{ns.DCTERMS}title> "<b>bold</b> source"@en .
        <{BASE}id/office/evil> a hkg:MainlandOffice ;
            skos:prefLabel "<script>alert('x')</script>"@en , "<img src=x onerror=alert(1)>"@zh-Hant ;
            <{ns.DCTERMS}description> "\\"><script>alert(2)</script>" .
    }}"""
    store.load(trig.encode(), format=ox.RdfFormat.TRIG)
    out = write_site(store, tmp_path / "site").output_dir
    for page in ("id/office/evil.html", "id/office/index.html", "id/index.html", "graph/test.html", "index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "<script>" not in text and "<img" not in text and "<b>" not in text, page
    text = (out / "id/office/evil.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert "<title>&lt;script&gt;" in text


def test_search_index_agrees_with_the_name_matcher(site: Path) -> None:
    """search/index.js holds every resource's names in the name matcher's normal form, so 驻粤经贸办 and 駐粵經貿辦
    both reach the Guangdong ETO (seed 003's 駐粵經貿辦) and the browser's character table brings any label of
    the graph to the same form as query/names.py does."""
    from hkgov_graph.publish.search import normalise as index_form
    from hkgov_graph.query.names import normalise as matcher_form

    text = (site / "search" / "index.js").read_text(encoding="utf-8")
    assert text.startswith("window.HKGOV_SEARCH=") and text.endswith(";\n")
    data = json.loads(text[len("window.HKGOV_SEARCH="):-2])
    paths = [item[0] for item in data["items"]]
    gdeto = paths.index("id/office/gdeto")
    assert ["驻粤经贸办", gdeto] in [entry[:2] for entry in data["names"]]
    assert index_form("駐粵經貿辦", data["table"]) == "驻粤经贸办"
    for item in data["items"]:
        assert (site / (item[0] + ".html")).is_file()
        for label in item[4].values():
            assert index_form(label, data["table"]) == matcher_form(label), label
    assert (site / "search" / "search.js").is_file() and (site / "search.zh-Hant.html").is_file()
