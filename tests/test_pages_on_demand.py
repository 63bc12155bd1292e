"""Pages on demand: `serve --on-demand` renders from the build's store the bytes `publish` writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers_servers import Server, stop_server
from hkgov_graph.graph.persistent import open_current
from hkgov_graph.publish.site import publish
from hkgov_graph.serve.ondemand import StorePages

BASE = "https://w3id.org/hkgov-graph/"


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("on-demand") / "site", nquads=nquads).output_dir


@pytest.fixture(scope="module")
def pages(nquads: Path) -> StorePages:
    store = open_current(nquads)
    assert store is not None, "the build's store should be current"
    return StorePages(store, BASE)


def site_files(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_resource_pages_are_rendered_when_asked(pages: StorePages) -> None:
    """The Beijing Office's pages and RDF are made per request, not taken from a published site."""
    for path in ("id/office/bjo.html", "id/office/bjo.zh-Hant.html", "id/office/bjo.zh-Hans.html",
                 "id/office/bjo.ttl", "id/office/bjo.jsonld", "id/office/bjo.nt"):
        assert path in pages.on_demand
    assert pages._rest is None  # nothing else had to be made for them
    page = pages.page("/id/office/bjo.zh-Hant.html")
    assert page is not None and page.media_type.startswith("text/html")
    assert "香港特別行政區政府駐北京辦事處" in page.body.decode()  # seed: wikipedia-beijing-office
    assert pages._rest is None


def test_every_resource_page_is_byte_identical(site: Path, pages: StorePages) -> None:
    """Every page and RDF file made on demand has the bytes publish wrote."""
    on_demand = [f for f in site_files(site) if f in pages.on_demand]
    assert len(on_demand) > 300  # every resource, three languages and three RDF formats
    for relative in on_demand:
        page = pages.page("/" + relative)
        assert page is not None, relative
        assert page.body == (site / relative).read_bytes(), relative


def test_every_other_file_is_there_too(site: Path, pages: StorePages) -> None:
    """Index, ontology, dataset, dumps, search and style: the same files, the same bytes."""
    others = [f for f in site_files(site) if f not in pages.on_demand]
    assert "index.html" in others and "dumps/hkgov-graph.nq.gz" in others
    for relative in others:
        page = pages.page("/" + relative)
        assert page is not None, relative
        assert page.body == (site / relative).read_bytes(), relative


def test_folders_resources_and_unknown_paths(pages: StorePages) -> None:
    """Folders, resource IRIs and paths that are not there answer as a published folder does."""
    assert pages.is_folder("/id/office") and not pages.is_folder("/id/office/bjo")
    assert pages.is_resource("/id/office/bjo") and not pages.is_resource("/id/office/nothing")
    assert pages.page("/id/office") is None  # the app redirects to /id/office/
    assert pages.page("/id/office/").body == pages.file("id/office/index.html")
    assert pages.page("/id/office/nothing.html") is None
    assert pages.page("/id/../index.html") is None and pages.page("/id%2Foffice/bjo.html") is None
    assert pages.page("/id/office/bjo.rdf").media_type == "application/rdf+xml"


@pytest.fixture(scope="module")
def server(nquads: Path) -> Iterator[Server]:
    import re
    import subprocess

    from helpers_servers import command

    process = subprocess.Popen([*command(), "serve", "--on-demand", "--input", str(nquads), "--port", "0",
                                "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    m = re.search(r"http://([\d.]+):(\d+)/", line)
    if not m:
        process.kill()
        raise AssertionError(f"the server did not start: {line!r} {process.stderr.read() if process.stderr else ''}")
    running = Server(process, m[1], int(m[2]), nquads.parent)
    yield running
    stop_server(running)


@pytest.mark.server
def test_serve_on_demand_negotiates_and_answers_with_published_bytes(server: Server, site: Path) -> None:
    """`hkgov-graph serve --on-demand`: 303 to the page, whose bytes are the published page's."""
    status, headers, _ = server.request("GET", "/id/office/bjo", {"Accept": "text/turtle"})
    assert status == 303 and headers["Location"].endswith("/id/office/bjo.ttl")
    status, _, body = server.request("GET", "/id/office/bjo.html")
    assert status == 200 and body == (site / "id/office/bjo.html").read_bytes()
    status, _, _ = server.request("GET", "/id/office/nothing.html")
    assert status == 404
