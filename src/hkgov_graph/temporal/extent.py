"""Time extents: bounds on the first and the last day something was in force.

A source rarely says exactly when something held. It gives a founding year
(``1999``), a month (``2012-02``), a day (``2015-04-27``), or only states
something in the present tense in a document whose own date is known to a
month or not at all. An :class:`Extent` keeps what all of this allows, as four
calendar days:

- ``start_lo`` / ``start_hi``: the first day in force is on or after
  ``start_lo`` and on or before ``start_hi``;
- ``end_lo`` / ``end_hi``: the last day in force is on or after ``end_lo``
  and on or before ``end_hi``.

``None`` is an open bound. Each bound remembers the bases it rests on
(``Stated``, ``DatePrecision``, ``DocumentDate``, ``PlanInDocument``, ``Structure``,
``Inferred``: individuals of ``hkg:Basis``) and the graphs it comes from.

Three ways to put extents together:

- :meth:`Extent.narrow` (the same thing, more evidence): every constraint must
  hold, so lower bounds take the latest, upper bounds the earliest;
- :func:`combine` (the same thing, as several sources date it): narrow them
  all; where they cannot all hold, keep the widest they allow and say the
  sources disagree;
- :func:`overlap` (two things that must both hold, as a line of a group and
  the office following it, or the steps of a chain): the time both were in
  force.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from hkgov_graph.temporal.dates import Period

Day = str  # an ISO calendar day, YYYY-MM-DD; they sort as dates
READINGS = frozenset({"Inferred", "Approximate"})  # bases weaker than a source's own words


@dataclass(frozen=True)
class Bound:
    """One bound: a day, the bases it rests on and the graphs it comes from."""

    day: Day
    bases: frozenset[str] = frozenset()
    graphs: frozenset[str] = frozenset()

    def merged(self, other: Bound) -> Bound:
        """The same day from two sources of evidence: both reasons, unless only one rests on a reading."""
        mine, theirs = bool(self.bases & READINGS), bool(other.bases & READINGS)
        if mine != theirs:
            return other if mine else self
        return Bound(self.day, self.bases | other.bases, self.graphs | other.graphs)

    def based(self, *bases: str) -> Bound:
        """The same day, resting also on ``bases``.

        A reading's basis (``Inferred``, ``Approximate``) replaces ``Stated``:
        the day may be in the document, but not as this bound (the new Beijing
        office's opening, stated, read as the day the old premises were left).
        """
        own = self.bases - {"Stated"} if READINGS.intersection(bases) else self.bases
        return Bound(self.day, own | frozenset(bases), self.graphs)


def later(a: Bound | None, b: Bound | None) -> Bound | None:
    """The later of two lower bounds (an open one never wins); on a tie, both reasons."""
    if a is None:
        return b
    if b is None or a.day > b.day:
        return a
    return b if b.day > a.day else a.merged(b)


def earlier(a: Bound | None, b: Bound | None) -> Bound | None:
    """The earlier of two upper bounds (an open one never wins); on a tie, both reasons."""
    if a is None:
        return b
    if b is None or a.day < b.day:
        return a
    return b if b.day < a.day else a.merged(b)


@dataclass(frozen=True)
class Attestation:
    """A source stating the thing in force at its own date (known to the period first..last)."""

    first: Day
    last: Day
    text: str  # the date as the source's date is known: "2012-05", "2019-01-21"
    graph: str


@dataclass(frozen=True)
class Extent:
    """Bounds on the first and the last day in force, with what they rest on."""

    start_lo: Bound | None = None
    start_hi: Bound | None = None
    end_lo: Bound | None = None
    end_hi: Bound | None = None
    attestations: frozenset[Attestation] = frozenset()
    disagree: bool = False
    graphs: frozenset[str] = field(default=frozenset())
    # Whether a source says it held at all. An overlap (a group's line and an office that may not yet
    # have existed) may never have held: its start and end bounds then say nothing about each other.
    exists: bool = False
    # The sources' dates on which it certainly held: each attestation's, and for an overlap (a chain of
    # steps) those on which every part held. Two things attested by one document held together on its
    # day, even where its date is known only to a month and so neither is certain on any given day.
    held_on: frozenset[Attestation] = frozenset()

    # -- reading --

    def consistent(self) -> bool:
        """Whether some first and last day satisfy every bound (first day on or before the last)."""
        pairs = ((self.start_lo, self.start_hi), (self.end_lo, self.end_hi), (self.start_lo, self.end_hi))
        return all(lo is None or hi is None or lo.day <= hi.day for lo, hi in pairs)

    def empty(self) -> bool:
        return not any((self.start_lo, self.start_hi, self.end_lo, self.end_hi))

    def last_attestation(self) -> Attestation | None:
        """The attestation known to be latest (by its earliest day, then its latest, then its graph)."""
        return max(self.attestations, key=lambda a: (a.first, a.last, a.graph), default=None)

    def all_graphs(self) -> frozenset[str]:
        graphs = set(self.graphs)
        for b in (self.start_lo, self.start_hi, self.end_lo, self.end_hi):
            if b is not None:
                graphs |= b.graphs
        graphs |= {a.graph for a in self.attestations}
        return frozenset(graphs)

    def based(self, bases: Iterable[str]) -> Extent:
        """The same bounds, each resting also on ``bases`` (a reading's: the fact itself is inferred)."""
        bases = tuple(bases)
        if not bases:
            return self

        def tag(b: Bound | None) -> Bound | None:
            return b.based(*bases) if b is not None else None

        return replace(self, start_lo=tag(self.start_lo), start_hi=tag(self.start_hi), end_lo=tag(self.end_lo),
                       end_hi=tag(self.end_hi))

    # -- constraining --

    def narrow(self, other: Extent) -> Extent:
        """Both sets of constraints at once (lower bounds: the latest; upper bounds: the earliest)."""
        return Extent(later(self.start_lo, other.start_lo), earlier(self.start_hi, other.start_hi),
                      later(self.end_lo, other.end_lo), earlier(self.end_hi, other.end_hi),
                      self.attestations | other.attestations, self.disagree or other.disagree,
                      self.graphs | other.graphs, self.exists or other.exists,
                      self.held_on | other.held_on).normalised()

    def tighten(self, other: Extent) -> Extent:
        """A derived constraint: each bound replaced where ``other``'s is strictly tighter, unless that
        leaves no possible first and last day (then unchanged). A tie keeps the bound's own reasons."""
        def lo(a: Bound | None, b: Bound | None) -> Bound | None:
            return b if b is not None and (a is None or b.day > a.day) else a

        def hi(a: Bound | None, b: Bound | None) -> Bound | None:
            return b if b is not None and (a is None or b.day < a.day) else a

        tightened = replace(self, start_lo=lo(self.start_lo, other.start_lo),
                            start_hi=hi(self.start_hi, other.start_hi), end_lo=lo(self.end_lo, other.end_lo),
                            end_hi=hi(self.end_hi, other.end_hi)).normalised()
        return tightened if tightened.consistent() else self

    def normalised(self) -> Extent:
        """Bounds that follow from the first day being on or before the last.

        It began no later than the latest it can have ended, and its last day
        is no earlier than the earliest it can have begun.
        """
        if not self.exists:
            return self
        start_hi = earlier(self.start_hi, self.end_hi)
        end_lo = later(self.end_lo, self.start_lo)
        if start_hi is self.start_hi and end_lo is self.end_lo:
            return self
        return replace(self, start_hi=start_hi, end_lo=end_lo)


# -- constructors for one piece of evidence --

def _bound(day: Day, bases: Iterable[str], graph: str | None) -> Bound:
    return Bound(day, frozenset(bases), frozenset([graph]) if graph else frozenset())


def precision_basis(period: Period) -> str:
    """``Stated`` for a day, ``DatePrecision`` for a year or a month."""
    return "Stated" if period.precision == "day" else "DatePrecision"


def day_before(day: Day) -> Day:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def starts_in(period: Period, graph: str | None, *bases: str) -> Extent:
    """It began on some day of ``period``."""
    b = bases or (precision_basis(period),)
    return Extent(start_lo=_bound(period.first, b, graph), start_hi=_bound(period.last, b, graph),
                  exists=True).normalised()


def starts_not_before(first: Day, graph: str | None, *bases: str) -> Extent:
    """It began on or after ``first``."""
    return Extent(start_lo=_bound(first, bases, graph), exists=True).normalised()


def ends_in(period: Period, graph: str | None, *bases: str, exclusive: bool = False) -> Extent:
    """Its last day is in ``period``; with ``exclusive``, ``period`` is the first day it no longer held."""
    b = bases or (precision_basis(period),)
    first, last = (day_before(period.first), day_before(period.last)) if exclusive else (period.first, period.last)
    return Extent(end_lo=_bound(first, b, graph), end_hi=_bound(last, b, graph), exists=True).normalised()


def at(period: Period, graph: str | None, *bases: str) -> Extent:
    """Something of a moment (a change): it began and ended within ``period``."""
    return starts_in(period, graph, *bases).narrow(ends_in(period, graph, *bases))


def attested(first: Day, last: Day | None, text: str, graph: str) -> Extent:
    """A source of date first..last states it in force at its own date."""
    attestation = frozenset([Attestation(first, last or "", text, graph)])
    return Extent(start_hi=_bound(last, ["DocumentDate"], graph) if last else None,
                  end_lo=_bound(first, ["DocumentDate"], graph),
                  attestations=attestation, exists=True, held_on=attestation).normalised()


# -- putting extents together --

def combine(extents: Iterable[Extent]) -> Extent:
    """The extents several sources give for one thing: all of them at once, or the widest where they conflict."""
    extents = [e for e in extents]
    if not extents:
        return Extent()
    narrowed = extents[0]
    for e in extents[1:]:
        narrowed = narrowed.narrow(e)
    if narrowed.consistent():
        return narrowed
    return hull(extents)


def hull(extents: list[Extent]) -> Extent:
    """The widest bounds any of the extents allows (an open bound in any of them stays open)."""
    def lowest(bounds: list[Bound | None]) -> Bound | None:
        if any(b is None for b in bounds):
            return None
        best: Bound | None = None
        for b in bounds:
            best = b if best is None or b.day < best.day else best.merged(b) if b.day == best.day else best
        return best

    def highest(bounds: list[Bound | None]) -> Bound | None:
        if any(b is None for b in bounds):
            return None
        best: Bound | None = None
        for b in bounds:
            best = b if best is None or b.day > best.day else best.merged(b) if b.day == best.day else best
        return best

    attestations = frozenset().union(*(e.attestations for e in extents))
    return Extent(lowest([e.start_lo for e in extents]), highest([e.start_hi for e in extents]),
                  lowest([e.end_lo for e in extents]), highest([e.end_hi for e in extents]),
                  attestations, True, frozenset().union(*(e.graphs for e in extents)), any(e.exists for e in extents),
                  frozenset().union(*(e.held_on for e in extents)))


def _certain_together(a: Extent, b: Extent) -> bool:
    """Whether two things certainly held on some common day.

    Each is certain either on a *range* (from ``start_hi`` to ``end_lo``: it
    had begun by the one and lasted until the other) or only on one unknown
    day of a *window* (``end_lo`` to ``start_hi``: a document of May 2012
    states it, and nothing more). Two ranges must meet; a window must lie
    inside the other's range; two windows may be different days.
    """
    def span(e: Extent) -> tuple[str, str, bool]:
        lo, hi = e.start_hi.day, e.end_lo.day  # type: ignore[union-attr]
        return (lo, hi, True) if lo <= hi else (hi, lo, False)

    (a1, a2, a_range), (b1, b2, b_range) = span(a), span(b)
    if a_range and b_range:
        return max(a1, b1) <= min(a2, b2)
    if a_range:
        return a1 <= b1 and b2 <= a2
    if b_range:
        return b1 <= a1 and a2 <= b2
    return False


def _held_together(a: Extent, b: Extent) -> frozenset[Attestation]:
    """The sources' dates on which both certainly held: each's own where the other is certain throughout
    that date's period (its range holds it), and those they share (one document states both)."""
    def within_range(e: Extent, day: Attestation) -> bool:
        if e.start_hi is None or e.end_lo is None or not day.last:
            return False
        return e.start_hi.day <= day.first and day.last <= e.end_lo.day

    return frozenset((a.held_on & b.held_on) | {d for d in a.held_on if within_range(b, d)}
                     | {d for d in b.held_on if within_range(a, d)})


def overlap(a: Extent, b: Extent) -> Extent | None:
    """When two things were both in force, or None when they certainly never were together.

    The result keeps the attestations of ``a``: the sources that state it.

    It begins when the later of the two begins and ends when the earlier ends.
    It is certain on a day only when both are, so where one of them is never
    certain on a day the other is, the overlap is never certain either,
    unless a source's date is one on which both held (the LegCo paper of May
    2012 states the Shenzhen unit under the Guangdong ETO and the ETO's policy
    guidance from CEDB: the chain held on the paper's day, in May 2012).
    """
    def max_all(x: Bound | None, y: Bound | None) -> Bound | None:  # the later, open if either is open
        return None if x is None or y is None else later(x, y)

    def min_all(x: Bound | None, y: Bound | None) -> Bound | None:  # the earlier, open if either is open
        return None if x is None or y is None else earlier(x, y)

    start_lo, end_hi = later(a.start_lo, b.start_lo), earlier(a.end_hi, b.end_hi)
    if start_lo is not None and end_hi is not None and start_lo.day > end_hi.day:
        return None
    start_hi, end_lo = max_all(a.start_hi, b.start_hi), min_all(a.end_lo, b.end_lo)
    together = _held_together(a, b)
    if start_hi is not None and end_lo is not None and not (together or _certain_together(a, b)):
        start_hi = end_lo = None
    certain = start_hi is not None and end_lo is not None
    # the sources attesting the first (a group's line, a chain's first step) still date what it says
    result = Extent(start_lo, start_hi, end_lo, end_hi, a.attestations, a.disagree or b.disagree,
                    a.graphs | b.graphs, certain, together)
    return result if result.consistent() else None
