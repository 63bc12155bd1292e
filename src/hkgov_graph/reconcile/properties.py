"""The properties a reconciliation query can be narrowed by and data extension can fetch.

Seven, each read from the graph the way the site and the queries read it:

=========  ========================================================  ==========
id         value                                                     as
=========  ========================================================  ==========
kind       the classes it is stated to be, most specific              text
parent     ``org:unitOf`` (the structure in force, as the dump        entity
           states it; an office's bureau included, as
           ``hkg:administeredBy`` specialises it)
bureau     ``hkg:administeredBy`` of it, else of the nearest          entity
           organisation above it by ``org:unitOf`` (a liaison
           unit's is its office's)
regions    ``schema:areaServed``                                      entity
founded    ``schema:foundingDate``, at the precision the source       text
           gives (``1999``, ``2002-07``, ``2015-04-27``)
head       who headed it on a date (the ``as_of`` setting, by         entity
           default the graph's reference date): members of its
           ``org:Membership``\\ s whose term covers the date, ends
           inclusive, as ``post-holder-on-date.rq`` counts them;
           one not certainly in office then says how sure
           (``possibly … (end uncertain)``) as its description
sources    the named graphs (source documents, editorial files)       text
           that state something about it
=========  ========================================================  ==========

A condition in a query holds when one of the entity's values fits one of
the values given: an entity given by id, IRI or name (read by the same
matcher), or a place that contains it (``廣州`` fits an office serving
Guangdong); a date whose period overlaps (``2002`` fits ``2002-07``); a
class by name or compact IRI for ``kind``; a graph by IRI or name for
``sources``. ``head`` in a condition counts every term, whenever it was.
Founding dates are sent as text, not as the protocol's ``date``: that one is
a full date and time, and a founding year would have to pretend to a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hkgov_graph import i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.temporal.dates import Period, exact_period, parse_period
from hkgov_graph.temporal.status import POSSIBLY, UNKNOWN, rank

if TYPE_CHECKING:
    from hkgov_graph.publish.profile import Temporal
    from hkgov_graph.reconcile.catalogue import Catalogue, Entity
    from hkgov_graph.reconcile.matcher import Matcher

ORG, SCHEMA, TIME = ns.ORG, ns.SCHEMA, ns.TIME
_DATE_PREDICATES = (TIME + "inXSDDate", TIME + "inXSDgYearMonth", TIME + "inXSDgYear", TIME + "inXSDDateTimeStamp")


class PropertyError(ValueError):
    """A property, setting or value the service cannot use (the service answers 400 with the message)."""


@dataclass(frozen=True)
class Property:
    """One property: its id, the RDF terms it stands for (accepted as ids too), and the kind of its values."""

    id: str
    terms: tuple[str, ...]
    entity_valued: bool
    value_type: str | None = None  # the class of its entity values, for the extension's metadata

    def name(self, lang: str | None = "en") -> str:
        return i18n.text(f"reconcile.property.{self.id}", lang)

    def description(self, lang: str | None = "en") -> str:
        return i18n.text(f"reconcile.property.{self.id}.about", lang)


PROPERTIES: tuple[Property, ...] = (
    Property("kind", (ns.RDF + "type",), False),
    Property("parent", (ORG + "unitOf",), True, ORG + "Organization"),
    Property("bureau", (ns.HKG + "administeredBy",), True, ns.HKG + "PolicyBureau"),
    Property("regions", (SCHEMA + "areaServed",), True, ns.HKG + "ProvincialLevelRegion"),
    Property("founded", (SCHEMA + "foundingDate",), False),
    Property("head", (), True, ns.FOAF + "Person"),
    Property("sources", (), False),
)
SETTINGS = ("as_of", "lang")
NAMED_CACHE = 4096  # condition values whose entities are kept


@dataclass(frozen=True)
class Value:
    """A property value: an entity (its IRI) or text; for a head as of a date, how sure the term is on it."""

    iri: str | None = None
    text: str | None = None
    when: Temporal | None = None  # None: in force on the date (or no date asked)


def certainty(value: Value) -> int:
    """How sure a value is: 3 in force (or no date asked), 2 possibly, 1 unknown, 0 not in force."""
    return 3 if value.when is None else rank({"possibly": POSSIBLY, "unknown": UNKNOWN}.get(value.when.status, ""))


class Properties:
    """Reads the properties' values from a catalogue's model and turns query conditions into tests."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.c = catalogue
        self.m = catalogue.model
        self.by_id: dict[str, Property] = {}
        for prop in PROPERTIES:
            self.by_id[prop.id] = prop
            for term in prop.terms:
                for key in (term, self.term(term), self.m.curie(self.term(term))):
                    self.by_id.setdefault(key, prop)
        self._proposed: dict[str, list[Property]] = {}
        self._named: dict[tuple[str, str], frozenset[str]] = {}

    def get(self, pid: object) -> Property:
        """The property ``pid`` names (its id, or the IRI or compact IRI of the RDF property it reads)."""
        if isinstance(pid, str):
            found = self.by_id.get(pid.strip())
            if found is not None:
                return found
        known = ", ".join(p.id for p in PROPERTIES)
        raise PropertyError(f"unknown property {pid!r}: use one of {known}")

    def term(self, iri: str) -> str:
        """An IRI of the project's ontology moved from the default base to the catalogue's (others unchanged)."""
        return self.m.base + iri[len(ns.DEFAULT_BASE):] if iri.startswith(ns.DEFAULT_BASE) else iri

    # -- values --
    def reference_date(self) -> str:
        """The graph's "now" (``hkg:referenceDate`` of the dataset), else today."""
        found = [o.value for o in self.m.objects(self.m.dataset, self.m.hkg + "referenceDate")  # type: ignore[union-attr]
                 if hasattr(o, "value")]
        return min(found) if found else dt.date.today().isoformat()

    def values(self, prop: Property, entity: Entity, as_of: Period | None = None, lang: str = "en") -> list[Value]:
        """The values of ``prop`` for ``entity``, in a stable order (``as_of`` for ``head``: None means any time)."""
        iri = entity.iri
        if prop.id == "kind":
            return [Value(text=self.c.type_ref(k, lang)["name"]) for k in entity.kinds]
        if prop.id == "parent":
            return self._iris(self._objects(iri, ORG + "unitOf"))
        if prop.id == "bureau":
            return self._iris(self._bureau(iri))
        if prop.id == "regions":
            return self._iris(self._objects(iri, SCHEMA + "areaServed"))
        if prop.id == "founded":
            return [Value(text=v) for v in sorted(self._literals(iri, SCHEMA + "foundingDate"))]
        if prop.id == "head":
            terms = self._heads(iri, as_of)
            if as_of is None:
                return self._iris(person for person, _ in terms)
            found: dict[str, Value] = {}
            for person, membership in terms:  # a person with two terms on the date: the surer one
                value = Value(iri=person, when=self._term_status(membership, as_of))
                if person not in found or certainty(value) > certainty(found[person]):
                    found[person] = value
            return [found[person] for person in sorted(found)]
        if prop.id == "sources":
            return [Value(text=g) for g in self._sources(iri)]
        raise AssertionError(prop.id)

    @staticmethod
    def _iris(iris: Iterable[str]) -> list[Value]:
        return [Value(iri=i) for i in sorted(set(iris))]

    def _objects(self, iri: str, predicate: str) -> list[str]:
        import pyoxigraph as ox

        return [o.value for o in self.m.objects(iri, predicate) if isinstance(o, ox.NamedNode)]

    def _literals(self, iri: str, predicate: str) -> list[str]:
        import pyoxigraph as ox

        return [o.value for o in self.m.objects(iri, predicate) if isinstance(o, ox.Literal)]

    def _bureau(self, iri: str) -> list[str]:
        """The administering bureau of ``iri``, or of the nearest organisation above it (``org:unitOf``)."""
        level, seen = [iri], {iri}
        while level:
            found = [b for node in level for b in self._objects(node, self.m.hkg + "administeredBy")]
            if found:
                return found
            level = [p for node in level for p in self._objects(node, ORG + "unitOf") if p not in seen]
            seen.update(level)
        return []

    def _first(self, iri: str | None, predicate: str) -> str | None:
        return min(self._objects(iri, predicate), default=None) if iri else None

    def _date(self, instant: str | None) -> str | None:
        if instant is None:
            return None
        for predicate in _DATE_PREDICATES:
            found = self._literals(instant, predicate)
            if found:
                return min(found)
        return None

    def _heads(self, iri: str, as_of: Period | None) -> list[tuple[str, str]]:
        """Members of ``iri``'s memberships whose term covers ``as_of`` (any term when None), with the membership.

        As ``queries/post-holder-on-date.rq`` counts a term: begun on or before
        the period's last day, and not ended before its first day (the end is
        the last day in office, so on 2012-07-18 the outgoing and incoming
        directors both count).
        """
        import pyoxigraph as ox

        heads = []
        for t in self.m.incoming.get(iri, ()):
            if t.predicate.value != ORG + "organization" or not isinstance(t.subject, ox.NamedNode):
                continue
            membership = t.subject.value
            if as_of is not None:
                interval = next(iter(self._objects(membership, ORG + "memberDuring")), None)
                begin = self._date(self._first(interval, TIME + "hasBeginning"))
                end = self._date(self._first(interval, TIME + "hasEnd"))
                begun = parse_period(begin) if begin else None
                ended = parse_period(end) if end else None
                if (begun is not None and begun.first > as_of.last) or (ended is not None and ended.last < as_of.first):
                    continue
            heads.extend((person, membership) for person in self._objects(membership, ORG + "member"))
        return heads

    def _term_status(self, membership: str, as_of: Period) -> Temporal | None:
        """How sure a term is on ``as_of``, by the time model's one rule on the term's ``hkg:timeExtent`` (as
        ``post-holder-on-date.rq`` answers it): None when in force, else possibly (end uncertain, after the last
        source, ...) or unknown, with the reason."""
        from hkgov_graph.publish.profile import Temporal
        from hkgov_graph.temporal.status import IN_FORCE, status

        extent = self._first(membership, self.m.hkg + "timeExtent")
        names = ("startEarliest", "startLatest", "endEarliest", "endLatest", "lastAttested")
        bounds = [min(self._literals(extent, self.m.hkg + n), default=None) if extent else None for n in names]
        answer, reason = status(dict(zip(("start_earliest", "start_latest", "end_earliest", "end_latest",
                                          "last_attested"), bounds, strict=True)), as_of.first, as_of.last)
        if answer == IN_FORCE:
            return None
        key = {POSSIBLY: "possibly", UNKNOWN: "unknown"}.get(answer, "not")  # the keys of the pages' Temporal
        return Temporal(key, as_of.text, bounds[4], (bounds[0], bounds[1], bounds[2], bounds[3]), reason)

    def _sources(self, iri: str) -> list[str]:
        """The source and editorial graphs that state something about ``iri`` (not the build's inferences)."""
        graphs: set[str] = set()
        for t in self.m.outgoing.get(iri, ()):
            graphs.update(self.m.sources.get(t, ()))
        return sorted(g for g in graphs if g.startswith(self.m.base + "graph/") and g != self.m.inferred)

    # -- settings --
    def as_of(self, settings: dict[str, Any] | None) -> Period:
        """The ``as_of`` setting as a period (default: the graph's reference date); PropertyError if malformed."""
        value = (settings or {}).get("as_of")
        text = str(value).strip() if value not in (None, "") else self.reference_date()
        period = exact_period(text)
        if period is None:
            raise PropertyError(f"as_of {str(value)!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        return period

    @staticmethod
    def lang(settings: dict[str, Any] | None, default: str) -> str:
        value = (settings or {}).get("lang")
        if value in (None, ""):
            return default
        try:
            return i18n.language(str(value))
        except ValueError as error:
            raise PropertyError(str(error)) from None

    # -- conditions --
    def condition(self, pid: object, given: object, matcher: Matcher) -> Callable[[Entity], bool]:
        """A test that holds for entities whose ``pid`` values fit one of the ``given`` values."""
        prop = self.get(pid)
        wanted = given if isinstance(given, list) else [given]
        if prop.entity_valued:
            iris = set().union(*(self._entities_named(v, matcher) for v in wanted)) if wanted else set()
            return lambda e: any(v.iri in iris for v in self.values(prop, e))
        if prop.id == "kind":
            classes = {t.iri for v in wanted if (t := self.c.type_of(self._text(v))) is not None}
            return lambda e: bool(e.types & classes)
        if prop.id == "founded":
            periods = [p for v in wanted if (p := parse_period(self._text(v))) is not None]
            return lambda e: any(p.first <= q.last and q.first <= p.last for v in self.values(prop, e)
                                 if (q := parse_period(v.text or "")) is not None for p in periods)
        graphs = {self._graph(self._text(v)) for v in wanted}  # sources
        return lambda e: any(v.text in graphs for v in self.values(prop, e))

    @staticmethod
    def _text(value: object) -> str:
        if isinstance(value, dict):
            return str(value.get("id") or value.get("name") or "")
        return "" if isinstance(value, bool) else str(value)

    def _graph(self, text: str) -> str:
        text = text.strip()
        if text.startswith("graph:"):
            text = text[len("graph:"):]
        return text if "://" in text else self.m.base + "graph/" + text

    def _entities_named(self, value: object, matcher: Matcher) -> frozenset[str]:
        """The entities a condition's value stands for, by id, IRI or compact IRI, else by name (all those in the
        best tier), and the places they are in: 廣州 stands for Guangzhou and for Guangdong.

        Kept for the next query (a batch names the same parent row after row, and matching a name by its words
        takes some milliseconds), up to NAMED_CACHE values."""
        key = (self._text(value), str(value["name"]) if isinstance(value, dict) and value.get("name") else "")
        found = self._named.get(key)
        if found is None:
            if len(self._named) >= NAMED_CACHE:
                self._named.clear()
            found = self._named[key] = frozenset(self._resolve(value, matcher))
        return found

    def _resolve(self, value: object, matcher: Matcher) -> set[str]:
        text = self._text(value)
        entity = self.c.entity_of(text) if text else None
        if entity is not None:
            found = {entity.iri}
        else:
            if isinstance(value, dict) and value.get("name"):
                text = str(value["name"])
            candidates = matcher.candidates(text) if text.strip() else []
            best = candidates[0].hit.tier if candidates else None
            found = {x.entity.iri for x in candidates if x.hit.tier == best}
        return found | {place for iri in found for place in self.c.containers(iri)}

    # -- proposals --
    def proposed(self, cls: str | None) -> list[Property]:
        """The properties some entity of ``cls`` (any entity when None) has a value for, in the usual order."""
        key = cls or ""
        if key not in self._proposed:
            entities = [e for e in self.c.entities.values() if cls is None or cls in e.types]
            self._proposed[key] = [p for p in PROPERTIES
                                   if any(self.values(p, e) for e in entities)]
        return self._proposed[key]
