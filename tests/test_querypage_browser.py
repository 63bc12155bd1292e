"""The query page in headless Chromium, served by `hkgov-graph serve` at /sparql: a query typed into the editor
gives a table whose resources link to their pages; syntax errors and missing prefixes read as one line naming
the line and column typed; nothing is fetched from anywhere but the server; nothing scrolls sideways at 1280
or 390 px; and a static copy of the site says it has no endpoint.

Expected answers come from the seeds: the Guangdong ETO's liaison units are Fujian, Shenzhen and Guangxi
(001 lines 13-16: 駐粵經濟貿易辦事處 … 駐福建聯絡處, 駐深圳聯絡處, 駐廣西聯絡處); the Beijing Office's Chinese name
is 香港特別行政區政府駐北京辦事處 (000 line 1)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest

from helpers_browser import chromium
from helpers_servers import Server, start_server, stop_server
from hkgov_graph.publish.site import publish
from hkgov_graph.query.runner import discover

pytestmark = [pytest.mark.browser, pytest.mark.server]

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
UNITS_QUERY = ["SELECT DISTINCT ?unit ?name WHERE {", "?unit a hkg:LiaisonUnit ;",
               "org:unitOf office:gdeto ;", "skos:prefLabel ?name .", 'FILTER(LANG(?name) = "zh-hant")', "}",
               "ORDER BY ?unit"]


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("querypage") / "site", nquads=nquads).output_dir


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    running = start_server(site)
    running.request("GET", "/sparql?query=ASK%7B%7D")  # the first answer waits for the query workers to load
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from chromium()


class Visit:
    """A page in a fresh browser context that records every request it makes and every script error."""

    def __init__(self, browser: object, origin: str, width: int = 1280, height: int = 800) -> None:
        self.origin = origin
        self.page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def outside(self) -> list[str]:
        """Requests that went anywhere but the server (fonts, CDNs, prefix.cc …)."""
        return [url for url in self.requests if not url.startswith(self.origin + "/")]

    def type_query(self, lines: list[str]) -> None:
        """Clear the editor and type ``lines`` as a person would, key by key (the editor indents by itself)."""
        self.page.click(".CodeMirror-code")
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        for i, line in enumerate(lines):
            if i:
                self.close_hints()
                self.page.keyboard.press("Enter")
            self.page.keyboard.type(line)
        self.close_hints()

    def close_hints(self) -> None:
        """Close a completion list, if one is open (Enter would pick from it).

        The list comes and goes by itself as the editor completes asynchronously, so the Escape meant for it
        may reach the editor instead, which then lets go of the keyboard (YASQE's Escape leaves the editor, as
        it should for keyboard users); focusing the editor again, as a person clicking back would, keeps the
        cursor where it was."""
        if self.page.locator(".CodeMirror-hints").count():
            self.page.keyboard.press("Escape")
            self.page.focus(".CodeMirror textarea")

    def run(self) -> None:
        self.page.keyboard.press("Control+Enter")
        self.page.wait_for_selector("table.query-table, .query-error, .query-answer", timeout=90000)

    def close(self) -> None:
        self.page.close()
        assert not self.errors
        assert not self.outside(), f"requests outside the server: {self.outside()}"


def cell_links(page: object, column: int) -> list[tuple[str, str]]:
    """(text, href) of the links in a column of the answer."""
    found = page.eval_on_selector_all(  # type: ignore[attr-defined]
        f"table.query-table tbody tr td:nth-child({column}) a", "els => els.map(e => [e.textContent, "
        "e.getAttribute('href')])")
    return [(text, href) for text, href in found]


def test_typed_query_shows_a_table_linking_to_the_pages(browser: object, server: Server,
                                                         artifacts_dir: Path) -> None:
    """GET /sparql is the editor; a typed query (no PREFIX lines) gives a table whose IRIs link to their pages."""
    visit = Visit(browser, server.url)
    page = visit.page
    page.goto(server.url + "/sparql", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "Query the graph"
    assert page.locator(".CodeMirror .cm-keyword").count() > 0  # highlighted
    visit.type_query(UNITS_QUERY)
    assert page.locator(".CodeMirror").evaluate("e => e.CodeMirror.getValue()").splitlines()[2].strip() \
        == "org:unitOf office:gdeto ;"
    visit.run()
    assert page.inner_text("#query-status").startswith("3 rows in ")
    assert page.eval_on_selector_all("table.query-table th", "els => els.map(e => e.textContent)") == \
        ["?unit", "?name"]
    assert cell_links(page, 1) == [("unit:fujian", "id/liaison-unit/fujian.html"),
                                   ("unit:guangxi", "id/liaison-unit/guangxi.html"),
                                   ("unit:shenzhen", "id/liaison-unit/shenzhen.html")]
    names = page.eval_on_selector_all("table.query-table td:nth-child(2)", "els => els.map(e => e.innerText)")
    assert [name.split()[0] for name in names] == ["駐福建聯絡處", "駐廣西聯絡處", "駐深圳聯絡處"]
    page.screenshot(path=str(artifacts_dir / "query-table-1280.png"), full_page=True)
    page.click("table.query-table a[href='id/liaison-unit/shenzhen.html']")
    page.wait_for_load_state()
    assert page.url == server.url + "/id/liaison-unit/shenzhen.html"
    assert "駐深圳聯絡處" in page.locator("main").inner_text()
    visit.close()


def test_syntax_error_names_the_typed_line_and_marks_it(browser: object, server: Server,
                                                        artifacts_dir: Path) -> None:
    """A missing "." is reported at line 3 of what was typed, as one readable line, and line 3 is marked."""
    visit = Visit(browser, server.url)
    page = visit.page
    page.goto(server.url + "/sparql", wait_until="networkidle")
    visit.type_query(["SELECT ?o WHERE {", "?o a hkg:MainlandOffice", "?o ?p ?x .", "}"])
    visit.run()
    error = page.inner_text(".query-error")
    assert "The endpoint did not run the query (HTTP 400):" in error
    assert "malformed query: line 3, column " in error
    assert "Line 3 is marked in the editor." in error
    assert "\\u{" not in error and "['" not in error  # no character classes from the parser
    marked = page.eval_on_selector_all(".CodeMirror-code > div",
                                       "els => els.map(e => e.querySelector('.query-error-line') !== null)")
    assert marked == [False, False, True, False]
    page.screenshot(path=str(artifacts_dir / "query-syntax-error-1280.png"))
    page.keyboard.type(" ")  # editing the query clears the mark
    assert page.locator(".CodeMirror .query-error-line").count() == 0
    visit.close()


def test_missing_prefix_is_named_and_the_declared_ones_are_mentioned(browser: object, server: Server) -> None:
    """A prefix the project does not declare (wd:) is named with where it starts; the message says the project's
    prefixes are declared, and the page lists them."""
    visit = Visit(browser, server.url)
    page = visit.page
    page.goto(server.url + "/sparql", wait_until="networkidle")
    visit.type_query(["SELECT ?o WHERE {", "?o a hkg:MainlandOffice ;", "wd:P31 ?x .", "}"])
    visit.run()
    error = page.inner_text(".query-error pre")
    assert error.startswith("malformed query: line 3, column ")
    assert "the prefix wd: is not declared; add PREFIX wd: <namespace IRI> before the query" in error
    assert "The project's prefixes (hkg: " in error and "are declared for you" in error
    listed = page.eval_on_selector_all("details.query-prefixes td:first-child code",
                                       "els => els.map(e => e.textContent)")
    assert {"hkg:", "office:", "org:", "skos:"} <= set(listed)
    visit.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_nothing_scrolls_sideways(browser: object, server: Server, width: str, artifacts_dir: Path) -> None:
    """At 1280 and 390 px the page, the editor and a wide answer (the reporting line's columns) fit."""
    w, h = WIDTHS[width]
    visit = Visit(browser, server.url, w, h)
    page = visit.page
    page.goto(server.url + "/sparql", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= w
    page.screenshot(path=str(artifacts_dir / f"query-start-{w}.png"))
    page.select_option("#query-example", "reporting-line")
    note = page.inner_text("#query-example-note")
    assert "hkgov-graph query reporting-line --unit unit:fujian --as-of 2012-05" in note
    assert "VALUES" in note
    page.click("#query-run")
    page.wait_for_selector("table.query-table", timeout=90000)
    returns = next(q for q in discover() if q.name == "reporting-line").returns.split(", ")
    assert len(returns) >= 8
    assert page.eval_on_selector_all("table.query-table th", "els => els.map(e => e.textContent)") == \
        ["?" + name for name in returns]
    assert page.evaluate("document.documentElement.scrollWidth") <= w
    if w < 640:  # cards: no line for an unbound or empty value (a step in force has no ?reason)
        assert page.eval_on_selector_all(
            "table.query-table td", "els => els.filter(e => getComputedStyle(e).display !== 'none')"
            ".filter(e => !e.textContent.trim()).length") == 0
    page.screenshot(path=str(artifacts_dir / f"query-example-{w}.png"), full_page=True)
    visit.close()


def test_example_is_the_question_with_its_values_bound(browser: object, server: Server) -> None:
    """The liaison-units example binds --office office:gdeto: its answer is the Guangdong ETO's three units."""
    visit = Visit(browser, server.url)
    page = visit.page
    page.goto(server.url + "/sparql.html?example=liaison-units", wait_until="networkidle")
    text = page.locator(".CodeMirror").evaluate("e => e.CodeMirror.getValue()")
    assert "VALUES (?office) { (<https://w3id.org/hkgov-graph/id/office/gdeto>) }" in text
    page.click("#query-run")
    page.wait_for_selector("table.query-table", timeout=90000)
    units = {text for text, _ in cell_links(page, 1)}
    assert units == {"unit:fujian", "unit:shenzhen", "unit:guangxi"}
    visit.close()


def test_example_opens_with_its_notes_folded_and_its_query_in_view(browser: object, server: Server) -> None:
    """On the Simplified Chinese page, the liaison-units example shows its SELECT line, not its notes; the fold
    marker says so in Simplified Chinese and a click on it shows the notes; the example's title and question are
    in Simplified Chinese; the answer counts in Chinese and names the units in Simplified Chinese (generated from
    seed 001's 駐福建聯絡處)."""
    visit = Visit(browser, server.url, 390, 844)
    page = visit.page
    page.goto(server.url + "/sparql.zh-Hans.html?example=liaison-units", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "查询图谱"
    assert page.locator("#query-example option[value='liaison-units']").inner_text() == "联络处"
    assert page.inner_text("#query-example-note").startswith("各驻内地办事处在某日有哪些联络处")
    shown = page.inner_text(".CodeMirror-code")
    assert "SELECT DISTINCT ?unit" in shown and "Every liaison unit" not in shown
    marker = page.locator(".query-fold")
    assert marker.inner_text().startswith("……另有 ") and marker.inner_text().endswith(" 行说明")
    assert page.locator(".CodeMirror").evaluate("e => e.CodeMirror.getValue()").count("# Every liaison unit") == 1
    marker.click()
    assert "Every liaison unit" in page.inner_text(".CodeMirror-code")
    page.click("#query-run")
    page.wait_for_selector("table.query-table", timeout=90000)
    assert page.inner_text("#query-status").startswith("共 3 行，用时 ")
    assert "驻福建联络处" in page.inner_text("table.query-table")  # the page's language is bound as lang
    # value words in Simplified Chinese, their English as the tooltip: the Fujian unit (founded 2012-02, seed
    # 001; last attested by the 2014-12 documents) is "possibly" in force on the reference date, 2019-01-21
    words = page.eval_on_selector_all("table.query-table tr:first-child .query-word",
                                      "els => els.map(e => [e.textContent, e.title])")
    assert ["可能运作中", "possibly"] in words and ["最后见证之后", "after last attestation"] in words
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    visit.close()


def test_chinese_page_speaks_chinese_and_links_to_chinese_pages(browser: object, server: Server,
                                                               artifacts_dir: Path) -> None:
    """The Traditional Chinese page's start query lists the offices by their Chinese names, linked to the
    Traditional Chinese pages, with the counts and the buttons in Chinese."""
    visit = Visit(browser, server.url, 390, 844)
    page = visit.page
    page.goto(server.url + "/sparql.zh-Hant.html", wait_until="networkidle")
    assert page.locator("h1").inner_text() == "查詢圖譜"
    assert page.locator("#query-run").inner_text() == "執行"
    page.click("#query-run")
    page.wait_for_selector("table.query-table", timeout=90000)
    assert page.inner_text("#query-status").startswith("共 5 行")
    assert ("office:bjo", "id/office/bjo.zh-Hant.html") in cell_links(page, 1)
    assert "香港特別行政區政府駐北京辦事處" in page.inner_text("table.query-table")
    page.screenshot(path=str(artifacts_dir / "query-zh-Hant-390.png"), full_page=True)
    visit.close()


def test_construct_and_ask_answers(browser: object, server: Server) -> None:
    """A CONSTRUCT is a table of subject, property and value with links; an ASK is yes or no."""
    visit = Visit(browser, server.url)
    page = visit.page
    page.goto(server.url + "/sparql", wait_until="networkidle")
    visit.type_query(["CONSTRUCT { office:bjo skos:prefLabel ?l } WHERE { office:bjo skos:prefLabel ?l }"])
    visit.run()
    assert page.eval_on_selector_all("table.query-table th", "els => els.map(e => e.textContent)") == \
        ["Subject", "Property", "Value"]
    assert ("office:bjo", "id/office/bjo.html") in cell_links(page, 1)
    assert "香港特別行政區政府駐北京辦事處" in page.inner_text("table.query-table")
    visit.type_query(["ASK { unit:shenzhen org:unitOf office:gdeto }"])
    visit.run()
    assert page.inner_text(".query-answer") == "Answer: yes"
    visit.close()


def test_endpoint_answers_a_syntax_error_with_one_line(server: Server) -> None:
    """Over HTTP: 400, text/plain, one line naming the line and column of the query as sent."""
    query = "SELECT * WHERE {\n  ?s a foo:Bar .\n}"
    status, headers, body = server.request("GET", "/sparql?" + urlencode({"query": query}))
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.decode().splitlines() == [body.decode().strip()]
    assert body.decode().startswith("malformed query: line 2, column 8: the prefix foo: is not declared")


def test_static_copy_says_it_has_no_endpoint(browser: object, site: Path) -> None:
    """On a plain static server (no /sparql) the page says so instead of failing silently."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        origin = f"http://127.0.0.1:{httpd.server_address[1]}"
        visit = Visit(browser, origin)
        visit.page.goto(origin + "/sparql.html", wait_until="networkidle")
        notice = visit.page.locator("#query-no-endpoint")
        notice.wait_for(state="visible")
        assert "has no SPARQL endpoint" in notice.inner_text() and "hkgov-graph serve" in notice.inner_text()
        visit.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
