"""Views of the graph as NetworkX graphs, and writing them out.

Four views, each built from packaged SPARQL (``hkgov_graph/export/sparql/view-*.rq``)
over an embedded pyoxigraph store, using asserted statements only (the
inferred graph is left out, so a store straight from the sources and one
loaded from the built ``.nq`` give the same views):

``reporting``
    A ``MultiDiGraph`` of the government, bureaus, departments, Mainland
    offices, groups of offices, liaison units and divisions. Edges point from
    the superior to the subordinate and are keyed by kind: ``unit-of``
    (org:unitOf), ``administrative`` (hkg:administeredBy and
    hkg:AdministrativeReporting), ``policy-guidance`` (hkg:policyGuidanceFrom
    and hkg:PolicyGuidance) and ``in-group`` (an office in a group of offices
    that has an administrative line of its own). Their labels read along the
    edge: "administers", "has unit", "gives policy guidance to", "includes".
``coverage``
    A bipartite ``MultiGraph``: Mainland offices (``bipartite=0``) and the
    provincial-level regions (``bipartite=1``), one edge per reason an office
    covers a region: ``direct`` (schema:areaServed), ``seat`` (the office sits
    in the region or in a city of it) and ``liaison-unit:<unit IRI>`` (one of
    its liaison units sits there).
``cooperation``
    A ``MultiDiGraph`` of co-operation mechanisms, their tiers, the posts that
    chair, support or take part in them and the organisations involved.
``whole``
    A ``MultiDiGraph`` of every resource and every statement between two
    resources in the source and editorial graphs, keyed by the predicate's
    prefixed name; ``rdf:type`` becomes the node's ``kind``.

Every node has the same scalar attributes (see :data:`NODE_ATTRIBUTES`), and
so has every edge (:data:`EDGE_ATTRIBUTES`); missing values are ``""``.
Provenance is ``source`` on nodes (the graphs that describe the resource) and
``stated_in`` on edges (the graphs that state the link; not ``source``, which
node-link and Cytoscape JSON use for the edge's tail). Several values in one
attribute (graph IRIs, dates) are separated by spaces.
Dates keep the source's precision (``1999``, ``2002-07``, ``2015-04-27``).

``as_of`` restricts a view to what was in force at a date, by the build's
time model (:mod:`hkgov_graph.temporal`, ``docs/time-model.md``): ``None``
means the view's default (now for the structural views, all times for
``whole``), ``"now"`` the graph's reference date, ``"today"`` the calendar's, ``"all"`` everything with
its dates (the viewer filters that in the browser), or a date of year, month
or day precision. What is certainly not in force then drops out; what is
possibly in force, or of unknown date, stays, with ``as_of_status``
(``in force``, ``possibly``, ``unknown``) and ``as_of_reason`` saying so.
Every node and edge carries the model's bounds (``start_earliest``,
``start_latest``, ``end_earliest``, ``end_latest``, ``last_attested``) of
the thing that dates it: the resource itself, a reporting edge's step, a
liaison unit's line to its office for coverage through it, or the subject of
a statement; ``undated_kind`` marks regions, cities, posts and people, which
the sources never date. Proposed and planned things never enter the
structural views.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from hkgov_graph import i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.errors import InputError, UsageError
from hkgov_graph.temporal.dates import Period, format_during, parse_as_of, parse_period
from hkgov_graph.temporal.status import NOT_IN_FORCE, status

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from hkgov_graph.graph.load import LoadedDataset

VIEWS = ("reporting", "coverage", "cooperation", "whole")
FORMATS = ("graphml", "gexf", "json", "cytoscape", "dot", "html")
FORMAT_SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "cytoscape": ".cyjs",
                   "dot": ".dot", "html": ".html"}
ALL_TIMES = "all"

NODE_ATTRIBUTES = (
    "id", "kind", "label", "label_en", "label_zh_hant", "label_zh_hans", "notation", "source",
    "founding_date", "founded_not_before", "founding_status", "dissolution_date", "renamed_on",
    "during", "attested", "status", "part_of",
    "start_earliest", "start_latest", "end_earliest", "end_latest", "last_attested", "undated_kind",
    "as_of_status", "as_of_reason",
)
EDGE_ATTRIBUTES = (
    "kind", "label_en", "label_zh_hant", "label_zh_hans", "predicate", "stated_in", "during", "valid_from",
    "valid_until", "attested", "via", "founding_date", "founded_not_before", "dissolution_date", "renamed_on",
    "start_earliest", "start_latest", "end_earliest", "end_latest", "last_attested", "undated_kind",
    "as_of_status", "as_of_reason",
)
TIME_ATTRIBUTES = ("start_earliest", "start_latest", "end_earliest", "end_latest", "last_attested")
# Kinds the time model dates (their existence); a node of another kind (a region, a city, a post, a
# person) is never "in force" or not: the sources do not date it.
DATED_KINDS = frozenset({
    "BeijingOffice", "EconomicAndTradeOffice", "MainlandOffice", "LiaisonUnit", "Division", "PolicyBureau",
    "GovernmentDepartment", "Government", "OfficeGroup", "CooperationMechanism", "MechanismTier", "ExpertGroup",
    "OrganizationalCollaboration", "ProvincialBeijingOffice", "PublicBody", "MainlandAuthority", "Organization",
    "OrganizationalUnit", "FormalOrganization", "Membership", "Site", "PromotionEvent", "ChangeEvent",
    "AdministrativeReporting", "PolicyGuidance", "ReportingRelation",
})
LINES = {"unit-of": ns.HKG + "AdministrativeReporting", "administrative": ns.HKG + "AdministrativeReporting",
         "policy-guidance": ns.HKG + "PolicyGuidance"}

# When a resource has several asserted types, the first of these wins; otherwise the
# alphabetically first local name.
KIND_PRIORITY = (
    "BeijingOffice", "EconomicAndTradeOffice", "MainlandOffice", "LiaisonUnit", "Division",
    "PolicyBureau", "GovernmentDepartment", "Government", "OfficeGroup", "CooperationMechanism",
    "MechanismTier", "ExpertGroup", "Post", "ProvincialBeijingOffice", "PublicBody", "MainlandAuthority",
    "Municipality", "Province", "AutonomousRegion", "SpecialAdministrativeRegion", "City",
)
OFFICE_KINDS = frozenset({"BeijingOffice", "EconomicAndTradeOffice", "MainlandOffice"})
REGION_KINDS = frozenset({"Municipality", "Province", "AutonomousRegion", "SpecialAdministrativeRegion",
                          "ProvincialLevelRegion"})
REPORTING_ALWAYS = OFFICE_KINDS | {"PolicyBureau", "LiaisonUnit", "Division"}
REPORTING_IF_LINKED = frozenset({"Government", "GovernmentDepartment", "OfficeGroup"})
MECHANISM_KINDS = frozenset({"CooperationMechanism"})
PART_OF_KINDS = frozenset({"LiaisonUnit", "Division"})

# Edge kinds: the property whose labels name them in the viewer and pictures.
EDGE_KIND_PREDICATES = {
    "unit-of": ns.ORG + "unitOf",
    "administrative": ns.HKG + "administeredBy",
    "policy-guidance": ns.HKG + "policyGuidanceFrom",
    "in-group": ns.HKG + "inGroup",
    "direct": ns.SCHEMA + "areaServed",
    "seat": ns.SCHEMA + "location",
    "liaison-unit": ns.HKG + "LiaisonUnit",
    "tier": ns.HKG + "tierOf",
    "part": ns.ORG + "subOrganizationOf",
    "hong-kong-chair": ns.HKG + "hongKongChair",
    "mainland-chair": ns.HKG + "mainlandChair",
    "chair": ns.HKG + "chairedBy",
    "supported-by": ns.HKG + "supportedBy",
    "participant": ns.HKG + "participantPost",
    "member": ns.ORG + "hasMember",
    "mainland-counterpart": ns.HKG + "mainlandCounterpart",
    "coordinated-by": ns.HKG + "coordinatedBy",
    "led-by": ns.HKG + "ledBy",
    "post-in": ns.ORG + "postIn",
}
# Edge kinds whose words are the project's own, in the message catalogue as ``edge.<kind>``
# (English, Traditional and Simplified). A view draws some edges against the direction of
# their property (``child hkg:administeredBy parent`` becomes parent -> child), so the words
# are chosen to read along the edge, from its source to its target: "administers", "has unit".
# Other kinds (the whole view's) are named by their property's labels, which already read
# from subject to object.
EDGE_KIND_WORDS = frozenset({
    "unit-of", "administrative", "policy-guidance", "in-group",
    "direct", "seat", "liaison-unit",
    "tier", "part", "hong-kong-chair", "mainland-chair", "chair", "supported-by", "participant", "member",
    "mainland-counterpart", "coordinated-by", "led-by", "post-in",
})


# -- The store --

def open_store(source: LoadedDataset | ox.Store | Path | str | None = None) -> ox.Store:
    """A store to build views from: a loaded dataset, a store, a built ``.nq`` file, or (None) the sources."""
    import pyoxigraph as ox

    from hkgov_graph.graph.load import LoadedDataset, load_dataset

    if source is None:
        return load_dataset().store
    if isinstance(source, LoadedDataset):
        return source.store
    if isinstance(source, ox.Store):
        return source
    path = Path(source)
    if not path.is_file():
        raise InputError("no such N-Quads file", path, hint="run `hkgov-graph build` first, or pass --nquads PATH")
    from hkgov_graph.graph.persistent import open_current

    on_disk = open_current(path)  # the build's store, read-only, while it is current with the dump
    if on_disk is not None:
        return on_disk
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    except SyntaxError as error:
        raise InputError(f"malformed N-Quads: {error}", path, getattr(error, "lineno", None)) from None
    except OSError as error:
        raise InputError(f"cannot read the file: {error}", path) from None
    if next(iter(store.named_graphs()), None) is None:
        # an N-Triples file parses as N-Quads, into the default graph, where no view looks: an empty view and exit 0
        raise InputError("holds no named graphs: the views read the N-Quads dump, one graph per source document "
                         "(build/hkgov-graph.nq or the site's dumps/hkgov-graph.nq), not the N-Triples union", path)
    return store


def _query_text(name: str) -> str:
    return (files("hkgov_graph.export") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


@dataclass
class _Graphs:
    """Which named graphs the view queries see."""

    asserted: list[ox.NamedNode]
    data: list[ox.NamedNode]


def _graphs(store: ox.Store) -> _Graphs:
    names = sorted((g for g in store.named_graphs() if hasattr(g, "value")), key=lambda g: g.value)
    asserted = [g for g in names if g.value != ns.INFERRED_GRAPH]
    data = [g for g in asserted if g.value != ns.ONTOLOGY_GRAPH]
    return _Graphs(asserted, data)


def _select(store: ox.Store, name: str, graphs: list[ox.NamedNode]) -> list[dict[str, str]]:
    """Run a packaged SELECT over ``graphs`` (as default graph and as named graphs); rows of plain strings."""
    if not graphs:
        return []
    solutions = _solutions(store, name, graphs)
    names = [v.value for v in solutions.variables]
    return [{var: ("" if solution[var] is None else solution[var].value) for var in names}
            for solution in solutions]


def _solutions(store: ox.Store, name: str, graphs: list[ox.NamedNode]) -> ox.QuerySolutions:
    """A packaged SELECT over ``graphs``, as default graph and as named graphs."""
    return store.query(_query_text(name), default_graph=list(graphs), named_graphs=list(graphs))


def _select_with_languages(store: ox.Store, name: str, graphs: list[ox.NamedNode],
                           literal_var: str) -> list[tuple[dict[str, str], str]]:
    """Like :func:`_select`, also giving the (lower-cased) language tag of one literal variable."""
    if not graphs:
        return []
    solutions = _solutions(store, name, graphs)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = {var: ("" if solution[var] is None else solution[var].value) for var in names}
        term = solution[literal_var]
        language = getattr(term, "language", None) or ""
        rows.append((row, language.lower()))
    return rows


# -- Node and edge records --

def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            iri = iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


def prefixed_name(iri: str) -> str:
    """``prefix:local`` for an IRI in one of the project's namespaces, else the IRI itself."""
    best = ""
    for prefix, namespace in ns.PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(ns.PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(ns.PREFIXES[best]):]}" if best else iri


