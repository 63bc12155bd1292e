"""Publish the graph as linked data: a static site of pages, per-resource
RDF files, dataset dumps and a VoID/DCAT description.

Every resource IRI ``<base>id/<kind>/<slug>`` gets ``site/id/<kind>/<slug>.html``
with ``.ttl``, ``.jsonld`` and ``.nt`` files of its description next to it, so
any static server can serve the site and a content-negotiating server
(:mod:`hkgov_graph.serve.app`) can answer the IRI itself with a 303 to one of
them. The ontology IRI maps to ``ontology.*``, each named graph IRI to
``graph/<name>.*`` and the dataset IRI to ``dataset.*``.

A resource's description is every triple it is the subject of, in any graph,
plus the description of the skolemised blank nodes it points at (intervals,
instants, addresses), which have no page of their own; the HTML page shows,
for each statement, the named graphs (source documents) that hold it.

The output is deterministic: everything is sorted, nothing carries a
timestamp, gzip members have a fixed mtime, and the site is written into a
temporary folder that replaces the target in one step
(:mod:`hkgov_graph.outputs`, which also refuses to overwrite anything but an
earlier site).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files as resources_files
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from hkgov_graph import __version__
from hkgov_graph import namespaces as ns
from hkgov_graph.errors import InputError, UsageError
from hkgov_graph.graph.dataset import LICENSE
from hkgov_graph.publish.dcat import dataset_description, union_counts
from hkgov_graph.publish.model import VANN, SiteModel, prefixes_for, rebase_iri
from hkgov_graph.publish.pages import Site, lang_path
from hkgov_graph.publish.parallel import resource_files
from hkgov_graph.publish.search import search_files
from hkgov_graph.publish.serialise import (
    conventional_tag,
    dataset_jsonld,
    dataset_nquads,
    dataset_ntriples,
    dataset_trig,
    dataset_turtle,
    fix_language_tags,
    gzip_bytes,
    to_jsonld,
    to_ntriples,
    to_turtle,
)
from hkgov_graph.publish.words import LANGS
from hkgov_graph.publish.writer import FileWriter
from hkgov_graph.serve.querypage import site_files as query_page_files

# Names other modules import from here (the server, the benchmarks).
__all__ = ["DUMP_STEM", "MEDIA_TYPES", "SiteModel", "fix_language_tags", "load_published_store", "normalise_base",
           "prefixes_for", "publish", "rebase_iri", "site_entries", "site_files", "to_jsonld", "to_turtle",
           "write_site"]

if TYPE_CHECKING:
    import pyoxigraph as ox

LICENCE = LICENSE  # the one licence of the dataset, stated in the dump by hkgov_graph.graph.dataset
DUMP_STEM = "hkgov-graph"

# The RDF files written next to every page: extension -> media type.
RESOURCE_FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
# Media types of everything the site holds, for servers.
MEDIA_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".gz": "application/gzip",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
# Names of the kinds of resource (the first path segment after id/).
KIND_NAMES: dict[str, tuple[str, str]] = {
    "government": ("Governments", "政府"),
    "bureau": ("Policy bureaus", "決策局"),
    "department": ("Departments", "政府部門"),
    "office": ("Offices", "辦事處"),  # the Mainland offices, and the overseas ETOs and the Taipei office (001)
    "liaison-unit": ("Liaison units", "聯絡處"),
    "division": ("Divisions", "組別"),
    "body": ("Public and Mainland bodies", "機構"),
    "post": ("Posts", "職位"),
    "rank": ("Ranks", "職級"),
    "person": ("People", "人物"),
    "membership": ("Terms of office", "任職"),
    "region": ("Regions", "地區"),
    "city": ("Cities", "城市"),
    "site": ("Sites", "地點"),
    "mechanism": ("Co-operation mechanisms", "合作機制"),
    "tier": ("Mechanism tiers", "機制層級"),
    "event": ("Events", "事件"),
    "change": ("Changes", "變更"),
    "relation": ("Reporting relations", "隸屬關係"),
    "statistic": ("Statistics", "統計"),
    "programme": ("Programmes", "計劃"),
}

RDF_TYPE = ns.RDF + "type"
_SEGMENT = re.compile(r"[\w~-][\w.~-]*")
_TAG_IN_OUTPUT = re.compile(rb'("@|xml:lang="|"xml:lang":\s?")([a-z]{2,3})-([a-z]{4})\b')


# -- IRIs and the base --

def normalise_base(base: str | None) -> str:
    """The base IRI to publish under: the default, or an absolute http(s) IRI ending in ``/``."""
    if not base:
        return ns.DEFAULT_BASE
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(f"--base must be an absolute http(s) IRI without query or fragment, not {base!r}")
    return base if base.endswith("/") else base + "/"


def rebase_store(store: ox.Store, base: str) -> ox.Store:
    """A copy of ``store`` with every IRI under the default base moved to ``base``.

    String literals that are exactly such an IRI (``vann:preferredNamespaceUri``)
    move too. With the default base the store itself is returned.
    """
    import pyoxigraph as ox

    if base == ns.DEFAULT_BASE:
        return store
    xsd_string = ns.XSD + "string"

    def move(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(ns.DEFAULT_BASE):
            return ox.NamedNode(rebase_iri(term.value, base))
        if (isinstance(term, ox.Literal) and term.language is None and term.datatype.value == xsd_string
                and term.value.startswith(ns.DEFAULT_BASE) and " " not in term.value):
            return ox.Literal(rebase_iri(term.value, base))
        return term

    moved = ox.Store()
    moved.extend(ox.Quad(move(q.subject), move(q.predicate), move(q.object), move(q.graph_name)) for q in store)
    return moved


def load_published_store(base: str | None = None, nquads: Path | None = None, data: Path | None = None,
                         ontology: Path | None = None) -> ox.Store:
    """The dataset to publish, under ``base``.

    From an N-Quads dump written by ``hkgov-graph build`` when ``nquads`` is
    given; otherwise the build runs into a temporary folder (non-conforming
    data raises :class:`NotConformingError`), so both give the same data.
    """
    import pyoxigraph as ox

    base = normalise_base(base)
    if nquads is not None:
        from hkgov_graph.graph.persistent import open_current

        current = open_current(Path(nquads))  # the build's store, read-only, while current with the dump
        if current is not None:
            return rebase_store(current, base)
        store = ox.Store()
        try:
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        except OSError as error:
            raise InputError(f"cannot read the dump: {error.strerror or error}", nquads) from None
        except SyntaxError as error:
            raise InputError(f"malformed N-Quads: {error}", nquads, getattr(error, "lineno", None)) from None
    else:  # exactly what `hkgov-graph build` writes, without the pictures
        from hkgov_graph.graph.build import NQUADS_NAME, build
        from hkgov_graph.outputs import temporary_folder

        with temporary_folder("publish") as folder:
            result = build(Path(folder) / "build", data, ontology, with_extras=False)
            store = ox.Store()
            store.bulk_load(path=str(result.output_dir / NQUADS_NAME), format=ox.RdfFormat.N_QUADS)
    return rebase_store(store, base)


# -- The ontology page --

_TERM_GROUPS = (
    ("classes", "Classes", "類別", (ns.OWL + "Class", ns.RDFS + "Class")),
    ("object-properties", "Object properties", "物件屬性", (ns.OWL + "ObjectProperty",)),
    ("datatype-properties", "Datatype properties", "數據屬性", (ns.OWL + "DatatypeProperty",)),
    ("annotation-properties", "Annotation properties", "註解屬性",
     (ns.OWL + "AnnotationProperty", ns.RDF + "Property")),
    ("individuals", "Named individuals", "具名個體", ()),
)


def _by_language(model: SiteModel, iri: str, predicate: str) -> list[tuple[str, str]]:
    import pyoxigraph as ox

    out = []
    for o in model.objects(iri, predicate):
        if isinstance(o, ox.Literal):
            out.append((conventional_tag(o.language or ""), o.value))
    return sorted(out, key=lambda x: (x[0] != "en", x[0], x[1]))


def ontology_pages(site: Site) -> dict[str, bytes]:
    """The ontology's documentation: every term with its labels and comments in English and Chinese.

    pyLODE (``OntPub``) was the first choice; version 3.4.1 fails at import
    (it reads a ``pyproject.toml`` its wheel does not ship) and is not a
    dependency of this project, so the page is laid out by the site's own
    ``ontology.html`` template, like the other pages.
    """
    m, p = site.m, site.profiler
    terms = sorted({iri for iri in m.outgoing if iri.startswith(m.hkg) and len(iri) > len(m.hkg)
                    and (m.ontology in {g for t in m.outgoing[iri] for g in m.sources.get(t, [])})})
    grouped: dict[str, list[str]] = defaultdict(list)
    for iri in terms:
        types = m.types(iri)
        for key, _, _, classes in _TERM_GROUPS:
            if not classes or types & set(classes):
                grouped[key].append(iri)
                break
    shown = {ns.RDFS + "label", ns.RDFS + "comment"}
    groups = []
    for key, en, zh, _ in _TERM_GROUPS:
        if not grouped.get(key):
            continue
        entries = []
        for iri in grouped[key]:
            rest = sorted((t for t in m.outgoing[iri] if t.predicate.value not in shown),
                          key=lambda t: (m.curie(t.predicate.value), str(t.object)))
            entries.append({"ref": p.ref(iri), "anchor": iri[len(m.hkg):],
                            "labels": _by_language(m, iri, ns.RDFS + "label"),
                            "comments": _by_language(m, iri, ns.RDFS + "comment"),
                            "rows": [(p.ref(t.predicate.value), p.value(t.object)) for t in rest]})
        groups.append(({"key": key, "en": en, "zh": zh}, entries))
    imported = sorted(iri for iri in m.outgoing if not iri.startswith(m.base) and m.ontology in {
        g for t in m.outgoing[iri] for g in m.sources.get(t, [])})
    groups.append(({"key": "standard-terms", "en": "Standard terms used", "zh": "引用的標準詞彙"},
                   [{"ref": p.ref(iri), "anchor": "std-" + re.sub(r"[^\w-]", "-", m.curie(iri)),
                     "labels": _by_language(m, iri, ns.RDFS + "label"), "comments": [],
                     "rows": [(p.ref(ns.RDF + "type"), p.ref(t)) for t in sorted(m.types(iri))]}
                    for iri in imported]))
    meta = []
    for predicate, label in ((ns.DCTERMS + "description", "Description 說明"),
                             (ns.OWL + "versionIRI", "Version IRI 版本"),
                             (ns.OWL + "versionInfo", "Version 版本號"), (ns.DCTERMS + "license", "Licence 授權"),
                             (VANN + "preferredNamespacePrefix", "Prefix 前綴"),
                             (VANN + "preferredNamespaceUri", "Namespace 命名空間")):
        values = [p.value(o) for o in m.objects(m.ontology, predicate)]
        if values:
            meta.append((label, values))
    return {lang_path("ontology", lang): site.ontology_page(groups, meta, lang) for lang in LANGS}




def sitemap(base: str, pages: Iterable[str]) -> bytes:
    urls = []
    for page in sorted(pages):
        path = page.removesuffix("index.html") if page.endswith("index.html") else page
        urls.append(f"<url><loc>{html.escape(base + quote(path, safe='/.-_~'))}</loc></url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(urls) + "\n</urlset>\n").encode()


def robots(base: str) -> bytes:
    return f"User-agent: *\nAllow: /\nDisallow: /sparql\n\nSitemap: {base}sitemap.xml\n".encode()


# -- The whole site --

@dataclass
class PublishResult:
    """What ``publish`` wrote."""

    output_dir: Path
    base: str
    pages: int
    files: int
    triples: int


def dump_files(model: SiteModel) -> Iterator[tuple[str, bytes | list[bytes]]]:
    """The dataset dumps, each followed by its gzip-compressed copy: (name, bytes or consecutive chunks of bytes),
    one dump in memory at a time."""
    yield from _with_gzip(f"{DUMP_STEM}.nq", dataset_nquads(model.store))
    yield from _with_gzip(f"{DUMP_STEM}.nt", dataset_ntriples(model.store))
    yield from _with_gzip(f"{DUMP_STEM}.ttl", dataset_turtle(model.store, model.prefixes))
    yield from _with_gzip(f"{DUMP_STEM}.trig", dataset_trig(model.store, model.prefixes))
    yield from _with_gzip(f"{DUMP_STEM}.jsonld", dataset_jsonld(model.store, model.prefixes))


def _with_gzip(name: str, data: bytes | list[bytes]) -> Iterator[tuple[str, bytes | list[bytes]]]:
    yield name, data
    yield name + ".gz", gzip_bytes(data)


def site_files(store: ox.Store, base: str) -> dict[str, bytes]:
    """Every file of the site: relative path -> bytes (in memory, in this process: for a large site see
    :func:`site_entries`)."""
    return {path: data if isinstance(data, bytes) else b"".join(data)
            for path, data in sorted(site_entries(store, base, workers=1))}


def site_entries(store: ox.Store, base: str, counts: dict[str, int] | None = None, workers: int | None = None,
                 with_resources: bool = True) -> Iterator[tuple[str, bytes | list[bytes]]]:
    """Every file of the site as (relative path, bytes), each made when asked for, so a writer can stream them.

    The largest dumps come as a list of consecutive chunks of bytes.

    The files come in the order they are made, each path once; the sitemap,
    which lists every page, comes last. ``counts["triples"]`` is set to the
    number of distinct triples. ``workers`` processes render the resource
    pages (default: one per core for a large site; see
    :mod:`hkgov_graph.publish.parallel`). Without ``with_resources`` the
    pages and RDF files of the resources and graphs are left out (the sitemap
    still lists them): ``serve --on-demand`` renders those per request.
    """
    # read from the store's indexes as pages need it (bounded caches), not every quad into Python up front
    model = SiteModel.lazy(store, base)
    under_id = model.resources_under(base + "id/")
    resources = [iri for iri in under_id if model.page_path(iri) is not None]
    graphs = [g for g in model.graphs() if g.startswith(base + "graph/") and model.page_path(g) is not None]
    paths = [p for p in (model.page_path(i) for i in [*resources, *graphs]) if p]
    site = Site(model, paths)
    # the HTML files, for the sitemap: every resource's pages, then the others as they are made
    pages = [lang_path(path, lang) for path in paths for lang in LANGS]
    lighter = _pages_and_search(site, resources, pages)
    heavier = _dumps_and_description(site, under_id, resources, pages, counts)
    if with_resources:
        # the bulk of the work: in worker processes when there are many (the same files), the other pages and the
        # search index made meanwhile (see hkgov_graph.publish.parallel); the dumps and the VoID counts after the
        # workers have ended, so that their memory and the workers' are not needed at once (gigabytes at 1M)
        yield from resource_files(site, [*resources, *graphs], workers, alongside=lighter)
    else:
        yield from lighter
    yield from heavier
    yield "sitemap.xml", sitemap(base, pages)


def _entry(pages: list[str], path: str, data: bytes) -> tuple[str, bytes]:
    """A file, its path added to ``pages`` if it is HTML (for the sitemap)."""
    if path.endswith(".html"):
        pages.append(path)
    return path, data


def _rdf_files(model: SiteModel, path: str, triples: list[ox.Triple]) -> Iterator[tuple[str, bytes]]:
    yield path + ".ttl", to_turtle(triples, model.prefixes)
    yield path + ".jsonld", to_jsonld(triples, model.prefixes)
    yield path + ".nt", to_ntriples(triples)


def _pages_and_search(site: Site, resources: list[str], pages: list[str]) -> Iterator[tuple[str, bytes]]:
    """The ontology's files, the index pages, the search index and page, the query page and the static files."""
    model = site.m
    for path, data in ontology_pages(site).items():
        yield _entry(pages, path, data)
    yield from _rdf_files(model, "ontology", [q.triple for q in model.store.quads_for_pattern(
        None, None, None, _named(model.ontology))])
    for path, data in site.index_pages(resources).items():
        yield _entry(pages, path, data)
    for lang in LANGS:
        yield _entry(pages, lang_path("graph/index", lang), site.graph_index(lang))
        yield _entry(pages, lang_path("search", lang), site.search_page(lang))
    yield from search_files(site, resources).items()
    for path, data in query_page_files(site).items():
        yield _entry(pages, path, data)
    static = resources_files("hkgov_graph.publish") / "static"
    yield "style.css", (static / "style.css").read_bytes()
    yield "favicon.svg", (static / "favicon.svg").read_bytes()
    yield "robots.txt", robots(model.base)


