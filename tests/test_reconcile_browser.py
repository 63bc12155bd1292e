"""The reconciliation service as a web client on another origin uses it (OpenRefine runs at 127.0.0.1:3333), in
headless chromium: the preview renders inside an iframe of that origin, styled and without console errors, the
site's own pages still refuse to be framed, and a cross-origin fetch and a JSONP script both get answers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from helpers_browser import chromium
from helpers_servers import Server, start_server, stop_server
from hkgov_graph.publish.site import publish

pytestmark = [pytest.mark.browser, pytest.mark.server]



@pytest.fixture(scope="module")
def server(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    site = publish(tmp_path_factory.mktemp("reconcile-browser") / "site", nquads=nquads).output_dir
    running = start_server(site)
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def client_origin(server: Server) -> Iterator[str]:
    """Another origin (a free port on 127.0.0.1) serving one page that frames a preview and a site page."""
    service = server.url + "/reconcile"
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>client</title></head><body>
<iframe id="preview" width="400" height="220" src="{service}/zh-Hant/preview?id={quote('office/gdeto', safe='')}">
</iframe>
<iframe id="page" name="page" width="400" height="220" src="{server.url}/id/office/gdeto.html"></iframe>
</body></html>""".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from chromium()


def test_preview_renders_in_a_frame_of_another_origin(browser: object, server: Server, client_origin: str,
                                                      artifacts_dir: Path) -> None:
    """The preview loads inside the other origin's iframe, with the site's and its own styles, no console error;
    the site's page in the other iframe is refused (frame-ancestors 'none')."""
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(client_origin, wait_until="load")
    preview = page.frame_locator("#preview")
    heading = preview.locator("h1")
    assert heading.inner_text().strip() == "香港特別行政區政府駐粵經濟貿易辦事處"
    assert heading.evaluate("h => getComputedStyle(h).fontSize") == "16.8px"  # preview.css: 1.05rem
    assert preview.locator("p.sources a.src").count() >= 1
    framed = [f for f in page.frames if "/reconcile/" in f.url]
    assert framed and not [e for e in errors if "/reconcile" in e]
    site_frame = next(f for f in page.frames if f.name == "page")
    assert site_frame.url.startswith("chrome-error://")  # refused: chromium shows its error page instead
    page.locator("#preview").screenshot(path=str(artifacts_dir / "reconcile-preview.png"))
    page.close()


def test_cross_origin_fetch_and_jsonp(browser: object, server: Server, client_origin: str) -> None:
    """From the other origin, fetch() reads a reconciliation answer (CORS) and a JSONP script calls back."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(client_origin, wait_until="load")
    queries = json.dumps({"q0": {"query": "駐粵辦"}})
    answer = page.evaluate("""async ([url, queries]) => {
        const body = new URLSearchParams({queries});
        const response = await fetch(url, {method: "POST", body});
        return await response.json();
    }""", [server.url + "/reconcile", queries])
    assert answer["q0"]["result"][0]["id"] == "office/gdeto" and answer["q0"]["result"][0]["match"] is True
    suggested = page.evaluate("""url => new Promise((resolve, reject) => {
        window.gotSuggestions = resolve;
        const script = document.createElement("script");
        script.src = url + "/reconcile/suggest/entity?prefix=GDETO&callback=gotSuggestions";
        script.onerror = reject;
        document.head.appendChild(script);
    })""", server.url)
    assert suggested["result"][0]["id"] == "office/gdeto"
    page.close()
