"""The packaged question queries: discover them, read their parameters, bind and run them.

Question queries are the ``queries/*.rq`` files that are neither quality
checks (``*-violation.rq``) nor inference rules (``construct-*.rq``); they are
found by glob. Each declares its parameters in its header (see
``queries/README.md``)::

    # param: unit (iri of org:Organization, required) the unit whose reporting line to follow
    # param: as_of (date, optional; default: today) the date at which to read the structure

The variable ``?unit`` in the query is the parameter. Values are checked and
turned into RDF terms here (IRIs resolved from names with
:mod:`hkgov_graph.query.names`, dates typed by their precision), and the store binds
the terms: text is never pasted into a query. Every mistake (an unknown query
or parameter, a missing one, a malformed date or IRI, an unknown name) is a
:class:`~hkgov_graph.errors.UsageError` with a one-line message.
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hkgov_graph import i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.errors import InputError, UsageError
from hkgov_graph.query.queryfile import QueryFile, read_query_file
from hkgov_graph.query.results import QueryResult, localise
from hkgov_graph.query.results import python_value as python_value  # re-exported: its home was here
from hkgov_graph.resources import queries_dir as default_queries_dir
from hkgov_graph.temporal.dates import NOW, XSD_TYPE_OF_PRECISION, calendar_date, exact_period

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.query.names import Resolution, Resolver
    from hkgov_graph.query.stores import Rows, SparqlStore, Term

PARAM_TYPES = ("iri", "date", "year", "integer", "string", "lang")
Naming = Literal["cli", "python"]  # how parameters are named in messages: --as-of or as_of=
DEFAULT_LANG = "en"

_TYPE_ALIASES = {
    "date": "date", "xsd:date": "date",
    "year": "year", "xsd:gyear": "year",
    "integer": "integer", "int": "integer", "xsd:integer": "integer",
    "string": "string", "text": "string", "xsd:string": "string",
    "lang": "lang", "language": "lang",
}
_PARAM = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_-]*)\s*\((?P<spec>[^)]*)\)\s*(?P<description>.*)")
_INTEGER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True)
class Param:
    """One parameter of a question query, as its header declares it."""

    name: str
    type: str
    required: bool
    default: str | None = None
    description: str = ""
    of_class: str | None = None  # for iri: the class the resource must be an instance of

    @property
    def option(self) -> str:
        """The command-line option: ``--as-of`` for ``as_of``."""
        return "--" + self.name.replace("_", "-")

    @property
    def keyword(self) -> str:
        """The keyword argument of :meth:`Graph.query`: ``as_of=``."""
        return self.name + "="

    def called(self, naming: Naming) -> str:
        """How the user wrote it: ``--as-of`` on the command line, ``as_of=`` in Python."""
        return self.option if naming == "cli" else self.keyword

    def summary(self) -> str:
        kind = self.type + (f" of {_shorten(self.of_class)}" if self.of_class else "")
        need = "required" if self.required else f"optional; default: {self.default}" if self.default else "optional"
        return f"{kind}, {need}"


def parse_param(text: str, path: Path | None = None) -> Param:
    """Read ``NAME (TYPE, required|optional; default: VALUE) description``."""
    m = _PARAM.fullmatch(text.strip())
    if not m:
        raise InputError(f"malformed '# param:' header: {text!r}", path,
                         hint="write '# param: NAME (TYPE, required|optional; default: VALUE) description'")
    name = m["name"].replace("-", "_")
    kind: str | None = None
    of_class: str | None = None
    required: bool | None = None
    default: str | None = None
    for part in (p.strip() for p in re.split(r"[;,]", m["spec"])):
        lowered = part.lower()
        if lowered in ("required", "optional"):
            required = lowered == "required"
        elif lowered.startswith("default:"):
            default = part.split(":", 1)[1].strip()
        elif kind is None and part:
            kind, of_class = _param_type(part, path)
    if kind is None:
        raise InputError(f"parameter {name!r} has no type ({', '.join(PARAM_TYPES)})", path)
    if name == "lang" and default is None:
        default = DEFAULT_LANG
    if required is None or (required and default is not None):
        required = default is None
    return Param(name, kind, required, default, m["description"].strip(), of_class)


def _param_type(text: str, path: Path | None) -> tuple[str, str | None]:
    words = text.split()
    head = words[0].lower()
    if head == "iri":
        # 'iri of org:Organization' restricts the lookup; 'IRI of an organisational unit' is only prose
        if len(words) == 3 and words[1].lower() == "of":
            target = words[2]
            if target.startswith("<") and target.endswith(">"):
                return "iri", target[1:-1]
            from hkgov_graph.query.names import expand

            if expand(target):
                return "iri", expand(target)
            if ":" in target:
                raise InputError(f"unknown prefix in {target!r} (use one of the project's prefixes)", path)
        return "iri", None
    if head in _TYPE_ALIASES:
        return _TYPE_ALIASES[head], None
    raise InputError(f"unknown parameter type {text!r} (expected one of {', '.join(PARAM_TYPES)})", path)


def _shorten(iri: str | None) -> str:
    from hkgov_graph.query.names import shorten

    return shorten(iri) if iri else ""


@dataclass(frozen=True)
class Question:
    """A question query: its file, header and parameters."""

    file: QueryFile
    params: tuple[Param, ...] = ()

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def text(self) -> str:
        return self.file.text

    @property
    def title(self) -> str:
        return self.file.title

    @property
    def question(self) -> str:
        return self.file.first("question", self.file.title)

    @property
    def returns(self) -> str:
        return self.file.first("returns")

    def param(self, name: str) -> Param | None:
        name = name.replace("-", "_")
        return next((p for p in self.params if p.name == name), None)

    def examples(self) -> list[dict[str, str]]:
        """The parameters of each ``# example: hkgov-graph query NAME --param value ...`` line."""
        found = []
        for line in self.file.header.get("example", []):
            try:
                words = shlex.split(line)
            except ValueError:
                continue
            if self.name not in words:
                continue
            args = words[words.index(self.name) + 1:]
            values: dict[str, str] = {}
            i = 0
            while i < len(args):
                word = args[i]
                if word.startswith("--") and "=" in word:
                    key, value = word[2:].split("=", 1)
                    values[key.replace("-", "_")] = value
                elif word.startswith("--") and i + 1 < len(args):
                    values[word[2:].replace("-", "_")] = args[i + 1]
                    i += 1
                i += 1
            found.append({k: v for k, v in values.items() if self.param(k) is not None})
        return found


