"""Matching a name by its words or by a part of it, in English and in Chinese.

People seldom type a name as the graph has it: ``Guangdong ETO`` for the Hong
Kong Economic and Trade Office in Guangdong, ``駐上海經貿辦`` for
駐上海經濟貿易辦事處, ``粵港`` for 粵港合作. Both sides are compared in the
normal form of :func:`hkgov_graph.query.names.normalise` (Simplified script,
case folded).

A query is cut into tokens: English words (stop words such as "of" dropped, a
plural "s" taken off) and runs of Chinese characters. A name matches when it
has every token:

- an English word as one of its words (a good match), or as the initials of
  a run of its words, ``ETO`` for "Economic and Trade Office" (a fair one);
- a run of Chinese characters as a part of it (good), or as some of its
  characters in order, the way Chinese abbreviations are made: 駐上海經貿辦
  from 駐上海經濟貿易辦事處 (fair).

A match has a quality (2 when every token matched well, else 1) and a
coverage, the share of the name the query accounts for, so that a short name
nearly typed in full beats a long one that merely contains the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

STOP_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"})
_LATIN = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
GOOD, FAIR = 2, 1


def _stem(word: str) -> str:
    """A word without a plural s (offices, units), so that singular and plural compare equal."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _LATIN.findall(text) if w not in STOP_WORDS]


@dataclass(frozen=True)
class Form:
    """What fuzzy matching needs of one name: its words, the initials of its word runs, its Chinese characters."""

    words: frozenset[str]
    acronyms: frozenset[str]
    chinese: str
    size: int  # words plus Chinese characters: what a query is measured against

    @classmethod
    def of(cls, name: str) -> Form:
        words = _words(name)
        initials = "".join(w[0] for w in words)
        acronyms = {initials[i:j] for i in range(len(initials)) for j in range(i + 2, len(initials) + 1)}
        chinese = "".join(_CJK.findall(name))
        return cls(frozenset(words), frozenset(acronyms), chinese, len(words) + len(chinese))


@lru_cache(maxsize=4096)
def form(name: str) -> Form:
    """The :class:`Form` of a normalised name (cached: the names of a graph are read once)."""
    return Form.of(name)


@dataclass(frozen=True)
class Query:
    """A typed name cut into English words and runs of Chinese characters."""

    words: tuple[str, ...]
    runs: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Query | None:
        """The tokens of a normalised text; None when it has none (only stop words or punctuation), or is a
        single Chinese character (粵 is in too many names to stand for any one of them)."""
        words, runs = tuple(_words(text)), tuple(_CJK.findall(text))
        if not words and sum(len(r) for r in runs) < 2:
            return None
        return cls(words, runs)


def _in_order(part: str, whole: str) -> bool:
    """Whether the characters of ``part`` occur in ``whole`` in the same order (not necessarily together)."""
    rest = iter(whole)
    return all(char in rest for char in part)


def match(query: Query, name: Form) -> tuple[int, float] | None:
    """``(quality, coverage)`` when the name has every token of the query, else None."""
    if not name.size:
        return None
    quality, covered = GOOD, 0
    for word in query.words:
        if word in name.words:
            covered += 1
        elif word in name.acronyms:
            quality, covered = FAIR, covered + len(word)
        else:
            return None
    for run in query.runs:
        if run in name.chinese:
            covered += len(run)
        elif len(run) >= 2 and _in_order(run, name.chinese):
            quality, covered = FAIR, covered + len(run)
        else:
            return None
    return quality, min(1.0, covered / name.size)
