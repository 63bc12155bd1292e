"""Turn what a person types into the IRI of a resource in the graph.

Accepted, for any IRI parameter: the full IRI (``https://w3id.org/...``, with
or without ``<>``), a prefixed name (``office:bjo``), the local name
(``bjo``), a notation or abbreviation (``GDETO``, ``CMAB``, ``CN-GD``), or a
name in English or Chinese in either script (``Beijing Office``, ``駐京辦``,
``驻京办``, ``粵``, ``粤``). Names are looked up in ``skos:prefLabel``,
``skos:altLabel``, ``rdfs:label`` and ``skos:notation`` through the store's own
``select``, so the lookup works the same on a remote endpoint.

Comparison is on a normal form: Unicode NFKC (full-width forms), Traditional
to Simplified Chinese with OpenCC (``t2s``, applied to both sides), case
folded, runs of white space made one space.

When several resources carry the name, the first rule that leaves one wins:

1. resources of the HKSAR Government (``gov:hksar`` and everything under it
   through ``org:subOrganizationOf``, and their posts) over others, because
   this graph is about them: ``駐京辦`` is the Hong Kong Beijing Office, not
   the mainland governments' Beijing offices as a group;
2. how the name matched: local name or notation, then preferred label
   (``skos:prefLabel``, ``rdfs:label``), then alternative label.

A name no resource of the class asked for carries whole is looked for in
two more ways, each noted on stderr:

- a place a resource of that class contains: where a question takes a
  provincial-level region, a city resolves to the region it is in
  (``schema:containedInPlace``, editorial-regions): 廣州 is taken as Guangdong;
- by its words or a part of it (:mod:`hkgov_graph.query.fuzzy`):
  ``Guangdong ETO``, ``Shanghai office``, ``成都`` (as an office),
  ``駐上海經貿辦``, ``粵港`` (as a mechanism); the best match wins, by the
  rules above, then by how well and how much of the name the words match.

Anything still tied is ambiguous: a :class:`UsageError` lists the candidates.
A name that matches nothing is a :class:`UsageError` suggesting close matches.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.errors import UsageError
from hkgov_graph.query import fuzzy

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.query.stores import SparqlStore

HKSAR = ns.PREFIXES["gov"] + "hksar"

# how a name matched, best first
BY_NAME, BY_PREF_LABEL, BY_ALT_LABEL = 0, 1, 2
_LABEL_RANK = {ns.SKOS + "notation": BY_NAME, ns.SKOS + "prefLabel": BY_PREF_LABEL,
               ns.RDFS + "label": BY_PREF_LABEL, ns.SKOS + "altLabel": BY_ALT_LABEL}

LABELS_QUERY = f"""
SELECT DISTINCT ?s ?p ?label WHERE {{
  VALUES ?p {{ {" ".join(f"<{p}>" for p in _LABEL_RANK)} }}
  ?s ?p ?label .
  FILTER(isIRI(?s) && isLiteral(?label))
}}"""

HOME_QUERY = f"""
SELECT DISTINCT ?s WHERE {{
  ?s (<{ns.ORG}subOrganizationOf>|<{ns.ORG}postIn>)* <{HKSAR}> .
  FILTER(isIRI(?s))
}}"""

_CODE = re.compile(r"[a-z]{2}-[a-z0-9]{1,3}")  # ISO 3166-2 style codes (cn-gd), normalised

CONTAINED_QUERY = f"""
SELECT DISTINCT ?s ?container WHERE {{
  ?s <{ns.SCHEMA}containedInPlace> ?container .
  FILTER(isIRI(?s) && isIRI(?container))
}}"""

CLASS_QUERY = "SELECT DISTINCT ?s ?class WHERE { ?s a ?class . FILTER(isIRI(?s)) }"
IS_A_QUERY = "ASK WHERE { ?s a ?class }"
EXISTS_QUERY = "ASK WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } }"


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """The form names are compared in: NFKC, Simplified script, case folded, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _converter().convert(text)
    return re.sub(r"\s+", " ", text.casefold()).strip()


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``/`` or ``#``."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def shorten(iri: str) -> str:
    """The IRI as a prefixed name where one of the project's prefixes fits."""
    best = ""
    for prefix, namespace in ns.PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, chosen = namespace, prefix
    return f"{chosen}:{iri[len(best):]}" if best else f"<{iri}>"


