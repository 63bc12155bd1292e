"""The HTML pages of the site, from Jinja2 templates (``templates/``) with autoescaping.

Python builds the view model (a :class:`~hkgov_graph.publish.profile.Profile`
per resource, plain lists for the index pages); the templates only lay it out.
One template per kind of page (resource, index, graph list, home, ontology,
dataset, search), all extending ``base.html``. Every page exists in English
(``x.html``), Traditional Chinese (``x.zh-Hant.html``) and Simplified Chinese
(``x.zh-Hans.html``), linked to each other; labels fall back zh-Hans → zh-Hant
→ en and zh-Hant → zh-Hans → en. A label holding markup is shown as text:
autoescaping covers every value, and the few helpers that build markup
(:class:`Page`) escape what they put in it.
"""

from __future__ import annotations

import posixpath
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from hkgov_graph import __version__, i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.publish.contents import Contents, document_contents
from hkgov_graph.publish.profile import (
    Basis,
    Line,
    Lit,
    Profile,
    Profiler,
    Ref,
    Source,
    Temporal,
    Unnamed,
    pick,
    pick_lang,
    render,
    temporal_text,
)
from hkgov_graph.publish.words import LANGS, kind_name, word

if TYPE_CHECKING:
    from hkgov_graph.publish.model import SiteModel

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
RESOURCE_FORMATS = {"ttl": ("text/turtle", "Turtle"), "jsonld": ("application/ld+json", "JSON-LD"),
                    "nt": ("application/n-triples", "N-Triples")}
DCAT = ns.DCAT
PROFILE_CACHE = 64  # profiles kept by a Site: enough for the pages of one resource, bounded for a million
CONTENTS_CACHE = 4  # documents' contents kept by a Site: a document's three pages are rendered one after the other


def lang_path(path: str, lang: str) -> str:
    """The file of page ``path`` (``id/office/bjo`` or ``index``) in ``lang``: ``.html``, ``.zh-Hant.html``."""
    return path + (".html" if lang == "en" else f".{lang}.html")


def relative(from_file: str, target: str) -> str:
    """A relative link from the file ``from_file`` to the site path ``target``."""
    return _relative_from(posixpath.dirname(from_file) or ".", target)


