"""The query page's screenshots for the README: ``docs/images/page-query.png`` and ``page-query-error.png``.

Publishes the packaged data into a temporary folder, serves it with
``hkgov-graph serve`` on a free port (the page needs the endpoint, which a
``file://`` copy has not), and photographs in Chromium (``/usr/bin/chromium``,
through Playwright) at 1280 x 800: the reporting-line example run, and a query
with a prefix the project does not declare.
Run after changing the query page: ``python scripts/update_query_screenshot.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from hkgov_graph.publish.site import publish

DOCS_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
ERROR_QUERY = "SELECT ?office ?item WHERE {\n  ?office a hkg:MainlandOffice ;\n          wdt:P31 ?item .\n}"


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
                page.goto(f"{origin}/sparql.html?example=reporting-line", wait_until="networkidle")
                page.click("#query-run")
                page.wait_for_selector("table.query-table", timeout=120000)
                # from the example's note down: the question, the editor, and the answer's first rows
                page.locator("#query-example-note").evaluate(
                    "e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8)")
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
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
