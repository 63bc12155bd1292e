"""What to call a resource that has no label of its own, in English, Traditional and Simplified Chinese.

The whole view draws every resource, and many have no ``skos:prefLabel``:
skolemised intervals, instants, addresses and amounts, memberships,
reporting relations, reified readings, web pages cited as sources. Drawn
under their IRI's last segment they read as hash ids (``3a59d03f…``). This
module names them by what they are, with the sentences the resource pages
use (:mod:`hkgov_graph.publish.profile`): an interval reads ``2012-07-18 –
2014-12-21``, a membership ``朱曼鈴，駐京辦主任``, a relation ``駐京辦隸屬
政制及內地事務局``, a reading "subject · property · object", a web page its
address without the scheme.

These names are for people to read in the viewer; they are not labels of
the data (the views' ``label_*`` attributes stay what the sources say).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import unquote

from hkgov_graph import namespaces as ns
from hkgov_graph.i18n import word

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.publish.profile import Profiler

LANGS = ("en", "zh-Hant", "zh-Hans")
_WEB = ("http://", "https://")


def readable_names(store: ox.Store, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """A name in each of :data:`LANGS` for each of ``iris`` that can be named (others are left out)."""
    from hkgov_graph.publish.model import SiteModel
    from hkgov_graph.publish.profile import Profiler

    wanted = sorted(set(iris))
    if not wanted:
        return {}
    profiler = Profiler(SiteModel.from_store(store, ns.DEFAULT_BASE))
    names = {}
    for iri in wanted:
        forms = _name(profiler, iri)
        if forms and all(forms.get(lang) for lang in LANGS):
            names[iri] = forms
    return names


def _name(profiler: Profiler, iri: str) -> dict[str, str] | None:
    from hkgov_graph.publish.profile import line_text

    m = profiler.m
    if m.label_forms(iri):
        return {lang: profiler.ref(iri).text(lang) for lang in LANGS}
    if m.is_inline(iri, ""):  # an interval, an instant, an address, an amount
        sentence = profiler.inline_sentence(iri)
        if sentence.message == "period":  # "interval 2012-07-18 – 2014-12-21": a bare period says too little
            return {lang: f"{word('interval', lang)} {line_text(sentence, lang)}" for lang in LANGS}
        return {lang: line_text(sentence, lang) for lang in LANGS}
    if ns.RDF + "Statement" in m.types(iri):
        return _reading(profiler, iri)
    title = m.label_forms(iri, (ns.DCTERMS + "title",))
    if title:
        return {lang: _pick(title, lang) for lang in LANGS}
    # a membership, a relation: its own sentence (which says "proposed" where the data does)
    lines = [x for x in profiler.profile(iri).summary if x.message != "proposed"]
    if lines:
        return {lang: line_text(lines[0], lang) for lang in LANGS}
    if iri.startswith(_WEB) and not iri.startswith(ns.DEFAULT_BASE):
        address = unquote(iri.split("://", 1)[1]).rstrip("/")
        return dict.fromkeys(LANGS, address)
    return None


def _pick(forms: dict[str, str], lang: str) -> str:
    from hkgov_graph.publish.profile import pick

    return pick(forms, lang) or ""


def _reading(profiler: Profiler, iri: str) -> dict[str, str] | None:
    """A reified statement as "subject · property · object" (each named in the language)."""
    import pyoxigraph as ox

    from hkgov_graph.publish.profile import line_text, plain_leaf

    parts = [profiler.first(iri, ns.RDF + p) for p in ("subject", "predicate", "object")]
    if any(p is None for p in parts):
        return None
    named: list[dict[str, str]] = []
    for term in parts:
        if isinstance(term, ox.NamedNode) and not profiler.m.label_forms(term.value):
            forms = None if ns.RDF + "Statement" in profiler.m.types(term.value) else _name(profiler, term.value)
            named.append(forms or dict.fromkeys(LANGS, profiler.m.curie(term.value)))
            continue
        value = profiler.value(term, iri)  # type: ignore[arg-type]
        named.append({lang: line_text(value, lang) if hasattr(value, "message") else plain_leaf(value, lang)  # type: ignore[arg-type]
                      for lang in LANGS})
    return {lang: " · ".join(forms[lang] for forms in named) for lang in LANGS}
