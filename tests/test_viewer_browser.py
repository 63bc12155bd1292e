"""The HTML viewer in a real browser: Debian's chromium driven by Playwright, the page
served by a real HTTP server on 127.0.0.1 (``python -m http.server``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from export_helpers import EVIL_OFFICE, HOSTILE, static_server, write_hostile_data
from hkgov_graph.export.views import VIEWS, build_view, export, open_store
from hkgov_graph.graph.load import load_dataset

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
ID = "https://w3id.org/hkgov-graph/id/"
BJO = ID + "office/bjo"
CMAB = ID + "bureau/cmab"
LEGCO_TITLE = "香港特別行政區政府推動與內地合作的工作分工"


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Every view as a viewer page, plus one built from hostile labels, served over HTTP."""
    folder = tmp_path_factory.mktemp("site")
    graphs = {view: export(nquads, view, "html", folder / f"{view}.html") for view in VIEWS}
    hostile = load_dataset(write_hostile_data(tmp_path_factory.mktemp("hostile-data")))
    graphs["hostile"] = export(hostile, "reporting", "html", folder / "hostile.html")
    with static_server(folder) as base:
        yield {"base": base, "graphs": graphs}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    page = context.new_page()
    page.errors = []
    page.dialogs = []
    page.requests = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def open_view(page, site, name: str) -> None:
    page.goto(site["base"] + f"{name}.html")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)


def visible(page) -> dict[str, int]:
    return page.evaluate("window.hkgViewer.counts()")


def click_node(page, iri: str) -> None:
    """Click a node where the browser drew it, as a person would."""
    point = page.evaluate("""(id) => {
        const node = window.hkgViewer.cy.getElementById(id);
        const p = node.renderedPosition();
        const box = document.getElementById('cy').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", iri)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#details-body .name")


def edge_ids(graph: nx.Graph) -> set[str]:
    return {f"{u} {k} {v}" for u, v, k in graph.edges(keys=True)}


@pytest.mark.parametrize("view", VIEWS)
def test_rendered_counts_match_export(page, site, view):
    """The page draws as many nodes and edges as the exported graph has."""
    open_view(page, site, view)
    graph = site["graphs"][view]
    assert visible(page) == {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    assert page.locator("#counts").get_attribute("data-nodes") == str(graph.number_of_nodes())
    assert page.errors == []


@pytest.mark.parametrize("view", VIEWS)
def test_browser_date_filter_agrees_with_python(page, site, nquads, view):
    """For a range of dates the browser keeps exactly the nodes and edges the Python export keeps."""
    open_view(page, site, view)
    store = open_store(nquads)
    for as_of in ("1998", "2002-07", "2005", "2007", "2007-07-01", "2012-05", "2015-04-27", "2016", "now", "all"):
        graph = build_view(store, view, as_of)
        sets = page.evaluate("(m) => { const s = window.hkgViewer.visibleSets(m); "
                             "return {nodes: Object.keys(s.nodes), edges: Object.keys(s.edges)}; }", as_of)
        assert set(sets["nodes"]) == set(graph.nodes), (view, as_of)
        assert set(sets["edges"]) == edge_ids(graph), (view, as_of)


def test_click_node_shows_details_and_sources(page, site, artifacts_dir):
    """Clicking the Beijing Office shows its name, its kind and the documents that describe it."""
    open_view(page, site, "reporting")
    click_node(page, BJO)
    details = page.locator("#details-body")
    assert details.locator(".name").inner_text() == "香港特別行政區政府駐北京辦事處"
    text = details.inner_text()
    assert "駐北京辦事處" in text and "1999" in text and LEGCO_TITLE in text
    link = details.locator("ul.sources a").first
    assert link.get_attribute("href").startswith("https://")
    page.screenshot(path=str(artifacts_dir / "viewer-reporting.png"))
    page.locator("button.lang[data-lang=en]").click()
    assert details.locator(".name").inner_text().startswith("Office of the Government of the Hong Kong")
    assert page.evaluate(f"window.hkgViewer.cy.getElementById({BJO!r}).data('display')").startswith("Office")
    page.screenshot(path=str(artifacts_dir / "viewer-reporting-en.png"))
    assert page.errors == []


def test_date_field_filters(page, site, nquads):
    """Typing 2005 in the date field shows the structure of 2005; a malformed date is refused."""
    open_view(page, site, "reporting")
    expected_2005 = build_view(nquads, "reporting", "2005")
    page.fill("#as-of", "2005")
    page.press("#as-of", "Enter")
    page.wait_for_function("document.body.dataset.asOf === '2005'")
    assert visible(page) == {"nodes": expected_2005.number_of_nodes(), "edges": expected_2005.number_of_edges()}
    assert page.evaluate(f"window.hkgViewer.cy.getElementById({CMAB!r}).hasClass('hidden')")
    page.fill("#as-of", "2010-13")
    page.press("#as-of", "Enter")
    assert page.get_attribute("#as-of", "aria-invalid") == "true"
    assert page.locator("#as-of-error").inner_text() != ""
    assert visible(page)["nodes"] == expected_2005.number_of_nodes()


def test_slider_and_buttons(page, site, nquads):
    """The slider's ends are the earliest year and now; the buttons show now and all times."""
    open_view(page, site, "reporting")
    page.focus("#as-of-slider")
    page.keyboard.press("Home")
    earliest = page.evaluate("document.body.dataset.asOf")
    expected = build_view(nquads, "reporting", earliest)
    assert visible(page)["nodes"] == expected.number_of_nodes()
    page.keyboard.press("End")
    now = build_view(nquads, "reporting")
    assert page.evaluate("document.body.dataset.asOf") == "now"
    assert visible(page)["nodes"] == now.number_of_nodes()
    page.click("#as-of-all")
    assert visible(page)["nodes"] == build_view(nquads, "reporting", "all").number_of_nodes()


def test_hostile_label_shown_as_text(page, site, artifacts_dir):
    """A label with <script>, an <img onerror> and quotes is shown as text and runs nothing."""
    open_view(page, site, "hostile")
    click_node(page, EVIL_OFFICE)
    assert page.locator("#details-body .name").evaluate("e => e.textContent") == HOSTILE
    assert page.dialogs == [] and page.errors == []
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.evaluate("document.querySelectorAll('img, b, i').length") == 0
    assert "Hostile <i>document</i>" in page.locator("#details-body").inner_text()
    page.screenshot(path=str(artifacts_dir / "viewer-hostile.png"))


def test_works_offline(page, site):
    """The page asks for nothing but itself: the library and the data are inside it."""
    open_view(page, site, "cooperation")
    page.wait_for_timeout(300)
    others = [u for u in page.requests if not u.startswith(site["base"])]
    assert others == []
    assert [u for u in page.requests if not u.endswith("cooperation.html") and "favicon" not in u] == []
