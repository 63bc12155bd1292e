"""The profile of a resource: what a person wants to know about it, read from the graph once.

One model, rendered three ways: the HTML page (:mod:`hkgov_graph.publish.pages`),
the terminal and JSON (``hkgov-graph show``). A profile holds

* what the resource is (its most specific stated kinds) and its names in the
  three forms (English, Traditional and Simplified Chinese), its other names
  and abbreviations;
* a summary, the lines that say what it is and where it stands (a person's
  posts with their terms, an office's bureau, founding and seat);
* sections: descriptions and functions, its place in the structure and how
  that changed, units, heads and posts, premises, regions, mechanisms,
  events, other facts, what refers to it, and a timeline of everything dated;
* the full statement table, every triple about it with the graphs that hold
  it.

Every line is a sentence template (:mod:`hkgov_graph.publish.words`) with
slots (links to other resources, literal values, nested sentences), an
optional period, the named graphs that state it and a certainty. Memberships,
intervals, addresses and amounts become sentences ("Director of the Beijing
Office, 2012-07-18 – 2014-12-21"), never nested tables. The certainty says
whether a source document states the line, an editorial file adds it, or the
build derives it, and carries any ``hkg:basis`` the data gives for it.
"""

from __future__ import annotations

import re
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hkgov_graph import i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.publish.serialise import conventional_tag
from hkgov_graph.publish.words import FALLBACK, LANGS, message, word
from hkgov_graph.temporal.status import IN_FORCE, NOT_IN_FORCE, POSSIBLY, UNKNOWN
from hkgov_graph.temporal.status import status as status_rule

_STATUS_KEYS = {IN_FORCE: "in-force", POSSIBLY: "possibly", UNKNOWN: "unknown", NOT_IN_FORCE: "not"}

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.publish.model import SiteModel

RDF_TYPE = ns.RDF + "type"
SKOS, ORG, SCHEMA, DCT, TIME = ns.SKOS, ns.ORG, ns.SCHEMA, ns.DCTERMS, ns.TIME
NAME_PREDICATES = (SKOS + "prefLabel", SKOS + "altLabel", SKOS + "notation", ns.RDFS + "label", ns.FOAF + "name")
# Shown elsewhere on every page, so not repeated among "other facts".
SILENT = {RDF_TYPE, *NAME_PREDICATES, DCT + "title", DCT + "description", ORG + "purpose"}
REF_CACHE = 50_000  # links a Profiler keeps made (labels read once for the resources pages link to most)
_DATE_PREDICATES = ("inXSDDate", "inXSDgYear", "inXSDgYearMonth", "inXSDDateTimeStamp", "inXSDDateTime")


# -- The parts of a profile --

@dataclass(frozen=True)
class Ref:
    """A link to a resource: its IRI, compact IRI, labels by language and kind (``office``), if it has a page."""

    iri: str
    curie: str
    label: dict[str, str]
    kind: str | None = None

    def text(self, lang: str) -> str:
        """The label in ``lang`` with the fallbacks of that language, else the compact IRI."""
        return pick(self.label, lang) or self.curie


@dataclass(frozen=True)
class Lit:
    """A literal value: its text, language tag and datatype (compact)."""

    value: str
    lang: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Unnamed(Lit):
    """A party the source leaves unnamed ("the bureaus concerned"): shown as such in each language."""

    value: str = "unnamed"


@dataclass(frozen=True)
class Source:
    """A named graph that states something: ``graph:`` name, IRI, title and kind.

    ``kind`` is ``document`` (a seed document), ``editorial``, ``inferred``
    (derived by the build) or ``ontology``.
    """

    iri: str
    name: str
    kind: str
    title: dict[str, str]


@dataclass(frozen=True)
class Period:
    """When a line holds: start and end as the source gives them (``1999``, ``2002-07``, ``2012-07-18``)."""

    start: str | None = None
    end: str | None = None

    def __bool__(self) -> bool:
        return bool(self.start or self.end)


@dataclass(frozen=True)
class Basis:
    """On what a reading rests: the ``hkg:Basis`` (Inferred, Approximate...), the graph whose reading it is and the
    note that says why (``skos:note`` of the ``rdf:Statement``)."""

    kind: Ref
    source: Source | None = None
    note: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Temporal:
    """The temporal model's answer for a line on the graph's reference date ("now", ``docs/time-model.md``).

    ``status`` is ``in-force``, ``possibly``, ``not`` or ``unknown``;
    ``last_attested`` the date of the last source that speaks of it, shown
    when "now" is after it; ``bounds`` the first and last day in force as the
    model derives them (earliest, latest; ``None`` where open).
    """

    status: str
    as_of: str
    last_attested: str | None = None
    bounds: tuple[str | None, str | None, str | None, str | None] = (None, None, None, None)
    reason: str = ""

    def key(self) -> str:
        """The page word for the status: ``in-force``, ``possibly``, ``last-attested`` (possibly, after the last
        attestation), ``ended``, ``not-begun``, ``not`` (proposed, planned), ``unknown``."""
        if self.status == "possibly" and self.reason == "after last attestation" and self.last_attested:
            return "last-attested"
        if self.status == "not" and self.bounds[3] and self.bounds[3] < self.as_of:
            return "ended"
        if self.status == "not" and self.bounds[0] and self.as_of < self.bounds[0]:
            return "not-begun"
        return self.status


@dataclass(frozen=True)
class Certainty:
    """How sure a line is: who states it, and on what it rests where it is not stated outright.

    ``status`` is ``stated`` (a source document says so), ``editorial`` (an
    editorial file adds it) or ``inferred`` (the build derives it). ``basis``
    holds the ``hkg:Basis`` individuals the data gives for the statement or
    the node (``hkg:Inferred``, ``hkg:Approximate``, ...). ``temporal`` is
    for the temporal model's answer (in force, possibly, not, unknown, last
    attested) once the build writes it.
    """

    status: str
    basis: tuple[Basis, ...] = ()
    temporal: Temporal | None = None





@dataclass(frozen=True)
class Line:
    """One sentence of a profile: a template key, its slots, when it holds, its sources and certainty."""

    message: str
    slots: dict[str, Any]
    sources: tuple[Source, ...] = ()
    certainty: Certainty | None = None
    period: Period | None = None
    attested: tuple[str, ...] = ()
    about: Ref | None = None
    when: str | None = None  # sort key for the timeline
    status: Ref | None = None  # hkg:Proposed, hkg:Planned: not (yet) a fact


@dataclass
class Section:
    """A titled group of lines; ``inline`` sections are short names shown as a run, not a list."""

    key: str
    lines: list[Line]
    inline: bool = False


