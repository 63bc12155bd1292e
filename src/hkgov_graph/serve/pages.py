"""The site's pages and files, behind a small interface the app asks.

:class:`SiteFolder` serves the folder ``hkgov-graph publish`` writes, as
files; a later implementation may render pages on demand (the app only
needs :class:`Pages`). Request paths are checked before they touch the
disk: ``.`` and ``..`` segments, hidden segments, percent-encoded slashes,
backslashes and NUL, segments longer than a file name may be, and anything
resolving outside the folder (symbolic links included) are not found.

Resource IRIs have representations next to their page: ``bjo.html``,
``bjo.ttl``, ``bjo.jsonld``, ``bjo.nt``; RDF/XML (``bjo.rdf``), which the site
does not write, is made from the N-Triples file when asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from hkgov_graph.publish.site import MEDIA_TYPES
from hkgov_graph.serve.negotiation import Offer

MAX_SEGMENT = 255  # NAME_MAX on Linux: a longer segment cannot name a file

# The representations of a resource, in the server's order of preference; the key is the file extension.
RESOURCE_OFFERS = (
    Offer("html", "text/html"),
    Offer("ttl", "text/turtle", ("application/x-turtle",)),
    Offer("jsonld", "application/ld+json", ("application/json",)),
    Offer("nt", "application/n-triples"),
    Offer("rdf", "application/rdf+xml"),
)
RDF_XML = "application/rdf+xml"


@dataclass(frozen=True)
class Page:
    """What to send for a path: a file on disk, or bytes made on demand."""

    media_type: str
    path: Path | None = None
    body: bytes | None = None


class Pages(Protocol):
    """What the app needs from the site."""

    def page(self, raw_path: str) -> Page | None:
        """The file or page at ``raw_path`` (still percent-encoded), or None."""

    def is_folder(self, raw_path: str) -> bool:
        """Whether ``raw_path`` names a folder (answered with a redirect to ``raw_path/``)."""

    def is_resource(self, raw_path: str) -> bool:
        """Whether ``raw_path`` is a resource IRI with representations (``raw_path.html`` and others)."""


def safe_segments(raw_path: str) -> list[str] | None:
    """The decoded segments of a request path, or None when the path is unsafe."""
    if not raw_path.startswith("/") or re.search(r"%(2f|5c|00)", raw_path, re.IGNORECASE):
        return None
    try:
        path = unquote(raw_path, errors="strict") if "%" in raw_path else raw_path
    except UnicodeDecodeError:
        return None
    if "\\" in path or "\0" in path:
        return None
    segments = [s for s in path.split("/") if s]
    if any(s.startswith(".") or len(s.encode()) > MAX_SEGMENT for s in segments):
        return None
    return segments


class SiteFolder:
    """A published site on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _target(self, raw_path: str) -> Path | None:
        segments = safe_segments(raw_path)
        if segments is None:
            return None
        try:
            candidate = self.root.joinpath(*segments).resolve()
        except (OSError, RuntimeError):  # a name too long for the file system, a symlink loop
            return None
        if candidate != self.root and not candidate.is_relative_to(self.root):
            return None
        return candidate

    def page(self, raw_path: str) -> Page | None:
        target = self._target(raw_path)
        if target is None:
            return None
        try:
            if target.is_dir():
                if not raw_path.endswith("/"):
                    return None  # the app redirects to the folder's path with a slash
                target = target / "index.html"
            elif raw_path.endswith("/"):
                return None  # a file is not a folder: bjo.html/ would break the page's relative links
            if target.is_file():
                return Page(MEDIA_TYPES.get(target.suffix, "application/octet-stream"), path=target)
            if target.suffix == ".rdf" and target.with_suffix(".nt").is_file():
                source = target.with_suffix(".nt")
                return Page(RDF_XML, body=rdf_xml(source, source.stat().st_mtime_ns))
        except OSError:
            return None
        return None

    def is_folder(self, raw_path: str) -> bool:
        # only a folder with a page to show: redirecting search/ (the index's scripts) to search// would never end
        target = self._target(raw_path)
        try:
            return not raw_path.endswith("/") and target is not None and (target / "index.html").is_file()
        except OSError:
            return False

    def is_resource(self, raw_path: str) -> bool:
        target = self._target(raw_path)
        if raw_path.endswith("/"):
            return False  # /id/office/bjo/ is not the IRI; its .html would be bjo/.html
        try:
            return target is not None and target.with_name(target.name + ".html").is_file()
        except (OSError, ValueError):
            return False


@lru_cache(maxsize=256)
def rdf_xml(ntriples: Path, mtime_ns: int) -> bytes:
    """A resource's N-Triples file as RDF/XML (cached per file version)."""
    import pyoxigraph as ox

    from hkgov_graph.publish.site import fix_language_tags

    triples = [q.triple for q in ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)]
    return fix_language_tags(ox.serialize(triples, format=ox.RdfFormat.RDF_XML))