def expand(name: str) -> str | None:
    """The full IRI of ``prefix:local`` when the prefix is one of the project's, else None."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in ns.PREFIXES and local and "//" not in local:
        return ns.PREFIXES[prefix] + local
    return None


def pick_label(labels: list[ox.Literal], lang: str = "en") -> str | None:
    """The label to show in ``lang``, by the project's fallback (:func:`hkgov_graph.i18n.fallback`), then any."""
    from hkgov_graph import i18n

    return i18n.pick(labels, lang)


@dataclass(frozen=True)
class Resolution:
    """What a name resolved to, how, and which other resources also carry it."""

    text: str
    iri: str
    how: str
    others: tuple[str, ...] = ()
    exact: bool = True  # the text is one of the resource's own names (or its IRI)

    def note(self) -> str | None:
        """A one-line note when the choice was made among several candidates, or not by a name of its own."""
        if not self.others and self.exact:
            return None
        note = f"{self.text!r} taken as {shorten(self.iri)} ({self.how})"
        if self.others:
            also = ", ".join(shorten(o) for o in self.others[:5])
            note += f"; also {'named so' if self.exact else 'matched'}: {also}"
        return note


@dataclass
class NameIndex:
    """Every label, notation and local name in the store, normalised, with the resources they name."""

    names: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))  # name -> iri -> rank
    display: dict[str, list[ox.Literal]] = field(default_factory=lambda: defaultdict(list))  # iri -> prefLabels
    home: set[str] = field(default_factory=set)
    by_iri: dict[str, list[str]] | None = field(default=None, repr=False)  # iri -> names, built when first asked

    @classmethod
    def from_store(cls, store: SparqlStore) -> NameIndex:
        index = cls()
        for row in store.select(LABELS_QUERY):
            iri, prop, label = row["s"].value, row["p"].value, row["label"]
            index.add(normalise(label.value), iri, _LABEL_RANK[prop])
            index.add(normalise(local_name(iri)), iri, BY_NAME)
            if prop in (ns.SKOS + "prefLabel", ns.RDFS + "label") and label.language:
                index.display[iri].append(label)
        index.home = {row["s"].value for row in store.select(HOME_QUERY)}
        return index

    def lookup(self, name: str) -> dict[str, int]:
        """The resources a normalised name names, each with how (``BY_NAME``, ``BY_PREF_LABEL``, ...)."""
        return dict(self.names.get(name, {}))

    def in_home(self, iri: str) -> bool:
        """Whether ``iri`` is the HKSAR Government's own (under ``gov:hksar``, or one of its posts)."""
        return iri in self.home

    def load_all(self) -> None:
        """Make :attr:`names` and :attr:`home` complete (an index read lazily reads them all here)."""

    def add(self, name: str, iri: str, rank: int) -> None:
        if name:
            current = self.names[name].get(iri)
            self.names[name][iri] = rank if current is None else min(current, rank)

    def names_of(self, iri: str) -> list[str]:
        """Every normalised name of ``iri`` (labels, notations, local name)."""
        self.load_all()
        if self.by_iri is None:
            self.by_iri = defaultdict(list)
            for name, iris in self.names.items():
                for i in iris:
                    self.by_iri[i].append(name)
        return sorted(self.by_iri.get(iri, []))

    def label(self, iri: str, lang: str = "en") -> str | None:
        return pick_label(self.display.get(iri, []), lang)

    def describe(self, iri: str) -> str:
        label = self.label(iri)
        return f"{shorten(iri)} ({label})" if label else shorten(iri)