@dataclass(frozen=True)
class Name:
    """One name of the resource: text, language, role (``pref``, ``alt``, ``notation``) and sources."""

    text: str
    lang: str | None
    role: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Statement:
    """A row of the statement table: property, value (a link, a literal or a sentence) and sources."""

    property: Ref
    value: Ref | Lit | Line
    sources: tuple[Source, ...]


@dataclass
class Profile:
    """Everything a page, the terminal and JSON show about one resource."""

    ref: Ref
    types: tuple[Ref, ...]
    names: list[Name]
    summary: list[Line]
    sections: list[Section]
    timeline: list[Line]
    statements: list[Statement]
    sources: tuple[Source, ...] = ()
    temporal: Temporal | None = None  # the temporal model's answer for the resource itself, on the reference date

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def title(self, lang: str) -> str:
        """What to call the resource in ``lang``: its label, else its own sentence (a term, a relation), else its
        compact IRI."""
        if self.ref.label:
            return self.ref.text(lang)
        if self.summary:
            return render(self.summary[0], lang, plain_leaf, with_period=False)
        return self.ref.curie


# -- Labels and sentences --

def pick(forms: dict[str, str], lang: str) -> str | None:
    """The form of a text for ``lang``, falling back as :data:`FALLBACK` says, then to any form."""
    for tag in FALLBACK.get(lang, (lang,)):
        if tag in forms:
            return forms[tag]
    return next((forms[k] for k in sorted(forms)), None)


def pick_lang(forms: dict[str, str], lang: str) -> str | None:
    """The language tag of the form :func:`pick` returns."""
    for tag in FALLBACK.get(lang, (lang,)):
        if tag in forms:
            return tag
    return min(forms, default=None)


_SLOT = re.compile(r"\{(\w+)\}")


def render(line: Line, lang: str, leaf: Callable[[Ref | Lit, str], str], text: Callable[[str], str] = str,
           with_period: bool = True) -> str:
    """``line`` as a sentence in ``lang``: template words through ``text``, slots through ``leaf``.

    ``text`` escapes the template's own words for HTML; ``leaf`` renders a link
    or a literal (a label for the terminal, an ``<a>`` for a page). Slots that
    are lines are rendered recursively; a tuple of slots is joined with commas.
    """
    if line.message == "period":  # a bare interval: its dates are the sentence
        return text(period_text(line.period, lang)) if line.period else ""
    template = message(line.message, lang)
    out: list[str] = []
    pos = 0
    for m in _SLOT.finditer(template):
        out.append(text(template[pos:m.start()]))
        out.append(_render_slot(line.slots.get(m[1]), lang, leaf, text))
        pos = m.end()
    out.append(text(template[pos:]))
    sentence = "".join(out)
    if with_period and line.period:
        sentence = _wrap("with-period", lang, text, line=sentence, period=text(period_text(line.period, lang)))
    if with_period and line.attested:
        dates = ", ".join(line.attested)
        attested = text(message("attested", lang).format(date=dates))
        sentence = _wrap("with-attested", lang, text, line=sentence, attested=attested)
    if with_period and line.status:
        sentence = _wrap("with-attested", lang, text, line=sentence, attested=leaf(line.status, lang))
    return sentence


def _wrap(key: str, lang: str, text: Callable[[str], str], **parts: str) -> str:
    template = message(key, lang)
    out, pos = [], 0
    for m in _SLOT.finditer(template):
        out.append(text(template[pos:m.start()]))
        out.append(parts[m[1]])
        pos = m.end()
    out.append(text(template[pos:]))
    return "".join(out)


def _render_slot(value: Any, lang: str, leaf: Callable[[Ref | Lit, str], str], text: Callable[[str], str]) -> str:
    if value is None:
        return ""
    if isinstance(value, Line):
        return render(value, lang, leaf, text)
    if isinstance(value, tuple):
        separator = ", " if lang == "en" else "、"
        return text(separator).join(_render_slot(v, lang, leaf, text) for v in value)
    return leaf(value, lang)


def period_text(period: Period, lang: str) -> str:
    """A period as words: ``2012-07-18 – 2014-12-21``, ``from 2019-01-21``, ``until 2007-07-01``."""
    if period.start and period.end:
        key = "period-on" if period.start == period.end else "period-between"
    else:
        key = "period-from" if period.start else "period-until"
    return message(key, lang).format(start=period.start or "", end=period.end or "")


def temporal_text(t: Temporal, lang: str) -> str:
    """The temporal model's answer in words, with its reason where it is not certain: "in force on 2019-01-21",
    "possibly in force on 2019-01-21 (last attested 2012-05)", "possibly in force on 2019-01-21 (beginning
    uncertain)"."""
    key = t.key()
    # the viewer's words for the same reasons (``viewer.reason.*``), so the two say the same
    why = i18n.text("viewer.reason." + t.reason.replace(" ", "-"), lang) if t.reason else ""
    text = word("now-" + key, lang).format(date=t.as_of, last=t.last_attested or "", why=why)
    return text if why else text.replace(" ()", "").replace("（）", "")  # a Temporal made without a reason


def plain_leaf(value: Ref | Lit, lang: str) -> str:
    """A slot as plain text: a resource's label in ``lang`` (with fallbacks), a literal's value."""
    if isinstance(value, Ref):
        return value.text(lang)
    if isinstance(value, Unnamed):
        return word("unnamed", lang)
    if value.datatype == "xsd:boolean":
        return word("true" if value.value == "true" else "false", lang)
    return value.value


def line_text(line: Line, lang: str) -> str:
    """The sentence of ``line`` in ``lang`` as plain text."""
    return render(line, lang, plain_leaf)


# -- Building profiles --