def _pick(values: Iterable[str]) -> str:
    """The value most graphs agree on; ties broken by the shorter, then alphabetical."""
    counts = Counter(values)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], len(v), v))


def _earliest(values: Iterable[str]) -> str:
    dated = [(p.first, p.last, v) for v in set(values) if (p := parse_period(v))]
    return min(dated)[2] if dated else ""


def _latest(values: Iterable[str]) -> str:
    dated = [(p.last, p.first, v) for v in set(values) if (p := parse_period(v))]
    return max(dated)[2] if dated else ""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _clean(value: Any) -> Any:
    """Drop characters no XML document may contain, so every format can carry every value."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


@dataclass
class _Facts:
    """Everything the views need to know about resources, read once from the store."""

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    values: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    intervals: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    established: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    renamed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    property_labels: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    ontology_graph: str = ns.ONTOLOGY_GRAPH
    # the time model: bounds of each dated thing and of each reporting step (sub, sup, line, via)
    time: dict[str, dict[str, str]] = field(default_factory=dict)
    steps: dict[tuple[str, str, str, str], dict[str, str]] = field(default_factory=dict)
    reference_date: str = ""

    def dated(self, iri: str) -> bool:
        """Whether the time model speaks of this resource's kind (organisations, terms, events ...)."""
        return iri in self.time or self.kind(iri) in DATED_KINDS

    def time_of(self, iri: str) -> dict[str, str]:
        """The model's bounds of a resource, and whether its kind is one the sources never date."""
        bounds = {k: self.time.get(iri, {}).get(k, "") for k in TIME_ATTRIBUTES}
        bounds["undated_kind"] = "" if self.dated(iri) else "true"
        return bounds

    def kind(self, iri: str) -> str:
        types = self.types.get(iri, set())
        names = {local_name(t) for t in types}
        for candidate in KIND_PRIORITY:
            if candidate in names:
                return candidate
        # OWL's and RDFS's own classes (owl:NamedIndividual, owl:Class) only when nothing else is said
        domain = {local_name(t) for t in types if not t.startswith((ns.OWL, ns.RDFS, ns.RDF))}
        return min(domain or names) if names else "Resource"

    def label(self, iri: str, language: str) -> str:
        return _pick(self.labels.get((iri, language), []))

    def node(self, iri: str) -> dict[str, Any]:
        """The attributes of a node (every key of :data:`NODE_ATTRIBUTES`)."""
        en, hant, hans = self.label(iri, "en"), self.label(iri, "zh-hant"), self.label(iri, "zh-hans")
        fallback = _pick(self.labels.get((iri, "rdfs"), [])) or unquote(local_name(iri))
        founding = _earliest(self.values.get((iri, "foundingDate"), []))
        not_before = _earliest(self.values.get((iri, "foundedNotBefore"), []))
        if not founding and not not_before:
            not_before = _earliest(self.established.get(iri, []))
        status = sorted({local_name(s).lower() for s in self.values.get((iri, "status"), [])})
        return {
            "id": iri,
            "kind": self.kind(iri),
            "label": hant or hans or en or fallback,
            "label_en": en,
            "label_zh_hant": hant,
            "label_zh_hans": hans,
            "notation": _pick(self.values.get((iri, "notation"), [])),
            "source": " ".join(sorted(self.sources.get(iri, ()))),
            "founding_date": founding,
            "founded_not_before": "" if founding else not_before,
            "founding_status": "known" if founding else ("not-before" if not_before else "unknown"),
            "dissolution_date": _earliest(self.values.get((iri, "dissolutionDate"), [])),
            "renamed_on": _earliest(self.renamed.get(iri, [])),
            "during": format_during(self.intervals.get(iri, [])),
            "attested": " ".join(sorted(set(self.values.get((iri, "attestedOn"), [])))),
            "status": " ".join(status),
            "part_of": "",
            **self.time_of(iri),
            "as_of_status": "",
            "as_of_reason": "",
        }

    def edge_labels(self, kind: str, predicate: str) -> tuple[str, str, str]:
        """English, Traditional and Simplified names of an edge kind, reading from the edge's source to its
        target: the project's own words (:data:`EDGE_KIND_WORDS`), else the property's labels."""
        if kind in EDGE_KIND_WORDS:
            key = f"edge.{kind}"
            return i18n.text(key, "en"), i18n.text(key, "zh-Hant"), i18n.text(key, "zh-Hans")
        en = _pick(self.property_labels.get((predicate, "en"), []))
        hant = _pick(self.property_labels.get((predicate, "zh-hant"), []))
        hans = _pick(self.property_labels.get((predicate, "zh-hans"), []))
        return en or local_name(predicate), hant, hans


