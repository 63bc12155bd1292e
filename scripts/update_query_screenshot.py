"""The query page's screenshots for the README: ``docs/images/page-query.png``, ``page-query-error.png`` and
``page-query-phone.png``.

Publishes the packaged data into a temporary folder, serves it with
``hkgov-graph serve`` on a free port (the page needs the endpoint, which a
``file://`` copy has not), and photographs in Chromium (``/usr/bin/chromium``,
through Playwright): at 1280 x 800 the reporting-line example's answer, and a
query with a prefix the project does not declare; at 390 x 844 (a phone) the
Simplified Chinese page with the liaison-units example's answer, as cards.
Each is scrolled to what it shows (the editor and the answer; on the phone the answer).
Run after changing the query page: ``python scripts/update_query_screenshot.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from hkgov_graph.publish.site import publish

DOCS_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
ERROR_QUERY = "SELECT ?office ?item WHERE {\n  ?office a hkg:MainlandOffice ;\n          wdt:P31 ?item .\n}"


def run_example(page: Page, url: str, top: str) -> None:
    """Open the page on an example, run it, and scroll to ``top`` (a selector): the editor and the answer."""
    page.goto(url, wait_until="networkidle")
    page.click("#query-run")
    page.wait_for_selector("table.query-table", timeout=120000)
    page.locator(top).evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hkgov-graph-shots-") as folder:
        site = publish(Path(folder) / "site").output_dir
        script = shutil.which("hkgov-graph")
        command = [script] if script else [sys.executable, "-m", "hkgov_graph"]
        server = subprocess.Popen([*command, "serve", "--site", str(site), "--port", "0", "--quiet"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            origin = re.search(r"(http://[\d.]+:\d+)/", server.stdout.readline())[1]  # type: ignore[index]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                            args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                run_example(page, f"{origin}/sparql.html?example=reporting-line", "#query-text-label")
                page.screenshot(path=str(DOCS_IMAGES / "page-query.png"))
                print("wrote docs/images/page-query.png")
                page.close()
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"{origin}/sparql", wait_until="networkidle")
                page.locator(".CodeMirror").evaluate("(e, text) => e.CodeMirror.setValue(text)", ERROR_QUERY)
                page.click("#query-run")
                page.wait_for_selector(".query-error", timeout=120000)
                page.screenshot(path=str(DOCS_IMAGES / "page-query-error.png"))
                print("wrote docs/images/page-query-error.png")
                page.close()
                page = browser.new_page(viewport={"width": 390, "height": 844})
                run_example(page, f"{origin}/sparql.zh-Hans.html?example=liaison-units", ".query-actions")
                page.screenshot(path=str(DOCS_IMAGES / "page-query-phone.png"))
                print("wrote docs/images/page-query-phone.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
