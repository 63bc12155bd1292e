"""The query page: a SPARQL editor over the site's endpoint, with results as a table of links to the pages.

``hkgov-graph publish`` writes it as ``sparql.html`` (and ``sparql.zh-Hant.html``,
``sparql.zh-Hans.html``), laid out by the site's base template (header,
language buttons, footer), with its scripts in ``editor/``; ``hkgov-graph serve``
answers ``GET /sparql`` without a query with the same page (:mod:`.route`).

* The editor is YASQE, the query editor of YASGUI (``@zazuko/yasqe``, the
  maintained fork, vendored unchanged in ``vendor/``, see ``vendor/VENDORED.md``):
  SPARQL syntax highlighting, bracket matching, completion of variables and of
  the project's prefixes. It is configured to fetch nothing: no prefix.cc,
  no Linked Open Vocabularies look-ups, no share-link service, no fonts.
* The results table is the page's own (``static/query.js``): every IRI under
  the site's base that has a page links to it (in the page's language), as a
  prefixed name; literals show their language or datatype; a narrow window
  gets one card per row. YASR, YASGUI's results viewer, links IRIs to
  themselves, writes its controls in English only and lays its table out
  wider than a phone, so it is not used.
* The project's prefixes are declared for every query by the endpoint (the
  same ones ``hkgov-graph sparql`` declares), listed on the page; an error
  from the endpoint is shown as it is sent (one line naming the line and
  column of the query, see :mod:`hkgov_graph.query.syntax`) and its line is
  marked in the editor.
* The examples are the packaged questions with their example's parameters
  bound, and the page's language where a question takes one (:mod:`.examples`).
* The page talks to ``sparql`` next to it: ``serve``'s endpoint, or the one
  the site's base names (``<base>sparql``, the dataset's ``void:sparqlEndpoint``)
  where the site is hosted with one. On a static host without one it says so.
* On the Chinese pages, the value words of the answers ("in force",
  "possibly" …, plain strings) are shown in the page's script, with the
  English the query sees as their tooltip.

Everything the page needs is in the site: it works offline, and under the
server's Content-Security-Policy (no inline script or style).
"""

from __future__ import annotations

import json
import re
from importlib.resources import files as resources_files
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from hkgov_graph.publish.words import LANGS, word

if TYPE_CHECKING:
    from hkgov_graph.publish.pages import Page, Site

PAGE = "sparql"  # the page's site path: sparql.html, sparql.zh-Hant.html, sparql.zh-Hans.html
ASSETS = "editor"  # the folder of its scripts and styles
ENDPOINT = "sparql"  # relative to the page
VENDOR_FILES = ("yasqe.min.js", "yasqe.min.css", "LICENSE.txt", "THIRD-PARTY-LICENSES.txt")
# The editor as the page credits it (vendor/VENDORED.md records the same name, version and licence).
EDITOR = ("YASQE", "@zazuko/yasqe", "4.6.2", "MIT")
EDITOR_HOME = "https://github.com/rdfjs/Yasgui"
STATIC_FILES = ("query.js", "query.css")
_FIELDS = re.compile(r"(\{\w+\})")  # the {slots} of a catalogue sentence
# The words the script writes (the rest are in the template): catalogue keys without "page.".
SCRIPT_WORDS = ("query-running", "query-rows", "query-rows-one", "query-triples", "query-triples-one",
                "query-truncated", "query-answer", "query-yes", "query-no", "query-empty", "query-error",
                "query-error-line", "query-unreachable", "query-example-bound", "query-example-plain",
                "query-example-unbound", "query-download", "query-folded", "query-unfold", "subject", "property",
                "value", "colon")