_FACT_KEYS = {
    ns.SCHEMA + "foundingDate": "foundingDate",
    ns.SCHEMA + "dissolutionDate": "dissolutionDate",
    ns.HKG + "foundedNotBefore": "foundedNotBefore",
    ns.HKG + "status": "status",
    ns.HKG + "attestedOn": "attestedOn",
    ns.SKOS + "notation": "notation",
}


def read_facts(store: ox.Store) -> _Facts:
    """Read the node facts the views share (types, labels, dates, sources) with a few queries."""
    graphs = _graphs(store)
    facts = _Facts()
    for row, language in _select_with_languages(store, "view-node-facts", graphs.asserted, "o"):
        x, p, o = row["x"], row["p"], row["o"]
        if p == ns.RDF + "type":
            facts.types[x].add(o)
        elif p == ns.SKOS + "prefLabel":
            facts.labels[(x, language)].append(o)
        elif p == ns.RDFS + "label":
            facts.labels[(x, "rdfs")].append(o)
        elif p in _FACT_KEYS:
            facts.values[(x, _FACT_KEYS[p])].append(o)
    for row in _select(store, "view-node-sources", graphs.asserted):
        facts.sources[row["x"]].add(row["g"])
    for row in _select(store, "view-intervals", graphs.asserted):
        facts.intervals[row["x"]].append((row["begin"], row["end"]))
    for row in _select(store, "view-lifecycle-events", graphs.asserted):
        (facts.established if row["kind"] == "established" else facts.renamed)[row["org"]].append(row["date"])
    for row, language in _select_with_languages(store, "view-property-labels", graphs.asserted, "label"):
        facts.property_labels[(row["term"], language)].append(row["label"])
    read_time(store, facts)
    return facts


