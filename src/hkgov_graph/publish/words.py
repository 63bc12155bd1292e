"""The words of the pages and of ``hkgov-graph show``, from the project's message catalogue (:mod:`hkgov_graph.i18n`).

Three families of keys in the catalogue's ``ui`` group: ``page.*`` (headings
and page furniture), ``line.*`` (the sentences the lines of a profile are
written in, templates with ``{slot}`` markers that the renderers fill with
labels or links, so each language puts the parts in its own order) and
``kind.*`` (the kinds of resource, by the first path segment after ``id/``).
"""

from __future__ import annotations

from hkgov_graph import i18n

LANGS = i18n.LANGUAGES
FALLBACK: dict[str, tuple[str, ...]] = {lang: i18n.fallback(lang) for lang in LANGS}


def word(key: str, lang: str = "en") -> str:
    """The page word ``key`` in ``lang``."""
    return i18n.text("page." + key, lang)


def message(key: str, lang: str = "en") -> str:
    """The sentence template ``key`` in ``lang``, its ``{slots}`` unfilled."""
    return i18n.text("line." + key, lang)


def kind_name(kind: str, lang: str = "en") -> str:
    """The name of a kind of resource (``office``) in ``lang``; the kind itself when unnamed."""
    try:
        return i18n.text("kind." + kind, lang)
    except KeyError:
        return kind
