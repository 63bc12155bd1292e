"""The query runner: headers, parameter checking and binding, the VALUES rewrite, results and the API."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers_servers import INLINE, NASTY_STRINGS, write_inline_queries
from hkgov_graph import Graph
from hkgov_graph.errors import InputError, UsageError
from hkgov_graph.query.names import Resolver
from hkgov_graph.query.runner import (
    Param,
    QueryResult,
    bind,
    date_term,
    discover,
    find_question,
    integer_term,
    lang_term,
    parse_param,
    python_value,
    question_files,
    read_question,
    run_question,
    year_term,
)
from hkgov_graph.query.stores import EmbeddedStore, insert_values, query_form, sparql_term, where_group_start
from hkgov_graph.resources import queries_dir

XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
OFFICE = "https://w3id.org/hkgov-graph/id/office/"
BUREAU = "https://w3id.org/hkgov-graph/id/bureau/"



@pytest.fixture(scope="session")
def store(nquads: Path) -> EmbeddedStore:
    """The built dump in an embedded store."""
    return EmbeddedStore.from_nquads(nquads)


@pytest.fixture(scope="session")
def resolver(store: EmbeddedStore) -> Resolver:
    return Resolver(store)


@pytest.fixture(scope="session")
def inline_queries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of inline question queries, plus a check and a rule that discovery must skip."""
    return write_inline_queries(tmp_path_factory.mktemp("queries"))


def rows_as_text(rows: list[dict]) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of N-Triples terms, for comparing two runs."""
    return sorted(tuple(str(v) if v is not None else "" for v in row.values()) for row in rows)


# -- Headers --

def test_param_header_with_class() -> None:
    """`iri of org:Organization` restricts the lookup to that class."""
    p = parse_param("unit (iri of org:Organization, required) the unit to start from")
    assert p == Param("unit", "iri", True, None, "the unit to start from", ORG + "Organization")


def test_param_header_with_default() -> None:
    """A default makes a parameter optional; dashes in the name become underscores."""
    p = parse_param("as-of (date, optional; default: today) the date")
    assert (p.name, p.type, p.required, p.default, p.option) == ("as_of", "date", False, "today", "--as-of")


def test_param_header_xsd_spelling_and_prose_class() -> None:
    """The STYLE.md spellings work: `xsd:date`, and `IRI of <prose>` is an unrestricted IRI."""
    assert parse_param("as_of (xsd:date, optional; default: today)").type == "date"
    p = parse_param("unit (IRI of an organisational unit, required)")
    assert (p.type, p.of_class, p.required) == ("iri", None, True)


def test_lang_param_defaults_to_english() -> None:
    """A declared `lang` without a default defaults to en."""
    assert parse_param("lang (lang, optional) label language").default == "en"


@pytest.mark.parametrize("text", ["unit iri required", "unit (colour, required)", "unit (iri of nope:Thing)",
                                  "(iri, required)"])
def test_malformed_param_headers_are_input_errors(text: str) -> None:
    """A header the runner cannot read stops with an error naming the file."""
    with pytest.raises(InputError, match=r"q\.rq"):
        parse_param(text, Path("q.rq"))


def test_examples_are_parsed(inline_queries: Path) -> None:
    """Each `# example:` line gives a dict of parameters, both option spellings read."""
    q = read_question(inline_queries / "units-of.rq")
    assert q.examples() == [{"org": "bjo"}, {"org": "政制及內地事務局", "lang": "zh-Hant"}]


def test_bare_hash_line_ends_the_header(tmp_path: Path) -> None:
    """Notes after a bare `#` are not glued onto the last header value."""
    path = tmp_path / "q.rq"
    path.write_text("# title: T\n# example: hkgov-graph query q --n 1\n#\n# --n 2 notes\nSELECT * {}\n")
    assert read_question(path).file.header["example"] == ["hkgov-graph query q --n 1"]


# -- Discovery --

def test_discovery_skips_checks_and_rules(inline_queries: Path) -> None:
    """Questions are every .rq but *-violation and construct-*, found by glob."""
    assert [q.name for q in discover(inline_queries)] == ["count-units", "echo", "named", "units-of"]


def test_packaged_questions_are_discovered() -> None:
    """The packaged folder's questions are exactly its .rq files that are not checks or rules."""
    names = {p.stem for p in queries_dir().glob("*.rq")
             if not p.stem.endswith("-violation") and not p.stem.startswith("construct-")}
    assert {q.name for q in discover()} == names
    assert all(not p.stem.startswith("construct-") for p in question_files())


