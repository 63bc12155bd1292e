"""Screenshots of each kind of page of the published site, for the README: ``docs/images/page-*.png``.

Publishes the packaged data into a temporary folder and photographs the first
screen of one page of each kind in Chromium (``/usr/bin/chromium``, through
Playwright), at 1280 x 800, and the person page at a phone's 390 x 844.
Run after changing the templates or the style: ``python scripts/update_page_screenshots.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from hkgov_graph.publish.site import publish

DOCS_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
PAGES = {  # name -> (site path, width, height)
    "page-office": ("id/office/bjo.html", 1280, 800),
    "page-person": ("id/person/chu-man-ling.html", 1280, 800),
    "page-person-phone": ("id/person/chu-man-ling.zh-Hant.html", 390, 844),
    "page-mechanism": ("id/mechanism/guangdong-hong-kong.zh-Hans.html", 1280, 800),
    "page-index": ("id/office/index.html", 1280, 800),
    "page-source": ("graph/wikipedia-guangdong-eto.html", 1280, 800),
    "page-dataset": ("dataset.html", 1280, 800),
    "page-search": ("search.html?q=%E9%A9%BB%E7%B2%A4%E7%BB%8F%E8%B4%B8%E5%8A%9E", 1280, 800),
    "page-ontology": ("ontology.html", 1280, 800),
}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hkgov-graph-shots-") as folder:
        site = publish(Path(folder) / "site").output_dir
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for name, (path, width, height) in PAGES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"{site.as_uri()}/{path}", wait_until="load")
                page.screenshot(path=str(DOCS_IMAGES / f"{name}.png"))
                page.close()
                print(f"wrote docs/images/{name}.png")
            browser.close()


if __name__ == "__main__":
    main()
