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
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from hkgov_graph import __version__
from hkgov_graph import namespaces as ns
from hkgov_graph.errors import InputError, UsageError
from hkgov_graph.graph.dataset import LICENSE
from hkgov_graph.publish.model import SD, SPDX, VANN, SiteModel, prefixes_for, rebase_iri
from hkgov_graph.publish.serialise import (
    conventional_tag,
    dataset_to_jsonld,
    fix_language_tags,
    gzip_bytes,
    to_jsonld,
    to_ntriples,
    to_trig,
    to_turtle,
    triple_key,
)

# Names other modules import from here (the server, the benchmarks).
__all__ = ["DUMP_STEM", "MEDIA_TYPES", "SiteModel", "fix_language_tags", "load_published_store", "normalise_base",
           "prefixes_for", "publish", "rebase_iri", "site_files", "to_jsonld", "to_turtle", "write_site"]

if TYPE_CHECKING:
    import pyoxigraph as ox

LICENCE = LICENSE  # the one licence of the dataset, stated in the dump by hkgov_graph.graph.dataset
DUMP_STEM = "hkgov-graph"
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS_NS = "http://www.w3.org/ns/formats/"

# The RDF files written next to every page: extension -> media type.
RESOURCE_FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
# The dataset dumps: extension -> (media type, W3C format IRI, title).
DUMP_FORMATS: dict[str, tuple[str, str, str]] = {
    "ttl": ("text/turtle", FORMATS_NS + "Turtle", "Turtle (union of all graphs)"),
    "nt": ("application/n-triples", FORMATS_NS + "N-Triples", "N-Triples (union of all graphs)"),
    "nq": ("application/n-quads", FORMATS_NS + "N-Quads", "N-Quads (one named graph per source)"),
    "trig": ("application/trig", FORMATS_NS + "TriG", "TriG (one named graph per source)"),
    "jsonld": ("application/ld+json", FORMATS_NS + "JSON-LD", "JSON-LD (one named graph per source)"),
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
    ".svg": "image/svg+xml",
}
# Resources shown as examples in the dataset description, where present.
EXAMPLES = ("id/office/bjo", "id/office/gdeto", "id/liaison-unit/shenzhen", "id/bureau/cmab",
            "id/mechanism/guangdong-hong-kong")
