"""Why an answer is empty, in the language asked for.

``(0 rows)`` alone does not say whether a name was misread or the graph has
nothing. So an empty answer to a packaged question says, line by line:

1. what each name given resolved to (``--region 山西 is region:shanxi (山西省)``);
2. why nothing matched, in the question's own words when the catalogue has
   them (``empty.<question>`` in :mod:`hkgov_graph.i18n`: "No Mainland office
   serves 山西省 on 2019-01-21 ..."), else which values found nothing. A
   question asked "as of" a date says which date, the graph's reference date
   where ``--as-of`` was left out: "nothing is under CMAB" is false of the
   graph, true of 2005. Where an optional resource the words name was left
   out, ``empty.<question>.all`` says it of all of them (else the generic
   words: "under any" is no sentence);
3. close names that do have answers: the question is asked again with each
   resource easily confused with the one named (陝西 for 山西, by
   :meth:`~hkgov_graph.query.names.Resolver.neighbours`), and those with rows
   are listed with their count;
4. for a date given with ``--as-of``, how many rows the question has on the
   reference date ("now"), where it has any: the answer is empty for that
   date, not for the graph.
"""

from __future__ import annotations

from string import Formatter
from typing import TYPE_CHECKING

from hkgov_graph import i18n
from hkgov_graph.query.names import as_iri, shorten

if TYPE_CHECKING:
    from hkgov_graph.query.names import Resolver
    from hkgov_graph.query.runner import Bound, Naming, Param, Question
    from hkgov_graph.query.stores import SparqlStore

MAX_TRIES = 5  # questions asked again at most, per name
MAX_SHOWN = 3  # close names with answers shown, per name


class _Fields(dict):  # type: ignore[type-arg]
    """Template fields; a parameter left unbound reads as "any"."""

    def __init__(self, missing: str) -> None:
        super().__init__()
        self.missing = missing

    def __missing__(self, key: str) -> str:
        return self.missing


def explain_empty(store: SparqlStore, question: Question, bound: Bound, resolver: Resolver,
                  naming: Naming = "cli") -> list[str]:
    """The lines that say why ``question`` has no rows for ``bound``'s values."""
    lang = bound.lang
    fields = _Fields(i18n.text("empty.any", lang))
    lines: list[str] = []
    values: list[str] = []
    close: list[str] = []
    left_out: set[str] = set()
    for param in question.params:
        term = bound.terms.get(param.name)
        if param.name == "as_of" and term is None:  # the question answered for the graph's "now"
            fields["as_of"] = _reference_date(store) or fields.missing
            continue
        if param.name == "lang" or term is None:
            left_out.add(param.name)
            continue
        given = bound.given.get(param.name)
        if param.type != "iri":
            fields[param.name] = term.value
            values.append(written_as_given(param, term.value, naming))
            continue
        label = resolver.index.label(term.value, lang)
        fields[param.name] = label or shorten(term.value)
        values.append(written_as_given(param, given if isinstance(given, str) else shorten(term.value), naming))
        if isinstance(given, str) and as_iri(given.strip()) is None:  # a name, not an IRI: say what it named
            lines.append(i18n.text("empty.resource", lang, param=written_as_given(param, given, naming),
                                   resource=_describe(resolver, term.value, lang)))
            close += _close_with_answers(store, question, bound, resolver, param, given)
    key = _question_words(f"empty.{question.name}", left_out)
    if key:
        lines.append(i18n.text(key, lang).format_map(fields))
    elif values:
        lines.append(i18n.text("empty.generic", lang, values=", ".join(values)))
    else:
        lines.append(i18n.text("empty.generic.none", lang))
    if close:
        lines.append(i18n.text("empty.close", lang, names="; ".join(close)))
    now = _rows_on_reference_date(store, question, bound, fields.get("as_of"))
    if now:
        lines.append(i18n.text("empty.on-reference-date", lang, date=now[0], n=now[1]))
    return lines


def _question_words(key: str, left_out: set[str]) -> str | None:
    """The catalogue key of the question's own words, None where it has none that fit what was given."""
    if not i18n.has_text(key):
        return None
    named = {name for _, name, _, _ in Formatter().parse(i18n.text(key, "en")) if name}
    if not named & left_out:
        return key
    return f"{key}.all" if i18n.has_text(f"{key}.all") else None


def _reference_date(store: SparqlStore) -> str | None:
    """The graph's "now" (``hkg:referenceDate``), as the dated questions default to it."""
    rows = store.select("SELECT ?date WHERE { ?dataset <https://w3id.org/hkgov-graph/ontology#referenceDate> ?date }"
                        " ORDER BY DESC(?date) LIMIT 1")
    for row in rows:
        term = row.get("date")
        if term is not None:
            return str(term.value)
    return None


def _rows_on_reference_date(store: SparqlStore, question: Question, bound: Bound,
                            as_of: str | None) -> tuple[str, int] | None:
    """The reference date and the question's row count on it, for an empty answer on another date given."""
    from hkgov_graph.query.runner import run_bound

    if "as_of" not in bound.terms or "as_of" not in bound.given:
        return None
    now = _reference_date(store)
    if now is None or now == as_of:
        return None
    terms = {name: term for name, term in bound.terms.items() if name != "as_of"}
    answer = run_bound(store, question, terms)
    n = len(list(answer)) if not isinstance(answer, bool) else int(answer)
    return (now, n) if n else None


def written_as_given(param: Param, value: object, naming: Naming) -> str:
    """A parameter and its value as the user wrote them: ``--region 山西`` or ``region='山西'``."""
    return f"{param.option} {value}" if naming == "cli" else f"{param.keyword}{value!r}"


def _describe(resolver: Resolver, iri: str, lang: str) -> str:
    label = resolver.index.label(iri, lang)
    return f"{shorten(iri)} ({label})" if label else shorten(iri)


def _close_with_answers(store: SparqlStore, question: Question, bound: Bound, resolver: Resolver,
                        param: Param, given: str) -> list[str]:
    """Resources easily confused with the one ``given`` named, for which the question does have rows."""
    import pyoxigraph as ox

    from hkgov_graph.query.runner import run_bound

    found: list[str] = []
    iri = bound.terms[param.name].value
    for other in resolver.neighbours(iri, given, param.of_class)[:MAX_TRIES]:
        answer = run_bound(store, question, {**bound.terms, param.name: ox.NamedNode(other)})
        n = len(list(answer)) if not isinstance(answer, bool) else int(answer)
        if n:
            found.append(i18n.text("empty.close.item", bound.lang, resource=_describe(resolver, other, bound.lang),
                                   n=n))
        if len(found) == MAX_SHOWN:
            break
    return found