class Profiler:
    """Builds :class:`Profile`\\ s from a :class:`SiteModel`; caches what several profiles share."""

    def __init__(self, model: SiteModel) -> None:
        self.m = model
        self.hkg = model.hkg
        self._refs: OrderedDict[str, Ref] = OrderedDict()  # the most recent REF_CACHE links: bounded at any size
        self._sources: dict[str, Source] = {}
        self._basis = self._read_basis()
        self._statement_extents = self._read_statement_extents()
        # the graph's "now" (docs/time-model.md): the temporal model's answers are for this day
        self.reference = self.literal(model.dataset, self.hkg + "referenceDate")

    # links, sources, certainty
    def ref(self, iri: str) -> Ref:
        found = self._refs.get(iri)
        if found is not None:
            self._refs.move_to_end(iri)
            return found
        m = self.m
        kind = None
        if iri.startswith(m.base + "id/"):
            kind = iri[len(m.base + "id/"):].split("/", 1)[0]
        elif iri.startswith(m.base + "graph/"):
            kind = "graph"
        labels = m.label_forms(iri) or self.sentence_label(iri)
        found = self._refs[iri] = Ref(iri, m.curie(iri), labels, kind)
        if len(self._refs) > REF_CACHE:
            self._refs.popitem(last=False)
        return found

    def sentence_label(self, iri: str) -> dict[str, str]:
        """What to call a resource that has no name of its own, in each language, by what it is: a reading (an
        ``rdf:Statement``) by the triple it reads ("Reading: Liaoning Liaison Unit — unit of: Office of ... in
        Beijing"), a reporting relation by its two ends, a term of office by who held which post; empty for
        anything else (it is called by its compact IRI)."""
        types = self.m.types(iri)
        if ns.RDF + "Statement" in types:
            parts = [self.m.objects(iri, ns.RDF + p) for p in ("subject", "predicate", "object")]
            if not all(len(p) == 1 for p in parts):
                return {}
            key = "reading-name"
            slots = dict(zip(("subject", "predicate", "object"), (self.value(p[0], iri) for p in parts), strict=True))
        elif types & {self.hkg + "AdministrativeReporting", self.hkg + "PolicyGuidance"}:
            key = "relation-policy" if self.hkg + "PolicyGuidance" in types else "relation-administrative"
            ends = {slot: self.first_iri(iri, self.hkg + slot) for slot in ("subordinate", "superior")}
            slots = {slot: self.ref(end) if end else Unnamed() for slot, end in ends.items()}
        elif ORG + "Membership" in types:
            key = "membership"
            slots = {slot: self.ref(found) if (found := self.first_iri(iri, ORG + p)) else Unnamed()
                     for slot, p in (("person", "member"), ("post", "role"))}
        else:
            return {}
        return {lang: message(key, lang).format(**{slot: _render_slot(v, lang, plain_leaf, str)
                                                   for slot, v in slots.items()})
                for lang in LANGS}

    def source(self, graph: str) -> Source:
        if graph not in self._sources:
            m = self.m
            types = m.types(graph)
            if graph == m.inferred or self.hkg + "DerivedGraph" in types:
                kind = "inferred"
            elif graph == m.ontology:
                kind = "ontology"
            elif self.hkg + "EditorialSource" in types:
                kind = "editorial"
            else:
                kind = "document"
            title = m.label_forms(graph, (DCT + "title",))
            self._sources[graph] = Source(graph, m.curie(graph), kind, title)
        return self._sources[graph]

    def sources_of(self, triples: Iterable[ox.Triple]) -> tuple[Source, ...]:
        """The graphs holding ``triples``; the inferred graph only when nothing else holds them."""
        graphs: set[str] = set()
        for t in triples:
            graphs.update(self.m.sources.get(t, ()))
        stated = {g for g in graphs if self.source(g).kind in ("document", "editorial")}
        chosen = stated or graphs
        return tuple(self.source(g) for g in sorted(chosen, key=_source_order(self)))

    def certainty(self, sources: tuple[Source, ...], triples: Iterable[ox.Triple] = (),
                  nodes: Iterable[str] = ()) -> Certainty:
        kinds = {s.kind for s in sources}
        status = "stated" if "document" in kinds else "editorial" if "editorial" in kinds else "inferred"
        import pyoxigraph as ox

        found: dict[tuple[str, str], Basis] = {}
        triples = list(triples)
        # a reading may be about a node without a page that the line shows as a sentence (an amount's value)
        for t in list(triples):
            if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(self.m.genid):
                triples.extend(self.m.description(t.object.value))
        for t in triples:
            for basis in self._basis.get((str(t.subject), str(t.predicate), str(t.object)), ()):
                found.setdefault((basis.kind.iri, basis.source.iri if basis.source else ""), basis)
        temporal = None
        for node in nodes:
            for o in self.m.objects(node, self.hkg + "basis"):
                if hasattr(o, "value"):
                    found.setdefault((o.value, ""), Basis(self.ref(o.value)))
            temporal = temporal or self.temporal(node)
        for t in triples:
            found_extent = self._statement_extents.get((str(t.subject), str(t.predicate), str(t.object)))
            if found_extent and not temporal:
                statement, extent = found_extent
                # the step the statement supports, where it has one: its bounds are the ones the questions read
                temporal = self.temporal_of_extent(self._direct_step(statement, t.subject.value) or extent)
        return Certainty(status, tuple(found[k] for k in sorted(found)), temporal)

    def temporal(self, node: str) -> Temporal | None:
        """The temporal model's answer for ``node`` (a term, a relation, an organisation) on the reference date.

        None for an agreement: its time extent is the day it was signed (schema:legislationDate), not a time it
        holds, so "ended" would say that CEPA (002: 自 2003 年簽署以來…先後簽訂了八份補充協議) is no longer in force.
        """
        extent = self.first_iri(node, self.hkg + "timeExtent")
        if extent is None or self.hkg + "Agreement" in self.m.types(node):
            return None
        if self.first_iri(node, self.hkg + "status"):  # proposed or planned: never in force
            return Temporal("not", self.reference or "", reason="proposed")
        return self.temporal_of_extent(extent)

    def temporal_of_extent(self, extent: str) -> Temporal | None:
        """The rule of ``docs/time-model.md`` for the reference date, on one ``hkg:TimeExtent``."""
        if not self.reference:
            return None
        day = self.reference
        s_lo, s_hi, e_lo, e_hi = (self.literal(extent, self.hkg + p)
                                  for p in ("startEarliest", "startLatest", "endEarliest", "endLatest"))
        last_attested = self.literal(extent, self.hkg + "lastAttested")
        # the one rule (temporal/status.py) the questions and the viewer apply, reason included
        answer, reason = status_rule({"start_earliest": s_lo, "start_latest": s_hi, "end_earliest": e_lo,
                                      "end_latest": e_hi, "last_attested": last_attested}, day, day)
        return Temporal(_STATUS_KEYS[answer], day, last_attested, (s_lo, s_hi, e_lo, e_hi), reason)

    def _read_statement_extents(self) -> dict[tuple[str, str, str], tuple[str, str]]:
        """The structure statements the temporal model dates and their ``hkg:timeExtent``, by triple."""
        m = self.m
        out = {}
        for t in m.incoming.get(ns.RDF + "Statement", ()):
            node = t.subject.value
            extent = self.first_iri(node, self.hkg + "timeExtent")
            parts = [m.objects(node, ns.RDF + p) for p in ("subject", "predicate", "object")]
            if t.predicate.value == RDF_TYPE and extent and all(len(p) == 1 for p in parts):
                out[(str(parts[0][0]), str(parts[1][0]), str(parts[2][0]))] = (node, extent)
        return out

    def _direct_step(self, statement: str, subordinate: str) -> str | None:
        """The reporting step (level 1, not through a group) from ``subordinate`` that ``statement`` supports.

        A step combines every statement and relation of one line between two organisations and adds what
        the model reads from structure: the Liaoning unit's line to the Beijing Office is read as beginning
        with the unit (2015-04-27), which the statement's own extent leaves open. The questions read the
        step, so the page does too, and both say "in force".
        """
        h = self.hkg
        for t in self.m.incoming.get(statement, ()):
            step = t.subject.value
            if (t.predicate.value == h + "stepSupport" and self.literal(step, h + "pathLevel") == "1"
                    and self.first_iri(step, h + "pathSubordinate") == subordinate
                    and not self.m.objects(step, h + "pathVia")):
                return step
        return None

    def _read_basis(self) -> dict[tuple[str, str, str], list[Basis]]:
        """``hkg:basis`` of reified statements (``rdf:Statement`` with subject, predicate, object), by triple."""
        m = self.m
        out: dict[tuple[str, str, str], list[Basis]] = defaultdict(list)
        for t in m.incoming.get(ns.RDF + "Statement", ()):
            if t.predicate.value != RDF_TYPE:
                continue
            node = t.subject.value
            parts = [m.objects(node, ns.RDF + p) for p in ("subject", "predicate", "object")]
            bases = sorted(o.value for o in m.objects(node, self.hkg + "basis") if hasattr(o, "value"))
            graphs = [g for g in m.sources.get(t, ()) if g]
            note = m.label_forms(node, (SKOS + "note",))
            if all(len(p) == 1 for p in parts):
                key = (str(parts[0][0]), str(parts[1][0]), str(parts[2][0]))
                for b in bases:
                    out[key].append(Basis(self.ref(b), self.source(graphs[0]) if graphs else None, note))
        return out

    def line(self, key: str, triples: Iterable[ox.Triple], about: str | None = None, *,
             period: Period | None = None, attested: Iterable[str] = (), when: str | None = None,
             status_of: str | None = None, **slots: Any) -> Line:
        """A line stated by ``triples`` (its sources and certainty come from them and from ``about``).

        The ``hkg:status`` of ``status_of`` (default: ``about``), such as
        proposed, is shown with the sentence: a proposal is not a fact.
        """
        triples = list(triples)
        sources = self.sources_of(triples)
        nodes = [about] if about else []
        status = self.first_iri(status_of or about, self.hkg + "status") if (status_of or about) else None
        return Line(key, slots, sources, self.certainty(sources, triples, nodes), period or None,
                    tuple(sorted(set(attested))), self.ref(about) if about else None, when,
                    self.ref(status) if status else None)

    # reading values
    def value(self, term: ox.Term, owner: str | None = None, seen: frozenset[str] = frozenset()
              ) -> Ref | Lit | Line:
        """A link, a literal, or for a node described inline (interval, address, amount) a sentence."""
        import pyoxigraph as ox

        if isinstance(term, ox.Literal):
            lang = conventional_tag(term.language) if term.language else None
            datatype = None if lang or term.datatype.value == ns.XSD + "string" else self.m.curie(term.datatype.value)
            return Lit(term.value, lang, datatype)
        iri = term.value if isinstance(term, ox.NamedNode) else str(term)
        if self.m.is_inline(iri, owner or ""):
            if iri in seen:  # a cycle among nodes without pages: name it instead of going round
                return self.ref(iri)
            return self.inline_sentence(iri, owner or "", seen | {iri})
        return self.ref(iri)

    def date(self, node: str) -> str | None:
        """The date of a ``time:Instant`` (any of the ``time:inXSD…`` properties)."""
        for p in _DATE_PREDICATES:
            for o in self.m.objects(node, TIME + p):
                return o.value  # type: ignore[union-attr]
        return None

    def period(self, interval: str | None) -> Period | None:
        """The period of a ``time:Interval`` node (open ends stay open)."""
        if not interval:
            return None
        start = end = None
        for o in self.m.objects(interval, TIME + "hasBeginning"):
            start = self.date(o.value)  # type: ignore[union-attr]
        for o in self.m.objects(interval, TIME + "hasEnd"):
            end = self.date(o.value)  # type: ignore[union-attr]
        return Period(start, end) if (start or end) else None

    def first(self, subject: str, predicate: str) -> ox.Term | None:
        objects = self.m.objects(subject, predicate)
        return min(objects, key=str) if objects else None

    def first_iri(self, subject: str, predicate: str) -> str | None:
        import pyoxigraph as ox

        term = self.first(subject, predicate)
        return term.value if isinstance(term, ox.NamedNode) else None

    def literal(self, subject: str, predicate: str) -> str | None:
        import pyoxigraph as ox

        term = self.first(subject, predicate)
        return term.value if isinstance(term, ox.Literal) else None

    def inline_sentence(self, node: str, owner: str = "", seen: frozenset[str] = frozenset()) -> Line:
        """A node without a page of its own as one sentence: a period, an address, an amount, a date."""
        m = self.m
        types = m.types(node)
        triples = m.outgoing.get(node, [])
        if TIME + "Interval" in types or any(t.predicate.value in (TIME + "hasBeginning", TIME + "hasEnd")
                                             for t in triples):
            return Line("period", {}, period=self.period(node) or Period())
        if TIME + "Instant" in types:
            return Line("item", {"x": Lit(self.date(node) or "")})
        if ns.VCARD + "Address" in types:
            parts = [self.literal(node, ns.VCARD + p) for p in ("street-address", "locality", "region",
                                                                 "postal-code", "country-name")]
            return Line("item", {"x": Lit(", ".join(p for p in parts if p), _lang_of(m, node, ns.VCARD))})
        if SCHEMA + "MonetaryAmount" in types:
            amount = Line("amount", {"currency": Lit(self.literal(node, SCHEMA + "currency") or ""),
                                     "value": Lit(_number(self.literal(node, SCHEMA + "value")))})
            return amount
        if SCHEMA + "QuantitativeValue" in types:
            value = self.literal(node, SCHEMA + "value")
            unit_forms = m.label_forms(node, (SCHEMA + "unitText",))
            unit = Ref(node, self.literal(node, SCHEMA + "unitCode") or "", unit_forms) if unit_forms else \
                Lit(self.literal(node, SCHEMA + "unitCode") or "")
            if value is None and self.literal(node, SCHEMA + "minValue"):
                return Line("at-least", {"value": Lit(_number(self.literal(node, SCHEMA + "minValue")))})
            return Line("quantity", {"value": Lit(_number(value)), "unit": unit})
        facts = tuple(self.value(t.object, owner or node, seen) for t in triples if t.predicate.value != RDF_TYPE)
        return Line("item", {"x": facts})

    # the profile
    def profile(self, iri: str) -> Profile:
        """The profile of ``iri``."""
        return _Build(self, iri).run()