def read_time(store: ox.Store, facts: _Facts) -> None:
    """The time model's bounds: from the inferred graph of a built store, else computed from its sources."""
    import pyoxigraph as ox

    inferred = [ox.NamedNode(ns.INFERRED_GRAPH)]
    reference = _select(store, "view-reference-date", inferred) if ox.NamedNode(ns.INFERRED_GRAPH) in set(
        store.named_graphs()) else []
    if reference:
        facts.reference_date = reference[0]["date"]
        for row in _select(store, "view-time", inferred):
            facts.time[row["x"]] = {k: row[k] for k in TIME_ATTRIBUTES}
        for row in _select(store, "view-steps", inferred):
            facts.steps[(row["sub"], row["sup"], row["line"], row["via"])] = {k: row[k] for k in TIME_ATTRIBUTES}
        return
    from hkgov_graph.temporal.model import compute

    model = compute(store)  # a store straight from the sources: the same values, not stored
    facts.reference_date = model.reference_date or ""

    def values(extent) -> dict[str, str]:  # type: ignore[no-untyped-def]
        last = extent.last_attestation()
        return {"start_earliest": extent.start_lo.day if extent.start_lo else "",
                "start_latest": extent.start_hi.day if extent.start_hi else "",
                "end_earliest": extent.end_lo.day if extent.end_lo else "",
                "end_latest": extent.end_hi.day if extent.end_hi else "",
                "last_attested": last.text if last else ""}

    for thing, extent in model.extents.items():
        if not extent.empty() or extent.attestations:
            facts.time[thing] = values(extent)
    for key, step in model.steps.items():
        facts.steps[(key.sub, key.sup, key.line, key.via)] = values(step.extent)