def _dumps_and_description(site: Site, under_id: list[str], resources: list[str], pages: list[str],
                           counts: dict[str, int] | None) -> Iterator[tuple[str, bytes | list[bytes]]]:
    """The dumps, the dataset description and page and the home page (which lists the dumps); the number of
    distinct triples is set in ``counts``."""
    model = site.m
    # the VoID counts, each a scan of every quad: asked once, after the workers (their queries take half a
    # gigabyte at a million triples, which workers forked later would also inherit)
    union = union_counts(model.store, model.base + "id/")
    if counts is not None:
        counts["triples"] = union["triples"]
    dumps: dict[str, tuple[int, str]] = {}  # name -> (size, SHA-256), for the description and the home page
    for name, data in dump_files(model):
        chunks = [data] if isinstance(data, bytes) else data
        digest = hashlib.sha256()
        for chunk in chunks:
            digest.update(chunk)
        dumps[name] = (sum(len(chunk) for chunk in chunks), digest.hexdigest())
        del chunks
        yield "dumps/" + name, data
        del data
    dumps = dict(sorted(dumps.items()))
    void = dataset_description(model, dumps, union, under_id)
    # The dataset page: the description in the default graph (no source to cite), next to the data for labels.
    with_void = Site(model.with_default_graph(void), site.pages)
    for lang in LANGS:
        yield _entry(pages, lang_path("dataset", lang), with_void.dataset_page(lang))
    del with_void
    yield from _rdf_files(model, "dataset", void)
    for lang in LANGS:
        yield _entry(pages, lang_path("index", lang), site.home_page(lang, resources, dumps))


