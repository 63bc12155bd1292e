"""The time model: when each dated thing was in force, as far as the sources allow.

Computed once by the build (:func:`compute`, then
:func:`hkgov_graph.temporal.materialise.write`) and kept in the inferred
graph, so that every as-of answer (the packaged questions, ``export
--as-of``, the viewer, ``stats``, the timelines) reads the same values.
``docs/time-model.md`` explains it for readers; this is the method.

**What is dated.** Organisations (their existence), qualified reporting
relations, the plain structure statements (``org:unitOf``,
``hkg:administeredBy``, ``hkg:policyGuidanceFrom``, each an
``rdf:Statement``), terms of office, uses of premises, events, changes and
mechanisms: every subject of a dated statement (``model-dates.rq``).

**Evidence, per source graph** (see :mod:`hkgov_graph.temporal.extent` for the
arithmetic):

- a date at its precision: ``1999`` as a start means a first day in 1999
  (basis ``DatePrecision``; a day is ``Stated``); as an end, a last day in
  1999. Ends of reporting lines, premises, dissolutions and renamings are
  exclusive (the first day it no longer held); ends of terms of office are
  the last day in office, as the sources list them;
- ``hkg:foundedNotBefore``: a lower bound on the start;
- the document's own date (``hkg:dateNotBefore`` / ``hkg:dateNotAfter`` on
  its source description): what a document states in the present tense held
  on the day it was written (``DocumentDate``). Present tense, by the data's
  convention, are ``hkg:attestedOn``, the structure statements and the
  things at both ends of them (also ``hkg:coordinatedBy``, ``hkg:tierOf``),
  and an interval with a beginning and no end;
- a planned establishment (``hkg:status hkg:Planned``) in a document of date
  D: not begun before D (``PlanInDocument``).

**Combining sources.** The extents one thing gets from several graphs are
intersected: every source is taken at its word. Where they cannot all hold,
the combined extent is the widest any allows and says the sources disagree
(``hkg:sourcesDisagree``); the per-source extents stand beside it.

**Structure** (``Structure``), applied after combining and only where it
leaves a possible first and last day: a unit (``org:unitOf``) does not begin
before the organisation it is a unit of; a statement or relation does not
begin before, or end after, either of the organisations it connects.

**Steps and paths.** A *step* is one line (administrative or policy
guidance) from a subordinate to a superior: every relation and statement of
that line between the two, combined. An office in a group of offices
(``hkg:inGroup``) follows the group's lines while both exist: a step *via*
the group, whose support is the group's line overlapped with the office's
existence. A step without a stated beginning is read as beginning with its
subordinate (``Inferred``) where the sources name no other superior on that
line for it, or where it ends in a transfer of the subordinate (the sources'
原隸屬 A，…後劃入 B: "originally under A"). A step in force on a day shows
both organisations existed that day (``Structure``). A *path* is a chain of
steps up from an organisation, with the time the whole chain held (the
overlap of its steps); paths let a query follow the structure at a date with
one property path instead of a block per level.

**Now.** The reference date is the greatest ``hkg:dateNotBefore`` of the
source documents: the day by which all of them had been written.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.temporal.dates import Period, parse_period
from hkgov_graph.temporal.extent import (
    Bound,
    Day,
    Extent,
    at,
    attested,
    combine,
    ends_in,
    overlap,
    starts_in,
    starts_not_before,
)

if TYPE_CHECKING:
    import pyoxigraph as ox

ADMINISTRATIVE = ns.HKG + "AdministrativeReporting"
POLICY = ns.HKG + "PolicyGuidance"
MAX_LEVELS = 8  # no chain in any real structure is this deep; the limit only guards against cycles


@dataclass(frozen=True)
class DocumentDate:
    """A source's own date, as far as its text fixes it."""

    graph: str
    not_before: Period
    not_after: Period | None

    @property
    def text(self) -> str:
        """The date as known: "2012-05" (fixed to a month), or the day it is known to be on or after."""
        return self.not_before.text


@dataclass(frozen=True)
class StepKey:
    """One line from a subordinate to a superior, stated for it or followed as a member of a group."""

    sub: str
    sup: str
    line: str
    via: str = ""


@dataclass
class Step:
    key: StepKey
    supports: set[str] = field(default_factory=set)  # relation and statement IRIs
    extent: Extent = field(default_factory=Extent)
    iri: str = ""


@dataclass
class Path:
    """A chain of steps from ``start`` (the first step's subordinate) upward."""

    chain: tuple[StepKey, ...]
    extent: Extent
    iri: str = ""

    @property
    def start(self) -> str:
        return self.chain[0].sub

    @property
    def level(self) -> int:
        return len(self.chain)


