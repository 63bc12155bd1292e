"""Site search on a static copy of the site, in headless Chromium: from a plain static HTTP server (no
`hkgov-graph serve`) and opened from the folder (file://), offline. A search for 驻粤经贸办 and for "Guangdong"
finds the Guangdong ETO in both, as it does in `serve` (tests/test_site_browser.py), and nothing is fetched
from anywhere but the copy.

Expected answers come from the seeds: seed 003 names the office 駐粵經貿辦 (驻粤经贸办 in Simplified script);
its English name, the Hong Kong Economic and Trade Office in Guangdong, is the editorial one."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from helpers_browser import chromium
from hkgov_graph.publish.site import publish

pytestmark = [pytest.mark.browser, pytest.mark.server]

QUERIES = ["驻粤经贸办", "Guangdong"]


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("search-static") / "site", nquads=nquads).output_dir


@pytest.fixture(scope="module")
def static_url(site: Path) -> Iterator[str]:
    """The site on Python's plain static file server, on a free port of 127.0.0.1."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from chromium()


def typed_search(browser: object, origin: str, query: str, width: int) -> tuple[list[str], str, list[str]]:
    """Type ``query`` into the search page's box at ``origin``: the result links, the first result's text, and
    the requests that left the copy."""
    page = browser.new_page(viewport={"width": width, "height": 844})  # type: ignore[attr-defined]
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(origin + "/search.html", wait_until="load")
    page.fill("#search-input", query)
    page.wait_for_selector("#search-results a")
    links = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.getAttribute('href'))")
    first = page.locator("#search-results a").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
    assert not errors
    return links, first, [url for url in requests if not url.startswith(origin + "/")]


@pytest.mark.parametrize("query", QUERIES)
def test_static_server_search_finds_the_guangdong_eto(browser: object, static_url: str, query: str) -> None:
    """On a plain static server, typing 驻粤经贸办 or Guangdong lists the Guangdong ETO, linked to its page."""
    links, first, outside = typed_search(browser, static_url, query, 390)
    assert "id/office/gdeto.html" in links
    if query == "驻粤经贸办":  # the office's own abbreviation: it comes first
        assert links[0] == "id/office/gdeto.html"
        assert first.startswith("Hong Kong Economic and Trade Office in Guangdong")
    assert not outside


@pytest.mark.parametrize("query", QUERIES)
def test_search_works_from_the_folder_offline(browser: object, site: Path, query: str) -> None:
    """Opened from the folder (file://, no server at all), the same search finds the office at 1280 px."""
    links, _, outside = typed_search(browser, site.as_uri(), query, 1280)
    assert "id/office/gdeto.html" in links
    assert not outside


def test_header_search_on_a_static_copy_in_simplified_chinese(browser: object, static_url: str) -> None:
    """From a Simplified Chinese page's header, a search for 驻粤经贸办 leads to the Simplified results page, the
    office first, linked to its Simplified page."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(static_url + "/id/office/bjo.zh-Hans.html", wait_until="load")
    page.fill("header form.search input", "驻粤经贸办")
    page.press("header form.search input", "Enter")
    page.wait_for_selector("#search-results a")
    assert page.url.startswith(static_url + "/search.zh-Hans.html?")
    assert quote("驻粤经贸办") in page.url
    assert page.locator("#search-results a").first.get_attribute("href") == "id/office/gdeto.zh-Hans.html"
    page.close()