class Resolver:
    """Resolves names against one store; the index is read once, class members once per class."""

    def __init__(self, store: SparqlStore) -> None:
        self.store = store
        self._index: NameIndex | None = None
        self._members: dict[str, set[str]] = {}
        self._containers: dict[str, set[str]] | None = None

    @property
    def index(self) -> NameIndex:
        """The names: from the build's name file when the store has a current one, else read from the store."""
        if self._index is None:
            self._index = getattr(self.store, "name_index", None) or NameIndex.from_store(self.store)
        return self._index

    def is_a(self, iri: str, of_class: str) -> bool:
        """Whether ``iri`` is of ``of_class``: one ASK, not the class's members (tens of thousands at scale)."""
        import pyoxigraph as ox

        if of_class in self._members:
            return iri in self._members[of_class]
        return self.store.ask(IS_A_QUERY, {"s": ox.NamedNode(iri), "class": ox.NamedNode(of_class)})

    def members(self, of_class: str) -> set[str]:
        import pyoxigraph as ox

        if of_class not in self._members:
            rows = self.store.select(CLASS_QUERY, {"class": ox.NamedNode(of_class)})
            self._members[of_class] = {row["s"].value for row in rows}
        return self._members[of_class]

    def resolve(self, text: str, of_class: str | None = None) -> Resolution:
        """The resource ``text`` names (of ``of_class`` when given), or a :class:`UsageError`."""
        import pyoxigraph as ox

        text = text.strip()
        if not text:
            raise UsageError("an empty name: give an IRI, a prefixed name or a name")
        what = f" of class {shorten(of_class)}" if of_class else ""
        iri = as_iri(text)
        if iri is not None:
            try:
                node = ox.NamedNode(iri)
            except ValueError as error:
                raise UsageError(f"malformed IRI {text!r}: {error}") from None
            if not self.store.ask(EXISTS_QUERY, {"s": node}):
                raise UsageError(f"no resource {shorten(iri)} in the graph{self._suggest(local_name(iri), of_class)}")
            if of_class and not self.is_a(iri, of_class):
                raise UsageError(f"{shorten(iri)} is not a resource{what}")
            return Resolution(text, iri, "IRI")

        found = self.index.lookup(normalise(text))
        if of_class:
            found = {i: r for i, r in found.items() if self.is_a(i, of_class)}
        if not found:
            inexact = (self._containing(text, of_class) if of_class else None) or self._by_words(text, of_class)
            if inexact is None:
                raise UsageError(f"no resource{what} is named {text!r}{self._suggest(text, of_class)}")
            return inexact
        index = self.index
        ranked = sorted(found, key=lambda i: (not index.in_home(i), found[i], i))
        best = ranked[0]
        key = (not index.in_home(best), found[best])
        tied = [i for i in ranked if (not index.in_home(i), found[i]) == key]
        if len(tied) > 1:
            listed = "; ".join(self.index.describe(i) for i in tied[:8])
            more = f" and {len(tied) - 8} more" if len(tied) > 8 else ""
            raise UsageError(f"{text!r} is ambiguous: it names {listed}{more}; give the prefixed name instead")
        how = {BY_NAME: "by its name or notation", BY_PREF_LABEL: "by its label",
               BY_ALT_LABEL: "by an alternative name"}[found[best]]
        return Resolution(text, best, how, tuple(i for i in ranked if i != best))

    def containers(self) -> dict[str, set[str]]:
        """Each place and the places that contain it (``schema:containedInPlace``), read once."""
        if self._containers is None:
            self._containers = defaultdict(set)
            for row in self.store.select(CONTAINED_QUERY):
                self._containers[row["s"].value].add(row["container"].value)
        return self._containers

    def _containing(self, text: str, of_class: str) -> Resolution | None:
        """The one resource of ``of_class`` that contains the place ``text`` names (廣州 → Guangdong), if any."""
        named = sorted(self.index.lookup(normalise(text)))
        allowed = self.members(of_class)
        found = {(place, container) for place in named for container in self.containers().get(place, ())
                 if container in allowed}
        if not found:
            return None
        containers = sorted({c for _, c in found})
        if len(containers) > 1:
            listed = "; ".join(self.index.describe(c) for c in containers)
            raise UsageError(f"{text!r} is ambiguous: places of that name are in {listed}; give the prefixed name "
                             "instead")
        place = sorted(p for p, c in found)[0]
        how = f"it contains {self.index.describe(place)}, schema:containedInPlace"
        return Resolution(text, containers[0], how, exact=False)

    def _word_matches(self, query: fuzzy.Query, allowed: set[str] | None) -> list[tuple[str, tuple, str]]:
        """Resources (in ``allowed``) with a name that has the query's words, best first: (iri, rank key, name).

        The key ranks the HKSAR Government's own resources first, then good
        matches over fair ones, then the share of the name the query covers.
        """
        index = self.index
        index.load_all()
        best: dict[str, tuple[tuple[int, float], str]] = {}
        for name, iris in index.names.items():
            found = fuzzy.match(query, fuzzy.form(name))
            if found is None:
                continue
            for iri in iris:
                if (allowed is None or iri in allowed) and (iri not in best or found > best[iri][0]):
                    best[iri] = (found, name)
        keyed = [(iri, (iri not in index.home, -quality, -round(coverage, 6)), name)
                 for iri, ((quality, coverage), name) in best.items()]
        return sorted(keyed, key=lambda m: (m[1], m[0]))

    def _by_words(self, text: str, of_class: str | None) -> Resolution | None:
        """The resource (of ``of_class``) whose name best has the words, or a part, of ``text``; None if none.

        Ties are ambiguous (a :class:`UsageError` listing them): ``ETO`` fits
        every Economic and Trade Office alike.
        """
        query = fuzzy.Query.of(normalise(text))
        if query is None:
            return None
        ranked = self._word_matches(query, self.members(of_class) if of_class else None)
        if not ranked:
            return None
        tied = [iri for iri, key, _ in ranked if key == ranked[0][1]]
        if len(tied) > 1:
            listed = "; ".join(self.index.describe(i) for i in tied[:8])
            more = f" and {len(tied) - 8} more" if len(tied) > 8 else ""
            raise UsageError(f"{text!r} is ambiguous: it fits {listed}{more}; give more of the name or the prefixed "
                             "name instead")
        iri, _, name = ranked[0]
        return Resolution(text, iri, f"by the words of its name {name!r}", tuple(i for i, _, _ in ranked[1:6]),
                          exact=False)

    def neighbours(self, iri: str, text: str, of_class: str | None = None, limit: int = 6) -> list[str]:
        """Other resources (of ``of_class``) easily confused with ``iri``, closest first.

        Close means a name near ``text`` or near one of ``iri``'s own names,
        in any script or in English: 山西 (Shanxi) and 陝西 (Shaanxi). Codes such
        as ``CN-SX`` are left out of the comparison: every region's code is
        near every other's.
        """
        index = self.index
        index.load_all()
        allowed = self.members(of_class) if of_class else None

        def other(i: str) -> bool:
            return i != iri and (allowed is None or i in allowed)

        own = {n for n in {normalise(text), *index.names_of(iri)} if n and not _CODE.fullmatch(n)}
        names = [n for n, iris in index.names.items() if any(other(i) for i in iris)]
        scores: dict[str, float] = {}
        for word in own:
            for name in difflib.get_close_matches(word, names, n=20, cutoff=0.5):
                ratio = difflib.SequenceMatcher(None, word, name).ratio()
                for i in index.names[name]:
                    if other(i):
                        scores[i] = max(scores.get(i, 0.0), ratio)
        return sorted(scores, key=lambda i: (-scores[i], i))[:limit]

    def _suggest(self, text: str, of_class: str | None) -> str:
        """``; did you mean ...?`` with up to five resources, or nothing.

        First those whose names have the words typed once each misspelt word is
        read as the nearest word of a name (``Shanghia offce`` → the Shanghai
        ETO), then names close to the whole text.
        """
        index = self.index
        index.load_all()
        allowed = self.members(of_class) if of_class else None
        names = [n for n, iris in index.names.items() if allowed is None or any(i in allowed for i in iris)]
        shown: list[str] = []
        seen: set[str] = set()
        query = fuzzy.Query.of(normalise(text))
        if query is not None and query.words:
            vocabulary = sorted({w for n in names for w in fuzzy.form(n).words})
            words = tuple((difflib.get_close_matches(w, vocabulary, n=1, cutoff=0.75) or [w])[0] for w in query.words)
            if words != query.words:
                for iri, _, _ in self._word_matches(fuzzy.Query(words, query.runs), allowed)[:3]:
                    shown.append(index.describe(iri))
                    seen.add(iri)
        for name in difflib.get_close_matches(normalise(text), names, n=5, cutoff=0.6):
            iris = sorted(i for i in index.names[name] if (allowed is None or i in allowed) and i not in seen)
            if iris:
                shown.append(f"{name!r} ({', '.join(shorten(i) for i in iris[:3])})")
                seen.update(iris)
        return "; did you mean " + ", ".join(shown[:5]) + "?" if shown else ""


def as_iri(text: str) -> str | None:
    """The IRI when ``text`` is written as one (``<...>``, ``scheme://...``, ``urn:...``, ``prefix:local``)."""
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text) or text.startswith("urn:"):
        return text
    return expand(text)
