"""A source document's page says what the document speaks of: its resources by kind, linked, bounded.

Expected names are the seeds' own words (quoted where used); the bounded list
is checked on a small made-up document that names more resources than a page
lists.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from hkgov_graph.graph.persistent import open_current
from hkgov_graph.publish.contents import LISTED, PER_KIND, listing_query
from hkgov_graph.publish.model import SiteModel
from hkgov_graph.publish.pages import Site
from hkgov_graph.serve.ondemand import StorePages

BASE = "https://w3id.org/hkgov-graph/"
BEIJING_OFFICE_DOCUMENT = "graph/wikipedia-beijing-office"  # seed 000 (hkg:seedFile 000_fa51d262588c4ee4.txt)


@pytest.fixture(scope="module")
def pages(nquads: Path) -> StorePages:
    store = open_current(nquads)
    assert store is not None, "the build's store should be current"
    return StorePages(store, BASE)


def contents_section(html: str) -> str:
    found = re.search(r'<section id="contents">(.*?)</section>', html, re.S)
    assert found, "the page has no contents section"
    return found[1]


def kinds_listed(section: str) -> dict[str, list[tuple[str, str]]]:
    """Each kind's heading (its words) -> the (link, text) of each resource listed under it."""
    out = {}
    for heading, items in re.findall(r"<dt>(.*?) <span.*?</dt>\s*<dd>(.*?)</dd>", section, re.S):
        out[heading] = [(href, unescape(re.sub(r"<[^>]+>", "", text)))
                        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', items)]
    return out


def page_text(pages: StorePages, path: str) -> str:
    page = pages.page("/" + path)
    assert page is not None, path
    return page.body.decode()


def test_beijing_office_document_lists_its_office_units_and_bureaus(pages: StorePages) -> None:
    """Seed 000's page (Traditional Chinese) lists the Beijing Office, its two liaison units and both bureaus."""
    kinds = kinds_listed(contents_section(page_text(pages, BEIJING_OFFICE_DOCUMENT + ".zh-Hant.html")))
    # seed 000: "香港特別行政區政府駐北京辦事處原隸屬政制事務局，2007年7月1日決策局重組後劃入新成立的政制及內地事務局"
    assert ("../id/office/bjo.zh-Hant.html", "香港特別行政區政府駐北京辦事處") in kinds["辦事處"]
    assert {text for _, text in kinds["決策局"]} == {"政制事務局", "政制及內地事務局"}
    # seed 000: "香港特區政府於2015年4月27日成立駐遼寧聯絡處",
    # "香港特別行政區政府駐天津聯絡處於2017年2月17日開始運作"
    assert {text for _, text in kinds["聯絡處"]} == {"駐遼寧聯絡處", "駐天津聯絡處"}


def test_labels_follow_the_page_language(pages: StorePages) -> None:
    """The English page names the Beijing Office in English, the Simplified page in Simplified script."""
    english = kinds_listed(contents_section(page_text(pages, BEIJING_OFFICE_DOCUMENT + ".html")))
    # seed 000: "英語：Office of the Government of the Hong Kong Special Administrative Region in Beijing"
    assert ("../id/office/bjo.html", "Office of the Government of the Hong Kong Special Administrative Region "
            "in Beijing") in english["Offices"]
    simplified = kinds_listed(contents_section(page_text(pages, BEIJING_OFFICE_DOCUMENT + ".zh-Hans.html")))
    # the editorial conversion (OpenCC t2s) of 香港特別行政區政府駐北京辦事處
    assert ("../id/office/bjo.zh-Hans.html", "香港特别行政区政府驻北京办事处") in simplified["办事处"]


def test_summary_counts_the_documents_statements(pages: StorePages) -> None:
    """The page says how many statements the document's graph holds, as many as the store has in it."""
    section = contents_section(page_text(pages, BEIJING_OFFICE_DOCUMENT + ".html"))
    graph = ox.NamedNode(BASE + BEIJING_OFFICE_DOCUMENT)
    statements = sum(1 for _ in pages.store.quads_for_pattern(None, None, None, graph))
    resources = len(list(pages.store.query(listing_query(graph.value, BASE))))
    assert f"This document gives the graph {statements:,} statements; they name {resources:,} resources." in section


def test_a_seed_document_lists_everything_it_names(pages: StorePages) -> None:
    """A seed's graph names fewer resources than a page lists: no "more" line, no query to run."""
    section = contents_section(page_text(pages, "graph/wikipedia-guangdong-eto.html"))
    assert 'class="contents-more"' not in section and "<details" not in section
    # seed 003: the Guangdong ETO, "香港特別行政區政府駐粵經濟貿易辦事處"
    assert "../id/office/gdeto.html" in [href for links in kinds_listed(section).values() for href, _ in links]


def test_other_pages_have_no_contents_section(pages: StorePages) -> None:
    """An office's page and an editorial graph's page do not list what a document speaks of."""
    assert 'id="contents"' not in page_text(pages, "id/office/bjo.html")
    assert 'id="contents"' not in page_text(pages, "graph/editorial-names.html")


# -- A document that names more than a page lists --

KINDS = ("government", "bureau", "department", "office", "liaison-unit", "division")  # in the page's kind order
PER_MADE_UP_KIND = 50
MADE_UP = BASE + "graph/made-up"


@pytest.fixture(scope="module")
def large_document() -> str:
    """The English page of a made-up source document that names 50 resources of each of six kinds."""
    store = ox.Store()
    graph = ox.NamedNode(MADE_UP)
    label = ox.NamedNode(ns_skos("prefLabel"))
    store.add(ox.Quad(graph, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode(BASE + "ontology#SourceDocument"), graph))
    for kind in KINDS:
        for i in range(PER_MADE_UP_KIND):
            iri = ox.NamedNode(f"{BASE}id/{kind}/r{i:03d}")
            store.add(ox.Quad(iri, label, ox.Literal(f"{kind} {i:03d}", language="en"), graph))
    model = SiteModel.lazy(store, BASE)
    paths = [f"id/{kind}/r{i:03d}" for kind in KINDS for i in range(PER_MADE_UP_KIND)] + ["graph/made-up"]
    return Site(model, paths).resource_page(MADE_UP, "en").decode()


def ns_skos(local: str) -> str:
    return "http://www.w3.org/2004/02/skos/core#" + local


def test_large_document_lists_a_bounded_number(large_document: str) -> None:
    """300 resources named: 40 of each of the first five kinds are listed (200), of the sixth none, each kind
    named with its count."""
    assert (PER_KIND, LISTED) == (40, 200)  # the numbers below are worked out for these bounds
    section = contents_section(large_document)
    kinds = kinds_listed(section)
    assert list(kinds) == ["Governments", "Policy bureaus", "Departments", "Offices", "Liaison units", "Divisions"]
    assert [len(links) for links in kinds.values()] == [40, 40, 40, 40, 40, 0]
    assert section.count('<span class="count">(50)</span>') == 6
    # by IRI within a kind: r000 .. r039
    assert [text for _, text in kinds["Offices"]] == [f"office {i:03d}" for i in range(40)]


def test_large_document_says_how_many_more_and_where(large_document: str) -> None:
    """Each kind says how many it leaves out; the page says 100 more and links to the query for all 300."""
    section = contents_section(large_document)
    assert section.count('<li class="more">and 10 more</li>') == 5
    assert section.count('<li class="more">50 not listed</li>') == 1
    assert "This document gives the graph 301 statements; they name 300 resources." in section
    assert "100 more are not listed here; the query below lists all 300." in section
    link = unescape(re.search(r'<p class="contents-more">.*?<a href="([^"]+)"', section, re.S)[1])
    assert urlsplit(link).path == "../sparql"
    query = parse_qs(urlsplit(link).query)["query"][0]
    assert query == listing_query(MADE_UP, BASE)
    assert unescape(re.search(r"<pre><code>(.*?)</code></pre>", section, re.S)[1]) == query


def test_listing_query_finds_what_a_document_names_and_nothing_else() -> None:
    """The page's query finds a resource the document describes and one it only points to, not another graph's."""
    store = ox.Store()
    graph = ox.NamedNode(MADE_UP)
    office = ox.NamedNode(BASE + "id/office/r000")
    store.add(ox.Quad(office, ox.NamedNode(ns_skos("prefLabel")), ox.Literal("x"), graph))
    store.add(ox.Quad(office, ox.NamedNode("https://schema.org/areaServed"), ox.NamedNode(BASE + "id/region/fujian"),
                      graph))
    store.add(ox.Quad(ox.NamedNode(BASE + "id/office/elsewhere"), ox.NamedNode(ns_skos("prefLabel")),
                      ox.Literal("x"), ox.NamedNode(BASE + "graph/other")))
    found = [row[0].value for row in store.query(listing_query(MADE_UP, BASE))]
    assert found == [BASE + "id/office/r000", BASE + "id/region/fujian"]