def _number(value: str | None) -> str:
    """``90000000`` -> ``90,000,000``; anything else as it is."""
    if value and re.fullmatch(r"-?[0-9]+", value):
        return f"{int(value):,}"
    return value or ""


def _lang_of(model: SiteModel, node: str, namespace: str) -> str | None:
    import pyoxigraph as ox

    for t in model.outgoing.get(node, ()):
        if t.predicate.value.startswith(namespace) and isinstance(t.object, ox.Literal) and t.object.language:
            return conventional_tag(t.object.language)
    return None


def _source_order(profiler: Profiler) -> Callable[[str], tuple[int, str]]:
    rank = {"document": 0, "editorial": 1, "inferred": 2, "ontology": 3}
    return lambda g: (rank[profiler.source(g).kind], g)


# Outgoing structural links: predicate local name -> sentence.
_STRUCTURE = (("administeredBy", "administered-by"), ("unitOf", "unit-of"),
              ("policyGuidanceFrom", "policy-guidance-from"), ("inGroup", "in-group"))
# Incoming links from mechanisms and tiers: predicate -> sentence about this resource.
_MECHANISM_ROLES = (("hasMember", "member-of"), ("coordinatedBy", "coordinates"),
                    ("mainlandCounterpart", "counterpart-in"), ("hongKongChair", "hk-chair-of"),
                    ("mainlandChair", "mainland-chair-of"), ("chairedBy", "chairs"), ("supportedBy", "supports"),
                    ("participantPost", "participates"), ("ledBy", "leads"))