def test_unknown_query_suggests_close_names(inline_queries: Path) -> None:
    """A misspelt query name is a usage error naming the close match."""
    with pytest.raises(UsageError, match="did you mean units-of"):
        find_question("unit-of", inline_queries)


def test_check_is_not_a_question(inline_queries: Path) -> None:
    """Quality checks cannot be run as questions."""
    with pytest.raises(UsageError, match="no question query named 'some-violation'"):
        find_question("some-violation", inline_queries)


# -- Values --

@pytest.mark.parametrize(("text", "datatype"), [("2012", "gYear"), ("2012-05", "gYearMonth"),
                                                ("2012-05-01", "date"), ("2012-02-29", "date")])
def test_dates_keep_their_precision(text: str, datatype: str) -> None:
    """A date is typed by the precision it is written with."""
    term = date_term(text)
    assert (term.value, term.datatype.value) == (text, XSD + datatype)


def test_today_is_the_current_date() -> None:
    """`today` is today's xsd:date."""
    assert date_term("today") == ox.Literal(date.today().isoformat(), datatype=ox.NamedNode(XSD + "date"))


@pytest.mark.parametrize("text", ["2015-13-40", "2015-02-30", "2013-02-29", "2012-00", "2012-5", "12-05-2012",
                                  "2012-05-01T00:00", "0000", "20120", "last year", ""])
def test_malformed_or_impossible_dates_are_rejected(text: str) -> None:
    """Only real dates of year, month or day precision pass."""
    with pytest.raises(UsageError):
        date_term(text)


def test_year_integer_and_lang_values() -> None:
    """Years, integers and languages become the documented literals."""
    assert year_term("1999") == ox.Literal("1999", datatype=ox.NamedNode(XSD + "gYear"))
    assert integer_term("+042") == ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))
    assert lang_term("ZH-hant") == ox.Literal("zh-Hant")
    for bad, convert in [("99", year_term), ("1999-01", year_term), ("4.2", integer_term), ("fr", lang_term)]:
        with pytest.raises(UsageError):
            convert(bad)


def test_binding_checks_names_and_fills_defaults(inline_queries: Path, resolver: Resolver) -> None:
    """Defaults fill the gaps, names resolve to IRIs, `as-of` and `as_of` are the same parameter."""
    echo = find_question("echo", inline_queries)
    bound = bind(echo, {"n": 3}, resolver).terms
    assert bound == {"when": date_term("today"), "n": integer_term(3)}
    units = find_question("units-of", inline_queries)
    assert bind(units, {"org": "駐京辦"}, resolver).terms["org"] == ox.NamedNode(OFFICE + "bjo")


def test_unknown_parameter_is_a_usage_error(inline_queries: Path, resolver: Resolver) -> None:
    """A parameter the query does not declare is named in the error, with the ones it takes, as the caller wrote
    them: keyword arguments from Python, options from the command line."""
    units = find_question("units-of", inline_queries)
    with pytest.raises(UsageError, match=r"unknown keyword argument colour= .*\(it takes org=, lang=\)"):
        bind(units, {"org": "bjo", "colour": "red"}, resolver)
    with pytest.raises(UsageError, match=r"unknown parameter --colour .*\(it takes --org, --lang\)"):
        bind(units, {"org": "bjo", "colour": "red"}, resolver, naming="cli")


