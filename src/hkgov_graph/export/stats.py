"""A short structural report: span of control, depth of the reporting tree, regions per office.

Computed on the ``reporting`` and ``coverage`` views (:mod:`hkgov_graph.export.views`),
so it honours ``as_of`` the same way: the structure not out of force on the
date under the build's time model (``docs/time-model.md``); "now" is the
graph's reference date. Counts include what is only possibly in force, or of
unknown date, and say how many of them are.

- Span of control of a body: how many units answer to it directly along the
  structural lines (``unit-of`` and ``administrative``); groups of offices
  are not counted as units, but an office in one answers to the group's
  superior as the time model's step *via* the group dates it (before
  2007-07-01 only the group's line, 001's 香港經濟貿易辦事處原隸屬政制事務局,
  puts the ETOs under CAB, as ``units-under`` answers). Policy guidance is
  reported beside it, not in it.
- Depth of the reporting tree: the number of levels below the top on the
  longest chain of structural lines (government → bureau → office → liaison
  unit is 3).
- Regions per office: the distinct provincial-level regions an office covers
  (stated as served, where it sits, or where one of its liaison units sits).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph.export.views import LINES, build_view, open_store, prefixed_name, read_facts
from hkgov_graph.temporal.dates import parse_period
from hkgov_graph.temporal.status import NOT_IN_FORCE, POSSIBLY, UNKNOWN, status

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from hkgov_graph.export.views import _Facts
    from hkgov_graph.graph.load import LoadedDataset

STRUCTURAL = frozenset({"unit-of", "administrative"})


@dataclass
class Span:
    id: str
    name: str
    name_en: str
    kind: str
    subordinates: int
    by_kind: dict[str, int]
    policy_guidance_to: int
    uncertain: int = 0  # of the subordinates, those only possibly under it, or of unknown date


@dataclass
class Coverage:
    id: str
    name: str
    name_en: str
    regions: int
    direct: int
    seat: int
    liaison_unit: int
    region_codes: list[str]


@dataclass
class Report:
    as_of: str
    date: str = ""  # the date answered for: the one asked, or the graph's reference date for "now"
    span_of_control: list[Span] = field(default_factory=list)
    depth: int = 0
    deepest_chain: list[str] = field(default_factory=list)
    deepest_chain_names: list[str] = field(default_factory=list)
    regions_per_office: list[Coverage] = field(default_factory=list)


def structural_tree(reporting: nx.MultiDiGraph) -> nx.DiGraph:
    """The structural lines of a reporting view, without groups of offices, as a simple DiGraph."""
    import networkx as nx

    tree = nx.DiGraph()
    for n, attrs in reporting.nodes(data=True):
        if attrs.get("kind") != "OfficeGroup":
            tree.add_node(n, **attrs)
    for u, v, key, attrs in reporting.edges(keys=True, data=True):
        if key in STRUCTURAL and u in tree and v in tree:
            sure = attrs.get("as_of_status") not in ("possibly", "unknown")
            if tree.has_edge(u, v):  # under it by two lines: surely so when either line is sure
                tree.edges[u, v]["uncertain"] = tree.edges[u, v]["uncertain"] and not sure
            else:
                tree.add_edge(u, v, uncertain=not sure)
    return tree


def follow_groups(tree: nx.DiGraph, reporting: nx.MultiDiGraph, facts: _Facts) -> None:
    """Put each office in a group of offices under the group's superiors, as its step via the group is dated.

    The office's own status on the date stands beside the step's: an edge is uncertain where the step is
    only possibly in force, or of unknown date, as of the view's date.
    """
    period = parse_period(str(reporting.graph.get("as_of_date") or ""))
    if period is None:
        return
    for group, office, key in reporting.edges(keys=True):
        if key != "in-group" or office not in tree:
            continue
        for superior, _, line in reporting.in_edges(group, keys=True):
            step = facts.steps.get((office, superior, LINES.get(line, ""), group))
            if line not in STRUCTURAL or superior not in tree or step is None:
                continue
            answer, _ = status(step, period.first, period.last)
            if answer == NOT_IN_FORCE:
                continue
            sure = answer not in (POSSIBLY, UNKNOWN)
            if tree.has_edge(superior, office):
                tree.edges[superior, office]["uncertain"] = tree.edges[superior, office]["uncertain"] and not sure
            else:
                tree.add_edge(superior, office, uncertain=not sure)


def longest_chain(tree: nx.DiGraph) -> list[str]:
    """The longest top-down chain of the tree (the first in sorted order when several are as long)."""
    import networkx as nx

    if tree.number_of_nodes() == 0:
        return []
    if not nx.is_directed_acyclic_graph(tree):  # a cycle is a data error the checks report; do not loop
        tree = nx.DiGraph(e for e in tree.edges() if e[0] < e[1])
    best: dict[str, list[str]] = {}
    for n in reversed(list(nx.lexicographical_topological_sort(tree))):
        below = [best[c] for c in sorted(tree.successors(n))]
        longest = max(below, key=len, default=[])
        best[n] = [n, *longest]
    return max((best[n] for n in sorted(best)), key=len)


def compute(source: LoadedDataset | ox.Store | Path | str | None = None,
            as_of: str | date | None = None) -> Report:
    """The report for the structure in force as of a date (None: now)."""
    store = open_store(source)
    facts = read_facts(store)
    reporting = build_view(store, "reporting", as_of, facts=facts)
    coverage = build_view(store, "coverage", as_of, facts=facts)
    report = Report(as_of=str(reporting.graph.get("as_of", "now")), date=str(reporting.graph.get("as_of_date", "")))

    tree = structural_tree(reporting)
    follow_groups(tree, reporting, facts)
    for n in tree.nodes:
        subordinates = sorted(tree.successors(n))
        policy = {v for _, v, k in reporting.out_edges(n, keys=True) if k == "policy-guidance"}
        if not subordinates and not policy:
            continue
        by_kind: dict[str, int] = {}
        uncertain = 0
        for s in subordinates:
            kind = str(tree.nodes[s]["kind"])
            by_kind[kind] = by_kind.get(kind, 0) + 1
            if tree.nodes[s].get("as_of_status") in ("possibly", "unknown") or tree.edges[n, s].get("uncertain"):
                uncertain += 1
        attrs = tree.nodes[n]
        report.span_of_control.append(Span(n, str(attrs["label"]), str(attrs["label_en"]), str(attrs["kind"]),
                                           len(subordinates), dict(sorted(by_kind.items())), len(policy), uncertain))
    report.span_of_control.sort(key=lambda s: (-s.subordinates, -s.policy_guidance_to, s.id))
    chain = longest_chain(tree)
    report.depth = max(len(chain) - 1, 0)
    report.deepest_chain = chain
    report.deepest_chain_names = [str(tree.nodes[n]["label"]) for n in chain]

    for n, attrs in coverage.nodes(data=True):
        if attrs.get("bipartite") != 0:
            continue
        via: dict[str, set[str]] = {"direct": set(), "seat": set(), "liaison-unit": set()}
        for _, region, data in coverage.edges(n, data=True):
            via.setdefault(str(data["kind"]), set()).add(region)
        regions = set().union(*via.values())
        codes = sorted(str(coverage.nodes[r].get("notation") or prefixed_name(r)) for r in regions)
        report.regions_per_office.append(Coverage(
            n, str(attrs["label"]), str(attrs["label_en"]), len(regions), len(via["direct"]), len(via["seat"]),
            len(via["liaison-unit"]), codes))
    report.regions_per_office.sort(key=lambda c: (-c.regions, c.id))
    return report


def to_json(report: Report) -> str:
    return json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n"


# -- A plain-text table that lines up with Chinese text in a terminal --

def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(width - display_width(text), 0)
    return gap + text if right else text + gap


def table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, widths[i], i in numeric) for i, h in enumerate(headers)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, widths[i], i in numeric) for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)


def to_text(report: Report) -> str:
    when = f"now ({report.date}, the graph's reference date)" if report.as_of == "now" else report.as_of
    parts = [f"Structure as of {when}: what the sources put in force then, or possibly in force (docs/time-model.md)",
             ""]
    parts.append("Span of control (units directly under each body, along unit-of and administrative lines)")
    parts.append(table(
        ["body", "name", "kind", "units", "of which", "possibly", "policy guidance to"],
        [[prefixed_name(s.id), s.name, s.kind, str(s.subordinates),
          ", ".join(f"{k} {v}" for k, v in s.by_kind.items()), str(s.uncertain), str(s.policy_guidance_to)]
         for s in report.span_of_control],
        numeric={3, 5, 6}))
    parts += ["", f"Depth of the reporting tree: {report.depth} levels below the top",
              "  " + " → ".join(report.deepest_chain_names), ""]
    parts.append("Regions per office (distinct provincial-level regions covered)")
    parts.append(table(
        ["office", "name", "regions", "served", "seat", "via units", "regions (ISO 3166-2)"],
        [[prefixed_name(c.id), c.name, str(c.regions), str(c.direct), str(c.seat), str(c.liaison_unit),
          " ".join(c.region_codes)] for c in report.regions_per_office],
        numeric={2, 3, 4, 5}))
    return "\n".join(parts) + "\n"