@dataclass
class _EdgeBuilder:
    """Collects edge supports (one per statement and graph) and merges them per (from, to, key)."""

    facts: _Facts
    supports: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def add(self, u: str, v: str, key: str, kind: str, predicate: str, graph: str, *,
            interval: list[tuple[str, str]] | None = None, attested: Iterable[str] = (),
            via: str = "", dates_from: str = "", time: dict[str, str] | None = None) -> None:
        """One statement of an edge; ``time`` is the model's bounds of what dates the edge (default: ``u``)."""
        record = self.supports.setdefault((u, v, key), {
            "kind": kind, "predicates": set(), "sources": set(), "intervals": [], "unbounded": False,
            "attested": set(), "via": via, "dates_from": dates_from, "time": time})
        record["predicates"].add(predicate)
        if graph:
            record["sources"].add(graph)
        if interval:
            record["intervals"].extend(interval)
        else:
            record["unbounded"] = True
        record["attested"].update(a for a in attested if a)

    def attributes(self, u: str, v: str, key: str) -> dict[str, Any]:
        r = self.supports[(u, v, key)]
        kind = r["kind"]
        predicate = EDGE_KIND_PREDICATES.get(kind, min(r["predicates"]))
        en, hant, hans = self.facts.edge_labels(kind, predicate)
        intervals = [] if r["unbounded"] else sorted(set(r["intervals"]))
        begins = [b for b, _ in intervals]
        ends = [e for _, e in intervals]
        dated = self.facts.node(r["dates_from"]) if r["dates_from"] else {}
        return {
            "kind": kind,
            "label_en": en,
            "label_zh_hant": hant,
            "label_zh_hans": hans,
            "predicate": " ".join(sorted(r["predicates"])),
            "stated_in": " ".join(sorted(r["sources"])),
            "during": format_during(intervals),
            "valid_from": "" if not intervals or "" in begins else _earliest(begins),
            "valid_until": "" if not intervals or "" in ends else _latest(ends),
            "attested": " ".join(sorted(r["attested"])),
            "via": r["via"],
            "founding_date": dated.get("founding_date", ""),
            "founded_not_before": dated.get("founded_not_before", ""),
            "dissolution_date": dated.get("dissolution_date", ""),
            "renamed_on": dated.get("renamed_on", ""),
            **(self._time(r, u)),
            "as_of_status": "",
            "as_of_reason": "",
        }

    def _time(self, record: dict[str, Any], u: str) -> dict[str, str]:
        """The bounds dating an edge: its own (a reporting step), else those of what it comes from."""
        if record["time"] is not None:
            return {**{k: record["time"].get(k, "") for k in TIME_ATTRIBUTES}, "undated_kind": ""}
        return self.facts.time_of(record["dates_from"] or u)


def _assemble(graph: nx.Graph, facts: _Facts, nodes: Iterable[str], edges: _EdgeBuilder,
              part_of: dict[str, set[str]], extra: Callable[[str], dict[str, Any]] | None = None) -> nx.Graph:
    """Add nodes and edges in a sorted order, so every writer sees them the same way each time."""
    node_set = set(nodes)
    for iri in sorted(node_set):
        attrs = facts.node(iri)
        attrs["part_of"] = " ".join(sorted(p for p in part_of.get(iri, ()) if p in node_set and p != iri))
        if extra:
            attrs.update(extra(iri))
        graph.add_node(iri, **{k: _clean(v) for k, v in attrs.items()})
    for u, v, key in sorted(edges.supports):
        if u in node_set and v in node_set:
            graph.add_edge(u, v, key=key, **{k: _clean(x) for k, x in edges.attributes(u, v, key).items()})
    return graph


# -- The views --

def _line_bounds(facts: _Facts, steps_by_line: dict[tuple[str, str, str], list[dict[str, str]]],
                 sub: str, sup: str, line: str) -> dict[str, str] | None:
    """The bounds of a direct line from ``sub`` to ``sup``: its step's, widened by the steps through a group
    of offices to the same superior on the same line, or None where the time model has no direct step.

    The time model takes a step between the same two organisations on the same line as one period
    (docs/time-model.md), and network-as-of reads the surest of them: seed 001 moves the Mainland ETOs to
    the CMAB on 2007-07-01 (2007年7月1日決策局重組後劃入新成立的政制及內地事務局), so the Guangdong ETO's
    line to it is in force in 2010 through its group, though no source dates its own line before 2012.
    """
    if (sub, sup, line, "") not in facts.steps:
        return None
    steps = steps_by_line[(sub, sup, line)]

    def known(key: str) -> list[str]:
        return [b[key] for b in steps if b.get(key)]

    def unless_open(key: str, pick: Callable[[list[str]], str]) -> str:  # an open bound stays open
        return pick(known(key)) if len(known(key)) == len(steps) else ""

    return {"start_earliest": unless_open("start_earliest", min),
            "start_latest": min(known("start_latest"), default=""),
            "end_earliest": max(known("end_earliest"), default=""),
            "end_latest": unless_open("end_latest", max),
            "last_attested": max(known("last_attested"), default="")}