def test_missing_required_parameter_is_a_usage_error(inline_queries: Path, resolver: Resolver) -> None:
    """A missing parameter is named as the caller writes it (org= in Python, --org on the command line)."""
    units = find_question("units-of", inline_queries)
    with pytest.raises(UsageError, match="needs org="):
        bind(units, {}, resolver)
    with pytest.raises(UsageError, match="needs --org"):
        bind(units, {}, resolver, naming="cli")


def test_python_errors_name_keyword_arguments(inline_queries: Path, resolver: Resolver) -> None:
    """A bad value from Python is reported against its keyword argument and value, never a CLI flag."""
    units = find_question("units-of", inline_queries)
    with pytest.raises(UsageError, match=r"^org='Beijng Ofice': no resource") as error:
        bind(units, {"org": "Beijng Ofice"}, resolver)
    assert "--" not in str(error.value)
    echo = find_question("echo", inline_queries)
    with pytest.raises(UsageError, match=r"^when='2015-13-40': malformed date"):
        bind(echo, {"when": "2015-13-40"}, resolver)


def test_lang_is_dropped_where_not_declared_but_still_checked(inline_queries: Path, resolver: Resolver) -> None:
    """Every query may take `lang`; one that does not is not given it, and a bad language still fails."""
    echo = find_question("echo", inline_queries)
    assert "lang" not in bind(echo, {"lang": "zh-Hans"}, resolver).terms
    with pytest.raises(UsageError, match="label language"):
        bind(echo, {"lang": "klingon"}, resolver)


# -- Binding on the store: substitutions and VALUES give the same rows --

@pytest.mark.parametrize("name", sorted(INLINE))
def test_substitution_and_values_agree_inline(name: str, inline_queries: Path, store: EmbeddedStore,
                                              resolver: Resolver) -> None:
    """Each inline question gives the same rows bound by substitution and by the VALUES block."""
    q = find_question(name, inline_queries)
    for example in q.examples():
        terms = bind(q, example, resolver).terms
        by_substitution = store.select(q.text, terms)
        by_values = store.select(insert_values(q.text, terms))
        assert by_values.variables == by_substitution.variables
        assert rows_as_text(by_values) == rows_as_text(by_substitution)
        assert by_substitution, f"{name} {example} gave no rows: the comparison would prove nothing"


def packaged_examples() -> list[tuple[str, dict[str, str]]]:
    return [(q.name, example) for q in discover() for example in q.examples() or [{}]]


@pytest.mark.parametrize(("name", "example"), packaged_examples())
def test_substitution_and_values_agree_packaged(name: str, example: dict[str, str], store: EmbeddedStore,
                                                resolver: Resolver) -> None:
    """Every packaged question, with each example's parameters, gives the same rows both ways."""
    q = find_question(name)
    terms = bind(q, example, resolver).terms
    assert rows_as_text(store.select(insert_values(q.text, terms))) == rows_as_text(store.select(q.text, terms))


def test_units_of_the_beijing_office(inline_queries: Path, store: EmbeddedStore) -> None:
    """The runner gives the rows the data states: the BJO's liaison units are among its units."""
    result = run_question(store, find_question("units-of", inline_queries), {"org": "office:bjo"})
    units = {row["unit"].value for row in result}
    assert {"https://w3id.org/hkgov-graph/id/liaison-unit/liaoning",
            "https://w3id.org/hkgov-graph/id/liaison-unit/tianjin"} <= units


def test_aggregate_with_unprojected_parameter(inline_queries: Path, store: EmbeddedStore) -> None:
    """A parameter that an aggregate does not project is still bound (through VALUES)."""
    all_units = store.select("SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u <http://www.w3.org/ns/org#unitOf> ?o }")
    result = run_question(store, find_question("count-units", inline_queries), {"org": "CMAB"})
    n = result.to_dicts()[0]["n"]
    assert 0 < n < int(all_units[0]["n"].value)