class _Build:
    """The work of :meth:`Profiler.profile` for one resource."""

    def __init__(self, profiler: Profiler, iri: str) -> None:
        self.p = profiler
        self.m = profiler.m
        self.iri = iri
        self.hkg = profiler.hkg
        self.out = self.m.outgoing.get(iri, [])
        self.inc = self.m.incoming.get(iri, [])
        self.used_out: set[str] = set(SILENT)
        self.used_in: set[str] = {RDF_TYPE}
        self.summary: list[Line] = []
        self.sections: dict[str, Section] = {}
        self.timeline: list[Line] = []

    # helpers
    def term(self, local: str) -> str:
        """A term of this project's ontology or of a standard vocabulary, by ``prefix:local``."""
        prefix, _, name = local.partition(":")
        if prefix == "hkg":
            return self.hkg + name
        return ns.PREFIXES[prefix] + name

    def out_triples(self, predicate: str) -> list[ox.Triple]:
        return [t for t in self.out if t.predicate.value == predicate]

    def in_triples(self, predicate: str) -> list[ox.Triple]:
        return [t for t in self.inc if t.predicate.value == predicate]

    def stated(self, triple: ox.Triple) -> bool:
        """Whether a source or editorial graph holds ``triple`` (not only the inferred graph)."""
        return any(s.kind in ("document", "editorial") for s in self.p.sources_of([triple]))

    def add(self, key: str, line: Line, inline: bool = False) -> Line:
        self.sections.setdefault(key, Section(key, [], inline)).lines.append(line)
        return line

    def attested(self, subject: str, triples: Iterable[ox.Triple]) -> list[str]:
        """Dates at which the graphs stating ``triples`` attest ``subject`` (``hkg:attestedOn`` in the same graph)."""
        graphs = {g for t in triples for g in self.m.sources.get(t, ())}
        out = []
        for t in self.m.outgoing.get(subject, ()):
            if t.predicate.value == self.hkg + "attestedOn" and graphs & set(self.m.sources.get(t, ())):
                out.append(t.object.value)  # type: ignore[union-attr]
        return out

    def node_triples(self, node: str) -> list[ox.Triple]:
        """The description of a node (membership, relation, change) including its inline nodes."""
        return self.m.description(node)

    # the parts
    def run(self) -> Profile:
        p, m = self.p, self.m
        ref = p.ref(self.iri)
        types = self.types()
        names = self.names()
        self.status()
        self.own_sentence()
        self.structure()
        self.terms_of_office()
        self.posts()
        self.places()
        self.founding()
        self.units()
        self.premises()
        self.mechanisms()
        self.events()
        self.changes()
        self.about()
        self.facts()
        self.referenced()
        for key in ("structure-history", "units", "changes", "events", "premises"):
            if key in self.sections:
                self.sections[key].lines.sort(key=lambda x: (x.when or "9999", line_text(x, "en")))
        sections = [self.sections[k] for k in SECTION_ORDER if k in self.sections]
        dated = {id(x): x for x in self.timeline if x.when}
        timeline = sorted(dated.values(), key=lambda x: (x.when or "", line_text(x, "en")))
        graphs = sorted({g for t in m.description(self.iri) for g in m.sources.get(t, ())}, key=_source_order(p))
        return Profile(ref, types, names, self.summary, sections, timeline, self.statements(),
                       tuple(p.source(g) for g in graphs), p.temporal(self.iri))

    def types(self) -> tuple[Ref, ...]:
        """The stated classes, most specific first (a class another stated class specialises is left out)."""
        stated = [t.object.value for t in self.out_triples(RDF_TYPE) if self.stated(t)]  # type: ignore[union-attr]
        if not stated:
            stated = [t.object.value for t in self.out_triples(RDF_TYPE)]  # type: ignore[union-attr]
        broader = set()
        for cls in stated:
            for sup in self.m.objects(cls, ns.RDFS + "subClassOf"):
                if getattr(sup, "value", None) != cls:
                    broader.add(sup.value)  # type: ignore[union-attr]
        chosen = [c for c in stated if c not in broader] or stated
        return tuple(self.p.ref(c) for c in sorted(set(chosen)))

    def names(self) -> list[Name]:
        import pyoxigraph as ox

        out = []
        roles = ((SKOS + "prefLabel", "pref"), (ns.FOAF + "name", "pref"), (DCT + "title", "pref"),
                 (SKOS + "altLabel", "alt"), (SKOS + "notation", "notation"))
        seen: set[tuple[str, str | None]] = set()
        for predicate, role in roles:
            for t in self.out_triples(predicate):
                if not isinstance(t.object, ox.Literal):
                    continue
                lang = conventional_tag(t.object.language) if t.object.language else None
                if (t.object.value, lang) in seen:
                    continue
                seen.add((t.object.value, lang))
                out.append(Name(t.object.value, lang, role, self.p.sources_of([t])))
        order = {"pref": 0, "alt": 1, "notation": 2}
        lang_order = {lang: i for i, lang in enumerate(LANGS)}
        return sorted(out, key=lambda n: (order[n.role], lang_order.get(n.lang or "", 9), n.text))

    def status(self) -> None:
        for t in self.out_triples(self.term("hkg:status")):
            self.summary.append(self.p.line("proposed", [t], status=self.p.value(t.object)))
        self.used_out.add(self.term("hkg:status"))

    def own_sentence(self) -> None:
        """The sentence of a membership, a reporting relation or a change, on its own page."""
        p, types = self.p, self.m.types(self.iri)
        triples = self.node_triples(self.iri)
        if ORG + "Membership" in types:
            self.summary.append(self.membership_line(self.iri, "membership"))
            self.used_out.update({ORG + "member", ORG + "role", ORG + "organization", ORG + "memberDuring"})
        elif types & {self.term("hkg:AdministrativeReporting"), self.term("hkg:PolicyGuidance")}:
            self.summary.append(self.relation_line(self.iri))
            self.used_out.update({self.term("hkg:subordinate"), self.term("hkg:superior"), self.term("hkg:during"),
                                  self.term("hkg:attestedOn")})
        elif ORG + "ChangeEvent" in types:
            self.summary.append(self.change_line(self.iri))
            original = [t for t in triples if t.predicate.value == ORG + "originalOrganization"]
            resulting = [t for t in triples if t.predicate.value == ORG + "resultingOrganization"]
            if original and resulting and original[0].object != resulting[0].object:
                self.summary.append(p.line("change-from-to", original + resulting,
                                           original=p.value(original[0].object),
                                           resulting=p.value(resulting[0].object)))
                self.used_out.update({ORG + "originalOrganization", ORG + "resultingOrganization"})
            self.used_out.update({self.term("hkg:changeKind"), ns.PROV + "startedAtTime"})

    def membership_line(self, membership: str, key: str) -> Line:
        p = self.p
        triples = self.node_triples(membership)
        person = p.first_iri(membership, ORG + "member")
        post = p.first_iri(membership, ORG + "role")
        org = p.first_iri(membership, ORG + "organization")
        period = p.period(p.first_iri(membership, ORG + "memberDuring"))
        slots = {"person": p.ref(person) if person else None, "post": p.ref(post) if post else None,
                 "org": p.ref(org) if org else None}
        return p.line(key, triples, membership, period=period, when=period.start if period else None, **slots)

    def relation_line(self, relation: str) -> Line:
        """A reporting relation as a sentence, worded from the side of the page it is on."""
        p = self.p
        triples = self.node_triples(relation)
        policy = self.term("hkg:PolicyGuidance") in self.m.types(relation)
        subordinate = p.first_iri(relation, self.term("hkg:subordinate"))
        superior = p.first_iri(relation, self.term("hkg:superior"))
        period = p.period(p.first_iri(relation, self.term("hkg:during")))
        attested = [t.object.value for t in triples if t.subject.value == relation  # type: ignore[union-attr]
                    and t.predicate.value == self.term("hkg:attestedOn")]
        when = (period.start or period.end) if period else min(attested, default=None)
        if self.iri == subordinate:
            key = "policy-guidance-from" if policy else "administered-by"
        elif self.iri == superior:
            key = "gives-guidance" if policy else "administers"
        else:
            key = "relation-policy" if policy else "relation-administrative"
        sub = p.ref(subordinate) if subordinate else Unnamed()
        sup = p.ref(superior) if superior else Unnamed()
        return p.line(key, triples, relation, period=period, attested=attested, when=when, subordinate=sub,
                      superior=sup, org=sup, unit=sub)

    def change_line(self, change: str) -> Line:
        p = self.p
        triples = self.node_triples(change)
        kind = p.first_iri(change, self.term("hkg:changeKind"))
        date = p.literal(change, ns.PROV + "startedAtTime")
        return p.line("change", triples, change, period=Period(date, date) if date else None, when=date,
                      kind=p.ref(kind) if kind else Lit(""), change=p.ref(change))

    def structure(self) -> None:
        """Where it sits now (as stated) and the reporting relations over time."""
        p = self.p
        for local, key in _STRUCTURE:
            predicate = self.term(("hkg:" if local in ("administeredBy", "policyGuidanceFrom", "inGroup") else "org:")
                                  + local)
            self.used_out.add(predicate)
            for t in self.out_triples(predicate):
                if not self.stated(t):
                    continue
                line = p.line(key, [t], attested=self.attested(self.iri, [t]), org=p.value(t.object),
                              group=p.value(t.object))
                self.summary.append(line)
        self.used_out.add(ORG + "subOrganizationOf")
        for t in self.in_triples(self.term("hkg:subordinate")):
            line = self.relation_line(t.subject.value)
            self.add("structure-history", line)
            self.timeline.append(line)
        for t in self.in_triples(self.term("hkg:superior")):
            line = self.relation_line(t.subject.value)
            self.add("units", line)
        self.used_in.update({self.term("hkg:subordinate"), self.term("hkg:superior")})

    def terms_of_office(self) -> None:
        """A person's posts, an organisation's heads, a post's holders: each a sentence with its term."""
        memberships = sorted({t.subject.value for t in self.inc if t.predicate.value in
                              (ORG + "member", ORG + "organization", ORG + "role")})
        lines = []
        for membership in memberships:
            ordinal = self.p.literal(membership, self.term("hkg:ordinal"))
            if self.p.first_iri(membership, ORG + "member") == self.iri:
                lines.append((ordinal, self.membership_line(membership, "term"), "terms"))
            elif self.p.first_iri(membership, ORG + "role") == self.iri:
                lines.append((ordinal, self.membership_line(membership, "held-by"), "holders"))
            else:
                lines.append((ordinal, self.membership_line(membership, "membership"), "heads"))
        lines.sort(key=lambda x: (x[1].when or "", int(x[0]) if x[0] and x[0].isdigit() else 0))
        for _, line, key in lines:
            self.add(key, line)
            self.timeline.append(line)
            if key == "terms":
                self.summary.append(line)
        self.used_in.update({ORG + "member", ORG + "organization", ORG + "role"})

    def posts(self) -> None:
        """A post's organisation and rank; an organisation's posts."""
        p = self.p
        for t in self.out_triples(ORG + "postIn"):
            self.summary.append(p.line("post-in", [t], org=p.value(t.object)))
        for t in self.out_triples(self.term("hkg:rank")):
            self.summary.append(p.line("rank", [t], rank=p.value(t.object)))
        self.used_out.update({ORG + "postIn", self.term("hkg:rank")})
        for t in self.in_triples(ORG + "postIn"):
            post = t.subject.value
            rank = p.first_iri(post, self.term("hkg:rank"))
            rank_triples = [x for x in self.m.outgoing.get(post, ()) if x.predicate.value == self.term("hkg:rank")]
            if rank:
                self.add("posts", p.line("post-rank", [t, *rank_triples], post=p.ref(post), rank=p.ref(rank)))
            else:
                self.add("posts", p.line("item", [t], x=p.ref(post)))
        for t in self.in_triples(self.term("hkg:rank")):
            self.add("posts", self.p.line("item", [t], x=self.p.ref(t.subject.value)))
        self.used_in.update({ORG + "postIn", self.term("hkg:rank")})

    def places(self) -> None:
        p = self.p
        for t in self.out_triples(SCHEMA + "location"):
            self.summary.append(p.line("located-in", [t], place=p.value(t.object)))
        for t in self.out_triples(SCHEMA + "containedInPlace"):
            self.summary.append(p.line("contained-in", [t], place=p.value(t.object)))
        for t in self.out_triples(SCHEMA + "areaServed"):
            self.add("regions", p.line("item", [t], x=p.value(t.object)), inline=True)
        for t in self.in_triples(SCHEMA + "areaServed"):
            self.add("served-by", p.line("item", [t], x=p.ref(t.subject.value)), inline=True)
        for t in self.in_triples(SCHEMA + "location"):
            self.add("located-here", p.line("item", [t], x=p.ref(t.subject.value)), inline=True)
        for t in self.in_triples(SCHEMA + "containedInPlace"):
            self.add("located-here", p.line("item", [t], x=p.ref(t.subject.value)), inline=True)
        self.used_out.update({SCHEMA + "location", SCHEMA + "containedInPlace", SCHEMA + "areaServed"})
        self.used_in.update({SCHEMA + "areaServed", SCHEMA + "location", SCHEMA + "containedInPlace"})

    def founding(self) -> None:
        p = self.p
        for t in self.out_triples(SCHEMA + "foundingDate"):
            line = p.line("founded", [t], when=t.object.value, date=p.value(t.object))
            self.summary.append(line)
            self.timeline.append(line)
        for t in self.out_triples(self.term("hkg:foundedNotBefore")):
            line = p.line("founded-not-before", [t], when=t.object.value, date=p.value(t.object))
            self.summary.append(line)
        for key, predicate in (("item", SCHEMA + "startDate"),):
            start = [t for t in self.out_triples(predicate)]
            end = self.out_triples(SCHEMA + "endDate")
            if start or end:
                period = Period(start[0].object.value if start else None, end[0].object.value if end else None)
                line = p.line(key, start + end, period=period, when=period.start, x=p.ref(self.iri))
                self.summary.append(line)
        self.used_out.update({SCHEMA + "foundingDate", self.term("hkg:foundedNotBefore"), SCHEMA + "startDate",
                              SCHEMA + "endDate"})

    def units(self) -> None:
        """What is part of it, administered by it, guided by it, or grouped under it."""
        p = self.p
        for predicate, key in ((ORG + "unitOf", "item"), (self.term("hkg:administeredBy"), "administers"),
                               (self.term("hkg:policyGuidanceFrom"), "gives-guidance"),
                               (self.term("hkg:inGroup"), "item"), (ORG + "subOrganizationOf", "item")):
            seen = {getattr(line.slots.get("x") or line.slots.get("unit"), "iri", None)
                    for line in self.sections.get("units", Section("", [])).lines}
            for t in self.in_triples(predicate):
                unit = t.subject.value
                if unit in seen or not self.stated(t):
                    continue
                founded = p.literal(unit, SCHEMA + "foundingDate")
                line = p.line(key, [t], period=Period(founded) if founded else None, when=founded,
                              attested=self.attested(unit, [t]), status_of=unit, x=p.ref(unit), unit=p.ref(unit))
                self.add("units" if predicate != self.term("hkg:inGroup") else "members", line)
                if founded:
                    self.timeline.append(line)
            self.used_in.add(predicate)

    def premises(self) -> None:
        p = self.p
        for t in self.out_triples(ORG + "hasSite"):
            site = t.object.value  # type: ignore[union-attr]
            used = p.period(p.first_iri(site, self.term("hkg:usedDuring")))
            line = p.line("premises", [t], period=used, when=used.start if used else None, site=p.ref(site))
            self.add("premises", line)
            self.timeline.append(line)
        self.used_out.add(ORG + "hasSite")
        for t in self.out_triples(ORG + "siteAddress"):
            self.summary.append(p.line("address", [t], address=p.value(t.object, self.iri)))
        self.used_out.add(ORG + "siteAddress")
        used = p.period(p.first_iri(self.iri, self.term("hkg:usedDuring")))
        for t in self.in_triples(ORG + "hasSite"):
            self.summary.append(p.line("used-by", [t], period=used, org=p.ref(t.subject.value)))
        if used:
            self.used_out.add(self.term("hkg:usedDuring"))
        self.used_in.add(ORG + "hasSite")

    def mechanisms(self) -> None:
        p = self.p
        for local, key in _MECHANISM_ROLES:
            predicate = self.term(("org:" if local == "hasMember" else "hkg:") + local)
            for t in self.in_triples(predicate):
                if not self.stated(t):
                    continue
                target = t.subject.value
                slots = {"mechanism": p.ref(target), "tier": p.ref(target), "x": p.ref(target)}
                self.add("mechanisms", p.line(key, [t], **slots))
            self.used_in.add(predicate)
        for t in self.in_triples(self.term("hkg:tierOf")):
            tier = t.subject.value
            level = p.first_iri(tier, self.term("hkg:tierLevel"))
            self.add("tiers", p.line("tier" if level else "item", [t], tier=p.ref(tier), x=p.ref(tier),
                                     level=p.ref(level) if level else None))
        self.used_in.add(self.term("hkg:tierOf"))
        for t in self.out_triples(self.term("hkg:tierOf")):
            self.summary.append(p.line("tier-of", [t], mechanism=p.value(t.object)))
        self.used_out.add(self.term("hkg:tierOf"))

    def events(self) -> None:
        p = self.p
        for t in self.in_triples(SCHEMA + "organizer"):
            event = t.subject.value
            start, end = p.literal(event, SCHEMA + "startDate"), p.literal(event, SCHEMA + "endDate")
            place = p.first_iri(event, SCHEMA + "location")
            period = Period(start, end) if (start or end) else None
            line = p.line("event-in" if place else "event", [t], period=period, when=start, event=p.ref(event),
                          place=p.ref(place) if place else None)
            self.add("events", line)
            self.timeline.append(line)
        for t in self.out_triples(SCHEMA + "organizer"):
            self.summary.append(p.line("organised-by", [t], org=p.value(t.object)))
        self.used_in.add(SCHEMA + "organizer")
        self.used_out.add(SCHEMA + "organizer")

    def changes(self) -> None:
        """Changes that name it as original, resulting organisation, subject or related resource."""
        changes = sorted({t.subject.value for t in self.inc if t.predicate.value in (
            ORG + "originalOrganization", ORG + "resultingOrganization", DCT + "subject", DCT + "relation")
            and ORG + "ChangeEvent" in self.m.types(t.subject.value)})
        for change in changes:
            line = self.change_line(change)
            self.add("changes", line)
            self.timeline.append(line)
        self.used_in.update({ORG + "originalOrganization", ORG + "resultingOrganization"})
        if changes:
            self.used_in.update({DCT + "subject", DCT + "relation"})

    def about(self) -> None:
        p = self.p
        for t in self.out_triples(DCT + "description"):
            if self.stated(t):
                self.add("about", p.line("item", [t], x=p.value(t.object)))
        for t in self.out_triples(ORG + "purpose"):
            self.add("purposes", p.line("item", [t], x=p.value(t.object)))

    def facts(self) -> None:
        """Every other stated statement about it, as ``property: value``, values of one property together."""
        p = self.p
        key_facts = {self.term(x) for x in KEY_FACTS}
        by_property: dict[str, list[ox.Triple]] = defaultdict(list)
        for t in self.out:
            if t.predicate.value not in self.used_out and self.stated(t):
                by_property[t.predicate.value].append(t)
        for predicate, triples in by_property.items():
            values = [p.value(t.object, self.iri) for t in triples]
            if all(isinstance(v, Ref) for v in values) and len(values) > 1:
                groups = [(triples, tuple(values))]
            else:
                groups = [([t], v) for t, v in zip(triples, values, strict=True)]
            for group, value in groups:
                line = p.line("fact", group, property=p.ref(predicate), value=value)
                if predicate in (self.hkg + "editorial", SKOS + "editorialNote"):
                    self.add("editorial-notes", p.line("item", group, x=value))
                elif predicate in key_facts:
                    self.summary.append(line)
                else:
                    self.add("facts", line)

    def referenced(self) -> None:
        """Every other resource that refers to it, with how."""
        p = self.p
        for t in self.inc:
            subject = t.subject.value
            if t.predicate.value in self.used_in or subject == self.iri or not self.stated(t):
                continue
            if self.m.is_inline(subject, self.iri) or subject.startswith(self.m.genid):
                continue
            self.add("referenced", p.line("referenced", [t], subject=p.ref(subject),
                                          property=p.ref(t.predicate.value)))

    def statements(self) -> list[Statement]:
        """Every triple about it, labels first, then by property; stated before inferred; types last."""
        p = self.p

        def order(t: ox.Triple) -> tuple[int, bool, str, str]:
            first = {SKOS + "prefLabel": 0, SKOS + "altLabel": 1, SKOS + "notation": 2, ns.RDFS + "label": 3}
            rank = first.get(t.predicate.value, 5 if t.predicate.value == RDF_TYPE else 4)
            return (rank, not self.stated(t), self.m.curie(t.predicate.value), str(t.object))

        return [Statement(p.ref(t.predicate.value), p.value(t.object, self.iri), p.sources_of([t]))
                for t in sorted(self.out, key=order)]