def read_question(path: Path) -> Question:
    """Read a question query and its ``# param:`` headers (cached until the file changes)."""
    try:
        stat = path.stat()
    except OSError:
        return _read_question(path, 0, 0)  # let the reader report the problem
    return _read_question(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _read_question(path: Path, mtime_ns: int, size: int) -> Question:
    file = read_query_file(path)
    params = tuple(parse_param(text, path) for text in file.header.get("param", []))
    names = [p.name for p in params]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InputError(f"parameter {duplicated[0]!r} is declared twice", path)
    return Question(file, params)


def question_files(folder: Path | None = None) -> list[Path]:
    """The question queries of a folder: every ``*.rq`` but checks and inference rules."""
    folder = folder or default_queries_dir()
    return sorted(p for p in folder.glob("*.rq") if is_question_name(p.stem))


def is_question_name(stem: str) -> bool:
    """Questions are the queries that are neither checks (``*-violation``) nor rules (``construct-*``)."""
    return not stem.endswith("-violation") and not stem.startswith("construct-")


def discover(folder: Path | None = None) -> list[Question]:
    """Every question query, by name."""
    return [read_question(p) for p in question_files(folder)]


def find_question(name: str, folder: Path | None = None) -> Question:
    """The question query called ``name`` (the file stem), or a usage error suggesting close names."""
    folder = folder or default_queries_dir()
    stem = name[:-3] if name.endswith(".rq") else name
    path = folder / f"{stem}.rq"
    if "/" not in stem and is_question_name(stem) and _is_file(path):
        return read_question(path)
    paths = {p.stem: p for p in question_files(folder)}
    close = difflib.get_close_matches(stem, list(paths), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `hkgov-graph query` lists them"
    raise UsageError(f"no question query named {name!r}{hint}")


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False for a name the system refuses (too long, say) instead of an OSError."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def with_prefixes(text: str) -> str:
    """The query with the project's prefixes (``hkg:``, ``office:``, ``org:`` …) declared where it does not.

    The declarations go before the text; :func:`hkgov_graph.query.syntax.declare`
    also says how many lines they take, to report errors at the user's lines.
    """
    from hkgov_graph.query.syntax import declare

    return declare(text, ns.PREFIXES).text


# -- Values to terms --

def date_term(value: object) -> ox.Literal:
    """A date of year, month or day precision as ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    ``today`` is the current date (``now``, the graph's reference date, is
    left unbound by :func:`bind`: the queries default to it). Anything else,
    or an impossible date (2015-13-40), is a usage error.
    """
    import pyoxigraph as ox

    if isinstance(value, date):
        return ox.Literal(value.isoformat()[:10], datatype=ox.NamedNode(ns.XSD + "date"))
    text = calendar_date(str(value).strip())
    period = exact_period(text)
    if period is None:
        raise UsageError(f"malformed date {text!r}: write a real calendar date as YYYY, YYYY-MM or YYYY-MM-DD "
                         "(or 'now', the graph's reference date, or 'today')")
    kind = XSD_TYPE_OF_PRECISION[period.precision]
    return ox.Literal(text, datatype=ox.NamedNode(ns.XSD + kind))


def year_term(value: object) -> ox.Literal:
    import pyoxigraph as ox

    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text) or int(text) < 1:
        raise UsageError(f"malformed year {text!r}: write four digits, e.g. 2012")
    return ox.Literal(text, datatype=ox.NamedNode(ns.XSD + "gYear"))


def integer_term(value: object) -> ox.Literal:
    import pyoxigraph as ox

    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise UsageError(f"not an integer: {value!r}")
    text = str(value).strip()
    if not _INTEGER.fullmatch(text):
        raise UsageError(f"not an integer: {text!r}")
    return ox.Literal(str(int(text)), datatype=ox.NamedNode(ns.XSD + "integer"))


def lang_term(value: object) -> ox.Literal:
    import pyoxigraph as ox

    try:
        return ox.Literal(i18n.language(str(value)))  # zh-TW is zh-Hant, as everywhere a language is taken
    except ValueError as error:
        raise UsageError(f"label language: {error}") from None


def string_term(value: object) -> ox.Literal:
    import pyoxigraph as ox

    if not isinstance(value, str):
        raise UsageError(f"not a string: {value!r}")
    return ox.Literal(value)


@dataclass
class Bound:
    """The terms to bind, how names were resolved, notes on choices made, and the label language."""

    terms: dict[str, Term] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    given: dict[str, object] = field(default_factory=dict)  # what the user gave, by parameter (no defaults)
    lang: str = DEFAULT_LANG


def bind(question: Question, values: Mapping[str, object], resolver: Resolver | None,
         naming: Naming = "python") -> Bound:
    """Check ``values`` against the query's parameters and turn them into RDF terms.

    Names may use ``-`` or ``_``. ``lang`` is dropped when the query does not
    declare it (every query may, none must), but still sets the language of
    the answer's value words. Defaults fill what is missing. Messages name
    parameters as the user wrote them: ``--as-of`` (``naming="cli"``) or
    ``as_of=`` (``naming="python"``, the default).
    """
    given: dict[str, object] = {}
    lang = DEFAULT_LANG
    for key, value in values.items():
        name = key.replace("-", "_")
        if value is None:
            continue
        if name == "lang":
            lang = lang_term(value).value  # rejects a malformed language
        if question.param(name) is None:
            if name == "lang":
                continue
            takes = ", ".join(p.called(naming) for p in question.params) or "no parameters"
            written = "--" + key.replace("_", "-") if naming == "cli" else name + "="
            what = "parameter" if naming == "cli" else "keyword argument"
            raise UsageError(f"unknown {what} {written} for the query {question.name} (it takes {takes})")
        given[name] = value
    bound = Bound(given=dict(given), lang=lang)
    for param in question.params:
        value = given.get(param.name, param.default)
        if param.type == "date" and isinstance(value, str) and value.strip().lower() == NOW:
            # "now" as stats and export take it: the graph's reference date, which the queries default to
            bound.given.pop(param.name, None)
            value = None
        if value is None:
            if param.required:
                raise UsageError(f"the query {question.name} needs {param.called(naming)} ({param.summary()})")
            continue
        try:
            bound.terms[param.name] = _term(param, value, resolver, bound, naming)
        except UsageError as error:
            raise UsageError(f"{_where(param, value, naming)}: {error}") from None
    _check_date_range(question, bound, naming)
    return bound


def _check_date_range(question: Question, bound: Bound, naming: Naming) -> None:
    """A range given back to front (``--from 2015 --to 2014``) is refused, not answered with nothing."""
    start, end = question.param("from"), question.param("to")
    if start is None or end is None or start.type != "date" or end.type != "date":
        return
    first, last = bound.terms.get("from"), bound.terms.get("to")
    if first is None or last is None:
        return
    first_period, last_period = exact_period(first.value), exact_period(last.value)
    if first_period is not None and last_period is not None and first_period.first > last_period.last:
        from hkgov_graph.query.explain import written_as_given  # --from 2015, or from='2015'

        raise UsageError(f"{written_as_given(start, first.value, naming)} is after "
                         f"{written_as_given(end, last.value, naming)}: give the earlier date first")


def _where(param: Param, value: object, naming: Naming) -> str:
    """The parameter as the user wrote it, for messages: ``--unit`` or ``unit='駐京辦'``."""
    return param.option if naming == "cli" else f"{param.keyword}{value!r}"


def _term(param: Param, value: object, resolver: Resolver | None, bound: Bound, naming: Naming) -> Term:
    import pyoxigraph as ox

    if param.type == "iri":
        if isinstance(value, ox.NamedNode):
            value = value.value
        if not isinstance(value, str):
            raise UsageError(f"not an IRI or a name: {value!r}")
        if resolver is None:  # no store to look names up in: IRIs and prefixed names only
            from hkgov_graph.query.names import as_iri

            iri = as_iri(value.strip())
            if iri is None:
                raise UsageError(f"{value!r} is not an IRI or a prefixed name (names need a store to look up)")
            try:
                return ox.NamedNode(iri)
            except ValueError as error:
                raise UsageError(f"malformed IRI {value!r}: {error}") from None
        resolution = resolver.resolve(value, param.of_class)
        bound.resolutions[param.name] = resolution
        note = resolution.note()
        if note:
            bound.notes.append(f"{_where(param, value, naming)}: {note}")
        return ox.NamedNode(resolution.iri)
    converters = {"date": date_term, "year": year_term, "integer": integer_term,
                  "string": string_term, "lang": lang_term}
    return converters[param.type](value)


def run_question(store: SparqlStore, question: Question, values: Mapping[str, object] | None = None,
                 resolver: Resolver | None = None, *, naming: Naming = "python",
                 explain: bool = True) -> QueryResult:
    """Bind the values to the query's parameters and run it on the store.

    The answer's value words are in the language asked for (``lang``); an
    empty answer says why (``result.explanation``: what each name resolved
    to, the question's own reason, close names that do have answers, worked
    out when first read), unless ``explain`` is false. ``naming`` is how messages name parameters:
    ``as_of=`` (Python, the default) or ``--as-of`` (the command line).
    """
    from hkgov_graph.query.names import Resolver

    resolver = resolver or Resolver(store)
    bound = bind(question, values or {}, resolver, naming)
    result = QueryResult.from_answer(run_bound(store, question, bound.terms), name=question.name,
                                     bindings=bound.terms, notes=bound.notes, lang=bound.lang,
                                     resolutions=bound.resolutions)
    result.rows = localise(result.rows, bound.lang)
    if explain and not result.rows:
        from hkgov_graph.query.explain import explain_empty

        result.explain_later(lambda: explain_empty(store, question, bound, resolver, naming))
    return result


def run_bound(store: SparqlStore, question: Question, terms: Mapping[str, Term]) -> Rows | bool | list[ox.Triple]:
    """The store's answer to the question with these terms bound (a malformed query names its file)."""
    try:
        return store.run(question.text, dict(terms))
    except UsageError as error:
        raise InputError(str(error), question.path) from None