@dataclass
class Model:
    """Everything the build materialises about time."""

    documents: dict[str, DocumentDate] = field(default_factory=dict)
    extents: dict[str, Extent] = field(default_factory=dict)  # thing -> combined extent
    per_source: dict[str, dict[str, Extent]] = field(default_factory=dict)  # where more than one graph dates it
    statements: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (s, p, o) -> statement IRI
    steps: dict[StepKey, Step] = field(default_factory=dict)
    paths: list[Path] = field(default_factory=list)

    @property
    def reference_date(self) -> Day | None:
        """The day by which every dated source had been written (None when no source is dated)."""
        days = [d.not_before.first for d in self.documents.values()]
        return max(days) if days else None


# -- Reading the store --

def _query_text(name: str) -> str:
    return (files("hkgov_graph.temporal") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


def data_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The source and editorial graphs (the model reads neither the ontology nor what the build derived)."""
    import pyoxigraph as ox

    query = f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a ?kind }}
                VALUES ?kind {{ <{ns.HKG}SourceDocument> <{ns.HKG}EditorialSource> }} }}"""
    return sorted((ox.NamedNode(s["g"].value) for s in store.query(query)), key=lambda g: g.value)


# What the model's queries read outside ``GRAPH ?g`` (in FILTER NOT EXISTS): keep in step with sparql/*.rq.
DEFAULT_GRAPH_PREDICATES = (ns.HKG + "status", ns.ORG + "resultingOrganization")


def _union_is_enough(store: ox.Store, graphs: list[ox.NamedNode]) -> bool:
    """Whether the queries may run on every graph, their rows then kept for the data graphs only.

    A dataset of hundreds of named graphs costs Oxigraph a lookup per graph for every pattern: at a
    million triples (574 graphs) the dates query takes 45 s so, 2 s on the union. Each row is bound to
    one graph ``?g``, so keeping the rows of the data graphs gives the same rows, as long as the few
    patterns read outside ``GRAPH ?g`` see the same triples: none of their predicates is stated outside
    the data graphs (checked here, by index, not assumed).
    """
    import pyoxigraph as ox

    wanted = set(graphs)
    for predicate in DEFAULT_GRAPH_PREDICATES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            if quad.graph_name not in wanted:
                return False
    return True


def _rows(store: ox.Store, name: str, graphs: list[ox.NamedNode],
          union: bool | None = None) -> Iterable[dict[str, str]]:
    """The rows of a model query on the data graphs (every query binds the graph of its row, ``?g``)."""
    if not graphs:
        return
    import pyoxigraph as ox

    if union is None:
        union = _union_is_enough(store, graphs)
    if union:
        solutions = store.query(_query_text(name), use_default_graph_as_union=True)
    else:
        solutions = store.query(_query_text(name), default_graph=graphs, named_graphs=graphs)
    keep = {g.value for g in graphs}
    # SPARQL's CSV results are each term's plain value ("" when unbound), which is what the model reads;
    # written by Oxigraph and read by the csv module, with no Python object per term
    reader = csv.reader(io.StringIO(solutions.serialize(format=ox.QueryResultsFormat.CSV).decode(), newline=""))
    names = next(reader)
    for row in reader:
        values = dict(zip(names, row, strict=True))
        if values["g"] in keep:
            yield values


# -- Building the model --

def compute(store: ox.Store) -> Model:
    """The time model of the source and editorial graphs in ``store``."""
    graphs = data_graphs(store)
    union = _union_is_enough(store, graphs)
    model = Model()
    for row in _rows(store, "model-documents", graphs, union):
        nb = parse_period(row["not_before"]) if row["not_before"] else None
        if nb is not None:
            na = parse_period(row["not_after"]) if row["not_after"] else None
            model.documents[row["g"]] = DocumentDate(row["g"], nb, na)

    # readings (data/README.md): a triple its graph only reads from the document adds its basis
    readings: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    read_relations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows(store, "model-readings", graphs, union):
        basis = row["basis"].rsplit("#", 1)[-1]
        readings[(row["s"], row["p"], row["o"], row["g"])].add(basis)
        if row["p"] in (ns.HKG + "superior", ns.HKG + "subordinate"):
            read_relations[(row["s"], row["g"])].add(basis)

    evidence: dict[str, dict[str, list[Extent]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(store, "model-dates", graphs, union):
        extent = _evidence(row["kind"], row["v"], model.documents.get(row["g"]), row["g"])
        if extent is not None:
            read = readings.get((row["s"], row["p"], row["o"], row["g"]), set())
            read |= read_relations.get((row["x"], row["g"]), set())
            evidence[row["x"]][row["g"]].append(extent.based(sorted(read)))

    structure = list(_rows(store, "model-structure", graphs, union))
    for row in structure:
        if row["kind"] == "statement":
            iri = statement_iri(row["x"], row["r"], row["y"])
            model.statements[(row["x"], row["r"], row["y"])] = iri
            doc = model.documents.get(row["g"])
            read = readings.get((row["x"], row["r"], row["y"], row["g"]), set())
            evidence[iri][row["g"]].append(
                attested(doc.not_before.first, doc.not_after.last if doc.not_after else None, doc.text,
                         row["g"]).based(sorted(read))
                if doc else Extent(graphs=frozenset([row["g"]])))

    for thing, by_graph in evidence.items():
        per_graph = {g: combine(extents) for g, extents in by_graph.items()}
        model.extents[thing] = combine(per_graph.values())
        if len(per_graph) > 1:
            model.per_source[thing] = per_graph

    _units_after_their_parents(model, structure)
    _connections_within_their_ends(model, structure)
    for _ in range(2):  # a step in force shows its ends existed, which the steps above them then use
        _steps(model, structure)
        _ends_existed_while_steps_held(model)
    _paths(model)
    return model


def _evidence(kind: str, value: str, doc: DocumentDate | None, graph: str) -> Extent | None:
    """One dated statement as an extent (None when it cannot be read: a malformed date, an undated source)."""
    if kind in ("open", "present"):
        if doc is None:
            return None
        return attested(doc.not_before.first, doc.not_after.last if doc.not_after else None, doc.text, graph)
    if kind == "plan":
        return starts_not_before(doc.not_before.first, graph, "PlanInDocument") if doc else None
    period = parse_period(value)
    if period is None:
        return None
    if kind == "start":
        return starts_in(period, graph)
    if kind == "start-not-before":
        return starts_not_before(period.first, graph, "Stated" if period.precision == "day" else "DatePrecision")
    if kind == "end":
        return ends_in(period, graph)
    if kind == "end-exclusive":
        return ends_in(period, graph, exclusive=True)
    if kind == "at":
        return at(period, graph)
    if kind == "attested":
        return attested(period.first, period.last, period.text, graph)
    return None


def _structural(start_lo: Bound | None = None, start_hi: Bound | None = None, end_lo: Bound | None = None,
                end_hi: Bound | None = None, *bases: str) -> Extent:
    def tag(b: Bound | None) -> Bound | None:
        return b.based(*bases) if b is not None else None

    return Extent(tag(start_lo), tag(start_hi), tag(end_lo), tag(end_hi))


def _units_after_their_parents(model: Model, structure: list[dict[str, str]]) -> None:
    """A unit does not begin before the organisation it is a unit of (top-down, to a fixed point)."""
    parents = {(r["x"], r["y"]) for r in structure if r["kind"] == "statement" and r["r"] == ns.ORG + "unitOf"}
    for _ in range(MAX_LEVELS):
        changed = False
        for unit, parent in sorted(parents):
            lo = model.extents.get(parent, Extent()).start_lo
            current = model.extents.get(unit)
            if lo is None or current is None:
                continue
            narrowed = current.tighten(_structural(lo, None, None, None, "Structure"))
            if narrowed != current:
                model.extents[unit] = narrowed
                changed = True
        if not changed:
            break


def _within(model: Model, thing: str, ends: Iterable[str]) -> None:
    """A connection does not begin before, or end after, either of the organisations it connects."""
    extent = model.extents.get(thing)
    if extent is None:
        return
    for end in ends:
        other = model.extents.get(end)
        if other is not None and (other.start_lo or other.end_hi):
            extent = extent.tighten(_structural(other.start_lo, None, None, other.end_hi, "Structure"))
    model.extents[thing] = extent


def _connections_within_their_ends(model: Model, structure: list[dict[str, str]]) -> None:
    for (s, _, o), iri in model.statements.items():
        _within(model, iri, (s, o))
    for row in structure:
        if row["kind"] == "relation":
            _within(model, row["r"], (row["x"], row["y"]))


def _steps(model: Model, structure: list[dict[str, str]]) -> None:
    """Combine the relations and statements of each line into steps, directly and through groups."""
    members: dict[str, set[str]] = defaultdict(set)
    transfers: set[tuple[str, str]] = set()
    supports: dict[StepKey, set[str]] = defaultdict(set)
    for row in structure:
        kind, x, y = row["kind"], row["x"], row["y"]
        if kind == "member":
            members[y].add(x)
        elif kind == "transfer":
            transfers.add((x, y))
        elif kind == "statement":
            supports[StepKey(x, y, row["line"])].add(model.statements[(x, row["r"], y)])
        elif kind == "relation":
            supports[StepKey(x, y, row["line"])].add(row["r"])
    for key, found in list(supports.items()):
        for member in members.get(key.sub, ()):
            supports[StepKey(member, key.sup, key.line, key.sub)] |= found

    superiors: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key in supports:
        superiors[(key.sub, key.line)].add(key.sup)

    model.steps = {}
    for key in sorted(supports, key=lambda k: (k.sub, k.sup, k.line, k.via)):
        found = supports[key]
        member = model.extents.get(key.sub, Extent())
        extents = []
        for support in sorted(found):
            extent = model.extents.get(support, Extent())
            if key.via:
                extent = overlap(extent, member)  # the group's line, while the office exists
                if extent is None:
                    continue
            extents.append(extent)
        if not extents:
            continue
        extent = combine(extents)
        sup = model.extents.get(key.sup)
        if sup is not None:
            extent = extent.tighten(_structural(sup.start_lo, None, None, sup.end_hi, "Structure"))
        if not key.via and key.sub in model.extents:
            extent = extent.tighten(_structural(member.start_lo, None, None, member.end_hi, "Structure"))
        transferred = (key.via or key.sub, key.sup) in transfers
        only_superior = len(superiors[(key.sub, key.line)]) == 1
        if (transferred or only_superior) and (member.start_lo is not None or member.start_hi is not None):
            # 原隸屬: held from the subordinate's own beginning
            extent = extent.tighten(_structural(member.start_lo, member.start_hi, None, None, "Inferred"))
        model.steps[key] = Step(key, set(found), extent, path_iri((key,)))


def _ends_existed_while_steps_held(model: Model) -> None:
    """Both organisations of a step existed whenever the step certainly held."""
    for step in model.steps.values():
        e = step.extent
        if e.start_hi is None or e.end_lo is None:  # never certain (a window, a single day, is enough)
            continue
        for org in (step.key.sub, step.key.sup):
            current = model.extents.get(org, Extent())
            model.extents[org] = current.tighten(
                _structural(None, e.start_hi, e.end_lo, None, "Structure"))


def _paths(model: Model) -> None:
    """Every chain of steps up from every organisation, with when the whole chain held."""
    by_sub: dict[str, list[Step]] = defaultdict(list)
    for step in model.steps.values():
        by_sub[step.key.sub].append(step)
    memo: dict[str, list[tuple[tuple[StepKey, ...], Extent]]] = {}
    in_progress: set[str] = set()

    def chains(org: str) -> list[tuple[tuple[StepKey, ...], Extent]]:
        if org in memo:
            return memo[org]
        in_progress.add(org)
        out: list[tuple[tuple[StepKey, ...], Extent]] = []
        for step in by_sub.get(org, ()):
            out.append(((step.key,), step.extent))
            if step.key.sup in in_progress:  # a cycle (a data error the checks report): stop there
                continue
            for chain, extent in chains(step.key.sup):
                if len(chain) >= MAX_LEVELS - 1 or any(k.sup == org for k in chain):
                    continue
                joined = overlap(step.extent, extent)
                if joined is not None:
                    out.append(((step.key, *chain), joined))
        in_progress.discard(org)
        memo[org] = out
        return out

    model.paths = [Path(chain, extent, path_iri(chain))
                   for org in sorted(by_sub) for chain, extent in chains(org)]


# -- IRIs of what the model adds --
# Skolem IRIs, like the loader's for the sources' blank nodes: a page about X includes the extent X
# points at (the site and the server describe skolemised nodes with what points at them).

def _genid(kind: str, text: str) -> str:
    return f"{ns.GENID}{kind}-{hashlib.sha256(text.encode()).hexdigest()[:20]}"


def extent_iri(thing: str, graph: str | None = None) -> str:
    """The combined extent of a thing, or its extent as one graph dates it."""
    return _genid("time", thing if graph is None else f"{thing} {graph}")


def statement_iri(subject: str, predicate: str, obj: str) -> str:
    return _genid("statement", f"{subject} {predicate} {obj}")


def path_iri(chain: tuple[StepKey, ...]) -> str:
    return _genid("path", "\n".join(f"{k.sub} {k.sup} {k.line} {k.via}" for k in chain))