# Facts that say what a thing is, shown in the summary: mechanisms, tiers, documents, statistics.
KEY_FACTS = ("hkg:coordinatedBy", "hkg:mainlandCounterpart", "org:hasMember", "hkg:tierLevel", "hkg:hongKongChair",
             "hkg:mainlandChair", "hkg:chairedBy", "hkg:ledBy", "hkg:supportedBy", "dcterms:spatial",
             "dcterms:source", "dcterms:publisher", "dcterms:issued", "dcterms:creator", "hkg:countOf",
             "schema:value", "schema:minValue", "schema:url", "hkg:groupCount")

SECTION_ORDER = ("terms", "about", "purposes", "structure-history", "units", "members", "heads", "holders", "posts",
                 "premises", "regions", "served-by", "located-here", "mechanisms", "tiers", "events", "changes",
                 "facts", "referenced", "editorial-notes")


# -- JSON --

def to_json(profile: Profile) -> dict[str, Any]:
    """The profile as plain JSON: structure, plus each line's sentence in the three languages."""

    def ref(r: Ref) -> dict[str, Any]:
        return {"iri": r.iri, "name": r.curie, "label": dict(sorted(r.label.items())),
                **({"kind": r.kind} if r.kind else {})}

    def slot(value: Any) -> Any:
        if isinstance(value, Ref):
            return ref(value)
        if isinstance(value, Lit):
            return {k: v for k, v in (("value", value.value), ("lang", value.lang), ("datatype", value.datatype))
                    if v is not None}
        if isinstance(value, Line):
            return line(value)
        if isinstance(value, tuple):
            return [slot(v) for v in value]
        return value

    def source(s: Source) -> dict[str, Any]:
        return {"graph": s.name, "iri": s.iri, "kind": s.kind}

    def temporal(t: Temporal) -> dict[str, Any]:
        names = ("start_earliest", "start_latest", "end_earliest", "end_latest")
        return {"status": t.status, "as_of": t.as_of, **({"reason": t.reason} if t.reason else {}),
                **({"last_attested": t.last_attested} if t.last_attested else {}),
                "text": {lang: temporal_text(t, lang) for lang in LANGS},
                "bounds": {k: v for k, v in zip(names, t.bounds, strict=True) if v}}

    def basis(b: Basis) -> dict[str, Any]:
        out: dict[str, Any] = {"basis": ref(b.kind)}
        if b.source:
            out["graph"] = b.source.name
        if b.note:
            out["note"] = dict(sorted(b.note.items()))
        return out

    def line(x: Line) -> dict[str, Any]:
        out: dict[str, Any] = {"text": {lang: line_text(x, lang) for lang in LANGS}, "message": x.message,
                               "slots": {k: slot(v) for k, v in sorted(x.slots.items()) if v is not None}}
        if x.period:
            out["period"] = {k: v for k, v in (("start", x.period.start), ("end", x.period.end)) if v}
        if x.attested:
            out["attested"] = list(x.attested)
        if x.about:
            out["about"] = ref(x.about)
        if x.sources:
            out["sources"] = [source(s) for s in x.sources]
        if x.certainty:
            out["certainty"] = {"status": x.certainty.status, "basis": [basis(b) for b in x.certainty.basis],
                                **({"temporal": temporal(x.certainty.temporal)} if x.certainty.temporal else {})}
        return out

    return {
        "resource": ref(profile.ref),
        **({"temporal": temporal(profile.temporal)} if profile.temporal else {}),
        "types": [ref(t) for t in profile.types],
        "names": [{"text": n.text, **({"lang": n.lang} if n.lang else {}), "role": n.role,
                   "sources": [source(s) for s in n.sources]} for n in profile.names],
        "summary": [line(x) for x in profile.summary],
        "sections": [{"key": s.key, "title": {lang: word(s.key, lang) for lang in LANGS},
                      "lines": [line(x) for x in s.lines]} for s in profile.sections],
        "timeline": [line(x) for x in profile.timeline],
        "statements": [{"property": ref(s.property), "value": slot(s.value), "sources": [source(x) for x in s.sources]}
                       for s in profile.statements],
        "sources": [source(s) for s in profile.sources],
    }


def names_in_three_forms(profile: Profile) -> dict[str, str | None]:
    """The resource's preferred name in English, Traditional and Simplified Chinese (None where not given)."""
    return {lang: profile.ref.label.get(lang) for lang in LANGS}


