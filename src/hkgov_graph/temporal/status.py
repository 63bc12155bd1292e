"""The one rule that turns a time extent into an answer as of a date.

As of a date (a day, or a month or year meaning "at some time in it", from
``first`` to ``last``), something with bounds ``startEarliest``,
``startLatest``, ``endEarliest``, ``endLatest`` (any may be open) is:

- **not in force** when it is proposed or planned only, or certainly not yet
  begun (``last`` < ``startEarliest``), or certainly ended
  (``endLatest`` < ``first``);
- **in force** when it had certainly begun (``startLatest`` <= ``last``) and
  certainly still held (``first`` <= ``endEarliest``);
- **unknown** when nothing bounds its beginning from below and the date is
  not after it had certainly begun;
- **possibly in force** otherwise: the date falls inside an imprecise
  beginning or end, or after the last source that speaks of it.

The packaged questions (``queries/*.rq``), the views (:mod:`hkgov_graph.export.views`)
and the viewer (``export/viewer/app.js``) apply this same rule to the same
materialised bounds; ``docs/time-model.md`` explains it.
"""

from __future__ import annotations

from collections.abc import Mapping

IN_FORCE = "in force"
POSSIBLY = "possibly"
NOT_IN_FORCE = "not in force"
UNKNOWN = "unknown"
STATUSES = (IN_FORCE, POSSIBLY, UNKNOWN, NOT_IN_FORCE)  # from the most to the least certain


def status(bounds: Mapping[str, str | None], first: str, last: str, proposed: bool = False) -> tuple[str, str]:
    """The status and its reason as of the period ``first``..``last`` (ISO days).

    ``bounds`` maps ``start_earliest``, ``start_latest``, ``end_earliest``,
    ``end_latest`` and ``last_attested`` to ISO days or dates (missing or
    empty: open). Reasons: ``proposed``, ``not yet begun``, ``ended``,
    ``beginning not dated``, ``beginning uncertain``, ``end uncertain``,
    ``after last attestation``, ``end not dated``; empty when in force.
    """
    s_lo, s_hi = bounds.get("start_earliest") or None, bounds.get("start_latest") or None
    e_lo, e_hi = bounds.get("end_earliest") or None, bounds.get("end_latest") or None
    if proposed:
        return NOT_IN_FORCE, "proposed"
    if s_lo is not None and last < s_lo:
        return NOT_IN_FORCE, "not yet begun"
    if e_hi is not None and e_hi < first:
        return NOT_IN_FORCE, "ended"
    if s_hi is not None and e_lo is not None and s_hi <= last and first <= e_lo:
        return IN_FORCE, ""
    if s_lo is None and (s_hi is None or last < s_hi):
        return UNKNOWN, "beginning not dated"
    if s_hi is None or last < s_hi:
        return POSSIBLY, "beginning uncertain"
    if e_hi is not None:
        return POSSIBLY, "end uncertain"
    return POSSIBLY, "after last attestation" if bounds.get("last_attested") else "end not dated"


def rank(value: str) -> int:
    """How certain a status is: 3 in force, 2 possibly, 1 unknown, 0 not in force."""
    return {IN_FORCE: 3, POSSIBLY: 2, UNKNOWN: 1}.get(value, 0)
