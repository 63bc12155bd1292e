"""The published pages in headless chromium, served by `hkgov-graph serve`: they render, every link on them
answers 200, nothing goes to the console, and markup in a label stays text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pyoxigraph as ox
import pytest

from helpers_browser import chromium
from hkgov_graph import namespaces as ns
from hkgov_graph.publish.site import publish, write_site

pytestmark = [pytest.mark.browser, pytest.mark.server]

PAGES = ["/id/office/bjo", "/", "/id/index.html", "/ontology.html", "/dataset.html", "/graph/wikipedia-guangdong-eto",
         "/id/liaison-unit/shenzhen", "/sparql"]
# One page of every kind the site has (templates and kinds of resource), checked at a desktop and a phone width.
KINDS = {
    "office": "/id/office/bjo.html", "office-zh-hant": "/id/office/gdeto.zh-Hant.html",
    "office-zh-hans": "/id/office/gdeto.zh-Hans.html", "person": "/id/person/chu-man-ling.html",
    "post": "/id/post/bjo-director.html", "membership": "/id/membership/bjo-director-3.html",
    "relation": "/id/relation/bjo-cab.html", "bureau": "/id/bureau/cmab.html", "region": "/id/region/guangdong.html",
    "mechanism": "/id/mechanism/guangdong-hong-kong.html", "tier": "/id/tier/guangdong-hong-kong-high-level.html",
    "change": "/id/change/2007-bureau-reorganisation.html", "site": "/id/site/bjo-di-anmen.html",
    "event": "/id/event/2004-jilin-hong-kong-festival.html", "liaison-unit": "/id/liaison-unit/tianjin.html",
    "graph": "/graph/legco-cb2-2193-11-12-01.html", "home": "/index.html", "index": "/id/index.html",
    "kind-index": "/id/office/index.html", "graphs": "/graph/index.html", "ontology": "/ontology.html",
    "dataset": "/dataset.html", "search": "/search.html?q=GDETO",
}
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def serve(site: Path) -> tuple[subprocess.Popen[str], str]:
    """Start `hkgov-graph serve` on a free port; return the process and its base URL."""
    script = shutil.which("hkgov-graph")
    command = [script] if script else [sys.executable, "-m", "hkgov_graph"]
    process = subprocess.Popen([*command, "serve", "--site", str(site), "--port", "0", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    m = re.search(r"(http://127\.0\.0\.1:\d+)/", process.stdout.readline())
    if not m:
        process.kill()
        raise AssertionError("the server did not start")
    return process, m[1]


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from chromium()


@pytest.fixture(scope="module")
def base_url(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = publish(tmp_path_factory.mktemp("browser") / "site", nquads=nquads).output_dir
    process, url = serve(site)
    yield url
    stop(process)


def status_of(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # follows the 303s
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_and_its_links_resolve(browser: object, base_url: str, path: str, artifacts_dir: Path) -> None:
    """The page renders a heading, logs no console error, and every same-site link on it answers 200."""
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(base_url + path, wait_until="load")
    assert response is not None and response.status == 200
    assert page.locator("h1").first.inner_text().strip()
    links = page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)")
    own = sorted({urldefrag(link)[0] for link in links if urlsplit(link).netloc == urlsplit(base_url).netloc})
    assert own, "the page links to nothing"
    broken = [link for link in own if status_of(link) != 200]
    assert not broken
    name = "site-" + (path.strip("/").replace("/", "-").replace(".html", "") or "home")
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=path == "/id/office/bjo")
    page.close()
    assert not errors


def test_resource_page_content(browser: object, base_url: str) -> None:
    """The Beijing Office's page shows both names, its statements with sources, and links to its bureau."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base_url + "/id/office/bjo")
    assert page.url.endswith("/id/office/bjo.html")
    heading = page.locator("h1").inner_text()
    assert "Office of the Government of the Hong Kong Special Administrative Region in Beijing" in heading
    assert "香港特別行政區政府駐北京辦事處" in page.locator("p.other-names").inner_text()
    assert page.locator("table.statements td.sources a").count() > 30
    page.locator("a[href='../bureau/cmab.html']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/id/bureau/cmab.html")
    page.close()