@lru_cache(maxsize=1 << 16)
def _relative_from(start: str, target: str) -> str:
    # pages link from a few folders (id/<kind>/) to the same neighbours, menus and sources again and again
    return quote(_relpath(target, start), safe="/#.-_~")


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for site paths, without its ``abspath`` and ``getcwd`` per call.

    Site paths are relative and normalised (no empty, ``.`` or ``..``
    segments); anything else goes to ``posixpath.relpath`` itself. A page
    makes hundreds of links, so this is on the hot path of ``publish``.
    """
    start_parts = [] if start == "." else start.split("/")
    target_parts = target.split("/")
    if any(part in ("", ".", "..") for part in (*start_parts, *target_parts)):
        return posixpath.relpath(target, start)
    common = 0
    for a, b in zip(start_parts, target_parts, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else "."


def _mostly_latin(text: str) -> bool:
    """Whether ``text`` has more Latin letters than Han characters (English with a quoted Chinese phrase, not
    Chinese with a code such as D8)."""
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    han = sum(1 for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return latin > han


def _html(template: str, *values: Any) -> Markup:
    """``Markup(template).format(*values)``: each value escaped unless it is already markup, then put in place.

    The same text as markupsafe's ``format`` (which escapes each value through
    a ``string.Formatter``), at a fraction of the cost; ``template`` holds only
    plain ``{}`` fields.
    """
    return Markup(template.format(*[escape(v) for v in values]))


@dataclass
class Page:
    """What a template needs to lay out one page: its file, language, and helpers that make links and sentences."""

    site: Site
    path: str  # without extension: "id/office/bjo", "index", "id/office/index"
    lang: str

    @property
    def file(self) -> str:
        return lang_path(self.path, self.lang)

    @property
    def root(self) -> str:
        return "../" * self.file.count("/")

    def w(self, key: str) -> str:
        """A UI word in the page's language."""
        return word(key, self.lang)

    def say(self, key: str, n: int, **numbers: int) -> str:
        """The UI sentence ``key`` in the page's language with its numbers filled (``n`` chooses one or many)."""
        fields = {k: f"{v:,}" for k, v in numbers.items()}  # 312,345: a large count read at a glance
        # the catalogue's singular (``key.one``) is chosen by n=1 as a number; any other n is written out
        return i18n.text("page." + key, self.lang, n=1 if n == 1 else f"{n:,}", **fields)

    def run_query(self, query: str) -> str:
        """A link that runs ``query`` on the site's SPARQL endpoint and shows the answer as CSV."""
        return relative(self.file, "sparql") + "?" + urlencode({"query": query, "format": "csv"})

    def kind(self, kind: str) -> str:
        return kind_name(kind, self.lang)

    def to(self, path: str, lang: str | None = None) -> str:
        """A link to the page ``path`` (no extension) in this page's language (or ``lang``)."""
        return relative(self.file, lang_path(path, lang or self.lang))

    def file_link(self, target: str) -> str:
        """A link to a file of the site (``style.css``, ``dumps/x.nq``)."""
        return relative(self.file, target)

    def alternates(self) -> list[tuple[str, str, bool]]:
        """The page in each language: (tag, link, is this page)."""
        return [(lang, self.to(self.path, lang), lang == self.lang) for lang in LANGS]

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes from this page, or None when the site has no page for it."""
        m = self.site.m
        if iri == m.base + "sparql":
            return relative(self.file, "sparql")
        if iri == m.base:
            return self.to("index")
        target = m.page_path(iri)
        if target is not None and (target in self.site.pages or target in ("ontology", "dataset")):
            fragment = "#" + iri.split("#", 1)[1] if "#" in iri else ""
            return self.to(target) + fragment
        if iri.startswith(m.base + "dumps/"):
            return relative(self.file, iri[len(m.base):])
        if iri.startswith(("http://", "https://")) and not iri.startswith(m.base):
            return iri
        return None

    def label(self, ref: Ref) -> Markup:
        """A resource's label in this language (with fallbacks), tagged with the language it is in."""
        text = pick(ref.label, self.lang)
        if text is None:
            return _html('<code class="curie">{}</code>', ref.curie)
        tag = pick_lang(ref.label, self.lang)
        if tag == self.lang:
            return _html("{}", text)
        return _html('<span lang="{}">{}</span>', tag, text)

    def link(self, ref: Ref) -> Markup:
        target = self.href(ref.iri)
        if target is None:
            return _html('<span title="{}">{}</span>', ref.iri, self.label(ref))
        external = Markup(' rel="external"') if target.startswith(("http://", "https://")) else ""
        text = self.label(ref) if ref.label or not external else _html("<code>{}</code>", unquote(ref.iri))
        return _html('<a href="{}" title="{}"{}>{}</a>', target, ref.curie, external, text)

    def leaf(self, value: Ref | Lit, lang: str) -> str:
        if isinstance(value, Ref):
            return self.link(value)
        if isinstance(value, Unnamed):
            return _html('<em>{}</em>', word("unnamed", lang))
        if value.datatype == "xsd:boolean":
            return escape(word("true" if value.value == "true" else "false", lang))
        web = value.value.startswith(("http://", "https://")) and " " not in value.value
        if value.datatype == "xsd:anyURI" or web:
            return _html('<a href="{}" rel="external">{}</a>', value.value, unquote(value.value))
        if value.lang and value.lang != lang:
            return _html('<span lang="{}">{}</span>', value.lang, value.value)
        if not value.lang and not value.datatype and lang != "en" and _mostly_latin(value.value):
            # untagged text (the editors' notes, whose range is xsd:string) is written in English: say so, or a
            # Chinese page would have it read out and typeset as Chinese
            return _html('<span lang="en">{}</span>', value.value)
        return escape(value.value)

    def line(self, line: Line) -> Markup:
        """A line's sentence with links, in this page's language."""
        return Markup(render(line, self.lang, self.leaf, lambda s: str(escape(s))))

    def value(self, value: Ref | Lit | Line) -> Markup:
        """A statement's value: a link, a literal (with its language or datatype), or a sentence."""
        if isinstance(value, Line):
            return self.line(value)
        if isinstance(value, Ref):
            return self.link(value)
        shown = self.leaf(value, self.lang)
        if value.lang:
            return _html('{} <span class="tag">@{}</span>', shown, value.lang)
        if value.datatype and value.datatype not in ("xsd:boolean",):
            return _html('{} <span class="tag">{}</span>', shown, value.datatype)
        return Markup(shown)

    def temporal(self, temporal: Temporal) -> str:
        return temporal_text(temporal, self.lang)

    def note(self, basis: Basis) -> str:
        """The note that says why a reading rests on its basis, in this language (for a tooltip)."""
        return pick(basis.note, self.lang) or ""

    def statement_rows(self, profile: Profile) -> Markup:
        """The rows of the statement table (property, value, sources), each ending in a newline.

        Made here rather than in the template: a page has dozens of rows and
        each template call costs more than the row's markup.
        """
        rows = []
        for row in profile.statements:
            sources = "".join(self.source(s) + " " for s in row.sources)
            rows.append(_html('<tr><td>{} <code class="curie">{}</code></td><td class="value">{}</td>'
                              '<td class="sources">{}</td></tr>\n', self.link(row.property), row.property.curie,
                              self.value(row.value), Markup(sources)))
        return Markup("".join(rows))

    def sources(self, line: Line) -> Markup:
        """The sources and certainty of ``line``: graph badges, not-stated, basis and now, in one ``meta`` span.

        Made here rather than by a template macro: it is called for every line
        of every page, and a Jinja macro call costs more than the markup it makes.
        """
        certainty = line.certainty
        if not (line.sources or (certainty and (certainty.status != "stated" or certainty.basis))):
            return Markup("")
        out = ['<span class="meta">\n']
        out.extend(self.source(s) for s in line.sources)
        if certainty and certainty.status != "stated" and line.sources:
            out.append(_html('<span class="cert cert-{}">{}</span>', certainty.status, self.w(certainty.status)))
        if certainty:
            for b in certainty.basis:
                name = _html(" ({})", b.source.name) if b.source else ""
                out.append(_html('<span class="cert cert-basis" title="{}">{}{}{}{}</span>', self.note(b),
                                 self.w("basis"), self.w("colon"), self.label(b.kind), name))
            if certainty.temporal:
                out.append(_html('<span class="cert now now-{}">{}</span>', certainty.temporal.key(),
                                 self.temporal(certainty.temporal)))
        out.append("</span>\n")
        return Markup("".join(out))

    def source(self, source: Source) -> Markup:
        # a page cites a handful of graphs, hundreds of times: the link depends only on the folder and language
        key = (source.iri, posixpath.dirname(self.file), self.lang)
        found = self.site.source_links.get(key)
        if found is None:
            found = self.site.source_links[key] = self._source(source)
        return found

    def _source(self, source: Source) -> Markup:
        target = self.href(source.iri)
        title = pick(source.title, self.lang) or source.iri
        cls = "src src-" + source.kind
        if target is None:
            return _html('<span class="{}" title="{}">{}</span>', cls, title, source.name)
        return _html('<a class="{}" href="{}" title="{}">{}</a>', cls, target, title, source.name)


