"""What reconciliation matches against: every named resource of the graph, its names, kinds and facts.

Read once from a :class:`~hkgov_graph.publish.model.SiteModel` (the indexes
the pages are made from), under whatever base the data is published at:

* **entities**: the resources under ``<base>id/`` that have a name
  (``skos:prefLabel``, ``rdfs:label``, ``skos:altLabel``, ``skos:notation``,
  the predicates the name resolver of :mod:`hkgov_graph.query.names` reads).
  Their reconciliation identifier is the IRI after ``<base>id/``
  (``office/bjo``), so the service's identifier space is ``<base>id/``;
* each entity's **names**, kept three ways: as written (NFC), in the
  resolver's normal form (:func:`~hkgov_graph.query.names.normalise`: NFKC,
  Simplified script, case folded) and without a leading "of the HKSAR
  Government" (``香港特別行政區政府駐福建聯絡處`` → ``駐福建聯絡處``,
  :func:`without_prefix`);
* whether it is the HKSAR Government's own (under ``gov:hksar`` through
  ``org:subOrganizationOf`` or ``org:postIn``, as the resolver decides);
* its **types**: the classes it is stated to be (most specific first, for
  display) and all of their superclasses (for type conditions), and the
  catalogue of those classes with their labels and broader classes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from hkgov_graph import i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.query import fuzzy
from hkgov_graph.query.names import BY_ALT_LABEL, BY_NAME, BY_PREF_LABEL, normalise

if TYPE_CHECKING:
    from hkgov_graph.publish.model import SiteModel

RDF_TYPE = ns.RDF + "type"
SUBCLASS = ns.RDFS + "subClassOf"
NAME_RANK = {ns.SKOS + "notation": BY_NAME, ns.SKOS + "prefLabel": BY_PREF_LABEL, ns.RDFS + "label": BY_PREF_LABEL,
             ns.SKOS + "altLabel": BY_ALT_LABEL}
TYPE_LABELS = (ns.RDFS + "label", ns.SKOS + "prefLabel")
HOME_LINKS = (ns.ORG + "subOrganizationOf", ns.ORG + "postIn")

# "Of the HKSAR Government" as names begin with it, in the normal form (Simplified, case folded), longest first:
# 香港特別行政區政府駐福建聯絡處 is the Fujian Liaison Unit, HKSAR Government Beijing Office the Beijing Office.
GOVERNMENT_PREFIXES = tuple(sorted((
    "香港特别行政区政府", "香港特别行政区", "香港特区政府", "香港特区", "特区政府", "香港",
    "government of the hong kong special administrative region", "hong kong special administrative region government",
    "the hksar government", "hksar government", "hong kong sar government", "hksar", "hong kong sar", "hong kong",
), key=len, reverse=True))
# what may stand between a prefix and the rest: "HKSAR Government's", "Hong Kong -", "香港特區政府、"; an s only
# after an apostrophe, not the first letter of the next word (HKSAR Government Shanghai ETO)
_JOINERS = re.compile(r"^(?:['’]s(?![a-z0-9])|[\s'’,:：，、·\-–—])+")


def exact_form(text: str) -> str:
    """A name as written, compared exactly: NFC, surrounding white space removed, inner runs made one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def without_prefix(normal: str) -> str | None:
    """A normalised name without a leading "(of the) HKSAR Government", or None when it has none (or is only that)."""
    for prefix in GOVERNMENT_PREFIXES:
        if normal.startswith(prefix):
            rest = _JOINERS.sub("", normal[len(prefix):]).strip()
            if prefix.isascii() and rest and normal[len(prefix)].isalnum():
                return None  # "hong kongers": not the word "hong kong"
            return rest or None
    return None


@dataclass(frozen=True)
class Name:
    """One name of an entity: as written, normalised, without the government prefix, and how it names it."""

    text: str
    lang: str | None
    rank: int  # BY_NAME (notation), BY_PREF_LABEL or BY_ALT_LABEL, as the resolver ranks them
    exact: str
    normal: str
    stripped: str | None

    @cached_property
    def form(self) -> fuzzy.Form:
        return fuzzy.form(self.normal)