def test_label_with_script_is_shown_as_text(browser: object, tmp_path: Path) -> None:
    """A label holding <script> appears as text on the page and runs nothing."""
    store = ox.Store()
    label = "<script>window.pwned = 1; alert('x')</script>"
    store.load(f"""
    <{ns.GRAPH}test> {{
        <{ns.GRAPH}test> a <{ns.HKG}SourceDocument> .
        <{ns.ID}office/evil> <{ns.SKOS}prefLabel> "{label}"@en , "<img src=x onerror=alert(2)>"@zh-Hant .
    }}""".encode(), format=ox.RdfFormat.TRIG)
    write_site(store, tmp_path / "site")
    process, url = serve(tmp_path / "site")
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "/id/office/evil")
        assert label in page.locator("h1").inner_text()
        assert page.evaluate("window.pwned") is None
        assert page.locator("main script, main img").count() == 0
        assert not dialogs
        page.close()
    finally:
        stop(process)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_no_page_overflows_sideways(browser: object, base_url: str, width: str, artifacts_dir: Path) -> None:
    """Every kind of page fits the window at 1280 px and 390 px: nothing scrolls sideways (issue 13)."""
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})  # type: ignore[attr-defined]
    wide = {}
    for kind, path in KINDS.items():
        page.goto(base_url + path, wait_until="load")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > w:
            wide[kind] = scroll
        page.screenshot(path=str(artifacts_dir / f"page-{kind}-{w}.png"))
    page.close()
    assert not wide, f"wider than {w} px: {wide}"


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_person_page_names_post_and_term_in_first_screen(browser: object, base_url: str, width: str) -> None:
    """朱曼鈴's post (Director of the Beijing Office) and term (2012-07-18 – 2014-12-21) are visible unscrolled."""
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})  # type: ignore[attr-defined]
    page.goto(base_url + "/id/person/chu-man-ling.html", wait_until="load")
    line = page.locator("ul.brief li").first
    assert "Director of the Beijing Office, 2012-07-18 – 2014-12-21" in line.inner_text()
    box = line.bounding_box()
    assert box is not None and box["y"] + box["height"] <= h
    page.close()


def test_office_page_says_what_it_is_in_first_screen(browser: object, base_url: str) -> None:
    """The Beijing Office's first screen names its kind and its bureau; the statement table starts below it."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(base_url + "/id/office/bjo.html", wait_until="load")
    first = page.locator("ul.brief li").first
    assert first.inner_text().startswith("Administered by Constitutional and Mainland Affairs Bureau")
    assert (first.bounding_box() or {"y": 9999})["y"] < 800
    assert (page.locator("#statements").bounding_box() or {"y": 0})["y"] > 800
    page.close()


def test_dataset_page_title_first_and_downloads_are_links(browser: object, base_url: str) -> None:
    """The dataset page opens with its title; every download is a link that answers 200."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(base_url + "/dataset.html", wait_until="load")
    assert page.locator("main h1").inner_text().startswith("hkgov-graph")
    assert page.locator("main").inner_text().index("hkgov-graph") < 20
    links = page.eval_on_selector_all("table.downloads a", "els => els.map(e => e.href)")
    assert len([link for link in links if "/dumps/" in link]) == 10
    assert all(status_of(link) == 200 for link in links)
    page.close()


@pytest.mark.parametrize("query", ["驻粤经贸办", "駐粵經貿辦", "Guangdong", "GDETO"])
def test_search_finds_the_guangdong_eto(browser: object, base_url: str, query: str) -> None:
    """Typing a name of the Guangdong ETO in either script, English or its abbreviation into the search page
    lists the office, linked to its page (seed 003 gives 駐粵經貿辦 and GDETO; editorial English name)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/search.html", wait_until="load")
    page.fill("#search-input", query)
    links = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.getAttribute('href'))")
    assert "id/office/gdeto.html" in links
    if query != "Guangdong":
        assert links[0] == "id/office/gdeto.html"
    page.goto(base_url + "/search.zh-Hans.html?q=" + query, wait_until="load")
    first = page.locator("#search-results a").first
    assert "id/office/gdeto.zh-Hans.html" in page.eval_on_selector_all(
        "#search-results a", "els => els.map(e => e.getAttribute('href'))")
    assert first.inner_text()
    page.close()
    assert not errors


def test_search_from_every_page_header(browser: object, base_url: str) -> None:
    """The search box in a page's header leads to the results page for what was typed."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base_url + "/id/office/bjo.html", wait_until="load")
    page.fill("header form.search input", "駐京辦")
    page.press("header form.search input", "Enter")
    page.wait_for_selector("#search-results a")
    assert page.locator("#search-results a").first.get_attribute("href") == "id/office/bjo.html"
    page.close()