def site_files(site: Site) -> dict[str, bytes]:
    """The query page in each language, its scripts and styles, and the data they read: path -> bytes."""
    from jinja2 import ChoiceLoader, PackageLoader

    from hkgov_graph.publish.pages import Page
    from hkgov_graph.serve.querypage.examples import examples

    m = site.m
    env = site.env.overlay(loader=ChoiceLoader([PackageLoader("hkgov_graph.serve.querypage", "templates"),
                                                site.env.loader]))  # type: ignore[list-item]
    prefixes = sorted(m.prefixes.items())
    out: dict[str, bytes] = {}
    for lang in LANGS:
        page = Page(site, PAGE, lang)
        words = {key: word(key, lang) for key in SCRIPT_WORDS}
        found = examples(m.store, m.base, lang)
        data = data_file(lang)
        out[page.file] = env.get_template("query.html").render(
            page=page, title=word("query-title", lang), examples=found, prefixes=prefixes, words=words,
            assets=ASSETS, data=data, endpoint=ENDPOINT, start=start_query(lang), code=code_spans,
            credit=credit(page)).encode()
        out[f"{ASSETS}/{data}"] = data_script({
            "base": m.base, "ontology": m.ontology, "dataset": m.dataset, "prefixes": dict(prefixes),
            "pages": sorted(site.pages), "examples": found, "words": value_words(lang)})
    folder = resources_files("hkgov_graph.serve.querypage")
    for name in VENDOR_FILES:
        out[f"{ASSETS}/{name}"] = (folder / "vendor" / name).read_bytes()
    for name in STATIC_FILES:
        out[f"{ASSETS}/{name}"] = (folder / "static" / name).read_bytes()
    return out


def data_file(lang: str) -> str:
    """The page's data script in ``editor/``: ``data.js``, ``data.zh-Hant.js``, ``data.zh-Hans.js`` (the examples
    bind the page's language)."""
    return "data.js" if lang == "en" else f"data.{lang}.js"


def credit(page: Page) -> Markup:
    """The line under the page naming the editor, its version and licence, with links to the licence texts."""
    name, package, version, licence = EDITOR
    links = {
        "editor": Markup('<a href="{}" rel="external noopener">{} {}</a> (<code>{}</code>)').format(
            EDITOR_HOME, name, version, package),
        "licence": Markup('<a href="{}">{}</a>').format(page.file_link(f"{ASSETS}/LICENSE.txt"), licence),
        "licences": Markup('<a href="{}">{}</a>').format(page.file_link(f"{ASSETS}/THIRD-PARTY-LICENSES.txt"),
                                                         word("query-credit-parts", page.lang)),
    }
    parts = _FIELDS.split(str(escape(word("query-credit", page.lang))))
    return Markup("".join(links.get(part[1:-1], part) for part in parts))


def value_words(lang: str) -> dict[str, str]:
    """The catalogue's value words ("in force", "possibly", "stated" …) in ``lang``, by their English: the page
    shows them in its language where an answer gives them as plain strings, as the CLI does
    (:func:`hkgov_graph.query.results.localise`). None for English."""
    from hkgov_graph import i18n

    if lang == "en":
        return {}
    return dict(sorted(i18n.catalogue(lang)["values"].items()))


def code_spans(text: str) -> Markup:
    """``text`` escaped, with its `backquoted` parts as ``<code>`` (the catalogue writes commands that way)."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts)))


def data_script(data: dict[str, Any]) -> bytes:
    """``window.HKGOV_QUERY = {...};``: a script, not fetched JSON, so it loads from any host and ``file://``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</" cannot end a script here, and U+2028/9 are line ends in older JavaScript
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.HKGOV_QUERY={text};\n".encode()


def start_query(lang: str) -> str:
    """The query the editor opens with: the Mainland offices with their names in the page's language."""
    return (f"# {word('query-start', lang)}\n"
            "SELECT ?office ?name WHERE {\n"
            "  ?office a hkg:MainlandOffice ;\n"
            "          skos:prefLabel ?name .\n"
            f'  FILTER(LANGMATCHES(LANG(?name), "{lang}"))\n'
            "}\n"
            "ORDER BY ?office\n")