def reporting_view(store: ox.Store, facts: _Facts) -> nx.MultiDiGraph:
    """All-times reporting view: bodies of the HKSAR Government and the lines between them."""
    import networkx as nx

    graphs = _graphs(store)
    allowed = REPORTING_ALWAYS | REPORTING_IF_LINKED
    edges = _EdgeBuilder(facts)
    group_has_line: set[str] = set()
    rows = _select(store, "view-reporting-edges", graphs.asserted)
    attested = {iri: facts.values.get((iri, "attestedOn"), []) for iri in {r["relation"] for r in rows} if iri}
    steps_by_line: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for (sub, sup, line, _via), bounds in sorted(facts.steps.items()):
        steps_by_line[(sub, sup, line)].append(bounds)
    for r in rows:
        parent, child, kind = r["parent"], r["child"], r["kind"]
        if facts.kind(parent) not in allowed or facts.kind(child) not in allowed:
            continue
        if facts.values.get((parent, "status")) or facts.values.get((child, "status")):
            continue
        if kind == "administrative" and facts.kind(child) == "OfficeGroup":
            group_has_line.add(child)
        relation = r["relation"]
        step = _line_bounds(facts, steps_by_line, child, parent, LINES.get(kind, ""))
        edges.add(parent, child, kind, kind, r["predicate"], r["g"],
                  interval=facts.intervals.get(relation) if relation else None,
                  attested=attested.get(relation, []), dates_from=child if kind == "in-group" else "",
                  time=step if step is not None or kind == "in-group" else {})
    for key in [k for k in edges.supports if k[2] == "in-group" and k[0] not in group_has_line]:
        del edges.supports[key]
    nodes = {x for x in facts.types if facts.kind(x) in REPORTING_ALWAYS and not facts.values.get((x, "status"))}
    nodes |= {u for u, _, _ in edges.supports} | {v for _, v, _ in edges.supports}
    part_of: dict[str, set[str]] = defaultdict(set)
    for u, v, key in edges.supports:
        if key == "unit-of" and facts.kind(v) in PART_OF_KINDS:
            part_of[v].add(u)
    return _assemble(nx.MultiDiGraph(), facts, nodes, edges, part_of)


def coverage_view(store: ox.Store, facts: _Facts) -> nx.MultiGraph:
    """All-times coverage view: Mainland offices, the 34 regions, one edge per reason of coverage."""
    import networkx as nx

    graphs = _graphs(store)
    edges = _EdgeBuilder(facts)
    for r in _select(store, "view-coverage-edges", graphs.asserted):
        office, region, via, unit = r["office"], r["region"], r["via"], r["unit"]
        if facts.values.get((office, "status")) or (unit and facts.values.get((unit, "status"))):
            continue
        key = f"liaison-unit:{unit}" if unit else via
        step = facts.steps.get((unit, office, ns.HKG + "AdministrativeReporting", "")) if unit else None
        edges.add(office, region, key, via, EDGE_KIND_PREDICATES[via], r["g"], via=unit, dates_from=unit or office,
                  time=step)
    offices = {x for x in facts.types if facts.kind(x) in OFFICE_KINDS and not facts.values.get((x, "status"))}
    regions = {x for x in facts.types if facts.kind(x) in REGION_KINDS}
    return _assemble(nx.MultiGraph(), facts, offices | regions, edges, {},
                     extra=lambda iri: {"bipartite": 0 if iri in offices else 1})


def cooperation_view(store: ox.Store, facts: _Facts) -> nx.MultiDiGraph:
    """All-times cooperation view: mechanisms, tiers, posts and the bodies taking part."""
    import networkx as nx

    graphs = _graphs(store)
    edges = _EdgeBuilder(facts)
    part_of: dict[str, set[str]] = defaultdict(set)
    for r in _select(store, "view-cooperation-edges", graphs.asserted):
        u, v, kind = r["from"], r["to"], r["kind"]
        if facts.values.get((u, "status")) or facts.values.get((v, "status")):
            continue
        edges.add(u, v, kind, kind, r["predicate"], r["g"])
        if kind in ("tier", "part"):
            part_of[v].add(u)
    nodes = {x for x in facts.types if facts.kind(x) in MECHANISM_KINDS and not facts.values.get((x, "status"))}
    nodes |= {u for u, _, _ in edges.supports} | {v for _, v, _ in edges.supports}
    posts = {x for x in nodes if facts.kind(x) == "Post"}
    for r in _select(store, "view-posts", graphs.asserted):
        if r["post"] in posts and not facts.values.get((r["org"], "status")):
            edges.add(r["post"], r["org"], "post-in", "post-in", ns.ORG + "postIn", r["g"])
            nodes.add(r["org"])
    return _assemble(nx.MultiDiGraph(), facts, nodes, edges, part_of)