# Names of the kinds of resource (the first path segment after id/).
KIND_NAMES: dict[str, tuple[str, str]] = {
    "government": ("Governments", "政府"),
    "bureau": ("Policy bureaus", "決策局"),
    "department": ("Departments", "政府部門"),
    "office": ("Mainland offices", "駐內地辦事處"),
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


# -- HTML --

def esc(text: str) -> str:
    """Escape text and attribute values: a label holding markup is shown as text."""
    return html.escape(text, quote=True)


STYLE_CSS = """\
body { font-family: "Noto Sans", "Noto Sans CJK TC", "Noto Sans TC", sans-serif; margin: 0; color: #1b1b1b;
  line-height: 1.5; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0.5rem 1rem; }
header { border-bottom: 1px solid #ccc; }
header nav a { margin-right: 1rem; }
footer { border-top: 1px solid #ccc; color: #555; font-size: 0.9rem; margin-top: 2rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h1 .zh, h2 .zh, h3 .zh { display: block; font-size: 0.85em; color: #444; }
code, .iri { font-family: "Noto Sans Mono", monospace; font-size: 0.9em; word-break: break-all; }
code.curie { word-break: normal; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
td.value { white-space: pre-line; }
.tag, .curie, .sources a.inferred { color: #666; font-size: 0.8em; }
.sources a { display: inline-block; margin-right: 0.5rem; }
.node { border-left: 3px solid #cde; padding-left: 0.5rem; margin: 0.3rem 0; }
.formats a { margin-right: 0.8rem; }
ul.resources { columns: 2; }
section.term { border-top: 1px solid #eee; padding-top: 0.5rem; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0 0 0.4rem 1rem; }
textarea { width: 100%; font-family: monospace; }
"""

FAVICON_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#b3202a"/>
<circle cx="8" cy="8" r="3" fill="#fff"/></svg>
"""

UI = {
    "resources": ("Resources", "資源"),
    "ontology": ("Ontology", "本體"),
    "dataset": ("Dataset", "數據集"),
    "graphs": ("Source documents", "來源文件"),
    "property": ("Property", "屬性"),
    "value": ("Value", "值"),
    "sources": ("Sources", "來源"),
    "statements": ("Statements", "陳述"),
    "referenced": ("Referenced by", "被引用"),
    "subject": ("Subject", "主體"),
    "downloads": ("Downloads", "下載"),
    "sparql": ("SPARQL endpoint", "SPARQL 查詢端點"),
    "also": ("This description as", "此描述的格式"),
    "inferred": ("inferred", "推導"),
}


def ui(key: str) -> str:
    en, zh = UI[key]
    return f'{esc(en)} <span lang="zh-Hant">{esc(zh)}</span>'


def relative(from_page: str, target: str) -> str:
    """A relative link from the page at site path ``from_page`` to site path ``target``."""
    start = posixpath.dirname(from_page) or "."
    return quote(posixpath.relpath(target, start), safe="/#.-_~")


class Renderer:
    """Renders the pages of a :class:`SiteModel`."""

    def __init__(self, model: SiteModel) -> None:
        self.m = model
        self._inline: dict[str, set[str]] = {}
        self._owner: dict[str, str] = {}

    def inline_nodes(self, owner: str) -> set[str]:
        """The nodes described inside the page of ``owner`` (its skolemised blank nodes, its hash IRIs)."""
        if owner not in self._inline:
            self._inline[owner] = {t.subject.value for t in self.m.description(owner)} - {owner}
        return self._inline[owner]

    def set_owners(self, pages: Iterable[str]) -> None:
        """Remember, for every inline node, the first page that describes it (for links from elsewhere)."""
        for iri in pages:
            for node in sorted(self.inline_nodes(iri)):
                self._owner.setdefault(node, iri)

    # links
    def href(self, page: str, iri: str, owner: str) -> str | None:
        """Where a link to ``iri`` goes from the page at ``page`` (describing ``owner``); None: no link."""
        if owner and iri in self.inline_nodes(owner):
            return "#" + self.anchor(iri)
        if iri in self._owner:
            target = self.m.page_path(self._owner[iri])
            return relative(page, target + ".html") + "#" + self.anchor(iri) if target else None
        if iri == self.m.base + "sparql":
            return relative(page, "sparql")
        if iri == self.m.base:
            return relative(page, "index.html")
        target = self.m.page_path(iri)
        if target is not None:
            fragment = "#" + iri.split("#", 1)[1] if "#" in iri else ""
            return relative(page, target + ".html") + fragment
        if iri.startswith(("http://", "https://")) and not iri.startswith(self.m.base):
            return iri
        return None

    def anchor(self, iri: str) -> str:
        if iri.startswith(self.m.genid):
            return "g-" + iri[len(self.m.genid):]
        return iri.split("#", 1)[1] if "#" in iri else re.sub(r"[^\w-]", "-", iri)

    def name(self, iri: str) -> str:
        """Both labels of a resource as HTML, or its compact IRI."""
        english, chinese = self.m.labels(iri)
        parts = []
        if english:
            parts.append(f'<span lang="en">{esc(english)}</span>')
        if chinese:
            parts.append(f'<span lang="{esc(chinese[1])}">{esc(chinese[0])}</span>')
        return " / ".join(parts) if parts else f'<span class="curie">{esc(self.m.curie(iri))}</span>'

    def link(self, page: str, iri: str, owner: str, text: str | None = None) -> str:
        target = self.href(page, iri, owner)
        text = text if text is not None else self.name(iri)
        if target is None:
            return f'<span title="{esc(iri)}">{text}</span>'
        external = ' rel="external"' if target.startswith(("http://", "https://")) else ""
        return f'<a href="{esc(target)}" title="{esc(iri)}"{external}>{text}</a>'

    def term(self, page: str, iri: str, owner: str) -> str:
        """A property or class: compact IRI and, when the ontology gives them, its labels."""
        english, chinese = self.m.labels(iri, (ns.RDFS + "label", ns.SKOS + "prefLabel"))
        text = f'<code class="curie">{esc(self.m.curie(iri))}</code>'
        if english or chinese:
            names = [esc(english)] if english else []
            if chinese:
                names.append(f'<span lang="{esc(chinese[1])}">{esc(chinese[0])}</span>')
            text = " / ".join(names) + " " + text
        return self.link(page, iri, owner, text)

    def literal(self, term: ox.Literal) -> str:
        if term.language:
            tag = conventional_tag(term.language)
            return f'<span lang="{esc(tag)}">{esc(term.value)}</span> <span class="tag">@{esc(tag)}</span>'
        if term.datatype.value == ns.XSD + "string":
            return esc(term.value)
        return f'{esc(term.value)} <span class="tag">{esc(self.m.curie(term.datatype.value))}</span>'

    def sources(self, page: str, triple: ox.Triple) -> str:
        links = []
        for graph in self.m.sources.get(triple, []):
            title = self.m.labels(graph, (ns.DCTERMS + "title",))
            tooltip = title[1][0] if title[1] else (title[0] or graph)
            short = graph.rsplit("/", 1)[-1] or graph
            target = self.href(page, graph, "")
            cls = ' class="inferred"' if graph == self.m.inferred else ""
            label = ui("inferred") if graph == self.m.inferred else esc(short)
            if target:
                links.append(f'<a href="{esc(target)}" title="{esc(tooltip)}"{cls}>{label}</a>')
            else:
                links.append(f'<span title="{esc(graph)}">{label}</span>')
        return " ".join(links)

    def value(self, page: str, term: ox.Term, owner: str, seen: frozenset[str], as_term: bool = False) -> str:
        """An object: a literal, a nested inline node, a term of a vocabulary or a link to a resource."""
        import pyoxigraph as ox

        if isinstance(term, ox.Literal):
            return self.literal(term)
        if not isinstance(term, ox.NamedNode):
            return esc(str(term))
        iri = term.value
        if owner and iri in self.inline_nodes(owner) and iri not in seen:
            return (f'<div class="node" id="{esc(self.anchor(iri))}">'
                    + self.statements(page, iri, owner, seen | {iri}) + "</div>")
        if as_term or iri.startswith(self.m.hkg):
            return self.term(page, iri, owner)
        curie = self.m.curie(iri)
        extra = f' <code class="curie">{esc(curie)}</code>' if self.m.labels(iri) != (None, None) else ""
        return self.link(page, iri, owner) + extra

    def statements(self, page: str, iri: str, owner: str, seen: frozenset[str] = frozenset()) -> str:
        """A table of everything stated about ``iri``, each statement with its sources."""
        order = {ns.RDF + "type": 0, ns.SKOS + "prefLabel": 1, ns.RDFS + "label": 2, ns.SKOS + "altLabel": 3}
        rows = sorted(self.m.outgoing.get(iri, ()),
                      key=lambda t: (order.get(t.predicate.value, 9), self.m.curie(t.predicate.value), str(t.object)))
        if not rows:
            return ""
        out = [f'<table class="statements"><thead><tr><th>{ui("property")}</th><th>{ui("value")}</th>'
               f'<th>{ui("sources")}</th></tr></thead><tbody>']
        for t in rows:
            value = self.value(page, t.object, owner, seen | {iri}, t.predicate.value == RDF_TYPE)
            out.append(f'<tr><td>{self.term(page, t.predicate.value, owner)}</td>'
                       f'<td class="value">{value}</td>'
                       f'<td class="sources">{self.sources(page, t)}</td></tr>')
        out.append("</tbody></table>")
        return "\n".join(out)

    def referenced_by(self, page: str, iri: str) -> str:
        rows = []
        for t in self.m.incoming.get(iri, ()):
            subject = t.subject.value
            if subject == iri or subject in self.inline_nodes(iri):
                continue
            text = self.name(self._owner[subject]) + " ›" if subject in self._owner else None
            rows.append(f'<tr><td>{self.link(page, subject, iri, text)}</td>'
                        f'<td>{self.term(page, t.predicate.value, iri)}</td>'
                        f'<td class="sources">{self.sources(page, t)}</td></tr>')
        if not rows:
            return ""
        return (f'<h2>{ui("referenced")}</h2>\n<table class="incoming"><thead><tr><th>{ui("subject")}</th>'
                f'<th>{ui("property")}</th><th>{ui("sources")}</th></tr></thead><tbody>\n'
                + "\n".join(rows) + "\n</tbody></table>")

    def formats(self, page: str) -> str:
        stem = posixpath.basename(page)
        labels = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}
        links = [f'<a href="{esc(quote(stem))}.{ext}" type="{media}">{labels[ext]}</a>'
                 for ext, media in RESOURCE_FORMATS.items()]
        return f'<p class="formats">{ui("also")}: ' + " ".join(links) + "</p>"

    def layout(self, page: str, title: str, body: str, alternates: bool = True) -> bytes:
        root = "../" * page.count("/")
        stem = quote(posixpath.basename(page))
        alt = "".join(f'\n<link rel="alternate" type="{media}" href="{esc(stem)}.{ext}">'
                      for ext, media in RESOURCE_FORMATS.items()) if alternates else ""
        nav = (f'<a href="{root}index.html">hkgov-graph</a><a href="{root}id/index.html">{ui("resources")}</a>'
               f'<a href="{root}graph/index.html">{ui("graphs")}</a><a href="{root}ontology.html">{ui("ontology")}</a>'
               f'<a href="{root}dataset.html">{ui("dataset")}</a>')
        text = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – hkgov-graph</title>
<link rel="stylesheet" href="{root}style.css">
<link rel="icon" type="image/svg+xml" href="{root}favicon.svg">{alt}
</head>
<body>
<header><nav>{nav}</nav></header>
<main>
{body}
</main>
<footer><p>hkgov-graph {esc(__version__)} · <a href="{LICENCE}" rel="license external">CC BY 4.0</a> ·
Every statement names the source documents (named graphs) that hold it.
每項陳述均註明載有它的來源文件（具名圖）。</p></footer>
</body>
</html>
"""
        return text.encode()

    def heading(self, iri: str) -> tuple[str, str]:
        """The page title (plain text) and the ``<h1>`` (both languages)."""
        english, chinese = self.m.labels(iri)
        title = " / ".join(x for x in (english, chinese[0] if chinese else None) if x) or self.m.curie(iri)
        h1 = f'<h1>{esc(english or (chinese[0] if chinese else self.m.curie(iri)))}'
        if english and chinese:
            h1 += f'<span class="zh" lang="{esc(chinese[1])}">{esc(chinese[0])}</span>'
        return title, h1 + "</h1>"

    def resource_page(self, iri: str) -> bytes:
        page = self.m.page_path(iri)
        assert page is not None
        title, h1 = self.heading(iri)
        body = "\n".join(filter(None, [
            h1, f'<p class="iri"><code>{esc(iri)}</code></p>', self.formats(page),
            f'<h2>{ui("statements")}</h2>', self.statements(page, iri, iri) or "<p>—</p>",
            self.referenced_by(page, iri)]))
        return self.layout(page, title, body)


# -- Pages made of lists --

def _list_item(r: Renderer, page: str, iri: str) -> str:
    return f'<li>{r.link(page, iri, "")} <code class="curie">{esc(r.m.curie(iri))}</code></li>'


def kind_of(model: SiteModel, iri: str) -> str:
    return iri[len(model.base):].split("/")[1]


def kind_heading(kind: str) -> str:
    en, zh = KIND_NAMES.get(kind, (kind, ""))
    return esc(en) + (f' <span lang="zh-Hant">{esc(zh)}</span>' if zh else "") + f' <code>id/{esc(kind)}/</code>'


def index_pages(r: Renderer, resources: list[str]) -> dict[str, bytes]:
    """``id/index.html`` (everything by kind) and ``id/<kind>/index.html``."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for iri in resources:
        by_kind[kind_of(r.m, iri)].append(iri)
    pages: dict[str, bytes] = {}
    sections = []
    for kind in sorted(by_kind):
        items = "\n".join(_list_item(r, "id/index.html", iri) for iri in by_kind[kind])
        sections.append(f'<section id="{esc(kind)}"><h2><a href="{esc(quote(kind))}/index.html">'
                        f'{kind_heading(kind)}</a> ({len(by_kind[kind])})</h2>\n'
                        f'<ul class="resources">\n{items}\n</ul></section>')
        page = f"id/{kind}/index.html"
        items = "\n".join(_list_item(r, page, iri) for iri in by_kind[kind])
        pages[page] = r.layout(page, KIND_NAMES.get(kind, (kind, ""))[0],
                               f'<h1>{kind_heading(kind)}</h1>\n<ul class="resources">\n{items}\n</ul>',
                               alternates=False)
    toc = " · ".join(f'<a href="#{esc(k)}">{esc(KIND_NAMES.get(k, (k, ""))[0])}</a>' for k in sorted(by_kind))
    pages["id/index.html"] = r.layout(
        "id/index.html", "Resources by kind",
        f'<h1>Resources by kind<span class="zh" lang="zh-Hant">按類別列出的資源</span></h1>\n<p>{toc}</p>\n'
        + "\n".join(sections), alternates=False)
    return pages


def graph_index_page(r: Renderer) -> bytes:
    page = "graph/index.html"
    rows = []
    for graph in r.m.graphs():
        kinds = ", ".join(r.m.curie(t) for t in sorted(r.m.types(graph))) or "—"
        rows.append(f'<tr><td>{r.link(page, graph, "")}</td><td><code>{esc(r.m.curie(graph))}</code></td>'
                    f'<td>{esc(kinds)}</td><td>{r.m.graph_sizes.get(graph, 0)}</td></tr>')
    body = ('<h1>Named graphs<span class="zh" lang="zh-Hant">具名圖</span></h1>\n'
            '<p>One named graph per source document, plus editorial graphs, the triples the build derives and the '
            'ontology. 每份來源文件一個具名圖。</p>\n'
            '<table><thead><tr><th>Graph 圖</th><th>IRI</th><th>Type 類型</th><th>Triples 三元組</th></tr></thead>'
            '<tbody>\n' + "\n".join(rows) + "\n</tbody></table>")
    return r.layout(page, "Named graphs", body, alternates=False)


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


def ontology_page(r: Renderer) -> bytes:
    """The ontology's documentation: every term with its labels and comments in English and Chinese.

    pyLODE (``OntPub``) was the first choice; version 3.4.1 fails at import
    (it reads a ``pyproject.toml`` its wheel does not ship) and is not a
    dependency of this project, so the page is rendered here, in the same
    layout as the other pages.
    """
    m = r.m
    page = "ontology"
    terms = sorted({iri for iri in m.outgoing if iri.startswith(m.hkg) and len(iri) > len(m.hkg)
                    and (m.ontology in {g for t in m.outgoing[iri] for g in m.sources.get(t, [])})})
    grouped: dict[str, list[str]] = defaultdict(list)
    for iri in terms:
        types = m.types(iri)
        for key, _, _, classes in _TERM_GROUPS:
            if not classes or types & set(classes):
                grouped[key].append(iri)
                break

    def meta(predicate: str, label: str) -> str:
        items = "".join(f"<dd>{r.value(page, o, m.ontology, frozenset())}</dd>"
                        for o in m.objects(m.ontology, predicate))
        return f"<dt>{label}</dt>{items}" if items else ""

    title, h1 = r.heading(m.ontology)
    header = "\n".join([
        h1, f'<p class="iri"><code>{esc(m.ontology)}</code></p>', r.formats(page),
        '<dl class="meta">',
        meta(ns.DCTERMS + "description", "Description 說明"),
        meta(ns.OWL + "versionIRI", "Version IRI 版本"),
        meta(ns.OWL + "versionInfo", "Version 版本號"),
        meta(ns.DCTERMS + "license", "Licence 授權"),
        meta(VANN + "preferredNamespacePrefix", "Prefix 前綴"),
        meta(VANN + "preferredNamespaceUri", "Namespace 命名空間"),
        "</dl>"])
    toc = ["<nav><ul>"]
    sections = []
    for key, en, zh, _ in _TERM_GROUPS:
        if not grouped.get(key):
            continue
        toc.append(f'<li><a href="#{key}">{esc(en)} <span lang="zh-Hant">{esc(zh)}</span></a>: '
                   + ", ".join(f'<a href="#{esc(r.anchor(iri))}">{esc(r.anchor(iri))}</a>' for iri in grouped[key])
                   + "</li>")
        parts = [f'<section id="{key}"><h2>{esc(en)}<span class="zh" lang="zh-Hant">{esc(zh)}</span></h2>']
        for iri in grouped[key]:
            labels = _by_language(m, iri, ns.RDFS + "label")
            comments = _by_language(m, iri, ns.RDFS + "comment")
            shown = {ns.RDFS + "label", ns.RDFS + "comment"}
            rest = [t for t in m.outgoing[iri] if t.predicate.value not in shown]
            rows = "".join(f'<tr><td>{r.term(page, t.predicate.value, m.ontology)}</td>'
                           f'<td class="value">{r.value(page, t.object, m.ontology, frozenset(), True)}</td></tr>'
                           for t in sorted(rest, key=lambda t: (m.curie(t.predicate.value), str(t.object))))
            parts.append(
                f'<section class="term" id="{esc(r.anchor(iri))}"><h3><code>{esc(m.curie(iri))}</code></h3>'
                f'<p class="iri"><code>{esc(iri)}</code></p><dl class="meta">'
                + "".join(f'<dt>Label 標籤 ({esc(lang)})</dt><dd lang="{esc(lang)}">{esc(text)}</dd>'
                          for lang, text in labels)
                + "".join(f'<dt>Comment 說明 ({esc(lang)})</dt><dd lang="{esc(lang)}">{esc(text)}</dd>'
                          for lang, text in comments)
                + f'</dl><table><tbody>{rows}</tbody></table></section>')
        parts.append("</section>")
        sections.append("\n".join(parts))
    toc.append("</ul></nav>")
    imported = sorted(iri for iri in m.outgoing if not iri.startswith(m.base) and m.ontology in {
        g for t in m.outgoing[iri] for g in m.sources.get(t, [])})
    rows = "\n".join(
        f'<tr><td>{r.link(page, iri, "", f"<code>{esc(m.curie(iri))}</code>")}</td>'
        f'<td>{esc(", ".join(sorted(m.curie(t) for t in m.types(iri))))}</td>'
        f'<td>{esc(" / ".join(text for _, text in _by_language(m, iri, ns.RDFS + "label")))}</td></tr>'
        for iri in imported)
    standard = (f'<section id="standard-terms"><h2>Standard terms used<span class="zh" lang="zh-Hant">'
                f'引用的標準詞彙</span></h2>\n<table><thead><tr><th>Term 詞彙</th><th>Type 類型</th>'
                f'<th>Label 標籤</th></tr></thead><tbody>\n{rows}\n</tbody></table></section>')
    return r.layout(page, title, "\n".join([header, *toc, *sections, standard]))


# -- The dataset description (VoID and DCAT) --

def dataset_description(model: SiteModel, dumps: dict[str, bytes]) -> list[ox.Triple]:
    """VoID and DCAT triples describing the dataset, its sources, its dumps and its endpoint.

    What the data already says about the dataset (the build writes a
    description into the inferred graph) is kept and wins: for a property it
    states, nothing is added here. Publishing adds what only it knows: the
    dumps as distributions (size, checksum), the endpoint as a service, the
    counts of entities, classes and properties, and one subset per graph.
    """
    import pyoxigraph as ox

    m = model
    d = ox.NamedNode(m.dataset)

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(ns.XSD + "integer"))

    void, dcat, dct = ns.VOID, ns.DCAT, ns.DCTERMS
    out: list[ox.Triple] = []

    stated = {t.predicate.value for t in m.outgoing.get(m.dataset, ())}

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        if s != d or p not in stated:
            out.append(ox.Triple(s, iri(p), o))

    union = m.union()
    entities = {t.subject.value for t in union if t.subject.value.startswith(m.base + "id/")}
    classes = {t.object.value for t in union if t.predicate.value == ns.RDF + "type"}
    properties = {t.predicate.value for t in union}
    add(d, ns.RDF + "type", iri(void + "Dataset"))
    add(d, ns.RDF + "type", iri(dcat + "Dataset"))
    add(d, dct + "title", ox.Literal("hkgov-graph: the Hong Kong SAR Government's offices in Mainland China",
                                     language="en"))
    add(d, dct + "title", ox.Literal("香港特區政府駐內地辦事處知識圖譜", language="zh-Hant"))
    add(d, dct + "description", ox.Literal(
        "A linked-data knowledge graph of the HKSAR Government's network in Mainland China: the Beijing Office, the "
        "Economic and Trade Offices, their liaison units, the bureaus they answer to and the HK–Mainland "
        "co-operation mechanisms. Every fact sits in the named graph of the source document that states it.",
        language="en"))
    add(d, dct + "description", ox.Literal(
        "香港特區政府駐內地辦事處網絡的關聯數據知識圖譜：駐北京辦事處、各經濟貿易辦事處及其聯絡處、所屬決策局及香港與內地的合作機制。"
        "每項事實均存放於陳述它的來源文件的具名圖中。", language="zh-Hant"))
    add(d, dct + "license", iri(LICENCE))
    add(d, dcat + "version", ox.Literal(__version__))
    add(d, dcat + "landingPage", iri(m.base))
    add(d, dct + "conformsTo", iri(m.ontology))
    for keyword in ("Hong Kong", "government", "Mainland China", "linked data"):
        add(d, dcat + "keyword", ox.Literal(keyword, language="en"))
    for lang in ("en", "zh"):
        add(d, dct + "language", iri(f"http://id.loc.gov/vocabulary/iso639-1/{lang}"))
    add(d, void + "triples", integer(len(union)))
    add(d, void + "entities", integer(len(entities)))
    add(d, void + "classes", integer(len(classes)))
    add(d, void + "properties", integer(len(properties)))
    add(d, void + "distinctSubjects", integer(len({str(t.subject) for t in union})))
    add(d, void + "distinctObjects", integer(len({str(t.object) for t in union})))
    add(d, void + "uriSpace", ox.Literal(m.base + "id/"))
    if m.base + "id/government/hksar" in m.outgoing:
        add(d, void + "rootResource", iri(m.base + "id/government/hksar"))
    for vocabulary in (ns.ORG, ns.PROV, ns.TIME, ns.SKOS, ns.DCTERMS, ns.SCHEMA, ns.FOAF, m.hkg):
        add(d, void + "vocabulary", iri(vocabulary))
    add(d, void + "sparqlEndpoint", iri(m.base + "sparql"))
    examples = [m.base + e for e in EXAMPLES if m.base + e in m.outgoing] or sorted(entities)[:3]
    for example in examples:
        add(d, void + "exampleResource", iri(example))

    source_type = m.hkg + "SourceDocument"
    for graph in m.graphs():
        g = iri(graph)
        if source_type in m.types(graph):
            add(d, dct + "source", g)
            add(d, ns.PROV + "wasDerivedFrom", g)
        add(d, void + "subset", g)
        add(g, ns.RDF + "type", iri(void + "Dataset"))
        add(g, void + "triples", integer(m.graph_sizes[graph]))
        add(g, SD + "name", g)

    for name in sorted(dumps):
        ext = name.split(".", 1)[1]
        compressed = ext.endswith(".gz")
        media, fmt, title = DUMP_FORMATS[ext.removesuffix(".gz")]
        url = iri(m.base + "dumps/" + name)
        dist = iri(m.dataset + "#dump-" + ext.replace(".", "-"))
        checksum = iri(m.dataset + "#dump-" + ext.replace(".", "-") + "-sha256")
        add(d, dcat + "distribution", dist)
        add(d, void + "dataDump", url)
        add(dist, ns.RDF + "type", iri(dcat + "Distribution"))
        add(dist, dct + "title", ox.Literal(title + (", gzip-compressed" if compressed else ""), language="en"))
        add(dist, dcat + "downloadURL", url)
        add(dist, dcat + "accessURL", url)
        add(dist, dcat + "mediaType", iri(IANA + media))
        add(dist, dct + "format", iri(fmt))
        if compressed:
            add(dist, dcat + "compressFormat", iri(IANA + "application/gzip"))
        add(dist, dcat + "byteSize", ox.Literal(str(len(dumps[name])),
                                               datatype=ox.NamedNode(ns.XSD + "nonNegativeInteger")))
        add(dist, dct + "license", iri(LICENCE))
        add(dist, SPDX + "checksum", checksum)
        add(checksum, ns.RDF + "type", iri(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", ox.Literal(hashlib.sha256(dumps[name]).hexdigest(),
                                                         datatype=ox.NamedNode(ns.XSD + "hexBinary")))

    endpoint = iri(m.base + "sparql")
    service = iri(m.dataset + "#sparql")
    add(d, dcat + "distribution", service)
    add(service, ns.RDF + "type", iri(dcat + "Distribution"))
    add(service, dct + "title", ox.Literal("SPARQL 1.1 endpoint (hkgov-graph serve)", language="en"))
    add(service, dcat + "accessURL", endpoint)
    add(service, dcat + "accessService", endpoint)
    add(endpoint, ns.RDF + "type", iri(dcat + "DataService"))
    add(endpoint, ns.RDF + "type", iri(SD + "Service"))
    add(endpoint, dcat + "endpointURL", endpoint)
    add(endpoint, SD + "endpoint", endpoint)
    add(endpoint, dcat + "servesDataset", d)
    add(endpoint, dct + "conformsTo", iri("https://www.w3.org/TR/sparql11-protocol/"))
    add(endpoint, SD + "supportedLanguage", iri(SD + "SPARQL11Query"))
    add(endpoint, dct + "title", ox.Literal("hkgov-graph SPARQL endpoint", language="en"))
    return sorted(set(out) | set(m.description(m.dataset)), key=triple_key)


def home_page(r: Renderer, resources: list[str], dumps: dict[str, bytes]) -> bytes:
    m = r.m
    page = "index.html"
    counts: dict[str, int] = defaultdict(int)
    for iri in resources:
        counts[kind_of(m, iri)] += 1
    kinds = "\n".join(f'<li><a href="id/{esc(quote(kind))}/index.html">{kind_heading(kind)}</a> ({n})</li>'
                      for kind, n in sorted(counts.items()))
    graphs = "\n".join(f"<li>{r.link(page, g, '')}</li>" for g in m.graphs()
                       if m.hkg + "SourceDocument" in m.types(g))
    files = "\n".join(f'<li><a href="dumps/{esc(name)}">{esc(name)}</a> ({len(data):,} bytes)</li>'
                      for name, data in sorted(dumps.items()))
    body = f"""<h1>hkgov-graph<span class="zh" lang="zh-Hant">香港特區政府駐內地辦事處知識圖譜</span></h1>
<p>A linked-data knowledge graph of the Hong Kong SAR Government's offices in Mainland China. Every statement on
these pages names the source documents that state it.</p>
<p lang="zh-Hant">香港特區政府駐內地辦事處網絡的關聯數據知識圖譜。每項陳述均註明其來源文件。</p>
<h2>{ui("resources")}</h2>
<p><a href="id/index.html">All resources by kind 按類別列出的全部資源</a></p>
<ul>
{kinds}
</ul>
<h2>{ui("graphs")}</h2>
<ul>
{graphs}
<li><a href="graph/index.html">All named graphs 全部具名圖</a></li>
</ul>
<h2>{ui("ontology")} · {ui("dataset")}</h2>
<ul>
<li><a href="ontology.html">Ontology documentation 本體文件</a></li>
<li><a href="dataset.html">Dataset description (VoID, DCAT) 數據集描述</a></li>
<li><a href="sparql">{ui("sparql")}</a> (served by <code>hkgov-graph serve</code>)</li>
</ul>
<h2>{ui("downloads")}</h2>
<ul>
{files}
</ul>"""
    return r.layout(page, "hkgov-graph", body, alternates=False)


def sitemap(base: str, pages: Iterable[str]) -> bytes:
    urls = []
    for page in sorted(pages):
        path = page.removesuffix("index.html") if page.endswith("index.html") else page
        urls.append(f"<url><loc>{esc(base + quote(path, safe='/.-_~'))}</loc></url>")
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


def dump_files(model: SiteModel) -> dict[str, bytes]:
    """The dataset dumps, each also gzip-compressed: name -> bytes."""
    from hkgov_graph.graph.build import serialise

    nquads, ntriples = serialise(model.store)
    quads = list(model.store)
    plain = {
        f"{DUMP_STEM}.nq": nquads,
        f"{DUMP_STEM}.nt": ntriples,
        f"{DUMP_STEM}.ttl": to_turtle(model.union(), model.prefixes),
        f"{DUMP_STEM}.trig": to_trig(quads, model.prefixes),
        f"{DUMP_STEM}.jsonld": dataset_to_jsonld(quads, model.prefixes),
    }
    out = dict(plain)
    out.update({name + ".gz": gzip_bytes(data) for name, data in plain.items()})
    return dict(sorted(out.items()))


def site_files(store: ox.Store, base: str) -> dict[str, bytes]:
    """Every file of the site: relative path -> bytes."""
    model = SiteModel.from_store(store, base)
    r = Renderer(model)
    files: dict[str, bytes] = {}

    def rdf_files(path: str, triples: list[ox.Triple]) -> None:
        files[path + ".ttl"] = to_turtle(triples, model.prefixes)
        files[path + ".jsonld"] = to_jsonld(triples, model.prefixes)
        files[path + ".nt"] = to_ntriples(triples)

    subjects_and_objects = set(model.outgoing) | set(model.incoming)
    resources = sorted(iri for iri in subjects_and_objects
                       if iri.startswith(base + "id/") and model.page_path(iri) is not None)
    graphs = [g for g in model.graphs() if g.startswith(base + "graph/") and model.page_path(g) is not None]
    r.set_owners([*resources, *graphs])
    for iri in [*resources, *graphs]:
        path = model.page_path(iri)
        assert path is not None
        files[path + ".html"] = r.resource_page(iri)
        rdf_files(path, model.description(iri))

    files["ontology.html"] = ontology_page(r)
    rdf_files("ontology", [q.triple for q in store.quads_for_pattern(None, None, None, _named(model.ontology))])

    dumps = dump_files(model)
    files.update({"dumps/" + name: data for name, data in dumps.items()})
    void = dataset_description(model, dumps)
    # The dataset page: the description in the default graph (no source to cite), next to the data for labels.
    with_void = _store_of(store, void)
    files["dataset.html"] = Renderer(SiteModel.from_store(with_void, base)).resource_page(model.dataset)
    rdf_files("dataset", void)

    files.update(index_pages(r, resources))
    files["graph/index.html"] = graph_index_page(r)
    files["index.html"] = home_page(r, resources, dumps)
    files["style.css"] = STYLE_CSS.encode()
    files["favicon.svg"] = FAVICON_SVG.encode()
    files["robots.txt"] = robots(base)
    files["sitemap.xml"] = sitemap(base, [p for p in files if p.endswith(".html")])
    return dict(sorted(files.items()))


def _named(iri: str) -> ox.NamedNode:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _store_of(store: ox.Store, triples: list[ox.Triple]) -> ox.Store:
    """A copy of ``store`` with ``triples`` added to its default graph."""
    import pyoxigraph as ox

    out = ox.Store()
    out.extend(store)
    out.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return out


def write_site(store: ox.Store, output_dir: Path, base: str | None = None) -> PublishResult:
    """Write the site of ``store`` (already under ``base``) and put it in place of ``output_dir`` atomically."""
    from hkgov_graph import __version__
    from hkgov_graph.outputs import check_target, write_output

    base = normalise_base(base)
    check_target(Path(os.path.abspath(output_dir)), "publish")
    files = site_files(store, base)

    def fill(staging: Path) -> None:
        for relative_path, data in files.items():
            target = staging / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    output_dir = write_output(output_dir, "publish", __version__, {}, fill)
    pages = sum(1 for p in files if p.endswith(".html"))
    triples = len({q.triple for q in store})
    return PublishResult(output_dir, base, pages, len(files), triples)


def publish(output_dir: Path = Path("site"), base: str | None = None, nquads: Path | None = None,
            data: Path | None = None, ontology: Path | None = None) -> PublishResult:
    """Build (or read) the dataset, move it to ``base`` and write the static site."""
    base = normalise_base(base)
    store = load_published_store(base, nquads, data, ontology)
    return write_site(store, output_dir, base)
