"""Pages on demand: the site ``hkgov-graph publish`` would write, rendered from the store when asked.

A large graph can then be served without publishing it first (at a million
triples the static site is hundreds of thousands of files). :class:`StorePages`
answers the same paths as :class:`hkgov_graph.serve.pages.SiteFolder` over a
published folder, with the same bytes: resource and graph pages
(``id/office/bjo.html``, ``.zh-Hant.html``, ``.zh-Hans.html``) and their
``.ttl``, ``.jsonld`` and ``.nt`` are rendered per request by the publisher's own
:class:`~hkgov_graph.publish.pages.Site` (the same model, the same set of
page paths for links, so the same output); ``.rdf`` is made from the
N-Triples as for a folder. Every other file of the site (index pages, the
ontology and dataset pages, the dumps, search files, style) is made by the
publisher's :func:`~hkgov_graph.publish.site.site_entries` without the
resource pages, once, the first time one of them is asked for, and written to a
temporary folder that is served from (:class:`RestFiles`): the dumps alone are
gigabytes at a million triples, too much to hold in memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph.publish.pages import Site, lang_path
from hkgov_graph.publish.site import MEDIA_TYPES
from hkgov_graph.publish.words import LANGS
from hkgov_graph.serve.pages import RDF_XML, Page, safe_segments

if TYPE_CHECKING:
    import pyoxigraph as ox

RDF_EXTENSIONS = ("ttl", "jsonld", "nt")


def _media_type(path: str) -> str:
    suffix = "." + path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return MEDIA_TYPES.get(suffix, "application/octet-stream")


class StorePages:
    """The pages and files of the site of ``store`` (under ``base``), made when asked."""

    def __init__(self, store: ox.Store, base: str) -> None:
        from hkgov_graph.publish.model import SiteModel

        self.store = store
        self.base = base
        # read from the store as pages ask (SiteModel.lazy): start-up is one query for the page set
        self.model = SiteModel.lazy(store, base)
        # the resources and graphs that have pages, exactly as publish chooses them
        resources = [iri for iri in self.model.resources_under(base + "id/") if self.model.page_path(iri) is not None]
        graphs = [g for g in self.model.graphs() if g.startswith(base + "graph/") and self.model.page_path(g)]
        self.pages: dict[str, str] = {}  # site path of a page, without extension -> its IRI
        for iri in [*resources, *graphs]:
            path = self.model.page_path(iri)
            assert path is not None
            self.pages[path] = iri
        self.site = Site(self.model, self.pages)
        self._rest: RestFiles | None = None
        self._folders: set[str] | None = None
        self._lock = threading.Lock()
        self._render = lru_cache(maxsize=4096)(self._render_uncached)

    @property
    def on_demand(self) -> OnDemandFiles:
        """The paths of the files made on demand (a view: membership is worked out from the path)."""
        return OnDemandFiles(self)

    def target(self, path: str) -> tuple[str, str] | None:
        """The IRI and the language (or RDF extension) of a file made on demand, or None."""
        for ext in RDF_EXTENSIONS:
            if path.endswith("." + ext) and (iri := self.pages.get(path[: -len(ext) - 1])) is not None:
                return iri, ext
        for lang in sorted(LANGS, key=lambda lang: -len(lang_path("", lang))):
            suffix = lang_path("", lang)
            if path.endswith(suffix) and (iri := self.pages.get(path[: -len(suffix)])) is not None:
                return iri, lang
        return None

    # - what is rendered per request -

    def _render_uncached(self, path: str) -> bytes:
        from hkgov_graph.publish.serialise import to_jsonld, to_ntriples, to_turtle

        found = self.target(path)
        assert found is not None
        iri, what = found
        if what in LANGS:
            return self.site.resource_page(iri, what)
        triples = self.model.description(iri)
        if what == "ttl":
            return to_turtle(triples, self.model.prefixes)
        if what == "jsonld":
            return to_jsonld(triples, self.model.prefixes)
        return to_ntriples(triples)

    def rest(self) -> RestFiles:
        """Every file of the site but those made on demand, as publish writes them (made once, on first need)."""
        with self._lock:
            if self._rest is None:
                self._rest = RestFiles.write(self.store, self.base)
            return self._rest

    def _folder_paths(self) -> set[str]:
        with self._lock:
            if self._folders is None:
                folders = set()
                for path in self.pages:
                    parts = path.split("/")[:-1]
                    folders.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
                self._folders = folders
            return self._folders

    # - the Pages interface -

    def _relative(self, raw_path: str) -> str | None:
        segments = safe_segments(raw_path)
        if segments is None:
            return None
        return "/".join(segments)

    def file(self, relative: str) -> bytes | None:
        """The bytes of the site file at ``relative`` (``id/office/bjo.html``), or None."""
        if self.target(relative) is not None:
            return self._render(relative)
        if relative.split("/", 1)[0] in ("id", "graph") and not relative.rsplit("/", 1)[-1].startswith("index."):
            return None  # under id/ and graph/ the site has only pages made on demand and index pages
        return self.rest().get(relative)

    def page(self, raw_path: str) -> Page | None:
        relative = self._relative(raw_path)
        if relative is None:
            return None
        if not raw_path.endswith("/") and self.target(relative) is not None:
            return Page(_media_type(relative), body=self._render(relative))
        if relative == "" or raw_path.endswith("/"):
            if relative and not self._is_folder(relative):
                return None
            relative = f"{relative}/index.html" if relative else "index.html"
        elif self._is_folder(relative):
            return None  # the app redirects to the folder's path with a slash (or answers 404 without an index)
        body = self.file(relative)
        if body is not None:
            return Page(_media_type(relative), body=body)
        if relative.endswith(".rdf"):
            ntriples = self.file(relative[: -len(".rdf")] + ".nt")
            if ntriples is not None:
                return Page(RDF_XML, body=_rdf_xml(ntriples))
        return None

    def is_folder(self, raw_path: str) -> bool:
        # only a folder with a page to show: redirecting search/ (the index's scripts) to search// would never end
        relative = self._relative(raw_path)
        if relative is None or raw_path.endswith("/") or not self._is_folder(relative):
            return False
        return self.file(f"{relative}/index.html" if relative else "index.html") is not None

    def _is_folder(self, relative: str) -> bool:
        if not relative:
            return True
        if relative in self._folder_paths():
            return True
        if self.target(relative) is not None or self.target(relative + ".html") is not None:
            return False  # a page or a resource, not a folder
        prefix = relative + "/"
        return any(path.startswith(prefix) for path in self.rest()) if not relative.startswith("id/") else False

    def is_resource(self, raw_path: str) -> bool:
        relative = self._relative(raw_path)
        if not relative or raw_path.endswith("/"):
            return False  # /id/office/bjo/ is not the IRI; its .html would be bjo/.html
        return self.target(relative + ".html") is not None or (
            not relative.startswith("id/") and relative + ".html" in self.rest())


class RestFiles(Mapping[str, bytes]):
    """Site path -> bytes of the files written to a temporary folder (removed with this object or at exit).

    Only the paths are held in memory; the bytes are read from the folder when asked for.
    """

    def __init__(self, folder: Path, paths: set[str]) -> None:
        self.folder = folder
        self.paths = paths
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(folder), ignore_errors=True)

    @classmethod
    def write(cls, store: ox.Store, base: str) -> RestFiles:
        """Every file of the site of ``store`` except the pages and RDF files of resources and graphs."""
        from hkgov_graph.outputs import TEMP_PREFIX, clean_temp_leftovers
        from hkgov_graph.publish.site import site_entries
        from hkgov_graph.publish.writer import FileWriter

        clean_temp_leftovers("on-demand")  # of servers that were killed
        folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}on-demand-{os.getpid()}-"))
        paths: set[str] = set()
        try:
            with FileWriter(folder) as writer:
                for relative, data in site_entries(store, base, workers=1, with_resources=False):
                    writer.write(relative, data)
                    paths.add(relative)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return cls(folder, paths)

    def __getitem__(self, relative: str) -> bytes:
        if relative not in self.paths:
            raise KeyError(relative)
        return (self.folder / relative).read_bytes()

    def __contains__(self, relative: object) -> bool:
        return relative in self.paths

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


class OnDemandFiles(Collection[str]):
    """Every site path :class:`StorePages` renders on demand: three languages and three RDF files per page."""

    def __init__(self, pages: StorePages) -> None:
        self.pages = pages

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.pages.target(path) is not None

    def __iter__(self) -> Iterator[str]:
        for path in self.pages.pages:
            yield from (lang_path(path, lang) for lang in LANGS)
            yield from (f"{path}.{ext}" for ext in RDF_EXTENSIONS)

    def __len__(self) -> int:
        return len(self.pages.pages) * (len(LANGS) + len(RDF_EXTENSIONS))


@lru_cache(maxsize=256)
def _rdf_xml(ntriples: bytes) -> bytes:
    """N-Triples as RDF/XML, as the server does for a published folder."""
    import pyoxigraph as ox

    from hkgov_graph.publish.site import fix_language_tags

    triples = [q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
    return fix_language_tags(ox.serialize(triples, format=ox.RdfFormat.RDF_XML))