def whole_view(store: ox.Store, facts: _Facts) -> nx.MultiDiGraph:
    """Every resource of the source and editorial graphs and every statement between two of them."""
    import networkx as nx

    graphs = _graphs(store)
    edges = _EdgeBuilder(facts)
    nodes = {x for x, sources in facts.sources.items() if sources - {facts.ontology_graph}}
    part_of: dict[str, set[str]] = defaultdict(set)
    for r in _select(store, "view-whole-edges", graphs.data):
        s, p, o = r["s"], r["p"], r["o"]
        key = prefixed_name(p)
        edges.add(s, o, key, key, p, r["g"])
        nodes.update((s, o))
        if o.startswith(ns.GENID):
            part_of[o].add(s)  # intervals, instants, addresses hang off what points at them
        elif (p == ns.ORG + "unitOf" and facts.kind(s) in PART_OF_KINDS) or p == ns.HKG + "tierOf":
            part_of[s].add(o)
    return _assemble(nx.MultiDiGraph(), facts, nodes, edges, part_of)


_BUILDERS: dict[str, Callable[[ox.Store, _Facts], nx.Graph]] = {
    "reporting": reporting_view,
    "coverage": coverage_view,
    "cooperation": cooperation_view,
    "whole": whole_view,
}


def check_view(view: str) -> str:
    """The view name, or a usage error naming the choices."""
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    return view


def check_format(fmt: str) -> str:
    """The format name, or a usage error naming the choices."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return fmt


def as_of_text(as_of: str | date | None) -> str | None:
    """An as-of value as text (a ``date`` becomes ``YYYY-MM-DD``)."""
    if isinstance(as_of, date):
        return as_of.isoformat()
    return as_of


def build_view(source: LoadedDataset | ox.Store | Path | str | None, view: str,
               as_of: str | date | None = None, *, facts: _Facts | None = None) -> nx.Graph:
    """The named view, as of a date (see the module docstring for what ``as_of`` accepts)."""
    check_view(view)
    text = as_of_text(as_of)
    if text is not None and text.strip().lower() == ALL_TIMES:
        mode: str | Period | None = ALL_TIMES
    elif text is None:
        mode = ALL_TIMES if view == "whole" else None
    else:
        mode = parse_as_of(text)
    store = open_store(source)
    facts = facts or read_facts(store)
    full = _BUILDERS[view](store, facts)
    full.graph.update({"name": f"hkgov-graph {view}", "view": view, "reference_date": facts.reference_date,
                       "as_of": ALL_TIMES if mode == ALL_TIMES else (mode.text if mode else "now")})
    if mode == ALL_TIMES:
        return full
    return filter_as_of(full, mode)


def as_of_status(attrs: dict[str, Any], as_of: Period) -> tuple[str, str]:
    """The time model's answer for a node or edge as of a period: status and reason (none for undated kinds)."""
    if attrs.get("undated_kind"):
        return "", ""
    return status(attrs, as_of.first, as_of.last, proposed=bool(attrs.get("status")))


def filter_as_of(graph: nx.Graph, as_of: Period | None) -> nx.Graph:
    """The part of an all-times view not out of force as of a date (None: now, the graph's reference date).

    Each element kept says how sure (``as_of_status``, ``as_of_reason``). Mirrors ``viewer/app.js``.
    """
    now = as_of is None
    if as_of is None:
        reference = str(graph.graph.get("reference_date") or "") or date.today().isoformat()
        as_of = Period(reference, reference, reference)
    answers = {n: as_of_status(attrs, as_of) for n, attrs in graph.nodes(data=True)}
    keep = {n for n, (s, _) in answers.items() if s != NOT_IN_FORCE}
    changed = True
    while changed:  # a liaison unit, division or tier goes with the body it is part of
        changed = False
        for n in sorted(keep):
            parents = str(graph.nodes[n].get("part_of") or "").split()
            if parents and not any(p in keep for p in parents):
                keep.discard(n)
                changed = True
    result = graph.__class__()
    result.graph.update(graph.graph)
    result.graph["as_of"] = "now" if now else as_of.text
    result.graph["as_of_date"] = as_of.text
    for n, attrs in graph.nodes(data=True):
        if n in keep:
            result.add_node(n, **{**attrs, "as_of_status": answers[n][0], "as_of_reason": answers[n][1]})
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        answer = as_of_status(attrs, as_of)
        if u in keep and v in keep and answer[0] != NOT_IN_FORCE:
            result.add_edge(u, v, key=key, **{**attrs, "as_of_status": answer[0], "as_of_reason": answer[1]})
    return result


def views_at(source: LoadedDataset | ox.Store | Path | str | None, as_of: str | date | None = None,
             names: Iterable[str] = VIEWS) -> dict[str, nx.Graph]:
    """Several views from one store, reading the shared facts once."""
    store = open_store(source)
    facts = read_facts(store)
    return {name: build_view(store, name, as_of, facts=facts) for name in names}