class Site:
    """Renders the pages of one published site."""

    def __init__(self, model: SiteModel, pages: Iterable[str] = ()) -> None:
        self.m = model
        self.profiler = Profiler(model)
        self.pages = set(pages)  # site paths of resource and graph pages, for links
        # auto_reload off: the packaged templates do not change while a site is made, and checking them
        # (a stat per template per page) cost more than rendering some pages
        self.env = Environment(loader=PackageLoader("hkgov_graph.publish", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True, auto_reload=False)
        self.env.globals.update(version=__version__, licence=LICENCE_URL, LANGS=LANGS)
        self.source_links: dict[tuple[str, str, str], Markup] = {}  # see Page.source
        # the last few profiles: a resource's three pages (one per language) are rendered one after the other
        self._profiles: OrderedDict[str, Profile] = OrderedDict()
        self._contents: OrderedDict[str, Contents | None] = OrderedDict()

    def render(self, template: str, page: Page, **context: Any) -> bytes:
        return self.env.get_template(template).render(page=page, **context).encode()

    def profile(self, iri: str) -> Profile:
        """The profile of ``iri``, built once for the pages in every language (profiles are not changed by pages)."""
        found = self._profiles.get(iri)
        if found is None:
            found = self._profiles[iri] = self.profiler.profile(iri)
            if len(self._profiles) > PROFILE_CACHE:
                self._profiles.popitem(last=False)
        return found

    def contents(self, iri: str) -> Contents | None:
        """What the source document ``iri`` speaks of (see :mod:`hkgov_graph.publish.contents`); None for
        anything else."""
        if iri not in self._contents:
            is_document = iri in self.m.graph_sizes and self.m.hkg + "SourceDocument" in self.m.types(iri)
            self._contents[iri] = document_contents(self.m, self.profiler, iri) if is_document else None
            if len(self._contents) > CONTENTS_CACHE:
                self._contents.popitem(last=False)
        return self._contents[iri]

    # pages
    def resource_page(self, iri: str, lang: str) -> bytes:
        path = self.m.page_path(iri)
        assert path is not None
        page = Page(self, path, lang)
        profile = self.profile(iri)
        formats = [(ext, posixpath.basename(path) + "." + ext, media, label)
                   for ext, (media, label) in RESOURCE_FORMATS.items()]
        return self.render("resource.html", page, p=profile, formats=formats, title=profile.title(lang),
                           contents=self.contents(iri))

    def index_pages(self, resources: list[str]) -> dict[str, bytes]:
        """``id/index`` (everything by kind) and ``id/<kind>/index``, in each language."""
        by_kind: dict[str, list[Ref]] = defaultdict(list)
        for iri in resources:
            by_kind[self.kind_of(iri)].append(self.profiler.ref(iri))
        out: dict[str, bytes] = {}
        for lang in LANGS:
            kinds = sorted(by_kind.items())
            page = Page(self, "id/index", lang)
            out[page.file] = self.render("index.html", page, kinds=kinds, title=word("all-resources", lang))
            for kind, refs in kinds:
                page = Page(self, f"id/{kind}/index", lang)
                out[page.file] = self.render("index.html", page, kinds=[(kind, refs)],
                                             title=kind_name(kind, lang))
        return out

    def kind_of(self, iri: str) -> str:
        return iri[len(self.m.base):].split("/")[1]

    def graph_index(self, lang: str) -> bytes:
        page = Page(self, "graph/index", lang)
        # each graph's kinds by their labels in the page's language ("來源文件"), not as compact IRIs
        rows = [(self.profiler.ref(g), [self.profiler.ref(t) for t in sorted(self.m.types(g), key=self.m.curie)],
                 self.m.graph_sizes.get(g, 0)) for g in self.m.graphs()]
        return self.render("graphs.html", page, rows=rows, title=word("named-graphs", lang))

    def home_page(self, lang: str, resources: list[str], dumps: Mapping[str, tuple[int, str]]) -> bytes:
        """The home page; ``dumps`` gives each dump's size (and SHA-256) by name."""
        page = Page(self, "index", lang)
        counts: dict[str, int] = defaultdict(int)
        for iri in resources:
            counts[self.kind_of(iri)] += 1
        documents = [self.profiler.ref(g) for g in self.m.graphs() if self.m.hkg + "SourceDocument" in self.m.types(g)]
        downloads = [(name, size) for name, (size, _) in sorted(dumps.items())]
        return self.render("home.html", page, counts=sorted(counts.items()), documents=documents,
                           downloads=downloads, title=word("site", lang))

    def dataset_page(self, lang: str) -> bytes:
        """The dataset's description: title, description, downloads as links, the endpoint, then every statement."""
        m = self.m
        page = Page(self, "dataset", lang)
        profile = self.profile(m.dataset)
        distributions = []
        for dist in sorted(o.value for o in m.objects(m.dataset, DCAT + "distribution") if hasattr(o, "value")):
            url = next((o.value for o in m.objects(dist, DCAT + "downloadURL")), None) or next(
                (o.value for o in m.objects(dist, DCAT + "accessURL")), None)
            size = next((o.value for o in m.objects(dist, DCAT + "byteSize")), None)
            media = next((o.value for o in m.objects(dist, DCAT + "mediaType")), None)
            title = m.label_forms(dist, (ns.DCTERMS + "title",))
            distributions.append({"title": pick(title, lang) or url or dist, "url": url, "href": page.href(url or ""),
                                  "size": int(size) if size and size.isdigit() else None,
                                  "media": media.rsplit("/media-types/", 1)[-1] if media else None})
        descriptions = [o for o in m.objects(m.dataset, ns.DCTERMS + "description") if hasattr(o, "language")]
        description = pick({o.language and conventional(o.language): o.value for o in descriptions  # type: ignore
                            if o.language}, lang)  # type: ignore[union-attr]
        return self.render("dataset.html", page, p=profile, title=profile.title(lang), description=description,
                           distributions=distributions,
                           formats=[(ext, "dataset." + ext, media, label)
                                    for ext, (media, label) in RESOURCE_FORMATS.items()])

    def ontology_page(self, groups: list[tuple[dict[str, str], list[dict[str, Any]]]],
                      meta: list[tuple[str, list[Any]]], lang: str) -> bytes:
        page = Page(self, "ontology", lang)
        profile = self.profile(self.m.ontology)
        # the page's furniture is English with Chinese beside it: in Simplified on the Simplified page
        zh = "zh-Hans" if lang == "zh-Hans" else "zh-Hant"
        chinese = _to_simplified if zh == "zh-Hans" else str
        groups = [({**group, "zh": chinese(group["zh"])}, terms) for group, terms in groups]
        meta = [(chinese(label), values) for label, values in meta]
        return self.render("ontology.html", page, p=profile, title=profile.title(lang), groups=groups, meta=meta,
                           zh=zh, label_word=chinese("標籤"), comment_word=chinese("說明"),
                           formats=[(ext, "ontology." + ext, media, label)
                                    for ext, (media, label) in RESOURCE_FORMATS.items()])

    def search_page(self, lang: str) -> bytes:
        page = Page(self, "search", lang)
        return self.render("search.html", page, title=word("search", lang))


def _to_simplified(text: str) -> str:
    """``text`` in Simplified script (OpenCC t2s, as the build converts labels)."""
    from hkgov_graph.publish.search import _opencc

    return str(_opencc("t2s").convert(text))


def conventional(tag: str) -> str:
    from hkgov_graph.publish.serialise import conventional_tag

    return conventional_tag(tag)