def _named(iri: str) -> ox.NamedNode:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def write_site(store: ox.Store, output_dir: Path, base: str | None = None, workers: int | None = None
               ) -> PublishResult:
    """Write the site of ``store`` (already under ``base``) and put it in place of ``output_dir`` atomically.

    ``workers`` processes render the resource pages (default: one per core for a large site).
    """
    from hkgov_graph.outputs import check_target, write_output

    base = normalise_base(base)
    check_target(Path(os.path.abspath(output_dir)), "publish")
    written: set[str] = set()
    counts: dict[str, int] = {}

    def fill(staging: Path) -> None:
        # streamed: each file goes to disk as it is made (see hkgov_graph.publish.writer)
        with FileWriter(staging) as writer:
            for relative_path, data in site_entries(store, base, counts, workers):
                writer.write(relative_path, data)
                written.add(relative_path)

    output_dir = write_output(output_dir, "publish", __version__, {}, fill)
    pages = sum(1 for p in written if p.endswith(".html"))
    return PublishResult(output_dir, base, pages, len(written), counts["triples"])


def publish(output_dir: Path = Path("site"), base: str | None = None, nquads: Path | None = None,
            data: Path | None = None, ontology: Path | None = None, workers: int | None = None) -> PublishResult:
    """Build (or read) the dataset, move it to ``base`` and write the static site."""
    base = normalise_base(base)
    store = load_published_store(base, nquads, data, ontology)
    return write_site(store, output_dir, base, workers)