def source_documents(source: LoadedDataset | ox.Store | Path | str | None) -> dict[str, dict[str, str]]:
    """Title, address and kind of every source and editorial graph, for the viewer's details panel.

    ``title`` is the document's own title (the Traditional one where there are several); ``title_en``,
    ``title_zh_hant`` and ``title_zh_hans`` are its titles in those languages where the graph gives
    them, so the viewer can show an editorial document's title in the script chosen. An editorial
    document's Simplified title is in the graph of generated Simplified labels, not its own; a source
    document keeps only the titles it was published under."""
    store = open_store(source)
    query = f"""
        PREFIX dcterms: <{ns.DCTERMS}>
        PREFIX hkg: <{ns.HKG}>
        SELECT ?g ?type ?title ?title_graph ?address ?identifier WHERE {{
          GRAPH ?g {{ ?g a ?type . VALUES ?type {{ hkg:SourceDocument hkg:EditorialSource }} }}
          OPTIONAL {{ GRAPH ?title_graph {{ ?g dcterms:title ?title }} }}
          OPTIONAL {{ GRAPH ?g {{ ?g dcterms:source ?address }} }}
          OPTIONAL {{ GRAPH ?g {{ ?g dcterms:identifier ?identifier }} }}
        }}"""
    docs: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in store.query(query):
        g = s["g"].value
        editorial = s["type"].value.endswith("EditorialSource")
        docs[g]["kind"].append("editorial" if editorial else "source")
        for var in ("title", "address", "identifier"):
            term = s[var]
            if var == "title" and term is not None and s["title_graph"].value != g and not editorial:
                continue
            if term is not None:
                lang = (getattr(term, "language", None) or "").lower()
                docs[g][var].append(("0" if lang == "zh-hant" else "1" if lang else "2") + term.value)
                if var == "title":
                    docs[g]["title_by_lang"].append((lang, term.value))
    result = {}
    for g in sorted(docs):
        d = docs[g]
        result[g] = {
            "kind": min(d["kind"]),
            "title": min(d["title"])[1:] if d["title"] else local_name(g),
            "address": min(d["address"])[1:] if d["address"] else "",
            "identifier": min(d["identifier"])[1:] if d["identifier"] else "",
        }
        for lang, key in (("en", "title_en"), ("zh-hant", "title_zh_hant"), ("zh-hans", "title_zh_hans")):
            titles = sorted(title for tag, title in d["title_by_lang"] if tag == lang)
            if titles:
                result[g][key] = titles[0]
    return result


# -- Writing --

def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    A path that is there but is not a plain file of its own (a symbolic link, a device, a pipe:
    ``-o /dev/stdout``, ``-o /dev/null``, a FIFO) is written through instead: replacing it would put a
    file in place of the link or the device, and whoever reads from it would get nothing.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the output folder does not exist", folder)
    if path.is_dir():
        raise InputError("is a folder: give the file to write (-o FILE)", path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_CLASS_NAMESPACES = (ns.HKG, ns.ORG, ns.FOAF, ns.SCHEMA, ns.TIME, ns.PROV, ns.SKOS, ns.VCARD, ns.OWL, ns.RDFS)


def kind_labels(facts: _Facts, kinds: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """English, Traditional and Simplified names of node kinds (class local names), from the ontology's labels."""
    labels = {}
    for kind in sorted(set(kinds)):
        en = hant = hans = ""
        for namespace in _CLASS_NAMESPACES:
            iri = namespace + kind
            en = en or _pick(facts.property_labels.get((iri, "en"), []))
            hant = hant or _pick(facts.property_labels.get((iri, "zh-hant"), []))
            hans = hans or _pick(facts.property_labels.get((iri, "zh-hans"), []))
        labels[kind] = (en or kind, hant, hans)
    return labels


def render(graph: nx.Graph, fmt: str, *, documents: dict[str, dict[str, str]] | None = None,
           all_times: nx.Graph | None = None, labels_of_kinds: dict[str, tuple[str, str, str]] | None = None,
           names: dict[str, dict[str, str]] | None = None) -> bytes:
    """The bytes of a view in a format. The HTML viewer also wants the all-times view, documents, kind names
    and readable names of the nodes without a label (:mod:`hkgov_graph.export.readable`)."""
    from hkgov_graph.export import formats

    check_format(fmt)
    if fmt == "html":
        from hkgov_graph.export.viewer import render_html

        return render_html(all_times if all_times is not None else graph, graph, documents or {}, labels_of_kinds,
                           names)
    return formats.WRITERS[fmt](graph)


def export(source: LoadedDataset | ox.Store | Path | str | None, view: str, fmt: str, output: Path,
           as_of: str | date | None = None) -> nx.Graph:
    """Build a view and write it to ``output`` atomically; returns the graph written."""
    check_view(view)
    check_format(fmt)
    store = open_store(source)
    facts = read_facts(store)
    graph = build_view(store, view, as_of, facts=facts)
    if fmt == "html":
        from hkgov_graph.export.readable import readable_names

        all_times = build_view(store, view, ALL_TIMES, facts=facts)
        unlabelled = [n for n, a in all_times.nodes(data=True)
                      if not (a.get("label_en") or a.get("label_zh_hant") or a.get("label_zh_hans"))]
        data = render(graph, fmt, documents=source_documents(store), all_times=all_times,
                      labels_of_kinds=kind_labels(facts, (a["kind"] for _, a in all_times.nodes(data=True))),
                      names=readable_names(store, unlabelled))
    else:
        data = render(graph, fmt)
    write_atomic(Path(output), data)
    return graph
