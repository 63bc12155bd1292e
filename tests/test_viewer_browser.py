"""The HTML viewer in a real browser: Debian's chromium driven by Playwright, the page
served by a real HTTP server on 127.0.0.1 (``python -m http.server``).

What a person must be able to read is measured in the browser, from what
Cytoscape.js draws: each drawn label's font size on the screen and its box
(``renderedBoundingBox`` with labels only). Expected names are the seeds'
(the Guangdong ETO is 香港特別行政區政府駐粵經濟貿易辦事處, seed 003; 朱曼鈴
was Director of the Beijing Office from 2012-07-18 to 2014-12-21, seed 000).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from export_helpers import EVIL_OFFICE, HOSTILE, static_server, write_hostile_data
from hkgov_graph.export.viewer import VENDOR_SCRIPTS
from hkgov_graph.export.views import VIEWS, build_view, export, open_store
from hkgov_graph.graph.load import load_dataset

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
ID = "https://w3id.org/hkgov-graph/id/"
BJO = ID + "office/bjo"
GDETO = ID + "office/gdeto"
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
    assert page.evaluate("document.querySelectorAll('script').length") == len(VENDOR_SCRIPTS) + 2
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


# -- Labels a person can read --

# Every label Cytoscape.js draws (a node shown, a label, not transparent): its text, its font size
# on the screen and its box on the screen. Written here, not taken from the viewer's own code.
DRAWN_LABELS = """() => {
  const cy = window.hkgViewer.cy;
  const out = [];
  cy.elements().forEach(ele => {
    if (ele.style('display') === 'none' || !ele.style('label')) { return; }
    if (parseFloat(ele.style('text-opacity')) === 0 || parseFloat(ele.style('opacity')) === 0) { return; }
    const b = ele.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true,
                                       includeOverlays: false});
    out.push({id: ele.id(), text: ele.style('label').replace(/[\\u200b\\n]/g, ''),
              px: parseFloat(ele.style('font-size')) * cy.zoom(), box: [b.x1, b.y1, b.x2, b.y2]});
  });
  return {labels: out, shown: cy.nodes().filter(n => n.style('display') !== 'none').length};
}"""


def drawn_labels(page) -> dict:
    return page.evaluate(DRAWN_LABELS)


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of drawn labels whose boxes intersect (touching edges do not count)."""
    pairs = []
    for i, a in enumerate(labels):
        ax1, ay1, ax2, ay2 = a["box"]
        for b in labels[i + 1:]:
            bx1, by1, bx2, by2 = b["box"]
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:
                pairs.append((a["text"], b["text"]))
    return pairs


