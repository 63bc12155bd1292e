"""Screenshots of the HTML viewer, one of each view, for the README: ``docs/images/viewer-*.png``.

Exports the four views of the packaged data as viewer pages into a temporary
folder and photographs each in Chromium (``/usr/bin/chromium``, through
Playwright) at 1280 x 800 after its first layout; the reporting view also in
Simplified Chinese, in English as of 2005 (typed into the date field, so what
is only possibly in force, or of unknown date, is drawn so), and on a phone
(390 x 844, where it is a list), and the coverage view in English on a phone.
Run after changing the viewer: ``python scripts/update_viewer_screenshots.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from hkgov_graph.export.views import VIEWS, export

DOCS_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
SHOTS = {  # name -> (view, width, height, language button, date typed in or None, open the panel)
    **{f"viewer-{view}": (view, 1280, 800, "zh-hant", None, False) for view in VIEWS},
    "viewer-reporting-zh-hans": ("reporting", 1280, 800, "zh-hans", None, False),
    "viewer-reporting-2005-en": ("reporting", 1280, 800, "en", "2005", False),
    "viewer-reporting-phone": ("reporting", 390, 844, "zh-hant", None, False),
    "viewer-coverage-phone": ("coverage", 390, 844, "en", None, False),
}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hkgov-graph-viewer-") as tmp:
        folder = Path(tmp)
        for view in VIEWS:
            export(None, view, "html", folder / f"{view}.html")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for name, (view, width, height, lang, date, panel) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto((folder / f"{view}.html").as_uri())
                page.wait_for_selector("body[data-ready=true]", timeout=60_000)
                if date:
                    page.fill("#as-of", date)
                    page.press("#as-of", "Enter")
                    page.wait_for_selector(f"body[data-as-of='{date}']", timeout=60_000)
                if lang != "zh-hant":
                    page.locator(f"button.lang[data-lang={lang}]").click()
                if panel:
                    page.locator("#side-toggle").click()
                page.wait_for_timeout(400)
                page.screenshot(path=str(DOCS_IMAGES / f"{name}.png"))
                page.close()
                print(f"wrote docs/images/{name}.png")
            browser.close()


if __name__ == "__main__":
    main()