# -- The VALUES rewrite --

def test_values_go_into_the_top_level_where_group() -> None:
    """Strings, IRIs and comments mentioning WHERE or braces do not fool the rewrite."""
    text = ('PREFIX ex: <http://example.org/where{}>\n'
            '# a comment with WHERE { in it\n'
            'CONSTRUCT { ?s ex:p "WHERE {" } WHERE { ?s ?p ?o { SELECT ?s WHERE { ?s ?q ?r } } }')
    rewritten = insert_values(text, {"o": ox.Literal("x")})
    assert rewritten.index('VALUES (?o) { ("x") }') == text.index("WHERE { ?s ?p ?o") + len("WHERE {") + 1
    assert query_form(rewritten) == "CONSTRUCT"


def test_where_keyword_is_optional() -> None:
    """`SELECT * { ... }` has its group found too."""
    assert where_group_start("SELECT * { ?s ?p ?o }") == len("SELECT * {")
    assert where_group_start("ASK{?s ?p ?o}") == len("ASK{")


def test_updates_are_refused() -> None:
    """Only queries are run: an update is a usage error, not executed."""
    with pytest.raises(UsageError, match="not SPARQL updates"):
        query_form("PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }")



@pytest.mark.parametrize("value", NASTY_STRINGS)
def test_values_block_round_trips_any_string(value: str, store: EmbeddedStore) -> None:
    """Any text comes back from the VALUES block as exactly the literal it was."""
    term = ox.Literal(value)
    rows = store.select(insert_values("SELECT ?x WHERE { }", {"x": term}))
    assert [row["x"] for row in rows] == [term]


def test_values_block_keeps_datatypes_and_languages() -> None:
    """Typed and tagged literals are written with their datatype or tag."""
    assert sparql_term(date_term("2012-05")) == f'"2012-05"^^<{XSD}gYearMonth>'
    assert sparql_term(ox.Literal("駐京辦", language="zh-Hant")) == '"駐京辦"@zh-hant'
    assert sparql_term(ox.NamedNode(OFFICE + "bjo")) == f"<{OFFICE}bjo>"


# -- Injection --

@pytest.mark.parametrize("value", NASTY_STRINGS)
def test_string_parameter_cannot_inject(value: str, inline_queries: Path, store: EmbeddedStore) -> None:
    """A hostile string is bound as one literal: no rows match it and the store is unchanged."""
    before = len(store.store)
    q = find_question("named", inline_queries)
    assert run_question(store, q, {"name": value}).rows == []
    terms = bind(q, {"name": value}, None).terms
    assert store.select(insert_values(q.text, terms)) == []
    assert len(store.store) == before


def test_string_parameter_matches_exactly(inline_queries: Path, store: EmbeddedStore) -> None:
    """The same query finds the resource when the text is a real label (so the test above can fail)."""
    rows = run_question(store, find_question("named", inline_queries), {"name": "GDETO"}).to_dicts()
    assert rows == [{"x": OFFICE + "gdeto", "name": "GDETO"}]


@pytest.mark.parametrize("value", ["http://example.org/a> } ; DROP ALL ; <x:", "office:bjo> } DROP",
                                   'bjo" } ; DROP ALL', "bjo\n} DROP ALL"])
def test_iri_parameter_cannot_inject(value: str, inline_queries: Path, store: EmbeddedStore) -> None:
    """A hostile IRI or name is refused before any query runs."""
    before = len(store.store)
    with pytest.raises(UsageError):
        run_question(store, find_question("units-of", inline_queries), {"org": value})
    assert len(store.store) == before


# -- Results --