@pytest.fixture
def sized_page(browser):
    """A page in a window of a given size: ``sized_page(width, height)``."""
    contexts = []

    def make(width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def set_date(page, date: str) -> None:
    """Type a date into the date field, as a person would, and wait for the graph to be drawn for it."""
    page.fill("#as-of", date)
    page.press("#as-of", "Enter")
    page.wait_for_selector(f"body[data-as-of='{date}']")


@pytest.mark.parametrize("view", VIEWS)
def test_labels_readable_and_apart_at_1280(sized_page, site, view, artifacts_dir):
    """At 1280 x 800, after the first layout, now and as of 2005, in each script: every drawn label is at
    least 12 px on the screen and no two drawn labels' boxes meet; the three structural views draw every
    node's name."""
    page = sized_page(1280, 800)
    open_view(page, site, view)
    for when in ("now", "2005"):
        if when != "now":
            page.locator("button.lang[data-lang=zh-hant]").click()
            set_date(page, when)
        for lang in ("zh-hant", "zh-hans", "en"):
            page.locator(f"button.lang[data-lang={lang}]").click()
            drawn = drawn_labels(page)
            labels = drawn["labels"]
            assert labels, (view, when, lang)
            assert min(label["px"] for label in labels) >= 12, (view, when, lang)
            assert overlapping(labels) == [], (view, when, lang)
            if view != "whole" and lang == "zh-hant":
                assert len(labels) == drawn["shown"], (view, when, lang)
            page.screenshot(path=str(artifacts_dir / f"viewer-{view}-1280-{when}-{lang}.png"))
    assert page.errors == []


# Each shown edge of a kind as the polyline Cytoscape.js draws it on the screen: from where it leaves its
# source, through its corners (a routed edge), to where it meets its target.
EDGE_ROUTES = """(kind) => {
  const cy = window.hkgViewer.cy;
  const zoom = cy.zoom();
  const pan = cy.pan();
  return cy.edges().filter(e => e.data('kind') === kind && e.style('display') !== 'none').map(e => ({id: e.id(),
    points: [e.sourceEndpoint(), ...(e.segmentPoints() || e.controlPoints() || []), e.targetEndpoint()]
      .map(p => [p.x * zoom + pan.x, p.y * zoom + pan.y])}));
}"""


def crossed_labels(route: list[list[float]], labels: list[dict]) -> list[str]:
    """The drawn labels whose box (less a pixel on each side) a polyline passes through, sampled every pixel."""
    crossed = set()
    for (x1, y1), (x2, y2) in pairwise(route):
        steps = max(1, int(max(abs(x2 - x1), abs(y2 - y1))))
        for i in range(steps + 1):
            x, y = x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps
            crossed.update(label["text"] for label in labels if label["box"][0] + 1 < x < label["box"][2] - 1
                           and label["box"][1] + 1 < y < label["box"][3] - 1)
    return sorted(crossed)


def test_group_edges_run_beside_the_offices_names(sized_page, site, artifacts_dir):
    """At 1280 x 800, now, as of 2005 and for all times, in each script: the dotted edges from the group of
    Mainland ETOs to the offices it includes pass through no drawn name (they ran up the offices' column
    through the ETOs' names, and in 2005 back across the drawing to the Wuhan ETO, then in the first one)."""
    page = sized_page(1280, 800)
    open_view(page, site, "reporting")
    for when in ("now", "2005", "all"):
        page.locator("button.lang[data-lang=zh-hant]").click()
        if when == "2005":
            set_date(page, when)
        elif when == "all":
            page.click("#as-of-all")
            page.wait_for_selector("body[data-as-of='all']")
        for lang in ("zh-hant", "zh-hans", "en"):
            page.locator(f"button.lang[data-lang={lang}]").click()
            routes = page.evaluate(EDGE_ROUTES, "in-group")
            # seed 001 (香港經濟貿易辦事處 (內地)) lists its offices: "香港特別行政區政府駐粵經濟貿易辦事處",
            # "…駐上海經濟貿易辦事處", "…駐成都經濟貿易辦事處", "…駐武漢經濟貿易辦事處"
            assert {r["id"].rsplit("/", 1)[1] for r in routes} >= {"gdeto", "sheto", "cdeto", "wheto"}, (when, lang)
            labels = drawn_labels(page)["labels"]
            for route in routes:
                assert crossed_labels(route["points"], labels) == [], (when, lang, route["id"])
            page.screenshot(path=str(artifacts_dir / f"viewer-reporting-groups-{when}-{lang}.png"))
    assert page.errors == []


@pytest.mark.parametrize("view", VIEWS)
def test_labels_readable_and_apart_on_a_phone(sized_page, site, view, artifacts_dir):
    """At 390 x 844, now and as of 2005, in each script: every drawn label is at least 12 px and none
    overlaps another; the structural views are lists that name every node within the window's width
    (the page scrolls down, not sideways)."""
    page = sized_page(390, 844)
    open_view(page, site, view)
    for when in ("now", "2005"):
        if when != "now":
            set_date(page, when)
        for lang in ("zh-hant", "zh-hans", "en"):
            page.locator(f"button.lang[data-lang={lang}]").click()
            drawn = drawn_labels(page)
            labels = drawn["labels"]
            assert labels, (view, when, lang)
            assert min(label["px"] for label in labels) >= 12, (view, when, lang)
            assert overlapping(labels) == [], (view, when, lang)
            if view != "whole":
                assert len(labels) == drawn["shown"], (view, when, lang)
                assert all(label["box"][0] >= 0 and label["box"][2] <= 390 for label in labels), (view, when, lang)
            page.screenshot(path=str(artifacts_dir / f"viewer-{view}-390-{when}-{lang}.png"))
    assert page.errors == []


def test_whole_view_names_its_most_important_nodes(sized_page, site):
    """The whole view at 1280 x 800 draws many names, offices' among them, and says how many it hides."""
    page = sized_page(1280, 800)
    open_view(page, site, "whole")
    texts = {label["text"] for label in drawn_labels(page)["labels"]}
    assert len(texts) >= 40
    assert "政制及內地事務局" in texts
    hidden = int(page.locator("#labels-hidden").get_attribute("data-hidden"))
    assert hidden > 0 and str(hidden) in page.locator("#labels-hidden").inner_text()


def test_zooming_in_shows_more_labels_at_the_same_size(sized_page, site):
    """Zooming in the whole view keeps labels at their size on the screen and names more of the nodes
    in the window, still apart."""
    page = sized_page(1280, 800)
    open_view(page, site, "whole")
    before = {label["id"] for label in drawn_labels(page)["labels"]}
    in_window = page.evaluate("""() => { const cy = window.hkgViewer.cy;
        cy.zoom({level: cy.zoom() * 3, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}});
        const w = cy.width(), h = cy.height();
        return cy.nodes().filter(n => { const p = n.renderedPosition();
            return n.style('display') !== 'none' && p.x > 0 && p.x < w && p.y > 0 && p.y < h; }).map(n => n.id()); }""")
    page.wait_for_timeout(800)
    after = drawn_labels(page)["labels"]
    assert min(label["px"] for label in after) >= 12
    assert overlapping(after) == []
    named_after = {label["id"] for label in after} & set(in_window)
    assert len(named_after) > len(before & set(in_window))


def test_clicked_node_shows_its_label(sized_page, site):
    """A node whose name was hidden to avoid an overlap shows it once clicked."""
    page = sized_page(1280, 800)
    open_view(page, site, "whole")
    hidden_id = page.evaluate("""() => window.hkgViewer.cy.nodes('.nolabel').filter(n =>
        n.style('display') !== 'none').sort((a, b) => a.id() < b.id() ? -1 : 1)[0].id()""")
    page.evaluate("(id) => window.hkgViewer.cy.getElementById(id).emit('tap')", hidden_id)
    labels = drawn_labels(page)["labels"]
    assert hidden_id in {label["id"] for label in labels}
    assert overlapping(labels) == []


# -- Both scripts and English --

def node_label(page, iri: str) -> str:
    return page.evaluate("(id) => window.hkgViewer.cy.getElementById(id).style('label')"
                         ".replace(/[\\u200b\\n]/g, '')", iri)


@pytest.mark.parametrize("view", ["reporting", "coverage"])
def test_script_buttons_switch_the_labels(sized_page, site, view):
    """简 shows the Guangdong ETO as 香港特别行政区政府驻粤经济贸易办事处, 繁 as 香港特別行政區政府駐粵經濟貿易辦事處,
    and the title and legend follow."""
    page = sized_page(1280, 800)
    open_view(page, site, view)
    page.locator("button.lang[data-lang=zh-hans]").click()
    assert node_label(page, GDETO) == "香港特别行政区政府驻粤经济贸易办事处"
    assert page.locator("button.lang[data-lang=zh-hans]").get_attribute("aria-pressed") == "true"
    legend = page.locator("#legend").inner_text()
    assert "经济贸易办事处" in legend and "經濟貿易辦事處" not in legend
    page.locator("button.lang[data-lang=zh-hant]").click()
    assert node_label(page, GDETO) == "香港特別行政區政府駐粵經濟貿易辦事處"
    page.locator("button.lang[data-lang=en]").click()
    assert node_label(page, GDETO) == "Hong Kong Economic and Trade Office in Guangdong"
    assert page.errors == []


# What the page says in its own words: the toolbar (not the script buttons, each named in its own
# script), the legend, the details' headings, row names and values, and the connections; not the rows
# that list the node's names in all three forms, the IRI, nor the source documents (their titles are
# checked below).
PAGE_WORDS = """(names) => {
  const out = [];
  document.querySelectorAll('#toolbar button:not(.lang), #toolbar h1, #toolbar label, #counts, #legend, #details h2,'
    + ' #details-body .name, #details-body h3, #details-body dt, #details-body ul:not(.sources) li')
    .forEach(e => out.push(e.innerText));
  document.querySelectorAll('#details-body dd').forEach(dd => {
    if (!names.includes(dd.previousElementSibling.innerText)) { out.push(dd.innerText); }
  });
  return out.filter(Boolean);
}"""
HAN = re.compile(r"[\u3400-\u9fff]")


def page_words(page, names: list[str]) -> list[str]:
    texts = page.evaluate(PAGE_WORDS, names)
    return texts + [label["text"] for label in drawn_labels(page)["labels"]]


def test_buttons_switch_every_word(sized_page, site):
    """简 leaves no Traditional character in the page's words, labels, kinds, statuses and dates (OpenCC's
    Traditional-to-Simplified conversion changes none of them); EN leaves no Chinese character (every
    node of the reporting view has an English name). Checked with a node and an edge chosen, as of 2005,
    when the Chengdu office's beginning is uncertain."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    page = sized_page(1280, 800)
    open_view(page, site, "reporting")
    set_date(page, "2005")
    edge = f"{ID}bureau/cedb policy-guidance {ID}office/cdeto"
    for chosen in (ID + "office/cdeto", edge):
        page.evaluate("(id) => window.hkgViewer.cy.getElementById(id).emit('tap')", chosen)
        page.locator("button.lang[data-lang=zh-hans]").click()
        words = page_words(page, ["繁体", "简体", "英文", "IRI"])
        assert any("商务及经济发展局" in w for w in words)
        assert [w for w in words if t2s.convert(w) != w] == []
        page.locator("button.lang[data-lang=en]").click()
        words = page_words(page, ["Traditional", "Simplified", "English", "IRI"])
        assert any("Commerce and Economic Development Bureau" in w for w in words)
        assert [w for w in words if HAN.search(w)] == []
        page.locator("button.lang[data-lang=zh-hant]").click()
    assert page.errors == []


def test_editorial_documents_named_in_the_script_chosen(sized_page, site):
    """An editorial document's title follows the buttons (the graph gives it in three forms); a source
    keeps the title it was published under (LegCo's paper, in Traditional Chinese)."""
    page = sized_page(1280, 800)
    open_view(page, site, "reporting")
    page.evaluate("(id) => window.hkgViewer.cy.getElementById(id).emit('tap')", ID + "office/cdeto")
    sources = page.locator("#details-body ul.sources")
    assert "由繁體轉換的簡體標籤（編輯補充）" in sources.inner_text()
    page.locator("button.lang[data-lang=zh-hans]").click()
    assert "由繁体转换的简体标签（编辑补充）" in sources.inner_text()
    assert LEGCO_TITLE in sources.inner_text()
    page.locator("button.lang[data-lang=en]").click()
    assert "Simplified Chinese labels converted from Traditional (editorial)" in sources.inner_text()
    assert LEGCO_TITLE in sources.inner_text()


def test_editorial_names_document_in_simplified_and_said_once(sized_page, site):
    """The Guangxi unit's English name comes from the editorial names (seed 001 names it only 駐廣西聯絡處): in
    Simplified Chinese that document is named in Simplified, and in every script "editorial" is said once."""
    page = sized_page(1280, 800)
    open_view(page, site, "reporting")
    page.evaluate("(id) => window.hkgViewer.cy.getElementById(id).emit('tap')", ID + "liaison-unit/guangxi")
    sources = page.locator("#details-body ul.sources")
    page.locator("button.lang[data-lang=zh-hans]").click()
    assert "机构及职位的英文名称（编辑补充）" in sources.inner_text()
    assert "機構" not in sources.inner_text().split("香港經濟貿易辦事處")[0]
    page.locator("button.lang[data-lang=en]").click()
    assert sources.inner_text().count("(editorial)") == sources.locator("li").count() - 1  # all but seed 001
    assert "English names of organisations and posts (editorial)" in sources.inner_text()


def test_titles_follow_the_script(sized_page, site):
    """The page's title and its buttons' words are in the chosen script."""
    page = sized_page(1280, 800)
    open_view(page, site, "reporting")
    assert page.locator("#title").inner_text() == "從屬架構"
    page.locator("button.lang[data-lang=zh-hans]").click()
    assert page.locator("#title").inner_text() == "从属架构"
    assert page.locator("#as-of-now").inner_text() == "现在"
    page.locator("button.lang[data-lang=en]").click()
    assert page.locator("#title").inner_text() == "Reporting structure"


# -- Words that read along the arrow --

def test_edge_words_read_along_the_arrow(sized_page, site):
    """Arrows go from the bureau to the office, and say what the bureau does: 管轄, administers."""
    page = sized_page(1280, 800)
    open_view(page, site, "reporting")
    edge = f"{CMAB} administrative {BJO}"
    assert page.evaluate("(id) => { const e = window.hkgViewer.cy.getElementById(id);"
                         " return [e.source().id(), e.target().id()]; }", edge) == [CMAB, BJO]
    legend = page.locator("#legend-edges").inner_text()
    assert "管轄" in legend and "轄下單位" in legend and "隸屬" not in legend
    click_node(page, BJO)
    connections = page.locator("#details-body").inner_text()
    assert "政制及內地事務局 管轄 → ●" in connections
    assert "● 轄下單位 → 駐天津聯絡處" in connections
    page.locator("button.lang[data-lang=en]").click()
    assert "administers" in page.locator("#legend-edges").inner_text()
    assert "Constitutional and Mainland Affairs Bureau administers → ●" in page.locator("#details-body").inner_text()


# -- The whole view: kinds a person can tell apart --

def test_founding_unknown_only_where_founding_means_something(sized_page, site):
    """A post is never "founded": its details have no founding row (the whole view said "Founding date unknown"
    for people, provinces and readings too). A mechanism whose founding no source dates says so: seed 002 lists
    深港合作會議, chaired by 政務司司長與深圳市市長, without a year."""
    page = sized_page(1280, 800)
    open_view(page, site, "cooperation")
    page.locator("button.lang[data-lang=en]").click()

    def details(iri: str) -> str:
        page.evaluate("(id) => window.hkgViewer.cy.getElementById(id).emit('tap')", iri)
        return page.locator("#details-body").inner_text()

    assert "Founded" not in details(ID + "post/chief-secretary")
    assert "Founding date unknown" in details(ID + "mechanism/shenzhen-hong-kong")
    assert page.errors == []


def test_whole_view_names_nodes_by_what_they_are(sized_page, site):
    """No node is named by a hash: an interval reads as its dates, a term of office as who held what."""
    page = sized_page(1280, 800)
    open_view(page, site, "whole")
    names = page.evaluate("() => window.hkgViewer.cy.nodes().map(n => n.data('display'))")
    assert not [n for n in names if re.fullmatch(r"[0-9a-f]{12,}", n)]
    assert not [n for n in names if n.startswith(("http://", "https://"))]
    assert "時段 2012-07-18 至 2014-12-21" in names
    assert "朱曼鈴，駐京辦主任，2012-07-18 至 2014-12-21" in names
    page.locator("button.lang[data-lang=en]").click()
    names = page.evaluate("() => window.hkgViewer.cy.nodes().map(n => n.data('display'))")
    assert "interval 2012-07-18 – 2014-12-21" in names


@pytest.mark.parametrize("lang", ["zh-hant", "en"])
def test_whole_view_legend_reads_as_words(sized_page, site, lang):
    """The legend names every kind in words (never a class's local name) under a dozen colour families."""
    page = sized_page(1280, 800)
    open_view(page, site, "whole")
    page.locator(f"button.lang[data-lang={lang}]").click()
    kinds = page.locator("#legend-kinds li[data-kind]")
    names = [kinds.nth(i).locator("span").first.inner_text() for i in range(kinds.count())]
    assert len(names) > 30
    assert not [n for n in names if re.fullmatch(r"(?:[A-Z][a-z]+){2,}", n)]  # DatatypeProperty, ChangeEvent
    if lang == "zh-hant":
        assert all(re.search(r"[\u4e00-\u9fff]", n) for n in names)
    families = page.locator("#legend-kinds li.family")
    assert 5 <= families.count() <= 12
    colours = page.evaluate("() => Object.values(JSON.parse(document.getElementById('hkg-data').textContent)"
                            ".families).map(f => f.colour)")
    assert len(set(colours)) == len(colours)


def test_layout_is_the_same_each_time(sized_page, site):
    """Two loads of the whole view put every node in the same place (the layout's randomness is seeded)."""
    positions = []
    for _ in range(2):
        page = sized_page(1280, 800)
        open_view(page, site, "whole")
        positions.append(page.evaluate("() => window.hkgViewer.cy.nodes().map(n => [n.id(), n.position()])"))
    assert positions[0] == positions[1]


# -- Narrow windows --

@pytest.mark.parametrize(("width", "height"), [(800, 800), (390, 844)])
def test_side_panel_folds_in_narrow_windows(sized_page, site, width, height, artifacts_dir):
    """At 800 and 390 px the graph takes the width and the details and legend fold away behind a button."""
    page = sized_page(width, height)
    open_view(page, site, "reporting")
    graph = page.locator("#cy").bounding_box()
    assert graph["width"] >= 0.8 * width
    assert not page.locator("#side").is_visible()
    labels = drawn_labels(page)["labels"]
    assert labels and min(label["px"] for label in labels) >= 12 and overlapping(labels) == []
    page.screenshot(path=str(artifacts_dir / f"viewer-reporting-{width}.png"))
    toggle = page.locator("#side-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    page.wait_for_timeout(300)
    side = page.locator("#side")
    assert side.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    box = side.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    assert "圖例" in side.inner_text()
    page.screenshot(path=str(artifacts_dir / f"viewer-reporting-{width}-panel.png"))
    page.locator("#side-close").click()
    page.wait_for_timeout(300)
    assert not side.is_visible()
    click_node(page, BJO)  # choosing a node opens the panel on its details
    page.wait_for_timeout(300)
    assert side.is_visible() and "駐北京辦事處" in page.locator("#details-body .name").inner_text()
    assert page.errors == []


def test_side_panel_stays_beside_the_graph_at_1280(sized_page, site):
    """At 1280 px the details and legend sit beside the graph, with no button to open them."""
    page = sized_page(1280, 800)
    open_view(page, site, "coverage")
    assert page.locator("#side").is_visible()
    assert not page.locator("#side-toggle").is_visible()
    assert page.locator("#cy").bounding_box()["width"] >= 0.7 * 1280