@dataclass
class Entity:
    """A named resource: IRI, reconciliation id, labels by language, names, kinds and whether it is the HKSAR's."""

    iri: str
    id: str
    labels: dict[str, str]
    names: list[Name] = field(default_factory=list)
    kinds: tuple[str, ...] = ()  # stated classes, most specific only
    types: frozenset[str] = frozenset()  # every class it is in, superclasses included
    home: bool = False

    def label(self, lang: str | None = "en") -> str:
        return i18n.pick([(text, tag) for tag, text in self.labels.items()], lang) or self.id


@dataclass(frozen=True)
class TypeInfo:
    """A class entities are in: IRI, compact name, labels by language, direct broader classes, instances."""

    iri: str
    curie: str
    labels: dict[str, str]
    broader: tuple[str, ...]
    count: int
    home_count: int

    def label(self, lang: str | None = "en") -> str:
        return i18n.pick([(text, tag) for tag, text in self.labels.items()], lang) or self.curie


class Catalogue:
    """The entities, their names indexed three ways, and their classes."""

    def __init__(self, model: SiteModel) -> None:
        self.model = model
        self.base = model.base
        self.space = model.base + "id/"
        self.hksar = self.space + "government/hksar"
        self.entities: dict[str, Entity] = {}
        self.exact: dict[str, dict[str, int]] = defaultdict(dict)  # exact form -> iri -> best rank
        self.normal: dict[str, dict[str, int]] = defaultdict(dict)
        self.stripped: dict[str, dict[str, int]] = defaultdict(dict)
        self.types: dict[str, TypeInfo] = {}
        self._read_entities()
        self._read_types()

    # -- reading --
    def _read_entities(self) -> None:
        import pyoxigraph as ox

        m = self.model
        home = self._home()
        for iri in sorted(m.outgoing):
            if not iri.startswith(self.space) or len(iri) == len(self.space):
                continue
            names = []
            for t in m.outgoing[iri]:
                rank = NAME_RANK.get(t.predicate.value)
                if rank is None or not isinstance(t.object, ox.Literal) or not t.object.value.strip():
                    continue
                text = t.object.value
                normal = normalise(text)
                tag = (t.object.language or "").lower()
                lang = i18n.language(tag) if tag in ("en", "zh-hant", "zh-hans") else None
                names.append(Name(text, lang, rank, exact_form(text), normal, without_prefix(normal)))
            if not names:
                continue
            names = sorted(set(names), key=lambda n: (n.rank, n.exact, n.lang or ""))
            entity = Entity(iri, iri[len(self.space):], m.label_forms(iri), names, home=iri in home)
            self.entities[iri] = entity
            for name in names:
                keys = ((self.exact, name.exact), (self.normal, name.normal), (self.stripped, name.stripped))
                for index, key in keys:
                    if key:
                        index[key][iri] = min(index[key].get(iri, name.rank), name.rank)

    def _home(self) -> set[str]:
        """The HKSAR Government and everything under it (``org:subOrganizationOf`` or ``org:postIn``, any depth)."""
        import pyoxigraph as ox

        found, todo = {self.hksar}, [self.hksar]
        while todo:
            node = todo.pop()
            for t in self.model.incoming.get(node, ()):
                if t.predicate.value in HOME_LINKS and isinstance(t.subject, ox.NamedNode) \
                        and t.subject.value not in found:
                    found.add(t.subject.value)
                    todo.append(t.subject.value)
        return found

    def broader(self, cls: str) -> tuple[str, ...]:
        """The direct superclasses of ``cls`` (``rdfs:subClassOf``, itself left out)."""
        return tuple(sorted({o.value for o in self.model.objects(cls, SUBCLASS)  # type: ignore[union-attr]
                             if hasattr(o, "value") and o.value != cls}))

    def ancestors(self, cls: str) -> set[str]:
        """``cls`` and every class above it."""
        seen, todo = {cls}, [cls]
        while todo:
            for sup in self.broader(todo.pop()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def _read_types(self) -> None:
        m = self.model
        counts: dict[str, int] = defaultdict(int)
        home_counts: dict[str, int] = defaultdict(int)
        for entity in self.entities.values():
            stated = {t.object.value for t in m.outgoing.get(entity.iri, ())  # type: ignore[union-attr]
                      if t.predicate.value == RDF_TYPE and hasattr(t.object, "value")
                      and any(g != m.inferred for g in m.sources.get(t, ()))}
            every = set().union(*(self.ancestors(c) for c in m.types(entity.iri)), *(self.ancestors(c) for c in stated))
            above = set().union(*(self.ancestors(c) - {c} for c in stated)) if stated else set()
            entity.kinds = tuple(sorted(stated - above))
            entity.types = frozenset(every)
            for cls in every:
                counts[cls] += 1
                home_counts[cls] += entity.home
        for cls in sorted(counts):
            labels = m.label_forms(cls, TYPE_LABELS)
            if labels:
                self.types[cls] = TypeInfo(cls, m.curie(cls), labels, tuple(b for b in self.broader(cls)),
                                           counts[cls], home_counts[cls])

    # -- looking up --
    def entity_of(self, text: str) -> Entity | None:
        """The entity ``text`` identifies: its id (``office/bjo``), IRI (with or without ``<>``) or compact IRI."""
        text = text.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        for candidate in (text, self.space + text, self._expand(text)):
            if candidate and candidate in self.entities:
                return self.entities[candidate]
        return None

    def _expand(self, text: str) -> str | None:
        prefix, sep, local = text.partition(":")
        namespace = self.model.prefixes.get(prefix) if sep else None
        return namespace + local if namespace and local and "//" not in local else None

    def type_of(self, text: str) -> TypeInfo | None:
        """The class ``text`` names: its IRI, compact IRI (``hkg:MainlandOffice``), local name or label, any script."""
        text = text.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        expanded = self._expand(text)
        for candidate in (text, expanded):
            if candidate in self.types:
                return self.types[candidate]
        wanted = normalise(text)
        found = [t for t in self.types.values()
                 if wanted in (normalise(t.iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]), normalise(t.curie))
                 or wanted in {normalise(v) for v in t.labels.values()}]
        found.sort(key=lambda t: (not t.iri.startswith(self.model.hkg), t.curie))  # the project's own class first
        return found[0] if found else None

    def type_ref(self, cls: str, lang: str | None = "en") -> dict[str, str]:
        """A type as the protocol writes it: ``{"id": "hkg:MainlandOffice", "name": "Mainland office"}``."""
        info = self.types.get(cls)
        return {"id": info.curie, "name": info.label(lang)} if info else {"id": self.model.curie(cls), "name": cls}

    @cached_property
    def generic_names(self) -> frozenset[str]:
        """Normalised names that are generic nouns, no one resource's short name: the classes' labels (經濟貿易辦事處,
        liaison unit), and any name without its government prefix that ends the names of two or more other
        resources (經貿辦 of 香港經貿辦, the Mainland ETOs, ends 駐粵經貿辦 and 駐海外經貿辦 too)."""
        kinds = {normalise(text) for info in self.types.values() for text in info.labels.values()}
        # each name's proper tails looked up among the stripped names (letters of all names, not names squared:
        # the synthetic million-triple graph has tens of thousands of names)
        ending: dict[str, set[str]] = defaultdict(set)
        for name, named in self.normal.items():
            for start in range(1, len(name)):
                short = name[start:]
                owners = self.stripped.get(short)
                if owners is not None:
                    ending[short].update(iri for iri in named if iri not in owners)
        return frozenset(kinds | {short for short, others in ending.items() if len(others) >= 2})

    def default_types(self) -> list[TypeInfo]:
        """The classes offered first: the project's own classes that have entities, and the generic organisation and
        person; the HKSAR Government's kinds first."""
        generic = {ns.ORG + "Organization", ns.FOAF + "Person"}
        chosen = [t for t in self.types.values() if t.iri.startswith(self.model.hkg) or t.iri in generic]
        return sorted(chosen, key=lambda t: (t.home_count == 0, t.iri in generic, t.label("en").casefold()))

    def containers(self, iri: str) -> set[str]:
        """The places ``iri`` is in (``schema:containedInPlace``)."""
        return {o.value for o in self.model.objects(iri, ns.SCHEMA + "containedInPlace")  # type: ignore[union-attr]
                if hasattr(o, "value")}

    @classmethod
    def from_dump(cls, nquads: str | None = None, base: str | None = None) -> Catalogue:
        """The catalogue of the dump at ``nquads`` (default: the build's, or the sources built in memory)."""
        from hkgov_graph.publish.model import SiteModel
        from hkgov_graph.query.stores import EmbeddedStore

        store = EmbeddedStore.open(nquads)
        return cls(SiteModel.from_store(store.store, base or ns.DEFAULT_BASE))
