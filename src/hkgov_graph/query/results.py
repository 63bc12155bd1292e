"""The answer to a query, and the ways it is written out: plain values, CSV, JSON, SPARQL JSON, a table.

A :class:`QueryResult` holds the rows as pyoxigraph terms. For people, the
runner puts the answer's value words (``"area served"``, ``"in force"``) in
the language asked for (:func:`localise`, from :mod:`hkgov_graph.i18n`), and
the table shows prefixed names for IRIs, also inside text cells (the
``sources`` columns list graphs as ``graph:wikipedia-beijing-offices``, never
a cut IRI), headed in the language asked for and fitted to the terminal
(:mod:`hkgov_graph.query.tables`). CSV and JSON keep IRIs in full.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from hkgov_graph import i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.errors import UsageError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.query.names import Resolution
    from hkgov_graph.query.stores import Rows, Term

_INTEGER_TYPES = {ns.XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                       "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                       "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_IRI_TOKEN = re.compile(r"(?<![\w<])(https?://[^\s<>\"]+)")


def python_value(term: Term | None) -> Any:
    """A plain Python value: IRIs and text as ``str``, numbers as ``int``/``Decimal``/``float``, booleans.

    Dates stay ISO strings ("1999", "2002-07", "2015-04-27") so that their
    precision is kept and a column of mixed precision has one type.
    """
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    datatype = term.datatype.value
    try:
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype == ns.XSD + "decimal":
            return Decimal(term.value)
        if datatype in (ns.XSD + "double", ns.XSD + "float"):
            return float(term.value)
        if datatype == ns.XSD + "boolean":
            return term.value in ("true", "1")
    except (ValueError, InvalidOperation):
        return term.value
    return term.value


def localise(rows: list[dict[str, Term | None]], lang: str) -> list[dict[str, Term | None]]:
    """The rows with their value words in ``lang``: plain string literals the catalogue knows become tagged text.

    Labels (language-tagged literals), codes, dates and IRIs are left alone.
    In English the rows are returned as they are.
    """
    import pyoxigraph as ox

    lang = i18n.language(lang)
    if lang == "en":
        return rows
    string = ns.XSD + "string"

    def words(text: str) -> str | None:
        """The text in ``lang`` if it is a catalogue word, or a list of them ("stated, inferred")."""
        if i18n.has_word(text):
            return i18n.word(text, lang)
        for separator, joiner in (("; ", "；"), (", ", "、"), (" ", "、")):
            parts = text.split(separator)
            if len(parts) > 1 and all(i18n.has_word(p) for p in parts):
                return joiner.join(i18n.word(p, lang) for p in parts)
        return None

    def word(term: Term | None) -> Term | None:
        if isinstance(term, ox.Literal) and term.language is None and term.datatype.value == string:
            translated = words(term.value)
            if translated is not None:
                return ox.Literal(translated, language=lang)
        return term

    return [{k: word(v) for k, v in row.items()} for row in rows]


def display(term: Term | None) -> str:
    """A cell as a person reads it: IRIs (also inside text) as prefixed names where a project prefix fits."""
    import pyoxigraph as ox

    from hkgov_graph.query.names import shorten

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value).strip("<>")
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"

    def short(match: re.Match[str]) -> str:
        name = shorten(match[1])
        return match[1] if name.startswith("<") else name

    return _IRI_TOKEN.sub(short, term.value)


@dataclass
class QueryResult:
    """The rows of a query: ``variables`` in projection order, each row a dict of pyoxigraph terms.

    For a packaged question also: the terms bound (``bindings``), what each
    name given resolved to (``resolutions``), notes on choices among several
    resources (``notes``), the language of its words (``lang``) and, when
    there are no rows, why (``explanation``, lines in that language).
    """

    variables: list[str]
    rows: list[dict[str, Term | None]]
    name: str | None = None
    bindings: dict[str, Term] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    lang: str = i18n.DEFAULT
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    # why an empty answer is empty, worked out when first read: it asks the store again (the question with
    # close names, and on the reference date), which a program that only counts rows should not pay for
    _explain: Callable[[], list[str]] | None = field(default=None, repr=False, compare=False)
    _explanation: list[str] | None = field(default=None, repr=False, compare=False)

    @property
    def explanation(self) -> list[str]:
        """Why the answer is empty, lines in the result's language (empty when it has rows)."""
        if self._explanation is None:
            self._explanation = self._explain() if self._explain is not None else []
            self._explain = None
        return self._explanation

    @explanation.setter
    def explanation(self, lines: list[str]) -> None:
        self._explain, self._explanation = None, list(lines)

    def explain_later(self, explain: Callable[[], list[str]]) -> None:
        """Work out ``explanation`` with ``explain`` when it is first read."""
        self._explain, self._explanation = explain, None

    @classmethod
    def from_answer(cls, answer: Rows | bool | list[ox.Triple], **kwargs: Any) -> QueryResult:
        """Rows for SELECT; one row ``answer`` for ASK; ``subject, predicate, object`` rows for CONSTRUCT."""
        import pyoxigraph as ox

        if isinstance(answer, bool):
            value = ox.Literal("true" if answer else "false", datatype=ox.NamedNode(ns.XSD + "boolean"))
            return cls(["answer"], [{"answer": value}], **kwargs)
        if hasattr(answer, "variables"):
            return cls(list(answer.variables), list(answer), **kwargs)  # type: ignore[union-attr]
        rows = [{"subject": t.subject, "predicate": t.predicate, "object": t.object} for t in answer]
        return cls(["subject", "predicate", "object"], rows, **kwargs)

    def __iter__(self) -> Iterator[dict[str, Term | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, Term | None]:
        return self.rows[index]

    def select(self, columns: Sequence[str]) -> QueryResult:
        """The result with only ``columns``, in that order.

        A column is named by its variable (``founded_not_before``) or by its
        heading in the result's language (``成立不早於``); an unknown one is a
        usage error listing the columns there are.
        """
        by_heading = {i18n.column(v, self.lang): v for v in self.variables}
        chosen = []
        for name in (c.strip() for c in columns):
            variable = name.lstrip("?") if name.lstrip("?") in self.variables else by_heading.get(name)
            if variable is None:
                raise UsageError(f"no column {name!r} in the answer (its columns: {', '.join(self.variables)})")
            chosen.append(variable)
        rows = [{v: row.get(v) for v in chosen} for row in self.rows]
        return replace(self, variables=chosen, rows=rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows with plain Python values (see :func:`python_value`)."""
        return [{v: python_value(row.get(v)) for v in self.variables} for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (plain values); needs pandas."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("QueryResult.to_dataframe() needs pandas: pip install pandas "
                              "(or use .to_dicts(), which needs nothing)") from None
        return pd.DataFrame(self.to_dicts(), columns=self.variables)

    def to_csv(self) -> str:
        """CSV with a header row: IRIs in full, literals as their text, unbound as empty."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if row.get(v) is None else row[v].value for v in self.variables])  # type: ignore[union-attr]
        return out.getvalue()

    def to_json(self) -> str:
        """A JSON array of objects with plain values."""
        return json.dumps(self.to_dicts(), ensure_ascii=False, indent=2, default=str)

    def to_sparql_json(self) -> str:
        """The W3C SPARQL 1.1 Query Results JSON format."""
        from hkgov_graph.query.stores import term_to_json

        bindings = [{v: term_to_json(row[v]) for v in self.variables if row.get(v) is not None}
                    for row in self.rows]
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=2)

    def headings(self) -> list[str]:
        """The column headings in the result's language (the variable names in English)."""
        return [i18n.column(v, self.lang) for v in self.variables]

    def _cell(self, term: Term | None) -> str:
        """A cell of the table: a yes or no in the result's language (是 / 否), anything else as displayed.

        Only the table: CSV and JSON keep ``true`` and ``false`` for programs to read.
        """
        import pyoxigraph as ox

        if isinstance(term, ox.Literal) and term.datatype.value == ns.XSD + "boolean" and term.value in (
                "true", "false", "1", "0"):
            return i18n.text("table.true" if term.value in ("true", "1") else "table.false", self.lang)
        return display(term)

    def to_table(self, width: int = 0) -> str:
        """A table for a terminal ``width`` columns wide (0: no limit), the row count under it, then why it
        is empty when it is."""
        from hkgov_graph.query.tables import render_table

        cells = [[self._cell(row.get(v)) for v in self.variables] for row in self.rows]
        lines = [render_table(self.headings(), cells, width)] if self.variables else []
        lines.append(i18n.text("rows", self.lang, n=len(self.rows)))
        lines += self.explanation
        return "\n".join(line for line in lines if line) + "\n"
