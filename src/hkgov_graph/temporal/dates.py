"""Dates of year, month or day precision, and what "as of a date" means.

The sources give dates at the precision they know (``1999``, ``2002-07``,
``2015-04-27``) and so may a user (``--as-of 2012``). Each such date stands
for a period: its first and its last day. Whether something is in force as
of a date is decided on those periods, reading a coarse date as "at some time
during that period":

- founded on F: in force if F's first day is on or before the as-of period's
  last day (founded by then at the latest);
- dissolved, renamed or ended on E: in force if the as-of period's first day
  is before E's last day (the end is exclusive, so a bureau renamed on
  2007-07-01 is gone as of 2007-07-01);
- no as-of date means "now": everything that has ended is out.

The viewer (``export/viewer/app.js``) applies the same rules in the browser; keep
the two in step.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from hkgov_graph.errors import UsageError

# ASCII digits only: \d would also match full-width ２０１２.
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_DATE_PREFIX = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")

NOW = "now"  # the as-of value meaning "the structure in force today"
TODAY = "today"  # the as-of value meaning the calendar's date
FAR_FUTURE = "9999-12-31"


@dataclass(frozen=True, order=True)
class Period:
    """The days a partial date stands for, as ISO strings (they sort as dates)."""

    first: str
    last: str
    text: str = ""

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}.get(len(self.text), "day")


def parse_period(text: str) -> Period | None:
    """The period of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` value, or None if it is not one.

    A trailing time zone (as in ``2002Z`` or ``2002-07+08:00``) is ignored.
    """
    m = _DATE_PREFIX.match(text.strip())
    if not m:
        return None
    m = _PARTIAL_DATE.fullmatch(m[0])
    if not m:
        return None
    year = int(m[1])
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    if month is not None and not 1 <= month <= 12:
        return None
    if month is None:
        return Period(f"{year:04d}-01-01", f"{year:04d}-12-31", m[0])
    last_day = calendar.monthrange(year, month)[1] if year > 0 else 31
    if day is None:
        return Period(f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last_day:02d}", m[0])
    if not 1 <= day <= last_day:
        return None
    return Period(f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{day:02d}", m[0])


XSD_TYPE_OF_PRECISION = {"year": "gYear", "month": "gYearMonth", "day": "date"}


def exact_period(text: str) -> Period | None:
    """The period of exactly ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real calendar date from year 1), else None."""
    period = parse_period(text)
    if period is None or period.text != text.strip() or period.first < "0001":
        return None
    return period


def calendar_date(text: str) -> str:
    """``text`` as given, or the calendar's date (``YYYY-MM-DD``) where it is ``today`` (in any case)."""
    if text.strip().lower() != TODAY:
        return text
    from datetime import date

    return date.today().isoformat()


def parse_as_of(text: str | None) -> Period | None:
    """A user's as-of date; None or ``now`` for "now" (the graph's reference date), ``today`` for the
    calendar's date, as ``query --as-of`` takes them. Anything else malformed is a usage error."""
    if text is None or text.strip().lower() in ("", NOW):
        return None
    text = calendar_date(text)
    period = parse_period(text)
    if period is None or period.text != text.strip():
        raise UsageError(f"malformed date {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date), "
                         "'now', 'today' or 'all'")
    return period


def _bounds(as_of: Period | None) -> tuple[str, str]:
    if as_of is None:
        return FAR_FUTURE, FAR_FUTURE
    return as_of.first, as_of.last


def started_by(value: str, as_of: Period | None) -> bool:
    """Whether something that began at ``value`` (founded, started) had begun as of the date."""
    period = parse_period(value) if value else None
    if period is None:
        return True  # unknown: stays in
    return period.first <= _bounds(as_of)[1]


def not_ended_by(value: str, as_of: Period | None) -> bool:
    """Whether something that ended at ``value`` (dissolved, renamed, interval end) was still there."""
    period = parse_period(value) if value else None
    if period is None:
        return True
    return _bounds(as_of)[0] < period.last


def parse_during(value: str) -> list[tuple[str, str]]:
    """The intervals of a ``during`` attribute: ``begin..end`` items separated by ``;``, either end may be empty."""
    intervals = []
    for item in value.split(";"):
        item = item.strip()
        if not item:
            continue
        begin, _, end = item.partition("..")
        intervals.append((begin.strip(), end.strip()))
    return intervals


def format_during(intervals: list[tuple[str, str]]) -> str:
    """The inverse of :func:`parse_during`, sorted and without repeats."""
    return ";".join(f"{b}..{e}" for b, e in sorted(set(intervals)))


def in_force(attrs: dict[str, object], as_of: Period | None) -> bool:
    """Whether a node or edge with the standard temporal attributes is in force as of the date.

    Attributes read: ``status`` (proposed or planned things are never in
    force), ``founding_date``, ``founded_not_before``, ``dissolution_date``,
    ``renamed_on`` and ``during`` (in force if any of its intervals holds; an
    empty ``during`` sets no limit).
    """
    if attrs.get("status"):
        return False
    if not started_by(str(attrs.get("founding_date") or ""), as_of):
        return False
    if not started_by(str(attrs.get("founded_not_before") or ""), as_of):
        return False
    for key in ("dissolution_date", "renamed_on"):
        if not not_ended_by(str(attrs.get(key) or ""), as_of):
            return False
    intervals = parse_during(str(attrs.get("during") or ""))
    return not intervals or any(started_by(b, as_of) and not_ended_by(e, as_of) for b, e in intervals)
