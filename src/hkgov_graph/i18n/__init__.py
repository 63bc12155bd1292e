"""Words people read, in English, Traditional and Simplified Chinese.

One catalogue (``messages.json`` next to this file) holds every interface
string and every value word the packaged queries produce, each in ``en``,
``zh-Hant`` and ``zh-Hans``. The ``zh-Hans`` side is generated from
``zh-Hant`` with OpenCC (``scripts/make_simplified_labels.py``) and a test
keeps it current, so a translator edits ``en`` and ``zh-Hant`` only.

The catalogue has three groups, each its own namespace:

``ui``
    interface strings, by a short key (``"rows"``); ``{name}`` fields are
    filled by :func:`text`. A key with a ``.one`` twin (``"rows.one"``) is the
    singular, chosen when ``n=1``.
``values``
    words the queries return as plain text (``"area served"``, ``"in force"``),
    keyed by the English word itself; :func:`word` translates one and leaves
    any other text as it is.
``columns``
    the queries' column names (``"office"``, ``"founded_not_before"``), for
    table headers; :func:`column` falls back to the name itself.

Languages are the three tags of :data:`LANGUAGES`; :func:`language` accepts any
case or ``_`` (``zh_hant``), Oxigraph's lower-case tags, and the BCP 47 tags
browsers and users send (``zh-TW`` is ``zh-Hant``, ``zh-CN`` is ``zh-Hans``,
``en-GB`` is ``en``). Labels fall back
by :func:`fallback`: from a Chinese script to the other one, then English;
from English to Traditional, then Simplified Chinese. :func:`pick` applies it
to a resource's labels, as the queries' label idiom does
(``queries/README.md``).

>>> text("rows", "zh-Hant", n=3)
'（共 3 行）'
>>> word("area served", "zh-Hans")
'服务范围'
>>> fallback("zh-Hans")
('zh-Hans', 'zh-Hant', 'en')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
DEFAULT = "en"
GROUPS = ("ui", "values", "columns")
CATALOGUE_FILE = "messages.json"

_FALLBACK = {
    "en": ("en", "zh-Hant", "zh-Hans"),
    "zh-Hant": ("zh-Hant", "zh-Hans", "en"),
    "zh-Hans": ("zh-Hans", "zh-Hant", "en"),
}
_CANONICAL = {lang.lower(): lang for lang in LANGUAGES}
# Chinese tagged with a region and no script: the script written there (CLDR likely subtags: zh-TW → zh-Hant-TW,
# zh-CN → zh-Hans-CN). Other regions have no script to infer, so zh-US, like bare zh, is refused.
_SCRIPT_OF_REGION = {
    "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
    "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-my": "zh-Hans",
}
_SUBTAG = re.compile(r"[a-z0-9]{1,8}")


def language(tag: str | None) -> str:
    """The canonical tag (``en``, ``zh-Hant``, ``zh-Hans``) for the BCP 47 tag ``tag``, in any case, ``-`` or ``_``.

    Subtags are dropped from the end until a tag is known (RFC 4647 lookup),
    so ``zh-Hant-TW`` is ``zh-Hant`` and ``en-GB`` is ``en``; Chinese with a
    region only takes the script written there (``zh-TW``, ``zh-HK``,
    ``zh-MO``: ``zh-Hant``; ``zh-CN``, ``zh-SG``, ``zh-MY``: ``zh-Hans``).
    ``None`` is the default, English. Anything else, bare ``zh`` included
    (which script?), is a :class:`ValueError` naming the three (callers turn
    it into their own kind of error).
    """
    if tag is None:
        return DEFAULT
    subtags = str(tag).strip().lower().replace("_", "-").split("-")
    if all(_SUBTAG.fullmatch(subtag) for subtag in subtags):
        while subtags:
            key = "-".join(subtags)
            found = _CANONICAL.get(key) or _SCRIPT_OF_REGION.get(key)
            if found:
                return found
            subtags.pop()
    raise ValueError(f"unknown language {tag!r}: use one of {', '.join(LANGUAGES)} "
                     "(or a tag with a region, such as zh-TW or zh-CN)")


def fallback(lang: str | None) -> tuple[str, ...]:
    """The languages to try, in order, for text in ``lang``: the other Chinese script before English."""
    return _FALLBACK[language(lang)]


def pick(labels: Iterable[Any], lang: str | None = None) -> str | None:
    """The label to show in ``lang`` among ``labels``, by :func:`fallback`, then any label.

    ``labels`` are pyoxigraph or rdflib literals (anything with ``.value`` or
    ``str()`` and ``.language``) or ``(text, language)`` pairs. Among labels of
    one language the alphabetically first wins, so the choice is stable.
    """
    pairs = []
    for label in labels:
        if isinstance(label, tuple):
            value, tag = label
        else:
            value, tag = getattr(label, "value", str(label)), getattr(label, "language", None)
        pairs.append((str(value), (tag or "").lower()))
    if not pairs:
        return None
    for wanted in fallback(lang):
        found = sorted(v for v, tag in pairs if tag == wanted.lower())
        if found:
            return found[0]
    return sorted(pairs)[0][0]


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, dict[str, str]]]:
    path = files("hkgov_graph.i18n").joinpath(CATALOGUE_FILE)
    return json.loads(path.read_text(encoding="utf-8"))


def catalogue(lang: str | None = None) -> dict[str, dict[str, str]]:
    """The whole catalogue in one language, by group (``{"ui": {...}, "values": {...}, "columns": {...}}``).

    For templates and the viewer, which take the words as data.
    """
    lang = language(lang)
    return {group: {key: entry[lang] for key, entry in entries.items()}
            for group, entries in _catalogue().items()}


def text(key: str, lang: str | None = None, /, **fields: Any) -> str:
    """The interface string ``key`` in ``lang``, its ``{fields}`` filled.

    With ``n=1`` the singular ``key.one`` is used where the catalogue has one.
    An unknown key is a :class:`KeyError`: interface strings are the
    program's own, so a missing one is a bug, found by the tests.
    """
    entries = _catalogue()["ui"]
    if fields.get("n") == 1 and f"{key}.one" in entries:
        key = f"{key}.one"
    return entries[key][language(lang)].format(**fields) if fields else entries[key][language(lang)]


def has_text(key: str) -> bool:
    """Whether the catalogue has the interface string ``key`` (for optional ones, such as a question's own)."""
    return key in _catalogue()["ui"]


def word(value: str, lang: str | None = None) -> str:
    """The value word ``value`` (as the queries write it, in English) in ``lang``; other text unchanged."""
    entry = _catalogue()["values"].get(value)
    return entry[language(lang)] if entry else value


def has_word(value: str) -> bool:
    """Whether ``value`` is one of the catalogue's value words."""
    return value in _catalogue()["values"]


def column(name: str, lang: str | None = None) -> str:
    """The heading for the column (query variable) ``name`` in ``lang``; the name itself when unknown."""
    entry = _catalogue()["columns"].get(name)
    return entry[language(lang)] if entry else name


@dataclass(frozen=True)
class Translator:
    """The catalogue bound to one language: ``t = Translator("zh-Hans"); t("rows", n=2); t.word("seat")``.

    Handy as a template global (``{{ t("rows", n=3) }}``).
    """

    lang: str = DEFAULT

    def __post_init__(self) -> None:
        object.__setattr__(self, "lang", language(self.lang))

    def __call__(self, key: str, /, **fields: Any) -> str:
        return text(key, self.lang, **fields)

    def word(self, value: str) -> str:
        return word(value, self.lang)

    def column(self, name: str) -> str:
        return column(name, self.lang)

    def pick(self, labels: Iterable[Any]) -> str | None:
        return pick(labels, self.lang)

    def words(self) -> Mapping[str, dict[str, str]]:
        return catalogue(self.lang)