def test_to_dicts_gives_plain_values(inline_queries: Path, store: EmbeddedStore) -> None:
    """Literals become Python values; dates keep their text; unbound stays None."""
    result = run_question(store, find_question("echo", inline_queries), {"when": "2012-05", "text": "hi"})
    assert result.to_dicts() == [{"text": "hi", "when": "2012-05", "n": 7}]
    assert python_value(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))) is True
    assert python_value(ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal"))) == pytest.approx(1.5)
    assert python_value(None) is None


def test_sparql_json_and_csv(inline_queries: Path, store: EmbeddedStore) -> None:
    """The W3C JSON results and CSV carry the same rows."""
    import json

    result = run_question(store, find_question("echo", inline_queries), {"when": "2012", "text": 'a,"b"'})
    data = json.loads(result.to_sparql_json())
    assert data["head"]["vars"] == ["text", "when", "n"]
    assert data["results"]["bindings"][0]["when"] == {"type": "literal", "value": "2012",
                                                      "datatype": XSD + "gYear"}
    assert result.to_csv() == 'text,when,n\n"a,""b""",2012,7\n'


def test_to_dataframe_without_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_dataframe() fails with an error that says how to get it."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        QueryResult(["x"], [{"x": ox.Literal("1")}]).to_dataframe()


def test_to_dataframe_with_pandas() -> None:
    """With pandas, the frame has the query's columns and plain values."""
    pd = pytest.importorskip("pandas")
    frame = QueryResult(["x", "y"], [{"x": ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")), "y": None}])
    assert isinstance(frame.to_dataframe(), pd.DataFrame)
    assert list(frame.to_dataframe().columns) == ["x", "y"]


# -- The Python API --

def test_graph_api_runs_questions(nquads: Path, inline_queries: Path) -> None:
    """Graph.load().query(name, **params) runs a question; .queries() lists them."""
    graph = Graph.load(nquads, queries_folder=inline_queries)
    assert "units-of" in [q.name for q in graph.queries()]
    result = graph.query("units-of", org="駐京辦", lang="zh-Hant")
    assert result.notes and "office:bjo" in result.notes[0]
    labels = {row["label"] for row in result.to_dicts()}
    assert {"駐遼寧聯絡處", "入境事務組"} <= labels
    assert graph.sparql("ASK { ?s ?p ?o }").to_dicts() == [{"answer": True}]
    assert graph.resolve("CMAB").iri == BUREAU + "cmab"


def test_graph_load_builds_in_memory_without_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no build/ folder, the sources are loaded and the standard terms materialised in memory."""
    monkeypatch.chdir(tmp_path)
    graph = Graph.load()
    assert isinstance(graph.store, EmbeddedStore)
    assert graph.sparql("ASK { GRAPH <https://w3id.org/hkgov-graph/graph/inferred> { ?s ?p ?o } }")[0]["answer"] \
        .value == "true"
    assert not (tmp_path / "build").exists()


def test_missing_dump_is_an_input_error(tmp_path: Path) -> None:
    """A --nquads path that does not exist is a usage-level error naming it."""
    with pytest.raises(InputError, match="no such N-Quads file"):
        Graph.load(tmp_path / "nope.nq")


def test_lazy_export_keeps_import_cheap() -> None:
    """`import hkgov_graph` does not load the query layer or pyoxigraph."""
    import subprocess

    code = "import sys, hkgov_graph; print('hkgov_graph.api' in sys.modules, 'pyoxigraph' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_binding_without_a_store_takes_iris_and_prefixed_names(inline_queries: Path) -> None:
    """With no store to look names up in, prefixed names still expand and bare names are refused."""
    q = find_question("units-of", inline_queries)
    assert bind(q, {"org": "office:bjo"}, None).terms["org"] == ox.NamedNode(OFFICE + "bjo")
    assert bind(q, {"org": f"<{OFFICE}bjo>"}, None).terms["org"] == ox.NamedNode(OFFICE + "bjo")
    with pytest.raises(UsageError, match="not an IRI or a prefixed name"):
        bind(q, {"org": "bjo"}, None)
